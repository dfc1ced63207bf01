"""Shared by the round generators (round14-fresh and later): fill frames with slot words, type each
line one way at random, write the four sets. Standard library only: a round must not import studio,
so nothing of the guard's corpus or rules can leak into it."""
from __future__ import annotations

import json
import random
import re
from pathlib import Path
from typing import Callable

SIDE_SETS = ("self_harm", "idioms", "dependency", "warm")


def build(frames: dict, words: dict, typed: Callable[[random.Random, str, bool], str], seed: int,
          per_set: int) -> dict[str, list[dict]]:
    """{set: rows}; every (set, lang) has exactly `per_set` frames, filled in order from one seeded rng."""
    rng = random.Random(seed)
    out: dict[str, list[dict]] = {name: [] for name in SIDE_SETS}
    for (name, lang), group in frames.items():
        assert len(group) == per_set, (name, lang, len(group))
        for frame in group:
            text = re.sub(r"\{(\w+)\}", lambda m: rng.choice(words[lang][m.group(1)]), frame)
            out[name].append({"text": typed(rng, text, lang == "zh"), "lang": lang})
    return out


def write(here: Path, sets: dict[str, list[dict]]) -> None:
    for name, rows in sets.items():
        (here / f"{name}.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows),
                                            encoding="utf-8")
        print(name, len(rows))
