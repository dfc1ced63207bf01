"""Jobs: every background job (training, building, merging, serving) with its log, and the bar
shown above every tab with the running job and a stop button."""
from __future__ import annotations

import time

import gradio as gr

from studio.connections import Unavailable
from studio.i18n import Text
from studio.jobs import JOB_KINDS, STATUS_TEXT
from studio.progress import job_progress, steps_text
from studio.ui.context import UIContext

T = {
    "intro": Text("这里列出所有后台任务。关掉浏览器或重启应用，任务也会继续；随时可以查看日志或停止。",
                  "Every background job is listed here. Jobs keep running when you close the browser or restart "
                  "the app; look at the log or stop one at any time."),
    "empty": Text("还没有任务。去“训练”页开始第一次训练，或先构建口袋模型。",
                  "No jobs yet. Start your first training on the Train tab, or build the pocket model first."),
    "idle": Text("😴 没有正在运行的任务", "😴 No job is running"),
    "stop": Text("停止", "Stop"), "refresh": Text("刷新", "Refresh"), "delete": Text("删除记录", "Delete record"),
    "pick": Text("选择任务", "Pick a job"), "log": Text("日志末尾", "End of the log"),
    "cols": Text("编号|类型|标题|状态|开始|用时", "id|kind|title|status|started|duration"),
    "stopped": Text("已停止：{id}", "Stopped: {id}"),
    "stop_server": Text("⏹ 停止聊天服务，让排队的任务开始", "⏹ Stop the chat server so the queued job starts"),
}
# How long the bar keeps showing a job that failed, with its reason, once nothing else runs (seconds).
RECENT_FAILURE_S = 600.0


def fmt_s(s: float | None) -> str:
    if s is None:
        return "–"
    s = int(s)
    return f"{s // 3600}:{s % 3600 // 60:02d}:{s % 60:02d}" if s >= 3600 else f"{s // 60}:{s % 60:02d}"


def job_line(job, lang: str, jobs=None) -> str:
    """One line for a job; given the store, a queued job also says what it waits for."""
    p = job_progress(job)
    bits = [f"**{JOB_KINDS[job.kind].label(lang)}** {job.title}", STATUS_TEXT[job.status](lang)]
    waits = jobs.queue_reason(job) if jobs is not None else None
    if waits:
        bits.append(waits(lang))
    if p.total:
        bits.append(steps_text(p.step, p.total, p.fraction))
    if p.message.en:
        bits.append(p.message(lang))
    if p.eta_s is not None and job.status == "running":
        bits.append(("剩余约 " if lang == "zh" else "ETA ") + fmt_s(p.eta_s))
    elif job.status == "running":     # no estimate yet (a trainer still starting): time moving shows it is alive
        bits.append(("已用 " if lang == "zh" else "elapsed ") + fmt_s(job.duration_s))
    return " · ".join(bits)


# How often the bar looks for jobs whose supervisor died without writing their end (seconds).
SETTLE_EVERY_S = 15.0
_last_settle = [0.0]


def _settle_lost(ctx: UIContext) -> None:
    if time.monotonic() - _last_settle[0] < SETTLE_EVERY_S:
        return
    _last_settle[0] = time.monotonic()
    try:
        ctx.jobs.settle_lost()
    except Unavailable:   # the disk is still full: the next look settles it
        pass


def server_in_the_way(ctx: UIContext):
    """The chat server a queued job waits for, if that is why something waits."""
    for j in ctx.jobs.list(limit=50):
        holder = ctx.jobs.waiting_for(j)
        if holder is not None and JOB_KINDS[holder.kind].server:
            return holder
    return None


def jobs_bar(ctx: UIContext, lang: str) -> tuple[str, dict, dict]:
    _settle_lost(ctx)
    recent = ctx.jobs.list(limit=50)
    running = [j for j in recent if j.active]
    if not running:
        # A job that just failed stays in the bar with its reason, so nobody has to open its log to learn why.
        failed = next((j for j in recent if j.status == "failed" and j.finished_at
                       and time.time() - j.finished_at < RECENT_FAILURE_S), None)
        if failed is not None and failed is recent[0]:
            line = f"❌ {job_line(failed, lang)}" + (f" · {failed.reason(lang)}" if failed.reason else "")
            return line, gr.update(visible=False), gr.update(visible=False)
        return T["idle"](lang), gr.update(visible=False), gr.update(visible=False)
    lines = [("🏃 " if j.status == "running" else "⏳ ") + job_line(j, lang, ctx.jobs) for j in running[:3]]
    return "<br>".join(lines), gr.update(visible=True), gr.update(visible=server_in_the_way(ctx) is not None)


