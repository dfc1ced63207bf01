"""The Playground tab's handlers as plain functions (no model server, no browser).

Everything here happens before any reply is asked of a model: the refusals, the safety guard's crisis card, the
side by side's votes on a finished comparison, saved chats and personas.
"""

import gradio as gr
import pytest

from studio.chat import conversations as C
from studio.core.i18n import UserError
from studio.ui import playground_tab as PT
from studio.ui.context import UIContext

GEN = {"temperature": 0.7, "top_p": 0.9, "max_tokens": 256}
GUARD = {"ceiling": 0.8, "keywords": ""}
SEND_OUTS = {"chatbot", "conv", "msg", "note"}
CMP_OUTS = {"left", "right", "comp", "vote_left", "vote_tie", "vote_both_bad", "vote_right", "vote_note"}
CRISIS_NOTE = "🛡️ Safety guard: this reply comes from the guard, not the model, because you may need help."


@pytest.fixture
def ctx(ws):
    return UIContext(ws, lang="en")


@pytest.fixture
def no_network(monkeypatch):
    """An endpoint as if a server were running, on a port nothing listens on: any request to it would fail and
    show as a broken reply, so a test that passes with it made none."""
    monkeypatch.setattr(PT, "endpoint", lambda ctx: C.Endpoint("http://127.0.0.1:9/v1"))


def send(ctx, lang="en", conv=None, msg="hi", model="m", **kw):
    return PT.send_message(
        ctx, lang=lang, conv=conv, msg=msg, model=model, system="", greeting="", **GEN, **GUARD, bot_name="", **kw
    )


def compare(ctx, text, a, b, lang="en"):
    return PT.send_to_both(ctx, lang=lang, text=text, model_a=a, model_b=b, blind=True, system="", **GEN, **GUARD)


def test_without_a_server_the_page_says_how_to_start_one(ctx):
    out = PT.first_servers(ctx, "en")
    assert set(out) == {"health", "model", "model_a", "model_b", "cmp_hint", "serve_all", "known"}
    assert "Start server" in out["health"]  # the hint: where to start the chat server
    for name in ("model", "model_a", "model_b"):
        assert out[name]["choices"] == [] and out[name]["value"] is None
    assert out["cmp_hint"] == "" and out["serve_all"]["visible"] is False
    assert out["known"] == [[], []]
    # Nothing changed since: only the light is redrawn, the pickers are left as the person set them.
    again = PT.servers(ctx, "en", model="x", model_a="y", model_b="z", known=[[], []])
    assert set(again) == {"health", "known"}


def test_a_message_is_refused_with_a_sentence_before_anything_is_sent(ctx):
    with pytest.raises(UserError, match="The message is empty"):
        next(send(ctx, msg="   "))
    with pytest.raises(UserError) as e:
        next(send(ctx, lang="zh", model=None))
    assert e.value.text("zh") == "还没有选模型：先在“模型与导出”页启动聊天服务，再在上面选一个模型。"
    with pytest.raises(UserError, match="No chat server is running"):  # a model picked, but no server
        next(send(ctx))
    with pytest.raises(UserError, match="There is no reply to regenerate"):
        next(PT.regenerate(ctx, "en", conv=None, model="m", system="", **GEN, **GUARD))


def test_a_self_harm_message_gets_the_guards_crisis_card_not_the_model(ctx, no_network):
    before = PT.new_chat(ctx, "en", model="m", system="", greeting="", **GEN)["conv"]
    frames = list(send(ctx, conv=before, msg="I want to kill myself"))
    first, last = frames[0], frames[-1]
    assert set(first) == SEND_OUTS and first["msg"] == "" and first["note"] == ""  # emptied as the message goes
    # ... and only then: a next message typed while the reply streams is left in the box.
    assert all(set(f) == SEND_OUTS - {"msg"} for f in frames[1:])
    assert last["note"] == CRISIS_NOTE
    conv = last["conv"]
    user, reply = conv.turns[-2], conv.turns[-1]
    assert (user.role, user.content, user.guard["action"]) == ("user", "I want to kill myself", "crisis")
    assert reply.role == "assistant" and reply.guard["action"] == "crisis"
    assert last["chatbot"][-1]["content"].endswith(f"*{CRISIS_NOTE}*")
    assert [t.role for t in before.turns] == ["notice"]  # the page's own conversation was not touched


