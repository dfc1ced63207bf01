"""Read ms-swift's structured metrics (`logging.jsonl`) while it grows, and tail logs from the end."""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from studio.core.i18n import Text

_CLOCK = re.compile(r"^(?:(\d+)d\s*)?(\d+):(\d{2}):(\d{2})$")  # older ms-swift: 0:01:59
_UNITS = re.compile(r"^(?:(\d+)d\s*)?(?:(\d+)h\s*)?(?:(\d+)m\s*)?(?:(\d+)s)?$")  # 4.x: 1h 2m 3s, 12s


def _seconds(v) -> float | None:
    if isinstance(v, (int, float)):
        return float(v)
    text = str(v).strip()
    m = _CLOCK.match(text) or (_UNITS.match(text) if text else None)
    if not m:
        return None
    d, h, mi, s = (int(x or 0) for x in m.groups())
    return d * 86400 + h * 3600 + mi * 60 + s


def read_jsonl(path: Path) -> list[dict]:
    """Every complete record; a half-written last line (the trainer is mid-write) is skipped."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return []
    rows = []
    for line in data.split(b"\n"):
        line = line.strip()
        if not line:
            continue
        try:
            obj = json.loads(line)
        except ValueError:
            continue
        if isinstance(obj, dict):
            rows.append(obj)
    return rows


@dataclass
class Metrics:
    series: dict[str, list[tuple[int, float]]] = field(default_factory=dict)  # name -> [(step, value)]
    step: int = 0
    max_steps: int = 0
    elapsed_s: float | None = None
    eta_s: float | None = None
    s_per_step: float | None = None
    memory_gib: float | None = None
    final: dict = field(default_factory=dict)  # the train summary row ms-swift writes at the end
    clock: list[tuple[int, float]] = field(default_factory=list)  # (step, seconds since training began)

    @property
    def progress(self) -> float:
        return min(1.0, self.step / self.max_steps) if self.max_steps else 0.0

    def last(self, name: str) -> float | None:
        s = self.series.get(name)
        return s[-1][1] if s else None

    def first(self, name: str) -> float | None:
        s = self.series.get(name)
        return s[0][1] if s else None

    def to_dict(self) -> dict:
        return {
            "step": self.step,
            "max_steps": self.max_steps,
            "progress": round(self.progress, 4),
            "elapsed_s": self.elapsed_s,
            "eta_s": self.eta_s,
            "s_per_step": self.s_per_step,
            "memory_gib": self.memory_gib,
            "last": {k: v[-1][1] for k, v in self.series.items() if v},
            "final": self.final,
        }


_SKIP = {
    "global_step/max_steps",
    "elapsed_time",
    "remaining_time",
    "train_speed(s/it)",
    "train_speed(iter/s)",
    "memory(GiB)",
    "epoch",
}


def parse(rows: list[dict]) -> Metrics:
    m = Metrics()
    for row in rows:
        gs = row.get("global_step/max_steps")
        if isinstance(gs, str) and "/" in gs:
            a, b = gs.split("/", 1)
            if a.strip().isdigit() and b.strip().isdigit():
                m.step, m.max_steps = int(a), int(b)
        if "train_runtime" in row:  # the summary row at the end of training
            m.final = {k: v for k, v in row.items() if isinstance(v, (int, float))}
            continue
        if (v := _seconds(row.get("elapsed_time"))) is not None:
            m.elapsed_s = v
            m.clock.append((m.step, v))
        if (v := _seconds(row.get("remaining_time"))) is not None:
            m.eta_s = v
        if isinstance(row.get("train_speed(s/it)"), (int, float)):
            m.s_per_step = float(row["train_speed(s/it)"])
        elif isinstance(row.get("train_speed(iter/s)"), (int, float)) and row["train_speed(iter/s)"] > 0:
            m.s_per_step = 1.0 / float(row["train_speed(iter/s)"])  # older ms-swift wrote the inverse
        if isinstance(row.get("memory(GiB)"), (int, float)):
            m.memory_gib = float(row["memory(GiB)"])
            m.series.setdefault("memory(GiB)", []).append((m.step, m.memory_gib))
        for k, v in row.items():
            if k in _SKIP or isinstance(v, bool) or not isinstance(v, (int, float)):
                continue
            m.series.setdefault(k, []).append((m.step, float(v)))
    return m


PROGRESS_MARK = "QIXI_PROGRESS"


def progress_line(step: int, total: int, message: Text) -> str:
    """A line the UI parses for a job's bar: both languages travel with it, so the page shows the
    reader's language (the job's process does not know who reads its log)."""
    return f"{PROGRESS_MARK} {step}/{total} " + json.dumps({"zh": message.zh, "en": message.en}, ensure_ascii=False)


def say_progress(step: int, total: int, message: Text) -> None:
    print(progress_line(step, total, message), flush=True)


def progress_message(raw: str) -> Text:
    """The message of a progress line: both languages, or the same words twice (older logs)."""
    raw = raw.strip()
    if raw.startswith("{"):
        try:
            d = json.loads(raw)
            if isinstance(d, dict) and isinstance(d.get("zh"), str) and isinstance(d.get("en"), str):
                return Text(d["zh"], d["en"])
        except ValueError:
            pass
    return Text(raw, raw)


def read_metrics(output_dir: Path) -> Metrics:
    return parse(read_jsonl(Path(output_dir) / "logging.jsonl"))


def tail(path: Path, max_bytes: int = 16384, max_lines: int = 200) -> str:
    """The end of a log, read from the end (logs can be large); progress-bar carriage returns folded."""
    try:
        with open(path, "rb") as fh:
            fh.seek(0, os.SEEK_END)
            size = fh.tell()
            fh.seek(max(0, size - max_bytes))
            data = fh.read()
    except FileNotFoundError:
        return ""
    text = data.decode("utf-8", errors="replace")
    lines = [ln.rsplit("\r", 1)[-1] for ln in text.split("\n")]
    if size > max_bytes:
        lines = lines[1:]  # the first line is probably cut
    return "\n".join(lines[-max_lines:])
