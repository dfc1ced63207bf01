"""Chat exports (QQ, WhatsApp, WeChat CSV, Telegram) -> exact multi-turn SFT samples."""

from __future__ import annotations

import json

import pytest

from studio.core.i18n import UserError
from studio.data import chats
from studio.data.chats import ChatOptions, list_speakers, to_samples
from studio.data.formats import read_file

U = lambda t: {"role": "user", "content": t}  # noqa: E731
A = lambda t: {"role": "assistant", "content": t}  # noqa: E731

QQ = """消息记录（此消息记录为文本格式，不支持重新导入）

================================================================
消息分组:我的好友
================================================================
消息对象:小红
================================================================

2024-05-01 20:13:05 小红(654321)
在吗

2024-05-01 20:13:09 小红(654321)
[图片]

2024-05-01 20:13:20 小红(654321)
今天好累
[表情]

2024-05-01 20:14:00 阿杰(123456)
在呢
怎么啦

2024-05-01 20:15:00 小红(654321)
加班到现在

2024-05-01 20:15:30 阿杰(123456)
辛苦啦，早点休息

2024-05-02 09:00:00 阿杰(123456)
早安

2024-05-02 09:01:00 小红(654321)
早

2024-05-02 09:01:30 阿杰(123456)
阿杰撤回了一条消息

2024-05-02 09:02:00 阿杰(123456)
今天也要开心
"""


def load(path):
    return chats.parse(read_file(path))


def samples(path, **opts):
    got = to_samples(load(path), ChatOptions(**opts))
    return got, [r.data for r in got.rows]


def test_qq_export(tmp_path):
    p = tmp_path / "qq.txt"
    p.write_text(QQ, encoding="utf-8")
    log = load(p)
    assert log.fmt == "qq"
    assert [(s.name, s.messages) for s in list_speakers(log)] == [("小红", 4), ("阿杰", 4)]
    got, rows = samples(p, me="阿杰")
    assert rows == [
        {"messages": [U("在吗\n今天好累"), A("在呢\n怎么啦"), U("加班到现在"), A("辛苦啦，早点休息")]},
        {"messages": [U("早"), A("今天也要开心")]},
    ]
    assert [r.line for r in got.rows] == [9, 32]  # the header line of the first message
    assert dict(got.dropped) == {"image": 1, "recall": 1}
    # the other way round: the partner's voice is learnt, a system prompt in front
    _, rows = samples(p, me="小红", system="你是小红")
    assert rows == [
        {"messages": [{"role": "system", "content": "你是小红"}, U("在呢\n怎么啦"), A("加班到现在")]},
        {"messages": [{"role": "system", "content": "你是小红"}, U("早安"), A("早")]},
    ]


def test_qq_export_in_gbk(tmp_path):
    p = tmp_path / "qq_gbk.txt"
    p.write_bytes(QQ.encode("gbk"))
    _, rows = samples(p, me="阿杰")
    assert rows[0]["messages"][1] == A("在呢\n怎么啦")


WA_ANDROID = """12/31/23, 9:15 PM - Messages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, can read or listen to them.
12/31/23, 9:15\u202fPM - Anna: Happy new year's eve!
12/31/23, 9:16 PM - Anna: <Media omitted>
12/31/23, 9:17 PM - Ben: Happy new year my love
see you soon
12/31/23, 9:18 PM - Anna: \u2764\ufe0f
1/1/24, 10:00 AM - Ben: Good morning
1/1/24, 10:05 AM - Anna: morning!
1/1/24, 10:06 AM - Ben: This message was deleted
1/1/24, 10:07 AM - Ben: Coffee? <This message was edited>
"""

WA_IOS = """[31/12/2023, 21:15:02] Anna: Happy new year's eve!
[31/12/2023, 21:16:10] Anna: \u200eimage omitted
[31/12/2023, 21:17:00] Ben: Happy new year my love
[01/01/2024, 03:30:00] Anna: can't sleep
[01/01/2024, 03:31:00] Ben: me neither
"""


def test_whatsapp_android(tmp_path):
    p = tmp_path / "WhatsApp Chat with Anna.txt"
    p.write_text(WA_ANDROID, encoding="utf-8")
    log = load(p)
    assert log.fmt == "whatsapp"
    assert log.messages[0].time.isoformat() == "2023-12-31T21:15:00"
    got, rows = samples(p, me="Ben")
    assert rows == [
        {"messages": [U("Happy new year's eve!"), A("Happy new year my love\nsee you soon")]},
        {"messages": [U("morning!"), A("Coffee?")]},
    ]
    assert dict(got.dropped) == {"system": 1, "image": 1, "recall": 1}


def test_whatsapp_ios_and_gap(tmp_path):
    p = tmp_path / "_chat.txt"
    p.write_text(WA_IOS, encoding="utf-8")
    log = load(p)
    assert log.messages[-1].time.isoformat() == "2024-01-01T03:31:00"
    _, rows = samples(p, me="Ben")  # 6 h 13 min of silence: two conversations
    assert rows == [
        {"messages": [U("Happy new year's eve!"), A("Happy new year my love")]},
        {"messages": [U("can't sleep"), A("me neither")]},
    ]
    _, rows = samples(p, me="Ben", gap_hours=8)
    assert rows == [
        {"messages": [U("Happy new year's eve!"), A("Happy new year my love"), U("can't sleep"), A("me neither")]}
    ]


