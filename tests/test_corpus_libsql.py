"""libsql 0.5.29 (Neon, Rust; resolves napi_* with dlsym): node-reference/libsql.js.
The package's index.js calls the native functions with the database or statement
handle as ``this`` (``databaseExecSync.call(this.db, sql)``), so do we."""

import pytest

import napi_python
from corpus.support import corpus_addon

L = corpus_addon("libsql")


@pytest.fixture
def db():
    # index.js: databaseOpen(path, authToken, encryptionCipher, encryptionKey,
    # timeout, remoteEncryptionKey)
    handle = L.databaseOpen(":memory:", "", "aes256cbc", "", 0.0, "")
    L.databaseExecSync.call(handle, "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, v REAL)")
    yield handle
    L.databaseClose.call(handle)


def prepare(db, sql):
    return L.databasePrepareSync.call(db, sql)


def all_rows(stmt, params=()):
    """Statement.all(): statementRowsSync, then rowsNext fills the caller's array
    in batches of up to 100 rows (an empty slot ends the rows)."""
    rows = L.statementRowsSync.call(stmt, list(params))
    result = []
    while True:
        batch = [None] * 100
        L.rowsNext.call(rows, batch)
        for row in batch:
            if row is None or row is napi_python.null:
                return result
            result.append(row)


def insert_two(db):
    ins = prepare(db, "INSERT INTO t (name, v) VALUES (?, ?)")
    r1 = L.statementRun.call(ins, ["alice", 1.5])
    L.statementRun.call(ins, ["bob", 2.25])
    return r1


def test_run_reports_changes_and_rowid(db):
    r1 = insert_two(db)
    assert r1["changes"] == 1
    assert r1["lastInsertRowid"] == 1


def test_all_rows(db):
    insert_two(db)
    rows = all_rows(prepare(db, "SELECT * FROM t ORDER BY id"))
    assert [dict(r) for r in rows] == [{"id": 1, "name": "alice", "v": 1.5},
                                        {"id": 2, "name": "bob", "v": 2.25}]


def test_get(db):
    insert_two(db)
    row = L.statementGet.call(prepare(db, "SELECT sum(v) AS s FROM t"), [])
    assert row["s"] == 3.75


def test_raw_mode(db):
    insert_two(db)
    stmt = prepare(db, "SELECT name FROM t")
    L.statementRaw.call(stmt, True)
    assert [list(r) for r in all_rows(stmt)] == [["alice"], ["bob"]]


def test_syntax_error(db):
    # index.js turns an error with .libsqlError into its SqliteError(message, code)
    with pytest.raises(napi_python.JSError) as info:
        prepare(db, "SELEC nope")
    e = info.value
    assert e.libsqlError is True
    assert e.code == "SQLITE_ERROR"
    assert e.message == 'near "SELEC": syntax error'
