"""Training speed side by side: a hand-written QLoRA loop (A), `swift sft|rlhf` with ms-swift's
defaults (B), and what the studio launches for the same job (C), on random-initialised models of the
real Qwen2.5 shapes. One invocation runs every (shape, config) pair, each in its own process with its
own timeout; a failure (OOM, crash, timeout) is recorded and the run goes on. Results are written
after every configuration, so a run cut short still leaves its JSON.

    python benchmarks/train_speed.py --shapes 7b,1.5b,0.5b --configs A,B,C --steps 12 --warmup 4 \
        --seq 1024 --global-batch 4 [--budget-gib 24] [--dpo] [--tag NAME] [--copy-to DIR]
    python benchmarks/train_speed.py --smoke          # CPU, tiny shape, LoRA only: checks the plumbing

What is measured, the same way for every configuration: the wall time between the end of warm-up
step W and the end of the last step (CUDA synchronised), the real (non-padding) tokens of the steps in
that window, and the process's peak allocated / reserved CUDA memory. For A the loop records this
itself; for B and C a generated `sitecustomize.py` on PYTHONPATH installs `install_hooks()` in the
trainer process: it wraps `transformers.Trainer.training_step` (tokens per micro-batch) and adds a
callback (`on_step_end`: timestamp and memory). The same sitecustomize applies the emulated memory
budget (`torch.cuda.set_per_process_memory_fraction`, from $QIXI_MEM_GIB) when CUDA initialises.

Compute ceiling: N = weights that take part in matrix products (every layer's projections plus the
output head; the input embedding is a lookup), A = causal attention FLOPs of the forward pass
(QK^T and AV). Frozen-base LoRA: forward 2N + A, backward 2N + 2A (no weight gradients of the base),
recompute with gradient checkpointing another 2N + A: 4N + 3A per token without, 6N + 4A with.
DPO adds the reference forward (2N + A) over the same tokens. Utilisation = FLOPs done / time /
the bf16 matmul rate measured in the same invocation. LoRA's own FLOPs are left out (< 1 %).
"""

from __future__ import annotations

import argparse
import dataclasses
import functools
import importlib.abc
import importlib.util
import json
import os
import random
import shutil
import signal
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
SAMPLE = ROOT / "assets" / "sample"
GIB = 1024**3
SWIFT_MAIN = ["-m", "swift.cli.main"]
# Every row carries its own system turn, so A, B and C (whatever their default system) see the same tokens.
SYSTEM = "你是温暖体贴的恋人，说话温柔、真诚。"
CONFIGS = ("A", "B", "C", "D", "L")
DPO_CONFIGS = ("B", "C", "D", "L")


def parse_config(name: str) -> tuple[str, float | None]:
    """'C' or 'C@24': the configuration and the card it runs on (GiB emulated; None: the whole GPU)."""
    base, _, gib = name.partition("@")
    return base, (float(gib) if gib else None)


# ---------------------------------------------------------------------------------------------- shapes


@dataclass(frozen=True)
class Shape:
    """A Qwen2 architecture (values of the public config.json of each size)."""

    name: str
    hidden: int
    layers: int
    heads: int
    kv_heads: int
    intermediate: int
    vocab: int
    tie: bool
    rope_theta: float = 1_000_000.0
    max_positions: int = 32768

    @property
    def head_dim(self) -> int:
        return self.hidden // self.heads

    @property
    def layer_matmul_params(self) -> int:
        kv = self.kv_heads * self.head_dim
        return self.hidden * self.hidden * 2 + self.hidden * kv * 2 + 3 * self.hidden * self.intermediate

    @property
    def matmul_params(self) -> int:
        """N: the weights of every matrix product of one token's forward pass, output head included."""
        return self.layers * self.layer_matmul_params + self.vocab * self.hidden

    @property
    def total_params(self) -> int:
        kv = self.kv_heads * self.head_dim
        per_layer = self.layer_matmul_params + self.hidden + 2 * kv + 2 * self.hidden  # qkv biases, 2 norms
        embed = self.vocab * self.hidden
        return embed * (1 if self.tie else 2) + self.layers * per_layer + self.hidden

    def hf_config(self) -> dict:
        return {
            "hidden_size": self.hidden,
            "num_hidden_layers": self.layers,
            "num_attention_heads": self.heads,
            "num_key_value_heads": self.kv_heads,
            "intermediate_size": self.intermediate,
            "vocab_size": self.vocab,
            "tie_word_embeddings": self.tie,
            "rope_theta": self.rope_theta,
            "max_position_embeddings": self.max_positions,
            "max_window_layers": self.layers,
            "use_sliding_window": False,
            "hidden_act": "silu",
            "rms_norm_eps": 1e-6,
            "initializer_range": 0.02,
        }


# Qwen2.5-0.5B/1.5B/7B(-Instruct). The 1.5B ties its embeddings too (as 0.5B and 3B do; 7B+ do not).
SHAPES: dict[str, Shape] = {
    "0.5b": Shape("0.5b", 896, 24, 14, 2, 4864, 151936, tie=True),
    "1.5b": Shape("1.5b", 1536, 28, 12, 2, 8960, 151936, tie=True),
    "7b": Shape("7b", 3584, 28, 28, 4, 18944, 152064, tie=False),
    # --smoke: a model a 2-core CPU trains in a second.
    "tiny": Shape("tiny", 64, 2, 4, 2, 128, 4096, tie=True, max_positions=2048),
}


# ---------------------------------------------------------------------------------------------- FLOPs


def attention_flops(shape: Shape, length: int) -> float:
    """Forward FLOPs of causal attention (QK^T and AV, 2 FLOPs a multiply-add) over one sequence."""
    return 4.0 * shape.layers * shape.heads * shape.head_dim * length * (length + 1) / 2


def sequence_flops(shape: Shape, length: int, method: str, checkpointing: bool) -> float:
    """Training FLOPs of one sequence: (4N+3A) or (6N+4A) per token, + the DPO reference forward."""
    dense = 2.0 * shape.matmul_params * length  # one forward through the weights
    attn = attention_flops(shape, length)
    total = (3 * dense + 4 * attn) if checkpointing else (2 * dense + 3 * attn)
    if method == "dpo":
        total += dense + attn
    return total


def flops_per_token(shape: Shape, length: int, method: str, checkpointing: bool) -> float:
    return sequence_flops(shape, length, method, checkpointing) / length


def steady_state(
    steps: list[dict], warmup: int, shape: Shape, method: str, checkpointing: bool, matmul_tflops: float | None
) -> dict | None:
    """Throughput over the steps after `warmup` from a step log ({step, t, tokens, seqs, alloc, reserved}).

    The window runs from the end of step `warmup` to the end of the last recorded step, so neither the
    first steps (allocator growth, kernel autotuning) nor model loading are counted."""
    steps = sorted({s["step"]: s for s in steps}.values(), key=lambda s: s["step"])
    base = [s for s in steps if s["step"] == warmup]
    window = [s for s in steps if s["step"] > warmup]
    if not window or not base:
        return None
    durations = [b["t"] - a["t"] for a, b in zip(base + window[:-1], window)]
    # Time between one step's end and the next one's first micro-batch: the trainer's own
    # bookkeeping and data loading, while the GPU waits.
    gaps = [b["t_begin"] - a["t"] for a, b in zip(base + window[:-1], window) if "t_begin" in b]
    elapsed = window[-1]["t"] - base[0]["t"]
    if elapsed <= 0:
        return None
    tokens = sum(s["tokens"] for s in window)
    flops = sum(sequence_flops(shape, n, method, checkpointing) for s in window for n in s["seqs"])
    out = {
        "measured_steps": len(window),
        "window_s": round(elapsed, 3),
        "tokens_per_s": round(tokens / elapsed, 1),
        "s_per_step": round(elapsed / len(window), 4),
        "s_per_step_median": round(statistics.median(durations), 4) if durations else None,
        "tokens_per_step": round(tokens / len(window), 1),
        "between_steps_s": round(statistics.mean(gaps), 4) if gaps else None,
        "flops_per_token": round(flops / tokens) if tokens else None,
        "achieved_tflops": round(flops / elapsed / 1e12, 2),
        "peak_allocated_gib": _gib(max((s.get("alloc") or 0) for s in steps)),
        "peak_reserved_gib": _gib(max((s.get("reserved") or 0) for s in steps)),
        "peak_rss_gib": _gib(max((s.get("rss") or 0) for s in steps)),
    }
    if matmul_tflops:
        out["utilisation"] = round(flops / elapsed / 1e12 / matmul_tflops, 4)
        out["ceiling_tokens_per_s"] = round(matmul_tflops * 1e12 / (flops / tokens), 1) if tokens else None
    return out


