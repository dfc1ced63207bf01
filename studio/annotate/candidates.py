"""Candidate replies written by models in the workspace, to be judged by the partners.

The person picks a prompts dataset (conversations or pairs: the turns before the reply), one to three
models or training runs (a base, an SFT run, a DPO run...), how many replies per prompt (N), the
temperature and the longest reply. `submit` makes the (empty) annotation project at once and starts a
"generate" job; the job (`run`, started as `python -m studio.jobs.body generate JOB_DIR`, its own process: the web process
never loads a model) runs ms-swift's `infer` for each model in turn, then turns the replies into items:

* several models: the k-th reply of each model against the k-th reply of each other model;
* one model: its replies two by two (1st vs 2nd, 3rd vs 4th, ...), repeated texts taken out first.

Two identical texts are never paired, an empty reply never shown. Which reply is `reply_a` is drawn
at random (seeded), and the screen draws the left/right order again per annotator. The model that
wrote a reply is kept in `source_a` / `source_b` and the item's meta for the owner's analysis;
annotators never see it (studio.annotate.projects.Screen has no sources).
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from contextlib import closing
from dataclasses import asdict, dataclass
from itertools import combinations
from pathlib import Path

from studio.annotate import projects as A
from studio.core import db
from studio.core.i18n import Text, UserError
from studio.core.workspace import Workspace, atomic_write_json, atomic_write_jsonl
from studio.engine import generate as engine
from studio.engine import swift
from studio.engine.metrics import say_progress
from studio.jobs.progress import job_progress
from studio.jobs.store import CPU_ONLY_ENV, Job, Jobs, body_argv, new_id
from studio.models import registry as M

SOURCE_PREFIX = "generate:"  # project.source of a generated project: generate:<job id>
PLAN = "generate.json"
PROMPTS = "prompts.jsonl"
CANDIDATES = "candidates.jsonl"  # every reply generated, for the owner's records
MAX_MODELS = 3
LIMITS = {
    "n": (1, 8),
    "temperature": (0.05, 2.0),
    "max_new_tokens": (8, 2048),
    "max_prompts": (1, 2000),
    "seed": (0, 2**31 - 1),
}


@dataclass
class GenerateSettings:
    """What the person chose. Checked on creation; every problem is one sentence naming the setting."""

    project: str  # the new annotation project's name
    dataset: str  # prompts: a conversations (SFT) or pairs dataset id
    models: list[str]  # 1-3 registry ids, a run as RUN or RUN@STEP
    n: int = 2  # replies per prompt and model
    temperature: float = 0.9
    max_new_tokens: int = 128
    seed: int = 42
    max_prompts: int = 50  # the first prompts of the dataset (labelling takes time)

    def __post_init__(self) -> None:
        self.project = (self.project or "").strip()
        self.dataset = (self.dataset or "").strip()
        self.models = list(dict.fromkeys(m.strip() for m in (self.models or []) if m and m.strip()))
        if not self.dataset:
            raise UserError(
                "请选一个提示数据集（对话数据集或偏好对数据集），模型会回复其中的每段对话。",
                "Choose a prompts dataset (conversations or pairs); the models reply to each of its conversations.",
            )
        if not 1 <= len(self.models) <= MAX_MODELS:
            raise UserError(
                f"请选 1 到 {MAX_MODELS} 个模型或训练（现在是 {len(self.models)} 个）。",
                f"Choose 1 to {MAX_MODELS} models or runs (now {len(self.models)}).",
            )
        for name, (lo, hi) in LIMITS.items():
            value = getattr(self, name)
            try:
                number = float(value)
            except (TypeError, ValueError):
                number = float("nan")
            if not lo <= number <= hi:
                what = SETTING_TEXT[name]
                raise UserError(
                    f"“{what.zh}”应在 {lo} 到 {hi} 之间，而不是 {value}。",
                    f"“{what.en}” must be between {lo} and {hi}, not {value}.",
                )
            setattr(self, name, number if name == "temperature" else int(number))
        if len(self.models) == 1 and self.n < 2:
            raise UserError(
                "只用一个模型时，每条提示至少要生成 2 条回复才能两两比较：请把“每条生成几条”调到 2 或更多，"
                "或再选一个模型。",
                "With one model, each prompt needs at least 2 replies to compare: set “replies per "
                "prompt” to 2 or more, or pick a second model.",
            )


SETTING_TEXT = {
    "n": Text("每条生成几条", "replies per prompt"),
    "temperature": Text("温度", "temperature"),
    "max_new_tokens": Text("回复最长（token）", "longest reply (tokens)"),
    "max_prompts": Text("最多用几条提示", "prompts to use at most"),
    "seed": Text("随机种子", "seed"),
}


@dataclass
class ModelChoice:
    """One model as ms-swift loads it, and how the owner (never the annotators) knows it."""

    ref: str  # what was picked: ID or RUN@STEP
    label: str  # the registry's name for it
    model: str
    model_type: str | None
    template: str | None
    adapter: str | None


@dataclass
class Plan:
    job_id: str
    workspace: str
    project: str
    settings: dict
    models: list[dict]  # ModelChoice as dicts, in the order picked
    prompts: list[list[dict]]
    configs: list[str]  # one ms-swift config per model, in the same order
    results: list[str]


@dataclass(frozen=True)
class GenerationStatus:
    job: Job
    fraction: float
    message: Text  # both languages (the job's progress line)
    items: int | None  # items made once the job finished


# ------------------------------------------------------------------------------------- preparing


def read_prompts(ws: Workspace, dataset_id: str, limit: int | None = None) -> list[list[dict]]:
    """The conversations before the reply, from a conversations or pairs dataset, each once."""
    if A.dataset_kind(ws, dataset_id) == "kto":
        raise UserError(
            f"数据集“{dataset_id}”是 KTO 数据，不适合当提示：请选对话数据集或偏好对数据集。",
            f"Dataset '{dataset_id}' is KTO data, which does not suit as prompts: choose a "
            "conversations or pairs dataset.",
        )
    seen, out = set(), []
    for it in A.read_dataset_items(ws, dataset_id):
        key = json.dumps(it.prompt, ensure_ascii=False, sort_keys=True)
        if key not in seen and it.prompt[-1]["role"] == "user":
            seen.add(key)
            out.append(it.prompt)
        if limit and len(out) >= limit:
            break
    if not out:
        raise UserError(
            f"数据集“{dataset_id}”里没有以用户发言结尾的对话，模型没有可以回复的内容。",
            f"Dataset '{dataset_id}' has no conversation ending with the user's turn, so there is "
            "nothing for the models to reply to.",
        )
    return out


def generation_models(ws: Workspace, jobs: Jobs | None = None) -> list[M.ModelEntry]:
    """Models and runs that can write replies now (a run once it has saved a checkpoint)."""
    return [e for e in M.list_models(ws, jobs) if not e.is_run or e.checkpoints]


def resolve_models(ws: Workspace, refs: list[str], jobs: Jobs | None = None) -> list[ModelChoice]:
    entries = M.list_models(ws, jobs)
    out = []
    for ref in refs:
        entry = M.get_model(ws, ref, jobs, entries)
        _, step = M.parse_ref(ref)
        base, adapter = entry.weights(step)  # a run without a checkpoint says so here
        out.append(
            ModelChoice(
                ref,
                entry.name + (f"@{step}" if step is not None else ""),
                base.model,
                base.model_type,
                base.template,
                str(adapter) if adapter else None,
            )
        )
    return out


def submit(ws: Workspace, settings: GenerateSettings, jobs: Jobs | None = None) -> tuple[A.Project, Job]:
    """Make the empty project and start the job that fills it."""
    jobs = jobs or Jobs(ws)
    s = settings
    choices = resolve_models(ws, s.models, jobs)
    prompts = read_prompts(ws, s.dataset, s.max_prompts)
    trust = [M.trusts_code(ws, c.model) for c in choices]
    for c, t in zip(choices, trust):
        swift.check_code(c.model, t)  # a model that would run its own code unasked: refused, nothing written
    job_id = new_id("generate")
    with closing(db.connect(ws.db_path)) as con:  # first: a taken name stops here with nothing written
        project = A.create_project(con, s.project, source=SOURCE_PREFIX + job_id)
    job_dir = ws.runs / job_id
    job_dir.mkdir(parents=True, exist_ok=True)
    engine.write_prompts(job_dir / PROMPTS, prompts, s.n)
    configs, results, argvs = [], [], []
    for k, c in enumerate(choices, 1):
        spec = engine.InferSpec(
            base=engine.Base(c.model, c.model_type, c.template),
            adapter=c.adapter,
            prompts=job_dir / PROMPTS,
            result=job_dir / f"replies-{k}.jsonl",
            temperature=s.temperature,
            max_new_tokens=s.max_new_tokens,
            seed=s.seed,
        )
        argvs.append(engine.write(job_dir / f"infer-{k}.yaml", spec, trust[k - 1]))
        configs.append(str(job_dir / f"infer-{k}.yaml"))
        results.append(str(spec.result))
    plan = Plan(job_id, str(ws.root), project.name, asdict(s), [asdict(c) for c in choices], prompts, configs, results)
    atomic_write_json(job_dir / PLAN, asdict(plan))
    title = f"{project.name}: {len(prompts)} × {s.n} × {len(choices)}"
    light = all(M.light_model(c.model) for c in choices)  # pocket models: on the CPU, beside a chat server
    job = jobs.submit(
        "generate",
        body_argv("generate", job_dir),
        run_dir=job_dir,
        title=title,
        env={**swift.OFFLINE_ENV, **(CPU_ONLY_ENV if light else {})},
        job_id=job_id,
        gpu=not light,
        meta={
            "project": project.name,
            "models": [c.label for c in choices],
            "prompts": len(prompts),
            "swift_argv": [swift.shown(a) for a in argvs],
        },
    )
    return project, job


def status(ws: Workspace, project: A.Project, jobs: Jobs | None = None) -> GenerationStatus | None:
    """How far the job filling a generated project is; None for other projects."""
    if not project.source.startswith(SOURCE_PREFIX):
        return None
    jobs = jobs or Jobs(ws)
    try:
        job = jobs.get(project.source[len(SOURCE_PREFIX) :])
    except UserError:
        return None
    p = job_progress(job)
    return GenerationStatus(job, p.fraction, p.message, job.meta.get("items"))


# ------------------------------------------------------------------------------------- pairing


def pair_items(
    prompts: list[list[dict]], replies: dict[str, list[list[str]]], rng: random.Random, meta: dict | None = None
) -> list[A.Item]:
    """Items from `replies[model][prompt index]` (see the module docstring for the rules)."""
    items = []
    models = list(replies)
    for k, prompt in enumerate(prompts):
        pairs: list[tuple[tuple[str, int, str], tuple[str, int, str]]] = []
        if len(models) == 1:
            m = models[0]
            distinct, seen = [], set()
            for j, text in enumerate(replies[m][k]):
                if text.strip() and text.strip() not in seen:
                    seen.add(text.strip())
                    distinct.append((m, j, text))
            pairs = list(zip(distinct[::2], distinct[1::2]))
        else:
            for mx, my in combinations(models, 2):
                for j, (x, y) in enumerate(zip(replies[mx][k], replies[my][k])):
                    if x.strip() and y.strip() and x.strip() != y.strip():
                        pairs.append(((mx, j, x), (my, j, y)))
        for one, two in pairs:
            if rng.random() < 0.5:
                one, two = two, one
            items.append(
                A.Item(
                    prompt,
                    one[2],
                    two[2],
                    f"model:{one[0]}",
                    f"model:{two[0]}",
                    {**(meta or {}), "prompt": k, "models": [one[0], two[0]], "samples": [one[1], two[1]]},
                )
            )
    return items


# ---------------------------------------------------------------------------------- the job itself


def run(job_dir: str | Path) -> int:
    """Inside the job: each model's ms-swift run in turn, then the items into the project at once."""
    plan = Plan(**json.loads((Path(job_dir) / PLAN).read_text(encoding="utf-8")))
    total = len(plan.models) + 1
    sys.stdout.flush()
    code = subprocess.call(
        engine.worker_argv([Path(c) for c in plan.configs]),
        stdin=subprocess.DEVNULL,
        env={**os.environ, **swift.OFFLINE_ENV},
    )
    if code != 0:
        print(f"[qixi] ms-swift infer exited with code {code}", flush=True)
        return code or 1
    replies = {m["ref"]: engine.read_results(Path(r), plan.prompts) for m, r in zip(plan.models, plan.results)}
    say_progress(len(plan.models), total, Text("正在配对回复", "pairing the replies"))
    atomic_write_jsonl(
        Path(job_dir) / CANDIDATES,
        [
            {"model": ref, "prompt": k, "sample": j, "reply": text}
            for ref, per_prompt in replies.items()
            for k, texts in enumerate(per_prompt)
            for j, text in enumerate(texts)
        ],
    )
    s = plan.settings
    items = pair_items(
        plan.prompts, replies, random.Random(s["seed"]), {"job": plan.job_id, "temperature": s["temperature"]}
    )
    ws = Workspace.open(plan.workspace)
    with closing(db.connect(ws.db_path)) as con:
        if A.list_items(con, plan.project):
            print("[qixi] the project has items already; nothing added", flush=True)
        else:
            A.add_items(con, plan.project, items)
    Jobs(ws).update_meta(plan.job_id, items=len(items), replies=sum(len(t) for per in replies.values() for t in per))
    say_progress(total, total, Text(f"完成：{len(items)} 条", f"done: {len(items)} items"))
    return 0
