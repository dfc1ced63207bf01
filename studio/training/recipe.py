"""One-click recipe: base model -> SFT -> preference alignment -> merge -> deploy, as a chain of jobs.

A recipe is a row in `recipes` and its ordered steps in `recipe_steps` (studio.db), made from the
settings chosen so far (base model, SFT data, pairs, alignment method). Every step is submitted as a
normal job through the same domain call its button uses: train.start_pocket_build / start_download,
train.start (SFT, then alignment from the SFT run), models.submit_merge, deployments.start.

How the chain moves with no browser open: the steps cannot all be queued up front, because each
one's input exists only when the step before has succeeded (the SFT run id, the merged folder) and
the submit calls check their inputs. So one small driver process per recipe
(`python -m studio.training.recipe drive WORKSPACE ID`) walks it: it is started in its own session, like a
job's supervisor, so it outlives the app and the browser; it submits the first unfinished step,
polls its job every second, records what the step made, and submits the next. It is the only process
that submits steps (no double submission); the UI and the CLI only read the rows, and start or stop
drivers. Its pid and start time are in the row: a recipe that says "running" while its driver is
gone (the computer restarted) reads as interrupted.

Stop: a flag in the row, then the running step's job is stopped (training saves a checkpoint first);
the driver waits for that job to end, marks the step and the recipe stopped, and exits. Resume: a new driver starts at the first unfinished step; a stopped or
interrupted training step continues from its newest checkpoint (train.resume), every step that
succeeded is kept and never run again.

A deploy step succeeds when its server answers (the job keeps running: that is the chat server).
If another chat server is up, the deploy step stops it first: the new companion takes its place.
"""

from __future__ import annotations

import json
import os
import sys
import time
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

from studio.annotate import projects as A
from studio.chat import conversations as C
from studio.chat import deployments as S
from studio.core import db
from studio.core.i18n import Text, UserError
from studio.core.workspace import Workspace
from studio.data import store
from studio.engine import process
from studio.jobs.progress import job_progress, steps_text
from studio.jobs.store import Jobs
from studio.models import registry as M
from studio.training import methods
from studio.training import presets as P
from studio.training import train as T

STEP_KINDS = ("pocket", "download", "sft", "align", "merge", "deploy")
TRAINING = ("sft", "align")
POLL_S = 1.0
DRIVER_GRACE_S = 15.0  # a driver just spawned may not have written its pid yet

STEP_TEXT = {
    "pocket": Text("构建口袋模型", "Build the pocket model"),
    "download": Text("下载基础模型", "Download the base model"),
    "sft": Text("学说话（SFT 微调）", "Learn to talk (SFT)"),
    "align": Text("学你们的偏好（{m}）", "Learn your preferences ({m})"),
    "merge": Text("合并成完整模型", "Merge into one model"),
    "deploy": Text("启动聊天服务", "Start the chat server"),
}
STATUS_TEXT = {
    "pending": Text("等待", "waiting"),
    "running": Text("进行中", "running"),
    "succeeded": Text("已完成", "done"),
    "failed": Text("失败", "failed"),
    "stopped": Text("已停止", "stopped"),
    "interrupted": Text("已中断", "interrupted"),
}
ACTIVE_RECIPE = Text(
    "已经有一个一键流程在进行（第 {id} 号）：请等它结束，或先停止它。",
    "A one-click recipe is already running (number {id}): wait for it or stop it first.",
)


# ---------------------------------------------------------------------------------------------- settings


@dataclass
class RecipeSettings:
    """What the chain is made from; fixed when the recipe is created (a resume uses the same)."""

    base: str = "pocket-tiny"  # catalog id ("pocket" = pocket-tiny), a workspace model, or a hub id
    data: str = ""  # SFT dataset id; empty = the bundled sample dialogues
    pairs: str = ""  # preference pairs dataset id; empty = the bundled sample pairs
    method: str = "dpo"
    preset: str = ""  # empty = chosen from the GPU (cpu-pocket without one)
    sft_steps: int = 0  # 0 = the preset's epochs
    align_steps: int = 0
    deploy: bool = True

    def __post_init__(self):
        self.base = (self.base or "").strip() or "pocket-tiny"
        if self.base == "pocket":
            self.base = "pocket-tiny"
        align = methods.align_names()
        if self.method not in align:
            raise UserError(
                f"对齐方法“{self.method}”不存在：可选 {' / '.join(align)}。",
                f"There is no alignment method “{self.method}”: choose {' / '.join(align)}.",
            )
        for name in ("sft_steps", "align_steps"):
            v = getattr(self, name)
            if not isinstance(v, int) or isinstance(v, bool) or not 0 <= v <= 1_000_000:
                raise UserError(
                    f"{name} 应该是 0 到 1000000 之间的整数，而不是 {v!r}。",
                    f"{name} should be a whole number from 0 to 1000000, not {v!r}.",
                )
        if self.preset:
            P.get_preset(self.preset)  # a sentence naming the presets when unknown

    @classmethod
    def from_dict(cls, d: dict) -> RecipeSettings:
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in d.items() if k in known})


