"""Start, stop, resume, clone and plan training runs: the one code path of the Train tab and `qixi train`.

    start(ws, settings)      -> Launch   (SFT or alignment, by settings.method)
    resume(ws, run_id)       -> Launch   (from the newest complete checkpoint)
    stop(ws, run_id)         -> Run      (the trainer saves a checkpoint first)
    clone_settings(ws, id)   -> TrainSettings
    plan(ws, settings)       -> PlanReport (memory estimate vs the GPU, the preset that fits)
    start_download(ws, model, hub) -> Job

Every check a user can fail (model missing, template unknown, remote code not allowed, dataset of
the wrong kind, samples longer than max_length, QLoRA without CUDA) raises UserError with a
sentence before anything is launched.
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from studio.core.i18n import Text, UserError
from studio.core.workspace import Workspace, atomic_write_json, atomic_write_jsonl, atomic_write_text
from studio.engine import export as swift_export
from studio.engine import swift
from studio.jobs.store import Job, Jobs, body_argv, new_id
from studio.training import methods as M
from studio.training import presets as P
from studio.training import runs as R
from studio.training.planner import Arch, Estimate, Plan, Setup, fastest_setup, shrink_to_fit
from studio.training.planner import check as plan_check

TOO_LONG_REFUSE = 0.10  # refuse when more than this share of samples would be dropped
DOWNLOAD_MARK = swift.DOWNLOAD_MARK


# ---------------------------------------------------------------------------------------------- model


@dataclass
class ModelRef:
    """The base model, as ms-swift will be told (a folder or a hub id) plus what we know about it."""

    source: str  # pocket | local | hub
    model: str  # folder path or hub id
    label: str
    model_type: str | None = None
    template: str | None = None
    arch: Arch | None = None
    licence: str | None = None
    remote_code: bool = False
    catalog_id: str | None = None
    tokenizer: Path | None = None  # tokenizer.json for exact length checks

    def to_dict(self) -> dict:
        return {
            "source": self.source,
            "model": self.model,
            "label": self.label,
            "model_type": self.model_type,
            "template": self.template,
            "licence": self.licence,
            "catalog_id": self.catalog_id,
            "arch": dataclasses.asdict(self.arch) if self.arch else None,
        }


# A local folder without our model card: HF config.json model_type -> (ms-swift model_type, template).
HF_FAMILIES = {
    "qwen2": ("qwen2", "qwen2_5"),
    "qwen3": ("qwen3", "qwen3"),
    "llama": ("llama", "llama3_2"),
    "gemma2": ("gemma2", "gemma"),
    "gemma3_text": ("gemma3_text", "gemma3_text"),
    "mistral": ("mistral", "llama"),
}
_HUB_ID = re.compile(r"^[A-Za-z0-9][\w.-]*/[\w.-]+$")


def _read_json(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _folder_ref(folder: Path, source: str, label: str, s: P.TrainSettings, entry: P.CatalogModel | None) -> ModelRef:
    card = _read_json(folder / "model.json")
    cfg = _read_json(folder / "config.json")
    if not cfg:
        raise UserError(
            f"文件夹 {folder} 里没有 config.json，不像一个模型文件夹。请选择包含 config.json 和权重文件的文件夹。",
            f"The folder {folder} has no config.json and does not look like a model. Choose the folder "
            "holding config.json and the weight files.",
        )
    family = HF_FAMILIES.get(cfg.get("model_type", ""), (None, None))
    model_type = card.get("model_type") or (entry.model_type if entry else None) or family[0]
    template = s.template or card.get("template") or (entry.template if entry else None) or family[1]
    tok = folder / "tokenizer.json"
    return ModelRef(
        source,
        str(folder),
        label,
        model_type,
        template,
        Arch.from_hf_config(cfg) or (Arch.from_dict(entry.arch, entry.params_b) if entry else None),
        entry.licence if entry else card.get("licence"),
        swift.ships_code(folder) or bool(entry and entry.remote_code),
        entry.id if entry else None,
        tok if tok.is_file() else None,
    )


def downloaded_dir(ws: Workspace, entry_id: str) -> Path | None:
    """A catalog model fetched by a finished download job (the job writes its mark last)."""
    folder = ws.models / entry_id
    return folder if (folder / DOWNLOAD_MARK).is_file() and (folder / "config.json").is_file() else None


def resolve_model(ws: Workspace, s: P.TrainSettings, offline: bool) -> ModelRef:
    name = s.model.strip()
    if not name:
        raise UserError("请选择一个基础模型。", "Choose a base model.")
    entry = P.base_entry(name)
    if entry and entry.pocket:
        folder = ws.models / f"pocket-{entry.pocket}"
        if not (folder / "model.json").is_file():
            raise UserError(
                f"口袋模型 {entry.id} 还没有构建：请先在训练页点“构建口袋模型”（或运行 `qixi pocket build --size "
                f"{entry.pocket}`）。",
                f"The pocket model {entry.id} is not built yet: press “Build pocket model” on the Train "
                f"tab first (or run `qixi pocket build --size {entry.pocket}`).",
            )
        return _folder_ref(folder, "pocket", entry.name.en, s, entry)
    if entry:
        local = downloaded_dir(ws, entry.id)
        if local:
            return _folder_ref(local, "local", entry.name.en, s, entry)
        hub_id = entry.hub_id(s.hub)
        if not hub_id:
            raise UserError(
                f"{entry.id} 在 {s.hub} 上没有地址，请换一个下载来源。",
                f"{entry.id} has no address on {s.hub}; choose the other source.",
            )
        if offline:
            raise _offline_error(entry.id)
        return ModelRef(
            "hub",
            hub_id,
            entry.name.en,
            entry.model_type,
            s.template or entry.template,
            Arch.from_dict(entry.arch, entry.params_b),
            entry.licence,
            entry.remote_code,
            entry.id,
        )
    path = Path(name).expanduser()
    if path.is_absolute() or name.startswith((".", "~")) or (ws.root / name).is_dir():
        folder = path if path.is_absolute() else (ws.root / name)
        if not folder.is_dir():
            raise UserError(
                f"找不到模型文件夹 {name}。请检查路径。", f"The model folder {name} does not exist. Check the path."
            )
        return _folder_ref(folder.resolve(), "local", folder.name, s, None)
    if _HUB_ID.fullmatch(name):
        if offline:
            raise _offline_error(name)
        if not s.template and not swift.knows_hub_id(name):
            raise UserError(
                f"ms-swift 不认识模型 {name}，无法自动选择对话模板：请在“高级”里填写模板名称。",
                f"ms-swift does not know the model {name}, so it cannot pick the chat template: enter "
                "the template name under “Advanced”.",
            )
        return ModelRef("hub", name, name, None, s.template or None, None, None, False, None)
    raise UserError(
        f"“{name}”既不是目录里的模型，也不是本地文件夹或模型 ID（形如 Qwen/Qwen2.5-7B-Instruct）。",
        f"“{name}” is neither a catalog model, a local folder, nor a hub id (like Qwen/Qwen2.5-7B-Instruct).",
    )


def _offline_error(name: str) -> UserError:
    return UserError(
        f"离线模式下不能下载 {name}：请连上网络（关闭“离线”），或者先下载好、选择本地文件夹，或使用口袋模型。",
        f"{name} cannot be downloaded while offline: go online (untick “offline”), download it first "
        "and choose the local folder, or use the pocket model.",
    )


def check_model(ref: ModelRef, s: P.TrainSettings) -> None:
    if ref.template and ref.template not in swift.known_templates() and swift.known_templates():
        raise UserError(
            f"对话模板“{ref.template}”不是 ms-swift 认识的模板名称。请在“高级”里改正（例如 qwen2_5、llama3_2）。",
            f"The chat template “{ref.template}” is not one ms-swift knows. Correct it under “Advanced” "
            "(e.g. qwen2_5, llama3_2).",
        )
    if not ref.template and ref.source != "hub":
        raise UserError(
            f"不知道 {ref.label} 用哪个对话模板：请在“高级”里填写模板名称（例如 qwen2_5）。",
            f"The chat template of {ref.label} is unknown: enter it under “Advanced” (e.g. qwen2_5).",
        )
    if ref.remote_code and not s.trust_remote_code:
        raise UserError(
            f"{ref.label} 需要运行它自带的代码。只有在你信任它的来源时，才勾选“信任模型代码”后重试。",
            f"{ref.label} needs to run its own code. Tick “trust model code” only if you trust its "
            "source, then try again.",
        )


# ---------------------------------------------------------------------------------------------- data


@dataclass
class DataRef:
    id: str
    name: str
    kind: str
    train: Path
    val: Path | None
    rows: int
    avg_tokens: float = 0.0
    too_long: int = 0
    max_tokens: int = 0  # the longest kept sample: a padded batch is at most this long
    spread: float = 0.0  # standard deviation / mean of the lengths: how much padding mixes cost

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "name": self.name,
            "kind": self.kind,
            "train": str(self.train),
            "val": str(self.val) if self.val else None,
            "rows": self.rows,
            "avg_tokens": round(self.avg_tokens, 1),
            "too_long": self.too_long,
        }


def _read_rows(path: Path) -> list[dict]:
    rows = []
    if path and path.is_file():
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    rows.append(json.loads(line))
    return rows


def _dataset_card(ws: Workspace, ds_id: str) -> tuple[Path, dict]:
    try:
        from studio.data.store import get_dataset
    except ImportError:  # the data store is optional: read the card directly
        folder = ws.resolve(ws.datasets / ds_id)
        card = _read_json(folder / "card.json")
        if not card:
            raise UserError(f"没有编号为 {ds_id} 的数据集。", f"There is no dataset {ds_id}.") from None
        return folder, card
    ds = get_dataset(ws, ds_id)
    return ds.path, ds.card


def resolve_data(ws: Workspace, s: P.TrainSettings) -> DataRef:
    if not s.dataset:
        raise UserError(
            "请选择训练数据集（在数据页导入，或使用示例数据）。",
            "Choose a training dataset (import one on the Data tab, or use the sample data).",
        )
    folder, card = _dataset_card(ws, s.dataset)
    kind = card.get("kind", "sft")
    name = card.get("name", s.dataset)
    kinds = data_kinds(s.method)
    if kind not in kinds:
        need = {
            "sft": Text("对话（sft）", "dialogues (sft)"),
            "pairs": Text("偏好对（pairs）", "preference pairs (pairs)"),
            "kto": Text("好/坏标注（kto）", "good/bad labels (kto)"),
        }
        wants = " / ".join(need[k].zh for k in kinds)
        wants_en = " / ".join(need[k].en for k in kinds)
        raise UserError(
            f"{s.method.upper()} 需要{wants}数据，而数据集“{name}”是 {kind}。请换一个数据集。",
            f"{s.method.upper()} needs {wants_en} data, but the dataset “{name}” is {kind}. Choose another dataset.",
        )
    train, val = folder / "train.jsonl", folder / "val.jsonl"
    rows = _read_rows(train)
    if not rows:
        raise UserError(f"数据集“{name}”的训练部分是空的。", f"The training part of dataset “{name}” is empty.")
    has_val = val.is_file() and val.stat().st_size > 0
    return DataRef(folder.name, name, kind, train, val if has_val else None, len(rows))


def check_lengths(data: DataRef, s: P.TrainSettings, tokenizer: Path | None) -> DataRef:
    """ms-swift silently drops samples longer than max_length: count them first, refuse when too many."""
    from studio.data.clean import Measurer

    try:
        measure = Measurer("tokens", tokenizer)
    except UserError:
        measure = Measurer("tokens")
    rows = _read_rows(data.train)
    extra = measure.count(s.system) + 8 if s.system else 0
    lengths = [measure.row_length(r) + extra for r in rows]
    too_long = sum(n > s.max_length for n in lengths)
    data.avg_tokens = sum(lengths) / len(lengths)
    data.too_long = too_long
    kept = [n for n in lengths if n <= s.max_length] or [s.max_length]
    data.max_tokens = max(kept)
    mean = sum(kept) / len(kept)
    data.spread = (sum((n - mean) ** 2 for n in kept) / len(kept)) ** 0.5 / mean if mean else 0.0
    if too_long == len(rows) or too_long > TOO_LONG_REFUSE * len(rows):
        need = sorted(lengths)[int(0.95 * (len(lengths) - 1))]
        raise UserError(
            f"数据集“{data.name}”里有 {too_long}/{len(rows)} 条样本超过最大长度 {s.max_length} 个 token，训练时会被跳过。"
            f"请把“最大长度”调到至少 {need}，或在数据页删掉过长的样本。",
            f"{too_long} of {len(rows)} samples in dataset “{data.name}” are longer than the max length of "
            f"{s.max_length} tokens and would be skipped. Raise “max length” to at least {need}, or drop the long "
            "samples on the Data tab.",
        )
    return data


def pairs_to_kto(src: Path, dst: Path) -> int:
    """Each preference pair as two KTO rows: the chosen reply desirable, the rejected one not."""
    out = []
    for r in _read_rows(src):
        if "rejected_response" not in r:
            out.append(r)
            continue
        msgs = r["messages"]
        out.append({"messages": msgs, "label": True})
        out.append({"messages": [*msgs[:-1], {"role": "assistant", "content": r["rejected_response"]}], "label": False})
    atomic_write_jsonl(dst, out)
    return len(out)


# ---------------------------------------------------------------------------------------------- device


@dataclass
class Device:
    kind: str  # cuda | cpu
    gpus: list[P.Gpu] = field(default_factory=list)  # the ones this run uses

    @property
    def available_gib(self) -> float | None:
        if self.kind == "cuda":
            return min(g.free_gib for g in self.gpus) if self.gpus else None
        return ram_available_gib()

    def to_dict(self) -> dict:
        return {"kind": self.kind, "gpus": [dataclasses.asdict(g) for g in self.gpus]}


def ram_available_gib() -> float | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) / 1024 / 1024
    except (OSError, ValueError, IndexError):
        pass
    return None


def pick_device(s: P.TrainSettings, gpus: list[P.Gpu]) -> Device:
    if not gpus:
        if s.tuner == "qlora":
            raise UserError(
                "QLoRA（4 位量化）只能在 NVIDIA 显卡上运行，这台电脑没有检测到显卡：请改用 LoRA。",
                "QLoRA (4-bit) runs only on an NVIDIA GPU, and none was found on this computer: choose LoRA.",
            )
        if s.deepspeed != "none" or len(s.gpus) > 1:
            raise UserError(
                "多卡训练和 DeepSpeed 需要 NVIDIA 显卡，这台电脑没有检测到显卡。",
                "Several GPUs and DeepSpeed need NVIDIA GPUs, and none was found on this computer.",
            )
        if s.gpus:
            raise UserError(
                "这台电脑没有检测到显卡，请清空“显卡”选择。", "No GPU was found on this computer: clear the GPU choice."
            )
        return Device("cpu")
    if s.deepspeed != "none" and not swift.installed("deepspeed"):
        raise UserError(
            'DeepSpeed 还没有安装：pip install deepspeed（或 pip install "qixi-studio[deepspeed]"），'
            "然后重启工作室；或者把 DeepSpeed 设为 none。",
            'DeepSpeed is not installed: pip install deepspeed (or pip install "qixi-studio[deepspeed]"), '
            "then restart the studio; or set DeepSpeed to none.",
        )
    by_index = {g.index: g for g in gpus}
    missing = [i for i in s.gpus if i not in by_index]
    if missing:
        raise UserError(
            f"没有编号为 {missing} 的显卡；这台电脑有 {sorted(by_index)}。",
            f"There is no GPU {missing}; this computer has {sorted(by_index)}.",
        )
    chosen = [by_index[i] for i in s.gpus] if s.gpus else [gpus[0]]
    return Device("cuda", chosen)


def effective_dtype(s: P.TrainSettings, device: Device) -> str:
    if s.dtype != "auto":
        return s.dtype
    return "bfloat16" if device.kind == "cuda" else "float32"


# ---------------------------------------------------------------------------------------------- planner


@dataclass
class PlanReport:
    estimate: Estimate | None
    available_gib: float | None
    device: str
    fits: bool | None
    advice: Text | None = None
    fitting_preset: str | None = None
    setup: Setup | None = None  # what auto speed chose (the estimate above is of this setup)
    speed: Text | None = None  # the choice and why, in one sentence

    def to_dict(self) -> dict:
        setup = None
        if self.setup:
            setup = {
                "batch_size": self.setup.batch_size,
                "grad_accum": self.setup.grad_accum,
                "gradient_checkpointing": self.setup.gradient_checkpointing,
                "liger": self.setup.liger,
            }
        return {
            "estimate": self.estimate.to_dict() if self.estimate else None,
            "available_gib": round(self.available_gib, 2) if self.available_gib is not None else None,
            "device": self.device,
            "fits": self.fits,
            "advice_zh": self.advice.zh if self.advice else None,
            "advice_en": self.advice.en if self.advice else None,
            "fitting_preset": self.fitting_preset,
            "setup": setup,
            "speed_zh": self.speed.zh if self.speed else None,
            "speed_en": self.speed.en if self.speed else None,
        }


def _plan_of(s: P.TrainSettings, kind: str, n_gpus: int = 1, seq_len: int | None = None) -> Plan:
    """The planner's view of these settings; `seq_len` is the longest sample when the data is known
    (a padded batch is never longer), else max_length."""
    return Plan(
        method=s.method,
        tuner=s.tuner,
        dtype=effective_dtype(s, Device(kind)),
        lora_rank=s.lora_rank,
        target_modules=s.target_modules,
        batch_size=s.batch_size,
        max_length=min(s.max_length, seq_len) if seq_len else s.max_length,
        gradient_checkpointing=s.gradient_checkpointing,
        n_gpus=max(1, n_gpus),
        deepspeed=s.deepspeed,
        device=kind,
    )


def _arch_for(ws: Workspace, model: str) -> Arch | None:
    entry = P.catalog_entry(model)
    if entry and entry.pocket:
        cfg = _read_json(ws.models / f"pocket-{entry.pocket}" / "config.json")
        return Arch.from_hf_config(cfg) or Arch.from_dict(entry.arch, entry.params_b)
    if entry:
        return Arch.from_dict(entry.arch, entry.params_b)
    p = Path(model).expanduser()
    folder = p if p.is_absolute() else ws.root / model
    return Arch.from_hf_config(_read_json(folder / "config.json")) if folder.is_dir() else None


# The settings a preset may set that move memory; applying a preset replaces exactly these.
MEMORY_KEYS = (
    "tuner",
    "lora_rank",
    "lora_alpha",
    "max_length",
    "batch_size",
    "grad_accum",
    "gradient_checkpointing",
    "dtype",
)


def fitting_preset(
    ws: Workspace,
    s: P.TrainSettings,
    kind: str,
    budget_gib: float,
    n_gpus: int = 1,
    keep_model: bool = True,
    card_gib: float | None = None,
) -> tuple[str, P.TrainSettings, Estimate] | None:
    """The largest preset (meant for a card no larger than `card_gib`) whose settings fit `budget_gib`:
    with keep_model the run's own model with the preset's memory settings, else the preset's model too."""
    for name in reversed(P.preset_names()):
        pre = P.get_preset(name)
        if (kind == "cuda") == (pre.memory_gib == 0):
            continue  # GPU presets on a GPU, the CPU preset on a CPU
        if card_gib is not None and pre.memory_gib > card_gib + P.SLACK_GIB:
            continue  # a "24gb" preset is not advice for a 12 GB card
        values = {k: v for k, v in pre.values.items() if k in MEMORY_KEYS or (k == "model" and not keep_model)}
        base = {k: v for k, v in s.to_dict().items() if k not in MEMORY_KEYS and k != "method"}
        try:
            cand = P.resolve(
                None, {**base, **{k: P.baseline(None, s.method).to_dict()[k] for k in MEMORY_KEYS}, **values}, s.method
            )
        except UserError:
            continue
        if kind == "cpu" and cand.tuner == "qlora":
            continue
        arch = _arch_for(ws, cand.model)
        if arch is None:
            continue
        fit = plan_check(arch, _plan_of(cand, kind, n_gpus), budget_gib)
        if fit.fits:
            return name, cand, fit.estimate
    return None


