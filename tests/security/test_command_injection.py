"""Command injection through every field that reaches a job's argv or ms-swift's arguments.

No job is ever started through a shell, so `;`, `$()`, backticks and newlines are plain characters. The
subtler way in is ms-swift itself: it turns config.yaml into `--key value` argv, so a value beginning
with `-` would be read as a flag. Each field gets every payload through the real domain function (what
the tab and the `qixi` command call); each payload names a canary file that must never appear, and a
field starting with `-` is either refused with a sentence or cannot become a flag (checked with
ms-swift's own YAML-to-argv step and its own argument parser).
"""

from __future__ import annotations

import importlib.util
import os
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from studio.chat import deployments
from studio.core.i18n import UserError
from studio.core.workspace import Workspace
from studio.engine import swift
from studio.jobs.store import Jobs
from studio.models import registry as models
from studio.training import presets as P
from studio.training import train as T

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.integration


def payloads(canary: Path) -> list[str]:
    c = str(canary)
    return [
        f"; touch {c}",
        f"$(touch {c})",
        f"`touch {c}`",
        f"x\ntouch {c}\n",
        f"| touch {c}",
        f"&& touch {c} #",
        f"' ; touch {c} ; '",
        f'" ; touch {c} ; "',
        f"--output_dir={c}",
        "--trust_remote_code=true",
        f"--external_plugins {c}",
        "-rf",
        "--",
    ]


