"""The Memory panel (in the Playground): what the companion remembers about the partner, for the persona being
chatted with. List and search, confirm or drop new notes, edit, pin, delete one, erase all (with a confirm step),
the auto-accept switch, and the token budget with what the next reply would carry.

Widgets only: every action is a call into studio.chat.memory, the same code as `qixi memory`.
"""

from __future__ import annotations

import html
import time

import gradio as gr

from studio.chat import memory as M
from studio.core.i18n import Text, UserError
from studio.ui.context import UIContext, choices, shown_state

X = {
    "title": Text("🧠 记忆", "🧠 Memory"),
    "intro": Text(
        "伴侣从你的消息里记下的事（喜好、忌口、过敏、生日、近期安排、身边的人）。新记下的要你确认后才会用上；"
        "手机号、证件号、银行卡、邮箱这类个人信息从不记。删除是真的删除：数据库里不留痕迹。",
        "What the companion noted from your messages (likes, food you avoid, allergies, birthdays, plans, "
        "people close to you). New notes are used only after you confirm them; phone numbers, IDs, bank "
        "cards and e-mail addresses are never kept. Deleting is for real: nothing stays in the database.",
    ),
    "whose": Text(
        "这是“{name}”的记忆（人设里伴侣的名字）。",
        "This is the memory of “{name}” (the companion's name in the persona).",
    ),
    "whose_none": Text(
        "这是不用人设时的记忆；填好人设里伴侣的名字，就会换成那个人设的记忆。",
        "This is the memory used without a persona; fill in the companion's name in the persona to "
        "see that persona's memory.",
    ),
    "enabled": Text("开启记忆", "Memory on"),
    "auto": Text("自动保存新记忆（不用逐条确认）", "Keep new notes without asking"),
    "summarize": Text("也请模型总结（更慢，默认关闭）", "Also ask the model for a summary (slower; off by default)"),
    "budget": Text("记忆最多占提示词多少 token", "Most tokens memory may take in the prompt"),
    "budget_line": Text(
        "下一条回复会带上 **{used} / {budget}** token 的记忆（{n} 条；按 1 个汉字≈1 token 估算）。",
        "The next reply will carry **{used} / {budget}** tokens of memory ({n} notes; estimated at "
        "about 1 token per Chinese character, 4 letters per token).",
    ),
    "pending": Text("待确认的新记忆", "New notes to confirm"),
    "no_pending": Text("没有待确认的新记忆。", "No new notes to confirm."),
    "keep": Text("✅ 记住选中的", "✅ Keep selected"),
    "drop": Text("🗑️ 丢掉选中的", "🗑️ Drop selected"),
    "search": Text("搜索记忆", "Search memory"),
    "pick": Text("选择一条来修改", "Pick one to edit"),
    "text": Text("内容", "Text"),
    "kind": Text("类型", "Kind"),
    "date": Text("日期（可选：2026-12-16，每年一次写 03-05）", "Date (optional: 2026-12-16, or 03-05 every year)"),
    "pinned": Text("📌 置顶（每次都带上）", "📌 Pinned (always carried)"),
    "save": Text("💾 保存修改", "💾 Save changes"),
    "add": Text("➕ 作为新记忆添加", "➕ Add as a new note"),
    "delete": Text("🗑️ 删除这一条", "🗑️ Delete this one"),
    "erase": Text("🧨 清空全部记忆…", "🧨 Erase all memory…"),
    "erase_ask": Text(
        "确定要清空“{name}”的全部 {n} 条记忆吗？无法撤销。", "Erase all {n} notes of “{name}”? This cannot be undone."
    ),
    "erase_yes": Text("确定清空", "Yes, erase"),
    "erase_no": Text("取消", "Cancel"),
    "erased": Text(
        "已清空 {n} 条记忆，数据库里不留痕迹。", "Erased {n} notes; nothing of them is left in the database."
    ),
    "erased_later": Text(
        "已清空 {n} 条记忆；数据库日志正被别的连接读着，最后一份副本会在工作室下次写入或关闭时离开文件。",
        "Erased {n} notes; another connection is reading the database log, so the last copy leaves "
        "the file when the studio next writes or closes.",
    ),
    "empty": Text(
        "还没有记忆。和伴侣聊聊你的喜好、生日或者最近的安排吧。",
        "No notes yet. Tell your companion about what you like, your birthday or your plans.",
    ),
    "col": Text("内容|类型|日期|上次用到", "Text|Kind|Date|Last used"),
    "never": Text("还没用过", "not yet"),
    "yearly": Text("每年 {md}", "yearly {md}"),
    "saved": Text("已保存。", "Saved."),
    "added": Text("已添加。", "Added."),
    "deleted": Text("已删除。", "Deleted."),
}
KIND_CHOICES = [(M.KIND_NAMES[k], k) for k in M.KINDS]

