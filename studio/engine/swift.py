"""The only place that knows ms-swift's flag names and the files it writes.

An ms-swift job runs the YAML in its run folder as ms-swift's arguments, so the file there is exactly
what ran (`swift <cmd> <run_dir>/config.yaml` runs it again), and the argv shown in the UI is the argv
launched (one list, no shell). The studio starts ms-swift's script for the command itself
(`direct_argv`), not through ms-swift's CLI wrapper, which spends an interpreter and ~2 s of CPU on it.

Training jobs go through a thin launcher (`python -m studio.engine.swift run <cmd> <config> ...`):
it runs one or more ms-swift commands in turn (merge, then align) and ignores SIGTERM, so that a stop
reaches the trainer - which saves a checkpoint first (see studio/engine/swift_stop.py) - while the
launcher (and ms-swift's wrapper, where one runs) waits for it instead of dying and letting the job's
process group be swept mid-save.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shlex
import signal
import subprocess
import sys
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

import studio.training.methods as M
from studio.core.i18n import UserError
from studio.core.workspace import atomic_write_text

OUTPUT = "output"  # ms-swift's output_dir, inside the run folder
CONFIG = "config.yaml"  # the training arguments, in the run folder
CHECKPOINT = re.compile(r"^checkpoint-(\d+)$")
# Files a checkpoint folder holds once HF's Trainer has finished writing it (it writes
# trainer_state.json last, after the weights, optimizer and RNG state).
CHECKPOINT_DONE = ("trainer_state.json",)
TORN_PREFIX = "incomplete-"  # a half-written checkpoint is renamed so HF's Trainer no longer sees it

OFFLINE_ENV = {"MODELSCOPE_OFFLINE": "1", "HF_HUB_OFFLINE": "1"}
STOP_FILE_ENV = "QIXI_STOP_FILE"  # the trainer plugin polls this file: present = stop after saving
STOP_FILE = "stop.request"
STOP_CALLBACK = "qixi_graceful_stop"  # the name swift_stop.py registers in ms-swift's callbacks_map
STOP_PLUGIN = Path(__file__).resolve().with_name("swift_stop.py")

# The ms-swift flag each method knob (studio.training.methods: a TrainSpec field of the same name) is passed as.
KNOB_FLAGS = {
    "beta": "beta",
    "simpo_gamma": "simpo_gamma",
    "cpo_alpha": "cpo_alpha",
    "rpo_alpha": "rpo_alpha",
    "desirable_weight": "desirable_weight",
    "undesirable_weight": "undesirable_weight",
}
DEEPSPEED = ("zero2", "zero3")


def installed(package: str) -> bool:
    """Whether a package can be imported, found without importing it (the web process stays light)."""
    try:
        return importlib.util.find_spec(package) is not None
    except (ImportError, ValueError):
        return False


@lru_cache(maxsize=1)
def source_root() -> Path | None:
    spec = importlib.util.find_spec("swift")  # locates the package without importing it
    return Path(next(iter(spec.submodule_search_locations))) if spec and spec.submodule_search_locations else None


@lru_cache(maxsize=1)
def known_templates() -> frozenset[str]:
    """ms-swift's template names, read from its source (the web process never imports ms-swift)."""
    root = source_root()
    try:
        text = (root / "template" / "constant.py").read_text(encoding="utf-8") if root else ""
    except OSError:
        text = ""
    return frozenset(re.findall(r"^\s+\w+\s*=\s*'([\w.-]+)'", text, re.M))


@lru_cache(maxsize=256)
def knows_hub_id(hub_id: str) -> bool:
    """Whether ms-swift's model registry names this hub id (then it picks type and template itself)."""
    root = source_root()
    if not root:
        return False
    needle = f"'{hub_id}'"
    for f in (root / "model" / "models").glob("*.py"):
        try:
            if needle in f.read_text(encoding="utf-8"):
                return True
        except OSError:
            continue
    return False


