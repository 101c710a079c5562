"""Search UX (issue 12): the relevance cut-off, no-results state, paging, sorting, year range,
`kb search` filters and the OpenAPI description, on practices written by the test itself."""
from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner

from kb import users
from kb.config import Settings
from kb.model import Practice
from kb.store import Store

pytestmark = pytest.mark.slow

PASSWORD = "correct horse battery"
# Seven practices about refugees' Greek lessons, housing and health, in five municipalities and
# seven start years; each text says "refugees", so the keyword query "refugees" matches them all.
PRACTICES = [
    ("Greek lessons for refugee mothers", "Athens", 2019,
     "Free Greek language lessons for refugees and migrant mothers, with childcare during class."),
    ("Housing refugees in city apartments", "Larissa", 2017,
     "The city rents apartments from local owners to house refugees; social workers support families."),
    ("Health mediators for Roma and refugees", "Tripoli", 2021,
     "Health mediators accompany Roma families and refugees to hospitals and vaccination centres."),
    ("Summer camps for refugee and local children", "Thessaloniki", 2018,
     "Refugees' children and local children play, learn and swim together in summer camps."),
    ("Job counselling for refugees", "Athens", 2022,
     "Career counsellors help refugees write CVs and prepare for interviews with local employers."),
    ("Intercultural street festival", "Patras", 2015,
     "Every May a street festival with music, food and workshops run by refugees and migrant communities."),
    ("Legal aid desk for refugees", "Ioannina", 2020,
     "Lawyers give refugees free advice on asylum procedures, residence permits and family reunification."),
]
NONSENSE = ["xyzzy qwerty", '"*(', "blorft snerg wib", "qqqq zzzz 7777"]


@pytest.fixture(scope="module")
def kb_env(tmp_path_factory, model_dir):
    from web.extension import WebIndexer

    root = tmp_path_factory.mktemp("websearch")
    settings = Settings(db_path=root / "kb.sqlite", model=str(model_dir), max_file_mb=5)
    store = Store(settings.db_path)
    with store.transaction():
        for i, (title, muni, year, text) in enumerate(PRACTICES):
            p = Practice(title=title, text=text, municipality=muni, language="en", status="running", start_year=year)
            store.insert_practice(f"psearch{i:09d}", p, document_id=None, source_path=f"drive/{i}.txt",
                                  origin="ingest", review_state="published")
    WebIndexer(store, settings.model).run()
    users.add_user(store, "cora", PASSWORD, "coordinator")
    return {"settings": settings, "store": store}


@pytest.fixture(scope="module")
def app(kb_env):
    from web import create_app

    return create_app(kb_env["settings"], TESTING=True, WTF_CSRF_ENABLED=False)


@pytest.fixture
def client(app):
    return app.test_client()


def result_ids(page: str) -> list[str]:
    """The practices listed in the results (not the query echoed in the search box)."""
    block = re.search(r'<ol class="results".*?</ol>', page, re.S)
    return re.findall(r'href="/practices/(\w+)"', block.group(0)) if block else []


def test_nonsense_queries_match_nothing(client):
    for q in NONSENSE:
        page = client.get("/search", query_string={"q": q}).get_data(as_text=True)
        assert result_ids(page) == [], q
        assert 'id="no-results"' in page and "Δοκιμάστε" in page
        data = client.get("/api/search", query_string={"q": q}).get_json()
        assert data["total"] == 0 and data["results"] == [], q
        exported = client.get("/search.json", query_string={"q": q}).get_json()
        assert exported["results"] == [] and exported["total"] == 0


def test_count_facets_and_exports_cover_the_matched_set(client):
    data = client.get("/api/search?q=refugees&k=100").get_json()
    assert data["total"] == len(data["results"]) == len(PRACTICES)
    narrow = client.get("/api/search?q=vaccination hospitals&k=100").get_json()
    assert 1 <= narrow["total"] < len(PRACTICES)  # the cut-off leaves the unrelated practices out
    ids = [r["id"] for r in narrow["results"]]
    assert any(r["title"].startswith("Health mediators") for r in narrow["results"])
    page = client.get("/search?q=vaccination hospitals&k=100").get_data(as_text=True)
    assert result_ids(page) == ids
    n = len(ids)
    assert (f"({n} πρακτική" if n == 1 else f"({n} πρακτικές") in page
    # The municipality facet counts exactly the listed results.
    listed = {r["municipality"] for r in narrow["results"]}
    facet = re.search(r'<h3>Δήμος</h3>\s*<ul>(.*?)</ul>', page, re.S).group(1)
    counts = [int(c) for c in re.findall(r'<span class="count">(\d+)</span>', facet)]
    assert sum(counts) == n and len(counts) == len(listed)
    exported = client.get("/search.json?q=vaccination hospitals").get_json()
    assert [r["id"] for r in exported["results"]] == ids and exported["total"] == n
    csv_rows = client.get("/search.csv?q=vaccination hospitals").get_data(as_text=True).strip().splitlines()
    assert len(csv_rows) == n + 1
    assert all(r["matched"] in ("keywords", "meaning", "both") for r in narrow["results"])


