"""A gazetteer of Greek municipalities: canonical English name <-> Greek and Latin forms.

Practices store the canonical English name ("Athens", "Kallithea"). Documents
name a municipality in many ways: the official genitive ("Δήμος Αθηναίων"), the
city in the nominative or genitive ("Αθήνα", "Αθηνών"), English ("City of
Athens", "Municipality of Larissa"), transliterations ("Larisa", "Ioannina")
and folder names ("athens", "nea-filadelfeia"). All comparisons are on folded
text (kb.fold), so accents, case and final sigma do not matter.

Names that are also ordinary words (Δέλτα, Φυλή, Δράμα, Πύργος ...) are only
recognised in running text after a municipality word ("Δήμος Φυλής",
"Municipality of Delta"); as a whole string they are always accepted. A single
form can be marked so too ("Μεγίστη" of Megisti, "Ελληνικό" of Elliniko-Argyroupoli).

The data are in municipalities.tsv: all 332 municipalities of the Kleisthenis
reform (2019), by region, with the official genitive, the towns' forms and
Latin spellings. The regular genitives of the nominatives written there are
added by rule (genitive_forms), so a line need not spell out every case.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from kb.fold import fold


@dataclass(frozen=True)
class Municipality:
    name: str  # canonical English name
    greek: tuple[str, ...]  # Greek forms: official genitive, city nominative, genitive, older forms
    latin: tuple[str, ...] = ()  # other Latin spellings
    ambiguous: bool = False  # also an ordinary word: needs "Δήμος ..." around it in running text
    region: str = ""  # one of the 13 regions
    ambiguous_forms: tuple[str, ...] = ()  # single forms that are ordinary words ("Δάφνη", "Μεγίστη"), folded keys


_DATA = Path(__file__).with_name("municipalities.tsv")


def _split(cell: str) -> list[str]:
    return [x.strip() for x in cell.split(";") if x.strip()]


def load_municipalities(path: Path = _DATA) -> tuple[Municipality, ...]:
    """The gazetteer from its data file: one municipality a line, tab-separated (name, region, Greek
    forms, Latin forms, "a" if ambiguous); "#" lines are comments, the first other line the header.
    A form ending in "*" is an ordinary word on its own; it is kept, but marked ambiguous.
    A malformed line is a ValueError naming the file's line."""
    out: list[Municipality] = []
    header_seen = False
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        if not header_seen:
            header_seen = True
            continue
        cells = [c.strip() for c in line.split("\t")]
        if len(cells) != 5 or not cells[0] or not cells[2] or cells[4] not in ("", "a"):
            raise ValueError(f"{path.name}, line {number}: want name, region, Greek forms, Latin forms and "
                             f"'a' or nothing, tab-separated; got {len(cells)} columns: {line!r}")
        name, region, greek, latin, flag = cells
        starred = tuple(_key(f.rstrip("*")) for f in _split(greek) + _split(latin) if f.endswith("*"))
        out.append(Municipality(name, tuple(f.rstrip("*").strip() for f in _split(greek)),
                                tuple(f.rstrip("*").strip() for f in _split(latin)), flag == "a", region, starred))
    return tuple(out)


# Words that make a following name a municipality: "Δήμος Χ", "Municipality of X", "City of X".
_GREEK_PREFIXES = ("δημοσ", "δημου", "δημο", "δημων", "δημοι", "δημουσ", "δ.", "δημαρχοσ", "δημαρχου")
_ENGLISH_PREFIXES = ("municipality of", "city of", "town of", "municipal council of", "dimos")
_ENGLISH_SUFFIXES = ("municipality", "city council", "city")
_PREFIX_RE = re.compile(
    r"(?:δημ(?:οσ|ου|ο|ων|οι|ουσ|αρχοσ|αρχου)|municipality\s+of|city\s+of|town\s+of|dimos)\s+$"
)
_DASHES = "-‐‑‒–—"
# A city's name after a street word is an address ("Λ. Θηβών 196", "οδός Πατρών"), not the city.
_STREET_RE = re.compile(r"(?<!\w)(?:οδοσ|οδου|οδ\.|λεωφορο\w*|λεωφ\.|λ\.|πλατεια\w*|πλ\.)\s*$")


def _key(text: str) -> str:
    """The lookup key of a name: folded, dashes and underscores as spaces, single spaces."""
    text = fold(text)
    text = re.sub(rf"[{_DASHES}_./]+", " ", text)
    return re.sub(r"\s+", " ", text).strip()


