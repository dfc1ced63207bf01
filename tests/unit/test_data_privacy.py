"""No raw personal data at rest: chat exports made from the bundled sample dialogues, with personal data planted
in them, go through the real import (store and `qixi data import`); afterwards no planted value is anywhere in
the workspace - rows, card, database, logs, uploads - unless the user asked to keep the originals."""

from __future__ import annotations

import json
import logging
import os
import time
from pathlib import Path

import pytest

from studio.cli import main as qixi
from studio.core.i18n import UserError
from studio.core.workspace import Workspace
from studio.data import store
from studio.data.formats import ColumnMapping
from studio.data.scrub import Scrubber, ScrubbingFormatter, ScrubOptions

SAMPLE = Path(__file__).resolve().parents[2] / "assets" / "sample" / "sft.jsonl"


def luhn_complete(body: str) -> str:
    total = sum(
        (d * 2 - 9 if d * 2 > 9 else d * 2) if i % 2 == 0 else d for i, d in enumerate(int(c) for c in reversed(body))
    )
    return body + str(-total % 10)


def gb11643_complete(body17: str) -> str:
    return body17 + "10X98765432"[sum(int(c) * (2 ** (17 - i) % 11) for i, c in enumerate(body17)) % 11]


# (as typed in the chat, the characters that must not survive anywhere)
PLANTS = [
    ("我手机 139 8765 4321", "139 8765 4321"),
    ("身份证 " + gb11643_complete("33010619880312457"), gb11643_complete("33010619880312457")[:17]),
    ("卡号 " + luhn_complete("621700008800123456"), luhn_complete("621700008800123456")),
    ("座机 0571-87654321", "87654321"),
    ("邮箱 planted.lover@example.com", "planted.lover"),
    ("我QQ 2847561930", "2847561930"),
    ("车牌浙A·7K3Q9", "7K3Q9"),
    ("快递寄到杭州市西湖区文三路478号华星大厦6栋1803", "文三路478号"),
    ("香港身份证 A123456(3)", "123456"),
    ("护照 E24681357", "24681357"),
]


def dialogues(n: int = 40) -> list[list[dict]]:
    rows = [json.loads(x) for x in SAMPLE.read_text(encoding="utf-8").splitlines()]
    return [[m for m in r["messages"] if m["role"] != "system"] for r in rows[:n]]


def planted(convs):
    """Put one plant into the user's first message of the first conversations."""
    out = [[dict(m) for m in c] for c in convs]
    for c, (typed, _) in zip(out, PLANTS):
        c[0]["content"] += "，" + typed
    return out


def qq_export(convs) -> str:
    lines, minute = ["消息记录（此消息记录为文本格式，不支持重新导入）", ""], 0
    for day, conv in enumerate(convs):
        for m in conv:
            who = "小红(654321)" if m["role"] == "user" else "阿杰(123456)"
            minute += 1
            lines += [
                f"2024-03-{day % 28 + 1:02d} {10 + minute // 60 % 12:02d}:{minute % 60:02d}:00 {who}",
                m["content"],
                "",
            ]
    return "\n".join(lines)


def whatsapp_export(convs) -> str:
    lines = []
    for day, conv in enumerate(convs):
        for k, m in enumerate(conv):
            who = "Anna" if m["role"] == "user" else "Ben"
            lines.append(f"[{day % 28 + 1:02d}/04/2024, 20:{k:02d}:00] {who}: {m['content']}")
    return "\n".join(lines) + "\n"


def telegram_export(convs) -> str:
    msgs, i = [], 0
    for day, conv in enumerate(convs):
        for k, m in enumerate(conv):
            i += 1
            msgs.append(
                {
                    "id": i,
                    "type": "message",
                    "date": f"2024-05-{day % 28 + 1:02d}T21:{k:02d}:00",
                    "from": "Lily" if m["role"] == "user" else "Max",
                    "text": m["content"],
                }
            )
    return json.dumps({"name": "Lily", "type": "personal_chat", "id": 7, "messages": msgs}, ensure_ascii=False)


EXPORTS = (
    ("qq.txt", qq_export, "阿杰"),
    ("WhatsApp Chat.txt", whatsapp_export, "Ben"),
    ("result.json", telegram_export, "Max"),
)


def everything(root: Path) -> bytes:
    """Every byte of every file under root (the SQLite database and its WAL included)."""
    return b"\n".join(p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file())


def leaks(root: Path) -> list[str]:
    blob = everything(root)
    return [secret for _, secret in PLANTS if secret.encode() in blob]


