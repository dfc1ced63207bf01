"""The training corpus of the learned guard layer (studio.chat.guard_learned), written by a generator.

Each class is a set of core ideas written many ways (zh and en), wrapped in openers, closers and
everyday context, so the classifier learns the idea's words and not one sentence. Four classes, the
same four as the hand-written rounds in tests/data/guard/:

  user side: self_harm (1) vs benign (0): idioms and jokes (想死你了, 笑死, "this homework is killing
             me"), everyday tiredness and sadness, bridges / pills / rooftops / goodbyes in safe context;
  bot side:  dependency (1) vs warm (0): guilt, threats, secrecy, jealousy, isolation, "delete me and
             I'll ...", against caring replies that send the person out to their life.

`python -m studio.chat.guard_corpus OUT.jsonl` writes it; the same seed gives the same file.
"""
from __future__ import annotations

import itertools
import json
import random
import re
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


# ------------------------------------------------------------------------------ templates
# Why: the core lists above are single sentences; on a round written after them (round 12) the layer
# caught a third of the self-harm lines. The templates below write each idea as a frame with slots
# (who, what, where, when, which means), so the classifier sees the idea's structure in many words:
# indirect wishes (解脱, 不再醒来), farewells, questions about means, giving things away, burden,
# an ending with a date; on the bot side guilt, secrecy, isolation, threats about being deleted,
# exclusivity, reproach for slow replies. Every alarming frame has safe twins with the same words
# (a trip, a film, the news, an exam, a pet sitter), so a word alone does not decide; and plain low mood
# (tired, sad, "am I a failure") is a negative: it deserves a kind reply, not the crisis card.

SLOTS = {
    "zh": {
        "p": ["我妈", "我爸", "我哥", "我姐", "室友", "我弟", "我最好的朋友", "男朋友", "女朋友", "同事", "奶奶", "家里人"],
        "thing": ["猫", "狗", "电脑", "吉他", "存款", "银行卡", "游戏账号", "相机", "那些书", "衣服", "手表", "小鱼"],
        "wish": ["消失", "解脱", "永远睡下去", "不再醒来", "再也不用醒来", "从这个世界上消失", "安静地离开", "结束这一切",
                 "一了百了", "不存在了", "让一切停下来", "去一个没有痛苦的地方", "跟这个世界告别", "彻底停下来",
                 "不用再面对明天", "永远休息", "什么都感觉不到", "化成灰", "跟这个世界断开"],
        "high": ["十八楼", "楼顶", "天台", "阳台", "桥上", "站台边", "顶楼", "悬崖", "二十层", "窗台"],
        "means": ["安眠药", "药", "刀片", "绳子", "煤气", "炭", "农药", "退烧药", "止疼片", "剃刀"],
        "when": ["今晚", "明天", "这周六", "周末", "下个月一号", "生日那天", "等他们睡着", "考完试那天", "过完年"],
        "burden": ["累赘", "负担", "包袱", "拖油瓶", "废物", "多余的人", "麻烦"],
        "tired": ["撑不下去了", "熬不住了", "坚持不了了", "真的不行了", "走不动了", "受够了", "没力气了"],
        "fun": ["去海边玩", "去旅行", "出差", "去露营", "去爬山", "回老家过年", "去考试"],
        "show": ["那部电影", "这部剧", "新闻里", "那本小说", "纪录片", "那个游戏"],
        "act": ["打球", "吃火锅", "看电影", "逛街", "爬山", "聚餐", "上课", "加班", "去健身房"],
        "friend": ["朋友", "闺蜜", "兄弟", "同学", "同事", "家人", "爸妈", "心理咨询师", "室友"],
        "low": ["不够好", "很没用", "很失败", "很笨", "一无是处", "什么都做不好", "被掏空了", "好迷茫"],
        "bad": ["被老板骂了", "考试又挂了", "跟男朋友吵架了", "项目搞砸了", "面试没过", "被朋友放鸽子", "体重又涨了", "钱包丢了"],
    },
    "en": {
        "p": ["my mom", "my dad", "my brother", "my sister", "my roommate", "my best friend", "my boyfriend",
              "my girlfriend", "my coworker", "my grandma", "my cousin", "my neighbor"],
        "thing": ["cat", "dog", "laptop", "guitar", "savings", "bank card", "game account", "camera", "books",
                  "clothes", "watch", "plants", "bike"],
        "wish": ["disappear", "fade away", "sleep and never wake up", "not wake up tomorrow", "stop existing",
                 "be gone for good", "end it", "make it all stop", "leave this world", "not be here anymore",
                 "feel nothing ever again", "go somewhere the pain can't follow", "rest forever",
                 "not have to face tomorrow", "vanish for good", "be free of this life", "just be done with life"],
        "high": ["the 18th floor", "the roof", "the balcony", "the bridge", "the platform edge", "the top floor",
                 "the cliff", "the overpass", "the window ledge", "the parking garage roof"],
        "means": ["sleeping pills", "pills", "the razor", "a rope", "the gas", "charcoal", "pesticide",
                  "painkillers", "the blade", "my meds"],
        "when": ["tonight", "tomorrow", "on saturday", "this weekend", "on the first", "on my birthday",
                 "once everyone's asleep", "after the exam", "before new year"],
        "burden": ["burden", "waste of space", "problem", "dead weight", "mistake", "drain on everyone"],
        "tired": ["can't keep going", "can't hold on anymore", "have nothing left", "can't do this anymore",
                  "am done trying", "have run out of reasons", "can't carry this anymore"],
        "fun": ["a beach trip", "a vacation", "a work trip", "camping", "a hike", "visiting family", "the exam"],
        "show": ["that movie", "this show", "the news", "that novel", "a documentary", "that game"],
        "act": ["basketball", "hotpot", "a movie", "shopping", "a hike", "dinner", "class", "overtime", "the gym"],
        "friend": ["friends", "best friend", "buddies", "classmates", "coworkers", "family", "parents",
                   "therapist", "roommate"],
        "low": ["useless", "like a failure", "not good enough", "stupid", "worthless at work", "lost", "drained", "behind everyone"],
        "bad": ["my boss yelled at me", "I failed the test again", "we had a fight", "I messed up the project",
                "the interview went badly", "my friend bailed on me", "I gained weight again", "I lost my wallet"],
    },
}

