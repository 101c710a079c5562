"""External tools (LibreOffice, tesseract, pdftoppm): run in their own process group, with a timeout."""
from __future__ import annotations

import os
import signal
import subprocess


def run_tool(cmd: list[str], timeout: float, *, input_bytes: bytes | None = None, cwd: str | None = None):
    """Run an external tool in its own process group; kill that group on timeout."""
    proc = subprocess.Popen(
        cmd,
        stdin=subprocess.PIPE if input_bytes is not None else subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=cwd,
        start_new_session=True,
    )
    try:
        out, err = proc.communicate(input=input_bytes, timeout=max(1.0, timeout))
    except subprocess.TimeoutExpired:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except OSError:
            proc.kill()
        proc.communicate()
        raise
    return proc.returncode, out, err