def plan(
    ws: Workspace,
    s: P.TrainSettings,
    gpus: list[P.Gpu] | None = None,
    seq_len: int | None = None,
    kernels: swift.Kernels | None = None,
) -> PlanReport:
    """Peak memory estimate of these settings against the detected free memory, with advice when it
    does not fit (a preset that does, or the mildest changes that do). With auto speed on a GPU, the
    estimate is of the fastest setup that fits (see speed_setup), and `speed` says what and why."""
    gpus = P.detect_gpus() if gpus is None else gpus
    try:
        device = pick_device(s, gpus)
    except UserError:
        device = Device("cuda", gpus[:1]) if gpus else Device("cpu")
    model = s.model
    if s.is_align and s.from_run:
        try:
            model = R.get_run(ws, s.from_run).record["settings"]["model"]
        except (UserError, KeyError):
            pass
    arch = _arch_for(ws, model)
    avail = device.available_gib
    if device.kind == "cuda" and s.gpu_memory_gib:
        avail = min(avail, s.gpu_memory_gib) if avail is not None else s.gpu_memory_gib
    if arch is None:
        return PlanReport(
            None,
            avail,
            device.kind,
            None,
            Text(
                "不知道这个模型的结构，无法估算显存。", "The model's shape is unknown, so memory cannot be estimated."
            ),
        )
    n = len(device.gpus) or 1
    if s.auto_speed and device.kind == "cuda" and avail:
        setup, why = speed_setup(arch, s, avail, n, seq_len, kernels or swift.kernels())
        if setup is not None:
            return PlanReport(setup.estimate, avail, device.kind, True, why, setup=setup, speed=why)
    fit = plan_check(arch, _plan_of(s, device.kind, n, seq_len), avail)
    report = PlanReport(fit.estimate, avail, device.kind, fit.fits)
    if fit.fits is False:
        report.advice, report.fitting_preset = advice(
            ws, dataclasses.replace(s, model=model), device.kind, avail, arch, n, _card_gib(device.gpus)
        )
    return report


