"""Models & Export: every model and run in the workspace with its card; merge, quantize and export any
checkpoint as background jobs; start/stop the local OpenAI-compatible chat server with a health light
and copy-paste examples.

Widgets become calls into studio.models.registry / studio.chat.deployments - the same calls as `qixi export` and
`qixi deploy`. The health light asks the server's /v1/models every few seconds (urllib, short timeout).
"""

from __future__ import annotations

import html

import gradio as gr

from studio.chat import deployments as S
from studio.chat import persona as P
from studio.core.i18n import Text, UserError
from studio.jobs.store import STATUS_TEXT
from studio.models import names as N
from studio.models import registry as M
from studio.ui.context import UIContext, shown_state

X = {
    "intro": Text(
        "**这一页管理你的模型。** 选一个模型或一次训练（可以选任意检查点，不只是最后一个），看它的模型卡；"
        "把 LoRA 合并进基础模型、量化、导出到工作区里的文件夹；或者启动一个本地聊天服务（兼容 OpenAI 接口），"
        "然后去“聊天试玩”和它说话。",
        "**This tab manages your models.** Pick a model or a training run (any checkpoint, not only the "
        "last), read its card; merge the LoRA into its base, quantize, export to a folder in the workspace; "
        "or start a local chat server (OpenAI-compatible) and talk to it on the Playground tab.",
    ),
    "table": Text("工作区里的模型", "Models in the workspace"),
    "cols": Text("名称|类型|检查点 / 大小|状态|编号", "name|kind|checkpoints / size|status|id"),
    "rename": Text("名字（可以改）", "Name (yours to change)"),
    "rename_btn": Text("✏️ 改名", "✏️ Rename"),
    "renamed": Text("已改名为“{name}”。", "Renamed to “{name}”."),
    "unnamed": Text("已恢复默认的名字。", "Back to the default name."),
    "id_line": Text("编号：`{id}`", "id: `{id}`"),
    "pick": Text("模型或训练", "Model or run"),
    "ckpt": Text("检查点（步数）", "Checkpoint (step)"),
    "refresh": Text("🔄 刷新", "🔄 Refresh"),
    "empty": Text(
        "还没有模型。先在“训练”页构建口袋模型或开始一次训练。",
        "No models yet. Build the pocket model or start a training run on the Train tab.",
    ),
    "export_head": Text("### 🧩 合并 · 量化 · 导出", "### 🧩 Merge · quantize · export"),
    "name": Text("新模型的名字（可选）", "Name of the new model (optional)"),
    "dest": Text(
        "保存到工作区里的文件夹（可选，例如 exports/my-model）",
        "Folder in the workspace (optional, e.g. exports/my-model)",
    ),
    "merge": Text("🔗 合并 LoRA", "🔗 Merge LoRA"),
    "quant_method": Text("量化方式", "Quantization"),
    "bits": Text("位数", "Bits"),
    "quantize": Text("🗜️ 量化", "🗜️ Quantize"),
    "copy": Text("📦 导出副本（含模型卡）", "📦 Export a copy (with card)"),
    "submitted": Text(
        "✅ 已开始后台任务 {id}：{title}。进度在页面顶部和“任务”页。",
        "✅ Started background job {id}: {title}. Progress is shown at the top and on the Jobs tab.",
    ),
    "last_export": Text("最近的导出", "Latest export"),
    "size_line": Text("{status} · {dest} · 大小 {before} → {after}", "{status} · {dest} · size {before} → {after}"),
    "serve_head": Text("### 💬 本地聊天服务（兼容 OpenAI 接口）", "### 💬 Local chat server (OpenAI-compatible)"),
    "serve_model": Text("提供哪个模型", "Model to serve"),
    "adapters": Text(
        "一起加载的适配器（每个适配器 = 一个模型名）", "Adapters to load with it (one adapter = one model name)"
    ),
    "backend": Text("推理后端", "Inference backend"),
    "host": Text("监听地址", "Listen on"),
    "port": Text("端口（0 = 自动）", "Port (0 = automatic)"),
    "api_key": Text("API 密钥（不在本机监听时必填）", "API key (required unless listening on this computer only)"),
    "new_key": Text("🎲 生成密钥", "🎲 New key"),
    "start": Text("▶️ 启动服务", "▶️ Start server"),
    "stop": Text("⏹ 停止服务", "⏹ Stop server"),
    "started": Text(
        "✅ 聊天服务正在启动：模型加载好后指示灯会变绿。",
        "✅ The chat server is starting: the light turns green once the model is loaded.",
    ),
    "stopped": Text("⏹ 聊天服务已停止，端口已释放。", "⏹ The chat server stopped and its port is free."),
    "nothing": Text("没有正在运行的聊天服务。", "No chat server is running."),
    "curl": Text("用 curl 调用", "Call it with curl"),
    "python": Text("用 openai Python 包调用", "Call it with the openai Python package"),
    "cuda_note": Text(
        "需要 NVIDIA 显卡（CUDA）的：bnb / AWQ / GPTQ 量化，vLLM / LMDeploy 后端。合并 LoRA 和 transformers 后端在 CPU 上也能用。",
        "Needs an NVIDIA GPU (CUDA): bnb / AWQ / GPTQ quantization and the vLLM / LMDeploy backends. "
        "Merging a LoRA and the transformers backend also work on a CPU.",
    ),
    "models_line": Text("提供的模型名：{names}", "Model names served: {names}"),
    "guard": Text(
        "🛡️ 安全守护：检查每条消息和回复（危机求助卡、替换不健康的回复、AI 身份说明）",
        "🛡️ Safety guard: check every message and reply (crisis card, unhealthy replies replaced, AI disclosure)",
    ),
    "guard_on": Text(
        "🛡️ 安全守护已开启：危机消息会收到求助热线卡片，不健康的回复会被替换。",
        "🛡️ Safety guard on: crisis messages get the hotline card, unhealthy replies are replaced.",
    ),
    "guard_off": Text(
        "⚠️ 安全守护已关闭：模型的回复原样发给调用方，不检查危机消息。",
        "⚠️ Safety guard OFF: the model's replies go out as they are and crisis messages are not checked.",
    ),
    "persona": Text("人设（调用方没有发系统提示词时使用）", "Persona (used when a client sends no system prompt)"),
}

