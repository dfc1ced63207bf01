"""Data: upload chat exports or training files, check them before anything is imported (format, rows,
problems, who is "me", column mapping, personal data found), import, and look after the datasets.

For other tabs (fields of the UIContext):
  ctx.datasets_changed  a gr.State whose value changes whenever a dataset is created, renamed or deleted
                        here; `.change` on it to re-list datasets. Datasets made elsewhere (annotation
                        export) appear here on page load, on any tab switch and on "Refresh".
  ctx.dataset_choices   dataset_choices(lang, kinds=None) -> [(label, id)] for a Dropdown.
"""

from __future__ import annotations

import html
import re
import time
from pathlib import Path

import gradio as gr
import pandas as pd

from studio.core.i18n import Text, UserError
from studio.data import chats, store
from studio.data.clean import ACTION_NAMES, ACTIONS, PROBLEMS, CleanPolicy
from studio.data.formats import LAYOUT_NAMES, ColumnMapping, Limits
from studio.data.rows import last_exchange
from studio.data.scrub import PII_NAMES, ScrubOptions
from studio.ui.context import UIContext, choices

T = {
    "intro": Text(
        "**这一页用来准备训练数据。** 上传你们的聊天记录（{apps} 导出）或现成的数据文件"
        "（JSONL、JSON、CSV、Excel），先检查预览，再点“导入”。导入后去“② 标注”或“③ 训练”。数据只保存在这台电脑上。",
        "**This tab prepares your training data.** Upload your chat exports ({apps}) "
        "or ready data files (JSONL, JSON, CSV, Excel), check the preview, then press Import. Next, go to "
        "② Annotate or ③ Train. Your data stays on this computer.",
    ),
    "empty": Text(
        "📭 **还没有数据集**：上传你们的聊天记录，或先用内置示例试一试。",
        "📭 **No dataset yet**: upload your chats or use the bundled sample.",
    ),
    "sample": Text("✨ 使用内置示例数据", "✨ Use the bundled sample"),
    "step1": Text("### ① 上传文件", "### ① Upload files"),
    "files": Text("把文件拖到这里（可以一次放多个）", "Drop files here (several at once is fine)"),
    "formats": Text(
        "支持：{chats}，以及 .jsonl、.json、.csv、.tsv、.xlsx、.parquet。单个文件最大 {mb}。",
        "Supported: {chats}, and .jsonl, .json, .csv, .tsv, .xlsx, .parquet. Up to {mb} per file.",
    ),
    "step2": Text("### ② 检查与设置", "### ② Check and adjust"),
    "me": Text("哪位是“我”？（模型要学会的说话方式）", "Who is “me”? (the voice the model learns)"),
    "partner": Text("对方是谁？", "Who is the partner?"),
    "partner_auto": Text("自动（另一位）", "Automatic (the other person)"),
    "map_title": Text(
        "**这个表格需要你指定列**：选择哪一列是对方说的话、哪一列是回答。下面是文件的前几行。",
        "**This table needs its columns chosen**: pick which column holds what was said and which "
        "holds the reply. The first rows of the file are below.",
    ),
    "map_none": Text("（不用）", "(none)"),
    "scrub": Text(
        "隐藏个人信息（手机/座机号、身份证/港澳台证件/护照号、银行卡、邮箱、QQ/微信号、车牌、住址、名字）",
        "Hide personal data (mobile and landline numbers, ID/HK/TW ids and passports, card numbers, "
        "e-mail, QQ/WeChat ids, car plates, addresses, names)",
    ),
    "names": Text("还要隐藏的名字（用逗号分隔）", "Names to hide as well (comma separated)"),
    "keep": Text("保留上传的原始文件（未脱敏）", "Keep the uploaded files (not desensitized)"),
    "keep_info": Text(
        "默认导入后删除原始文件，只留下脱敏后的样本。勾选后，原文件原样保存在 datasets/<编号>/original/，"
        "里面的手机号、身份证号等都未隐藏。",
        "By default the uploaded files are deleted after the import and only the desensitized samples "
        "stay. Ticked, the files are kept as they came in datasets/<id>/original/, phone and ID "
        "numbers included.",
    ),
    "names_ph": Text("例如：小红, 阿杰", "e.g. Alice, Bob"),
    "clean": Text("清洗选项（可以不改）", "Cleaning options (fine to leave as they are)"),
    "kind": Text("数据类型", "Kind of data"),
    "max_len": Text("最大长度（token，0 = 不限制）", "Max length (tokens, 0 = no limit)"),
    "simplified": Text("繁体转简体", "Traditional → simplified Chinese"),
    "recheck": Text("🔍 按这些设置重新检查", "🔍 Check again with these settings"),
    "step3": Text("### ③ 导入", "### ③ Import"),
    "preview_title": Text(
        "**预览**：导入后样本的样子（前 8 条）", "**Preview**: how the samples will look (the first 8)"
    ),
    "name": Text("数据集名称", "Dataset name"),
    "import": Text("📥 导入", "📥 Import"),
    "mine": Text("### 我的数据集", "### My datasets"),
    "refresh": Text("🔄 刷新", "🔄 Refresh"),
    "pick": Text("选择一个数据集", "Pick a dataset"),
    "split": Text("查看", "Show"),
    "search": Text("搜索", "Search"),
    "search_ph": Text("输入文字后按回车", "type and press Enter"),
    "page": Text("页码", "Page"),
    "prev": Text("◀ 上一页", "◀ Previous"),
    "next": Text("下一页 ▶", "Next ▶"),
    "rows_tab": Text("样本", "Samples"),
    "hist_tab": Text("长度分布", "Lengths"),
    "stats_tab": Text("字段统计", "Field stats"),
    "hist": Text("样本长度分布", "Sample lengths"),
    "rename": Text("新名称", "New name"),
    "rename_btn": Text("✏️ 重命名", "✏️ Rename"),
    "delete": Text("🗑️ 删除…", "🗑️ Delete…"),
    "delete_yes": Text("确定删除", "Yes, delete"),
    "cancel": Text("取消", "Cancel"),
    "download": Text("⬇️ 下载 train.jsonl", "⬇️ Download train.jsonl"),
    "confirm": Text(
        "⚠️ 确定要删除“{name}”吗？训练集、验证集和上传的原始文件都会删除，无法恢复。",
        "⚠️ Really delete “{name}”? Its training and validation rows and the original files go, "
        "and this cannot be undone.",
    ),
}
KIND_NAMES = {
    "sft": Text("对话（SFT）", "conversations (SFT)"),
    "pairs": Text("偏好对（好/差回答）", "preference pairs (better/worse)"),
    "kto": Text("好/差标记（KTO）", "good/bad labels (KTO)"),
}
KIND_CHOICES = [(Text("自动识别", "detect"), "auto"), *((t, k) for k, t in KIND_NAMES.items())]
FMT_NAMES = {
    "jsonl": "JSONL",
    "json": "JSON",
    "csv": "CSV",
    "tsv": "TSV",
    "xlsx": "Excel",
    "parquet": "Parquet",
    "txt": "TXT",
}
MAP_ROLES = (
    ("prompt", Text("对方说的话 / 问题", "What was said / prompt")),
    ("response", Text("回答（模型要学的）", "Reply (what the model learns)")),
    ("chosen", Text("更好的回答", "Better reply (chosen)")),
    ("rejected", Text("较差的回答", "Worse reply (rejected)")),
    ("label", Text("好/差标记", "Good/bad label")),
    ("system", Text("人设 / 系统提示", "Persona / system prompt")),
)
FIELD_NAMES = {
    "system": Text("人设", "persona"),
    "prompt": Text("对方说的话", "what was said"),
    "response": Text("回答", "reply"),
    "rejected": Text("较差的回答", "worse reply"),
}
SPLITS = [(Text("训练集", "training"), "train"), (Text("验证集", "validation"), "val")]
ACTION_VERBS = {"fix": Text("修复", "fix"), "drop": Text("删除", "drop"), "keep": Text("保留", "keep")}
PAGE_SIZE = 10
PREVIEW_ROWS = 8
_NAME_SEP = re.compile(r"[,，、;；\n]+")


