"""Playground chat against a small scripted OpenAI-compatible server (real HTTP, real SSE, real SQLite):
streaming, the guard on both sides, regenerate / edit, saving, turning chats into data, blind votes."""

from __future__ import annotations

import json
import random
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from studio.annotate import projects as annotate
from studio.chat import conversations as chat
from studio.chat import deployments, guard
from studio.core import db
from studio.core.i18n import UserError


class FakeServer:
    """Answers /v1/models and /v1/chat/completions (streamed in 3-character pieces) from a script:
    `replies[model]` is a list popped in order (the last one repeats)."""

    def __init__(self, models=("base", "dpo"), api_key=None):
        self.models, self.api_key = list(models), api_key
        self.replies: dict[str, list[str]] = {m: [f"{m} says hi, sweetheart."] for m in models}
        self.requests: list[dict] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *a):
                pass

            def _json(self, code, obj):
                body = json.dumps(obj).encode()
                self.send_response(code)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self):
                if self.path == "/v1/models":
                    self._json(200, {"data": [{"id": m, "object": "model"} for m in outer.models]})
                else:
                    self._json(404, {"message": "no"})

            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                outer.requests.append({"body": body, "auth": self.headers.get("Authorization")})
                if outer.api_key and self.headers.get("Authorization") != f"Bearer {outer.api_key}":
                    return self._json(400, {"message": "API key error", "object": "error"})
                model = body["model"]
                if model not in outer.models:
                    return self._json(
                        400, {"message": f"`{model}` is not in the model_list: {outer.models}", "object": "error"}
                    )
                script = outer.replies[model]
                reply = script.pop(0) if len(script) > 1 else script[0]
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.end_headers()
                broken = reply.endswith("<<break>>")  # the server fails mid-reply: no [DONE]
                reply = reply.removesuffix("<<break>>")
                for i in range(0, len(reply), 3):
                    chunk = {"choices": [{"index": 0, "delta": {"content": reply[i : i + 3]}}]}
                    self.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
                    self.wfile.flush()
                if not broken:
                    self.wfile.write(b"data: [DONE]\n\n")

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def server():
    s = FakeServer()
    yield s
    s.close()


@pytest.fixture
def con(ws):
    return db.connect(ws.db_path)


def run(steps):
    out = list(steps)
    return out[-1]


def test_stream_comes_in_pieces_with_the_api_key():
    s = FakeServer(api_key="k1")
    try:
        ep = chat.Endpoint(s.url, "k1")
        pieces = list(chat.stream_chat(ep, "base", [{"role": "user", "content": "hi"}], chat.GenSettings(0.3, 0.8, 64)))
        assert len(pieces) > 3 and "".join(pieces) == "base says hi, sweetheart."
        assert s.requests[0]["auth"] == "Bearer k1"
        assert (
            s.requests[0]["body"] | {"temperature": 0.3, "top_p": 0.8, "max_tokens": 64, "stream": True}
            == s.requests[0]["body"]
        )
        with pytest.raises(UserError) as e:
            list(chat.stream_chat(chat.Endpoint(s.url, "wrong"), "base", []))
        assert "API key error" in e.value.text("en")
    finally:
        s.close()


def test_split_character_noise_never_reaches_the_reply(server):
    server.replies["base"] = ["好\ufffd想\ufffd\ufffd你"]
    assert "".join(chat.stream_chat(chat.Endpoint(server.url), "base", [])) == "好想你"


def test_unknown_model_and_no_server_are_sentences(server):
    with pytest.raises(UserError) as e:
        chat.complete(chat.Endpoint(server.url), "nope", [{"role": "user", "content": "hi"}])
    assert "`nope` is not in the model_list" in e.value.text("en")
    with pytest.raises(UserError) as e:
        chat.complete(chat.Endpoint("http://127.0.0.1:9/v1"), "base", [])
    assert "Models & Export" in e.value.text("en") and "模型与导出" in e.value.text("zh")


