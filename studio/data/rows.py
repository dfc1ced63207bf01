"""The one in-memory shape every data module passes around: an ms-swift row plus where it came from.

ms-swift row layouts (what train.jsonl / val.jsonl hold):
  sft    {"messages": [{"role": "system"|"user"|"assistant", "content": str}, ...]}
  pairs  {"messages": [..., {"role": "assistant", "content": chosen}], "rejected_response": str}
  kto    {"messages": [...], "label": true|false}
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from studio.core.i18n import Text

KINDS = ("sft", "pairs", "kto")
ROLES = ("system", "user", "assistant")


@dataclass
class Row:
    data: dict  # one ms-swift row, exactly what is written to train.jsonl
    file: str  # source file name, for messages ("chat.txt")
    line: int  # 1-based line / sheet row / message number in that file


def row_kind(data: dict) -> str:
    if "rejected_response" in data:
        return "pairs"
    if "label" in data:
        return "kto"
    return "sft"


def where(file: str, line: int | None) -> Text:
    """'a.jsonl 第 3 行' / 'a.jsonl line 3' - the prefix of every per-line message."""
    if line is None:
        return Text(file, file)
    return Text(f"{file} 第 {line} 行", f"{file} line {line}")


def text_fields(data: dict) -> Iterator[tuple[str, str]]:
    """(field path, text) for every free-text field of a row, e.g. ('messages[2].content', '...')."""
    for i, m in enumerate(data.get("messages", [])):
        yield f"messages[{i}].content", m.get("content") or ""
    if "rejected_response" in data:
        yield "rejected_response", data["rejected_response"] or ""


_FIELD = re.compile(r"messages\[(\d+)\]\.content")


def set_text_field(data: dict, path: str, text: str) -> None:
    m = _FIELD.fullmatch(path)
    if m:
        data["messages"][int(m.group(1))]["content"] = text
    elif path == "rejected_response":
        data["rejected_response"] = text
    else:
        raise KeyError(path)


def map_texts(data: dict, fn) -> dict:
    """A copy of the row with fn applied to every free-text field."""
    out = dict(data)
    out["messages"] = [dict(m, content=fn(m.get("content") or "")) for m in data.get("messages", [])]
    if "rejected_response" in data:
        out["rejected_response"] = fn(data["rejected_response"] or "")
    return out


def last_exchange(data: dict) -> tuple[str, str]:
    """(last user text, last assistant text) - what a table preview shows."""
    user = reply = ""
    for m in data.get("messages", []):
        if m.get("role") == "user":
            user = m.get("content") or ""
        elif m.get("role") == "assistant":
            reply = m.get("content") or ""
    return user, reply
