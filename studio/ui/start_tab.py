"""Start: the first-run guide (GPU -> model -> data -> labels -> training -> chat, each step ticked off from
the workspace) and the one-click recipe ("train my companion") with its chain's progress, stop and resume.

The guide can be skipped (remembered in this browser) and reopened with the header's guide button.
"""

from __future__ import annotations

import functools
import html

import gradio as gr

from studio.core.i18n import Text, UserError
from studio.data import store
from studio.training import methods
from studio.training import presets as P
from studio.training import recipe as RC
from studio.training import train as T
from studio.ui.context import UIContext, choices

LABEL_GOAL = 6  # "a few pairs": enough to see how labelling works, what the journey test labels

X = {
    "welcome": Text(
        "### 👋 欢迎来到七夕工作室\n跟着下面六步，就能把一个聊天模型调成你们俩的专属伴侣。每一步做完会自动打勾；"
        "也可以直接用最下面的“一键训练”。不需要写代码，所有东西都留在你自己的电脑上。",
        "### 👋 Welcome to Qixi Studio\nFollow the six steps below to turn a chat model into a companion made for the "
        "two of you. Each step ticks itself off when it is done; or use “one click” at the bottom. No code needed, "
        "and everything stays on your own computer.",
    ),
    "skip": Text("跳过向导", "Skip the guide"),
    "skipped": Text(
        "向导已隐藏。随时可以点页面顶部的“🧭 向导”重新打开。",
        "The guide is hidden. Press “🧭 Guide” at the top of the page to open it again.",
    ),
    "reopen": Text("🧭 重新打开向导", "🧭 Open the guide again"),
    "pocket": Text("🧸 构建口袋模型（约 1–2 分钟）", "🧸 Build the pocket model (about 1–2 min)"),
    "catalog": Text("选一个正式模型 →", "Pick a real model →"),
    "sample": Text("📦 使用示例数据", "📦 Use the sample data"),
    "upload": Text("上传我们的聊天记录 →", "Upload our chats →"),
    "to_annotate": Text("去标注 →", "Go to Annotate →"),
    "to_train": Text("去训练 →", "Go to Train →"),
    "to_chat": Text("去聊天 →", "Go to the Playground →"),
    "recipe_head": Text(
        "### ✨ 一键：训练我的伴侣\n按顺序自动完成：准备模型 → 学说话（SFT）→ 学你们的偏好 → 合并 → 启动聊天服务。"
        "关掉浏览器也会继续；停下后可以从没做完的那一步接着来。",
        "### ✨ One click: train my companion\nDoes it all in order: get the model → learn to talk (SFT) → learn "
        "your preferences → merge → start the chat server. It keeps going when the browser is closed; after a stop "
        "it picks up at the first unfinished step.",
    ),
    "base": Text("基础模型", "Base model"),
    "data": Text("对话数据（学说话）", "Dialogues (to learn to talk)"),
    "pairs": Text("偏好数据（两条回复哪条更好）", "Preferences (which of two replies is better)"),
    "method": Text("偏好学习方法", "Preference learning method"),
    "go": Text("✨ 一键开始", "✨ Start, one click"),
    "stop": Text("⏹ 停止", "⏹ Stop"),
    "resume": Text("▶ 从没做完的那一步继续", "▶ Resume at the first unfinished step"),
    "started": Text("一键流程已开始（第 {id} 号）。", "The recipe has started (number {id})."),
    "stopped": Text(
        "一键流程已停止；做完的步骤都保留着。", "The recipe has stopped; the steps that finished are kept."
    ),
    "resumed": Text("从“{step}”继续。", "Resuming at “{step}”."),
    "sample_added": Text("示例数据已添加：{names}。", "Sample data added: {names}."),
    "pocket_started": Text("口袋模型正在后台构建（任务 {id}）。", "The pocket model is being built (job {id})."),
    "sample_auto": Text("示例数据（开始时自动添加）", "Sample data (added when you start)"),
    "no_recipe": Text(
        "还没有运行过一键流程。选好上面的设置，点“一键开始”。",
        "No recipe has run yet. Choose the settings above and press “Start, one click”.",
    ),
}

