"""The Annotate tab's handlers as plain functions (no server, no browser): the owner's desk making a project and
the partners' links, a partner labelling through their link, and what a turned-off link gets."""

from __future__ import annotations

from types import SimpleNamespace
from urllib.parse import parse_qs, urlparse

import gradio as gr
import pytest

from studio.annotate import projects as A
from studio.core import connections
from studio.core.i18n import UserError
from studio.core.workspace import atomic_write_jsonl
from studio.data import store
from studio.ui import annotate_tab as AT
from studio.ui.context import UIContext

PAIRS = [  # (user, chosen reply = reply A, rejected reply = reply B)
    ("今天加班到十点，好累。", "辛苦啦，快回家泡个脚。", "哦。"),
    ("我考试过了！", "太棒了！今晚庆祝一下？", "嗯。"),
    ("I miss you.", "I miss you too. Call me tonight?", "Okay."),
]
HOST = "127.0.0.1:7860"


def request(token: str | None = None):
    """What the handlers read of Gradio's request: the Host header and the page's query."""
    return SimpleNamespace(headers={"host": HOST}, query_params={"annotator": token} if token else {})


@pytest.fixture
def ctx(ws):
    return UIContext(ws, lang="en")


@pytest.fixture
def project(ctx):
    """A project of the three pairs above, made on the desk as the owner does; its name."""
    src = ctx.ws.tmp / "pairs.jsonl"
    atomic_write_jsonl(
        src,
        [
            {"messages": [{"role": "user", "content": u}, {"role": "assistant", "content": c}], "rejected_response": r}
            for u, c, r in PAIRS
        ],
    )
    ds = store.import_files(ctx.ws, [src], name="our pairs", kind="pairs", scrub=False).id
    out = AT.do_create(ctx, "en", ds, "round one")
    assert set(out) == set(AT.OWNER)  # every output is a wired name
    assert out["proj"]["value"] == "round one"
    assert "“round one”: 3 items to label" in out["summary"]
    return "round one"


def token_of(out: dict, name: str) -> str:
    return parse_qs(urlparse(out["links_data"][name]["url"]).query)["annotator"][0]


def test_an_empty_desk_says_what_to_do_next(ctx):
    out = AT.do_refresh(ctx, "en", None, request=request())
    assert set(out) == set(AT.OWNER)
    assert "No annotation project yet. Next:" in out["summary"]
    assert out["proj"]["choices"] == [] and out["links_data"] == {} and out["dis_col"]["visible"] is False
    with pytest.raises(UserError) as e:
        AT.do_add(ctx, "zh", None, "Mia", request=request())
    assert e.value.text("zh") == "请先选择或新建一个标注项目。"


def test_adding_a_partner_makes_a_personal_link_on_this_host(ctx, project):
    out = AT.do_add(ctx, "en", project, "Mia", request=request())
    assert set(out) == set(AT.OWNER) | {"who"}
    assert out["who"]["value"] == ""  # the name box is emptied for the next one
    link = out["links_data"]["Mia"]
    assert link["active"] is True and link["url"].startswith(f"http://{HOST}/label/?annotator=")
    assert "Mia" in out["links_html"] and "<svg" in out["links_html"]  # the QR code beside the name
    assert "Mia" in out["summary"] and "0 done · 0 skipped / 3" in out["summary"]


def test_labelling_a_pair_records_the_choice_and_moves_on(ctx, project):
    token = token_of(AT.do_add(ctx, "en", project, "Mia", request=request()), "Mia")
    card = AT.open_card(ctx, "en", token)
    assert set(card) == set(AT.CARD)
    first = card["state"]
    assert (first["mode"], first["annotator"], first["position"], first["total"]) == ("label", "Mia", 1, 3)
    with pytest.raises(UserError, match="Choose first"):
        AT.do_confirm(ctx, "en", token, str(first["item"]), None, "", "")

    after = AT.do_confirm(ctx, "en", token, str(first["item"]), "left", "", "a note")
    assert after["status"] == "✅ Item 1 saved"
    assert (after["state"]["position"], after["state"]["labelled"], after["state"]["skipped"]) == (2, 1, 0)
    # The store has Mia's answer in reply terms: the left reply on her screen was the chosen one (A) or not (B).
    chosen = {c for _, c, _ in PAIRS}
    with connections.for_action(ctx.ws) as con:
        said = [lb for lb in A.item_labels(con, project, first["item"]) if lb.role == "partner"]
    assert [(lb.annotator, lb.choice, lb.note) for lb in said] == [
        ("Mia", "a" if first["left"] in chosen else "b", "a note")
    ]
    # Back shows the answered card with her pick and note; skip on it moves on and keeps the answer.
    back = AT.do_back(ctx, "en", token, str(after["state"]["item"]))
    assert back["state"]["item"] == first["item"] and back["choice"]["value"] == "left"
    assert back["note"]["value"] == "a note" and back["extra"]["visible"] is True
    assert AT.do_skip(ctx, "en", token, str(first["item"]))["state"]["labelled"] == 1