def _default_action(kind: str) -> str:
    return CleanPolicy().action(kind)


def per_lang(t: Text, **parts: Text) -> Text:
    """t with each {part} filled in its own language."""
    return Text(t.zh.format(**{k: v.zh for k, v in parts.items()}), t.en.format(**{k: v.en for k, v in parts.items()}))


def kind_name(kind: str, lang: str) -> str:
    return KIND_NAMES[kind](lang) if kind in KIND_NAMES else kind


def _t(lang: str, zh: str, en: str) -> str:
    return en if lang == "en" else zh


def _short(s: str, n: int = 160) -> str:
    s = " ".join(str(s or "").split())
    return s if len(s) <= n else s[: n - 1] + "…"


def _mb(n: int) -> str:
    return f"{n / 1024 / 1024:.0f} MB"


# ---------------------------------------------------------------------------------------------
# Settings -> the options the data domain takes


def split_names(text: str | None) -> tuple[str, ...]:
    return tuple(n.strip() for n in _NAME_SEP.split(text or "") if n.strip())


ACTION_INPUTS = tuple(f"action_{k}" for k in PROBLEMS)  # the cleaning radios, by problem kind
MAP_INPUTS = tuple(f"map_{r}" for r, _ in MAP_ROLES)  # the column-mapping dropdowns, by role


def options(me=None, partner=None, scrub=True, names="", kind="auto", max_len=0, simplified=False, **rest) -> dict:
    """Widget values (by name: the settings above, `action_<problem>`, `map_<role>`) -> keyword options of
    store.inspect / store.import_files."""
    unknown = set(rest) - {*ACTION_INPUTS, *MAP_INPUTS}
    if unknown:
        raise TypeError(f"options() got unknown settings {sorted(unknown)}")
    actions = {k: rest.get(f"action_{k}") for k in PROBLEMS}
    cols = {r: rest.get(f"map_{r}") for r, _ in MAP_ROLES}
    mapping = ColumnMapping(**{r: c for r, c in cols.items() if c}) if any(cols.values()) else None
    return {
        "me": me or None,
        "partner": partner or None,
        "kind": kind or "auto",
        "mapping": mapping,
        "scrub": ScrubOptions(names=split_names(names)) if scrub else False,
        "clean_policy": CleanPolicy(
            actions={k: a for k, a in actions.items() if a},
            max_length=int(max_len) if max_len else None,
            to_simplified=bool(simplified),
        ),
        "preview_rows": PREVIEW_ROWS,
    }


# ---------------------------------------------------------------------------------------------
# Rendering a check (the step before importing)


def _err_dict(e: UserError) -> dict:
    return {"zh": e.msg.zh, "en": e.msg.en}


def check_to_state(checked: store.Checked, refused: list) -> dict:
    return {
        "ok": [str(p) for p in checked.ok],
        "bad": [(n, _err_dict(e)) for n, e in [*refused, *checked.bad]],
        "inspection": checked.inspection.to_dict() if checked.inspection else None,
        "error": _err_dict(checked.error) if checked.error else None,
    }


def _source_line(src: dict, lang: str) -> str:
    layout = src["layout"]
    chat = chats.find(layout)
    if chat is not None:
        what = chat.label(lang)
        n = len(src.get("speakers") or [])
        bits = [what, _t(lang, f"{n} 位发言人", f"{n} speakers")]
        if src.get("rows"):
            bits.append(_t(lang, f"{src['rows']} 段对话", f"{src['rows']} conversations"))
        dropped = src.get("dropped") or {}
        if dropped:
            bits.append(
                _t(lang, "跳过 ", "skipped ")
                + ", ".join(
                    f"{chats.DROP_REASONS[k](lang) if k in chats.DROP_REASONS else k} {v}" for k, v in dropped.items()
                )
            )
    else:
        how = LAYOUT_NAMES[layout](lang) if layout in LAYOUT_NAMES else layout
        if src.get("mapping"):  # which column became what: 问题 → 回答
            how = _t(lang, "列 ", "columns ") + " → ".join(src["mapping"].values())
        bits = [
            FMT_NAMES.get(src["fmt"], src["fmt"]),
            how,
            KIND_NAMES[src["kind"]](lang),
            _t(lang, f"{src['rows']} 条", f"{src['rows']} rows"),
        ]
    if src.get("encoding") and src["encoding"] not in ("utf-8", "utf_8"):
        bits.append(_t(lang, "编码 ", "encoding ") + src["encoding"].upper().replace("_", "-"))
    return f"✅ **{src['file']}** — " + " · ".join(bits)