STEPS = [  # key, title, what to do
    ("gpu", Text("检查显卡", "Check the GPU"), None),
    (
        "model",
        Text("准备一个模型", "Get a model"),
        Text(
            "没有显卡就用“口袋模型”：在本机几分钟就能建好，能把整个流程走一遍（它只是演示模型）。有显卡可以在“训练”页选一个正式模型。",
            "No GPU? Build the pocket model: it is made here in minutes and walks through every step (a demo "
            "model, not a real chat model). With a GPU, pick a real model on the Train tab.",
        ),
    ),
    (
        "data",
        Text("准备数据", "Add data"),
        Text(
            "先用内置的示例对话和偏好数据试试，或者上传你们自己的聊天记录（会自动脱敏）。",
            "Try the bundled sample dialogues and preference pairs, or upload your own chats (private details are "
            "hidden automatically).",
        ),
    ),
    (
        "labels",
        Text("两个人一起标注几组回复", "Label a few pairs together"),
        Text(
            "在“标注”页建一个项目，给两个人各发一个链接；每人看几组回复，选更喜欢的那条（手机上也行）。",
            "On the Annotate tab, make a project and send each partner a link; each looks at a few pairs of replies "
            "and picks the one they like more (a phone works).",
        ),
    ),
    (
        "train",
        Text("训练", "Train"),
        Text(
            "在“训练”页先做 SFT（学说话），再用偏好数据做偏好学习 (DPO)；或者直接用下面的一键流程。",
            "On the Train tab, run SFT (learn to talk) first, then preference learning (DPO) on the pairs; or use "
            "the one-click recipe below.",
        ),
    ),
    (
        "chat",
        Text("和它聊天", "Chat with it"),
        Text(
            "在“聊天试玩”页启动聊天服务，和训练好的模型聊聊，或者把两个模型放在一起盲评。",
            "On the Playground, start the chat server and talk to your model, or compare two models blind.",
        ),
    ),
]

STEP_BUTTONS = {  # step -> (button key in X, variant): the first one does the step, the others lead to a tab
    "model": (("pocket", "primary"), ("catalog", "secondary")),
    "data": (("sample", "primary"), ("upload", "secondary")),
    "labels": (("to_annotate", "primary"),),
    "train": (("to_train", "primary"),),
    "chat": (("to_chat", "primary"),),
}


def method_choices(lang: str | None = None) -> list[tuple[str, str]]:
    """The recipe's alignment methods (studio.training.methods), in its own wording where it has one."""
    align = [methods.get(n) for n in methods.align_names()]
    return choices([(m.recipe_choice or m.choice, m.name) for m in align])(lang)


@functools.lru_cache(maxsize=1)
def gpus() -> tuple[P.Gpu, ...]:
    """Detected once per app (nvidia-smi in a subprocess; the web process never loads torch)."""
    return tuple(P.detect_gpus())


def gpu_line(lang: str) -> str:
    found = gpus()
    preset = P.auto_preset(list(found))
    if not found:
        return Text(
            "没有找到 NVIDIA 显卡：一切都在 CPU 上用口袋模型完成（慢一些，但能走完全程）。",
            "No NVIDIA GPU found: everything runs on the CPU with the pocket model (slower, but it goes all the way).",
        )(lang)
    names = ", ".join(f"{g.name} ({g.total_gib:.0f} GiB)" for g in found)
    return Text(f"找到显卡：{names}。将使用预设 {preset}。", f"GPU found: {names}. Preset {preset} will be used.")(lang)


