"""Background jobs: rows in SQLite, run by a small supervisor process each.

queued -> starting -> running -> succeeded | failed | stopped | interrupted

The supervisor (`python -m studio.jobs.run`, which runs studio.engine.supervise) owns the job's process
group and writes the final status itself, so a job finishes correctly even when the app is closed or
killed. When it ends it starts the next queued job, so the queue moves without any app open. One
GPU-bound job runs at a time.
"""

from __future__ import annotations

import json
import os
import secrets
import sqlite3
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from studio.core import db
from studio.core.i18n import Text, UserError
from studio.core.workspace import Workspace, atomic_write_json
from studio.engine import process
from studio.engine.failures import diagnose
from studio.engine.metrics import tail
from studio.engine.swift import shown

STOP_GRACE_S = 8.0


@dataclass(frozen=True)
class JobKind:
    """One kind of background job: what pages call it and how it is stopped. Adding a kind is one entry."""

    name: str  # stored in the jobs table: never renamed
    label: Text  # the Jobs tab, the job bar, "queued behind …" sentences
    stop_grace_s: float = STOP_GRACE_S  # SIGTERM to SIGKILL
    server: bool = False  # holds the device until stopped (a chat server), not until done
    body: str = ""  # "module:function": the studio's own code the job runs (studio.jobs.body);
    # "" when the domain hands it another program's command (ms-swift's CLI)


JOB_KINDS = {
    k.name: k
    for k in (
        JobKind("build-pocket", Text("构建口袋模型", "build pocket model"), body="studio.models.pocket:main"),
        # Training saves a checkpoint when asked to stop (studio/engine/swift_stop.py); on a big model that takes
        # longer than a plain process needs to exit.
        JobKind("sft", Text("学说话 (SFT)", "learn to talk (SFT)"), stop_grace_s=90.0),
        JobKind("align", Text("偏好学习", "preference learning"), stop_grace_s=90.0),
        JobKind("merge", Text("合并模型", "merge"), body="studio.models.registry:run_export"),
        JobKind("export", Text("导出", "export"), body="studio.models.registry:run_export"),
        JobKind("deploy", Text("聊天服务", "chat server"), server=True, body="studio.chat.gateway:main"),
        JobKind("eval", Text("评估", "evaluation"), body="studio.training.evaluate:main"),
        JobKind("download", Text("下载模型", "download")),
        JobKind("generate", Text("生成候选回复", "generate replies"), body="studio.annotate.candidates:run"),
    )
}


def body_argv(kind: str, *args: str | Path) -> list[str]:
    """The command of a job that runs the studio's own code: its kind's body, through studio.jobs.body."""
    if not JOB_KINDS[kind].body:
        raise ValueError(f"job kind {kind!r} has no body")
    return [sys.executable, "-m", "studio.jobs.body", kind, *map(str, args)]


KINDS = tuple(JOB_KINDS)
ACTIVE = ("queued", "starting", "running")
FINAL = ("succeeded", "failed", "stopped", "interrupted")
STATUS_TEXT = {
    "queued": Text("排队中", "queued"),
    "starting": Text("启动中", "starting"),
    "running": Text("运行中", "running"),
    "succeeded": Text("已完成", "succeeded"),
    "failed": Text("失败", "failed"),
    "stopped": Text("已停止", "stopped"),
    "interrupted": Text("已中断", "interrupted"),
}
# A job on a model this small (the pocket model) needs no accelerator: it runs on the CPU beside whatever holds
# the device slot (a chat server, a training run) instead of queueing behind it for minutes.
LIGHT_MODEL_BYTES = 64 * 1024 * 1024
CPU_ONLY_ENV = {"CUDA_VISIBLE_DEVICES": ""}
WAIT_FOR_SERVER = Text(
    "排队中：设备正被聊天服务“{title}”占用（一次只能有一个任务用设备）。停止聊天服务，这个任务就会开始。",
    "Queued: the chat server “{title}” holds the device (one job at a time can use it). Stop the "
    "chat server and this job starts.",
)
WAIT_FOR_JOB = Text(
    "排队中：等{kind}任务“{title}”用完设备后开始（一次只能有一个任务用设备）。",
    "Queued: starts when the {kind} job “{title}” is done with the device (one job at a time can use it).",
)


