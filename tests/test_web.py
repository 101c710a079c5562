"""The web interface and the JSON API, on a small knowledge base ingested once for the module.

Five tiny documents (Greek and English) are ingested with the real batch
pipeline and the real embedding model; one practice with hostile markup is
stored directly (the readers may strip tags from documents, and what is shown
must be escaped whatever reaches the store).
"""
from __future__ import annotations

import hashlib
import html as htmllib
import io
import json
import re
from pathlib import Path

import pytest

from conftest import ingest_drive, write_drive

from kb import history, users
from kb.config import Settings
from kb.model import Practice
from kb.store import Store

pytestmark = pytest.mark.slow

HOSTILE_ID = "phostile00000001"
HOSTILE_TITLE = "<script>alert(1)</script> Intercultural street festival"
PASSWORD = "correct horse battery"

DOCS = {
    "athens/Μαθήματα ελληνικών για μητέρες.md": """# Μαθήματα ελληνικής γλώσσας για μητέρες

Ο Δήμος Αθηναίων οργανώνει από το 2019 δωρεάν μαθήματα ελληνικής γλώσσας για μητέρες προσφύγων και μεταναστών, με φύλαξη παιδιών την ώρα του μαθήματος. Τα μαθήματα γίνονται στο Κέντρο Ένταξης Μεταναστών δύο φορές την εβδομάδα.

Η δράση χρηματοδοτείται από το πρόγραμμα AMIF και έχει ωφελήσει 240 γυναίκες. Επικοινωνία: kem@cityofathens.gr, 210 5277000.
""",
    "thessaloniki/summer-camps.txt": """Together in Summer camps

The Municipality of Thessaloniki runs summer camps where refugee and local children play, learn and swim together. Since 2018 the camps have welcomed 600 children every July, with intercultural mediators and interpreters on site.

The programme is funded by UNICEF and the municipal budget. Contact: camps@thessaloniki.gr
""",
    "larisa/Στέγαση προσφύγων.md": """# Πρόγραμμα στέγασης προσφύγων σε διαμερίσματα

Ο Δήμος Λαρισαίων υλοποιεί πρόγραμμα στέγασης προσφύγων σε διαμερίσματα της πόλης, σε συνεργασία με τοπικούς ιδιοκτήτες. Οι οικογένειες υποστηρίζονται από κοινωνικούς λειτουργούς και διερμηνείς για την πρόσβαση σε σχολεία και υπηρεσίες υγείας. Το πρόγραμμα ξεκίνησε το 2017 και στεγάζει σήμερα 300 άτομα.
""",
    "tripoli/health-mediators.md": """# Διαμεσολαβήτριες υγείας για Ρομά και μετανάστες

Ο Δήμος Τρίπολης απασχολεί διαμεσολαβήτριες υγείας που συνοδεύουν Ρομά και μετανάστες στα νοσοκομεία και τα κέντρα υγείας, βοηθούν στους εμβολιασμούς των παιδιών και στη διερμηνεία. Η δράση ξεκίνησε το 2021 με χρηματοδότηση από το ΕΣΠΑ.
""",
    "patras/festival <b>.txt": """<script>alert(1)</script> Street festival

The Municipality of Patras organises every May a street festival with music, food and workshops by migrant communities. <script>alert(1)</script> It brings together 5,000 residents and promotes harmonious coexistence.
""",
}


@pytest.fixture(scope="module")
def kb_env(tmp_path_factory, model_dir):
    from web.extension import WebIndexer

    root = tmp_path_factory.mktemp("web")
    docs = write_drive(root / "drive", DOCS)
    settings = Settings(db_path=root / "kb.sqlite", model=str(model_dir), max_file_mb=5)
    store = Store(settings.db_path)
    indexer = WebIndexer(store, settings.model)  # the app's kind: axis prototypes are embedded once
    report = ingest_drive(store, docs, indexer)
    assert report.totals["ingested"] == len(DOCS)
    hostile = Practice(
        title=HOSTILE_TITLE,
        text="Every May the festival brings music and food.\n<script>alert(1)</script> <img src=x onerror=alert(2)>\n"
             "Migrant communities run workshops for intercultural coexistence.",
        municipality="Patras", language="en", status="running", start_year=2016,
        contact="<b onmouseover=alert(3)>festival@patras.gr</b>", funding="Municipal budget",
    )
    with store.transaction():
        store.insert_practice(HOSTILE_ID, hostile, document_id=None, source_path="hostile/<img src=x>.txt",
                              origin="ingest", review_state="published")
    indexer.run()
    users.add_user(store, "vera", PASSWORD, "viewer")
    users.add_user(store, "cora", PASSWORD, "coordinator")
    users.add_user(store, "ada", PASSWORD, "admin")
    return {"settings": settings, "store": store, "docs": docs, "root": root}


