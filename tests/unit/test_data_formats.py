"""Reading uploads of every format and converting each known layout to exact ms-swift rows."""

from __future__ import annotations

import json

import pytest

from studio.core.i18n import UserError
from studio.data.formats import (
    ColumnMapping,
    Limits,
    apply_mapping,
    convert,
    decode_bytes,
    guess_mapping,
    list_columns,
    read_file,
)

U = lambda t: {"role": "user", "content": t}  # noqa: E731
A = lambda t: {"role": "assistant", "content": t}  # noqa: E731
S = lambda t: {"role": "system", "content": t}  # noqa: E731


def write_jsonl(path, recs, encoding="utf-8"):
    path.write_bytes("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in recs).encode(encoding))
    return path


def rows_of(path, **kw):
    conv = convert(read_file(path), **kw)
    return conv, [r.data for r in conv.rows]


def err(fn, *a, **kw) -> UserError:
    with pytest.raises(UserError) as ei:
        fn(*a, **kw)
    return ei.value


# --- layouts ---------------------------------------------------------------------------------


def test_openai_messages_sft_pairs_kto(tmp_path):
    conv, rows = rows_of(
        write_jsonl(
            tmp_path / "sft.jsonl",
            [
                {"messages": [S("温柔"), U("在吗"), A("在呢")]},
                {
                    "messages": [
                        {"role": "human", "content": "晚安"},
                        {"role": "gpt", "content": [{"type": "text", "text": "晚安呀"}]},
                    ]
                },
            ],
        )
    )
    assert (conv.layout, conv.kind, conv.fmt) == ("messages", "sft", "jsonl")
    assert rows == [{"messages": [S("温柔"), U("在吗"), A("在呢")]}, {"messages": [U("晚安"), A("晚安呀")]}]
    assert [r.line for r in conv.rows] == [1, 2]

    conv, rows = rows_of(
        write_jsonl(tmp_path / "p.jsonl", [{"messages": [U("想你了"), A("我也想你")], "rejected_response": "哦"}])
    )
    assert conv.kind == "pairs"
    assert rows == [{"messages": [U("想你了"), A("我也想你")], "rejected_response": "哦"}]

    conv, rows = rows_of(
        write_jsonl(
            tmp_path / "k.jsonl",
            [
                {"messages": [U("累了"), A("抱抱你")], "label": True},
                {"messages": [U("累了"), A("哦")], "label": "false"},
            ],
        )
    )
    assert conv.kind == "kto"
    assert [r["label"] for r in rows] == [True, False]


def test_sharegpt_and_llamafactory_preference(tmp_path):
    p = tmp_path / "sg.json"
    p.write_text(
        json.dumps(
            [
                {
                    "system": "你是恋人",
                    "conversations": [
                        {"from": "human", "value": "早"},
                        {"from": "gpt", "value": "早安"},
                        {"from": "human", "value": "吃了吗"},
                        {"from": "gpt", "value": "吃啦"},
                    ],
                },
            ],
            ensure_ascii=False,
            indent=2,
        ),
        encoding="utf-8",
    )
    conv, rows = rows_of(p)
    assert (conv.layout, conv.kind, conv.fmt) == ("sharegpt", "sft", "json")
    assert rows == [{"messages": [S("你是恋人"), U("早"), A("早安"), U("吃了吗"), A("吃啦")]}]
    assert conv.rows[0].line == 2  # the line where the record starts

    p = tmp_path / "lf.json"
    p.write_text(
        json.dumps(
            [
                {
                    "conversations": [{"from": "human", "value": "下雨了"}],
                    "chosen": {"from": "gpt", "value": "记得带伞哦"},
                    "rejected": {"from": "gpt", "value": "嗯"},
                }
            ],
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    conv, rows = rows_of(p)
    assert conv.kind == "pairs"
    assert rows == [{"messages": [U("下雨了"), A("记得带伞哦")], "rejected_response": "嗯"}]


def test_alpaca_with_system_history_and_preference(tmp_path):
    conv, rows = rows_of(
        write_jsonl(
            tmp_path / "al.jsonl",
            [
                {
                    "instruction": "安慰我",
                    "input": "考试没考好",
                    "output": "没关系，下次加油",
                    "system": "温柔",
                    "history": [["在吗", "在"]],
                },
                {"instruction": "说晚安", "input": "", "output": "晚安"},
            ],
        )
    )
    assert conv.layout == "alpaca" and conv.kind == "sft"
    assert rows == [
        {"messages": [S("温柔"), U("在吗"), A("在"), U("安慰我\n考试没考好"), A("没关系，下次加油")]},
        {"messages": [U("说晚安"), A("晚安")]},
    ]
    conv, rows = rows_of(
        write_jsonl(
            tmp_path / "alp.jsonl", [{"instruction": "夸我", "input": "", "chosen": "你今天真好看", "rejected": "还行"}]
        )
    )
    assert conv.kind == "pairs"
    assert rows == [{"messages": [U("夸我"), A("你今天真好看")], "rejected_response": "还行"}]


def test_prompt_chosen_rejected_strings_and_message_lists(tmp_path):
    conv, rows = rows_of(
        write_jsonl(
            tmp_path / "pcr.jsonl",
            [
                {"prompt": "冷", "chosen": "我给你披件衣服", "rejected": "多穿点"},
                {"prompt": [U("冷")], "chosen": [A("抱紧你")], "rejected": [A("哦")]},
                # TRL style: chosen/rejected repeat the prompt
                {"prompt": [U("饿")], "chosen": [U("饿"), A("给你煮面")], "rejected": [U("饿"), A("自己吃")]},
            ],
        )
    )
    assert conv.layout == "columns" and conv.kind == "pairs"
    assert rows == [
        {"messages": [U("冷"), A("我给你披件衣服")], "rejected_response": "多穿点"},
        {"messages": [U("冷"), A("抱紧你")], "rejected_response": "哦"},
        {"messages": [U("饿"), A("给你煮面")], "rejected_response": "自己吃"},
    ]
    # implicit prompt: only chosen/rejected conversations
    conv, rows = rows_of(
        write_jsonl(
            tmp_path / "imp.jsonl", [{"chosen": [U("困"), A("睡吧，我陪你")], "rejected": [U("困"), A("去睡")]}]
        )
    )
    assert rows == [{"messages": [U("困"), A("睡吧，我陪你")], "rejected_response": "去睡"}]


def test_query_response_and_prompt_completion_label(tmp_path):
    _, rows = rows_of(
        write_jsonl(
            tmp_path / "qr.jsonl",
            [{"query": "好无聊", "response": "我陪你聊天", "rejected_response": "哦", "history": [["嗨", "嗨呀"]]}],
        )
    )
    assert rows == [{"messages": [U("嗨"), A("嗨呀"), U("好无聊"), A("我陪你聊天")], "rejected_response": "哦"}]
    conv, rows = rows_of(
        write_jsonl(
            tmp_path / "kto.jsonl",
            [
                {"prompt": "头疼", "completion": "要不要我给你揉揉", "label": 1},
                {"prompt": "头疼", "completion": "喝水", "label": 0},
            ],
        )
    )
    assert conv.kind == "kto"
    assert rows == [
        {"messages": [U("头疼"), A("要不要我给你揉揉")], "label": True},
        {"messages": [U("头疼"), A("喝水")], "label": False},
    ]


def test_kind_coercion(tmp_path):
    p = write_jsonl(tmp_path / "p.jsonl", [{"messages": [U("hi"), A("hello")], "rejected_response": "k"}])
    assert rows_of(p, kind="sft")[1] == [{"messages": [U("hi"), A("hello")]}]
    assert rows_of(p, kind="kto")[1] == [
        {"messages": [U("hi"), A("hello")], "label": True},
        {"messages": [U("hi"), A("k")], "label": False},
    ]
    s = write_jsonl(tmp_path / "s.jsonl", [{"messages": [U("hi"), A("hello")]}])
    e = err(rows_of, s, kind="pairs")
    assert "s.jsonl 第 1 行" in e.msg.zh and "rejected" in e.msg.zh
    assert "s.jsonl line 1: missing rejected" in e.msg.en


# --- CSV / TSV / XLSX / Parquet and encodings -----------------------------------------------------

CSV_TEXT = '问题,回答\n在干嘛,想你呀\n"多行\n问题","好的，""我在"""\n'
CSV_ROWS = [{"messages": [U("在干嘛"), A("想你呀")]}, {"messages": [U("多行\n问题"), A('好的，"我在"')]}]


@pytest.mark.parametrize(
    "encoding,expect",
    [
        ("utf-8", "utf-8"),
        ("utf-8-sig", "utf-8-sig"),
        ("gbk", "gb18030"),
        ("gb18030", "gb18030"),
        ("utf-16", "utf-16"),
        ("utf-16-le", "utf-16-le"),
    ],
)
def test_csv_encodings(tmp_path, encoding, expect):
    p = tmp_path / "d.csv"
    p.write_bytes(CSV_TEXT.encode(encoding))
    conv, rows = rows_of(p)
    assert conv.encoding == expect
    assert rows == CSV_ROWS
    assert [r.line for r in conv.rows] == [2, 3]  # the multi-line cell starts on line 3
    assert conv.mapping == ColumnMapping(prompt="问题", response="回答")


def test_tsv_and_semicolon_csv(tmp_path):
    p = tmp_path / "d.tsv"
    p.write_text("prompt\tchosen\trejected\n你好\t你好呀宝贝\t嗯\n", encoding="utf-8")
    assert rows_of(p)[1] == [{"messages": [U("你好"), A("你好呀宝贝")], "rejected_response": "嗯"}]
    p = tmp_path / "semi.csv"
    p.write_text("query;response\nhi;hello\n", encoding="utf-8")
    assert rows_of(p)[1] == [{"messages": [U("hi"), A("hello")]}]


def test_xlsx_with_column_mapping(tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["编号", "她说", "我回", "系统"])
    ws.append([1, "今天好累", "辛苦啦，抱抱", "温柔体贴"])
    ws.append([None, None, None, None])
    ws.append([2, "想吃火锅", "走，我请你", None])
    p = tmp_path / "chat.xlsx"
    wb.save(p)
    cols = list_columns(p)
    assert cols.columns == ["编号", "她说", "我回", "系统"]
    assert cols.row_count == 2 and cols.rows[0]["她说"] == "今天好累"
    assert cols.suggested is None and cols.layout is None
    assert "请指定哪一列是问题" in err(rows_of, p).msg.zh
    conv = apply_mapping(p, ColumnMapping(prompt="她说", response="我回", system="系统"))
    assert [r.data for r in conv.rows] == [
        {"messages": [S("温柔体贴"), U("今天好累"), A("辛苦啦，抱抱")]},
        {"messages": [U("想吃火锅"), A("走，我请你")]},
    ]
    assert [r.line for r in conv.rows] == [2, 4]
    e = err(apply_mapping, p, ColumnMapping(prompt="她说", response="不存在"))
    assert "'不存在'" in e.msg.zh and "no column '不存在'" in e.msg.en


def test_parquet_with_message_lists(tmp_path):
    import pandas as pd

    p = tmp_path / "d.parquet"
    pd.DataFrame({"messages": [[U("在吗"), A("在")], [U("晚安"), A("晚安")]]}).to_parquet(p)
    conv, rows = rows_of(p)
    assert conv.fmt == "parquet" and rows == [{"messages": [U("在吗"), A("在")]}, {"messages": [U("晚安"), A("晚安")]}]


def test_guess_mapping_names():
    assert guess_mapping(["Question", "Answer"]) == ColumnMapping(prompt="Question", response="Answer")
    assert guess_mapping(["query", "response", "rejected_response"]) == ColumnMapping(
        prompt="query", chosen="response", rejected="rejected_response"
    )
    assert guess_mapping(["a", "b"]) is None


def test_json_that_is_really_jsonl(tmp_path):
    p = write_jsonl(tmp_path / "lines.json", [{"messages": [U("a"), A("b")]}, {"messages": [U("c"), A("d")]}])
    conv, rows = rows_of(p)
    assert conv.fmt == "jsonl" and len(rows) == 2


def test_decode_bytes_utf16_without_bom():
    text, enc = decode_bytes("你好,世界\n".encode("utf-16-le"), "x.csv")
    assert (text, enc) == ("你好,世界\n", "utf-16-le")


# --- bad input: each message names the file and the line ----------------------------------------


def test_broken_json_line_names_line_and_hint(tmp_path):
    lines = [json.dumps({"messages": [U("a"), A("b")]})] * 12 + ['{"messages": [{"role": "user", "content": "x"}]']
    p = tmp_path / "bad.jsonl"
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    e = err(read_file, p)
    assert e.msg.zh == "bad.jsonl 第 13 行不是有效的 JSON（可能缺少右花括号 }）"
    assert e.msg.en == "bad.jsonl line 13: not valid JSON - missing closing brace?"
    p.write_text("{'messages': []}\n", encoding="utf-8")
    assert "双引号" in err(read_file, p).msg.zh
    p.write_text('{"a": "unterminated}\n', encoding="utf-8")
    assert "line 1: not valid JSON - a quote is not closed?" in err(read_file, p).msg.en


def test_broken_json_array_names_line(tmp_path):
    p = tmp_path / "bad.json"
    p.write_text(
        '[\n  {"instruction": "a", "output": "b"},\n  {"instruction": "c" "output": "d"}\n]\n', encoding="utf-8"
    )
    e = err(read_file, p)
    assert e.msg.en.startswith("bad.json line 3: not valid JSON")
    p.write_text('[\n  {"instruction": "a", "output": "b"}\n', encoding="utf-8")
    assert "missing closing bracket" in err(read_file, p).msg.en


def test_empty_file_and_whitespace_only(tmp_path):
    for name, data in (("e.jsonl", b""), ("w.csv", b"  \n\n ")):
        p = tmp_path / name
        p.write_bytes(data)
        e = err(read_file, p)
        assert e.msg.zh == f"{name} 是空文件，里面没有数据。" and "is empty" in e.msg.en
    p = tmp_path / "h.csv"
    p.write_text("prompt,response\n", encoding="utf-8")
    assert "是空文件" in err(read_file, p).msg.zh


def test_binary_data(tmp_path):
    p = tmp_path / "photo.jsonl"
    p.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    e = err(read_file, p)
    assert "photo.jsonl 不是文本文件" in e.msg.zh and "not a text file" in e.msg.en


def test_xlsx_that_is_not_a_workbook(tmp_path):
    p = tmp_path / "fake.xlsx"
    p.write_text("prompt,response\na,b\n", encoding="utf-8")
    e = err(read_file, p)
    assert "fake.xlsx 不是有效的 Excel 工作簿" in e.msg.zh and "not a valid Excel workbook" in e.msg.en
    p = tmp_path / "old.xls"
    p.write_bytes(b"\xd0\xcf\x11\xe0 old")
    assert "另存为 .xlsx" in err(read_file, p).msg.zh


def test_json_object_not_a_list_of_records(tmp_path):
    p = tmp_path / "obj.json"
    p.write_text('{"data": [{"prompt": "a", "response": "b"}]}', encoding="utf-8")
    e = err(rows_of, p)
    assert "obj.json 不是记录列表" in e.msg.zh and "obj.json is not a list of records" in e.msg.en
    p.write_text("[1, 2]", encoding="utf-8")
    assert "obj.json line 1: each item of the list must be a JSON object" in err(read_file, p).msg.en
    p = tmp_path / "arr.jsonl"
    p.write_text('{"prompt": "a", "response": "b"}\n[1, 2]\n', encoding="utf-8")
    assert "arr.jsonl 第 2 行" in err(read_file, p).msg.zh


def test_unknown_role(tmp_path):
    p = write_jsonl(
        tmp_path / "r.jsonl",
        [{"messages": [U("a"), A("b")]}, {"messages": [{"role": "narrator", "content": "x"}, A("b")]}],
    )
    e = err(rows_of, p)
    assert e.msg.zh.startswith("r.jsonl 第 2 行：未知的角色 'narrator'")
    assert e.msg.en.startswith("r.jsonl line 2: unknown role 'narrator'")


def test_missing_rejected(tmp_path):
    p = write_jsonl(
        tmp_path / "m.jsonl",
        [
            {"messages": [U("a"), A("b")], "rejected_response": "c"},
            {"messages": [U("a"), A("b")], "rejected_response": "c"},
            {"messages": [U("d"), A("e")]},
        ],
    )
    e = err(rows_of, p)
    assert "m.jsonl 第 3 行：缺少 rejected" in e.msg.zh and "m.jsonl line 3: missing rejected" in e.msg.en
    p = write_jsonl(
        tmp_path / "lf.jsonl",
        [{"conversations": [{"from": "human", "value": "x"}], "chosen": {"from": "gpt", "value": "y"}}],
    )
    assert "lf.jsonl line 1: missing rejected" in err(rows_of, p).msg.en


def test_nine_megabyte_single_line(tmp_path):
    p = tmp_path / "huge.jsonl"
    p.write_text(json.dumps({"messages": [U("x" * (9 * 1024 * 1024)), A("y")]}) + "\n", encoding="utf-8")
    e = err(read_file, p)
    assert "huge.jsonl 第 1 行" in e.msg.zh and "9.0 MB" in e.msg.zh and "1.0 MB" in e.msg.zh
    assert "huge.jsonl line 1: this line is 9.0 MB" in e.msg.en


def test_upload_size_and_row_limits(tmp_path):
    p = write_jsonl(tmp_path / "big.jsonl", [{"messages": [U("a" * 100), A("b")]}] * 50)
    e = err(read_file, p, Limits(max_file_bytes=1000))
    assert "big.jsonl 有" in e.msg.zh and "超过单个文件上限" in e.msg.zh and "over the" in e.msg.en
    e = err(read_file, p, Limits(max_rows=10))
    assert "50 条记录，超过上限 10 条" in e.msg.zh


def test_unknown_extension_and_gbk_detected_not_asked(tmp_path):
    p = tmp_path / "notes.md"
    p.write_text("# hello", encoding="utf-8")
    assert "不支持" in err(read_file, p).msg.zh
    # a .txt in GBK is decoded without asking
    p = tmp_path / "chat.txt"
    p.write_bytes("2024-05-01 20:13:05 小明(123)\n晚上好，今天想吃点什么呢？\n".encode("gbk"))
    raw = read_file(p)
    assert raw.encoding == "gb18030" and "晚上好" in raw.text
