"""Linking practices to the eight MoU axes, with a score and the sentences that justify it.

Three signals, combined:
- meaning: cosine between the practice's vector and each axis prototype (the
  mean vector of the axis's Greek and English texts and examples), plus the
  mean of its two nearest examples (axes such as "local services" cover very
  different practices, which one mean vector blurs);
- words: the practice's sentences that use the axis's own vocabulary (stems of
  its texts and examples, weighted by how specific they are to that axis);
  these sentences are also the evidence shown to people;
- people: practices a coordinator confirmed are labelled examples; the axes of
  the most similar confirmed practices vote, weighted by similarity.
Axes the document itself names (a form's "Axis" field) are always kept.
Scores are compared within a practice (relative to its best axis), because
cosines of one model are bunched in a narrow band.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from kb.axes import all_axes
from search.text import STOP, stem, words

_SENTENCE = re.compile(r"(?<=[.!;;?])\s+|\n+")

W_DENSE, W_NEAREST, W_LEX, W_KNN = 1.0, 1.0, 0.7, 0.6
NEAREST = 2
MAX_AXES = 3


@dataclass
class AxisModel:
    prototypes: np.ndarray  # (8, dim)
    examples_per_axis: list[np.ndarray]  # each (n_texts, dim)
    cues: dict[str, list[tuple[int, float]]]  # stem -> [(axis index, weight)]
    examples: tuple[np.ndarray, list[list[int]]] | None = None  # confirmed vectors and their axes


def axis_texts(axis) -> list[str]:
    return [axis.title_el, axis.title_en, axis.text_el, axis.text_en, *axis.examples_el, *axis.examples_en]


def build_axis_model(encode_passages, confirmed: tuple[np.ndarray, list[list[int]]] | None = None, *,
                     models_dir: Path | None = None) -> AxisModel:
    """The axis model; `models_dir` names a folder whose `axes.npz` overrides the shipped classifier
    (no learned axis classifier exists yet, so it is not read)."""
    axes = all_axes()
    protos, per_axis = [], []
    for axis in axes:
        vecs = encode_passages(axis_texts(axis))
        per_axis.append(vecs)
        m = vecs.mean(axis=0)
        protos.append(m / (np.linalg.norm(m) or 1.0))
    stems_per_axis = []
    for axis in axes:
        stems = {stem(w) for t in axis_texts(axis) for w in words(t) if w not in STOP and len(w) > 3}
        stems_per_axis.append(stems)
    df: dict[str, int] = {}
    for stems in stems_per_axis:
        for s in stems:
            df[s] = df.get(s, 0) + 1
    cues: dict[str, list[tuple[int, float]]] = {}
    for a, stems in enumerate(stems_per_axis):
        for s in stems:
            cues.setdefault(s, []).append((a, math.log(1 + len(axes) / df[s])))
    if confirmed is not None and len(confirmed[1]) == 0:
        confirmed = None
    return AxisModel(prototypes=np.vstack(protos).astype(np.float32), examples_per_axis=per_axis, cues=cues,
                     examples=confirmed)


def _cue_hits(model: AxisModel, word_stem: str) -> list[tuple[int, float]]:
    """Axis cues matching a word: the longest cue stem that is a prefix of it."""
    for n in range(len(word_stem), 3, -1):
        hit = model.cues.get(word_stem[:n])
        if hit:
            return hit
    return []


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE.split(text or "") if len(s.strip()) > 20]


def link(model: AxisModel, vector: np.ndarray, text: str, *, hint: list[int] | None = None,
         exclude_example: int | None = None) -> list[dict]:
    """Axes for one practice, strongest first: [{"axis", "score", "evidence": [sentences]}]."""
    def z(x: np.ndarray) -> np.ndarray:
        return (x - x.mean()) / (x.std() or 1.0)

    dense = z(model.prototypes @ vector)
    nearest = z(np.array([np.sort(ex @ vector)[-NEAREST:].mean() for ex in model.examples_per_axis]))

    n_axes = len(model.prototypes)
    lex = np.zeros(n_axes, dtype=np.float32)
    evidence: list[list[tuple[float, str]]] = [[] for _ in range(n_axes)]
    for s in sentences(text)[:60]:
        per_axis = np.zeros(n_axes, dtype=np.float32)
        for w in {stem(w) for w in words(s) if w not in STOP and len(w) > 3}:
            for a, weight in _cue_hits(model, w):
                per_axis[a] += weight
        lex += per_axis
        for a in np.nonzero(per_axis)[0]:
            evidence[a].append((float(per_axis[a]), s))
    if lex.any():
        lex = lex / (np.linalg.norm(lex) or 1.0) * math.sqrt(len(lex))

    knn = np.zeros(n_axes, dtype=np.float32)
    if model.examples is not None:
        vecs, labels = model.examples
        sims = vecs @ vector
        if exclude_example is not None:
            sims[exclude_example] = -1
        for i in np.argsort(-sims)[:5]:
            if sims[i] <= 0:
                continue
            for rank, a in enumerate(labels[i]):
                knn[a - 1] += float(sims[i]) / (1 + rank)
        if knn.any():
            knn = knn / (knn.max() or 1.0) * 2.0

    score = W_DENSE * dense + W_NEAREST * nearest + W_LEX * lex + W_KNN * knn
    order = [int(i) for i in np.argsort(-score)]
    top = score[order[0]]
    chosen = [order[0]]
    for i in order[1:MAX_AXES]:
        if score[i] >= max(1.0, top * 0.6):
            chosen.append(i)
    for a in hint or []:
        if 1 <= a <= 8 and a - 1 not in chosen:
            chosen.append(a - 1)
    # Scores shown to people: squashed into 0..1, order kept.
    out = []
    for i in chosen:
        ev = [s for _, s in sorted(evidence[i], key=lambda x: -x[0])[:2]]
        out.append({
            "axis": i + 1,
            "score": round(float(1 / (1 + math.exp(-score[i]))), 4),
            "evidence": ev,
            "source": "document" if hint and i + 1 in hint else "auto",
        })
    out.sort(key=lambda d: -d["score"])
    return out
