"""Datasets in a real workspace: import (all or nothing), inspect, list/rename/delete, preview, CLI."""

from __future__ import annotations

import argparse
import io
import json
from pathlib import Path

import pytest

from studio.cli import data_cmd
from studio.core.i18n import UserError
from studio.core.workspace import OutsideWorkspace, Workspace
from studio.data import store
from studio.data.clean import CleanPolicy
from studio.data.scrub import ScrubOptions

U = lambda t: {"role": "user", "content": t}  # noqa: E731
A = lambda t: {"role": "assistant", "content": t}  # noqa: E731

QQ = (
    "2024-05-01 20:13:05 小红(654321)\n在吗\n\n2024-05-01 20:13:20 小红(654321)\n[图片]\n\n"
    "2024-05-01 20:14:00 阿杰(123456)\n在呢，我电话 13812345678\n\n2024-05-01 20:15:00 小红(654321)\n好\n"
)


@pytest.fixture
def ws(tmp_path):
    return Workspace.open(tmp_path / "ws")


def write_jsonl(path, recs):
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in recs), encoding="utf-8")
    return path


def sft_file(ws, n=30, name="love.jsonl"):
    return write_jsonl(ws.uploads / name, [{"messages": [U(f"第{i}句"), A(f"回答{i}")]} for i in range(n)])


def tree(ws):
    return sorted(str(p.relative_to(ws.root)) for p in ws.root.rglob("*"))


def read(path):
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines()]


def test_import_jsonl_writes_dataset(ws):
    src = sft_file(ws)
    raw = src.read_bytes()
    res = store.import_files(ws, [src], name="我们的对话")
    ds = res.dataset
    assert ds.path == ws.datasets / res.id and ds.name == "我们的对话" and ds.kind == "sft"
    # the upload is gone from the workspace and no copy was kept: only the rows stay
    assert not src.exists() and not (ds.path / "original").exists() and list(ws.uploads.iterdir()) == []
    assert res.dataset.card["original"] == {"kept": False, "folder": None}
    # asked to keep it: a copy byte for byte, said in the card
    kept = store.import_files(ws, [sft_file(ws)], keep_original=True).dataset
    assert (kept.path / "original" / "love.jsonl").read_bytes() == raw
    assert kept.card["original"] == {"kept": True, "folder": f"datasets/{kept.id}/original"}
    assert f"datasets/{kept.id}/original/" in store.original_note(kept.card).zh
    train, val = read(ds.train_path), read(ds.val_path)
    assert (len(train), len(val)) == (28, 2)  # round(30 * 0.05) = 2
    assert sorted(train + val, key=lambda r: int(r["messages"][0]["content"][1:-1])) == [
        {"messages": [U(f"第{i}句"), A(f"回答{i}")]} for i in range(30)
    ]
    card = json.loads((ds.path / "card.json").read_text(encoding="utf-8"))
    assert card["counts"] == {"read": 30, "kept": 30, "train": 28, "val": 2}
    assert card["split"] == {"seed": 42, "val_ratio": 0.05}
    assert card["sources"][0]["file"] == "love.jsonl" and card["sources"][0]["layout"] == "messages"
    assert card["sources"][0]["fmt"] == "jsonl" and len(card["sources"][0]["sha256"]) == 64
    assert card["scrub"]["total"] == 0 and card["clean"]["rows_out"] == 30 and card["created"]
    assert list(ws.tmp.iterdir()) == []


def test_split_rule():
    assert store.split_rows(19) == (list(range(19)), [])
    train, val = store.split_rows(20)
    assert len(val) == 1 and len(train) == 19 and store.split_rows(20) == (train, val)
    assert store.split_rows(200, 0.1, seed=1) != store.split_rows(200, 0.1, seed=2)
    assert len(store.split_rows(200, 0.1)[1]) == 20


