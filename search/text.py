"""Query terms for keyword search: folded words, stop words dropped, light stemming.

Greek is highly inflected ("στέγαση", "στέγασης", "στεγαστικό"), so each
query word becomes a prefix term built from its folded stem: the longest
common inflectional ending is cut and the rest is matched as a prefix. The
same terms drive snippet highlighting, so what is highlighted is what matched.

A query also names concepts (kb.vocab: programmes, target groups, themes, domain
terms, in Greek or English); each concept's token is searched beside the words
it covers, so the words are found in either language (see concept_groups).
"""
from __future__ import annotations

import re

from kb.fold import fold, words
from kb.vocab import concept_spans, concept_text


STOP_EL = set(fold(
    "ο η το οι τα του της των τον την τη στο στη στην στον στα στους στις στης σε με για από απο "
    "και κι ή ενώ αλλά ότι πως πώς που πού ποιος ποια ποιο ποιοι ποιες ποιους ποιων τι είναι ειναι "
    "ήταν θα να δεν μη μην ένα ένας μία μια ενός μιας έναν αυτό αυτή αυτός αυτά αυτές αυτοί "
    "ως κατά μετά πριν προς χωρίς μέσω μεταξύ όπως όσο όσοι όσων εκεί εδώ μου σου μας σας τους "
    "τις τους έχει έχουν είχε μπορεί μπορώ πού ποιους πολύ πιο όλα όλοι όλες κάθε"
).split())
STOP_EN = set(
    "a an the of to in on at for from by with and or but not no is are was were be been being "
    "who whom which what when where why how that this these those it its as into about over under "
    "do does did can could should would will shall may might must i we you he she they them their "
    "our your his her there here than then so such any all each every some more most other".split()
)
STOP = STOP_EL | STOP_EN

# Folded Greek inflectional endings, longest first.
_EL_ENDINGS = sorted(set(fold(
    "ματων ματα ματοσ σεων σεισ ησεισ ουμε ουσαν ουνται ονται εσαι εται ηκαν ηκε "
    "ικων ικεσ ικοσ ικη ικησ ικο ικα ικου ικουσ "
    "ιων ιεσ ιασ ια ιοσ ιου ιουσ ιο "
    "ων ουσ οσ ου οι ο ασ α εσ ε ησ η ισ ι εισ υσ"
).split()), key=len, reverse=True)
_EN_ENDINGS = ("ations", "ation", "ings", "ing", "ies", "ed", "es", "s")
_GREEK = re.compile(r"[\u0370-\u03ff]")


def stem(word: str) -> str:
    """A folded word cut to a prefix that matches its inflected forms."""
    if _GREEK.search(word):
        for end in _EL_ENDINGS:
            if word.endswith(end) and len(word) - len(end) >= 4:
                return word[: -len(end)]
        return word
    if word.isascii() and word.isalpha():
        for end in _EN_ENDINGS:
            if word.endswith(end) and len(word) - len(end) >= 4:
                return word[: -len(end)]
    return word


_WORD = re.compile(r"\w+")


def _content_words(query: str) -> list[re.Match]:
    """The content words of concept_text(query), as matches (dotted acronyms are one word there)."""
    return [m for m in _WORD.finditer(concept_text(query))
            if m.group() not in STOP and (len(m.group()) >= 2 or m.group().isdigit())]


def query_terms(query: str) -> list[str]:
    """Distinct stems of the query's content words, in query order."""
    terms: list[str] = []
    for m in _content_words(query):
        s = stem(m.group())
        if s not in terms:
            terms.append(s)
    return terms[:32]


def concept_groups(query: str) -> dict[str, list[str]]:
    """For each query term, the concept tokens of the concept mentions that cover it.

    A term is then found in a practice when the practice has the term or one of
    these tokens: "council" in "Migrant Integration Council" is also found in a
    Greek practice that names the Συμβούλιο Ένταξης Μεταναστών."""
    spans = concept_spans(query)
    out: dict[str, list[str]] = {}
    for m in _content_words(query):
        for tok, start, end in spans:
            if start <= m.start() and m.end() <= end:
                group = out.setdefault(stem(m.group()), [])
                if tok not in group:
                    group.append(tok)
    return out


def fts_expression(terms: list[str], tokens: list[str] = ()) -> str:
    """An FTS5 MATCH expression: any term, each as a prefix ("term"*), or any concept token exactly."""
    parts = [f'"{t}"*' for t in terms if t.replace('"', "") == t]
    return " OR ".join(parts + [f'"{t}"' for t in tokens if t.isalnum()])


def matches(word_folded: str, terms: list[str]) -> bool:
    return any(word_folded.startswith(t) for t in terms)
