"""Process groups: spawn, identify (pid + start time), and stop without leaving anything behind.

Never `pkill -f`: we only signal the process group we created, identified by pid and start time.
"""

from __future__ import annotations

import os
import signal
import subprocess
import threading
import time
from pathlib import Path


def start_time(pid: int) -> int | None:
    """Kernel start time of `pid` in clock ticks (field 22 of /proc/pid/stat); None if gone or a zombie."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError, PermissionError, OSError):
        return None
    # The command name may contain spaces and parentheses: split after the last ')'.
    fields = stat[stat.rindex(")") + 2 :].split()
    if fields[0] == "Z":
        return None
    return int(fields[19])


def is_alive(pid: int | None, started: int | None) -> bool:
    return bool(pid) and started is not None and start_time(pid) == started


def group_members(pgid: int) -> list[int]:
    """Live (non-zombie) pids whose process group is `pgid`."""
    out = []
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            stat = Path(entry.path, "stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        if fields[0] != "Z" and int(fields[2]) == pgid:
            out.append(int(entry.name))
    return out


def spawn(argv: list[str], log_path: Path, cwd: Path | None = None, env: dict | None = None) -> subprocess.Popen:
    """Start argv as the leader of a new session/process group, stdout+stderr appended to log_path.

    Output goes to a file, never to a pipe nobody reads (a full pipe stalls a trainer).
    """
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with open(log_path, "ab", buffering=0) as log:
        proc = subprocess.Popen(
            argv,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            cwd=cwd,
            env=env,
            start_new_session=True,
            close_fds=True,
        )
    # Reap it when it ends so it never lingers as a zombie of the web process.
    threading.Thread(target=proc.wait, daemon=True).start()
    return proc


def stop_group(pgid: int, grace: float = 8.0, poll: float = 0.1) -> bool:
    """SIGTERM the group, wait up to `grace` s, then SIGKILL what is left. True if it had to SIGKILL."""
    try:
        os.killpg(pgid, signal.SIGTERM)
    except ProcessLookupError:
        return False
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline:
        if not group_members(pgid):
            return False
        time.sleep(poll)
    kill_group(pgid)
    return True


def kill_group(pgid: int, exclude: int | None = None) -> None:
    """SIGKILL every live member of the group (but `exclude`), until none is left."""
    for _ in range(50):
        members = [p for p in group_members(pgid) if p != exclude]
        if not members:
            return
        for pid in members:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        time.sleep(0.05)
