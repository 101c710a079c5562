"""The web interface in a real browser: Debian's headless Chromium, driven by Playwright.

The application (create_app, CSRF on as in production) serves a small
knowledge base, ingested once for the module with the real pipeline and the
session's embedding model, from a werkzeug server on 127.0.0.1 in a
background thread. One browser for the module; each test opens its own
context (its own cookies).

Skipped when Chromium (/usr/bin/chromium, or KB_CHROMIUM; `make system-deps`
installs Debian's) or the playwright package is missing. Playwright never
downloads a browser here: it drives the system one by its path. The
accessibility checks run axe-core (fetched from npm by `make browser-assets`
into .cache/axe/, or KB_AXE_JS) inside the pages; without it they are skipped.

KB_SCREENSHOTS=1 also writes screenshots of the main pages to docs/screenshots/
(normal runs leave those tracked files alone).
"""
from __future__ import annotations

import os
import re
import threading
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import parse_qs, urlsplit

import pytest

from conftest import ingest_drive, write_drive

from kb import users
from kb.config import Settings
from kb.model import Practice
from kb.store import Store

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path(os.environ.get("KB_CHROMIUM") or "/usr/bin/chromium")
AXE_JS = Path(os.environ.get("KB_AXE_JS") or ROOT / ".cache" / "axe" / "axe.min.js")
SCREENSHOTS = ROOT / "docs" / "screenshots"
SCREENSHOTS_ON = os.environ.get("KB_SCREENSHOTS", "").strip() not in ("", "0")

if not CHROMIUM.is_file() or not os.access(CHROMIUM, os.X_OK):
    pytest.skip(f"no Chromium at {CHROMIUM} (`make system-deps` installs Debian's chromium)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install -e '.[test]')")

pytestmark = pytest.mark.slow

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
VIEWPORT = {"width": 1280, "height": 900}
TIMEOUT_MS = 20_000
PASSWORD = "correct horse battery"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]

DOCS = {
    "athens/Μαθήματα ελληνικών για μητέρες.md": """# Μαθήματα ελληνικής γλώσσας για μητέρες

Ο Δήμος Αθηναίων οργανώνει από το 2019 δωρεάν μαθήματα ελληνικής γλώσσας για μητέρες προσφύγων και μεταναστών, με φύλαξη παιδιών την ώρα του μαθήματος. Τα μαθήματα γίνονται στο Κέντρο Ένταξης Μεταναστών δύο φορές την εβδομάδα.

Η δράση χρηματοδοτείται από το πρόγραμμα AMIF και έχει ωφελήσει 240 γυναίκες. Επικοινωνία: kem@cityofathens.gr
""",
    "athens/Ψηφιακός γραμματισμός.md": """# Μαθήματα ψηφιακών δεξιοτήτων για πρόσφυγες

Ο Δήμος Αθηναίων προσφέρει μαθήματα χρήσης υπολογιστή και ηλεκτρονικών υπηρεσιών σε πρόσφυγες και μετανάστες, ώστε να κλείνουν μόνοι τους ραντεβού και να συμπληρώνουν αιτήσεις. Η δράση ξεκίνησε το 2021 σε συνεργασία με τη δημοτική βιβλιοθήκη.
""",
    "thessaloniki/summer-camps.txt": """Together in Summer camps

The Municipality of Thessaloniki runs summer camps where refugee and local children play, learn and swim together. Since 2018 the camps have welcomed 600 children every July, with intercultural mediators and interpreters on site.

The programme is funded by UNICEF and the municipal budget. Contact: camps@thessaloniki.gr
""",
    "thessaloniki/greek-classes.txt": """Greek language classes for adult refugees

The Municipality of Thessaloniki offers free evening Greek language classes for adult refugees and migrants at its Migrant Integration Centre, with certificates of attendance. The classes started in 2020 and are funded by the municipal budget.
""",
    "larisa/Στέγαση προσφύγων.md": """# Πρόγραμμα στέγασης προσφύγων σε διαμερίσματα

Ο Δήμος Λαρισαίων υλοποιεί πρόγραμμα στέγασης προσφύγων σε διαμερίσματα της πόλης, σε συνεργασία με τοπικούς ιδιοκτήτες. Οι οικογένειες υποστηρίζονται από κοινωνικούς λειτουργούς και διερμηνείς για την πρόσβαση σε σχολεία και υπηρεσίες υγείας. Το πρόγραμμα ξεκίνησε το 2017 και στεγάζει σήμερα 300 άτομα.
""",
    "tripoli/health-mediators.md": """# Διαμεσολαβήτριες υγείας για Ρομά και μετανάστες

Ο Δήμος Τρίπολης απασχολεί διαμεσολαβήτριες υγείας που συνοδεύουν Ρομά και μετανάστες στα νοσοκομεία και τα κέντρα υγείας, βοηθούν στους εμβολιασμούς των παιδιών και στη διερμηνεία. Η δράση ξεκίνησε το 2021 με χρηματοδότηση από το ΕΣΠΑ.
""",
    "patras/street-festival.txt": """Intercultural street festival

The Municipality of Patras organises every May a street festival with music, food and workshops by migrant communities. It brings together 5,000 residents and promotes harmonious coexistence.
""",
}

