"""Extraction on the held-out phrasings (tests/data/memory/heldout.jsonl, written after the rules and not used to
tune them). Prints recall and precision, the figures in tests/data/memory/README.md, and keeps them from sliding.

A predicted note matches an expected one when the kind is the same, the date (where one is expected) is the same,
and every expected word is in the note's text. Precision also counts any note made from a message with no fact,
and any note holding personal data (there must be none)."""

import json
from datetime import datetime
from pathlib import Path

from studio.chat import memory as M
from studio.data.scrub import scrub_text

DATA = Path(__file__).resolve().parents[1] / "data" / "memory" / "heldout.jsonl"
NOW = datetime(2026, 12, 9, 20, 0)  # the Wednesday the set's relative dates were written against


def matches(note: M.Note, want: dict) -> bool:
    return (
        note.kind == want["kind"]
        and (want.get("date") is None or note.date == want["date"])
        and all(w.lower() in note.text.lower() for w in want.get("has", []))
    )


def measure():
    rows = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines() if line.strip()]
    expected = found = predicted = correct = 0
    misses, wrong = [], []
    for row in rows:
        notes = M.extract(row["text"], NOW)
        predicted += len(notes)
        expected += len(row["expect"])
        for want in row["expect"]:
            if any(matches(n, want) for n in notes):
                found += 1
            else:
                misses.append(row["text"])
        for n in notes:
            if any(matches(n, w) for w in row["expect"]):
                correct += 1
            else:
                wrong.append((row["text"], n.text, n.kind))
        assert not any(scrub_text(n.text)[1] for n in notes), row["text"]
    return len(rows), expected, found, predicted, correct, misses, wrong


def test_heldout_recall_and_precision():
    n, expected, found, predicted, correct, misses, wrong = measure()
    recall, precision = found / expected, correct / predicted
    print(
        f"\nheld-out: {n} messages, {expected} facts; recall {found}/{expected} = {recall:.2f}, "
        f"precision {correct}/{predicted} = {precision:.2f}\nmissed: {misses}\nwrong: {wrong}"
    )
    assert recall >= 0.9 and precision >= 0.95  # first sight: 40/44 and 40/40 (README)
