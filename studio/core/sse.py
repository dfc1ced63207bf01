"""Reading an OpenAI-style event stream (SSE) line by line: shared by the gateway (studio.chat.gateway) and
the Playground's client (studio.chat.conversations). Standard library only, so neither side pulls in the other's
web framework."""

from __future__ import annotations

import json

DONE = "[DONE]"


def event(line: str) -> dict | str | None:
    """One line of the stream: its JSON object, DONE at the end marker, None for anything else
    (comments, blank lines, a `data:` line that is not a JSON object)."""
    line = line.strip()
    if not line.startswith("data:"):
        return None
    data = line[5:].strip()
    if data == DONE:
        return DONE
    try:
        chunk = json.loads(data)
    except ValueError:
        return None
    return chunk if isinstance(chunk, dict) else None


def is_error(chunk: dict) -> bool:
    """ms-swift's way of failing mid-reply: an error object in place of a chunk."""
    return chunk.get("object") == "error"
