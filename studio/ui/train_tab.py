"""Train: SFT (LoRA / QLoRA) and preference alignment (DPO, SimPO, ORPO, KTO, CPO) with presets, a
memory planner, live plots, stop / resume, and the run history.

The form becomes a TrainSettings (studio.training.presets) and goes to studio.training.train.start - the same call as
`qixi train sft|align`. Plots, progress and the health line are read from the run folder every 2 s
(gr.Timer), so a page reload or an app restart loses nothing.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass

import gradio as gr
import pandas as pd

from studio.core.i18n import Text, UserError
from studio.jobs.progress import duration_text, steps_text
from studio.jobs.store import STATUS_TEXT
from studio.models import registry as M
from studio.training import methods
from studio.training import presets as P
from studio.training import runs as R
from studio.training import train as T
from studio.ui.context import UIContext, choices, shown_state

X = {
    "intro": Text(
        "**这一页用来训练你们的模型。** 选好基础模型和训练数据，点“🚀 开始训练”：先“学说话”，照着示范回复学；"
        "再换成“偏好学习”，用你们标注的好/差回复学你们喜欢的说话方式。训练在后台进行，关掉浏览器也不会停；"
        "练好后去“④ 模型与导出”。",
        "**This tab trains your model.** Choose a base model and training data, press “🚀 Start training”: "
        "first “Learn to talk” from example replies, then switch to “Preference learning” on the better/worse "
        "replies you labelled. Training runs in the background and keeps going when the browser closes; "
        "then go to ④ Models & Export.",
    ),
    "method": Text("训练方式", "Method"),
    "preset": Text("预设（按显存自动选择）", "Preset (chosen from your GPU memory)"),
    "model": Text("基础模型（也可以填本地文件夹或模型 ID）", "Base model (or a local folder or hub id)"),
    "hub": Text("下载来源", "Download from"),
    "download": Text("⬇️ 下载模型", "⬇️ Download model"),
    "pocket": Text("🧸 构建口袋模型", "🧸 Build pocket model"),
    "dataset": Text("训练数据", "Training data"),
    "dataset_info": Text(
        "在“① 数据”页导入，或点右边的“使用示例数据”；偏好学习用“② 标注”导出的偏好对。",
        "Import it on ① Data or press “Use the sample data” on the right; preference learning uses "
        "the pairs exported on ② Annotate.",
    ),
    "sample": Text("✨ 使用示例数据", "✨ Use the sample data"),
    "from_run": Text("从哪次 SFT 训练继续（空 = 从基础模型开始）", "Start from SFT run (empty = from the base model)"),
    "continue_mode": Text("怎么接着 SFT", "How to build on the SFT run"),
    "tuner": Text("微调方式", "Tuning"),
    "lr": Text("学习率", "Learning rate"),
    "epochs": Text("轮数", "Epochs"),
    "max_steps": Text("最多步数（0 = 按轮数）", "Max steps (0 = by epochs)"),
    "knobs": Text("#### 对齐参数", "#### Alignment knobs"),
    "advanced": Text("⚙️ 高级设置", "⚙️ Advanced"),
    "lora_rank": Text("LoRA 秩", "LoRA rank"),
    "lora_alpha": Text("LoRA α", "LoRA alpha"),
    "lora_dropout": Text("LoRA dropout", "LoRA dropout"),
    "target_modules": Text("LoRA 目标层", "LoRA targets"),
    "max_length": Text("最大长度（token）", "Max length (tokens)"),
    "batch_size": Text("批大小", "Batch size"),
    "grad_accum": Text("梯度累积", "Gradient accumulation"),
    "gradient_checkpointing": Text("梯度检查点（省显存）", "Gradient checkpointing (saves memory)"),
    "dtype": Text("精度", "Precision"),
    "system": Text("系统提示词 / 人设", "System prompt / persona"),
    "system_ph": Text(
        "例如：你是小七，用户的恋人。说话温柔、体贴，会先关心对方的感受，再给建议。",
        "e.g. You are Qi, the user's partner: gentle and caring; you ask how they feel before advising.",
    ),
    "seed": Text("随机种子", "Seed"),
    "warmup_ratio": Text("预热比例", "Warm-up ratio"),
    "save_steps": Text("每多少步保存", "Save every N steps"),
    "eval_steps": Text("每多少步验证", "Evaluate every N steps"),
    "save_total_limit": Text("最多保留检查点", "Checkpoints kept"),
    "template": Text("对话模板（留空自动）", "Chat template (empty: automatic)"),
    "trust_remote_code": Text("信任模型代码（只在信任来源时勾选）", "Trust model code (only for sources you trust)"),
    "offline": Text("离线（不连接模型仓库）", "Offline (never contact a hub)"),
    "gpus": Text("使用哪些显卡（多张 = 数据并行）", "GPUs to use (several = data parallel)"),
    "deepspeed": Text("DeepSpeed（多卡时）", "DeepSpeed (several GPUs)"),
    "name": Text("训练名称（可选）", "Run name (optional)"),
    "nodes": Text("#### 多台机器", "#### Several machines"),
    "nnodes": Text("机器数", "Machines"),
    "master": Text("主节点地址", "Master address"),
    "nproc": Text("每台显卡数", "GPUs per machine"),
    "node_btn": Text("📋 生成每台机器的命令", "📋 Show per-machine commands"),
    "node_cmds": Text(
        "在每台机器上运行（各自一行；先把 config.yaml 和数据复制过去）",
        "Run one line on each machine (copy config.yaml and the data there first)",
    ),
    "plan_btn": Text("🧮 估算显存", "🧮 Estimate memory"),
    "start": Text("🚀 开始训练", "🚀 Start training"),
    "stop": Text("⏹ 停止（先保存）", "⏹ Stop (saves first)"),
    "resume": Text("▶️ 继续训练", "▶️ Resume"),
    "watch": Text("查看的训练", "Run shown"),
    "log": Text("📜 日志末尾", "📜 End of the log"),
    "history": Text("🗂️ 训练记录", "🗂️ Run history"),
    "compare_pick": Text("选两次或更多训练来对比", "Pick two or more runs to compare"),
    "compare_btn": Text("📈 对比", "📈 Compare"),
    "metric": Text("对比的指标", "Metric"),
    "clone": Text("📄 复制设置", "📄 Clone settings"),
    "delete": Text("🗑️ 删除…", "🗑️ Delete…"),
    "delete_yes": Text("确定删除", "Yes, delete"),
    "cancel": Text("取消", "Cancel"),
    "confirm": Text(
        "⚠️ 确定删除训练“{name}”吗？它的检查点和日志都会删除，无法恢复。",
        "⚠️ Really delete run “{name}”? Its checkpoints and logs go, and this cannot be undone.",
    ),
    "fix": Text("🩹 用能放下的预设重新开始", "🩹 Start again with the preset that fits"),
    "no_run": Text(
        "还没有训练。选好模型和数据，点“开始训练”。", "No run yet. Choose a model and data, then press Start."
    ),
    "cols": Text(
        "编号|名称|方式|状态|基础模型|数据|步数|最终损失|用时",
        "id|name|method|status|base|data|steps|final loss|duration",
    ),
}
CONTINUE_TEXT = [
    (Text("继续训练 SFT 的 LoRA（推荐）", "Keep training the SFT LoRA (recommended)"), "adapter"),
    (Text("先合并 SFT，再训练新的 LoRA", "Merge the SFT first, then a new LoRA"), "merge"),
]
TUNER_TEXT = [
    (Text("LoRA", "LoRA"), "lora"),
    (Text("QLoRA（4 位，需 NVIDIA 显卡）", "QLoRA (4-bit, NVIDIA GPU only)"), "qlora"),
]
TARGET_TEXT = [(Text("全部线性层", "All linear layers"), "all-linear"), (Text("只有 q/v", "q/v only"), "qv")]
HUB_TEXT = [(Text("ModelScope", "ModelScope"), "modelscope"), (Text("Hugging Face", "Hugging Face"), "huggingface")]
KNOBS = P.KNOBS  # one number box each; a method shows its own (studio.training.methods)
KNOB_LABEL = {
    "beta": "β",
    "simpo_gamma": "SimPO γ",
    "cpo_alpha": "CPO α",
    "rpo_alpha": "RPO α",
    "desirable_weight": Text("KTO 好样本权重", "KTO desirable weight"),
    "undesirable_weight": Text("KTO 差样本权重", "KTO undesirable weight"),
}
# The form's widgets by setting name (the settings of studio.training.presets.TrainSettings the tab shows).
FORM = (
    "method",
    "model",
    "hub",
    "dataset",
    "from_run",
    "continue_mode",
    "tuner",
    "learning_rate",
    "epochs",
    "max_steps",
    *KNOBS,
    "lora_rank",
    "lora_alpha",
    "lora_dropout",
    "target_modules",
    "max_length",
    "batch_size",
    "grad_accum",
    "gradient_checkpointing",
    "dtype",
    "system",
    "seed",
    "warmup_ratio",
    "save_steps",
    "eval_steps",
    "save_total_limit",
    "template",
    "trust_remote_code",
    "offline",
    "gpus",
    "deepspeed",
    "name",
)
# The plots: key -> (title, panels key for SFT, panels key for alignment).
PLOTS = ("loss", "accuracy", "lr", "grad_norm", "margins", "rewards", "logps", "memory")
SFT_ONLY_HIDDEN = ("margins", "rewards", "logps")


def method_choices(lang: str | None = None) -> list[tuple[str, str]]:
    """The method radio: every method of studio.training.methods, plain words first, the name in brackets."""
    return choices([(m.choice, m.name) for m in methods.REGISTRY.values()])(lang)


def _label(key: str, lang: str) -> str:
    v = KNOB_LABEL.get(key)
    return v(lang) if isinstance(v, Text) else v


def _int_fields() -> set[str]:
    return {k for k, f in P.FIELDS.items() if str(f.type) == "int"}


INTS = _int_fields()


def form_values(form: dict) -> dict:
    """Widget values by name -> setting values with the types TrainSettings wants."""
    out = {}
    for key, v in form.items():
        if key in INTS and v is not None and not (isinstance(v, float) and math.isnan(v)):
            v = int(v)
        elif key in KNOBS and v is not None:
            v = float(v)
        elif key == "gpus":
            v = [int(x) for x in (v or [])]
        elif isinstance(v, str):
            v = v.strip() if key not in ("system",) else v
        out[key] = v
    if out.get("method") == "sft" or not out.get("from_run"):
        out["from_run"] = ""
    return out


def settings_from_form(preset: str | None, form: dict) -> tuple[P.TrainSettings, dict]:
    values = form_values(form)
    method = values.get("method") or "sft"
    for knob in KNOBS:  # knobs of other methods are hidden and meaningless here
        if knob not in methods.get(method).knobs:
            values.pop(knob, None)
    changes = P.user_changes(preset, values)
    return P.resolve(preset, changes, method), changes


def frame(rows: list[dict]) -> pd.DataFrame | None:
    # None, never an empty frame: a LinePlot that was once given an empty frame draws no lines after
    # (Gradio 6.31 builds its colour scale from the first data it sees).
    return pd.DataFrame(rows, columns=["step", "value", "series"]) if rows else None


# Train rose, validation amber, chosen green, rejected grey - in both languages.
SERIES_COLORS = {
    "loss": "#e11d48",
    "token_acc": "#e11d48",
    "rewards/margins": "#e11d48",
    "rewards/accuracies": "#e11d48",
    "learning_rate": "#7c3aed",
    "grad_norm": "#0891b2",
    "memory(GiB)": "#0891b2",
    "eval_loss": "#f59e0b",
    "eval_token_acc": "#f59e0b",
    "eval_rewards/margins": "#f59e0b",
    "eval_rewards/accuracies": "#f59e0b",
    "rewards/chosen": "#16a34a",
    "logps/chosen": "#16a34a",
    "rewards/rejected": "#78716c",
    "logps/rejected": "#78716c",
}
COLOR_MAP = {R.series_label(k, lang): c for k, c in SERIES_COLORS.items() for lang in ("zh", "en")}


def status_html(ctx: UIContext, lang: str, run: R.Run | None) -> str:
    if run is None:
        return f"<div class='qt-card qt-empty'>{X['no_run'](lang)}</div>"
    m = run.metrics()
    st = run.status
    frac = m.progress if m.max_steps else (1.0 if st == "succeeded" else 0.0)
    color = {"succeeded": "#16a34a", "failed": "#dc2626", "stopped": "#d97706", "interrupted": "#d97706"}.get(
        st, "#e11d48"
    )
    bits = [
        f"<b>{methods.label(run.method)}</b> · {run.name}",
        f"<span style='color:{color};font-weight:600'>{STATUS_TEXT[st](lang)}</span>",
    ]
    if m.max_steps:
        bits.append(steps_text(m.step, m.max_steps, frac))
    eta = R.eta_s(m)
    if eta is not None and run.active:
        bits.append(("剩余约 " if lang == "zh" else "ETA ") + duration_text(eta))
    tps = R.tokens_per_s(m, run.record)
    if tps and run.active:
        bits.append(f"≈ {tps:,.0f} tokens/s")
    bar = (
        f"<div style='height:8px;border-radius:99px;background:#f5f5f4;overflow:hidden;margin:8px 0'>"
        f"<div style='height:100%;width:{frac * 100:.1f}%;background:"
        f"{'linear-gradient(90deg,#fb7185,#e11d48)' if run.active else color};"
        f"transition:width .4s'></div></div>"
    )
    health = R.health(m, run.method, run.active)(lang) if m.series or run.active else ""
    lines = [" · ".join(bits), bar]
    if health:
        lines.append(f"<div class='qt-health'>💬 {health}</div>")
    reason = R.failure_reason(run)
    if reason:
        lines.append(f"<div style='color:#dc2626'>⚠️ {reason(lang)}</div>")
    oom = T.oom_advice(ctx.ws, run)
    if oom:
        lines.append(f"<div style='color:#b45309'>🩹 {oom(lang)}</div>")
    if run.job:
        lines.append(
            f"<details><summary>{'运行的命令' if lang == 'zh' else 'Command run'}</summary>"
            f"<code style='font-size:12px'>{_esc(run.job.command)}</code></details>"
        )
    return (
        "<div class='qt-card' style='padding:12px 16px;border-radius:14px;background:#fff7f8;line-height:1.6'>"
        + "".join(lines)
        + "</div>"
    )


def _esc(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def history_rows(runs: list[R.Run], lang: str) -> list[list]:
    rows = []
    for r in runs:
        d = R.summary(r, lang)
        loss = d["final"].get("loss")
        rows.append(
            [
                r.id,
                r.name if r.name != r.id else "",
                methods.label(r.method),
                STATUS_TEXT[r.status](lang),
                d["base"],
                d["dataset"],
                f"{d['step']}/{d['max_steps']}" if d["max_steps"] else "–",
                f"{loss:.4f}" if isinstance(loss, float) else "–",
                duration_text(d["duration_s"]),
            ]
        )
    return rows


def run_choices(runs: list[R.Run], lang: str) -> list[tuple[str, str]]:
    return [(f"{methods.label(r.method)} · {r.name} · {STATUS_TEXT[r.status](lang)}", r.id) for r in runs]


def sft_run_choices(runs: list[R.Run], lang: str) -> list[tuple[str, str]]:
    return [(f"{r.name} · {STATUS_TEXT[r.status](lang)}", r.id) for r in runs if r.method == "sft" and r.checkpoints()]


# ---------------------------------------------------------------------------------------------- handlers
# Each handler takes the tab's page and named widget values (the language first) and returns a dict of
# output name -> value; an output it leaves out stays as it is. `create_train_tab` wires them by name.


@dataclass
class TrainPage:
    """What the tab's handlers share: the context, and the GPUs seen when the page was built with the preset
    they chose."""

    ctx: UIContext
    gpus: list[P.Gpu]
    auto: str

    @property
    def ws(self):
        return self.ctx.ws


def datasets_for(page: TrainPage, lang: str, method: str) -> list[tuple[str, str]]:
    kinds = T.data_kinds(method)
    if page.ctx.dataset_choices is not None:
        return page.ctx.dataset_choices(lang, kinds)
    from studio.data import store

    return [(d.name, d.id) for d in store.list_datasets(page.ws) if d.kind in kinds]


def dataset_update(page: TrainPage, lang: str, method: str, dataset: str | None) -> dict:
    ch = datasets_for(page, lang, method)
    ids = [v for _, v in ch]
    return {"dataset": gr.update(choices=ch, value=dataset if dataset in ids else T.default_dataset(page.ws, method))}


def on_method(page: TrainPage, lang, method, preset, dataset, from_run) -> dict:
    b = P.baseline(preset, method)
    sft_ch = sft_run_choices(R.list_runs(page.ws, page.ctx.jobs), lang)
    own = methods.get(method)
    return {
        "method_md": own.about(lang),
        "align_row": gr.update(visible=method != "sft"),
        "knob_box": gr.update(visible=method != "sft"),
        "from_run": gr.update(
            choices=[("—", "")] + sft_ch,
            value=from_run
            if from_run in [v for _, v in sft_ch]
            else (sft_ch[0][1] if sft_ch and method != "sft" else ""),
        ),
        **dataset_update(page, lang, method, dataset),
        "learning_rate": gr.update(value=b.learning_rate),
        "epochs": gr.update(value=b.epochs),
        **{k: gr.update(visible=k in own.knobs, value=getattr(b, k)) for k in KNOBS},
    }


def on_preset(page: TrainPage, lang, preset, method) -> dict:
    b = P.baseline(preset, method or "sft")
    keep = ("method", "dataset", "from_run", "gpus", "name")  # the person's choices, not the preset's
    return {
        **{k: gr.update(value=getattr(b, k)) for k in FORM if k not in keep},
        "model_md": model_text(page.ws, b.model, lang, page.ctx.jobs),
    }


def on_model(page: TrainPage, lang, model) -> dict:
    return {"model_md": model_text(page.ws, model, lang, page.ctx.jobs)}


def model_tick(page: TrainPage, lang, model, model_seen) -> dict:
    """A pocket build or a download finishes in the background: the line under the model follows it."""
    text = model_text(page.ws, model, lang, page.ctx.jobs)
    sig = [text]  # a list: the browser's gr.JSON reads a bare string as JSON text and shows a parse error
    return {} if sig == model_seen else {"model_md": text, "model_seen": sig}


def plan(page: TrainPage, lang, preset, **form) -> dict:
    s, _ = settings_from_form(preset, form)
    return {"plan_md": plan_text(T.plan(page.ws, s, P.detect_gpus() if page.gpus else []), lang)}  # free memory changes


def start(page: TrainPage, lang, preset, **form) -> dict:
    s, changes = settings_from_form(preset, form)
    launch = T.start(page.ws, s, preset=preset, changes=changes, gpus=P.detect_gpus() if page.gpus else [])
    for warn in launch.warnings:
        gr.Warning(warn(lang))
    gr.Info(("已开始：" if lang == "zh" else "Started: ") + launch.run.id)
    return {**watch_and_history(page, lang, launch.run.id), "seen": None}


def watch_and_history(page: TrainPage, lang, selected) -> dict:
    runs = R.list_runs(page.ws, page.ctx.jobs)
    ids = [r.id for r in runs]
    if selected not in ids:
        selected = ids[0] if ids else None
    return {
        "watch": gr.update(choices=run_choices(runs, lang), value=selected),
        "table": gr.update(value=history_rows(runs, lang), headers=X["cols"](lang).split("|")),
        "compare_pick": gr.update(choices=run_choices(runs, lang)),
    }


def refresh(page: TrainPage, lang, watch, seen) -> dict:
    """Progress, health, plots and log of the shown run; unchanged parts are left as they are. `seen` is the
    signature of what the page shows, written back on every change."""
    runs = R.list_runs(page.ws, page.ctx.jobs)
    ids = [r.id for r in runs]
    chosen = watch in ids
    run_id = watch if chosen else (ids[0] if ids else None)
    run = next((r for r in runs if r.id == run_id), None)
    m = run.metrics() if run else None
    sig = [
        lang,
        run_id,
        run.status if run else None,
        m.step if m else 0,
        sum(len(v) for v in m.series.values()) if m else 0,
        [r.status for r in runs],
        len(runs),
    ]
    if sig == seen:
        return {"seen": seen}
    same_run = isinstance(seen, list) and seen[:2] == sig[:2] and seen[5:] == sig[5:]
    out: dict = {
        "status": status_html(page.ctx, lang, run),
        "fix": gr.update(visible=bool(run and T.oom_advice(page.ws, run) and run.status == "failed")),
    }
    if not same_run:
        # The person's choice is never written back: a tick that started before "Start" would otherwise put
        # the old run back over the new one that the Start button has just chosen.
        out["watch"] = (
            gr.update(choices=run_choices(runs, lang))
            if chosen
            else gr.update(choices=run_choices(runs, lang), value=run_id)
        )
    cur = R.curves(m, run.method, lang, has_val=bool(run.record.get("data", {}).get("val"))) if run else {}
    titles = _plot_titles()
    for key in PLOTS:
        rows = cur.get(key, [])
        label = titles[key](lang)
        if (run is None or run.method == "sft") and key in SFT_ONLY_HIDDEN:
            out[f"plot_{key}"] = gr.update(value=None, visible=False, label=label)
        elif rows:
            out[f"plot_{key}"] = gr.update(value=frame(rows), visible=True, label=label)
        elif run is None:  # no run at all: only the (empty) loss plot
            out[f"plot_{key}"] = gr.update(value=None, visible=key == "loss", label=label)
        else:
            # A run without points yet (one just started): the plot is only visually hidden, keeping
            # what it drew. Gradio 6.31 leaves a drawn plot's resize observers behind when its chart is
            # removed (value None or visible False), and they throw "Cannot read properties of null
            # (reading 'offsetWidth')" in the browser.
            out[f"plot_{key}"] = gr.update(visible="hidden", label=label)
    out["log"] = run.job.log_tail(max_lines=120) if run and run.job else ""
    # The table's step column moves with the status line above it (it used to wait for the status to
    # change, showing 220/404 beside the bar's 272/404).
    if not same_run or sig[2:4] != seen[2:4]:
        out["table"] = gr.update(value=history_rows(runs, lang), headers=X["cols"](lang).split("|"))
    if not same_run:
        out["compare_pick"] = gr.update(choices=run_choices(runs, lang))
    out["seen"] = sig
    return out


def watch_run(page: TrainPage, lang, watch) -> dict:
    return refresh(page, lang, watch, None)


def _picked(watch) -> str:
    if not watch:
        raise UserError("请先选择一次训练。", "Pick a run first.")
    return watch


def stop(page: TrainPage, lang, watch) -> dict:
    run = T.stop(page.ws, _picked(watch))
    ck = run.checkpoints()
    gr.Info(
        (f"已停止，最新检查点：{ck[-1].name}" if lang == "zh" else f"Stopped; newest checkpoint: {ck[-1].name}")
        if ck
        else ("已停止。" if lang == "zh" else "Stopped.")
    )
    return refresh(page, lang, watch, None)


def resume(page: TrainPage, lang, watch) -> dict:
    launch = T.resume(page.ws, _picked(watch))
    for note in launch.warnings:
        gr.Info(note(lang))
    return refresh(page, lang, watch, None)


def load_settings(page: TrainPage, lang, s: P.TrainSettings, preset: str | None) -> dict:
    d = s.to_dict()
    own = methods.get(s.method)
    return {
        **{k: gr.update(value=d[k], visible=k in own.knobs) if k in KNOBS else gr.update(value=d[k]) for k in FORM},
        "preset": gr.update(value=preset or page.auto),
        "method_md": own.about(lang),
        "align_row": gr.update(visible=s.method != "sft"),
        "knob_box": gr.update(visible=s.method != "sft"),
    }


def clone(page: TrainPage, lang, watch) -> dict:
    c = T.clone_settings(page.ws, _picked(watch))
    return load_settings(page, lang, c.settings, c.preset)


def fix(page: TrainPage, lang, watch) -> dict:
    found = T.oom_fix(page.ws, R.get_run(page.ws, _picked(watch), page.ctx.jobs))
    if not found:
        raise UserError("没有找到能放下的预设：请使用口袋模型。", "No preset fits: use the pocket model.")
    name, cand = found
    return load_settings(page, lang, dataclasses.replace(cand, name=""), name)


def compare(page: TrainPage, lang, compare_pick, metric) -> dict:
    ids = [i for i in (compare_pick or []) if i]
    if len(ids) < 2:
        raise UserError("请至少选择两次训练来对比。", "Pick at least two runs to compare.")
    runs = [R.get_run(page.ws, i, page.ctx.jobs) for i in ids]
    setting = SETTING(lang)
    d = [{setting if k == "setting" else k: v for k, v in row.items()} for row in R.diff_settings(runs)]
    label = M.METRIC_TEXT[metric](lang) if metric in M.METRIC_TEXT else metric
    return {
        "overlay": gr.update(value=frame(R.overlay(runs, metric)), visible=True, label=label),
        "diff": gr.update(
            value=pd.DataFrame(d, columns=[setting, *ids]) if d else pd.DataFrame({setting: [SAME(lang)]}), visible=True
        ),
    }


def delete_ask(page: TrainPage, lang, watch) -> dict:
    run = R.get_run(page.ws, _picked(watch))
    return {"confirm_row": gr.update(visible=True), "confirm_md": X["confirm"](lang, name=run.name)}


def delete(page: TrainPage, lang, watch) -> dict:
    R.delete_run(page.ws, watch, confirm=True, jobs=page.ctx.jobs)
    gr.Info(("已删除 " if lang == "zh" else "Deleted ") + watch)
    return {"confirm_row": gr.update(visible=False), **refresh(page, lang, None, None)}


def sample(page: TrainPage, lang, method) -> dict:
    from studio.data import store

    made = store.register_samples(page.ws)
    pick = next((d.id for d in made if d.kind in T.data_kinds(method)), made[0].id)
    return {"dataset": gr.update(choices=datasets_for(page, lang, method), value=pick)}


def download(page: TrainPage, lang, model, hub) -> dict:
    job = T.start_download(page.ws, model, hub)
    gr.Info(("下载已在后台开始（任务 " if lang == "zh" else "Download started in the background (job ") + job.id + ")")
    return on_model(page, lang, model)


def pocket_build(page: TrainPage, lang, model) -> dict:
    job = T.start_pocket_build(page.ws, model)
    gr.Info(("口袋模型正在后台构建（任务 " if lang == "zh" else "The pocket model is being built (job ") + job.id + ")")
    return on_model(page, lang, model)


def nodes(page: TrainPage, lang, nnodes, master, nproc, watch) -> dict:
    lines = T.node_commands(
        page.ws,
        watch,
        nnodes=int(nnodes or 2),
        master_addr=(master or "").strip() or "127.0.0.1",
        nproc=int(nproc or 1),
    )
    return {"node_out": gr.update(value="\n".join(lines), visible=True)}


def on_load(page: TrainPage, lang, watch, method, dataset) -> dict:
    return {**refresh(page, lang, watch, None), **dataset_update(page, lang, method, dataset)}


def on_lang(page: TrainPage, lang, method, model, dataset, watch) -> dict:
    return {
        "method_md": methods.get(method or "sft").about(lang),
        **on_model(page, lang, model),
        "plan_md": "",
        **dataset_update(page, lang, method, dataset),
        **refresh(page, lang, watch, None),
    }


def create_train_tab(ctx: UIContext) -> None:
    ws, tr, lang0 = ctx.ws, ctx.tr, ctx.lang
    gpus = P.detect_gpus()
    auto = P.auto_preset(gpus)
    base = P.baseline(auto)
    lang_in = ctx.lang_state
    pulse = ctx.pulse.train  # clicked when the workspace changed (studio/jobs/pulse.py)

    with gr.Column(elem_classes="qixi-train", elem_id="train-root"):
        tr(gr.Markdown(X["intro"](lang0)), value=X["intro"])
        device_md = gr.Markdown(device_text(gpus, auto, lang0), elem_id="train-device")
        tr(device_md, value=lambda lang: device_text(gpus, auto, lang))
        w: dict = {}
        with gr.Row(equal_height=True):
            w["method"] = tr(
                gr.Radio(
                    choices=method_choices(lang0),
                    value="sft",
                    label=X["method"](lang0),
                    elem_id="train-method",
                    scale=3,
                ),
                label=X["method"],
                choices=method_choices,
            )
            preset = tr(
                gr.Dropdown(
                    choices=[(n, n) for n in P.preset_names()],
                    value=auto,
                    label=X["preset"](lang0),
                    elem_id="train-preset",
                    scale=1,
                ),
                label=X["preset"],
            )
        method_md = gr.Markdown(methods.get("sft").about(lang0), elem_id="train-method-text")
        with gr.Row(equal_height=True):
            w["model"] = tr(
                gr.Dropdown(
                    choices=model_choices(lang0),
                    value=base.model,
                    allow_custom_value=True,
                    label=X["model"](lang0),
                    elem_id="train-model",
                    scale=3,
                ),
                label=X["model"],
                choices=lambda lang: model_choices(lang),
            )
            w["hub"] = tr(
                gr.Radio(
                    choices=choices(HUB_TEXT)(lang0),
                    value=base.hub,
                    label=X["hub"](lang0),
                    elem_id="train-hub",
                    scale=1,
                ),
                label=X["hub"],
                choices=choices(HUB_TEXT),
            )
            with gr.Column(scale=1, min_width=160):
                download_btn = tr(
                    gr.Button(X["download"](lang0), size="sm", elem_id="train-download"), value=X["download"]
                )
                pocket_btn = tr(gr.Button(X["pocket"](lang0), size="sm", elem_id="train-pocket"), value=X["pocket"])
        model_md = gr.Markdown(model_text(ws, base.model, lang0, ctx.jobs), elem_id="train-model-text")
        with gr.Row(equal_height=True):
            w["dataset"] = tr(
                gr.Dropdown(
                    choices=[],
                    value=None,
                    label=X["dataset"](lang0),
                    elem_id="train-dataset",
                    allow_custom_value=True,
                    info=X["dataset_info"](lang0),
                    scale=3,
                ),
                label=X["dataset"],
                info=X["dataset_info"],
            )
            sample_btn = tr(
                gr.Button(X["sample"](lang0), size="sm", elem_id="train-sample", scale=1), value=X["sample"]
            )
        with gr.Row(equal_height=True, visible=False) as align_row:
            w["from_run"] = tr(
                gr.Dropdown(
                    choices=[],
                    value=None,
                    label=X["from_run"](lang0),
                    elem_id="train-from",
                    allow_custom_value=True,
                    scale=2,
                ),
                label=X["from_run"],
            )
            w["continue_mode"] = tr(
                gr.Radio(
                    choices=choices(CONTINUE_TEXT)(lang0),
                    value=base.continue_mode,
                    label=X["continue_mode"](lang0),
                    elem_id="train-continue",
                    scale=2,
                ),
                label=X["continue_mode"],
                choices=choices(CONTINUE_TEXT),
            )
        with gr.Row(equal_height=True):
            w["tuner"] = tr(
                gr.Radio(
                    choices=choices(TUNER_TEXT)(lang0),
                    value=base.tuner,
                    label=X["tuner"](lang0),
                    info=tuner_info(gpus, lang0),
                    elem_id="train-tuner",
                ),
                label=X["tuner"],
                choices=choices(TUNER_TEXT),
                info=lambda lang: tuner_info(gpus, lang),
            )
            w["learning_rate"] = _num(tr, "learning_rate", X["lr"], base, lang0)
            w["epochs"] = _num(tr, "epochs", X["epochs"], base, lang0)
            w["max_steps"] = _num(tr, "max_steps", X["max_steps"], base, lang0, precision=0)
        with gr.Group(visible=False, elem_id="train-knobs") as knob_box:
            with gr.Row(equal_height=True):
                for k in KNOBS:
                    w[k] = tr(
                        gr.Number(
                            value=None,
                            label=_label(k, lang0),
                            info=P.FIELDS[k].metadata["help"](lang0),
                            elem_id=f"train-{k}",
                            visible=False,
                            min_width=140,
                        ),
                        label=lambda lang, k=k: _label(k, lang),
                        info=P.FIELDS[k].metadata["help"],
                    )
        with gr.Accordion(X["advanced"](lang0), open=False, elem_id="train-advanced") as adv:
            with gr.Row():
                w["lora_rank"] = _num(tr, "lora_rank", X["lora_rank"], base, lang0, precision=0)
                w["lora_alpha"] = _num(tr, "lora_alpha", X["lora_alpha"], base, lang0, precision=0)
                w["lora_dropout"] = _num(tr, "lora_dropout", X["lora_dropout"], base, lang0)
                w["target_modules"] = tr(
                    gr.Radio(
                        choices=choices(TARGET_TEXT)(lang0),
                        value=base.target_modules,
                        label=X["target_modules"](lang0),
                        elem_id="train-targets",
                    ),
                    label=X["target_modules"],
                    choices=choices(TARGET_TEXT),
                )
            with gr.Row():
                w["max_length"] = _num(tr, "max_length", X["max_length"], base, lang0, precision=0)
                w["batch_size"] = _num(tr, "batch_size", X["batch_size"], base, lang0, precision=0)
                w["grad_accum"] = _num(tr, "grad_accum", X["grad_accum"], base, lang0, precision=0)
                w["gradient_checkpointing"] = tr(
                    gr.Checkbox(
                        value=base.gradient_checkpointing, label=X["gradient_checkpointing"](lang0), elem_id="train-gc"
                    ),
                    label=X["gradient_checkpointing"],
                )
                w["dtype"] = tr(
                    gr.Dropdown(
                        choices=list(P.DTYPES), value=base.dtype, label=X["dtype"](lang0), elem_id="train-dtype"
                    ),
                    label=X["dtype"],
                )
            w["system"] = tr(
                gr.Textbox(
                    value=base.system,
                    label=X["system"](lang0),
                    lines=2,
                    placeholder=X["system_ph"](lang0),
                    elem_id="train-system",
                ),
                label=X["system"],
                placeholder=X["system_ph"],
            )
            with gr.Row():
                w["seed"] = _num(tr, "seed", X["seed"], base, lang0, precision=0)
                w["warmup_ratio"] = _num(tr, "warmup_ratio", X["warmup_ratio"], base, lang0)
                w["save_steps"] = _num(tr, "save_steps", X["save_steps"], base, lang0, precision=0)
                w["eval_steps"] = _num(tr, "eval_steps", X["eval_steps"], base, lang0, precision=0)
                w["save_total_limit"] = _num(tr, "save_total_limit", X["save_total_limit"], base, lang0, precision=0)
            with gr.Row():
                w["template"] = tr(
                    gr.Textbox(value=base.template, label=X["template"](lang0), elem_id="train-template"),
                    label=X["template"],
                )
                w["trust_remote_code"] = tr(
                    gr.Checkbox(value=False, label=X["trust_remote_code"](lang0), elem_id="train-remote"),
                    label=X["trust_remote_code"],
                )
                w["offline"] = tr(
                    gr.Checkbox(value=base.offline, label=X["offline"](lang0), elem_id="train-offline"),
                    label=X["offline"],
                )
                w["name"] = tr(gr.Textbox(value="", label=X["name"](lang0), elem_id="train-name"), label=X["name"])
            with gr.Row(visible=bool(gpus)):
                w["gpus"] = tr(
                    gr.CheckboxGroup(
                        choices=[(f"{g.index}: {g.name} ({g.total_gib:.0f} GiB)", g.index) for g in gpus],
                        value=[],
                        label=X["gpus"](lang0),
                        elem_id="train-gpus",
                    ),
                    label=X["gpus"],
                )
                w["deepspeed"] = tr(
                    gr.Radio(
                        choices=list(P.DEEPSPEED), value="none", label=X["deepspeed"](lang0), elem_id="train-deepspeed"
                    ),
                    label=X["deepspeed"],
                )
            tr(gr.Markdown(X["nodes"](lang0)), value=X["nodes"])
            with gr.Row():
                nnodes = tr(gr.Number(value=2, precision=0, minimum=2, label=X["nnodes"](lang0)), label=X["nnodes"])
                master = tr(gr.Textbox(value="192.168.1.10", label=X["master"](lang0)), label=X["master"])
                nproc = tr(
                    gr.Number(value=max(1, len(gpus)), precision=0, minimum=1, label=X["nproc"](lang0)),
                    label=X["nproc"],
                )
                node_btn = tr(gr.Button(X["node_btn"](lang0), size="sm"), value=X["node_btn"])
            node_out = tr(
                gr.Code(label=X["node_cmds"](lang0), language="shell", visible=False, elem_id="train-nodes"),
                label=X["node_cmds"],
            )
        tr(adv, label=X["advanced"])
        with gr.Row(equal_height=True):
            plan_btn = tr(
                gr.Button(X["plan_btn"](lang0), size="md", scale=1, elem_id="train-plan"), value=X["plan_btn"]
            )
            plan_md = gr.Markdown(elem_id="train-plan-text")
        with gr.Row(equal_height=True, elem_id="train-actions"):
            start_btn = tr(
                gr.Button(X["start"](lang0), variant="primary", size="lg", scale=2, elem_id="train-start"),
                value=X["start"],
            )
            stop_btn = tr(
                gr.Button(X["stop"](lang0), variant="stop", size="lg", scale=1, elem_id="train-stop"), value=X["stop"]
            )
            resume_btn = tr(
                gr.Button(X["resume"](lang0), size="lg", scale=1, elem_id="train-resume"), value=X["resume"]
            )
        # Choices change with every run: the ids are checked by the domain code, not by the widget.
        watch = tr(
            gr.Dropdown(
                choices=[], value=None, label=X["watch"](lang0), elem_id="train-watch", allow_custom_value=True
            ),
            label=X["watch"],
        )
        with gr.Column(elem_id="train-monitor"):
            status = gr.HTML(status_html(ctx, lang0, None), elem_id="train-status")
            fix_btn = tr(gr.Button(X["fix"](lang0), visible=False, size="sm", elem_id="train-fix"), value=X["fix"])
            plots: dict = {}
            rows_of_plots = [PLOTS[0:2], PLOTS[2:4], PLOTS[4:6], PLOTS[6:8]]
            titles = _plot_titles()
            for row in rows_of_plots:
                with gr.Row(equal_height=True):
                    for key in row:
                        plots[key] = tr(
                            gr.LinePlot(
                                None,
                                x="step",
                                y="value",
                                color="series",
                                label=titles[key](lang0),
                                x_title=STEP(lang0),
                                y_title=" ",
                                color_title=" ",
                                x_axis_format="d",
                                color_map=COLOR_MAP,
                                elem_id=f"train-plot-{key}",
                                visible=key == "loss",
                                tooltip="all",
                                buttons=["fullscreen", "export"],
                            ),
                            label=titles[key],
                            x_title=STEP,
                        )
            with gr.Accordion(X["log"](lang0), open=False, elem_id="train-log-box") as log_box:
                logbox = gr.Code(
                    language=None, lines=14, max_lines=24, interactive=False, elem_id="train-log", show_label=False
                )
            tr(log_box, label=X["log"])
        with gr.Accordion(X["history"](lang0), open=False, elem_id="train-history") as hist_box:
            table = gr.Dataframe(
                headers=X["cols"](lang0).split("|"), interactive=False, wrap=True, elem_id="train-table"
            )
            with gr.Row(equal_height=True):
                compare_pick = tr(
                    gr.Dropdown(
                        choices=[],
                        value=[],
                        multiselect=True,
                        label=X["compare_pick"](lang0),
                        allow_custom_value=True,
                        elem_id="train-compare-pick",
                        scale=3,
                    ),
                    label=X["compare_pick"],
                )
                metric = tr(
                    gr.Dropdown(
                        choices=metric_choices(lang0),
                        value="loss",
                        label=X["metric"](lang0),
                        elem_id="train-compare-metric",
                        scale=1,
                    ),
                    label=X["metric"],
                    choices=metric_choices,
                )
                compare_btn = tr(
                    gr.Button(X["compare_btn"](lang0), scale=1, elem_id="train-compare"), value=X["compare_btn"]
                )
            overlay = tr(
                gr.LinePlot(
                    None,
                    x="step",
                    y="value",
                    color="series",
                    y_title=" ",
                    x_title=STEP(lang0),
                    color_title=" ",
                    x_axis_format="d",
                    elem_id="train-overlay",
                    visible=False,
                    tooltip="all",
                ),
                x_title=STEP,
            )
            diff = gr.Dataframe(interactive=False, wrap=True, visible=False, elem_id="train-diff")
            with gr.Row():
                clone_btn = tr(gr.Button(X["clone"](lang0), size="sm", elem_id="train-clone"), value=X["clone"])
                delete_btn = tr(
                    gr.Button(X["delete"](lang0), size="sm", variant="stop", elem_id="train-delete"), value=X["delete"]
                )
            with gr.Row(visible=False) as confirm_row:
                confirm_md = gr.Markdown()
                delete_yes = tr(
                    gr.Button(X["delete_yes"](lang0), variant="stop", size="sm", elem_id="train-delete-yes"),
                    value=X["delete_yes"],
                )
                delete_no = tr(gr.Button(X["cancel"](lang0), size="sm"), value=X["cancel"])
        tr(hist_box, label=X["history"])
        seen = shown_state("train-seen")

    # ------------------------------------------------------------------ wiring, by name
    page = TrainPage(ctx, gpus, auto)
    on = ctx.wiring(page)
    model_seen = shown_state("train-model-seen")
    L = {"lang": lang_in}
    form = {k: w[k] for k in FORM}
    refreshed = {
        "watch": watch,
        "status": status,
        "fix": fix_btn,
        **{f"plot_{k}": plots[k] for k in PLOTS},
        "log": logbox,
        "table": table,
        "compare_pick": compare_pick,
        "seen": seen,
    }
    loaded = {**form, "preset": preset, "method_md": method_md, "align_row": align_row, "knob_box": knob_box}

    on(
        w["method"].input,
        on_method,
        {**L, "method": w["method"], "preset": preset, "dataset": w["dataset"], "from_run": w["from_run"]},
        {
            "method_md": method_md,
            "align_row": align_row,
            "knob_box": knob_box,
            "from_run": w["from_run"],
            "dataset": w["dataset"],
            "learning_rate": w["learning_rate"],
            "epochs": w["epochs"],
            **{k: w[k] for k in KNOBS},
        },
        api_name="train_method",
        show_progress="hidden",
    )
    on(
        preset.input,
        on_preset,
        {**L, "preset": preset, "method": w["method"]},
        {**form, "model_md": model_md},
        api_name="train_preset",
    )
    on(
        w["model"].change,
        on_model,
        {**L, "model": w["model"]},
        {"model_md": model_md},
        api_name=False,
        show_progress="hidden",
    )
    on(
        pulse.click,
        model_tick,
        {**L, "model": w["model"], "model_seen": model_seen},
        {"model_md": model_md, "model_seen": model_seen},
        api_name=False,
        show_progress="hidden",
    )
    on(plan_btn.click, plan, {**L, "preset": preset, **form}, {"plan_md": plan_md}, api_name="train_plan")
    for key in ("tuner", "batch_size", "max_length", "gradient_checkpointing", "lora_rank", "model"):
        on(
            w[key].input,
            plan,
            {**L, "preset": preset, **form},
            {"plan_md": plan_md},
            api_name=False,
            show_progress="hidden",
        )
    on(
        start_btn.click,
        start,
        {**L, "preset": preset, **form},
        {"watch": watch, "table": table, "compare_pick": compare_pick, "seen": seen},
        api_name="train_start",
    )
    on(
        pulse.click,
        refresh,
        {**L, "watch": watch, "seen": seen},
        refreshed,
        api_name="train_refresh",
        show_progress="hidden",
        queue=False,
    )
    on(watch.input, watch_run, {**L, "watch": watch}, refreshed, api_name="train_watch")
    on(stop_btn.click, stop, {**L, "watch": watch}, refreshed, api_name="train_stop")
    on(resume_btn.click, resume, {**L, "watch": watch}, refreshed, api_name="train_resume")
    on(clone_btn.click, clone, {**L, "watch": watch}, loaded, api_name="train_clone")
    on(fix_btn.click, fix, {**L, "watch": watch}, loaded, api_name="train_fix")
    on(
        compare_btn.click,
        compare,
        {**L, "compare_pick": compare_pick, "metric": metric},
        {"overlay": overlay, "diff": diff},
        api_name="train_compare",
    )
    on(
        delete_btn.click,
        delete_ask,
        {**L, "watch": watch},
        {"confirm_row": confirm_row, "confirm_md": confirm_md},
        api_name="train_delete_ask",
    )
    delete_no.click(lambda: gr.update(visible=False), None, confirm_row, api_name=False, queue=False)
    on(
        delete_yes.click,
        delete,
        {**L, "watch": watch},
        {"confirm_row": confirm_row, **refreshed},
        api_name="train_delete",
    )
    on(sample_btn.click, sample, {**L, "method": w["method"]}, {"dataset": w["dataset"]}, api_name="train_sample")
    on(
        download_btn.click,
        download,
        {**L, "model": w["model"], "hub": w["hub"]},
        {"model_md": model_md},
        api_name="train_download",
    )
    on(pocket_btn.click, pocket_build, {**L, "model": w["model"]}, {"model_md": model_md}, api_name="train_pocket")
    on(
        node_btn.click,
        nodes,
        {**L, "nnodes": nnodes, "master": master, "nproc": nproc, "watch": watch},
        {"node_out": node_out},
        api_name="train_nodes",
    )
    on(
        lang_in.change,
        on_lang,
        {**L, "method": w["method"], "model": w["model"], "dataset": w["dataset"], "watch": watch},
        {"method_md": method_md, "model_md": model_md, "plan_md": plan_md, "dataset": w["dataset"], **refreshed},
        api_name=False,
        show_progress="hidden",
    )

    def hook(demo):
        on(
            demo.load,
            on_load,
            {**L, "watch": watch, "method": w["method"], "dataset": w["dataset"]},
            {**refreshed, "dataset": w["dataset"]},
            api_name=False,
        )
        if ctx.datasets_changed is not None:
            on(
                ctx.datasets_changed.change,
                dataset_update,
                {**L, "method": w["method"], "dataset": w["dataset"]},
                {"dataset": w["dataset"]},
                api_name=False,
                show_progress="hidden",
            )

    ctx.on_load.append(hook)


def _num(tr, key: str, label: Text, base: P.TrainSettings, lang: str, precision: int | None = None):
    f = P.FIELDS[key]
    return tr(
        gr.Number(
            value=getattr(base, key),
            label=label(lang),
            info=f.metadata["help"](lang),
            precision=precision,
            minimum=f.metadata.get("lo"),
            maximum=f.metadata.get("hi"),
            elem_id=f"train-{key.replace('_', '-')}",
            min_width=140,
        ),
        label=label,
        info=f.metadata["help"],
    )


STEP = Text("步数", "step")  # the plots' x axis
SETTING, SAME = Text("设置", "setting"), Text("（设置都一样）", "(the same settings)")
COMPARED = ("loss", "eval_loss", "token_acc", "rewards/margins", "rewards/accuracies", "learning_rate", "grad_norm")


def metric_choices(lang: str) -> list[tuple[str, str]]:
    return [(M.METRIC_TEXT[k](lang), k) for k in COMPARED]


def _plot_titles() -> dict[str, Text]:
    return {
        "loss": Text("损失", "Loss"),
        "accuracy": Text("准确率", "Accuracy"),
        "margins": Text("奖励差（好 − 差）", "Reward margin (chosen − rejected)"),
        "rewards": Text("好 / 差回复的奖励", "Chosen / rejected rewards"),
        "logps": Text("好 / 差回复的对数概率", "Chosen / rejected log-probs"),
        "lr": Text("学习率", "Learning rate"),
        "grad_norm": Text("梯度范数", "Gradient norm"),
        "memory": Text("显存 (GiB)", "Memory (GiB)"),
    }


def model_choices(lang: str) -> list[tuple[str, str]]:
    return [(f"{m.name(lang)} · {m.licence}", m.id) for m in P.base_models()]


def model_text(ws, model: str, lang: str, jobs=None) -> str:
    """The line under the model: what it is, and whether it is ready (a missing pocket model in bold,
    with what to press; while it is being built, that it is)."""
    entry = P.catalog_entry(model or "")
    if not entry:
        return (
            "本地文件夹或模型 ID：开始前会检查它是否存在、对话模板是否已知。"
            if lang == "zh"
            else "A local folder or hub id: checked before the start (it must exist and have a known chat template)."
        )
    todo = ""
    if entry.pocket:
        built = (ws.models / f"pocket-{entry.pocket}" / "model.json").is_file()
        building = not built and jobs is not None and any(j.active for j in jobs.list(kinds=("build-pocket",)))
        where = ("✅ 已构建" if built else "") if lang == "zh" else ("✅ built" if built else "")
        if building:
            todo = (
                "⏳ **正在构建口袋模型**（2 核电脑上约 1–2 分钟，进度在页面顶部），好了这里会变成 ✅。"
                if lang == "zh"
                else "⏳ **Building the pocket model** (about 1–2 minutes on 2 cores; progress at the top); "
                "this line turns ✅ when it is ready."
            )
        elif not built:
            todo = (
                "⚠️ **口袋模型还没有构建**：点右边的“🧸 构建口袋模型”（约 1–2 分钟，不需要网络）。"
                if lang == "zh"
                else "⚠️ **The pocket model is not built yet**: press “🧸 Build pocket model” on the right "
                "(about 1–2 minutes, no internet needed)."
            )
    else:
        local = T.downloaded_dir(ws, entry.id)
        where = (
            ("✅ 已下载到本地" if local else "☁️ 训练开始时从仓库下载（或先点“下载模型”）")
            if lang == "zh"
            else ("✅ downloaded" if local else "☁️ downloaded from the hub at the start (or press Download first)")
        )
    size = f"{entry.params_b:g}B" if entry.params_b >= 0.1 else ("迷你" if lang == "zh" else "tiny")
    line = (
        f"<small>{entry.note(lang)} · {size} · {entry.licence} · `{entry.model_type}` / `{entry.template}`"
        + (f" · {where}" if where else "")
        + "</small>"
    )
    return f"{todo}\n\n{line}" if todo else line


def device_text(gpus: list[P.Gpu], preset: str, lang: str) -> str:
    if not gpus:
        return (
            "🖥️ 没有检测到 NVIDIA 显卡：在 CPU 上训练口袋模型（只能用 LoRA，QLoRA 需要显卡）。预设：**{p}**"
            if lang == "zh"
            else "🖥️ No NVIDIA GPU found: the pocket model trains on the CPU (LoRA only; QLoRA needs a GPU). "
            "Preset: **{p}**"
        ).format(p=preset)
    names = ", ".join(
        f"{g.name} {g.total_gib:.0f} GiB（空闲 {g.free_gib:.1f}）"
        if lang == "zh"
        else f"{g.name} {g.total_gib:.0f} GiB ({g.free_gib:.1f} free)"
        for g in gpus
    )
    return f"🎮 显卡：{names} → 预设 **{preset}**" if lang == "zh" else f"🎮 GPU: {names} → preset **{preset}**"


def tuner_info(gpus: list[P.Gpu], lang: str) -> str:
    if gpus:
        return (
            "QLoRA 把模型压成 4 位 (NF4)，最省显存。"
            if lang == "zh"
            else "QLoRA loads the model in 4 bits (NF4): least memory."
        )
    return (
        "这台电脑没有 NVIDIA 显卡，QLoRA 不可用，请用 LoRA。"
        if lang == "zh"
        else "No NVIDIA GPU on this computer: QLoRA is unavailable; use LoRA."
    )


def _size(gib: float) -> str:
    """A memory size a person can read: a pocket model's weights are megabytes, not "0.0 GiB"."""
    if gib >= 1:
        return f"{gib:.1f} GiB"
    mib = gib * 1024
    return f"{mib:.0f} MiB" if mib >= 1 else f"{mib * 1024:.0f} KiB"


