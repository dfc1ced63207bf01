"""Run one job's argv as the leader of its process group and report how it ended.

It leads the job's process group, so a stop (SIGTERM to the group) reaches the trainer and every
process the trainer started. It ignores that SIGTERM itself, waits for the child, writes exit.json,
sweeps any straggler of the group and hands the end to the job's record. The record (the domain's job
store) is passed in by the job's entry point, `python -m studio.jobs.run`: the engine knows no store.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path
from typing import Protocol

from studio.core.i18n import Text
from studio.core.workspace import atomic_write_json
from studio.engine import process
from studio.engine.failures import diagnose
from studio.engine.metrics import tail


class Record(Protocol):
    """What the supervisor reads and writes of its job's record."""

    def claim(self, pid: int, pid_start: int | None) -> bool:
        """Mark the job running under this process; False when it was stopped before it began."""

    def stop_requested(self) -> bool: ...

    def finish(self, status: str, exit_code: int | None, reason: Text | None) -> None: ...


def supervise(job_id: str, kind: str, argv: list[str], env: dict, run_dir: Path, log_path: Path, record: Record) -> int:
    me = os.getpid()
    if not record.claim(me, process.start_time(me)):
        return 0  # stopped (or claimed elsewhere) before we got here
    stopping = False

    def on_term(signum, frame):
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, on_term)
    signal.signal(signal.SIGINT, on_term)
    print(f"[qixi] job {job_id} ({kind}) started at {time.strftime('%Y-%m-%d %H:%M:%S')}", flush=True)
    print(f"[qixi] argv: {argv}", flush=True)
    try:
        child = subprocess.Popen(argv, stdin=subprocess.DEVNULL, cwd=run_dir, env={**os.environ, **env})
    except OSError as e:
        code, status = 127, "failed"
        print(f"[qixi] could not start: {e}", flush=True)
    else:
        while True:
            try:
                code = child.wait()
                break
            except InterruptedError:
                continue
        status = "succeeded" if code == 0 else "failed"
        if stopping or record.stop_requested():
            status = "stopped"
    # Nothing of this job may outlive it (a dataloader worker, a server's child, ...).
    process.kill_group(me, exclude=me)
    reason = diagnose(tail(log_path)).text if status == "failed" else None
    print(f"[qixi] job {job_id} {status} (exit code {code}) at {time.strftime('%Y-%m-%d %H:%M:%S')}", flush=True)
    atomic_write_json(Path(run_dir) / "exit.json", {"job": job_id, "status": status, "exit_code": code})
    record.finish(status, code, reason)
    return 0
