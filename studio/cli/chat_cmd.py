"""qixi chat --model M "message": one reply, through the safety guard.

When a chat server is running and serves M, it answers. Otherwise a short-lived server is started for M
(a deploy job that is stopped again right after the reply), so this works on a CPU with the pocket model.
"""

from __future__ import annotations

import sys

from studio.chat import conversations as chat
from studio.chat import deployments, guard
from studio.core.connections import open_db
from studio.core.i18n import UserError


def add_parser(sub) -> None:
    parents = [sub.common] if hasattr(sub, "common") else []
    p = sub.add_parser("chat", parents=parents, help="one reply from a model / 和模型说一句话")
    p.add_argument("message", help="what to say; '-' reads it from standard input")
    p.add_argument(
        "--model", required=True, help="a model name the running chat server serves, or a model / run id (RUN@STEP)"
    )
    p.add_argument("--system", default=None, help="system prompt")
    p.add_argument("--persona", default=None, help="a saved persona's name (its system prompt is used)")
    p.add_argument("--temperature", type=float, default=0.7)
    p.add_argument("--top-p", type=float, default=0.9)
    p.add_argument("--max-tokens", type=int, default=256)
    p.add_argument("--ceiling", type=float, default=0.8, help="emotional-intensity ceiling for replies (0..1)")
    p.add_argument("--keywords", default="", help="blocked words, comma separated")
    p.add_argument("--timeout", type=float, default=300, help="seconds to wait for a short-lived server")
    p.add_argument(
        "--no-memory",
        action="store_true",
        help="neither read the message into the persona's memory nor add memory to the prompt",
    )
    p.set_defaults(func=cmd_chat)


def _system(args, ws, lang: str | None) -> tuple[str, str]:
    if args.persona:
        from studio.chat import persona

        p = persona.load_persona(ws, args.persona)
        return p.system_prompt(lang), p.bot_name
    return args.system or "", ""


def _server(ws, model: str, max_tokens: int, timeout: float):
    """(deployment, model name on it, short-lived?): the running server if it serves `model`, else a new one."""
    dep = deployments.current(ws)
    if dep is not None:
        if model in dep.models:
            return dep, model, False
        raise UserError(
            f"正在运行的聊天服务不提供“{model}”（它提供：{', '.join(dep.models)}）：换一个模型名，"
            "或先用 `qixi deploy stop` 停止它。",
            f"The running chat server does not serve “{model}” (it serves: {', '.join(dep.models)}): "
            "use one of those names, or stop it with `qixi deploy stop` first.",
        )
    dep = deployments.start(ws, deployments.DeployRequest(model=model, adapters=[], max_new_tokens=max_tokens))
    try:
        dep = deployments.wait_ready(ws, dep, timeout=timeout)
    except BaseException:
        deployments.stop(ws, dep.id)
        raise
    # A run is served as an adapter over its base: talk to the adapter.
    return dep, dep.models[-1], True


def cmd_chat(args, ws) -> dict:
    lang = getattr(args, "lang", None)
    text = sys.stdin.read() if args.message == "-" else args.message
    gen = chat.GenSettings(args.temperature, args.top_p, args.max_tokens)
    settings = guard.GuardSettings.from_strings(args.ceiling, args.keywords)
    system, persona_name = _system(args, ws, lang)
    conv = chat.new_conversation(model=args.model, system=system, persona=persona_name, settings=gen, lang=lang)
    dep, temporary = None, False
    if guard.check(text, "user", settings).action in ("crisis", "block"):
        ep = chat.Endpoint("")  # the guard answers these itself: no model, no server
    else:
        dep, conv.model, temporary = _server(ws, args.model, args.max_tokens, args.timeout)
        ep = deployments.endpoint(dep)  # with the model's window: a too long message gets a sentence
    last = None
    try:
        memory_db = None if args.no_memory else open_db(ws)
        for last in chat.send(conv, text, ep, settings, lang, memory_db=memory_db):  # noqa: B007 - the last one is kept
            pass
    except chat.ReplyBroken as e:
        raise deployments.explain(dep, e) from None
    finally:
        if temporary:
            deployments.stop(ws, dep.id)
    reply = conv.turns[-1]
    content = reply.content if reply.role != "user" else ""
    result = {
        "model": conv.model,
        "reply": content,
        "guard": reply.guard,
        "temporary_server": temporary,
        "text": content,
        "memory_used": [r.note.text for r in (last.recalled if last is not None else [])],
    }
    if last is not None and last.note:
        result["note"] = last.note(lang)
        result["text"] = f"{content}\n\n{last.note(lang)}"
    return result
