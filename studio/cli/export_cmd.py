"""qixi models list|show · qixi export merge|quantize|copy · qixi deploy start|stop|status"""

from __future__ import annotations

from studio.chat import deployments
from studio.cli.jobs_cmd import wait_announcing
from studio.core.i18n import default_lang
from studio.jobs.store import Jobs
from studio.models import names
from studio.models import registry as models


def add_parser(sub) -> None:
    parents = [sub.common] if hasattr(sub, "common") else []

    m = sub.add_parser("models", parents=parents, help="every model and run in the workspace / 工作区里的模型")
    ms = m.add_subparsers(dest="action", required=True)
    ms.add_parser("list", parents=parents, help="list models, runs and their checkpoints").set_defaults(func=cmd_list)
    show = ms.add_parser("show", parents=parents, help="one model with its card")
    show.add_argument("model", help="model id, folder, or run id (RUN@STEP for one checkpoint)")
    show.set_defaults(func=cmd_show)
    rn = ms.add_parser("rename", parents=parents, help="give a model or run a plain name / 改名")
    rn.add_argument("model", help="model id or run id")
    rn.add_argument("name", help='the new name; "" brings the default back')
    rn.set_defaults(func=cmd_rename)

    e = sub.add_parser("export", parents=parents, help="merge, quantize or copy a model / 合并、量化、导出")
    es = e.add_subparsers(dest="action", required=True)
    mg = es.add_parser("merge", parents=parents, help="merge a run's LoRA checkpoint into its base (job)")
    mg.add_argument("--run", required=True, help="run id (see `qixi models list`); RUN@STEP picks a checkpoint")
    quant = es.add_parser("quantize", parents=parents, help="quantize a model or a run's checkpoint (job; needs CUDA)")
    quant.add_argument("--model", required=True, help="model id or run id")
    quant.add_argument("--method", required=True, choices=sorted(models.engine.QUANT_BITS))
    quant.add_argument("--bits", type=int, required=True, choices=(4, 8))
    quant.add_argument(
        "--calibration-samples",
        type=int,
        default=models.engine.CALIBRATION_SAMPLES,
        help="samples AWQ / GPTQ calibrate on: fewer is faster, more measures better",
    )
    cp = es.add_parser("copy", parents=parents, help="copy a model (or one checkpoint's adapter) with its card (job)")
    cp.add_argument("--model", required=True, help="model id or run id")
    for p in (mg, quant, cp):
        p.add_argument("--checkpoint", type=int, default=None, help="checkpoint step (default: the newest)")
        p.add_argument(
            "--out", default=None, help="folder inside the workspace (default: models/<name> or exports/<name>)"
        )
        p.add_argument("--name", default=None, help="name on the model card")
        p.add_argument("--wait", action="store_true", help="wait until the job ends")
    mg.set_defaults(func=cmd_merge)
    quant.set_defaults(func=cmd_quantize)
    cp.set_defaults(func=cmd_copy)

    d = sub.add_parser("deploy", parents=parents, help="local OpenAI-compatible chat server / 本地聊天服务")
    ds = d.add_subparsers(dest="action", required=True)
    st = ds.add_parser("start", parents=parents, help="serve a model with its adapters (job)")
    st.add_argument("--model", required=True, help="model id, or run id (RUN@STEP) to serve over its base")
    st.add_argument(
        "--adapter",
        action="append",
        default=None,
        help="adapter to serve (run id, RUN@STEP); repeat; default: every adapter of the base",
    )
    st.add_argument("--no-adapters", action="store_true", help="serve the model alone")
    st.add_argument("--host", default="127.0.0.1")
    st.add_argument("--port", type=int, default=None, help="default: the first free port from 8000")
    st.add_argument("--api-key", default=None, help="required when --host is not loopback")
    st.add_argument("--backend", default="transformers", choices=("transformers", "vllm", "lmdeploy"))
    st.add_argument("--max-new-tokens", type=int, default=512)
    st.add_argument(
        "--no-guard",
        dest="guard",
        action="store_false",
        help="serve without the safety guard (shown on the deploy card) / 关闭安全守护",
    )
    st.add_argument("--persona", default="", help="saved persona whose system prompt applies when a client sends none")
    st.add_argument("--wait", action="store_true", help="wait until the server answers")
    st.set_defaults(func=cmd_deploy_start)
    sp = ds.add_parser("stop", parents=parents, help="stop the chat server")
    sp.add_argument("id", nargs="?", default=None, help="deployment (job) id; default: the running one")
    sp.set_defaults(func=cmd_deploy_stop)
    ds.add_parser("status", parents=parents, help="is a chat server up, and what does it serve").set_defaults(
        func=cmd_deploy_status
    )


