"""The Start tab through its API (gradio_client) against a real `python app.py`: the guide ticks itself off
from the workspace, its buttons do what they say, and the one-click recipe reports a failing step with a
sentence and offers to resume."""

import json
import re
import time

import pytest

from studio.core.workspace import Workspace
from studio.data import store
from studio.training import recipe as RC

pytestmark = pytest.mark.ui


def html_of(update) -> str:
    return update["value"] if isinstance(update, dict) else update


def guide_of(out) -> str:
    """The six step cards (the first outputs; gradio_client leaves buttons and columns out)."""
    return "".join(html_of(o) for o in out[:6])


def step_class(guide: str, key: str) -> str:
    m = re.search(rf'<div class="qs-step (qs-\w+)" data-step="{key}"', guide)
    assert m, guide
    return m.group(1)


def test_the_guide_ticks_itself_off_from_the_workspace(studio_server, tmp_path):
    server = studio_server(tmp_path / "ws")
    ws = Workspace.open(server.workspace)
    client = server.client()

    out = client.predict("en", "", "", api_name="/start_refresh")
    guide, progress = guide_of(out), html_of(out[-3])
    assert step_class(guide, "gpu") == "qs-done" and "No NVIDIA GPU found" in guide  # this machine has none
    assert step_class(guide, "model") == "qs-next"  # an empty workspace: the model comes first
    assert all(step_class(guide, k) == "qs-todo" for k in ("data", "labels", "train", "chat"))
    assert "0 of 6 labelled" in guide
    assert "No recipe has run yet" in progress
    zh = guide_of(client.predict("zh", "", "", api_name="/start_refresh"))
    assert "没有找到 NVIDIA 显卡" in zh and "准备一个模型" in zh

    # "Use the sample data": both sample datasets registered, the data step ticked, the dropdowns filled.
    out = client.predict("en", "", "", api_name="/start_sample")
    kinds = {d.kind: d.id for d in store.list_datasets(ws)}
    assert set(kinds) == {"sft", "pairs"}
    assert step_class(guide_of(out), "data") == "qs-done"
    assert out[-2]["value"] == kinds["sft"] and out[-1]["value"] == kinds["pairs"]

    # A model folder appears (what a pocket build or a download leaves): the model step ticks on the next refresh.
    folder = ws.models / "pocket-tiny"
    folder.mkdir(parents=True)
    (folder / "model.json").write_text(json.dumps({"kind": "base", "name": "pocket-tiny"}))
    guide = guide_of(client.predict("en", kinds["sft"], kinds["pairs"], api_name="/start_refresh"))
    assert step_class(guide, "model") == "qs-done" and step_class(guide, "labels") == "qs-next"


def test_one_click_recipe_failure_says_why_and_offers_resume(studio_server, tmp_path):
    server = studio_server(tmp_path / "ws", env={"MODELSCOPE_OFFLINE": "1", "HF_HUB_OFFLINE": "1"})
    ws = Workspace.open(server.workspace)
    client = server.client()
    store.register_samples(ws)
    sets = {d.kind: d.id for d in store.list_datasets(ws)}

    out = client.predict("en", "", "", api_name="/start_refresh")  # as the page's tick: fills the lists
    assert out[-2]["value"] == sets["sft"] and out[-1]["value"] == sets["pairs"]
    assert RC.status(ws) is None

    # A catalog model offline: the download step cannot start; the chain stops there and says why.
    out = client.predict("en", "qwen2.5-0.5b-instruct", sets["sft"], sets["pairs"], "dpo", api_name="/recipe_run")
    deadline = time.monotonic() + 60
    while RC.status(ws).status == "running" and time.monotonic() < deadline:
        time.sleep(0.5)
    rc = RC.status(ws)
    assert rc.status == "failed" and [st.kind for st in rc.steps][:2] == ["download", "sft"]
    assert rc.steps[0].status == "failed" and "offline" in rc.reason.en.lower()
    out = client.predict("en", sets["sft"], sets["pairs"], api_name="/start_refresh")
    progress = html_of(out[-3])
    assert "Recipe 1: failed" in progress and "offline" in progress.lower() and "Download the base model" in progress
    # (Which of start / stop / resume shows is checked in tests/browser/test_start_browser.py.)
    zh = html_of(client.predict("zh", sets["sft"], sets["pairs"], api_name="/start_refresh")[-3])
    assert "第 1 号一键流程：失败" in zh and "下载基础模型" in zh


def test_recipe_uses_the_sample_unless_chosen_says_so_first_and_refuses_tiny_sets(studio_server, tmp_path):
    server = studio_server(tmp_path / "ws", env={"MODELSCOPE_OFFLINE": "1", "HF_HUB_OFFLINE": "1"})
    ws = Workspace.open(server.workspace)
    client = server.client()
    # A newcomer's newest imports: a one-line chat and a one-vote export (both newer than anything else).
    one = ws.uploads / "telegram.jsonl"
    one.write_text(
        json.dumps({"messages": [{"role": "user", "content": "在吗"}, {"role": "assistant", "content": "在呀"}]})
        + "\n",
        encoding="utf-8",
    )
    tiny = store.import_files(ws, [one], name="telegram", kind="sft").id

    out = client.predict("en", "", "", api_name="/start_refresh")
    assert out[-2]["value"] == "" and out[-1]["value"] == ""  # "the sample", not the newest import
    plan = client.predict("en", "", "", api_name="/recipe_plan")
    assert "This run will use" in plan and plan.count("Sample") == 2 and "telegram" not in plan
    assert "学说话（SFT） ← 示例对话" in client.predict("zh", "", "", api_name="/recipe_plan")
    plan = client.predict("en", tiny, "", api_name="/recipe_plan")
    assert "“telegram” has only 1 rows, too few for learning to talk (SFT)" in plan

    with pytest.raises(Exception, match="too few for learning to talk"):
        client.predict("en", "pocket-tiny", tiny, "", "dpo", api_name="/recipe_run")
    assert RC.status(ws) is None  # refused before anything started

    # Nothing chosen: the bundled sample, registered now. (A catalog model offline fails at once: no training.)
    client.predict("en", "qwen2.5-0.5b-instruct", "", "", "dpo", api_name="/recipe_run")
    rc = RC.status(ws)
    samples = {d.kind: d.id for d in store.list_datasets(ws) if d.source == "sample"}
    assert (rc.settings.data, rc.settings.pairs) == (samples["sft"], samples["pairs"])
    deadline = time.monotonic() + 60
    while RC.status(ws).status == "running" and time.monotonic() < deadline:
        time.sleep(0.5)
    out = client.predict("en", "", "", api_name="/start_refresh")
    assert out[-2]["value"] == samples["sft"] and out[-1]["value"] == samples["pairs"]


def test_the_recipe_pairs_follow_the_couples_exported_labels(studio_server, tmp_path):
    # The page showed the sample pairs (its own default); once the couple exports its labels, the next
    # tick offers those, not the sample it showed before.
    server = studio_server(tmp_path / "ws", env={"MODELSCOPE_OFFLINE": "1", "HF_HUB_OFFLINE": "1"})
    ws = Workspace.open(server.workspace)
    client = server.client()
    sft, pairs = store.register_samples(ws)
    out = client.predict("en", "", "", api_name="/start_refresh")
    assert out[-1]["value"] == pairs.id
    ours = store.register_jsonl(
        ws, pairs.train_path, "our labels", "pairs", source="annotate:ours", bundled=False
    ).dataset
    out = client.predict("en", sft.id, pairs.id, api_name="/start_refresh")  # the values the page holds
    assert out[-1]["value"] == ours.id and out[-2]["value"] == sft.id
