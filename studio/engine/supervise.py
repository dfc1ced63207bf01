"""`python -m studio.engine.supervise WORKSPACE JOB_ID`: run one job's argv and record how it ended.

It leads the job's process group, so a stop (SIGTERM to the group) reaches the trainer and every
process the trainer started. It ignores that SIGTERM itself, waits for the child, writes exit.json
and the final row, sweeps any straggler of the group, then starts the next queued job.
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

from studio.engine import process
from studio.engine.failures import diagnose
from studio.engine.metrics import tail
from studio.workspace import Workspace, atomic_write_json


def main(ws_root: str, job_id: str) -> int:
    from studio.jobs import Jobs   # the domain store; imported here to keep engine imports light

    jobs = Jobs(Workspace.open(ws_root))
    job = jobs.get(job_id)
    me = os.getpid()
    if not jobs.mark_running(job_id, me, process.start_time(me)):
        return 0    # stopped (or claimed elsewhere) before we got here
    stopping = False

    def on_term(signum, frame):
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, on_term)
    signal.signal(signal.SIGINT, on_term)
    print(f"[qixi] job {job_id} ({job.kind}) started at {time.strftime('%Y-%m-%d %H:%M:%S')}", flush=True)
    print(f"[qixi] argv: {job.argv}", flush=True)
    try:
        child = subprocess.Popen(job.argv, stdin=subprocess.DEVNULL, cwd=job.run_dir,
                                 env={**os.environ, **job.env})
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
        if stopping or jobs.get(job_id).stop_requested:
            status = "stopped"
    # Nothing of this job may outlive it (a dataloader worker, a server's child, ...).
    process.kill_group(me, exclude=me)
    reason = diagnose(tail(job.log_path)).text if status == "failed" else None
    print(f"[qixi] job {job_id} {status} (exit code {code}) at {time.strftime('%Y-%m-%d %H:%M:%S')}", flush=True)
    atomic_write_json(job.run_dir / "exit.json", {"job": job_id, "status": status, "exit_code": code})
    jobs.finish(job_id, status, code, reason)
    # Move the queue along even when no app is open (the next job gets a session of its own).
    jobs.tick()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
