"""After `train_speed.py --configs C`: merge the studio's QLoRA run and quantize it to 4 bits through
`qixi export`, recording sizes and times (issue 7's GPU check). Writes results/export-<tag>.json.

python3 benchmarks/export_gpu.py --bench-json results/train_speed-TAG.json --shape 1.5b [--copy-to DIR]
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def qixi(ws: Path, *args: str) -> dict:
    proc = subprocess.run(
        [sys.executable, "-m", "studio.cli", "--workspace", str(ws), "--lang", "en", *args, "--json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    try:
        out = json.loads(proc.stdout)
    except ValueError:
        out = {"ok": False, "stdout": proc.stdout[-2000:]}
    out["exit_code"] = proc.returncode
    out["stderr_tail"] = proc.stderr[-2000:]
    return out


def size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def job_log(out: dict, lines: int = 80) -> list[str]:
    """The end of an export job's own log (what ms-swift printed), for the JSON: the sentence the
    studio shows is not enough to fix a failure on a machine that is gone afterwards."""
    log = Path(out["run_dir"]) / "run.log" if out.get("run_dir") else None
    if log is None or not log.is_file():
        return []
    text = log.read_bytes()[-60000:].decode("utf-8", "replace")
    return [x[-500:] for x in text.splitlines()[-lines:]]


def weights_facts(folder: Path) -> dict:
    """What the exported folder holds: dtype and whether config.json says it is quantized."""
    try:
        cfg = json.loads((folder / "config.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    q = cfg.get("quantization_config") or {}
    return {
        "dtype": cfg.get("torch_dtype") or cfg.get("dtype"),
        "quant_method": q.get("quant_method"),
        "load_in_4bit": q.get("load_in_4bit"),
        "files": sorted(p.name for p in folder.iterdir())[:20],
    }


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--bench-json", required=True)
    ap.add_argument("--shape", default="1.5b")
    ap.add_argument("--copy-to")
    a = ap.parse_args()
    bench = json.loads(Path(a.bench_json).read_text())
    run = next(r for r in bench["runs"] if r["shape"] == a.shape and r["config"] == "C" and r.get("studio_run"))
    ws = Path("/tmp/qixi-bench/runs") / bench["tag"] / "studio-ws"
    result = {
        "shape": a.shape,
        "run": run["studio_run"],
        "base_bytes": size(Path(bench["models"][a.shape]["path"]))
        if isinstance(bench.get("models", {}).get(a.shape), dict)
        else None,
    }
    t0 = time.monotonic()
    merged = qixi(ws, "export", "merge", "--run", run["studio_run"], "--wait")
    result["merge"] = {k: merged.get(k) for k in ("status", "meta", "reason", "exit_code", "stderr_tail", "run_dir")}
    result["merge"]["log_tail"] = job_log(merged, 30 if merged.get("status") == "succeeded" else 120)
    result["merge_s"] = round(time.monotonic() - t0, 1)
    dest = Path((merged.get("meta") or {}).get("dest") or "")
    if merged.get("status") == "succeeded" and dest.is_dir():
        result["merged_bytes"] = size(dest)
        result["merged_facts"] = weights_facts(dest)
        t0 = time.monotonic()
        quant = qixi(
            ws, "export", "quantize", "--model", str(dest.relative_to(ws)), "--method", "bnb", "--bits", "4", "--wait"
        )
        result["quantize"] = {
            k: quant.get(k) for k in ("status", "meta", "reason", "exit_code", "stderr_tail", "run_dir")
        }
        result["quantize"]["log_tail"] = job_log(quant, 30 if quant.get("status") == "succeeded" else 120)
        result["quantize_s"] = round(time.monotonic() - t0, 1)
        qdest = Path((quant.get("meta") or {}).get("dest") or "")
        if quant.get("status") == "succeeded" and qdest.is_dir():
            result["quantized_bytes"] = size(qdest)
            result["quantized_facts"] = weights_facts(qdest)
    out = ROOT / "benchmarks" / "results" / f"export-{bench['tag']}.json"
    out.write_text(json.dumps(result, indent=2, default=str) + "\n")
    if a.copy_to:
        shutil.copy(out, a.copy_to)
    print(json.dumps({k: v for k, v in result.items() if k not in ("merge", "quantize")}, indent=2))
    print("merge:", result["merge"].get("status"), "quantize:", (result.get("quantize") or {}).get("status"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
