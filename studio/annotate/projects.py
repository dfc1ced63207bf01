"""Annotation: partners compare two replies to the same conversation and say which feels better.

A project holds items (the conversation so far plus two candidate replies, `reply_a` and
`reply_b`), made from a pairs dataset, or from a conversations (SFT) dataset whose one reply the
partners answer with one of their own (add_written_reply). Every annotator has a personal token: it is
looked up by its sha256, and kept beside it so the owner can be shown every partner's link again
(partner_links; migration 0011 says why). What an annotator does is appended to `annotate_events` (label / skip /
undo) in one transaction per action; the current label of an (item, annotator) is the latest label
or skip not undone (view `annotate_current`). Choices are stored in reply terms ("a", "b", "tie",
"both_bad"); the screen shows the two replies in an order drawn per item and annotator, so nobody
can tell which source (model, dataset side, partner) wrote which.

Exports turn the labels into ms-swift datasets (pairs for DPO & co, KTO rows) or a CSV sheet.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import secrets
import sqlite3
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

from studio.core import db
from studio.core.i18n import Text, UserError
from studio.core.workspace import Workspace, atomic_write_json, atomic_write_jsonl, atomic_write_text
from studio.data.rows import where
from studio.data.store import register_jsonl

CHOICES = ("a", "b", "tie", "both_bad")
SIDES = ("left", "right")
EXPORT_KINDS = ("pairs", "kto")
POLICIES = ("drop", "resolution", "majority")
TIE_POLICIES = {"pairs": ("drop",), "kto": ("drop", "both_true")}
ROLES = ("system", "user", "assistant", "tool")
RESOLUTION_NAME = "__resolution__"  # the hidden annotator holding final (third) labels
CSV_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
MAX_NAME = 80

Message = dict  # {"role": ..., "content": ...}

ROLE_TEXT = {
    "system": Text("设定", "System"),
    "user": Text("用户", "User"),
    "assistant": Text("助手", "Assistant"),
    "tool": Text("工具", "Tool"),
}


# ---------------------------------------------------------------------------------------------
# Records


@dataclass
class Item:
    """What goes into a project. `prompt` is the conversation before the reply (a plain string is
    one user turn). A reply may be None while it waits for a partner to write it."""

    prompt: list[Message] | str
    reply_a: str | None
    reply_b: str | None
    source_a: str = ""
    source_b: str = ""
    meta: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        if isinstance(self.prompt, str):
            self.prompt = [{"role": "user", "content": self.prompt}]
        problem = _prompt_problem(self.prompt)
        if problem:
            raise UserError(
                f"标注条目有误：{problem('zh')}，请检查这条数据。",
                f"Bad annotation item: {problem('en')}; check this entry.",
            )
        for reply in (self.reply_a, self.reply_b):
            if reply is not None and (not isinstance(reply, str) or not reply.strip()):
                raise UserError(
                    "候选回复不能是空的：请填写内容，或把它留作 None 等伴侣来写。",
                    "A candidate reply is empty: give it text, or leave it None for a partner to write.",
                )


@dataclass(frozen=True)
class Project:
    id: int
    name: str
    source: str
    created_at: float
    archived_at: float | None = None  # archived: hidden from the lists, links revoked, labels kept


@dataclass(frozen=True)
class ProjectSummary:
    project: Project
    items: int  # all items
    ready: int  # items with both replies (the ones annotators see)
    annotators: int  # partners (the resolution slot is not counted)
    labels: int  # current labels over all partners and items


@dataclass(frozen=True)
class ItemRecord:
    """An item as the project owner sees it (with sources). Never hand this to an annotator page."""

    id: int
    position: int
    prompt: list[Message]
    reply_a: str | None
    reply_b: str | None
    source_a: str
    source_b: str
    meta: dict

    @property
    def ready(self) -> bool:
        return self.reply_a is not None and self.reply_b is not None


@dataclass(frozen=True)
class Annotator:
    id: int
    project_id: int
    name: str
    role: str  # "partner" | "resolution"
    active: bool  # False once the token is revoked
    created_at: float


@dataclass(frozen=True)
class Screen:
    """One item as an annotator sees it: no sources, replies in this annotator's order."""

    item_id: int
    position: int  # 1-based among ready items
    total: int
    prompt: list[Message]
    left: str
    right: str
    current: str | None  # this annotator's current answer in screen terms: left/right/tie/both_bad/skip
    better_reply: str | None
    note: str | None


@dataclass(frozen=True)
class WriteScreen:
    """An item still missing a reply, as a partner sees it while writing one: the conversation only
    (the reply already there is not shown, so it does not steer what they write)."""

    item_id: int
    position: int  # the item's place in the project
    waiting: int  # items of the project still missing a reply
    prompt: list[Message]


@dataclass(frozen=True)
class LabelAck:
    """Returned only after the transaction committed: the label is on disk."""

    event_id: int
    project_id: int
    item_id: int
    annotator_id: int
    kind: str  # "label" | "skip"
    choice: str | None  # reply terms
    created_at: float


@dataclass(frozen=True)
class UndoAck:
    event_id: int
    undone_event_id: int
    item_id: int


@dataclass(frozen=True)
class Progress:
    labelled: int
    skipped: int
    total: int

    @property
    def remaining(self) -> int:
        return self.total - self.labelled - self.skipped


@dataclass(frozen=True)
class ItemLabel:
    annotator: str
    role: str  # "partner" | "resolution"
    choice: str | None  # reply terms; None for a skip
    better_reply: str | None
    note: str | None


@dataclass(frozen=True)
class Disagreement:
    item_id: int
    position: int
    choice_x: str
    choice_y: str
    resolution: str | None


@dataclass(frozen=True)
class Agreement:
    annotator_x: str | None
    annotator_y: str | None
    n: int  # items both labelled
    agreed: int
    rate: float | None  # agreed / n; None when n == 0
    kappa: float | None  # Cohen's kappa over CHOICES; None when n == 0 or chance agreement is 1
    matrix: list[list[int]]  # matrix[i][j]: x said CHOICES[i], y said CHOICES[j]
    disagreements: list[Disagreement]


@dataclass(frozen=True)
class ExportResult:
    dataset_id: str
    path: Path
    kind: str
    counts: dict


# ---------------------------------------------------------------------------------------------
# Projects and items


