"""The arrows of DESIGN.md only point down, for every import a module makes (lazy ones inside functions
too), and the web process never loads torch."""

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("torch", "transformers", "swift", "peft", "trl", "bitsandbytes", "accelerate", "datasets")

# Plain helpers and tables every layer uses: studio.core (the workspace, two-language text, the SQLite store the
# domain modules keep their records in, and its connections) and studio.training.methods (the training methods,
# which the engine maps to ms-swift's flags). Being here, they may import only each other.
FOUNDATION = {"studio", "studio.training.methods"}
CORE = "studio.core"

# Which layers each layer may import. The CLI is the top: `qixi serve` starts the UI, and its commands
# make the same domain calls as the UI's handlers.
MAY_IMPORT = {
    "cli": {"cli", "ui", "domain", "foundation"},
    "ui": {"ui", "domain", "foundation"},  # no ms-swift, no processes: the domain does that
    "domain": {"domain", "engine", "foundation"},
    "engine": {"engine", "foundation"},  # the engine knows no job store, run or dataset
    "foundation": {"foundation"},
}
# The UI and the CLI reach the data only through domain functions: no SQL, no connection of their own.
NO_SQL = {"sqlite3", "studio.core.db"}
# (module, import) pairs allowed against the rules above, each with its reason. Keep it empty if you can.
EXEMPT: dict[tuple[str, str], str] = {}


def layer(mod: str) -> str:
    if mod in FOUNDATION or mod == CORE or mod.startswith(CORE + "."):
        return "foundation"
    for prefix, name in (("studio.ui", "ui"), ("studio.cli", "cli"), ("studio.engine", "engine")):
        if mod == prefix or mod.startswith(prefix + "."):
            return name
    return "domain"


def module_name(path: Path, root: Path) -> str:
    return ".".join(path.relative_to(root).with_suffix("").parts).removesuffix(".__init__")


def _is_module(name: str, root: Path) -> bool:
    base = root.joinpath(*name.split("."))
    return base.with_suffix(".py").is_file() or (base / "__init__.py").is_file()


def _literal_prefix(arg: ast.expr) -> str | None:
    """The module named by import_module's argument: a string, or an f-string's fixed start up to its last dot."""
    if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
        return arg.value
    if isinstance(arg, ast.JoinedStr) and arg.values and isinstance(arg.values[0], ast.Constant):
        head = str(arg.values[0].value)
        return head.rsplit(".", 1)[0] if "." in head else None
    return None


def imports(path: Path, root: Path) -> list[tuple[int, str]]:
    """(line, module) for every import anywhere in the file: `import a.b`, `from a import b` (b when it is a
    module of the tree), relative imports, and importlib.import_module / __import__ with a literal name."""
    mod = module_name(path, root)
    package = mod if path.name == "__init__.py" else mod.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                parts = package.split(".")
                base = ".".join(parts[: len(parts) - node.level + 1] + ([node.module] if node.module else []))
            else:
                base = node.module
            subs = [f"{base}.{a.name}" for a in node.names if _is_module(f"{base}.{a.name}", root)]
            found += [(node.lineno, m) for m in subs or [base]]
        elif isinstance(node, ast.Call) and node.args:
            f = node.func
            name = f.attr if isinstance(f, ast.Attribute) else f.id if isinstance(f, ast.Name) else ""
            if name in ("import_module", "__import__") and (target := _literal_prefix(node.args[0])):
                found.append((node.lineno, target))
    return found


def violations(root: Path) -> list[str]:
    bad = []
    for path in sorted((root / "studio").rglob("*.py")):
        mod, where = module_name(path, root), path.relative_to(root)
        for line, imp in imports(path, root):
            top = imp.split(".")[0]
            if (mod, imp) in EXEMPT:
                continue
            if top == "gradio" and layer(mod) != "ui":
                bad.append(f"{where}:{line} {mod} ({layer(mod)}) imports gradio")
            elif layer(mod) in ("ui", "cli") and (imp in NO_SQL or top in NO_SQL):
                bad.append(f"{where}:{line} {mod} ({layer(mod)}) imports {imp}")
            elif top == "studio" and layer(imp) not in MAY_IMPORT[layer(mod)]:
                bad.append(f"{where}:{line} {mod} ({layer(mod)}) imports {imp} ({layer(imp)})")
    return bad


def test_arrows_point_down():
    assert not violations(ROOT), "\n".join(violations(ROOT))


def test_exemptions_still_needed():
    used = {(module_name(p, ROOT), imp) for p in (ROOT / "studio").rglob("*.py") for _, imp in imports(p, ROOT)}
    assert set(EXEMPT) <= used, set(EXEMPT) - used


def swift_lookups(root: Path) -> list[str]:
    """Modules outside the engine that look up where ms-swift is installed (to read its files)."""
    bad = []
    for path in sorted((root / "studio").rglob("*.py")):
        if layer(module_name(path, root)) == "engine":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and getattr(node.func, "attr", getattr(node.func, "id", "")) == "find_spec"
                and str(node.args[0].value).split(".")[0] == "swift"
            ):
                bad.append(f"{path.relative_to(root)}:{node.lineno}")
    return bad


