"""PII scrubbing: the development set - checksum-valid numbers, plates and addresses in zh/en chat lines plus
hard negatives (look-alikes). The rules were tuned on this set (seed 7); tests/unit/test_scrub_fresh.py holds
them on a set written afterwards by a separate generator.

Check digits here are computed by this file's own code from the standards, never by the code under test:
GB 11643 (mainland ID) by ISO 7064 MOD 11-2 with weights 2^(17-i) mod 11, checked against the published weight
list; Luhn for cards spelt out by hand; the Hong Kong and Taiwan rules from their published descriptions.

Run with `pytest -s` to see per-type recall and precision.
"""

from __future__ import annotations

import json
import random
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "data" / "scrub"))
import measure  # noqa: E402

from studio.data.rows import Row  # noqa: E402
from studio.data.scrub import TYPES, Scrubber, ScrubOptions, is_card, is_cn_id, is_hk_id, is_tw_id, scrub_text

NAMES = ("小美", "Lucy")
REGIONS = ("110101", "310104", "440305", "330106", "510107", "420111", "320102", "210102", "500103", "610113")
MOBILE_PREFIXES = (
    "130",
    "131",
    "135",
    "138",
    "139",
    "150",
    "152",
    "158",
    "166",
    "173",
    "177",
    "180",
    "186",
    "188",
    "189",
    "198",
    "199",
)
CARD_PREFIXES = ("622202", "621700", "622848", "621483", "622588", "4367", "4563", "5187", "5239", "6214", "6225")


# GB 11643-1999: weight of position i (1-based from the left, 17 digits) is 2^(18-i) mod 11
GB11643_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
# remainder of the weighted sum mod 11 -> check character, as printed in the standard
GB11643_MAP = dict(zip(range(11), "10X98765432"))


def id_check(body17: str) -> str:
    weights = [pow(2, 17 - i, 11) for i in range(17)]
    assert tuple(weights) == GB11643_WEIGHTS
    return GB11643_MAP[sum(int(d) * w for d, w in zip(body17, weights)) % 11]


def luhn_check(body: str) -> str:
    total = 0
    for i, d in enumerate(reversed(body)):  # the check digit will sit right of body: double every other one
        n = int(d) * (2 if i % 2 == 0 else 1)
        total += n - 9 if n > 9 else n
    return str(-total % 10)


def luhn_valid(number: str) -> bool:
    return luhn_check(number[:-1]) == number[-1]


def hk_check(letters: str, six: str) -> str:
    """HKID: letter values A=1..Z=26 shifted by 9 (A=10), a lone letter is preceded by a 'space' worth 36;
    weights 9..2 from the left; check = 11 - (sum mod 11), with 10 -> A and 11 -> 0."""
    vals = ([36] if len(letters) == 1 else []) + [ord(c) - ord("A") + 10 for c in letters] + [int(d) for d in six]
    r = 11 - sum(v * w for v, w in zip(vals, (9, 8, 7, 6, 5, 4, 3, 2))) % 11
    return {10: "A", 11: "0"}.get(r, str(r))


TW_CODES = {
    "A": 10,
    "B": 11,
    "C": 12,
    "D": 13,
    "E": 14,
    "F": 15,
    "G": 16,
    "H": 17,
    "I": 34,
    "J": 18,
    "K": 19,
    "L": 20,
    "M": 21,
    "N": 22,
    "O": 35,
    "P": 23,
    "Q": 24,
    "R": 25,
    "S": 26,
    "T": 27,
    "U": 28,
    "V": 29,
    "W": 32,
    "X": 30,
    "Y": 31,
    "Z": 33,
}


def tw_check(letter: str, eight: str) -> str:
    """Taiwan ID: the letter's code ab counts a*1 + b*9, the 8 digits weights 8..1, and the check digit makes
    the total a multiple of 10."""
    a, b = divmod(TW_CODES[letter], 10)
    total = a + b * 9 + sum(int(d) * w for d, w in zip(eight, range(8, 0, -1)))
    return str(-total % 10)


def digits(rng, n):
    return "".join(rng.choice("0123456789") for _ in range(n))


