"""A parsed chat log -> multi-turn SFT samples in the voice of "me", whatever app it came from.

The user picks who "me" is (the voice the model learns: assistant) and the partner (user). Consecutive
messages of one speaker become one turn; a silence longer than `gap_hours` starts a new conversation;
every sample starts with the partner and ends with me.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from studio.core.i18n import UserError
from studio.data.chats.base import ChatLog, ChatMessage
from studio.data.rows import Row


@dataclass
class Speaker:
    name: str
    messages: int


@dataclass
class ChatOptions:
    me: str
    partner: str | None = None  # None: the only other speaker
    gap_hours: float = 6.0  # silence that starts a new conversation
    max_rounds: int = 20  # longer conversations are cut into several samples
    system: str | None = None  # optional system prompt put in front of every sample


@dataclass
class ChatSamples:
    rows: list[Row]
    dropped: Counter  # reason -> messages dropped (parsing + other speakers)
    conversations: int
    unanswered: int  # conversations without a partner->me exchange


def list_speakers(log: ChatLog) -> list[Speaker]:
    counts = Counter(m.speaker for m in log.messages)
    return [Speaker(n, c) for n, c in counts.most_common()]


def speaker_list(log: ChatLog) -> str:
    return ", ".join(f"{s.name} ({s.messages})" for s in list_speakers(log))


def resolve_partner(log: ChatLog, me: str, partner: str | None) -> str:
    names = [s.name for s in list_speakers(log)]
    if me not in names:
        raise UserError(
            f"{log.file} 里没有名为 {me!r} 的发言人。找到的发言人：{speaker_list(log)}。",
            f"{log.file} has no speaker named {me!r}. Speakers found: {speaker_list(log)}.",
        )
    if partner is not None:
        if partner == me:
            raise UserError("“我”和对方不能是同一个人。", "'me' and the partner must be different people.")
        if partner not in names:
            raise UserError(
                f"{log.file} 里没有名为 {partner!r} 的发言人。找到的发言人：{speaker_list(log)}。",
                f"{log.file} has no speaker named {partner!r}. Speakers found: {speaker_list(log)}.",
            )
        return partner
    others = [n for n in names if n != me]
    if not others:
        raise UserError(
            f"{log.file} 里只有 {me} 一个人的消息，没有对话可学。",
            f"{log.file} only holds messages by {me}: there is no conversation to learn from.",
        )
    if len(others) > 1:
        raise UserError(
            f"{log.file} 里有多位发言人，请指定对方是谁：{speaker_list(log)}。",
            f"{log.file} has several speakers; choose the partner: {speaker_list(log)}.",
        )
    return others[0]


def to_samples(log: ChatLog, opts: ChatOptions) -> ChatSamples:
    partner = resolve_partner(log, opts.me, opts.partner)
    if opts.gap_hours <= 0 or opts.max_rounds < 1:
        raise UserError(
            "对话间隔小时数和每条样本的轮数都必须大于 0。",
            "the gap in hours and the rounds per sample must be above 0.",
        )
    dropped = Counter(log.dropped)
    gap = opts.gap_hours * 3600
    convs: list[list[list]] = []  # conversations of turns [role, [texts], first line]
    prev: ChatMessage | None = None
    for m in log.messages:
        if m.speaker not in (opts.me, partner):
            dropped["other_speaker"] += 1
            continue
        role = "assistant" if m.speaker == opts.me else "user"
        new_conv = (
            prev is None or m.chat != prev.chat or (m.time and prev.time and (m.time - prev.time).total_seconds() > gap)
        )
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
        while turns and turns[0][0] == "assistant":  # start with the partner
            turns.pop(0)
        while turns and turns[-1][0] == "user":  # end with me
            turns.pop()
        if not turns:
            unanswered += 1
            continue
        step = 2 * opts.max_rounds
        for k in range(0, len(turns), step):
            chunk = turns[k : k + step]
            msgs = [{"role": "system", "content": opts.system}] if opts.system else []
            msgs += [{"role": r, "content": "\n".join(texts)} for r, texts, _ in chunk]
            rows.append(Row({"messages": msgs}, log.file, chunk[0][2]))
    return ChatSamples(rows, dropped, len(convs), unanswered)
