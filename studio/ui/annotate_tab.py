"""Annotate: the two partners say which of two replies feels better.

Two faces in one tab. Opened plainly, it is the owner's desk: make a project from a dataset, add
the partners and hand out their personal links, watch agreement, settle disagreements together,
export a dataset for the Train tab. Opened through a personal link (`/?annotator=TOKEN`) it is a
phone-friendly labelling card for that partner alone; the other tabs are hidden.

Every click is one call into studio.annotate.projects, which commits one SQLite transaction before the
handler returns; the card is always rebuilt from the store, so a reload, a closed browser or a
killed app continues at the first item the partner has not answered.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from pathlib import Path

import gradio as gr

from studio.annotate import candidates as C
from studio.annotate import projects as A
from studio.core import connections
from studio.core.connections import Connection
from studio.core.i18n import Text, UserError
from studio.data import store
from studio.jobs.store import STATUS_TEXT
from studio.ui import server
from studio.ui.context import UIContext, choices

ASSETS = Path(__file__).resolve().parent.parent.parent / "assets"
SAMPLE_PAIRS = ASSETS / "sample" / "pairs.jsonl"
KEYS_JS = ASSETS / "annotate.js"

T = {
    # --- the owner's desk
    "intro": Text(
        "这里你们两个人一起教模型什么是“贴心”：分别看同一段对话的两条回复，选出**哪条让人感觉更好**，"
        "选出来的就是偏好训练（DPO 等）要学的数据。步骤：① 新建项目——用数据集里现成的回复，或者让工作区里的模型"
        "（比如基础模型和你们训练过的版本）来写回复 → ② 添加你们两个人，把各自的专属链接发给对方（手机也能打开） → "
        "③ 在这里看一致程度、一起讨论有分歧的条目 → ④ 导出成数据集，去“训练”页直接使用。",
        "Here the two of you teach the model what “caring” means: each of you reads two replies to the same "
        "conversation and picks **the one that feels better**; your picks are the data preference training "
        "(DPO & co) learns from. Steps: ① make a project, with the replies already in a dataset or with replies "
        "written by models in the workspace (say the base model and the versions you trained) → ② add both of "
        "you and send each their personal link (it opens on a phone too) → ③ see how often you agree here and "
        "talk over the items you disagree on → ④ export a dataset that the Train tab uses directly.",
    ),
    "project": Text("标注项目", "Annotation project"),
    "refresh": Text("🔄 刷新", "🔄 Refresh"),
    "no_project": Text(
        "还没有标注项目。下一步：打开下面的“新建标注项目”，选一个数据集（或让模型来写回复），"
        "也可以直接点“用示例数据新建”先试一试。",
        "No annotation project yet. Next: open “New annotation project” below and pick a dataset "
        "(or let models write the replies), or click “Start with the sample” to try it out.",
    ),
    "new": Text("➕ 新建标注项目", "➕ New annotation project"),
    "dataset": Text("数据集", "Dataset"),
    "dataset_info": Text(
        "偏好对数据集：每条已有两条回复；对话数据集：每条有一条回复，另一条由你们在标注页里写。",
        "A pairs dataset has two replies per item; a conversations dataset has one and you "
        "write the other on the labelling page.",
    ),
    "no_dataset": Text(
        "还没有偏好对数据集：去“数据”页导入一个，或者点“用示例数据新建”。",
        "No pairs dataset yet: import one on the Data tab, or click “Start with the sample”.",
    ),
    "name": Text("项目名", "Project name"),
    "name_ph": Text("例如：第一轮标注", "e.g. first round"),
    "create": Text("新建项目", "Create project"),
    "sample": Text("✨ 用示例数据新建", "✨ Start with the sample"),
    "sample_dataset": Text("示例偏好对", "Sample preference pairs"),
    # --- replies written by models
    "src": Text("两条回复从哪来", "Where the two replies come from"),
    "gen_dataset_info": Text(
        "提示：模型会回复这个数据集里的每段对话（对话数据集或偏好对数据集都可以）。",
        "The prompts: the models reply to each conversation of this dataset (conversations or pairs).",
    ),
    "gen_models": Text("写回复的模型（1–3 个）", "Models that write the replies (1–3)"),
    "gen_models_info": Text(
        "比如基础模型、SFT 训练、DPO 训练；标注时不会显示是哪个模型写的。",
        "For example the base model, an SFT run, a DPO run; the labelling card never says which model wrote which.",
    ),
    "gen_n": Text("每条提示生成几条", "Replies per prompt"),
    "gen_temp": Text("温度（越高越多样）", "Temperature (higher = more varied)"),
    "gen_tokens": Text("回复最长（token）", "Longest reply (tokens)"),
    "gen_hint": Text(
        "模型会回复所选数据集里每段对话的最后一句（最多 {n} 段）。选了几个模型时，不同模型的回复两两比较；"
        "只选一个时，同一模型的几条回复两两比较。一模一样的两条不会放在一起。",
        "The models reply to the last turn of each conversation in the chosen dataset (at most {n}). "
        "With several models, replies of different models are compared; with one, its own replies "
        "are compared two by two. Two identical replies are never paired.",
    ),
    "gen_go": Text("🤖 让模型写回复并新建项目", "🤖 Let the models write and make the project"),
    "gen_default": Text("{ds} · 模型回复", "{ds} · model replies"),
    "no_models": Text(
        "工作区里还没有模型：去“训练”页准备口袋模型（或下载一个），或等训练保存第一个检查点。",
        "No model in the workspace yet: get the pocket model (or download one) on the Train tab, or "
        "wait until a run saves its first checkpoint.",
    ),
    "gen_started": Text(
        "⏳ 已开始：模型正在写回复，写完后项目会自动填满。",
        "⏳ Started: the models are writing; the project fills itself when they are done.",
    ),
    "gen_running": Text("⏳ 模型正在写回复（{pct}%）：{msg}", "⏳ The models are writing replies ({pct}%): {msg}"),
    "gen_queued": Text("⏳ 排队中：前面的任务结束后开始写回复。", "⏳ Queued: writing starts when the job ahead ends."),
    "gen_done": Text(
        "✅ 模型写好了 {replies} 条回复，组成 {items} 对可以比较。下一步：添加你们两个人。",
        "✅ The models wrote {replies} replies, making {items} pairs to compare. Next: add the two of you.",
    ),
    "gen_none": Text(
        "⚠️ 模型写了 {replies} 条回复，但凑不出两条不同的回复来比较：请调高温度或每条生成更多条，再新建一次。",
        "⚠️ The models wrote {replies} replies but no two different ones to compare: raise the "
        "temperature or the replies per prompt and make the project again.",
    ),
    "gen_failed": Text(
        "❌ 写回复没有完成（{status}）：{why} 日志在“任务”页。",
        "❌ Writing the replies did not finish ({status}): {why} The log is on the Jobs tab.",
    ),
    "sample_project": Text("示例标注", "Sample labelling"),
    "created": Text(
        "✅ 项目“{name}”已建好，共 {n} 条。下一步：添加你们两个人。",
        "✅ Project “{name}” is ready with {n} items. Next: add the two of you.",
    ),
    "people": Text("👫 标注的人", "👫 Who labels"),
    "who": Text("名字", "Name"),
    "who_ph": Text("例如：小红", "e.g. Mia"),
    "add": Text("添加并生成专属链接", "Add and make a personal link"),
    "link_local": Text(
        "这个链接只能在这台电脑上打开。想在手机上标注：打开下面的“📱 让同一 Wi-Fi 下的手机打开链接”，"
        "再用手机扫对方名字旁边的二维码。",
        "This link opens on this computer only. To label on a phone: turn on “📱 Let phones on this "
        "Wi-Fi open the links” below, then scan the QR code beside your name with the phone.",
    ),
    "lan": Text("📱 让同一 Wi-Fi 下的手机打开链接", "📱 Let phones on this Wi-Fi open the links"),
    "lan_what": Text(
        "打开后，这台电脑在局域网地址上多开一个入口：手机扫码就能标注（专属链接就是钥匙，不用密码）；"
        "从手机打开工作室的其他部分仍然要输入密码。标注完点“关闭”，入口就关上。",
        "This opens a second door on the computer's network address: a phone scans a code and labels "
        "(the personal link is the key; no password). The rest of the studio still asks for the "
        "password from a phone. Press “Close” when you are done and the door shuts.",
    ),
    "lan_addr": Text("这台电脑在局域网里的地址", "This computer's address on the network"),
    "lan_addr_info": Text(
        "自动找到的地址；手机和电脑要连同一个 Wi-Fi。",
        "Found automatically; the phone and the computer must be on the same Wi-Fi.",
    ),
    "lan_pw": Text(
        "工作室密码（至少 6 位：别人从手机打开工作室时要输入）",
        "Studio password (6+ characters: asked when someone opens the studio from a phone)",
    ),
    "lan_on": Text("📶 打开", "📶 Open"),
    "lan_off": Text("关闭", "Close"),
    "lan_open": Text(
        "📶 已打开：手机可以访问 {url}。扫下面各自名字旁边的二维码开始标注。",
        "📶 Open: phones can reach {url}. Scan the QR code beside your name below to start labelling.",
    ),
    "lan_closed": Text(
        "已关闭：手机上的链接不再能打开，这台电脑上照常使用。",
        "Closed: the links no longer open on phones; this computer works as before.",
    ),
    "lan_none": Text(
        "没有找到局域网地址：请确认电脑连上了 Wi-Fi，或者在框里填上地址（例如 192.168.1.23）。",
        "No network address found: make sure the computer is on Wi-Fi, or type the address (e.g. 192.168.1.23).",
    ),
    "links_head": Text(
        "各自的专属链接：谁拿到链接，谁就能用这个名字标注，请私下发给对方。",
        "Personal links: whoever has a link labels under that name, so send each one privately.",
    ),
    "copy_hint": Text("点链接全选后复制", "Tap the link to select it, then copy"),
    "copy": Text("📋 复制链接", "📋 Copy link"),
    "copied": Text("已复制 ✓", "Copied ✓"),
    "copy_manual": Text("已选中，按 Ctrl+C 复制（手机上长按）", "Selected: press Ctrl+C (long-press on a phone)"),
    "renew": Text("🔄 换新链接", "🔄 New link"),
    "renew_off": Text("🔗 重新发一个链接", "🔗 Give a new link"),
    "revoke": Text("🔒 停用", "🔒 Turn off"),
    "revoke_ask": Text(
        "停用{name}的链接吗？拿着这个链接的手机就不能再标注了；已做的标注都保留，之后可以再发一个新链接。",
        "Turn off {name}'s link? A phone holding it can no longer label; the labels stay, and you can "
        "give a new link later.",
    ),
    "revoke_yes": Text("确定停用", "Yes, turn it off"),
    "link_unknown": Text(
        "这个链接仍然有效，但它是在工作室开始保存链接之前生成的，这里显示不出来。点“🔄 换新链接”生成一个"
        "能显示的（旧链接随即失效）。",
        "This link still works, but it was made before the studio kept links, so it cannot be shown "
        "here. “🔄 New link” makes one that can (the old one then stops).",
    ),
    "link_off": Text("🔒 链接已停用，标注都还在。", "🔒 The link is off; the labels stay."),
    "renewed": Text(
        "🔄 {name}的新链接在“标注的人”里；旧链接已经打不开了，请把新的发给 TA。",
        "🔄 {name}'s new link is under “Who labels”; the old one no longer opens, so send the new one.",
    ),
    "nobody": Text(
        "还没有添加标注的人：在下面“标注的人”里加上你们两个。",
        "Nobody labels yet: add the two of you under “Who labels” below.",
    ),
    "one_reply": Text(
        "还有 {n} 条对话只有一条回复：你们打开各自的链接，点“✍️ 写回复”补上第二条。",
        "{n} conversations have only one reply: open your links and tap “✍️ write a reply” to add the second.",
    ),
    "person_counts": Text(
        "已选 {labelled} · 跳过 {skipped} / 共 {total}", "{labelled} done · {skipped} skipped / {total}"
    ),
    "desk_title": Text("“{name}”：{ready} 条可以标注", "“{name}”: {ready} items to label"),
    "archive": Text("🗄 归档", "🗄 Archive"),
    "archive_what": Text(
        "做完或不用的项目可以归档：它不再出现在上面的列表里，两个人的链接会停用，所有标注都保留，随时可以恢复和导出。",
        "Archive a project you are done with: it leaves the list above and both partners' links stop "
        "working; every label is kept, and you can restore and export it any time.",
    ),
    "archive_go": Text("🗄 归档当前项目", "🗄 Archive this project"),
    "archive_ask": Text(
        "要归档“{name}”吗？{labels} 条标注都会保留，两个人的链接会停用。",
        "Archive “{name}”? Its {labels} labels are kept; both partners' links stop working.",
    ),
    "archive_yes": Text("确定归档", "Yes, archive it"),
    "archive_no": Text("取消", "Cancel"),
    "archived": Text(
        "🗄 已归档“{name}”，{labels} 条标注都保留着。", "🗄 “{name}” archived; its {labels} labels are kept."
    ),
    "archived_pick": Text("已归档的项目", "Archived projects"),
    "restore": Text("↩️ 恢复", "↩️ Restore"),
    "restored": Text(
        "↩️ 已恢复“{name}”。两个人的旧链接已停用：在“标注的人”里各自的卡片上点“🔗 重新发一个链接”。",
        "↩️ “{name}” is back. The partners' old links stay off: press “🔗 Give a new link” on each one's "
        "card under “Who labels”.",
    ),
    "need_archived": Text("请先在下拉框里选一个已归档的项目。", "Pick an archived project in the list first."),
    "revoked": Text(
        "🔒 {name}的链接已停用；标注都还在，需要时在 TA 的卡片上点“🔗 重新发一个链接”。",
        "🔒 {name}'s link is off; the labels stay. Press “🔗 Give a new link” on their card when needed.",
    ),
    "need_project": Text("请先选择或新建一个标注项目。", "Choose or create an annotation project first."),
    "need_who": Text("请说明是哪一个人的链接（名字）。", "Say whose link it is (a name)."),
    "agree": Text("🤝 你们的一致程度", "🤝 How often you agree"),
    "dis": Text(
        "有分歧的条目（一起讨论后记下最终结论）", "Items you disagree on (talk them over, then record the final answer)"
    ),
    "dis_pick": Text("选一条来讨论", "Pick one to talk over"),
    "dis_cols": Text("第几条|{x} 选的|{y} 选的|最终结论", "item|{x} chose|{y} chose|final answer"),
    "res_choice": Text("你们一起定的结论", "What you decided together"),
    "res_better": Text("一起写一条更好的回复（可选）", "Write a better reply together (optional)"),
    "res_note": Text("备注（可选）", "Note (optional)"),
    "res_save": Text("记下最终结论", "Record the final answer"),
    "resolved": Text("✅ 第 {n} 条的最终结论已记下。", "✅ The final answer for item {n} is recorded."),
    "export": Text("📦 导出给训练用", "📦 Export for training"),
    "ex_kind": Text("导出成", "Export as"),
    "ex_policy": Text("两个人意见不同时", "When you two disagree"),
    "ex_tie": Text("选“差不多”的条目", "Items marked “about the same”"),
    "ex_name": Text("数据集名（可选）", "Dataset name (optional)"),
    "ex_go": Text("导出", "Export"),
    "ex_file": Text("表格文件", "Spreadsheet file"),
    "exported": Text(
        "✅ 已生成数据集“{name}”（{id}）：{train} 条训练 + {val} 条验证。去“训练”页就能直接选它。\n\n"
        "用上了 {used} 条标注；因分歧跳过 {dis} 条，因“差不多/都不好”且没写更好回复跳过 {tie} 条。",
        "✅ Dataset “{name}” ({id}) is ready: {train} training + {val} validation rows. Pick it on "
        "the Train tab.\n\nUsed {used} labelled items; left out {dis} disagreements and {tie} items "
        "marked about-the-same / both-bad without a better reply.",
    ),
    "csv_done": Text(
        "✅ 表格已导出：`{path}`（Excel / WPS 可直接打开）。", "✅ Sheet written: `{path}` (opens in Excel)."
    ),
    # --- the labelling card
    "question": Text("哪条回复让人感觉更好？", "Which reply feels better?"),
    "choice": Text("你的选择", "Your choice"),
    "extra": Text("✍️ 写一条更好的回复 · 备注（可选）", "✍️ Write a better reply · note (optional)"),
    "better": Text("更好的回复：写了就会当作最好的那条", "A better reply: if you write one, it counts as the best"),
    "note": Text("备注", "Note"),
    "confirm": Text("确认 ✓", "Confirm ✓"),
    "skip": Text("跳过 →", "Skip →"),
    "back": Text("← 上一条", "← Back"),
    "undo": Text("↶ 撤销", "↶ Undo"),
    "keys": Text(
        "⌨️ 键盘：1 / 2 / 3 / 4 选择，Enter 确认，U 撤销，S 跳过，B 上一条。也可以直接点你喜欢的那条回复。",
        "⌨️ Keys: 1 / 2 / 3 / 4 choose, Enter confirm, U undo, S skip, B back. You can also tap the reply you like.",
    ),
    "hello": Text("{name}", "{name}"),
    "pos": Text("第 {pos} / {total} 条", "Item {pos} of {total}"),
    "counts": Text(
        "已选 {labelled} · 跳过 {skipped} · 还剩 {left}", "{labelled} done · {skipped} skipped · {left} to go"
    ),
    "saved": Text("✅ 已保存第 {n} 条", "✅ Item {n} saved"),
    "skipped": Text("跳过了第 {n} 条，之后按“上一条”还能回来", "Skipped item {n}; “Back” brings it back"),
    "undone": Text("↶ 撤销了第 {n} 条的选择，重新选吧", "↶ Undid your answer on item {n}; choose again"),
    "nothing_undo": Text("没有可以撤销的选择。", "There is nothing to undo."),
    "at_start": Text("已经是第一条了。", "This is the first item."),
    "pick_first": Text(
        "请先选一个：A 更好、B 更好、差不多，或都不好（键盘 1–4）。",
        "Choose first: A is better, B is better, about the same, or both bad (keys 1–4).",
    ),
    "done": Text(
        "🎉 全部完成啦，谢谢你！每一次选择都已经保存，可以直接关掉页面；想检查就点“上一条”。",
        "🎉 All done, thank you! Every answer is saved, so you can close the page; “Back” lets you check.",
    ),
    "empty_project": Text("这个项目里还没有能比较的两条回复。", "This project has no pair of replies to compare yet."),
    "bad_link": Text(
        "🔒 这个链接无效或已被停用。请向设置标注的人要一个新的专属链接。",
        "🔒 This link is not valid or has been turned off. Ask whoever set up the labelling for a new personal link.",
    ),
    "stale": Text("这一条已经不在了，请刷新页面。", "This item is gone; reload the page."),
    # --- writing replies
    "write_open": Text("✍️ 还有 {n} 条对话等你写回复", "✍️ {n} conversations wait for your reply"),
    "write_head": Text("✍️ 写回复 · 还有 {n} 条等待", "✍️ Write a reply · {n} waiting"),
    "write_ask": Text(
        "如果是你，会怎么回？写好后它会和另一条回复放在一起比较（不会显示是谁写的）。",
        "How would you reply? It will be compared with another reply (nobody sees who wrote which).",
    ),
    "write_text": Text("你的回复", "Your reply"),
    "write_save": Text("保存这条回复", "Save this reply"),
    "write_next": Text("换一条", "Another one"),
    "write_done": Text("回去标注", "Back to labelling"),
    "written": Text("✅ 回复已保存（第 {n} 条）", "✅ Reply saved (item {n})"),
    "all_written": Text(
        "所有对话都有两条回复了，开始标注吧。", "Every conversation has two replies now; on to labelling."
    ),
}

# Screen terms: what a partner sees (A is the left / upper reply on their screen).
SCREEN_CHOICES = [
    (Text("A 更好", "A is better"), "left"),
    (Text("B 更好", "B is better"), "right"),
    (Text("差不多", "About the same"), "tie"),
    (Text("都不好", "Both are bad"), "both_bad"),
]
# Reply terms: the owner's view shows reply_a as A and reply_b as B.
REPLY_CHOICE_TEXT = {
    "a": Text("A 更好", "A is better"),
    "b": Text("B 更好", "B is better"),
    "tie": Text("差不多", "About the same"),
    "both_bad": Text("都不好", "Both are bad"),
}
REPLY_CHOICES = [(t, c) for c, t in REPLY_CHOICE_TEXT.items()]
SKIP_TEXT = Text("跳过", "skipped")
ROLE_TEXT = {
    "user": Text("TA 说", "They said"),
    "assistant": Text("回复", "Reply"),
    "system": Text("设定", "Setting"),
    "tool": Text("工具", "Tool"),
}
EXPORT_KINDS = [
    (Text("偏好对（DPO 等用）", "Preference pairs (for DPO & co)"), "pairs"),
    (Text("KTO（每条回复标好/不好）", "KTO (each reply marked good / bad)"), "kto"),
    (Text("表格 CSV（自己看）", "CSV sheet (to read yourselves)"), "csv"),
]
POLICIES = [
    (Text("丢掉这条", "leave the item out"), "drop"),
    (Text("用一起定的结论", "use the answer you decided together"), "resolution"),
    (Text("按多数票", "majority vote"), "majority"),
]
TIE_POLICIES = [(Text("不导出", "leave them out"), "drop"), (Text("两条都算好", "count both as good"), "both_true")]
KIND_TEXT = {"pairs": Text("偏好对", "pairs"), "sft": Text("对话·第二条由你们写", "conversations · you write reply 2")}
SOURCES = [
    (Text("数据集里的回复", "Replies in a dataset"), "dataset"),
    (Text("让模型来写回复", "Generate replies with models"), "generate"),
]
KAPPA_WORDS = [
    (0.0, Text("比碰运气还低", "below chance")),
    (0.2, Text("很弱", "slight")),
    (0.4, Text("一般", "fair")),
    (0.6, Text("中等", "moderate")),
    (0.8, Text("较强", "substantial")),
    (1.01, Text("几乎完全一致", "almost perfect")),
]


# ---------------------------------------------------------------------------------------------
# What the labelling card shows, built from the store only


@dataclass
class Card:
    mode: str  # "label" | "write" | "bad_link"
    annotator: A.Annotator | None = None
    screen: A.Screen | None = None  # None in label mode: nothing left (or nothing yet)
    progress: A.Progress | None = None
    write: A.WriteScreen | None = None
    waiting: int = 0  # items still missing a reply
    status: str = ""
    keep: dict = field(default_factory=dict)  # widget values to keep as they are (the write box after a clash)


def _esc(text: str) -> str:
    return html.escape(text or "", quote=True)


def _bubbles(prompt: list[dict], lang: str) -> str:
    out = []
    for m in prompt:
        role = m.get("role", "user")
        who = ROLE_TEXT.get(role, Text(role, role))(lang)
        out.append(
            f'<div class="qa-msg qa-{_esc(role)}"><div class="qa-role">{_esc(who)}</div>'
            f'<div class="qa-bubble">{_esc(m.get("content", ""))}</div></div>'
        )
    return "".join(out)


def _bar(done: int, total: int) -> str:
    pct = 0 if not total else round(100 * done / total, 1)
    return f'<div class="qa-bar" role="progressbar" aria-valuenow="{pct}"><div style="width:{pct}%"></div></div>'


def _head_html(card: Card, lang: str) -> str:
    if card.annotator is None:
        return ""
    hello = T["hello"](lang, name=_esc(card.annotator.name))
    pr = card.progress
    if card.mode == "write" and card.write:
        where = T["write_head"](lang, n=card.write.waiting)
        return f'<div class="qa-head"><div class="qa-top"><b>{hello}</b><span>{where}</span></div></div>'
    if pr is None:
        return f'<div class="qa-head"><div class="qa-top"><b>{hello}</b></div></div>'
    pos = T["pos"](lang, pos=card.screen.position, total=card.screen.total) if card.screen else ""
    counts = T["counts"](lang, labelled=pr.labelled, skipped=pr.skipped, left=max(pr.remaining, 0))
    return (
        f'<div class="qa-head"><div class="qa-top"><b>{hello}</b><span class="qa-pos">{pos}</span></div>'
        f'{_bar(pr.labelled + pr.skipped, pr.total)}<div class="qa-counts">{counts}</div></div>'
    )


def _card_html(card: Card, lang: str) -> str:
    if card.mode == "bad_link":
        return f'<div class="qa-card qa-note">{_esc(T["bad_link"](lang))}</div>'
    s = card.screen
    if s is None:
        pr = card.progress
        msg = T["done"](lang) if pr and pr.total else T["empty_project"](lang)
        return f'<div class="qa-card qa-note">{_esc(msg)}</div>'
    replies = "".join(
        f'<div class="qa-reply" data-side="{side}"><span class="qa-badge">{badge}</span>'
        f'<div class="qa-text">{_esc(text)}</div></div>'
        for side, badge, text in (("left", "A", s.left), ("right", "B", s.right))
    )
    return (
        f'<div class="qa-card"><div class="qa-convo">{_bubbles(s.prompt, lang)}</div>'
        f'<div class="qa-ask">{_esc(T["question"](lang))}</div><div class="qa-replies">{replies}</div></div>'
    )


def _state(card: Card) -> dict:
    """What the card shows, as data (scripts and tests read it; it holds nothing the page doesn't show)."""
    s, pr, w = card.screen, card.progress, card.write
    return {
        "mode": card.mode,
        "annotator": card.annotator.name if card.annotator else None,
        "item": s.item_id if s else None,
        "position": s.position if s else None,
        "total": s.total if s else (pr.total if pr else None),
        "left": s.left if s else None,
        "right": s.right if s else None,
        "current": s.current if s else None,
        "labelled": pr.labelled if pr else None,
        "skipped": pr.skipped if pr else None,
        "waiting": card.waiting,
        "write_item": w.item_id if w else None,
    }


def _db(ctx: UIContext):
    # One connection per click: handlers run on many threads, and nothing lingers after a failure.
    return connections.for_action(ctx.ws)


def _who(con: Connection, token: str) -> A.Annotator:
    a = A.annotator_by_token(con, (token or "").strip())
    if a is None:
        raise UserError(T["bad_link"].zh, T["bad_link"].en)
    return a


def _item_id(value) -> int | None:
    try:
        return int(str(value).strip()) if str(value or "").strip() else None
    except ValueError:
        raise UserError(T["stale"].zh, T["stale"].en) from None


def _waiting(con: Connection, a: A.Annotator) -> int:
    w = A.next_to_write(con, a.project_id, a)
    return w.waiting if w else 0


def label_card(con: Connection, lang: str, a: A.Annotator, screen: A.Screen | None = None, status: str = "") -> Card:
    """The card at `screen`, or where the partner left off; an empty project with replies to write
    opens the writing card instead."""
    screen = screen or A.next_item(con, a.project_id, a)
    pr = A.progress(con, a.project_id, a)
    waiting = _waiting(con, a)
    if screen is None and pr.total == 0 and waiting:
        return write_card(con, lang, a, status=status)
    return Card("label", a, screen, pr, None, waiting, status)


def write_card(
    con: Connection, lang: str, a: A.Annotator, after: int | None = None, status: str = "", keep: dict | None = None
) -> Card:
    """The next conversation waiting for a reply; back to labelling once none is left."""
    w = A.next_to_write(con, a.project_id, a, after)
    if w is None:
        return label_card(con, lang, a, status=" ".join(x for x in (status, T["all_written"](lang)) if x))
    return Card("write", a, None, None, w, w.waiting, status, keep or {})


# ---------------------------------------------------------------------------------------------
# Handlers
# Each takes the tab's context (the page, where the build matters) and named widget values, the language
# first, and returns a dict of output name -> value; an output it leaves out stays as it is on the page.
# `create_annotate_tab` wires them by name. Those with a `request` get the browser's request: its Host
# header makes the partners' links.

# The outputs, by name, in the order the events list them.
CARD = (
    "owner_col",
    "card_col",
    "write_col",
    "head",
    "view",
    "work",
    "nav",
    "extra",
    "extra_open",
    "choice",
    "better",
    "note",
    "item",
    "status",
    "write_btn",
    "w_head",
    "w_view",
    "w_text",
    "w_item",
    "w_status",
    "state",
)
OWNER = (
    "proj",
    "summary",
    "ds_pick",
    "ds_empty",
    "new_acc",
    "links_data",
    "links_html",
    "agree",
    "dis_col",
    "dis_table",
    "dis_pick",
    "gen_box",
    "gen_timer",
    "gen_models",
    "no_models",
    "archived_pick",
)
LAN = ("lan_addr", "lan_pw", "lan_on", "lan_off", "lan_note")
ASK = ("arch_ask", "arch_go", "arch_yes", "arch_no")


@dataclass
class AnnotatePage:
    """What the page-wide handlers (page load, language switch) need beyond the context: whether this build
    has the owner's desk (False: the labelling page alone, as the LAN listener serves it)."""

    ctx: UIContext
    owner: bool = True


def render(lang: str, card: Card) -> dict:
    """Every widget of the labelling and writing cards (CARD) as `card` shows them; the desk is hidden."""
    s, w = card.screen, card.write
    labelling = card.mode == "label"
    has_extra = bool(s and (s.better_reply or s.note))
    return {
        "owner_col": gr.update(visible=False),
        "card_col": gr.update(visible=card.mode != "write"),
        "write_col": gr.update(visible=card.mode == "write"),
        "head": _head_html(card, lang),
        "view": _card_html(card, lang),
        "work": gr.update(visible=labelling and s is not None),
        "nav": gr.update(visible=card.mode != "bad_link"),
        "extra": gr.update(visible=has_extra),
        "extra_open": gr.update(visible=not has_extra),
        "choice": gr.update(value=s.current if s and s.current in {c for _, c in SCREEN_CHOICES} else None),
        "better": gr.update(value=(s.better_reply or "") if s else ""),
        "note": gr.update(value=(s.note or "") if s else ""),
        "item": str(s.item_id) if s else "",
        "status": card.status if labelling or card.mode == "bad_link" else "",
        "write_btn": gr.update(visible=labelling and card.waiting > 0, value=T["write_open"](lang, n=card.waiting)),
        "w_head": _head_html(card, lang) if w else "",
        "w_view": (
            f'<div class="qa-card"><div class="qa-convo">{_bubbles(w.prompt, lang)}</div>'
            f'<div class="qa-ask">{_esc(T["write_ask"](lang))}</div></div>'
        )
        if w
        else "",
        "w_text": gr.update(value=card.keep.get("write_text", "")),
        "w_item": str(w.item_id) if w else "",
        "w_status": card.status if card.mode == "write" else "",
        "state": _state(card),
    }


# ---- the labelling card: every one checks the partner's link first


def open_card(ctx: UIContext, lang, token) -> dict:
    with _db(ctx) as con:
        a = A.annotator_by_token(con, (token or "").strip())
        card = label_card(con, lang, a) if a else Card("bad_link")
    return render(lang, card)


def show_extra(ctx: UIContext) -> dict:
    return {"extra": gr.update(visible=True), "extra_open": gr.update(visible=False)}


def do_confirm(ctx: UIContext, lang, token, item_value, picked, better_text, note_text) -> dict:
    with _db(ctx) as con:
        a = _who(con, token)
        item_id = _item_id(item_value)
        if item_id is None:
            return render(lang, label_card(con, lang, a))
        if not picked:
            raise UserError(T["pick_first"].zh, T["pick_first"].en)
        A.label(con, a.project_id, a, item_id, picked, better_reply=better_text, note=note_text)
        done = A.screen(con, a.project_id, a, item_id).position
        return render(lang, label_card(con, lang, a, status=T["saved"](lang, n=done)))


def do_skip(ctx: UIContext, lang, token, item_value) -> dict:
    with _db(ctx) as con:
        a = _who(con, token)
        item_id = _item_id(item_value)
        if item_id is None:
            return render(lang, label_card(con, lang, a))
        here = A.screen(con, a.project_id, a, item_id)
        if here.current not in (None, "skip"):
            # Looking back at an answered card: "skip" moves on and keeps the answer.
            return render(lang, label_card(con, lang, a))
        A.skip(con, a.project_id, a, item_id)
        return render(lang, label_card(con, lang, a, status=T["skipped"](lang, n=here.position)))


def do_back(ctx: UIContext, lang, token, item_value) -> dict:
    with _db(ctx) as con:
        a = _who(con, token)
        here = _item_id(item_value)
        prev = A.go_back(con, a.project_id, a, here)
        if prev is None:
            cur = A.screen(con, a.project_id, a, here) if here else None
            return render(lang, label_card(con, lang, a, cur, status=T["at_start"](lang)))
        return render(lang, label_card(con, lang, a, prev))


def do_undo(ctx: UIContext, lang, token) -> dict:
    with _db(ctx) as con:
        a = _who(con, token)
        ack = A.undo(con, a.project_id, a)
        if ack is None:
            return render(lang, label_card(con, lang, a, status=T["nothing_undo"](lang)))
        s = A.screen(con, a.project_id, a, ack.item_id)
        return render(lang, label_card(con, lang, a, s, status=T["undone"](lang, n=s.position)))


def open_write(ctx: UIContext, lang, token) -> dict:
    with _db(ctx) as con:
        return render(lang, write_card(con, lang, _who(con, token)))


def do_write(ctx: UIContext, lang, token, w_item_value, text) -> dict:
    with _db(ctx) as con:
        a = _who(con, token)
        item_id = _item_id(w_item_value)
        if item_id is None:
            return render(lang, write_card(con, lang, a))
        try:
            A.add_written_reply(con, a.project_id, item_id, text, author=a.name)
        except UserError as e:
            if not A.get_item(con, a.project_id, item_id).ready:
                raise
            # The partner filled this slot a moment ago: say so, keep the text, move on.
            gr.Warning(e.text(lang))
            return render(lang, write_card(con, lang, a, item_id, keep={"write_text": text}))
        pos = A.get_item(con, a.project_id, item_id).position
        return render(lang, write_card(con, lang, a, item_id, status=T["written"](lang, n=pos)))


def write_next(ctx: UIContext, lang, token, w_item_value) -> dict:
    with _db(ctx) as con:
        return render(lang, write_card(con, lang, _who(con, token), _item_id(w_item_value)))


def close_write(ctx: UIContext, lang, token) -> dict:
    # The labelling card, even when nothing can be compared yet (label_card would reopen writing).
    with _db(ctx) as con:
        a = _who(con, token)
        return render(
            lang,
            Card(
                "label", a, A.next_item(con, a.project_id, a), A.progress(con, a.project_id, a), None, _waiting(con, a)
            ),
        )


# ---- the owner's desk


def _gen_view(ctx: UIContext, lang, con, project_name) -> tuple[str, gr.Timer]:
    """The progress of the job filling a generated project, and whether to keep polling it."""
    p = A.get_project(con, project_name) if project_name else None
    g = C.status(ctx.ws, p, ctx.jobs) if p else None
    if g is None:
        return "", gr.Timer(active=False)
    job = g.job
    if job.status == "queued":
        msg = T["gen_queued"](lang)
    elif job.active:
        msg = T["gen_running"](lang, pct=round(100 * g.fraction), msg=_esc(g.message(lang)) or "…")
    elif job.status == "succeeded" and g.items:
        msg = T["gen_done"](lang, replies=job.meta.get("replies", "?"), items=g.items)
    elif job.status == "succeeded":
        msg = T["gen_none"](lang, replies=job.meta.get("replies", 0))
    else:
        why = job.reason(lang) if job.reason else ""
        msg = T["gen_failed"](lang, status=STATUS_TEXT[job.status](lang), why=_esc(why))
    bar = _bar(round(100 * g.fraction), 100) if job.active else ""
    return f'<div class="qa-desk qa-note">{msg}{bar}</div>', gr.Timer(active=job.active)


def _model_choices(ctx: UIContext, lang) -> list:
    return [(e.label(lang), e.id) for e in C.generation_models(ctx.ws, ctx.jobs)]


def owner_view(ctx: UIContext, lang, project_name, dataset=None, request: gr.Request | None = None) -> dict:
    """The whole desk (OWNER) at `project_name`, or at the newest project when that one is not listed."""
    datasets = [d for d in store.list_datasets(ctx.ws) if d.kind in KIND_TEXT]
    ds_choices = [
        (f"{d.name} · {KIND_TEXT[d.kind](lang)} · {d.card.get('counts', {}).get('kept', '?')}", d.id) for d in datasets
    ]
    ds_value = dataset if dataset in [v for _, v in ds_choices] else (ds_choices[0][1] if ds_choices else None)
    models = _model_choices(ctx, lang)
    with _db(ctx) as con:
        projects = A.list_projects(con)
        archived = gr.update(
            choices=[(f"{p.project.name} · {p.labels}", p.project.name) for p in A.list_projects(con, archived=True)],
            value=None,
        )
        names = [p.project.name for p in projects]
        if project_name not in names:
            project_name = names[-1] if names else None
        if project_name is None:
            return {
                "proj": gr.update(choices=[], value=None),
                "summary": _empty_summary(lang),
                "ds_pick": gr.update(choices=ds_choices, value=ds_value),
                "ds_empty": gr.update(visible=not ds_choices),
                "new_acc": gr.update(open=True),
                "links_data": {},
                "links_html": "",
                "agree": "",
                "dis_col": gr.update(visible=False),
                "dis_table": gr.update(value=[], headers=T["dis_cols"](lang, x="x", y="y").split("|")),
                "dis_pick": gr.update(choices=[], value=None),
                "gen_box": "",
                "gen_timer": gr.Timer(active=False),
                "gen_models": gr.update(choices=models),
                "no_models": gr.update(visible=not models),
                "archived_pick": archived,
            }
        st = A.stats(con, project_name)
        ag = A.agreement(con, project_name)
        gen_html, gen_poll = _gen_view(ctx, lang, con, project_name)
        links = links_view(ctx, lang, con, project_name, request)
    proj_choices = [(f"{p.project.name} · {p.ready}/{p.items}", p.project.name) for p in projects]
    x, y = ag.annotator_x or "x", ag.annotator_y or "y"
    rows = [
        [
            d.position,
            REPLY_CHOICE_TEXT[d.choice_x](lang),
            REPLY_CHOICE_TEXT[d.choice_y](lang),
            REPLY_CHOICE_TEXT[d.resolution](lang) if d.resolution else "—",
        ]
        for d in ag.disagreements
    ]
    dis_choices = [
        (
            f"#{d.position} · {REPLY_CHOICE_TEXT[d.choice_x](lang)} / {REPLY_CHOICE_TEXT[d.choice_y](lang)}"
            + (" ✅" if d.resolution else ""),
            str(d.item_id),
        )
        for d in ag.disagreements
    ]
    return {
        "proj": gr.update(choices=proj_choices, value=project_name),
        "summary": _summary(st, lang),
        "ds_pick": gr.update(choices=ds_choices, value=ds_value),
        "ds_empty": gr.update(visible=not ds_choices),
        "new_acc": gr.update(open=False),
        **links,
        "agree": _agreement_md(ag, lang),
        "dis_col": gr.update(visible=bool(rows)),
        "dis_table": gr.update(value=rows, headers=T["dis_cols"](lang, x=x, y=y).split("|")),
        "dis_pick": gr.update(choices=dis_choices, value=None),
        "gen_box": gen_html,
        "gen_timer": gen_poll,
        "gen_models": gr.update(choices=models),
        "no_models": gr.update(visible=not models),
        "archived_pick": archived,
    }


def links_view(ctx: UIContext, lang, con, project_name, request: gr.Request | None) -> dict:
    """The partners' link cards and the same as data: {name: {"active", "url"}} (url None when the link is
    off or was made before the workspace kept links)."""
    base = server.lan_status() or _base_url(request)
    links = A.partner_links(con, project_name) if project_name else []
    data = {k.name: {"active": k.active, "url": base + A.link_path(k.token) if k.token else None} for k in links}
    return {"links_data": data, "links_html": _links_html(links, base, lang)}


def do_refresh(ctx: UIContext, lang, project_name, request: gr.Request | None = None) -> dict:
    return owner_view(ctx, lang, project_name, request=request)


def do_create(ctx: UIContext, lang, dataset, name) -> dict:
    if not dataset:
        raise UserError(T["no_dataset"].zh, T["no_dataset"].en)
    name = (name or "").strip() or store.get_dataset(ctx.ws, dataset).name
    with _db(ctx) as con:
        p = A.create_project_from_dataset(con, ctx.ws, dataset, name)
        n = len(A.list_items(con, p))
    gr.Info(T["created"](lang, name=p.name, n=n))
    return owner_view(ctx, lang, p.name, dataset)


def do_sample(ctx: UIContext, lang, name) -> dict:
    ds = store.register_jsonl(ctx.ws, SAMPLE_PAIRS, T["sample_dataset"](lang), "pairs").dataset
    with _db(ctx) as con:
        taken = {p.project.name for p in A.list_projects(con, archived=None)}
        base = (name or "").strip() or T["sample_project"](lang)
        pname = next(n for n in (base if k == 1 else f"{base} {k}" for k in range(1, 1000)) if n not in taken)
        p = A.create_project_from_dataset(con, ctx.ws, ds.id, pname)
        n = len(A.list_items(con, p))
    gr.Info(T["created"](lang, name=p.name, n=n))
    return owner_view(ctx, lang, p.name, ds.id)


def do_generate(ctx: UIContext, lang, dataset, name, models, n, temperature, max_tokens) -> dict:
    if not dataset:
        raise UserError(T["no_dataset"].zh, T["no_dataset"].en)
    with _db(ctx) as con:
        taken = {p.project.name for p in A.list_projects(con, archived=None)}
    base = (name or "").strip() or T["gen_default"](lang, ds=store.get_dataset(ctx.ws, dataset).name)
    pname = (
        base
        if (name or "").strip()
        else next(x for x in (base if k == 1 else f"{base} {k}" for k in range(1, 1000)) if x not in taken)
    )
    settings = C.GenerateSettings(
        project=pname,
        dataset=dataset,
        models=list(models or []),
        n=n,
        temperature=temperature,
        max_new_tokens=max_tokens,
    )
    project, _ = C.submit(ctx.ws, settings, ctx.jobs)
    gr.Info(T["gen_started"](lang))
    return owner_view(ctx, lang, project.name, dataset)


def on_source(ctx: UIContext, lang, source) -> dict:
    gen = source == "generate"
    return {
        "gen_col": gr.update(visible=gen),
        "ds_buttons": gr.update(visible=not gen),
        "ds_pick": gr.update(info=T["gen_dataset_info" if gen else "dataset_info"](lang)),
    }


def gen_tick(ctx: UIContext, lang, project_name) -> dict:
    # Polls only while a job fills the project; the summary follows so the items appear when done.
    if not project_name:
        return {"gen_box": "", "gen_timer": gr.Timer(active=False)}
    with _db(ctx) as con:
        html_, poll = _gen_view(ctx, lang, con, project_name)
        st = A.stats(con, project_name)
    return {"gen_box": html_, "gen_timer": poll, "summary": _summary(st, lang)}


def show_links(ctx: UIContext, lang, project_name, request: gr.Request | None = None) -> dict:
    if not project_name:
        return {"links_data": {}, "links_html": ""}
    with _db(ctx) as con:
        return links_view(ctx, lang, con, project_name, request)


def do_add(ctx: UIContext, lang, project_name, name, request: gr.Request | None = None) -> dict:
    if not project_name:
        raise UserError(T["need_project"].zh, T["need_project"].en)
    with _db(ctx) as con:
        A.add_annotator(con, project_name, name)
    return {**owner_view(ctx, lang, project_name, request=request), "who": gr.update(value="")}


def _for_person(ctx: UIContext, lang, project_name, person, request, act, said: str) -> dict:
    """A new link or a link turned off: one partner's link changes, then the desk is drawn again."""
    if not project_name or not person:
        raise UserError(T["need_who"].zh, T["need_who"].en)
    with _db(ctx) as con:
        act(con, project_name, person)
    gr.Info(T[said](lang, name=person))
    return owner_view(ctx, lang, project_name, request=request)


def do_renew(ctx: UIContext, lang, project_name, person, request: gr.Request | None = None) -> dict:
    return _for_person(ctx, lang, project_name, person, request, A.reset_token, "renewed")


def do_revoke(ctx: UIContext, lang, project_name, person, request: gr.Request | None = None) -> dict:
    return _for_person(ctx, lang, project_name, person, request, A.revoke, "revoked")


def lan_view(ctx: UIContext, lang, note: str = "") -> dict:
    url = server.lan_status()
    found = server.lan_addresses()
    return {
        "lan_addr": gr.update(
            choices=found,
            value=(url and server._lan.get("address")) or (found[0] if found else None),
            interactive=not url,
        ),
        "lan_pw": gr.update(visible=not url and not server.studio_has_password(), value=""),
        "lan_on": gr.update(visible=not url),
        "lan_off": gr.update(visible=bool(url)),
        "lan_note": note or (T["lan_open"](lang, url=url) if url else ("" if found else T["lan_none"](lang))),
    }


def do_lan_open(ctx: UIContext, lang, address, password, project_name, request: gr.Request | None = None) -> dict:
    url = server.lan_open(address, password or None)
    return {**lan_view(ctx, lang, T["lan_open"](lang, url=url)), **show_links(ctx, lang, project_name, request)}


def do_lan_close(ctx: UIContext, lang, project_name, request: gr.Request | None = None) -> dict:
    server.lan_close()
    return {**lan_view(ctx, lang, T["lan_closed"](lang)), **show_links(ctx, lang, project_name, request)}


def show_disagreement(ctx: UIContext, lang, project_name, item_value) -> dict:
    item_id = _item_id(item_value)
    if not project_name or item_id is None:
        return {"dis_view": "", "res_choice": gr.update(value=None), "res_better": "", "res_note": ""}
    with _db(ctx) as con:
        it = A.get_item(con, project_name, item_id)
        labels = A.item_labels(con, project_name, item_id)
    final = next((lb for lb in labels if lb.role == "resolution"), None)
    return {
        "dis_view": _dispute_html(it, labels, lang),
        "res_choice": gr.update(value=final.choice if final else None),
        "res_better": (final.better_reply or "") if final else "",
        "res_note": (final.note or "") if final else "",
    }


def do_resolve(
    ctx: UIContext, lang, project_name, item_value, picked, better_text, note_text, request: gr.Request | None = None
) -> dict:
    item_id = _item_id(item_value)
    if not project_name or item_id is None:
        raise UserError(T["need_project"].zh, T["need_project"].en)
    if not picked:
        raise UserError(T["pick_first"].zh, T["pick_first"].en)
    with _db(ctx) as con:
        A.resolve(con, project_name, item_id, picked, better_reply=better_text, note=note_text)
        pos = A.get_item(con, project_name, item_id).position
    gr.Info(T["resolved"](lang, n=pos))
    out = owner_view(ctx, lang, project_name, request=request)
    out["dis_pick"] = gr.update(choices=out["dis_pick"]["choices"], value=str(item_id))
    return out


def export_kind(ctx: UIContext, lang, kind) -> dict:
    return {"ex_policy": gr.update(visible=kind != "csv"), "ex_tie": gr.update(visible=kind == "kto")}


def do_export(ctx: UIContext, lang, project_name, kind, policy, tie, name) -> dict:
    if not project_name:
        raise UserError(T["need_project"].zh, T["need_project"].en)
    with _db(ctx) as con:
        if kind == "csv":
            path = A.export_csv(con, ctx.ws, project_name, lang=lang)
            return {
                "ex_result": T["csv_done"](lang, path=path.relative_to(ctx.ws.root)),
                "ex_file": gr.update(value=str(path), visible=True),
            }
        res = A.export(
            con,
            ctx.ws,
            project_name,
            kind=kind,
            policy=policy or "drop",
            tie_policy=(tie or "drop") if kind == "kto" else "drop",
            name=(name or "").strip() or None,
        )
    c = res.counts
    ds = store.get_dataset(ctx.ws, res.dataset_id)
    ties = sum(v for k, v in c.items() if k in ("dropped_tie", "dropped_both_bad"))
    return {
        "ex_result": T["exported"](
            lang,
            name=ds.name,
            id=res.dataset_id,
            train=c.get("train", 0),
            val=c.get("val", 0),
            used=c.get("items_used", 0),
            dis=c.get("dropped_disagreement", 0),
            tie=ties,
        ),
        "ex_file": gr.update(value=None, visible=False),
    }


def ask_archive(ctx: UIContext, lang, project_name) -> dict:
    if not project_name:
        raise UserError(T["need_project"].zh, T["need_project"].en)
    with _db(ctx) as con:
        labels = next((p.labels for p in A.list_projects(con) if p.project.name == project_name), 0)
    return {
        "arch_ask": gr.update(value=T["archive_ask"](lang, name=_esc(project_name), labels=labels), visible=True),
        "arch_go": gr.update(visible=False),
        "arch_yes": gr.update(visible=True),
        "arch_no": gr.update(visible=True),
    }


def hide_ask(ctx: UIContext) -> dict:
    return {
        "arch_ask": gr.update(visible=False),
        "arch_go": gr.update(visible=True),
        "arch_yes": gr.update(visible=False),
        "arch_no": gr.update(visible=False),
    }


def do_archive(ctx: UIContext, lang, project_name, request: gr.Request | None = None) -> dict:
    if not project_name:
        raise UserError(T["need_project"].zh, T["need_project"].en)
    with _db(ctx) as con:
        labels = A.archive_project(con, project_name)
    gr.Info(T["archived"](lang, name=project_name, labels=labels))
    return {**hide_ask(ctx), **owner_view(ctx, lang, None, request=request)}


def do_restore(ctx: UIContext, lang, name, request: gr.Request | None = None) -> dict:
    if not name:
        raise UserError(T["need_archived"].zh, T["need_archived"].en)
    with _db(ctx) as con:
        p = A.restore_project(con, name)
    gr.Info(T["restored"](lang, name=p.name))
    return owner_view(ctx, lang, p.name, request=request)


# ---- the whole page: a personal link or the desk


def on_load(page: AnnotatePage, lang, request: gr.Request | None = None) -> dict:
    """The page as opened: with `?annotator=TOKEN` the card only (no owner data is sent to such a page), else
    the desk; the labelling page alone (no desk) without a token says the link is not valid."""
    ctx = page.ctx
    token = (request.query_params.get("annotator") if request else None) or ""
    if not token and not page.owner:
        return {"tok": "", **render(lang, Card("bad_link"))}
    if not token:
        return {"tok": "", "owner_col": gr.update(visible=True), **owner_view(ctx, lang, None, request=request)}
    # A personal link: the card only. (Gradio 6.31 does not hide a Tab through an update; annotate.js marks
    # the page and style.css hides the tab bar, the jobs bar and the title.)
    return {
        "tok": token,
        **open_card(ctx, lang, token),
        **({"tabs": gr.update(selected="tab-annotate")} if ctx.tabs is not None else {}),
    }


def relabel(
    page: AnnotatePage, lang, token, item_value, w_item_value, project_name=None, request: gr.Request | None = None
) -> dict:
    """The card and the desk hold text built from the store: rebuild them in the new language."""
    ctx = page.ctx
    if not token:
        return owner_view(ctx, lang, project_name, request=request) if page.owner else {}
    with _db(ctx) as con:
        a = A.annotator_by_token(con, token)
        if a is None:
            card = Card("bad_link")
        elif _item_id(w_item_value) is not None:
            card = write_card(con, lang, a, None)
        else:
            here = _item_id(item_value)
            card = label_card(con, lang, a, A.screen(con, a.project_id, a, here) if here else None)
    return render(lang, card)


# ---------------------------------------------------------------------------------------------
# The tab


def create_annotate_tab(ctx: UIContext, owner: bool = True) -> None:
    """The tab; with owner=False only the labelling card (the page partners open through the LAN
    listener: nothing of the owner's desk is built, so none of its data or events can be reached)."""
    tr, lang0 = ctx.tr, ctx.lang
    with gr.Column(elem_classes="qixi-annotate", elem_id="ann-root"):
        tok = gr.Textbox(visible=False, elem_id="ann-token")
        # ---------------------------------------------------------------- the labelling card
        with gr.Column(visible=False, elem_id="ann-card") as card_col:
            head = gr.HTML(elem_id="ann-head")
            view = gr.HTML(elem_id="ann-view")
            with gr.Column(elem_id="ann-work") as work:
                choice = tr(
                    gr.Radio(
                        choices=choices(SCREEN_CHOICES)(lang0),
                        label=T["choice"](lang0),
                        show_label=False,
                        elem_id="ann-choice",
                    ),
                    choices=choices(SCREEN_CHOICES),
                    label=T["choice"],
                )
                # A button that shows the boxes, not an Accordion: Gradio 6.31 sometimes ignores an
                # update that opens an Accordion the person had opened and closed before.
                extra_open = tr(gr.Button(T["extra"](lang0), size="md", elem_id="ann-extra-open"), value=T["extra"])
                with gr.Column(visible=False, elem_id="ann-extra") as extra:
                    better = tr(
                        gr.Textbox(label=T["better"](lang0), lines=3, max_lines=10, elem_id="ann-better"),
                        label=T["better"],
                    )
                    note = tr(
                        gr.Textbox(label=T["note"](lang0), lines=1, max_lines=4, elem_id="ann-note"), label=T["note"]
                    )
                confirm = tr(
                    gr.Button(T["confirm"](lang0), variant="primary", size="lg", elem_id="ann-confirm"),
                    value=T["confirm"],
                )
            with gr.Row(elem_id="ann-nav", equal_height=True) as nav:
                back = tr(gr.Button(T["back"](lang0), size="md", elem_id="ann-back", min_width=60), value=T["back"])
                undo = tr(gr.Button(T["undo"](lang0), size="md", elem_id="ann-undo", min_width=60), value=T["undo"])
                skip = tr(gr.Button(T["skip"](lang0), size="md", elem_id="ann-skip", min_width=60), value=T["skip"])
            status = gr.Markdown(elem_id="ann-status")
            write_btn = gr.Button(visible=False, size="md", elem_id="ann-write-open")
            tr(gr.Markdown(T["keys"](lang0), elem_id="ann-keys"), value=T["keys"])
            item = gr.Textbox(visible=False, elem_id="ann-item")
            state = gr.JSON(visible=False, elem_id="ann-state")
        # ---------------------------------------------------------------- writing a reply
        with gr.Column(visible=False, elem_id="ann-write") as write_col:
            w_head = gr.HTML()
            w_view = gr.HTML(elem_id="ann-write-view")
            w_text = tr(
                gr.Textbox(label=T["write_text"](lang0), lines=4, max_lines=12, elem_id="ann-write-text"),
                label=T["write_text"],
            )
            w_save = tr(
                gr.Button(T["write_save"](lang0), variant="primary", size="lg", elem_id="ann-write-save"),
                value=T["write_save"],
            )
            with gr.Row():
                w_next = tr(gr.Button(T["write_next"](lang0), size="md", min_width=60), value=T["write_next"])
                w_done = tr(gr.Button(T["write_done"](lang0), size="md", min_width=60), value=T["write_done"])
            w_status = gr.Markdown()
            w_item = gr.Textbox(visible=False)
        # ---------------------------------------------------------------- the owner's desk
        if not owner:  # the labelling page alone (the LAN listener): no owner data, no owner events
            owner_col = gr.Column(visible=False, elem_id="ann-owner")
        else:
            with gr.Column(elem_id="ann-owner") as owner_col:
                tr(gr.Markdown(T["intro"](lang0)), value=T["intro"])
                with gr.Row(equal_height=False):
                    proj = tr(
                        gr.Dropdown(
                            label=T["project"](lang0),
                            choices=[],
                            scale=4,
                            allow_custom_value=True,
                            elem_id="ann-project",
                        ),
                        label=T["project"],
                    )
                    refresh = tr(
                        gr.Button(T["refresh"](lang0), scale=0, min_width=100, elem_classes="qa-inline"),
                        value=T["refresh"],
                    )
                summary = gr.HTML(elem_id="ann-summary")
                gen_box = gr.HTML(elem_id="ann-generate-progress")
                gen_timer = gr.Timer(2.0, active=False)  # runs only while a generate job fills the project
                with gr.Accordion(T["new"](lang0), open=False) as new_acc:
                    src = tr(
                        gr.Radio(
                            choices=choices(SOURCES)(lang0),
                            value="dataset",
                            label=T["src"](lang0),
                            elem_id="ann-source",
                        ),
                        choices=choices(SOURCES),
                        label=T["src"],
                    )
                    ds_empty = tr(gr.Markdown(T["no_dataset"](lang0), visible=False), value=T["no_dataset"])
                    with gr.Row():
                        ds_pick = tr(
                            gr.Dropdown(
                                label=T["dataset"](lang0),
                                info=T["dataset_info"](lang0),
                                choices=[],
                                allow_custom_value=True,
                                scale=3,
                                elem_id="ann-dataset",
                            ),
                            label=T["dataset"],
                            info=T["dataset_info"],
                        )
                        new_name = tr(
                            gr.Textbox(label=T["name"](lang0), placeholder=T["name_ph"](lang0), scale=2),
                            label=T["name"],
                            placeholder=T["name_ph"],
                        )
                    with gr.Column(visible=False, elem_id="ann-generate") as gen_col:
                        gen_models = tr(
                            gr.Dropdown(
                                label=T["gen_models"](lang0),
                                info=T["gen_models_info"](lang0),
                                choices=[],
                                multiselect=True,
                                max_choices=C.MAX_MODELS,
                                elem_id="ann-gen-models",
                            ),
                            label=T["gen_models"],
                            info=T["gen_models_info"],
                        )
                        no_models = tr(gr.Markdown(T["no_models"](lang0), visible=False), value=T["no_models"])
                        d = C.GenerateSettings.__dataclass_fields__
                        with gr.Row():
                            gen_n = tr(
                                gr.Slider(*C.LIMITS["n"], step=1, value=d["n"].default, label=T["gen_n"](lang0)),
                                label=T["gen_n"],
                            )
                            gen_temp = tr(
                                gr.Slider(
                                    0.1,
                                    C.LIMITS["temperature"][1],
                                    step=0.05,
                                    value=d["temperature"].default,
                                    label=T["gen_temp"](lang0),
                                ),
                                label=T["gen_temp"],
                            )
                            gen_tokens = tr(
                                gr.Slider(
                                    16, 1024, step=16, value=d["max_new_tokens"].default, label=T["gen_tokens"](lang0)
                                ),
                                label=T["gen_tokens"],
                            )
                        gen_hint = lambda lang: T["gen_hint"](lang, n=d["max_prompts"].default)  # noqa: E731
                        tr(gr.Markdown(gen_hint(lang0)), value=gen_hint)
                        gen_go = tr(
                            gr.Button(T["gen_go"](lang0), variant="primary", elem_id="ann-gen-go"), value=T["gen_go"]
                        )
                    with gr.Row() as ds_buttons:
                        create = tr(gr.Button(T["create"](lang0), variant="primary"), value=T["create"])
                        sample = tr(gr.Button(T["sample"](lang0)), value=T["sample"])
                tr(new_acc, label=T["new"])
                with gr.Accordion(T["people"](lang0), open=True) as people_acc:
                    with gr.Row(equal_height=False):
                        who = tr(
                            gr.Textbox(
                                label=T["who"](lang0), placeholder=T["who_ph"](lang0), scale=3, elem_id="ann-who"
                            ),
                            label=T["who"],
                            placeholder=T["who_ph"],
                        )
                        add = tr(
                            gr.Button(T["add"](lang0), variant="primary", scale=2, elem_classes="qa-inline"),
                            value=T["add"],
                        )
                    # One card per partner, from the workspace (it keeps each current link): name, QR code, the
                    # link, and copy / renew / turn-off beside it. The card's buttons are plain HTML; assets/annotate.js
                    # forwards renew and turn-off to the hidden buttons below, with the partner's name.
                    links_html = gr.HTML(elem_id="ann-links", js_on_load=None)
                    links_data = gr.JSON(visible=False, elem_id="ann-links-data")  # the same, for scripts
                    with gr.Row(elem_classes="qx-hidden"):
                        link_who = tr(
                            gr.Textbox(
                                label=T["who"](lang0), elem_id="ann-link-who", show_label=False, container=False
                            ),
                            label=T["who"],
                        )
                        link_renew = gr.Button("renew", elem_id="ann-link-renew", min_width=0)
                        link_revoke = gr.Button("revoke", elem_id="ann-link-revoke", min_width=0)
                    with gr.Group(elem_id="ann-lan"):
                        tr(gr.Markdown(f"**{T['lan'](lang0)}**"), value=lambda lang: f"**{T['lan'](lang)}**")
                        tr(gr.Markdown(T["lan_what"](lang0)), value=T["lan_what"])
                        with gr.Row(equal_height=True):
                            lan_addr = tr(
                                gr.Dropdown(
                                    label=T["lan_addr"](lang0),
                                    info=T["lan_addr_info"](lang0),
                                    choices=[],
                                    allow_custom_value=True,
                                    scale=2,
                                    elem_id="ann-lan-addr",
                                ),
                                label=T["lan_addr"],
                                info=T["lan_addr_info"],
                            )
                            lan_pw = tr(
                                gr.Textbox(label=T["lan_pw"](lang0), type="password", scale=2, elem_id="ann-lan-pw"),
                                label=T["lan_pw"],
                            )
                            lan_on = tr(
                                gr.Button(
                                    T["lan_on"](lang0), variant="primary", scale=1, min_width=80, elem_id="ann-lan-on"
                                ),
                                value=T["lan_on"],
                            )
                            lan_off = tr(
                                gr.Button(
                                    T["lan_off"](lang0),
                                    variant="stop",
                                    scale=1,
                                    min_width=80,
                                    visible=False,
                                    elem_id="ann-lan-off",
                                ),
                                value=T["lan_off"],
                            )
                        lan_note = gr.Markdown(elem_id="ann-lan-status")
                tr(people_acc, label=T["people"])
                with gr.Accordion(T["agree"](lang0), open=True) as agree_acc:
                    agree = gr.Markdown(elem_id="ann-agreement")
                    with gr.Column(visible=False) as dis_col:  # only when there is something to talk over
                        tr(gr.Markdown(f"**{T['dis'](lang0)}**"), value=lambda lang: f"**{T['dis'](lang)}**")
                        dis_table = gr.Dataframe(interactive=False, wrap=True, elem_id="ann-disagreements")
                        dis_pick = tr(
                            gr.Dropdown(label=T["dis_pick"](lang0), choices=[], allow_custom_value=True),
                            label=T["dis_pick"],
                        )
                        dis_view = gr.HTML()
                        res_choice = tr(
                            gr.Radio(choices=choices(REPLY_CHOICES)(lang0), label=T["res_choice"](lang0)),
                            choices=choices(REPLY_CHOICES),
                            label=T["res_choice"],
                        )
                        with gr.Row():
                            res_better = tr(
                                gr.Textbox(label=T["res_better"](lang0), lines=2, scale=3), label=T["res_better"]
                            )
                            res_note = tr(gr.Textbox(label=T["res_note"](lang0), lines=2, scale=2), label=T["res_note"])
                        res_save = tr(gr.Button(T["res_save"](lang0), variant="primary"), value=T["res_save"])
                tr(agree_acc, label=T["agree"])
                with gr.Accordion(T["export"](lang0), open=True) as export_acc:
                    with gr.Row():
                        ex_kind = tr(
                            gr.Radio(choices=choices(EXPORT_KINDS)(lang0), value="pairs", label=T["ex_kind"](lang0)),
                            choices=choices(EXPORT_KINDS),
                            label=T["ex_kind"],
                        )
                        ex_policy = tr(
                            gr.Radio(choices=choices(POLICIES)(lang0), value="resolution", label=T["ex_policy"](lang0)),
                            choices=choices(POLICIES),
                            label=T["ex_policy"],
                        )
                        ex_tie = tr(
                            gr.Radio(
                                choices=choices(TIE_POLICIES)(lang0),
                                value="drop",
                                visible=False,
                                label=T["ex_tie"](lang0),
                            ),
                            choices=choices(TIE_POLICIES),
                            label=T["ex_tie"],
                        )
                    with gr.Row(equal_height=False):
                        ex_name = tr(gr.Textbox(label=T["ex_name"](lang0), scale=3), label=T["ex_name"])
                        ex_go = tr(
                            gr.Button(T["ex_go"](lang0), variant="primary", scale=1, elem_classes="qa-inline"),
                            value=T["ex_go"],
                        )
                    ex_result = gr.Markdown(elem_id="ann-export-result")
                    ex_file = tr(
                        gr.File(label=T["ex_file"](lang0), visible=False, interactive=False), label=T["ex_file"]
                    )
                tr(export_acc, label=T["export"])
                with gr.Accordion(T["archive"](lang0), open=False) as arch_acc:
                    tr(gr.Markdown(T["archive_what"](lang0)), value=T["archive_what"])
                    arch_ask = gr.Markdown(visible=False, elem_id="ann-archive-ask")
                    with gr.Row():
                        arch_go = tr(gr.Button(T["archive_go"](lang0), elem_id="ann-archive"), value=T["archive_go"])
                        arch_yes = tr(
                            gr.Button(
                                T["archive_yes"](lang0), variant="stop", visible=False, elem_id="ann-archive-yes"
                            ),
                            value=T["archive_yes"],
                        )
                        arch_no = tr(gr.Button(T["archive_no"](lang0), visible=False), value=T["archive_no"])
                    with gr.Row(equal_height=False):
                        archived_pick = tr(
                            gr.Dropdown(
                                label=T["archived_pick"](lang0),
                                choices=[],
                                scale=3,
                                allow_custom_value=True,
                                elem_id="ann-archived",
                            ),
                            label=T["archived_pick"],
                        )
                        restore = tr(
                            gr.Button(
                                T["restore"](lang0),
                                scale=1,
                                min_width=80,
                                elem_classes="qa-inline",
                                elem_id="ann-restore",
                            ),
                            value=T["restore"],
                        )
                tr(arch_acc, label=T["archive"])

    # ================================================================ wiring, by name
    on, on_req = ctx.wiring(ctx), ctx.wiring(ctx, request=True)
    L = {"lang": ctx.lang_state}
    card_out = dict(
        zip(
            CARD,
            [
                owner_col,
                card_col,
                write_col,
                head,
                view,
                work,
                nav,
                extra,
                extra_open,
                choice,
                better,
                note,
                item,
                status,
                write_btn,
                w_head,
                w_view,
                w_text,
                w_item,
                w_status,
                state,
            ],
        )
    )
    on(
        extra_open.click,
        show_extra,
        {},
        {"extra": extra, "extra_open": extra_open},
        api_name="annotate_extra_open",
        queue=False,
    )
    on(
        confirm.click,
        do_confirm,
        {**L, "token": tok, "item_value": item, "picked": choice, "better_text": better, "note_text": note},
        card_out,
        api_name="annotate_confirm",
    )
    on(skip.click, do_skip, {**L, "token": tok, "item_value": item}, card_out, api_name="annotate_skip")
    on(back.click, do_back, {**L, "token": tok, "item_value": item}, card_out, api_name="annotate_back")
    on(undo.click, do_undo, {**L, "token": tok}, card_out, api_name="annotate_undo")
    on(write_btn.click, open_write, {**L, "token": tok}, card_out, api_name="annotate_write_open")
    on(
        w_save.click,
        do_write,
        {**L, "token": tok, "w_item_value": w_item, "text": w_text},
        card_out,
        api_name="annotate_write_save",
    )
    on(w_next.click, write_next, {**L, "token": tok, "w_item_value": w_item}, card_out, api_name="annotate_write_next")
    on(w_done.click, close_write, {**L, "token": tok}, card_out, api_name="annotate_write_close")
    # For scripts: open the card of a token without a browser URL.
    on(tok.submit, open_card, {**L, "token": tok}, card_out, api_name="annotate_open")

    # ---------------------------------------------------------------- the owner's desk
    owner_out = (
        {}
        if not owner
        else dict(
            zip(
                OWNER,
                [
                    proj,
                    summary,
                    ds_pick,
                    ds_empty,
                    new_acc,
                    links_data,
                    links_html,
                    agree,
                    dis_col,
                    dis_table,
                    dis_pick,
                    gen_box,
                    gen_timer,
                    gen_models,
                    no_models,
                    archived_pick,
                ],
            )
        )
    )
    if owner:
        P = {**L, "project_name": proj}
        links_out = {"links_data": links_data, "links_html": links_html}
        ask_out = dict(zip(ASK, [arch_ask, arch_go, arch_yes, arch_no]))
        on(arch_go.click, ask_archive, P, ask_out, api_name=False, queue=False)
        on(arch_no.click, hide_ask, {}, ask_out, api_name=False, queue=False)
        on_req(arch_yes.click, do_archive, P, {**ask_out, **owner_out}, api_name="annotate_archive")
        on_req(restore.click, do_restore, {**L, "name": archived_pick}, owner_out, api_name="annotate_restore")
        on_req(refresh.click, do_refresh, P, owner_out, api_name="annotate_refresh")
        on_req(proj.input, do_refresh, P, owner_out, api_name="annotate_project")
        on(create.click, do_create, {**L, "dataset": ds_pick, "name": new_name}, owner_out, api_name="annotate_create")
        on(sample.click, do_sample, {**L, "name": new_name}, owner_out, api_name="annotate_sample")
        on(
            src.change,
            on_source,
            {**L, "source": src},
            {"gen_col": gen_col, "ds_buttons": ds_buttons, "ds_pick": ds_pick},
            api_name="annotate_source",
            queue=False,
        )
        on(
            gen_go.click,
            do_generate,
            {
                **L,
                "dataset": ds_pick,
                "name": new_name,
                "models": gen_models,
                "n": gen_n,
                "temperature": gen_temp,
                "max_tokens": gen_tokens,
            },
            owner_out,
            api_name="annotate_generate",
        )
        on(
            gen_timer.tick,
            gen_tick,
            P,
            {"gen_box": gen_box, "gen_timer": gen_timer, "summary": summary},
            api_name="annotate_generate_progress",
            show_progress="hidden",
            queue=False,
        )
        on_req(add.click, do_add, {**P, "name": who}, {**owner_out, "who": who}, api_name="annotate_add_annotator")
        on_req(who.submit, do_add, {**P, "name": who}, {**owner_out, "who": who}, api_name=False)
        # A card's button (assets/annotate.js) names its partner in window.qixiLinkWho before clicking these;
        # a script passes the name as the third input.
        who_js = "(lang, project, who) => [lang, project, window.qixiLinkWho || who]"
        on_req(
            link_renew.click, do_renew, {**P, "person": link_who}, owner_out, js=who_js, api_name="annotate_reset_link"
        )
        on_req(
            link_revoke.click, do_revoke, {**P, "person": link_who}, owner_out, js=who_js, api_name="annotate_revoke"
        )
        lan_out = dict(zip(LAN, [lan_addr, lan_pw, lan_on, lan_off, lan_note]))
        on_req(
            lan_on.click,
            do_lan_open,
            {**L, "address": lan_addr, "password": lan_pw, "project_name": proj},
            {**lan_out, **links_out},
            api_name="annotate_lan_open",
        )
        on_req(lan_off.click, do_lan_close, P, {**lan_out, **links_out}, api_name="annotate_lan_close")
        ctx.on_load.append(lambda demo: on(demo.load, lan_view, L, lan_out, api_name=False, queue=False))

        # On opening the tab: the links as the workspace has them now (renewed or turned off elsewhere too).
        opened = ctx.pulse.annotate
        if opened is not None:
            on_req(opened.click, show_links, P, links_out, api_name=False, queue=False, show_progress="hidden")
        on(
            dis_pick.input,
            show_disagreement,
            {**P, "item_value": dis_pick},
            {"dis_view": dis_view, "res_choice": res_choice, "res_better": res_better, "res_note": res_note},
            api_name="annotate_disagreement",
        )
        on_req(
            res_save.click,
            do_resolve,
            {**P, "item_value": dis_pick, "picked": res_choice, "better_text": res_better, "note_text": res_note},
            owner_out,
            api_name="annotate_resolve",
        )
        on(
            ex_kind.change,
            export_kind,
            {**L, "kind": ex_kind},
            {"ex_policy": ex_policy, "ex_tie": ex_tie},
            api_name="annotate_export_kind",
        )
        on(
            ex_go.click,
            do_export,
            {**P, "kind": ex_kind, "policy": ex_policy, "tie": ex_tie, "name": ex_name},
            {"ex_result": ex_result, "ex_file": ex_file},
            api_name="annotate_export",
        )

    # ---------------------------------------------------------------- page load: link or desk
    page = AnnotatePage(ctx, owner)
    on_page = ctx.wiring(page, request=True)

    def hook(demo) -> None:  # demo: the page-load collector (studio.ui.context.PageLoad)
        chrome = {"tabs": ctx.tabs} if ctx.tabs is not None else {}
        loaded = {"tok": tok, **card_out, **chrome, **owner_out}
        load = ctx.with_request(page, on_load, L, loaded)

        def page_load(lang, request: gr.Request):
            # The collector hands the request by name: the work is on_load's.
            return load(request, lang)

        demo.load(page_load, ctx.lang_state, list(loaded.values()), api_name=False, queue=False)
        if KEYS_JS.exists():
            demo.load(None, js=KEYS_JS.read_text(encoding="utf-8"), api_name=False, queue=False)
        switch = next((b for b in demo.blocks.values() if getattr(b, "elem_id", None) == "lang-switch"), None)
        if switch is not None:
            # Only on a person's switch (.input): the page load renders in the saved language already, and a
            # second render racing the first clicks could show a stale card.
            on_page(
                switch.input,
                relabel,
                {
                    "lang": switch,
                    "token": tok,
                    "item_value": item,
                    "w_item_value": w_item,
                    **({"project_name": proj} if owner else {}),
                },
                {**card_out, **owner_out},
                api_name=False,
                queue=False,
            )

    ctx.on_load.append(hook)


# ---------------------------------------------------------------------------------------------
# Owner-side rendering


def _base_url(request: gr.Request | None) -> str:
    if request is None:
        return ""
    # The Host header has passed the server's allow-list (studio/ui/server.py); forwarded headers have not.
    host = request.headers.get("host") or ""
    return f"http://{host}" if host else ""


def _qr_svg(text: str) -> str:
    import segno

    return segno.make(text, error="m").svg_inline(scale=3, border=2, dark="#292524")


def _links_html(links: list[A.PartnerLink], base: str, lang: str) -> str:
    """One card per partner: name, QR code and link (when it can be shown), with copy, renew and turn-off beside
    it; turning off asks first (assets/annotate.js shows the question, the "yes" goes to the server)."""
    if not links:
        return ""
    cards, local = [], False
    for k in links:
        name = _esc(k.name)
        if k.token:
            url = base + A.link_path(k.token)
            local = local or "127.0.0.1" in url or "localhost" in url
            state, qr = "live", f'<div class="qa-qr">{_qr_svg(url)}</div>'
            body = f'<code title="{_esc(T["copy_hint"](lang))}">{_esc(url)}</code>'
        else:
            state, qr = ("unknown", "") if k.active else ("off", "")
            body = f'<div class="qa-link-note">{_esc(T["link_unknown" if k.active else "link_off"](lang))}</div>'
        acts = []
        if k.token:
            acts.append(
                f'<button type="button" data-act="copy" data-done="{_esc(T["copied"](lang))}" '
                f'data-manual="{_esc(T["copy_manual"](lang))}">{_esc(T["copy"](lang))}</button>'
            )
        acts.append(
            f'<button type="button" data-act="renew">{_esc(T["renew" if k.active else "renew_off"](lang))}</button>'
        )
        if k.active:
            acts.append(f'<button type="button" data-act="revoke" class="qa-stop">{_esc(T["revoke"](lang))}</button>')
        ask = (
            (
                f'<div class="qa-link-ask" hidden><span>{_esc(T["revoke_ask"](lang, name=k.name))}</span>'
                f'<div class="qa-link-acts"><button type="button" data-act="revoke-yes" class="qa-stop">'
                f'{_esc(T["revoke_yes"](lang))}</button><button type="button" data-act="cancel">'
                f"{_esc(T['archive_no'](lang))}</button></div></div>"
            )
            if k.active
            else ""
        )
        cards.append(
            f'<div class="qa-link" data-name="{name}" data-state="{state}">{qr}<div class="qa-link-text">'
            f'<b>{name}</b>{body}<div class="qa-link-acts">{"".join(acts)}</div>{ask}</div></div>'
        )
    hint = f'<div class="qa-note">{_esc(T["link_local"](lang))}</div>' if local else ""
    return (
        f'<div class="qa-links"><div class="qa-counts">{_esc(T["links_head"](lang))}</div>{hint}{"".join(cards)}</div>'
    )


def _empty_summary(lang: str) -> str:
    return f'<div class="qa-desk qa-note">{_esc(T["no_project"](lang))}</div>'


def _summary(st: dict, lang: str) -> str:
    rows = []
    for a in st["annotators"]:
        done = a["labelled"] + a["skipped"]
        flag = "" if a["active"] else " 🔒"
        rows.append(
            f'<div class="qa-person"><div class="qa-top"><b>{_esc(a["name"])}{flag}</b>'
            f"<span>{T['person_counts'](lang, labelled=a['labelled'], skipped=a['skipped'], total=a['total'])}"
            "</span></div>"
            f"{_bar(done, a['total'])}</div>"
        )
    if not rows:
        rows.append(f'<div class="qa-note">{_esc(T["nobody"](lang))}</div>')
    waiting = st["items"] - st["ready"]
    extra = ""
    if waiting:
        extra = f'<div class="qa-note">{_esc(T["one_reply"](lang, n=waiting))}</div>'
    title = T["desk_title"](lang, name=_esc(st["project"]), ready=st["ready"])
    return f'<div class="qa-desk"><div class="qa-title">{title}</div>{"".join(rows)}{extra}</div>'


def _agreement_md(ag: A.Agreement, lang: str) -> str:
    if ag.annotator_y is None:
        return Text(
            "加上两个人之后，这里会显示你们意见一致的程度。",
            "Once both of you are added, this shows how often you agree.",
        )(lang)
    if ag.n == 0:
        return Text(
            "等你们两个都标过同一些条目，这里就会显示一致率和 Cohen's κ。",
            "Once you have both labelled the same items, the agreement rate and Cohen's κ appear here.",
        )(lang)
    if ag.kappa is None:
        kappa = Text(
            "κ 暂时算不出来（你们到目前都只用了同一个选项）。",
            "κ cannot be computed yet (you have both used one and the same answer so far).",
        )(lang)
    else:
        word = next(w for limit, w in KAPPA_WORDS if ag.kappa < limit)(lang)
        kappa = Text(
            "Cohen's κ = **{k:.2f}**（{w}；去掉碰巧一致之后的一致程度，1 是完全一致，0 相当于随便选）。",
            "Cohen's κ = **{k:.2f}** ({w}; agreement beyond chance: 1 is perfect, 0 is like picking at random).",
        )(lang, k=ag.kappa, w=word)
        if ag.kappa < 0.4 and ag.rate >= 0.8:
            # High agreement, low κ: nearly every answer was the same choice, so chance alone agrees often.
            kappa += " " + Text(
                "κ 低而一致率高，是因为你们几乎每次都选同一个答案：这样碰巧一致的机会本来就很大，κ 把这部分扣掉了。"
                "多标一些两条回复差别明显的条目，κ 会更有意义。",
                "κ is low while agreement is high because nearly every answer was the same choice: "
                "chance alone agrees often then, and κ takes that out. Label more items whose two "
                "replies clearly differ and κ becomes more telling.",
            )(lang)
    open_ = sum(d.resolution is None for d in ag.disagreements)
    return Text(
        "**{x}** 和 **{y}** 都标过 {n} 条，其中 {agreed} 条一致，一致率 **{rate:.0%}**。{kappa}\n\n"
        "有分歧 {dis} 条，还没定结论 {open} 条。",
        "**{x}** and **{y}** both labelled {n} items and agreed on {agreed}: agreement rate **{rate:.0%}**. "
        "{kappa}\n\n{dis} disagreements, {open} still without a final answer.",
    )(
        lang,
        x=_esc(ag.annotator_x),
        y=_esc(ag.annotator_y),
        n=ag.n,
        agreed=ag.agreed,
        rate=ag.rate,
        kappa=kappa,
        dis=len(ag.disagreements),
        open=open_,
    )


def _dispute_html(it: A.ItemRecord, labels: list[A.ItemLabel], lang: str) -> str:
    said = []
    for lb in labels:
        if lb.role != "partner":
            continue
        what = REPLY_CHOICE_TEXT[lb.choice](lang) if lb.choice else SKIP_TEXT(lang)
        bits = [f"<b>{_esc(lb.annotator)}</b>：{_esc(what)}"]
        if lb.better_reply:
            bits.append(f"✍️ “{_esc(lb.better_reply)}”")
        if lb.note:
            bits.append(f"📝 {_esc(lb.note)}")
        said.append(f"<li>{' · '.join(bits)}</li>")
    replies = "".join(
        f'<div class="qa-reply"><span class="qa-badge">{badge}</span><div class="qa-text">{_esc(text)}</div></div>'
        for badge, text in (("A", it.reply_a), ("B", it.reply_b))
    )
    return (
        f'<div class="qa-card"><div class="qa-convo">{_bubbles(it.prompt, lang)}</div>'
        f'<div class="qa-replies">{replies}</div><ul class="qa-said">{"".join(said)}</ul></div>'
    )