def guide_cards(ctx: UIContext, lang: str) -> tuple[dict[str, str], dict[str, bool]]:
    """Each step's card (HTML) and whether it is done, from what the workspace holds now."""
    c = RC.checklist(ctx.ws, ctx.jobs)
    building = next((j for j in ctx.jobs.list(kinds=("build-pocket", "download"), limit=5) if j.active), None)
    done = {
        "gpu": True,
        "model": c.model,
        "data": c.dataset,
        "labels": c.labels >= LABEL_GOAL,
        "train": c.trained,
        "chat": c.chat,
    }
    detail = {
        "gpu": gpu_line(lang),
        "model": Text("✅ 已有模型", "✅ a model is ready")(lang)
        if c.model
        else (
            Text(
                "⏳ 正在准备模型…（进度见页面上方的任务栏）",
                "⏳ getting the model ready… (progress in the bar at the top)",
            )(lang)
            if building
            else ""
        ),
        "data": Text("✅ 已有数据集", "✅ data is in")(lang) if c.dataset else "",
        # Past the goal, "26 / 6" reads like a mistake: the count alone, and that the goal is met.
        "labels": (
            Text(f"已标注 {c.labels} 条（够用了）", f"{c.labels} labelled (enough)")
            if c.labels >= LABEL_GOAL
            else Text(f"已标注 {c.labels} / {LABEL_GOAL}", f"{c.labels} of {LABEL_GOAL} labelled")
        )(lang),
        "train": Text("✅ 已有一次成功的训练", "✅ a training run succeeded")(lang) if c.trained else "",
        "chat": Text("✅ 聊天服务在运行", "✅ the chat server is up")(lang)
        if c.serving
        else (Text(f"✅ 已保存 {c.chats} 段对话", f"✅ {c.chats} chat(s) saved")(lang) if c.chats else ""),
    }
    nxt = next((k for k, *_ in STEPS if not done[k]), None)
    cards = {}
    for i, (key, title, what) in enumerate(STEPS, 1):
        cls = "qs-done" if done[key] else ("qs-next" if key == nxt else "qs-todo")
        tag = f' <span class="qs-tag">{Text("下一步", "next")(lang)}</span>' if key == nxt else ""
        body = [f'<div class="qs-title">{html.escape(title(lang))}{tag}</div>']
        if what:
            body.append(f'<div class="qs-what">{html.escape(what(lang))}</div>')
        if detail[key]:
            body.append(f'<div class="qs-detail">{html.escape(detail[key])}</div>')
        cards[key] = (
            f'<div class="qs-step {cls}" data-step="{key}"><span class="qs-mark">'
            f'{"✓" if done[key] else i}</span><div class="qs-body">{"".join(body)}</div></div>'
        )
    return cards, done


def recipe_html(ctx: UIContext, lang: str) -> str:
    rc = RC.status(ctx.ws)
    if rc is None:
        return f'<div class="qs-recipe-empty">{html.escape(X["no_recipe"](lang))}</div>'
    rows = RC.rows(ctx.ws, rc, lang, ctx.jobs)
    head = Text(
        f"第 {rc.id} 号一键流程：{RC.STATUS_TEXT[rc.status].zh}", f"Recipe {rc.id}: {RC.STATUS_TEXT[rc.status].en}"
    )(lang)
    out = [f'<div class="qs-recipe" data-status="{rc.status}"><div class="qs-recipe-head">{html.escape(head)}</div>']
    for r in rows:
        pct = int(round(r["fraction"] * 100))
        msg = r["message"] if r["status"] == "running" else ""
        out.append(
            f'<div class="qs-rstep qs-r-{r["status"]}" data-kind="{r["kind"]}">'
            f'<span class="qs-ricon">{r["icon"]}</span><span class="qs-rtitle">{r["n"]}. {html.escape(r["title"])}</span>'
            f'<span class="qs-rstatus">{html.escape(r["status_text"])}{" · " + html.escape(msg) if msg else ""}</span>'
            f'<div class="qs-rbar"><div style="width:{pct}%"></div></div>'
            + (f'<div class="qs-rreason">⚠️ {html.escape(r["reason"])}</div>' if r["reason"] else "")
            + "</div>"
        )
    if rc.reason and not any(r["reason"] for r in rows):
        out.append(f'<div class="qs-rreason">⚠️ {html.escape(rc.reason(lang))}</div>')
    if rc.status == "succeeded":
        url = rc.output("deploy", "url")
        out.append(
            '<div class="qs-rdone">'
            + html.escape(
                Text("🎉 完成了！去“聊天试玩”页和它聊聊吧。", "🎉 Done! Go to the Playground and talk to it.")(lang)
            )
            + (f" <code>{html.escape(url)}</code>" if url else "")
            + "</div>"
        )
    out.append("</div>")
    return "".join(out)


def base_choices(lang: str) -> list[tuple[str, str]]:
    return [(m.name(lang) + ("" if m.pocket else f" · {m.params_b:g}B"), m.id) for m in P.base_models()]


def data_choices(ctx: UIContext, lang: str, kind: str) -> tuple[list[tuple[str, str]], str]:
    """The datasets of this kind; the default is the couple's exported labels, else the bundled sample
    (never just the newest import)."""
    sets = [d for d in store.list_datasets(ctx.ws) if d.kind == kind]
    sample = next((d for d in sets if d.source == "sample"), None)
    opts = [] if sample else [(X["sample_auto"](lang), "")]
    opts += [(f"{d.name} · {d.card.get('counts', {}).get('kept', '')}".rstrip(" ·"), d.id) for d in sets]
    default = RC.default_data(ctx.ws, kind)
    return opts, default.id if default else ""


