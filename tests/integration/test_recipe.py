"""The one-click recipe for real: `qixi recipe run --wait` on the tiny pocket model (real ms-swift SFT, DPO,
merge and a real chat server), and a stop after the SFT step followed by a resume that does not redo it."""

import json
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from studio.chat import deployments as S
from studio.jobs.store import Jobs
from studio.training import recipe as RC

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.integration
ENV = {**os.environ, "MODELSCOPE_OFFLINE": "1", "HF_HUB_OFFLINE": "1"}


def qixi(ws, *args: str, timeout: float = 600, ok: bool = True) -> dict:
    proc = subprocess.run(
        [sys.executable, "-m", "studio.cli", "--workspace", str(ws.root), *args, "--json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        env=ENV,
    )
    if ok:
        assert proc.returncode == 0, f"qixi {' '.join(args)}:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
    return json.loads(proc.stdout)


def assert_merged(ws, rc: dict) -> Path:
    [merge] = [st for st in rc["steps"] if st["kind"] == "merge"]
    dest = ws.models / merge["output"]["model"]
    assert (dest / "config.json").is_file() and any(dest.glob("*.safetensors")), list(dest.iterdir())
    return dest


def test_recipe_runs_the_whole_chain_on_the_pocket_model(pocket_ws):
    ws, sft, pairs = pocket_ws
    t0 = time.monotonic()
    out = qixi(
        ws,
        "recipe",
        "run",
        "--base",
        "pocket",
        "--data",
        sft.id,
        "--pairs",
        pairs.id,
        "--method",
        "dpo",
        "--sft-steps",
        "8",
        "--align-steps",
        "4",
        "--wait",
        timeout=420,
    )
    took = time.monotonic() - t0
    print(f"recipe sft -> dpo -> merge -> deploy took {took:.0f} s (2 shared cores)")
    assert out["ok"] and out["status"] == "succeeded", out
    assert [st["kind"] for st in out["steps"]] == ["sft", "align", "merge", "deploy"]  # pocket was there
    jobs = Jobs(ws)
    try:
        for st in out["steps"]:
            job = jobs.get(st["job_id"])
            assert st["status"] == "succeeded"
            # The deploy step's job is the chat server: it keeps running.
            assert job.status == ("running" if st["kind"] == "deploy" else "succeeded"), (st, job.status)
        sft_step, dpo_step = out["steps"][0], out["steps"][1]
        assert jobs.get(dpo_step["job_id"]).meta["method"] == "dpo"
        record = json.loads((ws.runs / dpo_step["output"]["run"] / "train.json").read_text())
        assert record["from_run"]["id"] == sft_step["output"]["run"]  # DPO started from this SFT
        dest = assert_merged(ws, out)
        url = out["steps"][3]["output"]["url"]
        with urllib.request.urlopen(url + "/models", timeout=10) as r:
            served = json.load(r)
        assert any(m["id"] == out["steps"][3]["output"]["served"] for m in served["data"]), served
        assert out["steps"][3]["output"]["model"] == dest.name
        assert qixi(ws, "recipe", "status")["status"] == "succeeded"
    finally:
        S.stop(ws)


def test_stop_after_sft_then_resume_does_not_redo_sft(pocket_ws):
    ws, sft, pairs = pocket_ws
    started = qixi(
        ws,
        "recipe",
        "run",
        "--base",
        "pocket",
        "--data",
        sft.id,
        "--pairs",
        pairs.id,
        "--sft-steps",
        "8",
        "--align-steps",
        "6",
        "--no-deploy",
    )
    rid = started["id"]
    assert started["status"] == "running" and [st["kind"] for st in started["steps"]] == ["sft", "align", "merge"]
    # Wait until the chain has moved past SFT (the driver submitted the DPO job), with no app and no --wait.
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline:
        rc = RC.status(ws, rid)
        if rc.steps[1].job_id or rc.status != "running":
            break
        time.sleep(0.5)
    assert rc.status == "running" and rc.steps[0].status == "succeeded", rc.to_dict()
    sft_job = rc.steps[0].job_id
    stopped = qixi(ws, "recipe", "stop")
    assert stopped["status"] == "stopped", stopped
    assert [st["status"] for st in stopped["steps"]] == ["succeeded", "stopped", "pending"], stopped["steps"]
    jobs = Jobs(ws)
    assert jobs.get(stopped["steps"][1]["job_id"]).status == "stopped"
    assert not any(j.active for j in jobs.list())  # nothing left running
    time.sleep(2)
    assert RC.status(ws, rid).status == "stopped"  # and the driver did not go on

    done = qixi(ws, "recipe", "resume", "--wait", timeout=360)
    assert done["ok"] and done["status"] == "succeeded", done
    assert done["steps"][0]["job_id"] == sft_job  # the SFT step kept its one job
    assert [j.id for j in jobs.list(kinds=("sft",))] == [sft_job]  # and no second SFT ran
    assert all(jobs.get(st["job_id"]).status == "succeeded" for st in done["steps"])
    assert done["steps"][1]["output"]["run"] == stopped["steps"][1]["output"]["run"]  # the same DPO run, resumed
    assert_merged(ws, done)
