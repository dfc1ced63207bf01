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
    proc = subprocess.run([sys.executable, "-m", "studio.cli", "--workspace", str(ws), "--lang", "en", *args,
                           "--json"], cwd=ROOT, capture_output=True, text=True, timeout=600)
    try:
        out = json.loads(proc.stdout)
    except ValueError:
        out = {"ok": False, "stdout": proc.stdout[-2000:]}
    out["exit_code"] = proc.returncode
    out["stderr_tail"] = proc.stderr[-2000:]
    return out


def size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--bench-json", required=True)
    ap.add_argument("--shape", default="1.5b")
    ap.add_argument("--copy-to")
    a = ap.parse_args()
    bench = json.loads(Path(a.bench_json).read_text())
    run = next(r for r in bench["runs"] if r["shape"] == a.shape and r["config"] == "C" and r.get("studio_run"))
    ws = Path("/tmp/qixi-bench/runs") / bench["tag"] / "studio-ws"
    result = {"shape": a.shape, "run": run["studio_run"], "base_bytes": size(Path(bench["models"][a.shape]["path"]))
              if isinstance(bench.get("models", {}).get(a.shape), dict) else None}
    t0 = time.monotonic()
    merged = qixi(ws, "export", "merge", "--run", run["studio_run"], "--wait")
    result["merge"] = {k: merged.get(k) for k in ("status", "meta", "reason", "exit_code", "stderr_tail")}
    result["merge_s"] = round(time.monotonic() - t0, 1)
    dest = Path((merged.get("meta") or {}).get("dest") or "")
    if merged.get("status") == "succeeded" and dest.is_dir():
        result["merged_bytes"] = size(dest)
        t0 = time.monotonic()
        quant = qixi(ws, "export", "quantize", "--model", str(dest.relative_to(ws)), "--method", "bnb", "--bits", "4",
                     "--wait")
        result["quantize"] = {k: quant.get(k) for k in ("status", "meta", "reason", "exit_code", "stderr_tail")}
        result["quantize_s"] = round(time.monotonic() - t0, 1)
        qdest = Path((quant.get("meta") or {}).get("dest") or "")
        if quant.get("status") == "succeeded" and qdest.is_dir():
            result["quantized_bytes"] = size(qdest)
    out = ROOT / "benchmarks" / "results" / f"export-{bench['tag']}.json"
    out.write_text(json.dumps(result, indent=2, default=str) + "\n")
    if a.copy_to:
        shutil.copy(out, a.copy_to)
    print(json.dumps({k: v for k, v in result.items() if k not in ("merge", "quantize")}, indent=2))
    print("merge:", result["merge"].get("status"), "quantize:", (result.get("quantize") or {}).get("status"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
