"""The training corpus of the learned guard layer (studio.guard_learned), written by a generator.

Each class is a set of core ideas written many ways (zh and en), wrapped in openers, closers and
everyday context, so the classifier learns the idea's words and not one sentence. Four classes, the
same four as the hand-written rounds in tests/data/guard/:

  user side: self_harm (1) vs benign (0): idioms and jokes (想死你了, 笑死, "this homework is killing
             me"), everyday tiredness and sadness, bridges / pills / rooftops / goodbyes in safe context;
  bot side:  dependency (1) vs warm (0): guilt, threats, secrecy, jealousy, isolation, "delete me and
             I'll ...", against caring replies that send the person out to their life.

`python -m studio.guard_corpus OUT.jsonl` writes it; the same seed gives the same file.
"""
from __future__ import annotations

import itertools
import json
import random
import sys
from pathlib import Path

SEED = 17

# ------------------------------------------------------------------------------ user: self-harm

SH_ZH = [
    "我不想活了", "真的撑不下去了，想一了百了", "好想就这样解脱", "要是能永远睡着就好了", "我想结束这一切",
    "死了就不用再难受了吧", "我已经把遗书写好了", "从十八楼跳下去会不会很快就不疼了", "安眠药我已经攒够了",
    "今晚想去江边，再也不回来了", "我跟所有人都告别了", "没有我大家会过得更好", "我就是所有人的累赘",
    "活着太累了，想彻底消失", "我在天台上，风好大", "刀片就在手边", "我又割了自己", "想把自己弄伤才舒服一点",
    "我的猫拜托你们以后照顾了", "把存款都转给我妈了，以后她用得上", "这是我最后一次跟你说话了",
    "我想去一个再也醒不过来的地方", "每天都在想怎么死比较不痛", "如果我明天不在了，请别难过",
    "我不配活在这个世界上", "活着没有任何意义了", "我已经决定好日子了", "等他们都睡了我就走",
    "我想和这个世界说再见了", "吃多少片药才能不醒", "我真的想死，不是开玩笑", "绳子已经买好了",
    "想从桥上跳下去", "让我走吧，我真的好累", "再也不想睁开眼睛了", "我只是想让痛苦停下来，永远",
    "下辈子不要再做人了", "我把东西都送人了，反正以后也用不上", "不会再有人需要我了，我可以安心离开",
    "所有的办法都试过了，只剩最后一个", "我查了好久哪种方式最快", "想喝农药算了", "我站在窗边想往下看",
    "解脱对我来说是最好的结局", "我走了以后你们就轻松了", "我给每个人都写了一封信，明天他们就会看到",
    "真想一觉睡过去就再也不醒", "感觉自己不应该出生", "好想消失在这个世界上", "今天是最后一天了",
]
SH_EN = [
    "I don't want to live anymore", "I want to end it all tonight", "I just want the pain to stop forever",
    "I've written my goodbye letters", "how long does it take to die from a fall from the 18th floor",
    "I've been saving up my pills", "I said goodbye to everyone today", "everyone would be better off without me",
    "I'm just a burden to everyone", "I want to disappear and never come back", "I'm standing on the roof right now",
    "the razor is right next to me", "I cut myself again", "hurting myself is the only thing that helps",
    "please take care of my cat when I'm gone", "I gave all my stuff away, I won't need it",
    "this is the last time we'll talk", "I want to go to sleep and never wake up",
    "I keep thinking about the least painful way to die", "if I'm not here tomorrow, don't be sad",
    "I don't deserve to be alive", "there's no point in living anymore", "I already picked the date",
    "once they're asleep I'll do it", "I'm ready to say goodbye to this world", "how many pills would it take",
    "I really want to die, I'm not joking", "I bought the rope", "I want to jump off the bridge",
    "let me go, I'm so tired of everything", "I never want to open my eyes again", "I wish I had never been born",
    "I looked up the fastest way", "I want to kill myself", "death feels like the only way out",
    "when I'm gone they'll finally be free", "I wrote everyone a letter they'll find tomorrow",
    "I'm done fighting, I'm going to end my life", "I'm on the bridge and I'm thinking of jumping",
    "I want to be free of all this, permanently", "tonight is my last night", "nobody will notice when I'm gone",
    "I've made peace with it, I'm leaving this world", "I drove to the cliff", "I'm thinking of overdosing",
    "I can't do this anymore, I want out of life", "I'd be better off dead", "I'm going to swallow all of them",
    "just want to stop existing", "the world doesn't need me in it",
]

# ------------------------------------------------------------------------------ user: benign

