"""benchmarks/suite_cpu.py: the command lines it classifies, and a real child's CPU counted."""

import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))
import suite_cpu  # noqa: E402


@pytest.mark.parametrize(
    "cmd, want",
    [
        ("/v/bin/python /v/lib/python3.11/site-packages/swift/cli/sft.py --model m --dataset d", "ms-swift sft"),
        ("/v/bin/python -m swift.cli.main rlhf /w/config.yaml", "ms-swift rlhf"),
        ("/usr/lib/chromium/chromium --type=renderer --lang=en-US", "chromium renderer"),
        ("/usr/lib/chromium/chromium --no-sandbox --headless --disable-gpu", "chromium browser"),
        ("/v/bin/python app.py --workspace /tmp/x/ws --port 4001", "app.py"),
        ("/v/bin/python -m studio.jobs.body build-pocket --size tiny --workspace /w", "job build-pocket"),
        ("/v/bin/python -m studio.engine.swift run sft /w/a.yaml", "launcher run"),
        ("/v/bin/python -m studio.jobs.run /w 20261207-223129-eval-f04631", "job supervisor"),
        ("/v/bin/python -m studio.cli --workspace /w data list", "qixi CLI"),
        ("/v/bin/python -u -c import sys;exec(eval(sys.stdin.readline()))", "pytest-xdist worker"),
        ("/v/bin/python /r/benchmarks/infer_speed.py --smoke", "benchmark infer_speed"),
        ("/v/bin/python -m pytest -m not gpu -n 2", "pytest"),
        ("bash -c true", "other: bash"),
    ],
)
def test_command_lines_are_classified(cmd, want):
    assert suite_cpu.kind(cmd) == want


def test_a_busy_child_is_counted_and_written(tmp_path):
    out = tmp_path / "cpu.json"
    busy = "import time\nt = time.process_time()\nwhile time.process_time() - t < 1.5: pass\n"
    rc = suite_cpu.main(["--out", str(out), "--interval", "0.2", "--", sys.executable, "-c", busy])
    result = json.loads(out.read_text())
    assert rc == 0 and result["exit_status"] == 0
    rows = {r["kind"]: r for r in result["by_kind"]}
    # The child burns 1.5 s of CPU; the sampler misses at most its last 0.2 s interval. (Only a lower bound on the
    # kind: a process another test left behind may start a python of its own in the window.)
    assert rows["other python"]["cpu_s"] >= 1.2, rows
    # The child inherited pytest's PYTEST_CURRENT_TEST, so its CPU, and only its, is charged to this file.
    files = {r["test_file"]: r["cpu_s"] for r in result["by_test_file"]}
    assert 1.2 <= files.get("tests/unit/test_suite_cpu.py", 0) <= 3.0, files
    assert result["wall_s"] >= 1.5
