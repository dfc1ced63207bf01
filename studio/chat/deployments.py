"""Deployments: a local OpenAI-compatible server for one model and all its adapters, run as a job.

A deployment is a job of kind "deploy" (gpu=True: while it runs it holds the GPU, and training waits
in the queue). Its job row's `meta` says what it serves (model names, host, port, API key), so the
web page, the CLI and a restarted app all see the same thing. The web process only ever talks HTTP
to it (urllib, short timeouts); it never loads a model itself.

The job's process is the guarded gateway (studio.chat.gateway): clients reach ms-swift's server only
through it, at the address and port the person chose; ms-swift itself listens on a loopback port with
a private key. Turning the guard off is a setting of the deployment (`guard` in its meta), shown on
the deploy card, never a per-request switch.
"""

from __future__ import annotations

import ipaddress
import json
import os
import re
import secrets
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from studio.chat import conversations as chat
from studio.chat import gateway, guard, guard_judge
from studio.chat import persona as personas
from studio.core.i18n import Text, UserError
from studio.engine import deploy as engine
from studio.engine import swift
from studio.engine.metrics import tail
from studio.jobs.store import Job, Jobs, body_argv, new_id
from studio.models.registry import (
    ModelEntry,
    adapters_for,
    base_entry,
    get_model,
    list_models,
    parse_ref,
    trusts_code,
)

HEALTH_TIMEOUT_S = 1.5
DEFAULT_PORT = 8000
PORT_ENV = "QIXI_CHAT_PORT"  # where the search for a free chat-server port starts (several studios on one machine)
BACKENDS = engine.BACKENDS  # the inference backends a server can run on
GATEWAY_CONFIG = "gateway.json"


def first_port() -> int:
    """The first port tried for a chat server: $QIXI_CHAT_PORT when it is a usable port, else 8000."""
    value = os.environ.get(PORT_ENV, "")
    return int(value) if value.isdigit() and 1024 <= int(value) <= 65000 else DEFAULT_PORT


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _connect_host(host: str) -> str:
    """Where this machine reaches a server bound to `host` (a wildcard bind is reached on loopback)."""
    if host in ("0.0.0.0", ""):
        return "127.0.0.1"
    if host == "::":
        return "::1"
    return host


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host


@dataclass
class Deployment:
    """One deploy job, with what it serves."""

    job: Job
    base: str  # registry id of the served model
    served_name: str
    adapters: dict[str, str]  # model name -> adapter folder
    host: str
    port: int
    api_key: str | None
    backend: str
    gateway: bool = False  # served through the guarded gateway (every deployment since it exists)
    guard: bool = False  # the gateway checks messages (off only when the person turned it off)
    persona: str = ""

    @property
    def id(self) -> str:
        return self.job.id

    @property
    def models(self) -> list[str]:
        return [self.served_name, *self.adapters]

    @property
    def active(self) -> bool:
        return self.job.active

    @property
    def actual_port(self) -> int:
        """The port in the server's own log line when it has one (see engine.deploy.listening)."""
        found = engine.listening(tail(self.job.log_path, max_bytes=65536, max_lines=2000), self.gateway)
        return found[1] if found else self.port

    @property
    def base_url(self) -> str:
        return f"http://{_url_host(_connect_host(self.host))}:{self.actual_port}/v1"

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "status": self.job.status,
            "base": self.base,
            "models": self.models,
            "adapters": self.adapters,
            "host": self.host,
            "port": self.actual_port,
            "base_url": self.base_url,
            "api_key": self.api_key,
            "backend": self.backend,
            "guard": self.guard,
            "persona": self.persona,
        }

    @classmethod
    def from_job(cls, job: Job) -> Deployment:
        m = job.meta
        return cls(
            job,
            m.get("base", ""),
            m.get("served_name", ""),
            dict(m.get("adapters") or {}),
            m.get("host", "127.0.0.1"),
            int(m.get("port") or DEFAULT_PORT),
            m.get("api_key"),
            m.get("backend", "transformers"),
            bool(m.get("gateway")),
            bool(m.get("guard")),
            m.get("persona") or "",
        )


# ------------------------------------------------------------------------------------- planning


