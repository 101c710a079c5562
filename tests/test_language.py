"""The language guess (kb.language, issue 9): el and en as before, 'other' for languages Praxis does not support."""
from __future__ import annotations

import pytest

from kb.model import text_language
from ingest.readers import read_bytes

OTHER_TEXTS = {
    "de": "Die Stadt bietet seit 2021 kostenlose Deutschkurse für Geflüchtete an, und die Kurse finden im Rathaus "
          "statt. Wir arbeiten mit den Schulen zusammen, damit auch die Eltern an den Kursen teilnehmen können.",
    "fr": "La ville propose des cours de langue pour les réfugiés et les migrants. Les cours ont lieu dans une "
          "salle de la mairie, avec le soutien des associations du quartier.",
    "it": "Il comune offre corsi di lingua italiana per i rifugiati e per le famiglie che sono arrivate nella "
          "città, con il sostegno delle associazioni del quartiere.",
    "es": "El ayuntamiento ofrece clases de español para las personas refugiadas y migrantes, con el apoyo de "
          "las asociaciones del barrio y de los servicios sociales.",
    "pt": "A câmara municipal oferece aulas de português para os refugiados e as famílias migrantes, com o apoio "
          "das associações do bairro e dos serviços sociais.",
    "nl": "De gemeente biedt taallessen aan voor vluchtelingen en nieuwkomers. De lessen zijn gratis en worden "
          "gegeven in het buurthuis, met de steun van vrijwilligers uit de wijk.",
    "tr": "Belediye, mülteciler ve göçmenler için ücretsiz dil kursları düzenliyor ve bu kurslar bir toplum "
          "merkezinde, gönüllüler ile birlikte yapılıyor.",
    "sq": "Bashkia ofron kurse falas të gjuhës për refugjatët dhe emigrantët, në një qendër komunitare, me "
          "mbështetjen e vullnetarëve nga lagjja.",
    "ar": "تقدم البلدية دروسا مجانية في اللغة اليونانية للاجئين والمهاجرين في مركز المجتمع",
    "ru": "Муниципалитет предлагает бесплатные курсы греческого языка для беженцев и мигрантов.",
}


@pytest.mark.parametrize("lang", sorted(OTHER_TEXTS))
def test_unsupported_languages_are_other(lang):
    assert text_language(OTHER_TEXTS[lang]) == "other"


@pytest.mark.parametrize("text, lang", [
    ("Το Κέντρο Ένταξης Μεταναστών παρέχει δωρεάν μαθήματα ελληνικής γλώσσας.", "el"),
    ("Το πρόγραμμα ESTIA και το HELIOS στο Δήμο", "el"),
    ("The Migrant Integration Centre offers free Greek lessons to refugees and migrants.", "en"),
    ("mentoring unaccompanied minors", "en"),  # a short query without function words
    ("Indicator | Value\nStaff trained | 86\nRooms registered | 63", "en"),  # an English table
    ("The Maison de la Solidarité in Lyon hosted our study visit in 2023, and the team met its staff.", "en"),
    ("Case study: Kos", "en"),
    ("12 / 2023 — 45%", ""),
])
def test_greek_and_english_unchanged(text, lang):
    assert text_language(text) == lang


def test_a_german_page_is_not_labelled_english():
    html = f"<html lang='de'><body><h1>Sprachkurse</h1><p>{OTHER_TEXTS['de']}</p></body></html>"
    result = read_bytes(html.encode("utf-8"), "kurse.html")
    assert text_language(result.text) == "other"
