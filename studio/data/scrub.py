"""Desensitise chat text: the personal data couples type to each other.

Every finding is replaced by one typed placeholder:
  [EMAIL] [ID] (mainland resident ID) [HKID] [TWID] [PASSPORT] [CARD] (bank card) [PHONE] (mobile, or any
  number written with a leading +) [LANDLINE] (with its area code) [PLATE] (car plate) [ADDRESS] [WECHAT] [QQ]
  [NAME] (names the user lists).
Numbers that carry a check digit must pass it (ID: GB 11643 mod 11-2, HK ID mod 11, Taiwan ID mod 10, bank
cards Luhn), so one wrong digit is not a finding. Kinds without a check digit need a shape that the
look-alikes do not have (an area code, a province character, a road with a house number) or a cue word
(QQ, 微信, 护照 ...); order, tracking, train and flight numbers, prices, dates, codes and ISBNs stay as they are.
The report keeps counts, positions (row, field, offset) and a few changed lines as they read after
scrubbing - never the values.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from stdnum import luhn

from studio.core.i18n import Text
from studio.data.rows import Row, set_text_field, text_fields

# also the priority on overlaps: a checked number beats a shape, a shape beats a cue word
TYPES = (
    "EMAIL",
    "ID",
    "HKID",
    "TWID",
    "PASSPORT",
    "CARD",
    "PHONE",
    "LANDLINE",
    "PLATE",
    "ADDRESS",
    "WECHAT",
    "QQ",
    "NAME",
)
PLACEHOLDER = {t: f"[{t}]" for t in TYPES}
PII_NAMES = {
    "EMAIL": Text("邮箱", "e-mail addresses"),
    "ID": Text("身份证号", "ID numbers"),
    "HKID": Text("香港身份证号", "Hong Kong ID numbers"),
    "TWID": Text("台湾身份证号", "Taiwan ID numbers"),
    "PASSPORT": Text("护照号", "passport numbers"),
    "CARD": Text("银行卡号", "card numbers"),
    "PHONE": Text("手机号", "mobile numbers"),
    "LANDLINE": Text("座机号", "landline numbers"),
    "PLATE": Text("车牌号", "car plates"),
    "ADDRESS": Text("地址", "addresses"),
    "WECHAT": Text("微信号", "WeChat ids"),
    "QQ": Text("QQ 号", "QQ ids"),
    "NAME": Text("名字", "names"),
}
MAX_EXAMPLES = 6

# Same-length normalisation, so offsets in the shadow string are offsets in the original:
# full-width ASCII -> ASCII, ideographic space -> space, the many dashes -> '-', the many middle dots -> '·'.
_NORM = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}
_NORM.update(
    {
        0x3000: 0x20,
        0x00A0: 0x20,
        0x202F: 0x20,
        0x2010: 0x2D,
        0x2011: 0x2D,
        0x2012: 0x2D,
        0x2013: 0x2D,
        0x2014: 0x2D,
        0x2212: 0x2D,
        0x2022: 0xB7,
        0x30FB: 0xB7,
        0xFF65: 0xB7,
        0x2027: 0xB7,
    }
)

_NEEDS_NORM = re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(_NORM)) + "]")
_B = r"(?<![0-9A-Za-z])"  # no digit/letter right before
_E = r"(?![0-9A-Za-z])"  # ... or right after
_SEP = r"[ -]?"
_GB = r"(?<!\d)(?<!\d[ -])"  # not the tail of a longer grouped number (a card written 4-4-4-4-3)
_GE = r"(?![ -]?\d)"

_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}" + _E)
# 18 characters, compact or in any grouping of spaces/dashes (a grouped one must not be part of a longer
# grouped number); a letter may touch it ("sfz11010519491231002X")
_ID = re.compile(
    r"(?<!\d)[1-9]\d{16}[0-9Xx](?![0-9A-Za-z])|" + _GB + r"[1-9]\d(?:[ -]?\d){15}[ -]?[0-9Xx]" + _GE + r"(?![A-Za-z])"
)
_DIGIT_RUN = re.compile(_B + r"\d(?:[ -]?\d){14,}" + _E)
# Hong Kong: 1-2 letters, 6 digits, check digit (0-9 or A) in brackets - bare only after a cue word
_HKID = re.compile(_B + r"([A-Za-z]{1,2}) ?(\d{6}) ?(?:\( ?([0-9Aa]) ?\)|([0-9Aa]))" + _E)
_HK_CUE = re.compile(r"香港|身份证|身份證|证件|hkid|hong ?kong|identity|\bid\b", re.I)
# Taiwan: a letter, 1/2 (citizens) or 8/9 (residents since 2021), 8 digits; mod-10 check
_TWID = re.compile(_B + r"[A-Za-z][1289]\d{8}" + _E)
_TW_LETTERS = {c: v for c, v in zip("ABCDEFGHJKLMNPQRSTUVXYWZIO", range(10, 36))}
# Chinese ordinary passports: E + 8 digits, E + letter + 7 digits (no I/O), older G + 8 digits
_PASSPORT_CN = re.compile(_B + r"(?:[EeGg]\d{8}|[Ee][A-HJ-NP-Za-hj-np-z]\d{7})" + _E)
_PASSPORT_ANY = re.compile(_B + r"(?<![()])(?:(?<!\d[ -])\d{6,9}|[A-Za-z]{1,2}\d{6,9})" + _E + r"(?![ -]\d)")
_PASSPORT_CUE = re.compile(r"护照|護照|passport|通行证|旅行证", re.I)
_OTHER_CUE = re.compile(r"qq|扣扣|微信|wechat|电话|手机|座机|卡号|身份证|邮箱|phone|card|email", re.I)

_PB = _B + r"(?<!\d[ -])"  # a phone is not the tail of a longer grouped number
_PE = _E + r"(?!-\d)"
_PHONES = [
    # CN mobile, optionally +86 / 0086 / (+86) / 86-, any spaces or dashes between the digits, or dotted 3.4.4
    # (a letter may touch it: "tel13812345678"; which words may is checked in _find)
    # (after "digit + space" only when that number is short and alone: "单元501 138 1234 5678", not a card's tail)
    (re.compile(r"(?<![0-9+])(?:(?:\+|00)86|\(\+?86\)|86(?=[ -]))?" + _SEP + r"1[3-9]\d(?:[ -]?\d){8}" + _PE), True),
    (re.compile(_PB + r"1[3-9]\d\.\d{4}\.\d{4}" + _PE), True),
    # other countries, always with a leading + (a +86 landline is the landline rule's)
    (re.compile(r"(?<![0-9A-Za-z+])\+(?!86)\d{1,3}[ -]?(?:\(\d{1,4}\)[ -]?)?\d{1,4}(?:[ -]?\d{2,4}){1,4}" + _E), False),
    # North-American (415) 555-2671 / 415-555-2671
    (re.compile(_PB + r"(?:\(\d{3}\) ?|\d{3}[ .-])\d{3}[ .-]\d{4}" + _PE + r"(?! \d)"), False),
]
# CN landline: area code 010, 02x or a 3-digit code after 0, then a 7-8 digit number, an extension at most
_AREA = r"(?:10|2\d|[3-9]\d{2})"
_LOCAL = r"[1-9]\d{2,3}[ -]?\d{4}"
_LANDLINE = re.compile(
    r"(?:"
    + _PB
    + r"(?:(?:\+|00)86|\(\+?86\))[ -]?\(?0?"
    + _AREA
    + r"\)?[ -]?"
    + _LOCAL  # +86 755 8612 3456
    + r"|"
    + _B
    + r"\( ?0"
    + _AREA
    + r" ?\) ?"
    + _LOCAL  # (0755) 86123456
    + r"|"
    + _PB
    + r"0"
    + _AREA
    + r"[ -]"
    + _LOCAL  # 010-12345678
    + r"|"
    + _PB
    + r"0"
    + _AREA
    + r"[2-9]\d{6,7})"  # 075586123456
    + r"(?:(?: ?(?:转|ext\.?|x) ?| ?- ?)\d{1,5})?"
    + _PE,
    re.I,
)

_ANY_DIGIT = re.compile(r"\d")
_QQ_NUM = re.compile(_B + r"[1-9]\d{4,10}" + _E)
_QQ_BEFORE = re.compile(r"(?:qq|扣扣|企鹅|q号)[^0-9\n]{0,8}$", re.I)
_QQ_AFTER = re.compile(r"\s*(?:是|就是|is)?\s*(?:我的?|my)?\s*(?:qq|扣扣)", re.I)
_NOT_ID_AFTER = re.compile(r"\s*(?:元|块|rmb|¥|%|年|月|日|个|次|人|分|秒|岁|km|kg|公里|米)", re.I)
_WECHAT = re.compile(
    r"(?<![A-Za-z])(?:微信|薇信|威信|v信|vx|wx|wechat|weixin|(?<=加)v|v(?= ?[:=号]))(\s*(?:号码?|id|账号|number))?"
    r"(\s*(?:吧|呀|哈|哦|啊|呢)?\s*(?:是|为|:|=|is|加)\s*|\s*)([A-Za-z][-_A-Za-z0-9]{5,19})"
    r"(?![-_A-Za-z0-9])",
    re.I,
)
# cheap looks before the full pattern (most lines have no cue): one character, then the cue words
_WECHAT_HINT = re.compile(r"[微薇威VvWwｖｗＶＷ]")
_WECHAT_CUE = re.compile(r"[微薇威]信|[vw](?:信|x|echat|eixin| ?[:=号])|加v", re.I)
_ADD = re.compile(r"加|add|my|我的", re.I)
_WXID = re.compile(r"(?<![A-Za-z0-9])wxid_[A-Za-z0-9]{4,}", re.I)
_WECHAT_WORDS = {
    "account",
    "message",
    "messages",
    "group",
    "groups",
    "moments",
    "today",
    "tomorrow",
    "tonight",
    "please",
    "better",
    "friend",
    "friends",
    "number",
    "official",
    "instead",
    "before",
    "later",
    "because",
    "either",
    "really",
    "pay",
    "payment",
}
# words that make a bare number an order/tracking number, a code or a book rather than personal data
_ORDER_WORDS = re.compile(
    r"订单|单号|运单|快递|物流|流水|编号|工单|取件码|取餐码|验证码|航班|车次|优惠券|券码|兑换码|"
    r"序列号|isbn|order|tracking|invoice|ref|coupon|serial",
    re.I,
)
_PHONE_WORDS = re.compile(r"电话|手机|号码|联系|打给|座机|call|phone|tel|mobile|whatsapp", re.I)
_WORD_BEFORE = re.compile(r"[A-Za-z]+$")
_GROUP_BEFORE = re.compile(r"\d[ -]$")
_SHORT_GROUP_BEFORE = re.compile(r"(?<![\d -])\d{1,5} $")
_PHONE_PREFIXES = {"tel", "phone", "mobile", "mob", "call", "cell", "vx", "wx", "v", "t", "m", "no", "num"}
_CARD_WORDS = re.compile(r"卡|银行|账号|账户|尾号|card|bank|account", re.I)
_PROVINCES = {
    11,
    12,
    13,
    14,
    15,
    21,
    22,
    23,
    31,
    32,
    33,
    34,
    35,
    36,
    37,
    41,
    42,
    43,
    44,
    45,
    46,
    50,
    51,
    52,
    53,
    54,
    61,
    62,
    63,
    64,
    65,
    71,
    81,
    82,
    83,
}
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)

# ---- car plates: province character, city letter (no I/O), 5 characters, or 6 for new-energy cars
_PLATE_PROV = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
_PL = "A-HJ-NP-Za-hj-np-z"
_PLATE = re.compile(rf"[{_PLATE_PROV}] ?[{_PL}] ?[·\- ]? ?([{_PL}0-9]{{4}}[挂学警港澳]|[{_PL}0-9]{{5,6}})" + _E)
_PLATE_NEW = re.compile(r"[DFdf][A-HJ-NP-Za-hj-np-z0-9]\d{4}|\d{5}[DFdf]")

# ---- street addresses. Name characters: CJK, less the suffixes below and words that never start a name
# (so "快递寄到上海市…" starts at 上海).
_STOP = "的了在到是我你他她它们这去住寄送发给往搬把被就也还与及或请帮快递址着过个吧呢吗啊呀哦嗯要想说看叫让今昨边旁附近"
_SUFFIX = "省市区县路街巷弄号栋幢室"


def _cjk_class(exclude: str) -> str:
    """A character class of the CJK block U+4E00-U+9FFF without the characters in `exclude`."""
    cut = sorted({ord(c) for c in exclude})
    parts, lo = [], 0x4E00
    for c in cut + [0xA000]:
        if c > lo:
            parts.append(f"\\u{lo:04x}-\\u{c - 1:04x}" if c - 1 > lo else f"\\u{lo:04x}")
        lo = c + 1
    return "[" + "".join(parts) + "]"


_NAME = _cjk_class(_STOP + _SUFFIX)
_PROV_NAMES = (
    "北京|天津|上海|重庆|河北|山西|辽宁|吉林|黑龙江|江苏|浙江|安徽|福建|江西|山东|河南|湖北|湖南|广东|海南|四川|"
    "贵州|云南|陕西|甘肃|青海|台湾|内蒙古|广西|西藏|宁夏|新疆|香港|澳门"
)
_ADMIN = re.compile(
    rf"(?:(?:{_PROV_NAMES})(?:省|市|(?:壮族|回族|维吾尔)?自治区|特别行政区)?"
    rf"|(?<!街){_NAME}{{1,7}}?(?:自治州|自治县|新区|开发区|园区|地区|街道|社区|大学|学院|校区|医院|中学|小学|公司|省|市|区|县|州|盟|旗|镇|乡|村))[ ,，]?$"
)
_NUM = r"(?:\d+|[A-Za-z]|[一二三四五六七八九十]+)"
_UNIT = _NUM + r" ?(?:号楼|号院|栋|幢|座|单元|楼|层|室|号|户|弄|支弄)"
_ROOM = r"(?:(?:[-#]?| )\d{2,5}(?:室|房)|[-#]?\d{2,5}号?(?![\d号栋幢单元室房]))"
# a road or lane with its house number ("张江路100弄5号", "建国门外大街1-3号")
_ROAD = re.compile(
    rf"({_NAME}{{1,6}}?(?:大街|大道|胡同|路|街|巷|弄|里|道))(?:[东西南北中]?[一二三四五六七八九十]段|[东西南北中]段)?"
    rf" ?(\d+(?:-\d+)*|[一二三四五六七八九十百]+) ?(?:号院|号(?![门口线])|弄|支弄)"
)
# an estate with a building/unit/room ("阳光花园3栋2单元501")
_ESTATE = re.compile(
    rf"({_NAME}{{1,8}}?(?:小区|花园|家园|新村|公寓|大厦|苑|园|庭|府|城|村|公馆|山庄|大院|社区|广场|大楼|宿舍|里|坊|湾|郡|居))"
    rf" ?{_NUM} ?(?:号楼|栋|幢|座|单元|号院|组)"
)
# building and room without a named place: at least two parts ("3号楼2单元501", "5栋1201室")
_BUILDING = re.compile(_B + r"\d+ ?(?:号楼|栋|幢|座) ?(?:\d+ ?单元 ?)?\d{2,5} ?(?:室|房|号)?(?![\d号])")
_TAIL = re.compile(rf"(?: ?{_UNIT})*{_ROOM}?")
# roads that may be words ("逛街", "知道", "一路"): a number after them is often a date
_WEAK_ROAD = re.compile(r"(?:逛|上|扫|满|过|条|一|走|这|那|半|出|沿|绕)(?:街|路|巷)$|(?<!大)街$|(?<!大)道$")
_ADDRESS_CUE = re.compile(r"(?:地址|住址|住在|住|寄到|送到|发到|寄|送|搬到|位于|在|收货|到)[:：]?\s*$")
_ADDRESS_GAP = re.compile(r"[A-Za-z\u4e00-\u9fff]{0,10}")
# "Room 1201, No. 5, Lane 100, Zhangjiang Road": the way Chinese addresses are written in English
_EN_ADDRESS_CN = re.compile(
    r"\b(?:(?:Room|Rm|Flat|Apt|Unit)\.? ?#?\d+[A-Z]?, ?)?(?:(?:Building|Bldg)\.? ?\d+, ?)?"
    r"No\.? ?\d+[A-Z]?, ?(?:Lane \d+, ?)?(?:[A-Z][a-z]+ ){1,3}(?:Road|Rd|Street|St|Avenue|Ave|Lu)\b\.?"
)
_EN_ADDRESS = re.compile(
    r"\b\d{1,5} (?:[A-Z][a-z]+ ){1,3}(?:Street|St|Road|Rd|Avenue|Ave|Lane|Ln|Boulevard|Blvd|"
    r"Drive|Dr|Way|Court|Ct)\b\.?(?:,? (?:Apt|Unit|Room|Suite|Flat)\.? ?#?\w+|,? #\w+)?"
)


@dataclass(frozen=True)
class Hit:
    type: str
    start: int
    end: int


@dataclass(frozen=True)
class ScrubOptions:
    types: tuple[str, ...] = TYPES
    names: tuple[str, ...] = ()  # people's names to hide (the user lists them)

    def __post_init__(self):
        bad = [t for t in self.types if t not in TYPES]
        if bad:
            raise ValueError(f"unknown PII types {bad}")


@dataclass
class ScrubReport:
    counts: Counter = field(default_factory=Counter)  # type -> count
    positions: list[dict] = field(default_factory=list)  # {type, row, file, line, field, offset}
    rows_changed: int = 0
    # a few changed lines as they read after scrubbing: {file, line, field, types, text}
    examples: list[dict] = field(default_factory=list)

    def to_dict(self, max_positions: int = 20000) -> dict:
        """Counts are complete; positions stop at max_positions (card.json stays small)."""
        return {
            "counts": {t: self.counts[t] for t in TYPES if self.counts[t]},
            "total": sum(self.counts.values()),
            "rows_changed": self.rows_changed,
            "examples": self.examples,
            "positions": self.positions[:max_positions],
            "positions_truncated": len(self.positions) > max_positions,
        }


# ---------------------------------------------------------------------------------------------
# Check digits


def is_cn_id(s: str) -> bool:
    """18-character resident ID (GB 11643): province code, a real birth date not in the future, and the
    mod 11-2 check digit over the first 17 digits."""
    s = re.sub(r"[ -]", "", s.translate(_NORM)).upper()
    return _id_shaped(s) and "10X98765432"[sum(int(c) * w for c, w in zip(s, _ID_WEIGHTS)) % 11] == s[17]


def _id_shaped(s: str) -> bool:
    """18 characters with a province code and a possible birth date: an ID number, right or mistyped."""
    if len(s) != 18 or not s[:17].isdigit() or s[17] not in "0123456789X" or int(s[:2]) not in _PROVINCES:
        return False
    try:
        born = date(int(s[6:10]), int(s[10:12]), int(s[12:14]))
    except ValueError:
        return False
    return date(1800, 1, 1) <= born <= date.today()


def is_hk_id(s: str) -> bool:
    """Hong Kong identity card number, e.g. A123456(3): letters A=10..Z=35 (a missing second letter counts 36),
    weights 9..2, check digit 11 - sum mod 11 (10 written A, 11 written 0)."""
    s = re.sub(r"[ ()]", "", s.translate(_NORM)).upper()
    m = re.fullmatch(r"([A-Z]{1,2})(\d{6})([0-9A])", s)
    if not m:
        return False
    letters = m.group(1).rjust(2)
    values = [36 if c == " " else ord(c) - 55 for c in letters] + [int(c) for c in m.group(2)]
    check = (11 - sum(v * w for v, w in zip(values, range(9, 1, -1))) % 11) % 11
    return m.group(3) == ("A" if check == 10 else str(check))


def is_tw_id(s: str) -> bool:
    """Taiwan national ID / resident certificate: the letter's two-digit code weighted 1 and 9, the next eight
    digits 8..1, the check digit 1; the sum is a multiple of 10."""
    s = s.upper()
    if not re.fullmatch(r"[A-Z][1289]\d{8}", s):
        return False
    code = _TW_LETTERS[s[0]]
    total = code // 10 + (code % 10) * 9 + sum(int(c) * w for c, w in zip(s[1:9], range(8, 0, -1))) + int(s[9])
    return total % 10 == 0


def is_card(digits: str) -> bool:
    if len(digits) == 15 and digits[:2] in ("34", "37"):  # American Express
        return luhn.is_valid(digits)
    if not 16 <= len(digits) <= 19 or not luhn.is_valid(digits):
        return False
    # issuer prefixes: Amex/JCB 3, Visa 4, Mastercard 5 and 2221-2720, UnionPay/Discover 6
    return digits[0] in "3456" or 2221 <= int(digits[:4]) <= 2720


# ---------------------------------------------------------------------------------------------
# Finding


def _context_says(norm: str, start: int, words: re.Pattern) -> bool:
    """True when the nearest cue word before `start` (within 14 chars) is an order word, not one of `words`."""
    before = norm[max(0, start - 14) : start]
    last_order = max((m.end() for m in _ORDER_WORDS.finditer(before)), default=-1)
    last_good = max((m.end() for m in words.finditer(before)), default=-1)
    return last_order > last_good


def _cue_near(norm: str, start: int, end: int, cue: re.Pattern, before: int = 24, after: int = 12) -> bool:
    """A cue word on the same line, up to `before` chars in front (with no other kind's cue word and no other
    number between) or `after` chars behind."""
    a = max(0, start - before, norm.rfind("\n", 0, start) + 1)
    last = None
    for last in cue.finditer(norm, a, start):  # noqa: B007 - the last one is kept
        pass
    if (
        last is not None
        and not _OTHER_CUE.search(norm, last.end(), start)
        and not _ANY_DIGIT.search(norm, last.end(), start)
    ):  # the first number after the cue only
        return True
    b = norm.find("\n", end)
    return cue.search(norm, end, min(end + after, b if b >= 0 else len(norm))) is not None


def _lead(norm: str, m: re.Match) -> int:
    """Start of a match without the separators it may have swallowed in front."""
    return m.start() + len(m.group()) - len(m.group().lstrip(" -"))


def _find(norm: str, types: tuple[str, ...], names_rx: re.Pattern | None) -> list[Hit]:
    found: list[Hit] = []
    if "EMAIL" in types and "@" in norm:
        found += [Hit("EMAIL", m.start(), m.end()) for m in _EMAIL.finditer(norm)]
    if _ANY_DIGIT.search(norm) is None:  # most chat lines: only the word-based detectors can fire
        types = tuple(t for t in types if t in ("WECHAT", "NAME"))
    if "ID" in types:
        found += [Hit("ID", m.start(), m.end()) for m in _ID.finditer(norm) if is_cn_id(m.group())]
    if "HKID" in types:
        for m in _HKID.finditer(norm):
            bare = m.group(4) is not None
            if is_hk_id(m.group()) and (
                not bare
                or _HK_CUE.search(norm, max(0, m.start() - 20), m.start())
                or _HK_CUE.search(norm, m.end(), m.end() + 12)
            ):
                found.append(Hit("HKID", m.start(), m.end()))
    if "TWID" in types:
        found += [Hit("TWID", m.start(), m.end()) for m in _TWID.finditer(norm) if is_tw_id(m.group())]
    if "PASSPORT" in types:
        found += [
            Hit("PASSPORT", m.start(), m.end())
            for m in _PASSPORT_CN.finditer(norm)
            if not _context_says(norm, m.start(), _PASSPORT_CUE)
        ]  # "订单号 E20240101" is an order
        if _PASSPORT_CUE.search(norm):
            found += [
                Hit("PASSPORT", m.start(), m.end())
                for m in _PASSPORT_ANY.finditer(norm)
                if _cue_near(norm, m.start(), m.end(), _PASSPORT_CUE)
            ]
    if "CARD" in types:
        found += _cards(norm)
    if "PHONE" in types:
        for rx, cn_mobile in _PHONES:
            for m in rx.finditer(norm):
                start = _lead(norm, m)
                s = norm[start : m.end()]
                if not cn_mobile and not 7 <= sum(c.isdigit() for c in s) <= 15:
                    continue
                if s.isdigit() and _context_says(norm, start, _PHONE_WORDS):
                    continue
                if _GROUP_BEFORE.search(norm, max(0, start - 2), start) and not _SHORT_GROUP_BEFORE.search(
                    norm, max(0, start - 8), start
                ):
                    continue  # the tail of a longer grouped number
                word = _WORD_BEFORE.search(norm, max(0, start - 12), start)
                if word and word.group().lower() not in _PHONE_PREFIXES:  # "SF138…" is a tracking number
                    continue
                found.append(Hit("PHONE", start, m.end()))
    if "LANDLINE" in types:
        for m in _LANDLINE.finditer(norm):
            start = _lead(norm, m)
            if norm[start : m.end()].isdigit() and _context_says(norm, start, _PHONE_WORDS):
                continue
            found.append(Hit("LANDLINE", start, m.end()))
    if "PLATE" in types:
        for m in _PLATE.finditer(norm):
            tail = m.group(1)
            digits = sum(c.isdigit() for c in tail)
            if (len(tail) == 6 and _PLATE_NEW.fullmatch(tail)) or (len(tail) == 5 and digits >= 2 + tail[-1].isdigit()):
                found.append(Hit("PLATE", m.start(), m.end()))
    if "ADDRESS" in types:
        found += _addresses(norm)
    if "WECHAT" in types and _WECHAT_HINT.search(norm) and _WECHAT_CUE.search(norm):
        for m in _WECHAT.finditer(norm):
            wid = m.group(3)
            # an explicit cue: "微信号 abc", "微信: abc", "加我微信 abc", "my wechat is abc"
            cue = m.group(1) or m.group(2).strip() or _ADD.search(norm, max(0, m.start() - 4), m.start())
            if wid.isalpha() and (not cue or wid.lower() in _WECHAT_WORDS):
                continue
            found.append(Hit("WECHAT", m.start(3), m.end(3)))
        found += [Hit("WECHAT", m.start(), m.end()) for m in _WXID.finditer(norm)]
    if "QQ" in types:
        for m in _QQ_NUM.finditer(norm):
            if _NOT_ID_AFTER.match(norm, m.end()):
                continue
            before = norm[max(0, m.start() - 16) : m.start()]
            if _QQ_BEFORE.search(before) or _QQ_AFTER.match(norm, m.end()):
                found.append(Hit("QQ", m.start(), m.end()))
    if "NAME" in types and names_rx is not None:
        found += [Hit("NAME", m.start(), m.end()) for m in names_rx.finditer(norm)]
    return found


def _cards(norm: str) -> list[Hit]:
    out = []
    for m in _DIGIT_RUN.finditer(norm):
        if _context_says(norm, m.start(), _CARD_WORDS):
            continue
        # the whole run, else a compact 16-19 digit group at either end ("6222...0128 100" yuan);
        # never a few groups out of the middle, which would let wrong cards pass by chance
        groups = [(m.start() + g.start(), m.start() + g.end()) for g in re.finditer(r"\d+", m.group())]
        for a, b in [(m.start(), m.end()), groups[0], groups[-1]][: 1 if len(groups) == 1 else 3]:
            digits = re.sub(r"\D", "", norm[a:b])
            if _id_shaped(digits):  # an ID number (a mistyped one too), not a card
                continue
            if is_card(digits):
                out.append(Hit("CARD", a, b))
                break
    return out


def _addresses(norm: str) -> list[Hit]:
    """A road with its house number, an estate with a building, or a building with a room; widened to the
    left over province/city/district names and to the right over building, unit and room."""
    spans = []
    for m in _ROAD.finditer(norm):
        tail = _TAIL.match(norm, m.end())
        left = _admin_start(norm, m.start())
        # "逛街3号" is a date after a verb: a weak road needs a place name, more parts or a cue word in front
        if (
            _WEAK_ROAD.search(m.group(1))
            and left == m.start()
            and tail.end() == m.end()
            and not _ADDRESS_CUE.search(norm, max(0, m.start() - 4), m.start())
        ):
            continue
        spans.append((left, tail.end()))
    for rx in (_ESTATE, _BUILDING):
        for m in rx.finditer(norm):
            spans.append((_admin_start(norm, m.start()), _TAIL.match(norm, m.end()).end()))
    spans += [(m.start(), m.end()) for rx in (_EN_ADDRESS, _EN_ADDRESS_CN) for m in rx.finditer(norm)]
    out: list[Hit] = []
    for a, b in sorted(spans):
        # the same address found twice, or its parts with a building's name between: one hit over both
        if out and (a < out[-1].end or _ADDRESS_GAP.fullmatch(norm, out[-1].end, a)):
            out[-1] = Hit("ADDRESS", out[-1].start, max(b, out[-1].end))
        else:
            out.append(Hit("ADDRESS", a, b))
    return out


def _admin_start(norm: str, start: int) -> int:
    """Move `start` left over the province / city / district / town names right in front of it."""
    while True:
        m = _ADMIN.search(norm, max(0, start - 14), start)
        if not m or m.end() != start:
            return start
        start = m.start()


def _names_regex(names: tuple[str, ...]) -> re.Pattern | None:
    names = tuple(sorted({n.strip().translate(_NORM) for n in names if n and n.strip()}, key=len, reverse=True))
    if not names:
        return None
    parts = [rf"(?<![A-Za-z]){re.escape(n)}(?![A-Za-z])" if n.isascii() else re.escape(n) for n in names]
    return re.compile("|".join(parts), re.I)


class Scrubber:
    """Reusable: compiles the name list once."""

    def __init__(self, options: ScrubOptions | None = None):
        self.options = options or ScrubOptions()
        self._names = _names_regex(self.options.names)

    def find(self, text: str) -> list[Hit]:
        """Non-overlapping hits, in text order; on overlaps the type earlier in TYPES wins."""
        if (
            self._names is None
            and _ANY_DIGIT.search(text) is None
            and "@" not in text
            and "＠" not in text
            and _WECHAT_HINT.search(text) is None
        ):
            return []  # most chat lines: nothing any detector could start from (\d matches full-width digits)
        norm = text.translate(_NORM) if _NEEDS_NORM.search(text) else text
        hits = _find(norm, self.options.types, self._names)
        if len(hits) < 2:
            return hits
        taken: list[Hit] = []
        for t in TYPES:
            for h in sorted((h for h in hits if h.type == t), key=lambda h: (h.start, -h.end)):
                if all(h.end <= k.start or h.start >= k.end for k in taken):
                    taken.append(h)
        return sorted(taken, key=lambda h: h.start)

    def scrub(self, text: str) -> tuple[str, list[Hit]]:
        hits = self.find(text)
        out, pos = [], 0
        for h in hits:
            out += [text[pos : h.start], PLACEHOLDER[h.type]]
            pos = h.end
        out.append(text[pos:])
        return "".join(out), hits

    def scrub_rows(self, rows: list[Row]) -> tuple[list[Row], ScrubReport]:
        """Scrubbed copies of the rows, where things were found, and a few changed lines to show."""
        report = ScrubReport()
        out = []
        for i, row in enumerate(rows):
            data = None
            for path, text in text_fields(row.data):
                new, hits = self.scrub(text)
                if not hits:
                    continue
                if data is None:
                    data = _copy(row.data)
                set_text_field(data, path, new)
                for h in hits:
                    report.counts[h.type] += 1
                    report.positions.append(
                        {"type": h.type, "row": i, "file": row.file, "line": row.line, "field": path, "offset": h.start}
                    )
                _add_example(report, row, path, new, hits)
            if data is not None:
                report.rows_changed += 1
            out.append(Row(data, row.file, row.line) if data is not None else row)
        return out, report


def _add_example(report: ScrubReport, row: Row, path: str, new: str, hits: list[Hit]) -> None:
    """Keep up to MAX_EXAMPLES changed lines, preferring a type not shown yet."""
    types = sorted({h.type for h in hits}, key=TYPES.index)
    shown = {t for e in report.examples for t in e["types"]}
    if len(report.examples) >= MAX_EXAMPLES or not set(types) - shown:
        return
    report.examples.append({"file": row.file, "line": row.line, "field": path, "types": types, "text": excerpt(new)})


def excerpt(text: str, width: int = 90) -> str:
    """One line of scrubbed text, cut to about `width` characters around its first placeholder."""
    text = " ".join(text.split())
    if len(text) <= width:
        return text
    first = min((i for i in (text.find(p) for p in PLACEHOLDER.values()) if i >= 0), default=0)
    a = max(0, min(first - width // 3, len(text) - width))
    return ("…" if a else "") + text[a : a + width] + ("…" if a + width < len(text) else "")


def _copy(data: dict) -> dict:
    out = dict(data)
    out["messages"] = [dict(m) for m in data.get("messages", [])]
    return out


def scrub_text(text: str, options: ScrubOptions | None = None) -> tuple[str, list[Hit]]:
    return Scrubber(options).scrub(text)


def scrub_rows(rows: list[Row], options: ScrubOptions | None = None) -> tuple[list[Row], ScrubReport]:
    return Scrubber(options).scrub_rows(rows)


class ScrubbingFormatter(logging.Formatter):
    """Log lines pass through the scrubber, so an exception that quotes a user's line (a parser's error, a
    value in a traceback) leaves no phone or ID number in the log file. Names are per import: the importer
    never logs row text (UserErrors become sentences, unlogged; only an unexpected bug's traceback is
    logged), and the names a person asked to hide are added here for the rest of the process (also_hide),
    so such a traceback hides them as well."""

    _scrubber: Scrubber | None = None
    _names: tuple[str, ...] = ()

    @classmethod
    def also_hide(cls, names) -> None:
        new = tuple(n for n in dict.fromkeys(names) if n and n not in cls._names)
        if new:
            cls._names += new
            cls._scrubber = None  # rebuilt with the names on the next line

    def format(self, record: logging.LogRecord) -> str:
        cls = ScrubbingFormatter
        scrubber = cls._scrubber = cls._scrubber or Scrubber(ScrubOptions(names=cls._names))
        return "\n".join(scrubber.scrub(line)[0] for line in super().format(record).split("\n"))