MEM_CSS = """
.qx-mem { width:100%; border-collapse:collapse; font-size:14px; }
.qx-mem td, .qx-mem th { border-bottom:1px solid #e7e5e4; padding:6px 4px; text-align:left; vertical-align:top;
  overflow-wrap:anywhere; }
.qx-mem, .qx-mem tr, .qx-mem td, .qx-mem th { border-left:0 !important; border-right:0 !important; border-top:0 !important; }
.qx-mem th { font-size:12px; color:#78716c; font-weight:600; }
.qx-mem .k { font-size:12px; color:#be123c; white-space:nowrap; }
.qx-mem .t { color:#292524; }
.qx-mem .d, .qx-mem .u { font-size:12px; color:#78716c; white-space:nowrap; }
.qx-mem-empty { color:#78716c; font-size:14px; }
"""


def _who(persona: str | None) -> str:
    return (persona or "").strip()


def _day(d: str | None, lang: str) -> str:
    return X["yearly"](lang, md=d[2:]) if d and d.startswith("--") else (d or "")


def notes_html(notes: list[M.Note], lang: str) -> str:
    if not notes:
        return f'<div class="qx-mem-empty">{html.escape(X["empty"](lang))}</div>'
    head = "".join(f"<th>{html.escape(h)}</th>" for h in X["col"](lang).split("|"))
    rows = []
    for n in notes:
        used = time.strftime("%m-%d %H:%M", time.localtime(n.last_used)) if n.last_used else X["never"](lang)
        rows.append(
            f'<tr><td class="t">{"📌 " if n.pinned else ""}{html.escape(n.text)}</td>'
            f'<td class="k">{html.escape(M.KIND_NAMES[n.kind](lang))}</td>'
            f'<td class="d">{html.escape(_day(n.date, lang))}</td><td class="u">{html.escape(used)}</td></tr>'
        )
    return f'<table class="qx-mem"><tr>{head}</tr>{"".join(rows)}</table>'


def _label(n: M.Note) -> str:
    return f"#{n.id} · {n.text[:40]}"


# ---------------------------------------------------------------------------------------------- handlers
# Named (studio.ui.context.named): the language and widget values in by name, a dict of outputs back.
NO_EDIT = {"text": "", "kind": "other", "day": "", "pinned": False}  # the edit fields, emptied


def view(ctx: UIContext, lang, persona, search, keep_pick=None, keep_ticks=()) -> dict:
    """Everything the panel shows, from the store; `seen` is the store's fingerprint for the pulse. A redraw
    keeps the partner's ticks on notes that are still waiting (a note arriving mid-choice wipes nothing)."""
    who = _who(persona)
    c = ctx.db()
    s = M.get_settings(c, who)
    waiting = M.list_notes(c, who, "pending")
    ticked = set(keep_ticks or ())
    block, used, cap = M.preview(c, who, "", None, lang)
    n = sum(1 for line in block.splitlines() if line.startswith("- "))
    everyone = M.list_notes(c, who)
    return {
        "whose": X["whose"](lang, name=who) if who else X["whose_none"](lang),
        "enabled": s.enabled,
        "auto": s.auto_accept,
        "summarize": s.summarize,
        "budget": s.budget,
        "budget_line": X["budget_line"](lang, used=used, budget=cap, n=n),
        "preview": block,
        "pending": gr.update(
            choices=[(_label(x), x.id) for x in waiting],
            value=[x.id for x in waiting if x.id in ticked],
            label=X["pending"](lang) + ("" if waiting else f" — {X['no_pending'](lang)}"),
        ),
        "table": notes_html(M.list_notes(c, who, "active", search or ""), lang),
        "pick": gr.update(
            choices=[(_label(x), x.id) for x in everyone],
            value=keep_pick if keep_pick in [x.id for x in everyone] else None,
        ),
        "seen": M.fingerprint(c, who),
    }


def refresh(ctx: UIContext, lang, persona, search, pick, pending, seen) -> dict:
    if seen and M.fingerprint(ctx.db(), _who(persona)) == tuple(seen):
        return {}
    return view(ctx, lang, persona, search, pick, pending)


def settings(ctx: UIContext, lang, persona, search, enabled, auto, summarize, budget) -> dict:
    M.set_settings(ctx.db(), _who(persona), M.Settings(bool(enabled), bool(auto), int(budget), bool(summarize)))
    return view(ctx, lang, persona, search)


