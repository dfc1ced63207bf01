"""qixi eval pairs: does the model prefer the warm reply? (log-probabilities, DPO implicit rewards)"""
from __future__ import annotations

import json

from studio import evaluate
from studio.i18n import Text, UserError
from studio.jobs import Jobs, new_id
from studio.models import get_model, parse_ref


def add_parser(sub) -> None:
    p = sub.add_parser("eval", help="evaluate a model / 评估模型")
    s = p.add_subparsers(dest="action", required=True)
    q = s.add_parser("pairs", help="score preference pairs under a model (and an adapter)")
    q.add_argument("--model", required=True, help="base model id or folder (or a run, for its base + adapter)")
    q.add_argument("--adapter", help="a run id (RUN or RUN@STEP) whose LoRA adapter to score")
    q.add_argument("--pairs", required=True, help="a pairs .jsonl file, or a pairs dataset id")
    q.add_argument("--generate", type=int, default=0, help="also write replies to the first N prompts")
    q.add_argument("--limit", type=int, help="score only the first N pairs")
    q.set_defaults(func=cmd_pairs)


def resolve(ws, model_ref: str, adapter_ref: str | None) -> tuple[str, str | None]:
    entry = get_model(ws, model_ref)
    base, adapter = entry.weights(parse_ref(model_ref)[1])
    if adapter_ref:
        a = get_model(ws, adapter_ref)
        a_base, adapter = a.weights(parse_ref(adapter_ref)[1])
        if adapter is None:
            raise UserError(f"“{adapter_ref}”不是 LoRA 适配器，无法与基座对比。",
                            f"“{adapter_ref}” is not a LoRA adapter, so it cannot be compared with its base.")
    return base.model, str(adapter) if adapter else None


def pairs_file(ws, ref: str) -> str:
    d = ws.datasets / ref
    if (d / "train.jsonl").is_file():
        return str(d / "train.jsonl")
    return str(ws.resolve(ref) if not ref.startswith("/") else ref)


def cmd_pairs(args, ws) -> dict:
    model, adapter = resolve(ws, args.model, args.adapter)
    jobs = Jobs(ws)
    job_id = new_id("eval")
    out = ws.runs / job_id / evaluate.RESULT
    argv = evaluate.argv(model, pairs_file(ws, args.pairs), out, adapter, args.generate, args.limit)
    job = jobs.wait(jobs.submit("eval", argv, title="pairs", job_id=job_id).id)
    if job.status != "succeeded":
        why = job.reason or Text("评估失败，见日志。", "The evaluation failed; see its log.")
        raise UserError(why)
    result = json.loads(out.read_text(encoding="utf-8"))
    lines = [f"pairs: {result['pairs']}",
             f"chosen wins by per-token log-prob: {result['chosen_wins_mean_logp']:.1%}"]
    if "chosen_wins_reward" in result:
        lines.append(f"chosen wins by implicit reward: {result['chosen_wins_reward']:.1%} "
                     f"(mean margin {result['mean_reward_margin']:.3f})")
    if "distinct_2" in result:
        lines.append(f"replies: {result['avg_reply_chars']:.0f} chars on average, distinct-2 "
                     f"{result['distinct_2']:.2f}, repeated 3-grams {result['repeated_3gram_rate']:.2f}")
    return {**result, "job": job.id, "text": "\n".join(lines)}
