"""Does SFT + DPO on the sample data make the pocket model prefer, and write, the warm replies?

Runs the whole journey through the `qixi` CLI (each step a real subprocess, as a user would run it):
pocket build (or reuse one already in the workspace) -> sample data -> `train sft` and
`train align --method dpo` with the cpu-pocket preset -> `eval pairs` on the held-out pairs, under the
base pocket model, base + the SFT adapter and base + the final adapter, each with greedy replies to the
first held-out prompts. Writes benchmarks/results/pocket_quality.json and prints the headline numbers.

    python benchmarks/pocket_quality.py [--size demo] [--workspace DIR] [--rebuild] [--generate 5]

Targets (issue 3, demo size): chosen wins by DPO implicit reward on >= 75% of held-out pairs, and by
per-token log-probability on >= 15 points more pairs than under the base model.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a script from anywhere: `studio` is importable
HELDOUT = ROOT / "assets" / "sample" / "pairs_heldout.jsonl"
OUT = ROOT / "benchmarks" / "results" / "pocket_quality.json"
TARGET_REWARD = 0.75
TARGET_LOGP_GAIN = 0.15


def qixi(ws: Path, *args: str) -> tuple[dict, float]:
    """One `qixi ... --json` command; its parsed output and wall seconds."""
    t0 = time.monotonic()
    proc = subprocess.run(
        [sys.executable, "-m", "studio.cli", "--workspace", str(ws), *args, "--json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "MODELSCOPE_OFFLINE": "1", "HF_HUB_OFFLINE": "1"},
    )
    if proc.returncode != 0:
        sys.exit(f"qixi {' '.join(args)} failed:\n{proc.stdout[-2000:]}\n{proc.stderr[-2000:]}")
    return json.loads(proc.stdout), round(time.monotonic() - t0, 1)


def losses(ws: Path, run_id: str) -> list[float]:
    from studio.engine import swift
    from studio.engine.metrics import read_metrics

    return [v for _, v in read_metrics(swift.output_dir(ws / "runs" / run_id)).series.get("loss", [])]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size", choices=("tiny", "demo"), default="demo")
    ap.add_argument("--workspace", type=Path, default=Path("/tmp/qixi-pocket-quality"))
    ap.add_argument("--rebuild", action="store_true", help="build the pocket model even if one is there")
    ap.add_argument("--generate", type=int, default=5, help="held-out prompts to reply to, before and after")
    ap.add_argument("--sft-run", help="reuse this finished SFT run instead of training one")
    a = ap.parse_args()
    ws, model = a.workspace, f"pocket-{a.size}"
    result: dict = {
        "benchmark": "pocket_quality",
        "size": a.size,
        "machine": f"{os.cpu_count()} cores",
        "date": time.strftime("%Y-%m-%d"),
        "heldout_pairs": str(HELDOUT.relative_to(ROOT)),
    }

    card_path = ws / "models" / model / "model.json"
    if a.rebuild or not card_path.is_file():
        built, secs = qixi(ws, "pocket", "build", "--size", a.size)
        result["build"] = {"seconds": secs, "reused": False}
    else:
        result["build"] = {"seconds": None, "reused": True}
    card = json.loads(card_path.read_text(encoding="utf-8"))
    result["build"].update(
        {
            "params": card["params"],
            "pretraining_loss": card["training_loss"],
            "build_seconds_in_card": card.get("build_seconds"),
        }
    )

    sets = {d["kind"]: d["id"] for d in qixi(ws, "data", "sample")[0]["datasets"]}
    if a.sft_run:
        sft, secs = qixi(ws, "train", "show", a.sft_run)
        secs = sft.get("duration_s")
    else:
        sft, secs = qixi(
            ws, "train", "sft", "--model", model, "--dataset", sets["sft"], "--preset", "cpu-pocket", "--wait"
        )
    assert sft["status"] == "succeeded", sft
    sl = losses(ws, sft["id"])
    # As the CLI journey test measures it: the first logged value against the mean of the last 10.
    result["sft"] = {
        "run": sft["id"],
        "seconds": secs,
        "steps": len(sl),
        "loss_first": sl[0],
        "loss_last10_mean": sum(sl[-10:]) / 10,
        "loss_fall": 1 - sum(sl[-10:]) / 10 / sl[0],
    }
    dpo, secs = qixi(
        ws,
        "train",
        "align",
        "--method",
        "dpo",
        "--from",
        sft["id"],
        "--dataset",
        sets["pairs"],
        "--preset",
        "cpu-pocket",
        "--wait",
    )
    assert dpo["status"] == "succeeded", dpo
    dl = losses(ws, dpo["id"])
    result["dpo"] = {
        "run": dpo["id"],
        "seconds": secs,
        "steps": len(dl),
        "loss_first": dl[0],
        "loss_last5_mean": sum(dl[-5:]) / 5,
    }

    gen = ["--generate", str(a.generate)] if a.generate else []
    base, secs_b = qixi(ws, "eval", "pairs", "--model", model, "--pairs", str(HELDOUT), *gen)
    # After SFT alone too: shows what DPO adds (or costs) in how the replies read.
    mid, secs_m = qixi(ws, "eval", "pairs", "--model", model, "--adapter", sft["id"], "--pairs", str(HELDOUT), *gen)
    final, secs_f = qixi(ws, "eval", "pairs", "--model", model, "--adapter", dpo["id"], "--pairs", str(HELDOUT), *gen)
    keep = (
        "pairs",
        "chosen_wins_mean_logp",
        "mean_margin_mean_logp",
        "mean_margin_sum_logp",
        "chosen_wins_reward",
        "mean_reward_margin",
        "avg_reply_chars",
        "distinct_2",
        "repeated_3gram_rate",
    )
    result["eval_base"] = {k: base[k] for k in keep if k in base} | {"seconds": secs_b}
    result["eval_sft"] = {k: mid[k] for k in keep if k in mid} | {"seconds": secs_m}
    result["eval_final"] = {k: final[k] for k in keep if k in final} | {"seconds": secs_f}
    gain = final["chosen_wins_mean_logp"] - base["chosen_wins_mean_logp"]
    result["targets"] = {
        "chosen_wins_reward": {
            "value": final["chosen_wins_reward"],
            "target": TARGET_REWARD,
            "met": final["chosen_wins_reward"] >= TARGET_REWARD,
        },
        "logp_win_gain_points": {
            "value": round(100 * gain, 1),
            "target": 100 * TARGET_LOGP_GAIN,
            "met": gain >= TARGET_LOGP_GAIN,
        },
    }
    result["examples"] = [
        {"prompt": b["prompt"], "base": b["reply"], "after_sft": m["reply"], "after_sft_dpo": f["reply"]}
        for b, m, f in zip(base.get("samples", []), mid.get("samples", []), final.get("samples", []))
    ]
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(
        json.dumps(
            {k: result[k] for k in ("build", "sft", "dpo", "eval_base", "eval_sft", "eval_final", "targets")},
            ensure_ascii=False,
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