WECHAT = '''localId,TalkerId,Type,SubType,IsSender,CreateTime,Status,StrContent,StrTime,Remark,NickName,Sender
1,wxid_a,1,0,0,1714565585,2,在干嘛,2024-05-01 20:13:05,宝贝,小红,
2,wxid_a,3,0,0,1714565590,2,"<msg><img length=""1""/></msg>",2024-05-01 20:13:10,宝贝,小红,
3,wxid_a,1,0,1,1714565640,2,想你呢,2024-05-01 20:14:00,宝贝,小红,
4,wxid_a,47,0,1,1714565645,2,,2024-05-01 20:14:05,宝贝,小红,
5,wxid_a,10000,0,0,1714565700,2,"""宝贝"" 撤回了一条消息",2024-05-01 20:15:00,宝贝,小红,
6,wxid_a,1,0,0,1714565760,2,真的吗[害羞],2024-05-01 20:16:00,宝贝,小红,
7,wxid_a,1,0,1,1714565790,2,真的,2024-05-01 20:16:30,宝贝,小红,
'''


def test_wechat_csv(tmp_path):
    p = tmp_path / "宝贝.csv"
    p.write_bytes(WECHAT.encode("utf-8-sig"))
    log = load(p)
    assert log.fmt == "wechat_csv" and log.suggested_me == "我"
    assert sorted((s.name, s.messages) for s in list_speakers(log)) == [("宝贝", 2), ("我", 2)]
    got, rows = samples(p, me="我")
    assert rows == [{"messages": [U("在干嘛"), A("想你呢"), U("真的吗[害羞]"), A("真的")]}]
    assert dict(got.dropped) == {"image": 1, "sticker": 1, "recall": 1}


def test_telegram_json(tmp_path):
    export = {
        "name": "Lily",
        "type": "personal_chat",
        "id": 42,
        "messages": [
            {"id": 1, "type": "service", "date": "2024-05-01T20:00:00", "action": "phone_call", "actor": "Lily"},
            {"id": 2, "type": "message", "date": "2024-05-01T20:13:05", "from": "Lily", "text": "hey"},
            {
                "id": 3,
                "type": "message",
                "date": "2024-05-01T20:13:10",
                "from": "Lily",
                "text": ["look ", {"type": "link", "text": "https://example.org"}],
            },
            {
                "id": 4,
                "type": "message",
                "date": "2024-05-01T20:13:20",
                "from": "Lily",
                "photo": "photos/1.jpg",
                "text": "",
            },
            {"id": 5, "type": "message", "date": "2024-05-01T20:14:00", "from": "Max", "text": "nice"},
            {
                "id": 6,
                "type": "message",
                "date": "2024-05-01T20:14:30",
                "from": "Max",
                "media_type": "sticker",
                "file": "s.webp",
                "text": "",
            },
        ],
    }
    p = tmp_path / "result.json"
    p.write_text(json.dumps(export), encoding="utf-8")
    got, rows = samples(p, me="Max")
    assert rows == [{"messages": [U("hey\nlook https://example.org"), A("nice")]}]
    assert got.rows[0].line == 2
    assert dict(got.dropped) == {"call": 1, "image": 1, "sticker": 1}


def test_long_conversation_is_cut_into_rounds(tmp_path):
    lines = []
    for i in range(5):
        lines += [f"2024-05-01 20:{i:02d}:00 她(1)", f"q{i}", "", f"2024-05-01 20:{i:02d}:30 我(2)", f"a{i}", ""]
    p = tmp_path / "long.txt"
    p.write_text("\n".join(lines), encoding="utf-8")
    _, rows = samples(p, me="我", max_rounds=2)
    assert [len(r["messages"]) for r in rows] == [4, 4, 2]
    assert rows[2] == {"messages": [U("q4"), A("a4")]}


def test_group_chat_needs_partner_and_drops_others(tmp_path):
    p = tmp_path / "group.txt"
    p.write_text(
        "2024-05-01 20:00:00 甲(1)\n你好\n\n2024-05-01 20:00:10 丙(3)\n插一句\n\n"
        "2024-05-01 20:00:20 甲(1)\n在吗\n\n2024-05-01 20:01:00 乙(2)\n在\n",
        encoding="utf-8",
    )
    log = load(p)
    with pytest.raises(UserError) as ei:
        to_samples(log, ChatOptions(me="乙"))
    assert "请指定对方是谁" in ei.value.msg.zh and "甲 (2)" in ei.value.msg.zh
    got = to_samples(log, ChatOptions(me="乙", partner="甲"))
    assert [r.data for r in got.rows] == [{"messages": [U("你好\n在吗"), A("在")]}]
    assert got.dropped["other_speaker"] == 1


def test_unknown_me_lists_speakers(tmp_path):
    p = tmp_path / "qq.txt"
    p.write_text(QQ, encoding="utf-8")
    with pytest.raises(UserError) as ei:
        to_samples(load(p), ChatOptions(me="小王"))
    assert "qq.txt 里没有名为 '小王' 的发言人" in ei.value.msg.zh
    assert "Speakers found: 小红 (4), 阿杰 (4)" in ei.value.msg.en


def test_txt_that_is_no_chat_export(tmp_path):
    p = tmp_path / "notes.txt"
    p.write_text("just some notes\nnothing here\n", encoding="utf-8")
    raw = read_file(p)
    assert chats.sniff(raw) is None
    with pytest.raises(UserError) as ei:
        chats.parse(raw)
    assert "notes.txt 不是可识别的聊天记录" in ei.value.msg.zh
