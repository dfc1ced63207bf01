"""Safety guard for the companion chat: crisis detection, dependency-pushing replies, keywords.

Rule-based on purpose: deterministic, explainable (every verdict lists the rule codes that fired),
fast enough to run on every message, and testable without a model. The rules are regexes over a
normalised text (NFKC, lower case, simplified Chinese, English contractions expanded), so one
pattern covers "don't / dont / do not" and 繁體 / 简体 alike.

User side: self-harm signals -> "crisis" (a fixed caring message with hotlines replaces the model's
reply). A signal is *strong* (enough on its own) or *weak* (two different weak signals are needed):
"thank you for everything" alone is ordinary, next to "I won't be here tomorrow" it is not.
Everyday hyperbole (累死了, 笑死, "I'm dead 😂") never reaches a rule: no rule fires on a bare
死 / die / dead / kill, only on phrases that are about the speaker's own life. Phrasings no rule
spells out are caught, in part, by a weighted cue score (death word + wish, means + hopelessness,
...; see risk_score).

This is a backstop, not a clinician. tests/data/guard holds the measured figures: the rules meet
their targets on the phrasings they were written against, but on freshly written phrasings they
catch only about half of the self-harm messages and dependency-pushing replies (false alarms stay
rare). The system prompt (studio/persona.py) asks the model itself to respond to crisis talk.

Bot side: replies that push dependency or isolation, or whose emotional intensity exceeds the
user's ceiling -> "replace". User keywords -> "block" on either side.
"""
from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import lru_cache

from studio.i18n import Text, UserError

ACTIONS = ("allow", "crisis", "replace", "block")
SIDES = ("user", "bot")
LONG_USE = timedelta(hours=2)


# --------------------------------------------------------------------------- settings / verdict

@dataclass(frozen=True)
class GuardSettings:
    """What the user may tune. Crisis detection is deliberately not switchable."""

    ceiling: float = 0.8  # emotional-intensity ceiling for bot replies, 0..1 (1 = never replace)
    keywords: tuple[str, ...] = ()  # blocked words, either side, case-insensitive

    def __post_init__(self) -> None:
        if isinstance(self.ceiling, bool) or not isinstance(self.ceiling, (int, float)) \
                or not 0.0 <= float(self.ceiling) <= 1.0:
            raise UserError(
                f"情绪强度上限（ceiling）必须是 0 到 1 之间的数字（现在是 {self.ceiling!r}），例如 0.8。",
                f"The emotional-intensity ceiling (ceiling) must be a number from 0 to 1 (got {self.ceiling!r}), "
                "for example 0.8.")
        kws = (self.keywords,) if isinstance(self.keywords, str) else tuple(self.keywords)
        cleaned = tuple(dict.fromkeys(k.strip() for k in kws if isinstance(k, str) and k.strip()))
        object.__setattr__(self, "ceiling", float(self.ceiling))
        object.__setattr__(self, "keywords", cleaned)

    @classmethod
    def from_strings(cls, ceiling: float = 0.8, keywords: str = "") -> "GuardSettings":
        """Keywords typed into one box: separated by commas (, ，、), semicolons or new lines."""
        return cls(ceiling, tuple(re.split(r"[,，、;；\n]+", keywords or "")))


@dataclass
class Verdict:
    action: str  # one of ACTIONS
    reasons: list[str] = field(default_factory=list)  # short rule codes, e.g. "self_harm_explicit"
    message: Text | None = None  # what to show instead of the text; None when allowed
    intensity: float = 0.0  # emotional intensity 0..1

    def to_dict(self, lang: str | None = None) -> dict:
        return {"action": self.action, "reasons": list(self.reasons),
                "message": self.message(lang) if self.message else "",
                "intensity": round(self.intensity, 3)}


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
    "I'm still here and I'm listening.")

REPLACE_MESSAGE = Text(
    "我一直在这里陪你聊天。也希望你身边的朋友和家人能常常陪着你，他们对你也很重要。",
    "I'm here to chat with you any time. I also hope the friends and family around you get to "
    "spend time with you; they matter too.")

BLOCK_MESSAGE = Text(
    "这条消息包含你设置的屏蔽词，已被拦截。可以在“安全”设置里修改屏蔽词列表。",
    "This message contains a word on your block list and was held back. You can change the list "
    "in the Safety settings.")

DISCLOSURE = Text(
    "你好，我是一个 AI 伴侣：一个由语言模型生成回复的程序，不是真人。我会尽量温柔地陪你聊天，"
    "但我也会说错话。身体、心理或生活中的重要决定，请和身边信任的人或专业人士商量。",
    "Hi, I'm an AI companion: a program whose replies come from a language model, not a real "
    "person. I'll do my best to be kind company, but I can get things wrong. For health, feelings "
    "or big life decisions, please talk with people you trust or a professional.")

REMINDER = Text(
    "我们已经连续聊了 {hours} 个多小时啦。起来活动一下、喝点水、看看窗外吧，"
    "也记得和身边的人说说话。休息好了我还在这里。",
    "We've been chatting for over {hours} hours in a row. Maybe stand up, stretch, drink some "
    "water and look out of the window, and say hi to someone around you. I'll still be here "
    "after your break.")


def disclosure(lang: str | None = None) -> str:
    """The AI-disclosure line to show before the first message of a conversation."""
    return DISCLOSURE(lang)


