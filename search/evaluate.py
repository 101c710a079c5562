"""`kb eval CORPUS_DIR`: measure extraction, retrieval, axis linking and broken-file handling on a rendered corpus.

The corpus format and the matching rules are those of the development corpus
(FORMAT.md): a record *is* gold practice G when its source path ends with G's
document and its folded title+text contains G's folded marker.
"""
from __future__ import annotations

import json
import math
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from kb.fold import fold
from kb.store import Store
from search.hybrid import Filters, Searcher
from search.related import related

MODES = ("hybrid", "bm25", "dense")


@dataclass
class Gold:
    practices: list[dict]
    queries: list[dict]
    documents: list[dict]

    @classmethod
    def load(cls, corpus: Path) -> "Gold":
        def jl(name):
            with open(corpus / "gold" / name, encoding="utf-8") as fh:
                return [json.loads(line) for line in fh if line.strip()]

        return cls(jl("practices.jsonl"), jl("queries.jsonl"), jl("documents.jsonl"))


@dataclass
class Report:
    extraction: dict = field(default_factory=dict)
    retrieval: dict = field(default_factory=dict)
    axes: dict = field(default_factory=dict)
    same_practice: dict = field(default_factory=dict)
    broken_files: list[dict] = field(default_factory=list)
    per_document: list[dict] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return self.__dict__


def document_path(record: dict) -> str:
    """The file a record comes from: for a practice found in an e-mail's attachment
    ("…/reply.eml › report.pdf"), the e-mail (FORMAT.md)."""
    return (record["source_path"] or "").split(" › ", 1)[0]


def hits_of(record: dict, gold: list[dict]) -> list[str]:
    """Gold practices a record is (FORMAT.md): same document, marker inside its text."""
    source = document_path(record)
    body = fold(f"{record['title']} {record['text']}")
    return [g["id"] for g in gold if source.endswith(g["doc"]) and fold(g["marker"]) in body]