def plan_text(report: T.PlanReport, lang: str) -> str:
    if report.estimate is None:
        return f"🧮 {report.advice(lang) if report.advice else ''}"
    e = report.estimate
    where = (
        ("显存" if report.device == "cuda" else "内存")
        if lang == "zh"
        else ("GPU memory" if report.device == "cuda" else "RAM")
    )
    avail = f"{report.available_gib:.1f} GiB" if report.available_gib is not None else "?"
    icon = {True: "✅", False: "❌", None: "🧮"}[report.fits]
    g = _size
    parts = (
        (
            f"权重 {g(e.weights_gib)} · LoRA+优化器 {g(e.lora_gib)} · 激活 {g(e.activations_gib)} · logits "
            f"{g(e.logits_gib)}" + (f" · 参考模型 {g(e.reference_gib)}" if e.reference_gib else "")
        )
        if lang == "zh"
        else (
            f"weights {g(e.weights_gib)} · LoRA+optimizer {g(e.lora_gib)} · activations {g(e.activations_gib)} · "
            f"logits {g(e.logits_gib)}" + (f" · reference {g(e.reference_gib)}" if e.reference_gib else "")
        )
    )
    head = (
        f"{icon} 估计峰值 **{e.total_gib:.1f} GiB**，可用{where} {avail}"
        if lang == "zh"
        else f"{icon} Estimated peak **{e.total_gib:.1f} GiB**, free {where} {avail}"
    )
    # The auto-speed choice gets its own line; otherwise the advice on what would fit.
    tip = f"<br>{report.speed(lang)}" if report.speed else (f"<br>🩹 {report.advice(lang)}" if report.advice else "")
    return f"{head}<br><small>{parts}</small>{tip}"
