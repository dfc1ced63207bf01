"""Models & Export + Playground in headless Chromium, for real: start the chat server from the Models tab
(ms-swift deploy of a tiny model and a 2-step LoRA run), chat with a persona, compare the two models blind,
vote, and find the vote in the annotation project; then the same page at phone width.

Set QIXI_POCKET_DIR to a built pocket model folder for readable replies in the screenshots.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from settle import settle
from support import random_pocket

from studio.annotate import projects as annotate
from studio.chat import conversations as chat
from studio.chat import deployments
from studio.core import db
from studio.core.workspace import Workspace
from studio.data import store
from studio.engine import swift
from studio.jobs.store import Jobs, new_id

pytestmark = [pytest.mark.browser, pytest.mark.integration]

ROOT = Path(__file__).resolve().parents[2]


def prepare(ws: Workspace) -> str:
    """pocket-tiny (built, or random and tiny) and one 2-step LoRA SFT run on it; returns the run's job id."""
    folder = random_pocket(ws.models / "pocket-tiny", {"zh": "口袋模型", "en": "Pocket model"})
    src = ws.uploads / "sft.jsonl"
    src.write_text(
        "\n".join((ROOT / "assets/sample/sft.jsonl").read_text(encoding="utf-8").splitlines()[:8]) + "\n",
        encoding="utf-8",
    )
    data = store.import_files(ws, [src], name="示例对话", kind="sft", scrub=False).dataset
    jobs = Jobs(ws)
    job_id = new_id("sft")
    spec = swift.TrainSpec(
        model=str(folder),
        model_type="qwen2",
        template="qwen",
        dataset=[str(data.train_path)],
        run_dir=ws.runs / job_id,
        max_steps=2,
        save_steps=2,
        max_length=128,
        torch_dtype="float32",
        extra={"check_model": False, "fp16": False, "bf16": False, "disable_tqdm": True},
    )
    jobs.submit(
        "sft",
        swift.write_train(spec),
        run_dir=spec.run_dir,
        title="温柔版 SFT",
        env=dict(swift.OFFLINE_ENV),
        job_id=job_id,
    )
    done = jobs.wait(job_id, timeout=600)
    assert done.status == "succeeded", done.log_path.read_text()[-3000:]
    return job_id


def open_tab(page, name: str) -> None:
    """Click a top tab; at phone width the later ones sit behind Gradio's "More tabs" menu."""
    page.locator("#tabs [role=tab]").first.wait_for(timeout=30000)
    tab = page.get_by_role("tab", name=name)
    if tab.count() and tab.first.is_visible():
        tab.first.click()
        return
    for _ in range(3):  # the page's load event may redraw the tab bar (and close the menu) just after a click
        page.locator('#tabs button[aria-label="More tabs"]').first.click()
        item = page.locator("#tabs button", has_text=name).filter(visible=True).last
        try:
            item.click(timeout=5000)
            return
        except Exception:  # noqa: BLE001 - Playwright's timeout: open the menu again
            continue
    raise AssertionError(f"tab {name} could not be opened from the More tabs menu")


def first_characters_s(page, text: str) -> float | None:
    """Seconds from the click on Send until the reply's first characters are on screen, timed in the
    page (a MutationObserver), then waits for the reply to finish; None for a reply without characters."""
    page.evaluate("""() => {
        window.qxFirst = null;
        const box = document.querySelector('#play-chatbot');
        const rows = () => box.querySelectorAll('.message-row');
        const before = rows().length;
        const seen = () => {
            const r = rows();
            if (r.length < before + 2) return false;
            const t = r[r.length - 1].innerText.trim();
            return t.length > 0 && t !== '…';
        };
        const obs = new MutationObserver(() => {
            if (window.qxFirst === null && seen()) { window.qxFirst = performance.now() - window.qxSent; obs.disconnect(); }
        });
        obs.observe(box, {subtree: true, childList: true, characterData: true});
        document.querySelector('#play-send').addEventListener('click', () => { window.qxSent = performance.now(); },
                                                              {capture: true});
    }""")
    field(page, "play-msg").fill(text)
    send(page)
    # The random pocket model samples, and now and then its reply is empty (no characters to time): that reply
    # ends without any, and the caller sends another message.
    page.wait_for_function(
        "window.qxFirst !== null || (performance.now() - window.qxSent > 3000"
        " && !document.querySelector('#play-chatbot .pending'))",
        timeout=60000,
    )
    page.wait_for_function("!document.querySelector('#play-chatbot .pending')", timeout=120000)
    first = page.evaluate("window.qxFirst")
    return None if first is None else first / 1000


