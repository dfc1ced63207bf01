"""Issue 20 on a real pocket deploy (ms-swift on CPU, the pocket model that reads 512 tokens at once):

* a persona chat that outgrows the model gets every reply, with one quiet line where the model's reading
  starts - on the Playground page (through its API, gradio_client) and through studio.chat.conversations - where the same
  conversation sent whole is refused by the server ("对话太长了…");
* the side by side never compares a model with itself, and offers the base and each trained run: a server
  started for the base alone is restarted with every run as an adapter under its own name.
"""

from __future__ import annotations

import contextlib
import os
import time

import pytest
from test_export_deploy import train  # noqa: E402  (same folder: a 2-step LoRA run through ms-swift)

from studio.annotate import projects as annotate
from studio.chat import conversations as chat
from studio.chat import deployments, persona
from studio.core import db
from studio.core.i18n import UserError
from studio.engine import deploy as engine_deploy
from studio.jobs.store import Jobs
from studio.models import registry as models

pytestmark = pytest.mark.integration

MESSAGES = (
    "今天加班好累呀",
    "老板又临时加了需求，我还要改方案",
    "你会一直陪着我吗",
    "周末想和你去看海",
    "晚饭吃什么好呢",
    "明天还要早起开会",
)
PERSONA = ["小七", "阿杰", "宝贝", "奶茶, 猫", "香菜", "2023 年七夕一起看了烟花", "gentle", "zh", ""]


def text_of(content) -> str:
    """A Chatbot message's text (Gradio sends content parts: [{"type": "text", "text": ...}])."""
    return content if isinstance(content, str) else "".join(p.get("text", "") for p in content)


def test_long_chats_fit_and_side_by_side_offers_the_base_and_every_run(pocket_ws, studio_server):
    ws, sft_data, _pairs = pocket_ws
    jobs = Jobs(ws)
    t0 = time.monotonic()
    run = train(ws, jobs, "sft", "sft", ws.models / "pocket-tiny", sft_data.train_path)
    print(f"\nLoRA run in {time.monotonic() - t0:.0f}s")
    # A port away from 8000, where other studios on a shared machine serve (a client there would reach theirs).
    port = engine_deploy.free_port(21000 + os.getpid() % 4000)
    dep = deployments.wait_ready(
        ws,
        deployments.start(
            ws, deployments.DeployRequest(model="pocket-tiny", adapters=[], port=port, max_new_tokens=48)
        ),
        timeout=300,
    )
    try:
        ep = deployments.endpoint(dep)
        assert ep.window == chat.Window(512, str(ws.models / "pocket-tiny" / "tokenizer.json"))

        # The Playground page: a persona, then message after message.
        server = studio_server(ws.root, env={"QIXI_LANG": "zh"})
        client = server.client()
        health, model, a, b, hint = client.predict("zh", None, None, None, api_name="/play_servers")[:5]
        assert "服务就绪" in health and model["value"] == "pocket-tiny"
        assert a["value"] == "pocket-tiny" and b["value"] is None  # never the same model on both sides
        assert "只提供一个模型" in hint and "1 次训练没有加载" in hint
        system, _bot = client.predict("zh", "pocket-tiny", 0.7, 0.9, 48, *PERSONA, api_name="/persona_apply")
        t1 = time.monotonic()
        for text in MESSAGES:
            bubbles, box, note = client.predict(
                "zh", text, "pocket-tiny", system, 0.7, 0.9, 48, 0.8, "", "小七", api_name="/play_send"
            )
            # Sent and answered, never refused. The box is emptied by the first frame; the last one leaves it
            # alone (Gradio's no-op update), so a next message typed during the reply stays.
            assert box in ("", {"__type__": "update"}) and "太长" not in note, note
        print(f"{len(MESSAGES)} Playground replies in {time.monotonic() - t1:.0f}s")
        contents = [text_of(m["content"]) for m in bubbles]
        quiet = [c for c in contents if "不再发给模型" in c]
        assert len(quiet) == 1 and "最多读 512 个 token" in quiet[0]
        assert bubbles[-1]["role"] == "assistant" and contents[-2] == MESSAGES[-1]
        assert all(any(c == m for c in contents) for m in MESSAGES)  # every message still on the page

        # The same kind of chat through studio.chat.conversations, and the control: sent whole, the server refuses it.
        p = persona.Persona(bot_name="小七", user_name="阿杰", nicknames=["宝贝"], likes=["奶茶", "猫"])
        conv = chat.new_conversation(
            model="pocket-tiny",
            system=p.system_prompt("zh"),
            greeting=p.first_message("zh"),
            settings=chat.GenSettings(max_tokens=48),
            lang="zh",
        )
        long_chat = [f"{m}，{m}。" for m in MESSAGES * 2]  # ~480 characters: past 512 tokens with the persona
        for text in long_chat:
            *_, last = chat.send(conv, text, ep, lang="zh")
            assert last.status == "done" and conv.turns[-1].role in ("assistant", "notice")
        assert sum("不再发给模型" in t.content for t in conv.turns if t.role == "notice") == 1
        whole = chat.Endpoint(ep.base_url, ep.api_key)  # no window: every turn sent, as before
        assert "MaxLengthError" not in dep.job.log_path.read_text()  # every trimmed request was accepted
        with contextlib.suppress(UserError):  # the refusal reaches the client as a broken or an empty reply
            list(chat.regenerate(conv, whole, lang="zh"))
        deadline = time.monotonic() + 30
        while "MaxLengthError" not in dep.job.log_path.read_text() and time.monotonic() < deadline:
            time.sleep(0.5)
        refused = deployments.explain(dep, UserError("?", "?")).text("zh")
        assert "对话太长了" in refused and "最多读 512 个 token" in refused, refused

        # Side by side: a model against itself is refused (a sentence, no vote); then the base and the run.
        with pytest.raises(Exception) as e:
            client.predict(
                "zh",
                "周末想和你去看海",
                "pocket-tiny",
                "pocket-tiny",
                True,
                system,
                0.7,
                0.9,
                48,
                0.8,
                "",
                api_name="/compare_send",
            )
        assert "同一个模型" in str(e.value)
        con = db.connect(ws.db_path)
        assert chat.VOTE_PROJECT not in [pr.project.name for pr in annotate.list_projects(con)]
        client.predict("zh", api_name="/compare_serve_all")
        dep = deployments.wait_ready(ws, deployments.current(ws), timeout=300)
        run_name = deployments.adapter_name(models.get_model(ws, run.id))
        assert dep.models == ["pocket-tiny", run_name] and dep.persona == "" and dep.guard
        deadline = time.monotonic() + 60
        while True:
            health, model, a, b, hint = client.predict("zh", None, None, None, api_name="/play_servers")[:5]
            if b.get("value") or time.monotonic() > deadline:
                break
            time.sleep(1)
        assert (a["value"], b["value"]) == ("pocket-tiny", run_name) and hint == ""
        assert {v for _, v in a["choices"]} == {"pocket-tiny", run_name}
        frames = client.predict(
            "zh",
            "周末想和你去看海",
            a["value"],
            b["value"],
            True,
            system,
            0.7,
            0.9,
            32,
            0.8,
            "",
            api_name="/compare_send",
        )
        assert "模型 A" in frames[0] and "模型 B" in frames[1]  # both answered, blind
        # (The vote itself is tested in tests/browser/test_playground_browser.py: the quickly built pocket model
        # here sometimes ends a reply at once, and an empty reply cannot be voted on.)
    finally:
        deployments.stop(ws)
    assert deployments.current(ws) is None
