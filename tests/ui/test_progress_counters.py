"""One counter for a running training: the jobs bar, the Jobs tab and the Train tab's status line and
history table read the same step of the same run (the table used to keep 220/404 while the bar said
272/404). A real `python app.py`; the run's metrics are lines in the format ms-swift writes to
logging.jsonl, appended while a real (sleeping) job holds the run."""

from __future__ import annotations

import json
import sys
import time

import pytest

pytestmark = pytest.mark.ui


def log_step(path, step, total):
    row = {
        "loss": 2.0 - step / total,
        "learning_rate": 1e-4,
        "global_step/max_steps": f"{step}/{total}",
        "elapsed_time": f"{step}s",
        "remaining_time": f"{total - step}s",
        "train_speed(s/it)": 1.0,
    }
    with open(path, "a", encoding="utf-8") as f:
        f.write(json.dumps(row) + "\n")


def table_steps(out, run_id) -> str | None:
    table = next((o for o in out if isinstance(o, dict) and "headers" in o), None)
    if table is None:  # the event left the table as it was
        return None
    return next(r[6] for r in table["value"]["data"] if r[0] == run_id)


def test_every_view_counts_the_same_step(tmp_path, studio_server):
    from studio.core.workspace import Workspace
    from studio.jobs.store import Jobs

    ws = Workspace.open(tmp_path / "ws")
    jobs = Jobs(ws)
    run = ws.runs / "run-1"
    job = jobs.submit(
        "sft", [sys.executable, "-c", "import time; time.sleep(300)"], run_dir=run, title="run-1", gpu=False
    )
    (run / "train.json").write_text(
        json.dumps({"created": time.time(), "settings": {"method": "sft", "name": "run-1"}, "jobs": [job.id]})
    )
    (run / "output").mkdir()
    log = run / "output" / "logging.jsonl"
    log_step(log, 220, 404)
    server = studio_server(ws.root)
    client = server.client()
    try:
        out = client.predict("en", "run-1", api_name="/train_refresh")
        assert "220/404 (54%)" in out[1] and table_steps(out, "run-1") == "220/404"
        log_step(log, 272, 404)
        out = client.predict("en", "run-1", api_name="/train_refresh")
        bar = client.predict("en", api_name="/jobs_bar")
        tab = client.predict("en", api_name="/jobs_refresh")
        # 272 of 404 steps is 67% (rounded): every view says so, in the same words.
        assert "272/404 (67%)" in out[1], out[1]
        assert table_steps(out, "run-1") == "272/404"
        assert "272/404 (67%)" in bar, bar
        assert "272/404 (67%)" in tab[3], tab[3]
    finally:
        jobs.stop(job.id)
