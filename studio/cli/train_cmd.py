"""qixi train sft|align|list|show|stop|resume|delete|plan|presets|models|gpus|download

Same presets and code path as the Train tab's Start button (studio.training.train.start). Every setting of
studio.training.presets.TrainSettings can be given as `--set key=value`; the common ones have their own flags.
"""

from __future__ import annotations

import yaml

from studio.cli.jobs_cmd import wait_announcing
from studio.core.i18n import UserError, default_lang
from studio.jobs.store import Jobs
from studio.training import methods as M
from studio.training import presets as P
from studio.training import runs as R
from studio.training import train as T

# (flag, setting) pairs with their own option; every other setting goes through --set.
COMMON = (
    ("model", str),
    ("dataset", str),
    ("max_steps", int),
    ("epochs", float),
    ("learning_rate", float),
    ("max_length", int),
    ("batch_size", int),
    ("grad_accum", int),
    ("tuner", str),
    ("lora_rank", int),
    ("system", str),
    ("seed", int),
    ("name", str),
)
ALIGN_ONLY = tuple((k, float) for k in P.KNOBS)  # every method knob is a number (studio.training.methods)


def add_parser(sub) -> None:
    p = sub.add_parser("train", help="fine-tune and align / 训练与偏好对齐")
    s = p.add_subparsers(dest="action", required=True)

    def launch_args(q, align: bool):
        q.add_argument("--preset", help=f"one of {', '.join(P.preset_names())} (default: chosen from the GPU)")
        for name, typ in COMMON + (ALIGN_ONLY if align else ()):
            q.add_argument(
                f"--{name.replace('_', '-')}",
                dest=name,
                type=typ,
                default=None,
                help=P.FIELDS[name].metadata["help"].en,
            )
        q.add_argument("--gpus", default=None, help="GPU indexes, e.g. 0,1 (data parallel)")
        q.add_argument("--deepspeed", choices=P.DEEPSPEED, default=None)
        q.add_argument("--offline", action="store_true", default=None, help="never contact a model hub")
        q.add_argument("--trust-remote-code", dest="trust_remote_code", action="store_true", default=None)
        q.add_argument(
            "--set",
            action="append",
            default=[],
            metavar="KEY=VALUE",
            help="any other setting, e.g. --set lora_dropout=0.1 --set gradient_checkpointing=false",
        )
        q.add_argument("--wait", action="store_true", help="block until the job ends; print status and metrics")
        q.add_argument("--timeout", type=float, default=None, help=__import__("argparse").SUPPRESS)

    q = s.add_parser("sft", help="supervised fine-tuning (LoRA / QLoRA)")
    launch_args(q, align=False)
    q.set_defaults(func=cmd_start, method="sft")
    q = s.add_parser("align", help=f"preference alignment: {' '.join(M.align_names())}")
    q.add_argument("--method", choices=M.align_names(), required=True)
    q.add_argument("--from", dest="from_run", default=None, help="the SFT run to start from")
    q.add_argument(
        "--continue",
        dest="continue_mode",
        choices=P.CONTINUE_MODES,
        default=None,
        help="adapter: keep training the SFT LoRA; merge: merge it, then a new LoRA",
    )
    launch_args(q, align=True)
    q.set_defaults(func=cmd_start)

    s.add_parser("list", help="every run").set_defaults(func=cmd_list)
    for name, fn, helptext in (
        ("show", cmd_show, "one run with its metrics"),
        ("stop", cmd_stop, "save and stop"),
        ("resume", cmd_resume, "resume from the newest complete checkpoint"),
        ("delete", cmd_delete, "delete a run with its files"),
    ):
        q = s.add_parser(name, help=helptext)
        q.add_argument("run")
        if name == "resume":
            q.add_argument("--wait", action="store_true")
            q.add_argument("--timeout", type=float, default=None, help=__import__("argparse").SUPPRESS)
        if name == "delete":
            q.add_argument("--yes", action="store_true", help="confirm: the checkpoints cannot be recovered")
        q.set_defaults(func=fn)
    q = s.add_parser("plan", help="memory estimate of settings against this machine")
    q.add_argument("--method", choices=M.names(), default="sft")
    q.add_argument("--from", dest="from_run", default=None)
    launch_args(q, align=True)
    q.set_defaults(func=cmd_plan)
    s.add_parser("presets", help="the training presets").set_defaults(func=cmd_presets)
    s.add_parser("models", help="the model catalog").set_defaults(func=cmd_models)
    s.add_parser("gpus", help="GPUs found and the preset chosen for them").set_defaults(func=cmd_gpus)
    q = s.add_parser("download", help="download a catalog model or hub id into the workspace")
    q.add_argument("model")
    q.add_argument("--hub", choices=P.HUBS, default="modelscope")
    q.add_argument("--wait", action="store_true")
    q.set_defaults(func=cmd_download)


