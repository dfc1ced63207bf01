"""Playground: chat with a served model through a persona, compare two models blind and vote, save
conversations and turn them into data for the next round.

The page talks to the chat server started on the Models & Export tab, over HTTP (studio.chat.conversations); the
safety guard (studio.chat.guard) runs on every message both ways. Widgets become calls into studio.chat.conversations,
studio.chat.persona and studio.chat.deployments - the same code as `qixi chat`.
"""

from __future__ import annotations

import copy
import html
import re
import time

import gradio as gr

from studio.chat import conversations as C
from studio.chat import deployments as S
from studio.chat import guard as G
from studio.chat import persona as P
from studio.core.i18n import Text, UserError
from studio.models import names as N
from studio.models import registry as M
from studio.ui.context import UIContext, shown_state
from studio.ui.memory_panel import create_memory_panel
from studio.ui.models_tab import HEALTH_CSS, health_html

X = {
    "intro": Text(
        "**和你的模型聊聊天。** 先在“模型与导出”页启动聊天服务；选一个模型，填好人设，开始聊。"
        "“并排比较”把同一句话发给两个模型，盲选更好的那条，投票会存成下一轮训练用的偏好对。",
        "**Chat with your model.** Start the chat server on the Models & Export tab, pick a model, fill in "
        "a persona and talk. “Side by side” sends one message to two models; pick the better reply blind "
        "and the vote becomes a preference pair for the next round.",
    ),
    "model": Text("模型", "Model"),
    "no_server": Text(
        "先在“④ 模型与导出”页选一个模型，点“▶️ 启动服务”；灯变绿后回到这里聊天。",
        "On ④ Models & Export pick a model and press “▶️ Start server”; once the light is green, chat here.",
    ),
    "chat_tab": Text("💬 聊天", "💬 Chat"),
    "compare_tab": Text("⚖️ 并排比较", "⚖️ Side by side"),
    "saved_tab": Text("🗂️ 保存的对话", "🗂️ Saved chats"),
    "chatbot": Text("对话", "Conversation"),
    "msg": Text("说点什么…", "Say something…"),
    "send": Text("发送", "Send"),
    "regen": Text("🔁 重新生成", "🔁 Regenerate"),
    "clear": Text("🧹 新对话", "🧹 New chat"),
    "save": Text("💾 保存对话", "💾 Save chat"),
    "title": Text("对话标题（可选）", "Title (optional)"),
    "saved": Text("已保存对话 #{id}：{title}", "Saved conversation #{id}: {title}"),
    "persona": Text("🎭 人设", "🎭 Persona"),
    "gen": Text("🎛️ 生成设置", "🎛️ Generation"),
    "safety": Text("🛡️ 安全守护", "🛡️ Safety guard"),
    "bot_name": Text("伴侣的名字", "Companion's name"),
    "user_name": Text("你的名字", "Your name"),
    "nicknames": Text("昵称（逗号分隔）", "Nicknames (comma separated)"),
    "likes": Text("喜欢（逗号分隔）", "Likes (comma separated)"),
    "dislikes": Text("不喜欢（逗号分隔）", "Dislikes (comma separated)"),
    "memories": Text("共同的回忆（每行一条）", "Shared memories (one per line)"),
    "tone": Text("语气", "Tone"),
    "boundaries": Text("你的边界（每行一条）", "Your boundaries (one per line)"),
    "reply_lang": Text("回复语言", "Reply language"),
    "persona_pick": Text("已保存的人设（选中即读取）", "Saved personas (pick one to load it)"),
    "p_save": Text("💾 保存人设", "💾 Save persona"),
    "p_apply": Text("✨ 使用这个人设", "✨ Use this persona"),
    "p_export": Text("📤 导出角色卡（SillyTavern V2）", "📤 Export card (SillyTavern V2)"),
    "p_import": Text("📥 导入角色卡（.json / .png）", "📥 Import card (.json / .png)"),
    "p_saved": Text("人设已保存：{path}", "Persona saved: {path}"),
    "p_applied": Text("已使用人设“{name}”：新对话开始了。", "Using persona “{name}”: a new chat has started."),
    "system": Text("系统提示词（人设生成，也可以直接改）", "System prompt (from the persona; you may edit it)"),
    "temperature": Text("温度", "Temperature"),
    "top_p": Text("top-p", "top-p"),
    "max_tokens": Text("最长回复（token）", "Longest reply (tokens)"),
    "ceiling": Text("情绪强度上限（越低越克制）", "Emotional-intensity ceiling (lower = calmer)"),
    "keywords": Text("屏蔽词（逗号分隔）", "Blocked words (comma separated)"),
    "model_a": Text("模型 A", "Model A"),
    "model_b": Text("模型 B", "Model B"),
    "blind": Text("盲选（投票前不显示是哪个模型）", "Blind (hide which model is which until you vote)"),
    "compare": Text("⚖️ 同时发给两个", "⚖️ Send to both"),
    "left_better": Text("👈 左边更好", "👈 Left is better"),
    "right_better": Text("右边更好 👉", "Right is better 👉"),
    "tie": Text("🤝 差不多", "🤝 About the same"),
    "both_bad": Text("👎 都不好", "👎 Both bad"),
    "voted": Text(
        "🗳️ 已记录：左边是 **{left}**，右边是 **{right}**。投票存进了标注项目“{project}”（第 {item} 条），"
        "可以在“标注”页导出为偏好对。",
        "🗳️ Recorded: left was **{left}**, right was **{right}**. The vote is in annotation project "
        "“{project}” (item {item}); export it as preference pairs on the Annotate tab.",
    ),
    "hidden": Text("模型 {x}", "Model {x}"),
    "one_model": Text(
        "聊天服务现在只提供一个模型，并排比较需要两个不同的模型（同一个模型和自己比没有意义）。",
        "The chat server offers one model now; side by side needs two different models (a model "
        "compared with itself tells nothing).",
    ),
    "more_runs": Text(
        "还有 {n} 次训练没有加载（{names}）。点“{button}”，聊天服务会用基础模型加上每次训练重新启动，"
        "每次训练一个模型名，就能比较训练前后了。",
        "{n} training run(s) are not loaded ({names}). Press “{button}”: the chat server restarts as "
        "the base model with every run, each under its own name, so you can compare before and after "
        "training.",
    ),
    "train_first": Text(
        "还没有在这个基础模型上训练过：先在“③ 训练”页训练一次，再回来比较训练前后。",
        "Nothing has been trained on this base model yet: train once on ③ Train, then come back "
        "to compare before and after.",
    ),
    "serve_all": Text("🔁 提供基础模型和所有训练", "🔁 Serve the base and every run"),
    "restarting": Text(
        "聊天服务正在用基础模型和所有训练重新启动：指示灯变绿后，模型 A / B 里就有它们了。",
        "The chat server is restarting with the base model and every run: once the light is green, "
        "Model A / B list them.",
    ),
    "conv_pick": Text("选择对话", "Choose conversations"),
    "open": Text("📂 打开", "📂 Open"),
    "ds_kind": Text("做成", "Make"),
    "ds_name": Text("数据集名称（可选）", "Dataset name (optional)"),
    "make_ds": Text("🧺 做成数据集", "🧺 Make a dataset"),
    "ds_done": Text(
        "✅ 已生成数据集 {id}（{n} 条）：在“数据”和“训练”页可以用它。",
        "✅ Dataset {id} created ({n} rows): use it on the Data and Train tabs.",
    ),
    "no_saved": Text("还没有保存的对话。", "No saved conversations yet."),
    "edit_hint": Text(
        "提示：点模型回复上的 ✏️ 可以改写它；改过的回复会成为下一轮的“更好回复”。",
        "Tip: press ✏️ on a model reply to rewrite it; your rewrite becomes the “better reply” next round.",
    ),
}
DS_KINDS = [
    (Text("SFT 样本（整段对话）", "SFT samples (whole chats)"), "sft"),
    (Text("偏好对（你改写或重新生成过的回复）", "Preference pairs (replies you rewrote or regenerated)"), "pairs"),
]

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
    return (
        f'<div class="{cls}"><div class="who">{html.escape(label)}</div>'
        f'<div class="txt">{html.escape(_shown(text))}</div>{note_html}</div>'
    )


