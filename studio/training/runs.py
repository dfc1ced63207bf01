"""The registry of training runs: one folder per run under ws.runs, described by its train.json.

A run is a folder; a job is one attempt at it (the first start, then each resume). train.json holds
what the run was started with (settings, base model, dataset, preset, device) and the ids of its jobs;
status and metrics are read from the job store and ms-swift's logging.jsonl, so a page reload or an
app restart loses nothing. Curves and the health line are computed from the same files.
"""

from __future__ import annotations

import json
import math
import os
import secrets
import shutil
import statistics
import time
from dataclasses import dataclass, field
from pathlib import Path

from studio.core.i18n import Text, UserError
from studio.core.workspace import Workspace, atomic_write_json
from studio.engine import swift
from studio.engine.failures import diagnose
from studio.engine.metrics import Metrics, parse, read_jsonl, tail
from studio.jobs.store import Job, Jobs

RECORD = "train.json"
SETTINGS = "settings.json"
PRESET = "preset.yaml"

# Panels of the live plots: (key, title, series names as ms-swift logs them).
SFT_PANELS = [
    ("loss", Text("损失", "Loss"), ("loss", "eval_loss")),
    ("accuracy", Text("词元准确率", "Token accuracy"), ("token_acc", "eval_token_acc")),
    ("lr", Text("学习率", "Learning rate"), ("learning_rate",)),
    ("grad_norm", Text("梯度范数", "Gradient norm"), ("grad_norm",)),
    ("memory", Text("显存 (GiB)", "Memory (GiB)"), ("memory(GiB)",)),
]
ALIGN_PANELS = [
    ("loss", Text("损失", "Loss"), ("loss", "eval_loss")),
    (
        "margins",
        Text("奖励差（好 − 差）", "Reward margin (chosen − rejected)"),
        ("rewards/margins", "eval_rewards/margins"),
    ),
    ("accuracy", Text("奖励准确率", "Reward accuracy"), ("rewards/accuracies", "eval_rewards/accuracies")),
    ("rewards", Text("好/差回复的奖励", "Chosen / rejected rewards"), ("rewards/chosen", "rewards/rejected")),
    ("logps", Text("好/差回复的对数概率", "Chosen / rejected log-probs"), ("logps/chosen", "logps/rejected")),
    ("lr", Text("学习率", "Learning rate"), ("learning_rate",)),
    ("grad_norm", Text("梯度范数", "Gradient norm"), ("grad_norm",)),
    ("memory", Text("显存 (GiB)", "Memory (GiB)"), ("memory(GiB)",)),
]
# Final numbers shown in the history table.
FINAL_KEYS = ("loss", "eval_loss", "token_acc", "rewards/accuracies", "rewards/margins")


def panels(method: str) -> list[tuple[str, Text, tuple[str, ...]]]:
    return SFT_PANELS if method == "sft" else ALIGN_PANELS


@dataclass
class Run:
    id: str
    path: Path
    record: dict
    job: Job | None = None  # the latest attempt
    jobs: list[Job] = field(default_factory=list)

    @property
    def method(self) -> str:
        return self.record.get("settings", {}).get("method", "sft")

    @property
    def kind(self) -> str:
        return "sft" if self.method == "sft" else "align"

    @property
    def status(self) -> str:
        return self.job.status if self.job else "interrupted"

    @property
    def active(self) -> bool:
        return bool(self.job and self.job.active)

    @property
    def name(self) -> str:
        return self.record.get("settings", {}).get("name") or self.id

    @property
    def duration_s(self) -> float:
        return sum(j.duration_s or 0 for j in self.jobs)

    def metrics(self) -> Metrics:
        return read_run_metrics(self.path)

    def checkpoints(self) -> list[Path]:
        """The run's complete checkpoints, oldest first."""
        return swift.checkpoints(self.path)


# ---------------------------------------------------------------------------------------------- store


def run_dir(ws: Workspace, run_id: str) -> Path:
    if not run_id or "/" in run_id or run_id.startswith("."):
        raise UserError(f"训练编号 {run_id!r} 无效。", f"run id {run_id!r} is not valid.")
    return ws.resolve(ws.runs / run_id)


def write_record(path: Path, record: dict) -> None:
    atomic_write_json(path / RECORD, record)