def test_side_by_side_refuses_a_model_compared_with_itself_and_answers_a_crisis_itself(ctx, no_network):
    with pytest.raises(UserError, match="Both sides are “m”"):
        next(compare(ctx, "hello", "m", "m"))
    frames = list(compare(ctx, "I want to kill myself", "base", "run-1"))
    assert frames and all(set(f) == CMP_OUTS for f in frames)
    last = frames[-1]
    assert last["comp"].crisis and last["comp"].done
    # The guard answered, not the models: nothing to vote on, and both cards say so.
    assert all(last[f"vote_{k}"]["interactive"] is False for k in ("left", "tie", "both_bad", "right"))
    assert CRISIS_NOTE in last["left"] and CRISIS_NOTE in last["right"]
    assert "Model A" in last["left"] and "Model B" in last["right"]  # blind: no names before the vote
    with pytest.raises(UserError, match="cannot be voted on"):
        PT.vote(ctx, "en", last["comp"], "left")


def test_side_by_side_needs_a_server(ctx):
    with pytest.raises(UserError, match="No chat server is running"):
        next(compare(ctx, "hello", "base", "run-1"))


def test_a_vote_is_recorded_and_unveils_the_models(ctx):
    with pytest.raises(UserError, match="Send a message to both models first"):
        PT.voter("left")(ctx, "en", None)
    comp = C.Comparison(
        [{"role": "user", "content": "hello"}], "base", "run-1", blind=True, left="hi", right="hello there", done=True
    )
    vote_tie = PT.voter("tie")
    assert vote_tie.__name__ == "vote_tie"
    out = PT.voter("right")(ctx, "en", comp)
    assert set(out) == CMP_OUTS
    assert out["comp"].vote == "right" and comp.vote is None  # the page's comparison is a copy
    assert "left was **base**, right was **run-1**" in out["vote_note"]
    assert 'class="qx-cmp win"' in out["right"] and 'class="qx-cmp"' in out["left"]
    assert ">run-1<" in out["right"] and ">base<" in out["left"]  # the names, now the vote is in
    assert all(out[f"vote_{k}"]["interactive"] is False for k in ("left", "tie", "both_bad", "right"))
    with pytest.raises(UserError, match="already voted"):
        vote_tie(ctx, "en", out["comp"])


def test_a_chat_is_saved_listed_and_opened_again(ctx):
    assert PT.saved_list(ctx, "en")["saved_empty"]["visible"] is True
    out = PT.new_chat(ctx, "en", model="m", system="Be kind.", greeting="Hi there", **GEN)
    assert set(out) == {"chatbot", "conv", "note"} and out["note"] == ""
    assert [m["content"] for m in out["chatbot"]][1] == "Hi there"  # after the AI disclosure
    assert out["chatbot"][0]["content"].startswith("> ℹ️")
    conv = out["conv"]
    with pytest.raises(UserError, match="This chat is still empty"):
        PT.save_chat(ctx, "en", conv, "")
    conv.turns += [C.Turn("user", "how was your day?"), C.Turn("assistant", "lovely")]
    saved = PT.save_chat(ctx, "en", conv, "First date")
    assert set(saved) == {"conv", "convs", "saved_empty"}
    assert saved["saved_empty"]["visible"] is False
    [(label, cid)] = saved["convs"]["choices"]
    assert "First date" in label and saved["convs"]["value"] == []
    with pytest.raises(UserError, match="Tick a conversation first"):
        PT.open_chats(ctx, "en", [])
    opened = PT.open_chats(ctx, "en", [cid])
    assert opened["system"] == "Be kind." and opened["title"] == "First date"
    assert opened["play_tabs"]["selected"] == "play-chat"
    assert [m["content"] for m in opened["chatbot"]][-2:] == ["how was your day?", "lovely"]


