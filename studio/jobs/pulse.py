"""A cheap fingerprint of "has anything in the workspace changed?", for the page to poll.

Each Gradio event costs the browser far more than the server: on every status change of any event,
Gradio 6.31's front-end walks every component that any event writes to (hundreds here). Timers that
asked the server for a fresh view every 2 s kept a core 65-110% busy on an idle page. The page now
polls this fingerprint with a plain fetch and runs a refresh event only when it changed
(studio/ui/shell.py). Stats and one indexed query: no event, no rendering.

It comes in two parts. The state (the store, the workspace's folders, which jobs run and how they stand) refreshes
the page at once. A running job's progress (its log growing, its ETA counting down) refreshes it at most every
PROGRESS_EVERY_S: a training job writes its log every step, and with a refresh every 2 s a page with every tab
opened kept Chromium 57-83% of a core busy for as long as it trained (benchmarks/page_busy.py; 0.2 s of CPU for the
jobs bar's refresh, 0.8-0.9 s for the Train or Models tab's, on 2 cores).
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import time
from contextlib import closing

from studio.core.workspace import Workspace
from studio.engine.deploy import listening
from studio.jobs.store import ACTIVE

# While a job runs, the view changes without a file we stat changing (a server turning healthy,
# an ETA counting down): refresh at least this often then.
ACTIVE_EVERY_S = 10.0
# A running job's progress refreshes the page at most this often (assets/pulse.js reads it from the answer).
PROGRESS_EVERY_S = 6.0
# A chat server is watched until its log says it listens, and a little after (its first answer to
# the health check may come a moment later).
SERVER_SETTLE_S = 30.0
_ready: dict[str, float] = {}  # chat server job -> when its log first said it listens


def _settled(job_id: str, run_dir: str, now: float) -> bool:
    if job_id not in _ready:
        try:
            with open(os.path.join(run_dir, "run.log"), "rb") as f:
                head = f.read(256 * 1024).decode("utf-8", "replace")
        except OSError:
            return False
        if listening(head) is None:
            return False
        _ready[job_id] = now
    return now - _ready[job_id] > SERVER_SETTLE_S


def _stat(path) -> tuple:
    try:
        st = os.stat(path)
        return st.st_mtime_ns, st.st_size
    except OSError:
        return (0, 0)


def _digest(parts: list) -> str:
    return hashlib.blake2s(repr(parts).encode(), digest_size=8).hexdigest()


def fingerprint(ws: Workspace, now: float | None = None) -> tuple[str, str]:
    """(state, progress). The state changes whenever the store, a workspace folder or a job's status changes (and
    every ACTIVE_EVERY_S while a chat server starts); the progress whenever a running job's log changes (and every
    ACTIVE_EVERY_S while one runs)."""
    parts: list = [_stat(ws.db_path), _stat(f"{ws.db_path}-wal")]
    parts += [_stat(ws.root / name) for name in ("datasets", "models", "runs", "exports", "uploads")]
    active: list = []
    if ws.db_path.exists():
        try:
            with closing(sqlite3.connect(f"file:{ws.db_path}?mode=ro", uri=True, timeout=2)) as con:
                marks = ",".join("?" * len(ACTIVE))
                active = con.execute(
                    f"SELECT id, status, run_dir, kind, started_at FROM jobs WHERE status IN ({marks})", ACTIVE
                ).fetchall()
        except sqlite3.Error:  # a locked or half-created db: the stats above still tell
            active = [("?", "?", "", "", None)]
    now = time.time() if now is None else now
    progress: list = []
    starting = False
    for job_id, status, run_dir, kind, _started in active:
        parts.append((job_id, status))
        # A chat server writes its log on every request: watching it would refresh the page while a
        # reply streams. Only its start matters to the page (the light turning green).
        if kind == "deploy":
            starting = starting or not _settled(job_id, run_dir, now)
            continue
        progress.append(_stat(os.path.join(run_dir, "run.log")))
    if starting:
        parts.append(int(now // ACTIVE_EVERY_S))
    if progress:
        progress.append(int(now // ACTIVE_EVERY_S))
    return _digest(parts), _digest(progress) if progress else ""
