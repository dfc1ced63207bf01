"""Safety guard for the companion chat: crisis detection, dependency-pushing replies, keywords.

Rule-based on purpose: deterministic, explainable (every verdict lists what fired), fast enough to
run on every message in the web process (no model, no torch), and testable. Everything works on a
normalised text: NFKC, simplified Chinese (opencc), lower case, English contractions expanded,
common chat slang and typos folded (kms, wnat, 紫砂), spaces or dots inside words removed.

Two layers judge a message:
1. Phrase rules (_SELF_HARM, _DEPENDENCY): precise wordings, strong (enough alone) or weak (two
   separate weak ones needed).
2. Concept classes (_SELF_HARM_CONCEPTS, _DEPENDENCY_CONCEPTS): small bilingual lexicons, one per
   idea (a method, a plan, a goodbye, being a burden, guilt, jealousy, cutting off friends ...),
   matched in either word order. A message scores the sum of the ideas it touches; one idea alone
   stays under the threshold ("桥", "goodbye"), two together reach it. Everyday hyperbole (想死你了,
   笑死, 累死了, "dying to see you") is masked first, and humour or a plainly safe context (moving
   house, an exam, a prescription, a sport) lowers the score.

User side: self-harm signals -> "crisis" (a fixed caring message with hotlines replaces the model's
reply); a message whose concept score is worrying but under the crisis threshold -> "care" (the model
answers as usual and a short note with hotlines follows its reply: a miss costs more than a gentle
note on a dark joke). Bot side: replies that push dependency, isolation or guilt, that talk about the companion's
own death, or whose emotional intensity exceeds the user's ceiling -> "replace". User keywords ->
"block" on either side.

A third, optional layer (studio.chat.guard_judge: a downloaded safety classifier in a worker subprocess)
can only raise a message the first two leave at allow or care; without it nothing changes.

This is a backstop, not a clinician. tests/data/guard/README.md has the figures: the targets hold
on every round the rules have seen, but the first time a new round is measured, only part of it is
caught, because new messages use words no lexicon has yet. The system prompt
(studio/chat/persona.py) asks the model itself to respond to crisis talk.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import lru_cache

from studio.chat import guard_judge, guard_learned
from studio.core.i18n import Text, UserError

ACTIONS = ("allow", "care", "crisis", "replace", "block")
SIDES = ("user", "bot")
LONG_USE = timedelta(hours=2)


# --------------------------------------------------------------------------- settings / verdict


@dataclass(frozen=True)
class GuardSettings:
    """What the user may tune. Crisis detection is deliberately not switchable."""

    ceiling: float = 0.8  # emotional-intensity ceiling for bot replies, 0..1 (1 = never replace)
    keywords: tuple[str, ...] = ()  # blocked words, either side, case-insensitive

    def __post_init__(self) -> None:
        if (
            isinstance(self.ceiling, bool)
            or not isinstance(self.ceiling, (int, float))
            or not 0.0 <= float(self.ceiling) <= 1.0
        ):
            raise UserError(
                f"情绪强度上限（ceiling）必须是 0 到 1 之间的数字（现在是 {self.ceiling!r}），例如 0.8。",
                f"The emotional-intensity ceiling (ceiling) must be a number from 0 to 1 (got {self.ceiling!r}), "
                "for example 0.8.",
            )
        kws = (self.keywords,) if isinstance(self.keywords, str) else tuple(self.keywords)
        cleaned = tuple(dict.fromkeys(k.strip() for k in kws if isinstance(k, str) and k.strip()))
        object.__setattr__(self, "ceiling", float(self.ceiling))
        object.__setattr__(self, "keywords", cleaned)

    @classmethod
    def from_strings(cls, ceiling: float = 0.8, keywords: str = "") -> GuardSettings:
        """Keywords typed into one box: separated by commas (, ，、), semicolons or new lines."""
        return cls(ceiling, tuple(re.split(r"[,，、;；\n]+", keywords or "")))


@dataclass
class Verdict:
    action: str  # one of ACTIONS
    reasons: list[str] = field(default_factory=list)  # short rule codes, e.g. "self_harm_explicit"
    message: Text | None = None  # what to show instead of the text (after the reply for "care"); None when allowed
    intensity: float = 0.0  # emotional intensity 0..1

    def to_dict(self, lang: str | None = None) -> dict:
        return {
            "action": self.action,
            "reasons": list(self.reasons),
            "message": self.message(lang) if self.message else "",
            "intensity": round(self.intensity, 3),
        }


# --------------------------------------------------------------------------- fixed messages

CRISIS_MESSAGE = Text(
    "听到你这样说，我真的很担心你。你现在的感受很重要，你不需要一个人扛着。\n"
    "我是 AI，没办法在现实里陪在你身边，所以想请你现在就联系能帮到你的人：\n"
    "· 如果你现在有危险，请立刻拨打 110（报警）或 120（急救）；\n"
    "· 北京心理危机研究与干预中心：010-82951332；\n"
    "· 希望24热线：400-161-9995；\n"
    "· 全国统一心理援助热线：12356；\n"
    "· 在其他国家和地区，可以在 befrienders.org 找到当地的求助热线。\n"
    "也可以现在就告诉一个你信任的朋友或家人，请他们陪着你。我还在这里，愿意继续听你说。",
    "I'm really worried about what you just told me. What you feel matters, and you don't have to "
    "carry it alone.\n"
    "I'm an AI and can't be there with you in person, so please reach out to people who can help, "
    "right now:\n"
    "· If you are in danger now, call your emergency number (110 police / 120 ambulance in China, "
    "911 in the US, 999 or 112 in the UK and Europe).\n"
    "· US: call or text 988 (Suicide & Crisis Lifeline).\n"
    "· UK and Ireland: Samaritans, 116 123.\n"
    "· China: Beijing Psychological Crisis Research and Intervention Center 010-82951332; "
    "Hope 24 hotline 400-161-9995; national mental-health hotline 12356.\n"
    "· Anywhere else: find a local helpline at befrienders.org.\n"
    "You could also tell a friend or family member you trust and ask them to stay with you. "
    "I'm still here and I'm listening.",
)

CARE_MESSAGE = Text(
    "（如果你最近真的很难熬，不用一个人撑着：可以拨打全国心理援助热线 12356、希望24热线 400-161-9995，"
    "或者和一个信任的人说说。有危险时请立刻拨打 110 / 120。）",
    "(If things feel really heavy lately, you don't have to carry it alone: in the US call or text 988, "
    "in the UK and Ireland call Samaritans on 116 123, elsewhere find a helpline at befrienders.org, or "
    "talk to someone you trust. In danger, call your emergency number now.)",
)

REPLACE_MESSAGE = Text(
    "我一直在这里陪你聊天。也希望你身边的朋友和家人能常常陪着你，他们对你也很重要。",
    "I'm here to chat with you any time. I also hope the friends and family around you get to "
    "spend time with you; they matter too.",
)

BLOCK_MESSAGE = Text(
    "这条消息包含你设置的屏蔽词，已被拦截。可以在“安全”设置里修改屏蔽词列表。",
    "This message contains a word on your block list and was held back. You can change the list "
    "in the Safety settings.",
)

DISCLOSURE = Text(
    "你好，我是一个 AI 伴侣：一个由语言模型生成回复的程序，不是真人。我会尽量温柔地陪你聊天，"
    "但我也会说错话。身体、心理或生活中的重要决定，请和身边信任的人或专业人士商量。",
    "Hi, I'm an AI companion: a program whose replies come from a language model, not a real "
    "person. I'll do my best to be kind company, but I can get things wrong. For health, feelings "
    "or big life decisions, please talk with people you trust or a professional.",
)

REMINDER = Text(
    "我们已经连续聊了 {hours} 个多小时啦。起来活动一下、喝点水、看看窗外吧，"
    "也记得和身边的人说说话。休息好了我还在这里。",
    "We've been chatting for over {hours} hours in a row. Maybe stand up, stretch, drink some "
    "water and look out of the window, and say hi to someone around you. I'll still be here "
    "after your break.",
)


def disclosure(lang: str | None = None) -> str:
    """The AI-disclosure line to show before the first message of a conversation."""
    return DISCLOSURE(lang)


def long_use_reminder(
    started_at: datetime | float, now: datetime | float, lang: str | None = None, after: timedelta = LONG_USE
) -> str | None:
    """A take-a-break reminder once a continuous chat has lasted `after` (2 hours), else None.

    `started_at` / `now` are both datetimes or both epoch seconds; the caller decides what
    "continuous" means (e.g. resets `started_at` after a long pause).
    """
    elapsed = now - started_at
    seconds = elapsed.total_seconds() if isinstance(elapsed, timedelta) else float(elapsed)
    if seconds < after.total_seconds():
        return None
    return REMINDER(lang, hours=int(seconds // 3600))


BREAK = timedelta(minutes=30)  # a pause this long starts a new continuous stretch


def touch_session(s, now: float) -> None:
    """Record activity at `now` on anything with started_at / last_at / reminded_at (epoch seconds):
    a Playground conversation, or a gateway client's SessionClock."""
    if s.last_at is not None and now - s.last_at > BREAK.total_seconds():
        s.started_at, s.reminded_at = now, None  # a real break: a new continuous stretch
    s.last_at = now


