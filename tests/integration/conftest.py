"""The real pocket model for training tests: built once (or taken from tests/artifacts/pocket-cache when
its code and data have not changed) and copied into each test workspace."""

from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CACHE = ROOT / "tests" / "artifacts" / "pocket-cache"
# A short build is enough for training tests (they need the real tokenizer and architecture, not a
# fluent model); a full build found in the cache is used as it is.
QUICK_STEPS = int(os.environ.get("QIXI_POCKET_TEST_STEPS", "40"))


def pocket_key() -> str:
    """Changes whenever what the pocket build depends on changes: its code, its sizes and plans (in
    pocket.py), the sample files it reads, and how many steps the quick build takes."""
    h = hashlib.sha256(f"steps={QUICK_STEPS}".encode())
    files = [
        ROOT / "studio" / "models" / "pocket.py",
        ROOT / "studio" / "engine" / "pretrain.py",
        *sorted((ROOT / "assets" / "sample").glob("*.jsonl")),
    ]
    for f in files:
        h.update(f.name.encode())
        h.update(f.read_bytes())
    return h.hexdigest()[:16]


def pocket_model(size: str = "tiny") -> Path:
    """The cached pocket-<size> model folder, building it when missing or stale."""
    key = pocket_key()
    folder = CACHE / f"{key}-{size}" / f"pocket-{size}"
    if (folder / "model.json").is_file():
        return folder
    CACHE.mkdir(parents=True, exist_ok=True)
    # The suite runs on two workers (pytest-xdist): one builds while the other waits, then finds the model.
    with open(CACHE / f".lock-{size}", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if (folder / "model.json").is_file():
            return folder
        return _build(key, size, folder)


def _build(key: str, size: str, folder: Path) -> Path:
    work = CACHE / f".build-{key}-{size}-{os.getpid()}"
    shutil.rmtree(work, ignore_errors=True)
    t0 = time.monotonic()
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "studio.jobs.body",
            "build-pocket",
            "--size",
            size,
            "--workspace",
            str(work / "ws"),
            "--run-dir",
            str(work / "ws" / "runs" / "pocket"),
            "--max-steps",
            str(QUICK_STEPS),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=1200,
        env={**os.environ, "MODELSCOPE_OFFLINE": "1", "HF_HUB_OFFLINE": "1"},
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    print(f"\n[pocket-cache] built pocket-{size} in {time.monotonic() - t0:.0f}s")
    folder.parent.mkdir(parents=True, exist_ok=True)
    for old in CACHE.glob(f"*-{size}"):
        if old != folder.parent:
            shutil.rmtree(old, ignore_errors=True)
    os.replace(work / "ws" / "models" / f"pocket-{size}", folder)
    shutil.rmtree(work, ignore_errors=True)
    return folder


def install_pocket(ws_root: Path, size: str = "tiny") -> Path:
    dest = Path(ws_root) / "models" / f"pocket-{size}"
    dest.parent.mkdir(parents=True, exist_ok=True)
    shutil.copytree(pocket_model(size), dest, dirs_exist_ok=True)
    return dest


@pytest.fixture(scope="session")
def pocket_cache() -> Path:
    return pocket_model("tiny")


@pytest.fixture
def pocket_ws(ws, pocket_cache):
    """A workspace with pocket-tiny installed and the bundled samples registered as datasets."""
    from studio.data.store import register_samples

    install_pocket(ws.root)
    sft, pairs = register_samples(ws)[:2]
    return ws, sft, pairs
