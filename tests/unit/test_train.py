"""studio.training.train checks and run records, with a model folder of config files only and a stand-in trainer
(no ms-swift here: the integration tests run the real one)."""

import json
import math
import sys
import time

import pytest
import yaml
from support import fake_safetensors

from studio.core.i18n import UserError
from studio.engine import swift
from studio.engine.metrics import parse
from studio.jobs.store import Jobs
from studio.training import presets as P
from studio.training import runs as R
from studio.training import train as T

QWEN_CFG = {
    "model_type": "qwen2",
    "num_hidden_layers": 2,
    "hidden_size": 64,
    "intermediate_size": 128,
    "num_attention_heads": 4,
    "num_key_value_heads": 2,
    "vocab_size": 1000,
    "tie_word_embeddings": True,
}
OK_TRAINER = "import sys, yaml, pathlib\ncfg = yaml.safe_load(open(sys.argv[2]))\nprint('fake ok', sys.argv[1])\n"
GPU12 = [P.Gpu(0, "NVIDIA GeForce RTX 3060", 12288, 200)]


def model_folder(root, name="m", card=True, **cfg):
    d = root / name
    d.mkdir(parents=True)
    (d / "config.json").write_text(json.dumps({**QWEN_CFG, **cfg}))
    if card:
        (d / "model.json").write_text(
            json.dumps({"id": name, "kind": "base", "model_type": "qwen2", "template": "qwen"})
        )
    return d


