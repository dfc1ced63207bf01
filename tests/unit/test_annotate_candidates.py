"""Replies written by models as annotation items: the settings and their sentences, which prompts are
read, how replies are paired (never two identical texts, never an empty one, models hidden from the
card), how ms-swift's result rows are matched back to prompts, and the `swift infer` config."""

from __future__ import annotations

import json
import random
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest

from studio.annotate import candidates as C
from studio.annotate import projects as A
from studio.core import db
from studio.core.i18n import UserError
from studio.core.workspace import Workspace
from studio.engine import generate as G
from studio.engine.export import Base

ROOT = Path(__file__).resolve().parents[2]


def write_dataset(ws: Workspace, ds_id: str, kind: str, rows: list[dict]) -> None:
    folder = ws.datasets / ds_id
    folder.mkdir(parents=True)
    (folder / "train.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    (folder / "card.json").write_text(json.dumps({"id": ds_id, "name": ds_id, "kind": kind}), "utf-8")


def conv(*turns: str) -> list[dict]:
    return [{"role": r, "content": t} for r, t in zip(["user", "assistant"] * len(turns), turns)]


P1, P2 = conv("好累"), conv("在吗", "在呢", "想你了")


# ------------------------------------------------------------------------------------------ settings


@pytest.mark.parametrize(
    "change, words",
    [
        ({"models": []}, "Choose 1 to 3 models"),
        ({"models": ["a", "b", "c", "d"]}, "Choose 1 to 3 models"),
        ({"n": 0}, "“replies per prompt” must be between 1 and 8, not 0"),
        ({"n": "many"}, "“replies per prompt” must be between 1 and 8, not many"),
        ({"temperature": 3}, "“temperature” must be between 0.05 and 2.0, not 3"),
        ({"max_new_tokens": 4}, "“longest reply (tokens)” must be between 8 and 2048, not 4"),
        ({"dataset": ""}, "Choose a prompts dataset"),
        ({"models": ["base"], "n": 1}, "With one model, each prompt needs at least 2 replies"),
        ({"seed": -1}, "“seed” must be between 0 and 2147483647, not -1"),
        ({"max_prompts": "x"}, "“prompts to use at most” must be between 1 and 2000, not x"),
    ],
)
def test_bad_settings_get_a_sentence_naming_the_setting(change, words):
    kw = {"project": "p", "dataset": "d", "models": ["base", "sft"], **change}
    with pytest.raises(UserError) as e:
        C.GenerateSettings(**kw)
    assert words in e.value.text("en") and e.value.text("zh") != e.value.text("en")


def test_settings_are_normalised():
    s = C.GenerateSettings(" p ", "d", ["base", " base", "sft@3", ""], n=2.0, temperature="0.7", max_new_tokens=64.0)
    assert (s.project, s.models, s.n, s.temperature, s.max_new_tokens) == ("p", ["base", "sft@3"], 2, 0.7, 64)
    assert isinstance(s.n, int) and isinstance(s.max_new_tokens, int)


# ------------------------------------------------------------------------------------------ pairing


def pairs_of(items):
    return [(it.prompt, {it.reply_a, it.reply_b}, {it.source_a, it.source_b}) for it in items]


def test_several_models_pair_kth_with_kth_and_skip_identical_or_empty_replies():
    replies = {
        "base": [["b0", "same", "b2"], ["x0"]],
        "sft": [["s0", "same", "  "], ["y0"]],
        "dpo": [["d0", "d1", "d2"], []],
    }
    items = C.pair_items([P1, P2], replies, random.Random(1), {"job": "J"})
    got = pairs_of(items)
    m = lambda *xs: {f"model:{x}" for x in xs}  # noqa: E731
    assert got == [
        (P1, {"b0", "s0"}, m("base", "sft")),  # sample 1: identical texts, not paired
        (P1, {"b0", "d0"}, m("base", "dpo")),
        (P1, {"same", "d1"}, m("base", "dpo")),
        (P1, {"b2", "d2"}, m("base", "dpo")),
        (P1, {"s0", "d0"}, m("sft", "dpo")),
        (P1, {"same", "d1"}, m("sft", "dpo")),  # sft's 3rd is blank
        (P2, {"x0", "y0"}, m("base", "sft")),  # dpo gave nothing for P2
    ]
    it = items[0]
    assert it.meta["job"] == "J" and it.meta["prompt"] == 0 and sorted(it.meta["models"]) == ["base", "sft"]
    # The sample numbers follow their reply whichever slot it landed in.
    for it in items:
        for slot, model, sample in zip((it.reply_a, it.reply_b), it.meta["models"], it.meta["samples"]):
            assert replies[model][it.meta["prompt"]][sample] == slot


def test_one_model_pairs_its_distinct_replies_two_by_two():
    replies = {"base": [["a", "a ", "b", "", "c", "d", "e"], ["only"]]}
    items = C.pair_items([P1, P2], replies, random.Random(0))
    assert [({it.reply_a.strip(), it.reply_b.strip()}) for it in items] == [{"a", "b"}, {"c", "d"}]
    assert all(it.source_a == it.source_b == "model:base" for it in items)


def test_which_reply_is_a_is_drawn_at_random_and_repeatable():
    replies = {"base": [[f"b{k}"] for k in range(40)], "sft": [[f"s{k}"] for k in range(40)]}
    prompts = [conv(f"p{k}") for k in range(40)]
    first = [it.source_a for it in C.pair_items(prompts, replies, random.Random(7))]
    again = [it.source_a for it in C.pair_items(prompts, replies, random.Random(7))]
    assert first == again
    assert 10 <= first.count("model:base") <= 30  # both orders occur (40 fair draws)


def test_the_card_never_shows_which_model_wrote_a_reply(ws):
    with closing(db.connect(ws.db_path)) as con:
        items = C.pair_items([P1], {"secret-base": [["one"]], "secret-sft": [["two"]]}, random.Random(0))
        p = A.create_project(con, "gen", source="generate:J", items=items)
        a, _ = A.add_annotator(con, p, "Mia")
        screen = A.next_item(con, p, a)
        assert {screen.left, screen.right} == {"one", "two"}
        assert "secret" not in json.dumps(screen.__dict__, ensure_ascii=False)
        # The owner keeps the sources (and a CSV sheet shows them).
        assert {A.list_items(con, p)[0].source_a, A.list_items(con, p)[0].source_b} == {
            "model:secret-base",
            "model:secret-sft",
        }


# ------------------------------------------------------------------------------------------ prompts


def test_prompts_from_conversations_and_pairs_once_each_and_kto_refused(ws):
    write_dataset(
        ws,
        "chats",
        "sft",
        [
            {"messages": conv("好累", "抱抱")},
            {"messages": conv("好累", "去睡")},
            {"messages": conv("在吗", "在呢", "想你了", "我也想你")},
        ],
    )
    assert C.read_prompts(ws, "chats") == [conv("好累"), conv("在吗", "在呢", "想你了")]
    assert C.read_prompts(ws, "chats", limit=1) == [conv("好累")]
    write_dataset(ws, "prefs", "pairs", [{"messages": conv("下雨了", "我去接你"), "rejected_response": "哦"}])
    assert C.read_prompts(ws, "prefs") == [conv("下雨了")]
    write_dataset(ws, "k", "kto", [{"messages": conv("hi", "hello"), "label": True}])
    with pytest.raises(UserError, match="KTO data"):
        C.read_prompts(ws, "k")
    with pytest.raises(UserError, match="No dataset 'nope'"):
        C.read_prompts(ws, "nope")


def test_submit_refuses_an_unknown_model_before_making_anything(ws):
    write_dataset(ws, "chats", "sft", [{"messages": conv("好累", "抱抱")}])
    with pytest.raises(UserError, match="No model “ghost”"):
        C.submit(ws, C.GenerateSettings("g", "chats", ["ghost"], n=2))
    with closing(db.connect(ws.db_path)) as con:
        assert A.list_projects(con) == []
    assert not list(ws.runs.iterdir())


def test_a_taken_project_name_stops_submit_with_nothing_written(ws):
    write_dataset(ws, "chats", "sft", [{"messages": conv("好累", "抱抱")}])
    (ws.models / "m").mkdir()
    (ws.models / "m" / "model.json").write_text(json.dumps({"id": "m", "kind": "base", "name": "m"}), "utf-8")
    with closing(db.connect(ws.db_path)) as con:
        A.create_project(con, "taken")
    with pytest.raises(UserError, match="already exists"):
        C.submit(ws, C.GenerateSettings("taken", "chats", ["m"], n=2))
    assert not list(ws.runs.iterdir())


def test_cli_bad_input_is_one_sentence_and_exit_1(ws):
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "studio.cli",
            "--workspace",
            str(ws.root),
            "--lang",
            "en",
            "annotate",
            "generate",
            "--name",
            "g",
            "--dataset",
            "nope",
            "--model",
            "m",
            "--n",
            "0",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 1 and "Traceback" not in out.stderr
    assert out.stderr.strip() == "qixi: “replies per prompt” must be between 1 and 8, not 0."


# ------------------------------------------------------------------------------------------ engine


def test_infer_config_and_prompt_file(tmp_path):
    spec = G.InferSpec(
        Base("/m/base", "qwen2", "qwen"), "/runs/r/checkpoint-3", tmp_path / "p.jsonl", tmp_path / "r.jsonl", 0.8, 64, 5
    )
    argv = G.write(tmp_path / "infer.yaml", spec)
    assert argv[-2:] == ["infer", str(tmp_path / "infer.yaml")] and argv[1:4] == ["-m", "studio.engine.swift", "exec"]
    cfg = G.infer_config(spec)
    assert cfg["adapters"] == ["/runs/r/checkpoint-3"] and cfg["val_dataset"] == [str(tmp_path / "p.jsonl")]
    assert (cfg["temperature"], cfg["max_new_tokens"], cfg["seed"], cfg["result_path"]) == (
        0.8,
        64,
        5,
        str(tmp_path / "r.jsonl"),
    )
    assert G.infer_config(G.InferSpec(Base("/m"), None, Path("p"), Path("r"), 1, 8, 0))["adapters"] is None
    G.write_prompts(tmp_path / "p.jsonl", [P1, P2], 2)
    rows = [json.loads(x) for x in (tmp_path / "p.jsonl").read_text().splitlines()]
    assert [r["messages"] for r in rows] == [P1, P1, P2, P2]


def test_results_are_matched_to_prompts_by_their_messages(tmp_path):
    path = tmp_path / "r.jsonl"
    rows = [
        {"response": "r1", "messages": P1 + [{"role": "assistant", "content": "r1"}]},
        {"response": "r2", "messages": P2 + [{"role": "assistant", "content": "r2"}]},
        {"response": "r3", "messages": P1 + [{"role": "assistant", "content": "r3"}]},
        {"response": "x", "messages": conv("unknown") + [{"role": "assistant", "content": "x"}]},
    ]
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows) + '{"response": "torn', "utf-8")
    assert G.read_results(path, [P1, P2]) == [["r1", "r3"], ["r2"]]
    assert G.read_results(tmp_path / "missing.jsonl", [P1]) == [[]]
