"""Related practices: the nearest practices from other documents, the same practice first.

A practice described in two documents (a memo and an annual report on the
same Centre) is "the same practice" when the two are very close in meaning,
belong to the same municipality and their titles share their words; such
twins are shown as "also described in" and ranked before merely similar ones.
"""
from __future__ import annotations

from search.text import STOP, stem, words

SAME_SIM = 0.93  # this close in meaning is the same practice whatever the titles say
SAME_SIM_WITH_TITLE = 0.86  # closer than this, with titles sharing most words
TITLE_OVERLAP = 0.5


def title_overlap(a: str, b: str) -> float:
    sa = {stem(w) for w in words(a) if w not in STOP}
    sb = {stem(w) for w in words(b) if w not in STOP}
    if not sa or not sb:
        return 0.0
    return len(sa & sb) / min(len(sa), len(sb))


def is_same(p: dict, q: dict, sim: float) -> bool:
    if p.get("municipality") and q.get("municipality") and p["municipality"] != q["municipality"]:
        return False
    if sim >= SAME_SIM:
        return True
    return sim >= SAME_SIM_WITH_TITLE and title_overlap(p["title"], q["title"]) >= TITLE_OVERLAP


def related(searcher, pid: str, k: int = 5) -> list[dict]:
    """[{"id", "title", "municipality", "score", "same", "source"}] for practice `pid`."""
    store = searcher.store
    me = store.practice(pid)
    if me is None:
        return []
    index = searcher.index
    vec = index.vector(pid)
    if vec is None:
        return []
    candidates = index.search(vec, min(len(index), 10 * k + 50))
    rows = store.practices_by_ids([c for c, _ in candidates if c != pid])
    out = []
    for cid, sim in candidates:
        row = rows.get(cid)
        if row is None or row["review_state"] != "published":
            continue
        if row["document_id"] is not None and row["document_id"] == me["document_id"]:
            continue
        out.append({
            "id": cid, "title": row["title"], "municipality": row["municipality"] or "",
            "score": round(float(sim), 4), "same": is_same(me, row, sim), "source": row["source_path"] or "",
        })
    out.sort(key=lambda r: (not r["same"], -r["score"]))
    return out[:k]