def status_markdown(state: dict | None, lang: str) -> str:
    if not state:
        return ""
    lines = []
    ins = state.get("inspection")
    if ins:
        lines += [_source_line(s, lang) for s in ins["sources"]]
        for m in ins["needs_mapping"]:
            fmt = FMT_NAMES.get(m["fmt"], m["fmt"])
            lines.append(
                f"🧩 **{m['file']}** — "
                + _t(
                    lang,
                    f"{fmt} · {m['row_count']} 行 · 需要指定列",
                    f"{fmt} · {m['row_count']} rows · its columns must be chosen",
                )
            )
    for name, err in state.get("bad", []):
        lines.append(f"❌ **{name}** — {err['en' if lang == 'en' else 'zh']}")
    if state.get("error"):
        lines.append(f"⚠️ {state['error'][lang if lang == 'en' else 'zh']}")
    elif ins:
        if ins["needs_me"]:
            lines.append(_t(lang, "👉 下一步：在下面选择哪位是“我”。", "👉 Next: choose below who “me” is."))
        elif ins["needs_mapping"]:
            lines.append(
                _t(lang, "👉 下一步：在下面选择每一列是什么。", "👉 Next: choose below what each column holds.")
            )
        elif ins["rows"]:
            lines.append(
                _t(
                    lang,
                    "👉 一切就绪：看一下预览，然后点“导入”。",
                    "👉 All set: look at the preview, then press Import.",
                )
            )
    elif not state.get("ok") and state.get("bad"):
        lines.append(
            _t(
                lang,
                "👉 没有可以导入的文件：请按上面的提示修改文件后重新上传。",
                "👉 No file can be imported: fix the files as said above and upload them again.",
            )
        )
    return "\n\n".join(lines)


def report_markdown(ins: dict | None, lang: str) -> str:
    if not ins:
        return ""
    out = []
    if ins["needs_me"]:
        out.append(
            _t(
                lang,
                "选好“我”之后，这里会显示能得到多少条样本。",
                "Once “me” is chosen, the number of samples shows here.",
            )
        )
    else:
        kind = KIND_NAMES[ins["kind"]](lang)
        out.append(
            _t(
                lang,
                f"导入后会得到 **{ins['rows']}** 条{kind}样本（读到 {ins['rows_read']} 条）。",
                f"Importing gives **{ins['rows']}** samples of {kind} ({ins['rows_read']} read).",
            )
        )
    if not ins["scrubbed"]:
        out.append(
            _t(
                lang,
                "🔓 没有隐藏个人信息（上面的勾选框可以打开）。",
                "🔓 Personal data is not hidden (the checkbox above turns it on).",
            )
        )
    elif ins["scrub_counts"]:
        out.append(hidden_markdown(ins["scrub_counts"], ins.get("scrub_examples") or [], lang))
    elif not ins["needs_me"]:
        out.append(_t(lang, "🔒 已检查个人信息：没有发现。", "🔒 Checked for personal data: none found."))
    counts = ins.get("problem_counts") or {}
    if counts:
        out.append(problems_text(counts, lang))
        key = "text_en" if lang == "en" else "text_zh"
        items = "\n".join(f"- {p[key]}" for p in ins["problems"][:30])
        more = len(ins["problems"]) - 30
        if more > 0:
            items += "\n- " + _t(lang, f"……还有 {more} 条", f"... and {more} more")
        out.append(f"<details><summary>{_t(lang, '逐条查看', 'One by one')}</summary>\n\n{items}\n\n</details>")
    return "\n\n".join(out)


_PLACEHOLDER_RX = re.compile(r"\[(" + "|".join(PII_NAMES) + r")\]")


def hidden_markdown(counts: dict[str, int], examples: list[dict], lang: str) -> str:
    """What was hidden, before training: a count per kind and a few changed lines with their placeholders."""
    found = " · ".join(f"{PII_NAMES[k](lang)} **{v}**" for k, v in counts.items() if k in PII_NAMES)
    out = [
        _t(lang, f"🔒 **已隐藏的个人信息**：{found}。", f"🔒 **Personal data hidden**: {found}."),
        _t(
            lang,
            "改动示例（训练数据里就是这样，原来的内容换成了方括号里的类型）：",
            "Changed lines, as the training rows will read (each value replaced by its kind in brackets):",
        ),
    ]
    items = []
    for e in examples:  # a sample's line: where it starts in the file (a chat sample spans several lines)
        where = _t(lang, f"{e['file']} 第 {e['line']} 行起", f"{e['file']} from line {e['line']}")
        items.append(f"- <small>{html.escape(where)}</small>　{example_html(e['text'])}")
    return f"{out[0]}\n\n{out[1]}\n\n" + "\n".join(items) if examples else out[0]


def example_html(text: str) -> str:
    """A scrubbed line for Markdown: the user's words escaped, the placeholders marked."""
    parts = _PLACEHOLDER_RX.split(text)
    return "".join(
        f"<mark class='data-pii'>[{p}]</mark>"
        if i % 2
        else html.escape(p)
        .replace("*", "&#42;")
        .replace("_", "&#95;")
        .replace("`", "&#96;")
        .replace("[", "&#91;")
        .replace("]", "&#93;")
        for i, p in enumerate(parts)
    )


def problems_text(counts: dict[str, dict[str, int]], lang: str) -> str:
    """'🧹 Cleaning: exact duplicate 3 (dropped 3); empty text 1 (fixed 1)' from problem kind -> action -> n."""
    parts = [
        _t(lang, "{what} {n}（{how}）", "{what} {n} ({how})").format(
            what=PROBLEMS[kind](lang),
            n=sum(acts.values()),
            how=", ".join(f"{ACTION_NAMES[a](lang)} {n}" for a, n in acts.items()),
        )
        for kind, acts in counts.items()
    ]
    return _t(lang, "🧹 清洗：", "🧹 Cleaning: ") + _t(lang, "；", "; ").join(parts)


def conversation_text(d: dict, lang: str, max_turns: int = 8) -> str:
    """A multi-round sample as lines "对方：… / 我：…" (the system prompt left out)."""
    who = {"user": _t(lang, "对方", "They"), "assistant": _t(lang, "我", "Me")}
    turns = [m for m in d.get("messages", []) if m.get("role") in who]
    lines = [f"{who[m['role']]}{_t(lang, '：', ': ')}{_short(m.get('content'), 90)}" for m in turns[:max_turns]]
    if len(turns) > max_turns:
        lines.append("…")
    return "\n".join(lines)


