"""The real web process: starts fast, loads no torch, refuses to be exposed without a password."""
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.ui


def test_first_page_and_no_torch_in_the_web_process(studio_server):
    server = studio_server()
    print(f"first page served {server.startup_s:.2f} s after `python app.py` (target 5 s, see benchmarks/)")
    maps = Path(f"/proc/{server.proc.pid}/maps").read_text()
    assert "libtorch" not in maps and "torch/lib" not in maps
    client = server.client()
    bar = client.predict("en", api_name="/jobs_bar")
    bar = bar if isinstance(bar, str) else bar[0]
    assert "No job is running" in bar
    rows = client.predict("zh", None, api_name="/jobs_refresh")
    assert rows[1]["visible"] is True        # the empty state says what to do


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.20", "::"])
def test_listening_beyond_loopback_needs_a_password(tmp_path, host):
    out = subprocess.run([sys.executable, "app.py", "--workspace", str(tmp_path / "ws"), "--host", host],
                         cwd=ROOT, capture_output=True, text=True, timeout=60,
                         env={"PATH": "/usr/bin:/bin", "QIXI_LANG": "en"})
    assert out.returncode == 1
    assert "Refusing to listen on" in out.stderr and "--password" in out.stderr
    assert "Traceback" not in out.stderr


def test_jobs_survive_an_app_kill_and_are_readopted(tmp_path, studio_server):
    from studio.jobs import Jobs
    from studio.workspace import Workspace
    ws = Workspace.open(tmp_path / "ws")
    server = studio_server(ws.root)
    job = Jobs(ws).submit("sft", [sys.executable, "-c", "import time; time.sleep(20); print('trained')"])
    server.kill()                                   # SIGKILL the app while the job runs
    server2 = studio_server(ws.root)
    jobs = Jobs(ws)
    assert jobs.get(job.id).status == "running"     # re-adopted, not marked interrupted
    done = jobs.wait(job.id, timeout=60)
    assert done.status == "succeeded" and "trained" in done.log_path.read_text()
    assert len(jobs.list()) == 1
    server2.stop()
