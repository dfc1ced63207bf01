"""Jobs: every background job (training, building, merging, serving) with its log, and the bar
shown above every tab with the running job and a stop button."""

from __future__ import annotations

import time

import gradio as gr

from studio.core.connections import Unavailable
from studio.core.i18n import Text
from studio.jobs.progress import duration_text, job_progress, steps_text
from studio.jobs.store import JOB_KINDS, STATUS_TEXT
from studio.ui.context import UIContext

T = {
    "intro": Text(
        "这里列出所有后台任务。关掉浏览器或重启应用，任务也会继续；随时可以查看日志或停止。",
        "Every background job is listed here. Jobs keep running when you close the browser or restart "
        "the app; look at the log or stop one at any time.",
    ),
    "empty": Text(
        "还没有任务。去“训练”页开始第一次训练，或先构建口袋模型。",
        "No jobs yet. Start your first training on the Train tab, or build the pocket model first.",
    ),
    "idle": Text("😴 没有正在运行的任务", "😴 No job is running"),
    "stop": Text("停止", "Stop"),
    "refresh": Text("刷新", "Refresh"),
    "delete": Text("删除记录", "Delete record"),
    "pick": Text("选择任务", "Pick a job"),
    "log": Text("日志末尾", "End of the log"),
    "cols": Text("编号|类型|标题|状态|开始|用时", "id|kind|title|status|started|duration"),
    "stopped": Text("已停止：{id}", "Stopped: {id}"),
    "stop_server": Text("⏹ 停止聊天服务，让排队的任务开始", "⏹ Stop the chat server so the queued job starts"),
}
# How long the bar keeps showing a job that failed, with its reason, once nothing else runs (seconds).
RECENT_FAILURE_S = 600.0


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
        bits.append(("剩余约 " if lang == "zh" else "ETA ") + duration_text(p.eta_s))
    elif job.status == "running":  # no estimate yet (a trainer still starting): time moving shows it is alive
        bits.append(("已用 " if lang == "zh" else "elapsed ") + duration_text(job.duration_s))
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
    except Unavailable:  # the disk is still full: the next look settles it
        pass


def server_in_the_way(ctx: UIContext):
    """The chat server a queued job waits for, if that is why something waits."""
    for j in ctx.jobs.list(limit=50):
        holder = ctx.jobs.waiting_for(j)
        if holder is not None and JOB_KINDS[holder.kind].server:
            return holder
    return None


# ---------------------------------------------------------------------------------------------- handlers
# Named (studio.ui.context.named): the language and widget values in by name, a dict of outputs back.


def jobs_bar(ctx: UIContext, lang: str) -> dict:
    """The bar above every tab: what runs (or just failed), and its stop buttons."""
    _settle_lost(ctx)
    recent = ctx.jobs.list(limit=50)
    running = [j for j in recent if j.active]
    hidden = {"stop": gr.update(visible=False), "stop_server": gr.update(visible=False)}
    if not running:
        # A job that just failed stays in the bar with its reason, so nobody has to open its log to learn why.
        failed = next(
            (
                j
                for j in recent
                if j.status == "failed" and j.finished_at and time.time() - j.finished_at < RECENT_FAILURE_S
            ),
            None,
        )
        if failed is not None and failed is recent[0]:
            return {
                "bar": f"❌ {job_line(failed, lang)}" + (f" · {failed.reason(lang)}" if failed.reason else ""),
                **hidden,
            }
        return {"bar": T["idle"](lang), **hidden}
    lines = [("🏃 " if j.status == "running" else "⏳ ") + job_line(j, lang, ctx.jobs) for j in running[:3]]
    return {
        "bar": "<br>".join(lines),
        "stop": gr.update(visible=True),
        "stop_server": gr.update(visible=server_in_the_way(ctx) is not None),
    }


def bar_stop_server(ctx: UIContext, lang: str) -> dict:
    holder = server_in_the_way(ctx)
    if holder is not None:
        ctx.jobs.stop(holder.id)  # stopping it starts the queued job (Jobs.stop ticks the queue)
        gr.Info(T["stopped"](lang, id=holder.title or holder.id))
    return jobs_bar(ctx, lang)


def bar_stop(ctx: UIContext, lang: str) -> dict:
    running = next((j for j in ctx.jobs.list(limit=50) if j.active), None)
    if running is not None:
        ctx.jobs.stop(running.id)
        gr.Info(T["stopped"](lang, id=running.title or running.id))
    return jobs_bar(ctx, lang)


def jobs_view(ctx: UIContext, lang: str, chosen: str | None) -> dict:
    """The table, the picked job and its log. The newest job is shown unless the person picked one that is
    still listed: a pick the page made itself must not stick, or the first job ever shown stays selected
    while newer ones arrive."""
    jobs = ctx.jobs.list()
    rows = [
        [
            j.id,
            JOB_KINDS[j.kind].label(lang),
            j.title,
            STATUS_TEXT[j.status](lang),
            time.strftime("%m-%d %H:%M", time.localtime(j.started_at or j.created_at)),
            duration_text(j.duration_s),
        ]
        for j in jobs
    ]
    ids = [j.id for j in jobs]
    selected = chosen if chosen in ids else (ids[0] if ids else None)
    return {
        "table": gr.update(value=rows, headers=T["cols"](lang).split("|"), visible=bool(jobs)),
        "empty": gr.update(visible=not jobs),
        "pick": gr.update(choices=[(f"{j.id} · {JOB_KINDS[j.kind].label(lang)}", j.id) for j in jobs], value=selected),
        **describe(ctx, lang, selected),
    }