def rows_frame(rows: list[dict], lang: str, index: list[int] | None = None) -> pd.DataFrame:
    """ms-swift rows as a readable table: what was said and the reply (or the whole conversation when a
    sample has several rounds), plus the worse reply / the label if any."""
    rounds = [sum(m.get("role") == "user" for m in d.get("messages", [])) for d in rows]
    recs = []
    for i, d in enumerate(rows):
        rec: dict = {"#": index[i] if index else i + 1}
        if max(rounds) > 1:
            rec[_t(lang, "对话", "Conversation")] = conversation_text(d, lang)
        else:
            prompt, resp = last_exchange(d)
            rec[_t(lang, "对方说", "They said")] = _short(prompt)
            rec[_t(lang, "回答", "Reply")] = _short(resp)
        if "rejected_response" in d:
            rec[_t(lang, "较差的回答", "Worse reply")] = _short(d["rejected_response"])
        if "label" in d:
            rec[_t(lang, "标记", "Label")] = _t(lang, "好", "good") if d["label"] else _t(lang, "差", "bad")
        rec[_t(lang, "轮数", "Rounds")] = rounds[i]
        recs.append(rec)
    return pd.DataFrame(recs)


def raw_frame(rows: list[dict]) -> pd.DataFrame:
    return pd.DataFrame([{k: _short(v, 80) for k, v in r.items()} for r in rows])


# ---------------------------------------------------------------------------------------------
# Datasets


def source_text(ds: store.Dataset, lang: str) -> str:
    src = ds.source
    if src == "sample":
        return _t(lang, "内置示例", "bundled sample")
    if src.startswith("annotate:"):
        return _t(lang, "标注：", "annotation: ") + src.split(":", 1)[1]
    files = [s.get("file", "") for s in ds.card.get("sources", [])]
    return ", ".join(f for f in files if f) or src


def _created(ds: store.Dataset) -> str:
    c = ds.card.get("created") or ""
    return c[:16].replace("T", " ")


def datasets_frame(items: list[store.Dataset], lang: str) -> pd.DataFrame:
    cols = [
        _t(lang, "名称", "Name"),
        _t(lang, "类型", "Kind"),
        _t(lang, "训练 / 验证", "Train / val"),
        _t(lang, "来源", "Source"),
        _t(lang, "创建时间", "Created"),
        _t(lang, "编号", "Id"),
    ]
    recs = [
        [
            d.name,
            kind_name(d.kind, lang),
            f"{d.card.get('counts', {}).get('train', 0)} / {d.card.get('counts', {}).get('val', 0)}",
            _short(source_text(d, lang), 40),
            _created(d),
            d.id,
        ]
        for d in items
    ]
    return pd.DataFrame(recs, columns=cols)


def card_markdown(ds: store.Dataset, lang: str) -> str:
    c = ds.card.get("counts", {})
    kind = kind_name(ds.kind, lang)
    lines = [
        f"#### 💾 {ds.name}",
        _t(
            lang,
            f"{kind} · 训练 **{c.get('train', 0)}** 条 · 验证 **{c.get('val', 0)}** 条 · 来源：{source_text(ds, lang)}"
            f" · 创建于 {_created(ds)}",
            f"{kind} · train **{c.get('train', 0)}** · validation **{c.get('val', 0)}** · source: "
            f"{source_text(ds, lang)} · created {_created(ds)}",
        ),
    ]
    if c.get("read") is not None and c.get("kept") is not None and c["read"] != c["kept"]:
        lines.append(
            _t(
                lang,
                f"读到 {c['read']} 条，清洗后保留 {c['kept']} 条。",
                f"{c['read']} read, {c['kept']} kept after cleaning.",
            )
        )
    for s in ds.card.get("sources", []):
        if s.get("me"):
            lines.append(
                _t(
                    lang,
                    f"{s['file']}：我 = {s['me']}，对方 = {s.get('partner') or '?'}",
                    f"{s['file']}: me = {s['me']}, partner = {s.get('partner') or '?'}",
                )
            )
    scrub = ds.card.get("scrub")
    if scrub and scrub.get("total"):
        lines.append(hidden_markdown(scrub["counts"], scrub.get("examples") or [], lang))
    elif scrub:
        lines.append(_t(lang, "🔒 已检查个人信息：没有发现。", "🔒 Checked for personal data: none found."))
    if ds.source == "upload":
        lines.append("🗂️ " + store.original_note(ds.card)(lang))
    counts = (ds.card.get("clean") or {}).get("counts")
    if counts:
        lines.append(problems_text(counts, lang))
    lines.append(
        f"<small>{_t(lang, '编号', 'id')} `{ds.id}` · {_t(lang, '文件夹', 'folder')} `datasets/{ds.id}`</small>"
    )
    return "\n\n".join(lines)


def dataset_choices(ws, lang: str, kinds: tuple[str, ...] | None = None) -> list[tuple[str, str]]:
    """(label, id) of the workspace's datasets, newest first, for other tabs' dropdowns."""
    return [
        (f"{d.name} · {kind_name(d.kind, lang)} · {d.card.get('counts', {}).get('train', 0)}", d.id)
        for d in store.list_datasets(ws)
        if kinds is None or d.kind in kinds
    ]


def hist_frame(pv: store.Preview) -> tuple[pd.DataFrame, list[str]]:
    labels = [f"{h['lo']}–{h['hi']}" for h in pv.histogram]
    return pd.DataFrame({"range": labels, "count": [h["count"] for h in pv.histogram]}), labels


def stats_frame(pv: store.Preview, lang: str) -> pd.DataFrame:
    cols = [
        _t(lang, "字段", "Field"),
        _t(lang, "非空", "Non-empty"),
        _t(lang, "平均字数", "Mean chars"),
        _t(lang, "中位数", "Median"),
        _t(lang, "最短", "Min"),
        _t(lang, "最长", "Max"),
    ]
    return pd.DataFrame(
        [
            [FIELD_NAMES[f](lang), s["nonempty"], s["mean"], s["median"], s["min"], s["max"]]
            for f, s in pv.field_stats.items()
        ],
        columns=cols,
    )


# ---------------------------------------------------------------------------------------------
# Rendering the page's parts: dicts of output name -> value (an output left out stays as it is)


