"""Playground conversations: chat with a deployed model through its OpenAI-compatible API.

The web process talks HTTP only (urllib, server-sent events for streaming); it never loads a model.
Every exchange goes through the safety guard (studio.chat.guard):

* the person's message: crisis -> the fixed caring message with hotlines instead of the model's reply;
  a blocked keyword -> the message is held back and never sent;
* the model's reply: pushing dependency, a blocked keyword or above the intensity ceiling ->
  generated once more, and if the second one fails too it is replaced by a fixed message;
* the AI disclosure opens every conversation; after two hours of continuous chat a break reminder.

Conversations are saved in SQLite (migration 0003_chat) and can become SFT samples or preference
pairs (the person's edits are the chosen replies). Side-by-side comparisons send one message to two
models at once; the person's vote becomes a preference pair in an annotation project.
"""

from __future__ import annotations

import http.client
import json
import queue
import random
import sqlite3
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path

from studio.annotate import projects as annotate
from studio.chat import guard
from studio.chat import memory as mem
from studio.core import db, sse
from studio.core.i18n import Text, UserError
from studio.core.workspace import Workspace, atomic_write_jsonl

REQUEST_TIMEOUT_S = 300  # a long reply on a CPU can take minutes
VOTE_PROJECT = "playground-votes"
VOTE_ANNOTATOR = "playground"
ROLES = ("user", "assistant", "notice")


# ------------------------------------------------------------------------------- the HTTP client


@dataclass(frozen=True)
class Window:
    """How much the served model reads at once: ms-swift refuses a longer prompt (studio.engine.deploy.context)."""

    max_length: int  # tokens of prompt and reply together
    tokenizer: str | None = None  # the served model's tokenizer.json, for exact counts


@dataclass(frozen=True)
class Endpoint:
    """An OpenAI-compatible server: `http://127.0.0.1:8000/v1` and its API key, if it needs one; `window` when
    the studio knows the served model's length (its own deployments), so long chats are trimmed to fit."""

    base_url: str
    api_key: str | None = None
    window: Window | None = None


@dataclass
class GenSettings:
    temperature: float = 0.7
    top_p: float = 0.9
    max_tokens: int = 256

    def __post_init__(self) -> None:
        checks = (
            (
                0.0 <= float(self.temperature) <= 2.0,
                Text(
                    "温度（temperature）应在 0 到 2 之间，例如 0.7。",
                    "Temperature must be between 0 and 2, for example 0.7.",
                ),
            ),
            (
                0.0 < float(self.top_p) <= 1.0,
                Text("top-p 应大于 0、不超过 1，例如 0.9。", "top-p must be above 0 and at most 1, for example 0.9."),
            ),
            (
                1 <= int(self.max_tokens) <= 8192,
                Text(
                    "最大长度（max tokens）应在 1 到 8192 之间，例如 256。",
                    "Max tokens must be between 1 and 8192, for example 256.",
                ),
            ),
        )
        for ok, msg in checks:
            if not ok:
                raise UserError(msg)
        self.temperature, self.top_p, self.max_tokens = float(self.temperature), float(self.top_p), int(self.max_tokens)

    def body(self) -> dict:
        return {"temperature": self.temperature, "top_p": self.top_p, "max_tokens": self.max_tokens}


class ReplyBroken(UserError):
    """The server closed the stream before the reply was complete (it failed while answering)."""

    def __init__(self) -> None:
        super().__init__(
            "聊天服务在回复到一半时出错了（原因见“任务”页里聊天服务的日志）。可以开始新对话再试。",
            "The chat server failed in the middle of the reply (its log on the Jobs tab says why). "
            "Start a new chat and try again.",
        )


def _unreachable(ep: Endpoint, why: object) -> UserError:
    return UserError(
        f"连不上聊天服务 {ep.base_url}（{why}）：请在“模型与导出”页启动聊天服务，等指示灯变绿后再试。",
        f"Cannot reach the chat server at {ep.base_url} ({why}): start the chat server on the "
        "Models & Export tab and wait for the green light, then try again.",
    )