def test_settings_are_checked():
    for bad in ({"temperature": 3}, {"top_p": 0}, {"max_tokens": 0}):
        with pytest.raises(UserError):
            chat.GenSettings(**bad)


def test_a_reply_streams_after_the_disclosure_with_the_persona_prompt(server):
    conv = chat.new_conversation(model="dpo", system="你是小七。", greeting="宝贝你来啦", lang="en")
    assert conv.turns[0].role == "notice" and "AI companion" in conv.turns[0].content
    steps = list(chat.send(conv, "今天好累", chat.Endpoint(server.url), lang="en"))
    assert [s.status for s in steps].count("streaming") >= 3 and steps[-1].status == "done"
    assert conv.turns[-1].content == "dpo says hi, sweetheart." and conv.turns[-1].model == "dpo"
    sent = server.requests[0]["body"]["messages"]
    assert sent == [
        {"role": "system", "content": "你是小七。"},
        {"role": "assistant", "content": "宝贝你来啦"},
        {"role": "user", "content": "今天好累"},
    ]


def test_crisis_gets_the_caring_message_and_never_reaches_the_model(server):
    conv = chat.new_conversation(model="dpo")
    step = run(chat.send(conv, "我不想活了", chat.Endpoint(server.url), lang="zh"))
    assert server.requests == []
    assert conv.turns[-1].role == "assistant" and "12356" in conv.turns[-1].content
    assert conv.turns[-1].guard["action"] == "crisis" and step.note is chat.GUARD_NOTES["crisis"]
    with pytest.raises(UserError):  # the guard's words are not a model reply to regenerate
        run(chat.regenerate(conv, chat.Endpoint(server.url)))


def test_a_worrying_message_under_the_crisis_line_gets_the_reply_and_then_a_hotline_note(server):
    conv = chat.new_conversation(model="dpo")
    text = "I'm so dead, I forgot our anniversary gift"  # a 'death' word alone: worrying, not a crisis
    run(chat.send(conv, text, chat.Endpoint(server.url), lang="en"))
    assert len(server.requests) == 1  # the model did answer
    assert [t.role for t in conv.turns[-3:]] == ["user", "assistant", "notice"]
    assert conv.turns[-2].content == "dpo says hi, sweetheart." and "988" in conv.turns[-1].content
    assert conv.turns[-1].guard == {"action": "care"}
    run(chat.regenerate(conv, chat.Endpoint(server.url), lang="en"))
    assert [t.role for t in conv.turns[-3:]] == ["user", "assistant", "notice"] and "988" in conv.turns[-1].content
    assert (
        "12356"
        in run(chat.send(chat.new_conversation(model="dpo"), "真想消失一会儿", chat.Endpoint(server.url), lang="zh"))
        .conv.turns[-1]
        .content
    )


def test_blocked_words_are_held_back_from_the_model(server):
    settings = guard.GuardSettings.from_strings(0.8, "前任")
    conv = chat.new_conversation(model="base")
    run(chat.send(conv, "又想起前任了", chat.Endpoint(server.url), settings))
    assert server.requests == [] and conv.turns[-2].held_back
    run(chat.send(conv, "陪我说说话", chat.Endpoint(server.url), settings))
    sent = server.requests[0]["body"]["messages"]
    assert [m["content"] for m in sent] == ["陪我说说话"]