def render_check(lang: str, state: dict | None, mode: str) -> dict:
    """The check's outputs. mode: "new" (a new batch: fill the speaker/column choices), "same" (settings
    changed), "lang" (re-label only)."""
    state = state or {}
    ins = state.get("inspection")
    new, relabel = mode == "new", mode in ("new", "lang")
    sp_choices = [
        (
            _t(
                lang,
                f"{s['name']}（{s['messages']} 条消息）",
                f"{s['name']} ({s['messages']} message{'s' if s['messages'] != 1 else ''})",
            ),
            s["name"],
        )
        for s in state.get("speakers", [])
    ]
    map_choices = [(T["map_none"](lang), ""), *((c, c) for c in state.get("columns", []))]

    def choice_update(choices_, value):
        return gr.update(choices=choices_, value=value) if new else gr.update(choices=choices_)

    ready = bool(ins) and not state.get("error") and ins["rows"] > 0 and not ins["needs_me"]
    out = {
        "check_state": state or None,
        "status": status_markdown(state, lang),
        "check_col": gr.update(visible=bool(state.get("ok"))),
    }
    if new:
        out.update(
            speakers_row=gr.update(visible=bool(sp_choices)),
            map_col=gr.update(visible=bool(state.get("columns"))),
            map_table=raw_frame(state["raw"]) if state.get("raw") else None,
            result="",
        )
    if relabel:
        out.update(
            me=choice_update(sp_choices, state.get("suggested_me")),
            partner=choice_update([(T["partner_auto"](lang), ""), *sp_choices], ""),
            **{m: choice_update(map_choices, "") for m in MAP_INPUTS},
        )
    if new and ins:
        out["scrub"] = gr.update(value=ins["scrubbed"])
    if new and state.get("name"):
        out["ds_name"] = gr.update(value=state["name"])
    out.update(
        report=report_markdown(ins, lang),
        preview=rows_frame(ins["preview"], lang) if ins and ins["preview"] else None,
        do_import=gr.update(interactive=ready),
    )
    return out


def list_view(ctx: UIContext, lang: str, selected=None) -> tuple[dict, str | None]:
    """The datasets table and picker, and the dataset picked (the first when `selected` is gone)."""
    items = store.list_datasets(ctx.ws)
    ids = [d.id for d in items]
    if selected not in ids:
        selected = ids[0] if ids else None
    return {
        "table": datasets_frame(items, lang),
        "pick": gr.update(choices=[(f"{d.name} · {kind_name(d.kind, lang)}", d.id) for d in items], value=selected),
        "empty_row": gr.update(visible=not items),
        "browse_col": gr.update(visible=bool(items)),
    }, selected


def show_view(ctx: UIContext, lang: str, ds_id, split="train", page=1, search="") -> dict:
    """One dataset: its card, a page of its rows, the length histogram and the field statistics."""
    if not ds_id:
        return {
            "card": "",
            "rows_df": None,
            "page_md": "",
            "page": 1,
            "hist": None,
            "stats": None,
            "rename_tb": "",
            "download": gr.update(value=None),
            "confirm_row": gr.update(visible=False),
        }
    ds = store.get_dataset(ctx.ws, ds_id)
    pv = store.preview(
        ctx.ws, ds_id, split=split or "train", page=int(page or 1), page_size=PAGE_SIZE, search=search or "", bins=15
    )
    hist_df, labels = hist_frame(pv)
    approx = "" if pv.exact_lengths else _t(lang, "约", "approx. ")
    unit = _t(lang, f"长度（{approx}token）", f"length ({approx}tokens)")
    info = _t(lang, f"第 {pv.page}/{pv.pages} 页 · 共 {pv.total} 条", f"page {pv.page}/{pv.pages} · {pv.total} rows")
    if (search or "").strip():
        info += _t(lang, f"（匹配 {pv.matched} 条）", f" ({pv.matched} match)")
    return {
        "card": card_markdown(ds, lang),
        "rows_df": rows_frame([r["data"] for r in pv.rows], lang, [r["index"] + 1 for r in pv.rows])
        if pv.rows
        else None,
        "page_md": info,
        "page": pv.page,
        "hist": gr.BarPlot(
            value=hist_df if len(hist_df) else None,
            x="range",
            y="count",
            sort=labels,
            x_title=unit,
            y_title=_t(lang, "样本数", "samples"),
            label=T["hist"](lang),
        ),
        "stats": stats_frame(pv, lang),
        "rename_tb": ds.name,
        "download": gr.update(value=str(ds.train_path)),
        "confirm_row": gr.update(visible=False),
    }


def both(ctx: UIContext, lang: str, selected, split="train", page=1, search="") -> dict:
    """The list and the dataset shown; another dataset than `selected` starts at its first training page."""
    listed, sel = list_view(ctx, lang, selected)
    if sel != selected:
        split, page, search = "train", 1, ""
    return {**listed, **show_view(ctx, lang, sel, split, page, search)}


# ---------------------------------------------------------------------------------------------
# Handlers
# Named (studio.ui.context.named): the language and widget values in by name, a dict of outputs back.
# `**opts` are the check's settings: me, partner, scrub, names, kind, max_len, simplified, the cleaning
# actions (ACTION_INPUTS) and the column mapping (MAP_INPUTS), as `options` takes them.


def _one_list(paths) -> list:
    return paths if isinstance(paths, list) else [paths]


def upload_files(ctx: UIContext, lang, files, **opts) -> dict:
    if not files:
        return render_check(lang, None, "new")
    staged = store.stage_uploads(ctx.ws, _one_list(files))
    o = options(**opts)
    # a new batch: no "me" or columns chosen yet; personal data hidden by default for chat exports only
    o.update(
        me=None,
        partner=None,
        mapping=None,
        scrub_only_chats=True,
        scrub=ScrubOptions(names=split_names(opts.get("names"))),
    )
    checked = store.check_files(ctx.ws, staged.paths, **o)
    state = check_to_state(checked, staged.refused)
    ins = state["inspection"] or {}
    needs = ins.get("needs_mapping", [])
    state.update(
        speakers=ins.get("speakers", []),
        suggested_me=ins.get("suggested_me"),
        columns=list(dict.fromkeys(c for m in needs for c in m["columns"])),
        raw=needs[0]["rows"] if needs else [],
        name=Path(checked.ok[0]).stem if checked.ok else "",
        uploaded=[str(p) for p in _one_list(files)],
    )
    if len(state["bad"]) == 1:
        gr.Warning(state["bad"][0][1]["en" if lang == "en" else "zh"])
    elif state["bad"]:  # one toast, not one per file: the list is in the page
        n = len(state["bad"])
        gr.Warning(
            _t(
                lang,
                f"有 {n} 个文件不能导入，原因见上传框下面的列表。",
                f"{n} files cannot be imported; the list under the upload box says why.",
            )
        )
    return render_check(lang, state, "new")


