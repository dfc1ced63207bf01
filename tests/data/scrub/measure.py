"""Recall and precision of the scrubber per type on a labelled set (make_fresh.py's JSONL, or the development
set of tests/unit/test_data_scrub.py).

A finding counts as caught when hits of its type hide every digit and Latin letter of it (nothing identifying
is left; Chinese characters of an address may stay at its edges). A hit that overlaps no finding of its type
is a false one. Usage: python tests/data/scrub/measure.py tests/data/scrub/fresh-r1.jsonl
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT))

from studio.data.scrub import TYPES, Scrubber  # noqa: E402


def caught(hits, t, s, e, text) -> bool:
    spans = [(h.start, h.end) for h in hits if h.type == t]
    need = [i for i in range(s, e) if text[i].isascii() and text[i].isalnum()
            or "０" <= text[i] <= "ｚ"] or [s]
    return all(any(a <= i < b for a, b in spans) for i in need)


def score(samples, scrubber: Scrubber | None = None) -> dict:
    """samples: (text, [(type, start, end), ...]). Returns {type: {tp, fn, fp, recall, precision}}, 'misses'."""
    scrubber = scrubber or Scrubber()
    tp, fn, fp = ({t: 0 for t in TYPES} for _ in range(3))
    misses = []
    for text, truth in samples:
        hits = scrubber.find(text)
        for t, s, e in truth:
            if caught(hits, t, s, e, text):
                tp[t] += 1
            else:
                fn[t] += 1
                misses.append(("missed", t, text))
        for h in hits:
            if not any(t == h.type and s < h.end and h.start < e for t, s, e in truth):
                fp[h.type] += 1
                misses.append(("false", h.type, text[max(0, h.start - 12):h.end + 12]))
    out = {t: {"tp": tp[t], "fn": fn[t], "fp": fp[t], "recall": round(tp[t] / max(1, tp[t] + fn[t]), 3),
               "precision": round(tp[t] / max(1, tp[t] + fp[t]), 3)} for t in TYPES if tp[t] + fn[t] + fp[t]}
    total_tp, total_fp = sum(tp.values()), sum(fp.values())
    return {"types": out, "precision_all": round(total_tp / max(1, total_tp + total_fp), 3), "misses": misses}


def load(path: Path):
    rows = [json.loads(x) for x in Path(path).read_text(encoding="utf-8").splitlines() if x.strip()]
    return [(r["text"], [tuple(s) for s in r["spans"]]) for r in rows]


def table(result: dict) -> str:
    lines = [f"{'type':<9}{'recall':>8}{'precision':>11}{'tp':>6}{'fn':>5}{'fp':>5}"]
    for t, r in result["types"].items():
        lines.append(f"{t:<9}{r['recall']:>8.3f}{r['precision']:>11.3f}{r['tp']:>6}{r['fn']:>5}{r['fp']:>5}")
    lines.append(f"all hits precision {result['precision_all']:.3f}")
    return "\n".join(lines)


if __name__ == "__main__":
    res = score(load(Path(sys.argv[1])))
    print(table(res))
    for kind, t, text in res["misses"][:int(sys.argv[2]) if len(sys.argv) > 2 else 30]:
        print(f"  {kind:<6} {t:<8} {text!r}")