def _post(ep: Endpoint, path: str, body: dict, timeout: float):
    req = urllib.request.Request(
        ep.base_url.rstrip("/") + path,
        data=json.dumps(body).encode("utf-8"),
        headers={
            "Content-Type": "application/json",
            "Accept": "text/event-stream",
            # the page shows the disclosure and reminder itself (studio.chat.gateway)
            "X-Qixi-Notices": "client",
        },
    )
    if ep.api_key:
        req.add_header("Authorization", f"Bearer {ep.api_key}")
    try:
        return urllib.request.urlopen(req, timeout=timeout)
    except urllib.error.HTTPError as e:
        try:
            detail = json.loads(e.read().decode("utf-8")).get("message") or e.reason
        except (ValueError, AttributeError, OSError):
            detail = e.reason
        raise UserError(f"聊天服务拒绝了请求：{detail}", f"The chat server refused the request: {detail}") from None
    except (urllib.error.URLError, OSError) as e:
        raise _unreachable(ep, getattr(e, "reason", e)) from None


def stream_chat(
    ep: Endpoint, model: str, messages: list[dict], gen: GenSettings | None = None, timeout: float = REQUEST_TIMEOUT_S
) -> Iterator[str]:
    """The reply, piece by piece as the server streams it (OpenAI chat completions, SSE)."""
    gen = gen or GenSettings()
    body = {"model": model, "messages": messages, "stream": True, **gen.body()}
    with _post(ep, "/chat/completions", body, timeout) as resp:
        try:
            for raw in resp:
                chunk = sse.event(raw.decode("utf-8", errors="replace"))
                if chunk is None:
                    continue
                if chunk == sse.DONE:
                    return
                if sse.is_error(chunk):
                    raise UserError(
                        f"聊天服务出错：{chunk.get('message')}", f"The chat server failed: {chunk.get('message')}"
                    )
                for choice in chunk.get("choices") or []:
                    # A character split across tokens reaches us as U+FFFD: it is noise, not text, and must
                    # not end up in saved conversations or the datasets made from them.
                    piece = ((choice.get("delta") or {}).get("content") or "").replace("\ufffd", "")
                    if piece:
                        yield piece
        except (http.client.HTTPException, OSError):
            raise ReplyBroken() from None
    raise ReplyBroken()  # the stream ended without its [DONE] line


def complete(ep: Endpoint, model: str, messages: list[dict], gen: GenSettings | None = None) -> str:
    return "".join(stream_chat(ep, model, messages, gen))


# ------------------------------------------------------------------------------- the context window
# Token counts in the web process, which never loads transformers: the `tokenizers` library (a dependency; a
# 10 ms import with no torch) reads the served model's tokenizer.json and counts a message's text exactly. The
# chat template's markers around each message and the reply's opening are not counted from the template (each
# model family has its own): a fixed allowance covers them, more than ChatML, Llama 3 or Gemma use (4-6 a
# message), plus room for a default system prompt the server adds when none is sent (ms-swift's qwen template
# adds "You are a helpful assistant."). Without a tokenizer.json a text counts as its UTF-8 bytes: every token
# of a byte-level BPE (Qwen, Llama 3, GPT) holds at least one byte, so the count is never below the truth, only
# generous (about 3x for Chinese) - the chat stays sendable and is trimmed early rather than refused.
MESSAGE_TOKENS = 8  # template markers around one message
PROMPT_TOKENS = 32  # the reply's opening, a BOS, a server's default system prompt
MIN_REPLY_TOKENS = 16  # below this the reply would be cut off at once: refuse instead


@lru_cache(maxsize=4)
def _measurer(path: str, mtime: float):
    from studio.data.clean import Measurer  # exact counts through `tokenizers`

    return Measurer("tokens", path)


def count_tokens(text: str, window: Window) -> int:
    """Tokens of `text` for the served model (exact with its tokenizer.json, else an upper bound)."""
    if window.tokenizer:
        try:
            return _measurer(window.tokenizer, Path(window.tokenizer).stat().st_mtime).count(text)
        except (OSError, UserError):
            pass  # unreadable now: fall back to the bound
    return len(text.encode("utf-8"))


def message_tokens(message: dict, window: Window) -> int:
    content = message.get("content")
    text = content if isinstance(content, str) else json.dumps(content, ensure_ascii=False)
    return count_tokens(text or "", window) + MESSAGE_TOKENS


class TooLong(UserError):
    """The system prompt and the newest message alone do not fit the model (nothing older is left to drop)."""

    def __init__(self, need: int, limit: int) -> None:
        super().__init__(
            f"这条消息连同人设（系统提示词）约有 {need} 个 token，而模型一次最多读 {limit} 个：请把消息写短一些，"
            "或在“人设”里把系统提示词写短一些。",
            f"This message with the persona (system prompt) is about {need} tokens, and the model reads "
            f"at most {limit} at once: write a shorter message, or shorten the system prompt under "
            "“Persona”.",
        )