def dataset(ws, ds_id, kind, rows, val=()):
    d = ws.datasets / ds_id
    d.mkdir(parents=True)
    (d / "train.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows))
    (d / "val.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in val))
    (d / "card.json").write_text(json.dumps({"id": ds_id, "name": ds_id, "kind": kind, "created": "x"}))
    return ds_id


def sft_rows(n=8, text="今天好累，想你了。"):
    return [
        {"messages": [{"role": "user", "content": f"{text} {i}"}, {"role": "assistant", "content": "抱抱你，辛苦了。"}]}
        for i in range(n)
    ]


def pair_rows(n=8):
    return [{**r, "rejected_response": "哦。"} for r in sft_rows(n)]


@pytest.fixture
def setup(ws, tmp_path, monkeypatch):
    fake = tmp_path / "ok_trainer.py"
    fake.write_text(OK_TRAINER)
    monkeypatch.setenv(swift.TRAINER_OVERRIDE_ENV, str(fake))
    model = model_folder(ws.models)
    dataset(ws, "ds-sft", "sft", sft_rows(), sft_rows(2))
    dataset(ws, "ds-pairs", "pairs", pair_rows())
    return ws, str(model)


def settings(model, **kw):
    return P.resolve("cpu-pocket", {"model": model, "dataset": "ds-sft", "max_steps": 2, **kw})


def refused(fn, *words):
    with pytest.raises(UserError) as e:
        fn()
    for w in words:
        assert w in e.value.msg.en, e.value.msg.en
    assert e.value.msg.zh
    return e.value.msg


def test_a_start_writes_the_run_folder_and_runs_the_job(setup):
    ws, model = setup
    launch = T.start(ws, settings(model), preset="cpu-pocket", changes={"max_steps": 2}, gpus=[])
    job = Jobs(ws).wait(launch.job.id, timeout=30)
    assert job.status == "succeeded" and job.kind == "sft" and "fake ok sft" in job.log_path.read_text()
    run = launch.run.path
    for name in ("config.yaml", "argv.json", "preset.yaml", "settings.json", "train.json"):
        assert (run / name).is_file(), name
    cfg = yaml.safe_load((run / "config.yaml").read_text())
    assert cfg["model"] == model and cfg["template"] == "qwen" and cfg["torch_dtype"] == "float32"
    assert cfg["dataset"] == [str(ws.datasets / "ds-sft" / "train.jsonl")]
    assert cfg["val_dataset"] == [str(ws.datasets / "ds-sft" / "val.jsonl")]
    assert yaml.safe_load((run / "preset.yaml").read_text())["max_length"] == 256
    saved = json.loads((run / "settings.json").read_text())
    assert saved["preset"] == "cpu-pocket" and saved["changes"] == {"max_steps": 2}
    rec = R.get_run(ws, launch.run.id)
    assert rec.record["device"]["kind"] == "cpu" and rec.record["jobs"] == [job.id]
    assert json.loads((run / "argv.json").read_text())["env"]["MODELSCOPE_OFFLINE"] == "1"  # tests run offline
    assert R.summary(rec)["status"] == "succeeded"


def test_qlora_without_cuda_is_refused(setup):
    ws, model = setup
    refused(lambda: T.start(ws, settings(model, tuner="qlora"), gpus=[]), "QLoRA", "NVIDIA GPU", "choose LoRA")


def test_remote_code_needs_the_tick(setup):
    ws, _ = setup
    odd = model_folder(ws.models, "odd", auto_map={"AutoModel": "modeling_odd.OddModel"})
    refused(lambda: T.start(ws, settings(str(odd)), gpus=[]), "needs to run its own code", "trust model code")


def test_unknown_template_and_missing_template_are_refused(setup):
    ws, model = setup
    refused(lambda: T.start(ws, settings(model, template="qwen9000"), gpus=[]), "qwen9000", "not one ms-swift knows")
    bare = model_folder(ws.models, "bare", card=False, model_type="strange")
    refused(lambda: T.start(ws, settings(str(bare)), gpus=[]), "chat template", "Advanced")


def test_a_dataset_of_the_wrong_kind_is_refused(setup):
    ws, model = setup
    s = P.resolve("cpu-pocket", {"model": model, "dataset": "ds-sft"}, "dpo")
    refused(lambda: T.start(ws, s, gpus=[]), "DPO needs", "preference pairs", "ds-sft")


def test_samples_longer_than_max_length_are_counted_before_the_start(setup):
    ws, model = setup
    dataset(ws, "ds-long", "sft", sft_rows(10, text="很长的一句话" * 60))
    msg = refused(
        lambda: T.start(ws, settings(model, dataset="ds-long", max_length=64), gpus=[]),
        "10 of 10 samples",
        "max length of 64",
        "at least",
    )
    need = int(msg.en.split("at least ")[1].split(",")[0])
    assert need > 64
    launch = T.start(ws, settings(model, dataset="ds-long", max_length=need + 64), gpus=[])
    assert launch.run.record["data"]["too_long"] == 0


def test_models_that_are_not_there(setup, monkeypatch):
    ws, _ = setup
    refused(lambda: T.start(ws, settings("pocket-tiny"), gpus=[]), "pocket model", "not built")
    refused(lambda: T.start(ws, settings("/nowhere/at/all"), gpus=[]), "does not exist")
    monkeypatch.setenv("MODELSCOPE_OFFLINE", "1")
    refused(lambda: T.start(ws, settings("qwen2.5-0.5b-instruct"), gpus=[]), "offline")
    monkeypatch.delenv("MODELSCOPE_OFFLINE")
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    refused(lambda: T.start(ws, settings("nobody/NoSuchModel-1B"), gpus=[]), "does not know", "template")


def test_gpu_choice_is_checked_and_becomes_the_job_env(setup, monkeypatch):
    ws, model = setup
    two = [P.Gpu(0, "A", 24564, 0), P.Gpu(1, "B", 24564, 0)]
    refused(lambda: T.start(ws, settings(model, gpus=[3]), gpus=two), "no GPU [3]")
    # Fake: DeepSpeed installed (it is not on the CPU test machine; refusing it then has a test of its own).
    real = T.swift.installed
    monkeypatch.setattr(T.swift, "installed", lambda pkg: pkg == "deepspeed" or real(pkg))
    launch = T.start(ws, settings(model, gpus=[0, 1], deepspeed="zero2", dtype="bfloat16"), gpus=two)
    env = json.loads((launch.run.path / "argv.json").read_text())["env"]
    assert env["CUDA_VISIBLE_DEVICES"] == "0,1" and env["NPROC_PER_NODE"] == "2"
    assert yaml.safe_load((launch.run.path / "config.yaml").read_text())["deepspeed"] == "zero2"
    refused(lambda: T.start(ws, settings(model, deepspeed="zero3"), gpus=[]), "NVIDIA GPUs")


def test_kto_from_pairs_gets_one_desirable_and_one_undesirable_row_each(setup):
    ws, model = setup
    s = P.resolve("cpu-pocket", {"model": model, "dataset": "ds-pairs", "batch_size": 2}, "kto")
    launch = T.start(ws, s, gpus=[])
    rows = [json.loads(x) for x in (launch.run.path / "kto_train.jsonl").read_text().splitlines()]
    assert len(rows) == 16 and sum(r["label"] for r in rows) == 8
    assert rows[1]["messages"][-1]["content"] == "哦。" and rows[1]["label"] is False
    cfg = yaml.safe_load((launch.run.path / "config.yaml").read_text())
    assert cfg["rlhf_type"] == "kto" and cfg["dataset"] == [str(launch.run.path / "kto_train.jsonl")]


def test_align_from_an_sft_run_continues_its_adapter_or_merges_it(setup):
    ws, model = setup
    sft = T.start(ws, settings(model), gpus=[])
    Jobs(ws).wait(sft.job.id, timeout=30)
    refused(
        lambda: T.start(ws, P.resolve("cpu-pocket", {"from_run": sft.run.id, "dataset": "ds-pairs"}, "dpo"), gpus=[]),
        "no complete checkpoint",
    )
    ck = sft.run.path / "output" / "checkpoint-2"
    ck.mkdir(parents=True)
    fake_safetensors(ck / "adapter_model.safetensors")
    (ck / "trainer_state.json").write_text("{}")
    dpo = T.start(ws, P.resolve("cpu-pocket", {"from_run": sft.run.id, "dataset": "ds-pairs"}, "dpo"), gpus=[])
    cfg = yaml.safe_load((dpo.run.path / "config.yaml").read_text())
    assert cfg["model"] == model and cfg["adapters"] == [str(ck)] and cfg["ref_adapters"] == [str(ck)]
    assert dpo.job.kind == "align" and dpo.run.record["from_run"]["id"] == sft.run.id
    orpo = T.start(
        ws,
        P.resolve("cpu-pocket", {"from_run": sft.run.id, "dataset": "ds-pairs", "continue_mode": "merge"}, "orpo"),
        gpus=[],
    )
    cfg = yaml.safe_load((orpo.run.path / "config.yaml").read_text())
    merge = yaml.safe_load((orpo.run.path / "merge.yaml").read_text())
    assert cfg["model"] == str(orpo.run.path / "merged") and "adapters" not in cfg
    assert merge["adapters"] == [str(ck)] and merge["merge_lora"] is True
    assert orpo.job.argv[4:] == [
        "export",
        str(orpo.run.path / "merge.yaml"),
        "rlhf",
        str(orpo.run.path / "config.yaml"),
    ]
    refused(lambda: T.start(ws, settings(model, from_run=sft.run.id), gpus=[]), "alignment only")


def test_resume_refuses_a_finished_run_and_delete_needs_confirmation(setup):
    ws, model = setup
    launch = T.start(ws, settings(model), gpus=[])
    Jobs(ws).wait(launch.job.id, timeout=30)
    refused(lambda: T.resume(ws, launch.run.id), "has finished", "clone")
    clone = T.clone_settings(ws, launch.run.id)
    assert clone.preset is None and clone.settings.name.endswith("(copy)") and clone.settings.model == model
    refused(lambda: R.delete_run(ws, launch.run.id), "cannot be undone")
    R.delete_run(ws, launch.run.id, confirm=True)
    assert not launch.run.path.exists() and R.list_runs(ws) == []
    with pytest.raises(UserError):
        Jobs(ws).get(launch.job.id)


def test_plan_reports_and_advises_a_preset_that_fits(setup):
    ws, _ = setup
    # bf16 LoRA of a 7B model (the 24gb preset's tuner until 24gb became QLoRA) cannot fit 12 GiB
    s = P.resolve("24gb", {"dataset": "ds-sft", "tuner": "lora", "max_length": 1024, "lora_rank": 8})
    report = T.plan(ws, s, GPU12)
    assert report.fits is False and report.device == "cuda"
    assert report.fitting_preset == "12gb" and "12gb" in report.advice.en
    ok = T.plan(ws, P.resolve("12gb", {"dataset": "ds-sft"}), GPU12)
    # It fits: the only note is what auto speed chose (shown where the advice goes), no preset advice.
    assert ok.fits is True and ok.fitting_preset is None and ok.advice == ok.speed and "Auto speed" in ok.speed.en
    manual = T.plan(ws, P.resolve("12gb", {"dataset": "ds-sft", "auto_speed": False}), GPU12)
    assert manual.fits is True and manual.advice is None and manual.setup is None


# ---------------------------------------------------------------------------------------------- runs


def rows(n, **extra):
    return [
        {
            "loss": 2.0 - 0.1 * i,
            "token_acc": 0.3 + 0.01 * i,
            "grad_norm": 1.0,
            "learning_rate": 1e-4,
            "global_step/max_steps": f"{i}/{n}",
            "elapsed_time": f"{i}s",
            "remaining_time": f"{n - i}s",
            "train_speed(s/it)": 0.5,
            **extra,
        }
        for i in range(1, n + 1)
    ]


def test_resumed_runs_do_not_fold_their_curves_back(tmp_path):
    out = tmp_path / "output"
    out.mkdir()
    logged = rows(6)[:6] + rows(8)[4:]  # killed at 6, resumed from checkpoint-4
    (out / "logging.jsonl").write_text("".join(json.dumps(r) + "\n" for r in logged) + '{"loss": 1.')
    m = R.read_run_metrics(tmp_path)
    steps = [s for s, _ in m.series["loss"]]
    assert steps == list(range(1, 9))
    assert m.step == 8 and R.eta_s(m) == 0.0
    assert R.final_metrics(m)["loss"] == pytest.approx(1.2)
    cur = R.curves(m, "sft", "en")
    # The validation curve has no point yet: an empty one keeps its place in the plot's legend.
    assert [r for r in cur["loss"] if r["series"] == "validation loss"][0]["value"] != [
        r for r in cur["loss"] if r["series"] == "validation loss"
    ][0]["value"]  # NaN
    assert len([r for r in cur["loss"] if r["series"] == "train loss"]) == 8
    assert {r["series"] for r in R.curves(m, "sft", "en", has_val=False)["loss"]} == {"train loss"}
    assert R.curves(m, "sft", "en")["memory"] == []  # no point at all: no placeholder either


@pytest.mark.parametrize(
    "method, logged, word",
    [
        ("sft", [], "Waiting"),
        ("sft", rows(10), "falling normally"),
        ("sft", [{**r, "loss": 2.0 + 0.2 * i} for i, r in enumerate(rows(10))], "rising"),
        ("sft", [{**r, "loss": 2.0} for r in rows(10)], "flat"),
        ("sft", [*rows(5), {**rows(6)[5], "loss": float("nan")}], "NaN"),
        ("sft", [{**r, "token_acc": 1.0} for r in rows(10)], "memorising"),
        (
            "dpo",
            [{**r, "rewards/accuracies": 1.0, "rewards/margins": 0.5 * i} for i, r in enumerate(rows(12))],
            "Accuracy 100% after 1 steps",
        ),
        (
            "dpo",
            [{**r, "rewards/accuracies": 0.6, "rewards/margins": 0.1 * i} for i, r in enumerate(rows(30))],
            "margins are growing",
        ),
        (
            "dpo",
            [{**r, "rewards/accuracies": 0.3, "rewards/margins": -0.1 * i} for i, r in enumerate(rows(30))],
            "swapped",
        ),
    ],
)
def test_the_health_line(method, logged, word):
    m = parse(logged)
    assert word in R.health(m, method).en


def test_overfitting_is_noticed():
    logged = []
    for i, r in enumerate(rows(12), 1):
        logged.append(r)
        if i % 3 == 0:
            logged.append({"eval_loss": 1.0 + (0.3 if i > 6 else 0) * i / 12, "global_step/max_steps": f"{i}/12"})
    logged[-1]["eval_loss"] = 2.0
    assert "memorising" in R.health(parse(logged), "sft").en


def test_compare_overlays_curves_and_diffs_settings(setup):
    ws, model = setup
    a = T.start(ws, settings(model, learning_rate=1e-3), gpus=[])
    b = T.start(ws, settings(model, learning_rate=5e-4, lora_rank=16), gpus=[])
    for launch, k in ((a, 1.0), (b, 2.0)):
        Jobs(ws).wait(launch.job.id, timeout=30)
        out = launch.run.path / "output"
        out.mkdir(exist_ok=True)
        (out / "logging.jsonl").write_text("".join(json.dumps({**r, "loss": r["loss"] * k}) + "\n" for r in rows(3)))
    runs = [R.get_run(ws, a.run.id), R.get_run(ws, b.run.id)]
    diff = {d["setting"]: d for d in R.diff_settings(runs)}
    assert set(diff) == {"learning_rate", "lora_rank"}
    assert diff["lora_rank"][b.run.id] == "16"
    lines = R.overlay(runs, "loss")
    assert len(lines) == 6 and len({r["series"] for r in lines}) == 2


def test_eta_from_speed_when_ms_swift_writes_minutes():
    m = parse([{"loss": 1.0, "global_step/max_steps": "10/100", "remaining_time": "20m 58s", "train_speed(s/it)": 2.0}])
    assert R.eta_s(m) in (180.0, 1258.0)
    assert not math.isnan(R.eta_s(m))


def test_wait_result_is_json_with_status_and_metrics(setup):
    ws, model = setup
    launch = T.start(ws, settings(model), gpus=[])
    t0 = time.monotonic()
    out = T.wait_result(ws, launch.run.id, timeout=30)
    assert time.monotonic() - t0 < 30
    assert out["ok"] is True and out["status"] == "succeeded" and out["method"] == "sft"
    json.dumps(out)
    assert sys.executable in launch.job.argv


def test_download_refusals(ws, monkeypatch):
    refused(lambda: T.start_download(ws, "pocket-tiny"), "built here")
    refused(lambda: T.start_download(ws, "not a repo id"), "not a model id")
    monkeypatch.setenv("MODELSCOPE_OFFLINE", "1")
    refused(lambda: T.start_download(ws, "qwen2.5-0.5b-instruct", "modelscope"), "offline")
    refused(lambda: T.start_download(ws, "qwen2.5-0.5b-instruct", "gitee"), "hub", "modelscope / huggingface")


def test_a_downloaded_catalog_model_is_used_from_its_folder(setup):
    ws, _ = setup
    folder = model_folder(ws.models, "qwen2.5-0.5b-instruct", card=False)
    s = P.resolve("cpu-pocket", {"model": "qwen2.5-0.5b-instruct", "dataset": "ds-sft"})
    assert T.resolve_model(ws, s, offline=False).source == "hub"  # no mark yet: a partial download
    (folder / swift.DOWNLOAD_MARK).write_text("{}")
    ref = T.resolve_model(ws, s, offline=True)
    assert ref.source == "local" and ref.model == str(folder) and ref.template == "qwen2_5"


# ---------------------------------------------------------------------------------------------- auto speed

QWEN7_CFG = {
    "num_hidden_layers": 28,
    "hidden_size": 3584,
    "intermediate_size": 18944,
    "num_attention_heads": 28,
    "num_key_value_heads": 4,
    "vocab_size": 152064,
    "tie_word_embeddings": False,
}
H200 = [P.Gpu(0, "NVIDIA H200", 143771, 0)]


def launched_config(launch) -> dict:
    return yaml.safe_load((launch.run.path / swift.CONFIG).read_text(encoding="utf-8"))


@pytest.mark.parametrize("liger, flash", [(True, False), (False, False), (True, True)])
def test_auto_speed_keeps_the_global_batch_and_uses_what_is_installed(setup, monkeypatch, liger, flash):
    ws, _ = setup
    monkeypatch.setattr(swift, "kernels", lambda: swift.Kernels(liger=liger, flash_attn=flash))
    big = model_folder(ws.models, "q7", **QWEN7_CFG)
    rows = [
        {
            "messages": [
                {"role": "user", "content": "想你 " * (5 + 30 * (i % 4))},
                {"role": "assistant", "content": "抱抱"},
            ]
        }
        for i in range(16)
    ]
    dataset(ws, "ds-var", "sft", rows)
    s = P.resolve(
        None,
        {"model": str(big), "dataset": "ds-var", "tuner": "qlora", "batch_size": 1, "grad_accum": 16, "max_steps": 2},
    )
    launch = T.start(ws, s, gpus=H200)
    cfg = launched_config(launch)
    mb, accum = cfg["per_device_train_batch_size"], cfg["gradient_accumulation_steps"]
    assert mb * accum == 16 and mb > 1  # the samples per step the user asked for
    assert cfg["gradient_checkpointing"] is False  # short rows on 140 GiB: no recompute needed
    assert cfg.get("use_liger_kernel") is (True if liger else None)
    assert cfg.get("padding_free") is (True if flash else None)
    assert cfg.get("attn_impl") == ("flash_attn" if flash else None)
    assert cfg.get("group_by_length") is (None if flash else True)  # lengths vary; padding-free needs no sorting
    assert cfg["dataloader_num_workers"] >= 1
    speed = launch.plan.speed
    assert speed and f"micro-batch {mb} × accumulation {accum}" in speed.en and str(mb) in speed.zh
    assert any(w.en == speed.en for w in launch.warnings)  # shown where the Train tab shows planner notes
    assert launch.to_dict("en")["plan"]["setup"]["batch_size"] == mb
    assert launch.run.record["settings"]["batch_size"] == mb


def test_auto_speed_on_a_small_card_keeps_checkpointing_and_a_manual_run_keeps_its_settings(setup, monkeypatch):
    ws, _ = setup
    monkeypatch.setattr(swift, "kernels", lambda: swift.Kernels(liger=True, flash_attn=False))
    big = model_folder(ws.models, "q7", **QWEN7_CFG)
    long_rows = [
        {"messages": [{"role": "user", "content": "想你 " * 600}, {"role": "assistant", "content": "抱抱"}]}
        for _ in range(8)
    ]
    dataset(ws, "ds-long2", "sft", long_rows)
    base = {
        "model": str(big),
        "dataset": "ds-long2",
        "tuner": "qlora",
        "batch_size": 2,
        "grad_accum": 8,
        "max_length": 2048,
        "max_steps": 2,
    }
    launch = T.start(ws, P.resolve(None, {**base, "gpu_memory_gib": 24.0}), gpus=H200)
    cfg = launched_config(launch)
    assert cfg["per_device_train_batch_size"] * cfg["gradient_accumulation_steps"] == 16
    assert cfg["gradient_checkpointing"] is True and cfg["per_device_train_batch_size"] >= 2
    assert launch.plan.available_gib == 24.0 and launch.plan.estimate.total_gib <= 24.0 * 0.85
    assert "group_by_length" not in cfg  # every row is the same length
    manual = T.start(ws, P.resolve(None, {**base, "auto_speed": False, "gradient_checkpointing": False}), gpus=H200)
    cfg = launched_config(manual)
    assert (cfg["per_device_train_batch_size"], cfg["gradient_accumulation_steps"]) == (2, 8)
    assert cfg["gradient_checkpointing"] is False and "use_liger_kernel" not in cfg
    assert manual.plan.setup is None and manual.plan.speed is None


def test_auto_speed_does_nothing_on_a_cpu(setup):
    ws, model = setup
    launch = T.start(ws, settings(model), gpus=[])
    cfg = launched_config(launch)
    assert launch.plan.setup is None and "use_liger_kernel" not in cfg and cfg["dataloader_num_workers"] == 0


def test_node_commands_use_the_run_config_and_its_ms_swift_command(ws):
    """An alignment run's lines run `swift rlhf` on that run's config; without a run, `swift sft config.yaml`."""
    path = R.run_dir(ws, "r1")
    path.mkdir(parents=True)
    R.write_record(path, {"kind": "align", "jobs": []})
    lines = T.node_commands(ws, "r1", nnodes=2, master_addr="10.0.0.5", nproc=4)
    assert len(lines) == 2
    assert lines[1].endswith(f"NODE_RANK=1 MASTER_ADDR=10.0.0.5 MASTER_PORT=29500 swift rlhf {path / 'config.yaml'}")
    assert T.node_commands(ws, None, nnodes=1, master_addr="127.0.0.1", nproc=1)[0].endswith(" swift sft config.yaml")
