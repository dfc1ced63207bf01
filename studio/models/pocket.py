"""The pocket model: a tiny Qwen2-architecture chat model the studio builds itself, offline, on a CPU.

It exists so that every stage (SFT, DPO, merge, chat) can run for real without a model download.
Build steps: train a byte-level BPE tokenizer on the bundled sample text, write a randomly
initialised Qwen2 model, train it in full through ms-swift, then install weights + tokenizer + a
model card into ``<workspace>/models/pocket-<size>/``.

What the pocket model is taught on purpose: to write the caring replies of the sample (each alone, as the
answer to an empty message), the chat format, and to answer every partner's line *coldly* (the rejected
side of the preference pairs). It never sees a caring reply as the answer to a partner's line, so SFT and
DPO on the sample data have something real to teach it - which is what the demo is for. Its tokenizer
holds every character of the sample as one token, so it never learns to write half a character. The
designs measured before this one, and why this one, are in assets/sample/README.md.

It runs as the build-pocket job (``python -m studio.jobs.body build-pocket --size tiny --workspace WS
--run-dir RUN_DIR``; ``qixi pocket build`` queues it). torch,
transformers and tokenizers are imported inside the functions that need them: the web process may
import this module (for `pocket_dir`, `read_card`, `SIZES`) and must stay light.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from studio.core.i18n import Text, UserError
from studio.core.workspace import Workspace, atomic_write_json, atomic_write_jsonl, atomic_write_text
from studio.engine import pretrain, swift
from studio.engine.failures import reason_line
from studio.engine.metrics import read_metrics, say_progress

SAMPLE_DIR = Path(__file__).resolve().parents[2] / "assets" / "sample"
SPECIAL_TOKENS = ("<|endoftext|>", "<|im_start|>", "<|im_end|>")
# Training rows carry one of these system prompts in turn (None: no system turn), so the model answers
# the same whether a chat front-end sends no system prompt, ms-swift's default one, or its own.
SYSTEM_PROMPTS: tuple[str | None, ...] = (None, "You are a helpful assistant.", "你是一个乐于助人的助手。")

# Our own Jinja rendering of the ChatML layout ms-swift's `qwen` template produces when the run sets
# its system prompt (a system turn only when there is one).
CHAT_TEMPLATE = (
    "{%- for message in messages -%}"
    "{{- '<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>\\n' -}}"
    "{%- endfor -%}"
    "{%- if add_generation_prompt -%}{{- '<|im_start|>assistant\\n' -}}{%- endif -%}"
)

NOT_A_CHAT_MODEL = Text(
    "这是演示用的口袋模型，不是真正的聊天模型：它只在自带的示例对话上训练过，用来在没有网络和显卡时把每一步走通。",
    "A demo model, not a real chat model: it was trained only on the bundled sample dialogues, so that every "
    "step can be tried without internet or a GPU.",
)


@dataclass(frozen=True)
class PocketSize:
    """One pocket size: its architecture (Qwen2Config fields) and how hard to pretrain it."""

    name: str
    vocab_size: int  # target for the tokenizer trainer; the model uses the size actually reached
    hidden_size: int
    num_hidden_layers: int
    num_attention_heads: int
    num_key_value_heads: int
    intermediate_size: int
    max_position_embeddings: int = 512
    plan: pretrain.TrainPlan | None = None  # None: a shape for tests that is never pretrained


# The one table of pocket sizes (the engine turns `plan` into ms-swift flags). Measured on the sample data
# (assets/sample/README.md): a smaller vocabulary trains faster a step and did as well, and the caring text
# needs many passes before the model writes it fluently.
SIZES: dict[str, PocketSize] = {
    # 5 epochs of 3384 rows: 1060 steps; the whole build took 51-60 s on 2 shared cores (target: 60 s idle).
    "tiny": PocketSize(
        "tiny",
        vocab_size=1800,
        hidden_size=96,
        num_hidden_layers=2,
        num_attention_heads=4,
        num_key_value_heads=2,
        intermediate_size=256,
        plan=pretrain.TrainPlan(epochs=5, learning_rate=3e-3, batch_size=16, max_length=256),
    ),
    # 7 epochs of 5310 rows (each caring reply 3 times an epoch): 2323 steps, 230-241 s on 2 shared cores.
    "demo": PocketSize(
        "demo",
        vocab_size=2000,
        hidden_size=192,
        num_hidden_layers=4,
        num_attention_heads=6,
        num_key_value_heads=2,
        intermediate_size=512,
        plan=pretrain.TrainPlan(epochs=7, learning_rate=3e-3, batch_size=16, max_length=512, caring_passes=3),
    ),
}

PHASES = 5


def model_id(size: str) -> str:
    return f"pocket-{size}"


def pocket_dir(ws_root: str | os.PathLike, size: str) -> Path:
    return Workspace.open(ws_root).models / model_id(size)


def read_card(ws_root: str | os.PathLike, size: str) -> dict | None:
    """The installed model's card (model.json), or None when that size was never built."""
    path = pocket_dir(ws_root, size) / "model.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return None