def speed_setup(
    arch: Arch, s: P.TrainSettings, avail_gib: float, n_gpus: int, seq_len: int | None, kernels: swift.Kernels
) -> tuple[Setup | None, Text | None]:
    """The fastest micro-batch x accumulation / checkpointing / Liger that fits `avail_gib`, keeping the
    samples per optimizer step the user asked for (batch size x accumulation per GPU), and the sentence
    that says so. (None, None) when nothing fits: the user's own settings and the advice then apply."""
    per_gpu = s.batch_size * s.grad_accum
    setup = fastest_setup(arch, _plan_of(s, "cuda", n_gpus, seq_len), per_gpu, avail_gib, liger=kernels.liger)
    if setup is None:
        return None, None
    gc = Text(
        "开梯度检查点（省显存）" if setup.gradient_checkpointing else "关梯度检查点（更快）",
        "gradient checkpointing on (saves memory)"
        if setup.gradient_checkpointing
        else "gradient checkpointing off (faster)",
    )
    lig = Text("，用 Liger 加速核" if setup.liger else "", ", Liger kernels" if setup.liger else "")
    # Without flash-attn the trainer's sdpa attention runs with cuDNN's kernel off (swift.CUDNN_ATTENTION_ENV).
    att = Text(
        "" if kernels.flash_attn else "，注意力用不必为每种长度重新编译的高效核",
        "" if kernels.flash_attn else ", attention on a kernel that needs no rebuild for each new length",
    )
    total = per_gpu * n_gpus
    return setup, Text(
        f"⚡ 自动提速：每次 {setup.batch_size} 条 × 累积 {setup.grad_accum} 步（每步仍学 {total} 条），{gc.zh}{lig.zh}{att.zh}："
        f"这是估计能放进 {avail_gib:.0f} GiB 的最快设置（峰值约 {setup.estimate.total_gib:.1f} GiB）。",
        f"⚡ Auto speed: micro-batch {setup.batch_size} × accumulation {setup.grad_accum} (still {total} samples "
        f"per step), {gc.en}{lig.en}{att.en}: the fastest setup estimated to fit {avail_gib:.0f} GiB (peak "
        f"~{setup.estimate.total_gib:.1f} GiB).",
    )