# A submission waiting in the review queue from the start (the queue's page and its screenshot show it).
QUEUED = Practice(
    title="Εθελοντές διερμηνείς στα σχολεία",
    text="Ο Δήμος Ιωαννιτών οργανώνει ομάδα εθελοντών διερμηνέων που βοηθούν τους γονείς προσφύγων "
         "στις συναντήσεις με τους εκπαιδευτικούς και στις εγγραφές των παιδιών στα σχολεία.",
    municipality="Ioannina", language="el", status="planned", start_year=2025,
)

SUBMISSION = {
    "title": "Κοινωνική κουζίνα προσφύγων και ντόπιων",
    "municipality": "Λάρισα",
    "summary": "Πρόσφυγες και ντόπιοι μαγειρεύουν μαζί κάθε εβδομάδα.",
    "text": "Ο Δήμος Λαρισαίων λειτουργεί κοινωνική κουζίνα όπου πρόσφυγες, μετανάστες και ντόπιοι εθελοντές "
            "μαγειρεύουν μαζί κάθε Σάββατο και μοιράζουν γεύματα σε οικογένειες. Η δράση ενισχύει την "
            "αρμονική συνύπαρξη και χρηματοδοτείται από τον δημοτικό προϋπολογισμό.",
    "target_groups": "πρόσφυγες\nμετανάστες",
    "start_year": "2023",
    "contact": "kouzina@example.gr",
}


# -- the server and the browser ------------------------------------------------------


@pytest.fixture(scope="module")
def site(tmp_path_factory, model_dir, embedder):
    from werkzeug.serving import WSGIRequestHandler, make_server

    from web import create_app
    from web.extension import WebIndexer

    root = tmp_path_factory.mktemp("browser")
    docs = write_drive(root / "drive", DOCS)
    settings = Settings(db_path=root / "kb.sqlite", model=str(model_dir), max_file_mb=5)
    store = Store(settings.db_path)
    indexer = WebIndexer(store, settings.model, embedder=embedder)
    report = ingest_drive(store, docs, indexer)
    assert report.totals["ingested"] == len(DOCS)
    with store.transaction():
        store.insert_practice("pqueued000000001", QUEUED, document_id=None, source_path="upload:web form",
                              origin="submission", review_state="submitted")
    indexer.run()
    with store.transaction():  # fixed values, so that the pages (and their screenshots) are the same every run
        store.execute("UPDATE practices SET source_path = substr(source_path, ?) WHERE source_path LIKE ?",
                      (len(str(root)) + 2, f"{root}/%"))  # drive/athens/..., not the temporary folder
        store.execute("UPDATE practices SET updated = '2025-03-14T10:30:00+00:00' WHERE id = 'pqueued000000001'")
    users.add_user(store, "vera", PASSWORD, "viewer")
    users.add_user(store, "cora", PASSWORD, "coordinator")

    # The production configuration (CSRF on); only what the environment could change is pinned.
    app = create_app(settings, PUBLIC_READ=True, SESSION_COOKIE_SECURE=False)
    assert app.extensions["praxis"].searcher.embedder is embedder  # the session's model, not a second load

    class QuietHandler(WSGIRequestHandler):
        def log_request(self, *args, **kwargs):
            pass

    server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=QuietHandler)
    thread = threading.Thread(target=server.serve_forever, name="praxis-test-server", daemon=True)
    thread.start()
    try:
        yield SimpleNamespace(url=f"http://127.0.0.1:{server.server_port}", store=store, settings=settings)
    finally:
        server.shutdown()
        thread.join(10)
        server.server_close()