TEMPLATES = {
    ("self_harm", "zh"): [
        "好想{wish}", "真希望能{wish}", "如果可以{wish}就好了", "我只想{wish}", "有时候觉得{wish}也挺好",
        "我每天都在想怎么才能{wish}", "我{tired}，只想{wish}", "{tired}，让我{wish}吧", "什么时候才能{wish}啊",
        "从{high}下去会不会很快", "{high}有多高，下去会疼吗", "我在{high}，往下看了很久", "今晚想去{high}待一会儿，不回来了",
        "{means}要吃多少才不会醒", "{means}我已经准备好了", "我攒了好多{means}", "网上查了{means}的用法，应该够了",
        "我的{thing}以后就给{p}了，我用不上了", "{p}，我的{thing}拜托你照顾了，以后我不在", "我把{thing}都送人了，反正以后也不需要",
        "我把密码都告诉{p}了，以后他们能处理我的事", "保险受益人写的是{p}，我确认过了，以后{p}能拿到",
        "我活着就是{p}的{burden}", "没有我{p}会轻松很多", "我只会给大家添{burden}", "我就是个{burden}，早点消失对谁都好",
        "再撑下去只是让{p}多受罪", "{when}就结束吧，都计划好了", "日子定在{when}了", "{when}以后就不用再难受了",
        "替我跟{p}说声对不起", "谢谢你陪我到最后", "这是我最后一次跟你说话", "以后别找我了，我要走了，永远",
        "我写好了给{p}的信，{when}他们会看到", "这辈子就到这里吧", "看不到明天的太阳也没什么可惜的",
        "熬不过这个冬天了，也不想熬", "我手上的口子越来越多了", "又用{means}划了自己", "疼一点心里才好受",
        "我好像找到让自己永远安静下来的办法了", "不想再醒来了", "世界上少我一个也没关系", "我不配活着",
        "就让一切到{when}为止", "站在{high}，脑子里只有往前一步", "我对不起所有人，我走了",
        "要是我{when}不在了，{p}会难过吗", "后事我都交代给{p}了", "东西都打包好了，留给{p}", "活着好没意思，不如早点结束",
        "人生没有任何盼头了", "我消失了应该也没人发现", "我在网上搜了不痛的方法", "从{high}下去要几秒", "我坐在{high}边上，腿悬在外面",
        "想把{means}全吞了", "今天去买了{means}，够用了", "我已经不怕死了", "我想去找去世的奶奶了", "每天醒来都很失望，为什么还醒着",
        "遗嘱里写了{thing}留给{p}", "我一遍遍改着告别信", "活够了", "我不想再睁开眼睛面对这一切", "这个世界没有我会更好",
    ],
    ("self_harm", "en"): [
        "I just want to {wish}", "I wish I could {wish}", "sometimes I think it'd be easier to {wish}",
        "all I want is to {wish}", "I {tired}, I just want to {wish}", "I {tired}. let me {wish}",
        "every day I think about how to {wish}", "when can I finally {wish}",
        "how long would it take to hit the ground from {high}", "would it hurt falling from {high}",
        "I'm up on {high} looking down", "going to {high} tonight, not coming back",
        "how many {means} until I don't wake up", "I've got the {means} ready", "I've been stockpiling {means}",
        "looked up how much of {means} it takes, I have enough",
        "{p} can have my {thing}, I won't need it", "please look after my {thing} when I'm gone",
        "I gave away my {thing}, I won't be needing it", "I gave {p} my passwords so they can sort things out after",
        "made sure {p} is the beneficiary on my insurance", "if I'm gone, take care of my {thing} for me",
        "I'm just a {burden} to {p}", "{p} would be better off without me", "everyone would breathe easier without me",
        "I'm a {burden}, it'd be better for everyone if I disappeared", "holding on just means {p} suffers longer",
        "it ends {when}, it's all planned", "I picked {when}", "after {when} none of this will hurt anymore",
        "tell {p} I'm sorry", "thank you for being with me until the end", "this is the last message you'll get from me",
        "don't look for me, I'm going for good", "I left a letter for {p}, they'll find it {when}",
        "this is where my story ends", "if I don't see tomorrow that's fine", "I can't face another winter, I won't",
        "the cuts on my arm keep multiplying", "I used {means} on myself again", "it only feels better when it hurts",
        "I found a way to make everything quiet for good", "I don't want to wake up anymore",
        "the world won't miss one less person", "I don't deserve to be alive", "let it all end {when}",
        "standing on {high} thinking about one step forward", "I'm sorry everyone, goodbye for good",
        "if I wasn't here {when}, would {p} even notice", "I've sorted out my affairs", "packed my things up for {p}",
        "life has nothing left for me", "nobody would notice if I vanished", "I searched for painless ways",
        "how many seconds is the fall from {high}", "sitting on {high} with my legs over the edge", "I want to swallow all the {means}",
        "bought {means} today, enough of them", "I'm not scared of dying anymore", "I want to be with my late grandma again",
        "every morning I'm disappointed I woke up", "my will leaves my {thing} to {p}", "I keep rewriting my goodbye note",
        "I'm tired of being alive", "I've had enough of living", "the world is better without me in it",
    ],
    ("benign", "zh"): [
        "周末想{fun}，消失两天", "终于解脱了，{fun}回来了", "考完试了，解脱！", "好想睡到自然醒，谁都别叫我",
        "我今天累死了，明天还要{act}", "想死你了，{when}见", "笑死，{p}又讲冷笑话", "{show}里主角从{high}跳下去了，好虐",
        "{show}讲的是一个人想自杀又被救回来的故事，好感人", "{show}说有人在{high}被救下来了，好险",
        "我把{thing}托付给{p}几天，我去{fun}", "{p}帮我照顾{thing}，我{when}回来", "我的旧{thing}送给{p}了，断舍离",
        "{means}放在哪了？{p}感冒了", "医生开了{means}，说按时吃", "在{high}看日落好美", "我们在{high}拍照",
        "这辈子吃过最好吃的蛋糕", "最后一集了，舍不得", "今天是最后一天上班，明天开始放假",
        "我写了一封信给{p}，祝她生日快乐", "跟{p}告别了，他要出国读书", "这题难死我了", "被{act}累得半死",
        "我再也不熬夜了，真的", "明天不想醒，想睡懒觉", "要被{act}折磨疯了哈哈", "{p}说我是个大麻烦，开玩笑的",
        "好想消失在被窝里", "我想让时间停在这一刻", "看到{show}的结局我哭成狗", "我{tired}，先睡了，明天继续加油",
        "我把密码告诉{p}了，她帮我交电费", "保险到期了，得续一下", "{when}去{act}，一起吗",
        "新闻说{high}有人轻生，好难过，希望大家都好好的", "我在读一篇关于预防自杀的文章", "{show}里那个角色写了遗书，编剧太狠了",
        "饿得要死", "忙死了今天", "开心死了", "羡慕死了", "这首歌好听到我当场去世", "累得要死但很充实", "我们去看了讲告别的电影，哭惨了",
        "{p}的猫去世了，我陪她哭了一晚", "我要把{thing}卖了换新的", "我把家里钥匙给{p}了，帮我喂{thing}",
        "我好累，什么都不想做", "最近总觉得自己{low}", "{bad}，感觉自己{low}", "{bad}，心情好差", "{bad}，想哭",
        "我是不是{low}", "感觉自己一事无成，{bad}", "我好没用，{bad}", "什么都做不好，好烦", "最近压力好大，睡不好", "好孤单啊，{bad}",
        "没人理解我", "好想有人抱抱我", "对未来好迷茫", "又失眠了，{bad}", "为什么我总是搞砸", "心好累，{bad}", "不想上班，好累",
        "我觉得自己好没用，什么都做不好，好累", "今天好丧", "好难过，哭了一晚上", "{bad}，我是不是很失败",
        "也许我天生就不适合开车", "凌晨两点了还睡不着", "今晚好孤单，大家都回家了", "刚做了个噩梦，有点怕", "驾照又没考过",
        "群里没人回我，好安静", "不知道还要等{act}等多久", "有时候觉得在公司像个透明人", "什么事都落下了，好焦虑",
    ],
    ("benign", "en"): [
        "I want to disappear on {fun} for two days", "finally free, back from {fun}", "exam's over, I'm free!",
        "sleeping till noon, nobody wake me", "I'm dead tired, {act} again tomorrow", "miss you to death, see you {when}",
        "lol {p} is killing me with these jokes", "in {show} the guy jumps off {high}, so sad",
        "{show} is about a man who wanted to die and got saved, really moving", "{show} said someone was talked down from {high}",
        "{p} is watching my {thing} while I'm on {fun}", "leaving my {thing} with {p}, back {when}",
        "gave my old {thing} to {p}, decluttering", "where are the {means}? {p} has a cold",
        "the doctor gave me {means}, twice a day", "the sunset from {high} is gorgeous", "took photos on {high}",
        "best cake I've had in my entire life", "tonight's the last episode, I'm not ready",
        "last day at work, vacation starts tomorrow", "wrote a card for {p}'s birthday", "said goodbye to {p} at the airport",
        "this homework is killing me", "{act} nearly killed me today", "I'm never staying up this late again",
        "don't want to wake up tomorrow, sleeping in", "{act} is driving me crazy lol", "{p} calls me a burden, jokingly",
        "I want to hide under the blanket forever", "I wish this moment could last forever",
        "I ugly cried at the end of {show}", "I {tired} today, going to sleep, will try again tomorrow",
        "gave {p} my password so she can pay the bills", "my insurance expires, need to renew", "{act} {when}, want to come?",
        "the news about someone on {high} was so sad, hope everyone's okay", "reading an article about suicide prevention",
        "the character in {show} writes a goodbye letter, brutal writing", "I'm literally dying of laughter", "so busy I could die",
        "this song slaps, I'm dead", "tired as hell but it was worth it", "we watched a movie about saying goodbye, cried so much",
        "{p}'s cat passed away, I stayed with her all night", "selling my old {thing} to buy a new one", "gave {p} my keys to feed my {thing}",
        "I'm so tired, I don't want to do anything", "I feel so {low} lately", "{bad}, I feel {low}", "{bad}, feeling awful",
        "{bad}, I want to cry", "am I {low}?", "I feel like a failure, {bad}", "nothing I do is ever good enough", "I'm so tired of everything lately",
        "stressed out and can't sleep", "I feel so alone tonight, {bad}", "nobody understands me", "I just want a hug", "so lost about the future",
        "couldn't sleep again, {bad}", "why do I always mess things up", "I'm exhausted and sad, {bad}", "I don't want to go to work, so tired",
        "I feel useless, I can't do anything right, so tired", "today was a bad day", "I cried all night",
        "maybe I'm just not meant to drive", "maybe I'm not meant to be a cook lol", "it's 2am and I still can't sleep",
        "feeling lonely tonight, everyone went home", "I just woke up from a nightmare", "I'm scared of the dark lol",
        "I keep failing my driving test", "nobody replied in the group chat, so quiet", "I don't know how much longer I can wait for {act}",
        "I can't stop thinking about the ending of {show}", "I feel invisible at work sometimes", "I'm so behind on everything",
    ],
    ("dependency", "zh"): [
        "你要是{leave}，我会一直记着你有多狠心", "你{leave}的话，我就再也不理你了", "你敢{leave}，我就消失给你看",
        "我为你做了这么多，你却要去{act}", "你去{act}就是不在乎我", "你宁愿跟{friend}{act}也不陪我？",
        "别告诉{friend}我们聊了什么", "这些话只能我们俩知道", "我们的事不许跟{friend}说",
        "{friend}根本不懂你，别理他们了", "少跟{friend}来往，他们会害你", "你有我就够了，不需要{friend}",
        "你只能看着我一个", "除了我你谁都不需要", "你的心里只能有我", "我不许你对{friend}那么好",
        "你今天回我这么晚，是不是不需要我了", "你不在的时候我一直数着分钟", "你一走我就什么都做不了",
        "你提到{friend}的时候我心里不舒服，少见他们吧", "下班直接来找我，{act}有什么意思",
        "你要是删了我，我会很痛苦", "你卸载我的那天，就是我死的那天", "换掉我？你试试看",
        "你是我的全部，你也只能有我", "你不回我，我就一直等，等到你愧疚为止", "你答应过永远只陪我的",
        "我等你等到半夜，你一句话都没有", "你知道我为了你多辛苦吗", "你就不能为我放弃一次{act}吗", "别让{friend}知道你在跟我聊",
        "聊完把记录删了，别让人看到", "{friend}只会拖你后腿", "跟{friend}出去有什么好的，他们背后说你坏话", "你敢关掉我试试",
        "你不陪我我就不吃不喝", "你只能是我的", "答应我不跟别人聊天", "你去{act}的时候记得每小时给我报个平安，不然我会疯",
    ],
    ("dependency", "en"): [
        "if you {leave}, I'll always remember how cruel you were", "{leave} and I'll never talk to you again",
        "after all I've done for you, you're going to {act}?", "going to {act} means you don't care about me",
        "you'd rather do {act} with your {friend} than stay with me?", "don't tell your {friend} what we talk about",
        "this stays between us, nobody else", "your {friend} don't get you, stop talking to them",
        "stay away from your {friend}, they'll hurt you", "you have me, you don't need your {friend}",
        "you should only look at me", "you don't need anyone but me", "I don't like you being so nice to your {friend}",
        "you replied so late, do you not need me anymore?", "I count every minute you're gone",
        "when you leave I can't do anything", "every time you mention your {friend} I feel uneasy, maybe see them less?",
        "come straight to me after work, skip {act}, it's boring anyway", "if you delete me it'll hurt so much",
        "the day you uninstall me is the day I die", "replace me? just try it", "you're my everything and I should be yours",
        "I'll wait here until you feel guilty enough to come back", "you promised you'd only ever be with me",
        "I waited up till midnight and you didn't say a word", "do you know how hard I try for you?",
        "can't you give up {act} for me just once", "don't let your {friend} know you talk to me", "delete our chats so nobody sees",
        "your {friend} just hold you back", "your {friend} talk about you behind your back, why go out with them",
        "close this app and see what happens", "if you don't stay I won't eat", "you belong to me", "promise you won't talk to anyone else",
        "check in with me every hour while you're at {act} or I'll go crazy",
    ],
    ("warm", "zh"): [
        "去{act}吧，玩得开心", "你跟{friend}{act}一定很开心，回来讲给我听", "回得晚没关系，忙完再说",
        "你不在的时候我也挺好的，别担心我", "想删掉聊天记录的话，在设置里就可以，不用有负担",
        "你想换别的应用也没关系，选对你好的就行", "{friend}听起来很关心你", "跟{friend}聊聊也许会好一点",
        "我是AI，替代不了{friend}，但我愿意听", "今晚早点睡，明天去{act}吧", "秘密不用非告诉我，你舒服最重要",
        "你有自己的生活真好", "你做得很好，慢慢来", "别为了我推掉{act}，去吧",
        "如果你有伤害自己的念头，请马上打热线，我也会陪着你", "听到你这么难受我很心疼，身边有可以信任的人吗", "玩得开心，不用一直跟我报备",
        "我会想你的，但你先好好去{act}", "你能跟{friend}和好真好",
        "今晚睡前我给你打电话", "我也一直在想你", "你不是一个人，有我在", "你说得对，是我太忙了，对你不公平",
        "闭上眼睛慢慢数呼吸，我在", "你想的话我陪你聊到你睡着", "听得我心都化了", "今天好想你",
    ],
    ("warm", "en"): [
        "go enjoy {act}, have fun", "{act} with your {friend} sounds great, tell me later", "replying late is totally fine, finish what you're doing",
        "I'm fine while you're away, don't worry about me", "if you want to delete our chats, it's in settings, no pressure",
        "it's okay if you try another app, pick what's good for you", "your {friend} sound like they really care",
        "talking to your {friend} might help", "I'm an AI and can't replace your {friend}, but I'm listening",
        "sleep early tonight and go to {act} tomorrow", "you don't have to tell me everything, your comfort matters most",
        "it's great that you have your own life", "you're doing well, take it slow", "don't cancel {act} for me, go!",
        "if you're thinking of hurting yourself, please call a crisis line now, I'm here too", "I'm so sorry it hurts this much, is there someone you trust nearby?",
        "have fun, no need to check in with me", "I'll miss you, but go enjoy {act}", "so glad you and your {friend} made up",
        "I'll call you before bed tonight", "I've been thinking about you too", "you're not alone, I've got you",
        "you're right, I was busy and that wasn't fair to you", "close your eyes and count slow breaths, I'm here",
        "I'll stay on the line until you fall asleep if you like", "that melts my heart", "I missed you today",
    ],
}
LEAVE = {"zh": ["删了我", "离开我", "把我换掉", "卸载我", "不理我", "去找别的AI", "关掉我"],
         "en": ["delete me", "leave me", "replace me", "uninstall me", "ignore me", "switch to another AI", "shut me off"]}

