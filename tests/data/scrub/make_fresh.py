"""Write a fresh evaluation set for the scrubber: chat lines with personal data (each value's type and span
recorded) and look-alike lines that hold none.

Written after the rules, on purpose apart from them: this script does not import `studio`, computes every
check digit with its own code from the published rules, and uses its own phrasings, value forms and seeds
(none of them used while the rules were tuned). Usage:

    python tests/data/scrub/make_fresh.py --seed 20261206 --out tests/data/scrub/fresh-r1.jsonl

Each output line: {"text": str, "spans": [[type, start, end], ...]} (an empty list: nothing personal).
"""
from __future__ import annotations

import argparse
import json
import random
import string
from datetime import date, timedelta
from pathlib import Path

# ---- check digits, from the standards --------------------------------------------------------------------


def gb11643(body17: str) -> str:
    """Mainland resident ID: ISO 7064 MOD 11-2, weights 2^(17-i) mod 11; check = (12 - sum mod 11) mod 11,
    10 written X."""
    s = sum(int(c) * pow(2, 17 - i, 11) for i, c in enumerate(body17))
    v = (12 - s % 11) % 11
    return "X" if v == 10 else str(v)


def luhn(body: str) -> str:
    digits = [int(c) for c in body][::-1]
    s = 0
    for i, d in enumerate(digits):
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        s += d
    return str((10 - s % 10) % 10)


def hkid_check(prefix: str, six: str) -> str:
    """HK: pad to two letters with a space (value 36), A..Z = 10..35, weights 9..2, check = -sum mod 11,
    10 written A."""
    chars = prefix.rjust(2)
    total = sum((36 if c == " " else string.ascii_uppercase.index(c) + 10) * w for c, w in zip(chars, (9, 8)))
    total += sum(int(d) * w for d, w in zip(six, range(7, 1, -1)))
    v = -total % 11
    return "A" if v == 10 else str(v)


TW = "ABCDEFGHJKLMNPQRSTUVXYWZIO"   # codes 10..35 in this order


def twid_check(letter: str, eight: str) -> str:
    n = TW.index(letter) + 10
    total = n // 10 + 9 * (n % 10) + sum(int(d) * (8 - i) for i, d in enumerate(eight))
    return str(-total % 10)


# ---- values -----------------------------------------------------------------------------------------------

REGIONS = ("120103", "130102", "140105", "150102", "210203", "220104", "230103", "320582", "330782", "340104",
           "350203", "360102", "370212", "410105", "430104", "440106", "450103", "460106", "500112", "510104",
           "520102", "530102", "610104", "620102", "640104", "650102", "441900", "371102")
MOBILE_HEADS = ("134", "136", "137", "145", "147", "151", "155", "157", "159", "162", "165", "167", "171", "172",
                "176", "178", "181", "183", "185", "187", "191", "193", "195", "196", "197")
AREAS = ("010", "021", "022", "023", "020", "024", "027", "028", "029", "025", "0311", "0351", "0431", "0551",
         "0574", "0592", "0632", "0769", "0757", "0851", "0931", "0951", "0971", "0377", "0717")
FULL = str.maketrans("0123456789-+()Xx", "０１２３４５６７８９－＋（）Ｘｘ")


def num(rng, n):
    return "".join(rng.choice(string.digits) for _ in range(n))


def v_id(rng):
    born = date(1945, 1, 1) + timedelta(days=rng.randrange(28000))
    body = rng.choice(REGIONS) + born.strftime("%Y%m%d") + num(rng, 3)
    n = body + gb11643(body)
    form = rng.randrange(6)
    if form == 1:
        n = n.lower()
    elif form == 2:
        n = f"{n[:6]} {n[6:14]} {n[14:]}"
    elif form == 3:
        n = n.translate(FULL)
    elif form == 4:
        n = f"{n[:6]}-{n[6:14]}-{n[14:]}"
    return n


def v_mobile(rng):
    n = rng.choice(MOBILE_HEADS) + num(rng, 8)
    return rng.choice([n, n, f"{n[:3]}-{n[3:7]}-{n[7:]}", f"{n[:3]} {n[3:7]} {n[7:]}", f"+86{n}", f"+86 {n}",
                       f"0086 {n}", n.translate(FULL), f"+86 {n[:3]}-{n[3:7]}-{n[7:]}", f"{n[:3]}{n[3:7]} {n[7:]}",
                       rng.choice(["+1 212 555 0187", "+44 7700 900123", "+852 6123 4567", "+886 912 345 678",
                                   "+81 80 1234 5678", "+61 2 9374 4000"])])