def base_step(ws: Workspace, base: str) -> str | None:
    """The step that makes the base model available, or None when it is there already (or is fetched by
    the trainer itself: a bare hub id)."""
    entry = P.base_entry(base)
    if entry and entry.pocket:
        return None if (ws.models / f"pocket-{entry.pocket}" / M.CARD).is_file() else "pocket"
    if entry and T.downloaded_dir(ws, entry.id) is None:
        return "download"
    return None


def chain(ws: Workspace, s: RecipeSettings) -> list[str]:
    """The step kinds, in order, for these settings on this workspace."""
    first = base_step(ws, s.base)
    return [*([first] if first else []), "sft", "align", "merge", *(["deploy"] if s.deploy else [])]


# Fewer rows than this and training learns nothing worth a run (the global batch alone is 16 on CPU presets):
# a one-line chat import or a handful of votes is refused with a sentence instead of trained on.
MIN_ROWS = {"sft": 10, "pairs": 10}
ROLE = {"sft": Text("学说话（SFT）", "learning to talk (SFT)"), "pairs": Text("偏好学习", "preference learning")}
TOO_SMALL = Text(
    "数据集“{name}”只有 {n} 条，太少了，{role}至少需要 {min} 条：请多导入一些，或者选示例数据。",
    "The dataset “{name}” has only {n} rows, too few for {role}: it needs at least {min}. Import more, "
    "or pick the sample data.",
)


@dataclass(frozen=True)
class DataUse:
    """Which dataset one step of the chain will train on, before anything starts."""

    role: str  # "sft" | "pairs"
    id: str  # "" = the bundled sample, registered when the recipe starts
    name: str
    rows: int | None  # train + val rows; None for the sample not registered yet
    problem: Text | None = None

    def line(self, lang: str | None = None) -> str:
        rows = "" if self.rows is None else (f"（{self.rows} 条）" if lang != "en" else f" ({self.rows} rows)")
        return f"{ROLE[self.role](lang)} ← {store.shown_name(self.name, lang)}{rows}"


def _sample(ws: Workspace, kind: str) -> store.Dataset | None:
    return next((d for d in store.list_datasets(ws) if d.source == "sample" and d.kind == kind), None)


def default_data(ws: Workspace, kind: str) -> store.Dataset | None:
    """What a step of `kind` trains on unless the person picks: the couple's own labels (the newest
    annotation export of that kind) when they have exported some, else the bundled sample."""
    own = next((d for d in store.list_datasets(ws) if d.kind == kind and d.source.startswith("annotate:")), None)
    return own or _sample(ws, kind)


def _rows_of(ds: store.Dataset) -> int:
    c = ds.card.get("counts", {})
    return int(c.get("train", 0) or 0) + int(c.get("val", 0) or 0)


def data_plan(ws: Workspace, data: str = "", pairs: str = "") -> list[DataUse]:
    """What each training step will use for these choices: the chosen dataset, or the bundled sample when
    none was chosen (never the newest import). Reads only; a problem (wrong kind, too few rows) is named."""
    out = []
    for role, ds_id, kinds in (("sft", data, ("sft", "pairs")), ("pairs", pairs, ("pairs",))):
        ds = store.get_dataset(ws, ds_id) if ds_id else _sample(ws, role)
        if ds is None:
            sample = next(name for _, kind, name in store.SAMPLES if kind == role)
            out.append(DataUse(role, "", sample, None))
            continue
        problem, n = None, _rows_of(ds)
        if ds.kind not in kinds:
            what = Text("SFT 数据", "SFT data") if role == "sft" else Text("偏好数据", "preference data")
            problem = Text(
                f"数据集“{ds.name}”是 {ds.kind} 类型，不能用作{what.zh}：请选择 {' 或 '.join(kinds)} 数据集。",
                f"The dataset “{ds.name}” holds {ds.kind} rows and cannot be the {what.en}: choose a "
                f"{' or '.join(kinds)} dataset.",
            )
        elif n < MIN_ROWS[role]:
            problem = Text(
                *(
                    getattr(TOO_SMALL, lg).format(name=ds.name, n=n, min=MIN_ROWS[role], role=getattr(ROLE[role], lg))
                    for lg in ("zh", "en")
                )
            )
        out.append(DataUse(role, ds.id, ds.name, n, problem))
    return out