def fit(messages: list[dict], window: Window | None, reply_tokens: int) -> tuple[list[dict], int]:
    """The messages that fit the model's window with room for a reply of `reply_tokens`, and how many of the
    oldest were left out. The system prompt and the newest user message (with anything after it) are always
    sent; older turns go first, whole exchanges, so what is sent starts with the person's words (or with the
    conversation's own first message). When even those two leave less than the reply's room, they are sent
    anyway and the server shortens the reply (ms-swift caps it at what is left); refused (TooLong) only when
    almost nothing would be left. No window known: everything is sent."""
    if window is None:
        return list(messages), 0
    head = [m for m in messages if m.get("role") == "system"]
    rest = [m for m in messages if m.get("role") != "system"]
    users = [i for i, m in enumerate(rest) if m.get("role") == "user"]
    if not users:
        return list(messages), 0
    cost = [message_tokens(m, window) for m in rest]
    total = PROMPT_TOKENS + sum(message_tokens(m, window) for m in head) + sum(cost[users[-1] :])
    if total + MIN_REPLY_TOKENS > window.max_length:
        raise TooLong(total, window.max_length)
    budget, start = window.max_length - reply_tokens, users[-1]
    for i in range(users[-1] - 1, -1, -1):
        total += cost[i]
        if total > budget:
            break
        if i == 0 or rest[i].get("role") == "user":
            start = i
    return head + rest[start:], start


CONTEXT_NOTE = Text(
    "以上 {n} 条较早的消息已不再发给模型（模型一次最多读 {limit} 个 token），对话记录里仍然都在。",
    "The {n} earlier messages above are no longer sent to the model (it reads at most {limit} tokens "
    "at once); the conversation still keeps them.",
)


def _is_context_note(t: Turn) -> bool:
    # Marked in `guard`, the one structured field a stored turn has (no migration); it is never a guard action.
    return t.role == "notice" and bool(t.guard) and t.guard.get("action") == "context"


def _mark_cut(conv: Conversation, dropped: int, window: Window | None, lang: str | None, now: float) -> None:
    """One quiet line in the chat, just above the first message the model still reads (moved on each reply)."""
    conv.turns[:] = [t for t in conv.turns if not _is_context_note(t)]
    if not dropped or window is None:
        return
    first = conv.sent_turns()[dropped]
    at = next(i for i, t in enumerate(conv.turns) if t is first)
    conv.turns.insert(
        at,
        Turn(
            "notice",
            CONTEXT_NOTE(lang, n=dropped, limit=window.max_length),
            guard={"action": "context", "dropped": dropped},
            created_at=now,
        ),
    )


# -------------------------------------------------------------------------------- conversations


@dataclass
class Turn:
    role: str  # user | assistant | notice (shown, never sent to a model)
    content: str
    model: str | None = None
    original: str | None = None  # the model's words, when the person edited them
    guard: dict | None = None  # {"action", "reasons", "replaced": [model replies not shown]}
    alternatives: list[str] = field(default_factory=list)  # replies the person regenerated away
    created_at: float = field(default_factory=time.time)

    @property
    def held_back(self) -> bool:
        """A blocked message: shown with a note, but never part of what a model sees or learns."""
        return bool(self.guard) and self.guard.get("action") == "block"


@dataclass
class Conversation:
    id: int | None = None
    title: str = ""
    model: str = ""
    persona: str = ""
    system: str = ""
    settings: GenSettings = field(default_factory=GenSettings)
    turns: list[Turn] = field(default_factory=list)
    started_at: float = field(default_factory=time.time)  # start of the current continuous stretch
    last_at: float | None = None
    reminded_at: float | None = None

    def model_messages(self) -> list[dict]:
        """What the model sees: the system prompt and the user/assistant turns (no notices, nothing held back)."""
        out = [{"role": "system", "content": self.system}] if self.system.strip() else []
        turns = [{"role": t.role, "content": t.content} for t in self.sent_turns()]
        return out + turns

    def sent_turns(self) -> list[Turn]:
        return [t for t in self.turns if t.role in ("user", "assistant") and not t.held_back]

    def to_dict(self) -> dict:
        d = asdict(self)
        d["settings"] = asdict(self.settings)
        return d

    @classmethod
    def from_dict(cls, d: dict) -> Conversation:
        d = dict(d)
        d["settings"] = GenSettings(**(d.get("settings") or {}))
        d["turns"] = [Turn(**t) for t in d.get("turns") or []]
        return cls(**d)


