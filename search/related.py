"""Related practices: the nearest practices from other documents, the same practice first.

A practice described in two documents (a memo and an annual report on the
same Centre) is "the same practice" when the two belong to the same
municipality and are either almost identical in meaning or close in meaning
with titles that share most of their words; such twins are shown as "also
described in" and ranked before merely similar ones. Similarities are those of
the language-centred index (search.index), where unrelated practices sit near
0 and copies near 1. Thresholds were set on the development corpus's
same-practice pairs: no false "same" there, 12 of 19 pairs recognised; the
rest are still ranked high among related practices by meaning, shared title
words and municipality.
"""
from __future__ import annotations

from search.text import STOP, stem, words

SAME_SIM = 0.8  # this close in meaning is the same practice whatever the titles say
SAME_SIM_WITH_TITLE = 0.3  # closer than this, with titles sharing most words
TITLE_OVERLAP = 0.67


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
        same_place = bool(me["municipality"]) and me["municipality"] == row["municipality"]
        rank = sim + 0.3 * title_overlap(me["title"], row["title"]) + 0.1 * same_place
        out.append((rank, {
            "id": cid, "title": row["title"], "municipality": row["municipality"] or "",
            "score": round(float(sim), 4), "same": is_same(me, row, sim), "source": row["source_path"] or "",
        }))
    out.sort(key=lambda pair: (not pair[1]["same"], -pair[0]))
    return [r for _, r in out[:k]]