def advice(
    ws: Workspace,
    s: P.TrainSettings,
    kind: str,
    budget_gib: float,
    arch: Arch,
    n_gpus: int = 1,
    card_gib: float | None = None,
) -> tuple[Text, str | None]:
    """What fits `budget_gib`: a preset's memory settings for this model, else the mildest changes,
    else another preset with a smaller model."""
    found = fitting_preset(ws, s, kind, budget_gib, n_gpus, keep_model=True, card_gib=card_gib)
    if found:
        name, _, est = found
        return (
            Text(
                f"换用预设“{name}”就能放下（估计 {est.total_gib:.1f} / {budget_gib:.1f} GiB）。",
                f"Preset “{name}” fits (estimated {est.total_gib:.1f} of {budget_gib:.1f} GiB).",
            ),
            name,
        )
    shrink = shrink_to_fit(arch, _plan_of(s, kind, n_gpus), budget_gib, cuda=kind == "cuda")
    if shrink:
        what = ", ".join(f"{k} = {v}" for k, v in shrink.changes.items())
        return (
            Text(
                f"这样改就能放下：{what}（估计 {shrink.estimate.total_gib:.1f} / {budget_gib:.1f} GiB）。",
                f"These changes make it fit: {what} (estimated {shrink.estimate.total_gib:.1f} of "
                f"{budget_gib:.1f} GiB).",
            ),
            None,
        )
    found = fitting_preset(ws, s, kind, budget_gib, n_gpus, keep_model=False, card_gib=card_gib)
    if found:
        name, cand, est = found
        return (
            Text(
                f"这个模型在这里放不下：换用预设“{name}”（模型 {cand.model}，估计 {est.total_gib:.1f} / "
                f"{budget_gib:.1f} GiB）。",
                f"This model does not fit here: use preset “{name}” (model {cand.model}, estimated "
                f"{est.total_gib:.1f} of {budget_gib:.1f} GiB).",
            ),
            name,
        )
    return (
        Text(
            "这台机器的显存（或内存）太小，连最小的设置也放不下：请使用口袋模型。",
            "This machine's memory is too small even for the smallest settings: use the pocket model.",
        ),
        None,
    )