def keep(ctx: UIContext, lang, persona, search, pending) -> dict:
    if not pending:
        raise UserError("先勾选要记住的新记忆。", "Tick the new notes to keep first.")
    M.accept(ctx.db(), pending)
    return view(ctx, lang, persona, search)


def drop(ctx: UIContext, lang, persona, search, pending) -> dict:
    if not pending:
        raise UserError("先勾选要丢掉的新记忆。", "Tick the new notes to drop first.")
    n, clean = M.remove(ctx.db(), pending)
    if not clean:
        gr.Info(M.erased_note(n, clean)(lang))
    return view(ctx, lang, persona, search)


def pick_note(ctx: UIContext, lang, pick) -> dict:
    if pick is None:
        return NO_EDIT
    n = M.get(ctx.db(), int(pick))
    return {"text": n.text, "kind": n.kind, "day": n.date or "", "pinned": n.pinned}


def _picked(pick) -> int:
    if pick is None:
        raise UserError("先在“选择一条来修改”里选一条记忆。", "Pick a note under “Pick one to edit” first.")
    return int(pick)


def save(ctx: UIContext, lang, persona, search, pick, text, kind, day, pinned) -> dict:
    M.update(ctx.db(), _picked(pick), text=text, kind=kind, date_=day, pinned=bool(pinned), status="active")
    gr.Info(X["saved"](lang))
    return view(ctx, lang, persona, search, int(pick))


def add(ctx: UIContext, lang, persona, search, text, kind, day, pinned) -> dict:
    n = M.add(ctx.db(), _who(persona), M.note_from_form(text, kind, day, bool(pinned)))
    gr.Info(X["added"](lang))
    return view(ctx, lang, persona, search, n.id)


def delete(ctx: UIContext, lang, persona, search, pick) -> dict:
    n, clean = M.remove(ctx.db(), [_picked(pick)])
    gr.Info(X["deleted"](lang) if clean else M.erased_note(n, clean)(lang))
    return {**view(ctx, lang, persona, search), **NO_EDIT}


def erase_ask(ctx: UIContext, lang, persona) -> dict:
    who = _who(persona)
    return {
        "confirm": gr.update(visible=True),
        "ask": X["erase_ask"](lang, name=who or "—", n=len(M.list_notes(ctx.db(), who))),
    }


def erase(ctx: UIContext, lang, persona, search) -> dict:
    n, clean = M.clear(ctx.db(), _who(persona))
    gr.Info((X["erased"] if clean else X["erased_later"])(lang, n=n))
    return {**view(ctx, lang, persona, search), "confirm": gr.update(visible=False), "ask": "", **NO_EDIT}


