"""The guarded gateway: an OpenAI-compatible `/v1` in front of ms-swift's server.

A deployment runs `main` as its job (`python -m studio.jobs.body deploy runs/<id>/gateway.json`). It
starts `swift deploy` as its child on a loopback port with a private key, waits until it answers,
and then serves the person's address and port itself (Starlette + uvicorn, httpx to the upstream).
Stop = SIGTERM to the job's process group, which holds both. No torch here: the model lives in the
child.

What it adds, the same way the Playground does (studio.chat.conversations, studio.chat.guard):
* the user's last message: crisis -> the crisis card (in the message's language) is the reply and the
  model is not asked; a blocked keyword -> held back; a worrying but lower score -> the model answers
  and a hotline note follows;
* the model's reply: dependency, guilt, the companion's own death, intensity over the ceiling ->
  replaced. Streaming holds back one sentence: text reaches the client only once the reply so far
  has passed the check, so no unsafe sentence is ever sent;
* the persona's system prompt when the client sends none; the AI disclosure before the first reply of
  a conversation; a break reminder after two hours of continuous use (per client and `user` field);
* the persona's memory (studio.chat.memory): the person's last message is read for facts to remember, and the
  notes it recalls join the system prompt (not for a message the guard answers itself);
* every answer carries `qixi_guard` ({"action", "reasons", "side"}) and the header `X-Qixi-Guard`.
A studio client that shows the disclosure and reminder and keeps the memory itself (the Playground,
`qixi chat`) sends `X-Qixi-Notices: client`;
the safety checks cannot be turned off per request, only for the whole deployment (`guard: false`,
shown on the deploy card).
"""

from __future__ import annotations

import contextlib
import json
import re
import secrets
import sqlite3
import sys
import threading
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

import httpx
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

from studio.chat import guard, guard_judge
from studio.chat.persona import guess_lang
from studio.core import sse
from studio.core.i18n import Text, UserError

GUARD_HEADER = "X-Qixi-Guard"
NOTICES_HEADER = "X-Qixi-Notices"
SESSION_LIMIT = 1000  # clients remembered for the break reminder
MAX_HOLD = 160  # characters held back at most when a reply has no sentence end
# A forced cut (no sentence end within MAX_HOLD) keeps at least this much held, cut at a space, comma or
# CJK character, so the start of a sentence still being written is never sent before it is checked.
HOLD_TAIL = 40
MAX_BODY = 1 << 20  # bytes of a request body (1 MiB); more is refused with 413
# The guard and the memory read the last user message's most recent GUARD_CHARS characters: what the
# person just said; checking a megabyte of pasted text would stall every client for seconds.
GUARD_CHARS = 4000
_SENTENCE_END = re.compile(r"[。！？!?；;…\n]|[.~](?=\s)")
_SOFT_BREAK = re.compile(r"[\s,，、:：]|[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")


@dataclass
class GatewayConfig:
    """What the job's gateway.json holds (written by studio.chat.deployments.start)."""

    upstream: str  # http://127.0.0.1:PORT/v1 (the ms-swift server)
    upstream_key: str  # its private key; never given to clients
    host: str = "127.0.0.1"
    port: int = 8000
    api_key: str | None = None  # what clients must send (required off loopback)
    guard: bool = True
    ceiling: float = 0.8
    keywords: list[str] = field(default_factory=list)
    system: str = ""  # the persona's system prompt ("" = none)
    memory_db: str = ""  # the workspace's studio.db ("" = no memory)
    memory_persona: str = ""  # whose memory: the persona's bot name ("" = no persona)
    upstream_argv: list[str] = field(default_factory=list)
    # `swift deploy`'s config: its port is chosen when the job starts, from upstream_port_from up
    # ("" = the port in `upstream` is fixed)
    upstream_config: str = ""
    upstream_port_from: int = 8001
    upstream_deadline_s: float = 1800.0  # the model server must be ready within this, or the job ends
    upstream_env: dict = field(default_factory=dict)
    judge_model: str = ""  # the downloaded safety classifier ("" = no model guard)

    def settings(self) -> guard.GuardSettings:
        return guard.GuardSettings(self.ceiling, tuple(self.keywords))

    @classmethod
    def load(cls, path: Path) -> GatewayConfig:
        return cls(**json.loads(Path(path).read_text(encoding="utf-8")))

    def save(self, path: Path) -> None:
        from studio.core.workspace import atomic_write_json

        atomic_write_json(Path(path), asdict(self))