@dataclass
class Job:
    id: str
    kind: str
    title: str
    status: str
    argv: list[str]
    run_dir: Path
    gpu: bool = True
    env: dict = field(default_factory=dict)
    pid: int | None = None
    pid_start: int | None = None
    exit_code: int | None = None
    reason: Text | None = None
    stop_requested: bool = False
    meta: dict = field(default_factory=dict)
    created_at: float = 0.0
    started_at: float | None = None
    finished_at: float | None = None

    @property
    def log_path(self) -> Path:
        return self.run_dir / "run.log"

    @property
    def active(self) -> bool:
        return self.status in ACTIVE

    @property
    def command(self) -> str:
        """The argv as one line to copy, exactly as launched (never run through a shell)."""
        return shown(self.argv)

    def log_tail(self, max_lines: int = 200) -> str:
        """The end of the job's log, for a person to read."""
        return tail(self.log_path, max_lines=max_lines)

    @property
    def duration_s(self) -> float | None:
        if not self.started_at:
            return None
        return (self.finished_at or time.time()) - self.started_at

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "kind": self.kind,
            "title": self.title,
            "status": self.status,
            "argv": self.argv,
            "run_dir": str(self.run_dir),
            "gpu": self.gpu,
            "pid": self.pid,
            "exit_code": self.exit_code,
            "reason": self.reason.en if self.reason else None,
            "reason_zh": self.reason.zh if self.reason else None,
            "meta": self.meta,
            "created_at": self.created_at,
            "started_at": self.started_at,
            "finished_at": self.finished_at,
            "duration_s": self.duration_s,
        }

    @classmethod
    def from_row(cls, r: sqlite3.Row) -> Job:
        reason = json.loads(r["reason"]) if r["reason"] else None
        return cls(
            id=r["id"],
            kind=r["kind"],
            title=r["title"],
            status=r["status"],
            argv=json.loads(r["argv"]),
            run_dir=Path(r["run_dir"]),
            gpu=bool(r["gpu"]),
            env=json.loads(r["env"]),
            pid=r["pid"],
            pid_start=r["pid_start"],
            exit_code=r["exit_code"],
            reason=Text(reason["zh"], reason["en"]) if reason else None,
            stop_requested=bool(r["stop_requested"]),
            meta=json.loads(r["meta"]),
            created_at=r["created_at"],
            started_at=r["started_at"],
            finished_at=r["finished_at"],
        )


def new_id(kind: str) -> str:
    return f"{time.strftime('%Y%m%d-%H%M%S')}-{kind}-{secrets.token_hex(3)}"


