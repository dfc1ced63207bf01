"""Training settings: one typed dataclass with help text, the model catalog, and presets.

Precedence: the dataclass defaults < the method's defaults (DPO wants a lower learning rate than SFT)
< a preset (presets/train/<name>.yaml: only what differs, chosen from the GPU's memory) < what the
user changed. A preset or a user change with an unknown key or a wrong type is refused with a sentence.

GPU detection runs `nvidia-smi` (argv, no shell); the web process never loads torch to find a GPU.
"""

from __future__ import annotations

import dataclasses
import shutil
import subprocess
from dataclasses import dataclass, field, fields
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from studio.core.i18n import Text, UserError
from studio.training import methods as M

ROOT = Path(__file__).resolve().parents[2]
PRESETS_DIR = ROOT / "presets" / "train"
CATALOG_PATH = ROOT / "presets" / "models.yaml"

TUNERS = ("lora", "qlora")
TARGETS = ("all-linear", "qv")
DTYPES = ("auto", "bfloat16", "float16", "float32")
HUBS = ("modelscope", "huggingface")
CONTINUE_MODES = ("adapter", "merge")
DEEPSPEED = ("none", "zero2", "zero3")


def _f(default, zh: str, en: str, **kw):
    """A dataclass field with its one-line help in both languages (shown in the UI and `--help`)."""
    if isinstance(default, (list, dict)):
        return field(default_factory=lambda: type(default)(default), metadata={"help": Text(zh, en), **kw})
    return field(default=default, metadata={"help": Text(zh, en), **kw})