def describe(ctx: UIContext, lang: str, pick: str | None) -> dict:
    if not pick:
        return {"detail": "", "log": ""}
    job = ctx.jobs.get(pick)
    lines = [f"### {JOB_KINDS[job.kind].label(lang)} · {STATUS_TEXT[job.status](lang)}", job_line(job, lang, ctx.jobs)]
    if job.reason:
        lines.append(f"> ⚠️ {job.reason(lang)}")
    lines.append(("运行的命令：" if lang == "zh" else "Command run: ") + f"`{job.command}`")
    lines.append(("文件夹：" if lang == "zh" else "Folder: ") + f"`{job.run_dir}`")
    return {"detail": "\n\n".join(lines), "log": job.log_tail(max_lines=120)}


def stop(ctx: UIContext, lang: str, pick: str | None, chosen: str | None) -> dict:
    if pick:
        ctx.jobs.stop(pick)
        gr.Info(T["stopped"](lang, id=pick))
    return jobs_view(ctx, lang, chosen)


def delete(ctx: UIContext, lang: str, pick: str | None) -> dict:
    if pick:
        ctx.jobs.delete(pick)
    return {**jobs_view(ctx, lang, None), "chosen": None}


def create_jobs_bar(ctx: UIContext, pulse: gr.Button) -> None:
    with gr.Row(elem_id="jobs-bar", equal_height=True):
        bar = gr.Markdown(T["idle"](ctx.lang), elem_id="jobs-bar-text")
        stop_btn = ctx.tr(
            gr.Button(T["stop"](ctx.lang), variant="stop", size="sm", scale=0, visible=False, elem_id="jobs-bar-stop"),
            value=T["stop"],
        )
        stop_server = ctx.tr(
            gr.Button(T["stop_server"](ctx.lang), size="sm", scale=0, visible=False, elem_id="jobs-bar-stop-server"),
            value=T["stop_server"],
        )
    L, on = {"lang": ctx.lang_state}, ctx.wiring(ctx)
    outs = {"bar": bar, "stop": stop_btn, "stop_server": stop_server}
    on(pulse.click, jobs_bar, L, outs, api_name="jobs_bar", show_progress="hidden", queue=False)
    on(stop_btn.click, bar_stop, L, outs, api_name="jobs_bar_stop")
    on(stop_server.click, bar_stop_server, L, outs, api_name="jobs_bar_stop_server")


def create_jobs_tab(ctx: UIContext) -> None:
    ctx.tr(gr.Markdown(T["intro"](ctx.lang)), value=T["intro"])
    empty = ctx.tr(gr.Markdown(T["empty"](ctx.lang), visible=False), value=T["empty"])
    # Widths as shares of the table: long ids and titles wrap instead of pushing columns out of sight.
    table = gr.Dataframe(
        headers=T["cols"](ctx.lang).split("|"),
        interactive=False,
        wrap=True,
        column_widths=["24%", "13%", "27%", "12%", "14%", "10%"],
        elem_id="jobs-table",
    )
    with gr.Row():
        pick = ctx.tr(gr.Dropdown(label=T["pick"](ctx.lang), choices=[], scale=3, elem_id="jobs-pick"), label=T["pick"])
        stop_btn = ctx.tr(gr.Button(T["stop"](ctx.lang), variant="stop", scale=1), value=T["stop"])
        delete_btn = ctx.tr(gr.Button(T["delete"](ctx.lang), scale=1), value=T["delete"])
    detail = gr.Markdown()
    logbox = ctx.tr(
        gr.Code(label=T["log"](ctx.lang), language=None, lines=14, max_lines=24, interactive=False), label=T["log"]
    )
    chosen = gr.State(None)  # the job the person picked (None: follow the newest)

    L, on = {"lang": ctx.lang_state}, ctx.wiring(ctx)
    view = {"table": table, "empty": empty, "pick": pick, "detail": detail, "log": logbox}
    on(
        ctx.pulse.jobs.click,
        jobs_view,
        {**L, "chosen": chosen},
        view,
        api_name="jobs_refresh",
        show_progress="hidden",
        queue=False,
    )
    on(pick.input, describe, {**L, "pick": pick}, {"detail": detail, "log": logbox}, api_name="jobs_describe")
    pick.input(lambda job_id: job_id, pick, chosen, queue=False, show_progress="hidden", api_name=False)
    on(stop_btn.click, stop, {**L, "pick": pick, "chosen": chosen}, view, api_name="jobs_stop")
    on(delete_btn.click, delete, {**L, "pick": pick}, {**view, "chosen": chosen}, api_name="jobs_delete")
