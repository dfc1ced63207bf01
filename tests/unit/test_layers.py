"""The arrows of DESIGN.md only point down, and the web process never loads torch."""
import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
STUDIO = ROOT / "studio"
HEAVY = ("torch", "transformers", "swift", "peft", "trl", "bitsandbytes", "accelerate", "datasets")


def top_level_imports(path: Path) -> set[str]:
    """Modules imported at module level (imports inside functions run only in subprocesses)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in tree.body:
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


# Plain helpers and tables every layer uses (studio.methods: the training methods, which the engine maps
# to ms-swift's flags). Being here, they may import only each other: the test below holds them to it.
FOUNDATION = {"studio", "studio.workspace", "studio.i18n", "studio.db", "studio.methods"}


def layer(mod: str) -> int:
    if mod in FOUNDATION:
        return -1
    if mod.startswith("studio.ui") or mod == "app":
        return 3
    if mod.startswith("studio.cli"):
        return 2
    if mod.startswith("studio.engine"):
        return 0
    return 1   # domain


def test_arrows_point_down():
    bad = []
    for path in STUDIO.rglob("*.py"):
        mod = ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        for imp in top_level_imports(path):
            if imp == "gradio" or imp.startswith("gradio."):
                if layer(mod) != 3:
                    bad.append(f"{mod} imports gradio")
            if imp.startswith("studio.") and layer(imp) > layer(mod) and not mod.startswith("studio.cli"):
                bad.append(f"{mod} imports {imp}")
    assert not bad, bad


def test_web_process_never_imports_heavy_libraries(tmp_path):
    code = ("import sys; sys.argv=['x']\n"
            "from studio.workspace import Workspace\n"
            "from studio.ui.shell import build_app\n"
            "import studio.cli, studio.cli.serve_cmd\n"
            f"build_app(Workspace.open({str(tmp_path)!r}))\n"
            f"heavy = sorted(m for m in sys.modules if m.split('.')[0] in {HEAVY!r})\n"
            "print('HEAVY', heavy)\n")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    assert "HEAVY []" in out.stdout, out.stdout