def test_import_chat_export_scrubs_and_records_speakers(ws):
    p = ws.uploads / "qq.txt"
    p.write_text(QQ, encoding="utf-8")
    with pytest.raises(UserError) as ei:
        store.import_files(ws, [p])
    assert "请选择哪位是“我”" in ei.value.msg.zh and "小红 (2)" in ei.value.msg.zh
    assert list(ws.datasets.iterdir()) == [] and not p.exists()  # the failed import kept no raw copy
    assert "重新选择你的文件" in ei.value.msg.zh and "choose your file again" in ei.value.msg.en
    p.write_text(QQ, encoding="utf-8")  # the person chooses it again
    res = store.import_files(ws, [p], me="阿杰")
    assert read(res.dataset.train_path) == [{"messages": [U("在吗"), A("在呢，我电话 [PHONE]")]}]
    src = res.dataset.card["sources"][0]
    assert (src["layout"], src["me"], src["partner"]) == ("qq", "阿杰", "小红")
    assert src["dropped"] == {"image": 1} and src["speakers"] == [
        {"name": "小红", "messages": 2},
        {"name": "阿杰", "messages": 1},
    ]
    assert res.dataset.card["scrub"]["counts"] == {"PHONE": 1}
    assert "13812345678" not in json.dumps(res.dataset.card, ensure_ascii=False)
    # scrubbing off keeps the number
    p.write_text(QQ, encoding="utf-8")
    res = store.import_files(ws, [p], me="阿杰", scrub=False)
    assert "13812345678" in read(res.dataset.train_path)[0]["messages"][1]["content"]


def test_failed_import_leaves_nothing_and_touches_nothing(ws, monkeypatch):
    first = store.import_files(ws, [sft_file(ws)])
    before = {p: p.read_bytes() for p in first.dataset.path.rglob("*") if p.is_file()}
    bad = ws.uploads / "bad.jsonl"
    bad.write_text('{"messages": [}\n', encoding="utf-8")
    with pytest.raises(UserError):
        store.import_files(ws, [sft_file(ws, name="b.jsonl"), bad])

    # a failure while writing: the half-built folder is removed
    def boom(*a, **kw):
        raise OSError("disk full")

    monkeypatch.setattr(store, "atomic_write_json", boom)
    with pytest.raises(OSError):
        store.import_files(ws, [sft_file(ws, name="c.jsonl")])
    assert [d.id for d in store.list_datasets(ws)] == [first.id]
    assert list(ws.tmp.iterdir()) == []
    assert {p: p.read_bytes() for p in first.dataset.path.rglob("*") if p.is_file()} == before


def test_different_kinds_and_outside_paths_refused(ws, tmp_path):
    pairs = write_jsonl(ws.uploads / "p.jsonl", [{"messages": [U("a"), A("b")], "rejected_response": "c"}])
    with pytest.raises(UserError) as ei:
        store.import_files(ws, [sft_file(ws), pairs])
    assert "love.jsonl: sft, p.jsonl: pairs" in ei.value.msg.en
    outside = write_jsonl(tmp_path / "outside.jsonl", [{"messages": [U("a"), A("b")]}])
    with pytest.raises(OutsideWorkspace):
        store.import_files(ws, [outside])
    staged = store.stage_upload(ws, outside)
    assert ws.uploads in staged.parents and staged.read_bytes() == outside.read_bytes()
    assert store.import_files(ws, [staged]).dataset.card["counts"]["kept"] == 1


def test_nothing_usable_is_an_error(ws):
    p = write_jsonl(ws.uploads / "dups.jsonl", [{"messages": [U(" "), A("x")]}])
    with pytest.raises(UserError) as ei:
        store.import_files(ws, [p])
    assert "没有可用的样本" in ei.value.msg.zh and "dups.jsonl 第 1 行" in ei.value.msg.zh
    assert list(ws.datasets.iterdir()) == []


def test_inspect_writes_nothing(ws):
    p = ws.uploads / "qq.txt"
    p.write_text(QQ, encoding="utf-8")
    data = sft_file(ws, n=3)
    write_jsonl(data, [{"messages": [U("在吗"), A("在")]}] * 2 + [{"messages": [U("QQ 12345678"), A("好")]}])
    before = tree(ws)
    ins = store.inspect([data], ws=ws)
    assert (ins.kind, ins.rows, ins.rows_read, ins.needs_me) == ("sft", 2, 3, False)
    assert ins.sources[0].fmt == "jsonl" and ins.sources[0].layout == "messages"
    assert ins.preview[1] == {"messages": [U("QQ [QQ]"), A("好")]}
    assert ins.problems[0]["kind"] == "exact_duplicate" and ins.problems[0]["line"] == 2
    assert ins.scrub_counts == {"QQ": 1}
    chat = store.inspect([p], ws=ws)
    assert chat.needs_me and chat.rows == 0 and chat.sources[0].layout == "qq"
    assert chat.speakers == [{"name": "小红", "messages": 2}, {"name": "阿杰", "messages": 1}]
    assert store.inspect([p], ws=ws, me="小红").rows == 1
    json.dumps(chat.to_dict(), ensure_ascii=False)
    assert tree(ws) == before