def new_upstream_key() -> str:
    return "qixi-upstream-" + secrets.token_urlsafe(24)


# ------------------------------------------------------------------------------------ helpers


def _error(status: int, text: Text, lang: str = "zh", code: str = "qixi_gateway") -> JSONResponse:
    return JSONResponse(
        {"error": {"message": text(lang) + " / " + text("en" if lang == "zh" else "zh"), "type": code, "code": status}},
        status_code=status,
    )


_UNAUTHORIZED = Text(
    "缺少或错误的 API 密钥：请在请求头里带上 Authorization: Bearer <密钥>（密钥见部署卡片）。",
    "Missing or wrong API key: send Authorization: Bearer <key> (the key is on the deploy card).",
)
_UPSTREAM_DOWN = Text(
    "模型服务没有响应：它可能还在加载或已经退出，请看“任务”页里聊天服务的日志。",
    "The model server did not answer: it may still be loading or has stopped; see the chat "
    "server's log on the Jobs tab.",
)
# ms-swift 4.6 ends a stream without [DONE] when generation fails after it began (deploy.py's generator has
# no except): that is a failed reply, never a finished one.
_CUT_OFF = Text(
    "模型服务没有把回复说完就断开了（例如对话超出了模型一次能读的长度），请看“任务”页里聊天服务的日志。",
    "The model server stopped before finishing the reply (for example, the conversation is longer than "
    "the model can read at once); see the chat server's log on the Jobs tab.",
)
_TOO_BIG = Text(
    f"请求太大：最多 {MAX_BODY // 1024} KiB，请把对话缩短后再发送。",
    f"The request is too large: at most {MAX_BODY // 1024} KiB; shorten the conversation and send again.",
)
_BAD_BODY = Text(
    "请求体不是 JSON 对象：请按 OpenAI 接口格式发送。",
    "The request body is not a JSON object: send it in the OpenAI API format.",
)


def _text_of(content) -> str:
    """The text of a message's content (a string, or OpenAI's list of parts)."""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "".join(p.get("text", "") for p in content if isinstance(p, dict))
    return ""


class Sessions:
    """Continuous-use clocks per client, for the break reminder (the API itself is stateless)."""

    def __init__(self) -> None:
        self._clocks: dict[str, guard.SessionClock] = {}
        self._lock = threading.Lock()  # requests are prepared on the threadpool

    def reminder(self, key: str, lang: str, now: float) -> str | None:
        with self._lock:
            clock = self._clocks.pop(key, None) or guard.SessionClock(started_at=now)
            self._clocks[key] = clock  # most recent last: the oldest go first
            while len(self._clocks) > SESSION_LIMIT:
                self._clocks.pop(next(iter(self._clocks)))
            clock.touch(now)
            return clock.due_reminder(now, lang)


# ------------------------------------------------------------------------- the guarded exchange


@dataclass
class Exchange:
    """One request's guard decisions: what was said before, what goes after, what to report."""

    lang: str
    user_verdict: guard.Verdict | None
    prefix: str = ""  # the disclosure, before the first reply of a conversation
    suffix: str = ""  # the hotline note and / or the break reminder
    report: dict = field(default_factory=dict)

    @property
    def answered_by_guard(self) -> bool:
        v = self.user_verdict
        return v is not None and v.action in ("crisis", "block")


