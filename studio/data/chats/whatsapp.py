"""WhatsApp's .txt export: Android "12/31/23, 9:15 PM - Name: text" and iOS "[31/12/2023, 21:15:02] Name: text"."""

from __future__ import annotations

import re
from datetime import datetime

from studio.core.i18n import Text
from studio.data.chats.base import INVISIBLE, ChatFormat, ChatLog, add, head_lines
from studio.data.formats import RawFile

_DATE = r"(\d{1,2})[./](\d{1,2})[./](\d{2,4}),? (\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?(?: ?([AaPp])\.? ?[Mm]\.?)?"
_ANDROID = re.compile(rf"^{_DATE} [-–] (.*)$")
_IOS = re.compile(rf"^\[{_DATE}\] (.*)$")


def _norm(line: str) -> str:
    return line.translate(INVISIBLE).replace("\u202f", " ").replace("\u00a0", " ")


def sniff(raw: RawFile) -> int:
    return sum(1 for ln in head_lines(raw) if _ANDROID.match(_norm(ln)) or _IOS.match(_norm(ln)))


def parse(raw: RawFile, log: ChatLog) -> None:
    entries = []  # (match groups, rest, line no) ; continuation lines are appended to rest
    for no, line in enumerate(raw.text.split("\n"), 1):
        line = _norm(line.rstrip("\r"))
        m = _ANDROID.match(line) or _IOS.match(line)
        if m:
            entries.append([m.groups()[:7], m.group(8), no])
        elif entries:
            entries[-1][1] += "\n" + line
    # day/month order: a first number over 12 means D/M, a second one over 12 means M/D, else AM/PM hints US
    firsts = [int(g[0]) for g, _, _ in entries]
    seconds = [int(g[1]) for g, _, _ in entries]
    if any(a > 12 for a in firsts):
        dmy = True
    elif any(b > 12 for b in seconds):
        dmy = False
    else:
        dmy = not any(g[6] for g, _, _ in entries)
    for g, rest, no in entries:
        a, b, y, hh, mm, ss, ap = g
        day, month = (int(a), int(b)) if dmy else (int(b), int(a))
        year = int(y) + 2000 if len(y) == 2 else int(y)
        hour = int(hh) % 12 + (12 if ap and ap.lower() == "p" else 0) if ap else int(hh)
        try:
            t = datetime(year, month, day, hour, int(mm), int(ss or 0))
        except ValueError:
            t = None
        who, sep, text = rest.partition(": ")
        if not sep:  # "Messages and calls are end-to-end encrypted", "X added Y" ...
            log.dropped["system"] += 1
            continue
        add(log, who.strip(), text, t, no)


FORMAT = ChatFormat(
    "whatsapp",
    Text("WhatsApp 聊天记录", "WhatsApp chat export"),
    Text("WhatsApp", "WhatsApp"),
    Text(" 导出的 .txt", " .txt"),
    sniff,
    parse,
)