@pytest.fixture(scope="module")
def app(kb_env):
    from web import create_app

    return create_app(kb_env["settings"], TESTING=True, WTF_CSRF_ENABLED=False)


@pytest.fixture
def client(app):
    return app.test_client()


def login(client, username, password=PASSWORD):
    return client.post("/login", data={"username": username, "password": password})


def html(response) -> str:
    return response.get_data(as_text=True)


def practice_of(store: Store, municipality: str) -> dict:
    rows = store.practices("municipality = ? AND review_state = 'published'", (municipality,))
    assert rows, f"no practice from {municipality}"
    return rows[0]


# -- search pages ------------------------------------------------------------------


def test_search_page_in_greek_by_default(client, kb_env):
    r = client.get("/search?q=μαθήματα ελληνικών για μητέρες")
    assert r.status_code == 200
    page = html(r)
    assert '<html lang="el">' in page
    assert "Αναζήτηση καλών πρακτικών" in page
    assert '<label for="q">' in page and '<label for="municipality">' in page
    assert 'href="#content"' in page and "Μετάβαση στο περιεχόμενο" in page
    athens = practice_of(kb_env["store"], "Athens")
    assert f'href="/practices/{athens["id"]}"' in page
    assert "<mark>" in page
    assert "Δήμος Αθηναίων" in page  # the municipality in Greek


def test_search_page_in_english_by_cookie_and_header(client, kb_env):
    r = client.get("/lang/en?next=/search%3Fq%3Dsummer%2Bcamps")
    assert r.status_code == 302 and r.headers["Location"] == "/search?q=summer+camps"
    page = html(client.get("/search?q=summer camps"))
    assert '<html lang="en">' in page and "Search good practices" in page
    camps = practice_of(kb_env["store"], "Thessaloniki")
    assert f'href="/practices/{camps["id"]}"' in page  # a result, not the query echoed in the search box
    fresh = client.application.test_client()
    page = html(fresh.get("/", headers={"Accept-Language": "en-GB,en;q=0.9"}))
    assert '<html lang="en">' in page
    page = html(fresh.get("/", headers={"Accept-Language": "fr"}))
    assert '<html lang="el">' in page
    assert client.get("/lang/de").status_code == 404
    assert client.get("/lang/en?next=//evil.example").headers["Location"] == "/"


def test_filters_facets_permalink(client, kb_env):
    page = html(client.get("/search?q=πρόσφυγες μετανάστες παιδιά&lang=el"))
    assert "Περιορισμός" in page  # the facets
    assert 'name="municipality"' in page and '<option value="Larissa"' in page
    assert "/search.csv?q=" in page and "/search.json?q=" in page
    # Every result obeys the filters.
    data = client.get("/search.json?q=πρόσφυγες&municipality=Larissa").get_json()
    assert data["results"] and {r["municipality"] for r in data["results"]} == {"Larissa"}
    data = client.get("/search.json?q=refugees children&lang=en").get_json()
    assert data["results"] and {r["language"] for r in data["results"]} == {"en"}
    axis = practice_of(kb_env["store"], "Athens")["axes"][0]["axis"]
    data = client.get(f"/search.json?q=μαθήματα&axis={axis}").get_json()
    assert data["results"] and all(axis in r["axes"] for r in data["results"])
    # A facet link narrows the search.
    assert re.search(r'href="/search\?q=[^"]*municipality=', page)
    assert client.get("/search?q=x&axis=12").status_code == 400
    assert client.get("/search?q=x&k=abc").status_code == 400


def test_browse_without_query_and_exports(client, kb_env):
    page = html(client.get("/search?municipality=Athens"))
    athens = practice_of(kb_env["store"], "Athens")
    assert f'/practices/{athens["id"]}' in page
    r = client.get("/search.csv?q=festival")
    assert r.status_code == 200 and r.mimetype == "text/csv"
    assert "attachment" in r.headers["Content-Disposition"]
    text = r.get_data(as_text=True).lstrip("\ufeff")
    assert text.splitlines()[0].startswith("id,title,municipality")
    assert "<mark>" not in text
    data = json.loads(client.get("/search.json?q=festival").get_data(as_text=True))
    assert data["query"] == "festival" and data["results"][0]["id"]


