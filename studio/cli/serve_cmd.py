"""qixi serve: start the studio in the browser (127.0.0.1:7860 by default)."""

from __future__ import annotations

import os
import threading

from studio.chat.deployments import is_loopback
from studio.core.i18n import UserError

DEFAULT_PORT = 7860


def add_parser(sub) -> None:
    common = [sub.common] if hasattr(sub, "common") else []
    p = sub.add_parser("serve", parents=common, help="start the web studio / 启动网页工作室")
    p.add_argument("--host", default=os.environ.get("QIXI_HOST", "127.0.0.1"))
    p.add_argument("--port", type=int, default=int(os.environ.get("QIXI_PORT", DEFAULT_PORT)))
    p.add_argument(
        "--password", default=os.environ.get("QIXI_PASSWORD"), help="required when listening on anything but loopback"
    )
    p.set_defaults(func=cmd_serve)


def check_exposure(host: str, password: str | None) -> None:
    if not is_loopback(host) and not password:
        raise UserError(
            f"拒绝在 {host} 上启动：这样局域网里的其他人也能打开工作室、看到你们的聊天记录。"
            "请加上 --password 设置密码（或设置环境变量 QIXI_PASSWORD），或者只在本机使用（--host 127.0.0.1）。",
            f"Refusing to listen on {host}: others on the network could open the studio and read your chats. "
            "Add --password (or set QIXI_PASSWORD), or stay on this computer only (--host 127.0.0.1).",
        )


def cmd_serve(args, ws) -> None:
    check_exposure(args.host, args.password)
    # Uploads land inside the workspace (and nowhere else); no telemetry.
    os.environ.setdefault("GRADIO_TEMP_DIR", str(ws.tmp / "gradio"))
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    from studio.jobs.store import Jobs
    from studio.ui import server
    from studio.ui.shell import build_app, mount_kwargs

    jobs = Jobs(ws)
    settled = jobs.reconcile()
    if settled:
        print(f"[qixi] jobs reconciled: {settled}", flush=True)
    _start_scheduler(ws)
    demo = build_app(ws)
    auth = ("qixi", args.password) if args.password else None
    print(f"[qixi] workspace: {ws.root}", flush=True)
    demo.queue(default_concurrency_limit=8)
    server.run(demo, args.host, args.port, {**mount_kwargs(ws), "auth": auth}, ws)


def _start_scheduler(ws) -> None:
    """Start queued jobs when the GPU frees up (supervisors also do this when they end)."""
    from studio.jobs.store import Jobs

    def loop():
        jobs = Jobs(ws)
        while not stop.wait(2.0):
            try:
                jobs.tick()
            except Exception:  # a locked db for a moment must not kill the loop
                pass

    stop = threading.Event()
    threading.Thread(target=loop, daemon=True, name="qixi-scheduler").start()
