"""Annotation items from conversations datasets (partners write the second reply), the writing
order of two partners, and the per-item view used to talk a disagreement over."""

from __future__ import annotations

import json

import pytest

from studio.annotate import projects as A
from studio.core import db
from studio.core.i18n import UserError
from studio.core.workspace import Workspace


@pytest.fixture
def con(ws):
    c = db.connect(ws.db_path)
    yield c
    c.close()


def write_dataset(ws: Workspace, ds_id: str, kind: str | None, rows: list[dict], val: list[dict] = ()) -> None:
    folder = ws.datasets / ds_id
    folder.mkdir(parents=True)
    (folder / "train.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    (folder / "val.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in val), "utf-8")
    if kind:
        (folder / "card.json").write_text(json.dumps({"id": ds_id, "name": ds_id, "kind": kind}), "utf-8")


def conv(*turns: str) -> dict:
    roles = ["user", "assistant"] * len(turns)
    return {"messages": [{"role": r, "content": t} for r, t in zip(roles, turns)]}


def test_sft_dataset_gives_items_waiting_for_a_written_reply(ws, con):
    write_dataset(
        ws,
        "chats",
        "sft",
        [conv("好累", "抱抱你"), conv("在吗", "在呢", "想你了", "我也想你")],
        val=[conv("晚安", "好梦")],
    )
    p = A.create_project_from_dataset(con, ws, "chats", "写")
    items = A.list_items(con, p)
    assert [(it.prompt[-1]["content"], it.reply_a, it.reply_b, it.source_a) for it in items] == [
        ("好累", "抱抱你", None, "dataset:reply"),
        ("想你了", "我也想你", None, "dataset:reply"),
        ("晚安", "好梦", None, "dataset:reply"),
    ]
    assert [m["role"] for m in items[1].prompt] == ["user", "assistant", "user"]  # earlier turns kept
    assert items[0].meta == {"origin": "datasets/chats/train.jsonl", "line": 1}
    assert A.progress(con, p, A.add_annotator(con, p, "x")[0]).total == 0  # nothing to compare yet

    write_dataset(ws, "pairs", None, [conv("好累", "抱抱你") | {"rejected_response": "哦"}])
    assert A.dataset_kind(ws, "pairs") == "pairs"  # no card: pairs
    assert A.read_dataset_items(ws, "pairs")[0].reply_b == "哦"

    write_dataset(ws, "kto", "kto", [conv("好累", "抱抱你") | {"label": True}])
    with pytest.raises(UserError, match="KTO"):
        A.read_dataset_items(ws, "kto")
    write_dataset(ws, "bad", "sft", [conv("好累", "抱抱你"), {"messages": [{"role": "user", "content": "只有问题"}]}])
    with pytest.raises(UserError) as e:
        A.read_dataset_items(ws, "bad")
    assert "datasets/bad/train.jsonl line 2" in e.value.msg.en and "第 2 行" in e.value.msg.zh
    write_dataset(ws, "empty", "sft", [])
    with pytest.raises(UserError, match="conversations"):
        A.read_dataset_items(ws, "empty")
    with pytest.raises(UserError):
        A.read_dataset_items(ws, "../..")


def test_two_partners_write_from_opposite_ends(con):
    p = A.create_project(
        con, "w", items=[A.Item(f"q{i}", f"r{i}", None) for i in range(5)] + [A.Item("full", "x", "y")]
    )
    mia, _ = A.add_annotator(con, p, "Mia")
    leo, _ = A.add_annotator(con, p, "Leo")
    ids = [it.id for it in A.list_items(con, p)]
    first = A.next_to_write(con, p, mia)
    assert (first.item_id, first.position, first.waiting) == (ids[0], 1, 5)
    assert first.prompt == [{"role": "user", "content": "q0"}]
    assert "r0" not in json.dumps(first.prompt)  # the reply already there is not shown
    assert A.next_to_write(con, p, leo).item_id == ids[4]  # the second partner starts at the end
    assert A.next_to_write(con, p, mia, after=ids[1]).item_id == ids[2]
    assert A.next_to_write(con, p, leo, after=ids[1]).item_id == ids[0]
    assert A.next_to_write(con, p, mia, after=ids[4]).item_id == ids[0]  # wraps round
    for k in range(5):
        A.add_written_reply(con, p, ids[k], f"mine {k}", author="Mia")
    assert A.next_to_write(con, p, mia) is None and A.progress(con, p, mia).total == 6
    A.revoke(con, p, leo)
    with pytest.raises(UserError):
        A.next_to_write(con, p, leo)  # a revoked link writes nothing


def test_item_labels_and_get_item(con):
    p = A.create_project(con, "d", items=[A.Item("好累", "抱抱你", "哦", "m1", "m2")])
    mia, _ = A.add_annotator(con, p, "Mia")
    leo, _ = A.add_annotator(con, p, "Leo")
    item = A.list_items(con, p)[0]
    assert A.item_labels(con, p, item.id) == []
    A.label(con, p, mia, item.id, "a", better_reply="抱抱你，先休息", note="更暖")
    A.skip(con, p, leo, item.id)
    A.resolve(con, p, item.id, "a")
    assert A.item_labels(con, p, item.id) == [
        A.ItemLabel("Mia", "partner", "a", "抱抱你，先休息", "更暖"),
        A.ItemLabel("Leo", "partner", None, None, None),
        A.ItemLabel(A.RESOLUTION_NAME, "resolution", "a", None, None),
    ]
    assert A.get_item(con, p, item.id).source_b == "m2"
    other = A.create_project(con, "other", items=[A.Item("x", "y", "z")])
    with pytest.raises(UserError):
        A.get_item(con, other, item.id)  # an item of another project is not found