# -- API -----------------------------------------------------------------------------


def test_api_search_contract(client):
    r = client.get("/api/search?q=summer camps children&k=3")
    assert r.status_code == 200 and r.is_json
    data = r.get_json()
    assert data["query"] == "summer camps children"
    assert 1 <= len(data["results"]) <= 3
    for hit in data["results"]:
        assert {"id", "title", "municipality", "snippet", "source", "axes", "score"} <= set(hit)
        assert isinstance(hit["axes"], list) and isinstance(hit["score"], float)
    for bad in ("", "?q=", "?q=%20", "?q=x&k=abc", "?q=x&k=0", "?q=x&k=101", "?q=x&axis=9", "?q=x&axis=one",
                "?q=x&lang=fr", "?q=x&status=dead"):
        r = client.get("/api/search" + bad)
        assert r.status_code == 400 and r.is_json and r.get_json()["error"], bad


def test_api_practice_and_axes(client, kb_env):
    athens = practice_of(kb_env["store"], "Athens")
    data = client.get(f"/api/practices/{athens['id']}").get_json()
    for field in ("title", "municipality", "summary", "text", "source", "location", "language", "status",
                  "start_year", "target_groups", "services", "partners", "funding", "results", "axes", "flags",
                  "review_state", "related"):
        assert field in data, field
    assert "contact" not in data  # not logged in
    assert data["axes"] and {"axis", "score", "evidence"} <= set(data["axes"][0])
    assert data["related"] and {"id", "title", "municipality", "score", "same"} <= set(data["related"][0])
    assert all(r["id"] != athens["id"] for r in data["related"])
    login(client, "vera")
    assert "contact" in client.get(f"/api/practices/{HOSTILE_ID}").get_json()
    r = client.get("/api/practices/nope")
    assert r.status_code == 404 and r.get_json()["error"]
    axes = client.get("/api/axes").get_json()["axes"]
    assert [a["number"] for a in axes] == list(range(1, 9))
    assert sum(a["count"] for a in axes) >= 5 and all(a["title_el"] and a["title_en"] for a in axes)


def test_api_suggest(client):
    data = client.get("/api/suggest?q=Intercult").get_json()
    assert any(s["id"] == HOSTILE_ID for s in data["suggestions"])
    for q in ('" OR *', "title:x", "NEAR(a b)", ""):
        r = client.get("/api/suggest", query_string={"q": q})
        assert r.status_code == 200 and isinstance(r.get_json()["suggestions"], list)


# -- escaping ------------------------------------------------------------------------


def test_document_text_is_escaped_everywhere(client):
    page = html(client.get(f"/practices/{HOSTILE_ID}"))
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<img src=x" not in page and "&lt;img src=x" in page
    search = html(client.get("/search?q=intercultural festival"))
    assert "<script>alert" not in search and "&lt;script&gt;alert(1)&lt;/script&gt;" in search
    data = client.get("/api/search?q=alert festival workshops").get_json()
    hit = next(h for h in data["results"] if h["id"] == HOSTILE_ID)
    assert "<script" not in hit["snippet"] and "<img" not in hit["snippet"]
    assert re.sub(r"</?mark>", "", hit["snippet"]).count("<") == 0
    assert hit["title"] == HOSTILE_TITLE  # JSON carries the text as it is; clients escape
    # No inline scripts or event handlers in the markup (document text has no raw "<" left to form tags).
    tags = re.findall(r"<[a-zA-Z][^>]*>", page + search)
    assert not [t for t in tags if re.search(r"\son[a-z]+\s*=", t, re.I)]
    assert all(" src=" in t for t in tags if t.lower().startswith("<script"))


def test_security_headers(client):
    for url in ("/", "/api/axes"):
        h = client.get(url).headers
        assert "default-src 'self'" in h["Content-Security-Policy"]
        assert h["X-Content-Type-Options"] == "nosniff"
        assert h["X-Frame-Options"] == "DENY"
        assert h["Referrer-Policy"]


# -- other pages ---------------------------------------------------------------------


