"""How much CPU an idle studio page costs the browser (target: <= 5% of a core), measured as the CPU
time of this test's own Chromium renderer processes (/proc) over a window, on the Start tab and on the Train
tab (its plots), after the page has settled. Before the page polled a fingerprint instead of running gr.Timer
events (studio/jobs/pulse.py), the same measurement read 56% of a core on the Start tab.

In the suite the window is 5 s and the bound loose (no Gradio event at all, under 25% of a core: the old
timers read 56%). The benchmark figure (benchmarks/results/page_idle.json) is a 30 s window:
    QIXI_PAGE_IDLE_WINDOW_S=30 python -m pytest tests/browser/test_page_speed.py -s"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[2]
BENCH_WINDOW_S = os.environ.get("QIXI_PAGE_IDLE_WINDOW_S")
WINDOW_S = float(BENCH_WINDOW_S or 5)  # 1% of a core is 0.05 s of CPU in 5 s: 5 clock ticks


def renderer_cpu_s() -> float:
    """CPU seconds used so far by the Chromium renderers started under this test process."""
    parent = {}
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            parent[int(pid)] = int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            pass

    def ours(pid: int) -> bool:
        while pid > 1:
            if pid == os.getpid():
                return True
            pid = parent.get(pid, 0)
        return False

    ticks = 0
    for pid in parent:
        try:
            if ours(pid) and b"--type=renderer" in Path(f"/proc/{pid}/cmdline").read_bytes():
                f = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                ticks += int(f[11]) + int(f[12])  # utime + stime
        except OSError:
            pass
    return ticks / os.sysconf("SC_CLK_TCK")


def idle_share(page) -> tuple[float, int]:
    calls = []
    page.on("request", lambda r: calls.append(r.url) if "/gradio_api/" in r.url else None)
    quiet_since, seen, t_end = time.monotonic(), 0, time.monotonic() + 90
    while time.monotonic() < t_end and time.monotonic() - quiet_since < 4:  # the load events settle
        page.wait_for_timeout(500)
        if len(calls) != seen:
            seen, quiet_since = len(calls), time.monotonic()
    calls.clear()
    c0, t0 = renderer_cpu_s(), time.monotonic()
    page.wait_for_timeout(WINDOW_S * 1000)
    return (renderer_cpu_s() - c0) / (time.monotonic() - t0), len(calls)


def test_an_idle_page_costs_under_5_percent_of_a_core(studio_server, browser, tmp_path):
    server = studio_server(tmp_path / "ws", env={"QIXI_LANG": "zh"})
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(server.url)
    page.locator("#start-guide").get_by_text("准备一个模型").wait_for(timeout=60000)
    start, start_events = idle_share(page)
    page.get_by_role("tab", name="③ 训练", exact=True).click(timeout=90000)
    page.locator("#train-root").wait_for(timeout=60000)
    train, train_events = idle_share(page)
    result = {
        "benchmark": "idle_page_renderer_cpu",
        "window_s": WINDOW_S,
        "start_tab_core_share": round(start, 3),
        "train_tab_core_share": round(train, 3),
        "gradio_calls_in_window": {"start": start_events, "train": train_events},
        "target": 0.05,
        "before_fix_start_tab_core_share": 0.565,
        "machine": f"{os.cpu_count()} cores",
        "date": time.strftime("%Y-%m-%d"),
    }
    if BENCH_WINDOW_S:
        (ROOT / "benchmarks" / "results" / "page_idle.json").write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result))
    assert start_events == 0 and train_events == 0  # nothing changed: no Gradio event ran
    # The 5% target is a benchmark figure (results/page_idle.json), not a timed assertion: a loaded CI machine
    # must not fail it. The bound below still catches the old timers (56% of a core).
    assert start <= 0.25 and train <= 0.25, result