KIND_ICON = {
    "base": "🧸",
    "merged": "🔗",
    "quantized": "🗜️",
    "export": "📦",
    "adapter": "🧩",
    "sft": "🎓",
    "align": "💞",
}

HEALTH_CSS = """
.qx-health { display:flex; align-items:center; gap:10px; padding:10px 14px; border-radius:12px;
  background:#fafaf9; border:1px solid #e7e5e4; font-size:15px; }
.qx-health .dot { width:12px; height:12px; border-radius:50%; flex:none; background:#d6d3d1; }
.qx-health.ready .dot { background:#22c55e; box-shadow:0 0 0 4px #dcfce7; }
.qx-health.starting .dot, .qx-health.queued .dot { background:#f59e0b; box-shadow:0 0 0 4px #fef3c7; }
.qx-health.unreachable .dot { background:#ef4444; box-shadow:0 0 0 4px #fee2e2; }
.qx-health .url { font-family: ui-monospace, monospace; font-size:13px; color:#57534e; overflow-wrap:anywhere; }
.qx-health .models { font-size:13px; color:#78716c; }
.qx-health .guard { font-size:13px; margin-top:4px; color:#166534; }
.qx-health .guard.off { color:#b91c1c; font-weight:600; }
"""


def _state_label(state: str, lang: str) -> str:
    return S.STATE_TEXT[state](lang).split(" ", 1)[-1]  # the page draws its own coloured dot


