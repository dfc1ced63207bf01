"""Playground: chat with a served model through a persona, compare two models blind and vote, save
conversations and turn them into data for the next round.

The page talks to the chat server started on the Models & Export tab, over HTTP (studio.chat); the
safety guard (studio.guard) runs on every message both ways. Widgets become calls into studio.chat,
studio.persona and studio.serve - the same code as `qixi chat`.
"""
from __future__ import annotations

import copy
import html
import re
import time

import gradio as gr

from studio import chat as C
from studio import guard as G
from studio import models as M
from studio import names as N
from studio import persona as P
from studio import serve as S
from studio.i18n import Text, UserError
from studio.ui.context import UIContext
from studio.ui.memory_panel import create_memory_panel
from studio.ui.models_tab import HEALTH_CSS, health_html

X = {
    "intro": Text("**和你的模型聊聊天。** 先在“模型与导出”页启动聊天服务；选一个模型，填好人设，开始聊。"
                  "“并排比较”把同一句话发给两个模型，盲选更好的那条，投票会存成下一轮训练用的偏好对。",
                  "**Chat with your model.** Start the chat server on the Models & Export tab, pick a model, fill in "
                  "a persona and talk. “Side by side” sends one message to two models; pick the better reply blind "
                  "and the vote becomes a preference pair for the next round."),
    "model": Text("模型", "Model"),
    "no_server": Text("先在“④ 模型与导出”页选一个模型，点“▶️ 启动服务”；灯变绿后回到这里聊天。",
                      "On ④ Models & Export pick a model and press “▶️ Start server”; once the light is green, "
                      "chat here."),
    "chat_tab": Text("💬 聊天", "💬 Chat"), "compare_tab": Text("⚖️ 并排比较", "⚖️ Side by side"),
    "saved_tab": Text("🗂️ 保存的对话", "🗂️ Saved chats"),
    "chatbot": Text("对话", "Conversation"), "msg": Text("说点什么…", "Say something…"),
    "send": Text("发送", "Send"), "regen": Text("🔁 重新生成", "🔁 Regenerate"), "clear": Text("🧹 新对话", "🧹 New chat"),
    "save": Text("💾 保存对话", "💾 Save chat"), "title": Text("对话标题（可选）", "Title (optional)"),
    "saved": Text("已保存对话 #{id}：{title}", "Saved conversation #{id}: {title}"),
    "persona": Text("🎭 人设", "🎭 Persona"), "gen": Text("🎛️ 生成设置", "🎛️ Generation"),
    "safety": Text("🛡️ 安全守护", "🛡️ Safety guard"),
    "bot_name": Text("伴侣的名字", "Companion's name"), "user_name": Text("你的名字", "Your name"),
    "nicknames": Text("昵称（逗号分隔）", "Nicknames (comma separated)"),
    "likes": Text("喜欢（逗号分隔）", "Likes (comma separated)"), "dislikes": Text("不喜欢（逗号分隔）", "Dislikes (comma separated)"),
    "memories": Text("共同的回忆（每行一条）", "Shared memories (one per line)"),
    "tone": Text("语气", "Tone"), "boundaries": Text("你的边界（每行一条）", "Your boundaries (one per line)"),
    "reply_lang": Text("回复语言", "Reply language"),
    "persona_pick": Text("已保存的人设（选中即读取）", "Saved personas (pick one to load it)"),
    "p_save": Text("💾 保存人设", "💾 Save persona"), "p_apply": Text("✨ 使用这个人设", "✨ Use this persona"),
    "p_export": Text("📤 导出角色卡（SillyTavern V2）", "📤 Export card (SillyTavern V2)"),
    "p_import": Text("📥 导入角色卡（.json / .png）", "📥 Import card (.json / .png)"),
    "p_saved": Text("人设已保存：{path}", "Persona saved: {path}"),
    "p_applied": Text("已使用人设“{name}”：新对话开始了。", "Using persona “{name}”: a new chat has started."),
    "system": Text("系统提示词（人设生成，也可以直接改）", "System prompt (from the persona; you may edit it)"),
    "temperature": Text("温度", "Temperature"), "top_p": Text("top-p", "top-p"), "max_tokens": Text("最长回复（token）", "Longest reply (tokens)"),
    "ceiling": Text("情绪强度上限（越低越克制）", "Emotional-intensity ceiling (lower = calmer)"),
    "keywords": Text("屏蔽词（逗号分隔）", "Blocked words (comma separated)"),
    "model_a": Text("模型 A", "Model A"), "model_b": Text("模型 B", "Model B"),
    "blind": Text("盲选（投票前不显示是哪个模型）", "Blind (hide which model is which until you vote)"),
    "compare": Text("⚖️ 同时发给两个", "⚖️ Send to both"),
    "left_better": Text("👈 左边更好", "👈 Left is better"), "right_better": Text("右边更好 👉", "Right is better 👉"),
    "tie": Text("🤝 差不多", "🤝 About the same"), "both_bad": Text("👎 都不好", "👎 Both bad"),
    "voted": Text("🗳️ 已记录：左边是 **{left}**，右边是 **{right}**。投票存进了标注项目“{project}”（第 {item} 条），"
                  "可以在“标注”页导出为偏好对。",
                  "🗳️ Recorded: left was **{left}**, right was **{right}**. The vote is in annotation project "
                  "“{project}” (item {item}); export it as preference pairs on the Annotate tab."),
    "hidden": Text("模型 {x}", "Model {x}"),
    "one_model": Text("聊天服务现在只提供一个模型，并排比较需要两个不同的模型（同一个模型和自己比没有意义）。",
                      "The chat server offers one model now; side by side needs two different models (a model "
                      "compared with itself tells nothing)."),
    "more_runs": Text("还有 {n} 次训练没有加载（{names}）。点“{button}”，聊天服务会用基础模型加上每次训练重新启动，"
                      "每次训练一个模型名，就能比较训练前后了。",
                      "{n} training run(s) are not loaded ({names}). Press “{button}”: the chat server restarts as "
                      "the base model with every run, each under its own name, so you can compare before and after "
                      "training."),
    "train_first": Text("还没有在这个基础模型上训练过：先在“③ 训练”页训练一次，再回来比较训练前后。",
                        "Nothing has been trained on this base model yet: train once on ③ Train, then come back "
                        "to compare before and after."),
    "serve_all": Text("🔁 提供基础模型和所有训练", "🔁 Serve the base and every run"),
    "restarting": Text("聊天服务正在用基础模型和所有训练重新启动：指示灯变绿后，模型 A / B 里就有它们了。",
                       "The chat server is restarting with the base model and every run: once the light is green, "
                       "Model A / B list them."),
    "conv_pick": Text("选择对话", "Choose conversations"), "open": Text("📂 打开", "📂 Open"),
    "ds_kind": Text("做成", "Make"), "ds_name": Text("数据集名称（可选）", "Dataset name (optional)"),
    "make_ds": Text("🧺 做成数据集", "🧺 Make a dataset"),
    "ds_done": Text("✅ 已生成数据集 {id}（{n} 条）：在“数据”和“训练”页可以用它。",
                    "✅ Dataset {id} created ({n} rows): use it on the Data and Train tabs."),
    "no_saved": Text("还没有保存的对话。", "No saved conversations yet."),
    "edit_hint": Text("提示：点模型回复上的 ✏️ 可以改写它；改过的回复会成为下一轮的“更好回复”。",
                      "Tip: press ✏️ on a model reply to rewrite it; your rewrite becomes the “better reply” next round."),
}
DS_KINDS = [(Text("SFT 样本（整段对话）", "SFT samples (whole chats)"), "sft"),
            (Text("偏好对（你改写或重新生成过的回复）", "Preference pairs (replies you rewrote or regenerated)"), "pairs")]