def fill_defaults(ws: Workspace, s: RecipeSettings) -> RecipeSettings:
    """Datasets not chosen: the bundled sample (registered now), never whatever was imported last. A dataset
    of the wrong kind or with too few rows to train on is refused with its sentence before anything starts."""
    for use in data_plan(ws, s.data, s.pairs):
        if use.problem is not None:
            raise UserError(use.problem)
    if not s.data or not s.pairs:
        samples = {d.kind: d.id for d in store.register_samples(ws)}
        s.data = s.data or samples["sft"]
        s.pairs = s.pairs or samples["pairs"]
    if not s.preset:
        s.preset = P.auto_preset(P.detect_gpus())
    return s


# ---------------------------------------------------------------------------------------------- rows


@dataclass
class Step:
    position: int
    kind: str
    status: str = "pending"
    job_id: str | None = None
    output: dict = field(default_factory=dict)
    reason: Text | None = None
    started_at: float | None = None
    finished_at: float | None = None

    def title(self, method: str, lang: str | None = None) -> str:
        return STEP_TEXT[self.kind](lang, m=method.upper())

    def to_dict(self) -> dict:
        d = asdict(self)
        d["reason"] = self.reason.en if self.reason else None
        d["reason_zh"] = self.reason.zh if self.reason else None
        return d


@dataclass
class Recipe:
    id: int
    settings: RecipeSettings
    status: str  # running stopped failed succeeded interrupted (the last derived)
    steps: list[Step]
    stop_requested: bool = False
    driver_pid: int | None = None
    driver_start: int | None = None
    reason: Text | None = None
    created_at: float = 0.0
    updated_at: float = 0.0
    finished_at: float | None = None

    @property
    def current(self) -> Step | None:
        """The first step not yet succeeded (where a resume starts)."""
        return next((st for st in self.steps if st.status != "succeeded"), None)

    def step(self, kind: str) -> Step | None:
        return next((st for st in self.steps if st.kind == kind), None)

    def output(self, kind: str, key: str):
        st = self.step(kind)
        return st.output.get(key) if st else None

    def to_dict(self) -> dict:
        cur = self.current
        return {
            "id": self.id,
            "status": self.status,
            "settings": asdict(self.settings),
            "current": cur.kind if cur and self.status != "succeeded" else None,
            "steps": [st.to_dict() for st in self.steps],
            "reason": self.reason.en if self.reason else None,
            "reason_zh": self.reason.zh if self.reason else None,
            "created_at": self.created_at,
            "finished_at": self.finished_at,
        }


def _text(raw: str | None) -> Text | None:
    if not raw:
        return None
    d = json.loads(raw)
    return Text(d["zh"], d["en"])


def _raw(t: Text | None) -> str | None:
    return json.dumps({"zh": t.zh, "en": t.en}, ensure_ascii=False) if t else None