def health_html(
    dep: S.Deployment | None,
    lang: str,
    h: S.Health | None = None,
    failure: Text | None = None,
    hint: Text | None = None,
) -> str:
    """The health light: green ready, amber loading/queued, red not answering, grey not running
    (with the reason when the last server failed to start, and `hint`: what to do instead)."""
    if dep is None or not dep.active:
        why = f'<div class="models">⚠️ {html.escape(failure(lang))}</div>' if failure else ""
        why += f'<div class="models">👉 {html.escape(hint(lang))}</div>' if hint else ""
        return (
            f'<div class="qx-health down"><span class="dot"></span><div><b>{_state_label("down", lang)}</b>'
            f"{why}</div></div>"
        )
    h = h or S.health(dep)
    st = S.state(dep, h)
    names = html.escape(", ".join(dep.models))
    guard = (
        (
            f'<div class="guard">{html.escape(X["guard_on"](lang))}</div>'
            if dep.guard or not dep.gateway
            else f'<div class="guard off">{html.escape(X["guard_off"](lang))}</div>'
        )
        if dep.gateway
        else ""
    )
    return (
        f'<div class="qx-health {st}"><span class="dot"></span><div><b>{_state_label(st, lang)}</b>'
        f'<div class="url">{html.escape(dep.base_url)}</div>'
        f'<div class="models">{X["models_line"](lang, names=names)}</div>{guard}</div></div>'
    )


def _rows(entries: list[M.ModelEntry], lang: str, named: dict[str, N.Named]) -> list[list]:
    rows = []
    for e in entries:
        if e.is_run:
            detail = ", ".join(str(c.step) for c in e.checkpoints) or "–"
            status = STATUS_TEXT[e.status](lang) if e.status in STATUS_TEXT else "–"
        else:
            detail, status = M.fmt_bytes(e.size_bytes), "–"
        rows.append(
            [f"{KIND_ICON.get(e.kind, '')} {named[e.id].name}", M.KIND_TEXT[e.kind](lang), detail, status, e.id]
        )
    return rows


def _label(e: M.ModelEntry, named: dict[str, N.Named], lang: str) -> str:
    return f"{KIND_ICON.get(e.kind, '')} {named[e.id].name} · {M.KIND_TEXT[e.kind](lang)}"


def _choices(entries: list[M.ModelEntry], lang: str, named: dict[str, N.Named]) -> list[tuple[str, str]]:
    return [(_label(e, named, lang), e.id) for e in entries]


def _servable(entries: list[M.ModelEntry], lang: str, named: dict[str, N.Named]) -> list[tuple[str, str]]:
    """What a server can be started for: model folders (not bare adapters) and full fine-tune runs;
    a LoRA run is served as an adapter over its base."""
    return [(_label(e, named, lang), e.id) for e in entries if not e.is_adapter and (not e.is_run or e.checkpoints)]


# ---------------------------------------------------------------------------------------------- handlers
# Named (studio.ui.context.named): the language and widget values in by name, a dict of outputs back.


def listing(ctx: UIContext, lang, pick, serve_model) -> dict:
    entries = M.list_models(ctx.ws, ctx.jobs)
    named = N.plain_names(ctx.ws, entries, lang)
    ids = [e.id for e in entries]
    if pick not in ids:
        # what one usually does here next: merge the newest training run
        runs = [e.id for e in entries if e.is_run and e.checkpoints]
        pick = runs[0] if runs else (ids[0] if ids else None)
    servable = _servable(entries, lang, named)
    if serve_model not in [v for _, v in servable]:
        serve_model = servable[0][1] if servable else None
    return {
        "table": gr.update(
            value=_rows(entries, lang, named), headers=X["cols"](lang).split("|"), visible=bool(entries)
        ),
        "empty": gr.update(visible=not entries),
        "pick": gr.update(choices=_choices(entries, lang, named), value=pick),
        "serve_model": gr.update(choices=servable, value=serve_model),
    }


def relist(ctx: UIContext, lang, pick, serve_model, jobs_seen) -> dict:
    """A merge, a training run or a pocket build that finishes shows up without "Refresh"."""
    now = [[j.id, j.status] for j in ctx.jobs.list(limit=30)]
    return {} if now == jobs_seen else {**listing(ctx, lang, pick, serve_model), "jobs_seen": now}


