"""Application logging: one line per event through the standard `logging` module (issue 10).

Events: logins, failed logins and locks (web.auth), accounts and role changes (kb.users),
submissions and reviews (web.submit, web.review), ingestion runs (kb.store), and errors with their
tracebacks (Flask logs them through its own logger, which the same handler prints). Loggers are
children of "praxis"; the level is KB_LOG_LEVEL (default INFO). Values are written with %r, so a
name with a newline cannot forge a second line.
"""
from __future__ import annotations

import logging
import os
import sys

FORMAT = "%(asctime)s %(levelname)s %(name)s %(message)s"


def get(name: str) -> logging.Logger:
    return logging.getLogger(f"praxis.{name}")


def configure(level: str | None = None) -> None:
    """A stderr handler on the "praxis" and Flask loggers (once), at KB_LOG_LEVEL."""
    level = (level or os.environ.get("KB_LOG_LEVEL") or "INFO").upper()
    for name in ("praxis", "web"):
        logger = logging.getLogger(name)
        logger.setLevel(level if level in logging.getLevelNamesMapping() else "INFO")
        if not any(getattr(h, "praxis", False) for h in logger.handlers):
            handler = logging.StreamHandler(sys.stderr)
            handler.setFormatter(logging.Formatter(FORMAT))
            handler.praxis = True  # type: ignore[attr-defined]
            logger.addHandler(handler)
