"""The product's embedding stage against the raw model, on one device, on the same texts.

    python bench/gpu_embed.py --device cuda [--practices 4000] [--seed-db .bench/scale-seed-*/kb.sqlite]

Texts are real practices at their real lengths: those of a seed database
(bench/scale.py writes one under .bench/; by default the first found), repeated
with a distinguishing suffix until there are --practices of them. Each practice
is embedded as the product embeds it: its text (title and body) and its head
(title and summary), so 2 passages a practice.

- raw: SentenceTransformer.encode on all the passages at once, batch --raw-batch, on the device.
- product: search.indexer.Indexer.run on a fresh store holding the practices: batches read from
  SQLite, embedded, MoU axes linked, vectors and links committed, the FAISS index written.

Prints passages/s for both and their ratio (the target: product >= 50% of raw). Runs on the CPU too
(--device cpu, small --practices) so that the script is known to work before a GPU is at hand.
"""
from __future__ import annotations

import argparse
import glob
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

from kb.config import Settings  # noqa: E402
from kb.model import Practice  # noqa: E402
from kb.store import Store  # noqa: E402


def real_practices(seed_db: Path | None) -> list[dict]:
    found = [Path(seed_db)] if seed_db else [Path(p) for p in sorted(glob.glob(str(ROOT / ".bench" / "scale-seed-*" / "kb.sqlite")))]
    for db in found:
        if db.exists():
            store = Store(db, create=False)
            rows = store.rows("SELECT title, summary, text, language FROM practices WHERE text <> ''")
            store.close()
            if rows:
                return rows
    raise SystemExit("no seed database with practices: run bench/scale.py once, or pass --seed-db")


def sync(device: str) -> None:
    if device.startswith("cuda"):
        import torch

        torch.cuda.synchronize()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--device", default="cuda")
    ap.add_argument("--practices", type=int, default=4000)
    ap.add_argument("--seed-db", type=Path, default=None)
    ap.add_argument("--raw-batch", type=int, default=256)
    args = ap.parse_args()
    from search.embed import Embedder, check_device, head_text, passage_text
    from search.indexer import Indexer

    device = check_device(args.device)
    model = Settings().model
    rows = real_practices(args.seed_db)
    practices = []
    for i in range(args.practices):
        r = rows[i % len(rows)]
        suffix = f" ({i})" if i >= len(rows) else ""
        practices.append(Practice(title=(r["title"] or "") + suffix, summary=r["summary"] or "",
                                  text=(r["text"] or "") + suffix, language=r["language"] or ""))
    passages = [passage_text(p.title, p.text) for p in practices] + [head_text(p.title, p.summary) for p in practices]
    chars = sum(len(t) for t in passages) / len(passages)
    print(f"device {device}; {len(practices)} practices = {len(passages)} passages, {chars:.0f} characters on average")

    embedder = Embedder(model, device=device)
    st = embedder.model
    st.encode(passages[:64], prompt_name=embedder._passage_prompt, batch_size=args.raw_batch)  # warm up kernels
    sync(device)
    t0 = time.perf_counter()
    st.encode(passages, prompt_name=embedder._passage_prompt, batch_size=args.raw_batch,
              normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False)
    sync(device)
    raw = len(passages) / (time.perf_counter() - t0)
    print(f"raw model: {raw:.0f} passages/s (batch {args.raw_batch})")

    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "kb.sqlite")
        with store.transaction():
            for i, p in enumerate(practices):
                store.insert_practice(f"g{i:06d}", p, document_id=None, source_path=f"bench/{i}.txt",
                                      origin="ingest", review_state="published")
        indexer = Indexer(store, model, embedder=embedder, device=device)
        indexer.axis_model()  # the axis prototypes are embedded once per process, not per run: outside the timing
        sync(device)
        t0 = time.perf_counter()
        done = indexer.run()
        sync(device)
        seconds = time.perf_counter() - t0
        store.close()
    product = 2 * done / seconds
    print(f"product embedding stage (Indexer.run: read, embed, link axes, commit, write the index): "
          f"{product:.0f} passages/s, {done} practices in {seconds:.1f} s, of which encoding "
          f"{indexer.seconds_embedding:.1f} s")
    print(f"product / raw: {100 * product / raw:.0f}% (target >= 50%)")


if __name__ == "__main__":
    main()