@dataclass(frozen=True)
class Kernels:
    """Optional speed-ups the trainer's Python has. ms-swift refuses packing / padding_free without
    flash-attn; Liger needs its package (and CUDA, which the caller knows)."""

    liger: bool
    flash_attn: bool


def kernels() -> Kernels:
    return Kernels(liger=installed("liger_kernel"), flash_attn=installed("flash_attn"))


# ms-swift 4.6 loads every model with trust_remote_code=True and has no argument to turn that off
# (ModelLoader.default_trust_remote_code in swift/model/register.py; no *Arguments class has the field, so
# passing `trust_remote_code` ends a run with "remaining_argv"). A model's own code runs only where its
# config names it (auto_map), so the studio refuses such a folder unless the person trusted it.
CODE_MAPS = ("config.json", "tokenizer_config.json", "processor_config.json", "preprocessor_config.json")


def ships_code(model: str | os.PathLike) -> bool:
    """A local model folder whose config, tokenizer or processor names Python code of its own (auto_map)."""
    for name in CODE_MAPS:
        try:
            data = json.loads((Path(model) / name).read_text(encoding="utf-8"))
        except (OSError, ValueError, TypeError):
            continue
        if isinstance(data, dict) and data.get("auto_map"):
            return True
    return False


def code_refused(model: str | os.PathLike) -> UserError:
    name = Path(model).name or str(model)
    return UserError(
        f"模型“{name}”带着它自己的程序代码（配置里的 auto_map），ms-swift 加载它时会运行这些代码。"
        "只有在你从它开始训练、并勾选了“信任模型代码”之后，工作室才会加载它；请只在信任它的来源时这样做。",
        f"The model “{name}” ships program code of its own (auto_map in its config), which ms-swift runs when it "
        "loads the model. The studio loads it only after you trained from it with “trust model code” ticked; do "
        "that only if you trust where it came from.",
    )


def check_code(model, trust_code: bool) -> None:
    """Refuses (UserError) a model folder that ships its own code unless the person trusted it."""
    if not trust_code and isinstance(model, str) and ships_code(model):
        raise code_refused(model)


def write_config(path: Path, cfg: dict, trust_code: bool = False) -> Path:
    """YAML with only plain values; None means 'ms-swift's default' and is left out. `trust_code`: the person
    agreed to run the model's own code (see CODE_MAPS); without it such a model is refused here."""
    clean = {k: v for k, v in cfg.items() if v is not None and k != "trust_remote_code"}
    check_code(clean.get("model"), trust_code)
    # ms-swift turns this file into `--key value` argv: a value starting with '-' would read as a flag.
    for k, v in clean.items():
        if any(isinstance(x, str) and x.startswith("-") for x in (v if isinstance(v, list) else [v])):
            raise UserError(
                f"设置 {k} 的值不能以“-”开头（会被当成命令行参数）：请修改后重试。",
                f"The setting {k} cannot start with '-' (it would be read as a command-line flag).",
            )
    return atomic_write_text(path, yaml.safe_dump(clean, allow_unicode=True, sort_keys=False))


def read_config(path: Path) -> dict:
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError):
        return {}
    return data if isinstance(data, dict) else {}


def argv(cmd: str, config_path: Path) -> list[str]:
    """The argv of a job that runs one ms-swift command: `exec` below starts ms-swift's script in place."""
    return [sys.executable, "-m", "studio.engine.swift", "exec", cmd, str(config_path)]


def wrapper_argv(cmd: str, config_path: Path) -> list[str]:
    """ms-swift's own CLI wrapper (`swift CMD CONFIG`): it reads the YAML as flags and starts the command's
    script in a second interpreter, or under torchrun when NPROC_PER_NODE or NNODES is set."""
    return [sys.executable, "-m", "swift.cli.main", cmd, str(config_path)]


