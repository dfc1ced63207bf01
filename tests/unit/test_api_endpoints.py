"""The page's named API endpoints keep their inputs and outputs, in order.

gradio_client callers (the tests, people's scripts) pass values by position. The snapshot
`tests/data/api_endpoints.json` was taken from the code before the tabs' handlers became named (ffa22ff), so a
rewiring that moves an input shows here (it caught the quantize button's name/dest moving ahead of its method
and bits). When an endpoint changes on purpose: `python tests/unit/test_api_endpoints.py --write`.
"""

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SNAPSHOT = ROOT / "tests" / "data" / "api_endpoints.json"


def _desc(c) -> str:
    # The component's kind and element id; labels are left out, they are words that change.
    return f"{type(c).__name__}#{c.elem_id}" if getattr(c, "elem_id", None) else type(c).__name__


def endpoints(ws_root: Path) -> dict:
    from studio.core.workspace import Workspace
    from studio.ui import shell

    demo = shell.build_app(Workspace.open(ws_root))
    fns = demo.fns.values() if isinstance(demo.fns, dict) else demo.fns
    return {
        str(f.api_name): {"inputs": [_desc(c) for c in f.inputs], "outputs": [_desc(c) for c in f.outputs]}
        for f in fns
        if f.api_name
    }


def test_every_endpoint_keeps_its_inputs_and_outputs(tmp_path):
    want = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    got = endpoints(tmp_path / "ws")
    assert sorted(got) == sorted(want), {"new": sorted(set(got) - set(want)), "gone": sorted(set(want) - set(got))}
    changed = {name: {"was": want[name], "now": got[name]} for name in want if got[name] != want[name]}
    assert not changed, json.dumps(changed, ensure_ascii=False, indent=1)


if __name__ == "__main__" and sys.argv[1:] == ["--write"]:
    import tempfile

    sys.path.insert(0, str(ROOT))
    SNAPSHOT.write_text(
        json.dumps(endpoints(Path(tempfile.mkdtemp()) / "ws"), ensure_ascii=False, indent=1, sort_keys=True) + "\n",
        encoding="utf-8",
    )
