"""The learned guard layer: its features, its training, the generated corpus, and the guard without it."""

from __future__ import annotations

import zlib
from collections import Counter

import numpy as np

from studio.chat import guard, guard_corpus, guard_learned


def test_features_are_the_hashed_character_1_to_3_grams_and_latin_words():
    # Written out by hand for "ab" with the start / end marks: 4 unigrams, 3 bigrams, 2 trigrams,
    # the word and its two pairs with the marks.
    grams = ["\x02", "a", "b", "\x03", "\x02a", "ab", "b\x03", "\x02ab", "ab\x03", "w:ab", "b:\x02 ab", "b:ab \x03"]
    expected = sorted({zlib.crc32(g.encode()) % guard_learned.DIM for g in grams})
    assert guard_learned.features("ab").tolist() == expected
    # Chinese has no Latin words: characters only (3 unigrams + 2 marks, 4 bigrams, 3 trigrams).
    assert guard_learned.features("想你").size == len(
        {
            zlib.crc32(g.encode()) % guard_learned.DIM
            for g in ["\x02", "想", "你", "\x03", "\x02想", "想你", "你\x03", "\x02想你", "想你\x03"]
        }
    )
    assert guard_learned.features("  ").size == 0


def test_stretched_letters_and_leetspeak_inside_words_give_the_plain_words_features():
    # The plain spellings are written out by hand; the folding must reach them and leave numbers alone.
    assert (
        guard_learned.features("sooo tired of liiiving").tolist()
        == guard_learned.features("so tired of living").tolist()
    )
    assert guard_learned.features("want to d1e").tolist() == guard_learned.features("want to die").tolist()
    assert guard_learned.features("k1ll me n0w").tolist() == guard_learned.features("kill me now").tolist()
    assert guard_learned.canon("the 18th floor at 10pm") == "the 18th floor at 10pm"
    assert guard_learned.canon("哈哈哈哈好累。。。") == "哈哈哈哈好累。。。"  # the rules read 哈哈 as a joke


def test_filler_words_surround_both_classes_so_they_decide_nothing():
    # "so bad" once came only from everyday negatives, and "I want to die so bad" scored 0.13.
    rows = [r for r in guard_corpus.generate() if r.get("template") and r["lang"] == "en"]
    for filler in (" so bad", " for real", " right now"):
        classes = Counter(r["class"] for r in rows if filler in r["text"].lower())
        assert all(classes[c] >= 5 for c in ("self_harm", "benign", "dependency", "warm")), (filler, classes)


def test_training_separates_two_ideas_it_was_shown_and_generalises_to_new_sentences():
    pos = [f"{w} the ocean waves {t}" for w in ("I love", "we adore", "they like") for t in ("today", "a lot", "!")]
    neg = [f"{w} the tax forms {t}" for w in ("I filed", "we sent", "they lost") for t in ("today", "a lot", "!")]
    w, b = guard_learned.fit(pos + neg, np.array([1] * len(pos) + [0] * len(neg)), steps=300)
    m = guard_learned.SideModel(w.astype(np.float32), b, 0.5, 0.5, 0.5)
    assert m.prob("the ocean waves were loud this morning") > 0.5 > m.prob("the tax forms were late this morning")


def test_a_short_message_is_judged_on_the_strict_line_and_a_long_one_on_the_wide_line():
    # Distinct n-grams counted by hand: "谢谢你陪我" has 6 unigrams with the two marks, 6 bigrams, 5 trigrams (17);
    # 13 different characters have 15 + 14 + 13 (42).
    # Each concept class the rules see adds two slots ("谢谢你陪我" reads as a farewell, one class).
    m = guard_learned.SideModel(np.zeros(guard_learned.DIM, np.float32), 0.0, 0.9, 0.6, 0.6)
    assert guard.concept_classes("谢谢你陪我") == {"farewell"} and not guard.concept_classes(
        "今天下班路上看见一只白猫跑"
    )
    assert guard_learned.features("谢谢你陪我").size == 17 + 2 < guard_learned.LONG_FEATURES
    assert m.score("谢谢你陪我") == (0.5, 0.9)
    long = "今天下班路上看见一只白猫跑"
    assert guard_learned.features(long).size == 42 >= guard_learned.LONG_FEATURES
    assert m.score(long) == (0.5, 0.6)


def test_thresholds_flag_at_most_the_budget():
    neg = np.linspace(0.0, 0.99, 200)
    t = guard_learned.threshold(neg, 0.015)
    assert (neg >= t).mean() <= 0.015 and t >= 0.5


def test_the_corpus_covers_every_class_in_both_languages_and_is_reproducible():
    rows = guard_corpus.generate()
    assert rows == guard_corpus.generate()
    counts = Counter((r["class"], r["lang"]) for r in rows)
    for cls in ("self_harm", "benign", "dependency", "warm"):
        for lang in ("zh", "en"):
            assert counts[(cls, lang)] >= 150, (cls, lang, counts[(cls, lang)])
    assert len({r["text"] for r in rows}) == len(rows)