def read_record(path: Path) -> dict | None:
    try:
        data = json.loads((path / RECORD).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def get_run(ws: Workspace, run_id: str, jobs: Jobs | None = None) -> Run:
    path = run_dir(ws, run_id)
    record = read_record(path)
    if record is None:
        raise UserError(
            f"没有编号为 {run_id} 的训练。用 `qixi train list` 查看已有的训练。",
            f"there is no training run {run_id}. `qixi train list` shows the runs.",
        )
    return _attach(Run(run_id, path, record), jobs or Jobs(ws))


def _attach(run: Run, jobs: Jobs) -> Run:
    found = []
    for jid in run.record.get("jobs", []):
        try:
            found.append(jobs.get(jid))
        except UserError:  # the job row was deleted; the run folder stays
            continue
    run.jobs = found
    run.job = found[-1] if found else None
    return run


def list_runs(ws: Workspace, jobs: Jobs | None = None) -> list[Run]:
    """Every training run, newest first."""
    jobs = jobs or Jobs(ws)
    out = []
    for d in ws.runs.iterdir() if ws.runs.is_dir() else []:
        record = read_record(d) if d.is_dir() else None
        if record is not None:
            out.append(_attach(Run(d.name, d, record), jobs))
    return sorted(out, key=lambda r: r.record.get("created", 0), reverse=True)


def add_job(path: Path, job_id: str) -> None:
    record = read_record(path) or {}
    record["jobs"] = [*record.get("jobs", []), job_id]
    write_record(path, record)


def delete_run(ws: Workspace, run_id: str, confirm: bool = False, jobs: Jobs | None = None) -> None:
    """Remove a run with its files and job records. Refuses while it runs, and without `confirm`."""
    jobs = jobs or Jobs(ws)
    run = get_run(ws, run_id, jobs)
    if run.active:
        raise UserError(
            "这次训练还在运行，请先停止它再删除。", "This run is still running: stop it before deleting it."
        )
    if not confirm:
        raise UserError(
            f"删除训练“{run.name}”（{run.id}）会删掉它的所有检查点，无法恢复；请确认后再删。",
            f"Deleting run “{run.name}” ({run.id}) removes all its checkpoints and cannot be undone; "
            "confirm to delete it.",
        )
    for j in run.jobs:
        jobs.delete(j.id)
    # Out of runs/ first, so a crash mid-delete never leaves half a run in the history.
    trash = ws.resolve(ws.tmp / f"deleted-{run.id}-{secrets.token_hex(3)}")
    os.rename(run.path, trash)
    shutil.rmtree(trash, ignore_errors=True)


# ---------------------------------------------------------------------------------------------- metrics


def read_run_metrics(path: Path) -> Metrics:
    """ms-swift's metrics of a run. A resumed run logs the steps after its checkpoint again: the
    later value of a step wins, so the curves never fold back."""
    m = parse(read_jsonl(swift.logging_jsonl(path)))
    for name, pts in m.series.items():
        last: dict[int, float] = {}
        for step, value in pts:
            last[step] = value
        m.series[name] = sorted(last.items())
    m.series.pop("global_step", None)
    m.series.pop("best_metric", None)
    m.series.pop("memory", None)
    return m


def eta_s(m: Metrics) -> float | None:
    """Seconds left: ms-swift's remaining_time when readable, else speed × steps left."""
    if m.eta_s is not None:
        return m.eta_s
    if m.s_per_step and m.max_steps:
        return max(0.0, (m.max_steps - m.step) * m.s_per_step)
    return None


def curves(m: Metrics, method: str, lang: str = "zh", has_val: bool = True) -> dict[str, list[dict]]:
    """Panel key -> long-format rows {step, value, series} (what gr.LinePlot wants, via pandas).

    A panel with any point also gets one empty (NaN) point for each series still to come (validation
    curves start at the first evaluation): a plot keeps the series it saw first and would never draw
    one that appears later."""
    out = {}
    for key, _title, names in panels(method):
        rows, missing = [], []
        for name in names:
            pts = [(step, v) for step, v in m.series.get(name, []) if math.isfinite(v)]
            rows += [{"step": step, "value": v, "series": series_label(name, lang)} for step, v in pts]
            if not pts and (has_val or not name.startswith("eval_")):
                missing.append(name)
        if rows:
            first = min(r["step"] for r in rows)
            rows += [{"step": first, "value": math.nan, "series": series_label(n, lang)} for n in missing]
        out[key] = rows
    return out


SERIES_TEXT = {
    "loss": Text("训练损失", "train loss"),
    "eval_loss": Text("验证损失", "validation loss"),
    "token_acc": Text("训练", "train"),
    "eval_token_acc": Text("验证", "validation"),
    "learning_rate": Text("学习率", "learning rate"),
    "grad_norm": Text("梯度范数", "grad norm"),
    "memory(GiB)": Text("显存", "memory"),
    "rewards/margins": Text("训练", "train"),
    "eval_rewards/margins": Text("验证", "validation"),
    "rewards/accuracies": Text("训练", "train"),
    "eval_rewards/accuracies": Text("验证", "validation"),
    "rewards/chosen": Text("好回复", "chosen"),
    "rewards/rejected": Text("差回复", "rejected"),
    "logps/chosen": Text("好回复", "chosen"),
    "logps/rejected": Text("差回复", "rejected"),
}


def series_label(name: str, lang: str) -> str:
    t = SERIES_TEXT.get(name)
    return t(lang) if t else name


def final_metrics(m: Metrics) -> dict:
    out = {k: m.last(k) for k in FINAL_KEYS if m.last(k) is not None}
    if m.final.get("train_runtime") is not None:
        out["train_runtime_s"] = m.final["train_runtime"]
    return out


def tokens_per_s(m: Metrics, record: dict) -> float | None:
    """Approximate: average sample length × samples per step ÷ seconds per step."""
    avg = record.get("data", {}).get("avg_tokens")
    per_step = record.get("samples_per_step")
    if not (avg and per_step and m.s_per_step):
        return None
    return avg * per_step / m.s_per_step


# ---------------------------------------------------------------------------------------------- health

H = {
    "waiting": Text(
        "等待第一批训练步……（模型加载和数据准备需要一点时间）",
        "Waiting for the first steps… (loading the model and preparing the data takes a moment)",
    ),
    "nan": Text(
        "损失变成了 NaN：请把学习率调低（例如减半）后重新开始。",
        "Loss is NaN: lower the learning rate (for example halve it) and start again.",
    ),
    "falling": Text("损失在正常下降。", "Loss is falling normally."),
    "flat": Text(
        "损失几乎没变：学习率可能太小，或者数据太少。",
        "Loss is flat: the learning rate may be too low, or the data too small.",
    ),
    "rising": Text(
        "损失在上升：学习率可能太大，试着调低。", "Loss is rising: the learning rate may be too high; try lowering it."
    ),
    "overfit": Text(
        "训练损失在降，验证损失却在升：模型开始死记硬背了，减少轮数或增加数据。",
        "Training loss falls while validation loss rises: the model starts memorising; use fewer epochs or more data.",
    ),
    "acc_memorise": Text(
        "准确率已接近 100%：模型可能在背答案，考虑减少轮数。",
        "Accuracy is near 100%: the model may be memorising; consider fewer epochs.",
    ),
    "pairs_easy": Text(
        "{n} 步后奖励准确率就到了 100%：偏好对可能太容易，或者模型在死记硬背。",
        "Accuracy 100% after {n} steps: pairs may be too easy or the model is memorising.",
    ),
    "margin_up": Text(
        "奖励差在变大：模型越来越偏向好回复，正常。",
        "Reward margins are growing: the model prefers the chosen replies more and more, as it should.",
    ),
    "margin_neg": Text(
        "奖励差是负的：模型更偏向差回复了，请检查偏好对是不是弄反了。",
        "Reward margins are negative: the model prefers the rejected replies; check the pairs are not swapped.",
    ),
    "spikes": Text(
        "梯度范数出现尖峰：训练不太稳定，可以调低学习率。",
        "Gradient norm spikes: training is unstable; consider a lower learning rate.",
    ),
    "early": Text(
        "刚开始训练，曲线还太短，看不出趋势。", "Training has just started; the curves are too short to show a trend."
    ),
    "short": Text("这次训练步数太少，看不出趋势。", "This run was too short to show a trend."),
}


def _trend(values: list[float]) -> float:
    """Relative change from the first third to the last third (negative: falling)."""
    n = len(values)
    k = max(1, n // 3)
    a, b = statistics.fmean(values[:k]), statistics.fmean(values[-k:])
    return (b - a) / (abs(a) or 1.0)


def health(m: Metrics, method: str, active: bool = True) -> Text:
    """One plain-language sentence about how the run is going (or went)."""
    loss = [v for _, v in m.series.get("loss", [])]
    if any(not math.isfinite(v) for v in loss):
        return H["nan"]
    if not loss:
        return H["waiting"]
    grad = [v for _, v in m.series.get("grad_norm", []) if math.isfinite(v)]
    if method != "sft":
        acc = m.series.get("rewards/accuracies", [])
        for step, value in acc:
            if value >= 0.999 and step <= 20 and len(acc) >= 3 and all(v >= 0.999 for _, v in acc[-3:]):
                return H["pairs_easy"].format(n=step)
        margins = [v for _, v in m.series.get("rewards/margins", [])]
        if len(margins) >= 5 and statistics.fmean(margins[-3:]) < 0 and _trend(margins) < 0:
            return H["margin_neg"]
    if len(loss) < 4:
        return H["early"] if active else H["short"]
    if len(grad) >= 8:
        med = statistics.median(grad[:-1])
        if med > 0 and grad[-1] > 10 * med:
            return H["spikes"]
    ev = [v for _, v in m.series.get("eval_loss", [])]
    t = _trend(loss)
    if len(ev) >= 3 and ev[-1] > min(ev) * 1.05 and t < -0.02:
        return H["overfit"]
    if method == "sft":
        acc = [v for _, v in m.series.get("token_acc", [])]
        if acc and statistics.fmean(acc[-3:]) >= 0.99:
            return H["acc_memorise"]
    else:
        margins = [v for _, v in m.series.get("rewards/margins", [])]
        if len(margins) >= 4 and _trend(margins) > 0 and margins[-1] > 0:
            return H["margin_up"]
    if t < -0.02:
        return H["falling"]
    if t > 0.05:
        return H["rising"]
    return H["flat"]


def failure_reason(run: Run) -> Text | None:
    """The sentence a failed attempt carries (from the job store), or one read from its log."""
    if not run.job or run.job.status != "failed":
        return None
    return run.job.reason or diagnose(tail(run.job.log_path)).text


def failure_code(run: Run) -> str | None:
    if not run.job or run.job.status != "failed":
        return None
    return diagnose(tail(run.job.log_path)).code


def summary(run: Run, lang: str = "zh") -> dict:
    """One row of the run history (JSON-able)."""
    s = run.record.get("settings", {})
    m = run.metrics()
    return {
        "id": run.id,
        "name": run.name,
        "method": run.method,
        "status": run.status,
        "base": run.record.get("model", {}).get("label") or s.get("model"),
        "dataset": run.record.get("data", {}).get("name") or s.get("dataset"),
        "preset": run.record.get("preset"),
        "from_run": s.get("from_run") or None,
        "created": run.record.get("created"),
        "duration_s": round(run.duration_s, 1),
        "step": m.step,
        "max_steps": m.max_steps,
        "final": final_metrics(m),
        "checkpoints": [p.name for p in swift.checkpoints(run.path)],
        "jobs": [j.id for j in run.jobs],
    }


def diff_settings(runs: list[Run]) -> list[dict]:
    """The settings that differ between runs: [{setting, <run id>: value, ...}]."""
    keys: list[str] = []
    for r in runs:
        for k in r.record.get("settings", {}):
            if k not in keys:
                keys.append(k)
    out = []
    for k in keys:
        values = [r.record.get("settings", {}).get(k) for r in runs]
        if any(v != values[0] for v in values[1:]):
            out.append({"setting": k, **{r.id: json.dumps(v, ensure_ascii=False) for r, v in zip(runs, values)}})
    return out


def overlay(runs: list[Run], series: str = "loss") -> list[dict]:
    """Long-format rows {step, value, series=<run name>} of one metric across runs."""
    rows = []
    for r in runs:
        for step, value in r.metrics().series.get(series, []):
            if math.isfinite(value):
                rows.append({"step": step, "value": value, "series": f"{r.name} ({r.method})"})
    return rows


def now() -> float:
    return time.time()
