"""Desensitise chat text: phone numbers, CN ID numbers, bank cards, e-mail, QQ/WeChat ids, listed names.

Every finding is replaced by one typed placeholder: [PHONE] [ID] [CARD] [EMAIL] [QQ] [WECHAT] [NAME].
ID numbers and bank cards must pass their checksums (python-stdnum), QQ/WeChat ids need a context word
(QQ, 扣扣, 微信, vx, WeChat ...), so order numbers, dates, flight numbers and pick-up codes stay as they are.
The report keeps counts and positions (row, field, offset) - never the values.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from stdnum import luhn
from stdnum.cn import ric

from studio.data.rows import Row, set_text_field, text_fields

TYPES = ("EMAIL", "ID", "CARD", "PHONE", "WECHAT", "QQ", "NAME")   # also the priority on overlaps
PLACEHOLDER = {t: f"[{t}]" for t in TYPES}

# Same-length normalisation, so offsets in the shadow string are offsets in the original:
# full-width ASCII -> ASCII, ideographic space -> space, the many dashes -> '-'.
_NORM = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}
_NORM.update({0x3000: 0x20, 0x00A0: 0x20, 0x202F: 0x20, 0x2010: 0x2D, 0x2011: 0x2D, 0x2012: 0x2D, 0x2013: 0x2D,
              0x2014: 0x2D, 0x2212: 0x2D})

_B = r"(?<![0-9A-Za-z])"    # no digit/letter right before
_E = r"(?![0-9A-Za-z])"     # ... or right after
_SEP = r"[ -]?"

_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}" + _E)
_ID = re.compile(_B + r"\d{6}" + _SEP + r"(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])" + _SEP
                 + r"\d{3}[0-9Xx]" + _E)
_DIGIT_RUN = re.compile(_B + r"\d(?:[ -]?\d){15,}" + _E)
_PB = _B + r"(?<!\d[ -])"   # a phone is not the tail of a longer grouped number (a card written 4-4-4-4-3)
_PE = _E + r"(?!-\d)"
_PHONES = [
    # CN mobile, optionally +86 / 0086 / (+86), any spaces or dashes between the digits
    (re.compile(_PB + r"(?:(?:\+|00)86|\(\+?86\))?" + _SEP + r"1[3-9]\d(?:[ -]?\d){8}" + _PE), True),
    # other countries, always with a leading +
    (re.compile(r"(?<![0-9A-Za-z+])\+\d{1,3}[ -]?(?:\(\d{1,4}\)[ -]?)?\d{1,4}(?:[ -]?\d{2,4}){1,4}" + _E), False),
    # North-American (415) 555-2671 / 415-555-2671
    (re.compile(_PB + r"(?:\(\d{3}\) ?|\d{3}[ .-])\d{3}[ .-]\d{4}" + _PE), False),
    # CN landline 010-12345678 / (0755)12345678
    (re.compile(_PB + r"(?:0\d{2,3}-|\(0\d{2,3}\) ?)\d{7,8}" + _PE), False),
]
_ANY_DIGIT = re.compile(r"\d")
_QQ_NUM = re.compile(_B + r"[1-9]\d{4,10}" + _E)
_QQ_BEFORE = re.compile(r"(?:qq|扣扣|企鹅|q号)[^0-9\n]{0,8}$", re.I)
_QQ_AFTER = re.compile(r"\s*(?:是|就是|is)?\s*(?:我的|my)?\s*(?:qq|扣扣)", re.I)
_NOT_ID_AFTER = re.compile(r"\s*(?:元|块|rmb|¥|%|年|月|日|个|次|人|分|秒|岁|km|kg|公里|米)", re.I)
_WECHAT = re.compile(r"(?<![A-Za-z])(?:微信|薇信|威信|v信|vx|wx|wechat|weixin)(\s*(?:号码?|id|账号|number))?"
                     r"(\s*(?:是|为|:|=|is|加)\s*|\s*)([A-Za-z][-_A-Za-z0-9]{5,19})(?![-_A-Za-z0-9])", re.I)
_ADD = re.compile(r"加|add|my|我的", re.I)
_WXID = re.compile(r"(?<![A-Za-z0-9])wxid_[A-Za-z0-9]{4,}", re.I)
_WECHAT_WORDS = {"account", "message", "messages", "group", "groups", "moments", "today", "tomorrow", "tonight",
                 "please", "better", "friend", "friends", "number", "official", "instead", "before", "later",
                 "because", "either", "really", "pay", "payment"}
# words that make a bare number an order/tracking number rather than a phone or card
_ORDER_WORDS = re.compile(r"订单|单号|运单|快递|物流|流水|编号|工单|取件码|取餐码|验证码|航班|order|tracking|invoice|ref", re.I)
_PHONE_WORDS = re.compile(r"电话|手机|号码|联系|打给|call|phone|tel|mobile|whatsapp", re.I)
_CARD_WORDS = re.compile(r"卡|银行|账号|账户|尾号|card|bank|account", re.I)
_PROVINCES = {11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54,
              61, 62, 63, 64, 65, 71, 81, 82, 83}


@dataclass(frozen=True)
class Hit:
    type: str
    start: int
    end: int


@dataclass(frozen=True)
class ScrubOptions:
    types: tuple[str, ...] = TYPES
    names: tuple[str, ...] = ()   # people's names to hide (the user lists them)

    def __post_init__(self):
        bad = [t for t in self.types if t not in TYPES]
        if bad:
            raise ValueError(f"unknown PII types {bad}")


@dataclass
class ScrubReport:
    counts: Counter = field(default_factory=Counter)   # type -> count
    positions: list[dict] = field(default_factory=list)   # {type, row, file, line, field, offset}
    rows_changed: int = 0

    def to_dict(self, max_positions: int = 20000) -> dict:
        """Counts are complete; positions stop at max_positions (card.json stays small)."""
        return {"counts": {t: self.counts[t] for t in TYPES if self.counts[t]}, "total": sum(self.counts.values()),
                "rows_changed": self.rows_changed, "positions": self.positions[:max_positions],
                "positions_truncated": len(self.positions) > max_positions}


def is_cn_id(s: str) -> bool:
    """18-digit resident ID: province code, real birth date (not in the future) and check digit."""
    s = re.sub(r"[ -]", "", s).upper()
    if len(s) != 18 or not s[:17].isdigit() or int(s[:2]) not in _PROVINCES:
        return False
    try:
        born = ric.get_birth_date(s)
    except Exception:   # stdnum raises its own ValidationError subclasses for impossible dates
        return False
    return born <= date.today() and ric.calc_check_digit(s[:17]) == s[-1]


def is_card(digits: str) -> bool:
    if not 16 <= len(digits) <= 19 or not luhn.is_valid(digits):
        return False
    # issuer prefixes: Amex/JCB 3, Visa 4, Mastercard 5 and 2221-2720, UnionPay/Discover 6
    return digits[0] in "3456" or 2221 <= int(digits[:4]) <= 2720


def _context_says(norm: str, start: int, words: re.Pattern) -> bool:
    """True when the nearest cue word before `start` (within 14 chars) is an order word, not one of `words`."""
    before = norm[max(0, start - 14):start]
    last_order = max((m.end() for m in _ORDER_WORDS.finditer(before)), default=-1)
    last_good = max((m.end() for m in words.finditer(before)), default=-1)
    return last_order > last_good


def _find(norm: str, types: tuple[str, ...], names_rx: re.Pattern | None) -> list[Hit]:
    found: list[Hit] = []
    if "EMAIL" in types and "@" in norm:
        found += [Hit("EMAIL", m.start(), m.end()) for m in _EMAIL.finditer(norm)]
    if _ANY_DIGIT.search(norm) is None:   # most chat lines: only the word-based detectors can fire
        types = tuple(t for t in types if t in ("WECHAT", "NAME"))
    if "ID" in types:
        found += [Hit("ID", m.start(), m.end()) for m in _ID.finditer(norm) if is_cn_id(m.group())]
    if "CARD" in types:
        found += _cards(norm)
    if "PHONE" in types:
        for rx, cn_mobile in _PHONES:
            for m in rx.finditer(norm):
                start = m.start() + len(m.group()) - len(m.group().lstrip(" -"))
                s = norm[start:m.end()]
                if not cn_mobile and not 7 <= sum(c.isdigit() for c in s) <= 15:
                    continue
                if s.isdigit() and _context_says(norm, start, _PHONE_WORDS):
                    continue
                found.append(Hit("PHONE", start, m.end()))
    if "WECHAT" in types:
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
            before = norm[max(0, m.start() - 16):m.start()]
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
            if len(digits) == 18 and _ID.fullmatch(norm[a:b]):   # shaped like an ID number: not a card
                continue
            if is_card(digits):
                out.append(Hit("CARD", a, b))
                break
    return out


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
        norm = text.translate(_NORM)
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
            out += [text[pos:h.start], PLACEHOLDER[h.type]]
            pos = h.end
        out.append(text[pos:])
        return "".join(out), hits

    def scrub_rows(self, rows: list[Row]) -> tuple[list[Row], ScrubReport]:
        """Scrubbed copies of the rows, and where things were found."""
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
                    report.positions.append({"type": h.type, "row": i, "file": row.file, "line": row.line,
                                             "field": path, "offset": h.start})
            if data is not None:
                report.rows_changed += 1
            out.append(Row(data, row.file, row.line) if data is not None else row)
        return out, report


def _copy(data: dict) -> dict:
    out = dict(data)
    out["messages"] = [dict(m) for m in data.get("messages", [])]
    return out


def scrub_text(text: str, options: ScrubOptions | None = None) -> tuple[str, list[Hit]]:
    return Scrubber(options).scrub(text)


def scrub_rows(rows: list[Row], options: ScrubOptions | None = None) -> tuple[list[Row], ScrubReport]:
    return Scrubber(options).scrub_rows(rows)
