import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("MODELSCOPE_OFFLINE", "1")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
ARTIFACTS = ROOT / "tests" / "artifacts"


@pytest.fixture
def ws(tmp_path):
    from studio.workspace import Workspace
    return Workspace.open(tmp_path / "ws")


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


from support import StudioServer  # noqa: E402  (tests/ is on sys.path: pytest puts it there)


@pytest.fixture
def studio_server(tmp_path):
    servers = []

    def start(workspace=None, extra_args=(), env=None):
        s = StudioServer(workspace or tmp_path / "ws", extra_args, env)
        servers.append(s)
        return s
    yield start
    for s in servers:
        s.stop()
