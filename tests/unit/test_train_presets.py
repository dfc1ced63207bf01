"""Training settings, presets, the model catalog and GPU detection."""

import re
from pathlib import Path

import pytest
import yaml

from studio.core.i18n import UserError
from studio.engine import swift
from studio.training import presets as P


def test_precedence_defaults_method_preset_user():
    plain = P.resolve(None, {})
    assert plain.learning_rate == 1e-4 and plain.beta is None  # dataclass default, SFT
    dpo = P.resolve(None, {}, "dpo")
    assert dpo.learning_rate == 5e-5 and dpo.beta == 0.1  # method default
    pocket = P.resolve("cpu-pocket", {}, "dpo")
    preset_lr = P.get_preset("cpu-pocket").values["learning_rate"]
    assert preset_lr != 5e-5 and pocket.learning_rate == preset_lr  # preset beats method
    assert pocket.max_length == 256
    mine = P.resolve("cpu-pocket", {"learning_rate": 2e-4, "beta": 0.3}, "dpo")
    assert mine.learning_rate == 2e-4 and mine.beta == 0.3  # user beats preset
    assert P.resolve("cpu-pocket", {"beta": 0.3}, "sft").beta is None  # another method's knob is dropped


def test_user_changes_are_only_what_differs_from_the_preset():
    base = P.baseline("8gb").to_dict()
    values = {**base, "lora_rank": 64, "learning_rate": base["learning_rate"]}
    assert P.user_changes("8gb", values) == {"lora_rank": 64}


@pytest.mark.parametrize(
    "changes, words",
    [
        ({"learnig_rate": 1e-4}, ["learnig_rate", "not a known setting"]),
        ({"batch_size": "4"}, ["batch_size", "whole number"]),
        ({"batch_size": True}, ["batch_size", "whole number"]),
        ({"gradient_checkpointing": "yes"}, ["gradient_checkpointing", "true or false"]),
        ({"tuner": "dora"}, ["tuner", "lora / qlora"]),
        ({"lora_dropout": 2.0}, ["lora_dropout", "between 0.0 and 0.9"]),
        ({"gpus": [0, "1"]}, ["gpus", "list of whole numbers"]),
    ],
)
def test_unknown_keys_and_wrong_types_are_refused_with_a_sentence(changes, words):
    with pytest.raises(UserError) as e:
        P.resolve(None, changes)
    for w in words:
        assert w in e.value.msg.en
    assert e.value.msg.zh and e.value.msg.zh != e.value.msg.en


def test_int_given_for_a_float_setting_is_accepted():
    assert P.resolve(None, {"learning_rate": 1}).learning_rate == 1.0


def test_kto_needs_more_than_one_sample_per_step():
    with pytest.raises(UserError, match="at least 2"):
        P.resolve(None, {"batch_size": 1, "grad_accum": 1}, "kto")


def test_every_preset_file_is_small_valid_and_differs_from_the_defaults():
    defaults = P.TrainSettings().to_dict()
    names = P.preset_names()
    assert names == ["cpu-pocket", "8gb", "12gb", "16gb", "24gb", "48gb", "80gb"]
    for name in names:
        raw = yaml.safe_load((P.PRESETS_DIR / f"{name}.yaml").read_text(encoding="utf-8"))
        pre = P.get_preset(name)
        assert pre.about.zh and pre.about.en
        for k, v in pre.values.items():
            assert v != defaults[k], f"{name}.yaml repeats the default {k}={v}"
        assert set(raw) - set(P.PRESET_META) == set(pre.values)
        assert P.catalog_entry(P.resolve(name, {}).model), f"{name}: model not in the catalog"


def test_a_broken_preset_file_is_refused_naming_the_file_and_key(tmp_path):
    bad = tmp_path / "mine.yaml"
    bad.write_text("memory_gib: 8\nbatch_size: two\n", encoding="utf-8")
    with pytest.raises(UserError) as e:
        P.load_preset_file(bad)
    assert "presets/train/mine.yaml" in e.value.msg.en and "batch_size" in e.value.msg.en
    bad.write_text("memory_gib: 8\nwarp_speed: 9\n", encoding="utf-8")
    with pytest.raises(UserError, match="warp_speed"):
        P.load_preset_file(bad)


NVIDIA_SMI = """NVIDIA GeForce RTX 4090, 24564, 1203
NVIDIA GeForce RTX 3060, 12288, 0
"""


def test_nvidia_smi_output_is_parsed_and_the_preset_follows_memory():
    gpus = P.parse_nvidia_smi(NVIDIA_SMI)
    assert [(g.index, g.name, g.total_mib, g.used_mib) for g in gpus] == [
        (0, "NVIDIA GeForce RTX 4090", 24564, 1203),
        (1, "NVIDIA GeForce RTX 3060", 12288, 0),
    ]
    assert round(gpus[0].free_gib, 2) == round((24564 - 1203) / 1024, 2)
    assert P.auto_preset([]) == "cpu-pocket"
    assert P.auto_preset(gpus[:1]) == "24gb"
    assert P.auto_preset(gpus) == "12gb"  # the smallest card chosen decides
    assert P.auto_preset(gpus, chosen=[0]) == "24gb"
    cards = {"8gb": 8192, "16gb": 16384, "48gb": 49140, "80gb": 81559}
    for preset, mib in cards.items():
        assert P.auto_preset([P.Gpu(0, "x", mib, 0)]) == preset
    assert P.auto_preset([P.Gpu(0, "A100 40GB", 40960, 0)]) == "24gb"
    assert P.parse_nvidia_smi("garbage\n\n") == []


def test_detect_gpus_uses_argv_and_survives_a_missing_driver(monkeypatch):
    src = Path(P.__file__).read_text(encoding="utf-8")
    assert "shell=True" not in src and "import torch" not in src
    monkeypatch.setenv("PATH", "/nonexistent")
    assert P.detect_gpus() == []


def test_catalog_matches_ms_swift_registry():
    """Every catalog model_type and template is one ms-swift knows; every hub id is in its registry."""
    root = swift.source_root()
    model_types = set(re.findall(r"^\s+\w+\s*=\s*'([\w.-]+)'", (root / "model" / "constant.py").read_text(), re.M))
    ids = [m.id for m in P.catalog()]
    assert len(ids) == len(set(ids))
    for m in P.catalog():
        assert m.model_type in model_types, m.id
        assert m.template in swift.known_templates(), m.id
        assert m.licence and m.name.zh and m.name.en
        if not m.pocket:
            assert swift.knows_hub_id(m.modelscope), m.modelscope
            assert m.huggingface
    wanted = {
        "qwen2.5-0.5b-instruct",
        "qwen2.5-1.5b-instruct",
        "qwen2.5-3b-instruct",
        "qwen2.5-7b-instruct",
        "qwen3-0.6b",
        "qwen3-1.7b",
        "qwen3-4b",
        "qwen3-8b",
        "llama-3.2-1b-instruct",
        "llama-3.2-3b-instruct",
        "pocket-tiny",
    }
    assert wanted <= set(ids)
    assert not swift.knows_hub_id("nobody/NoSuchModel-1B")