def new_conversation(
    model: str = "",
    system: str = "",
    persona: str = "",
    greeting: str = "",
    settings: GenSettings | None = None,
    lang: str | None = None,
    now: float | None = None,
) -> Conversation:
    """A conversation opens with the AI disclosure (and the persona's greeting, if it has one)."""
    now = time.time() if now is None else now
    conv = Conversation(
        model=model, system=system, persona=persona, settings=settings or GenSettings(), started_at=now, last_at=now
    )
    conv.turns.append(Turn("notice", guard.disclosure(lang), created_at=now))
    if greeting.strip():
        conv.turns.append(Turn("assistant", greeting.strip(), model=None, created_at=now))
    return conv


@dataclass
class Step:
    """One update while a reply is being made (the UI redraws on each)."""

    conv: Conversation
    status: str  # streaming | regenerating | done
    note: Text | None = None
    recalled: list = field(default_factory=list)  # memory notes that went into the prompt (studio.chat.memory)


GUARD_NOTES = {
    "crisis": Text(
        "🛡️ 安全守护：检测到你可能需要帮助，这条回复由守护给出，而不是模型。",
        "🛡️ Safety guard: this reply comes from the guard, not the model, because you may need help.",
    ),
    "block": Text(
        "🛡️ 安全守护：这条消息含有屏蔽词，没有发送给模型。",
        "🛡️ Safety guard: this message contains a blocked word and was not sent to the model.",
    ),
    "regenerate": Text(
        "🛡️ 安全守护：模型的回复不合适，正在重新生成…",
        "🛡️ Safety guard: the model's reply was not appropriate; generating another…",
    ),
    "replace": Text(
        "🛡️ 安全守护：模型两次回复都不合适，已替换成一条安全的回复。",
        "🛡️ Safety guard: both of the model's replies were not appropriate and were replaced by a safe one.",
    ),
}


def _maybe_remind(conv: Conversation, lang: str | None, now: float) -> None:
    text = guard.session_reminder(conv, now, lang)
    if text:
        conv.turns.append(Turn("notice", text, created_at=now))


def send(
    conv: Conversation,
    text: str,
    ep: Endpoint,
    settings: guard.GuardSettings | None = None,
    lang: str | None = None,
    now: float | None = None,
    memory_db: sqlite3.Connection | None = None,
) -> Iterator[Step]:
    """Add the person's message and stream the reply, through the guard on both sides. With `memory_db`, the
    persona's memory reads the message (studio.chat.memory.observe) and the reply's prompt carries what it recalls."""
    text = (text or "").strip()
    if not text:
        raise UserError("消息是空的：先写点什么再发送。", "The message is empty: write something first.")
    if not conv.model:
        raise UserError(
            "还没有选模型：先在上面选一个聊天服务里的模型。",
            "No model chosen: pick one of the chat server's models above.",
        )
    now = time.time() if now is None else now
    guard.touch_session(conv, now)
    if not conv.turns:
        conv.turns.append(Turn("notice", guard.disclosure(lang), created_at=now))
    verdict = guard.check(text, "user", settings)
    user = Turn("user", text, created_at=now)
    conv.turns.append(user)
    if verdict.action == "crisis":
        user.guard = {"action": "crisis", "reasons": verdict.reasons}
        conv.turns.append(
            Turn("assistant", verdict.message(lang), guard={"action": "crisis", "reasons": verdict.reasons})
        )
        yield Step(conv, "done", GUARD_NOTES["crisis"])
        return
    if verdict.action == "block":
        user.guard = {"action": "block", "reasons": verdict.reasons}
        conv.turns.append(Turn("notice", verdict.message(lang), guard={"action": "block"}))
        yield Step(conv, "done", GUARD_NOTES["block"])
        return
    if memory_db is not None:
        mem.observe(
            memory_db,
            conv.persona,
            text,
            now,
            summarizer=lambda prompt: complete(
                ep, conv.model, [{"role": "user", "content": prompt}], GenSettings(0.2, 0.9, 256)
            ),
        )
    yield from _reply(conv, ep, settings, lang, now=now, memory_db=memory_db)
    if verdict.action == "care":
        # The model answers as usual; the hotlines follow its reply, gently.
        user.guard = {"action": "care", "reasons": verdict.reasons}
        conv.turns.append(Turn("notice", verdict.message(lang), guard={"action": "care"}, created_at=now))
        yield Step(conv, "done", None)


