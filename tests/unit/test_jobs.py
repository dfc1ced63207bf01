"""The job runner with plain child processes: queueing, stop, failure reasons, reconcile."""

import json
import os
import signal
import sys
import time

from studio.engine import process
from studio.jobs.store import Jobs

PY = sys.executable
# A job that starts a grandchild (as trainers start dataloader workers) and then sleeps.
SLEEPER = (
    "import subprocess, sys, time\n"
    "subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(300)'])\n"
    "print('working', flush=True)\n"
    "time.sleep(300)\n"
)


def wait_status(jobs, job_id, status, timeout=20):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = jobs.get(job_id)
        if job.status == status:
            return job
        time.sleep(0.1)
    raise AssertionError(f"{job_id} is {jobs.get(job_id).status}, wanted {status}")


def test_gpu_jobs_queue_and_run_one_at_a_time(ws):
    jobs = Jobs(ws)
    a = jobs.submit("sft", [PY, "-c", "import time; time.sleep(1.5); print('a done')"])
    b = jobs.submit("align", [PY, "-c", "print('b done')"])
    c = jobs.submit("eval", [PY, "-c", "print('c done')"], gpu=False)
    assert jobs.get(b.id).status == "queued"
    wait_status(jobs, c.id, "succeeded")  # a non-GPU job does not wait
    assert jobs.get(b.id).status == "queued"
    wait_status(jobs, a.id, "succeeded")
    done_b = wait_status(jobs, b.id, "succeeded")  # started by a's supervisor, no app needed
    assert done_b.started_at >= jobs.get(a.id).finished_at - 0.5
    assert "b done" in done_b.log_path.read_text()
    assert json.loads((done_b.run_dir / "argv.json").read_text())["argv"] == [PY, "-c", "print('b done')"]


def test_a_queued_job_names_the_kind_it_waits_for_in_the_page_language(ws):
    jobs = Jobs(ws)
    a = jobs.submit("sft", [PY, "-c", "import time; time.sleep(30)"], title="小七 v1")
    b = jobs.submit("align", [PY, "-c", "print('b')"], title="小七 v2")
    try:
        wait_status(jobs, a.id, "running")
        why = jobs.queue_reason(jobs.get(b.id))
        assert why("en") == (
            "Queued: starts when the learn to talk (SFT) job “小七 v1” is done with the device "
            "(one job at a time can use it)."
        )
        assert why("zh") == "排队中：等学说话 (SFT)任务“小七 v1”用完设备后开始（一次只能有一个任务用设备）。"
    finally:
        jobs.stop(b.id)
        jobs.stop(a.id)


def test_every_kind_submitted_in_the_code_is_registered():
    """A kind is one entry of JOB_KINDS; a submit of a kind that is not there would fail at the person's click."""
    import re
    from pathlib import Path

    from studio.jobs.store import JOB_KINDS

    root = Path(__file__).resolve().parents[2] / "studio"
    used = {
        m for f in root.rglob("*.py") for m in re.findall(r"\.submit\(\s*\"([\w-]+)\"", f.read_text(encoding="utf-8"))
    }
    from studio.models.registry import EXPORT_JOB_KINDS

    used |= {"sft", "align", *EXPORT_JOB_KINDS}  # what train.start and models submit through a variable
    assert {"build-pocket", "deploy", "generate", "download"} <= used  # the regex still finds the literal ones
    assert used <= set(JOB_KINDS), used - set(JOB_KINDS)
    assert all(k.label("zh") and k.label("en") and k.stop_grace_s > 0 for k in JOB_KINDS.values())


def test_every_body_is_a_function_the_web_process_can_name_without_torch():
    """Each kind's body names a function of a module; importing them all loads no torch (they are imported by the
    studio's own processes, and the web process imports several of those modules for other things)."""
    import importlib
    import subprocess

    from studio.jobs.store import JOB_KINDS, body_argv

    bodies = {k.name: k.body for k in JOB_KINDS.values() if k.body}
    assert {"build-pocket", "merge", "export", "deploy", "eval", "generate"} <= set(bodies)
    for name, body in bodies.items():
        module, function = body.split(":")
        assert callable(getattr(importlib.import_module(module), function)), name
        assert body_argv(name, "x")[1:] == ["-m", "studio.jobs.body", name, "x"]
    probe = (
        "import sys, importlib\n"
        f"for b in {sorted(bodies.values())!r}: importlib.import_module(b.split(':')[0])\n"
        "print('torch' in sys.modules)"
    )
    out = subprocess.run([PY, "-c", probe], capture_output=True, text=True, timeout=120)
    assert out.stdout.strip() == "False", out.stderr[-2000:]


