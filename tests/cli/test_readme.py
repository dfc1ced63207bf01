"""The README's CLI walk, run exactly as printed: its bash block, line by line in one bash (so `SFT=$(…)` carries
to the next line), from the repository folder, in a scratch workspace with `qixi` on PATH. It is also the CLI
journey: pocket build -> import -> SFT with the preset a CPU gets (its loss must fall) -> DPO -> eval -> merge ->
chat."""

from __future__ import annotations

import re
import subprocess
import time
from pathlib import Path

import pytest

from studio.engine import swift
from studio.engine.metrics import read_metrics

pytestmark = [pytest.mark.cli, pytest.mark.integration]
ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"
# The whole walk builds the pocket model and trains twice on the CPU: bounded, not open-ended.
LIMIT_S = 1500


def readme_block() -> list[str]:
    text = README.read_text(encoding="utf-8")
    at = text.index("Every action has a `qixi` command")
    block = re.search(r"```bash\n(.*?)```", text[at:], re.S).group(1)
    return [line for line in block.splitlines() if line.strip()]


def test_readme_cli_walk_runs_as_printed(shell, tmp_path):
    lines = readme_block()
    assert len(lines) >= 10 and all(re.match(r"(\w+=\$\()?qixi ", line) for line in lines), lines
    shell.env["QIXI_HOME"] = str(tmp_path / "ws")
    # One pocket build per test run: the first of this walk, the journey and the training tests builds, the
    # others copy it (tests/integration/test_pocket.py builds without the cache and checks the build itself).
    shell.env["QIXI_POCKET_CACHE"] = str(ROOT / "tests" / "artifacts" / "pocket-cache")
    # Before each line, a marker with the time, so a failure names its line and each line's time is known.
    script = ["set -eo pipefail"]
    for n, line in enumerate(lines):
        script += [f'echo "@@ {n} $(date +%s.%N)" >&2', line]
    script.append('echo "@@ end $(date +%s.%N)" >&2')
    t0 = time.monotonic()
    r = subprocess.run(
        ["bash", "-c", "\n".join(script)], cwd=ROOT, env=shell.env, capture_output=True, text=True, timeout=LIMIT_S
    )
    marks = re.findall(r"^@@ (\w+) ([\d.]+)$", r.stderr, re.M)
    done = len(marks) - 1 if marks and marks[-1][0] == "end" else len(marks) - 1
    for (n, a), (_, b) in zip(marks, marks[1:]):
        print(f"{float(b) - float(a):7.1f}s  {lines[int(n)]}")
    print(f"README walk: {time.monotonic() - t0:.0f}s")
    assert r.returncode == 0, f"line {done}: {lines[min(done, len(lines) - 1)]}\n{r.stdout[-3000:]}\n{r.stderr[-4000:]}"
    assert "Traceback" not in r.stderr and "BrokenPipe" not in r.stderr, r.stderr[-3000:]
    out = r.stdout
    assert "小七 v1" in out  # the rename shows in `qixi models list`
    assert re.search(r"pairs: 10 \(pairs_heldout\.jsonl\)", out)  # eval read the file from the repository folder
    assert "succeeded" in out  # `qixi jobs list`
    # Issue 3, as a user gets it: the SFT line ran the cpu-pocket preset (4 epochs, ~400 steps), and its loss
    # falls by at least 30% from the first logged value. "Now" is the mean of the last 10 logged values (one
    # step each), as a single batch of 4 is noisy.
    (run,) = (tmp_path / "ws" / "runs").glob("*-sft-*")
    loss = [v for _, v in read_metrics(swift.output_dir(run)).series["loss"]]
    first, last = loss[0], sum(loss[-10:]) / 10
    print(f"SFT loss {first:.3f} -> {last:.3f} (mean of the last 10 of {len(loss)}; {1 - last / first:.0%} lower)")
    assert len(loss) >= 100 and last <= 0.7 * first, loss