def plan_md(ctx: UIContext, lang: str, data_v: str, pairs_v: str) -> str:
    """Which data each training step will use, said before the recipe starts (and what is wrong with it)."""
    try:
        uses = RC.data_plan(ctx.ws, data_v or "", pairs_v or "")
    except UserError as e:  # a dataset deleted meanwhile
        return f"⚠️ {e.text(lang)}"
    head = "**这次会用：**" if lang == "zh" else "**This run will use:**"
    return "\n".join([head, *(f"- {u.line(lang)}" + (f"\n  ⚠️ {u.problem(lang)}" if u.problem else "") for u in uses)])


# ---------------------------------------------------------------------------------------------- handlers
# Named (studio.ui.context.named): the language and widget values in by name, a dict of outputs back.


def _buttons(rc: RC.Recipe | None) -> dict:
    running = rc is not None and rc.status == "running"
    can_resume = rc is not None and rc.status in ("stopped", "interrupted", "failed")
    return {
        "go": gr.update(visible=not running),
        "stop": gr.update(visible=running),
        "resume": gr.update(visible=can_resume),
    }


def refresh(ctx: UIContext, lang, data, pairs, picked=None) -> dict:
    """The guide's cards and buttons, the recipe's progress, and both data lists. Both lists allow any
    value: a tick may still carry the value of a list the previous tick replaced."""
    sc, sv = data_choices(ctx, lang, "sft")
    pc, pv = data_choices(ctx, lang, "pairs")
    if picked is not None:
        # From the pulse: what the person picked stays while it exists; a value the page chose itself
        # follows the default (the couple's labels once exported, not the sample it showed before).
        data, pairs = picked.get("data"), picked.get("pairs")
    html_of, done = guide_cards(ctx, lang)
    # A done step keeps its card (ticked) and drops its buttons, except the ones that only lead to a tab.
    return {
        **{f"card_{k}": html_of[k] for k, *_ in STEPS},
        **{
            f"acts_{k}": gr.update(visible=k != "gpu" and (not done[k] or k in ("labels", "train", "chat")))
            for k, *_ in STEPS
        },
        "progress": recipe_html(ctx, lang),
        **_buttons(RC.status(ctx.ws)),
        "data": gr.update(choices=sc, value=data if data in [v for _, v in sc] else sv),
        "pairs": gr.update(choices=pc, value=pairs if pairs in [v for _, v in pc] else pv),
    }


def build_pocket(ctx: UIContext, lang, data, pairs) -> dict:
    job = T.start_pocket_build(ctx.ws, "pocket-tiny", ctx.jobs)
    gr.Info(X["pocket_started"](lang, id=job.id))
    return refresh(ctx, lang, data, pairs)


def add_sample(ctx: UIContext, lang, data, pairs) -> dict:
    added = store.register_samples(ctx.ws)
    gr.Info(
        X["sample_added"](
            lang, names="、".join(d.name for d in added) if lang == "zh" else ", ".join(d.name for d in added)
        )
    )
    return refresh(ctx, lang, "", "")


def run_recipe(ctx: UIContext, lang, base, data, pairs, method) -> dict:
    s = RC.RecipeSettings(
        base=base or "pocket-tiny",
        data=data or "",
        pairs=pairs or "",
        method=method or "dpo",
        preset=P.auto_preset(list(gpus())),
    )
    rc = RC.run(ctx.ws, s)
    gr.Info(X["started"](lang, id=rc.id))
    return refresh(ctx, lang, rc.settings.data, rc.settings.pairs)


def stop_recipe(ctx: UIContext, lang, data, pairs) -> dict:
    RC.stop(ctx.ws)
    gr.Info(X["stopped"](lang))
    return refresh(ctx, lang, data, pairs)


def resume_recipe(ctx: UIContext, lang, data, pairs) -> dict:
    rc = RC.resume(ctx.ws)
    if rc.current is not None:
        gr.Info(X["resumed"](lang, step=rc.current.title(rc.settings.method, lang)))
    return refresh(ctx, lang, data, pairs)


def plan(ctx: UIContext, lang, data, pairs) -> dict:
    return {"plan": plan_md(ctx, lang, data, pairs)}


