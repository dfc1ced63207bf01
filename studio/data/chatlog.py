"""Chat-history exports -> multi-turn SFT samples in the voice of "me".

Supported: QQ's plain-text export, WhatsApp's .txt export (Android "12/31/23, 9:15 PM - Name: text" and
iOS "[31/12/2023, 21:15:02] Name: text"), the WeChat CSV written by the common export tools (columns
StrContent, IsSender, StrTime, Type ...) and Telegram's result.json.

The user picks who "me" is (the voice the model learns: assistant) and the partner (user). Consecutive
messages of one speaker become one turn; a silence longer than `gap_hours` starts a new conversation;
every sample starts with the partner and ends with me. Non-text messages are dropped and counted.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from studio.data.formats import RawFile
from studio.data.rows import Row
from studio.i18n import Text, UserError

WECHAT_ME = "我"   # WeChat CSVs only say IsSender=1 for the account owner

DROP_REASONS = {
    "image": Text("图片", "images"), "sticker": Text("表情", "stickers"), "voice": Text("语音", "voice messages"),
    "video": Text("视频", "videos"), "file": Text("文件/链接", "files/links"), "call": Text("通话", "calls"),
    "recall": Text("撤回/删除", "recalled/deleted"), "system": Text("系统消息", "system messages"),
    "other": Text("其他非文字消息", "other non-text messages"),
    "other_speaker": Text("其他人的消息", "messages by other people"),
}


@dataclass
class ChatMessage:
    speaker: str
    text: str
    time: datetime | None
    line: int
    chat: str = ""   # which chat (a Telegram full export holds several)


@dataclass
class ChatLog:
    file: str
    fmt: str                                   # qq | whatsapp | wechat_csv | telegram
    messages: list[ChatMessage]
    dropped: Counter = field(default_factory=Counter)   # reason -> count (non-text messages)
    suggested_me: str | None = None


@dataclass
class Speaker:
    name: str
    messages: int


@dataclass
class ChatOptions:
    me: str
    partner: str | None = None    # None: the only other speaker
    gap_hours: float = 6.0        # silence that starts a new conversation
    max_rounds: int = 20          # longer conversations are cut into several samples
    system: str | None = None     # optional system prompt put in front of every sample


@dataclass
class ChatSamples:
    rows: list[Row]
    dropped: Counter              # reason -> messages dropped (parsing + other speakers)
    conversations: int
    unanswered: int               # conversations without a partner->me exchange


FORMAT_NAMES = {"qq": Text("QQ 聊天记录", "QQ chat export"), "whatsapp": Text("WhatsApp 聊天记录", "WhatsApp chat export"),
                "wechat_csv": Text("微信聊天记录 CSV", "WeChat CSV export"),
                "telegram": Text("Telegram 导出（result.json）", "Telegram export (result.json)")}

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
    (re.compile(r"^(?:document|Contact card) omitted$|^<attached: [^>]*>$|^.*\.(?:vcf|pdf) \(file attached\)$"), "file"),
    (re.compile(r"^(?:This message was deleted|You deleted this message|此消息已删除|你删除了此消息)\.?$"), "recall"),
    (re.compile(r"^(?:Missed (?:voice|video) call|Voice call|Video call)\b.*$"), "call"),
]
_EDITED = re.compile(r"\s*<(?:This message was edited|已编辑此消息)>\s*$")
_INVISIBLE = dict.fromkeys(map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\ufeff"))


def _strip_placeholders(text: str) -> tuple[str, str | None]:
    """(text left, drop reason of the first placeholder found)."""
    reason = None
    text = _EDITED.sub("", text.translate(_INVISIBLE))
    for rx, why in _PLACEHOLDERS:
        new = rx.sub("", text)
        if new != text:
            reason = reason or why
            text = new
    return text.strip(), reason


def _add(log: ChatLog, speaker: str, text: str, time: datetime | None, line: int, chat: str = "") -> None:
    text, reason = _strip_placeholders(text)
    if text:
        log.messages.append(ChatMessage(speaker, text, time, line, chat))
    else:
        log.dropped[reason or "other"] += 1


# ---------------------------------------------------------------------------------------------
# Detection and parsing

_QQ_HEAD = re.compile(r"^(\d{4}-\d{1,2}-\d{1,2} \d{1,2}:\d{2}:\d{2}) (.+?)\s*$")
_QQ_ID = re.compile(r"^(.*?)\s*(?:\((\d+)\)|<([^<>]+)>)$")
_WA_DATE = r"(\d{1,2})[./](\d{1,2})[./](\d{2,4}),? (\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?(?: ?([AaPp])\.? ?[Mm]\.?)?"
_WA_ANDROID = re.compile(rf"^{_WA_DATE} [-–] (.*)$")
_WA_IOS = re.compile(rf"^\[{_WA_DATE}\] (.*)$")


def _wa_norm(line: str) -> str:
    return line.translate(_INVISIBLE).replace("\u202f", " ").replace("\u00a0", " ")


def sniff(raw: RawFile) -> str | None:
    """The chat-export format of a file, or None when it is not a chat export."""
    if raw.text is not None:
        lines = [ln for ln in raw.text.split("\n", 400)[:400] if ln.strip()]
        wa = sum(1 for ln in lines if _WA_ANDROID.match(_wa_norm(ln)) or _WA_IOS.match(_wa_norm(ln)))
        qq = sum(1 for ln in lines if _QQ_HEAD.match(ln.strip()))
        if max(wa, qq) >= 1:
            return "whatsapp" if wa >= qq else "qq"
        return None
    top = raw.top
    if isinstance(top, dict):
        msgs = top.get("messages")
        # a Telegram chat: messages carry "date"/"type"; a full export nests chats; {"messages": [...]}
        # holding one OpenAI sample is not a chat export
        if isinstance(top.get("chats"), dict) or (isinstance(msgs, list) and msgs and isinstance(msgs[0], dict)
                                                  and "date" in msgs[0] and "type" in msgs[0]):
            return "telegram"
        return None
    cols = set(raw.columns)
    if "StrContent" in cols and ("IsSender" in cols or "Type" in cols):
        return "wechat_csv"
    return None


def parse(raw: RawFile) -> ChatLog:
    fmt = sniff(raw)
    if fmt is None:
        raise UserError(f"{raw.name} 不是可识别的聊天记录（支持 QQ/WhatsApp 导出的 .txt、微信导出的 CSV、Telegram 的 result.json）。",
                        f"{raw.name} is not a chat export we recognise (QQ/WhatsApp .txt, WeChat CSV, Telegram "
                        "result.json).")
    log = ChatLog(raw.name, fmt, [])
    {"qq": _parse_qq, "whatsapp": _parse_whatsapp, "wechat_csv": _parse_wechat, "telegram": _parse_telegram}[fmt](raw, log)
    if not log.messages:
        raise UserError(f"{raw.name} 里没有找到文字消息。", f"no text messages found in {raw.name}.")
    return log


def _parse_qq(raw: RawFile, log: ChatLog) -> None:
    cur: list | None = None   # [speaker, time, line, body lines]

    def flush():
        if cur:
            if cur[0] == "系统消息" or cur[3] and cur[3][0].startswith("系统消息"):
                log.dropped["system"] += 1
            else:
                _add(log, cur[0], "\n".join(cur[3]).strip(), cur[1], cur[2])

    for no, line in enumerate(raw.text.split("\n"), 1):
        line = line.rstrip("\r")
        m = _QQ_HEAD.match(line.strip())
        if m:
            flush()
            who = m.group(2)
            idm = _QQ_ID.match(who)
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


def _parse_whatsapp(raw: RawFile, log: ChatLog) -> None:
    entries = []   # (match groups, rest, line no) ; continuation lines are appended to rest
    for no, line in enumerate(raw.text.split("\n"), 1):
        line = _wa_norm(line.rstrip("\r"))
        m = _WA_ANDROID.match(line) or _WA_IOS.match(line)
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
        if not sep:   # "Messages and calls are end-to-end encrypted", "X added Y" ...
            log.dropped["system"] += 1
            continue
        _add(log, who.strip(), text, t, no)


_WECHAT_TYPES = {3: "image", 34: "voice", 43: "video", 47: "sticker", 48: "file", 49: "file", 50: "call",
                 10000: "recall", 10002: "system"}


def _parse_wechat(raw: RawFile, log: ChatLog) -> None:
    log.suggested_me = WECHAT_ME
    for no, rec in raw.records:
        try:
            typ = int(str(rec.get("Type") or 1).strip())
        except ValueError:
            typ = -1
        if typ != 1:
            log.dropped[_WECHAT_TYPES.get(typ, "other")] += 1
            continue
        is_me = str(rec.get("IsSender", "")).strip().lower() in ("1", "true")
        other = next((str(rec[k]).strip() for k in ("Remark", "NickName", "Sender", "TalkerId")
                      if str(rec.get(k) or "").strip()), "对方")
        _add(log, WECHAT_ME if is_me else other, str(rec.get("StrContent") or ""), _wechat_time(rec), no)


def _wechat_time(rec: dict) -> datetime | None:
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


_TG_MEDIA = {"sticker": "sticker", "voice_message": "voice", "audio_file": "voice", "video_file": "video",
             "video_message": "video", "animation": "sticker"}


def _parse_telegram(raw: RawFile, log: ChatLog) -> None:
    top = raw.top
    chats = top.get("chats", {}).get("list", []) if "chats" in top else [top]
    for chat in chats:
        cid = str(chat.get("id", chat.get("name", "")))
        for i, m in enumerate(chat.get("messages") or [], 1):
            no = m.get("id", i) if isinstance(m.get("id"), int) else i
            if m.get("type") != "message":
                log.dropped["call" if m.get("action") == "phone_call" else "system"] += 1
                continue
            reason = (_TG_MEDIA.get(m.get("media_type")) or ("image" if "photo" in m else None)
                      or ("file" if any(k in m for k in ("file", "poll", "location_information",
                                                         "contact_information")) else None))
            if reason:
                log.dropped[reason] += 1
                continue
            try:
                t = datetime.fromisoformat(str(m.get("date")))
            except ValueError:
                t = None
            _add(log, str(m.get("from") or "Deleted Account"), _tg_text(m.get("text")), t, no, cid)


def _tg_text(v) -> str:
    if isinstance(v, list):   # entities: plain strings and {"type": "link", "text": "..."}
        return "".join(p if isinstance(p, str) else str(p.get("text", "")) for p in v)
    return str(v or "")


# ---------------------------------------------------------------------------------------------
# Speakers and samples

def list_speakers(log: ChatLog) -> list[Speaker]:
    counts = Counter(m.speaker for m in log.messages)
    return [Speaker(n, c) for n, c in counts.most_common()]


def speaker_list(log: ChatLog) -> str:
    return ", ".join(f"{s.name} ({s.messages})" for s in list_speakers(log))


def resolve_partner(log: ChatLog, me: str, partner: str | None) -> str:
    names = [s.name for s in list_speakers(log)]
    if me not in names:
        raise UserError(f"{log.file} 里没有名为 {me!r} 的发言人。找到的发言人：{speaker_list(log)}。",
                        f"{log.file} has no speaker named {me!r}. Speakers found: {speaker_list(log)}.")
    if partner is not None:
        if partner == me:
            raise UserError("“我”和对方不能是同一个人。", "'me' and the partner must be different people.")
        if partner not in names:
            raise UserError(f"{log.file} 里没有名为 {partner!r} 的发言人。找到的发言人：{speaker_list(log)}。",
                            f"{log.file} has no speaker named {partner!r}. Speakers found: {speaker_list(log)}.")
        return partner
    others = [n for n in names if n != me]
    if not others:
        raise UserError(f"{log.file} 里只有 {me} 一个人的消息，没有对话可学。",
                        f"{log.file} only holds messages by {me}: there is no conversation to learn from.")
    if len(others) > 1:
        raise UserError(f"{log.file} 里有多位发言人，请指定对方是谁：{speaker_list(log)}。",
                        f"{log.file} has several speakers; choose the partner: {speaker_list(log)}.")
    return others[0]


def to_samples(log: ChatLog, opts: ChatOptions) -> ChatSamples:
    partner = resolve_partner(log, opts.me, opts.partner)
    if opts.gap_hours <= 0 or opts.max_rounds < 1:
        raise UserError("对话间隔小时数和每条样本的轮数都必须大于 0。", "the gap in hours and the rounds per sample must be above 0.")
    dropped = Counter(log.dropped)
    gap = opts.gap_hours * 3600
    convs: list[list[list]] = []   # conversations of turns [role, [texts], first line]
    prev: ChatMessage | None = None
    for m in log.messages:
        if m.speaker not in (opts.me, partner):
            dropped["other_speaker"] += 1
            continue
        role = "assistant" if m.speaker == opts.me else "user"
        new_conv = (prev is None or m.chat != prev.chat
                    or (m.time and prev.time and (m.time - prev.time).total_seconds() > gap))
        if new_conv:
            convs.append([])
        turns = convs[-1]
        if turns and turns[-1][0] == role:
            turns[-1][1].append(m.text)
        else:
            turns.append([role, [m.text], m.line])
        prev = m
    rows: list[Row] = []
    unanswered = 0
    for turns in convs:
        while turns and turns[0][0] == "assistant":   # start with the partner
            turns.pop(0)
        while turns and turns[-1][0] == "user":       # end with me
            turns.pop()
        if not turns:
            unanswered += 1
            continue
        step = 2 * opts.max_rounds
        for k in range(0, len(turns), step):
            chunk = turns[k:k + step]
            msgs = [{"role": "system", "content": opts.system}] if opts.system else []
            msgs += [{"role": r, "content": "\n".join(texts)} for r, texts, _ in chunk]
            rows.append(Row({"messages": msgs}, log.file, chunk[0][2]))
    return ChatSamples(rows, dropped, len(convs), unanswered)