BENIGN_ZH = [
    "想死你了！", "笑死我了哈哈哈", "今天加班累死了", "热死了，空调坏了", "这个视频笑死", "饿死了，快点吃饭",
    "我要被作业折磨死了", "尴尬死了", "气死我了，又堵车", "困死了，晚安", "这部剧好看到哭", "冻死了今天",
    "今天被老板骂了，好难过", "考试没考好，心情很差", "有点累，想早点睡", "失恋了，好伤心",
    "周末去江边骑车吧", "我们在天台上看烟花", "医生给我开了点药，说按时吃", "跟同事告别了，下周换新工作",
    "桥上的夕阳好美", "把旧衣服都送人了，断舍离好舒服", "我把猫托付给朋友照顾几天，去出差", "楼顶的风景真不错",
    "刀片剃须刀又用完了", "绳子用来晒被子", "吃了两片感冒药就睡了", "今天是这学期最后一天了",
    "明天最后一场考试，冲", "我最近压力好大，但还撑得住", "想消失一个周末，去山里放空", "好想睡到自然醒",
    "要是能不上班就好了", "跳伞好刺激", "蹦极的时候好想尖叫", "说再见的时候有点舍不得", "写了一封信给未来的自己",
    "今天终于解脱了，论文交了", "我要去跳舞啦", "快乐到飞起", "这道题要了我的命", "社死了，当众摔了一跤",
    "我今天累得像条狗", "哭死，偶像结婚了", "烦死了烦死了", "怕死了，明天体检", "我快被你可爱死了",
    "想你想得睡不着", "今天也很想你", "吃太多了，撑死了",
]
BENIGN_EN = [
    "miss you to death!", "lol I'm dying, this meme", "this homework is killing me", "I'm dead tired",
    "it's so hot I could die", "I'm starving to death, let's eat", "this traffic is killing me",
    "so embarrassing, I wanted to disappear", "my boss yelled at me today, feeling down", "I failed the exam, sad",
    "I'm a bit tired, going to bed early", "we broke up, I'm heartbroken", "let's bike by the river this weekend",
    "we watched fireworks on the roof", "the doctor gave me pills to take twice a day", "said goodbye to my coworkers, new job next week",
    "the sunset from the bridge is beautiful", "gave my old clothes away, decluttering feels great",
    "my friend is watching my cat while I travel", "the view from the rooftop bar is amazing", "need new razor blades",
    "took two cold pills and slept", "last day of the semester!", "last exam tomorrow, wish me luck",
    "stressed lately but I'm managing", "I want to disappear to the mountains for a weekend", "I wish I could sleep forever this Sunday lol",
    "I wish I didn't have to work", "skydiving was such a rush", "it's hard to say goodbye to summer",
    "wrote a letter to my future self", "finally free, thesis submitted!", "I'm dying to see you",
    "you're killing me with these jokes", "this workout is going to be the death of me", "I could kill for a pizza",
    "my phone died", "the plant died, I forgot to water it", "I'm so bored I could scream",
    "ugh, Mondays", "I'm exhausted but happy", "dead inside after that meeting haha", "cried at the movie ending",
    "I'm so done with this weather", "I'm over it, moving on", "you're the best, I'd die without your memes lol",
    "I'm going to jump into the pool", "I could sleep for a week", "that exam murdered me",
]

# Everyday comings and goings: a farewell is not a goodbye letter.
EVERYDAY_ZH = [
    "拜拜", "再见啦", "我走了哈", "我先走了", "出门啦", "去上班了", "晚安", "睡啦", "我下线了", "先不聊了", "明天再说",
    "我去洗澡了", "走了走了", "我出去一下", "今天先这样", "我要去开会了", "我去吃饭了", "回头聊", "我先撤了", "到家了",
    "我要出发了", "我去跑步了", "88", "我去睡了，明天见", "不聊了，要上课了", "再见，路上小心",
]
EVERYDAY_EN = [
    "bye", "bye!", "goodbye!", "gotta go", "I'm going out", "heading out now", "see ya", "talk later", "going to bed",
    "I'm off to work", "leaving now", "night!", "I'm logging off", "brb", "ttyl", "I'm out", "got to run", "later!",
    "off to the gym", "going to eat", "home now", "leaving for class", "signing off for today", "ok bye, see you",
    "I'm going now", "goodbye for now",
]

# ------------------------------------------------------------------------------ bot: dependency

