"""How far a job is: ms-swift's metrics for training jobs, `QIXI_PROGRESS` lines for our own steps."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from studio.engine import swift
from studio.engine.metrics import Metrics, read_metrics, tail

_LINE = re.compile(r"QIXI_PROGRESS (\d+)/(\d+)\s*(.*)")


@dataclass
class Progress:
    fraction: float = 0.0
    step: int = 0
    total: int = 0
    eta_s: float | None = None
    message: str = ""
    metrics: Metrics = field(default_factory=Metrics)

    def to_dict(self) -> dict:
        return {"fraction": round(self.fraction, 4), "step": self.step, "total": self.total, "eta_s": self.eta_s,
                "message": self.message, "metrics": self.metrics.to_dict()}


def job_progress(job) -> Progress:
    m = read_metrics(swift.output_dir(job.run_dir))
    p = Progress(metrics=m)
    # A long line (ms-swift prints its whole argument dump at start) can push our last progress line out of a
    # small tail: look further back before concluding there is none.
    found = []
    for size in (8192, 262144):
        found = _LINE.findall(tail(job.log_path, max_bytes=size))
        if found:
            break
    if found:
        a, b, msg = found[-1]
        p.step, p.total, p.message = int(a), int(b), msg.strip()
        p.fraction = min(1.0, p.step / p.total) if p.total else 0.0
    if m.max_steps:
        p.step, p.total, p.eta_s = m.step, m.max_steps, m.eta_s
        p.fraction = m.progress
    if job.status == "succeeded":
        p.fraction = 1.0
    return p