class Recipes:
    """The recipe store of one workspace; every method is one short transaction."""

    def __init__(self, ws: Workspace, jobs: Jobs | None = None):
        self.ws = ws
        self.jobs = jobs or Jobs(ws)
        self.con = self.jobs.con

    def create(self, s: RecipeSettings, kinds: list[str]) -> Recipe:
        now = time.time()
        with db.tx(self.con):
            r = self.con.execute("SELECT id FROM recipes WHERE status='running' ORDER BY id DESC LIMIT 1").fetchone()
            if r is not None and self._driver_alive(r["id"]):
                raise UserError(ACTIVE_RECIPE.format(id=r["id"]))
            cur = self.con.execute(
                "INSERT INTO recipes (settings, status, created_at, updated_at) VALUES (?,?,?,?)",
                (json.dumps(asdict(s), ensure_ascii=False), "running", now, now),
            )
            rid = cur.lastrowid
            self.con.executemany(
                "INSERT INTO recipe_steps (recipe_id, position, kind) VALUES (?,?,?)",
                [(rid, i, k) for i, k in enumerate(kinds)],
            )
        return self.get(rid)

    def get(self, rid: int) -> Recipe:
        r = self.con.execute("SELECT * FROM recipes WHERE id=?", (int(rid),)).fetchone()
        if r is None:
            raise UserError(f"没有第 {rid} 号一键流程。", f"There is no recipe number {rid}.")
        steps = [
            Step(
                x["position"],
                x["kind"],
                x["status"],
                x["job_id"],
                json.loads(x["output"]),
                _text(x["reason"]),
                x["started_at"],
                x["finished_at"],
            )
            for x in self.con.execute("SELECT * FROM recipe_steps WHERE recipe_id=? ORDER BY position", (r["id"],))
        ]
        status = r["status"]
        if (
            status == "running"
            and not process.is_alive(r["driver_pid"], r["driver_start"])
            and time.time() - r["updated_at"] > DRIVER_GRACE_S
        ):
            status = "interrupted"
        return Recipe(
            r["id"],
            RecipeSettings.from_dict(json.loads(r["settings"])),
            status,
            steps,
            bool(r["stop_requested"]),
            r["driver_pid"],
            r["driver_start"],
            _text(r["reason"]),
            r["created_at"],
            r["updated_at"],
            r["finished_at"],
        )

    def latest(self) -> Recipe | None:
        r = self.con.execute("SELECT id FROM recipes ORDER BY id DESC LIMIT 1").fetchone()
        return self.get(r["id"]) if r else None

    def _driver_alive(self, rid: int) -> bool:
        r = self.con.execute("SELECT driver_pid, driver_start, updated_at FROM recipes WHERE id=?", (rid,)).fetchone()
        return process.is_alive(r["driver_pid"], r["driver_start"]) or (
            r["driver_pid"] is None and time.time() - r["updated_at"] < DRIVER_GRACE_S
        )

    def set_recipe(self, rid: int, **kv) -> None:
        if "reason" in kv:
            kv["reason"] = _raw(kv["reason"])
        kv["updated_at"] = time.time()
        with db.tx(self.con):
            self.con.execute(f"UPDATE recipes SET {', '.join(f'{k}=?' for k in kv)} WHERE id=?", (*kv.values(), rid))

    def set_step(self, rid: int, position: int, **kv) -> None:
        if "reason" in kv:
            kv["reason"] = _raw(kv["reason"])
        if "output" in kv:
            kv["output"] = json.dumps(kv["output"], ensure_ascii=False)
        with db.tx(self.con):
            self.con.execute(
                f"UPDATE recipe_steps SET {', '.join(f'{k}=?' for k in kv)} WHERE recipe_id=? AND position=?",
                (*kv.values(), rid, position),
            )
            self.con.execute("UPDATE recipes SET updated_at=? WHERE id=?", (time.time(), rid))

    def claim_driver(self, rid: int, pid: int, start: int | None) -> bool:
        """The driver writes its own pid; a second driver of the same recipe backs off."""
        with db.tx(self.con):
            r = self.con.execute("SELECT driver_pid, driver_start FROM recipes WHERE id=?", (rid,)).fetchone()
            if r["driver_pid"] not in (None, pid) and process.is_alive(r["driver_pid"], r["driver_start"]):
                return False
            self.con.execute(
                "UPDATE recipes SET driver_pid=?, driver_start=?, updated_at=? WHERE id=?",
                (pid, start, time.time(), rid),
            )
        return True


# ---------------------------------------------------------------------------------------------- steps


