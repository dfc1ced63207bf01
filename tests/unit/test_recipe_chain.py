"""The one-click recipe's chain, resume point and stop, on a real SQLite store and real job processes.

The steps' jobs here are plain Python processes submitted as jobs (the chain logic only reads their
status); tests/integration/test_recipe.py runs the real ms-swift chain on the pocket model."""

import json
import sys
import time

import pytest

from studio.chat import conversations as C
from studio.core.i18n import UserError
from studio.data import store
from studio.jobs.store import Jobs
from studio.training import recipe as RC

PY = sys.executable


def put_pocket(ws):
    folder = ws.models / "pocket-tiny"
    folder.mkdir(parents=True)
    (folder / "model.json").write_text(json.dumps({"kind": "base", "name": "pocket-tiny"}))


def make(ws, kinds, **settings):
    s = RC.fill_defaults(ws, RC.RecipeSettings(preset="cpu-pocket", **settings))
    return RC.Recipes(ws).create(s, kinds)


def test_chain_follows_the_settings_and_what_the_workspace_has(ws):
    s = RC.RecipeSettings(base="pocket")
    assert s.base == "pocket-tiny"
    assert RC.chain(ws, s) == ["pocket", "sft", "align", "merge", "deploy"]
    put_pocket(ws)  # built already: no build step
    assert RC.chain(ws, s) == ["sft", "align", "merge", "deploy"]
    assert RC.chain(ws, RC.RecipeSettings(deploy=False)) == ["sft", "align", "merge"]
    # A catalog model not downloaded yet is fetched first; a bare hub id is left to the trainer.
    assert RC.chain(ws, RC.RecipeSettings(base="qwen2.5-0.5b-instruct"))[0] == "download"
    assert RC.chain(ws, RC.RecipeSettings(base="someone/some-model"))[0] == "sft"


def test_settings_are_checked_with_a_sentence(ws):
    with pytest.raises(UserError, match="alignment method “xyz”"):
        RC.RecipeSettings(method="xyz")
    with pytest.raises(UserError, match="sft_steps"):
        RC.RecipeSettings(sft_steps=-1)
    with pytest.raises(UserError, match="no preset “huge”"):
        RC.RecipeSettings(preset="huge")


def test_defaults_take_the_sample_never_the_newest_import_and_tiny_sets_are_refused(ws, tmp_path):
    assert store.list_datasets(ws) == []
    # What a newcomer had: a one-line chat import and a one-vote export, both newer than anything else.
    one = ws.uploads / "one.jsonl"
    one.write_text(
        json.dumps({"messages": [{"role": "user", "content": "在吗"}, {"role": "assistant", "content": "在呀"}]}) + "\n"
    )
    tiny = store.import_files(ws, [one], name="telegram", kind="sft").id
    plan = RC.data_plan(ws)
    assert [(u.role, u.id, u.rows) for u in plan] == [("sft", "", None), ("pairs", "", None)]  # sample, not yet added
    assert "Sample" in plan[0].line("en") and plan[0].problem is None
    assert "示例对话" in plan[0].line("zh") and "Sample" not in plan[0].line("zh")  # the reader's half of the name
    s = RC.fill_defaults(ws, RC.RecipeSettings())
    samples = {d.kind: d.id for d in store.list_datasets(ws) if d.source == "sample"}
    assert (s.data, s.pairs) == (samples["sft"], samples["pairs"]) and tiny not in (s.data, s.pairs)
    assert s.preset == "cpu-pocket"  # no GPU on this machine
    with pytest.raises(UserError, match="cannot be the preference data"):
        RC.fill_defaults(ws, RC.RecipeSettings(pairs=s.data))
    with pytest.raises(UserError):
        RC.fill_defaults(ws, RC.RecipeSettings(data="no-such-dataset"))
    with pytest.raises(UserError, match="“telegram” has only 1 rows, too few for learning to talk") as e:
        RC.fill_defaults(ws, RC.RecipeSettings(data=tiny))
    assert "只有 1 条" in e.value.msg.zh
    plan = RC.data_plan(ws, tiny, "")
    lines = (store.SAMPLE_DIR / "pairs.jsonl").read_text(encoding="utf-8").splitlines()
    assert plan[0].problem is not None and plan[1].id == samples["pairs"]
    assert plan[1].rows == sum(1 for line in lines if line.strip())  # every row of the file, both splits


def test_rows_survive_a_new_store_and_resume_starts_at_the_first_unfinished_step(ws):
    rc = make(ws, ["sft", "align", "merge", "deploy"])
    rs = RC.Recipes(ws)
    rs.set_step(rc.id, 0, status="succeeded", job_id="j-sft", output={"run": "run-sft"})
    rs.set_step(rc.id, 1, status="running", job_id=None)
    rs.set_recipe(rc.id, status="stopped")
    again = RC.Recipes(ws).get(rc.id)  # a fresh connection: what a restarted app reads
    assert [st.status for st in again.steps] == ["succeeded", "running", "pending", "pending"]
    assert again.current.kind == "align" and again.output("sft", "run") == "run-sft"
    resumed = RC.resume(ws, rc.id, spawn=False)
    assert resumed.status == "running" and resumed.current.kind == "align"
    assert resumed.steps[0].job_id == "j-sft" and resumed.steps[0].status == "succeeded"
    with pytest.raises(UserError, match="running already"):
        RC.resume(ws, rc.id, spawn=False)