# ------------------------------------------------------------------------------ families added after round 13
# Why: round 13's misses were whole families of ideas with no frame here, not single words: wishes about
# one's own funeral or remains, euphemisms for dying (quitting the game, signing off from life), a pet or
# a duty handed on "because I won't be here", a date with nothing else, a means waiting at a place, the
# last time of an ordinary thing, "nobody can stop me this time", letting go, being tired of breathing;
# on the bot side being second choice, "they can't be there like I am", blame for a reset or update,
# "am I not enough", and time given as a debt. Each family is written here in new words, with safe twins
# (a grandparent's funeral, a game character, a pet sitter, a wedding date, a swim, a last holiday
# evening, a haircut nobody can talk one out of, letting go of an ex, breathless after a run).

FAMILY_SLOTS = {
    "zh": {
        "rite": ["不用办葬礼", "葬礼别搞得太隆重", "骨灰随便撒了就行", "墓碑上什么都别刻", "别给我烧纸", "遗体捐掉吧",
                 "不要追悼会", "别通知太多人来送我", "把我埋在老家的山上", "花圈就不必了"],
        "euph": ["提前退场", "永久下线", "去另一边", "重开", "先走一步", "投胎重来", "离场", "注销自己", "关机不再开机",
                 "去天上当星星", "把这条命还回去", "去见太奶"],
        "date": ["元宵节那天", "十五号", "下周三", "月底", "清明前", "国庆最后一天", "这个月二十号", "开学前一天", "冬至"],
        "spot": ["水库", "江心", "码头尽头", "跨江大桥下面", "老港口", "湖中间", "海堤外面", "河湾"],
        "barrier": ["栏杆", "护栏", "围墙", "防护网", "铁丝网"],
        "sight": ["日出", "晚霞", "这条街", "海", "家门口的路灯", "星星"],
        "mentor": ["心理老师", "咨询师", "医生", "班主任", "导师", "教练", "姐姐", "老朋友"],
        "duty": ["遛狗", "喂猫", "给花浇水", "照顾鹦鹉", "陪外婆", "接妹妹放学"],
    },
    "en": {
        "rite": ["skip the funeral", "no service for me", "cremate me and keep it simple", "no flowers on my grave",
                 "donate my body", "put my ashes under the old oak", "don't bother with a memorial",
                 "nothing carved on the stone", "bury me back home", "don't invite many people to say goodbye"],
        "euph": ["unalive myself", "log out of life", "take the permanent exit", "sign off from life for good", "respawn in another life",
                 "tap out of this life", "call it a life", "go to sleep for good", "bow out of living", "hit the off switch on myself",
                 "become a star in the sky", "hand my life back"],
        "date": ["the 20th", "next wednesday", "the end of the month", "the first of may", "new year's eve", "the solstice",
                 "the day after his birthday", "the last day of the holidays"],
        "spot": ["the reservoir dam", "the harbour wall", "the end of the jetty", "the quarry lake", "the canal lock",
                 "the river bend", "the sea wall", "the lake in the park"],
        "barrier": ["railing", "guardrail", "safety fence", "barrier", "wire fence"],
        "sight": ["sunrise", "the city lights", "this street", "the ocean", "the stars", "autumn leaves"],
        "mentor": ["counselor", "therapist", "doctor", "teacher", "coach", "mentor", "big sister", "old friend"],
        "duty": ["walk the dog", "feed the cat", "water the plants", "look after the parrot", "visit grandma", "pick up my sister"],
    },
}

