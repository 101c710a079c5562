"""Controlled vocabularies shared by extraction, the web app and the linker.

Labels are English and lower case. Each label has bilingual keyword patterns,
written as regular expressions over *folded* text (kb.fold: no accents, lower
case, final sigma as σ). Patterns are anchored at a word start; write a stem
("προσφυγ") to match every inflection.
"""
from __future__ import annotations

import hashlib
import json
import re
from functools import lru_cache
from pathlib import Path

from kb.fold import fold

TARGET_GROUPS: dict[str, tuple[str, ...]] = {
    "refugees": (r"προσφυγ", r"refugee", r"δικαιουχ\w* διεθνουσ προστασιασ", r"beneficiar\w* of international protection"),
    "asylum seekers": (r"αιτουντ\w* (?:διεθνη προστασια|ασυλο)", r"αιτησ\w* ασυλου", r"asylum[- ]seeker", r"applicants? for (?:international protection|asylum)"),
    "recognised refugees": (r"αναγνωρισμεν\w* προσφυγ", r"δικαιουχ\w* διεθνουσ προστασιασ", r"recogni[sz]ed refugee",
                            r"beneficiar\w* of international protection", r"θετικη αποφαση ασυλου"),
    "migrants": (r"μεταναστ(?!ευσ)", r"μετανα?στρι", r"(?<!\w)migrant", r"immigrant"),
    "third-country nationals": (r"πολιτ\w* τριτων χωρων", r"third[- ]country national", r"tcns?\b"),
    "unaccompanied minors": (r"ασυνοδευτ", r"unaccompanied"),
    "women": (r"γυναικ", r"μετανα?στριε", r"μητερ(?:εσ|ων)", r"women", r"woman", r"mothers", r"girls"),
    "children": (r"παιδι", r"ανηλικ", r"προσφυγοπουλ", r"children", r"child\b", r"kids", r"minors"),
    "youth": (r"νεολαι", r"εφηβ", r"νεαρ", r"νε(?:οι|ων|ουσ) (?:προσφυγ|μεταναστ|αναζητουντ|ηλικιασ|εωσ)", r"youth", r"young (?:people|refugees|migrants|adults)", r"adolescent", r"teenager"),
    "students": (r"φοιτητ", r"σπουδαστ", r"μαθητ", r"students?\b", r"pupils?"),
    "families": (r"οικογενει", r"νοικοκυρι", r"μονογονεικ", r"famil(?:y|ies)", r"household", r"single[- ]parent"),
    "roma": (r"ρομα\b", r"ρομ\b", r"τσιγγαν", r"roma\b"),
    "vulnerable residents": (r"ευαλωτ", r"αστεγ", r"απορ(?:οι|ουσ|ων)", r"χαμηλ\w* εισοδημ", r"vulnerable", r"homeless", r"low[- ]income"),
    "all residents": (r"ντοπι", r"(?:ολουσ|ολοι) τουσ κατοικουσ", r"κατοικ\w* τησ πολησ", r"γενικο κοινο", r"τοπικ\w* κοινωνι",
                      r"local (?:residents|households|community|people)", r"locals\b", r"long[- ]term residents", r"general public", r"neighbou?rs"),
}

# A label that implies another one.
TARGET_IMPLIES = {
    "recognised refugees": ("refugees",),
    "third-country nationals": ("migrants",),
    "unaccompanied minors": ("children",),
}