def cn_id(rng, valid=True):
    born = date(1960, 1, 1) + timedelta(days=rng.randrange(16000))
    body = rng.choice(REGIONS) + born.strftime("%Y%m%d") + digits(rng, 3)
    check = id_check(body)
    if not valid:
        check = rng.choice([c for c in "0123456789X" if c != check])
    return body + check


def card(rng, valid=True):
    prefix = rng.choice(CARD_PREFIXES)
    body = prefix + digits(rng, rng.choice((16, 19)) - len(prefix) - 1)
    check = luhn_check(body)
    if not valid:
        check = rng.choice([c for c in "0123456789" if c != check])
    return body + check


def mobile(rng):
    return rng.choice(MOBILE_PREFIXES) + digits(rng, 8)


FULLWIDTH = str.maketrans("0123456789+-", "０１２３４５６７８９＋－")


def fmt_mobile(rng, n):
    style = rng.randrange(9)
    return [
        n,
        f"{n[:3]} {n[3:7]} {n[7:]}",
        f"{n[:3]}-{n[3:7]}-{n[7:]}",
        f"+86 {n}",
        f"+86-{n[:3]}-{n[3:7]}-{n[7:]}",
        f"0086{n}",
        f"(+86){n}",
        n.translate(FULLWIDTH),
        f"+86 {n[:3]} {n[3:7]} {n[7:]}",
    ][style]


INTL = (
    "+1 415 555 2671",
    "+44 20 7946 0958",
    "+81 90-1234-5678",
    "+852 9123 4567",
    "+1 (415) 555-2671",
    "+49 30 901820",
    "+65 6123 4567",
    "+61 412 345 678",
    "+33 6 12 34 56 78",
    "(415) 555-2671",
)


def fmt_id(rng, n):
    return [n, n[:-1] + n[-1].lower(), f"{n[:6]} {n[6:14]} {n[14:]}"][rng.randrange(3)]


def fmt_card(rng, n):
    sep = rng.choice(("", " ", "-"))
    return sep.join(n[i : i + 4] for i in range(0, len(n), 4)) if sep else n


ZH_TEMPLATES = {
    "PHONE": [
        "我电话是{}，到了打我",
        "手机号：{}",
        "有事打{}找我",
        "新号码 {} 记一下哈",
        "call me: {}",
        "打这个 {} 就行",
        "宝贝我换号了{}",
        "到楼下了，打 {}",
    ],
    "ID": ["身份证号{}，帮我订票", "我的身份证：{}", "ID number {} for the booking", "身份证 {} 别发给别人"],
    "CARD": ["卡号{}，转我吧", "我的银行卡 {} 工行的", "card number: {}", "打到这张卡 {} 就行", "账号{}"],
    "EMAIL": ["邮箱 {} 发我", "email me at {}", "简历发到{}哦", "我的邮箱是{}"],
    "QQ": [
        "我QQ是{}",
        "加我扣扣：{}",
        "qq号 {}",
        "QQ：{}",
        "{} 是我的QQ",
        "my QQ is {}",
        "QQ号码是{}，加一下",
        "扣扣{}",
    ],
    "WECHAT": [
        "微信号：{}",
        "加我微信 {}",
        "vx：{}",
        "我的wx是{}",
        "WeChat: {}",
        "add me on WeChat: {}",
        "微信 {}",
        "我微信号是{}，备注小号",
    ],
    "NAME": ["{}今天好可爱", "我跟{}说过了", "tell {} I said hi", "{}，晚安"],
}
ZH_TEMPLATES.update(
    {
        "HKID": ["香港身份证 {}", "我的HKID是{}", "ID card: {}", "身份证号码{}，香港的", "{} 这是我香港身份证"],
        "TWID": ["身分證字號 {}", "我的台湾身份证是{}", "Taiwan ID {}", "证件号{}"],
        "PASSPORT": ["护照号 {}", "我的护照：{}", "passport number {}", "护照号码是{}，签证用", "订机票要护照 {}"],
        "LANDLINE": ["座机 {}", "公司电话{}", "打我办公室{}", "家里电话是 {}", "office: {}", "前台 {} 转我"],
        "PLATE": ["车牌{}", "我的车是{}", "停在B2，车牌号 {}", "{}那辆白色的就是我", "接你的车 {}"],
        "ADDRESS": [
            "快递寄到{}",
            "我住在{}",
            "地址：{}",
            "收货地址 {}，电话联系",
            "{}，到了给我打电话",
            "搬家了，新家在{}",
        ],
    }
)
ZH_TEMPLATES["PHONE"] += ["我的手机 {}", "打 {}"]

