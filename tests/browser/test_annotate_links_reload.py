"""Every partner's link stays on the Annotate tab after a page reload (the workspace keeps only the
links' hashes; the owner's browser keeps the links), each with its name and QR code, and a link
revoked meanwhile is no longer shown. Headless Chromium against a real `python app.py`."""
from __future__ import annotations

import pytest

from studio import annotate as A
from studio import db
from studio.workspace import Workspace

pytestmark = pytest.mark.browser


def links(page) -> dict[str, str]:
    cards = page.locator("#ann-links .qa-link")
    return {c.get_attribute("data-name"): c.locator("code").inner_text() for c in cards.all()}


def open_annotate(page, url):
    page.goto(url)
    page.locator("#start-guide [data-step]").first.wait_for(timeout=90000)
    page.get_by_role("tab", name="② 标注", exact=True).click(timeout=90000)


def test_links_survive_a_reload_and_a_revoked_one_goes(tmp_path, studio_server, browser):
    ws = Workspace.open(tmp_path / "ws")
    con = db.connect(ws.db_path)
    A.create_project(con, "我们的标注", items=[A.Item("今天好累", "抱抱你", "哦", "warm", "cold")])
    server = studio_server(ws.root, env={"QIXI_LANG": "zh"})
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    open_annotate(page, server.url)
    for name in ("小红", "小明"):
        page.locator("#ann-who textarea, #ann-who input").first.fill(name)
        page.get_by_role("button", name="添加并生成专属链接").click()
        page.locator(f'#ann-links .qa-link[data-name="{name}"]').wait_for(timeout=30000)
    made = links(page)
    assert set(made) == {"小红", "小明"} and len(set(made.values())) == 2

    page.reload()
    open_annotate(page, server.url)
    page.locator('#ann-links .qa-link[data-name="小明"]').wait_for(timeout=30000)
    assert links(page) == made
    assert page.locator("#ann-links .qa-link svg").count() == 2
    # Each link is the one that opens that partner's card.
    for name, url in made.items():
        assert A.annotator_by_token(con, url.split("annotator=")[1]).name == name

    A.revoke(con, "我们的标注", "小红")
    con.close()
    page.reload()
    open_annotate(page, server.url)
    page.locator('#ann-links .qa-link[data-name="小明"]').wait_for(timeout=30000)
    assert links(page) == {"小明": made["小明"]}
