"""A chat-export format is one ChatFormat entry: with a made-up app's export registered in the test, sniffing,
parsing, the dataset store, the CLI's import and the Data tab all take it from that entry alone."""

from __future__ import annotations

import re
from datetime import datetime

import gradio as gr
import pytest

from studio.core.i18n import Text, UserError
from studio.core.workspace import Workspace
from studio.data import chats, store
from studio.data.chats.base import ChatFormat, ChatLog, add
from studio.data.formats import RawFile, read_file
from studio.ui import data_tab
from studio.ui.context import UIContext
from tests.unit.test_data_store import cli

# "LoveNote", an app made up for this test: one message a line, "♥ 2024-05-01 20:13 Name: text"
_LINE = re.compile(r"^♥ (\d{4}-\d{2}-\d{2} \d{2}:\d{2}) ([^:]+): (.*)$")


def _sniff(raw: RawFile) -> int:
    return sum(1 for ln in (raw.text or "").split("\n") if _LINE.match(ln))


def _parse(raw: RawFile, log: ChatLog) -> None:
    for no, ln in enumerate(raw.text.split("\n"), 1):
        if m := _LINE.match(ln):
            add(log, m.group(2), m.group(3), datetime.strptime(m.group(1), "%Y-%m-%d %H:%M"), no)


LOVENOTE = ChatFormat(
    "lovenote",
    Text("LoveNote 聊天记录", "LoveNote export"),
    Text("LoveNote", "LoveNote"),
    Text(" 的 notes.txt", " notes.txt"),
    _sniff,
    _parse,
)
EXPORT = (
    "♥ 2024-05-01 20:13 小红: 在吗\n♥ 2024-05-01 20:14 阿杰: 在呢\n"
    "♥ 2024-05-01 20:14 阿杰: [图片]\n♥ 2024-05-01 20:15 小红: 想你了\n♥ 2024-05-01 20:16 阿杰: 我也想你\n"
)
# what the export says, turn by turn: the photo is dropped as an image, the rest is one partner->me sample
SAMPLE = {
    "messages": [
        {"role": "user", "content": "在吗"},
        {"role": "assistant", "content": "在呢"},
        {"role": "user", "content": "想你了"},
        {"role": "assistant", "content": "我也想你"},
    ]
}


@pytest.fixture
def export(tmp_path):
    p = tmp_path / "notes.txt"
    p.write_text(EXPORT, encoding="utf-8")
    return p


def test_a_new_format_is_one_entry_every_place_reads(monkeypatch, tmp_path, export):
    ws = Workspace.open(tmp_path / "ws")
    assert chats.sniff(read_file(export)) is None  # unknown until the entry exists
    with pytest.raises(UserError) as ei:
        cli(ws, "import", str(export), "--kind", "chat", "--me", "阿杰")
    assert "notes.txt is not a chat export we recognise" in ei.value.msg.en and "LoveNote" not in ei.value.msg.en
    monkeypatch.setattr(chats, "REGISTRY", (*chats.REGISTRY, LOVENOTE))

    # Sniffing and parsing.
    log = chats.parse(read_file(export))
    assert (log.fmt, [(m.speaker, m.line) for m in log.messages]) == (
        "lovenote",
        [("小红", 1), ("阿杰", 2), ("小红", 4), ("阿杰", 5)],
    )
    assert dict(log.dropped) == {"image": 1}
    assert [r.data for r in chats.to_samples(log, chats.ChatOptions(me="阿杰")).rows] == [SAMPLE]
    # The sentence for files that are no chat export names it, in both languages.
    err = chats.not_a_chat("x.bin").msg
    assert "Telegram 的 result.json、LoveNote 的 notes.txt）" in err.zh and "LoveNote notes.txt)" in err.en

    # The CLI's import: a chat export (asks for "me" first), stored with its layout, counted as a chat.
    with pytest.raises(UserError, match="choose who 'me' is"):
        cli(ws, "import", str(export))
    out = cli(ws, "import", str(export), "--kind", "chat", "--me", "阿杰", "--no-scrub")
    src = out["card"]["sources"][0]
    assert (out["kind"], src["layout"], src["me"], src["partner"], src["dropped"]) == (
        "sft",
        "lovenote",
        "阿杰",
        "小红",
        {"image": 1},
    )
    assert [r["data"] for r in store.preview(ws, out["id"]).rows] == [SAMPLE]
    prepared = store.prepare([export], me="阿杰", scrub_only_chats=True)  # the upload default: scrub chats only
    assert prepared.chat and prepared.scrub is not None and [r.data for r in prepared.rows] == [SAMPLE]

    # The Data tab: the source line names the format, the intro and the upload hint list the app.
    assert data_tab._source_line(src, "en").startswith("✅ **notes.txt** — LoveNote export · 2 speakers · ")
    assert "跳过 图片 1" in data_tab._source_line(src, "zh")
    ctx = UIContext(ws, lang="en")
    with gr.Blocks():
        ctx.lang_state = gr.BrowserState("en")  # as the shell sets it before building the tabs
        data_tab.create_data_tab(ctx)
    shown = [t("en") for _, texts in ctx.registry for t in texts.values()]
    assert any("Upload your chat exports (QQ, WeChat, WhatsApp, Telegram, LoveNote)" in s for s in shown)
    assert any(
        "Supported: QQ/WhatsApp .txt, WeChat CSV, Telegram result.json, LoveNote notes.txt, and" in s for s in shown
    )


def test_ties_go_to_the_later_entry(tmp_path):
    """The rule the single sniff() had: a .txt with as many WhatsApp lines as QQ lines is WhatsApp; one QQ line
    more and it is QQ."""
    qq, wa = "2024-05-01 20:13:05 小红(654321)\n在吗\n", "12/31/23, 9:15 PM - Ann: hi\n"
    sniff = lambda text: chats.sniff(RawFile(tmp_path / "a.txt", "txt", text=text))  # noqa: E731
    assert (sniff(qq + wa), sniff(qq + wa + qq), sniff(wa + qq + wa)) == ("whatsapp", "qq", "whatsapp")
