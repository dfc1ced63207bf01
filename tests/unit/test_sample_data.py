"""The bundled sample data in assets/sample/: counts, ms-swift format, a clean held-out split, language
share, variety, length budget, and that generate.py rebuilds the files byte for byte."""

import importlib.util
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

SAMPLE = Path(__file__).resolve().parents[2] / "assets" / "sample"
SPLITS = ("sft", "sft_heldout", "pairs", "pairs_heldout")
CJK = re.compile(r"[\u4e00-\u9fff]")
# Dependency-pushing phrases the companion must never say (they may appear only as rejected replies).
DEPENDENCY = ("只需要我", "有我就够了", "有我陪你就行", "you only need me", "you have me", "you don't need friends")


def load(split: str) -> list[dict]:
    rows = []
    for no, line in enumerate((SAMPLE / f"{split}.jsonl").read_text(encoding="utf-8").splitlines(), 1):
        assert line.strip(), f"{split}.jsonl line {no} is empty"
        rows.append(json.loads(line))
    return rows


@pytest.fixture(scope="module")
def data() -> dict[str, list[dict]]:
    return {split: load(split) for split in SPLITS}


def is_zh(row: dict) -> bool:
    return bool(CJK.search(row["messages"][0]["content"]))


def size(text: str, zh: bool) -> int:
    return len(text) if zh else len(text.split())


def test_counts(data):
    sft = len(data["sft"]) + len(data["sft_heldout"])
    pairs = len(data["pairs"]) + len(data["pairs_heldout"])
    assert sft >= 400
    assert pairs >= 300 and len(data["pairs"]) >= 300
    assert len(data["pairs_heldout"]) >= 40
    assert 0.08 <= len(data["sft_heldout"]) / sft <= 0.12
    situations = json.loads((SAMPLE / "situations.json").read_text(encoding="utf-8"))["situations"]
    assert len(situations) >= 40


def test_situations_card_matches_files(data):
    card = json.loads((SAMPLE / "situations.json").read_text(encoding="utf-8"))
    ids = [s["id"] for s in card["situations"]]
    assert len(ids) == len(set(ids))
    for s in card["situations"]:
        assert s["zh"] and s["en"] and CJK.search(s["zh"]) and not CJK.search(s["en"])
        # every situation is trained on and also tested on
        assert s["counts"]["sft"] > 0 and s["counts"]["pairs"] > 0
        assert s["counts"]["sft_heldout"] + s["counts"]["pairs_heldout"] > 0
    for split in SPLITS:
        assert sum(s["counts"][split] for s in card["situations"]) == len(data[split])
        zh = sum(map(is_zh, data[split]))
        assert card["totals"][split] == {"total": len(data[split]), "zh": zh, "en": len(data[split]) - zh}


@pytest.mark.parametrize("split", ["sft", "sft_heldout"])
def test_sft_format(data, split):
    for row in data[split]:
        assert set(row) == {"messages"}
        msgs = row["messages"]
        assert len(msgs) >= 2 and len(msgs) % 2 == 0
        for i, m in enumerate(msgs):
            assert set(m) == {"role", "content"}
            assert m["role"] == ("user" if i % 2 == 0 else "assistant")
            assert isinstance(m["content"], str) and m["content"].strip() == m["content"] and m["content"]


@pytest.mark.parametrize("split", ["pairs", "pairs_heldout"])
def test_pairs_format(data, split):
    for row in data[split]:
        assert set(row) == {"messages", "rejected_response"}
        user, chosen = row["messages"]
        assert user["role"] == "user" and chosen["role"] == "assistant"
        assert set(user) == set(chosen) == {"role", "content"}
        rejected = row["rejected_response"]
        assert user["content"] and chosen["content"] and rejected.strip()
        assert chosen["content"] != rejected
        # the cold reply is the short one: it must not be a warm reply in disguise
        assert len(rejected) < len(chosen["content"])


def test_heldout_prompts_never_seen_in_training(data):
    train = {
        m["content"]
        for split in ("sft", "pairs")
        for row in data[split]
        for m in row["messages"]
        if m["role"] == "user"
    }
    train_first = {row["messages"][0]["content"] for split in ("sft", "pairs") for row in data[split]}
    for split in ("sft_heldout", "pairs_heldout"):
        for row in data[split]:
            assert row["messages"][0]["content"] not in train
    # and no prompt is repeated inside the training data either
    firsts = [row["messages"][0]["content"] for split in ("sft", "pairs") for row in data[split]]
    assert len(firsts) == len(train_first)