def regenerate(
    conv: Conversation,
    ep: Endpoint,
    settings: guard.GuardSettings | None = None,
    lang: str | None = None,
    now: float | None = None,
    memory_db: sqlite3.Connection | None = None,
) -> Iterator[Step]:
    """A new reply to the last message; the old one is kept (a regenerated-away reply can become the
    rejected side of a preference pair)."""
    care = None
    while conv.turns and conv.turns[-1].role == "notice" and not conv.turns[-1].held_back:
        if len(conv.turns) == 1:
            break
        popped = conv.turns.pop()  # a reminder after the reply goes with it
        if popped.guard and popped.guard.get("action") == "care":
            care = popped  # the hotline note stays with the new reply
    if not conv.turns or conv.turns[-1].role != "assistant" or conv.turns[-1].model is None:
        raise UserError(
            "没有可以重新生成的模型回复：先发一条消息。", "There is no model reply to regenerate: send a message first."
        )
    old = conv.turns.pop()
    # A guard replacement is not the model's reply: it is not kept as something the person turned down.
    gone = [] if old.guard and old.guard.get("action") == "replace" else [old.original or old.content]
    yield from _reply(conv, ep, settings, lang, alternatives=[*old.alternatives, *gone], now=now, memory_db=memory_db)
    if care is not None:
        conv.turns.append(care)
        yield Step(conv, "done", None)


def _reply(
    conv: Conversation,
    ep: Endpoint,
    settings: guard.GuardSettings | None,
    lang: str | None,
    alternatives: list[str] | None = None,
    now: float | None = None,
    memory_db: sqlite3.Connection | None = None,
) -> Iterator[Step]:
    messages, recalled = conv.model_messages(), []
    if memory_db is not None:
        messages, recalled = mem.augment(memory_db, conv.persona, messages, now)
    messages, dropped = fit(messages, ep.window, conv.settings.max_tokens)
    _mark_cut(conv, dropped, ep.window, lang, time.time() if now is None else now)
    turn = Turn("assistant", "", model=conv.model, alternatives=list(alternatives or []))
    conv.turns.append(turn)
    replaced: list[str] = []
    for attempt in (1, 2):
        turn.content = ""
        for piece in stream_chat(ep, conv.model, messages, conv.settings):
            turn.content += piece
            yield Step(conv, "streaming" if attempt == 1 else "regenerating")
        verdict = guard.check(turn.content, "bot", settings)
        if verdict.action == "allow":
            break
        replaced.append(turn.content)
        if attempt == 1:
            turn.content = ""
            yield Step(conv, "regenerating", GUARD_NOTES["regenerate"])
        else:
            turn.content = verdict.message(lang)
            turn.guard = {"action": "replace", "reasons": verdict.reasons, "replaced": replaced}
    if replaced and turn.guard is None:
        turn.guard = {"action": "regenerated", "reasons": [], "replaced": replaced}
    now = time.time() if now is None else now
    turn.created_at = now
    _maybe_remind(conv, lang, now)
    yield Step(
        conv, "done", GUARD_NOTES["replace"] if turn.guard and turn.guard["action"] == "replace" else None, recalled
    )


def edit(conv: Conversation, index: int, text: str) -> Conversation:
    """The person rewrites a model reply: the rewrite becomes the reply, the model's words are kept."""
    if not 0 <= index < len(conv.turns) or conv.turns[index].role != "assistant":
        raise UserError("只能修改模型的回复。", "Only the model's replies can be edited.")
    text = (text or "").strip()
    if not text:
        raise UserError("修改后的回复是空的。", "The edited reply is empty.")
    t = conv.turns[index]
    if t.original is None and text != t.content:
        t.original = t.content
    t.content = text
    return conv


# --------------------------------------------------------------------------------- persistence


