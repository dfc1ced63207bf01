"""Does the model prefer the warm reply? Log-probabilities and DPO implicit rewards on preference pairs.

The eval job (`python -m studio.jobs.body eval --model BASE [--adapter DIR] --pairs FILE --out JSON [--generate N]`)
runs it in a subprocess (torch is imported only there). For each (prompt, chosen, rejected) it scores, under
the model: the summed and per-token mean log-probability of each reply; with an adapter, also the implicit
reward of each reply, log pi(y|x) - log pi_ref(y|x), with the base (adapter disabled) as reference.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from studio.core.i18n import Text, UserError
from studio.core.workspace import atomic_write_json
from studio.engine.failures import reason_line
from studio.engine.metrics import say_progress
from studio.jobs.store import body_argv

RESULT = "eval.json"


@dataclass(frozen=True)
class Pair:
    prompt: list[dict]  # the conversation before the reply
    chosen: str
    rejected: str


def load_pairs(path: Path, limit: int | None = None) -> list[Pair]:
    pairs = []
    for n, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            msgs = row["messages"]
            assert msgs[-1]["role"] == "assistant" and row["rejected_response"]
        except (ValueError, KeyError, IndexError, TypeError, AssertionError):
            raise UserError(
                f"{Path(path).name} 第 {n} 行不是偏好对（需要 messages 以回复结尾，并有 rejected_response）。",
                f"{Path(path).name} line {n} is not a preference pair (messages ending in a reply, "
                f"plus rejected_response).",
            ) from None
        pairs.append(Pair(msgs[:-1], msgs[-1]["content"], row["rejected_response"]))
        if limit and len(pairs) >= limit:
            break
    if not pairs:
        raise UserError(f"{Path(path).name} 里没有偏好对。", f"{Path(path).name} holds no preference pairs.")
    return pairs


def distinct_n(texts: list[str], n: int = 2) -> float:
    """Share of distinct character n-grams over all n-grams (characters: works for Chinese too)."""
    grams = [t[i : i + n] for t in texts for i in range(max(0, len(t) - n + 1))]
    return len(set(grams)) / len(grams) if grams else 0.0


def repeated_ngram_rate(text: str, n: int = 3) -> float:
    """Share of character n-grams in one reply that already occurred earlier in it (rambling)."""
    grams = [text[i : i + n] for i in range(max(0, len(text) - n + 1))]
    if not grams:
        return 0.0
    counts = Counter(grams)
    return sum(c - 1 for c in counts.values()) / len(grams)


def summarise(scores: list[dict], with_adapter: bool) -> dict:
    k = len(scores)
    out = {
        "pairs": k,
        "chosen_wins_mean_logp": sum(s["chosen_mean"] > s["rejected_mean"] for s in scores) / k,
        "mean_margin_mean_logp": sum(s["chosen_mean"] - s["rejected_mean"] for s in scores) / k,
        "mean_margin_sum_logp": sum(s["chosen_sum"] - s["rejected_sum"] for s in scores) / k,
    }
    if with_adapter:
        out["chosen_wins_reward"] = sum(s["chosen_reward"] > s["rejected_reward"] for s in scores) / k
        out["mean_reward_margin"] = sum(s["chosen_reward"] - s["rejected_reward"] for s in scores) / k
    return out


# ---- the subprocess part (torch lives below this line, inside functions) ------------------------


def _score(model, tok, pair: Pair, device) -> tuple[float, int, float, int]:
    import torch

    def reply_logp(reply: str) -> tuple[float, int]:
        prompt_ids = tok.apply_chat_template(pair.prompt, add_generation_prompt=True, tokenize=True)
        if isinstance(prompt_ids, dict) or hasattr(prompt_ids, "input_ids"):
            prompt_ids = prompt_ids["input_ids"]
        reply_ids = tok(reply + "<|im_end|>", add_special_tokens=False)["input_ids"]
        ids = torch.tensor([list(prompt_ids) + reply_ids], device=device)
        with torch.no_grad():
            logits = model(ids).logits[0, :-1].float()
        logp = torch.log_softmax(logits, -1)
        tgt = ids[0, 1:]
        start = len(prompt_ids) - 1
        lp = logp[start:].gather(1, tgt[start:, None]).squeeze(1)
        return float(lp.sum()), len(reply_ids)

    cs, cn = reply_logp(pair.chosen)
    rs, rn = reply_logp(pair.rejected)
    return cs, cn, rs, rn


def run(
    model_dir: str,
    pairs_path: str,
    out: str,
    adapter: str | None = None,
    generate: int = 0,
    limit: int | None = None,
    max_new_tokens: int = 64,
) -> dict:
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    t0 = time.time()
    pairs = load_pairs(Path(pairs_path), limit)
    tok = AutoTokenizer.from_pretrained(model_dir)
    model = AutoModelForCausalLM.from_pretrained(model_dir, dtype=torch.float32)
    if adapter:
        from peft import PeftModel

        model = PeftModel.from_pretrained(model, adapter)
    device = "cuda" if torch.cuda.is_available() else "cpu"
    model.to(device).eval()
    scores = []
    for i, pair in enumerate(pairs):
        cs, cn, rs, rn = _score(model, tok, pair, device)
        s = {"chosen_sum": cs, "chosen_mean": cs / cn, "rejected_sum": rs, "rejected_mean": rs / rn}
        if adapter:
            with model.disable_adapter():
                bcs, _, brs, _ = _score(model, tok, pair, device)
            s["chosen_reward"], s["rejected_reward"] = cs - bcs, rs - brs
        scores.append(s)
        say_progress(i + 1, len(pairs) + generate, Text("正在给偏好对打分", "scoring pairs"))
    result = {"model": model_dir, "adapter": adapter, "pairs_file": pairs_path, **summarise(scores, bool(adapter))}
    if generate:
        replies = []
        for i, pair in enumerate(pairs[:generate]):
            ids = tok.apply_chat_template(
                pair.prompt, add_generation_prompt=True, return_tensors="pt", return_dict=True
            ).to(device)
            with torch.no_grad():  # greedy: the same replies every run
                gen = model.generate(
                    **ids,
                    max_new_tokens=max_new_tokens,
                    do_sample=False,
                    repetition_penalty=1.1,
                    pad_token_id=tok.pad_token_id or tok.eos_token_id,
                )
            text = tok.decode(gen[0, ids["input_ids"].shape[1] :], skip_special_tokens=True).strip()
            replies.append({"prompt": pair.prompt[-1]["content"], "reply": text})
            say_progress(len(pairs) + i + 1, len(pairs) + generate, Text("正在生成回复", "generating"))
        texts = [r["reply"] for r in replies]
        result.update(
            {
                "samples": replies,
                "avg_reply_chars": sum(map(len, texts)) / max(1, len(texts)),
                "distinct_2": distinct_n(texts, 2),
                "repeated_3gram_rate": sum(map(repeated_ngram_rate, texts)) / max(1, len(texts)),
            }
        )
    result["seconds"] = round(time.time() - t0, 2)
    result = {k: (round(v, 4) if isinstance(v, float) and math.isfinite(v) else v) for k, v in result.items()}
    atomic_write_json(out, result)
    print(json.dumps({k: v for k, v in result.items() if k != "samples"}, ensure_ascii=False), flush=True)
    return result


def argv(
    model_dir: str, pairs_path: str, out: Path, adapter: str | None = None, generate: int = 0, limit: int | None = None
) -> list[str]:
    cmd = body_argv("eval", "--model", model_dir, "--pairs", pairs_path, "--out", out)
    if adapter:
        cmd += ["--adapter", adapter]
    if generate:
        cmd += ["--generate", str(generate)]
    if limit:
        cmd += ["--limit", str(limit)]
    return cmd


def main(*args: str) -> int:
    """The eval job."""
    q = argparse.ArgumentParser(prog="python -m studio.jobs.body eval")
    q.add_argument("--model", required=True)
    q.add_argument("--pairs", required=True)
    q.add_argument("--out", required=True)
    q.add_argument("--adapter")
    q.add_argument("--generate", type=int, default=0)
    q.add_argument("--limit", type=int)
    a = q.parse_args(args)
    try:
        run(a.model, a.pairs, a.out, a.adapter, a.generate, a.limit)
    except UserError as e:
        print(reason_line(e.msg), file=sys.stderr, flush=True)
        return 2
    return 0
