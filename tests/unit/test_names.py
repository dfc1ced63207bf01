"""Plain names for runs and models: the issue's example format, versions in start order, a model made from a
run keeps the run's version, typed names win, renames are kept in SQLite and can be undone."""

import time

import pytest

from studio.core.i18n import UserError
from studio.models import names as N
from studio.models.registry import ModelEntry


def at(y, mo, d, h=12) -> float:
    return time.mktime((y, mo, d, h, 0, 0, 0, 0, -1))


def entries(ws):
    run1 = ModelEntry(
        id="20261205-101010-sft-aaaaaa",
        kind="sft",
        name="20261205-101010-sft-aaaaaa",
        path=ws.runs / "20261205-101010-sft-aaaaaa",
        method="sft",
        created_at=at(2026, 12, 5, 10),
    )
    run2 = ModelEntry(
        id="20261205-222735-align-b9dea2",
        kind="align",
        name="20261205-222735-align-b9dea2",
        path=ws.runs / "20261205-222735-align-b9dea2",
        method="dpo",
        created_at=at(2026, 12, 5, 22),
    )
    merged = ModelEntry(
        id="20261205-222735-align-b9dea2-dpo-ckpt16-merged",
        kind="merged",
        name="20261205-222735-align-b9dea2-dpo-ckpt16-merged",
        path=ws.models / "20261205-222735-align-b9dea2-dpo-ckpt16-merged",
        card={"name": {"zh": "20261205-222735-align-b9dea2-dpo-ckpt16-merged"}, "source": {"run": run2.id}},
        created_at=at(2026, 12, 6, 9),
    )
    base = ModelEntry(
        id="pocket-tiny",
        kind="base",
        name="pocket-tiny",
        path=ws.models / "pocket-tiny",
        card={"name": {"zh": "口袋模型（tiny）", "en": "Pocket model (tiny)"}},
    )
    typed = ModelEntry(
        id="20261206-080000-sft-cccccc",
        kind="sft",
        name="周末的温柔版",
        path=ws.runs / "20261206-080000-sft-cccccc",
        method="sft",
        created_at=at(2026, 12, 6, 8),
    )
    return [base, merged, typed, run2, run1]


def test_default_names_follow_the_issue_example_and_keep_the_id_as_detail(ws):
    got = N.plain_names(ws, entries(ws), "zh")
    assert got["20261205-222735-align-b9dea2"].name == "伴侣 v2 · 偏好学习 · 12月5日"  # the issue's example
    assert got["20261205-101010-sft-aaaaaa"].name == "伴侣 v1 · 学说话 · 12月5日"
    assert got["20261205-222735-align-b9dea2-dpo-ckpt16-merged"].name == "伴侣 v2 · 偏好学习 · 合并 · 12月6日"
    assert got["pocket-tiny"].name == "口袋模型（tiny）"
    assert got["20261206-080000-sft-cccccc"].name == "周末的温柔版"  # typed when training: kept
    assert got["20261205-222735-align-b9dea2"].detail == "20261205-222735-align-b9dea2"
    en = N.plain_names(ws, entries(ws), "en")
    assert en["20261205-222735-align-b9dea2"].name == "Companion v2 · preference learning · Dec 5"


def test_a_rename_is_kept_and_can_be_undone(ws):
    run = "20261205-222735-align-b9dea2"
    assert N.rename(ws, run, "  小七   v1 ") == "小七 v1"
    assert N.plain_names(ws, entries(ws), "en")[run].name == "小七 v1"
    N.rename(ws, run, "")
    assert N.plain_names(ws, entries(ws), "zh")[run].name == "伴侣 v2 · 偏好学习 · 12月5日"
    with pytest.raises(UserError, match="1 to 80 characters"):
        N.rename(ws, run, "x" * 81)
