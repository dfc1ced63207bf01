"""What every chat-export format shares: the parsed log, the registry entry's shape, and the placeholders
chat apps write instead of non-text content (dropped and counted, never learnt from)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from studio.core.i18n import Text
from studio.data.formats import RawFile

DROP_REASONS = {
    "image": Text("图片", "images"),
    "sticker": Text("表情", "stickers"),
    "voice": Text("语音", "voice messages"),
    "video": Text("视频", "videos"),
    "file": Text("文件/链接", "files/links"),
    "call": Text("通话", "calls"),
    "recall": Text("撤回/删除", "recalled/deleted"),
    "system": Text("系统消息", "system messages"),
    "other": Text("其他非文字消息", "other non-text messages"),
    "other_speaker": Text("其他人的消息", "messages by other people"),
}


@dataclass
class ChatMessage:
    speaker: str
    text: str
    time: datetime | None
    line: int
    chat: str = ""  # which chat (a Telegram full export holds several)


@dataclass
class ChatLog:
    file: str
    fmt: str  # the ChatFormat's name
    messages: list[ChatMessage]
    dropped: Counter = field(default_factory=Counter)  # reason -> count (non-text messages)
    suggested_me: str | None = None


@dataclass(frozen=True)
class ChatFormat:
    """One chat app's export, as the registry in studio.data.chats lists it."""

    name: str  # stored as the source's layout in dataset cards: never rename
    label: Text  # how the Data tab names a file of this format
    app: Text  # the app, in "not a chat export we recognise (…)"
    upload: Text  # the file it reads, after the app's name in that sentence
    sniff: Callable[[RawFile], int]  # how many lines/records look like this format (0: none)
    parse: Callable[[RawFile, ChatLog], None]  # fills log.messages and log.dropped


# placeholders that chat apps write instead of the non-text content, and why they are dropped
_PLACEHOLDERS = [
    (re.compile(r"\[(?:图片|闪照|Image|Photo|image|photo)\]"), "image"),
    (re.compile(r"\[(?:表情|动画表情|Sticker|sticker)\]"), "sticker"),
    (re.compile(r"\[(?:语音|Voice|voice)\]"), "voice"),
    (re.compile(r"\[(?:视频|Video|video)\]"), "video"),
    (re.compile(r"\[(?:文件|链接|位置|名片|QQ红包|红包|转账|File|Link|Location)\]"), "file"),
    (re.compile(r"\[(?:语音通话|视频通话|戳一戳|拍一拍)\]"), "call"),
    (re.compile(r"^.{0,20}撤回了一条消息\s*$"), "recall"),
    (re.compile(r"<(?:Media omitted|媒体文件已省略|Medien ausgeschlossen)>"), "image"),
    (re.compile(r"^(?:image|photo|GIF) omitted$"), "image"),
    (re.compile(r"^sticker omitted$"), "sticker"),
    (re.compile(r"^audio omitted$"), "voice"),
    (re.compile(r"^video omitted$"), "video"),
    (
        re.compile(r"^(?:document|Contact card) omitted$|^<attached: [^>]*>$|^.*\.(?:vcf|pdf) \(file attached\)$"),
        "file",
    ),
    (re.compile(r"^(?:This message was deleted|You deleted this message|此消息已删除|你删除了此消息)\.?$"), "recall"),
    (re.compile(r"^(?:Missed (?:voice|video) call|Voice call|Video call)\b.*$"), "call"),
]
_EDITED = re.compile(r"\s*<(?:This message was edited|已编辑此消息)>\s*$")
INVISIBLE = dict.fromkeys(map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\ufeff"))


def _strip_placeholders(text: str) -> tuple[str, str | None]:
    """(text left, drop reason of the first placeholder found)."""
    reason = None
    text = _EDITED.sub("", text.translate(INVISIBLE))
    for rx, why in _PLACEHOLDERS:
        new = rx.sub("", text)
        if new != text:
            reason = reason or why
            text = new
    return text.strip(), reason


def add(log: ChatLog, speaker: str, text: str, time: datetime | None, line: int, chat: str = "") -> None:
    """Keep a message's text, or count it as dropped when only placeholders were in it."""
    text, reason = _strip_placeholders(text)
    if text:
        log.messages.append(ChatMessage(speaker, text, time, line, chat))
    else:
        log.dropped[reason or "other"] += 1


def head_lines(raw: RawFile) -> list[str]:
    """The non-blank lines among a text file's first 400: what the text formats' sniffers look at."""
    if raw.text is None:
        return []
    return [ln for ln in raw.text.split("\n", 400)[:400] if ln.strip()]