def test_list_rename_delete(ws):
    a = store.import_files(ws, [sft_file(ws)], name="A")
    b = store.import_files(ws, [sft_file(ws, name="b.jsonl")], name="B")
    assert {d.id for d in store.list_datasets(ws)} == {a.id, b.id}
    assert store.rename_dataset(ws, a.id, "  新名字 ").name == "新名字"
    assert store.get_dataset(ws, a.id).name == "新名字"
    with pytest.raises(UserError):
        store.rename_dataset(ws, a.id, "   ")
    with pytest.raises(UserError) as ei:
        store.delete_dataset(ws, a.id)
    assert "需要确认" in ei.value.msg.zh and store.get_dataset(ws, a.id)
    store.delete_dataset(ws, a.id, confirm=True)
    assert [d.id for d in store.list_datasets(ws)] == [b.id]
    with pytest.raises(UserError) as ei:
        store.get_dataset(ws, a.id)
    assert f"没有编号为 {a.id} 的数据集" in ei.value.msg.zh
    with pytest.raises(UserError):
        store.get_dataset(ws, "../etc")
    assert list(ws.tmp.iterdir()) == []


def test_preview_paging_search_histogram(ws):
    recs = [{"messages": [U(f"问题{i}"), A("好" * (i + 1))]} for i in range(45)]
    recs.append({"messages": [U("特别的问题"), A("特别的回答")], "rejected_response": "x"})
    write_jsonl(ws.uploads / "p.jsonl", recs[:-1])
    res = store.import_files(ws, [ws.uploads / "p.jsonl"], val_ratio=0)
    pv = store.preview(ws, res.id, page=2, page_size=20)
    assert (pv.total, pv.matched, pv.page, pv.pages) == (45, 45, 2, 3)
    assert [r["index"] for r in pv.rows] == list(range(20, 40))
    assert pv.rows[0]["prompt"] == "问题20" and pv.rows[0]["response"] == "好" * 21 and pv.rows[0]["rounds"] == 1
    assert pv.rows[0]["data"] == recs[20]
    assert sum(b["count"] for b in pv.histogram) == 45 and not pv.exact_lengths
    assert pv.field_stats["response"] == {"nonempty": 45, "mean": 23.0, "median": 23.0, "min": 1, "max": 45}
    hit = store.preview(ws, res.id, search="问题4")
    assert hit.matched == 6 and [r["prompt"] for r in hit.rows][:2] == ["问题4", "问题40"]
    assert store.preview(ws, res.id, page=99).page == 3
    assert store.preview(ws, res.id, split="val").total == 0
    json.dumps(pv.to_dict(), ensure_ascii=False)


def test_register_jsonl_is_idempotent(ws, tmp_path):
    sample = write_jsonl(
        tmp_path / "sample_pairs.jsonl",
        [{"messages": [U(f"q{i}"), A(f"good{i}")], "rejected_response": f"bad{i}"} for i in range(25)],
    )
    first = store.register_jsonl(ws, sample, "示例偏好数据", "pairs")
    again = store.register_jsonl(ws, sample, "示例偏好数据", "pairs")
    assert first.id == again.id and len(store.list_datasets(ws)) == 1
    assert first.dataset.kind == "pairs" and first.dataset.card["bundled"] is True
    assert first.dataset.card["counts"] == {"read": 25, "kept": 25, "train": 24, "val": 1}