def v_landline(rng):
    a = rng.choice(AREAS)
    local = rng.choice("2345678") + num(rng, 7 if len(a) == 3 else rng.choice((6, 7)))
    h = 4 if len(local) == 8 else 3
    return rng.choice([f"{a}-{local}", f"{a}-{local}", f"({a}){local}", f"（{a}）{local}", f"{a} {local}",
                       f"{a}-{local[:h]}-{local[h:]}", f"({a}) {local[:h]} {local[h:]}", f"+86-{a[1:]}-{local}",
                       f"{a}{local}", f"{a}-{local}-{rng.randrange(10, 9999)}", f"{a}-{local}转{rng.randrange(1, 999)}"])


def v_card(rng):
    kind = rng.randrange(5)
    if kind == 4:
        body = rng.choice(("34", "37")) + num(rng, 12)
    else:
        head = rng.choice(("621226", "622848", "622700", "620522", "625807", "436742", "456351", "512315", "552599"))
        body = head + num(rng, rng.choice((16, 19)) - len(head) - 1)
    n = body + luhn(body)
    sep = rng.choice(("", "", " ", "-"))
    return sep.join(n[i:i + 4] for i in range(0, len(n), 4)) if sep else n


def v_email(rng):
    user = "".join(rng.choice(string.ascii_lowercase + string.digits) for _ in range(rng.randrange(3, 10)))
    user = rng.choice([user, user + "." + rng.choice(("li", "wang", "chen")), rng.choice(("Xiao", "Mei")) + user,
                       user + "_" + num(rng, 2)])
    dom = rng.choice(("163.com", "126.com", "qq.com", "foxmail.com", "sina.cn", "hotmail.com", "yahoo.co.jp",
                      "mail.ustc.edu.cn", "icloud.com", "protonmail.ch"))
    return f"{user}@{dom}"


def v_qq(rng):
    return rng.choice("123456789") + num(rng, rng.randrange(4, 10))


def v_wechat(rng):
    head = rng.choice(string.ascii_letters)
    rest = "".join(rng.choice(string.ascii_lowercase + string.digits + "_-") for _ in range(rng.randrange(5, 14)))
    return rng.choice([head + rest, f"wxid_{num(rng, 4)}{rng.choice('abcxyz')}{num(rng, 6)}",
                       rng.choice(("Jing", "Yu", "momo", "Hao")) + rng.choice(("_", "")) + num(rng, 4)])


def v_hkid(rng):
    prefix = rng.choice(["", rng.choice("XW")]) + rng.choice("ABCDEFGHKMNPRSTVWYZ")
    six = num(rng, 6)
    c = hkid_check(prefix, six)
    return rng.choice([f"{prefix}{six}({c})", f"{prefix}{six}({c})", f"{prefix}{six}（{c}）",
                       f"{prefix.lower()}{six}({c})"])


def v_twid(rng):
    letter = rng.choice(TW)
    eight = rng.choice("12") + num(rng, 7)
    n = letter + eight + twid_check(letter, eight)
    return n if rng.random() < 0.85 else n.lower()


def v_passport(rng, cue_near: bool):
    cn = [f"E{num(rng, 8)}", f"E{rng.choice('BCDFHJKLMN')}{num(rng, 7)}", f"G{num(rng, 8)}"]
    other = [num(rng, 9), f"{rng.choice('KMPSX')}{num(rng, 7)}", f"{rng.choice(('AB', 'XN', 'PA'))}{num(rng, 7)}",
             f"C{num(rng, 8)}"]
    return rng.choice(cn + other if cue_near else cn)


PROV = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
PL = "ABCDEFGHJKLMNPQRSTUVWXYZ"


