"""qixi eval pairs: does the model prefer the warm reply? (log-probabilities, DPO implicit rewards)"""

from __future__ import annotations

import json

from studio.cli.jobs_cmd import wait_announcing
from studio.cli.paths import user_path
from studio.core.i18n import Text, UserError
from studio.core.workspace import atomic_write_jsonl
from studio.data import store
from studio.data.formats import convert, read_file
from studio.data.scrub import Scrubber
from studio.jobs.store import CPU_ONLY_ENV, Jobs, new_id
from studio.models.registry import get_model, light_model, parse_ref
from studio.training import evaluate


def add_parser(sub) -> None:
    p = sub.add_parser("eval", help="evaluate a model / 评估模型")
    s = p.add_subparsers(dest="action", required=True)
    q = s.add_parser("pairs", help="score preference pairs under a model (and an adapter)")
    q.add_argument("--model", required=True, help="base model id or folder (or a run, for its base + adapter)")
    q.add_argument("--adapter", help="a run id (RUN or RUN@STEP) whose LoRA adapter to score")
    q.add_argument(
        "--pairs",
        required=True,
        help="a preference file in any layout `qixi data import` reads (relative to this folder), "
        "or a pairs dataset id (all its rows: train and val)",
    )
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
            raise UserError(
                f"“{adapter_ref}”不是 LoRA 适配器，无法与基座对比。",
                f"“{adapter_ref}” is not a LoRA adapter, so it cannot be compared with its base.",
            )
    return base.model, str(adapter) if adapter else None


def pairs_rows(ws, ref: str) -> tuple[list[dict], str]:
    """The pairs to score and where they came from. A file (relative to the current folder) in any layout
    the importer reads, converted the same way; else a dataset id of the workspace: every row, both splits."""
    path = user_path(ref)
    if path.is_file():
        # Scrubbed as `data import` scrubs (same default): the rows land in runs/<job>/pairs.jsonl.
        rows, _report = Scrubber().scrub_rows(convert(read_file(path), kind="pairs").rows)
        rows = [r.data for r in rows]
        return rows, path.name
    if path.exists() or "/" in ref or ref.endswith((".jsonl", ".json", ".csv", ".tsv", ".xlsx", ".parquet")):
        raise UserError(
            f"找不到文件 {ref}（相对于当前文件夹 {user_path('.')}）。",
            f"file {ref} not found (relative to the current folder {user_path('.')}).",
        )
    ds = store.get_dataset(ws, ref)
    if ds.kind != "pairs":
        raise UserError(
            f"数据集 {ds.id} 是 {ds.kind} 数据，不是偏好对；评估需要偏好对（pairs）数据集。",
            f"dataset {ds.id} holds {ds.kind} data, not preference pairs; evaluation needs a pairs dataset.",
        )
    rows = []
    for split in (ds.train_path, ds.val_path):
        if split.is_file():
            rows += [json.loads(line) for line in split.read_text(encoding="utf-8").splitlines() if line.strip()]
    return rows, f"{ds.id} (train + val)"


def cmd_pairs(args, ws) -> dict:
    model, adapter = resolve(ws, args.model, args.adapter)
    jobs = Jobs(ws)
    job_id = new_id("eval")
    rows, source = pairs_rows(ws, args.pairs)
    pairs = atomic_write_jsonl(ws.runs / job_id / "pairs.jsonl", rows)
    out = ws.runs / job_id / evaluate.RESULT
    argv = evaluate.argv(model, str(pairs), out, adapter, args.generate, args.limit)
    light = light_model(model)  # the pocket model: scored on the CPU, beside a chat server or a training run
    job = jobs.submit("eval", argv, title="pairs", job_id=job_id, gpu=not light, env=CPU_ONLY_ENV if light else None)
    job = wait_announcing(jobs, job.id, args.lang)
    if job.status != "succeeded":
        why = job.reason or Text("评估失败，见日志。", "The evaluation failed; see its log.")
        raise UserError(why)
    result = json.loads(out.read_text(encoding="utf-8"))
    lines = [
        f"pairs: {result['pairs']} ({source})",
        f"chosen wins by per-token log-prob: {result['chosen_wins_mean_logp']:.1%}",
    ]
    if "chosen_wins_reward" in result:
        lines.append(
            f"chosen wins by implicit reward: {result['chosen_wins_reward']:.1%} "
            f"(mean margin {result['mean_reward_margin']:.3f})"
        )
    if "distinct_2" in result:
        lines.append(
            f"replies: {result['avg_reply_chars']:.0f} chars on average, distinct-2 "
            f"{result['distinct_2']:.2f}, repeated 3-grams {result['repeated_3gram_rate']:.2f}"
        )
    return {**result, "source": source, "job": job.id, "text": "\n".join(lines)}
