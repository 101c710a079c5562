"""Linking practices to the eight MoU axes, with a score and the sentences that justify it.

The decision is a learned multi-label classifier (search.axes_model): one
logistic regression per axis over the practice's text and head vectors and its
word stems, with a per-axis threshold calibrated out of fold. Measured by
5-fold cross-validation by document on the development corpus (bench/axes_cv.py),
it replaced a hand-weighted mix of prototype cosines, axis vocabulary and
nearest confirmed examples that scored micro-F1 0.661 on the same records
(0.546 on unseen documents).

The model file is `axes.npz`: the one shipped in search/models/, or the one a
retrain wrote into a database's models folder (`<db>.models/axes.npz`), which
is preferred. Coordinators' confirmed axes are training data for `kb axes
retrain`; they are never changed by linking.

Evidence (the sentences shown beside an axis): the practice's sentences whose
words push that axis's score up most, with the axis's own vocabulary
(kb/axes.json) as the fallback. Axes the document itself names (a form's
"Axis" field) are always kept.
"""
from __future__ import annotations

import math
import re
import threading
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from kb.axes import all_axes
from search.axes_data import N_AXES, example_text
from search.axes_model import MODEL_FILE, AxesClassifier, text_stems
from search.text import STOP, stem, words

_SENTENCE = re.compile(r"(?<=[.!;;?])\s+|\n+")

SHIPPED_DIR = Path(__file__).resolve().parent / "models"
MAX_SENTENCES = 60


@dataclass
class AxisModel:
    classifier: AxesClassifier
    cues: dict[str, list[tuple[int, float]]]  # stem -> [(axis index, weight)]: the fallback evidence
    path: Path


def axis_texts(axis) -> list[str]:
    return [axis.title_el, axis.title_en, axis.text_el, axis.text_en, *axis.examples_el, *axis.examples_en]


def models_dir_for(db_path: Path) -> Path:
    """The folder beside a database that holds models retrained on it."""
    return db_path.with_name(db_path.name + ".models")


def model_path(models_dir: Path | None = None) -> Path:
    """The axes model in use: `models_dir`'s when it holds one, else the shipped one."""
    if models_dir is not None and (Path(models_dir) / MODEL_FILE).is_file():
        return Path(models_dir) / MODEL_FILE
    return SHIPPED_DIR / MODEL_FILE


def axis_cues() -> dict[str, list[tuple[int, float]]]:
    """Stems of each axis's texts and examples, weighted by how specific they are to that axis."""
    axes = all_axes()
    stems_per_axis = [{stem(w) for t in axis_texts(a) for w in words(t) if w not in STOP and len(w) > 3}
                      for a in axes]
    df: dict[str, int] = {}
    for stems in stems_per_axis:
        for s in stems:
            df[s] = df.get(s, 0) + 1
    cues: dict[str, list[tuple[int, float]]] = {}
    for a, stems in enumerate(stems_per_axis):
        for s in sorted(stems):
            cues.setdefault(s, []).append((a, math.log(1 + len(axes) / df[s])))
    return cues


_cache: dict[tuple[str, int], AxisModel] = {}
_cache_lock = threading.Lock()


def load_axis_model(models_dir: Path | None = None) -> AxisModel:
    """The axes model for `models_dir` (see `model_path`), cached until its file changes."""
    path = model_path(models_dir)
    try:
        key = (str(path), path.stat().st_mtime_ns)
    except OSError:
        raise ValueError(f"no MoU axes model at {path}: it ships with praxis-kb; reinstall it") from None
    with _cache_lock:
        model = _cache.get(key)
        if model is None:
            model = AxisModel(classifier=AxesClassifier.load(path), cues=axis_cues(), path=path)
            _cache.clear()  # one model in use at a time is the norm; a retrained file replaces the old
            _cache[key] = model
        return model


def _cue_hits(model: AxisModel, word_stem: str) -> list[tuple[int, float]]:
    """Axis cues matching a word: the longest cue stem that is a prefix of it."""
    for n in range(len(word_stem), 3, -1):
        hit = model.cues.get(word_stem[:n])
        if hit:
            return hit
    return []


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE.split(text or "") if len(s.strip()) > 20]


def evidence(model: AxisModel, text: str, axes: list[int], n: int = 2) -> dict[int, list[str]]:
    """For each axis number, up to n sentences of the text that speak for it: the learned word
    weights first, the axis's own vocabulary when no sentence has a positive learned weight."""
    learned: dict[int, list[tuple[float, int, str]]] = {a: [] for a in axes}
    cued: dict[int, list[tuple[float, int, str]]] = {a: [] for a in axes}
    for k, s in enumerate(sentences(text)[:MAX_SENTENCES]):
        stems = text_stems(s)
        if not stems:
            continue
        weights = model.classifier.word_weights(stems)
        for a in axes:
            push = float(np.clip(weights[:, a - 1], 0, None).sum())
            if push > 0:
                learned[a].append((push, k, s))
        per_axis = np.zeros(N_AXES, dtype=np.float32)
        for w in {stem(w) for w in words(s) if w not in STOP and len(w) > 3}:
            for i, weight in _cue_hits(model, w):
                per_axis[i] += weight
        for a in axes:
            if per_axis[a - 1] > 0:
                cued[a].append((float(per_axis[a - 1]), k, s))
    out = {}
    for a in axes:
        ranked = sorted(learned[a], key=lambda x: (-x[0], x[1])) or sorted(cued[a], key=lambda x: (-x[0], x[1]))
        out[a] = [s for _, _, s in ranked[:n]]
    return out


def link_many(model: AxisModel, vectors: np.ndarray, heads: np.ndarray | None, titles: list[str],
              texts: list[str], hints: list[list[int]] | None = None) -> list[list[dict]]:
    """Axes for several practices at once (one matrix product): see `link`."""
    vectors = np.atleast_2d(np.asarray(vectors, dtype=np.float32))
    heads = vectors if heads is None else np.atleast_2d(np.asarray(heads, dtype=np.float32))
    clf = model.classifier
    expected = clf.weights.shape[1] - clf.config.n_hash
    given = vectors.shape[1] * (int(clf.config.use_vector) + int(clf.config.use_head))
    if given != expected:
        raise ValueError(f"the MoU axes model {model.path} was fitted on vectors of another embedding model "
                         f"(width {expected}, not {given}): run `kb axes retrain`")
    full = [example_text(t, x) for t, x in zip(titles, texts)]
    probs = clf.probabilities(vectors, heads, full)
    decided = clf.decide(probs)
    out = []
    for i, (p, chosen) in enumerate(zip(probs, decided)):
        hint = [a for a in (hints[i] if hints else []) or [] if 1 <= a <= 8]
        axes = chosen + [a for a in hint if a not in chosen]
        ev = evidence(model, texts[i], axes)
        links = [{"axis": a, "score": round(float(p[a - 1]), 4), "evidence": ev[a],
                  "source": "document" if a in hint else "auto"} for a in axes]
        links.sort(key=lambda d: -d["score"])
        out.append(links)
    return out


def link(model: AxisModel, vector: np.ndarray, text: str, *, head: np.ndarray | None = None, title: str = "",
         hint: list[int] | None = None) -> list[dict]:
    """Axes for one practice, strongest first: [{"axis", "score", "evidence": [sentences], "source"}].

    `vector` and `head` are the index's text and head vectors (the head defaults to the text vector);
    the score is the classifier's probability for the axis."""
    return link_many(model, np.asarray(vector)[None, :], None if head is None else np.asarray(head)[None, :],
                     [title], [text], [hint or []])[0]
