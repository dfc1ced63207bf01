"""Long chats fit the served model: the oldest turns are left out of what is sent (never out of the stored
conversation), with one quiet line where the model's reading starts; refused only when the system prompt and
the newest message alone do not fit. Counts are checked against the real pocket tokenizer, trained here by the
pocket build's own function and counted a second time by transformers with the model's chat template (in a
subprocess: the test process, like the web process, stays free of transformers)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from test_models import make_base, make_run  # noqa: E402  (same folder)
from test_models_chat import FakeServer  # noqa: E402

from studio.chat import conversations as chat
from studio.chat import deployments, persona
from studio.core.i18n import UserError
from studio.core.workspace import atomic_write_json
from studio.engine import deploy as engine
from studio.jobs.store import Jobs
from studio.models.registry import list_models

ROOT = Path(__file__).resolve().parents[2]
LIMIT = 512  # the pocket model's max_position_embeddings: what ms-swift deploy reads at once

_TOKENIZER = r"""
import sys
from pathlib import Path
from studio.models import pocket
pocket.train_tokenizer(pocket.corpus_texts(pocket.sample_files(pocket.SAMPLE_DIR)), pocket.SIZES["tiny"], Path(sys.argv[1]))
"""

# The second count: transformers' tokenizer and the model's own chat template (Jinja), per job in a JSON list.
_COUNT = r"""
import json, sys
from transformers import AutoTokenizer
tok = AutoTokenizer.from_pretrained(sys.argv[1])
out = []
for job in json.loads(sys.stdin.read()):
    if "text" in job:
        out.append(len(tok(job["text"], add_special_tokens=False)["input_ids"]))
    else:
        ids = tok.apply_chat_template(job["messages"], add_generation_prompt=job["gen"], tokenize=True)
        out.append(len(ids["input_ids"] if hasattr(ids, "keys") else ids))
