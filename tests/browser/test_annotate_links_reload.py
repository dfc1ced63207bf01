"""Every partner's card on the Annotate tab: name, QR code and link, with copy, renew and turn-off beside
it. Renewing or turning off one card changes that partner's link alone; the links come from the workspace,
so a reload, a restart of the studio and a browser that never saw them all show every valid link. A link
made before the workspace kept links gets an honest card with one-click renew. Headless Chromium against
real `python app.py` processes; each link is opened in a page of its own to see whether it shows a card."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest
from test_zh_page import stray

from studio.annotate import projects as A
from studio.core import db
from studio.core.workspace import Workspace

pytestmark = pytest.mark.browser
PROJECT = "我们的标注"


def cards(page) -> dict[str, str]:
    """name -> state of every partner card shown."""
    return {
        c.get_attribute("data-name"): c.get_attribute("data-state") for c in page.locator("#ann-links .qa-link").all()
    }


def tokens(page) -> dict[str, str]:
    """name -> token of the links the cards show."""
    out = {}
    for c in page.locator("#ann-links .qa-link").all():
        if c.locator("code").count():
            out[c.get_attribute("data-name")] = parse_qs(urlparse(c.locator("code").inner_text()).query)["annotator"][0]
    return out


def opens_card(browser, server, token: str) -> bool:
    """Whether the link, opened in a browser of its own, shows a labelling card (a turned-off or replaced link
    shows the "not valid" sentence instead)."""
    page = browser.new_page(viewport={"width": 390, "height": 844})
    try:
        page.goto(server.url + f"label/?annotator={token}")
        page.locator("#ann-head b, #ann-view .qa-note").first.wait_for(timeout=60000)
        if page.locator("#ann-head b").count():
            return True
        assert "链接无效或已被停用" in page.locator("#ann-view").inner_text()
        return False
    finally:
        page.close()


def card_words(page) -> set[str]:
    """Latin words on the cards other than names and code (the links), the questions not yet asked included."""
    return stray(
        page.evaluate(
            "() => { const c = document.querySelector('#ann-links').cloneNode(true);"
            " c.querySelectorAll('code').forEach(x => x.remove()); return c.textContent; }"
        )
    )


def open_annotate(page, url):
    page.goto(url)
    page.locator("#start-guide [data-step]").first.wait_for(timeout=90000)
    page.get_by_role("tab", name="② 标注", exact=True).click(timeout=90000)


def card(page, name):
    return page.locator(f'#ann-links .qa-link[data-name="{name}"]')


def test_each_card_renews_and_turns_off_its_own_link_and_every_link_survives_a_restart(
    tmp_path, studio_server, browser
):
    ws = Workspace.open(tmp_path / "ws")
    con = db.connect(ws.db_path)
    A.create_project(con, PROJECT, items=[A.Item("今天好累", "抱抱你", "哦", "warm", "cold")])
    server = studio_server(ws.root, env={"QIXI_LANG": "zh"})
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    ctx.grant_permissions(["clipboard-read", "clipboard-write"], origin=server.url.rstrip("/"))
    page = ctx.new_page()
    open_annotate(page, server.url)
    for name in ("小红", "小明"):
        page.locator("#ann-who textarea, #ann-who input").first.fill(name)
        page.get_by_role("button", name="添加并生成专属链接").click()
        card(page, name).locator("code").wait_for(timeout=30000)
    made = tokens(page)
    assert set(made) == {"小红", "小明"} and len(set(made.values())) == 2
    assert page.locator("#ann-links .qa-link svg").count() == 2  # a QR code each
    for name, token in made.items():  # each opens its own card
        assert A.annotator_by_token(con, token).name == name and opens_card(browser, server, token)

    # Copy puts that card's link on the clipboard.
    card(page, "小明").locator("button[data-act=copy]").click()
    page.wait_for_function(
        "() => document.querySelector('#ann-links [data-name=\"小明\"] [data-act=copy]')"
        ".textContent.includes('已复制')",
        timeout=10000,
    )
    assert page.evaluate("navigator.clipboard.readText()") == card(page, "小明").locator("code").inner_text()

    # Renew on 小红's card: her link changes, the old one stops opening a card, 小明's is untouched.
    card(page, "小红").locator("button[data-act=renew]").click()
    page.wait_for_function(
        f"() => !document.querySelector('#ann-links [data-name=\"小红\"] code')?.innerText.includes({made['小红']!r})",
        timeout=30000,
    )
    renewed = tokens(page)
    assert renewed["小明"] == made["小明"] and renewed["小红"] != made["小红"]
    assert not opens_card(browser, server, made["小红"]) and opens_card(browser, server, renewed["小红"])
    assert opens_card(browser, server, made["小明"])
    assert A.annotator_by_token(con, renewed["小红"]).name == "小红"

    # Turning off asks on the card first; "cancel" leaves the link on.
    card(page, "小明").locator("button[data-act=revoke]").click()
    ask = card(page, "小明").locator(".qa-link-ask")
    ask.wait_for(state="visible", timeout=5000)
    assert "停用小明的链接吗" in ask.inner_text()
    ask.locator("button[data-act=cancel]").click()
    ask.wait_for(state="hidden", timeout=5000)
    assert opens_card(browser, server, made["小明"])
    card(page, "小明").locator("button[data-act=revoke]").click()
    ask.locator("button[data-act=revoke-yes]").click()
    page.locator('#ann-links .qa-link[data-name="小明"][data-state="off"]').wait_for(timeout=30000)
    assert cards(page) == {"小红": "live", "小明": "off"}
    assert tokens(page) == {"小红": renewed["小红"]}  # only 小明's link went
    assert not opens_card(browser, server, made["小明"]) and opens_card(browser, server, renewed["小红"])
    assert "链接已停用" in card(page, "小明").inner_text()
    assert card_words(page) == set()  # the zh page is all zh

    # A restart: a new studio process on the same workspace, and a browser that never saw the links.
    ctx.close()
    server.stop()
    server = studio_server(ws.root, env={"QIXI_LANG": "zh"})
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    open_annotate(page, server.url)
    card(page, "小红").locator("code").wait_for(timeout=30000)
    assert cards(page) == {"小红": "live", "小明": "off"}
    assert tokens(page) == {"小红": renewed["小红"]} and opens_card(browser, server, renewed["小红"])
    assert card(page, "小红").locator("code").inner_text().startswith(server.url)  # the new server's address

    # A link made before the workspace kept links (the column migration 0011 added is empty for it): it still
    # opens the card, and its card says so and renews in one click.
    con.execute("UPDATE annotate_annotators SET token = NULL WHERE name = '小红'")
    page.reload()
    open_annotate(page, server.url)
    card(page, "小红").locator(".qa-link-note").wait_for(timeout=30000)
    assert cards(page) == {"小红": "unknown", "小明": "off"} and tokens(page) == {}
    assert "仍然有效" in card(page, "小红").inner_text() and opens_card(browser, server, renewed["小红"])
    assert card_words(page) == set()
    card(page, "小红").locator("button[data-act=renew]").click()
    card(page, "小红").locator("code").wait_for(timeout=30000)
    fresh = tokens(page)["小红"]
    assert (
        fresh != renewed["小红"]
        and opens_card(browser, server, fresh)
        and not opens_card(browser, server, renewed["小红"])
    )
    con.close()