def _integration_conftest():
    spec = importlib.util.spec_from_file_location("injection_pocket", ROOT / "tests" / "integration" / "conftest.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


class NoLaunch(Jobs):
    """The real job store, minus starting processes: the argv and config are what is checked, and
    launching 60 trainers would only burn the CPU. One run below is launched for real."""

    def tick(self):
        return []


@pytest.fixture(scope="module")
def pocket(tmp_path_factory):
    from studio.data.store import register_samples

    ws = Workspace.open(tmp_path_factory.mktemp("inject") / "ws")
    _integration_conftest().install_pocket(ws.root)
    sft, pairs = register_samples(ws)[:2]
    return ws, sft


def swift_argv(config: Path) -> list[str]:
    """ms-swift's own conversion of a config file into its argv (swift/cli/main.py)."""
    from swift.cli.main import parse_yaml_args

    argv = [str(config)]
    parse_yaml_args(argv)
    return argv


def assert_no_user_flag(config: Path) -> None:
    """Every token of ms-swift's argv that starts with '-' is one of the config's own keys."""
    import yaml

    keys = {f"--{k}" for k in yaml.safe_load(config.read_text(encoding="utf-8"))}
    flags = [t for t in swift_argv(config) if t.startswith("-")]
    assert set(flags) <= keys and len(flags) == len(keys), set(flags) - keys


def assert_argv_fixed(argv: list[str], ws: Workspace, payload: str) -> None:
    """A job's argv: the interpreter, a module, then our own words and paths inside the workspace."""
    assert argv[0] == sys.executable and argv[1] == "-m"
    assert payload not in argv


def test_training_fields(pocket, tmp_path):
    ws, sft = pocket
    canary = tmp_path / "canary-train"
    jobs = NoLaunch(ws)
    outcomes = {"refused": 0, "launched-config-checked": 0}
    for field in ("system", "name", "template", "model", "dataset"):
        for payload in payloads(canary):
            changes = {"model": "pocket-tiny", "dataset": sft.id, "max_steps": 1, field: payload}
            try:
                s = P.resolve("cpu-pocket", changes)
                launch = T.start(ws, s, preset="cpu-pocket", gpus=[], jobs=jobs)
            except UserError as e:
                assert e.msg.zh and e.msg.en
                outcomes["refused"] += 1
                continue
            assert_argv_fixed(launch.job.argv, ws, payload)
            cfg = launch.run.path / swift.CONFIG
            assert_no_user_flag(cfg)
            assert not payload.startswith("-") or field == "name", (field, payload)  # refused, else
            jobs.stop(launch.job.id)  # still queued: cancelled, so no later tick starts it
            outcomes["launched-config-checked"] += 1
    assert not canary.exists()
    print(f"training fields x {len(payloads(canary))} payloads: {outcomes}")


def test_one_real_training_run_with_shell_payloads_creates_no_canary(pocket, tmp_path):
    """The real trainer, launched through the real job supervisor, with every shell payload in the
    system prompt and the run name: it trains, the prompt arrives verbatim, the canary never appears."""
    ws, sft = pocket
    canary = tmp_path / "canary-real"
    system = " ".join(payloads(canary)[:4])  # ; $() `` and a newline, each naming the canary
    s = P.resolve(
        "cpu-pocket",
        {
            "model": "pocket-tiny",
            "dataset": sft.id,
            "max_steps": 1,
            "save_steps": 1,
            "max_length": 1024,
            "system": system,
            "name": system,
        },
    )
    launch = T.start(ws, s, preset="cpu-pocket", gpus=[])
    result = T.wait_result(ws, launch.run.id, timeout=300)
    log = (launch.run.path / "run.log").read_text(errors="replace")
    assert result["status"] == "succeeded", log[-3000:]
    import json

    args = json.loads((launch.run.path / swift.OUTPUT / "args.json").read_text())
    assert args["system"] == system
    assert not canary.exists()


def test_export_fields(pocket, tmp_path):
    ws, _ = pocket
    canary = tmp_path / "canary-export"
    jobs = Jobs(ws)
    refused = checked = 0
    for field in ("dest", "name"):
        for payload in payloads(canary):
            try:
                job = models.submit_copy(ws, "pocket-tiny", jobs=jobs, start=False, **{field: payload})
            except UserError as e:
                assert e.msg.zh and e.msg.en
                refused += 1
                continue
            assert_argv_fixed(job.argv, ws, payload)
            assert ws.contains(job.meta["dest"])
            checked += 1
    # Run the queued copies for real (no ms-swift: a copy is our own code).
    jobs.tick()
    for job in jobs.list(kinds=("export",)):
        assert jobs.wait(job.id, timeout=120).status in ("succeeded", "failed")
    assert not canary.exists()
    assert not any(p.name.startswith("canary") for p in tmp_path.iterdir())
    print(f"export fields: {refused} refused with a sentence, {checked} accepted and run; canary absent")


def test_deploy_fields(pocket, tmp_path):
    ws, _ = pocket
    canary = tmp_path / "canary-deploy"
    refused = checked = 0
    for field in ("host", "api_key"):
        for payload in payloads(canary):
            fields = {"host": "127.0.0.1", "api_key": "k" * 32, field: payload}
            req = deployments.DeployRequest(model="pocket-tiny", adapters=[], port=8765, **fields)
            try:
                deployments.check_request(req)
                spec, _ = deployments.plan(ws, req)
                job_dir = tmp_path / f"deploy-{refused + checked}"
                job_dir.mkdir()
                from studio.engine import deploy

                argv = deploy.write(job_dir, spec)
            except UserError as e:
                assert e.msg.zh and e.msg.en
                refused += 1
                continue
            assert_argv_fixed(argv, ws, payload)
            assert_no_user_flag(job_dir / swift.CONFIG)
            assert not payload.startswith("-"), (field, payload)
            checked += 1
    assert not canary.exists()
    print(f"deploy fields: {refused} refused with a sentence, {checked} accepted (argv and config checked)")


def test_download_ids_never_reach_a_hub_client(pocket, tmp_path, monkeypatch):
    ws, _ = pocket
    canary = tmp_path / "canary-download"
    for var in ("MODELSCOPE_OFFLINE", "HF_HUB_OFFLINE"):
        monkeypatch.delenv(var, raising=False)
    jobs = NoLaunch(ws)
    for payload in payloads(canary) + [f"Qwen/x;touch {canary}", "--local-dir=/tmp/x", "Qwen/x\n"]:
        for hub in ("modelscope", "huggingface"):
            try:
                job = T.start_download(ws, payload, hub, jobs=jobs)
            except UserError:
                continue
            # Only an id of the form owner/name gets through, and it is one argv element.
            repo = job.meta["repo"]
            assert not repo.startswith("-") and ";" not in repo and "\n" not in repo.strip()
            assert swift.hub_client_argv(hub, repo, Path(job.meta["folder"]))[4] == repo
    assert not canary.exists()


def test_multi_machine_lines_quote_what_the_user_typed(tmp_path):
    """The copy-paste lines for several machines are run by a shell: run them (with a stand-in
    `swift` on PATH that only records its argv) and check the address arrives as one word."""
    canary = tmp_path / "canary-nodes"
    fake = tmp_path / "bin"
    fake.mkdir()
    (fake / "swift").write_text('#!/bin/sh\necho "$MASTER_ADDR" > "$RECORD"\n')
    (fake / "swift").chmod(0o755)
    for payload in payloads(canary):
        for line in swift.node_commands("sft", "/x/config.yaml", nnodes=2, master_addr=payload, nproc=1):
            record = tmp_path / "record"
            subprocess.run(
                ["bash", "-c", line],
                env={**os.environ, "PATH": f"{fake}:{os.environ['PATH']}", "RECORD": str(record)},
                check=True,
                timeout=30,
            )
            assert record.read_text() == payload + "\n"
            assert shlex.split(line)[-3:] == ["swift", "sft", "/x/config.yaml"]
    assert not canary.exists()