WECHAT_IDS = (
    "lucy_1990",
    "xiaoming2024",
    "wxid_ab12cd34ef",
    "zhang-san_88",
    "Amy_520",
    "sunny1314",
    "jiejie_99",
    "momo2023_",
    "baobei520",
    "Tony-Wang7",
)
EMAILS = ("lucy.zhang@qq.com", "ming2024@163.com", "amy_w@gmail.com", "x.y+love@outlook.com", "tom@company.com.cn")


PROVINCES2 = ("11", "12", "13", "31", "32", "33", "35", "37", "42", "44", "50", "51", "61", "65")
AREA_CODES = (
    "010",
    "020",
    "021",
    "022",
    "023",
    "024",
    "025",
    "027",
    "028",
    "029",
    "0755",
    "0571",
    "0512",
    "0731",
    "0371",
    "0591",
    "0898",
    "0451",
    "0871",
    "0991",
)
PLATE_PROV = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
PLATE_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"
CITIES = (
    ("上海市", "浦东新区", "张江路"),
    ("北京市", "朝阳区", "建国路"),
    ("广东省深圳市", "南山区", "科技园南路"),
    ("浙江省杭州市", "西湖区", "文三路"),
    ("四川省成都市", "武侯区", "人民南路"),
    ("江苏省南京市", "鼓楼区", "中山北路"),
    ("湖北省武汉市", "洪山区", "珞喻路"),
    ("天津市", "南开区", "鞍山西道"),
    ("重庆市", "渝中区", "解放碑大街"),
)
ESTATES = ("阳光花园", "翠湖小区", "万科城", "金地家园", "碧桂园", "名都公寓", "东方大厦", "幸福里")


def hkid(rng):
    letters = "".join(rng.choice("ABCDEGHKMPRVYZ") for _ in range(rng.choice((1, 1, 2))))
    six = digits(rng, 6)
    check = hk_check(letters, six)
    return rng.choice(
        [
            f"{letters}{six}({check})",
            f"{letters}{six}（{check}）",
            f"{letters}{six} ({check})",
            f"{letters}{six}{check}",
        ]
    )


def twid(rng):
    letter = rng.choice(sorted(TW_CODES))
    eight = rng.choice("12") + digits(rng, 7)
    return letter + eight + tw_check(letter, eight)


def passport(rng):
    return rng.choice(
        [
            f"E{digits(rng, 8)}",
            f"E{rng.choice('ABCDEFGHJK')}{digits(rng, 7)}",
            f"G{digits(rng, 8)}",
            f"K{digits(rng, 8)}",
            digits(rng, 9),
            f"P{digits(rng, 7)}",
        ]
    )


def landline(rng):
    area = rng.choice(AREA_CODES)
    local = rng.choice("2345678") + digits(rng, 7 if len(area) == 3 else rng.choice((7, 7, 6)))
    half = len(local) // 2
    return rng.choice(
        [
            f"{area}-{local}",
            f"({area}){local}",
            f"（{area}）{local}",
            f"{area} {local}",
            f"{area}-{local[:half]}-{local[half:]}",
            f"+86 {area[1:]} {local}",
            f"{area}{local}",
            f"({area}) {local[:half]} {local[half:]}",
            f"{area}-{local}转{rng.randrange(100, 999)}",
        ]
    )


def plate(rng):
    prov, city = rng.choice(PLATE_PROV), rng.choice(PLATE_LETTERS)
    if rng.random() < 0.35:  # new energy: D/F + 5, or 5 digits + D/F
        tail = (
            rng.choice("DF") + rng.choice(PLATE_LETTERS + "0123456789") + digits(rng, 4)
            if rng.random() < 0.7
            else digits(rng, 5) + rng.choice("DF")
        )
    else:
        tail = "".join(
            rng.choice(PLATE_LETTERS) if i < 2 and rng.random() < 0.25 else rng.choice("0123456789") for i in range(5)
        )
    return rng.choice([f"{prov}{city}{tail}", f"{prov}{city}·{tail}", f"{prov}{city} {tail}", f"{prov}{city}-{tail}"])


