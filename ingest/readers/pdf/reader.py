"""The PDF reader: pypdf opens the file, pages go through glyphs -> lines -> headers/footers ->
tables -> layout; scanned pages go to OCR.
"""
from __future__ import annotations

import io

from ...blocks import Block, ReadError, ReadResult
from ..clean import clean_text
from ..limits import FATAL, Limits
from ..markers import normalise_levels
from ..paragraphs import text_blocks
from .glyphs import Line, page_fragments
from .headers import drop_headers_footers
from .layout import pdf_blocks
from .lines import page_lines
from .ocr import has_images, ocr_pdf, tesseract_ready


def _pdf_short_cause(exc: BaseException) -> str:
    msg = str(exc).strip().splitlines()[0] if str(exc).strip() else exc.__class__.__name__
    return msg[:120]


def read(data: bytes, name: str, limits: Limits) -> ReadResult:
    import logging

    from pypdf import PdfReader

    try:
        from pypdf import PasswordType
    except ImportError:  # older pypdf
        from pypdf._encryption import PasswordType

    pypdf_logger = logging.getLogger("pypdf")
    if pypdf_logger.level == logging.NOTSET:  # not configured by the application: keep its noise down
        pypdf_logger.setLevel(logging.ERROR)
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
    except FATAL:
        raise
    except Exception as exc:
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
            pages.append((page_lines(frags, i + 1), y0, y1))
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
            errors.append(f"page {i + 1}: {_pdf_short_cause(exc)}")
            pages.append(([], 0.0, 792.0))
            boxes.append((0.0, 0.0, 612.0, 792.0))
            plain_texts.append("")

    chars_per_page = [sum(s.nchars for ln in lines for s in ln.segs) for lines, _, _ in pages]
    has_text = any(chars_per_page)
    if has_text and sum(chars_per_page) < 15 * n_pages and has_images(reader, range(n_pages)):
        has_text = False  # a stamp or a page number on scanned pages: treat it as a scan
        plain_texts = [""] * n_pages
    if not has_text:
        if any(t.strip() for t in plain_texts):
            blocks = []
            for pi, t in enumerate(plain_texts):
                blocks.extend(text_blocks(t, page=pi + 1))
            return ReadResult(normalise_levels(blocks), "pdf", meta)
        if errors and len(errors) == n_pages:
            raise ReadError(f"corrupt PDF: the file is damaged or incomplete ({errors[0]})")
        if not has_images(reader, range(n_pages)):
            raise ReadError("empty document: no text")
        if tesseract_ready():
            blocks, done, timed_out = ocr_pdf(data, reader, limits, list(range(1, n_pages + 1)))
            meta["ocr"] = True
            if timed_out:
                meta["ocr_incomplete"] = True  # OCR ran out of time: later pages are missing
                meta["ocr_pages"] = done
            return ReadResult(blocks, "pdf", meta)
        raise ReadError(
            "scanned PDF with no text layer: install tesseract-ocr, tesseract-ocr-ell and tesseract-ocr-eng "
            "to read it with OCR"
        )
    kept = drop_headers_footers(pages)
    blocks = pdf_blocks(kept, boxes)
    if errors:
        meta["unreadable_pages"] = errors
    meta["ocr"] = False
    # scanned pages inside a text PDF (a signed page, an annex)
    scanned = [i + 1 for i, n in enumerate(chars_per_page)
               if n == 0 and not any(e.startswith(f"page {i + 1}:") for e in errors)
               and has_images(reader, [i])]
    if scanned:
        if tesseract_ready():
            try:
                ocr_blocks, _done, timed_out = ocr_pdf(data, reader, limits, scanned)
            except ReadError:
                ocr_blocks, timed_out = [], False
            if ocr_blocks:
                meta["ocr_pages"] = sorted({b.page for b in ocr_blocks})
                merged: list[Block] = []
                pending = list(ocr_blocks)
                for b in blocks:
                    while pending and b.page is not None and pending[0].page < b.page:
                        merged.append(pending.pop(0))
                    merged.append(b)
                blocks = merged + pending
            if timed_out:
                meta["ocr_incomplete"] = True
        else:
            meta["pages_without_text"] = scanned  # image-only pages that need OCR
    return ReadResult(blocks, "pdf", meta)
