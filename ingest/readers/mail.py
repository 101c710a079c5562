"""What .eml and .msg have in common: the body's text, the choice between plain and HTML, and the
attachments, each read by its own reader.

The result's blocks are the subject (a level-1 heading) and the body; every readable attachment is a
part ``(file name, its ReadResult)``, so that a practice found in an attachment can name its source as
"the e-mail › the attachment". Attachments are read with ``read_bytes`` and the same limits; an e-mail
inside an e-mail is read too, down to ``MAX_DEPTH`` levels (a message that attaches itself, or a chain
of forwards, cannot recurse for ever). An attachment that cannot be read (an image, a damaged file)
does not fail the e-mail: its reason is kept in ``meta["attachments_unread"]``.
"""
from __future__ import annotations

import contextvars
import re
import unicodedata

from ..blocks import HEADING, PARAGRAPH, Block, ReadError, ReadResult
from .charset import decode as decode_text
from .clean import clean_text
from .html import read as read_html
from .limits import Limits
from .markers import normalise_levels
from .paragraphs import text_blocks as _text_blocks


def text_blocks(text: str) -> list[Block]:
    """Paragraphs, lists and headings from plain text, as the text reader makes them."""
    return normalise_levels(_text_blocks(text))


MAX_DEPTH = 3
_DEPTH: contextvars.ContextVar[int] = contextvars.ContextVar("praxis_mail_depth", default=0)
_UTF8 = {"utf-8", "utf8", "us-ascii", "ascii", ""}
_LATIN = {"iso-8859-1", "latin-1", "latin1", "windows-1252", "cp1252", "iso-8859-15", "iso8859-1"}
_QUOTE_RE = re.compile(r"(?m)^[ \t]*(?:>[ \t]?)+")
_WORD_RE = re.compile(r"\w+")


def decode_body(raw: bytes, declared: str | None) -> str:
    """The text of a body part. The declared charset is trusted when the bytes decode with it and do
    not look like Greek written in another code page; Greek mail is often mislabelled (windows-1253
    sent as iso-8859-7 and the reverse, or as Latin-1), so anything else goes to the reader package's
    decoder, which scores the two Greek code pages against each other."""
    declared = (declared or "").strip().lower()
    if declared in _UTF8:
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            pass
    elif declared not in ("iso-8859-7", "windows-1253", "cp1253", "greek", "iso8859-7"):
        try:
            text = raw.decode(declared)
            letters = [ch for ch in text if ch.isalpha()]
            latin_high = sum(1 for ch in letters if "\u00c0" <= ch <= "\u00ff")
            if declared not in _LATIN or latin_high <= 0.3 * max(len(letters), 1):
                return text
        except (LookupError, UnicodeDecodeError):
            pass
    try:
        return decode_text(raw)[0]
    except ReadError:
        return raw.decode("utf-8", errors="replace")


def unquote(text: str) -> str:
    """A reply's quoted lines ("> ...") as plain lines, in order: the quoted text is part of the thread."""
    return _QUOTE_RE.sub("", text)


def _words(text: str) -> set[str]:
    folded = unicodedata.normalize("NFD", text.casefold())
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    return set(_WORD_RE.findall(folded))


def _shift(blocks: list[Block]) -> list[Block]:
    """Body headings one level below the subject."""
    return [Block(b.kind, b.text, b.level + 1, b.page, b.rows, b.ordered, b.style) if b.kind == HEADING else b
            for b in blocks]


def body_blocks(plain: str | None, html: bytes | None, limits: Limits) -> tuple[list[Block], str]:
    """(blocks, 'plain' | 'html'): the plain text when it says what the HTML says (90% of the HTML's
    words), else the HTML (it holds something the plain text lacks: a table, a forwarded part)."""
    # A plain body has no headings: the short lines the text reader would promote are a signature,
    # a greeting or a forwarded message's header lines.
    plain_blocks = [Block(PARAGRAPH, b.text, style=b.style) if b.kind == HEADING else b
                    for b in text_blocks(unquote(plain))] if plain and plain.strip() else []
    html_blocks: list[Block] = []
    if html and html.strip():
        try:
            html_blocks = read_html(html, "body.html", limits).blocks
        except ReadError:
            html_blocks = []
    if plain_blocks and html_blocks:
        html_words = _words("\n".join(b.text for b in html_blocks))
        plain_words = _words("\n".join(b.text for b in plain_blocks))
        if not html_words or len(html_words & plain_words) >= 0.9 * len(html_words):
            return _shift(plain_blocks), "plain"
        return _shift(html_blocks), "html"
    if html_blocks:
        return _shift(html_blocks), "html"
    return _shift(plain_blocks), "plain"


def html_bytes(text: str) -> bytes:
    """An HTML body as UTF-8 bytes the HTML reader reads as HTML whatever its first tag."""
    return ('<html><head><meta charset="utf-8"></head><body>' + text + "</body></html>").encode("utf-8")


def read_attachments(items: list[tuple[str, bytes]], limits: Limits) -> tuple[list[tuple[str, ReadResult]], list[str]]:
    """(parts read, 'name: reason' for the others). Each attachment goes through read_bytes."""
    from . import read_bytes

    parts: list[tuple[str, ReadResult]] = []
    unread: list[str] = []
    depth = _DEPTH.get()
    for name, data in items:
        if depth >= MAX_DEPTH:
            unread.append(f"{name}: attached {MAX_DEPTH} e-mails deep, not read")
            continue
        if not data:
            unread.append(f"{name}: empty attachment")
            continue
        token = _DEPTH.set(depth + 1)
        try:
            parts.append((name, read_bytes(data, name, limits=limits)))
        except ReadError as exc:
            unread.append(f"{name}: {exc.reason}")
        finally:
            _DEPTH.reset(token)
    return parts, unread


def unique_names(names: list[str]) -> list[str]:
    """Attachment names, made unique ("a.pdf", "a.pdf (2)") so that each names one source."""
    seen: dict[str, int] = {}
    out = []
    for n in names:
        n = clean_text(n).replace(" › ", " - ") or "attachment"
        seen[n] = seen.get(n, 0) + 1
        out.append(n if seen[n] == 1 else f"{n} ({seen[n]})")
    return out


def mail_result(fmt: str, subject: str, meta: dict, body: list[Block], parts: list[tuple[str, ReadResult]],
                unread: list[str]) -> ReadResult:
    subject = clean_text(subject)
    if not body and not parts:
        if unread:
            raise ReadError("e-mail without text: its body is empty and no attachment could be read ("
                            + "; ".join(unread)[:300] + ")")
        raise ReadError("empty e-mail: no text in the body and no attachment")
    blocks = ([Block(HEADING, subject, level=1)] if subject else []) + body
    if not blocks:  # attachments only, no subject: the file names are the e-mail's own text
        blocks = [Block(PARAGRAPH, ", ".join(name for name, _ in parts))]
    if subject:
        meta["title"] = subject
    meta["attachments"] = len(parts)
    if unread:
        meta["attachments_unread"] = "; ".join(unread)[:1000]
    return ReadResult(blocks, fmt, meta, parts=parts)