def _submit(ws: Workspace, rc: Recipe, st: Step, jobs: Jobs) -> tuple[str, dict]:
    """Submit one step's job through its domain call; (job id, output known already)."""
    s = rc.settings
    if st.kind == "pocket":
        return T.start_pocket_build(ws, s.base, jobs).id, {"model": s.base}
    if st.kind == "download":
        return T.start_download(ws, s.base, jobs=jobs).id, {"model": s.base}
    if st.kind in TRAINING:
        run_id = st.output.get("run")
        if run_id and st.status in ("stopped", "interrupted"):
            # Continue the same run from its newest checkpoint rather than starting over.
            return T.resume(ws, run_id, jobs).job.id, {"run": run_id}
        if st.kind == "sft":
            changes = {"model": s.base, "dataset": s.data, "name": f"#{rc.id} SFT"}
            steps = s.sft_steps
        else:
            changes = {"dataset": s.pairs, "from_run": rc.output("sft", "run"), "name": f"#{rc.id} {s.method.upper()}"}
            steps = s.align_steps
        if steps:
            changes["max_steps"] = steps
        method = "sft" if st.kind == "sft" else s.method
        launch = T.start(ws, P.resolve(s.preset, changes, method), preset=s.preset, changes=changes, jobs=jobs)
        return launch.job.id, {"run": launch.run.id}
    if st.kind == "merge":
        job = M.submit_merge(ws, rc.output("align", "run"), name=f"companion-{rc.id}", jobs=jobs)
        return job.id, {"dest": job.meta.get("dest")}
    if st.kind == "deploy":
        model = rc.output("merge", "model")
        if S.current(ws, jobs) is not None:
            S.stop(ws, jobs=jobs)  # the new companion takes the running server's place
        dep = S.start(ws, S.DeployRequest(model=model), jobs)
        return dep.id, {"model": model}
    raise ValueError(st.kind)


def _finished_output(ws: Workspace, st: Step, job) -> dict:
    """What a succeeded step hands to the next one."""
    out = dict(st.output)
    if st.kind == "merge":
        dest = Path(job.meta.get("dest") or out.get("dest", ""))
        out["model"] = dest.name if dest.parent == ws.models else dest.relative_to(ws.root).as_posix()
    if st.kind == "deploy":
        dep = S.Deployment.from_job(job)
        out.update(url=dep.base_url, served=dep.served_name)
    return out


def advance(ws: Workspace, rid: int, rs: Recipes | None = None) -> bool:
    """One move of the chain (called by the driver in a loop). True while there is more to do."""
    rs = rs or Recipes(ws)
    jobs = rs.jobs
    rc = rs.get(rid)
    if rc.stop_requested:
        st = rc.current
        if st is not None and st.job_id and jobs.get(st.job_id).active:
            return True  # the stopper is ending it (a trainer saves first): say "stopped" once it has
        _settle_stopped(rs, rc)
        return False
    st = rc.current
    if st is None:
        rs.set_recipe(rid, status="succeeded", finished_at=time.time())
        return False
    now = time.time()
    if st.status != "running" or not st.job_id:
        try:
            job_id, out = _submit(ws, rc, st, jobs)
        except UserError as e:
            rs.set_step(rid, st.position, status="failed", reason=e.msg, finished_at=now)
            rs.set_recipe(rid, status="failed", reason=e.msg, finished_at=now)
            return False
        rs.set_step(
            rid,
            st.position,
            status="running",
            job_id=job_id,
            output={**st.output, **out},
            reason=None,
            started_at=now,
            finished_at=None,
        )
        if rs.get(rid).stop_requested:  # stopped while we were submitting: stop what we started
            stop_step(ws, rs.get(rid).current, jobs)
        return True
    job = jobs.get(st.job_id)
    if st.kind == "deploy" and job.status == "running" and S.health(S.Deployment.from_job(job)).ok:
        rs.set_step(rid, st.position, status="succeeded", output=_finished_output(ws, st, job), finished_at=now)
        return True
    if job.active:
        if job.status == "queued":
            jobs.tick()
        return True
    if job.status == "succeeded" and st.kind != "deploy":
        rs.set_step(rid, st.position, status="succeeded", output=_finished_output(ws, st, job), finished_at=now)
        return True
    if job.status == "stopped":  # stopped from elsewhere (the jobs bar): the chain stops with it
        rs.set_step(rid, st.position, status="stopped", finished_at=now)
        rs.set_recipe(rid, status="stopped", finished_at=now)
        return False
    why = job.reason or Text("这一步的任务没有成功，原因见任务日志。", "This step's job did not succeed; see its log.")
    rs.set_step(rid, st.position, status="failed", reason=why, finished_at=now)
    rs.set_recipe(rid, status="failed", reason=why, finished_at=now)
    return False


def stop_step(ws: Workspace, st: Step | None, jobs: Jobs) -> None:
    """Stop the step's job if it runs: training saves a checkpoint first, a server frees its port."""
    if st is None or not st.job_id:
        return
    job = jobs.get(st.job_id)
    if not job.active:
        return
    if st.kind in TRAINING and st.output.get("run"):
        T.stop(ws, st.output["run"], jobs)
    else:
        jobs.stop(job.id)


