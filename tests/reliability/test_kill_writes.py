"""SIGKILL during a dataset import and during a model export: no half-written file or folder under a
final name, nothing acknowledged lost, nothing partial registered.

- Import: the real `qixi data import` (the Data tab's import_files) on a file big enough to take a few
  seconds, SIGKILLed 20 times at random moments.
- Export: the real export job (`python -m studio.jobs.body export`, started by the real supervisor;
  the same staging-then-rename code runs a merge or quantize after ms-swift has written its output),
  SIGKILLed 20 times mid-copy - the writer alone, or its whole process group as a power cut would.
(Labels under SIGKILL: tests/reliability/test_annotate_kill.py.)
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from studio.core.workspace import Workspace, atomic_write_json
from studio.data import store
from studio.engine import process
from studio.jobs.store import Jobs
from studio.models import registry as models

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.integration
KILLS = 20


def check_datasets(ws: Workspace) -> int:
    """Every folder under datasets/ is a whole dataset: its card parses and its files hold the rows it says."""
    n = 0
    for d in ws.datasets.iterdir():
        assert not d.name.startswith("."), d
        card = json.loads((d / "card.json").read_text(encoding="utf-8"))
        for split in ("train", "val"):
            rows = [json.loads(line) for line in (d / f"{split}.jsonl").read_text(encoding="utf-8").splitlines()]
            assert len(rows) == card["counts"][split], (d, split)
        n += 1
    assert n == len(store.list_datasets(ws))
    return n


def test_twenty_sigkills_during_dataset_import(tmp_path):
    ws = Workspace.open(tmp_path / "ws")
    big = tmp_path / "big.jsonl"
    lines = (ROOT / "assets" / "sample" / "sft.jsonl").read_text(encoding="utf-8").splitlines()
    big.write_text("\n".join(lines * 12) + "\n", encoding="utf-8")
    cmd = [
        sys.executable,
        "-m",
        "studio.cli",
        "--workspace",
        str(ws.root),
        "--lang",
        "en",
        "data",
        "import",
        str(big),
        "--no-scrub",
        "--json",
    ]
    t0 = time.monotonic()
    ok = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=300)
    full = time.monotonic() - t0
    assert ok.returncode == 0, ok.stderr[-2000:]
    acked = {json.loads(ok.stdout)["id"]}
    rng = random.Random(5)
    kills = mid = 0
    while kills < KILLS:
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        time.sleep(rng.uniform(0.3, full))
        if proc.poll() is None:
            tmp_before = {p.name for p in ws.tmp.iterdir()}
            proc.send_signal(signal.SIGKILL)
            proc.wait(30)
            kills += 1
            mid += any(n.startswith("import-") for n in tmp_before)  # it was writing the dataset folder
        else:
            out = proc.stdout.read()
            acked.add(json.loads(out)["id"])  # finished first: acknowledged, must stay
        check_datasets(ws)
    n = check_datasets(ws)
    assert acked <= {ds.id for ds in store.list_datasets(ws)}
    print(
        f"import: {kills} SIGKILLs ({mid} while the dataset folder was being written), one import takes "
        f"{full:.1f} s; {len(acked)} acknowledged imports all present, {n} datasets all whole"
    )


def big_model(ws: Workspace, mb: int) -> Path:
    folder = ws.models / "big"
    folder.mkdir(parents=True)
    (folder / "config.json").write_text('{"model_type": "qwen2"}')
    with open(folder / "model.safetensors", "wb") as fh:
        for _ in range(mb):
            fh.write(os.urandom(1 << 20))
    atomic_write_json(
        folder / models.CARD,
        {
            "id": "big",
            "kind": "base",
            "model_type": "qwen2",
            "template": "qwen",
            "name": {"zh": "大模型", "en": "big model"},
        },
    )
    return folder


def test_twenty_sigkills_during_export(tmp_path):
    ws = Workspace.open(tmp_path / "ws")
    src = big_model(ws, 48)
    size = (src / "model.safetensors").stat().st_size
    jobs = Jobs(ws)
    first = jobs.wait(models.submit_copy(ws, "big", jobs=jobs).id, timeout=120)
    assert first.status == "succeeded"
    acked = Path(first.meta["dest"])
    rng = random.Random(9)
    kills = mid = finished = 0
    while kills < KILLS:
        job = models.submit_copy(ws, "big", jobs=jobs)
        dest = Path(job.meta["dest"])
        # Wait for the copy to begin (the staging folder appears), then kill a random moment into it.
        staging_seen = False
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not staging_seen and jobs.get(job.id).active:
            staging_seen = any(p.name.startswith(f".{dest.name}.part-") for p in dest.parent.iterdir())
            time.sleep(0.005)
        time.sleep(rng.uniform(0.0, 0.15))
        j = jobs.get(job.id)
        if j.active and j.pid:
            writers = [p for p in process.group_members(j.pid) if p != j.pid]
            if kills % 2 and writers:  # the writer alone: its supervisor records a failure
                os.kill(writers[0], signal.SIGKILL)
            else:  # the whole group, as a power cut: the next app start reconciles
                process.kill_group(j.pid)
                jobs.reconcile()  # what the next app start does
            kills += 1
            mid += staging_seen
        j = jobs.wait(job.id, timeout=120)
        finished += j.status == "succeeded"
        if j.status == "succeeded":
            assert dest.is_dir()
        if dest.exists():
            # A kill after the rename (before the job's row said so) leaves a whole model: that is fine.
            assert (dest / "model.safetensors").stat().st_size == size
            assert json.loads((dest / models.CARD).read_text())["id"] == dest.name
            if dest != acked:
                shutil.rmtree(dest)  # keep the disk small over many rounds
        # Whatever the models list shows is whole; a staging folder is never listed.
        for e in models.list_models(ws, jobs):
            assert ".part-" not in str(e.path)
            if e.path.parent == ws.exports:
                assert (e.path / "model.safetensors").stat().st_size == size, e.path
    print(
        f"export: {kills} SIGKILLs ({mid} with the staging folder being written), {finished} exports finished "
        "whole; no partial folder under a final name or in the models list"
    )
    assert (acked / "model.safetensors").stat().st_size == size  # the acknowledged export is untouched
    assert mid >= KILLS // 2
