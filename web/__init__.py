"""The Praxis web interface: a Flask application factory with blueprints (as in Flask's tutorial).

Blueprints: pages (search, practices, axes, coverage, documents, admin), api
(the JSON contract under /api), auth (login, logout), review and submit (for
coordinators). One Store and one Searcher per application live in
app.extensions["praxis"] (see web.extension).

Environment: KB_SECRET_KEY (else a random key kept in <db>.secret, mode 0600,
so sessions survive restarts), KB_SECURE_COOKIES=1 (cookies only over HTTPS),
KB_PUBLIC_READ=0 (reading needs a login too; default: open),
KB_TRUST_PROXY=1 (take the client address from one reverse proxy's X-Forwarded-For).
"""
from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path

from flask import Flask, g, jsonify, render_template, request
from flask_wtf.csrf import CSRFError, CSRFProtect
from werkzeug.exceptions import HTTPException

from kb import log
from kb.config import Settings
from web import i18n
from web.extension import Praxis

csrf = CSRFProtect()

FORM_ALLOWANCE = 256 * 1024
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)


def _flag(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() not in ("0", "false", "no", "off")


def secret_key(settings: Settings) -> str:
    """KB_SECRET_KEY, else a random key created once beside the database (readable by its owner only)."""
    if os.environ.get("KB_SECRET_KEY"):
        return os.environ["KB_SECRET_KEY"]
    path = Path(str(settings.db_path) + ".secret")
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        key = path.read_text("ascii").strip()
        if key:
            return key
        fd = os.open(path, os.O_WRONLY | os.O_TRUNC)  # an empty file left by a crash
    key = secrets.token_hex(32)
    with os.fdopen(fd, "w") as f:
        f.write(key)
    return key


def create_app(settings: Settings | None = None, **overrides) -> Flask:
    settings = settings or Settings()
    log.configure()
    app = Flask(__name__)
    app.config.update(
        SECRET_KEY=secret_key(settings),
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=_flag("KB_SECURE_COOKIES", False),
        PERMANENT_SESSION_LIFETIME=timedelta(hours=12),
        SESSION_MAX_AGE=12 * 3600,  # seconds from login; the server ends the session then (web.auth)
        # The largest uploaded file, plus room for the form's other fields: on /submit, for coordinators.
        # Every other request body is a small form or nothing (issue 10: a 50 MB anonymous POST to
        # /login was read and parsed); werkzeug refuses a longer one from its Content-Length alone.
        MAX_FILE_BYTES=int(settings.max_file_mb * 1024 * 1024),
        MAX_UPLOAD_LENGTH=int(settings.max_file_mb * 1024 * 1024) + FORM_ALLOWANCE,
        MAX_CONTENT_LENGTH=FORM_ALLOWANCE,
        PUBLIC_READ=_flag("KB_PUBLIC_READ", True),
        LOGIN_IP_LIMIT=20,  # failed logins from one address ...
        LOGIN_IP_WINDOW=300,  # ... within this many seconds, then 429 until the window passes
    )
    app.json.sort_keys = False
    app.json.ensure_ascii = False
    app.config.update(overrides)
    if _flag("KB_TRUST_PROXY", False):
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1)

    app.extensions["praxis"] = Praxis(settings)
    from web import api, auth, pages, review, submit

    i18n.init_app(app)
    auth.init_app(app)
    app.before_request(_body_limit)  # after the user is known, before CSRF reads the form
    csrf.init_app(app)
    app.register_blueprint(pages.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(auth.bp)
    app.register_blueprint(review.bp)
    app.register_blueprint(submit.bp)
    pages.register_filters(app)

    app.after_request(_security_headers)
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(HTTPException, _http_error)
    return app


def _body_limit() -> None:
    """Uploads only where a coordinator submits a practice; every other body is a small form."""
    from web.auth import can

    if request.endpoint == "submit.submit" and can("coordinator"):
        from flask import current_app

        request.max_content_length = current_app.config["MAX_UPLOAD_LENGTH"]


def _security_headers(response):
    h = response.headers
    h.setdefault("Content-Security-Policy", CSP)
    h.setdefault("X-Content-Type-Options", "nosniff")
    h.setdefault("Referrer-Policy", "same-origin")
    h.setdefault("X-Frame-Options", "DENY")
    h.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    if g.get("user") is not None or request.endpoint == "auth.login":
        h["Cache-Control"] = "private, no-store"  # pages with a user's data (and CSRF tokens) stay out of caches
    return response


def wants_json() -> bool:
    return request.path.startswith("/api/")


def _message(e: HTTPException) -> str:
    _ = i18n.gettext
    if e.code == 413 and request.endpoint != "submit.submit":
        return _("The request is too large.")
    if e.code == 413:
        from flask import current_app

        mb = current_app.config["MAX_FILE_BYTES"] / (1024 * 1024)
        return _("The file is too large: at most {mb} MB can be uploaded.", mb=f"{mb:.3g}")
    return {
        400: _("The request is not valid."),
        401: _("Please log in first."),
        403: _("You do not have permission to do this."),
        404: _("Not found."),
        405: _("This action is not allowed here."),
        429: _("Too many attempts. Please wait a few minutes and try again."),
    }.get(e.code, e.description or e.name)


def _http_error(e: HTTPException):
    if wants_json():
        return jsonify({"error": e.description if e.code == 400 and e.description else _message(e)}), e.code
    return render_template("error.html", code=e.code, message=_message(e)), e.code


def _csrf_error(e: CSRFError):
    msg = i18n.gettext("The form has expired or did not come from this site. Reload the page and try again.")
    if wants_json():
        return jsonify({"error": msg}), 400
    return render_template("error.html", code=400, message=msg), 400
