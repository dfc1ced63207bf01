"""The companion's memory: short notes about the partner, kept per persona, that the couple can see, edit and erase.

Every path to a model makes the same two calls (the Playground and `qixi chat` through studio.chat.conversations.send):

* ``observe(con, persona, user_text, now)`` reads the person's own message with rules for the common zh / en
  patterns (likes, dislikes, food they do not eat, allergies, birthdays, "下周三考试" → an absolute date, names
  of people close to them) and stores new notes — pending until the person confirms them, unless auto-accept
  is on. Nothing the scrubber (studio.data.scrub) finds (phone, ID, card, e-mail, QQ/WeChat) is ever stored:
  a note holding such a thing is dropped, and the source message is kept desensitized.
* ``augment(con, persona, messages, now, budget)`` adds the most relevant active notes to the system prompt,
  within a token budget: pinned notes first, then a score of words shared with the message (Chinese character
  bigrams, English words), the kind of note and how recent it is. A date that is today or tomorrow is always
  mentioned first.

Erasing is real: deletes run with ``secure_delete`` (SQLite zeroes the freed bytes) and the WAL is checkpointed
and truncated, so the text is gone from both files, not just hidden.
"""

from __future__ import annotations

import json
import math
import re
import sqlite3
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta

from studio.core import db
from studio.core.i18n import LANGS, Text, UserError

KINDS = ("preference", "date", "event", "person", "health", "other")
KIND_NAMES = {
    "preference": Text("喜好", "preference"),
    "date": Text("日子", "date"),
    "event": Text("安排", "event"),
    "person": Text("身边的人", "person"),
    "health": Text("健康", "health"),
    "other": Text("其他", "other"),
}
ORIGINS = ("rule", "model", "manual", "import")
DEFAULT_BUDGET = 160
MAX_BUDGET = 2000
MAX_NOTE_CHARS = 200
EXPORT_FORMAT = "qixi-memory"
# How much a kind counts when nothing else tells notes apart: health first (an allergy matters at any meal).
KIND_WEIGHT = {"health": 0.5, "date": 0.4, "event": 0.4, "preference": 0.35, "person": 0.3, "other": 0.25}
RECENCY_DAYS = 30.0


# ------------------------------------------------------------------------------------------- records


@dataclass
class Note:
    text: str
    kind: str = "other"
    date: str | None = None  # YYYY-MM-DD, or --MM-DD for a day that comes back every year
    source: str = ""
    source_at: float | None = None
    origin: str = "rule"
    confidence: float = 1.0
    pinned: bool = False
    status: str = "pending"
    persona: str = ""
    id: int | None = None
    created_at: float | None = None
    updated_at: float | None = None
    last_used: float | None = None

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class Settings:
    enabled: bool = True
    auto_accept: bool = False
    budget: int = DEFAULT_BUDGET  # tokens (estimated, see estimate_tokens)
    summarize: bool = False  # also ask the served model for a summary of the message

    def __post_init__(self) -> None:
        try:
            self.budget = int(self.budget)
        except (TypeError, ValueError):
            self.budget = -1
        if not 0 <= self.budget <= MAX_BUDGET:
            raise UserError(
                f"记忆的 token 预算应在 0 到 {MAX_BUDGET} 之间，例如 {DEFAULT_BUDGET}。",
                f"The memory token budget must be between 0 and {MAX_BUDGET}, for example {DEFAULT_BUDGET}.",
            )
        self.enabled, self.auto_accept, self.summarize = (
            bool(self.enabled),
            bool(self.auto_accept),
            bool(self.summarize),
        )


def _row(r: sqlite3.Row) -> Note:
    return Note(
        r["text"],
        r["kind"],
        r["date"],
        r["source"],
        r["source_at"],
        r["origin"],
        r["confidence"],
        bool(r["pinned"]),
        r["status"],
        r["persona"],
        r["id"],
        r["created_at"],
        r["updated_at"],
        r["last_used"],
    )


# --------------------------------------------------------------------------------------- token estimate

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def estimate_tokens(text: str) -> int:
    """A tokenizer-free estimate (the web process loads no tokenizer): one token per Chinese character, one per
    four other non-space characters. Chat-model tokenizers of Qwen's family give about this or fewer."""
    cjk = len(_CJK.findall(text))
    rest = len(re.sub(r"\s", "", _CJK.sub("", text)))
    return cjk + math.ceil(rest / 4)


# ------------------------------------------------------------------------------------------------ dates

_CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_NUM = r"(?:\d{1,2}|[一二两三四五六七八九十]{1,3})"
_WEEKDAY_ZH = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}
_WEEKDAYS_EN = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTHS_EN = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
_MON_RX = (
    r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|"
    r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_EN_SMALL = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "a": 1,
}


def _cn_int(s: str) -> int:
    if s.isdigit():
        return int(s)
    if "十" in s:
        tens, _, ones = s.partition("十")
        return (_CN_DIGITS.get(tens, 1) if tens else 1) * 10 + (_CN_DIGITS.get(ones, 0) if ones else 0)
    return _CN_DIGITS.get(s, 0)


def _month_index(word: str) -> int:
    w = word.lower().rstrip(".")
    return next(i for i, m in enumerate(_MONTHS_EN, 1) if m.startswith(w[:3]))