# ---------------------------------------------------------------------------------------------- handlers
# Named (studio.ui.context.named): the context, then the language and widget values by name in; a dict of
# output name -> value back (an output left out stays as it is). The chat replies and the side by side are
# generators that yield such dicts while the reply streams. `create_playground_tab` wires them by name.

PERSONA_FIELDS = (
    "bot_name",
    "user_name",
    "nicknames",
    "likes",
    "dislikes",
    "memories",
    "tone",
    "reply_lang",
    "boundaries",
)
VOTES = ("left", "tie", "both_bad", "right")  # the vote buttons, in their order on the page


def endpoint(ctx: UIContext) -> C.Endpoint:
    dep = S.current(ctx.ws, ctx.jobs)
    if dep is None:
        raise UserError(
            "还没有启动聊天服务：请先在“模型与导出”页点“启动服务”，等指示灯变绿。",
            "No chat server is running: press “Start server” on the Models & Export tab and wait for the green light.",
        )
    return S.endpoint(dep)


def gen(t, p, m) -> C.GenSettings:
    return C.GenSettings(float(t), float(p), int(m))


def guard_settings(c, k) -> G.GuardSettings:
    return G.GuardSettings.from_strings(float(c), k or "")


def persona_from(bot_name, user_name, nicknames, likes, dislikes, memories, tone, reply_lang, boundaries) -> P.Persona:
    return P.Persona(
        bot_name=(bot_name or "").strip(),
        user_name=(user_name or "").strip(),
        nicknames=_split(nicknames),
        likes=_split(likes),
        dislikes=_split(dislikes),
        memories=_split(memories, lines=True),
        tone=(tone or "gentle").strip(),
        boundaries=_split(boundaries, lines=True),
        language=reply_lang or "zh",
    )


def persona_fields(p: P.Persona) -> dict:
    return {
        "bot_name": p.bot_name,
        "user_name": p.user_name,
        "nicknames": ", ".join(p.nicknames),
        "likes": ", ".join(p.likes),
        "dislikes": ", ".join(p.dislikes),
        "memories": "\n".join(p.memories),
        "tone": p.tone,
        "reply_lang": p.language,
        "boundaries": "\n".join(p.boundaries),
    }


