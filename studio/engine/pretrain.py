"""ms-swift flags for pretraining the pocket model (see studio.models.pocket).

The pocket model starts from random weights, so "pretraining" here is a full-parameter `swift sft`
on rows built from the bundled sample text: the model learns the language and the chat format in one
run. File names ms-swift writes (logging.jsonl, checkpoint-N) are known to studio.engine.swift.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from studio.engine import swift


@dataclass(frozen=True)
class TrainPlan:
    """How hard to train one pocket size; the numbers live with the sizes in studio.models.pocket.SIZES."""

    epochs: int
    learning_rate: float
    batch_size: int
    max_length: int
    warmup_ratio: float = 0.05
    caring_passes: int = 1  # how often an epoch reads each caring reply (studio.models.pocket.training_rows)


def pretrain_config(
    model_dir: str | Path,
    dataset_paths: list[str | Path],
    output_dir: str | Path,
    plan: TrainPlan,
    *,
    max_steps: int | None = None,
) -> dict:
    """The ms-swift `sft` flags (keys are its CLI flag names) that train a pocket model in full."""
    return {
        "model": str(model_dir),
        "model_type": "qwen2",
        "template": "qwen",
        # No default system prompt: the rows carry their own (some none, some generic), so the model
        # answers the same with or without one.
        "system": "",
        "tuner_type": "full",
        "torch_dtype": "float32",  # CPU: fp32 matmuls are the fast path
        "fp16": False,  # ms-swift switches mixed precision on by default, even on CPU
        "bf16": False,
        "dataset": [str(p) for p in dataset_paths],
        "split_dataset_ratio": 0,
        "max_length": plan.max_length,
        # Rows over max_length are dropped by default, and an empty dataset crashes; cut them instead.
        "truncation_strategy": "left",
        "num_train_epochs": plan.epochs,
        "max_steps": max_steps,
        "learning_rate": plan.learning_rate,
        "lr_scheduler_type": "cosine",
        "warmup_ratio": plan.warmup_ratio,
        "weight_decay": 0.01,
        "per_device_train_batch_size": plan.batch_size,
        "gradient_accumulation_steps": 1,
        "gradient_checkpointing": False,  # nothing to save on a model this small; it only costs time
        "group_by_length": True,  # batches of similar length: far less padding to compute on
        "output_dir": str(output_dir),
        "add_version": False,
        # transformers saves at the last step under "steps"; the huge interval skips all others.
        "save_strategy": "steps",
        "save_steps": 1_000_000,
        "save_total_limit": 1,
        "save_only_model": True,
        "eval_strategy": "no",
        "logging_steps": 5,
        "report_to": "none",
        "disable_tqdm": True,  # one dict per logging step in the log instead of progress-bar noise
        # ms-swift asks ModelScope whether a local model is the latest version; offline that costs
        # ~20 s of network retries for a folder that never came from a hub.
        "check_model": False,
        "dataloader_num_workers": 0,  # a loader worker would steal a core from the matmuls
        "dataset_num_proc": 1,
        "load_from_cache_file": False,
        "seed": 42,
        "data_seed": 42,
    }


def write_config(path: str | Path, cfg: dict) -> Path:
    """Write the flag dict as the YAML file ms-swift reads as its first CLI argument."""
    return swift.write_config(Path(path), cfg)
