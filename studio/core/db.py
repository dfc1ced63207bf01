"""SQLite store: WAL, synchronous=FULL, named migrations (one .sql file each in studio/core/migrations/).

Each domain module adds its own migration file (NNNN_name.sql); they are applied once, in name
order, inside one IMMEDIATE transaction so two apps opening the same workspace cannot race.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

MIGRATIONS = Path(__file__).with_name("migrations")


def connect(db_path: str | Path) -> sqlite3.Connection:
    con = sqlite3.connect(str(db_path), timeout=30, isolation_level=None, check_same_thread=False)
    con.row_factory = sqlite3.Row
    con.execute("PRAGMA busy_timeout=30000")
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=FULL")
    con.execute("PRAGMA foreign_keys=ON")
    migrate(con)
    return con


def migrate(con: sqlite3.Connection) -> list[str]:
    """Apply the migrations not applied yet; returns their names."""
    con.execute("CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied_at REAL)")
    files = sorted(MIGRATIONS.glob("*.sql"))
    done = {r[0] for r in con.execute("SELECT name FROM migrations")}
    if all(f.stem in done for f in files):
        return []
    applied = []
    with tx(con):
        done = {r[0] for r in con.execute("SELECT name FROM migrations")}
        for f in files:
            if f.stem in done:
                continue
            for stmt in _statements(f.read_text(encoding="utf-8")):
                con.execute(stmt)
            con.execute("INSERT INTO migrations VALUES (?, strftime('%s','now'))", (f.stem,))
            applied.append(f.stem)
    return applied


def _statements(sql: str) -> list[str]:
    out, buf = [], ""
    for line in sql.splitlines(keepends=True):
        buf += line
        if sqlite3.complete_statement(buf):
            if buf.strip():
                out.append(buf)
            buf = ""
    if buf.strip():
        out.append(buf)
    return out


@contextmanager
def tx(con: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One short write transaction (BEGIN IMMEDIATE takes the write lock up front)."""
    con.execute("BEGIN IMMEDIATE")
    try:
        yield con
    except BaseException:
        con.execute("ROLLBACK")
        raise
    else:
        con.execute("COMMIT")