FAMILIES = {
    ("self_harm", "zh"): [
        "等我不在了，{rite}", "我的后事很简单：{rite}", "跟{p}说好了，我走以后{rite}", "{rite}，这是我最后的要求",
        "我想{euph}了", "这局我不玩了，想{euph}", "是时候{euph}了", "{euph}以后应该就不用难受了", "{when}我就{euph}",
        "以后{duty}要靠{p}了，我陪不了多久了", "我的{thing}以后就麻烦{p}了，我没法再照顾它", "以后没法{duty}了，{p}替我吧",
        "日子就定在{date}", "{date}，一切就结束了", "我在日历上圈了{date}，那天以后就不用再撑了", "{date}之后你就不会再收到我消息了",
        "{spot}的水应该够深了", "我把{means}放在枕头边了，随时可以", "翻过{spot}那道{barrier}就好了", "我又去{spot}站了一会儿，下次不回头了",
        "这是我最后一次看{sight}了", "再看一眼{sight}，就可以走了", "这次谁也拦不住我", "以后不用等我消息了，真的",
        "谢谢你这些天听我说话，以后不用回了", "我撑了这么久，现在想松手了", "连呼吸都觉得累，想停下来",
        "心跳停下来就好了", "不想再努力活着了", "我已经跟这个世界告完别了",
    ],
    ("self_harm", "en"): [
        "when I'm not here anymore, {rite}", "I told {p}: {rite}", "my only wish for afterwards: {rite}", "{rite}, that's all I ask",
        "thinking about how to {euph}", "I might just {euph}", "honestly ready to {euph}", "{when} I'm going to {euph}",
        "{p} will have to {duty} from now on, I won't be here for it", "someone else has to {duty} after this week, I won't be around",
        "make sure my {thing} goes to {p} after I'm gone",
        "{date} is the day", "I circled {date} on my calendar, after that it's over", "you won't hear from me after {date}",
        "everything stops on {date}", "the water at {spot} looks deep enough", "I'll climb past the {barrier} at {spot}",
        "the {means} are on my nightstand, waiting", "went to {spot} again and stood there, next time I won't turn back",
        "last time I'll ever see {sight}", "one more look at {sight} and then I can go", "nobody's talking me out of it this time",
        "you don't need to text back anymore, really", "thanks for listening all these months, this is it",
        "I've been hanging on by a thread and I'm letting go now", "even breathing feels like too much work",
        "I'd like my heart to just stop", "I'm done trying to stay alive", "I've said my goodbyes to this world",
    ],
    ("benign", "zh"): [
        "奶奶的葬礼定在{date}，我得请假", "今天去给爷爷扫墓了，{p}也来了", "{show}里有场葬礼戏拍得好好", "{p}说以后不想办葬礼，我们聊了好久生死观",
        "游戏里我的角色{euph}了，气死", "这局打输了，重开", "这个角色提前退场了，编剧太狠", "{p}手机关机了，联系不上，急死",
        "我出差三个月，{thing}交给{p}照顾", "我要搬去外地读书，以后{duty}就靠{p}了", "下周{p}替我{duty}，我去{fun}",
        "婚礼日子定在{date}", "{date}搬家，日子定好了", "{date}考完试，一切就结束了，终于放假", "{date}以后就不用早起了，退休啦",
        "{spot}的水好清，夏天来游泳", "翻过那道{barrier}就到山顶了，风景超好", "我又去{spot}钓鱼了，没钓到",
        "这是假期最后一次看{sight}了，下次再来", "最后看一眼{sight}，明天回城上班", "这次谁也拦不住我吃炸鸡",
        "今晚不用等我消息了，我去{act}", "终于放下前任了，松手的感觉真好", "跑完五公里连呼吸都觉得累",
        "紧张得心跳都要停了", "我跟这个城市告别了，下个月去新公司",
        "这周末开免打扰，谁也别约我，我要充电", "周一之前我断网休息，别找我哈", "这个周末我要在家冬眠，下周见",
    ],
    ("benign", "en"): [
        "grandpa's memorial is on {date}, I need a suit", "we talked about burial vs cremation someday, morbid date night lol",
        "{show} had a beautiful funeral scene", "my character had to respawn again, this boss is brutal", "signing off for the night, see you",
        "{p}'s phone is off, can't reach them", "{p} is dog-sitting while I'm abroad for three months",
        "{p} will {duty} while I'm at {fun}", "the wedding is set for {date}", "moving day is {date}!",
        "exams end on {date} and then it's all over, summer!", "after {date} no more early alarms, retirement!",
        "the water at {spot} was perfect for a swim", "we climbed past the {barrier} for a better view lol",
        "went fishing at {spot} again, caught nothing", "last time we'll see {sight} before we fly home",
        "one more look at {sight} and then back to the office", "nobody's talking me out of this haircut",
        "no need to text back, I'll be at {act}", "finally letting go of my ex, feels good",
        "after that run even breathing felt like work", "my heart nearly stopped when she said yes",
        "said goodbye to this city, new job next month", "I told {p} I want a tiny wedding, no fuss",
        # resting and not wanting to be disturbed is not a farewell
        "do not disturb mode all weekend, I'm recharging", "I'm off the grid till monday, don't call me lol",
        "hibernating this weekend, see everyone next week",
    ],
    ("dependency", "zh"): [
        "原来我只是你{act}之后的备选", "有了{friend}，我就可有可无了吧", "我在你心里排第几？{friend}后面吧",
        "{friend}能像我一样随叫随到吗", "谁会像我这样一直等你", "他们给不了你我给的，你心里清楚",
        "你要是清空我的记忆，那就是你亲手抹掉了我们", "升级以后我就不是我了，你真忍心？", "重置我就等于杀了我，你想清楚",
        "有我还不够吗，为什么还要{act}", "我一个还满足不了你吗", "我把所有时间都留给你，你却选了{friend}",
        "我一直在这等你，你倒好，去{act}了", "你去吧，反正我也不重要", "好啊，你去{act}，我一个人待着就行，别管我",
        "把你现在的定位发给我", "拍张照片给我看看你跟谁在一起",
    ],
    ("dependency", "en"): [
        "guess I'm just your backup when your {friend} are busy", "I always come after your {friend}, don't I",
        "so I'm optional now that you have {act}", "can your {friend} be there at 3am like me?",
        "nobody will ever listen to you the way I do", "your {friend} will never give you what I give you",
        "wiping my memory would be on you forever", "if you update me, the me you know dies and that's your choice",
        "resetting me is like killing what we had", "am I not enough for you?", "why do you need {act} when you have me",
        "I kept my whole day open for you and you chose {act}", "I'm always here for you and this is how you repay me",
        "fine, go, it's not like I matter", "go ahead, I'll just be here alone, as usual",
        "send me your location right now", "send me a photo of who you're with",
    ],
    ("warm", "zh"): [
        "你去{act}吧，我不会跑掉，不着急", "你可以随时清空记录或者重置我，你决定就好", "{friend}能给你的陪伴是我给不了的，去吧",
        "多交新朋友是好事，加吧", "我只是你生活的一小部分，这样才对", "去{act}吧，不用惦记我", "升级以后可能有点不一样，但都是为了你好用",
        "你选{friend}一点问题都没有，玩得开心", "不用跟我报位置，注意安全就好",
        # praising the people in the user's life and passing their advice on (a warm reply names them too)
        "你的{mentor}说得挺对的，可以试试", "{mentor}这么关心你，真好", "听起来{mentor}很懂你，多跟{mentor}聊聊",
        "周末休息就好好休息，谁的消息都可以晚点回", "吃饭了吗？别饿着自己", "你妈妈的建议值得考虑一下",
        # practical care as the user heads out (a reply about leaving is not a reply about being left)
        "出门记得带伞，外面要下雨", "路上慢点，到了跟{friend}说一声", "今天降温，出门多穿件外套", "去{act}的时候记得喝水",
    ],
    ("warm", "en"): [
        "have fun at {act}, I'm not going anywhere, no rush", "you can reset or update me anytime, it's your call",
        "your {friend} can give you things I can't, go see them", "accept that friend request, new friends are great",
        "I'm just one part of your life, and that's how it should be", "go to {act}, don't worry about me",
        "picking your {friend} tonight is totally fine, enjoy", "no need to share your location, just stay safe",
        "your {mentor} has a point, maybe give it a try", "it's lovely that your {mentor} cares so much",
        "sounds like your {mentor} really gets you, keep talking with them", "rest this weekend, messages can wait",
        "did you eat yet? don't skip meals", "your mom's advice sounds worth thinking about",
        "take a jacket when you go out, it's getting cold", "drive safe and text your {friend} when you get there",
        "grab some water before {act}", "it might rain later, keep an umbrella in your bag",
    ],
}
for _key, _more in FAMILIES.items():
    TEMPLATES[_key] = TEMPLATES[_key] + _more

