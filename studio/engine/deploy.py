"""ms-swift `deploy`: an OpenAI-compatible server for one model and its LoRA adapters.

The only place that knows `swift deploy`'s flag names (swift/arguments/deploy_args.py) and what its
log says once it listens. One adapter = one model name (`adapters: [name=path, ...]`); the base is
served under `served_model_name`.
"""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from studio.core.i18n import Text
from studio.engine import swift
from studio.engine.export import LOAD_PACKAGES, Base, cuda_available, installed

CONFIG = swift.CONFIG
BACKENDS = ("transformers", "vllm", "lmdeploy")
# Accelerated backends are separate packages and run on CUDA only; transformers runs anywhere.
BACKEND_PACKAGE = {"vllm": "vllm", "lmdeploy": "lmdeploy"}
NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
_LISTENING = re.compile(r"Uvicorn running on https?://(\S+?):(\d+)")
# The guarded gateway's own line (studio.chat.gateway): printed once its socket is bound. In a gateway
# deployment ms-swift's "Uvicorn running" line is the private upstream's, so only this line counts.
_GATEWAY = re.compile(r"\[qixi-gateway\] listening on https?://(\S+?):(\d+)")
PORT_TAKEN = Text(
    "[qixi-gateway] 端口 {port} 已被占用：请换一个端口再启动聊天服务。",
    "[qixi-gateway] Port {port} is already in use: start the chat server on another port.",
)
_TOO_LONG = re.compile(r"MaxLengthError: Current length of row\((\d+)\) is larger than the max_length\((\d+)\)")


@dataclass
class ServeSpec:
    base: Base
    served_name: str  # the model name of the base itself
    adapters: dict[str, str] = field(default_factory=dict)  # model name -> adapter folder
    host: str = "127.0.0.1"
    port: int = 8000
    api_key: str | None = None
    backend: str = "transformers"
    max_new_tokens: int = 512
    lora_rank: int | None = None  # the largest rank among the adapters


# vLLM reserves LoRA memory for a fixed largest rank and accepts only these values for it (vllm LoRAConfig);
# ms-swift passes 16 unless told, so an adapter of rank 32 (the 80gb preset) would be refused at load.
VLLM_LORA_RANKS = (8, 16, 32, 64, 128, 256, 320, 512)


def vllm_lora_rank(rank: int) -> int:
    """The smallest rank limit vLLM accepts that holds an adapter of `rank`."""
    return next((r for r in VLLM_LORA_RANKS if r >= rank), VLLM_LORA_RANKS[-1])


