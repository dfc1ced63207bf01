"""The `qixi` command: the same domain calls as the UI, `--json` on every command.

Each command group lives in its own module with `add_parser(subparsers)`; a handler takes
(args, workspace) and returns a JSON-able dict (or raises UserError: one line, exit code 1).
"""
from __future__ import annotations

import argparse
import importlib
import json
import sys

from studio.i18n import UserError, default_lang
from studio.workspace import Workspace

GROUPS = ("serve_cmd", "jobs_cmd", "data_cmd", "annotate_cmd", "train_cmd", "pocket_cmd", "eval_cmd",
          "export_cmd", "chat_cmd", "memory_cmd", "guard_cmd", "recipe_cmd")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="qixi", description="Qixi Studio / 七夕工作室")
    parser.add_argument("--workspace", help="workspace folder (default: $QIXI_HOME or ./workspace)")
    parser.add_argument("--lang", choices=("zh", "en"), default=None, help="language of messages")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--json", action="store_true", help="print the result as JSON")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.common = common   # groups pass parents=[sub.common] so --json works after the command
    for name in GROUPS:
        try:
            mod = importlib.import_module(f"studio.cli.{name}")
        except ModuleNotFoundError as e:
            if e.name != f"studio.cli.{name}":
                raise
            continue
        mod.add_parser(sub)
    return parser


def emit(result, as_json: bool) -> None:
    if as_json:
        print(json.dumps(result, ensure_ascii=False, indent=2, default=str))
    elif isinstance(result, dict) and "text" in result:
        print(result["text"])
    elif isinstance(result, (dict, list)):
        print(json.dumps(result, ensure_ascii=False, indent=2, default=str))
    elif result is not None:
        print(result)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    # `--json` is accepted anywhere on the line, as users type it.
    as_json = "--json" in argv
    argv = [a for a in argv if a != "--json"]
    args = parser.parse_args(argv)
    args.json = as_json
    lang = args.lang or default_lang()
    try:
        ws = Workspace.open(args.workspace)
        result = args.func(args, ws)
    except UserError as e:
        if as_json:
            print(json.dumps({"ok": False, "error": e.text(lang), "error_zh": e.msg.zh, "error_en": e.msg.en},
                             ensure_ascii=False))
        else:
            print(f"qixi: {e.text(lang)}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    emit(result, as_json)
    if isinstance(result, dict) and result.get("ok") is False:
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