def test_the_body_entry_point_refuses_a_kind_without_a_body():
    import subprocess

    for args in (["sft"], ["no-such-kind"], []):
        out = subprocess.run([PY, "-m", "studio.jobs.body", *args], capture_output=True, text=True, timeout=60)
        assert out.returncode == 2 and "usage: python -m studio.jobs.body KIND" in out.stderr
        assert "export" in out.stderr and "sft" not in out.stderr.split("KIND:")[1]


def test_a_stopped_body_runs_its_clean_up(tmp_path):
    """SIGTERM (a job stop) becomes SystemExit(143) in every body, so `finally` runs; a made-up kind whose body
    stops itself mid-work stands in for a real one here (the real export's stop is in tests/reliability)."""
    import subprocess

    marker = tmp_path / "cleaned"
    script = (
        "import dataclasses, os, signal, sys, time\n"
        "from pathlib import Path\n"
        "from studio.jobs import body, store\n"
        "def stopped(marker):\n"
        "    try:\n"
        "        os.kill(os.getpid(), signal.SIGTERM)\n"
        "        time.sleep(30)\n"
        "    finally:\n"
        "        Path(marker).write_text('cleaned')\n"
        "store.JOB_KINDS['t'] = dataclasses.replace(store.JOB_KINDS['export'], name='t', body='__main__:stopped')\n"
        "sys.exit(body.main(['t', sys.argv[1]]))\n"
    )
    t0 = time.monotonic()
    out = subprocess.run([PY, "-c", script, str(marker)], capture_output=True, text=True, timeout=60)
    assert out.returncode == 143, out.stderr[-2000:]
    assert marker.read_text() == "cleaned" and time.monotonic() - t0 < 20


def test_migration_0012_moves_the_commands_of_stored_jobs(tmp_path):
    """Rows written before the packages moved run the same code through studio.jobs.body (a queued job starts from
    its stored argv). The expected commands are written out by hand."""
    from studio.core import db

    con = db.connect(tmp_path / "studio.db")
    old = {
        "d1": ("deploy", ["py", "-m", "studio.gateway", "/w/runs/d1/gateway.json"]),
        "g1": ("generate", ["py", "-m", "studio.candidates", "run", "/w/runs/g1"]),
        "m1": ("merge", ["py", "-m", "studio.models", "run-export", "/w/runs/m1"]),
        "x1": ("export", ["py", "-m", "studio.models", "run-export", "/w/runs/x1"]),
        "p1": ("build-pocket", ["py", "-m", "studio.pocket", "build", "--size", "tiny", "--workspace", "/w"]),
        "e1": ("eval", ["py", "-m", "studio.evaluate", "pairs", "--model", "/m", "--pairs", "/p", "--out", "/o"]),
        "s1": ("sft", ["py", "-m", "swift.cli.main", "sft", "/w/runs/s1/config.yaml"]),
    }
    for jid, (kind, argv) in old.items():
        con.execute(
            "INSERT INTO jobs (id, kind, title, status, argv, run_dir, created_at) "
            "VALUES (?, ?, ?, 'queued', ?, '/r', 0)",
            (jid, kind, jid, json.dumps(argv)),
        )
    con.execute("DELETE FROM migrations WHERE name = '0012_module_paths'")
    assert db.migrate(con) == ["0012_module_paths"]
    got = {r["id"]: json.loads(r["argv"]) for r in con.execute("SELECT id, argv FROM jobs")}
    assert got == {
        "d1": ["py", "-m", "studio.jobs.body", "deploy", "/w/runs/d1/gateway.json"],
        "g1": ["py", "-m", "studio.jobs.body", "generate", "/w/runs/g1"],
        "m1": ["py", "-m", "studio.jobs.body", "merge", "/w/runs/m1"],
        "x1": ["py", "-m", "studio.jobs.body", "export", "/w/runs/x1"],
        "p1": ["py", "-m", "studio.jobs.body", "build-pocket", "--size", "tiny", "--workspace", "/w"],
        "e1": ["py", "-m", "studio.jobs.body", "eval", "--model", "/m", "--pairs", "/p", "--out", "/o"],
        "s1": ["py", "-m", "swift.cli.main", "sft", "/w/runs/s1/config.yaml"],
    }
    con.close()


