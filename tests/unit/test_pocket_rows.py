"""What the pocket model is pretrained on (studio.models.pocket.training_rows) and its tokenizer's alphabet."""

from __future__ import annotations

import json
from collections import Counter

from studio.models import pocket


def _files():
    return pocket.sample_files()


def _data():
    return [json.loads(line) for f in _files() for line in f.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_every_partner_line_is_answered_coldly_under_every_system_prompt():
    rows = [r["messages"] for r in pocket.training_rows(_files())]
    cold = {r["rejected_response"] for r in _data() if "rejected_response" in r}
    chats = [r for r in rows if any(m["role"] == "user" for m in r)]
    assert chats and all(r[-1]["role"] == "assistant" and r[-1]["content"] in cold for r in chats)
    # An English line gets an English cold reply, a Chinese line a Chinese one.
    chinese = lambda text: any("\u4e00" <= c <= "\u9fff" for c in text)  # noqa: E731
    assert all(chinese(r[-2]["content"]) == chinese(r[-1]["content"]) for r in chats)
    systems = Counter((r[-2]["content"], r[0]["content"] if r[0]["role"] == "system" else None) for r in chats)
    openers = {next(m["content"] for m in r["messages"] if m["role"] == "user") for r in _data()}
    assert {line for line, _ in systems} == openers
    assert {(line, s) for line in openers for s in pocket.SYSTEM_PROMPTS} <= set(systems)


def test_caring_replies_are_bare_text_read_as_often_as_asked():
    caring = [m["content"] for r in _data() for m in r["messages"] if m["role"] == "assistant"]
    for passes in (1, 3):
        bare = Counter(
            r["messages"][0]["content"] for r in pocket.training_rows(_files(), passes) if len(r["messages"]) == 1
        )
        assert bare == Counter({c: n * passes for c, n in Counter(caring).items()})


def test_char_merges_build_each_character_from_its_bytes():
    from transformers.convert_slow_tokenizer import bytes_to_unicode

    merges = pocket.char_merges({"好", "你", "é"})
    sym = bytes_to_unicode()
    built = {left + right for left, right in merges}
    for c in "好你é":
        assert "".join(sym[b] for b in c.encode("utf-8")) in built
    # 好 and 你 share their first byte: the two-byte prefixes differ, so 2 + 2 merges, plus 1 for é.
    assert len(merges) == len(set(merges)) == 5


def test_every_sample_character_is_one_token(tmp_path):
    """A character split into bytes is what a small model writes as a broken byte; none is split."""
    from transformers import AutoTokenizer

    texts = list(pocket.corpus_texts(_files()))
    spec = pocket.PocketSize(
        "t",
        vocab_size=600,
        hidden_size=8,
        num_hidden_layers=1,
        num_attention_heads=1,
        num_key_value_heads=1,
        intermediate_size=8,
    )
    size = pocket.train_tokenizer(texts, spec, tmp_path)
    tok = AutoTokenizer.from_pretrained(tmp_path)
    assert type(tok).__name__.startswith("Qwen2Tokenizer") and len(tok) == size
    chars = {c for t in texts for c in t}
    assert [c for c in chars if len(tok.encode(c)) != 1] == []
    assert all(tok.decode(tok.encode(t)) == t for t in texts[:200])
