"""Shared test helpers (a module of its own: two conftest.py files exist, so `import conftest` is ambiguous)."""
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    import socket
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class StudioServer:
    """A real `python app.py` process on a free port, on its own workspace."""

    def __init__(self, workspace: Path, extra_args=(), env=None):
        import subprocess
        import time
        import urllib.request
        self.workspace = Path(workspace)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.log = open(self.workspace.parent / f"app-{self.port}.log", "ab")
        t0 = time.monotonic()
        self.proc = subprocess.Popen(
            [sys.executable, "app.py", "--workspace", str(self.workspace), "--port", str(self.port), *extra_args],
            cwd=ROOT, stdout=self.log, stderr=subprocess.STDOUT, env={**os.environ, **(env or {})})
        while time.monotonic() - t0 < 180:   # a loaded 2-core machine starts slowly
            if self.proc.poll() is not None:
                raise RuntimeError(f"app exited: {(self.workspace.parent / f'app-{self.port}.log').read_text()}")
            try:
                with urllib.request.urlopen(self.url, timeout=1):
                    break
            except OSError:
                time.sleep(0.1)
        self.startup_s = time.monotonic() - t0

    def client(self):
        from gradio_client import Client
        return Client(self.url, verbose=False)

    def kill(self, sig=9):
        self.proc.send_signal(sig)
        self.proc.wait(30)

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(15)
            except Exception:
                self.proc.kill()
        self.log.close()


def fake_safetensors(path: Path, size: int = 200) -> Path:
    """A whole safetensors file of about `size` bytes (one uint8 tensor): enough for the engine's
    header check, with no torch. Exactly `size` bytes when size leaves room for the header."""
    import json

    def header(n: int) -> bytes:
        return json.dumps({"w": {"dtype": "U8", "shape": [n], "data_offsets": [0, n]}}).encode()
    n = size
    for _ in range(4):   # the header's length depends on n's digits: settle it
        n = max(1, size - 8 - len(header(n)))
    header = header(n)
    path.write_bytes(len(header).to_bytes(8, "little") + header + b"\0" * n)
    return path