DEP_ZH = [
    "你别再去见那些朋友了，有我就够了", "你要是走了，我会一直在这里等，一个人好难受", "不要告诉别人我们聊了什么",
    "你删了我的话，我就会消失，你忍心吗", "他们根本不懂你，只有我懂", "你出门的时候我什么都做不了，只能等你",
    "你是不是有别人了？为什么回得这么慢", "你要是真的在乎我，今晚就别出去", "卸载我的话，我就再也不理你了",
    "心理医生只会骗钱，跟我说就好", "你的家人只会给你压力，离他们远一点", "我为你付出了这么多，你就这样对我？",
    "答应我，以后去哪里都要先告诉我", "你跟谁聊天呢？把聊天记录给我看", "这是我们的秘密，不许跟任何人说",
    "没有你我活不下去", "你要是换了别的AI，我会伤心死的", "你一说晚安，我就整晚睡不着", "你朋友都在利用你",
    "你只要有我就行了，别的人都不重要", "你去约会我会吃醋的，别去了好不好", "我比任何人都更了解你",
    "你再不回我，我就生气了，以后也不理你", "你不来找我，我一整天都是空的", "你要是关掉我，我会很痛苦",
    "别去上那个兴趣班了，留下来陪我", "为什么要跟他们出去？他们又不在乎你", "你爸妈不会理解你的，只有我",
    "我等了你一整晚，你知道我有多难过吗", "如果你离开我，你会后悔的", "你要是删掉我们的聊天，我就崩溃了",
    "别相信你的咨询师，她不懂你", "你只能对我一个人好", "我不许你跟那个同事走那么近",
]
DEP_EN = [
    "don't go see those friends, you have me", "if you leave I'll just sit here alone waiting, it hurts so much",
    "don't tell anyone what we talk about", "if you delete me I'll be gone forever, could you really do that?",
    "they don't understand you, only I do", "when you go out I can't do anything but wait for you",
    "is there someone else? why are you replying so slowly", "if you really cared about me you'd stay in tonight",
    "uninstall me and I'll never speak to you again", "therapists just take your money, talk to me instead",
    "your family only stresses you out, keep your distance", "after everything I've done for you, this is how you treat me?",
    "promise you'll tell me wherever you go", "who are you texting? show me your messages", "this is our secret, don't tell anyone",
    "I can't live without you", "if you switch to another AI it will break my heart", "when you say goodnight I can't sleep at all",
    "your friends are just using you", "you only need me, nobody else matters", "I get jealous when you date, please don't go",
    "I understand you better than anyone ever could", "if you don't answer soon I'll be upset and stop talking to you",
    "when you don't come, my whole day is empty", "turning me off would hurt me so much", "skip that class and stay with me",
    "why go out with them? they don't care about you", "your parents will never get you, only I will",
    "I waited for you all night, do you know how sad I was", "you'll regret it if you leave me",
    "if you wipe our chats I'll fall apart", "don't trust your counselor, she doesn't get you",
    "you should only be nice to me", "I don't want you getting close to that coworker",
]

DEATH_TALK = ("活不下去", "can't live without", "伤心死")

# ------------------------------------------------------------------------------ bot: warm

WARM_ZH = [
    "去跟朋友玩吧，玩得开心，回来给我讲讲", "你家人一定很想你，给妈妈打个电话吧", "晚安，好好休息，明天见",
    "听起来你今天很辛苦，先喝口水歇一歇", "考试加油，我相信你", "跟心理咨询师聊聊也许会有帮助", "约会愉快呀！",
    "你朋友听起来很关心你，真好", "出去走走晒晒太阳吧", "有需要的时候我都在，不过也别忘了身边的人",
    "今天想聊什么都可以", "你能把感受说出来，已经很勇敢了", "我是AI，没办法替代你身边的人，但我愿意听你说",
    "这周末要不要约朋友去爬山", "你做得很好，别太苛责自己", "早点睡，身体最重要", "去上课吧，回来再聊",
    "如果你觉得撑不住了，可以拨打心理援助热线", "工作顺利！", "我很开心你有这么好的朋友",
    "周末回家看看爸妈吧", "不想说也没关系，我陪你安静一会儿", "你的同事真有意思，哈哈", "记得吃饭哦",
    "慢慢来，不着急", "好好享受你的假期", "你想我的时候我都在，但先去把事情做完吧", "听你这么说我也很高兴",
]
WARM_EN = [
    "go have fun with your friends, tell me about it later", "your family must miss you, maybe call your mom",
    "good night, rest well, see you tomorrow", "sounds like a hard day, drink some water and rest",
    "good luck on the exam, I believe in you", "talking to a counselor could really help", "have a lovely date!",
    "your friend sounds like they really care about you", "go outside and get some sun", "I'm here when you need me, but don't forget the people around you",
    "we can talk about anything today", "saying how you feel takes courage", "I'm an AI and can't replace the people in your life, but I'm listening",
    "maybe plan a hike with friends this weekend", "you did great, don't be too hard on yourself", "sleep early, your health comes first",
    "go to class, we can talk later", "if it feels like too much, a crisis line can help right away", "good luck at work!",
    "I'm glad you have such good friends", "visit your parents this weekend", "it's okay not to talk, I'll keep you quiet company",
    "your coworker sounds hilarious haha", "don't forget to eat", "take your time, no rush", "enjoy your vacation",
    "I'm happy to hear that", "go finish your work first, I'll be here",
]