def test_stop_leaves_no_process_of_the_group(ws):
    jobs = Jobs(ws)
    job = jobs.submit("sft", [PY, "-c", SLEEPER])
    job = wait_status(jobs, job.id, "running")
    deadline = time.monotonic() + 60  # a loaded machine starts Pythons slowly
    while len(process.group_members(job.pid)) < 3 and time.monotonic() < deadline:
        time.sleep(0.1)
    assert len(process.group_members(job.pid)) >= 3  # supervisor, child, grandchild
    t0 = time.monotonic()
    stopped = jobs.stop(job.id)
    assert stopped.status == "stopped"
    assert time.monotonic() - t0 < 10
    assert process.group_members(job.pid) == []


def test_stop_kills_a_child_that_ignores_sigterm(ws):
    jobs = Jobs(ws)
    stubborn = (
        "import signal, time\nsignal.signal(signal.SIGTERM, signal.SIG_IGN)\nprint('up', flush=True)\ntime.sleep(300)"
    )
    job = wait_status(jobs, jobs.submit("sft", [PY, "-c", stubborn]).id, "running")
    time.sleep(0.5)
    stopped = jobs.stop(job.id, grace=1.0)
    assert stopped.status == "stopped"
    assert process.group_members(job.pid) == []


def test_failure_carries_a_reason_from_the_log(ws):
    jobs = Jobs(ws)
    job = jobs.submit(
        "sft",
        [
            PY,
            "-c",
            "import sys; print('[INFO] Dataset filtered, origin length: 12, filtered dataset length: 0'); sys.exit(1)",
        ],
    )
    job = jobs.wait(job.id, timeout=20)
    assert job.status == "failed" and job.exit_code == 1
    assert "length filter" in job.reason.en and "最大长度" in job.reason.zh


def test_reconcile_after_a_dead_supervisor_marks_interrupted_and_sweeps(ws):
    jobs = Jobs(ws)
    job = wait_status(jobs, jobs.submit("sft", [PY, "-c", SLEEPER]).id, "running")
    time.sleep(0.5)
    members = process.group_members(job.pid)
    os.kill(job.pid, signal.SIGKILL)  # the supervisor dies (machine crash, OOM killer...)
    time.sleep(0.3)
    assert process.group_members(job.pid)  # its children are orphans now
    settled = Jobs(ws).reconcile()  # a fresh app start
    assert settled[job.id] == "interrupted"
    assert process.group_members(job.pid) == []
    assert all(process.start_time(p) is None for p in members)


def test_while_the_app_runs_a_job_whose_supervisor_died_is_settled_not_left_running(ws):
    """The supervisor could not record the end (a full disk) and is gone: the running app settles the job
    with a sentence that says so; a live job next to it is left alone."""
    jobs = Jobs(ws)
    lost = wait_status(jobs, jobs.submit("sft", [PY, "-c", SLEEPER]).id, "running")
    live = wait_status(jobs, jobs.submit("eval", [PY, "-c", SLEEPER], gpu=False).id, "running")
    time.sleep(0.5)
    os.kill(lost.pid, signal.SIGKILL)
    time.sleep(0.3)
    assert jobs.get(lost.id).status == "running"  # nobody wrote its end
    assert jobs.settle_lost() == {lost.id: "interrupted", live.id: "running"}
    settled = jobs.get(lost.id)
    assert "disk was full" in settled.reason.en and "磁盘满了" in settled.reason.zh
    assert process.group_members(lost.pid) == []
    assert jobs.get(live.id).status == "running"
    jobs.stop(live.id)


def test_reconcile_readopts_a_live_job_without_duplicating_it(ws):
    jobs = Jobs(ws)
    job = wait_status(jobs, jobs.submit("sft", [PY, "-c", "import time; time.sleep(2); print('ok')"]).id, "running")
    assert Jobs(ws).reconcile() == {job.id: "running"}
    assert len(jobs.list()) == 1
    assert wait_status(jobs, job.id, "succeeded").exit_code == 0


def test_pid_reuse_is_not_mistaken_for_the_job(ws):
    jobs = Jobs(ws)
    job = jobs.wait(jobs.submit("sft", [PY, "-c", "print(1)"]).id, timeout=20)
    # A row claiming our own (live) pid but another start time must not count as alive.
    assert not process.is_alive(os.getpid(), (process.start_time(os.getpid()) or 0) + 1)
    assert process.is_alive(os.getpid(), process.start_time(os.getpid()))
    assert job.status == "succeeded"


def test_second_store_on_the_same_workspace_does_not_double_start(ws):
    a, b = Jobs(ws), Jobs(ws)
    job = a.submit("sft", [PY, "-c", "import time; time.sleep(1)"], start=False)
    for w in (a, b, a):
        w.tick()
    done = a.wait(job.id, timeout=20)
    assert done.status == "succeeded"
    assert done.log_path.read_text().count("started at") == 1
