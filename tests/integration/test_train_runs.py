"""Real ms-swift training on the pocket model (CPU): SFT, each alignment method, stop / kill / resume,
and an out-of-memory failure from a fake trainer. Every run goes through studio.training.train.start - the
code path of the Train tab's Start button and of `qixi train`."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from studio.core.workspace import Workspace
from studio.engine import process, swift
from studio.engine.metrics import read_jsonl
from studio.jobs.store import Jobs
from studio.training import presets as P
from studio.training import runs as R
from studio.training import train as T

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.integration
FAST = {"max_steps": 3, "save_steps": 3, "eval_steps": 100, "batch_size": 2}
HERE = Path(__file__).resolve().parent


def load_conftest():
    import importlib.util

    spec = importlib.util.spec_from_file_location("train_pocket_cache", HERE / "conftest.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="module")
def trained(tmp_path_factory, pocket_cache):
    """A workspace with the pocket model, the sample data, and one SFT run started by `qixi train sft`."""
    from studio.data.store import register_samples

    ws = Workspace.open(tmp_path_factory.mktemp("train") / "ws")
    load_conftest().install_pocket(ws.root)
    sft_ds, pairs_ds = register_samples(ws)[:2]
    t0 = time.monotonic()
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "studio.cli",
            "--workspace",
            str(ws.root),
            "--lang",
            "en",
            "train",
            "sft",
            "--model",
            "pocket-tiny",
            "--dataset",
            sft_ds.id,
            "--preset",
            "cpu-pocket",
            "--max-steps",
            "3",
            "--set",
            "save_steps=3",
            "--set",
            "eval_steps=100",
            "--batch-size",
            "2",
            "--wait",
            "--json",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    print(f"\nSFT via `qixi train sft --wait`: {time.monotonic() - t0:.1f}s")
    assert out.returncode == 0, out.stdout[-3000:] + out.stderr[-3000:]
    result = json.loads(out.stdout)
    return {"ws": ws, "sft": sft_ds, "pairs": pairs_ds, "result": result}


def test_sft_runs_to_success_and_reports_json(trained):
    r = trained["result"]
    assert r["ok"] is True and r["status"] == "succeeded" and r["method"] == "sft"
    assert r["step"] == r["max_steps"] == 3 and r["checkpoints"] == ["checkpoint-3"]
    assert r["final"]["loss"] > 0 and r["preset"] == "cpu-pocket"
    run = R.get_run(trained["ws"], r["id"])
    cfg = yaml.safe_load((run.path / "config.yaml").read_text())
    assert cfg["model"].endswith("models/pocket-tiny") and cfg["template"] == "qwen"
    assert "successfully imported external_plugins" in run.job.log_path.read_text().lower()


ALIGN = [("dpo", "adapter"), ("simpo", "merge"), ("orpo", None), ("kto", None), ("cpo", None)]


@pytest.mark.parametrize("method, mode", ALIGN, ids=[m for m, _ in ALIGN])
def test_each_alignment_method_runs_to_success(trained, method, mode):
    ws = trained["ws"]
    changes = {**FAST, "dataset": trained["pairs"].id, "model": "pocket-tiny"}
    if mode:
        changes.update(from_run=trained["result"]["id"], continue_mode=mode)
    t0 = time.monotonic()
    launch = T.start(ws, P.resolve("cpu-pocket", changes, method), preset="cpu-pocket", gpus=[])
    result = T.wait_result(ws, launch.run.id, timeout=600)
    print(f"\n{method} ({mode or 'from the base'}): {time.monotonic() - t0:.1f}s")
    log = launch.job.log_path.read_text()
    assert result["status"] == "succeeded", log[-4000:]
    assert result["step"] == 3 and result["checkpoints"] == ["checkpoint-3"]
    rows = [r for r in read_jsonl(swift.logging_jsonl(launch.run.path)) if "loss" in r]
    assert len(rows) == 3
    if method in ("dpo", "kto"):
        # The reference is the starting model: at the first step the policy equals it, so the
        # rewards (log-ratio policy / reference) are exactly zero. With mode "adapter" that proves the
        # reference is base + SFT adapter (ref_adapters), from the base that it is the base with the
        # LoRA disabled (ms-swift passes no ref_model for LoRA).
        assert rows[0]["rewards/chosen"] == 0.0
        assert any(r["rewards/chosen"] != 0.0 for r in rows[1:])
    if method == "dpo":
        assert {"rewards/margins", "rewards/accuracies", "logps/chosen", "logps/rejected"} <= set(rows[0])
    if mode == "merge":
        assert (launch.run.path / "merged" / "config.json").is_file()
        assert yaml.safe_load((launch.run.path / "config.yaml").read_text())["model"] == str(launch.run.path / "merged")


def _wait_for(pred, timeout=300, every=0.1):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        v = pred()
        if v:
            return v
        time.sleep(every)
    raise AssertionError("timed out")


def _logged_step(path: Path) -> int:
    rows = [r for r in read_jsonl(swift.logging_jsonl(path)) if "loss" in r]
    return int(rows[-1]["global_step/max_steps"].split("/")[0]) if rows else 0


def test_stop_saves_a_checkpoint_and_a_kill_between_saves_resumes_from_the_last_complete_one(trained):
    ws = trained["ws"]
    jobs = Jobs(ws)
    s = P.resolve(
        "cpu-pocket",
        {
            "model": "pocket-tiny",
            "dataset": trained["sft"].id,
            "max_steps": 28,
            "save_steps": 4,
            "eval_steps": 1000,
            "batch_size": 2,
        },
    )
    launch = T.start(ws, s, preset="cpu-pocket", gpus=[])
    path = launch.run.path
    _wait_for(lambda: _logged_step(path) >= 5)
    t0 = time.monotonic()
    run = T.stop(ws, launch.run.id)
    print(f"\ngraceful stop took {time.monotonic() - t0:.1f}s")
    assert run.status == "stopped"
    saved = swift.checkpoints(path)[-1]
    stopped_at = json.loads((saved / "trainer_state.json").read_text())["global_step"]
    assert stopped_at >= 5 and swift.checkpoint_step(saved) == stopped_at  # saved at the stop, not at a save_steps
    assert "stop requested: saving checkpoint" in run.job.log_path.read_text()

    # Resume, then kill everything (as a power cut would) right after a save.
    second = T.resume(ws, launch.run.id)
    assert "Resuming from checkpoint" in second.warnings[0].en
    assert yaml.safe_load((path / "config.yaml").read_text())["resume_from_checkpoint"] == str(saved)
    target = (stopped_at // 4 + 2) * 4  # the second regular save after the resume
    _wait_for(lambda: any(swift.checkpoint_step(c) == target for c in swift.checkpoints(path)))
    _wait_for(lambda: _logged_step(path) > target)
    job = jobs.get(second.job.id)
    process.kill_group(job.pid)
    assert Jobs(ws).reconcile()[job.id] == "interrupted"
    # The last complete save when the kill landed: the tiny trainer (several steps a second) may have finished one
    # more save in the moment between seeing step > target and the kill.
    target = swift.checkpoint_step(swift.checkpoints(path)[-1])
    # A save torn by the kill: weights written, trainer_state.json not yet.
    torn = path / "output" / f"checkpoint-{target + 4}"
    if not torn.exists():
        shutil.copytree(path / "output" / f"checkpoint-{target}", torn)
        (torn / "trainer_state.json").unlink()
    assert R.get_run(ws, launch.run.id).status == "interrupted"

    third = T.resume(ws, launch.run.id)
    assert f"checkpoint-{target}" in third.warnings[0].en
    assert not torn.exists() and (path / "output" / f"incomplete-checkpoint-{target + 4}").is_dir()
    result = T.wait_result(ws, launch.run.id, timeout=600)
    log = path.joinpath("run.log").read_text()
    assert result["status"] == "succeeded", log[-3000:]
    assert result["step"] == 28
    state = json.loads((swift.checkpoints(path)[-1] / "trainer_state.json").read_text())
    assert state["global_step"] == 28
    # The third attempt started after checkpoint-<target>: its first logged step is target + 1.
    tail_rows = [r for r in read_jsonl(swift.logging_jsonl(path)) if "loss" in r]
    firsts = [int(r["global_step/max_steps"].split("/")[0]) for r in tail_rows]
    assert target + 1 in firsts and firsts[-1] == 28
    assert [s for s, _ in R.read_run_metrics(path).series["loss"]] == list(range(1, 29))
    assert len(R.get_run(ws, launch.run.id).jobs) == 3


def test_fake_oom_trainer_gives_the_oom_sentence_and_the_preset_that_fits(ws, pocket_cache, monkeypatch):
    """fake_oom_trainer prints ms-swift's CUDA out-of-memory error on a (pretend) 12 GB card; the run
    fails with one sentence saying so and pointing at the preset that fits."""
    from studio.data.store import register_samples

    sft = register_samples(ws)[0]
    big = ws.models / "big-7b"
    big.mkdir(parents=True)
    for f in ("tokenizer.json", "tokenizer_config.json"):
        shutil.copy(pocket_cache / f, big / f)
    (big / "config.json").write_text(
        json.dumps(
            {
                "model_type": "qwen2",
                "num_hidden_layers": 28,
                "hidden_size": 3584,
                "intermediate_size": 18944,
                "num_attention_heads": 28,
                "num_key_value_heads": 4,
                "vocab_size": 152064,
                "tie_word_embeddings": False,
            }
        )
    )
    monkeypatch.setenv(swift.TRAINER_OVERRIDE_ENV, str(HERE / "fake_oom_trainer.py"))
    card = [P.Gpu(0, "NVIDIA GeForce RTX 3060", 12288, 350)]
    # bf16 LoRA of a 7B model cannot fit 12 GB (the 24gb preset itself is QLoRA now, which the planner fits)
    s = P.resolve(
        "24gb",
        {
            "model": str(big),
            "dataset": sft.id,
            "template": "qwen2_5",
            "tuner": "lora",
            "max_length": 1024,
            "lora_rank": 8,
        },
    )
    launch = T.start(ws, s, preset="24gb", gpus=card)
    assert any("exceeds what is free" in w.en for w in launch.warnings)  # the planner saw it coming
    result = T.wait_result(ws, launch.run.id, timeout=60)
    assert result["status"] == "failed" and result["ok"] is False
    assert result["reason_en"].startswith("Out of memory")
    assert result["advice_en"].startswith("The run ran out of memory.") and "Preset “12gb” fits" in result["advice_en"]
    assert "显存" in result["advice_zh"] and "12gb" in result["advice_zh"]
    name, fixed = T.oom_fix(ws, R.get_run(ws, launch.run.id))
    assert name == "12gb" and fixed.tuner == "qlora" and fixed.model == str(big)
    # The retry the advice gives fits the card by the planner's count.
    assert T.plan(ws, fixed, card).fits is True
    # The same advice through the CLI.
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "studio.cli",
            "--workspace",
            str(ws.root),
            "--lang",
            "en",
            "train",
            "show",
            launch.run.id,
            "--json",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    shown = json.loads(out.stdout)
    assert shown["status"] == "failed" and "12gb" in shown["advice"]