def _valid(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _next_yearly(today: date, m: int, d: int) -> date | None:
    """The next time month/day comes round, today included."""
    for y in (today.year, today.year + 1, today.year + 4):  # 29 February waits for a leap year
        day = _valid(y, m, d)
        if day is not None and day >= today:
            return day
    return None


@dataclass(frozen=True)
class DateHit:
    day: date
    start: int
    end: int
    yearless: bool = False  # said as a month and day (a birthday comes back every year)


_ZH_DATES = [
    (re.compile(r"(下下|下|这|本|上)?个?(?:周|星期|礼拜)([一二三四五六日天])"), "week"),
    (re.compile(r"大后天|后天|明天|明早|明晚|今天|今晚|今早"), "rel"),
    (re.compile(rf"(?:(\d{{4}})年)?({_NUM})月({_NUM})[日号]?"), "md"),
    (re.compile(rf"下个?月({_NUM})[日号]"), "nextmonth"),
    (re.compile(rf"({_NUM})天(?:以?后|之后)"), "in"),
]
_ZH_REL = {"今天": 0, "今晚": 0, "今早": 0, "明天": 1, "明早": 1, "明晚": 1, "后天": 2, "大后天": 3}
_EN_DATES = [
    (re.compile(r"\b(?:the )?day after tomorrow\b|\btomorrow\b|\btoday\b|\btonight\b", re.I), "rel"),
    (
        re.compile(
            r"\b(?:(next|this|coming|on)\s+)?(?:(next)\s+)?(monday|tuesday|wednesday|thursday|friday|saturday|"
            r"sunday)\b",
            re.I,
        ),
        "week",
    ),
    (re.compile(rf"\b{_MON_RX}\s+(\d{{1,2}})(?:st|nd|rd|th)?\b", re.I), "md"),
    (re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MON_RX}(?![a-z])", re.I), "dm"),
    (re.compile(r"\bin (\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|a) (days?|weeks?)\b", re.I), "in"),
]
_EN_REL = {"today": 0, "tonight": 0, "tomorrow": 1, "day after tomorrow": 2}


def find_date(text: str, today: date) -> DateHit | None:
    """The first day named in `text`, resolved against `today` ("下周三" = Wednesday of next week, Monday-first
    weeks; a weekday alone = the next one coming, today included; a month and day = the next time it comes)."""
    hits: list[DateHit] = []
    monday = today - timedelta(days=today.weekday())
    for rx, how in _ZH_DATES:
        for m in rx.finditer(text):
            day, yearless = None, False
            if how == "week":
                shift = {"下下": 14, "下": 7, "这": 0, "本": 0, "上": -7}.get(m.group(1) or "", None)
                wd = _WEEKDAY_ZH[m.group(2)]
                if shift is None:
                    day = today + timedelta(days=(wd - today.weekday()) % 7)
                else:
                    day = monday + timedelta(days=shift + wd)
            elif how == "rel":
                day = today + timedelta(days=_ZH_REL[m.group(0)])
            elif how == "md":
                mo, d = _cn_int(m.group(2)), _cn_int(m.group(3))
                if m.group(1):
                    day = _valid(int(m.group(1)), mo, d)
                else:
                    day, yearless = _next_yearly(today, mo, d), True
            elif how == "nextmonth":
                y, mo = (today.year + 1, 1) if today.month == 12 else (today.year, today.month + 1)
                day = _valid(y, mo, _cn_int(m.group(1)))
            elif how == "in":
                day = today + timedelta(days=_cn_int(m.group(1)))
            if day is not None:
                hits.append(DateHit(day, m.start(), m.end(), yearless))
    for rx, how in _EN_DATES:
        for m in rx.finditer(text):
            day, yearless = None, False
            if how == "rel":
                day = today + timedelta(days=_EN_REL[re.sub(r"^the ", "", m.group(0).lower())])
            elif how == "week":
                wd = _WEEKDAYS_EN.index(m.group(3).lower())
                if (m.group(1) or "").lower() == "next" or m.group(2):
                    day = monday + timedelta(days=7 + wd)
                else:
                    day = today + timedelta(days=(wd - today.weekday()) % 7)
            elif how in ("md", "dm"):
                mon, d = (m.group(1), m.group(2)) if how == "md" else (m.group(2), m.group(1))
                day, yearless = _next_yearly(today, _month_index(mon), int(d)), True
            elif how == "in":
                n = int(m.group(1)) if m.group(1).isdigit() else _EN_SMALL[m.group(1).lower()]
                day = today + timedelta(days=n * (7 if m.group(2).startswith("week") else 1))
            if day is not None:
                hits.append(DateHit(day, m.start(), m.end(), yearless))
    if not hits:
        return None
    return min(hits, key=lambda h: (h.start, -(h.end - h.start)))


_WD_ZH = "一二三四五六日"


def _day_words(day: date, lang: str, yearly: bool = False) -> str:
    if lang == "zh":
        return f"{day.month}月{day.day}日" + ("" if yearly else f"（周{_WD_ZH[day.weekday()]}）")
    md = f"{_MONTHS_EN[day.month - 1].capitalize()} {day.day}"
    return md if yearly else f"{_WEEKDAYS_EN[day.weekday()].capitalize()[:3]}, {md}"


def _occurs(note: Note, today: date) -> date | None:
    """The day a dated note next falls on (its own day for a one-off; this or next year for a yearly one)."""
    if not note.date:
        return None
    try:
        if note.date.startswith("--"):
            return _next_yearly(today, int(note.date[2:4]), int(note.date[5:7]))
        return date.fromisoformat(note.date)
    except ValueError:
        return None


# ------------------------------------------------------------------------------------------- extraction


def _lang_of(text: str) -> str:
    return "zh" if _CJK.search(text) else "en"


_CLAUSES = re.compile(
    r"[。！!？?；;\n…]+|\.(?=\s|$)|[，,、](?=\s*[\u4e00-\u9fff])|(?<=[\u4e00-\u9fff])[，,]|,?\s+but\s+|,\s*(?=(?:and\s+)?(?:i|my)\b)",
    re.I,
)
_ZH_LEAD = re.compile(
    r"^(?:但是|但|可是|不过|而且|还有|并且|然后|其实|对了|哦|噢|嗯|啊|哈哈+|话说|跟你说|告诉你|你知道吗|说真的|老实说|顺便说一下|另外)+[，,\s]*"
)
_EN_LEAD = re.compile(
    r"^(?:(?:but|and|so|also|oh|well|btw|by the way|actually|honestly|fyi|just so you know|you know)\b[,\s]*)+", re.I
)
_ZH_QUESTION = re.compile(r"什么|吗|嘛$|哪|谁|几月|几号|多少|怎么|是不是|记得|如果|要是|假如|万一|你猜")
_EN_QUESTION = re.compile(
    r"\b(?:what|which|who|when|where|why|how|do you|did you|remember|if|would|could|should)\b", re.I
)
_ADV = r"(?:也|还|都|最|超|超级|特别|很|非常|真的|真|好|挺|比较|一直|从来|从小就?|就|其实|本来|一向|向来|平时|完全|根本|实在|有点|有些)*"
_PRONOUN_ZH = re.compile(r"^(?:你|您|他们?|她们?|它们?|这个|那个|这样|那样|这些|那些|这里|那里|这儿|那儿|啥|什么)")
_TAIL_ZH = re.compile(r"[了啦呀哦呢的吧嘛哈啊呐喔~～\s]+$")
_REL_ZH = (
    r"姐姐|妹妹|哥哥|弟弟|妈妈|爸爸|老妈|老爸|妈|爸|奶奶|爷爷|外婆|外公|姥姥|姥爷|闺蜜|好朋友|最好的朋友|好兄弟|"
    r"室友|同事|老板|领导|上司|导师|男朋友|女朋友|老公|老婆|儿子|女儿|猫咪|猫|狗狗|狗|小狗|小猫|兔子|仓鼠"
)
_REL_EN = (
    r"sister|brother|mom|mum|mother|dad|father|grandma|grandmother|grandpa|grandfather|best friend|friend|"
    r"roommate|flatmate|boss|manager|colleague|coworker|partner|boyfriend|girlfriend|wife|husband|son|daughter|"
    r"cat|dog|puppy|kitten"
)
_EVENT_ZH = re.compile(
    r"考试|考研|期末|期中|测验|面试|答辩|出差|约会|体检|手术|比赛|演出|演唱会|音乐会|旅行|旅游|回老家|回家|"
    r"搬家|入职|开会|汇报|聚会|婚礼|出发|复查|看病|看医生|看牙|牙医|报告|截止|ddl|deadline|纪念日|航班|"
    r"飞机|高铁|火车|相亲|见家长|毕业|开学|驾照|科目|答辩|打针|疫苗|年会|述职|路演|发布会",
    re.I,
)
_EVENT_EN = re.compile(
    r"\b(?:exams?|tests?|quiz|interview|presentation|trip|flight|appointment|surgery|operation|"
    r"meeting|party|wedding|deadline|concert|recital|match|game|date|anniversary|moving|move|"
    r"check-?up|dentist|doctor|defen[cs]e|graduation|competition|race|marathon|audition|"
    r"review|conference|vacation|holiday)\b",
    re.I,
)
_HEALTH_ZH = re.compile(r"哮喘|糖尿病|胃病|胃炎|高血压|低血糖|贫血|鼻炎|偏头痛|失眠|颈椎病|腰椎|乳糖不耐|痛风|湿疹")
_HEALTH_EN = r"asthma|diabetes|migraines?|insomnia|celiac disease|high blood pressure|a bad back|eczema|anemia"


@dataclass(frozen=True)
class _Rule:
    kind: str
    rx: re.Pattern
    make: Callable[[re.Match, date], tuple[str, str | None] | None]  # -> (text, date) or None
    confidence: float = 0.9


def _obj(s: str, lang: str) -> str | None:
    """A liked/disliked thing, cleaned; None when it is not a thing about the person (你, 这个, a question)."""
    s = s.strip(" \t\"'“”‘’:：")
    if lang == "zh":
        s = _TAIL_ZH.sub("", re.sub(r"^(?:的是|是|上了|上)", "", s)).strip()
        if not s or _PRONOUN_ZH.match(s) or len(s) > 24:
            return None
    else:
        s = re.sub(r"[\s,]+$", "", s)
        s = re.sub(r"\s+(?:a lot|so much|very much|too|as well|lol|haha)$", "", s, flags=re.I)
        if (
            not s
            or re.match(r"(?:you|it|that|this|them|him|her|those|these|when|what|how|the way you)\b", s, re.I)
            or len(s) > 60
        ):
            return None
    return s


def _zh_pref(verb_group: int, obj_group: int, fixed: str | None = None):
    def make(m: re.Match, today: date):
        o = _obj(m.group(obj_group), "zh")
        return (f"{fixed or m.group(verb_group)}{o}", None) if o else None

    return make


_EN_THIRD = {
    "am into": "is into",
    "'m into": "is into",
    "am obsessed with": "is obsessed with",
    "'m obsessed with": "is obsessed with",
}


def _en_pref(word: str | None, obj_group: int):
    """`word` "doesn't {v}" / "dislikes"; None = the verb itself in the third person (love -> loves)."""

    def make(m: re.Match, today: date):
        o = _obj(m.group(obj_group), "en")
        v = m.group(1).lower()
        head = word.format(v=v) if word else _EN_THIRD.get(v, v + "s")
        return (f"{head} {o}", None) if o else None

    return make


def _birthday(lang: str):
    def make(m: re.Match, today: date):
        hit = find_date(m.string, today)
        if hit is None:
            return None
        who = (m.group("who") or "").strip()
        key = f"--{hit.day.month:02d}-{hit.day.day:02d}"
        if lang == "zh":
            who = re.sub(r"^我的?", "", who).rstrip("的")
            return f"{who + '的' if who else ''}生日是{_day_words(hit.day, 'zh', yearly=True)}", key
        who = who.lower().replace("'s", "").strip()
        return (f"{who}'s birthday is " if who else "birthday is ") + _day_words(hit.day, "en", yearly=True), key

    return make


def _person_zh(m: re.Match, today: date):
    name = _TAIL_ZH.sub("", m.group("name"))
    if not name or _PRONOUN_ZH.match(name):
        return None
    return f"{m.group('rel')}叫{name}", None


def _person_en(m: re.Match, today: date):
    return f"{m.group('rel').lower()}'s name is {m.group('name')}", None


_RULES_ZH = [
    _Rule("date", re.compile(rf"(?P<who>我的?(?:{_REL_ZH})?的?)生日"), _birthday("zh"), 0.95),
    _Rule(
        "person",
        re.compile(
            rf"我(?:的|家)?(?P<rel>{_REL_ZH})(?:的名字|名字)?(?:叫做|叫|名叫|的名字是|名字是)"
            r"(?P<name>[\u4e00-\u9fffA-Za-z·]{1,12})"
        ),
        _person_zh,
    ),
    _Rule(
        "health",
        re.compile(rf"我?{_ADV}(对)?(.{{1,16}}?)过敏"),
        lambda m, t: ((f"对{o}过敏" if m.group(1) else f"{o}过敏"), None) if (o := _obj(m.group(2), "zh")) else None,
        0.95,
    ),
    _Rule(
        "health",
        re.compile(rf"我{_ADV}(?:有|得了|患有)?(?:点|一点)?({_HEALTH_ZH.pattern})"),
        lambda m, t: (f"有{m.group(1)}", None),
        0.9,
    ),
    _Rule(
        "preference",
        re.compile(rf"我{_ADV}(不吃|不能吃|吃不了|不敢吃|不喝|不能喝|喝不了|忌口|戒了)(.+)"),
        _zh_pref(1, 2),
    ),
    _Rule(
        "preference",
        re.compile(rf"我{_ADV}(不喜欢|不太喜欢|不是很喜欢|讨厌|受不了|不爱吃|不爱喝|不爱|最怕|害怕|怕)(.+)"),
        _zh_pref(1, 2),
    ),
    _Rule(
        "preference",
        re.compile(r"我最喜欢的(.{1,6}?)是(.+)"),
        lambda m, t: (f"最喜欢的{m.group(1)}是{o}", None) if (o := _obj(m.group(2), "zh")) else None,
    ),
    _Rule(
        "preference", re.compile(rf"我{_ADV}(喜欢|爱吃|爱喝|爱看|爱听|爱玩|热爱|迷上了?|超爱|偏爱)(.+)"), _zh_pref(1, 2)
    ),
    _Rule(
        "other",
        re.compile(r"我(?:现在)?在(.{2,14}?)(工作|上班|上学|读书|读研|读博|实习)"),
        lambda m, t: (f"在{m.group(1)}{m.group(2)}", None),
        0.8,
    ),
    _Rule(
        "other",
        re.compile(r"我(?:家)?(?:养了|有)(一只|一条|两只|一个)?(猫|狗|兔子|仓鼠|鹦鹉|乌龟)"),
        lambda m, t: (f"养了{m.group(1) or ''}{m.group(2)}", None),
        0.8,
    ),
]
_I = r"i(?:\s+(?:really|absolutely|just|kind of|kinda|totally|truly|also|still|do|so|very much|seriously))*"
_RULES_EN = [
    _Rule(
        "date",
        re.compile(rf"\b(?:my\s+(?P<who>(?:{_REL_EN})'s\s+)?(?:birthday|bday|b-day)\b|i was born on\b)", re.I),
        _birthday("en"),
        0.95,
    ),
    # Case matters for the name only ("my sister is Lily", not "my sister is tired").
    _Rule(
        "person",
        re.compile(
            rf"\b(?i:my) (?P<rel>(?i:{_REL_EN}))(?i:'s name is|\s+is called|\s+is named|\s+is)\s+"
            r"(?P<name>[A-Z][\w'-]+)"
        ),
        _person_en,
    ),
    _Rule("person", re.compile(rf"\bmy (?P<rel>{_REL_EN})'s name is\s+(?P<name>\w[\w'-]*)", re.I), _person_en),
    _Rule(
        "health",
        re.compile(r"\bi(?:'m| am)\s+(?:very |really |quite |severely )?allergic to (.+)", re.I),
        lambda m, t: (f"allergic to {o}", None) if (o := _obj(m.group(1), "en")) else None,
        0.95,
    ),
    _Rule(
        "health",
        re.compile(r"\bi have an? (.+?) allergy\b", re.I),
        lambda m, t: (f"allergic to {m.group(1)}", None),
        0.95,
    ),
    _Rule(
        "health",
        re.compile(
            r"\bi(?:'m| am) (lactose intolerant|gluten intolerant|vegetarian|vegan|diabetic|"
            r"celiac|asthmatic|pregnant)\b",
            re.I,
        ),
        lambda m, t: (f"is {m.group(1).lower()}", None),
    ),
    _Rule(
        "health",
        re.compile(rf"\bi (?:have|suffer from|get) ({_HEALTH_EN})\b", re.I),
        lambda m, t: (f"has {m.group(1).lower()}", None),
    ),
    _Rule(
        "preference",
        re.compile(rf"\b{_I}\s+(?:don't|do not|dont|never|can't|cannot|won't)\s+(eat|drink)\s+(.+)", re.I),
        _en_pref("doesn't {v}", 2),
    ),
    _Rule(
        "preference",
        re.compile(
            rf"\b{_I}\s+(don't like|do not like|dont like|don't enjoy|hate|dislike|can't stand|"
            r"cannot stand|detest)\s+(.+)",
            re.I,
        ),
        _en_pref("dislikes", 2),
    ),
    _Rule(
        "preference",
        re.compile(r"\bmy fav(?:ou?rite)? ([a-z]+(?: [a-z]+)?) is (.+)", re.I),
        lambda m, t: (f"favourite {m.group(1).lower()} is {o}", None) if (o := _obj(m.group(2), "en")) else None,
    ),
    _Rule(
        "preference",
        re.compile(
            rf"\b{_I}\s*(love|like|adore|enjoy|am into|'m into|am obsessed with|'m obsessed with)s?"
            r"\s+(.+)",
            re.I,
        ),
        _en_pref(None, 2),
    ),
    _Rule(
        "other",
        re.compile(r"\bi (?:work|am working)\s+(at|for|as)\s+(.+)", re.I),
        lambda m, t: (f"works {m.group(1).lower()} {o}", None) if (o := _obj(m.group(2), "en")) else None,
        0.8,
    ),
    _Rule(
        "other",
        re.compile(r"\bi(?:'m| am) (?:studying|majoring in)\s+(.+)", re.I),
        lambda m, t: (f"studies {o}", None) if (o := _obj(m.group(1), "en")) else None,
        0.8,
    ),
]


def _event(clause: str, today: date, lang: str) -> tuple[str, str] | None:
    """A clause naming a day and something happening on it -> ("12月16日（周三）：考试", "2026-12-16")."""
    rx = _EVENT_ZH if lang == "zh" else _EVENT_EN
    if not rx.search(clause):
        return None
    hit = find_date(clause, today)
    if hit is None:
        return None
    rest = (clause[: hit.start] + " " + clause[hit.end :]).strip()
    if lang == "zh":
        rest = re.sub(r"\s+", "", rest)
        rest = re.sub(r"^(?:我们|我|那天|就|要|得|是)+", "", rest)
        rest = _TAIL_ZH.sub("", re.sub(r"^(?:的时候|时)", "", rest)) or clause
        return f"{_day_words(hit.day, 'zh')}：{rest}", hit.day.isoformat()
    rest = re.sub(r"\s+", " ", rest)
    rest = re.sub(
        r"^(?:i(?:'ve| have)? got|i have|i've|i'm having|i am having|i'll have|there's|there is|i)\s+",
        "",
        rest,
        flags=re.I,
    )
    rest = re.sub(r"\s+(?:on|at|in)\s*$", "", rest, flags=re.I).strip(" ,") or clause
    return f"{_day_words(hit.day, 'en')}: {rest}", hit.day.isoformat()


def _clauses(text: str) -> list[str]:
    """Clauses of a message, with a subject carried over: "我喜欢火锅，但不吃香菜" -> [..., "我不吃香菜"]."""
    out, had_i = [], False
    for raw in _CLAUSES.split(text):
        c = raw.strip()
        if not c:
            continue
        if _CJK.search(c):
            c = _ZH_LEAD.sub("", c)
            if had_i and not c.startswith("我") and re.match(rf"{_ADV}(?:不|喜欢|爱|讨厌|怕|对|受不了|最喜欢)", c):
                c = "我" + c
            had_i = c.startswith("我")
        else:
            c = _EN_LEAD.sub("", c)
        out.append(c)
    return out


def extract(text: str, now: datetime | float | None = None) -> list[Note]:
    """Notes the rules read in one message of the person (not stored; see observe)."""
    today = _now(now).date()
    found: list[Note] = []
    for clause in _clauses(text or ""):
        zh = bool(_CJK.search(clause))
        if (_ZH_QUESTION if zh else _EN_QUESTION).search(clause) and not re.search(r"生日|birthday", clause, re.I):
            continue
        if not zh and clause.endswith("?"):
            continue
        got = None
        for rule in _RULES_ZH if zh else _RULES_EN:
            m = rule.rx.search(clause)
            if m is None:
                continue
            made = rule.make(m, today)
            if made:
                got = Note(made[0], rule.kind, made[1], confidence=rule.confidence)
                break
        if got is None:
            ev = _event(clause, today, "zh" if zh else "en")
            if ev:
                got = Note(ev[0], "event", ev[1], confidence=0.8)
        if got is not None and not any(_same(got.text, n.text) for n in found):
            got.text = got.text[:MAX_NOTE_CHARS]
            found.append(got)
    return found


def _same(a: str, b: str) -> bool:
    norm = lambda s: re.sub(r"[\s\W_]+", "", s.lower())  # noqa: E731
    return norm(a) == norm(b)


# ------------------------------------------------------------------------------------------ the store


def _now(now: datetime | float | None) -> datetime:
    if now is None:
        return datetime.now()
    return now if isinstance(now, datetime) else datetime.fromtimestamp(now)


def _ts(now: datetime | float | None) -> float:
    return _now(now).timestamp()


def _pii(text: str) -> bool:
    from studio.data.scrub import scrub_text

    return bool(scrub_text(text)[1])


def _desensitized(text: str) -> str:
    from studio.data.scrub import scrub_text

    return scrub_text(text)[0]


def get_settings(con: sqlite3.Connection, persona: str) -> Settings:
    r = con.execute("SELECT * FROM memory_settings WHERE persona=?", (persona or "",)).fetchone()
    if r is None:
        return Settings()
    return Settings(bool(r["enabled"]), bool(r["auto_accept"]), r["budget"], bool(r["summarize"]))


def set_settings(con: sqlite3.Connection, persona: str, settings: Settings) -> Settings:
    settings.__post_init__()
    with db.tx(con):
        con.execute(
            "INSERT INTO memory_settings (persona, enabled, auto_accept, budget, summarize) VALUES (?,?,?,?,?) "
            "ON CONFLICT(persona) DO UPDATE SET enabled=excluded.enabled, auto_accept=excluded.auto_accept, "
            "budget=excluded.budget, summarize=excluded.summarize",
            (persona or "", int(settings.enabled), int(settings.auto_accept), settings.budget, int(settings.summarize)),
        )
    return settings


def _check_note(note: Note) -> None:
    note.text = re.sub(r"\s+", " ", note.text or "").strip()
    if not note.text:
        raise UserError("记忆内容是空的，请写一句话。", "The memory is empty: write a sentence.")
    if len(note.text) > MAX_NOTE_CHARS:
        raise UserError(
            f"一条记忆最多 {MAX_NOTE_CHARS} 个字，请写短一点。",
            f"A memory holds at most {MAX_NOTE_CHARS} characters; please shorten it.",
        )
    if note.kind not in KINDS:
        raise UserError(
            f"记忆类型只能是 {', '.join(KINDS)} 之一（现在是“{note.kind}”）。",
            f"The kind of memory must be one of {', '.join(KINDS)} (got “{note.kind}”).",
        )
    if note.date and re.fullmatch(r"(?:--)?\d{1,2}-\d{1,2}", note.date.strip()):
        mo, d = note.date.strip().lstrip("-").split("-")
        note.date = f"--{int(mo):02d}-{int(d):02d}"  # "03-05" is a yearly day, as "--03-05"
    if note.date:
        if (
            not re.fullmatch(r"\d{4}-\d{2}-\d{2}|--\d{2}-\d{2}", note.date)
            or _valid(
                2000 if note.date.startswith("--") else int(note.date[:4]), int(note.date[-5:-3]), int(note.date[-2:])
            )
            is None
        ):
            raise UserError(
                f"日期“{note.date}”看不懂：写成 2026-12-16，或每年一次的写成 03-05。",
                f"Cannot read the date “{note.date}”: write 2026-12-16, or 03-05 for a yearly day.",
            )
    if _pii(note.text):
        raise UserError(
            "这条记忆里有手机号、证件号、银行卡、邮箱或社交账号之类的个人信息，不能保存；请去掉后再试。",
            "This memory holds personal data (a phone number, ID, bank card, e-mail or social account) "
            "and cannot be kept; remove it and try again.",
        )


def _find_same(con: sqlite3.Connection, persona: str, text: str) -> sqlite3.Row | None:
    for r in con.execute("SELECT * FROM memory_notes WHERE persona=?", (persona,)):
        if _same(r["text"], text):
            return r
    return None


def add(
    con: sqlite3.Connection, persona: str, note: Note, now: datetime | float | None = None, status: str | None = None
) -> Note:
    """Store one note (checked: kind, length, date, no personal data). A note already there is refreshed instead."""
    _check_note(note)
    persona, ts = persona or "", _ts(now)
    note.persona = persona
    note.source = _desensitized(note.source or "")[:2000]
    if note.origin not in ORIGINS:
        note.origin = "manual"
    if status is not None:
        note.status = status
    with db.tx(con):
        same = _find_same(con, persona, note.text)
        if same is not None:
            con.execute(
                "UPDATE memory_notes SET source_at=COALESCE(?, source_at), updated_at=?, "
                "confidence=MAX(confidence, ?), status=CASE WHEN ?='active' THEN 'active' ELSE status END "
                "WHERE id=?",
                (note.source_at, ts, note.confidence, note.status, same["id"]),
            )
            return _row(con.execute("SELECT * FROM memory_notes WHERE id=?", (same["id"],)).fetchone())
        note.id = con.execute(
            "INSERT INTO memory_notes (persona, text, kind, status, date, source, source_at, origin, confidence, "
            "pinned, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                persona,
                note.text,
                note.kind,
                note.status,
                note.date,
                note.source,
                note.source_at,
                note.origin,
                float(note.confidence),
                int(note.pinned),
                ts,
                ts,
            ),
        ).lastrowid
    note.created_at = note.updated_at = ts
    return note


