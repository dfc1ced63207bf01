"""`qixi memory ... --json` as a user types it (real subprocesses, one workspace): add, list, search, pending and
accept, settings, export to a file and into the persona's card, import from both, rm, clear with its --yes step,
and the sentences for bad input."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from studio.chat import memory as M
from studio.chat.persona import Persona, save_persona
from studio.core import db
from studio.core.workspace import Workspace

pytestmark = pytest.mark.cli

ROOT = Path(__file__).resolve().parents[2]


def qixi(ws, *args, ok=True, cwd=ROOT):
    out = subprocess.run(
        [sys.executable, "-m", "studio.cli", "--workspace", str(ws.root), "--lang", "en", *args, "--json"],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert (out.returncode == 0) == ok, out.stdout + out.stderr
    return json.loads(out.stdout)


def test_memory_commands(tmp_path):
    ws = Workspace.open(tmp_path / "ws")
    save_persona(ws, Persona(bot_name="小七", user_name="阿杰"))
    con = db.connect(ws.db_path)
    M.observe(con, "小七", "我不吃香菜，我妹妹叫小雨", None)  # what a chat leaves: two pending notes

    added = qixi(ws, "memory", "add", "生日是3月5日", "--kind", "date", "--date", "03-05", "--pin", "--persona", "小七")
    assert added["note"]["status"] == "active" and added["note"]["pinned"] is True
    assert added["note"]["date"] == "--03-05"  # MM-DD is a yearly day
    listed = qixi(ws, "memory", "list", "--persona", "小七")
    assert sorted(n["text"] for n in listed["notes"]) == ["不吃香菜", "妹妹叫小雨", "生日是3月5日"]
    assert listed["notes"][0]["text"] == "生日是3月5日"  # pinned first
    pending = qixi(ws, "memory", "list", "--persona", "小七", "--pending")["notes"]
    assert sorted(n["text"] for n in pending) == ["不吃香菜", "妹妹叫小雨"]
    assert [n["text"] for n in qixi(ws, "memory", "list", "--persona", "小七", "--search", "香菜")["notes"]] == [
        "不吃香菜"
    ]
    assert qixi(ws, "memory", "accept", "--persona", "小七")["accepted"] == 2
    assert qixi(ws, "memory", "list", "--persona", "小七", "--pending")["notes"] == []

    s = qixi(ws, "memory", "settings", "--persona", "小七", "--auto-accept", "on", "--budget", "300")
    assert (s["auto_accept"], s["budget"], s["enabled"], s["summarize"]) == (True, 300, True, False)
    assert M.get_settings(con, "小七") == M.Settings(True, True, 300, False)

    exp = qixi(ws, "memory", "export", "--persona", "小七")
    assert exp["path"] == "exports/小七.memory.json" and exp["notes"] == 3
    # --out and import's file are read from the folder the person is in (README), not from the workspace
    here = tmp_path / "here"
    here.mkdir()
    card = qixi(ws, "memory", "export", "--persona", "小七", "--card", "--out", "card.json", cwd=here)
    assert card["path"] == str(here / "card.json") and not (ws.root / "card.json").exists()
    doc = json.loads((here / "card.json").read_text(encoding="utf-8"))
    assert doc["spec"] == "chara_card_v2" and len(doc["data"]["extensions"]["qixi_studio"]["memory"]["notes"]) == 3
    assert qixi(ws, "memory", "import", "card.json", "--persona", "小八", cwd=here)["added"] == 3
    assert qixi(ws, "memory", "import", str(ws.exports / "小七.memory.json"), "--persona", "小八") == {
        "added": 0,
        "skipped": 3,
        "text": "Imported 0 note(s); skipped 3 (duplicates, broken, or holding personal data).",
    }

    bad = qixi(ws, "memory", "add", "call me 13812345678", "--persona", "小七", ok=False)
    assert bad["ok"] is False and "personal data" in bad["error"] and "个人信息" in bad["error_zh"]
    assert "2026-13-01" in qixi(ws, "memory", "add", "x", "--date", "2026-13-01", ok=False)["error"]
    assert "nope.json" in qixi(ws, "memory", "import", "nope.json", ok=False, cwd=here)["error"]
    assert "999" in qixi(ws, "memory", "rm", "999", ok=False)["error"]

    one = next(n for n in listed["notes"] if n["text"] == "不吃香菜")
    rm = qixi(ws, "memory", "rm", str(one["id"]))
    assert rm["removed"] == 1 and rm["wal_truncated"] is True
    assert "--yes" in qixi(ws, "memory", "clear", "--persona", "小七", ok=False)["error"]
    cleared = qixi(ws, "memory", "clear", "--persona", "小七", "--yes")
    assert cleared["removed"] == 2 and cleared["wal_truncated"] is True
    assert qixi(ws, "memory", "list", "--persona", "小七")["notes"] == []
    assert len(qixi(ws, "memory", "list", "--persona", "小八")["notes"]) == 3
    con.close()