@dataclass
class TrainSettings:
    """Everything a training run is started with. Field names are ours, not ms-swift's."""

    method: str = _f(
        "sft",
        f"训练方式：sft 学说话；{'/'.join(M.align_names())} 按偏好对齐。",
        f"What to train: sft learns to talk; {'/'.join(M.align_names())} align with preferences.",
        choices=M.names,
    )
    model: str = _f(
        "pocket-tiny",
        "基础模型：目录里的编号、本地文件夹，或模型仓库 ID。",
        "Base model: a catalog id, a local folder, or a hub id.",
    )
    hub: str = _f(
        "modelscope",
        "下载来源：ModelScope（国内快）或 Hugging Face。",
        "Where to download from: ModelScope (default) or Hugging Face.",
        choices=HUBS,
    )
    template: str = _f(
        "",
        "对话模板（ms-swift 名称）；留空则按模型自动选择。",
        "Chat template (ms-swift name); empty picks the model's own.",
    )
    trust_remote_code: bool = _f(
        False,
        "允许运行模型自带的代码；只在信任来源时勾选。",
        "Let the model run its own code; tick only if you trust its source.",
    )
    dataset: str = _f("", "训练数据集（数据页里的编号）。", "Training dataset (its id on the Data tab).")
    from_run: str = _f(
        "",
        "从哪次 SFT 训练继续（留空则从基础模型开始）。",
        "The SFT run to start from (empty: start from the base model).",
    )
    continue_mode: str = _f(
        "adapter",
        "adapter：继续训练 SFT 的 LoRA；merge：先合并 SFT，再训练新的 LoRA。",
        "adapter: keep training the SFT LoRA; merge: merge the SFT into the model, then train a new LoRA.",
        choices=CONTINUE_MODES,
    )
    tuner: str = _f(
        "lora",
        "LoRA 只训练一小部分参数；QLoRA 再把模型压成 4 位，显存更省（只支持 NVIDIA 显卡）。",
        "LoRA trains a small add-on; QLoRA also loads the model in 4 bits to save memory (NVIDIA GPUs only).",
        choices=TUNERS,
    )
    lora_rank: int = _f(
        8, "LoRA 秩：越大能学的越多，也越占显存。", "LoRA rank: higher learns more, uses more memory.", lo=1, hi=1024
    )
    lora_alpha: int = _f(
        32, "LoRA 缩放系数，通常是秩的 2–4 倍。", "LoRA scale, usually 2 to 4 times the rank.", lo=1, hi=4096
    )
    lora_dropout: float = _f(
        0.05, "LoRA 的 dropout，防止过拟合。", "LoRA dropout, against overfitting.", lo=0.0, hi=0.9
    )
    target_modules: str = _f(
        "all-linear",
        "LoRA 加在哪些层：all-linear 全部线性层（推荐），qv 只加在 q/v 投影。",
        "Where LoRA goes: all-linear (recommended) or only the q/v projections.",
        choices=TARGETS,
    )
    learning_rate: float = _f(
        1e-4,
        "学习率：太大容易学坏（损失变 NaN），太小学得慢。",
        "Learning rate: too high breaks training (NaN loss), too low learns slowly.",
        lo=1e-8,
        hi=1.0,
    )
    epochs: float = _f(3.0, "把数据完整学几遍。", "How many passes over the data.", lo=0.01, hi=100.0)
    max_steps: int = _f(
        0, "最多训练多少步；0 表示按轮数。", "Stop after this many steps; 0 means use epochs.", lo=0, hi=10_000_000
    )
    max_length: int = _f(
        1024,
        "每条样本最多多少个 token；更长的样本会被跳过。",
        "Longest sample in tokens; longer samples are skipped.",
        lo=32,
        hi=131072,
    )
    batch_size: int = _f(1, "每张卡一次处理几条样本。", "Samples per GPU per forward pass.", lo=1, hi=1024)
    grad_accum: int = _f(
        16,
        "梯度累积步数：批大小 × 累积 = 每步真正学的样本数。",
        "Gradient accumulation: batch × accumulation = samples per optimizer step.",
        lo=1,
        hi=1024,
    )
    gradient_checkpointing: bool = _f(
        True, "梯度检查点：省很多显存，慢约 30%。", "Gradient checkpointing: saves much memory, about 30% slower."
    )
    auto_speed: bool = _f(
        True,
        "自动提速：在显卡上由工作室选择放得下的最快设置（每次的样本数、梯度累积、梯度检查点、Liger 加速核），"
        "每步学的样本总数保持不变。",
        "Auto speed: on a GPU the studio picks the fastest setup that fits (micro-batch, "
        "accumulation, gradient checkpointing, Liger kernels), keeping the samples per step.",
    )
    gpu_memory_gib: float | None = _f(
        None,
        "最多使用多少显存（GiB）；留空则用全部空闲显存。和别人共用显卡时填写。",
        "Use at most this much GPU memory (GiB); empty uses all that is free. Set it when sharing the GPU.",
        lo=1.0,
        hi=4096.0,
    )
    dtype: str = _f(
        "auto",
        "计算精度：auto 在显卡上用 bfloat16，在 CPU 上用 float32。",
        "Precision: auto uses bfloat16 on a GPU and float32 on a CPU.",
        choices=DTYPES,
    )
    system: str = _f(
        "",
        "系统提示词 / 人设：告诉模型它是谁、怎么说话。",
        "System prompt / persona: who the model is and how it talks.",
    )
    seed: int = _f(
        42,
        "随机种子：相同的种子和数据训练出相同的结果。",
        "Random seed: same seed and data, same result.",
        lo=0,
        hi=2**31 - 1,
    )
    warmup_ratio: float = _f(
        0.05,
        "预热：开头这部分步数里学习率慢慢升上去。",
        "Warm-up: the share of steps over which the learning rate ramps up.",
        lo=0.0,
        hi=0.5,
    )
    save_steps: int = _f(
        50,
        "每隔多少步保存一个检查点（停止和继续都从检查点开始）。",
        "Save a checkpoint every this many steps (stop and resume start from one).",
        lo=1,
        hi=1_000_000,
    )
    eval_steps: int = _f(
        50,
        "每隔多少步在验证集上评估一次。",
        "Evaluate on the validation set every this many steps.",
        lo=1,
        hi=1_000_000,
    )
    save_total_limit: int = _f(3, "最多保留几个检查点。", "How many checkpoints to keep.", lo=1, hi=1000)
    beta: float | None = _f(
        None,
        "β：越大越贴近参考模型（DPO/KTO）或偏好信号越强（SimPO/ORPO/CPO）。",
        "β: higher stays closer to the reference (DPO/KTO) or weighs the preference more (SimPO/ORPO/CPO).",
        lo=0.0,
        hi=100.0,
    )
    simpo_gamma: float | None = _f(
        None,
        "SimPO γ：要求好回复比差回复至少高出的奖励差。",
        "SimPO γ: the reward margin a chosen reply must win by.",
        lo=0.0,
        hi=10.0,
    )
    cpo_alpha: float | None = _f(
        None,
        "CPO/SimPO α：额外的 SFT 损失权重（0 为纯 SimPO）。",
        "CPO/SimPO α: weight of an extra SFT loss (0 is pure SimPO).",
        lo=0.0,
        hi=10.0,
    )
    rpo_alpha: float | None = _f(
        None,
        "RPO α：在 DPO 上加一点 SFT 损失，防止好回复的概率也下降；空为关闭。",
        "RPO α: adds some SFT loss to DPO so chosen replies do not lose probability; empty is off.",
        lo=0.0,
        hi=10.0,
    )
    desirable_weight: float | None = _f(
        None,
        "KTO：“好”样本的权重（好样本少时调高）。",
        "KTO: weight of desirable samples (raise it when they are fewer).",
        lo=0.0,
        hi=100.0,
    )
    undesirable_weight: float | None = _f(
        None,
        "KTO：“差”样本的权重（差样本少时调高）。",
        "KTO: weight of undesirable samples (raise it when they are fewer).",
        lo=0.0,
        hi=100.0,
    )
    gpus: list = _f(
        [],
        "用哪几张显卡（空为自动）；多张卡时数据并行。",
        "Which GPUs to use (empty: automatic); several GPUs train in data parallel.",
    )
    deepspeed: str = _f(
        "none",
        "多卡时的 DeepSpeed：zero2 分担优化器状态，zero3 连模型权重也分担。",
        "DeepSpeed on several GPUs: zero2 shards optimizer state, zero3 also the weights.",
        choices=DEEPSPEED,
    )
    offline: bool = _f(False, "离线：不连接模型仓库，只用本地文件。", "Offline: never contact a model hub.")
    name: str = _f("", "这次训练的名字（可选）。", "A name for this run (optional).")

    def __post_init__(self):
        validate(self)

    def to_dict(self) -> dict:
        return dataclasses.asdict(self)

    @property
    def is_align(self) -> bool:
        return M.get(self.method).align


