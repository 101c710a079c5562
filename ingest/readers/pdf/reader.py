"""The PDF reader: pypdf opens the file, pages go through glyphs -> lines -> headers/footers ->
tables -> layout; scanned pages go to OCR.
"""
from __future__ import annotations

import io

from ...blocks import Block, ReadError, ReadResult
from ..clean import clean_text, without_byte_literals
from ..limits import FATAL, Limits
from ..markers import normalise_levels
from ..paragraphs import text_blocks
from .glyphs import Line, page_fragments
from .headers import drop_headers_footers
from .layout import pdf_blocks
from .lines import page_lines
from .forms import field_fragments
from .legacy import fix_page
from .ocr import drawn_as_paths, has_images, ocr_pdf, tesseract_ready
from .words import repair_words


def _pdf_short_cause(exc: BaseException) -> str:
    """The first line of a parser's message, without raw byte literals such as b'\\xad'."""
    msg = str(exc).strip().splitlines()[0] if str(exc).strip() else exc.__class__.__name__
    return without_byte_literals(msg)[:120]


def _missing_decoder(exc: BaseException) -> ReadError | None:
    """pypdf's DependencyError (Brotli, AES without cryptography...) is a missing library, not damage."""
    if exc.__class__.__name__ != "DependencyError":
        return None
    return ReadError(f"PDF needs a decoder that is not installed here ({_pdf_short_cause(exc)})")


