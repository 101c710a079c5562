"""A gazetteer of Greek municipalities: canonical English name <-> Greek and Latin forms.

Practices store the canonical English name ("Athens", "Kallithea"). Documents
name a municipality in many ways: the official genitive ("Δήμος Αθηναίων"), the
city in the nominative or genitive ("Αθήνα", "Αθηνών"), English ("City of
Athens", "Municipality of Larissa"), transliterations ("Larisa", "Ioannina")
and folder names ("athens", "nea-filadelfeia"). All comparisons are on folded
text (kb.fold), so accents, case and final sigma do not matter.

Names that are also ordinary words (Δέλτα, Φυλή, Δράμα, Πύργος ...) are only
recognised in running text after a municipality word ("Δήμος Φυλής",
"Municipality of Delta"); as a whole string they are always accepted.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from kb.fold import fold


@dataclass(frozen=True)
class Municipality:
    name: str  # canonical English name
    greek: tuple[str, ...]  # Greek forms: official genitive, city nominative, genitive, older forms
    latin: tuple[str, ...] = ()  # other Latin spellings
    ambiguous: bool = False  # also an ordinary word: needs "Δήμος ..." around it in running text


def _m(name: str, greek: str, latin: str = "", ambiguous: bool = False) -> Municipality:
    return Municipality(
        name,
        tuple(g.strip() for g in greek.split(";") if g.strip()),
        tuple(x.strip() for x in latin.split(";") if x.strip()),
        ambiguous,
    )


# Network members, regional and regional-unit capitals and the larger municipalities.
MUNICIPALITIES: tuple[Municipality, ...] = (
    # Attica
    _m("Athens", "Αθηναίων; Αθήνα; Αθήνας; Αθηνών; Αθήναι", "Athina; Athinai; Athinaion; Athen"),
    _m("Piraeus", "Πειραιά; Πειραιάς; Πειραιώς; Πειραιέως", "Pireas; Peiraias; Piraeus; Pireaus"),
    _m("Kallithea", "Καλλιθέας; Καλλιθέα", "Kalithea; Kallithea"),
    _m("Peristeri", "Περιστερίου; Περιστέρι", "Peristeri"),
    _m("Glyfada", "Γλυφάδας; Γλυφάδα", "Glyfada; Glifada"),
    _m("Acharnes", "Αχαρνών; Αχαρνές; Αχαρναί; Μενίδι; Μενιδίου", "Acharnes; Acharnai; Aharnes; Menidi"),
    _m("Nikaia-Agios Ioannis Rentis", "Νίκαιας - Αγίου Ιωάννη Ρέντη; Νίκαιας-Αγίου Ιωάννη Ρέντη; Νίκαια; Νίκαιας; Ρέντη",
       "Nikaia; Nikea; Nikaia-Rentis; Nikaia Rentis", ambiguous=True),
    _m("Chalandri", "Χαλανδρίου; Χαλάνδρι", "Chalandri; Halandri"),
    _m("Marousi", "Αμαρουσίου; Αμαρούσιο; Μαρούσι; Μαρουσίου", "Marousi; Maroussi; Amarousio; Amaroussion; Amarousion"),
    _m("Zografou", "Ζωγράφου; Ζωγράφος", "Zografou; Zografos; Zographou"),
    _m("Galatsi", "Γαλατσίου; Γαλάτσι", "Galatsi"),
    _m("Egaleo", "Αιγάλεω", "Egaleo; Aigaleo; Aegaleo"),
    _m("Fyli", "Φυλής; Φυλή", "Fyli; Phyli; Phyle", ambiguous=True),
    _m("Elefsina", "Ελευσίνας; Ελευσίνα; Ελευσίνος; Ελευσίς", "Elefsina; Elefsis; Eleusis"),
    _m("Aspropyrgos", "Ασπροπύργου; Ασπρόπυργος", "Aspropyrgos; Aspropirgos"),
    _m("Megara", "Μεγαρέων; Μέγαρα; Μεγάρων", "Megara", ambiguous=True),
    _m("Nea Filadelfeia-Nea Chalkidona",
       "Νέας Φιλαδέλφειας - Νέας Χαλκηδόνας; Νέας Φιλαδέλφειας-Νέας Χαλκηδόνας; Νέα Φιλαδέλφεια; Νέας Φιλαδέλφειας; "
       "Νέα Χαλκηδόνα; Νέας Χαλκηδόνας",
       "Nea Filadelfeia-Nea Chalkidona; Nea Filadelfia-Nea Chalkidona; Nea Filadelfeia; Nea Filadelfia; "
       "Nea Philadelphia; Nea Chalkidona; Nea Halkidona"),
    _m("Nea Smyrni", "Νέας Σμύρνης; Νέα Σμύρνη", "Nea Smyrni; Nea Smirni"),
    _m("Ilioupoli", "Ηλιούπολης; Ηλιούπολη", "Ilioupoli; Ilioupolis"),
    _m("Keratsini-Drapetsona", "Κερατσινίου - Δραπετσώνας; Κερατσινίου-Δραπετσώνας; Κερατσίνι; Κερατσινίου; Δραπετσώνα; Δραπετσώνας",
       "Keratsini-Drapetsona; Keratsini; Drapetsona"),
    _m("Korydallos", "Κορυδαλλού; Κορυδαλλός", "Korydallos; Koridallos"),
    _m("Palaio Faliro", "Παλαιού Φαλήρου; Παλαιό Φάληρο; Π. Φαλήρου", "Palaio Faliro; Paleo Faliro; Old Faliro"),
    _m("Kifisia", "Κηφισιάς; Κηφισιά", "Kifisia; Kifissia; Kifisia"),
    _m("Vyronas", "Βύρωνος; Βύρωνα; Βύρωνας", "Vyronas; Vironas; Byronas"),
    _m("Agia Paraskevi", "Αγίας Παρασκευής; Αγία Παρασκευή", "Agia Paraskevi; Aghia Paraskevi", ambiguous=True),
    _m("Ilion", "Ιλίου; Ίλιον", "Ilion; Ilio; Nea Liosia"),
    _m("Petroupoli", "Πετρούπολης; Πετρούπολη", "Petroupoli; Petroupolis"),
    _m("Agios Dimitrios", "Αγίου Δημητρίου; Άγιος Δημήτριος", "Agios Dimitrios", ambiguous=True),
    _m("Alimos", "Αλίμου; Άλιμος", "Alimos"),
    _m("Perama", "Περάματος; Πέραμα", "Perama", ambiguous=True),
    _m("Lavreotiki", "Λαυρεωτικής; Λαυρεωτική; Λαύριο; Λαυρίου", "Lavreotiki; Lavrio; Lavrion"),
    # Central Macedonia
    _m("Thessaloniki", "Θεσσαλονίκης; Θεσσαλονίκη", "Thessaloniki; Thessalonica; Salonica; Salonika; Saloniki; Thessaloníki"),
    _m("Kalamaria", "Καλαμαριάς; Καλαμαριά", "Kalamaria"),
    _m("Neapoli-Sykies", "Νεάπολης - Συκεών; Νεάπολης-Συκεών; Νεάπολη - Συκιές; Συκιές; Συκεών",
       "Neapoli-Sykies; Neapoli Sykies; Neapolis-Sykies; Sykies; Sikies"),
    _m("Ampelokipoi-Menemeni", "Αμπελοκήπων - Μενεμένης; Αμπελοκήπων-Μενεμένης; Αμπελόκηποι - Μενεμένη; Μενεμένη; Μενεμένης",
       "Ampelokipoi-Menemeni; Ampelokipi-Menemeni; Ambelokipi-Menemeni; Menemeni"),
    _m("Delta", "Δέλτα", "Delta", ambiguous=True),
    _m("Pavlos Melas", "Παύλου Μελά; Παύλος Μελάς", "Pavlos Melas; Pavlou Mela", ambiguous=True),
    _m("Kordelio-Evosmos", "Κορδελιού - Ευόσμου; Κορδελιού-Ευόσμου; Εύοσμος; Ευόσμου; Κορδελιό; Κορδελιού",
       "Kordelio-Evosmos; Evosmos; Kordelio"),
    _m("Pylaia-Chortiatis", "Πυλαίας - Χορτιάτη; Πυλαίας-Χορτιάτη; Πυλαία; Πυλαίας; Χορτιάτης; Χορτιάτη",
       "Pylaia-Chortiatis; Pylaia; Pilea; Chortiatis"),
    _m("Thermi", "Θέρμης; Θέρμη", "Thermi", ambiguous=True),
    _m("Oraiokastro", "Ωραιοκάστρου; Ωραιόκαστρο", "Oraiokastro; Oreokastro"),
    _m("Serres", "Σερρών; Σέρρες; Σερρες", "Serres; Serrai"),
    _m("Kilkis", "Κιλκίς", "Kilkis"),
    _m("Katerini", "Κατερίνης; Κατερίνη", "Katerini"),
    _m("Veria", "Βέροιας; Βέροια; Βεροίας", "Veria; Veroia; Berea"),
    _m("Edessa", "Έδεσσας; Έδεσσα", "Edessa"),
    _m("Giannitsa", "Πέλλας; Γιαννιτσά; Γιαννιτσών", "Giannitsa; Yiannitsa; Pella"),
    _m("Polygyros", "Πολυγύρου; Πολύγυρος", "Polygyros; Poligiros"),
    # Eastern Macedonia and Thrace, Western Macedonia
    _m("Kavala", "Καβάλας; Καβάλα", "Kavala; Kavalla"),
    _m("Drama", "Δράμας; Δράμα", "Drama", ambiguous=True),
    _m("Xanthi", "Ξάνθης; Ξάνθη", "Xanthi"),
    _m("Komotini", "Κομοτηνής; Κομοτηνή", "Komotini"),
    _m("Alexandroupoli", "Αλεξανδρούπολης; Αλεξανδρούπολη; Αλεξανδρουπόλεως", "Alexandroupoli; Alexandroupolis"),
    _m("Orestiada", "Ορεστιάδας; Ορεστιάδα", "Orestiada; Orestiad"),
    _m("Kozani", "Κοζάνης; Κοζάνη", "Kozani"),
    _m("Florina", "Φλώρινας; Φλώρινα", "Florina"),
    _m("Kastoria", "Καστοριάς; Καστοριά", "Kastoria"),
    _m("Grevena", "Γρεβενών; Γρεβενά", "Grevena"),
    # Epirus, Thessaly
    _m("Ioannina", "Ιωαννιτών; Ιωάννινα; Ιωαννίνων; Γιάννενα; Γιάννινα", "Ioannina; Giannena; Yannina; Ioanina; Ioannena"),
    _m("Igoumenitsa", "Ηγουμενίτσας; Ηγουμενίτσα", "Igoumenitsa"),
    _m("Preveza", "Πρέβεζας; Πρέβεζα", "Preveza"),
    _m("Arta", "Αρταίων; Άρτα; Άρτας", "Arta"),
    _m("Larissa", "Λαρισαίων; Λάρισα; Λάρισας; Λαρίσης; Λάρισσα; Λάρισσας", "Larissa; Larisa; Larisaion"),
    _m("Volos", "Βόλου; Βόλος", "Volos"),
    _m("Trikala", "Τρικκαίων; Τρίκαλα; Τρικάλων", "Trikala; Trikkaion"),
    _m("Karditsa", "Καρδίτσας; Καρδίτσα", "Karditsa"),
    # Central Greece
    _m("Lamia", "Λαμιέων; Λαμία; Λαμίας", "Lamia"),
    _m("Livadeia", "Λεβαδέων; Λιβαδειά; Λιβαδειάς; Λεβάδεια; Λεβαδείας", "Livadeia; Livadia; Levadia; Levadeia; Lebadea"),
    _m("Chalkida", "Χαλκιδέων; Χαλκίδα; Χαλκίδας", "Chalkida; Chalkis; Halkida"),
    _m("Thiva", "Θηβαίων; Θήβα; Θήβας", "Thiva; Thebes"),
    _m("Amfissa", "Δελφών; Άμφισσα; Άμφισσας", "Amfissa; Delphi; Delfi"),
    _m("Karpenisi", "Καρπενησίου; Καρπενήσι", "Karpenisi"),
    # Western Greece, Peloponnese, Ionian Islands
    _m("Patras", "Πατρέων; Πάτρα; Πάτρας; Πατρών", "Patras; Patra; Patrai"),
    _m("Agrinio", "Αγρινίου; Αγρίνιο", "Agrinio; Agrinion"),
    _m("Missolonghi", "Ιερής Πόλης Μεσολογγίου; Μεσολογγίου; Μεσολόγγι", "Missolonghi; Mesolongi; Messolonghi"),
    _m("Pyrgos", "Πύργου; Πύργος", "Pyrgos; Pirgos", ambiguous=True),
    _m("Aigialeia", "Αιγιαλείας; Αίγιο; Αιγίου", "Aigialeia; Aigio; Egio"),
    _m("Tripoli", "Τρίπολης; Τρίπολη; Τριπόλεως", "Tripoli; Tripolis"),
    _m("Kalamata", "Καλαμάτας; Καλαμάτα", "Kalamata"),
    _m("Sparti", "Σπάρτης; Σπάρτη", "Sparti; Sparta"),
    _m("Nafplio", "Ναυπλιέων; Ναύπλιο; Ναυπλίου", "Nafplio; Nafplion; Nauplia"),
    _m("Argos-Mykines", "Άργους - Μυκηνών; Άργους-Μυκηνών; Άργος; Άργους", "Argos-Mykines; Argos"),
    _m("Corinth", "Κορινθίων; Κόρινθος; Κορίνθου", "Corinth; Korinthos; Korinthos"),
    _m("Corfu", "Κεντρικής Κέρκυρας και Διαποντίων Νήσων; Κέρκυρας; Κέρκυρα", "Corfu; Kerkyra; Kerkira"),
    _m("Zakynthos", "Ζακύνθου; Ζάκυνθος", "Zakynthos; Zante; Zakinthos"),
    _m("Argostoli", "Αργοστολίου; Αργοστόλι; Κεφαλονιάς; Κεφαλλονιάς; Κεφαλονιά", "Argostoli; Kefalonia; Cephalonia"),
    _m("Lefkada", "Λευκάδας; Λευκάδα", "Lefkada; Lefkas"),
    # Crete
    _m("Heraklion", "Ηρακλείου; Ηράκλειο", "Heraklion; Iraklio; Iraklion; Heraklio; Herakleion"),
    _m("Chania", "Χανίων; Χανιά", "Chania; Hania; Chanea; Canea"),
    _m("Rethymno", "Ρεθύμνης; Ρέθυμνο; Ρεθύμνου", "Rethymno; Rethymnon; Rethimno"),
    _m("Agios Nikolaos", "Αγίου Νικολάου; Άγιος Νικόλαος", "Agios Nikolaos; Aghios Nikolaos", ambiguous=True),
    _m("Ierapetra", "Ιεράπετρας; Ιεράπετρα", "Ierapetra"),
    # Aegean islands
    _m("Lesvos", "Μυτιλήνης; Μυτιλήνη; Λέσβου; Λέσβος; Δυτικής Λέσβου", "Lesvos; Lesbos; Mytilene; Mytilini; Mitilini"),
    _m("Chios", "Χίου; Χίος", "Chios; Hios; Khios"),
    _m("Samos", "Ανατολικής Σάμου; Δυτικής Σάμου; Σάμου; Σάμος", "Samos"),
    _m("Kos", "Κω; Κως", "Kos", ambiguous=True),
    _m("Leros", "Λέρου; Λέρος", "Leros"),
    _m("Rhodes", "Ρόδου; Ρόδος", "Rhodes; Rodos; Rhodos"),
    _m("Syros-Ermoupoli", "Σύρου - Ερμούπολης; Σύρου-Ερμούπολης; Ερμούπολη; Ερμούπολης; Σύρος; Σύρου",
       "Syros-Ermoupoli; Syros; Ermoupoli; Hermoupolis"),
    _m("Lemnos", "Λήμνου; Λήμνος; Μύρινα; Μύρινας", "Lemnos; Limnos; Myrina"),
)

# Words that make a following name a municipality: "Δήμος Χ", "Municipality of X", "City of X".
_GREEK_PREFIXES = ("δημοσ", "δημου", "δημο", "δημων", "δημοι", "δημουσ", "δ.", "δημαρχοσ", "δημαρχου")
_ENGLISH_PREFIXES = ("municipality of", "city of", "town of", "municipal council of", "dimos")
_ENGLISH_SUFFIXES = ("municipality", "city council", "city")
_PREFIX_RE = re.compile(
    r"(?:δημ(?:οσ|ου|ο|ων|οι|ουσ|αρχοσ|αρχου)|municipality\s+of|city\s+of|town\s+of|dimos)\s+$"
)
_DASHES = "-‐‑‒–—"


def _key(text: str) -> str:
    """The lookup key of a name: folded, dashes and underscores as spaces, single spaces."""
    text = fold(text)
    text = re.sub(rf"[{_DASHES}_./]+", " ", text)
    return re.sub(r"\s+", " ", text).strip()


@lru_cache(maxsize=1)
def _index() -> dict[str, Municipality]:
    index: dict[str, Municipality] = {}
    for m in MUNICIPALITIES:
        for form in (m.name, *m.latin, *m.greek):
            index.setdefault(_key(form), m)
    return index


def all_municipalities() -> tuple[Municipality, ...]:
    return MUNICIPALITIES


def _strip_affixes(key: str) -> str:
    for prefix in _GREEK_PREFIXES + _ENGLISH_PREFIXES:
        if key.startswith(prefix + " "):
            return key[len(prefix) + 1:].strip()
    for suffix in _ENGLISH_SUFFIXES:
        if key.endswith(" " + suffix):
            return key[: -len(suffix) - 1].strip()
    return key


def canonical_municipality(text: str) -> str | None:
    """The canonical English name for any form of a municipality's name, or None if it is not known.

    Accepts "Δήμος Αθηναίων", "Δήμου Λαρισαίων", "Θεσσαλονίκης", "City of Athens",
    "Municipality of Larissa", "Larisa", a folder name like "athens" or
    "nea-filadelfeia"; a longer text that names exactly one known municipality
    gives that one.
    """
    if not text or not text.strip():
        return None
    key = _key(text)
    index = _index()
    if key in index:
        return index[key].name
    stripped = _strip_affixes(key)
    if stripped in index:
        return index[stripped].name
    found = {name for name, _, _ in find_municipalities(text)}
    if len(found) == 1:
        return found.pop()
    return None


# -- finding names in running text -------------------------------------------------


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    if ch in "\u00ad\u200b\u200c\u200d\u2060\ufeff":
        return ""
    out = "".join(c for c in unicodedata.normalize("NFD", ch) if not unicodedata.combining(c))
    return out.casefold().replace("ς", "σ")


def fold_with_offsets(text: str) -> tuple[str, list[int]]:
    """Fold `text` like kb.fold.fold (without trimming) and map each folded character to its source index."""
    out: list[str] = []
    offsets: list[int] = []
    last_space = False
    for i, ch in enumerate(text):
        if ch.isspace():
            if not last_space:
                out.append(" ")
                offsets.append(i)
            last_space = True
            continue
        last_space = False
        folded = _fold_char(ch)
        out.append(folded)
        offsets.extend([i] * len(folded))
    return "".join(out), offsets


def _alias_pattern(form: str) -> str:
    parts = re.split(rf"\s*[{_DASHES}]\s*|\s+", _key_keep_dashes(form))
    separator = r"(?:\s*[" + _DASHES + r"]\s*|\s+)"
    return separator.join(re.escape(p) for p in parts if p)


def _key_keep_dashes(text: str) -> str:
    return re.sub(r"\s+", " ", fold(text).replace("_", " ")).strip()


@lru_cache(maxsize=1)
def _finder() -> tuple[re.Pattern, dict[str, Municipality]]:
    forms: dict[str, Municipality] = {}
    for m in MUNICIPALITIES:
        for form in (m.name, *m.latin, *m.greek):
            forms.setdefault(_key_keep_dashes(form), m)
    alternatives = sorted(forms, key=len, reverse=True)
    pattern = re.compile(r"(?<!\w)(" + "|".join(_alias_pattern(f) for f in alternatives) + r")(?!\w)")
    by_key = {_key(f): m for f, m in forms.items()}
    return pattern, by_key


def find_municipalities(text: str) -> list[tuple[str, int, int]]:
    """Known municipalities named in `text`: (canonical name, start, end) in the original text, in order.

    A name that is also an ordinary word counts only after "Δήμος/Δήμου ...",
    "Municipality of" or "City of".
    """
    if not text:
        return []
    folded, offsets = fold_with_offsets(text)
    pattern, by_key = _finder()
    found = []
    for match in pattern.finditer(folded):
        m = by_key.get(_key(match.group(1)))
        if m is None:
            continue
        before = folded[max(0, match.start() - 30): match.start()]
        if m.ambiguous and not _PREFIX_RE.search(before):
            continue
        start = offsets[match.start()]
        end = offsets[match.end() - 1] + 1
        found.append((m.name, start, end))
    return found


# "Δήμος Χ" / "Δήμου Χ": the name after the word, as written (for municipalities the gazetteer lacks).
_UPPER = "Α-ΩΆΈΉΊΌΎΏΪΫ"
_WORD = rf"[{_UPPER}][α-ωάέήίόύώϊϋΐΰς{_UPPER}]+"
# First words of two-word names: "Νέας Ιωνίας", "Αγίου Στεφάνου", "Δυτικής Αχαΐας".
_TWO_WORD_FIRST = r"(?:Νέας|Νέα|Αγίου|Αγίας|Αγίων|Άνω|Κάτω|Παλαιού|Ιεράς|Ανατολικής|Δυτικής|Βόρειας|Βορείου|Νότιας|Νοτίου|Κεντρικής)"
_DIMOS_RE = re.compile(
    r"(?<!\w)(?:Δήμος|Δήμου|Δήμο|ΔΗΜΟΣ|ΔΗΜΟΥ|Δημος|Δημου)\s+"
    rf"((?:{_TWO_WORD_FIRST}\s+)?{_WORD}(?:\s*[-–]\s*(?:{_TWO_WORD_FIRST}\s+)?{_WORD})*)"
)
_ENGLISH_RE = re.compile(r"(?<!\w)(?:Municipality|City|Town) of\s+([A-Z][a-z]+(?:[- ][A-Z][a-z]+)*)")
# Words that follow "Δήμος"/"Δήμου" without being a name.
_NOT_NAMES = {
    "του", "της", "των", "μας", "σας", "και", "δικτυου", "κεντρου", "ενταξησ", "πολεων", "συμβουλιου",
    "δημοτικου", "αυτου", "αυτοσ", "the",
}


def municipality_mentions(text: str) -> list[tuple[str, int, int]]:
    """Municipalities named in `text`: the gazetteer's names, plus "Δήμος X" / "Municipality of X"
    for an X the gazetteer lacks (kept as written). (name, start, end), in order."""
    found = find_municipalities(text)
    covered = [(s, e) for _, s, e in found]
    for regex in (_DIMOS_RE, _ENGLISH_RE):
        for match in regex.finditer(text):
            s, e = match.span(1)
            if any(cs < e and s < ce for cs, ce in covered):
                continue
            name = match.group(1).strip()
            if fold(name.split()[0]) in _NOT_NAMES:
                continue
            if name.isupper():
                name = name.title()
            found.append((name, s, e))
            covered.append((s, e))
    return sorted(found, key=lambda t: t[1])
