"""A full disk during import and training: one clear sentence, nothing corrupted.

The workspace lives on a small tmpfs (`mount -t tmpfs -o size=48m`; CI runs as root in a container).
Where mounting is not permitted the test is skipped and says so - an RLIMIT_FSIZE stand-in gives
EFBIG, not the ENOSPC a real full disk gives, so it would not test the same thing.
"""

from __future__ import annotations

import json
import os
import subprocess
import time
from pathlib import Path

import pytest
from reliability_pocket import install_pocket

from studio.core import db
from studio.core.i18n import UserError
from studio.core.workspace import Workspace
from studio.data import store
from studio.engine import process, swift
from studio.jobs.store import Jobs
from studio.training import presets as P
from studio.training import train as T

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.integration


@pytest.fixture
def small_disk(tmp_path):
    mnt = tmp_path / "disk"
    mnt.mkdir()
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=48m", "tmpfs", str(mnt)], capture_output=True, text=True)
    if r.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({r.stderr.strip()}); the full-disk test needs one")
    # The filler exists before anything else writes: creating it right after the first checkpoint failed
    # with ENOSPC once on CI and once here (not seen again in 7 runs; cause not found).
    (mnt / "filler.bin").touch()
    try:
        yield mnt
    finally:
        subprocess.run(["umount", "-l", str(mnt)], check=False)


def fill(folder: Path, leave_bytes: int) -> Path:
    """A filler file that leaves about `leave_bytes` free on folder's file system.

    Unbuffered writes: a buffered file keeps the tail of a short write and raises ENOSPC again when it is
    closed (stop 25 failed on exactly that)."""
    st = os.statvfs(folder)
    free = st.f_bavail * st.f_frsize
    filler = folder / "filler.bin"  # made by the small_disk fixture
    try:
        fd = os.open(filler, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    except OSError as e:  # already full: that is the state the caller wants
        print(f"filler: {e}; statvfs {st}")
        return filler
    try:
        todo = max(0, free - leave_bytes)
        block = b"\0" * (1 << 20)
        while todo > 0:
            try:
                n = os.write(fd, block[: min(todo, len(block))])
            except OSError:  # ENOSPC: full, as wanted
                break
            if n == 0:
                break
            todo -= n
    finally:
        os.close(fd)
    return filler


def test_full_disk_during_import_gives_a_sentence_and_keeps_the_datasets_whole(small_disk, tmp_path):
    ws = Workspace.open(small_disk / "ws")
    before = store.register_samples(ws)
    big = tmp_path / "chats.jsonl"  # 4 MB of rows, outside the small disk
    lines = (ROOT / "assets" / "sample" / "sft.jsonl").read_text(encoding="utf-8").splitlines()
    big.write_text("\n".join(lines * 10) + "\n", encoding="utf-8")
    staged = store.stage_upload(ws, big)
    sentences, imported = [], [d.id for d in before]
    for leave in (64 * 1024, 2 * 1024 * 1024, 5 * 1024 * 1024):
        filler = fill(small_disk, leave)
        for attempt in ("stage", "import"):
            try:
                if attempt == "stage":
                    staged = store.stage_upload(ws, big)
                elif staged.exists():  # a successful import removes its staged upload (no raw data at rest)
                    imported.append(store.import_files(ws, [staged], scrub=False).id)
            except UserError as e:
                sentences.append(e.msg.en)
        filler.unlink(missing_ok=True)
    assert len(sentences) >= 3 and all("disk" in s.lower() for s in sentences), sentences
    # Nothing half-written: every dataset (those from before, and an import that had room) is whole,
    # and no temp folder or half-copied upload was left behind.
    assert sorted(d.id for d in store.list_datasets(ws)) == sorted(imported)
    for d in store.list_datasets(ws):
        assert len(store.read_rows(d.train_path)) == d.card["counts"]["train"]
    assert all(p.stat().st_size == big.stat().st_size for p in ws.uploads.rglob("*.jsonl"))
    assert not any(p.name.startswith("import-") for p in ws.tmp.iterdir())
    print(
        f"import on a full disk: {len(sentences)} attempts refused, {len(imported) - len(before)} fit; each refusal one sentence, e.g. “{sentences[0]}”"
    )


def test_full_disk_during_training_fails_with_a_sentence_and_resumes_after(small_disk):
    ws = Workspace.open(small_disk / "ws")
    install_pocket(ws.root)
    sft = store.register_samples(ws)[0]
    s = P.resolve(
        "cpu-pocket", {"model": "pocket-tiny", "dataset": sft.id, "max_steps": 12, "save_steps": 2, "batch_size": 2}
    )
    launch = T.start(ws, s, preset="cpu-pocket", gpus=[])
    # The disk fills up once the first checkpoint is saved.
    deadline = time.monotonic() + 300
    while not swift.checkpoints(launch.run.path) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert swift.checkpoints(launch.run.path), (launch.run.path / "run.log").read_text(errors="replace")[-2000:]
    filler = fill(small_disk, 0)
    # The trainer dies on the next save. With the disk full its supervisor cannot record that either
    # (exit.json and SQLite need a few bytes), so wait for the process, not for the row.
    job = Jobs(ws).get(launch.job.id)
    deadline = time.monotonic() + 300
    while process.is_alive(job.pid, job.pid_start) and time.monotonic() < deadline:
        time.sleep(0.5)
    assert not process.is_alive(job.pid, job.pid_start)
    # The log itself lives on the full disk, so ms-swift's last words may be cut off there.
    filler.unlink(missing_ok=True)  # the person frees space ...
    Jobs(ws).reconcile()  # ... and the app starts again
    job = Jobs(ws).get(job.id)
    assert job.status in ("failed", "interrupted") and job.reason is not None, job
    status = job.status
    con = db.connect(ws.db_path)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    con.close()
    complete = swift.checkpoints(launch.run.path)
    # Space again: resume starts from the last complete checkpoint and finishes.
    again = T.resume(ws, launch.run.id)
    result = T.wait_result(ws, launch.run.id, timeout=600)
    assert result["status"] == "succeeded", (launch.run.path / "run.log").read_text(errors="replace")[-3000:]
    state = json.loads((swift.checkpoints(launch.run.path)[-1] / "trainer_state.json").read_text())
    assert state["global_step"] == 12
    print(
        f"training on a full disk: trainer stopped with ENOSPC, job {status}, shown as “{job.reason.en}”; {len(complete)} complete checkpoint(s) kept; "
        f"resumed ({again.warnings[0].en if again.warnings else 'from the start'}) and finished"
    )