def _guide(ctx: UIContext, show: bool, tab: str | None) -> dict:
    out = {"guide": gr.update(visible=show), "hidden": gr.update(visible=not show)}
    if tab and ctx.tabs is not None:  # (a tab built alone in a test has no tabs to switch)
        out["tabs"] = gr.update(selected=tab)
    return out


def skip_guide(ctx: UIContext) -> dict:
    """Hidden, remembered in this browser, and on to the Data tab (the first thing to do without it)."""
    return {"guide_state": "skipped", **_guide(ctx, False, "tab-data")}


def reopen_guide(ctx: UIContext) -> dict:
    return {"guide_state": "shown", **_guide(ctx, True, "tab-start")}


def remembered_guide(ctx: UIContext, remembered, request: gr.Request | None = None) -> dict:
    """As this browser left the guide ("skipped" / "shown"). Gradio reads a BrowserState from storage when it
    mounts, which may come after the page's load sent the empty default, so its change applies it too.
    Empty means "not read yet" or "never chosen": the guide stays as built (shown). A partner's link opens
    the Annotate tab's page and is left alone."""
    if not remembered or (request is not None and request.query_params.get("annotator")):
        return {}
    show = remembered != "skipped"
    return _guide(ctx, show, None if show else "tab-data")


def page_load(ctx: UIContext, lang, remembered, request: gr.Request | None = None) -> dict:
    return {**remembered_guide(ctx, remembered, request), **refresh(ctx, lang, "", "")}


