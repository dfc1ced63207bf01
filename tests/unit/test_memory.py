"""The companion's memory: extraction (zh + en, expected notes written by hand), dates against a fixed day, recall
ranking and its token budget, the scrubber's veto, confirmation, card round trip, and erasing for real (the raw bytes
of studio.db and its WAL are read back)."""

from __future__ import annotations

import json
import sqlite3
import time
from datetime import date, datetime

import pytest

from studio.chat import memory as M
from studio.chat.persona import Persona, from_card, to_card
from studio.core import db
from studio.core.i18n import UserError

# Wednesday 9 December 2026 (1 January 2026 was a Thursday; 342 days later is a Wednesday).
WED = datetime(2026, 12, 9, 20, 0)


@pytest.fixture
def con(tmp_path):
    c = db.connect(tmp_path / "studio.db")
    yield c
    c.close()


def got(text: str, now=WED) -> list[tuple]:
    return [(n.text, n.kind, n.date) for n in M.extract(text, now)]


# ------------------------------------------------------------------------------------------ extraction


@pytest.mark.parametrize(
    "text, expected",
    [
        ("我喜欢吃火锅", [("喜欢吃火锅", "preference", None)]),
        ("我超爱喝奶茶！", [("爱喝奶茶", "preference", None)]),
        ("其实我也特别喜欢猫", [("喜欢猫", "preference", None)]),
        ("我喜欢吃火锅，但是不吃香菜", [("喜欢吃火锅", "preference", None), ("不吃香菜", "preference", None)]),
        ("我不吃香菜", [("不吃香菜", "preference", None)]),
        ("我从来不吃辣", [("不吃辣", "preference", None)]),
        ("我不喜欢下雨天", [("不喜欢下雨天", "preference", None)]),
        ("我讨厌早起", [("讨厌早起", "preference", None)]),
        ("我最喜欢的颜色是蓝色", [("最喜欢的颜色是蓝色", "preference", None)]),
        ("我对花生过敏", [("对花生过敏", "health", None)]),
        ("我芒果过敏，吃了会起疹子", [("芒果过敏", "health", None)]),
        ("我有哮喘", [("有哮喘", "health", None)]),
        ("我生日是3月5号", [("生日是3月5日", "date", "--03-05")]),
        ("对了，我的生日是十月一日", [("生日是10月1日", "date", "--10-01")]),
        ("我妈妈的生日是6月12日", [("妈妈的生日是6月12日", "date", "--06-12")]),
        ("下周三我要考试", [("12月16日（周三）：考试", "event", "2026-12-16")]),
        ("我下周三考试", [("12月16日（周三）：考试", "event", "2026-12-16")]),
        ("明天我有个面试", [("12月10日（周四）：有个面试", "event", "2026-12-10")]),
        ("12月25日我们公司年会", [("12月25日（周五）：公司年会", "event", "2026-12-25")]),
        ("我妹妹叫小雨", [("妹妹叫小雨", "person", None)]),
        ("我最好的朋友叫阿May", [("最好的朋友叫阿May", "person", None)]),
        ("我家猫叫年糕", [("猫叫年糕", "person", None)]),
        ("我在一家书店上班", [("在一家书店上班", "other", None)]),
    ],
)
def test_zh_phrasings_become_the_notes_written_by_hand(text, expected):
    assert got(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("I love hiking.", [("loves hiking", "preference", None)]),
        ("I really like green tea", [("likes green tea", "preference", None)]),
        (
            "I don't eat pork, but I like chicken",
            [("doesn't eat pork", "preference", None), ("likes chicken", "preference", None)],
        ),
        ("I hate mornings", [("dislikes mornings", "preference", None)]),
        ("I can't stand horror movies!", [("dislikes horror movies", "preference", None)]),
        ("My favorite band is Coldplay", [("favourite band is Coldplay", "preference", None)]),
        ("I'm allergic to shellfish", [("allergic to shellfish", "health", None)]),
        ("I have a peanut allergy", [("allergic to peanut", "health", None)]),
        ("I'm vegetarian", [("is vegetarian", "health", None)]),
        ("my birthday is March 5th", [("birthday is March 5", "date", "--03-05")]),
        ("My mom's birthday is on 12 June", [("mom's birthday is June 12", "date", "--06-12")]),
        ("I have an exam next Wednesday", [("Wed, December 16: an exam", "event", "2026-12-16")]),
        (
            "I've got a dentist appointment tomorrow",
            [("Thu, December 10: a dentist appointment", "event", "2026-12-10")],
        ),
        ("My sister's name is Lily", [("sister's name is Lily", "person", None)]),
        ("my dog is called Max", [("dog's name is Max", "person", None)]),
        ("My best friend is called Tom", [("best friend's name is Tom", "person", None)]),
        ("I work at a bakery", [("works at a bakery", "other", None)]),
    ],
)
def test_en_phrasings_become_the_notes_written_by_hand(text, expected):
    assert got(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "你还记得我喜欢什么吗",
        "我爱你",
        "我喜欢你",
        "如果我不吃饭会怎样",
        "你喜欢吃什么？",
        "今天天气不错",
        "哈哈哈好吧",
        "what do I like?",
        "I love you",
        "do you remember my birthday?",
        "I like it",
        "If I hate it, I'll tell you",
        "ok good night",
    ],
)
def test_questions_small_talk_and_feelings_about_the_companion_are_not_notes(text):
    assert got(text) == []