FIELDS = {f.name: f for f in fields(TrainSettings)}
# Keys a preset file may hold besides settings.
PRESET_META = ("memory_gib", "about")

# The knobs (settings only some methods read), in the order of the fields; which method reads which,
# and each method's starting values, are in studio.training.methods.
KNOBS = tuple(k for k in FIELDS if k in M.all_knobs())


def _where(origin: str, key: str) -> Text:
    return Text(f"{origin} 里的 “{key}”", f"“{key}” in {origin}")


def check_value(key: str, value: Any, origin: str = "settings") -> Any:
    """The value, coerced where lossless (int -> float), or UserError naming the key and what it wants."""
    f = FIELDS.get(key)
    where = _where(origin, key)
    if f is None:
        raise UserError(
            f"{where.zh}不是已知的设置。可用的设置有：{', '.join(FIELDS)}。",
            f"{where.en} is not a known setting. Known settings: {', '.join(FIELDS)}.",
        )
    t = f.type if isinstance(f.type, str) else getattr(f.type, "__name__", str(f.type))
    optional = "None" in t
    if value is None:
        if optional:
            return None
        raise UserError(f"{where.zh}不能为空。", f"{where.en} cannot be empty.")
    base = t.replace(" | None", "")
    ok = {
        "str": isinstance(value, str),
        "bool": isinstance(value, bool),
        "int": isinstance(value, int) and not isinstance(value, bool),
        "float": isinstance(value, (int, float)) and not isinstance(value, bool),
        "list": isinstance(value, list) and all(isinstance(v, int) and not isinstance(v, bool) for v in value),
    }.get(base, False)
    if not ok:
        want = {
            "str": Text("文字", "text"),
            "bool": Text("true 或 false", "true or false"),
            "int": Text("整数", "a whole number"),
            "float": Text("数字", "a number"),
            "list": Text("整数列表，例如 [0, 1]", "a list of whole numbers, e.g. [0, 1]"),
        }[base]
        raise UserError(
            f"{where.zh}应该是{want.zh}，而不是 {value!r}。", f"{where.en} should be {want.en}, not {value!r}."
        )
    if base == "float":
        value = float(value)
    meta = f.metadata
    # A callable gives the choices as they are now (the methods come from studio.training.methods' registry).
    allowed = meta["choices"]() if callable(meta.get("choices")) else meta.get("choices")
    if allowed is not None and value not in allowed:
        raise UserError(
            f"{where.zh}只能是 {' / '.join(allowed)} 之一，而不是 {value!r}。",
            f"{where.en} must be one of {' / '.join(allowed)}, not {value!r}.",
        )
    if "lo" in meta and not (meta["lo"] <= value <= meta["hi"]):
        raise UserError(
            f"{where.zh}应在 {meta['lo']} 到 {meta['hi']} 之间，而不是 {value}。",
            f"{where.en} must be between {meta['lo']} and {meta['hi']}, not {value}.",
        )
    return value


