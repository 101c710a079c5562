"""The MoU axes classifier: one-vs-rest logistic regression over a practice's vectors and words.

Features (`FeatureConfig`): the index's text vector and head vector of the
practice (e5, 384 each), and hashed folded word stems of its title and text
(binary, L2-normalised, scaled). Fitting uses scikit-learn (balanced class
weights); prediction is plain numpy, so the model is one small `axes.npz`
of arrays (weights, biases, per-axis thresholds, feature settings) that loads
in milliseconds.

Measured out of fold (5 folds by document, bench/axes_cv.py --configs, 146
records of the development corpus; micro-F1): this configuration 0.757 (0.757 to
0.774 over four fold partitions), where the prototype linker it replaced scored
0.661 in-sample. Alternatives, each one change from it: no axis descriptions as
extra examples 0.700, text vector only 0.717, text + head vectors without words
0.693, words only 0.673, C=10 with words at full weight 0.720, C=30 0.734,
C=300 0.722, words x0.25 0.726, 512 buckets 0.726, at most two axes 0.740.
Thresholds tuned jointly for micro-F1 instead of per axis scored 0.74.

Each axis has its own decision threshold, chosen to maximise that axis's F1
on out-of-fold probabilities from an inner cross-validation by document on
the training data (a threshold tuned on the examples a model was fitted on
is far too optimistic). A practice always gets at least one axis: the one
furthest above (or least below) its threshold.
"""
from __future__ import annotations

import json
import zlib
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

from kb.fold import words
from search.axes_data import N_AXES, Examples, fold_of
from search.text import STOP, stem

MODEL_FILE = "axes.npz"
FORMAT_VERSION = 1


@dataclass(frozen=True)
class FeatureConfig:
    """Which features the classifier reads, and the fitting settings (all stored in the model file)."""
    use_vector: bool = True
    use_head: bool = True
    n_hash: int = 1024  # word-stem buckets; 0 = no word features
    word_scale: float = 0.5  # weight of the word block against the vectors
    C: float = 100.0  # inverse regularisation of the logistic regression
    inner_folds: int = 5  # cross-validation by document for the thresholds
    max_axes: int = 3


@dataclass
class AxesClassifier:
    weights: np.ndarray  # (8, d) float32
    biases: np.ndarray  # (8,) float32
    thresholds: np.ndarray  # (8,) float32, probabilities
    config: FeatureConfig
    n_examples: int = 0

    # -- prediction ---------------------------------------------------------

    def probabilities(self, vectors: np.ndarray, heads: np.ndarray, texts: list[str]) -> np.ndarray:
        x = features(self.config, vectors, heads, texts)
        return _sigmoid(x @ self.weights.T + self.biases)

    def decide(self, probs: np.ndarray) -> list[list[int]]:
        """Axis numbers per row, strongest first: those at or above their threshold, at least one."""
        return decide(probs, self.thresholds, self.config.max_axes)

    def predict(self, vectors: np.ndarray, heads: np.ndarray, texts: list[str]) -> list[list[int]]:
        return self.decide(self.probabilities(vectors, heads, texts))

    def word_weights(self, stems: list[str]) -> np.ndarray:
        """(len(stems), 8): how much each word stem pushes each axis's linear score (evidence)."""
        if not self.config.n_hash:
            return np.zeros((len(stems), N_AXES), dtype=np.float32)
        start = self.weights.shape[1] - self.config.n_hash  # the word block comes last
        cols = np.array([start + _bucket(s, self.config.n_hash) for s in stems], dtype=np.int64)
        return self.weights[:, cols].T if len(cols) else np.zeros((0, N_AXES), dtype=np.float32)

    # -- persistence --------------------------------------------------------

    def save(self, path: Path) -> Path:
        """Write the model atomically (a reader never sees half a file). Arrays only: no pickle."""
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".tmp.npz")
        np.savez(tmp, weights=self.weights.astype(np.float32), biases=self.biases.astype(np.float32),
                 thresholds=self.thresholds.astype(np.float32),
                 config=np.array(json.dumps(asdict(self.config), sort_keys=True)),
                 n_examples=np.array(self.n_examples), version=np.array(FORMAT_VERSION))
        tmp.replace(path)
        return path

    @classmethod
    def load(cls, path: Path) -> "AxesClassifier":
        try:
            with np.load(path, allow_pickle=False) as z:
                if int(z["version"]) != FORMAT_VERSION:
                    raise ValueError(f"format {int(z['version'])}, expected {FORMAT_VERSION}")
                config = FeatureConfig(**json.loads(str(z["config"])))
                model = cls(weights=z["weights"].astype(np.float32), biases=z["biases"].astype(np.float32),
                            thresholds=z["thresholds"].astype(np.float32), config=config,
                            n_examples=int(z["n_examples"]))
        except (OSError, KeyError, ValueError, TypeError) as exc:
            raise ValueError(f"cannot read the MoU axes model {path}: {exc}") from exc
        if model.weights.shape != (N_AXES, feature_dim(config, model.weights.shape[1])):
            raise ValueError(f"cannot read the MoU axes model {path}: weights of shape {model.weights.shape}")
        return model


