"""How far a job is: ms-swift's metrics for training jobs, `QIXI_PROGRESS` lines for our own steps."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from studio.core.i18n import Text
from studio.engine import swift
from studio.engine.metrics import Metrics, progress_message, read_metrics, tail
from studio.models.pocket import PHASES

_LINE = re.compile(r"QIXI_PROGRESS (\d+)/(\d+)\s*(.*)")


@dataclass
class Progress:
    fraction: float = 0.0
    step: int = 0
    total: int = 0
    eta_s: float | None = None
    message: Text = field(default_factory=lambda: Text("", ""))  # both languages (progress_line)
    metrics: Metrics = field(default_factory=Metrics)

    def to_dict(self) -> dict:
        return {
            "fraction": round(self.fraction, 4),
            "step": self.step,
            "total": self.total,
            "eta_s": self.eta_s,
            "message": self.message(),
            "metrics": self.metrics.to_dict(),
        }


# The pocket build as one bar, from its phases' measured shares of a whole build (2 shared cores, 146 s: tokenizer
# and random model ~4 s, ms-swift's start ~12 s, training ~127 s, install ~3 s). Training moves the bar from
# TRAIN_FROM to TRAIN_TO; the bar never goes back when ms-swift's own numbers appear.
POCKET_PHASE_START = {1: 0.0, 2: 0.02, 3: 0.04, 4: 0.97, 5: 1.0}  # 3: ms-swift is starting (10 s or more)
TRAIN_FROM, TRAIN_TO = 0.10, 0.97
INSTALL_S = 5.0  # after the last step: the final save and the install (measured 3 s; rounded up)
ETA_WINDOW_S = 30.0  # the step rate is measured over the last half minute: load on a shared machine changes
ETA_AFTER = 0.05  # no estimate before 5% of the steps: the first steps run slower than the rest


def steps_text(step: int, total: int, fraction: float) -> str:
    """The one way every view writes how far a job is (job bar, Jobs tab, Train tab)."""
    return f"{step}/{total} ({fraction:.0%})"


def duration_text(s: float | None) -> str:
    """The one way every view writes a duration or an ETA: m:ss, or h:mm:ss from an hour on."""
    if s is None:
        return "–"
    s = int(s)
    return f"{s // 3600}:{s % 3600 // 60:02d}:{s % 60:02d}" if s >= 3600 else f"{s // 60}:{s % 60:02d}"


def seconds_per_step(clock: list[tuple[int, float]], window_s: float = ETA_WINDOW_S) -> float | None:
    """Seconds a step takes lately: over the newest `window_s` of (step, elapsed) points, or all of them."""
    if len(clock) < 2:
        return None
    s1, t1 = clock[-1]
    s0, t0 = clock[0]
    for s, t in reversed(clock[:-1]):
        s0, t0 = s, t
        if t1 - t >= window_s:
            break
    if s1 <= s0 or t1 <= t0:
        return None
    return (t1 - t0) / (s1 - s0)


def pocket_progress(m: Metrics, phase: int, message: Text) -> Progress:
    """One monotone bar and an estimate from this machine's own recent speed (ms-swift's estimate leaves out
    the install and trusts the first steps, so it ran short on a loaded machine)."""
    p = Progress(metrics=m, message=message, step=phase, total=PHASES)
    p.fraction = POCKET_PHASE_START.get(phase, 0.0)
    if phase == 3:
        if m.max_steps:
            p.step, p.total = m.step, m.max_steps
            p.fraction = TRAIN_FROM + (TRAIN_TO - TRAIN_FROM) * m.progress
            # The slower of the recent and the overall speed: on a shared machine, speed tends to drop as others
            # start work, and an estimate that runs out before the job does is the one people stop trusting.
            rates = [r for r in (seconds_per_step(m.clock), seconds_per_step(m.clock, float("inf"))) if r]
            rate = max(rates) if rates else None
            if rate is not None and m.progress >= ETA_AFTER:
                p.eta_s = round((m.max_steps - m.step) * rate + INSTALL_S)
    elif phase == 4:
        p.eta_s = INSTALL_S
    return p


def job_progress(job) -> Progress:
    m = read_metrics(swift.output_dir(job.run_dir))
    if getattr(job, "kind", None) == "build-pocket":
        found = _LINE.findall(tail(job.log_path, max_bytes=1 << 22, max_lines=1 << 20))
        a, _b, msg = found[-1] if found else ("0", "5", "")
        p = pocket_progress(m, int(a), progress_message(msg))
        if job.status == "succeeded":
            p.fraction, p.eta_s = 1.0, None
        return p
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
        p.step, p.total, p.message = int(a), int(b), progress_message(msg)
        p.fraction = min(1.0, p.step / p.total) if p.total else 0.0
    if m.max_steps:
        p.step, p.total, p.eta_s = m.step, m.max_steps, m.eta_s
        p.fraction = m.progress
    if job.status == "succeeded":
        p.fraction = 1.0
    return p
