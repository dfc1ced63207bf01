"""Where a command's CPU goes, by kind of process: run it, sample /proc once a second, sum by kind.

    python benchmarks/suite_cpu.py -- python -m pytest -m "not gpu" -n 2 --dist loadfile

Why: on two cores the full suite's wall time is about its CPU time over two (both cores stay busy), so a faster
suite needs less CPU, and this says whose. Every process that starts after this one is counted (jobs are
detached from their parents on purpose, so a process tree would miss them): its CPU (user + system) at the last
sample it was seen alive, classified by its command line (ms-swift's scripts by command, the app, Chromium by
process type, the studio's job bodies, `qixi`, pytest-xdist workers). A process that lives less than a second may
be missed, and each one loses the CPU of its last second; both are small next to the totals. Linux only.
Each process is also charged to the test file it was started for: the PYTEST_CURRENT_TEST it or its nearest
ancestor inherited (a job started by a module's app server counts for the file whose test started that server).
Results: benchmarks/results/suite_cpu.json (--out), with the command's exit status and wall time.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import threading
import time
from collections import defaultdict
from pathlib import Path

TICK = os.sysconf("SC_CLK_TCK")
RESULTS = Path(__file__).resolve().parent / "results"

# First match wins: (pattern on the command line, kind; \1 names the ms-swift command or job kind).
KINDS = [
    (re.compile(r"swift/cli/(\w+)\.py|swift\.cli\.main (\w+)"), "ms-swift {}"),
    (re.compile(r"chrom\S* .*--type=([\w-]+)"), "chromium {}"),
    (re.compile(r"(?:^|/)chromium\b"), "chromium browser"),
    (re.compile(r"\bapp\.py\b"), "app.py"),
    (re.compile(r"studio\.jobs\.body ([\w-]+)"), "job {}"),
    (re.compile(r"studio\.engine\.swift (\w+)"), "launcher {}"),
    (re.compile(r"studio\.jobs\.run\b"), "job supervisor"),
    (re.compile(r"-m studio\.cli\b|/qixi\b"), "qixi CLI"),
    (re.compile(r"exec\(eval\(sys\.stdin"), "pytest-xdist worker"),
    (re.compile(r"benchmarks/(\w+)\.py"), "benchmark {}"),
    (re.compile(r"-m pytest\b|/pytest\b"), "pytest"),
    (re.compile(r"playwright/driver/node"), "playwright driver"),
    (re.compile(r"python"), "other python"),
]


def kind(cmd: str) -> str:
    for pattern, name in KINDS:
        m = pattern.search(cmd)
        if m:
            groups = [g for g in m.groups() if g] if m.groups() else []
            return name.format(groups[0]) if "{}" in name else name
    return "other: " + (cmd.split(" ", 1)[0].rsplit("/", 1)[-1] or "?")


def _start_ticks(pid: str) -> int:
    with open(f"/proc/{pid}/stat") as fh:
        return int(fh.read().rsplit(")", 1)[1].split()[19])


def _test_file(pid: str, depth: int = 8) -> str:
    """The test file a process was started for: the PYTEST_CURRENT_TEST it inherited, else its nearest
    ancestor's (Chromium's renderers start with an environment of their own); '' when none."""
    try:
        with open(f"/proc/{pid}/stat") as fh:
            parent = fh.read().rsplit(")", 1)[1].split()[1]
    except (OSError, IndexError):
        return ""
    try:
        with open(f"/proc/{pid}/environ", "rb") as fh:
            env = fh.read().split(b"\0")
    except OSError:  # not ours to read (a setuid helper): its ancestors may say
        env = []
    for entry in env:
        if entry.startswith(b"PYTEST_CURRENT_TEST="):
            return entry.split(b"=", 1)[1].decode(errors="replace").split("::", 1)[0]
    return _test_file(parent, depth - 1) if depth and parent not in ("0", "1") else ""


def sample(since: int, seen: dict, stop: threading.Event, interval: float) -> None:
    """Fill seen[(pid, start)] = [cmdline, cpu seconds, test file] for every process started at or after `since`."""
    me = str(os.getpid())
    while not stop.is_set():
        for pid in os.listdir("/proc"):
            if not pid.isdigit() or pid == me:
                continue
            try:
                with open(f"/proc/{pid}/stat") as fh:
                    fields = fh.read().rsplit(")", 1)[1].split()
                start = int(fields[19])
                if start < since:
                    continue
                with open(f"/proc/{pid}/cmdline", "rb") as fh:
                    cmd = fh.read().replace(b"\0", b" ").decode(errors="replace").strip()
                row = seen.get((pid, start)) or seen.setdefault((pid, start), ["", 0.0, _test_file(pid)])
                # The latest command line: a launcher exec's into ms-swift's script under the same pid, and a
                # process that has exited (a zombie) shows none.
                row[0] = cmd or row[0]
                row[1] = (int(fields[11]) + int(fields[12])) / TICK
            except (OSError, IndexError, ValueError):
                continue  # gone between listdir and open
        stop.wait(interval)


def summarise(seen: dict, key=lambda cmd, test: kind(cmd), name: str = "kind") -> list[dict]:
    by: dict[str, list] = defaultdict(lambda: [0.0, 0])
    for cmd, cpu, test in seen.values():
        row = by[key(cmd, test)]
        row[0] += cpu
        row[1] += 1
    rows = [{name: k, "cpu_s": round(c, 1), "processes": n} for k, (c, n) in by.items()]
    return sorted(rows, key=lambda r: -r["cpu_s"])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=RESULTS / "suite_cpu.json")
    ap.add_argument("--interval", type=float, default=1.0)
    ap.add_argument("command", nargs=argparse.REMAINDER, help="the command, after --")
    args = ap.parse_args(argv)
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        ap.error("give the command to measure after --")
    since = _start_ticks("self")
    seen: dict = {}
    stop = threading.Event()
    sampler = threading.Thread(target=sample, args=(since, seen, stop, args.interval), daemon=True)
    sampler.start()
    t0 = time.monotonic()
    rc = subprocess.call(command)
    wall = time.monotonic() - t0
    stop.set()
    sampler.join()
    rows = summarise(seen)
    total = sum(r["cpu_s"] for r in rows)
    result = {
        "benchmark": "suite_cpu",
        "date": time.strftime("%Y-%m-%d %H:%M:%S"),
        "cores": os.cpu_count(),
        "command": command,
        "exit_status": rc,
        "wall_s": round(wall, 1),
        "cpu_s": round(total, 1),
        "cpu_over_wall": round(total / wall, 2) if wall else None,
        "by_kind": rows,
        "by_test_file": summarise(seen, lambda cmd, test: test or "(none)", "test_file"),
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n")
    for r in rows[:25]:
        print(f"{r['cpu_s']:8.1f} s {r['processes']:5d}  {r['kind']}")
    print(f"total CPU {total:.0f} s in {wall:.0f} s of wall ({result['cpu_over_wall']} cores busy)")
    return rc


if __name__ == "__main__":
    sys.exit(main())
