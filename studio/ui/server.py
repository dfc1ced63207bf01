"""The HTTP server around the Gradio app: a Host/Origin allow-list, login throttling, a health check.

Gradio is mounted inside our own FastAPI app so that every request passes these checks first:
- Host: loopback names, IP literals (a DNS-rebinding attack needs a domain name), and names the
  user lists in QIXI_ALLOWED_HOSTS. A loopback Host from a non-loopback client is a forgery.
- Origin (when a browser sends one): the same rule, so a foreign page cannot drive the API.
- POST /login: at most 10 failed attempts per minute per client address.
"""

from __future__ import annotations

import ipaddress
import json
import os
import threading
import time
from collections import defaultdict, deque
from urllib.parse import urlsplit

from studio.chat.deployments import is_loopback

MAX_FAILED_LOGINS = 10
LOGIN_WINDOW_S = 60.0


def _split_host(value: str) -> str:
    value = value.strip().lower()
    if value.startswith("["):  # [::1]:7860
        return value[1 : value.find("]")] if "]" in value else value
    if value.count(":") == 1:
        return value.rsplit(":", 1)[0]
    return value


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
        return True
    except ValueError:
        return False


def _is_loopback(host: str) -> bool:
    return is_loopback(host)


class RequestGuard:
    """Pure ASGI middleware (works for HTTP and WebSocket alike)."""

    def __init__(self, app, extra_hosts: set[str] | None = None):
        self.app = app
        env = {h.strip().lower() for h in os.environ.get("QIXI_ALLOWED_HOSTS", "").split(",") if h.strip()}
        self.extra = {h.lower() for h in (extra_hosts or set())} | env
        self.failures: dict[str, deque] = defaultdict(deque)
        self.lock = threading.Lock()

    def host_ok(self, host: str, client_is_loopback: bool) -> bool:
        if not host:
            return False
        if _is_loopback(host):
            return client_is_loopback
        return host in self.extra or _is_ip(host)

    def screen(self, scope) -> tuple[dict, str, tuple[int, str] | None]:
        """A request's headers and client address, and why it is refused (None: it may pass)."""
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        client = (scope.get("client") or ("", 0))[0]
        return headers, client, self.refusal(headers, client)

    def refusal(self, headers: dict, client: str) -> tuple[int, str] | None:
        """(status, why) when the Host or Origin header names a place this listener does not serve."""
        client_lb = _is_loopback(client) if client else False
        if not self.host_ok(_split_host(headers.get("host", "")), client_lb):
            return 421, "host not allowed"
        origin = headers.get("origin")
        if origin and origin != "null":
            o = urlsplit(origin)
            if o.scheme not in ("http", "https") or not self.host_ok((o.hostname or "").lower(), client_lb):
                return 403, "origin not allowed"
        return None

    async def __call__(self, scope, receive, send):
        if scope["type"] not in ("http", "websocket"):
            return await self.app(scope, receive, send)
        _, client, refused = self.screen(scope)
        if refused:
            return await _deny(scope, send, *refused)
        if (
            scope["type"] == "http"
            and scope.get("method") == "POST"
            and scope.get("path", "").rstrip("/").endswith("/login")
        ):
            return await self._login(scope, receive, send, client)
        return await self.app(scope, receive, send)

    async def _login(self, scope, receive, send, client: str):
        now = time.monotonic()
        with self.lock:
            q = self.failures[client]
            while q and now - q[0] > LOGIN_WINDOW_S:
                q.popleft()
            if len(q) >= MAX_FAILED_LOGINS:
                return await _deny(scope, send, 429, "too many failed logins: wait a minute")
        status = {}

        async def watch(message):
            if message["type"] == "http.response.start":
                status["code"] = message["status"]
            await send(message)

        await self.app(scope, receive, watch)
        if status.get("code", 500) >= 400:
            with self.lock:
                self.failures[client].append(time.monotonic())


async def _deny(scope, send, code: int, why: str):
    if scope["type"] == "websocket":
        return await send({"type": "websocket.close", "code": 1008})
    body = json.dumps({"error": why}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": code,
            "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())],
        }
    )
    await send({"type": "http.response.body", "body": body})


