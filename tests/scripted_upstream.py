"""ScriptedUpstream: a fake ms-swift server (named so) that answers every chat with a reply the test
chooses. It stands in for the model only where the pocket model cannot be made to say a chosen
sentence (a dependency-pushing reply). Run as a process: `python tests/scripted_upstream.py PORT KEY REPLY`.
"""

from __future__ import annotations

import json
import sys

from starlette.applications import Starlette
from starlette.responses import JSONResponse, StreamingResponse
from starlette.routing import Route

KEY = "up-key"


class ScriptedUpstream:
    """A fake ms-swift server (named so): answers every chat with `reply`, streamed in 3-character pieces."""

    def __init__(self, key: str = KEY) -> None:
        self.reply = "今天辛苦啦，早点休息。"
        self.bodies: list[dict] = []
        self.fail_after: int | None = None  # stream this many characters, then ms-swift's error object
        self.cut_after: int | None = None  # stream this many characters, then end with no [DONE]
        self.choice_extra: dict = {}  # more fields in a non-streamed choice (logprobs, token_ids...)
        self.message_extra: dict = {}  # more fields in its message (reasoning_content, tool_calls)

        async def models(request):
            return JSONResponse({"object": "list", "data": [{"id": "pocket-tiny", "object": "model"}]})

        async def chat(request):
            if request.headers.get("authorization") != f"Bearer {key}":  # as ms-swift refuses it
                return JSONResponse({"message": "API key error", "object": "error"}, status_code=400)
            try:
                body = await request.json()
                body["model"]
            except (ValueError, KeyError, TypeError):
                return JSONResponse({"detail": "invalid request"}, status_code=422)
            self.bodies.append(body)
            chat_api = request.url.path.endswith("chat/completions")
            if not body.get("stream"):
                choice = (
                    {
                        "index": 0,
                        "message": {"role": "assistant", "content": self.reply, **self.message_extra},
                        "finish_reason": "stop",
                    }
                    if chat_api
                    else {"index": 0, "text": self.reply, "finish_reason": "stop"}
                )
                choice.update(self.choice_extra)
                return JSONResponse(
                    {
                        "id": "x",
                        "object": "chat.completion",
                        "created": 0,
                        "model": body["model"],
                        "choices": [choice],
                        "usage": {"prompt_tokens": 3, "completion_tokens": 5, "total_tokens": 8},
                    }
                )

            async def events():
                if self.fail_after is not None:  # ms-swift's way of failing mid-reply: an error object
                    yield (
                        "data: "
                        + json.dumps(
                            {
                                "id": "x",
                                "object": "chat.completion.chunk",
                                "created": 0,
                                "model": body["model"],
                                "choices": [{"index": 0, "delta": {"content": self.reply[: self.fail_after]}}],
                            }
                        )
                        + "\n\n"
                    )
                    yield "data: " + json.dumps({"object": "error", "message": "MaxLengthError", "code": 400}) + "\n\n"
                    return
                if self.cut_after is not None:  # ms-swift 4.6 when its generator raises: the stream just ends
                    yield (
                        "data: "
                        + json.dumps(
                            {
                                "id": "x",
                                "object": "chat.completion.chunk",
                                "created": 0,
                                "model": body["model"],
                                "choices": [{"index": 0, "delta": {"content": self.reply[: self.cut_after]}}],
                            }
                        )
                        + "\n\n"
                    )
                    return
                for i in range(0, len(self.reply), 3):
                    piece = self.reply[i : i + 3]
                    c = {"index": 0, "delta": {"content": piece}} if chat_api else {"index": 0, "text": piece}
                    yield (
                        "data: "
                        + json.dumps(
                            {
                                "id": "x",
                                "object": "chat.completion.chunk",
                                "created": 0,
                                "model": body["model"],
                                "choices": [c],
                            }
                        )
                        + "\n\n"
                    )
                yield (
                    "data: "
                    + json.dumps(
                        {
                            "id": "x",
                            "object": "chat.completion.chunk",
                            "created": 0,
                            "model": body["model"],
                            "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}],
                        }
                    )
                    + "\n\n"
                )
                yield "data: [DONE]\n\n"

            return StreamingResponse(events(), media_type="text/event-stream")

        self.app = Starlette(
            routes=[
                Route("/v1/models", models),
                Route("/v1/chat/completions", chat, methods=["POST"]),
                Route("/v1/completions", chat, methods=["POST"]),
            ]
        )


if __name__ == "__main__":
    import uvicorn
    import yaml

    # PORT KEY REPLY, or CONFIG.yaml KEY REPLY: the port from a `swift deploy` config, as ms-swift reads it
    port = int(sys.argv[1]) if sys.argv[1].isdigit() else int(yaml.safe_load(open(sys.argv[1]))["port"])
    key, reply = sys.argv[2], sys.argv[3]
    up = ScriptedUpstream(key)
    up.reply = reply
    print(f"[scripted-upstream] serving on 127.0.0.1:{port}", flush=True)
    uvicorn.run(up.app, host="127.0.0.1", port=port, log_level="warning")
