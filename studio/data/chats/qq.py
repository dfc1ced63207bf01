"""QQ's plain-text export: a head line "2024-05-01 20:13:05 Name(123456)" (or "Name<mail>") and the message
on the lines below it."""

from __future__ import annotations

import re
from datetime import datetime

from studio.core.i18n import Text
from studio.data.chats.base import ChatFormat, ChatLog, add, head_lines
from studio.data.formats import RawFile

_HEAD = re.compile(r"^(\d{4}-\d{1,2}-\d{1,2} \d{1,2}:\d{2}:\d{2}) (.+?)\s*$")
_ID = re.compile(r"^(.*?)\s*(?:\((\d+)\)|<([^<>]+)>)$")


def sniff(raw: RawFile) -> int:
    return sum(1 for ln in head_lines(raw) if _HEAD.match(ln.strip()))


def parse(raw: RawFile, log: ChatLog) -> None:
    cur: list | None = None  # [speaker, time, line, body lines]

    def flush():
        if cur:
            if cur[0] == "系统消息" or cur[3] and cur[3][0].startswith("系统消息"):
                log.dropped["system"] += 1
            else:
                add(log, cur[0], "\n".join(cur[3]).strip(), cur[1], cur[2])

    for no, line in enumerate(raw.text.split("\n"), 1):
        line = line.rstrip("\r")
        m = _HEAD.match(line.strip())
        if m:
            flush()
            who = m.group(2)
            idm = _ID.match(who)
            if idm and idm.group(1):
                who = idm.group(1)
            try:
                t = datetime.strptime(m.group(1), "%Y-%m-%d %H:%M:%S")
            except ValueError:
                t = None
            cur = [who.strip(), t, no, []]
        elif cur is not None:
            cur[3].append(line)
    flush()


FORMAT = ChatFormat(
    "qq", Text("QQ 聊天记录", "QQ chat export"), Text("QQ", "QQ"), Text(" 导出的 .txt", " .txt"), sniff, parse
)