# -- features ---------------------------------------------------------------------


def _bucket(token: str, n: int) -> int:
    return zlib.crc32(token.encode("utf-8")) % n


def text_stems(text: str) -> list[str]:
    """The distinct content-word stems of a text, in order of first use."""
    seen: dict[str, None] = {}
    for w in words(text):
        if w in STOP or len(w) < 3 or w.isdigit():
            continue
        seen.setdefault(stem(w), None)
    return list(seen)


def word_features(texts: list[str], n_hash: int) -> np.ndarray:
    out = np.zeros((len(texts), n_hash), dtype=np.float32)
    for i, text in enumerate(texts):
        for s in text_stems(text):
            out[i, _bucket(s, n_hash)] = 1.0
        norm = np.linalg.norm(out[i])
        if norm:
            out[i] /= norm
    return out


def feature_dim(config: FeatureConfig, total: int) -> int:
    """Checks a stored weight width against the config (the vector width is whatever is left)."""
    blocks = int(config.use_vector) + int(config.use_head)
    vec = (total - config.n_hash) // blocks if blocks else 0
    return vec * blocks + config.n_hash


def features(config: FeatureConfig, vectors: np.ndarray, heads: np.ndarray, texts: list[str]) -> np.ndarray:
    parts = []
    if config.use_vector:
        parts.append(np.asarray(vectors, dtype=np.float32))
    if config.use_head:
        parts.append(np.asarray(heads, dtype=np.float32))
    if config.n_hash:
        parts.append(word_features(texts, config.n_hash) * config.word_scale)
    return np.hstack(parts).astype(np.float32)


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(x, -30, 30)))


def decide(probs: np.ndarray, thresholds: np.ndarray, max_axes: int) -> list[list[int]]:
    out = []
    for p in np.atleast_2d(probs):
        margin = np.log(np.clip(p, 1e-9, 1)) - np.log(np.clip(thresholds, 1e-9, 1))
        order = [int(i) for i in np.argsort(-margin, kind="stable")]
        chosen = [i for i in order if p[i] >= thresholds[i]][:max_axes] or order[:1]
        out.append([i + 1 for i in chosen])
    return out


# -- fitting ----------------------------------------------------------------------


def _fit_weights(x: np.ndarray, y: np.ndarray, C: float) -> tuple[np.ndarray, np.ndarray]:
    """One binary logistic regression per axis, classes balanced. An axis with no positive (or no
    negative) example gets zero weights and a bias that says so."""
    from sklearn.linear_model import LogisticRegression  # only needed to fit

    w = np.zeros((N_AXES, x.shape[1]), dtype=np.float32)
    b = np.full(N_AXES, -10.0, dtype=np.float32)
    for a in range(N_AXES):
        pos = int(y[:, a].sum())
        if pos == 0 or pos == len(y):
            b[a] = -10.0 if pos == 0 else 10.0
            continue
        # liblinear: 0.45 s for the eight axes on ~300 examples, where lbfgs took 16 s (the vectors and
        # the axis descriptions are nearly separable, which lbfgs converges on slowly). Deterministic.
        clf = LogisticRegression(C=C, class_weight="balanced", solver="liblinear", max_iter=2000, tol=1e-4,
                                 random_state=0)
        clf.fit(x, y[:, a])
        w[a], b[a] = clf.coef_[0], clf.intercept_[0]
    return w, b