def validate(s: TrainSettings) -> None:
    for f in fields(s):
        setattr(s, f.name, check_value(f.name, getattr(s, f.name)))
    if s.is_align and s.tuner == "lora" and s.continue_mode not in CONTINUE_MODES:
        raise UserError("continue_mode 无效。", "continue_mode is not valid.")
    m = M.get(s.method)
    if s.batch_size * s.grad_accum < m.min_samples_per_step:
        n = m.min_samples_per_step
        raise UserError(
            f"{m.label} 需要“批大小 × 梯度累积”至少为 {n}（它要在一批里对比样本）。请调大其中一个。",
            f"{m.label} needs batch size × gradient accumulation of at least {n} (it compares samples "
            "within a batch). Raise one of them.",
        )


def check_changes(changes: dict, origin: str) -> dict:
    return {k: check_value(k, v, origin) for k, v in (changes or {}).items()}


# ---------------------------------------------------------------------------------------------- presets


@dataclass(frozen=True)
class Preset:
    name: str
    memory_gib: float  # the smallest GPU memory it is meant for (0: CPU)
    about: Text
    values: dict  # only what differs from the defaults

    def to_yaml(self) -> str:
        return yaml.safe_dump(
            {"memory_gib": self.memory_gib, "about": {"zh": self.about.zh, "en": self.about.en}, **self.values},
            allow_unicode=True,
            sort_keys=False,
        )


def preset_names() -> list[str]:
    """Smallest first (by the memory each is meant for)."""
    return [p.name for p in sorted(_load_all(), key=lambda p: p.memory_gib)]


@lru_cache(maxsize=1)
def _load_all() -> tuple[Preset, ...]:
    return tuple(load_preset_file(p) for p in sorted(PRESETS_DIR.glob("*.yaml")))


def load_preset_file(path: Path) -> Preset:
    origin = f"presets/train/{path.name}"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as e:
        raise UserError(f"{origin} 不是有效的 YAML：{e}", f"{origin} is not valid YAML: {e}") from None
    if not isinstance(data, dict):
        raise UserError(f"{origin} 应该是“设置: 值”的列表。", f"{origin} should be a mapping of setting: value.")
    memory = data.pop("memory_gib", 0)
    about = data.pop("about", {}) or {}
    if not isinstance(memory, (int, float)) or isinstance(memory, bool):
        raise UserError(f"{origin} 里的 memory_gib 应该是数字。", f"memory_gib in {origin} should be a number.")
    if not (isinstance(about, dict) and set(about) <= {"zh", "en"}):
        raise UserError(
            f"{origin} 里的 about 应该有 zh 和 en 两句话。", f"about in {origin} should hold a zh and an en sentence."
        )
    return Preset(path.stem, float(memory), Text(about.get("zh", ""), about.get("en", "")), check_changes(data, origin))


def get_preset(name: str) -> Preset:
    for p in _load_all():
        if p.name == name:
            return p
    raise UserError(
        f"没有名为“{name}”的预设。可选：{', '.join(preset_names())}。",
        f"There is no preset “{name}”. Choose one of: {', '.join(preset_names())}.",
    )


def resolve(preset: str | None, changes: dict | None = None, method: str | None = None) -> TrainSettings:
    """defaults < method defaults < preset < user changes."""
    changes = check_changes(changes or {}, "your settings")
    method = method or changes.get("method") or "sft"
    merged: dict = {}
    merged.update(M.get(check_value("method", method)).defaults)
    if preset:
        merged.update(get_preset(preset).values)
    merged.update(changes)
    merged["method"] = method
    # Knobs of other methods are meaningless here; keep them out of what is saved and launched.
    for knob in KNOBS:
        if knob not in M.get(method).knobs:
            merged[knob] = None
    return TrainSettings(**merged)


def baseline(preset: str | None, method: str = "sft") -> TrainSettings:
    """What the form shows before the user touches it."""
    return resolve(preset, {}, method)


def user_changes(preset: str | None, values: dict) -> dict:
    """The settings in `values` that differ from what the preset gives (what the user changed)."""
    method = values.get("method") or "sft"
    base = baseline(preset, method).to_dict()
    return {k: v for k, v in values.items() if k in FIELDS and base.get(k) != v}


# ---------------------------------------------------------------------------------------------- GPUs


@dataclass(frozen=True)
class Gpu:
    index: int
    name: str
    total_mib: int
    used_mib: int

    @property
    def total_gib(self) -> float:
        return self.total_mib / 1024

    @property
    def free_gib(self) -> float:
        return max(0.0, (self.total_mib - self.used_mib) / 1024)


NVIDIA_SMI_QUERY = ["--query-gpu=name,memory.total,memory.used", "--format=csv,noheader,nounits"]


