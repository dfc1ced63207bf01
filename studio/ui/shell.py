"""The Gradio shell: header with the language switch, the jobs bar, and one tab per file."""

from __future__ import annotations

import importlib
import logging
from pathlib import Path

import gradio as gr

from studio.core.i18n import Text
from studio.core.workspace import Workspace
from studio.data import Limits
from studio.data.scrub import ScrubbingFormatter
from studio.ui.context import PageLoad, Pulses, UIContext

ASSETS = Path(__file__).resolve().parent.parent.parent / "assets"
PULSE_JS = ASSETS / "pulse.js"
TOASTS_JS = ASSETS / "toasts.js"

TABS = [  # (module, factory, zh, en, elem id)
    ("start_tab", "create_start_tab", "开始", "Start", "tab-start"),
    ("data_tab", "create_data_tab", "① 数据", "① Data", "tab-data"),
    ("annotate_tab", "create_annotate_tab", "② 标注", "② Annotate", "tab-annotate"),
    ("train_tab", "create_train_tab", "③ 训练", "③ Train", "tab-train"),
    ("models_tab", "create_models_tab", "④ 模型与导出", "④ Models & Export", "tab-models"),
    ("playground_tab", "create_playground_tab", "⑤ 聊天试玩", "⑤ Playground", "tab-playground"),
    ("jobs_tab", "create_jobs_tab", "任务", "Jobs", "tab-jobs"),
]

GUIDE = Text("🧭 向导", "🧭 Guide")
HEADER = Text(
    "## 💞 七夕工作室 · 把通用聊天模型调成温暖体贴的“恋人伴侣”——全部在你自己的电脑上完成",
    "## 💞 Qixi Studio · turn a general chat model into a warm, caring companion, all on your own machine",
)


def build_app(ws: Workspace) -> gr.Blocks:
    ctx = UIContext(ws)
    _setup_logging(ws)
    with gr.Blocks(title="Qixi Studio · 七夕工作室", analytics_enabled=False) as demo:
        ctx.lang_state = gr.BrowserState(ctx.lang, storage_key="qixi-lang")
        # Refresh triggers instead of timers: assets/pulse.js clicks the bar's and the open tab's
        # button when the workspace changed (studio/jobs/pulse.py says why). Outside the tabs, so they
        # exist before a tab is first opened.
        with gr.Row(elem_classes="qx-pulse"):
            ctx.pulse = Pulses(
                **{
                    key.removeprefix("tab-"): gr.Button(f"pulse {key}", elem_id=f"pulse-{key}", min_width=0)
                    for key in ["bar", *[t[4] for t in TABS]]
                }
            )
        with gr.Row(elem_id="header", equal_height=True):
            ctx.tr(gr.Markdown(HEADER(ctx.lang)), value=HEADER)
            lang = gr.Radio(
                choices=[("中文", "zh"), ("English", "en")],
                value=ctx.lang,
                show_label=False,
                container=False,
                scale=0,
                min_width=180,
                elem_id="lang-switch",
                interactive=False,
            )  # until the page's load has run (_wire_language)
            # Reopens the first-run guide (studio/ui/start_tab.py wires it).
            ctx.guide_button = ctx.tr(
                gr.Button(GUIDE(ctx.lang), size="sm", scale=0, min_width=90, elem_id="guide-open"), value=GUIDE
            )
        from studio.ui.jobs_tab import create_jobs_bar

        create_jobs_bar(ctx, ctx.pulse.bar)
        tab_objs = []
        with gr.Tabs(elem_id="tabs") as tabs:
            ctx.tabs = tabs  # tab factories switch tabs with gr.update(selected=elem id)
            for module, factory, zh, en, elem_id in TABS:
                with gr.Tab(zh if ctx.lang == "zh" else en, id=elem_id, elem_id=elem_id) as tab:
                    mod = importlib.import_module(f"studio.ui.{module}")
                    getattr(mod, factory)(ctx)
                ctx.tr(tab, label=Text(zh, en))
                tab_objs.append(tab)

        _wire_language(ctx, demo, lang)
        demo.load(None, js=PULSE_JS.read_text(encoding="utf-8"), api_name=False, queue=False)
    return demo