def create_app(demo, mount_kwargs: dict, extra_hosts: set[str] | None = None, ws=None):
    import fastapi
    import gradio as gr

    app = fastapi.FastAPI(docs_url=None, redoc_url=None, openapi_url=None)

    @app.get("/healthz")
    def healthz():
        return {"ok": True}

    if ws is not None:
        from studio.data import store
        from studio.jobs.pulse import PROGRESS_EVERY_S, fingerprint
        from studio.ui.shell import build_label_app
        from studio.ui.shell import mount_kwargs as label_kwargs

        # The labelling card on its own, before the studio's catch-all mount (studio/ui/shell.py).
        kw = {k: v for k, v in label_kwargs(ws).items() if k != "auth"}
        gr.mount_gradio_app(app, build_label_app(ws), path="/label", **kw)

        @app.get("/qixi/pulse")
        def pulse():
            # Opaque hashes: they say that something changed, never what (assets/pulse.js). Asked every 2 s
            # while a page is open, so it also sweeps uploads nobody imported (at most every 10 minutes).
            store.sweep_now_and_then(ws)
            state, progress = fingerprint(ws)
            return {"v": state, "p": progress, "every": PROGRESS_EVERY_S}

    app = gr.mount_gradio_app(app, demo, path="", **mount_kwargs)
    _served.update(app=app, ws=ws, auth=bool(mount_kwargs.get("auth")))
    return RequestGuard(app, extra_hosts)


# The studio's app, kept so that the Annotate tab can open a second listener on it (LanShare).
_served: dict = {}


def run(demo, host: str, port: int, mount_kwargs: dict, ws=None) -> None:
    import uvicorn

    extra = {host.lower()} if host not in ("0.0.0.0", "::") else set()
    asgi = create_app(demo, mount_kwargs, extra, ws)
    _served["port"] = port
    print(f"* Running on local URL:  http://{'127.0.0.1' if host in ('0.0.0.0', '::') else host}:{port}", flush=True)
    # An open page keeps a stream open for good: without a grace limit, Ctrl+C or SIGTERM waited on it forever.
    # One second: every other request (a label, a job's start) ends in milliseconds, and at 3 s every stop with a
    # page or client open took 3 s more (about 20 of the test suite's teardowns, 7 Dec 2026).
    uvicorn.run(
        asgi,
        host=host,
        port=port,
        log_level="warning",
        proxy_headers=False,
        server_header=False,
        timeout_graceful_shutdown=1,
    )


# ---------------------------------------------------------------------------------------------
# A second listener for phones on the same Wi-Fi (the Annotate tab's switch)

LAN_COOKIE = "qixi-lan"
LABEL_COOKIE = "qixi-label"
LOGIN_PAGE = """<!doctype html><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Qixi Studio</title><body style="font-family:system-ui,sans-serif;max-width:420px;margin:12vh auto;padding:0 18px">
<h2>💞 七夕工作室 · Qixi Studio</h2><p>{msg}</p>
<form method="post" action="/qixi/lan-login"><input type="password" name="password" autofocus
 style="font-size:18px;padding:10px;width:100%;box-sizing:border-box" placeholder="密码 · password">
<button style="margin-top:12px;font-size:18px;padding:10px 18px">进入 · Enter</button></form></body>"""
LOGIN_ASK = "请输入工作室的密码（在电脑上的“标注”页设置）。<br>Enter the studio's password (set on the computer's Annotate tab)."
LOGIN_WRONG = "密码不对，请再试一次。<br>Wrong password, try again."


