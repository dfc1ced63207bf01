"""Lines per second of the scrubber on a 100k-line chat file; writes benchmarks/results/scrub_speed.json.

The file: the bundled sample dialogues' lines (what most chat lines look like: no digits, no personal data),
one line in 20 carrying a number or an address of the kinds the scrubber looks for, one in 10 a look-alike
(prices, dates, order numbers). Usage: python benchmarks/scrub_speed.py [--lines 100000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from studio.data.scrub import Scrubber  # noqa: E402

PERSONAL = (
    "我电话 138 1234 5678，到了打我",
    "身份证 11010519491231002X",
    "快递寄到上海市浦东新区张江路100弄5号1201",
    "卡号 6222 0202 0011 2233 445",
    "座机 0755-86123456",
    "我QQ 2847561930",
    "车牌沪A·12345",
    "邮箱 lucy.zhang@qq.com",
    "香港身份证 A123456(3)",
    "微信号：lucy_1990",
)
LOOKALIKE = (
    "订单号 2024050112345678901 已发货",
    "一共 ¥328.50，分 3 期",
    "5月20号晚上7点见",
    "航班 MU5137 晚点了",
    "验证码 482913，5分钟内有效",
    "ISBN 978-7-111-12345-6",
    "地铁2号线3号口出",
    "快递单号 SF1234567890123",
)


def make_lines(n: int, seed: int = 5) -> list[str]:
    rng = random.Random(seed)
    chat = []
    for line in (ROOT / "assets" / "sample" / "sft.jsonl").read_text(encoding="utf-8").splitlines():
        chat += [m["content"] for m in json.loads(line)["messages"] if m["role"] != "system"]
    out = []
    for _ in range(n):
        r = rng.random()
        out.append(rng.choice(PERSONAL) if r < 0.05 else rng.choice(LOOKALIKE) if r < 0.15 else rng.choice(chat))
    return out


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--lines", type=int, default=100_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "scrub_speed.json")
    a = ap.parse_args(argv)
    lines = make_lines(a.lines)
    scrubber = Scrubber()
    runs = []
    for _ in range(a.repeat):
        t0 = time.perf_counter()
        hits = sum(len(scrubber.scrub(line)[1]) for line in lines)
        runs.append(time.perf_counter() - t0)
    best = min(runs)
    res = {
        "lines": a.lines,
        "chars": sum(map(len, lines)),
        "hits": hits,
        "seconds": [round(x, 3) for x in runs],
        "lines_per_second_best": round(a.lines / best),
        "lines_per_second_median": round(a.lines / sorted(runs)[len(runs) // 2]),
        "python": platform.python_version(),
        "machine": platform.machine(),
        "cpus": os.cpu_count(),
        "load_average_1min": round(os.getloadavg()[0], 2),
    }
    a.out.write_text(json.dumps(res, indent=1) + "\n", encoding="utf-8")
    print(
        f"| lines | best s | lines/s (best) | lines/s (median) | hits |\n| --- | --- | --- | --- | --- |\n"
        f"| {a.lines} | {best:.2f} | {res['lines_per_second_best']} | {res['lines_per_second_median']} | {hits} |"
    )


if __name__ == "__main__":
    main()
