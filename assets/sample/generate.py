#!/usr/bin/env python3
"""Build the bundled Qixi sample data from the hand-written lines in fragments.txt.

    python assets/sample/generate.py            # rewrite the files next to this script
    python assets/sample/generate.py --out DIR  # write them somewhere else (the tests compare)

Deterministic (fixed seed, no clock, no environment) and standard library only, so running it again
rewrites every file byte for byte. What each line of fragments.txt means is explained at its top.
"""

from __future__ import annotations

import argparse
import json
import random
import re
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
FRAGMENTS = HERE / "fragments.txt"
SEED = 20240810  # Qixi 2024

LANGS = ("zh", "en")
# How many items each situation gets, per language. English gets 2 or 3 so that about a quarter of
# everything is English; which one alternates by situation.
ZH_SFT, ZH_PAIRS, ZH_TWO_TURN, EN_TWO_TURN = 8, 7, 3, 1
# Length budget: a pocket model with a 256-token context trains on these.
ZH_REPLY_CHARS = (20, 120)
EN_REPLY_WORDS = (15, 60)
ZH_DIALOGUE_MAX_CHARS = 200
EN_DIALOGUE_MAX_WORDS = 120
USER_PREFIX_RATE = 0.3
# Reply shapes: opener + suggestion + question most of the time, shorter shapes for variety.
SHAPES = (("osq", 6), ("oq", 2), ("os", 2))

# A few everyday openers for the user's message, chosen by the situation's mood.
USER_PREFIXES = {
    "zh": {
        "neg": ["唉，", "宝，", "在吗？", "跟你说，", "呜呜，"],
        "pos": ["宝！", "跟你说个事！", "嘿嘿，", "你猜怎么着，"],
        "soft": ["宝，", "在吗？", "嗯……"],
        "neutral": ["宝，", "跟你说，", "在吗？"],
    },
    "en": {
        "neg": ["Hey. ", "Babe, ", "Can I tell you something? "],
        "pos": ["Guess what! ", "Babe! ", "Okay so, "],
        "soft": ["Hey you. ", "Babe, "],
        "neutral": ["Hey. ", "Babe, "],
    },
}
# Cold replies that fit any situation of a mood; mixed with each situation's own cold lines.
GENERIC_COLD = {
    "zh": {
        "neg": [
            "哦。",
            "嗯。",
            "那你早点睡吧。",
            "这有什么好难过的。",
            "你想太多了。",
            "多大点事儿。",
            "我在忙，回头再说。",
            "又来了。",
            "别矫情了。",
            "你自己看着办吧。",
            "知道了。",
            "行吧。",
        ],
        "pos": [
            "哦。",
            "嗯。",
            "哦，然后呢？",
            "这有什么好高兴的。",
            "知道了。",
            "这也值得说？",
            "我在忙，回头再说。",
            "哈哈。",
        ],
        "other": ["哦。", "嗯。", "知道了。", "随便你。", "我在忙，回头再说。", "行吧。", "哈哈。", "你自己看着办吧。"],
    },
    "en": {
        "neg": [
            "Oh.",
            "Okay.",
            "Whatever.",
            "You're overreacting.",
            "Just go to sleep.",
            "Not a big deal.",
            "Busy, talk later.",
            "Here we go again.",
            "Stop being dramatic.",
            "Sure.",
        ],
        "pos": [
            "Oh. Cool.",
            "And?",
            "Okay.",
            "Nice, I guess.",
            "Why are you telling me?",
            "Busy, talk later.",
            "Is that all?",
        ],
        "other": ["Oh.", "Okay.", "Whatever.", "Busy, talk later.", "Sure.", "Hm.", "Do what you want."],
    },
}
SITUATION_COLD_RATE = 0.55

KEY_FIELDS = {"u": "events", "f": "feelings", "a": "openers", "s": "suggestions", "q": "followups", "c": "cold"}
KEY_LANGS = {"z": "zh", "e": "en"}
MOODS = ("neg", "pos", "soft", "neutral")
# Fewest lines per language and situation that still give enough distinct prompts and replies.
MIN_LINES = {"events": 4, "feelings": 3, "openers": 3, "suggestions": 3, "followups": 3, "cold": 2}
CJK = re.compile(r"[\u4e00-\u9fff]")


@dataclass(frozen=True)
class FollowUp:
    question: str
    answer: str
    reply: str


@dataclass
class Fragments:
    events: list[str] = field(default_factory=list)
    feelings: list[str] = field(default_factory=list)
    openers: list[str] = field(default_factory=list)
    suggestions: list[str] = field(default_factory=list)
    followups: list[FollowUp] = field(default_factory=list)
    cold: list[str] = field(default_factory=list)


@dataclass
class Situation:
    id: str
    zh: str
    en: str
    mood: str
    frags: dict[str, Fragments] = field(default_factory=lambda: {lang: Fragments() for lang in LANGS})