def describe(ctx: UIContext, lang, pick, ckpt) -> dict:
    if not pick:
        return {"ckpt": gr.update(choices=[], value=None, visible=False), "card": "", "rename_box": ""}
    entries = M.list_models(ctx.ws, ctx.jobs)
    entry = M.get_model(ctx.ws, pick, ctx.jobs, entries)
    plain = N.plain_names(ctx.ws, entries, lang)[entry.id].name
    if entry.is_run:
        steps = [c.step for c in entry.checkpoints]
        step = int(ckpt) if ckpt not in (None, "") and int(ckpt) in steps else (steps[-1] if steps else None)
        card = (
            M.build_card(ctx.ws, entry, entry.kind, entry.name, step)
            if steps
            else {"kind": entry.kind, "name": entry.name, "settings": entry.card.get("settings", {})}
        )
        ck = gr.update(
            choices=[
                (f"checkpoint-{s}" + (f" · loss {c.loss:.3f}" if c.loss is not None else ""), s)
                for s, c in zip(steps, entry.checkpoints)
            ],
            value=step,
            visible=True,
        )
    else:
        card, ck = entry.card, gr.update(choices=[], value=None, visible=False)
    card = {**card, "name": plain}  # the plain name heads the card; the id is in the line below it
    return {
        "ckpt": ck,
        "card": M.render_card(card, lang) + f"\n\n{X['id_line'](lang, id=entry.id)} · `{entry.path}`",
        "rename_box": plain,
    }


def rename(ctx: UIContext, lang, pick, rename_box, serve_model, ckpt) -> dict:
    if not pick:
        raise UserError("先在上面选一个模型或训练。", "Pick a model or run above first.")
    M.get_model(ctx.ws, pick, ctx.jobs)  # an id that no longer exists gets its sentence
    N.rename(ctx.ws, pick, rename_box)
    gr.Info(X["renamed"](lang, name=rename_box.strip()) if (rename_box or "").strip() else X["unnamed"](lang))
    return {**listing(ctx, lang, pick, serve_model), **describe(ctx, lang, pick, ckpt)}


def adapters_of(ctx: UIContext, lang, serve_model) -> dict:
    none = {"adapters": gr.update(choices=[], value=[])}
    if not serve_model:
        return none
    try:
        base = M.get_model(ctx.ws, serve_model, ctx.jobs)
    except UserError:
        return none
    found = M.adapters_for(M.list_models(ctx.ws, ctx.jobs), base)
    opts = [(f"{S.adapter_name(e)} · {e.name}", e.id) for e in found]
    return {"adapters": gr.update(choices=opts, value=[v for _, v in opts])}


def _step(ckpt) -> int | None:
    return int(ckpt) if ckpt not in (None, "") else None


def _submitted(ctx: UIContext, lang, job) -> dict:
    gr.Info(X["submitted"](lang, id=job.id, title=job.title))
    return export_status(ctx, lang)


def merge(ctx: UIContext, lang, pick, ckpt, name, dest) -> dict:
    if not pick:
        raise UserError("先在上面选一个训练。", "Pick a training run above first.")
    return _submitted(ctx, lang, M.submit_merge(ctx.ws, pick, _step(ckpt), dest or None, name or None, ctx.jobs))


def quantize(ctx: UIContext, lang, pick, ckpt, qmethod, qbits, name, dest) -> dict:
    if not pick:
        raise UserError("先在上面选一个模型。", "Pick a model above first.")
    job = M.submit_quantize(ctx.ws, pick, qmethod, int(qbits), _step(ckpt), dest or None, name or None, ctx.jobs)
    return _submitted(ctx, lang, job)


def copy_model(ctx: UIContext, lang, pick, ckpt, name, dest) -> dict:
    if not pick:
        raise UserError("先在上面选一个模型。", "Pick a model above first.")
    return _submitted(ctx, lang, M.submit_copy(ctx.ws, pick, dest or None, _step(ckpt), name or None, ctx.jobs))


def export_status(ctx: UIContext, lang) -> dict:
    """The last merge, quantization or copy: where it went and the sizes before and after."""
    jobs = ctx.jobs.list(kinds=M.EXPORT_JOB_KINDS, limit=1)
    if not jobs:
        return {"export_status": ""}
    j = jobs[0]
    line = X["size_line"](
        lang,
        status=STATUS_TEXT[j.status](lang),
        dest=f"`{j.meta.get('dest', '')}`",
        before=M.fmt_bytes(j.meta.get("source_size_bytes")),
        after=M.fmt_bytes(j.meta.get("size_bytes")),
    )
    if j.reason:
        line += f"\n\n> ⚠️ {j.reason(lang)}"
    return {"export_status": f"**{X['last_export'](lang)}** · {line}"}