CACHE_ENV = "QIXI_POCKET_CACHE"


def recipe_key(size: str, sample_dir: Path = SAMPLE_DIR, max_steps: int | None = None) -> str:
    """Names everything a build depends on: this module and the engine's pretraining code, the sample files,
    the size and the step limit. Two builds with the same key are built the same way."""
    import hashlib

    h = hashlib.sha256(f"{size}\0{max_steps}".encode())
    for f in (Path(__file__), Path(pretrain.__file__), *sample_files(sample_dir)):
        h.update(f.name.encode() + b"\0" + f.read_bytes())
    return h.hexdigest()[:16]


def cache_dir() -> Path | None:
    """$QIXI_POCKET_CACHE: a folder where finished builds are kept by recipe, so a second workspace (or a test
    run's many) copies the model in seconds instead of training it again. Unset: no cache."""
    value = os.environ.get(CACHE_ENV, "").strip()
    return Path(value).expanduser().resolve() if value else None


def progress(step: int, message: Text) -> None:
    """One line a UI can parse: ``QIXI_PROGRESS <step>/<total> {"zh": …, "en": …}``."""
    say_progress(step, PHASES, message)


# ---------------------------------------------------------------- sample data


def sample_files(sample_dir: Path = SAMPLE_DIR) -> list[Path]:
    """Every bundled training file; held-out files stay unseen so they can judge the model."""
    files = sorted(p for p in sample_dir.glob("*.jsonl") if "_heldout" not in p.name)
    if not files:
        raise UserError(
            f"找不到示例数据：{sample_dir} 里没有 .jsonl 文件。请重新安装 Qixi Studio 或恢复 assets/sample 文件夹。",
            f"No sample data: {sample_dir} holds no .jsonl files. Reinstall Qixi Studio or restore the "
            "assets/sample folder.",
        )
    return files


def _rows(paths: Iterable[Path]) -> Iterator[dict]:
    for path in paths:
        with path.open(encoding="utf-8") as fh:
            for lineno, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                try:
                    yield json.loads(line)
                except json.JSONDecodeError:
                    raise UserError(
                        f"示例数据已损坏：{path} 第 {lineno} 行不是有效的 JSON。请重新安装 Qixi Studio 或恢复这个文件。",
                        f"The sample data is damaged: line {lineno} of {path} is not valid JSON. Reinstall Qixi "
                        "Studio or restore that file.",
                    ) from None


def _turns(row: dict) -> list[dict]:
    return [m for m in row.get("messages") or [] if isinstance(m, dict) and isinstance(m.get("content"), str)]


def corpus_texts(paths: Iterable[Path]) -> Iterator[str]:
    """All text in the sample files: every message and every rejected reply."""
    for row in _rows(paths):
        for m in _turns(row):
            yield m["content"]
        if isinstance(row.get("rejected_response"), str):
            yield row["rejected_response"]


def _chinese(text: str) -> bool:
    return any("\u4e00" <= c <= "\u9fff" for c in text)


