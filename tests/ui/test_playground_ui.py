"""The Playground and Models tabs through gradio_client, against a real studio process. The chat server is a
real deploy job whose process is a small scripted OpenAI-compatible server (no model: this tests the page)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from studio.annotate import projects as annotate
from studio.chat import conversations as chat
from studio.chat import deployments
from studio.core import db
from studio.core.workspace import Workspace
from studio.engine import deploy as engine_deploy
from studio.jobs.store import Jobs

pytestmark = pytest.mark.ui

FAKE_SERVER = r"""
import json, sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
MODELS = sys.argv[2].split(",")
REPLY = {m: f"{m}: 抱抱你，今天辛苦啦。" for m in MODELS}
class H(BaseHTTPRequestHandler):
    def log_message(self, *a): pass
    def do_GET(self):
        body = json.dumps({"data": [{"id": m} for m in MODELS]}).encode()
        self.send_response(200); self.send_header("Content-Length", str(len(body))); self.end_headers()
        self.wfile.write(body)
    def do_POST(self):
        req = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        text = REPLY[req["model"]]
        self.send_response(200); self.send_header("Content-Type", "text/event-stream"); self.end_headers()
        for i in range(0, len(text), 2):
            chunk = {"choices": [{"delta": {"content": text[i:i + 2]}}]}
            self.wfile.write(f"data: {json.dumps(chunk, ensure_ascii=False)}\n\n".encode()); self.wfile.flush()
        self.wfile.write(b"data: [DONE]\n\n")