def parse_nvidia_smi(text: str) -> list[Gpu]:
    out = []
    for line in text.splitlines():
        parts = [p.strip() for p in line.split(",")]
        if len(parts) < 3:
            continue
        try:
            out.append(Gpu(len(out), parts[0], int(float(parts[1])), int(float(parts[2]))))
        except ValueError:
            continue
    return out


def detect_gpus(timeout: float = 10.0) -> list[Gpu]:
    """The NVIDIA GPUs nvidia-smi reports; [] when there is none (or no driver)."""
    exe = shutil.which("nvidia-smi")
    if not exe:
        return []
    try:
        out = subprocess.run([exe, *NVIDIA_SMI_QUERY], capture_output=True, text=True, timeout=timeout, check=False)
    except (OSError, subprocess.SubprocessError):
        return []
    return parse_nvidia_smi(out.stdout) if out.returncode == 0 else []


# Cards are sold as "8 GB" but report a little less (driver reserve); half a GiB of slack.
SLACK_GIB = 0.5


def auto_preset(gpus: list[Gpu], chosen: list[int] | None = None) -> str:
    """The largest preset the (smallest chosen) GPU is big enough for; cpu-pocket without a GPU."""
    pool = [g for g in gpus if not chosen or g.index in chosen]
    if not pool:
        return "cpu-pocket"
    mem = min(g.total_gib for g in pool)
    best = "cpu-pocket"
    for p in sorted(_load_all(), key=lambda p: p.memory_gib):
        if p.memory_gib and p.memory_gib <= mem + SLACK_GIB:
            best = p.name
    return best


# ---------------------------------------------------------------------------------------------- catalog

ROLES = ("chat", "guard")


@dataclass(frozen=True)
class CatalogModel:
    id: str
    name: Text
    model_type: str
    template: str
    params_b: float
    arch: dict
    licence: str
    note: Text
    modelscope: str | None = None
    huggingface: str | None = None
    pocket: str | None = None  # a pocket size the studio builds itself
    remote_code: bool = False
    role: str = "chat"  # "chat": a base model; "guard": a safety classifier (studio.chat.guard_judge)

    def hub_id(self, hub: str) -> str | None:
        return self.huggingface if hub == "huggingface" else self.modelscope


@lru_cache(maxsize=1)
def catalog() -> tuple[CatalogModel, ...]:
    rows = yaml.safe_load(CATALOG_PATH.read_text(encoding="utf-8")) or []
    out = []
    for r in rows:
        out.append(
            CatalogModel(
                id=r["id"],
                name=Text(r["name"]["zh"], r["name"]["en"]),
                model_type=r["model_type"],
                template=r["template"],
                params_b=float(r["params_b"]),
                arch=dict(r["arch"]),
                licence=r["licence"],
                note=Text(r.get("note", {}).get("zh", ""), r.get("note", {}).get("en", "")),
                modelscope=r.get("modelscope"),
                huggingface=r.get("huggingface"),
                pocket=r.get("pocket"),
                remote_code=bool(r.get("remote_code", False)),
                role=str(r.get("role", "chat")),
            )
        )
        if out[-1].role not in ROLES:
            raise ValueError(f"{CATALOG_PATH}: {out[-1].id}: role must be one of {ROLES}, not {out[-1].role!r}")
    return tuple(out)


def base_models() -> tuple[CatalogModel, ...]:
    """The catalog entries a user may train, chat with or deploy: every list that offers a base model
    uses this, so a safety classifier (role guard) never shows up as one."""
    return tuple(m for m in catalog() if m.role == "chat")


def base_entry(model: str) -> CatalogModel | None:
    """catalog_entry for a model asked for as a base (training, a recipe): a safety classifier gets a
    sentence saying what it is for instead of a failed training run."""
    entry = catalog_entry(model)
    if entry is not None and entry.role != "chat":
        raise UserError(
            f"“{entry.id}”是安全分类器，不是对话模型，不能用来训练或聊天：下载后安全守护会自动用它。"
            f"请换一个基础模型（`qixi train models` 列出全部）。",
            f"“{entry.id}” is a safety classifier, not a chat model, so it cannot be trained or chatted "
            f"with: once downloaded, the safety guard uses it by itself. Choose another base model "
            f"(`qixi train models` lists them).",
        )
    return entry


def catalog_entry(model: str) -> CatalogModel | None:
    """By catalog id, or by either hub id."""
    for m in catalog():
        if model in (m.id, m.modelscope, m.huggingface):
            return m
    return None
