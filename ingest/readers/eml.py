"""E-mail files (.eml, RFC 5322 / MIME), read with the standard library's ``email`` package.

``policy.default`` decodes RFC 2047 encoded words (subjects, names) and RFC 2231 parameters
(attachment names split over several lines, in any charset) and undoes quoted-printable and base64.
The body's charset is checked (Greek mail is often mislabelled: see ``mail.decode_body``); header
bytes sent raw, without encoded words, are decoded the same way. A reply's quoted lines are kept in
order, without their ">" marks; a forwarded message sent as an attachment is read as an e-mail.
"""
from __future__ import annotations

import re
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser

from ..blocks import ReadError, ReadResult
from .charset import decode as decode_text
from .clean import clean_text
from .limits import FATAL, Limits
from .mail import body_blocks, decode_body, html_bytes, mail_result, read_attachments, unique_names

_HEADER_RE = re.compile(rb"^([A-Za-z][A-Za-z0-9-]{0,60}):")
_KNOWN = {b"from", b"to", b"cc", b"subject", b"date", b"message-id", b"mime-version", b"received", b"return-path",
          b"reply-to", b"content-type", b"delivered-to", b"x-mailer", b"thread-topic", b"in-reply-to", b"references",
          b"sender", b"importance", b"x-ms-has-attach", b"content-transfer-encoding", b"thread-index", b"bcc"}
_SKIP_TYPES = {"application/pkcs7-signature", "application/x-pkcs7-signature", "application/pgp-signature",
               "application/pgp-keys", "text/x-vcard", "text/vcard"}


def looks_like_email(data: bytes) -> bool:
    """Headers first (every line a header or its continuation, up to a blank line), at least three
    known e-mail headers among them, one of them From, Received or MIME-Version, and one of Subject,
    Date or Message-ID. A text memo opening with "From:/To:/Subject:" lines is a mail in all but
    transport, and reading it as one loses nothing."""
    head = data[:65536].lstrip(b"\xef\xbb\xbf")
    if head.startswith(b"From "):  # an mbox separator line
        head = head.split(b"\n", 1)[-1]
    seen: set[bytes] = set()
    lines = head.replace(b"\r\n", b"\n").split(b"\n")
    for i, line in enumerate(lines):
        if not line.strip():
            break
        if line[:1] in (b" ", b"\t") and i > 0:
            continue
        m = _HEADER_RE.match(line)
        if not m:
            return False
        seen.add(m.group(1).lower())
    known = seen & _KNOWN
    return len(known) >= 3 and bool(known & {b"from", b"received", b"mime-version"}) \
        and bool(known & {b"subject", b"date", b"message-id"})


def raw_8bit_header(data: bytes, name: str) -> str | None:
    """A top-level header sent as raw 8-bit bytes (no encoded words), decoded as a text file is; None
    when the header is plain ASCII (the email package decodes it) or absent. The email package itself
    turns such bytes into U+FFFD."""
    head = re.split(rb"\r?\n\r?\n", data[:65536], maxsplit=1)[0]
    m = re.search(rb"(?im)^" + re.escape(name.encode()) + rb":[ \t]*(.*(?:\r?\n[ \t].*)*)", head)
    if not m or not re.search(rb"[\x80-\xff]", m.group(1)):
        return None
    value = re.sub(rb"\r?\n[ \t]+", b" ", m.group(1)).strip()
    try:
        return clean_text(decode_text(value)[0])
    except ReadError:
        return clean_text(value.decode("utf-8", "replace"))


def _header(msg: EmailMessage, name: str) -> str:
    try:
        value = msg.get(name)
    except FATAL:
        raise
    except Exception:  # noqa: BLE001 - a malformed header is left out, not fatal
        return ""
    if value is None:
        return ""
    text = str(value)
    if any("\udc80" <= ch <= "\udcff" for ch in text):  # raw 8-bit bytes in a header
        try:
            text = decode_text(text.encode("utf-8", "surrogateescape"))[0]
        except (ReadError, UnicodeError):
            text = text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return clean_text(text)