def read(data: bytes, name: str, limits: Limits) -> ReadResult:
    import logging

    from pypdf import PasswordType, PdfReader

    pypdf_logger = logging.getLogger("pypdf")
    if pypdf_logger.level == logging.NOTSET:  # not configured by the application: keep its noise down
        pypdf_logger.setLevel(logging.ERROR)
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
    except FATAL:
        raise
    except Exception as exc:
        if _missing_decoder(exc) is not None:
            raise _missing_decoder(exc) from exc
        raise ReadError(f"corrupt PDF: the file is damaged or incomplete ({_pdf_short_cause(exc)})") from exc
    meta: dict = {}
    try:
        encrypted = reader.is_encrypted
    except FATAL:
        raise
    except Exception as exc:
        raise ReadError(f"corrupt PDF: the file is damaged or incomplete ({_pdf_short_cause(exc)})") from exc
    if encrypted:
        try:
            ok = reader.decrypt("")
        except FATAL:
            raise
        except Exception as exc:
            if exc.__class__.__name__ == "DependencyError":
                raise ReadError("encrypted PDF: it uses AES encryption and the 'cryptography' package is missing") \
                    from exc
            raise ReadError("encrypted PDF: needs a password") from exc
        if ok == PasswordType.NOT_DECRYPTED:
            raise ReadError("encrypted PDF: needs a password")
        meta["encrypted"] = True
    try:
        n_total = len(reader.pages)
    except FATAL:
        raise
    except Exception as exc:
        raise ReadError(f"corrupt PDF: the file is damaged or incomplete ({_pdf_short_cause(exc)})") from exc
    if n_total == 0:
        raise ReadError("corrupt PDF: it has no pages")
    n_pages = min(n_total, limits.max_pages)
    meta["pages"] = n_total
    if n_pages < n_total:
        meta["truncated"] = True
        meta["pages_read"] = n_pages
    try:
        info = reader.metadata
        if info:
            for key, field_ in (("title", "/Title"), ("author", "/Author"), ("subject", "/Subject")):
                v = info.get(field_)
                if v and clean_text(str(v)):
                    meta[key] = clean_text(str(v))
    except FATAL:
        raise
    except Exception:
        pass

    font_cache: dict = {}
    pages: list[tuple[list[Line], float, float]] = []
    boxes: list[tuple[float, float, float, float]] = []
    plain_texts: list[str] = []
    errors: list[str] = []
    repaired = 0
    remapped = 0
    garbled: list[int] = []  # 1-based pages whose text layer is undecodable legacy-font text
    missing: ReadError | None = None
    for i in range(n_pages):
        try:
            page = reader.pages[i]
            try:
                box = page.cropbox
                x0, y0, x1, y1 = (float(v) for v in (box.left, box.bottom, box.right, box.top))
            except FATAL:
                raise
            except Exception:
                x0, y0, x1, y1 = 0.0, 0.0, 612.0, 792.0
            frags, plain = page_fragments(page, font_cache)
            frags.extend(field_fragments(page))
            lines = page_lines(frags, i + 1)
            status, plain = fix_page(lines, plain)
            if status == "remapped":
                remapped += 1
            elif status == "garbled":
                garbled.append(i + 1)
                lines, plain = [], ""
            repaired += repair_words(lines, plain)
            pages.append((lines, y0, y1))
            boxes.append((x0, y0, x1, y1))
            plain_texts.append(plain)
        except FATAL:
            raise
        except RecursionError:
            errors.append(f"page {i + 1}: nested too deeply")
            pages.append(([], 0.0, 792.0))
            boxes.append((0.0, 0.0, 612.0, 792.0))
            plain_texts.append("")
        except Exception as exc:
            missing = missing or _missing_decoder(exc)
            errors.append(f"page {i + 1}: {_pdf_short_cause(exc)}")
            pages.append(([], 0.0, 792.0))
            boxes.append((0.0, 0.0, 612.0, 792.0))
            plain_texts.append("")

    chars_per_page = [sum(s.nchars for ln in lines for s in ln.segs) for lines, _, _ in pages]
    if remapped:
        meta["legacy_font_pages"] = remapped  # Greek in an 8-bit Latin font, re-read as Windows-1253
    # pages to render and OCR although they hold no image: undecodable legacy-font text, letters drawn as paths
    render = sorted(set(garbled) | {i + 1 for i, n in enumerate(chars_per_page)
                                    if n == 0 and not any(e.startswith(f"page {i + 1}:") for e in errors)
                                    and not has_images(reader, [i]) and drawn_as_paths(reader, i)})
    has_text = any(chars_per_page)
    stamped = _stamped_pages(reader, chars_per_page, boxes, errors)
    if has_text and (sum(chars_per_page) < 15 * n_pages or all(n == 0 or i + 1 in stamped
                                                            for i, n in enumerate(chars_per_page))) \
            and has_images(reader, range(n_pages)):
        has_text = False  # a stamp or a page number on scanned pages: treat it as a scan
        plain_texts = [""] * n_pages
    if not has_text:
        if any(t.strip() for t in plain_texts):
            blocks = []
            for pi, t in enumerate(plain_texts):
                blocks.extend(text_blocks(t, page=pi + 1))
            return ReadResult(normalise_levels(blocks), "pdf", meta)
        if errors and len(errors) == n_pages:
            if missing is not None:
                raise missing
            raise ReadError(f"corrupt PDF: the file is damaged or incomplete ({errors[0]})")
        if not render and not has_images(reader, range(n_pages)):
            raise ReadError("empty document: no text")
        if tesseract_ready():
            blocks, done, timed_out = ocr_pdf(data, reader, limits, list(range(1, n_pages + 1)))
            meta["ocr"] = True
            if timed_out:
                meta["ocr_incomplete"] = True  # OCR ran out of time: later pages are missing
                meta["ocr_pages"] = done
                meta["ocr_note"] = f"{done} of {n_pages} pages read before the time limit"
            return ReadResult(blocks, "pdf", meta)
        if garbled:
            raise ReadError("PDF written with an old 8-bit font whose letters cannot be decoded: install "
                            "tesseract-ocr, tesseract-ocr-ell and tesseract-ocr-eng to read it with OCR")
        raise ReadError(
            "scanned PDF with no text layer: install tesseract-ocr, tesseract-ocr-ell and tesseract-ocr-eng "
            "to read it with OCR"
        )
    # scanned pages inside a text PDF (a signed page, an annex), and scans with a text stamp
    scanned = sorted(set(stamped) | {i + 1 for i, n in enumerate(chars_per_page)
                                     if n == 0 and not any(e.startswith(f"page {i + 1}:") for e in errors)
                                     and has_images(reader, [i])} | set(render))
    ocr_blocks: list[Block] = []
    if scanned and tesseract_ready():
        try:
            ocr_blocks, _done, timed_out = ocr_pdf(data, reader, limits, scanned)
        except ReadError:
            ocr_blocks, timed_out = [], False
        if timed_out:
            meta["ocr_incomplete"] = True
        for pno in {b.page for b in ocr_blocks} & set(stamped):
            pages[pno - 1] = ([], pages[pno - 1][1], pages[pno - 1][2])  # OCR read the stamp too
    elif scanned:
        meta["pages_without_text"] = scanned  # pages that need OCR
    if repaired:
        meta["words_repaired"] = repaired  # glued/split words set right from pypdf's extract_text
    kept = drop_headers_footers(pages)
    blocks = pdf_blocks(kept, boxes)
    if errors:
        meta["unreadable_pages"] = errors
    meta["ocr"] = False
    if ocr_blocks:
        meta["ocr_pages"] = sorted({b.page for b in ocr_blocks})
        merged: list[Block] = []
        pending = list(ocr_blocks)
        for b in blocks:
            while pending and b.page is not None and pending[0].page < b.page:
                merged.append(pending.pop(0))
            merged.append(b)
        blocks = merged + pending
    return ReadResult(blocks, "pdf", meta)


def _stamped_pages(reader, chars_per_page: list[int], boxes: list, errors: list[str]) -> list[int]:
    """1-based pages whose text layer is only a stamp on a scan: images, and fewer letters than any
    page of real text holds for its area (120 on an A4 page; a typed A4 page holds 1,500-3,500)."""
    out = []
    for i, n in enumerate(chars_per_page):
        if n == 0 or any(e.startswith(f"page {i + 1}:") for e in errors):
            continue
        x0, y0, x1, y1 = boxes[i]
        area = max(1.0, (x1 - x0) * (y1 - y0))
        if n < max(40.0, 120.0 * area / (595.0 * 842.0)) and has_images(reader, [i]):
            out.append(i + 1)
    return out
