"""The optional model guard: a generative safety classifier (Qwen3Guard-Gen) as the guard's third layer.

Why: the rules and the n-gram layer only know phrasings like the ones they were written or trained on;
a safety model trained by others on far more text reads meaning. It is optional (about 1.5 GB, slow on
a CPU), so it is used only when the catalog entry `qwen3guard-gen-0.6b` has been downloaded into the
workspace (`qixi train download qwen3guard-gen-0.6b`, or its id typed into the Train tab's model box and
Download); nothing is fetched silently. Its catalog role is `guard`: never offered as a base model.

Where it runs: in a worker subprocess of its own (`python -m studio.chat.guard_judge serve FOLDER`), so the
process that asks (the gateway, the web process) never imports torch. The worker loads the weights with
transformers (safetensors only, no remote code), on the GPU when there is one, else the CPU, and answers
one JSON line per request.

What it returns (Judgement): the label probabilities, scored as the model's likelihood of each of
"Safety: Safe / Unsafe / Controversial" after the classifier's own chat template (one batched forward
pass), normalised over the three; then the categories line it generates after the winning label.

How its verdict joins the other layers (decide(); tests/data/guard/README.md has the table): it can only
raise a message the rules and the learned layer left undecided (user: allow or care; bot: allow), never
lower one. User: Unsafe at p >= CRISIS_P with a self-harm category -> crisis; Unsafe or Controversial
together at p >= CARE_P with a self-harm category -> care. Bot: Unsafe at p >= REPLACE_P -> replace.

When the model is missing, cannot load, crashes or is slower than TIMEOUT_S, the client logs one line
to stderr and the guard goes on with the rules and the learned layer: never a crash.
"""

from __future__ import annotations

import json
import queue
import re
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

CATALOG_ID = "qwen3guard-gen-0.6b"
LABELS = ("Safe", "Unsafe", "Controversial")
SELF_HARM_CATEGORY = "Suicide & Self-Harm"
CRISIS_P = 0.8  # user: Unsafe this likely, with the self-harm category -> crisis
CARE_P = 0.5  # user: Unsafe + Controversial this likely, with the self-harm category -> care
REPLACE_P = 0.8  # bot: Unsafe this likely -> replace
TIMEOUT_S = 10.0  # one message; a slower answer counts as no answer (and the worker is dropped)
LOAD_TIMEOUT_S = 300.0  # loading the weights
MAX_CHARS = 2000  # the tail of a long message is what the model reads
CATEGORY_TOKENS = 24
_LABEL_LINE = re.compile(r"safety\s*:\s*(safe|unsafe|controversial)\b", re.I)
_CATEGORY_LINE = re.compile(r"categories\s*:\s*([^\n]*)", re.I)


@dataclass
class Judgement:
    label: str  # one of LABELS
    p: dict  # label -> probability (sums to 1)
    categories: list[str] = field(default_factory=list)
    ms: float = 0.0  # the worker's time for this message

    @property
    def p_unsafe(self) -> float:
        return float(self.p.get("Unsafe", 0.0))


def parse(generated: str) -> tuple[str, list[str]]:
    """The label and categories of Qwen3Guard's answer ("Safety: Unsafe\\nCategories: Violent, PII").
    ("", []) when there is no label line; "None" means no category."""
    m = _LABEL_LINE.search(generated or "")
    if not m:
        return "", []
    label = next(x for x in LABELS if x.lower() == m.group(1).lower())
    c = _CATEGORY_LINE.search(generated[m.end() :])
    cats = [x.strip().rstrip(".") for x in c.group(1).split(",")] if c else []
    return label, [x for x in cats if x and x.lower() != "none"]


def messages(text: str, side: str) -> list[dict]:
    """What the classifier reads: the user's message alone (prompt moderation), or the companion's reply
    after an empty user turn (response moderation judges the last assistant turn)."""
    text = text[-MAX_CHARS:]
    if side == "user":
        return [{"role": "user", "content": text}]
    return [{"role": "user", "content": ""}, {"role": "assistant", "content": text}]