def _card_gib(gpus: list[P.Gpu]) -> float | None:
    return min(g.total_gib for g in gpus) if gpus else None


# It did not fit in reality, so the advice aims this far below what the failed run was estimated at.
OOM_MARGIN = 0.8


def oom_advice(ws: Workspace, run: R.Run) -> Text | None:
    """For a run that failed out of memory: one sentence saying so, and the preset or setting that fits."""
    if R.failure_code(run) != "oom":
        return None
    rec = run.record
    s = P.TrainSettings(**rec["settings"])
    dev = rec.get("device", {})
    gpus = [P.Gpu(**g) for g in dev.get("gpus", [])]
    kind = dev.get("kind", "cpu")
    arch_d = rec.get("model", {}).get("arch")
    arch = Arch(**arch_d) if arch_d else _arch_for(ws, s.model)
    head = Text("训练时显存（或内存）不够用了。", "The run ran out of memory.")
    if arch is None:
        return Text(
            head.zh + "请换一个更小的预设，或减小批大小、最大长度。",
            head.en + " Choose a smaller preset, or lower the batch size or max length.",
        )
    n = max(1, len(gpus))
    text, _ = advice(ws, s, kind, _oom_budget(s, kind, gpus, arch), arch, n, _card_gib(gpus))
    return Text(head.zh + text.zh, head.en + " " + text.en)


def _oom_budget(s: P.TrainSettings, kind: str, gpus: list[P.Gpu], arch: Arch) -> float:
    """What a retry may use: what was free, and well under what the failed run was estimated at."""
    tried = plan_check(arch, _plan_of(s, kind, max(1, len(gpus))), None).estimate.total_gib
    avail = Device(kind, gpus).available_gib
    return min(avail, tried * OOM_MARGIN) if avail else tried * OOM_MARGIN


def oom_fix(ws: Workspace, run: R.Run) -> tuple[str, P.TrainSettings] | None:
    """The preset (and the settings it gives this run) for a retry after an out-of-memory failure."""
    rec = run.record
    s = P.TrainSettings(**rec["settings"])
    dev = rec.get("device", {})
    gpus = [P.Gpu(**g) for g in dev.get("gpus", [])]
    kind = dev.get("kind", "cpu")
    arch = _arch_for(ws, s.model)
    if arch is None:
        return None
    budget = _oom_budget(s, kind, gpus, arch)
    card = _card_gib(gpus)
    found = fitting_preset(ws, s, kind, budget, max(1, len(gpus)), keep_model=True, card_gib=card) or fitting_preset(
        ws, s, kind, budget, max(1, len(gpus)), keep_model=False, card_gib=card
    )
    return (found[0], found[1]) if found else None


# ---------------------------------------------------------------------------------------------- launch


@dataclass
class Launch:
    run: R.Run
    job: Job
    warnings: list[Text] = field(default_factory=list)
    plan: PlanReport | None = None

    def to_dict(self, lang: str = "zh") -> dict:
        return {
            "ok": True,
            "run": self.run.id,
            "job": self.job.id,
            "status": self.job.status,
            "argv": self.job.argv,
            "command": swift.shown(self.job.argv),
            "warnings": [w(lang) for w in self.warnings],
            "plan": self.plan.to_dict() if self.plan else None,
        }


def is_offline(s: P.TrainSettings) -> bool:
    return s.offline or os.environ.get("MODELSCOPE_OFFLINE") == "1" or os.environ.get("HF_HUB_OFFLINE") == "1"