def _prepare(cfg: GatewayConfig, body: dict, chat: bool, notices: bool, sessions: Sessions, client: str) -> Exchange:
    """Check the person's last message; add the persona; decide the notices."""
    if chat:
        messages = body.get("messages") if isinstance(body.get("messages"), list) else []
        last_user = next(
            (_text_of(m.get("content")) for m in reversed(messages) if isinstance(m, dict) and m.get("role") == "user"),
            "",
        )
        first = not any(isinstance(m, dict) and m.get("role") == "assistant" for m in messages)
        if cfg.system and not any(isinstance(m, dict) and m.get("role") == "system" for m in messages):
            body["messages"] = [{"role": "system", "content": cfg.system}, *messages]
    else:
        prompt = body.get("prompt")
        last_user = prompt if isinstance(prompt, str) else _text_of(prompt)
        first = False
    last_user = last_user[-GUARD_CHARS:]
    lang = guess_lang(last_user)
    if not cfg.guard:
        if notices and chat:
            _remember(cfg, body, last_user)
        return Exchange(lang, None, report={"action": "off", "reasons": [], "side": None})
    verdict = guard.check(last_user, "user", cfg.settings())
    ex = Exchange(lang, verdict, report={"action": verdict.action, "reasons": list(verdict.reasons), "side": "user"})
    if notices and chat:
        if first:
            ex.prefix = guard.disclosure(lang) + "\n\n"
        note = sessions.reminder(f"{client}|{body.get('user') or ''}", lang, time.time())
        if note:
            ex.suffix += "\n\n" + note
    if verdict.action == "care":
        ex.suffix = "\n\n" + verdict.message(lang) + ex.suffix
    if notices and chat and not ex.answered_by_guard:
        _remember(cfg, body, last_user)
    return ex


def _remember(cfg: GatewayConfig, body: dict, last_user: str) -> None:
    """Let the persona's memory read the message and add what it recalls to the prompt (as the Playground does)."""
    if not cfg.memory_db:
        return
    from studio.chat import memory
    from studio.core import db

    now = time.time()
    con = None
    try:
        con = db.connect(cfg.memory_db)
        memory.observe(con, cfg.memory_persona, last_user, now)
        body["messages"], _ = memory.augment(con, cfg.memory_persona, body["messages"], now)
    except (sqlite3.Error, UserError) as e:  # a locked or broken studio.db: answer without memory
        print(f"[qixi-gateway] memory skipped for this message ({type(e).__name__}: {e})", file=sys.stderr, flush=True)
    finally:
        if con is not None:
            con.close()


def _check_reply(cfg: GatewayConfig, text: str, ex: Exchange) -> guard.Verdict | None:
    """None when the reply may go out; the verdict when it must be replaced."""
    v = guard.check(text, "bot", cfg.settings())
    return None if v.action == "allow" else v


def _replaced(ex: Exchange, v: guard.Verdict) -> None:
    ex.report = {
        "action": "replace" if v.action != "block" else "block",
        "reasons": list(v.reasons),
        "side": "bot",
        "user": ex.report.get("action"),
    }


async def guarded_stream(
    cfg: GatewayConfig, pieces: AsyncIterator[str], ex: Exchange, hold: int = MAX_HOLD
) -> AsyncIterator[str]:
    """The reply's text, released one checked sentence at a time.

    Everything after the last sentence end is held back until the reply so far (released text plus
    the held sentence) passes the bot-side check; a reply with no sentence end is checked every `hold`
    characters. When a check fails, the held text is dropped, the upstream stream is abandoned, and the
    replacement message follows what was already released (which had passed)."""
    released, held = "", ""
    async for piece in pieces:
        held += piece
        ends = [m.end() for m in _SENTENCE_END.finditer(held)]
        cut = ends[-1] if ends else (_soft_cut(held) if len(held) >= hold else 0)
        if not cut:
            continue
        # A forced cut checks all the text so far, the held tail included.
        v = await run_in_threadpool(_check_reply, cfg, released + (held[:cut] if ends else held), ex)
        if v is not None:
            _replaced(ex, v)
            yield ("\n\n" if released else "") + v.message(ex.lang)
            return
        released += held[:cut]
        out, held = held[:cut], held[cut:]
        yield out
    if held:
        v = await run_in_threadpool(_check_reply, cfg, released + held, ex)
        if v is not None:
            _replaced(ex, v)
            yield ("\n\n" if released else "") + v.message(ex.lang)
            return
        yield held