def address(rng):
    prov_city, district, road = rng.choice(CITIES)
    no = rng.randrange(1, 999)
    detail = rng.choice(
        [
            f"{road}{no}号",
            f"{road}{no}弄{rng.randrange(1, 40)}号{rng.randrange(101, 2999)}",
            f"{road}{no}号{rng.choice(ESTATES)}{rng.randrange(1, 30)}栋{rng.randrange(1, 6)}单元{rng.randrange(101, 3300)}",
            f"{rng.choice(ESTATES)}{rng.randrange(1, 30)}号楼{rng.randrange(1, 6)}单元{rng.randrange(101, 3300)}室",
            f"{road}{no}号院{rng.randrange(1, 20)}号楼{rng.randrange(101, 2000)}",
        ]
    )
    return rng.choice([prov_city + district + detail, district + detail, detail, prov_city + district + detail])


def gen_value(rng, t):
    if t == "HKID":
        return hkid(rng)
    if t == "TWID":
        return twid(rng)
    if t == "PASSPORT":
        return passport(rng)
    if t == "LANDLINE":
        return landline(rng)
    if t == "PLATE":
        return plate(rng)
    if t == "ADDRESS":
        return address(rng)
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
            f"时间戳 {1700000000 + rng.randrange(10**8)}，毫秒 {1700000000000 + rng.randrange(10**11)}",
            f"航班 {rng.choice(('CA', 'MU', 'CZ', 'HU'))}{rng.randrange(100, 9999)} 晚点了",
            f"取件码 {rng.randrange(1, 9)}-{rng.randrange(1, 9)}-{rng.randrange(1000, 9999)}，取餐码 A{rng.randrange(100, 999)}",
            f"身份证号写错了：{cn_id(rng, valid=False)}",
            f"这张卡 {fmt_card(rng, card(rng, valid=False))} 好像不对",
            f"花了 {rng.randrange(10000, 99999)} 元，还有 ¥{rng.randrange(100, 9999)}.{rng.randrange(10, 99)}",
            f"验证码 {digits(rng, 6)}，房间号 {rng.randrange(100, 999)}",
            f"{rng.randrange(2000, 2030)}年{rng.randrange(1, 13)}月{rng.randrange(1, 29)}日见，一共 {rng.randrange(1, 99)} 个人",
            rng.choice(
                [
                    "微信支付 128 元",
                    "我在微信上看到的",
                    "wechat is down today",
                    "用微信付款吧",
                    "QQ音乐会员 15 元",
                    "qq空间里看到的",
                    "add me on wechat tomorrow",
                    "今天的步数 12345 步",
                ]
            ),
            f"Invoice {digits(rng, 16)} paid, ref {digits(rng, 12)}",
            f"坐 G{rng.randrange(1, 9999)} 次列车，{rng.randrange(1, 17)}车{rng.randrange(1, 20)}{rng.choice('ABCDF')}座",
            f"ISBN 978-7-{rng.randrange(100, 999)}-{rng.randrange(10000, 99999)}-{rng.randrange(10)}",
            f"快递单号 {rng.choice(('YT', 'ZTO', 'JD'))}{digits(rng, 13)}，顺丰 SF{digits(rng, 12)}",
            f"{rng.randrange(1, 13)}月{rng.randrange(1, 29)}号见，在{rng.choice(('南京路', '中山路', '万达广场'))}门口等你",
            f"我们逛街{rng.randrange(1, 29)}号去吧，地铁{rng.randrange(1, 18)}号线",
            f"酒店房间 {rng.randrange(1000, 3999)}，{rng.randrange(1, 40)}楼",
            f"价格 ¥{rng.randrange(10, 9999)}.00，原价 {rng.randrange(100, 99999)} 元，优惠码 {rng.choice('ABCDE')}{digits(rng, 6)}",
            f"订单号 E{digits(rng, 12)}，流水号 {digits(rng, 20)}",
            f"型号 {rng.choice(('RTX', 'GTX'))}{rng.randrange(1000, 5000)}，京东 {rng.randrange(1000, 9999)} 元",
            f"身份证号写错了：{cn_id(rng, valid=False)}，香港身份证也错了 A{digits(rng, 6)}(X)",
        ]
    return lines


