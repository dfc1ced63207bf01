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
    # Several workers on two cores: each one's torch (the pocket model's training and replies) takes one thread
    # instead of both, so the workers do not fight over the cores.
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    os.environ.setdefault("MKL_NUM_THREADS", "1")
ARTIFACTS = ROOT / "tests" / "artifacts"
ALL_TIERS = "not gpu"


# Under xdist each file runs whole on one worker (--dist loadfile), handed out in collection order: the longest
# files go first, so that the run does not end with one worker finishing a long file alone while the other
# idles (and a lone worker's training has one thread). xdist's own default order, the files with the most
# tests first, put these one-test files last (pytest_configure turns it off). Whole-file seconds of the
# fresh-clone run of 2026-12-07.
LONG_FIRST = (
    "browser/test_journey.py",  # 599 s (3 workers); 242-340 s (2 workers, 7 Dec)
    # Not the README walk second: both build the pocket model first, and with the pocket cache the second one
    # waited a build's time on the lock with its core idle (7 Dec); started after this, it copies the build.
    "reliability/test_annotate_kill.py",  # 294 (1,000 labels then); 168-177 s
    "cli/test_readme.py",  # 297; 170-187 s
    "integration/test_recipe.py",  # 188
    "browser/test_train_browser.py",  # 177
    "browser/test_zh_page.py",  # 165
    "integration/test_train_runs.py",  # 135
    "cli/test_newcomer.py",  # 114
    "browser/test_playground_browser.py",  # 102
    "security/test_path_traversal.py",  # 101
    "unit/test_benchmarks.py",  # 93
    "integration/test_export_deploy.py",  # 90
    "browser/test_start_browser.py",  # 88
    "integration/test_pocket.py",  # 84
    "integration/test_spine_swift.py",  # 82
    "integration/test_annotate_generate.py",  # 82
    "integration/test_chat_window_deploy.py",  # 73
)


def pytest_collection_modifyitems(config, items):
    if not _WORKER:
        return
    rank = {name: i for i, name in enumerate(LONG_FIRST)}
    tests = ROOT / "tests"
    items.sort(key=lambda item: rank.get(item.path.relative_to(tests).as_posix(), len(rank)))


def pytest_configure(config):
    if hasattr(config.option, "loadscopereorder"):  # pytest-xdist: keep LONG_FIRST's order
        config.option.loadscopereorder = False
    # The fast tier (pyproject's addopts) is for a bare `python -m pytest`. Naming a file, folder or test runs
    # all of it, whatever its tier; an explicit -m always wins.
    args = config.invocation_params.args
    named = any(not a.startswith("-") and Path(a.split("::")[0]).exists() for a in args)
    if named and not any(a.startswith("-m") for a in args):
        config.option.markexpr = ALL_TIERS


@pytest.fixture(autouse=True)
def _jobs_end_with_their_test(request):
    """Jobs are detached on purpose (they outlive an app restart), so one a test leaves running trains on through
    the rest of the run: the LAN test's pocket build, started as load, took about 60 s of CPU after its test ended
    (a run sampled as benchmarks/suite_cpu.py does, 7 Dec). When a test ends, every job of a workspace in its tmp_path whose process still
    lives is stopped (never one whose leader is gone: its group id may belong to another process by now)."""
    # Asked for here, before the test, so that tmp_path is torn down after this (the servers before it).
    tmp = request.getfixturevalue("tmp_path") if "tmp_path" in request.fixturenames else None
    yield
    dbs = list(tmp.glob("**/studio.db")) if tmp else []
    if not dbs:
        return
    from studio.core.workspace import Workspace
    from studio.engine import process
    from studio.jobs.store import Jobs

    for path in dbs:
        try:  # some tests leave a studio.db broken on purpose: nothing of theirs can be running
            jobs = Jobs(Workspace.open(path.parent))
            active = [
                j for j in jobs.list() if j.status == "queued" or j.active and process.is_alive(j.pid, j.pid_start)
            ]
        except Exception:  # noqa: BLE001
            continue
        for job in active:
            jobs.stop(job.id, grace=2)
        jobs.con.close()


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
