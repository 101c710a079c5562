"""Calibrate the search relevance cut-off (issue 12) out of fold on a labelled corpus.

    python bench/cutoff.py /work/shared/corpus [--db /tmp/cutoff.sqlite] [--folds 5]

Dense search ranks every practice, so a search needs a cut-off to say "these match".
A practice matches a query when it is a keyword hit covering at least a share S of
the query's terms, or its dense similarity is at least D (search.hybrid.matched).
The corpus is ingested once (kept at --db for the next run); for each query the
keyword shares and dense similarities of every practice are computed once. Queries go
to folds by a hash of their id; each fold's (S, D) is the pair that maximises the mean
per-query F1 of "matched" vs "relevant" (gold grade 1 or 2) on the OTHER folds, and is
measured on the held-out fold: F1, precision, recall, the share of irrelevant practices
removed, and hybrid nDCG@10 with and without the cut-off. Ten nonsense queries written
for this script (no corpus text) must match nothing. The chosen constants are the
median of the folds' choices, refitted on all queries for comparison.
"""
from __future__ import annotations

import argparse
import hashlib
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kb.config import default_model  # noqa: E402
from kb.store import Store  # noqa: E402
from search.evaluate import Gold, hits_of, ingest_into, ndcg_at_10  # noqa: E402
from search.hybrid import Filters, Searcher, dense_scores, keyword_shares  # noqa: E402

NONSENSE = [
    "xyzzy qwerty", '"*(', "asdfgh jkl zxcv", "ζζζ ξξξ ψψψ", "blorft snerg wib", "qqqq 7777 zzzz",
    "λκξφ ωψχ πρτσδ", "κουλουφλουμπ γκαραμπουζ", "%%% ### !!!", "mxyzptlk vrooom",
]
SHARES = (0.01, 0.34, 0.5, 0.67, 1.0)
DENSES = tuple(round(0.0 + 0.01 * i, 2) for i in range(0, 61))


def fold_of(qid: str, folds: int) -> int:
    return int(hashlib.sha256(qid.encode()).hexdigest(), 16) % folds


def observe(store: Store, gold: Gold, model: str) -> tuple[Searcher, list[dict]]:
    searcher = Searcher(store, model=model)
    records = store.practices("1=1", order="source_path, ordinal")
    golds = {r["id"]: hits_of(r, gold.practices) for r in records}
    obs = []
    for q in gold.queries:
        f = q.get("filters") or {}
        filters = Filters(municipality=f.get("municipality"), axis=f.get("axis"))
        allowed = searcher.allowed_ids(filters)
        relevant = {pid for pid, gs in golds.items() if any(g in q["relevant"] for g in gs)
                    and (allowed is None or pid in allowed)}
        ranked = [h.id for h in searcher.search(q["text"], k=100, filters=filters)]
        obs.append({"id": q["id"], "kind": q["kind"], "kw": keyword_shares(searcher, q["text"], allowed),
                    "dn": dense_scores(searcher, q["text"], allowed), "relevant": relevant,
                    "grades": q["relevant"], "ranked": ranked, "golds": golds})
    return searcher, obs


def match(o: dict, share: float, dense: float) -> set[str]:
    return {p for p, s in o["kw"].items() if s >= share} | {p for p, s in o["dn"].items() if s >= dense}


def scores(obs: list[dict], share: float, dense: float) -> dict:
    f1s, ps, rs, removed, nd0, nd1, empty = [], [], [], [], [], [], 0
    for o in obs:
        m = match(o, share, dense)
        tp = len(m & o["relevant"])
        p = tp / len(m) if m else 1.0
        r = tp / len(o["relevant"]) if o["relevant"] else 1.0
        f1s.append(2 * p * r / (p + r) if p + r else 0.0)
        ps.append(p)
        rs.append(r)
        irrelevant = set(o["dn"]) - o["relevant"]
        removed.append(len(irrelevant - m) / len(irrelevant) if irrelevant else 1.0)
        nd0.append(ndcg_at_10([o["golds"].get(h, []) for h in o["ranked"]], o["grades"]))
        nd1.append(ndcg_at_10([o["golds"].get(h, []) for h in o["ranked"] if h in m], o["grades"]))
        empty += not m
    n = len(obs)
    return {"f1": sum(f1s) / n, "precision": sum(ps) / n, "recall": sum(rs) / n,
            "irrelevant_removed": sum(removed) / n, "ndcg10_before": sum(nd0) / n, "ndcg10_after": sum(nd1) / n,
            "queries_with_no_match": empty}


