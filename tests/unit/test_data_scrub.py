"""PII scrubbing: a generated test set of checksum-valid numbers in zh/en chat lines plus hard negatives.

Run with `pytest -s` to see per-type recall and precision.
"""
from __future__ import annotations

import json
import random
from datetime import date, timedelta

import pytest
from stdnum import luhn
from stdnum.cn import ric

from studio.data.rows import Row
from studio.data.scrub import TYPES, ScrubOptions, Scrubber, is_card, is_cn_id, scrub_text

NAMES = ("小美", "Lucy")
REGIONS = ("110101", "310104", "440305", "330106", "510107", "420111", "320102", "210102", "500103", "610113")
MOBILE_PREFIXES = ("130", "131", "135", "138", "139", "150", "152", "158", "166", "173", "177", "180", "186", "188",
                   "189", "198", "199")
CARD_PREFIXES = ("622202", "621700", "622848", "621483", "622588", "4367", "4563", "5187", "5239", "6214", "6225")


def digits(rng, n):
    return "".join(rng.choice("0123456789") for _ in range(n))


def cn_id(rng, valid=True):
    born = date(1960, 1, 1) + timedelta(days=rng.randrange(16000))
    body = rng.choice(REGIONS) + born.strftime("%Y%m%d") + digits(rng, 3)
    check = ric.calc_check_digit(body)
    if not valid:
        check = rng.choice([c for c in "0123456789X" if c != check])
    return body + check


def card(rng, valid=True):
    prefix = rng.choice(CARD_PREFIXES)
    body = prefix + digits(rng, rng.choice((16, 19)) - len(prefix) - 1)
    check = luhn.calc_check_digit(body)
    if not valid:
        check = rng.choice([c for c in "0123456789" if c != check])
    return body + check


def mobile(rng):
    return rng.choice(MOBILE_PREFIXES) + digits(rng, 8)


FULLWIDTH = str.maketrans("0123456789+-", "０１２３４５６７８９＋－")


def fmt_mobile(rng, n):
    style = rng.randrange(9)
    return [n, f"{n[:3]} {n[3:7]} {n[7:]}", f"{n[:3]}-{n[3:7]}-{n[7:]}", f"+86 {n}", f"+86-{n[:3]}-{n[3:7]}-{n[7:]}",
            f"0086{n}", f"(+86){n}", n.translate(FULLWIDTH), f"+86 {n[:3]} {n[3:7]} {n[7:]}"][style]


INTL = ("+1 415 555 2671", "+44 20 7946 0958", "+81 90-1234-5678", "+852 9123 4567", "+1 (415) 555-2671",
        "+49 30 901820", "+65 6123 4567", "+61 412 345 678", "+33 6 12 34 56 78", "(415) 555-2671", "010-62345678",
        "0755-86012345")


def fmt_id(rng, n):
    return [n, n[:-1] + n[-1].lower(), f"{n[:6]} {n[6:14]} {n[14:]}"][rng.randrange(3)]


def fmt_card(rng, n):
    sep = rng.choice(("", " ", "-"))
    return sep.join(n[i:i + 4] for i in range(0, len(n), 4)) if sep else n


ZH_TEMPLATES = {
    "PHONE": ["我电话是{}，到了打我", "手机号：{}", "有事打{}找我", "新号码 {} 记一下哈", "call me: {}", "打这个 {} 就行",
              "宝贝我换号了{}", "到楼下了，打 {}"],
    "ID": ["身份证号{}，帮我订票", "我的身份证：{}", "ID number {} for the booking", "身份证 {} 别发给别人"],
    "CARD": ["卡号{}，转我吧", "我的银行卡 {} 工行的", "card number: {}", "打到这张卡 {} 就行", "账号{}"],
    "EMAIL": ["邮箱 {} 发我", "email me at {}", "简历发到{}哦", "我的邮箱是{}"],
    "QQ": ["我QQ是{}", "加我扣扣：{}", "qq号 {}", "QQ：{}", "{} 是我的QQ", "my QQ is {}", "QQ号码是{}，加一下", "扣扣{}"],
    "WECHAT": ["微信号：{}", "加我微信 {}", "vx：{}", "我的wx是{}", "WeChat: {}", "add me on WeChat: {}", "微信 {}",
               "我微信号是{}，备注小号"],
    "NAME": ["{}今天好可爱", "我跟{}说过了", "tell {} I said hi", "{}，晚安"],
}
WECHAT_IDS = ("lucy_1990", "xiaoming2024", "wxid_ab12cd34ef", "zhang-san_88", "Amy_520", "sunny1314", "jiejie_99",
              "momo2023_", "baobei520", "Tony-Wang7")
