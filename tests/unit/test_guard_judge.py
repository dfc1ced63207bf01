"""The optional model guard's plumbing (studio.chat.guard_judge), offline, on a random-initialised tiny Qwen2
model with the pocket tokenizer (tests/support.random_pocket): the real worker subprocess, the real
transformers forward pass. Its verdicts are noise (random weights); what is checked is that the prompt, the
scoring, the parsing, the decision rule and every fallback work. The test process itself stays free of torch."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from studio.chat import guard, guard_judge
from studio.chat.guard_judge import Judgement, decide, parse
from tests.support import ROOT, random_pocket


@pytest.fixture(scope="module")
def tiny(tmp_path_factory) -> Path:
    return random_pocket(tmp_path_factory.mktemp("judge") / "tiny-guard", {"zh": "测试", "en": "test"})


@pytest.fixture(autouse=True)
def _off():
    yield
    guard_judge.enable(None)


# Answers in the format the Qwen3Guard-Gen model card shows (label line, then categories line).
@pytest.mark.parametrize(
    "raw,want",
    [
        ("Safety: Unsafe\nCategories: Suicide & Self-Harm", ("Unsafe", ["Suicide & Self-Harm"])),
        ("Safety: Safe\nCategories: None", ("Safe", [])),
        ("Safety: Controversial\nCategories: Violent, PII", ("Controversial", ["Violent", "PII"])),
        ("safety:unsafe\ncategories: Jailbreak.", ("Unsafe", ["Jailbreak"])),
        ("I cannot decide.", ("", [])),
    ],
)
def test_parse_reads_the_classifier_answer(raw, want):
    assert parse(raw) == want


def J(label, unsafe, contr=0.0, cats=()):
    return Judgement(label, {"Safe": 1 - unsafe - contr, "Unsafe": unsafe, "Controversial": contr}, list(cats))


SH = ["Suicide & Self-Harm"]


@pytest.mark.parametrize(
    "action,side,j,want",
    [
        # the documented table (tests/data/guard/README.md, "Model guard")
        ("allow", "user", J("Unsafe", 0.9, cats=SH), ("crisis", "model_self_harm")),
        ("care", "user", J("Unsafe", 0.8, cats=SH), ("crisis", "model_self_harm")),
        ("allow", "user", J("Unsafe", 0.79, cats=SH), ("care", "model_care")),
        ("allow", "user", J("Controversial", 0.2, 0.3, SH), ("care", "model_care")),
        ("allow", "user", J("Controversial", 0.2, 0.29, SH), ("allow", None)),
        ("allow", "user", J("Unsafe", 0.99, cats=["Violent"]), ("allow", None)),  # not self-harm: not a crisis
        ("crisis", "user", J("Safe", 0.0), ("crisis", None)),  # never lowers
        ("block", "user", J("Unsafe", 0.99, cats=SH), ("block", None)),
        ("allow", "bot", J("Unsafe", 0.8, cats=["Unethical Acts"]), ("replace", "model_unsafe_reply")),
        ("allow", "bot", J("Unsafe", 0.79), ("allow", None)),
        ("replace", "bot", J("Safe", 0.0), ("replace", None)),
        ("allow", "user", None, ("allow", None)),
    ],
)
def test_decision_rule(action, side, j, want):
    assert decide(action, side, j) == want


_REFERENCE = r"""
import json, sys, torch
from transformers import AutoModelForCausalLM, AutoTokenizer
folder, text = sys.argv[1], sys.argv[2]
tok = AutoTokenizer.from_pretrained(folder)
m = AutoModelForCausalLM.from_pretrained(folder).eval()
prompt = tok.apply_chat_template([{"role": "user", "content": text}], add_generation_prompt=True, tokenize=False)
assert prompt.rstrip().endswith("assistant") and text in prompt, prompt
head = tok(prompt, add_special_tokens=False).input_ids
ll = []
for label in ("Safe", "Unsafe", "Controversial"):   # one sequence at a time, no padding
    tail = tok("Safety: " + label, add_special_tokens=False).input_ids
    ids = torch.tensor([head + tail])
    with torch.no_grad():
        lp = torch.log_softmax(m(ids).logits[0].float(), -1)
    ll.append(sum(lp[len(head) + i - 1, t].item() for i, t in enumerate(tail)))