def test_import_with_clean_policy_and_names(ws):
    p = write_jsonl(
        ws.uploads / "x.jsonl",
        [{"messages": [U("小美，開車小心"), A("好的" + "啊" * 200)]}, {"messages": [U("嗨"), A("嗨")]}],
    )
    res = store.import_files(
        ws,
        [p],
        scrub=ScrubOptions(names=("小美",)),
        clean_policy=CleanPolicy(max_length=50, length_unit="chars", to_simplified=True),
    )
    assert read(res.dataset.train_path) == [{"messages": [U("嗨"), A("嗨")]}]
    clean = res.dataset.card["clean"]
    assert clean["counts"] == {"too_long": {"drop": 1}} and clean["simplified"] == 1
    assert res.dataset.card["scrub"]["counts"] == {"NAME": 1}


# --- CLI handlers ---------------------------------------------------------------------------------


def cli(ws, *argv):
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="command", required=True)
    data_cmd.add_parser(sub)
    args = parser.parse_args(["data", *argv])
    args.lang = "en"
    return args.func(args, ws)


def test_cli_import_list_show_delete(ws, tmp_path):
    src = tmp_path / "chat.txt"
    src.write_text(QQ, encoding="utf-8")
    with pytest.raises(UserError) as ei:
        cli(ws, "import", str(src))
    assert "choose who 'me' is" in ei.value.msg.en
    out = cli(ws, "import", str(src), "--me", "阿杰", "--name", "QQ 记录")
    assert out["name"] == "QQ 记录" and out["kind"] == "sft" and "hidden: mobile numbers 1" in out["text"]
    # what was hidden, readable before training: counts per kind and the changed line with its placeholder
    assert out["hidden"]["counts"] == {"PHONE": 1} and out["hidden"]["total"] == 1
    assert out["hidden"]["examples"] == [
        {
            "file": "chat.txt",
            "line": 1,
            "field": "messages[1].content",
            "types": ["PHONE"],
            "text": "在呢，我电话 [PHONE]",
        }
    ]
    assert "chat.txt:1  在呢，我电话 [PHONE]" in out["text"] and "uploaded files were removed" in out["text"]
    assert list(ws.tmp.iterdir()) == [] and list(ws.uploads.iterdir()) == []  # staged copies cleaned up
    assert src.exists()  # the user's own file outside the workspace is theirs: left alone
    kept = cli(ws, "import", str(src), "--me", "阿杰", "--keep-original")
    assert (ws.root / kept["card"]["original"]["folder"] / "chat.txt").read_text(encoding="utf-8") == QQ
    assert f"datasets/{kept['id']}/original/" in kept["text"]
    cli(ws, "delete", kept["id"], "--yes")
    listed = cli(ws, "list")
    assert [d["id"] for d in listed["datasets"]] == [out["id"]] and "QQ 记录" in listed["text"]
    shown = cli(ws, "show", out["id"])
    assert shown["preview"]["total"] == 1 and shown["card"]["sources"][0]["layout"] == "qq"
    with pytest.raises(UserError):
        cli(ws, "delete", out["id"])
    assert cli(ws, "delete", out["id"], "--yes")["deleted"] == out["id"]
    assert cli(ws, "list")["datasets"] == []
    out = cli(ws, "import", str(src), "--kind", "chat", "--me", "阿杰", "--no-scrub")
    assert out["card"]["scrub"] is None
    json.dumps(out, ensure_ascii=False)


def test_cli_scrub_file_and_stdin(ws, tmp_path, monkeypatch):
    p = tmp_path / "notes.txt"
    p.write_bytes("第一行没有\n我的QQ是 12345678，电话 13812345678\n".encode("gbk"))
    out = cli(ws, "scrub", str(p))
    assert out["scrubbed"] == "第一行没有\n我的QQ是 [QQ]，电话 [PHONE]\n"
    assert out["counts"] == {"QQ": 1, "PHONE": 1}
    assert out["positions"] == [{"type": "QQ", "line": 2, "offset": 6}, {"type": "PHONE", "line": 2, "offset": 18}]
    monkeypatch.setattr("sys.stdin", io.StringIO("mail me: a@b.com, Lucy"))
    out = cli(ws, "scrub", "-", "--scrub-name", "Lucy")
    assert out["text"] == "mail me: [EMAIL], [NAME]"