class Jobs:
    """The job store of one workspace. Cheap to create; every method is one short transaction."""

    def __init__(self, ws: Workspace, con: sqlite3.Connection | None = None):
        self.ws = ws
        self.con = con or db.connect(ws.db_path)

    # -- reading ----------------------------------------------------------------------------------
    def get(self, job_id: str) -> Job:
        r = self.con.execute("SELECT * FROM jobs WHERE id=?", (job_id,)).fetchone()
        if r is None:
            raise UserError(f"没有编号为 {job_id} 的任务。", f"There is no job with id {job_id}.")
        return Job.from_row(r)

    def list(self, kinds: tuple[str, ...] | None = None, limit: int = 200) -> list[Job]:
        q, args = "SELECT * FROM jobs", []
        if kinds:
            q += f" WHERE kind IN ({','.join('?' * len(kinds))})"
            args += list(kinds)
        q += " ORDER BY created_at DESC LIMIT ?"
        return [Job.from_row(r) for r in self.con.execute(q, (*args, limit))]

    def waiting_for(self, job: Job) -> Job | None:
        """The job holding the device slot that this queued job waits for (None: it is not waiting on one)."""
        if job.status != "queued" or not job.gpu:
            return None
        return self.running_gpu_job()

    def queue_reason(self, job: Job) -> Text | None:
        """What a queued job waits for, in a sentence that says how to let it start."""
        holder = self.waiting_for(job)
        if holder is None:
            return None
        if JOB_KINDS[holder.kind].server:
            return WAIT_FOR_SERVER.format(title=holder.title or holder.id)
        return WAIT_FOR_JOB.format(title=holder.title or holder.id, kind=JOB_KINDS[holder.kind].label)

    def running_gpu_job(self) -> Job | None:
        r = self.con.execute(
            "SELECT * FROM jobs WHERE gpu=1 AND status IN ('starting','running') ORDER BY started_at LIMIT 1"
        ).fetchone()
        return Job.from_row(r) if r else None

    # -- writing ----------------------------------------------------------------------------------
    def submit(
        self,
        kind: str,
        argv: list[str],
        run_dir: Path | None = None,
        title: str = "",
        gpu: bool = True,
        env: dict | None = None,
        meta: dict | None = None,
        start: bool = True,
        job_id: str | None = None,
    ) -> Job:
        """Record a job (queued) and its exact argv in its run folder; start it if the GPU is free."""
        if kind not in KINDS:
            raise ValueError(f"unknown job kind {kind}")
        job_id = job_id or new_id(kind)
        run_dir = Path(run_dir) if run_dir else self.ws.runs / job_id
        run_dir.mkdir(parents=True, exist_ok=True)
        atomic_write_json(run_dir / "argv.json", {"argv": argv, "env": env or {}})
        with db.tx(self.con):
            self.con.execute(
                "INSERT INTO jobs (id, kind, title, status, argv, env, gpu, run_dir, meta, created_at) "
                "VALUES (?,?,?,?,?,?,?,?,?,?)",
                (
                    job_id,
                    kind,
                    title,
                    "queued",
                    json.dumps(argv),
                    json.dumps(env or {}),
                    int(gpu),
                    str(run_dir),
                    json.dumps(meta or {}, ensure_ascii=False),
                    time.time(),
                ),
            )
        if start:
            self.tick()
        return self.get(job_id)

    def tick(self) -> list[str]:
        """Start queued jobs that may run now (GPU jobs one at a time). Safe to call from many processes."""
        started = []
        while True:
            with db.tx(self.con):
                busy = self.con.execute(
                    "SELECT 1 FROM jobs WHERE gpu=1 AND status IN ('starting','running') LIMIT 1"
                ).fetchone()
                q = "SELECT * FROM jobs WHERE status='queued'" + (" AND gpu=0" if busy else "")
                r = self.con.execute(q + " ORDER BY created_at LIMIT 1").fetchone()
                if r is None:
                    return started
                self.con.execute("UPDATE jobs SET status='starting', started_at=? WHERE id=?", (time.time(), r["id"]))
            job = Job.from_row(r)
            self._launch(job)
            started.append(job.id)

    def _launch(self, job: Job) -> None:
        argv = [sys.executable, "-m", "studio.jobs.run", str(self.ws.root), job.id]
        env = {**os.environ, **job.env, "PYTHONUNBUFFERED": "1"}
        env["PYTHONPATH"] = os.pathsep.join(p for p in (str(_project_root()), env.get("PYTHONPATH", "")) if p)
        try:
            proc = process.spawn(argv, job.log_path, cwd=job.run_dir, env=env)
        except OSError as e:
            self.finish(job.id, "failed", None, Text(f"无法启动任务：{e}", f"Could not start the job: {e}"))
            return
        st = None
        for _ in range(100):  # /proc entry appears right after fork
            st = process.start_time(proc.pid)
            if st is not None or proc.poll() is not None:
                break
            time.sleep(0.01)
        with db.tx(self.con):
            self.con.execute(
                "UPDATE jobs SET pid=?, pid_start=COALESCE(pid_start, ?) WHERE id=? AND pid IS NULL",
                (proc.pid, st, job.id),
            )

    def mark_running(self, job_id: str, pid: int, pid_start: int) -> bool:
        with db.tx(self.con):
            cur = self.con.execute(
                "UPDATE jobs SET status='running', pid=?, pid_start=? WHERE id=? AND status IN ('starting','queued')",
                (pid, pid_start, job_id),
            )
        return cur.rowcount == 1

    def finish(self, job_id: str, status: str, exit_code: int | None, reason: Text | None = None) -> None:
        """Final state, written once: a later writer (say, reconcile) cannot overwrite it."""
        assert status in FINAL
        with db.tx(self.con):
            self.con.execute(
                "UPDATE jobs SET status=?, exit_code=?, reason=?, finished_at=? WHERE id=? AND status IN "
                "('queued','starting','running')",
                (
                    status,
                    exit_code,
                    json.dumps({"zh": reason.zh, "en": reason.en}, ensure_ascii=False) if reason else None,
                    time.time(),
                    job_id,
                ),
            )

    def update_meta(self, job_id: str, **kv) -> None:
        with db.tx(self.con):
            r = self.con.execute("SELECT meta FROM jobs WHERE id=?", (job_id,)).fetchone()
            meta = {**json.loads(r["meta"]), **kv}
            self.con.execute("UPDATE jobs SET meta=? WHERE id=?", (json.dumps(meta, ensure_ascii=False), job_id))

    def stop(self, job_id: str, grace: float | None = None) -> Job:
        """Queued: cancel. Running: SIGTERM the group, grace, SIGKILL. Afterwards nothing of it is left."""
        job = self.get(job_id)
        if grace is None:
            grace = JOB_KINDS[job.kind].stop_grace_s
        if not job.active:
            return job
        with db.tx(self.con):
            self.con.execute("UPDATE jobs SET stop_requested=1 WHERE id=?", (job_id,))
        if job.status == "queued":
            self.finish(job_id, "stopped", None)
            return self.get(job_id)
        # A job just claimed may not have its pid yet: give the launcher a moment.
        deadline = time.monotonic() + 5
        while job.pid is None and time.monotonic() < deadline:
            time.sleep(0.05)
            job = self.get(job_id)
        if job.pid and process.is_alive(job.pid, job.pid_start):
            process.stop_group(job.pid, grace=grace)
        elif job.pid:
            process.kill_group(job.pid)  # the leader is gone; children in its group may linger
        # The supervisor records 'stopped' itself; if it was SIGKILLed, do it here.
        deadline = time.monotonic() + 2
        while self.get(job_id).active and time.monotonic() < deadline:
            time.sleep(0.05)
        self.finish(job_id, "stopped", None)
        self.tick()
        return self.get(job_id)

    def reconcile(self) -> dict[str, str]:
        """On app start: re-adopt jobs whose supervisor still lives; settle the rest. Returns {id: status}."""
        return self._settle(
            Text(
                "任务在应用或电脑关闭时中断了。可以从最近的检查点继续训练。",
                "The job was interrupted when the app or computer shut down. You can resume from its last checkpoint.",
            )
        )

    def settle_lost(self) -> dict[str, str]:
        """While the app runs: settle jobs whose supervisor died without recording the end (it could not
        write: the disk was full, or it was killed). Until then such a job would read "running"."""
        return self._settle(
            Text(
                "任务的看护进程意外结束，没能记下任务是怎么结束的（比如磁盘满了）。腾出空间后可以从最近的检查点继续训练。",
                "The job's supervisor ended without recording how the job ended (for example, the disk was full). "
                "Once there is space again, you can resume from its last checkpoint.",
            )
        )

    def _settle(self, lost: Text) -> dict[str, str]:
        out = {}
        for r in self.con.execute("SELECT * FROM jobs WHERE status IN ('starting','running')").fetchall():
            job = Job.from_row(r)
            if job.pid and process.is_alive(job.pid, job.pid_start):
                out[job.id] = "running"  # re-adopted: the supervisor will write the final state
                continue
            if job.status == "starting" and job.pid is None and time.time() - (job.started_at or 0) < 30:
                out[job.id] = "starting"  # another app is launching it right now
                continue
            done = _read_exit(job.run_dir, job.id)
            if done is not None:
                status, code = done
                self.finish(job.id, status, code, diagnose(tail(job.log_path)).text if status == "failed" else None)
            else:
                # No orphans left from a dead supervisor. Linux never hands out a pid still used as a group
                # id, so a live process under that pid means the group is gone and the pid is someone else's.
                if job.pid and process.start_time(job.pid) is None:
                    process.kill_group(job.pid)
                self.finish(job.id, "interrupted", None, lost)
            out[job.id] = self.get(job.id).status
        self.tick()
        return out

    def delete(self, job_id: str) -> None:
        job = self.get(job_id)
        if job.active:
            raise UserError("任务还在运行，请先停止它再删除。", "The job is still running: stop it before deleting it.")
        with db.tx(self.con):
            self.con.execute("DELETE FROM jobs WHERE id=?", (job_id,))

    def wait(self, job_id: str, timeout: float | None = None, poll: float = 0.5) -> Job:
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            job = self.get(job_id)
            if not job.active:
                return job
            if job.status == "queued":
                self.tick()
            if deadline is not None and time.monotonic() > deadline:
                return job
            time.sleep(poll)


def _read_exit(run_dir: Path, job_id: str) -> tuple[str, int | None] | None:
    """How this job ended, from its supervisor's exit.json (a run folder may hold several attempts)."""
    try:
        d = json.loads((run_dir / "exit.json").read_text())
        if d.get("job") != job_id:
            return None
        return d["status"], d.get("exit_code")
    except (FileNotFoundError, ValueError, KeyError):
        return None


def _project_root() -> Path:
    return Path(__file__).resolve().parents[2]
