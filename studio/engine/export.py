"""ms-swift `export`: merge a LoRA adapter into its base, quantize, and what each step needs.

The only place that knows `swift export`'s flag names (see swift/arguments/export_args.py and
merge_args.py) and which files of a training checkpoint a finished model does not need. A job runs
`swift export <job dir>/config.yaml` (started as studio.engine.swift.argv says), like every other ms-swift job.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import studio.training.methods as M
from studio.core.i18n import Text
from studio.core.workspace import atomic_write_json
from studio.engine import swift

CONFIG = swift.CONFIG  # ms-swift's arguments, in the run or job folder (the exact file that ran)

# What a quantisation method needs: the modules it imports (any one of each tuple) and CUDA.
# ms-swift 4.6 quantizes AWQ with AutoAWQ (module `awq`, 4 bits only) and GPTQ with optimum's GPTQQuantizer,
# which in transformers 5 runs on gptqmodel (auto_gptq is no longer supported there). gptqmodel 7.3.x imports
# torchvision on `import gptqmodel` (its InternVL definition) without declaring it: without torchvision the
# import fails, so it is checked here too.
GPTQMODEL = ("gptqmodel", "torchvision")
QUANT_BITS = {"bnb": (4, 8), "awq": (4,), "gptq": (4, 8)}
QUANT_PACKAGES = {"bnb": (("bitsandbytes",),), "awq": (("awq",),), "gptq": (("optimum",), *((m,) for m in GPTQMODEL))}
# The name to `pip install` for a module, where the two differ (`pip install awq` is another project).
PIP_NAME = {"awq": "autoawq"}
# transformers 5 loads AWQ and GPTQ checkpoints only through gptqmodel (quantizer_awq.py / quantizer_gptq.py);
# its GPTQ loader also refuses to start without optimum.
LOAD_PACKAGES = {"awq": GPTQMODEL, "gptq": ("optimum", *GPTQMODEL)}


def pip_name(module: str) -> str:
    return PIP_NAME.get(module, module)


QUANT_NEEDS_CALIBRATION = ("awq", "gptq")
CALIBRATION_SAMPLES = 128

# Files a training checkpoint holds only to resume training; an exported model leaves them out.
TRAINING_STATE = re.compile(
    r"^(optimizer\.pt|scheduler\.pt|rng_state.*\.pth|training_args\.bin|"
    r"trainer_state\.json|global_step.*|zero_to_fp32\.py|latest)$"
)
ADAPTER_CONFIG = "adapter_config.json"


def is_adapter(folder: Path) -> bool:
    """A LoRA checkpoint (needs its base to run) rather than full weights."""
    return (Path(folder) / ADAPTER_CONFIG).is_file()


def read_config(folder: Path) -> dict:
    """The ms-swift arguments a run or job was started with ({} when missing or unreadable)."""
    return swift.read_config(Path(folder) / CONFIG)


def run_method(cfg: dict) -> str:
    """sft, or the alignment method (studio.training.methods) whose objective an alignment run trained."""
    objective = str(cfg.get("rlhf_type") or "sft")
    return next((m.name for m in M.REGISTRY.values() if m.objective == objective), objective)


def run_tuner(cfg: dict) -> str:
    tuner = str(cfg.get("tuner_type") or cfg.get("train_type") or "lora")
    return "qlora" if tuner == "lora" and cfg.get("quant_bits") else tuner


def run_datasets(cfg: dict) -> list[str]:
    ds = cfg.get("dataset") or []
    return [str(d) for d in ([ds] if isinstance(ds, str) else ds)]


# Settings worth showing on a model card, in ms-swift's names.
CARD_SETTINGS = (
    "tuner_type",
    "rlhf_type",
    "beta",
    "learning_rate",
    "num_train_epochs",
    "max_steps",
    "max_length",
    "per_device_train_batch_size",
    "gradient_accumulation_steps",
    "lora_rank",
    "lora_alpha",
    "lora_dropout",
    "target_modules",
    "quant_bits",
    "torch_dtype",
    "seed",
)


def card_settings(cfg: dict) -> dict:
    return {k: cfg[k] for k in CARD_SETTINGS if cfg.get(k) is not None}


@dataclass(frozen=True)
class Base:
    """The model an export starts from, in ms-swift's terms."""

    model: str  # a folder (or a hub id ms-swift already has)
    model_type: str | None = None
    template: str | None = None