@pytest.fixture(scope="module")
def browser():
    pw = sync_api.sync_playwright().start()
    try:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()
    finally:
        pw.stop()


@pytest.fixture
def open_page(browser, site):
    """open_page(lang="el", bypass_csp=False) -> a page in a new context (its own cookies)."""
    contexts = []

    def make(lang: str = "el", *, bypass_csp: bool = False):
        ctx = browser.new_context(base_url=site.url, viewport=VIEWPORT, locale="el-GR" if lang == "el" else "en-GB",
                                  bypass_csp=bypass_csp, reduced_motion="reduce")
        ctx.set_default_timeout(TIMEOUT_MS)
        ctx.add_cookies([{"name": "lang", "value": lang, "url": site.url}])
        contexts.append(ctx)
        page = ctx.new_page()
        errors = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        # Console errors too (a Content-Security-Policy refusal shows there), but not failed loads (a favicon).
        page.on("console", lambda msg: msg.type == "error" and not msg.text.startswith("Failed to load resource")
                and errors.append(msg.text))
        page.js_errors = errors
        return page

    yield make
    for ctx in contexts:
        ctx.close()


def log_in(page, username: str) -> None:
    page.goto("/login")
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    assert page.locator(".who").inner_text().startswith(username), page.content()


def result_titles(page) -> list[str]:
    return [t.strip() for t in page.locator(".results .result-title a").all_inner_texts()]


def query_of(page) -> dict:
    return {k: v[0] for k, v in parse_qs(urlsplit(page.url).query).items()}


def search_for(page, text: str) -> None:
    page.fill("#q", text)
    with page.expect_navigation():
        page.press("#q", "Enter")


# -- staff and visitors: search, filter, read -----------------------------------------


def test_search_in_greek_and_english_filter_and_open_a_practice(open_page):
    page = open_page("el")
    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "el"
    # Keyboard: the first Tab reaches the skip link; following it, the next Tab reaches the search box.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    assert page.locator(".skip-link").is_visible()  # shown when focused
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "q"
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"  # focus is visible
    page.keyboard.type("μαθήματα ελληνικ")
    # Search-as-you-type (web/static/suggest.js, allowed by the CSP) offers matching titles.
    page.locator("#suggestions option").first.wait_for(state="attached")
    assert page.locator("#suggestions option").first.get_attribute("value") == "Μαθήματα ελληνικής γλώσσας για μητέρες"
    page.keyboard.type("ών")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert query_of(page).get("q") == "μαθήματα ελληνικών"
    titles = result_titles(page)
    assert titles and titles[0] == "Μαθήματα ελληνικής γλώσσας για μητέρες", titles
    assert page.locator("h2#results-heading").is_visible()
    assert page.locator(".results mark").count() > 0  # the words found are highlighted

    # A facet: only that municipality's practices remain.
    assert page.locator("aside.facets #facets-heading").is_visible()
    link = page.locator("aside.facets a[href*='municipality=Thessaloniki']")
    assert link.inner_text().strip() == "Δήμος Θεσσαλονίκης"
    with page.expect_navigation():
        link.click()
    assert query_of(page).get("municipality") == "Thessaloniki"
    munis = {m.strip() for m in page.locator(".results .muni").all_inner_texts()}
    assert munis and all("Θεσσαλονίκ" in m for m in munis), munis
    assert page.locator("aside.facets a[aria-current=true]").count() == 1
    assert page.locator("#municipality").input_value() == "Thessaloniki"

    # The same search box in English, with the interface switched to English.
    with page.expect_navigation():
        page.click(".lang-switch a[hreflang=en]")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").inner_text() == "Search good practices"
    page.select_option("#municipality", "")
    search_for(page, "summer camps for refugee children")
    titles = result_titles(page)
    assert titles and titles[0] == "Together in Summer camps", titles

    # An axis facet narrows the results to practices linked to that axis.
    axis_link = page.locator("aside.facets a[href*='axis=']").first
    with page.expect_navigation():
        axis_link.click()
    axis = int(query_of(page)["axis"])
    results = page.locator(".results .result").all()
    assert results, "the axis facet left no results to check"
    for result in results:
        assert result.locator(f".axis-badge.axis-{axis}").count() == 1

    # Open a practice: its title and MoU axis badges are shown.
    first = page.locator(".results .result-title a").first
    title = first.inner_text().strip()
    with page.expect_navigation():
        first.click()
    assert re.search(r"/practices/[^/]+$", page.url)
    assert page.locator("h1").inner_text().strip() == title
    badges = page.locator(".axes-list .axis-badge")
    assert badges.count() >= 1 and badges.first.is_visible()
    assert page.locator(f".axes-list .axis-badge.axis-{axis}").count() == 1
    assert page.locator("article.practice").get_attribute("lang") == "en"
    assert page.locator("title").inner_text().startswith(title)
    assert not page.js_errors