def observe(
    con: sqlite3.Connection,
    persona: str,
    user_text: str,
    now: datetime | float | None = None,
    summarizer: Callable[[str], str] | None = None,
) -> list[Note]:
    """Read one message of the person; store what it tells (pending, or active with auto-accept). Returns the notes
    that are new. `summarizer`, when memory's summary setting is on, is the served model asked to list facts."""
    settings = get_settings(con, persona)
    if not settings.enabled or not (user_text or "").strip():
        return []
    ts = _ts(now)
    notes = extract(user_text, now)
    if settings.summarize and summarizer is not None:
        notes += [n for n in model_notes(summarizer, user_text, now) if not any(_same(n.text, o.text) for o in notes)]
    status = "active" if settings.auto_accept else "pending"
    new = []
    for n in notes:
        if _pii(n.text):
            continue  # never stored, not even pending
        n.source, n.source_at, n.status = user_text, ts, status
        before = _find_same(con, persona or "", n.text)
        try:
            stored = add(con, persona, n, now)
        except UserError:
            continue
        if before is None:
            new.append(stored)
    return new


SUMMARY_PROMPT = Text(
    "从下面这条用户消息里，找出值得长期记住的关于用户本人的事实（喜好、忌口、过敏、生日、近期安排、身边人的名字）。"
    '只输出 JSON 数组，每项形如 {{"text": "不吃香菜", "kind": "preference", "date": null}}，'
    "kind 只能是 preference、date、event、person、health、other；没有就输出 []。今天是 {today}。\n\n用户消息：{text}",
    "From the user's message below, list facts about the user worth remembering for a long time (likes, food they "
    "avoid, allergies, birthdays, plans soon, names of people close to them). Output only a JSON array of items like "
    '{{"text": "doesn\'t eat cilantro", "kind": "preference", "date": null}}; kind is one of preference, '
    "date, event, person, health, other; output [] if there is nothing. Today is {today}.\n\nUser's message: {text}",
)


