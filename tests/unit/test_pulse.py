"""The page's refresh signal (studio/jobs/pulse.py): unchanged while nothing changes; its state changed by a new
dataset folder, a job starting or ending, a chat server until it listens; its progress by a running job's log
growing and by time while one runs (the page takes progress at most every PROGRESS_EVERY_S: assets/pulse.js)."""

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


def set_status(ws, job_id, status):
    con = db.connect(ws.db_path)
    con.execute("UPDATE jobs SET status=? WHERE id=?", (status, job_id))
    con.close()


def test_quiet_workspace_keeps_its_fingerprint_and_changes_show(ws):
    db.connect(ws.db_path).close()
    now = 1000.0
    fingerprint(ws, now)  # the first look re-creates SQLite's WAL files the closed writer removed
    a, quiet = fingerprint(ws, now)
    assert fingerprint(ws, now + 60) == (a, quiet) and quiet == ""  # nothing runs: time alone changes nothing
    (ws.datasets / "ds-1").mkdir()
    b, _ = fingerprint(ws, now)
    assert b != a
    log = add_job(ws, "sft-1", "sft") / "run.log"
    fingerprint(ws, now)  # (the WAL files again)
    c, p1 = fingerprint(ws, now)
    assert c != b and p1 != ""  # a job started: the state changed, and there is progress to watch
    log.write_text("step 1\n")
    d, p2 = fingerprint(ws, now)
    assert d == c and p2 != p1  # the log grew: progress, not state
    later, p_later = fingerprint(ws, now + 10)
    assert later == d and p_later != p2  # while it runs, progress every 10 s at least
    set_status(ws, "sft-1", "succeeded")
    fingerprint(ws, now + 10)
    e, p3 = fingerprint(ws, now + 10)
    assert e != d and p3 == ""  # the job ended: state, and nothing runs any more


def test_a_chat_servers_log_is_watched_only_until_it_listens(ws):
    db.connect(ws.db_path).close()
    log = add_job(ws, "deploy-1", "deploy") / "run.log"
    log.write_text("loading\n")
    now = time.time()
    assert fingerprint(ws, now)[0] != fingerprint(ws, now + 10)[0]  # starting: watched, as state (the green light)
    log.write_text("loading\nINFO:     Uvicorn running on http://127.0.0.1:8000 (Press CTRL+C to quit)\n")
    fingerprint(ws, now)  # seen listening now
    later = now + SERVER_SETTLE_S + 1
    quiet = fingerprint(ws, later)
    with log.open("a") as f:
        f.write("INFO: 127.0.0.1 POST /v1/chat/completions 200\n")  # a chat request
    assert fingerprint(ws, later) == quiet and fingerprint(ws, later + 30) == quiet and quiet[1] == ""