# -- coordinators ---------------------------------------------------------------------


def test_coordinator_submits_confirms_axes_approves_and_finds_it(open_page, site):
    page = open_page("el")
    log_in(page, "cora")
    with page.expect_navigation():
        page.click("nav.main-nav a[href='/submit']")
    for name, value in SUBMISSION.items():
        page.fill(f"#f-{name}", value)
    page.select_option("#f-language", "el")
    page.select_option("#f-status", "running")
    with page.expect_navigation():
        page.click("button[name=action][value=preview]")
    assert page.locator("#preview-heading").is_visible()
    suggested = {int(re.search(r"axis-(\d)", c).group(1))
                 for c in page.locator(".preview .axes-list .axis-badge").evaluate_all("els => els.map(e => e.className)")}
    assert suggested, page.locator(".preview").inner_text()
    assert page.locator("#f-title").input_value() == SUBMISSION["title"]  # the form keeps what was typed

    with page.expect_navigation():
        page.click("button[name=action][value=save]")
    pid = re.search(r"/practices/([^/?#]+)$", page.url).group(1)
    assert page.locator(".flash").first.is_visible()
    assert site.store.practice(pid)["review_state"] == "submitted"
    assert page.locator(".state-submitted").is_visible()

    # Accept the suggested axes: the confirmation form starts with them ticked.
    ticked = {int(v) for v in page.locator(".confirm-axes input[name=axes]:checked")
              .evaluate_all("els => els.map(e => e.value)")}
    assert ticked == suggested, (ticked, suggested)
    with page.expect_navigation():
        page.click(".confirm-axes button[type=submit]")
    axes = site.store.practice_axes(pid)
    assert {a["axis"] for a in axes} == suggested and {a["source"] for a in axes} == {"confirmed"}
    assert page.locator(".axes-list .confirmed").count() == len(suggested)

    # The review queue: select it and approve.
    with page.expect_navigation():
        page.click("nav.main-nav a[href='/review']")
    row = page.locator("tbody tr").filter(has_text=SUBMISSION["title"])
    assert row.count() == 1
    row.locator("input[name=ids]").check()
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    assert site.store.practice(pid)["review_state"] == "published"
    assert page.locator("tbody tr").filter(has_text=SUBMISSION["title"]).count() == 0

    # Anyone finds it now.
    anon = open_page("el")
    anon.goto("/")
    search_for(anon, SUBMISSION["title"])
    assert result_titles(anon)[0] == SUBMISSION["title"]
    assert not page.js_errors and not anon.js_errors


def test_viewer_cannot_reach_coordinator_pages(open_page):
    anon = open_page("el")
    anon.goto("/review")
    assert urlsplit(anon.url).path == "/login" and query_of(anon).get("next") == "/review"

    page = open_page("el")
    log_in(page, "vera")
    assert page.locator("nav.main-nav a[href='/review']").count() == 0
    assert page.locator("nav.main-nav a[href='/submit']").count() == 0
    for url in ("/review", "/submit", "/admin/runs", "/review/pqueued000000001/edit"):
        response = page.goto(url)
        assert response.status == 403, url
        assert page.locator("main .error").is_visible()
    page.goto("/practices/pqueued000000001")  # waiting for review: not visible to viewers
    assert page.locator("h1").inner_text().endswith("(404)")


def test_forms_without_their_csrf_token_are_refused(open_page, site):
    page = open_page("el")
    page.goto("/login")
    page.evaluate("document.querySelector('main form input[name=csrf_token]').remove()")
    page.fill("#username", "cora")
    page.fill("#password", PASSWORD)
    with page.expect_navigation() as nav:
        page.click("main form button[type=submit]")
    assert nav.value.status == 400
    assert "φόρμα" in page.locator("main .error").inner_text()
    assert page.locator(".who").count() == 0  # not logged in

    log_in(page, "cora")
    page.goto("/submit")
    page.evaluate("document.querySelector('main form input[name=csrf_token]').remove()")
    page.fill("#f-title", "Χωρίς διακριτικό")
    page.fill("#f-text", "Μια υποβολή χωρίς το κρυφό πεδίο της φόρμας.")
    before = site.store.execute("SELECT COUNT(*) FROM practices").fetchone()[0]
    with page.expect_navigation() as nav:
        page.click("button[name=action][value=save]")
    assert nav.value.status == 400
    assert site.store.execute("SELECT COUNT(*) FROM practices").fetchone()[0] == before


