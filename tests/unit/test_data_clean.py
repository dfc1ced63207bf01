"""Cleaning: duplicates, empty texts, role order, identical pairs, length, traditional -> simplified."""

from __future__ import annotations

import pytest

from studio.core.i18n import UserError
from studio.data.clean import CleanPolicy, Measurer, clean_rows, fix_order, order_ok
from studio.data.rows import Row

U = lambda t: {"role": "user", "content": t}  # noqa: E731
A = lambda t: {"role": "assistant", "content": t}  # noqa: E731
S = lambda t: {"role": "system", "content": t}  # noqa: E731


def rows(*datas, file="d.jsonl"):
    return [Row(d, file, i + 1) for i, d in enumerate(datas)]


def run(datas, **policy):
    out, report = clean_rows(rows(*datas), CleanPolicy(**policy))
    return [r.data for r in out], report


def test_exact_and_near_duplicates_name_both_lines():
    datas = [
        {"messages": [U("在吗"), A("在呢")]},
        {"messages": [U("在吗"), A("在呢")]},
        {"messages": [U("在吗？"), A("在呢 ")]},
        {"messages": [U("在吗"), A("在呀")]},
    ]
    out, rep = run(datas)
    assert out == [datas[0], datas[3]]
    assert [(p.kind, p.line, p.action) for p in rep.problems] == [
        ("exact_duplicate", 2, "drop"),
        ("near_duplicate", 3, "drop"),
    ]
    assert rep.problems[0].text("zh") == "d.jsonl 第 2 行：完全重复（与 d.jsonl 第 1 行相同），已删除"
    assert rep.problems[1].text("en").startswith("d.jsonl line 3: near duplicate")
    out, rep = run(datas, actions={"near_duplicate": "keep", "exact_duplicate": "keep"})
    assert len(out) == 4 and rep.counts() == {"exact_duplicate": {"keep": 1}, "near_duplicate": {"keep": 1}}


def test_empty_fields():
    datas = [
        {"messages": [S("  "), U("hi"), A("hello")]},
        {"messages": [U(" \n"), A("orphan")]},
        {"messages": [U("q"), A("chosen")], "rejected_response": "   "},
    ]
    out, rep = run(datas)
    assert out == [{"messages": [U("hi"), A("hello")]}]
    assert [(p.kind, p.line, p.action) for p in rep.problems] == [
        ("empty", 1, "fix"),
        ("empty", 2, "fix"),
        ("role_order", 2, "drop"),
        ("empty", 3, "drop"),
    ]
    out, _ = run(datas, actions={"empty": "keep", "role_order": "keep"})
    assert len(out) == 3


def test_role_order_fix_drop_keep():
    assert order_ok([S("s"), U("a"), A("b")]) and not order_ok([U("a"), U("b"), A("c")]) and not order_ok([U("a")])
    assert fix_order([A("hi"), U("a"), U("b"), A("c"), S("late"), U("d")]) == [S("late"), U("a\nb"), A("c")]
    datas = [{"messages": [U("a"), U("b"), A("c")]}]
    assert run(datas)[0] == [{"messages": [U("a\nb"), A("c")]}]
    assert run(datas, actions={"role_order": "drop"})[0] == []
    assert run(datas, actions={"role_order": "keep"})[0] == datas


def test_chosen_equals_rejected():
    datas = [
        {"messages": [U("q1"), A("好的")], "rejected_response": "好的"},
        {"messages": [U("q2"), A("好的 呀")], "rejected_response": "好的  呀\n"},
        {"messages": [U("q3"), A("x" * 50 + "甲")], "rejected_response": "x" * 50 + "乙"},
        {"messages": [U("q4"), A("抱抱")], "rejected_response": "嗯"},
    ]
    out, rep = run(datas)
    assert out == [datas[2], datas[3]]
    assert [(p.kind, p.line) for p in rep.problems] == [("same_pair", 1), ("same_pair", 2)]
    assert "identical apart from spaces" in rep.problems[1].text("en")
    # cut to 40 characters of training length the third pair has the same two replies
    out, rep = run(datas, max_length=40, length_unit="chars")
    assert out == [datas[3]]
    assert rep.problems[-1].kind == "same_pair" and "40" in rep.problems[-1].text("zh")
    out, _ = run(datas, actions={"same_pair": "keep"})
    assert len(out) == 4