# ------------------------------------------------------------------------------------------------ dates


@pytest.mark.parametrize(
    "text, day",
    [
        ("下周三", date(2026, 12, 16)),
        ("周三", date(2026, 12, 9)),
        ("星期五", date(2026, 12, 11)),
        ("下周日", date(2026, 12, 20)),
        ("这周一", date(2026, 12, 7)),
        ("下下周二", date(2026, 12, 22)),
        ("明天", date(2026, 12, 10)),
        ("后天", date(2026, 12, 11)),
        ("大后天", date(2026, 12, 12)),
        ("12月25日", date(2026, 12, 25)),
        ("3月5号", date(2027, 3, 5)),
        ("十二月九日", date(2026, 12, 9)),
        ("下个月3号", date(2027, 1, 3)),
        ("3天后", date(2026, 12, 12)),
        ("2027年2月1日", date(2027, 2, 1)),
        ("next Wednesday", date(2026, 12, 16)),
        ("on Friday", date(2026, 12, 11)),
        ("tomorrow", date(2026, 12, 10)),
        ("the day after tomorrow", date(2026, 12, 11)),
        ("in two weeks", date(2026, 12, 23)),
        ("on 5 June", date(2027, 6, 5)),
        ("Dec 31st", date(2026, 12, 31)),
    ],
)
def test_relative_days_become_absolute_dates(text, day):
    hit = M.find_date(text, WED.date())
    assert hit is not None and hit.day == day


def _active(con, persona, text, kind="other", date_=None, pinned=False, now=WED):
    return M.add(con, persona, M.Note(text, kind, date_, pinned=pinned, status="active"), now)


def test_a_date_is_mentioned_the_day_before_and_on_the_day_only(con):
    _active(con, "小七", "生日是3月5日", "date", "--03-05")
    _active(con, "小七", "12月16日（周三）：考试", "event", "2026-12-16")

    def reasons(now):
        return {r.note.text: r.reason for r in M.recall(M.list_notes(con, "小七", "active"), "嗯嗯", now, 500)}

    assert reasons(datetime(2027, 3, 4, 9))["生日是3月5日"] == "tomorrow"
    assert reasons(datetime(2027, 3, 5, 23))["生日是3月5日"] == "today"
    assert reasons(datetime(2027, 3, 3, 9))["生日是3月5日"] == "relevant"
    assert reasons(datetime(2027, 3, 6, 9))["生日是3月5日"] == "relevant"
    assert reasons(datetime(2026, 12, 15, 8))["12月16日（周三）：考试"] == "tomorrow"
    assert reasons(datetime(2026, 12, 17, 8))["12月16日（周三）：考试"] == "relevant"
    # The reminder line says so, in the prompt's language.
    msgs, used = M.augment(
        con,
        "小七",
        [{"role": "system", "content": "你是小七。"}, {"role": "user", "content": "早"}],
        datetime(2026, 12, 15, 8),
        500,
    )
    assert "- 明天（12月16日）：12月16日（周三）：考试" in msgs[0]["content"]
    msgs, _ = M.augment(con, "小七", [{"role": "user", "content": "hi"}], datetime(2027, 3, 5, 8), 500, lang="en")
    assert "- Today (March 5): 生日是3月5日" in msgs[0]["content"]