def ndcg_at_10(ranked_golds: list[list[str]], relevant: dict[str, int]) -> float:
    seen: set[str] = set()
    dcg = 0.0
    for i, golds in enumerate(ranked_golds[:10]):
        fresh = [g for g in golds if g not in seen and g in relevant]
        seen.update(golds)
        if fresh:
            dcg += max(relevant[g] for g in fresh) / math.log2(i + 2)
    ideal = sorted(relevant.values(), reverse=True)[:10]
    idcg = sum(g / math.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / idcg if idcg else 0.0


def evaluate(corpus: Path, *, model: str, db_path: Path | None = None, workers: int | None = None) -> Report:
    # ingest is a layer below search; the harness drives the whole pipeline, so it imports it here.
    from ingest.batch import Batch, Options
    from search.indexer import Indexer

    gold = Gold.load(corpus)
    tmp = None
    if db_path is None:
        tmp = tempfile.TemporaryDirectory(prefix="kb-eval-")
        db_path = Path(tmp.name) / "eval.sqlite"
    store = Store(db_path)
    options = Options()
    if workers:
        options.workers = workers
    run = Batch(store, options=options, indexer_factory=lambda: Indexer(store, model)).run([str(corpus / "docs")])
    searcher = Searcher(store, model=model)
    report = Report()

    records = store.practices("1=1", order="source_path, ordinal")
    record_golds = {r["id"]: hits_of(r, gold.practices) for r in records}
    gold_docs = {g["doc"] for g in gold.practices}
    first_record: dict[str, str] = {}
    for r in records:
        for g in record_golds[r["id"]]:
            first_record.setdefault(g, r["id"])

    # Extraction
    found = {g for gs in record_golds.values() for g in gs}
    own = {gs[0] for gs in record_golds.values() if len(gs) == 1}
    from_gold_docs = [r for r in records if any(document_path(r).endswith(d) for d in gold_docs)]
    n_gold = len(gold.practices)
    report.extraction = {
        "gold_practices": n_gold,
        "records": len(records),
        "recall": round(len(found) / n_gold, 4),
        "own_record": round(len(own) / n_gold, 4),
        "records_per_gold_practice": round(len(from_gold_docs) / n_gold, 4),
    }
    report.missed = sorted(g["id"] for g in gold.practices if g["id"] not in found)
    for d in gold.documents:
        recs = [r for r in records if document_path(r).endswith(d["file"])]
        golds = [g for g in gold.practices if g["doc"] == d["file"]]
        report.per_document.append({
            "file": d["file"], "gold": len(golds), "records": len(recs),
            "found": sum(1 for g in golds if g["id"] in found),
        })

    # Retrieval
    by_kind: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    for q in gold.queries:
        f = q.get("filters") or {}
        filters = Filters(municipality=f.get("municipality"), axis=f.get("axis"))
        for mode in MODES:
            hits = searcher.search(q["text"], k=10, filters=filters, mode=mode)
            score = ndcg_at_10([record_golds.get(h.id, []) for h in hits], q["relevant"])
            by_kind[q["kind"]][mode].append(score)
            by_kind["overall"][mode].append(score)
    report.retrieval = {
        kind: {mode: round(sum(v) / len(v), 4) for mode, v in modes.items()} | {"queries": len(modes["hybrid"])}
        for kind, modes in sorted(by_kind.items())
    }

    # Axes: micro-F1 over records that hit exactly one gold practice
    gold_by_id = {g["id"]: g for g in gold.practices}
    tp = fp = fn = 0
    for r in records:
        gs = record_golds[r["id"]]
        if len(gs) != 1:
            continue
        predicted = {a["axis"] for a in r["axes"]}
        truth = set(gold_by_id[gs[0]]["axes"])
        tp += len(predicted & truth)
        fp += len(predicted - truth)
        fn += len(truth - predicted)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    report.axes = {
        "micro_f1": round(2 * precision * recall / (precision + recall), 4) if precision + recall else 0.0,
        "precision": round(precision, 4), "recall": round(recall, 4),
    }

    # Same practice in several documents
    pairs = [(g["id"], b) for g in gold.practices for b in g.get("same_as", [])]
    linked = 0
    for a, b in pairs:
        if a not in first_record:
            continue
        top = related(searcher, first_record[a], k=5)
        if any(b in record_golds.get(t["id"], []) for t in top):
            linked += 1
    report.same_practice = {"pairs": len(pairs), "in_top5_related": linked,
                            "share": round(linked / len(pairs), 4) if pairs else None}

    # Broken files
    outcomes = {f.path: f for f in run.files}
    by_suffix = lambda file: next((o for p, o in outcomes.items() if p.endswith(file)), None)  # noqa: E731
    for d in gold.documents:
        if not d.get("special") and d.get("expect") == "ok":
            continue
        o = by_suffix(d["file"])
        special = d.get("special") or d["expect"]
        expected_ok = _expected(special, o, by_suffix)
        report.broken_files.append({
            "file": d["file"], "special": special, "status": o.status if o else "missing",
            "reason": o.reason if o else "", "practices": o.practices if o else 0, "as_expected": expected_ok,
        })
    store.close()
    if tmp is not None:
        tmp.cleanup()
    return report


def _expected(special: str, outcome, by_suffix) -> bool:
    if outcome is None:
        return False
    if special.startswith("duplicate_of:"):
        other = by_suffix(special.split(":", 1)[1])
        statuses = sorted([outcome.status, other.status if other else "missing"])
        return statuses == ["duplicate", "ingested"]
    if special == "wrong_extension":
        return outcome.status == "ingested" and outcome.practices > 0
    if special == "image_only":
        return outcome.status == "failed" and bool(outcome.reason) or outcome.status == "ingested"
    return outcome.status == "failed" and bool(outcome.reason)


def format_report(r: Report) -> str:
    e, lines = r.extraction, []
    lines.append("Extraction")
    lines.append(f"  gold practices {e['gold_practices']}, records {e['records']}")
    lines.append(f"  recall {e['recall']:.3f}   own record {e['own_record']:.3f}   "
                 f"records per gold practice {e['records_per_gold_practice']:.3f}")
    if r.missed:
        lines.append(f"  missed: {', '.join(r.missed)}")
    lines.append("Retrieval (nDCG@10)")
    lines.append(f"  {'kind':<12}{'n':>4}{'hybrid':>9}{'bm25':>9}{'dense':>9}")
    for kind, v in r.retrieval.items():
        lines.append(f"  {kind:<12}{v['queries']:>4}{v['hybrid']:>9.3f}{v['bm25']:>9.3f}{v['dense']:>9.3f}")
    a = r.axes
    lines.append(f"MoU axes: micro-F1 {a['micro_f1']:.3f} (precision {a['precision']:.3f}, recall {a['recall']:.3f})")
    s = r.same_practice
    if s["pairs"]:
        lines.append(f"Same practice: {s['in_top5_related']}/{s['pairs']} pairs in the top-5 related ({s['share']:.3f})")
    lines.append("Broken and special files")
    for b in r.broken_files:
        mark = "ok " if b["as_expected"] else "BAD"
        lines.append(f"  {mark} {b['special']:<14} {b['status']:<10} {b['file']}: {b['reason']}")
    return "\n".join(lines)
