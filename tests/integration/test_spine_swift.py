"""The job runner with the real trainer: `swift sft` on the pocket model as a background job."""
import time

import pytest

from studio.engine import process, swift
from studio.engine.metrics import read_metrics
from studio.jobs import Jobs

pytestmark = pytest.mark.integration


def spec(ws, sft, **kw) -> swift.TrainSpec:
    job_id = kw.pop("job_id")
    base = dict(model=str(ws.models / "pocket-tiny"), model_type="qwen2", template="qwen",
                dataset=[str(sft.train_path)], run_dir=ws.runs / job_id, torch_dtype="float32",
                batch_size=4, max_length=256, learning_rate=1e-3, save_steps=1000, extra={"check_model": False})
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
    assert len(seen) >= 3 and jobs.get(job.id).status == "running"     # read live, mid-training
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
    argv = swift.write_train(spec(ws, sft, job_id=job_id, max_length=4, max_steps=5,
                                  extra={"check_model": False, "truncation_strategy": "delete"}))
    job = jobs.wait(jobs.submit("sft", argv, run_dir=ws.runs / job_id, job_id=job_id,
                                env=dict(swift.OFFLINE_ENV)).id, timeout=300)
    assert job.status == "failed", job.log_path.read_text()[-2000:]
    print(f"reason: {job.reason.en}")
    assert "empty after the length filter" in job.reason.en and "最大长度" in job.reason.zh