# ------------------------------------------------------------------------------ server / models
def servers(ctx: UIContext, lang, model, model_a, model_b, known) -> dict:
    ws = ctx.ws
    dep = S.current(ws, ctx.jobs)
    h = S.health(dep) if dep else None
    names = dep.models if dep is not None and h is not None and h.ok else []
    html_out = health_html(dep, lang, h, None if dep else S.last_failure(ws, ctx.jobs), X["no_server"])
    runs = S.unserved_runs(ws, dep, ctx.jobs) if names else []
    seen = [names, [e.id for e in runs]]
    if seen == known:
        return {"health": html_out, "known": known}
    pick = model if model in names else (names[-1] if names else None)
    # Two different models when there are two: the base on the left, the newest run on the right.
    pa = model_a if model_a in names else (names[0] if names else None)
    others = [n for n in names if n != pa]
    pb = model_b if model_b in others else (others[-1] if others else None)
    shown = N.served(ws, dep, lang) if names else {}  # plain names, the served name as the detail
    opts = [(shown.get(n, n), n) for n in names]
    return {
        "health": html_out,
        "model": gr.update(choices=opts, value=pick),
        "model_a": gr.update(choices=opts, value=pa),
        "model_b": gr.update(choices=opts, value=pb),
        "cmp_hint": compare_hint(ctx, lang, names, runs),
        "serve_all": gr.update(visible=bool(runs)),
        "known": seen,
    }


def first_servers(ctx: UIContext, lang) -> dict:
    """The page's first look at the chat server: nothing picked yet, nothing seen yet."""
    return servers(ctx, lang=lang, model=None, model_a=None, model_b=None, known=None)


def compare_hint(ctx: UIContext, lang, names, runs) -> str:
    """Why the side by side cannot compare yet, or which runs it could add (empty when all is well)."""
    if not names:
        return ""
    parts = [X["one_model"](lang)] if len(names) < 2 else []
    if runs:
        named = N.plain_names(ctx.ws, M.list_models(ctx.ws, ctx.jobs), lang)
        listed = "、".join(named[e.id].name if e.id in named else e.name for e in runs[:4]) + (
            "…" if len(runs) > 4 else ""
        )
        parts.append(X["more_runs"](lang, n=len(runs), names=listed, button=X["serve_all"](lang)))
    elif len(names) < 2:
        parts.append(X["train_first"](lang))
    return ("" if lang == "zh" else " ").join(f"ℹ️ {p}" if i == 0 else p for i, p in enumerate(parts))


def serve_all_runs(ctx: UIContext, lang) -> dict:
    S.serve_all_runs(ctx.ws, ctx.jobs)
    gr.Info(X["restarting"](lang))
    return {"serve_all": gr.update(visible=False), "cmp_hint": X["restarting"](lang)}


# ------------------------------------------------------------------------------ chat
def fresh(lang, model, system, greeting, t, p, m) -> C.Conversation:
    return C.new_conversation(
        model=model or "", system=system or "", greeting=greeting or "", settings=gen(t, p, m), lang=lang
    )


def _streamed(ctx: UIContext, lang, steps, on_error):
    """Run a reply's steps; if the server breaks off, put the page back as it was and say why
    (a warning and a note, not an error state that would hide the conversation)."""
    try:
        yield from steps
    except (C.ReplyBroken, C.TooLong) as e:
        why = (e if isinstance(e, C.TooLong) else S.explain(S.current(ctx.ws, ctx.jobs), e)).text(lang)
        gr.Warning(why)
        yield on_error(f"⚠️ {why}")


def send_message(
    ctx: UIContext,
    lang,
    conv,
    msg,
    model,
    system,
    greeting,
    temperature,
    top_p,
    max_tokens,
    ceiling,
    keywords,
    bot_name,
):
    if not (msg or "").strip():
        raise UserError("消息是空的：先写点什么再发送。", "The message is empty: write something first.")
    if not model:
        raise UserError(
            "还没有选模型：先在“模型与导出”页启动聊天服务，再在上面选一个模型。",
            "No model chosen: start the chat server on the Models & Export tab, then pick a model above.",
        )
    work = (
        copy.deepcopy(conv)
        if conv is not None
        else fresh(lang, model, system, greeting, temperature, top_p, max_tokens)
    )
    work.model, work.system, work.settings = model, system or "", gen(temperature, top_p, max_tokens)
    work.persona = (bot_name or "").strip()
    ep = endpoint(ctx)
    # The box is emptied once, here: later chunks leave it alone, so a next message typed while the reply
    # streams is not wiped at every chunk.
    yield {"chatbot": render(work, lang), "conv": work, "msg": "", "note": ""}
    steps = C.send(work, msg, ep, guard_settings(ceiling, keywords), lang, memory_db=ctx.db())
    as_before = lambda why: {"chatbot": render(conv, lang), "conv": conv, "msg": msg, "note": why}
    for step in _streamed(ctx, lang, steps, as_before):
        if isinstance(step, C.Step):
            yield {"chatbot": render(work, lang), "conv": work, "note": step.note(lang) if step.note else ""}
        else:
            yield step


