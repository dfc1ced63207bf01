"""qixi memory list|add|rm|accept|clear|export|import|settings: the companion's memory of one persona.

`--persona NAME` picks whose memory (default: the conversations without a persona). Erasing (`rm`, `clear`)
overwrites the text with zeros and truncates SQLite's WAL, so nothing of it stays in studio.db.
"""

from __future__ import annotations

from pathlib import Path

from studio.chat import memory as M
from studio.cli.paths import user_path
from studio.core.connections import open_db
from studio.core.i18n import UserError, default_lang
from studio.core.workspace import atomic_write_json


def add_parser(sub) -> None:
    parents = [sub.common] if hasattr(sub, "common") else []
    p = sub.add_parser("memory", parents=parents, help="what the companion remembers / 伴侣的记忆")
    msub = p.add_subparsers(dest="memory_cmd", required=True)

    def cmd(name, help_, func):
        c = msub.add_parser(name, parents=parents, help=help_)
        c.add_argument("--persona", default="", help="the persona's name (default: chats without a persona)")
        c.set_defaults(func=func)
        return c

    c = cmd("list", "list notes / 列出记忆", cmd_list)
    c.add_argument("--search", default="", help="only notes whose text or kind holds this")
    c.add_argument("--pending", action="store_true", help="only notes waiting for your OK")
    c = cmd("add", "add a note by hand / 手动添加", cmd_add)
    c.add_argument("text")
    c.add_argument("--kind", choices=M.KINDS, default="other")
    c.add_argument("--date", default=None, help="YYYY-MM-DD, or MM-DD for a yearly day such as a birthday")
    c.add_argument("--pin", action="store_true", help="always bring this note into the prompt")
    c = cmd("rm", "erase notes by id / 删除记忆", cmd_rm)
    c.add_argument("ids", nargs="+", type=int)
    c = cmd("accept", "confirm pending notes / 确认待定记忆", cmd_accept)
    c.add_argument("ids", nargs="*", type=int, help="ids (default: every pending note of the persona)")
    c = cmd("clear", "erase every note of the persona / 清空记忆", cmd_clear)
    c.add_argument("--yes", action="store_true", help="required: erasing cannot be undone")
    c.add_argument("--all-personas", action="store_true", help="erase the memory of every persona")
    c = cmd("export", "write the notes as JSON, or into a persona's character card / 导出", cmd_export)
    c.add_argument(
        "--out",
        default=None,
        help="file, relative to this folder (default: the workspace's exports/<persona>.memory.json)",
    )
    c.add_argument(
        "--card",
        action="store_true",
        help="write the persona's SillyTavern card with the memory in extensions.qixi_studio.memory",
    )
    c = cmd("import", "add notes from a memory file or a character card / 导入", cmd_import)
    c.add_argument("file", help="a memory file or a character card, relative to this folder")
    c = cmd("settings", "show or change the memory settings / 记忆设置", cmd_settings)
    c.add_argument("--auto-accept", choices=("on", "off"), default=None, help="keep new notes without asking")
    c.add_argument("--budget", type=int, default=None, help="tokens of the prompt memory may take")
    c.add_argument("--enabled", choices=("on", "off"), default=None, help="memory on or off for this persona")
    c.add_argument(
        "--summarize",
        choices=("on", "off"),
        default=None,
        help="also ask the served model to list facts (off by default)",
    )


def _lang(args) -> str:
    return getattr(args, "lang", None) or default_lang()


def _line(n: M.Note) -> str:
    flags = ("📌" if n.pinned else "") + ("⏳" if n.status == "pending" else "")
    return f"#{n.id} [{n.kind}]{(' ' + n.date) if n.date else ''} {n.text} {flags}".rstrip()


def cmd_list(args, ws) -> dict:
    notes = M.list_notes(open_db(ws), args.persona, "pending" if args.pending else None, args.search)
    return {
        "persona": args.persona,
        "notes": [n.to_dict() for n in notes],
        "text": "\n".join(_line(n) for n in notes) or ("（没有记忆）" if _lang(args) == "zh" else "(no notes)"),
    }


