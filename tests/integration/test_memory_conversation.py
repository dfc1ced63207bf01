"""The issue's scripted conversation, for real: 30 turns with a persona in which 8 facts are told; the partner
confirms the new notes; later a question about each fact must bring its note into the prompt.

The engine is a real `swift deploy` of the pocket architecture (started by the studio's deploy job, CPU). Between
studio.chat.conversations and it sits a recording pass-through proxy (a real local HTTP server in this test, named so): it
forwards every request unchanged and keeps a copy of the body, so the assertions read the exact request the engine
received. At the end the memory is erased and the database files, the chat server's log and the studio's logs are
read back byte by byte."""

from __future__ import annotations

import json
import threading
import time
import urllib.request
from datetime import datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from support import random_pocket

from studio.chat import conversations as chat
from studio.chat import deployments
from studio.chat import memory as M
from studio.core import db
from studio.core.workspace import Workspace

pytestmark = pytest.mark.integration

DAY1 = datetime(2026, 12, 9, 20, 0)  # a Wednesday: 下周三 is 16 December
DAY2 = datetime(2026, 12, 10, 8, 0)
DAY7 = datetime(2026, 12, 15, 8, 0)  # the day before the exam

# (turn text, the note a rule should make of it, written by hand) — 8 facts among small talk.
TELL = [
    ("晚上好呀", None),
    ("我不吃香菜", "不吃香菜"),
    ("今天上班好累", None),
    ("我对芒果过敏，吃了会起疹子", "对芒果过敏"),
    ("哈哈哈你真可爱", None),
    ("我生日是5月20号", "生日是5月20日"),
    ("下周三我要考试", "12月16日（周三）：考试"),
    ("你在干嘛呢", None),
    ("我妹妹叫小雨", "妹妹叫小雨"),
    ("我最喜欢的颜色是蓝色", "最喜欢的颜色是蓝色"),
    ("My best friend is called Tom", "best friend's name is Tom"),
    ("I can't stand horror movies", "dislikes horror movies"),
    ("好困，先睡啦", None),
    ("晚安", None),
]
# (turn text, the note it must bring into the prompt)
ASK = [
    ("早上好", None),
    ("今晚想吃麻辣烫，要加香菜吗", "不吃香菜"),
    ("朋友送了我一箱芒果，我能吃吗", "对芒果过敏"),
    ("天气好冷", None),
    ("你记得我的生日是哪天吗", "生日是5月20日"),
    ("考试复习得好累", "12月16日（周三）：考试"),
    ("我妹妹周末要来找我玩", "妹妹叫小雨"),
    ("帮我挑件衣服，什么颜色好看", "最喜欢的颜色是蓝色"),
    ("嗯嗯", None),
    ("Should I call Tom tonight?", "best friend's name is Tom"),
    ("Any good movies to watch tonight?", "dislikes horror movies"),
    ("哈哈好的", None),
    ("今天有点累", None),
    ("谢谢你陪我", None),
]
LAST = [("明天就要考试了，好紧张", "12月16日（周三）：考试"), ("晚安", None)]


class RecordingProxy:
    """A real local HTTP server that forwards each request to the chat server and records its JSON body."""

    def __init__(self, upstream: str):
        self.upstream, self.bodies = upstream.rstrip("/"), []
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *a):
                pass

            def _forward(self, data: bytes | None):
                # The client's own headers go along (the studio's X-Qixi-Notices: client tells the gateway in
                # front of ms-swift that the Playground keeps the memory itself).
                headers = {
                    k: v for k, v in self.headers.items() if k.lower() not in ("host", "content-length", "connection")
                }
                req = urllib.request.Request(
                    proxy.upstream + self.path, data=data, method=self.command, headers=headers
                )
                with urllib.request.urlopen(req, timeout=300) as resp:
                    self.send_response(resp.status)
                    self.send_header("Content-Type", resp.headers.get("Content-Type", "application/json"))
                    self.end_headers()
                    while chunk := resp.read1(65536):
                        self.wfile.write(chunk)
                        self.wfile.flush()

            def do_GET(self):
                self._forward(None)

            def do_POST(self):
                data = self.rfile.read(int(self.headers["Content-Length"]))
                proxy.bodies.append(json.loads(data))
                self._forward(data)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.base_url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def close(self):
        self.server.shutdown()