def model_name(text: str) -> str:
    """A model name clients can type: letters, digits, . _ - (at most 64)."""
    name = re.sub(r"[^A-Za-z0-9._-]+", "-", text).strip("-._")[:64]
    return name or "model"


def adapter_name(entry: ModelEntry, step: int | None = None) -> str:
    """A run's adapter is named after its method and job id's random tail: `dpo-1a2b3c`; a checkpoint
    other than the newest gets its step: `dpo-1a2b3c-50`."""
    if entry.is_run:
        tailpart = entry.id.rsplit("-", 1)[-1]
        name = f"{entry.method or entry.kind}-{tailpart}"
        if step is not None and entry.checkpoints and step != entry.checkpoints[-1].step:
            name += f"-{step}"
        return model_name(name)
    return model_name(entry.id.rsplit("/", 1)[-1])


@dataclass
class DeployRequest:
    """What the person chose: a model (or a run), which adapters to add, and where to listen."""

    model: str  # registry id, or RUN[@STEP]
    adapters: list[str] | None = None  # RUN[@STEP] refs; None = every adapter of the base
    host: str = "127.0.0.1"
    port: int | None = None  # None = the first free port from 8000
    api_key: str | None = None
    backend: str = "transformers"
    max_new_tokens: int = 512
    names: dict[str, str] = field(default_factory=dict)  # ref -> model name, to override the default
    guard: bool = True  # the safety guard on every request (see studio.chat.gateway)
    persona: str = ""  # a saved persona: its system prompt when a client sends none
    ceiling: float = 0.8  # the guard's intensity ceiling for replies (studio.chat.guard)
    keywords: tuple[str, ...] = ()  # blocked words, either side


def plan(ws, req: DeployRequest, jobs: Jobs | None = None) -> tuple[engine.ServeSpec, str]:
    """The ms-swift deploy spec for a request, and the registry id of the served base."""
    entries = list_models(ws, jobs)
    entry = get_model(ws, req.model, jobs)
    _, step = parse_ref(req.model)
    chosen: list[tuple[ModelEntry, int | None]] = []
    if entry.is_adapter:
        base = base_entry(ws, entry, entries)
        chosen.append((entry, step))
        if base is None:  # trained on a model outside the workspace (e.g. a hub id)
            b, _ = entry.weights(step)
            base_model, base_id, served = b, entry.base_path or "", model_name(Path(entry.base_path or "base").name)
        else:
            base_model, base_id, served = base.weights()[0], base.id, model_name(base.id)
    else:
        base_model, _ = entry.weights(step)
        base_id, served = entry.id, model_name(entry.id.rsplit("/", 1)[-1])
        if entry.is_run:  # a full fine-tune's checkpoint is a model of its own
            ckpt = entry.checkpoint(step)
            served = model_name(f"{entry.method or entry.kind}-{entry.id.rsplit('-', 1)[-1]}-{ckpt.step}")
        base = entry
    if req.adapters is None:
        if base is not None:
            chosen += [(e, None) for e in adapters_for(entries, base) if all(e.id != c.id for c, _ in chosen)]
    else:
        for ref in req.adapters:
            rid, rstep = parse_ref(ref)
            a = get_model(ws, rid, jobs)
            if not a.is_adapter:
                raise UserError(
                    f"“{a.name}”不是 LoRA 适配器，不能作为适配器加载；请单独部署它。",
                    f"“{a.name}” is not a LoRA adapter and cannot be loaded as one; deploy it on its own.",
                )
            if not any(a.id == c.id and rstep == s for c, s in chosen):
                chosen.append((a, rstep))
    adapters: dict[str, str] = {}
    for a, s in chosen:
        if not a.checkpoints and a.kind != "adapter":
            continue  # a run that has not saved yet has nothing to serve
        if a.base_path and not _same_base(a, base_model.model):
            raise UserError(
                f"“{a.name}”是在另一个基础模型上训练的，不能和 {served} 一起部署。",
                f"“{a.name}” was trained on a different base model and cannot be served with {served}.",
            )
        name = req.names.get(a.id) or adapter_name(a, s)
        if name in adapters or name == served:
            name = f"{name}-{len(adapters) + 1}"
        _, path = a.weights(s)
        adapters[name] = str(path)
    ranks = [r for r in (engine.adapter_rank(Path(p)) for p in adapters.values()) if r]
    spec = engine.ServeSpec(
        base=base_model,
        served_name=served,
        adapters=adapters,
        host=req.host,
        port=req.port or DEFAULT_PORT,
        api_key=req.api_key or None,
        backend=req.backend,
        max_new_tokens=req.max_new_tokens,
        lora_rank=max(ranks) if ranks else None,
    )
    if (why := engine.serve_problem(spec, [a.id for a, _ in chosen if a.is_run])) is not None:
        raise UserError(why)
    return spec, base_id


