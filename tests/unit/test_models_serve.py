"""Deployments: which adapters a server gets and under which names, the ms-swift deploy flags, refusals."""

from __future__ import annotations

import socket

import pytest
import yaml
from test_models import make_base, make_run  # noqa: E402  (same folder)

from studio.chat import deployments
from studio.core.i18n import UserError
from studio.engine import deploy as engine
from studio.engine.export import Base, quant_support
from studio.jobs.store import Jobs


def test_a_base_is_served_with_every_adapter_trained_on_it(ws):
    base = make_base(ws)
    sft = make_run(ws, base, kind="sft", method="sft")
    dpo = make_run(ws, base, kind="align", method="dpo", steps=(1, 2, 3))
    make_run(ws, make_base(ws, "other"), kind="sft", method="sft")  # another base: not included
    spec, base_id = deployments.plan(ws, deployments.DeployRequest(model="pocket-tiny"))
    assert base_id == "pocket-tiny" and spec.served_name == "pocket-tiny"
    assert spec.base == Base(str(base), "qwen2", "qwen")
    sft_name, dpo_name = f"sft-{sft.id.rsplit('-', 1)[1]}", f"dpo-{dpo.id.rsplit('-', 1)[1]}"
    assert spec.adapters == {
        dpo_name: str(dpo.run_dir / "output" / "checkpoint-3"),
        sft_name: str(sft.run_dir / "output" / "checkpoint-2"),
    }


def test_a_run_is_served_over_its_base_and_an_earlier_checkpoint_gets_its_own_name(ws):
    base = make_base(ws)
    dpo = make_run(ws, base, steps=(1, 2))
    spec, base_id = deployments.plan(ws, deployments.DeployRequest(model=f"{dpo.id}@1", adapters=[]))
    name = f"dpo-{dpo.id.rsplit('-', 1)[1]}-1"
    assert base_id == "pocket-tiny" and spec.adapters == {name: str(dpo.run_dir / "output" / "checkpoint-1")}
    both, _ = deployments.plan(ws, deployments.DeployRequest(model="pocket-tiny", adapters=[f"{dpo.id}@1", dpo.id]))
    assert sorted(both.adapters) == sorted([name, name[:-2]])


def test_deploy_config_and_argv(ws, tmp_path):
    spec = engine.ServeSpec(Base("/m", "qwen2", "qwen"), "pocket-tiny", {"dpo-1": "/a/ckpt"}, port=8123, api_key="k")
    argv = engine.write(tmp_path, spec)
    assert argv[-4:] == ["studio.engine.swift", "exec", "deploy", str(tmp_path / "config.yaml")]
    cfg = yaml.safe_load((tmp_path / "config.yaml").read_text())
    assert cfg["adapters"] == ["dpo-1=/a/ckpt"] and cfg["served_model_name"] == "pocket-tiny"
    assert cfg["infer_backend"] == "transformers" and cfg["port"] == 8123 and cfg["api_key"] == "k"
    assert cfg["host"] == "127.0.0.1" and cfg["verbose"] is False
    no_adapters = engine.deploy_config(engine.ServeSpec(Base("/m"), "m"))
    assert "adapters" not in {k for k, v in no_adapters.items() if v is not None}


def test_the_log_says_which_port_the_server_took(ws):
    log = "INFO:     Started server process [1]\nINFO:     Uvicorn running on http://127.0.0.1:8001 (Press CTRL+C)\n"
    assert engine.listening(log) == ("127.0.0.1", 8001)
    assert engine.listening("loading the model…") is None
    base = make_base(ws)
    job = Jobs(ws).submit(
        "deploy",
        ["true"],
        title="x",
        start=False,
        meta={"base": "pocket-tiny", "served_name": "pocket-tiny", "host": "0.0.0.0", "port": 8000},
    )
    job.log_path.write_text(log)
    dep = deployments.Deployment.from_job(job)
    assert dep.actual_port == 8001 and dep.base_url == "http://127.0.0.1:8001/v1"
    assert base.exists()


