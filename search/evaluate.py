"""`kb eval CORPUS_DIR`: measure extraction, retrieval, axis linking and broken-file handling on a rendered corpus.

The corpus format and the matching rules are those of the development corpus
(FORMAT.md): a record *is* gold practice G when its source path ends with G's
document (or begins with it, for a practice found in an e-mail's attachment:
"…/reply.eml › report.pdf") and its folded title+text contains G's folded marker.
evaluate() ingests the whole corpus once and measures it; search.crossval does
the same fold by fold (`kb eval --folds N`) and measures the store it fills.
"""
from __future__ import annotations

import json
import math
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from kb.fold import fold
from kb.municipalities import canonical_municipality
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
    invented: dict = field(default_factory=dict)
    municipality: dict = field(default_factory=dict)
    broken_files: list[dict] = field(default_factory=list)
    per_document: list[dict] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return self.__dict__


def document_path(record: dict) -> str:
    """The file a record comes from: for a practice found in an e-mail's attachment
    ("…/reply.eml › report.pdf"), the e-mail (FORMAT.md)."""
    return (record["source_path"] or "").split(" › ", 1)[0]


def from_document(source: str | None, doc: str) -> bool:
    """Whether a record's source path is gold document `doc` (or an attachment of it: "doc › name")."""
    return (source or "").split(" › ", 1)[0].endswith(doc)


def hits_of(record: dict, gold: list[dict]) -> list[str]:
    """Gold practices a record is (FORMAT.md): same document, marker inside its text."""
    source = document_path(record)
    body = fold(f"{record['title']} {record['text']}")
    return [g["id"] for g in gold if from_document(source, g["doc"]) and fold(g["marker"]) in body]


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


def ingest_into(store: Store, roots: list[str], *, model: str, workers: int | None = None,
                models_dir: Path | None = None) -> list:
    """Ingest `roots` (folders or single files) into `store` with the given learned models; returns the
    files' outcomes. A run over single files leaves the store's other documents alone (only a scanned
    folder marks what vanished from it as missing)."""
    # ingest is a layer below search; the harness drives the whole pipeline, so it imports it here.
    from ingest.batch import Batch, Options
    from search.indexer import Indexer

    options = Options(models_dir=str(models_dir) if models_dir else None)
    if workers:
        options.workers = workers
    run = Batch(store, options=options,
                indexer_factory=lambda: Indexer(store, model, models_dir=models_dir)).run(roots)
    return run.files


def evaluate(corpus: Path, *, model: str, db_path: Path | None = None, workers: int | None = None,
             models_dir: Path | None = None) -> Report:
    """One ingestion of the whole corpus (with the shipped models, or those in `models_dir`), measured."""
    tmp = None
    if db_path is None:
        tmp = tempfile.TemporaryDirectory(prefix="kb-eval-")
        db_path = Path(tmp.name) / "eval.sqlite"
    store = Store(db_path)
    try:
        files = ingest_into(store, [str(corpus / "docs")], model=model, workers=workers, models_dir=models_dir)
        return measure(store, files, Gold.load(corpus), model=model)
    finally:
        store.close()
        if tmp is not None:
            tmp.cleanup()


def measure(store: Store, files: list, gold: Gold, *, model: str) -> Report:
    """Every figure of the report, on a store filled from the corpus (`files`: the runs' file outcomes)."""
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
    from_gold_docs = [r for r in records if any(from_document(r["source_path"], d) for d in gold_docs)]
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
        recs = [r for r in records if from_document(r["source_path"], d["file"])]
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

    report.invented = invented_records(records, gold)
    report.municipality = municipality_accuracy(records, record_golds, gold)

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
    outcomes = {f.path: f for f in files}
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
    return report


def invented_records(records: list[dict], gold: Gold) -> dict:
    """Records from normal documents that present no practice (`n_practices` 0: an agenda, a job
    posting, a call for proposals, a one-off news item): each is an invented practice."""
    empty = [d["file"] for d in gold.documents
             if d.get("n_practices") == 0 and d.get("expect", "ok") == "ok" and not d.get("special")]
    per_document = {f: sum(1 for r in records if from_document(r["source_path"], f)) for f in empty}
    total = sum(per_document.values())
    return {"documents": len(empty), "records": total,
            "per_document": round(total / len(empty), 4) if empty else None,
            "by_document": {f: n for f, n in per_document.items() if n}}


# Kinds of document that present other cities' practices (a network's minutes, a study visit, a
# policy brief): their gold municipality is the document's, not necessarily each practice's. The
# same holds for the network's own documents (gold municipality "Network"): members' practices.
_MIXED_KINDS = {"minutes", "study_visit_notes", "policy_brief"}
_NETWORK = "network"


def _same_municipality(a: str, b: str) -> bool:
    return (canonical_municipality(a) or fold(a)) == (canonical_municipality(b) or fold(b))


def municipality_accuracy(records: list[dict], record_golds: dict[str, list[str]], gold: Gold) -> dict:
    """Share of records hitting exactly one gold practice whose municipality is their document's gold
    municipality. The gold gives a municipality per document only, so documents of the kinds that
    present other cities' practices (minutes, study-visit notes, policy briefs) and the network's own
    documents are left out."""
    doc_of = {g["id"]: g["doc"] for g in gold.practices}
    documents = {d["file"]: d for d in gold.documents}
    right = total = 0
    wrong: list[str] = []
    for r in records:
        gs = record_golds[r["id"]]
        d = documents.get(doc_of[gs[0]]) if len(gs) == 1 else None
        if d is None or d.get("kind") in _MIXED_KINDS or fold(d.get("municipality") or _NETWORK) == _NETWORK:
            continue
        total += 1
        if _same_municipality(r["municipality"] or "", d["municipality"]):
            right += 1
        else:
            wrong.append(f"{gs[0]}: {r['municipality'] or '-'} (gold {d['municipality']})")
    return {"records": total, "accuracy": round(right / total, 4) if total else None,
            "excluded_kinds": sorted(_MIXED_KINDS) + ["the network's own documents"], "wrong": wrong}


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
    v = r.invented
    if v.get("documents"):
        lines.append(f"Invented records: {v['records']} from {v['documents']} no-practice documents "
                     f"({v['per_document']:.2f} per document)")
        for file, n in v["by_document"].items():
            lines.append(f"  {n:>3}  {file}")
    m = r.municipality
    if m.get("records"):
        lines.append(f"Municipality: {m['accuracy']:.3f} right over {m['records']} records of one gold practice "
                     f"(documents of kinds {', '.join(m['excluded_kinds'])} left out: no per-practice gold)")
        for w in m["wrong"]:
            lines.append(f"  wrong: {w}")
    s = r.same_practice
    if s["pairs"]:
        lines.append(f"Same practice: {s['in_top5_related']}/{s['pairs']} pairs in the top-5 related ({s['share']:.3f})")
    lines.append("Broken and special files")
    for b in r.broken_files:
        mark = "ok " if b["as_expected"] else "BAD"
        lines.append(f"  {mark} {b['special']:<14} {b['status']:<10} {b['file']}: {b['reason']}")
    return "\n".join(lines)
