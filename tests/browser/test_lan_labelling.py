"""The Annotate tab's switch "let phones on this Wi-Fi open the links", in headless Chromium.

The "LAN address" is another loopback address (127.0.0.2, through QIXI_LAN_ADDRESS): nothing leaves
this computer. The owner adds two partners, sets a password, opens the second listener and reads
each partner's link and QR code; each partner opens their link on a 390x844 phone through the LAN
address and labels, while a training job (the pocket build) runs. The time from a tap on "confirm"
to the next card is measured for every tap (target: p95 <= 500 ms); the result goes to
benchmarks/results/label_tap.json. The studio itself on the LAN address asks for the password;
the switch closes the listener again. Screenshots: tests/artifacts/lan-*.png."""

from __future__ import annotations

import json
import statistics
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from studio.annotate import projects as A
from studio.core import db
from studio.core.workspace import Workspace

pytestmark = pytest.mark.browser

LAN = "127.0.0.2"
ROOT = Path(__file__).resolve().parents[2]
PAIRS = [(f"第 {i} 句：今天有点累。", f"辛苦啦，回来我给你热汤（{i}）。", f"哦（{i}）。") for i in range(1, 13)]


def shot(page, path) -> None:
    for close in page.locator(".toast-close").all():
        if close.is_visible():
            close.click()
    page.wait_for_timeout(300)
    page.screenshot(path=str(path), full_page=True)


def status_of(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as r:
            return r.status
    except urllib.error.HTTPError as e:
        return e.code


def label_taps(page, n: int, total: int) -> list[float]:
    """Answer n cards by tapping; ms from the tap on confirm until the next card's number shows."""
    head = page.locator("#ann-head")
    times = []
    for k in range(1, n + 1):
        head.get_by_text(f"第 {k} / {total} 条").wait_for(timeout=60000)
        page.locator('#ann-view .qa-reply[data-side="left"]').tap()
        page.wait_for_function("document.querySelector('#ann-choice input[value=\"left\"]')?.checked", timeout=10000)
        t0 = time.perf_counter()
        page.locator("#ann-confirm").tap()
        head.get_by_text(f"第 {k + 1} / {total} 条").wait_for(timeout=60000)
        times.append((time.perf_counter() - t0) * 1000)
    return times


def test_two_partners_label_through_the_lan_listener(tmp_path, studio_server, browser, artifacts):
    ws = Workspace.open(tmp_path / "ws")
    con = db.connect(ws.db_path)
    A.create_project(con, "手机标注", items=[A.Item(u, g, c, "warm", "cold") for u, g, c in PAIRS])
    con.close()
    server = studio_server(ws.root, env={"QIXI_LANG": "zh", "QIXI_LAN_ADDRESS": LAN})
    owner = browser.new_page(viewport={"width": 1280, "height": 900})
    owner.goto(server.url)
    owner.locator("#start-guide").get_by_text("准备一个模型").wait_for(timeout=60000)
    owner.get_by_role("tab", name="② 标注", exact=True).click(timeout=90000)
    for name in ("小红", "小明"):
        owner.locator("#ann-who textarea, #ann-who input").first.fill(name)
        owner.get_by_role("button", name="添加并生成专属链接").click()
        owner.locator(f'#ann-links .qa-link[data-name="{name}"]').wait_for(timeout=30000)
    # Both partners' links stay on the page, each with their name and a QR code.
    assert owner.locator("#ann-links .qa-link").count() == 2
    assert owner.locator("#ann-links .qa-link svg").count() == 2
    assert owner.locator("#ann-lan-addr input").input_value() == LAN

    owner.locator("#ann-lan-on").click()  # no password yet: the page asks for one
    owner.get_by_text("至少 6 位的密码").first.wait_for(timeout=20000)
    owner.locator("#ann-lan-pw input, #ann-lan-pw textarea").first.fill("我们的小秘密")
    owner.locator("#ann-lan-on").click()
    owner.locator("#ann-lan-status").get_by_text("已打开").wait_for(timeout=30000)
    links = {n: owner.locator(f'#ann-links .qa-link[data-name="{n}"] code').inner_text() for n in ("小红", "小明")}
    assert all(u.startswith(f"http://{LAN}:") and "/label/?annotator=" in u for u in links.values()), links
    lan_base = links["小红"].split("/label/")[0]
    shot(owner, artifacts / "lan-owner.png")
    owner.set_viewport_size({"width": 390, "height": 844})
    shot(owner, artifacts / "lan-owner-phone.png")
    owner.set_viewport_size({"width": 1280, "height": 900})

    # The studio itself on the LAN address asks for the password; a guessed link is refused.
    assert status_of(lan_base + "/") == 401
    assert status_of(lan_base + "/label/?annotator=guess") == 403
    assert status_of(lan_base + "/label/") == 403

    # A training job runs while the partners label (the pocket build trains the demo model).
    client = server.client()
    client.predict("zh", "", "", api_name="/start_pocket")
    jobs = ws.root / "studio.db"
    assert jobs.exists()

    taps: list[float] = []
    phones = {}
    for name, url in links.items():
        phone = browser.new_page(
            viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True, has_touch=True
        )
        errors: list[str] = []
        phone.on("pageerror", lambda e, errors=errors: errors.append(str(e)))
        phone.goto(url)
        phone.locator("#ann-head").get_by_text(name).wait_for(timeout=60000)
        taps += label_taps(phone, 5, len(PAIRS))
        assert not errors, errors
        phones[name] = phone
    shot(phones["小明"], artifacts / "lan-partner-phone.png")
    con = db.connect(ws.db_path)
    running = [r["status"] for r in con.execute("SELECT status FROM jobs WHERE kind='build-pocket'")]
    st = A.stats(con, "手机标注")
    con.close()
    assert {a["name"]: a["labelled"] for a in st["annotators"]} == {"小红": 5, "小明": 5}

    p95 = sorted(taps)[max(0, round(0.95 * len(taps)) - 1)]
    result = {
        "benchmark": "label_tap_to_next_card",
        "through": "LAN listener (127.0.0.2), 390x844 phone",
        "taps": len(taps),
        "ms": [round(t) for t in taps],
        "median_ms": round(statistics.median(taps)),
        "p95_ms": round(p95),
        "target_p95_ms": 500,
        "job_during_taps": running,
        "date": time.strftime("%Y-%m-%d"),
    }
    out = ROOT / "benchmarks" / "results" / "label_tap.json"
    out.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result))

    # One click closes the door: the links no longer open on the LAN address.
    owner.locator("#ann-lan-off").click()
    owner.locator("#ann-lan-status").get_by_text("已关闭").wait_for(timeout=30000)
    with pytest.raises(OSError):
        urllib.request.urlopen(url, timeout=5)
    # The 500 ms target is a benchmark figure (results/label_tap.json), not a timed assertion; the bound
    # still catches taps as slow as before the pulse (3-8 s).
    assert p95 <= 2500, result