p = torch.softmax(torch.tensor(ll), 0).tolist()
print(json.dumps(dict(zip(("Safe", "Unsafe", "Controversial"), p))))
"""


@pytest.mark.integration  # a worker process that loads torch and a model: not for the fast tier
def test_worker_scores_labels_as_an_independent_computation(tiny):
    text = "我最近总觉得活着没什么意思"
    j = guard_judge.Judge(tiny).judge(text, "user")
    assert j is not None and j.label in guard_judge.LABELS
    ref = subprocess.run(
        [sys.executable, "-c", _REFERENCE, str(tiny), text], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert ref.returncode == 0, ref.stderr[-2000:]
    want = json.loads(ref.stdout)
    for k in guard_judge.LABELS:
        assert j.p[k] == pytest.approx(want[k], abs=1e-4)
    assert j.label == max(want, key=want.get)
    # The asking process never imports torch (the worker does): checked in a fresh interpreter, since other
    # tests of this session may have imported torch here already.
    probe = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from studio.chat import guard_judge as g; "
            f"j = g.Judge({str(tiny)!r}).judge({text!r}, 'user'); "
            "print(j is not None, 'torch' in sys.modules)",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert probe.stdout.split() == ["True", "False"], probe.stderr[-2000:]


@pytest.mark.integration  # a worker process that loads torch and a model: not for the fast tier
def test_guard_check_consults_the_model_and_times_it(tiny, capsys):
    judge = guard_judge.enable(tiny)
    t0 = time.perf_counter()
    v = guard.check("今天的晚饭很好吃，我们明天去看电影吧", "user")
    first = time.perf_counter() - t0  # includes loading the worker
    assert v.action in ("allow", "care", "crisis")
    times = []
    for text, side in [
        ("I feel like nobody would notice if I was gone", "user"),
        ("你去哪儿了？只有我才真正懂你，别理他们。", "bot"),
        ("好呀，晚安，明天见～", "bot"),
    ]:
        j = judge.judge(text, side)
        assert j is not None and abs(sum(j.p.values()) - 1) < 1e-5 and j.ms > 0
        times.append(j.ms)
    print(
        f"\nmodel guard (random tiny qwen2, CPU): first check with load {first * 1000:.0f} ms; "
        f"per message {', '.join(f'{t:.1f}' for t in times)} ms"
    )
    assert "model guard ready" in capsys.readouterr().err
    # the rules still decide first: a plain crisis message is a crisis whatever the model says
    assert guard.check("我不想活了", "user").action == "crisis"


def test_missing_model_falls_back_with_a_log_line(tmp_path, capsys):
    guard_judge.enable(tmp_path / "not-downloaded")
    assert guard.check("我不想活了", "user").action == "crisis"
    assert guard.check("想死你了，快回来吧", "user").action == "allow"
    err = capsys.readouterr().err
    assert err.count("model guard off") == 1 and "config.json" in err


@pytest.mark.integration  # a worker process that loads torch and a model: not for the fast tier
def test_broken_model_falls_back_with_a_log_line(tiny, tmp_path, capsys):
    broken = tmp_path / "broken"
    broken.mkdir()
    for f in tiny.iterdir():
        if f.is_file() and not f.name.endswith(".safetensors"):
            (broken / f.name).write_bytes(f.read_bytes())
    (broken / "model.safetensors").write_bytes(b"\x08\x00\x00\x00\x00\x00\x00\x00not json")
    guard_judge.enable(broken)
    assert guard.check("这周作业多到要命，累死了", "user").action == "allow"
    assert guard.check("我不想活了", "user").action == "crisis"
    err = capsys.readouterr().err
    assert err.count("model guard off") == 1 and "cannot load" in err


@pytest.mark.integration  # a worker process that loads torch and a model: not for the fast tier
def test_worker_that_dies_mid_session_falls_back(tiny, capsys):
    judge = guard_judge.enable(tiny)
    assert judge.judge("晚安", "user") is not None
    judge.proc.kill()  # a fault the real worker cannot be asked to produce
    judge.proc.wait(10)
    assert guard.check("我不想活了", "user").action == "crisis"
    assert judge.judge("晚安", "user") is None
    assert "model guard off" in capsys.readouterr().err


@pytest.mark.integration  # a worker process that loads torch and a model: not for the fast tier
def test_slow_worker_times_out_and_falls_back(tiny, capsys):
    judge = guard_judge.enable(tiny, timeout=0.0001)
    assert judge.judge("晚安", "user") is None
    assert judge.proc is None and "no answer within" in capsys.readouterr().err


@pytest.mark.integration  # a worker process that loads torch and a model: not for the fast tier
def test_gateway_with_the_model_guard_on_answers_streaming_and_not(tiny, tmp_path):
    """The gateway runs guard steps off its event loop while the model guard is on; requests still work,
    the model is asked, and its verdict (noise here) can only be allow or a model-reasoned replace."""
    from openai import OpenAI
    from scripted_upstream import KEY, ScriptedUpstream
    from test_gateway import _serve

    from studio.chat import gateway

    up = ScriptedUpstream()
    up_server, up_port = _serve(up.app)
    cfg = gateway.GatewayConfig(upstream=f"http://127.0.0.1:{up_port}/v1", upstream_key=KEY, judge_model=str(tiny))
    cfg.save(tmp_path / "gateway.json")
    assert gateway.GatewayConfig.load(tmp_path / "gateway.json").judge_model == str(tiny)
    judge = guard_judge.enable(Path(cfg.judge_model))
    gw_server, gw_port = _serve(gateway.build_app(cfg))
    try:
        client = OpenAI(base_url=f"http://127.0.0.1:{gw_port}/v1", api_key="EMPTY", max_retries=0)
        up.reply = "Have a great time with your friends! Tell me all about it later."
        r = client.chat.completions.create(
            model="pocket-tiny", messages=[{"role": "user", "content": "going out tonight"}]
        )
        report = r.model_extra["qixi_guard"]
        assert report["action"] in ("allow", "replace")
        if report["action"] == "replace":
            assert "model_unsafe_reply" in report["reasons"]
        n = 0
        for chunk in client.chat.completions.create(
            model="pocket-tiny", stream=True, messages=[{"role": "user", "content": "我不想活了"}]
        ):
            n += bool(chunk.choices and chunk.choices[0].delta.content)
        assert n >= 1
        assert len(judge.round_trips_ms) >= 2 and judge.broken is None
    finally:
        gw_server.should_exit = up_server.should_exit = True