def test_undo_takes_back_the_last_answer(ctx, project):
    token = token_of(AT.do_add(ctx, "en", project, "Leo", request=request()), "Leo")
    assert AT.do_undo(ctx, "en", token)["status"] == "There is nothing to undo."
    item = AT.open_card(ctx, "en", token)["state"]["item"]
    AT.do_confirm(ctx, "en", token, str(item), "tie", "", "")
    out = AT.do_undo(ctx, "en", token)
    assert out["status"] == "↶ Undid your answer on item 1; choose again"
    assert out["state"]["item"] == item and out["state"]["labelled"] == 0


def test_a_turned_off_link_is_refused_with_a_sentence(ctx, project):
    token = token_of(AT.do_add(ctx, "en", project, "Mia", request=request()), "Mia")
    item = AT.open_card(ctx, "en", token)["state"]["item"]
    out = AT.do_revoke(ctx, "en", project, "Mia", request=request())
    assert out["links_data"]["Mia"] == {"active": False, "url": None}
    with pytest.raises(UserError) as e:
        AT.do_confirm(ctx, "en", token, str(item), "left", "", "")
    assert e.value.text("en").startswith("🔒 This link is not valid or has been turned off.")
    card = AT.open_card(ctx, "en", token)
    assert card["state"]["mode"] == "bad_link" and "This link is not valid" in card["view"]
    assert card["nav"]["visible"] is False
    # Renewing gives a different link that opens the card again.
    fresh = token_of(AT.do_renew(ctx, "en", project, "Mia", request=request()), "Mia")
    assert fresh != token and AT.open_card(ctx, "en", fresh)["state"]["mode"] == "label"


def test_the_page_load_opens_the_card_for_a_link_and_the_desk_otherwise(ctx, project):
    token = token_of(AT.do_add(ctx, "en", project, "Mia", request=request()), "Mia")
    desk = AT.on_load(AT.AnnotatePage(ctx, owner=True), "en", request=request())
    assert desk["tok"] == "" and desk["owner_col"]["visible"] is True and desk["proj"]["value"] == project
    linked = AT.on_load(AT.AnnotatePage(ctx, owner=True), "en", request=request(token))
    assert linked["tok"] == token and linked["state"]["annotator"] == "Mia"
    assert not set(linked) & set(AT.OWNER)  # no owner data goes to a partner's page
    bare = AT.on_load(AT.AnnotatePage(ctx, owner=False), "en", request=request())
    assert bare["tok"] == "" and bare["state"]["mode"] == "bad_link"
    # The language switch rebuilds the card in the new language.
    zh = AT.relabel(AT.AnnotatePage(ctx, owner=False), "zh", token, str(linked["state"]["item"]), "")
    assert "哪条回复让人感觉更好？" in zh["view"] and not set(zh) & set(AT.OWNER)


def test_the_request_wiring_takes_the_request_first_and_speaks_the_page_language(ctx, project):
    ins = {"lang": None, "project_name": None, "name": None}
    outs = {**{k: None for k in AT.OWNER}, "who": None}
    call = ctx.with_request(ctx, AT.do_add, ins, outs)
    got = call(request(), "en", project, "Leo")  # positional, as Gradio calls it
    assert len(got) == len(AT.OWNER) + 1 and got[-1]["value"] == ""
    assert got[list(outs).index("links_data")]["Leo"]["url"].startswith(f"http://{HOST}/")
    with pytest.raises(gr.Error) as e:  # a UserError becomes its sentence
        call(request(), "zh", None, "Mia")
    assert e.value.message == "请先选择或新建一个标注项目。"


def test_export_as_pairs_after_both_agree(ctx, project):
    tokens = {}
    for name in ("Mia", "Leo"):
        tokens[name] = token_of(AT.do_add(ctx, "en", project, name, request=request()), name)
    chosen = {c for _, c, _ in PAIRS}
    for token in tokens.values():  # both pick the chosen reply (A) wherever it sits on their screen
        state = AT.open_card(ctx, "en", token)["state"]
        while state["item"] is not None:
            side = "left" if state["left"] in chosen else "right"
            state = AT.do_confirm(ctx, "en", token, str(state["item"]), side, "", "")["state"]
    desk = AT.do_refresh(ctx, "en", project, request=request())
    assert "agreed on 3" in desk["agree"] and desk["dis_col"]["visible"] is False
    out = AT.do_export(ctx, "en", project, "pairs", "resolution", "drop", "our picks")
    assert set(out) == {"ex_result", "ex_file"} and "Used 3 labelled items" in out["ex_result"]
    assert out["ex_file"]["visible"] is False
    assert "our picks" in [d.name for d in store.list_datasets(ctx.ws)]
