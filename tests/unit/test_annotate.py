"""Annotation domain: labels, undo/skip/resume, agreement, exports, tokens, concurrency, crashes."""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from dataclasses import asdict
from pathlib import Path

import pytest

from studio.annotate import projects as A
from studio.core import db
from studio.core.i18n import UserError
from studio.core.workspace import OutsideWorkspace, atomic_write_jsonl

REPO = Path(__file__).resolve().parents[2]
SYSTEM = {"role": "system", "content": "你是一个温柔的伴侣。"}


@pytest.fixture
def con(ws):
    c = db.connect(ws.db_path)
    yield c
    c.close()


def make_items(n: int, with_system: bool = False) -> list[A.Item]:
    return [
        A.Item(
            ([SYSTEM] if with_system else []) + [{"role": "user", "content": f"问题 {i}"}],
            f"reply A{i}",
            f"reply B{i}",
            "model-x",
            "model-y",
            {"n": i},
        )
        for i in range(n)
    ]


def project_with(con, n: int, partners=("小明", "小红"), **kw):
    p = A.create_project(con, "p", source="test", items=make_items(n, **kw))
    people = [A.add_annotator(con, p, name)[0] for name in partners]
    return p, people, A.list_items(con, p)


# --------------------------------------------------------------------------------------------- agreement


def test_kappa_and_agreement_hand_checked(con):
    p, (x, y), items = project_with(con, 11)
    said = [
        ("a", "a"),
        ("a", "a"),
        ("a", "a"),
        ("a", "b"),
        ("b", "b"),
        ("b", "b"),
        ("b", "tie"),
        ("tie", "tie"),
        ("both_bad", "both_bad"),
        ("a", "both_bad"),
    ]
    # By hand: 7 of 10 agree (items 1,2,3,5,6,8,9) -> p_o = 0.7.
    # x's marginals a=5 b=3 tie=1 both_bad=1; y's a=3 b=3 tie=2 both_bad=2.
    # p_e = (5*3 + 3*3 + 1*2 + 1*2) / 10^2 = 28/100 = 0.28.
    # kappa = (0.7 - 0.28) / (1 - 0.28) = 0.42 / 0.72 = 7/12 = 0.58333...
    for it, (cx, cy) in zip(items, said):
        # x answers in screen terms: the stored label must still be the reply x meant.
        side = "left" if A.left_reply(it.id, x.id) == cx else "right"
        A.label(con, p, x, it.id, side if cx in ("a", "b") else cx)
        A.label(con, p, y, it.id, cy)
    A.label(con, p, x, items[10].id, "a")  # only one partner: not in the comparison
    A.skip(con, p, y, items[10].id)
    ag = A.agreement(con, p)
    assert (ag.annotator_x, ag.annotator_y) == ("小明", "小红")
    assert ag.n == 10 and ag.agreed == 7
    assert ag.rate == pytest.approx(0.7)
    assert ag.kappa == pytest.approx(7 / 12)
    assert ag.matrix[0] == [3, 1, 0, 1]  # x said a: y said a 3x, b 1x, both_bad 1x
    assert [(d.position, d.choice_x, d.choice_y) for d in ag.disagreements] == [
        (4, "a", "b"),
        (7, "b", "tie"),
        (10, "a", "both_bad"),
    ]
    assert all(d.resolution is None for d in ag.disagreements)
    A.resolve(con, p, items[3].id, "b")
    assert A.agreement(con, p).disagreements[0].resolution == "b"
    assert A.agreement(con, p).n == 10  # the resolution is not a partner


def test_kappa_edge_cases():
    assert A.cohen_kappa([]) == (None, None, [[0] * 4 for _ in range(4)])
    rate, kappa, _ = A.cohen_kappa([("a", "a")] * 5)
    assert rate == 1.0 and kappa is None  # chance agreement is 1: kappa undefined
    rate, kappa, _ = A.cohen_kappa([("a", "b"), ("b", "a")])
    assert rate == 0.0 and kappa == pytest.approx(-1.0)


# --------------------------------------------------------------------------------------------- labelling


