"""Legacy .doc and .rtf: converted to .docx by LibreOffice (when installed), then read as DOCX."""
from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from ..blocks import ReadError, ReadResult
from .docx import read as read_docx
from .limits import Limits
from .tools import run_tool


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def _convert_with_soffice(data: bytes, suffix: str, limits: Limits, label: str) -> bytes:
    exe = soffice()
    with tempfile.TemporaryDirectory(prefix="praxis-convert-") as tmp:
        src = Path(tmp) / f"input{suffix}"
        src.write_bytes(data)
        outdir = Path(tmp) / "out"
        outdir.mkdir()
        profile = Path(tmp) / "profile"
        cmd = [exe, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore", "--nolockcheck",
               "--nodefault", "--convert-to", "docx", "--outdir", str(outdir), str(src)]
        try:
            run_tool(cmd, limits.convert_timeout, cwd=tmp)
        except subprocess.TimeoutExpired:
            raise ReadError(f"{label} file: the conversion with LibreOffice took longer than "
                            f"{limits.convert_timeout:.0f} s; save it as .docx instead") from None
        except OSError as exc:
            raise ReadError(f"{label} file: LibreOffice could not be started ({exc.strerror})") from exc
        result = outdir / "input.docx"
        if not result.exists() or result.stat().st_size == 0:
            raise ReadError(f"{label} file: LibreOffice could not convert it (the file may be damaged); "
                            "save it as .docx instead")
        return result.read_bytes()


def _read_converted(data: bytes, limits: Limits, *, suffix: str, label: str, fmt: str, hint: str) -> ReadResult:
    if soffice() is None:
        raise ReadError(f"{label} file: install LibreOffice (Debian package libreoffice-writer) to read it, "
                        f"or {hint}")
    docx_bytes = _convert_with_soffice(data, suffix, limits, label)
    result = read_docx(docx_bytes, "", limits, label=label, fmt=fmt)
    result.meta["converted_with"] = "LibreOffice"
    return result


def read_doc(data: bytes, name: str, limits: Limits) -> ReadResult:
    return _read_converted(data, limits, suffix=".doc", label="legacy Word .doc", fmt="doc",
                           hint="save it as .docx")


def read_rtf(data: bytes, name: str, limits: Limits) -> ReadResult:
    return _read_converted(data, limits, suffix=".rtf", label="RTF", fmt="rtf",
                           hint="save it as .docx")