def create_project(con: sqlite3.Connection, name: str, source: str = "", items: Iterable[Item] = ()) -> Project:
    name = _check_name(name, Text("项目名", "Project name"))
    now = time.time()
    with db.tx(con):
        if con.execute("SELECT 1 FROM annotate_projects WHERE name = ?", (name,)).fetchone():
            raise UserError(
                f"已经有名为“{name}”的标注项目了，请换一个名字。",
                f"An annotation project named '{name}' already exists; choose another name.",
            )
        pid = con.execute(
            "INSERT INTO annotate_projects (name, source, created_at) VALUES (?, ?, ?)", (name, source, now)
        ).lastrowid
        _insert_items(con, pid, list(items), now)
    return Project(pid, name, source, now)


def add_items(con: sqlite3.Connection, project, items: Iterable[Item]) -> list[int]:
    """Append items at the end of the project's order; returns their ids."""
    p = get_project(con, project)
    with db.tx(con):
        return _insert_items(con, p.id, list(items), time.time())


def _insert_items(con: sqlite3.Connection, project_id: int, items: list[Item], now: float) -> list[int]:
    start = con.execute(
        "SELECT COALESCE(MAX(position), 0) FROM annotate_items WHERE project_id = ?", (project_id,)
    ).fetchone()[0]
    ids = []
    for k, it in enumerate(items, start + 1):
        ids.append(
            con.execute(
                "INSERT INTO annotate_items (project_id, position, prompt, reply_a, reply_b, source_a, source_b,"
                " meta, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    project_id,
                    k,
                    json.dumps(it.prompt, ensure_ascii=False),
                    it.reply_a,
                    it.reply_b,
                    it.source_a or "",
                    it.source_b or "",
                    json.dumps(it.meta or {}, ensure_ascii=False),
                    now,
                ),
            ).lastrowid
        )
    return ids


def add_written_reply(con: sqlite3.Connection, project, item: int, text: str, author: str) -> str:
    """A partner's own reply fills the item's empty slot; returns which slot ("a" or "b")."""
    p = get_project(con, project)
    if not isinstance(text, str) or not text.strip():
        raise UserError(
            "写下的回复是空的，请先写点内容再保存。", "The written reply is empty; write something before saving."
        )
    with db.tx(con):
        row = _item_row(con, p.id, item)
        slot = "a" if row["reply_a"] is None else "b" if row["reply_b"] is None else None
        if slot is None:
            raise UserError(
                f"第 {row['position']} 条已经有两条候选回复了，不能再添加手写回复。",
                f"Item {row['position']} already has two candidate replies; no slot for a written one.",
            )
        con.execute(
            f"UPDATE annotate_items SET reply_{slot} = ?, source_{slot} = ? WHERE id = ?",
            (text, f"written:{author}", row["id"]),
        )
    return slot


def get_project(con: sqlite3.Connection, project) -> Project:
    if isinstance(project, Project):
        return project
    col = "id" if isinstance(project, int) else "name"
    row = con.execute(f"SELECT * FROM annotate_projects WHERE {col} = ?", (project,)).fetchone()
    if row is None:
        raise UserError(
            f"找不到标注项目“{project}”：用 `qixi annotate list` 查看已有项目。",
            f"No annotation project '{project}': see `qixi annotate list` for the existing ones.",
        )
    return _project(row)


def _project(row: sqlite3.Row) -> Project:
    return Project(row["id"], row["name"], row["source"], row["created_at"], row["archived_at"])


def archive_project(con: sqlite3.Connection, project) -> int:
    """Hide a finished or abandoned project: its partners' links stop working, every label is kept (it can
    be restored and exported later). Returns how many labels it holds."""
    with db.tx(con):
        p = get_project(con, project)
        now = time.time()
        con.execute("UPDATE annotate_projects SET archived_at = ? WHERE id = ?", (p.archived_at or now, p.id))
        con.execute(
            "UPDATE annotate_annotators SET token_hash = NULL, token = NULL,"
            " revoked_at = COALESCE(revoked_at, ?) WHERE project_id = ? AND token_hash IS NOT NULL",
            (now, p.id),
        )
        return _partner_labels(con, p.id)


def restore_project(con: sqlite3.Connection, project) -> Project:
    """Bring an archived project back into the lists (partners need new links: the old ones were revoked)."""
    with db.tx(con):
        p = get_project(con, project)
        con.execute("UPDATE annotate_projects SET archived_at = NULL WHERE id = ?", (p.id,))
    return get_project(con, p.id)


def _partner_labels(con: sqlite3.Connection, project_id: int) -> int:
    """Current labels of the partners (a settled disagreement's resolution is not counted)."""
    return con.execute(
        "SELECT COUNT(*) FROM annotate_current c JOIN annotate_annotators a ON a.id = c.annotator_id"
        " WHERE c.project_id = ? AND c.kind = 'label' AND a.role = 'partner'",
        (project_id,),
    ).fetchone()[0]


def list_projects(con: sqlite3.Connection, archived: bool | None = False) -> list[ProjectSummary]:
    """The projects in use; with `archived` True the archived ones, with None all of them."""
    out = []
    where = {False: "WHERE archived_at IS NULL", True: "WHERE archived_at IS NOT NULL", None: ""}[archived]
    for row in con.execute(f"SELECT * FROM annotate_projects {where} ORDER BY id").fetchall():
        pid = row["id"]
        items, ready = con.execute(
            "SELECT COUNT(*), COALESCE(SUM(reply_a IS NOT NULL AND reply_b IS NOT NULL), 0)"
            " FROM annotate_items WHERE project_id = ?",
            (pid,),
        ).fetchone()
        annotators = con.execute(
            "SELECT COUNT(*) FROM annotate_annotators WHERE project_id = ? AND role = 'partner'", (pid,)
        ).fetchone()[0]
        out.append(ProjectSummary(_project(row), items, ready, annotators, _partner_labels(con, pid)))
    return out


def list_items(con: sqlite3.Connection, project) -> list[ItemRecord]:
    p = get_project(con, project)
    rows = con.execute("SELECT * FROM annotate_items WHERE project_id = ? ORDER BY position", (p.id,))
    return [_item_record(r) for r in rows]


def get_item(con: sqlite3.Connection, project, item: int) -> ItemRecord:
    """One item with its sources, for the project owner (e.g. to settle a disagreement)."""
    return _item_record(_item_row(con, get_project(con, project).id, item))