# -- accessibility (axe-core) and screenshots ------------------------------------------


def axe_violations(page) -> list[dict]:
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.add_script_tag(path=str(AXE_JS))
    return page.evaluate(
        """async (tags) => {
            const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
            return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => ({target: n.target.join(' '), html: n.html.slice(0, 200),
                                          summary: (n.failureSummary || '').replace(/\\s+/g, ' ')}))}));
        }""",
        AXE_TAGS,
    )


def describe(found: dict[str, list[dict]]) -> str:
    lines = []
    for where, violations in found.items():
        for v in violations:
            lines.append(f"{where}: [{v['impact']}] {v['id']}: {v['help']}")
            for n in v["nodes"][:5]:
                lines.append(f"    {n['target']}  {n['html']}\n      {n['summary']}")
    return "\n".join(lines)


def shoot(page, name: str) -> None:
    if SCREENSHOTS_ON:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.evaluate("document.activeElement && document.activeElement.blur()")
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True, animations="disabled", caret="hide")


def test_pages_are_accessible(open_page, site):
    if not AXE_JS.is_file():
        pytest.skip(f"axe-core is not at {AXE_JS} (`make browser-assets` fetches it with npm)")
    found: dict[str, list[dict]] = {}

    def check(page, where: str, screenshot: str | None = None):
        assert page.locator("main h1").count() == 1, where
        found[where] = axe_violations(page)
        if screenshot:
            shoot(page, screenshot)

    athens = site.store.practices("municipality = 'Athens' AND review_state = 'published'", order="title")[0]

    # Visitors, in Greek (the default) and in English.
    page = open_page("el", bypass_csp=True)  # CSP would refuse the injected axe script
    for url, name, shot in (
        ("/", "home", None),
        ("/search?q=μαθήματα ελληνικών", "search results", "search"),
        (f"/practices/{athens['id']}", "practice", "practice"),
        ("/axes", "axes", None),
        (f"/axes/{athens['axes'][0]['axis']}", "axis", "axis"),
        ("/municipalities", "municipalities", None),
        ("/coverage", "coverage", "coverage"),
        ("/login", "login", None),
        ("/practices/nothing-here", "error page", None),
    ):
        page.goto(url)
        check(page, f"{name} (el)", shot)
    english = open_page("en", bypass_csp=True)
    for url, name in (("/search?q=Greek classes for refugees&lang=en", "search results"),
                      (f"/practices/{athens['id']}", "practice"), ("/coverage", "coverage")):
        english.goto(url)
        check(english, f"{name} (en)")

    # A coordinator: the forms, the preview, the review queue, the review panel.
    cora = open_page("el", bypass_csp=True)
    log_in(cora, "cora")
    check(cora, "search page, logged in")
    cora.goto("/submit")
    check(cora, "submit")
    cora.fill("#f-title", "Δανειστική βιβλιοθήκη για παιδιά προσφύγων")
    cora.fill("#f-text", "Η δημοτική βιβλιοθήκη δανείζει βιβλία στα ελληνικά και στις μητρικές γλώσσες των παιδιών.")
    with cora.expect_navigation():
        cora.click("button[name=action][value=preview]")
    check(cora, "submit preview")
    cora.fill("#f-text", "")  # (the title is `required`: the browser itself would not send the form without it)
    with cora.expect_navigation():
        cora.click("button[name=action][value=save]")  # refused: the field is marked
    assert cora.locator("#f-text[aria-invalid=true]").count() == 1
    check(cora, "submit with errors")
    cora.goto("/review")
    check(cora, "review queue", "review")
    cora.goto("/practices/pqueued000000001")
    check(cora, "practice with review panel")
    cora.goto("/review/pqueued000000001/edit")
    check(cora, "edit")
    cora.goto("/admin/runs")
    check(cora, "ingestion runs")

    assert len(found) >= 20
    bad = {where: violations for where, violations in found.items() if violations}
    if bad:
        pytest.fail("axe-core found accessibility violations:\n" + describe(bad), pytrace=False)
