"""The Train tab through its API (gradio_client) against a real `python app.py`: start a real pocket
SFT run with the button's event, and watch the plots get points while it runs."""

from __future__ import annotations

import importlib.util
import time
from pathlib import Path

import pytest

from studio.training import presets as P
from studio.ui.train_tab import FORM

pytestmark = [pytest.mark.ui, pytest.mark.integration]
CONFTEST = Path(__file__).resolve().parents[1] / "integration" / "conftest.py"


def pocket_helpers():
    spec = importlib.util.spec_from_file_location("train_pocket_cache", CONFTEST)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def form(**changes) -> list:
    values = {**P.baseline("cpu-pocket").to_dict(), **changes}
    return [values[k] for k in FORM]


def points(update) -> list:
    value = update.get("value") if isinstance(update, dict) else None
    return (value or {}).get("data") or []


def plot(out, title: str) -> dict:
    """The update of the plot labelled `title` among an event's outputs."""
    return next((o for o in out if isinstance(o, dict) and o.get("label") == title), {})


def history_of(out) -> list:
    return next(o["value"]["data"] for o in out if isinstance(o, dict) and "headers" in o)


def test_start_and_live_plots_through_the_api(tmp_path, studio_server):
    from studio.core.workspace import Workspace
    from studio.data.store import register_samples

    ws = Workspace.open(tmp_path / "ws")
    pocket_helpers().install_pocket(ws.root)
    sft = register_samples(ws)[0]
    server = studio_server(ws.root)
    client = server.client()

    # A refusal is one sentence, not a traceback.
    with pytest.raises(Exception) as e:
        client.predict("en", "cpu-pocket", *form(dataset=sft.id, tuner="qlora"), api_name="/train_start")
    assert "QLoRA" in str(e.value) and "Traceback" not in str(e.value)

    plan = client.predict("en", "cpu-pocket", *form(dataset=sft.id), api_name="/train_plan")
    assert "Estimated peak" in plan and "RAM" in plan

    watch, *_ = client.predict(
        "en", "cpu-pocket", *form(dataset=sft.id, max_steps=30, eval_steps=10, save_steps=100), api_name="/train_start"
    )
    run_id = watch["value"]
    assert run_id and run_id.split("-")[2] == "sft"

    seen_running_with_points = 0
    status, loss, deadline = "", [], time.monotonic() + 300
    while time.monotonic() < deadline:
        out = client.predict("en", run_id, api_name="/train_refresh")
        status = out[1] if isinstance(out[1], str) else status
        loss = points(plot(out, "Loss")) or loss
        if "running" in status and loss:
            seen_running_with_points += 1
        if "succeeded" in status or "failed" in status:
            break
        time.sleep(1.0)
    assert "succeeded" in status, status
    assert seen_running_with_points >= 1  # the plot had points while the job ran
    final = client.predict("en", run_id, api_name="/train_watch")
    loss = points(plot(final, "Loss"))
    assert {p[2] for p in loss} >= {"train loss", "validation loss"}
    assert max(p[0] for p in loss) == 30
    assert "30/30" in final[1] and "💬" in final[1]
    acc, lr = points(plot(final, "Accuracy")), points(plot(final, "Learning rate"))
    assert {p[2] for p in acc} == {"train", "validation"} and len(lr) == 30
    assert plot(final, "Reward margin (chosen − rejected)")["visible"] is False  # alignment runs only
    history = history_of(final)
    assert history[0][0] == run_id and history[0][6] == "30/30"
