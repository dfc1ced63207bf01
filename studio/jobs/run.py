"""`python -m studio.jobs.run WORKSPACE JOB_ID`: the process every job runs under (started by Jobs).

It reads the job's record and lets the engine's supervisor run the argv, passing it the record's
reads and writes; when the job has ended it moves the queue along, so the next job starts even when no
app is open (that job gets a process of its own).
"""

from __future__ import annotations

import sys

from studio.core.i18n import Text
from studio.core.workspace import Workspace
from studio.engine.supervise import supervise
from studio.jobs.store import Jobs


class _Record:
    def __init__(self, jobs: Jobs, job_id: str):
        self.jobs, self.job_id = jobs, job_id

    def claim(self, pid: int, pid_start: int | None) -> bool:
        return self.jobs.mark_running(self.job_id, pid, pid_start)

    def stop_requested(self) -> bool:
        return self.jobs.get(self.job_id).stop_requested

    def finish(self, status: str, exit_code: int | None, reason: Text | None) -> None:
        self.jobs.finish(self.job_id, status, exit_code, reason)
        self.jobs.tick()


def main(ws_root: str, job_id: str) -> int:
    jobs = Jobs(Workspace.open(ws_root))
    job = jobs.get(job_id)
    return supervise(job.id, job.kind, job.argv, job.env, job.run_dir, job.log_path, _Record(jobs, job_id))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