def merge_config(base: Base, adapter: Path, output: Path) -> dict:
    """`swift export --merge_lora true`: the adapter folded into a full copy of the base.

    `load_args: false`: ms-swift otherwise fills unset arguments from the checkpoint's args.json, and
    for a QLoRA run that includes quant_method bnb / quant_bits 4 - so "merge" went on to quantize the
    merged model to 4 bits (a 1.5B came out at 1.1 GB instead of 3.1 GB, and quantizing it again
    failed). Everything a merge needs is given here; the dtype the run trained in is kept."""
    cfg = {
        "model": base.model,
        "model_type": base.model_type,
        "template": base.template,
        "adapters": [str(adapter)],
        "merge_lora": True,
        "output_dir": str(output),
        "safe_serialization": True,
        "load_args": False,
    }
    dtype = _trained_dtype(adapter)
    if dtype:
        cfg["torch_dtype"] = dtype
    return cfg


def _trained_dtype(adapter: Path) -> str | None:
    """The torch_dtype a LoRA checkpoint was trained with (ms-swift's args.json beside the adapter)."""
    try:
        args = json.loads((Path(adapter) / "args.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    dtype = args.get("torch_dtype") if isinstance(args, dict) else None
    return str(dtype).replace("torch.", "") if dtype else None


def quant_config(
    base: Base,
    output: Path,
    method: str,
    bits: int,
    adapter: Path | None = None,
    calibration: list[str] | None = None,
    max_length: int = 1024,
    samples: int = CALIBRATION_SAMPLES,
) -> dict:
    """`swift export --quant_method M --quant_bits B` (an adapter is merged first, in the same run).
    `samples`: calibration samples; fewer is faster and measures the activations more roughly."""
    cfg = {
        "model": base.model,
        "model_type": base.model_type,
        "template": base.template,
        "output_dir": str(output),
        "quant_method": method,
        "quant_bits": bits,
        "safe_serialization": True,
    }
    if adapter is not None:
        cfg.update({"adapters": [str(adapter)], "merge_lora": True})
    if method in QUANT_NEEDS_CALIBRATION:
        cfg.update(
            {
                "dataset": list(calibration or []),
                "quant_n_samples": int(samples),
                "max_length": max_length,
                "split_dataset_ratio": 0,
            }
        )
    if method == "bnb" and bits == 4:
        cfg.update({"bnb_4bit_quant_type": "nf4", "bnb_4bit_use_double_quant": True})
    return cfg


# gptqmodel (transformers 5's AWQ loader) picks its Machete kernel for AWQ on Hopper GPUs, and building
# Machete downloads CUTLASS first: offline the load fails. Marlin runs from compute capability 8.0 and builds
# from the sources gptqmodel ships (an AWQ 1.5B answered with it, H100 2026-12-06).
MARLIN_MIN_CAPABILITY = (8, 0)


def gpu_capability() -> tuple[int, int] | None:
    """The first GPU's compute capability, asked of nvidia-smi (it comes with the driver; no torch import)."""
    try:
        out = subprocess.run(
            ["nvidia-smi", "--query-gpu=compute_cap", "--format=csv,noheader"],
            capture_output=True,
            text=True,
            timeout=30,
            stdin=subprocess.DEVNULL,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    m = re.match(r"\s*(\d+)\.(\d+)", out.stdout)
    return (int(m[1]), int(m[2])) if out.returncode == 0 and m else None


def pin_offline_kernel(folder: Path, capability: Callable[[], tuple[int, int] | None] | None = None) -> str | None:
    """Name gptqmodel's Marlin backend in an AWQ export's config.json where this GPU runs Marlin, so its
    first load builds a kernel without the network. Returns the backend written, or None when nothing
    changed (not AWQ, a backend already chosen, no GPU, or one older than Marlin needs). The GPU is asked
    (`capability`, default gpu_capability) only for an AWQ export that chose no backend."""
    path = Path(folder) / "config.json"
    try:
        cfg = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    q = cfg.get("quantization_config") if isinstance(cfg, dict) else None
    if not isinstance(q, dict) or str(q.get("quant_method")).lower() != "awq" or q.get("backend") not in (None, "auto"):
        return None
    cap = (capability or gpu_capability)()
    if cap is None or tuple(cap) < MARLIN_MIN_CAPABILITY:
        return None
    q["backend"] = "marlin"
    atomic_write_json(path, cfg)
    return "marlin"


def write(job_dir: Path, cfg: dict, trust_code: bool = False) -> list[str]:
    """config.yaml into the job folder; the argv that runs it."""
    return swift.argv("export", swift.write_config(Path(job_dir) / CONFIG, cfg, trust_code))


# ------------------------------------------------------------------------------------- capabilities

installed = swift.installed


def cuda_available() -> bool:
    """An NVIDIA GPU this process may use and a torch built for CUDA, judged without importing torch:
    the driver's device nodes, CUDA_VISIBLE_DEVICES, and torch/version.py's `cuda` line."""
    if os.environ.get("CUDA_VISIBLE_DEVICES", None) in ("", "-1"):
        return False
    if not any(re.fullmatch(r"nvidia\d+", n) for n in _listdir("/dev")):
        return False
    try:
        spec = importlib.util.find_spec("torch")
    except (ImportError, ValueError):
        return False
    if spec is None or not spec.origin:
        return False
    try:
        text = (Path(spec.origin).parent / "version.py").read_text(encoding="utf-8")
    except OSError:
        return False
    m = re.search(r"^cuda\s*(?::[^=]*)?=\s*(.+)$", text, re.M)
    return bool(m) and m.group(1).strip() not in ("None", "''", '""')


def _listdir(path: str) -> list[str]:
    try:
        return os.listdir(path)
    except OSError:
        return []


@dataclass(frozen=True)
class QuantSupport:
    method: str
    bits: tuple[int, ...]
    missing: tuple[str, ...]  # packages to install first
    needs_cuda: bool
    cuda: bool

    @property
    def ok(self) -> bool:
        return not self.missing and (self.cuda or not self.needs_cuda)

    def why_not(self) -> Text | None:
        """One sentence saying what stops this method here, or None when it can run."""
        if self.needs_cuda and not self.cuda:
            return Text(
                f"{self.method.upper()} 量化需要 NVIDIA 显卡（CUDA），这台电脑上没有；可以先合并，"
                "把合并好的模型拿到有显卡的电脑上再量化。",
                f"{self.method.upper()} quantisation needs an NVIDIA GPU (CUDA), which this computer "
                "lacks; merge here and quantise the merged model on a computer with a GPU.",
            )
        if self.missing:
            pkgs = " ".join(pip_name(m) for m in self.missing)
            return Text(
                f"{self.method.upper()} 量化需要先安装 {pkgs}（pip install {pkgs}），然后重启工作室。",
                f"{self.method.upper()} quantisation needs {pkgs} installed first "
                f"(pip install {pkgs}); then restart the studio.",
            )
        return None


def quant_support(method: str, cuda: bool | None = None) -> QuantSupport:
    cuda = cuda_available() if cuda is None else cuda
    missing = tuple(alts[0] for alts in QUANT_PACKAGES[method] if not any(installed(p) for p in alts))
    return QuantSupport(method, QUANT_BITS[method], missing, needs_cuda=True, cuda=cuda)
