"""Time from `python app.py` to the first page served (HTTP), and to the Start tab's guide visible in
headless Chromium (what a person waits for), over a few cold starts; writes JSON results."""

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


def first_page_seconds(workspace: Path, browser=None, timeout: float = 120.0) -> tuple[float, float | None]:
    """(seconds to the first page over HTTP, seconds until the Start tab's guide shows in the browser)."""
    port = free_port()
    t0 = time.monotonic()
    proc = subprocess.Popen(
        [sys.executable, "app.py", "--workspace", str(workspace), "--port", str(port)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        http_s = None
        while time.monotonic() - t0 < timeout and http_s is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=1) as r:
                    if r.status == 200 and b"<html" in r.read(4096).lower():
                        http_s = time.monotonic() - t0
            except OSError:
                time.sleep(0.05)
        if http_s is None:
            raise TimeoutError("no page")
        if browser is None:
            return http_s, None
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(f"http://127.0.0.1:{port}/")
        page.locator("#start-guide [data-step]").first.wait_for(timeout=timeout * 1000)
        seen = time.monotonic() - t0
        page.close()
        return http_s, seen
    finally:
        proc.terminate()
        proc.wait(10)


if __name__ == "__main__":
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as d, sync_playwright() as p:
        b = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--headless", "--disable-gpu"])
        pairs = [first_page_seconds(Path(d) / f"ws{i}", b) for i in range(runs)]
        b.close()
    times, seen = [h for h, _ in pairs], [v for _, v in pairs]
    result = {
        "benchmark": "startup_first_page",
        "runs": runs,
        "seconds": [round(t, 2) for t in times],
        "median_s": round(statistics.median(times), 2),
        "max_s": round(max(times), 2),
        "target_s": 5.0,
        "start_tab_in_browser_s": [round(t, 2) for t in seen],
        "start_tab_median_s": round(statistics.median(seen), 2),
        "machine": f"{__import__('os').cpu_count()} cores",
        "date": time.strftime("%Y-%m-%d"),
    }
    out = ROOT / "benchmarks" / "results" / "startup.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))