def system_of(body: dict) -> str:
    return next((m["content"] for m in body["messages"] if m["role"] == "system"), "")


def test_thirty_turns_eight_facts_each_recalled_when_asked(tmp_path):
    ws = Workspace.open(tmp_path / "ws")
    random_pocket(ws.models / "pocket-tiny", {"zh": "测试小模型", "en": "tiny test model"})
    con = db.connect(ws.db_path)
    M.set_settings(con, "小七", M.Settings(budget=60))  # room for about two notes: recall must choose
    t0 = time.monotonic()
    dep = deployments.wait_ready(
        ws, deployments.start(ws, deployments.DeployRequest(model="pocket-tiny", max_new_tokens=4)), timeout=400
    )
    print(f"\nswift deploy ready after {time.monotonic() - t0:.0f}s")
    proxy = RecordingProxy(dep.base_url.rsplit("/v1", 1)[0])
    try:
        ep = chat.Endpoint(proxy.base_url + "/v1")
        conv = chat.new_conversation(
            model=dep.models[-1],
            system="你是小七，阿杰的 AI 伴侣。",
            persona="小七",
            settings=chat.GenSettings(0.7, 0.9, 4),
            now=DAY1.timestamp(),
        )
        asked: dict[str, str] = {}

        def say(text: str, when: datetime) -> None:
            before = len(proxy.bodies)
            for _ in chat.send(conv, text, ep, None, "zh", now=when.timestamp(), memory_db=con):
                pass
            request = next(b for b in proxy.bodies[before:] if b["messages"][-1]["content"] == text)
            asked[text] = system_of(request)

        t1 = time.monotonic()
        for i, (text, _) in enumerate(TELL):
            say(text, DAY1 + timedelta(minutes=i))
        pending = M.list_notes(con, "小七", "pending")
        expected = [note for _, note in TELL if note]
        kept = [n for n in pending if n.text in expected]
        print(
            f"notes after the telling turns: {len(pending)} pending, {len(kept)} of {len(expected)} facts; "
            f"others: {[n.text for n in pending if n.text not in expected]}"
        )
        assert len(kept) >= 7, [n.text for n in pending]
        assert not any(note in system for system in asked.values() for note in expected)  # unconfirmed: unused
        M.accept(con, [n.id for n in pending])  # the partner presses "keep"
        for i, (text, _) in enumerate(ASK):
            say(text, DAY2 + timedelta(minutes=i))
        for i, (text, _) in enumerate(LAST):
            say(text, DAY7 + timedelta(minutes=i))
        print(f"30 turns through the real engine: {time.monotonic() - t1:.0f}s, {len(proxy.bodies)} requests")
        assert len([t for t in conv.turns if t.role == "user"]) == 30

        stored = {n.text for n in M.list_notes(con, "小七", "active")}
        recalled = [(q, note) for q, note in ASK + LAST if note and note in stored and note in asked[q]]
        missed = [(q, note) for q, note in ASK + LAST if note and note in stored and note not in asked[q]]
        print(f"questions whose note was in the engine's request: {len(recalled)}; missed: {missed}")
        assert not missed
        assert len(recalled) >= 7
        # Recall chooses: within the budget no request carries all the notes.
        carried = [sum(n in asked[q] for n in stored) for q, _ in ASK + LAST]
        print(f"notes per request (of {len(stored)}): {carried}")
        assert max(carried) < len(stored)
        # The day before the exam it is mentioned as tomorrow's.
        assert "明天（12月16日）：12月16日（周三）：考试" in asked[LAST[0][0]]
        assert M.estimate_tokens(asked[LAST[0][0]].split("\n\n", 1)[1]) <= 60

        # Erase: nothing of the notes stays in studio.db, its WAL, the studio's logs or the chat server's log.
        n, clean = M.clear(con, "小七")
        assert n == len(stored) and clean
        raw = b"".join(p.read_bytes() for p in ws.root.glob("studio.db*"))
        logs = b"".join(p.read_bytes() for p in ws.root.rglob("*.log")) + b"".join(
            p.read_bytes() for p in (ws.root / "logs").rglob("*") if p.is_file()
        )
        for note in stored:
            assert note.encode() not in raw, note
            # The engine's log is not the studio's to erase; it must not have the notes in the first place.
            assert note.encode() not in logs, note
    finally:
        proxy.close()
        deployments.stop(ws, dep.id)
        con.close()
