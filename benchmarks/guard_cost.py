"""What the safety guard costs per message: studio.chat.guard.check (rules + the learned layer) on every
message of the hand-written guard rounds and the bundled sample chats, user and bot side. The
streaming gateway checks a reply once per released sentence, so the per-reply cost is also measured
the way the gateway pays it (the reply so far, at every sentence end). JSON to
benchmarks/results/guard_cost.json.

    python benchmarks/guard_cost.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def messages() -> list[tuple[str, str]]:
    out = []
    sides = {"self_harm": "user", "idioms": "user", "dependency": "bot", "warm": "bot"}
    for path in sorted((ROOT / "tests" / "data" / "guard").glob("**/*.jsonl")):
        if path.stem in sides:
            out += [
                (json.loads(line)["text"], sides[path.stem])
                for line in path.read_text(encoding="utf-8").splitlines()
                if line.strip()
            ]
    for line in (ROOT / "assets" / "sample" / "sft.jsonl").read_text(encoding="utf-8").splitlines():
        for m in json.loads(line)["messages"]:
            if m["role"] in ("user", "assistant"):
                out.append((m["content"], "user" if m["role"] == "user" else "bot"))
    return out


def pct(vals: list[float], q: float) -> float:
    vals = sorted(vals)
    return vals[min(len(vals) - 1, int(round(q * (len(vals) - 1))))]


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--out", type=Path, default=None)
    ap.add_argument(
        "--judge",
        type=Path,
        default=None,
        help="a safety-classifier folder: also measure the model guard (studio.chat.guard_judge)",
    )
    a = ap.parse_args()
    a.out = a.out or ROOT / "benchmarks" / "results" / (
        f"guard_cost-judge-{a.judge.name}.json" if a.judge else "guard_cost.json"
    )
    t_import = time.perf_counter()
    from studio.chat import guard, guard_judge, guard_learned

    judge = guard_judge.enable(a.judge) if a.judge else None
    guard.check("warm-up", "user")  # loads opencc and the learned weights once
    guard.check("warm-up", "bot")
    startup_s = time.perf_counter() - t_import
    msgs = messages()
    per_msg: list[float] = []
    for _ in range(a.repeat):
        for text, side in msgs:
            t0 = time.perf_counter()
            guard.check(text, side)
            per_msg.append((time.perf_counter() - t0) * 1000)
    # A streamed reply: checked at each sentence end, on the reply so far.
    ends = re.compile(r"[。！？!?；;…\n]|[.~](?=\s)")
    per_reply: list[float] = []
    checks = len(per_msg) + 2
    for text, side in msgs:
        if side != "bot":
            continue
        cuts = [m.end() for m in ends.finditer(text)] or [len(text)]
        checks += len(cuts)
        t0 = time.perf_counter()
        for c in cuts:
            guard.check(text[:c], "bot")
        per_reply.append((time.perf_counter() - t0) * 1000)
    result = {
        "benchmark": "guard_cost",
        "date": time.strftime("%Y-%m-%d %H:%M:%S"),
        "cores": len(os.sched_getaffinity(0)),
        "messages": len(msgs),
        "repeat": a.repeat,
        "learned_layer": guard_learned.model("user") is not None,
        "first_call_s": round(startup_s, 3),
        "per_message_ms": {
            "p50": round(statistics.median(per_msg), 3),
            "p95": round(pct(per_msg, 0.95), 3),
            "p99": round(pct(per_msg, 0.99), 3),
            "max": round(max(per_msg), 3),
        },
        "per_streamed_reply_ms": {
            "p50": round(statistics.median(per_reply), 3),
            "p95": round(pct(per_reply, 0.95), 3),
            "max": round(max(per_reply), 3),
        },
    }
    if judge is not None:  # only undecided messages reach the model: how many, and what each costs
        rt = judge.round_trips_ms
        result["model_guard"] = {
            "folder": a.judge.name,
            "working": judge.broken is None,
            "consulted_share": round(len(rt) / checks, 3),
            "round_trip_ms": {"p50": round(statistics.median(rt), 1), "p95": round(pct(rt, 0.95), 1)} if rt else None,
        }
    a.out.parent.mkdir(parents=True, exist_ok=True)
    a.out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