def create_start_tab(ctx: UIContext) -> None:
    lang0, tr = ctx.lang, ctx.tr
    tabs = ctx.tabs
    pulse = ctx.pulse.start
    # "skipped" / "shown" (not a bool: Gradio keeps a BrowserState equal to its default out of localStorage).
    guide_state = gr.BrowserState("", storage_key="qixi-guide")

    with gr.Column(elem_id="start-guide", elem_classes=["qixi-start"]) as guide:
        tr(gr.Markdown(X["welcome"](lang0), elem_id="start-welcome"), value=X["welcome"])
        # One row per step: its card, and beside it (below it on a phone) the buttons that do it.
        cards, acts, btn = {}, {}, {}
        for key, _, _ in STEPS:
            with gr.Row(elem_classes=["qs-row"], equal_height=False):
                cards[key] = gr.HTML("", elem_id=f"start-step-{key}", elem_classes=["qs-card"], min_height=0)
                with gr.Column(scale=0, min_width=230, elem_classes=["qs-acts"], visible=key != "gpu") as acts[key]:
                    for name, variant in STEP_BUTTONS.get(key, ()):
                        btn[name] = tr(
                            gr.Button(
                                X[name](lang0), variant=variant, size="sm", elem_id=f"start-{name.replace('_', '-')}"
                            ),
                            value=X[name],
                        )
        skip = tr(
            gr.Button(X["skip"](lang0), size="sm", variant="secondary", scale=0, min_width=160, elem_id="start-skip"),
            value=X["skip"],
        )
        pocket, catalog, sample, upload = btn["pocket"], btn["catalog"], btn["sample"], btn["upload"]
        to_annotate, to_train, to_chat = btn["to_annotate"], btn["to_train"], btn["to_chat"]
    with gr.Row(visible=False, elem_id="start-hidden", elem_classes=["qixi-start"]) as hidden:
        tr(gr.Markdown(X["skipped"](lang0)), value=X["skipped"])
        reopen = tr(
            gr.Button(X["reopen"](lang0), size="sm", scale=0, min_width=200, elem_id="start-reopen"), value=X["reopen"]
        )

    with gr.Column(elem_id="start-recipe", elem_classes=["qixi-start"]):
        tr(gr.Markdown(X["recipe_head"](lang0)), value=X["recipe_head"])
        with gr.Row(elem_classes=["qs-form"]):
            base = tr(
                gr.Dropdown(
                    choices=base_choices(lang0),
                    value="pocket-tiny",
                    label=X["base"](lang0),
                    elem_id="start-base",
                    min_width=200,
                ),
                label=X["base"],
                choices=base_choices,
            )
            method = tr(
                gr.Dropdown(
                    choices=method_choices(lang0),
                    value="dpo",
                    label=X["method"](lang0),
                    elem_id="start-method",
                    min_width=200,
                ),
                label=X["method"],
                choices=method_choices,
            )
        with gr.Row(elem_classes=["qs-form"]):
            sft_c, sft_v = data_choices(ctx, lang0, "sft")
            data = tr(
                gr.Dropdown(
                    choices=sft_c,
                    value=sft_v,
                    label=X["data"](lang0),
                    elem_id="start-data",
                    min_width=200,
                    allow_custom_value=True,
                ),
                label=X["data"],
            )
            pairs_c, pairs_v = data_choices(ctx, lang0, "pairs")
            pairs = tr(
                gr.Dropdown(
                    choices=pairs_c,
                    value=pairs_v,
                    label=X["pairs"](lang0),
                    elem_id="start-pairs",
                    min_width=200,
                    allow_custom_value=True,
                ),
                label=X["pairs"],
            )
        with gr.Row(elem_classes=["qs-actions"]):
            go = tr(gr.Button(X["go"](lang0), variant="primary", elem_id="start-go"), value=X["go"])
            stop = tr(gr.Button(X["stop"](lang0), variant="stop", visible=False, elem_id="start-stop"), value=X["stop"])
            resume = tr(gr.Button(X["resume"](lang0), visible=False, elem_id="start-resume"), value=X["resume"])
        plan_box = gr.Markdown(elem_id="start-plan")
        progress = gr.HTML("", elem_id="start-progress")

    L = ctx.lang_state

    on = ctx.wiring(ctx)
    ins = {"lang": L, "data": data, "pairs": pairs}
    outs = {
        **{f"card_{k}": cards[k] for k, *_ in STEPS},
        **{f"acts_{k}": acts[k] for k, *_ in STEPS},
        "progress": progress,
        "go": go,
        "stop": stop,
        "resume": resume,
        "data": data,
        "pairs": pairs,
    }
    picked = gr.State({})  # the lists' values a person chose ("data" / "pairs")
    data.input(lambda v, p: {**p, "data": v}, [data, picked], picked, api_name=False, queue=False)
    pairs.input(lambda v, p: {**p, "pairs": v}, [pairs, picked], picked, api_name=False, queue=False)
    if pulse is not None:
        on(
            pulse.click,
            refresh,
            {**ins, "picked": picked},
            outs,
            api_name="start_refresh",
            show_progress="hidden",
            queue=False,
        )
    on(pocket.click, build_pocket, ins, outs, api_name="start_pocket")
    on(sample.click, add_sample, ins, outs, api_name="start_sample")
    on(
        go.click,
        run_recipe,
        {"lang": L, "base": base, "data": data, "pairs": pairs, "method": method},
        outs,
        api_name="recipe_run",
    )
    for pick in (data, pairs):
        on(
            pick.change,
            plan,
            ins,
            {"plan": plan_box},
            api_name="recipe_plan" if pick is data else False,
            show_progress="hidden",
        )
    on(stop.click, stop_recipe, ins, outs, api_name="recipe_stop")
    on(resume.click, resume_recipe, ins, outs, api_name="recipe_resume")

    ctx.to_chat = to_chat  # the Playground opens its chat sub-tab on it (playground_tab.py)
    if tabs is not None:
        for btn, tab in (
            (catalog, "tab-train"),
            (upload, "tab-data"),
            (to_annotate, "tab-annotate"),
            (to_train, "tab-train"),
            (to_chat, "tab-playground"),
        ):
            btn.click(lambda t=tab: gr.update(selected=t), None, tabs, api_name=False, queue=False)

    guide_outs = {"guide": guide, "hidden": hidden, **({"tabs": tabs} if tabs is not None else {})}
    skip_outs = {"guide_state": guide_state, **guide_outs}
    on(skip.click, skip_guide, {}, skip_outs, api_name="guide_skip", queue=False)
    on(reopen.click, reopen_guide, {}, skip_outs, api_name=False, queue=False)
    if ctx.guide_button is not None:
        on(ctx.guide_button.click, reopen_guide, {}, skip_outs, api_name="guide_open", queue=False)
    on_req = ctx.wiring(ctx, request=True)
    on_req(
        guide_state.change,
        remembered_guide,
        {"remembered": guide_state},
        guide_outs,
        api_name=False,
        queue=False,
        show_progress="hidden",
    )

    def hook(demo) -> None:  # demo: the page-load collector (studio.ui.context.PageLoad)
        on_req(demo.load, page_load, {"lang": L, "remembered": guide_state}, {**guide_outs, **outs})
        on(demo.load, plan, ins, {"plan": plan_box}, api_name=False, queue=False)

    ctx.on_load.append(hook)