def model_notes(summarizer: Callable[[str], str], user_text: str, now: datetime | float | None = None) -> list[Note]:
    """The optional model-written summary: the served model lists facts as JSON; anything unreadable is dropped."""
    lang = _lang_of(user_text)
    try:
        reply = summarizer(SUMMARY_PROMPT(lang, today=_now(now).date().isoformat(), text=user_text))
    except Exception:  # the summary is an extra: a failing server must not stop the chat
        return []
    m = re.search(r"\[.*\]", reply or "", re.S)
    try:
        items = json.loads(m.group(0)) if m else []
    except ValueError:
        return []
    out = []
    for it in items if isinstance(items, list) else []:
        if not isinstance(it, dict) or not isinstance(it.get("text"), str) or not it["text"].strip():
            continue
        kind = it.get("kind") if it.get("kind") in KINDS else "other"
        d = (
            it.get("date")
            if isinstance(it.get("date"), str)
            and re.fullmatch(r"\d{4}-\d{2}-\d{2}|--\d{2}-\d{2}", it.get("date") or "")
            else None
        )
        out.append(Note(it["text"].strip()[:MAX_NOTE_CHARS], kind, d, origin="model", confidence=0.6))
    return out[:8]


def list_notes(
    con: sqlite3.Connection, persona: str | None = "", status: str | None = None, search: str = ""
) -> list[Note]:
    """Notes of one persona (None = every persona), pinned first, newest first; `search` matches text and kind."""
    q, args = "SELECT * FROM memory_notes WHERE 1=1", []
    if persona is not None:
        q, args = q + " AND persona=?", [persona]
    if status:
        q, args = q + " AND status=?", args + [status]
    rows = [_row(r) for r in con.execute(q + " ORDER BY pinned DESC, updated_at DESC, id DESC", args)]
    s = (search or "").strip().lower()
    if s:
        rows = [
            n
            for n in rows
            if s in n.text.lower() or s in n.kind or s in KIND_NAMES[n.kind]("zh") or s in (n.date or "")
        ]
    return rows