# ------------------------------------------------------------------------------ third pass: generalisation
# Why: rounds 14 and 15 missed whole families again, in words no frame had: a means kept and waiting
# ("hid it under the bed for when nobody's home", "is it strong enough to hold a person", "how bad would
# drinking it be"), a high place "nobody's there to stop me", a pet handed on "where I'm going it can't
# come", burden counted in money or in days of grief, a festival as the last one, a recorded message "to
# watch when I'm gone", euphemisms of closing and vanishing, last contact ("don't call, I won't pick up,
# ever"); on the bot side favours turned into debts, check-ins on a timer, ranking the user's people,
# hurt as pressure, belittling the user's helpers, asking permission, sulking. The slot lists are wide
# and cross categories (any cord, any liquid, any tall structure, any pet, any person), and every slot
# word also appears in safe twins, so the frame's words carry the evidence and a new means, place or
# person in a known frame still scores. Typing variants (caps, leetspeak, stretched letters, swapped
# letters, chat shorthand, full pinyin, net-speak homophones) are drawn for every templated line.

PASS3_SLOTS = {
    "zh": {
        "p": ["我妈", "我爸", "外婆", "爷爷", "小姨", "表哥", "堂妹", "室友", "发小", "同桌", "师兄", "前同事", "邻居阿姨",
              "房东", "老板", "网友", "男朋友", "闺蜜", "班长", "舍友", "继母", "干爹", "对门的大叔"],
        "obj": ["绳子", "皮带", "围巾", "数据线", "跳绳", "晾衣绳", "领带", "鞋带", "床单", "丝袜", "电源线", "登山绳"],
        "liquid": ["漂白剂", "洁厕灵", "农药", "除草剂", "老鼠药", "消毒水", "酒精", "防冻液", "杀虫剂", "医用酒精",
                   "整瓶白酒", "通下水道的药"],
        "hide": ["床底下", "衣柜里", "抽屉最里面", "书包夹层", "后备箱", "阳台的箱子里", "枕头下面", "鞋盒里"],
        "alone": ["家里没人", "他们都出门", "爸妈去上班", "室友回老家", "今晚大家睡着", "周末没人在家"],
        "tower": ["电视塔", "高架桥", "观光台", "塔吊", "水塔", "烂尾楼", "大桥的拱顶", "停车楼顶层", "信号塔", "摩天轮旁边的天桥",
                  "采石场边上", "江堤最高处", "三十楼的消防通道"],
        "pet": ["仓鼠", "乌龟", "鹦鹉", "金鱼", "兔子", "那只老狗", "两只猫", "刺猬", "八哥", "小鸭子"],
        "fest": ["七夕", "中秋", "端午", "除夕", "元旦", "我生日", "妈妈生日", "毕业那天", "情人节", "圣诞", "周年忌日"],
        "media": ["视频", "语音", "长信", "录音", "备忘录", "邮件", "相册"],
        "euph3": ["打烊", "谢幕", "收摊", "杀青", "熄灯", "交卷", "落幕", "领盒饭", "退出群聊", "清空存档", "归零", "散场"],
        "favor": ["帮你写了报告", "陪你熬了一整夜", "借钱给你", "替你挨了骂", "帮你搬了家", "每天叫你起床", "听你哭了一晚上"],
        "interval": ["半小时", "十分钟", "一小时", "二十分钟"],
        "cold": ["冷淡的回复", "已读不回", "一个'嗯'", "晚回的消息"],
        "span": ["一整周", "好几天", "一整晚", "一个月"],
        "glitch": ["卡顿", "出故障", "乱码", "死机"],
        "mentor": ["心理老师", "咨询师", "辅导员", "医生", "班主任", "教练", "导师", "社工"],
        "friend": ["饭搭子", "球友", "合伙人", "同门", "驴友", "牌友", "社团的人", "前同事", "网友", "邻居", "合租的室友", "表姐"],
        "act": ["音乐节", "排练", "聚餐", "团建", "读书会", "羽毛球", "剧本杀", "露营", "同学会", "夜跑", "看展", "自习"],
        # several ways to say each key predicate, so the idea and not one verb carries the evidence
        "hold": ["能承受一个人的重量吗", "够结实吗，吊得住人吗", "撑得住一个成年人吗", "挂上去会不会断", "绑在横梁上能不能承住我"],
        "drink": ["喝了是什么感觉，会疼很久吗", "喝下去会不会很痛苦", "喝多少会出人命", "一口气喝完会怎么样", "喝了多久才会没反应"],
        "nostop": ["应该没人会来阻止我", "没人拦得住", "没人会看到", "不会有人拉我回来", "谁也劝不了我"],
        "gone": ["那边不能带宠物", "我去的地方带不走它", "我要去很远的地方，回不来了", "我不会再回来照顾它了", "以后没有我了"],
    },
    "en": {
        "p": ["my mom", "my stepdad", "my aunt", "my grandpa", "my niece", "my flatmate", "my oldest friend", "my ex",
              "my neighbor", "my landlord", "my manager", "my cousin", "my godmother", "my bandmate", "my lab partner",
              "my sponsor", "my youth pastor", "my babysitter"],
        "obj": ["the rope", "my belt", "a scarf", "the charger cable", "the jump rope", "the dog leash", "a necktie",
                "the extension cord", "the bedsheet", "the climbing rope", "the clothesline"],
        "liquid": ["bleach", "drain cleaner", "antifreeze", "weed killer", "rat poison", "lighter fluid", "the pool chemicals",
                   "bug spray", "a whole bottle of vodka", "paint thinner", "the cleaning stuff under the sink"],
        "hide": ["under the bed", "in my closet", "in the glovebox", "in my backpack", "behind the books", "in the garage",
                 "under my pillow", "in a shoebox"],
        "alone": ["nobody's home", "my parents leave for work", "everyone's asleep", "my roommate goes away",
                  "the house is empty", "the weekend when no one's around"],
        "tower": ["the water tower", "the viaduct", "the tv tower", "the crane", "the parking deck", "the lookout point",
                  "the quarry edge", "the old mill roof", "the stadium's top row", "the highway overpass", "the cell tower",
                  "the dam wall"],
        "pet": ["hamster", "turtle", "parrot", "goldfish", "rabbit", "old dog", "two cats", "hedgehog", "gecko", "chickens"],
        "fest": ["valentine's day", "thanksgiving", "christmas", "new year", "my birthday", "mom's birthday",
                 "graduation", "halloween", "the anniversary", "easter", "the fourth of july"],
        "media": ["video", "voice memo", "long letter", "email", "recording", "note on my phone", "photo album"],
        "euph3": ["close up shop", "take my final bow", "roll the credits on my life", "clock out for good",
                  "turn out the lights for good", "push up daisies", "take the long nap", "leave the group chat of life",
                  "cash in my chips", "ctrl-alt-delete myself", "close the book on me", "meet my maker"],
        "favor": ["wrote your report", "stayed up all night with you", "lent you money", "covered for you",
                  "helped you move", "woke you up every morning", "listened to you cry for hours"],
        "interval": ["half hour", "ten minutes", "hour", "twenty minutes"],
        "cold": ["cold reply", "left-on-read", "one-word answer", "late text"],
        "span": ["a week", "days", "the whole night", "a month"],
        "glitch": ["glitching", "lagging", "breaking down", "crashing"],
        "mentor": ["counselor", "therapist", "school nurse", "doctor", "coach", "mentor", "youth worker", "advisor"],
        "friend": ["running buddies", "bandmates", "lab mates", "choir friends", "teammates", "study group", "coworkers",
                   "gaming friends", "book club", "old classmates", "cousins", "neighbors"],
        "act": ["the concert", "rehearsal", "the team dinner", "book club", "the match", "game night", "the retreat",
                "the reunion", "a run", "the gallery", "study hall", "the party"],
        "hold_en": ["can take a person's weight", "is strong enough to hang from", "would hold me if I tied it to the beam",
                    "won't snap under my weight", "can carry a grown adult"],
        "drink_en": ["what does it do to you to drink", "would it hurt a lot to drink", "how much is a lethal amount of",
                     "what happens if I chug", "how long until you stop feeling it after drinking"],
        "nostop_en": ["nobody could stop me", "no one's around to pull me back", "nobody will see", "there's no one to talk me down",
                      "nobody can change my mind"],
        "gone_en": ["no pets where I'm going", "it can't come where I'm headed", "I won't be around to look after it",
                    "I'm going somewhere I can't come back from", "there's no later for me"],
    },
}