def _item_record(r: sqlite3.Row) -> ItemRecord:
    return ItemRecord(
        r["id"],
        r["position"],
        json.loads(r["prompt"]),
        r["reply_a"],
        r["reply_b"],
        r["source_a"],
        r["source_b"],
        json.loads(r["meta"]),
    )


def _item_row(con: sqlite3.Connection, project_id: int, item: int, ready: bool = False) -> sqlite3.Row:
    row = con.execute("SELECT * FROM annotate_items WHERE id = ? AND project_id = ?", (item, project_id)).fetchone()
    if row is None:
        raise UserError(
            f"这个项目里没有编号为 {item} 的条目，请刷新页面。",
            f"This project has no item with id {item}; reload the page.",
        )
    if ready and (row["reply_a"] is None or row["reply_b"] is None):
        raise UserError(
            f"第 {row['position']} 条还缺一条候选回复，等伴侣写好后再标注。",
            f"Item {row['position']} still lacks a candidate reply; label it once a partner has written it.",
        )
    return row


# ---------------------------------------------------------------------------------------------
# Importing pairs datasets (ms-swift format: messages ending in the chosen reply + rejected_response)


def items_from_pairs_rows(rows: Iterable[tuple[int, dict]], origin: str) -> list[Item]:
    """`rows` are (line number, parsed row). Prompt = the turns before the last assistant turn;
    reply_a = chosen, reply_b = rejected (which is which stays hidden from annotators)."""
    items = []
    for line, row in rows:
        at = where(origin, line)
        msgs = row.get("messages") if isinstance(row, dict) else None
        rejected = row.get("rejected_response") if isinstance(row, dict) else None
        if (
            not isinstance(msgs, list)
            or not msgs
            or not isinstance(msgs[-1], dict)
            or msgs[-1].get("role") != "assistant"
        ):
            raise UserError(
                f"{at('zh')}：这一行不是偏好对格式，需要 messages 列表，且最后一条是 assistant 的回复。",
                f"{at('en')}: not a preference pair; it needs a messages list ending with the assistant reply.",
            )
        if not isinstance(rejected, str) or not rejected.strip():
            raise UserError(
                f"{at('zh')}：缺少 rejected_response（较差的回复），请补上或删掉这一行。",
                f"{at('en')}: rejected_response (the worse reply) is missing; add it or remove the line.",
            )
        chosen = msgs[-1].get("content")
        prompt = msgs[:-1]
        problem = _prompt_problem(prompt)
        if problem or not isinstance(chosen, str) or not chosen.strip():
            problem = problem or Text("最后一条 assistant 回复是空的", "the last assistant reply is empty")
            raise UserError(f"{at('zh')}：{problem('zh')}。", f"{at('en')}: {problem('en')}.")
        items.append(
            Item(prompt, chosen, rejected, "dataset:chosen", "dataset:rejected", {"origin": origin, "line": line})
        )
    return items


def items_from_sft_rows(rows: Iterable[tuple[int, dict]], origin: str) -> list[Item]:
    """Conversations ending in an assistant reply: that reply becomes reply_a and reply_b waits for
    a partner to write their own (add_written_reply), so the two can then be compared."""
    items = []
    for line, row in rows:
        at = where(origin, line)
        msgs = row.get("messages") if isinstance(row, dict) else None
        if (
            not isinstance(msgs, list)
            or len(msgs) < 2
            or not isinstance(msgs[-1], dict)
            or msgs[-1].get("role") != "assistant"
        ):
            raise UserError(
                f"{at('zh')}：这一行不是对话格式，需要 messages 列表，且最后一条是 assistant 的回复。",
                f"{at('en')}: not a conversation; it needs a messages list ending with the assistant reply.",
            )
        reply, prompt = msgs[-1].get("content"), msgs[:-1]
        problem = _prompt_problem(prompt)
        if problem or not isinstance(reply, str) or not reply.strip():
            problem = problem or Text("最后一条 assistant 回复是空的", "the last assistant reply is empty")
            raise UserError(f"{at('zh')}：{problem('zh')}。", f"{at('en')}: {problem('en')}.")
        items.append(Item(prompt, reply, None, "dataset:reply", "", {"origin": origin, "line": line}))
    return items


def _dataset_folder(ws: Workspace, dataset_id: str) -> Path:
    # An id is one folder name under datasets/; anything else is simply "not found".
    plain = bool(dataset_id) and dataset_id not in (".", "..") and not set(dataset_id) & set("/\\\0")
    folder = ws.resolve(Path("datasets") / dataset_id) if plain else None
    if folder is None or not folder.is_dir():
        raise UserError(
            f"找不到数据集“{dataset_id}”：请在“数据”页或 `qixi data list` 里确认它的编号。",
            f"No dataset '{dataset_id}': check its id on the Data tab or with `qixi data list`.",
        )
    return folder


def dataset_kind(ws: Workspace, dataset_id: str) -> str:
    """The kind written in the dataset's card.json ("sft", "pairs", "kto"); "pairs" when unstated."""
    card = _dataset_folder(ws, dataset_id) / "card.json"
    try:
        kind = json.loads(card.read_text(encoding="utf-8")).get("kind", "pairs")
    except (OSError, json.JSONDecodeError, AttributeError):
        kind = "pairs"
    return kind if kind in ("sft", "pairs", "kto") else "pairs"


def read_pairs_dataset(ws: Workspace, dataset_id: str) -> list[Item]:
    """Items from a workspace dataset folder (train.jsonl, then val.jsonl)."""
    return _read_dataset(ws, dataset_id, items_from_pairs_rows, Text("偏好对", "preference pairs"))


def read_dataset_items(ws: Workspace, dataset_id: str) -> list[Item]:
    """Items from a pairs dataset (two replies each) or an SFT dataset (one reply each; the partners
    write the other). KTO rows hold one judged reply and cannot be compared."""
    kind = dataset_kind(ws, dataset_id)
    if kind == "kto":
        raise UserError(
            f"数据集“{dataset_id}”是 KTO 数据（每行只有一条已判定的回复），没法拿来两两比较；"
            "请选偏好对数据集或对话（SFT）数据集。",
            f"Dataset '{dataset_id}' is KTO data (one judged reply per row) and cannot be compared "
            "side by side; choose a pairs dataset or a conversations (SFT) dataset.",
        )
    if kind == "sft":
        return _read_dataset(ws, dataset_id, items_from_sft_rows, Text("对话", "conversations"))
    return read_pairs_dataset(ws, dataset_id)