def get(con: sqlite3.Connection, note_id: int) -> Note:
    r = con.execute("SELECT * FROM memory_notes WHERE id=?", (int(note_id),)).fetchone()
    if r is None:
        raise UserError(
            f"没有编号为 {note_id} 的记忆（可能已经删掉了）。",
            f"There is no memory {note_id} (it may have been deleted).",
        )
    return _row(r)


def update(
    con: sqlite3.Connection,
    note_id: int,
    *,
    text: str | None = None,
    kind: str | None = None,
    date_: str | None = ...,
    pinned: bool | None = None,
    status: str | None = None,
    now: datetime | float | None = None,
) -> Note:
    """Edit a note (the old text is overwritten with zeros, see _secure)."""
    note = get(con, note_id)
    if text is not None:
        note.text = text
    if kind is not None:
        note.kind = kind
    if date_ is not ...:
        note.date = (date_ or "").strip() or None
    if pinned is not None:
        note.pinned = bool(pinned)
    if status is not None:
        if status not in ("pending", "active"):
            raise UserError("状态只能是 pending 或 active。", "Status must be pending or active.")
        note.status = status
    _check_note(note)
    _secure(con)
    with db.tx(con):
        con.execute(
            "UPDATE memory_notes SET text=?, kind=?, date=?, pinned=?, status=?, updated_at=? WHERE id=?",
            (note.text, note.kind, note.date, int(note.pinned), note.status, _ts(now), note.id),
        )
    _truncate_wal(con)
    return get(con, note.id)


