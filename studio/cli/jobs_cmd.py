"""qixi jobs list|show|logs|stop"""

from __future__ import annotations

import sys
import time

from studio.core.i18n import default_lang
from studio.jobs.progress import job_progress
from studio.jobs.store import JOB_KINDS, Job, Jobs


def add_parser(sub) -> None:
    p = sub.add_parser("jobs", help="background jobs / 后台任务")
    s = p.add_subparsers(dest="action", required=True)
    s.add_parser("list", help="list jobs").set_defaults(func=cmd_list)
    for name, fn, helptext in (
        ("show", cmd_show, "one job with its progress"),
        ("logs", cmd_logs, "end of its log"),
        ("stop", cmd_stop, "stop a job"),
    ):
        q = s.add_parser(name, help=helptext)
        q.add_argument("id")
        if name == "logs":
            q.add_argument("--lines", type=int, default=100)
        q.set_defaults(func=fn)


def wait_announcing(jobs: Jobs, job_id: str, lang: str | None = None, timeout: float | None = None) -> Job:
    """Wait for a job; when it sits queued behind another, say once (on stderr) what it waits for and how
    to let it start, instead of waiting without a word."""
    lang = lang or default_lang()
    deadline = None if timeout is None else time.monotonic() + timeout
    said = None
    while True:
        job = jobs.wait(job_id, timeout=2.0)
        if not job.active or (deadline is not None and time.monotonic() > deadline):
            return job
        why = jobs.queue_reason(job)
        if why is not None and why != said:
            holder = jobs.waiting_for(job)
            hint = "  (`qixi deploy stop`)" if holder is not None and JOB_KINDS[holder.kind].server else ""
            print(f"… {why(lang)}{hint}", file=sys.stderr, flush=True)
            said = why


def cmd_list(args, ws) -> dict:
    jobs = Jobs(ws).list()
    lines = [f"{j.id}  {j.kind:<12} {j.status:<11} {j.title}" for j in jobs]
    return {"jobs": [j.to_dict() for j in jobs], "text": "\n".join(lines) or "no jobs"}


def cmd_show(args, ws) -> dict:
    jobs = Jobs(ws)
    job = jobs.get(args.id)
    d = job.to_dict()
    d["progress"] = job_progress(job).to_dict()
    waits = jobs.queue_reason(job)
    d["waiting_for"] = jobs.waiting_for(job).id if waits else None
    d["waiting_reason"], d["waiting_reason_zh"] = (waits.en, waits.zh) if waits else (None, None)
    lang = getattr(args, "lang", None) or default_lang()
    reason = job.reason or waits
    d["text"] = f"{job.id}  {job.kind}  {job.status}" + (f"\n{reason(lang)}" if reason else "")
    return d


def cmd_logs(args, ws) -> dict:
    job = Jobs(ws).get(args.id)
    text = job.log_tail(max_lines=args.lines)
    return {"id": job.id, "log": text, "text": text}


def cmd_stop(args, ws) -> dict:
    job = Jobs(ws).stop(args.id)
    return {"id": job.id, "status": job.status, "text": f"{job.id}: {job.status}"}