EMAILS = ("lucy.zhang@qq.com", "ming2024@163.com", "amy_w@gmail.com", "x.y+love@outlook.com", "tom@company.com.cn")


def gen_value(rng, t):
    if t == "PHONE":
        return fmt_mobile(rng, mobile(rng)) if rng.random() < 0.8 else rng.choice(INTL)
    if t == "ID":
        return fmt_id(rng, cn_id(rng))
    if t == "CARD":
        return fmt_card(rng, card(rng))
    if t == "EMAIL":
        return rng.choice(EMAILS)
    if t == "QQ":
        return rng.choice("123456789") + digits(rng, rng.randrange(4, 10))
    if t == "WECHAT":
        return rng.choice(WECHAT_IDS)
    return rng.choice(NAMES)


def negatives(rng):
    """Lines with no personal data: order numbers, dates, timestamps, flights, codes, bad checksums, amounts."""
    lines = []
    for _ in range(40):
        lines += [
            f"订单号：{date(2024, 1, 1) + timedelta(days=rng.randrange(300)):%Y%m%d}{digits(rng, 11)}",
            f"订单号 {rng.choice('3456')}{digits(rng, 17)} 已发货",
            f"快递单号 SF{digits(rng, 13)}，明天到",
            f"2024-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d} {rng.randrange(24):02d}:{rng.randrange(60):02d}:05 的消息",
            f"时间戳 {1700000000 + rng.randrange(10 ** 8)}，毫秒 {1700000000000 + rng.randrange(10 ** 11)}",
            f"航班 {rng.choice(('CA', 'MU', 'CZ', 'HU'))}{rng.randrange(100, 9999)} 晚点了",
            f"取件码 {rng.randrange(1, 9)}-{rng.randrange(1, 9)}-{rng.randrange(1000, 9999)}，取餐码 A{rng.randrange(100, 999)}",
            f"身份证号写错了：{cn_id(rng, valid=False)}",
            f"这张卡 {fmt_card(rng, card(rng, valid=False))} 好像不对",
            f"花了 {rng.randrange(10000, 99999)} 元，还有 ¥{rng.randrange(100, 9999)}.{rng.randrange(10, 99)}",
            f"验证码 {digits(rng, 6)}，房间号 {rng.randrange(100, 999)}",
            f"{rng.randrange(2000, 2030)}年{rng.randrange(1, 13)}月{rng.randrange(1, 29)}日见，一共 {rng.randrange(1, 99)} 个人",
            rng.choice(["微信支付 128 元", "我在微信上看到的", "wechat is down today", "用微信付款吧", "QQ音乐会员 15 元",
                        "qq空间里看到的", "add me on wechat tomorrow", "今天的步数 12345 步"]),
            f"Invoice {digits(rng, 16)} paid, ref {digits(rng, 12)}",
        ]
    return lines


def build_set(seed=7, per_type=150):
    rng = random.Random(seed)
    samples = []   # (text, [(type, start, end)])
    for t in TYPES:
        for _ in range(per_type):
            value = gen_value(rng, t)
            tpl = rng.choice(ZH_TEMPLATES[t])
            text = tpl.replace("{}", value)
            start = tpl.index("{}")
            samples.append((text, [(t, start, start + len(value))]))
    for _ in range(80):   # several kinds in one line
        a, b = rng.sample(["PHONE", "EMAIL", "ID", "CARD", "QQ", "WECHAT"], 2)
        va, vb = gen_value(rng, a), gen_value(rng, b)
        ta, tb = rng.choice(ZH_TEMPLATES[a]), rng.choice(ZH_TEMPLATES[b])
        first = ta.replace("{}", va)
        text = f"{first}；{tb.replace('{}', vb)}"
        s1, s2 = ta.index("{}"), len(first) + 1 + tb.index("{}")
        samples.append((text, [(a, s1, s1 + len(va)), (b, s2, s2 + len(vb))]))
    samples += [(line, []) for line in negatives(rng)]
    return samples


def evaluate(samples):
    scrubber = Scrubber(ScrubOptions(names=NAMES))
    tp, fn, fp = ({t: 0 for t in TYPES} for _ in range(3))
    misses = []
    for text, truth in samples:
        hits = scrubber.find(text)
        used = set()
        for t, s, e in truth:
            match = next((i for i, h in enumerate(hits) if h.type == t and h.start < e and s < h.end and i not in used),
                         None)
            if match is None:
                fn[t] += 1
                misses.append(("missed", t, text))
            else:
                used.add(match)
                tp[t] += 1
        for i, h in enumerate(hits):
            if i not in used:
                fp[h.type] += 1
                misses.append(("false", h.type, text))
    return tp, fn, fp, misses


