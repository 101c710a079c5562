"""Sentence embeddings through sentence-transformers, loaded once per process.

The default model is multilingual-e5-small, materialised offline by
`make model` (search.modelbuild). e5 models expect "query: " and "passage: "
prefixes; a model folder that declares those prompts gets them, any other
sentence-transformers model is used as it is. Vectors are L2-normalised
float32, so the inner product is the cosine.
"""
from __future__ import annotations

import os
import threading
from collections import OrderedDict
from functools import lru_cache
from pathlib import Path

import numpy as np

# Never reach for a model hub at run time: these machines (and many municipal servers) are offline.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")


class ModelError(Exception):
    pass


def model_name(model: str) -> str:
    """The name recorded beside each vector: the folder name for a local model, else the hub name."""
    p = Path(model)
    return p.resolve().name if p.exists() else model


class Embedder:
    def __init__(self, model: str, *, batch_size: int = 32):
        if not Path(model).exists() and (os.sep in model or model.startswith(".")):
            raise ModelError(
                f"embedding model not found at {model}: run `make model` (or `python -m search.modelbuild`) "
                "to build the default model offline, or set KB_MODEL to a sentence-transformers model folder"
            )
        from sentence_transformers import SentenceTransformer  # heavy import: only when a model is needed

        try:
            self.model = SentenceTransformer(str(model), device="cpu")
        except Exception as exc:  # sentence-transformers raises OSError, ValueError, HF errors...
            raise ModelError(f"cannot load embedding model {model!r}: {exc}") from exc
        self.name = model_name(model)
        self.batch_size = batch_size
        prompts = getattr(self.model, "prompts", {}) or {}
        self._query_prompt = "query" if "query" in prompts else None
        self._passage_prompt = "passage" if "passage" in prompts else None
        dim = getattr(self.model, "get_embedding_dimension", None) or self.model.get_sentence_embedding_dimension
        self.dim = int(dim())
        self._lock = threading.Lock()
        self._query_cache: OrderedDict[str, np.ndarray] = OrderedDict()

    def _encode(self, texts: list[str], prompt_name: str | None) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        with self._lock:  # torch on CPU: one encode at a time keeps latency predictable
            vecs = self.model.encode(
                list(texts), prompt_name=prompt_name, batch_size=self.batch_size,
                normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False,
            )
        return np.asarray(vecs, dtype=np.float32)

    def encode_passages(self, texts: list[str]) -> np.ndarray:
        return self._encode(texts, self._passage_prompt)

    def encode_queries(self, texts: list[str]) -> np.ndarray:
        return self._encode(texts, self._query_prompt)

    def encode_query(self, text: str) -> np.ndarray:
        """One query, with a small LRU cache: people repeat and refine searches."""
        hit = self._query_cache.get(text)
        if hit is not None:
            self._query_cache.move_to_end(text)
            return hit
        vec = self.encode_queries([text])[0]
        self._query_cache[text] = vec
        if len(self._query_cache) > 512:
            self._query_cache.popitem(last=False)
        return vec


@lru_cache(maxsize=4)
def get_embedder(model: str) -> Embedder:
    """The process-wide embedder for `model` (loading takes seconds; do it once)."""
    return Embedder(model)


def passage_text(title: str, text: str) -> str:
    """What is embedded for a practice: its title, then its text (the model truncates at 512 tokens)."""
    title = (title or "").strip()
    text = (text or "").strip()
    if text.startswith(title):
        return text
    return f"{title}. {text}" if title else text


def head_text(title: str, summary: str) -> str:
    """What the head vector embeds: the practice's name and its summary."""
    title, summary = (title or "").strip(), (summary or "").strip()
    return f"{title}. {summary}" if title and summary and not summary.startswith(title) else (summary or title)


PASSAGE_WORDS = 60  # words of a passage window
PASSAGE_STRIDE = 40  # words between the starts of two windows (they overlap by 20)


def passage_windows(title: str, text: str) -> list[str]:
    """Overlapping windows of a long practice text, each after the title; none for a short text.

    e5 reads 512 tokens of a text and a single vector averages all of it, so a long
    practice's one sentence that answers a question is diluted; its best window's
    cosine, when higher than the whole text's, stands for the text (search.index).
    On the development corpus this took hybrid nDCG@10 from 0.585 to 0.602,
    cross-lingual from 0.506 to 0.558, paraphrases from 0.352 to 0.373.
    """
    words = (text or "").split()
    if len(words) <= PASSAGE_WORDS + PASSAGE_STRIDE // 2:
        return []
    title = (title or "").strip()
    out = []
    for start in range(0, len(words), PASSAGE_STRIDE):
        chunk = " ".join(words[start:start + PASSAGE_WORDS])
        out.append(f"{title}. {chunk}" if title else chunk)
        if start + PASSAGE_WORDS >= len(words):
            break
    return out