def check_again(ctx: UIContext, lang, check_state, **opts) -> dict:
    state = check_state
    if not state or not state.get("ok"):
        return render_check(lang, state, "same")
    checked = store.check_files(ctx.ws, state["ok"], **options(**opts))
    new = {**state, **check_to_state(checked, [])}
    new["bad"] = state.get("bad", []) + new["bad"]
    return render_check(lang, new, "same")


def import_upload(ctx: UIContext, lang, check_state, ds_name, keep_original, **opts) -> dict:
    state = check_state
    if not state or not state.get("ok"):
        raise UserError("请先上传可以导入的文件。", "upload a file that can be imported first.")
    o = options(**opts)
    o.pop("preview_rows")
    try:
        res = store.import_files(ctx.ws, state["ok"], name=ds_name or None, keep_original=bool(keep_original), **o)
    finally:  # the browser's copies in the upload cache go too, imported or not (the error says to retry)
        store.remove_staged(ctx.ws, state.get("uploaded", []))
    c = res.dataset.card["counts"]
    gr.Info(_t(lang, f"已导入“{res.dataset.name}”", f"Imported “{res.dataset.name}”"))
    done = _t(
        lang,
        f"✅ 导入完成：“{res.dataset.name}”，训练 {c['train']} 条、验证 {c['val']} 条。"
        "下面“我的数据集”里可以查看；接下来去“② 标注”或“③ 训练”。",
        f"✅ Imported “{res.dataset.name}”: {c['train']} training and {c['val']} validation samples. "
        "See it below under My datasets; next, go to ② Annotate or ③ Train.",
    )
    done += "\n\n🗂️ " + store.original_note(res.dataset.card)(lang)
    return {"result": done, **both(ctx, lang, res.id), "changed": time.time_ns()}


def use_sample(ctx: UIContext, lang) -> dict:
    made = store.register_samples(ctx.ws)
    gr.Info(
        _t(
            lang,
            "内置示例已就绪：一份对话数据，一份偏好对数据。",
            "The bundled sample is ready: one conversation dataset and one preference-pair dataset.",
        )
    )
    done = _t(
        lang,
        "✅ 内置示例已就绪：一份对话数据（用来学说话），一份偏好对（好/差回复）。下面“我的数据集”里可以查看；"
        "接下来去“② 标注”让你们两个人选更好的回复，或直接去“③ 训练”。",
        "✅ The bundled sample is ready: conversations (to learn to talk) and preference pairs (better / "
        "worse replies). See them below under My datasets; next, go to ② Annotate to pick the better "
        "replies together, or straight to ③ Train.",
    )
    return {**both(ctx, lang, made[0].id), "changed": time.time_ns(), "result": done}


def datasets(ctx: UIContext, lang, pick) -> dict:
    """The list and the dataset picked ("Refresh", page load)."""
    return both(ctx, lang, pick)


def relist(ctx: UIContext, lang, pick) -> dict:
    """The list only (a tab switch: datasets made on other tabs show up)."""
    return list_view(ctx, lang, pick)[0]


def show_dataset(ctx: UIContext, lang, pick) -> dict:
    return show_view(ctx, lang, pick)


def pick_row(ctx: UIContext, lang, ds_id) -> dict:
    """A click on the datasets table's row `ds_id` (its last column) picks and shows that dataset."""
    return {"pick": gr.update(value=ds_id), **show_view(ctx, lang, ds_id)}


def page_go(ctx: UIContext, lang, pick, split, page, search) -> dict:
    return show_view(ctx, lang, pick, split, int(page or 1), search)


def page_prev(ctx: UIContext, lang, pick, split, page, search) -> dict:
    return show_view(ctx, lang, pick, split, int(page or 1) - 1, search)


def page_next(ctx: UIContext, lang, pick, split, page, search) -> dict:
    return show_view(ctx, lang, pick, split, int(page or 1) + 1, search)


def filter_rows(ctx: UIContext, lang, pick, split, page, search) -> dict:
    """Another split or search: from the first page."""
    return show_view(ctx, lang, pick, split, 1, search)


def rename_dataset(ctx: UIContext, lang, pick, rename_tb) -> dict:
    if not pick:
        raise UserError("请先选择一个数据集。", "pick a dataset first.")
    store.rename_dataset(ctx.ws, pick, rename_tb)
    return {**both(ctx, lang, pick), "changed": time.time_ns()}


def ask_delete(ctx: UIContext, lang, pick) -> dict:
    if not pick:
        raise UserError("请先选择一个数据集。", "pick a dataset first.")
    return {
        "confirm_row": gr.update(visible=True),
        "confirm_md": T["confirm"](lang, name=store.get_dataset(ctx.ws, pick).name),
    }


def cancel_delete(ctx: UIContext) -> dict:
    return {"confirm_row": gr.update(visible=False)}


def delete_dataset(ctx: UIContext, lang, pick) -> dict:
    if not pick:
        raise UserError("请先选择一个数据集。", "pick a dataset first.")
    name = store.get_dataset(ctx.ws, pick).name
    store.delete_dataset(ctx.ws, pick, confirm=True)
    gr.Info(_t(lang, f"已删除“{name}”", f"Deleted “{name}”"))
    return {**both(ctx, lang, None), "changed": time.time_ns()}


def relabel(ctx: UIContext, lang, check_state, pick, split, page, search) -> dict:
    """The language switched: the check and the datasets in the new language, choices kept."""
    return {**render_check(lang, check_state, "lang"), **both(ctx, lang, pick, split, page, search)}


# ---------------------------------------------------------------------------------------------
# The tab