def build_label_app(ws: Workspace) -> gr.Blocks:
    """The labelling card alone, mounted at /label: what a partner's personal link opens. A few dozen
    components instead of the studio's hundreds, so a tap costs the phone little (every event makes
    Gradio's front-end walk all components), and nothing of the owner's desk exists to be called
    from the LAN listener (studio/ui/server.py)."""
    from studio.ui.annotate_tab import create_annotate_tab

    ctx = UIContext(ws)
    with gr.Blocks(title="Qixi Studio · 七夕工作室", analytics_enabled=False) as demo:
        ctx.lang_state = gr.BrowserState(ctx.lang, storage_key="qixi-lang")
        lang = gr.Radio(
            choices=[("中文", "zh"), ("English", "en")],
            value=ctx.lang,
            show_label=False,
            container=False,
            min_width=180,
            elem_id="lang-switch",
            interactive=False,
        )
        create_annotate_tab(ctx, owner=False)
        _wire_language(ctx, demo, lang)
    return demo


def _wire_language(ctx: UIContext, demo: gr.Blocks, lang: gr.Radio) -> None:
    outs = ctx.relabel_outputs()

    def switch(new_lang):
        return [new_lang, *ctx.relabel(new_lang)]

    lang.change(switch, lang, [ctx.lang_state, *outs], api_name="set_language", queue=False).then(
        None, js="() => { if (window.qixiPulseNow) window.qixiPulseNow(); }"
    )

    # The language remembered in this browser, set on the switch (its change relabels the page). On load, and
    # when the stored value arrives: Gradio reads a BrowserState when it mounts, which may be after the load
    # event. The switch opens when the load has run: a language chosen before would be overwritten by the
    # load's answer, written in the language it started with. The arrival is handled in the browser: an
    # answer from the server could land after a click on the switch and turn it back (seen under load).
    def opened(saved):
        # The value only when it differs from what the switch shows: a value written again at the moment the
        # switch opens can undo a click that lands in the same instant.
        return gr.update(interactive=True, **({"value": saved} if saved in ("zh", "en") and saved != ctx.lang else {}))

    ctx.lang_state.change(
        None,
        [ctx.lang_state, lang],
        lang,
        api_name=False,
        queue=False,
        show_progress="hidden",
        js="(saved, shown) => (saved === 'zh' || saved === 'en') ? saved : shown",
    )
    page = PageLoad(demo)
    page.load(opened, ctx.lang_state, lang)
    for hook in ctx.on_load:
        hook(page)
    page.wire()
    demo.load(None, js=TOASTS_JS.read_text(encoding="utf-8"), api_name=False, queue=False)


def mount_kwargs(ws: Workspace) -> dict:
    css_path = ASSETS / "style.css"
    return {
        # System fonts only: the studio works offline and loads nothing from the internet.
        "theme": gr.themes.Soft(
            primary_hue="rose",
            secondary_hue="amber",
            neutral_hue="stone",
            font=["system-ui", "PingFang SC", "Microsoft YaHei", "sans-serif"],
            font_mono=["ui-monospace", "monospace"],
        ),
        "css_paths": [css_path] if css_path.exists() else None,
        "favicon_path": ASSETS / "logo.svg" if (ASSETS / "logo.svg").exists() else None,
        "footer_links": [],
        "ssr_mode": False,  # no Node server: one process, nothing rendered server-side
        "show_error": False,  # errors reach the page as our sentences only
        "allowed_paths": [str(ws.root)],
        # Gradio's own cap sits just above ours, so an oversized file gets our sentence, not Gradio's.
        "max_file_size": Limits().max_file_bytes + 1024 * 1024,
        "i18n": _GRADIO_WORDS,
    }


# Gradio's status tracker announces a finished event to screen readers as `common.complete`, a key its own
# locales lack (6.31), so a raw key was read out on every page; the words are given here.
_GRADIO_WORDS = gr.I18n(
    **{
        loc: {"common": {"complete": word}}
        for loc, word in {"en": "Done", "zh": "完成", "zh-CN": "完成", "zh-TW": "完成", "zh-HK": "完成"}.items()
    }
)


def _setup_logging(ws: Workspace) -> None:
    handler = logging.FileHandler(ws.logs / "ui.log", encoding="utf-8")
    handler.setFormatter(ScrubbingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger("qixi")
    if not any(isinstance(h, logging.FileHandler) for h in root.handlers):
        root.addHandler(handler)
    root.setLevel(logging.INFO)