# Greek city names decline regularly: the genitive of a nominative is one of these endings (folded).
# Measured on the gazetteer itself (tests/test_municipalities.py): see genitive_forms().
_GENITIVE_ENDINGS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("οσ", ("ου",)),  # Βόλος -> Βόλου, Άγιος -> Αγίου
    ("ασ", ("α",)),  # Λαγκαδάς -> Λαγκαδά, Πειραιάς -> Πειραιά
    ("ησ", ("η",)),  # Χορτιάτης -> Χορτιάτη
    ("εσ", ("ων",)),  # Σέρρες -> Σερρών, Σοφάδες -> Σοφάδων
    ("οι", ("ων",)),  # Αμπελόκηποι -> Αμπελοκήπων, Παξοί -> Παξών
    ("αι", ("ων",)),  # Αχαρναί -> Αχαρνών
    ("ον", ("ου",)),  # Ίλιον -> Ιλίου
    ("ι", ("ιου",)),  # Περιστέρι -> Περιστερίου
    ("ο", ("ου",)),  # Ηράκλειο -> Ηρακλείου
    ("α", ("ασ", "ων")),  # Λάρισα -> Λάρισας; Τρίκαλα -> Τρικάλων (neuter plural)
    ("η", ("ησ",)),  # Τρίπολη -> Τρίπολης
)
_INVARIANT = {"κατω", "ανω", "και"}


def genitive_forms(name: str) -> set[str]:
    """The folded genitives the regular endings give for a Greek name in the nominative, every word
    declined ("Νέα Σμύρνη" -> "νεασ σμυρνησ"; "Κάτω" stays). Empty for a name with a word that no
    ending fits (a genitive already, "Κιλκίς", Latin). Some outputs are not Greek ("λαρισων"):
    harmless, since the gazetteer only looks them up. Measured on the data file: for a one-word
    nominative beside a one-word official genitive of the same stem, the rule gives that genitive for
    211 of 236 municipalities; the others (demonyms like Λαρισαίων, archaic Βύρωνος, Τεμπών) are
    written in the file. The derived forms add 256 keys no line writes (Καισαριανής, Πτολεμαΐδας)."""
    words = _key(name).split()
    if not words or not all("α" <= ch <= "ω" for w in words for ch in w):
        return set()
    options: list[tuple[str, ...]] = []
    for word in words:
        if word in _INVARIANT:
            options.append((word,))
            continue
        for ending, replacements in _GENITIVE_ENDINGS:
            if word.endswith(ending) and len(word) > len(ending) + 1:
                options.append(tuple(word[: -len(ending)] + r for r in replacements))
                break
        else:
            return set()
    out = {""}
    for choice in options:
        out = {f"{o} {c}".strip() for o in out for c in choice}
    return out - {_key(name)}


@lru_cache(maxsize=1)
def _all_forms() -> dict[str, tuple[Municipality, bool]]:
    """Every lookup key -> (municipality, whether the key is an ordinary word). The forms written in
    the data file come first; the genitives derived from them only fill keys no written form holds."""
    forms: dict[str, tuple[Municipality, bool]] = {}
    for m in MUNICIPALITIES:
        for form in (m.name, *m.latin, *m.greek):
            key = _key(form)
            forms.setdefault(key, (m, m.ambiguous or key in m.ambiguous_forms))
    for m in MUNICIPALITIES:
        for form in m.greek:
            ambiguous = m.ambiguous or _key(form) in m.ambiguous_forms
            for key in sorted(genitive_forms(form)):
                forms.setdefault(key, (m, ambiguous))
    return forms


@lru_cache(maxsize=1)
def _index() -> dict[str, Municipality]:
    return {key: m for key, (m, _) in _all_forms().items()}


MUNICIPALITIES: tuple[Municipality, ...] = load_municipalities()


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


_TOKEN_RE = re.compile(r"\w+")
# What may stand between the words of one name: spaces, one dash ("Νεάπολης - Συκεών"), or the
# full stop of an initial ("Π. Φαλήρου").
_GAP_RE = re.compile(rf"\s*[{_DASHES}]\s*|\s+|\.\s*")


_COMPASS_EL = ("Δυτική", "Βόρεια", "Νότια", "Ανατολική", "Κεντρική")
_COMPASS_EN = ("West", "North", "South", "East", "Central", "Western", "Northern", "Southern", "Eastern", "Greater")


@lru_cache(maxsize=1)
def _not_the_city() -> frozenset[str]:
    """Areas named after the two metropolitan cities ("Δυτική Αθήνα", the regional unit of West
    Athens; "Δυτικού Τομέα Αθηνών"; "West Athens"): a municipality there is not Athens. Development
    corpus: a West Athens member's factsheet went to Athens on "Δήμος της Δυτικής Αθήνας"."""
    out: set[str] = set()
    for city, sector in (("Αθήνα", "Αθηνών"), ("Θεσσαλονίκη", "Θεσσαλονίκης")):
        for compass in _COMPASS_EL:
            area = f"{compass} {city}"
            out |= {_key(area), *genitive_forms(area)}
            for word in ("Τομέας", "Τομέα", "Τομέως"):
                out |= {_key(f"{compass[:-1]}ός {word} {sector}"), _key(f"{compass[:-1]}ού {word} {sector}"),
                        _key(f"{compass[:-1]}ου {word} {sector}")}
        for compass in _COMPASS_EN:
            out.add(_key(f"{compass} {'Athens' if city == 'Αθήνα' else 'Thessaloniki'}"))
    return frozenset(out)


