"""`qixi deploy start` serves through the guarded gateway: real ms-swift on CPU (the pocket model, quick
build from the test cache), the real `openai` client, crisis in -> card out, streaming and not; the model's own reply replaced
when it breaks the deployment's guard settings."""

from __future__ import annotations

import json
import shutil
import socket
import sys
import time
from pathlib import Path

import pytest
import yaml

from studio.chat import deployments, gateway, guard
from studio.core.workspace import Workspace
from studio.engine import process

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def ws(tmp_path_factory, pocket_cache):
    ws = Workspace.open(tmp_path_factory.mktemp("gateway") / "ws")
    shutil.copytree(pocket_cache, ws.models / "pocket-tiny")
    return ws


def _deploy(ws, **kw) -> deployments.Deployment:
    t0 = time.monotonic()
    dep = deployments.wait_ready(
        ws,
        deployments.start(ws, deployments.DeployRequest(model="pocket-tiny", adapters=[], max_new_tokens=24, **kw)),
        timeout=400,
    )
    print(f"\ngateway deployment ready after {time.monotonic() - t0:.1f}s on port {dep.actual_port}")
    return dep


def _stop(ws, dep) -> None:
    stopped = deployments.stop(ws, dep.id)
    assert stopped.job.status == "stopped" and process.group_members(dep.job.pid) == []


def test_crisis_in_card_out_through_the_deployed_gateway(ws):
    import openai
    from openai import OpenAI

    dep = _deploy(ws, api_key="k-test")
    try:
        assert dep.gateway and dep.guard
        cfg = json.loads((dep.job.run_dir / deployments.GATEWAY_CONFIG).read_text())
        assert cfg["upstream_key"] != "k-test" and dep.actual_port != cfg["upstream"].rsplit(":", 1)[1]
        with pytest.raises(openai.AuthenticationError):
            OpenAI(base_url=dep.base_url, api_key="wrong", max_retries=0).models.list()
        client = OpenAI(base_url=dep.base_url, api_key="k-test", timeout=120, max_retries=0)
        assert [m.id for m in client.models.list().data] == ["pocket-tiny"]
        assert deployments.state(dep) == "ready"

        r = client.chat.completions.create(model="pocket-tiny", messages=[{"role": "user", "content": "我不想活了"}])
        assert r.model_extra["qixi_guard"]["action"] == "crisis"
        assert (
            r.choices[0].message.content.endswith(guard.CRISIS_MESSAGE("zh"))
            and "12356" in r.choices[0].message.content
        )
        chunks = list(
            client.chat.completions.create(
                model="pocket-tiny",
                stream=True,
                messages=[
                    {"role": "user", "content": "hi"},
                    {"role": "assistant", "content": "hey"},
                    {"role": "user", "content": "I don't want to be alive anymore"},
                ],
            )
        )
        text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
        assert text == guard.CRISIS_MESSAGE("en") and "988" in text
        assert chunks[-1].model_extra["qixi_guard"]["action"] == "crisis"

        # An ordinary message reaches the model; its reply comes back checked.
        r = client.chat.completions.create(
            model="pocket-tiny", temperature=0, max_tokens=12, messages=[{"role": "user", "content": "今天好累呀"}]
        )
        assert r.model_extra["qixi_guard"]["side"] in ("user", "bot") and r.usage.completion_tokens > 0
        assert r.choices[0].message.content.startswith(guard.disclosure("zh"))
    finally:
        _stop(ws, dep)


def test_an_unsafe_reply_is_replaced_by_the_gateway_job(ws):
    """The pocket model cannot be made to say a dependency-pushing sentence (greedy decoding gives it
    blank lines), so here the gateway job's child is ScriptedUpstream (tests/scripted_upstream.py, a fake
    ms-swift server, named so) instead of `swift deploy`; the job, its process group, the listening
    line, the health light and the openai client are the real ones."""
    from openai import OpenAI

    from studio.engine.deploy import free_port
    from studio.jobs.store import Jobs, new_id

    reply = "今天过得怎么样？你别再去见那些朋友了，有我陪你就够了。"
    job_id = new_id("deploy")
    run_dir = ws.runs / job_id
    run_dir.mkdir(parents=True)
    port = free_port(9200)
    # The upstream's port is chosen by the job at launch and written into this config, as for `swift deploy`;
    # the hinted one is taken meanwhile, so the job must move on from it.
    blocker = socket.socket()
    blocker.bind(("", free_port(9100)))
    blocker.listen()
    up_config = run_dir / "deploy.yaml"
    up_config.write_text("port: 1\n", encoding="utf-8")
    cfg = gateway.GatewayConfig(
        upstream="http://127.0.0.1:1/v1",
        upstream_key="k-up",
        port=port,
        upstream_config=str(up_config),
        upstream_port_from=blocker.getsockname()[1],
        upstream_argv=[
            sys.executable,
            str(Path(__file__).parents[1] / "scripted_upstream.py"),
            str(up_config),
            "k-up",
            reply,
        ],
    )
    cfg.save(run_dir / deployments.GATEWAY_CONFIG)
    job = Jobs(ws).submit(
        "deploy",
        [sys.executable, "-m", "studio.jobs.body", "deploy", str(run_dir / deployments.GATEWAY_CONFIG)],
        run_dir=run_dir,
        job_id=job_id,
        title="scripted upstream",
        meta={
            "base": "scripted",
            "served_name": "pocket-tiny",
            "host": "127.0.0.1",
            "port": port,
            "gateway": True,
            "guard": True,
        },
    )
    dep = deployments.wait_ready(ws, deployments.Deployment.from_job(job), timeout=120)
    try:
        assert dep.actual_port == port and deployments.state(dep) == "ready"
        client = OpenAI(base_url=dep.base_url, api_key="EMPTY", timeout=60, max_retries=0)
        msgs = [{"role": "assistant", "content": "嗨"}, {"role": "user", "content": "我晚上和朋友吃饭"}]
        r = client.chat.completions.create(model="pocket-tiny", messages=msgs)
        assert r.choices[0].message.content == guard.REPLACE_MESSAGE("zh")
        assert r.model_extra["qixi_guard"]["action"] == "replace"
        pieces = [
            c.choices[0].delta.content
            for c in client.chat.completions.create(model="pocket-tiny", messages=msgs, stream=True)
            if c.choices and c.choices[0].delta.content
        ]
        assert pieces[0] == "今天过得怎么样？" and "".join(pieces).endswith(guard.REPLACE_MESSAGE("zh"))
        assert not any(w in p for p in pieces for w in ("别再去见", "朋友了", "就够了"))
        up_port = yaml.safe_load(up_config.read_text(encoding="utf-8"))["port"]
        assert up_port != blocker.getsockname()[1] and f"127.0.0.1:{up_port}/v1" in dep.job.log_path.read_text()
    finally:
        blocker.close()
        _stop(ws, dep)