def quant_note(ctx: UIContext, lang, qmethod) -> dict:
    why = M.quant_blocker(qmethod)
    return {"quant_why": f"> ⚠️ {why(lang)}" if why else ""}


def server_view(ctx: UIContext, lang) -> dict:
    dep = S.current(ctx.ws, ctx.jobs)
    if dep is None:
        return {"health": health_html(None, lang, failure=S.last_failure(ctx.ws, ctx.jobs)), "curl": "", "python": ""}
    ex = S.examples(dep)
    return {"health": health_html(dep, lang), "curl": ex["curl"], "python": ex["python"]}


def serve_start(ctx: UIContext, lang, serve_model, adapters, backend, host, port, api_key, guard_on, persona) -> dict:
    if not serve_model:
        raise UserError("先选要提供的模型。", "Pick the model to serve first.")
    req = S.DeployRequest(
        model=serve_model,
        adapters=list(adapters or []),
        host=(host or "").strip(),
        port=int(port) if port else None,
        api_key=(api_key or "").strip() or None,
        backend=backend,
        guard=bool(guard_on),
        persona=persona or "",
    )
    S.start(ctx.ws, req, ctx.jobs)
    gr.Info(X["started"](lang))
    return server_view(ctx, lang)


def serve_stop(ctx: UIContext, lang) -> dict:
    dep = S.stop(ctx.ws, None, ctx.jobs)
    gr.Info((X["stopped"] if dep else X["nothing"])(lang))
    return server_view(ctx, lang)


def persona_choices(ctx: UIContext) -> dict:
    return {"persona": gr.update(choices=[("—", ""), *((n, n) for n in P.list_personas(ctx.ws))])}


