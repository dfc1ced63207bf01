"""Build the tiny pocket model for real (tokenizer, random init, ms-swift full training) and use it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from studio.engine import pretrain, swift
from studio.engine.metrics import read_metrics
from studio.models import pocket

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """One real build-pocket job body (`python -m studio.jobs.body build-pocket --size tiny`) into a fresh workspace,
    without the cache, cut to 240 of the recipe's 1060 steps: the whole recipe is built once per test run, by the
    journey or the README walk (tests/integration/conftest.py), and 240 steps already take the loss below 0.6 of
    its start (0.51, 23 s here, against 58 s for the whole build)."""
    ws = tmp_path_factory.mktemp("pocket") / "ws"
    run = ws / "runs" / "pocket-tiny"
    env = {**os.environ, "MODELSCOPE_OFFLINE": "1", "HF_HUB_OFFLINE": "1"}
    t0 = time.monotonic()
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "studio.jobs.body",
            "build-pocket",
            "--size",
            "tiny",
            "--workspace",
            str(ws),
            "--run-dir",
            str(run),
            "--max-steps",
            "240",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    wall = time.monotonic() - t0
    print(f"\npocket-tiny build: {wall:.1f}s wall")
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-4000:]
    return {"ws": ws, "run": run, "out": proc.stdout, "wall": wall}


def test_build_installs_model_folder_with_card(built):
    folder = built["ws"] / "models" / "pocket-tiny"
    for name in (
        "model.json",
        "README.md",
        "config.json",
        "generation_config.json",
        "model.safetensors",
        "tokenizer.json",
        "tokenizer_config.json",
    ):
        assert (folder / name).is_file(), name
    card = json.loads((folder / "model.json").read_text(encoding="utf-8"))
    assert card == pocket.read_card(built["ws"], "tiny")
    assert (card["id"], card["kind"], card["model_type"], card["template"], card["size"]) == (
        "pocket-tiny",
        "base",
        "qwen2",
        "qwen",
        "tiny",
    )
    assert 100_000 < card["params"] < 2_000_000
    assert card["note"]["zh"] and card["note"]["en"]
    assert not any(p.name.endswith("_heldout.jsonl") for p in map(Path, card["trained_on"]))
    # Nothing half-built is left next to the installed folder.
    assert [p.name for p in (built["ws"] / "models").iterdir()] == ["pocket-tiny"]
    # Progress lines for every phase, ending with the last one.
    steps = [line.split()[1] for line in built["out"].splitlines() if line.startswith("QIXI_PROGRESS ")]
    assert steps[0] == "1/5" and steps[-1] == "5/5"


def test_training_loss_fell(built):
    card = pocket.read_card(built["ws"], "tiny")
    losses = [v for _, v in read_metrics(swift.output_dir(built["run"])).series["loss"]]
    assert len(losses) >= 5
    assert losses[0] == card["training_loss"]["first"] and losses[-1] == card["training_loss"]["last"]
    assert losses[-1] < 0.6 * losses[0], losses
    # The run folder keeps exactly what ran.
    assert (built["run"] / "config.yaml").is_file() and (built["run"] / "init" / "tokenizer.json").is_file()


def test_tokenizer_is_qwen2_and_round_trips(built):
    from transformers import AutoTokenizer

    tok = AutoTokenizer.from_pretrained(built["ws"] / "models" / "pocket-tiny")
    assert type(tok).__name__.startswith("Qwen2Tokenizer")
    for text in ("亲爱的，今天加班好累呀！我给你煮了面。", "Honey, I'm home... did you eat? 🙂", "混合 mixed 文本 123"):
        assert tok.decode(tok.encode(text)) == text
    assert tok.eos_token == "<|im_end|>" and tok.pad_token == "<|endoftext|>"
    rendered = tok.apply_chat_template(
        [{"role": "system", "content": "S"}, {"role": "user", "content": "你好"}],
        tokenize=False,
        add_generation_prompt=True,
    )
    assert rendered == "<|im_start|>system\nS<|im_end|>\n<|im_start|>user\n你好<|im_end|>\n<|im_start|>assistant\n"
    # The chat markers are single special tokens, not spelled out byte by byte.
    ids = tok.encode("<|im_start|>user\nhi<|im_end|>")
    assert ids[0] == tok.convert_tokens_to_ids("<|im_start|>") and ids[-1] == tok.eos_token_id


def test_model_generates_text(built):
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    folder = built["ws"] / "models" / "pocket-tiny"
    tok = AutoTokenizer.from_pretrained(folder)
    model = AutoModelForCausalLM.from_pretrained(folder)
    prompt = next(
        m["content"]
        for m in json.loads((pocket.SAMPLE_DIR / "sft_heldout.jsonl").read_text(encoding="utf-8").splitlines()[0])[
            "messages"
        ]
        if m["role"] == "user"
    )
    inputs = tok.apply_chat_template(
        [{"role": "user", "content": prompt}], add_generation_prompt=True, return_tensors="pt", return_dict=True
    )
    torch.manual_seed(0)
    out = model.generate(**inputs, max_new_tokens=40, do_sample=False)
    reply = tok.decode(out[0, inputs["input_ids"].shape[1] :], skip_special_tokens=True)
    print(f"\n{prompt!r} -> {reply!r}")
    assert reply.strip()


def test_pretrain_config_is_what_ran(built):
    ran = json.loads((swift.output_dir(built["run"]) / "args.json").read_text(encoding="utf-8"))
    cfg = pretrain.pretrain_config("m", ["d.jsonl"], "o", pocket.SIZES["tiny"].plan)
    for key in (
        "tuner_type",
        "max_length",
        "num_train_epochs",
        "learning_rate",
        "per_device_train_batch_size",
        "gradient_accumulation_steps",
        "template",
        "check_model",
    ):
        assert ran[key] == cfg[key], key
    assert ran["add_version"] is False and ran["output_dir"] == str(swift.output_dir(built["run"]))


def test_two_builds_of_one_recipe_at_once_train_once_and_both_get_the_model(tmp_path):
    """$QIXI_POCKET_CACHE: a second workspace builds the same recipe while the first is building it (two test
    workers, or a person with two studios); it says that it waits, then copies the kept build."""
    cache = tmp_path / "cache"
    env = {**os.environ, "MODELSCOPE_OFFLINE": "1", "HF_HUB_OFFLINE": "1", pocket.CACHE_ENV: str(cache)}
    procs, first = [], []
    for name in ("a", "b"):
        ws = tmp_path / name
        argv = ["build-pocket", "--size", "tiny", "--workspace", str(ws), "--run-dir", str(ws / "runs" / "p")]
        procs.append(
            subprocess.Popen(
                [sys.executable, "-m", "studio.jobs.body", *argv, "--max-steps", "2"],
                cwd=ROOT,
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
        )
        if name == "a":  # its first progress line comes once it holds the recipe's lock
            for line in procs[0].stdout:
                first.append(line)
                if line.startswith("QIXI_PROGRESS "):
                    break
    outs = [p.communicate(timeout=600) for p in procs]
    outs[0] = ("".join(first) + outs[0][0], outs[0][1])
    assert [p.returncode for p in procs] == [0, 0], outs
    trained = [n for n in "ab" if swift.checkpoints(tmp_path / n / "runs" / "p")]
    assert trained == ["a"], outs  # exactly one ran ms-swift: the one that came first
    copier = "b"
    (kept,) = cache.glob("*/pocket-tiny")  # one finished build, nothing half-written beside it
    assert [p.name for p in cache.iterdir() if not p.name.startswith(".lock")] == [kept.parent.name]
    one, two = (tmp_path / n / "models" / "pocket-tiny" for n in (trained[0], copier))
    names = sorted(p.name for p in one.iterdir())
    assert names == sorted(p.name for p in two.iterdir()) and "model.safetensors" in names
    for n in names:
        if n != "model.json":
            assert (one / n).read_bytes() == (two / n).read_bytes(), n
    card, copied = (json.loads((d / "model.json").read_text(encoding="utf-8")) for d in (one, two))
    assert copied.pop("copied_from")["folder"] == str(kept) and copied == card
    # The copy says what it did: that it waited for the other build, then straight to installing.
    lines = [line for line in outs[1][0].splitlines() if line.startswith("QIXI_PROGRESS ")]
    assert [line.split()[1] for line in lines] == ["1/5", "4/5", "5/5"], lines
    assert "being built elsewhere" in lines[0] and "同一配方正在别处构建" in lines[0]


def test_the_recipe_key_follows_what_the_build_reads(tmp_path):
    """Another sample file, size or step limit is another recipe (a kept build of the old one is not copied)."""
    same, changed = tmp_path / "same", tmp_path / "changed"
    for d in (same, changed):
        d.mkdir()
        for f in pocket.sample_files():
            (d / f.name).write_bytes(f.read_bytes())
    victim = changed / pocket.sample_files()[0].name
    victim.write_bytes(victim.read_bytes().replace("。".encode(), "！".encode(), 1))
    base = pocket.recipe_key("tiny")
    assert pocket.recipe_key("tiny", same) == base
    others = [pocket.recipe_key("tiny", changed), pocket.recipe_key("demo"), pocket.recipe_key("tiny", max_steps=2)]
    assert len({base, *others}) == 4
