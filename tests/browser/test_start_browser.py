"""The Start tab in headless Chromium: a fresh workspace opens on the guide, "use the sample data" ticks its
step, a failing one-click recipe says why and offers to resume, skipping is remembered across a reload and
the header's guide button brings it back. Screenshots in zh and en, desktop and a 390 px phone, go to
tests/artifacts/start-tab*.png."""

import re

import pytest
from switch import choose_language

pytestmark = pytest.mark.browser


# What the old page's front end logs when our own reload cuts its requests short (the page's refreshes run
# as soon as a tab opens, so one may be in flight): the browser aborting them, not an error of the studio.
CUT_BY_RELOAD = re.compile(r"AbortError: signal is aborted|Connection errored out")


def watch(page) -> list[str]:
    errors: list[str] = []

    def console(m):
        if m.type == "error" and not (getattr(page, "qx_leaving", False) and CUT_BY_RELOAD.search(m.text)):
            errors.append(m.text)

    page.on("console", console)
    page.on("pageerror", lambda e: errors.append(str(e)))
    return errors


def reload(page) -> None:
    """page.reload(), ignoring only the messages of requests the reload itself cuts short."""
    page.qx_leaving = True
    try:
        page.reload()
    finally:
        page.qx_leaving = False


def shot(page, path) -> None:
    for close in page.locator(".toast-close").all():  # the toasts would cover the header
        if close.is_visible():
            close.click()
    page.wait_for_timeout(400)  # let the last refresh settle
    page.screenshot(path=str(path), full_page=True)


def test_start_tab_guide_in_a_real_browser(studio_server, browser, artifacts, tmp_path):
    server = studio_server(tmp_path / "ws", env={"QIXI_LANG": "zh"})
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    errors = watch(page)
    page.goto(server.url)

    steps = page.locator("#start-guide")
    steps.get_by_text("准备一个模型").wait_for(timeout=30000)  # opens on the guide
    assert page.locator('#start-guide [data-step="model"].qs-next').is_visible()
    assert page.locator("#start-go").is_visible() and not page.locator("#start-stop").is_visible()
    assert not page.locator("#start-resume").is_visible()
    page.locator("#start-sample").click()
    page.locator('#start-guide [data-step="data"].qs-done').wait_for(timeout=20000)
    page.wait_for_function("document.querySelector('#start-data input').value.includes('示例对话')", timeout=10000)
    shot(page, artifacts / "start-tab.png")

    # One click with a model that cannot be fetched offline: the chain stops at its first step, says why,
    # and the resume button takes the start button's place beside it.
    page.locator("#start-base input").click()
    page.locator("ul[role=listbox] li", has_text="Qwen2.5 0.5B").first.click()
    page.locator("#start-go").click()
    progress = page.locator("#start-progress")
    progress.get_by_text("第 1 号一键流程：失败").wait_for(timeout=60000)
    assert "下载基础模型" in progress.inner_text() and "离线" in progress.inner_text()
    page.locator("#start-resume").wait_for(state="visible", timeout=10000)
    assert page.locator("#start-go").is_visible() and not page.locator("#start-stop").is_visible()

    choose_language(page, "English")
    steps.get_by_text("Get a model").wait_for(timeout=10000)
    page.locator("#start-go").get_by_text("Start, one click").wait_for(timeout=10000)
    shot(page, artifacts / "start-tab-en.png")

    # Skip: the Data tab opens, and a reload remembers it; the header's guide button brings the guide back.
    page.locator("#start-skip").click()
    page.locator("#tab-data").wait_for(state="visible", timeout=10000)
    assert not page.locator("#start-guide").is_visible()
    reload(page)
    page.locator("#tab-data").wait_for(state="visible", timeout=30000)
    page.wait_for_timeout(1000)
    assert not page.locator("#start-guide").is_visible()
    page.locator("#guide-open").click()
    page.locator("#start-guide").get_by_text("Get a model").wait_for(timeout=10000)
    reload(page)
    page.locator("#start-guide").get_by_text("Get a model").wait_for(timeout=30000)  # reopening is remembered

    for lang, name in (("zh", "start-tab-phone.png"), ("en", "start-tab-phone-en.png")):
        phone = browser.new_page(
            viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True, has_touch=True
        )
        phone_errors = watch(phone)
        phone.goto(server.url)
        phone.locator("#start-guide .qs-step").first.wait_for(timeout=30000)
        if lang == "en":
            choose_language(phone, "English")
            phone.locator("#start-guide").get_by_text("Get a model").wait_for(timeout=10000)
        # Nothing wider than the screen: no sideways scrolling on a phone.
        width = phone.evaluate("document.documentElement.scrollWidth")
        assert width <= 392, width
        shot(phone, artifacts / name)
        assert not phone_errors, phone_errors
        phone.close()

    assert "Traceback" not in page.content()
    assert not errors, errors


@pytest.mark.integration
def test_one_click_runs_shows_progress_stops_and_offers_resume(studio_server, browser, artifacts, tmp_path):
    """The real chain from the button (pocket + sample, the CPU preset): SFT progress shows, Stop ends the
    running trainer, the step reads stopped and Resume appears."""
    from test_train_browser import install_pocket  # the cached pocket model (tests/integration/conftest.py)

    from studio.core.workspace import Workspace
    from studio.data.store import register_samples
    from studio.jobs.store import Jobs
    from studio.training import recipe as RC

    ws = Workspace.open(tmp_path / "ws")
    install_pocket(ws.root)
    register_samples(ws)
    server = studio_server(ws.root, env={"QIXI_LANG": "zh"})
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    errors = watch(page)
    page.goto(server.url)
    page.locator('#start-guide [data-step="data"].qs-done').wait_for(timeout=30000)
    page.wait_for_function("document.querySelector('#start-pairs input').value.includes('示例偏好对')", timeout=10000)
    page.locator("#start-go").click()
    page.locator("#start-stop").wait_for(state="visible", timeout=30000)
    progress = page.locator("#start-progress")
    # "进行中 · 9/101": the SFT job's own step count, read from ms-swift's metrics.
    progress.locator('[data-kind="sft"] .qs-rstatus', has_text="/").wait_for(timeout=180000)
    assert "第 1 号一键流程：进行中" in progress.inner_text()
    progress.screenshot(path=str(artifacts / "start-recipe-running.png"))
    page.locator("#start-stop").click()
    progress.locator('[data-kind="sft"]', has_text="已停止").wait_for(timeout=120000)
    page.locator("#start-resume").wait_for(state="visible", timeout=10000)
    rc = RC.status(ws)
    assert rc.status == "stopped" and rc.steps[0].status == "stopped" and rc.steps[1].job_id is None
    assert Jobs(ws).get(rc.steps[0].job_id).status == "stopped"
    assert not any(j.active for j in Jobs(ws).list())
    assert "Traceback" not in page.content()
    assert not errors, errors