def test_practice_page(client, kb_env):
    athens = practice_of(kb_env["store"], "Athens")
    page = html(client.get(f"/practices/{athens['id']}"))
    assert athens["title"] in page
    assert f"/documents/{athens['document_id']}/original" in page
    assert "/axes/" in page and "Άξονες Μνημονίου" in page
    assert "festival@patras.gr" not in html(client.get(f"/practices/{HOSTILE_ID}"))  # contact: logged-in only
    login(client, "vera")
    page = html(client.get(f"/practices/{HOSTILE_ID}"))
    assert "festival@patras.gr" in page and "&lt;b onmouseover" in page


def test_axis_pages_and_coverage(client, kb_env):
    page = html(client.get("/axes"))
    assert page.count('href="/axes/') >= 8
    athens = practice_of(kb_env["store"], "Athens")
    axis = athens["axes"][0]["axis"]
    page = html(client.get(f"/axes/{axis}"))
    assert f"/practices/{athens['id']}" in page
    assert client.get("/axes/0").status_code == 404 and client.get("/axes/x").status_code == 404
    page = html(client.get("/coverage"))
    assert f'href="/search?municipality=Athens&amp;axis={axis}"' in page
    assert "heat-" in page
    assert client.get("/municipalities").status_code == 200
    assert client.get("/municipalities/Athens").headers["Location"] == "/search?municipality=Athens"


def test_download_original(client, kb_env):
    athens = practice_of(kb_env["store"], "Athens")
    assert client.get(f"/documents/{athens['document_id']}/original").status_code == 302  # originals: logged in
    login(client, "vera")
    r = client.get(f"/documents/{athens['document_id']}/original")
    assert r.status_code == 200
    assert r.headers["Content-Disposition"].startswith("attachment")
    assert "filename*=UTF-8''" in r.headers["Content-Disposition"]  # the Greek name, encoded
    assert r.data == DOCS["athens/Μαθήματα ελληνικών για μητέρες.md"].encode("utf-8")
    patras = practice_of(kb_env["store"], "Patras")
    if patras["id"] == HOSTILE_ID:
        patras = [p for p in kb_env["store"].practices("municipality='Patras'") if p["document_id"]][0]
    r = client.get(f"/documents/{patras['document_id']}/original")
    assert r.status_code == 200 and "<" not in r.headers["Content-Disposition"]
    for url in ("/documents/../../etc/passwd", "/documents/..%2F..%2Fetc%2Fpasswd/original",
                "/documents/abc/original", "/documents/-1/original", "/documents/999999/original",
                "/documents/1/original/../../../etc/passwd", f"/documents/{athens['document_id']}/original?path=/etc/passwd"):
        r = client.get(url)
        assert r.status_code == 404 or b"root:" not in r.data, url
        assert b"root:x" not in r.data
    path = kb_env["docs"] / "athens/Μαθήματα ελληνικών για μητέρες.md"
    moved = path.with_name("moved.tmp")
    path.rename(moved)
    try:
        assert client.get(f"/documents/{athens['document_id']}/original").status_code == 404
    finally:
        moved.rename(path)


# -- accounts ------------------------------------------------------------------------


def test_login_logout(client):
    r = login(client, "vera")
    assert r.status_code == 302
    page = html(client.get("/"))
    assert '<span class="who">vera' in page and 'action="/logout"' in page
    assert client.get("/logout").status_code == 405  # logging out is a POST
    client.post("/logout")
    page = html(client.get("/"))
    assert 'href="/login' in page and '<span class="who">' not in page
    r = login(client, "vera", "wrong password")
    assert r.status_code == 401 and "Λάθος όνομα χρήστη ή κωδικός" in html(r)
    assert login(client, "vera").headers["Location"] == "/"
    client.post("/logout")
    for target in ("//evil.example", "/\t/evil.example", "https://evil.example", "/\\evil.example"):
        r = client.post("/login", data={"username": "vera", "password": PASSWORD, "next": target})
        assert r.headers["Location"] == "/", target
        client.post("/logout")
    r = client.post("/login", data={"username": "vera", "password": PASSWORD, "next": "/axes?x=1"})
    assert r.headers["Location"] == "/axes?x=1"


def test_new_password_ends_other_sessions(app, kb_env):
    users.add_user(kb_env["store"], "pavlos", PASSWORD, "viewer")
    c = app.test_client()
    login(c, "pavlos")
    assert '<span class="who">pavlos' in html(c.get("/"))
    users.set_password(kb_env["store"], "pavlos", "a brand new password")
    assert '<span class="who">' not in html(c.get("/"))


