"""The `qixi` command as a newcomer meets it (issue 21): help writes nothing, paths are read from the folder the
person is in, a closed pipe ends quietly, the workspace has a per-user home (an old ./workspace is kept), eval
reads what import reads, a failed job says why in one line, and a queued job says what it waits for."""

from __future__ import annotations

import csv
import json
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from studio.core.workspace import Workspace
from studio.jobs.store import Jobs
from studio.training import evaluate

pytestmark = pytest.mark.cli
ROOT = Path(__file__).resolve().parents[2]
HELDOUT = ROOT / "assets" / "sample" / "pairs_heldout.jsonl"


def no_traceback(r: subprocess.CompletedProcess) -> None:
    assert "Traceback" not in r.stderr and "Error:" not in r.stderr.replace("qixi:", ""), r.stderr[-2000:]


def article_rows(n: int) -> list[dict]:
    """The blog article's layout, {"prompt", "chosen", "rejected"}, made here from the held-out pairs."""
    out = []
    for line in HELDOUT.read_text(encoding="utf-8").splitlines()[:n]:
        row = json.loads(line)
        out.append(
            {
                "prompt": row["messages"][-2]["content"],
                "chosen": row["messages"][-1]["content"],
                "rejected": row["rejected_response"],
            }
        )
    return out


def test_help_writes_nothing_and_app_help_lists_the_workspace(shell):
    top = shell.run("--help")
    assert top.returncode == 0 and "--workspace" in top.stdout
    commands = re.search(r"\{([a-z,]{20,})\}", top.stdout).group(1).split(",")
    assert {"data", "train", "eval", "models", "jobs", "serve"} <= set(commands)
    for args in ([c, "--help"] for c in commands):
        r = shell.run(*args)
        assert r.returncode == 0 and "usage: qixi" in r.stdout, (args, r.stderr)
    for args in (["train", "sft", "--help"], ["eval", "pairs", "--help"], ["models", "rename", "--help"]):
        assert shell.run(*args).returncode == 0
    app = subprocess.run(
        [sys.executable, str(ROOT / "app.py"), "--help"],
        cwd=shell.cwd,
        env=shell.env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert app.returncode == 0 and "--workspace" in app.stdout and "--port" in app.stdout
    assert shell.files() == [], shell.files()  # no ./workspace, nothing in HOME


def test_workspace_lives_per_user_and_an_existing_one_here_is_kept(shell):
    home_ws = Path(shell.env["HOME"]) / ".local" / "share" / "qixi"  # the XDG data folder, by its spec
    first = shell.run("data", "list")
    assert first.returncode == 0 and (home_ws / "datasets").is_dir()
    assert str(home_ws) in first.stderr and "first use" in first.stderr  # said where, on first start
    assert not (shell.cwd / "workspace").exists()
    assert str(home_ws) not in shell.run("data", "list").stderr  # said once, not every time
    # Someone who started an earlier version here has ./workspace with their data in it: it stays in use.
    assert shell.run("--workspace", "workspace", "data", "sample").returncode == 0
    assert shell.run("--workspace", "workspace", "jobs", "list").returncode == 0  # writes studio.db
    listed = json.loads(shell.run("data", "list", "--json").stdout)
    assert {d["kind"] for d in listed["datasets"]} == {"sft", "pairs"}
    assert json.loads(shell.run("--workspace", str(home_ws), "data", "list", "--json").stdout)["datasets"] == []
    shell.env["QIXI_HOME"] = str(shell.cwd.parent / "elsewhere")
    r = shell.run("data", "list")
    assert "QIXI_HOME" in r.stderr and (shell.cwd.parent / "elsewhere" / "datasets").is_dir()


def test_paths_are_read_from_the_current_folder_and_datasets_by_id_or_name(shell):
    (shell.cwd / "chats").mkdir()
    rows = [
        {
            "messages": [
                {"role": "user", "content": f"今天第 {i} 次想你"},
                {"role": "assistant", "content": f"我也想你，第 {i} 次抱抱你"},
            ]
        }
        for i in range(12)
    ]
    (shell.cwd / "chats" / "ours.jsonl").write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8"
    )
    r = shell.run("--workspace", "ws", "data", "import", "chats/ours.jsonl", "--name", "ours", "--json")
    assert r.returncode == 0, r.stderr
    made = json.loads(r.stdout)
    assert made["card"]["counts"]["train"] + made["card"]["counts"]["val"] == 12
    assert (shell.cwd / "ws" / "datasets" / made["id"]).is_dir()  # --workspace ws: also from here
    for ref in (made["id"], "ours"):
        shown = shell.run("--workspace", "ws", "data", "show", ref, "--json")
        assert shown.returncode == 0 and json.loads(shown.stdout)["dataset"]["id"] == made["id"]
    missing = shell.run("--workspace", "ws", "data", "import", "chats/nope.jsonl")
    assert missing.returncode == 1 and "nope.jsonl" in missing.stderr
    no_traceback(missing)


