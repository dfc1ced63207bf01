"""A truncated newest checkpoint: resume must take the previous complete one.

The real trainer killed mid-save (weights written, trainer_state.json not yet) is covered end to end in
tests/integration/test_train_runs.py::test_stop_saves_a_checkpoint_and_a_kill_between_saves_resumes_from_the_last_complete_one.
These cases are the other ways a newest checkpoint ends up torn, on the folders of a real pocket
training run: a weights file cut short (a power cut after the small files reached the disk but before
the weights did - the trainer does not fsync), an empty one, and a trainer_state.json cut short.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from reliability_pocket import install_pocket

from studio.core.workspace import Workspace
from studio.data import store
from studio.engine import swift
from studio.training import presets as P
from studio.training import train as T

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory) -> Path:
    """A real pocket SFT run with checkpoints at steps 2 and 4."""
    ws = Workspace.open(tmp_path_factory.mktemp("trunc") / "ws")
    install_pocket(ws.root)
    sft = store.register_samples(ws)[0]
    s = P.resolve(
        "cpu-pocket", {"model": "pocket-tiny", "dataset": sft.id, "max_steps": 4, "save_steps": 2, "batch_size": 2}
    )
    launch = T.start(ws, s, preset="cpu-pocket", gpus=[])
    assert T.wait_result(ws, launch.run.id, timeout=600)["status"] == "succeeded"
    assert [swift.checkpoint_step(c) for c in swift.checkpoints(launch.run.path)] == [2, 4]
    return launch.run.path


def _torn_copy(run_dir: Path, tmp_path: Path, how: str) -> Path:
    run = tmp_path / "run"
    shutil.copytree(run_dir, run)
    newest = swift.output_dir(run) / "checkpoint-4"
    weights = next(newest.glob("*.safetensors"))
    if how == "weights cut short":
        with open(weights, "r+b") as fh:
            fh.truncate(weights.stat().st_size // 2)
    elif how == "weights empty":
        weights.write_bytes(b"")
    else:
        state = newest / "trainer_state.json"
        state.write_bytes(state.read_bytes()[: state.stat().st_size // 2])
    return run


@pytest.mark.parametrize("how", ["weights cut short", "weights empty", "trainer_state.json cut short"])
def test_resume_skips_a_torn_newest_checkpoint(run_dir, tmp_path, how):
    run = _torn_copy(run_dir, tmp_path, how)
    assert [swift.checkpoint_step(c) for c in swift.checkpoints(run)] == [2]
    swift.set_aside_torn_checkpoints(run)
    assert (swift.output_dir(run) / "incomplete-checkpoint-4").is_dir()
