"""The Dockerfile starts the studio beyond loopback only behind a password."""

import json
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def instructions():
    text = (ROOT / "Dockerfile").read_text().replace("\\\n", " ")
    return [(m.group(1).upper(), m.group(2).strip()) for m in re.finditer(r"^(\w+)\s+(.*)$", text, re.M)]


def test_dockerfile_serves_on_all_interfaces_with_auth_required(tmp_path):
    ins = instructions()
    assert ins[0][0] == "FROM" and "cuda" in ins[0][1]
    cmd = json.loads(dict(ins)["CMD"])
    assert cmd[:2] == ["qixi", "serve"] and cmd[cmd.index("--host") + 1] == "0.0.0.0"
    assert not any("QIXI_PASSWORD=" in v for k, v in ins if k == "ENV"), "no baked-in password"
    assert "7860" in dict(ins)["EXPOSE"]
    # The same command without a password is refused by the studio itself.
    out = subprocess.run(
        [sys.executable, "-m", "studio.cli", "--workspace", str(tmp_path), *cmd[1:]],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env={"PATH": "/usr/bin:/bin", "QIXI_LANG": "en"},
    )
    assert out.returncode == 1 and "--password" in out.stderr