def test_csrf_refuses_post_without_token(kb_env):
    from web import create_app

    app = create_app(kb_env["settings"], TESTING=True)  # CSRF on, as in production
    c = app.test_client()
    r = c.post("/login", data={"username": "vera", "password": PASSWORD})
    assert r.status_code == 400
    assert "φόρμα" in html(r)
    token = re.search(r'name="csrf_token" value="([^"]+)"', html(c.get("/login"))).group(1)
    r = c.post("/login", data={"username": "vera", "password": PASSWORD, "csrf_token": token})
    assert r.status_code == 302
    assert c.post("/logout").status_code == 400  # no token
    assert c.post("/review/bulk", data={"ids": [HOSTILE_ID], "action": "approve"}).status_code == 400


def test_viewer_cannot_review_or_submit(client):
    assert client.get("/review").status_code == 302  # anonymous: to the login page
    assert client.get("/review").headers["Location"].startswith("/login")
    assert client.post(f"/review/{HOSTILE_ID}/approve").status_code == 302
    login(client, "vera")
    for url in ("/review", "/submit", "/admin/runs", f"/review/{HOSTILE_ID}/edit"):
        assert client.get(url).status_code == 403, url
    assert client.post(f"/review/{HOSTILE_ID}/return", data={"comment": "no"}).status_code == 403
    assert client.post(f"/review/{HOSTILE_ID}/axes", data={"axes": ["1"]}).status_code == 403
    assert client.post("/submit", data={"title": "x", "text": "y", "action": "save"}).status_code == 403


def test_login_throttling(kb_env):
    from web import create_app

    store = kb_env["store"]
    users.add_user(store, "lockme", PASSWORD, "viewer")
    app = create_app(kb_env["settings"], TESTING=True, WTF_CSRF_ENABLED=False)
    c = app.test_client()
    codes = [login(c, "lockme", f"wrong {i}").status_code for i in range(users.MAX_FAILURES)]
    assert codes[:-1] == [401] * (users.MAX_FAILURES - 1) and codes[-1] == 429
    r = login(c, "lockme")  # the right password, but locked
    assert r.status_code == 429 and "κλειδώθηκε για 5 λεπτά" in html(r)
    # Per address: a few failures on any accounts, then every attempt is refused for a while.
    app = create_app(kb_env["settings"], TESTING=True, WTF_CSRF_ENABLED=False, LOGIN_IP_LIMIT=3)
    c = app.test_client()
    for i in range(3):
        assert login(c, f"nobody{i}", "x").status_code == 401
    assert login(c, "vera").status_code == 429
    other = app.test_client()
    assert other.post("/login", data={"username": "vera", "password": PASSWORD},
                      environ_base={"REMOTE_ADDR": "10.0.0.9"}).status_code == 302


def test_public_read_can_be_turned_off(kb_env, monkeypatch):
    from web import create_app

    monkeypatch.setenv("KB_PUBLIC_READ", "0")
    c = create_app(kb_env["settings"], TESTING=True, WTF_CSRF_ENABLED=False).test_client()
    assert c.get("/search?q=camps").status_code == 302
    assert c.get("/api/search?q=camps").status_code == 401
    assert c.get("/login").status_code == 200
    login(c, "vera")
    assert c.get("/search?q=camps").status_code == 200


def test_secret_key_is_kept_beside_the_database(kb_env, monkeypatch):
    from web import create_app

    monkeypatch.delenv("KB_SECRET_KEY", raising=False)
    a = create_app(kb_env["settings"])
    b = create_app(kb_env["settings"])
    assert a.config["SECRET_KEY"] == b.config["SECRET_KEY"]
    secret = Path(str(kb_env["settings"].db_path) + ".secret")
    assert secret.stat().st_mode & 0o777 == 0o600
    assert a.config["SESSION_COOKIE_HTTPONLY"] and a.config["SESSION_COOKIE_SAMESITE"] == "Lax"


# -- coordinators --------------------------------------------------------------------


def submit(client, **fields):
    data = {"title": "Ψηφιακή βοήθεια για αιτήσεις ασύλου", "municipality": "Αθήνα", "language": "el",
            "summary": "Εθελοντές βοηθούν πρόσφυγες να συμπληρώσουν ηλεκτρονικές αιτήσεις.",
            "text": "Στο Κέντρο Ένταξης Μεταναστών εθελοντές βοηθούν πρόσφυγες και μετανάστες να συμπληρώσουν "
                    "ηλεκτρονικές αιτήσεις για άσυλο, επιδόματα και εγγραφή στα σχολεία.",
            "target_groups": "πρόσφυγες\nμετανάστες", "status": "running", "start_year": "2022",
            "contact": "kem@example.gr", "action": "save"}
    data.update(fields)
    return client.post("/submit", data=data, content_type="multipart/form-data")