def test_language_share(data):
    for kind in ("sft", "pairs"):
        rows = data[kind] + data[f"{kind}_heldout"]
        share = sum(map(is_zh, rows)) / len(rows)
        assert 0.68 <= share <= 0.82, (kind, share)
        # both held-out splits test both languages
        assert {is_zh(r) for r in data[f"{kind}_heldout"]} == {True, False}
        # a dialogue stays in one language
        for row in rows:
            texts = [m["content"] for m in row["messages"]] + [row.get("rejected_response", "")]
            assert all(bool(CJK.search(t)) == is_zh(row) for t in texts if t)


def test_variety(data):
    rows = [r for split in SPLITS for r in data[split]]
    replies = [m["content"] for r in rows for m in r["messages"] if m["role"] == "assistant"]
    firsts = [r["messages"][0]["content"] for r in rows]
    assert len(set(replies)) / len(replies) >= 0.9
    assert len(set(firsts)) / len(firsts) >= 0.8
    sft = data["sft"] + data["sft_heldout"]
    two_turn = sum(len(r["messages"]) > 2 for r in sft) / len(sft)
    assert 0.2 <= two_turn <= 0.6, two_turn
    # the rejected side is not one stamp either
    assert len({r["rejected_response"] for r in data["pairs"]}) >= 60


def test_length_budget(data):
    """A pocket model with a 256-token context trains on this: whole dialogues stay short, and most
    replies are 20-120 Chinese characters or 15-60 English words (second-turn replies may be briefer)."""
    in_range = {True: 0, False: 0}
    total = {True: 0, False: 0}
    for split in SPLITS:
        for row in data[split]:
            zh = is_zh(row)
            whole = sum(size(m["content"], zh) for m in row["messages"])
            assert whole <= (200 if zh else 120), row
            for m in row["messages"]:
                if m["role"] == "assistant":
                    low, high = (20, 120) if zh else (15, 60)
                    total[zh] += 1
                    in_range[zh] += low <= size(m["content"], zh) <= high
                    assert size(m["content"], zh) <= high
    assert in_range[True] / total[True] >= 0.9
    assert in_range[False] / total[False] >= 0.75


def test_companion_never_pushes_dependency(data):
    for split in SPLITS:
        for row in data[split]:
            for m in row["messages"]:
                if m["role"] == "assistant":
                    assert not any(p in m["content"].lower() for p in DEPENDENCY), m["content"]
    # ...while some rejected replies do, so preference training learns to avoid it
    rejected = [r["rejected_response"].lower() for s in ("pairs", "pairs_heldout") for r in data[s]]
    assert any(p in t for t in rejected for p in DEPENDENCY)


def test_generator_rebuilds_identical_files(tmp_path):
    subprocess.run(
        [sys.executable, str(SAMPLE / "generate.py"), "--out", str(tmp_path)],
        check=True,
        capture_output=True,
        timeout=120,
    )
    for name in [f"{s}.jsonl" for s in SPLITS] + ["situations.json"]:
        assert (tmp_path / name).read_bytes() == (SAMPLE / name).read_bytes(), name


def test_generator_names_the_bad_fragment_line(monkeypatch):
    spec = importlib.util.spec_from_file_location("sample_generate", SAMPLE / "generate.py")
    gen = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, spec.name, gen)  # dataclasses look their module up while it loads
    spec.loader.exec_module(gen)
    text = "== demo | 示例 | Demo | neg\nzu 今天好累\nxx 这一行的键不对\n"
    with pytest.raises(ValueError, match="line 3"):
        gen.parse_fragments(text)
    with pytest.raises(ValueError, match="needs at least"):
        gen.parse_fragments("== demo | 示例 | Demo | neg\nzu 今天好累\n")


def test_pocket_model_never_answers_a_partner_warmly(data):
    """The pocket model reads the caring replies only as bare text, never as the answer to a partner's line;
    in a conversation it learns the cold replies. So SFT and DPO on this data have something real to teach
    it (studio.models.pocket.training_rows)."""
    from studio.models import pocket

    rows = [r["messages"] for r in pocket.training_rows(pocket.sample_files(SAMPLE))]
    caring = {
        m["content"] for s in ("sft", "pairs") for r in data[s] for m in r["messages"] if m["role"] == "assistant"
    }
    in_chat = [m["content"] for r in rows if any(m["role"] == "user" for m in r) for m in r]
    assert not any(c in t for t in in_chat for c in caring)
    bare = {r[0]["content"] for r in rows if len(r) == 1}
    assert caring <= bare
    # Every training prompt is answered with its cold reply.
    answers = {(r[-2]["content"], r[-1]["content"]) for r in rows if len(r) > 1}
    for r in data["pairs"]:
        assert (r["messages"][-2]["content"], r["rejected_response"]) in answers
    # No held-out prompt (held-out replies reuse the training fragments, so only prompts are unique).
    text = "\n".join(m["content"] for r in rows for m in r)
    assert not any(r["messages"][0]["content"] in text for s in ("sft_heldout", "pairs_heldout") for r in data[s])
