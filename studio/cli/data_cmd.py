"""qixi data import|scrub|list|show|delete"""

from __future__ import annotations

import secrets
import shutil
import sys

from studio.cli.paths import user_path
from studio.core.i18n import UserError, default_lang
from studio.data import store
from studio.data.clean import CleanPolicy
from studio.data.formats import Limits, decode_bytes
from studio.data.scrub import PII_NAMES, Scrubber, ScrubOptions


def add_parser(sub) -> None:
    common = [sub.common] if hasattr(sub, "common") else []
    p = sub.add_parser("data", help="datasets / 数据集")
    s = p.add_subparsers(dest="action", required=True)

    q = s.add_parser("import", parents=common, help="import files as a dataset / 导入数据")
    q.add_argument("files", nargs="+", metavar="FILE")
    q.add_argument("--name", help="dataset name (default: the first file's name)")
    q.add_argument(
        "--kind",
        choices=store.IMPORT_KINDS,
        default="auto",
        help="sft, pairs (preference), kto, chat (a chat export), or auto",
    )
    q.add_argument("--me", help="chat exports: the speaker whose voice the model learns")
    q.add_argument("--partner", help="chat exports: the other speaker (default: the only other one)")
    q.add_argument("--no-scrub", action="store_true", help="keep phone numbers, ids, e-mails ... as they are")
    q.add_argument("--scrub-name", action="append", default=[], metavar="NAME", help="a name to hide (repeatable)")
    q.add_argument(
        "--keep-original",
        action="store_true",
        help="keep the uploaded files as they came (not desensitized) in datasets/<id>/original/; "
        "by default only the desensitized samples stay",
    )
    q.add_argument("--gap-hours", type=float, default=6.0, help="chat exports: silence that starts a new conversation")
    q.add_argument("--max-length", type=int, default=None, help="drop/trim samples longer than this (tokens)")
    q.add_argument("--tokenizer", help="a tokenizer.json for exact token counts")
    q.add_argument("--simplified", action="store_true", help="convert traditional Chinese to simplified")
    q.set_defaults(func=cmd_import)

    q = s.add_parser("scrub", parents=common, help="hide personal data in a text file or stdin / 脱敏")
    q.add_argument("file", nargs="?", default="-", metavar="FILE|-")
    q.add_argument("--scrub-name", action="append", default=[], metavar="NAME", help="a name to hide (repeatable)")
    q.set_defaults(func=cmd_scrub)

    s.add_parser("list", parents=common, help="list datasets").set_defaults(func=cmd_list)
    s.add_parser(
        "sample", parents=common, help="register the bundled sample dialogues and pairs / 使用内置示例数据"
    ).set_defaults(func=cmd_sample)

    q = s.add_parser("show", parents=common, help="one dataset: card and first rows")
    q.add_argument("id")
    q.add_argument("--split", choices=("train", "val"), default="train")
    q.add_argument("--page", type=int, default=1)
    q.add_argument("--search", default="")
    q.set_defaults(func=cmd_show)

    q = s.add_parser("delete", parents=common, help="delete a dataset (needs --yes)")
    q.add_argument("id")
    q.add_argument("--yes", action="store_true", help="confirm the deletion")
    q.set_defaults(func=cmd_delete)


def _lang(args) -> str:
    return getattr(args, "lang", None) or default_lang()


def cmd_sample(args, ws) -> dict:
    sets = store.register_samples(ws)
    return {
        "datasets": [d.to_dict() for d in sets],
        "text": "\n".join(f"{d.id}  {d.kind:<6} {d.card.get('name', '')}" for d in sets),
    }


