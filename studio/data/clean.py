"""Clean and validate rows before training, with a report a person can read.

Problem kinds: exact and near duplicates, empty texts, roles in the wrong order, preference pairs whose
two replies are the same (as typed, after whitespace normalisation, or after truncation to the training
length), samples over the max length. For each kind the user chooses fix, drop or keep. Optional
traditional -> simplified Chinese (OpenCC). Every problem names the file and line of the sample.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from studio.core.i18n import Text, UserError, default_lang
from studio.data.rows import Row, map_texts, row_kind, where

ACTIONS = ("fix", "drop", "keep")
PROBLEMS = {
    "empty": Text("内容为空", "empty text"),
    "role_order": Text("角色顺序不对", "roles in the wrong order"),
    "same_pair": Text("好回答和差回答相同", "chosen equals rejected"),
    "too_long": Text("超过最大长度", "longer than the max length"),
    "exact_duplicate": Text("完全重复", "exact duplicate"),
    "near_duplicate": Text(
        "近似重复（只差空格、标点或大小写）", "near duplicate (differs only in spaces, punctuation or case)"
    ),
}
ACTION_NAMES = {"fix": Text("已修复", "fixed"), "drop": Text("已删除", "dropped"), "keep": Text("已保留", "kept")}
# Duplicates and identical pairs cannot be repaired: "fix" for them means removing the sample.
DEFAULT_ACTIONS = {
    "empty": "fix",
    "role_order": "fix",
    "same_pair": "drop",
    "too_long": "fix",
    "exact_duplicate": "drop",
    "near_duplicate": "drop",
}
_UNFIXABLE = {"same_pair", "exact_duplicate", "near_duplicate"}
MESSAGE_OVERHEAD_TOKENS = 4  # role markers a chat template adds around every message (approximate)


@dataclass
class CleanPolicy:
    actions: dict[str, str] = field(default_factory=dict)  # problem kind -> fix | drop | keep
    max_length: int | None = None  # training length; None: no length check
    length_unit: str = "tokens"  # tokens | chars
    tokenizer_path: str | None = None  # a tokenizer.json for exact token counts; else approximated
    to_simplified: bool = False  # traditional -> simplified Chinese

    def __post_init__(self):
        for kind, act in self.actions.items():
            if kind not in PROBLEMS:
                raise UserError(
                    f"未知的问题类型 {kind}，可选：{'、'.join(PROBLEMS)}。",
                    f"unknown problem kind {kind}; choose from {', '.join(PROBLEMS)}.",
                )
            if act not in ACTIONS:
                raise UserError(
                    f"{kind} 的处理方式 {act} 无效，可选 fix、drop、keep。",
                    f"action {act} for {kind} is not valid; choose fix, drop or keep.",
                )
        if self.length_unit not in ("tokens", "chars"):
            raise UserError("长度单位只能是 tokens 或 chars。", "the length unit must be tokens or chars.")
        if self.max_length is not None and self.max_length < 16:
            raise UserError("最大长度至少为 16。", "the max length must be at least 16.")

    def action(self, kind: str) -> str:
        act = self.actions.get(kind, DEFAULT_ACTIONS[kind])
        return "drop" if act == "fix" and kind in _UNFIXABLE else act


@dataclass
class Problem:
    kind: str
    file: str
    line: int
    action: str  # what was done: fix | drop | keep
    detail: Text | None = None

    def text(self, lang: str | None = None) -> str:
        lang = lang or default_lang()
        w, what, done = where(self.file, self.line)(lang), PROBLEMS[self.kind](lang), ACTION_NAMES[self.action](lang)
        if lang == "en":
            return f"{w}: {what}{f' ({self.detail.en})' if self.detail else ''} - {done}"
        return f"{w}：{what}{f'（{self.detail.zh}）' if self.detail else ''}，{done}"

    def to_dict(self) -> dict:
        return {
            "kind": self.kind,
            "file": self.file,
            "line": self.line,
            "action": self.action,
            "text_zh": self.text("zh"),
            "text_en": self.text("en"),
        }


@dataclass
class CleanReport:
    rows_in: int = 0
    rows_out: int = 0
    simplified: int = 0  # rows changed by traditional -> simplified
    length_unit: str = "tokens"
    exact_tokens: bool = False  # counted with a real tokenizer
    problems: list[Problem] = field(default_factory=list)

    def counts(self) -> dict[str, dict[str, int]]:
        out: dict[str, Counter] = {}
        for p in self.problems:
            out.setdefault(p.kind, Counter())[p.action] += 1
        return {k: dict(v) for k, v in out.items()}

    def summary(self, lang: str | None = None, limit: int = 20) -> str:
        lang = lang or default_lang()
        en = lang == "en"
        lines = [
            f"{self.rows_in} rows in, {self.rows_out} kept."
            if en
            else f"共 {self.rows_in} 条，保留 {self.rows_out} 条。"
        ]
        if self.simplified:
            lines.append(
                f"{self.simplified} rows converted to simplified Chinese."
                if en
                else f"{self.simplified} 条已转为简体。"
            )
        for kind, acts in self.counts().items():
            parts = ", ".join(f"{ACTION_NAMES[a](lang)} {n}" for a, n in acts.items())
            lines.append(
                f"{PROBLEMS[kind](lang)}: {sum(acts.values())} ({parts})"
                if en
                else f"{PROBLEMS[kind](lang)}：{sum(acts.values())} 条（{parts}）"
            )
        lines += [p.text(lang) for p in self.problems[:limit]]
        if len(self.problems) > limit:
            more = len(self.problems) - limit
            lines.append(f"... and {more} more" if en else f"……还有 {more} 条")
        return "\n".join(lines)

    def to_dict(self, max_problems: int = 5000) -> dict:
        """Counts are complete; the problem list stops at max_problems (card.json stays small)."""
        return {
            "rows_in": self.rows_in,
            "rows_out": self.rows_out,
            "simplified": self.simplified,
            "length_unit": self.length_unit,
            "exact_tokens": self.exact_tokens,
            "counts": self.counts(),
            "problems": [p.to_dict() for p in self.problems[:max_problems]],
            "problems_truncated": len(self.problems) > max_problems,
        }


# ---------------------------------------------------------------------------------------------
# Lengths

_APPROX = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\uac00-\ud7af]|[A-Za-z]{1,4}|\d{1,3}|[^\sA-Za-z\d]")


class Measurer:
    """Text length in tokens (a tokenizer.json through the `tokenizers` library, or an approximation:
    one token per CJK character, per 4 Latin letters, per 3 digits, per symbol) or in characters."""

    def __init__(self, unit: str = "tokens", tokenizer_path: str | Path | None = None):
        self.unit = unit
        self._tok = None
        if unit == "tokens" and tokenizer_path:
            from tokenizers import Tokenizer

            try:
                self._tok = Tokenizer.from_file(str(tokenizer_path))
            except Exception as e:  # the library raises a plain Exception for unreadable files
                name = Path(tokenizer_path).name
                raise UserError(
                    f"无法读取分词器文件 {name}（{e}）。请选择模型文件夹里的 tokenizer.json。",
                    f"cannot read the tokenizer file {name} ({e}). Choose the tokenizer.json of the model.",
                ) from None
        self.units = lru_cache(maxsize=65536)(self._units)

    @property
    def exact(self) -> bool:
        return self.unit == "chars" or self._tok is not None

    def _units(self, text: str) -> tuple:
        if self.unit == "chars":
            return tuple(text)
        if self._tok is not None:
            return tuple(self._tok.encode(text, add_special_tokens=False).ids)
        return tuple(_APPROX.findall(text))

    def count(self, text: str) -> int:
        return len(self.units(text))

    def messages_length(self, messages: list[dict]) -> int:
        extra = MESSAGE_OVERHEAD_TOKENS if self.unit == "tokens" else 0
        return sum(self.count(m.get("content") or "") + extra for m in messages)

    def row_length(self, data: dict) -> int:
        n = self.messages_length(data.get("messages", []))
        if "rejected_response" in data and data.get("messages"):
            n = max(n, n - self.count(data["messages"][-1]["content"]) + self.count(data["rejected_response"] or ""))
        return n


# ---------------------------------------------------------------------------------------------
# Checks and fixes


def _blank(s: str | None) -> bool:
    return not (s or "").strip()


def order_ok(messages: list[dict]) -> bool:
    """[system] user assistant (user assistant)* - what chat templates and ms-swift expect."""
    roles = [m["role"] for m in messages]
    if roles[:1] == ["system"]:
        roles = roles[1:]
    return bool(roles) and len(roles) % 2 == 0 and all(r == ("user", "assistant")[i % 2] for i, r in enumerate(roles))


def fix_order(messages: list[dict]) -> list[dict]:
    """One system message first, consecutive same-role messages merged, starts with user, ends with assistant."""
    systems = [m["content"] for m in messages if m["role"] == "system"]
    turns: list[dict] = []
    for m in messages:
        if m["role"] == "system":
            continue
        if turns and turns[-1]["role"] == m["role"]:
            turns[-1] = {"role": m["role"], "content": turns[-1]["content"] + "\n" + m["content"]}
        else:
            turns.append(dict(m))
    while turns and turns[0]["role"] != "user":
        turns.pop(0)
    while turns and turns[-1]["role"] != "assistant":
        turns.pop()
    if not turns:
        return []
    return ([{"role": "system", "content": "\n".join(systems)}] if systems else []) + turns


def _ws(s: str) -> str:
    return " ".join((s or "").split())


def _near_key(data: dict) -> str:
    parts = [
        m["role"][0] + re.sub(r"[\W_]+", "", unicodedata.normalize("NFKC", m.get("content") or "").lower())
        for m in data.get("messages", [])
    ]
    parts.append(re.sub(r"[\W_]+", "", unicodedata.normalize("NFKC", data.get("rejected_response") or "").lower()))
    parts.append(str(data.get("label")))
    return "\x1f".join(parts)


def _trim_rounds(data: dict, m: Measurer, limit: int) -> dict | None:
    """Drop the oldest user/assistant rounds (keeping the system prompt) until the sample fits."""
    msgs = data["messages"]
    head = msgs[:1] if msgs and msgs[0]["role"] == "system" else []
    body = msgs[len(head) :]
    while len(body) > 2:
        body = body[2:]
        cand = dict(data, messages=head + body)
        if m.row_length(cand) <= limit:
            return cand
    return None


class Cleaner:
    def __init__(self, policy: CleanPolicy | None = None):
        self.policy = policy or CleanPolicy()
        p = self.policy
        self.measure = Measurer(p.length_unit, p.tokenizer_path)
        self._cc = None
        if p.to_simplified:
            from opencc import OpenCC

            self._cc = OpenCC("t2s")

    def clean(self, rows: list[Row]) -> tuple[list[Row], CleanReport]:
        report = CleanReport(rows_in=len(rows), length_unit=self.policy.length_unit, exact_tokens=self.measure.exact)
        out: list[Row] = []
        seen_exact: dict[str, Row] = {}
        seen_near: dict[str, Row] = {}
        for row in rows:
            data = self._one(row, report)
            if data is None:
                continue
            row = Row(data, row.file, row.line)
            exact = json.dumps(data, ensure_ascii=False, sort_keys=True)
            near = _near_key(data)
            first = seen_exact.get(exact)
            kind = "exact_duplicate" if first else "near_duplicate" if near in seen_near else None
            if kind:
                first = first or seen_near[near]
                act = self.policy.action(kind)
                same_as = where(first.file, first.line)
                report.problems.append(
                    Problem(kind, row.file, row.line, act, Text(f"与 {same_as.zh}相同", f"same as {same_as.en}"))
                )
                if act == "drop":
                    continue
            seen_exact.setdefault(exact, row)
            seen_near.setdefault(near, row)
            out.append(row)
        report.rows_out = len(out)
        return out, report

    def _one(self, row: Row, report: CleanReport) -> dict | None:
        """The cleaned row data, or None when it is dropped."""
        p, m = self.policy, self.measure
        data = row.data
        pairs = row_kind(data) == "pairs"

        def problem(kind: str, detail: Text | None = None, fixable: bool = True) -> str:
            act = p.action(kind)
            if act == "fix" and not fixable:
                act = "drop"
            report.problems.append(Problem(kind, row.file, row.line, act, detail))
            return act

        if self._cc is not None:
            new = map_texts(data, self._cc.convert)
            if new != data:
                report.simplified += 1
                data = new
        msgs = data.get("messages", [])
        if any(_blank(x["content"]) for x in msgs) or (pairs and _blank(data.get("rejected_response"))):
            unfixable = pairs and (_blank(data.get("rejected_response")) or not msgs or _blank(msgs[-1]["content"]))
            act = problem("empty", None, fixable=not unfixable)
            if act == "drop":
                return None
            if act == "fix":
                data = dict(data, messages=[x for x in msgs if not _blank(x["content"])])
        msgs = data["messages"]
        if not order_ok(msgs):
            fixed = fix_order(msgs)
            if pairs and fixed and fixed[-1]["content"] != msgs[-1]["content"]:
                fixed = []  # the chosen reply must stay the last message
            act = problem("role_order", None, fixable=bool(fixed))
            if act == "drop":
                return None
            if act == "fix":
                data = dict(data, messages=fixed)
        if pairs:
            chosen, rejected = data["messages"][-1]["content"], data["rejected_response"]
            detail = None
            if _ws(chosen) == _ws(rejected):
                detail = Text("空白不同之外完全一样", "identical apart from spaces") if chosen != rejected else None
                same = True
            else:
                same = p.max_length is not None and self._same_after_truncation(data)
                if same:
                    detail = Text(f"截断到 {p.max_length} 后一样", f"identical once cut to {p.max_length}")
            if same and problem("same_pair", detail) == "drop":
                return None
        if p.max_length is not None:
            n = m.row_length(data)
            if n > p.max_length:
                unit = Text("字", "chars") if p.length_unit == "chars" else Text("token", "tokens")
                fixed = _trim_rounds(data, m, p.max_length)
                act = problem(
                    "too_long",
                    Text(f"{n} {unit.zh} > {p.max_length}", f"{n} {unit.en} > {p.max_length}"),
                    fixable=fixed is not None,
                )
                if act == "drop":
                    return None
                if act == "fix":
                    data = fixed
        return data

    def _same_after_truncation(self, data: dict) -> bool:
        m = self.measure
        budget = self.policy.max_length - m.messages_length(data["messages"]) + m.count(data["messages"][-1]["content"])
        if budget <= 0:
            return True
        return m.units(data["messages"][-1]["content"])[:budget] == m.units(data["rejected_response"])[:budget]


def clean_rows(rows: list[Row], policy: CleanPolicy | None = None) -> tuple[list[Row], CleanReport]:
    return Cleaner(policy).clean(rows)
