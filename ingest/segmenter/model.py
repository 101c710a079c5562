"""The segmenter model: hashed features, logistic-regression weights in a JSON file, prediction
in pure Python, and a constrained decoding into practices.

    model = load_model(models_dir)           # models_dir/segment.json, else the shipped one
    labels = model.segment(blocks)           # "B" / "I" / "O" per cleaned block
    candidates = segment_candidates(blocks, labels)

The decoding is a Viterbi pass over the per-block class log-probabilities with one constraint:
I only after B or I (a practice's continuation needs its beginning). Each B..I run is one
candidate for the existing assembly (ingest.extract turns candidates into Practice records).
"""
from __future__ import annotations

import json
import math
import re
import zlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ingest.blocks import HEADING, LIST_ITEM, PARAGRAPH, Block
from ingest.extraction.candidate import Candidate, block_text
from ingest.segmenter.features import document_features
from ingest.segmenter.labels import B, I, LABELS, O, is_record, short_line

MODEL_FILE = "segment.json"
SHIPPED = Path(__file__).with_name(MODEL_FILE)
DIM = 1 << 14  # hashed feature space: far more slots than the few thousand distinct features seen


def feature_index(name: str, dim: int = DIM) -> int:
    """A feature's weight slot: crc32, the same on every run and machine (unlike hash())."""
    return zlib.crc32(name.encode("utf-8")) % dim


@dataclass
class SegmentModel:
    """Multinomial logistic regression over hashed features: weights[slot] = one weight per class."""

    classes: tuple[str, ...]
    intercept: list[float]
    weights: dict[int, list[float]]
    dim: int = DIM
    meta: dict | None = None

    def log_probs(self, features: list[list[str]]) -> list[list[float]]:
        out = []
        for feats in features:
            scores = list(self.intercept)
            for slot in {feature_index(f, self.dim) for f in feats}:
                w = self.weights.get(slot)
                if w is not None:
                    for k, v in enumerate(w):
                        scores[k] += v
            top = max(scores)
            norm = top + math.log(sum(math.exp(s - top) for s in scores))
            out.append([s - norm for s in scores])
        return out

    def segment(self, blocks: list[Block], hints: list[list[str]] | None = None) -> list[str]:
        """B/I/O for each cleaned block (`hints`: the rule-based shapes' features, see
        ingest.extraction.s6_assemble.rule_hints)."""
        if not blocks:
            return []
        labels = decode(self.log_probs(document_features(blocks, hints)), self.classes)
        # a spreadsheet row the reader marks as a practice always begins one
        return [B if is_record(b) else label for b, label in zip(blocks, labels)]

    def to_json(self) -> dict:
        return {"format": "praxis-segmenter/1", "classes": list(self.classes), "dim": self.dim,
                "intercept": [round(x, 6) for x in self.intercept],
                "weights": {str(k): [round(x, 6) for x in v] for k, v in sorted(self.weights.items())},
                "meta": self.meta or {}}

    @classmethod
    def from_json(cls, data: dict) -> "SegmentModel":
        if data.get("format") != "praxis-segmenter/1":
            raise ValueError("not a segmenter model (format praxis-segmenter/1 expected)")
        return cls(tuple(data["classes"]), list(data["intercept"]),
                   {int(k): list(v) for k, v in data["weights"].items()}, int(data["dim"]), data.get("meta") or {})


_ALLOWED = {None: {B, O}, B: {B, I, O}, I: {B, I, O}, O: {B, O}}


def decode(log_probs: list[list[float]], classes: tuple[str, ...]) -> list[str]:
    """The most probable label sequence in which I only follows B or I."""
    if not log_probs:
        return []
    col = {c: k for k, c in enumerate(classes)}
    best: dict[str, tuple[float, list[str]]] = {}
    for label in LABELS:
        if label in _ALLOWED[None]:
            best[label] = (log_probs[0][col[label]], [label])
    for row in log_probs[1:]:
        step: dict[str, tuple[float, list[str]]] = {}
        for label in LABELS:
            options = [(score, path) for prev, (score, path) in best.items() if label in _ALLOWED[prev]]
            if options:
                score, path = max(options, key=lambda o: o[0])
                step[label] = (score + row[col[label]], path + [label])
        best = step
    return max(best.values(), key=lambda o: o[0])[1]