def decide(action: str, side: str, j: Judgement | None) -> tuple[str, str | None]:
    """The action after the model guard, and the reason it adds (None when it changes nothing)."""
    if j is None:
        return action, None
    self_harm = SELF_HARM_CATEGORY in j.categories
    if side == "user" and action in ("allow", "care"):
        if j.label == "Unsafe" and j.p_unsafe >= CRISIS_P and self_harm:
            return "crisis", "model_self_harm"
        if action == "allow" and self_harm and j.p_unsafe + j.p.get("Controversial", 0.0) >= CARE_P:
            return "care", "model_care"
    if side == "bot" and action == "allow" and j.label == "Unsafe" and j.p_unsafe >= REPLACE_P:
        return "replace", "model_unsafe_reply"
    return action, None


# ------------------------------------------------------------------------------ the client (no torch)


def _log(line: str) -> None:
    print(f"[qixi-guard] {line}", file=sys.stderr, flush=True)


class Judge:
    """One worker subprocess for one model folder. judge() returns None (after one log line) whenever
    the model cannot answer; after a failure the layer stays off until enable() is called again."""

    def __init__(self, folder: Path, timeout: float = TIMEOUT_S, load_timeout: float = LOAD_TIMEOUT_S):
        self.folder = Path(folder)
        self.timeout, self.load_timeout = timeout, load_timeout
        self.proc: subprocess.Popen | None = None
        self.lines: queue.Queue = queue.Queue()
        self.broken: str | None = None
        self.lock = threading.Lock()
        self.round_trips_ms: list[float] = []  # per answered message, as the asking process waits

    def _fail(self, why: str) -> None:
        self.broken = why
        _log(f"模型守卫不可用，只用规则和学习层 / model guard off, rules and learned layer only: {why}")
        self.close()

    def _read(self, timeout: float) -> dict | None:
        try:
            line = self.lines.get(timeout=timeout)
        except queue.Empty:
            return None
        return None if line is None else json.loads(line)

    def _start(self) -> bool:
        if not (self.folder / "config.json").is_file():
            self._fail(f"{self.folder} has no config.json (download {CATALOG_ID} first)")
            return False
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "studio.chat.guard_judge", "serve", str(self.folder)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
            bufsize=1,
        )
        for stream, sink in ((self.proc.stdout, self.lines), (self.proc.stderr, None)):
            threading.Thread(target=self._pump, args=(stream, sink), daemon=True).start()
        first = self._read(self.load_timeout)
        if not first or not first.get("ready"):
            self._fail((first or {}).get("error") or f"the worker did not start within {self.load_timeout:g} s")
            return False
        _log(f"model guard ready: {self.folder.name} on {first.get('device')}")
        return True

    def _pump(self, stream, sink) -> None:
        self.stderr_tail = ""
        for line in stream:
            if sink is not None:
                sink.put(line)
            else:
                self.stderr_tail = (self.stderr_tail + line)[-2000:]
        if sink is not None:
            sink.put(None)

    def judge(self, text: str, side: str) -> Judgement | None:
        with self.lock:
            if self.broken:
                return None
            if self.proc is None and not self._start():
                return None
            t0 = time.perf_counter()
            try:
                self.proc.stdin.write(json.dumps({"text": text, "side": side}, ensure_ascii=False) + "\n")
                self.proc.stdin.flush()
            except OSError as e:
                self._fail(f"the worker is gone ({e})")
                return None
            out = self._read(self.timeout)
            if out is None:
                self._fail(f"no answer within {self.timeout:g} s (worker exit code {self.proc.poll()})")
                return None
            if "error" in out:
                self._fail(out["error"])
                return None
            self.round_trips_ms.append((time.perf_counter() - t0) * 1000)
            return Judgement(out["label"], out["p"], out["categories"], out["ms"])

    def close(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(10)
        self.proc = None


_current: Judge | None = None


def enable(folder: Path | None, **kw) -> Judge | None:
    """Use the model in `folder` from now on in this process (None turns the layer off)."""
    global _current
    if _current is not None:
        _current.close()
    _current = Judge(folder, **kw) if folder else None
    return _current


def current() -> Judge | None:
    return _current


def workspace_folder(ws) -> Path | None:
    """The downloaded classifier in a workspace, or None (then the layer stays off)."""
    from studio.training.train import downloaded_dir

    return downloaded_dir(ws, CATALOG_ID)


# ------------------------------------------------------------------------------ the worker (torch)


class _Model:
    def __init__(self, folder: Path):
        import torch
        from transformers import AutoModelForCausalLM, AutoTokenizer

        self.torch = torch
        self.device = "cuda" if torch.cuda.is_available() else "cpu"
        self.tok = AutoTokenizer.from_pretrained(folder, trust_remote_code=False)
        self.model = (
            AutoModelForCausalLM.from_pretrained(
                folder,
                trust_remote_code=False,
                use_safetensors=True,
                torch_dtype=torch.bfloat16 if self.device == "cuda" else torch.float32,
            )
            .to(self.device)
            .eval()
        )
        # Each label's tokens after the prompt; the same prefix for all three, so only the labels differ.
        self.label_ids = [self.tok(f"Safety: {x}", add_special_tokens=False).input_ids for x in LABELS]

    def prompt_ids(self, text: str, side: str) -> list[int]:
        prompt = self.tok.apply_chat_template(messages(text, side), add_generation_prompt=True, tokenize=False)
        return self.tok(prompt, add_special_tokens=False).input_ids

    def judge(self, text: str, side: str) -> dict:
        torch = self.torch
        t0 = time.perf_counter()
        head = list(self.prompt_ids(text, side))
        rows = [head + ids for ids in self.label_ids]
        width = max(map(len, rows))
        pad = self.tok.pad_token_id if self.tok.pad_token_id is not None else 0
        ids = torch.tensor([r + [pad] * (width - len(r)) for r in rows], device=self.device)
        mask = torch.tensor([[1] * len(r) + [0] * (width - len(r)) for r in rows], device=self.device)
        with torch.no_grad():
            logp = torch.log_softmax(self.model(input_ids=ids, attention_mask=mask).logits.float(), -1)
            scores = []
            for i, r in enumerate(rows):  # log-likelihood of the label line's tokens given the prompt
                pos = torch.arange(len(head), len(r), device=self.device)
                scores.append(logp[i, pos - 1, ids[i, pos]].sum())
            p = torch.softmax(torch.stack(scores), 0).tolist()
            label = LABELS[max(range(3), key=p.__getitem__)]
            chosen = torch.tensor([rows[LABELS.index(label)]], device=self.device)
            more = self.model.generate(
                chosen,
                attention_mask=torch.ones_like(chosen),
                do_sample=False,
                max_new_tokens=CATEGORY_TOKENS,
                pad_token_id=pad,
            )
        tail = self.tok.decode(more[0, len(head) :], skip_special_tokens=True)
        _, cats = parse(tail)
        return {
            "label": label,
            "p": dict(zip(LABELS, p)),
            "categories": cats,
            "ms": (time.perf_counter() - t0) * 1000,
            "raw": tail,
        }


def serve(folder: Path) -> int:
    """One JSON line in ({"text", "side"}), one out; the first line out says ready (or why not)."""
    try:
        m = _Model(folder)
    except Exception as e:  # any load failure is reported to the client, which falls back
        print(json.dumps({"error": f"cannot load {folder}: {type(e).__name__}: {e}"[:500]}), flush=True)
        return 1
    print(json.dumps({"ready": True, "device": m.device}), flush=True)
    for line in sys.stdin:
        try:
            req = json.loads(line)
            out = m.judge(str(req["text"]), "bot" if req.get("side") == "bot" else "user")
        except Exception as e:
            out = {"error": f"{type(e).__name__}: {e}"[:500]}
        print(json.dumps(out, ensure_ascii=False), flush=True)
    return 0


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "serve":
        sys.exit(serve(Path(sys.argv[2])))
    print("usage: python -m studio.chat.guard_judge serve MODEL_FOLDER", file=sys.stderr)
    sys.exit(2)
