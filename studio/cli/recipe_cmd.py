"""qixi recipe run|status|stop|resume: the one-click chain (base -> SFT -> alignment -> merge -> deploy).

Same code as the Start tab's one-click section (studio.training.recipe); the chain keeps going after this
command returns unless `--wait` is given.
"""

from __future__ import annotations

import sys
import time

from studio.core.i18n import Text, default_lang
from studio.training import methods
from studio.training import recipe as RC

NOTHING = Text("还没有一键流程：用 `qixi recipe run` 开始一个。", "No recipe yet: start one with `qixi recipe run`.")


def add_parser(sub) -> None:
    p = sub.add_parser("recipe", help="one click: train my companion / 一键训练伴侣")
    s = p.add_subparsers(dest="action", required=True)
    q = s.add_parser("run", help="make the chain from these settings and start it")
    q.add_argument("--base", default="pocket", help="pocket (built here), a catalog id, a workspace model or a hub id")
    q.add_argument("--data", default="", help="SFT dataset id or name (default: the bundled sample dialogues)")
    q.add_argument(
        "--pairs", default="", help="preference pairs dataset id or name (default: the bundled sample pairs)"
    )
    q.add_argument("--method", choices=methods.align_names(), default="dpo")
    q.add_argument("--preset", default="", help="training preset (default: chosen from the GPU)")
    q.add_argument("--sft-steps", type=int, default=0, help="SFT steps (0: the preset's epochs)")
    q.add_argument("--align-steps", type=int, default=0, help="alignment steps (0: the preset's epochs)")
    q.add_argument("--no-deploy", dest="deploy", action="store_false", help="stop after the merge")
    q.add_argument("--wait", action="store_true", help="block until the chain ends")
    q.add_argument("--timeout", type=float, default=None, help="with --wait: give up waiting after this many s")
    q.set_defaults(func=cmd_run)
    for name, fn, helptext in (
        ("status", cmd_status, "the chain's steps and their jobs"),
        ("stop", cmd_stop, "stop the running step and the chain"),
        ("resume", cmd_resume, "start again at the first unfinished step"),
    ):
        q = s.add_parser(name, help=helptext)
        q.add_argument("id", nargs="?", type=int, default=None, help="recipe number (default: the newest)")
        if name == "resume":
            q.add_argument("--wait", action="store_true")
            q.add_argument("--timeout", type=float, default=None)
        q.set_defaults(func=fn)


def _result(ws, rc: RC.Recipe, lang: str) -> dict:
    out = rc.to_dict()
    out["rows"] = RC.rows(ws, rc, lang)
    out["ok"] = rc.status in ("running", "succeeded", "stopped")
    lines = [f"recipe {rc.id}: {RC.STATUS_TEXT[rc.status](lang)}"]
    for r in out["rows"]:
        extra = f"  {r['message']}" if r["message"] and r["status"] == "running" else ""
        lines.append(
            f"  {r['icon']} {r['n']}. {r['title']} — {r['status_text']}"
            + (f" ({r['job']})" if r["job"] else "")
            + extra
        )
        if r["reason"]:
            lines.append(f"     {r['reason']}")
    out["text"] = "\n".join(lines)
    return out


def _wait(ws, rc: RC.Recipe, timeout: float | None, lang: str, quiet: bool) -> RC.Recipe:
    deadline = None if timeout is None else time.monotonic() + timeout
    last = None
    while rc.status == "running" and (deadline is None or time.monotonic() < deadline):
        cur = rc.current
        now = (cur.kind, cur.status) if cur else None
        if now != last and cur is not None and not quiet:
            print(f"… {cur.position + 1}. {cur.title(rc.settings.method, lang)}", file=sys.stderr, flush=True)
        last = now
        time.sleep(1.0)
        rc = RC.status(ws, rc.id)
    return rc


def _finish(args, ws, rc: RC.Recipe) -> dict:
    lang = args.lang or default_lang()
    if getattr(args, "wait", False):
        rc = _wait(ws, rc, args.timeout, lang, args.json)
        out = _result(ws, rc, lang)
        out["ok"] = rc.status == "succeeded"
        return out
    return _result(ws, rc, lang)


def cmd_run(args, ws) -> dict:
    s = RC.RecipeSettings(
        base=args.base,
        data=args.data,
        pairs=args.pairs,
        method=args.method,
        preset=args.preset,
        sft_steps=args.sft_steps,
        align_steps=args.align_steps,
        deploy=args.deploy,
    )
    lang = args.lang or default_lang()
    if not args.json:  # which data each step trains on, said before anything starts (refusals come from run)
        for use in RC.data_plan(ws, s.data, s.pairs):
            print(f"… {use.line(lang)}", file=sys.stderr, flush=True)
    return _finish(args, ws, RC.run(ws, s))


def cmd_status(args, ws) -> dict:
    rc = RC.status(ws, args.id)
    if rc is None:
        return {"ok": True, "recipe": None, "text": NOTHING(args.lang or default_lang())}
    return _result(ws, rc, args.lang or default_lang())


def cmd_stop(args, ws) -> dict:
    rc = RC.stop(ws, args.id)
    if rc is None:
        return {"ok": True, "recipe": None, "text": NOTHING(args.lang or default_lang())}
    return _result(ws, rc, args.lang or default_lang())


def cmd_resume(args, ws) -> dict:
    return _finish(args, ws, RC.resume(ws, args.id))