def accept(con: sqlite3.Connection, ids: Iterable[int]) -> int:
    ids = [int(i) for i in ids]
    with db.tx(con):
        return sum(
            con.execute("UPDATE memory_notes SET status='active' WHERE id=? AND status='pending'", (i,)).rowcount
            for i in ids
        )


def fingerprint(con: sqlite3.Connection, persona: str) -> tuple:
    """A cheap summary that changes whenever a persona's notes or settings change (a panel redraws only then).
    The count of waiting notes is in it because keeping one (`accept`) changes only its status."""
    return tuple(
        con.execute(
            "SELECT COUNT(*), SUM(status='pending'), MAX(updated_at), MAX(last_used), (SELECT json_array(budget, "
            "enabled, auto_accept, summarize) FROM memory_settings WHERE persona=?) FROM memory_notes WHERE persona=?",
            (persona, persona),
        ).fetchone()
    )


def _secure(con: sqlite3.Connection) -> None:
    # Freed bytes are overwritten with zeros instead of lingering in free pages (per connection; cheap).
    con.execute("PRAGMA secure_delete=ON")


def _truncate_wal(con: sqlite3.Connection, within_s: float = 1.0) -> bool:
    """Copy the WAL into the database and cut it to zero bytes, so old page images (holding old text) go too.
    Another connection in the middle of a read holds it up: try for about `within_s`, never the connection's
    30 s busy timeout per try. False when it could not be cut; SQLite cuts it on a later checkpoint."""
    timeout = con.execute("PRAGMA busy_timeout").fetchone()[0]
    con.execute("PRAGMA busy_timeout=0")  # a busy reader answers at once instead of stalling us
    try:
        end = time.monotonic() + within_s
        while True:
            busy, _log, _done = con.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
            if not busy:
                return True
            if time.monotonic() >= end:
                return False
            time.sleep(0.05)
    finally:
        con.execute(f"PRAGMA busy_timeout={int(timeout)}")