PLAY_CSS = """
.qx-cmp { border:2px solid #e7e5e4; border-radius:14px; padding:12px 14px; background:#fff; min-height:120px; }
.qx-cmp .who { font-size:13px; font-weight:700; color:#e11d48; margin-bottom:6px; letter-spacing:.02em; }
.qx-cmp .txt { font-size:16px; line-height:1.6; white-space:pre-wrap; overflow-wrap:anywhere; color:#292524; }
.qx-cmp .note { font-size:12px; color:#78716c; margin-top:8px; }
.qx-cmp.win { border-color:#e11d48; background:#fff1f2; }
.qx-cmp.typing .txt::after { content:'▍'; color:#fb7185; animation: qxblink 1s steps(1) infinite; }
@keyframes qxblink { 50% { opacity:0; } }
"""


def _split(text: str | None, lines: bool = False) -> list[str]:
    parts = (text or "").splitlines() if lines else re.split(r"[,，、;；\n]+", text or "")
    return [p.strip() for p in parts if p.strip()]


def _text_of(value) -> str:
    """The text of a Chatbot message value (a string, or content parts as Gradio sends them)."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        return _text_of(value.get("text", value.get("content", "")))
    if isinstance(value, (list, tuple)):
        return "".join(_text_of(v) for v in value)
    return ""


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\ufffd]")


def _shown(text: str) -> str:
    """Text as a bubble shows it: control characters and the "�" of half a character (a half-trained
    byte-level model emits both) dropped."""
    return _CONTROL.sub("", text)


def render(conv: C.Conversation | None, lang: str) -> list[dict]:
    """Turns as Chatbot messages (one message per turn, so an edit's index is the turn's index)."""
    if conv is None:
        return []
    out = []
    for t in conv.turns:
        if t.role == "notice":
            # Gradio's Chatbot does not show "system" messages: a notice is a quoted assistant bubble.
            quoted = "\n".join(f"> {line}" if line.strip() else ">" for line in t.content.splitlines())
            out.append({"role": "assistant", "content": f"> ℹ️ {quoted[2:]}" if quoted.startswith("> ") else quoted})
            continue
        text = t.content
        if t.role == "user" and t.held_back:
            text += f"\n\n*{C.GUARD_NOTES['block'](lang)}*"
        elif t.role == "assistant" and t.guard:
            key = {"crisis": "crisis", "replace": "replace"}.get(t.guard.get("action"))
            if key:
                text += f"\n\n*{C.GUARD_NOTES[key](lang)}*"
        elif t.role == "assistant" and t.original:
            text += "\n\n*✏️*"
        out.append({"role": t.role, "content": _shown(text) or "…"})
    return out


def compare_card(label: str, text: str, note: str = "", typing: bool = False, win: bool = False) -> str:
    cls = "qx-cmp" + (" typing" if typing else "") + (" win" if win else "")
    note_html = f'<div class="note">{html.escape(note)}</div>' if note else ""
    return (f'<div class="{cls}"><div class="who">{html.escape(label)}</div>'
            f'<div class="txt">{html.escape(_shown(text))}</div>{note_html}</div>')


def create_playground_tab(ctx: UIContext) -> None:
    ws = ctx.ws
    pulse = ctx.pulse["tab-playground"]    # clicked when the workspace changed (studio/pulse.py)
    conv_state = gr.State(None)
    comp_state = gr.State(None)
    greeting_state = gr.State("")
    known_models = gr.State([])
    ctx.tr(gr.Markdown(X["intro"](ctx.lang)), value=X["intro"])
    with gr.Row(equal_height=True):
        health = gr.HTML(health_html(None, ctx.lang, hint=X["no_server"]), css_template=HEALTH_CSS,
                         elem_id="play-health", scale=3,
                         min_width=260)
        model = ctx.tr(gr.Dropdown(label=X["model"](ctx.lang), choices=[], scale=2, min_width=220,
                                   elem_id="play-model"), label=X["model"])

    with gr.Tabs(elem_id="play-tabs") as play_tabs:
        with gr.Tab(X["chat_tab"](ctx.lang), id="play-chat") as chat_tab:
            with gr.Row(equal_height=False):
                with gr.Column(scale=3, min_width=300):
                    chatbot = ctx.tr(gr.Chatbot(label=X["chatbot"](ctx.lang), height=520, editable="all",
                                                elem_id="play-chatbot", buttons=["copy"], autoscroll=True,
                                                group_consecutive_messages=False),
                                     label=X["chatbot"])
                    with gr.Row(equal_height=True):
                        msg = ctx.tr(gr.Textbox(placeholder=X["msg"](ctx.lang), label=X["msg"](ctx.lang), show_label=False, scale=5,
                                                lines=1, max_lines=4, elem_id="play-msg", submit_btn=False),
                                     placeholder=X["msg"], label=X["msg"])
                        send = ctx.tr(gr.Button(X["send"](ctx.lang), variant="primary", scale=1, min_width=80,
                                                elem_id="play-send"), value=X["send"])
                    with gr.Row():
                        regen = ctx.tr(gr.Button(X["regen"](ctx.lang), size="sm", elem_id="play-regen"),
                                       value=X["regen"])
                        clear = ctx.tr(gr.Button(X["clear"](ctx.lang), size="sm", elem_id="play-clear"),
                                       value=X["clear"])
                    note = gr.Markdown(elem_id="play-note")
                    with gr.Row(equal_height=True):
                        # A label even when hidden: Gradio reads it to screen readers ("Textbox" otherwise).
                        title = ctx.tr(gr.Textbox(placeholder=X["title"](ctx.lang), label=X["title"](ctx.lang),
                                                  show_label=False, scale=3, elem_id="play-title"),
                                       placeholder=X["title"], label=X["title"])
                        save = ctx.tr(gr.Button(X["save"](ctx.lang), size="sm", scale=1, min_width=110,
                                                elem_id="play-save"), value=X["save"])
                    ctx.tr(gr.Markdown(X["edit_hint"](ctx.lang)), value=X["edit_hint"])
                    with ctx.tr(gr.Accordion(X["gen"](ctx.lang), open=False), label=X["gen"]):
                        temperature = ctx.tr(gr.Slider(0, 2, value=0.7, step=0.05, label=X["temperature"](ctx.lang)),
                                             label=X["temperature"])
                        top_p = ctx.tr(gr.Slider(0.05, 1, value=0.9, step=0.05, label=X["top_p"](ctx.lang)),
                                       label=X["top_p"])
                        max_tokens = ctx.tr(gr.Slider(16, 2048, value=256, step=16, label=X["max_tokens"](ctx.lang),
                                                      elem_id="play-max-tokens"),
                                            label=X["max_tokens"])
                    with ctx.tr(gr.Accordion(X["safety"](ctx.lang), open=False), label=X["safety"]):
                        ceiling = ctx.tr(gr.Slider(0, 1, value=0.8, step=0.05, label=X["ceiling"](ctx.lang)),
                                         label=X["ceiling"])
                        keywords = ctx.tr(gr.Textbox(label=X["keywords"](ctx.lang), elem_id="play-keywords"),
                                          label=X["keywords"])
                with gr.Column(scale=2, min_width=280):
                    with ctx.tr(gr.Accordion(X["persona"](ctx.lang), open=True, elem_id="play-persona"),
                                label=X["persona"]):
                        p_pick = ctx.tr(gr.Dropdown(label=X["persona_pick"](ctx.lang), choices=[],
                                                    elem_id="play-persona-pick"), label=X["persona_pick"])
                        with gr.Row():
                            bot_name = ctx.tr(gr.Textbox(label=X["bot_name"](ctx.lang), placeholder="小七",
                                                         elem_id="play-bot-name"), label=X["bot_name"])
                            user_name = ctx.tr(gr.Textbox(label=X["user_name"](ctx.lang), placeholder="阿杰",
                                                          elem_id="play-user-name"), label=X["user_name"])
                        nicknames = ctx.tr(gr.Textbox(label=X["nicknames"](ctx.lang), placeholder="宝贝, 小笨蛋",
                                                      elem_id="play-nicknames"), label=X["nicknames"])
                        with gr.Row():
                            likes = ctx.tr(gr.Textbox(label=X["likes"](ctx.lang), placeholder="奶茶, 猫",
                                                      elem_id="play-likes"), label=X["likes"])
                            dislikes = ctx.tr(gr.Textbox(label=X["dislikes"](ctx.lang), placeholder="香菜",
                                                         elem_id="play-dislikes"), label=X["dislikes"])
                        memories = ctx.tr(gr.Textbox(label=X["memories"](ctx.lang), lines=2,
                                                     placeholder="2023 年七夕一起看了烟花", elem_id="play-memories"),
                                          label=X["memories"])
                        with gr.Row():
                            tone = ctx.tr(gr.Dropdown(label=X["tone"](ctx.lang), allow_custom_value=True,
                                                      choices=[(t(ctx.lang), k) for k, t in P.TONES.items()],
                                                      value="gentle", elem_id="play-tone"), label=X["tone"])
                            reply_lang = ctx.tr(gr.Radio(choices=[("中文", "zh"), ("English", "en")], value=ctx.lang,
                                                         label=X["reply_lang"](ctx.lang)), label=X["reply_lang"])
                        boundaries = ctx.tr(gr.Textbox(label=X["boundaries"](ctx.lang), lines=2,
                                                       elem_id="play-boundaries"), label=X["boundaries"])
                        with gr.Row():
                            p_apply = ctx.tr(gr.Button(X["p_apply"](ctx.lang), variant="primary", size="sm",
                                                       elem_id="play-persona-apply"), value=X["p_apply"])
                            p_save = ctx.tr(gr.Button(X["p_save"](ctx.lang), size="sm", elem_id="play-persona-save"),
                                            value=X["p_save"])
                        with gr.Row():
                            p_export = ctx.tr(gr.Button(X["p_export"](ctx.lang), size="sm"), value=X["p_export"])
                            p_import = ctx.tr(gr.UploadButton(X["p_import"](ctx.lang), size="sm",
                                                              file_types=[".json", ".png"]), label=X["p_import"])
                        card_file = gr.File(visible=False, interactive=False, elem_id="play-card-file")
                        system = ctx.tr(gr.Textbox(label=X["system"](ctx.lang), lines=3, max_lines=8,
                                                   elem_id="play-system"), label=X["system"])
                    create_memory_panel(ctx, bot_name)
        ctx.tr(chat_tab, label=X["chat_tab"])

        with gr.Tab(X["compare_tab"](ctx.lang), id="play-compare") as compare_tab:
            with gr.Row(equal_height=True):
                model_a = ctx.tr(gr.Dropdown(label=X["model_a"](ctx.lang), choices=[], elem_id="cmp-a"),
                                 label=X["model_a"])
                model_b = ctx.tr(gr.Dropdown(label=X["model_b"](ctx.lang), choices=[], elem_id="cmp-b"),
                                 label=X["model_b"])
                blind = ctx.tr(gr.Checkbox(value=True, label=X["blind"](ctx.lang), elem_id="cmp-blind"),
                               label=X["blind"])
            with gr.Row(equal_height=True):
                cmp_hint = gr.Markdown(elem_id="cmp-hint")
                serve_all = ctx.tr(gr.Button(X["serve_all"](ctx.lang), size="sm", visible=False, scale=0,
                                             min_width=220, elem_id="cmp-serve-all"), value=X["serve_all"])
            with gr.Row(equal_height=True):
                cmp_msg = ctx.tr(gr.Textbox(placeholder=X["msg"](ctx.lang), label=X["msg"](ctx.lang), show_label=False, scale=5,
                                            elem_id="cmp-msg"), placeholder=X["msg"])
                cmp_send = ctx.tr(gr.Button(X["compare"](ctx.lang), variant="primary", scale=2, elem_id="cmp-send"),
                                  value=X["compare"])
            with gr.Row(equal_height=True):
                left = gr.HTML(compare_card("A", ""), css_template=PLAY_CSS, elem_id="cmp-left", min_width=260)
                right = gr.HTML(compare_card("B", ""), css_template=PLAY_CSS, elem_id="cmp-right", min_width=260)
            with gr.Row():
                vote_btns = {}
                for key in ("left", "tie", "both_bad", "right"):
                    label = X["left_better" if key == "left" else "right_better" if key == "right" else key]
                    vote_btns[key] = ctx.tr(gr.Button(label(ctx.lang), interactive=False, min_width=120,
                                                      variant="primary" if key in ("left", "right") else "secondary",
                                                      elem_id=f"cmp-vote-{key}"), value=label)
            vote_note = gr.Markdown(elem_id="cmp-result")
        ctx.tr(compare_tab, label=X["compare_tab"])

        with gr.Tab(X["saved_tab"](ctx.lang), id="play-saved") as saved_tab:
            saved_empty = ctx.tr(gr.Markdown(X["no_saved"](ctx.lang)), value=X["no_saved"])
            convs = ctx.tr(gr.CheckboxGroup(label=X["conv_pick"](ctx.lang), choices=[], elem_id="saved-convs"),
                           label=X["conv_pick"])
            with gr.Row(equal_height=True):
                open_btn = ctx.tr(gr.Button(X["open"](ctx.lang), size="sm"), value=X["open"])
                ds_kind = ctx.tr(gr.Radio(choices=[(t(ctx.lang), v) for t, v in DS_KINDS], value="sft",
                                          label=X["ds_kind"](ctx.lang), scale=3),
                                 label=X["ds_kind"], choices=lambda lang: [(t(lang), v) for t, v in DS_KINDS])
                ds_name = ctx.tr(gr.Textbox(label=X["ds_name"](ctx.lang), scale=2), label=X["ds_name"])
                make_ds = ctx.tr(gr.Button(X["make_ds"](ctx.lang), variant="primary", scale=1), value=X["make_ds"])
            ds_note = gr.Markdown()
        ctx.tr(saved_tab, label=X["saved_tab"])

    # ------------------------------------------------------------------------------ helpers
    con = ctx.db      # one connection per handler thread, not one per message

    def endpoint() -> C.Endpoint:
        dep = S.current(ws, ctx.jobs)
        if dep is None:
            raise UserError("还没有启动聊天服务：请先在“模型与导出”页点“启动服务”，等指示灯变绿。",
                            "No chat server is running: press “Start server” on the Models & Export tab and wait "
                            "for the green light.")
        return S.endpoint(dep)

    def gen(t, p, m) -> C.GenSettings:
        return C.GenSettings(float(t), float(p), int(m))

    def guard_settings(c, k) -> G.GuardSettings:
        return G.GuardSettings.from_strings(float(c), k or "")

    def persona_from(bn, un, nick, lk, dlk, mem, tn, rl, bd) -> P.Persona:
        return P.Persona(bot_name=(bn or "").strip(), user_name=(un or "").strip(), nicknames=_split(nick),
                         likes=_split(lk), dislikes=_split(dlk), memories=_split(mem, lines=True),
                         tone=(tn or "gentle").strip(), boundaries=_split(bd, lines=True), language=rl or "zh")

    def persona_fields(p: P.Persona) -> list:
        return [p.bot_name, p.user_name, ", ".join(p.nicknames), ", ".join(p.likes), ", ".join(p.dislikes),
                "\n".join(p.memories), p.tone, p.language, "\n".join(p.boundaries)]

    # ------------------------------------------------------------------------------ server / models
    def servers(lang, current, a, b, known):
        dep = S.current(ws, ctx.jobs)
        h = S.health(dep) if dep else None
        names = dep.models if dep is not None and h is not None and h.ok else []
        html_out = health_html(dep, lang, h, None if dep else S.last_failure(ws, ctx.jobs), X["no_server"])
        runs = S.unserved_runs(ws, dep, ctx.jobs) if names else []
        seen = [names, [e.id for e in runs]]
        if seen == known:
            return html_out, gr.skip(), gr.skip(), gr.skip(), gr.skip(), gr.skip(), known
        pick = current if current in names else (names[-1] if names else None)
        # Two different models when there are two: the base on the left, the newest run on the right.
        pa = a if a in names else (names[0] if names else None)
        others = [n for n in names if n != pa]
        pb = b if b in others else (others[-1] if others else None)
        shown = N.served(ws, dep, lang) if names else {}     # plain names, the served name as the detail
        opts = [(shown.get(n, n), n) for n in names]
        return (html_out, gr.update(choices=opts, value=pick), gr.update(choices=opts, value=pa),
                gr.update(choices=opts, value=pb), compare_hint(lang, names, runs),
                gr.update(visible=bool(runs)), seen)

    def compare_hint(lang, names, runs) -> str:
        """Why the side by side cannot compare yet, or which runs it could add (empty when all is well)."""
        if not names:
            return ""
        parts = [X["one_model"](lang)] if len(names) < 2 else []
        if runs:
            named = N.plain_names(ws, M.list_models(ws, ctx.jobs), lang)
            listed = "、".join(named[e.id].name if e.id in named else e.name for e in runs[:4]) + \
                ("…" if len(runs) > 4 else "")
            parts.append(X["more_runs"](lang, n=len(runs), names=listed, button=X["serve_all"](lang)))
        elif len(names) < 2:
            parts.append(X["train_first"](lang))
        return ("" if lang == "zh" else " ").join(f"ℹ️ {p}" if i == 0 else p for i, p in enumerate(parts))

    def do_serve_all(lang):
        S.serve_all_runs(ws, ctx.jobs)
        gr.Info(X["restarting"](lang))
        return gr.update(visible=False), X["restarting"](lang)

    # ------------------------------------------------------------------------------ chat
    def fresh(lang, model_name, system_prompt, greeting, t, p, m) -> C.Conversation:
        return C.new_conversation(model=model_name or "", system=system_prompt or "", greeting=greeting or "",
                                  settings=gen(t, p, m), lang=lang)

    def streamed(lang, steps, on_error):
        """Run a reply's steps; if the server breaks off, put the page back as it was and say why
        (a warning and a note, not an error state that would hide the conversation)."""
        try:
            yield from steps
        except (C.ReplyBroken, C.TooLong) as e:
            why = (e if isinstance(e, C.TooLong) else S.explain(S.current(ws, ctx.jobs), e)).text(lang)
            gr.Warning(why)
            yield on_error(f"⚠️ {why}")

    def do_send(lang, conv, text, model_name, system_prompt, greeting, t, p, m, c, k, persona_name):
        if not (text or "").strip():
            raise UserError("消息是空的：先写点什么再发送。", "The message is empty: write something first.")
        if not model_name:
            raise UserError("还没有选模型：先在“模型与导出”页启动聊天服务，再在上面选一个模型。",
                            "No model chosen: start the chat server on the Models & Export tab, then pick a model above.")
        work = copy.deepcopy(conv) if conv is not None else fresh(lang, model_name, system_prompt, greeting, t, p, m)
        work.model, work.system, work.settings = model_name, system_prompt or "", gen(t, p, m)
        work.persona = (persona_name or "").strip()
        ep = endpoint()
        yield render(work, lang), work, "", ""
        steps = C.send(work, text, ep, guard_settings(c, k), lang, memory_db=con())
        for step in streamed(lang, steps, lambda why: (render(conv, lang), conv, text, why)):
            if isinstance(step, C.Step):
                yield render(work, lang), work, "", step.note(lang) if step.note else ""
            else:
                yield step

    def do_regen(lang, conv, model_name, system_prompt, t, p, m, c, k):
        if conv is None:
            raise UserError("还没有可以重新生成的回复：先发一条消息。", "There is no reply to regenerate: send a message first.")
        work = copy.deepcopy(conv)
        work.model, work.system, work.settings = model_name or work.model, system_prompt or "", gen(t, p, m)
        steps = C.regenerate(work, endpoint(), guard_settings(c, k), lang, memory_db=con())
        for step in streamed(lang, steps, lambda why: (render(conv, lang), conv, why)):
            if isinstance(step, C.Step):
                yield render(work, lang), work, step.note(lang) if step.note else ""
            else:
                yield step

    def do_clear(lang, model_name, system_prompt, greeting, t, p, m):
        conv = fresh(lang, model_name, system_prompt, greeting, t, p, m)
        return render(conv, lang), conv, ""

    def do_edit(lang, conv, evt: gr.EditData):
        if conv is None:
            return [], None
        work = copy.deepcopy(conv)
        index = evt.index if isinstance(evt.index, int) else evt.index[0]
        C.edit(work, index, _text_of(evt.value).split("\n\n*")[0])   # our own note is not part of the reply
        return render(work, lang), work

    def do_save(lang, conv, title_text):
        if conv is None or not any(t.role == "user" for t in conv.turns):
            raise UserError("这段对话还是空的，先聊几句再保存。", "This chat is still empty: say something before saving.")
        work = copy.deepcopy(conv)
        cid = C.save(con(), work, title_text or None)
        gr.Info(X["saved"](lang, id=cid, title=work.title))
        return work, *saved_list(lang)

    # ------------------------------------------------------------------------------ personas
    def persona_names(lang):
        return gr.update(choices=P.list_personas(ws))

    def do_p_load(lang, name):
        if not name:
            raise UserError("先选一个保存过的人设。", "Choose a saved persona first.")
        return persona_fields(P.load_persona(ws, name))

    def do_p_save(lang, *fields):
        p = persona_from(*fields)
        path = P.save_persona(ws, p)
        gr.Info(X["p_saved"](lang, path=path.relative_to(ws.root)))
        return gr.update(choices=P.list_personas(ws), value=path.stem)

    def do_p_apply(lang, model_name, t, pp, m, *fields):
        p = persona_from(*fields)
        prompt, greeting = p.system_prompt(p.language), p.first_message(p.language)
        conv = fresh(lang, model_name, prompt, greeting, t, pp, m)
        conv.persona = p.bot_name
        gr.Info(X["p_applied"](lang, name=p.bot_name))
        return prompt, greeting, render(conv, lang), conv

    def do_p_export(lang, *fields):
        p = persona_from(*fields)
        path = P.export_card(ws, p, lang=p.language)
        return gr.update(value=str(path), visible=True)

    def do_p_import(lang, upload):
        if upload is None:
            raise UserError("没有收到文件。", "No file was received.")
        from studio.data.store import remove_staged, stage_upload
        staged = stage_upload(ws, upload if isinstance(upload, str) else upload.name)
        try:
            return persona_fields(P.import_card(ws, staged))
        finally:   # the card is read; no copy stays in uploads/
            remove_staged(ws, [staged])

    # ------------------------------------------------------------------------------ compare
    def labels(comp: C.Comparison | None, lang: str) -> tuple[str, str]:
        if comp is None or (comp.blind and comp.vote is None):
            return X["hidden"](lang, x="A"), X["hidden"](lang, x="B")
        dep = S.current(ws, ctx.jobs)
        shown = N.served(ws, dep, lang) if dep is not None else {}
        return shown.get(comp.left_model, comp.left_model), shown.get(comp.right_model, comp.right_model)

    def guard_note(g: dict | None, lang: str) -> str:
        if not g:
            return ""
        key = {"crisis": "crisis", "block": "block", "replace": "replace"}.get(g.get("action"))
        return C.GUARD_NOTES[key](lang) if key else ""

    def cards(comp: C.Comparison | None, lang: str) -> tuple[str, str]:
        if comp is None:
            return compare_card("A", ""), compare_card("B", "")
        la, lb = labels(comp, lang)
        win_l = comp.vote == "left"
        win_r = comp.vote == "right"
        return (compare_card(la, comp.left, guard_note(comp.left_guard, lang), not comp.done, win_l),
                compare_card(lb, comp.right, guard_note(comp.right_guard, lang), not comp.done, win_r))

    def voting(enabled: bool) -> list:
        return [gr.update(interactive=enabled) for _ in vote_btns]

    def do_compare(lang, text, a, b, is_blind, system_prompt, t, p, m, c, k):
        ep = endpoint()
        comp = None
        frames = C.compare(ep, text, a, b, system_prompt or "", gen(t, p, m), guard_settings(c, k), bool(is_blind), lang)
        for comp in streamed(lang, frames, lambda why: (*cards(None, lang), None, *voting(False), why)):
            if not isinstance(comp, C.Comparison):
                yield comp      # the server broke off: the page as it was, and why
                return
            yield (*cards(comp, lang), comp, *voting(False), "")
        can_vote = comp is not None and comp.done and not comp.crisis and not (
            comp.left_guard and comp.left_guard.get("action") == "block")
        yield (*cards(comp, lang), comp, *voting(can_vote), "")

    def do_vote(lang, comp, choice):
        if comp is None:
            raise UserError("先发一条消息给两个模型。", "Send a message to both models first.")
        comp = copy.deepcopy(comp)
        v = C.record_vote(con(), comp, choice)
        left_name, right_name = comp.left_model, comp.right_model
        note_md = X["voted"](lang, left=left_name, right=right_name, project=v.project, item=v.item_id)
        return (*cards(comp, lang), comp, *voting(False), note_md)

    # ------------------------------------------------------------------------------ saved chats
    def saved_list(lang):
        rows = C.list_conversations(con())
        opts = [(f"#{r.id} · {r.title} · {r.messages} · {time.strftime('%m-%d %H:%M', time.localtime(r.updated_at))}",
                 r.id) for r in rows]
        return gr.update(choices=opts, value=[]), gr.update(visible=not rows)

    def do_open(lang, ids):
        if not ids:
            raise UserError("先勾选一段对话。", "Tick a conversation first.")
        conv = C.load(con(), int(ids[0]))
        return render(conv, lang), conv, conv.system, conv.title, gr.update(selected="play-chat")

    def do_make_ds(lang, ids, kind, name):
        result = C.to_dataset(ws, con(), [int(i) for i in ids or []], kind, name or None)
        counts = result.dataset.card.get("counts", {})
        return X["ds_done"](lang, id=result.dataset.id, n=counts.get("kept", counts.get("train", "?")))

    # ------------------------------------------------------------------------------ wiring
    lang = ctx.lang_state
    pfields = [bot_name, user_name, nicknames, likes, dislikes, memories, tone, reply_lang, boundaries]
    server_outs = [health, model, model_a, model_b, cmp_hint, serve_all, known_models]
    pulse.click(ctx.safe(servers), [lang, model, model_a, model_b, known_models], server_outs,
               api_name="play_servers", show_progress="hidden", queue=False)

    send_inputs = [lang, conv_state, msg, model, system, greeting_state, temperature, top_p, max_tokens, ceiling,
                   keywords, bot_name]
    send_outs = [chatbot, conv_state, msg, note]
    send.click(ctx.safe(do_send), send_inputs, send_outs, api_name="play_send")
    msg.submit(ctx.safe(do_send), send_inputs, send_outs, api_name=False)
    regen.click(ctx.safe(do_regen), [lang, conv_state, model, system, temperature, top_p, max_tokens, ceiling,
                                        keywords], [chatbot, conv_state, note], api_name="play_regenerate")
    clear.click(ctx.safe(do_clear), [lang, model, system, greeting_state, temperature, top_p, max_tokens],
                [chatbot, conv_state, note], api_name="play_clear")
    chatbot.edit(ctx.safe(do_edit), [lang, conv_state], [chatbot, conv_state], api_name="play_edit")

    p_pick.input(ctx.safe(do_p_load), [lang, p_pick], pfields, api_name="persona_load")
    p_save.click(ctx.safe(do_p_save), [lang, *pfields], p_pick, api_name="persona_save")
    p_apply.click(ctx.safe(do_p_apply), [lang, model, temperature, top_p, max_tokens, *pfields],
                  [system, greeting_state, chatbot, conv_state], api_name="persona_apply")
    p_export.click(ctx.safe(do_p_export), [lang, *pfields], card_file, api_name="persona_export")
    p_import.upload(ctx.safe(do_p_import), [lang, p_import], pfields, api_name="persona_import")

    cmp_outs = [left, right, comp_state, *vote_btns.values(), vote_note]
    cmp_send.click(ctx.safe(do_compare), [lang, cmp_msg, model_a, model_b, blind, system, temperature, top_p,
                                             max_tokens, ceiling, keywords], cmp_outs, api_name="compare_send")
    def voter(choice):
        def vote(lg, comp):
            return do_vote(lg, comp, choice)
        vote.__name__ = f"vote_{choice}"
        return vote

    for key, btn in vote_btns.items():
        btn.click(ctx.safe(voter(key)), [lang, comp_state], cmp_outs, api_name=f"compare_vote_{key}")
    serve_all.click(ctx.safe(do_serve_all), [lang], [serve_all, cmp_hint], api_name="compare_serve_all")

    save.click(ctx.safe(do_save), [lang, conv_state, title], [conv_state, convs, saved_empty], api_name="play_save")
    open_btn.click(ctx.safe(do_open), [lang, convs], [chatbot, conv_state, system, title, play_tabs],
                   api_name="play_open")
    make_ds.click(ctx.safe(do_make_ds), [lang, convs, ds_kind, ds_name], ds_note, api_name="play_make_dataset")

    if ctx.to_chat is not None:     # the Start tab's "Go to the Playground": the chat, not the last sub-tab
        ctx.to_chat.click(lambda: gr.update(selected="play-chat"), None, play_tabs, api_name=False,
                                   queue=False)

    def on_load(demo):
        demo.load(ctx.safe(lambda lg: servers(lg, None, None, None, None)), [lang], server_outs, api_name=False)
        demo.load(ctx.safe(persona_names), [lang], p_pick, api_name=False)
        demo.load(ctx.safe(saved_list), [lang], [convs, saved_empty], api_name=False)
    ctx.on_load.append(on_load)