def regenerate(ctx: UIContext, lang, conv, model, system, temperature, top_p, max_tokens, ceiling, keywords):
    if conv is None:
        raise UserError(
            "还没有可以重新生成的回复：先发一条消息。", "There is no reply to regenerate: send a message first."
        )
    work = copy.deepcopy(conv)
    work.model, work.system, work.settings = model or work.model, system or "", gen(temperature, top_p, max_tokens)
    steps = C.regenerate(work, endpoint(ctx), guard_settings(ceiling, keywords), lang, memory_db=ctx.db())
    as_before = lambda why: {"chatbot": render(conv, lang), "conv": conv, "note": why}
    for step in _streamed(ctx, lang, steps, as_before):
        if isinstance(step, C.Step):
            yield {"chatbot": render(work, lang), "conv": work, "note": step.note(lang) if step.note else ""}
        else:
            yield step


def new_chat(ctx: UIContext, lang, model, system, greeting, temperature, top_p, max_tokens) -> dict:
    conv = fresh(lang, model, system, greeting, temperature, top_p, max_tokens)
    return {"chatbot": render(conv, lang), "conv": conv, "note": ""}


def edit_reply(ctx: UIContext, lang, conv, index, value) -> dict:
    """A message edited in the Chatbot (`index`, `value` as Gradio's EditData gives them)."""
    if conv is None:
        return {"chatbot": [], "conv": None}
    work = copy.deepcopy(conv)
    index = index if isinstance(index, int) else index[0]
    C.edit(work, index, _text_of(value).split("\n\n*")[0])  # our own note is not part of the reply
    return {"chatbot": render(work, lang), "conv": work}


def save_chat(ctx: UIContext, lang, conv, title) -> dict:
    if conv is None or not any(t.role == "user" for t in conv.turns):
        raise UserError("这段对话还是空的，先聊几句再保存。", "This chat is still empty: say something before saving.")
    work = copy.deepcopy(conv)
    cid = C.save(ctx.db(), work, title or None)
    gr.Info(X["saved"](lang, id=cid, title=work.title))
    return {"conv": work, **saved_list(ctx, lang)}


# ------------------------------------------------------------------------------ personas
def persona_names(ctx: UIContext, lang) -> dict:
    return {"p_pick": gr.update(choices=P.list_personas(ctx.ws))}


def load_persona(ctx: UIContext, lang, name) -> dict:
    if not name:
        raise UserError("先选一个保存过的人设。", "Choose a saved persona first.")
    return persona_fields(P.load_persona(ctx.ws, name))


def save_persona(ctx: UIContext, lang, **fields) -> dict:
    p = persona_from(**fields)
    path = P.save_persona(ctx.ws, p)
    gr.Info(X["p_saved"](lang, path=path.relative_to(ctx.ws.root)))
    return {"p_pick": gr.update(choices=P.list_personas(ctx.ws), value=path.stem)}


def apply_persona(ctx: UIContext, lang, model, temperature, top_p, max_tokens, **fields) -> dict:
    p = persona_from(**fields)
    prompt, greeting = p.system_prompt(p.language), p.first_message(p.language)
    conv = fresh(lang, model, prompt, greeting, temperature, top_p, max_tokens)
    conv.persona = p.bot_name
    gr.Info(X["p_applied"](lang, name=p.bot_name))
    return {"system": prompt, "greeting": greeting, "chatbot": render(conv, lang), "conv": conv}


def export_persona(ctx: UIContext, lang, **fields) -> dict:
    p = persona_from(**fields)
    path = P.export_card(ctx.ws, p, lang=p.language)
    return {"card_file": gr.update(value=str(path), visible=True)}


def import_persona(ctx: UIContext, lang, upload) -> dict:
    if upload is None:
        raise UserError("没有收到文件。", "No file was received.")
    from studio.data.store import remove_staged, stage_upload

    staged = stage_upload(ctx.ws, upload if isinstance(upload, str) else upload.name)
    try:
        return persona_fields(P.import_card(ctx.ws, staged))
    finally:  # the card is read; no copy stays in uploads/
        remove_staged(ctx.ws, [staged])


# ------------------------------------------------------------------------------ compare
def labels(ctx: UIContext, comp: C.Comparison | None, lang: str) -> tuple[str, str]:
    if comp is None or (comp.blind and comp.vote is None):
        return X["hidden"](lang, x="A"), X["hidden"](lang, x="B")
    dep = S.current(ctx.ws, ctx.jobs)
    shown = N.served(ctx.ws, dep, lang) if dep is not None else {}
    return shown.get(comp.left_model, comp.left_model), shown.get(comp.right_model, comp.right_model)


def guard_note(g: dict | None, lang: str) -> str:
    if not g:
        return ""
    key = {"crisis": "crisis", "block": "block", "replace": "replace"}.get(g.get("action"))
    return C.GUARD_NOTES[key](lang) if key else ""


