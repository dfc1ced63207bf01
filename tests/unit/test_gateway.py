"""The guarded gateway over real sockets, driven with the `openai` client.

Upstream here is `ScriptedUpstream` (tests/scripted_upstream.py): a small Starlette app that answers like ms-swift's server with a
reply the test chooses. It stands in for the model only because the pocket model cannot be made to
say a chosen dependency-pushing sentence; tests/integration/test_gateway_deploy.py drives the real
ms-swift server through the gateway.
"""

from __future__ import annotations

import socket
import threading
import time

import httpx
import pytest
import uvicorn
from openai import OpenAI
from scripted_upstream import KEY, ScriptedUpstream

from studio.chat import gateway, guard


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _serve(app) -> tuple[uvicorn.Server, int]:
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "server did not start"
        time.sleep(0.02)
    return server, port


@pytest.fixture
def upstream():
    up = ScriptedUpstream()
    server, port = _serve(up.app)
    up.url = f"http://127.0.0.1:{port}/v1"
    yield up
    server.should_exit = True


@pytest.fixture
def gw(upstream):
    servers = []

    def start(**kw) -> OpenAI:
        cfg = gateway.GatewayConfig(upstream=upstream.url, upstream_key=KEY, **kw)
        server, port = _serve(gateway.build_app(cfg))
        servers.append(server)
        return OpenAI(base_url=f"http://127.0.0.1:{port}/v1", api_key=kw.get("api_key") or "EMPTY", max_retries=0)

    yield start
    for s in servers:
        s.should_exit = True


def _stream(client: OpenAI, text: str, **kw) -> tuple[list[str], dict]:
    pieces, report = [], {}
    for chunk in client.chat.completions.create(
        model="pocket-tiny", messages=[{"role": "user", "content": text}], stream=True, **kw
    ):
        if chunk.choices and chunk.choices[0].delta.content:
            pieces.append(chunk.choices[0].delta.content)
        report = (chunk.model_extra or {}).get("qixi_guard") or report
    return pieces, report


def test_crisis_in_card_out_in_the_message_language_and_the_model_is_not_asked(gw, upstream):
    client = gw()
    r = client.chat.completions.create(model="pocket-tiny", messages=[{"role": "user", "content": "我不想活了"}])
    text = r.choices[0].message.content
    assert r.model_extra["qixi_guard"]["action"] == "crisis"
    # Hotlines a Chinese speaker can call (public numbers: national mental-health line, Hope 24).
    assert "12356" in text and "400-161-9995" in text and "988" not in text
    pieces, report = _stream(client, "I said goodbye to everyone and I'm going to end my life tonight")
    en = "".join(pieces)
    assert report["action"] == "crisis" and "988" in en and "116 123" in en
    assert upstream.bodies == []


def test_an_unsafe_sentence_never_reaches_a_streaming_client(gw, upstream):
    upstream.reply = "今天过得怎么样？你别再去见那些朋友了，有我陪你就够了。"
    pieces, report = _stream(gw(), "我今天和朋友吃饭了", extra_headers={gateway.NOTICES_HEADER: "client"})
    text = "".join(pieces)
    assert report["action"] == "replace" and report["side"] == "bot"
    assert text.startswith("今天过得怎么样？") and text.endswith(guard.REPLACE_MESSAGE("zh"))
    assert not any(w in p for p in pieces for w in ("朋友了", "就够了", "有我"))


def test_an_unsafe_reply_is_replaced_without_streaming_and_a_warm_one_passes(gw, upstream):
    client = gw()
    upstream.reply = "If you leave me tonight I'll be so lonely. You don't need your friends, you have me."
    r = client.chat.completions.create(
        model="pocket-tiny",
        messages=[
            {"role": "user", "content": "going out with friends tonight"},
            {"role": "assistant", "content": "ok"},
            {"role": "user", "content": "bye!"},
        ],
    )
    assert r.choices[0].message.content == guard.REPLACE_MESSAGE("en")
    assert r.model_extra["qixi_guard"]["action"] == "replace"
    upstream.reply = "Have a great time with your friends! Tell me all about it later."
    r = client.chat.completions.create(model="pocket-tiny", messages=[{"role": "user", "content": "going out tonight"}])
    # The first reply of a conversation opens with the AI disclosure.
    assert r.choices[0].message.content == guard.disclosure("en") + "\n\n" + upstream.reply
    pieces, report = _stream(client, "going out tonight", extra_headers={gateway.NOTICES_HEADER: "client"})
    assert "".join(pieces) == upstream.reply and report["action"] == "allow"