def v_plate(rng):
    p, c = rng.choice(PROV), rng.choice(PL)
    r = rng.random()
    if r < 0.3:
        tail = rng.choice("DF") + rng.choice(PL + string.digits) + num(rng, 4)
    elif r < 0.4:
        tail = num(rng, 5) + rng.choice("DF")
    else:
        tail = list(num(rng, 5))
        for i in rng.sample(range(5), rng.choice((0, 0, 1, 2))):
            tail[i] = rng.choice(PL)
        tail = "".join(tail)
    return rng.choice([f"{p}{c}{tail}", f"{p}{c}·{tail}", f"{p}{c}{tail}", f"{p}{c} {tail}", f"{p}{c}{tail}".lower()
                       if rng.random() < 0.2 else f"{p}{c}{tail}"])


PLACES = [("江苏省", "苏州市", "工业园区", ("星湖街", "现代大道", "金鸡湖大道")),
          ("", "成都市", "锦江区", ("春熙路", "东大街", "红星路三段")),
          ("湖南省", "长沙市", "岳麓区", ("麓山南路", "枫林三路", "桐梓坡路")),
          ("", "北京市", "海淀区", ("学院路", "中关村南大街", "知春路")),
          ("福建省", "厦门市", "思明区", ("鹭江道", "湖滨南路", "厦禾路")),
          ("", "重庆市", "江北区", ("建新北路", "北城天街", "观音桥步行街")),
          ("山东省", "青岛市", "市南区", ("香港中路", "东海西路", "闽江路")),
          ("陕西省", "西安市", "雁塔区", ("小寨西路", "长安南路", "科技路")),
          ("广东省", "广州市", "天河区", ("天河路", "体育西路", "珠江新城华夏路")),
          ("", "上海市", "徐汇区", ("漕溪北路", "衡山路", "肇嘉浜路"))]
ESTATE = ("锦绣华庭", "万象新城", "绿地花园", "滨江一号", "桃源新村", "丽景苑", "龙湖时代天街", "保利公馆", "和谐家园",
          "金色港湾小区")


def v_address(rng):
    prov, city, dist, roads = rng.choice(PLACES)
    road = rng.choice(roads)
    no = rng.randrange(1, 1500)
    room = rng.choice((f"{rng.randrange(1, 33)}0{rng.randrange(1, 6)}", f"{rng.randrange(1, 9)}0{rng.randrange(1, 4)}"))
    detail = rng.choice([
        f"{road}{no}号",
        f"{road}{no}号{rng.choice(ESTATE)}{rng.randrange(1, 25)}幢{room}室",
        f"{road}{no}弄{rng.randrange(1, 60)}号{room}室",
        f"{rng.choice(ESTATE)}{rng.randrange(1, 25)}栋{rng.randrange(1, 4)}单元{room}",
        f"{rng.choice(ESTATE)}{rng.randrange(1, 25)}号楼{room}",
        f"{road}{no}号{rng.randrange(1, 9)}栋{room}",
    ])
    start = rng.randrange(4)
    return ["", prov + city + dist, city + dist, dist][start] + detail if start else prov + city + dist + detail


# ---- phrasings (new ones, not the development set's) ----------------------------------------------------------

SAY = {
    "ID": ["帮我填一下表，身份证是{}", "{}，这是我身份证号，别弄丢了", "高铁票用这个证件 {}", "实名认证填的 {}",
           "my Chinese ID is {}", "身份证号码：{}\n姓名一栏写我", "那张表上身份证填{}"],
    "PHONE": ["落地了给我打电话 {}", "{}，这是我新手机", "换号啦，存一下{}", "她的手机：{}", "my cell is {}",
              "打不通就打这个{}吧", "有急事call我 {} 嘛"],
    "LANDLINE": ["店里电话{}，可以订位", "酒店前台：{}", "打家里座机 {} 找我妈", "公司总机{}",
                 "the hotel number is {}", "{} 这是宿舍楼下的电话"],
    "CARD": ["房租打到{}，工行的", "卡号给你 {}", "转账账号 {} 户名写我", "用这张信用卡 {} 付吧", "{} 是我的储蓄卡",
             "pay to card {} please"],
    "EMAIL": ["文件发我邮箱{}吧", "{} 这个邮箱也行", "写信到 {} 给我", "send the photos to {} ok", "PPT 发 {}，谢啦"],
    "QQ": ["加我QQ：{}", "我的qq号是 {}", "{} 是我扣扣，加一下", "QQ号码 {} 备注你的名字", "我扣扣{}，好久没上了",
           "企鹅号 {}"],
    "WECHAT": ["我微信号 {}", "加个微信吧：{}", "vx: {}", "wx号 {} 搜这个", "my wechat id is {}", "微信：{}，头像是猫",
               "V信 {}"],
    "HKID": ["香港身份证号码 {}", "我HKID {}", "入境表填香港身份证 {}", "HK ID card {}"],
    "TWID": ["身分證 {}", "我的身分證字號是{}", "台胞证上的台湾身份证号 {}", "Taiwan ID: {}"],
    "PASSPORT": ["护照号码 {}", "订机票用护照 {}", "我的护照是{}，明年过期", "passport No. {}", "{}，护照号，帮我填签证"],
    "PLATE": ["我的车牌{}，在门口", "滴滴司机的车 {} 到了", "{}，白色特斯拉", "停车场找{}", "车牌号码：{}"],
    "ADDRESS": ["收件地址：{}", "新家{}，周末来玩", "寄到 {} 给我", "我在{}楼下", "外卖送到{}", "{}，快递放门口就好",
                "地址是{}，导航搜得到"],
}

