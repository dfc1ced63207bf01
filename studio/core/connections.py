"""Connections to the workspace database (studio.db) for the web process.

The UI takes its connections from here and hands them to the domain functions (studio.annotate.projects,
studio.chat.memory, studio.chat.conversations, ...), which hold the SQL; it neither opens the database nor imports sqlite3.
The CLI's commands take theirs from here too.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import closing, contextmanager

from studio.core import db
from studio.core.workspace import Workspace

Connection = sqlite3.Connection
# The database can't be read or written just now (the disk is full, or it stayed locked past the timeout).
Unavailable = sqlite3.OperationalError


def open_db(ws: Workspace) -> Connection:
    """A connection of the caller's own (a CLI command's, kept until its process ends)."""
    return db.connect(ws.db_path)


@contextmanager
def for_action(ws: Workspace) -> Iterator[Connection]:
    """A connection for one action (a click, a request), closed afterwards, also after a failure."""
    with closing(open_db(ws)) as con:
        yield con


class PerThread:
    """Call it for this thread's connection: opened on first use and kept, not one per event or timer tick
    (a connection is not shared across threads: two transactions would interleave)."""

    def __init__(self, ws: Workspace):
        self.ws = ws
        self._local = threading.local()

    def __call__(self) -> Connection:
        con = getattr(self._local, "con", None)
        if con is None:
            con = self._local.con = open_db(self.ws)
        return con