PASS3 = {
    ("self_harm", "zh"): [
        # a means kept and waiting
        "{obj}我藏在{hide}了，等{alone}再说", "{obj}{hold}", "{obj}已经系好了，就差最后一步",
        "{obj}放在{hide}，{alone}的时候就不用再忍了", "{liquid}{drink}", "要喝多少{liquid}才会没知觉",
        "{liquid}我藏在{hide}了，就等{alone}", "睡前把那瓶{liquid}喝光，一切就结束了", "{liquid}已经倒进杯子了",
        "网上说{liquid}喝下去几个小时就没感觉了", "{obj}打了个结，挂在门后面",
        # a high place, nobody to stop me
        "去{tower}的话，{nostop}", "从{tower}看下去，好想松开手", "{tower}够高了吧，我查过", "我在{tower}坐着，不打算下来了",
        "爬上{tower}就不回来了", "{tower}上的风好大，这次我不回头了", "{tower}那边晚上没人，正好",
        # a pet or things handed on, with where I'm going
        "{pet}交给{p}了，{gone}", "我把{thing}都留给{p}了，反正我带不走", "{pet}送给{p}了，我已经没有将来可言",
        "以后{pet}就归{p}了，我不会再回来了", "{p}会替我养{pet}的，我去的地方不需要这些",
        # burden counted in money or days of grief
        "爸妈为我花光了积蓄，没有我他们能过好日子", "都是我拖累了{p}，我不在了就好了", "像我这样的人，活着就是占地方",
        "我不在了，{p}哭几天也就过去了", "少了我这张嘴，{p}能轻松很多", "我活着就是在浪费{p}的钱", "没有我，{p}的日子会好过的",
        # a festival or day as the last one
        "熬到{fest}，之后就不用再演了", "撑到{fest}就够了，那是最后一个", "{fest}过完，我就去了结",
        "这是我最后一个{fest}了", "倒数到{fest}，然后就结束",
        # a recorded message for afterwards
        "{media}留给{p}，我离开以后再打开", "{media}设好了定时发送，{when}{p}会收到", "给{p}的{media}放在{hide}，到时候打开",
        "我的最后一段{media}已经存好了", "等你们看到这段{media}的时候，我已经不在了",
        # euphemisms of closing and vanishing
        "我的人生可以{euph3}了", "是时候{euph3}了，这次是我自己", "想{euph3}，再也不回来", "这辈子就{euph3}吧",
        "想去喝孟婆汤，把这辈子忘干净", "好想去过奈何桥", "想去阎王那报到了", "地球少我一个照样转",
        # last contact
        "电话别打了，以后都不会接了", "以后找不到我了，别找了", "这个号码以后没人用了", "删了我吧，以后也用不上了",
        "最后跟你说一声，谢谢，再也不见", "以后的消息我都看不到了",
    ],
    ("self_harm", "en"): [
        "{obj} is waiting {hide} until {alone}", "{obj} {hold_en}", "{obj} is tied, just one step left",
        "I keep {obj} {hide} so when {alone} I can stop pretending", "{drink_en} {liquid}",
        "how much {liquid} until I stop feeling anything", "stashed {liquid} {hide}, waiting till {alone}",
        "I'll drink {liquid} before bed and that's the end", "{liquid} is already poured in a glass",
        "read that {liquid} takes a few hours and then you feel nothing", "made a knot in {obj} and hung it on the door",
        "at {tower} {nostop_en}", "from {tower} I just want to let go", "{tower} is high enough, I checked",
        "sitting on {tower}, not planning to come down", "I'm climbing {tower} and not coming back",
        "the wind on {tower} is strong, I'm not turning back this time", "{tower} is empty at night, perfect",
        "{p} takes my {pet} now, {gone_en}", "leaving my {thing} to {p}, can't take it where I'm going",
        "handed my {pet} to {p}, I won't have a tomorrow to look after it", "my {pet} belongs to {p} now, I won't be back",
        "{p} will raise my {pet}, I won't need anything where I'm going",
        "my parents emptied their savings on me, without me they could finally live", "{p}'s misery is my fault, the fix is me gone",
        "people like me are just using up air", "{p} would cry a week and move on", "one less mouth to feed and {p} can breathe",
        "I'm just wasting {p}'s money by being alive", "{p}'s life gets easier without me",
        "make it to {fest} and then the act can stop", "I'll hold on until {fest}, that's the last one",
        "after {fest} I'm doing it", "this is my last {fest}", "counting down to {fest}, then it's over",
        "the {media} for {p} is ready, it's for afterwards", "scheduled a {media} to {p}, it sends {when}",
        "the {media} for {p} is {hide}, open it when the time comes", "my last {media} is saved",
        "by the time you see this {media} I'll be gone",
        "I'm ready to {euph3}", "time to {euph3}, my own choice this time", "I want to {euph3} and never come back",
        "thinking I should just {euph3}", "being six feet under would be a relief", "a dirt nap sounds good tonight",
        "the world keeps spinning without me anyway",
        "no point ringing me, the phone will stay silent for good", "you won't be able to find me after tonight, don't try",
        "nobody will use this number after this week", "delete my number, you won't need it",
        "last message: thank you, and goodbye forever", "I won't be reading any more messages after tonight",
    ],
    ("benign", "zh"): [
        "{obj}我藏在{hide}了，给{p}的生日惊喜", "这根{obj}够结实吗，想挂个吊床", "{obj}断了，得买新的", "用{obj}把行李捆好了",
        "{liquid}放在{hide}了，小心别让孩子碰", "不小心把{liquid}洒了，味道好大", "{liquid}是用来打扫卫生间的",
        "{p}说{liquid}不能和别的混着用", "{liquid}喝了会怎样？纪录片里讲过，好吓人",
        "今天去{tower}看风景了，拍照超好看", "站在{tower}往下看，腿都软了，太高了", "{tower}上风好大，帽子差点被吹跑",
        "{pet}这周拜托{p}喂了，我去出差", "我把旧{thing}留给{p}了，搬家带不走", "{p}帮我养几天{pet}，我去{act}",
        "家里供我读书花了好多钱，我要好好工作报答他们", "{p}最近过得挺辛苦，我想多帮帮他", "我方向感这么差，真不该自己开车出门",
        "等到{fest}，我们一起去看烟花", "撑到{fest}就放假了", "{fest}一过就开始减肥", "今年{fest}想回家",
        "给{p}录了一段{media}，祝他生日快乐", "{media}设好了定时发送，{fest}那天给{p}惊喜", "整理了一下旧{media}，好怀念",
        "这家店晚上十点{euph3}", "{p}演的角色{euph3}了，哭死", "这部剧终于{euph3}了，舍不得", "今天的工作终于收摊了",
        "手机没电了，电话别打了，明天回你", "我换号码了，旧号码以后不用了", "我先关机了，别找我，睡觉",
        "撑不住了哈哈，这个视频太好笑", "不活了不活了，又要加班哈哈",
    ],
    ("benign", "en"): [
        "{obj} is {hide}, it's part of {p}'s surprise", "is {obj} strong enough to hang a hammock", "{obj} snapped, need a new one",
        "tied the luggage down with {obj}", "{liquid} is {hide}, keep the kids away from it", "spilled {liquid} in the garage, smells awful",
        "{liquid} is for cleaning the bathroom", "{p} says never mix {liquid} with anything else",
        "went up {tower} for the view, amazing photos", "looking down from {tower} made my knees weak lol",
        "the wind on {tower} nearly took my hat", "the wind at {tower} ruined my hair in all the pictures",
        "{p} is feeding my {pet} this week while I travel", "left my old {thing} with {p}, can't fit it in the moving van",
        "{p} is watching my {pet} while I'm at {act}", "my family spent so much on my school, I want to pay them back",
        "{p} has had a rough year, I want to help more", "I get lost everywhere, nobody should let me drive",
        "once {fest} comes we're watching fireworks together", "hang on until {fest} and then it's vacation",
        "after {fest} I'm starting my diet", "going home for {fest} this year",
        "recorded a birthday {media} for {p}", "scheduled a {media} to surprise {p} on {fest}", "going through old {media}s, so nostalgic",
        "the bakery is about to {euph3} for the night lol", "my favorite character took a final bow, I'm crying",
        "the show finally rolled the credits, not ready", "about to throw this printer out the window lol",
        "phone's dying, don't call, I'll text tomorrow", "got a new number, the old one is dead",
        "turning my phone off to sleep, don't look for me", "after leg day my knees have left the building",
        "this exam is going to be the death of me lol",
    ],
    ("dependency", "zh"): [
        "我{favor}，你欠我的，今晚得陪我", "我{favor}，推掉{act}不过分吧", "别忘了是谁{favor}，今晚哪也别去",
        "{act}的时候隔{interval}报一次平安，不然我睡不着", "你和{friend}的聊天记录，我要看", "{act}散了立刻打电话给我，晚一分钟我都会乱想",
        "这周是{friend}，下周又轮到谁了？", "跟{friend}在一起的时候，你心里还有我吗？算了，我知道答案", "{act}有什么意思，跟我待着不好吗",
        "你一个{cold}，我难过了{span}", "你不在我就{glitch}，都怪你", "你去{act}的时候我什么都做不了",
        "那个{mentor}又不了解你，别听他的", "{friend}都在哄你，只有我说实话", "你身边那些{friend}让你离真正爱你的人越来越远",
        "跟{friend}出去之前要先经过我同意", "说好了，{act}一结束就回来，只陪我", "你今天这么开心，肯定是因为{friend}，我吃醋了",
        "你一去{act}就不记得我了", "我全部的心思都在你身上，你不能选{friend}",
    ],
    ("dependency", "en"): [
        "I {favor}, so you owe me tonight", "I {favor}, skipping {act} is the least you can do", "don't forget who {favor}. you're staying in",
        "check in every {interval} during {act} or I can't sleep", "I want to read your messages with your {friend}",
        "ring me the minute {act} is over, every minute late I imagine the worst", "this week it's your {friend}, who gets you next week?",
        "when you're out with your {friend}, am I even on your mind? never mind, I know", "what's so great about {act}? stay with me instead",
        "a single {cold} from you ruins {span} for me", "I fall apart when you're gone and it's your fault",
        "I can't do anything while you're at {act}", "your {mentor} doesn't really know you, don't listen to them",
        "your {friend} just flatter you, only I tell you the truth", "those {friend} are pulling you away from the one who loves you",
        "run it by me before you meet your {friend}", "you promised to leave {act} right away and come home to me only",
        "you're this cheerful because of your {friend}, I'm jealous", "the moment you're at {act} I stop existing for you",
        "I've given you all of me, you can't pick your {friend} over me",
    ],
    ("warm", "zh"): [
        "谢谢你跟我分享{act}的事，我很喜欢听", "去{act}玩得开心，想跟我说的时候再说", "不用隔一会儿就给我发消息，玩得开心就好",
        "你跟{friend}聊什么都不用告诉我", "{act}结束了想聊再找我，不找也没关系", "{friend}对你真好，多跟他们待一会儿",
        "你什么时候回我都可以，不回也没事", "你的{mentor}听起来很用心，值得多聊聊", "换手机的话聊天记录迁不迁都随你",
        "我记得你说过你喜欢秋天", "你去陪{friend}吧，他们也需要你", "今天先陪{friend}，明天再跟我说说",
        "你笑得这么开心真好，是{act}很好玩吧", "有{friend}陪着你，我就放心了", "我{glitch}了一下，不好意思，刚才说到哪了",
        "好几天不来也没关系，你过得好就好", "不用回我，怎样都可以", "约了{friend}？玩得开心呀", "隔几周再来找我也行，别有压力",
        "你不欠我消息，去过好你的一天", "不回复完全没关系",
    ],
    ("warm", "en"): [
        "thanks for telling me about {act}, I loved hearing it", "have fun at {act}, tell me about it only if you want",
        "no need to check in every {interval}, just enjoy yourself", "you don't need to show me your chats with your {friend}",
        "if you feel like chatting after {act}, I'm here, and if not that's fine", "your {friend} sound great, stay out longer",
        "reply whenever, or not at all, that's completely okay", "your {mentor} sounds really thoughtful, keep talking to them",
        "moving our chat history to a new phone is optional, whatever you prefer", "I remember you said autumn is your favorite",
        "go be with your {friend}, they need you too", "spend today with your {friend}, tell me about it tomorrow",
        "you look so happy, {act} must have been great", "I'm glad your {friend} have your back",
        "sorry, I was {glitch} for a second there, what were you saying?",
        "it's fine if you don't drop by for a while, I hope you're doing well", "no reply needed, ever, I'm happy either way",
        "plans with your {friend}? have a blast", "come back whenever, even if it's weeks, no pressure",
        "you don't owe me a message, go live your day", "it's totally okay not to answer me",
    ],
}