def best_threshold(probs: np.ndarray, truth: np.ndarray) -> float:
    """The probability cut that maximises F1 of one axis (midway between neighbouring scores; ties go
    to the higher cut, which is the more cautious one)."""
    if truth.sum() == 0:
        return 0.5
    values = np.unique(probs)
    cuts = np.concatenate([[values[0] - 1e-6], (values[1:] + values[:-1]) / 2, [values[-1] + 1e-6]])
    best, best_f1 = 0.5, -1.0
    for c in cuts:
        pred = probs >= c
        tp = float((pred & (truth == 1)).sum())
        f1 = 2 * tp / (pred.sum() + truth.sum()) if pred.sum() + truth.sum() else 0.0
        if f1 >= best_f1:
            best, best_f1 = float(c), f1
    return float(np.clip(best, 0.01, 0.99))


def out_of_fold(config: FeatureConfig, train: Examples, calibrate: np.ndarray,
                extra: Examples | None = None) -> np.ndarray:
    """Out-of-fold probabilities for the rows `calibrate` of `train`: folds by document; `extra`
    examples (the axis descriptions) are in every training fold and never predicted."""
    folds = np.array([fold_of(g, config.inner_folds) for g in train.groups])
    probs = np.full((len(train), N_AXES), np.nan, dtype=np.float32)
    x_all = features(config, train.vectors, train.heads, train.texts)
    x_extra = features(config, extra.vectors, extra.heads, extra.texts) if extra is not None and len(extra) else None
    for f in range(config.inner_folds):
        test = np.nonzero((folds == f) & calibrate)[0]
        fit = np.nonzero(folds != f)[0]
        if not len(test) or not len(fit):
            continue
        x, y = x_all[fit], train.labels[fit]
        if x_extra is not None:
            x, y = np.vstack([x, x_extra]), np.vstack([y, extra.labels])
        w, b = _fit_weights(x, y, config.C)
        probs[test] = _sigmoid(x_all[test] @ w.T + b)
    return probs


def fit(train: Examples, config: FeatureConfig = FeatureConfig(), extra: Examples | None = None) -> AxesClassifier:
    """Fit on `train` (practices) plus `extra` (labelled texts such as the axis descriptions), and choose
    each axis's threshold on out-of-fold probabilities of the practices."""
    calibrate = np.ones(len(train), dtype=bool)
    oof = out_of_fold(config, train, calibrate, extra)
    known = ~np.isnan(oof[:, 0])
    thresholds = np.array([best_threshold(oof[known, a], train.labels[known, a]) for a in range(N_AXES)],
                          dtype=np.float32)
    full = Examples.concat([train, extra]) if extra is not None and len(extra) else train
    x = features(config, full.vectors, full.heads, full.texts)
    w, b = _fit_weights(x, full.labels, config.C)
    return AxesClassifier(weights=w, biases=b, thresholds=thresholds, config=config, n_examples=len(full))


def micro_f1(predicted: list[list[int]], truth: np.ndarray) -> dict:
    tp = fp = fn = 0
    for axes, row in zip(predicted, truth):
        gold = {i + 1 for i in np.nonzero(row)[0]}
        tp += len(set(axes) & gold)
        fp += len(set(axes) - gold)
        fn += len(gold - set(axes))
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {"micro_f1": round(2 * p * r / (p + r), 4) if p + r else 0.0, "precision": round(p, 4),
            "recall": round(r, 4), "n": len(predicted)}
