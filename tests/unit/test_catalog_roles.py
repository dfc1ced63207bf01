"""Catalog roles: a safety classifier in presets/models.yaml (role: guard) is downloadable but never
offered or accepted as a base model, on the Train tab, the Start tab, the CLI, in training and recipes.

The expected ids come from reading the YAML file here, not from studio.training.presets."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from studio.core.i18n import UserError
from studio.training import presets as P
from studio.training import recipe
from studio.training import train as T
from studio.ui import start_tab, train_tab

YAML = Path(__file__).resolve().parents[2] / "presets" / "models.yaml"
ROWS = yaml.safe_load(YAML.read_text(encoding="utf-8"))
GUARDS = {r["id"] for r in ROWS if r.get("role") == "guard"}
CHATS = {r["id"] for r in ROWS if r.get("role", "chat") == "chat"}


def test_the_safety_classifier_is_marked_as_a_guard():
    assert "qwen3guard-gen-0.6b" in GUARDS and GUARDS.isdisjoint(CHATS) and len(CHATS) >= 3
    assert {m.id: m.role for m in P.catalog()} == {**{i: "chat" for i in CHATS}, **{i: "guard" for i in GUARDS}}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_base_model_lists_offer_chat_models_only(lang):
    for choices in (train_tab.model_choices(lang), start_tab.base_choices(lang)):
        assert {value for _, value in choices} == CHATS


def test_cli_lists_the_guard_apart_from_the_base_models(tmp_path):
    env = {"PYTHONPATH": str(Path(__file__).resolve().parents[2]), "PATH": "/usr/bin:/bin"}
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "studio.cli",
            "--workspace",
            str(tmp_path / "ws"),
            "--lang",
            "en",
            "train",
            "models",
            "--json",
        ],
        capture_output=True,
        text=True,
        env=env,
        check=True,
        timeout=120,
    )
    data = json.loads(out.stdout)
    assert {m["id"] for m in data["models"] if m["role"] == "guard"} == GUARDS
    text = data["text"].splitlines()
    head = next(i for i, line in enumerate(text) if line.startswith("Safety classifiers"))
    assert {line.split()[0] for line in text[:head]} == CHATS
    assert {line.split()[0] for line in text[head + 1 :]} == GUARDS


@pytest.mark.parametrize("guard_id", sorted(GUARDS))
def test_training_or_a_recipe_on_the_guard_gets_a_sentence_in_both_languages(ws, guard_id):
    s = P.resolve("cpu-pocket", {"model": guard_id, "dataset": "ds"})
    with pytest.raises(UserError) as e:
        T.resolve_model(ws, s, offline=True)
    assert guard_id in e.value.msg.zh and "安全分类器" in e.value.msg.zh
    assert guard_id in e.value.msg.en and "safety classifier" in e.value.msg.en
    with pytest.raises(UserError):
        recipe.base_step(ws, guard_id)
    # It can still be fetched for the guard: downloading is not refused for its role.
    assert P.catalog_entry(guard_id).role == "guard"
