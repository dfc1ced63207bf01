"""The Data tab through gradio_client against a real `python app.py`: every bad file gets its sentence in
the page (zh and en) and touches nothing; a good import makes a dataset; the sample button makes two."""

from __future__ import annotations

import json

import pytest

pytestmark = pytest.mark.ui

U = lambda t: {"role": "user", "content": t}  # noqa: E731
A = lambda t: {"role": "assistant", "content": t}  # noqa: E731
# me, partner, scrub, names, kind, max length, simplified, 6 clean actions, 6 column-mapping roles
DEFAULTS = [None, "", True, "", "auto", 0, False, "fix", "fix", "drop", "fix", "drop", "drop", "", "", "", "", "", ""]
MB = 1024 * 1024
LIMIT_MB = 12  # QIXI_MAX_FILE_MB for the server: a 9 MB line fits in a file, a 13 MB file does not

QQ = (
    "2024-05-01 20:13:05 小红(654321)\n在吗\n\n2024-05-01 20:13:20 小红(654321)\n[图片]\n\n"
    "2024-05-01 20:14:00 阿杰(123456)\n在呢，我电话 13812345678\n\n2024-05-01 20:15:00 小红(654321)\n今天好累\n\n"
    "2024-05-01 20:16:00 阿杰(123456)\n抱抱你小红，早点睡\n"
)


def opts(**changes):
    names = ["me", "partner", "scrub", "names", "kind", "max_len", "simplified"]
    out = list(DEFAULTS)
    for k, v in changes.items():
        out[names.index(k)] = v
    return out