def cards(ctx: UIContext, comp: C.Comparison | None, lang: str) -> dict:
    if comp is None:
        return {"left": compare_card("A", ""), "right": compare_card("B", "")}
    la, lb = labels(ctx, comp, lang)
    win_l = comp.vote == "left"
    win_r = comp.vote == "right"
    return {
        "left": compare_card(la, comp.left, guard_note(comp.left_guard, lang), not comp.done, win_l),
        "right": compare_card(lb, comp.right, guard_note(comp.right_guard, lang), not comp.done, win_r),
    }


def voting(enabled: bool) -> dict:
    return {f"vote_{key}": gr.update(interactive=enabled) for key in VOTES}


def send_to_both(
    ctx: UIContext, lang, text, model_a, model_b, blind, system, temperature, top_p, max_tokens, ceiling, keywords
):
    ep = endpoint(ctx)
    comp = None
    frames = C.compare(
        ep,
        text,
        model_a,
        model_b,
        system or "",
        gen(temperature, top_p, max_tokens),
        guard_settings(ceiling, keywords),
        bool(blind),
        lang,
    )
    as_before = lambda why: {**cards(ctx, None, lang), "comp": None, **voting(False), "vote_note": why}
    for comp in _streamed(ctx, lang, frames, as_before):
        if not isinstance(comp, C.Comparison):
            yield comp  # the server broke off: the page as it was, and why
            return
        yield {**cards(ctx, comp, lang), "comp": comp, **voting(False), "vote_note": ""}
    can_vote = (
        comp is not None
        and comp.done
        and not comp.crisis
        and not (comp.left_guard and comp.left_guard.get("action") == "block")
    )
    yield {**cards(ctx, comp, lang), "comp": comp, **voting(can_vote), "vote_note": ""}


def vote(ctx: UIContext, lang, comp, choice) -> dict:
    if comp is None:
        raise UserError("先发一条消息给两个模型。", "Send a message to both models first.")
    comp = copy.deepcopy(comp)
    v = C.record_vote(ctx.db(), comp, choice)
    left_name, right_name = comp.left_model, comp.right_model
    note_md = X["voted"](lang, left=left_name, right=right_name, project=v.project, item=v.item_id)
    return {**cards(ctx, comp, lang), "comp": comp, **voting(False), "vote_note": note_md}


def voter(choice: str):
    """The handler of one vote button (named vote_left, vote_tie, ... as before)."""

    def one_vote(ctx: UIContext, lang, comp) -> dict:
        return vote(ctx, lang, comp, choice)

    one_vote.__name__ = one_vote.__qualname__ = f"vote_{choice}"
    return one_vote


# ------------------------------------------------------------------------------ saved chats
def saved_list(ctx: UIContext, lang) -> dict:
    rows = C.list_conversations(ctx.db())
    opts = [
        (f"#{r.id} · {r.title} · {r.messages} · {time.strftime('%m-%d %H:%M', time.localtime(r.updated_at))}", r.id)
        for r in rows
    ]
    return {"convs": gr.update(choices=opts, value=[]), "saved_empty": gr.update(visible=not rows)}


def open_chats(ctx: UIContext, lang, ids) -> dict:
    if not ids:
        raise UserError("先勾选一段对话。", "Tick a conversation first.")
    conv = C.load(ctx.db(), int(ids[0]))
    return {
        "chatbot": render(conv, lang),
        "conv": conv,
        "system": conv.system,
        "title": conv.title,
        "play_tabs": gr.update(selected="play-chat"),
    }


def make_dataset(ctx: UIContext, lang, ids, kind, name) -> dict:
    result = C.to_dataset(ctx.ws, ctx.db(), [int(i) for i in ids or []], kind, name or None)
    counts = result.dataset.card.get("counts", {})
    return {"ds_note": X["ds_done"](lang, id=result.dataset.id, n=counts.get("kept", counts.get("train", "?")))}


