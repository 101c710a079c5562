"""Related practices: the nearest practices from other documents, the same practice first.

A practice described in two documents (a memo and an annual report on the
same Centre) is "the same practice" when the two belong to the same
municipality and are either almost identical in meaning or close in meaning
with titles that share most of their words; such twins are shown as "also
described in" and ranked before merely similar ones.

Similarities are those of the language-centred index (search.index), where
unrelated practices sit near 0 and copies near 1: the mean of the text and
head (title and summary) cosines, as for queries, with candidates from both
spaces, so that a short fact sheet and a long report on the same service meet
through their heads (on the development corpus, same-practice pairs in the
top-5 related went from 51 to 56 of 86; the 26 others lack a record on one
side or sit inside a record of several practices). "The same" is still
judged on the text cosine, which its thresholds were set on (with heads mixed
in, false twins went from 4 to 8 in the top-5 lists). The rank adds shared title
words and municipality; shared programme names in the titles and the places a
title names were measured too and changed nothing once heads counted. Records
of the practice's own document are left out: they are its neighbours in the
document, not other descriptions of it.
"""
from __future__ import annotations

import numpy as np

from search.text import STOP, stem, words

SAME_SIM = 0.8  # this close in meaning is the same practice whatever the titles say
SAME_SIM_WITH_TITLE = 0.3  # closer than this, with titles sharing most words
TITLE_OVERLAP = 0.67
W_TITLE = 0.3  # rank = similarity + W_TITLE * title overlap + W_PLACE * same municipality
W_PLACE = 0.1
W_HEAD = 0.5  # share of the head cosine in the rank's similarity (the rest is the text cosine)


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


def _similarities(index, pid: str, depth: int) -> dict[str, tuple[float, float]]:
    """Candidates near `pid` in either space: {id: (text cosine, head cosine)}."""
    row = index.row_of[pid]
    spaces = (index.text, index.head)
    vecs = [space.index.reconstruct(row) for space in spaces]
    rows = {int(r) for space, v in zip(spaces, vecs)
            for r in space.index.search(v.reshape(1, -1), depth)[1][0] if r >= 0}
    rows.discard(row)
    order = sorted(rows)
    if not order:
        return {}
    text, head = (np.vstack([space.index.reconstruct(r) for r in order]) @ v for space, v in zip(spaces, vecs))
    return {index.ids[r]: (float(t), float(h)) for r, t, h in zip(order, text, head)}


def related(searcher, pid: str, k: int = 5) -> list[dict]:
    """[{"id", "title", "municipality", "score", "same", "source"}] for practice `pid`."""
    store = searcher.store
    me = store.practice(pid)
    if me is None:
        return []
    index = searcher.index
    if pid not in index.row_of:
        return []
    sims = _similarities(index, pid, min(len(index), 10 * k + 50))
    rows = store.practices_by_ids(list(sims))
    out = []
    for cid, (text_sim, head_sim) in sims.items():
        row = rows.get(cid)
        if row is None or row["review_state"] != "published":
            continue
        if row["document_id"] is not None and row["document_id"] == me["document_id"]:
            continue
        same_place = bool(me["municipality"]) and me["municipality"] == row["municipality"]
        sim = (1 - W_HEAD) * text_sim + W_HEAD * head_sim
        rank = sim + W_TITLE * title_overlap(me["title"], row["title"]) + W_PLACE * same_place
        out.append((rank, {
            "id": cid, "title": row["title"], "municipality": row["municipality"] or "",
            "score": round(float(sim), 4), "same": is_same(me, row, text_sim), "source": row["source_path"] or "",
        }))
    out.sort(key=lambda pair: (not pair[1]["same"], -pair[0]))
    return [r for _, r in out[:k]]
