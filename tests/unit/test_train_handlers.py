"""The Train tab's handlers as plain functions (no server, no browser), and the named wiring they use."""

import gradio as gr
import pytest

from studio.core.i18n import UserError
from studio.data import store
from studio.training import presets as P
from studio.ui import train_tab as TT
from studio.ui.context import UIContext, named


def is_skip(v) -> bool:
    return v == gr.skip()


def test_named_handlers_take_and_give_values_by_name():
    a, b, c = gr.Textbox(), gr.Number(), gr.Markdown()

    def h(lang, count, text):
        return {"shown": f"{lang}:{text}:{count + 1}"}

    f, ins, outs = named(h, {"lang": a, "count": b, "text": c}, {"shown": c, "total": b})
    assert ins == [a, b, c] and outs == [c, b]
    got = f("en", 1, "hi")
    assert got[0] == "en:hi:2" and is_skip(got[1])  # an output left out stays as it is
    one, _, _ = named(h, {"lang": a, "count": b, "text": c}, {"shown": c})
    assert one("zh", 0, "x") == "zh:x:1"  # one output: the value itself, as Gradio wants
    bad, _, _ = named(lambda lang: {"nope": 1}, {"lang": a}, {"shown": c})
    with pytest.raises(KeyError, match="nope"):
        bad("en")


def test_named_streaming_handlers_yield_values_by_name():
    import functools
    import inspect

    a, b, c = gr.Textbox(), gr.Number(), gr.Markdown()

    def stream(owner, lang, text):
        for k in range(3):
            yield {"shown": f"{owner}{lang}:{text[: k + 1]}"} if k < 2 else {"shown": text, "total": k}

    f, _, _ = named(functools.partial(stream, "@"), {"lang": a, "text": c}, {"shown": c, "total": b})
    assert inspect.isgeneratorfunction(f)  # Gradio streams only from a generator function
    steps = list(f("en", "hey"))
    assert [s[0] for s in steps] == ["@en:h", "@en:he", "hey"]
    assert is_skip(steps[0][1]) and steps[2][1] == 2


@pytest.fixture
def page(ws):
    return TT.TrainPage(UIContext(ws, lang="en"), gpus=[], auto="cpu-pocket")


def test_method_switch_shows_its_own_knobs_and_the_sft_runs(page):
    out = TT.on_method(page, "en", "simpo", "cpu-pocket", None, None)
    assert out["align_row"]["visible"] is True and out["knob_box"]["visible"] is True
    assert out["simpo_gamma"]["visible"] is True and out["desirable_weight"]["visible"] is False
    assert out["from_run"]["choices"] == [("—", "")] and out["from_run"]["value"] == ""  # no SFT run yet
    back = TT.on_method(page, "en", "sft", "cpu-pocket", None, None)
    assert back["align_row"]["visible"] is False and all(back[k]["visible"] is False for k in TT.KNOBS)


def test_preset_change_keeps_what_the_person_chose(page):
    out = TT.on_preset(page, "en", "cpu-pocket", "dpo")
    assert not {"method", "dataset", "from_run", "gpus", "name"} & set(out)
    assert out["model"]["value"] == P.baseline("cpu-pocket", "dpo").model and "model_md" in out


def test_refresh_with_no_run_then_nothing_new_leaves_the_page_alone(page):
    first = TT.refresh(page, "en", None, None)
    assert "No run yet" in first["status"]
    assert first["plot_loss"]["visible"] is True and first["plot_margins"]["visible"] is False
    again = TT.refresh(page, "en", None, first["seen"])
    assert again == {"seen": first["seen"]}


def test_plan_and_start_from_named_form_values(page):
    sft = store.register_samples(page.ws)[0]
    form = {k: v for k, v in P.baseline("cpu-pocket", "sft").to_dict().items() if k in TT.FORM}
    form.update(dataset=sft.id, gpus=[], name="")
    shown = TT.plan(page, "en", "cpu-pocket", **form)["plan_md"]
    assert "Estimated peak" in shown and "RAM" in shown
    with pytest.raises(UserError):
        TT.compare(page, "en", ["only-one"], "loss")
    with pytest.raises(UserError, match="Pick a run first"):
        TT.stop(page, "en", None)


def test_the_model_line_redraws_only_when_it_changed_and_its_signature_is_json(page):
    import json

    first = TT.model_tick(page, "en", "pocket-tiny", {})  # {}: what a fresh page holds
    assert first["model_md"] and first["model_seen"] == [first["model_md"]]
    json.loads(json.dumps(first["model_seen"]))  # the browser keeps it in a gr.JSON
    assert not isinstance(first["model_seen"], str)  # a bare string reads as broken JSON there
    assert TT.model_tick(page, "en", "pocket-tiny", first["model_seen"]) == {}
    other = TT.model_tick(page, "zh", "pocket-tiny", first["model_seen"])
    assert other["model_seen"] != first["model_seen"]