def create_memory_panel(ctx: UIContext, persona: gr.components.Component) -> None:
    """Mount the panel (an accordion) where it is called. `persona`: the widget holding the persona's name."""
    lang = ctx.lang_state
    with ctx.tr(gr.Accordion(X["title"](ctx.lang), open=False, elem_id="mem-panel"), label=X["title"]):
        ctx.tr(gr.Markdown(X["intro"](ctx.lang)), value=X["intro"])
        whose = gr.Markdown(elem_id="mem-whose")
        with gr.Row():
            enabled = ctx.tr(
                gr.Checkbox(value=True, label=X["enabled"](ctx.lang), elem_id="mem-enabled"), label=X["enabled"]
            )
            auto = ctx.tr(gr.Checkbox(value=False, label=X["auto"](ctx.lang), elem_id="mem-auto"), label=X["auto"])
            summarize = ctx.tr(
                gr.Checkbox(value=False, label=X["summarize"](ctx.lang), elem_id="mem-summarize"), label=X["summarize"]
            )
        budget = ctx.tr(
            gr.Slider(0, 1000, value=M.DEFAULT_BUDGET, step=10, label=X["budget"](ctx.lang), elem_id="mem-budget"),
            label=X["budget"],
        )
        budget_line = gr.Markdown(elem_id="mem-budget-line")
        preview = gr.Textbox(show_label=False, lines=3, max_lines=8, interactive=False, elem_id="mem-preview")
        pending = ctx.tr(
            gr.CheckboxGroup(label=X["pending"](ctx.lang), choices=[], elem_id="mem-pending"), label=X["pending"]
        )
        with gr.Row():
            keep_btn = ctx.tr(
                gr.Button(X["keep"](ctx.lang), size="sm", variant="primary", elem_id="mem-keep"), value=X["keep"]
            )
            drop_btn = ctx.tr(gr.Button(X["drop"](ctx.lang), size="sm", elem_id="mem-drop"), value=X["drop"])
        search = ctx.tr(gr.Textbox(label=X["search"](ctx.lang), elem_id="mem-search"), label=X["search"])
        table = gr.HTML(notes_html([], ctx.lang), css_template=MEM_CSS, elem_id="mem-list")
        pick = ctx.tr(gr.Dropdown(label=X["pick"](ctx.lang), choices=[], elem_id="mem-pick"), label=X["pick"])
        text = ctx.tr(gr.Textbox(label=X["text"](ctx.lang), elem_id="mem-text"), label=X["text"])
        with gr.Row():
            kind = ctx.tr(
                gr.Dropdown(
                    label=X["kind"](ctx.lang),
                    choices=choices(KIND_CHOICES)(ctx.lang),
                    value="other",
                    elem_id="mem-kind",
                ),
                label=X["kind"],
                choices=choices(KIND_CHOICES),
            )
            day = ctx.tr(gr.Textbox(label=X["date"](ctx.lang), elem_id="mem-date"), label=X["date"])
        pinned = ctx.tr(gr.Checkbox(label=X["pinned"](ctx.lang), elem_id="mem-pinned"), label=X["pinned"])
        with gr.Row():
            save_btn = ctx.tr(
                gr.Button(X["save"](ctx.lang), size="sm", variant="primary", elem_id="mem-save"), value=X["save"]
            )
            add_btn = ctx.tr(gr.Button(X["add"](ctx.lang), size="sm", elem_id="mem-add"), value=X["add"])
            delete_btn = ctx.tr(
                gr.Button(X["delete"](ctx.lang), size="sm", variant="stop", elem_id="mem-delete"), value=X["delete"]
            )
        erase_btn = ctx.tr(
            gr.Button(X["erase"](ctx.lang), size="sm", variant="stop", elem_id="mem-erase"), value=X["erase"]
        )
        with gr.Group(visible=False, elem_id="mem-erase-confirm") as confirm:
            ask = gr.Markdown(elem_id="mem-erase-ask")
            with gr.Row():
                yes = ctx.tr(
                    gr.Button(X["erase_yes"](ctx.lang), variant="stop", size="sm", elem_id="mem-erase-yes"),
                    value=X["erase_yes"],
                )
                no = ctx.tr(gr.Button(X["erase_no"](ctx.lang), size="sm", elem_id="mem-erase-no"), value=X["erase_no"])
        seen = shown_state("mem-seen")

    on = ctx.wiring(ctx)
    base = {"lang": lang, "persona": persona, "search": search}
    edit = {"text": text, "kind": kind, "day": day, "pinned": pinned}
    outs = {
        "whose": whose,
        "enabled": enabled,
        "auto": auto,
        "summarize": summarize,
        "budget": budget,
        "budget_line": budget_line,
        "preview": preview,
        "pending": pending,
        "table": table,
        "pick": pick,
        "seen": seen,
    }
    # No timer of its own: the Playground's pulse fires when the workspace (studio.db) changed (studio/jobs/pulse.py).
    on(
        ctx.pulse.playground.click,
        refresh,
        {**base, "pick": pick, "pending": pending, "seen": seen},
        outs,
        api_name="memory_refresh",
        show_progress="hidden",
        queue=False,
    )
    on(persona.change, view, base, outs, api_name="memory_view", show_progress="hidden")
    on(search.change, view, base, outs, api_name="memory_search", show_progress="hidden")
    for box in (enabled, auto, summarize, budget):
        on(
            box.input,
            settings,
            {**base, "enabled": enabled, "auto": auto, "summarize": summarize, "budget": budget},
            outs,
            api_name=f"memory_settings_{box.elem_id.split('-')[-1]}",
        )
    on(keep_btn.click, keep, {**base, "pending": pending}, outs, api_name="memory_keep")
    on(drop_btn.click, drop, {**base, "pending": pending}, outs, api_name="memory_drop")
    on(pick.input, pick_note, {"lang": lang, "pick": pick}, edit, api_name="memory_pick")
    on(save_btn.click, save, {**base, "pick": pick, **edit}, outs, api_name="memory_save")
    on(add_btn.click, add, {**base, **edit}, outs, api_name="memory_add")
    on(delete_btn.click, delete, {**base, "pick": pick}, {**outs, **edit}, api_name="memory_delete")
    on(
        erase_btn.click,
        erase_ask,
        {"lang": lang, "persona": persona},
        {"confirm": confirm, "ask": ask},
        api_name="memory_erase_ask",
    )
    no.click(lambda: gr.update(visible=False), None, confirm, api_name="memory_erase_cancel")
    on(yes.click, erase, base, {**outs, "confirm": confirm, "ask": ask, **edit}, api_name="memory_erase")

    def on_load(demo):
        on(demo.load, view, base, outs, api_name=False)

    ctx.on_load.append(on_load)