def _same_base(a: ModelEntry, model: str) -> bool:
    try:
        return Path(a.base_path).resolve() == Path(model).resolve()
    except (OSError, TypeError):
        return a.base_path == model


# An IPv4/IPv6 address or a host name: anything else would only fail once ms-swift tries to listen.
_HOST = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9.-]{0,252})|[0-9A-Fa-f:.]{2,45}|\[[0-9A-Fa-f:.]{2,45}\]")


def check_request(req: DeployRequest) -> None:
    host = (req.host or "").strip()
    if not host:
        raise UserError(
            "请填写监听地址，例如 127.0.0.1（只允许本机访问）。",
            "Fill in the address to listen on, for example 127.0.0.1 (this computer only).",
        )
    if not _HOST.fullmatch(host):
        raise UserError(
            f"监听地址 {host!r} 不是 IP 地址或主机名，例如 127.0.0.1、0.0.0.0 或 my-pc.local。",
            f"The address {host!r} is not an IP address or host name, e.g. 127.0.0.1, 0.0.0.0 or my-pc.local.",
        )
    if not is_loopback(host) and not req.api_key:
        raise UserError(
            f"在 {host} 上提供服务时，局域网里的其他人也能用它：请设置 API 密钥，或改回 127.0.0.1。",
            f"Serving on {host} lets others on the network use it: set an API key, or go back to 127.0.0.1.",
        )
    if req.port is not None and not 1024 <= int(req.port) <= 65535:
        raise UserError(
            f"端口 {req.port} 不可用：请填 1024 到 65535 之间的数字，例如 8000。",
            f"Port {req.port} cannot be used: give a number from 1024 to 65535, for example 8000.",
        )
    if req.port is not None and not engine.port_free(int(req.port)):
        raise UserError(
            f"端口 {req.port} 已被占用：请换一个端口，或先停止占用它的服务。",
            f"Port {req.port} is already in use: choose another port or stop what is using it.",
        )
    if (why := engine.backend_problem(req.backend)) is not None:
        raise UserError(why)
    if not 1 <= int(req.max_new_tokens) <= 32768:
        raise UserError(
            "单次回复的最大长度应在 1 到 32768 个 token 之间。", "The longest reply must be between 1 and 32768 tokens."
        )


# ----------------------------------------------------------------------------------- start / stop