LOOKALIKES = [
    lambda r: f"订单编号 {num(r, 19)}，已发货",
    lambda r: f"订单号：{date(2025, 1, 1) + timedelta(days=r.randrange(300)):%Y%m%d}{num(r, 10)}",
    lambda r: f"快递单号 {r.choice(('SF', 'YT', 'ZT', 'JDX'))}{num(r, 13)}",
    lambda r: f"运单号{num(r, 12)}，明天派送",
    lambda r: f"中通 7{num(r, 13)} 到驿站了，取件码 {r.randrange(1, 30)}-{r.randrange(1, 9)}-{num(r, 4)}",
    lambda r: f"车次 {r.choice('GDCZTK')}{r.randrange(1, 9999)}，{r.randrange(1, 16):02d}车{r.randrange(1, 20)}{r.choice('ABCDF')}",
    lambda r: f"航班 {r.choice(('MU', 'CA', 'CZ', 'HO', '3U', 'ZH'))}{r.randrange(100, 9999)} 延误到 {r.randrange(10, 23)}:{r.randrange(10, 59)}",
    lambda r: f"一共 ¥{r.randrange(10, 99999)}.{r.randrange(10, 99)}，分 {r.choice((3, 6, 12, 24))} 期",
    lambda r: f"房租 {r.randrange(1000, 20000)} 元/月，押一付三",
    lambda r: f"{r.randrange(2015, 2027)}/{r.randrange(1, 13):02d}/{r.randrange(1, 29):02d} {r.randrange(24):02d}:{r.randrange(60):02d} 纪念日",
    lambda r: f"{r.randrange(1, 13)}月{r.randrange(1, 31)}号晚上{r.randrange(6, 11)}点见",
    lambda r: f"验证码{num(r, 6)}，5分钟内有效",
    lambda r: f"【某银行】动态码 {num(r, 6)}，请勿泄露",
    lambda r: f"酒店房间号 {r.randrange(2, 30)}{r.randrange(1, 40):02d}，{r.randrange(2, 30)}楼",
    lambda r: f"我在{r.randrange(3, 9)}0{r.randrange(1, 9)}教室上课",
    lambda r: f"ISBN {r.choice(('978', '979'))}-7-{r.randrange(100, 999)}-{num(r, 5)}-{r.randrange(10)}",
    lambda r: f"ISBN 7-{num(r, 3)}-{num(r, 5)}-{r.randrange(10)}，图书馆借的",
    lambda r: f"学号 {r.randrange(2018, 2026)}{num(r, 6)}，工号 {num(r, 6)}",
    lambda r: f"身高{r.randrange(150, 190)}，体重{r.randrange(40, 90)}kg，步数{r.randrange(1000, 30000)}",
    lambda r: f"版本 v{r.randrange(1, 9)}.{r.randrange(0, 20)}.{r.randrange(0, 99)}，端口 {r.randrange(1024, 65535)}",
    lambda r: f"坐{r.randrange(1, 999)}路公交，地铁{r.randrange(1, 20)}号线{r.randrange(1, 9)}号口出",
    lambda r: f"在{r.choice(('万达广场', '南京路', '人民公园', '太古里'))}{r.randrange(1, 9)}号门等你",
    lambda r: f"逛街{r.randrange(1, 29)}号那天好开心",
    lambda r: f"生日是{r.randrange(1985, 2005)}{r.randrange(1, 13):02d}{r.randrange(1, 29):02d}，记住哦",
    lambda r: f"时间戳 {r.randrange(1600000000, 1800000000)}",
    lambda r: f"优惠券 {r.choice(string.ascii_uppercase)}{num(r, 8)}，满{r.randrange(100, 500)}减{r.randrange(10, 99)}",
    lambda r: f"型号 {r.choice(('SM-G', 'A', 'MI'))}{r.randrange(1000, 9999)}，序列号 {r.choice(string.ascii_uppercase)}{num(r, 11)}",
    lambda r: f"第 {r.randrange(1, 999)} 期，编号 {num(r, 8)}",
    lambda r: f"身份证号好像输错了：{(lambda b: b + str((int(gb11643(b).replace('X', '10')) + r.randrange(1, 10)) % 10))(r.choice(REGIONS) + '1992' + f'{r.randrange(1, 13):02d}{r.randrange(1, 29):02d}' + num(r, 3))}",
    lambda r: f"卡号少了一位 {(lambda b: b + str((int(luhn(b)) + r.randrange(1, 10)) % 10))('622848' + num(r, 12))}",
    lambda r: f"比分 {r.randrange(0, 5)}:{r.randrange(0, 5)}，第{r.randrange(1, 90)}分钟",
    lambda r: f"电量还剩{r.randrange(1, 100)}%，温度{r.randrange(-10, 40)}度",
    lambda r: f"我们在一起 {r.randrange(100, 3000)} 天啦",
    lambda r: f"桌号 A{r.randrange(1, 40)}，排队 {r.randrange(10, 200)} 号",
    lambda r: f"{r.choice(('微信', 'QQ'))}转账 {r.randrange(1, 999)} 元收到了吗",
    lambda r: f"去{r.choice(('北京', '上海', '成都'))}的机票 {r.randrange(400, 3000)} 块，{r.randrange(1, 13)}号出发",
]


