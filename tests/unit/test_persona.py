"""Persona cards: prompt, workspace storage, SillyTavern character card V2 import / export."""

from __future__ import annotations

import base64
import json
import struct
import zlib
from pathlib import Path

import pytest

from studio.chat.persona import (
    Persona,
    delete_persona,
    export_card,
    from_card,
    import_card,
    list_personas,
    load_persona,
    safe_name,
    save_persona,
    to_card,
)
from studio.core.i18n import UserError
from studio.core.workspace import OutsideWorkspace, Workspace

V2_KEYS = {
    "name",
    "description",
    "personality",
    "scenario",
    "first_mes",
    "mes_example",
    "creator_notes",
    "system_prompt",
    "post_history_instructions",
    "alternate_greetings",
    "tags",
    "creator",
    "character_version",
    "extensions",
}


@pytest.fixture
def ws(tmp_path) -> Workspace:
    return Workspace.open(tmp_path / "ws")


@pytest.fixture
def persona() -> Persona:
    return Persona(
        bot_name="小七",
        user_name="阿明",
        nicknames=["宝贝", "小笨蛋"],
        likes=["猫", "火锅"],
        dislikes=["香菜"],
        memories=["2021 年在西湖边第一次见面", "一起养了一只叫年糕的猫"],
        tone="playful",
        boundaries=["不聊前任"],
        language="zh",
        examples="<START>\n{{user}}: 我回来啦\n{{char}}: 欢迎回家！",
        tags=["恋爱"],
    )


# --------------------------------------------------------------------------- prompt


def test_system_prompt_holds_the_persona_and_the_safety_rules(persona):
    zh = persona.system_prompt()
    for needle in (
        "小七",
        "阿明",
        "宝贝、小笨蛋",
        "猫、火锅",
        "香菜",
        "西湖",
        "俏皮",
        "不聊前任",
        "AI",
        "朋友、家人",
        "110",
        "请用中文回复",
    ):
        assert needle in zh, needle
    en = persona.system_prompt("en")
    assert "AI companion" in en and "Never pretend to be human" in en and "Reply in Chinese" in en
    assert "你是" not in en
    # the user's own boundary comes after the fixed rules
    assert zh.index("你是 AI") < zh.index("不聊前任")


def test_system_prompt_skips_empty_sections():
    p = Persona("Ava", language="en")
    text = p.system_prompt()
    assert "your partner" in text and "likes:" not in text and "You may call them" not in text
    assert "Reply in English" in text
    assert p.first_message() == "Hi you, it's Ava! How was your day?"


def test_free_text_tone_is_used_as_written():
    assert "像猫一样傲娇" in Persona("喵", tone="像猫一样傲娇").system_prompt()


@pytest.mark.parametrize(
    "kwargs, field",
    [
        ({"bot_name": "  "}, "bot_name"),
        ({"bot_name": "x", "language": "fr"}, "language"),
        ({"bot_name": "x", "likes": "猫"}, "likes"),
        ({"bot_name": "x", "likes": ["a"] * 51}, "likes"),
        ({"bot_name": "x" * 65}, "bot_name"),
    ],
)
def test_invalid_persona_is_a_user_error(kwargs, field):
    with pytest.raises(UserError) as e:
        Persona(**kwargs)
    assert field in e.value.text("en")


def test_from_dict_refuses_unknown_fields():
    with pytest.raises(UserError) as e:
        Persona.from_dict({"bot_name": "x", "favourite": "y"}, "personas/x.json")
    assert "favourite" in e.value.text("zh") and "personas/x.json" in e.value.text("en")


# --------------------------------------------------------------------------- storage


def test_save_and_load_round_trip(ws, persona):
    path = save_persona(ws, persona)
    assert path == ws.root / "personas" / "小七.json"
    doc = json.loads(path.read_text("utf-8"))
    assert doc["format"] == "qixi-persona" and doc["persona"]["bot_name"] == "小七"
    assert load_persona(ws, "小七") == persona
    assert load_persona(ws, "小七.json") == persona
    assert list_personas(ws) == ["小七"]
    assert not [p for p in path.parent.iterdir() if p.name.startswith(".")]  # no temp files left
    assert delete_persona(ws, "小七") and list_personas(ws) == []