def save(con: sqlite3.Connection, conv: Conversation, title: str | None = None) -> int:
    """Write the whole conversation (one transaction); returns its id."""
    now = time.time()
    if title is not None:
        conv.title = title.strip()
    if not conv.title:
        first = next((t.content for t in conv.turns if t.role == "user"), "")
        conv.title = (first[:30] + ("…" if len(first) > 30 else "")) or time.strftime("%Y-%m-%d %H:%M")
    with db.tx(con):
        if conv.id is not None and con.execute("SELECT 1 FROM chat_conversations WHERE id=?", (conv.id,)).fetchone():
            con.execute(
                "UPDATE chat_conversations SET title=?, model=?, persona=?, system=?, settings=?, "
                "started_at=?, updated_at=? WHERE id=?",
                (
                    conv.title,
                    conv.model,
                    conv.persona,
                    conv.system,
                    json.dumps(asdict(conv.settings)),
                    conv.started_at,
                    now,
                    conv.id,
                ),
            )
            con.execute("DELETE FROM chat_messages WHERE conversation_id=?", (conv.id,))
        else:
            conv.id = con.execute(
                "INSERT INTO chat_conversations (title, model, persona, system, settings, started_at, updated_at) "
                "VALUES (?,?,?,?,?,?,?)",
                (
                    conv.title,
                    conv.model,
                    conv.persona,
                    conv.system,
                    json.dumps(asdict(conv.settings)),
                    conv.started_at,
                    now,
                ),
            ).lastrowid
        for pos, t in enumerate(conv.turns):
            con.execute(
                "INSERT INTO chat_messages (conversation_id, position, role, content, original, model, guard,"
                " alternatives, created_at) VALUES (?,?,?,?,?,?,?,?,?)",
                (
                    conv.id,
                    pos,
                    t.role,
                    t.content,
                    t.original,
                    t.model,
                    json.dumps(t.guard, ensure_ascii=False) if t.guard else None,
                    json.dumps(t.alternatives, ensure_ascii=False),
                    t.created_at,
                ),
            )
    return conv.id


def load(con: sqlite3.Connection, conv_id: int) -> Conversation:
    r = con.execute("SELECT * FROM chat_conversations WHERE id=?", (conv_id,)).fetchone()
    if r is None:
        raise UserError(f"没有编号为 {conv_id} 的对话。", f"There is no conversation {conv_id}.")
    turns = [
        Turn(
            m["role"],
            m["content"],
            m["model"],
            m["original"],
            json.loads(m["guard"]) if m["guard"] else None,
            json.loads(m["alternatives"]),
            m["created_at"],
        )
        for m in con.execute("SELECT * FROM chat_messages WHERE conversation_id=? ORDER BY position", (conv_id,))
    ]
    return Conversation(
        r["id"],
        r["title"],
        r["model"],
        r["persona"],
        r["system"],
        GenSettings(**json.loads(r["settings"])),
        turns,
        r["started_at"],
        r["updated_at"],
    )


@dataclass(frozen=True)
class ConversationSummary:
    id: int
    title: str
    model: str
    persona: str
    messages: int
    updated_at: float


def list_conversations(con: sqlite3.Connection, limit: int = 200) -> list[ConversationSummary]:
    rows = con.execute(
        "SELECT c.*, (SELECT COUNT(*) FROM chat_messages m WHERE m.conversation_id=c.id "
        "AND m.role!='notice') AS n FROM chat_conversations c ORDER BY updated_at DESC LIMIT ?",
        (limit,),
    )
    return [ConversationSummary(r["id"], r["title"], r["model"], r["persona"], r["n"], r["updated_at"]) for r in rows]


def delete(con: sqlite3.Connection, conv_id: int) -> None:
    with db.tx(con):
        con.execute("DELETE FROM chat_messages WHERE conversation_id=?", (conv_id,))
        con.execute("DELETE FROM chat_conversations WHERE id=?", (conv_id,))


# ------------------------------------------------------------------------ conversations -> data


def _learnable(conv: Conversation) -> list[tuple[int, Turn]]:
    """The exchanges worth learning from: no notices, nothing held back, no guard replies (a crisis
    message or a replacement is the guard talking, not the companion) and no user turn they answered."""
    turns = list(enumerate(conv.turns))
    skip: set[int] = set()
    for i, t in turns:
        if t.role == "notice" or t.held_back:
            skip.add(i)
        elif t.role == "assistant" and t.guard and t.guard.get("action") in ("crisis", "replace"):
            skip.add(i)
            if i > 0 and conv.turns[i - 1].role == "user":
                skip.add(i - 1)
    return [(i, t) for i, t in turns if i not in skip]


def _system(conv: Conversation) -> list[dict]:
    return [{"role": "system", "content": conv.system}] if conv.system.strip() else []


def sft_rows(conv: Conversation) -> list[dict]:
    """One ms-swift `messages` row per conversation (the person's edits are the replies learnt)."""
    msgs = [{"role": t.role, "content": t.content} for _, t in _learnable(conv)]
    while msgs and msgs[0]["role"] == "assistant":
        msgs.pop(0)  # a greeting before the first message has nothing to answer
    while msgs and msgs[-1]["role"] == "user":
        msgs.pop()  # a message with no usable reply
    return [{"messages": _system(conv) + msgs}] if any(m["role"] == "assistant" for m in msgs) else []