def _soft_cut(held: str) -> int:
    """Where a reply with no sentence end may be cut: after the last space, comma or CJK character that
    leaves at least HOLD_TAIL characters held (or just HOLD_TAIL before the end when there is none)."""
    limit = len(held) - HOLD_TAIL
    ends = [m.end() for m in _SOFT_BREAK.finditer(held, 0, limit)]
    return ends[-1] if ends else max(limit, 0)


async def _read_body(request: Request) -> bytes | None:
    """The body, or None when it is over MAX_BODY (told by Content-Length, or found while reading)."""
    try:
        if int(request.headers.get("content-length") or 0) > MAX_BODY:
            return None
    except ValueError:
        return None
    got = bytearray()
    async for part in request.stream():
        got += part
        if len(got) > MAX_BODY:
            return None
    return bytes(got)


def _fresh_choice(c: dict, chat: bool, text: str) -> dict:
    """A guarded reply's choice built anew: only the checked text goes out, nothing else ms-swift sent
    (logprobs, token_ids, reasoning_content, tool_calls could carry the replaced words)."""
    if not chat:
        return {"index": c.get("index", 0), "text": text, "finish_reason": c.get("finish_reason"), "logprobs": None}
    return {
        "index": c.get("index", 0),
        "message": {"role": "assistant", "content": text},
        "finish_reason": c.get("finish_reason"),
    }


# --------------------------------------------------------------------------------- the app


