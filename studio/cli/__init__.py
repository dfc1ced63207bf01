"""The `qixi` command: the same domain calls as the UI, `--json` on every command.

Each command group lives in its own module with `add_parser(subparsers)`; a handler takes
(args, workspace) and returns a JSON-able dict (or raises UserError: one line, exit code 1).
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import sys
from pathlib import Path

from studio.core.i18n import Text, UserError, default_lang
from studio.core.workspace import Workspace, default_root

GROUPS = (
    "serve_cmd",
    "jobs_cmd",
    "data_cmd",
    "annotate_cmd",
    "train_cmd",
    "pocket_cmd",
    "eval_cmd",
    "export_cmd",
    "chat_cmd",
    "memory_cmd",
    "guard_cmd",
    "recipe_cmd",
)


WORKSPACE_HELP = (
    "folder holding everything you make / 保存所有数据的文件夹 (default: $QIXI_HOME, else ./workspace "
    "where one exists already, else the per-user data folder, e.g. ~/.local/share/qixi)"
)
NEW_WORKSPACE = Text(
    "七夕工作室的文件保存在 {path}（{why}，首次使用，已新建）。要放到别处，用 --workspace 文件夹 或环境变量 QIXI_HOME。",
    "Qixi Studio keeps its files in {path} ({why}; first use, created now). To keep them elsewhere, "
    "use --workspace DIR or the QIXI_HOME environment variable.",
)
WHY = {
    "flag": Text("--workspace 指定", "from --workspace"),
    "env": Text("来自 QIXI_HOME", "from QIXI_HOME"),
    "legacy": Text("当前文件夹里已有的 workspace", "the ./workspace already here"),
    "user": Text("每个用户的默认位置", "the per-user default"),
}


def where(arg: str | None) -> tuple[Path, str]:
    """The workspace folder this command uses, and why (a WHY key)."""
    return (Path(arg).expanduser().resolve(), "flag") if arg else default_root()


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="qixi", description="Qixi Studio / 七夕工作室")
    parser.add_argument("--workspace", help=WORKSPACE_HELP)
    parser.add_argument("--lang", choices=("zh", "en"), default=None, help="language of messages")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--json", action="store_true", help="print the result as JSON")
    common.add_argument("--id", action="store_true", help="print only the id of what was made (for scripts)")
    # Also after the command (`python app.py --workspace DIR` is `qixi serve --workspace DIR`); SUPPRESS keeps
    # the value given before the command when it is not repeated after it.
    common.add_argument("--workspace", default=argparse.SUPPRESS, help=WORKSPACE_HELP)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.common = common  # groups pass parents=[sub.common] so --json works after the command
    for name in GROUPS:
        try:
            mod = importlib.import_module(f"studio.cli.{name}")
        except ModuleNotFoundError as e:
            if e.name != f"studio.cli.{name}":
                raise
            continue
        mod.add_parser(sub)
    return parser


def _quiet_closed_pipe() -> int:
    """The reader went away (`qixi … --json | head`): what it wanted was printed. Point stdout at
    /dev/null so the interpreter's final flush cannot raise again, and end without a traceback."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
    return 0


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
    # `--json` and `--id` are accepted anywhere on the line, as users type them.
    as_json = "--json" in argv
    id_only = "--id" in argv
    argv = [a for a in argv if a not in ("--json", "--id")]
    args = parser.parse_args(argv)
    args.json = as_json
    lang = args.lang or default_lang()
    try:
        root, why = where(args.workspace)
        if not root.is_dir():
            print(NEW_WORKSPACE(lang, path=root, why=WHY[why](lang)), file=sys.stderr, flush=True)
        ws = Workspace.open(root)
        result = args.func(args, ws)
    except UserError as e:
        try:
            if as_json:
                print(
                    json.dumps(
                        {"ok": False, "error": e.text(lang), "error_zh": e.msg.zh, "error_en": e.msg.en},
                        ensure_ascii=False,
                    ),
                    flush=True,
                )
            else:
                print(f"qixi: {e.text(lang)}", file=sys.stderr)
        except BrokenPipeError:
            _quiet_closed_pipe()
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return _quiet_closed_pipe()
    try:
        if id_only:  # for scripts: RUN=$(qixi train sft … --id)
            made = result.get("made") or result.get("id") if isinstance(result, dict) else None
            if made and result.get("ok") is not False:
                print(made)
        else:
            emit(result, as_json)
        sys.stdout.flush()
    except BrokenPipeError:
        return _quiet_closed_pipe()
    if isinstance(result, dict) and result.get("ok") is False:
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
