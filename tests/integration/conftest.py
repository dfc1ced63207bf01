"""The real pocket model for training tests: one full build per test run, kept by the studio's own pocket cache
($QIXI_POCKET_CACHE = tests/artifacts/pocket-cache, keyed by the build's recipe) and copied into each test
workspace. The journey and the README walk build through the same cache, so whichever starts first builds and
the others wait for it and copy; tests/integration/test_pocket.py builds without it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from studio.models import pocket

ROOT = Path(__file__).resolve().parents[2]
CACHE = ROOT / "tests" / "artifacts" / "pocket-cache"


def pocket_model(size: str = "tiny") -> Path:
    """The cached pocket-<size> model folder: the build-pocket job runs (into a scratch workspace) when this
    recipe has no finished build in the cache yet, and waits when another worker is building it."""
    folder = CACHE / pocket.recipe_key(size) / f"pocket-{size}"
    if (folder / "model.json").is_file():
        return folder
    work = CACHE.parent / f"pocket-scratch-{os.getpid()}"
    t0 = time.monotonic()
    proc = subprocess.run(
        [sys.executable, "-m", "studio.jobs.body", "build-pocket", "--size", size, "--workspace", str(work / "ws")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=1200,
        env={**os.environ, "MODELSCOPE_OFFLINE": "1", "HF_HUB_OFFLINE": "1", pocket.CACHE_ENV: str(CACHE)},
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    print(f"\n[pocket-cache] pocket-{size} ready in {time.monotonic() - t0:.0f}s")
    shutil.rmtree(work, ignore_errors=True)
    assert (folder / "model.json").is_file(), proc.stdout[-3000:]
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