SERVICES: dict[str, tuple[str, ...]] = {
    "language": (r"ελληνομαθ", r"ελληνικ\w* γλωσσ", r"μαθηματα ελληνικ", r"τμηματα (?:εκμαθησησ |ελληνικ)", r"εκμαθηση τησ ελληνικ",
                 r"γλωσσομαθ", r"greek (?:language |and english )?(?:lessons|classes|courses)", r"language (?:lessons|classes|courses|learning|skills)",
                 r"learn(?:ing)? greek", r"english classes"),
    "education": (r"σχολ(?:ει|ικ)", r"εκπαιδευσ(?!η (?:στελεχ|προσωπικ|υπαλληλ))", r"φοιτησ", r"παιδικ\w* σταθμ", r"ενισχυτικ\w* διδασκαλ",
                  r"school", r"education", r"homework", r"kindergarten", r"enrol"),
    "employment": (r"(?<!δημιουργικησ )απασχολησ", r"αγορα εργασιασ", r"αναζητηση εργασιασ", r"αναζητουντ\w* εργασια", r"εργοδοτ", r"βιογραφικ",
                   r"επαγγελματικ\w* προσανατολ", r"σταδιοδρομ", r"δυπα", r"οαεδ", r"εργασιακ", r"εργαστηρι\w* αναζητησησ εργασιασ",
                   r"employ", r"job", r"labou?r market", r"career", r"\bcv\b", r"work placement", r"livelihood"),
    "housing": (r"στεγ", r"διαμερισμα", r"θεσεισ φιλοξενιασ", r"φιλοξενι\w* (?:προσφυγ|σε διαμερ)", r"ενοικι", r"μισθω", r"κατοικι", r"εστια\b", r"estia",
                r"housing", r"accommodation", r"apartment", r"\brent", r"tenant", r"landlord"),
    "health": (r"υγει", r"ιατρει", r"ιατρικ", r"νοσοκομει", r"εμβολιασ", r"φαρμακει", r"ασθεν", r"health", r"medical", r"clinic", r"hospital",
               r"vaccin", r"pharmac", r"patient"),
    "legal aid": (r"νομικ", r"δικηγορ", r"αδει\w* διαμονησ", r"ιθαγενει", r"οικογενειακ\w* επανενωσ", r"legal", r"lawyer", r"residence permit",
                  r"asylum procedure", r"citizenship application", r"paperwork"),
    "social support": (r"κοινωνικ\w* (?:υποστηριξ|στηριξ|λειτουργ|υπηρεσι|εργασι|ενταξ|φροντιδ|δομ)", r"προνοιακ", r"επιδομ", r"ιματιοθηκ",
                       r"social (?:support|work|services|inclusion)", r"caseworker", r"case worker", r"welfare", r"social benefit"),
    "psychosocial support": (r"ψυχοκοινωνικ", r"ψυχολογ", r"ψυχικ\w* υγει", r"psychosocial", r"psycholog", r"mental health", r"counsell?ing"),
    "mediation": (r"διαμεσολαβ", r"διερμην", r"μεταφρασ", r"interpret", r"mediat", r"translat"),
    "participation": (r"συμβουλι\w* ενταξησ", r"συμβουλι\w* μεταναστ", r"συμμετοχ\w* (?:των )?μεταναστ", r"συμμετοχ\w* στα κοινα", r"ενεργ\w* πολιτ",
                      r"εκπροσωπ\w* (?:των )?(?:κοινοτητ|μεταναστ)", r"εθελοντ", r"φορουμ μεταναστ", r"participat", r"active citizenship",
                      r"advisory (?:body|council)", r"integration council", r"volunteer", r"time bank", r"neighbourhood projects"),
    "culture": (r"πολιτισμ(?!ικ\w* διαμεσολαβ)", r"φεστιβαλ", r"μουσικ", r"χορ(?:ουσ|οι|ευτ)", r"θεατρ", r"γιορτ", r"culture", r"cultural",
                r"festival", r"music", r"theatre", r"celebration"),
    "awareness": (r"ευαισθητοποι", r"εκστρατει\w* ενημερωσ", r"ενημερωτικ\w* (?:εκστρατει|υλικ|οδηγ)", r"παγκοσμια ημερα", r"awareness",
                  r"information campaign", r"campaign", r"world refugee day"),
    "training": (r"επιμορφ", r"καταρτισ", r"εκπαιδευση (?:στελεχ|προσωπικ|υπαλληλ)", r"σεμιναρι", r"webinar", r"training", r"workshop",
                 r"capacity[- ]building", r"seminar", r"skills"),
    "coordination": (r"συντονισ", r"διασυνδεσ", r"δικτυωσ", r"παραπομπ", r"coordinat", r"referral", r"networking", r"one[- ]stop"),
    "food aid": (r"παντοπωλει", r"συσσιτι", r"τροφιμ", r"food", r"grocery", r"meals"),
    "information": (r"ενημερωσ", r"πληροφορησ", r"καθοδηγησ", r"information point", r"info(?:rmation)? desk", r"guidance", r"information on"),
    "sport": (r"αθλητ", r"ποδοσφαιρ", r"καλαθοσφαιρ", r"sport", r"football"),
}