def test_only_the_engine_reads_ms_swift_files(tmp_path):
    assert swift_lookups(ROOT) == []
    root = _tree(
        tmp_path,
        {
            **PACKAGES,
            "studio/training/train.py": "import importlib.util\n\nroot = importlib.util.find_spec('swift')\n",
            "studio/engine/swift.py": "import importlib.util\nimportlib.util.find_spec('swift')\n",
        },
    )
    assert swift_lookups(root) == ["studio/training/train.py:3"]


def _tree(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")
    return root


PACKAGES = {f"studio/{p}__init__.py": "" for p in ("", "ui/", "engine/", "cli/", "core/", "jobs/", "models/")}


def test_checker_finds_every_form_of_an_upward_import(tmp_path):
    root = _tree(
        tmp_path,
        {
            **PACKAGES,
            "studio/jobs/store.py": "import sqlite3\nfrom studio.core import db\nfrom studio.engine import swift\n",
            "studio/core/db.py": "import sqlite3\n",
            "studio/core/i18n.py": "",
            "studio/engine/swift.py": "from studio.core.i18n import Text\n",
            "studio/ui/tab.py": (
                "from studio.jobs import store\n"
                "def handler():\n"
                "    from studio import engine\n"
                "    import sqlite3\n"
                "    return engine\n"
            ),
            "studio/ui/other.py": (
                "import importlib\n"
                "class A:\n"
                "    def f(self):\n"
                "        from studio.core.db import connect\n"
                "        importlib.import_module('studio.engine.swift')\n"
                "        importlib.import_module(f'studio.cli.{self}')\n"
            ),
            "studio/engine/supervise.py": "def main():\n    from ..jobs import store\n    from ..jobs.store import x\n",
            "studio/core/workspace.py": "def f():\n    import studio.jobs.store\n",
            "studio/models/names.py": "def f():\n    from studio.ui import tab\n    import gradio\n",
            "studio/cli/jobs_cmd.py": (
                "from studio.jobs import store\ndef f():\n    from studio.core import db\n"
                "    from studio import engine\n"
            ),
        },
    )
    found = "\n".join(violations(root))
    expected = [
        "studio/ui/tab.py:3 studio.ui.tab (ui) imports studio.engine (engine)",
        "studio/ui/tab.py:4 studio.ui.tab (ui) imports sqlite3",
        "studio/ui/other.py:4 studio.ui.other (ui) imports studio.core.db",
        "studio/ui/other.py:5 studio.ui.other (ui) imports studio.engine.swift (engine)",
        "studio/ui/other.py:6 studio.ui.other (ui) imports studio.cli (cli)",
        "studio/engine/supervise.py:2 studio.engine.supervise (engine) imports studio.jobs.store (domain)",
        "studio/engine/supervise.py:3 studio.engine.supervise (engine) imports studio.jobs.store (domain)",
        "studio/core/workspace.py:2 studio.core.workspace (foundation) imports studio.jobs.store (domain)",
        "studio/models/names.py:2 studio.models.names (domain) imports studio.ui.tab (ui)",
        "studio/models/names.py:3 studio.models.names (domain) imports gradio",
        "studio/cli/jobs_cmd.py:3 studio.cli.jobs_cmd (cli) imports studio.core.db",
        "studio/cli/jobs_cmd.py:4 studio.cli.jobs_cmd (cli) imports studio.engine (engine)",
    ]
    for line in expected:
        assert line in found, f"not reported: {line}\n{found}"
    assert len(found.splitlines()) == len(expected), found  # the allowed imports are not reported


def test_checker_passes_a_tree_that_follows_the_rules(tmp_path):
    root = _tree(
        tmp_path,
        {
            **PACKAGES,
            "studio/core/db.py": "import sqlite3\n",
            "studio/core/i18n.py": "",
            "studio/jobs/store.py": "import sqlite3\nfrom studio.core import db\ndef f():\n    from studio.engine import swift\n",
            "studio/engine/swift.py": "from studio.core.i18n import Text\nfrom . import other\n",
            "studio/engine/other.py": "",
            "studio/ui/tab.py": "import gradio as gr\nfrom studio.jobs import store\ndef f():\n    from ..jobs.store import x\n",
            "studio/cli/serve.py": "from studio.jobs import store\ndef f():\n    from studio.ui import tab\n",
        },
    )
    assert violations(root) == []


def test_web_process_never_imports_heavy_libraries(tmp_path):
    # Also: gradio's development step that re-parses every component's source for its .pyi stubs is skipped
    # (studio/ui/__init__.py; ~1 s of each start): `import gradio` alone calls ast.parse 168 times (gradio 6.31),
    # the whole build with the step skipped 6.
    code = (
        "import ast, sys; sys.argv=['x']\n"
        "parsed = []; _parse = ast.parse\n"
        "ast.parse = lambda *a, **k: parsed.append(1) or _parse(*a, **k)\n"
        "from studio.core.workspace import Workspace\n"
        "from studio.ui.shell import build_app\n"
        "import studio.cli, studio.cli.serve_cmd\n"
        f"build_app(Workspace.open({str(tmp_path)!r}))\n"
        f"heavy = sorted(m for m in sys.modules if m.split('.')[0] in {HEAVY!r})\n"
        "print('HEAVY', heavy)\n"
        "print('PARSED', len(parsed))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    assert "HEAVY []" in out.stdout, out.stdout
    parsed = int(out.stdout.split("PARSED ")[1].split()[0])
    assert parsed < 40, f"the build parsed {parsed} sources with ast: gradio's stub step runs again"