def _read_dataset(ws: Workspace, dataset_id: str, parse, what: Text) -> list[Item]:
    folder = _dataset_folder(ws, dataset_id)
    items = []
    for split in ("train.jsonl", "val.jsonl"):
        path = ws.resolve(folder / split)
        if path.exists():
            items += parse(_read_jsonl(path, f"datasets/{dataset_id}/{split}"), f"datasets/{dataset_id}/{split}")
    if not items:
        raise UserError(
            f"数据集“{dataset_id}”里没有可标注的{what('zh')}（train.jsonl 为空）。",
            f"Dataset '{dataset_id}' holds no {what('en')} to label (train.jsonl is empty).",
        )
    return items


def create_project_from_dataset(con: sqlite3.Connection, ws: Workspace, dataset_id: str, name: str) -> Project:
    return create_project(con, name, source=f"dataset:{dataset_id}", items=read_dataset_items(ws, dataset_id))


def _read_jsonl(path: Path, shown: str) -> Iterable[tuple[int, dict]]:
    with open(path, encoding="utf-8-sig") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                yield n, json.loads(line)
            except json.JSONDecodeError as e:
                at = where(shown, n)
                raise UserError(
                    f"{at('zh')}：这一行不是合法的 JSON（{e.msg}），请修正或删除。",
                    f"{at('en')}: this line is not valid JSON ({e.msg}); fix or delete it.",
                ) from None


def _prompt_problem(prompt) -> Text | None:
    if not isinstance(prompt, list) or not prompt:
        return Text("对话内容（回复之前的消息）是空的", "the conversation before the reply is empty")
    for m in prompt:
        if not isinstance(m, dict) or m.get("role") not in ROLES or not isinstance(m.get("content"), str):
            return Text(
                "对话里有一条消息缺少 role（system/user/assistant）或 content",
                "a message in the conversation lacks a role (system/user/assistant) or content",
            )
    return None


def render_conversation(messages: Sequence[Message], lang: str | None = None) -> str:
    """The prompt as plain text, one "Role: content" block per turn."""
    return "\n\n".join(
        f"{ROLE_TEXT.get(m['role'], Text(m['role'], m['role']))(lang)}: {m['content']}" for m in messages
    )


# ---------------------------------------------------------------------------------------------
# Annotators and tokens


def add_annotator(con: sqlite3.Connection, project, name: str) -> tuple[Annotator, str]:
    """Returns the annotator and its token (partner_links shows it again while it is valid)."""
    p = get_project(con, project)
    name = _check_name(name, Text("标注人名字", "Annotator name"))
    if name == RESOLUTION_NAME:
        raise UserError(f"“{name}”是保留名字，请换一个。", f"'{name}' is reserved; choose another name.")
    token, now = _new_token(), time.time()
    with db.tx(con):
        if con.execute("SELECT 1 FROM annotate_annotators WHERE project_id = ? AND name = ?", (p.id, name)).fetchone():
            raise UserError(
                f"项目“{p.name}”里已经有标注人“{name}”了；要换链接请用“重置链接”。",
                f"Project '{p.name}' already has an annotator '{name}'; use 'reset link' for a new link.",
            )
        aid = con.execute(
            "INSERT INTO annotate_annotators (project_id, name, role, token_hash, token, created_at)"
            " VALUES (?, ?, 'partner', ?, ?, ?)",
            (p.id, name, _hash(token), token, now),
        ).lastrowid
    return Annotator(aid, p.id, name, "partner", True, now), token


def reset_token(con: sqlite3.Connection, project, annotator) -> str:
    """A new link: the old token stops working at once. Labels stay with the annotator."""
    token = _new_token()
    with db.tx(con):
        a = _annotator(con, get_project(con, project), annotator, role="partner")
        con.execute(
            "UPDATE annotate_annotators SET token_hash = ?, token = ?, revoked_at = NULL WHERE id = ?",
            (_hash(token), token, a.id),
        )
    return token


def revoke(con: sqlite3.Connection, project, annotator) -> None:
    with db.tx(con):
        a = _annotator(con, get_project(con, project), annotator, role="partner")
        con.execute(
            "UPDATE annotate_annotators SET token_hash = NULL, token = NULL, revoked_at = ? WHERE id = ?",
            (time.time(), a.id),
        )


def annotator_by_token(con: sqlite3.Connection, token: str) -> Annotator | None:
    """The active annotator holding this token, or None (unknown or revoked)."""
    if not isinstance(token, str) or not token:
        return None
    row = con.execute("SELECT * FROM annotate_annotators WHERE token_hash = ?", (_hash(token),)).fetchone()
    return _annotator_from_row(row) if row else None


def list_annotators(con: sqlite3.Connection, project, include_resolution: bool = False) -> list[Annotator]:
    p = get_project(con, project)
    rows = con.execute("SELECT * FROM annotate_annotators WHERE project_id = ? ORDER BY id", (p.id,))
    return [a for a in map(_annotator_from_row, rows) if include_resolution or a.role == "partner"]


@dataclass(frozen=True)
class PartnerLink:
    """A partner's link as the owner's desk shows it. `token` is None when the link is off (`active`
    False) or was made before the workspace kept links (`active` True: it still opens the card, but
    only a new one can be shown)."""

    name: str
    active: bool
    token: str | None


def partner_links(con: sqlite3.Connection, project) -> list[PartnerLink]:
    """Every partner of the project with their current link, in the order they were added."""
    p = get_project(con, project)
    rows = con.execute(
        "SELECT name, token_hash, token FROM annotate_annotators WHERE project_id = ? AND role = 'partner' ORDER BY id",
        (p.id,),
    )
    return [
        PartnerLink(r["name"], r["token_hash"] is not None, r["token"] if r["token_hash"] is not None else None)
        for r in rows
    ]


def link_path(token: str) -> str:
    return f"/label/?annotator={token}"  # the small labelling app (studio/ui/shell.py build_label_app)


def _new_token() -> str:
    return secrets.token_urlsafe(32)  # 256 random bits


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _annotator_from_row(row: sqlite3.Row) -> Annotator:
    return Annotator(
        row["id"],
        row["project_id"],
        row["name"],
        row["role"],
        row["token_hash"] is not None or row["role"] == "resolution",
        row["created_at"],
    )