def start(ws, req: DeployRequest, jobs: Jobs | None = None) -> Deployment:
    """Start serving (a "deploy" job). Refused while another deployment is up: stop that one first."""
    jobs = jobs or Jobs(ws)
    check_request(req)
    running = current(ws, jobs)
    if running is not None:
        raise UserError(
            f"已经有一个聊天服务在运行（{', '.join(running.models)}，端口 {running.actual_port}）："
            "请先停止它，再启动新的。",
            f"A chat server is already running ({', '.join(running.models)}, port "
            f"{running.actual_port}): stop it before starting another.",
        )
    if req.port is None:
        req.port = engine.free_port(first_port())
    card = personas.load_persona(ws, req.persona) if req.persona else None
    system = card.system_prompt() if card else ""
    settings = guard.GuardSettings(req.ceiling, tuple(req.keywords))  # refused here when out of range
    spec, base_id = plan(ws, req, jobs)
    trust = trusts_code(ws, spec.base.model)
    swift.check_code(spec.base.model, trust)  # before anything is written
    job_id = new_id("deploy")
    job_dir = ws.runs / job_id
    job_dir.mkdir(parents=True, exist_ok=True)
    # ms-swift answers only the gateway: loopback, a port of its own, a private key.
    spec.host, spec.api_key = "127.0.0.1", gateway.new_upstream_key()
    spec.port = req.port + 1  # a hint: the gateway picks a free port when the job starts (studio.chat.gateway.main)
    cfg = gateway.GatewayConfig(
        upstream=f"http://127.0.0.1:{spec.port}/v1",
        upstream_key=spec.api_key,
        host=req.host,
        port=req.port,
        upstream_config=str(job_dir / engine.CONFIG),
        upstream_port_from=spec.port,
        api_key=req.api_key or None,
        guard=bool(req.guard),
        system=system,
        memory_db=str(ws.db_path),
        memory_persona=card.bot_name if card else "",
        ceiling=settings.ceiling,
        keywords=list(settings.keywords),
        upstream_argv=engine.write(job_dir, spec, trust),
        upstream_env=dict(swift.OFFLINE_ENV),
        judge_model=str(guard_judge.workspace_folder(ws) or ""),
    )
    cfg.save(job_dir / GATEWAY_CONFIG)
    argv = body_argv("deploy", job_dir / GATEWAY_CONFIG)
    meta = {
        "base": base_id,
        "served_name": spec.served_name,
        "adapters": spec.adapters,
        "host": req.host,
        "port": req.port,
        "api_key": req.api_key or None,
        "backend": spec.backend,
        "gateway": True,
        "guard": bool(req.guard),
        "persona": req.persona,
    }
    # Stored once and shown in either language: names and numbers only.
    title = f"{spec.served_name} (+{len(spec.adapters)} LoRA) @ {req.host}:{req.port}" + (
        "" if req.guard else " (guard off)"
    )
    job = jobs.submit(
        "deploy", argv, run_dir=job_dir, title=title, gpu=True, env=dict(swift.OFFLINE_ENV), meta=meta, job_id=job_id
    )
    return Deployment.from_job(job)


def list_deployments(ws, jobs: Jobs | None = None, limit: int = 20) -> list[Deployment]:
    jobs = jobs or Jobs(ws)
    return [Deployment.from_job(j) for j in jobs.list(kinds=("deploy",), limit=limit)]


def current(ws, jobs: Jobs | None = None) -> Deployment | None:
    """The deployment that is queued, starting or running (the newest one), if any."""
    for d in list_deployments(ws, jobs):
        if d.active:
            return d
    return None


def last_failure(ws, jobs: Jobs | None = None) -> Text | None:
    """Why the newest deployment failed, when it did (shown next to the grey light)."""
    deps = list_deployments(ws, jobs, limit=1)
    if deps and deps[0].job.status == "failed":
        return deps[0].job.reason or Text(
            "聊天服务没有启动成功，原因见任务日志。", "The chat server did not start; see the job's log for why."
        )
    return None


def stop(ws, deployment_id: str | None = None, jobs: Jobs | None = None) -> Deployment | None:
    """Stop a deployment (by default the current one); its port is free when this returns."""
    jobs = jobs or Jobs(ws)
    dep = Deployment.from_job(jobs.get(deployment_id)) if deployment_id else current(ws, jobs)
    if dep is None:
        return None
    if dep.job.kind != "deploy":
        raise UserError(f"任务 {dep.id} 不是聊天服务。", f"Job {dep.id} is not a chat server.")
    return Deployment.from_job(jobs.stop(dep.id))


# --------------------------------------------------------------------------------------- health


@dataclass
class Health:
    ok: bool
    models: list[str] = field(default_factory=list)
    error: str | None = None
    latency_ms: float | None = None

    def to_dict(self) -> dict:
        return {"ok": self.ok, "models": self.models, "error": self.error, "latency_ms": self.latency_ms}


def probe(base_url: str, api_key: str | None = None, timeout: float = HEALTH_TIMEOUT_S) -> Health:
    """GET /v1/models with a short timeout: is the server up, and what does it serve?"""
    req = urllib.request.Request(base_url.rstrip("/") + "/models")
    if api_key:
        req.add_header("Authorization", f"Bearer {api_key}")
    t0 = time.monotonic()
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            data = json.loads(resp.read().decode("utf-8"))
    except (urllib.error.URLError, OSError, ValueError) as e:
        return Health(False, error=str(getattr(e, "reason", e)))
    ids = [m.get("id") for m in data.get("data", []) if isinstance(m, dict)]
    return Health(True, ids, latency_ms=round((time.monotonic() - t0) * 1000, 1))