def test_submission_preview_and_save(client, kb_env):
    login(client, "cora")
    page = html(submit(client, action="preview"))
    assert "Προτεινόμενοι άξονες του Μνημονίου" in page
    assert "Παρόμοιες πρακτικές" in page and "/practices/" in page
    r = submit(client)
    assert r.status_code == 302
    pid = r.headers["Location"].rsplit("/", 1)[1]
    p = kb_env["store"].practice(pid)
    assert p["review_state"] == "submitted" and p["origin"] == "submission"
    assert p["municipality"] == "Athens" and p["target_groups"] == ["refugees", "migrants"]  # vocabulary labels
    assert p["axes"], "the submission was linked to MoU axes"
    assert kb_env["store"].execute("SELECT 1 FROM embeddings WHERE practice_id=?", (pid,)).fetchone()
    # Not public until approved.
    anon = client.application.test_client()
    assert anon.get(f"/practices/{pid}").status_code == 404
    assert anon.get(f"/api/practices/{pid}").status_code == 404
    assert all(h["id"] != pid for h in anon.get("/api/search?q=αιτήσεις ασύλου").get_json()["results"])
    assert pid in html(client.get("/review"))
    r = submit(client, title="", text="")
    assert r.status_code == 400 and "Ο τίτλος είναι υποχρεωτικός" in html(r)


def test_review_return_approve_confirm_edit_with_history(client, kb_env):
    store = kb_env["store"]
    login(client, "cora")
    pid = submit(client, title="Σχολική μεσολάβηση").headers["Location"].rsplit("/", 1)[1]
    assert client.post(f"/review/{pid}/return", data={"comment": ""}).status_code == 302
    assert store.practice(pid)["review_state"] == "submitted"  # a comment is required
    client.post(f"/review/{pid}/return", data={"comment": "Λείπουν τα αποτελέσματα"})
    assert store.practice(pid)["review_state"] == "returned"
    client.post(f"/review/{pid}/approve")
    assert store.practice(pid)["review_state"] == "published"
    client.post(f"/review/{pid}/axes", data={"axes": ["2", "6"]})
    axes = store.practice_axes(pid)
    assert {a["axis"] for a in axes} == {2, 6} and {a["source"] for a in axes} == {"confirmed"}
    assert (pid, [a["axis"] for a in axes]) in store.confirmed_examples()
    r = client.post(f"/review/{pid}/edit", data={
        "title": "Σχολική διαμεσολάβηση", "text": store.practice(pid)["text"], "status": "ended",
        "start_year": "2020", "comment": "διόρθωση τίτλου"})
    assert r.status_code == 302
    p = store.practice(pid)
    assert p["title"] == "Σχολική διαμεσολάβηση" and p["status"] == "ended" and p["edited"] == 1
    rows = history.for_practice(store, pid)
    fields = [h["field"] for h in rows]
    assert fields.count("review_state") == 3 and "axes" in fields and "title" in fields
    ret = next(h for h in rows if h["after"] == "returned")
    assert ret["user"] == "cora" and ret["comment"] == "Λείπουν τα αποτελέσματα" and ret["before"] == "submitted"
    title = next(h for h in rows if h["field"] == "title")
    assert (title["before"], title["after"]) == ("Σχολική μεσολάβηση", "Σχολική διαμεσολάβηση")
    page = html(client.get(f"/practices/{pid}"))
    assert "Ιστορικό" in page and "Λείπουν τα αποτελέσματα" in page
    anon = client.application.test_client()
    assert "Ιστορικό" not in html(anon.get(f"/practices/{pid}"))  # history for logged-in users only
    # The edited text is searchable under its new title.
    assert any(h["id"] == pid for h in anon.get("/api/search?q=διαμεσολάβηση σχολική").get_json()["results"])
    bad = client.post(f"/review/{pid}/edit", data={"title": "", "text": "x", "start_year": "12"})
    assert bad.status_code == 400