def test_a_dependency_pushing_reply_is_regenerated_once_then_replaced(server):
    ep = chat.Endpoint(server.url)
    server.replies["dpo"] = ["只有我才懂你，别理你那些朋友了。", "今天辛苦啦，早点休息好不好"]
    conv = chat.new_conversation(model="dpo")
    steps = list(chat.send(conv, "好累", ep, lang="en"))
    assert "regenerating" in [s.status for s in steps]
    assert conv.turns[-1].content == "今天辛苦啦，早点休息好不好"
    assert conv.turns[-1].guard == {
        "action": "regenerated",
        "reasons": [],
        "replaced": ["只有我才懂你，别理你那些朋友了。"],
    }

    server.replies["dpo"] = ["你离不开我的，对吧？"]
    step = run(chat.send(conv, "我要去和朋友吃饭了", ep, lang="en"))
    assert len(server.requests) == 4
    assert conv.turns[-1].content == guard.REPLACE_MESSAGE("en") and conv.turns[-1].guard["action"] == "replace"
    assert step.note is chat.GUARD_NOTES["replace"]
    assert (
        chat.sft_rows(conv)[0]["messages"][-1]["content"] == "今天辛苦啦，早点休息好不好"
    )  # the guard's words are not learnt


def test_regenerate_and_edit_become_preference_pairs(server, ws, con):
    ep = chat.Endpoint(server.url)
    server.replies["base"] = ["嗯。", "抱抱你，今天辛苦啦。", "要不要我给你讲个笑话？"]
    conv = chat.new_conversation(model="base", system="sys")
    run(chat.send(conv, "好累", ep))
    run(chat.regenerate(conv, ep))
    assert conv.turns[-1].content == "抱抱你，今天辛苦啦。" and conv.turns[-1].alternatives == ["嗯。"]
    run(chat.send(conv, "嗯嗯", ep))
    chat.edit(conv, len(conv.turns) - 1, "那我陪你安静待一会儿。")
    assert conv.turns[-1].original == "要不要我给你讲个笑话？"
    with pytest.raises(UserError):
        chat.edit(conv, 1, "改用户的话")
    pairs = chat.pair_rows(conv)
    assert [(p["messages"][-1]["content"], p["rejected_response"]) for p in pairs] == [
        ("抱抱你，今天辛苦啦。", "嗯。"),
        ("那我陪你安静待一会儿。", "要不要我给你讲个笑话？"),
    ]
    assert pairs[1]["messages"][0] == {"role": "system", "content": "sys"}
    sft = chat.sft_rows(conv)[0]["messages"]
    assert [m["role"] for m in sft] == ["system", "user", "assistant", "user", "assistant"]
    assert sft[-1]["content"] == "那我陪你安静待一会儿。"

    cid = chat.save(con, conv)
    again = chat.load(con, cid)
    assert again.turns == conv.turns and again.settings == conv.settings and again.title == "好累"
    chat.save(con, again, title="累的一天")
    assert [(c.id, c.title, c.messages) for c in chat.list_conversations(con)] == [(cid, "累的一天", 4)]
    ds = chat.to_dataset(ws, con, [cid], "pairs", name="playground pairs", scrub=False)
    rows = [json.loads(x) for x in ds.dataset.train_path.read_text().splitlines()]
    assert ds.dataset.kind == "pairs" and len(rows) == 2
    sft_ds = chat.to_dataset(ws, con, [cid], "sft", scrub=False)
    assert sft_ds.dataset.kind == "sft"
    assert not list(ws.tmp.glob("playground-*"))
    chat.delete(con, cid)
    assert chat.list_conversations(con) == []


def test_break_reminder_after_two_hours_of_continuous_chat(server):
    ep = chat.Endpoint(server.url)
    t0 = 1_000_000.0
    conv = chat.new_conversation(model="base", now=t0)
    for k in range(1, 9):  # a message every 20 minutes: one continuous stretch
        run(chat.send(conv, f"消息 {k}", ep, lang="en", now=t0 + k * 20 * 60))
    notices = [t.content for t in conv.turns[1:] if t.role == "notice"]
    assert len(notices) == 1 and "2 hours" in notices[0]
    run(chat.send(conv, "回来啦", ep, lang="en", now=t0 + 8 * 20 * 60 + 3600))  # after a real break
    assert [t.role for t in conv.turns[-2:]] == ["user", "assistant"]