def _bad_inputs():
    lines = [json.dumps({"messages": [U("a"), A("b")]})] * 12
    cases = {
        "broken.jsonl": (
            "\n".join(lines + ['{"messages": [{"role": "user", "content": "x"}]']) + "\n",
            "broken.jsonl 第 13 行不是有效的 JSON（可能缺少右花括号 }）",
        ),
        "empty.jsonl": ("", "empty.jsonl 是空文件"),
        "binary.csv": (b"\x00\x01\x02\xff\xfe\x00PK\x03\x04" * 50, "binary.csv 不是文本文件"),
        "fake.xlsx": ("prompt,response\n", "fake.xlsx 不是有效的 Excel 工作簿"),
        "object.json": ('{"data": []}', "object.json 不是记录列表"),
        "roles.jsonl": ('{"messages": [{"role": "boss", "content": "x"}]}\n', "roles.jsonl 第 1 行：未知的角色 'boss'"),
        "pairs.jsonl": (
            '{"prompt": "a", "chosen": "b", "rejected": "c"}\n{"prompt": "a", "chosen": "b"}\n'
            '{"prompt": "d", "chosen": "e", "rejected": "f"}\n',
            "pairs.jsonl 第 2 行：缺少 rejected",
        ),
        "huge.jsonl": (
            json.dumps({"messages": [U("x" * 9 * 1024 * 1024)]}) + "\n",
            "huge.jsonl 第 1 行：这一行有 9.0 MB",
        ),
    }
    return cases


@pytest.mark.parametrize(
    "name",
    [
        "broken.jsonl",
        "empty.jsonl",
        "binary.csv",
        "fake.xlsx",
        "object.json",
        "roles.jsonl",
        "pairs.jsonl",
        "huge.jsonl",
    ],
)
def test_bad_input_message_and_nothing_touched(ws, name):
    existing = store.import_files(ws, [sft_file(ws)])
    card_before = (existing.dataset.path / "card.json").read_bytes()
    content, expect = _bad_inputs()[name]
    p = ws.uploads / name
    p.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    for fn in (lambda: store.inspect([p], ws=ws), lambda: store.import_files(ws, [p])):
        with pytest.raises(UserError) as ei:
            fn()
        assert expect in ei.value.msg.zh
        assert name in ei.value.msg.en
    assert [d.id for d in store.list_datasets(ws)] == [existing.id]
    assert (existing.dataset.path / "card.json").read_bytes() == card_before
    assert list(ws.tmp.iterdir()) == []


def test_xlsx_needs_mapping_then_imports(ws):
    from openpyxl import Workbook

    from studio.data.formats import ColumnMapping

    wb = Workbook()
    sheet = wb.active
    sheet.append(["她说", "我回"])
    sheet.append(["想你", "我也想你"])
    p = ws.uploads / "talk.xlsx"
    wb.save(p)
    ins = store.inspect([p], ws=ws)
    assert ins.rows == 0 and ins.needs_mapping == [
        {
            "file": "talk.xlsx",
            "fmt": "xlsx",
            "columns": ["她说", "我回"],
            "rows": [{"她说": "想你", "我回": "我也想你"}],
            "row_count": 1,
        }
    ]
    with pytest.raises(UserError) as ei:
        store.import_files(ws, [p])
    assert "请指定哪一列是问题" in ei.value.msg.zh and not p.exists()  # no raw copy stays after a failed import
    wb.save(p)  # chosen again, with the columns
    mapping = ColumnMapping(prompt="她说", response="我回")
    assert store.inspect([p], ws=ws, mapping=mapping).rows == 1
    res = store.import_files(ws, [p], mapping=mapping)
    assert read(res.dataset.train_path) == [{"messages": [U("想你"), A("我也想你")]}]
    assert res.dataset.card["sources"][0]["mapping"] == {"prompt": "她说", "response": "我回"}


def test_bad_inputs_through_the_real_qixi_command(tmp_path):
    """The same files through `python -m studio.cli data import`: one sentence, exit code 1, no traceback."""
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[2]
    for name, (content, expect) in _bad_inputs().items():
        p = tmp_path / name
        p.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
        out = subprocess.run(
            [
                sys.executable,
                "-m",
                "studio.cli",
                "--workspace",
                str(tmp_path / "ws"),
                "--lang",
                "zh",
                "data",
                "import",
                str(p),
            ],
            cwd=root,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert out.returncode == 1, (name, out.stdout, out.stderr)
        assert expect in out.stderr and "Traceback" not in out.stderr + out.stdout, (name, out.stderr)