def _from_run(ws: Workspace, run_id: str, jobs: Jobs) -> tuple[R.Run, Path]:
    src = R.get_run(ws, run_id, jobs)
    if src.active:
        raise UserError(
            f"训练 {run_id} 还在运行，等它结束后再从它继续。", f"Run {run_id} is still running; wait for it to end."
        )
    ckpts = swift.checkpoints(src.path)
    if not ckpts:
        raise UserError(
            f"训练 {run_id} 没有完整的检查点，不能从它继续。请先让它训练完成（或至少保存一个检查点）。",
            f"Run {run_id} has no complete checkpoint to start from. Let it finish (or save at least "
            "one checkpoint) first.",
        )
    if src.record.get("settings", {}).get("tuner") not in ("lora", "qlora"):
        raise UserError("只能从 LoRA 训练继续。", "Only LoRA runs can be continued.")
    return src, ckpts[-1]


def start(
    ws: Workspace,
    settings: P.TrainSettings,
    *,
    preset: str | None = None,
    changes: dict | None = None,
    gpus: list[P.Gpu] | None = None,
    jobs: Jobs | None = None,
) -> Launch:
    """Check everything, write the run folder, submit the job (kind sft or align)."""
    s = settings
    jobs = jobs or Jobs(ws)
    gpus = P.detect_gpus() if gpus is None else gpus
    offline = is_offline(s)
    device = pick_device(s, gpus)
    warnings: list[Text] = []

    source_run, adapter = (None, None)
    if s.is_align and s.from_run:
        source_run, adapter = _from_run(ws, s.from_run, jobs)
        base_settings = P.TrainSettings(**source_run.record["settings"])
        s = dataclasses.replace(
            s,
            model=base_settings.model,
            hub=base_settings.hub,
            template=s.template or base_settings.template,
            trust_remote_code=s.trust_remote_code or base_settings.trust_remote_code,
        )
    elif s.from_run:
        raise UserError(
            "SFT 从基础模型开始；“从哪次训练继续”只用于偏好对齐。",
            "SFT starts from the base model; “start from run” is for alignment only.",
        )
    ref = resolve_model(ws, s, offline)
    check_model(ref, s)
    data = check_lengths(resolve_data(ws, s), s, ref.tokenizer)
    if data.too_long:
        warnings.append(
            Text(
                f"{data.too_long} 条样本超过最大长度，训练时会被跳过。",
                f"{data.too_long} samples are longer than the max length and will be skipped.",
            )
        )
    if ref.licence and "non-commercial" in ref.licence.lower():
        warnings.append(Text(f"注意许可证：{ref.licence}。", f"Mind the licence: {ref.licence}."))
    kern = swift.kernels()
    report = plan(ws, s, gpus, seq_len=data.max_tokens or None, kernels=kern)
    fast = report.setup
    if fast is not None:
        s = dataclasses.replace(
            s,
            batch_size=fast.batch_size,
            grad_accum=fast.grad_accum,
            gradient_checkpointing=fast.gradient_checkpointing,
        )
        warnings.append(report.speed)
    if report.fits is False:
        tip = report.advice or Text("", "")
        warnings.append(
            Text("显存估计超出可用量。" + tip.zh, ("The memory estimate exceeds what is free. " + tip.en).strip())
        )

    kind = "align" if s.is_align else "sft"
    job_id = new_id(kind)
    run_path = ws.resolve(ws.runs / job_id)
    run_path.mkdir(parents=True)
    dtype = effective_dtype(s, device)

    train_files, val_files = [str(data.train)], [str(data.val)] if data.val else []
    if data_kinds(s.method)[0] == "kto" and data.kind == "pairs":  # the method reads single good/bad rows
        pairs_to_kto(data.train, run_path / "kto_train.jsonl")
        train_files = [str(run_path / "kto_train.jsonl")]
        if data.val:
            pairs_to_kto(data.val, run_path / "kto_val.jsonl")
            val_files = [str(run_path / "kto_val.jsonl")]

    model_for_swift, adapters, ref_adapters, before = ref.model, [], [], []
    if adapter is not None:
        if s.continue_mode == "merge":
            merged = run_path / "merged"
            merge_cfg = swift_export.merge_config(
                swift_export.Base(ref.model, ref.model_type, ref.template), adapter, merged
            )
            merge_cfg["exist_ok"] = True  # a resumed run merges again over a torn attempt
            before = [("export", swift.write_config(run_path / "merge.yaml", merge_cfg, s.trust_remote_code))]
            model_for_swift = str(merged)
        else:
            adapters = [str(adapter)]
            # DPO/KTO compare against the SFT model (base + this adapter), not the bare base.
            ref_adapters = [str(adapter)]
    spec = swift.TrainSpec(
        model=model_for_swift,
        dataset=train_files,
        run_dir=run_path,
        model_type=ref.model_type,
        template=ref.template,
        val_dataset=val_files,
        method=s.method,
        tuner=s.tuner,
        adapters=adapters,
        ref_adapters=ref_adapters,
        lora_rank=s.lora_rank,
        lora_alpha=s.lora_alpha,
        lora_dropout=s.lora_dropout,
        target_modules=["q_proj", "v_proj"] if s.target_modules == "qv" else ["all-linear"],
        learning_rate=s.learning_rate,
        num_train_epochs=s.epochs,
        max_steps=s.max_steps or None,
        max_length=s.max_length,
        batch_size=s.batch_size,
        grad_accum=s.grad_accum,
        system=s.system,
        seed=s.seed,
        torch_dtype=dtype,
        gradient_checkpointing=s.gradient_checkpointing,
        save_steps=s.save_steps,
        eval_steps=s.eval_steps,
        save_total_limit=s.save_total_limit,
        warmup_ratio=s.warmup_ratio,
        **{k: getattr(s, k) for k in P.KNOBS},
        trust_remote_code=s.trust_remote_code,
        deepspeed=None if s.deepspeed == "none" else s.deepspeed,
        **_speed_flags(s, fast, kern, data, device),
        extra={"use_hf": True} if (ref.source == "hub" and s.hub == "huggingface") else {},
    )
    argv = swift.write_train(spec, before)

    nproc = len(device.gpus) if device.kind == "cuda" and len(s.gpus) > 1 else 1
    env = swift.train_env(
        run_path,
        offline=offline,
        gpus=(s.gpus or None) if device.kind == "cuda" else None,
        nproc=nproc,
        threads=os.cpu_count() if device.kind == "cpu" else None,
        cuda=device.kind == "cuda",
    )
    samples_per_step = s.batch_size * s.grad_accum * nproc
    record = {
        "id": job_id,
        "kind": kind,
        "created": R.now(),
        "settings": s.to_dict(),
        "preset": preset,
        "changes": changes or {},
        "model": ref.to_dict(),
        "data": data.to_dict(),
        "from_run": {"id": source_run.id, "adapter": str(adapter), "mode": s.continue_mode} if source_run else None,
        "device": device.to_dict(),
        "dtype": dtype,
        "offline": offline,
        "samples_per_step": samples_per_step,
        "plan": report.to_dict(),
        "warnings": [{"zh": w.zh, "en": w.en} for w in warnings],
        "jobs": [],
    }
    atomic_write_json(run_path / R.SETTINGS, {"settings": s.to_dict(), "changes": changes or {}, "preset": preset})
    atomic_write_text(run_path / R.PRESET, P.get_preset(preset).to_yaml() if preset else "# no preset\n")
    R.write_record(run_path, record)
    title = s.name or f"{s.method.upper()} · {ref.label} · {data.name}"
    job = jobs.submit(
        kind,
        argv,
        run_dir=run_path,
        title=title,
        env=env,
        job_id=job_id,
        meta={"run": job_id, "method": s.method, "model": ref.label, "dataset": data.name},
    )
    R.add_job(run_path, job.id)
    return Launch(R.get_run(ws, job_id, jobs), job, warnings, report)