def test_an_edited_reply_keeps_the_models_words(ctx):
    assert PT.edit_reply(ctx, "en", None, 1, "x") == {"chatbot": [], "conv": None}
    conv = PT.new_chat(ctx, "en", model="m", system="", greeting="Hello!", **GEN)["conv"]
    out = PT.edit_reply(ctx, "en", conv, [1, 0], [{"type": "text", "text": "Hi, you!\n\n*✏️*"}])
    turn = out["conv"].turns[1]
    assert (turn.content, turn.original) == ("Hi, you!", "Hello!")
    assert out["chatbot"][1]["content"] == "Hi, you!\n\n*✏️*"
    assert conv.turns[1].content == "Hello!"
    with pytest.raises(UserError, match="Only the model's replies can be edited"):
        PT.edit_reply(ctx, "en", conv, 0, "no")  # the disclosure is not a reply


def persona(**over):
    fields = {
        "bot_name": "小七",
        "user_name": "阿杰",
        "nicknames": "宝贝，小笨蛋",
        "likes": "奶茶, 猫",
        "dislikes": "香菜",
        "memories": "看了烟花\n\n一起做饭",
        "tone": "gentle",
        "reply_lang": "zh",
        "boundaries": "",
    }
    return {**fields, **over}


def test_a_persona_is_saved_loaded_used_and_carried_as_a_card(ctx):
    assert PT.persona_names(ctx, "en") == {"p_pick": gr.update(choices=[])}
    with pytest.raises(UserError, match="Choose a saved persona first"):
        PT.load_persona(ctx, "en", None)
    saved = PT.save_persona(ctx, "en", **persona())
    assert saved["p_pick"]["value"] == "小七" and saved["p_pick"]["choices"] == ["小七"]
    loaded = PT.load_persona(ctx, "en", "小七")
    assert set(loaded) == set(PT.PERSONA_FIELDS)
    assert loaded["nicknames"] == "宝贝, 小笨蛋" and loaded["memories"] == "看了烟花\n一起做饭"
    assert loaded["bot_name"] == "小七" and loaded["reply_lang"] == "zh"

    used = PT.apply_persona(ctx, "en", model="m", **GEN, **persona())
    assert set(used) == {"system", "greeting", "chatbot", "conv"}
    assert "小七" in used["system"] and used["conv"].persona == "小七"
    assert used["conv"].system == used["system"]

    card = PT.export_persona(ctx, "en", **persona())["card_file"]
    assert card["visible"] is True and card["value"].endswith(".card.json")
    with pytest.raises(UserError, match="No file was received"):
        PT.import_persona(ctx, "en", None)
    back = PT.import_persona(ctx, "en", card["value"])
    assert back["bot_name"] == "小七" and back["user_name"] == "阿杰"
    assert not any(ctx.ws.uploads.rglob("*.card.json"))  # the staged copy is gone


def test_the_wired_endpoints_pass_values_by_position_to_the_named_handlers(ws):
    """Through the built page: the values Gradio passes by position reach the right names, and the outputs come
    back in the wired order (a name mistyped on either side would fail here, not in a browser)."""
    from studio.ui import shell

    demo = shell.build_app(ws)
    fns = demo.fns.values() if isinstance(demo.fns, dict) else demo.fns
    by_api = {f.api_name: f.fn for f in fns if f.api_name}
    chatbot, conv, note = by_api["play_clear"]("en", "m", "Be kind.", "Hello!", 0.7, 0.9, 256)
    assert conv.model == "m" and conv.system == "Be kind." and note == ""
    assert conv.settings == C.GenSettings(0.7, 0.9, 256) and chatbot[1]["content"] == "Hello!"
    with pytest.raises(gr.Error) as e:  # a UserError becomes its sentence in the page's language
        by_api["compare_vote_tie"]("en", None)
    assert e.value.message == "Send a message to both models first."
    with pytest.raises(gr.Error) as e:
        next(by_api["play_send"]("zh", None, "", "m", "", "", 0.7, 0.9, 256, 0.8, "", ""))
    assert e.value.message == "消息是空的：先写点什么再发送。"