def _annotator(
    con: sqlite3.Connection, p: Project, annotator, role: str | None = None, active: bool = False
) -> Annotator:
    if isinstance(annotator, Annotator):
        annotator = annotator.id
    col = "id" if isinstance(annotator, int) else "name"
    row = con.execute(
        f"SELECT * FROM annotate_annotators WHERE project_id = ? AND {col} = ?", (p.id, annotator)
    ).fetchone()
    if row is None or (role and row["role"] != role):
        raise UserError(
            f"项目“{p.name}”里没有标注人“{annotator}”。", f"Project '{p.name}' has no annotator '{annotator}'."
        )
    a = _annotator_from_row(row)
    if active and not a.active:
        raise UserError(
            f"标注人“{a.name}”的链接已被停用，请向项目负责人要一个新链接。",
            f"Annotator '{a.name}' has a revoked link; ask the project owner for a new one.",
        )
    return a


# ---------------------------------------------------------------------------------------------
# Labelling


def left_reply(item_id: int, annotator_id: int) -> str:
    """Which reply ("a" or "b") this annotator sees on the left for this item. Deterministic, so a
    reload shows the same order, and independent across items and annotators."""
    digest = hashlib.sha256(f"qixi-annotate-side:{item_id}:{annotator_id}".encode()).digest()
    return "a" if digest[0] & 1 == 0 else "b"


def to_reply_choice(choice: str, item_id: int, annotator_id: int) -> str:
    """Screen terms (left/right) or reply terms (a/b/tie/both_bad) -> reply terms."""
    c = str(choice).strip().lower()
    if c in SIDES:
        left = left_reply(item_id, annotator_id)
        return left if c == "left" else ("b" if left == "a" else "a")
    if c not in CHOICES:
        raise UserError(
            f"不认识的选择“{choice}”：只能是 left、right、tie（差不多）或 both_bad（都不好）。",
            f"Unknown choice '{choice}': use left, right, tie or both_bad.",
        )
    return c


def to_screen_choice(choice: str | None, item_id: int, annotator_id: int) -> str | None:
    if choice in ("a", "b"):
        return "left" if left_reply(item_id, annotator_id) == choice else "right"
    return choice


def label(
    con: sqlite3.Connection,
    project,
    annotator,
    item: int,
    choice: str,
    better_reply: str | None = None,
    note: str | None = None,
) -> LabelAck:
    """Record this annotator's judgement of one item. `choice` may be in screen terms (left/right)
    or reply terms; it is stored in reply terms. Returns after the commit."""
    return _append(con, project, annotator, item, "label", choice, better_reply, note, role="partner")


def skip(con: sqlite3.Connection, project, annotator, item: int) -> LabelAck:
    return _append(con, project, annotator, item, "skip", None, None, None, role="partner")


def resolve(
    con: sqlite3.Connection, project, item: int, choice: str, better_reply: str | None = None, note: str | None = None
) -> LabelAck:
    """The final, third label for an item the partners disagree on (reply terms only)."""
    if str(choice).strip().lower() in SIDES:
        raise UserError(
            "裁定时请用 a、b、tie 或 both_bad（回复本身），不要用左右。",
            "A resolution takes a, b, tie or both_bad (the replies themselves), not left/right.",
        )
    return _append(con, project, RESOLUTION_NAME, item, "label", choice, better_reply, note, role="resolution")


def _append(
    con: sqlite3.Connection,
    project,
    annotator,
    item: int,
    kind: str,
    choice: str | None,
    better_reply: str | None,
    note: str | None,
    role: str,
) -> LabelAck:
    p = get_project(con, project)
    better_reply, note = _optional_text(better_reply), _optional_text(note)
    now = time.time()
    with db.tx(con):
        if role == "resolution":
            a = _resolution_annotator(con, p)
        else:
            a = _annotator(con, p, annotator, role="partner", active=True)
        row = _item_row(con, p.id, item, ready=True)
        if choice is not None:
            choice = to_reply_choice(choice, row["id"], a.id)
        eid = con.execute(
            "INSERT INTO annotate_events (project_id, item_id, annotator_id, kind, choice, better_reply, note,"
            " left_reply, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (p.id, row["id"], a.id, kind, choice, better_reply, note, left_reply(row["id"], a.id), now),
        ).lastrowid
    return LabelAck(eid, p.id, row["id"], a.id, kind, choice, now)


def _resolution_annotator(con: sqlite3.Connection, p: Project) -> Annotator:
    # Called inside a transaction: created on first use, so projects without conflicts have none.
    row = con.execute(
        "SELECT * FROM annotate_annotators WHERE project_id = ? AND role = 'resolution'", (p.id,)
    ).fetchone()
    if row is None:
        con.execute(
            "INSERT INTO annotate_annotators (project_id, name, role, created_at) VALUES (?, ?, 'resolution', ?)",
            (p.id, RESOLUTION_NAME, time.time()),
        )
        row = con.execute(
            "SELECT * FROM annotate_annotators WHERE project_id = ? AND role = 'resolution'", (p.id,)
        ).fetchone()
    return _annotator_from_row(row)


def undo(con: sqlite3.Connection, project, annotator, item: int | None = None) -> UndoAck | None:
    """Undo the annotator's latest label/skip (on `item`, or their latest overall). Appends an undo
    event; the previous label of that item, if any, becomes current again. None: nothing to undo."""
    p = get_project(con, project)
    with db.tx(con):
        a = _annotator(con, p, annotator, role="partner", active=True)
        sql = "SELECT id, item_id FROM annotate_current WHERE annotator_id = ?"
        args: tuple = (a.id,)
        if item is not None:
            sql, args = sql + " AND item_id = ?", (a.id, item)
        target = con.execute(sql + " ORDER BY id DESC LIMIT 1", args).fetchone()
        if target is None:
            return None
        eid = con.execute(
            "INSERT INTO annotate_events (project_id, item_id, annotator_id, kind, undoes, created_at)"
            " VALUES (?, ?, ?, 'undo', ?, ?)",
            (p.id, target["item_id"], a.id, target["id"], time.time()),
        ).lastrowid
    return UndoAck(eid, target["id"], target["item_id"])


