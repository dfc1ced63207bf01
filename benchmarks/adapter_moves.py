"""Does a short ms-swift SFT move its LoRA adapter? One run per variant, on the studio's own config.

Why: on an H100 the chain's QLoRA runs (80gb preset: micro-batch 16, no checkpointing, Liger, bf16) ended
with every lora_B exactly 0 (benchmarks/results/gpu_checks-h100.json). Each variant here changes one of
those choices, so the one that keeps B at 0 names the cause. `--inspect-base` also prints the spread of
the base's own weights and the gradients of one plain transformers backward pass (no ms-swift): a base
that passes no gradient (all-zero layers, a zero norm) leaves every lora_B at 0 whatever the trainer does.

CPU (the pocket model; bf16 mixed precision is off there, so bnb computes in fp32):
  python benchmarks/adapter_moves.py --model tests/artifacts/pocket-cache/*/pocket-tiny \
      --model-type qwen2 --template qwen --variants lora,qlora --tag cpu
GPU (the chain's random 1.5B base):
  python3 benchmarks/adapter_moves.py --model /tmp/qixi-bench/models/qwen2.5-1.5b --inspect-base \
      --variants qlora+liger,qlora,lora+liger,qlora+liger+ckpt --dtype bfloat16 --micro-batch 16 --tag h100
A variant is a tuner (lora | qlora) with optional +liger and +ckpt (gradient checkpointing).
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def lora_b_max(run_dir: Path) -> dict:
    from safetensors.torch import load_file  # not numpy: it cannot read bf16

    found = sorted(run_dir.rglob("adapter_model.safetensors"), key=lambda p: p.stat().st_mtime)
    if not found:
        return {"checkpoint": None}
    peaks = [float(v.float().abs().max()) for k, v in load_file(str(found[-1])).items() if "lora_B" in k]
    return {
        "checkpoint": str(found[-1].relative_to(run_dir)),
        "lora_B_tensors": len(peaks),
        "max_abs_lora_B": max(peaks, default=0.0),
        "min_per_tensor_max": min(peaks, default=0.0),
    }


def base_spread(model: Path) -> dict:
    """Per kind of weight (q_proj, down_proj, embed_tokens ...): the largest and smallest std over layers."""
    from safetensors.torch import load_file

    kinds: dict[str, list[float]] = {}
    for f in sorted(model.glob("*.safetensors")):
        for name, v in load_file(str(f)).items():
            kinds.setdefault(name.split(".")[-2], []).append(float(v.float().std()))
    return {k: {"min_std": min(s), "max_std": max(s), "tensors": len(s)} for k, s in sorted(kinds.items())}


def grad_probe(model: Path, dtype: str) -> dict:
    """One forward and backward of the plain transformers model on a sample sentence, no ms-swift: the loss
    and, per kind of weight, the largest gradient norm. All-zero gradients here mean the base passes none."""
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    device = "cuda" if torch.cuda.is_available() else "cpu"
    tok = AutoTokenizer.from_pretrained(model)
    m = AutoModelForCausalLM.from_pretrained(model, dtype=getattr(torch, dtype)).to(device)
    text = json.loads((ROOT / "assets" / "sample" / "sft.jsonl").read_text(encoding="utf-8").splitlines()[0])
    ids = tok(json.dumps(text, ensure_ascii=False), return_tensors="pt").input_ids[:, :128].to(device)
    out = m(input_ids=ids, labels=ids)
    out.loss.backward()
    kinds: dict[str, float] = {}
    for name, p in m.named_parameters():
        g = 0.0 if p.grad is None else float(p.grad.float().norm())
        k = name.split(".")[-2]
        kinds[k] = max(kinds.get(k, 0.0), g)
    logits = out.logits.float()
    result = {
        "device": device,
        "tokens": ids.shape[1],
        "loss": float(out.loss.detach()),
        "logit_std": float(logits.detach().std()),
        "max_grad_norm_by_kind": kinds,
    }
    # The same with a padded batch of two (right, then left padding) per attention kernel: a fully masked
    # row gives NaN in some kernels, and 0 x NaN is NaN in the backward pass even where the loss ignores it.
    pad = tok.pad_token_id if tok.pad_token_id is not None else 0
    n = ids.shape[1]
    for impl in ("sdpa", "eager"):
        m.config._attn_implementation = impl
        for side in ("right", "left"):
            batch = torch.full((2, n), pad, device=device)
            mask = torch.zeros((2, n), dtype=torch.long, device=device)
            batch[0], mask[0] = ids[0], 1
            short = ids[0, : n // 2]
            sl = slice(0, n // 2) if side == "right" else slice(n - n // 2, n)
            batch[1, sl], mask[1, sl] = short, 1
            labels = batch.masked_fill(mask == 0, -100)
            m.zero_grad()
            o = m(input_ids=batch, attention_mask=mask, labels=labels)
            o.loss.backward()
            norms = [p.grad.float().norm() for p in m.parameters() if p.grad is not None]
            total = float(torch.stack(norms).norm())
            result[f"padded_{impl}_{side}"] = {"loss": float(o.loss.detach()), "grad_norm": total}
    return result


def run_variant(a, variant: str, work: Path) -> dict:
    from studio.engine import swift as S

    parts = variant.split("+")
    tuner, liger, ckpt = parts[0], "liger" in parts, "ckpt" in parts
    cpu = a.dtype == "float32"
    extra = {"bnb_4bit_compute_dtype": "float32"} if cpu and tuner == "qlora" else {}
    run_dir = work / variant.replace("+", "_")
    shutil.rmtree(run_dir, ignore_errors=True)  # ms-swift appends to an old logging.jsonl
    spec = S.TrainSpec(
        model=str(a.model),
        model_type=a.model_type,
        template=a.template,
        run_dir=run_dir,
        dataset=[str(ROOT / "assets" / "sample" / "sft.jsonl")],
        tuner=tuner,
        torch_dtype=a.dtype,
        max_steps=a.steps,
        batch_size=a.micro_batch,
        gradient_checkpointing=ckpt,
        use_liger_kernel=liger,
        save_steps=a.steps,
        max_length=a.max_length,
        warmup_ratio=0.0,
        extra={**extra, "logging_steps": 1, **dict(kv.split("=", 1) for kv in a.set)},
    )
    cfg = S.write_config(run_dir / "config.yaml", S.train_config(spec))
    t0 = time.monotonic()
    proc = subprocess.run(
        [sys.executable, "-m", "swift.cli.main", "sft", str(cfg)], capture_output=True, text=True, timeout=a.timeout
    )
    row = {"variant": variant, "exit_code": proc.returncode, "seconds": round(time.monotonic() - t0, 1)}
    if proc.returncode:
        row["stderr_tail"] = proc.stderr[-1200:]
    logs = sorted(run_dir.rglob("logging.jsonl"))
    if logs:
        rows = [json.loads(x) for x in logs[0].read_text().splitlines() if x.strip()]
        row["losses"] = [r["loss"] for r in rows if r.get("loss") is not None][: a.steps]
        row["grad_norms"] = [r["grad_norm"] for r in rows if r.get("grad_norm") is not None][: a.steps]
    return {**row, **lora_b_max(run_dir)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", type=Path, required=True)
    ap.add_argument("--model-type")
    ap.add_argument("--template")
    ap.add_argument("--variants", default="lora,qlora")
    ap.add_argument("--dtype", default="float32", help="float32 on a CPU, bfloat16 on a GPU")
    ap.add_argument("--micro-batch", type=int, default=8)
    ap.add_argument("--steps", type=int, default=6)
    ap.add_argument("--max-length", type=int, default=256)
    ap.add_argument("--timeout", type=int, default=900)
    ap.add_argument("--inspect-base", action="store_true")
    ap.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="an ms-swift setting for every variant, e.g. attn_impl=eager",
    )
    ap.add_argument("--work", type=Path, default=Path("/tmp/qixi-adapter-moves"))
    ap.add_argument("--tag", default="run")
    a = ap.parse_args()
    out = {"model": str(a.model), "dtype": a.dtype, "micro_batch": a.micro_batch, "steps": a.steps, "runs": []}
    if a.inspect_base:
        out["base_weight_spread"] = base_spread(a.model)
        out["base_grad_probe"] = grad_probe(a.model, a.dtype)
        print(json.dumps(out["base_grad_probe"]), flush=True)
    for v in a.variants.split(","):
        out["runs"].append(run_variant(a, v.strip(), a.work / a.tag))
        r = out["runs"][-1]
        print(
            f"| {v} | exit {r['exit_code']} | max|lora_B| {r.get('max_abs_lora_B')} | losses {r.get('losses')} |",
            flush=True,
        )
    dest = ROOT / "benchmarks" / "results" / f"adapter_moves-{a.tag}.json"
    dest.write_text(json.dumps(out, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(dest)


if __name__ == "__main__":
    main()
