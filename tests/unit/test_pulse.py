"""The page's refresh signal (studio/jobs/pulse.py): unchanged while nothing changes, changed by a new dataset
folder, a running job's log growing, a job ending; a chat server's own log only until it listens."""

import time

from studio.core import db
from studio.jobs.pulse import SERVER_SETTLE_S, fingerprint


def add_job(ws, job_id, kind, status="running"):
    run_dir = ws.runs / job_id
    run_dir.mkdir()
    con = db.connect(ws.db_path)
    con.execute(
        "INSERT INTO jobs (id, kind, status, argv, run_dir, created_at, started_at) VALUES (?,?,?,?,?,?,?)",
        (job_id, kind, status, "[]", str(run_dir), time.time(), time.time()),
    )
    con.close()
    return run_dir


def test_quiet_workspace_keeps_its_fingerprint_and_changes_show(ws):
    db.connect(ws.db_path).close()
    now = 1000.0
    fingerprint(ws, now)  # the first look re-creates SQLite's WAL files the closed writer removed
    a = fingerprint(ws, now)
    assert fingerprint(ws, now + 60) == a  # nothing runs: time alone changes nothing
    (ws.datasets / "ds-1").mkdir()
    b = fingerprint(ws, now)
    assert b != a
    log = add_job(ws, "sft-1", "sft") / "run.log"
    c = fingerprint(ws, now)
    assert c != b
    log.write_text("step 1\n")
    d = fingerprint(ws, now)
    assert d != c  # the log grew
    assert fingerprint(ws, now + 10) != d  # a running job: refreshed every 10 s at least


def test_a_chat_servers_log_is_watched_only_until_it_listens(ws):
    db.connect(ws.db_path).close()
    log = add_job(ws, "deploy-1", "deploy") / "run.log"
    log.write_text("loading\n")
    now = time.time()
    assert fingerprint(ws, now) != fingerprint(ws, now + 10)  # starting: watched
    log.write_text("loading\nINFO:     Uvicorn running on http://127.0.0.1:8000 (Press CTRL+C to quit)\n")
    fingerprint(ws, now)  # seen listening now
    later = now + SERVER_SETTLE_S + 1
    quiet = fingerprint(ws, later)
    with log.open("a") as f:
        f.write("INFO: 127.0.0.1 POST /v1/chat/completions 200\n")  # a chat request
    assert fingerprint(ws, later) == quiet and fingerprint(ws, later + 30) == quiet