# Organisations that often partner with municipalities: canonical short name -> patterns (folded).
PARTNERS: dict[str, tuple[str, ...]] = {
    "UNHCR": (r"υπατ\w* αρμοστει", r"unhcr", r"un refugee agency"),
    "IOM": (r"διεθν\w* οργανισμ\w* μεταναστευσ", r"δομ\b", r"iom\b", r"international organi[sz]ation for migration"),
    "UNICEF": (r"unicef",),
    "Ministry of Migration and Asylum": (r"υπουργει\w* μεταναστευσησ", r"ministry of migration"),
    "DYPA (Public Employment Service)": (r"δυπα\b", r"οαεδ\b", r"public employment service", r"\bdypa\b", r"\boaed\b"),
    "EODY": (r"εοδυ\b", r"national public health organi[sz]ation"),
    "Greek Ombudsman": (r"συνηγορ\w* του πολιτη", r"ombudsman"),
    "Red Cross": (r"ερυθρ\w* σταυρ", r"red cross"),
    "Doctors of the World": (r"γιατροι του κοσμου", r"doctors of the world", r"medecins du monde"),
    "MSF": (r"γιατροι χωρισ συνορα", r"doctors without borders", r"medecins sans frontieres", r"\bmsf\b"),
    "Greek Council for Refugees": (r"ελληνικ\w* συμβουλι\w* για τουσ προσφυγεσ", r"greek council for refugees"),
    "METAdrasi": (r"μεταδρασ", r"metadrasi"),
    "ARSIS": (r"αρσισ\b", r"\barsis\b"),
    "PRAKSIS": (r"πραξισ\b", r"praksis"),
    "SolidarityNow": (r"solidarity ?now",),
    "Caritas": (r"caritas", r"καριτασ"),
    "ActionAid": (r"actionaid", r"action aid"),
    "International Rescue Committee": (r"international rescue committee", r"\birc\b"),
    "ACCMR": (r"accmr", r"συντονιστικ\w* κεντρ\w* για θεματα μεταναστ"),
    "Health Centre": (r"κεντρ\w* υγειασ",),
}

# Cue words for a practice's state as the document describes it (folded regexes).
STATUS_CUES: dict[str, tuple[str, ...]] = {
    # future tense and plans
    "planned": (r"θα\s+\w+", r"προκειται να", r"σχεδιαζ\w*", r"προγραμματιζ\w*", r"προβλεπεται", r"προτεινεται", r"προτεινουμε",
                r"επομεν\w* (?:σχεδι|βημα)", r"μελλοντικ\w*", r"σκοπευ\w*", r"will\b", r"shall\b", r"(?:is|are) planned",
                r"plans? to", r"intends? to", r"(?:is|are) expected to", r"is to be", r"upcoming", r"next year", r"foreseen"),
    # an explicit end
    "ended": (r"ολοκληρωθηκε", r"εληξε", r"τερματιστηκε", r"διακοπηκε", r"σταματησε να", r"(?:was|were|has been|have been) (?:completed|ended|discontinued)",
              r"ended in \d{4}", r"came to an end", r"closed down", r"no longer (?:runs|operates|exists)"),
    # present-tense running services
    "running": (r"λειτουργ(?:ει|ουν)", r"παρεχ(?:ει|ουν|εται|ονται)", r"υλοποι(?:ει|ουν|ειται)", r"διαθετ(?:ει|ουν|ουμε)",
                r"εξυπηρετ(?:ει|ουν)", r"απευθυνεται", r"συνεχιζ\w*", r"υποστηριζ(?:ει|ουν)", r"οργανων(?:ει|ουν)",
                r"προσφερ(?:ει|ουν|εται|ονται)", r"φιλοξεν(?:ει|ουν|ουνται)", r"συνοδευ(?:ει|ουν)", r"ενημερων(?:ει|ουν)",
                r"εχει (?:ηδη )?δημιουργ\w*", r"runs?\b", r"provides?", r"operates?", r"offers?", r"maintains?", r"supports?",
                r"continues", r"is implementing", r"ongoing", r"serves", r"works with", r"is run\b", r"are run\b", r"has been running"),
    # recurring activities and a stated start: still running
    "recurring": (r"καθε (?:εβδομαδα|μηνα|χρονο|ετοσ|καλοκαιρι|ιουλιο)", r"εβδομαδιαι\w*", r"για \w+ (?:συνεχομενη )?χρονια",
                  r"απο το \d{4}", r"απο τον \w+ του \d{4}", r"since \d{4}", r"since (?:summer|spring|autumn|winter|january|february|march|"
                  r"april|may|june|july|august|september|october|november|december)", r"every (?:week|month|year|summer|july)",
                  r"weekly", r"annual(?:ly)?", r"each year", r"twice a (?:year|week|month)", r"for the \w+ (?:consecutive )?year"),
}
# One-off events: told in the past tense they are over.
EVENT_NOUNS = (r"ημεριδ", r"συνεδρι(?:ο|ου)", r"εκδηλωσ", r"εκστρατει", r"επισκεψ", r"σεμιναρι", r"γιορτ", r"φεστιβαλ", r"ενημερωτικη ημερα",
               r"conference", r"event", r"campaign", r"visit", r"seminar", r"workshop", r"webinar", r"festival", r"celebration", r"information day")
PAST_VERBS = (r"πραγματοποιηθηκ\w*", r"πραγματοποιησ\w*", r"διοργανωσ\w*", r"διοργανωθηκ\w*", r"οργανωσ\w*", r"οργανωθηκ\w*",
              r"φιλοξενησ\w*", r"γιορτασ\w*", r"συμμετειχ\w*", r"εγινε", r"hosted", r"was held", r"were held", r"took place", r"organi[sz]ed",
              r"celebrated", r"attended")