@lru_cache(maxsize=1)
def _prefixes() -> frozenset[str]:
    """Every leading run of words of a known form ("νεασ", "νεασ φιλαδελφειασ", ...)."""
    out: set[str] = set()
    for key in (*_all_forms(), *_not_the_city()):
        words = key.split()
        out.update(" ".join(words[:n]) for n in range(1, len(words) + 1))
    return frozenset(out)


def find_municipalities(text: str) -> list[tuple[str, int, int]]:
    """Known municipalities named in `text`: (canonical name, start, end) in the original text, in order.

    A name that is also an ordinary word counts only after "Δήμος/Δήμου ...",
    "Municipality of" or "City of". The longest run of words that is a known form wins, left to
    right. Runs of words are looked up in the table of forms: one regular expression of all
    ~1,800 forms took 0.9 s to compile (in every worker process) and was slower; this takes
    26 ms on a 13 KB text where the old 400-form expression took 44 ms (fold included)."""
    if not text:
        return []
    folded, offsets = fold_with_offsets(text)
    forms, prefixes, not_the_city = _all_forms(), _prefixes(), _not_the_city()
    tokens = [(t.start(), t.end()) for t in _TOKEN_RE.finditer(folded)]
    found = []
    i = 0
    while i < len(tokens):
        word = folded[tokens[i][0]:tokens[i][1]]
        if word not in prefixes:
            i += 1
            continue
        runs = [(word, i)]
        for j in range(i + 1, len(tokens)):
            gap = folded[tokens[j - 1][1]:tokens[j][0]]
            last = folded[tokens[j - 1][0]:tokens[j - 1][1]]
            if not _GAP_RE.fullmatch(gap) or (gap.startswith(".") and len(last) > 1):
                break
            run = runs[-1][0] + " " + folded[tokens[j][0]:tokens[j][1]]
            if run not in prefixes:
                break
            runs.append((run, j))
        hit = next(((key, j) for key, j in reversed(runs) if key in forms or key in not_the_city), None)
        if hit is None:
            i += 1
            continue
        key, j = hit
        if key not in forms:  # "Δυτικής Αθήνας": skip the whole area name
            i = j + 1
            continue
        m, ambiguous = forms[key]
        start, end = tokens[i][0], tokens[j][1]
        i = j + 1
        before = folded[max(0, start - 30):start]
        if (ambiguous and not _PREFIX_RE.search(before)) or _STREET_RE.search(before):
            continue
        found.append((m.name, offsets[start], offsets[end - 1] + 1))
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


def nominative(genitive: str) -> str | None:
    """The nominative of a Greek place name in the genitive, where it is certain, else None.

    After "Δήμος" a name is in the genitive. A genitive in -ας/-ης is a feminine in -α/-η (the
    masculines in -ας/-ης make their genitive in -α/-η), so the nominative drops the final ς:
    "Νέας Ιωνίας" -> "Νέα Ιωνία", "Σπάρτης" -> "Σπάρτη". A genitive in -ου may come from -ος, -ο or
    -ι (Βόλου, Ηρακλείου, Περιστερίου) and one in -ων from -ες, -οι, -α or -αι (Σοφάδων, Λοκρών,
    Τρικάλων, Αχαρνών); the accent may move too. Those give None, and the caller keeps the name as
    written. Words like "Κάτω", "Άνω" and "και" stay as they are.
    """
    words = re.split(r"(\s*[-–]\s*|\s+)", genitive.strip())
    out: list[str] = []
    for i, word in enumerate(words):
        if i % 2 or fold(word) in _INVARIANT:
            out.append(word)
        elif len(word) > 3 and fold(word)[-2:] in ("ασ", "ησ"):
            out.append(word[:-1])
        else:
            return None
    return "".join(out)


def municipality_mentions(text: str) -> list[tuple[str, int, int]]:
    """Municipalities named in `text`: the gazetteer's names, plus "Δήμος X" / "Municipality of X"
    for an X the gazetteer lacks: in the nominative where nominative() can tell it ("Δήμος Νέας
    Ασπρόλιμνης" -> "Νέα Ασπρόλιμνη"), else as written ("Δήμου Πευκοχωρίου"). (name, start, end), in order."""
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
            if regex is _DIMOS_RE:
                name = nominative(name) or name
            found.append((name, s, e))
            covered.append((s, e))
    return sorted(found, key=lambda t: t[1])
