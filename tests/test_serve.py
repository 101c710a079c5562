"""A real `kb serve` (waitress) started from the command line, as `make run` does: relative --db and drive
paths, a download after logging in through the form (with its CSRF token), and a 40 MB anonymous POST to
/login refused (issue 10). No model: search is not used."""
from __future__ import annotations

import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from conftest import ROOT, write_drive

from ingest.batch import Batch, Options
from kb import users
from kb.store import Store

PASSWORD = "correct horse battery"
DOC = "# Μαθήματα ελληνικών\n\nΟ Δήμος Αθηναίων οργανώνει μαθήματα ελληνικών για γονείς από το 2019.\n"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_kb_serve_downloads_with_relative_paths_and_refuses_large_posts(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write_drive(Path("drive"), {"athens/mathimata.md": DOC})
    store = Store("kb.sqlite")
    Batch(store, options=Options(workers=1)).run(["drive"])
    users.add_user(store, "vera", PASSWORD, "viewer")
    doc_id = store.practices()[0]["document_id"]
    store.close()

    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "KB_MODEL": str(tmp_path / "no-model"), "KB_SECRET_KEY": ""}
    server = subprocess.Popen([sys.executable, "-m", "kb.cli", "--db", "kb.sqlite", "serve", "--port", str(port)],
                              cwd=tmp_path, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/login", timeout=2)
                break
            except OSError:
                time.sleep(0.1)
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        page = opener.open(base + "/login", timeout=5).read().decode()
        token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        form = urllib.parse.urlencode({"username": "vera", "password": PASSWORD, "csrf_token": token}).encode()
        assert '<span class="who">vera' in opener.open(base + "/login", form, timeout=10).read().decode()
        r = opener.open(f"{base}/documents/{doc_id}/original", timeout=10)
        assert r.status == 200 and r.read() == DOC.encode()

        body = b"username=vera&password=" + b"x" * (40 * 1024 * 1024)
        t0 = time.perf_counter()
        try:
            urllib.request.urlopen(urllib.request.Request(base + "/login", data=body, headers={
                "Content-Type": "application/x-www-form-urlencoded"}), timeout=30)
            code = 200
        except urllib.error.HTTPError as exc:
            code = exc.code
        assert code == 413 and time.perf_counter() - t0 < 5
    finally:
        server.terminate()
        err = server.communicate(timeout=10)[1].decode()
    assert "Traceback" not in err.replace("search is not ready", ""), err
