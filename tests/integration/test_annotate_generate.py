"""Replies written by real models as annotation items, end to end on the pocket model (CPU): a quick
SFT run, then the Annotate tab's "generate replies with models" (base vs the SFT adapter, N=2) through
gradio_client against a real `python app.py`; the project fills when the job is done, the card never
names a model, the labels export; and the same through `qixi annotate generate --wait --json`."""

from __future__ import annotations

import html
import json
import subprocess
import sys
import time
from collections import Counter
from contextlib import closing
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

from studio.annotate import candidates as C
from studio.annotate import projects as A
from studio.core import db
from studio.core.workspace import atomic_write_jsonl
from studio.data import store
from studio.jobs.store import Jobs
from studio.training import presets as P
from studio.training import train as T

pytestmark = pytest.mark.integration
ROOT = Path(__file__).resolve().parents[2]
PROMPTS = ["今天加班到十点，好累。", "我考试过了！", "下雨了，没带伞。", "我有点想家。"]


def test_models_write_the_replies_the_partners_judge(pocket_ws, studio_server):
    ws, _, _ = pocket_ws
    t0 = time.monotonic()
    src = ws.tmp / "prompts.jsonl"
    atomic_write_jsonl(
        src, [{"messages": [{"role": "user", "content": u}, {"role": "assistant", "content": "嗯"}]} for u in PROMPTS]
    )
    ds = store.import_files(ws, [src], name="四句话", kind="sft", scrub=False).id
    changes = {
        "model": "pocket-tiny",
        "dataset": ds,
        "max_steps": 2,
        "save_steps": 2,
        "eval_steps": 100,
        "batch_size": 2,
    }
    sft = T.start(ws, P.resolve("cpu-pocket", changes, "sft"), preset="cpu-pocket", gpus=[])
    assert T.wait_result(ws, sft.run.id, timeout=600)["status"] == "succeeded"
    run_id = sft.run.id
    t_sft = time.monotonic() - t0

    server = studio_server(ws.root)
    client = server.client()
    view = client.predict("en", None, api_name="/annotate_refresh")
    offered = [v for _, v in view[-3]["choices"]]  # the models dropdown (the archived projects come last)
    assert "pocket-tiny" in offered and run_id in offered

    # Bad input first: a sentence, nothing made.
    with pytest.raises(Exception, match="Choose 1 to 3 models"):
        client.predict("en", ds, "gen", [], 2, 1.0, 32, api_name="/annotate_generate")

    t1 = time.monotonic()
    made = client.predict("en", ds, "gen", ["pocket-tiny", run_id], 2, 1.0, 32, api_name="/annotate_generate")
    assert made[0]["value"] == "gen" and "0 items to label" in made[1]
    seen = [made[-5]]  # the progress box
    while not any(mark in seen[-1] for mark in ("✅", "⚠️", "❌")):
        assert time.monotonic() - t1 < 300, seen[-3:]
        time.sleep(1)
        out = client.predict("en", "gen", api_name="/annotate_generate_progress")
        seen.append(out[0])
    t_gen = time.monotonic() - t1
    assert "⏳" in seen[0] and "✅" in seen[-1], seen[-1]
    assert "pairs to compare" in seen[-1] and "items to label" in out[-1]

    # The items: every (base, SFT) pair of k-th replies that are different and not empty, nothing else.
    with closing(db.connect(ws.db_path)) as con:
        project = A.get_project(con, "gen")
        items = A.list_items(con, project)
    job = Jobs(ws).get(project.source.removeprefix(C.SOURCE_PREFIX))
    assert job.kind == "generate" and job.status == "succeeded"
    assert len(job.meta["swift_argv"]) == 2 and "studio.engine.swift exec infer" in job.meta["swift_argv"][0]
    written = [json.loads(x) for x in (job.run_dir / C.CANDIDATES).read_text("utf-8").splitlines()]
    assert Counter((w["model"], w["prompt"]) for w in written) == {
        (m, k): 2 for m in ("pocket-tiny", run_id) for k in range(4)
    }
    by = {(w["model"], w["prompt"], w["sample"]): w["reply"] for w in written}
    expected = Counter()
    for k in range(4):
        for j in range(2):
            a, b = by[("pocket-tiny", k, j)], by[(run_id, k, j)]
            if a.strip() and b.strip() and a.strip() != b.strip():
                expected[(PROMPTS[k], frozenset((("model:pocket-tiny", a), (f"model:{run_id}", b))))] += 1
    got = Counter(
        (it.prompt[-1]["content"], frozenset(((it.source_a, it.reply_a), (it.source_b, it.reply_b)))) for it in items
    )
    assert items and got == expected
    assert all(it.prompt == [{"role": "user", "content": it.prompt[-1]["content"]}] for it in items)
    assert all(it.meta["job"] == job.id and it.meta["temperature"] == 1.0 for it in items)

    # A partner labels every card through the page's API; no card names a model.
    url = client.predict("en", "gen", "Mia", api_name="/annotate_add_annotator")[4]["Mia"]["url"]
    token = parse_qs(urlparse(url).query)["annotator"][0]
    secret = ("pocket", "Pocket", "口袋", run_id, run_id.rsplit("-", 1)[-1], "model:", "sft")
    out = client.predict("en", token, api_name="/annotate_open")
    cards = 0
    while out[-1]["item"] is not None:
        shown = json.dumps(out, ensure_ascii=False)
        assert not [s for s in secret if s in shown], shown
        out = client.predict(
            "en", token, str(out[-1]["item"]), "left" if cards % 2 else "right", "", "", api_name="/annotate_confirm"
        )
        cards += 1
    assert cards == len(items) and out[-1]["labelled"] == len(items)

    msg, _ = client.predict("en", "gen", "pairs", "drop", "drop", "gen pairs", api_name="/annotate_export")
    assert f"Used {len(items)} labelled items" in msg
    exported = next(d for d in store.list_datasets(ws) if d.card.get("source") == "annotate:gen")
    rows = [json.loads(x) for x in exported.train_path.read_text("utf-8").splitlines()]
    if exported.val_path.is_file():
        rows += [json.loads(x) for x in exported.val_path.read_text("utf-8").splitlines()]
    assert len(rows) == len({(r["messages"][-1]["content"], r["rejected_response"]) for r in rows}) <= len(items)
    assert {r["messages"][0]["content"] for r in rows} <= set(PROMPTS)

    # The same through the command line, one model: its two replies per prompt against each other.
    t2 = time.monotonic()
    cli = subprocess.run(
        [
            sys.executable,
            "-m",
            "studio.cli",
            "--workspace",
            str(ws.root),
            "--lang",
            "en",
            "annotate",
            "generate",
            "--name",
            "cli",
            "--dataset",
            ds,
            "--model",
            "pocket-tiny",
            "--n",
            "2",
            "--temperature",
            "1.0",
            "--max-new-tokens",
            "32",
            "--wait",
            "--json",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    t_cli = time.monotonic() - t2
    assert cli.returncode == 0, cli.stdout[-2000:] + cli.stderr[-2000:]
    res = json.loads(cli.stdout)
    with closing(db.connect(ws.db_path)) as con:
        cli_items = A.list_items(con, "cli")
    assert res["status"] == "succeeded" and res["items"] == len(cli_items) and res["ok"] is True
    assert all(it.source_a == it.source_b == "model:pocket-tiny" and it.reply_a != it.reply_b for it in cli_items)

    # A model that cannot load: the job fails, the project stays empty, the desk says so in a sentence.
    broken = ws.models / "broken"
    broken.mkdir()
    (broken / "model.json").write_text(
        json.dumps({"id": "broken", "kind": "base", "name": "broken", "model_type": "qwen2", "template": "qwen"}),
        "utf-8",
    )
    (broken / "config.json").write_text("{not json", "utf-8")
    t3 = time.monotonic()
    project, job = C.submit(ws, C.GenerateSettings("bad", ds, ["broken", "pocket-tiny"], n=2, max_new_tokens=16))
    job = Jobs(ws).wait(job.id, timeout=300)
    assert job.status == "failed" and job.exit_code != 0 and job.reason is not None
    box = client.predict("en", "bad", api_name="/annotate_generate_progress")[0]
    assert "❌ Writing the replies did not finish (failed)" in box and html.escape(job.reason.en) in box  # HTML
    with closing(db.connect(ws.db_path)) as con:
        assert A.list_items(con, "bad") == []
    print(
        f"\nSFT {t_sft:.0f}s, generate via the tab {t_gen:.0f}s ({len(items)} items), "
        f"via the CLI {t_cli:.0f}s ({len(cli_items)} items), a broken model {time.monotonic() - t3:.0f}s; total {time.monotonic() - t0:.0f}s (2 shared cores)"
    )
