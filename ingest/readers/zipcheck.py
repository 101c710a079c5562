"""Checks on a zip container (DOCX, ODF) before any parser opens it: damage, bombs, XML entities."""
from __future__ import annotations

import io
import re
import zipfile

from ..blocks import ReadError
from .limits import FATAL, Limits, MB


_XML_DANGER_RE = re.compile(rb"<!DOCTYPE|<!ENTITY", re.I)


def check_zip(data: bytes, limits: Limits, label: str) -> zipfile.ZipFile:
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except FATAL:
        raise
    except Exception as exc:
        raise ReadError(f"corrupt {label}: the file is damaged or incomplete (not a readable zip archive)") from exc
    if len(infos) > 10000:
        raise ReadError(f"{label} rejected: looks like a zip bomb ({len(infos)} parts inside)")
    total = sum(i.file_size for i in infos)
    if total > limits.max_unzipped_bytes:
        raise ReadError(
            f"{label} rejected: looks like a zip bomb (it would unpack to {total / MB:.0f} MB, "
            f"limit {limits.max_unzipped_bytes / MB:.0f} MB)"
        )
    for i in infos:
        if i.file_size > MB and i.file_size > limits.max_zip_ratio * max(i.compress_size, 1):
            ratio = i.file_size / max(i.compress_size, 1)
            raise ReadError(
                f"{label} rejected: looks like a zip bomb ({i.filename} is compressed {ratio:.0f} to 1, "
                f"limit {limits.max_zip_ratio:.0f} to 1)"
            )
    # XML entity attacks: a genuine Office/OpenDocument part never declares a DOCTYPE or entities.
    for i in infos:
        if i.filename.lower().endswith((".xml", ".rels")) and i.file_size:
            try:
                with zf.open(i) as fh:
                    head = fh.read(8192)
            except FATAL:
                raise
            except Exception as exc:
                raise ReadError(f"corrupt {label}: the part {i.filename} is damaged") from exc
            if _XML_DANGER_RE.search(head):
                raise ReadError(f"{label} rejected: it contains XML entity declarations "
                                "(a known attack on XML readers)")
    return zf