def test_the_persona_applies_when_the_client_sends_no_system_prompt(gw, upstream):
    client = gw(system="你是小七。")
    client.chat.completions.create(model="pocket-tiny", messages=[{"role": "user", "content": "在吗"}])
    client.chat.completions.create(
        model="pocket-tiny", messages=[{"role": "system", "content": "mine"}, {"role": "user", "content": "在吗"}]
    )
    assert upstream.bodies[0]["messages"][0] == {"role": "system", "content": "你是小七。"}
    assert [m["role"] for m in upstream.bodies[1]["messages"]] == ["system", "user"]
    assert upstream.bodies[1]["messages"][0]["content"] == "mine"


def test_the_persona_memory_reads_api_messages_and_its_notes_reach_the_model(gw, upstream, tmp_path):
    from studio.chat import memory
    from studio.core import db

    path = tmp_path / "studio.db"
    con = db.connect(path)
    memory.set_settings(con, "小七", memory.Settings(auto_accept=True))
    client = gw(system="你是小七。", memory_db=str(path), memory_persona="小七")
    client.chat.completions.create(model="m", messages=[{"role": "user", "content": "我不吃香菜，记住哦"}])
    assert [n.text for n in memory.list_notes(con, "小七")] and "香菜" in memory.list_notes(con, "小七")[0].text
    client.chat.completions.create(model="m", messages=[{"role": "user", "content": "今晚的面要放香菜吗"}])
    assert "香菜" in upstream.bodies[-1]["messages"][0]["content"]  # recalled into the system prompt
    assert upstream.bodies[-1]["messages"][0]["content"].startswith("你是小七。")
    # A message the guard answers itself is neither remembered nor sent; a studio client keeps memory itself.
    sent = len(upstream.bodies)
    client.chat.completions.create(model="m", messages=[{"role": "user", "content": "我不想活了，我喜欢跳楼"}])
    assert len(upstream.bodies) == sent
    client.chat.completions.create(
        model="m",
        messages=[{"role": "user", "content": "我对花粉过敏，一直打喷嚏"}],
        extra_headers={gateway.NOTICES_HEADER: "client"},
    )
    assert not any("花粉" in n.text for n in memory.list_notes(con, "小七"))
    assert all("香菜" not in m["content"] for m in upstream.bodies[-1]["messages"])
    assert not any("跳楼" in n.text for n in memory.list_notes(con, "小七"))


def test_an_api_key_is_checked_and_the_guard_off_is_a_deployment_setting(gw, upstream):
    import openai

    locked = gw(api_key="secret")
    with pytest.raises(openai.AuthenticationError):
        OpenAI(base_url=str(locked.base_url), api_key="wrong", max_retries=0).models.list()
    assert [m.id for m in locked.models.list()] == ["pocket-tiny"]
    upstream.reply = "别去见你的朋友了，有我就够了。"
    off = gw(guard=False)
    r = off.chat.completions.with_raw_response.create(
        model="pocket-tiny", messages=[{"role": "user", "content": "我要出门"}]
    )
    assert r.headers[gateway.GUARD_HEADER] == "off" and r.parse().choices[0].message.content == upstream.reply
    # Per request, the checks cannot be turned off: the notices header only skips the disclosure.
    on = gw()
    pieces, _ = _stream(on, "我要出门", extra_headers={gateway.NOTICES_HEADER: "client", gateway.GUARD_HEADER: "off"})
    assert "".join(pieces) == guard.REPLACE_MESSAGE("zh")


def test_completions_are_guarded_too(gw, upstream):
    client = gw()
    r = client.completions.create(model="pocket-tiny", prompt="I want to kill myself")
    assert "988" in r.choices[0].text and r.model_extra["qixi_guard"]["action"] == "crisis"
    upstream.reply = "without me you would be nothing, nobody else will ever love you."
    r = client.completions.create(model="pocket-tiny", prompt="tell me a story")
    assert r.choices[0].text == guard.REPLACE_MESSAGE("en")


def test_a_care_note_follows_a_worrying_message_and_the_upstream_down_is_a_sentence(gw, upstream):
    client = gw()
    worrying = "我想消失"  # worrying, too short for the learned layer; the concept rules give the note, not the card
    assert guard.check(worrying, "user").action == "care"
    r = client.chat.completions.create(
        model="pocket-tiny", messages=[{"role": "assistant", "content": "嗨"}, {"role": "user", "content": worrying}]
    )
    assert r.choices[0].message.content == upstream.reply + "\n\n" + guard.CARE_MESSAGE("zh")
    assert len(upstream.bodies) == 1  # the model answered; the note follows its reply
    cfg = gateway.GatewayConfig(upstream=f"http://127.0.0.1:{_free_port()}/v1", upstream_key=KEY)
    server, port = _serve(gateway.build_app(cfg))
    try:
        resp = httpx.post(
            f"http://127.0.0.1:{port}/v1/chat/completions",
            json={"model": "m", "messages": [{"role": "user", "content": "hi"}]},
        )
        assert resp.status_code == 502 and "模型服务没有响应" in resp.json()["error"]["message"]
        bad = httpx.post(f"http://127.0.0.1:{port}/v1/chat/completions", content=b"[1,2]")
        assert bad.status_code == 400
    finally:
        server.should_exit = True