def build_set(seed=7, per_type=150):
    rng = random.Random(seed)
    samples = []  # (text, [(type, start, end)])
    for t in TYPES:
        for _ in range(per_type):
            value = gen_value(rng, t)
            tpl = rng.choice(ZH_TEMPLATES[t])
            text = tpl.replace("{}", value)
            start = tpl.index("{}")
            samples.append((text, [(t, start, start + len(value))]))
    for _ in range(80):  # several kinds in one line
        a, b = rng.sample(["PHONE", "EMAIL", "ID", "CARD", "QQ", "WECHAT", "LANDLINE", "PLATE", "ADDRESS", "TWID"], 2)
        va, vb = gen_value(rng, a), gen_value(rng, b)
        ta, tb = rng.choice(ZH_TEMPLATES[a]), rng.choice(ZH_TEMPLATES[b])
        first = ta.replace("{}", va)
        text = f"{first}；{tb.replace('{}', vb)}"
        s1, s2 = ta.index("{}"), len(first) + 1 + tb.index("{}")
        samples.append((text, [(a, s1, s1 + len(va)), (b, s2, s2 + len(vb))]))
    samples += [(line, []) for line in negatives(rng)]
    return samples


def evaluate(samples):
    """Per-type counts by the same rule as the fresh sets (tests/data/scrub/measure.py)."""
    res = measure.score(samples, Scrubber(ScrubOptions(names=NAMES)))
    types = res["types"]
    return ({t: types.get(t, {}).get(k, 0) for t in TYPES} for k in ("tp", "fn", "fp")), res["misses"]


def test_pii_recall_and_precision():
    (tp, fn, fp), misses = evaluate(build_set())
    print("\nPII scrubbing on the generated test set")
    print(f"{'type':<8}{'recall':>8}{'precision':>11}{'tp':>6}{'fn':>5}{'fp':>5}")
    recall, precision = {}, {}
    for t in TYPES:
        recall[t] = tp[t] / max(1, tp[t] + fn[t])
        precision[t] = tp[t] / max(1, tp[t] + fp[t])
        print(f"{t:<8}{recall[t]:>8.3f}{precision[t]:>11.3f}{tp[t]:>6}{fn[t]:>5}{fp[t]:>5}")
    for kind, t, text in misses[:40]:
        print(f"  {kind:<6} {t:<7} {text}")
    for t in ("PHONE", "LANDLINE", "ID", "CARD", "EMAIL"):
        assert recall[t] >= 0.98, t
    for t in ("QQ", "WECHAT", "HKID", "TWID", "PASSPORT", "PLATE", "ADDRESS"):
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
    assert not is_cn_id("110101" + "20991231" + "0011")  # born in the future
    c = card(rng)
    assert is_card(c) and not is_card(c[:-1] + str((int(c[-1]) + 1) % 10))
    assert not is_card("1234567890123452")  # Luhn-valid, but no issuer starts with 1
    assert luhn_valid("1234567890123452")


def test_scrub_rows_report_has_positions_not_values():
    rows = [
        Row(
            {
                "messages": [
                    {"role": "user", "content": "QQ 987654321"},
                    {"role": "assistant", "content": "好，我加你，我的是 lucy@qq.com"},
                ]
            },
            "a.jsonl",
            1,
        ),
        Row(
            {
                "messages": [{"role": "user", "content": "在吗"}, {"role": "assistant", "content": "在"}],
                "rejected_response": "打13812345678",
            },
            "a.jsonl",
            2,
        ),
        Row(
            {"messages": [{"role": "user", "content": "晚安"}, {"role": "assistant", "content": "晚安"}]}, "a.jsonl", 3
        ),
    ]
    out, report = Scrubber().scrub_rows(rows)
    assert out[0].data["messages"][0]["content"] == "QQ [QQ]"
    assert out[0].data["messages"][1]["content"] == "好，我加你，我的是 [EMAIL]"
    assert out[1].data["rejected_response"] == "打[PHONE]"
    assert out[2] is rows[2]
    assert rows[0].data["messages"][0]["content"] == "QQ 987654321"  # the input is not changed
    d = report.to_dict()
    assert d["counts"] == {"EMAIL": 1, "PHONE": 1, "QQ": 1} and d["total"] == 3 and d["rows_changed"] == 2
    assert {"type": "PHONE", "row": 1, "file": "a.jsonl", "line": 2, "field": "rejected_response", "offset": 1} in d[
        "positions"
    ]
    dumped = json.dumps(d)
    for secret in ("987654321", "lucy@qq.com", "13812345678"):
        assert secret not in dumped