@pytest.mark.parametrize(
    "req, words",
    [
        (deployments.DeployRequest("m", host="0.0.0.0"), "set an API key"),
        (deployments.DeployRequest("m", host="192.168.1.5"), "set an API key"),
        (deployments.DeployRequest("m", port=80), "1024 to 65535"),
        (deployments.DeployRequest("m", host="127.0.0.1; touch /tmp/x", api_key="k"), "not an IP address or host name"),
        (deployments.DeployRequest("m", host="my pc", api_key="k"), "not an IP address or host name"),
        (deployments.DeployRequest("m", backend="tgi"), "Unknown inference backend"),
        (deployments.DeployRequest("m", backend="vllm"), "vllm"),
    ],
)
def test_requests_that_cannot_work_are_refused(req, words):
    with pytest.raises(UserError) as e:
        deployments.check_request(req)
    assert words in e.value.text("en")


def test_a_taken_port_is_refused_before_anything_starts(ws):
    make_base(ws)
    with socket.socket() as s:
        s.bind(("", 0))
        s.listen()
        port = s.getsockname()[1]
        with pytest.raises(UserError) as e:
            deployments.start(ws, deployments.DeployRequest("pocket-tiny", port=port))
    assert f"Port {port} is already in use" in e.value.text("en")
    assert Jobs(ws).list(kinds=("deploy",)) == []


def test_only_one_deployment_at_a_time(ws):
    make_base(ws)
    Jobs(ws).submit("deploy", ["true"], start=False, meta={"served_name": "pocket-tiny", "port": 8000})
    with pytest.raises(UserError) as e:
        deployments.start(ws, deployments.DeployRequest("pocket-tiny"))
    assert "already running" in e.value.text("en")


def test_examples_are_ready_to_paste(ws):
    job = Jobs(ws).submit(
        "deploy",
        ["true"],
        start=False,
        meta={"served_name": "m", "adapters": {"dpo-1": "/x"}, "host": "127.0.0.1", "port": 8011, "api_key": "sk-1"},
    )
    ex = deployments.examples(deployments.Deployment.from_job(job))
    assert "http://127.0.0.1:8011/v1/chat/completions" in ex["curl"] and "Bearer sk-1" in ex["curl"]
    assert '"model": "dpo-1"' in ex["curl"]
    assert 'base_url="http://127.0.0.1:8011/v1"' in ex["python"] and 'api_key="sk-1"' in ex["python"]
    compile(ex["python"], "example", "exec")


def test_loopback():
    assert (
        deployments.is_loopback("127.0.0.1") and deployments.is_loopback("::1") and deployments.is_loopback("localhost")
    )
    assert not deployments.is_loopback("0.0.0.0") and not deployments.is_loopback("10.0.0.2")


# ------------------------------------------------------------------ backend rules checked before launch


def _rank(run, step: int, r: int) -> None:
    (run.run_dir / "output" / f"checkpoint-{step}" / "adapter_config.json").write_text(f'{{"r": {r}}}')


def test_lmdeploy_with_adapters_is_refused_with_the_merge_that_fixes_it(ws):
    base = make_base(ws)
    dpo = make_run(ws, base, steps=(1, 2))
    with pytest.raises(UserError) as e:
        deployments.plan(ws, deployments.DeployRequest(model=dpo.id, backend="lmdeploy"))
    assert f"qixi export merge --run {dpo.id}" in e.value.text("en") and "base model" in e.value.text("en")
    assert f"qixi export merge --run {dpo.id}" in e.value.text("zh") and "合并" in e.value.text("zh")
    # The base alone (no adapters) is what LmDeploy can serve.
    spec, _ = deployments.plan(ws, deployments.DeployRequest(model="pocket-tiny", adapters=[], backend="lmdeploy"))
    assert spec.adapters == {} and engine.deploy_config(spec)["infer_backend"] == "lmdeploy"


def test_vllm_gets_its_lora_rank_limit_from_the_adapters(ws):
    base = make_base(ws)
    sft = make_run(ws, base, kind="sft", method="sft")
    dpo = make_run(ws, base, steps=(1, 2))
    _rank(sft, 2, 8)
    _rank(dpo, 2, 32)  # the 80gb preset's rank: above ms-swift's default limit of 16
    spec, _ = deployments.plan(ws, deployments.DeployRequest(model="pocket-tiny", backend="vllm"))
    assert spec.lora_rank == 32 and engine.deploy_config(spec)["vllm_max_lora_rank"] == 32
    # transformers needs no limit; vLLM without adapters neither
    t, _ = deployments.plan(ws, deployments.DeployRequest(model="pocket-tiny"))
    assert "vllm_max_lora_rank" not in engine.deploy_config(t)
    alone, _ = deployments.plan(ws, deployments.DeployRequest(model="pocket-tiny", adapters=[], backend="vllm"))
    assert "vllm_max_lora_rank" not in engine.deploy_config(alone)