srv = ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), H)
print(f"INFO:     Uvicorn running on http://127.0.0.1:{sys.argv[1]} (Press CTRL+C to quit)", flush=True)
srv.serve_forever()
"""


def fake_deployment(ws: Workspace, tmp_path: Path, models=("pocket-tiny", "dpo-abc123")) -> deployments.Deployment:
    script = tmp_path / "fake_server.py"
    script.write_text(FAKE_SERVER)
    port = engine_deploy.free_port(18000)
    job = Jobs(ws).submit(
        "deploy",
        [sys.executable, str(script), str(port), ",".join(models)],
        title="fake",
        meta={
            "base": models[0],
            "served_name": models[0],
            "adapters": {m: f"/x/{m}" for m in models[1:]},
            "host": "127.0.0.1",
            "port": port,
        },
    )
    return deployments.wait_ready(ws, deployments.Deployment.from_job(job), timeout=30)


def test_chat_with_a_persona_save_and_vote_blind(tmp_path, studio_server):
    ws = Workspace.open(tmp_path / "ws")
    dep = fake_deployment(ws, tmp_path)
    server = studio_server(ws.root, env={"QIXI_LANG": "en"})
    client = server.client()
    try:
        health, model, a, b = client.predict("en", None, None, None, api_name="/play_servers")[:4]
        assert "ready" in health and model["value"] == "dpo-abc123"

        fields = ["小七", "阿杰", "宝贝", "奶茶, 猫", "香菜", "2023 年七夕一起看了烟花", "gentle", "zh", "不要叫我全名"]
        system, chatbot = client.predict("en", "dpo-abc123", 0.7, 0.9, 256, *fields, api_name="/persona_apply")
        assert "小七" in system and "奶茶" in system and "不要叫我全名" in system
        assert chatbot[0]["role"] == "assistant" and "AI companion" in str(chatbot[0]["content"])
        saved = client.predict("en", *fields, api_name="/persona_save")
        assert saved["value"] == "小七" and (ws.root / "personas" / "小七.json").is_file()
        client.predict("en", *fields, api_name="/persona_export")
        card = json.loads((ws.exports / "小七.card.json").read_text(encoding="utf-8"))
        assert card["spec"] == "chara_card_v2" and card["data"]["name"] == "小七"
        from gradio_client import handle_file

        card["data"]["first_mes"] = "宝贝，我在呢"  # edited in another app
        edited = tmp_path / "card.json"
        edited.write_text(json.dumps(card, ensure_ascii=False), encoding="utf-8")
        imported = client.predict("en", handle_file(str(edited)), api_name="/persona_import")
        assert list(imported[:3]) == ["小七", "阿杰", "宝贝"] and "不要叫我全名" in imported[-1]
        assert not [p for p in ws.uploads.rglob("*") if p.is_file()]  # the staged card is gone once read
        assert client.predict("en", "小七", api_name="/persona_load")[3] == "奶茶, 猫"

        chatbot, _msg, _note = client.predict(
            "en", "今天好累", "dpo-abc123", system, 0.7, 0.9, 256, 0.8, "", "小七", api_name="/play_send"
        )
        assert chatbot[-2]["role"] == "user" and "今天好累" in str(chatbot[-2]["content"])
        assert "dpo-abc123: 抱抱你" in str(chatbot[-1]["content"])
        crisis = client.predict(
            "en", "我不想活了", "dpo-abc123", system, 0.7, 0.9, 256, 0.8, "", "小七", api_name="/play_send"
        )
        assert "988" in str(crisis[0][-1]["content"]) and "Safety guard" in crisis[2]

        client.predict("en", "tired day", api_name="/play_save")
        [saved_conv] = chat.list_conversations(db.connect(ws.db_path))
        assert saved_conv.title == "tired day" and saved_conv.persona == "小七" and saved_conv.messages == 5
        note = client.predict("en", [saved_conv.id], "sft", "from the playground", api_name="/play_make_dataset")
        assert "Dataset" in note

        frames = client.predict(
            "en", "晚安", "pocket-tiny", "dpo-abc123", True, system, 0.7, 0.9, 256, 0.8, "", api_name="/compare_send"
        )
        left_html, right_html = frames[0], frames[1]
        assert "Model A" in left_html and "Model B" in right_html  # blind
        assert "pocket-tiny: " in left_html + right_html and "dpo-abc123: " in left_html + right_html
        out = client.predict("en", api_name="/compare_vote_right")
        assert "Recorded" in out[-1] and "playground-votes" in out[-1]
        con = db.connect(ws.db_path)
        [item] = annotate.list_items(con, chat.VOTE_PROJECT)
        assert {item.source_a, item.source_b} == {"pocket-tiny", "dpo-abc123"}
        assert item.prompt[0]["role"] == "system" and "小七" in item.prompt[0]["content"]
        labels = con.execute("SELECT choice FROM annotate_events WHERE item_id=?", (item.id,)).fetchall()
        assert [r["choice"] for r in labels] == ["b"]
    finally:
        deployments.stop(ws, dep.id)


def test_models_tab_lists_and_serve_status(tmp_path, studio_server):
    ws = Workspace.open(tmp_path / "ws")
    folder = ws.models / "pocket-tiny"
    folder.mkdir(parents=True)
    (folder / "model.json").write_text(
        json.dumps(
            {
                "id": "pocket-tiny",
                "kind": "base",
                "model_type": "qwen2",
                "template": "qwen",
                "name": {"zh": "口袋模型", "en": "Pocket"},
            }
        )
    )
    server = studio_server(ws.root, env={"QIXI_LANG": "en"})
    client = server.client()
    table, _empty, pick, serve_model = client.predict("en", None, None, api_name="/models_list")
    row = table["value"]["data"][0]
    assert row[0] == "🧸 Pocket" and row[-1] == "pocket-tiny" and pick["value"] == "pocket-tiny"
    _ckpt, card, name = client.predict("en", "pocket-tiny", None, api_name="/models_describe")
    assert "Pocket" in card and "qwen2" in card and name == "Pocket" and "id: `pocket-tiny`" in card
    # A plain name of the person's own: the table and the card show it, the id stays as the detail.
    out = client.predict("en", "pocket-tiny", "我们的小模型", "pocket-tiny", None, api_name="/models_rename")
    table, card, name = out[0], out[-2], out[-1]
    assert table["value"]["data"][0][0] == "🧸 我们的小模型" and table["value"]["data"][0][-1] == "pocket-tiny"
    assert card.startswith("### 我们的小模型") and "id: `pocket-tiny`" in card and name == "我们的小模型"
    out = client.predict("en", "pocket-tiny", "", "pocket-tiny", None, api_name="/models_rename")
    assert out[0]["value"]["data"][0][0] == "🧸 Pocket"  # an empty name brings the default back
    health, curl, _py = client.predict("en", api_name="/serve_status")
    assert "not running" in health and curl == ""
    with pytest.raises(Exception) as e:
        client.predict("en", "pocket-tiny", [], "transformers", "0.0.0.0", 0, "", True, "", api_name="/serve_start")
    assert "API key" in str(e.value)
    # Adapters that are not (or no longer) choices of the list: the domain's sentence, not Gradio's bare refusal.
    with pytest.raises(Exception) as e:
        client.predict(
            "en",
            "pocket-tiny",
            ["run-that-is-gone"],
            "transformers",
            "127.0.0.1",
            0,
            "",
            True,
            "",
            api_name="/serve_start",
        )
    assert "run-that-is-gone" in str(e.value) and "not in the list of choices" not in str(e.value)
    with pytest.raises(Exception) as e:
        client.predict("en", "pocket-tiny", None, "bnb", 4, "", "", api_name="/models_quantize")
    assert "NVIDIA GPU" in str(e.value) or "install" in str(e.value)
