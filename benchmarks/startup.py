"""Time from `python app.py` to the first page served, over a few cold starts; writes JSON results."""
from __future__ import annotations

import json
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def first_page_seconds(workspace: Path, timeout: float = 60.0) -> float:
    port = free_port()
    t0 = time.monotonic()
    proc = subprocess.Popen([sys.executable, "app.py", "--workspace", str(workspace), "--port", str(port)],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while time.monotonic() - t0 < timeout:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=1) as r:
                    if r.status == 200 and b"<html" in r.read(4096).lower():
                        return time.monotonic() - t0
            except OSError:
                time.sleep(0.05)
        raise TimeoutError("no page")
    finally:
        proc.terminate()
        proc.wait(10)


if __name__ == "__main__":
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    with tempfile.TemporaryDirectory() as d:
        times = [first_page_seconds(Path(d) / f"ws{i}") for i in range(runs)]
    result = {"benchmark": "startup_first_page", "runs": runs, "seconds": [round(t, 2) for t in times],
              "median_s": round(statistics.median(times), 2), "max_s": round(max(times), 2), "target_s": 5.0,
              "machine": f"{__import__('os').cpu_count()} cores", "date": time.strftime("%Y-%m-%d")}
    out = ROOT / "benchmarks" / "results" / "startup.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))