def send(page, box: str = "play-msg", button: str = "play-send") -> None:
    """Click Send until the message is taken (the handler empties the box). Gradio drops a click while the
    previous reply is still streaming, and a reply streams on after its first characters are on screen."""
    empty = f"document.querySelector('#{box} textarea, #{box} input').value === ''"
    for _ in range(15):
        if page.evaluate(empty):  # taken late, after the last wait: clicking again would send nothing
            return
        page.locator(f"#{button}").click()
        try:
            page.wait_for_function(empty, timeout=8000)
            return
        except PlaywrightTimeout:
            continue
    raise AssertionError(f"#{button} never took the message in #{box}")


def field(page, elem_id: str):
    return page.locator(f"#{elem_id} textarea, #{elem_id} input").first


def test_serve_chat_with_persona_compare_blind_and_vote(tmp_path, studio_server, browser, artifacts):
    ws = Workspace.open(tmp_path / "ws")
    t0 = time.monotonic()
    run_id = prepare(ws)
    print(f"\nworkspace ready in {time.monotonic() - t0:.1f}s")
    server = studio_server(ws.root, env={"QIXI_LANG": "zh"})
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        page.goto(server.url)
        open_tab(page, "④ 模型与导出")
        page.locator("#models-table").get_by_text("温柔版 SFT").filter(visible=True).first.wait_for(timeout=20000)
        page.locator("#serve-adapters").get_by_text("温柔版 SFT").filter(visible=True).first.wait_for(timeout=20000)
        # Plain names (issue 21): the newest run is picked; it gets a name of the person's own, which the table,
        # the card (with the id as its detail), the Playground and the blind comparison then use.
        page.wait_for_function(
            "document.querySelector('#models-rename textarea, #models-rename input').value === '温柔版 SFT'",
            timeout=20000,
        )
        field(page, "models-rename").fill("小七 v1")
        page.locator("#models-rename-btn").click()
        page.locator("#models-table").get_by_text("小七 v1").filter(visible=True).first.wait_for(timeout=20000)
        page.locator("#models-card").get_by_text(run_id).first.wait_for(timeout=20000)
        assert "小七 v1" in page.locator("#models-card").inner_text()
        t1 = time.monotonic()
        page.locator("#serve-start").click()
        page.locator("#serve-health").get_by_text("服务就绪").wait_for(timeout=180000)
        print(f"chat server ready {time.monotonic() - t1:.1f}s after pressing Start")
        assert "chat/completions" in page.locator("#serve-curl").inner_text()
        dep = deployments.current(ws)
        assert dep is not None and len(dep.models) == 2

        open_tab(page, "⑤ 聊天试玩")
        page.locator("#play-health").get_by_text("服务就绪").wait_for(timeout=20000)
        print(f"playground sees the server after {time.monotonic() - t1:.1f}s")
        page.wait_for_function(
            "document.querySelector('#play-model input').value.startsWith('小七 v1 — ')", timeout=20000
        )
        field(page, "play-bot-name").fill("小七")
        field(page, "play-user-name").fill("阿杰")
        field(page, "play-nicknames").fill("宝贝")
        field(page, "play-likes").fill("奶茶, 猫")
        field(page, "play-memories").fill("2023 年七夕一起看了烟花")
        page.get_by_text("生成设置").click()  # short replies keep the CPU test quick
        tokens = page.locator("#play-max-tokens input[type=number]")
        tokens.fill("48")
        tokens.press("Enter")
        page.locator("#play-persona-apply").click()
        page.wait_for_function("document.querySelector('#play-system textarea').value.includes('小七')", timeout=20000)
        print(f"persona applied after {time.monotonic() - t1:.1f}s")
        field(page, "play-msg").fill("今天加班好累呀")
        send(page)
        bubbles = page.locator("#play-chatbot .message-row")
        page.wait_for_function(
            "() => { const rows = document.querySelectorAll('#play-chatbot .message-row');"
            " return rows.length >= 4 && rows[rows.length - 1].innerText.trim().length > 1 &&"
            " !document.querySelector('#play-chatbot .pending'); }",
            timeout=120000,
        )
        assert "今天加班好累呀" in bubbles.nth(bubbles.count() - 2).inner_text()
        print(f"persona chat reply after {time.monotonic() - t1:.1f}s")
        # A next message typed while a reply streams stays in the box (every chunk used to empty it again).
        field(page, "play-msg").fill("先说到这里")
        send(page)
        field(page, "play-msg").fill("等一下再聊")
        page.wait_for_function("!document.querySelector('#play-chatbot .pending')", timeout=120000)
        settle(page, quiet_ms=1500)  # the rest of the reply streams in (48 tokens at most)
        assert field(page, "play-msg").input_value() == "等一下再聊"
        # The first streamed characters of a reply, from the click on Send (target: <= 1.5 s).
        firsts = []
        for text in (
            "你今天开心吗",
            "晚饭吃什么好呢",
            "周末一起去散步吧",
            "明天早点起床吧",
            "想听你讲个故事",
            "下雨了记得带伞",
        ):
            took = first_characters_s(page, text)
            firsts += [took] if took is not None else []
            if len(firsts) == 3:
                break
        assert len(firsts) == 3, f"the model answered with characters only {len(firsts)} of 6 times"
        result = {
            "benchmark": "chat_first_characters_on_screen",
            "model": "random tiny pocket, CPU deploy",
            "seconds": [round(x, 2) for x in firsts],
            "max_s": round(max(firsts), 2),
            "target_s": 1.5,
            "date": time.strftime("%Y-%m-%d"),
        }
        (ROOT / "benchmarks" / "results" / "chat_first_characters.json").write_text(json.dumps(result, indent=2) + "\n")
        print(json.dumps(result))
        # The 1.5 s target is a benchmark figure (results/chat_first_characters.json), not a timed assertion;
        # the bound still catches replies as slow as before the pulse (24-75 s).
        assert max(firsts) <= 10, result
        page.wait_for_timeout(800)
        page.screenshot(path=str(artifacts / "playground.png"), full_page=True)

        # Rewrite the reply (it becomes the chosen side of a pair) and save the chat.
        page.locator("#play-chatbot button[aria-label='Edit']").last.click()
        page.locator("#play-chatbot textarea").last.fill("抱抱你，辛苦啦，今晚早点休息。")
        page.locator("#play-chatbot button[aria-label='Submit']").last.click()
        bubbles.last.get_by_text("今晚早点休息").wait_for(timeout=20000)
        field(page, "play-title").fill("加班的一天")
        page.locator("#play-save").click()
        con = db.connect(ws.db_path)
        deadline = time.monotonic() + 20
        while not chat.list_conversations(con) and time.monotonic() < deadline:
            time.sleep(0.2)
        [saved] = chat.list_conversations(con)
        reply = chat.load(con, saved.id).turns[-1]
        assert saved.title == "加班的一天" and reply.content == "抱抱你，辛苦啦，今晚早点休息。"
        assert reply.original and reply.original != reply.content  # the model's words are kept
        assert chat.pair_rows(chat.load(con, saved.id))[0]["rejected_response"] == reply.original

        page.get_by_role("tab", name="⚖️ 并排比较").click()
        field(page, "cmp-msg").fill("周末想和你去看海")
        page.locator("#cmp-send").click()
        page.locator("#cmp-vote-right:not([disabled])").wait_for(timeout=120000)
        print(f"side-by-side replies after {time.monotonic() - t1:.1f}s")
        left_text = page.locator("#cmp-left").inner_text()
        assert "模型 A" in left_text and "模型 B" in page.locator("#cmp-right").inner_text()  # blind
        page.screenshot(path=str(artifacts / "playground-compare.png"), full_page=True)
        page.locator("#cmp-vote-right").click()
        page.locator("#cmp-result").get_by_text("playground-votes").wait_for(timeout=20000)
        revealed = page.locator("#cmp-left").inner_text() + page.locator("#cmp-right").inner_text()
        assert "小七 v1" in revealed and "口袋模型" in revealed  # plain names, the served names beside them
        assert set(dep.models) <= set(revealed.split()) or all(m in revealed for m in dep.models)

        [item] = annotate.list_items(con, chat.VOTE_PROJECT)
        assert {item.source_a, item.source_b} == set(dep.models)
        assert item.prompt[-1] == {"role": "user", "content": "周末想和你去看海"}
        assert "小七" in item.prompt[0]["content"]
        [label] = con.execute("SELECT choice FROM annotate_events WHERE item_id=?", (item.id,)).fetchall()
        assert label["choice"] == "b"

        phone = browser.new_page(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
        phone.on("pageerror", lambda e: errors.append(str(e)))
        phone.goto(server.url)
        phone.locator("#start-guide [data-step]").first.wait_for(timeout=30000)  # the page's load has run
        open_tab(phone, "⑤ 聊天试玩")
        phone.locator("#play-health").get_by_text("服务就绪").wait_for(timeout=20000)
        field(phone, "play-msg").fill("晚安")
        phone.locator("#play-send").click()
        phone.wait_for_function(
            "() => document.querySelectorAll('#play-chatbot .message-row').length >= 3 &&"
            " !document.querySelector('#play-chatbot .pending')",
            timeout=120000,
        )
        print(f"phone reply after {time.monotonic() - t1:.1f}s")
        overflow = phone.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, f"the page scrolls sideways by {overflow}px on a phone"
        phone.wait_for_timeout(500)
        phone.screenshot(path=str(artifacts / "playground-phone.png"), full_page=False)
    finally:
        deployments.stop(ws)
    assert deployments.current(ws) is None
    assert errors == [], errors
