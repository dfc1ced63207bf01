"""The Start tab's guide and recipe handlers as plain functions (no server, no browser)."""

import pytest

from studio.data import store
from studio.ui import start_tab as ST
from studio.ui.context import UIContext


@pytest.fixture
def ctx(ws):
    return UIContext(ws, lang="en")


def test_the_guide_moves_on_when_the_sample_data_is_added(ctx):
    before = ST.refresh(ctx, "en", "", "")
    assert set(before) == {
        *(f"card_{k}" for k, *_ in ST.STEPS),
        *(f"acts_{k}" for k, *_ in ST.STEPS),
        "progress",
        "go",
        "stop",
        "resume",
        "data",
        "pairs",
    }
    assert before["go"]["visible"] is True and before["stop"]["visible"] is False
    assert before["acts_data"]["visible"] is True  # no data yet: the step's buttons show
    after = ST.add_sample(ctx, "en", "", "")
    assert after["acts_data"]["visible"] is False  # done: its buttons go, the card stays
    sft = next(d for d in store.list_datasets(ctx.ws) if d.kind == "sft")
    assert after["data"]["value"] == sft.id
    assert "This run will use" in ST.plan(ctx, "en", sft.id, "")["plan"]


def test_a_pick_the_person_made_stays_while_it_exists(ctx):
    made = store.register_samples(ctx.ws)
    other = next(d for d in made if d.kind == "sft")
    assert ST.refresh(ctx, "en", "", "", picked={"data": other.id})["data"]["value"] == other.id
    gone = ST.refresh(ctx, "en", "", "", picked={"data": "deleted-dataset"})["data"]["value"]
    assert gone != "deleted-dataset"


class _Request:
    def __init__(self, **query):
        self.query_params = query


def test_the_guide_is_skipped_reopened_and_remembered(ctx):
    # Built alone (no tabs): nothing tries to switch a tab.
    assert ST.skip_guide(ctx) == {
        "guide_state": "skipped",
        "guide": {"__type__": "update", "visible": False},
        "hidden": {"__type__": "update", "visible": True},
    }
    ctx.tabs = object()  # in the studio: skipping goes on to Data, reopening back to Start
    assert ST.skip_guide(ctx)["tabs"]["selected"] == "tab-data"
    again = ST.reopen_guide(ctx)
    assert again["guide_state"] == "shown" and again["guide"]["visible"] is True
    assert again["tabs"]["selected"] == "tab-start"
    # What this browser chose last time, read after the page has loaded.
    assert ST.remembered_guide(ctx, "skipped")["guide"]["visible"] is False
    assert ST.remembered_guide(ctx, "shown") == {
        "guide": {"__type__": "update", "visible": True},
        "hidden": {"__type__": "update", "visible": False},
    }
    assert ST.remembered_guide(ctx, "") == {}  # not read yet: left as built
    assert ST.remembered_guide(ctx, "skipped", _Request(annotator="t")) == {}  # a partner's link
    load = ST.page_load(ctx, "en", "skipped", _Request())
    assert load["guide"]["visible"] is False and "card_data" in load and "tabs" in load
