"""The memory planner: arithmetic that moves the right way, and presets that fit what they promise."""
from dataclasses import replace

import pytest

from studio import planner as M
from studio import presets as P

QWEN7 = M.Arch.from_dict(P.catalog_entry("qwen2.5-7b-instruct").arch)
QWEN05 = M.Arch.from_dict(P.catalog_entry("qwen2.5-0.5b-instruct").arch)


def test_parameter_count_from_shapes_matches_the_published_size():
    # Qwen2.5-7B: 7.62B; 0.5B: 0.49B (norms and biases are a rounding error here)
    assert QWEN7.params == pytest.approx(7.62e9, rel=0.02)
    assert QWEN05.params == pytest.approx(0.49e9, rel=0.03)


def test_lora_parameters_all_linear_vs_qv():
    all_linear = M.lora_params(QWEN7, 8, "all-linear")
    qv = M.lora_params(QWEN7, 8, "qv")
    assert all_linear == pytest.approx(20.2e6, rel=0.01)     # the number PEFT prints for r=8
    assert qv < all_linear / 5
    assert M.lora_params(QWEN7, 16, "qv") == 2 * qv


@pytest.mark.parametrize("change, bigger", [
    ({"tuner": "qlora"}, False), ({"gradient_checkpointing": False}, True), ({"batch_size": 4}, True),
    ({"max_length": 4096}, True), ({"method": "dpo"}, True), ({"method": "simpo"}, True), ({"lora_rank": 64}, True),
    ({"dtype": "float32"}, True), ({"n_gpus": 4, "deepspeed": "zero3"}, False),
])
def test_each_setting_moves_the_estimate_the_right_way(change, bigger):
    plan = M.Plan(batch_size=2, max_length=1024)
    a, b = M.estimate(QWEN7, plan).total_gib, M.estimate(QWEN7, replace(plan, **change)).total_gib
    assert (b > a) == bigger, (change, a, b)


def test_dpo_costs_more_than_simpo_because_of_the_reference_forward():
    plan = M.Plan(batch_size=2, max_length=1024)
    dpo, simpo = M.estimate(QWEN7, replace(plan, method="dpo")), M.estimate(QWEN7, replace(plan, method="simpo"))
    assert dpo.reference_gib > 0 and simpo.reference_gib == 0
    assert dpo.total_gib > simpo.total_gib


def test_known_points_are_in_a_sane_range():
    """Sanity anchors from common experience (the lead calibrates on real GPUs)."""
    qlora7 = M.estimate(QWEN7, M.Plan(tuner="qlora", batch_size=1, max_length=1024)).total_gib
    lora7 = M.estimate(QWEN7, M.Plan(tuner="lora", batch_size=1, max_length=2048)).total_gib
    assert 6 < qlora7 < 12       # QLoRA 7B trains on a 12 GB card
    assert 16 < lora7 < 24       # bf16 LoRA 7B needs a 24 GB card


def test_every_gpu_preset_fits_the_memory_it_is_meant_for():
    for name in P.preset_names():
        pre = P.get_preset(name)
        if not pre.memory_gib:
            continue
        s = P.resolve(name, {})
        arch = M.Arch.from_dict(P.catalog_entry(s.model).arch, P.catalog_entry(s.model).params_b)
        for method in ("sft", "dpo"):
            plan = M.Plan(method=method, tuner=s.tuner, lora_rank=s.lora_rank, batch_size=s.batch_size,
                          max_length=s.max_length, gradient_checkpointing=s.gradient_checkpointing)
            est = M.estimate(arch, plan).total_gib
            assert est <= pre.memory_gib, f"{name} ({method}) needs {est:.1f} GiB"


def test_shrink_to_fit_finds_the_mildest_change_that_fits():
    plan = M.Plan(tuner="lora", batch_size=4, max_length=2048, gradient_checkpointing=False)
    assert M.estimate(QWEN7, plan).total_gib > 11
    s = M.shrink_to_fit(QWEN7, plan, 11.0)
    assert s is not None and s.estimate.total_gib <= 11.0
    assert s.changes.get("gradient_checkpointing") is True and s.changes.get("tuner") == "qlora"
    assert M.shrink_to_fit(QWEN7, plan, 11.0, cuda=False) is None or \
        "tuner" not in M.shrink_to_fit(QWEN7, plan, 11.0, cuda=False).changes
    assert M.shrink_to_fit(QWEN7, plan, 1.0) is None
    small = M.Plan(batch_size=1, max_length=512)
    assert M.shrink_to_fit(QWEN05, small, 80.0).changes == {}


def test_arch_from_a_config_json():
    cfg = {"num_hidden_layers": 2, "hidden_size": 96, "intermediate_size": 256, "num_attention_heads": 4,
           "num_key_value_heads": 2, "vocab_size": 3008, "tie_word_embeddings": True}
    a = M.Arch.from_hf_config(cfg)
    assert (a.layers, a.hidden, a.kv_heads, a.vocab, a.tied) == (2, 96, 2, 3008, True)
    assert M.Arch.from_hf_config({"hidden_size": 3}) is None


def test_calibration_reports_the_ratio_of_measured_to_estimated():
    plan = M.Plan(tuner="qlora")
    est = M.estimate(QWEN7, plan).total_gib
    out = M.calibrate_from([M.Measurement(QWEN7, plan, est * 1.2)])
    assert out["mean"] == pytest.approx(1.2, abs=1e-3)
