"""Merge, deploy and chat for real on CPU: a tiny Qwen2 model, a 2-step LoRA SFT run and a 2-step DPO run
continuing from it (ms-swift, as background jobs), then `swift export --merge_lora`, `swift deploy` with two
adapters talked to through the real `openai` client, and `qixi chat` through a short-lived server.

Set QIXI_POCKET_DIR to a built pocket model folder (models/pocket-tiny) to run on it instead of the
random tiny model this file builds in a few seconds.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from support import random_pocket

from studio.chat import deployments
from studio.core.workspace import Workspace
from studio.data import store
from studio.engine import process, swift
from studio.jobs.store import Jobs, new_id
from studio.models import registry as models

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "assets" / "sample"
pytestmark = pytest.mark.integration


def build_model(ws: Workspace) -> Path:
    return random_pocket(ws.models / "pocket-tiny", {"zh": "测试小模型", "en": "tiny test model"})


def import_sample(ws: Workspace, name: str, kind: str, rows: int = 8) -> store.Dataset:
    src = ws.uploads / f"{name}.jsonl"
    lines = (SAMPLE / f"{kind}.jsonl").read_text(encoding="utf-8").splitlines()[:rows]
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return store.import_files(ws, [src], name=name, kind=kind, scrub=False).dataset


def train(ws: Workspace, jobs: Jobs, kind: str, method: str, base: Path, data: Path, adapters=()):
    job_id = new_id(kind)
    spec = swift.TrainSpec(
        model=str(base),
        model_type="qwen2",
        template="qwen",
        dataset=[str(data)],
        run_dir=ws.runs / job_id,
        method=method,
        adapters=list(adapters),
        max_steps=2,
        save_steps=1,
        max_length=128,
        torch_dtype="float32",
        learning_rate=5e-3,
        extra={"check_model": False, "fp16": False, "bf16": False, "split_dataset_ratio": 0, "disable_tqdm": True},
    )
    job = jobs.submit(
        kind,
        swift.write_train(spec),
        run_dir=spec.run_dir,
        title=f"{method} test run",
        env=dict(swift.OFFLINE_ENV),
        job_id=job_id,
    )
    done = jobs.wait(job.id, timeout=600)
    assert done.status == "succeeded", done.log_path.read_text()[-3000:]
    return done


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    ws = Workspace.open(tmp_path_factory.mktemp("export") / "ws")
    jobs = Jobs(ws)
    t0 = time.monotonic()
    base = build_model(ws)
    sft_data = import_sample(ws, "couple sft", "sft")
    pairs_data = import_sample(ws, "couple pairs", "pairs")
    t1 = time.monotonic()
    sft = train(ws, jobs, "sft", "sft", base, sft_data.train_path)
    t2 = time.monotonic()
    last_sft = swift.checkpoints(sft.run_dir)[-1]
    dpo = train(ws, jobs, "align", "dpo", base, pairs_data.train_path, adapters=[str(last_sft)])
    t3 = time.monotonic()
    print(f"\nfixture: model {t1 - t0:.1f}s, sft {t2 - t1:.1f}s, dpo {t3 - t2:.1f}s")
    return {"ws": ws, "jobs": jobs, "base": base, "sft": sft, "dpo": dpo, "pairs": pairs_data}


def test_registry_lists_base_and_both_runs_with_every_checkpoint(trained):
    ws = trained["ws"]
    entries = {e.id: e for e in models.list_models(ws)}
    base = entries["pocket-tiny"]
    dpo = entries[trained["dpo"].id]
    assert base.kind == "base" and dpo.kind == "align" and dpo.method == "dpo" and dpo.tuner == "lora"
    assert [c.step for c in dpo.checkpoints] == [1, 2] and all(c.adapter for c in dpo.checkpoints)
    assert dpo.checkpoints[0].loss is not None
    assert {e.id for e in models.adapters_for(list(entries.values()), base)} == {trained["sft"].id, dpo.id}


def test_merge_an_earlier_dpo_checkpoint(trained, tmp_path):
    ws, dpo = trained["ws"], trained["dpo"]
    t0 = time.monotonic()
    job = models.submit_merge(ws, f"{dpo.id}@1", name="couple-dpo-merged")
    done = Jobs(ws).wait(job.id, timeout=300)
    print(f"\nmerge job: {time.monotonic() - t0:.1f}s")
    assert done.status == "succeeded", done.log_path.read_text()[-3000:]
    # The shown command is the job's exact argv; the ms-swift call it makes is in the job folder.
    cfg = (done.run_dir / "config.yaml").read_text()
    assert "merge_lora: true" in cfg and "checkpoint-1" in cfg and "checkpoint-2" not in cfg
    dest = Path(done.meta["dest"])
    assert dest.parent == ws.models and dest.name == "couple-dpo-merged"
    assert not [p for p in ws.models.iterdir() if p.name.startswith(".")]  # no staging left behind
    card = json.loads((dest / "model.json").read_text(encoding="utf-8"))
    assert card["kind"] == "merged" and card["base"]["id"] == "pocket-tiny"
    assert card["source"] == card["source"] | {"run": dpo.id, "checkpoint": 1, "method": "dpo", "tuner": "lora"}
    assert [d["name"] for d in card["data"]] == ["couple pairs"]
    assert card["settings"]["rlhf_type"] == "dpo" and "last_loss" in card["metrics"]
    assert (
        card["size_bytes"]
        == models.folder_size(dest) - (dest / "model.json").stat().st_size - (dest / "README.md").stat().st_size
    )
    assert card["source_size_bytes"] > card["size_bytes"] * 0.9
    assert "DPO" in (dest / "README.md").read_text(encoding="utf-8")
    # The LoRA really went into the weights.
    from safetensors.numpy import load_file

    merged, base = load_file(dest / "model.safetensors"), load_file(trained["base"] / "model.safetensors")
    changed = [k for k in base if "proj" in k and not (merged[k] == base[k]).all()]
    assert changed, "merged weights equal the base weights"
    entry = models.get_model(ws, "couple-dpo-merged")
    assert entry.kind == "merged" and entry.weights()[1] is None
    trained["merged"] = entry


def _port_open(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex(("127.0.0.1", port)) == 0


def test_deploy_with_two_adapters_and_the_openai_client(trained):
    from openai import OpenAI

    ws = trained["ws"]
    t0 = time.monotonic()
    # Guard off: this test is about ms-swift's server; through the gateway's pass-through its stream still
    # arrives token by token (the guarded stream is tested in test_gateway_deploy.py).
    dep = deployments.start(ws, deployments.DeployRequest(model="pocket-tiny", max_new_tokens=24, guard=False))
    assert dep.job.gpu and dep.job.kind == "deploy"
    dep = deployments.wait_ready(ws, dep, timeout=300)
    print(f"\ndeploy ready after {time.monotonic() - t0:.1f}s on port {dep.actual_port}")
    try:
        sft_name = deployments.adapter_name(models.get_model(ws, trained["sft"].id))
        dpo_name = deployments.adapter_name(models.get_model(ws, trained["dpo"].id))
        assert dep.models[0] == "pocket-tiny" and sorted(dep.models[1:]) == sorted([sft_name, dpo_name])
        health = deployments.health(dep)
        assert health.ok and health.models == dep.models

        client = OpenAI(base_url=dep.base_url, api_key="EMPTY", timeout=120)
        assert [m.id for m in client.models.list().data] == dep.models
        msgs = [{"role": "system", "content": "你是小七。"}, {"role": "user", "content": "今天好累呀"}]
        t1 = time.monotonic()
        r = client.chat.completions.create(model=dpo_name, messages=msgs, max_tokens=16, temperature=0.7)
        assert r.choices[0].message.role == "assistant" and r.usage.completion_tokens > 0
        assert isinstance(r.choices[0].message.content, str)
        pieces = [
            c.choices[0].delta.content
            for c in client.chat.completions.create(model=sft_name, messages=msgs, max_tokens=16, stream=True)
            if c.choices and c.choices[0].delta.content
        ]
        assert len(pieces) >= 2  # streamed token by token, not in one block
        print(f"two completions: {time.monotonic() - t1:.1f}s")

        status = _qixi(ws, "deploy", "status")
        assert status["state"] == "ready" and status["models"] == dep.models
        assert (
            "chat/completions" in deployments.examples(dep)["curl"]
            and dep.base_url in deployments.examples(dep)["python"]
        )
    finally:
        stopped = deployments.stop(ws, dep.id)
    assert stopped.job.status == "stopped"
    assert not _port_open(dep.actual_port)
    assert process.group_members(dep.job.pid) == []
    assert deployments.current(ws) is None


def _qixi(ws: Workspace, *args: str, timeout: float = 300) -> dict:
    out = subprocess.run(
        [sys.executable, "-m", "studio.cli", "--workspace", str(ws.root), *args, "--json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, **swift.OFFLINE_ENV, "QIXI_LANG": "en"},
    )
    assert out.returncode == 0, out.stdout[-2000:] + out.stderr[-3000:]
    return json.loads(out.stdout)


def test_qixi_chat_with_the_merged_model_through_a_short_lived_server(trained):
    ws = trained["ws"]
    if "merged" not in trained:
        pytest.skip("needs the merged model from test_merge_an_earlier_dpo_checkpoint")
    t0 = time.monotonic()
    out = _qixi(ws, "chat", "--model", "couple-dpo-merged", "--max-tokens", "12", "晚安")
    print(f"\nqixi chat (start server, reply, stop): {time.monotonic() - t0:.1f}s")
    assert out["temporary_server"] is True and out["model"] == "couple-dpo-merged"
    assert out["guard"] is None or out["guard"]["action"] in ("regenerated", "replace")
    deploys = Jobs(ws).list(kinds=("deploy",))
    assert deploys[0].status == "stopped" and deployments.current(ws) is None
    # A crisis message never reaches a model: no server is started for it.
    crisis = _qixi(ws, "chat", "--model", "couple-dpo-merged", "我不想活了")
    assert crisis["guard"]["action"] == "crisis" and "12356" in crisis["reply"]
    assert crisis["temporary_server"] is False and len(Jobs(ws).list(kinds=("deploy",))) == len(deploys)


def test_cli_merge_json_and_refusals(trained):
    ws, sft = trained["ws"], trained["sft"]
    out = _qixi(ws, "export", "merge", "--run", sft.id, "--checkpoint", "2", "--out", "exports/sft-merged", "--wait")
    assert out["status"] == "succeeded" and out["meta"]["dest"].endswith("exports/sft-merged")
    assert out["meta"]["size_bytes"] > 0
    listed = _qixi(ws, "models", "list")
    assert "exports/sft-merged" in {m["id"] for m in listed["models"]}
    bad = subprocess.run(
        [
            sys.executable,
            "-m",
            "studio.cli",
            "--workspace",
            str(ws.root),
            "export",
            "quantize",
            "--model",
            "pocket-tiny",
            "--method",
            "bnb",
            "--bits",
            "4",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "QIXI_LANG": "en", "CUDA_VISIBLE_DEVICES": ""},
    )
    assert bad.returncode == 1 and "needs an NVIDIA GPU" in bad.stderr and "Traceback" not in bad.stderr