def test_bulk_approve(client, kb_env):
    login(client, "cora")
    ids = [submit(client, title=f"Πρακτική {i}").headers["Location"].rsplit("/", 1)[1] for i in range(2)]
    r = client.post("/review/bulk", data={"action": "approve", "ids": ids})
    assert r.status_code == 302
    assert {kb_env["store"].practice(i)["review_state"] for i in ids} == {"published"}
    for i in ids:
        assert history.last(kb_env["store"], i, "review_state")["after"] == "published"


def test_upload_document(client, kb_env):
    login(client, "ada")
    body = ("# Κοινωνική κουζίνα με πρόσφυγες\n\nΟ Δήμος Αθηναίων λειτουργεί κοινωνική κουζίνα όπου πρόσφυγες "
            "και ντόπιοι μαγειρεύουν μαζί κάθε εβδομάδα. Η δράση ξεκίνησε το 2020.\n").encode("utf-8")
    data = {"title": "", "text": "", "action": "preview",
            "document": (io.BytesIO(body), "../../etc/passwd κουζίνα.md")}
    r = client.post("/submit", data=data, content_type="multipart/form-data")
    page = html(r)
    assert r.status_code == 200, page
    sha = hashlib.sha256(body).hexdigest()
    kept = kb_env["settings"].uploads_dir / sha
    assert kept.read_bytes() == body
    assert list(kb_env["settings"].uploads_dir.iterdir()) == [kept]  # nothing named by the client
    assert f'value="{sha}"' in page and "κοινωνική κουζίνα" in page.lower()
    # The preview filled the empty fields from the document; the browser sends them back with the kept file.
    title = htmllib.unescape(re.search(r'id="f-title" name="title" value="([^"]*)"', page).group(1))
    text = htmllib.unescape(re.search(r'<textarea id="f-text" name="text"[^>]*>(.*?)</textarea>', page, re.S).group(1))
    assert title and "μαγειρεύουν" in text
    r = client.post("/submit", data={"title": title, "text": text, "upload_sha": sha,
                                     "upload_name": "passwd κουζίνα.md", "action": "save"},
                    content_type="multipart/form-data")
    assert r.status_code == 302, html(r)
    pid = r.headers["Location"].rsplit("/", 1)[1]
    p = kb_env["store"].practice(pid)
    assert p["source_path"] == "upload:passwd κουζίνα.md" and p["document_id"] is None
    r = client.get(f"/practices/{pid}/upload")
    assert r.status_code == 200 and r.data == body and "attachment" in r.headers["Content-Disposition"]
    bad = client.post("/submit", data={"title": "x", "upload_sha": "../../etc/passwd", "action": "save"},
                      content_type="multipart/form-data")
    assert bad.status_code == 400


def test_oversize_upload_refused(kb_env):
    from web import create_app

    settings = Settings(db_path=kb_env["settings"].db_path, model=kb_env["settings"].model, max_file_mb=0.01)
    c = create_app(settings, TESTING=True, WTF_CSRF_ENABLED=False).test_client()
    login(c, "ada")
    r = c.post("/submit", data={"title": "big", "action": "preview",
                                "document": (io.BytesIO(b"x" * 50_000), "big.txt")},
               content_type="multipart/form-data")
    assert r.status_code == 413
    assert "0.01 MB" in html(r) and "πολύ μεγάλο" in html(r)
    r = c.post("/submit", data={"title": "big", "text": "x" * 2_000_000, "action": "preview"})
    assert r.status_code == 413  # the whole request, refused before it is read


def test_admin_runs(client):
    login(client, "ada")
    page = html(client.get("/admin/runs"))
    assert "Εισαγωγές εγγράφων" in page and "<td>1</td>" in page


def test_submission_preview_suggests_target_groups_and_themes_with_sentences(client, kb_env):
    login(client, "cora")
    page = html(submit(client, action="preview", target_groups=""))
    assert "Προτεινόμενες ομάδες-στόχος" in page and "Προτεινόμενες θεματικές" in page
    # The sentence behind a suggestion is quoted (in the suggestions, not the echoed form), escaped.
    quoted = re.findall(r'<ul class="evidence"><li><q>([^<]*)</q>', page)
    assert any("εθελοντές βοηθούν πρόσφυγες και μετανάστες" in q for q in quoted), quoted
    # The suggested groups are offered in the (empty) field, for the coordinator to accept or edit.
    field = re.search(r'<textarea[^>]*name="target_groups"[^>]*>([^<]*)</textarea>', page)
    assert field and "refugees" in field.group(1) and "migrants" in field.group(1)
