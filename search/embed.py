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


GPU_BATCH = 128
QUERY_ONE_THREAD = 8  # up to this many query texts are encoded on one thread


class ModelError(Exception):
    pass


def model_name(model: str) -> str:
    """The name recorded beside each vector: the folder name for a local model, else the hub name."""
    p = Path(model)
    return p.resolve().name if p.exists() else model


def default_device() -> str:
    """KB_DEVICE (set by `kb ingest --device` and `kb reembed --device`), else the CPU."""
    return (os.environ.get("KB_DEVICE") or "cpu").strip() or "cpu"


def check_device(device: str) -> str:
    """The device, if torch can use it; otherwise a ModelError that says why and what to do."""
    if device == "cpu":
        return device
    if not device.startswith("cuda"):
        raise ModelError(f"unknown device {device!r}: use cpu, cuda or cuda:N")
    import torch

    if not torch.cuda.is_available():
        raise ModelError(f"--device {device}: no CUDA GPU is available to torch here (torch.cuda.is_available() "
                         "is False: no GPU, no driver, or a CPU-only torch build); run without --device to embed "
                         "on the CPU")
    index = int(device.split(":", 1)[1]) if ":" in device else 0
    if index >= torch.cuda.device_count():
        raise ModelError(f"--device {device}: torch sees {torch.cuda.device_count()} CUDA device(s)")
    return device


class Embedder:
    """A sentence-transformers model on one device. On a GPU, batches are larger (GPU_BATCH): the GPU
    is fed whole batches at once, while on the CPU 32 keeps memory low at no cost in speed."""

    def __init__(self, model: str, *, batch_size: int | None = None, device: str | None = None):
        self.device = check_device(device or default_device())
        if not Path(model).exists() and (os.sep in model or model.startswith(".")):
            raise ModelError(
                f"embedding model not found at {model}: run `make model` (or `python -m search.modelbuild`) "
                "to build the default model offline, or set KB_MODEL to a sentence-transformers model folder"
            )
        from sentence_transformers import SentenceTransformer  # heavy import: only when a model is needed

        try:
            self.model = SentenceTransformer(str(model), device=self.device)
        except Exception as exc:  # sentence-transformers raises OSError, ValueError, HF errors...
            raise ModelError(f"cannot load embedding model {model!r}: {exc}") from exc
        self.name = model_name(model)
        self.batch_size = batch_size or (GPU_BATCH if self.device != "cpu" else 32)
        prompts = getattr(self.model, "prompts", {}) or {}
        self._query_prompt = "query" if "query" in prompts else None
        self._passage_prompt = "passage" if "passage" in prompts else None
        dim = getattr(self.model, "get_embedding_dimension", None) or self.model.get_sentence_embedding_dimension
        self.dim = int(dim())
        self._lock = threading.Lock()
        self._query_cache: OrderedDict[str, np.ndarray] = OrderedDict()

    def _encode(self, texts: list[str], prompt_name: str | None, threads: int | None = None) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        with self._lock:  # torch on CPU: one encode at a time keeps latency predictable
            import torch

            before = torch.get_num_threads()
            if threads and threads != before:
                torch.set_num_threads(threads)
            try:
                vecs = self.model.encode(
                    list(texts), prompt_name=prompt_name, batch_size=self.batch_size,
                    normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False,
                )
            finally:
                if threads and threads != before:
                    torch.set_num_threads(before)
        return np.asarray(vecs, dtype=np.float32)

    def encode_passages(self, texts: list[str]) -> np.ndarray:
        return self._encode(texts, self._passage_prompt)

    def encode_queries(self, texts: list[str]) -> np.ndarray:
        """Query vectors. A handful of short texts run on one thread: splitting so little work across
        threads loses more to synchronisation than it gains, and on a busy machine far more (on the
        2-core test machine at load 16, one query took 3.9 s with torch's default 2 threads, 0.24 s with 1)."""
        return self._encode(texts, self._query_prompt, threads=1 if len(texts) <= QUERY_ONE_THREAD else None)

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


def get_embedder(model: str, device: str | None = None) -> Embedder:
    """The process-wide embedder for `model` on `device` (default: KB_DEVICE or the CPU); loading takes
    seconds, so it is done once."""
    return _embedder(model, device or default_device())


@lru_cache(maxsize=4)
def _embedder(model: str, device: str) -> Embedder:
    return Embedder(model, device=device)


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