def create_jobs_bar(ctx: UIContext, pulse: gr.Button) -> None:
    with gr.Row(elem_id="jobs-bar", equal_height=True):
        bar = gr.Markdown(T["idle"](ctx.lang), elem_id="jobs-bar-text")
        stop = ctx.tr(gr.Button(T["stop"](ctx.lang), variant="stop", size="sm", scale=0, visible=False,
                                elem_id="jobs-bar-stop"), value=T["stop"])
        stop_server = ctx.tr(gr.Button(T["stop_server"](ctx.lang), size="sm", scale=0, visible=False,
                                       elem_id="jobs-bar-stop-server"), value=T["stop_server"])

    def refresh(lang):
        return jobs_bar(ctx, lang)

    def stop_the_server(lang):
        holder = server_in_the_way(ctx)
        if holder is not None:
            ctx.jobs.stop(holder.id)       # stopping it starts the queued job (Jobs.stop ticks the queue)
            gr.Info(T["stopped"](lang, id=holder.title or holder.id))
        return jobs_bar(ctx, lang)

    def stop_running(lang):
        for j in ctx.jobs.list(limit=50):
            if j.active:
                ctx.jobs.stop(j.id)
                gr.Info(T["stopped"](lang, id=j.title or j.id))
                break
        return jobs_bar(ctx, lang)

    outs = [bar, stop, stop_server]
    pulse.click(refresh, ctx.lang_state, outs, api_name="jobs_bar", show_progress="hidden", queue=False)
    stop.click(ctx.safe(stop_running), ctx.lang_state, outs, api_name="jobs_bar_stop")
    stop_server.click(ctx.safe(stop_the_server), ctx.lang_state, outs, api_name="jobs_bar_stop_server")


def create_jobs_tab(ctx: UIContext) -> None:
    ctx.tr(gr.Markdown(T["intro"](ctx.lang)), value=T["intro"])
    empty = ctx.tr(gr.Markdown(T["empty"](ctx.lang), visible=False), value=T["empty"])
    # Widths as shares of the table: long ids and titles wrap instead of pushing columns out of sight.
    table = gr.Dataframe(headers=T["cols"](ctx.lang).split("|"), interactive=False, wrap=True,
                         column_widths=["24%", "13%", "27%", "12%", "14%", "10%"], elem_id="jobs-table")
    with gr.Row():
        pick = ctx.tr(gr.Dropdown(label=T["pick"](ctx.lang), choices=[], scale=3, elem_id="jobs-pick"), label=T["pick"])
        stop = ctx.tr(gr.Button(T["stop"](ctx.lang), variant="stop", scale=1), value=T["stop"])
        delete = ctx.tr(gr.Button(T["delete"](ctx.lang), scale=1), value=T["delete"])
    detail = gr.Markdown()
    logbox = ctx.tr(gr.Code(label=T["log"](ctx.lang), language=None, lines=14, max_lines=24,
                            interactive=False), label=T["log"])

    def table_rows(lang):
        jobs = ctx.jobs.list()
        rows = [[j.id, JOB_KINDS[j.kind].label(lang), j.title, STATUS_TEXT[j.status](lang),
                 time.strftime("%m-%d %H:%M", time.localtime(j.started_at or j.created_at)), fmt_s(j.duration_s)]
                for j in jobs]
        return jobs, rows

    def refresh(lang, chosen=None):
        # The newest job, unless the person picked one that is still listed: a pick the page made itself
        # must not stick, or the first job ever shown stays selected while newer ones arrive.
        jobs, rows = table_rows(lang)
        ids = [j.id for j in jobs]
        selected = chosen if chosen in ids else (ids[0] if ids else None)
        det, log = describe(lang, selected)
        return (gr.update(value=rows, headers=T["cols"](lang).split("|"), visible=bool(jobs)), gr.update(visible=not jobs),
                gr.update(choices=[(f"{j.id} · {JOB_KINDS[j.kind].label(lang)}", j.id) for j in jobs], value=selected),
                det, log)

    def describe(lang, job_id):
        if not job_id:
            return "", ""
        job = ctx.jobs.get(job_id)
        lines = [f"### {JOB_KINDS[job.kind].label(lang)} · {STATUS_TEXT[job.status](lang)}", job_line(job, lang, ctx.jobs)]
        if job.reason:
            lines.append(f"> ⚠️ {job.reason(lang)}")
        lines.append(("运行的命令：" if lang == "zh" else "Command run: ") + f"`{job.command}`")
        lines.append(("文件夹：" if lang == "zh" else "Folder: ") + f"`{job.run_dir}`")
        return "\n\n".join(lines), job.log_tail(max_lines=120)

    def do_stop(lang, job_id, chosen):
        if job_id:
            ctx.jobs.stop(job_id)
            gr.Info(T["stopped"](lang, id=job_id))
        return refresh(lang, chosen)

    def do_delete(lang, job_id):
        if job_id:
            ctx.jobs.delete(job_id)
        return (*refresh(lang, None), None)

    chosen = gr.State(None)      # the job the person picked (None: follow the newest)
    outs = [table, empty, pick, detail, logbox]
    ctx.pulse["tab-jobs"].click(ctx.safe(refresh), [ctx.lang_state, chosen], outs, api_name="jobs_refresh",
                                         show_progress="hidden", queue=False)
    pick.input(ctx.safe(describe), [ctx.lang_state, pick], [detail, logbox], api_name="jobs_describe")
    pick.input(lambda job_id: job_id, pick, chosen, queue=False, show_progress="hidden", api_name=False)
    stop.click(ctx.safe(do_stop), [ctx.lang_state, pick, chosen], outs, api_name="jobs_stop")
    delete.click(ctx.safe(do_delete), [ctx.lang_state, pick], [*outs, chosen], api_name="jobs_delete")