def test_pii_recall_and_precision():
    tp, fn, fp, misses = evaluate(build_set())
    print("\nPII scrubbing on the generated test set")
    print(f"{'type':<8}{'recall':>8}{'precision':>11}{'tp':>6}{'fn':>5}{'fp':>5}")
    recall, precision = {}, {}
    for t in TYPES:
        recall[t] = tp[t] / max(1, tp[t] + fn[t])
        precision[t] = tp[t] / max(1, tp[t] + fp[t])
        print(f"{t:<8}{recall[t]:>8.3f}{precision[t]:>11.3f}{tp[t]:>6}{fn[t]:>5}{fp[t]:>5}")
    for kind, t, text in misses[:15]:
        print(f"  {kind:<6} {t:<7} {text}")
    for t in ("PHONE", "ID", "CARD"):
        assert recall[t] >= 0.98, t
    for t in ("QQ", "WECHAT"):
        assert recall[t] >= 0.90, t
    for t in TYPES:
        assert precision[t] >= 0.95, t
    total_tp, total_fp = sum(tp.values()), sum(fp.values())
    assert total_tp / (total_tp + total_fp) >= 0.95


def test_hard_negatives_stay_untouched():
    rng = random.Random(3)
    for line in negatives(rng)[:200]:
        new, hits = scrub_text(line)
        assert new == line, (line, hits)


def test_placeholders_and_fullwidth_digits():
    new, hits = scrub_text("电话１３８－１２３４－５６７８，邮箱 a@b.cn，小美说的", ScrubOptions(names=("小美",)))
    assert new == "电话[PHONE]，邮箱 [EMAIL]，[NAME]说的"
    assert [h.type for h in hits] == ["PHONE", "EMAIL", "NAME"]
    assert hits[0].start == 2


def test_checksums():
    rng = random.Random(1)
    good = cn_id(rng)
    assert is_cn_id(good) and not is_cn_id(good[:-1] + ("0" if good[-1] != "0" else "1"))
    assert not is_cn_id("110101" + "20991231" + "0011")   # born in the future
    c = card(rng)
    assert is_card(c) and not is_card(c[:-1] + str((int(c[-1]) + 1) % 10))
    assert not is_card("1" + luhn.calc_check_digit("1" * 14) * 0 + "234567890123452")   # no issuer starts with 1


def test_scrub_rows_report_has_positions_not_values():
    rows = [Row({"messages": [{"role": "user", "content": "QQ 987654321"},
                              {"role": "assistant", "content": "好，我加你，我的是 lucy@qq.com"}]}, "a.jsonl", 1),
            Row({"messages": [{"role": "user", "content": "在吗"}, {"role": "assistant", "content": "在"}],
                 "rejected_response": "打13812345678"}, "a.jsonl", 2),
            Row({"messages": [{"role": "user", "content": "晚安"}, {"role": "assistant", "content": "晚安"}]}, "a.jsonl", 3)]
    out, report = Scrubber().scrub_rows(rows)
    assert out[0].data["messages"][0]["content"] == "QQ [QQ]"
    assert out[0].data["messages"][1]["content"] == "好，我加你，我的是 [EMAIL]"
    assert out[1].data["rejected_response"] == "打[PHONE]"
    assert out[2] is rows[2]
    assert rows[0].data["messages"][0]["content"] == "QQ 987654321"   # the input is not changed
    d = report.to_dict()
    assert d["counts"] == {"EMAIL": 1, "PHONE": 1, "QQ": 1} and d["total"] == 3 and d["rows_changed"] == 2
    assert {"type": "PHONE", "row": 1, "file": "a.jsonl", "line": 2, "field": "rejected_response", "offset": 1} \
        in d["positions"]
    dumped = json.dumps(d)
    for secret in ("987654321", "lucy@qq.com", "13812345678"):
        assert secret not in dumped


@pytest.mark.parametrize("types,expect", [(("EMAIL",), "QQ 12345678 [EMAIL]"), (("QQ",), "QQ [QQ] a@b.cn")])
def test_only_chosen_types(types, expect):
    assert scrub_text("QQ 12345678 a@b.cn", ScrubOptions(types=types))[0] == expect