def test_json_into_a_closed_pipe_ends_quietly(shell):
    big = shell.cwd / "big.txt"
    big.write_text("我的电话是 13812345678，邮箱 a@b.cn\n" * 20000, encoding="utf-8")  # ~1 MB of JSON out
    qixi = subprocess.Popen(
        ["qixi", "--workspace", "ws", "data", "scrub", "big.txt", "--json"],
        cwd=shell.cwd,
        env=shell.env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    head = subprocess.Popen(["head", "-n", "2"], stdin=qixi.stdout, stdout=subprocess.PIPE)
    qixi.stdout.close()
    out, _ = head.communicate(timeout=120)
    err = qixi.stderr.read().decode()
    assert qixi.wait(timeout=120) == 0
    assert out.decode().startswith("{") and "Traceback" not in err and "BrokenPipe" not in err, err


def test_eval_reads_what_import_reads_and_scores_every_row_of_a_dataset(pocket_shell):
    sh = pocket_shell
    rows = article_rows(25)
    (sh.cwd / "article.jsonl").write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8"
    )
    with open(sh.cwd / "pairs.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, ["prompt", "chosen", "rejected"])
        w.writeheader()
        w.writerows(rows[:4])
    for file, n in (("article.jsonl", 25), ("pairs.csv", 4)):
        r = sh.run("eval", "pairs", "--model", "pocket-tiny", "--pairs", file, "--json")
        assert r.returncode == 0, r.stderr[-2000:]
        assert json.loads(r.stdout)["pairs"] == n
    imported = json.loads(sh.run("data", "import", "article.jsonl", "--name", "held", "--json").stdout)
    counts = imported["card"]["counts"]
    assert counts["val"] > 0 and counts["train"] + counts["val"] == 25
    r = sh.run("eval", "pairs", "--model", "pocket-tiny", "--pairs", "held", "--json")
    res = json.loads(r.stdout)
    assert res["pairs"] == 25 and "train + val" in res["source"]
    sft_only = sh.cwd / "sft.jsonl"
    sft_only.write_text(
        json.dumps({"messages": [{"role": "user", "content": "hi"}, {"role": "assistant", "content": "hello"}]}) + "\n"
    )
    bad = sh.run("eval", "pairs", "--model", "pocket-tiny", "--pairs", "sft.jsonl")
    assert bad.returncode == 1 and "sft.jsonl line 1" in bad.stderr and "rejected" in bad.stderr
    no_traceback(bad)


def _job(ws: Workspace, kind: str, code: str, gpu: bool = True):
    """A real job (supervisor, process group, log) whose process runs `code`."""
    return Jobs(ws).submit(kind, [sys.executable, "-c", code], title=f"{kind} test", gpu=gpu)


def test_a_failed_job_says_why_in_one_line(shell, tmp_path):
    ws = Workspace.open(tmp_path / "ws")
    shell.env["QIXI_HOME"] = str(ws.root)
    jobs = Jobs(ws)
    # No network cannot be arranged reliably on a machine that has some, so this download job prints what
    # the resolver prints when there is none (a stand-in for that fault), and fails.
    offline = _job(
        ws,
        "download",
        'import sys; print("requests.exceptions.ConnectionError: HTTPSConnectionPool('
        "host='www.modelscope.cn', port=443): Max retries exceeded with url: /api/v1/models/x (Caused by "
        'NameResolutionError(\\"Failed to resolve \'www.modelscope.cn\'\\"))", file=sys.stderr); '
        "sys.exit(1)",
        gpu=False,
    )
    # Our own evaluation, for real, on a pairs file with a broken line: its sentence reaches the job.
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"messages": [{"role": "user", "content": "hi"}]}\n', encoding="utf-8")
    own = jobs.submit("eval", evaluate.argv("unused-model", str(bad), tmp_path / "out.json"), gpu=False)
    # Anything else: the error's own last line, not "see the log".
    other = _job(ws, "merge", "raise ValueError('the adapter has 3 layers, the base 2')", gpu=False)
    for j in (offline, own, other):
        assert jobs.wait(j.id, timeout=180).status == "failed"
    show = {j.id: json.loads(shell.run("jobs", "show", j.id, "--json").stdout) for j in (offline, own, other)}
    assert show[offline.id]["reason"] == "No network: connect, or pick a local folder."
    assert show[offline.id]["reason_zh"] == "没有网络：请联网，或选择本地文件夹。"
    assert show[own.id]["reason"].startswith("bad.jsonl line 1 is not a preference pair")
    assert "ValueError: the adapter has 3 layers, the base 2" in show[other.id]["reason"]
    text = shell.run("jobs", "show", offline.id).stdout
    assert "No network: connect, or pick a local folder." in text