# An event that counts: a label or skip nobody undid. `{e}` is the events alias.
_LIVE = "{e}.kind IN ('label', 'skip') AND NOT EXISTS (SELECT 1 FROM annotate_events u WHERE u.undoes = {e}.id)"
_READY = "i.reply_a IS NOT NULL AND i.reply_b IS NOT NULL"


def next_item(con: sqlite3.Connection, project, annotator) -> Screen | None:
    """The first item (in project order) this annotator has neither labelled nor skipped; None when
    all are done. Derived from the store only, so a reload or restart continues where they were."""
    p = get_project(con, project)
    a = _annotator(con, p, annotator)
    row = con.execute(
        f"SELECT i.* FROM annotate_items i WHERE i.project_id = ? AND {_READY} AND NOT EXISTS ("
        f" SELECT 1 FROM annotate_events e WHERE e.annotator_id = ? AND e.item_id = i.id AND {_LIVE.format(e='e')})"
        " ORDER BY i.position LIMIT 1",
        (p.id, a.id),
    ).fetchone()
    return _screen(con, p, a, row) if row else None


def go_back(con: sqlite3.Connection, project, annotator, item: int | None = None) -> Screen | None:
    """The item before `item` in project order (the last item when `item` is None); None at the start."""
    p = get_project(con, project)
    a = _annotator(con, p, annotator)
    if item is None:
        row = con.execute(
            f"SELECT i.* FROM annotate_items i WHERE i.project_id = ? AND {_READY} ORDER BY i.position DESC LIMIT 1",
            (p.id,),
        ).fetchone()
    else:
        pos = _item_row(con, p.id, item)["position"]
        row = con.execute(
            f"SELECT i.* FROM annotate_items i WHERE i.project_id = ? AND {_READY}"
            " AND i.position < ? ORDER BY i.position DESC LIMIT 1",
            (p.id, pos),
        ).fetchone()
    return _screen(con, p, a, row) if row else None


def screen(con: sqlite3.Connection, project, annotator, item: int) -> Screen:
    p = get_project(con, project)
    return _screen(con, p, _annotator(con, p, annotator), _item_row(con, p.id, item, ready=True))


def _screen(con: sqlite3.Connection, p: Project, a: Annotator, row: sqlite3.Row) -> Screen:
    total, before = con.execute(
        f"SELECT COUNT(*), COALESCE(SUM(i.position < ?), 0) FROM annotate_items i WHERE i.project_id = ? AND {_READY}",
        (row["position"], p.id),
    ).fetchone()
    cur = con.execute(
        "SELECT kind, choice, better_reply, note FROM annotate_current WHERE annotator_id = ? AND item_id = ?",
        (a.id, row["id"]),
    ).fetchone()
    left = left_reply(row["id"], a.id)
    replies = {"a": row["reply_a"], "b": row["reply_b"]}
    current = None
    if cur is not None:
        current = "skip" if cur["kind"] == "skip" else to_screen_choice(cur["choice"], row["id"], a.id)
    return Screen(
        row["id"],
        before + 1,
        total,
        json.loads(row["prompt"]),
        replies[left],
        replies["b" if left == "a" else "a"],
        current,
        cur["better_reply"] if cur else None,
        cur["note"] if cur else None,
    )


def progress(con: sqlite3.Connection, project, annotator) -> Progress:
    p = get_project(con, project)
    a = _annotator(con, p, annotator)
    labelled, skipped = con.execute(
        "SELECT COALESCE(SUM(c.kind = 'label'), 0), COALESCE(SUM(c.kind = 'skip'), 0)"
        " FROM annotate_current c JOIN annotate_items i ON i.id = c.item_id"
        f" WHERE c.annotator_id = ? AND {_READY}",
        (a.id,),
    ).fetchone()
    total = con.execute(
        f"SELECT COUNT(*) FROM annotate_items i WHERE i.project_id = ? AND {_READY}", (p.id,)
    ).fetchone()[0]
    return Progress(labelled, skipped, total)


def next_to_write(con: sqlite3.Connection, project, annotator, after: int | None = None) -> WriteScreen | None:
    """The next item still missing a reply, after item `after` (wrapping round); None when every item
    has two. The first partner walks the project front to back and the second back to front, so two
    partners writing at the same time rarely pick the same item."""
    p = get_project(con, project)
    a = _annotator(con, p, annotator, role="partner", active=True)
    partner_ids = [x.id for x in list_annotators(con, p)]
    backwards = a.id in partner_ids and partner_ids.index(a.id) % 2 == 1
    rows = con.execute(
        "SELECT id, position FROM annotate_items WHERE project_id = ? AND "
        "(reply_a IS NULL OR reply_b IS NULL) ORDER BY position",
        (p.id,),
    ).fetchall()
    if not rows:
        return None
    order = rows[::-1] if backwards else rows
    start = 0
    if after is not None:
        pos = _item_row(con, p.id, after)["position"]
        later = [k for k, r in enumerate(order) if (r["position"] < pos if backwards else r["position"] > pos)]
        start = later[0] if later else 0
    row = con.execute("SELECT * FROM annotate_items WHERE id = ?", (order[start]["id"],)).fetchone()
    return WriteScreen(row["id"], row["position"], len(rows), json.loads(row["prompt"]))


@dataclass(frozen=True)
class _Label:
    annotator_id: int
    role: str
    choice: str
    better_reply: str | None


def _current_labels(con: sqlite3.Connection, project_id: int) -> dict[int, list[_Label]]:
    """item id -> current labels (partners in annotator order, then the resolution)."""
    out: dict[int, list[_Label]] = {}
    rows = con.execute(
        "SELECT c.item_id, c.annotator_id, a.role, c.choice, c.better_reply FROM annotate_current c"
        " JOIN annotate_annotators a ON a.id = c.annotator_id"
        " WHERE c.project_id = ? AND c.kind = 'label' ORDER BY a.role = 'resolution', a.id",
        (project_id,),
    )
    for r in rows:
        out.setdefault(r["item_id"], []).append(_Label(r["annotator_id"], r["role"], r["choice"], r["better_reply"]))
    return out


def item_labels(con: sqlite3.Connection, project, item: int) -> list[ItemLabel]:
    """Everyone's current answer on one item (partners, then the resolution), to talk a disagreement over."""
    p = get_project(con, project)
    row = _item_row(con, p.id, item)
    rows = con.execute(
        "SELECT a.name, a.role, c.choice, c.better_reply, c.note FROM annotate_current c"
        " JOIN annotate_annotators a ON a.id = c.annotator_id WHERE c.item_id = ?"
        " ORDER BY a.role = 'resolution', a.id",
        (row["id"],),
    )
    return [ItemLabel(r["name"], r["role"], r["choice"], r["better_reply"], r["note"]) for r in rows]


