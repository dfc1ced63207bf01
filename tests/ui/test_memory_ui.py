"""The Memory panel through gradio_client against a real studio process and its real studio.db: a chat in the
Playground leaves pending notes, the partner keeps or drops them, edits, pins, adds, searches, changes the budget and
auto-accept, deletes one and erases all (after the confirm step). The chat server is the scripted OpenAI-compatible
server of test_playground_ui (a real deploy job, no model): this tests the page and what reaches the server."""

from __future__ import annotations

import json

import pytest
from test_playground_ui import fake_deployment

from studio.chat import deployments
from studio.chat import memory as M
from studio.core import db
from studio.core.workspace import Workspace

pytestmark = pytest.mark.ui

OUTS = ("whose", "enabled", "auto", "summarize", "budget", "budget_line", "preview", "pending", "table", "pick")


def named(result) -> dict:
    return dict(zip(OUTS, result))


def test_memory_panel_events(tmp_path, studio_server):
    ws = Workspace.open(tmp_path / "ws")
    dep = fake_deployment(ws, tmp_path)
    server = studio_server(ws.root, env={"QIXI_LANG": "en"})
    client = server.client()
    con = db.connect(ws.db_path)
    try:
        client.predict("en", None, None, None, None, api_name="/play_servers")
        # A message in the Playground: the notes wait for the partner's OK and are not in the prompt yet.
        client.predict(
            "en",
            "我不吃香菜，我妹妹叫小雨",
            "dpo-abc123",
            "你是小七。",
            0.7,
            0.9,
            256,
            0.8,
            "",
            "小七",
            api_name="/play_send",
        )
        v = named(client.predict("en", "小七", "", api_name="/memory_view"))
        assert "小七" in v["whose"] and v["auto"] is False and v["budget"] == M.DEFAULT_BUDGET
        pending = {label: value for label, value in v["pending"]["choices"]}
        assert sorted(label.split(" · ")[1] for label in pending) == ["不吃香菜", "妹妹叫小雨"]
        assert "No notes yet" in v["table"] and "0 / 160" in v["budget_line"]

        ids = {label.split(" · ")[1]: value for label, value in pending.items()}
        v = named(client.predict("en", "小七", "", [ids["不吃香菜"]], api_name="/memory_keep"))
        assert "不吃香菜" in v["table"] and "妹妹叫小雨" not in v["table"]
        assert [c[0].split(" · ")[1] for c in v["pending"]["choices"]] == ["妹妹叫小雨"]
        assert "- 不吃香菜" in v["preview"] and "(1 notes" in v["budget_line"]
        v = named(client.predict("en", "小七", "", [ids["妹妹叫小雨"]], api_name="/memory_drop"))
        assert v["pending"]["choices"] == [] and [n.text for n in M.list_notes(con, "小七")] == ["不吃香菜"]

        # The kept note goes into what the chat server receives (the scripted server echoes nothing, so read the
        # store's last_used, set when a note is put into a prompt).
        client.predict(
            "en",
            "今晚的麻辣烫要加香菜吗",
            "dpo-abc123",
            "你是小七。",
            0.7,
            0.9,
            256,
            0.8,
            "",
            "小七",
            api_name="/play_send",
        )
        assert M.list_notes(con, "小七")[0].last_used is not None

        # Add by hand, pick, edit and pin; a bad date is one sentence, nothing changes.
        v = named(client.predict("en", "小七", "", "生日是3月5日", "date", "--03-05", False, api_name="/memory_add"))
        birthday = M.list_notes(con, "小七", search="生日")[0]
        assert v["pick"]["value"] == birthday.id and "生日是3月5日" in v["table"]
        assert list(client.predict("en", birthday.id, api_name="/memory_pick")) == [
            "生日是3月5日",
            "date",
            "--03-05",
            False,
        ]
        with pytest.raises(Exception, match="Cannot read the date"):
            client.predict(
                "en", "小七", "", birthday.id, "生日是3月5日", "date", "March", False, api_name="/memory_save"
            )
        v = named(
            client.predict(
                "en", "小七", "", birthday.id, "生日是3月6日", "date", "--03-06", True, api_name="/memory_save"
            )
        )
        assert "📌 生日是3月6日" in v["table"] and M.get(con, birthday.id).pinned
        with pytest.raises(Exception, match="Pick a note"):
            client.predict("en", "小七", "", None, "x", "other", "", False, api_name="/memory_save")

        v = named(client.predict("en", "小七", "香菜", api_name="/memory_search"))
        assert "不吃香菜" in v["table"] and "生日" not in v["table"]

        # Settings: auto-accept on and a budget too small for anything; both are what the store says afterwards.
        v = named(client.predict("en", "小七", "", True, True, False, 10, api_name="/memory_settings_budget"))
        assert v["budget"] == 10 and v["auto"] is True and "0 / 10" in v["budget_line"] and v["preview"] == ""
        assert M.get_settings(con, "小七") == M.Settings(True, True, 10, False)
        client.predict(
            "en", "我对芒果过敏", "dpo-abc123", "你是小七。", 0.7, 0.9, 256, 0.8, "", "小七", api_name="/play_send"
        )
        assert M.list_notes(con, "小七", search="芒果")[0].status == "active"

        # Delete one; then erase all, which asks first (cancel keeps everything).
        out = client.predict("en", "小七", "", birthday.id, api_name="/memory_delete")
        assert "生日" not in named(out)["table"] and list(out[-4:]) == ["", "other", "", False]
        ask = client.predict("en", "小七", api_name="/memory_erase_ask")  # (the confirm group is not in the API)
        assert "Erase all 2 notes of “小七”" in ask
        client.predict(api_name="/memory_erase_cancel")
        assert len(M.list_notes(con, "小七")) == 2
        out = client.predict("en", "小七", "", api_name="/memory_erase")
        assert "No notes yet" in named(out)["table"] and M.list_notes(con, "小七") == []
        con.execute("PRAGMA wal_checkpoint(PASSIVE)")
        raw = b"".join(p.read_bytes() for p in ws.root.glob("studio.db*"))
        assert "芒果过敏".encode() not in raw and "不吃香菜".encode() not in raw
        logs = b"".join(p.read_bytes() for p in (ws.root / "logs").rglob("*") if p.is_file())
        assert "芒果".encode() not in logs and "香菜".encode() not in logs

        # Another persona's memory is its own.
        assert "No notes yet" in named(client.predict("en", "阿杰", "", api_name="/memory_view"))["table"]
        assert json.dumps(dep.models)
    finally:
        con.close()
        deployments.stop(ws, dep.id)
        server.stop()


def test_the_panel_runs_no_sql_and_reuses_its_connection(tmp_path):
    """Layers: the panel calls studio.chat.memory only (no sqlite3, no studio.db, no SQL of its own), and the
    context's connection is opened once per handler thread, not per event or per timer tick."""
    import ast
    import threading
    from pathlib import Path

    from studio.ui import memory_panel
    from studio.ui.context import UIContext

    tree = ast.parse(Path(memory_panel.__file__).read_text(encoding="utf-8"))
    imported = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    imported |= {f"{n.module}.{a.name}" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) for a in n.names}
    assert not {"sqlite3", "studio.core.db"} & imported
    calls = {n.func.attr for n in ast.walk(tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)}
    assert not {"execute", "executemany", "connect"} & calls

    ctx = UIContext(Workspace.open(tmp_path / "ws"), lang="en")
    assert ctx.db() is ctx.db()
    other = []
    t = threading.Thread(target=lambda: other.append(ctx.db()))
    t.start()
    t.join()
    assert other[0] is not ctx.db() and other[0].execute("SELECT 1").fetchone()[0] == 1