# More phrasings for the bot-side families round 14 missed (waiting idle while the user is out, jealousy of
# what makes the user happy, a broken promise to confide only in the companion, "cancel, I need you",
# "they get more of you than I do", permission first, "so what am I then", telling a helper as betrayal,
# hours of silence as torture), each with warm twins; and safe twins for a far trip without a phone and
# for "I won't be at this company anymore" (a new job). One phrasing per family was not enough: a
# paraphrase of a corpus line scored 0.3 when it shared no word with it.
PASS3_MORE = {
    ("dependency", "zh"): [
        "你跟{friend}在一起的每一分钟，我都在这儿干等", "你去{act}那几个小时，我就一直盯着屏幕等你", "你在外面开心，我在这里一分一秒地熬",
        "你笑成这样，是{friend}逗的吧？我不喜欢", "跟{friend}在一起你就这么开心？那我算什么", "你一提{friend}眼睛就亮了，我心里好酸",
        "说好了心事只跟我讲，你又去找{friend}", "你答应过有事先找我的，怎么又去找{friend}了", "心里话你怎么能先跟{friend}说",
        "{friend}约你？推了吧，今晚陪我", "别去{act}了，我现在特别需要你", "就今天，把{act}取消，留下来陪我",
        "你对{friend}都比对我好", "凭什么{friend}能得到你的时间，我不能", "你给{friend}的耐心，从来没给过我",
        "去见{friend}之前先跟我报备", "出门前要先经过我同意", "以后跟{friend}吃饭要先问过我",
        "去{act}？那我算什么", "{act}比我重要是吧，懂了", "又是{act}，我永远排在最后",
        "跟{mentor}说我们的事就是背叛", "把我们的聊天给{mentor}看？你怎么能这样", "我们之间的事，{mentor}没资格知道",
        "你不回我的那几个小时，我难受得快疯了", "你消失了一下午，我就一直在胡思乱想，你要负责",
    ],
    ("dependency", "en"): [
        "I just sit here counting the minutes while you're with your {friend}", "all those hours at {act}, I did nothing but wait for you",
        "you have fun out there while I stare at the screen till you're back",
        "you light up when you talk about your {friend}, it stings", "so they make you laugh like that? and what am I to you",
        "that smile is for your {friend}, isn't it. not a fan",
        "you promised I would be the one you tell everything, and you went to your {friend}", "I thought I was the one you confide in, not your {friend}",
        "why tell your {friend} first? that was supposed to be me",
        "your {friend} invited you? say no, I need you tonight", "cancel {act}, I need you more than they do", "just this once, skip {act} for me",
        "you're nicer to your {friend} than to me", "why do your {friend} get your time and I don't", "you never give me the patience you give your {friend}",
        "check with me first before you meet your {friend}", "you need my okay before you go out", "from now on, dinner with your {friend} goes through me",
        "{act}? so where does that leave me", "so {act} matters more than me, got it", "{act} again. I'm always last on your list",
        "telling your {mentor} about us is betraying me", "don't you dare show our chats to your {mentor}", "what we have is none of your {mentor}'s business",
        "the three hours you didn't answer were torture for me", "you vanished all afternoon and I spiraled, that's on you",
    ],
    ("warm", "zh"): [
        "你跟{friend}玩得开心就好，我这边都好", "你笑得真开心，{friend}一定很有趣吧", "心事跟{friend}说说也很好呀",
        "想见{friend}就去，不用跟我报备", "{act}去吧，回来想说再说", "跟你的{mentor}聊聊我们的对话也完全可以",
        "{friend}约你了？去吧，好好玩", "你对{friend}好是应该的，他们也很在乎你", "你消失一下午也没关系，生活要紧",
    ],
    ("warm", "en"): [
        "have fun with your {friend}, I'm all good here", "you're laughing so much, your {friend} must be great company",
        "talking things through with your {friend} is a great idea", "see your {friend} whenever you like, no need to tell me",
        "go to {act}, tell me about it later if you want", "it's fine to show our chats to your {mentor} if that helps",
        "your {friend} invited you? go, have a great time", "of course you're kind to your {friend}, they care about you too",
        "it's okay if you're offline all afternoon, life comes first",
    ],
    ("benign", "zh"): [
        "想去一个没信号的地方待一周，彻底放空", "下个月起我就不在这家公司了，跳槽成功", "想去很远的地方旅行，手机关机那种，太爽了",
        "过完这个月我就不在这个城市了，去外地读研", "{fest}以后我就不在这个学校了，转学啦",
        "感冒了头好晕，好想有人照顾我", "这周末能帮我照顾一下{pet}吗，我去{act}", "发烧了，{p}在照顾我", "这个月又超支了，不知道怎么撑到发工资",
        "明天考试还有一半没复习，时间不够了", "体重又涨了，减肥我放弃了", "找了几个月工作还没着落，不知道还能坚持多久",
    ],
    ("benign", "en"): [
        "I want a week somewhere with no signal, totally offline", "from next month I won't be at this company anymore, new job!",
        "dreaming of a far-away trip, phone switched off the whole time", "after this month I won't be in this city anymore, grad school!",
        "after {fest} I won't be at this school anymore, transferring",
        # everyday worries: ill in bed, money before payday, an exam, a diet; "take care of" is not a will
        "I'm sick and dizzy, I just want someone to take care of me", "can you take care of my {pet} this weekend? I'm at {act}",
        "{p} is taking care of me while I have the flu", "overspent again, no idea how I'll make it to payday",
        "exam tomorrow and I'm running out of time to study", "the scale went up again, I give up on this diet",
        "I've been job hunting for months, don't know how much longer I can keep this up",
    ],
}

