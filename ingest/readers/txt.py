"""Plain text files."""
from __future__ import annotations


from ..blocks import ReadError, ReadResult
from .charset import decode
from .limits import Limits
from .markers import normalise_levels
from .paragraphs import text_blocks


def read(data: bytes, name: str, limits: Limits) -> ReadResult:
    text, enc = decode(data)
    if not text.strip("\ufeff \t\r\n\f\v\x00"):
        raise ReadError("empty file")
    blocks = normalise_levels(text_blocks(text))
    meta = {"encoding": enc}
    if "\r\n" in text:
        meta["newline"] = "crlf"
    return ReadResult(blocks, "txt", meta)
