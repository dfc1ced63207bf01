"""What the Data tab needs from the store: staging a batch of uploads, checking a batch that holds broken
files, scrubbing chat exports by default, the bundled samples and register_jsonl's source/bundled."""

from __future__ import annotations

import json

import pytest

from studio.core.i18n import UserError
from studio.data import store
from studio.data.formats import Limits

U = lambda t: {"role": "user", "content": t}  # noqa: E731
A = lambda t: {"role": "assistant", "content": t}  # noqa: E731
QQ = "2024-05-01 20:13:05 小红(654321)\n在吗\n\n2024-05-01 20:14:00 阿杰(123456)\n在呢，我电话 13812345678\n"


def jsonl(path, recs):
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in recs), encoding="utf-8")
    return path


def test_stage_uploads_is_content_addressed_and_refuses_big_files(ws, tmp_path, monkeypatch):
    a = jsonl(tmp_path / "a.jsonl", [{"messages": [U("hi"), A("hello")]}])
    big = tmp_path / "big.jsonl"
    big.write_bytes(b"x" * (2 * 1024 * 1024))
    monkeypatch.setenv("QIXI_MAX_FILE_MB", "1")
    assert Limits().max_file_bytes == 1024 * 1024
    first = store.stage_uploads(ws, [a, big])
    again = store.stage_uploads(ws, [a])
    assert first.paths == again.paths and first.paths[0].parent.parent == ws.uploads
    assert first.paths[0].read_bytes() == a.read_bytes() and first.paths[0].name == "a.jsonl"
    assert len(list(ws.uploads.iterdir())) == 1  # the big file was not copied
    [(name, err)] = first.refused
    assert name == "big.jsonl" and "超过单个文件上限 1.0 MB" in err.msg.zh and "over the 1.0 MB limit" in err.msg.en
    monkeypatch.setenv("QIXI_MAX_FILE_MB", "nonsense")
    assert Limits().max_file_bytes == 200 * 1024 * 1024


def test_check_files_singles_out_broken_files(ws):
    good = jsonl(ws.uploads / "good.jsonl", [{"messages": [U(f"q{i}"), A(f"a{i}")]} for i in range(3)])
    broken = ws.uploads / "broken.jsonl"
    broken.write_text('{"messages": [U]}\n', encoding="utf-8")
    empty = ws.uploads / "empty.csv"
    empty.write_bytes(b"")
    c = store.check_files(ws, [good, broken, empty])
    assert c.ok == [good] and c.error is None and c.inspection.rows == 3
    assert [n for n, _ in c.bad] == ["broken.jsonl", "empty.csv"]
    assert "broken.jsonl 第 1 行不是有效的 JSON" in c.bad[0][1].msg.zh and "empty.csv is empty" in c.bad[1][1].msg.en
    alone = store.check_files(ws, [broken])
    assert alone.ok == [] and alone.inspection is None and alone.bad[0][0] == "broken.jsonl"


def test_check_files_keeps_files_when_only_the_settings_are_wrong(ws):
    sft = jsonl(ws.uploads / "sft.jsonl", [{"messages": [U("q"), A("a")]}])
    pairs = jsonl(ws.uploads / "pairs.jsonl", [{"messages": [U("q"), A("a")], "rejected_response": "b"}])
    c = store.check_files(ws, [sft], kind="pairs")
    assert c.ok == [sft] and c.bad == [] and c.inspection is None and "缺少 rejected" in c.error.msg.zh
    mixed = store.check_files(ws, [sft, pairs])
    assert mixed.ok == [sft, pairs] and mixed.bad == [] and "请分开导入" in mixed.error.msg.zh


def test_scrub_only_chats(ws):
    data = jsonl(ws.uploads / "d.jsonl", [{"messages": [U("电话 13812345678"), A("好")]}])
    chat = ws.uploads / "qq.txt"
    chat.write_text(QQ, encoding="utf-8")
    plain = store.inspect([data], ws=ws, scrub_only_chats=True)
    assert (plain.chat, plain.scrubbed, plain.scrub_counts) == (False, False, {})
    assert plain.preview[0]["messages"][0]["content"] == "电话 13812345678"
    talk = store.inspect([chat], ws=ws, scrub_only_chats=True, me="阿杰")
    assert (talk.chat, talk.scrubbed, talk.scrub_counts) == (True, True, {"PHONE": 1})
    assert store.inspect([data], ws=ws).scrubbed is True  # the default still scrubs everything
    assert talk.to_dict()["problem_counts"] == {}


def test_register_jsonl_source_and_bundled(ws, tmp_path):
    rows = jsonl(
        tmp_path / "labels.jsonl",
        [{"messages": [U(f"q{i}"), A(f"g{i}")], "rejected_response": f"b{i}"} for i in range(3)],
    )
    sample = store.register_jsonl(ws, rows, "sample", "pairs")
    assert sample.dataset.source == "sample" and sample.dataset.card["source"] == "sample"
    one = store.register_jsonl(ws, rows, "labels 1", "pairs", source="annotate:我们", bundled=False)
    two = store.register_jsonl(ws, rows, "labels 2", "pairs", source="annotate:我们", bundled=False)
    assert one.id != two.id and one.id != sample.id  # the user's own exports are never merged
    assert one.dataset.card["bundled"] is False and one.dataset.source == "annotate:我们"
    assert store.register_jsonl(ws, rows, "again", "pairs").id == sample.id
    assert store.get_dataset(ws, one.id).to_dict()["source"] == "annotate:我们"
    # cards written before "source" existed still say where they came from
    old = store.get_dataset(ws, sample.id)
    del old.card["source"]
    assert old.source == "sample"


def test_register_samples_is_idempotent(ws):
    made = store.register_samples(ws)
    assert [d.kind for d in made] == ["sft", "pairs"] and all(d.source == "sample" for d in made)
    assert made[0].card["counts"]["train"] > 300 and made[1].card["counts"]["train"] > 300
    assert [d.id for d in store.register_samples(ws)] == [d.id for d in made]
    assert len(store.list_datasets(ws)) == 2
    # an upload is "upload"
    up = store.import_files(ws, [jsonl(ws.uploads / "x.jsonl", [{"messages": [U("q"), A("a")]}])])
    assert up.dataset.source == "upload"


def test_stage_uploads_missing_file(ws, tmp_path):
    staged = store.stage_uploads(ws, [tmp_path / "gone.jsonl"])
    assert staged.paths == [] and "gone.jsonl" in staged.refused[0][1].msg.en
    with pytest.raises(UserError):
        store.stage_upload(ws, tmp_path / "no")