print(json.dumps(out))
"""


@pytest.fixture(scope="module")
def pocket_tok(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("pocket-tok")
    out = subprocess.run(
        [sys.executable, "-c", _TOKENIZER, str(folder)], cwd=ROOT, capture_output=True, text=True, timeout=600
    )
    assert out.returncode == 0, out.stderr[-3000:]
    assert (folder / "tokenizer.json").is_file()
    return folder


def real_counts(folder: Path, jobs: list[dict]) -> list[int]:
    out = subprocess.run(
        [sys.executable, "-c", _COUNT, str(folder)],
        input=json.dumps(jobs),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert out.returncode == 0, out.stderr[-3000:]
    return json.loads(out.stdout.strip().splitlines()[-1])


def persona_prompt() -> tuple[str, str]:
    p = persona.Persona(
        bot_name="小七",
        user_name="阿杰",
        nicknames=["宝贝"],
        likes=["奶茶", "猫"],
        memories=["2023 年七夕一起看了烟花"],
    )
    return p.system_prompt("zh"), p.first_message("zh")


TEXTS = [
    "今天加班好累呀，老板又临时加了需求。",
    "Let's watch the fireworks on Qixi, sweetheart!",
    "周末想和你去看海 🌊，顺便吃 3 碗馄饨",
    "嗯",
    "I miss you. 想你了～ 晚安💤",
]


def test_counts_agree_with_the_real_tokenizer_and_the_fallback_never_counts_low(pocket_tok):
    window = chat.Window(LIMIT, str(pocket_tok / "tokenizer.json"))
    system, _ = persona_prompt()
    texts = [*TEXTS, system]
    msgs = [{"role": "user", "content": t} for t in texts]
    real = real_counts(pocket_tok, [{"text": t} for t in texts] + [{"messages": [m], "gen": False} for m in msgs])
    plain, framed = real[: len(texts)], real[len(texts) :]
    assert [chat.count_tokens(t, window) for t in texts] == plain  # the text itself: exact
    for m, n in zip(msgs, framed):  # with the template's markers: never low
        assert n <= chat.message_tokens(m, window) <= n + chat.MESSAGE_TOKENS
    bound = chat.Window(LIMIT)  # no tokenizer.json: UTF-8 bytes
    assert all(chat.count_tokens(t, bound) >= n for t, n in zip(texts, plain))


def long_chat(system: str, greeting: str, rounds: int = 9) -> chat.Conversation:
    conv = chat.new_conversation(model="base", system=system, greeting=greeting, lang="zh")
    for k in range(rounds):
        conv.turns += [
            chat.Turn("user", f"第{k}句：{TEXTS[k % len(TEXTS)]}"),
            chat.Turn("assistant", f"抱抱你，第{k}次回答：我一直都在，慢慢说给我听。", model="base"),
        ]
    return conv


def test_a_long_persona_chat_keeps_the_system_prompt_and_the_newest_turns(pocket_tok):
    system, greeting = persona_prompt()
    window = chat.Window(LIMIT, str(pocket_tok / "tokenizer.json"))
    conv = long_chat(system, greeting)
    conv.turns.append(chat.Turn("user", "今天加班好累呀"))
    reply = 48
    msgs = conv.model_messages()
    sent, dropped = chat.fit(msgs, window, reply)
    assert dropped > 0 and sent[0] == msgs[0] and sent[-1] == msgs[-1]
    assert sent[1]["role"] == "user" and sent[1:] == msgs[1 + dropped :]  # whole exchanges, newest kept
    more = [msgs[0], *msgs[dropped - 1 :]]  # one older message back in
    full, with_more = real_counts(pocket_tok, [{"messages": sent, "gen": True}, {"messages": more, "gen": True}])
    assert full + reply <= LIMIT  # what is sent fits, with the reply's room
    slack = chat.PROMPT_TOKENS + chat.MESSAGE_TOKENS * len(more)
    assert with_more + reply > LIMIT - slack  # and not much more was dropped than needed
    assert len(conv.model_messages()) == len(msgs)  # the conversation itself keeps every turn


def test_the_issue_case_replies_instead_of_refusing_and_says_so_in_one_quiet_line(pocket_tok):
    server = FakeServer(models=("base",))
    try:
        system, greeting = persona_prompt()
        ep = chat.Endpoint(server.url, window=chat.Window(LIMIT, str(pocket_tok / "tokenizer.json")))
        conv = chat.new_conversation(
            model="base", system=system, greeting=greeting, lang="zh", settings=chat.GenSettings(max_tokens=48)
        )
        for text in (
            "今天加班好累呀",
            "老板又临时加了需求，我还要改方案",
            "你会一直陪着我吗",
            "周末想和你去看海",
            "晚饭吃什么好呢",
        ):
            *_, last = chat.send(conv, text, ep, lang="zh")
        assert last.status == "done" and conv.turns[-1].content == "base says hi, sweetheart."
        sent = server.requests[-1]["body"]["messages"]
        assert sent[0] == {"role": "system", "content": system} and sent[-1]["content"] == "晚饭吃什么好呢"
        real = real_counts(pocket_tok, [{"messages": sent, "gen": True}])[0]
        assert real + 48 <= LIMIT
        notes = [t for t in conv.turns if t.role == "notice" and "不再发给模型" in t.content]
        assert len(notes) == 1  # one line, moved up to where the model's reading starts
        at = conv.turns.index(notes[0])
        kept = [t for t in conv.turns[at:-1] if t.role in ("user", "assistant")]  # up to the new reply
        assert [t.content for t in kept] == [m["content"] for m in sent[1:]]
        dropped = len(conv.sent_turns()) - 1 - len(kept)
        assert (
            notes[0].content.startswith(f"以上 {dropped} 条较早的消息")
            and f"最多读 {LIMIT} 个 token" in notes[0].content
        )
        assert [t.content for t in conv.turns if t.role == "user"][0] == "今天加班好累呀"  # nothing lost
        assert not any(m["content"].startswith("以上") for m in sent)  # notices never sent
        learnt = chat.sft_rows(conv)[0]["messages"]  # data made from it: every exchange
        assert [m["content"] for m in learnt if m["role"] == "user"][0] == "今天加班好累呀" and len(learnt) == 11
    finally:
        server.close()


def test_refused_only_when_the_system_prompt_and_the_newest_message_alone_do_not_fit(pocket_tok):
    server = FakeServer(models=("base", "dpo"))
    try:
        window = chat.Window(LIMIT, str(pocket_tok / "tokenizer.json"))
        ep = chat.Endpoint(server.url, window=window)
        system = "你是小七，" + "温柔地陪伴对方，" * 80
        (n,) = real_counts(pocket_tok, [{"text": system}])
        assert n > LIMIT  # the second count agrees that it cannot fit
        conv = chat.new_conversation(model="base", system=system)
        with pytest.raises(chat.TooLong) as e:
            list(chat.send(conv, "你好", ep))
        assert f"最多读 {LIMIT} 个" in e.value.text("zh") and "system prompt" in e.value.text("en")
        with pytest.raises(chat.TooLong):
            list(chat.compare(ep, "你好", "base", "dpo", system=system))
        assert server.requests == []  # nothing reached the server
        # Without a known window (a server the studio did not start) everything is sent as before.
        assert chat.fit([{"role": "system", "content": system}, {"role": "user", "content": "hi"}], None, 48)[1] == 0
    finally:
        server.close()


def test_a_model_is_never_compared_with_itself():
    with pytest.raises(UserError) as e:
        list(chat.compare(chat.Endpoint("http://127.0.0.1:9/v1"), "你好", "base", "base"))
    assert "同一个模型" in e.value.text("zh") and "itself" in e.value.text("en")
    comp = chat.Comparison([{"role": "user", "content": "你好"}], "base", "base", left="a", right="b", done=True)
    with pytest.raises(UserError) as e:
        chat.record_vote(None, comp, "left")  # refused before anything is written
    assert "not recorded" in e.value.text("en") and comp.vote is None


def test_a_deployment_knows_its_window_and_which_runs_it_leaves_out(ws):
    base = make_base(ws)
    (base / "config.json").write_text(
        json.dumps(
            {
                "max_position_embeddings": 512,
                "text_config": {"seq_length": 4096},
                "vision_config": {"max_position_embeddings": 64},
            }
        )
    )
    (base / "tokenizer.json").write_text("{}")
    sft = make_run(ws, base, kind="sft", method="sft")
    dpo = make_run(ws, base, kind="align", method="dpo", steps=(1, 2, 3))
    job = Jobs(ws).submit(
        "deploy",
        ["true"],
        start=False,
        meta={
            "base": "pocket-tiny",
            "served_name": "pocket-tiny",
            "port": 8000,
            "adapters": {"dpo-x": str(dpo.run_dir / "output" / "checkpoint-3")},
        },
    )
    (job.run_dir / engine.CONFIG).write_text(yaml.safe_dump({"model": str(base), "served_model_name": "pocket-tiny"}))
    dep = deployments.Deployment.from_job(job)
    ep = deployments.endpoint(dep)
    assert ep.window == chat.Window(512, str(base / "tokenizer.json"))  # the llm's 512, not the vision part's
    assert [e.id for e in deployments.unserved_runs(ws, dep)] == [sft.id]
    # A merged model served alone: its runs live on the base it was made from, so the comparison offers them all.
    merged = ws.models / "merged-dpo"
    merged.mkdir()
    (merged / "config.json").write_text("{}")
    atomic_write_json(
        merged / "model.json",
        {"kind": "merged", "model_type": "qwen2", "template": "qwen", "base": {"id": "pocket-tiny", "path": str(base)}},
    )
    job2 = Jobs(ws).submit("deploy", ["true"], start=False, meta={"base": "merged-dpo", "served_name": "merged-dpo"})
    entries = list_models(ws)
    assert deployments.comparison_base(entries, deployments.Deployment.from_job(job2)).id == "pocket-tiny"
    assert sorted(e.id for e in deployments.unserved_runs(ws, deployments.Deployment.from_job(job2))) == sorted(
        [sft.id, dpo.id]
    )
    (job.run_dir / engine.CONFIG).write_text(yaml.safe_dump({"model": "Qwen/Qwen2.5-7B-Instruct"}))
    assert deployments.endpoint(dep).window is None  # a hub id: the studio cannot tell


def test_a_server_that_serves_none_of_our_names_is_not_called_ready(ws):
    # Two studios on one machine: until this deployment's own server listens, another may answer on its port.
    for models, ready in ((("their-model",), False), (("pocket-tiny", "dpo-x"), True)):
        server = FakeServer(models=models)
        try:
            port = int(server.url.rsplit(":", 1)[1].split("/")[0])
            job = Jobs(ws).submit(
                "deploy",
                ["true"],
                start=False,
                meta={"base": "pocket-tiny", "served_name": "pocket-tiny", "port": port, "adapters": {"dpo-x": "x"}},
            )
            h = deployments.health(deployments.Deployment.from_job(job))
            assert h.ok is ready, h
            assert ready or "their-model" in h.error
        finally:
            server.close()