def create_data_tab(ctx: UIContext) -> None:
    ws = ctx.ws
    L = ctx.lang

    def md(key, **kw):
        return ctx.tr(gr.Markdown(T[key](L), **kw), value=T[key])

    def btn(key, **kw):
        return ctx.tr(gr.Button(T[key](L), **kw), value=T[key])

    store.sweep_uploads(ws)  # uploads nobody imported stay a day at most
    intro = per_lang(T["intro"], apps=chats.apps())  # the chat apps as the format registry lists them
    ctx.tr(gr.Markdown(intro(L), elem_classes=["data-lead"]), value=intro)
    with gr.Row(elem_id="data-empty", visible=not store.list_datasets(ws), equal_height=True) as empty_row:
        md("empty", elem_id="data-empty-text")
        sample_top = btn("sample", variant="primary", scale=0, min_width=220, elem_id="data-sample-top")

    # ---- import: ① upload, ② check, ③ import -------------------------------------------------------
    with gr.Column(elem_classes=["data-section"], elem_id="data-import-section"):
        md("step1", elem_classes=["data-step"])
        files = ctx.tr(
            gr.File(label=T["files"](L), file_count="multiple", type="filepath", height=140, elem_id="data-files"),
            label=T["files"],
        )
        mb = _mb(Limits().max_file_bytes)
        limit_text = per_lang(T["formats"], chats=chats.supported(), mb=Text(mb, mb))
        ctx.tr(gr.Markdown(limit_text(L), elem_classes=["data-hint"]), value=limit_text)
        status = gr.Markdown(elem_id="data-status", elem_classes=["data-box"])
        check_state = gr.State(None)

        with gr.Column(visible=False, elem_id="data-check") as check_col:
            md("step2", elem_classes=["data-step"])
            with gr.Row(visible=False, elem_id="data-speakers") as speakers_row:
                me = ctx.tr(gr.Dropdown(label=T["me"](L), choices=[], value=None, elem_id="data-me"), label=T["me"])
                partner = ctx.tr(
                    gr.Dropdown(
                        label=T["partner"](L), choices=[(T["partner_auto"](L), "")], value="", elem_id="data-partner"
                    ),
                    label=T["partner"],
                )
            with gr.Column(visible=False, elem_id="data-mapping") as map_col:
                md("map_title")
                map_table = gr.Dataframe(interactive=False, wrap=True, max_height=220, elem_id="data-map-table")
                map_dds = []
                for group in (MAP_ROLES[:2], MAP_ROLES[2:]):
                    with gr.Row():
                        for role, text in group:
                            map_dds.append(
                                ctx.tr(
                                    gr.Dropdown(
                                        label=text(L),
                                        choices=[(T["map_none"](L), "")],
                                        value="",
                                        elem_id=f"data-map-{role}",
                                    ),
                                    label=text,
                                )
                            )
            with gr.Row(equal_height=True):
                scrub = ctx.tr(
                    gr.Checkbox(value=True, label=T["scrub"](L), elem_id="data-scrub", scale=1), label=T["scrub"]
                )
                names = ctx.tr(
                    gr.Textbox(label=T["names"](L), placeholder=T["names_ph"](L), elem_id="data-names", scale=1),
                    label=T["names"],
                    placeholder=T["names_ph"],
                )
            keep_cb = ctx.tr(
                gr.Checkbox(value=False, label=T["keep"](L), info=T["keep_info"](L), elem_id="data-keep"),
                label=T["keep"],
                info=T["keep_info"],
            )
            with ctx.tr(gr.Accordion(T["clean"](L), open=False, elem_id="data-clean"), label=T["clean"]):
                with gr.Row():
                    kind = ctx.tr(
                        gr.Radio(choices=choices(KIND_CHOICES)(L), value="auto", label=T["kind"](L)),
                        label=T["kind"],
                        choices=choices(KIND_CHOICES),
                    )
                    max_len = ctx.tr(
                        gr.Number(value=0, precision=0, minimum=0, label=T["max_len"](L)), label=T["max_len"]
                    )
                    simplified = ctx.tr(gr.Checkbox(value=False, label=T["simplified"](L)), label=T["simplified"])
                actions = []
                with gr.Row():
                    for pk, ptext in PROBLEMS.items():
                        # duplicates and identical pairs cannot be repaired, only dropped or kept
                        allowed = ACTIONS if _default_action(pk) == "fix" else ("drop", "keep")
                        pairs = [(ACTION_VERBS[a], a) for a in allowed]
                        actions.append(
                            ctx.tr(
                                gr.Radio(
                                    choices=choices(pairs)(L), value=_default_action(pk), label=ptext(L), min_width=160
                                ),
                                label=ptext,
                                choices=choices(pairs),
                            )
                        )
                recheck = btn("recheck", size="sm", elem_id="data-recheck")
            report = gr.Markdown(elem_id="data-report", elem_classes=["data-box"])
            md("preview_title")
            preview = gr.Dataframe(
                interactive=False, wrap=True, max_height=360, datatype="markdown", elem_id="data-preview"
            )

            md("step3", elem_classes=["data-step"])
            with gr.Row(equal_height=True):
                ds_name = ctx.tr(gr.Textbox(label=T["name"](L), scale=3, elem_id="data-name"), label=T["name"])
                do_import = btn(
                    "import", variant="primary", size="lg", scale=1, interactive=False, elem_id="data-import"
                )
        result = gr.Markdown(elem_id="data-result", elem_classes=["data-box", "data-ok"])

    # ---- my datasets --------------------------------------------------------------------------
    changed = gr.State(0)
    with gr.Column(elem_classes=["data-section"], elem_id="data-mine"):
        with gr.Row(equal_height=True):
            md("mine", elem_classes=["data-step"])
            refresh = btn("refresh", size="sm", scale=0, min_width=110)
            sample = btn("sample", size="sm", scale=0, min_width=190, elem_id="data-sample")
        # Inside the column shown only when a dataset exists: no empty table, the banner above says what to do.
        with gr.Column(visible=False, elem_id="data-browse") as browse_col:
            table = gr.Dataframe(interactive=False, wrap=True, max_height=260, elem_id="data-datasets")
            # custom values: an API caller may name a dataset made after this page was built (checked below)
            pick = ctx.tr(
                gr.Dropdown(label=T["pick"](L), choices=[], value=None, allow_custom_value=True, elem_id="data-pick"),
                label=T["pick"],
            )
            card = gr.Markdown(elem_id="data-card", elem_classes=["data-box"])
            with gr.Row(equal_height=True):
                rename_tb = ctx.tr(gr.Textbox(label=T["rename"](L), scale=4, elem_id="data-rename"), label=T["rename"])
                rename_btn = btn("rename_btn", scale=1, min_width=120)
                download = ctx.tr(
                    gr.DownloadButton(T["download"](L), value=None, scale=1, min_width=180, elem_id="data-download"),
                    label=T["download"],
                )
                delete_ask = btn("delete", variant="stop", scale=1, min_width=120, elem_id="data-delete")
            with gr.Row(visible=False, equal_height=True, elem_id="data-confirm") as confirm_row:
                confirm_md = gr.Markdown()
                delete_yes = btn("delete_yes", variant="stop", scale=0, min_width=140, elem_id="data-delete-yes")
                delete_no = btn("cancel", scale=0, min_width=100)
            with gr.Tabs(elem_id="data-browse-tabs"):
                with ctx.tr(gr.Tab(T["rows_tab"](L)), label=T["rows_tab"]):
                    with gr.Row(equal_height=True):
                        split = ctx.tr(
                            gr.Radio(choices=choices(SPLITS)(L), value="train", label=T["split"](L), scale=1),
                            label=T["split"],
                            choices=choices(SPLITS),
                        )
                        search = ctx.tr(
                            gr.Textbox(
                                label=T["search"](L), placeholder=T["search_ph"](L), scale=2, elem_id="data-search"
                            ),
                            label=T["search"],
                            placeholder=T["search_ph"],
                        )
                        page = ctx.tr(
                            gr.Number(value=1, precision=0, minimum=1, label=T["page"](L), scale=0, min_width=90),
                            label=T["page"],
                        )
                    rows_df = gr.Dataframe(
                        interactive=False, wrap=True, max_height=420, datatype="markdown", elem_id="data-rows"
                    )
                    with gr.Row(equal_height=True):
                        prev_btn = btn("prev", size="sm", scale=0, min_width=110)
                        page_md = gr.Markdown(elem_classes=["data-hint", "data-pageinfo"])
                        next_btn = btn("next", size="sm", scale=0, min_width=110)
                with ctx.tr(gr.Tab(T["hist_tab"](L)), label=T["hist_tab"]):
                    hist = gr.BarPlot(x="range", y="count", label=T["hist"](L), height=260, elem_id="data-hist")
                with ctx.tr(gr.Tab(T["stats_tab"](L)), label=T["stats_tab"]):
                    stats = gr.Dataframe(interactive=False, elem_id="data-stats")

    # ---- wiring, by name ---------------------------------------------------------------------------
    L_in = {"lang": ctx.lang_state}
    opt_in = {
        "me": me,
        "partner": partner,
        "scrub": scrub,
        "names": names,
        "kind": kind,
        "max_len": max_len,
        "simplified": simplified,
        **dict(zip(ACTION_INPUTS, actions)),
        **dict(zip(MAP_INPUTS, map_dds)),
    }
    checked = {
        "check_state": check_state,
        "status": status,
        "check_col": check_col,
        "speakers_row": speakers_row,
        "me": me,
        "partner": partner,
        "map_col": map_col,
        "map_table": map_table,
        **dict(zip(MAP_INPUTS, map_dds)),
        "scrub": scrub,
        "report": report,
        "preview": preview,
        "ds_name": ds_name,
        "do_import": do_import,
        "result": result,
    }
    listed = {"table": table, "pick": pick, "empty_row": empty_row, "browse_col": browse_col}
    shown = {
        "card": card,
        "rows_df": rows_df,
        "page_md": page_md,
        "page": page,
        "hist": hist,
        "stats": stats,
        "rename_tb": rename_tb,
        "download": download,
        "confirm_row": confirm_row,
    }
    view_in = {**L_in, "pick": pick, "split": split, "page": page, "search": search}
    recheck_in = {**L_in, "check_state": check_state, **opt_in}
    on = ctx.wiring(ctx)

    on(files.change, upload_files, {**L_in, "files": files, **opt_in}, checked, api_name="data_upload")
    on(recheck.click, check_again, recheck_in, checked, api_name="data_inspect")
    for comp in (me, partner, scrub, kind, simplified, *actions, *map_dds):
        on(comp.input, check_again, recheck_in, checked, api_name=False)
    for comp in (names, max_len):  # typed values: re-check on Enter or when the field is left
        on(comp.submit, check_again, recheck_in, checked, api_name=False)
        on(comp.blur, check_again, recheck_in, checked, api_name=False)
    on(
        do_import.click,
        import_upload,
        {**L_in, "check_state": check_state, "ds_name": ds_name, "keep_original": keep_cb, **opt_in},
        {"result": result, **listed, **shown, "changed": changed},
        api_name="data_import",
    )
    for b, api in ((sample_top, "data_sample"), (sample, False)):
        on(b.click, use_sample, L_in, {**listed, **shown, "changed": changed, "result": result}, api_name=api)
    on(refresh.click, datasets, {**L_in, "pick": pick}, {**listed, **shown}, api_name="data_list")
    on(pick.input, show_dataset, {**L_in, "pick": pick}, shown, api_name="data_show")

    def on_table_select(lang, evt: gr.SelectData):
        # Positional: Gradio hands the clicked row only to a parameter annotated gr.SelectData, which a named
        # handler cannot declare. The work is pick_row's.
        got = pick_row(ctx, lang, (evt.row_value or [None])[-1])
        return [got["pick"], *(got[n] for n in shown)]

    table.select(ctx.safe(on_table_select), ctx.lang_state, [pick, *shown.values()], api_name=False)
    on(page.submit, page_go, view_in, shown, api_name="data_page")
    for comp, ev in ((split, "input"), (search, "submit")):
        on(getattr(comp, ev), filter_rows, view_in, shown, api_name=False)
    on(prev_btn.click, page_prev, view_in, shown, api_name=False)
    on(next_btn.click, page_next, view_in, shown, api_name=False)
    on(
        rename_btn.click,
        rename_dataset,
        {**L_in, "pick": pick, "rename_tb": rename_tb},
        {**listed, **shown, "changed": changed},
        api_name="data_rename",
    )
    on(
        delete_ask.click,
        ask_delete,
        {**L_in, "pick": pick},
        {"confirm_row": confirm_row, "confirm_md": confirm_md},
        api_name="data_delete_ask",
    )
    on(delete_no.click, cancel_delete, {}, {"confirm_row": confirm_row}, api_name=False, queue=False)
    on(
        delete_yes.click,
        delete_dataset,
        {**L_in, "pick": pick},
        {**listed, **shown, "changed": changed},
        api_name="data_delete",
    )
    on(
        ctx.lang_state.change,
        relabel,
        {**L_in, "check_state": check_state, **view_in},
        {**checked, **listed, **shown},
        api_name=False,
        show_progress="hidden",
    )

    def hook(demo):
        # datasets made on other tabs (annotation export) or in another browser show up here too
        on(demo.load, datasets, {**L_in, "pick": pick}, {**listed, **shown}, api_name=False, show_progress="hidden")
        if ctx.tabs is not None:
            on(ctx.tabs.select, relist, {**L_in, "pick": pick}, listed, api_name=False, show_progress="hidden")

    ctx.on_load.append(hook)
    ctx.datasets_changed = changed
    ctx.dataset_choices = lambda lang, kinds=None: dataset_choices(ws, lang, kinds)