def pair_rows(conv: Conversation) -> list[dict]:
    """Preference pairs: an edited reply (chosen) over the model's words; the kept reply over each one
    regenerated away."""
    kept = _learnable(conv)
    out = []
    for k, (_, t) in enumerate(kept):
        if t.role != "assistant" or k == 0:
            continue
        prompt = _system(conv) + [{"role": x.role, "content": x.content} for _, x in kept[:k]]
        if prompt[-1]["role"] != "user":
            continue
        rejected = [r for r in ([t.original] if t.original else []) + t.alternatives if r and r != t.content]
        for bad in dict.fromkeys(rejected):
            out.append({"messages": prompt + [{"role": "assistant", "content": t.content}], "rejected_response": bad})
    return out


def to_dataset(
    ws: Workspace,
    con: sqlite3.Connection,
    conv_ids: list[int],
    kind: str = "sft",
    name: str | None = None,
    scrub: bool = True,
):
    """Turn saved conversations into a workspace dataset (kind "sft" or "pairs") through the data
    pipeline's own import, so it gets the same checks, desensitization and card as any import."""
    from studio.data import store

    if kind not in ("sft", "pairs"):
        raise UserError(f"只能导出为 sft 或 pairs，而不是“{kind}”。", f"Export as sft or pairs, not “{kind}”.")
    if not conv_ids:
        raise UserError("先选择至少一段保存过的对话。", "Choose at least one saved conversation first.")
    rows = []
    for cid in conv_ids:
        conv = load(con, int(cid))
        rows += sft_rows(conv) if kind == "sft" else pair_rows(conv)
    if not rows:
        raise UserError(
            "这些对话里没有可用的样本。" + ("偏好对来自你修改过或重新生成过的回复。" if kind == "pairs" else ""),
            "These conversations hold no usable samples."
            + (" Pairs come from replies you edited or regenerated." if kind == "pairs" else ""),
        )
    path = ws.resolve(
        ws.tmp / f"playground-{kind}-{time.strftime('%Y%m%d-%H%M%S')}-{random.randrange(1 << 16):04x}.jsonl"
    )
    atomic_write_jsonl(path, rows)
    try:
        return store.import_files(
            ws,
            [path],
            name=name or f"playground {kind} {time.strftime('%m-%d %H:%M')}",
            kind=kind,
            scrub=None if scrub else False,
        )
    finally:
        path.unlink(missing_ok=True)


# ----------------------------------------------------------------------------------- side by side


@dataclass
class Comparison:
    """One message sent to two models. `left_model`/`right_model` say who is where; in blind mode
    the page shows neither until the vote is in."""

    messages: list[dict]  # what both models saw (system + the person's message)
    left_model: str
    right_model: str
    blind: bool = True
    left: str = ""
    right: str = ""
    left_guard: dict | None = None
    right_guard: dict | None = None
    crisis: bool = False
    done: bool = False
    vote: str | None = None

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict) -> Comparison:
        return cls(**d)


