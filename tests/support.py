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
            cwd=ROOT,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            env={**os.environ, **(env or {})},
        )
        while time.monotonic() - t0 < 180:  # a loaded 2-core machine starts slowly
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
    for _ in range(4):  # the header's length depends on n's digits: settle it
        n = max(1, size - 8 - len(header(n)))
    header = header(n)
    path.write_bytes(len(header).to_bytes(8, "little") + header + b"\0" * n)
    return path


_BUILD_RANDOM_POCKET = r"""
import sys
from pathlib import Path
from studio.models import pocket
out = Path(sys.argv[1])
texts = Path(sys.argv[2]).read_text(encoding="utf-8").splitlines()
spec = pocket.PocketSize("test", vocab_size=600, hidden_size=32, num_hidden_layers=1, num_attention_heads=2,
                         max_position_embeddings=2048, num_key_value_heads=1, intermediate_size=64)
pocket.train_tokenizer(texts, spec, out)
pocket.init_model(spec, out)
"""


def random_pocket(folder: Path, name: dict) -> Path:
    """A base model in `folder` for tests that need one quickly: a copy of $QIXI_POCKET_DIR (a built pocket
    model, for readable replies), else the pocket architecture at a toy size with random weights (seconds,
    in its own process: the test process stays free of torch)."""
    import shutil
    import subprocess

    if os.environ.get("QIXI_POCKET_DIR"):
        shutil.copytree(os.environ["QIXI_POCKET_DIR"], folder)
        return folder
    folder.mkdir(parents=True)
    out = subprocess.run(
        [sys.executable, "-c", _BUILD_RANDOM_POCKET, str(folder), str(ROOT / "assets" / "sample" / "sft.jsonl")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert out.returncode == 0, out.stderr[-3000:]
    from studio.core.workspace import atomic_write_json

    atomic_write_json(
        folder / "model.json",
        {"id": folder.name, "kind": "base", "model_type": "qwen2", "template": "qwen", "name": name},
    )
    return folder