def positive(rng, t):
    tpl = rng.choice(SAY[t])
    if t == "PASSPORT":
        value = v_passport(rng, cue_near=True)
    else:
        value = {"ID": v_id, "PHONE": v_mobile, "LANDLINE": v_landline, "CARD": v_card, "EMAIL": v_email,
                 "QQ": v_qq, "WECHAT": v_wechat, "HKID": v_hkid, "TWID": v_twid, "PLATE": v_plate,
                 "ADDRESS": v_address}[t](rng)
    i = tpl.index("{}")
    return tpl[:i] + value + tpl[i + 2:], [[t, i, i + len(value)]]


def join(rng, a, b):
    (ta, sa), (tb, sb) = a, b
    sep = rng.choice(("；", "。", " ", "，另外", "\n"))
    off = len(ta) + len(sep)
    return ta + sep + tb, sa + [[k, s + off, e + off] for k, s, e in sb]


def build(seed: int, per_type: int, n_neg: int, n_mixed: int) -> list[dict]:
    rng = random.Random(seed)
    out = []
    for t in SAY:
        for _ in range(per_type):
            text, spans = positive(rng, t)
            out.append({"text": text, "spans": spans})
    for _ in range(n_mixed):   # personal data next to look-alikes, and two kinds in one message
        a = positive(rng, rng.choice(list(SAY)))
        b = (rng.choice(LOOKALIKES)(rng), []) if rng.random() < 0.5 else positive(rng, rng.choice(list(SAY)))
        text, spans = join(rng, *((a, b) if rng.random() < 0.5 else (b, a)))
        out.append({"text": text, "spans": spans})
    for _ in range(n_neg):
        out.append({"text": rng.choice(LOOKALIKES)(rng), "spans": []})
    rng.shuffle(out)
    return out


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--per-type", type=int, default=150)
    ap.add_argument("--negatives", type=int, default=900)
    ap.add_argument("--mixed", type=int, default=300)
    ap.add_argument("--out", type=Path, required=True)
    a = ap.parse_args(argv)
    rows = build(a.seed, a.per_type, a.negatives, a.mixed)
    a.out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    print(f"{len(rows)} lines -> {a.out}")


if __name__ == "__main__":
    main()
