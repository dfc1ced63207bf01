"""ms-swift `infer` over a file of prompts: N sampled replies to each, from one model (+ adapter).

The only place that knows `swift infer`'s flags (swift/arguments/infer_args.py) and the rows it writes
to `result_path`: one JSON object per prompt row, in input order, with the row's `messages` followed
by the generated assistant turn and the reply again under `response`. Extra columns of the input are
not kept, so results are matched to prompts by their messages, not by an id.

Each model gets its own config file (`swift infer CONFIG` reproduces one alone); the job runs them all
in one process (`python -m studio.engine.generate CONFIG...`), so torch and ms-swift load once instead
of twice per model (ms-swift's CLI starts a second interpreter) - most of the time on a small model.
"""

from __future__ import annotations

import gc
import json
import sys
from dataclasses import dataclass
from pathlib import Path

from studio.core.i18n import Text
from studio.core.workspace import atomic_write_jsonl
from studio.engine import swift
from studio.engine.export import Base
from studio.engine.metrics import say_progress


@dataclass(frozen=True)
class InferSpec:
    base: Base
    adapter: str | None  # a LoRA folder on top of `base`, or None
    prompts: Path  # jsonl of {"messages": [...]} ending with the user's turn
    result: Path  # where ms-swift writes its rows
    temperature: float
    max_new_tokens: int
    seed: int
    batch_size: int = 8


def infer_config(spec: InferSpec) -> dict:
    return {
        "model": spec.base.model,
        "model_type": spec.base.model_type,
        "template": spec.base.template,
        "adapters": [spec.adapter] if spec.adapter else None,
        "infer_backend": "transformers",
        "val_dataset": [str(spec.prompts)],
        "val_dataset_shuffle": False,
        "result_path": str(spec.result),
        "write_batch_size": -1,
        "max_batch_size": spec.batch_size,
        # Sampling, so that N copies of a prompt give N different replies; the seed makes a rerun equal.
        "temperature": spec.temperature,
        "top_p": 0.95,
        "max_new_tokens": spec.max_new_tokens,
        "seed": spec.seed,
        "stream": False,
    }


def write(config_path: Path, spec: InferSpec, trust_code: bool = False) -> list[str]:
    """Writes the config next to the job and returns the argv that runs it."""
    return swift.argv("infer", swift.write_config(Path(config_path), infer_config(spec), trust_code))


def write_prompts(path: Path, prompts: list[list[dict]], n: int) -> Path:
    """Each prompt `n` times in a row: one sampled reply per copy."""
    return atomic_write_jsonl(path, [{"messages": p} for p in prompts for _ in range(n)])


def _key(messages: list[dict]) -> str:
    return json.dumps([[m.get("role"), m.get("content")] for m in messages], ensure_ascii=False)


def read_results(path: Path, prompts: list[list[dict]]) -> list[list[str]]:
    """The replies to each prompt, in the order generated. A prompt ms-swift dropped (it skips rows
    it cannot encode) simply has fewer replies; a torn last line is ignored."""
    index: dict[str, int] = {}
    for k, p in enumerate(prompts):
        index.setdefault(_key(p), k)
    out: list[list[str]] = [[] for _ in prompts]
    if not Path(path).is_file():
        return out
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        try:
            row = json.loads(line)
        except json.JSONDecodeError:
            continue
        msgs, reply = row.get("messages") or [], row.get("response")
        if not isinstance(reply, str) or not msgs:
            continue
        k = index.get(_key(msgs[:-1]))
        if k is not None:
            out[k].append(reply)
    return out


def worker_argv(configs: list[Path]) -> list[str]:
    return [sys.executable, "-m", "studio.engine.generate", *map(str, configs)]


def _adapter_name(path: str) -> str:
    """RUN/checkpoint-N for a training run's checkpoint (RUN/output/checkpoint-N), else the folder name."""
    p = Path(path)
    return f"{p.parent.parent.name}/{p.name}" if p.parent.name == swift.OUTPUT else p.name


def _run(configs: list[str]) -> int:
    from swift.arguments import InferArguments  # only in the job's process
    from swift.pipelines import infer_main

    for k, path in enumerate(configs):
        cfg = swift.read_config(Path(path))
        who = Path(cfg["model"]).name + (f" + {_adapter_name(cfg['adapters'][0])}" if cfg.get("adapters") else "")
        say_progress(k, len(configs) + 1, Text(f"正在用 {who} 生成", f"generating with {who}"))
        Path(cfg["result_path"]).unlink(missing_ok=True)  # ms-swift appends to an existing file
        infer_main(InferArguments(**cfg))
        gc.collect()  # the previous model goes before the next loads
    return 0


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit("usage: python -m studio.engine.generate CONFIG [CONFIG ...]")
    sys.exit(_run(sys.argv[1:]))
