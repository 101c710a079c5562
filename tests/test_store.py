import sqlite3

import numpy as np
import pytest

from kb.model import Practice
from kb.store import Store, StoreError


@pytest.fixture
def store(tmp_path):
    s = Store(tmp_path / "kb.sqlite")
    yield s
    s.close()


def add_doc(store, sha="a" * 64, path="drive/a.docx", practices=(), ids=None):
    with store.transaction():
        doc = store.upsert_document(sha256=sha, size=10, format="docx", status="ingested")
        store.upsert_path(path, display=path, document_id=doc, size=10, mtime_ns=1, status="ingested")
        ids = ids or [f"p{i}" for i in range(len(practices))]
        written, kept = store.replace_practices(doc, list(practices), ids, source_path=path)
    return doc, written, kept


def test_keyword_search_folds_greek_both_ways(store):
    add_doc(store, practices=[Practice(title="Πρόγραμμα Ελληνομάθειας", text="ΜΑΘΗΜΑΤΑ ΕΛΛΗΝΙΚΩΝ για πρόσφυγες")])
    for q in ('"ελληνομαθειασ"', '"ελληνικων"', '"προσφυγεσ"', '"μαθηματα"'):
        assert [pid for pid, _ in store.fts_search(q)] == ["p0"], q


def test_transaction_rolls_back_everything_on_error(store):
    with pytest.raises(RuntimeError):
        with store.transaction():
            doc = store.upsert_document(sha256="b" * 64, size=1, format="txt", status="ingested")
            store.replace_practices(doc, [Practice(title="T", text="x")], ["p1"], source_path="x")
            raise RuntimeError("killed half-way")
    assert store.count_practices() == 0
    assert store.document_by_sha("b" * 64) is None
    assert store.fts_search('"x"') == []


def test_replacing_keeps_edited_practices_and_flags_them(store):
    doc, _, _ = add_doc(store, practices=[Practice(title="A", text="one"), Practice(title="B", text="two")])
    with store.transaction():
        store.update_practice("p0", {"title": "A (checked)", "edited": 1})
    with store.transaction():
        written, kept = store.replace_practices(doc, [Practice(title="C", text="three")], ["p9"], source_path="x")
    assert written == ["p9"] and kept == ["p0"]
    assert store.practice("p1") is None
    edited = store.practice("p0")
    assert edited["title"] == "A (checked)" and edited["flags"] == ["source changed"]


def test_same_text_twice_in_a_document_is_stored_once(store):
    p = Practice(title="ΚΕΜ", text="Κέντρο Ένταξης Μεταναστών")
    _, written, _ = add_doc(store, practices=[p, Practice(title="ΚΕΜ", text="Κέντρο Ένταξης Μεταναστών")])
    assert written == ["p0"]


def test_missing_source_flags_practices_but_keeps_them(store):
    add_doc(store, practices=[Practice(title="A", text="one")])
    with store.transaction():
        assert store.mark_missing(["drive/a.docx"]) == 1
    assert store.practice("p0")["flags"] == ["source missing"]


def test_confirmed_axes_survive_automatic_relinking(store):
    add_doc(store, practices=[Practice(title="A", text="one")])
    with store.transaction():
        store.confirm_axes("p0", [5, 2])
        store.set_axes("p0", [{"axis": 1, "score": 0.9}, {"axis": 5, "score": 0.1}])
    axes = store.practice_axes("p0")
    assert [(a["axis"], a["source"]) for a in axes] == [(5, "confirmed"), (2, "confirmed"), (1, "auto")]
    assert store.confirmed_examples() == [("p0", [5, 2])]


def test_vectors_round_trip_and_bump_the_version(store):
    add_doc(store, practices=[Practice(title="A", text="one")])
    v0 = store.vectors_version()
    vec = np.arange(4, dtype=np.float32)
    with store.transaction():
        store.put_vectors("m", [("p0", "k", vec)])
    ids, mat = store.vectors("m")
    assert ids == ["p0"] and np.array_equal(mat[0], vec)
    assert store.vectors_version() == v0 + 1
    assert store.vector_models() == [("m", 1)]


def test_bad_fts_expression_is_a_clear_error(store):
    with pytest.raises(StoreError, match="bad keyword query"):
        store.fts_search('"unterminated')


def test_refuses_missing_database_when_not_creating(tmp_path):
    with pytest.raises(StoreError, match="no database"):
        Store(tmp_path / "nope.sqlite", create=False)


def test_not_a_database(tmp_path):
    bad = tmp_path / "bad.sqlite"
    bad.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(sqlite3.DatabaseError):
        Store(bad)


def test_migrates_a_first_release_database_to_the_last_schema(tmp_path, monkeypatch):
    from kb import schema, users

    path = tmp_path / "old.sqlite"
    monkeypatch.setattr(schema, "MIGRATIONS", schema.MIGRATIONS[:1])  # a database as the first release wrote it
    old = Store(path)
    assert old.get_meta("schema_version") == "1" and "users" not in old.db.table_names()
    assert "context" not in old.db["practices"].columns_dict and "abspath" not in old.db["paths"].columns_dict
    with old.transaction():
        doc = old.upsert_document(sha256="c" * 64, size=3, format="txt", status="ingested")
        old.execute("INSERT INTO paths(path, display, document_id, size, mtime_ns, status, missing) "
                    "VALUES ('drive/a.txt', 'drive/a.txt', ?, 3, 1, 'ingested', 0)", (doc,))
        old.execute("INSERT INTO practices(id, document_id, title, text) VALUES ('p1', ?, 'Τίτλος', 'Κείμενο')", (doc,))
    old.close()
    monkeypatch.undo()

    new = Store(path)
    assert int(new.get_meta("schema_version")) == schema.SCHEMA_VERSION == len(schema.MIGRATIONS)
    assert [n for n, _, _ in schema.MIGRATIONS] == list(range(1, schema.SCHEMA_VERSION + 1))  # ordered, no gaps
    assert {"context", "review_state"} <= set(new.db["practices"].columns_dict)
    assert "head" in new.db["embeddings"].columns_dict and "abspath" in new.db["paths"].columns_dict
    assert new.practice("p1")["title"] == "Τίτλος" and new.path_row("drive/a.txt")["document_id"] == doc
    users.add_user(new, "ada", "a long enough password", "admin")  # the accounts tables are there
    assert {"users", "sessions", "login_failures", "history"} <= set(new.db.table_names())
    new.set_meta("schema_version", schema.SCHEMA_VERSION + 1)
    new.close()
    with pytest.raises(StoreError, match="newer Praxis"):
        Store(path)