def direct_argv(cmd: str, config_path: Path) -> list[str]:
    """What the wrapper would start, without the wrapper: its interpreter imports ms-swift's utilities (about
    2 s of CPU, measured on 2 cores) only to start one more. The YAML becomes flags as the wrapper makes them:
    a list as its items, a mapping as JSON, anything else as str(). A config the wrapper would treat
    differently (an ENV section, or torchrun for several GPUs) keeps the wrapper."""
    cfg = read_config(config_path)
    torchrun = os.environ.get("NPROC_PER_NODE") is not None or os.environ.get("NNODES") is not None
    spec = importlib.util.find_spec("swift")
    if not cfg or "ENV" in cfg or torchrun or spec is None or spec.origin is None:
        return wrapper_argv(cmd, config_path)
    flags: list[str] = []
    for k, v in cfg.items():
        flags.append(f"--{k}")
        if isinstance(v, list):
            flags += [str(i) for i in v]
        else:
            flags.append(json.dumps(v, ensure_ascii=False) if isinstance(v, dict) else str(v))
    script = Path(spec.origin).parent / "cli" / f"{cmd.replace('-', '_')}.py"
    return [sys.executable, str(script), *flags]


def _exec(cmd: str, config_path: str) -> None:
    """`exec CMD CONFIG`: become ms-swift's script for CMD (same process, so the job's pid and signals stay)."""
    os.environ["SWIFT_CONFIG_FILE"] = config_path  # the wrapper records the file there; ms-swift saves it
    args = direct_argv(cmd, Path(config_path))
    os.execv(args[0], args)


def launcher_argv(steps: list[tuple[str, Path]]) -> list[str]:
    """The argv of a training job: each (ms-swift command, config) in turn, through the launcher."""
    out = [sys.executable, "-m", "studio.engine.swift", "run"]
    for cmd, cfg in steps:
        out += [cmd, str(cfg)]
    return out


def train_command(cfg: dict) -> str:
    """The ms-swift command a training config is for."""
    return "rlhf" if cfg.get("rlhf_type") else "sft"


DOWNLOAD_MARK = "download.json"  # written into the model folder once every file is there


def download_argv(hub: str, repo: str, folder: Path, mark: dict) -> list[str]:
    """A download job: the hub's own client into `folder` (it resumes partial files), then our mark."""
    return [sys.executable, "-m", "studio.engine.swift", "download", hub, repo, str(folder), json.dumps(mark)]


def hub_client_argv(hub: str, repo: str, folder: Path) -> list[str]:
    if hub == "huggingface":
        return [sys.executable, "-m", "huggingface_hub.cli.hf", "download", repo, "--local-dir", str(folder)]
    return [sys.executable, "-m", "modelscope.cli.cli", "download", repo, "--local-dir", str(folder)]


def shown(argv_list: list[str]) -> str:
    """The exact argv as a copy-pasteable line (shown in the UI, never executed through a shell)."""
    return shlex.join(argv_list)


def output_dir(run_dir: Path) -> Path:
    return Path(run_dir) / OUTPUT


def logging_jsonl(run_dir: Path) -> Path:
    return output_dir(run_dir) / "logging.jsonl"