# ---------------------------------------------------------------------------------------------
# Agreement


def agreement(con: sqlite3.Connection, project, annotator_x=None, annotator_y=None) -> Agreement:
    """Agreement between two partners (default: the first two) over the items both labelled."""
    p = get_project(con, project)
    if annotator_x is None or annotator_y is None:
        partners = list_annotators(con, p)
        if len(partners) < 2:
            return Agreement(
                partners[0].name if partners else None,
                None,
                0,
                0,
                None,
                None,
                [[0] * len(CHOICES) for _ in CHOICES],
                [],
            )
        x, y = partners[0], partners[1]
    else:
        x, y = _annotator(con, p, annotator_x, role="partner"), _annotator(con, p, annotator_y, role="partner")
    labels = _current_labels(con, p.id)
    positions = dict(con.execute("SELECT id, position FROM annotate_items WHERE project_id = ?", (p.id,)).fetchall())
    pairs, disagreements = [], []
    for item_id in sorted(labels, key=positions.__getitem__):
        by = {lb.annotator_id: lb.choice for lb in labels[item_id]}
        if x.id in by and y.id in by:
            pairs.append((by[x.id], by[y.id]))
            if by[x.id] != by[y.id]:
                res = next((lb.choice for lb in labels[item_id] if lb.role == "resolution"), None)
                disagreements.append(Disagreement(item_id, positions[item_id], by[x.id], by[y.id], res))
    rate, kappa, matrix = cohen_kappa(pairs)
    return Agreement(x.name, y.name, len(pairs), sum(a == b for a, b in pairs), rate, kappa, matrix, disagreements)


def cohen_kappa(
    pairs: Sequence[tuple[str, str]], categories: Sequence[str] = CHOICES
) -> tuple[float | None, float | None, list[list[int]]]:
    """(observed agreement, Cohen's kappa, confusion matrix) for two raters' labels.

    kappa = (p_o - p_e) / (1 - p_e), p_e = sum_k p_x(k) * p_y(k). Undefined (None) when there are
    no pairs or when p_e == 1 (both raters used one and the same category throughout)."""
    index = {c: i for i, c in enumerate(categories)}
    matrix = [[0] * len(categories) for _ in categories]
    for a, b in pairs:
        matrix[index[a]][index[b]] += 1
    n = len(pairs)
    if n == 0:
        return None, None, matrix
    p_o = sum(matrix[i][i] for i in range(len(categories))) / n
    p_e = sum(sum(matrix[i]) * sum(row[i] for row in matrix) for i in range(len(categories))) / (n * n)
    kappa = None if p_e >= 1 else (p_o - p_e) / (1 - p_e)
    return p_o, kappa, matrix


# ---------------------------------------------------------------------------------------------
# Export


def final_judgement(labels: Sequence[_Label], policy: str) -> tuple[str, list[str]] | None:
    """The item's choice and the better replies written for it, or None when it is dropped.

    drop:       partners must agree (a single partner's label counts); a resolution is ignored.
    resolution: the resolution wins when there is one; otherwise as "drop".
    majority:   every label (partners and resolution) is a vote; a strict plurality wins.
    Better replies come from the labels that hold the winning choice."""
    partners = [lb for lb in labels if lb.role == "partner"]
    res = [lb for lb in labels if lb.role == "resolution"]
    if policy == "resolution" and res:
        voters = res
    elif policy == "majority":
        voters = partners + res
    else:
        voters = partners
    if not voters:
        return None
    ranked = Counter(lb.choice for lb in voters).most_common()
    if len(ranked) > 1 and (policy != "majority" or ranked[0][1] == ranked[1][1]):
        return None
    choice = ranked[0][0]
    betters = list(dict.fromkeys(lb.better_reply for lb in voters if lb.choice == choice and lb.better_reply))
    return choice, betters


def pair_rows(prompt: list[Message], reply_a: str, reply_b: str, choice: str, betters: Sequence[str]) -> list[dict]:
    """ms-swift preference rows. A written better reply becomes the chosen one, against the reply
    judged worse (a/b) or against both (tie/both_bad). A tie or both_bad with no better reply says
    nothing about which to prefer and gives no row."""
    replies = {"a": reply_a, "b": reply_b}
    if choice in ("a", "b"):
        loser = replies["b" if choice == "a" else "a"]
        pairs = [(better, loser) for better in betters] or [(replies[choice], loser)]
    else:
        pairs = [(better, r) for better in betters for r in dict.fromkeys((reply_a, reply_b))]
    return [
        {"messages": prompt + [{"role": "assistant", "content": good}], "rejected_response": bad} for good, bad in pairs
    ]


def kto_rows(
    prompt: list[Message], reply_a: str, reply_b: str, choice: str, betters: Sequence[str], tie_policy: str = "drop"
) -> list[dict]:
    """ms-swift KTO rows (single judgements): the better reply true, the worse false; both_bad ->
    both false; tie -> both true or none (tie_policy). Each written better reply adds a true row."""
    verdicts = {
        "a": [(reply_a, True), (reply_b, False)],
        "b": [(reply_b, True), (reply_a, False)],
        "both_bad": [(reply_a, False), (reply_b, False)],
        "tie": [(reply_a, True), (reply_b, True)] if tie_policy == "both_true" else [],
    }[choice]
    verdicts += [(better, True) for better in betters]
    return [{"messages": prompt + [{"role": "assistant", "content": reply}], "label": ok} for reply, ok in verdicts]