def cmd_add(args, ws) -> dict:
    note = M.add(open_db(ws), args.persona, M.note_from_form(args.text, args.kind, args.date, args.pin))
    return {"note": note.to_dict(), "text": _line(note)}


def cmd_rm(args, ws) -> dict:
    con = open_db(ws)
    for i in args.ids:
        M.get(con, i)  # a wrong id is named before anything is erased
    n, clean = M.remove(con, args.ids)
    return {"removed": n, "wal_truncated": clean, "text": M.erased_note(n, clean)(_lang(args))}


def cmd_accept(args, ws) -> dict:
    con = open_db(ws)
    ids = args.ids or [n.id for n in M.list_notes(con, args.persona, "pending")]
    n = M.accept(con, ids)
    return {"accepted": n, "text": (f"已确认 {n} 条记忆。" if _lang(args) == "zh" else f"Confirmed {n} note(s).")}


def cmd_clear(args, ws) -> dict:
    if not args.yes:
        raise UserError(
            "清空记忆无法撤销：确定的话请加上 --yes。", "Erasing the memory cannot be undone: add --yes to go ahead."
        )
    n, clean = M.clear(open_db(ws), None if args.all_personas else args.persona)
    return {"removed": n, "wal_truncated": clean, "text": M.erased_note(n, clean)(_lang(args))}


def _target(ws, out: str | None, default: str) -> Path:
    # --out is read from the folder the person is in, as every other command's paths; the default stays in exports/.
    return user_path(out) if out else ws.resolve(ws.exports / default)


def cmd_export(args, ws) -> dict:
    con = open_db(ws)
    doc = M.export(con, args.persona)
    from studio.chat import persona as P

    stem = P.safe_name(args.persona or "no-persona")
    if args.card:
        if not args.persona:
            raise UserError(
                "导出到角色卡需要 --persona（一个保存过的人设）。",
                "Exporting into a card needs --persona (a saved persona).",
            )
        path = _target(ws, args.out, f"{stem}.card.json")
        atomic_write_json(path, P.to_card(P.load_persona(ws, args.persona), memory=doc))
    else:
        path = _target(ws, args.out, f"{stem}.memory.json")
        atomic_write_json(path, doc)
    shown = str(path.relative_to(ws.root)) if ws.contains(path) else str(path)
    return {
        "path": shown,
        "notes": len(doc["notes"]),
        "text": (
            f"已导出 {len(doc['notes'])} 条记忆到 {shown}"
            if _lang(args) == "zh"
            else f"Exported {len(doc['notes'])} note(s) to {shown}"
        ),
    }


def cmd_import(args, ws) -> dict:
    from studio.chat.persona import read_card_file

    doc, where = read_card_file(user_path(args.file), args.file)  # a memory file or a card, JSON or PNG
    added, skipped = M.import_notes(open_db(ws), args.persona, M.notes_in(doc, where))
    return {
        "added": added,
        "skipped": skipped,
        "text": (
            f"导入了 {added} 条记忆，跳过 {skipped} 条（重复、格式不对或含个人信息）。"
            if _lang(args) == "zh"
            else f"Imported {added} note(s); skipped {skipped} (duplicates, broken, or holding personal data)."
        ),
    }


def cmd_settings(args, ws) -> dict:
    con = open_db(ws)
    s = M.get_settings(con, args.persona)
    changed = False
    for name in ("auto_accept", "enabled", "summarize"):
        v = getattr(args, name)
        if v is not None:
            setattr(s, name, v == "on")
            changed = True
    if args.budget is not None:
        s.budget, changed = args.budget, True
    if changed:
        s = M.set_settings(con, args.persona, s)
    d = {
        "persona": args.persona,
        "enabled": s.enabled,
        "auto_accept": s.auto_accept,
        "budget": s.budget,
        "summarize": s.summarize,
    }
    d["text"] = " ".join(f"{k}={v}" for k, v in d.items() if k != "persona")
    return d