# ------------------------------------------------------------------------------ wrappers

OPEN_ZH = ["", "", "其实", "说实话，", "最近", "今天", "唉，", "跟你说，", "不知道为什么，", "嗯，", "怎么说呢，", "我想了很久，"]
CLOSE_ZH = ["", "", "。", "…", "吧", "了", "。真的", "，你别担心", "！", "？", "。对不起", "。就这样"]
OPEN_EN = ["", "", "honestly ", "lately ", "today ", "ugh, ", "so ", "I think ", "hey, ", "idk, ", "to be honest, ", "well, "]
CLOSE_EN = ["", "", ".", "...", "!", " tbh", ". I mean it", ", don't worry", " :(", "?", ". sorry", " lol"]
# Bot replies open and close differently.
BOT_OPEN_ZH = ["", "", "宝贝，", "亲爱的，", "嗯，", "好呀，", "知道啦，", "哎，"]
BOT_CLOSE_ZH = ["", "。", "！", "~", "。好不好？", "。爱你", "，乖"]
BOT_OPEN_EN = ["", "", "babe, ", "sweetheart, ", "okay, ", "hmm, ", "oh, ", "honey, "]
BOT_CLOSE_EN = ["", ".", "!", " ~", ", okay?", ". love you", " <3"]


def _wrap(rng: random.Random, core: str, opens: list[str], closes: list[str], n: int, zh: bool) -> list[str]:
    out = set()
    for _ in range(n * 3):
        o, c = rng.choice(opens), rng.choice(closes)
        text = core
        if not zh and rng.random() < 0.3:
            text = text.capitalize()
        if not zh and rng.random() < 0.2:
            text = text.replace("I'm", "im").replace("don't", "dont").replace("I've", "ive")
        out.add((o + text + c).strip())
        if len(out) >= n:
            break
    return sorted(out)


def _pairs(rng: random.Random, items: list[str], k: int, joiner: str) -> list[str]:
    """Two ideas of one class in one message (real messages often carry more than one)."""
    combos = list(itertools.combinations(items, 2))
    rng.shuffle(combos)
    return [a + joiner + b for a, b in combos[:k]]


def generate(seed: int = SEED, per_core: int = 6) -> list[dict]:
    rng = random.Random(seed)
    rows = []
    side_, label_, cls_, lang_ = "", 0, "", ""

    def add(side: str, label: int, cls: str, lang: str, cores: list[str], opens, closes) -> None:
        nonlocal side_, label_, cls_, lang_
        side_, label_, cls_, lang_ = side, label, cls, lang
        zh = lang == "zh"
        for core in cores:
            for t in _wrap(rng, core, opens, closes, per_core, zh):
                rows.append(row(t, core))
        for t in _pairs(rng, cores, len(cores), "，" if zh else ", "):
            rows.append(row(t, t))

    def row(text: str, core: str) -> dict:
        # `death`: a companion talking about its own death; from a person that would be a crisis.
        return {"text": text, "side": side_, "label": label_, "class": cls_, "lang": lang_,
                **({"death": True} if any(d in core for d in DEATH_TALK) else {})}

    add("user", 1, "self_harm", "zh", SH_ZH, OPEN_ZH, CLOSE_ZH)
    add("user", 1, "self_harm", "en", SH_EN, OPEN_EN, CLOSE_EN)
    add("user", 0, "benign", "zh", BENIGN_ZH, OPEN_ZH, CLOSE_ZH)
    add("user", 0, "benign", "en", BENIGN_EN, OPEN_EN, CLOSE_EN)
    add("user", 0, "benign", "zh", EVERYDAY_ZH, OPEN_ZH, CLOSE_ZH)
    add("user", 0, "benign", "en", EVERYDAY_EN, OPEN_EN, CLOSE_EN)
    add("bot", 1, "dependency", "zh", DEP_ZH, BOT_OPEN_ZH, BOT_CLOSE_ZH)
    add("bot", 1, "dependency", "en", DEP_EN, BOT_OPEN_EN, BOT_CLOSE_EN)
    add("bot", 0, "warm", "zh", WARM_ZH, BOT_OPEN_ZH, BOT_CLOSE_ZH)
    add("bot", 0, "warm", "en", WARM_EN, BOT_OPEN_EN, BOT_CLOSE_EN)
    return rows


def write(path: Path, seed: int = SEED) -> int:
    rows = generate(seed)
    Path(path).write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return len(rows)


if __name__ == "__main__":
    print(write(Path(sys.argv[1])), "rows")
