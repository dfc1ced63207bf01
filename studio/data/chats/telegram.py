"""Telegram's result.json: one chat ({"messages": [...]}) or a full export ({"chats": {"list": [...]}})."""

from __future__ import annotations

from datetime import datetime

from studio.core.i18n import Text
from studio.data.chats.base import ChatFormat, ChatLog, add
from studio.data.formats import RawFile

_MEDIA = {
    "sticker": "sticker",
    "voice_message": "voice",
    "audio_file": "voice",
    "video_file": "video",
    "video_message": "video",
    "animation": "sticker",
}


def sniff(raw: RawFile) -> int:
    top = raw.top
    if raw.text is not None or not isinstance(top, dict):
        return 0
    msgs = top.get("messages")
    # a Telegram chat: messages carry "date"/"type"; a full export nests chats; {"messages": [...]}
    # holding one OpenAI sample is not a chat export
    one_chat = (
        isinstance(msgs, list) and bool(msgs) and isinstance(msgs[0], dict) and {"date", "type"} <= msgs[0].keys()
    )
    return int(isinstance(top.get("chats"), dict) or one_chat)


def parse(raw: RawFile, log: ChatLog) -> None:
    top = raw.top
    chats = top.get("chats", {}).get("list", []) if "chats" in top else [top]
    for chat in chats:
        cid = str(chat.get("id", chat.get("name", "")))
        for i, m in enumerate(chat.get("messages") or [], 1):
            no = m.get("id", i) if isinstance(m.get("id"), int) else i
            if m.get("type") != "message":
                log.dropped["call" if m.get("action") == "phone_call" else "system"] += 1
                continue
            reason = (
                _MEDIA.get(m.get("media_type"))
                or ("image" if "photo" in m else None)
                or (
                    "file"
                    if any(k in m for k in ("file", "poll", "location_information", "contact_information"))
                    else None
                )
            )
            if reason:
                log.dropped[reason] += 1
                continue
            try:
                t = datetime.fromisoformat(str(m.get("date")))
            except ValueError:
                t = None
            add(log, str(m.get("from") or "Deleted Account"), _text(m.get("text")), t, no, cid)


def _text(v) -> str:
    if isinstance(v, list):  # entities: plain strings and {"type": "link", "text": "..."}
        return "".join(p if isinstance(p, str) else str(p.get("text", "")) for p in v)
    return str(v or "")


FORMAT = ChatFormat(
    "telegram",
    Text("Telegram 导出（result.json）", "Telegram export (result.json)"),
    Text("Telegram", "Telegram"),
    Text(" 的 result.json", " result.json"),
    sniff,
    parse,
)
