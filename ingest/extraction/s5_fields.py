"""Step 5 of extraction, fields: a candidate becomes a Practice with the fields its own text states.

Stated fields (a form's or a section's) come first; the rest are found in the practice's text by
finders (summary, status, start year, funding, results, contact, timescale, partners) and kb.vocab
(target groups, services). The municipality is the one the candidate names (a city presenting an
item of minutes), else the document's (document_municipality: its letterhead or opening, the one
it names most, the folder it was found in, its author).
"""
from __future__ import annotations

import re
from collections import Counter

from ingest.blocks import TABLE, Block
from ingest.extraction import finders as F
from ingest.extraction.candidate import Candidate, block_text
from ingest.extraction.s4_titles import tidy_title
from ingest.extraction.text import fold
from kb import vocab
from kb.model import Practice
from kb.municipalities import canonical_municipality, municipality_mentions

__all__ = ["practice_from", "document_municipality"]


# -- one record ------------------------------------------------------------------------

_STATUS_WORDS = (
    ("planned", re.compile(r"σχεδιαζ|προγραμματιζ|planned|proposed|προταση|future|μελλοντ")),
    ("ended", re.compile(r"ολοκληρ|ended|completed|finished|εληξε|closed")),
    ("running", re.compile(r"λειτουργ|running|ongoing|active|in operation|συνεχιζ|υλοποιειται|σε εξελιξη")),
)


def _status_from_field(value: str) -> str:
    f = fold(value)
    for name, pattern in _STATUS_WORDS:
        if pattern.search(f):
            return name
    return ""


def _municipality(name: str, fallback: str) -> str:
    if not name:
        return fallback
    known = canonical_municipality(name)
    if known:
        return known
    mentions = municipality_mentions(name)
    return mentions[0][0] if mentions else fallback


# A city named right after these words takes part in, hosts a visit of, or visits the practice; it
# does not run it: "σε συνεργασία με τον Δήμο X", "with the City of X", "στελέχη από τον Δήμο X",
# "επίσκεψη μελέτης στον Δήμο X", "a study visit to X". (Cities in a list, "Κω, Λέρου και Ρόδου", all
# count: several cities decide nothing.)
_NOT_RUNNER = re.compile(
    r"(?:(?<!\w)(?:με|with|μεταξυ|between|απο|from|συνεργασια|cooperation|partnership|εταιρο\w*|partners?|"
    r"επισκεπτ\w*|visitors?|(?:επισκεψ\w*|visit\w*)(?:\s+\w+){0,2}\s+(?:στ\w*|σε|to|in))"
    r"(?:\s+(?:τον|την|τη|το|τους|τις|τα|του|της|των|the|a))?"
    r"(?:\s+(?:δημο\w*|πολη\w*|city|municipality|town)(?:\s+of)?)?\s*)$"
)


def _runners(text: str) -> list[str]:
    """The distinct municipalities `text` names other than as a partner or a visitor."""
    out: list[str] = []
    for name, start, _ in municipality_mentions(text):
        if _NOT_RUNNER.search(fold(text[max(0, start - 40):start])):
            continue
        name = canonical_municipality(name) or name
        if name not in out:
            out.append(name)
    return out


def practice_municipality(c: Candidate, doc_municipality: str) -> str:
    """The municipality that runs the practice, not the one whose folder or document holds it
    (issue 8: minutes, study-visit notes, policy briefs, mapping reports and project summaries
    present other cities' practices). In order: the one the shape names (a form's field, the city
    presenting an item of minutes); the only city the record's title names ("Ρόδος: θερινό
    σχολείο", "Δήμος Κω", "Κοινωνικό Παντοπωλείο Δήμου Ρόδου"); the only city the opening
    sentence of its text names; else the document's (its letterhead, the city it names most, its
    folder). A city named as a partner or visitor does not count, and two cities decide nothing."""
    if c.municipality:
        return _municipality(c.municipality, doc_municipality)
    # Only the opening sentence: later ones name partners, visitors and places the practice reaches.
    for text in (c.title, next(iter(F.sentences(c.body_text())), "")):
        named = _runners(text)
        if len(named) == 1:
            return named[0]
        if named:
            break
    return doc_municipality


