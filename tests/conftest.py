import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("MODELSCOPE_OFFLINE", "1")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
# Under pytest-xdist each worker searches its own range for chat-server ports: two workers that both found
# 8000 free would each queue a server there, and the second one never became ready.
_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
if _WORKER.removeprefix("gw").isdigit():
    os.environ["QIXI_CHAT_PORT"] = str(8000 + 400 * int(_WORKER.removeprefix("gw")))
    # Two workers on two cores: each one's torch (the pocket model's training and replies) takes one thread
    # instead of both, so the workers do not fight over the cores.
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    os.environ.setdefault("MKL_NUM_THREADS", "1")
ARTIFACTS = ROOT / "tests" / "artifacts"
ALL_TIERS = "not gpu"


def pytest_configure(config):
    # The fast tier (pyproject's addopts) is for a bare `python -m pytest`. Naming a file, folder or test runs
    # all of it, whatever its tier; an explicit -m always wins.
    args = config.invocation_params.args
    named = any(not a.startswith("-") and Path(a.split("::")[0]).exists() for a in args)
    if named and not any(a.startswith("-m") for a in args):
        config.option.markexpr = ALL_TIERS


@pytest.fixture
def ws(tmp_path):
    from studio.core.workspace import Workspace

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
