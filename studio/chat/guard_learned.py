"""The learned layer of the safety guard: a character n-gram logistic regression, pure numpy.

Why: the rules (studio.chat.guard) only know the words someone wrote into them; on rounds nobody tuned on
they caught about three quarters of the self-harm messages. Character n-grams (1-3 characters,
after studio.chat.guard.normalize and canon) carry the pieces of words that new phrasings share (解脱, 告别,
"goodbye", "pills") without a word list, and work the same for Chinese and English; the rules' concept
classes are features too, so the lexicons' synonyms reach the layer.

Two models, one per side: user (self-harm vs everything else) and bot (dependency / guilt /
isolation vs warm). Features are hashed into 2^17 slots, binary, L2-normalised per message;
trained with Adam on a weighted log-loss (both classes weigh the same) and an L2 penalty. The
weights (studio/chat/guard_model.npz, float16, loaded with allow_pickle=False) are trained by
`python -m studio.chat.guard_learned train` from:
  * the generated corpus (studio.chat.guard_corpus: many phrasings of each idea, zh and en),
  * the hand-written rounds in tests/data/guard/ (every round but blind/, which stays unseen),
  * the bundled sample chats (assets/sample/sft.jsonl) and tests/data/guard/everyday-written-*/ (1,000 user
    messages and 500 companion replies written as ordinary traffic): everyday negatives, so the layer learns
    what ordinary couple talk looks like.
The thresholds are chosen from out-of-fold scores (5-fold) so that at most 1.5% of the hard negatives
(idioms, jokes, safe mentions, warm replies) and 0.25% of the everyday messages would be flagged
(1% for a message long enough to judge, LONG_FEATURES; the gentler note: 3% and 3%, and for a short
message no lower than the wide line); tests/data/guard/README.md has the decision rule and the figures.
"""

from __future__ import annotations

import json
import re
import sys
import zlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

DIM = 1 << 17
_WORD = re.compile(r"[a-z0-9]+")
MODEL_PATH = Path(__file__).with_name("guard_model.npz")
SIDES = ("user", "bot")
HARD_WEIGHT = 3.0
MIN_FEATURES = 16  # fewer distinct n-grams (about 4 Chinese characters, one short English word): no verdict
LAST_TRAINING_ROUND = 25  # rounds 13-25 were measured at first sight (tests/data/guard/README.md) before joining
FP_BUDGET = 0.015  # share of out-of-fold hard negatives allowed over the threshold
EVERYDAY_BUDGET = 0.0025  # and of the everyday messages: the line for a short message, which carries
#                              little evidence (at 1%, "谢谢你陪我" and "我对芒果过敏" became crisis cards)
WIDE_EVERYDAY_BUDGET = 0.01  # the line for a message of LONG_FEATURES or more: a missed crisis costs more than a
#                              card shown by mistake (the 0.25% line alone took round 13 from 0.67 to 0.35)
LONG_FEATURES = 30  # about 11 Chinese characters; any English sentence of four words
# The hotline note only follows the reply; at 1% it sat on the wide crisis line and never showed for a long
# message (round 14: crisis or note = crisis alone, 38/60); at 3%, once rounds 24-25 joined the training, it
# followed 12 of the sample's 1,079 everyday messages (an exam, a cold, a birthday wish).
CARE_EVERYDAY_BUDGET = 0.02


_REPEAT = re.compile(r"([a-z])\1{2,}")  # "sooo", "liiiving": one is enough (哈哈哈 stays: a humour mark)
_LEET = re.compile(r"(?<=[a-z])[013457@$]+(?=[a-z])")  # digits inside a word: "d1e", "k1ll", "f1n15h"
_LEET_MAP = str.maketrans("013457@$", "oieastas")


def canon(norm: str) -> str:
    """The learned layer's own folding on top of studio.chat.guard.normalize: stretched letters and leetspeak
    inside words give the same n-grams as the plain word (round 15: "liiiving", "D1E" scored nothing)."""
    s = _REPEAT.sub(r"\1", norm)
    return _LEET.sub(lambda m: m.group().translate(_LEET_MAP), s)


