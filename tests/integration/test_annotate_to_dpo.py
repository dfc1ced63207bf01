"""Labels -> exported pairs -> a real DPO run on the pocket model, through studio.training.train.start (the call
behind the Train tab's Start button), with the export used exactly as written."""

from __future__ import annotations

import json
import time
from contextlib import closing

import pytest
import yaml

from studio.annotate import projects as A
from studio.core import db
from studio.engine import swift
from studio.engine.metrics import read_jsonl
from studio.training import presets as P
from studio.training import train as T

pytestmark = pytest.mark.integration
LABELLED = 24


def test_exported_pairs_train_a_dpo_run_through_the_train_tab_code(pocket_ws):
    ws, _, pairs = pocket_ws
    with closing(db.connect(ws.db_path)) as con:
        p = A.create_project_from_dataset(con, ws, pairs.id, "first round")
        mia, _ = A.add_annotator(con, p, "Mia")
        leo, _ = A.add_annotator(con, p, "Leo")
        items = A.list_items(con, p)[:LABELLED]
        for k, it in enumerate(items):
            # Mostly agreeing on the dataset's chosen reply; some b, a tie, a disagreement, a better reply.
            x = y = "b" if k % 5 == 4 else "a"
            if k == 3:
                x = y = "tie"
            if k == 7:
                x, y = "a", "b"
            better = "辛苦了，抱抱你，我给你煮了粥。" if k == 10 else None
            A.label(con, p, mia, it.id, x, better_reply=better)
            A.label(con, p, leo, it.id, y)
        exp = A.export(con, ws, p, kind="pairs", policy="drop")
    c = exp.counts
    # 24 labelled; the disagreement and the tie (no better reply) are left out; item 10 gives its
    # written reply as chosen instead of the original one.
    assert (c["items_labelled"], c["dropped_disagreement"], c["dropped_tie"], c["items_used"]) == (24, 1, 1, 22)
    train_rows = [json.loads(x) for x in (exp.path / "train.jsonl").read_text("utf-8").splitlines()]
    val_rows = [json.loads(x) for x in (exp.path / "val.jsonl").read_text("utf-8").splitlines()]
    assert len(train_rows) + len(val_rows) == c["rows"] == 22
    assert any(r["messages"][-1]["content"] == "辛苦了，抱抱你，我给你煮了粥。" for r in train_rows + val_rows)
    before = (exp.path / "train.jsonl").read_bytes()

    t0 = time.monotonic()
    changes = {
        "model": "pocket-tiny",
        "dataset": exp.dataset_id,
        "max_steps": 3,
        "save_steps": 3,
        "eval_steps": 100,
        "batch_size": 2,
    }
    launch = T.start(ws, P.resolve("cpu-pocket", changes, "dpo"), preset="cpu-pocket", changes=changes, gpus=[])
    result = T.wait_result(ws, launch.run.id, timeout=600)
    print(f"\nDPO on the exported pairs: {time.monotonic() - t0:.1f}s (2 shared cores)")
    log = launch.job.log_path.read_text()
    assert result["ok"] is True and result["status"] == "succeeded", log[-4000:]
    assert result["method"] == "dpo" and result["step"] == 3 and result["checkpoints"] == ["checkpoint-3"]

    # ms-swift read the export's own files, unchanged.
    cfg = yaml.safe_load((launch.run.path / swift.CONFIG).read_text())
    assert cfg["dataset"] == [str(exp.path / "train.jsonl")] and cfg["rlhf_type"] == "dpo"
    assert (exp.path / "train.jsonl").read_bytes() == before
    rows = [r for r in read_jsonl(swift.logging_jsonl(launch.run.path)) if "loss" in r]
    assert len(rows) == 3 and all(r["loss"] > 0 for r in rows)
    assert {"rewards/chosen", "rewards/rejected", "rewards/margins", "rewards/accuracies"} <= set(rows[-1])
    assert rows[0]["rewards/chosen"] == 0.0 and any(r["rewards/margins"] != 0.0 for r in rows[1:])