def parse_fragments(text: str) -> list[Situation]:
    """Read fragments.txt; a malformed line raises ValueError naming its line number."""
    situations: list[Situation] = []
    for no, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("=="):
            cells = [c.strip() for c in line[2:].split("|")]
            if len(cells) != 4 or cells[3] not in MOODS or not re.fullmatch(r"[a-z_]+", cells[0]):
                raise ValueError(f"fragments.txt line {no}: expected '== id | 中文 | English | mood'")
            situations.append(Situation(*cells))
            continue
        key, _, value = line.partition(" ")
        value = value.strip()
        if len(key) != 2 or key[0] not in KEY_LANGS or key[1] not in KEY_FIELDS or not value or not situations:
            raise ValueError(f"fragments.txt line {no}: unknown key {key!r} or line outside a situation")
        frags = situations[-1].frags[KEY_LANGS[key[0]]]
        if key[1] == "q":
            parts = [p.strip() for p in value.split(">>")]
            if len(parts) != 3 or not all(parts):
                raise ValueError(f"fragments.txt line {no}: expected 'QUESTION >> ANSWER >> REPLY'")
            frags.followups.append(FollowUp(*parts))
        else:
            getattr(frags, KEY_FIELDS[key[1]]).append(value)
    for s in situations:
        for lang in LANGS:
            for name, least in MIN_LINES.items():
                if len(getattr(s.frags[lang], name)) < least:
                    raise ValueError(f"fragments.txt situation {s.id}: {lang} needs at least {least} {name}")
    if len({s.id for s in situations}) != len(situations):
        raise ValueError("fragments.txt: situation ids must be unique")
    return situations


def size(lang: str, text: str) -> int:
    """Characters for Chinese, words for English: the unit of the length budget."""
    return len(text) if lang == "zh" else len(text.split())


def join(lang: str, parts: list[str]) -> str:
    return "".join(parts) if lang == "zh" else " ".join(parts)


def ends_with_question(text: str) -> bool:
    return text.endswith(("？", "?"))


def user_message(lang: str, mood: str, event: str, feeling: str, rng: random.Random) -> str:
    text = f"{event}，{feeling}" if lang == "zh" else f"{event}. {feeling}"
    if rng.random() >= USER_PREFIX_RATE:
        return text
    prefix = rng.choice(USER_PREFIXES[lang][mood])
    # "Babe, my boss..." but "Babe, I ..." keeps its capital.
    if lang == "en" and prefix.endswith(", ") and not re.match(r"I\b", text):
        text = text[0].lower() + text[1:]
    return prefix + text


def compose_reply(lang: str, frags: Fragments, rng: random.Random) -> str:
    shape = rng.choices([s for s, _ in SHAPES], weights=[w for _, w in SHAPES])[0]
    parts = [rng.choice(frags.openers)]
    if "s" in shape:
        parts.append(rng.choice(frags.suggestions))
    # One question per reply: a suggestion or opener that already asks one takes the question's place.
    if "q" in shape and not any(ends_with_question(p) for p in parts):
        parts.append(rng.choice(frags.followups).question)
    return join(lang, parts)


