"""Titles of practice records (ingest.extraction.phrases, s4_titles): names, never sentences cut short."""
from __future__ import annotations

from ingest.blocks import HEADING, PARAGRAPH, Block
from ingest.extraction import extract_practices
from ingest.readers import read_bytes
from ingest.extraction.phrases import file_title, is_generic_title, item_title, name_in, noun_phrase, short_title


def test_name_in_takes_a_programme_that_is_subject_or_object():
    assert name_in("Ο Δήμος Πατρέων υλοποιεί από το 2021 το πρόγραμμα «Γειτονιές Αλληλεγγύης», που φέρνει ...") == \
        "Πρόγραμμα «Γειτονιές Αλληλεγγύης»"
    assert name_in("Ο Δήμος λειτουργεί Κοινωνικό Παντοπωλείο για 300 οικογένειες.") == "Κοινωνικό Παντοπωλείο"


def test_name_in_ignores_a_structure_named_in_passing():
    assert name_in("Τα τμήματα λειτουργούν τρία πρωινά την εβδομάδα στο Κέντρο Ένταξης Μεταναστών.") == ""
    assert name_in("Volunteers help children three afternoons a week in the Migrant Integration Centre.") == ""
    assert name_in("Η ψυχολόγος του Κέντρου Κοινότητας παρέχει ατομικές συνεδρίες.") == ""


def test_noun_phrase_is_what_the_actor_runs():
    assert noun_phrase("Ο Δήμος Κοζάνης λειτουργεί από το 2020 κοινωνική κουζίνα που μοιράζει γεύματα.") == "Κοινωνική κουζίνα"
    assert noun_phrase("The City of Athens employs health mediators who accompany Roma families.") == "Health mediators"
    assert noun_phrase("Επιπλέον, έχει συγκροτηθεί ομάδα εθελοντών διερμηνέων που συνοδεύει πρόσφυγες.") == \
        "Ομάδα εθελοντών διερμηνέων"
    assert noun_phrase("Ιδιαίτερη έμφαση δίνεται στην εκπαίδευση των παιδιών.") == "Εκπαίδευση των παιδιών"
    assert noun_phrase("Thessaloniki will present its pool of municipal cultural mediators, shared since 2021.") == \
        "Pool of municipal cultural mediators"
    assert noun_phrase("You are invited to the meeting.") == ""


def test_short_title_cuts_at_a_boundary_without_an_ellipsis():
    title = short_title("Επίσκεψη μελέτης στελεχών των δήμων-μελών στη Λάρισα, με στόχο τη γνωριμία με τους διαμεσολαβητές "
                        "υγείας και το Δημοτικό Ιατρείο.")
    assert title == "Επίσκεψη μελέτης στελεχών των δήμων-μελών στη Λάρισα"
    assert "…" not in short_title(" ".join(["λέξη"] * 30))


def test_item_title_prefers_the_name_or_label_it_opens_with():
    assert item_title("Κοινωνικό Φαρμακείο, με δωρεές φαρμάκων") == "Κοινωνικό Φαρμακείο"
    assert item_title("Legal desk: a lawyer advises on residence permits every Tuesday") == "Legal desk"


def test_file_and_generic_titles():
    assert file_title("patras/bike_lessons_for_women.txt") == "Bike lessons for women"
    assert file_title("heraklion/job_club_note.txt") == "Job club"
    assert file_title("larissa/Νέο Έγγραφο του Microsoft Word.docx") == ""
    assert file_title("ioannina/scan_2019-03-14_0001.pdf") == ""
    assert is_generic_title("Newsletter") and is_generic_title("Εισήγηση") and is_generic_title("Practice to showcase")
    assert not is_generic_title("Κοινός Κήπος")


def test_bold_first_line_is_the_title_of_a_document_without_headings():
    blocks = [
        Block(PARAGRAPH, "Κοινωνικό Φροντιστήριο", style={"bold": True}),
        Block(PARAGRAPH, "Ο Δήμος Χαλανδρίου λειτουργεί από το 2015 δωρεάν φροντιστήριο για μαθητές από οικογένειες με "
                         "χαμηλό εισόδημα και παιδιά προσφύγων."),
        Block(PARAGRAPH, "Εθελοντές εκπαιδευτικοί διδάσκουν μαθηματικά και ελληνικά σε μικρά τμήματα. Φέτος φοιτούν 120 μαθητές."),
    ]
    [p] = extract_practices(blocks, source="chalandri/frontistirio.docx")
    assert p.title == "Κοινωνικό Φροντιστήριο"
    assert p.text.startswith("Κοινωνικό Φροντιστήριο") and "120 μαθητές" in p.text


def test_generic_section_heading_is_titled_from_its_text():
    md = (
        "# Seminar planning note\n\n"
        "## Background\n\nThe members agreed to hold a seminar on cultural mediation for municipal staff.\n\n"
        "## Practice to showcase\n\n"
        "Thessaloniki will present its pool of municipal cultural mediators, shared since 2021 between the social "
        "services and the schools: 8 mediators, 11 languages.\n"
    )
    result = read_bytes(md.encode(), "athens/seminar.md")
    practices = extract_practices(result.blocks, source="athens/seminar.md", meta=result.meta)
    showcase = [p for p in practices if "mediators" in p.title]
    assert len(showcase) == 1
    assert showcase[0].title == "Pool of municipal cultural mediators"
    assert showcase[0].text.startswith("Practice to showcase")
    assert showcase[0].municipality == "Thessaloniki"


def test_two_headed_documents_keep_their_headings_in_the_text():
    blocks = [
        Block(HEADING, "Annual report 2023", level=1),
        Block(HEADING, "Legal advice", level=2),
        Block(PARAGRAPH, "A lawyer of the municipality gave 120 consultations to refugees on residence permits."),
        Block(HEADING, "Job counselling", level=2),
        Block(PARAGRAPH, "A counsellor of the municipality helped 44 migrants write a CV; 19 found work."),
    ]
    practices = extract_practices(blocks, source="trikala/report.docx")
    assert [p.title for p in practices] == ["Legal advice", "Job counselling"]
    assert all(p.text.startswith(p.title) for p in practices)