@pytest.mark.parametrize("rank, limit", [(1, 8), (8, 8), (12, 16), (16, 16), (20, 32), (64, 64), (300, 320)])
def test_vllm_rank_limit_is_the_next_value_vllm_accepts(rank, limit):
    # vLLM's LoRAConfig accepts max_lora_rank in 1, 8, 16, 32, 64, 128, 256, 320, 512 (its docs).
    assert engine.vllm_lora_rank(rank) == limit


def test_a_rank_pattern_counts_and_a_missing_config_is_unknown(tmp_path):
    (tmp_path / "adapter_config.json").write_text('{"r": 8, "rank_pattern": {"q_proj": 64}}')
    assert engine.adapter_rank(tmp_path) == 64
    assert engine.adapter_rank(tmp_path / "nowhere") is None


@pytest.mark.skipif(
    __import__("importlib.util").util.find_spec("torchvision") is not None, reason="torchvision is installed here"
)
def test_gptqmodel_without_torchvision_is_refused_naming_torchvision(ws, tmp_path, monkeypatch):
    # gptqmodel 7.3.6 runs `import torchvision` on its own import without declaring it (seen on 2026-12-06: the
    # import failed in its InternVL definition). Stand-in, named so: an empty `gptqmodel` package on sys.path,
    # since the fault "gptqmodel present, torchvision absent" needs the real package installed to arise here.
    site = tmp_path / "site"
    (site / "gptqmodel").mkdir(parents=True)
    (site / "gptqmodel" / "__init__.py").write_text("")
    monkeypatch.syspath_prepend(str(site))
    base = make_base(ws)  # AWQ: its loader needs gptqmodel alone (GPTQ's needs optimum too)
    (base / "config.json").write_text('{"quantization_config": {"quant_method": "awq", "bits": 4}}')
    with pytest.raises(UserError) as e:
        deployments.plan(ws, deployments.DeployRequest(model="pocket-tiny"))
    for lang in ("en", "zh"):
        assert "pip install torchvision" in e.value.text(lang), e.value.text(lang)
        assert "gptqmodel torchvision" not in e.value.text(lang)
    support = quant_support("gptq", cuda=True)
    assert "torchvision" in support.missing and "gptqmodel" not in support.missing
    assert "torchvision" in support.why_not()("en") and "torchvision" in support.why_not()("zh")


@pytest.mark.skipif(
    __import__("importlib.util").util.find_spec("gptqmodel") is not None, reason="gptqmodel is installed here"
)
@pytest.mark.parametrize("method", ["awq", "gptq"])
def test_an_awq_or_gptq_model_without_gptqmodel_is_refused_before_launch(ws, method):
    base = make_base(ws)
    (base / "config.json").write_text(f'{{"quantization_config": {{"quant_method": "{method}", "bits": 4}}}}')
    with pytest.raises(UserError) as e:
        deployments.plan(ws, deployments.DeployRequest(model="pocket-tiny"))
    # What transformers 5.17's loaders import (quantizers/quantizer_awq.py, quantizer_gptq.py: GPTQ also needs
    # optimum) and what `import gptqmodel` imports (torchvision); those missing here are named, in this order.
    loads = {"awq": ["gptqmodel", "torchvision"], "gptq": ["optimum", "gptqmodel", "torchvision"]}[method]
    missing = " ".join(p for p in loads if __import__("importlib.util").util.find_spec(p) is None)
    assert f"pip install {missing}" in e.value.text("en") and f"pip install {missing}" in e.value.text("zh")
    assert "bitsandbytes" in e.value.text("en")


@pytest.mark.parametrize(
    "value, first", [("", 8000), ("8400", 8400), ("abc", 8000), ("80", 8000), ("70000", 8000), ("-9000", 8000)]
)
def test_the_chat_port_search_starts_where_qixi_chat_port_says(monkeypatch, value, first):
    monkeypatch.setenv("QIXI_CHAT_PORT", value)
    assert deployments.first_port() == first
