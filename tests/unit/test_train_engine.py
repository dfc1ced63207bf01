"""ms-swift flags, argv and environment of training jobs (CPU only: nothing is launched here)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from support import fake_safetensors

from studio.engine import swift


def spec(tmp_path, **kw):
    return swift.TrainSpec(model="/m", dataset=["/d/train.jsonl"], run_dir=tmp_path, **kw)


def test_sft_config_and_argv_through_the_launcher(tmp_path):
    argv = swift.write_train(spec(tmp_path, val_dataset=["/d/val.jsonl"], torch_dtype="float32", max_steps=5))
    assert argv == [sys.executable, "-m", "studio.engine.swift", "run", "sft", str(tmp_path / "config.yaml")]
    cfg = yaml.safe_load((tmp_path / "config.yaml").read_text())
    assert cfg["add_version"] is False and cfg["split_dataset_ratio"] == 0 and cfg["system"] == ""
    assert cfg["fp16"] is False and cfg["bf16"] is False  # CPU: no mixed precision
    assert cfg["dataloader_num_workers"] == 0 and cfg["dataset_num_proc"] == 1
    assert cfg["eval_strategy"] == "steps" and cfg["val_dataset"] == ["/d/val.jsonl"]
    assert cfg["external_plugins"] == [str(swift.STOP_PLUGIN)] and cfg["callbacks"] == [swift.STOP_CALLBACK]
    assert swift.STOP_PLUGIN.is_file() and "rlhf_type" not in cfg and "quant_bits" not in cfg


def test_qlora_is_nf4_with_double_quant(tmp_path):
    cfg = swift.train_config(spec(tmp_path, tuner="qlora", torch_dtype="bfloat16"))
    assert (
        cfg["quant_method"],
        cfg["quant_bits"],
        cfg["bnb_4bit_quant_type"],
        cfg["bnb_4bit_use_double_quant"],
        cfg["bnb_4bit_compute_dtype"],
    ) == ("bnb", 4, "nf4", True, "bfloat16")
    assert cfg["tuner_type"] == "lora"


def test_each_alignment_method_gets_only_its_knobs(tmp_path):
    knobs = dict(beta=0.2, simpo_gamma=0.7, cpo_alpha=0.5, rpo_alpha=0.3, desirable_weight=1.5, undesirable_weight=0.8)
    expect = {
        "dpo": {"beta", "rpo_alpha"},
        "simpo": {"beta", "simpo_gamma", "cpo_alpha"},
        "orpo": {"beta"},
        "cpo": {"beta", "cpo_alpha"},
        "kto": {"beta", "desirable_weight", "undesirable_weight"},
    }
    for method, keys in expect.items():
        s = spec(tmp_path, method=method, **knobs)
        cfg = swift.train_config(s)
        assert s.command == "rlhf" and cfg["rlhf_type"] == method
        assert {k for k in knobs if k in cfg} == keys, method


def test_align_continuing_an_adapter_uses_it_as_the_reference(tmp_path):
    cfg = swift.train_config(spec(tmp_path, method="dpo", adapters=["/r/ckpt-4"], ref_adapters=["/r/ckpt-4"]))
    assert cfg["adapters"] == ["/r/ckpt-4"] and cfg["ref_adapters"] == ["/r/ckpt-4"]
    # SimPO/ORPO/CPO have no reference model: ms-swift refuses ref_adapters for them.
    cfg = swift.train_config(spec(tmp_path, method="simpo", adapters=["/r/ckpt-4"], ref_adapters=["/r/ckpt-4"]))
    assert "ref_adapters" not in cfg and cfg["adapters"] == ["/r/ckpt-4"]
    # On resume the adapter comes from the checkpoint.
    cfg = swift.train_config(
        spec(
            tmp_path,
            method="dpo",
            adapters=["/a"],
            ref_adapters=["/a"],
            resume_from_checkpoint="/run/output/checkpoint-2",
        )
    )
    assert "adapters" not in cfg and cfg["ref_adapters"] == ["/a"]


def test_merge_then_align_is_one_job_of_two_steps(tmp_path):
    merge = swift.write_config(tmp_path / "merge.yaml", {"model": "/m", "adapters": ["/a"], "merge_lora": True})
    argv = swift.write_train(spec(tmp_path, method="orpo"), before=[("export", merge)])
    assert argv[3:] == ["run", "export", str(merge), "rlhf", str(tmp_path / "config.yaml")]


def test_env_offline_gpus_and_several_processes(tmp_path):
    env = swift.train_env(tmp_path, offline=True, gpus=[2, 3], nproc=2)
    assert env["MODELSCOPE_OFFLINE"] == "1" and env["HF_HUB_OFFLINE"] == "1"
    assert env["CUDA_VISIBLE_DEVICES"] == "2,3" and env["NPROC_PER_NODE"] == "2"
    assert env[swift.STOP_FILE_ENV] == str(tmp_path / swift.STOP_FILE)
    one = swift.train_env(tmp_path, offline=False, threads=2)
    assert "NPROC_PER_NODE" not in one and "CUDA_VISIBLE_DEVICES" not in one and "MODELSCOPE_OFFLINE" not in one
    assert one["OMP_NUM_THREADS"] == "2" and "PYTORCH_CUDA_ALLOC_CONF" not in one
    assert one["OMP_WAIT_POLICY"] == "PASSIVE"
    gpu = swift.train_env(tmp_path, offline=False, cuda=True)
    assert gpu["PYTORCH_CUDA_ALLOC_CONF"] == "expandable_segments:True" and "OMP_WAIT_POLICY" not in gpu
    assert gpu[swift.CUDNN_ATTENTION_ENV] == "0" and swift.CUDNN_ATTENTION_ENV not in one
    cfg = swift.train_config(spec(tmp_path, deepspeed="zero3"))
    assert cfg["deepspeed"] == "zero3"


def test_per_node_commands_for_several_machines():
    lines = swift.node_commands("sft", "/run/config.yaml", nnodes=2, master_addr="10.0.0.5", nproc=8, gpus=[0, 1])
    assert len(lines) == 2
    assert lines[0] == (
        "CUDA_VISIBLE_DEVICES=0,1 NPROC_PER_NODE=8 NNODES=2 NODE_RANK=0 MASTER_ADDR=10.0.0.5 "
        "MASTER_PORT=29500 swift sft /run/config.yaml"
    )
    assert "NODE_RANK=1" in lines[1]


def _ckpt(root: Path, step: int, state=True, weights=True, torn_state=False):
    d = root / "output" / f"checkpoint-{step}"
    d.mkdir(parents=True)
    if weights:
        fake_safetensors(d / "adapter_model.safetensors")
    if state:
        (d / "trainer_state.json").write_text(f'{{"global_step": {step}' + ("" if torn_state else "}"))
    return d


def test_checkpoints_skip_torn_saves_and_resume_sets_them_aside(tmp_path):
    _ckpt(tmp_path, 2)
    _ckpt(tmp_path, 4)
    _ckpt(tmp_path, 6, state=False)  # killed before trainer_state.json
    _ckpt(tmp_path, 8, torn_state=True)  # killed while writing it
    _ckpt(tmp_path, 10, weights=False)
    (tmp_path / "output" / "last-checkpoint").symlink_to(tmp_path / "output" / "checkpoint-8")
    assert [p.name for p in swift.checkpoints(tmp_path)] == ["checkpoint-2", "checkpoint-4"]
    moved = swift.set_aside_torn_checkpoints(tmp_path)
    assert sorted(p.name for p in moved) == [
        "incomplete-checkpoint-10",
        "incomplete-checkpoint-6",
        "incomplete-checkpoint-8",
    ]
    names = sorted(p.name for p in (tmp_path / "output").iterdir())
    assert "checkpoint-6" not in names and "checkpoint-4" in names
    assert swift.checkpoint_step(swift.checkpoints(tmp_path)[-1]) == 4


def test_download_argv_uses_the_hub_clients_and_leaves_a_mark_last(tmp_path):
    argv = swift.download_argv("modelscope", "Qwen/Qwen2.5-0.5B-Instruct", tmp_path, {"repo": "x"})
    assert argv[:5] == [sys.executable, "-m", "studio.engine.swift", "download", "modelscope"]
    assert json.loads(argv[-1]) == {"repo": "x"}
    assert swift.hub_client_argv("huggingface", "a/b", tmp_path)[2:4] == ["huggingface_hub.cli.hf", "download"]
    assert swift.hub_client_argv("modelscope", "a/b", tmp_path)[-2:] == ["--local-dir", str(tmp_path)]


def test_speed_flags_reach_ms_swift_only_when_set(tmp_path):
    plain = swift.train_config(spec(tmp_path))
    assert not {"group_by_length", "padding_free", "attn_impl", "use_liger_kernel"} & set(
        k for k, v in plain.items() if v is not None
    )
    fast = swift.train_config(spec(tmp_path, group_by_length=True, use_liger_kernel=True, dataloader_num_workers=4))
    assert fast["group_by_length"] is True and fast["use_liger_kernel"] is True and fast["dataloader_num_workers"] == 4
    packed = swift.train_config(spec(tmp_path, padding_free=True))
    assert packed["padding_free"] is True and packed["attn_impl"] == "flash_attn"
    with pytest.raises(ValueError):
        spec(tmp_path, method="dpo", padding_free=True)


def test_safetensors_whole_reads_the_header_not_torch(tmp_path):
    import json as _json

    from studio.engine.swift import safetensors_whole

    header = _json.dumps({"w": {"dtype": "F32", "shape": [4], "data_offsets": [0, 16]}}).encode()
    whole = len(header).to_bytes(8, "little") + header + bytes(16)
    f = tmp_path / "a.safetensors"
    f.write_bytes(whole)
    assert safetensors_whole(f)
    f.write_bytes(whole[:-1])  # a save cut short by one byte
    assert not safetensors_whole(f)
    f.write_bytes(b"\xff" * 8 + b"{}")  # nonsense header length
    assert not safetensors_whole(f)


def test_cudnn_attention_can_be_turned_back_on(tmp_path, monkeypatch):
    monkeypatch.setenv(swift.CUDNN_ATTENTION_ENV, "1")
    assert swift.train_env(tmp_path, offline=False, cuda=True)[swift.CUDNN_ATTENTION_ENV] == "1"


@pytest.mark.integration  # three interpreters that import torch: not for the fast tier
@pytest.mark.parametrize("value, enabled", [("0", False), ("1", True), (None, True)])
def test_trainer_plugin_switches_cudnn_attention(value, enabled):
    """The plugin is what ms-swift imports in the trainer: the switch must take effect there."""
    env = {k: v for k, v in os.environ.items() if k not in (swift.CUDNN_ATTENTION_ENV, swift.STOP_FILE_ENV)}
    if value is not None:
        env[swift.CUDNN_ATTENTION_ENV] = value
    code = (
        f"import runpy, torch; runpy.run_path({str(swift.STOP_PLUGIN)!r}); "
        "print(torch.backends.cuda.cudnn_sdp_enabled())"
    )
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip().splitlines()[-1] == str(enabled)


@pytest.mark.skipif(
    __import__("importlib.util").util.find_spec("deepspeed") is not None, reason="deepspeed is installed here"
)
def test_deepspeed_not_installed_is_said_before_launch_with_the_package_to_install():
    from studio.core.i18n import UserError
    from studio.training import presets as P
    from studio.training import train

    with pytest.raises(UserError) as e:
        train.pick_device(P.TrainSettings(deepspeed="zero2"), [P.Gpu(0, "gpu", 24576, 0)])
    assert "pip install deepspeed" in e.value.text("en") and "qixi-studio[deepspeed]" in e.value.text("zh")
    assert train.pick_device(P.TrainSettings(), [P.Gpu(0, "gpu", 24576, 0)]).kind == "cuda"


def swift_leftovers(command: str, config: Path, monkeypatch) -> list[str]:
    """What ms-swift 4.6's own parser leaves over from a config the studio wrote: its yaml-to-argv step
    (swift/cli/main.py) and its argument classes. A leftover ends the real run ("remaining_argv")."""
    from swift import arguments as A
    from swift.cli.main import parse_yaml_args
    from transformers import HfArgumentParser

    monkeypatch.setenv("SWIFT_CONFIG_FILE", "")  # parse_yaml_args records the file there
    argv = [str(config)]
    parse_yaml_args(argv)
    cls = {
        "sft": A.SftArguments,
        "rlhf": A.RLHFArguments,
        "export": A.ExportArguments,
        "deploy": A.DeployArguments,
        "infer": A.InferArguments,
    }[command]
    _, rest = HfArgumentParser([cls]).parse_known_args(argv)
    return rest


def written_configs(tmp_path) -> dict[str, tuple[str, Path]]:
    """Every kind of config the studio writes: name -> (ms-swift command, file)."""
    from studio.engine import deploy, export, generate

    base = export.Base("/m", "qwen2", "qwen2_5")
    written = {}
    for method in ("sft", "dpo", "kto", "orpo"):
        run = tmp_path / method
        run.mkdir()
        s = spec(run, method=method, tuner="qlora", trust_remote_code=True, val_dataset=["/d/val.jsonl"])
        swift.write_train(s)
        written[method] = (s.command, run / swift.CONFIG)
    for name, cfg in {
        "merge": export.merge_config(base, tmp_path / "ckpt", tmp_path / "merged"),
        "awq": export.quant_config(base, tmp_path / "q", "awq", 4, tmp_path / "ckpt", ["/d.jsonl"], 512, 16),
        "bnb": export.quant_config(base, tmp_path / "b", "bnb", 4),
    }.items():
        (tmp_path / name).mkdir()
        export.write(tmp_path / name, cfg)
        written[name] = ("export", tmp_path / name / export.CONFIG)
    serve = deploy.ServeSpec(base, "pocket", {"run-1": "/a"}, backend="vllm", lora_rank=32, api_key="k")
    (tmp_path / "deploy").mkdir()
    deploy.write(tmp_path / "deploy", serve)
    written["deploy"] = ("deploy", tmp_path / "deploy" / deploy.CONFIG)
    infer = generate.InferSpec(base, "/a", tmp_path / "p.jsonl", tmp_path / "r.jsonl", 0.7, 64, 1)
    generate.write(tmp_path / "infer.yaml", infer)
    written["infer"] = ("infer", tmp_path / "infer.yaml")
    return written


def test_every_config_the_studio_writes_is_one_ms_swift_takes_whole(tmp_path, monkeypatch):
    for name, (command, path) in written_configs(tmp_path).items():
        assert swift_leftovers(command, path, monkeypatch) == [], name
    # The check can fail: ms-swift 4.6 has no trust_remote_code argument (it always trusts; see swift.ships_code).
    bad = tmp_path / "bad.yaml"
    bad.write_text(yaml.safe_dump({"model": "/m", "trust_remote_code": True}))
    assert swift_leftovers("sft", bad, monkeypatch) == ["--trust_remote_code", "True"]


def test_the_studio_starts_the_script_and_flags_ms_swifts_wrapper_would(tmp_path, monkeypatch):
    """direct_argv skips ms-swift's CLI wrapper; the expected argv is the wrapper's own (swift/cli/main.py in
    ms-swift 4.6: its route table and its YAML-to-flags step), for every config the studio writes and one with
    every kind of value."""
    import importlib.util

    from swift.cli.main import ROUTE_MAPPING, parse_yaml_args

    for var in ("NPROC_PER_NODE", "NNODES"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("SWIFT_CONFIG_FILE", "")
    configs = written_configs(tmp_path)
    odd = swift.write_config(
        tmp_path / "odd.yaml",
        {"model": "/m 1", "flag": True, "none": None, "lr": 1e-05, "ids": [1, "两"], "kw": {"a": "一", "b": [2]}},
    )
    configs["odd"] = ("merge-lora", odd)
    for name, (command, path) in configs.items():
        wrapped = [str(path)]
        parse_yaml_args(wrapped)
        script = importlib.util.find_spec(ROUTE_MAPPING[command]).origin
        assert swift.direct_argv(command, path) == [sys.executable, script, *wrapped], name
    # Several GPUs: torchrun, which the wrapper starts; the studio leaves that to it.
    monkeypatch.setenv("NPROC_PER_NODE", "2")
    assert swift.direct_argv("sft", configs["sft"][1]) == swift.wrapper_argv("sft", configs["sft"][1])


@pytest.mark.parametrize("where", ["config.json", "tokenizer_config.json"])
def test_a_model_that_ships_code_is_refused_unless_trusted(tmp_path, where):
    model = tmp_path / "m"
    model.mkdir()
    (model / "config.json").write_text(json.dumps({"model_type": "qwen2"}))
    cfg = {"model": str(model), "template": "qwen2_5"}
    swift.write_config(tmp_path / "plain.yaml", cfg)  # no auto_map: nothing of its own to run
    (model / where).write_text(json.dumps({"model_type": "qwen2", "auto_map": {"AutoConfig": "x.XConfig"}}))
    from studio.core.i18n import UserError

    with pytest.raises(UserError) as e:
        swift.write_config(tmp_path / "c.yaml", cfg)
    assert "m" in e.value.text("en") and "trust model code" in e.value.text("en") and "auto_map" in e.value.text("zh")
    assert not (tmp_path / "c.yaml").exists()
    swift.write_config(tmp_path / "c.yaml", {**cfg, "trust_remote_code": True}, trust_code=True)
    assert yaml.safe_load((tmp_path / "c.yaml").read_text()) == cfg
