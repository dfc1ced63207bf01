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

from studio.serve import is_loopback

MAX_FAILED_LOGINS = 10
LOGIN_WINDOW_S = 60.0


def _split_host(value: str) -> str:
    value = value.strip().lower()
    if value.startswith("["):                 # [::1]:7860
        return value[1:value.find("]")] if "]" in value else value
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

    async def __call__(self, scope, receive, send):
        if scope["type"] not in ("http", "websocket"):
            return await self.app(scope, receive, send)
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        client = (scope.get("client") or ("", 0))[0]
        client_lb = _is_loopback(client) if client else False
        if not self.host_ok(_split_host(headers.get("host", "")), client_lb):
            return await _deny(scope, send, 421, "host not allowed")
        origin = headers.get("origin")
        if origin and origin != "null":
            o = urlsplit(origin)
            if o.scheme not in ("http", "https") or not self.host_ok((o.hostname or "").lower(), client_lb):
                return await _deny(scope, send, 403, "origin not allowed")
        if scope["type"] == "http" and scope.get("method") == "POST" and scope.get("path", "").rstrip("/").endswith(
                "/login"):
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
    await send({"type": "http.response.start", "status": code,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


def create_app(demo, mount_kwargs: dict, extra_hosts: set[str] | None = None, ws=None):
    import fastapi
    import gradio as gr

    app = fastapi.FastAPI(docs_url=None, redoc_url=None, openapi_url=None)

    @app.get("/healthz")
    def healthz():
        return {"ok": True}

    if ws is not None:
        from studio.pulse import fingerprint

        @app.get("/qixi/pulse")
        def pulse():
            # An opaque hash: it says that something changed, never what (assets/pulse.js).
            return {"v": fingerprint(ws)}

    app = gr.mount_gradio_app(app, demo, path="", **mount_kwargs)
    return RequestGuard(app, extra_hosts)


def run(demo, host: str, port: int, mount_kwargs: dict, ws=None) -> None:
    import uvicorn

    extra = {host.lower()} if host not in ("0.0.0.0", "::") else set()
    asgi = create_app(demo, mount_kwargs, extra, ws)
    print(f"* Running on local URL:  http://{'127.0.0.1' if host in ('0.0.0.0', '::') else host}:{port}", flush=True)
    uvicorn.run(asgi, host=host, port=port, log_level="warning", proxy_headers=False, server_header=False)
