"""Tests for the gazetteer of Greek municipalities (kb.municipalities)."""
from __future__ import annotations

import pytest

from kb.municipalities import all_municipalities, canonical_municipality, find_municipalities, municipality_mentions


@pytest.mark.parametrize("form, name", [
    ("Δήμος Αθηναίων", "Athens"), ("Δήμου Αθηναίων", "Athens"), ("Αθήνα", "Athens"), ("Αθηνών", "Athens"),
    ("Θεσσαλονίκη", "Thessaloniki"), ("Δήμου Θεσσαλονίκης", "Thessaloniki"), ("ΔΗΜΟΣ ΚΑΛΛΙΘΕΑΣ", "Kallithea"),
    ("Καλλιθέας", "Kallithea"), ("Ιωάννινα", "Ioannina"), ("Δήμος Ιωαννιτών", "Ioannina"), ("Λάρισα", "Larissa"),
    ("Λαρισαίων", "Larissa"), ("Τρίπολη", "Tripoli"), ("Τρίπολης", "Tripoli"), ("Ηρακλείου", "Heraklion"),
    ("Πατρέων", "Patras"), ("Πειραιά", "Piraeus"), ("Δήμος Νέας Φιλαδέλφειας - Νέας Χαλκηδόνας", "Nea Filadelfeia-Nea Chalkidona"),
    ("Δήμος Νεάπολης-Συκεών", "Neapoli-Sykies"), ("Δήμου Αμπελοκήπων – Μενεμένης", "Ampelokipoi-Menemeni"),
    ("Δήμος Παύλου Μελά", "Pavlos Melas"), ("Λεβαδέων", "Livadeia"), ("Τρικκαίων", "Trikala"), ("Μυτιλήνης", "Lesvos"),
    ("Κέρκυρας", "Corfu"), ("Αιγάλεω", "Egaleo"), ("Αμαρουσίου", "Marousi"), ("Δήμος Φυλής", "Fyli"),
])
def test_greek_forms(form, name):
    assert canonical_municipality(form) == name


@pytest.mark.parametrize("form, name", [
    ("City of Athens", "Athens"), ("Municipality of Larissa", "Larissa"), ("Larisa", "Larissa"), ("Ioannina", "Ioannina"),
    ("athens", "Athens"), ("thessaloniki", "Thessaloniki"), ("nea-filadelfeia", "Nea Filadelfeia-Nea Chalkidona"),
    ("neapoli_sykies", "Neapoli-Sykies"), ("Heraklion", "Heraklion"), ("Iraklio", "Heraklion"), ("Chania", "Chania"),
    ("Larissa Municipality", "Larissa"), ("Kalamaria", "Kalamaria"), ("Alexandroupolis", "Alexandroupoli"),
])
def test_english_transliterations_and_folder_names(form, name):
    assert canonical_municipality(form) == name


def test_unknown_and_empty():
    assert canonical_municipality("") is None
    assert canonical_municipality("Springfield") is None
    assert canonical_municipality("Διεύθυνση Κοινωνικής Πολιτικής") is None


def test_gazetteer_size_and_unique_names():
    names = [m.name for m in all_municipalities()]
    assert len(names) >= 80 and len(set(names)) == len(names)


def test_find_in_running_text_with_offsets():
    text = "Η εκπρόσωπος του Δήμου Λαρισαίων παρουσίασε, ενώ η Θεσσαλονίκη και η City of Athens συμφώνησαν."
    found = find_municipalities(text)
    assert [name for name, _, _ in found] == ["Larissa", "Thessaloniki", "Athens"]
    name, start, end = found[0]
    assert text[start:end] == "Λαρισαίων"


def test_names_that_are_ordinary_words_need_a_municipality_word():
    assert find_municipalities("η φυλή και το δέλτα του ποταμού") == []
    assert [n for n, _, _ in find_municipalities("ο Δήμος Φυλής και ο Δήμος Δέλτα")] == ["Fyli", "Delta"]


def test_unknown_dimos_keeps_the_name_as_written():
    mentions = municipality_mentions("Ο Δήμος Μονεμβασιάς και ο Δήμος Νέας Ιωνίας συνεργάζονται με τον Δήμο Βόλου.")
    assert [n for n, _, _ in mentions] == ["Μονεμβασιάς", "Νέας Ιωνίας", "Volos"]