def test_a_failed_step_job_is_run_again_on_resume(ws):
    jobs = Jobs(ws)
    failed = jobs.wait(jobs.submit("merge", [PY, "-c", "import sys; sys.exit(3)"]).id, timeout=30)
    assert failed.status == "failed"
    rc = make(ws, ["merge", "deploy"])
    rs = RC.Recipes(ws)
    rs.set_step(rc.id, 0, status="running", job_id=failed.id)
    assert RC.advance(ws, rc.id) is False  # the job failed: the chain fails with its reason
    rc = rs.get(rc.id)
    assert rc.status == "failed" and rc.steps[0].status == "failed" and rc.reason is not None
    rc = RC.resume(ws, rc.id, spawn=False)
    assert rc.steps[0].status == "stopped"  # to be submitted again by the driver
    assert rc.status == "running" and rc.reason is None


def test_stop_stops_the_running_step_and_keeps_what_succeeded(ws):
    jobs = Jobs(ws)
    rc = make(ws, ["sft", "merge", "deploy"])
    rs = RC.Recipes(ws)
    rs.set_step(rc.id, 0, status="succeeded", job_id="j-sft", output={"run": "run-sft"})
    job = jobs.submit("merge", [PY, "-c", "import time; time.sleep(60)"])
    deadline = time.monotonic() + 20
    while jobs.get(job.id).status != "running" and time.monotonic() < deadline:
        time.sleep(0.05)
    rs.set_step(rc.id, 1, status="running", job_id=job.id)
    t0 = time.monotonic()
    rc = RC.stop(ws, rc.id)
    assert time.monotonic() - t0 < 15
    assert jobs.get(job.id).status == "stopped"
    assert rc.status == "stopped" and [st.status for st in rc.steps] == ["succeeded", "stopped", "pending"]
    assert RC.advance(ws, rc.id) is False and RC.status(ws, rc.id).status == "stopped"  # nothing moves now
    rc = RC.resume(ws, rc.id, spawn=False)
    assert rc.current.kind == "merge" and rc.current.status == "stopped" and not rc.stop_requested


def test_a_succeeded_step_hands_its_output_on_and_a_bad_next_step_fails_with_a_sentence(ws):
    jobs = Jobs(ws)
    dest = ws.models / "companion-1"
    job = jobs.wait(jobs.submit("merge", [PY, "-c", "pass"], meta={"dest": str(dest)}).id, timeout=30)
    rc = make(ws, ["merge", "deploy"])
    rs = RC.Recipes(ws)
    rs.set_step(rc.id, 0, status="running", job_id=job.id)
    assert RC.advance(ws, rc.id) is True
    rc = rs.get(rc.id)
    assert rc.steps[0].status == "succeeded" and rc.output("merge", "model") == "companion-1"
    # The folder holds no model (the job above was not a real merge): deploying it fails with a sentence.
    assert RC.advance(ws, rc.id) is False
    rc = rs.get(rc.id)
    assert rc.status == "failed" and rc.steps[1].status == "failed" and "companion-1" in rc.reason.en
    assert "companion-1" in RC.rows(ws, rc, "en")[1]["reason"]


def test_a_recipe_whose_driver_is_gone_reads_as_interrupted(ws):
    rc = make(ws, ["sft", "align", "merge"])
    rs = RC.Recipes(ws)
    with rs.con:
        rs.con.execute(
            "UPDATE recipes SET driver_pid=1, driver_start=1, updated_at=? WHERE id=?", (time.time() - 60, rc.id)
        )
    assert rs.get(rc.id).status == "interrupted"
    assert RC.resume(ws, rc.id, spawn=False).status == "running"


def test_only_one_recipe_runs_at_a_time(ws):
    rc = make(ws, ["sft", "align", "merge"])  # just made: its driver is still starting
    with pytest.raises(UserError, match=f"number {rc.id}"):
        make(ws, ["sft", "align", "merge"])


def test_checklist_ticks_from_the_workspace(ws):
    c = RC.checklist(ws)
    assert (c.model, c.dataset, c.labels, c.trained, c.chat) == (False, False, 0, False, False)
    put_pocket(ws)
    store.register_samples(ws)
    jobs = Jobs(ws)
    jobs.wait(jobs.submit("sft", [PY, "-c", "pass"]).id, timeout=30)
    c = RC.checklist(ws, jobs)
    assert c.model and c.dataset and c.trained and not c.chat and c.labels == 0
    conv = C.new_conversation(model="m")
    conv.turns.append(C.Turn("user", "今天加班好累"))
    C.save(jobs.con, conv)
    c = RC.checklist(ws, jobs)
    assert c.chats == 1 and c.chat and not c.serving


def test_the_recipe_and_sft_default_to_the_couples_own_data(tmp_path):
    # The recipe's pairs: the bundled sample until the couple exports its own labels, then those.
    # SFT on the Train tab: dialogues, even when preference pairs (which SFT could also read) are newer.
    from studio.core.workspace import Workspace
    from studio.data import store
    from studio.training import recipe as RC
    from studio.training import train as TR

    ws = Workspace.open(tmp_path / "ws")
    sft, pairs = store.register_samples(ws)
    assert (sft.kind, pairs.kind) == ("sft", "pairs")
    assert RC.default_data(ws, "pairs").id == pairs.id and RC.default_data(ws, "sft").id == sft.id
    assert TR.default_dataset(ws, "sft") == sft.id and TR.default_dataset(ws, "dpo") == pairs.id
    ours = store.register_jsonl(
        ws, pairs.train_path, "我们的标注", "pairs", source="annotate:我们", bundled=False
    ).dataset
    assert RC.default_data(ws, "pairs").id == ours.id
    assert RC.default_data(ws, "sft").id == sft.id
    assert TR.default_dataset(ws, "sft") == sft.id
    assert TR.default_dataset(ws, "dpo") in (ours.id, pairs.id)