def remove(con: sqlite3.Connection, ids: Iterable[int]) -> tuple[int, bool]:
    """Delete notes for good: zeroed in the database file, and the WAL truncated. Returns (notes erased,
    WAL truncated): the second is False while another reader held the WAL (see erased_note)."""
    ids = [int(i) for i in ids]
    _secure(con)
    with db.tx(con):
        n = sum(con.execute("DELETE FROM memory_notes WHERE id=?", (i,)).rowcount for i in ids)
    return n, _truncate_wal(con)


def erased_note(n: int, wal_truncated: bool) -> Text:
    """The sentence after an erase, honest about a WAL another reader kept from being cut."""
    if wal_truncated:
        return Text(f"已删除 {n} 条记忆。", f"Erased {n} note(s).")
    return Text(
        f"已删除 {n} 条记忆；数据库日志正被别的连接读着，最后一份副本会在工作室下次写入或关闭时离开文件。",
        f"Erased {n} note(s); another connection is reading the database log, so the last copy leaves "
        "the file when the studio next writes or closes.",
    )


def clear(con: sqlite3.Connection, persona: str | None = "") -> tuple[int, bool]:
    """Erase every note of a persona (None = of every persona). Returns (notes erased, nothing left on disk):
    the second is False only if the WAL could not be truncated because another reader held it."""
    _secure(con)
    with db.tx(con):
        if persona is None:
            n = con.execute("DELETE FROM memory_notes").rowcount
        else:
            n = con.execute("DELETE FROM memory_notes WHERE persona=?", (persona,)).rowcount
    # VACUUM rebuilds the file from live rows only (no stale page survives anywhere), then the WAL is cut.
    con.execute("VACUUM")
    return n, _truncate_wal(con)


# ---------------------------------------------------------------------------------------------- recall

_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_STOP = {
    "i",
    "me",
    "my",
    "you",
    "your",
    "the",
    "a",
    "an",
    "is",
    "are",
    "am",
    "was",
    "to",
    "of",
    "and",
    "or",
    "in",
    "on",
    "at",
    "it",
    "do",
    "does",
    "did",
    "what",
    "when",
    "s",
    "for",
    "be",
    "that",
    "this",
    "with",
    "have",
    "has",
    "about",
    "remember",
    "know",
    "can",
    "will",
    "so",
    "again",
    "name",
    "like",
    "likes",
}
_ZH_STOP = {
    "我的",
    "你的",
    "什么",
    "记得",
    "还记",
    "知道",
    "一下",
    "是什",
    "么时",
    "时候",
    "吗？",
    "我们",
    "你还",
    "还是",
    "一个",
    "今天",
    "现在",
    "没有",
    "不是",
    "怎么",
    "这个",
    "那个",
    "我是",
    "我有",
    "有什",
    "是我",
}


def _stem(w: str) -> str:
    for suf in ("'s", "ies", "es", "s", "ing", "ed"):
        if w.endswith(suf) and len(w) - len(suf) >= 3:
            return w[: -len(suf)] + ("y" if suf == "ies" else "")
    return w


# Characters too common to say two Chinese texts are about the same thing.
_ZH_STOP_CHARS = set(
    "我你他她它的了是在有和就都也还吗呢吧啊呀哦嗯不很好这那一个么什怎天今明要会想说去来到得着过上下"
    "人们对把被让给跟与就才又再很太最更多少点些么吗啦哈哎唉喔呗嘛"
)


def words(text: str) -> set[str]:
    """What two texts can share: Chinese character bigrams, single Chinese characters that are not filler (marked
    "1:", so 猫 in "一只猫" meets 猫 in "我家猫"), and English words, lower-cased and roughly stemmed."""
    out: set[str] = set()
    for run in re.findall(r"[\u3400-\u9fff]+", text):
        out |= {run[i : i + 2] for i in range(len(run) - 1)} - _ZH_STOP
        out |= {f"1:{c}" for c in run if c not in _ZH_STOP_CHARS}
    out |= {_stem(w) for w in _WORD.findall(text.lower()) if w not in _STOP and len(w) > 1}
    return out


def _weight(feature: str) -> float:
    return 0.5 if feature.startswith("1:") else 1.0


@dataclass
class Recalled:
    note: Note
    score: float
    reason: str  # "pinned" | "today" | "tomorrow" | "relevant"
    line: str  # the line that went into the prompt


MEMORY_HEAD = Text(
    "【你记得的关于对方的事】（来自你们以前的聊天；自然地用上，不要逐条复述）",
    "[What you remember about them] (from your earlier chats; use it naturally, do not recite it)",
)
REMIND = {"today": Text("今天", "Today"), "tomorrow": Text("明天", "Tomorrow")}


def score(note: Note, query: set[str], now: datetime) -> float:
    """How much a note belongs in this prompt: words shared with the message weigh most, then the kind, then how
    recently it was told or used (halving about every three weeks)."""
    nw = words(note.text)
    overlap = sum(_weight(f) for f in nw & query) / math.sqrt(sum(_weight(f) for f in nw)) if nw else 0.0
    age_days = max(0.0, (now.timestamp() - max(note.updated_at or 0, note.last_used or 0)) / 86400)
    recency = math.exp(-age_days / RECENCY_DAYS)
    return 3.0 * overlap + KIND_WEIGHT.get(note.kind, 0.25) + 0.5 * recency + 0.3 * float(note.confidence)


def _line(note: Note, lang: str, reason: str, day: date | None) -> str:
    if reason in REMIND and day is not None:
        return (
            f"- {REMIND[reason](lang)}（{_day_words(day, lang, True)}）：{note.text}"
            if lang == "zh"
            else f"- {REMIND[reason](lang)} ({_day_words(day, lang, True)}): {note.text}"
        )
    return f"- {note.text}"


