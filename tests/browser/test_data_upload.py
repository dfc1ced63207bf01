"""The Data tab in headless Chromium: drop a GBK CSV and a QQ export, choose "me", see what was hidden
and the preview, import, switch the language. Any console error fails the test."""

from __future__ import annotations

import pytest
from switch import choose_language

pytestmark = pytest.mark.browser

QQ = (
    "消息记录（此消息记录为文本格式，不支持重新导入）\n\n"
    "2024-05-01 20:13:05 小红(654321)\n在吗\n\n2024-05-01 20:13:20 小红(654321)\n[图片]\n\n"
    "2024-05-01 20:14:00 阿杰(123456)\n在呢，刚下班。有事打我电话 13812345678\n\n"
    "2024-05-01 20:15:00 小红(654321)\n今天好累，不想说话\n\n"
    "2024-05-01 20:16:00 阿杰(123456)\n抱抱你，先去洗个热水澡，我给你点了奶茶\n"
)
CSV = "问题,回答\n今天好累,抱抱你，早点休息\n想你了,我也想你呀，周末见\n加班到好晚,辛苦啦，给你点了夜宵\n"


def test_upload_gbk_csv_and_qq_export(tmp_path, studio_server, browser, artifacts):
    from studio.core.workspace import Workspace
    from studio.data import store

    csv = tmp_path / "情话.csv"
    csv.write_bytes(CSV.encode("gbk"))
    qq = tmp_path / "qq_export.txt"
    qq.write_text(QQ, encoding="utf-8")
    server = studio_server(env={"QIXI_LANG": "zh"})
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(server.url)
    page.get_by_role("tab", name="① 数据", exact=True).click()  # a fresh workspace opens on the Start guide
    page.get_by_text("还没有数据集").wait_for()  # the empty state says what to do
    page.set_input_files("#data-files input[type=file]", [str(csv), str(qq)])
    status = page.locator("#data-status")
    status.get_by_text("编码 GB18030").wait_for(timeout=20000)
    assert "列 问题 → 回答" in status.inner_text() and "QQ 聊天记录 · 2 位发言人" in status.inner_text()
    status.get_by_text("选择哪位是“我”").wait_for()
    assert page.locator("#data-import").is_disabled()

    page.locator("#data-me input").click()
    page.get_by_role("option", name="阿杰（2 条消息）").click()
    report = page.locator("#data-report")
    report.get_by_text("手机号 1").wait_for(timeout=20000)
    # what was hidden, before importing: the changed line with its placeholder, the value nowhere
    report.get_by_text("有事打我电话 [PHONE]").wait_for()
    assert report.locator("mark.data-pii").first.inner_text() == "[PHONE]"
    assert "导入后会得到 4 条" in report.inner_text()
    preview = page.locator("#data-preview")
    preview.get_by_text("有事打我电话 [PHONE]", exact=False).filter(visible=True).first.wait_for()
    assert "13812345678" not in page.content()
    assert page.locator("#data-import").is_enabled()
    page.wait_for_timeout(300)  # let the last toasts and spinners settle
    page.screenshot(path=str(artifacts / "data-tab.png"), full_page=True)

    page.locator("#data-name input, #data-name textarea").fill("我们的第一份数据")
    page.locator("#data-import").click()
    page.locator("#data-result").get_by_text("导入完成").wait_for(timeout=20000)
    page.locator("#data-card").get_by_text("我 = 阿杰，对方 = 小红").wait_for()
    page.locator("#data-result").get_by_text("上传的原始文件已从工作区删除").wait_for()
    [ds] = store.list_datasets(Workspace.open(server.workspace))
    assert ds.name == "我们的第一份数据" and ds.card["counts"]["kept"] == 4
    # no raw chat at rest: the number is in no file of the workspace (uploads and the browser's cache included)
    files = [p for p in server.workspace.rglob("*") if p.is_file()]
    assert not [p for p in files if b"13812345678" in p.read_bytes()]

    choose_language(page, "English")  # what was rendered follows the language
    status.get_by_text("QQ chat export · 2 speakers").wait_for(timeout=20000)
    page.locator("#data-card").get_by_text("me = 阿杰, partner = 小红").wait_for()
    assert errors == [], errors
