"""Format detection from the content (magic bytes, zip and OLE2 parts); the name only hints md vs txt."""
from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from ..blocks import ReadError
from .charset import BOMS, decode, utf16_without_bom
from .eml import looks_like_email
from .limits import FATAL
from .sheet import looks_like_csv


_HTML_START_RE = re.compile(
    rb"^(?:\s|<!--.*?-->|<\?xml[^>]*\?>)*<(?:!doctype\s+html|html|head|body|meta|title|link|base|style|script)\b",
    re.I | re.S,
)
_HTML_ANY_RE = re.compile(r"<(html|body)\b[^>]*>", re.I)
_MD_STRONG_RE = re.compile(r"^\s{0,3}#{1,6}\s+\S", re.M)


def ole_kind(data: bytes) -> str:
    """doc, xls, ppt, msg or encrypted-office for an OLE2 compound file (doc when unsure)."""
    names = {
        "WordDocument": "doc",
        "EncryptedPackage": "encrypted-office",
        "Workbook": "xls",
        "Book": "xls",
        "PowerPoint Document": "ppt",
        "__substg1.0_": "msg",
    }
    regions = [data[:2_000_000], data[-2_000_000:]]
    try:  # the first directory sector, wherever it is
        shift = int.from_bytes(data[30:32], "little")
        first_dir = int.from_bytes(data[48:52], "little")
        if 7 <= shift <= 16:
            size = 1 << shift
            off = (first_dir + 1) * size
            regions.insert(0, data[off:off + size])
    except (ValueError, OverflowError):
        pass
    for region in regions:
        for stream, kind in names.items():
            if stream.encode("utf-16-le") in region:
                return kind
    return "doc"


_ODF_KINDS = ((b"application/vnd.oasis.opendocument.text", "odt"),
              (b"application/vnd.oasis.opendocument.spreadsheet", "ods"),
              (b"application/vnd.oasis.opendocument.presentation", "odp"))


def zip_kind(data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
            if "word/document.xml" in names:
                return "docx"
            if "mimetype" in names:
                info = zf.getinfo("mimetype")
                if info.file_size < 200:
                    mt = zf.read("mimetype")
                    for marker, kind in _ODF_KINDS:
                        if mt.startswith(marker) and not mt.startswith(marker + b"-"):  # -template, -master
                            return kind
                    if mt.startswith(b"application/vnd.oasis.opendocument"):
                        return "opendocument-other"
            if "[Content_Types].xml" in names:
                info = zf.getinfo("[Content_Types].xml")
                if info.file_size < 1_000_000:
                    ct = zf.read("[Content_Types].xml")
                    if b"wordprocessingml.document.main" in ct or b"ms-word.document" in ct:
                        return "docx"
                    if b"spreadsheetml" in ct:
                        return "xlsx"
                    if b"presentationml" in ct:
                        return "pptx"
            if "xl/workbook.xml" in names:
                return "xlsx"
            if "ppt/presentation.xml" in names:
                return "pptx"
            return "zip"
    except FATAL:
        raise
    except Exception:
        # a damaged zip: look at the raw local headers
        head = data[:4_000_000]
        if b"word/document.xml" in head or b"word/_rels" in head:
            return "docx"
        for marker, kind in _ODF_KINDS:
            if b"mimetype" + marker in head:
                return kind
        if b"[Content_Types].xml" in head and b"word/" in head:
            return "docx"
        if b"xl/workbook.xml" in head or b"xl/worksheets/" in head:
            return "xlsx"
        if b"ppt/presentation.xml" in head or b"ppt/slides/" in head:
            return "pptx"
        return "zip"


def sniff(data: bytes, name: str = "") -> str:
    """Fine-grained kind from the content: one of the readers' formats (registry.READERS) or a kind we reject."""
    head = data[:1024]
    if data.lstrip(b"\xef\xbb\xbf \t\r\n\x00").startswith(b"%PDF-") or (b"%PDF-" in head and b"obj" in data[:65536]):
        return "pdf"
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1") or data.startswith(b"\xd0\xcf\x11\xe0"):
        return ole_kind(data)
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")):
        return zip_kind(data)
    if data.lstrip().startswith(b"{\\rtf"):
        return "rtf"
    magics = (
        (b"\x89PNG", "image"), (b"\xff\xd8\xff", "image"), (b"GIF8", "image"), (b"II*\x00", "image"),
        (b"MM\x00*", "image"), (b"BM", None), (b"%!PS", "postscript"), (b"\x1f\x8b", "archive"),
        (b"7z\xbc\xaf", "archive"), (b"Rar!", "archive"), (b"\x7fELF", "binary"), (b"MZ", None),
        (b"RIFF", "media"), (b"ID3", "media"), (b"OggS", "media"), (b"fLaC", "media"),
    )
    for magic, kind in magics:
        if kind and data.startswith(magic):
            return kind
    if looks_like_email(data):  # before HTML: an e-mail's HTML body must not hide its headers
        return "eml"
    # text-like: HTML?
    for bom, enc in BOMS:
        if data.startswith(bom):
            try:
                sample = data[:8192].decode(enc, errors="ignore").lstrip("\ufeff").encode("utf-8", "ignore")
            except LookupError:
                sample = data[:8192]
            break
    else:
        enc16 = utf16_without_bom(data[:8192])
        sample = data[:8192].decode(enc16, errors="ignore").encode("utf-8", "ignore") if enc16 else data[:8192]
    if _HTML_START_RE.match(sample):
        return "html"
    try:
        text, _enc = decode(data)
    except ReadError:
        return "binary"
    if _HTML_ANY_RE.search(text[:20000]) and re.search(r"</(p|div|body|html|h\d|table)>", text, re.I):
        return "html"
    if re.match(r"\s*<\?xml\b", text.lstrip("\ufeff")) or re.match(r"\s*<svg\b", text.lstrip("\ufeff")):
        return "xml"
    kind = _md_or_txt(text, name)
    if looks_like_csv(data):
        return "csv"
    return kind


def _md_or_txt(text: str, name: str) -> str:
    ext = Path(name).suffix.lower() if name else ""
    text = text[:200_000]
    score = 0
    score += 3 * len(_MD_STRONG_RE.findall(text))
    score += 3 * len(re.findall(r"^\s*\|?\s*:?-{3,}:?\s*\|", text, re.M))
    # "[" is not inside the link text: a line of 100,000 brackets took 20 s to score (fuzzing, issue 9)
    score += len(re.findall(r"\[[^\[\]\n]{1,500}\]\([^)\s]{1,2000}\)", text))
    score += len(re.findall(r"\*\*[^*\n]+\*\*", text))
    score += 2 * len(re.findall(r"^```", text, re.M))
    if ext in (".md", ".markdown", ".mdown", ".mkd"):
        return "md"
    if ext in (".txt", ".text"):
        return "md" if score >= 6 else "txt"
    return "md" if score >= 3 else "txt"


_PUBLIC_KINDS = {"pdf", "docx", "doc", "odt", "html", "md", "txt", "eml", "msg", "xlsx", "ods", "csv", "pptx", "odp"}


def detect_format(data: bytes, name: str = "") -> str:
    """pdf | docx | doc | odt | html | md | txt | eml | msg | xlsx | ods | csv | pptx | odp | unknown, from the
    content (name only hints md vs txt)."""
    try:
        kind = sniff(bytes(data), name)
    except FATAL:
        raise
    except Exception:
        return "unknown"
    return kind if kind in _PUBLIC_KINDS else "unknown"
