"""qixi jobs list|show|logs|stop"""
from __future__ import annotations

from studio.engine.metrics import tail
from studio.jobs import Jobs
from studio.progress import job_progress


def add_parser(sub) -> None:
    p = sub.add_parser("jobs", help="background jobs / 后台任务")
    s = p.add_subparsers(dest="action", required=True)
    s.add_parser("list", help="list jobs").set_defaults(func=cmd_list)
    for name, fn, helptext in (("show", cmd_show, "one job with its progress"), ("logs", cmd_logs, "end of its log"),
                               ("stop", cmd_stop, "stop a job")):
        q = s.add_parser(name, help=helptext)
        q.add_argument("id")
        if name == "logs":
            q.add_argument("--lines", type=int, default=100)
        q.set_defaults(func=fn)


def cmd_list(args, ws) -> dict:
    jobs = Jobs(ws).list()
    lines = [f"{j.id}  {j.kind:<12} {j.status:<11} {j.title}" for j in jobs]
    return {"jobs": [j.to_dict() for j in jobs], "text": "\n".join(lines) or "no jobs"}


def cmd_show(args, ws) -> dict:
    job = Jobs(ws).get(args.id)
    d = job.to_dict()
    d["progress"] = job_progress(job).to_dict()
    return d


def cmd_logs(args, ws) -> dict:
    job = Jobs(ws).get(args.id)
    text = tail(job.log_path, max_lines=args.lines)
    return {"id": job.id, "log": text, "text": text}


def cmd_stop(args, ws) -> dict:
    job = Jobs(ws).stop(args.id)
    return {"id": job.id, "status": job.status, "text": f"{job.id}: {job.status}"}