@lru_cache(maxsize=None)
def _compiled(patterns: tuple[str, ...]) -> re.Pattern:
    return re.compile(r"(?<!\w)(?:" + "|".join(patterns) + r")")


def _labels(text: str, vocab: dict[str, tuple[str, ...]], *, folded: bool = False) -> list[str]:
    f = text if folded else fold(text)
    return [label for label, patterns in vocab.items() if _compiled(patterns).search(f)]


def target_groups(text: str, *, folded: bool = False) -> list[str]:
    """Target-group labels whose keywords occur in `text`, in vocabulary order."""
    found = _labels(text, TARGET_GROUPS, folded=folded)
    for label in list(found):
        for implied in TARGET_IMPLIES.get(label, ()):
            if implied not in found:
                found.append(implied)
    order = list(TARGET_GROUPS)
    return sorted(found, key=order.index)


def services(text: str, *, folded: bool = False) -> list[str]:
    """Service/theme labels whose keywords occur in `text`, in vocabulary order."""
    return _labels(text, SERVICES, folded=folded)


def known_partners(text: str, *, folded: bool = False) -> list[str]:
    """Canonical names of the known partner organisations named in `text`."""
    return _labels(text, PARTNERS, folded=folded)


def count_cues(text: str, cues: tuple[str, ...], *, folded: bool = False) -> int:
    f = text if folded else fold(text)
    return len(_compiled(cues).findall(f))


TARGET_GROUP_LABELS = tuple(TARGET_GROUPS)
SERVICE_LABELS = tuple(SERVICES)


# -- bilingual concepts ------------------------------------------------------------------------
# A practice's keyword index holds, besides its words, one token per concept it mentions (its target
# groups, themes, known partners and the programmes and domain terms of kb/glossary.json), whichever
# language it mentions them in; a query's concepts are found the same way and searched as those
# tokens. So "Migrant Integration Council" finds "Συμβούλιο Ένταξης Μεταναστών" by keyword.

GLOSSARY_FILE = Path(__file__).with_name("glossary.json")
CONCEPT_PREFIX = "zq"  # concept tokens are zq<key>: no Greek or English word starts so
_DOTTED = re.compile(r"(?<!\w)((?:\w\.\s?){2,})")


def _form_regex(form: str) -> str:
    """A glossary form ("κεντρ* ενταξησ") as a regex over folded text: words whole, * any ending."""
    return r"\s+".join(w[:-1] + r"\w*" if w.endswith("*") else w for w in form.split())


def _token(kind: str, key: str) -> str:
    return CONCEPT_PREFIX + kind + re.sub(r"\W", "", key.lower().replace("-", ""))


@lru_cache(maxsize=1)
def concepts() -> dict[str, re.Pattern]:
    """Concept token -> its compiled patterns: the glossary's programmes (zqn...) and terms (zqg...),
    then the vocabulary's target groups (zqt...), themes (zqs...) and partners (zqp...)."""
    glossary = json.loads(GLOSSARY_FILE.read_text("utf-8"))
    out: dict[str, re.Pattern] = {}
    for kind, section in (("n", "programmes"), ("g", "terms")):
        for key, langs in glossary[section].items():
            forms = [_form_regex(f) for lang in ("el", "en") for f in langs.get(lang, ())]
            out[_token(kind, key)] = re.compile(r"(?<!\w)(?:" + "|".join(forms) + r")(?!\w)")
    for kind, vocab in (("t", TARGET_GROUPS), ("s", SERVICES), ("p", PARTNERS)):
        for label, patterns in vocab.items():
            out[_token(kind, label)] = _compiled(patterns)
    return out


@lru_cache(maxsize=1)
def concepts_signature() -> str:
    """Changes whenever the concepts change, so that stores re-index their concept tokens."""
    source = GLOSSARY_FILE.read_text("utf-8") + repr((TARGET_GROUPS, SERVICES, PARTNERS))
    return hashlib.sha1(source.encode("utf-8")).hexdigest()[:16]


def concept_text(text: str) -> str:
    """The folded text concepts are matched in: dotted acronyms (Κ.Ε.Μ.) joined into words (κεμ)."""
    return _DOTTED.sub(lambda m: re.sub(r"[.\s]", "", m.group(1)) + " ", fold(text))


def concept_spans(text: str) -> list[tuple[str, int, int]]:
    """(concept token, start, end) of each concept mention in concept_text(text)."""
    folded = concept_text(text)
    return [(tok, m.start(), m.end()) for tok, rx in concepts().items() for m in rx.finditer(folded)]


def concept_tokens(text: str) -> list[str]:
    """The distinct concept tokens `text` mentions, in a stable order: what the keyword index stores."""
    folded = concept_text(text)
    return [tok for tok, rx in concepts().items() if rx.search(folded)]
