"""Helpers shared by the e-mail, spreadsheet, slide and OpenDocument readers.

The text decoder, the zip checks and the plain-text paragraph builder are the reader package's own:
an e-mail body, a CSV file and a text file are decoded the same way, and an ODF zip is checked for
bombs and entity declarations exactly as a DOCX is.
"""
from __future__ import annotations

import io
import zipfile

from ingest.blocks import TABLE, Block, ReadError
from ingest.readers import Limits, clean_text

# The private helpers of the reader package, imported in one place so that the package split moves one line.
from ingest.readers import _check_zip, _decode, _normalise_levels, _read_html, _text_blocks  # noqa: F401

_FATAL = (KeyboardInterrupt, SystemExit, MemoryError)


def table_block(rows: list[list[str]], style: dict | None = None) -> Block | None:
    """A TABLE block from rows of cells (cleaned; empty rows and all-empty columns dropped)."""
    rows = [[clean_text(c) for c in row] for row in rows]
    rows = [row for row in rows if any(row)]
    if not rows:
        return None
    width = max(len(r) for r in rows)
    keep = [i for i in range(width) if any(i < len(r) and r[i] for r in rows)]
    rows = [[r[i] if i < len(r) else "" for i in keep] for r in rows]
    text = "\n".join(" | ".join(c for c in r if c) for r in rows)
    return Block(TABLE, text, rows=tuple(tuple(r) for r in rows), style=style or {})


def open_zip(data: bytes, limits: Limits, label: str) -> zipfile.ZipFile:
    """The zip, checked for bombs and DTD/entity declarations (ReadError otherwise)."""
    return _check_zip(data, limits, label)


def read_xml_part(zf: zipfile.ZipFile, part: str, label: str):
    """The parsed root of one XML part: no DTD loading, no entity resolution, no network."""
    from lxml import etree

    try:
        raw = zf.read(part)
    except KeyError:
        raise ReadError(f"corrupt {label}: the part {part} is missing") from None
    except _FATAL:
        raise
    except Exception as exc:
        raise ReadError(f"corrupt {label}: the part {part} is damaged") from exc
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                             remove_comments=True, remove_pis=True)
    try:
        return etree.parse(io.BytesIO(raw), parser).getroot()
    except etree.XMLSyntaxError as exc:
        raise ReadError(f"corrupt {label}: the part {part} is not well-formed XML ({str(exc)[:80]})") from exc


def decode_text(data: bytes) -> tuple[str, str]:
    """(text, encoding) with the reader package's decoder (BOMs, UTF-16, Greek code pages)."""
    return _decode(data)


def text_blocks(text: str) -> list[Block]:
    """Paragraphs, lists and headings from plain text, as the text reader makes them."""
    return _normalise_levels(_text_blocks(text))


def normalise_levels(blocks: list[Block]) -> list[Block]:
    return _normalise_levels(blocks)


def is_encrypted_ooxml(data: bytes) -> bool:
    """An encrypted Office 2007+ file is an OLE container holding an EncryptedPackage stream."""
    return data.startswith(b"\xd0\xcf\x11\xe0") and "EncryptedPackage".encode("utf-16-le") in data[:2_000_000]


def read_html(data: bytes, name: str, limits: Limits):
    """The HTML reader itself (an e-mail's HTML body is HTML whatever its first bytes look like)."""
    return _read_html(data, name, limits)