def _payload(part: EmailMessage) -> bytes:
    try:
        data = part.get_payload(decode=True)
    except FATAL:
        raise
    except Exception:  # noqa: BLE001 - a damaged transfer encoding gives what could be decoded
        data = None
    return data if isinstance(data, bytes) else b""


def _text(part: EmailMessage) -> str:
    return decode_body(_payload(part), part.get_content_charset())


def _encrypted(msg: EmailMessage) -> bool:
    ctype = msg.get_content_type()
    if ctype == "multipart/encrypted":
        return True
    return ctype in ("application/pkcs7-mime", "application/x-pkcs7-mime") and \
        "signed-data" not in str(msg.get_param("smime-type", "") or "")


def _walk(msg: EmailMessage):
    """(body plain texts, body HTML texts, attachments as (name, bytes)) in document order."""
    plain: list[str] = []
    html: list[str] = []
    attachments: list[tuple[str, bytes]] = []
    body_ids = set()
    for pref in (("plain",), ("html",)):
        try:
            part = msg.get_body(preferencelist=pref)
        except FATAL:
            raise
        except Exception:  # noqa: BLE001
            part = None
        if part is not None:
            body_ids.add(id(part))
    stack = [msg]
    count = 0
    while stack:
        part = stack.pop(0)
        count += 1
        if count > 2000:
            break
        ctype = part.get_content_type()
        if ctype == "message/rfc822":
            inner = part.get_payload()
            inner = inner[0] if isinstance(inner, list) and inner else inner
            name = part.get_filename() or (_header(inner, "subject") if hasattr(inner, "get") else "") or "message"
            try:
                data = inner.as_bytes(policy=policy.default) if hasattr(inner, "as_bytes") else b""
            except FATAL:
                raise
            except Exception:  # noqa: BLE001 - an attached message that cannot be serialised is left out
                data = b""
            attachments.append((name if name.lower().endswith(".eml") else name + ".eml", data))
            continue
        if part.is_multipart():
            stack[0:0] = list(part.iter_parts())
            continue
        disposition = part.get_content_disposition()
        filename = part.get_filename()
        if ctype in _SKIP_TYPES:
            continue
        if id(part) in body_ids or (disposition != "attachment" and not filename
                                    and ctype in ("text/plain", "text/html")):
            (plain if ctype == "text/plain" else html).append(_text(part))
        elif filename or disposition == "attachment":
            attachments.append((filename or f"attachment {len(attachments) + 1}", _payload(part)))
        # inline images and other unnamed inline parts carry no text
    return plain, html, attachments


def read(data: bytes, name: str, limits: Limits) -> ReadResult:
    try:
        msg = BytesParser(policy=policy.default).parsebytes(data)
    except FATAL:
        raise
    except Exception as exc:  # noqa: BLE001 - the parser is lenient; this is a truly broken file
        raise ReadError(f"corrupt e-mail: the message cannot be parsed ({exc.__class__.__name__})") from exc
    if _encrypted(msg):
        raise ReadError("encrypted e-mail (S/MIME or PGP): needs the recipient's key; forward it unencrypted")
    subject = raw_8bit_header(data, "subject") or _header(msg, "subject")
    meta: dict = {}
    for key, header in (("author", "from"), ("date", "date"), ("to", "to")):
        value = raw_8bit_header(data, header) or _header(msg, header)
        if value:
            meta[key] = value
    plain, html, attachments = _walk(msg)
    plain_text = "\n\n".join(t for t in plain if t.strip())
    html_text = "\n".join(t for t in html if t.strip())
    body, chosen = body_blocks(plain_text or None, html_bytes(html_text) if html_text else None, limits)
    meta["body"] = chosen
    names = unique_names([n for n, _ in attachments])
    parts, unread = read_attachments(list(zip(names, (d for _, d in attachments))), limits)
    return mail_result("eml", subject, meta, body, parts, unread)
