"""The real-GPU path end to end through the `qixi` CLI (issue 18), on a random-initialised Qwen2.5-1.5B shape:
QLoRA SFT -> DPO -> `qixi deploy start` + the openai client asking an adapter by name -> merge -> 4-bit exports
-> `qixi chat` with each. benchmarks/gpu_chain.py does the work and writes the sizes and times; this test
checks what each step must have done. Run through the device tool only:

    python3 -m pytest tests/gpu -m gpu -q -s
QIXI_CHAIN_METHODS=bnb exports bitsandbytes only; QIXI_CHAIN_SFT_STEPS / QIXI_CHAIN_DPO_STEPS shorten training,
QIXI_CHAIN_SAMPLES the AWQ / GPTQ calibration; QIXI_CHAIN_KERNELS=marlin_bf16,... builds gptqmodel's kernels in
the background from the start (a fresh machine has none); QIXI_CHAIN_PARALLEL=1 runs everything after DPO side
by side, each branch in a copy of the workspace: the merge and bnb, the server, AWQ, GPTQ (--parallel-exports);
QIXI_CHAIN_COPY_TO=DIR also writes the JSON there.
"""

from __future__ import annotations

import importlib.util
import json
import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.gpu


def _cuda() -> bool:
    try:
        import torch
    except ImportError:
        return False
    return torch.cuda.is_available()


@pytest.fixture(scope="module")
def chain(tmp_path_factory):
    if not _cuda():
        pytest.skip("needs CUDA")
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import gpu_chain

    out = tmp_path_factory.mktemp("chain")
    methods = os.environ.get("QIXI_CHAIN_METHODS", "bnb,awq,gptq")
    argv = [
        "--shape",
        "1.5b",
        "--methods",
        methods,
        "--tag",
        "gpu-test",
        "--results-dir",
        str(out),
        "--sft-steps",
        os.environ.get("QIXI_CHAIN_SFT_STEPS", "20"),
        "--dpo-steps",
        os.environ.get("QIXI_CHAIN_DPO_STEPS", "10"),
        "--calibration-samples",
        os.environ.get("QIXI_CHAIN_SAMPLES", "128"),
        "--kernels",
        os.environ.get("QIXI_CHAIN_KERNELS", ""),
    ]
    if os.environ.get("QIXI_CHAIN_PARALLEL"):
        argv.append("--parallel-exports")
    if os.environ.get("QIXI_CHAIN_COPY_TO"):
        argv += ["--copy-to", os.environ["QIXI_CHAIN_COPY_TO"]]
    gpu_chain.main(argv)
    return json.loads((out / "gpu_chain-gpu-test.json").read_text(encoding="utf-8")), methods.split(",")


def test_training_and_merge_succeed_and_the_merge_keeps_the_full_size(chain):
    r, _ = chain
    for step in ("data_sample", "sft", "dpo", "merge"):
        assert r["steps"][step]["ok"], r["steps"][step]
    assert r["sft_plan"]["preset"] and r["sft_plan"]["plan"]["fits"]
    # A merge writes the same bf16 weights (plus a card): within 1% of the base, not a 4-bit copy.
    assert r["sizes"]["merged"]["dtype"] == "bfloat16" and r["sizes"]["merged"]["quant_method"] is None
    assert abs(r["sizes"]["merged"]["bytes"] / r["sizes"]["base"]["bytes"] - 1) < 0.01


def test_training_moves_the_adapters(chain):
    # LoRA's B matrices start at zero: still zero after the steps means nothing was learned (2026-12-06, H100:
    # QLoRA SFT on the 80gb preset ended with every lora_B exactly 0 and the loss flat at ~11.95).
    for run in ("sft", "dpo"):
        row = chain[0]["learned"][run]
        assert "error" not in row and row["max_abs_lora_B"] > 0, row
    sft = chain[0]["learned"]["sft"]
    assert sft["last_loss"] < sft["first_loss"], sft


def test_the_server_answers_the_openai_client_with_an_adapter_by_name(chain):
    d = chain[0]["deploy"]
    assert d["ok"], d
    assert d["listed"] == d["models"] and d["adapter"] in d["listed"][1:]
    assert d["completion_tokens"] > 0
    # The adapter was applied. 30 LoRA steps on a random 1.5B left the greedy tokens as the base's (2026-12-06,
    # H100), so ms-swift itself is asked for log-probabilities: the base asked twice is the control (same
    # numbers), the adapter's differ from them.
    up = d["upstream"]
    assert "error" not in up, up
    assert up["n"] > 0 and up["base_repeat_max_diff"] == 0, up
    assert not up["tokens_same"] or up["adapter_max_diff"] > 1e-4, up
    assert d["stop"]["exit_code"] == 0


def test_each_4bit_export_is_smaller_and_answers_or_is_refused_with_the_package_to_install(chain):
    r, methods = chain
    merged = r["sizes"]["merged"]["bytes"]
    assert r["chat"]["merged"]["ok"], r["chat"]["merged"]
    loader = (
        "gptqmodel",
        "torchvision",
    )  # transformers 5 loads AWQ / GPTQ through gptqmodel, which imports torchvision
    installed = {"bnb": ("bitsandbytes",), "awq": ("awq",), "gptq": ("optimum", *loader)}
    for m in methods:
        step = r["steps"][f"quantize_{m}"]
        if all(importlib.util.find_spec(p) for p in installed[m]):
            assert step["ok"], step
            size = r["sizes"][f"{m}_int4"]
            # 4-bit linear layers with their scales; the embedding stays 16-bit: well under half.
            assert size["bits"] == 4 and size["bytes"] < 0.45 * merged, size
            chat = r["chat"][f"{m}_int4"]
            if m == "bnb" or all(importlib.util.find_spec(p) for p in loader):
                assert chat["ok"], chat
                if m == "awq":  # named at export, so the first load needs no download (it did on Hopper, offline)
                    assert size["backend"] == "marlin", size
            else:  # transformers 5 loads AWQ only through gptqmodel: said before launch (what is missing), no server
                need = " ".join(p for p in loader if not importlib.util.find_spec(p))
                assert not chat["ok"] and f"pip install {need}" in (chat["error"] or ""), chat
        else:
            assert not step["ok"] and "pip install" in (step.get("error_en") or step.get("error") or ""), step
            assert "pip install awq " not in (step.get("error_en") or "")