def bad_files(folder):
    """(file name, bytes, zh fragment, en fragment) for every kind of bad upload."""
    good = json.dumps({"messages": [U("a"), A("b")]})
    cases = [
        (
            "broken.jsonl",
            "\n".join([good] * 4 + ['{"messages": [{"role": "user", "content": "x"}]']) + "\n",
            "broken.jsonl 第 5 行不是有效的 JSON（可能缺少右花括号 }）",
            "broken.jsonl line 5: not valid JSON - missing closing brace?",
        ),
        ("empty.jsonl", "", "empty.jsonl 是空文件", "empty.jsonl is empty"),
        (
            "binary.csv",
            b"\x00\x01\x02\xff\xfe\x00PK\x03\x04" * 50,
            "binary.csv 不是文本文件",
            "binary.csv is not a text file",
        ),
        (
            "fake.xlsx",
            "prompt,response\nhi,hello\n",
            "fake.xlsx 不是有效的 Excel 工作簿",
            "fake.xlsx is not a valid Excel workbook",
        ),
        ("object.json", '{"data": []}', "object.json 不是记录列表", "object.json is not a list of records"),
        (
            "roles.jsonl",
            '{"messages": [{"role": "boss", "content": "x"}]}\n',
            "roles.jsonl 第 1 行：未知的角色 'boss'",
            "roles.jsonl line 1: unknown role 'boss'",
        ),
        (
            "pairs.jsonl",
            '{"prompt": "a", "chosen": "b", "rejected": "c"}\n{"prompt": "a", "chosen": "b"}\n',
            "pairs.jsonl 第 2 行：缺少 rejected",
            "pairs.jsonl line 2: missing rejected",
        ),
        (
            "huge.jsonl",
            json.dumps({"messages": [U("x" * 9 * MB)]}) + "\n",
            "huge.jsonl 第 1 行：这一行有 9.0 MB",
            "huge.jsonl line 1: this line is 9.0 MB",
        ),
        (
            "toobig.jsonl",
            (good + "\n") * (13 * MB // (len(good) + 1)),
            f"超过单个文件上限 {LIMIT_MB}.0 MB",
            f"over the {LIMIT_MB}.0 MB limit per file",
        ),
    ]
    out = []
    for name, content, zh, en in cases:
        p = folder / name
        p.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
        out.append((p, zh, en))
    return out


@pytest.fixture(scope="module")
def shared_server(tmp_path_factory):
    from support import StudioServer

    s = StudioServer(tmp_path_factory.mktemp("data-ui") / "ws", env={"QIXI_MAX_FILE_MB": str(LIMIT_MB)})
    yield s
    s.stop()


@pytest.fixture
def server(shared_server):
    """One server for the module (starting one takes seconds); every test starts with no datasets."""
    from studio.core.workspace import Workspace
    from studio.data import store

    ws = Workspace.open(shared_server.workspace)
    for d in store.list_datasets(ws):
        store.delete_dataset(ws, d.id, confirm=True)
    return shared_server


def upload(client, lang, paths, **changes):
    from gradio_client import handle_file

    return client.predict(lang, [handle_file(str(p)) for p in paths], *opts(**changes), api_name="/data_upload")


def test_every_bad_file_gets_its_sentence_and_nothing_is_touched(tmp_path, server):
    from studio.core.workspace import Workspace
    from studio.data import store

    ws = Workspace.open(server.workspace)
    client = server.client()
    good = tmp_path / "good.jsonl"
    good.write_text(
        "".join(json.dumps({"messages": [U(f"第{i}句"), A(f"回答{i}")]}, ensure_ascii=False) + "\n" for i in range(25)),
        encoding="utf-8",
    )
    upload(client, "zh", [good])
    out = client.predict("zh", "好数据", False, *opts(), api_name="/data_import")  # False: originals not kept
    assert "✅ 导入完成" in out[0] and "好数据" in out[0] and "上传的原始文件已从工作区删除" in out[0]
    assert list(ws.uploads.rglob("good.jsonl")) == []
    [existing] = store.list_datasets(ws)
    card_before = (existing.path / "card.json").read_bytes()
    train_before = existing.train_path.read_bytes()

    cases = bad_files(tmp_path)
    for lang, col in (("zh", 1), ("en", 2)):
        status = upload(client, lang, [c[0] for c in cases])[0]
        for case in cases:
            assert f"❌ **{case[0].name}** — " in status and case[col] in status, (lang, case[0].name, status)
        assert "Traceback" not in status and "Something unexpected" not in status and "意外" not in status
        assert ("没有可以导入的文件" if lang == "zh" else "No file can be imported") in status
    # one bad file next to a good one: the good one goes on
    out = upload(client, "en", [good, cases[0][0]])
    assert "✅ **good.jsonl**" in out[0] and "❌ **broken.jsonl**" in out[0]
    assert "Importing gives **25** samples" in out[11]
    # the app is still up, the dataset made before is untouched, nothing half-made is left
    assert [d.id for d in store.list_datasets(ws)] == [existing.id]
    assert (existing.path / "card.json").read_bytes() == card_before
    assert existing.train_path.read_bytes() == train_before
    assert [p.name for p in ws.tmp.iterdir() if p.name != "gradio"] == []  # gradio: its upload cache
    assert not any(p.name == "toobig.jsonl" for p in ws.uploads.rglob("*"))
    assert client.predict("en", None, api_name="/data_list")[0]["data"][0][0] == "好数据"


def test_chat_export_then_import(tmp_path, server):
    from studio.core.workspace import Workspace
    from studio.data import store

    client = server.client()
    chat = tmp_path / "qq.txt"
    chat.write_text(QQ, encoding="utf-8")
    out = upload(client, "en", [chat], scrub=False)  # a chat export turns "hide personal data" on
    assert "QQ chat export · 2 speakers" in out[0] and "choose below who “me” is" in out[0]
    me = out[1]
    assert me["choices"] == [["小红 (2 messages)", "小红"], ["阿杰 (2 messages)", "阿杰"]] and me["value"] is None
    assert out[10] == {"value": True, "__type__": "update"} and out[13] == {"value": "qq", "__type__": "update"}
    with pytest.raises(Exception) as ei:  # importing before "me" is chosen says what to do
        client.predict("zh", "x", False, *opts(), api_name="/data_import")
    assert "请选择哪位是“我”" in str(ei.value) and "重新选择你的文件" in str(ei.value)
    ws = Workspace.open(server.workspace)
    assert not list(ws.uploads.rglob("qq.txt"))  # the failed import kept no raw copy
    assert chat.read_text(encoding="utf-8") == QQ  # the person's own file is untouched
    upload(client, "en", [chat], scrub=False)  # chosen again, as the sentence asks
    out = client.predict("zh", *opts(me="阿杰", names="小红"), api_name="/data_inspect")
    assert "导入后会得到 **1** 条" in out[11] and "手机号 **1** · 名字 **1**" in out[11]  # one talk of two rounds
    assert "在呢，我电话 <mark class='data-pii'>[PHONE]</mark>" in out[11]
    assert out[12]["headers"] == ["#", "对话", "轮数"]
    assert out[12]["data"] == [[1, "对方：在吗\n我：在呢，我电话 [PHONE]\n对方：今天好累\n我：抱抱你[NAME]，早点睡", 2]]
    out = client.predict("zh", "我们的聊天", True, *opts(me="阿杰"), api_name="/data_import")  # keep originals
    [ds] = store.list_datasets(ws)
    assert (
        ds.name == "我们的聊天" and ds.card["sources"][0]["me"] == "阿杰" and ds.card["scrub"]["counts"] == {"PHONE": 1}
    )
    assert "我 = 阿杰，对方 = 小红" in out[3] and "✅ 导入完成" in out[0]
    assert out[2]["value"] == ds.id  # the new dataset is selected
    assert (ds.path / "original" / "qq.txt").read_text(encoding="utf-8") == QQ
    assert f"datasets/{ds.id}/original/" in out[0] and f"datasets/{ds.id}/original/" in out[3]


def test_sample_button_rename_page_and_delete(server):
    from studio.core.workspace import Workspace
    from studio.data import store

    client = server.client()
    empty = client.predict("en", None, api_name="/data_list")
    assert empty[0]["data"] == [] and empty[1]["choices"] == []
    first = client.predict("en", api_name="/data_sample")
    again = client.predict("zh", api_name="/data_sample")  # idempotent
    ws = Workspace.open(server.workspace)
    made = store.list_datasets(ws)
    assert sorted(d.kind for d in made) == ["pairs", "sft"] and all(d.source == "sample" for d in made)
    assert len(first[0]["data"]) == 2 and first[0]["data"][0][3] == "bundled sample"
    assert [r[5] for r in again[0]["data"]] == [r[5] for r in first[0]["data"]] and again[0]["data"][0][3] == "内置示例"
    sft = next(d for d in made if d.kind == "sft")
    shown = client.predict("en", sft.id, api_name="/data_show")
    assert "train **404**" in shown[0] and len(shown[1]["data"]) == 10 and shown[2].startswith("page 1/41")
    assert shown[4]["value"]["data"] and sum(c for _, c in shown[4]["value"]["data"]) == 404
    assert [r[0] for r in shown[5]["data"]] == ["what was said", "reply"]
    assert shown[7]["value"].endswith("train.jsonl")
    page = client.predict("en", sft.id, "train", 3, "", api_name="/data_page")
    assert page[2].startswith("page 3/41") and page[1]["data"][0][0] == 21
    found = client.predict("zh", sft.id, "train", 1, "抱抱", api_name="/data_page")
    assert "匹配" in found[2] and 0 < len(found[1]["data"]) <= 10
    renamed = client.predict("zh", sft.id, "我们的示例", api_name="/data_rename")
    assert store.get_dataset(ws, sft.id).name == "我们的示例" and "我们的示例" in renamed[2]
    with pytest.raises(Exception) as ei:
        client.predict("en", sft.id, "   ", api_name="/data_rename")
    assert "a dataset name must be 1 to 100 characters long" in str(ei.value)
    fresh = server.client()  # a new session that never listed the datasets can still name one
    assert "我们的示例" in fresh.predict("zh", sft.id, api_name="/data_show")[0]
    with pytest.raises(Exception) as ei:
        fresh.predict("zh", "ds-nope", api_name="/data_show")
    assert "没有编号为 ds-nope 的数据集" in str(ei.value) and "Traceback" not in str(ei.value)
    ask = client.predict("en", sft.id, api_name="/data_delete_ask")
    assert "Really delete “我们的示例”" in ask
    client.predict("en", sft.id, api_name="/data_delete")
    assert [d.kind for d in store.list_datasets(ws)] == ["pairs"]