class LanGuard(RequestGuard):
    """The guard of the LAN listener. On top of Host/Origin and the login throttle:
    - /label (the labelling card) opens with a partner's token only: `?annotator=TOKEN` is checked
      against the store and remembered in a cookie for the page's own requests; wrong tokens are
      throttled like passwords (at most MAX_FAILED_LOGINS a minute per address);
    - everything else is the studio and needs the password: Gradio's login when the studio was
      started with --password, otherwise the password set in the page (a small form of our own)."""

    def __init__(self, app, host: str, ws, password: str | None, gradio_auth: bool):
        super().__init__(app, {host})
        self.ws, self.password, self.gradio_auth = ws, password, gradio_auth
        self.secret = os.urandom(32)

    def _mac(self, value: str) -> str:
        import hashlib
        import hmac

        return hmac.new(self.secret, value.encode(), hashlib.sha256).hexdigest()

    def _throttled(self, client: str) -> bool:
        now = time.monotonic()
        with self.lock:
            q = self.failures[client]
            while q and now - q[0] > LOGIN_WINDOW_S:
                q.popleft()
            return len(q) >= MAX_FAILED_LOGINS

    def _failed(self, client: str) -> None:
        with self.lock:
            self.failures[client].append(time.monotonic())

    def _token_ok(self, token: str) -> bool:
        from studio.annotate import projects as annotate
        from studio.core import connections

        with connections.for_action(self.ws) as con:
            return annotate.annotator_by_token(con, token) is not None

    async def __call__(self, scope, receive, send):
        from http.cookies import SimpleCookie
        from urllib.parse import parse_qs

        if scope["type"] not in ("http", "websocket"):
            return await self.app(scope, receive, send)
        headers, client, refused = self.screen(scope)
        if refused:
            return await _deny(scope, send, *refused)
        if path_is_public(scope.get("path", "")):
            return await self.app(scope, receive, send)
        try:
            cookies = {k: m.value for k, m in SimpleCookie(headers.get("cookie", "")).items()}
        except Exception:  # a malformed Cookie header counts as none
            cookies = {}
        path = scope.get("path", "")
        if path == "/label" or path.startswith("/label/"):
            # The token from the link, or from the cookie the link's page got: checked on every request,
            # so a revoked or renewed link stops at once.
            given = (parse_qs(scope.get("query_string", b"").decode("latin-1")).get("annotator") or [""])[0]
            token = given or cookies.get(LABEL_COOKIE, "")
            if not token:
                return await _deny(scope, send, 403, "open your personal link")
            if self._throttled(client):
                return await _deny(scope, send, 429, "too many wrong links: wait a minute")
            if not self._token_ok(token):
                self._failed(client)
                return await _deny(scope, send, 403, "this link is not valid")
            return await self.app(scope, receive, _set_cookie(send, LABEL_COOKIE, token) if given else send)
        if self.gradio_auth:  # the studio was started with --password: Gradio's login, throttled
            if scope["type"] == "http" and scope.get("method") == "POST" and path.rstrip("/").endswith("/login"):
                return await self._login(scope, receive, send, client)
            return await self.app(scope, receive, send)
        if path == "/qixi/lan-login" and scope.get("method") == "POST":
            return await self._form_login(scope, receive, send, client)
        if cookies.get(LAN_COOKIE) == self._mac("studio"):
            return await self.app(scope, receive, send)
        if scope["type"] == "http" and scope.get("method") == "GET" and not path.startswith(("/gradio_api", "/qixi/")):
            return await _html(send, 401, LOGIN_PAGE.format(msg=LOGIN_ASK))
        return await _deny(scope, send, 401, "log in first")

    async def _form_login(self, scope, receive, send, client):
        from urllib.parse import parse_qs

        if self._throttled(client):
            return await _deny(scope, send, 429, "too many failed logins: wait a minute")
        body = b""
        while True:
            m = await receive()
            body += m.get("body", b"")
            if not m.get("more_body") or len(body) > 4096:
                break
        given = (parse_qs(body.decode("utf-8", "replace")).get("password") or [""])[0]
        import hmac

        if not self.password or not hmac.compare_digest(given.encode(), self.password.encode()):
            self._failed(client)
            return await _html(send, 401, LOGIN_PAGE.format(msg=LOGIN_WRONG))
        await send(
            {
                "type": "http.response.start",
                "status": 303,
                "headers": [
                    (b"location", b"/"),
                    (b"content-length", b"0"),
                    (b"set-cookie", f"{LAN_COOKIE}={self._mac('studio')}; Path=/; HttpOnly; SameSite=Strict".encode()),
                ],
            }
        )
        await send({"type": "http.response.body", "body": b""})


def path_is_public(path: str) -> bool:
    # What any Gradio page fetches before it knows who you are; nothing in it is yours.
    return path in ("/manifest.json", "/favicon.ico", "/healthz")


