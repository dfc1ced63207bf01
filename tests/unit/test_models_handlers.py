"""The Models tab's handlers as plain functions (no server, no browser)."""

import pytest

from studio.chat.persona import Persona, save_persona
from studio.core.i18n import UserError
from studio.ui import models_tab as MT
from studio.ui.context import UIContext


@pytest.fixture
def ctx(ws):
    return UIContext(ws, lang="en")


def test_an_empty_workspace_says_so_and_nothing_is_picked(ctx):
    out = MT.listing(ctx, "en", "gone-id", None)
    assert out["empty"]["visible"] is True and out["table"]["visible"] is False
    assert out["pick"]["value"] is None and out["serve_model"]["value"] is None
    assert MT.describe(ctx, "en", None, None) == {
        "ckpt": {"__type__": "update", "choices": [], "value": None, "visible": False},
        "card": "",
        "rename_box": "",
    }
    assert MT.export_status(ctx, "en") == {"export_status": ""}
    assert MT.adapters_of(ctx, "en", "no-such-model")["adapters"]["choices"] == []
    seen = MT.relist(ctx, "en", None, None, None)["jobs_seen"]
    assert MT.relist(ctx, "en", None, None, seen) == {}  # nothing new: the page is left alone


def test_actions_without_a_pick_get_a_sentence_in_the_page_language(ctx):
    with pytest.raises(UserError) as e:
        MT.rename(ctx, "zh", None, "新名字", None, None)
    assert e.value.text("zh") == "先在上面选一个模型或训练。"
    with pytest.raises(UserError, match="Pick the model to serve first"):
        MT.serve_start(ctx, "en", None, [], "transformers", "127.0.0.1", 0, "", True, "")


def test_personas_saved_on_the_playground_are_offered_for_serving(ctx):
    assert MT.persona_choices(ctx)["persona"]["choices"] == [("—", "")]
    save_persona(ctx.ws, Persona(bot_name="小七", user_name="阿杰"), name="小七")
    assert ("小七", "小七") in MT.persona_choices(ctx)["persona"]["choices"]