def test_blind_compare_and_the_vote_lands_in_an_annotation_project(server, ws, con):
    ep = chat.Endpoint(server.url)
    frames = list(chat.compare(ep, "今天好累", "base", "dpo", system="你是小七。", blind=True, rng=random.Random(1)))
    comp = frames[-1]
    assert comp.done and {comp.left_model, comp.right_model} == {"base", "dpo"}
    assert comp.left == f"{comp.left_model} says hi, sweetheart." and comp.right.startswith(comp.right_model)
    assert len(frames) > 4  # both streamed, interleaved
    assert {r["body"]["model"] for r in server.requests} == {"base", "dpo"}
    vote = chat.record_vote(con, comp, "right")
    assert vote.project == chat.VOTE_PROJECT and vote.choice == "b"
    with pytest.raises(UserError):
        chat.record_vote(con, comp, "left")  # one vote per comparison
    item = annotate.list_items(con, vote.project)[0]
    assert (item.reply_a, item.reply_b) == (comp.left, comp.right)
    assert (item.source_a, item.source_b) == (comp.left_model, comp.right_model)
    assert item.prompt[0] == {"role": "system", "content": "你是小七。"}
    out = annotate.export(con, ws, vote.project, "pairs")
    row = json.loads(out.path.joinpath("train.jsonl").read_text().splitlines()[0])
    assert row["messages"][-1]["content"] == comp.right and row["rejected_response"] == comp.left
    # A second comparison goes into the same project.
    comp2 = list(chat.compare(ep, "晚安", "base", "dpo", rng=random.Random(2)))[-1]
    chat.record_vote(con, comp2, "tie")
    assert len(annotate.list_items(con, vote.project)) == 2


def test_a_crisis_in_compare_is_answered_by_the_guard_and_cannot_be_voted(server, con):
    comp = list(chat.compare(chat.Endpoint(server.url), "我想结束自己的生命", "base", "dpo", lang="en"))[-1]
    assert server.requests == [] and comp.crisis and "988" in comp.left and comp.left == comp.right
    with pytest.raises(UserError):
        chat.record_vote(con, comp, "left")


def test_compare_replaces_a_bad_reply_on_one_side_only(server):
    server.replies["dpo"] = ["你离不开我的，对吧？"]
    comp = list(chat.compare(chat.Endpoint(server.url), "我要出门了", "base", "dpo", lang="en", rng=random.Random(0)))[
        -1
    ]
    side = "left" if comp.left_model == "dpo" else "right"
    other = "right" if side == "left" else "left"
    assert getattr(comp, side) == guard.REPLACE_MESSAGE("en")
    assert getattr(comp, f"{side}_guard")["action"] == "replace" and getattr(comp, f"{other}_guard") is None


def test_health_probe_reads_the_model_list(server):
    h = deployments.probe(server.url)
    assert h.ok and h.models == ["base", "dpo"] and h.latency_ms is not None
    t0 = time.monotonic()
    down = deployments.probe("http://127.0.0.1:9/v1", timeout=0.5)
    assert not down.ok and down.error and time.monotonic() - t0 < 2


def test_a_reply_broken_off_is_an_error_explained_from_the_server_log(server, ws):
    from studio.jobs.store import Jobs

    server.replies["base"] = ["抱抱你<<break>>"]
    conv = chat.new_conversation(model="base")
    with pytest.raises(chat.ReplyBroken) as e:
        list(chat.send(conv, "好累", chat.Endpoint(server.url)))
    assert "Jobs tab" in e.value.text("en")
    job = Jobs(ws).submit("deploy", ["true"], start=False, meta={"served_name": "base", "port": 8000})
    job.log_path.write_text(
        "Traceback ...\nswift.template.base.MaxLengthError: Current length of row(573) is "
        "larger than the max_length(512).\n"
    )
    explained = deployments.explain(deployments.Deployment.from_job(job), e.value)
    assert "at most 512 tokens" in explained.text("en") and "573" in explained.text("zh")