def _lang(args) -> str | None:
    return getattr(args, "lang", None)


def cmd_list(args, ws) -> dict:
    entries = models.list_models(ws)
    named = names.plain_names(ws, entries, _lang(args) or default_lang())
    lines = []
    for e in entries:
        ckpts = ", ".join(str(c.step) for c in e.checkpoints)
        extra = f"checkpoints: {ckpts}" if e.is_run else models.fmt_bytes(e.size_bytes)
        lines.append(f"{named[e.id].name}\n    {e.id}  {e.kind}  {extra}")
    return {
        "models": [e.to_dict() | {"plain_name": named[e.id].name} for e in entries],
        "text": "\n".join(lines) or "no models yet",
    }


def cmd_rename(args, ws) -> dict:
    entry = models.get_model(ws, args.model)
    names.rename(ws, entry.id, args.name)
    plain = names.label(ws, entry.id, _lang(args) or default_lang())
    return {"id": entry.id, "plain_name": plain, "text": f"{plain}\n    {entry.id}"}


def cmd_show(args, ws) -> dict:
    entry = models.get_model(ws, args.model)
    d = entry.to_dict()
    card = (
        entry.card
        if not entry.is_run
        else models.build_card(ws, entry, entry.kind, entry.name, models.parse_ref(args.model)[1])
    )
    d["text"] = models.render_card(card, _lang(args))
    return d


def _job_result(ws, job, wait: bool, lang: str | None) -> dict:
    if wait:
        job = wait_announcing(Jobs(ws), job.id, lang)
    d = job.to_dict()
    d["ok"] = job.status != "failed"
    if job.status == "succeeded" and job.meta.get("dest"):
        d["made"] = models.folder_id(ws, ws.resolve(job.meta["dest"]))  # the new model's id
    line = f"{job.id}: {job.status}"
    if job.meta.get("dest"):
        line += f" -> {job.meta['dest']}"
    if job.status == "succeeded" and job.meta.get("size_bytes"):
        line += (
            f" ({models.fmt_bytes(job.meta.get('source_size_bytes'))} -> {models.fmt_bytes(job.meta['size_bytes'])})"
        )
    if job.reason:
        line += f"\n{job.reason(lang)}"
    d["text"] = line
    return d


def cmd_merge(args, ws) -> dict:
    job = models.submit_merge(ws, args.run, args.checkpoint, args.out, args.name)
    return _job_result(ws, job, args.wait, _lang(args))


def cmd_quantize(args, ws) -> dict:
    job = models.submit_quantize(
        ws, args.model, args.method, args.bits, args.checkpoint, args.out, args.name, samples=args.calibration_samples
    )
    return _job_result(ws, job, args.wait, _lang(args))


def cmd_copy(args, ws) -> dict:
    job = models.submit_copy(ws, args.model, args.out, args.checkpoint, args.name)
    return _job_result(ws, job, args.wait, _lang(args))


def cmd_deploy_start(args, ws) -> dict:
    req = deployments.DeployRequest(
        model=args.model,
        adapters=[] if args.no_adapters else args.adapter,
        host=args.host,
        port=args.port,
        api_key=args.api_key,
        backend=args.backend,
        max_new_tokens=args.max_new_tokens,
        guard=args.guard,
        persona=args.persona,
    )
    dep = deployments.start(ws, req)
    if args.wait:
        dep = deployments.wait_ready(ws, dep)
    d = dep.to_dict()
    d["text"] = (
        f"{dep.id}: {dep.job.status} · {dep.base_url} · models: {', '.join(dep.models)} · "
        f"guard {'on' if dep.guard else 'OFF'}"
    )
    return d


def cmd_deploy_stop(args, ws) -> dict:
    dep = deployments.stop(ws, args.id)
    if dep is None:
        return {"stopped": None, "text": "no chat server is running"}
    return {"stopped": dep.id, "status": dep.job.status, "text": f"{dep.id}: {dep.job.status}"}


def cmd_deploy_status(args, ws) -> dict:
    dep = deployments.current(ws)
    if dep is None:
        return {"running": False, "text": deployments.STATE_TEXT["down"](_lang(args))}
    h = deployments.health(dep)
    st = deployments.state(dep, h)
    d = dep.to_dict() | {"running": True, "state": st, "health": h.to_dict()}
    d["text"] = f"{deployments.STATE_TEXT[st](_lang(args))} · {dep.base_url} · {', '.join(dep.models)}"
    return d
