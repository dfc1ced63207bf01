"""The model registry: every model in the workspace, its checkpoints and its card; merge, quantize, export.

What counts as a model:
* folders with a `model.json` in ws.models/ and ws.exports/ (bases such as the pocket model, merged
  and quantized models, exported copies), plus any folder a finished export job wrote elsewhere in
  the workspace;
* training runs (jobs of kind sft / align): each complete checkpoint is a LoRA adapter over the
  run's base (or full weights for a full fine-tune), so any checkpoint can be picked, not only the last.

Merge, quantize and export run as background jobs (`run_export`, started as `python -m studio.jobs.body
export JOB_DIR`): each starts ms-swift (or copies files), then writes the model card (`model.json` + `README.md`) and moves
the finished folder into place, so the registry never lists half a model.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from studio.core.i18n import Text, UserError
from studio.core.workspace import OutsideWorkspace, Workspace, atomic_write_json, atomic_write_text
from studio.engine import export as engine
from studio.engine import swift
from studio.engine.metrics import read_metrics, say_progress
from studio.jobs.store import LIGHT_MODEL_BYTES, Job, Jobs, body_argv, new_id
from studio.training import runs as R

CARD = "model.json"
README = "README.md"
PLAN = "export.json"
RUN_KINDS = ("sft", "align")
EXPORT_JOB_KINDS = ("merge", "export")
MODEL_KINDS = ("base", "merged", "quantized", "export", "adapter")
# Metrics a card shows, in ms-swift's logging.jsonl names.
CARD_METRICS = ("loss", "eval_loss", "rewards/accuracies", "rewards/margins", "rewards/chosen", "rewards/rejected")

KIND_TEXT = {
    "base": Text("基础模型", "base model"),
    "merged": Text("已合并", "merged"),
    "quantized": Text("已量化", "quantized"),
    "export": Text("导出的副本", "exported copy"),
    "adapter": Text("导出的适配器", "exported adapter"),
    "sft": Text("学说话训练 (SFT)", "learn-to-talk run (SFT)"),
    "align": Text("偏好学习训练 (DPO 等)", "preference run (DPO etc.)"),
}


# ----------------------------------------------------------------------------------------- records


@dataclass(frozen=True)
class Checkpoint:
    step: int
    path: Path
    adapter: bool  # LoRA weights that need the base; False: full weights
    loss: float | None  # training loss logged at (or just before) this step
    size_bytes: int

    def to_dict(self) -> dict:
        return {
            "step": self.step,
            "path": str(self.path),
            "adapter": self.adapter,
            "loss": self.loss,
            "size_bytes": self.size_bytes,
        }


@dataclass
class ModelEntry:
    id: str  # model folder: its name (ws.models) or path in the workspace; run: its job id
    kind: str  # one of MODEL_KINDS, or "sft" / "align" for a run
    name: str
    path: Path  # the model folder, or the run folder
    model_type: str | None = None
    template: str | None = None
    base_path: str | None = None  # runs and adapters: the model they were trained on
    method: str | None = None  # sft, dpo, simpo, ...
    tuner: str | None = None  # lora, qlora, full
    status: str | None = None  # runs: the job's status
    checkpoints: list[Checkpoint] = field(default_factory=list)
    card: dict = field(default_factory=dict)
    size_bytes: int = 0
    created_at: float = 0.0

    @property
    def is_run(self) -> bool:
        return self.kind in RUN_KINDS

    @property
    def is_adapter(self) -> bool:
        """Weights that run only on top of `base_path` (a LoRA run or an exported adapter)."""
        if self.kind == "adapter":
            return True
        return self.is_run and bool(self.checkpoints) and self.checkpoints[-1].adapter

    def checkpoint(self, step: int | None = None) -> Checkpoint:
        """The checkpoint with this step, or the newest complete one."""
        if not self.checkpoints:
            raise UserError(
                f"“{self.name}”还没有完整的检查点：等训练至少保存一次后再试。",
                f"“{self.name}” has no complete checkpoint yet: wait until training has saved once.",
            )
        if step is None:
            return self.checkpoints[-1]
        for c in self.checkpoints:
            if c.step == step:
                return c
        steps = ", ".join(str(c.step) for c in self.checkpoints)
        raise UserError(
            f"“{self.name}”没有第 {step} 步的检查点，可选：{steps}。",
            f"“{self.name}” has no checkpoint at step {step}; choose one of: {steps}.",
        )

    def weights(self, step: int | None = None) -> tuple[engine.Base, Path | None]:
        """What ms-swift loads: the base model, plus the adapter folder for a LoRA checkpoint."""
        if self.kind == "adapter":
            return engine.Base(self.base_path or "", self.model_type, self.template), self.path
        if self.is_run:
            ckpt = self.checkpoint(step)
            if ckpt.adapter:
                return engine.Base(self.base_path or "", self.model_type, self.template), ckpt.path
            return engine.Base(str(ckpt.path), self.model_type, self.template), None
        return engine.Base(str(self.path), self.model_type, self.template), None

    def display_name(self, lang: str | None = None) -> str:
        """The card's name in `lang` when it has one per language."""
        return _name_of(self.card, self.name, lang) if isinstance(self.card.get("name"), dict) else self.name

    def label(self, lang: str | None = None) -> str:
        return f"{self.display_name(lang)} · {KIND_TEXT.get(self.kind, Text(self.kind, self.kind))(lang)}"

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "kind": self.kind,
            "name": self.name,
            "path": str(self.path),
            "model_type": self.model_type,
            "template": self.template,
            "base_path": self.base_path,
            "method": self.method,
            "tuner": self.tuner,
            "status": self.status,
            "checkpoints": [c.to_dict() for c in self.checkpoints],
            "size_bytes": self.size_bytes,
            "card": self.card,
            "created_at": self.created_at,
        }