def _changes(args) -> dict:
    out = {}
    for name, _ in COMMON + ALIGN_ONLY:
        v = getattr(args, name, None)
        if v is not None:
            out[name] = v
    for name in ("deepspeed", "offline", "trust_remote_code", "from_run", "continue_mode"):
        v = getattr(args, name, None)
        if v is not None:
            out[name] = v
    if getattr(args, "gpus", None):
        try:
            out["gpus"] = [int(x) for x in args.gpus.split(",") if x.strip()]
        except ValueError:
            raise UserError(
                "--gpus 应该是用逗号分隔的显卡编号，例如 0,1。",
                "--gpus takes GPU indexes separated by commas, e.g. 0,1.",
            ) from None
    for item in getattr(args, "set", []) or []:
        if "=" not in item:
            raise UserError(f"--set {item}：应写成 key=value。", f"--set {item}: write it as key=value.")
        k, v = item.split("=", 1)
        try:
            out[k.strip()] = yaml.safe_load(v) if v.strip() else ""
        except yaml.YAMLError:
            out[k.strip()] = v
    return out


def _settings(args, gpus) -> tuple[P.TrainSettings, str, dict]:
    method = args.method
    changes = _changes(args)
    preset = args.preset or P.auto_preset(gpus, changes.get("gpus"))
    return P.resolve(preset, changes, method), preset, changes


def cmd_start(args, ws) -> dict:
    lang = args.lang or default_lang()
    gpus = P.detect_gpus()
    settings, preset, changes = _settings(args, gpus)
    launch = T.start(ws, settings, preset=preset, changes=changes, gpus=gpus)
    out = launch.to_dict(lang)
    out["preset"], out["made"] = preset, launch.run.id
    if args.wait:
        wait_announcing(Jobs(ws), launch.job.id, lang, args.timeout)
        result = T.wait_result(ws, launch.run.id, timeout=args.timeout)
        out.update(result)
    text = [f"{launch.run.id}: {out.get('status')}  ({out['command']})", *out["warnings"]]
    if out.get("reason_en"):
        text.append(out["reason_zh"] if lang == "zh" else out["reason_en"])
    if out.get("advice_en"):
        text.append(out["advice_zh"] if lang == "zh" else out["advice_en"])
    out["text"] = "\n".join(text)
    return out


def cmd_list(args, ws) -> dict:
    runs = [R.summary(r) for r in R.list_runs(ws)]
    lines = [
        f"{r['id']}  {r['method']:<6} {r['status']:<11} {r['base']}  {r['dataset']}  loss={r['final'].get('loss', '–')}"
        for r in runs
    ]
    return {"runs": runs, "text": "\n".join(lines) or "no runs"}


def cmd_show(args, ws) -> dict:
    lang = args.lang or default_lang()
    run = R.get_run(ws, args.run)
    out = R.summary(run)
    out["settings"] = run.record.get("settings")
    out["health"] = R.health(run.metrics(), run.method, run.active)(lang)
    reason, oom = R.failure_reason(run), T.oom_advice(ws, run)
    if reason:
        out["reason"] = reason(lang)
    if oom:
        out["advice"] = oom(lang)
    out["text"] = "\n".join(f"{k}: {v}" for k, v in out.items() if k not in ("settings",))
    return out