def build_app(cfg: GatewayConfig, transport: httpx.AsyncBaseTransport | None = None) -> Starlette:
    """The ASGI app. `transport` lets a test put a scripted upstream in process (no sockets)."""
    client = httpx.AsyncClient(
        base_url=cfg.upstream.rstrip("/") + "/",
        transport=transport,
        headers={"Authorization": f"Bearer {cfg.upstream_key}"},
        timeout=httpx.Timeout(10.0, read=None),
    )
    sessions = Sessions()

    def authorized(request: Request) -> bool:
        if not cfg.api_key:
            return True
        got = request.headers.get("authorization", "")
        return secrets.compare_digest(got.encode(), f"Bearer {cfg.api_key}".encode())

    async def models(request: Request) -> Response:
        if not authorized(request):
            return _error(401, _UNAUTHORIZED, code="invalid_api_key")
        try:
            r = await client.get("models")
        except httpx.HTTPError:
            return _error(502, _UPSTREAM_DOWN)
        return Response(
            r.content,
            status_code=r.status_code,
            media_type="application/json",
            headers={GUARD_HEADER: "on" if cfg.guard else "off"},
        )

    async def health(request: Request) -> Response:
        return JSONResponse({"ok": True, "guard": cfg.guard})

    def handler(chat: bool) -> Callable:
        path = "chat/completions" if chat else "completions"
        obj = "chat.completion" if chat else "text_completion"

        def choice(text: str, finish: str | None, delta: bool) -> dict:
            if not chat:
                return {"index": 0, "text": text, "finish_reason": finish, "logprobs": None}
            key = "delta" if delta else "message"
            return {
                "index": 0,
                key: ({"role": "assistant", "content": text} if text or not delta else {}),
                "finish_reason": finish,
            }

        def envelope(
            model: str, rid: str, created: int, text: str, finish: str | None, stream: bool, extra: dict | None = None
        ) -> dict:
            out = {
                "id": rid,
                "object": obj + (".chunk" if stream and chat else ""),
                "created": created,
                "model": model,
                "choices": [choice(text, finish, stream)],
            }
            return {**out, **(extra or {})}

        async def endpoint(request: Request) -> Response:
            if not authorized(request):
                return _error(401, _UNAUTHORIZED, code="invalid_api_key")
            raw = await _read_body(request)
            if raw is None:
                return _error(413, _TOO_BIG, code="request_too_large")
            try:
                body = json.loads(raw)
            except ValueError:
                body = None
            if not isinstance(body, dict):
                return _error(400, _BAD_BODY, code="invalid_request_error")
            notices = request.headers.get(NOTICES_HEADER, "").lower() != "client"
            who = request.client.host if request.client else "?"
            # The guard and the memory (SQLite) block: off the event loop, so other clients go on.
            ex = await run_in_threadpool(_prepare, cfg, body, chat, notices, sessions, who)
            stream = bool(body.get("stream"))
            model = str(body.get("model") or "")
            rid, created = f"qixi-{secrets.token_hex(8)}", int(time.time())

            if ex.answered_by_guard:  # the model is not asked at all
                card = ex.prefix + ex.user_verdict.message(ex.lang)
                extra = {"qixi_guard": ex.report}
                headers = {GUARD_HEADER: ex.report["action"]}
                if not stream:
                    usage = {"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0}
                    return JSONResponse(
                        envelope(model, rid, created, card, "stop", False, {**extra, "usage": usage}), headers=headers
                    )

                async def card_events():
                    yield _sse(envelope(model, rid, created, card, None, True))
                    yield _sse(envelope(model, rid, created, "", "stop", True, extra))
                    yield "data: [DONE]\n\n"

                return StreamingResponse(card_events(), media_type="text/event-stream", headers=headers)

            if not stream:
                try:
                    r = await client.post(path, json=body)
                except httpx.HTTPError:
                    return _error(502, _UPSTREAM_DOWN, ex.lang)
                if r.status_code != 200 or not cfg.guard:
                    return Response(
                        r.content,
                        status_code=r.status_code,
                        media_type="application/json",
                        headers={GUARD_HEADER: "on" if cfg.guard else "off"},
                    )
                data = r.json()
                choices = []
                for c in data.get("choices") or []:
                    holder = (c.get("message") or {}) if chat else c
                    text = _text_of(holder.get("content" if chat else "text"))
                    v = await run_in_threadpool(_check_reply, cfg, text, ex)
                    if v is not None:
                        _replaced(ex, v)
                        text = v.message(ex.lang)
                    choices.append(_fresh_choice(c, chat, ex.prefix + text + ex.suffix))
                data["choices"] = choices
                data["qixi_guard"] = ex.report
                return JSONResponse(data, headers={GUARD_HEADER: ex.report["action"]})

            # Streaming: open the upstream stream first, so a refusal arrives as an HTTP error.
            req = client.build_request("POST", path, json=body)
            try:
                upstream = await client.send(req, stream=True)
            except httpx.HTTPError:
                return _error(502, _UPSTREAM_DOWN, ex.lang)
            if upstream.status_code != 200:
                content = await upstream.aread()
                await upstream.aclose()
                return Response(content, status_code=upstream.status_code, media_type="application/json")
            if not cfg.guard:

                async def passthrough():
                    try:
                        async for chunk in upstream.aiter_raw():
                            yield chunk
                    finally:
                        await upstream.aclose()

                return StreamingResponse(passthrough(), media_type="text/event-stream", headers={GUARD_HEADER: "off"})

            finish = {"reason": "stop", "usage": None}

            async def pieces():
                try:
                    async for line in upstream.aiter_lines():
                        chunk = sse.event(line)
                        if chunk is None:
                            continue
                        if chunk == sse.DONE:
                            return
                        if sse.is_error(chunk):  # ms-swift failed mid-reply: passed on as it came
                            finish["error"] = chunk
                            return
                        if chunk.get("usage"):
                            finish["usage"] = chunk["usage"]
                        for c in chunk.get("choices") or []:
                            if c.get("finish_reason"):
                                finish["reason"] = c["finish_reason"]
                            piece = (c.get("delta") or {}).get("content") if chat else c.get("text")
                            if piece:
                                yield piece
                except httpx.HTTPError:
                    pass
                finish["error"] = {"object": "error", "message": _CUT_OFF(ex.lang), "code": 502}

            async def events():
                try:
                    if ex.prefix:
                        yield _sse(envelope(model, rid, created, ex.prefix, None, True))
                    async for text in guarded_stream(cfg, pieces(), ex):
                        if text:
                            yield _sse(envelope(model, rid, created, text, None, True))
                    if finish.get("error"):
                        yield _sse(finish["error"])
                        yield "data: [DONE]\n\n"
                        return
                    if ex.suffix:
                        yield _sse(envelope(model, rid, created, ex.suffix, None, True))
                    extra = {"qixi_guard": ex.report}
                    if finish["usage"]:
                        extra["usage"] = finish["usage"]
                    yield _sse(envelope(model, rid, created, "", finish["reason"], True, extra))
                    yield "data: [DONE]\n\n"
                finally:
                    await upstream.aclose()

            return StreamingResponse(events(), media_type="text/event-stream", headers={GUARD_HEADER: "on"})

        return endpoint

    routes = [
        Route("/v1/models", models, methods=["GET"]),
        Route("/health", health, methods=["GET"]),
        Route("/v1/chat/completions", handler(True), methods=["POST"]),
        Route("/v1/completions", handler(False), methods=["POST"]),
    ]

    @contextlib.asynccontextmanager
    async def lifespan(app):
        yield
        await client.aclose()

    return Starlette(routes=routes, lifespan=lifespan)


def _sse(obj: dict) -> str:
    return "data: " + json.dumps(obj, ensure_ascii=False) + "\n\n"


# --------------------------------------------------------------------------------- the process


def main(config: str) -> int:
    """Run a deployment: the ms-swift child, then the gateway in front of it (the job's process)."""
    import uvicorn

    from studio.engine import deploy as engine

    cfg = GatewayConfig.load(Path(config))
    if cfg.guard and cfg.judge_model:  # the model guard's worker starts with the first message
        guard_judge.enable(Path(cfg.judge_model))
    if not cfg.upstream_argv:  # in front of a server someone else runs (benchmarks/infer_speed.py)
        uvicorn.run(build_app(cfg), host=cfg.host, port=cfg.port, log_level="warning", access_log=False)
        return 0
    if cfg.upstream_config:
        port = engine.choose_upstream_port(Path(cfg.upstream_config), cfg.upstream_port_from)
        cfg.upstream = f"http://127.0.0.1:{port}/v1"
    child = engine.start_upstream(cfg.upstream_argv, cfg.upstream_env)
    print(f"[qixi-gateway] waiting for the model server (pid {child.pid}, {cfg.upstream})", flush=True)
    state = engine.wait_upstream(child, cfg.upstream, cfg.upstream_key, deadline_s=cfg.upstream_deadline_s)
    if state == "late":
        engine.stop_upstream(child)
        s = int(cfg.upstream_deadline_s)
        print(engine.UPSTREAM_LATE("zh", s=s) + " / " + engine.UPSTREAM_LATE("en", s=s), flush=True)
        return 1
    if state != "ready":
        return child.returncode if child.returncode is not None else 1
    config = uvicorn.Config(
        build_app(cfg), host=cfg.host, port=cfg.port, log_level="warning", access_log=False, timeout_graceful_shutdown=3
    )
    try:
        sock = config.bind_socket()  # bound before the "listening" line, so the line is true
    except SystemExit:
        engine.stop_upstream(child)
        print(engine.PORT_TAKEN("zh", port=cfg.port) + " / " + engine.PORT_TAKEN("en", port=cfg.port), flush=True)
        return 1
    server = uvicorn.Server(config)
    engine.watch_upstream(child, server)
    print(engine.gateway_line(cfg.host, cfg.port, cfg.guard), flush=True)
    try:
        server.run(sockets=[sock])
    finally:
        engine.stop_upstream(child)
    return child.returncode if child.returncode not in (None, 0, -15) else 0