def test_a_queued_job_says_what_it_waits_for_and_pocket_eval_runs_beside_the_server(pocket_shell, tmp_path):
    sh = pocket_shell
    ws = Workspace.open(sh.env["QIXI_HOME"])
    jobs = Jobs(ws)
    # The slot logic reads job rows, not servers: a stand-in chat server (a deploy job that only sleeps) holds
    # the device slot exactly as `swift deploy` would, without minutes of model loading.
    server = jobs.submit("deploy", [sys.executable, "-c", "import time; time.sleep(600)"], title="pocket-tiny-chat")
    assert jobs.get(server.id).status in ("starting", "running")
    train = jobs.submit("sft", [sys.executable, "-c", "print('trained')"], title="SFT waiting")
    assert jobs.get(train.id).status == "queued"
    shown = json.loads(sh.run("jobs", "show", train.id, "--json").stdout)
    assert shown["waiting_for"] == server.id
    assert "chat server “pocket-tiny-chat” holds the device" in shown["waiting_reason"]
    assert "Stop the chat server" in shown["waiting_reason"] and shown["waiting_reason_zh"]
    # Scoring with the pocket model needs no accelerator: it runs now, beside the server.
    (sh.cwd / "article.jsonl").write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in article_rows(5)), encoding="utf-8"
    )
    t0 = time.monotonic()
    r = sh.run("eval", "pairs", "--model", "pocket-tiny", "--pairs", "article.jsonl", "--json", timeout=300)
    assert r.returncode == 0 and json.loads(r.stdout)["pairs"] == 5, r.stderr[-2000:]
    assert jobs.get(server.id).status == "running" and jobs.get(train.id).status == "queued"
    print(f"pocket eval beside the server: {time.monotonic() - t0:.1f}s")
    assert sh.run("jobs", "stop", server.id).returncode == 0
    assert jobs.wait(train.id, timeout=60).status == "succeeded"  # the slot freed: the queue moved


def test_recipe_says_which_data_before_it_starts_and_refuses_a_one_line_set(shell, tmp_path):
    shell.env["QIXI_HOME"] = str(tmp_path / "ws")
    (shell.cwd / "telegram.jsonl").write_text(
        json.dumps({"messages": [{"role": "user", "content": "在吗"}, {"role": "assistant", "content": "在呀"}]})
        + "\n",
        encoding="utf-8",
    )
    assert shell.run("data", "import", "telegram.jsonl", "--name", "telegram").returncode == 0
    r = shell.run("recipe", "run", "--data", "telegram")
    assert r.returncode == 1 and "“telegram” has only 1 rows, too few for learning to talk (SFT)" in r.stderr
    assert "learning to talk (SFT) ← telegram (1 rows)" in r.stderr  # the plan came first
    no_traceback(r)
    assert "no recipe" in shell.run("recipe", "status").stdout.lower()  # nothing was started