# ----------------------------------------------------------------------------------------------- recall


def test_token_estimate():
    assert M.estimate_tokens("不吃香菜") == 4
    assert M.estimate_tokens("likes hiking") == 3  # 11 letters, 4 to a token
    assert M.estimate_tokens("对 peanuts 过敏") == 3 + 2  # 3 characters; 7 letters


def test_recall_ranks_by_shared_words_and_stays_within_the_budget(con):
    for text, kind in [
        ("不吃香菜", "preference"),
        ("妹妹叫小雨", "person"),
        ("对花生过敏", "health"),
        ("在一家书店上班", "other"),
        ("养了一只猫", "other"),
        ("likes green tea", "preference"),
    ]:
        _active(con, "p", text, kind)
    notes = M.list_notes(con, "p", "active")
    head = M.estimate_tokens(M.MEMORY_HEAD("zh")) + 1
    one_line = M.estimate_tokens("- 妹妹叫小雨") + 1
    tight = head + one_line  # room for exactly the best line
    assert [r.note.text for r in M.recall(notes, "我妹妹周末来找我", WED, tight)] == ["妹妹叫小雨"]
    assert [r.note.text for r in M.recall(notes, "今晚吃麻辣烫，要加香菜吗", WED, head + 6)] == ["不吃香菜"]
    assert M.recall(notes, "我家猫咪又调皮了", WED, head + 8)[0].note.text == "养了一只猫"  # 猫 alone counts
    assert M.recall(notes, "shall we get some tea?", WED, head + 6)[0].note.text == "likes green tea"
    # Nothing shared: health comes first (an allergy matters at any meal), then the others by kind.
    assert M.recall(notes, "嗯嗯", WED, 500)[0].note.text == "对花生过敏"
    # A budget too small for the heading and one line brings nothing; the block never exceeds the budget.
    assert M.recall(notes, "我妹妹", WED, head) == []
    for budget in (head + 5, 40, 60, 90):
        block = M.memory_block(M.recall(notes, "香菜 妹妹 猫", WED, budget), "zh")
        assert M.estimate_tokens(block) <= budget


def test_pinned_notes_come_before_better_matches_and_recent_before_old(con):
    _active(con, "p", "不喜欢下雨天", "preference", now=datetime(2026, 6, 1))
    _active(con, "p", "喜欢晴天", "preference", now=WED)
    _active(con, "p", "有哮喘", "health", pinned=True)
    notes = M.list_notes(con, "p", "active")
    order = [r.note.text for r in M.recall(notes, "今天天气", WED, 500)]
    assert order[0] == "有哮喘"
    assert order.index("喜欢晴天") < order.index("不喜欢下雨天")  # same kind, told six months apart


def test_augment_adds_to_the_system_prompt_and_marks_notes_used(con):
    _active(con, "小七", "不吃香菜", "preference")
    M.add(con, "小七", M.Note("对芒果过敏", "health"), WED)  # pending: not in any prompt yet
    msgs = [{"role": "system", "content": "你是小七。"}, {"role": "user", "content": "加香菜吗"}]
    out, used = M.augment(con, "小七", msgs, WED)
    assert msgs[0]["content"] == "你是小七。"  # the caller's list is untouched
    assert out[0]["content"].startswith("你是小七。\n\n【你记得的关于对方的事】") and "- 不吃香菜" in out[0]["content"]
    assert "芒果" not in out[0]["content"] and [r.note.text for r in used] == ["不吃香菜"]
    assert M.list_notes(con, "小七", "active")[0].last_used == WED.timestamp()
    out, _ = M.augment(con, "小七", [{"role": "user", "content": "hi"}], WED)
    assert out[0]["role"] == "system" and "不吃香菜" in out[0]["content"]
    assert M.augment(con, "别人", msgs, WED)[0] == msgs  # memory is per persona
    M.set_settings(con, "小七", M.Settings(enabled=False))
    assert M.augment(con, "小七", msgs, WED) == (msgs, [])


# ------------------------------------------------------------------------------ observe, confirm, scrub


