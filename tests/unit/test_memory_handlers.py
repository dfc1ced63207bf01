"""The memory panel's handlers as plain functions (no server, no browser): a note written, edited, found,
deleted, and every note of a persona erased after asking."""

import pytest

from studio.core.i18n import UserError
from studio.ui import memory_panel as MP
from studio.ui.context import UIContext


@pytest.fixture
def ctx(ws):
    return UIContext(ws, lang="en")


def test_a_note_from_add_to_erase(ctx):
    first = MP.view(ctx, "en", "小七", "")
    assert first["pick"]["choices"] == [] and MP.refresh(ctx, "en", "小七", "", None, [], first["seen"]) == {}
    added = MP.add(ctx, "en", "小七", "", "她不吃香菜", "preference", "", False)
    [(label, note_id)] = added["pick"]["choices"]
    assert "香菜" in label and added["pick"]["value"] == note_id and "香菜" in added["table"]
    assert MP.refresh(ctx, "en", "小七", "", None, [], first["seen"])["seen"] != first["seen"]  # changed: redrawn
    assert MP.pick_note(ctx, "en", note_id) == {"text": "她不吃香菜", "kind": "preference", "day": "", "pinned": False}
    saved = MP.save(ctx, "en", "小七", "", note_id, "她不吃香菜，也不吃葱", "preference", "", True)
    assert "葱" in saved["table"] and MP.pick_note(ctx, "en", note_id)["pinned"] is True
    assert "葱" not in MP.view(ctx, "en", "小七", "生日")["table"]  # the search filters the list
    ask = MP.erase_ask(ctx, "zh", "小七")
    assert ask["confirm"]["visible"] is True and "小七" in ask["ask"]
    gone = MP.erase(ctx, "en", "小七", "")
    assert gone["pick"]["choices"] == [] and gone["confirm"]["visible"] is False and gone["text"] == ""


def test_buttons_without_a_choice_say_what_to_do_first(ctx):
    with pytest.raises(UserError, match="Tick the new notes to keep first"):
        MP.keep(ctx, "en", "小七", "", [])
    with pytest.raises(UserError, match="Pick a note"):
        MP.delete(ctx, "en", "小七", "", None)
    assert MP.pick_note(ctx, "en", None) == MP.NO_EDIT


def test_a_redraw_keeps_the_ticks_on_notes_still_waiting(ctx):
    """A note arriving while the partner ticks others redraws the list; their ticks stay where the notes stay."""
    from studio.chat import memory as M

    con = ctx.db()
    for text in ("我妹妹叫小雨", "下周三我要考试"):
        M.observe(con, "小七", text)
    drawn = MP.view(ctx, "en", "小七", "")
    ids = [i for _, i in drawn["pending"]["choices"]]
    assert len(ids) == 2 and drawn["pending"]["value"] == []
    M.observe(con, "小七", "我对芒果过敏")  # arrives while one note is ticked
    again = MP.refresh(ctx, "en", "小七", "", None, [ids[0], 99999], drawn["seen"])
    assert len(again["pending"]["choices"]) == 3 and again["pending"]["value"] == [ids[0]]
    M.accept(con, [ids[0]])  # kept elsewhere: no longer waiting, so no longer ticked
    assert MP.refresh(ctx, "en", "小七", "", None, [ids[0]], again["seen"])["pending"]["value"] == []


def test_a_setting_changed_elsewhere_redraws_the_panel_even_with_no_notes(ctx):
    """The pulse compares fingerprints: one taken before any note exists must still see a settings change."""
    from studio.chat import memory as M

    drawn = MP.view(ctx, "en", "小七", "")
    assert MP.refresh(ctx, "en", "小七", "", None, [], drawn["seen"]) == {}
    M.set_settings(ctx.db(), "小七", M.Settings(True, True, 300, False))  # as another tab or `qixi memory` would
    again = MP.refresh(ctx, "en", "小七", "", None, [], drawn["seen"])
    assert again["budget"] == 300 and again["auto"] is True