# ---------------------------------------------------------------------------------------- listing


def light_model(model_dir: str | Path) -> bool:
    """A local model small enough (the pocket model) to score or generate with on the CPU, beside a job that
    holds the device slot. A hub id or a missing folder is not light: it may be any size."""
    path = Path(model_dir)
    return path.is_dir() and folder_size(path) < LIGHT_MODEL_BYTES


def folder_size(path: Path) -> int:
    """Bytes of the files under `path` (symlinks are not followed)."""
    path = Path(path)
    if path.is_file():
        return path.stat().st_size
    total = 0
    for root, _dirs, files in os.walk(path):
        for f in files:
            try:
                st = os.lstat(os.path.join(root, f))
            except OSError:
                continue
            if not os.path.islink(os.path.join(root, f)):
                total += st.st_size
    return total


def fmt_bytes(n: int | None) -> str:
    if n is None:
        return "–"
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n:.1f} TB"


def _read_card(folder: Path) -> dict | None:
    try:
        card = json.loads((folder / CARD).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return card if isinstance(card, dict) else None


def _name_of(card: dict, fallback: str, lang: str | None = None) -> str:
    name = card.get("name")
    if isinstance(name, dict):
        return str(name.get(lang or "zh") or name.get("zh") or name.get("en") or fallback)
    return str(name or fallback)


def folder_id(ws: Workspace, folder: Path) -> str:
    """The registry id of a model folder: its name in ws.models, else its path inside the workspace."""
    return folder.name if folder.parent == ws.models else folder.relative_to(ws.root).as_posix()


def _folder_entry(ws: Workspace, folder: Path, card: dict) -> ModelEntry:
    entry_id = folder_id(ws, folder)
    kind = card.get("kind") if card.get("kind") in MODEL_KINDS else "base"
    base = card.get("base") if isinstance(card.get("base"), dict) else {}
    source = card.get("source") if isinstance(card.get("source"), dict) else {}
    return ModelEntry(
        id=entry_id,
        kind=kind,
        name=_name_of(card, folder.name),
        path=folder,
        model_type=card.get("model_type"),
        template=card.get("template"),
        base_path=base.get("path") if kind == "adapter" else None,
        method=source.get("method"),
        tuner=source.get("tuner"),
        card=card,
        size_bytes=int(card.get("size_bytes") or 0) or folder_size(folder),
        created_at=folder.stat().st_mtime,
    )


def _checkpoints(run_dir: Path) -> list[Checkpoint]:
    losses = read_metrics(swift.output_dir(run_dir)).series.get("loss", [])
    out = []
    for path in swift.checkpoints(run_dir):
        step = swift.checkpoint_step(path)
        before = [v for s, v in losses if s <= step]
        out.append(Checkpoint(step, path, engine.is_adapter(path), before[-1] if before else None, _weights_size(path)))
    return out


def _weights_size(folder: Path) -> int:
    """Size without the files kept only to resume training (what an export would hold)."""
    return sum(p.stat().st_size for p in folder.iterdir() if p.is_file() and not engine.TRAINING_STATE.match(p.name))


def _run_entry(run_dir: Path, kind: str | None, name: str, status: str | None, created_at: float) -> ModelEntry | None:
    cfg = engine.read_config(run_dir)
    if not cfg or "tuner_type" not in cfg and "train_type" not in cfg:
        return None
    method = engine.run_method(cfg)
    return ModelEntry(
        id=run_dir.name,
        kind=kind or ("sft" if method == "sft" else "align"),
        name=name,
        path=run_dir,
        model_type=cfg.get("model_type"),
        template=cfg.get("template"),
        base_path=str(cfg.get("model") or ""),
        method=method,
        tuner=engine.run_tuner(cfg),
        status=status,
        checkpoints=_checkpoints(run_dir),
        card={"settings": engine.card_settings(cfg)},
        created_at=created_at,
    )


def list_models(ws: Workspace, jobs: Jobs | None = None) -> list[ModelEntry]:
    """Every model and run in the workspace: model folders first (newest first), then runs."""
    jobs = jobs or Jobs(ws)
    folders: dict[Path, ModelEntry] = {}
    candidates = [d for top in (ws.models, ws.exports) if top.is_dir() for d in top.iterdir()]
    for job in jobs.list(kinds=EXPORT_JOB_KINDS):
        if job.status == "succeeded" and job.meta.get("dest"):
            candidates.append(Path(job.meta["dest"]))
    for folder in candidates:
        if folder.name.startswith(".") or not folder.is_dir() or not ws.contains(folder):
            continue
        card = _read_card(folder)
        if card is not None and folder.resolve() not in folders:
            folders[folder.resolve()] = _folder_entry(ws, folder, card)
    runs: dict[Path, ModelEntry] = {}
    # Training runs as the Train tab records them (a run may have several jobs: start, resumes) ...
    for run in R.list_runs(ws, jobs):
        created = float(run.record.get("created") or 0) or run.path.stat().st_mtime
        if (entry := _run_entry(run.path, run.kind, run.name, run.status, created)) is not None:
            runs[run.path.resolve()] = entry
    # ... and training jobs started without that record (scripts, older runs): the newest job wins.
    for job in jobs.list(kinds=RUN_KINDS):
        key = job.run_dir.resolve()
        if (
            key not in runs
            and (entry := _run_entry(job.run_dir, job.kind, job.title or job.run_dir.name, job.status, job.created_at))
            is not None
        ):
            runs[key] = entry
    return sorted(folders.values(), key=lambda e: -e.created_at) + sorted(runs.values(), key=lambda e: -e.created_at)


def parse_ref(ref: str) -> tuple[str, int | None]:
    """`ID` or `ID@STEP` (a run's checkpoint)."""
    ref = (ref or "").strip()
    m = re.fullmatch(r"(.+?)@(?:checkpoint-)?(\d+)", ref)
    return (m.group(1), int(m.group(2))) if m else (ref, None)


def get_model(ws: Workspace, ref: str, jobs: Jobs | None = None, entries: list[ModelEntry] | None = None) -> ModelEntry:
    """A model by id, folder name or path inside the workspace (a checkpoint suffix `@N` is ignored here).
    Pass `entries` when the caller has listed the models already (listing reads every run folder)."""
    model_id, _ = parse_ref(ref)
    entries = entries if entries is not None else list_models(ws, jobs)
    for e in entries:
        if model_id in (e.id, e.path.name):
            return e
    if model_id:
        try:
            p = ws.resolve(model_id)
        except OutsideWorkspace:
            p = None
        for e in entries:
            if p is not None and e.path.resolve() == p:
                return e
    known = ", ".join(e.id for e in entries[:8]) or "—"
    raise UserError(
        f"找不到模型“{model_id}”。可用 `qixi models list` 查看，已有：{known}。",
        f"No model “{model_id}”. See `qixi models list`; available: {known}.",
    )


def adapters_for(entries: list[ModelEntry], base: ModelEntry) -> list[ModelEntry]:
    """Runs and exported adapters trained on `base` that have LoRA weights to load."""
    target = str(Path(base.path).resolve())
    out = []
    for e in entries:
        if e.is_adapter and e.base_path and _same_path(e.base_path, target):
            out.append(e)
    return out


def _same_path(a: str, b: str) -> bool:
    try:
        return Path(a).resolve() == Path(b).resolve()
    except OSError:
        return a == b


def base_entry(ws: Workspace, entry: ModelEntry, entries: list[ModelEntry] | None = None) -> ModelEntry | None:
    """The registry entry of a run's (or adapter's) base model, when it lives in the workspace."""
    if not entry.base_path:
        return None
    for e in entries if entries is not None else list_models(ws):
        if not e.is_run and e.kind != "adapter" and _same_path(str(e.path), entry.base_path):
            return e
    return None


# ------------------------------------------------------------------------------------------ cards


def data_cards(ws: Workspace, paths: list[str]) -> list[dict]:
    """The dataset cards (name, kind, counts) behind a run's dataset files."""
    out = []
    for p in paths:
        info: dict = {"path": p}
        try:
            real = ws.resolve(p)
        except (OutsideWorkspace, OSError):
            real = None
        if real is not None and ws.datasets in real.parents:
            ds_dir = ws.datasets / real.relative_to(ws.datasets).parts[0]
            card = _read_json(ds_dir / "card.json")
            if card:
                info.update(
                    {
                        "id": ds_dir.name,
                        "name": card.get("name", ds_dir.name),
                        "kind": card.get("kind"),
                        "counts": card.get("counts", {}),
                    }
                )
        out.append(info)
    return out


def _read_json(path: Path) -> dict | None:
    try:
        d = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return d if isinstance(d, dict) else None


def run_metrics(run_dir: Path) -> dict:
    m = read_metrics(swift.output_dir(run_dir))
    out = {k: round(v, 6) for k, v in m.final.items() if isinstance(v, (int, float))}
    for k in CARD_METRICS:
        if (v := m.last(k)) is not None:
            out.setdefault(f"last_{k}", round(v, 6))
    return out


def build_card(
    ws: Workspace,
    entry: ModelEntry,
    kind: str,
    name: str,
    step: int | None = None,
    quant: dict | None = None,
    entries: list[ModelEntry] | None = None,
) -> dict:
    """The card of a model made from `entry` (base, data, method, settings, metrics)."""
    card: dict = {
        "kind": kind,
        "name": {"zh": name, "en": name},
        "model_type": entry.model_type,
        "template": entry.template,
        "created_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    }
    if entry.is_run:
        ckpt = entry.checkpoint(step)
        cfg = engine.read_config(entry.path)
        base = base_entry(ws, entry, entries)
        card["base"] = {"id": base.id if base else None, "name": base.name if base else None, "path": entry.base_path}
        card["source"] = {
            "run": entry.id,
            "run_name": entry.name,
            "checkpoint": ckpt.step,
            "checkpoint_path": str(ckpt.path),
            "method": entry.method,
            "tuner": entry.tuner,
        }
        card["data"] = data_cards(ws, engine.run_datasets(cfg))
        card["settings"] = engine.card_settings(cfg)
        card["metrics"] = run_metrics(entry.path) | ({"checkpoint_loss": ckpt.loss} if ckpt.loss is not None else {})
    else:
        # A model folder: keep what its own card says about where it came from.
        for k in ("base", "source", "data", "settings", "metrics", "note"):
            if k in entry.card:
                card[k] = entry.card[k]
        card.setdefault("base", {"id": entry.id, "name": entry.name, "path": str(entry.path)})
    if quant:
        card["quant"] = quant
    return card


# Readable names of the metrics ms-swift logs (cards, the Train tab's comparison).
METRIC_TEXT = {
    "loss": Text("训练损失", "train loss"),
    "eval_loss": Text("验证损失", "validation loss"),
    "token_acc": Text("词元准确率", "token accuracy"),
    "eval_token_acc": Text("验证词元准确率", "validation token accuracy"),
    "rewards/margins": Text("奖励差", "reward margin"),
    "rewards/accuracies": Text("奖励准确率", "reward accuracy"),
    "rewards/chosen": Text("好回复的奖励", "chosen reward"),
    "rewards/rejected": Text("差回复的奖励", "rejected reward"),
    "learning_rate": Text("学习率", "learning rate"),
    "grad_norm": Text("梯度范数", "gradient norm"),
    "train_runtime": Text("训练用时（秒）", "training time (s)"),
    "train_loss": Text("平均训练损失", "mean train loss"),
    "train_samples_per_second": Text("每秒样本数", "samples per second"),
    "train_steps_per_second": Text("每秒步数", "steps per second"),
    "total_flos": Text("总计算量", "total FLOs"),
    "epoch": Text("轮数", "epochs"),
    "train_speed(s/it)": Text("每步秒数", "seconds per step"),
    "checkpoint_loss": Text("检查点处的损失", "loss at the checkpoint"),
}


def metric_name(key: str, lang: str | None = None) -> str:
    """A metric's readable name followed by a space ('' for a key we have no name for: the key alone)."""
    base = key[5:] if key.startswith("last_") else key
    t = METRIC_TEXT.get(base)
    if t is None:
        return ""
    return (Text("最后的", "last ")(lang) if key.startswith("last_") else "") + t(lang) + " "


def render_card(card: dict, lang: str | None = None) -> str:
    """A model card as Markdown in one language (README.md holds both)."""
    zh = (lang or "zh") == "zh"
    name = _name_of(card, "model", lang)
    rows = [
        (
            ("类型", "kind"),
            KIND_TEXT.get(card.get("kind"), Text(str(card.get("kind")), str(card.get("kind"))))("zh" if zh else "en"),
        )
    ]
    base = card.get("base") or {}
    if base:
        rows.append(
            (("基础模型", "base model"), f"{base.get('name') or base.get('id') or ''} `{base.get('path', '')}`")
        )
    if card.get("model_type"):
        rows.append(
            (
                ("架构", "architecture"),
                f"`{card['model_type']}` / " + ("模板" if zh else "template") + f" `{card.get('template')}`",
            )
        )
    src = card.get("source") or {}
    if src:
        rows.append((("方法", "method"), f"{(src.get('method') or '').upper()} · {src.get('tuner') or ''}"))
        rows.append(
            (("来源", "from"), f"{src.get('run_name') or src.get('run')} · `checkpoint-{src.get('checkpoint')}`")
        )
    for d in card.get("data") or []:
        counts = d.get("counts") or {}
        n = counts.get("train", counts.get("kept", ""))
        size = (f" · {n} 条" if zh else f" · {n} rows") if counts else ""
        rows.append((("数据", "data"), f"{d.get('name') or d.get('path')} (`{d.get('kind') or '?'}`){size}"))
    if card.get("quant"):
        q = card["quant"]
        rows.append((("量化", "quantization"), f"{q.get('method', '').upper()} {q.get('bits')}-bit"))
    if card.get("size_bytes"):
        before = card.get("source_size_bytes")
        rows.append((("大小", "size"), (f"{fmt_bytes(before)} → " if before else "") + fmt_bytes(card["size_bytes"])))
    out = [f"### {name}", "", "| | |", "|---|---|"]
    out += [f"| {k[0] if zh else k[1]} | {v} |" for k, v in rows]
    settings = card.get("settings") or {}
    if settings:
        out += ["", "**设置**" if zh else "**Settings**", ""]
        out += [f"- `{k}`: {v}" for k, v in settings.items()]
    metrics = card.get("metrics") or {}
    if metrics:
        out += ["", "**指标**" if zh else "**Metrics**", ""]
        # ms-swift's keys stay as code beside a readable name, so both a person and a script find them.
        out += [
            f"- {metric_name(k, lang)}`{k}`: " + (f"{v:.4g}" if isinstance(v, float) else f"{v}")
            for k, v in metrics.items()
        ]
    note = card.get("note")
    if isinstance(note, dict) and note.get("zh" if zh else "en"):
        out += ["", f"> {note['zh' if zh else 'en']}"]
    return "\n".join(out) + "\n"


def readme(card: dict) -> str:
    return render_card(card, "zh") + "\n---\n\n" + render_card(card, "en")


# --------------------------------------------------------------------------------- export jobs


@dataclass
class ExportPlan:
    """What one export job does; written to export.json in the job folder."""

    job_id: str
    kind: str  # merge | quantize | copy
    dest: str  # the finished model folder
    staging: str  # where it is built (renamed to dest at the end)
    card: dict
    swift: bool  # run ms-swift's config.yaml in the job folder
    copy_from: str | None = None
    source_size_bytes: int = 0

    def to_dict(self) -> dict:
        return dict(self.__dict__)


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "-", text).strip("-.")[:60] or "model"


def resolve_dest(ws: Workspace, dest: str | None, default_name: str, parent: Path | None = None) -> Path:
    """The folder an export writes: inside the workspace, new, not one of the workspace's own folders.
    No `dest`: a fresh folder named after the model in `parent` (ws.models by default)."""
    if dest is None or not str(dest).strip():
        base = (parent or ws.models) / _slug(default_name)
        path, n = base, 2
        while path.exists():
            path, n = base.with_name(f"{base.name}-{n}"), n + 1
        return path
    try:
        path = ws.resolve(str(dest).strip())
    except OutsideWorkspace:
        raise UserError(
            f"导出文件夹“{dest}”不在工作区里：请填工作区里的路径，例如 exports/my-model。",
            f"The export folder “{dest}” is outside the workspace: give a path inside it, "
            "for example exports/my-model.",
        ) from None
    protected = {
        ws.root,
        *(ws.root / d for d in ("uploads", "datasets", "runs", "models", "annotate", "exports", "tmp", "logs")),
    }
    if path in protected or ws.runs in path.parents or ws.datasets in path.parents:
        raise UserError(
            f"不能导出到“{dest}”：这是工作区自己的文件夹。请换一个，例如 exports/my-model。",
            f"Cannot export into “{dest}”: it is one of the workspace's own folders. "
            "Choose another, for example exports/my-model.",
        )
    if path.exists():
        raise UserError(
            f"文件夹“{dest}”已经存在：请换一个名字，或先删除它。",
            f"The folder “{dest}” already exists: choose another name or delete it first.",
        )
    return path


def trusts_code(ws: Workspace, model: str | None) -> bool:
    """The person's consent to run a model folder's own code (swift.ships_code): they ticked “trust model
    code” on a run that trained from that folder, or the folder is an export of such a run (its card names it)."""
    if not model:
        return False
    try:
        target = Path(model).resolve()
        card = json.loads((target / CARD).read_text(encoding="utf-8")) if (target / CARD).is_file() else {}
    except (OSError, ValueError):
        card = {}
    source = (card.get("source") or {}) if isinstance(card, dict) else {}
    source_run = source.get("run") if isinstance(source, dict) else None
    for path in ws.runs.iterdir() if ws.runs.is_dir() else ():
        rec = R.read_record(path) or {}
        if not (rec.get("settings") or {}).get("trust_remote_code"):
            continue
        if path.name == source_run:
            return True
        try:
            if Path(str((rec.get("model") or {}).get("model") or "")).resolve() == target:
                return True
        except (OSError, ValueError):
            continue
    return False


def _plan_job(
    ws: Workspace, jobs: Jobs, job_kind: str, plan: ExportPlan, title: str, swift_cfg: dict | None, start: bool = True
) -> Job:
    trust = swift_cfg is not None and trusts_code(ws, swift_cfg.get("model"))
    if swift_cfg is not None:
        swift.check_code(swift_cfg.get("model"), trust)  # before anything is written
    job_dir = ws.runs / plan.job_id
    job_dir.mkdir(parents=True, exist_ok=True)
    if swift_cfg is not None:
        engine.write(job_dir, swift_cfg, trust)
    atomic_write_json(job_dir / PLAN, plan.to_dict())
    argv = body_argv(job_kind, job_dir)
    meta = {
        "dest": plan.dest,
        "export": plan.kind,
        "source_size_bytes": plan.source_size_bytes,
        "swift_argv": swift.argv("export", job_dir / engine.CONFIG) if swift_cfg is not None else None,
    }
    # Merging and quantizing load the whole model: they hold the GPU like training does.
    return jobs.submit(
        job_kind,
        argv,
        run_dir=job_dir,
        title=title,
        gpu=plan.swift,
        env=dict(swift.OFFLINE_ENV),
        meta=meta,
        job_id=plan.job_id,
        start=start,
    )


def _source_size(entry: ModelEntry, step: int | None) -> int:
    base, adapter = entry.weights(step)
    total = folder_size(Path(base.model)) if Path(base.model).is_dir() else 0
    return total + (_weights_size(adapter) if adapter else 0)


def _source(
    ws: Workspace, ref: str, step: int | None, jobs: Jobs | None
) -> tuple[Jobs, list[ModelEntry], ModelEntry, int | None]:
    """What every export starts from: the job store, the models listed once, the chosen model, and the
    checkpoint step (given, or named in the ref as `run@step`)."""
    jobs = jobs or Jobs(ws)
    ref_id, ref_step = parse_ref(ref)
    entries = list_models(ws, jobs)
    return jobs, entries, get_model(ws, ref_id, jobs, entries), step if step is not None else ref_step


def submit_merge(
    ws: Workspace,
    ref: str,
    step: int | None = None,
    dest: str | None = None,
    name: str | None = None,
    jobs: Jobs | None = None,
    start: bool = True,
) -> Job:
    """Merge a run's LoRA checkpoint into its base (job kind "merge")."""
    jobs, entries, entry, step = _source(ws, ref, step, jobs)
    if not entry.is_adapter:
        raise UserError(
            f"“{entry.name}”不是 LoRA 适配器，不需要合并：它已经是完整的模型，可以直接导出或部署。",
            f"“{entry.name}” is not a LoRA adapter, so there is nothing to merge: it is already a "
            "complete model you can export or deploy.",
        )
    base, adapter = entry.weights(step)
    _check_base(base, entry)
    ckpt_step = entry.checkpoint(step).step if entry.is_run else None
    label = name or f"{entry.name}-{entry.method or 'lora'}" + (f"-ckpt{ckpt_step}" if ckpt_step else "") + "-merged"
    path = resolve_dest(ws, dest, label)
    job_id = new_id("merge")
    card = build_card(ws, entry, "merged", name or path.name, ckpt_step, entries=entries)
    plan = ExportPlan(
        job_id,
        "merge",
        str(path),
        str(path.parent / f".{path.name}.part-{job_id}"),
        card,
        True,
        source_size_bytes=_source_size(entry, step),
    )
    cfg = engine.merge_config(base, adapter, Path(plan.staging))
    return _plan_job(ws, jobs, "merge", plan, f"{entry.name} → {path.name}", cfg, start)


def quant_blocker(method: str) -> Text | None:
    """Why this machine cannot quantise with `method` (a package or CUDA missing); None when it can."""
    return engine.quant_support(method).why_not()


def submit_quantize(
    ws: Workspace,
    ref: str,
    method: str,
    bits: int,
    step: int | None = None,
    dest: str | None = None,
    name: str | None = None,
    jobs: Jobs | None = None,
    cuda: bool | None = None,
    start: bool = True,
    samples: int = engine.CALIBRATION_SAMPLES,
) -> Job:
    """Quantize a model (a LoRA checkpoint is merged first, in the same ms-swift run); job kind "export".
    `samples`: how many calibration samples AWQ / GPTQ measure."""
    method = (method or "").lower()
    if method not in engine.QUANT_BITS:
        raise UserError(
            f"不支持的量化方式“{method}”：请选 {' / '.join(engine.QUANT_BITS)}。",
            f"Unsupported quantisation method “{method}”: choose {' / '.join(engine.QUANT_BITS)}.",
        )
    support = engine.quant_support(method, cuda)
    if bits not in support.bits:
        allowed = " / ".join(map(str, support.bits))
        raise UserError(
            f"{method.upper()} 只支持 {allowed} 位量化，不支持 {bits} 位。",
            f"{method.upper()} supports {allowed}-bit quantisation, not {bits}-bit.",
        )
    if method in engine.QUANT_NEEDS_CALIBRATION and not 1 <= samples <= 4096:
        raise UserError(
            f"校准样本数 {samples} 不合适：请填 1 到 4096 之间的数（默认 {engine.CALIBRATION_SAMPLES}）。",
            f"{samples} calibration samples will not do: choose 1 to 4096 (default {engine.CALIBRATION_SAMPLES}).",
        )
    if (why := support.why_not()) is not None:
        raise UserError(why)
    jobs, entries, entry, step = _source(ws, ref, step, jobs)
    if entry.kind == "quantized":
        raise UserError(
            f"“{entry.name}”已经量化过了：请从未量化的模型开始。",
            f"“{entry.name}” is already quantised: start from an unquantised model.",
        )
    base, adapter = entry.weights(step)
    _check_base(base, entry)
    ckpt_step = entry.checkpoint(step).step if entry.is_run else None
    calibration = _calibration(ws, entry) if method in engine.QUANT_NEEDS_CALIBRATION else []
    if method in engine.QUANT_NEEDS_CALIBRATION and not calibration:
        raise UserError(
            f"{method.upper()} 量化需要校准数据，但“{entry.name}”找不到训练数据：请选一个训练运行，或改用 bnb。",
            f"{method.upper()} quantisation needs calibration data and “{entry.name}” has no training "
            "data to use: pick a training run, or use bnb.",
        )
    label = name or f"{entry.name}-{method}-int{bits}"
    path = resolve_dest(ws, dest, label)
    job_id = new_id("export")
    quant = {"method": method, "bits": bits, "calibration": calibration or None}
    card = build_card(ws, entry, "quantized", name or path.name, ckpt_step, quant=quant, entries=entries)
    plan = ExportPlan(
        job_id,
        "quantize",
        str(path),
        str(path.parent / f".{path.name}.part-{job_id}"),
        card,
        True,
        source_size_bytes=_source_size(entry, step),
    )
    max_length = int(engine.read_config(entry.path).get("max_length") or 1024) if entry.is_run else 1024
    cfg = engine.quant_config(base, Path(plan.staging), method, bits, adapter, calibration, max_length, samples)
    return _plan_job(ws, jobs, "export", plan, f"{entry.name} → {path.name} ({method} {bits}-bit)", cfg, start)


def submit_copy(
    ws: Workspace,
    ref: str,
    dest: str | None = None,
    step: int | None = None,
    name: str | None = None,
    jobs: Jobs | None = None,
    start: bool = True,
) -> Job:
    """Copy a model (or one checkpoint's adapter, without its training state) to a folder with its card."""
    jobs, entries, entry, step = _source(ws, ref, step, jobs)
    if entry.is_run:
        ckpt = entry.checkpoint(step)
        src, kind, ckpt_step = ckpt.path, ("adapter" if ckpt.adapter else "export"), ckpt.step
    else:
        src, kind, ckpt_step = entry.path, ("adapter" if entry.kind == "adapter" else "export"), None
    label = name or (f"{entry.name}-ckpt{ckpt_step}" if ckpt_step else entry.name)
    path = resolve_dest(ws, dest, label, parent=ws.exports)
    job_id = new_id("export")
    card = build_card(ws, entry, kind, name or path.name, ckpt_step, entries=entries)
    # A copy keeps the original's own kind-specific facts (a quantized model stays quantized).
    if entry.kind == "quantized":
        card["kind"] = "quantized"
    plan = ExportPlan(
        job_id,
        "copy",
        str(path),
        str(path.parent / f".{path.name}.part-{job_id}"),
        card,
        False,
        copy_from=str(src),
        source_size_bytes=folder_size(src),
    )
    return _plan_job(ws, jobs, "export", plan, f"{entry.name} → {path.relative_to(ws.root)}", None, start)


def _check_base(base: engine.Base, entry: ModelEntry) -> None:
    if not base.model:
        raise UserError(
            f"不知道“{entry.name}”是在哪个基础模型上训练的（运行的 config.yaml 里没有 model）。",
            f"Cannot tell which base model “{entry.name}” was trained on (its config.yaml has no model).",
        )
    if Path(base.model).is_absolute() and not Path(base.model).is_dir():
        raise UserError(
            f"找不到“{entry.name}”的基础模型文件夹 {base.model}：它可能被删除或移动了。",
            f"The base model folder of “{entry.name}” is missing: {base.model}. It may have been deleted or moved.",
        )


def _calibration(ws: Workspace, entry: ModelEntry) -> list[str]:
    """The run's own training data: the calibration set AWQ/GPTQ measure activations on."""
    if entry.is_run:
        return [p for p in engine.run_datasets(engine.read_config(entry.path)) if Path(p).is_file()]
    src = entry.card.get("source") or {}
    if src.get("run"):
        return [d["path"] for d in entry.card.get("data") or [] if Path(d.get("path", "")).is_file()]
    return []


# ------------------------------------------------------------------------ the job (subprocess)


def run_export(job_dir: str | Path) -> int:
    """Inside the job: build the model in its staging folder, write its card, move it into place."""
    plan = ExportPlan(**json.loads((Path(job_dir) / PLAN).read_text(encoding="utf-8")))
    staging, dest = Path(plan.staging), Path(plan.dest)
    # A stop (SIGTERM to the job's group) raises SystemExit (studio.jobs.body), so the clean-up below runs
    # instead of leaving a half-written staging folder behind.
    shutil.rmtree(staging, ignore_errors=True)  # a retried job starts clean
    say_progress(
        1,
        3,
        {
            "merge": Text("正在合并", "merging"),
            "quantize": Text("正在量化", "quantizing"),
            "copy": Text("正在复制", "copying"),
        }[plan.kind],
    )
    try:
        if plan.swift:
            sys.stdout.flush()
            code = subprocess.call(
                swift.argv("export", Path(job_dir) / engine.CONFIG),
                stdin=subprocess.DEVNULL,
                env={**os.environ, **swift.OFFLINE_ENV},
            )
            if code != 0:
                print(f"[qixi] ms-swift export exited with code {code}", flush=True)
                return code or 1
            if plan.kind == "quantize" and (backend := engine.pin_offline_kernel(staging)):
                print(
                    f"[qixi] config.json names gptqmodel's {backend} kernel: it builds on this GPU offline", flush=True
                )
        else:
            _copy_model(Path(plan.copy_from), staging)
        say_progress(2, 3, Text("正在写模型卡", "writing the model card"))
        card = dict(plan.card)
        card.update(
            {
                "id": dest.name,
                "size_bytes": folder_size(staging),
                "source_size_bytes": plan.source_size_bytes,
                "job": plan.job_id,
            }
        )
        atomic_write_json(staging / CARD, card)
        atomic_write_text(staging / README, readme(card))
        if dest.exists():
            print(f"QIXI_ERROR the folder {dest} appeared while the job ran; the result stays in {staging}", flush=True)
            return 1
        os.rename(staging, dest)
    except BaseException:
        if not dest.exists():
            shutil.rmtree(staging, ignore_errors=True)
        raise
    try:
        ws_root = Path(job_dir).parent.parent
        Jobs(Workspace.open(ws_root)).update_meta(plan.job_id, size_bytes=card["size_bytes"], dest=str(dest))
    except Exception as e:  # the card on disk already holds the size; the row is a convenience
        print(f"[qixi] could not record the size in the job row: {e}", flush=True)
    sizes = f"{fmt_bytes(plan.source_size_bytes)} → {fmt_bytes(card['size_bytes'])}"
    say_progress(3, 3, Text(f"完成：{sizes}，保存在 {dest}", f"done: {sizes} in {dest}"))
    return 0


def _copy_model(src: Path, staging: Path) -> None:
    staging.mkdir(parents=True)
    for root, dirs, files in os.walk(src):
        rel = Path(root).relative_to(src)
        dirs[:] = [d for d in dirs if not engine.TRAINING_STATE.match(d)]
        (staging / rel).mkdir(parents=True, exist_ok=True)
        for f in files:
            if engine.TRAINING_STATE.match(f) or (rel == Path(".") and f in (CARD, README)):
                continue
            shutil.copy2(Path(root) / f, staging / rel / f, follow_symlinks=True)