class Builder:
    """Draws prompts and replies, keeping every assistant reply and every prompt unique."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.replies: set[str] = set()

    def fresh_reply(self, lang: str, frags: Fragments, prompt: str) -> str:
        low, high = ZH_REPLY_CHARS if lang == "zh" else EN_REPLY_WORDS
        limit = ZH_DIALOGUE_MAX_CHARS if lang == "zh" else EN_DIALOGUE_MAX_WORDS
        for _ in range(500):
            reply = compose_reply(lang, frags, self.rng)
            if (
                reply not in self.replies
                and low <= size(lang, reply) <= high
                and size(lang, prompt) + size(lang, reply) <= limit
            ):
                self.replies.add(reply)
                return reply
        raise RuntimeError(f"no fresh reply fits for prompt {prompt!r}; add fragments")

    def two_turn(self, lang: str, frags: Fragments, prompt: str, follow: FollowUp) -> list[dict[str, str]]:
        limit = ZH_DIALOGUE_MAX_CHARS if lang == "zh" else EN_DIALOGUE_MAX_WORDS
        for opener in self.rng.sample(frags.openers, len(frags.openers)):
            first = join(lang, [opener, follow.question])
            turns = [prompt, first, follow.answer, follow.reply]
            if first not in self.replies and sum(size(lang, t) for t in turns) <= limit:
                self.replies.update({first, follow.reply})
                roles = ["user", "assistant"] * 2
                return [{"role": r, "content": c} for r, c in zip(roles, turns)]
        raise RuntimeError(f"two-turn dialogue too long or repeated for prompt {prompt!r}")

    def cold_reply(self, lang: str, situation: Situation, chosen: str) -> str:
        pool_key = situation.mood if situation.mood in ("neg", "pos") else "other"
        own = situation.frags[lang].cold
        pool = own if self.rng.random() < SITUATION_COLD_RATE else GENERIC_COLD[lang][pool_key]
        rejected = self.rng.choice(pool)
        assert rejected != chosen
        return rejected


@dataclass
class Plan:
    sft: int
    pairs: int
    two_turn: int
    sft_heldout: int
    pairs_heldout: int


def plan_for(index: int, lang: str) -> Plan:
    """Per situation: one held-out dialogue and one held-out pair, language rotating so ~1/4 are English;
    every 15th situation gives a second held-out dialogue so that about 10% of dialogues are held out."""
    if lang == "zh":
        sft_h = (index % 4 != 1) + (index % 15 == 0)
        return Plan(ZH_SFT, ZH_PAIRS, ZH_TWO_TURN, sft_h, int(index % 4 != 3))
    even = index % 2 == 0
    return Plan(3 if even else 2, 2 if even else 3, EN_TWO_TURN, int(index % 4 == 1), int(index % 4 == 3))


SPLITS = ("sft", "sft_heldout", "pairs", "pairs_heldout")


def build(situations: list[Situation], seed: int = SEED) -> tuple[dict[str, list[dict]], dict[str, dict[str, int]]]:
    """Return the rows of each split and, per situation id, how many rows it gave each split."""
    rng = random.Random(seed)
    builder = Builder(rng)
    out: dict[str, list[dict]] = {split: [] for split in SPLITS}
    counts: dict[str, dict[str, int]] = {}
    for index, s in enumerate(situations):
        tally = counts.setdefault(s.id, dict.fromkeys(out, 0))
        for lang in LANGS:
            frags, plan = s.frags[lang], plan_for(index, lang)
            combos = [(e, f) for e in frags.events for f in frags.feelings]
            held: list[tuple[str, str]] = []
            if plan.sft_heldout or plan.pairs_heldout:
                # Held-out prompts get an event that no training prompt of this situation uses.
                reserved = rng.choice(frags.events)
                held = [c for c in combos if c[0] == reserved]
                combos = [c for c in combos if c[0] != reserved]
            rng.shuffle(held)
            rng.shuffle(combos)
            if plan.sft_heldout + plan.pairs_heldout > len(held) or plan.sft + plan.pairs > len(combos) + len(held):
                raise RuntimeError(f"{s.id}/{lang}: not enough distinct prompts; add events or feelings")
            two_turn_at = set(rng.sample(range(plan.sft), plan.two_turn))
            follows = iter(rng.sample(frags.followups, plan.two_turn))
            for k in range(plan.sft):
                heldout = k < plan.sft_heldout
                event, feeling = held.pop() if heldout else combos.pop()
                prompt = user_message(lang, s.mood, event, feeling, rng)
                if k in two_turn_at:
                    messages = builder.two_turn(lang, frags, prompt, next(follows))
                else:
                    messages = [
                        {"role": "user", "content": prompt},
                        {"role": "assistant", "content": builder.fresh_reply(lang, frags, prompt)},
                    ]
                split = "sft_heldout" if heldout else "sft"
                out[split].append({"messages": messages})
                tally[split] += 1
            for k in range(plan.pairs):
                heldout = k < plan.pairs_heldout
                event, feeling = held.pop() if heldout else combos.pop()
                prompt = user_message(lang, s.mood, event, feeling, rng)
                chosen = builder.fresh_reply(lang, frags, prompt)
                split = "pairs_heldout" if heldout else "pairs"
                out[split].append(
                    {
                        "messages": [{"role": "user", "content": prompt}, {"role": "assistant", "content": chosen}],
                        "rejected_response": builder.cold_reply(lang, s, chosen),
                    }
                )
                tally[split] += 1
    for rows in out.values():
        rng.shuffle(rows)
    return out, counts


def situations_card(
    situations: list[Situation], data: dict[str, list[dict]], counts: dict[str, dict[str, int]]
) -> dict:
    totals: dict[str, dict[str, int]] = {}
    for split in SPLITS:
        zh = sum(1 for r in data[split] if CJK.search(r["messages"][0]["content"]))
        totals[split] = {"total": len(data[split]), "zh": zh, "en": len(data[split]) - zh}
    return {
        "situations": [{"id": s.id, "zh": s.zh, "en": s.en, "counts": counts[s.id]} for s in situations],
        "totals": totals,
    }


def write_all(out_dir: Path, seed: int = SEED) -> dict:
    situations = parse_fragments(FRAGMENTS.read_text(encoding="utf-8"))
    data, counts = build(situations, seed)
    out_dir.mkdir(parents=True, exist_ok=True)
    for split in SPLITS:
        lines = [json.dumps(row, ensure_ascii=False) for row in data[split]]
        (out_dir / f"{split}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8", newline="\n")
    card = situations_card(situations, data, counts)
    (out_dir / "situations.json").write_text(
        json.dumps(card, ensure_ascii=False, indent=2) + "\n", encoding="utf-8", newline="\n"
    )
    return card


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=HERE, help="folder to write into (default: next to this script)")
    args = parser.parse_args(argv)
    card = write_all(args.out)
    for split, t in card["totals"].items():
        print(f"{split:14s} {t['total']:4d}  (zh {t['zh']}, en {t['en']})")
    print(f"situations     {len(card['situations']):4d}")


if __name__ == "__main__":
    main()
