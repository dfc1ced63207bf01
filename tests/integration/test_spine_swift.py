"""The job runner with the real trainer: `swift sft` on the pocket model as a background job."""

import time

import pytest

from studio.engine import process, swift
from studio.engine.metrics import read_metrics
from studio.jobs.store import Jobs

pytestmark = pytest.mark.integration


def spec(ws, sft, **kw) -> swift.TrainSpec:
    job_id = kw.pop("job_id")
    base = dict(
        model=str(ws.models / "pocket-tiny"),
        model_type="qwen2",
        template="qwen",
        dataset=[str(sft.train_path)],
        run_dir=ws.runs / job_id,
        torch_dtype="float32",
        batch_size=4,
        max_length=256,
        learning_rate=1e-3,
        save_steps=1000,
        extra={"check_model": False},
    )
    base.update(kw)
    return swift.TrainSpec(**base)


def test_loss_is_read_while_it_runs_then_stop_leaves_nothing(pocket_ws):
    ws, sft, _ = pocket_ws
    jobs = Jobs(ws)
    job_id = "spine-sft-running"
    argv = swift.write_train(spec(ws, sft, job_id=job_id, max_steps=2000))
    job = jobs.submit("sft", argv, run_dir=ws.runs / job_id, job_id=job_id, env=dict(swift.OFFLINE_ENV))
    deadline = time.monotonic() + 240
    seen = []
    while time.monotonic() < deadline:
        m = read_metrics(swift.output_dir(job.run_dir))
        seen = m.series.get("loss", [])
        if len(seen) >= 3:
            break
        assert jobs.get(job.id).active, jobs.get(job.id).log_path.read_text()[-2000:]
        time.sleep(0.5)
    assert len(seen) >= 3 and jobs.get(job.id).status == "running"  # read live, mid-training
    pid = jobs.get(job.id).pid
    t0 = time.monotonic()
    stopped = jobs.stop(job.id)
    took = time.monotonic() - t0
    print(f"loss points read while running: {len(seen)}; stopped in {took:.1f} s")
    assert stopped.status == "stopped" and took < 10
    assert process.group_members(pid) == []


def test_empty_after_the_length_filter_fails_with_that_sentence(pocket_ws):
    ws, sft, _ = pocket_ws
    jobs = Jobs(ws)
    job_id = "spine-sft-empty"
    # Bypass the studio's own pre-launch length check to see ms-swift's failure explained.
    argv = swift.write_train(
        spec(
            ws,
            sft,
            job_id=job_id,
            max_length=4,
            max_steps=5,
            extra={"check_model": False, "truncation_strategy": "delete"},
        )
    )
    job = jobs.wait(
        jobs.submit("sft", argv, run_dir=ws.runs / job_id, job_id=job_id, env=dict(swift.OFFLINE_ENV)).id, timeout=300
    )
    assert job.status == "failed", job.log_path.read_text()[-2000:]
    print(f"reason: {job.reason.en}")
    assert "empty after the length filter" in job.reason.en and "最大长度" in job.reason.zh


def _lora_b_max(run_dir) -> float:
    """The largest |w| over the last checkpoint's lora_B tensors, read from its safetensors file here."""
    from safetensors.torch import load_file

    ckpt = swift.checkpoints(run_dir)[-1]
    weights = load_file(str(ckpt / "adapter_model.safetensors"))
    bs = [t for name, t in weights.items() if "lora_B" in name]
    assert bs, sorted(weights)[:5]
    return max(float(t.abs().max()) for t in bs)


def test_a_run_whose_adapter_never_moves_fails_with_that_sentence_and_a_normal_one_does_not(pocket_ws):
    """Zero gradients made for real: LoRA dropout 1.0 zeroes the adapter's input, so no gradient reaches
    lora_B. (The H100 chain's runs of 2026-12-06 ended the same way from NaN gradients: its random bench base
    had all-zero embedding rows, see benchmarks/train_speed.py ensure_model.)"""
    ws, sft, _ = pocket_ws
    jobs = Jobs(ws)
    ends = {}
    for job_id, dropout in (("spine-sft-frozen", 1.0), ("spine-sft-moves", 0.05)):
        argv = swift.write_train(spec(ws, sft, job_id=job_id, max_steps=4, save_steps=4, lora_dropout=dropout))
        ends[job_id] = jobs.wait(
            jobs.submit("sft", argv, run_dir=ws.runs / job_id, job_id=job_id, env=dict(swift.OFFLINE_ENV)).id,
            timeout=300,
        )
    frozen, moves = ends["spine-sft-frozen"], ends["spine-sft-moves"]
    assert frozen.status == "failed", frozen.log_path.read_text()[-2000:]
    assert _lora_b_max(frozen.run_dir) == 0.0  # the last save happened, and it is truly unchanged
    print(f"reason: {frozen.reason.en}")
    assert "did not change at all" in frozen.reason.en and "基础模型" in frozen.reason.zh
    assert moves.status == "succeeded", moves.log_path.read_text()[-2000:]
    assert _lora_b_max(moves.run_dir) > 0.0


_PLUGIN_END = r"""
import sys, types, torch
from studio.engine import swift_stop as s
m = torch.nn.Module()
m.lora_B = torch.nn.Parameter(torch.zeros(4, 2))
cb, ctrl, state = s.GracefulStop(None, None), types.SimpleNamespace(should_training_stop=False), types.SimpleNamespace(global_step=3)
cb.on_train_begin(None, state, ctrl, model=m)
s._state["stepped"] = True
with torch.no_grad():
    m.lora_B.fill_({"unchanged": 0.0, "nan": float("nan"), "moved": 1e-4}[sys.argv[1]])
try:
    cb.on_train_end(None, state, ctrl, model=m)
    print("ended normally")
except SystemExit as e:
    print("exit", e.code)
"""


@pytest.mark.parametrize("weights, marked", [("unchanged", True), ("nan", True), ("moved", False)])
def test_the_plugin_fails_a_run_whose_adapter_is_unchanged_or_nan(weights, marked):
    """The trainer plugin's end-of-run check on a stand-in model (its own process: the plugin installs a
    SIGTERM handler when imported). NaN weights count as not learning too."""
    import subprocess
    import sys
    from pathlib import Path

    out = subprocess.run(
        [sys.executable, "-c", _PLUGIN_END, weights],
        cwd=Path(__file__).resolve().parents[2],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert out.returncode == 0, out.stderr[-2000:]
    assert ("QIXI_ADAPTER_UNCHANGED" in out.stdout and "exit 3" in out.stdout) is marked, out.stdout
    assert ("ended normally" in out.stdout) is not marked