@pytest.mark.parametrize("types,expect", [(("EMAIL",), "QQ 12345678 [EMAIL]"), (("QQ",), "QQ [QQ] a@b.cn")])
def test_only_chosen_types(types, expect):
    assert scrub_text("QQ 12345678 a@b.cn", ScrubOptions(types=types))[0] == expect


# ---- mainland ID numbers: published examples, a second implementation and the forms people type --------------

PUBLISHED_IDS = ("11010519491231002X", "440524188001010014")  # the two examples printed in GB 11643-1999


@pytest.mark.parametrize("number", PUBLISHED_IDS)
def test_published_id_examples(number):
    assert id_check(number[:17]) == number[17]  # the test's own implementation agrees with the standard
    assert is_cn_id(number) and is_cn_id(number.lower())
    assert scrub_text(f"身份证 {number}")[0] == "身份证 [ID]"


def test_published_hk_and_tw_examples():
    assert hk_check("A", "123456") == "3" and hk_check("G", "123456") == "A"
    assert is_hk_id("A123456(3)") and is_hk_id("G123456(A)") and not is_hk_id("A123456(4)")
    assert tw_check("A", "12345678") == "9" and is_tw_id("A123456789") and not is_tw_id("A123456788")
    assert scrub_text("香港身份证 A123456(3)")[0] == "香港身份证 [HKID]"
    assert scrub_text("身分證 A123456789")[0] == "身分證 [TWID]"


FULL = str.maketrans("0123456789Xx-", "０１２３４５６７８９Ｘｘ－")
PROVINCE_CODES = (
    "11",
    "12",
    "13",
    "14",
    "15",
    "21",
    "22",
    "23",
    "31",
    "32",
    "33",
    "34",
    "35",
    "36",
    "37",
    "41",
    "42",
    "43",
    "44",
    "45",
    "46",
    "50",
    "51",
    "52",
    "53",
    "54",
    "61",
    "62",
    "63",
    "64",
    "65",
)


@st.composite
def valid_ids(draw):
    body = (
        draw(st.sampled_from(PROVINCE_CODES))
        + draw(st.from_regex(r"\A[0-9]{4}\Z"))
        + draw(st.dates(date(1900, 1, 1), date(2024, 12, 31))).strftime("%Y%m%d")
        + draw(st.from_regex(r"\A[0-9]{3}\Z"))
    )
    return body + id_check(body)


GROUPINGS = ((18,), (6, 8, 4), (6, 4, 4, 4), (4, 4, 4, 4, 2), (3, 3, 4, 4, 4), (6, 12))
CONTEXTS = (
    ("", ""),
    ("身份证 ", ""),
    ("我的身份证号是", "，帮我订票"),
    ("ID number ", " for the booking."),
    ("", " 是我的身份证"),
    ("在吗\n", "\n好的"),
    ("sfz", "。"),
    ("身份证：", "号，别外传"),
)


def typed(number: str, grouping: tuple, sep: str, lower: bool, full: bool) -> str:
    parts, i = [], 0
    for n in grouping:
        parts.append(number[i : i + n])
        i += n
    s = sep.join(parts)
    s = s[:-1] + s[-1].lower() if lower else s
    return s.translate(FULL) if full else s


@settings(max_examples=300, deadline=None)
@given(
    valid_ids(),
    st.sampled_from(GROUPINGS),
    st.sampled_from((" ", "-")),
    st.booleans(),
    st.booleans(),
    st.sampled_from(CONTEXTS),
)
def test_every_typed_form_of_a_valid_id_is_hidden(number, grouping, sep, lower, full, context):
    value = typed(number, grouping, sep, lower, full)
    text = context[0] + value + context[1]
    new, hits = scrub_text(text)
    start = len(context[0])
    assert any(h.type == "ID" and h.start == start and h.end == start + len(value) for h in hits), (text, hits)
    assert new == context[0] + "[ID]" + context[1]