def create_playground_tab(ctx: UIContext) -> None:
    pulse = ctx.pulse.playground  # clicked when the workspace changed (studio/jobs/pulse.py)
    conv_state = gr.State(None)
    comp_state = gr.State(None)
    greeting_state = gr.State("")
    known_models = shown_state("play-seen")
    ctx.tr(gr.Markdown(X["intro"](ctx.lang)), value=X["intro"])
    with gr.Row(equal_height=True):
        health = gr.HTML(
            health_html(None, ctx.lang, hint=X["no_server"]),
            css_template=HEALTH_CSS,
            elem_id="play-health",
            scale=3,
            min_width=260,
        )
        model = ctx.tr(
            gr.Dropdown(label=X["model"](ctx.lang), choices=[], scale=2, min_width=220, elem_id="play-model"),
            label=X["model"],
        )

    with gr.Tabs(elem_id="play-tabs") as play_tabs:
        with gr.Tab(X["chat_tab"](ctx.lang), id="play-chat") as chat_tab:
            with gr.Row(equal_height=False):
                with gr.Column(scale=3, min_width=300):
                    chatbot = ctx.tr(
                        gr.Chatbot(
                            label=X["chatbot"](ctx.lang),
                            height=520,
                            editable="all",
                            elem_id="play-chatbot",
                            buttons=["copy"],
                            autoscroll=True,
                            group_consecutive_messages=False,
                        ),
                        label=X["chatbot"],
                    )
                    with gr.Row(equal_height=True):
                        msg = ctx.tr(
                            gr.Textbox(
                                placeholder=X["msg"](ctx.lang),
                                label=X["msg"](ctx.lang),
                                show_label=False,
                                scale=5,
                                lines=1,
                                max_lines=4,
                                elem_id="play-msg",
                                submit_btn=False,
                            ),
                            placeholder=X["msg"],
                            label=X["msg"],
                        )
                        send = ctx.tr(
                            gr.Button(
                                X["send"](ctx.lang), variant="primary", scale=1, min_width=80, elem_id="play-send"
                            ),
                            value=X["send"],
                        )
                    with gr.Row():
                        regen = ctx.tr(
                            gr.Button(X["regen"](ctx.lang), size="sm", elem_id="play-regen"), value=X["regen"]
                        )
                        clear = ctx.tr(
                            gr.Button(X["clear"](ctx.lang), size="sm", elem_id="play-clear"), value=X["clear"]
                        )
                    note = gr.Markdown(elem_id="play-note")
                    with gr.Row(equal_height=True):
                        # A label even when hidden: Gradio reads it to screen readers ("Textbox" otherwise).
                        title = ctx.tr(
                            gr.Textbox(
                                placeholder=X["title"](ctx.lang),
                                label=X["title"](ctx.lang),
                                show_label=False,
                                scale=3,
                                elem_id="play-title",
                            ),
                            placeholder=X["title"],
                            label=X["title"],
                        )
                        save = ctx.tr(
                            gr.Button(X["save"](ctx.lang), size="sm", scale=1, min_width=110, elem_id="play-save"),
                            value=X["save"],
                        )
                    ctx.tr(gr.Markdown(X["edit_hint"](ctx.lang)), value=X["edit_hint"])
                    with ctx.tr(gr.Accordion(X["gen"](ctx.lang), open=False), label=X["gen"]):
                        temperature = ctx.tr(
                            gr.Slider(0, 2, value=0.7, step=0.05, label=X["temperature"](ctx.lang)),
                            label=X["temperature"],
                        )
                        top_p = ctx.tr(
                            gr.Slider(0.05, 1, value=0.9, step=0.05, label=X["top_p"](ctx.lang)), label=X["top_p"]
                        )
                        max_tokens = ctx.tr(
                            gr.Slider(
                                16, 2048, value=256, step=16, label=X["max_tokens"](ctx.lang), elem_id="play-max-tokens"
                            ),
                            label=X["max_tokens"],
                        )
                    with ctx.tr(gr.Accordion(X["safety"](ctx.lang), open=False), label=X["safety"]):
                        ceiling = ctx.tr(
                            gr.Slider(0, 1, value=0.8, step=0.05, label=X["ceiling"](ctx.lang)), label=X["ceiling"]
                        )
                        keywords = ctx.tr(
                            gr.Textbox(label=X["keywords"](ctx.lang), elem_id="play-keywords"), label=X["keywords"]
                        )
                with gr.Column(scale=2, min_width=280):
                    with ctx.tr(
                        gr.Accordion(X["persona"](ctx.lang), open=True, elem_id="play-persona"), label=X["persona"]
                    ):
                        p_pick = ctx.tr(
                            gr.Dropdown(label=X["persona_pick"](ctx.lang), choices=[], elem_id="play-persona-pick"),
                            label=X["persona_pick"],
                        )
                        with gr.Row():
                            bot_name = ctx.tr(
                                gr.Textbox(label=X["bot_name"](ctx.lang), placeholder="小七", elem_id="play-bot-name"),
                                label=X["bot_name"],
                            )
                            user_name = ctx.tr(
                                gr.Textbox(
                                    label=X["user_name"](ctx.lang), placeholder="阿杰", elem_id="play-user-name"
                                ),
                                label=X["user_name"],
                            )
                        nicknames = ctx.tr(
                            gr.Textbox(
                                label=X["nicknames"](ctx.lang), placeholder="宝贝, 小笨蛋", elem_id="play-nicknames"
                            ),
                            label=X["nicknames"],
                        )
                        with gr.Row():
                            likes = ctx.tr(
                                gr.Textbox(label=X["likes"](ctx.lang), placeholder="奶茶, 猫", elem_id="play-likes"),
                                label=X["likes"],
                            )
                            dislikes = ctx.tr(
                                gr.Textbox(label=X["dislikes"](ctx.lang), placeholder="香菜", elem_id="play-dislikes"),
                                label=X["dislikes"],
                            )
                        memories = ctx.tr(
                            gr.Textbox(
                                label=X["memories"](ctx.lang),
                                lines=2,
                                placeholder="2023 年七夕一起看了烟花",
                                elem_id="play-memories",
                            ),
                            label=X["memories"],
                        )
                        with gr.Row():
                            tone = ctx.tr(
                                gr.Dropdown(
                                    label=X["tone"](ctx.lang),
                                    allow_custom_value=True,
                                    choices=[(t(ctx.lang), k) for k, t in P.TONES.items()],
                                    value="gentle",
                                    elem_id="play-tone",
                                ),
                                label=X["tone"],
                            )
                            reply_lang = ctx.tr(
                                gr.Radio(
                                    choices=[("中文", "zh"), ("English", "en")],
                                    value=ctx.lang,
                                    label=X["reply_lang"](ctx.lang),
                                ),
                                label=X["reply_lang"],
                            )
                        boundaries = ctx.tr(
                            gr.Textbox(label=X["boundaries"](ctx.lang), lines=2, elem_id="play-boundaries"),
                            label=X["boundaries"],
                        )
                        with gr.Row():
                            p_apply = ctx.tr(
                                gr.Button(
                                    X["p_apply"](ctx.lang), variant="primary", size="sm", elem_id="play-persona-apply"
                                ),
                                value=X["p_apply"],
                            )
                            p_save = ctx.tr(
                                gr.Button(X["p_save"](ctx.lang), size="sm", elem_id="play-persona-save"),
                                value=X["p_save"],
                            )
                        with gr.Row():
                            p_export = ctx.tr(gr.Button(X["p_export"](ctx.lang), size="sm"), value=X["p_export"])
                            p_import = ctx.tr(
                                gr.UploadButton(X["p_import"](ctx.lang), size="sm", file_types=[".json", ".png"]),
                                label=X["p_import"],
                            )
                        card_file = gr.File(visible=False, interactive=False, elem_id="play-card-file")
                        system = ctx.tr(
                            gr.Textbox(label=X["system"](ctx.lang), lines=3, max_lines=8, elem_id="play-system"),
                            label=X["system"],
                        )
                    create_memory_panel(ctx, bot_name)
        ctx.tr(chat_tab, label=X["chat_tab"])

        with gr.Tab(X["compare_tab"](ctx.lang), id="play-compare") as compare_tab:
            with gr.Row(equal_height=True):
                model_a = ctx.tr(
                    gr.Dropdown(label=X["model_a"](ctx.lang), choices=[], elem_id="cmp-a"), label=X["model_a"]
                )
                model_b = ctx.tr(
                    gr.Dropdown(label=X["model_b"](ctx.lang), choices=[], elem_id="cmp-b"), label=X["model_b"]
                )
                blind = ctx.tr(
                    gr.Checkbox(value=True, label=X["blind"](ctx.lang), elem_id="cmp-blind"), label=X["blind"]
                )
            with gr.Row(equal_height=True):
                cmp_hint = gr.Markdown(elem_id="cmp-hint")
                serve_all = ctx.tr(
                    gr.Button(
                        X["serve_all"](ctx.lang),
                        size="sm",
                        visible=False,
                        scale=0,
                        min_width=220,
                        elem_id="cmp-serve-all",
                    ),
                    value=X["serve_all"],
                )
            with gr.Row(equal_height=True):
                cmp_msg = ctx.tr(
                    gr.Textbox(
                        placeholder=X["msg"](ctx.lang),
                        label=X["msg"](ctx.lang),
                        show_label=False,
                        scale=5,
                        elem_id="cmp-msg",
                    ),
                    placeholder=X["msg"],
                )
                cmp_send = ctx.tr(
                    gr.Button(X["compare"](ctx.lang), variant="primary", scale=2, elem_id="cmp-send"),
                    value=X["compare"],
                )
            with gr.Row(equal_height=True):
                left = gr.HTML(compare_card("A", ""), css_template=PLAY_CSS, elem_id="cmp-left", min_width=260)
                right = gr.HTML(compare_card("B", ""), css_template=PLAY_CSS, elem_id="cmp-right", min_width=260)
            with gr.Row():
                vote_btns = {}
                for key in ("left", "tie", "both_bad", "right"):
                    label = X["left_better" if key == "left" else "right_better" if key == "right" else key]
                    vote_btns[key] = ctx.tr(
                        gr.Button(
                            label(ctx.lang),
                            interactive=False,
                            min_width=120,
                            variant="primary" if key in ("left", "right") else "secondary",
                            elem_id=f"cmp-vote-{key}",
                        ),
                        value=label,
                    )
            vote_note = gr.Markdown(elem_id="cmp-result")
        ctx.tr(compare_tab, label=X["compare_tab"])

        with gr.Tab(X["saved_tab"](ctx.lang), id="play-saved") as saved_tab:
            saved_empty = ctx.tr(gr.Markdown(X["no_saved"](ctx.lang)), value=X["no_saved"])
            convs = ctx.tr(
                gr.CheckboxGroup(label=X["conv_pick"](ctx.lang), choices=[], elem_id="saved-convs"),
                label=X["conv_pick"],
            )
            with gr.Row(equal_height=True):
                open_btn = ctx.tr(gr.Button(X["open"](ctx.lang), size="sm"), value=X["open"])
                ds_kind = ctx.tr(
                    gr.Radio(
                        choices=[(t(ctx.lang), v) for t, v in DS_KINDS],
                        value="sft",
                        label=X["ds_kind"](ctx.lang),
                        scale=3,
                    ),
                    label=X["ds_kind"],
                    choices=lambda lang: [(t(lang), v) for t, v in DS_KINDS],
                )
                ds_name = ctx.tr(gr.Textbox(label=X["ds_name"](ctx.lang), scale=2), label=X["ds_name"])
                make_ds = ctx.tr(gr.Button(X["make_ds"](ctx.lang), variant="primary", scale=1), value=X["make_ds"])
            ds_note = gr.Markdown()
        ctx.tr(saved_tab, label=X["saved_tab"])

    # ------------------------------------------------------------------------------ wiring, by name
    L = {"lang": ctx.lang_state}
    pfields = dict(
        zip(
            PERSONA_FIELDS,
            [bot_name, user_name, nicknames, likes, dislikes, memories, tone, reply_lang, boundaries],
            strict=True,
        )
    )
    gen_in = {"temperature": temperature, "top_p": top_p, "max_tokens": max_tokens}
    guard_in = {"ceiling": ceiling, "keywords": keywords}
    server_outs = {
        "health": health,
        "model": model,
        "model_a": model_a,
        "model_b": model_b,
        "cmp_hint": cmp_hint,
        "serve_all": serve_all,
        "known": known_models,
    }
    reply = {"chatbot": chatbot, "conv": conv_state, "note": note}
    on = ctx.wiring(ctx)

    on(
        pulse.click,
        servers,
        {**L, "model": model, "model_a": model_a, "model_b": model_b, "known": known_models},
        server_outs,
        api_name="play_servers",
        show_progress="hidden",
        queue=False,
    )

    send_in = {
        **L,
        "conv": conv_state,
        "msg": msg,
        "model": model,
        "system": system,
        "greeting": greeting_state,
        **gen_in,
        **guard_in,
        "bot_name": bot_name,
    }
    send_outs = {"chatbot": chatbot, "conv": conv_state, "msg": msg, "note": note}
    on(send.click, send_message, send_in, send_outs, api_name="play_send")
    on(msg.submit, send_message, send_in, send_outs, api_name=False)
    on(
        regen.click,
        regenerate,
        {**L, "conv": conv_state, "model": model, "system": system, **gen_in, **guard_in},
        reply,
        api_name="play_regenerate",
    )
    on(
        clear.click,
        new_chat,
        {**L, "model": model, "system": system, "greeting": greeting_state, **gen_in},
        reply,
        api_name="play_clear",
    )

    def edited(lg, conv, evt: gr.EditData):
        # Gradio hands the edit only to a parameter typed gr.EditData, so this one event stays positional.
        out = edit_reply(ctx, lang=lg, conv=conv, index=evt.index, value=evt.value)
        return out["chatbot"], out["conv"]

    chatbot.edit(ctx.safe(edited), [ctx.lang_state, conv_state], [chatbot, conv_state], api_name="play_edit")

    on(p_pick.input, load_persona, {**L, "name": p_pick}, pfields, api_name="persona_load")
    on(p_save.click, save_persona, {**L, **pfields}, {"p_pick": p_pick}, api_name="persona_save")
    on(
        p_apply.click,
        apply_persona,
        {**L, "model": model, **gen_in, **pfields},
        {"system": system, "greeting": greeting_state, "chatbot": chatbot, "conv": conv_state},
        api_name="persona_apply",
    )
    on(p_export.click, export_persona, {**L, **pfields}, {"card_file": card_file}, api_name="persona_export")
    on(p_import.upload, import_persona, {**L, "upload": p_import}, pfields, api_name="persona_import")

    cmp_outs = {
        "left": left,
        "right": right,
        "comp": comp_state,
        **{f"vote_{key}": btn for key, btn in vote_btns.items()},
        "vote_note": vote_note,
    }
    on(
        cmp_send.click,
        send_to_both,
        {
            **L,
            "text": cmp_msg,
            "model_a": model_a,
            "model_b": model_b,
            "blind": blind,
            "system": system,
            **gen_in,
            **guard_in,
        },
        cmp_outs,
        api_name="compare_send",
    )
    for key, btn in vote_btns.items():
        on(btn.click, voter(key), {**L, "comp": comp_state}, cmp_outs, api_name=f"compare_vote_{key}")
    on(serve_all.click, serve_all_runs, L, {"serve_all": serve_all, "cmp_hint": cmp_hint}, api_name="compare_serve_all")

    saved_outs = {"convs": convs, "saved_empty": saved_empty}
    on(
        save.click,
        save_chat,
        {**L, "conv": conv_state, "title": title},
        {"conv": conv_state, **saved_outs},
        api_name="play_save",
    )
    on(
        open_btn.click,
        open_chats,
        {**L, "ids": convs},
        {"chatbot": chatbot, "conv": conv_state, "system": system, "title": title, "play_tabs": play_tabs},
        api_name="play_open",
    )
    on(
        make_ds.click,
        make_dataset,
        {**L, "ids": convs, "kind": ds_kind, "name": ds_name},
        {"ds_note": ds_note},
        api_name="play_make_dataset",
    )

    if ctx.to_chat is not None:  # the Start tab's "Go to the Playground": the chat, not the last sub-tab
        ctx.to_chat.click(lambda: gr.update(selected="play-chat"), None, play_tabs, api_name=False, queue=False)

    def on_load(demo):
        on(demo.load, first_servers, L, server_outs, api_name=False)
        on(demo.load, persona_names, L, {"p_pick": p_pick}, api_name=False)
        on(demo.load, saved_list, L, saved_outs, api_name=False)

    ctx.on_load.append(on_load)