@pytest.mark.parametrize(
    "name, stem",
    [
        ("../../etc/passwd", "etc_passwd"),
        ("a/b\\c", "a_b_c"),
        ("???", "persona"),
        ("CON", "persona_CON"),
        ("  小 七 ", "小_七"),
        (".hidden", "hidden"),
    ],
)
def test_names_are_sanitised_and_stay_in_the_folder(ws, name, stem):
    assert safe_name(name) == stem
    path = save_persona(ws, Persona("x"), name=name)
    assert path.parent == ws.root / "personas" and path.stem == stem


def test_a_symlinked_personas_folder_pointing_outside_is_refused(ws, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (ws.root / "personas").symlink_to(outside, target_is_directory=True)
    with pytest.raises(OutsideWorkspace):
        save_persona(ws, Persona("x"))
    assert not any(outside.iterdir())


def test_load_errors_name_the_file(ws, persona):
    with pytest.raises(UserError) as e:
        load_persona(ws, "nobody")
    assert "personas/nobody.json" in e.value.text("zh")
    path = save_persona(ws, persona)
    path.write_text('{\n  "format": "qixi-persona",\n  "persona": {,\n}', encoding="utf-8")
    with pytest.raises(UserError) as e:
        load_persona(ws, "小七")
    assert "第 3 行" in e.value.text("zh") and "line 3" in e.value.text("en")
    path.write_text(json.dumps({"format": "qixi-persona", "version": 1, "persona": {"bot_name": 3}}), "utf-8")
    with pytest.raises(UserError) as e:
        load_persona(ws, "小七")
    assert "bot_name" in e.value.text("en")


# --------------------------------------------------------------------------- character card V2


def test_card_has_the_v2_shape(persona):
    card = to_card(persona)
    assert card["spec"] == "chara_card_v2" and card["spec_version"] == "2.0"
    assert set(card["data"]) == V2_KEYS
    data = card["data"]
    assert data["name"] == "小七" and data["first_mes"].startswith("宝贝")
    assert "{{char}}" in data["description"] and "猫、火锅" in data["description"]
    assert "西湖" in data["scenario"] and data["system_prompt"] == persona.system_prompt("zh")
    assert all(isinstance(data[k], str) for k in V2_KEYS - {"alternate_greetings", "tags", "extensions"})
    json.dumps(card)  # serialisable


def test_card_round_trip_in_memory_and_through_files(ws, persona):
    assert from_card(to_card(persona)) == persona
    assert from_card(to_card(persona, "en")) == persona
    path = export_card(ws, persona)
    assert path == ws.exports / "小七.card.json"
    assert import_card(ws, path) == persona
    assert import_card(ws, "exports/小七.card.json") == persona


def test_fields_edited_in_another_app_win(persona):
    card = to_card(persona)
    card["data"]["first_mes"] = "早上好呀！"
    card["data"]["tags"] = ["恋爱", "日常"]
    got = from_card(card)
    assert got.greeting == "早上好呀！" and got.tags == ["恋爱", "日常"] and got.likes == persona.likes

    card = to_card(persona)
    card["data"]["description"] = "小七是一个温柔的程序员。"
    got = from_card(card)  # composed text changed: the card's text is the truth
    assert got.description == "小七是一个温柔的程序员。" and got.likes == []


def test_card_from_another_tool_is_mapped():
    card = {
        "spec": "chara_card_v2",
        "spec_version": "2.0",
        "data": {
            "name": "Luna",
            "description": "Luna is a moonlit poet.",
            "personality": "dreamy, soft-spoken",
            "scenario": "A rooftop at night.",
            "first_mes": "Oh, you came!",
            "mes_example": "",
            "creator_notes": "",
            "system_prompt": "Stay in character.",
            "post_history_instructions": "",
            "alternate_greetings": ["Hello again."],
            "tags": ["poet"],
            "creator": "someone",
            "character_version": "3",
            "extensions": {"depth_prompt": {"depth": 4}},
        },
    }
    p = from_card(card, "uploads/luna.json")
    assert (p.bot_name, p.language, p.tone, p.greeting) == ("Luna", "en", "dreamy, soft-spoken", "Oh, you came!")
    assert p.instructions == "Stay in character." and p.alternate_greetings == ["Hello again."]
    assert "Stay in character." in p.system_prompt() and "Never pretend to be human" in p.system_prompt()


def test_v1_flat_card_is_accepted():
    p = from_card(
        {
            "name": "阿狸",
            "description": "一只狐狸",
            "personality": "",
            "scenario": "",
            "first_mes": "嗨～",
            "mes_example": "",
        }
    )
    assert p.bot_name == "阿狸" and p.language == "zh" and p.greeting == "嗨～"


@pytest.mark.parametrize(
    "card, needle",
    [
        ([], "JSON"),
        ({"spec": "chara_card_v3", "spec_version": "3.0", "data": {}}, "chara_card_v2"),
        ({"spec": "something"}, "chara_card_v2"),
        ({"spec": "chara_card_v2", "spec_version": "1.0", "data": {"name": "x"}}, "spec_version"),
        ({"spec": "chara_card_v2", "spec_version": "2.0"}, "data"),
        ({"spec": "chara_card_v2", "spec_version": "2.0", "data": {"name": " "}}, "data.name"),
        ({"spec": "chara_card_v2", "spec_version": "2.0", "data": {"name": "x", "tags": "a,b"}}, "data.tags"),
        ({"spec": "chara_card_v2", "spec_version": "2.0", "data": {"name": "x", "description": 5}}, "data.description"),
        ({"spec": "chara_card_v2", "spec_version": "2.0", "data": {"name": "x", "extensions": []}}, "data.extensions"),
    ],
)
def test_bad_cards_get_a_sentence(card, needle):
    with pytest.raises(UserError) as e:
        from_card(card, "uploads/card.json")
    for lang in ("zh", "en"):
        assert needle in e.value.text(lang) and "uploads/card.json" in e.value.text(lang)


def test_broken_qixi_extension_is_reported(persona):
    card = to_card(persona)
    card["data"]["extensions"]["qixi_studio"]["persona"]["likes"] = "猫"
    with pytest.raises(UserError) as e:
        from_card(card, "c.json")
    assert "likes" in e.value.text("en") and "qixi_studio" in e.value.text("en")


def _png(chunks: list[tuple[bytes, bytes]]) -> bytes:
    out = b"\x89PNG\r\n\x1a\n"
    ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    for kind, body in [(b"IHDR", ihdr), *chunks, (b"IEND", b"")]:
        out += struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
    return out


def test_png_card_import(ws, persona):
    payload = base64.b64encode(json.dumps(to_card(persona), ensure_ascii=False).encode("utf-8"))
    (ws.uploads / "card.png").write_bytes(_png([(b"tEXt", b"chara\x00" + payload)]))
    assert import_card(ws, "uploads/card.png") == persona
    itxt = b"chara\x00\x01\x00\x00\x00" + zlib.compress(payload)
    (ws.uploads / "card2.png").write_bytes(_png([(b"iTXt", itxt)]))
    assert import_card(ws, ws.uploads / "card2.png") == persona
    (ws.uploads / "plain.png").write_bytes(_png([]))
    with pytest.raises(UserError) as e:
        import_card(ws, "uploads/plain.png")
    assert "chara" in e.value.text("en") and "uploads/plain.png" in e.value.text("zh")


def test_import_file_errors(ws, tmp_path: Path):
    outside = tmp_path / "card.json"
    outside.write_text("{}", encoding="utf-8")
    with pytest.raises(UserError) as e:
        import_card(ws, outside)
    assert "workspace" in e.value.text("en")
    with pytest.raises(UserError):
        import_card(ws, "uploads/missing.json")
    (ws.uploads / "bad.json").write_bytes(b"\xff\xfe not utf8")
    with pytest.raises(UserError) as e:
        import_card(ws, "uploads/bad.json")
    assert "UTF-8" in e.value.text("en")