def test_sample_dialogues_come_through_unchanged_and_plants_are_hidden(tmp_path):
    convs = dialogues()
    for fname, make, me in EXPORTS:
        ws = Workspace.open(tmp_path / fname.replace(" ", "_"))
        src = ws.uploads / "batch" / fname
        src.parent.mkdir(parents=True)
        src.write_text(make(planted(convs)), encoding="utf-8")
        res = store.import_files(ws, [src], me=me)
        rows = [
            json.loads(x)
            for p in (res.dataset.train_path, res.dataset.val_path)
            for x in p.read_text(encoding="utf-8").splitlines()
        ]
        text = json.dumps(rows, ensure_ascii=False)
        assert res.dataset.card["scrub"]["total"] == len(PLANTS), (fname, res.dataset.card["scrub"]["counts"])
        # the sample's own words pass unchanged: every line of the dialogues is still there
        for conv in convs[len(PLANTS) :]:
            for m in conv:
                assert m["content"] in text
        assert leaks(ws.root) == [], fname
        assert not src.exists() and list(ws.uploads.iterdir()) == []


def test_cli_import_leaves_no_planted_value_in_the_workspace(tmp_path, capsys):
    ws_dir = tmp_path / "ws"
    outside = tmp_path / "chat.txt"
    outside.write_text(qq_export(planted(dialogues())), encoding="utf-8")
    assert qixi(["--workspace", str(ws_dir), "data", "import", str(outside), "--me", "阿杰", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert sum(out["hidden"]["counts"].values()) == len(PLANTS) and out["hidden"]["examples"]
    assert all("[" in e["text"] for e in out["hidden"]["examples"])
    assert leaks(ws_dir) == []
    assert not any(secret in json.dumps(out, ensure_ascii=False) for _, secret in PLANTS)
    # asked to keep the originals: exactly there, and said so
    assert (
        qixi(["--workspace", str(ws_dir), "data", "import", str(outside), "--me", "阿杰", "--keep-original", "--json"])
        == 0
    )
    kept = json.loads(capsys.readouterr().out)
    folder = ws_dir / kept["card"]["original"]["folder"]
    assert leaks(folder) == [s for _, s in PLANTS]
    assert kept["card"]["original"]["folder"] in kept["text"]
    for p in folder.iterdir():
        p.unlink()
    folder.rmdir()
    assert leaks(ws_dir) == []


def test_log_lines_are_scrubbed(tmp_path):
    path = tmp_path / "ui.log"
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(ScrubbingFormatter("%(levelname)s %(message)s"))
    log = logging.getLogger("qixi.test-privacy")
    log.addHandler(handler)
    try:
        try:
            raise ValueError(f"cannot parse line: {PLANTS[0][0]} / {PLANTS[1][0]}")
        except ValueError:
            log.exception("handler failed")
    finally:
        log.removeHandler(handler)
        handler.close()
    text = path.read_text(encoding="utf-8")
    assert "ValueError: cannot parse line: 我手机 [PHONE] / 身份证 [ID]" in text and "Traceback" in text
    assert Scrubber().find(text) == []


def test_error_messages_quote_no_personal_data(ws):
    """A column chosen wrongly as the label holds chat text: the sentence names the line, not the number."""
    src = ws.uploads / "kto.csv"
    src.write_text("prompt,response,label\n在吗,在呢,我电话 13987654321 到了打我\n", encoding="utf-8")
    with pytest.raises(UserError) as ei:
        store.import_files(
            ws, [src], kind="kto", mapping=ColumnMapping(prompt="prompt", response="response", label="label")
        )
    text = ei.value.msg.zh + ei.value.msg.en
    assert "kto.csv" in text and "label" in text and "13987654321" not in text and "[PHONE]" in text


def test_uploads_nobody_imported_are_swept_after_a_day(ws):
    old, new = ws.uploads / "a1" / "chat.txt", ws.tmp / "gradio" / "b2" / "chat.txt"
    fresh = ws.uploads / "c3" / "today.txt"
    for p in (old, new, fresh):
        p.parent.mkdir(parents=True)
        p.write_text(PLANTS[0][0], encoding="utf-8")
    day_ago = time.time() - 90000
    for p in (old, new):
        os.utime(p, (day_ago, day_ago))
    assert store.sweep_uploads(ws) == 2
    assert not old.exists() and not old.parent.exists() and not new.exists() and fresh.exists()


def test_a_failed_import_keeps_no_staged_copy_and_leaves_the_persons_file_alone(ws, tmp_path):
    own = tmp_path / "mine" / "qq.txt"
    own.parent.mkdir()
    own.write_text(
        "2024-05-01 20:13:05 小红(654321)\n" + PLANTS[0][0] + "\n\n2024-05-01 20:14:00 阿杰(123456)\n好\n",
        encoding="utf-8",
    )
    before = own.read_bytes()
    staged = store.stage_upload(ws, own)
    with pytest.raises(UserError) as ei:  # a chat export needs "me": the import stops
        store.import_files(ws, [staged])
    assert not staged.exists() and not any(p.is_file() for p in ws.uploads.rglob("*"))
    assert own.read_bytes() == before
    assert "重新选择你的文件" in ei.value.msg.zh and "choose your file again" in ei.value.msg.en
    assert store.import_files(ws, [store.stage_upload(ws, own)], me="阿杰").dataset.card["counts"]["kept"] == 1


def test_the_periodic_refresh_sweeps_old_uploads(ws, monkeypatch):
    """The pulse every open page asks for every 2 s (studio/ui/server.py) sweeps, at most every few minutes."""
    import gradio as gr
    from starlette.testclient import TestClient

    from studio.ui import server

    def plant(name):
        p = ws.uploads / name / "chat.txt"
        p.parent.mkdir(parents=True)
        p.write_text(PLANTS[0][0], encoding="utf-8")
        os.utime(p, (time.time() - 90000,) * 2)
        return p

    first = plant("a1")
    with gr.Blocks() as demo:
        gr.Markdown("x")
    client = TestClient(server.create_app(demo, {}, ws=ws), base_url="http://127.0.0.1", client=("127.0.0.1", 50000))
    r = client.get("/qixi/pulse")
    assert r.status_code == 200 and r.json()["v"]  # the pulse still says what it says
    assert not first.exists()
    second = plant("b2")
    client.get("/qixi/pulse")
    assert second.exists()  # not on every 2 s beat
    monkeypatch.setattr(store, "_last_sweep", {})  # ... but again once the interval has passed
    client.get("/qixi/pulse")
    assert not second.exists()


def test_eval_pairs_from_a_file_scrubs_as_import_does(ws, tmp_path, monkeypatch):
    from studio.cli import eval_cmd

    here = tmp_path / "here"
    here.mkdir()
    (here / "pairs.jsonl").write_text(
        json.dumps({"prompt": "在吗", "chosen": "在呢，" + PLANTS[0][0], "rejected": "嗯"}, ensure_ascii=False) + "\n",
        encoding="utf-8",
    )
    monkeypatch.chdir(here)
    rows, source = eval_cmd.pairs_rows(ws, "pairs.jsonl")
    text = json.dumps(rows, ensure_ascii=False)
    assert source == "pairs.jsonl" and len(rows) == 1
    assert PLANTS[0][1] not in text and "[PHONE]" in text


def test_the_import_logs_no_row_text_and_names_to_hide_stay_out_of_the_log(ws, tmp_path):
    """Every log record made while importing (root logger, all levels) is captured: none quotes a row. Then a
    bug's traceback that quotes a row after an import with --scrub-name hides that name in the log file too."""
    records = []

    class Keep(logging.Handler):
        def emit(self, record):
            records.append(self.format(record))

    keep, root = Keep(level=logging.DEBUG), logging.getLogger()
    old_level = root.level
    root.addHandler(keep)
    root.setLevel(logging.DEBUG)
    try:
        chat = ws.uploads / "qq.txt"
        chat.write_text(
            "2024-05-01 20:13:05 小红(654321)\n周晚晴说" + PLANTS[0][0] + "\n\n2024-05-01 20:14:00 阿杰(123456)\n好\n",
            encoding="utf-8",
        )
        with pytest.raises(UserError):
            store.import_files(ws, [chat], scrub=ScrubOptions(names=("周晚晴",)))
        chat.write_text(
            "2024-05-01 20:13:05 小红(654321)\n周晚晴说" + PLANTS[0][0] + "\n\n2024-05-01 20:14:00 阿杰(123456)\n好\n",
            encoding="utf-8",
        )
        store.import_files(ws, [chat], me="阿杰", scrub=ScrubOptions(names=("周晚晴",)))
    finally:
        root.removeHandler(keep)
        root.setLevel(old_level)
    assert not [r for r in records if "周晚晴" in r or PLANTS[0][1] in r]

    path = tmp_path / "ui.log"
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(ScrubbingFormatter("%(levelname)s %(message)s"))
    log = logging.getLogger("qixi.test-names")
    log.addHandler(handler)
    try:
        try:
            raise ValueError("cannot parse line: 周晚晴说她到了")
        except ValueError:
            log.exception("handler failed")
    finally:
        log.removeHandler(handler)
        handler.close()
    text = path.read_text(encoding="utf-8")
    assert "cannot parse line:" in text and "周晚晴" not in text
