"""The CLI tier: `qixi` run as a subprocess from a folder of the test's own, with its own HOME, as a person
types it (a `qixi` on PATH, like the one `pip install` makes)."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _pocket_cache_module():
    # The integration tier's cached pocket build, shared rather than built twice.
    spec = importlib.util.spec_from_file_location("qixi_pocket_cache", ROOT / "tests" / "integration" / "conftest.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@dataclass
class Shell:
    cwd: Path
    env: dict

    def run(self, *args: str, timeout: float = 600, stdin: str | None = None) -> subprocess.CompletedProcess:
        return subprocess.run(
            ["qixi", *args], cwd=self.cwd, env=self.env, capture_output=True, text=True, timeout=timeout, input=stdin
        )

    def files(self) -> list[str]:
        """Everything under the folder and HOME (what a command left behind)."""
        return sorted(
            str(p.relative_to(self.cwd.parent)) for top in (self.cwd, Path(self.env["HOME"])) for p in top.rglob("*")
        )


@pytest.fixture
def shell(tmp_path) -> Shell:
    """An empty current folder, an empty HOME, and `qixi` on PATH; no QIXI_HOME (tests pass --workspace
    or set it themselves). The worker's QIXI_CHAT_PORT stays: without it the README walk's chat server searched
    from 8000, the other worker's range, and lost port 8001 to the journey's model server."""
    here, home, bin_dir = tmp_path / "here", tmp_path / "home", tmp_path / "bin"
    for d in (here, home, bin_dir):
        d.mkdir()
    qixi = bin_dir / "qixi"
    qixi.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m studio.cli "$@"\n')
    qixi.chmod(0o755)
    env = {
        k: v
        for k, v in os.environ.items()
        if (not k.startswith("QIXI_") or k == "QIXI_CHAT_PORT") and k != "XDG_DATA_HOME"
    }
    env.update(
        {
            "HOME": str(home),
            "PATH": f"{bin_dir}{os.pathsep}{env.get('PATH', '/usr/bin:/bin')}",
            "PYTHONPATH": str(ROOT),
            "QIXI_LANG": "en",
            "MODELSCOPE_OFFLINE": "1",
            "HF_HUB_OFFLINE": "1",
        }
    )
    return Shell(here, env)


@pytest.fixture
def pocket_shell(shell, tmp_path) -> Shell:
    """`shell` with QIXI_HOME set to a workspace holding pocket-tiny (the cached build)."""
    ws = tmp_path / "ws"
    _pocket_cache_module().install_pocket(ws)
    shell.env["QIXI_HOME"] = str(ws)
    return shell
