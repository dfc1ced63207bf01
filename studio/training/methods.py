"""The training methods (SFT and the preference alignments): one entry each, read by every layer.

Adding a method is one `Method(...)` in REGISTRY: the settings, presets, planner, Train and Start tabs,
CLI choices and the engine's ms-swift config all read it from here. This module is a plain table
every layer may import (like studio.core.i18n): it imports nothing of the studio but Text, and it knows no
ms-swift flag name - studio/engine/swift.py maps `objective` and the knobs to ms-swift's flags.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from studio.core.i18n import Text, UserError


@dataclass(frozen=True)
class Method:
    name: str  # our id: saved in runs and presets, the CLI's --method
    label: str  # the short name in run lists and job titles ("SimPO")
    choice: Text  # the Train tab's choice: plain words first, the name in brackets
    about: Text  # the line under that choice
    objective: str  # what the trainer optimises: "sft", or the preference loss the engine runs
    data_kinds: tuple[str, ...]  # dataset kinds it trains on (studio.data.rows.KINDS); the first is its own
    knobs: tuple[str, ...] = ()  # its own settings (TrainSettings fields); other methods' knobs are cleared
    defaults: dict = field(default_factory=dict)  # where it starts: before presets and the user's changes
    seqs_per_sample: int = 1  # sequences run forward per sample (the planner's memory and speed)
    concatenated: bool = False  # chosen and rejected in one forward (TRL): fewer activations per token
    reference: bool = False  # compares against a frozen reference model (its forward costs time)
    min_samples_per_step: int = 1  # batch size x accumulation needed (KTO compares samples within a batch)
    recipe_choice: Text | None = None  # the Start tab's recipe wording, when it differs from `choice`

    @property
    def align(self) -> bool:
        """A preference method (it continues from an SFT run), as opposed to SFT itself."""
        return self.objective != "sft"


# Alignment starts lower and shorter than SFT; the knob values are the papers' and ms-swift's recommendations.
_ALIGN = {"learning_rate": 5e-5, "epochs": 1.0}
_PAIRS = dict(data_kinds=("pairs",), seqs_per_sample=2, concatenated=True)

REGISTRY: dict[str, Method] = {
    m.name: m
    for m in (
        Method(
            "sft",
            "SFT",
            Text("学说话 (SFT)", "Learn to talk (SFT)"),
            Text("SFT：照着示范回复学说话。", "SFT: learn to talk from example replies."),
            objective="sft",
            data_kinds=("sft", "pairs"),
        ),
        Method(
            "dpo",
            "DPO",
            Text("偏好学习 (DPO)", "Preference learning (DPO)"),
            Text(
                "DPO：直接让好回复比差回复更可能，参照原模型不跑偏。",
                "DPO: make chosen replies likelier than rejected ones, anchored to the original model.",
            ),
            objective="dpo",
            knobs=("beta", "rpo_alpha"),
            defaults={**_ALIGN, "beta": 0.1},
            reference=True,
            recipe_choice=Text("偏好学习 (DPO，推荐)", "Preference learning (DPO, recommended)"),
            **_PAIRS,
        ),
        Method(
            "simpo",
            "SimPO",
            Text("省显存的偏好学习 (SimPO)", "Lighter preference learning (SimPO)"),
            Text(
                "SimPO：不需要参考模型，按平均每个词的概率比较好坏回复，更省显存。",
                "SimPO: no reference model; compares replies by average per-token likelihood; lighter.",
            ),
            objective="simpo",
            knobs=("beta", "simpo_gamma", "cpo_alpha"),
            defaults={**_ALIGN, "beta": 2.0, "simpo_gamma": 1.0, "cpo_alpha": 0.0},
            **_PAIRS,
        ),
        Method(
            "orpo",
            "ORPO",
            Text("说话和偏好一起学 (ORPO)", "Talk and preference at once (ORPO)"),
            Text(
                "ORPO：学说话和学偏好一步完成，不需要参考模型。",
                "ORPO: learns to talk and the preference in one go; no reference model.",
            ),
            objective="orpo",
            knobs=("beta",),
            defaults={**_ALIGN, "beta": 0.1},
            recipe_choice=Text("一步完成 (ORPO)", "All in one step (ORPO)"),
            **_PAIRS,
        ),
        # KTO reads single good/bad rows (pairs are split into two); each sample runs beside a KL sample.
        Method(
            "kto",
            "KTO",
            Text("从好/差单条学 (KTO)", "Learn from good/bad marks (KTO)"),
            Text(
                "KTO：只需要“好/不好”的单条标注，不必成对。", "KTO: needs only a good/bad label per reply, not pairs."
            ),
            objective="kto",
            data_kinds=("kto", "pairs"),
            knobs=("beta", "desirable_weight", "undesirable_weight"),
            defaults={**_ALIGN, "beta": 0.1, "desirable_weight": 1.0, "undesirable_weight": 1.0},
            seqs_per_sample=2,
            reference=True,
            min_samples_per_step=2,
            recipe_choice=Text("只看好/不好 (KTO)", "Good/bad labels only (KTO)"),
        ),
        Method(
            "cpo",
            "CPO",
            Text("对比学习 (CPO)", "Contrast learning (CPO)"),
            Text(
                "CPO：对比好坏回复再加一点 SFT，不需要参考模型。",
                "CPO: contrasts chosen and rejected plus a little SFT; no reference model.",
            ),
            objective="cpo",
            knobs=("beta", "cpo_alpha"),
            defaults={**_ALIGN, "beta": 0.1, "cpo_alpha": 1.0},
            recipe_choice=Text("对比 + 学说话 (CPO)", "Contrast plus talking (CPO)"),
            **_PAIRS,
        ),
    )
}


# Functions, not constants: every reader sees the registry as it is now (a test may add an entry).
def names() -> tuple[str, ...]:
    return tuple(REGISTRY)


def align_names() -> tuple[str, ...]:
    return tuple(n for n, m in REGISTRY.items() if m.align)


def get(name: str) -> Method:
    """The method called `name`, or a sentence listing the ones there are."""
    m = REGISTRY.get(name)
    if m is None:
        raise UserError(
            f"训练方式“{name}”不存在：可选 {' / '.join(REGISTRY)}。",
            f"There is no training method “{name}”: choose {' / '.join(REGISTRY)}.",
        )
    return m


def all_knobs() -> tuple[str, ...]:
    """Every method's knobs, each once, in the order first seen."""
    return tuple(dict.fromkeys(k for m in REGISTRY.values() for k in m.knobs))


def label(name: str) -> str:
    """The short name of a method; an unknown one (an old run's) as it is."""
    m = REGISTRY.get(name)
    return m.label if m else name