def _settle_stopped(rs: Recipes, rc: Recipe) -> None:
    now = time.time()
    st = rc.current
    if st is not None and st.status == "running":
        job = rs.jobs.get(st.job_id) if st.job_id else None
        if job is None or job.status != "succeeded" or st.kind == "deploy":
            rs.set_step(rc.id, st.position, status="stopped", finished_at=now)
    if rc.status in ("running", "interrupted"):
        rs.set_recipe(rc.id, status="stopped", finished_at=now)


# ---------------------------------------------------------------------------------------------- actions


def run(ws: Workspace, s: RecipeSettings, spawn: bool = True) -> Recipe:
    """Make the chain from these settings and start walking it."""
    s = fill_defaults(ws, s)
    rs = Recipes(ws)
    rc = rs.create(s, chain(ws, s))
    if spawn:
        start_driver(ws, rc.id)
    return rs.get(rc.id)


def start_driver(ws: Workspace, rid: int) -> None:
    log = ws.logs / f"recipe-{rid}.log"
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    root = str(Path(__file__).resolve().parents[2])
    env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH", "")) if p)
    process.spawn(
        [sys.executable, "-m", "studio.training.recipe", "drive", str(ws.root), str(rid)], log, cwd=ws.root, env=env
    )


def stop(ws: Workspace, rid: int | None = None) -> Recipe | None:
    """Stop the chain and its running step. Steps that succeeded stay done."""
    rs = Recipes(ws)
    rc = rs.get(rid) if rid is not None else rs.latest()
    if rc is None:
        return None
    if rc.status not in ("running", "interrupted"):
        return rc
    rs.set_recipe(rc.id, stop_requested=1)
    stop_step(ws, rc.current, rs.jobs)
    # The driver sees the flag within a poll and exits; if it does not, end it (pid + start time checked).
    deadline = time.monotonic() + 10
    while process.is_alive(rc.driver_pid, rc.driver_start) and time.monotonic() < deadline:
        time.sleep(0.1)
    if process.is_alive(rc.driver_pid, rc.driver_start):
        process.stop_group(rc.driver_pid, grace=3)
    _settle_stopped(rs, rs.get(rc.id))
    return rs.get(rc.id)


def resume(ws: Workspace, rid: int | None = None, spawn: bool = True) -> Recipe:
    """Start again at the first unfinished step, after a stop, a failure or a restart."""
    rs = Recipes(ws)
    rc = rs.get(rid) if rid is not None else rs.latest()
    if rc is None:
        raise UserError("还没有一键流程可以继续：先运行一次。", "There is no recipe to resume yet: run one first.")
    if rc.status == "running":
        raise UserError(f"第 {rc.id} 号一键流程正在进行，不需要继续。", f"Recipe {rc.id} is running already.")
    if rc.status == "succeeded":
        raise UserError(f"第 {rc.id} 号一键流程已经完成了。", f"Recipe {rc.id} has finished already.")
    other = rs.con.execute("SELECT id FROM recipes WHERE status='running' AND id<>?", (rc.id,)).fetchone()
    if other is not None and rs._driver_alive(other["id"]):
        raise UserError(ACTIVE_RECIPE.format(id=other["id"]))
    st = rc.current
    if st is not None and st.job_id:
        job = rs.jobs.get(st.job_id)
        # A job that ended without succeeding is run again (training from its checkpoint); a job still
        # running, or one that succeeded while no driver watched, is simply picked up.
        if not job.active and job.status != "succeeded":
            rs.set_step(rc.id, st.position, status="interrupted" if job.status == "interrupted" else "stopped")
        elif st.status != "running":
            rs.set_step(rc.id, st.position, status="running")
    rs.set_recipe(
        rc.id, status="running", stop_requested=0, reason=None, finished_at=None, driver_pid=None, driver_start=None
    )
    if spawn:
        start_driver(ws, rc.id)
    return rs.get(rc.id)