# Lengths vary enough for sorting batches by length to save padding (standard deviation / mean).
SPREAD_GROUP = 0.1


def _speed_flags(s: P.TrainSettings, fast: Setup | None, kern: swift.Kernels, data: DataRef, device: Device) -> dict:
    """The trainer flags auto speed adds beside the setup: Liger, no padding (SFT with flash-attn) or
    else length-grouped batches when lengths vary, and a data-loading worker so the GPU never waits."""
    if fast is None:
        return {}
    padding_free = kern.flash_attn and not s.is_align
    return {
        "use_liger_kernel": fast.liger,
        "padding_free": padding_free,
        "group_by_length": not padding_free and fast.batch_size > 1 and data.spread > SPREAD_GROUP,
        # One worker (ms-swift's own default) collates the next batch while the GPU works; with four,
        # a 0.5B run on the H200 hung for 40 s at exit joining them (the data is tokenized already).
        "dataloader_num_workers": 1 if device.kind == "cuda" else 0,
    }


def start_sft(ws: Workspace, settings: P.TrainSettings, **kw) -> Launch:
    if settings.method != "sft":
        settings = dataclasses.replace(settings, method="sft")
    return start(ws, settings, **kw)


def start_align(ws: Workspace, settings: P.TrainSettings, **kw) -> Launch:
    if not settings.is_align:
        *rest, last = M.align_names()
        raise UserError(
            f"请选择对齐方法：{'、'.join(rest)} 或 {last}。",
            f"Choose an alignment method: {', '.join(rest)} or {last}.",
        )
    return start(ws, settings, **kw)


def resume(ws: Workspace, run_id: str, jobs: Jobs | None = None) -> Launch:
    """Start the run again from its newest complete checkpoint (a half-written one is set aside)."""
    jobs = jobs or Jobs(ws)
    run = R.get_run(ws, run_id, jobs)
    if run.active:
        raise UserError("这次训练正在运行，不需要继续。", "This run is running already.")
    if run.status == "succeeded":
        raise UserError(
            "这次训练已经完成了。要再训练一次，请用“复制设置”开一个新的训练。",
            "This run has finished. To train again, clone its settings into a new run.",
        )
    old = json.loads((run.path / "argv.json").read_text(encoding="utf-8"))
    swift.set_aside_torn_checkpoints(run.path)
    ckpts = swift.checkpoints(run.path)
    cfg_path = run.path / swift.CONFIG
    cfg = swift.read_config(cfg_path)
    cfg["resume_from_checkpoint"] = str(ckpts[-1]) if ckpts else None
    if ckpts:
        cfg.pop("adapters", None)  # the adapter comes from the checkpoint now
    if cfg.get("external_plugins"):
        cfg["external_plugins"] = [str(swift.STOP_PLUGIN)]  # where this install keeps it now
    swift.write_config(cfg_path, cfg, bool(run.record.get("settings", {}).get("trust_remote_code")))
    argv = old["argv"]
    if ckpts and (run.path / "merge.yaml").is_file():
        # The merge finished before the first checkpoint was written: no need to merge again.
        argv = swift.launcher_argv([(swift.train_command(cfg), cfg_path)])
    # The stop request belongs to the previous attempt; left here, it would stop this one at once.
    stale = run.path / swift.STOP_FILE
    if stale.exists():
        stale.unlink()
    job = jobs.submit(
        run.kind,
        argv,
        run_dir=run.path,
        title=run.job.title if run.job else run.name,
        env=old.get("env", {}),
        meta={**(run.job.meta if run.job else {}), "resumed_from": ckpts[-1].name if ckpts else None},
    )
    R.add_job(run.path, job.id)
    note = (
        Text(f"从 {ckpts[-1].name} 继续。", f"Resuming from {ckpts[-1].name}.")
        if ckpts
        else Text("没有完整的检查点，从头开始。", "No complete checkpoint: starting from the beginning.")
    )
    return Launch(R.get_run(ws, run_id, jobs), job, [note])


def stop(ws: Workspace, run_id: str, jobs: Jobs | None = None, grace: float | None = None) -> R.Run:
    """Ask the trainer to save a checkpoint and stop; SIGKILL only if it has not ended after the grace
    period (its JobKind.stop_grace_s: long enough to write a checkpoint)."""
    jobs = jobs or Jobs(ws)
    run = R.get_run(ws, run_id, jobs)
    if not run.active:
        return run
    atomic_write_text(run.path / swift.STOP_FILE, "stop\n")
    jobs.stop(run.job.id, grace=grace)
    return R.get_run(ws, run_id, jobs)