def test_undo_skip_resume_order(ws, con):
    p, (x, y), items = project_with(con, 5)
    ids = [it.id for it in items]
    assert A.next_item(con, p, x).item_id == ids[0]
    A.label(con, p, x, ids[0], "a", note="温柔")
    A.skip(con, p, x, ids[1])
    assert A.next_item(con, p, x).item_id == ids[2]
    assert A.next_item(con, p, y).item_id == ids[0]  # y is independent
    assert A.progress(con, p, x) == A.Progress(labelled=1, skipped=1, total=5)

    # "restart": a fresh connection continues where x left off
    con2 = db.connect(ws.db_path)
    s = A.next_item(con2, p.name, x.id)
    assert (s.item_id, s.position, s.total, s.current) == (ids[2], 3, 5, None)
    con2.close()

    back = A.go_back(con, p, x, ids[2])
    assert (back.item_id, back.current) == (ids[1], "skip")
    back = A.go_back(con, p, x, ids[1])
    assert back.item_id == ids[0] and back.note == "温柔"
    assert back.current == ("left" if A.left_reply(ids[0], x.id) == "a" else "right")
    assert A.go_back(con, p, x, ids[0]) is None
    assert A.go_back(con, p, x).item_id == ids[4]  # from the end: the last item

    u = A.undo(con, p, x)  # the latest action was the skip
    assert u.item_id == ids[1]
    assert A.next_item(con, p, x).item_id == ids[1]

    # relabel item 0, then undo that: the earlier label is current again
    A.label(con, p, x, ids[0], "b", better_reply="我一直在。")
    assert A.screen(con, p, x, ids[0]).better_reply == "我一直在。"
    A.undo(con, p, x, ids[0])
    cur = A.screen(con, p, x, ids[0])
    assert cur.better_reply is None and cur.note == "温柔"
    A.undo(con, p, x, ids[0])
    assert A.screen(con, p, x, ids[0]).current is None
    assert A.next_item(con, p, x).item_id == ids[0]
    assert A.undo(con, p, x) is None  # nothing left to undo
    assert A.progress(con, p, x) == A.Progress(0, 0, 5)

    # history is append-only: 4 actions + 3 undos, nothing can be changed or removed
    kinds = [r[0] for r in con.execute("SELECT kind FROM annotate_events WHERE annotator_id = ? ORDER BY id", (x.id,))]
    assert kinds == ["label", "skip", "undo", "label", "undo", "undo"]
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        con.execute("DELETE FROM annotate_events")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        con.execute("UPDATE annotate_events SET choice = 'b'")


def test_screen_order_is_per_item_and_annotator_and_hides_sources(con):
    p, (x, y), items = project_with(con, 200)
    lefts_x = [A.left_reply(it.id, x.id) for it in items]
    lefts_y = [A.left_reply(it.id, y.id) for it in items]
    assert lefts_x == [A.left_reply(it.id, x.id) for it in items]  # deterministic
    assert 70 < lefts_x.count("a") < 130  # both orders are used
    assert lefts_x != lefts_y  # differs per annotator
    for it in items[:20]:
        s = A.screen(con, p, x, it.id)
        assert {s.left, s.right} == {it.reply_a, it.reply_b}
        assert s.left == (it.reply_a if A.left_reply(it.id, x.id) == "a" else it.reply_b)
        assert "model-x" not in json.dumps(asdict(s)) and "model-y" not in json.dumps(asdict(s))
        ack = A.label(con, p, x, it.id, "left")
        assert ack.choice == A.left_reply(it.id, x.id)  # stored in reply terms
        assert A.screen(con, p, x, it.id).current == "left"
    with pytest.raises(UserError):
        A.label(con, p, x, items[0].id, "maybe")
    with pytest.raises(UserError):
        A.resolve(con, p, items[0].id, "left")  # resolutions use reply terms


def test_written_replies_fill_the_empty_slot(con):
    p = A.create_project(
        con, "w", items=[A.Item("今天好累", "早点休息吧。", None, "qwen", ""), A.Item("想你了", None, None)]
    )
    x, _ = A.add_annotator(con, p, "x")
    first, second = A.list_items(con, p)
    assert A.progress(con, p, x).total == 0 and A.next_item(con, p, x) is None  # nothing complete yet
    with pytest.raises(UserError):
        A.label(con, p, x, first.id, "a")
    assert A.add_written_reply(con, p, first.id, "辛苦啦，抱抱你。", author="小红") == "b"
    with pytest.raises(UserError):
        A.add_written_reply(con, p, first.id, "再来一条", author="小红")
    assert A.add_written_reply(con, p, second.id, "我也想你。", author="小明") == "a"
    rec = A.list_items(con, p)[0]
    assert (rec.reply_b, rec.source_b) == ("辛苦啦，抱抱你。", "written:小红")
    s = A.next_item(con, p, x)
    assert s.item_id == first.id and s.total == 1
    assert "小红" not in json.dumps(asdict(s))


