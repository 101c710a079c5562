"""Logging in and out, the current user, roles, and throttling of password guessing.

The session cookie keeps the username, a keyed stamp of the password hash and
the token of a server-side session (kb.users): the user is read again on every
request, so a removed account, a changed role or a new password (which logs
out every other session) takes effect at once, and logging out or reaching
SESSION_MAX_AGE (12 hours from the login, however active) closes the session
for good: a copied cookie replayed later is refused. Two throttles: per account (kb.users locks it after 5 failures for 5
minutes) and per client address (LOGIN_IP_LIMIT failures in LOGIN_IP_WINDOW
seconds, then 429), so one address cannot try many accounts either.
"""
from __future__ import annotations

import hashlib
import hmac
import threading
import time
from collections import deque
from functools import wraps
from urllib.parse import urlsplit

from flask import (Blueprint, abort, current_app, flash, g, jsonify, redirect, render_template, request, session,
                   url_for)

from kb import log, users
from web.extension import praxis
from web.i18n import gettext as _

bp = Blueprint("auth", __name__)
LOG = log.get("web")

# Endpoints reachable without logging in even when KB_PUBLIC_READ is off.
OPEN_ENDPOINTS = {"auth.login", "static", "pages.set_lang"}


class IpThrottle:
    def __init__(self):
        self._failures: dict[str, deque] = {}
        self._lock = threading.Lock()

    def _recent(self, ip: str, window: float) -> deque:
        q = self._failures.setdefault(ip, deque())
        cutoff = time.monotonic() - window
        while q and q[0] < cutoff:
            q.popleft()
        return q

    def blocked(self, ip: str, limit: int, window: float) -> bool:
        with self._lock:
            return len(self._recent(ip, window)) >= limit

    def fail(self, ip: str, window: float) -> None:
        with self._lock:
            self._recent(ip, window).append(time.monotonic())
            if len(self._failures) > 10_000:  # forget idle addresses
                for key in [k for k, q in self._failures.items() if not q][:5000]:
                    del self._failures[key]


def init_app(app) -> None:
    app.extensions["praxis_ip_throttle"] = IpThrottle()
    app.before_request(load_user)
    app.before_request(require_login_to_read)
    app.context_processor(lambda: {"user": g.get("user"), "can": can})


def load_user() -> None:
    g.user = None
    name = session.get("user")
    if not name or request.endpoint == "static":
        return
    store = praxis().store
    user = users.get_user(store, name)
    if (user is None or not hmac.compare_digest(password_stamp(user), session.get("pw") or "")
            or users.session_user(store, session.get("sid") or "", current_app.config["SESSION_MAX_AGE"]) is None):
        session.clear()
        return
    g.user = user


def can(role: str) -> bool:
    return users.has_role(g.get("user"), role)


def require_login_to_read():
    if current_app.config["PUBLIC_READ"] or g.user is not None or request.endpoint in OPEN_ENDPOINTS:
        return None
    return _login_needed()


def _login_needed():
    if request.path.startswith("/api/"):
        return jsonify({"error": _("Please log in first.")}), 401
    return redirect(url_for("auth.login", next=request.full_path if request.query_string else request.path))


def role_required(role: str):
    """Views only for users with `role` or above: anonymous users go to the login page, others get 403."""
    def decorate(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if g.get("user") is None:
                return _login_needed()
            if not can(role):
                abort(403)
            return view(*args, **kwargs)
        return wrapped
    return decorate


def safe_next(target: str | None) -> str:
    """Only a path on this site, else the home page: never //host, a scheme, a backslash, or white space
    and control characters (browsers drop a tab, so "/<tab>/host" would become "//host")."""
    if (target and target.startswith("/") and not target.startswith("//") and "\\" not in target
            and all(ch > " " and ch != "\x7f" for ch in target)):
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc:
            return target
    return url_for("pages.index")


def password_stamp(user: dict) -> str:
    """Ties a session to the password it was opened with (a new password ends the other sessions),
    without putting any part of the hash itself in the cookie."""
    key = current_app.config["SECRET_KEY"]
    key = key.encode() if isinstance(key, str) else key
    return hmac.new(key, user["password_hash"].encode(), hashlib.sha256).hexdigest()[:32]


@bp.route("/login", methods=["GET", "POST"])
def login():
    next_url = safe_next(request.values.get("next"))
    if request.method == "GET":
        return render_template("login.html", next=next_url)
    cfg = current_app.config
    throttle: IpThrottle = current_app.extensions["praxis_ip_throttle"]
    ip = request.remote_addr or "?"
    if throttle.blocked(ip, cfg["LOGIN_IP_LIMIT"], cfg["LOGIN_IP_WINDOW"]):
        LOG.warning("login refused: too many failures from %s", ip)
        return render_template("login.html", next=next_url,
                               error=_("Too many attempts. Please wait a few minutes and try again.")), 429
    username = request.form.get("username", "").strip()
    password = request.form.get("password", "")
    try:
        user = users.authenticate(praxis().store, username, password)
    except users.LockedOut:
        LOG.warning("failed login: %r from %s (locked)", username, ip)
        throttle.fail(ip, cfg["LOGIN_IP_WINDOW"])
        return render_template("login.html", next=next_url, username=username,
                               error=_("Too many failed attempts: this account is locked for 5 minutes.")), 429
    if user is None:
        LOG.warning("failed login: %r from %s", username, ip)
        throttle.fail(ip, cfg["LOGIN_IP_WINDOW"])
        return render_template("login.html", next=next_url, username=username,
                               error=_("Wrong username or password.")), 401
    session.clear()  # a fresh session: nothing carried over from before the login
    session.permanent = True
    session["user"] = user["username"]
    session["pw"] = password_stamp(user)
    session["sid"] = users.open_session(praxis().store, user["username"], cfg["SESSION_MAX_AGE"])
    LOG.info("login: %r (%s) from %s", user["username"], user["role"], ip)
    flash(_("Logged in as {name}.", name=user["username"]))
    return redirect(next_url)


@bp.post("/logout")
def logout():
    users.close_session(praxis().store, session.get("sid") or "")
    if g.get("user"):
        LOG.info("logout: %r", g.user["username"])
    session.clear()
    flash(_("Logged out."))
    return redirect(url_for("pages.index"))