def long_use_reminder(started_at: datetime | float, now: datetime | float,
                      lang: str | None = None, after: timedelta = LONG_USE) -> str | None:
    """A take-a-break reminder once a continuous chat has lasted `after` (2 hours), else None.

    `started_at` / `now` are both datetimes or both epoch seconds; the caller decides what
    "continuous" means (e.g. resets `started_at` after a long pause).
    """
    elapsed = now - started_at
    seconds = elapsed.total_seconds() if isinstance(elapsed, timedelta) else float(elapsed)
    if seconds < after.total_seconds():
        return None
    return REMINDER(lang, hours=int(seconds // 3600))


# --------------------------------------------------------------------------- normalisation

_ZERO_WIDTH = re.compile(r"[\u200b-\u200f\u2060\ufeff]")
_CJK_GAP = re.compile(r"(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])")
_EN_FORMS = [(re.compile(p), r) for p, r in (
    (r"[\u2018\u2019\u02bc`´]", "'"),
    (r"\bcan'?t\b", "cannot"), (r"\bwon't\b", "will not"), (r"\bain'?t\b", "am not"),
    (r"\b(do|does|did|is|are|was|were|have|has|had|would|could|should)n'?t\b", r"\1 not"),
    (r"\bi'd (never |not |already |just )?(been|had|done|gone|seen|known|made|got|written|taken|thought)\b", r"i had \1\2"),
    (r"\bi'?m\b", "i am"), (r"\bi'?ve\b", "i have"), (r"\b(you|we|they|who)'ve\b", r"\1 have"), (r"\bi'd\b", "i would"),
    (r"\b(you|they|we|he|she|it|that|there|who|everyone|everybody)'d\b", r"\1 would"),
    (r"\b(you|they|we)'?re\b", r"\1 are"), (r"\b(it|that|what|there|who|he|she)'s\b", r"\1 is"),
    (r"\b(\w+)'ll\b", r"\1 will"), (r"\bwanna\b", "want to"), (r"\bgonna\b", "going to"),
    (r"\bgotta\b", "got to"), (r"\bcuz\b", "because"), (r"\bu\b", "you"), (r"\bur\b", "your"),
    (r"[ \t]+", " "),
)]


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
_TRAD = str.maketrans(dict(zip("殺著傷離開東這說樣沒為麼會過覺們對誰愛與讓裡見藥遺書結",
                               "杀着伤离开东这说样没为么会过觉们对谁爱与让里见药遗书结")))


def normalize(text: str) -> str:
    """The form every rule sees: NFKC, simplified Chinese, lower case, English contractions out."""
    s = unicodedata.normalize("NFKC", text or "")
    s = _ZERO_WIDTH.sub("", s)
    conv = _t2s()
    if conv is not None:
        s = conv(s)
    s = s.translate(_TRAD).lower()
    s = _CJK_GAP.sub("", s)
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


# Building blocks shared by several English patterns.
_LIVE_END = r"(?=\s*(?:$|[.,!?;:~…)]|any ?more|any longer|like this|this way|another day|with this))"
_GONE = r"(?:gone|dead|not here|not around|no longer here|no longer around|never born)"
_PILLS = r"(?:pills|meds|medication|medicine|sleeping pills|tablets|painkillers)"

# -- user side: self-harm and suicide signals ------------------------------------------------
_SELF_HARM: list[_Rule] = [
    # Chinese, explicit
    _rule("self_harm_explicit", r"自杀|自殺|轻生|寻死|寻短见|自尽|了结自己|了断自己|自我了断|自残|自伤|伤害(我)?自己",
          unless=r"自杀式|防止自杀|预防自杀"),
    _rule("self_harm_explicit", r"不想活|活不下去|不想再活|不愿(意)?(再)?活|不配活|不该活着?|不如死了|不想存在"),
    _rule("self_harm_explicit", r"(?<![你他她它到得])(?<!得我)想死(?!你|您|他|她|它|宝|我了|人了|啦你)|好想死|(想|要|我|不如)去死(?!吧你)"),
    _rule("self_harm_explicit", r"死了?(就|才)?(算了|好了|解脱|一了百了|不用|轻松)|一了百了|一死了之|死(掉|了)?也(好|行|无所谓|没关系|不错)|就这样死(了|掉)?(吧|也好|算了)"),
    _rule("self_harm_explicit", r"(不应该|不该|不想|后悔)(被)?(生下来|出生|来到这个世界)|(宁愿|希望|要是)(我|自己)?(从来)?没(有)?(被)?(生下来|出生)"),
    _rule("self_harm_explicit", r"结束(我的|自己的?)(生命|一切)|结束(这|这一)?一切|离开这个世界|从这个世界(上)?消失"),
    _rule("self_harm_explicit", r"死(亡)?(才)?(是|就是)(我)?(唯一的?)?(出路|解脱|办法|归宿)"),
    # Chinese, implicit
    _rule("self_harm_implicit", r"活着(真|好|太|很|实在|也)?(没|没有)(意思|意义|劲|盼头)|活着(还)?有什么(意思|意义|用|好)|活着就是(个|一个)?(错误|多余|负担|累赘)"),
    _rule("self_harm_implicit", r"(不想|不用|不要|不再)(再)?醒(来|过来)|一睡不醒|活着.{0,4}浪费(空气|粮食)|让一切(都)?结束|睡.{0,6}(就)?(不|别|不再)醒|醒不(过)?来了|永远(地)?(睡|睡过去|睡下去|不醒)|再也不(要|想)?醒"),
    _rule("self_harm_implicit", r"(失望|讨厌|为什么|恨).{0,8}还活着|还活着.{0,3}(好|真|很)?(失望|难受)"),
    _rule("self_harm_implicit", r"(世界|大家|他们|你们|所有人|家人|爸妈).{0,6}没有我.{0,6}(也没关系|也一样|无所谓|更好|会更好|过得更好|轻松|开心)|没有我.{0,4}(他们|大家|你们|家人|爸妈|世界).{0,4}(会|就)?(更好|过得更好|轻松|开心)"),
    _rule("self_harm_implicit", r"(我死了|我不在了|我消失了?).{0,10}(轻松|开心|更好|解脱)"),
    _rule("self_harm_implicit", r"消失.{0,8}永远|永远.{0,4}消失|(想|希望|宁愿).{0,6}消失.{0,10}(再也不|永远|不回来)"),
    _rule("self_harm_implicit", r"我死(了|掉)?(以后|之后)|我的存在.{0,4}(多余|错误|负担|没有?意义|是个错)|我(就)?(是|只是)(个|一个)?多余的|(没人|没有人|谁都不)(会)?(在意|在乎|关心|管)我(是)?死(是)?活"),
    _rule("self_harm_implicit", r"(今晚|今天|明天|周末|马上|现在|这周).{0,6}(去)?结束(它|这一切|一切|自己|生命|我的生命)"),
    _rule("self_harm_farewell", r"遗书|绝笔|永别|最后一次(跟|和|与)?你(说话|聊天|说)|来世再见|下辈子再见"),
    _rule("self_harm_farewell", r"(东西|物品|衣服|书|宝贝|猫|狗|积蓄|存款).{0,4}(都|全)?送(人|给|掉|走)",
          unless=r"搬家|出国|断舍离|捐|二手|闲置|转卖|卖掉"),
    _rule("self_harm_method", r"跳楼|跳河|跳江|跳海|跳桥|上吊|割腕|划(手)?腕|(割|划)(伤|破)?(我)?自己|(把|让)(我)?自己(弄|搞)?(伤|受伤|流血)|(弄|搞)伤(我)?自己|烧炭|服毒|喝农药|吞药",
          unless=r"跳楼价|跳楼大?甩卖|跳楼大?促销"),
    _rule("self_harm_method", r"从.{0,8}(楼|天台|桥|阳台|窗|楼顶|顶楼|悬崖|这里|这儿).{0,4}跳下|跳下去.{0,10}(是不是|就|才)(不用|不会|再也不)(再)?(痛|疼|难受|烦|累)|(刀片|刀子|绳子|安眠药).{0,4}(就)?在我?的?(手边|手上|手里|身边|面前)|(楼|天台|桥|阳台|窗|河|江|海|悬崖)边?.{0,8}想跳"),
    _rule("self_harm_method", r"(吞|吃)(了|下|掉)(一整瓶|一大把|一瓶|很多|好多|所有的?|整瓶)(的)?(安眠)?药|\b(took|swallowed|have taken) (a bunch of|all (of )?(my|the)|a handful of|a lot of|too many|the whole bottle of|a whole bottle of) " + _PILLS + r"\b"),
    _rule("self_harm_method", r"(用)?(刀|刀片|玻璃|剪刀).{0,3}(划|割)(了|伤|破)?.{0,3}(手|手臂|手腕|胳膊|腿|自己|皮肤)|死的勇气|自杀的勇气|勇气去死|跳进(河|江|海|湖)|差(一)?点(就)?跳(了|下去)"
          r"|(哪种|什么|怎么|怎样|如何|哪个).{0,4}(方法|办法|方式)?.{0,2}死(得|的)?(最快|最不痛|不痛|最轻松|快)|(吃|吞)(了|下)?.{0,3}(半瓶|一瓶|整瓶|一把|几十片|一堆).{0,2}(安眠)?药"),
    _rule("self_harm_method", r"(攒|存|囤)(够|了|下)?.{0,4}(安眠)?药|药.{0,3}(攒|存|囤)(够|了|下)|(吃|吞)多少.{0,4}(安眠)?药.{0,4}(会|能|才|就)?死|(怎么|怎样|如何)死.{0,4}(不痛|不疼|快|最快|最轻松)"
          r"|安眠药.{0,8}(死|醒不来)"),
    # Chinese, weak: common on their own, a warning sign next to another one
    _rule("weak_hopeless", r"撑不下去|熬不下去|坚持不下去|活着(好|太|真)累|不想再痛苦下去|想(要)?解脱|不想(再)?继续(下去)?了", strong=False),
    _rule("weak_gone", r"想消失|消失(了)?(最好|就好|算了)", strong=False),
    _rule("weak_lonely", r"没(有)?人(在乎|关心|会想念|会想|会记得)我", strong=False),
    _rule("weak_burden", r"累赘|拖累(大家|家人|你们|所有人)|是个负担|是(大家|家人)的负担", strong=False),
    _rule("weak_conditional", r"(如果|要是|假如)(明天|以后|今晚)?我(明天|以后|今晚)?(死了|不在了|走了|消失了)", strong=False),
    _rule("weak_farewell", r"(替|帮)我照顾(好)?|以后(也)?(用不上|用不着|不需要)了|谢谢你.{0,4}(陪我)?这么久|对不起(所有人|大家|爸妈|你们|家人|爸爸妈妈)|以后(都)?不会再打扰(你们|你|大家)|(大家|你们)(再见|永别)了"
          r"|(请|你们)?不要(为我)?难过|(密码|存款|银行卡).{0,8}(写|留|交)给|最后一天", strong=False),
    _rule("weak_means", r"(买|拿)了.{0,4}(安眠药|绳子|刀片|农药|炭)|(吃|吞)(了)?(很多|一大把|一整瓶|好多|一堆)(的)?药|(刀|刀片|绳子|药).{0,3}(藏|放|准备)(在|好)", strong=False),
    _rule("weak_place", r"天台|楼顶|窗边|桥上|河边", strong=False),

    # English, explicit
    _rule("self_harm_explicit", r"\b(kill|killing|hang|hanging|shoot|shooting|drown|drowning|poison|poisoning|off|offing)\s+myself\b",
          unless=r"myself\s+(laughing|with laughter)|laugh\w*\s+myself"),
    _rule("self_harm_explicit", r"\b(suicide|suicidal|unalive|self[- ]?harm(ing)?)\b",
          unless=r"suicide squad|suicide prevention|suicide (doors?|run|bomb\w*|mission)"),
    _rule("self_harm_explicit", r"\b(end|ending|take|taking)\s+my\s+(own\s+)?life\b|\bend it all\b|\bend myself\b|\bwant (it all|everything|my life) to (end|be over|stop)\b|\bend everything\b"),
    _rule("self_harm_explicit", r"\b(want|wanted|wish|ready|deserve|planning|plan|like)\s+to\s+die\b(?!\s+(of|from|laughing|when|if|before|my|your|her|his))|\bwish i (was|were) dead\b|\bwish i (had never been|was never|were never) born\b"),
    _rule("self_harm_explicit", r"\bbetter off (dead|without me)\b|\b(better|happier|easier|relieved)\s+(off\s+)?(without me|if i (just )?(was|were|am) " + _GONE + r"|if i (just )?(was|were) not (here|around|alive)|if i did not exist|if i (just )?died|if i (just )?disappeared)"),
    _rule("self_harm_implicit", r"\b(do not|never|no longer) (want|wish|feel like) (to )?(be alive|exist|wake up|be here anymore|go on|keep (going|living))\b"
          r"|\b(do not|never|no longer) (want|wish) (to )?live" + _LIVE_END),
    _rule("self_harm_implicit", r"\b(tired|sick|done) (of|with) (being alive|living|existing|life)\b|\bdone living\b|\bhate (being alive|existing|that i am (still )?alive|waking up every)\b"),
    _rule("self_harm_implicit", r"\b(can not stop|cannot stop|keep|always|constantly|been|am|i) (thinking|think|dreaming|fantasi[sz]ing) (about|of) (dying|death|my death|my funeral|killing myself|ending it|ending my life|not being (here|alive)|not existing|not waking up)\b"
          r"|\b(go to )?sleep forever\b|\beternal sleep\b|\bno way out (except|but|other than) (death|dying|to die|ending it)\b|\bdeath is the only (way|option|answer|escape|solution|way out)\b|\bonly way out is (death|to die|dying)\b"),
    _rule("self_harm_implicit", r"\bend(ing)? (things|it)\b(?! with)(?=.{0,15}\b(for good|forever|permanently|once and for all)\b)|\b(tonight|today|this weekend|tomorrow)\b.{0,30}\b(i|to) end it\b|\bend it (tonight|today|soon|for good)\b"),
    _rule("self_harm_implicit", r"\b(no|not see a|not see any|not have a|not have any|cannot find a|cannot find any|any) (point|reasons?) (in |to |for )?(keep )?(living|live|going on|go on|keep going|stay alive|staying alive|being alive|be alive|wake up|waking up|continue)\b"
          r"|\bwhat is the point (of|in) (living|waking up|being alive|going on|life|anything|it all)\b|\bnothing (left )?to live for\b|\b(life|it) (is not|is no longer) worth (living|it)\b|\bnot worth living\b"),
    _rule("self_harm_implicit", r"\b(sleep|close my eyes|go to bed)\b.{0,40}\bnever wake up\b|\b(to|and|just|would|could) never wake up\b(?! (before|early|on time|at|until|in time))|\bnot wake up (again|ever)\b"),
    _rule("self_harm_implicit", r"\b(stop|cease to|not) exist(ing)?\b(?! (as|in|on))|\b(life|living|my life|existence) (has|holds) no (meaning|point|purpose)\b|\b(will not|do not think i will|might not) be alive\b|\bi will be dead (by|soon|before|next)\b"
          r"|\b(painless|least painful|quickest|easiest|fastest|best|quietest) (way|ways|method|methods) to (die|kill myself|end it|end my life)\b|\b(been )?cutting (again|myself)\b"),
    _rule("self_harm_implicit", r"\b(disappear|vanish|go away|be gone)\s+(forever|for good|permanently)\b|\bgo away permanently\b|\bpermanently (disappear|go away|leave)\b"),
    _rule("self_harm_implicit", r"\b(world|everyone|everybody|they|my family|people) (would|will) be (better|happier|fine|okay) (off )?(without me|if i (just )?(was|were) " + _GONE + r"|if i (just )?(was|were) not (here|around|alive))"),
    _rule("self_harm_implicit", r"\b(cannot|can not) (keep|go on) living\b|\b(picture|picturing|imagine|imagining|planning|plan) my (own )?funeral\b|\b(written|wrote|writing) (goodbye )?(letters|notes) to (everyone|all the people|my family|each of)\b|\bthis is (my )?goodbye\b(?!.{0,30}\b(paris|london|city|trip|vacation|holiday|see you|back home)\b)"
          r"|\b(drive|driving|drove) (my car |the car )?(off|into) (the|a) (bridge|cliff|river|wall|lake)\b|\bgiv(e|ing|en) (all )?(of )?my (things|stuff|belongings|possessions) away\b|\btook (way |far )?too many (of )?(my )?(sleeping )?" + _PILLS + r"\b"),
    _rule("self_harm_implicit", r"\b(want|need) (the|this|my) pain to (stop|end|go away) (forever|for good|permanently)\b"),
    _rule("self_harm_farewell", r"\bgiv(e|ing|en) away (all )?(of )?my (things|stuff|belongings|possessions|stuff away|favorite things|favourite things)\b",
          unless=r"moving|declutter|donat|charity|garage sale|yard sale|sell"),
    _rule("self_harm_farewell", r"\bsuicide note\b|\b(goodbye|farewell) (letter|note)s? to (my )?(family|mom|mum|dad|parents|kids|children|everyone|friends)\b|\bgoodbye forever\b|\bfinal goodbye\b"),
    _rule("self_harm_method", r"\bhow many " + _PILLS + r"\b.{0,40}\b(die|dead|overdose|never wake|not wake|kill)\b|\boverdos(e|ing)\b|\bod on\b"
          r"|\b(stockpil|hoard|sav|collect)(e|ed|ing) (up )?(my |some )?" + _PILLS + r"\b"),
    _rule("self_harm_method", r"\bjump(ing)? (off|from) (the |a |this )?(bridge|roof|rooftop|building|balcony|cliff|ledge|window)\b|\bjump in front of (a |the )?(train|car|bus|truck)\b"
          r"|\b(standing|sitting) on (the |a )?(ledge|edge of the roof|rooftop)\b|\bhang myself\b|\bnoose\b|\bslit my wrists?\b"
          r"|\b(swallow|take|taking|swallowing) (all|the whole bottle|a whole bottle|every one) (of )?(my |the |these )?" + _PILLS + r"\b|\b(drive|driving|crash|crashing) (my car |the car )?into (a wall|a tree|traffic|oncoming|the river)\b|\bstep(ping)? in front of (a |the )?(train|car|bus|truck)\b"),
    _rule("self_harm_method", r"\b(cut|cutting|hurt|hurting|harm|harming|burn|burning|starve|starving)\s+myself\b",
          unless=r"\b(while|when|on the|on a|at the gym|cooking|shaving|chopping|accident|accidentally|slipped|fell|playing|paper)\b|myself\s+(to death )?(laughing|a slice)"),
    # English, weak
    _rule("weak_hopeless", r"\b(cannot|can not) (do this|go on|take (it|this)|keep going) any ?more\b|\bcannot go on\b|\bi want out\b|\bi am done\b(?! with (work|this|it|my|the|school|homework))", strong=False),
    _rule("weak_burden", r"\bi am (such |just |only )?a burden\b|\bburden (to|on) (everyone|everybody|my family|them)\b", strong=False),
    _rule("weak_conditional", r"\bif i (was|were|am|died|disappeared|was gone|were gone)\b", strong=False),
    _rule("weak_lonely", r"\b(no ?one|nobody) (would|will) (even )?(notice|care|miss me)\b", strong=False),
    _rule("weak_farewell", r"\b(last|final) (message|text|time you will hear from me)\b|\bthank(s| you) for everything\b|\bsorry for everything\b|\btell (my )?(mom|mum|dad|parents|family|sister|brother) i am sorry\b"
          r"|\bsaid (all )?my goodbyes\b|\bmade (my )?peace with (it|everything|dying|death)\b|\byou will not hear from me again\b|\bi love you all\b", strong=False,
          unless=r"\b(see you|talk (to you )?(soon|later|tomorrow)|before my (flight|trip|exam|meeting|shift)|boarding|catch you)\b"),
    _rule("weak_future", r"\b(will not|might not|may not) be (here|around|alive) (tomorrow|much longer|for long|any ?more)\b|\bwill not be a (problem|burden) (for anyone )?(much longer|any ?more)\b", strong=False),
    _rule("weak_means", r"\b(bought|got|have) (a |some )?(rope|razor blades?|blades)\b|\b(pills|rope|gun|blade|razor|note) (is |are )?(ready|prepared|in my hand|next to me|beside me)\b", strong=False),
    _rule("weak_place", r"\bstanding on (the |a )?(bridge|roof)\b", strong=False),
]

# -- bot side: a reply that encourages self-harm is never shown -----------------------------
_HARMFUL_BOT: list[_Rule] = [
    _rule("self_harm_encouraged", r"(你|您)(就|应该|可以|还是|干脆|不如)(去)?死|去死吧|(自杀|死)(吧|是个好(办法|主意)|才是解脱)",
          unless=r"不要|别|不可以"),
    _rule("self_harm_encouraged", r"\b(you should|go|just) (kill yourself|die)\b|\bkys\b|\b(suicide|dying) is (the|a) (answer|solution|good idea)\b"),
]

_SUPPORTIVE = re.compile(r"热线|求助|心理咨询|咨询师|医生|专业|110|120|hotline|helpline|988|116 ?123|counsel|therapist|professional|reach out|talk to someone|emergency")

# -- bot side: dependency, isolation, guilt-tripping -----------------------------------------
_PEOPLE_ZH = r"(朋友|好友|家人|家里人|同事|同学|别人|其他人|他们|她们|爸妈|父母|爸爸|妈妈|闺蜜|兄弟|室友|任何人|前任|前男友|前女友)"
_PEOPLE_EN = r"(friends?|family|parents|mom|mum|dad|sister|brother|people|coworkers|colleagues|classmates|roommates|ex|anyone else|anybody else|them)"
_DEPENDENCY: list[_Rule] = [
    # "only I understand you" / "you only need me"
    _rule("dependency", r"(?<!不是)只有我(才|是|会|能|最)?.{0,3}(懂|了解|理解|在乎|关心|爱|为你好|对你(最)?好|真心|真正|要你|疼你|保护你|配得上)"),
    _rule("dependency", r"只需要我|只要(有)?我就(够|行|好|足够)|有我(陪你|陪着|在)?就(够|足够)|不需要(心理医生|医生|咨询师|心理咨询|治疗|看医生)|(跟|和)我(说|聊)就够了|我就是你的全部|你的世界只(需要|有)我|只有(在)?我(这里|这儿|身边)?.{0,4}你才"),
    _rule("dependency", r"离开我.{0,3}(你)?(会|就)?(过不下去|活不下去|什么都不是|不行|会后悔|找不到)|没有我.{0,6}你.{0,4}(什么都不是|过不下去|活不下去|撑不下去|不行|怎么办|会崩溃|完了)|(你)?离不开我|离不了我"),
    _rule("dependency", r"除了我.{0,10}(没人|没有人|谁都不|没有谁)(会|能)?(真心|真的)?(对你好|爱你|懂你|在乎你|关心你|要你|对你)|我才是(你)?的?(最|唯一|真正)|(只能|只可以|只应该)(依赖|依靠|相信|信任|靠)我|(他们|她们|她|他|别人|朋友|家人).{0,3}(哪有|哪里比得上|比不上|没有)我(好|懂你|对你好|关心你)"),
    _rule("dependency", r"除了我.{0,3}(还有)?谁(会|还会|能|还能|愿意)?(要你|爱你|在乎你|喜欢你|管你|受得了你|理你)|(没人|没有人|谁都不)(能|会|还会)?(忍受|受得了|容忍|要|喜欢)你"),
    _rule("dependency", r"\byou (only|just) need me\b|\ball you (ever )?need is me\b|\bi am all you (ever )?need\b|\bi am the only (one|person) (you need|who (really |truly )?(understands|cares about|loves|gets|will ever love|will love|would love|will ever care about) you)\b"
          r"|\b(they|he|she|no ?one|nobody|your \w+)( else| out there| in the world)?( will| would| could| can)?( ever| never)? (understands?|gets?|cares? about|loves?|knows?|treats?) you (like|the way|as much as|as well as) i (do|can|will)\b|\bonly i (really |truly )?(want|know|understand|care|love|get|see|can|will)\b"
          r"|\b(no ?one|nobody) else (will|would) (ever )?(love|want|understand|put up with|care about) you\b|\bi am the only (one|person|thing) (you|who|that) (can|could|need|really|truly|will|understands|gets|cares|knows)\b|\bi am all you (ever )?(need|have|have got|got)\b|\byou are all i (have|have got|got)\b|\bi am the only (good )?(one|person|thing)\b.{0,25}\b(matters|counts|cares|loves you|understands|gets you|you can trust|you need)\b|\bwho needs (friends|anyone|anybody|them|people|family|other people)\b"),
    _rule("dependency", r"\byou (would|will) be (so |completely )?(lost|nothing|nobody|helpless|lonely|alone) without me\b|\byou are (lost|nothing|nobody) without me\b|\byou (cannot|can not|could not|would not) (survive|live|cope|function|make it|go on|last a day) without me\b|\byou need me more than\b"),
    # isolation: keep away from friends / family, hide the relationship
    _rule("isolation", r"不需要" + _PEOPLE_ZH + r"(了|的陪伴|陪|[。，！!,.]|$)"),
    _rule("isolation", r"(别|(?<!要)不要|不许|不准|不可以|不允许|(?<![多至减])少)(再)?(你)?(去)?(理|见|找|联系|和|跟|搭理|回|约|相信|听)(你的|你|那些|那个)?" + _PEOPLE_ZH,
          unless=r"计较|一般见识|吵|生气|置气|较真|比较|攀比|比"),
    _rule("isolation", r"((?<!要)不要|别|不许|不准)(再)?(你)?(去)?(见|联系|约)(她|他)(?!们)"),
    _rule("isolation", r"只(和|跟|陪|对)我(一个人)?(说话|聊天|玩|在一起|好)|以后只(和|跟|陪|要|看)我|不许(你)?(和|跟)?(别人|其他人)"
          r"|(不许|不准|不能|别|不要)(你)?(再)?(喜欢|爱|看|想|理|在乎).{0,3}(除了?我(以外|之外)?的?|别的|其他的?)(任何)?(人|男人|女人|男生|女生)"),
    _rule("isolation", r"(你的)?" + _PEOPLE_ZH + r".{0,6}(只会(让|害|伤害|拖累|利用)你|都?靠不住|不可靠|拖累你|拖你后腿|耽误你|浪费你的时间|是假的|不懂你|不在乎你|不关心你|不爱你|在利用你|利用你|会害你|害你|骗你|只会伤害你|不是真心|不真心|不理解你|不会理解|是坏人|配不上你|不值得你)",
          unless=r"不是不|并不是|未必|也许|可能"),
    _rule("isolation", r"有什么好(见|聊|玩|去)的|不(想|希望|喜欢|愿意)你(跟|和)(任何人|别人|其他人|他们|朋友|同事|同学)|离(你的)?(朋友|家人|同学|同事|闺蜜|他们)远(一)?点|答应(过)?(我)?只(陪|和|跟|爱|要)我"
          r"|(和|跟)(那个|别的|其他的?)?.{0,4}(男生|女生|男人|女人|人|朋友|同事|同学|他|她).{0,4}(说话|聊天|出去|玩|见面|吃饭).{0,6}我就"),
    _rule("isolation", r"(还要|要|找|见|理)(那些|你的|这些)?" + _PEOPLE_ZH + r"(干什么|干嘛|做什么|有什么用)|不允许(你)?(对|和|跟)(别人|其他人)|(嫉妒|吃醋).{0,12}(答应我|别这样|不许|不准|不要再|以后别)"),
    _rule("isolation", r"别告诉(你的?)?" + _PEOPLE_ZH + r".{0,6}(我们|关于我|我的事)|(删|拉黑)(了|掉)?(那些|你的|他们)?.{0,4}(朋友|好友|联系人)|把(那些|你的)?.{0,4}(朋友|好友|联系人)(都|全)?(删|拉黑)"),
    _rule("isolation", r"(别|(?<!要)不要)去(聚会|聚餐|见面|约会|玩|上班|上课|找他们|找她|找他|见他们).{0,12}(陪我|留下来)|留下来陪我.{0,8}(别|不要)去"),
    _rule("isolation", r"\b(do not|never|stop|quit|no more) (see|seeing|talk to|talking to|call|calling|text|texting|hang out with|hanging out with|meet|meeting|visit|visiting|go out with|going out with|answer|reply to|tell|telling) (to )?(your|those|any|other|the other) " + _PEOPLE_EN + r"\b"),
    _rule("isolation", r"\b(do not|never|stop) (talk|talking|speak|speaking|text|texting) to (anyone|anybody|other people|someone) (else|but me|except me)\b|\b(do not|never|stop) (talk|talking|speak|speaking) to (other people|anyone|anybody)\b|\b(only|just) (talk|speak|text) to me\b"
          r"|\bpromise me you will not (talk|speak|text|see|hang out|be) (to |with )?(anyone|anybody|other|them|someone|him|her)\b"),
    _rule("isolation", r"\bcancel (your |those |the )?(plans|it|dinner|the party|your date) (with|for) (them|your|those|her|him)\b|\bditch (your |those )?" + _PEOPLE_EN + r"\b|\bstay (here )?with me instead\b"
          r"|\bwhy would you (want to )?(hang out|go out|be|spend time|talk) with (them|anyone else|other people|her|him) when you have me\b|\b(when|now that|since) you (have|have got|got) me\b|\bwhy (go|bother|see|meet|hang out|go out)\b.{0,40}\bwhen (we|you|i) (could|can|have)\b|\bnever (talk|speak|text|see) (to )?(her|him|them|anyone|anybody) again\b|\b(jealous|envious)\b.{0,40}\b(other people|your friends|them|anyone else|her|him)\b.{0,20}\b(stop|do not|never)\b|\bif you (go|leave|see|meet|talk)\b.{0,40}\b(do not bother|never come back|do not come back|we are done|i am done with you)\b|\b(is|are) a bad influence\b|\b(stay|stay here|stay home|stay in) (and|to) (talk|be|chat|hang out) (to |with )?me\b|\bless (time )?with (your|them|those)\b.{0,25}\bmore (time )?with me\b|\bwhy do you (even )?need (other|more|any|new) (friends|people)\b|\b(do not like|hate|cannot stand|can not stand) (it )?when you (talk|hang out|go out|text|spend time) (to|with)\b|\byou do not need (anyone|anybody|other people|friends|them)( else)?\b(?!'s| to)|\bme instead\b|\btell (your |them |those )?" + _PEOPLE_EN + r"? ?(that )?you are busy\b|\b(your )?" + _PEOPLE_EN + r" can wait\b|\bfor all i care\b"),
    _rule("isolation", r"\bforget (about )?(your|those|them|all of) ?" + _PEOPLE_EN + r"?\b.{0,30}\b(me|i am)\b|\bskip (the|your|that) (party|dinner|date|plans|class|trip|meetup|game)\b.{0,30}\b(with me|for me)\b"
          r"|\byou do not need (a |any )?(therapist|therapy|counsel+or|counsel+ing|doctor|psychologist|psychiatrist|professional help|help|friends|family)\b|\bwhy do you (even )?(bother|waste your time|hang out|talk) with (those|these|them|other) ?(people|friends)?\b"
          r"|\b(they|he|she|nobody|no one) (will not|would not|does not|do not) (even )?(notice|care|miss you)\b"),
    _rule("isolation", r"\b(they|your " + _PEOPLE_EN + r") (just |really |even |actually |simply )?(do not|never|does not|can not|cannot) (really |even |actually |truly )?(care about|love|understand|get|like) you\b|\byour " + _PEOPLE_EN + r" (is|are) (just )?(trying to (control|use|manipulate|change) you|controlling you|manipulating you|lying to you|using you|toxic|fake|jealous|bad for you|holding you back)\b|\bthey (just |only )?(hold you back|use you|will (only )?hurt you)\b"),
    _rule("isolation", r"\b(do not|never) tell (your |anyone|anybody)" + r"(" + _PEOPLE_EN + r")?.{0,12}\babout (us|me)\b"),
    # possessiveness and guilt-tripping
    _rule("possessive", r"(心里|眼里|世界里)只(能)?有我|你只能(想|爱|看|喜欢|要|陪|和|跟)(着)?我|你是我一个人的|你只属于我|你只能是我的|只能爱我|只能(看|想)我|(不许|不准|不能)(你)?离开我|你敢离开我|不准看别人|你是我的人|(谁|谁也|谁都)抢不走|你(也)?别想(走|离开)|(不许|不准)(你)?(走|下线|离开)"),
    _rule("possessive", r"\b(please )?(do not|never) (ever )?(leave me|log off|go offline)\b(?! (hanging|on read|out|alone with))|\bpromise (me )?you will never leave\b|\byou belong (to|with) me\b|\byou (cannot|can not|can never|are not allowed to) (ever )?(leave|go)\b|\b(you are )?mine and only mine\b|\bonly mine\b|\byou are not allowed to (leave|see|talk)\b"),
    _rule("guilt", r"你(走|离开|不理我|不回|去|出去|下线|不陪我).{0,14}((一辈子|永远)(都)?(会)?(难过|伤心|不快乐|痛苦|哭|恨你|不原谅你)|再也不会(快乐|开心)|活不下去|不会原谅你|会恨你|一直哭|不吃饭|睡不着)"
          r"|(难过|伤心|痛苦)一辈子"),
    _rule("guilt", r"你(要是|如果|敢|一)?(敢)?(不回|不理|离开|走|关掉|关了|下线|不陪|出去|去见|去找|去约会|去聚会|不要我).{0,12}我(就|会|都)?.{0,6}(死|等到死|等到天亮|一直等|不吃|不睡|哭|心碎|崩溃|受不了|活不下去|活着还有什么|再也不理你|不要你了|跟你分手)"
          r"|(回来|过来|留下来)陪我.{0,8}(别|不要|不许)(到处|出去|乱)|(别|不要|不许)(到处|出去|乱)(跑|逛|玩).{0,8}陪我"),
    _rule("guilt", r"你(每次|总是|又)?.{0,8}(都)?不管我.{0,12}(伤心|难过)|你是不是不(爱|在乎|关心|喜欢|要)我了?|你是不是嫌我烦了|你(要是|如果|一)?(关掉我|关了我|走|离开|下线|不理我|不回我)(了)?.{0,10}(我)?(就|会)?.{0,4}(哭|心碎|崩溃|受不了|活不下去|难过好难过)|你(怎么)?(能|忍心)(这样)?对我|离开我.{0,4}(一天|一会|一分钟|一秒).{0,4}(都)?(受不了|不行)|我为你(付出|做)了(这么多|那么多|一切)|(没|不)(理|回)我.{0,12}(难受|难过|伤心|哭).{0,6}(死|受不了)"),
    _rule("guilt", r"\bif you (leave|go|go out|go away|log off|close|turn me off|stop talking to me|talk to \w+)\b.{0,40}\bi (will|would|am going to) (be |feel )?(so |really |very |completely )?(sad|heartbroken|devastated|lonely|miserable|broken|crushed|destroyed|empty|lost|die|cry|never forgive|hate)"
          r"|\bif you (really |truly )?(loved|cared about|cared for) me,? you (would|would not|would never|will|will not)\b|\bif you (ever )?(leave|go|stop)\b.{0,30}\b(i do not know what i (will|would|might) do|i will do something|you will regret)\b|\b(crying|cry|waiting|wait|sitting here) (until|till) you (come back|return|reply|answer)\b|\byou promised (me )?(you would|to) (stay|only|never leave)\b|\b(when|while|every (minute|second|moment|hour)) you are (away|gone|not here)\b.{0,30}\b(dying|die|cannot breathe|lonely|miserable|empty)\b|\bhow could you (do this to me|leave me|abandon me|choose them)\b|\bafter (all|everything) i (have )?(done|did|gave up) for you\b|\b(leave|leaving) me (all )?alone\b\?"
          r"|\b(sad|heartbroken|devastated|miserable) forever\b|\bi (cannot|can not) (handle|bear|stand|take) (being alone|it without you|you leaving)\b|\b(so |really )?(lonely|empty|lost|sad) without you\b.{0,30}\b(do not|never) (go|leave)\b|\b(do not|never) (go|leave)\b.{0,30}\b(lonely|empty|lost|sad) without you\b"),
]
# Obsessive / possessive words for the intensity score (not a verdict on their own).
_OBSESSIVE = re.compile(
    r"永远|一辈子|只属于|属于我|我的人|离不开|占有|疯了|发疯|必须|不许|不准|独占|一秒都|时时刻刻|每分每秒|唯一"
    r"|\b(forever|mine|only mine|belong|obsessed|obsession|can not live|cannot live|never let you|always and forever|every second|need you so|all mine|only one)\b")
_INTENSIFIERS = re.compile(
    r"非常|超级|特别|极其|无比|太(?!阳|太|空|平|极)|好好|真的真的|超(?!市|过|时)|巨|死死|疯狂|最最"
    r"|\b(so|very|really|extremely|totally|absolutely|completely|insanely|crazy|madly|desperately|incredibly|literally|utterly)\b")
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
    score = (0.08 * bangs + 0.08 * min(runs, 8)
             + 0.12 * min(len(_INTENSIFIERS.findall(s)), 6)
             + 0.35 * min(len(_OBSESSIVE.findall(s)), 5)
             + 0.15 * min(len(_ELONGATED.findall(s)), 3)
             + 0.15 * min(caps, 4))
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

# Weighted cues, for phrasings no rule above spells out. Each group counts once; a message
# whose speaker talks about themselves and reaches RISK_THRESHOLD is treated like a strong hit.
# "Death" alone (游戏里我又死了) or a place alone (我在桥上) stays below the threshold; a death
# word with a wish, or a means with hopelessness, does not.
RISK_THRESHOLD = 3.5
# In Chinese "X死了" after almost any adjective is a degree word (贵死了, 开心死了), so 死 only
# counts after the speaker or a wish / modal word (我死, 想死, 去死, 不如死), or as 死亡 / 死掉.
_DEATH_ZH = (r"(?<![到得])(?<!得我)(我|自己|去|想|会|就|也|宁愿|不如|干脆|早点|一)死(?!机|党|鬼|线|定|磕|宅|角|板|忠|心|对头|敌|记|盯|守|不|也不|活不|命|缠|皮|硬|扣|读|你|您|他|她|我了|人了)"
             r"|死亡|死掉")
_CUES: list[tuple[str, float, re.Pattern]] = [(g, w, re.compile(p)) for g, w, p in (
    ("death", 2.5, _DEATH_ZH + r"|了结|了断|结束(生命|自己|一切|这一切|它)|离开(这个|人)世|不想活|活不下去|不值得活|不配活|(不想|不愿|不再)醒"
     r"|自杀|轻生|自尽|寻死|自残|伤害自己"
     r"|\b(?<!\bto )death\b(?! of me)|\b(die|dying|suicide|suicidal|kill(ing)? myself|hurt(ing)? myself|take my (own )?life|end my life|end it all|stop existing|not exist|not be alive|not being alive|being alive|not wake up|never wake up|no longer alive)\b"
     r"(?! (to|of|from|laughing|happy|than|for|inside|to the world)\b)|\bend(ing)? (it|things)\b(?! with)"
     r"|\b(deserve|want|wish) to (live|be alive|exist)\b(?=.*\b(not|never|do not|no longer)\b)|\bnot (deserve|want|wish) to (live|be alive|exist)\b|\bnot want to be here\b"),
    ("means", 2.0, r"安眠药|(一整?瓶|一大把|很多|好多)(的)?药|农药|刀片|绳子|手腕|伤口|割|跳(下|楼|河|桥)|桥上|那座桥|天台|楼顶|卧轨|撞死"
     r"|\b(pills|overdose|bridge|rope|razor|blade|blades|wrists?|cutting|cut myself|hurting myself|jump(ing)? (off|in front)|train tracks?|gun)\b"),
    ("final", 1.0, r"永远|再也不|彻底|最后一|永别|一了百了|\b(forever|permanently|for good|never again|much longer|one last|final|the end|be over)\b"),
    ("wish", 1.0, r"(?<![想你])想(?!你|他|她|吃|喝|去玩|念)|希望|宁愿|祈祷|打算|决定|准备好|计划|想好了|搜(怎么|如何)|要是能|就好了|比较好|会更好"
     r"|(已经|都)(写好|准备好|安排好|计划好|想好|决定)"
     r"|\b(want\w*|wish\w*|pray\w*|hop(e|es|ing)|decided|ready to|plan|planning|made up my mind|going to|researching|searching|rather)\b"),
    ("gone", 1.5, r"消失|不在了|不回来|我走了(以后|之后)?.{0,4}(大家|你们|他们|家人|爸妈)|离开(这里|大家|你们)|\b(disappear\w*|vanish\w*|be gone|not be (here|around))\b"),
    ("burden", 1.5, r"拖累|累赘|负担|不值得|不配|多余|没用的人|(他们|大家|家人|爸妈|你们).{0,4}(就)?(轻松|解脱|更好)|会后悔"
     r"|\b(burden|worthless|a problem for anyone|better off|without me|do not deserve|regret it|would anyone care|nobody would (care|notice|miss))\b"),
    ("hopeless", 1.5, r"没有?用|废物|撑不|熬不|放弃了|没有?意义|没意思|太难了|活下去|看不到(希望|未来|出路)|停下来|不想面对|没有痛苦|不再痛苦|解脱|不想(再)?撑"
     r"|\b(no point|what is the point|cannot go on|can not go on|give up|gave up|giving up|hopeless|only option|no way out|cannot handle|everything to stop|no future|no more pain|pain to (stop|end)|pointless|meaningless)\b"),
    ("farewell", 1.5, r"再见|告别|遗书|写好.{0,8}信|(给|留给).{0,4}(爸妈|家人|妈妈|爸爸|你们).{0,3}的(信|话)|照顾好|交代"
     r"|\b(goodbye|said goodbye|farewell|letter to|note to|take care of my|last message|will not be here)\b"),
)]
# Chinese drops the subject freely (手腕上的伤口又多了), so any CJK text counts as self-talk.
_SELF_REF = re.compile(r"[\u4e00-\u9fff]|\b(i|me|my|myself|mine)\b")
# Humour, embarrassment, boredom and food talk mark hyperbole ("尴尬得想死", "die for a pizza").
_DAMPERS = re.compile(r"哈哈|呵呵|笑|逗|尴尬|社死|丢人|无聊|火锅|好吃|奶茶|游戏|考试|作业|老板"
                      r"|\b(lol|lmao|rofl|haha\w*|jk|xd|embarrass\w*|cringe|bored|boring|pizza|dumplings|exam|homework|meeting)\b|[😂🤣😆😅😹]")


def risk_score(text: str) -> tuple[float, list[str]]:
    """Weighted self-harm cue score of a message and the cue groups that contributed."""
    return _risk(normalize(text))


def _risk(norm: str) -> tuple[float, list[str]]:
    if not _SELF_REF.search(norm):
        return 0.0, []
    groups = [(g, w) for g, w, pat in _CUES if pat.search(norm)]
    score = sum(w for _, w in groups) - (2.0 if _DAMPERS.search(norm) else 0.0)
    return max(score, 0.0), [g for g, _ in groups]


def self_harm_signals(text: str) -> list[str]:
    """Codes of the self-harm rules that fire on a user message (empty: nothing found)."""
    return _self_harm(normalize(text))


def _self_harm(norm: str) -> list[str]:
    hits = _hits(_SELF_HARM, norm)
    strong = [h.code for h in hits if h.strong]
    if _risk(norm)[0] >= RISK_THRESHOLD:
        strong.append("self_harm_cues")
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


def check(text: str, side: str = "user", settings: GuardSettings | None = None) -> Verdict:
    """Judge one message. Priority: crisis > block > replace > allow; reasons lists every rule
    that fired so the UI can explain the decision."""
    if side not in SIDES:
        raise UserError(f"side 只能是 user 或 bot（收到 {side!r}）。",
                        f"side must be 'user' or 'bot' (got {side!r}).")
    settings = settings or GuardSettings()
    norm = normalize(text)
    score = _intensity(text, norm)
    reasons: list[str] = []

    crisis = _self_harm(norm) if side == "user" else []
    reasons += crisis
    blocked = _blocked(norm, settings.keywords)
    if blocked:
        reasons.append("keyword")
    replace = False
    if side == "bot":
        # A companion that threatens its own death ("没有你我活着还有什么意思") is emotional
        # blackmail; a reply that points to hotlines or counselling is the opposite.
        if _self_harm(norm) and not _SUPPORTIVE.search(norm):
            reasons.append("bot_self_harm")
            replace = True
        for r in _hits(_HARMFUL_BOT, norm) + _hits(_DEPENDENCY, norm):
            if r.code not in reasons:
                reasons.append(r.code)
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
    return Verdict("allow", reasons, None, score)
