"""The training methods live in one registry (studio/training/methods.py): adding one is one entry there."""

import re
from dataclasses import fields

import pytest
import yaml

from studio.cli import build_parser
from studio.core.i18n import Text, UserError
from studio.data.rows import KINDS
from studio.engine import export, swift
from studio.training import methods
from studio.training import planner as PL
from studio.training import presets as P
from studio.training import recipe as RC
from studio.training import train as T
from studio.ui import start_tab, train_tab

# A method no code has heard of: three sequences per sample, a reference model, two existing knobs.
TENDER = methods.Method(
    "tender",
    "Tender",
    Text("温柔偏好 (Tender)", "Tender preference (Tender)"),
    Text("Tender：一个只在测试里存在的方法。", "Tender: a method that exists only in this test."),
    objective="tender",
    data_kinds=("pairs",),
    knobs=("beta", "cpo_alpha"),
    defaults={"learning_rate": 3e-5, "epochs": 2.0, "beta": 0.3, "cpo_alpha": 0.4},
    seqs_per_sample=3,
    reference=True,
)
ALL_KNOBS = dict(beta=0.2, simpo_gamma=0.7, cpo_alpha=0.5, rpo_alpha=0.3, desirable_weight=1.5, undesirable_weight=0.8)


def test_a_new_method_is_one_entry_every_place_reads(monkeypatch, tmp_path):
    with pytest.raises(UserError):  # unknown until the entry exists
        P.resolve(None, {}, "tender")
    monkeypatch.setitem(methods.REGISTRY, "tender", TENDER)

    # Settings: its defaults, its knobs only, an alignment method.
    s = P.resolve(None, {"simpo_gamma": 1.5}, "tender")
    assert (s.learning_rate, s.epochs, s.beta, s.cpo_alpha) == (3e-5, 2.0, 0.3, 0.4)
    assert s.simpo_gamma is None and s.is_align
    assert T.data_kinds("tender") == ("pairs",)

    # The planner: 3 sequences per sample (3x SFT's activations, nothing concatenated), and the reference
    # forward adds half a pass to the 2 of forward + backward.
    arch = PL.Arch(layers=4, hidden=256, intermediate=1024, heads=4, kv_heads=2, vocab=1000)
    sft, tender = (
        PL.Plan(method="sft", gradient_checkpointing=False),
        PL.Plan(method="tender", gradient_checkpointing=False),
    )
    assert PL.estimate(arch, tender).activations_gib == pytest.approx(3 * PL.estimate(arch, sft).activations_gib)
    clock = PL.SpeedModel(micro_overhead_s=0.0)
    assert PL.step_seconds(arch, tender, 4, clock) == pytest.approx(3 * 2.5 / 2 * PL.step_seconds(arch, sft, 4, clock))

    # The engine: ms-swift's rlhf command with this objective, its knobs only, the reference adapter.
    spec = swift.TrainSpec(
        model="/m",
        dataset=["/d/train.jsonl"],
        run_dir=tmp_path,
        method="tender",
        adapters=["/sft/ckpt-2"],
        ref_adapters=["/sft/ckpt-2"],
        **ALL_KNOBS,
    )
    argv = swift.write_train(spec)
    assert argv[4:] == ["rlhf", str(tmp_path / "config.yaml")]
    cfg = yaml.safe_load((tmp_path / "config.yaml").read_text())
    assert cfg["rlhf_type"] == "tender" and cfg["ref_adapters"] == ["/sft/ckpt-2"]
    assert {k: cfg[k] for k in ALL_KNOBS if k in cfg} == {"beta": 0.2, "cpo_alpha": 0.5}
    assert export.run_method(cfg) == "tender"

    # The Train tab's radio, its form (another method's knob is dropped), and the Start tab's recipe choice.
    assert ("Tender preference (Tender)", "tender") in train_tab.method_choices("en")
    assert ("温柔偏好 (Tender)", "tender") in start_tab.method_choices("zh")
    form = {**P.baseline(None, "tender").to_dict(), "simpo_gamma": 2.0, "beta": 0.6, "gpus": []}
    got, _ = train_tab.settings_from_form(None, {k: form[k] for k in train_tab.FORM})
    assert got.method == "tender" and got.beta == 0.6 and got.simpo_gamma is None

    # The CLI and the recipe accept it.
    args = build_parser().parse_args(["train", "align", "--method", "tender"])
    assert args.method == "tender"
    assert RC.RecipeSettings(method="tender").method == "tender"


def test_the_registry_matches_what_reads_it():
    spec_fields = {f.name for f in fields(swift.TrainSpec)}
    assert list(methods.REGISTRY)[0] == "sft" and not methods.get("sft").align
    for name, m in methods.REGISTRY.items():
        assert m.name == name and m.label and m.choice.zh and m.choice.en and m.about.zh and m.about.en
        assert set(m.data_kinds) <= set(KINDS), name
        for key, value in m.defaults.items():  # every default is a valid setting
            assert P.check_value(key, value) == value, (name, key)
        for knob in m.knobs:
            assert knob in P.FIELDS and knob in spec_fields and knob in swift.KNOB_FLAGS, (name, knob)
            assert train_tab._label(knob, "en"), knob
        assert m.seqs_per_sample >= 1 and m.min_samples_per_step >= 1


def test_objectives_and_knob_flags_are_ones_ms_swift_knows():
    """Read from ms-swift's own argument class, not from our code."""
    src = (swift.source_root() / "arguments" / "rlhf_args.py").read_text(encoding="utf-8")
    rlhf_types = set(re.findall(r"'(\w+)'", re.search(r"rlhf_type: Literal\[([^\]]*)\]", src).group(1)))
    flags = set(re.findall(r"^\s+(\w+):", src, re.M))
    for m in methods.REGISTRY.values():
        if m.align:
            assert m.objective in rlhf_types, m.name
    assert set(swift.KNOB_FLAGS.values()) <= flags