def test_tokens_revocable_resettable_and_shown_again(con):
    p, (x, _), items = project_with(con, 2)
    a, token = A.add_annotator(con, p, "第三人")
    assert len(token) >= 32 and A.link_path(token) == f"/label/?annotator={token}"
    assert A.annotator_by_token(con, token).id == a.id
    # Looked up by its sha256 (computed here with hashlib, not the module's helper) ...
    row = con.execute("SELECT token_hash FROM annotate_annotators WHERE id = ?", (a.id,)).fetchone()
    assert row[0] == hashlib.sha256(token.encode()).hexdigest()
    # ... and kept, so the owner sees every partner's current link again (a reload or restart loses none).
    assert A.partner_links(con, p)[-1] == A.PartnerLink("第三人", True, token)
    assert A.annotator_by_token(con, token + "x") is None and A.annotator_by_token(con, "") is None
    new = A.reset_token(con, p, "第三人")
    assert new != token and A.annotator_by_token(con, token) is None
    assert A.annotator_by_token(con, new).name == "第三人"
    assert [k.token for k in A.partner_links(con, p) if k.name == "第三人"] == [new]
    A.label(con, p, a, items[0].id, "a")
    A.revoke(con, p, a)
    assert A.annotator_by_token(con, new) is None
    assert A.partner_links(con, p)[-1] == A.PartnerLink("第三人", False, None)
    assert new not in repr([tuple(r) for r in con.execute("SELECT * FROM annotate_annotators")])  # gone once off
    with pytest.raises(UserError):
        A.label(con, p, a, items[1].id, "a")
    assert A.list_annotators(con, p)[-1].active is False
    assert A.reset_token(con, p, a.id) and A.list_annotators(con, p)[-1].active is True
    with pytest.raises(UserError):
        A.add_annotator(con, p, "第三人")
    with pytest.raises(UserError):
        A.add_annotator(con, p, A.RESOLUTION_NAME)
    with pytest.raises(UserError):
        A.create_project(con, "p")