def test_too_long_trims_oldest_rounds_or_drops():
    long_chat = {"messages": [S("sys"), U("a" * 30), A("b" * 30), U("c" * 10), A("d" * 10)]}
    too_long = {"messages": [U("x" * 100), A("y")]}
    out, rep = run([long_chat, too_long], max_length=30, length_unit="chars")
    assert out == [{"messages": [S("sys"), U("c" * 10), A("d" * 10)]}]
    assert [(p.kind, p.line, p.action) for p in rep.problems] == [("too_long", 1, "fix"), ("too_long", 2, "drop")]
    assert "83 字 > 30" in rep.problems[0].text("zh")
    out, _ = run([long_chat, too_long], max_length=30, length_unit="chars", actions={"too_long": "keep"})
    assert len(out) == 2


def _word_tokenizer(tmp_path):
    from tokenizers import Tokenizer
    from tokenizers.models import WordLevel
    from tokenizers.pre_tokenizers import Whitespace

    vocab = {"[UNK]": 0, **{w: i + 1 for i, w in enumerate("hello there my dear friend how are you".split())}}
    tok = Tokenizer(WordLevel(vocab, unk_token="[UNK]"))
    tok.pre_tokenizer = Whitespace()
    path = tmp_path / "tokenizer.json"
    tok.save(str(path))
    return path


def test_token_counts_with_tokenizer_json(tmp_path):
    m = Measurer("tokens", _word_tokenizer(tmp_path))
    assert m.exact and m.count("hello there my dear friend") == 5
    assert Measurer("tokens").count("你好 hello") == 4  # approximate: 2 CJK + 2 Latin chunks
    assert Measurer("chars").count("你好 hello") == 8
    data = {"messages": [U("hello"), A("hello there my dear friend")]}
    # 1 + 5 tokens + 4 per message = 14
    out, rep = clean_rows(rows(data), CleanPolicy(max_length=16, tokenizer_path=str(_word_tokenizer(tmp_path))))
    assert len(out) == 1 and rep.exact_tokens
    pair = {
        "messages": [U("hello there my dear friend how are you"), A("my dear friend how")],
        "rejected_response": "my dear friend you",
    }
    tok = str(tmp_path / "tokenizer.json")
    # the prompt takes 8 + 4 tokens, the reply's own overhead 4: 19 leaves 3 tokens, "my dear friend" in both
    out, rep = clean_rows(rows(pair), CleanPolicy(max_length=19, tokenizer_path=tok))
    assert out == [] and [p.kind for p in rep.problems] == ["same_pair"]
    out, rep = clean_rows(rows(pair), CleanPolicy(max_length=20, tokenizer_path=tok))
    assert len(out) == 1 and rep.problems == []
    with pytest.raises(UserError) as ei:
        Measurer("tokens", tmp_path / "missing.json")
    assert "missing.json" in ei.value.msg.zh


def test_traditional_to_simplified():
    out, rep = run([{"messages": [U("開車小心"), A("謝謝你")]}, {"messages": [U("好"), A("嗯")]}], to_simplified=True)
    assert out[0] == {"messages": [U("开车小心"), A("谢谢你")]}
    assert rep.simplified == 1 and "1 条已转为简体" in rep.summary("zh")


def test_report_summary_and_dict():
    _, rep = run([{"messages": [U("a"), A("b")]}] * 3)
    s = rep.summary("en")
    assert (
        s.startswith("3 rows in, 1 kept.") and "d.jsonl line 3: exact duplicate (same as d.jsonl line 1) - dropped" in s
    )
    d = rep.to_dict()
    assert d["rows_in"] == 3 and d["rows_out"] == 1 and d["counts"] == {"exact_duplicate": {"drop": 2}}
    assert d["problems"][0]["file"] == "d.jsonl" and d["problems"][0]["line"] == 2


def test_policy_validation():
    with pytest.raises(UserError):
        CleanPolicy(actions={"bogus": "drop"})
    with pytest.raises(UserError):
        CleanPolicy(actions={"empty": "delete"})
    with pytest.raises(UserError):
        CleanPolicy(length_unit="words")
    assert CleanPolicy(actions={"exact_duplicate": "fix"}).action("exact_duplicate") == "drop"
