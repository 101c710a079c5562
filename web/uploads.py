"""Reading an uploaded document in a worker process, with the limits batch ingestion uses (issue 10).

Parsing in the request thread put a hostile file (a PDF that loops, a decompression bomb) inside the
server: no timeout, no memory cap, a thread and the GIL held for as long as it took. Uploads now go
to a small pool of worker processes (pebble, as ingest.batch): each file has the ingestion's
timeout (KB_FILE_TIMEOUT) and memory cap, a worker that runs over is killed and replaced, and the
request answers with the reason. The pool starts on the first upload and ends with the process.
"""
from __future__ import annotations

import atexit
import multiprocessing
import sys
import threading
from concurrent.futures import TimeoutError as FutureTimeout

WORKER_MEMORY_MB = 2048  # as ingest.batch.Options.worker_memory_mb
WORKERS = 2

_pool = None
_pool_lock = threading.Lock()


class UploadReadError(Exception):
    """The document could not be read; `reason` says why, `key` is the interface string to translate."""

    def __init__(self, key: str, **values):
        super().__init__(key.format(**values))
        self.key, self.values = key, values


def read_upload(data: bytes, name: str, municipality: str) -> dict:
    """In the worker: {"practices": [dicts], "text"} or {"error": reason}. Pure: bytes in, a dict out."""
    from ingest.blocks import ReadError
    from ingest.extraction import extract_practices
    from ingest.readers import Limits, read_bytes

    limits = Limits(max_bytes=len(data) + 1, ocr_timeout=60.0, convert_timeout=60.0)
    try:
        result = read_bytes(data, name, limits=limits)
    except ReadError as exc:
        return {"error": exc.reason}
    except MemoryError:
        return {"error": "it needs too much memory"}
    practices = extract_practices(result.blocks, source=name, meta=result.meta, folder_municipality=municipality)
    return {"practices": [p.to_dict() for p in practices], "text": result.text}


def _limit_memory(mb: int) -> None:
    from ingest.batch import _limit_memory as limit

    limit(mb)


def pool():
    global _pool
    with _pool_lock:
        if _pool is None:
            from pebble import ProcessPool

            ctx = multiprocessing.get_context("forkserver" if sys.platform.startswith("linux") else "spawn")
            _pool = ProcessPool(max_workers=WORKERS, max_tasks=50, context=ctx, initializer=_limit_memory,
                                initargs=(WORKER_MEMORY_MB,))
            atexit.register(_pool.stop)
        return _pool


def read_in_worker(data: bytes, name: str, municipality: str, timeout_s: float) -> dict:
    """The worker's answer, or UploadReadError when it ran over its time or died (memory, crash)."""
    from pebble import ProcessExpired

    future = pool().schedule(read_upload, args=(data, name, municipality), timeout=timeout_s)
    try:
        result = future.result()
    except FutureTimeout:
        raise UploadReadError("reading took longer than {s} s and was stopped", s=f"{timeout_s:g}") from None
    except ProcessExpired:
        raise UploadReadError("the reader stopped on this file: it may be malformed or too large") from None
    if "error" in result:
        raise UploadReadError("{reason}", reason=result["error"])
    return result