def test_a_link_made_before_links_were_kept_still_works_and_says_so(tmp_path, monkeypatch):
    """A workspace from before migration 0011 held only the hash: after the upgrade the link still opens
    the card, and the owner is told it is valid but cannot be shown (token None), until renewed."""
    old = tmp_path / "migrations"
    old.mkdir()
    for f in sorted(db.MIGRATIONS.glob("*.sql")):
        if f.name < "0011":
            (old / f.name).write_text(f.read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.setattr(db, "MIGRATIONS", old)
    before = db.connect(tmp_path / "studio.db")
    pid = before.execute("INSERT INTO annotate_projects (name, created_at) VALUES ('旧的', 0)").lastrowid
    token = "an-old-link-of-43-characters-made-by-v0.10x"
    before.execute(
        "INSERT INTO annotate_annotators (project_id, name, role, token_hash, created_at)"
        " VALUES (?, '小红', 'partner', ?, 0)",
        (pid, hashlib.sha256(token.encode()).hexdigest()),
    )
    before.close()
    monkeypatch.undo()
    con = db.connect(tmp_path / "studio.db")
    try:
        assert A.annotator_by_token(con, token).name == "小红"
        assert A.partner_links(con, "旧的") == [A.PartnerLink("小红", True, None)]
        new = A.reset_token(con, "旧的", "小红")
        assert A.partner_links(con, "旧的") == [A.PartnerLink("小红", True, new)]
        assert A.annotator_by_token(con, token) is None
    finally:
        con.close()


# --------------------------------------------------------------------------------------------- import


def test_create_from_pairs_dataset_via_cli(ws):
    rows = [
        {
            "messages": [
                SYSTEM,
                {"role": "user", "content": "我今天被老板骂了"},
                {"role": "assistant", "content": "抱抱，想说说吗？"},
                {"role": "user", "content": "嗯"},
                {"role": "assistant", "content": "我在听，慢慢说。"},
            ],
            "rejected_response": "哦。",
        },
        {
            "messages": [{"role": "user", "content": "晚安"}, {"role": "assistant", "content": "晚安，好梦。"}],
            "rejected_response": "嗯",
        },
    ]
    atomic_write_jsonl(ws.datasets / "d1" / "train.jsonl", rows[:1])
    atomic_write_jsonl(ws.datasets / "d1" / "val.jsonl", rows[1:])
    parser = argparse.ArgumentParser()
    from studio.cli.annotate_cmd import add_parser

    add_parser(parser.add_subparsers(dest="command"))

    def run(*argv):
        args = parser.parse_args(list(argv))
        return args.func(args, ws)

    out = run("annotate", "create", "--dataset", "d1", "--name", "晚安项目")
    assert out["items"] == 2 and out["source"] == "dataset:d1"
    con = db.connect(ws.db_path)
    first, second = A.list_items(con, "晚安项目")
    assert first.prompt == rows[0]["messages"][:-1]  # all turns before the last reply
    assert (first.reply_a, first.reply_b) == ("我在听，慢慢说。", "哦。")
    assert (second.reply_a, second.reply_b) == ("晚安，好梦。", "嗯")
    link = run("annotate", "annotator", "add", "晚安项目", "小红")
    assert link["link"] == f"/label/?annotator={link['token']}"
    assert A.annotator_by_token(con, link["token"]).name == "小红"
    listed = run("annotate", "annotator", "list", "晚安项目")
    assert listed["annotators"][0]["link"] == link["link"] and link["link"] in listed["text"]  # shown again
    A.label(con, "晚安项目", "小红", first.id, "a")
    assert run("annotate", "list")["projects"][0]["labels"] == 1
    st = run("annotate", "stats", "晚安项目")
    assert st["annotators"][0]["labelled"] == 1 and "小红" in st["text"]
    exp = run("annotate", "export", "晚安项目", "--kind", "pairs")
    assert exp["counts"]["train"] == 1 and Path(exp["path"], "train.jsonl").exists()
    assert run("annotate", "export", "晚安项目", "--kind", "csv")["path"].endswith(".csv")
    assert run("annotate", "annotator", "revoke", "晚安项目", "小红")["active"] is False
    assert A.annotator_by_token(con, link["token"]) is None
    listed = run("annotate", "annotator", "list", "晚安项目")
    assert listed["annotators"][0]["link"] is None and link["token"] not in listed["text"]
    assert run("annotate", "archive", "晚安项目")["labels"] == 1
    assert run("annotate", "list")["projects"] == []
    assert [p["name"] for p in run("annotate", "list", "--archived")["projects"]] == ["晚安项目"]
    assert run("annotate", "restore", "晚安项目")["archived"] is False
    assert run("annotate", "list")["projects"][0]["labels"] == 1
    con.close()

    (ws.datasets / "bad").mkdir()
    (ws.datasets / "bad" / "train.jsonl").write_text(
        json.dumps(rows[0], ensure_ascii=False) + "\n\n" + json.dumps({"messages": rows[1]["messages"]}) + "\n",
        encoding="utf-8",
    )
    with pytest.raises(UserError) as e:
        run("annotate", "create", "--dataset", "bad", "--name", "x")
    assert "line 3" in e.value.msg.en and "rejected_response" in e.value.msg.en
    with pytest.raises(UserError):
        run("annotate", "create", "--dataset", "../..", "--name", "x")


# --------------------------------------------------------------------------------------------- export


def _read(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _export_fixture(con):
    """Eight items, labelled so that every export rule is exercised. Returns (project, items)."""
    p, (x, y), items = project_with(con, 8, with_system=True)
    i = [it.id for it in items]
    # (item, partner x's choice, partner y's choice or None, better reply x wrote)
    for n, cx, cy, better in [
        (0, "a", None, None),  # single judgement, A better
        (1, "b", "b", None),  # agreement, B better
        (2, "tie", None, None),  # tie
        (3, "both_bad", None, None),  # both bad, nothing better
        (4, "both_bad", None, "BETTER4"),  # both bad, written better
        (5, "a", None, "BETTER5"),  # A better, written better
        (6, "a", "b", None),  # disagreement, resolved to B below
        (7, "a", "tie", None),  # disagreement, no resolution
    ]:
        A.label(con, p, x, i[n], cx, **({"better_reply": better} if better else {}))
        if cy:
            A.label(con, p, y, i[n], cy)
    A.resolve(con, p, i[6], "b")
    A.skip(con, p, y, i[0])
    return p, items


def _conv(it: A.ItemRecord, reply: str) -> list[dict]:
    return [SYSTEM, {"role": "user", "content": it.prompt[-1]["content"]}, {"role": "assistant", "content": reply}]


def test_export_pairs_field_by_field(ws, con):
    p, items = _export_fixture(con)
    res = A.export(con, ws, p, kind="pairs", policy="resolution", name="偏好对")
    assert res.path == ws.datasets / res.dataset_id and not list(ws.datasets.glob(".*"))
    rows = _read(res.path / "train.jsonl")
    it = items
    assert rows == [
        {"messages": _conv(it[0], "reply A0"), "rejected_response": "reply B0"},
        {"messages": _conv(it[1], "reply B1"), "rejected_response": "reply A1"},
        {"messages": _conv(it[4], "BETTER4"), "rejected_response": "reply A4"},
        {"messages": _conv(it[4], "BETTER4"), "rejected_response": "reply B4"},
        {"messages": _conv(it[5], "BETTER5"), "rejected_response": "reply B5"},
        {"messages": _conv(it[6], "reply B6"), "rejected_response": "reply A6"},
    ]
    assert _read(res.path / "val.jsonl") == []
    card = json.loads((res.path / "card.json").read_text(encoding="utf-8"))
    assert (card["name"], card["kind"], card["source"]) == ("偏好对", "pairs", "annotate:p")
    assert card["counts"]["train"] == 6 and card["counts"]["val"] == 0 and card["created"]
    assert res.counts["dropped_tie"] == 1 and res.counts["dropped_both_bad"] == 1
    assert res.counts["dropped_disagreement"] == 1 and res.counts["items_used"] == 5

    drop = _read(A.export(con, ws, p, kind="pairs", policy="drop").path / "train.jsonl")
    assert len(drop) == 5 and all(r["messages"][-1]["content"] != "reply B6" for r in drop)
    # majority: item 6 has votes a, b, b -> b; item 7 has a vs tie -> no majority
    major = A.export(con, ws, p, kind="pairs", policy="majority")
    assert _read(major.path / "train.jsonl")[-1]["messages"][-1]["content"] == "reply B6"
    assert major.counts["dropped_disagreement"] == 1
    with pytest.raises(UserError):
        A.export(con, ws, p, kind="pairs", tie_policy="both_true")
    with pytest.raises(UserError):
        A.export(con, ws, p, kind="sft")


def test_export_kto_field_by_field(ws, con):
    p, items = _export_fixture(con)
    it = items
    rows = _read(A.export(con, ws, p, kind="kto", policy="resolution", tie_policy="both_true").path / "train.jsonl")
    assert [(r["messages"], r["label"]) for r in rows] == [
        (_conv(it[0], "reply A0"), True),
        (_conv(it[0], "reply B0"), False),
        (_conv(it[1], "reply B1"), True),
        (_conv(it[1], "reply A1"), False),
        (_conv(it[2], "reply A2"), True),
        (_conv(it[2], "reply B2"), True),  # tie -> both true
        (_conv(it[3], "reply A3"), False),
        (_conv(it[3], "reply B3"), False),  # both bad -> both false
        (_conv(it[4], "reply A4"), False),
        (_conv(it[4], "reply B4"), False),
        (_conv(it[4], "BETTER4"), True),
        (_conv(it[5], "reply A5"), True),
        (_conv(it[5], "reply B5"), False),
        (_conv(it[5], "BETTER5"), True),
        (_conv(it[6], "reply B6"), True),
        (_conv(it[6], "reply A6"), False),
    ]
    assert all(set(r) == {"messages", "label"} and isinstance(r["label"], bool) for r in rows)
    dropped = _read(A.export(con, ws, p, kind="kto", tie_policy="drop").path / "train.jsonl")
    assert not any(r["messages"][-1]["content"].endswith("2") for r in dropped)  # the tie gave no rows


def test_export_val_split_and_card(ws, con):
    p, (x, _), items = project_with(con, 60)
    for it in items:
        A.label(con, p, x, it.id, "a")
    one = A.export(con, ws, p, kind="kto")
    two = A.export(con, ws, p, kind="kto")
    train, val = _read(one.path / "train.jsonl"), _read(one.path / "val.jsonl")
    assert (len(train), len(val)) == (114, 6)  # 120 rows -> 5% to val
    assert val == _read(two.path / "val.jsonl")  # seeded: the same split again
    assert sorted(map(json.dumps, train + val)) == sorted(
        json.dumps(
            {
                "messages": [
                    {"role": "user", "content": it.prompt[0]["content"]},
                    {"role": "assistant", "content": reply},
                ],
                "label": ok,
            }
        )
        for it in items
        for reply, ok in ((it.reply_a, True), (it.reply_b, False))
    )
    assert one.dataset_id != two.dataset_id and one.counts["val"] == 6
    card = json.loads((one.path / "card.json").read_text(encoding="utf-8"))
    assert card["source"] == "annotate:p" and card["bundled"] is False and card["kind"] == "kto"
    assert card["annotate"] == {"project": "p", "policy": "drop", "tie_policy": "drop"}
    assert card["counts"]["items_used"] == 60 and card["counts"]["rows"] == 120
    assert list(ws.tmp.iterdir()) == []  # the staged file is gone
    small = A.create_project(con, "small", items=make_items(19))
    a, _ = A.add_annotator(con, small, "x")
    for it in A.list_items(con, small):
        A.label(con, small, a, it.id, "b")
    res = A.export(con, ws, small, kind="pairs")
    assert res.counts["train"] == 19 and (res.path / "val.jsonl").read_text() == ""
    empty = A.create_project(con, "empty", items=make_items(2))
    with pytest.raises(UserError):
        A.export(con, ws, empty)


def test_csv_escapes_formulas_and_control_characters(ws, con):
    assert [A.csv_cell(v) for v in ("=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx", "ok", None, 3)] == [
        "'=1+1",
        "'+1",
        "'-1",
        "'@SUM(A1)",
        "'\tx",
        "'\rx",
        "ok",
        "",
        "3",
    ]
    p = A.create_project(con, "csv", items=[A.Item("=cmd|' /C calc'!A0", "-2+3", "line1\r\nline2\tend", "m", "n")])
    x, _ = A.add_annotator(con, p, "x")
    item = A.list_items(con, p)[0]
    A.label(con, p, x, item.id, "b", better_reply="@evil", note="\t=tab")
    path = A.export_csv(con, ws, p, lang="en")
    assert path.parent == ws.exports
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    with open(path, encoding="utf-8-sig", newline="") as fh:
        header, row = list(csv.reader(fh))
    assert header == list(A.CSV_COLUMNS)
    cell = dict(zip(header, row))
    assert cell["prompt"] == "User: =cmd|' /C calc'!A0"  # does not start with =: left as it is
    assert cell["reply_a"] == "'-2+3" and cell["reply_b"] == "line1\r\nline2\tend"
    assert cell["better_reply"] == "'@evil" and cell["note"] == "'\t=tab" and cell["choice"] == "b"
    assert cell["annotator"] == "x" and cell["source_a"] == "m"
    with pytest.raises(OutsideWorkspace):
        A.export_csv(con, ws, p, path="/tmp/outside.csv")


# --------------------------------------------------------------------------------------------- concurrency


def test_two_threads_500_labels_each(ws, con):
    p, people, items = project_with(con, 500)
    acks: dict[int, list[A.LabelAck]] = {}
    errors = []

    def work(person):
        c = db.connect(ws.db_path)
        try:
            rng = random.Random(person.id)
            acks[person.id] = [A.label(c, p.id, person.id, it.id, rng.choice(A.CHOICES)) for it in items]
        except Exception as e:  # surfaced below; a thread's exception would otherwise vanish
            errors.append(e)
        finally:
            c.close()

    threads = [threading.Thread(target=work, args=(person,)) for person in people]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    check = db.connect(ws.db_path)
    assert check.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    for person in people:
        assert len(acks[person.id]) == 500
        stored = {
            r["id"]: (r["item_id"], r["choice"])
            for r in check.execute(
                "SELECT id, item_id, choice FROM annotate_events WHERE annotator_id = ?", (person.id,)
            )
        }
        assert {a.event_id: (a.item_id, a.choice) for a in acks[person.id]} == stored
        assert A.progress(check, p, person).labelled == 500
    check.close()


WRITER = """
import sys
from studio.annotate import projects as annotate
from studio.core import db
con = db.connect(sys.argv[1])
items = [it.id for it in annotate.list_items(con, "p")]
k = 0
while True:
    item = items[k % len(items)]
    ack = annotate.label(con, "p", "w", item, annotate.CHOICES[k % 4], note=str(k))
    sys.stdout.write(f"{ack.event_id} {ack.item_id} {ack.choice} {k}\\n")
    sys.stdout.flush()
    k += 1
"""


def test_sigkilled_writer_loses_no_acknowledged_label(ws, con):
    p = A.create_project(con, "p", items=make_items(50))
    A.add_annotator(con, p, "w")
    env = dict(os.environ, PYTHONPATH=str(REPO))
    started = time.monotonic()
    total = 0
    for round_ in range(10):
        proc = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(ws.db_path)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
            cwd=REPO,
        )
        first = proc.stdout.readline()  # the writer is up and has committed once
        assert first, proc.stderr.read().decode()
        time.sleep(random.Random(round_).uniform(0.0, 0.25))
        os.kill(proc.pid, signal.SIGKILL)
        rest = proc.stdout.read()
        proc.wait()
        proc.stdout.close()
        proc.stderr.close()
        lines = (first + rest).decode().split("\n")[:-1]  # a torn last line has no newline: not an ack
        check = db.connect(ws.db_path)
        for line in lines:
            event_id, item_id, choice, k = line.split()
            row = check.execute(
                "SELECT item_id, choice, note FROM annotate_events WHERE id = ?", (int(event_id),)
            ).fetchone()
            assert row is not None and (row["item_id"], row["choice"], row["note"]) == (int(item_id), choice, k)
        assert check.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        check.close()
        total += len(lines)
    assert total > 10
    assert time.monotonic() - started < 20


def test_archive_hides_the_project_revokes_links_keeps_labels_and_restores(ws, con):
    p = A.create_project(con, "要归档的", "test")
    A.add_items(con, p, make_items(4))
    other = A.create_project(con, "还在用的", "test")
    a, token_a = A.add_annotator(con, p, "小林")
    b, token_b = A.add_annotator(con, p, "小周")
    for item in A.list_items(con, p)[:3]:
        A.label(con, p, a, item.id, "a")
    A.label(con, p, b, A.list_items(con, p)[0].id, "b")
    A.resolve(con, p, A.list_items(con, p)[0].id, "a")  # settled together: not a partner's label

    assert A.archive_project(con, p.name) == 4
    assert [s.project.name for s in A.list_projects(con)] == [other.name]
    archived = A.list_projects(con, archived=True)
    assert [s.project.name for s in archived] == [p.name] and archived[0].labels == 4
    assert archived[0].project.archived_at is not None
    assert A.annotator_by_token(con, token_a) is None and A.annotator_by_token(con, token_b) is None
    assert A.partner_links(con, p.name) == [A.PartnerLink("小林", False, None), A.PartnerLink("小周", False, None)]
    assert A.archive_project(con, p.name) == 4  # twice is harmless

    assert {s.project.name for s in A.list_projects(con, archived=None)} == {p.name, other.name}

    back = A.restore_project(con, p.name)
    assert back.archived_at is None and [s.project.name for s in A.list_projects(con)] == [p.name, other.name]
    assert A.annotator_by_token(con, token_a) is None  # old links stay revoked ...
    new = A.reset_token(con, p, a)
    assert A.annotator_by_token(con, new).name == "小林"  # ... a new one works, and the labels are all there
    assert A.progress(con, p, a).labelled == 3
    with pytest.raises(UserError):
        A.archive_project(con, "没有这个项目")