def health(dep: Deployment | None, timeout: float = HEALTH_TIMEOUT_S) -> Health:
    if dep is None or not dep.active:
        return Health(False, error="not running")
    h = probe(dep.base_url, dep.api_key, timeout)
    # The port was free when the deployment was submitted; until its own server listens, another one (a second
    # studio on this machine) may answer there. A server serving none of our names is not ours.
    if h.ok and h.models and dep.served_name and not set(dep.models) & set(h.models):
        return Health(False, error=f"another server answers on port {dep.actual_port}: {', '.join(h.models[:3])}")
    return h


def wait_ready(ws, dep: Deployment, timeout: float = 300, jobs: Jobs | None = None, poll: float = 0.5) -> Deployment:
    """Wait until the server answers (or its job ends). Raises UserError with the job's reason if it died."""
    jobs = jobs or Jobs(ws)
    deadline = time.monotonic() + timeout
    while True:
        dep = Deployment.from_job(jobs.get(dep.id))
        if not dep.active:
            reason = dep.job.reason or Text(
                "聊天服务没有启动成功，原因见任务日志。", "The chat server did not start; see the job's log for why."
            )
            raise UserError(reason)
        if dep.job.status == "running" and health(dep).ok:
            return dep
        if time.monotonic() > deadline:
            busy = jobs.running_gpu_job() if dep.job.status == "queued" else None
            if busy is not None:
                raise UserError(
                    f"聊天服务还在排队：显卡正被任务 {busy.id}（{busy.title or busy.kind}）占用。"
                    "等它结束，或在“任务”页停止它。",
                    f"The chat server is still queued: the GPU is busy with job {busy.id} "
                    f"({busy.title or busy.kind}). Wait for it to finish or stop it on the Jobs tab.",
                )
            raise UserError(
                f"聊天服务 {timeout:.0f} 秒内没有就绪：请在“任务”页查看它的日志。",
                f"The chat server was not ready within {timeout:.0f} s: look at its log on the Jobs tab.",
            )
        if dep.job.status == "queued":
            jobs.tick()
        time.sleep(poll)


STATE_TEXT = {
    "ready": Text("🟢 服务就绪", "🟢 ready"),
    "starting": Text("🟡 正在加载模型…", "🟡 loading the model…"),
    "queued": Text("⏳ 排队中：等显卡空出来", "⏳ queued: waiting for the GPU"),
    "down": Text("⚪ 没有运行", "⚪ not running"),
    "unreachable": Text("🔴 进程在运行，但连不上", "🔴 running but not answering"),
}


def state(dep: Deployment | None, h: Health | None = None) -> str:
    """ready | starting | queued | down | unreachable (for the health indicator)."""
    if dep is None or not dep.active:
        return "down"
    if dep.job.status == "queued":
        return "queued"
    h = h or health(dep)
    if h.ok:
        return "ready"
    # The server listens only once the model is loaded; before its log says so, it is still starting.
    return (
        "starting"
        if engine.listening(tail(dep.job.log_path, max_bytes=65536, max_lines=2000), dep.gateway) is None
        else "unreachable"
    )


def endpoint(dep: Deployment) -> chat.Endpoint:
    """How the studio's own clients (Playground, side by side, `qixi chat`) talk to a deployment: its address,
    key, and how much its model reads at once, so a long chat is trimmed to fit (studio.chat.conversations.fit)."""
    found = engine.context(dep.job.run_dir)
    window = chat.Window(found[0], str(found[1]) if found[1] else None) if found else None
    return chat.Endpoint(dep.base_url, dep.api_key, window)


def unserved_runs(ws, dep: Deployment | None, jobs: Jobs | None = None) -> list[ModelEntry]:
    """Trained runs (LoRA adapters) of the deployment's base that it does not serve: what a side-by-side
    comparison could add by serving the base with every adapter."""
    if dep is None:
        return []
    entries = list_models(ws, jobs)
    base = comparison_base(entries, dep)
    if base is None:
        return []
    served = {str(Path(p).resolve()) for p in dep.adapters.values()} if base.id == dep.base else set()
    return [
        e
        for e in adapters_for(entries, base)
        if (e.checkpoints or e.kind == "adapter") and str(Path(e.weights()[1]).resolve()) not in served
    ]


