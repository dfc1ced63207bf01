"""qixi pocket build: the embedded demo model, built from the bundled sample on this machine."""

from __future__ import annotations

from studio.core.i18n import Text
from studio.jobs.store import Jobs
from studio.models.pocket import read_card
from studio.training.train import start_pocket_build

FAILED = Text("口袋模型构建失败：{why}", "Building the pocket model failed: {why}")


def add_parser(sub) -> None:
    p = sub.add_parser("pocket", help="the embedded demo model / 内置的口袋模型")
    s = p.add_subparsers(dest="action", required=True)
    b = s.add_parser("build", help="build it (tiny: 1-5 min, demo: 4-10 min on 2 cores, depending on what else runs)")
    b.add_argument("--size", choices=("tiny", "demo"), default="tiny")
    b.add_argument("--background", action="store_true", help="return at once; follow it with `qixi jobs show`")
    b.set_defaults(func=cmd_build)


def cmd_build(args, ws) -> dict:
    jobs = Jobs(ws)
    job = start_pocket_build(ws, f"pocket-{args.size}", jobs)
    if args.background:
        return {"job": job.id, "status": job.status, "text": f"{job.id}: {job.status}"}
    job = jobs.wait(job.id)
    card = read_card(ws.root, args.size) if job.status == "succeeded" else None
    out = {
        "ok": job.status == "succeeded",
        "job": job.id,
        "status": job.status,
        "model": card,
        "reason": job.reason.en if job.reason else None,
    }
    out["text"] = (
        f"pocket-{args.size}: {card['params']:,} parameters, {ws.models / f'pocket-{args.size}'}"
        if card
        else FAILED(args.lang, why=job.reason(args.lang) if job.reason else job.status)
    )
    return out