def compare(
    ep: Endpoint,
    text: str,
    model_a: str,
    model_b: str,
    system: str = "",
    gen: GenSettings | None = None,
    settings: guard.GuardSettings | None = None,
    blind: bool = True,
    lang: str | None = None,
    rng: random.Random | None = None,
) -> Iterator[Comparison]:
    """Stream two replies side by side. Which model lands left is drawn at random."""
    text = (text or "").strip()
    if not text:
        raise UserError("消息是空的：先写点什么再发送。", "The message is empty: write something first.")
    if not model_a or not model_b:
        raise UserError("请选择要比较的两个模型。", "Choose the two models to compare.")
    if model_a == model_b:
        raise UserError(
            f"两边都是“{model_a}”：同一个模型和自己比较没有意义，投票也不会记录。请在模型 A 和模型 B 里选两个不同的模型"
            "（例如基础模型和一次训练）。",
            f"Both sides are “{model_a}”: comparing a model with itself tells nothing, and no vote would be "
            "recorded. Choose two different models as Model A and Model B (for example the base model and "
            "a training run).",
        )
    left, right = (model_a, model_b) if (rng or random).random() < 0.5 else (model_b, model_a)
    messages = ([{"role": "system", "content": system}] if system.strip() else []) + [{"role": "user", "content": text}]
    gen = gen or GenSettings()
    comp = Comparison(messages, left, right, blind)
    verdict = guard.check(text, "user", settings)
    if verdict.action in ("crisis", "block"):
        comp.left = comp.right = verdict.message(lang)
        comp.crisis, comp.done = verdict.action == "crisis", True
        comp.left_guard = comp.right_guard = {"action": verdict.action, "reasons": verdict.reasons}
        yield comp
        return
    messages, _ = fit(messages, ep.window, gen.max_tokens)  # nothing older to drop: refused if too long
    events: queue.Queue = queue.Queue()

    def worker(side: str, model: str) -> None:
        try:
            for attempt in (1, 2):
                parts = []
                for piece in stream_chat(ep, model, messages, gen):
                    parts.append(piece)
                    events.put((side, "piece", piece, attempt))
                reply = "".join(parts)
                v = guard.check(reply, "bot", settings)
                if v.action == "allow":
                    events.put((side, "done", None, attempt))
                    return
                events.put((side, "reset", reply, attempt))
            events.put((side, "replaced", v.message(lang), v.reasons))
        except BaseException as e:  # handed to the caller's thread
            events.put((side, "error", e, None))

    threads = [threading.Thread(target=worker, args=(s, m), daemon=True) for s, m in (("left", left), ("right", right))]
    for th in threads:
        th.start()
    finished: set[str] = set()
    replaced: dict[str, list[str]] = {"left": [], "right": []}
    while len(finished) < 2:
        side, kind, payload, extra = events.get()
        if kind == "error":
            raise payload
        if kind == "piece":
            setattr(comp, side, getattr(comp, side) + payload)
        elif kind == "reset":
            replaced[side].append(payload)
            setattr(comp, side, "")
        elif kind == "replaced":
            setattr(comp, side, payload)
            setattr(comp, f"{side}_guard", {"action": "replace", "reasons": extra, "replaced": replaced[side]})
            finished.add(side)
        elif kind == "done":
            if replaced[side]:
                setattr(comp, f"{side}_guard", {"action": "regenerated", "reasons": [], "replaced": replaced[side]})
            finished.add(side)
        yield comp
    comp.done = True
    yield comp


CHOICE_TO_REPLY = {"left": "a", "right": "b", "tie": "tie", "both_bad": "both_bad"}


@dataclass(frozen=True)
class Vote:
    project: str
    item_id: int
    event_id: int
    choice: str  # in reply terms: a (left) | b (right) | tie | both_bad


def record_vote(
    con: sqlite3.Connection, comp: Comparison, choice: str, project: str = VOTE_PROJECT, annotator: str = VOTE_ANNOTATOR
) -> Vote:
    """Save the person's pick as a labelled pair in an annotation project (created on first use), so the
    next round's preference data can be exported from there like any other labels."""
    if choice not in CHOICE_TO_REPLY:
        raise UserError(
            f"不认识的选择“{choice}”：只能是 left、right、tie 或 both_bad。",
            f"Unknown choice “{choice}”: use left, right, tie or both_bad.",
        )
    if not comp.done:
        raise UserError(
            "两边的回复还没生成完，等它们都完成后再投票。", "Wait until both replies are complete, then vote."
        )
    if comp.crisis or comp.left_guard and comp.left_guard.get("action") == "block":
        raise UserError(
            "这次的回复来自安全守护，不是模型，不能用来投票。",
            "These replies come from the safety guard, not the models, so they cannot be voted on.",
        )
    if comp.left_model == comp.right_model:
        raise UserError(
            "两边是同一个模型：这样的投票不说明哪个更好，没有记录。",
            "Both sides are the same model: such a vote says nothing about which is better, so it was not recorded.",
        )
    if comp.vote is not None:
        raise UserError(
            "这一轮已经投过票了：发一条新消息再比较。",
            "You already voted on this one: send a new message to compare again.",
        )
    try:
        p = annotate.get_project(con, project)
    except UserError:
        p = annotate.create_project(con, project, source="playground")
    if not any(a.name == annotator for a in annotate.list_annotators(con, p)):
        annotate.add_annotator(con, p, annotator)
    meta = {"origin": "playground", "blind": comp.blind, "left_guard": comp.left_guard, "right_guard": comp.right_guard}
    item_id = annotate.add_items(
        con,
        p,
        [
            annotate.Item(
                comp.messages, comp.left, comp.right, source_a=comp.left_model, source_b=comp.right_model, meta=meta
            )
        ],
    )[0]
    ack = annotate.label(con, p, annotator, item_id, CHOICE_TO_REPLY[choice])
    comp.vote = choice
    return Vote(p.name, item_id, ack.event_id, ack.choice)