def _set_cookie(send, name: str, value: str):
    async def wrapped(message):
        if message["type"] == "http.response.start":
            message = {
                **message,
                "headers": [
                    *message.get("headers", []),
                    (b"set-cookie", f"{name}={value}; Path=/label; HttpOnly; SameSite=Strict".encode()),
                ],
            }
        await send(message)

    return wrapped


async def _html(send, code: int, text: str):
    body = text.encode("utf-8")
    await send(
        {
            "type": "http.response.start",
            "status": code,
            "headers": [(b"content-type", b"text/html; charset=utf-8"), (b"content-length", str(len(body)).encode())],
        }
    )
    await send({"type": "http.response.body", "body": body})


def lan_addresses() -> list[str]:
    """This computer's addresses that phones on the same network can reach, best first.
    QIXI_LAN_ADDRESS overrides the detection (tests use another loopback address, e.g. 127.0.0.2)."""
    import socket

    env = [a.strip() for a in os.environ.get("QIXI_LAN_ADDRESS", "").split(",") if a.strip()]
    if env:
        return env
    found = []
    try:  # the address of the default route: connecting a UDP socket sends no packet
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.connect(("192.0.2.1", 9))
            found.append(s.getsockname()[0])
    except OSError:
        pass
    try:
        found += [info[4][0] for info in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)]
    except OSError:
        pass
    return [a for a in dict.fromkeys(found) if ipaddress.ip_address(a).is_private and not _is_loopback(a)]


_lan: dict = {}
_lan_lock = threading.Lock()


def lan_status() -> str | None:
    """The base URL of the open LAN listener, or None."""
    return _lan.get("url")


def studio_has_password() -> bool:
    return bool(_served.get("auth"))


def lan_open(address: str, password: str | None = None, timeout: float = 15.0) -> str:
    """Open the second listener on `address` (same port as the studio when free); returns its base URL."""
    import uvicorn

    from studio.core.i18n import UserError

    address = (address or "").strip()
    if not _is_ip(address):
        raise UserError(
            f"“{address}” 不是这台电脑的 IP 地址（例如 192.168.1.23）。",
            f"“{address}” is not an IP address of this computer (e.g. 192.168.1.23).",
        )
    if not _served.get("app"):
        raise UserError(
            "工作室还没有完全启动，请稍后再试。", "The studio has not finished starting; try again shortly."
        )
    if not studio_has_password() and len(password or "") < 6:
        raise UserError(
            "请先设一个至少 6 位的密码：同一 Wi-Fi 下的人要输入它才能打开工作室（专属链接不需要）。",
            "Set a password of at least 6 characters first: others on the Wi-Fi need it to open the "
            "studio (personal links do not).",
        )
    with _lan_lock:
        if _lan.get("url"):
            return _lan["url"]
        guard = LanGuard(_served["app"], address, _served.get("ws"), password, studio_has_password())
        last_error = None
        for port in (_served.get("port") or 0, 0):
            config = uvicorn.Config(
                guard,
                host=address,
                port=port,
                log_level="warning",
                proxy_headers=False,
                server_header=False,
                lifespan="off",
                timeout_graceful_shutdown=1,
            )
            server = uvicorn.Server(config)
            thread = threading.Thread(target=_run_quietly, args=(server,), daemon=True, name="qixi-lan")
            thread.start()
            t0 = time.monotonic()
            while not server.started and thread.is_alive() and time.monotonic() - t0 < timeout:
                time.sleep(0.05)
            if server.started:
                real_port = server.servers[0].sockets[0].getsockname()[1]
                host = f"[{address}]" if ":" in address else address
                _lan.update(server=server, thread=thread, url=f"http://{host}:{real_port}", address=address)
                return _lan["url"]
            server.should_exit = True
            last_error = address
        raise UserError(
            f"没能在 {last_error} 上打开监听：这个地址可能不属于这台电脑，或端口被占用。",
            f"Could not listen on {last_error}: the address may not belong to this computer, or the port is taken.",
        )


def lan_close() -> bool:
    with _lan_lock:
        server, thread = _lan.get("server"), _lan.get("thread")
        _lan.clear()
    if server is None:
        return False
    server.should_exit = True
    thread.join(10)
    return True


def _run_quietly(server) -> None:
    try:
        server.run()
    except (SystemExit, OSError):  # the address cannot be bound: lan_open says so
        pass
