"""The cached pocket model for reliability tests (the integration tests' conftest builds and caches it)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def install_pocket(ws_root: Path) -> None:
    spec = importlib.util.spec_from_file_location(
        "reliability_pocket_cache", ROOT / "tests" / "integration" / "conftest.py"
    )
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    mod.install_pocket(ws_root)