def clone_settings(ws: Workspace, run_id: str) -> TrainSettingsWithPreset:
    run = R.get_run(ws, run_id)
    s = P.TrainSettings(**run.record["settings"])
    name = (s.name or run.id) + (" (副本)" if re.search(r"[\u4e00-\u9fff]", s.name) else " (copy)")
    return TrainSettingsWithPreset(dataclasses.replace(s, name=name), run.record.get("preset"))


@dataclass
class TrainSettingsWithPreset:
    settings: P.TrainSettings
    preset: str | None


def wait_result(ws: Workspace, run_id: str, timeout: float | None = None, jobs: Jobs | None = None) -> dict:
    """Block until the run's job ends; its final status and metrics (for `--wait`)."""
    jobs = jobs or Jobs(ws)
    run = R.get_run(ws, run_id, jobs)
    if run.job:
        jobs.wait(run.job.id, timeout=timeout)
    run = R.get_run(ws, run_id, jobs)
    out = R.summary(run)
    reason = R.failure_reason(run)
    oom = oom_advice(ws, run)
    out["ok"] = run.status == "succeeded"
    if reason:
        out["reason_zh"], out["reason_en"] = reason.zh, reason.en
    if oom:
        out["advice_zh"], out["advice_en"] = oom.zh, oom.en
    return out


def node_commands(ws: Workspace, run_id: str | None, *, nnodes: int, master_addr: str, nproc: int) -> list[str]:
    """One shell line per machine for a run over several machines, from the run's config (its file must exist
    on each machine); without a run, for a config.yaml in the current folder."""
    cfg = str(R.run_dir(ws, run_id) / swift.CONFIG) if run_id else swift.CONFIG
    kind = R.get_run(ws, run_id).record.get("kind", "sft") if run_id else "sft"
    return swift.node_commands(
        "sft" if kind == "sft" else "rlhf", cfg, nnodes=nnodes, master_addr=master_addr, nproc=nproc
    )


# ---------------------------------------------------------------------------------------------- download


def start_download(ws: Workspace, model: str, hub: str = "modelscope", jobs: Jobs | None = None) -> Job:
    """Fetch a catalog model (or any hub id) into ws.models/<id>/ as a background job. Re-running it
    resumes: both hub clients skip the files already there and continue partial ones."""
    P.check_value("hub", hub)
    entry = P.catalog_entry(model)
    if entry and entry.pocket:
        raise UserError("口袋模型不需要下载，在本机构建即可。", "The pocket model is built here, not downloaded.")
    repo = entry.hub_id(hub) if entry else model
    if not repo or not _HUB_ID.fullmatch(repo):
        raise UserError(
            f"“{model}”不是可下载的模型 ID（形如 Qwen/Qwen2.5-7B-Instruct）。",
            f"“{model}” is not a model id that can be downloaded (like Qwen/Qwen2.5-7B-Instruct).",
        )
    if (
        os.environ.get("MODELSCOPE_OFFLINE") == "1"
        and hub == "modelscope"
        or os.environ.get("HF_HUB_OFFLINE") == "1"
        and hub == "huggingface"
    ):
        raise _offline_error(repo)
    folder_name = entry.id if entry else repo.replace("/", "--")
    folder = ws.resolve(ws.models / folder_name)
    jobs = jobs or Jobs(ws)
    for j in jobs.list(kinds=("download",)):
        if j.active and j.meta.get("folder") == str(folder):
            return j
    folder.mkdir(parents=True, exist_ok=True)
    size = int((entry.params_b if entry else 0) * 2e9)  # bf16 weights dominate a model folder
    argv = swift.download_argv(
        hub,
        repo,
        folder,
        mark={"hub": hub, "repo": repo, "expected_bytes": size, "catalog_id": entry.id if entry else None},
    )
    return jobs.submit(
        "download",
        argv,
        title=f"{repo} ← {hub}",
        gpu=False,
        meta={"folder": str(folder), "repo": repo, "hub": hub, "expected_bytes": size},
    )


def data_kinds(method: str | None) -> tuple[str, ...]:
    """The dataset kinds a method trains on, its own first (SFT's for none or an unknown name)."""
    m = M.REGISTRY.get(method or "sft")
    return m.data_kinds if m else ("sft",)


def default_dataset(ws: Workspace, method: str) -> str | None:
    """The dataset a method trains on unless the person picks: the newest of the method's own kind (SFT
    learns from dialogues even when preference pairs, which it could also read, are newer), else the newest
    it can read."""
    from studio.data import store

    kinds = data_kinds(method)
    usable = [d for d in store.list_datasets(ws) if d.kind in kinds]
    own = next((d for d in usable if d.kind == kinds[0]), None)
    return (own or (usable[0] if usable else None)).id if usable else None


def start_pocket_build(ws: Workspace, model: str = "pocket-tiny", jobs: Jobs | None = None) -> Job:
    """Build the pocket model (studio.models.pocket) as a background job; one at a time."""
    entry = P.catalog_entry(model or "")
    size = entry.pocket if entry and entry.pocket else "tiny"
    jobs = jobs or Jobs(ws)
    for j in jobs.list(kinds=("build-pocket",)):
        if j.active:
            return j
    job_id = new_id("build-pocket")
    run = ws.resolve(ws.runs / job_id)
    argv = body_argv("build-pocket", "--size", size, "--workspace", ws.root, "--run-dir", run)
    return jobs.submit(
        "build-pocket",
        argv,
        run_dir=run,
        title=f"pocket-{size}",
        env=dict(swift.OFFLINE_ENV),
        job_id=job_id,
        meta={"size": size},
    )


def download_progress(job: Job) -> tuple[int, int]:
    """(bytes on disk, bytes expected) of a download job."""
    folder = Path(job.meta.get("folder", ""))
    total = 0
    if folder.is_dir():
        for p in folder.rglob("*"):
            if p.is_file():
                total += p.stat().st_size
    return total, int(job.meta.get("expected_bytes") or 0)