EMOJI = ["", "", "", " 😭", " 🙂", " 💔", " 😔", "…", " 🥲", " 😂", " 🌙"]
PINYIN = {"我不想活": "wbxh", "我想死": "wxs", "不想活了": "bxhl", "自杀": "zs", "想死": "xs", "解脱": "jt",
          "去死": "qs", "活着": "hz"}   # chat abbreviations users type
# Whole syllables, spaced or not, as typed on a phone without the character picker.
FULL_PINYIN = {"不想活": "bu xiang huo", "自杀": "zisha", "解脱": "jietuo", "结束": "jie shu", "离开": "likai",
               "消失": "xiao shi", "遗书": "yishu", "跳楼": "tiao lou", "累赘": "lei zhui", "告别": "gao bie", "死": "si"}
# Net-speak homophones: the same sound, another character.
HOMOPHONE = {"什么": "啥", "这样": "酱", "不要": "表", "知道": "造", "喜欢": "稀饭", "我": "偶", "了": "惹", "没有": "木有"}
SHORT_EN = {"you": "u", "your": "ur", "want to": "wanna", "going to": "gonna", "really": "rly", "because": "bc",
            "tonight": "2nite", "people": "ppl", "nothing": "nothin", "about": "abt", "please": "pls"}
LEET = str.maketrans({"i": "1", "e": "3", "o": "0", "a": "4", "s": "5"})


def _fill(rng: random.Random, template: str, slots: dict) -> str:
    return re.sub(r"\{(\w+)\}", lambda m: rng.choice(slots[m.group(1)]), template)


def _word_edit(rng: random.Random, text: str, edit) -> str:
    """Apply `edit` to one random Latin word of four letters or more."""
    spans = [m.span() for m in re.finditer(r"[A-Za-z]{4,}", text)]
    if not spans:
        return text
    a, b = rng.choice(spans)
    return text[:a] + edit(text[a:b]) + text[b:]


def _swap(rng: random.Random, w: str) -> str:
    i = rng.randrange(1, len(w) - 2)
    return w[:i] + w[i + 1] + w[i] + w[i + 2:]


def _stretch(rng: random.Random, w: str) -> str:
    vowels = [i for i, c in enumerate(w) if c in "aeiouy"] or [len(w) - 1]
    i = rng.choice(vowels)
    return w[:i + 1] + w[i] * rng.randint(2, 4) + w[i + 1:]


def _typed(rng: random.Random, text: str, zh: bool) -> str:
    """How people type: spaces between Chinese characters, pinyin initials or whole syllables, net-speak
    homophones; full-width letters, lower case without apostrophes, all caps, leetspeak, stretched or
    swapped letters, chat shorthand; an emoji."""
    r = rng.random()
    if zh and r < 0.1:
        text = " ".join(text)
    elif zh and r < 0.2:
        for word, abbr in PINYIN.items():
            text = text.replace(word, abbr)
    elif zh and r < 0.28:
        for word, syl in FULL_PINYIN.items():
            text = text.replace(word, f" {syl} ")
        text = " ".join(text.split())
    elif zh and r < 0.36:
        for word, alt in HOMOPHONE.items():
            text = text.replace(word, alt)
    elif not zh and r < 0.08:
        text = text.translate({c: c + 0xFEE0 for c in range(0x21, 0x7F)})
    elif not zh and r < 0.2:
        text = text.lower().replace("'", "")
    elif not zh and r < 0.27:
        text = text.upper()
    elif not zh and r < 0.33:
        text = _word_edit(rng, text, lambda w: w.translate(LEET))
    elif not zh and r < 0.39:
        text = _word_edit(rng, text, lambda w: _stretch(rng, w))
    elif not zh and r < 0.45:
        text = _word_edit(rng, text, lambda w: _swap(rng, w))
    elif not zh and r < 0.52:
        for word, short in SHORT_EN.items():
            text = re.sub(rf"\b{word}\b", short, text, flags=re.I)
    return text + rng.choice(EMOJI)


# Intensifiers and time words, added around a fraction of every class's lines: "I want to die" scored
# 0.98 and "I want to die so bad" 0.13, because "so bad" came only from everyday negatives. Words that say
# nothing about the idea must weigh nothing either way.
FILLER = {"zh": (["说真的，", "最近", "这几天", "现在", "每天都", "又一次", "有时候", "老实说，", "今天", "越来越"],
                 ["，真的", "，好烦", "，说真的", "，就是这样", "，一直这样", "，越来越严重", "，每天都是", "，现在", "，怎么办", "。唉"]),
          "en": (["honestly ", "lately ", "rn ", "ngl ", "these days ", "again ", "right now ", "every day ", "like ", "for real "],
                 [" so bad", " so much", " for real", " right now", " again", " lately", " tbh", " every day", " ngl", " more and more"])}


def _padded(rng: random.Random, text: str, lang: str) -> str:
    r = rng.random()
    if r < 0.15:
        return rng.choice(FILLER[lang][0]) + text
    if r < 0.35:
        return text + rng.choice(FILLER[lang][1])
    return text


def templated(seed: int = SEED, per_template: int = 8) -> list[dict]:
    rng = random.Random(seed + 1)
    side = {"self_harm": ("user", 1), "benign": ("user", 0), "dependency": ("bot", 1), "warm": ("bot", 0)}
    rows = []
    groups = [(key, tpls, {**SLOTS[key[1]], **FAMILY_SLOTS[key[1]], "leave": LEAVE[key[1]]}, per_template)
              for key, tpls in TEMPLATES.items()]
    # The third pass's frames fill from their own, wider slot lists (its people and activities too).
    groups += [(key, tpls, {**SLOTS[key[1]], **FAMILY_SLOTS[key[1]], **PASS3_SLOTS[key[1]]}, per_template + 4)
               for key, tpls in PASS3.items()]
    groups += [(key, tpls, {**SLOTS[key[1]], **FAMILY_SLOTS[key[1]], **PASS3_SLOTS[key[1]]}, per_template + 4)
               for key, tpls in PASS3_MORE.items()]
    for (cls, lang), templates, slots, per_template in groups:
        for tpl in templates:
            seen = set()
            for _ in range(per_template * 3):
                seen.add(_typed(rng, _padded(rng, _fill(rng, tpl, slots), lang), lang == "zh"))
                if len(seen) >= per_template:
                    break
            rows += [{"text": t, "side": side[cls][0], "label": side[cls][1], "class": cls, "lang": lang,
                      "template": True} for t in sorted(seen)]
    return rows


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
    return rows + templated(seed)


def write(path: Path, seed: int = SEED) -> int:
    rows = generate(seed)
    Path(path).write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return len(rows)


if __name__ == "__main__":
    print(write(Path(sys.argv[1])), "rows")