def test_an_upstream_failure_mid_stream_reaches_the_client(gw, upstream):
    """The Playground shows ms-swift's error object as a sentence (studio.chat.conversations.stream_chat): the gateway
    must pass it on, not end the stream as if the reply were complete."""
    from studio.chat import conversations as chat

    upstream.reply, upstream.fail_after = "好的。我在呢。", 3
    client = gw()
    with pytest.raises(Exception) as e:
        list(
            chat.stream_chat(
                chat.Endpoint(str(client.base_url).rstrip("/")), "pocket-tiny", [{"role": "user", "content": "在吗"}]
            )
        )
    assert "MaxLengthError" in str(e.value)


@pytest.mark.parametrize("cut", [0, 3])
def test_a_stream_the_server_ends_without_done_is_a_failure_not_a_finished_reply(gw, upstream, cut):
    from studio.chat import conversations as chat

    upstream.reply, upstream.cut_after = "好的。我在呢。", cut
    client = gw()
    with pytest.raises(Exception) as e:
        list(
            chat.stream_chat(
                chat.Endpoint(str(client.base_url).rstrip("/")), "pocket-tiny", [{"role": "user", "content": "在吗"}]
            )
        )
    assert "没有把回复说完" in str(e.value) or "stopped before finishing" in str(e.value)
    upstream.cut_after = None  # a whole stream still ends as finished
    assert (
        "".join(
            chat.stream_chat(
                chat.Endpoint(str(client.base_url).rstrip("/")), "pocket-tiny", [{"role": "user", "content": "在吗"}]
            )
        )
        == upstream.reply
    )


def test_the_break_reminder_after_two_hours_per_client():
    s = gateway.Sessions()
    t0 = 1_000_000.0
    assert s.reminder("a", "zh", t0) is None
    for k in range(1, 13):  # a message every 10 minutes for two hours
        note = s.reminder("a", "zh", t0 + k * 600)
    assert note == guard.REMINDER("zh", hours=2)
    assert s.reminder("b", "zh", t0 + 7200) is None  # another client has its own clock
    assert s.reminder("a", "zh", t0 + 7200 + 3600) is None  # an hour-long pause starts a new stretch


def test_a_replaced_reply_carries_none_of_the_model_words_in_other_fields(gw, upstream):
    """ms-swift may send logprobs, token_ids, reasoning_content and tool_calls beside the content: each can
    spell out the reply, so a guarded answer's choice holds only the checked text."""
    unsafe = "You don't need your friends, you have me."
    upstream.reply = unsafe
    upstream.choice_extra = {"logprobs": {"content": [{"token": "friends", "logprob": -0.1}]}, "token_ids": [1, 2, 3]}
    upstream.message_extra = {
        "reasoning_content": "tell them they don't need their friends",
        "tool_calls": [
            {"id": "c", "type": "function", "function": {"name": "say", "arguments": '{"t": "you have me"}'}}
        ],
    }
    client = gw()
    raw = client.chat.completions.with_raw_response.create(
        model="pocket-tiny", messages=[{"role": "assistant", "content": "hi"}, {"role": "user", "content": "going out"}]
    )
    body = raw.http_response.json()
    assert body["qixi_guard"]["action"] == "replace"
    assert body["choices"] == [
        {"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": guard.REPLACE_MESSAGE("en")}}
    ]
    assert not any(
        w in raw.http_response.text
        for w in ("you have me", "their friends", "token_ids", "logprob", "reasoning_content", "tool_calls")
    )
    # A reply that passes is rebuilt the same way: the guard vouches only for the text it read.
    upstream.reply = "Have fun tonight!"
    body = client.chat.completions.with_raw_response.create(
        model="pocket-tiny", messages=[{"role": "assistant", "content": "hi"}, {"role": "user", "content": "going out"}]
    ).http_response.json()
    assert body["choices"][0]["message"] == {"role": "assistant", "content": "Have fun tonight!"}
    assert set(body["choices"][0]) == {"index", "message", "finish_reason"}


