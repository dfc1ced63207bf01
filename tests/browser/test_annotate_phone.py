"""A partner labels on a phone-sized screen (390x844) through their personal link: keyboard and
taps, undo, a reload that continues at the next card. A browser console error fails the test (only
the old page's streams cut by the reload itself are let through). The screenshot goes to
tests/artifacts/annotate-phone.png."""

from __future__ import annotations

import pytest
from switch import choose_language

from studio.annotate import projects as A
from studio.core import db
from studio.core.workspace import Workspace

pytestmark = pytest.mark.browser

UNLOAD_NOISE = ("AbortError: signal is aborted without reason", "Unexpected error Connection errored out")
PAIRS = [
    (
        "今天加班到十点，整个人都空了。",
        "辛苦啦，先别想工作了。回来路上慢一点，我给你热了汤，到家先喝一口。",
        "那你早点睡吧。",
    ),
    ("我考试过了！", "太棒了！就知道你可以，今晚我请你吃你最爱的火锅。", "嗯，知道了。"),
    ("下雨了，我没带伞。", "别淋着，找个屋檐等我一下，我拿伞去接你。", "那你跑回来呗。"),
    ("有点想家了。", "抱抱你。周末我们一起给爸妈打个视频，好不好？", "想家就回去呗。"),
    ("我把汤做咸了……", "没关系，加点水再煮一下就好，下次我们一起做。", "你怎么总是这样。"),
    ("被老板批评了，好委屈。", "听起来真的很难受。想说说发生了什么吗？我在听。", "肯定是你做错了。"),
    ("今天看到一只超可爱的小猫。", "哇，拍照了吗？快给我看看！", "哦。"),
]


def test_partner_labels_on_a_phone(tmp_path, studio_server, browser, artifacts):
    ws = Workspace.open(tmp_path / "ws")
    con = db.connect(ws.db_path)
    items = [A.Item(u, good, cold, "model-warm", "model-cold") for u, good, cold in PAIRS]
    project = A.create_project(con, "手机标注", items=items)
    mia, token = A.add_annotator(con, project, "小红")
    A.add_annotator(con, project, "小明")
    con.close()
    server = studio_server(ws.root, env={"QIXI_LANG": "zh"})

    page = browser.new_page(
        viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True, has_touch=True
    )
    errors: list[str] = []
    reloading = [False]

    def error(text: str) -> None:
        # A reload cuts the old page's open event streams (timers of other tabs keep some open);
        # Gradio logs that as these two errors. Anything else, or these at any other time, fails.
        if not (reloading[0] and text.startswith(UNLOAD_NOISE)):
            errors.append(text)

    page.on("console", lambda m: error(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: error(str(e)))
    page.goto(server.url.rstrip("/") + A.link_path(token))

    head, view, status = page.locator("#ann-head"), page.locator("#ann-view"), page.locator("#ann-status")

    def at(position: int) -> None:
        head.get_by_text(f"第 {position} / {len(PAIRS)} 条").wait_for(timeout=30000)

    def sides() -> dict[str, str]:
        return {
            "left": view.locator('.qa-reply[data-side="left"] .qa-text').inner_text(),
            "right": view.locator('.qa-reply[data-side="right"] .qa-text').inner_text(),
        }

    at(1)
    # Only the card: no other tab, no jobs bar, no owner desk, and the sources never appear.
    assert page.locator("#ann-card").is_visible() and not page.locator("#ann-owner").is_visible()
    assert not page.locator("#tab-data-button").is_visible() and not page.locator("#jobs-bar").is_visible()
    assert "model-warm" not in page.content() and "小明" not in page.locator("#ann-card").inner_text()
    assert "小红" in head.inner_text()

    answered: dict[int, str] = {}  # position -> screen choice
    seen: dict[int, dict[str, str]] = {}

    def choose_by_key(position: int, key: str, choice: str) -> None:
        seen[position] = sides()
        page.keyboard.press(key)
        assert page.locator(f'#ann-choice input[value="{choice}"]').is_checked()
        page.keyboard.press("Enter")
        answered[position] = choice
        at(position + 1)

    # Cards 1-3 with the keyboard: 1 = A better, 2 = B better, 3 = about the same.
    choose_by_key(1, "1", "left")
    choose_by_key(2, "2", "right")
    choose_by_key(3, "3", "tie")
    # U undoes the last answer: card 3 comes back, empty, to be answered again.
    page.keyboard.press("u")
    at(3)
    status.get_by_text("撤销了第 3 条").wait_for()
    assert not any(page.locator(f'#ann-choice input[value="{c}"]').is_checked() for c in ("left", "right", "tie"))
    choose_by_key(3, "4", "both_bad")
    # Cards 4-5 with taps: tap the reply itself, or an answer button, then "确认".
    seen[4] = sides()
    view.locator('.qa-reply[data-side="right"]').tap()
    assert page.locator('#ann-choice input[value="right"]').is_checked()
    page.locator("#ann-confirm").tap()
    answered[4] = "right"
    at(5)
    status.get_by_text("已保存第 4 条").wait_for()
    seen[5] = sides()
    page.locator("#ann-choice label", has_text="A 更好").tap()
    page.locator("#ann-extra-open").tap()
    page.locator("#ann-note textarea").fill("第五条的 A 更暖")
    page.locator("#ann-confirm").tap()
    answered[5] = "left"
    at(6)

    # A reload (or a closed browser) continues at card 6; going back shows card 5 as answered.
    reloading[0] = True
    page.reload()
    reloading[0] = False
    at(6)
    assert page.locator("#ann-card").is_visible() and not page.locator("#tab-data-button").is_visible()
    page.locator("#ann-back").tap()
    at(5)
    assert page.locator('#ann-choice input[value="left"]').is_checked()
    assert page.locator("#ann-note textarea").input_value() == "第五条的 A 更暖"
    page.locator("#ann-skip").tap()  # on an answered card, skip moves on and keeps the answer
    at(6)
    page.wait_for_timeout(300)
    page.screenshot(path=str(artifacts / "annotate-phone.png"))
    # Switching the language rebuilds the card in place: same card, English words.
    choose_language(page, "English", tap=True)
    head.get_by_text(f"Item 6 of {len(PAIRS)}").wait_for(timeout=15000)
    view.get_by_text("Which reply feels better?").wait_for()
    assert page.locator("#ann-confirm").inner_text().startswith("Confirm")
    assert errors == [], "\n".join(errors)

    # The store holds exactly what was chosen on screen, in reply terms, for cards 1-5.
    con = db.connect(ws.db_path)
    try:
        items_by_pos = {it.position: it for it in A.list_items(con, project)}
        for position, choice in answered.items():
            it = items_by_pos[position]
            s = A.screen(con, project, mia, it.id)
            assert {"left": s.left, "right": s.right} == seen[position]  # the same order after reload
            assert s.current == choice, position
        assert A.screen(con, project, mia, items_by_pos[5].id).note == "第五条的 A 更暖"
        assert A.progress(con, project, mia) == A.Progress(labelled=5, skipped=0, total=len(PAIRS))
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        con.close()
