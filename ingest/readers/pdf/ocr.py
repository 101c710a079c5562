"""OCR of scanned pages with tesseract (ell+eng), rendered by pdftoppm or taken from the page images."""
from __future__ import annotations

import functools
import re
import io
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from ...blocks import Block, ReadError
from ..limits import FATAL, Limits
from ..markers import normalise_levels
from ..paragraphs import text_blocks
from ..tools import run_tool


@functools.lru_cache(maxsize=1)
def tesseract_ready() -> bool:
    exe = shutil.which("tesseract")
    if not exe:
        return False
    try:
        rc, out, err = run_tool([exe, "--list-langs"], 30)
    except (OSError, subprocess.SubprocessError):
        return False
    langs = set((out + err).decode("utf-8", "replace").split())
    return "ell" in langs and "eng" in langs


def ocr_pdf(data: bytes, reader, limits: Limits, page_numbers: list[int]) -> tuple[list[Block], int, bool]:
    """OCR the given 1-based pages: (blocks with page numbers, pages done, ran out of time).

    Raises ReadError when nothing comes out.
    """
    pages_done = 0
    exe = shutil.which("tesseract")
    pdftoppm = shutil.which("pdftoppm")
    deadline = time.monotonic() + limits.ocr_timeout
    blocks: list[Block] = []
    timed_out = False
    with tempfile.TemporaryDirectory(prefix="praxis-ocr-") as tmp:
        src = Path(tmp) / "input.pdf"
        src.write_bytes(data)
        for pno in page_numbers:
            left = deadline - time.monotonic()
            if left <= 1:
                timed_out = True
                break
            images: list[bytes] = []
            if pdftoppm:
                prefix = Path(tmp) / f"page{pno}"
                try:
                    run_tool([pdftoppm, "-r", "300", "-gray", "-png", "-f", str(pno), "-l", str(pno), "-singlefile",
                               str(src), str(prefix)], left)
                    png = prefix.with_suffix(".png")
                    if png.exists():
                        images.append(png.read_bytes())
                        png.unlink()
                except subprocess.TimeoutExpired:
                    timed_out = True
                    break
                except OSError:
                    pass
            if not images:
                try:
                    for img in reader.pages[pno - 1].images:
                        buf = io.BytesIO()
                        img.image.save(buf, format="PNG")
                        images.append(buf.getvalue())
                except FATAL:
                    raise
                except Exception:
                    pass
            texts = []
            for png in images:
                left = deadline - time.monotonic()
                if left <= 1:
                    timed_out = True
                    break
                try:
                    rc, out, _err = run_tool([exe, "-", "-", "-l", "ell+eng", "--psm", "3"], left, input_bytes=png)
                except subprocess.TimeoutExpired:
                    timed_out = True
                    break
                except OSError:
                    continue
                if rc == 0:
                    texts.append(out.decode("utf-8", "replace"))
            for t in texts:
                blocks.extend(text_blocks(t, page=pno))
            if timed_out:
                break
            pages_done += 1
    if not blocks:
        if timed_out:
            raise ReadError(f"scanned PDF with no text layer: OCR took longer than {limits.ocr_timeout:.0f} s")
        raise ReadError("scanned PDF with no text layer: OCR found no text in it")
    return normalise_levels(blocks), pages_done, timed_out


def has_images(reader, page_indexes) -> bool:
    for i in page_indexes:
        try:
            page = reader.pages[i]
            res = page.get("/Resources")
            res = res.get_object() if res is not None else None
            xobj = res.get("/XObject") if res is not None else None
            if xobj is not None and len(xobj.get_object()) > 0:
                return True
            contents = page.get_contents()
            if contents is not None and b"BI" in contents.get_data():
                return True
        except FATAL:
            raise
        except Exception:
            return True  # when in doubt, call it a scan
    return False


_PATH_OP_RE = re.compile(rb"(?<![A-Za-z0-9_/])(?:m|l|c|v|y|re)(?![A-Za-z0-9_])")
MANY_PATHS = 600  # path operators on a page that has no text: letters drawn as outlines


def drawn_as_paths(reader, index: int) -> bool:
    """Whether a page without text draws many paths: text converted to outlines (a Greek page "printed" as
    shapes) needs OCR. A DejaVu Greek letter drawn as its outline took 19 path operators on average (989
    for 52 letters), so 600 is about 30 letters, a title; a page of a few lines and boxes (a blank form
    grid) stays below it, and a chart above it costs one OCR pass that finds little or nothing."""
    try:
        contents = reader.pages[index].get_contents()
        if contents is None:
            return False
        data = contents.get_data()[:20_000_000]
    except FATAL:
        raise
    except Exception:
        return False
    count = 0
    for _ in _PATH_OP_RE.finditer(data):
        count += 1
        if count >= MANY_PATHS:
            return True
    return False
