"""Search at scale: a synthetic store of 100,000 practices, measured through a warm server's HTTP API.

    python bench/scale.py [--practices 100000] [--corpus DIR] [--rebuild] [--queries 30]

What the store is made of (printed with the figures):
- Texts: sentences of real practices, recombined. The sentences come from the
  practices that ingesting data/sample and a small bench.synth drive produces
  (plus a rendered corpus's documents with --corpus); each synthetic practice
  takes the title and the opening sentences of one real practice and adds
  sentences of others in the same language, so keyword statistics look like a
  real archive's. Municipalities (30, one of them rare: exactly RARE practices),
  start years, statuses, target groups, themes and MoU axes (those of the
  practice it started from) vary.
- Vectors: DERIVED from real ones. Every distinct sentence and title is
  embedded once with the configured model and cached under .bench/; a
  practice's text vector is the normalised mean of its title's and sentences'
  vectors, its head vector that of its title and first sentence. No practice
  text is embedded as a whole.

Figures (each with the load average beside it, since the machine is shared):
index build and ANN recall@10 against the exact index (in this process);
then a real `kb serve` on 127.0.0.1: time from start to the first answer,
hybrid search p50/p95 for unseen queries without filter, with a municipality
filter, an axis filter and the rare filter, the search page with its facets,
page 5 when the API pages, and the server's peak RSS. Requests are bounded in
number and time and go to the loopback interface only.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / ".bench"
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

from kb.config import Settings  # noqa: E402
from kb.model import Practice, text_language  # noqa: E402
from kb.store import Store  # noqa: E402

RARE = 50
RARE_TOWN = "Kastoria"
TOWNS = ["Athens", "Thessaloniki", "Patras", "Heraklion", "Larissa", "Ioannina", "Tripoli", "Karditsa",
         "Chalandri", "Neapoli-Sykies", "Piraeus", "Kallithea", "Peristeri", "Volos", "Chania", "Rhodes",
         "Kalamata", "Serres", "Trikala", "Lamia", "Kozani", "Komotini", "Xanthi", "Alexandroupoli", "Corfu",
         "Chios", "Mytilene", "Veria", "Katerini"]
# Queries written for this bench (not from any corpus): what staff type, in Greek and English.
QUERIES = [
    "μαθήματα ελληνικών για γυναίκες", "στέγαση οικογενειών προσφύγων", "διερμηνείς στα νοσοκομεία",
    "συμβουλευτική για εύρεση εργασίας", "παιδιά πρόσφυγες στο σχολείο", "νομική βοήθεια για άδεια διαμονής",
    "κοινωνικό παντοπωλείο τρόφιμα", "κατασκηνώσεις το καλοκαίρι", "εκπαίδευση δημοτικών υπαλλήλων",
    "συμβούλιο ένταξης μεταναστών", "υγεία Ρομά εμβολιασμοί", "αθλητισμός και ένταξη νέων",
    "ψυχοκοινωνική υποστήριξη ασυνόδευτων ανηλίκων", "πολιτιστικές εκδηλώσεις με μετανάστες",
    "ενημέρωση για διαδικασία ασύλου", "εθελοντές δάσκαλοι", "κέντρο ένταξης μεταναστών υπηρεσίες",
    "πρόγραμμα HELIOS ενοίκια", "διαπολιτισμική μεσολάβηση", "βρεφονηπιακός σταθμός για παιδιά μεταναστών",
    "Greek lessons for mothers", "employment counselling for refugees", "health mediators for Roma",
    "housing for asylum seekers", "one-stop shop for migrants", "summer camp for children",
    "training for municipal staff", "legal aid residence permits", "social grocery food aid",
    "migrant integration council", "interpreters at the hospital", "women empowerment workshops",
    "unaccompanied minors shelter", "language classes with childcare", "job fair employers",
    "cultural festival refugee day", "school enrolment support", "volunteers teaching Greek",
    "vaccination campaign", "digital skills for migrants",
]


def load() -> str:
    a, b, c = os.getloadavg()
    return f"load {a:.1f}/{b:.1f}/{c:.1f} on {os.cpu_count()} CPUs"


def kb_cmd(db: Path, *args: str, timeout: float = 1800) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "kb.cli", "--db", str(db), *args], cwd=ROOT, env=env,
                          check=True, capture_output=True, text=True, timeout=timeout)


# -- the material: real practices, their sentences, their vectors ------------------------------------------


def seed_store(corpus: Path | None) -> Path:
    """Practices from data/sample and a small synthetic drive (and a corpus when asked), ingested once."""
    tag = hashlib.sha1(str(corpus or "").encode()).hexdigest()[:8]
    db = WORK / f"scale-seed-{tag}" / "kb.sqlite"
    if db.exists():
        return db
    from bench.synth import make_drive

    db.parent.mkdir(parents=True, exist_ok=True)
    drive = db.parent / "drive"
    make_drive(drive, 120, seed=11)
    sources = [str(ROOT / "data" / "sample"), str(drive)] + ([str(corpus / "docs")] if corpus else [])
    t0 = time.perf_counter()
    kb_cmd(db, "ingest", *sources, "--json")
    print(f"seed: ingested {', '.join(sources)} in {time.perf_counter() - t0:.0f} s ({load()})")
    return db


SENTENCE_END = re.compile(r"(?<=[.!;·?])\s+(?=[A-ZΑ-ΩΆΈΉΊΌΎΏ«\"(0-9])")


def material(seed_db: Path) -> dict:
    """Real practices reduced to (title, language, sentences, axes, target groups, services)."""
    store = Store(seed_db, create=False)
    sources = []
    for p in store.practices("review_state = 'published'"):
        text = " ".join((p["text"] or "").split())
        sentences = [s for s in SENTENCE_END.split(text) if 4 <= len(s.split()) <= 80]
        if not sentences or not (p["title"] or "").strip():
            continue
        sources.append({
            "title": p["title"].strip()[:200], "language": p["language"] or text_language(text) or "el",
            "sentences": sentences, "axes": [a["axis"] for a in p["axes"]][:3],
            "target_groups": p["target_groups"] or [], "services": p["services"] or [],
        })
    store.close()
    return {"sources": sources}


def embed_cached(texts: list[str], model: str) -> np.ndarray:
    """Passage vectors for texts, embedded once and cached under .bench/ by content."""
    key = hashlib.sha1(("\n".join(texts) + "\0" + model).encode()).hexdigest()[:16]
    path = WORK / f"scale-vectors-{key}.npy"
    if path.exists():
        return np.load(path)
    from search.embed import get_embedder

    t0 = time.perf_counter()
    vecs = get_embedder(model).encode_passages(texts)
    print(f"embedded {len(texts)} distinct sentences and titles once in {time.perf_counter() - t0:.0f} s "
          f"({load()}); cached in {path.relative_to(ROOT)}")
    np.save(path, vecs)
    return vecs


def _unit(x: np.ndarray) -> np.ndarray:
    return (x / np.linalg.norm(x, axis=-1, keepdims=True)).astype(np.float32)


def build_store(db: Path, n: int, mat: dict, model: str, seed: int = 3) -> dict:
    """The synthetic store: n practices recombined from real sentences, vectors derived from theirs."""
    from search.embed import model_name

    sources = mat["sources"]
    texts = sorted({s for src in sources for s in src["sentences"]} | {src["title"] for src in sources})
    row = {t: i for i, t in enumerate(texts)}
    vecs = embed_cached(texts, model)
    by_lang: dict[str, list[str]] = {}
    for src in sources:
        by_lang.setdefault(src["language"], []).extend(src["sentences"])
    rng = random.Random(seed)
    weights = [1 / (i + 1) ** 0.6 for i in range(len(TOWNS))]  # a few large municipalities, a long tail
    if db.parent.exists():
        shutil.rmtree(db.parent)
    db.parent.mkdir(parents=True)
    store = Store(db)
    name = model_name(model)
    rare = set(rng.sample(range(n), RARE))
    t0 = time.perf_counter()
    batch: list[tuple] = []
    with store.transaction():
        for i in range(n):
            src = sources[rng.randrange(len(sources))]
            own = src["sentences"][:rng.randint(1, 3)]
            pool = by_lang[src["language"]]
            extra = [pool[rng.randrange(len(pool))] for _ in range(rng.randint(1, 5))]
            sentences = own + extra
            pid = f"s{i:06d}"
            p = Practice(
                title=src["title"], text=" ".join([src["title"] + "."] + sentences), summary=sentences[0],
                municipality=RARE_TOWN if i in rare else rng.choices(TOWNS, weights)[0],
                language=src["language"], status=rng.choice(["running", "ended", "planned", ""]),
                start_year=rng.randint(2008, 2025), target_groups=src["target_groups"], services=src["services"],
            )
            store.insert_practice(pid, p, document_id=None, source_path=f"synthetic/{i // 1000:03d}/{pid}.docx",
                                  origin="ingest", review_state="published")
            axes = src["axes"] or [rng.randint(1, 8)]
            store.set_axes(pid, [{"axis": a, "score": 0.6 - 0.1 * r, "evidence": []} for r, a in enumerate(axes)])
            parts = [row[src["title"]]] + [row[s] for s in sentences]
            text_vec = vecs[parts].mean(axis=0)
            head_vec = vecs[parts[:2]].mean(axis=0)
            batch.append((pid, p.content_key(), text_vec, head_vec))
            if len(batch) == 5000:
                store.put_vectors(name, [(a, b, *_unit(np.vstack([c, d]))) for a, b, c, d in batch])
                batch = []
        if batch:
            store.put_vectors(name, [(a, b, *_unit(np.vstack([c, d]))) for a, b, c, d in batch])
    seconds = time.perf_counter() - t0
    store.close()
    info = {"practices": n, "sources": len(sources), "distinct_texts": len(texts), "municipalities": len(TOWNS) + 1,
            "seconds": round(seconds, 1)}
    (db.parent / "info.json").write_text(json.dumps(info))
    return info


# -- measuring ----------------------------------------------------------------------------------------------


def recall(db: Path, model: str, n_queries: int = 200) -> None:
    """ANN recall@10 against the exact answer (every IVF list scanned), without and with a filter."""
    from search.embed import get_embedder
    from search.hybrid import Filters, Searcher
    from search.index import load_index

    settings = Settings(db_path=db, model=model)
    store = Store(db)
    embedder = get_embedder(model)
    t0 = time.perf_counter()
    index = load_index(store, settings.index_path, embedder.name, save=True)
    print(f"index: {len(index)} practices, {'IVF ' + str(index.text.index.nlist) + ' lists, nprobe ' + str(index.text.index.nprobe) if index.approximate else 'exact'}; "
          f"loaded or built in {time.perf_counter() - t0:.1f} s ({load()})")
    texts = [f"{q} {w}" for q in QUERIES for w in ("", "δήμος", "πρόγραμμα", "2022", "network")][:n_queries]
    qv = embedder.encode_queries(texts)
    searcher = Searcher(store, model=model, embedder=embedder)
    axis = searcher.allowed(Filters(axis=2))
    for label, selection in (("no filter", None), ("axis filter", axis.selection if axis else None)):
        hits = total = 0
        for q, text in zip(qv, texts):
            got = {p for p, _ in index.query(q, text, 10, selection=selection)}
            ref = {p for p, _ in index.query(q, text, 10, selection=selection, exact=True)}
            hits, total = hits + len(got & ref), total + len(ref)
        print(f"ANN recall@10 against exact, {label}: {hits / max(total, 1):.4f} over {len(texts)} queries")
    store.close()


def incremental(db: Path, model: str, n: int = 200) -> None:
    """Practices added after the index was built are added to it, not rebuilt; then removed again."""
    from search.embed import model_name
    from search.index import load_index

    settings = Settings(db_path=db, model=model)
    store = Store(db)
    name = model_name(model)
    index = load_index(store, settings.index_path, name)
    rng = np.random.default_rng(1)
    vecs = _unit(rng.normal(size=(2 * n, index.dim)))
    ids = [f"added{i:04d}" for i in range(n)]
    with store.transaction():
        for i, pid in enumerate(ids):
            store.insert_practice(pid, Practice(title=f"Νέα πρακτική {i}", text=f"Νέα πρακτική {i} για πρόσφυγες."),
                                  document_id=None, source_path=f"added/{pid}.md", origin="ingest",
                                  review_state="published")
        store.put_vectors(name, [(pid, pid, vecs[i], vecs[n + i]) for i, pid in enumerate(ids)])
    t0 = time.perf_counter()
    after = load_index(store, settings.index_path, name)
    added = time.perf_counter() - t0
    with store.transaction():
        for pid in ids:
            store.delete_practice(pid)
    t0 = time.perf_counter()
    load_index(store, settings.index_path, name)
    removed = time.perf_counter() - t0
    print(f"incremental index: {n} practices added in {added * 1000:.0f} ms (same index object: "
          f"{after is index}), removed again in {removed * 1000:.0f} ms ({load()})")
    store.close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def get(url: str, timeout: float = 30) -> tuple[float, bytes]:
    t = time.perf_counter()
    with urllib.request.urlopen(url, timeout=timeout) as r:
        body = r.read()
    return (time.perf_counter() - t) * 1000, body


def pct(values: list[float], q: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, int(q * len(s)))]


def serve_and_measure(db: Path, model: str, n_queries: int, budget_s: float) -> None:
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "KB_MODEL": model}
    t0 = time.perf_counter()
    server = subprocess.Popen([sys.executable, "-m", "kb.cli", "--db", str(db), "serve", "--host", "127.0.0.1",
                               "--port", str(port)], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 180
        while True:
            try:
                get(f"{base}/api/search?" + urllib.parse.urlencode({"q": "πρώτη αναζήτηση μετά την εκκίνηση"}), 120)
                break
            except (OSError, urllib.error.URLError):
                if server.poll() is not None:
                    raise RuntimeError(f"server exited: {server.stderr.read()[-2000:]}")
                if time.time() > deadline:
                    raise RuntimeError("server gave no answer in 180 s")
                time.sleep(0.1)
        print(f"server: first answer {time.perf_counter() - t0:.1f} s after start, model and index load "
              f"included ({load()})")
        scenarios = [("no filter", {}), ("municipality filter", {"municipality": TOWNS[0]}),
                     ("axis filter", {"axis": 2}), (f"rare filter ({RARE} practices)", {"municipality": RARE_TOWN})]
        end = time.time() + budget_s
        for s_i, (label, params) in enumerate(scenarios):
            times = []
            for q_i in range(n_queries):
                if time.time() > end:
                    break
                # Unseen: a query text this server has not embedded yet (no query-vector cache hit).
                text = f"{QUERIES[(q_i + 7 * s_i) % len(QUERIES)]} {s_i * 1000 + q_i}"
                ms, body = get(f"{base}/api/search?" + urllib.parse.urlencode({"q": text, "k": 10, **params}))
                times.append(ms)
            got = json.loads(body)
            print(f"hybrid search, {label}: p50 {statistics.median(times):.1f} ms, p95 {pct(times, 0.95):.1f} ms, "
                  f"max {max(times):.1f} ms over {len(times)} unseen queries; last returned "
                  f"{len(got['results'])} results ({load()})")
        keys = set(got)
        times = []
        for q_i in range(min(n_queries, 20)):
            text = f"{QUERIES[q_i % len(QUERIES)]} σελίδα {q_i}"
            ms, body = get(f"{base}/?" + urllib.parse.urlencode({"q": text, "axis": 3}))
            times.append(ms)
        print(f"search page with facets (HTML, axis filter): p50 {statistics.median(times):.1f} ms, "
              f"p95 {pct(times, 0.95):.1f} ms over {len(times)} unseen queries ({load()})")
        if "facets" in keys:
            print("the API returns facets with each search (timed above with the searches)")
        else:
            print("the API returns no facets: facets are timed on the search page; full-set facet counts "
                  "are timed in-process below")
        if "total" in keys or "page" in keys:
            times = []
            for q_i in range(min(n_queries, 20)):
                text = f"{QUERIES[q_i % len(QUERIES)]} page {q_i}"
                ms, body = get(f"{base}/api/search?" + urllib.parse.urlencode({"q": text, "k": 10, "page": 5}))
                times.append(ms)
            print(f"page 5 of results: p50 {statistics.median(times):.1f} ms, p95 {pct(times, 0.95):.1f} ms")
        else:
            print("page 5: the API has no paging (no page= parameter, no total); not measured")
        print(f"server peak RSS: {peak_rss_mb(server.pid):.0f} MB")
    finally:
        server.terminate()
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()


def facet_timing(db: Path, model: str) -> None:
    """Facet counts over full result sets, in-process: the cost a page or API pays on top of the search."""
    from search.hybrid import Filters, Searcher

    from search import catalog

    store = Store(db)
    searcher = Searcher(store, model=model)
    catalog._cache.clear()
    t0 = time.perf_counter()
    searcher.catalog  # noqa: B018
    print(f"catalog (filter and facet columns) loaded in {(time.perf_counter() - t0) * 1000:.0f} ms")
    for label, f in (("whole store", Filters()), ("axis filter", Filters(axis=2)),
                     ("municipality filter", Filters(municipality=TOWNS[0]))):
        times = []
        for _ in range(20):
            t = time.perf_counter()
            facets = searcher.facets(f)
            times.append((time.perf_counter() - t) * 1000)
        n = sum(c for _, c in facets["municipality"])
        print(f"facets over the full result set, {label} ({n} practices): p50 {statistics.median(times):.2f} ms, "
              f"p95 {pct(times, 0.95):.2f} ms ({load()})")
    store.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--practices", type=int, default=100_000)
    ap.add_argument("--corpus", type=Path, default=None, help="also take sentences from this rendered corpus")
    ap.add_argument("--rebuild", action="store_true", help="build the synthetic store again")
    ap.add_argument("--queries", type=int, default=30, help="unseen queries per scenario")
    ap.add_argument("--budget", type=float, default=240, help="seconds of HTTP requests at most")
    ap.add_argument("--skip-recall", action="store_true")
    args = ap.parse_args()
    WORK.mkdir(exist_ok=True)
    model = Settings().model
    print(f"machine: {os.cpu_count()} CPUs, python {sys.version.split()[0]}; {load()}")
    db = WORK / f"scale-{args.practices}" / "kb.sqlite"
    info_file = db.parent / "info.json"
    if args.rebuild or not info_file.exists():
        mat = material(seed_store(args.corpus))
        info = build_store(db, args.practices, mat, model)
        print(f"built in {info['seconds']} s ({load()})")
    info = json.loads(info_file.read_text())
    print(f"synthetic store: {info['practices']} practices recombined from the sentences of {info['sources']} real "
          f"practices ({info['distinct_texts']} distinct sentences and titles), {info['municipalities']} "
          f"municipalities, years 2008-2025; vectors DERIVED: each practice's is the normalised mean of its real "
          f"sentences' vectors (embedded once, cached under .bench/)")
    if not args.skip_recall:
        recall(db, model)
    incremental(db, model)
    facet_timing(db, model)
    serve_and_measure(db, model, args.queries, args.budget)


if __name__ == "__main__":
    main()