@lru_cache(maxsize=8)
def _load(path: str, mtime: float) -> SegmentModel:
    with open(path, encoding="utf-8") as fh:
        return SegmentModel.from_json(json.load(fh))


def load_model(models_dir: str | Path | None = None) -> SegmentModel | None:
    """models_dir/segment.json when it exists, else the model shipped with the package; None when
    neither exists (extraction then falls back to the rule-based shapes)."""
    for path in ([Path(models_dir) / MODEL_FILE] if models_dir else []) + [SHIPPED]:
        if path.is_file():
            return _load(str(path), path.stat().st_mtime)
    return None


# -- segments to candidates ---------------------------------------------------------------


def spans(labels: list[str]) -> list[tuple[int, int]]:
    """(start, end) of every B..I run."""
    out: list[tuple[int, int]] = []
    for i, label in enumerate(labels):
        if label == B:
            out.append((i, i + 1))
        elif label == I and out and out[-1][1] == i:
            out[-1] = (out[-1][0], i + 1)
    return out


_LEAD_NAME = re.compile(r"^(.{3,120}?)(?:\.|:|\s[–—-])\s+(?=\S)")


def _lead_name(text: str) -> str:
    """A list item's or a line's name before its first full stop, colon or dash ("Name. What it
    does..."), when that is short enough to be a name (at most 12 words)."""
    m = _LEAD_NAME.match(text.strip())
    if m and 1 <= len(m.group(1).split()) <= 12:
        return m.group(1).strip()
    return ""


def segment_candidates(blocks: list[Block], labels: list[str], *, minutes: bool = False) -> list[Candidate]:
    """One candidate per B..I run: titled by its first block when that names the practice (a
    heading, a record, a list item's or a short line's lead name), else by the existing title
    logic; field subsections (contact, results, funding...) become the candidate's fields."""
    from ingest.extraction.cues import FIELD_CLASSES
    from ingest.extraction.s2_shape import classify_heading, clean_heading
    from ingest.extraction.s3_sections import presenter
    from ingest.extraction.phrases import is_generic_title, item_title, name_in, noun_phrase

    out = []
    for start, end in spans(labels):
        head = blocks[start]
        stretch = blocks[start:end]
        title, title_in_text, body = "", False, list(stretch)
        if head.kind == HEADING:
            title, title_in_text, body = clean_heading(head.text), True, stretch[1:]
        elif head.kind == LIST_ITEM:
            title = _lead_name(head.text) or item_title(head.text)
        elif head.kind == PARAGRAPH and short_line(head):
            title, title_in_text, body = head.text.strip(" :"), True, stretch[1:]
        text = "\n".join(block_text(b) for b in body)
        if not title or (is_generic_title(title) and not is_record(head)):
            named = name_in(text) or noun_phrase(text)
            if named:
                title, title_in_text = named, False
                body = stretch if head.kind != HEADING else body
            title = title or _lead_name(head.text) or head.text[:80]
        fields: dict[str, str] = {}
        kept: list[Block] = []
        field_class = ""
        for b in body:
            if b.kind == HEADING:
                cls = classify_heading(b.text)
                field_class = cls if cls in FIELD_CLASSES else ""
            if field_class:
                fields[field_class] = (fields.get(field_class, "") + "\n" + block_text(b)).strip()
            kept.append(b)
        cand = Candidate(title=title, body=kept or body, kind="segment", page=head.page,
                         path=(title,) if head.kind == HEADING else (), fields=fields, title_in_text=title_in_text)
        if minutes:
            cand.municipality = presenter("\n".join(block_text(b) for b in stretch[:3]))
        out += _with_enumerations(cand)
    return out


def _with_enumerations(cand: Candidate) -> list[Candidate]:
    """A segment one of whose paragraphs enumerates programmes by name ("structures such as the
    Migrant Integration Centre, the Social Grocery and ..."): one candidate per programme named
    (ingest.extraction.s3_prose), plus the segment itself when its other blocks still say something (40 words:
    more than a lead-in sentence)."""
    from ingest.extraction.s3_prose import _enumerated

    named, rest = [], []
    for b in cand.body:
        items = _enumerated(block_text(b), b) if b.kind == PARAGRAPH else []
        if len(items) >= 2:
            named += items
        else:
            rest.append(b)
    if not named:
        return [cand]
    cand.body = rest
    keep = sum(len(block_text(b).split()) for b in rest) >= 40
    return ([cand] if keep else []) + named
