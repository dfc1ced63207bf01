"""Chat-history exports -> multi-turn SFT samples in the voice of "me".

One module per app's export format (qq, whatsapp, wechat, telegram), each a `ChatFormat` entry in
`REGISTRY`. Sniffing, parsing, the dataset store, the CLI and the Data tab all read the formats from there:
adding a format is one module and one entry. Non-text messages are dropped and counted (base.DROP_REASONS).
"""

from __future__ import annotations

from studio.core.i18n import Text, UserError
from studio.data.chats import qq, telegram, wechat, whatsapp
from studio.data.chats.base import DROP_REASONS, ChatFormat, ChatLog, ChatMessage
from studio.data.chats.samples import (
    ChatOptions,
    ChatSamples,
    Speaker,
    list_speakers,
    resolve_partner,
    speaker_list,
    to_samples,
)
from studio.data.formats import RawFile

# Sniffed in this order: an entry that matches at least as many lines as the best so far takes over, so a
# .txt with as many WhatsApp lines as QQ lines is read as WhatsApp. The order is also how pages list them.
REGISTRY: tuple[ChatFormat, ...] = (qq.FORMAT, wechat.FORMAT, whatsapp.FORMAT, telegram.FORMAT)

__all__ = [
    "DROP_REASONS",
    "REGISTRY",
    "ChatFormat",
    "ChatLog",
    "ChatMessage",
    "ChatOptions",
    "ChatSamples",
    "Speaker",
    "apps",
    "find",
    "list_speakers",
    "not_a_chat",
    "parse",
    "resolve_partner",
    "sniff",
    "speaker_list",
    "supported",
    "to_samples",
]


def find(name: str) -> ChatFormat | None:
    """The format a dataset source's layout names, or None when the source was no chat export."""
    return next((f for f in REGISTRY if f.name == name), None)


def sniff(raw: RawFile) -> str | None:
    """The name of the chat-export format of a file, or None when it is not a chat export."""
    best, name = 0, None
    for f in REGISTRY:
        score = f.sniff(raw)
        if score and score >= best:
            best, name = score, f.name
    return name


def apps() -> Text:
    """'QQ、微信、WhatsApp、Telegram': the apps whose exports we read."""
    return Text("、".join(f.app.zh for f in REGISTRY), ", ".join(f.app.en for f in REGISTRY))


def supported() -> Text:
    """'QQ/WhatsApp 导出的 .txt、微信导出的 CSV、…': the files we read; apps writing the same kind of file
    share one item."""
    groups: dict[Text, list[Text]] = {}
    for f in REGISTRY:
        groups.setdefault(f.upload, []).append(f.app)

    def listing(lang: str, sep: str) -> str:
        return sep.join("/".join(a(lang) for a in names) + upload(lang) for upload, names in groups.items())

    return Text(listing("zh", "、"), listing("en", ", "))


def not_a_chat(file: str) -> UserError:
    files = supported()
    return UserError(
        f"{file} 不是可识别的聊天记录（支持 {files.zh}）。", f"{file} is not a chat export we recognise ({files.en})."
    )


def parse(raw: RawFile) -> ChatLog:
    fmt = sniff(raw)
    if fmt is None:
        raise not_a_chat(raw.name)
    log = ChatLog(raw.name, fmt, [])
    find(fmt).parse(raw, log)
    if not log.messages:
        raise UserError(f"{raw.name} 里没有找到文字消息。", f"no text messages found in {raw.name}.")
    return log