def cmd_stop(args, ws) -> dict:
    run = T.stop(ws, args.run)
    return {
        "id": run.id,
        "status": run.status,
        "checkpoints": [p.name for p in run.checkpoints()],
        "text": f"{run.id}: {run.status}",
    }


def cmd_resume(args, ws) -> dict:
    lang = args.lang or default_lang()
    launch = T.resume(ws, args.run)
    out = launch.to_dict(lang)
    if args.wait:
        out.update(T.wait_result(ws, launch.run.id, timeout=args.timeout))
    out["text"] = f"{launch.run.id}: {out['status']}  " + " ".join(out["warnings"])
    return out


def cmd_delete(args, ws) -> dict:
    R.delete_run(ws, args.run, confirm=args.yes)
    return {"id": args.run, "deleted": True, "text": f"deleted {args.run}"}


def cmd_plan(args, ws) -> dict:
    lang = args.lang or default_lang()
    gpus = P.detect_gpus()
    settings, preset, _ = _settings(args, gpus)
    report = T.plan(ws, settings, gpus)
    d = report.to_dict()
    d["preset"] = preset
    est = d["estimate"] or {}
    d["text"] = (
        f"preset {preset}: ~{est.get('total_gib', '?')} GiB needed, "
        f"{d['available_gib']} GiB free ({report.device})" + (f"\n{report.advice(lang)}" if report.advice else "")
    )
    return d


def cmd_presets(args, ws) -> dict:
    lang = args.lang or default_lang()
    out = [
        {
            "name": p,
            "memory_gib": P.get_preset(p).memory_gib,
            "about": P.get_preset(p).about(lang),
            "values": P.get_preset(p).values,
        }
        for p in P.preset_names()
    ]
    return {"presets": out, "text": "\n".join(f"{p['name']:<11} {p['about']}" for p in out)}


def cmd_models(args, ws) -> dict:
    lang = args.lang or default_lang()
    out = [
        {
            "id": m.id,
            "name": m.name(lang),
            "model_type": m.model_type,
            "template": m.template,
            "params_b": m.params_b,
            "licence": m.licence,
            "modelscope": m.modelscope,
            "huggingface": m.huggingface,
            "remote_code": m.remote_code,
            "role": m.role,
        }
        for m in P.catalog()
    ]
    # Base models first; a safety classifier is listed apart (it can be downloaded, never trained).
    bases = [f"{m['id']:<26} {m['params_b']:>6}B  {m['licence']}" for m in out if m["role"] == "chat"]
    guards = [f"{m['id']:<26} {m['params_b']:>6}B  {m['licence']}" for m in out if m["role"] == "guard"]
    head = (
        "安全分类器（不是基础模型，`qixi train download` 下载后守护自动使用）："
        if lang == "zh"
        else "Safety classifiers (not base models; the guard uses one once `qixi train download` fetched it):"
    )
    return {"models": out, "text": "\n".join(bases + ([head, *guards] if guards else []))}


def cmd_gpus(args, ws) -> dict:
    gpus = P.detect_gpus()
    preset = P.auto_preset(gpus)
    return {
        "gpus": [g.__dict__ for g in gpus],
        "preset": preset,
        "text": "\n".join(f"{g.index}: {g.name} {g.total_gib:.1f} GiB ({g.free_gib:.1f} free)" for g in gpus)
        + f"\npreset: {preset}"
        if gpus
        else f"no NVIDIA GPU found; preset: {preset}",
    }


def cmd_download(args, ws) -> dict:
    job = T.start_download(ws, args.model, args.hub)
    if args.wait:
        job = wait_announcing(Jobs(ws), job.id, args.lang)
    return {"job": job.id, "status": job.status, "folder": job.meta.get("folder"), "text": f"{job.id}: {job.status}"}
