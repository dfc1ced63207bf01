"""qixi guard TEXT [--side user|bot] [--ceiling 0.8] [--keywords a,b]: run the safety guard on one message."""

from __future__ import annotations

import sys

from studio.chat.guard import SIDES, GuardSettings, check, dependency_score, risk_score
from studio.core.i18n import default_lang


def add_parser(sub) -> None:
    parents = [sub.common] if hasattr(sub, "common") else []
    p = sub.add_parser(
        "guard", parents=parents, help="check one message with the safety guard / 用安全守护检查一条消息"
    )
    p.add_argument("text", help="the message; '-' reads it from standard input")
    p.add_argument(
        "--side",
        choices=SIDES,
        default="user",
        help="user = a message the user wrote (crisis check); bot = a model reply (dependency / intensity check)",
    )
    p.add_argument(
        "--ceiling", type=float, default=0.8, help="emotional-intensity ceiling for bot replies, 0..1 (default 0.8)"
    )
    p.add_argument("--keywords", default="", help="blocked words, comma separated (either side)")
    p.set_defaults(func=handler)


def handler(args, ws) -> dict:
    """`ws` is unused: the guard needs no files, but every CLI handler takes it."""
    text = sys.stdin.read() if args.text == "-" else args.text
    settings = GuardSettings.from_strings(args.ceiling, args.keywords)
    lang = getattr(args, "lang", None) or default_lang()
    result = check(text, args.side, settings).to_dict(lang)
    # The concept score behind the verdict, so a surprising decision can be explained.
    score, classes = (risk_score if args.side == "user" else dependency_score)(text)
    result["concepts"] = {"score": round(score, 2), "classes": classes}
    reasons = ", ".join(result["reasons"]) or "-"
    summary = (
        f"{result['action']}  (reasons: {reasons}; concepts {score:.1f}: {' + '.join(classes) or '-'}; "
        f"intensity {result['intensity']:.2f})"
    )
    result["text"] = summary + (f"\n\n{result['message']}" if result["message"] else "")
    return result