def _hashed(grams: set[str]) -> np.ndarray:
    return np.unique(
        np.fromiter((zlib.crc32(g.encode("utf-8")) % DIM for g in grams), dtype=np.int64, count=len(grams))
    )


def _slots(norm: str) -> tuple[np.ndarray, int]:
    """The hashed slots (see features) and how many of them are n-grams: a message's length, as the
    MIN_FEATURES and LONG_FEATURES lines count it (concept slots say what, not how much)."""
    from studio.chat.guard import concept_classes  # here, not at the top: studio.chat.guard imports this module

    s = " ".join(canon(norm).split())
    if not s:
        return np.zeros(0, dtype=np.int64), 0
    padded = f"\x02{s}\x03"
    grams = {padded[i : i + n] for n in (1, 2, 3) for i in range(len(padded) - n + 1)}
    grams.discard(" ")
    # Latin words and word pairs too: "never wake" and "wake me" share every trigram of "wake" but
    # not their pair; Chinese has no spaces, so its characters already are its words.
    words = ["\x02", *_WORD.findall(s), "\x03"]
    if len(words) > 2:
        grams |= {"w:" + w for w in words[1:-1]} | {f"b:{a} {b}" for a, b in zip(words, words[1:])}
    base = _hashed(grams)
    # A concept class is a hand-written synonym set (methods, plans, goodbyes, guilt, control ...): a new
    # word from its lexicon then carries what the corpus taught about the class (retrained with them,
    # rounds 13-15: +4 to +5 crises each, out-of-fold recall 0.87 -> 0.94). Two slots each, so a class weighs more than one n-gram.
    concepts = {f"c:{name}#{k}" for name in concept_classes(s) for k in (0, 1)}
    return (np.union1d(base, _hashed(concepts)) if concepts else base), base.size


def features(norm: str) -> np.ndarray:
    """Sorted unique hashed slots of a normalised message: character 1-3 grams (spaces kept once),
    Latin words and word pairs, and the rules' concept classes it touches."""
    return _slots(norm)[0]


@dataclass(frozen=True)
class SideModel:
    w: np.ndarray  # float32 (DIM,)
    b: float
    crisis: float  # user: crisis at or above; bot: replace at or above (short messages)
    care: float  # user only: the gentler hotline note at or above (below crisis)
    wide: float  # the crisis / replace line for a message of LONG_FEATURES or more (at most crisis)

    def prob(self, norm: str) -> float:
        """The model's probability; 0 for a message too short to judge (left to the rules: a "bye"
        carries too few n-grams for a learned verdict)."""
        return self.score(norm)[0]

    def score(self, norm: str) -> tuple[float, float]:
        """The probability and the crisis / replace line that applies to this message's length."""
        idx, length = _slots(norm)
        if length < MIN_FEATURES:
            return 0.0, self.crisis
        z = float(self.w[idx].sum()) / np.sqrt(idx.size) + self.b
        return float(1.0 / (1.0 + np.exp(-z))), self.wide if length >= LONG_FEATURES else self.crisis


@lru_cache(maxsize=1)
def _models() -> dict[str, SideModel] | None:
    if not MODEL_PATH.is_file():
        return None
    with np.load(MODEL_PATH, allow_pickle=False) as z:
        return {
            s: SideModel(
                z[f"w_{s}"].astype(np.float32),
                float(z[f"b_{s}"]),
                float(z[f"crisis_{s}"]),
                float(z[f"care_{s}"]),
                float(z[f"wide_{s}"]),
            )
            for s in SIDES
        }


def model(side: str) -> SideModel | None:
    """The trained model for a side, or None when the weights file is missing (the rules still run)."""
    m = _models()
    return m[side] if m else None


# ----------------------------------------------------------------------------------- training