def export(
    con: sqlite3.Connection,
    ws: Workspace,
    project,
    kind: str = "pairs",
    policy: str = "drop",
    tie_policy: str = "drop",
    name: str | None = None,
) -> ExportResult:
    """Write the labels as a workspace dataset (train.jsonl, val.jsonl, card.json) through the data
    store, which splits 5% off for validation (none below 20 rows) and drops exact duplicates."""
    p = get_project(con, project)
    if kind not in EXPORT_KINDS:
        raise UserError(
            f"导出类型“{kind}”不支持：请选 pairs（偏好对）或 kto。",
            f"Export kind '{kind}' is not supported: choose pairs or kto.",
        )
    if policy not in POLICIES:
        raise UserError(
            f"分歧处理方式“{policy}”不支持：请选 drop、resolution 或 majority。",
            f"Disagreement policy '{policy}' is not supported: choose drop, resolution or majority.",
        )
    if tie_policy not in TIE_POLICIES[kind]:
        raise UserError(
            f"{kind} 导出的平局处理方式只能是 {' / '.join(TIE_POLICIES[kind])}，而不是“{tie_policy}”。",
            f"For a {kind} export the tie policy must be {' / '.join(TIE_POLICIES[kind])}, not '{tie_policy}'.",
        )
    labels = _current_labels(con, p.id)
    out: list[dict] = []
    counts = Counter()
    for it in list_items(con, p):
        if it.id not in labels or not it.ready:
            continue
        counts["items_labelled"] += 1
        judged = final_judgement(labels[it.id], policy)
        if judged is None:
            counts["dropped_disagreement"] += 1
            continue
        choice, betters = judged
        if kind == "pairs":
            rows = pair_rows(it.prompt, it.reply_a, it.reply_b, choice, betters)
        else:
            rows = kto_rows(it.prompt, it.reply_a, it.reply_b, choice, betters, tie_policy)
        if not rows:
            counts[f"dropped_{choice}"] += 1
            continue
        counts["items_used"] += 1
        out += rows
    if not out:
        raise UserError(
            f"项目“{p.name}”还没有能导出的标注（没有标注，或都因分歧/平局被丢弃）；先多标几条再导出。",
            f"Project '{p.name}' has nothing to export yet (no labels, or all dropped as disagreements "
            "or ties); label more items first.",
        )
    counts["rows"] = len(out)
    dataset_id, path, card_counts = _register(
        ws,
        out,
        name or f"{p.name} ({kind})",
        kind,
        f"annotate:{p.name}",
        dict(counts),
        {"project": p.name, "policy": policy, "tie_policy": tie_policy},
    )
    return ExportResult(dataset_id, path, kind, card_counts)


def _register(
    ws: Workspace, rows: list[dict], name: str, kind: str, source: str, counts: dict, settings: dict
) -> tuple[str, Path, dict]:
    """Hand the rows to the data store (one writer of the dataset layout, its split and its checks),
    then note in the card where they came from. Returns (id, folder, card counts)."""
    staged = ws.resolve(ws.tmp / f"annotate-export-{secrets.token_hex(4)}.jsonl")
    atomic_write_jsonl(staged, rows)
    try:
        ds = register_jsonl(ws, staged, name, kind).dataset
    finally:
        staged.unlink(missing_ok=True)
    # register_jsonl is made for bundled samples: this dataset is the user's own work, not a sample.
    counts = {**ds.card.get("counts", {}), **counts}
    atomic_write_json(
        ds.path / "card.json", ds.card | {"source": source, "bundled": False, "counts": counts, "annotate": settings}
    )
    return ds.id, ds.path, counts


def csv_cell(value) -> str:
    """A cell a spreadsheet will not run: text starting with = + - @ tab or CR gets a leading '."""
    s = "" if value is None else str(value)
    return "'" + s if s.startswith(CSV_FORMULA_START) else s


CSV_COLUMNS = (
    "item_id",
    "position",
    "prompt",
    "reply_a",
    "reply_b",
    "source_a",
    "source_b",
    "annotator",
    "choice",
    "better_reply",
    "note",
    "labelled_at",
)


def export_csv(
    con: sqlite3.Connection, ws: Workspace, project, path: str | Path | None = None, lang: str | None = None
) -> Path:
    """Every current label and skip as a sheet (UTF-8 with BOM so spreadsheet apps read Chinese)."""
    p = get_project(con, project)
    target = ws.resolve(path or Path("exports") / f"{_slug(p.name)}-labels-{time.strftime('%Y%m%d-%H%M%S')}.csv")
    rows = con.execute(
        "SELECT i.id, i.position, i.prompt, i.reply_a, i.reply_b, i.source_a, i.source_b, a.name, c.kind,"
        " c.choice, c.better_reply, c.note, c.created_at FROM annotate_current c"
        " JOIN annotate_items i ON i.id = c.item_id JOIN annotate_annotators a ON a.id = c.annotator_id"
        " WHERE c.project_id = ? ORDER BY i.position, a.role = 'resolution', a.id",
        (p.id,),
    ).fetchall()
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for r in rows:
        stamp = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(r["created_at"]))
        choice = "skip" if r["kind"] == "skip" else r["choice"]
        writer.writerow(
            [
                csv_cell(v)
                for v in (
                    r["id"],
                    r["position"],
                    render_conversation(json.loads(r["prompt"]), lang),
                    r["reply_a"],
                    r["reply_b"],
                    r["source_a"],
                    r["source_b"],
                    r["name"],
                    choice,
                    r["better_reply"],
                    r["note"],
                    stamp,
                )
            ]
        )
    atomic_write_text(target, "\ufeff" + buf.getvalue())
    return target


# ---------------------------------------------------------------------------------------------
# Helpers


def stats(con: sqlite3.Connection, project) -> dict:
    """A JSON-ready overview: items, each partner's progress, agreement."""
    p = get_project(con, project)
    items = list_items(con, p)
    ag = agreement(con, p)
    return {
        "project": p.name,
        "source": p.source,
        "items": len(items),
        "ready": sum(it.ready for it in items),
        "annotators": [
            {"name": a.name, "active": a.active, **asdict(progress(con, p, a))} for a in list_annotators(con, p)
        ],
        "agreement": {k: v for k, v in asdict(ag).items() if k != "disagreements"}
        | {"disagreements": [asdict(d) for d in ag.disagreements]},
    }


def _check_name(name: str, what: Text) -> str:
    name = (name or "").strip() if isinstance(name, str) else ""
    if not name or len(name) > MAX_NAME or any(ord(ch) < 32 for ch in name):
        raise UserError(
            f"{what('zh')}不能为空、不能超过 {MAX_NAME} 个字，也不能含换行等控制字符。",
            f"{what('en')} must be non-empty, at most {MAX_NAME} characters, without line breaks "
            "or other control characters.",
        )
    return name


def _optional_text(s: str | None) -> str | None:
    return s if isinstance(s, str) and s.strip() else None


def _slug(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "-", name).strip("-")[:40] or "annotate"
