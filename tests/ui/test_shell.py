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
    rows = client.predict("zh", api_name="/jobs_refresh")
    assert rows[1]["visible"] is True  # the empty state says what to do


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.20", "::"])
def test_listening_beyond_loopback_needs_a_password(tmp_path, host):
    out = subprocess.run(
        [sys.executable, "app.py", "--workspace", str(tmp_path / "ws"), "--host", host],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env={"PATH": "/usr/bin:/bin", "QIXI_LANG": "en"},
    )
    assert out.returncode == 1
    assert "Refusing to listen on" in out.stderr and "--password" in out.stderr
    assert "Traceback" not in out.stderr


def test_jobs_survive_an_app_kill_and_are_readopted(tmp_path, studio_server):
    from studio.core.workspace import Workspace
    from studio.jobs.store import Jobs

    ws = Workspace.open(tmp_path / "ws")
    server = studio_server(ws.root)
    job = Jobs(ws).submit("sft", [sys.executable, "-c", "import time; time.sleep(20); print('trained')"])
    server.kill()  # SIGKILL the app while the job runs
    server2 = studio_server(ws.root)
    jobs = Jobs(ws)
    assert jobs.get(job.id).status == "running"  # re-adopted, not marked interrupted
    done = jobs.wait(job.id, timeout=60)
    assert done.status == "succeeded" and "trained" in done.log_path.read_text()
    assert len(jobs.list()) == 1
    server2.stop()


def test_the_job_bar_says_what_a_queued_job_waits_for_offers_to_stop_the_server_and_keeps_a_failure(
    tmp_path, studio_server
):
    from studio.core.workspace import Workspace
    from studio.jobs.store import Jobs

    ws = Workspace.open(tmp_path / "ws")
    jobs = Jobs(ws)
    server = studio_server(ws.root)
    client = server.client()
    # A stand-in chat server: a deploy job that only sleeps holds the device slot as `swift deploy` would.
    dep = jobs.submit("deploy", [sys.executable, "-c", "import time; time.sleep(600)"], title="pocket-tiny-chat")
    sft = jobs.submit("sft", [sys.executable, "-c", "print('trained')"], title="SFT")
    # (gradio_client returns the bar's text; buttons are left out of its outputs.)
    bar = client.predict("en", api_name="/jobs_bar")
    assert "the chat server “pocket-tiny-chat” holds the device" in bar and "Stop the chat server" in bar
    zh = client.predict("zh", api_name="/jobs_bar")
    assert "聊天服务“pocket-tiny-chat”占用" in zh
    client.predict("en", api_name="/jobs_bar_stop_server")
    assert jobs.get(dep.id).status == "stopped"
    assert jobs.wait(sft.id, timeout=60).status == "succeeded"  # the queue moved

    failed = jobs.submit(
        "download",
        [
            sys.executable,
            "-c",
            "import sys; print(\"Failed to resolve 'www.modelscope.cn'\", file=sys.stderr); sys.exit(1)",
        ],
        title="qwen",
        gpu=False,
    )
    assert jobs.wait(failed.id, timeout=60).status == "failed"
    bar = client.predict("en", api_name="/jobs_bar")
    assert bar.startswith("❌") and "No network: connect, or pick a local folder." in bar
    out = client.predict("en", api_name="/jobs_refresh")  # the Jobs tab picks the newest job
    assert out[2]["value"] == failed.id and "No network: connect, or pick a local folder." in out[3]


def test_stopping_with_a_page_open_ends_within_seconds(studio_server):
    """An open page holds an event stream; Ctrl+C / SIGTERM used to wait on it for good (the tests then
    killed the app after 15 s each)."""
    import http.client
    import time

    server = studio_server()
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
    conn.request("GET", "/gradio_api/heartbeat/shutdown-probe")
    assert conn.getresponse().getheader("content-type").startswith("text/event-stream")
    t0 = time.monotonic()
    server.proc.terminate()
    server.proc.wait(6)  # raises TimeoutExpired when the stream still holds it (the grace is 1 s)
    print(f"exited {time.monotonic() - t0:.1f} s after SIGTERM with a stream open")
    conn.close()
