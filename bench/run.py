"""Benchmarks: ingestion throughput, search latency over HTTP, and a 5,000-file synthetic drive.

    python bench/run.py --corpus ../shared/corpus [--drive-files 5000] [--skip-drive]

Everything runs through the `kb` command as a user would run it, against
temporary databases under .bench/. Prints figures; asserts nothing.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / ".bench"
KB = str(Path(sys.executable).with_name("kb"))
sys.path.insert(0, str(ROOT))


def kb(db: Path, *args: str) -> tuple[float, dict, int]:
    """Run `kb --db DB ARGS --json`; return (seconds, parsed JSON, peak RSS of the largest process in MB)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t0 = time.perf_counter()
    out = subprocess.run([KB, "--db", str(db), *args, "--json"], check=True, capture_output=True, text=True)
    seconds = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return seconds, json.loads(out.stdout), max(before, after) // 1024


def fresh_db(name: str) -> Path:
    db = WORK / f"db-{name}" / "kb.sqlite"
    if db.parent.exists():
        shutil.rmtree(db.parent)
    db.parent.mkdir(parents=True)
    return db


def ingest_figures(label: str, seconds: float, report: dict, rss_mb: int) -> None:
    t = report["totals"]
    print(f"{label}: {t['files']} files in {seconds:.1f} s = {t['files'] / seconds:.1f} files/s; "
          f"{t['practices']} practices = {t['practices'] / seconds:.1f} practices/s; "
          f"ingested {t['ingested']}, duplicate {t['duplicate']}, failed {t['failed']}, unchanged {t['unchanged']}; "
          f"embedding {t.get('seconds_embedding', 0):.1f} s ({100 * t.get('seconds_embedding', 0) / seconds:.0f}% of the run, "
          f"{t.get('embedded', 0)} vectors); peak RSS {rss_mb} MB")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def bench_http(db: Path, queries: list[dict], rounds: int) -> None:
    port = free_port()
    server = subprocess.Popen([KB, "--db", str(db), "serve", "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}/api/search?"
    try:
        deadline = time.time() + 120
        t0 = time.perf_counter()
        while True:
            try:
                urllib.request.urlopen(base + urllib.parse.urlencode({"q": "warm up"}), timeout=60).read()
                break
            except OSError:
                if time.time() > deadline:
                    raise RuntimeError("server did not start in 120 s")
                time.sleep(0.25)
        print(f"server: first answer (model load included) after {time.perf_counter() - t0:.1f} s")
        latencies = []
        for r in range(rounds):
            for q in queries:
                params = {"q": q["text"], "k": 10}
                for key, value in (q.get("filters") or {}).items():
                    params[key] = value
                url = base + urllib.parse.urlencode(params)
                t = time.perf_counter()
                urllib.request.urlopen(url, timeout=30).read()
                latencies.append((time.perf_counter() - t) * 1000)
        latencies.sort()
        p = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))]  # noqa: E731
        print(f"search over HTTP (warm server, {len(latencies)} requests, {len(queries)} distinct queries, "
              f"repeats hit the query-vector cache): p50 {statistics.median(latencies):.1f} ms, "
              f"p95 {p(0.95):.1f} ms, max {latencies[-1]:.1f} ms")
        # First sight of each query: no cached query vector.
        cold = []
        for q in queries:
            url = base + urllib.parse.urlencode({"q": q["text"] + " ;", "k": 10})
            t = time.perf_counter()
            urllib.request.urlopen(url, timeout=30).read()
            cold.append((time.perf_counter() - t) * 1000)
        cold.sort()
        print(f"search over HTTP, unseen queries: p50 {statistics.median(cold):.1f} ms, "
              f"p95 {cold[min(len(cold) - 1, int(0.95 * len(cold)))]:.1f} ms")
    finally:
        server.terminate()
        server.wait(10)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    ap.add_argument("--drive-files", type=int, default=5000)
    ap.add_argument("--skip-drive", action="store_true")
    ap.add_argument("--skip-corpus", action="store_true")
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args()
    WORK.mkdir(exist_ok=True)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    print(f"machine: {os.cpu_count()} CPUs; python {sys.version.split()[0]}")

    if args.skip_corpus:
        pass
    elif (args.corpus / "docs").is_dir():
        db = fresh_db("corpus")
        seconds, report, rss = kb(db, "ingest", str(args.corpus / "docs"))
        ingest_figures("corpus ingest (first run, model load included)", seconds, report, rss)
        seconds, report, rss = kb(db, "ingest", str(args.corpus / "docs"))
        print(f"corpus re-run, nothing changed: {seconds:.2f} s")
        queries = [json.loads(line) for line in open(args.corpus / "gold" / "queries.jsonl", encoding="utf-8")]
        bench_http(db, queries, args.rounds)
    else:
        print(f"no corpus at {args.corpus}: skipping corpus figures")

    if not args.skip_drive:
        from bench.synth import make_drive

        drive = WORK / "drive"
        t0 = time.perf_counter()
        counts = make_drive(drive, args.drive_files)
        print(f"synthetic drive: {counts} written in {time.perf_counter() - t0:.0f} s")
        db = fresh_db("drive")
        seconds, report, rss = kb(db, "ingest", str(drive))
        ingest_figures("drive first run", seconds, report, rss)
        seconds, report, rss = kb(db, "ingest", str(drive))
        t = report["totals"]
        print(f"drive re-run, nothing changed: {seconds:.2f} s for {t['files']} files "
              f"({t['unchanged']} unchanged, {t['embedded']} embedded), process start included")


if __name__ == "__main__":
    main()
