"""How much CPU a studio page costs the browser while a training job runs beside it.

    python benchmarks/page_busy.py [--window 18]

A real `python app.py` on a scratch workspace holding the pocket model (tests/artifacts/pocket-cache, built by the
browser journey or the README walk; built here when missing), headless Debian Chromium. The page opens every tab
once (Gradio mounts a tab when it is first shown, and each refresh event then walks the mounted components), a
`qixi train sft` on the bundled sample starts, and the CPU of the page's renderer processes is read from /proc over
a window on the Train, Models and Jobs tabs. Before the pulse took a job's progress at most every 6 s
(studio/jobs/pulse.py), the same windows read 57%, 83% and 81% of a core. Linux only.
Results: benchmarks/results/page_busy.json.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(ROOT / "tests" / "browser")]
from support import StudioServer  # noqa: E402
from test_page_speed import renderer_cpu_s  # noqa: E402


def _module(name: str, path: Path):
    spec = importlib.util.spec_from_file_location(name, path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


BROWSER = _module("browser_conftest", ROOT / "tests" / "browser" / "conftest.py")  # Chromium's path and flags

TABS = {"train": "③ 训练", "models": "④ 模型与导出", "jobs": "任务"}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--window", type=float, default=18.0, help="seconds measured on each tab")
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "page_busy.json")
    args = ap.parse_args(argv)
    from playwright.sync_api import sync_playwright

    tmp = Path(tempfile.mkdtemp(prefix="page-busy-"))
    ws = tmp / "ws"
    _module("pocket_cache", ROOT / "tests" / "integration" / "conftest.py").install_pocket(ws)
    env = {**os.environ, "QIXI_LANG": "zh", "QIXI_HOME": str(ws)}
    cli = [sys.executable, "-m", "studio.cli"]
    subprocess.run([*cli, "data", "sample"], env=env, cwd=ROOT, check=True, capture_output=True)
    server = StudioServer(ws, env={"QIXI_LANG": "zh"})
    shares: dict[str, float] = {}
    job = ""
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=BROWSER.CHROMIUM, args=BROWSER.ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto(server.url)
            page.locator("#start-guide").wait_for(timeout=60000)
            for name in ["① 数据", "② 标注", *TABS.values()]:
                page.get_by_role("tab", name=name, exact=True).click()
                page.wait_for_timeout(1500)
            job = subprocess.run(
                [*cli, "train", "sft", "--model", "pocket-tiny", "--dataset", "示例对话 · Sample dialogues"]
                + ["--max-steps", "2000", "--id"],
                env=env,
                cwd=ROOT,
                check=True,
                capture_output=True,
                text=True,
            ).stdout.strip()
            page.wait_for_timeout(12000)  # the trainer starts and logs its first steps
            for key, name in TABS.items():
                page.get_by_role("tab", name=name, exact=True).click()
                page.wait_for_timeout(2000)
                c0, t0 = renderer_cpu_s(), time.monotonic()
                page.wait_for_timeout(args.window * 1000)
                shares[key] = round((renderer_cpu_s() - c0) / (time.monotonic() - t0), 3)
            browser.close()
    finally:
        if job:  # a detached job outlives this script unless stopped
            subprocess.run([*cli, "jobs", "stop", job], env=env, cwd=ROOT, capture_output=True)
        server.stop()
        shutil.rmtree(tmp, ignore_errors=True)
    result = {
        "benchmark": "page_busy",
        "date": time.strftime("%Y-%m-%d %H:%M:%S"),
        "cores": os.cpu_count(),
        "window_s": args.window,
        "renderer_core_share_beside_a_training_job": shares,
        # a fixed record, not measured by this run: this script on 4fddca0's pulse, this 2-core machine, 2026-12-08
        "before_progress_was_throttled": {"train": 0.571, "models": 0.829, "jobs": 0.805},
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n")
    print(json.dumps(result, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
