"""Outlook messages (.msg, an OLE compound file of MAPI properties), read with extract-msg.

The subject, the plain and HTML bodies and the attachments come from extract-msg's Message; the
body choice and the attachments follow the e-mail rules of ``mail`` (an attached .msg is itself an
attachment read as a message). A signed or encrypted message, or an OLE file that is not a message
(a task, a contact), is refused with its reason.
"""
from __future__ import annotations

import logging

from ..blocks import ReadError, ReadResult
from .clean import clean_text
from .limits import FATAL, Limits
from .mail import body_blocks, mail_result, read_attachments, unique_names

logging.getLogger("extract_msg").setLevel(logging.CRITICAL)  # it logs every odd property at ERROR


def _attachment_bytes(att) -> bytes:
    data = getattr(att, "data", None)
    if isinstance(data, (bytes, bytearray)):
        return bytes(data)
    if data is not None and hasattr(data, "exportBytes"):  # an attached message
        try:
            return bytes(data.exportBytes())
        except FATAL:
            raise
        except Exception:  # noqa: BLE001 - an attached message extract-msg cannot write back is left out
            return b""
    return b""


def _name(att, index: int) -> str:
    for attr in ("longFilename", "shortFilename", "name", "displayName"):
        value = getattr(att, attr, None)
        if value and clean_text(str(value)):
            name = clean_text(str(value))
            data = getattr(att, "data", None)
            if data is not None and not isinstance(data, (bytes, bytearray)) and not name.lower().endswith(".msg"):
                name += ".msg"
            return name
    return f"attachment {index}"


def read(data: bytes, name: str, limits: Limits) -> ReadResult:
    import extract_msg
    from extract_msg.exceptions import ExMsgBaseException

    try:
        msg = extract_msg.openMsg(data, delayAttachments=False, errorBehavior=extract_msg.enums.ErrorBehavior.THROW)
    except FATAL:
        raise
    except ExMsgBaseException as exc:
        text = str(exc)
        if "not an MSG" in text or "Unrecognized" in text or "Unsupported" in text:
            raise ReadError(f"Outlook file that is not a message (a task, a contact or another item): {text[:100]}") \
                from exc
        raise ReadError(f"corrupt Outlook message (.msg): {text[:120] or exc.__class__.__name__}") from exc
    except Exception as exc:  # noqa: BLE001 - olefile and extract-msg raise many kinds on damaged files
        raise ReadError(f"corrupt Outlook message (.msg): the file is damaged ({exc.__class__.__name__})") from exc
    try:
        if not isinstance(msg, extract_msg.Message):
            kind = (getattr(msg, "classType", "") or "").lower()
            if "smime" in kind:
                raise ReadError("encrypted or signed Outlook message: save the text or the attachments instead")
            raise ReadError(f"Outlook file that is not a message ({kind or 'unknown item'}): save its text instead")
        subject = clean_text(msg.subject or "")
        meta: dict = {}
        for key, attr in (("author", "sender"), ("date", "date"), ("to", "to")):
            try:
                value = getattr(msg, attr)
            except FATAL:
                raise
            except Exception:  # noqa: BLE001 - a damaged header property is left out
                value = None
            if value and clean_text(str(value)):
                meta[key] = clean_text(str(value))
        plain = msg.body or None
        html = msg.htmlBody or None
        body, chosen = body_blocks(plain, html if isinstance(html, bytes) else None, limits)
        meta["body"] = chosen
        atts = list(msg.attachments or [])
        names = unique_names([_name(a, i + 1) for i, a in enumerate(atts)])
        items = [(n, _attachment_bytes(a)) for n, a in zip(names, atts)]
    except ReadError:
        raise
    except FATAL:
        raise
    except Exception as exc:  # noqa: BLE001
        raise ReadError(f"corrupt Outlook message (.msg): {exc.__class__.__name__}: {str(exc)[:120]}") from exc
    finally:
        msg.close()
    parts, unread = read_attachments(items, limits)
    return mail_result("msg", subject, meta, body, parts, unread)