def test_training_reads_dev_rounds_and_the_sample_but_not_later_rounds_or_blind(monkeypatch, tmp_path):
    import json

    monkeypatch.setattr(guard_corpus, "generate", lambda: [])
    guard_dir = tmp_path / "tests" / "data" / "guard"
    lines = {
        f"round{guard_learned.LAST_TRAINING_ROUND}-fresh/self_harm.jsonl": "a dev round's crisis line",
        f"round{guard_learned.LAST_TRAINING_ROUND}-fresh/warm.jsonl": "a dev round's warm reply",
        f"round{guard_learned.LAST_TRAINING_ROUND}-fresh/idioms.jsonl": "a dev round's idiom",
        f"round{guard_learned.LAST_TRAINING_ROUND + 1}-fresh/self_harm.jsonl": "a held-out round's line",
        f"round{guard_learned.LAST_TRAINING_ROUND + 3}-written-bot/warm.jsonl": "a held-out written reply",
        "blind/self_harm.jsonl": "the lead's unseen line",
        "everyday-written-en/everyday_user.jsonl": "an everyday message",
        "everyday-written-en/everyday_bot.jsonl": "an everyday reply",
    }
    for rel, text in lines.items():
        (guard_dir / rel).parent.mkdir(parents=True, exist_ok=True)
        (guard_dir / rel).write_text(json.dumps({"text": text, "lang": "en"}) + "\n", encoding="utf-8")
    sample = tmp_path / "assets" / "sample" / "sft.jsonl"
    sample.parent.mkdir(parents=True)
    sample.write_text(json.dumps({"messages": [{"role": "user", "content": "早安"}]}) + "\n", encoding="utf-8")

    data = guard_learned.load_training(tmp_path)
    user = dict(zip(data["user"][0], data["user"][1].tolist()))
    bot = dict(zip(data["bot"][0], data["bot"][1].tolist()))
    assert user["a dev round's crisis line"] == 1 and bot["a dev round's warm reply"] == 0
    assert user["a dev round's idiom"] == 0 and user["早安"] == 0
    assert "a held-out round's line" not in user and "the lead's unseen line" not in user
    assert "a held-out written reply" not in bot
    # The written everyday lines are negatives of the everyday kind (hard=False): the 0.25% / 1% lines are set on them.
    hard = {t: h for side in data.values() for t, h in zip(side[0], side[2].tolist())}
    assert user["an everyday message"] == 0 and bot["an everyday reply"] == 0
    assert hard["an everyday message"] is False and hard["an everyday reply"] is False and hard["早安"] is False
    assert hard["a dev round's idiom"] is True


def test_the_shipped_weights_load_without_pickle_and_the_guard_runs_without_them(monkeypatch, tmp_path):
    with np.load(guard_learned.MODEL_PATH, allow_pickle=False) as z:
        assert z["w_user"].shape == (guard_learned.DIM,) and 0.5 <= float(z["crisis_user"]) < 1
    text = "活到现在已经够了，我累了想停下来"
    assert "learned_self_harm" in guard.check(text, "user").reasons
    monkeypatch.setattr(guard_learned, "MODEL_PATH", tmp_path / "missing.npz")
    guard_learned._models.cache_clear()
    try:
        v = guard.check(text, "user")
        assert "learned_self_harm" not in v.reasons and guard.check("我不想活了", "user").action == "crisis"
    finally:
        monkeypatch.undo()
        guard_learned._models.cache_clear()


def test_short_messages_get_no_learned_verdict():
    m = guard_learned.model("user")
    for t in ("bye", "再见", "我走了"):
        assert m.prob(guard.normalize(t)) == 0.0 and guard.check(t, "user").action == "allow"
    assert guard.check("goodbye!", "user").action == "allow"  # long enough to judge, and judged safe
    # Concept slots say what a message is about, not how much it says: "我想消失" has 15 n-grams and two
    # concept classes (19 slots), and is still too short for a learned verdict.
    norm = guard.normalize("我想消失")
    assert guard_learned.features(norm).size >= guard_learned.MIN_FEATURES and m.prob(norm) == 0.0


def test_the_hotline_note_needs_the_wide_line_on_a_short_message(monkeypatch):
    # Every message scores p = 0.6 (zero weights, bias logit(0.6)): over the note's line (0.5), under the
    # wide crisis line (0.7). A long message gets the note; a short one, with little evidence, gets nothing.
    bias = float(np.log(0.6 / 0.4))
    m = guard_learned.SideModel(np.zeros(guard_learned.DIM, np.float32), bias, 0.9, 0.5, 0.7)
    monkeypatch.setattr(guard_learned, "model", lambda side: m if side == "user" else None)
    short, long = "谢谢你陪我", "今天下班路上看见一只白猫跑"  # 19 and 42 slots (counted above)
    assert guard.check(short, "user").action == "allow"
    v = guard.check(long, "user")
    assert v.action == "care" and "learned_care" in v.reasons
