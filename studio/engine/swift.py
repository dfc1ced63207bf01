"""The only place that knows ms-swift's flag names and the files it writes.

A job runs as `python -m swift.cli.main <cmd> <run_dir>/config.yaml`: ms-swift reads the YAML as its
arguments, so the file in the run folder is exactly what ran, and the argv shown in the UI is the
argv launched (one list, no shell).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
import shlex
import sys
from pathlib import Path

import yaml

from studio.workspace import atomic_write_text

OUTPUT = "output"            # ms-swift's output_dir, inside the run folder
CHECKPOINT = re.compile(r"^checkpoint-(\d+)$")
# Files a checkpoint folder holds once HF's Trainer has finished writing it.
CHECKPOINT_DONE = ("trainer_state.json",)

OFFLINE_ENV = {"MODELSCOPE_OFFLINE": "1", "HF_HUB_OFFLINE": "1"}


def write_config(path: Path, cfg: dict) -> Path:
    """YAML with only plain values; None means 'ms-swift's default' and is left out."""
    clean = {k: v for k, v in cfg.items() if v is not None}
    return atomic_write_text(path, yaml.safe_dump(clean, allow_unicode=True, sort_keys=False))


def argv(cmd: str, config_path: Path) -> list[str]:
    return [sys.executable, "-m", "swift.cli.main", cmd, str(config_path)]


def shown(argv_list: list[str]) -> str:
    """The exact argv as a copy-pasteable line (shown in the UI, never executed through a shell)."""
    return shlex.join(argv_list)


def output_dir(run_dir: Path) -> Path:
    return Path(run_dir) / OUTPUT


def logging_jsonl(run_dir: Path) -> Path:
    return output_dir(run_dir) / "logging.jsonl"


def checkpoints(run_dir: Path) -> list[Path]:
    """Complete checkpoints, oldest first. A half-written one (no trainer_state.json, or an
    adapter/model file missing or empty) is skipped, so resume never starts from a torn save."""
    out = []
    root = output_dir(run_dir)
    if not root.is_dir():
        return out
    for d in root.iterdir():
        m = CHECKPOINT.match(d.name)
        if not (m and d.is_dir()):
            continue
        if not all((d / f).is_file() and (d / f).stat().st_size > 0 for f in CHECKPOINT_DONE):
            continue
        weights = [p for p in d.iterdir() if p.suffix == ".safetensors"]
        if not weights or any(p.stat().st_size == 0 for p in weights):
            continue
        out.append((int(m.group(1)), d))
    return [d for _, d in sorted(out)]


def common_train_flags(*, model: str, model_type: str | None, template: str | None, output: Path, seed: int,
                       trust_remote_code: bool) -> dict:
    return {
        "model": model, "model_type": model_type, "template": template,
        "output_dir": str(output), "add_version": False, "seed": seed,
        "report_to": "none", "logging_steps": 1, "save_only_model": False,
        "dataset_num_proc": 1, "dataloader_num_workers": 0,
        "load_from_cache_file": False,
        # ms-swift's default system prompt would be trained into the companion; the persona sets ours.
        "trust_remote_code": trust_remote_code or None,
    }


@dataclass
class TrainSpec:
    """What one `swift sft` / `swift rlhf` run needs, in ms-swift's terms. Built by studio.train."""
    model: str
    dataset: list[str]
    run_dir: Path
    model_type: str | None = None
    template: str | None = None
    val_dataset: list[str] = field(default_factory=list)
    method: str = "sft"                 # sft | dpo | simpo | orpo | kto | cpo
    tuner: str = "lora"                 # lora | qlora | full
    adapters: list[str] = field(default_factory=list)   # continue from an SFT adapter
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
    torch_dtype: str | None = None
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
    trust_remote_code: bool = False
    dataloader_num_workers: int = 0
    extra: dict = field(default_factory=dict)   # presets may pass more ms-swift flags verbatim

    @property
    def command(self) -> str:
        return "sft" if self.method == "sft" else "rlhf"


def train_config(spec: TrainSpec) -> dict:
    cfg = common_train_flags(model=spec.model, model_type=spec.model_type, template=spec.template,
                             output=output_dir(spec.run_dir), seed=spec.seed,
                             trust_remote_code=spec.trust_remote_code)
    cfg.update({
        "dataset": list(spec.dataset),
        "val_dataset": list(spec.val_dataset) or None,
        "split_dataset_ratio": 0 if spec.val_dataset else None,
        "tuner_type": "full" if spec.tuner == "full" else "lora",
        "learning_rate": spec.learning_rate, "num_train_epochs": spec.num_train_epochs,
        "max_steps": spec.max_steps, "max_length": spec.max_length,
        "per_device_train_batch_size": spec.batch_size, "per_device_eval_batch_size": spec.batch_size,
        "gradient_accumulation_steps": spec.grad_accum,
        "system": spec.system if spec.system is not None else "",
        "torch_dtype": spec.torch_dtype, "gradient_checkpointing": spec.gradient_checkpointing,
        "use_liger_kernel": spec.use_liger_kernel or None,
        "save_strategy": "steps", "save_steps": spec.save_steps, "save_total_limit": spec.save_total_limit,
        "eval_strategy": "steps" if spec.val_dataset else "no", "eval_steps": spec.eval_steps or spec.save_steps,
        "warmup_ratio": spec.warmup_ratio,
        "resume_from_checkpoint": spec.resume_from_checkpoint,
        "dataloader_num_workers": spec.dataloader_num_workers,
    })
    if spec.tuner != "full":
        cfg.update({"lora_rank": spec.lora_rank, "lora_alpha": spec.lora_alpha, "lora_dropout": spec.lora_dropout,
                    "target_modules": list(spec.target_modules)})
        if spec.adapters:
            cfg["adapters"] = list(spec.adapters)
    if spec.tuner == "qlora":
        cfg.update({"quant_method": "bnb", "quant_bits": 4, "bnb_4bit_quant_type": "nf4",
                    "bnb_4bit_use_double_quant": True, "bnb_4bit_compute_dtype": spec.torch_dtype or "bfloat16"})
    if spec.method != "sft":
        cfg.update({"rlhf_type": spec.method, "beta": spec.beta, "simpo_gamma": spec.simpo_gamma,
                    "cpo_alpha": spec.cpo_alpha, "rpo_alpha": spec.rpo_alpha,
                    "desirable_weight": spec.desirable_weight, "undesirable_weight": spec.undesirable_weight})
    cfg.update(spec.extra)
    return cfg


def write_train(spec: TrainSpec) -> list[str]:
    """Write config.yaml into the run folder and return the argv that runs it."""
    path = write_config(Path(spec.run_dir) / "config.yaml", train_config(spec))
    return argv(spec.command, path)