def test_plural_forms(client):
    one = client.get("/search?q=refugees&municipality=Patras").get_data(as_text=True)
    assert "(1 πρακτική)" in one
    two = client.get("/search?q=refugees&municipality=Athens").get_data(as_text=True)
    assert "(2 πρακτικές)" in two
    client.set_cookie("lang", "en")
    assert "(1 practice)" in client.get("/search?q=refugees&municipality=Patras").get_data(as_text=True)


def test_paging_total_is_stable(client):
    first = client.get("/api/search?q=refugees&k=3&page=1").get_json()
    second = client.get("/api/search?q=refugees&k=3&page=2").get_json()
    third = client.get("/api/search?q=refugees&k=3&page=3").get_json()
    assert first["total"] == second["total"] == third["total"] == len(PRACTICES)
    assert first["pages"] == 3 and len(third["results"]) == 1
    ids = [r["id"] for d in (first, second, third) for r in d["results"]]
    assert len(set(ids)) == len(PRACTICES)  # page 2 differs from page 1; every match on some page
    page1 = client.get("/search?q=refugees&k=3").get_data(as_text=True)
    page2 = client.get("/search?q=refugees&k=3&page=2").get_data(as_text=True)
    assert result_ids(page1) and result_ids(page2) and not set(result_ids(page1)) & set(result_ids(page2))
    assert 'rel="next"' in page1 and "page=2" in page1 and 'rel="prev"' in page2
    assert "(7 πρακτικές, σελίδα 2 από 3)" in page2
    past = client.get("/api/search?q=refugees&k=3&page=9").get_json()
    assert past["results"] == [] and past["total"] == len(PRACTICES)


def test_sort_and_year_range(client):
    newest = client.get("/api/search?q=refugees&k=100&sort=newest").get_json()["results"]
    years = [r["start_year"] for r in newest]
    assert years == sorted(years, reverse=True)
    page = client.get("/search?q=refugees&k=100&sort=newest").get_data(as_text=True)
    assert result_ids(page) == [r["id"] for r in newest]
    by_title = client.get("/api/search?q=refugees&k=100&sort=title").get_json()["results"]
    assert [r["title"] for r in by_title] == sorted((r["title"] for r in by_title), key=str.casefold)
    by_muni = client.get("/api/search?q=refugees&k=100&sort=municipality").get_json()["results"]
    assert [r["municipality"] for r in by_muni] == sorted(r["municipality"] for r in by_muni)
    ranged = client.get("/api/search?q=refugees&k=100&year_from=2018&year_to=2020").get_json()
    assert sorted(r["start_year"] for r in ranged["results"]) == [2018, 2019, 2020] and ranged["total"] == 3
    browse = client.get("/search?year_from=2021").get_data(as_text=True)
    assert len(result_ids(browse)) == 2


@pytest.mark.parametrize("bad", [
    "page=0", "page=abc", "page=99999999999999999999", "page=%C2%B2", "page=%EF%BC%92", "page=-1",
    "year_from=20", "year_from=%EF%BC%92%EF%BC%90%EF%BC%92%EF%BC%91", "year_to=" + "9" * 5000,
    "year_from=2022&year_to=2019", "sort=random", "sort=", "k=%D9%A3",
])
def test_hostile_parameters_are_400(client, bad):
    if bad == "sort=":  # an empty parameter is the default, not an error
        assert client.get(f"/api/search?q=refugees&{bad}").status_code == 200
        return
    r = client.get(f"/api/search?q=refugees&{bad}")
    assert r.status_code == 400 and r.get_json()["error"], bad
    assert client.get(f"/search?q=refugees&{bad}").status_code == 400


def test_openapi_describes_every_api_route(client, app):
    spec = client.get("/api/openapi.json").get_json()
    assert spec["openapi"].startswith("3.")
    routes = {re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", r.rule) for r in app.url_map.iter_rules()
              if r.rule.startswith("/api/")}
    assert routes == set(spec["paths"])
    described = {p["name"] for p in spec["paths"]["/api/search"]["get"]["parameters"]}
    assert {"q", "k", "page", "sort", "year_from", "year_to", "municipality", "axis"} <= described


def test_kb_search_filters(kb_env):
    from search.commands import search

    def run(*args):
        result = CliRunner().invoke(search, list(args), obj=kb_env["settings"])
        assert result.exit_code == 0, result.output
        return result.output

    data = json.loads(run("refugees", "--json", "--k", "2", "--page", "2", "--sort", "newest"))
    assert data["total"] == len(PRACTICES) and data["page"] == 2 and len(data["results"]) == 2
    years = [r["start_year"] for r in data["results"]]
    assert years == sorted(years, reverse=True)
    data = json.loads(run("refugees", "--json", "--municipality", "Athens", "--year-from", "2020"))
    assert [r["start_year"] for r in data["results"]] == [2022]
    assert "no practices match" in run("xyzzy qwerty")