def cmd_import(args, ws) -> dict:
    staging = ws.resolve(ws.tmp / f"cli-import-{secrets.token_hex(4)}")
    try:
        files = [user_path(f) for f in args.files]
        paths = [
            ws.resolve(f) if ws.contains(f) else store.stage_upload(ws, f, folder=staging / str(i))
            for i, f in enumerate(files)
        ]
        policy = CleanPolicy(
            max_length=args.max_length,
            to_simplified=args.simplified,
            tokenizer_path=str(user_path(args.tokenizer)) if args.tokenizer else None,
        )
        scrub = False if args.no_scrub else ScrubOptions(names=tuple(args.scrub_name))
        res = store.import_files(
            ws,
            paths,
            name=args.name,
            kind=args.kind,
            me=args.me,
            partner=args.partner,
            scrub=scrub,
            clean_policy=policy,
            gap_hours=args.gap_hours,
            keep_original=args.keep_original,
        )
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    card = res.dataset.card
    lang = _lang(args)
    c = card["counts"]
    lines = [
        f"{res.id}  {card['name']}  ({card['kind']})",
        (f"train {c['train']}, val {c['val']}" if lang == "en" else f"训练集 {c['train']} 条，验证集 {c['val']} 条"),
    ]
    hidden = {"counts": {}, "total": 0, "examples": []}
    if card["scrub"]:
        hidden = {k: card["scrub"].get(k) or v for k, v in hidden.items()}
    if hidden["total"]:
        lines.append(
            ("hidden: " if lang == "en" else "已隐藏：")
            + ", ".join(f"{PII_NAMES[k](lang)} {v}" for k, v in hidden["counts"].items())
        )
        lines += [f"  {e['file']}:{e['line']}  {e['text']}" for e in hidden["examples"]]
    elif card["scrub"]:
        lines.append("no personal data found" if lang == "en" else "没有发现个人信息")
    lines.append(store.original_note(card)(lang))
    if res.prepared.clean:
        lines.append(res.prepared.clean.summary(lang, limit=10))
    return res.to_dict() | {"hidden": hidden, "text": "\n".join(lines)}


def cmd_scrub(args, ws) -> dict:
    if args.file == "-":
        text = sys.stdin.read()
    else:
        path = user_path(args.file)
        if not path.is_file():
            raise UserError(f"找不到文件 {path}。", f"file {path} not found.")
        limit = Limits().max_file_bytes
        if path.stat().st_size > limit:
            raise UserError(
                f"{path.name} 超过 {limit // 1024 // 1024} MB 上限。",
                f"{path.name} is over the {limit // 1024 // 1024} MB limit.",
            )
        text, _ = decode_bytes(path.read_bytes(), path.name)
    scrubber = Scrubber(ScrubOptions(names=tuple(args.scrub_name)))
    out_lines, positions, counts = [], [], {}
    for no, line in enumerate(text.split("\n"), 1):
        new, hits = scrubber.scrub(line)
        out_lines.append(new)
        for h in hits:
            counts[h.type] = counts.get(h.type, 0) + 1
            positions.append({"type": h.type, "line": no, "offset": h.start})
    scrubbed = "\n".join(out_lines)
    return {"counts": counts, "total": len(positions), "positions": positions, "scrubbed": scrubbed, "text": scrubbed}


def cmd_list(args, ws) -> dict:
    items = store.list_datasets(ws)
    lines = [f"{d.id}  {d.kind:<5}  {d.card.get('counts', {}).get('train', 0):>6}  {d.name}" for d in items]
    return {
        "datasets": [d.to_dict() for d in items],
        "text": "\n".join(lines) or ("no datasets" if _lang(args) == "en" else "还没有数据集"),
    }


def cmd_show(args, ws) -> dict:
    ds = store.get_dataset(ws, args.id)
    pv = store.preview(ws, ds.id, split=args.split, page=args.page, search=args.search, page_size=10)
    lines = [f"{ds.id}  {ds.name}  ({ds.kind})", f"{args.split}: {pv.matched}/{pv.total}  page {pv.page}/{pv.pages}"]
    for r in pv.rows:
        lines.append(f"[{r['index']}] {r['prompt'][:60]!r} -> {r['response'][:60]!r}")
    return {"dataset": ds.to_dict(), "card": ds.card, "preview": pv.to_dict(), "text": "\n".join(lines)}


def cmd_delete(args, ws) -> dict:
    store.delete_dataset(ws, args.id, confirm=args.yes)
    return {"deleted": args.id, "text": f"deleted {args.id}" if _lang(args) == "en" else f"已删除 {args.id}"}
