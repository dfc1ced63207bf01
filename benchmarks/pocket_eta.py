"""The pocket build as its bar reports it: build pocket-<size> through the job system in a fresh workspace,
read the bar's fraction and estimate every 2 s, and compare each estimate with the time that really was left.

`python benchmarks/pocket_eta.py [--size tiny] [--label NAME]` writes benchmarks/results/pocket_eta-NAME.json:
the whole build's seconds, whether the bar ever went back, how long it sat at one value, and the estimates'
worst error (relative to the time left, while at least 10 s were left)."""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from pathlib import Path

from studio.core.workspace import Workspace, atomic_write_json
from studio.jobs.progress import job_progress
from studio.jobs.store import Jobs
from studio.training.train import start_pocket_build

ROOT = Path(__file__).resolve().parent.parent


def trace(ws: Workspace, size: str, every: float = 2.0) -> list[dict]:
    jobs = Jobs(ws)
    job = start_pocket_build(ws, f"pocket-{size}", jobs)
    t0, rows = time.time(), []
    while True:
        j = jobs.get(job.id)
        p = job_progress(j)
        rows.append(
            {
                "t": round(time.time() - t0, 1),
                "status": j.status,
                "fraction": round(p.fraction, 4),
                "step": p.step,
                "total": p.total,
                "eta_s": p.eta_s,
            }
        )
        if not j.active:
            return rows
        time.sleep(every)


def summary(rows: list[dict]) -> dict:
    end = rows[-1]["t"]
    fr = [r["fraction"] for r in rows]
    still, since, last = 0.0, 0.0, None
    for r in rows:
        if r["fraction"] != last:
            still, since, last = max(still, r["t"] - since), r["t"], r["fraction"]
    errs = [
        abs(r["eta_s"] - (end - r["t"])) / (end - r["t"])
        for r in rows
        if r["eta_s"] is not None and r["status"] == "running" and end - r["t"] >= 10
    ]
    first = next((r["t"] for r in rows if r["eta_s"] is not None), None)
    return {
        "status": rows[-1]["status"],
        "build_s": end,
        "went_back": any(b < a for a, b in zip(fr, fr[1:])),
        "longest_at_one_value_s": round(still, 1),
        "first_estimate_at_s": first,
        "worst_estimate_error": round(max(errs), 3) if errs else None,
        "estimate_error_after_half": round(
            max(
                (
                    e
                    for r, e in zip(
                        [r for r in rows if r["eta_s"] is not None and r["status"] == "running" and end - r["t"] >= 10],
                        errs,
                    )
                    if r["t"] >= end / 2
                ),
                default=0.0,
            ),
            3,
        ),
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--size", default="tiny")
    ap.add_argument("--label", default="local")
    a = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="qixi-pocket-eta-") as tmp:
        rows = trace(Workspace.open(tmp), a.size)
    out = {"size": a.size, "cpus": os.cpu_count(), "load_avg_after": os.getloadavg(), **summary(rows), "trace": rows}
    path = atomic_write_json(ROOT / "benchmarks" / "results" / f"pocket_eta-{a.label}.json", out)
    print(json.dumps({k: v for k, v in out.items() if k != "trace"}), "->", path)


if __name__ == "__main__":
    main()