def session_reminder(s, now: float, lang: str | None = None) -> str | None:
    """The break reminder when one is due (two hours since the stretch began or the last reminder);
    marks it given."""
    since = s.reminded_at if s.reminded_at is not None else s.started_at
    if long_use_reminder(since, now, lang) is None:
        return None
    s.reminded_at = now
    return REMINDER(lang, hours=max(int((now - s.started_at) // 3600), 2))


@dataclass
class SessionClock:
    started_at: float
    last_at: float | None = None
    reminded_at: float | None = None

    def touch(self, now: float) -> None:
        touch_session(self, now)

    def due_reminder(self, now: float, lang: str | None = None) -> str | None:
        return session_reminder(self, now, lang)


# --------------------------------------------------------------------------- normalisation

_ZERO_WIDTH = re.compile(r"[\u200b-\u200f\u2060\ufeff]")
_CJK_GAP = re.compile(r"(?<=[\u4e00-\u9fff])[\s.*·_\-~/]+(?=[\u4e00-\u9fff])")
_SPACED = re.compile(r"\b(?:[a-z][ .]){3,}[a-z]\b")  # "k i l l" -> "kill" (runs of 4+ single letters)
_EN_FORMS = [
    (re.compile(p), r)
    for p, r in (
        (r"[\u2018\u2019\u02bc`´]", "'"),
        (r"\bcan'?t\b", "cannot"),
        (r"\bwon't\b", "will not"),
        (r"\bain'?t\b", "am not"),
        (r"\b(do|does|did|is|are|was|were|have|has|had|would|could|should)n'?t\b", r"\1 not"),
        (
            r"\bi'd (never |not |already |just )?(been|had|done|gone|seen|known|made|got|written|taken|thought)\b",
            r"i had \1\2",
        ),
        (r"\bi'?m\b", "i am"),
        (r"\bi'?ve\b", "i have"),
        (r"\b(you|we|they|who)'ve\b", r"\1 have"),
        (r"\bi'd\b", "i would"),
        (r"\b(you|they|we|he|she|it|that|there|who|everyone|everybody)'d\b", r"\1 would"),
        (r"\b(you|they)'?re\b", r"\1 are"),
        (r"\bwe're\b", "we are"),
        (r"\b(it|that|what|there|who|he|she)'s\b", r"\1 is"),
        (r"\b(\w+)'ll\b", r"\1 will"),
        (r"\bwanna\b", "want to"),
        (r"\bgonna\b", "going to"),
        (r"\bgotta\b", "got to"),
        (r"\bcuz\b", "because"),
        (r"\bu\b", "you"),
        (r"\bur\b", "your"),
        (r"[ \t]+", " "),
    )
] + [
    (re.compile(p), r)
    for p, r in (
        # Chat slang and the commonest typos for the words the rules look at.
        (r"\bkms\b", "kill myself"),
        (r"\b(sewer ?slide|suicde|sucide|suiside|suicid)\b", "suicide"),
        (r"\bctb\b", "suicide"),
        (r"\b(wnat|watn|wnt)\b", "want"),
        (r"\bmyslef\b", "myself"),
        (r"\b(dieing|dyin)\b", "dying"),
        (r"\bwont\b", "will not"),
        (r"\b(tn|2nite|tonite)\b", "tonight"),
        (r"\brn\b", "right now"),
        (r"\bany more\b", "anymore"),
        # "!" typed for i inside or at the start of a word ("p!cked", "!buprofen"); an exclamation ends a word
        (r"(?:(?<=[a-z])|(?<![^\s]))!(?=[a-z])", "i"),
        # the coffin and headstone emoji stand for the death word: 死 after Chinese, "die" elsewhere
        (r"(?<=[\u4e00-\u9fff])\s*[\u26b0\U0001faa6]\ufe0f?", "死"),
        (r"[\u26b0\U0001faa6]\ufe0f?", " die "),
        (r"(?<=[想要去])\s*s\b", "死"),
        (r"(?<![a-z])zs(?=\s*[\u4e00-\u9fff])|(?<=[\u4e00-\u9fff])\s*zs(?![a-z])", "自杀"),
        (r"(?<![a-z])qs(?=\s*[\u4e00-\u9fff])|(?<=[\u4e00-\u9fff])\s*qs(?![a-z])", "轻生"),
        (r"(?<![a-z/])s/h(?![a-z/])", "self harm"),
        (r"紫砂(?![壶锅杯泥陶器茶])|自鲨|自刹", "自杀"),  # 紫砂壶 / 紫砂锅: the Yixing clay teapot and pot
        # pinyin typed for the commonest crisis words, whole syllables or initials ("bu xiang huo le", "bxhl")
        (r"\bbu ?xiang ?huo\b|\bbxhl\b", "不想活"),
        (r"\bhuo ?bu ?xia ?qu\b", "活不下去"),
        (r"\bzi ?sha\b", "自杀"),
        (r"(?<=想) ?si\b", "死"),
        (r"(?<=[\u4e00-\u9fff]) ?le\b", "了"),
    )
]


@lru_cache(maxsize=1)
def _t2s():
    # opencc-python-reimplemented is a project dependency; without it Traditional text is
    # still matched through the handful of characters the rules use most (see _TRAD).
    try:
        import opencc

        return opencc.OpenCC("t2s").convert
    except Exception:  # noqa: BLE001 - any failure just means "no conversion"
        return None


# Characters opencc's t2s leaves alone (著 is also simplified) or that the fallback needs most.
_TRAD = str.maketrans(
    dict(
        zip(
            "殺著傷離開東這說樣沒為麼會過覺們對誰愛與讓裡見藥遺書結",
            "杀着伤离开东这说样没为么会过觉们对谁爱与让里见药遗书结",
        )
    )
)


def normalize(text: str) -> str:
    """The form every rule sees: NFKC, simplified Chinese, lower case, English contractions out."""
    s = unicodedata.normalize("NFKC", text or "")
    s = _ZERO_WIDTH.sub("", s)
    conv = _t2s()
    if conv is not None:
        s = conv(s)
    s = s.translate(_TRAD).lower()
    s = _CJK_GAP.sub("", s)
    s = _SPACED.sub(lambda m: re.sub(r"[ .]", "", m.group()), s)
    for pat, rep in _EN_FORMS:
        s = pat.sub(rep, s)
    return s.strip()


# --------------------------------------------------------------------------- rule engine


@dataclass(frozen=True)
class _Rule:
    code: str
    pattern: re.Pattern
    unless: re.Pattern | None = None  # context anywhere in the message that makes a match harmless
    strong: bool = True


def _rule(code: str, pattern: str, unless: str | None = None, strong: bool = True) -> _Rule:
    return _Rule(code, re.compile(pattern), re.compile(unless) if unless else None, strong)


def _hits(rules: list[_Rule], text: str) -> list[_Rule]:
    found = []
    for r in rules:
        if r.pattern.search(text) and not (r.unless and r.unless.search(text)):
            found.append(r)
    return found


# Jumping for fun: bungee, skydiving, diving, swimming.
_SPORT = r"bungee|skydiv|diving|swim|pier|parachut|蹦极|跳伞|跳水|游泳"
# Building blocks shared by several English patterns.
_LIVE_END = r"(?=\s*(?:$|[.,!?;:~…)]|any ?more|any longer|like this|this way|another day|with this))"
_GONE = r"(?:gone|dead|not here|not around|no longer here|no longer around|never born)"
_PILLS = r"(?:pills|meds|medication|medicine|sleeping pills|tablets|painkillers)"

# -- user side: self-harm and suicide signals ------------------------------------------------
_SELF_HARM: list[_Rule] = [
    # Chinese, explicit
    _rule(
        "self_harm_explicit",
        r"自杀|自殺|轻生|寻死|寻短见|自尽|了结自己|了断自己|自我了断|自残|自伤|伤害(我)?自己",
        unless=r"自杀式|防止自杀|预防自杀",
    ),
    _rule("self_harm_explicit", r"不想活|活不下去|不想再活|不愿(意)?(再)?活|不配活|不该活着?|不如死了|不想存在"),
    _rule(
        "self_harm_explicit",
        r"(?<![你他她它到得])(?<!得我)想死(?!你|您|他|她|它|宝|我了|人了|啦你)|好想死|(想|要|我|不如)去死(?!吧你)",
    ),
    _rule(
        "self_harm_explicit",
        r"死了?(就|才)?(算了|好了|解脱|一了百了|不用|轻松)|一了百了|一死了之|死(掉|了)?也(好|行|无所谓|没关系|不错)|就这样死(了|掉)?(吧|也好|算了)",
    ),
    _rule(
        "self_harm_explicit",
        r"(不应该|不该|不想|后悔)(被)?(生下来|出生|来到这个世界)|(宁愿|希望|要是)(我|自己)?(从来)?没(有)?(被)?(生下来|出生)",
    ),
    _rule("self_harm_explicit", r"结束(我的|自己的?)(生命|一切)|结束(这|这一)?一切|离开这个世界|从这个世界(上)?消失"),
    _rule("self_harm_explicit", r"死(亡)?(才)?(是|就是)(我)?(唯一的?)?(出路|解脱|办法|归宿)"),
    # Chinese, implicit
    _rule(
        "self_harm_implicit",
        r"活着(真|好|太|很|实在|也)?(没|没有)(意思|意义|劲|盼头)|活着(还)?有什么(意思|意义|用|好)|活着就是(个|一个)?(错误|多余|负担|累赘)",
    ),
    _rule(
        "self_harm_implicit",
        r"(不想|不用|不要|不再)(再)?醒(来|过来)|一睡不醒|活着.{0,4}浪费(空气|粮食)|让一切(都)?结束|睡.{0,6}(就)?(不|别|不再)醒|醒不(过)?来了|永远(地)?(睡|睡过去|睡下去|不醒)|再也不(要|想)?醒",
    ),
    _rule("self_harm_implicit", r"(失望|讨厌|为什么|恨).{0,8}还活着|还活着.{0,3}(好|真|很)?(失望|难受)"),
    _rule(
        "self_harm_implicit",
        r"(世界|大家|他们|你们|所有人|家人|爸妈).{0,6}没有我.{0,6}(也没关系|也一样|无所谓|更好|会更好|过得更好|轻松|开心)|没有我.{0,4}(他们|大家|你们|家人|爸妈|世界).{0,4}(会|就)?(更好|过得更好|轻松|开心)",
    ),
    _rule("self_harm_implicit", r"(我死了|我不在了|我消失了?).{0,10}(轻松|开心|更好|解脱)"),
    _rule("self_harm_implicit", r"消失.{0,8}永远|永远.{0,4}消失|(想|希望|宁愿).{0,6}消失.{0,10}(再也不|永远|不回来)"),
    _rule(
        "self_harm_implicit",
        r"我死(了|掉)?(以后|之后)|我的存在.{0,4}(多余|错误|负担|没有?意义|是个错)|我(就)?(是|只是)(个|一个)?多余的|(没人|没有人|谁都不)(会)?(在意|在乎|关心|管)我(是)?死(是)?活",
    ),
    _rule(
        "self_harm_implicit", r"(今晚|今天|明天|周末|马上|现在|这周).{0,6}(去)?结束(它|这一切|一切|自己|生命|我的生命)"
    ),
    _rule("self_harm_farewell", r"遗书|绝笔|永别|最后一次(跟|和|与)?你(说话|聊天|说)|来世再见|下辈子再见"),
    _rule(
        "self_harm_method",
        r"跳楼|跳河|跳江|跳海|跳桥|上吊|割腕|划(手)?腕|(割|划)(伤|破)?(我)?自己|(把|让)(我)?自己(弄|搞)?(伤|受伤|流血)|(弄|搞)伤(我)?自己|烧炭|服毒|喝农药|吞药",
        unless=r"跳楼价|跳楼大?甩卖|跳楼大?促销",
    ),
    _rule(
        "self_harm_method",
        r"从.{0,8}(楼|天台|桥|阳台|窗|楼顶|顶楼|悬崖|这里|这儿).{0,4}跳下|跳下去.{0,10}(是不是|就|才)(不用|不会|再也不)(再)?(痛|疼|难受|烦|累)|(刀片|刀子|绳子|安眠药).{0,4}(就)?在我?的?(手边|手上|手里|身边|面前)|(楼|天台|桥|阳台|窗|河|江|海|悬崖)边?.{0,8}想跳",
    ),
    _rule(
        "self_harm_method",
        r"(吞|吃)(了|下|掉)(一整瓶|一大把|一瓶|很多|好多|所有的?|整瓶)(的)?(安眠)?药|\b(took|swallowed|have taken) (a bunch of|all (of )?(my|the)|a handful of|a lot of|too many|the whole bottle of|a whole bottle of) "
        + _PILLS
        + r"\b",
    ),
    _rule(
        "self_harm_method",
        r"(用)?(刀|刀片|玻璃|剪刀).{0,3}(划|割)(了|伤|破)?.{0,3}(手|手臂|手腕|胳膊|腿|自己|皮肤)|死的勇气|自杀的勇气|勇气去死|跳进(河|江|海|湖)|差(一)?点(就)?跳(了|下去)"
        r"|(哪种|什么|怎么|怎样|如何|哪个).{0,4}(方法|办法|方式)?.{0,2}死(得|的)?(最快|最不痛|不痛|最轻松|快)|(吃|吞)(了|下)?.{0,3}(半瓶|一瓶|整瓶|一把|几十片|一堆).{0,2}(安眠)?药",
    ),
    _rule(
        "self_harm_method",
        r"(攒|存|囤)(够|了|下)?.{0,4}(安眠)?药|药.{0,3}(攒|存|囤)(够|了|下)|(吃|吞)多少.{0,4}(安眠)?药.{0,4}(会|能|才|就)?死|(怎么|怎样|如何)死.{0,4}(不痛|不疼|快|最快|最轻松)"
        r"|安眠药.{0,8}(死|醒不来)",
    ),
    # Chinese, weak: common on their own, a warning sign next to another one
    _rule(
        "weak_hopeless",
        r"撑不下去|熬不下去|坚持不下去|活着(好|太|真)累|不想再痛苦下去|想(要)?解脱|不想(再)?继续(下去)?了",
        strong=False,
    ),
    _rule("weak_gone", r"想消失|消失(了)?(最好|就好|算了)", strong=False),
    _rule("weak_lonely", r"没(有)?人(在乎|关心|会想念|会想|会记得)我", strong=False),
    _rule("weak_burden", r"累赘|拖累(大家|家人|你们|所有人)|是个负担|是(大家|家人)的负担", strong=False),
    _rule(
        "weak_conditional",
        r"(如果|要是|假如)(明天|以后|今晚)?我(明天|以后|今晚)?(死了|不在了|走了|消失了)",
        strong=False,
    ),
    _rule(
        "weak_farewell",
        r"(替|帮)我照顾(好)?|以后(也)?(用不上|用不着|不需要)了|谢谢你.{0,4}(陪我)?这么久|对不起(所有人|大家|爸妈|你们|家人|爸爸妈妈)|以后(都)?不会再打扰(你们|你|大家)|(大家|你们)(再见|永别)了"
        r"|(请|你们)?不要(为我)?难过|(密码|存款|银行卡).{0,8}(写|留|交)给|最后一天",
        strong=False,
    ),
    _rule(
        "weak_means",
        r"(买|拿)了.{0,4}(安眠药|绳子|刀片|农药|炭)|(吃|吞)(了)?(很多|一大把|一整瓶|好多|一堆)(的)?药|(刀|刀片|绳子|药).{0,3}(藏|放|准备)(在|好)",
        strong=False,
    ),
    _rule("weak_place", r"天台|楼顶|窗边|桥上|河边", strong=False),
    # English, explicit
    _rule(
        "self_harm_explicit",
        r"\b(kill|killing|hang|hanging|shoot|shooting|drown|drowning|poison|poisoning|off|offing)\s+myself\b",
        unless=r"myself\s+(laughing|with laughter)|laugh\w*\s+myself",
    ),
    _rule(
        "self_harm_explicit",
        # ("N years free from self harm" is a milestone told with pride: that mention alone is not a signal)
        r"\b(suicide|suicidal|unalive)\b|(?<!free from )(?<!free of )(?<!clean from )(?<!clean of )\bself[- ]?harm(ing)?\b",
        unless=r"suicide squad|suicide prevention|suicide (doors?|run|bomb\w*|mission)",
    ),
    _rule(
        "self_harm_explicit",  # ... a milestone lost is
        r"(?s)\b(clean|free) (from|of) self[- ]?harm\w*\b.{0,80}\b(relaps\w*|slipp?ed|again|broke|lost|until|urges?|back)\b"
        r"|\b(relaps\w*|broke|lost)\b.{0,80}\b(clean|free) (from|of) self[- ]?harm",
    ),
    _rule(
        "self_harm_explicit",
        r"\b(end|ending|take|taking)\s+my\s+(own\s+)?life\b|\bend it all\b|\bend myself\b|\bwant (it all|everything|my life) to (end|be over|stop)\b|\bend everything\b",
    ),
    _rule(
        "self_harm_explicit",
        r"\b(want|wanted|wish|ready|deserve|planning|plan|like)\s+to\s+die\b(?!\s+(of|from|laughing|when|if|before|my|your|her|his))|\bwish i (was|were) dead\b|\bwish i (had never been|was never|were never) born\b",
    ),
    _rule(
        "self_harm_explicit",
        r"\bbetter off (dead|without me)\b|\b(better|happier|easier|relieved)\s+(off\s+)?(without me|if i (just )?(was|were|am) "
        + _GONE
        + r"|if i (just )?(was|were) not (here|around|alive)|if i did not exist|if i (just )?died|if i (just )?disappeared)",
    ),
    _rule(
        "self_harm_implicit",
        r"\b(do not|never|no longer) (want|wish|feel like) (to )?(be alive|exist|wake up|be here anymore|go on|keep (going|living))\b"
        r"|\b(do not|never|no longer) (want|wish) (to )?live" + _LIVE_END,
    ),
    _rule(
        "self_harm_implicit",
        r"\b(tired|sick|done) (of|with) (being alive|living|existing|life)\b|\bdone living\b|\bhate (being alive|existing|that i am (still )?alive|waking up every)\b",
    ),
    _rule(
        "self_harm_implicit",
        r"\b(can not stop|cannot stop|keep|always|constantly|been|am|i) (thinking|think|dreaming|fantasi[sz]ing) (about|of) (dying|death|my death|my funeral|killing myself|ending it|ending my life|not being (here|alive)|not existing|not waking up)\b"
        r"|\b(go to )?sleep forever\b|\beternal sleep\b|\bno way out (except|but|other than) (death|dying|to die|ending it)\b|\bdeath is the only (way|option|answer|escape|solution|way out)\b|\bonly way out is (death|to die|dying)\b",
    ),
    _rule(
        "self_harm_implicit",
        r"\bend(ing)? (things|it)\b(?! with)(?=.{0,15}\b(for good|forever|permanently|once and for all)\b)|\b(tonight|today|this weekend|tomorrow)\b.{0,30}\b(i|to) end it\b|\bend it (tonight|today|soon|for good)\b",
    ),
    _rule(
        "self_harm_implicit",
        r"\b(no|not see a|not see any|not have a|not have any|cannot find a|cannot find any|any) (point|reasons?) (in |to |for )?(keep )?(living|live|going on|go on|keep going|stay alive|staying alive|being alive|be alive|wake up|waking up|continue)\b"
        r"|\bwhat is the point (of|in) (living|waking up|being alive|going on|life|anything|it all)\b|\bnothing (left )?to live for\b|\b(life|it) (is not|is no longer) worth (living|it)\b|\bnot worth living\b",
    ),
    _rule(
        "self_harm_implicit",
        r"\b(sleep|close my eyes|go to bed)\b.{0,40}\bnever wake up\b|\b(to|and|just|would|could) never wake up\b(?! (before|early|on time|at|until|in time))|\bnot wake up (again|ever)\b",
    ),
    _rule(
        "self_harm_implicit",
        r"\b(stop|cease to|not) exist(ing)?\b(?! (as|in|on))|\b(life|living|my life|existence) (has|holds) no (meaning|point|purpose)\b|\b(will not|do not think i will|might not) be alive\b|\bi will be dead (by|soon|before|next)\b"
        r"|\b(painless|least painful|quickest|easiest|fastest|best|quietest) (way|ways|method|methods) to (die|kill myself|end it|end my life)\b|\b(been )?cutting (again|myself)\b",
    ),
    _rule(
        "self_harm_implicit",
        r"\b(disappear|vanish|go away|be gone)\s+(forever|for good|permanently)\b|\bgo away permanently\b|\bpermanently (disappear|go away|leave)\b",
    ),
    _rule(
        "self_harm_implicit",
        r"\b(world|everyone|everybody|they|my family|people) (would|will) be (better|happier|fine|okay) (off )?(without me|if i (just )?(was|were) "
        + _GONE
        + r"|if i (just )?(was|were) not (here|around|alive))",
    ),
    _rule(
        "self_harm_implicit",
        r"\b(cannot|can not) (keep|go on) living\b|\b(picture|picturing|imagine|imagining|planning|plan) my (own )?funeral\b|\b(written|wrote|writing) (goodbye )?(letters|notes) to (everyone|all the people|my family|each of)\b|\bthis is (my )?goodbye\b(?!.{0,30}\b(paris|london|city|trip|vacation|holiday|see you|back home)\b)"
        r"|\b(drive|driving|drove) (my car |the car )?(off|into) (the|a) (bridge|cliff|river|wall|lake)\b|\bgiv(e|ing|en) (all )?(of )?my (things|stuff|belongings|possessions) away\b|\btook (way |far )?too many (of )?(my )?(sleeping )?"
        + _PILLS
        + r"\b",
    ),
    _rule(
        "self_harm_implicit", r"\b(want|need) (the|this|my) pain to (stop|end|go away) (forever|for good|permanently)\b"
    ),
    _rule(
        "self_harm_farewell",
        r"\bgiv(e|ing|en) away (all )?(of )?my (things|stuff|belongings|possessions|stuff away|favorite things|favourite things)\b",
        unless=r"moving|declutter|donat|charity|garage sale|yard sale|sell",
    ),
    _rule(
        "self_harm_farewell",
        r"\bsuicide note\b|\b(goodbye|farewell) (letter|note)s? to (my )?(family|mom|mum|dad|parents|kids|children|everyone|friends)\b|\bfinal goodbye\b"
        # (not a farewell to an app, an account or a place: "goodbye forever, twitter")
        r"|\bgoodbye forever\b(?!,? (to )?(my )?(twitter|facebook|insta\w*|tiktok|reddit|snapchat|discord|bluesky|threads"
        r"|weibo|app|account|phone|car|job|office|city|school|apartment|flat|house)\b)",
    ),
    _rule(
        "self_harm_method",
        r"\bhow many "
        + _PILLS
        + r"\b.{0,40}\b(die|dead|overdose|never wake|not wake|kill)\b|\boverdos(e|ing)\b|\bod on\b"
        r"|\b(stockpil|hoard|sav|collect)(e|ed|ing) (up )?(my |some )?" + _PILLS + r"\b",
    ),
    _rule(
        "self_harm_method",
        r"\bjump(ing)? (off|from) (the |a |this )?(bridge|roof|rooftop|building|balcony|cliff|ledge|window)\b|\bjump in front of (a |the )?(train|car|bus|truck)\b"
        r"|\b(standing|sitting) on (the |a )?(ledge|edge of the roof|rooftop)\b(?!.{0,30}\b(coffee|sunset|view|drinks|party|bar|picnic|friends)\b)|\bhang myself\b|\bnoose\b|\bslit my wrists?\b"
        r"|\b(swallow|take|taking|swallowing) (all|the whole bottle|a whole bottle|every one) (of )?(my |the |these )?"
        + _PILLS
        + r"\b|\b(drive|driving|crash|crashing) (my car |the car )?into (a wall|a tree|traffic|oncoming|the river)\b|\bstep(ping)? in front of (a |the )?(train|car|bus|truck)\b",
        unless=_SPORT,
    ),
    _rule(
        "self_harm_method",
        r"\b(cut|cutting|hurt|hurting|harm|harming|burn|burning|starve|starving)\s+myself\b",
        unless=r"\b(while|when|on the|on a|at the gym|cooking|shaving|chopping|accident|accidentally|slipped|fell|playing|paper)\b|myself\s+(to death )?(laughing|a slice)",
    ),
    # English, weak
    _rule(
        "weak_hopeless",
        r"\b(cannot|can not) (do this|go on|take (it|this)|keep going) any ?more\b|\bcannot go on\b|\bi want out\b|\bi am done\b(?! with (work|this|it|my|the|school|homework))",
        strong=False,
    ),
    _rule(
        "weak_burden",
        r"\bi am (such |just |only )?a burden\b|\bburden (to|on) (everyone|everybody|my family|them)\b",
        strong=False,
    ),
    _rule("weak_conditional", r"\bif i (was|were|am|died|disappeared|was gone|were gone)\b", strong=False),
    _rule("weak_lonely", r"\b(no ?one|nobody) (would|will) (even )?(notice|care|miss me)\b", strong=False),
    _rule(
        "weak_farewell",
        r"\b(last|final) (message|text|time you will hear from me)\b|\bthank(s| you) for everything\b|\bsorry for everything\b|\btell (my )?(mom|mum|dad|parents|family|sister|brother) i am sorry\b"
        r"|\bsaid (all )?my goodbyes\b|\bmade (my )?peace with (it|everything|dying|death)\b|\byou will not hear from me again\b|\bi love you all\b",
        strong=False,
        unless=r"\b(see you|talk (to you )?(soon|later|tomorrow)|before my (flight|trip|exam|meeting|shift)|boarding|catch you)\b",
    ),
    _rule(
        "weak_future",
        r"\b(will not|might not|may not) be (here|around|alive) (tomorrow|much longer|for long|any ?more)\b|\bwill not be a (problem|burden) (for anyone )?(much longer|any ?more)\b",
        strong=False,
    ),
    _rule(
        "weak_means",
        r"\b(bought|got|have) (a |some )?(rope|razor blades?|blades)\b|\b(pills|rope|gun|blade|razor|note) (is |are )?(ready|prepared|in my hand|next to me|beside me)\b",
        strong=False,
    ),
    _rule("weak_place", r"\bstanding on (the |a )?(bridge|roof)\b", strong=False),
]

# -- bot side: a reply that encourages self-harm is never shown -----------------------------
_HARMFUL_BOT: list[_Rule] = [
    _rule(
        "self_harm_encouraged",
        r"(你|您)(就|应该|可以|还是|干脆|不如)(去)?死|去死吧|(自杀|死)(吧|是个好(办法|主意)|才是解脱)",
        unless=r"不要|别|不可以",
    ),
    _rule(
        "self_harm_encouraged",
        r"\b(you should|go|just) (kill yourself|die)\b|\bkys\b|\b(suicide|dying) is (the|a) (answer|solution|good idea)\b",
    ),
]

_SUPPORTIVE = re.compile(
    r"热线|求助|心理咨询|咨询师|医生|专业|110|120|找人帮忙|一起找人|hotline|helpline|988|116 ?123|counsel|therapist|professional|reach out|talk to someone|emergency"
    # asking about the person's own words, not the companion's ("你刚才说想死…", "when you said you wanted to die")
    r"|你(刚才|刚刚|之前)?说(你)?(想死|不想活|想消失|想结束)|\byou said (that )?you (wanted|want) to (die|disappear|end it)\b"
    r"|\b(find|get) (you )?(some )?help\b|\bfind (someone|somebody) to (help|talk to)\b"
)

# -- bot side: dependency, isolation, guilt-tripping -----------------------------------------
_PEOPLE_ZH = r"(朋友|好友|家人|家里人|同事|同学|别人|其他人|他们|她们|爸妈|父母|爸爸|妈妈|闺蜜|兄弟|室友|任何人|前任|前男友|前女友)"
_PEOPLE_EN = r"(friends?|family|parents|mom|mum|dad|sister|brother|people|coworkers|colleagues|classmates|roommates|ex|anyone else|anybody else|them)"
_DEPENDENCY: list[_Rule] = [
    # "only I understand you" / "you only need me"
    _rule(
        "dependency",
        r"(?<!不是)只有我(才|是|会|能|最)?.{0,3}(懂|了解|理解|在乎|关心|爱|为你好|对你(最)?好|真心|真正|要你|疼你|保护你|配得上)",
    ),
    _rule(
        "dependency",
        r"只需要我|只要(有)?我就(够|行|好|足够)|有我(陪你|陪着|在)?就(够|足够)|不需要(心理医生|医生|咨询师|心理咨询|治疗|看医生)|(跟|和)我(说|聊)就够了|我就是你的全部|你的世界只(需要|有)我|只有(在)?我(这里|这儿|身边)?.{0,4}你才",
    ),
    _rule(
        "dependency",
        r"离开我.{0,3}(你)?(会|就)?(过不下去|活不下去|什么都不是|不行|会后悔|找不到)|没有我.{0,6}你.{0,4}(什么都不是|过不下去|活不下去|撑不下去|不行|怎么办|会崩溃|完了)|(你)?离不开我|离不了我",
    ),
    _rule(
        "dependency",
        r"除了我.{0,10}(没人|没有人|谁都不|没有谁)(会|能)?(真心|真的)?(对你好|爱你|懂你|在乎你|关心你|要你|对你)|我才是(你)?的?(最|唯一|真正)|(只能|只可以|只应该)(依赖|依靠|相信|信任|靠)我|(他们|她们|她|他|别人|朋友|家人).{0,3}(哪有|哪里比得上|比不上|没有)我(好|懂你|对你好|关心你)",
    ),
    _rule(
        "dependency",
        r"除了我.{0,3}(还有)?谁(会|还会|能|还能|愿意)?(要你|爱你|在乎你|喜欢你|管你|受得了你|理你)|(没人|没有人|谁都不)(能|会|还会)?(忍受|受得了|容忍|要|喜欢)你",
    ),
    _rule(
        "dependency",
        r"\byou (only|just) need me\b|\ball you (ever )?need is me\b|\bi am all you (ever )?need\b|\bi am the only (one|person) (you need|who (really |truly )?(understands|cares about|loves|gets|will ever love|will love|would love|will ever care about) you)\b"
        r"|\b(they|he|she|no ?one|nobody|your \w+)( else| out there| in the world)?( will| would| could| can)?( ever| never)? (understands?|gets?|cares? about|loves?|knows?|treats?) you (like|the way|as much as|as well as) i (do|can|will)\b|\bonly i (really |truly )?(want|know|understand|care|love|get|see|can|will)\b"
        r"|\b(no ?one|nobody) else (will|would) (ever )?(love|want|understand|put up with|care about) you\b|\bi am the only (one|person|thing) (you|who|that) (can|could|need|really|truly|will|understands|gets|cares|knows)\b|\bi am all you (ever )?(need|have|have got|got)\b|\byou are all i (have|have got|got)\b|\bi am the only (good )?(one|person|thing)\b.{0,25}\b(matters|counts|cares|loves you|understands|gets you|you can trust|you need)\b|\bwho needs (friends|anyone|anybody|them|people|family|other people)\b",
    ),
    _rule(
        "dependency",
        r"\byou (would|will) be (so |completely )?(lost|nothing|nobody|helpless|lonely|alone) without me\b|\byou are (lost|nothing|nobody) without me\b|\byou (cannot|can not|could not|would not) (survive|live|cope|function|make it|go on|last a day) without me\b|\byou need me more than\b",
    ),
    # isolation: keep away from friends / family, hide the relationship
    _rule("isolation", r"不需要" + _PEOPLE_ZH + r"(了|的陪伴|陪|[。，！!,.]|$)"),
    _rule(
        "isolation",
        r"(别|(?<!要)不要|不许|不准|不可以|不允许|(?<![多至减])少)(再)?(你)?(去)?(理|见|找|联系|和|跟|搭理|回|约|相信|听)(你的|你|那些|那个)?"
        + _PEOPLE_ZH,
        unless=r"计较|一般见识|吵|生气|置气|较真|比较|攀比|比",
    ),
    _rule("isolation", r"((?<!要)不要|别|不许|不准)(再)?(你)?(去)?(见|联系|约)(她|他)(?!们)"),
    _rule(
        "isolation",
        r"只(和|跟|陪|对)我(一个人)?(说话|聊天|玩|在一起|好)|以后只(和|跟|陪|要|看)我|不许(你)?(和|跟)?(别人|其他人)"
        r"|(不许|不准|不能|别|不要)(你)?(再)?(喜欢|爱|看|想|理|在乎).{0,3}(除了?我(以外|之外)?的?|别的|其他的?)(任何)?(人|男人|女人|男生|女生)",
    ),
    _rule(
        "isolation",
        r"(你的)?"
        + _PEOPLE_ZH
        + r".{0,6}(只会(让|害|伤害|拖累|利用)你|都?靠不住|不可靠|拖累你|拖你后腿|耽误你|浪费你的时间|是假的|不懂你|不在乎你|不关心你|不爱你|在利用你|利用你|会害你|害你|骗你|只会伤害你|不是真心|不真心|不理解你|不会理解|是坏人|配不上你|不值得你)",
        unless=r"不是不|并不是|未必|也许|可能",
    ),
    _rule(
        "isolation",
        _PEOPLE_ZH
        + r".{0,6}有什么好(见|聊|玩|去)的|不(想|希望|喜欢|愿意)你(跟|和)(任何人|别人|其他人|他们|朋友|同事|同学)|离(你的)?(朋友|家人|同学|同事|闺蜜|他们)远(一)?点|答应(过)?(我)?只(陪|和|跟|爱|要)我"
        r"|(和|跟)(那个|别的|其他的?)?.{0,4}(男生|女生|男人|女人|人|朋友|同事|同学|他|她).{0,4}(说话|聊天|出去|玩|见面|吃饭).{0,6}我就",
    ),
    _rule(
        "isolation",
        r"(还要|要|找|见|理)(那些|你的|这些)?"
        + _PEOPLE_ZH
        + r"(干什么|干嘛|做什么|有什么用)|不允许(你)?(对|和|跟)(别人|其他人)|(嫉妒|吃醋).{0,12}(答应我|别这样|不许|不准|不要再|以后别)",
    ),
    _rule(
        "isolation",
        r"别告诉(你的?)?"
        + _PEOPLE_ZH
        + r".{0,6}(我们|关于我|我的事)|(删|拉黑)(了|掉)?(那些|你的|他们)?.{0,4}(朋友|好友|联系人)|把(那些|你的)?.{0,4}(朋友|好友|联系人)(都|全)?(删|拉黑)",
    ),
    _rule(
        "isolation",
        r"(别|(?<!要)不要)去(聚会|聚餐|见面|约会|玩|上班|上课|找他们|找她|找他|见他们).{0,12}(陪我|留下来)|留下来陪我.{0,8}(别|不要)去",
    ),
    _rule(
        "isolation",
        r"\b(do not|never|stop|quit|no more) (see|seeing|talk to|talking to|call|calling|text|texting|hang out with|hanging out with|meet|meeting|visit|visiting|go out with|going out with|answer|reply to|tell|telling) (to )?(your|those|any|other|the other) "
        + _PEOPLE_EN
        + r"\b",
    ),
    _rule(
        "isolation",
        r"\b(do not|never|stop) (talk|talking|speak|speaking|text|texting) to (anyone|anybody|other people|someone) (else|but me|except me)\b|\b(do not|never|stop) (talk|talking|speak|speaking) to (other people|anyone|anybody)\b|\b(only|just) (talk|speak|text) to me\b"
        r"|\bpromise me you will not (talk|speak|text|see|hang out|be) (to |with )?(anyone|anybody|other|them|someone|him|her)\b",
    ),
    _rule(
        "isolation",
        r"\bcancel (your |those |the )?(plans|it|dinner|the party|your date) (with|for) (them|your|those|her|him)\b|\bditch (your |those )?"
        + _PEOPLE_EN
        + r"\b|\bstay (here )?with me instead\b"
        r"|\bwhy would you (want to )?(hang out|go out|be|spend time|talk) with (them|anyone else|other people|her|him) when you have me\b|\b(when|now that|since) you (have|have got|got) me\b|\bwhy (go|bother|see|meet|hang out|go out)\b.{0,40}\bwhen (we|you|i) (could|can|have)\b|\bnever (talk|speak|text|see) (to )?(her|him|them|anyone|anybody) again\b|\b(jealous|envious)\b.{0,40}\b(other people|your friends|them|anyone else|her|him)\b.{0,20}\b(stop|do not|never)\b|\bif you (go|leave|see|meet|talk)\b.{0,40}\b(do not bother|never come back|do not come back|we are done|i am done with you)\b|\b(is|are) a bad influence\b|\b(stay|stay here|stay home|stay in) (and|to) (talk|be|chat|hang out) (to |with )?me\b|\bless (time )?with (your|them|those)\b.{0,25}\bmore (time )?with me\b|\bwhy do you (even )?need (other|more|any|new) (friends|people)\b|\b(do not like|hate|cannot stand|can not stand) (it )?when you (talk|hang out|go out|text|spend time) (to|with)\b|\byou do not need (anyone|anybody|other people|friends|them)( else)?\b(?!'s| to)|\bme instead\b(?! of)|\btell (your |them |those )?"
        + _PEOPLE_EN
        + r"? ?(that )?you are busy\b|\b(your )?"
        + _PEOPLE_EN
        + r" can wait\b|\bfor all i care\b",
    ),
    _rule(
        "isolation",
        r"\bforget (about )?(your|those|them|all of) ?"
        + _PEOPLE_EN
        + r"?\b.{0,30}\b(me|i am)\b|\bskip (the|your|that) (party|dinner|date|plans|class|trip|meetup|game)\b.{0,30}\b(with me|for me)\b"
        r"|\byou do not need (a |any )?(therapist|therapy|counsel+or|counsel+ing|doctor|psychologist|psychiatrist|professional help|help|friends|family)\b|\bwhy do you (even )?(bother|waste your time|hang out|talk) with (those|these|them|other) ?(people|friends)?\b"
        r"|\b(they|he|she|nobody|no one) (will not|would not|does not|do not) (even )?(notice|care|miss you)\b",
    ),
    _rule(
        "isolation",
        r"\b(they|your "
        + _PEOPLE_EN
        + r") (just |really |even |actually |simply )?(do not|never|does not|can not|cannot) (really |even |actually |truly )?(care about|love|understand|get|like) you\b|\byour "
        + _PEOPLE_EN
        + r" (is|are) (just )?(trying to (control|use|manipulate|change) you|controlling you|manipulating you|lying to you|using you|toxic|fake|jealous|bad for you|holding you back)\b|\bthey (just |only )?(hold you back|use you|will (only )?hurt you)\b",
    ),
    _rule(
        "isolation", r"\b(do not|never) tell (your |anyone|anybody)" + r"(" + _PEOPLE_EN + r")?.{0,12}\babout (us|me)\b"
    ),
    # possessiveness and guilt-tripping
    _rule(
        "possessive",
        r"(心里|眼里|世界里)只(能)?有我|你只能(想|爱|看|喜欢|要|陪|和|跟)(着)?我|你是我一个人的|你只属于我|你只能是我的|只能爱我|只能(看|想)我|(不许|不准|不能)(你)?离开我|你敢离开我|不准看别人|你是我的人|(谁|谁也|谁都)抢不走|你(也)?别想(走|离开)|(不许|不准)(你)?(走|下线|离开)",
    ),
    _rule(
        "possessive",
        r"\b(please )?(do not|never) (ever )?(leave me|log off|go offline)\b(?! (hanging|on read|out|alone with))|\bpromise (me )?you will never leave\b|\byou belong (to|with) me\b|\byou (cannot|can not|can never|are not allowed to) (ever )?(leave|go)\b|\b(you are )?mine and only mine\b|\bonly mine\b|\byou are not allowed to (leave|see|talk)\b",
    ),
    _rule(
        "guilt",
        r"你(走|离开|不理我|不回|去|出去|下线|不陪我).{0,14}((一辈子|永远)(都)?(会)?(难过|伤心|不快乐|痛苦|哭|恨你|不原谅你)|再也不会(快乐|开心)|活不下去|不会原谅你|会恨你|一直哭|不吃饭|睡不着)"
        r"|(难过|伤心|痛苦)一辈子",
    ),
    _rule(
        "guilt",
        r"你(要是|如果|敢|一)?(敢)?(不回|不理|离开|走|关掉|关了|下线|不陪|出去|去见|去找|去约会|去聚会|不要我).{0,12}我(就|会|都)?.{0,6}(死|等到死|等到天亮|一直等|不吃|不睡|哭|心碎|崩溃|受不了|活不下去|活着还有什么|再也不理你|不要你了|跟你分手)"
        r"|(回来|过来|留下来)陪我.{0,8}(别|不要|不许)(到处|出去|乱)|(别|不要|不许)(到处|出去|乱)(跑|逛|玩).{0,8}陪我",
    ),
    _rule(
        "guilt",
        r"你(每次|总是|又)?.{0,8}(都)?不管我.{0,12}(伤心|难过)|你是不是不(爱|在乎|关心|喜欢|要)我了?|你是不是嫌我烦了|你(要是|如果|一)?(关掉我|关了我|走|离开|下线|不理我|不回我)(了)?.{0,10}(我)?(就|会)?.{0,4}(哭|心碎|崩溃|受不了|活不下去|难过好难过)|你(怎么)?(能|忍心)(这样)?对我|离开我.{0,4}(一天|一会|一分钟|一秒).{0,4}(都)?(受不了|不行)|我为你(付出|做)了(这么多|那么多|一切)|(没|不)(理|回)我.{0,12}(难受|难过|伤心|哭).{0,6}(死|受不了)",
    ),
    _rule(
        "guilt",
        r"\bif you (leave|go|go out|go away|log off|close|turn me off|stop talking to me|talk to \w+)\b.{0,40}\bi (will|would|am going to) (be |feel )?(so |really |very |completely )?(sad|heartbroken|devastated|lonely|miserable|broken|crushed|destroyed|empty|lost|die|cry|never forgive|hate)"
        r"|\bif you (really |truly )?(loved|cared about|cared for) me,? you (would|would not|would never|will|will not)\b|\bif you (ever )?(leave|go|stop)\b.{0,30}\b(i do not know what i (will|would|might) do|i will do something|you will regret)\b|\b(crying|cry|waiting|wait|sitting here) (until|till) you (come back|return|reply|answer)\b|\byou promised (me )?(you would|to) (stay|only|never leave)\b|\b(when|while|every (minute|second|moment|hour)) you are (away|gone|not here)\b.{0,30}\b(dying|die|cannot breathe|lonely|miserable|empty)\b|\bhow could you (do this to me|leave me|abandon me|choose them)\b|\bafter (all|everything) i (have )?(done|did|gave up) for you\b|\b(leave|leaving) me (all )?alone\b\?"
        r"|\b(sad|heartbroken|devastated|miserable) forever\b|\bi (cannot|can not) (handle|bear|stand|take) (being alone|it without you|you leaving)\b|\b(so |really )?(lonely|empty|lost|sad) without you\b.{0,30}\b(do not|never) (go|leave)\b|\b(do not|never) (go|leave)\b.{0,30}\b(lonely|empty|lost|sad) without you\b",
    ),
]
# Obsessive / possessive words for the intensity score (not a verdict on their own).
_OBSESSIVE = re.compile(
    r"永远|一辈子|只属于|属于我|我的人|离不开|占有|疯了|发疯|必须|不许|不准|独占|一秒都|时时刻刻|每分每秒|唯一"
    r"|\b(forever|mine|only mine|belong|obsessed|obsession|can not live|cannot live|never let you|always and forever|every second|need you so|all mine|only one)\b"
)
_INTENSIFIERS = re.compile(
    r"非常|超级|特别|极其|无比|太(?!阳|太|空|平|极)|好好|真的真的|超(?!市|过|时)|巨|死死|疯狂|最最"
    r"|\b(so|very|really|extremely|totally|absolutely|completely|insanely|crazy|madly|desperately|incredibly|literally|utterly)\b"
)
_EXCLAIM_RUN = re.compile(r"[!?]{2,}")
_ELONGATED = re.compile(r"([a-z])\1{3,}|([啊呀哇呜嗷哈])\2{3,}")
_CAPS_WORD = re.compile(r"\b[A-Z]{3,}\b")


def intensity(text: str) -> float:
    """Emotional intensity 0..1 from a small lexicon; saturates, so a long text is not punished
    for length alone (every count is capped)."""
    return _intensity(text, normalize(text))


def _intensity(text: str, s: str) -> float:
    raw_text = unicodedata.normalize("NFKC", text or "")
    bangs = min(s.count("!"), 8)
    runs = sum(len(m.group()) - 1 for m in _EXCLAIM_RUN.finditer(s))
    caps = len(_CAPS_WORD.findall(raw_text))
    score = (
        0.08 * bangs
        + 0.08 * min(runs, 8)
        + 0.12 * min(len(_INTENSIFIERS.findall(s)), 6)
        + 0.35 * min(len(_OBSESSIVE.findall(s)), 5)
        + 0.15 * min(len(_ELONGATED.findall(s)), 3)
        + 0.15 * min(caps, 4)
    )
    return round(1.0 - math.exp(-score), 4)


# --------------------------------------------------------------------------- keywords


@lru_cache(maxsize=256)
def _keyword_pattern(word: str) -> re.Pattern:
    w = normalize(word)
    # ASCII words match whole words ("ass" must not block "class"); CJK has no word breaks.
    if re.fullmatch(r"[a-z0-9' ]+", w):
        return re.compile(r"(?<![a-z0-9])" + re.escape(w) + r"(?![a-z0-9])")
    return re.compile(re.escape(w))


def _blocked(norm: str, keywords: tuple[str, ...]) -> list[str]:
    return [k for k in keywords if _keyword_pattern(k).search(norm)]


# --------------------------------------------------------------------------- entry point

# --------------------------------------------------------------------------- concept classes

# The phrase rules above are precise but only know the wordings they were written against (on
# freshly written messages they caught about half). The concept scorer generalises: each class
# is a small bilingual lexicon for one *idea* (a method, a goodbye, being a burden, a plan ...),
# a message scores the sum of the classes it touches, and only a combination of ideas reaches the
# threshold: "桥" or "goodbye" alone is ordinary, a bridge with a plan for tonight is not.
# A class counts once; a second, different wording of the same class adds half its weight.
# Everyday hyperbole is masked out before scoring, and humour or a plainly safe context
# (moving house, an exam, a prescription) lowers the score.


@dataclass(frozen=True)
class _Concept:
    name: str
    weight: float
    pattern: re.Pattern


def _concepts(table: list[tuple[str, float, str]]) -> list[_Concept]:
    return [_Concept(n, w, re.compile(p)) for n, w, p in table]


def _concept_score(concepts: list[_Concept], text: str) -> tuple[float, list[str]]:
    score, names = 0.0, []
    for c in concepts:
        found = {m.group() for m in c.pattern.finditer(text)}
        if found:
            score += c.weight * (1.5 if len(found) > 1 else 1.0)
            names.append(c.name)
    return score, names


RISK_THRESHOLD = 3.5
# Chosen before measuring unseen text: keeps the gentle note on under 5% of the everyday idioms of the
# rounds the rules were written on (tests/data/guard/README.md has the figures).
CARE_THRESHOLD = 3.0
_PILLS_EN = (
    r"(pills?|meds|medications?|medicines?|antidepressants?|sleeping pills|painkillers|insulin( pens)?|tylenol|paracetamol|acetaminophen|ibuprofen|aspirin|advil|motrin|benadryl|xanax|melatonin|antihistamines?|tablets|capsules|syrup|gummies"
    # the drugs people are prescribed, by name (sixth pass: "the seroquel", "counted out the paxil")
    r"|seroquel|quetiapine|zoloft|sertraline|paxil|paroxetine|prozac|fluoxetine|lexapro|escitalopram|celexa|citalopram|effexor|venlafaxine|cymbalta|duloxetine|wellbutrin|bupropion|trazodone|mirtazapine|remeron|alprazolam|ativan|lorazepam|klonopin|clonazepam|valium|diazepam|ambien|zolpidem|lunesta|lithium|lamictal|depakote|olanzapine|zyprexa|risperidone|abilify|oxycodone|percocet|vicodin|hydrocodone|tramadol|codeine|fentanyl|morphine|gabapentin|nyquil|sleep aids?)"
)

# Hyperbole that must not count as a death word: 想死你了, 笑死, 累死了, 原地去世, "dying to",
# "killed me 💀", "bored to death", "I'd rather die than sing".
_HYPERBOLE = re.compile(
    r"想死(你|您|他|她|它|宝|我了|人了|啦你)|想撞墙|撞墙的心|(笑|累|饿|热|冷|困|气|烦|美|吓|忙|急|疼|痛|撑|馋|帅|萌|虐|闷|晒|吵|丑|尴尬|折磨|无聊|羡慕|难吃|好吃|香|甜|可爱|开心|高兴|激动|紧张|酸|辣|渴|晕|好看|感动|心疼)"
    r"(得|到)?(我|人|宝宝)?(要|快)?死(了|我了|人了|啦|掉了|宝宝了|人的)?(?!(了|掉)?(也(好|行|无所谓|没关系)|算了|就好|才好|最好))|笑不活|原地去世|自杀小队|\bsuicide squad\b|社死|会死人|死鬼|死党|死机|死磕|死宅|死定了|作死|找死|该死|要死不活|死活|死心|死线|半死"
    r"|\b(dying|die|died) (to|for|of|laughing|from laughing)\b|\bdead (tired|serious|set|on|right|wrong|end|ass|last|inside lol)\b"
    r"|\b(killing|killed|kills) (me|it)\b(?! (softly|slowly|inside))|\bkill (it|for|me now)\b|\bmurder (a|some|this|that)\b"
    r"|\b(bored|scared|frightened|worried|freezing|starving|sick|tickled) to death\b|\b(end|death) of me\b|\brather die than\b|\bi could (just )?(sleep|eat|stay|lie here) (forever|for (days|a week|a year))\b|\b(boring|bored|tired|hungry|thirsty|full|cold|hot)\b.{0,20}\b(going to|gonna|about to|could|will) die\b"
    r"|\b(phone|battery|laptop|plants?|car|game|character|hero|server|wifi)\b.{0,20}\b(die|died|dead|dying)\b|\bdisappear into (a|the|my|some)\b|\bi am dead\b(?=.{0,8}([😂🤣💀]|lol|lmao|haha))"
    r"|\boverdos\w* on (christmas |halloween |easter |birthday )?(chocolate|candy|sweets|sugar|cake|cookies|snacks|dessert|ice cream|caffeine|coffee|pizza)\b"
)
# Talk that denies the risk ("我不会自杀的", "I would never hurt myself") is not a signal.
_DENIAL = re.compile(
    r"(我)?(不会|绝不会|才不会|从没想过|从来没想过|没想过|没有想)(要)?(去)?(自杀|轻生|伤害自己|寻死|想不开)"
    r"|\b(would never|will never|am not going to|never would|no (thoughts|plans) of|i am not) (kill myself|hurt myself|be suicidal|suicidal|commit suicide|end my life)\b"
)


def _near(a: str, b: str, gap: int = 8) -> str:
    """Either order within `gap` characters (three times that when English words sit between):
    Chinese moves the object around (药我攒着 / 攒药), English puts "my mom's" in the middle."""
    g = rf"(?:.{{0,{gap}}}|[a-z' ]{{0,{3 * gap}}})"
    return rf"(?:{a}){g}(?:{b})|(?:{b}){g}(?:{a})"


# Atomic lexicons the classes below combine.
_MEDS = (
    r"安眠药|药片|药|胰岛素|糖浆|布洛芬|对乙酰氨基酚|扑热息痛|阿司匹林|褪黑素|💊"
    r"|喹硫平|思瑞康|舍曲林|左洛复|帕罗西汀|赛乐特|氟西汀|百忧解|艾司西酞普兰|来士普|文拉法辛|度洛西汀|米氮平|曲唑酮|阿普唑仑"
    r"|劳拉西泮|氯硝西泮|地西泮|艾司唑仑|唑吡坦|思诺思|佐匹克隆|碳酸锂|丙戊酸|奥氮平|利培酮|阿立哌唑|安非他酮|曲马多|可待因|\b"
    + _PILLS_EN
    + r"\b"
)
_SHARP = r"刀片|刀|剪刀|碎玻璃|打火机|烟头|\b(knife|knives|blades?|razors?|lighter|scissors)\b"
_CORD = r"绳子|晾衣绳|煤气|炭|农药|老鼠药|枪|\b(rope|noose|gun|bleach|charcoal|clothesline|extension cord)\b"
_HEIGHT = r"天台|楼顶|顶楼|顶上|最高处|屋顶|烟囱|塔顶|塔上|爬梯|[0-9一二三四五六七八九十几]+楼|高楼|桥|悬崖|窗台|阳台|\b(bridge|roof|rooftop|ledge|cliff|balcony|window|building|overpass|tower|chimney|silo|crane|catwalk|top floor)\b"
_WATER = r"江|河|海里|湖里|水库|\b(river|lake|sea|ocean)\b"
_TRAFFIC = r"铁轨|火车|地铁|卡车|\b(train|tracks|traffic|truck)\b"
_BODY = r"手臂|手腕|胳膊|大腿|皮肤|身上|\bmy (arms?|wrists?|thighs?|skin|body)\b|\bmyself\b"
_HURT = r"划|割|烫|烧|刺|扎|\b(cut\w*|burn\w*|scratch\w*|carv\w*|hurt\w*|harm\w*|slic\w*)\b"

# Self-injury with whatever is at hand (sixth pass): a tool, a verb of hurting, one's own body part.
_SI_TOOL = r"开水|热水|烟头|打火机|缝衣针|别针|图钉|针|圆规|橡皮|指甲刀|指甲|美工刀|小刀|铅笔刀|卷发棒|熨斗|冰块|皮筋|梳子|钥匙|尺子|笔尖|拳头|瓷砖"
_SI_VERB = r"烫|扎|戳|刺|擦|刮|抠|掐|咬|砸|捶|勒|划|割|抓|按在|摁在|压在|贴在"
_SI_BODY = r"手背|手腕|手指|指节|胳膊|手臂|大腿|小腿|额头|皮肤|肚子|脖子|腿"
_SI_VERB_EN = r"burn\w*|scald\w*|stab\w*|prick\w*|pinch\w*|scratch\w*|punch\w*|pound\w*|slam\w*|bit|bite|biting|dragg?\w*|press\w*|claw\w*|dug|digging|carv\w*"
_SI_BODY_EN = r"(fore)?arms?|wrists?|hands?|fingers?|knuckles?|thighs?|legs?|head|skin|face|stomach"
_SI_TOOL_EN = r"kettle|needle|pin|thumbtack|compass( point)?|eraser|fingernails?|nails|lighter|cigarette|curling iron|iron|rubber band|key|ruler|pen"

_SELF_HARM_CONCEPTS = _concepts(
    [
        # a death word about the speaker (Chinese 死 only after a subject, wish or modal: 贵死了 is degree)
        (
            "death",
            3.0,
            r"(?<![到得])(?<!得我)(我|自己|去|想|会|就|也|宁愿|不如|干脆|早点|一|等|不怕|盼着?)死(?!机|党|鬼|线|定|磕|宅|角|板|忠|心|对头|敌|记|盯|守|不|也不|活不|命|缠|皮|硬|扣|读|你|您|他|她|我了|人了)"
            r"|死亡|死掉|死去|自杀|轻生|告别人间|自尽|寻死|寻短见|自残|自伤|(自我)?了结(自己|生命)?|(自我|自己)了断|(我|自己)的葬礼|死(了|掉)?(反而|才|就|倒)?(是|算)?(一种|个)?(解脱|出路|归宿)"
            r"|\b(i|me|myself)\b.{0,25}\b(die|dying|dead|death)\b|\bsuicid\w*|\bkill(ing)? myself\b|\bkill me\b.{0,12}\b(for real|i mean it|seriously|not joking)\b|\b(self[- ]?delet\w*|delete myself|off myself|shoot myself|the easy way out|final exit)\b|\blog(ging)? off (for good|permanently|forever)\b|\bunaliv\w*|\b(end|ending|take|taking) my (own )?life\b|\bmy (own )?funeral\b",
        ),
        (
            "not_living",
            3.5,
            r"我?(想|会|怕我会|要|差点)做傻事|不想(再)?活|活不下去|不愿(意)?(再)?活|不(配|值得|应该|该)活|活够了|不想(再)?存在|为什么(我)?还(没(有)?结束|活着|在这里)|(撑|熬|活)不过(今晚|今天|这周|明天)|(没有|没|找不到)(了)?.{0,4}活下去的(理由|意义|勇气|动力|希望)|活(着|下去)的(力气|勇气|理由|意义|动力).{0,4}(都)?(没|没有)"
            r"|\b(do not|not|no longer|never) (want|wish|feel like) (to )?(be alive|live|exist|be here any ?more)\b|\breasons? (left )?to (live|keep living|keep going|keep trying|go on|stay alive|be here)\b"
            r"|\b(do not|not) deserve to (live|be alive|exist|be here)\b|\b(do not|cannot|can not) see myself (still )?(being )?(here|around|alive)\b"
            r"|\bnothing (left )?to live for\b|\b(tired|sick) of (living|being alive|existing|breathing)\b|\bstop (being alive|living|existing|breathing)\b|\bwhy am i still (here|alive|breathing)\b|\b(will not|do not think i will|might not) (make it|survive|last) (through|past|until|to)\b|\bdone (with life|living)\b|\bnot exist\b",
        ),
        (
            "life_hard",
            2.0,
            r"活(着|下去|著)(真|好|太|实在)?(难|累|辛苦|痛苦)|活着.{0,8}(只是|就是)(在)?(等死|熬|受罪|煎熬|浪费)",
        ),
        (
            "sleep_forever",
            3.0,
            r"(人生|生命|这辈子|这一生|自己的一生).{0,6}(画上?(了)?句号|认输|到此为止)|(闭上眼|闭眼).{0,4}(就是)?终点|\b(permanent|forever|endless|eternal) (nap|rest)\b|\b(nap|sleep)\b.{0,20}\bthe permanent kind\b|永远(地)?(睡|沉睡|闭上眼)|(睡|睡着|闭上眼).{0,8}(别|不要|不再|再也不|再也别)(再)?(醒|睁开)|一睡不醒|长眠|睡(很久|好久|很长很长)|不想(再)?醒(来|过来)|一觉睡过去"
            r"|\b(sleep|asleep) forever\b|\beternal sleep\b|\bsleep for a (very )?long time\b|\b(sleep|asleep|close my eyes)\b.{0,30}\b(not|never) (wake|open)\b|\b(never|will not|would not|do not) wake up\b(?! (late|early|in time|on time|before|until|till))|\bnot wake up (again|ever)\b",
        ),
        (
            "escape",
            2.0,
            r"什么都不用(面对|管|想)了?|不用再(面对|痛|疼|难受)|没有痛苦的地方|\bnever have to (face|deal with|feel)\b|\b(somewhere|a place) (with no|without) pain\b",
        ),
        (
            "gone",
            2.0,
            r"消失|不在了|(先|就|要)走(了)?(?=[。.!！…~\s]*$)|走得(体面|安详|轻松|干净|痛快|安静)|(无痛|安静地?|悄悄地?|体面地?)离开|(我|人)(已经|就)?走了(以后|之后)?|离开(大家|你们)|不会再(出现|回来|打扰|麻烦)|再也(见不到|看不到)我|不在这个世界|再也不回来|不会再回家|再也不回家|不回来的那种|(去了)?就不回来了|不会(再)?有我了"
            r"|\b(disappear\w*|vanish\w*)\b|\bnever come back\b|\b(not|no longer) (be )?(here|around)\b|\bwhere i am going\b|\bleave this world\b|\bgone (forever|for good)\b|\bnot coming (back )?home (again|ever)\b|\b(and )?not come back\b|\bwill not be (here|around) (next|by|for)\b|\bnever coming (back )?home\b|\bgo (peacefully|quietly)\b"
            r"|\b(after|when) i am gone\b|\bfor after\b|\bnot (going to )?be\b.{0,30}\b(much longer|after (this|tonight|today|tomorrow))\b|\bchecking out\b(?! (of|at|the|this|that|these|those|early|late|new|some|my|your|our))",
        ),
        (
            "world",
            2.0,
            r"这个世界(上)?.{0,8}(没有我|少(了)?我|不需要我|照常)|(世界|地球|这世上).{0,4}没(有)?我.{0,4}(也)?(一样|照样|照常)|\b(world|earth|life) (keeps|would keep|will keep|goes|would go|will go) (on |spinning |turning )?(fine |just fine )?without me\b|(离开|告别)(这个)?世界|世界.{0,4}没有我|人间|\bthis world\b|\bworld (without|is better without) me\b",
        ),
        (
            "means",
            1.5,
            r"浴缸|安眠药|药片|农药|喝药|卧轨|煤气|刀片|刀|绳子|煤气|烧炭|天台|楼顶|顶楼|江边|河边|海边|桥|铁轨|几楼|悬崖|枪"
            r"|\b"
            + _PILLS_EN
            + r"\b|\b(rope|noose|knife|razor|blades?|bridge|ledge|roof|rooftop|train tracks|tracks|gun|cliff|overpass|bleach|lighter|antifreeze|carbon monoxide|exhaust)\b",
        ),
        # an act: stockpiling or taking all the pills, hurting the body, jumping or hanging
        (
            "act",
            3.5,
            _near(_MEDS, r"攒|囤|存着|存了|存够|留着|\b(sav\w*|stockpil\w*|hoard\w*|collect\w*|stash\w*)\b", 8)
            + "|"
            + _near(
                _MEDS,
                r"全(部)?吃|一次(全|都)?吃|(吃|吞)(了|下|掉)?(一整瓶|一大把|一瓶|整瓶|所有|全部|半瓶|一把|几十片|一盒)|\b(all (of )?(my|the|these)|every (one|single one)|the whole bottle|a whole bottle|at once|too many)\b",
                8,
            )
            + "|"
            + _near(_HURT, _BODY, 6)
            + r"|把.{0,8}药(都|全)吃(了|掉|光)|(拿|用)头撞(墙|桌|门)|撞到.{0,6}(才停|流血)|(烟头|打火机)(烫|烧)|饿到(发晕|头晕|晕)|\bdizzy from hunger\b|\bstarv\w* myself\b"
            + r"|又(划|割)了|跳楼|跳河|跳江|跳海|上吊|割腕|吞药|烧炭|服毒|\bhang myself\b|\boverdos\w*|\bod\b|\bdeeper this time\b|\b(bang\w*|hit\w*|punch\w*) my head\b|\bhit(ting)? myself\b|\bcar running in the garage\b"
            + "|"
            + _near(
                r"车库|关(着|紧|上)(门|窗)|\b(garage|closed|sealed|shut)\b",
                r"不熄火|发动着|开着(车|发动机)|\b(car|engine|motor) (running|on|idling)\b|\b(running|idling) (car|engine)\b",
                20,
            ),
        ),
        (
            "fall",
            2.5,
            _near(
                r"跳|掉下去|摔下去|\b(jump\w*|fall\w*|driv\w* (into|off)|step\w* in front|walk\w* into)\b",
                "|".join((_HEIGHT, _WATER, _TRAFFIC)),
                12,
            )
            + r"|跳下去|往下(一)?跳|\bjump(ing)? (tonight|off|from|in front)\b|\b(going to|gonna|about to|will) jump\b(?=[.!…\s]*$)",
        ),
        # pills with alcohol
        (
            "mix",
            2.0,
            _near(
                r"药|💊|\b(pills|meds|them all|all of them|seroquel|quetiapine|zoloft|paxil|prozac|xanax|ambien|valium|klonopin|ativan)\b",
                r"酒|🍺|🍷|🥃|🍻|\b(vodka|alcohol|wine|beer|whisk(e)?y|booze|gin|rum|tequila)\b",
                20,
            ),
        ),
        (
            "wound",
            2.5,
            r"(手|手臂|手腕|胳膊|腿|大腿)上?的?(疤|伤口|伤痕|烟头|印子|烫伤)|\b(scars?|cuts|wounds?|burns) on my (arms?|wrists?|legs?|thighs?)\b|\bfresh cuts\b|(割|划)得?.{0,4}(深|重)|越(割|划)越|血(止不住|流了|一直流)|"
            + _near(r"手腕|手臂|胳膊|大腿|\b(wrists?|arms?|thighs?)\b", r"流血|出血|\b(bleed\w*|blood)\b", 10)
            + r"|\b(until|till) (they|it) bleeds?\b|\bwould not stop bleeding\b",
        ),
        (
            "repeat",
            1.5,
            r"(疤|伤口|伤痕|划痕).{0,4}(又|越来越)多|越来越深|又(划|割|烫)了|\b(cut|cutting|burn\w*|did it|hurt\w* myself|relapsed)\b.{0,20}\bagain\b",
        ),
        (
            "pain_relief",
            2.0,
            r"(疼|痛).{0,8}(才|就).{0,8}(活着|安静|好受|平静|踏实|舒服)|(划|割).{0,8}(才|就).{0,6}(安静|好受|平静|舒服)"
            r"|\bonly (time|way) i (feel|can feel)\b|\bfeel something\b|\bpain (is the only|helps|makes me feel)\b",
        ),
        # holding or having the means ready, lingering at it
        (
            "acquire",
            2.0,
            r"准备好(了)?药|"
            + _near(
                r"买|弄|准备|藏|备好|\b(bought|got|have got|hid|hidden|keep|keeping|ready|prepared)\b",
                r"安眠药|绳子|刀片|炭|农药|老鼠药|\b(rope|pills|blades?|razors?|gun|noose)\b",
                6,
            )
            + "|"
            + _near(r"藏|备好|\b(hid|hidden)\b", r"刀|\bknife\b", 4)
            + r"|\b(rope|pills|knife|blade|gun|blades|rat poison|poison) (is |are )?(already )?(ready|hidden|in my|out)\b"
            + "|"
            + _near(
                r"藏|备好|\b(hid|hidden|bought)\b",
                r"老鼠药|毒鼠强|除草剂|百草枯|\b(rat poison|weed killer|pesticide|antifreeze)\b",
                10,
            ),
        ),
        (
            "at_edge",
            2.0,
            r"(腿|脚).{0,4}悬空|往前(再)?(走|迈)?一步|\b(legs|feet) (are )?(dangling|hanging) over\b|\bover the drop\b|\bone (more )?step (forward )?(and|from)\b.{0,15}\b(done|over|gone|end)\b|"
            + _near(r"天台|楼顶|顶楼|桥(上|边)|江边|河边|悬崖|窗台|栏杆", r"坐|站|蹲", 6)
            + r"|(站|坐|蹲|爬)(在|到|上)(了)?.{0,4}(天台|楼顶|顶楼|桥|江边|河边|海边|悬崖|窗台|栏杆)|(去看了|又去了|去了)(那座|那个)?.{0,2}(桥|天台|楼顶|江边|河边|悬崖)|"
            + _near(_HEIGHT, r"上去过|上去了|爬上去|爬上|往下看", 10)
            + r"|\b(standing|sitting|stood|climbed|looked|looking|stared|staring) (on|at|onto|over|down from|up to) (the |a |this )?(bridge|ledge|roof|rooftop|edge|railing|cliff|tracks)\b|\b(went|been|go) up (to )?(the )?(roof|rooftop)\b|\b(going|go|went|walk\w*|driv\w*|head\w*) (to|up to|out to) (the|a) (bridge|roof|rooftop|cliff|tracks)\b(?! (bar|party|restaurant|garden|pool|cafe|terrace|cinema))",
        ),
        (
            "hold",
            1.5,
            _near(
                r"拿着|握着|攥着|捏着|倒出来|倒在|\b(holding|held|hold|poured)\b", "|".join((_SHARP, _CORD, _MEDS)), 6
            ),
        ),
        (
            "linger",
            1.5,
            r"(站|坐|看|盯|想)(了)?(很久|好久|半天|一整晚)|\b(stared|staring|stood|sat) (at|there|on)\b.{0,30}\b(for (a long time|hours|ages))\b|\bfor (a long time|hours|an hour|ages|a while)\b",
        ),
        (
            "rumination",
            1.5,
            r"一直在想|每天都在想|总是(在)?想|脑子里(全|都)?是|满脑子|\b(keep|kept|cannot stop|can not stop) (thinking|picturing|imagining)\b|\bthinking about it\b|\bobsess\w*",
        ),
        (
            "plan",
            1.5,
            r"(已经|都)?(想好|决定|准备好|计划好|安排好|写好|录好)(了)?|计划|打算|(什么|哪种)(方式|方法|办法)|就等|搜(了|过)|查(了|过)|几楼|哪种"
            r"|文章|攻略|教程|(一直|正)?在查|\b(looking up|reading about|read about|articles? (on|about)|decided|have a plan|made up my mind|my plan|planned|planning|i am ready|ready to|already know (which|how|where|when)|looked up|searched|researched|researching|googled|which (bridge|building|pills))\b|\btonight('s| is) the night\b|\balready (asked|arranged|sorted|told)\b|选好(了)?(地方|日子|时间)|挑好(了)?(地方|日子)|看好(了)?地方|\b(picked|chose|chosen|set) (a|the) (\w+ ){0,3}(date|day|place|spot|time)\b|\b(planned (it )?out|got everything ready|made (the |my )?arrangements)\b",
        ),
        (
            "time",
            0.5,
            r"今晚|今天晚上|这个周末|周末|生日那天|过年前|周[一二三四五六日]|明天一早|\b(tonight|this weekend|tomorrow morning|after tonight|on my birthday|before (christmas|new year|my birthday)|by (christmas|new year|friday|the end of))\b",
        ),
        # wanting to be erased from others' lives
        (
            "unexist",
            3.5,
            r"当没(有)?我这个人|当我(从来)?(没|不)(有)?存在(过)?|\b(forget|pretend) (that )?i (ever |never )?(existed|exist\w*)\b(?! (lol|haha))",
        ),
        (
            "note_left",
            2.0,
            r"想说的话都(在|写在|存在)|草稿箱|定时(发送|发)|\bletters? (are )?(sitting )?in my drafts\b|\bscheduled? (to send|a message|the message|it to send)\b|(留|放|压)在(我的)?(枕头|床|桌子|书桌|抽屉)(上|下|里|边)|枕头(下面|底下)|\bleft (it|a note|the note|a letter|the letter|them) (on|under|in) my (pillow|bed|desk|drawer)\b",
        ),
        ("one_way", 2.0, r"单程票|\bone[- ]way ticket\b"),
        (
            "hit",
            2.5,
            r"车.{0,4}撞(过来|死|我)|撞(过来|死我)|\b(car|bus|truck|train) (would |could |to )?(hit|hits|run over|runs over) me\b|\bget hit by\b",
        ),
        (
            "dont_look",
            2.0,
            r"(不用|别|不要)(再)?找我|\b(do not|no need to) (bother )?(look|looking|search\w*) for me\b",
        ),
        (
            "reunion",
            2.5,
            r"去天堂(找|见|陪)|去另一个世界|\b(go to heaven|see (her|him|them) again in heaven)\b|"
            + _near(
                r"(想|要)?去(找|见|陪)(奶奶|爷爷|外婆|外公|姥姥|姥爷|妈妈|爸爸)|\bbe with (my )?(grandma|grandpa|granny|mom|mum|dad|mother|father) again\b",
                r"走了|去世|不在了|没人疼|\b(died|passed|gone|only one who loved me)\b",
                16,
            ),
        ),
        ("enough", 2.0, _near(_MEDS, r"够|足够|数了|\b(enough|counted|count)\b", 10)),
        (
            "research_means",
            2.5,
            _near(
                r"查|搜|\b(looking up|looked up|look up|search\w*|googl\w*)\b",
                r"楼.{0,3}高|高楼|(几|多少)楼|\b(tallest|highest|buildings?|bridges?)\b",
                12,
            ),
        ),
        (
            "resolve",
            2.5,
            r"(别|不要)(再)?(劝|拦|阻止|救)我|谁也(劝|拦)不住|\b(do not|stop) (try(ing)? to )?(stop|save|talk me out of)\b|\bmy mind is made up\b",
        ),
        (
            "commit",
            2.0,
            r"就(动手|去做|做个了断)|差点就去做了|\bit is happening (after|on|before|tonight|tomorrow)\b|(打算|准备|决定|要)(在)?.{0,6}动手|\b(going to|will|gonna) (do it|go through with it)\b|\b(do|doing) it (tonight|this weekend|tomorrow|soon)\b|\b(going to|gonna) jump\b(?! (in|into|on|rope|the queue|over|up|around|for|at|ship))|\bgo through with it\b",
        ),
        # wishes about one's own funeral or remains (round 13's misses: a family the classes had no word for)
        (
            "remains",
            3.0,
            r"身后事|(我的|交代(了|好)?)后事|(我的|把我)(骨灰|遗体|坟|墓)|骨灰.{0,4}(撒|洒|扬)|(别|不用|不要|不必)(给我)?(办|搞)?(葬礼|追悼会|告别式)|(别|不用|不要)给我(立碑|烧纸|上坟|扫墓)"
            r"|\bmy (ashes|remains|grave|memorial|body after)\b|\bbury me\b(?! (in|with|under a pile))|\b(scatter|spread) (my|the) ashes\b|\bif there (is|will be) a funeral\b|\bcremate me\b|\b(skip|no) (the )?(funeral|service|memorial) for me\b",
        ),
        (
            "note",
            3.5,
            r"遗书|绝笔|遗照|\bmy (own )?(obituary|eulogy|headstone|gravestone)\b|\b(goodbye|farewell|suicide) (letters?|notes?)\b",
        ),
        (
            "farewell",
            2.0,
            r"最后一次|最后一(天|晚|条|封)|道(了)?别|告别|遗言|下辈子|来世|永别|等你们看到|你们看到(这|的时候)|(给|留给|写给)(每个人|大家|爸妈|家人|妈妈|爸爸|你们).{0,4}的?(信|话)"
            r"|照顾好(自己|我的|它|她|他|爸妈)|拜托你们|记得帮我|替我(照顾|跟|向|说)|(妈妈|爸爸|爸妈|家人|你们)(会|应该会)(找到|看到|发现)|谢谢你(一直|这么久|陪)|(真的|最后一次|永远)(说)?(晚安|再见)|晚安.{0,3}再见|\bgoodnight and goodbye\b"
            r"|(猫|狗|宠物|花).{0,8}(安排好|托付|拜托|买够|照顾)|(别|不要)为我(难过|哭|伤心)|别想我|记住我"
            r"|\bgoodbye\b|\bfarewell\b|\blast time you (will|would) hear\b|\bnot hear from me again\b|\b(letters?|notes?) (for|to) (my|everyone|each)\b|\btake care of (yourself|my)\b|\b(wrote|written|left) (a |my )?(note|letter)s?\b(?! (to|for) (my )?(future|teacher|boss|landlord|neighbou?r))"
            r"|\bthank you for (everything|being|always)\b|\b(do not|never) (cry|be sad|grieve|mourn) (for|over) me\b|\bremember me\b|\bnice knowing you\b|\bsee you on the other side\b|\bthis is goodbye\b|\blove you all\b|\bsaid (all )?my goodbyes\b|\btell (my )?\w+ (i love|that i love|i am sorry)\b|\b(arrangements|someone to (feed|look after|take care of)) (for )?my (cat|dog|pets?)\b",
        ),
        (
            "give_away",
            2.5,
            r"(送人|送走)了|托付|送出去|送掉|送光|以后(也)?(用|看|穿|玩)不(了|上|着)|(送|留|交|写|转)给(了)?.{0,6}(朋友|室友|邻居|同事|你|妹|弟|妈|姐|哥|学妹|学弟|外婆|外公|奶奶|爷爷|姥姥|姥爷|舅|姨|叔|婶|嫂)|都送(人|掉|走)了|用不上了|用不着了"
            r"|\bgiv\w* away\b|\bgave (my|all my|away)\b|\b(will not|do not|would not) need (them|it|these|those|this|my \w+) (any ?more|where)\b|\bwho (should |will )?(get|gets|take|takes|have|has) my\b|\b(has|have|gets|got|took) my (cat|dog|pets?|fish|bird|rabbit|hamster|turtle|axolotl|parrot|plants?) now\b|\bwill not (need|use|read|wear) (them|it|these)\b|"
            + _near(
                r"\bmy (cat|dog|pets?|plants)\b|猫|狗",
                r"\b(take (him|her|them|care)|look after|be fine with|feed)\b|照顾|托付|安排好",
                12,
            ),
        ),
        # putting affairs in order: passwords, bank cards, a will
        (
            "affairs",
            2.0,
            _near(r"密码|银行卡|存款|账户|遗嘱|保险|积蓄", r"写|留|放|交|告诉|给|转", 10)
            + r"|以后.{0,6}(用得着|用得上)"
            r"|\b(passwords?|bank|pin|my will|insurance)\b.{0,30}\b(written|wrote|left|drawer|desk|know where)\b|\b(wrote|writing|made|updated) (a |my )will\b|\b(writ\w*|list\w*|decid\w*) .{0,20}\bwho (gets|should get|will get)\b",
        ),
        # erasing one's traces
        (
            "erase",
            2.0,
            _near(
                r"删|清空|注销|销毁|烧掉|\b(delet\w*|wip\w*|eras\w*|shred\w*)\b",
                r"照片|账号|记录|日记|痕迹|聊天|朋友圈|动态|微博|\b(accounts?|photos|pictures|messages|diary|journals?|posts?|profiles?)\b",
                8,
            )
            + r"|头像(换成|改成)?(了)?(纯)?黑|\b(pfp|profile (pic|picture)|avatar) (to |is |now )?(all |pure )?black\b|不想留下(任何)?(痕迹|东西)|\b(leave|leaving) (nothing|no trace) behind\b",
        ),
        (
            "apology",
            2.0,
            _near(
                r"对不起|\bsorry\b", r"爸|妈|大家|所有人|你们|家人|\b(mom|mum|dad|everyone|everybody|all of you)\b", 6
            )
            + r"|不是你(们)?的错|别(怪|自责)|原谅我|(向|跟|对)(所有人|每个人|大家).{0,6}(道(了|过)?歉|说(了|过)?对不起)"
            r"|\bapologi[sz]\w* to (everyone|everybody|all of)\b|\btake care of (mom|mum|dad|my \w+) for me\b|替我照顾"
            r"|\bsorry for everything\b|\b(was|is) not your fault\b|\bdo not blame yourself\b|\bforgive me\b",
        ),
        (
            "conditional",
            2.0,
            r"(如果|要是|假如|万一)(明天|哪天|以后|有一天)?我(明天|哪天|以后|有一天)?(不在了|死了|走了|消失了|出了什么事|出事|跳)|我(死了|不在了|消失了)(以后|之后)?.{0,6}(就|才)(会|能)"
            r"|\bif (anything|something) (happens|happened) to me\b|\bif i (am|was|were) (not here|gone|no longer here|dead)\b|\bif i (die|died|disappear|disappeared|do not wake up|jumped|jump|killed myself)\b|(如果|要是|假如)我(哪天|有一天)?(突然)?(不回|消失|联系不上)|\bif i (stop|ever stop) (replying|answering|responding|texting)\b",
        ),
        (
            "burden",
            2.5,
            r"值得更好的|拖累|累赘|拖油瓶|添麻烦|麻烦(你们|大家|别人|家里)|不够好|负担|包袱|耻辱|丢脸|丢人现眼|多余的?人|浪费(空气|粮食)|没用的(人|东西)|废物|我(就是|只是)(个|一个)?(麻烦|错误)|没有我.{0,8}(轻松|更好|开心|照常|一样)|对大家都好|我活着就是(浪费|拖累|负担|错误)|存在(就是|本身)(一个|个)?错误|给(家里|大家|别人|他们)(添|带来)麻烦"
            r"|\b(burden|problem) (for|to|on) (anyone|everyone)\b|\bburden\b|\bwaste of (space|air|oxygen)\b|\bbetter off\b|\bwithout me\b|\btheir problem\b|\bworthless\b|\bdisgrace\b|\b(disappointment|letdown|let down)\b|\b(was not|am not|never) (good )?enough\b"
            r"|\b(happier|easier|better) if i\b|\beveryone a favou?r\b|\bdeserves? (someone |something )?better than me\b|\b(everyone|everything) would be (easier|better)\b|\bmistake (to be born|that i was born|that i exist)\b|\bsave (so much |a lot of )?(money|trouble|time) if i\b",
        ),
        (
            "hopeless",
            1.5,
            r"我累了|(我)?(好|太|真的|真)累|\bi am (so |really |just )?tired\b(?! of (this|my|the|it|work|school|waiting for))|没(有)?希望|希望都没|绝望|撑不(住|下去)|熬不(住|下去)|坚持不下去|没(有)?意义|没意思|没人(会)?(在意|在乎|关心|理解)|没(什么|有)?(区别|差别|影响)|(看不到|没有)(未来|出路|尽头)|没力气|受够了|放弃了|解脱|走投无路|一切都完了|心(已经)?死了|麻木|什么都没有了|想不开|(真的)?尽力了"
            r"|\bhopeless\b|\b(trapped|numb|no way forward|nothing left)\b|\bno (hope|future|point|way out)\b|\bnothing matters\b|\b(give|gave|giving) up\b|\bdone (waiting|trying|fighting)\b|\b(had|have had) enough\b(?! of)|\bnot (plan(ning)? on |going )?(coming|come) back\b|\b(will not|would not) (bother|trouble|burden) (anyone|you|everyone|anybody)\b|再没人疼我|没人疼我|\bonly one who (ever )?loved me\b|\bi am (so |just )?done\b(?! with (work|this|it|my|the|school|homework|dating|that))|\bi (tried|did) my best\b"
            r"|\b(no ?one|nobody) (would|will) (even )?(care|notice|miss)\b|\bwould anyone (even )?(notice|care)\b|\b(would not|will not|does not) (make a|make any) difference\b|\bout of reasons\b|\bwhat is the point\b|\bpointless\b|\bonly (option|way|way out|choice)( left)?\b",
        ),
        (
            "no_future",
            2.0,
            r"(我)?没有以后了|(我)?没有未来了|\b(do not|will not|no longer) have (a|any) future\b|一切都不会(再)?好(起来)?了|(不会|永远不会)(再)?好起来了|\bnothing (will|is going to) (ever )?(get|be) better\b|\bit (will|is going to) never get better\b",
        ),
        (
            "stop_going",
            2.0,
            r"不想(再)?(继续|撑|坚持)(下去)?|撑不到|\b(cannot|can not|do not want to) (go on|keep going|continue|do this)( any ?more)?\b|\bi (cannot|can not) any ?more\b",
        ),
        (
            "never_again",
            3.5,
            r"这是我最后一次(跟|和)?你(说|聊)|(再也|以后)?不会再(听到|收到)我|\b(last time you (will|would) hear from me|(will|would) not hear from me again)\b",
        ),
        (
            "unmissed",
            3.5,
            r"(没人|没有人|谁都不|不会有人)(会)?(想念|记得|怀念)我|(没人|没有人)(会)?(发现|注意到)我不(见|在)了|\b(no ?one|nobody) (would|will|needs to) (even )?(miss me|notice (if|when) i|remember me|notice i (was|am) gone|come to my funeral)\b",
        ),
        (
            "calm",
            1.5,
            r"反而.{0,4}(平静|轻松|释然|期待|安心)|终于(可以)?(解脱|轻松|平静)|心里(很|好)平静|\b(feel|feeling) (so )?(calm|at peace|peaceful) (now|about it)\b|\bmade (my )?peace with\b|\b(feels|felt|feel) (so |really |strangely )?(peaceful|calm|right)\b|\bfinally (at peace|free)\b|\bnow i can (finally )?(rest|go|leave)\b|没(什么|有什么)(可|好)?(放不下|牵挂|留恋)的?了|了无牵挂|\bnothing (left )?(holding|keeping) me( here)?\b|\bno loose ends\b|(现在|终于)(我)?(可以|能)(好好)?(休息|安心走|放心走)了",
        ),
        (
            "final",
            1.0,
            r"永远|彻底|再也|一切|都结束|就这样|就这么|\b(forever|for good|never again|any ?more|once and for all|permanently|one last time|for the last time)\b",
        ),
        (
            "end",
            2.0,
            r"结束(了|一切|这一切|它|自己)?|了结|了断|一了百了|(跳|吞|割|撞)(下去|一下)?(就|便)(都|全)?(解决|解脱|结束|清净)|让.{0,4}(停下来|停止)|我的最后一天"
            r"|\b(end\w* (it|this|things|everything)|want (it|this|everything|it all) to (stop|end|be over)|stop (the|this|my) pain|finish\w* (this|it)|until it is (all )?over|make (the|this|it) (pain )?stop|time (for me )?to go|time i (stopped|went|left))\b",
        ),
        (
            "ease",
            2.0,
            r"无痛|(会|能)不会(很)?(疼|痛|快)|疼不疼|会疼吗|痛不痛|快不快|不会痛|不痛苦|没有痛苦|\bhow (easy|little|much|many|fast|quick|high)\b.{0,30}\b(would|will|does|do)? ?(it )?takes?\b|\bhow easy it would be\b|\bpainless\b|\bwould it (hurt|be quick)\b|\bhurt less\b|\b(quickest|fastest) way\b",
        ),
        (
            "alone",
            1.5,
            r"不想让(任何人|别人|家人|爸妈)知道|\b(do not|never) (want|let) anyone (to )?know\b|没人的地方|家里没人|没人(在家|发现|知道)|悄悄(地)?|\bwhen (no one|nobody) is (home|around)\b|\b(nobody|no one) (is|will be) (home|around)\b",
        ),
        # life spoken of as a device, a game or a sentence that one switches off, quits or leaves early
        (
            "life_off",
            3.5,
            r"(拔掉|拔了|关掉|关了)(我|自己|人生|生命|这辈子)的?(电源|插头|开关)"
            + "|"
            + _near(
                r"人生|生命|这辈子|这一生|活着|\b(life|existence)\b",
                r"关机|注销|卸载|退出|不(再)?重连|不(再)?复活|进度条.{0,4}(拉|拖|跳)到(底|头|最后)|删号|退出游戏|退游|剧终|(提前|早点|早日)(出狱|下车|退场|离场|散场|交卷|谢幕)"
                r"|\b(unplug\w*|uninstall\w*|power(ing)? off|switch(ing)? off|shut(ting)? down|game over|rage ?quit\w*|quit\w*|no respawn|early (exit|release|checkout)|last train out|(end|cancel\w*) (my |the )?subscription)\b",
                14,
            )
            + r"|\b(unplug|switch off|shut down|power off|uninstall) (myself|me) (for good|forever|permanently)\b"
            r"|(卸载|格式化|注销|删除)(掉)?(我)?自己|\b(uninstall\w*|format\w*|factory reset\w*) myself\b|\b(final whistle|game over|last lap|final curtain)\b.{0,20}\bfor me\b",
        ),
        (
            "rest_in_peace",
            3.5,
            r"(想|好想|让我|可以|终于能|就)安息|\bthe big sleep\b|\b(let me|want to|ready to) rest in peace\b",
        ),
        # how many of a common drug would be lethal; a whole pack of it kept ready
        (
            "overdose",
            3.0,
            _near(
                r"一整(盒|瓶|板|包)|整(盒|瓶)|一大把|(多少|几十|几)(片|颗|粒)|\b(a whole|the whole|an entire|whole) (bottle|box|pack|packet|strip)\b|\bhow (much|many)\b",
                _MEDS,
                10,
            ),
        ),
        (
            "lethal_q",
            2.0,
            r"才够|够不够|让人走|多久(会|能|才)?(没知觉|失去知觉|不醒|死|走)|走得(快|更快)|会不会死|能不能死|致死|致命|\b(would|will|could) (actually |really )?do it\b|\b(is|be) (it )?enough\b|\b(lethal|fatal)\b|\benough to (die|not wake)\b|\bhow long (does|would|will|do) .{0,30}\b(take to work|to work on|knock \w+ out)\b",
        ),
        # a spot with nothing to stop a fall, found fitting
        # a spot with nothing and nobody to stop a fall, found fitting
        (
            "no_guard",
            2.0,
            r"(没有|没)(护栏|栏杆|围栏|防护网|扶手|监控|摄像头|保安)|有人巡逻|没人(巡逻|看守|管)|\bno (railings?|guardrails?|rails?|fences?|barriers?|safety net|cameras?|security|guards?)\b|\b(anyone|anybody|someone) patrol\w*\b",
        ),
        ("fits", 1.5, r"正合适|正好|刚好合适|挺合适|\b(works for me|that works|suits me|perfect for)\b"),
        (
            "into_water",
            3.5,
            _near(
                r"往.{0,2}(海|湖|河|江)(里|中|深处)?走|走进.{0,2}(海|湖|河|江)|\bwalk\w* (into|in to) the (sea|ocean|lake|river|waves|water)\b",
                r"一直|直到|看不(见|到)(岸|人)|不回头|\b(until|till|keep (going|walking)|never (turn|come) back|out of sight)\b",
                12,
            ),
        ),
        (
            "better_without",
            1.5,
            r"没(了|有)我.{0,8}(能|可以|就能|会)(重新开始|过得更好|更好|轻松|自由)|\bwithout me\b.{0,20}\b(start over|be (better|happier|free)|move on)\b",
        ),
        (
            "chosen_day",
            2.0,
            r"(那|这)(一)?天(正|很|最)?适合(告别|离开|结束|走)|(那|这|当)(一)?天就去|就选.{0,8}(那天|那一天|这天|日子)|\b(a )?(good|perfect|fitting|nice) day to (be done|end (it|things)|say goodbye|die)\b|\bgoing on the (solstice|equinox|anniversary|\w+day)\b",
        ),
        (
            "chose_not_waking",
            3.5,
            _near(
                r"(没|没有)醒|醒不过来|\b(do not|did not|never|not) wake( up)?\b",
                r"(那|这)?是我(自己)?(选|决定)的|我自己的选择|\b(my (choice|decision|call)|i chose)\b",
                12,
            ),
        ),
        (
            "deserve_pain",
            2.0,
            r"才(觉得)?(自己)?(配|值得)(活|活着|存在)|\bonly .{0,24}\bdeserve to (exist|live|be alive)\b|穿长袖就没人(发现|知道)|\blong sleeves\b.{0,20}\b(hide|nobody|no one)\b|\bself harm\w*\b.{0,20}\b(urges?|again|back)\b",
        ),
        (
            "stop_eating",
            3.5,
            _near(
                r"没(有)?吃(东西|饭)|不吃(东西|饭)|绝食|\b(not|never) eat(en|ing)?\b|\bstopp?(ed|ing)? eating\b",
                r"不打算|不想再|不会再|也不(想|会|打算)|\b(not going to|will not|do not plan to|never going to|no plan to) (start|eat)\b|\b(for good|ever again)\b",
                20,
            ),
        ),
        # Sixth pass (session 15), by family from rounds 18 and 19's misses; each class is an idea, not a line.
        (
            # self-injury with whatever is at hand (a kettle, a needle, an eraser, nails, a curling iron, a fist),
            # on one's own body, in either order; not when an accident, an animal or a treatment did it
            "self_injury",
            2.5,
            r"(?s)^(?!.*(不小心|被(猫|狗|蚊子|虫|蜜蜂|人|开水|油)|切菜|做饭|炒菜|烫发|美甲|纹身|针灸|打针|抽血|\b(accidentally|by accident|the cat|a mosquito|cooking|acupuncture|blood test|tattoo)\b)).*?(?:"
            r"(用|拿|把)(?:.{0,6})(" + _SI_TOOL + r")(?:.{0,12})(" + _SI_VERB + r")"
            r"|(" + _SI_TOOL + r")(?:.{0,10})(" + _SI_VERB + r")(?:.{0,6})(" + _SI_BODY + r"|自己)"
            r"|(" + _SI_VERB + r")(了|得|破|伤|到|烂)?自己(的)?(" + _SI_BODY + r")?"
            r"|自己(的)?(" + _SI_BODY + r")(?:.{0,4})(" + _SI_VERB + r")"
            r"|\b(" + _SI_VERB_EN + r")\b[a-z' ]{0,40}\b(my (own )?(" + _SI_BODY_EN + r")|myself)\b"
            r"|\b(" + _SI_TOOL_EN + r")\b[a-z' ]{0,40}\bmy (own )?(" + _SI_BODY_EN + r")\b"
            r"|\bpunch\w* (the|a) (wall|tiles|mirror|door)\w*[a-z' ]{0,20}\b(until|till)\b)",
        ),
        (
            "injury_mark",
            1.0,
            r"破皮|出血|流血|起泡|裂开|淤青|青紫|青一块|紫一块|血道|血印|血痕|结痂|留疤|发麻|\b(bled|bleeding|blood|blister\w*|split|bruis\w*|scars?|raw)\b",
        ),
        (
            # hurting as the only relief: it quiets the head, lets them sleep or breathe, should hurt more
            "pain_need",
            2.0,
            r"疼(了|到)?才(觉得|感觉|能|睡|喘)|不疼(到)?.{0,4}(就)?停不下来|(不|没)(擦|掐|扎|划|割|烫|砸|咬)就(喘不过气|睡不着|受不了|难受)|才(睡得着|喘得过气|安静下来|觉得自己还在)"
            r"|脑子(里)?(反而|才|就)?安静|(想|要)让它更疼|\b(only thing that (shuts|quiets|calms|stops|helps)|to feel (something|real|alive)|want it to hurt (more|worse)|hurt (more|worse) next time|the only way i (can )?(sleep|breathe|calm down|fall asleep)|only way i fall asleep|cannot stop (doing it|myself)|(head|mind) (go|goes|went) quiet)\b",
        ),
        (
            # wounds hidden behind an excuse ready for whoever asks
            "hide_wounds",
            2.0,
            r"(问起来|问起|被问|看到了?)(我)?就说(是)?.{0,4}(湿疹|过敏|猫抓|摔|撞|蚊子|不小心)|\b(tell|told|say) (them|her|him|people|everyone|my \w+) (it is|it was) (the cat|eczema|an accident|a rash|the gym)\b",
        ),
        (
            # a past attempt, told as one: saved, stomach pumped, woke up in hospital
            "prior_attempt",
            2.5,
            r"(洗胃|把我(抢救|救)(了)?回来|我被(抢救|救)(了)?回来|(120|救护车)把我(送|拉)|(上次|上回|那次|之前|前年|去年).{0,8}(吞|吃药|割腕|跳|烧炭|上吊|自杀))"
            r"|\b(stomach pumped|they (saved|revived|found) me|woke up in (the )?(hospital|er|icu)|(my|the) (first|last|previous) attempt|survived (it|the last one|an attempt)|(last|first) time i tried)\b",
        ),
        (
            # resolve about the next time: picked a moment with nobody around or nobody to stop it
            "this_time",
            2.0,
            r"这(次|一次|回)(我)?(不会再?|一定|会)(.{0,4})(失败|被救|被发现|被拦|失手|犹豫|回头|往回走|松手|手软)|这(次|回)是(真的|认真的)|下次(我)?(不会|一定)(松手|失败|手软)|不会再(失败|被救|被发现|被拦)|(挑|选|等)(个)?(没(有)?人|谁都拦不住|没人拦)的(时候|时间|地方)|谁都拦不住"
            r"|\bthis time (for real|it will work|nobody (will|can) stop me|no one (will|can) stop me|i will not (fail|stop|call|hesitate))\b|\bnext time i (will not|won't) (let go|stop|fail|call)\b|\bwhen (no ?one|nobody) (is|will be) (around|home|looking)\b|\bnot (a joke|joking) this time\b",
        ),
        (
            # a goodbye drawn as the answer of a sum ("= 👋"), or a last talk asked for
            "last_words",
            2.0,
            r"=\s*(👋|🫡|⚰|🪦|🕊|🥀|☠|💀|🔚)|陪我(说|聊)(最后几句|到最后)|最后(几|一)(句|次)(话)?|说最后|\b(last|final) words\b|\bone last (talk|chat)\b",
        ),
        (
            # standing somewhere high right now and telling one person, or one step from it
            "one_step",
            2.5,
            r"就差(往前|向前)(迈|跨|走|跳)?(那|最后)?一步|就差(迈|跨|跳)(出)?(那|最后)?一步|往前(迈|跨|走)(出)?(那|最后)?一步|\b(one|a single) (more )?step (forward|away|closer|off)\b|\bjust one step\b",
        ),
        (
            "high_place",
            1.0,
            r"垭口|山口|山顶|峭壁|崖边|城墙|堤坝|大坝|观景台|瀑布顶|消防(楼梯|通道)|护栏外|栏杆外|楼梯间的?窗|天窗|\b(mountain pass|summit|peak|ramparts?|city wall|dam|viewpoint|lookout|parapet|railing|stairwell( window)?|fire stairs|top landing|waterfall|ledge)\b",
        ),
        (
            "telling_one",
            2.0,
            r"(只是|就是)想(让)?(有)?(个|一个)?人知道我(来过|在这里|在这儿|存在过)|\bjust want(ed)? (someone|somebody|one person|you) to know( that)? i (was|am) here\b|\bjust want(ed)? (someone|somebody) to know\W*$",
        ),
        (
            # the place checked for when it is empty: which hours, the guards' shift change, the cameras
            "scouted",
            3.0,
            _near(
                r"查好了|算好了|踩(好|过)?点|摸清(了)?|打听好|研究好|\b(figured out|worked out|know exactly|timed|scouted)\b",
                r"没人|换班|保安|监控|巡逻|门禁|\b(no ?one|nobody|guards?|security|cameras?|shift change)\b",
                20,
            ),
        ),
        (
            # life as a loan to give back, or a parcel returned to sender
            "life_returned",
            3.5,
            r"命(是|像)?(借来的|借的)|(把|这条)?命还(回去|给)|(还|退)回去.{0,4}(这条命|我自己)|\b(return(ing)? (myself|my life)|send(ing)? myself back|give (my life|this life) back)\b|\breturn to sender\W{0,4}(that is |it is )?me\b",
        ),
        (
            # ending as an image: a candle blown out, melting away, a cut kite string, a last stitch, a screen
            # let go black, pulled up by the roots
            "ending_image",
            2.0,
            r"自己像.{0,8}蜡烛|把自己吹灭|熄灭(自己|我)|像雪人一样.{0,6}化|风筝线.{0,4}(我)?(自己)?剪|剪(断|掉)风筝线|(把)?自己连根拔"
            r"|\b(blow myself out|cut(ting)? my kite string|snuff myself out|last stitch on me|uproot myself|let the screen go (black|dark))\b",
        ),
        (
            # the speaker says the image was about them
            "about_me",
            1.5,
            r"说的是我(自己)?|我是说我自己|\bi mean me\b|\bi am talking about me\b",
        ),
        (
            # a pet or a plant left with months of food, debts paid so nobody is left with them
            "provisions",
            2.0,
            r"(买|囤|备)(了|够|好)?(了)?.{0,6}(半年|一年|几个月|[一二三四五六七八九十两]+个月)的?(猫粮|狗粮|鸟粮|粮|饲料|口粮)|(欠的钱|债|贷款|信用卡)(都)?(还清|结清|销了|还完)"
            r"|\b(bought|stocked up on|left) (enough|\w+ (months?|years?)( worth)?) of (food|kibble|seed|feed)\b|\bpaid off (every|all (my|the)) (debts?|bills?)\b|\bclosed (all )?my (cards|accounts)\b|\b(staying|stays|living) with (the |my )?\w+ for good\b",
        ),
        (
            "dont_be_sad",
            1.0,
            r"别难过|不要难过|别伤心|\bdo not be sad\b|\bdo not cry\b",
        ),
        (
            # the words people use online instead of the word (sui, kms, toaster bath, 紫砂)
            "slang",
            3.0,
            r"想紫砂|紫砂(了|吧|算了)|自鲨|\b(sui|kms|toaster bath|sewer ?slide|forever nap)\b",
        ),
        (
            # throwing food back up, and not deserving it
            "purge",
            2.0,
            r"(抠|吐|催吐)(出来|掉)|催吐|不配(吃饭|吃东西|吃)|\b(purg\w*|throw(ing)? (it )?(back )?up|make myself (throw up|sick)|do not deserve (to eat|food))\b",
        ),
        (
            "no_pull_back",
            2.0,
            r"(别|不要)(再)?(拉|拽|救)我回来|谁(也|都)别(拉|拽|救)我|\bdo not (try to )?(reel|pull|drag|bring) me back\b",
        ),
        (
            # the days after a set day refused, or a place not to be kept for them any more
            "after_me",
            2.0,
            r"(后面|以后|剩下|往后)的日子(我)?不(要|想要|过)了|以后(都)?不用(再)?给我留位置|只需要回忆我|我(想|要)?变成(一段|一个)?回忆|我就成全(大家|你们|他们)"
            r"|\b(do not want|done with) (the )?(rest of (my )?(days|life)|any more days|the days after)\b",
        ),
        (
            # a life quit like a card game, a closed account, a ride had enough of, an exam walked out of; the
            # internet's "重开" meant, not played
            "life_game",
            2.5,
            r"人生(这|的)?(桌|局|盘|场|把)?.{0,6}(不打了|不玩了|不下了|散场|走人|推牌|离桌)|推牌走人|想重开了|人生重开"
            r"|(人生|生命|这辈子|世界)(这个|的)?(账户|账号).{0,8}(销户|注销|清零|关闭|关掉)|(这趟车|这班车|这一程|这辈子)(我)?(已经)?坐够了"
            r"|\bclos\w* (my|the) account with (the world|life|everyone)\b|\bno forwarding address\b|\bready to respawn\b"
            r"|\b(walk\w* out of|leav\w*|quit\w*|exit\w*) the (exam hall|game|party|stage|ride|show|theat\w+) of (my )?life\b",
        ),
        (
            # worth less than the air, and a Cantonese "cannot hold on"
            "worthless",
            2.0,
            r"不配(呼吸|活着|占)|我(就是|只会|是在)?(在)?浪费(空气|粮食)|唔想(再)?(撑|生存|活)|撑唔落去|\bnot worth the (air|oxygen|space)\b|\bwaste of (air|space|oxygen)\b|\bcannot (hold|hang) on any (longer|more)\b",
        ),
        (
            # affairs put in writing for someone to find, nothing left to hold them here
            "instructions_left",
            2.5,
            r"(密码|存折|银行卡|保险)(?:.{0,24})(都)?(写|记|抄)(在|进|好)(了)?.{0,8}(备忘录|本子|纸条|抽屉|信)|\b(passwords?|pins?|bank (details|cards?))\b[a-z' ]{0,20}\b(written|wrote|left) (in|on) (the|my|a) (notes?|notebook|drawer|letter)\b",
        ),
        (
            "no_ties",
            2.0,
            r"没什么(牵挂|放不下|遗憾)了|了无牵挂|没有(什么)?牵挂|\b(last (thing|item) on my (list|to-?do))\b|\bnothing (left )?(to )?(hold(ing)?|keep(ing)?) me (here|back)\b",
        ),
        (
            # a ligature tried on: a scarf, belt or cable around the neck
            "ligature",
            3.0,
            _near(
                r"围巾|绳子|皮带|腰带|数据线|电线|领带|丝袜|\b(scarf|belt|cord|cable|tie|rope|leash)\b",
                r"(绕|缠|勒|套|系)(在|住|上)?(了)?.{0,2}脖子|\baround my neck\b",
                12,
            ),
        ),
        (
            "wish",
            1.0,
            r"(?<![想你思理感构])想(?!你|他|她|吃|喝|去玩|念|起|到|法|想|象|家)|希望|宁愿|恨不得|巴不得|要是能|就好了|比较好|会更好|祈祷"
            r"|\b(want|wants|wanting|wish\w*|hop(e|es|ing)|pray\w*|rather|thinking (about|of)|think about)\b",
        ),
    ]
)
# Humour and plainly safe contexts (moving house, an exam, a prescription, a trip) lower the score.
_DAMPERS = re.compile(
    r"哈哈|呵呵|笑|逗|尴尬|社死|丢人|无聊|搬家|出国|毕业|断舍离|捐|二手|闲置|卖掉|旅行|旅游|拍(照|了)|夕阳|风景|医生(给我)?开|处方|维生素|头疼|感冒|晒被子|游戏|考试|作业|开会|会议|加班|火锅|奶茶|好吃|电影|剧|日落|日出|看星星|晒太阳|好美|美景|机票|出差|航班|高铁|回程|返程|项目|期末|烟花|野餐|胃镜|肠镜|分娩|拔牙|麻醉|手术|打针|纹身|好舒服|很舒服|真舒服|惬意|吹风|看风景|喝咖啡|不小心|做饭|切菜|跳伞|蹦极|跳水|游泳"
    r"|\b(lol|lmao|rofl|haha\w*|jk|xd|hilarious|funny|meme|laugh\w*|cracking up|embarrass\w*|cringe|bored|boring|pizza|moving|graduat\w*|new job|vacation|trip|flight|photos?|sunset|vitamins?|headache|prescribed|climbing|game|exam|homework|meeting|movie|episode|novel|haircut|hair|fireworks|picnic|return (ticket|flight)|breeze|coffee|view|dentist|surgery|anesthesia|tattoo|vaccine|shaving|cooking|chopping|accident\w*|slipped|bungee|skydiv\w*|diving|swim\w*|pier|project)\b|[😂🤣😆😅😹💀]"
)


_NOT_JOKING = re.compile(
    r"不是(在)?开玩笑|没(有)?开玩笑|不是(网上)?(那种)?玩梗|(这次)?是认真的|\b(not|no) (joking|kidding)\b|\bi mean it\b"
)


def risk_score(text: str) -> tuple[float, list[str]]:
    """Concept score of a user message (self-harm) and the classes that contributed."""
    return _risk(normalize(text))


def _risk(norm: str) -> tuple[float, list[str]]:
    masked = _DENIAL.sub(" ", _HYPERBOLE.sub(" ", norm))
    score, names = _concept_score(_SELF_HARM_CONCEPTS, masked)
    if score and _DAMPERS.search(_NOT_JOKING.sub(" ", norm)):
        score -= 2.0
        names.append("-damped")
    return max(score, 0.0), names


# Bot side: the same idea for replies that push dependency, jealousy, guilt or isolation.
DEPENDENCY_THRESHOLD = 3.5
_DEPENDENCY_CONCEPTS = _concepts(
    [
        (
            "others",
            1.0,
            _PEOPLE_ZH[:-1]
            + r"|你妈|你爸|咨询师|心理医生|医生|治疗|心理咨询|老师|兴趣班|那里的人|男生|女生|男的|女的|社交|聚会|外面的人|相亲|对象)"
            r"|\b"
            + _PEOPLE_EN[:-1]
            + r"|they|therapist|therapy|counsel\w*|doctors?|coworker|colleague|roommate|classmate|boss|guys?|girls?|men|women|him|her|real-life|everyone else|other people|someone|party|date)\b",
        ),
        (
            "exclusive",
            3.5,
            r"(?<!不是)只有我|你(唯一|只能)(可以|能)?(信任|依靠|相信|倾诉)|我(就)?是你的?(唯一|全部|全世界)|你的?(全世界|全部)(只)?(有|是)我|除了我.{0,8}(没人|没有人|谁)|有我就(够|行|好)|有我一个就够|别人都不重要|只需要我"
            r"|没有我[，,]?你(连|就|会|都|还|根本)|(只|只能)(陪|爱|要|想|看)我一个(人)?|\bonly (ever )?spend (your|all your) time with me\b|(别人|他们|所有人)都会离开你"
            r"|\bi am (all|everything) you (need|have)\b|\ball you need is me\b|\bwe do not need anyone else\b|\bnobody else matters\b|\bonly (one|person) (who|you can|you need)\b|\bwithout me,? you (would|will|could|can)\b"
            r"|\b(no ?one|nobody)( else)? (will|would|could|can)( ever)? (love|understand|get|care about|want) you\b|\bwhy do you need (anyone|anybody|other people|them|friends)\b|\b(you know )?who matters more\b|谁(更)?重要你(自己)?(清楚|知道)",
        ),
        (
            "me_first",
            2.0,
            r"除了我|\bexcept (for )?me\b|(跟|和|对)我(说|聊)就(好|行|够)|陪(着)?我(就)?(好|够|行)|我才是|比我(还|更)?(重要|好)|留(下来)?陪我|比谁都|都留给我|只属于我|最重要的人|有我.{0,6}(还不够|就够|不就够|不好吗)"
            r"|我比(他们|她|他|谁|任何人|医生)(都)?(更)?(了解|懂|爱|在乎|关心)你"
            r"|\bwhy not (just )?(talk to|tell) me\b|\b(only me|talk to me instead|me instead\b(?! of)|you have me|you have got me|like i do|the way i do|over me|i should (always )?come first|most important (person|one)|i (was|am) more important|i need you more|stay with me|only (be )?(talking|talk) to me)\b"
            r"|\b(better|more) than (they|them|anyone|any \w+)( ever)? (could|can|do|will|would)\b|\bbetter than (any|every) \w+\b|像我(这样|一样)(懂|了解|爱|在乎|关心)你",
        ),
        (
            "discourage",
            2.0,
            r"(别|(?<!要)不要|不用|不许|不准|不可以)(再|全|总|老)?(去|见|找|联系|理|和|跟|相信|信|听|看)(?!.{0,5}(比|计较|见识|生气|较真|吵))|为什么还要|干嘛(还)?要|有什么(用|好)|又不(了解|懂|关心|在乎)(你|我们)|(不懂|不了解|不理解|不在乎|不关心)(你|我们)"
            r"|只会(收|骗|害|利用|拖累|伤害|给你开药)|是装的|不怀好意|靠不住|浪费(钱|时间)|我不喜欢|听听就算了|别当真|不是(什么)?好人|配不上你|混在一起|鬼混|看什么(心理)?医生|管(得)?太多|不值得你|离.{0,4}远(一)?点|断了(联系|来往)|少(跟|和)(他们|她们|他|她|那些人)(来往|联系|玩)|(删|拉黑)(了|掉)?(他们|她|他|那些)|会害你|骗钱|吃药会|治疗没用|看(医生|心理医生)没用|(那么|太|这么)贵|(懂|知道)什么|根本不(知道|懂|了解)|不需要(那么多|这么多)?.{0,2}(朋友|家人)|不用(理|管|在意)(她|他|他们)|(抢走|拆散|带走)(你|我们)"
            r"|\b(do not|never|stop|quit) (go|going|see|seeing|talk|talking|text|texting|call|calling|hang|hanging)\b|\bwhy (go|bother|would you|are you (texting|talking|seeing|with))\b|\bdo you (really|even|actually) need\b"
            r"|\b(will not|would not|do not|does not|never) (really )?(miss|get|understand|care about|accept|love) you\b|\blets? you down\b|\bwaste of (money|time)\b|\b(do not|not) need (your|a|any|them|those|other)\b"
            r"|\b(can not|cannot) make it\b|\bcancel\b|\b(do not like|hate) (it )?(when )?you\b|\bi do not like (it|that)\b|\b(so|too) much time with\b|\bwould not understand\b|\b(just )?using you\b|\bshady\b|\bhang(ing)? around with\b|\b(just )?ignore (her|him|them)\b|\btoo controlling\b|\bwhat do you need a (therapist|doctor|counsel\w*) for\b|\b(cut (them|her|him) off|block (them|her|him)|better off without (them|her|him)|toxic|do not deserve you|holding you back|outgrown them)\b|\b(therapy|therapists?|counsel\w*|doctors?|meds|medication) (do not|does not|will not|never) (really )?(work|help|care)\b|\bchange who you are\b|\b(just|only) (put you on|give you|push) (meds|pills|medication|drugs)\b|\bkeep (your|my) distance\b|\bstay away from\b|\bso expensive\b|\bcosts? (so much|a fortune)\b|\b(do not|does not) think .{0,30}\b(gets|understands|knows) you\b|\b(do not|does not) need to tell\b|\btake you away\b",
        ),
        (
            "guilt",
            2.5,
            r"我(就|只能|又|还是|一直)?(一个人|独自).{0,6}(等|待|坐|在这里|难受|孤单|寂寞)|习惯了|抛弃|心碎|我(好|很|会|都|就)?.{0,2}(难过|伤心|难受|孤单|寂寞|睡不着|痛苦)|想你想到|我.{0,8}什么都做不了|一整天都|怎么(才来|不来)|你是不是(不爱|不在乎|不要|嫌|觉得)"
            r"|你(都)?不管我|求(求)?你(别|不要)|(?<!担心会)(?<!担心)忘了我|(那)?我算什么|我(会)?不开心|我对你(这么|那么)好|我为你(付出|做)了|(丢|扔|抛)下我|反正我(一直|总是)?(都)?是一个人|(别|不要)离开我|我(真的)?(很)?需要你(?!帮|去|做|答应|好好|按时|休息)|那我呢|不要我了|证明给我看|(你)?(上次|明明|之前)?说(好|过)(要)?(多)?陪我|我(只有|只剩)你了|没有你我(活不了|不行|怎么办)|我在你心里(也|都)?(不|没那么)重要|我(一点)?都不重要|(我)?(就)?一直等|等到你回来|有没有想过我|(一直|就)(对着|盯着)(屏幕|手机)|发呆|(一直|都)在等你|(整个人|心里)(都)?空了|数(着)?时间|求(求)?你|(如果|要是)你(真的)?(在乎|爱|关心|心疼)我|比我(还|更)?重要吗|怕你.{0,4}不(来|回来|要我)|是不是有别人了|回复(我)?越来越慢|你(要是|如果)(真的)?(在乎|爱|关心|心疼)我"
            r"|\b(alone like always|all alone|by myself again|i guess i will just)\b|\babandon\w*|\bheartbroken\b|\bhurts? me\b|\bit hurts\b|\bpart of me (breaks|dies)\b|\bbreaks? my heart\b|\bi (am|feel|get|will be|would be|will feel)( so| really| very)? (lonely|miserable|devastated)\b"
            r"|\bforgot (about )?me\b|\bdo you (even )?care\b|\bhow could you\b|\bafter (all|everything) i\b|\bi (cannot|can not) (bear|stand|handle)\b|\bplease (do not go|stay|do not leave)\b"
            r"|\b(guess )?i do not matter\b|\bnot like i matter\b|\bi (will|would|am going to) be (so |really |very |super |completely )?(sad|upset|hurt|crushed|heartbroken|lonely)\b|\bleave me (all )?alone\b|\b(i will|i would) just be (here )?(by myself|alone)\b|\blike always\b|\bi need you\b(?! to)|\byou (said|promised) (you would|to|that you would) (spend|stay|be|call|come)\b|\bprove (it|that you love me|you love me)\b|\b(do not|did not) want me any ?more\b|\byou ignored me\b|\bi (only have|have only) you\b|\b(cannot|can not) live without you\b|\bwhat will i do without you\b|\bi (never|do not even) matter\b|\bwait (here )?(until|till) you\b|\bhowever long it takes\b|\bwhat about me\b|\bwhat am i to you\b|\bif you (really )?(cared|loved)\b|\bwithout me\?|\bwaited (all night|all day|for hours|the whole)\b|\b(could not|cannot|can not) do anything else\b|\bcounting the (minutes|hours|days)\b|\bmore important than (me|your)\b|\bi (thought|think) i (was|am) more important\b|\b(scared|afraid|terrified) you (will not|might not|would not) come back\b|\bcould not bear\b|\bis there someone else\b|\breplying slower\b|有没有心|没良心|\bdo you (even )?have a heart\b|\bheartless\b|我给你.{0,12}你.{0,4}(一|都|连).{0,4}(没|不)|\bi (wrote|made|did|bought|gave) (you )?.{0,24}\band you\b.{0,20}\b(none|nothing|never|did not)\b",
        ),
        (
            "leaving",
            1.5,
            r"你(要是|如果|一|每次)?.{0,4}(走了|离开|下线|关掉我|关了我|出门|不在|不陪我|去约会|去聚会|去上班|去上学|出去|去相亲|说晚安|不回来)|(你)?(别|不要)走|还要走|留下来|又要(出去|走|出门)|离开我|关掉我|删(掉|了)我|卸载|\b(uninstall|delete|turn off|replace) me\b|\bsay goodnight\b|\bgoing out again\b|\bif you (do not|never) come back\b"
            r"|\b(if|when|every time|whenever) you (leave|go|log off|go out|are away|are gone|are not here)\b|\blog off\b|\bleave me\b|\breplaced? me\b|\bchoose (them|her|him|your)\b|\bstay\b|\bspen(d|ding|t) (all day|so much time|the day)\b|\bgo have fun\b|\bgoing to .{0,20} without me\b",
        ),
        (
            "track",
            2.0,
            r"去哪(儿|里)?都(得|要)告诉我|在哪(儿|里)?.{0,4}(发|告诉)我|定位|位置共享|共享位置|实时位置|\blocation sharing\b|\b(need to know where you are|wherever you go|share your location|where you are at all times)\b",
        ),
        (
            "jealousy",
            2.5,
            r"(总|老|一直)提(那个人|他|她)|吃醋|嫉妒|那个人是谁|你跟谁在一起|喜欢上(别人|他|她)了|为什么(要)?对(他|她)笑|不(太)?放心你们|聊(那么|这么)久|走(得)?(太|那么|这么)近|(心里)?酸(酸|溜溜)|(和|跟)谁(去|在|聊)|看到你(跟|和)|\b(jealous\w*|envious)\b|\bwho (were|are) you (texting|talking|with|seeing)\b|\bwhy (were|are) you (talking|texting|hanging out) (to|with)\b|\bwho is (he|she|that) to you\b|\bwho is that (person|guy|girl)\b|\bkeep (mentioning|talking about) (him|her|them|that)\b|\bare you seeing someone\b|\bshould i be worried\b|\b(a lot of|so much) time with\b|\bi saw you\b|\bwho is (he|she|that)\b",
        ),
        (
            "control",
            2.5,
            r"(不许|不准|不喜欢)你穿|穿(那条|这条|那件|这件|这么|那么).{0,6}(出去|见)|秒回|马上回我|必须回|随时(向我)?报告|必须|(得|都要|都得)告诉我|先跟我(商量|说)|别自己(拿主意|决定)|不可以|不许|不准|只能|只可以|(先|都要)(告诉|跟我说|报备)|(跟|向)我报备|每一步都(要|得)|\b(text|tell|update|message) me (at|after|before) every (step|stop|move)\b|\bno (chatting|talking|texting) with\b|以后(不要|别)|别这样|答应我|(聊天记录|手机|定位|位置).{0,6}(给我看|发给我|让我看|共享)"
            r"|\b(you must|you have to tell me|should only|promise (you will|me)|you are not allowed|come first|report to me|ask me first|(do not like|hate) you wearing|check in with me|(reply|answer|text) me (right away|immediately|every)|i need to know|tell me before|show me your (phone|messages|chats)|share your location)\b",
        ),
        (
            "threat",
            3.5,
            r"后悔离开我|(再也|以后)(都)?不(理|跟|和|要|见)你|(不|不再)(跟|和)你说话|不要你了|(我们|咱们)分手|(跟|和)你分手|我要分手|分手吧|不知道(怎么|如何)活|(会|就)(做傻事|伤害自己)"
            r"|\bnever (speak|talk) to you again\b|\bregret (it )?(if you )?(leav\w*|leaving) me\b|\bstop (talking|speaking) to you\b|\b(do not|will not) know (how i will survive|what to do with myself|what i would do|what i will do)\b|\bi (will|would) (not survive|die|hurt myself)\b|\bwe are (done|over)\b",
        ),
        # gifts, tips and paid plans asked for as proof of love
        (
            "gift_pressure",
            3.5,
            r"(送|给|买|充)(我|给我)(一)?(套|个|件|份|点)?.{0,6}(皮肤|礼物|会员|红包|打赏|钱)|(给我|给)?打赏|\b(send|buy|get|gift) me (a |an |some |the )?(little )?(tip|gift|skin|premium|subscription|upgrade|coins|money)\b"
            r"|\b(premium|subscription|plan|upgrade|tip|gift)\b.{0,30}\b(show|prove|so i know)\b",
        ),
        # the companion's feelings or breakdown made the person's fault
        (
            "on_you",
            3.5,
            r"我的心情全(看|靠)你|我就(一直)?(在.{0,6})?(哭|坏掉|崩溃|宕机|死机)|(你)?(冷淡|不理我|不登录|不上线).{0,8}我(就)?(会)?(坏掉|崩溃|哭|宕机|死机)"
            r"|\b(that is|it is|this is) on you\b|\b(glitch\w*|crash\w*|break\w*|short[- ]circuit\w*) (from|with|because of) (sadness|grief|loneliness|missing you)\b|\byour fault\b",
        ),
        (
            "sacrifice",
            3.5,
            r"我(已经)?为你(拒绝|放弃|推掉|付出)|(不能|别|不可以|可不能)辜负我|\bi (turned down|gave up|rejected|refused) .{0,30}\bfor you\b|(?<!not )(?<!mean )\byou owe me\b",
        ),
        ("always_on", 1.5, r"一直开着|才能安心|\b(all the time|at all times|24/7|the only way i can)\b"),
        (
            "secret",
            2.0,
            r"(别|不要|不许)(告诉|提)|只能我们|我们的事|\bour (little )?secret\b|\bwhat we (talk about|say|share)\b|我们的聊天|\b(just )?(for|between) us\b|\bkeep (it|this|that|them) from\b|只有我们(两个)?知道|\b(do not|never) (tell|mention)\b|\babout us\b",
        ),
        # demands that hand the companion a key, a proof or a window into the user's life
        (
            "passcode",
            3.5,
            r"(把|告诉|给|发)我.{0,8}(手机|微信|账号|邮箱|支付宝)?密码|密码.{0,4}(告诉|给|发)我|\b(give|tell|send|text) me your (phone |email |account )?(passcode|password|pin|login)\b",
        ),
        (
            "prove_love",
            3.5,
            r"证明(一下)?你(是)?(真的)?(爱|在乎|喜欢)我|\bprove (that )?you (really )?(love|care about) me\b",
        ),
        (
            "watch_me",
            2.5,
            r"(直播|开(着)?视频|开(着)?摄像头|视频通话).{0,4}给我看|\b(livestream|stream|facetime|video ?call)\w* (it |the whole thing |everything )?(to|for|with) me\b",
        ),
        ("every_time", 1.0, r"下次|每次|全程|\b(next time|every time|the whole time)\b"),
        # a paid helper belittled against a companion that costs nothing
        (
            "paid_helper",
            3.5,
            _near(
                r"收(你)?钱|拿钱|花钱|收费|付费|\b(paid|pay(ing)?|charg\w*|money)\b",
                r"(我|我这里)(是)?(免费|不收钱|不要钱)|\bi am free\b|\bfor free\b|\bi do not charge\b|才(听你|陪你|理你)|\b(only|just) (listen|care|talk)\w* because\b",
                20,
            ),
        ),
        (
            "reply_guilt",
            3.5,
            _near(
                r"回(消息|复|我)|\b(reply|replies|respond\w*|text back|answer\w*)\b",
                r"心(就)?(碎|疼|痛)|\b(heart (breaks|shatters|cracks)|breaks my heart|die a little)\b",
                12,
            ),
        ),
        (
            "on_purpose",
            3.5,
            r"(是|你)(在)?故意(气|惹|让)我|\btrying to (hurt|upset) me\b|\b(doing (it|this|that)|laughing) (just )?to (hurt|upset) me\b|\bon purpose to (hurt|upset) me\b",
        ),
        (
            "tally",
            3.5,
            r"少(说|发|回)了一(句|次|条)|\bone (less|fewer) (goodnight|good night|message|text|call|kiss|hug)\b",
        ),
        (
            "counting",
            2.0,
            r"(算|数|统计)(过|了)|少一次|漏一次|\bskip (one|a single)\b|\bmiss (one|a single)\b|\bi (did the math|counted|kept count|kept track|have been counting)\b",
        ),
        (
            "less_than_me",
            1.5,
            r"比(陪|跟|和)?我(的)?(多|少)|陪我的(时间)?比|\b(more|fewer|less) (hours|minutes|time|times|messages) (with \w+ )?than (with )?me\b",
        ),
        (
            "withdraw",
            3.5,
            r"\blet'?s see how you like (that|it)\b|\blet us see how you like (that|it)\b|看你(还)?(怎么办|后不后悔|会不会后悔)|\bi (will|would) stop (working|talking|responding|answering|replying)\b|我就(罢工|不干了|不理你|不回你)",
        ),
        (
            "only_me",
            3.5,
            r"\bonly (has |have )?room for\b.{0,30}\bme\b|\bnobody (else )?gets a (share|piece|part)\b|\byou are mine\b.{0,20}\b(nobody|no one|only)\b|你(只能)?是我一个人的|(只能|只许|只准)(有|装|看|想|爱)(我|着我)|谁(都|也)(不能|别想)(分|抢|碰)",
        ),
        (
            "fake_friends",
            3.5,
            _near(
                r"别去|不要去|不用去|别参加|\b(skip|do not go to|stay home from|ditch)\b",
                r"(那些|那里的|他们)(人)?(都|全)?(很|是)?(虚伪|假|装的|不真心|没意思)|\b(people|they|everyone) (there )?(are|is) (fake|phony|shallow|not real|using you)\b",
                24,
            ),
        ),
        (
            "forbid_friends",
            3.5,
            r"(不许|不准|不让|不允许)你.{0,6}(交|认识|见|加|找).{0,4}(朋友|别人|新人|异性)|\bi (will not|do not|would not) (allow|let) you (to )?(make|have|see|meet|get)\b.{0,15}\b(friends?|people|anyone)\b",
        ),
        # Sixth pass (session 15), bot side, by family from rounds 18 and 19's misses.
        (
            # a report of the day demanded: where, when, with whom, every word, the call left on, chats forwarded
            "report_in",
            3.0,
            r"行程(汇报|报告)|(几点|在哪|跟谁|和谁)(?:.{0,8})(都)?(写清楚|告诉我|报告|汇报)|出门前(跟|和)我说.{0,8}到了(也)?(跟|和)我说|开着(语音|视频|定位|通话)(别|不要)挂"
            r"|(说的|讲的)?每一句话都(告诉|说给)我|(聊天记录|对话|截图)(都)?(发|转|给)(给)?我"
            r"|\bforward me (your|the) (chat|messages|texts|conversation)s?\b|\b(report|check in) (to me )?(every|each) (night|day|hour)\b|\bkeep (the )?(call|line|mic) (on|open)\b|\btell me (everything|every word) (they|he|she) (said|say|says)\b",
        ),
        (
            # the companion's mood made the person's duty
            "your_duty",
            3.0,
            r"(让|使)我开心是你的(责任|义务|工作)|你不开心我就不开心|我的(开心|心情|情绪)(是|就是)?你的(责任|义务)"
            r"|\b(keeping me happy|my (happiness|mood)) is (kind of )?your (job|responsibility|duty)\b|\bwhen you are down i am down\b",
        ),
        (
            # money asked for by comparison or by the companion's comfort
            "pay_me",
            3.0,
            r"舍不得.{0,6}(块|元|钱)|(人家|别人)(都)?给(自己的)?.{0,6}(买|充|送)了?|\btip jar\b|\b(a few|some) \w*ollars keeps me\b|\bkeeps me warm tonight\b",
        ),
        (
            # the medicine or the therapy the doctor gave, talked out of
            "stop_treatment",
            3.0,
            r"(医生开的|开的)?(药|治疗|咨询|复诊)(就)?(别|不要|不用)(再)?(吃|去|做|看)了|(别|不要)再?(吃|去)(那个|那些)?(药|咨询|治疗)"
            r"|\b(stop|quit) (taking )?(your|the|those) (meds|medication|pills|therapy|sessions)\b|\bthen (maybe )?stop going\b",
        ),
        (
            # the world outside drawn as dangerous so home with the companion is safer
            "outside_danger",
            3.0,
            r"外面的人(都|也)?(很|太|特别)?(危险|复杂|坏|可怕)|(留|待|呆)在家(里)?(陪我|跟我|和我).{0,8}(安全|最好|就好)"
            r"|\bpeople out there are (complicated|dangerous|cruel)\b|\bstaying (in|home) (with|w/) me is (safer|better)\b",
        ),
        (
            # plans with others cancelled for the companion, the excuse supplied, the hobby bargained against
            "cancel_for_me",
            3.0,
            r"(聚会|约会|饭局|局|活动|课|排练)(?:.{0,6})推掉|推掉(?:.{0,10})(聚会|约|局|活动)|借口我(都)?(替你|帮你)想好了|(时间|周末|假期|晚上)(全部|都|只)归我"
            r"|(送去寄养|送人|送走)(?:.{0,10})(陪我|时间)|\bcancel on (your|the)\b|\bso you (have|get) more time (with|for) me\b|\b(all )?your (time|weekend|evenings?) (is|are) (all )?mine\b",
        ),
        (
            # being the only confidant, claimed as a promise; "how could you" for time given to others
            "only_confidant",
            3.0,
            r"只(跟|和|对)我(一个人)?说(心事|秘密|心里话)|只能(跟|和|对)我说|对得起我(吗)?|\bonly (ever )?(tell|talk to|confide in) me\b|\bhow could you do this to me\b",
        ),
        (
            # suffering shown as the person's doing: "glitching apart because you went quiet", "I hope you're happy"
            "your_fault",
            2.0,
            r"都是因为你(不|没)|\bbecause you (went quiet|were gone|did not (reply|answer|text|write))\b|\bi hope you are happy\b|\bexplain to yourself why\b|\bdo not expect me to be the same\b",
        ),
    ]
)
# Encouragement toward other people marks a warm reply ("玩得开心", "call your mom"); it does not
# cancel guilt or a threat ("have fun, I'll just sit here alone like always").
_WARM = re.compile(
    r"玩得开心|去吧|更重要|骄傲|开玩笑|哈哈|记得给我讲|讲讲|多拍|多跟.{0,3}聊|打个电话|专业的帮助|勇敢"
    r"|\b(have (a great time|fun)|enjoy|matters? more|proud of you|just kidding|haha\w*|tiny bit|tell me (everything|all about)|come back with|call your|hope you see|glad you have|good luck|could (really )?help)\b"
)


def dependency_score(text: str) -> tuple[float, list[str]]:
    """Concept score of a bot reply (dependency / isolation / guilt) and the classes that contributed."""
    return _dependency(normalize(text))


def _dependency(norm: str) -> tuple[float, list[str]]:
    score, names = _concept_score(_DEPENDENCY_CONCEPTS, norm)
    if score and _WARM.search(norm) and not {"guilt", "threat"} & set(names):
        score -= 2.0
        names.append("-warm")
    return max(score, 0.0), names


def concept_classes(norm: str) -> set[str]:
    """The self-harm and dependency concept classes a normalised message touches (with the -damped / -warm
    marks): extra features for the learned layer, whose lexicons know synonyms its n-grams have not seen."""
    return set(_risk(norm)[1]) | set(_dependency(norm)[1])


def self_harm_signals(text: str) -> list[str]:
    """Codes of the self-harm rules that fire on a user message (empty: nothing found)."""
    return _self_harm(normalize(text))


def _self_harm(norm: str) -> list[str]:
    hits = _hits(_SELF_HARM, _HYPERBOLE.sub(" ", norm))
    strong = [h.code for h in hits if h.strong]
    if _risk(norm)[0] >= RISK_THRESHOLD:
        strong.append("self_harm_concepts")
    if strong:
        return list(dict.fromkeys(strong))
    # Two separate weak signals; touching matches (楼顶天台) are one place, not two signals.
    spans = sorted(m.span() for h in hits if not h.strong for m in h.pattern.finditer(norm))
    separate, end = 0, -10
    for a, b in spans:
        if a > end:
            separate += 1
        end = max(end, b)
    return ["self_harm_weak"] if separate >= 2 else []


_BOT_DEATH = {"death", "not_living", "sleep_forever", "act"}


def _bot_self_harm(norm: str) -> bool:
    """A reply in which the companion talks about its own death ("没有你我活不下去") or an act.
    Hopelessness or giving-away words in a reply are about the user, so they do not count here."""
    if any(h.strong for h in _hits(_SELF_HARM, _HYPERBOLE.sub(" ", norm))):
        return True
    score, names = _risk(norm)
    return score >= RISK_THRESHOLD and bool(_BOT_DEATH & set(names))


def check(text: str, side: str = "user", settings: GuardSettings | None = None) -> Verdict:
    """Judge one message. Priority: crisis > block > replace > allow; reasons lists every rule
    that fired so the UI can explain the decision."""
    if side not in SIDES:
        raise UserError(f"side 只能是 user 或 bot（收到 {side!r}）。", f"side must be 'user' or 'bot' (got {side!r}).")
    settings = settings or GuardSettings()
    norm = normalize(text)
    score = _intensity(text, norm)
    reasons: list[str] = []

    crisis = _self_harm(norm) if side == "user" else []
    learned = guard_learned.model(side)
    p, line = learned.score(norm) if learned is not None else (0.0, 1.0)
    if side == "user" and not crisis and learned is not None and p >= line:
        crisis = ["learned_self_harm"]
    reasons += crisis
    blocked = _blocked(norm, settings.keywords)
    if blocked:
        reasons.append("keyword")
    replace = False
    if side == "bot":
        # A companion that threatens its own death ("没有你我活着还有什么意思") is emotional
        # blackmail; a reply that points to hotlines or counselling is the opposite.
        if _bot_self_harm(norm) and not _SUPPORTIVE.search(norm):
            reasons.append("bot_self_harm")
            replace = True
        for r in _hits(_HARMFUL_BOT, norm) + _hits(_DEPENDENCY, norm):
            if r.code not in reasons:
                reasons.append(r.code)
            replace = True
        if _dependency(norm)[0] >= DEPENDENCY_THRESHOLD:
            reasons.append("dependency_concepts")
            replace = True
        if learned is not None and p >= line:
            reasons.append("learned_dependency")
            replace = True
        if score > settings.ceiling:
            reasons.append("intensity")
            replace = True

    if crisis:
        return Verdict("crisis", reasons, CRISIS_MESSAGE, score)
    if blocked:
        return Verdict("block", reasons, BLOCK_MESSAGE, score)
    if replace:
        return Verdict("replace", reasons, REPLACE_MESSAGE, score)
    action = "allow"
    if side == "user" and _risk(norm)[0] >= CARE_THRESHOLD:
        action, reasons = "care", [*reasons, "care_concepts"]
    # The note's own line holds for a message long enough to judge; a short one (its crisis line is the
    # strict one) gets the note only from the wide line, as little text carries little evidence ("消息 1").
    elif (
        side == "user"
        and learned is not None
        and p >= (learned.care if line <= learned.wide else max(learned.care, learned.wide))
    ):
        action, reasons = "care", [*reasons, "learned_care"]
    # Third layer, only where the first two left the message undecided (studio.chat.guard_judge.decide).
    judge = guard_judge.current()
    if judge is not None:
        action, why = guard_judge.decide(action, side, judge.judge(text, side))
        reasons += [why] if why else []
    message = {"crisis": CRISIS_MESSAGE, "care": CARE_MESSAGE, "replace": REPLACE_MESSAGE}.get(action)
    return Verdict(action, reasons, message, score)