def _complete(d: Path) -> bool:
    for name in CHECKPOINT_DONE:
        f = d / name
        if not (f.is_file() and f.stat().st_size > 0):
            return False
        try:
            json.loads(f.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return False
    weights = [p for p in d.iterdir() if p.suffix == ".safetensors"]
    return bool(weights) and all(safetensors_whole(p) for p in weights)


def safetensors_whole(path: Path) -> bool:
    """A safetensors file is whole when its size is exactly 8 + header + the header's last data offset.
    Reading the header only (no torch) catches a save cut short, which a non-empty check does not."""
    try:
        with open(path, "rb") as f:
            n = int.from_bytes(f.read(8), "little")
            if not 2 <= n <= 100 * 1024 * 1024:
                return False
            header = json.loads(f.read(n))
        ends = [t["data_offsets"][1] for k, t in header.items() if k != "__metadata__"]
        return path.stat().st_size == 8 + n + max(ends, default=0)
    except (OSError, ValueError, KeyError, TypeError, IndexError, AttributeError):
        return False


def _checkpoint_dirs(run_dir: Path) -> list[tuple[int, Path]]:
    root = output_dir(run_dir)
    if not root.is_dir():
        return []
    out = []
    for d in root.iterdir():
        m = CHECKPOINT.match(d.name)
        if m and d.is_dir() and not d.is_symlink():
            out.append((int(m.group(1)), d))
    return sorted(out)


def checkpoints(run_dir: Path) -> list[Path]:
    """Complete checkpoints, oldest first. A half-written one (no trainer_state.json, or an
    adapter/model file missing or empty) is skipped, so resume never starts from a torn save."""
    return [d for _, d in _checkpoint_dirs(run_dir) if _complete(d)]


def set_aside_torn_checkpoints(run_dir: Path) -> list[Path]:
    """Rename half-written checkpoints (a kill mid-save) so a resumed trainer neither loads nor
    rotates them; they stay on disk under `incomplete-checkpoint-N` for anyone curious."""
    moved = []
    for _, d in _checkpoint_dirs(run_dir):
        if not _complete(d):
            target = d.with_name(f"{TORN_PREFIX}{d.name}")
            n = 1
            while target.exists():
                target, n = d.with_name(f"{TORN_PREFIX}{n}-{d.name}"), n + 1
            os.rename(d, target)
            moved.append(target)
    return moved


def checkpoint_step(ckpt: Path) -> int:
    m = CHECKPOINT.match(Path(ckpt).name)
    return int(m.group(1)) if m else 0


@dataclass
class TrainSpec:
    """What one `swift sft` / `swift rlhf` run needs, in ms-swift's terms. Built by studio.training.train."""

    model: str
    dataset: list[str]
    run_dir: Path
    model_type: str | None = None
    template: str | None = None
    val_dataset: list[str] = field(default_factory=list)
    method: str = "sft"  # a name in studio.training.methods.REGISTRY
    tuner: str = "lora"  # lora | qlora | full
    adapters: list[str] = field(default_factory=list)  # continue from an SFT adapter
    ref_adapters: list[str] = field(default_factory=list)  # a method's reference model is base + this adapter
    lora_rank: int = 8
    lora_alpha: int = 32
    lora_dropout: float = 0.05
    target_modules: list[str] = field(default_factory=lambda: ["all-linear"])
    learning_rate: float = 1e-4
    num_train_epochs: float = 1.0
    max_steps: int | None = None
    max_length: int = 1024
    batch_size: int = 1
    grad_accum: int = 1
    system: str | None = None
    seed: int = 42
    torch_dtype: str | None = None  # None: ms-swift's choice (the model's own dtype)
    gradient_checkpointing: bool | None = None
    use_liger_kernel: bool = False
    save_steps: int = 50
    eval_steps: int | None = None
    save_total_limit: int = 3
    warmup_ratio: float = 0.05
    beta: float | None = None
    simpo_gamma: float | None = None
    cpo_alpha: float | None = None
    rpo_alpha: float | None = None
    desirable_weight: float | None = None
    undesirable_weight: float | None = None
    resume_from_checkpoint: str | None = None
    trust_remote_code: bool = False  # the person's consent to run the model's own code (write_config)
    deepspeed: str | None = None  # zero2 | zero3 (several GPUs)
    graceful_stop: bool = True  # load the stop-saves-first plugin
    dataloader_num_workers: int = 0
    group_by_length: bool = False  # batches of similar lengths: less padding at micro-batch > 1
    padding_free: bool = False  # SFT with flash-attn: no padding at all (needs flash_attn)
    extra: dict = field(default_factory=dict)  # more ms-swift flags, verbatim

    @property
    def command(self) -> str:
        return "rlhf" if M.get(self.method).align else "sft"

    def __post_init__(self):
        if self.method not in M.REGISTRY:
            raise ValueError(f"unknown method {self.method!r}")
        if self.deepspeed not in (None, *DEEPSPEED):
            raise ValueError(f"unknown deepspeed stage {self.deepspeed!r}")
        if self.padding_free and M.get(self.method).align:
            raise ValueError("padding_free is for SFT only (ms-swift refuses it for most preference methods)")


def common_train_flags(*, model: str, model_type: str | None, template: str | None, output: Path, seed: int) -> dict:
    return {
        "model": model,
        "model_type": model_type,
        "template": template,
        "output_dir": str(output),
        "add_version": False,
        "seed": seed,
        "data_seed": seed,
        "report_to": "none",
        "logging_steps": 1,
        "save_only_model": False,
        "dataset_num_proc": 1,
        "dataloader_num_workers": 0,
        "load_from_cache_file": False,
        # No hub round-trip to check the model: offline runs and local folders must just work.
        "check_model": False,
    }


def train_config(spec: TrainSpec) -> dict:
    cfg = common_train_flags(
        model=spec.model,
        model_type=spec.model_type,
        template=spec.template,
        output=output_dir(spec.run_dir),
        seed=spec.seed,
    )
    cfg.update(
        {
            "dataset": list(spec.dataset),
            "val_dataset": list(spec.val_dataset) or None,
            # We split train/val when a dataset is imported; ms-swift must not take another slice.
            "split_dataset_ratio": 0,
            "tuner_type": "full" if spec.tuner == "full" else "lora",
            "learning_rate": spec.learning_rate,
            "num_train_epochs": spec.num_train_epochs,
            "max_steps": spec.max_steps,
            "max_length": spec.max_length,
            "per_device_train_batch_size": spec.batch_size,
            "per_device_eval_batch_size": spec.batch_size,
            "gradient_accumulation_steps": spec.grad_accum,
            # ms-swift's default system prompt would be trained into the companion; the persona sets ours.
            "system": spec.system if spec.system is not None else "",
            "torch_dtype": spec.torch_dtype,
            "gradient_checkpointing": spec.gradient_checkpointing,
            "use_liger_kernel": spec.use_liger_kernel or None,
            "save_strategy": "steps",
            "save_steps": spec.save_steps,
            "save_total_limit": spec.save_total_limit,
            "eval_strategy": "steps" if spec.val_dataset else "no",
            "eval_steps": (spec.eval_steps or spec.save_steps) if spec.val_dataset else None,
            "warmup_ratio": spec.warmup_ratio,
            "resume_from_checkpoint": spec.resume_from_checkpoint,
            "dataloader_num_workers": spec.dataloader_num_workers,
            "deepspeed": spec.deepspeed,
            "group_by_length": spec.group_by_length or None,
        }
    )
    if spec.padding_free:
        cfg.update({"padding_free": True, "attn_impl": "flash_attn"})
    if spec.torch_dtype == "float32":
        # ms-swift turns mixed precision on by default, even on a CPU, where it is only slower.
        cfg.update({"fp16": False, "bf16": False})
    if spec.tuner != "full":
        cfg.update(
            {
                "lora_rank": spec.lora_rank,
                "lora_alpha": spec.lora_alpha,
                "lora_dropout": spec.lora_dropout,
                "target_modules": list(spec.target_modules),
            }
        )
        # On resume the adapter comes from the checkpoint; `adapters` would load the SFT one over it.
        if spec.adapters and not spec.resume_from_checkpoint:
            cfg["adapters"] = list(spec.adapters)
        # Only methods with a reference model take one (ms-swift refuses ref_adapters for the others).
        if spec.ref_adapters and M.get(spec.method).reference:
            cfg["ref_adapters"] = list(spec.ref_adapters)
    if spec.tuner == "qlora":
        cfg.update(
            {
                "quant_method": "bnb",
                "quant_bits": 4,
                "bnb_4bit_quant_type": "nf4",
                "bnb_4bit_use_double_quant": True,
                "bnb_4bit_compute_dtype": spec.torch_dtype if spec.torch_dtype not in (None, "float32") else "bfloat16",
            }
        )
    method = M.get(spec.method)
    if method.align:  # the method's own knobs only: ms-swift would apply another method's silently
        cfg["rlhf_type"] = method.objective
        cfg.update({KNOB_FLAGS[k]: getattr(spec, k) for k in method.knobs})
    if spec.graceful_stop:
        cfg.update({"external_plugins": [str(STOP_PLUGIN)], "callbacks": [STOP_CALLBACK]})
    cfg.update(spec.extra)
    return cfg


def write_train(spec: TrainSpec, before: list[tuple[str, Path]] = ()) -> list[str]:
    """Write config.yaml into the run folder and return the argv that runs it (after `before`, e.g.
    a merge), through the launcher."""
    path = write_config(Path(spec.run_dir) / CONFIG, train_config(spec), spec.trust_remote_code)
    return launcher_argv([*before, (spec.command, path)])


# Grown-on-demand CUDA segments: less fragmentation when micro-batches of different lengths come and go
# (the caching allocator otherwise keeps many odd-sized blocks reserved), so more fits the same card.
CUDA_ALLOC_ENV = {"PYTORCH_CUDA_ALLOC_CONF": "expandable_segments:True"}
# "0": the trainer (swift_stop.py, loaded in it as a plugin) turns PyTorch's cuDNN attention off, so sdpa
# uses its memory-efficient kernel. cuDNN builds a new kernel plan, ~1 s forward and ~1.5 s backward on
# the H200, for every padded batch length it meets: with chats of varied length nearly every step pays
# it (benchmarks/README.md). Set it in the studio's own environment to override ("1": cuDNN on).
CUDNN_ATTENTION_ENV = "QIXI_CUDNN_ATTENTION"


def train_env(
    run_dir: Path,
    *,
    offline: bool,
    gpus: list[int] | None = None,
    nproc: int = 1,
    threads: int | None = None,
    nodes: NodeSpec | None = None,
    cuda: bool = False,
) -> dict:
    """The environment of a training job: offline switches, the stop file, and which GPUs it uses."""
    env = {STOP_FILE_ENV: str(Path(run_dir) / STOP_FILE)}
    if cuda:
        env.update(CUDA_ALLOC_ENV)
        env[CUDNN_ATTENTION_ENV] = os.environ.get(CUDNN_ATTENTION_ENV, "0")
    if offline:
        env.update(OFFLINE_ENV)
    if gpus is not None:
        env["CUDA_VISIBLE_DEVICES"] = ",".join(str(g) for g in gpus)
    if nproc > 1 or nodes:
        env["NPROC_PER_NODE"] = str(nproc)
    if nodes:
        env.update(nodes.env())
    if threads:
        env.update({"OMP_NUM_THREADS": str(threads), "MKL_NUM_THREADS": str(threads)})
    if not cuda:
        # CPU training: spinning OpenMP threads fight the web process and each other for the few cores
        # (pocket steps measured 0.3-1 s spinning vs ~0.1 s passive on 2 busy cores).
        env["OMP_WAIT_POLICY"] = "PASSIVE"
    env["TOKENIZERS_PARALLELISM"] = "false"
    return env


@dataclass(frozen=True)
class NodeSpec:
    """Several machines: torchrun's rendezvous, read by ms-swift from the environment."""

    nnodes: int
    node_rank: int
    master_addr: str
    master_port: int = 29500

    def env(self) -> dict:
        return {
            "NNODES": str(self.nnodes),
            "NODE_RANK": str(self.node_rank),
            "MASTER_ADDR": self.master_addr,
            "MASTER_PORT": str(self.master_port),
        }


def node_commands(
    cmd: str,
    config_path: str,
    *,
    nnodes: int,
    master_addr: str,
    nproc: int,
    master_port: int = 29500,
    gpus: list[int] | None = None,
) -> list[str]:
    """One shell line per machine to copy (the same config file must exist on each)."""
    lines = []
    for rank in range(nnodes):
        env = {
            **({"CUDA_VISIBLE_DEVICES": ",".join(map(str, gpus))} if gpus else {}),
            "NPROC_PER_NODE": str(nproc),
            **NodeSpec(nnodes, rank, master_addr, master_port).env(),
        }
        lines.append(
            " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items()) + " " + shlex.join(["swift", cmd, config_path])
        )
    return lines


# ---------------------------------------------------------------------------------------------- launcher

TRAINER_OVERRIDE_ENV = "QIXI_SWIFT_MAIN"  # a script run instead of ms-swift's CLI (tests' fake trainers)


def _trainer_argv(cmd: str, cfg: Path) -> list[str]:
    override = os.environ.get(TRAINER_OVERRIDE_ENV)
    return [sys.executable, override, cmd, str(cfg)] if override else direct_argv(cmd, cfg)


def _run(args: list[str]) -> int:
    """`run CMD CONFIG [CMD CONFIG ...]`: each ms-swift command in turn; stop at the first failure or
    when a stop was requested between steps."""
    if len(args) < 2 or len(args) % 2:
        print("usage: python -m studio.engine.swift run CMD CONFIG [CMD CONFIG ...]", file=sys.stderr)
        return 2
    # Ignored here, in ms-swift's wrapper where one runs, and (until the stop plugin takes the signal over)
    # in the trainer: SIG_IGN survives exec, a Python handler would not.
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    stop_file = os.environ.get(STOP_FILE_ENV)
    for cmd, cfg in zip(args[::2], args[1::2]):
        if stop_file and os.path.exists(stop_file):
            print("[qixi] stop requested; not starting", cmd, flush=True)
            return 0
        print(f"[qixi] swift {cmd} {cfg}", flush=True)
        code = subprocess.call(_trainer_argv(cmd, Path(cfg)), env={**os.environ, "SWIFT_CONFIG_FILE": cfg})
        if code != 0:
            return code
    return 0


def _download(args: list[str]) -> int:
    """`download HUB REPO FOLDER MARK_JSON`: the hub client, then the mark that says the folder is whole."""
    hub, repo, folder, mark = args
    expected = int(json.loads(mark).get("expected_bytes") or 0)
    child = subprocess.Popen(hub_client_argv(hub, repo, Path(folder)))
    while True:
        try:
            code = child.wait(timeout=2.0)
            break
        except subprocess.TimeoutExpired:
            if expected:  # progress for the jobs bar: MiB on disk of MiB expected
                done = sum(p.stat().st_size for p in Path(folder).rglob("*") if p.is_file())
                print(f"QIXI_PROGRESS {done >> 20}/{expected >> 20} MiB", flush=True)
    if code == 0:
        from studio.core.workspace import atomic_write_json

        atomic_write_json(Path(folder) / DOWNLOAD_MARK, json.loads(mark))
    return code


if __name__ == "__main__":
    if sys.argv[1:2] == ["run"]:
        sys.exit(_run(sys.argv[2:]))
    if sys.argv[1:2] == ["exec"] and len(sys.argv) == 4:
        _exec(sys.argv[2], sys.argv[3])
    if sys.argv[1:2] == ["download"] and len(sys.argv) == 6:
        sys.exit(_download(sys.argv[2:]))
    print(
        "usage: python -m studio.engine.swift run CMD CONFIG [CMD CONFIG ...] | exec CMD CONFIG"
        " | download HUB REPO DIR MARK",
        file=sys.stderr,
    )
    sys.exit(2)
