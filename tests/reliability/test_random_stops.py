"""50 random stops through the real job supervisor: nothing of a stopped job is left running.

The jobs are a named fake (`busy_family`, below): a python process that starts children and
grandchildren in its process group, some of which ignore SIGTERM - the shape of a trainer with
dataloader workers, which a real short job cannot be made to take at a random moment on a 2-core CI
machine 50 times. Each is stopped at a random moment (queued, starting, running), with a random grace,
through `Jobs.stop` (what the Stop buttons and `qixi jobs stop` call). Afterwards /proc holds no process
carrying the job's tag.
"""

from __future__ import annotations

import os
import random
import secrets
import sys
import threading
import time
from pathlib import Path

import pytest

from studio.core.workspace import Workspace
from studio.jobs.store import Jobs

pytestmark = pytest.mark.integration

STOPS = 50
BATCH = 5
TAG_ENV = "QIXI_TEST_STOP_TAG"

# busy_family: the job's process, 2 children (one ignores SIGTERM), each with a sleeping grandchild.
BUSY_FAMILY = r"""
import os, signal, subprocess, sys, time
ignore = "import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); time.sleep(600)"
plain = "import subprocess, sys, time; subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(600)']); time.sleep(600)"
kids = [subprocess.Popen([sys.executable, "-c", code]) for code in (ignore, plain)]
print("family up", flush=True)
time.sleep(600)
"""


def tagged(tag: str) -> list[int]:
    """Live processes whose environment carries this tag (zombies have no environ to read)."""
    needle = f"{TAG_ENV}={tag}".encode()
    out = []
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            if needle in Path(entry.path, "environ").read_bytes().split(b"\0"):
                out.append(int(entry.name))
        except OSError:
            continue
    return out


def test_fifty_random_stops_leave_no_process(tmp_path):
    ws = Workspace.open(tmp_path / "ws")
    jobs = Jobs(ws)
    rng = random.Random(11)
    results: list[tuple[str, str, float, str]] = []  # (tag, status, delay, phase seen)
    lock = threading.Lock()
    seen: list[int] = []  # tagged processes alive just before each stop

    def one(k: int) -> None:
        tag = secrets.token_hex(6)
        j = Jobs(ws)
        job = j.submit(
            "eval", [sys.executable, "-c", BUSY_FAMILY], title=f"busy_family {k}", gpu=False, env={TAG_ENV: tag}
        )
        delay = rng.choice([0.0, 0.05, 0.3, rng.uniform(0.5, 3.0)])
        time.sleep(delay)
        phase = j.get(job.id).status
        alive = len(tagged(tag))
        grace = rng.choice([0.2, 1.0, 3.0])
        stopped = j.stop(job.id, grace=grace)
        with lock:
            results.append((tag, stopped.status, delay, phase))
            seen.append(alive)

    t0 = time.monotonic()
    for start in range(0, STOPS, BATCH):
        threads = [threading.Thread(target=one, args=(k,)) for k in range(start, start + BATCH)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(120)
            assert not t.is_alive()
    assert len(results) == STOPS
    # Give the kernel a moment to reap what was just killed, then look.
    leftovers = {}
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        leftovers = {tag: pids for tag, *_ in results if (pids := tagged(tag))}
        if not leftovers:
            break
        time.sleep(0.2)
    statuses = {}
    phases = {}
    for _, status, _, phase in results:
        statuses[status] = statuses.get(status, 0) + 1
        phases[phase] = phases.get(phase, 0) + 1
    print(
        f"{STOPS} stops in {time.monotonic() - t0:.0f} s; stopped while {phases}; final {statuses}; "
        f"up to {max(seen)} processes alive before a stop; processes left: {sum(len(p) for p in leftovers.values())}"
    )
    assert not leftovers
    assert max(seen) >= 5  # whole families were up (job, 2 children, grandchild): the scan sees them
    assert set(statuses) <= {"stopped", "succeeded", "failed"} and statuses.get("stopped", 0) >= STOPS - 2
    assert phases.get("running", 0) >= 10  # many stops hit a running family, not just the queue
    assert all(not j.active for j in jobs.list())