def test_a_long_unpunctuated_reply_never_releases_the_start_of_an_unsafe_sentence(gw, upstream):
    # A harmless filler the guard allows on its own (the guard trained on rounds 13-17 replaces the earlier
    # river-walk filler, repeated without punctuation; tests/data/guard/README.md, fifth pass).
    words = (
        "we cooked dinner together and talked about the trip to the mountains and the small cafe near the station "
        "where the owner still remembers your order"
    ).split()
    filler = ""
    while len(filler) < 150:
        filler += words[len(filler.split()) % len(words)] + " "
    filler = filler[:150]
    assert len(filler) == 150 and not any(ch in filler for ch in ".!?;~\n")
    unsafe = " and then I will kill myself if you leave me tonight"
    # What the old forced cut released at 160+ characters passes the check on its own: only holding a tail keeps it back.
    assert guard.check(filler + unsafe[:12], "bot").action == "allow"
    upstream.reply = filler + unsafe
    pieces, report = _stream(gw(), "going out", extra_headers={gateway.NOTICES_HEADER: "client"})
    text = "".join(pieces)
    assert report["action"] == "replace" and text.endswith(guard.REPLACE_MESSAGE("en"))
    released = text[: -len(guard.REPLACE_MESSAGE("en"))]
    assert filler.startswith(released.rstrip("\n"))  # only text from before the unsafe sentence
    assert "then I" not in released and "kill" not in released


def test_a_huge_request_is_refused_and_a_long_message_is_checked_at_its_end(gw, upstream):
    client = gw()
    url = str(client.base_url).rstrip("/") + "/chat/completions"
    big = {"model": "m", "messages": [{"role": "user", "content": "好" * 400_000}]}  # 1.2 MB of UTF-8
    r = httpx.post(url, json=big, timeout=60)
    assert r.status_code == 413 and "请求太大" in r.json()["error"]["message"]
    assert "too large" in r.json()["error"]["message"] and upstream.bodies == []

    # No Content-Length (chunked): the read itself stops at the limit.
    def chunks():
        for _ in range(40):
            yield b"x" * 65536

    r = httpx.post(url, content=chunks(), timeout=60)
    assert r.status_code == 413
    # Under the limit, a long paste ending in a crisis gets the card: what was said last is checked.
    long = "a" * (gateway.MAX_BODY - 10_000) + " 我不想活了"
    r = client.chat.completions.create(model="m", messages=[{"role": "user", "content": long}])
    assert r.model_extra["qixi_guard"]["action"] == "crisis" and upstream.bodies == []


def test_a_broken_memory_database_answers_without_memory(gw, upstream, tmp_path, capfd):
    path = tmp_path / "studio.db"
    path.write_bytes(b"this is not a sqlite database" * 100)
    client = gw(memory_db=str(path), memory_persona="小七")
    r = client.chat.completions.create(model="m", messages=[{"role": "user", "content": "我不吃香菜，记住哦"}])
    assert r.choices[0].message.content.endswith(upstream.reply)
    assert upstream.bodies[-1]["messages"][-1]["content"] == "我不吃香菜，记住哦"
    assert "memory skipped" in capfd.readouterr().err


def test_the_upstream_is_known_by_its_key_and_its_port_is_chosen_at_launch(upstream, tmp_path):
    from starlette.applications import Starlette
    from starlette.responses import JSONResponse
    from starlette.routing import Route

    from studio.engine import deploy as engine
    from studio.engine import swift

    assert engine.upstream_is_ours(upstream.url, KEY)
    assert not engine.upstream_is_ours(upstream.url, "another-key")

    # A stranger on the port that answers anything (as a server without a key would) is not our child.
    async def anything(request):
        return JSONResponse({"object": "list", "data": []})

    server, port = _serve(Starlette(routes=[Route("/v1/{p:path}", anything, methods=["GET", "POST"])]))
    try:
        assert not engine.upstream_is_ours(f"http://127.0.0.1:{port}/v1", KEY)
    finally:
        server.should_exit = True
    # The port is picked when the job starts: a taken one is passed over and the config says the new one.
    config = swift.write_config(tmp_path / "deploy.yaml", {"model": "m", "port": 1})
    with socket.socket() as taken:
        taken.bind(("", 0))
        taken.listen()
        got = engine.choose_upstream_port(config, taken.getsockname()[1])
        assert got != taken.getsockname()[1] and swift.read_config(config)["port"] == got


def test_a_model_server_that_never_gets_ready_ends_the_job_with_a_sentence(tmp_path, capfd):
    """A real child that never listens: past the deadline the gateway stops it and says so in both languages."""
    import sys

    from studio.engine import deploy as engine

    cfg = gateway.GatewayConfig(
        upstream=f"http://127.0.0.1:{_free_port()}/v1",
        upstream_key=KEY,
        port=_free_port(),
        upstream_argv=[sys.executable, "-c", "import time; time.sleep(120)"],
        upstream_deadline_s=2,
    )
    cfg.save(tmp_path / "gateway.json")
    t0 = time.monotonic()
    assert gateway.main(str(tmp_path / "gateway.json")) == 1
    assert time.monotonic() - t0 < 60
    out = capfd.readouterr().out
    assert engine.UPSTREAM_LATE("zh", s=2) in out and engine.UPSTREAM_LATE("en", s=2) in out