def comparison_base(entries: list[ModelEntry], dep: Deployment) -> ModelEntry | None:
    """The base model whose runs a comparison can serve: the served model itself, or, for a merged, quantized
    or exported model, the base it was made from (its card says which), where the runs were trained."""
    served = next((e for e in entries if e.id == dep.base and not e.is_adapter and not e.is_run), None)
    if served is None or served.kind == "base":
        return served
    origin = ((served.card or {}).get("base") or {}).get("id")
    return next((e for e in entries if e.id == origin and e.kind == "base"), served)


def serve_all_runs(ws, jobs: Jobs | None = None) -> Deployment:
    """Restart the running chat server as its base model with every trained run as an adapter, each under its
    own name (the same host, key, guard and persona), so the side by side can compare them all."""
    jobs = jobs or Jobs(ws)
    dep = current(ws, jobs)
    if dep is None:
        raise UserError(
            "没有正在运行的聊天服务：请先在“模型与导出”页启动它。",
            "No chat server is running: start it on the Models & Export tab first.",
        )
    cfg = gateway.GatewayConfig.load(dep.job.run_dir / GATEWAY_CONFIG)
    base = comparison_base(list_models(ws, jobs), dep)
    req = DeployRequest(
        model=base.id if base is not None else dep.base,
        adapters=None,
        host=dep.host,
        port=dep.port,
        api_key=dep.api_key,
        backend=dep.backend,
        guard=dep.guard,
        persona=dep.persona,
        ceiling=cfg.ceiling,
        keywords=tuple(cfg.keywords),
    )
    plan(ws, req, jobs)  # a plan that cannot work is refused before the running server is stopped
    stop(ws, dep.id, jobs)
    # The same port when the system lets it go in time (closed connections can hold it for a minute), else the
    # next free one: the health card and the API examples show the new address.
    deadline = time.monotonic() + 5
    while not engine.port_free(dep.port) and time.monotonic() < deadline:
        time.sleep(0.2)
    req.port = dep.port if engine.port_free(dep.port) else None
    return start(ws, req, jobs)


# ------------------------------------------------------------------------------------- examples


def explain(dep: Deployment | None, err: UserError) -> UserError:
    """A failed reply, explained from the server's log when it says why (e.g. a conversation too long)."""
    if dep is not None:
        why = engine.request_failure(tail(dep.job.log_path, max_bytes=65536, max_lines=400))
        if why is not None:
            return UserError(why)
    return err


def examples(dep: Deployment, model: str | None = None) -> dict[str, str]:
    """Copy-paste snippets for curl and the `openai` Python package."""
    model = model or (dep.models[-1] if dep.models else "model")
    key = dep.api_key or "EMPTY"
    auth = f" \\\n  -H 'Authorization: Bearer {key}'" if dep.api_key else ""
    body = json.dumps(
        {
            "model": model,
            "messages": [{"role": "user", "content": "今天好累呀"}],
            "temperature": 0.7,
            "max_tokens": 256,
        },
        ensure_ascii=False,
    )
    curl = f"curl {dep.base_url}/chat/completions \\\n  -H 'Content-Type: application/json'{auth} \\\n  -d '{body}'"
    python = (
        "from openai import OpenAI\n\n"
        f'client = OpenAI(base_url="{dep.base_url}", api_key="{key}")\n'
        "stream = client.chat.completions.create(\n"
        f'    model="{model}",\n'
        '    messages=[{"role": "user", "content": "今天好累呀"}],\n'
        "    temperature=0.7, max_tokens=256, stream=True,\n"
        ")\n"
        "for chunk in stream:\n"
        "    if chunk.choices and chunk.choices[0].delta.content:\n"
        '        print(chunk.choices[0].delta.content, end="", flush=True)\n'
    )
    return {"curl": curl, "python": python}


def new_api_key() -> str:
    return "qixi-" + secrets.token_urlsafe(24)
