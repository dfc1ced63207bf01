"""The WeChat CSV written by the common export tools (columns StrContent, IsSender, StrTime, Type ...)."""

from __future__ import annotations

from datetime import datetime

from studio.core.i18n import Text
from studio.data.chats.base import ChatFormat, ChatLog, add
from studio.data.formats import RawFile

ME = "我"  # WeChat CSVs only say IsSender=1 for the account owner

_TYPES = {
    3: "image",
    34: "voice",
    43: "video",
    47: "sticker",
    48: "file",
    49: "file",
    50: "call",
    10000: "recall",
    10002: "system",
}


def sniff(raw: RawFile) -> int:
    if raw.text is not None or isinstance(raw.top, dict):
        return 0
    cols = set(raw.columns)
    return int("StrContent" in cols and ("IsSender" in cols or "Type" in cols))


def parse(raw: RawFile, log: ChatLog) -> None:
    log.suggested_me = ME
    for no, rec in raw.records:
        try:
            typ = int(str(rec.get("Type") or 1).strip())
        except ValueError:
            typ = -1
        if typ != 1:
            log.dropped[_TYPES.get(typ, "other")] += 1
            continue
        is_me = str(rec.get("IsSender", "")).strip().lower() in ("1", "true")
        other = next(
            (
                str(rec[k]).strip()
                for k in ("Remark", "NickName", "Sender", "TalkerId")
                if str(rec.get(k) or "").strip()
            ),
            "对方",
        )
        add(log, ME if is_me else other, str(rec.get("StrContent") or ""), _time(rec), no)


def _time(rec: dict) -> datetime | None:
    s = str(rec.get("StrTime") or "").strip()
    for fmt in ("%Y-%m-%d %H:%M:%S", "%Y/%m/%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y/%m/%d %H:%M"):
        try:
            return datetime.strptime(s, fmt)
        except ValueError:
            pass
    try:
        return datetime.fromtimestamp(int(float(rec.get("CreateTime"))))
    except (TypeError, ValueError, OverflowError, OSError):
        return None


FORMAT = ChatFormat(
    "wechat_csv",
    Text("微信聊天记录 CSV", "WeChat CSV export"),
    Text("微信", "WeChat"),
    Text("导出的 CSV", " CSV"),
    sniff,
    parse,
)