def _location(c: Candidate) -> str:
    parts = []
    if c.page:
        parts.append(f"p. {c.page}")
    if c.path:
        parts.append("§ " + " › ".join(c.path))
    elif c.kind == "form":
        parts.append("form")
    return ", ".join(parts)


def _split_list(value: str) -> list[str]:
    parts = re.split(r";\s*|,\s+(?=[A-ZΑ-Ω])|\n", value)
    return [p.strip(" .") for p in parts if p.strip(" .") and len(p.split()) <= 12]


def practice_from(c: Candidate, doc_municipality: str) -> Practice:
    """The record of one candidate, its fields filled from what its text states."""
    text = c.full_text().strip()
    body = c.body_text().strip()
    stated = c.fields
    about = (body + "\n" + c.evidence).strip()  # the practice's text (without its heading) and other sentences about it
    if c.kind == "named_programme":
        # the passage also names its neighbours in the list: themes come from the name and what is
        # said of it, target groups from the whole sentence ("δομές για την ένταξη προσφύγων ...")
        labels_text, themes_text = about + "\n" + c.context, c.title + "\n" + c.evidence
    else:
        labels_text = themes_text = text + "\n" + c.evidence
    summary_source = stated.get("summary") or (c.context if c.kind == "named_programme" else _prose(c.body)) or body

    partners = F.partners(about)
    for name in _split_list(stated.get("partners", "")):
        known = vocab.known_partners(name)
        for p in known or [name]:
            if p not in partners:
                partners.append(p)

    return Practice(
        title=tidy_title(c.title),
        text=text,
        municipality=practice_municipality(c, doc_municipality),
        summary=F.summary(summary_source),
        language=F.language(text),
        status=_status_from_field(stated.get("status", "")) or F.status(body or text, c.status, title=c.title),
        start_year=F.start_year(about + "\n" + stated.get("timescale", "")),
        target_groups=vocab.target_groups(labels_text + "\n" + stated.get("target_groups", "")),
        services=vocab.services(themes_text),
        partners=partners,
        funding=stated.get("funding", "").strip() or F.funding(about),
        results=stated.get("results", "").strip() or F.results(about),
        lessons=stated.get("lessons", "").strip(),
        transferability=stated.get("transferability", "").strip(),
        contact=stated.get("contact", "").strip() or F.contact(text),
        timescale=stated.get("timescale", "").strip() or F.timescale(about),
        location=_location(c),
        page=c.page,
        axes_hint=list(c.axes),
        kind=c.kind,
        context=c.context,
    )


def _prose(blocks: list[Block]) -> str:
    """The running text among a candidate's blocks: sentences, not a subtitle, a caption or a table."""
    long = [b for b in blocks if b.kind != TABLE and len(b.text.split()) >= 8]
    sentences_ = [b for b in long if re.search(r"[.!?;…»)]\s*$", b.text)]
    return "\n".join(b.text for b in (sentences_ or long))



# -- the document's municipality ----------------------------------------------------------


def document_municipality(blocks: list[Block], meta: dict | None = None, folder_municipality: str = "") -> str:
    """The municipality a document belongs to: the one its letterhead or opening names (weighted
    up), else the one it names most; else the caller's folder hint; else the file's author."""
    meta = meta or {}
    votes: Counter = Counter()
    first_seen: dict[str, int] = {}
    position = 0
    for i, b in enumerate(blocks):
        text = block_text(b)
        weight = 3 if i < 8 else 1
        for name, _, _ in municipality_mentions(text):
            votes[name] += weight
            first_seen.setdefault(name, position)
            position += 1
    for key in ("title", "author"):
        for name, _, _ in municipality_mentions(str(meta.get(key, "") or "")):
            votes[name] += 2
            first_seen.setdefault(name, position)
            position += 1
    if votes:
        return max(votes, key=lambda n: (votes[n], -first_seen[n]))
    if folder_municipality:
        return canonical_municipality(folder_municipality) or folder_municipality
    return ""