def test_observe_keeps_new_notes_pending_until_confirmed_unless_auto_accept(con):
    new = M.observe(con, "小七", "我不吃香菜，我对花生过敏", WED)
    assert [(n.text, n.status) for n in new] == [("不吃香菜", "pending"), ("对花生过敏", "pending")]
    assert M.observe(con, "小七", "我不吃香菜", WED) == []  # told again: nothing new
    assert len(M.list_notes(con, "小七")) == 2 and M.list_notes(con, "小七", "active") == []
    assert M.accept(con, [new[0].id]) == 1
    assert [n.text for n in M.list_notes(con, "小七", "active")] == ["不吃香菜"]
    M.set_settings(con, "小七", M.Settings(auto_accept=True))
    assert [n.status for n in M.observe(con, "小七", "我妹妹叫小雨", WED)] == ["active"]
    stored = M.list_notes(con, "小七", search="小雨")[0]
    assert stored.source == "我妹妹叫小雨" and stored.source_at == WED.timestamp() and stored.origin == "rule"


def test_personal_data_found_by_the_scrubber_is_never_stored(con, tmp_path):
    phone, mail = "13812345678", "lily.chen@example.com"
    new = M.observe(con, "p", f"我的手机号是{phone}，我喜欢猫。My sister's email is {mail}, I love {mail}", WED)
    assert [n.text for n in new] == ["喜欢猫"]
    assert phone not in new[0].source and "[PHONE]" in new[0].source  # the source is desensitized
    with pytest.raises(UserError, match="personal data"):
        M.add(con, "p", M.note_from_form(f"call me on {phone}"))
    con.execute("PRAGMA wal_checkpoint(FULL)")
    raw = b"".join(p.read_bytes() for p in tmp_path.glob("studio.db*"))
    assert phone.encode() not in raw and mail.encode() not in raw


def test_the_optional_model_summary_is_off_by_default_and_read_defensively(con):
    calls = []

    def served_model(prompt):  # stands in for the served model (the only part this test fakes)
        calls.append(prompt)
        return (
            '好的：[{"text": "周末要去爬山", "kind": "event", "date": null}, {"text": 3}, {"text": "x", "kind": "??"}]'
        )

    assert M.observe(con, "p", "周末可能去爬山吧", WED, summarizer=served_model) == [] and calls == []
    M.set_settings(con, "p", M.Settings(summarize=True))
    new = M.observe(con, "p", "周末可能去爬山吧", WED, summarizer=served_model)
    assert [(n.text, n.kind, n.origin, n.status) for n in new] == [
        ("周末要去爬山", "event", "model", "pending"),
        ("x", "other", "model", "pending"),
    ]
    assert "周末可能去爬山吧" in calls[0] and "2026-12-09" in calls[0]
    assert M.observe(con, "p", "我喜欢猫", WED, summarizer=lambda p: 1 / 0)[0].text == "喜欢猫"  # a failing server


def test_edits_are_checked(con):
    n = _active(con, "p", "不吃香菜", "preference")
    assert M.update(con, n.id, text="不吃香菜和葱", pinned=True).pinned
    with pytest.raises(UserError, match="kind"):
        M.update(con, n.id, kind="secret")
    with pytest.raises(UserError, match="date"):
        M.update(con, n.id, date_="2026-02-30")
    with pytest.raises(UserError, match="200"):
        M.update(con, n.id, text="长" * 201)
    with pytest.raises(UserError, match="budget"):
        M.Settings(budget=5000)
    assert M.get(con, n.id).text == "不吃香菜和葱"


# ------------------------------------------------------------------------------------------------ erase


def _raw(tmp_path) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(tmp_path.glob("studio.db*")))