@settings(max_examples=300, deadline=None)
@given(valid_ids(), st.integers(0, 17), st.integers(1, 10), st.sampled_from(CONTEXTS))
def test_one_wrong_character_is_not_an_id(number, pos, shift, context):
    alphabet = "0123456789X" if pos == 17 else "0123456789"
    wrong = alphabet[(alphabet.index(number[pos]) + shift) % len(alphabet)]
    if wrong == number[pos]:
        return
    bad = number[:pos] + wrong + number[pos + 1 :]
    assert not is_cn_id(bad)
    assert not any(h.type == "ID" for h in Scrubber().find(context[0] + bad + context[1]))


def test_bundled_sample_passes_unchanged():
    from studio.data.store import SAMPLE_DIR

    for name in ("sft.jsonl", "pairs.jsonl", "sft_heldout.jsonl", "pairs_heldout.jsonl"):
        for line in (SAMPLE_DIR / name).read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            texts = [m["content"] for m in row["messages"]] + [row.get("rejected_response") or ""]
            for t in texts:
                assert scrub_text(t)[1] == [], (name, t)
    for line in (SAMPLE_DIR / "fragments.txt").read_text(encoding="utf-8").splitlines():
        assert scrub_text(line)[1] == [], line


def test_report_keeps_a_few_changed_lines_with_placeholders():
    rows = [
        Row(
            {"messages": [{"role": "user", "content": f"我的手机 138{i:08d}"}, {"role": "assistant", "content": "好"}]},
            "chat.txt",
            i + 1,
        )
        for i in range(20)
    ]
    rows.append(
        Row(
            {
                "messages": [
                    {"role": "user", "content": "快递寄到上海市浦东新区张江路100弄5号1201，谢谢"},
                    {"role": "assistant", "content": "收到"},
                ]
            },
            "chat.txt",
            30,
        )
    )
    _, report = Scrubber().scrub_rows(rows)
    ex = report.to_dict()["examples"]
    assert [e["types"] for e in ex] == [["PHONE"], ["ADDRESS"]]  # one line per new type, not 21
    assert ex[0]["text"] == "我的手机 [PHONE]" and ex[1]["text"] == "快递寄到[ADDRESS]，谢谢"
    assert (ex[1]["file"], ex[1]["line"]) == ("chat.txt", 30)


@pytest.mark.parametrize(
    "text,expect",
    [
        # the issue's own examples
        ("快递寄到上海市浦东新区张江路100弄5号1201", "快递寄到[ADDRESS]"),
        ("座机 010-12345678，或者 (0755)86123456", "座机 [LANDLINE]，或者 [LANDLINE]"),
        ("香港身份证 A123456(3)", "香港身份证 [HKID]"),
        ("echo 身份证 11010519491231002X", "echo 身份证 [ID]"),
        # addresses starting at the district, with an estate, written with spaces
        ("朝阳区建国路88号SOHO现代城3号楼2单元1502", "[ADDRESS]"),
        ("我住在阳光花园3栋2单元501 138 1234 5678", "我住在[ADDRESS] [PHONE]"),
        ("上海市 浦东新区 张江路 100弄 5号 1201室，谢谢", "[ADDRESS]，谢谢"),
        # plates, mobiles written as people type them
        ("车牌沪A·12345，新能源粤BD12345", "车牌[PLATE]，新能源[PLATE]"),
        ("+86 138-1234-5678 / 0086 13912345678", "[PHONE] / [PHONE]"),
        # look-alikes stay as they are
        ("订单号 20240501123456789，快递单号 SF1234567890123", None),
        ("航班 CA1234，车次 G1234，¥328.50，2024-05-20 13:14", None),
        ("验证码 482913，房间号 1208，ISBN 978-7-111-12345-6", None),
        ("地铁2号线3号口出，在南京路5号门等你，逛街3号去", None),
        ("优惠券 E44165815，学号 2021123456", None),
    ],
)
def test_examples_read_as_expected(text, expect):
    assert scrub_text(text)[0] == (text if expect is None else expect)
