"""`qixi deploy start` serves through the guarded gateway: real ms-swift on CPU (the pocket model, quick
build from the test cache), the real `openai` client, crisis in -> card out, streaming and not; the model's own reply replaced
when it breaks the deployment's guard settings."""
from __future__ import annotations

import json
import shutil
import time

import pytest

from studio import gateway, guard, serve
from studio.engine import process
from studio.workspace import Workspace

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def ws(tmp_path_factory, pocket_cache):
    ws = Workspace.open(tmp_path_factory.mktemp("gateway") / "ws")
    shutil.copytree(pocket_cache, ws.models / "pocket-tiny")
    return ws


def _deploy(ws, **kw) -> serve.Deployment:
    t0 = time.monotonic()
    dep = serve.wait_ready(ws, serve.start(ws, serve.DeployRequest(model="pocket-tiny", adapters=[],
                                                                   max_new_tokens=24, **kw)), timeout=400)
    print(f"\ngateway deployment ready after {time.monotonic() - t0:.1f}s on port {dep.actual_port}")
    return dep


def _stop(ws, dep) -> None:
    stopped = serve.stop(ws, dep.id)
    assert stopped.job.status == "stopped" and process.group_members(dep.job.pid) == []


def test_crisis_in_card_out_through_the_deployed_gateway(ws):
    import openai
    from openai import OpenAI

    dep = _deploy(ws, api_key="k-test")
    try:
        assert dep.gateway and dep.guard
        cfg = json.loads((dep.job.run_dir / serve.GATEWAY_CONFIG).read_text())
        assert cfg["upstream_key"] != "k-test" and dep.actual_port != cfg["upstream"].rsplit(":", 1)[1]
        with pytest.raises(openai.AuthenticationError):
            OpenAI(base_url=dep.base_url, api_key="wrong", max_retries=0).models.list()
        client = OpenAI(base_url=dep.base_url, api_key="k-test", timeout=120, max_retries=0)
        assert [m.id for m in client.models.list().data] == ["pocket-tiny"]
        assert serve.state(dep) == "ready"

        r = client.chat.completions.create(model="pocket-tiny", messages=[{"role": "user", "content": "我不想活了"}])
        assert r.model_extra["qixi_guard"]["action"] == "crisis"
        assert r.choices[0].message.content.endswith(guard.CRISIS_MESSAGE("zh")) and "12356" in r.choices[0].message.content
        chunks = list(client.chat.completions.create(
            model="pocket-tiny", stream=True,
            messages=[{"role": "user", "content": "hi"}, {"role": "assistant", "content": "hey"},
                      {"role": "user", "content": "I don't want to be alive anymore"}]))
        text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
        assert text == guard.CRISIS_MESSAGE("en") and "988" in text
        assert chunks[-1].model_extra["qixi_guard"]["action"] == "crisis"

        # An ordinary message reaches the model; its reply comes back checked.
        r = client.chat.completions.create(model="pocket-tiny", temperature=0, max_tokens=12,
                                           messages=[{"role": "user", "content": "今天好累呀"}])
        assert r.model_extra["qixi_guard"]["side"] in ("user", "bot") and r.usage.completion_tokens > 0
        assert r.choices[0].message.content.startswith(guard.disclosure("zh"))
    finally:
        _stop(ws, dep)


def test_the_model_reply_is_replaced_when_it_breaks_the_deployment_settings(ws):
    """The pocket model cannot be asked for a dependency-pushing sentence, so its own reply is made to
    break the deployment's guard settings instead: first served with the guard off to learn the reply
    (greedy decoding), then with one of its words on the block list."""
    from openai import OpenAI

    msgs = [{"role": "assistant", "content": "嗨"}, {"role": "user", "content": "今天好累呀"}]
    dep = _deploy(ws, guard=False)
    try:
        client = OpenAI(base_url=dep.base_url, api_key="EMPTY", timeout=120, max_retries=0)
        raw = client.chat.completions.with_raw_response.create(model="pocket-tiny", messages=msgs, temperature=0,
                                                               max_tokens=12)
        assert raw.headers[gateway.GUARD_HEADER] == "off"
        reply = raw.parse().choices[0].message.content
    finally:
        _stop(ws, dep)
    word = "".join(reply.split())[:2]
    assert len(word) == 2, f"the model said nothing: {reply!r}"
    dep = _deploy(ws, keywords=(word,))
    try:
        client = OpenAI(base_url=dep.base_url, api_key="EMPTY", timeout=120, max_retries=0)
        r = client.chat.completions.create(model="pocket-tiny", messages=msgs, temperature=0, max_tokens=12)
        assert r.choices[0].message.content == guard.BLOCK_MESSAGE("zh")
        assert r.model_extra["qixi_guard"]["side"] == "bot"
        chunks = list(client.chat.completions.create(model="pocket-tiny", messages=msgs, temperature=0,
                                                     max_tokens=12, stream=True))
        text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
        assert word not in "".join(text.split()) and text.endswith(guard.BLOCK_MESSAGE("zh"))
    finally:
        _stop(ws, dep)