def _gib(n: float | None) -> float | None:
    return round(n / GIB, 2) if n else None


# ---------------------------------------------------------------------------------------------- in-process hooks


class StepLog:
    """One JSON line per optimizer step: time (after a CUDA sync), real tokens and sequence lengths of
    its micro-batches, peak memory so far. Used by A's loop and, through install_hooks, by HF's Trainer."""

    def __init__(self, path: str | os.PathLike):
        self.path = Path(path)
        self.tokens = 0
        self.seqs: list[int] = []
        self.t_begin: float | None = None

    def begin(self) -> None:
        """The trainer starts a step's first micro-batch (no sync: the last step's end synced)."""
        self.t_begin = time.perf_counter()

    def micro(self, batch) -> None:
        lengths = _real_lengths(batch)
        self.seqs += lengths
        self.tokens += sum(lengths)

    def step(self, step: int) -> None:
        import resource

        import torch

        row = {"step": int(step), "tokens": self.tokens, "seqs": self.seqs}
        if torch.cuda.is_available() and torch.cuda.is_initialized():
            torch.cuda.synchronize()
            row.update(alloc=torch.cuda.max_memory_allocated(), reserved=torch.cuda.max_memory_reserved())
        row["t"] = time.perf_counter()
        if self.t_begin is not None:
            row["t_begin"] = self.t_begin
        row["rss"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
        with open(self.path, "a", encoding="utf-8") as fh:
            fh.write(json.dumps(row) + "\n")
        self.tokens, self.seqs, self.t_begin = 0, [], None


def _real_lengths(batch) -> list[int]:
    """Non-padding length of every sequence of a collated batch (DPO batches hold chosen + rejected)."""
    import torch

    masks = [
        v
        for k, v in batch.items()
        if (k == "attention_mask" or k.endswith("_attention_mask")) and isinstance(v, torch.Tensor) and v.dim() == 2
    ]
    if masks:
        return [int(x) for m in masks for x in m.sum(dim=1).tolist()]
    ids = [
        v
        for k, v in batch.items()
        if (k == "input_ids" or k.endswith("_input_ids")) and isinstance(v, torch.Tensor) and v.dim() == 2
    ]
    return [int(v.shape[1]) for t in ids for v in t]  # no mask: batch of 1 / padding-free, all real


class _AfterImport(importlib.abc.MetaPathFinder):
    """Run fn(module) once `name` has been fully imported (whoever imports it, whenever)."""

    def __init__(self, name: str, fn):
        self.name, self.fn = name, fn

    def find_spec(self, fullname, path, target=None):
        if fullname != self.name:
            return None
        sys.meta_path.remove(self)
        spec = importlib.util.find_spec(fullname)
        if spec is None or spec.loader is None:
            return spec
        run, fn = spec.loader.exec_module, self.fn

        def exec_module(module):
            run(module)
            try:
                fn(module)
            except Exception as e:  # a measuring hook must never break the run it measures
                print(f"[qixi-bench] hook for {fullname} failed: {e!r}", file=sys.stderr, flush=True)

        spec.loader.exec_module = exec_module
        return spec


def apply_memory_budget(torch) -> None:
    """Cap this process's CUDA caching allocator at $QIXI_MEM_GIB, once CUDA initialises."""
    gib = float(os.environ.get("QIXI_MEM_GIB") or 0)
    if gib <= 0 or not hasattr(torch, "cuda"):
        return

    def cap():
        try:
            total = torch.cuda.get_device_properties(torch.cuda.current_device()).total_memory
            torch.cuda.set_per_process_memory_fraction(min(1.0, gib * GIB / total))
            print(f"[qixi-bench] CUDA memory capped at {gib} GiB of {total / GIB:.0f}", file=sys.stderr, flush=True)
        except Exception as e:  # an error here would surface as a failed CUDA init of the trainer
            print(f"[qixi-bench] memory cap not applied: {e!r}", file=sys.stderr, flush=True)

    if torch.cuda.is_initialized():
        cap()
    else:
        torch.cuda._lazy_call(cap)  # queued calls run right after CUDA's lazy init (as seeding does)


def _patch_trainer(mod) -> None:
    from transformers.trainer_callback import TrainerCallback

    log = StepLog(os.environ["QIXI_BENCH_STEPS"])
    trainer = mod.Trainer
    original_step, original_init = trainer.training_step, trainer.__init__

    @functools.wraps(original_step)
    def training_step(self, model, inputs, *args, **kwargs):
        log.micro(inputs)
        return original_step(self, model, inputs, *args, **kwargs)

    profile_at = int(os.environ.get("QIXI_BENCH_PROFILE_STEP") or 0)

    class Timer(TrainerCallback):
        prof = None

        def on_step_begin(self, args, state, control, **kwargs):
            log.begin()

        def on_step_end(self, args, state, control, **kwargs):
            log.step(state.global_step)
            if self.prof is not None and state.global_step == profile_at:
                self.prof.__exit__(None, None, None)
                self.py.disable()
                write_profile(self.prof, self.py, os.environ["QIXI_BENCH_PROFILE_OUT"])
            elif profile_at and state.global_step + 1 == profile_at:
                # One steady-state step, end to end (the gap before its first micro-batch included),
                # under torch.profiler: where the time goes, measured rather than guessed.
                import torch

                acts = [torch.profiler.ProfilerActivity.CPU, torch.profiler.ProfilerActivity.CUDA]
                self.prof = torch.profiler.profile(activities=acts)
                self.prof.__enter__()
                # torch's profiler sees only ops; the Python between them (callbacks, logging) needs this.
                import cProfile

                self.py = cProfile.Profile()
                self.py.enable()

    @functools.wraps(original_init)
    def __init__(self, *args, **kwargs):
        original_init(self, *args, **kwargs)
        self.add_callback(Timer())

    trainer.training_step, trainer.__init__ = training_step, __init__


def gpu_gaps(prof, top: int = 25) -> str:
    """How long the GPU sat idle in the profiled window, and what the host was doing meanwhile: for each of
    the longest gaps between kernels, the innermost host ops running at its middle."""
    import tempfile

    with tempfile.NamedTemporaryFile(suffix=".json") as tmp:
        prof.export_chrome_trace(tmp.name)
        events = json.load(open(tmp.name, encoding="utf-8")).get("traceEvents", [])
    kernels = sorted(
        (e["ts"], e["ts"] + e.get("dur", 0))
        for e in events
        if e.get("ph") == "X" and e.get("cat") in ("kernel", "gpu_memcpy", "gpu_memset")
    )
    host = [
        e
        for e in events
        if e.get("ph") == "X" and e.get("cat") in ("cpu_op", "user_annotation", "cuda_runtime", "python_function")
    ]
    if not kernels:
        return "no GPU kernels recorded"
    busy, gaps, end = 0.0, [], kernels[0][0]
    for start, stop in kernels:
        if start > end:
            gaps.append((start - end, end, start))
        busy += max(0.0, stop - max(start, end))
        end = max(end, stop)
    span = end - kernels[0][0]
    lines = [
        f"window {span / 1e3:.1f} ms, GPU busy {busy / 1e3:.1f} ms ({busy / span:.0%}), idle in "
        f"{len(gaps)} gaps, {sum(g[0] for g in gaps) / 1e3:.1f} ms in gaps over 0.1 ms: "
        f"{sum(g[0] for g in gaps if g[0] > 100) / 1e3:.1f} ms"
    ]
    for dur, a, b in sorted(gaps, reverse=True)[:top]:
        mid = (a + b) / 2
        around = sorted((e for e in host if e["ts"] <= mid <= e["ts"] + e.get("dur", 0)), key=lambda e: e.get("dur", 0))
        lines.append(
            f"{dur / 1e3:8.2f} ms at +{(a - kernels[0][0]) / 1e3:7.1f} ms: "
            + " < ".join(e["name"][:60] for e in around[:5])
        )
    return "\n".join(lines)


def write_profile(prof, py, path: str) -> None:
    """The step's top CUDA kernels, CPU ops and Python functions, as tables a person can read."""
    import io
    import pstats

    avg = prof.key_averages()
    text = io.StringIO()
    pstats.Stats(py, stream=text).sort_stats("cumulative").print_stats(60)
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(f"== GPU timeline\n{gpu_gaps(prof)}\n")
        fh.write(f"== Python, cumulative\n{text.getvalue()}\n")
        for key in ("self_device_time_total", "device_time_total", "self_cpu_time_total"):
            try:
                table = avg.table(sort_by=key, row_limit=45, max_name_column_width=90)
            except Exception as e:  # sort keys differ between torch versions
                table = f"({e!r})"
            fh.write(f"== sorted by {key}\n{table}\n")
    print(f"[qixi-bench] profile written to {path}", file=sys.stderr, flush=True)


def install_hooks() -> None:
    """Called from the generated sitecustomize in every subprocess of a B or C run."""
    if os.environ.get("QIXI_MEM_GIB"):
        sys.meta_path.insert(0, _AfterImport("torch", apply_memory_budget))
    if os.environ.get("QIXI_BENCH_STEPS"):
        sys.meta_path.insert(0, _AfterImport("transformers.trainer", _patch_trainer))


def write_sitecustomize(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "sitecustomize.py"
    path.write_text(
        "# Generated by benchmarks/train_speed.py for its own subprocesses: step timing + memory budget.\n"
        "import importlib.util as _u\nimport sys as _sys\n"
        f"_s = _u.spec_from_file_location('qixi_bench_hooks', {str(Path(__file__).resolve())!r})\n"
        "_m = _sys.modules['qixi_bench_hooks'] = _u.module_from_spec(_s)\n"
        "_s.loader.exec_module(_m)\n_m.install_hooks()\n",
        encoding="utf-8",
    )
    return path


def read_steps(path: Path) -> list[dict]:
    rows = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return rows
    for line in lines:
        try:
            rows.append(json.loads(line))
        except ValueError:
            continue  # a line cut by a kill
    return rows


# ---------------------------------------------------------------------------------------------- data


def _sample_rows(name: str) -> list[dict]:
    with open(SAMPLE / name, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


class Lengths:
    """Token counts under the model's chat template. ChatML is additive: special tokens split the text
    before BPE, so a conversation's length is the sum of its messages' lengths."""

    def __init__(self, tok):
        self.tok = tok
        self.cache: dict[tuple[str, str], int] = {}

    def msg(self, m: dict) -> int:
        key = (m["role"], m["content"])
        if key not in self.cache:
            self.cache[key] = self.count([m])
        return self.cache[key]

    def count(self, messages: list[dict]) -> int:
        out = self.tok.apply_chat_template(messages, tokenize=True)
        return len(out["input_ids"] if hasattr(out, "keys") else out)


def _fill(rng: random.Random, pool: list[list[dict]], pool_len: list[int], start: int, lo: int, hi: int):
    """Add whole dialogues from `pool` (with repetition) until the length reaches lo without passing hi."""
    picked, n = [], start
    shortest = min(pool_len)
    for _ in range(20000):
        if n >= lo or n + shortest > hi:
            break
        i = rng.randrange(len(pool))
        if n + pool_len[i] <= hi:
            picked += pool[i]
            n += pool_len[i]
    return picked, n


def build_sft_rows(tok, n_rows: int, seq: int, lengths: str, seed: int = 0) -> list[dict]:
    """Chat rows from the bundled dialogues, concatenated: 'fixed' ~ seq-48..seq-16 tokens each,
    'var' uniform between 0.3*seq and seq-16. A numbered system turn keeps rows distinct (the studio
    drops duplicates on import)."""
    rng = random.Random(seed)
    ln = Lengths(tok)
    pool = [[m for m in r["messages"] if m["role"] in ("user", "assistant")] for r in _sample_rows("sft.jsonl")]
    pool = [d for d in pool if d and d[0]["role"] == "user" and d[-1]["role"] == "assistant"]
    pool_len = [sum(ln.msg(m) for m in d) for d in pool]
    rows = []
    for i in range(n_rows):
        hi = seq - 16
        lo = seq - 48 if lengths == "fixed" else rng.randint(int(0.3 * seq), hi - 32)
        system = {"role": "system", "content": f"{SYSTEM}（#{i}）"}
        turns, n = _fill(rng, pool, pool_len, ln.msg(system), lo, hi if lengths == "fixed" else lo + 32)
        rows.append({"messages": [system, *turns]})
    return rows


def build_dpo_rows(tok, n_rows: int, seq: int, seed: int = 0) -> list[dict]:
    """Preference rows: a history of dialogues, one last user turn, a chosen and a rejected reply of
    about seq/8 tokens each; every sequence (prompt + one reply) ends up about seq/2 tokens long."""
    rng = random.Random(seed)
    ln = Lengths(tok)
    pairs = [r for r in _sample_rows("pairs.jsonl") if len(r["messages"]) == 2 and r.get("rejected_response")]
    pool = [[m for m in r["messages"] if m["role"] in ("user", "assistant")] for r in _sample_rows("sft.jsonl")]
    pool = [d for d in pool if d and d[0]["role"] == "user" and d[-1]["role"] == "assistant"]
    pool_len = [sum(ln.msg(m) for m in d) for d in pool]
    half, reply = seq // 2, max(8, seq // 8)

    def long_reply(first: str, key) -> str:
        parts, text = [first], first
        while ln.msg({"role": "assistant", "content": text}) < reply and len(parts) < 200:
            parts.append(key(rng.choice(pairs)))
            text = "\n".join(parts)
        return text

    rows = []
    for i in range(n_rows):
        p = rng.choice(pairs)
        chosen = long_reply(p["messages"][1]["content"], lambda r: r["messages"][1]["content"])
        rejected = long_reply(p["rejected_response"], lambda r: r["rejected_response"])
        system = {"role": "system", "content": f"{SYSTEM}（#{i}）"}
        last = p["messages"][0]
        longest = max(ln.msg({"role": "assistant", "content": x}) for x in (chosen, rejected))
        start = ln.msg(system) + ln.msg(last) + longest
        history, _ = _fill(rng, pool, pool_len, start, half - 40, half - 8)
        rows.append(
            {
                "messages": [system, *history, last, {"role": "assistant", "content": chosen}],
                "rejected_response": rejected,
            }
        )
    return rows


def row_lengths(tok, rows: list[dict]) -> list[int]:
    """Exact lengths of every sequence a row trains on (SFT: one; DPO: prompt+chosen, prompt+rejected)."""
    ln = Lengths(tok)
    out = []
    for r in rows:
        out.append(ln.count(r["messages"]))
        if "rejected_response" in r:
            out.append(ln.count([*r["messages"][:-1], {"role": "assistant", "content": r["rejected_response"]}]))
    return out


# ---------------------------------------------------------------------------------------------- prep worker

TOKENIZER_VOCAB = {"smoke": 2000, "full": 8000}


def ensure_tokenizer(folder: Path, vocab: int) -> Path:
    """A byte-level BPE trained on the bundled sample text, loading as Qwen2Tokenizer with a ChatML
    template (the pocket model's tokenizer code, at another vocabulary size). Cached in `folder`."""
    mark = folder / "bench_tokenizer.json"
    if mark.is_file() and json.loads(mark.read_text()).get("vocab") == vocab:
        return folder
    from studio.models.pocket import PocketSize, corpus_texts, sample_files, train_tokenizer

    tmp = folder.with_name(folder.name + ".partial")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    # train_tokenizer reads only the vocabulary size and the context length from a PocketSize.
    spec = PocketSize(
        "bench",
        vocab_size=vocab,
        hidden_size=0,
        num_hidden_layers=0,
        num_attention_heads=0,
        num_key_value_heads=0,
        intermediate_size=0,
        max_position_embeddings=32768,
    )
    size = train_tokenizer(corpus_texts(sample_files(SAMPLE)), spec, tmp)
    (tmp / "bench_tokenizer.json").write_text(json.dumps({"vocab": vocab, "size": size}))
    shutil.rmtree(folder, ignore_errors=True)
    os.replace(tmp, folder)
    return folder


def _printable_ids(tok) -> list[int]:
    special = set(tok.all_special_ids)
    return [i for i in range(len(tok)) if i not in special and (t := tok.decode([i])).strip() and "\ufffd" not in t]


def ensure_model(shape: Shape, folder: Path, tok_dir: Path, device: str, log) -> dict:
    """Random-initialised weights of `shape`, built on `device` in bf16 (fp32 on CPU), saved as
    safetensors with the tokenizer. Where the head is its own matrix (7B), its rows of ids that decode to
    nothing printable are zeroed: greedy decoding then always yields visible text and never ends early (it
    costs nothing: the head is still a full-vocabulary matmul). Where the embeddings are tied (0.5B, 1.5B)
    the rows of special and byte tokens are also input embeddings, so they are scaled by 1/4 instead (their
    logits stay below the printable ones'): zeroed, those positions' hidden states were exactly 0 in every
    layer, each RMSNorm multiplied their gradient by 1/sqrt(eps) = 1000, and by the first layers it
    overflowed: every LoRA run on these shapes had NaN gradients and kept lora_B at 0 (found with
    benchmarks/adapter_moves.py, 2026-12-06). Rows of ids past the tokenizer are never input: zeroed."""
    mark = folder / "bench_model.json"
    tok_info = json.loads((tok_dir / "bench_tokenizer.json").read_text())
    want = {"shape": dataclasses.asdict(shape), "tokenizer": tok_info, "tied_rows": "quarter"}
    if mark.is_file() and json.loads(mark.read_text()) == want:
        return {"path": str(folder), "cached": True, "build_s": 0.0}
    import torch
    from transformers import AutoTokenizer, GenerationConfig, Qwen2Config, Qwen2ForCausalLM

    t0 = time.monotonic()
    tok = AutoTokenizer.from_pretrained(tok_dir)
    if len(tok) > shape.vocab:
        raise SystemExit(f"tokenizer has {len(tok)} tokens, more than the {shape.name} vocabulary {shape.vocab}")
    eos, pad = tok.convert_tokens_to_ids("<|im_end|>"), tok.convert_tokens_to_ids("<|endoftext|>")
    cfg = Qwen2Config(**shape.hf_config(), bos_token_id=pad, eos_token_id=eos, pad_token_id=pad, use_cache=True)
    dtype = torch.bfloat16 if device == "cuda" else torch.float32
    torch.manual_seed(0)
    previous = torch.get_default_dtype()
    torch.set_default_dtype(dtype)
    try:
        with torch.device(device):
            model = Qwen2ForCausalLM(cfg)
    finally:
        torch.set_default_dtype(previous)
    keep = torch.zeros(shape.vocab, dtype=torch.bool, device=device)
    keep[_printable_ids(tok)] = True
    with torch.no_grad():
        if shape.tie:  # rows of ids the tokenizer can give as input are shrunk, never zeroed (docstring)
            used = torch.arange(shape.vocab, device=device) < len(tok)
            model.lm_head.weight[~keep & used] *= 0.25
            model.lm_head.weight[~used] = 0
        else:
            model.lm_head.weight[~keep] = 0
    model.generation_config = GenerationConfig(
        bos_token_id=pad, pad_token_id=pad, eos_token_id=[eos, pad], do_sample=False, max_new_tokens=512
    )
    tmp = folder.with_name(folder.name + ".partial")
    shutil.rmtree(tmp, ignore_errors=True)
    model.save_pretrained(tmp)
    del model
    if device == "cuda":
        torch.cuda.empty_cache()
    for f in tok_dir.iterdir():
        if f.is_file() and f.name != "bench_tokenizer.json":
            shutil.copyfile(f, tmp / f.name)
    (tmp / "bench_model.json").write_text(json.dumps(want))
    shutil.rmtree(folder, ignore_errors=True)
    os.replace(tmp, folder)
    build_s = round(time.monotonic() - t0, 1)
    log(f"built {shape.name} ({shape.total_params / 1e9:.2f}B params) in {build_s}s -> {folder}")
    return {"path": str(folder), "cached": False, "build_s": build_s}


def matmul_tflops(device: str) -> dict:
    """The dense matmul rate this device reaches (bf16 on CUDA, fp32 on CPU): the compute ceiling."""
    import torch

    if device != "cuda":
        n, iters, dtype = 256, 10, torch.float32
        sizes = [n]
    else:
        sizes, iters, dtype = [4096, 8192], 40, torch.bfloat16
    best = 0.0
    for n in sizes:
        a = torch.randn(n, n, device=device, dtype=dtype)
        b = torch.randn(n, n, device=device, dtype=dtype)
        for _ in range(3):
            a @ b
        if device == "cuda":
            torch.cuda.synchronize()
        t0 = time.perf_counter()
        for _ in range(iters):
            a @ b
        if device == "cuda":
            torch.cuda.synchronize()
        best = max(best, 2 * n**3 * iters / (time.perf_counter() - t0) / 1e12)
        del a, b
    if device == "cuda":
        torch.cuda.empty_cache()
    return {
        "tflops": round(best, 1 if device == "cuda" else 4),
        "dtype": str(dtype).replace("torch.", ""),
        "sizes": sizes,
    }


def device_info(device: str) -> dict:
    import importlib.metadata as md

    import torch

    out = {"device": device, "python": sys.version.split()[0], "cpus": os.cpu_count()}
    for pkg in ("torch", "transformers", "peft", "bitsandbytes", "ms-swift", "trl", "accelerate"):
        try:
            out[pkg] = md.version(pkg)
        except md.PackageNotFoundError:
            out[pkg] = None
    if device == "cuda":
        p = torch.cuda.get_device_properties(0)
        out.update(gpu=p.name, gpu_total_gib=round(p.total_memory / GIB, 1), cuda=torch.version.cuda)
    return out


def worker_prep(spec: dict) -> dict:
    """Tokenizer, data sets, device facts, matmul rate, and the models: everything the runs share."""
    from transformers import AutoTokenizer

    from studio.core.workspace import atomic_write_jsonl

    work, device = Path(spec["work"]), spec["device"]
    say = functools.partial(_log, spec["t_start"])
    tok_dir = ensure_tokenizer(work / f"tokenizer-{spec['tokenizer_vocab']}", spec["tokenizer_vocab"])
    tok = AutoTokenizer.from_pretrained(tok_dir)
    say(f"tokenizer: {len(tok)} tokens ({tok_dir})")
    data_dir = work / "data"
    data_dir.mkdir(parents=True, exist_ok=True)
    if spec["method"] == "dpo":
        rows = build_dpo_rows(tok, spec["rows"], spec["seq"])
        name = f"dpo-seq{spec['seq']}-n{spec['rows']}.jsonl"
    else:
        rows = build_sft_rows(tok, spec["rows"], spec["seq"], spec["lengths"])
        name = f"sft-{spec['lengths']}-seq{spec['seq']}-n{spec['rows']}.jsonl"
    data = atomic_write_jsonl(data_dir / name, rows)
    lens = row_lengths(tok, rows)
    info = {
        "device": device_info(device),
        "tokenizer": {"path": str(tok_dir), "size": len(tok)},
        "data": {
            "path": str(data),
            "rows": len(rows),
            "sequences": len(lens),
            "mean_tokens": round(statistics.mean(lens), 1),
            "min_tokens": min(lens),
            "max_tokens": max(lens),
        },
    }
    say(f"data: {len(rows)} rows, {min(lens)}-{max(lens)} tokens per sequence (mean {info['data']['mean_tokens']})")
    info["matmul"] = matmul_tflops(device)
    say(f"matmul: {info['matmul']['tflops']} TFLOP/s ({info['matmul']['dtype']})")
    info["models"] = {}
    for name in spec["shapes"]:
        try:
            info["models"][name] = ensure_model(SHAPES[name], work / "models" / f"qwen2.5-{name}", tok_dir, device, say)
        except Exception as e:  # noqa: BLE001 - the other shapes can still run (disk full, out of memory, ...)
            info["models"][name] = {"error": repr(e)}
            say(f"building {name} FAILED: {e!r}")
    return info


# ---------------------------------------------------------------------------------------------- config A


def worker_a(spec: dict) -> None:
    """A: the hand-written loop. transformers + peft (+ bitsandbytes NF4 double quant on CUDA), LoRA r8 on
    all linear layers, non-reentrant gradient checkpointing, fused AdamW, bf16 autocast, grad clip 1.0.
    No prepare_model_for_kbit_training: it upcasts norms, embeddings and the head to fp32 (slower, and
    gigabytes more for a 152k vocabulary), which ms-swift does not do either."""
    import torch

    apply_memory_budget(torch)
    from peft import LoraConfig, get_peft_model
    from transformers import AutoModelForCausalLM, AutoTokenizer

    cuda = spec["device"] == "cuda"
    tok = AutoTokenizer.from_pretrained(spec["model"])
    kw = {"attn_implementation": "sdpa"}
    if cuda:
        from transformers import BitsAndBytesConfig

        kw.update(
            dtype=torch.bfloat16,
            device_map={"": 0},
            quantization_config=BitsAndBytesConfig(
                load_in_4bit=True,
                bnb_4bit_quant_type="nf4",
                bnb_4bit_use_double_quant=True,
                bnb_4bit_compute_dtype=torch.bfloat16,
            ),
        )
    else:
        kw.update(dtype=torch.float32)
    model = AutoModelForCausalLM.from_pretrained(spec["model"], **kw)
    model.config.use_cache = False
    model.gradient_checkpointing_enable(gradient_checkpointing_kwargs={"use_reentrant": False})
    model = get_peft_model(
        model,
        LoraConfig(
            r=spec["lora_rank"], lora_alpha=32, lora_dropout=0.05, target_modules="all-linear", task_type="CAUSAL_LM"
        ),
    )
    params = [p for p in model.parameters() if p.requires_grad]
    opt = torch.optim.AdamW(params, lr=1e-4, fused=cuda)
    model.train()

    rows = [json.loads(line) for line in Path(spec["data"]).read_text(encoding="utf-8").splitlines() if line.strip()]
    random.Random(0).shuffle(rows)
    seqs = []
    for r in rows:
        out = tok.apply_chat_template(r["messages"], tokenize=True)
        seqs.append((out["input_ids"] if hasattr(out, "keys") else out)[: spec["seq"]])
    pad = tok.pad_token_id
    device = torch.device("cuda:0" if cuda else "cpu")

    def batch(items: list[list[int]]) -> dict:
        width = max(len(x) for x in items)
        ids = torch.full((len(items), width), pad, dtype=torch.long)
        mask = torch.zeros((len(items), width), dtype=torch.long)
        for i, x in enumerate(items):
            ids[i, : len(x)] = torch.tensor(x)
            mask[i, : len(x)] = 1
        labels = ids.masked_fill(mask == 0, -100)
        return {"input_ids": ids.to(device), "attention_mask": mask.to(device), "labels": labels.to(device)}

    log = StepLog(spec["steps_file"])
    mb, accum, cursor = spec["micro_batch"], spec["grad_accum"], 0
    print(
        f"[A] {sum(p.numel() for p in params):,} trainable parameters; {spec['total_steps']} steps of {accum} x {mb}",
        flush=True,
    )
    for step in range(1, spec["total_steps"] + 1):
        log.begin()
        for _ in range(accum):
            items = [seqs[(cursor + j) % len(seqs)] for j in range(mb)]
            cursor += mb
            inputs = batch(items)
            log.micro(inputs)
            with torch.autocast(device.type, dtype=torch.bfloat16, enabled=cuda):
                loss = model(**inputs).loss / accum
            loss.backward()
        torch.nn.utils.clip_grad_norm_(params, 1.0)
        opt.step()
        opt.zero_grad(set_to_none=True)
        log.step(step)
        print(f"[A] step {step} loss {loss.item() * accum:.4f}", flush=True)


# ---------------------------------------------------------------------------------------------- configs B, C


def swift_config(plan: Plan, model: str, out_dir: Path) -> dict:
    """B: ms-swift's defaults, plus only what makes it the same job as A and C."""
    cfg = {
        "model": model,
        "model_type": "qwen2",
        "template": "qwen2_5",
        "dataset": [plan.data],
        "split_dataset_ratio": 0,
        "tuner_type": "lora",
        "lora_rank": plan.lora_rank,
        "target_modules": ["all-linear"],
        "max_length": plan.seq,
        "max_steps": plan.total_steps,
        "per_device_train_batch_size": plan.micro_batch,
        "gradient_accumulation_steps": plan.grad_accum,
        "output_dir": str(out_dir),
        "add_version": False,
        "report_to": "none",
        "logging_steps": 1,
        "check_model": False,
        "dataset_num_proc": 1,
        "load_from_cache_file": False,
    }
    if plan.device == "cuda":
        cfg.update(
            {
                "torch_dtype": "bfloat16",
                "quant_method": "bnb",
                "quant_bits": 4,
                "bnb_4bit_quant_type": "nf4",
                "bnb_4bit_use_double_quant": True,
                "bnb_4bit_compute_dtype": "bfloat16",
            }
        )
    else:  # ms-swift turns on mixed precision even on a CPU
        cfg.update({"torch_dtype": "float32", "bf16": False, "fp16": False})
    if plan.method == "dpo":
        cfg["rlhf_type"] = "dpo"
    return cfg


def studio_argv(
    plan: Plan, ws: Path, model: str, dataset_id: str, budget_gib: float | None = None, preset_tuner: bool = False
) -> list[str]:
    """C: `qixi train sft|align` for the same job; everything else is the studio's own choice.
    L (`preset_tuner`): the same, but the tuner too is the preset's (the 24gb preset's bf16 LoRA, say)."""
    head = ["train", "sft"] if plan.method == "sft" else ["train", "align", "--method", plan.method]
    budget_gib = budget_gib if budget_gib is not None else plan.budget_gib
    if budget_gib and plan.device == "cuda":
        # The preset the studio would pick on a card of that size, told how much memory that card has
        # (it sees the real, larger GPU; a user sharing a GPU sets the same).
        from studio.training.presets import Gpu, auto_preset

        head += [
            "--preset",
            auto_preset([Gpu(0, "emulated", int(budget_gib * 1024), 0)]),
            "--set",
            f"gpu_memory_gib={float(budget_gib)}",
        ]
    return [
        sys.executable,
        "-m",
        "studio.cli",
        "--workspace",
        str(ws),
        "--lang",
        "en",
        *head,
        "--model",
        model,
        "--dataset",
        dataset_id,
        *([] if preset_tuner else ["--tuner", "qlora" if plan.device == "cuda" else "lora"]),
        "--lora-rank",
        str(plan.lora_rank),
        "--max-steps",
        str(plan.total_steps),
        "--batch-size",
        str(plan.micro_batch),
        "--grad-accum",
        str(plan.grad_accum),
        "--max-length",
        str(plan.seq),
        # no checkpoint or evaluation inside the timed window
        "--set",
        "save_steps=100000",
        "--set",
        "eval_steps=100000",
        "--wait",
        "--json",
    ]


# ---------------------------------------------------------------------------------------------- orchestrator


@dataclass
class Plan:
    method: str
    shapes: list[str]
    configs: list[str]
    steps: int
    warmup: int
    seq: int
    global_batch: int
    micro_batch: int
    lengths: str
    lora_rank: int
    budget_gib: float | None
    device: str
    smoke: bool
    timeout_s: float
    deadline_s: float
    work: Path
    data: str = ""
    order: list[tuple[str, str]] | None = None  # (shape, config) in this order; None: every shape x config
    profile_step: int = 0  # B/C/D: profile this optimizer step (0: none)

    @property
    def runs(self) -> list[tuple[str, str]]:
        return self.order or [(s, c) for s in self.shapes for c in self.configs]

    @property
    def total_steps(self) -> int:
        return self.steps + self.warmup

    @property
    def grad_accum(self) -> int:
        return self.global_batch // self.micro_batch

    @property
    def rows(self) -> int:
        return max(64, 2 * self.total_steps * self.global_batch)

    def tokens_per_step(self) -> float:
        mean = (self.seq - 32) if self.lengths == "fixed" else 0.65 * self.seq
        return self.global_batch * (2 * self.seq / 2 if self.method == "dpo" else mean)


# Rough seconds for the time budget: process start + imports (+ ms-swift's dataset preparation, + the
# studio's CLI, supervisor and launcher), model load per billion parameters (quantised on load), and
# the utilisation QLoRA reached in shared/gpu/README.md's reference points (4.7k of 18k tokens/s).
OVERHEAD_S = {"A": 15, "B": 30, "C": 40, "D": 30, "L": 40}
LOAD_S_PER_B = 2.5
EXPECTED_UTIL = 0.25
# Seen on the H200 (2026-11-29): a micro-batch of one ~1k-token sequence costs ~0.5-0.65 s whatever the
# shape, so A and B (micro-batch 1) are bound by the number of micro-batches; C and D by the matrix work.
MICRO_S = 0.6


def estimate_s(plan: Plan, shape: Shape, config: str, matmul: float = 790.0) -> float:
    config = parse_config(config)[0]
    if plan.smoke:
        return {"A": 25, "B": 45, "C": 60, "D": 45, "L": 60}[config]
    length = plan.seq // 2 if plan.method == "dpo" else int(plan.tokens_per_step() / plan.global_batch)
    step = plan.tokens_per_step() * flops_per_token(shape, length, plan.method, True) / (EXPECTED_UTIL * matmul * 1e12)
    if config in ("A", "B"):
        step = max(step, MICRO_S * plan.grad_accum * (1.3 if plan.method == "dpo" else 1.0))
    step = max(step, 0.15)  # small models are launch-bound
    return OVERHEAD_S[config] + LOAD_S_PER_B * shape.total_params / 1e9 + plan.total_steps * step


def prep_estimate_s(plan: Plan, cached: set[str]) -> float:
    return 25 + sum(5 + 3 * SHAPES[s].total_params / 1e9 for s in plan.shapes if s not in cached)


def _log(t_start: float, msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')} +{time.time() - t_start:5.0f}s] {msg}", flush=True)


def _env(extra: dict | None = None, hook_dir: Path | None = None) -> dict:
    env = {
        **os.environ,
        "PYTHONUNBUFFERED": "1",
        "TOKENIZERS_PARALLELISM": "false",
        "MODELSCOPE_OFFLINE": "1",
        "HF_HUB_OFFLINE": "1",
    }
    paths = [str(hook_dir)] if hook_dir else []
    paths += [p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p]
    if str(ROOT) not in paths:
        paths.append(str(ROOT))
    env["PYTHONPATH"] = os.pathsep.join(paths)
    env.update(extra or {})
    return env


def run_process(
    argv: list[str], log_path: Path, env: dict, timeout: float, cwd: Path = ROOT
) -> tuple[int | None, float]:
    """Run argv as the leader of its own process group, output to log_path. On timeout the group is
    sent SIGTERM, then SIGKILL. Returns (exit code or None on timeout, seconds)."""
    t0 = time.monotonic()
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with open(log_path, "ab") as log:
        proc = subprocess.Popen(
            argv,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            cwd=cwd,
            env=env,
            start_new_session=True,
        )
    try:
        code = proc.wait(timeout=max(1.0, timeout))
    except subprocess.TimeoutExpired:
        code = None
        _stop_group(proc)
    except BaseException:  # Ctrl-C, or the device's time limit (SIGTERM, see main): leave nothing behind
        _stop_group(proc, grace=3.0)
        raise
    return code, round(time.monotonic() - t0, 1)


def _stop_group(proc: subprocess.Popen, grace: float = 10.0) -> None:
    for sig, wait in ((signal.SIGTERM, grace), (signal.SIGKILL, 10.0)):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            return
        try:
            proc.wait(timeout=wait)
            return
        except subprocess.TimeoutExpired:
            continue


def tail(path: Path, lines: int = 30) -> list[str]:
    try:
        data = path.read_bytes()[-20000:].decode("utf-8", "replace")
    except OSError:
        return []
    return [x[-400:] for x in data.splitlines()[-lines:]]


def failure_kind(lines: list[str]) -> str:
    text = "\n".join(lines)
    if "out of memory" in text.lower() or "OutOfMemoryError" in text:
        return "oom"
    return "crash"


TRAINER_KEYS = (
    "per_device_train_batch_size",
    "gradient_accumulation_steps",
    "gradient_checkpointing",
    "use_liger_kernel",
    "group_by_length",
    "padding_free",
    "dataloader_num_workers",
    "max_length",
)


def trainer_settings(cfg: dict) -> dict:
    """The ms-swift settings that decide speed and memory, as launched (for the table and calibration)."""
    return {k: cfg.get(k) for k in TRAINER_KEYS}


def swift_memory_gib(logging_jsonl: Path) -> float | None:
    vals = [r.get("memory(GiB)") for r in read_steps(logging_jsonl)]
    vals = [float(v) for v in vals if isinstance(v, (int, float, str)) and str(v).replace(".", "", 1).isdigit()]
    return max(vals) if vals else None


def args_checkpointing(args_json: Path, default: bool = True) -> bool:
    try:
        v = json.loads(args_json.read_text(encoding="utf-8")).get("gradient_checkpointing")
    except (OSError, ValueError):
        return default
    return default if v is None else bool(v)


class Bench:
    def __init__(self, plan: Plan, tag: str, results_dir: Path, copy_to: Path | None):
        self.plan, self.tag = plan, tag
        self.t_start = time.time()
        self.run_dir = plan.work / "runs" / tag
        self.hook_dir = self.run_dir / "hook"
        self.out_paths = [d / f"train_speed-{tag}.json" for d in (results_dir, copy_to) if d]
        self.copy_to = copy_to
        self.result: dict = {}
        self.studio_ws = self.run_dir / "studio-ws"
        self.dataset_id: str | None = None
        self.studio_configs: dict[tuple[str, float | None], Path] = {}

    def log(self, msg: str) -> None:
        _log(self.t_start, msg)

    @property
    def elapsed(self) -> float:
        return time.time() - self.t_start

    def save(self) -> None:
        from studio.core.workspace import atomic_write_json

        self.result["elapsed_s"] = round(self.elapsed, 1)
        for p in self.out_paths:
            atomic_write_json(p, self.result)

    # -- the whole invocation --------------------------------------------------------------------
    def run(self) -> dict:
        p = self.plan
        cached = {s for s in p.shapes if (p.work / "models" / f"qwen2.5-{s}" / "bench_model.json").is_file()}
        est = {f"{s}/{c}": round(estimate_s(p, SHAPES[s], c)) for s, c in p.runs}
        total_est = prep_estimate_s(p, cached) + sum(est.values())
        self.result = {
            "benchmark": "train_speed",
            "tag": self.tag,
            "method": p.method,
            "date": time.strftime("%Y-%m-%d %H:%M:%S"),
            "argv": sys.argv,
            "complete": False,
            "settings": {
                "steps": p.steps,
                "warmup": p.warmup,
                "seq": p.seq,
                "global_batch": p.global_batch,
                "micro_batch": p.micro_batch,
                "grad_accum": p.grad_accum,
                "lengths": p.lengths,
                "lora_rank": p.lora_rank,
                "budget_gib": p.budget_gib,
                "smoke": p.smoke,
                "timeout_s": p.timeout_s,
                "deadline_s": p.deadline_s,
            },
            "shapes": {
                s: {
                    **dataclasses.asdict(SHAPES[s]),
                    "total_params": SHAPES[s].total_params,
                    "matmul_params": SHAPES[s].matmul_params,
                }
                for s in p.shapes
            },
            "estimate_s": {"total": round(total_est), "per_run": est},
            "runs": [],
        }
        self.log(
            f"plan: {p.method} | shapes {','.join(p.shapes)} | configs {','.join(p.configs)} | "
            f"{p.warmup}+{p.steps} steps of {p.global_batch} x {p.seq} tokens | "
            f"estimate ~{total_est / 60:.1f} min (deadline {p.deadline_s / 60:.1f} min)"
        )
        if total_est > p.deadline_s:
            self.log("WARNING: the estimate exceeds the deadline; the last runs will be skipped")
        self.save()
        if not self.prep():
            return self.finish()
        write_sitecustomize(self.hook_dir)
        for s, c in p.runs:
            self.result["runs"].append(self.one(s, c))
            self.save()
        self.result["complete"] = True
        return self.finish()

    def prep(self) -> bool:
        p = self.plan
        spec = {
            "work": str(p.work),
            "device": p.device,
            "shapes": p.shapes,
            "method": p.method,
            "seq": p.seq,
            "rows": p.rows,
            "lengths": p.lengths,
            "t_start": self.t_start,
            "tokenizer_vocab": TOKENIZER_VOCAB["smoke" if p.smoke else "full"],
        }
        spec_path, out_path = self.run_dir / "prep-spec.json", self.run_dir / "prep.json"
        spec_path.parent.mkdir(parents=True, exist_ok=True)
        spec_path.write_text(json.dumps(spec))
        out_path.unlink(missing_ok=True)
        self.log("prep: tokenizer, data, matmul rate, models")
        log = self.run_dir / "prep.log"
        argv = [
            sys.executable,
            str(Path(__file__).resolve()),
            "--worker",
            "prep",
            "--spec",
            str(spec_path),
            "--out",
            str(out_path),
        ]
        code, secs = run_process(argv, log, _env(), timeout=max(60.0, p.deadline_s / 2))
        sys.stdout.write("".join(f"    {line}\n" for line in tail(log, 200) if line.startswith("[")))
        if code != 0 or not out_path.is_file():
            self.result["prep"] = {"ok": False, "seconds": secs, "log_tail": tail(log, 40)}
            self.log(f"prep FAILED after {secs}s; see {log}")
            return False
        info = json.loads(out_path.read_text())
        self.result.update(
            prep={"ok": True, "seconds": secs},
            device=info["device"],
            matmul=info["matmul"],
            tokenizer=info["tokenizer"],
            data=info["data"],
            models=info["models"],
        )
        p.data = info["data"]["path"]
        self.log(f"prep done in {secs}s")
        return True

    def finish(self) -> dict:
        self.save()
        print(table(self.result), flush=True)
        for path in self.out_paths:
            self.log(f"wrote {path}")
        return self.result

    # -- one configuration -----------------------------------------------------------------------
    def one(self, shape_name: str, name: str) -> dict:
        p = self.plan
        shape = SHAPES[shape_name]
        config, budget = parse_config(name)
        budget = budget if budget is not None else p.budget_gib
        row = {"shape": shape_name, "config": name, "method": p.method, "status": "skipped", "budget_gib": budget}
        if p.method == "dpo" and config not in DPO_CONFIGS:
            row["error"] = "A is a hand-written SFT loop; DPO compares B and C"
            return row
        remaining = p.deadline_s - self.elapsed
        est = estimate_s(p, shape, name, (self.result.get("matmul") or {}).get("tflops") or 790.0)
        if remaining < 0.8 * est:  # the last run may take a little longer than estimated; it gets what is left
            row["error"] = f"time budget: {remaining:.0f}s left, this run needs ~{est:.0f}s"
            self.log(f"{shape_name} {config}: skipped ({row['error']})")
            return row
        timeout = min(p.timeout_s, remaining)
        folder = self.run_dir / f"{shape_name}-{name.replace('@', '-')}"
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        steps_file = folder / "steps.jsonl"
        built = self.result["models"].get(shape_name) or {}
        if not built.get("path"):
            row.update(status="crash", error=f"model not built: {built.get('error')}")
            return row
        model = built["path"]
        env_extra = {"QIXI_BENCH_STEPS": str(steps_file)}
        if budget:
            env_extra["QIXI_MEM_GIB"] = str(budget)
        if p.profile_step and config != "A":
            dest = (self.copy_to or folder) / f"profile-{self.tag}-{shape_name}-{name.replace('@', '-')}.txt"
            env_extra.update(QIXI_BENCH_PROFILE_STEP=str(p.profile_step), QIXI_BENCH_PROFILE_OUT=str(dest))
        self.log(f"{shape_name} {name} {p.method}: start (timeout {timeout:.0f}s, estimate ~{est:.0f}s)")
        checkpointing, extra = True, {}
        if config == "A":
            spec = {
                "model": model,
                "data": p.data,
                "device": p.device,
                "seq": p.seq,
                "micro_batch": p.micro_batch,
                "grad_accum": p.grad_accum,
                "total_steps": p.total_steps,
                "lora_rank": p.lora_rank,
                "steps_file": str(steps_file),
            }
            (folder / "spec.json").write_text(json.dumps(spec))
            argv = [sys.executable, str(Path(__file__).resolve()), "--worker", "A", "--spec", str(folder / "spec.json")]
            code, secs = run_process(argv, folder / "run.log", _env(env_extra), timeout)
            log_path = folder / "run.log"
        elif config in ("B", "D"):
            import yaml

            if config == "B":
                cfg = swift_config(p, model, folder / "output")
            else:  # D: the exact config the studio launched in this invocation's C, run by plain ms-swift
                src = self.studio_configs.get((shape_name, budget))
                if src is None:
                    row["error"] = "D repeats C's ms-swift config: run C (same card) first"
                    return row
                cfg = {**yaml.safe_load(src.read_text(encoding="utf-8")), "output_dir": str(folder / "output")}
                from studio.engine.swift import CUDA_ALLOC_ENV, CUDNN_ATTENTION_ENV, train_env

                job_env = train_env(folder, offline=True, cuda=True)  # the studio's job environment, as C had it
                env_extra.update({k: job_env[k] for k in (*CUDA_ALLOC_ENV, CUDNN_ATTENTION_ENV)})
                extra["trainer"] = trainer_settings(cfg)
            (folder / "config.yaml").write_text(yaml.safe_dump(cfg, allow_unicode=True, sort_keys=False))
            argv = [sys.executable, *SWIFT_MAIN, "rlhf" if p.method == "dpo" else "sft", str(folder / "config.yaml")]
            code, secs = run_process(argv, folder / "run.log", _env(env_extra, self.hook_dir), timeout)
            log_path = folder / "run.log"
            checkpointing = args_checkpointing(folder / "output" / "args.json")
            extra["swift_memory_gib"] = swift_memory_gib(folder / "output" / "logging.jsonl")
        else:
            code, secs, log_path, checkpointing, extra, argv = self.run_studio(
                folder, model, env_extra, timeout, budget, preset_tuner=config == "L"
            )
            if config == "C" and (folder / "studio-config.yaml").is_file():
                self.studio_configs[(shape_name, budget)] = folder / "studio-config.yaml"
        row.update(argv=argv, wall_s=secs, gradient_checkpointing=checkpointing, **extra)
        if config in ("A", "B"):
            row["trainer"] = {
                "per_device_train_batch_size": p.micro_batch,
                "gradient_accumulation_steps": p.grad_accum,
                "gradient_checkpointing": checkpointing,
                "use_liger_kernel": None,
                "max_length": p.seq,
            }
        steps = read_steps(steps_file)
        row["steps_recorded"] = len(steps)
        stats = steady_state(
            steps, p.warmup, shape, p.method, checkpointing, (self.result.get("matmul") or {}).get("tflops")
        )
        if stats:
            row.update(stats)
        if code == 0 and stats:
            row["status"] = "ok"
        elif code is None:
            row["status"] = "timeout"
            row["error"] = f"no exit after {timeout:.0f}s" + ("; partial steps measured" if stats else "")
        else:
            row["status"] = failure_kind(tail(log_path, 60)) if code else "no-steps"
            row["error"] = f"exit code {code}" if code else "finished without the steps this benchmark measures"
        if row["status"] != "ok":
            row["log_tail"] = tail(log_path, 30)
            if self.copy_to:
                dest = self.copy_to / f"logs-{self.tag}" / f"{shape_name}-{name.replace('@', '-')}.log"
                dest.parent.mkdir(parents=True, exist_ok=True)
                dest.write_text("\n".join(tail(log_path, 400)), encoding="utf-8")
        self.log(
            f"{shape_name} {name}: {row['status']} in {secs}s"
            + (
                f" | {row['tokens_per_s']:.0f} tok/s, {row['s_per_step']:.3f} s/step, peak {row.get('peak_allocated_gib')}"
                f"/{row.get('peak_reserved_gib')} GiB alloc/reserved, util {row.get('utilisation')}, "
                f"{row.get('between_steps_s')} s between steps"
                if stats
                else f" | {row.get('error')}"
            )
        )
        return row

    def _studio_dataset(self, env: dict) -> str:
        if self.dataset_id:
            return self.dataset_id
        kind = "pairs" if self.plan.method == "dpo" else "sft"
        out = self.run_dir / "studio-import.json"
        argv = [
            sys.executable,
            "-m",
            "studio.cli",
            "--workspace",
            str(self.studio_ws),
            "--lang",
            "en",
            "data",
            "import",
            self.plan.data,
            "--kind",
            kind,
            "--name",
            f"bench-{kind}",
            "--no-scrub",
            "--json",
        ]
        with open(out, "wb") as fh:
            subprocess.run(argv, stdout=fh, stderr=subprocess.STDOUT, cwd=ROOT, env=env, timeout=300, check=False)
        text = out.read_bytes().decode("utf-8", "replace")
        data = json.loads(text[text.index("{") :])
        if not data.get("id"):
            raise RuntimeError(f"studio data import failed: {text[-2000:]}")
        self.dataset_id = data["id"]
        return self.dataset_id

    def run_studio(
        self,
        folder: Path,
        model: str,
        env_extra: dict,
        timeout: float,
        budget: float | None = None,
        preset_tuner: bool = False,
    ):
        env = _env(env_extra, self.hook_dir)
        t0 = time.monotonic()
        try:
            dataset_id = self._studio_dataset(env)
        except Exception as e:  # noqa: BLE001 - recorded, the next configuration goes on
            (folder / "run.log").write_text(f"studio data import failed: {e!r}\n")
            return 1, round(time.monotonic() - t0, 1), folder / "run.log", True, {}, []
        argv = studio_argv(self.plan, self.studio_ws, model, dataset_id, budget, preset_tuner)
        remaining = max(1.0, timeout - (time.monotonic() - t0))
        argv += ["--timeout", str(int(remaining))]
        code, _ = run_process(argv, folder / "cli.log", env, remaining + 30)
        secs = round(time.monotonic() - t0, 1)
        self._stop_studio_jobs()
        extra: dict = {}
        log_path, checkpointing = folder / "cli.log", True
        try:
            text = (folder / "cli.log").read_bytes().decode("utf-8", "replace")
            out = json.loads(text[text.index("{") :])
        except ValueError:
            out = {}
        if out.get("run"):
            run_path = self.studio_ws / "runs" / out["run"]
            log_path = run_path / "run.log"
            checkpointing = args_checkpointing(run_path / "output" / "args.json")
            estimate = (out.get("plan") or {}).get("estimate") or {}
            extra = {
                "studio_run": out["run"],
                "studio_status": out.get("status"),
                "studio_preset": out.get("preset"),
                "studio_command": out.get("command"),
                "studio_warnings": out.get("warnings"),
                "studio_estimate_gib": estimate.get("total_gib"),
                "studio_speed": (out.get("plan") or {}).get("speed_en"),
                "swift_memory_gib": swift_memory_gib(run_path / "output" / "logging.jsonl"),
            }
            cfg = run_path / "config.yaml"
            if cfg.is_file():
                shutil.copyfile(cfg, folder / "studio-config.yaml")
                import yaml

                extra["trainer"] = trainer_settings(yaml.safe_load(cfg.read_text(encoding="utf-8")))
            if out.get("status") != "succeeded" and code == 0:
                code = None if out.get("status") in ("running", "starting", "queued") else 1
        elif code == 0:
            code = 1
        return code, secs, log_path, checkpointing, extra, argv

    def _stop_studio_jobs(self) -> None:
        """Stop whatever the studio still runs for us (a `--wait` that timed out), through its own job store."""
        if not (self.studio_ws / "studio.db").is_file():
            return
        from studio.core.workspace import Workspace
        from studio.jobs.store import Jobs

        jobs = Jobs(Workspace.open(self.studio_ws))
        for job in jobs.list():
            if job.active:
                self.log(f"stopping studio job {job.id}")
                jobs.stop(job.id, grace=10)


COLUMNS = (
    ("shape", "shape", "{}"),
    ("config", "cfg", "{}"),
    ("status", "status", "{}"),
    ("tokens_per_s", "tok/s", "{:.0f}"),
    ("s_per_step", "s/step", "{:.3f}"),
    ("peak_allocated_gib", "alloc GiB", "{:.1f}"),
    ("peak_reserved_gib", "resv GiB", "{:.1f}"),
    ("swift_memory_gib", "swift GiB", "{:.1f}"),
    ("utilisation", "util", "{:.1%}"),
    ("ceiling_tokens_per_s", "ceiling tok/s", "{:.0f}"),
    ("setup", "setup", "{}"),
    ("studio_estimate_gib", "est GiB", "{:.1f}"),
    ("wall_s", "wall s", "{:.0f}"),
)


def setup_text(trainer: dict | None) -> str | None:
    """micro-batch x accumulation, + gc (checkpointing), liger, grouped, workers: how a run was set up."""
    if not trainer:
        return None
    t = trainer
    out = f"{t.get('per_device_train_batch_size')}x{t.get('gradient_accumulation_steps')}"
    gc = t.get("gradient_checkpointing")
    out += " gc" if gc or gc is None else " no-gc"
    out += " liger" if t.get("use_liger_kernel") else ""
    out += " grouped" if t.get("group_by_length") else ""
    out += f" w{t['dataloader_num_workers']}" if t.get("dataloader_num_workers") else ""
    return out


def table(result: dict) -> str:
    """The runs as a Markdown table (what benchmarks/README.md's results table wants)."""
    head = "| " + " | ".join(c[1] for c in COLUMNS) + " |"
    lines = [
        f"train_speed {result.get('tag')} ({result.get('method')}, matmul "
        f"{(result.get('matmul') or {}).get('tflops')} TFLOP/s)",
        head,
        "|" + "|".join(" --- " for _ in COLUMNS) + "|",
    ]
    for r in result.get("runs", []):
        cells = []
        for key, _, fmt in COLUMNS:
            v = setup_text(r.get("trainer")) if key == "setup" else r.get(key)
            cells.append("–" if v is None else fmt.format(v))
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------- CLI


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shapes", default="7b,1.5b,0.5b", help=f"comma list of {', '.join(SHAPES)}")
    ap.add_argument(
        "--configs",
        default="A,B,C",
        help="A (hand-written loop), B (swift defaults), C (the studio), "
        "D (C's ms-swift config run by plain ms-swift: the studio's overhead); C@24: on an emulated 24 GiB card",
    )
    ap.add_argument(
        "--runs",
        default=None,
        help="shape:config pairs in the order to run (e.g. 7b:A,7b:C,1.5b:A); replaces --shapes x --configs",
    )
    ap.add_argument("--steps", type=int, default=None, help="measured optimizer steps after warm-up (12; smoke 2)")
    ap.add_argument("--warmup", type=int, default=None, help="optimizer steps left out of the measurement (4; smoke 1)")
    ap.add_argument(
        "--seq",
        type=int,
        default=None,
        help="max length (1024; smoke 256); SFT rows are ~seq tokens, DPO ~seq/2 per side",
    )
    ap.add_argument(
        "--global-batch", type=int, default=None, help="sequences (DPO: pairs) per optimizer step (4; smoke 2)"
    )
    ap.add_argument("--micro-batch", type=int, default=1, help="per forward pass; accumulation = global / micro")
    ap.add_argument(
        "--lengths",
        choices=("fixed", "var"),
        default="fixed",
        help="SFT rows all ~seq tokens, or uniform between 0.3*seq and seq",
    )
    ap.add_argument("--lora-rank", type=int, default=8)
    ap.add_argument("--budget-gib", type=float, default=None, help="emulate a card of this many GiB")
    ap.add_argument("--dpo", action="store_true", help="DPO (B and C) instead of SFT")
    ap.add_argument(
        "--profile-step",
        type=int,
        default=0,
        help="B, C, D: run this optimizer step under torch.profiler and write its top ops (profile-*.txt)",
    )
    ap.add_argument("--tag", default=None, help="results file name: train_speed-<tag>.json")
    ap.add_argument("--smoke", action="store_true", help="CPU, tiny shape, LoRA only, 1+2 steps")
    ap.add_argument("--timeout", type=float, default=None, help="seconds per configuration (default 300; smoke 240)")
    ap.add_argument(
        "--deadline-min",
        type=float,
        default=8.5,
        help="skip the runs that would end after this many minutes from the start",
    )
    ap.add_argument("--work", type=Path, default=Path("/tmp/qixi-bench"), help="models, data and runs (fast disk)")
    ap.add_argument("--results-dir", type=Path, default=BENCH / "results")
    ap.add_argument("--copy-to", type=Path, default=None, help="also write the JSON (and failed runs' logs) here")
    ap.add_argument("--worker", choices=("prep", "A"), help=argparse.SUPPRESS)
    ap.add_argument("--spec", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    return ap.parse_args(argv)


def make_plan(a: argparse.Namespace) -> Plan:
    order = None
    if a.runs:
        order = [tuple(x.strip().split(":", 1)) for x in a.runs.split(",") if x.strip()]
        if any(len(o) != 2 for o in order):
            raise SystemExit(f"bad --runs {a.runs!r}: write e.g. 7b:A,7b:C")
        order = [(sh, c.upper()) for sh, c in order]
        a.shapes = ",".join(dict.fromkeys(sh for sh, _ in order))
        a.configs = ",".join(dict.fromkeys(c for _, c in order))
    shapes = ["tiny"] if a.smoke else [s.strip() for s in a.shapes.split(",") if s.strip()]
    steps, warmup, seq, gb = (
        v if v is not None else d
        for v, d in zip((a.steps, a.warmup, a.seq, a.global_batch), (2, 1, 256, 2) if a.smoke else (12, 4, 1024, 4))
    )
    configs = [c.strip().upper() for c in a.configs.split(",") if c.strip()]
    try:
        [parse_config(c) for c in configs]
    except ValueError:
        raise SystemExit(f"bad --configs {a.configs!r}: write e.g. A,B,C,D,C@24") from None
    bad = [s for s in shapes if s not in SHAPES] + [c for c in configs if parse_config(c)[0] not in CONFIGS]
    if bad:
        raise SystemExit(f"unknown shape/config: {', '.join(bad)}")
    if gb % a.micro_batch:
        raise SystemExit("--global-batch must be a multiple of --micro-batch")
    if steps < 1 or warmup < 1:
        raise SystemExit("--steps and --warmup must be at least 1")
    return Plan(
        method="dpo" if a.dpo else "sft",
        shapes=shapes,
        configs=configs,
        steps=steps,
        warmup=warmup,
        seq=seq,
        global_batch=gb,
        micro_batch=a.micro_batch,
        lengths=a.lengths,
        lora_rank=a.lora_rank,
        budget_gib=a.budget_gib,
        device="cpu" if a.smoke else "cuda",
        smoke=a.smoke,
        timeout_s=a.timeout or (240.0 if a.smoke else 300.0),
        deadline_s=a.deadline_min * 60,
        work=a.work.resolve(),
        order=None if a.smoke else order,
        profile_step=a.profile_step,
    )


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    a = parse_args(argv)
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    if a.worker == "prep":
        info = worker_prep(json.loads(a.spec.read_text()))
        a.out.write_text(json.dumps(info))
        return 0
    if a.worker == "A":
        worker_a(json.loads(a.spec.read_text()))
        return 0
    plan = make_plan(a)
    signal.signal(signal.SIGTERM, _interrupt)
    tag = a.tag or f"{plan.method}{'-smoke' if plan.smoke else ''}-{time.strftime('%Y%m%d-%H%M%S')}"
    if a.copy_to:
        a.copy_to.mkdir(parents=True, exist_ok=True)
    result = Bench(plan, tag, a.results_dir, a.copy_to).run()
    ok = result.get("prep", {}).get("ok") and all(r["status"] in ("ok", "skipped") for r in result["runs"])
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
