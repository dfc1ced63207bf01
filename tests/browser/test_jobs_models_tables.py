"""The Jobs and Models tabs in headless Chromium: the Jobs tab follows the newest job as jobs arrive
(it used to keep the first job it ever showed), and their wide tables fit a 1280×900 window and a
390×844 phone: every cell lies inside the table's visible width, nothing hidden to the right."""

from __future__ import annotations

import json
import sys
import time

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from settle import settle

pytestmark = pytest.mark.browser

LONG = "a-merged-model-with-a-rather-long-folder-name-2026-12-06"
# Every header and cell of a table against the part of the table a person sees (its scrolling box).
CUT_JS = """(id) => {
  const table = document.querySelector('#' + id + ' table');
  if (!table) return null;
  let box = table.parentElement;
  while (box && !['auto', 'scroll', 'hidden'].includes(getComputedStyle(box).overflowX)) box = box.parentElement;
  const seen = box.getBoundingClientRect();
  const right = Math.min(seen.right, document.documentElement.clientWidth);
  const cut = [];
  for (const c of table.querySelectorAll('th, td')) {
    const r = c.getBoundingClientRect();
    if (r.width && (r.right > right + 1 || r.left < seen.left - 1)) cut.push(c.textContent.trim().slice(0, 40));
  }
  return {cut, cells: table.querySelectorAll('td').length,
          page_overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth};
}"""


def workspace(root):
    from studio.core.workspace import Workspace
    from studio.jobs.store import Jobs

    ws = Workspace.open(root)
    for name, kind in (("pocket-tiny", "base"), (LONG, "merged")):
        folder = ws.models / name
        folder.mkdir(parents=True)
        (folder / "model.json").write_text(json.dumps({"name": name, "kind": kind, "size_bytes": 123456789}))
    return ws, Jobs(ws)


def finished_job(jobs, title):
    job = jobs.submit("eval", [sys.executable, "-c", "pass"], title=title, gpu=False)
    assert jobs.wait(job.id, timeout=60).status == "succeeded"
    time.sleep(0.05)  # distinct creation times
    return job


def open_tab(page, name):
    """A tab by its name; on a phone the later tabs sit in Gradio's "More tabs" menu."""
    tab = page.get_by_role("tab", name=name, exact=True)
    if tab.count() and tab.first.is_visible():
        tab.first.click()
        return
    # The menu can close again while a loaded machine is still rendering the page (it did once in a full run):
    # open it and pick the tab again, up to three times.
    for attempt in range(3):
        page.locator('#tabs button[aria-label="More tabs"]').first.click()
        try:
            page.locator("#tabs button", has_text=name).filter(visible=True).last.click(timeout=10000)
            return
        except PlaywrightTimeout:
            if attempt == 2:
                raise


def picked(page) -> str:
    return page.locator("#jobs-pick input").first.input_value()


def test_the_jobs_tab_follows_the_newest_job(studio_server, browser, tmp_path):
    ws, jobs = workspace(tmp_path / "ws")
    first = finished_job(jobs, "first")
    server = studio_server(ws.root, env={"QIXI_LANG": "zh"})
    page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page.goto(server.url)
    page.locator("#start-guide [data-step]").first.wait_for(timeout=90000)
    open_tab(page, "任务")
    page.wait_for_function("() => (document.querySelector('#jobs-pick input') || {}).value", timeout=60000)
    assert picked(page).startswith(first.id)
    finished_job(jobs, "second")
    newest = finished_job(jobs, "third")
    # The page refreshes the open tab when the workspace changed (assets/pulse.js asks every 2 s).
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not picked(page).startswith(newest.id):
        page.wait_for_timeout(500)
    assert picked(page).startswith(newest.id), picked(page)
    assert "third" in page.locator("#tab-jobs").inner_text()

    # A job the person picks stays picked while newer jobs arrive.
    settle(page)  # the refreshes the new jobs caused are over
    page.locator("#jobs-pick input").first.click()
    page.get_by_role("option", name=first.id, exact=False).click()
    page.wait_for_function(
        "(id) => document.querySelector('#jobs-pick input').value.startsWith(id)", arg=first.id, timeout=30000
    )
    finished_job(jobs, "fourth")
    # The refresh that brings the new job into the table leaves the pick alone.
    page.locator("#tab-jobs", has_text="fourth").first.wait_for(timeout=30000)
    settle(page)
    assert picked(page).startswith(first.id), picked(page)


@pytest.mark.parametrize("width, height", [(1280, 900), (390, 844)])
def test_wide_tables_fit_the_window(studio_server, browser, tmp_path, artifacts, width, height):
    ws, jobs = workspace(tmp_path / "ws")
    for title in ("first", "a second job with a long title that has to wrap somewhere in its cell"):
        finished_job(jobs, title)
    server = studio_server(ws.root, env={"QIXI_LANG": "zh"})
    page = browser.new_page(viewport={"width": width, "height": height}, locale="zh-CN")
    page.goto(server.url)
    page.locator("#start-guide [data-step]").first.wait_for(timeout=90000)
    for tab, table in (("任务", "jobs-table"), ("④ 模型与导出", "models-table")):
        open_tab(page, tab)
        page.wait_for_function(
            "(id) => document.querySelectorAll('#' + id + ' td').length >= 5", arg=table, timeout=60000
        )
        settle(page)
        page.screenshot(path=str(artifacts / f"{table}-{width}x{height}.png"), full_page=True)
        seen = page.evaluate(CUT_JS, table)
        assert seen["cut"] == [], f"{table} at {width}×{height}: cells out of sight {seen['cut']}"
        assert seen["page_overflow"] <= 0, f"the page scrolls sideways at {width}×{height}"
        assert LONG[:12] in page.locator(f"#{table}").inner_text() or table == "jobs-table"