def recall(
    notes: list[Note], query_text: str, now: datetime | float | None, budget: int, lang: str = "zh"
) -> list[Recalled]:
    """Pick notes for a prompt: today's and tomorrow's dates first, then pinned ones, then by score, while the lines
    (and the heading) fit in `budget` estimated tokens."""
    now_dt = _now(now)
    today = now_dt.date()
    q = words(query_text)
    ranked: list[tuple[int, float, Recalled]] = []
    for n in notes:
        day = _occurs(n, today)
        reason = "relevant"
        if day == today:
            reason = "today"
        elif day == today + timedelta(days=1):
            reason = "tomorrow"
        elif n.pinned:
            reason = "pinned"
        tier = {"today": 0, "tomorrow": 1, "pinned": 2}.get(reason, 3)
        s = score(n, q, now_dt)
        ranked.append((tier, -s, Recalled(n, s, reason, _line(n, lang, reason, day))))
    ranked.sort(key=lambda x: (x[0], x[1], -(x[2].note.id or 0)))
    used, left = [], budget - estimate_tokens(MEMORY_HEAD(lang)) - 1
    for _, _, r in ranked:
        cost = estimate_tokens(r.line) + 1
        if cost <= left:
            used.append(r)
            left -= cost
    return used


def memory_block(recalled: list[Recalled], lang: str) -> str:
    return MEMORY_HEAD(lang) + "\n" + "\n".join(r.line for r in recalled) if recalled else ""


def augment(
    con: sqlite3.Connection,
    persona: str,
    messages: list[dict],
    now: datetime | float | None = None,
    budget: int | None = None,
    lang: str | None = None,
) -> tuple[list[dict], list[Recalled]]:
    """`messages` (OpenAI chat form) with the recalled notes added to the system prompt (a system message is
    made if there is none). The input list is not changed. `budget` defaults to the persona's setting."""
    settings = get_settings(con, persona)
    if not settings.enabled:
        return list(messages), []
    notes = list_notes(con, persona or "", status="active")
    if not notes:
        return list(messages), []
    last_user = next((m.get("content") or "" for m in reversed(messages) if m.get("role") == "user"), "")
    if not isinstance(last_user, str):
        last_user = " ".join(p.get("text", "") for p in last_user if isinstance(p, dict))
    system = next((m for m in messages if m.get("role") == "system"), None)
    lang = lang if lang in LANGS else _lang_of((system or {}).get("content") or last_user or "中")
    used = recall(notes, last_user, now, settings.budget if budget is None else int(budget), lang)
    if not used:
        return list(messages), []
    block = memory_block(used, lang)
    out = [dict(m) for m in messages]
    if system is not None:
        i = messages.index(system)
        out[i]["content"] = f"{system.get('content') or ''}\n\n{block}".strip()
    else:
        out.insert(0, {"role": "system", "content": block})
    ts = _ts(now)
    with db.tx(con):
        for r in used:
            con.execute("UPDATE memory_notes SET last_used=? WHERE id=?", (ts, r.note.id))
    return out, used


def preview(
    con: sqlite3.Connection, persona: str, query_text: str = "", now: datetime | float | None = None, lang: str = "zh"
) -> tuple[str, int, int]:
    """What the next prompt would carry for this message: (the block, tokens it takes, the budget)."""
    settings = get_settings(con, persona)
    used = recall(list_notes(con, persona or "", status="active"), query_text, now, settings.budget, lang)
    block = memory_block(used, lang)
    return block, estimate_tokens(block) if block else 0, settings.budget


# ------------------------------------------------------------------------------------- export / import


def export(con: sqlite3.Connection, persona: str) -> dict:
    """The notes of one persona as a plain JSON document (also what rides inside a character card)."""
    keep = ("text", "kind", "date", "status", "pinned", "confidence", "origin", "source_at", "created_at")
    return {
        "format": EXPORT_FORMAT,
        "version": 1,
        "persona": persona or "",
        "notes": [{k: getattr(n, k) for k in keep} for n in list_notes(con, persona or "")],
    }


def notes_in(doc: object, where: str) -> list[dict]:
    """The notes of an export document or of a character card's `extensions.qixi_studio.memory`."""
    if isinstance(doc, dict) and doc.get("spec") == "chara_card_v2":
        ext = ((doc.get("data") or {}).get("extensions") or {}).get("qixi_studio") or {}
        doc = ext.get("memory")
        if doc is None:
            raise UserError(
                f"{where} 这张角色卡里没有记忆（extensions.qixi_studio.memory）。",
                f"{where}: this character card carries no memory (extensions.qixi_studio.memory).",
            )
    if not isinstance(doc, dict) or doc.get("format") != EXPORT_FORMAT or not isinstance(doc.get("notes"), list):
        raise UserError(
            f'{where} 不是 Qixi 记忆文件（需要 format: "{EXPORT_FORMAT}" 和 notes 列表）。',
            f'{where} is not a Qixi memory file (format: "{EXPORT_FORMAT}" and a notes list are needed).',
        )
    return doc["notes"]


def import_notes(
    con: sqlite3.Connection, persona: str, items: list[dict], where: str = "", now: datetime | float | None = None
) -> tuple[int, int]:
    """Add notes from an export (checked one by one like typed ones). Returns (added, skipped); a note with
    personal data or a broken field is skipped, the rest still come in."""
    added = skipped = 0
    for it in items:
        if not isinstance(it, dict) or not isinstance(it.get("text"), str):
            skipped += 1
            continue
        n = Note(
            it["text"],
            it.get("kind") if it.get("kind") in KINDS else "other",
            it.get("date") if isinstance(it.get("date"), str) else None,
            origin="import",
            confidence=float(it.get("confidence") or 1.0) if isinstance(it.get("confidence"), (int, float)) else 1.0,
            pinned=bool(it.get("pinned")),
            status="active" if it.get("status") == "active" else "pending",
            source_at=it.get("source_at") if isinstance(it.get("source_at"), (int, float)) else None,
        )
        try:
            if _find_same(con, persona or "", n.text) is None:
                add(con, persona, n, now)
                added += 1
            else:
                skipped += 1
        except UserError:
            skipped += 1
    return added, skipped


def note_from_form(text: str, kind: str = "other", date_: str | None = None, pinned: bool = False) -> Note:
    return Note(
        (text or "").strip(),
        kind or "other",
        (date_ or "").strip() or None,
        origin="manual",
        pinned=pinned,
        status="active",
    )


__all__ = [
    "Note",
    "Settings",
    "Recalled",
    "KINDS",
    "observe",
    "augment",
    "extract",
    "recall",
    "find_date",
    "add",
    "update",
    "remove",
    "clear",
    "accept",
    "list_notes",
    "get",
    "get_settings",
    "set_settings",
    "export",
    "import_notes",
    "notes_in",
    "preview",
    "estimate_tokens",
    "words",
]