def create_models_tab(ctx: UIContext) -> None:
    pulse = ctx.pulse.models  # clicked when the workspace changed (studio/jobs/pulse.py)
    ctx.tr(gr.Markdown(X["intro"](ctx.lang)), value=X["intro"])
    with gr.Row(equal_height=False):
        with gr.Column(scale=3, min_width=320):
            # Shares of the table's width: a long name or id wraps instead of pushing columns out of sight.
            table = ctx.tr(
                gr.Dataframe(
                    headers=X["cols"](ctx.lang).split("|"),
                    interactive=False,
                    wrap=True,
                    column_widths=["30%", "18%", "18%", "12%", "22%"],
                    label=X["table"](ctx.lang),
                    elem_id="models-table",
                    max_height=360,
                ),
                label=X["table"],
            )
            empty = ctx.tr(gr.Markdown(X["empty"](ctx.lang), visible=False), value=X["empty"])
        with gr.Column(scale=4, min_width=320):
            with gr.Row(equal_height=True):
                pick = ctx.tr(
                    gr.Dropdown(label=X["pick"](ctx.lang), choices=[], scale=4, elem_id="models-pick"), label=X["pick"]
                )
                ckpt = ctx.tr(
                    gr.Dropdown(label=X["ckpt"](ctx.lang), choices=[], scale=2, visible=False, elem_id="models-ckpt"),
                    label=X["ckpt"],
                )
                refresh = ctx.tr(gr.Button(X["refresh"](ctx.lang), scale=1, size="sm"), value=X["refresh"])
            with gr.Row(equal_height=True):
                rename_box = ctx.tr(
                    gr.Textbox(label=X["rename"](ctx.lang), scale=4, elem_id="models-rename"), label=X["rename"]
                )
                rename_btn = ctx.tr(
                    gr.Button(X["rename_btn"](ctx.lang), scale=1, size="sm", elem_id="models-rename-btn"),
                    value=X["rename_btn"],
                )
            card = gr.Markdown(elem_id="models-card")

    with gr.Group():
        ctx.tr(gr.Markdown(X["export_head"](ctx.lang)), value=X["export_head"])
        with gr.Row():
            name = ctx.tr(gr.Textbox(label=X["name"](ctx.lang), scale=2), label=X["name"])
            dest = ctx.tr(
                gr.Textbox(label=X["dest"](ctx.lang), scale=3, placeholder="exports/my-model"), label=X["dest"]
            )
        with gr.Row(equal_height=True):
            merge_btn = ctx.tr(
                gr.Button(X["merge"](ctx.lang), variant="primary", elem_id="models-merge"), value=X["merge"]
            )
            copy_btn = ctx.tr(gr.Button(X["copy"](ctx.lang), elem_id="models-copy"), value=X["copy"])
        with gr.Row(equal_height=True):
            qmethod = ctx.tr(
                gr.Radio(
                    choices=[("bnb", "bnb"), ("AWQ", "awq"), ("GPTQ", "gptq")],
                    value="bnb",
                    label=X["quant_method"](ctx.lang),
                    scale=2,
                ),
                label=X["quant_method"],
            )
            qbits = ctx.tr(
                gr.Radio(choices=[("4", 4), ("8", 8)], value=4, label=X["bits"](ctx.lang), scale=1), label=X["bits"]
            )
            quant_btn = ctx.tr(
                gr.Button(X["quantize"](ctx.lang), scale=1, elem_id="models-quantize"), value=X["quantize"]
            )
        quant_why = gr.Markdown(elem_id="models-quant-why")
        ctx.tr(gr.Markdown(X["cuda_note"](ctx.lang), elem_classes="qx-note"), value=X["cuda_note"])
        export_status_md = gr.Markdown(elem_id="models-export-status")

    with gr.Group():
        ctx.tr(gr.Markdown(X["serve_head"](ctx.lang)), value=X["serve_head"])
        health = gr.HTML(health_html(None, ctx.lang), css_template=HEALTH_CSS, elem_id="serve-health")
        with gr.Row():
            serve_model = ctx.tr(
                gr.Dropdown(label=X["serve_model"](ctx.lang), choices=[], scale=2, elem_id="serve-model"),
                label=X["serve_model"],
            )
            adapters = ctx.tr(
                gr.CheckboxGroup(label=X["adapters"](ctx.lang), choices=[], scale=3, elem_id="serve-adapters"),
                label=X["adapters"],
            )
        with gr.Row(equal_height=True):
            backend = ctx.tr(
                gr.Radio(choices=list(S.BACKENDS), value="transformers", label=X["backend"](ctx.lang), scale=2),
                label=X["backend"],
            )
            host = ctx.tr(gr.Textbox(value="127.0.0.1", label=X["host"](ctx.lang), scale=1), label=X["host"])
            port = ctx.tr(gr.Number(value=0, precision=0, label=X["port"](ctx.lang), scale=1), label=X["port"])
        with gr.Row(equal_height=True):
            api_key = ctx.tr(
                gr.Textbox(label=X["api_key"](ctx.lang), scale=4, type="password", elem_id="serve-key"),
                label=X["api_key"],
            )
            new_key = ctx.tr(gr.Button(X["new_key"](ctx.lang), scale=1, size="sm"), value=X["new_key"])
        with gr.Row(equal_height=True):
            guard_on = ctx.tr(
                gr.Checkbox(value=True, label=X["guard"](ctx.lang), scale=3, elem_id="serve-guard"), label=X["guard"]
            )
            persona = ctx.tr(
                gr.Dropdown(
                    label=X["persona"](ctx.lang), choices=[("—", "")], value="", scale=2, elem_id="serve-persona"
                ),
                label=X["persona"],
            )
        with gr.Row():
            start = ctx.tr(gr.Button(X["start"](ctx.lang), variant="primary", elem_id="serve-start"), value=X["start"])
            stop = ctx.tr(gr.Button(X["stop"](ctx.lang), variant="stop", elem_id="serve-stop"), value=X["stop"])
        with gr.Row():
            curl = ctx.tr(
                gr.Code(label=X["curl"](ctx.lang), language="shell", interactive=False, lines=6, elem_id="serve-curl"),
                label=X["curl"],
            )
            python = ctx.tr(
                gr.Code(
                    label=X["python"](ctx.lang), language="python", interactive=False, lines=6, elem_id="serve-python"
                ),
                label=X["python"],
            )

    # ---------------------------------------------------------------------------- wiring, by name
    jobs_seen = shown_state("models-seen")
    L = {"lang": ctx.lang_state}
    listed = {"table": table, "empty": empty, "pick": pick, "serve_model": serve_model}
    described = {"ckpt": ckpt, "card": card, "rename_box": rename_box}
    export_in = {**L, "pick": pick, "ckpt": ckpt, "name": name, "dest": dest}
    shown = {"health": health, "curl": curl, "python": python}
    on = ctx.wiring(ctx)

    on(refresh.click, listing, {**L, "pick": pick, "serve_model": serve_model}, listed, api_name="models_list")
    on(pick.change, describe, {**L, "pick": pick, "ckpt": ckpt}, described, api_name="models_describe")
    on(ckpt.input, describe, {**L, "pick": pick, "ckpt": ckpt}, described, api_name="models_checkpoint")
    on(
        rename_btn.click,
        rename,
        {**L, "pick": pick, "rename_box": rename_box, "serve_model": serve_model, "ckpt": ckpt},
        {**listed, **described},
        api_name="models_rename",
    )
    on(merge_btn.click, merge, export_in, {"export_status": export_status_md}, api_name="models_merge")
    on(
        quant_btn.click,
        quantize,
        {**L, "pick": pick, "ckpt": ckpt, "qmethod": qmethod, "qbits": qbits, "name": name, "dest": dest},
        {"export_status": export_status_md},
        api_name="models_quantize",
    )
    on(copy_btn.click, copy_model, export_in, {"export_status": export_status_md}, api_name="models_copy")
    on(qmethod.change, quant_note, {**L, "qmethod": qmethod}, {"quant_why": quant_why}, api_name="models_quant_note")
    on(
        serve_model.change,
        adapters_of,
        {**L, "serve_model": serve_model},
        {"adapters": adapters},
        api_name="serve_adapters",
    )
    new_key.click(lambda: S.new_api_key(), None, api_key, api_name="serve_new_key")
    # Unprocessed inputs: a Start clicked while the adapter list is still following a newly chosen model sends the
    # previous model's adapters, which Gradio's own check refuses with a bare "Error"; the domain checks them
    # itself (S.plan) and says which adapter does not fit. The other inputs arrive as they would processed.
    on(
        start.click,
        serve_start,
        {
            **L,
            "serve_model": serve_model,
            "adapters": adapters,
            "backend": backend,
            "host": host,
            "port": port,
            "api_key": api_key,
            "guard_on": guard_on,
            "persona": persona,
        },
        shown,
        api_name="serve_start",
        preprocess=False,
    )
    on(stop.click, serve_stop, L, shown, api_name="serve_stop")
    on(pulse.click, server_view, L, shown, api_name="serve_status", show_progress="hidden", queue=False)
    on(
        pulse.click,
        export_status,
        L,
        {"export_status": export_status_md},
        api_name="models_export_status",
        show_progress="hidden",
        queue=False,
    )
    on(
        pulse.click,
        relist,
        {**L, "pick": pick, "serve_model": serve_model, "jobs_seen": jobs_seen},
        {**listed, "jobs_seen": jobs_seen},
        api_name=False,
        show_progress="hidden",
    )
    on(persona.focus, persona_choices, {}, {"persona": persona}, api_name=False, show_progress="hidden")

    def on_load(demo):
        # No "processing" timer over the table while the page loads (Gradio writes it in English).
        on(
            demo.load,
            listing,
            {**L, "pick": pick, "serve_model": serve_model},
            listed,
            api_name=False,
            show_progress="hidden",
        )
        on(demo.load, persona_choices, {}, {"persona": persona}, api_name=False, show_progress="hidden")
        on(
            demo.load,
            quant_note,
            {**L, "qmethod": qmethod},
            {"quant_why": quant_why},
            api_name=False,
            show_progress="hidden",
        )

    ctx.on_load.append(on_load)