def best(obs: list[dict]) -> tuple[float, float]:
    """The (share, dense) pair with the best mean F1; ties go to the stricter dense threshold."""
    return max(((s, d) for s in SHARES for d in DENSES), key=lambda sd: (round(scores(obs, *sd)["f1"], 6), sd[1]))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--db", type=Path, default=Path("/tmp/kb-cutoff/eval.sqlite"))
    ap.add_argument("--folds", type=int, default=5)
    args = ap.parse_args()
    model = default_model()
    gold = Gold.load(args.corpus)
    fresh = not args.db.exists()
    args.db.parent.mkdir(parents=True, exist_ok=True)
    store = Store(args.db)
    if fresh:
        print(f"ingesting {args.corpus} into {args.db} ...", file=sys.stderr)
        ingest_into(store, [str(args.corpus / "docs")], model=model)
    searcher, obs = observe(store, gold, model)
    chosen, held = [], {}
    for f in range(args.folds):
        train = [o for o in obs if fold_of(o["id"], args.folds) != f]
        test = [o for o in obs if fold_of(o["id"], args.folds) == f]
        s, d = best(train)
        chosen.append((s, d))
        r = scores(test, s, d)
        print(f"fold {f}: {len(test):>3} queries  share>={s:.2f} dense>={d:.2f}  F1 {r['f1']:.3f} "
              f"P {r['precision']:.3f} R {r['recall']:.3f} irrelevant removed {r['irrelevant_removed']:.3f}  "
              f"nDCG@10 {r['ndcg10_before']:.3f} -> {r['ndcg10_after']:.3f}")
        for key, v in r.items():
            held.setdefault(key, []).append((v, len(test)))
    n = len(obs)
    print("held out (weighted by fold size): " + ", ".join(
        f"{k} {sum(v * w for v, w in vals) / n:.3f}" if k != "queries_with_no_match"
        else f"{k} {sum(v for v, _ in vals)}" for k, vals in held.items()))
    share = statistics.median(s for s, _ in chosen)
    dense = statistics.median(d for _, d in chosen)
    print(f"chosen (median of the folds): KEYWORD_MIN_SHARE {share:.2f}, DENSE_MIN {dense:.2f}; "
          f"fitted on all queries: {best(obs)}")
    whole = scores(obs, share, dense)
    print("with the chosen values on all queries: " + ", ".join(f"{k} {v:.3f}" for k, v in whole.items()))
    for kind in sorted({o["kind"] for o in obs}):
        r = scores([o for o in obs if o["kind"] == kind], share, dense)
        print(f"  {kind:<11} nDCG@10 {r['ndcg10_before']:.3f} -> {r['ndcg10_after']:.3f}  F1 {r['f1']:.3f}")
    zero = 0
    for text in NONSENSE:
        kw = keyword_shares(searcher, text, None)
        dn = dense_scores(searcher, text, None)
        m = {p for p, s in kw.items() if s >= share} | {p for p, s in dn.items() if s >= dense}
        zero += not m
        print(f"  nonsense {text!r}: {len(m)} matches (best dense {max(dn.values(), default=0):.3f})")
    print(f"nonsense queries with zero results: {zero}/{len(NONSENSE)} ({100 * zero / len(NONSENSE):.0f}%)")
    store.close()


if __name__ == "__main__":
    main()
