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
    assert set(before) == {*(f"card_{k}" for k, *_ in ST.STEPS), *(f"acts_{k}" for k, *_ in ST.STEPS),
                           "progress", "go", "stop", "resume", "data", "pairs"}
    assert before["go"]["visible"] is True and before["stop"]["visible"] is False
    assert before["acts_data"]["visible"] is True          # no data yet: the step's buttons show
    after = ST.add_sample(ctx, "en", "", "")
    assert after["acts_data"]["visible"] is False            # done: its buttons go, the card stays
    sft = next(d for d in store.list_datasets(ctx.ws) if d.kind == "sft")
    assert after["data"]["value"] == sft.id
    assert "This run will use" in ST.plan(ctx, "en", sft.id, "")["plan"]


def test_a_pick_the_person_made_stays_while_it_exists(ctx):
    made = store.register_samples(ctx.ws)
    other = next(d for d in made if d.kind == "sft")
    assert ST.refresh(ctx, "en", "", "", picked={"data": other.id})["data"]["value"] == other.id
    gone = ST.refresh(ctx, "en", "", "", picked={"data": "deleted-dataset"})["data"]["value"]
    assert gone != "deleted-dataset"