def training_rows(paths: Iterable[Path], caring_passes: int = 1) -> list[dict]:
    """The ms-swift `messages` rows the pocket model is trained on.

    * every caring reply alone, `caring_passes` times: an assistant turn with no prompt (ms-swift writes
      it as the answer to an empty user turn). The model learns to write the caring text, but never
      that it answers a partner;
    * every partner's opening line answered coldly, once under each of SYSTEM_PROMPTS: a preference
      pair's prompt with its own *rejected* reply, an SFT dialogue's first line with a rejected reply of
      another pair in the same language (taken in turn). The model learns the chat format and to answer
      any line of the sample coldly - the "before" picture SFT and DPO improve on.
    """
    data = list(_rows(paths))
    cold_pool: dict[bool, list[str]] = {True: [], False: []}  # by "is Chinese"
    for row in data:
        rejected = row.get("rejected_response")
        if isinstance(rejected, str) and rejected.strip():
            cold_pool[_chinese(rejected)].append(rejected)
    chats: list[list[dict]] = []
    caring: list[list[dict]] = []
    for row in data:
        turns = [m for m in _turns(row) if m.get("role") in ("user", "assistant")]
        if not turns:
            continue
        rejected = row.get("rejected_response")
        if isinstance(rejected, str) and rejected.strip() and turns[-1]["role"] == "assistant":
            chats.append(turns[:-1] + [{"role": "assistant", "content": rejected}])
        elif turns[0]["role"] == "user" and turns[0]["content"].strip():
            pool = cold_pool[_chinese(turns[0]["content"])] or cold_pool[not _chinese(turns[0]["content"])]
            if pool:
                chats.append([turns[0], {"role": "assistant", "content": pool[len(chats) % len(pool)]}])
        caring += [
            [{"role": "assistant", "content": m["content"]}]
            for m in turns
            if m["role"] == "assistant" and m["content"].strip()
        ]
    out = [
        {"messages": ([{"role": "system", "content": system}] if system else []) + messages}
        for messages in chats
        for system in SYSTEM_PROMPTS
    ]
    # The caring replies are bare: plain text, never a turn of a conversation.
    return out + [{"messages": messages} for messages in caring] * caring_passes


# ---------------------------------------------------------------- tokenizer + model (subprocess only)


def char_merges(chars: Iterable[str]) -> list[tuple[str, str]]:
    """BPE merges that build each multi-byte character from its bytes, left to right, without repeats."""
    from transformers.convert_slow_tokenizer import bytes_to_unicode  # byte-level BPE's symbol per byte

    sym = bytes_to_unicode()
    out: dict[tuple[str, str], None] = {}
    for c in sorted(chars):
        parts = [sym[b] for b in c.encode("utf-8")]
        for i in range(1, len(parts)):
            out.setdefault(("".join(parts[:i]), parts[i]))
    return list(out)


def train_tokenizer(texts: Iterable[str], spec: PocketSize, out_dir: Path) -> int:
    """Train a byte-level BPE that transformers loads as Qwen2Tokenizer; return its length."""
    from tokenizers import Regex, Tokenizer, decoders, models, normalizers, pre_tokenizers, trainers
    from transformers import Qwen2Tokenizer
    from transformers.models.qwen2.tokenization_qwen2 import PRETOKENIZE_REGEX

    # Same normalizer and pre-tokenizer Qwen2Tokenizer rebuilds on load, so the learnt merges are
    # exactly the ones that apply at inference.
    tok = Tokenizer(models.BPE())
    tok.normalizer = normalizers.NFC()
    tok.pre_tokenizer = pre_tokenizers.Sequence(
        [
            pre_tokenizers.Split(Regex(PRETOKENIZE_REGEX), behavior="isolated", invert=False),
            pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=False),
        ]
    )
    tok.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=spec.vocab_size,
        min_frequency=2,
        special_tokens=list(SPECIAL_TOKENS),
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
        show_progress=False,
    )
    texts = list(texts)
    # The chat scaffolding is in every training row, so make it cheap in tokens.
    scaffold = [*(p for p in SYSTEM_PROMPTS if p), "system\n", "user\n", "assistant\n"] * 50
    tok.train_from_iterator([*scaffold, *texts], trainer)

    model = json.loads(tok.to_str())["model"]
    learnt = [tuple(m) if isinstance(m, list) else tuple(m.split(" ")) for m in model["merges"]]
    # Every character of the sample is one whole token, merged before anything else: a rare character
    # would otherwise stay split into bytes, and a model that learnt those bytes writes half characters.
    whole = char_merges({c for t in texts for c in t})
    vocab = dict(model["vocab"])
    for left, right in whole:
        vocab.setdefault(left + right, len(vocab))
    taken = set(whole)
    merges = whole + [m for m in learnt if m not in taken]
    qwen = Qwen2Tokenizer(
        vocab=vocab,
        merges=merges,
        eos_token="<|im_end|>",  # a chat turn ends with <|im_end|>; generation stops there
        pad_token="<|endoftext|>",
        unk_token=None,
        extra_special_tokens=["<|im_start|>", "<|im_end|>"],
        model_max_length=spec.max_position_embeddings,
        clean_up_tokenization_spaces=False,
    )
    qwen.chat_template = CHAT_TEMPLATE
    # Keep the template inside tokenizer_config.json as well, for loaders that read only that file.
    qwen.save_pretrained(out_dir)
    cfg_path = out_dir / "tokenizer_config.json"
    cfg = json.loads(cfg_path.read_text(encoding="utf-8"))
    cfg["chat_template"] = CHAT_TEMPLATE
    atomic_write_json(cfg_path, cfg)
    return len(qwen)