def drive(ws: Workspace, rid: int, poll: float = POLL_S) -> int:
    """The driver's loop: advance until the chain ends, stops or fails."""
    rs = Recipes(ws)
    me = os.getpid()
    if not rs.claim_driver(rid, me, process.start_time(me)):
        return 0
    print(f"[qixi] recipe {rid} driver {me} started", flush=True)
    last = None
    while True:
        try:
            more = advance(ws, rid, rs)
        except Exception as e:  # a bug must not leave the row saying "running" forever
            print(f"[qixi] recipe {rid}: {type(e).__name__}: {e}", flush=True)
            rs.set_recipe(
                rid,
                status="failed",
                finished_at=time.time(),
                reason=Text(
                    f"一键流程出了意外，已停下；详情见 workspace/logs/recipe-{rid}.log。可以点“继续”再试。",
                    f"The recipe hit an unexpected error and stopped; see workspace/logs/recipe-{rid}.log. "
                    "Press Resume to try again.",
                ),
            )
            raise
        rc = rs.get(rid)
        now = (rc.status, rc.current.kind if rc.current else None, rc.current.status if rc.current else None)
        if now != last:
            print(f"[qixi] recipe {rid}: {now}", flush=True)
            last = now
        if not more:
            return 0
        time.sleep(poll)


# ---------------------------------------------------------------------------------------------- reading


def step_progress(ws: Workspace, st: Step, jobs: Jobs, lang: str | None = None) -> dict:
    """How far a step is: its job's status and fraction (for the UI and `qixi recipe status`)."""
    if not st.job_id:
        return {"fraction": 1.0 if st.status == "succeeded" else 0.0, "job_status": None, "message": ""}
    job = jobs.get(st.job_id)
    p = job_progress(job)
    frac = 1.0 if st.status == "succeeded" else p.fraction
    msg = steps_text(p.step, p.total, p.fraction) if p.total else p.message(lang)
    if st.kind == "deploy" and st.status == "running":
        msg = S.STATE_TEXT[S.state(S.Deployment.from_job(job))](lang)
    return {"fraction": round(frac, 4), "job_status": job.status, "message": msg}


ICON = {"pending": "⏳", "running": "🔄", "succeeded": "✅", "failed": "❌", "stopped": "⏸️", "interrupted": "⚠️"}


def rows(ws: Workspace, rc: Recipe, lang: str | None = None, jobs: Jobs | None = None) -> list[dict]:
    """One line per step, in the reader's language, for the Start tab and `qixi recipe status`."""
    jobs = jobs or Jobs(ws)
    out = []
    for st in rc.steps:
        shown = st.status
        if rc.status in ("stopped", "interrupted") and st.status == "running":
            shown = rc.status
        p = step_progress(ws, st, jobs, lang)
        out.append(
            {
                "n": st.position + 1,
                "kind": st.kind,
                "title": st.title(rc.settings.method, lang),
                "status": shown,
                "status_text": STATUS_TEXT[shown](lang),
                "icon": ICON[shown],
                "job": st.job_id,
                **p,
                "reason": st.reason(lang) if st.reason else "",
            }
        )
    return out


def status(ws: Workspace, rid: int | None = None) -> Recipe | None:
    rs = Recipes(ws)
    return rs.get(rid) if rid is not None else rs.latest()


@dataclass
class Checklist:
    """What the workspace has so far: the Start tab ticks its guide off from this."""

    model: bool
    dataset: bool
    labels: int
    trained: bool
    serving: bool  # a chat server is up
    chats: int  # conversations saved on the Playground

    @property
    def chat(self) -> bool:
        return self.serving or self.chats > 0

    def to_dict(self) -> dict:
        return asdict(self)


def checklist(ws: Workspace, jobs: Jobs | None = None) -> Checklist:
    jobs = jobs or Jobs(ws)
    model = any((d / M.CARD).is_file() for d in ws.models.iterdir()) if ws.models.is_dir() else False
    recent = jobs.list(limit=500)
    model = model or any(j.kind == "download" and j.status == "succeeded" for j in recent)
    labels = sum(p.labels for p in A.list_projects(jobs.con, archived=None))
    trained = any(j.kind in TRAINING and j.status == "succeeded" for j in recent)
    serving = any(j.kind == "deploy" and j.status == "running" for j in recent)
    return Checklist(
        model, bool(store.list_datasets(ws)), labels, trained, serving, len(C.list_conversations(jobs.con))
    )


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if len(argv) != 3 or argv[0] != "drive":
        print("usage: python -m studio.training.recipe drive WORKSPACE RECIPE_ID", file=sys.stderr)
        return 2
    return drive(Workspace.open(argv[1]), int(argv[2]))


if __name__ == "__main__":
    sys.exit(main())