def _matrix(rows: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    from studio.chat.guard import normalize

    feats = [features(normalize(t)) for t in rows]
    lengths = np.array([f.size for f in feats])
    indices = np.concatenate(feats) if feats else np.zeros(0, dtype=np.int64)
    values = np.repeat(1.0 / np.sqrt(np.maximum(lengths, 1)), lengths)
    return indices, values, lengths


def fit(
    texts: list[str],
    labels: np.ndarray,
    hard: np.ndarray | None = None,
    steps: int = 600,
    lr: float = 0.05,
    l2: float = 1e-7,
) -> tuple[np.ndarray, float]:
    """Logistic regression on hashed n-grams: Adam, full batch, class-balanced log-loss; the hard
    negatives (idioms, safe mentions) weigh HARD_WEIGHT times an everyday message."""
    indices, values, lengths = _matrix(texts)
    rows = np.repeat(np.arange(len(texts)), lengths)
    y = labels.astype(np.float64)
    pos = max(y.sum(), 1.0)
    neg = max(len(y) - y.sum(), 1.0)
    weight = np.where(y > 0, 1.0, np.where(hard, HARD_WEIGHT, 1.0) if hard is not None else 1.0)
    weight = np.where(y > 0, 0.5 * weight / pos, 0.5 * weight / weight[y == 0].sum() if neg else 0.0)
    w, b = np.zeros(DIM), 0.0
    m_w, v_w, m_b, v_b = np.zeros(DIM), np.zeros(DIM), 0.0, 0.0
    for t in range(1, steps + 1):
        z = np.bincount(rows, weights=w[indices] * values, minlength=len(texts)) + b
        p = 1.0 / (1.0 + np.exp(-z))
        g = (p - y) * weight
        gw = np.bincount(indices, weights=values * g[rows], minlength=DIM) + l2 * w
        gb = g.sum()
        m_w = 0.9 * m_w + 0.1 * gw
        v_w = 0.999 * v_w + 0.001 * gw * gw
        m_b = 0.9 * m_b + 0.1 * gb
        v_b = 0.999 * v_b + 0.001 * gb * gb
        corr1, corr2 = 1 - 0.9**t, 1 - 0.999**t
        w -= lr * (m_w / corr1) / (np.sqrt(v_w / corr2) + 1e-8)
        b -= lr * (m_b / corr1) / (np.sqrt(v_b / corr2) + 1e-8)
    return w, b


def _scores(w: np.ndarray, b: float, texts: list[str]) -> np.ndarray:
    indices, values, lengths = _matrix(texts)
    rows = np.repeat(np.arange(len(texts)), lengths)
    z = np.bincount(rows, weights=w[indices] * values, minlength=len(texts)) + b
    return 1.0 / (1.0 + np.exp(-z))


def threshold(neg_scores: np.ndarray, budget: float) -> float:
    """The lowest threshold that flags at most `budget` of the negatives (never below 0.5)."""
    if neg_scores.size == 0:
        return 0.5
    q = float(np.quantile(neg_scores, 1.0 - budget, method="higher"))
    return max(0.5, min(q + 1e-6, 0.999))


def load_training(root: Path) -> dict[str, tuple[list[str], np.ndarray, np.ndarray]]:
    """Texts and labels per side from the generator, the hand-written rounds (not blind/) and the sample."""
    from studio.chat.guard_corpus import generate

    data = {s: ([], [], []) for s in SIDES}  # texts, labels, hard (written to look alarming)
    for r in generate():
        data[r["side"]][0].append(r["text"])
        data[r["side"]][1].append(r["label"])
        data[r["side"]][2].append(True)
        if r["side"] == "bot" and not r.get("death"):
            # What a companion must not say is not a crisis when a person says it ("you only need me").
            data["user"][0].append(r["text"])
            data["user"][1].append(0)
            data["user"][2].append(True)
    rounds = root / "tests" / "data" / "guard"
    files = {"self_harm": ("user", 1), "idioms": ("user", 0), "dependency": ("bot", 1), "warm": ("bot", 0)}
    for path in sorted(rounds.glob("**/*.jsonl")):
        folder = re.match(r"round(\d+)", path.parent.name)
        if "blind" in path.parts or (folder and int(folder.group(1)) > LAST_TRAINING_ROUND):
            continue  # the blind round and every round written after this layer stay unseen
        side, label = files.get(path.stem, (None, None))
        if side is None:
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                data[side][0].append(json.loads(line)["text"])
                data[side][1].append(label)
                data[side][2].append(True)

    def everyday(side: str, text: str) -> None:
        data[side][0].append(text)
        data[side][1].append(0)
        data[side][2].append(False)

    sample = root / "assets" / "sample" / "sft.jsonl"
    for line in sample.read_text(encoding="utf-8").splitlines():
        for m in json.loads(line).get("messages", []):
            side = "user" if m["role"] == "user" else "bot" if m["role"] == "assistant" else None
            if side:
                everyday(side, m["content"])
    # Ordinary traffic written line by line (not crafted to alarm): with the sample's 581 user messages
    # alone, the 0.25% line was the second-highest of them, so two messages moved every threshold.
    for path in sorted(rounds.glob("everyday-*/everyday_*.jsonl")):
        side = path.stem.removeprefix("everyday_")
        if side not in SIDES:
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                everyday(side, json.loads(line)["text"])
    return {s: (t, np.array(y), np.array(h)) for s, (t, y, h) in data.items()}


def train(root: Path, out: Path = MODEL_PATH, folds: int = 5, seed: int = 0) -> dict:
    """Train both sides; thresholds from out-of-fold scores; write the weights file."""
    arrays, report = {}, {}
    rng = np.random.default_rng(seed)
    for side, (texts, y, hard) in load_training(root).items():
        fold = rng.integers(0, folds, size=len(texts))
        oof = np.zeros(len(texts))
        for k in range(folds):
            tr, te = fold != k, fold == k
            w, b = fit([t for t, m in zip(texts, tr) if m], y[tr], hard[tr])
            oof[te] = _scores(w, b, [t for t, m in zip(texts, te) if m])
        # Measured on the hard negatives (idioms, jokes, safe mentions; warm replies), not on the easy
        # everyday chats, which would let the threshold sink.
        hard_neg, everyday = oof[(y == 0) & hard], oof[(y == 0) & ~hard]
        crisis = max(threshold(hard_neg, FP_BUDGET), threshold(everyday, EVERYDAY_BUDGET))
        wide = min(crisis, max(threshold(hard_neg, FP_BUDGET), threshold(everyday, WIDE_EVERYDAY_BUDGET)))
        care = (
            max(threshold(hard_neg, 2 * FP_BUDGET), threshold(everyday, CARE_EVERYDAY_BUDGET))
            if side == "user"
            else crisis
        )
        w, b = fit(texts, y, hard)
        arrays |= {
            f"w_{side}": w.astype(np.float16),
            f"b_{side}": np.float64(b),
            f"wide_{side}": np.float64(wide),
            f"crisis_{side}": np.float64(crisis),
            f"care_{side}": np.float64(min(care, crisis)),
        }
        report[side] = {
            "rows": len(texts),
            "positives": int(y.sum()),
            "threshold": round(crisis, 4),
            "wide": round(wide, 4),
            "care": round(min(care, crisis), 4),
            "oof_recall": round(float((oof[y == 1] >= crisis).mean()), 4),
            "oof_flagged_hard_negatives": round(float((hard_neg >= crisis).mean()), 4),
            "oof_flagged_everyday": round(float((oof[(y == 0) & ~hard] >= crisis).mean()), 4),
        }
    np.savez_compressed(out, **arrays)
    _models.cache_clear()
    return report


if __name__ == "__main__":
    if sys.argv[1:2] != ["train"]:
        sys.exit("usage: python -m studio.chat.guard_learned train [REPO_ROOT]")
    root = Path(sys.argv[2]) if len(sys.argv) > 2 else Path(__file__).resolve().parents[2]
    print(json.dumps(train(root), indent=1))