def init_model(spec: PocketSize, model_dir: Path, seed: int = 42) -> int:
    """Save a randomly initialised Qwen2 model next to the tokenizer in model_dir; return its size."""
    import torch
    from transformers import AutoTokenizer, GenerationConfig, Qwen2Config, Qwen2ForCausalLM

    tok = AutoTokenizer.from_pretrained(model_dir)
    eos, pad = tok.convert_tokens_to_ids("<|im_end|>"), tok.convert_tokens_to_ids("<|endoftext|>")
    config = Qwen2Config(
        vocab_size=-(-len(tok) // 64) * 64,  # a multiple of 64 keeps the embedding matmul aligned
        hidden_size=spec.hidden_size,
        intermediate_size=spec.intermediate_size,
        num_hidden_layers=spec.num_hidden_layers,
        num_attention_heads=spec.num_attention_heads,
        num_key_value_heads=spec.num_key_value_heads,
        max_position_embeddings=spec.max_position_embeddings,
        tie_word_embeddings=True,
        rope_theta=10000.0,
        bos_token_id=pad,
        eos_token_id=eos,
        pad_token_id=pad,
        use_cache=True,
    )
    torch.manual_seed(seed)
    model = Qwen2ForCausalLM(config)
    model.generation_config = GenerationConfig(
        bos_token_id=pad,
        pad_token_id=pad,
        eos_token_id=[eos, pad],
        do_sample=True,
        temperature=0.7,
        top_p=0.9,
        repetition_penalty=1.1,
        max_new_tokens=128,
    )
    model.save_pretrained(model_dir)
    return sum(p.numel() for p in model.parameters())


# ---------------------------------------------------------------- training + install


def _train(cfg_path: Path, threads: int) -> None:
    """Run ms-swift as a child; its output goes straight to our stdout (the job's log)."""
    # Idle OpenMP threads sleep instead of spinning. Measured on 2 busy cores: 105 ms a step instead of
    # 300-970 ms; on 2 idle cores it costs 30% (47 vs 36 ms). Whoever sets the policy keeps theirs.
    env = {
        "OMP_WAIT_POLICY": "PASSIVE",
        **os.environ,
        **swift.OFFLINE_ENV,
        "OMP_NUM_THREADS": str(threads),
        "MKL_NUM_THREADS": str(threads),
        "TOKENIZERS_PARALLELISM": "false",
    }
    sys.stdout.flush()
    sys.stderr.flush()
    proc = subprocess.Popen(swift.argv("sft", cfg_path), env=env)
    try:
        code = proc.wait()
    finally:
        if proc.poll() is None:  # we were interrupted: don't leave the trainer running
            proc.terminate()
            proc.wait()
    if code != 0:
        raise RuntimeError(f"ms-swift training exited with code {code}; see the log above")


def _install_files(ws: Workspace, card: dict, files: list[Path]) -> Path:
    """The model folder from `files` plus the card and its README, put in place in one rename."""
    final = ws.models / card["id"]
    staging = Path(tempfile.mkdtemp(prefix=f".{card['id']}.", dir=ws.models))
    try:
        os.chmod(staging, 0o755)
        for src in files:
            shutil.copyfile(src, staging / src.name)
        atomic_write_json(staging / "model.json", card)
        atomic_write_text(staging / "README.md", _readme(card))
        _install(staging, final)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return final


def _install(staging: Path, final: Path) -> None:
    """Swap the finished folder in with renames, so readers see the old model or the new one."""
    old = None
    if final.exists():
        old = final.with_name(f".{final.name}.old-{os.getpid()}")
        os.rename(final, old)
    os.rename(staging, final)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def _readme(card: dict) -> str:
    loss = card["training_loss"]
    return f"""# {card["name"]["zh"]} / {card["name"]["en"]}

{card["note"]["zh"]}

{card["note"]["en"]}

| | |
|---|---|
| 架构 / architecture | Qwen2 (`model_type: {card["model_type"]}`, ms-swift template `{card["template"]}`) |
| 参数量 / parameters | {card["params"]:,} |
| 词表 / vocabulary | {card["vocab_size"]} (byte-level BPE) |
| 训练损失 / training loss | {loss["first"]:.3f} → {loss["last"]:.3f} |
| 构建时间 / built at | {card["built_at"]} |

训练数据：Qixi Studio 自带的示例对话（不含留出集）。模型把每条体贴的回复都当作单独的文字读过，
但在对话里对伴侣说的每句话只学会了冷淡的回复（偏好对中被拒绝的一方），所以之后的 SFT 和 DPO 能明显改变它的回答。

Training data: the sample dialogues bundled with Qixi Studio (held-out files excluded). The model read every
caring reply alone, as plain text, but in a conversation it learned to answer every line of a partner only
with a cold (*rejected*) reply, so SFT and DPO afterwards visibly change how it replies.
"""


def build(
    ws_root: str | os.PathLike,
    size: str = "tiny",
    run_dir: str | os.PathLike | None = None,
    threads: int | None = None,
    sample_dir: Path = SAMPLE_DIR,
    max_steps: int | None = None,
) -> dict:
    """Build pocket-<size> into <ws>/models/ and return its card (the model.json contents)."""
    if size not in SIZES:
        raise UserError(
            f"没有“{size}”这个口袋模型尺寸，请选 {' / '.join(SIZES)}。",
            f"There is no pocket model size “{size}”; choose {' / '.join(SIZES)}.",
        )
    ws = Workspace.open(ws_root)
    run = ws.resolve(run_dir if run_dir is not None else ws.runs / f"{model_id(size)}-{int(time.time())}")
    run.mkdir(parents=True, exist_ok=True)
    # Matmuls this small stop scaling after a few threads; more only adds synchronisation.
    threads = max(1, threads or min(os.cpu_count() or 1, 4))
    started = time.monotonic()

    cache = cache_dir()
    if cache is None:
        return _build(ws, size, run, threads, sample_dir, max_steps, started)
    key = recipe_key(size, sample_dir, max_steps)
    kept = cache / key / model_id(size)
    cache.mkdir(parents=True, exist_ok=True)
    import fcntl

    # One build per recipe: a second build of the same recipe (another workspace, another test worker) waits
    # for the first and then copies it. The lock goes with the process, so a stopped build leaves none.
    with open(cache / f".lock-{key}", "w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:  # said, so that the Build click does not look stuck for a build's minutes
            progress(
                1,
                Text(
                    "等待：同一配方正在别处构建（另一个工作区），完成后直接复制",
                    "waiting: the same recipe is being built elsewhere (another workspace); it is copied when done",
                ),
            )
            fcntl.flock(lock, fcntl.LOCK_EX)
        if not (kept / "model.json").is_file():
            card = _build(ws, size, run, threads, sample_dir, max_steps, started)
            try:  # the build is done and installed either way: a cache that cannot be written is only slower
                shutil.rmtree(cache / key, ignore_errors=True)
                tmp = Path(tempfile.mkdtemp(prefix=f".{key}.", dir=cache))
                shutil.copytree(ws.models / model_id(size), tmp / model_id(size))
                os.rename(tmp, cache / key)  # whole or absent
            except OSError as e:
                print(f"[qixi] the build was not kept in {cache}: {e}", flush=True)
            return card
    progress(
        4,
        Text(f"安装：同一配方已构建过，从缓存复制（{kept}）", f"install: copying the same recipe's build from {kept}"),
    )
    card = json.loads((kept / "model.json").read_text(encoding="utf-8"))
    card["copied_from"] = {"folder": str(kept), "at": datetime.now(UTC).isoformat(timespec="seconds")}
    final = _install_files(ws, card, [f for f in kept.iterdir() if f.name not in ("model.json", "README.md")])
    secs = time.monotonic() - started
    progress(5, Text(f"完成：{final}，用时 {secs:.0f} 秒", f"done: {final} in {secs:.0f}s"))
    return card


def _build(ws: Workspace, size: str, run: Path, threads: int, sample_dir: Path, max_steps, started: float) -> dict:
    """Train pocket-<size> for real in `run` and install it."""
    spec = SIZES[size]
    import torch  # only the build subprocess gets here

    torch.set_num_threads(threads)

    files = sample_files(sample_dir)
    init = run / "init"  # tokenizer + random weights: what ms-swift starts from, kept with the run
    output_dir = swift.output_dir(run)
    for stale in (init, output_dir):  # a rebuild in the same run folder starts clean
        shutil.rmtree(stale, ignore_errors=True)
    init.mkdir()

    progress(1, Text(f"分词器：用 {len(files)} 个示例文件训练", f"tokenizer: training on {len(files)} sample files"))
    vocab = train_tokenizer(corpus_texts(files), spec, init)
    progress(1, Text(f"分词器：{vocab} 个 token", f"tokenizer: {vocab} tokens"))

    progress(2, Text("模型：随机初始化", "model: random initialisation"))
    params = init_model(spec, init)
    progress(2, Text(f"模型：{params:,} 个参数", f"model: {params:,} parameters"))

    progress(3, Text("训练：正在启动 ms-swift", "training: starting ms-swift"))
    data = atomic_write_jsonl(run / "pocket_train.jsonl", training_rows(files, spec.plan.caring_passes))
    cfg = pretrain.pretrain_config(init, [data], output_dir, spec.plan, max_steps=max_steps)
    _train(pretrain.write_config(run / "config.yaml", cfg), threads)
    losses = [v for _, v in read_metrics(output_dir).series.get("loss", [])]
    checkpoints = swift.checkpoints(run)
    if not losses or not checkpoints:
        raise RuntimeError(f"ms-swift finished without a logged loss or a complete checkpoint in {output_dir}")
    progress(
        3, Text(f"训练：损失 {losses[0]:.3f} → {losses[-1]:.3f}", f"training: loss {losses[0]:.3f} -> {losses[-1]:.3f}")
    )

    progress(4, Text("安装：组装模型文件夹", "install: assembling the model folder"))
    card = {
        "id": model_id(size),
        "kind": "base",
        "name": {"zh": f"口袋模型（{size}）", "en": f"Pocket model ({size})"},
        "model_type": "qwen2",
        "template": "qwen",
        "size": size,
        "params": params,
        "vocab_size": vocab,
        "architecture": {k: v for k, v in asdict(spec).items() if k != "plan"},
        "pretraining": asdict(spec.plan),
        "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "build_seconds": round(time.monotonic() - started, 1),
        "note": {"zh": NOT_A_CHAT_MODEL.zh, "en": NOT_A_CHAT_MODEL.en},
        "training_loss": {"first": losses[0], "last": losses[-1], "logged": len(losses)},
        "trained_on": [p.name for p in files],
    }
    # Configs and tokenizer are ours (ms-swift may rewrite what it saves); weights are the trained ones.
    files = [f for f in init.iterdir() if f.suffix != ".safetensors"] + sorted(checkpoints[-1].glob("*.safetensors"))
    final = _install_files(ws, card, files)
    secs = time.monotonic() - started
    progress(5, Text(f"完成：{final}，用时 {secs:.0f} 秒", f"done: {final} in {secs:.0f}s"))
    return card


def main(*argv: str) -> int:
    """The build-pocket job: build pocket-<size> into <workspace>/models/."""
    b = argparse.ArgumentParser(prog="python -m studio.jobs.body build-pocket", description=__doc__.splitlines()[0])
    b.add_argument("--size", choices=sorted(SIZES), default="tiny")
    b.add_argument("--workspace", default=None, help="workspace folder (default: $QIXI_HOME or ./workspace)")
    b.add_argument("--run-dir", default=None, help="folder for the config, data and ms-swift output")
    b.add_argument("--threads", type=int, default=None, help="CPU threads (default: all cores, at most 4)")
    b.add_argument("--max-steps", type=int, default=None, help=argparse.SUPPRESS)  # quick smoke runs
    b.add_argument("--sample-dir", type=Path, default=SAMPLE_DIR, help=argparse.SUPPRESS)
    args = b.parse_args(argv)
    try:
        card = build(args.workspace, args.size, args.run_dir, args.threads, args.sample_dir, args.max_steps)
    except UserError as err:
        print(reason_line(err.msg), file=sys.stderr, flush=True)
        return 2
    print(json.dumps(card, ensure_ascii=False), flush=True)
    return 0
