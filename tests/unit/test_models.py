"""The model registry, export planning and the export job itself (a copy: no ms-swift needed)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from support import fake_safetensors

from studio.core.i18n import UserError
from studio.core.workspace import atomic_write_json
from studio.engine import export as engine
from studio.jobs.store import Jobs, new_id
from studio.models import registry as models


def make_base(ws, name="pocket-tiny", size=1000) -> Path:
    d = ws.models / name
    d.mkdir(parents=True)
    fake_safetensors(d / "model.safetensors", size)
    (d / "config.json").write_text("{}")
    atomic_write_json(
        d / "model.json",
        {
            "id": name,
            "kind": "base",
            "model_type": "qwen2",
            "template": "qwen",
            "name": {"zh": "口袋模型", "en": "Pocket model"},
        },
    )
    return d


def make_dataset(ws, ds_id="ds-1", name="our chats") -> Path:
    d = ws.datasets / ds_id
    d.mkdir(parents=True)
    (d / "train.jsonl").write_text('{"messages": []}\n')
    atomic_write_json(d / "card.json", {"id": ds_id, "name": name, "kind": "pairs", "counts": {"train": 12}})
    return d / "train.jsonl"


def make_run(ws, base: Path, kind="align", method="dpo", steps=(1, 2), torn=(), data=None, full=False):
    jobs = Jobs(ws)
    job_id = new_id(kind)
    run = ws.runs / job_id
    out = run / "output"
    cfg = {
        "model": str(base),
        "model_type": "qwen2",
        "template": "qwen",
        "tuner_type": "full" if full else "lora",
        "dataset": [str(data)] if data else [],
        "learning_rate": 5e-5,
        "lora_rank": 8,
        "max_length": 512,
    }
    if method != "sft":
        cfg.update({"rlhf_type": method, "beta": 0.1})
    run.mkdir(parents=True)
    (run / "config.yaml").write_text(yaml.safe_dump(cfg))
    for step in (*steps, *torn):
        c = out / f"checkpoint-{step}"
        c.mkdir(parents=True)
        fake_safetensors(c / ("model.safetensors" if full else "adapter_model.safetensors"), 100 * step)
        if not full:
            (c / "adapter_config.json").write_text("{}")
        (c / "optimizer.pt").write_bytes(b"\2" * 5000)
        if step not in torn:
            (c / "trainer_state.json").write_text("{}")
    rows = [{"loss": 2.0 - s / 10, "global_step/max_steps": f"{s}/{max(steps)}"} for s in range(1, max(steps) + 1)]
    rows.append({"train_runtime": 12.5, "train_loss": 1.85})
    (out / "logging.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    job = jobs.submit(kind, ["true"], run_dir=run, title=f"{method} run", start=False, job_id=job_id)
    return job


def test_registry_lists_models_runs_and_only_complete_checkpoints(ws):
    base = make_base(ws)
    job = make_run(ws, base, steps=(1, 2), torn=(3,))
    (ws.models / ".half-written.part-x").mkdir()  # a staging folder is never listed
    entries = {e.id: e for e in models.list_models(ws)}
    assert set(entries) == {"pocket-tiny", job.id}
    run = entries[job.id]
    assert (run.kind, run.method, run.tuner, run.status) == ("align", "dpo", "lora", "queued")
    assert [c.step for c in run.checkpoints] == [1, 2]
    assert run.checkpoints[0].loss == pytest.approx(1.9) and run.checkpoints[1].loss == pytest.approx(1.8)
    assert run.checkpoints[1].size_bytes == 200 + 2  # no optimizer or trainer state counted
    assert run.is_adapter and run.base_path == str(base)
    assert models.adapters_for(list(entries.values()), entries["pocket-tiny"]) == [run]
    base_w, adapter = run.weights(1)
    assert base_w.model == str(base) and adapter.name == "checkpoint-1"
    assert models.get_model(ws, f"{job.id}@1").id == job.id
    assert models.parse_ref(f"{job.id}@checkpoint-7") == (job.id, 7)
    with pytest.raises(UserError) as e:
        run.checkpoint(5)
    assert "1, 2" in e.value.text("en")


def test_a_resumed_train_tab_run_is_one_entry_with_its_latest_attempt(ws):
    base = make_base(ws)
    first = make_run(ws, base)
    jobs = Jobs(ws)
    jobs.finish(first.id, "interrupted", None)
    resumed = jobs.submit("align", ["true"], run_dir=first.run_dir, start=False)
    atomic_write_json(
        first.run_dir / "train.json",
        {"settings": {"method": "dpo", "name": "温柔 DPO"}, "jobs": [first.id, resumed.id], "created": 5.0},
    )
    [run] = [e for e in models.list_models(ws) if e.is_run]
    assert (run.id, run.name, run.status) == (first.id, "温柔 DPO", "queued")


def test_a_full_fine_tune_checkpoint_is_a_model_of_its_own(ws):
    base = make_base(ws)
    job = make_run(ws, base, kind="sft", method="sft", full=True, steps=(4,))
    run = models.get_model(ws, job.id)
    assert not run.is_adapter
    b, adapter = run.weights()
    assert adapter is None and b.model.endswith("checkpoint-4")
    with pytest.raises(UserError) as e:
        models.submit_merge(ws, job.id, start=False)
    assert "nothing to merge" in e.value.text("en")


def test_get_model_names_what_exists(ws):
    make_base(ws)
    with pytest.raises(UserError) as e:
        models.get_model(ws, "nope")
    assert "nope" in e.value.text("en") and "pocket-tiny" in e.value.text("en")


def test_merge_plan_writes_swift_flags_for_the_chosen_checkpoint(ws):
    base = make_base(ws)
    data = make_dataset(ws)
    job = make_run(ws, base, data=data)
    merge = models.submit_merge(ws, job.id, step=1, start=False)
    assert merge.kind == "merge" and merge.status == "queued" and merge.gpu
    cfg = yaml.safe_load((merge.run_dir / "config.yaml").read_text())
    assert cfg["merge_lora"] is True and cfg["model"] == str(base)
    assert cfg["adapters"] == [str(ws.runs / job.id / "output" / "checkpoint-1")]
    dest = Path(merge.meta["dest"])
    assert dest.parent == ws.models and not dest.exists()
    assert cfg["output_dir"] == str(dest.parent / f".{dest.name}.part-{merge.id}")
    assert merge.argv[-3:] == ["studio.jobs.body", "merge", str(merge.run_dir)]
    assert merge.meta["swift_argv"][-4:] == [
        "studio.engine.swift",
        "exec",
        "export",
        str(merge.run_dir / "config.yaml"),
    ]
    plan = json.loads((merge.run_dir / "export.json").read_text())
    card = plan["card"]
    assert card["source"]["checkpoint"] == 1 and card["source"]["method"] == "dpo"
    assert card["base"]["id"] == "pocket-tiny"
    assert card["data"][0]["name"] == "our chats" and card["data"][0]["counts"] == {"train": 12}
    assert card["settings"]["beta"] == 0.1 and card["metrics"]["train_loss"] == 1.85
    assert card["metrics"]["checkpoint_loss"] == pytest.approx(1.9)
    assert plan["source_size_bytes"] == models.folder_size(base) + 100 + 2  # base + adapter, no optimizer


@pytest.mark.parametrize(
    "dest, words",
    [
        ("../elsewhere", "outside the workspace"),
        ("/etc/qixi", "outside the workspace"),
        ("runs/x", "workspace's own folders"),
        ("models", "workspace's own folders"),
        ("models/pocket-tiny", "already exists"),
    ],
)
def test_export_folder_must_be_new_and_inside_the_workspace(ws, dest, words):
    base = make_base(ws)
    job = make_run(ws, base)
    with pytest.raises(UserError) as e:
        models.submit_merge(ws, job.id, dest=dest, start=False)
    assert words in e.value.text("en")


def test_default_export_folders_never_clash(ws):
    base = make_base(ws)
    job = make_run(ws, base)
    a = models.submit_merge(ws, job.id, name="merged", start=False)
    Path(a.meta["dest"]).mkdir()
    b = models.submit_merge(ws, job.id, name="merged", start=False)
    assert Path(b.meta["dest"]).name == "merged-2"


def test_quantize_says_what_it_needs(ws):
    base = make_base(ws)
    job = make_run(ws, base)
    with pytest.raises(UserError) as e:
        models.submit_quantize(ws, job.id, "bnb", 4, cuda=False, start=False)
    assert "needs an NVIDIA GPU (CUDA)" in e.value.text("en") and "显卡" in e.value.text("zh")
    with pytest.raises(UserError) as e:
        models.submit_quantize(ws, job.id, "awq", 8, cuda=True, start=False)
    assert "4-bit" in e.value.text("en")
    with pytest.raises(UserError):
        models.submit_quantize(ws, job.id, "fp3", 4, cuda=True, start=False)
    with pytest.raises(UserError) as e:
        models.submit_quantize(ws, job.id, "gptq", 4, cuda=True, start=False, samples=0)
    assert "0 calibration samples" in e.value.text("en") and "校准样本数 0" in e.value.text("zh")


def test_calibration_samples_reach_ms_swift(tmp_path):
    base = engine.Base("/m", "qwen2", "qwen")
    cfg = engine.quant_config(base, tmp_path / "o", "awq", 4, calibration=["/d.jsonl"], samples=16)
    assert cfg["quant_n_samples"] == 16
    assert engine.quant_config(base, tmp_path / "o", "gptq", 4, calibration=["/d.jsonl"])["quant_n_samples"] == 128


def _config(folder, quant):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "config.json").write_text(
        json.dumps({"model_type": "qwen2", "quantization_config": quant}), encoding="utf-8"
    )
    return folder


@pytest.mark.parametrize(
    "quant, capability, backend",
    [
        # AutoAWQ's own quantization_config (what `swift export --quant_method awq` writes): pinned on Ampere+
        (
            {"quant_method": "awq", "bits": 4, "group_size": 128, "zero_point": True, "version": "gemm"},
            (9, 0),
            "marlin",
        ),
        ({"quant_method": "awq", "bits": 4, "version": "gemm", "backend": "auto"}, (8, 0), "marlin"),
        ({"quant_method": "awq", "bits": 4, "version": "gemm"}, (7, 5), None),  # Turing: Marlin does not run
        ({"quant_method": "awq", "bits": 4, "version": "gemm"}, None, None),  # no GPU seen
        ({"quant_method": "awq", "bits": 4, "backend": "gemv"}, (9, 0), None),  # somebody chose one already
        ({"quant_method": "gptq", "bits": 4}, (9, 0), None),  # gptqmodel picks Marlin itself
    ],
)
def test_an_awq_export_names_a_kernel_that_builds_offline(tmp_path, quant, capability, backend):
    folder = _config(tmp_path / "m", dict(quant))
    asked = []
    assert engine.pin_offline_kernel(folder, lambda: asked.append(1) or capability) == backend
    # The GPU is asked only for an AWQ export that chose no backend (every quantize job ends here).
    assert len(asked) == (quant["quant_method"] == "awq" and quant.get("backend") in (None, "auto"))
    written = json.loads((folder / "config.json").read_text(encoding="utf-8"))
    expected = {**quant, "backend": backend} if backend else quant
    assert written == {"model_type": "qwen2", "quantization_config": expected}


def test_quant_support_reports_missing_packages_and_cuda():
    s = engine.quant_support("gptq", cuda=True)
    if s.missing:
        assert "pip install" in s.why_not()("en")
    cpu = engine.quant_support("bnb", cuda=False)
    assert not cpu.ok and "CUDA" in cpu.why_not()("en")


def test_quant_config_merges_first_and_calibrates_on_the_run_data(tmp_path):
    base = engine.Base("/m", "qwen2", "qwen")
    cfg = engine.quant_config(base, tmp_path / "o", "gptq", 4, adapter=tmp_path / "ckpt", calibration=["/d.jsonl"])
    assert cfg["merge_lora"] is True and cfg["adapters"] == [str(tmp_path / "ckpt")]
    assert cfg["quant_method"] == "gptq" and cfg["quant_bits"] == 4 and cfg["dataset"] == ["/d.jsonl"]
    bnb = engine.quant_config(base, tmp_path / "o", "bnb", 4)
    assert "dataset" not in bnb and "adapters" not in bnb and bnb["bnb_4bit_quant_type"] == "nf4"


def test_copy_job_exports_an_adapter_without_training_state(ws):
    base = make_base(ws)
    data = make_dataset(ws)
    job = make_run(ws, base, data=data)
    export = models.submit_copy(ws, f"{job.id}@2", dest="exports/our-adapter", start=False)
    assert export.kind == "export" and not export.gpu
    assert models.run_export(export.run_dir) == 0
    dest = ws.root / "exports" / "our-adapter"
    assert sorted(p.name for p in dest.iterdir()) == [
        "README.md",
        "adapter_config.json",
        "adapter_model.safetensors",
        "model.json",
    ]
    card = json.loads((dest / "model.json").read_text())
    assert card["kind"] == "adapter" and card["size_bytes"] == 202 and card["source_size_bytes"] == 5204
    readme = (dest / "README.md").read_text()
    assert "our chats" in readme and "DPO" in readme and "基础模型" in readme and "base model" in readme
    assert Jobs(ws).get(export.id).meta["size_bytes"] == 202
    entry = models.get_model(ws, "exports/our-adapter")
    assert entry.kind == "adapter" and entry.is_adapter and entry.base_path == str(base)
    assert entry in models.adapters_for(models.list_models(ws), models.get_model(ws, "pocket-tiny"))
    assert not [p for p in (ws.root / "exports").iterdir() if p.name.startswith(".")]


def test_render_card_in_both_languages():
    card = {
        "kind": "merged",
        "name": {"zh": "小七", "en": "Qi"},
        "model_type": "qwen2",
        "template": "qwen",
        "base": {"id": "pocket-tiny", "name": "口袋模型", "path": "/ws/models/pocket-tiny"},
        "source": {"run": "r1", "run_name": "dpo run", "checkpoint": 50, "method": "dpo", "tuner": "qlora"},
        "data": [{"name": "our chats", "kind": "pairs", "counts": {"train": 12}}],
        "settings": {"beta": 0.1},
        "metrics": {"train_loss": 0.51234},
        "size_bytes": 2048,
        "source_size_bytes": 4096,
    }
    zh, en = models.render_card(card, "zh"), models.render_card(card, "en")
    assert "### 小七" in zh and "### Qi" in en
    assert "DPO · qlora" in en and "checkpoint-50" in en and "our chats (`pairs`) · 12 rows" in en
    assert "4.0 KB → 2.0 KB" in en and "`beta`: 0.1" in en and "0.5123" in en
    assert "基础模型" in zh and "base model" in en


def test_merging_a_qlora_checkpoint_does_not_inherit_its_4bit_loading(tmp_path):
    """ms-swift fills unset export arguments from the checkpoint's args.json: for a QLoRA run that was
    quant_method bnb / quant_bits 4, and `swift export --merge_lora` then quantized the merged model
    (seen on the H200: a 1.5B "merged" into 1.1 GB of 4-bit weights). The merge must not read them."""
    ckpt = tmp_path / "checkpoint-8"
    ckpt.mkdir()
    (ckpt / "args.json").write_text(json.dumps({"quant_method": "bnb", "quant_bits": 4, "torch_dtype": "bfloat16"}))
    cfg = engine.merge_config(engine.Base("/m", "qwen2", "qwen2_5"), ckpt, tmp_path / "out")
    assert cfg["load_args"] is False and cfg["merge_lora"] is True
    assert "quant_method" not in cfg and "quant_bits" not in cfg
    assert cfg["torch_dtype"] == "bfloat16"  # the precision the run trained in
    (ckpt / "args.json").unlink()
    assert "torch_dtype" not in engine.merge_config(engine.Base("/m"), ckpt, tmp_path / "out")


def test_install_hints_name_the_packages_pip_knows():
    # `pip install awq` is another project: AutoAWQ is published as autoawq (module awq); transformers 5 and
    # optimum run GPTQ on gptqmodel.
    for method, want in (("awq", "pip install autoawq"), ("gptq", "gptqmodel")):
        s = engine.quant_support(method, cuda=True)
        if s.missing:
            text = s.why_not()("en") + s.why_not()("zh")
            assert want in text and "pip install awq " not in text and "pip install awq)" not in text
    assert engine.pip_name("awq") == "autoawq" and engine.pip_name("optimum") == "optimum"


def test_a_chinese_card_names_its_metrics_and_counts_in_chinese():
    # The Models tab shows this card on the Chinese page: outside code spans (ms-swift's own keys, paths,
    # folder names) only names remain; a key with no readable name is shown as code, never bare.
    card = {
        "kind": "merged",
        "name": "小七",
        "model_type": "qwen2",
        "template": "qwen",
        "source": {"run": "r1", "run_name": "小七", "checkpoint": 50, "method": "sft", "tuner": "lora"},
        "data": [{"name": "我们的聊天", "kind": "sft", "counts": {"train": 12}}],
        "metrics": {"train_runtime": 331.0, "train_speed(s/it)": 0.8, "last_loss": 1.25, "new_key": 3},
    }
    zh = models.render_card(card, "zh")
    prose = re.sub(r"`[^`]*`", "", zh)
    assert set(re.findall(r"[A-Za-z][A-Za-z_()/]+", prose)) <= {"SFT", "lora"}, prose
    assert "训练用时（秒） `train_runtime`: 331" in zh and "每步秒数 `train_speed(s/it)`: 0.8" in zh
    assert "最后的训练损失 `last_loss`: 1.25" in zh and "- `new_key`: 3" in zh and "(`sft`) · 12 条" in zh


def _ships_code(base: Path) -> Path:
    # A model with its own code names it in config.json's auto_map (transformers' dynamic-module loading).
    (base / "config.json").write_text(json.dumps({"auto_map": {"AutoModelForCausalLM": "modeling_x.XForCausalLM"}}))
    (base / "modeling_x.py").write_text("raise SystemExit('this model code ran')\n")
    return base


def _trusting(ws, job, base: Path, trusted: bool) -> None:
    from studio.training import runs as R

    R.write_record(ws.runs / job.id, {"settings": {"trust_remote_code": trusted}, "model": {"model": str(base)}})


def test_a_model_with_its_own_code_is_exported_only_after_the_person_trusted_it(ws):
    base = _ships_code(make_base(ws))
    job = make_run(ws, base)
    _trusting(ws, job, base, trusted=False)
    before = set(ws.runs.iterdir())
    with pytest.raises(UserError) as e:
        models.submit_merge(ws, job.id, start=False)
    assert "trust model code" in e.value.text("en") and "信任模型代码" in e.value.text("zh")
    assert set(ws.runs.iterdir()) == before  # refused before anything was written
    _trusting(ws, job, base, trusted=True)
    merge = models.submit_merge(ws, job.id, start=False)
    cfg = yaml.safe_load((Path(merge.run_dir) / "config.yaml").read_text(encoding="utf-8"))
    assert cfg["model"] == str(base) and "trust_remote_code" not in cfg  # ms-swift 4.6 has no such argument


def test_consent_follows_the_model_folder_and_its_exports(ws):
    base = _ships_code(make_base(ws))
    other = _ships_code(make_base(ws, "other"))
    job = make_run(ws, base)
    _trusting(ws, job, base, trusted=True)
    assert models.trusts_code(ws, str(base)) and not models.trusts_code(ws, str(other))
    merged = ws.models / "merged"
    merged.mkdir()
    atomic_write_json(merged / "model.json", {"kind": "merged", "source": {"run": job.id}})
    assert models.trusts_code(ws, str(merged))  # an export of the trusted run keeps its base's code
    atomic_write_json(merged / "model.json", {"kind": "merged", "source": {"run": "someone-else"}})
    assert not models.trusts_code(ws, str(merged)) and not models.trusts_code(ws, None)