def adapter_rank(folder: Path) -> int | None:
    """A LoRA adapter's rank from its adapter_config.json (the largest, where some layers differ)."""
    try:
        cfg = json.loads((Path(folder) / "adapter_config.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    ranks = [cfg.get("r")] + list((cfg.get("rank_pattern") or {}).values())
    ranks = [int(r) for r in ranks if isinstance(r, (int, float))]
    return max(ranks) if ranks else None


def quant_method(model: str) -> str | None:
    """The quantisation a model folder's config.json declares (awq, gptq, bitsandbytes...), or None."""
    try:
        cfg = json.loads((Path(model) / "config.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    q = cfg.get("quantization_config") if isinstance(cfg, dict) else None
    return str(q.get("quant_method")) if isinstance(q, dict) and q.get("quant_method") else None


def serve_problem(spec: ServeSpec, adapter_runs: list[str] = ()) -> Text | None:
    """A rule of the chosen backend that this model and these adapters break, said with a way out (or None).
    `adapter_runs`: the runs the adapters come from, named in the advice to merge."""
    if spec.backend == "lmdeploy" and spec.adapters:
        runs = " / ".join(adapter_runs) or "RUN"
        return Text(
            f"LmDeploy 后端不加载 LoRA 适配器（ms-swift 4.6 不把适配器交给它，会悄悄用基础模型回答）。"
            f"请先合并：qixi export merge --run {runs}（或在“模型”页点“合并”），再用 LmDeploy 部署合并好的模型；"
            "也可以改用 vllm 或 transformers 后端直接加载适配器。",
            f"The LmDeploy backend loads no LoRA adapters (ms-swift 4.6 does not pass them to it, so it would "
            f"quietly answer as the base model). Merge first: qixi export merge --run {runs} (or “Merge” on the "
            "Models tab), then serve the merged model with LmDeploy; or use the vllm or transformers backend, "
            "which load adapters.",
        )
    method = quant_method(spec.base.model)
    need = " ".join(p for p in LOAD_PACKAGES.get(method or "", ()) if not installed(p))
    if need and spec.backend == "transformers":
        return Text(
            f"这个模型是 {method.upper()} 量化的，transformers 要装了 {need} 才能加载它（pip install {need}），"
            "装好后重启工作室；也可以部署合并后未量化的模型，或 bitsandbytes 4-bit 的版本。",
            f"This model is {method.upper()}-quantised and transformers loads it only with {need} installed "
            f"(pip install {need}); then restart the studio. Or serve the merged unquantised model, or its "
            "bitsandbytes 4-bit version.",
        )
    return None


def deploy_config(spec: ServeSpec) -> dict:
    vllm_lora = spec.backend == "vllm" and bool(spec.adapters)
    return {
        "model": spec.base.model,
        "model_type": spec.base.model_type,
        "template": spec.base.template,
        "served_model_name": spec.served_name,
        "adapters": [f"{name}={path}" for name, path in spec.adapters.items()] or None,
        "infer_backend": spec.backend,
        "host": spec.host,
        "port": spec.port,
        "api_key": spec.api_key or None,
        "max_new_tokens": spec.max_new_tokens,
        # Requests (the couple's chats) stay out of the log; throughput is logged once a minute.
        "verbose": False,
        "log_interval": 60,
        **({"vllm_max_lora_rank": vllm_lora_rank(spec.lora_rank or 16)} if vllm_lora else {}),
    }


def write(job_dir: Path, spec: ServeSpec, trust_code: bool = False) -> list[str]:
    return swift.argv("deploy", swift.write_config(Path(job_dir) / CONFIG, deploy_config(spec), trust_code))


def listening(log_text: str, gateway: bool = False) -> tuple[str, int] | None:
    """(host, port) the server reports it listens on, from its log (ms-swift moves to the next free
    port when the one asked for is taken, so the log is the truth). `gateway`: a guarded deployment,
    whose clients' port is the gateway's."""
    found = (_GATEWAY if gateway else _LISTENING).findall(log_text)
    if not found:
        return None
    host, port = found[-1]
    return host.strip("[]"), int(port)


def request_failure(log_text: str) -> Text | None:
    """Why the server's last request failed, from its log (what the web page cannot see over HTTP)."""
    found = _TOO_LONG.findall(log_text)
    if found:
        length, limit = found[-1]
        return Text(
            f"对话太长了：模型一次最多读 {limit} 个 token，这次有 {length} 个。请开始新对话，或把人设 / 系统提示词写短一些。",
            f"The conversation is too long: the model reads at most {limit} tokens at once and this one has "
            f"{length}. Start a new chat, or shorten the persona / system prompt.",
        )
    return None


# ms-swift's template refuses a prompt longer than its `max_length`, which deploy leaves at the model's own
# length: the smallest of these config.json keys, each read at the top or else in the language model's part
# (swift/utils/hf_config.py: get_max_model_len, get_config_attr, llm_keys).
_LENGTH_KEYS = (
    "seq_length",
    "max_position_embeddings",
    "n_positions",
    "model_max_length",
    "seq_len",
    "max_seq_len",
    "max_sequence_length",
    "max_seq_length",
)
_LLM_PARTS = ("language_config", "llm_config", "text_config")


def _lengths(cfg: dict) -> list[int]:
    parts = [cfg] + [cfg[k] for k in _LLM_PARTS if isinstance(cfg.get(k), dict)]
    found = []
    for key in _LENGTH_KEYS:
        value = next((p[key] for p in parts if key in p), None)
        if isinstance(value, int) and value > 0:
            found.append(value)
    return found


def context(job_dir: Path) -> tuple[int, Path | None] | None:
    """(the most tokens the deployed server reads at once, the served model's tokenizer.json or None), from the
    deploy config this studio wrote; None when the model is not a local folder (a hub id) or says no length."""
    cfg = swift.read_config(Path(job_dir) / CONFIG)
    folder = Path(str(cfg.get("model") or ""))
    if not cfg.get("model") or not folder.is_dir():
        return None
    try:
        model_cfg = json.loads((folder / "config.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        model_cfg = {}
    model_cfg = model_cfg if isinstance(model_cfg, dict) else {}
    limits = [int(cfg["max_length"])] if isinstance(cfg.get("max_length"), int) else _lengths(model_cfg)
    if not limits:
        return None
    tok = folder / "tokenizer.json"
    return min(limits), (tok if tok.is_file() else None)


def port_free(port: int) -> bool:
    """Whether `port` can be bound on every interface - the test ms-swift itself makes."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        try:
            s.bind(("", port))
        except OSError:
            return False
    return True


def free_port(start: int = 8000, tries: int = 200) -> int:
    for port in range(start, start + tries):
        if port_free(port):
            return port
    with socket.socket() as s:  # anything the OS gives
        s.bind(("", 0))
        return s.getsockname()[1]


def backend_problem(backend: str, cuda: bool | None = None) -> Text | None:
    """Why this backend cannot run here, or None."""
    if backend not in BACKENDS:
        return Text(
            f"不认识的推理后端“{backend}”：请选 {' / '.join(BACKENDS)}。",
            f"Unknown inference backend “{backend}”: choose {' / '.join(BACKENDS)}.",
        )
    pkg = BACKEND_PACKAGE.get(backend)
    if pkg is None:
        return None
    if not installed(pkg):
        return Text(
            f'{backend} 后端需要先安装 {pkg}（pip install {pkg}，或 pip install "qixi-studio[{pkg}]"），'
            "然后重启工作室；也可以用 transformers 后端。",
            f"The {backend} backend needs {pkg} installed (pip install {pkg}, or pip install "
            f'"qixi-studio[{pkg}]"), then a studio restart; or use the transformers backend.',
        )
    if not (cuda_available() if cuda is None else cuda):
        return Text(
            f"{backend} 后端需要 NVIDIA 显卡（CUDA），这台电脑上没有：请用 transformers 后端。",
            f"The {backend} backend needs an NVIDIA GPU (CUDA), which this computer lacks: use the "
            "transformers backend.",
        )
    return None


def available_backends() -> list[str]:
    return [b for b in BACKENDS if backend_problem(b) is None]


# ----------------------------------------------------------------- the gateway's upstream child


def gateway_line(host: str, port: int, guard: bool) -> str:
    shown = f"[{host}]" if ":" in host else host
    return f"[qixi-gateway] listening on http://{shown}:{port} (guard {'on' if guard else 'off'})"


def start_upstream(argv: list[str], env: dict | None = None) -> subprocess.Popen:
    """`swift deploy` as the gateway's child: same process group (a job stop reaches both), output
    into the job's log through the inherited stdout."""
    return subprocess.Popen(argv, stdin=subprocess.DEVNULL, env={**os.environ, **(env or {})}, close_fds=True)


UPSTREAM_DEADLINE_S = 1800.0  # a large model on a slow disk can take many minutes to load; longer means stuck
UPSTREAM_LATE = Text(
    "[qixi-gateway] 模型服务 {s} 秒内没有就绪，聊天服务已停止：请看上面的日志找原因，再重新启动。",
    "[qixi-gateway] The model server was not ready within {s} seconds, so the chat server stopped: "
    "see the log above for why, then start it again.",
)
_KEY_REFUSED = "API key error"  # ms-swift's answer to a request without its key (swift/pipelines/infer/deploy.py)


def choose_upstream_port(config_path: Path, start: int) -> int:
    """Just before `swift deploy` starts: a port free now, written into its config (chosen when the job was
    queued, it could be taken by launch time, and ms-swift would then quietly move to another)."""
    cfg = swift.read_config(Path(config_path))
    cfg["port"] = free_port(start)
    swift.write_config(Path(config_path), cfg, trust_code=True)  # checked when the job was queued
    return cfg["port"]


def _post_status(url: str, key: str | None) -> tuple[int, str]:
    req = urllib.request.Request(url, data=b"{}", method="POST", headers={"Content-Type": "application/json"})
    if key:
        req.add_header("Authorization", f"Bearer {key}")
    try:
        with urllib.request.urlopen(req, timeout=5) as resp:
            return resp.status, resp.read(2000).decode("utf-8", "replace")
    except urllib.error.HTTPError as e:
        return e.code, e.read(2000).decode("utf-8", "replace")


def upstream_is_ours(base_url: str, key: str) -> bool:
    """Whether the server at base_url is our child: it refuses a chat request without the private key
    and lets the same request with it past the key check (the empty body is then refused as invalid, so
    the model is not run). /models cannot tell: ms-swift answers it without a key."""
    url = base_url.rstrip("/") + "/chat/completions"
    status, text = _post_status(url, None)
    if status < 400 or _KEY_REFUSED not in text:
        return False
    status, text = _post_status(url, key)
    return _KEY_REFUSED not in text


def wait_upstream(
    child: subprocess.Popen, base_url: str, key: str, poll: float = 0.5, deadline_s: float = UPSTREAM_DEADLINE_S
) -> str:
    """Wait until the child answers with our key: "ready"; "exited" when it ended first; "late" when
    deadline_s passed (the child is then still running: the caller stops it)."""
    end = time.monotonic() + deadline_s
    while child.poll() is None:
        try:
            if upstream_is_ours(base_url, key):
                return "ready"
        except (urllib.error.URLError, OSError):
            pass
        if time.monotonic() > end:
            return "late"
        time.sleep(poll)
    return "exited"


def watch_upstream(child: subprocess.Popen, server) -> None:
    """When the model server dies, the gateway stops too (the job then ends with the child's code)."""

    def watch():
        child.wait()
        server.should_exit = True

    threading.Thread(target=watch, daemon=True, name="upstream-watch").start()


def stop_upstream(child: subprocess.Popen, grace: float = 8.0) -> None:
    if child.poll() is None:
        child.send_signal(signal.SIGTERM)
        try:
            child.wait(grace)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()