def test_erasing_leaves_no_bytes_in_the_database_or_its_wal(con, tmp_path):
    reader = db.connect(tmp_path / "studio.db")  # the app keeps other connections open
    secrets = ["不吃紫苏叶子", "对菠萝蜜过敏", "妹妹叫周晚晴", "xylophone-marker-7731"]
    for s in secrets:
        _active(con, "小七", s)
    M.observe(con, "小七", "我最喜欢的花是铃兰花", WED)  # source message stored too
    _active(con, "other", "喜欢看海")
    con.execute("PRAGMA wal_checkpoint(PASSIVE)")  # some in the database file, some still in the WAL
    _active(con, "小七", "讨厌榴莲的味道")
    every = secrets + ["铃兰花", "讨厌榴莲"]
    before = _raw(tmp_path)
    assert all(s.encode() in before for s in every)  # the test can see them when they are there
    assert reader.execute("SELECT COUNT(*) FROM memory_notes").fetchone()[0] == 7

    # A reader in the middle of a read transaction keeps the WAL from being cut: the erase says so at once
    # (not after minutes of busy waits), and the WAL is cut on the next write once the reader is done.
    reader.execute("BEGIN")
    assert reader.execute("SELECT COUNT(*) FROM memory_notes").fetchone()[0] == 7
    one = M.list_notes(con, "小七", search="紫苏")[0]
    started = time.monotonic()
    assert M.remove(con, [one.id]) == (1, False)
    assert time.monotonic() - started < 5
    assert con.execute("PRAGMA busy_timeout").fetchone()[0] == 30000  # the connection's own timeout is back
    reader.execute("COMMIT")
    assert M.remove(con, []) == (0, True)
    assert "不吃紫苏叶子".encode() not in _raw(tmp_path) and "对菠萝蜜过敏".encode() in _raw(tmp_path)
    M.update(con, M.list_notes(con, "小七", search="菠萝蜜")[0].id, text="对坚果过敏")
    assert "菠萝蜜".encode() not in _raw(tmp_path)  # an edit leaves no old text behind either

    n, clean = M.clear(con, "小七")
    assert n == 5 and clean
    after = _raw(tmp_path)
    assert not [s for s in every + ["坚果"] if s.encode() in after]
    assert "喜欢看海".encode() in after  # another persona's memory stays
    assert [x.text for x in M.list_notes(con, None)] == ["喜欢看海"]
    assert (tmp_path / "studio.db-wal").stat().st_size == 0
    reader.close()


def test_fingerprint_changes_with_the_notes_and_the_budget(con):
    seen = {M.fingerprint(con, "小七")}
    n = _active(con, "小七", "不吃香菜")
    seen.add(M.fingerprint(con, "小七"))
    M.set_settings(con, "小七", M.Settings(budget=300))
    seen.add(M.fingerprint(con, "小七"))
    time.sleep(0.01)
    M.update(con, n.id, text="不吃香菜和葱")
    seen.add(M.fingerprint(con, "小七"))
    assert len(seen) == 4
    _active(con, "other", "喜欢看海")  # another persona's notes leave it alone
    assert M.fingerprint(con, "小七") in seen


# -------------------------------------------------------------------------------------- card round trip


def test_memory_rides_along_in_the_character_card_only_when_asked(con):
    _active(con, "小七", "不吃香菜", "preference", pinned=True)
    _active(con, "小七", "生日是3月5日", "date", "--03-05")
    p = Persona(bot_name="小七", user_name="阿杰")
    assert "memory" not in to_card(p)["data"]["extensions"]["qixi_studio"]
    card = json.loads(json.dumps(to_card(p, memory=M.export(con, "小七")), ensure_ascii=False))
    assert from_card(card).bot_name == "小七"  # the card still reads as a persona
    added, skipped = M.import_notes(con, "小八", M.notes_in(card, "card.json"))
    assert (added, skipped) == (2, 0)
    back = {(n.text, n.kind, n.date, n.pinned, n.status, n.origin) for n in M.list_notes(con, "小八")}
    assert back == {
        ("不吃香菜", "preference", None, True, "active", "import"),
        ("生日是3月5日", "date", "--03-05", False, "active", "import"),
    }
    assert M.import_notes(con, "小八", M.notes_in(card, "card.json")) == (0, 2)  # no duplicates
    with pytest.raises(UserError, match="card.json"):
        M.notes_in(to_card(p), "card.json")
    bad = [{"text": "13812345678"}, {"text": None}, "x", {"text": "ok", "date": "yesterday"}]
    assert M.import_notes(con, "小九", bad) == (0, 4)


def test_the_migration_holds_no_index_on_the_text(con):
    sql = " ".join(r[0] or "" for r in con.execute("SELECT sql FROM sqlite_master WHERE tbl_name='memory_notes'"))
    assert "ON memory_notes(persona, status)" in sql and "(text" not in sql.replace("(text TEXT", "")
    with pytest.raises(sqlite3.IntegrityError):
        con.execute("INSERT INTO memory_notes (text, kind, created_at, updated_at) VALUES ('x', 'secret', 0, 0)")
