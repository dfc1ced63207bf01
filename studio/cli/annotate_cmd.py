"""qixi annotate create|generate|list|stats|export|archive|restore|annotator add|reset|revoke|list"""

from __future__ import annotations

from dataclasses import asdict

from studio.annotate import candidates
from studio.annotate import projects as annotate
from studio.core import connections
from studio.jobs.store import Jobs


def add_parser(sub) -> None:
    common = [sub.common] if hasattr(sub, "common") else []
    p = sub.add_parser("annotate", help="label which reply is better / 标注哪条回复更好")
    s = p.add_subparsers(dest="action", required=True)

    q = s.add_parser("create", parents=common, help="new project from a pairs dataset")
    q.add_argument("--dataset", required=True, help="workspace dataset id (a pairs dataset)")
    q.add_argument("--name", required=True, help="project name")
    q.set_defaults(func=cmd_create)

    q = s.add_parser(
        "generate", parents=common, help="new project whose replies are written by 1-3 models or runs of the workspace"
    )
    q.add_argument("--name", required=True, help="project name")
    q.add_argument("--dataset", required=True, help="prompts: a conversations (sft) or pairs dataset id")
    q.add_argument(
        "--model",
        action="append",
        required=True,
        metavar="ID[@STEP]",
        help="a model or run (repeat for 2-3: e.g. the base, an SFT run, a DPO run)",
    )
    d = candidates.GenerateSettings.__dataclass_fields__
    q.add_argument("--n", type=int, default=d["n"].default, help="replies per prompt and model")
    q.add_argument("--temperature", type=float, default=d["temperature"].default)
    q.add_argument("--max-new-tokens", type=int, default=d["max_new_tokens"].default, help="longest reply")
    q.add_argument("--seed", type=int, default=d["seed"].default)
    q.add_argument(
        "--max-prompts", type=int, default=d["max_prompts"].default, help="use the first N prompts of the dataset"
    )
    q.add_argument("--wait", action="store_true", help="block until the project is filled")
    q.add_argument("--timeout", type=float, default=None, help="seconds to wait at most")
    q.set_defaults(func=cmd_generate)

    q = s.add_parser("list", parents=common, help="list projects")
    q.add_argument("--archived", action="store_true", help="list the archived projects instead")
    q.set_defaults(func=cmd_list)

    q = s.add_parser(
        "archive", parents=common, help="hide a project: partners' links stop working, every label is kept"
    )
    q.add_argument("project")
    q.set_defaults(func=cmd_archive)

    q = s.add_parser("restore", parents=common, help="bring an archived project back (partners need new links)")
    q.add_argument("project")
    q.set_defaults(func=cmd_restore)

    q = s.add_parser("stats", parents=common, help="progress and agreement of a project")
    q.add_argument("project")
    q.set_defaults(func=cmd_stats)

    q = s.add_parser("export", parents=common, help="labels -> dataset (pairs / kto) or a CSV sheet")
    q.add_argument("project")
    q.add_argument("--kind", choices=("pairs", "kto", "csv"), default="pairs")
    q.add_argument(
        "--policy",
        choices=annotate.POLICIES,
        default="drop",
        help="partners disagree: drop the item, use the resolution, or a majority vote",
    )
    q.add_argument(
        "--tie-policy",
        choices=("drop", "both_true"),
        default="drop",
        help="kto only: a tie gives both replies label true (both_true) or no rows (drop)",
    )
    q.add_argument("--name", help="dataset name (default: '<project> (<kind>)')")
    q.set_defaults(func=cmd_export)

    a = s.add_parser("annotator", help="people who label: personal links")
    t = a.add_subparsers(dest="annotator_action", required=True)
    for name, fn, helptext in (
        ("add", cmd_annotator_add, "add an annotator; prints their link once"),
        ("reset", cmd_annotator_reset, "new link; the old one stops working"),
        ("revoke", cmd_annotator_revoke, "the link stops working"),
    ):
        q = t.add_parser(name, parents=common, help=helptext)
        q.add_argument("project")
        q.add_argument("name")
        q.set_defaults(func=fn)
    q = t.add_parser("list", parents=common, help="annotators of a project")
    q.add_argument("project")
    q.set_defaults(func=cmd_annotator_list)


def cmd_create(args, ws) -> dict:
    with connections.for_action(ws) as con:
        p = annotate.create_project_from_dataset(con, ws, args.dataset, args.name)
        n = len(annotate.list_items(con, p))
    return {
        "project": p.name,
        "id": p.id,
        "source": p.source,
        "items": n,
        "text": f"{p.name}: {n} items from dataset {args.dataset}",
    }


def cmd_generate(args, ws) -> dict:
    settings = candidates.GenerateSettings(
        project=args.name,
        dataset=args.dataset,
        models=args.model,
        n=args.n,
        temperature=args.temperature,
        max_new_tokens=args.max_new_tokens,
        seed=args.seed,
        max_prompts=args.max_prompts,
    )
    jobs = Jobs(ws)
    project, job = candidates.submit(ws, settings, jobs)
    if args.wait:
        job = jobs.wait(job.id, timeout=args.timeout)
    with connections.for_action(ws) as con:
        n = len(annotate.list_items(con, project))
    out = {
        "project": project.name,
        "id": project.id,
        "job": job.id,
        "status": job.status,
        "items": n,
        "models": job.meta.get("models", []),
        "ok": job.status not in ("failed", "stopped", "interrupted"),
    }
    if job.reason:
        out["reason_zh"], out["reason_en"] = job.reason.zh, job.reason.en
    lang = getattr(args, "lang", None)
    state = f"{job.status}" + (f": {job.reason(lang)}" if job.reason else "")
    out["text"] = f"{project.name}: {n} items ({state}; job {job.id})"
    return out


def cmd_list(args, ws) -> dict:
    with connections.for_action(ws) as con:
        rows = annotate.list_projects(con, archived=getattr(args, "archived", False))
    projects = [
        {
            "name": r.project.name,
            "id": r.project.id,
            "source": r.project.source,
            "items": r.items,
            "ready": r.ready,
            "annotators": r.annotators,
            "labels": r.labels,
        }
        for r in rows
    ]
    lines = [f"{r['name']}  items={r['items']} annotators={r['annotators']} labels={r['labels']}" for r in projects]
    return {"projects": projects, "text": "\n".join(lines) or "no annotation projects"}


def cmd_archive(args, ws) -> dict:
    with connections.for_action(ws) as con:
        labels = annotate.archive_project(con, args.project)
    return {
        "project": args.project,
        "archived": True,
        "labels": labels,
        "text": f"{args.project}: archived ({labels} labels kept; `qixi annotate restore` brings it back)",
    }


def cmd_restore(args, ws) -> dict:
    with connections.for_action(ws) as con:
        p = annotate.restore_project(con, args.project)
    return {
        "project": p.name,
        "archived": False,
        "text": f"{p.name}: restored; give the partners new links with `qixi annotate annotator reset`",
    }


def cmd_stats(args, ws) -> dict:
    with connections.for_action(ws) as con:
        st = annotate.stats(con, args.project)
    ag = st["agreement"]
    lines = [f"{st['project']}: {st['ready']} items"]
    lines += [
        f"  {a['name']}: {a['labelled']} labelled, {a['skipped']} skipped / {a['total']}"
        + ("" if a["active"] else " (link revoked)")
        for a in st["annotators"]
    ]
    if ag["n"]:
        kappa = "-" if ag["kappa"] is None else f"{ag['kappa']:.3f}"
        lines.append(
            f"  agreement on {ag['n']} items: {ag['rate']:.1%}, kappa {kappa}, {len(ag['disagreements'])} disagreements"
        )
    return st | {"text": "\n".join(lines)}


def cmd_export(args, ws) -> dict:
    with connections.for_action(ws) as con:
        if args.kind == "csv":
            path = annotate.export_csv(con, ws, args.project, lang=getattr(args, "lang", None))
            return {"path": str(path), "kind": "csv", "text": str(path)}
        res = annotate.export(
            con, ws, args.project, kind=args.kind, policy=args.policy, tie_policy=args.tie_policy, name=args.name
        )
    return {
        "dataset_id": res.dataset_id,
        "path": str(res.path),
        "kind": res.kind,
        "counts": res.counts,
        "text": f"dataset {res.dataset_id}: {res.counts['train']} train + {res.counts['val']} val rows -> {res.path}",
    }


def cmd_annotator_add(args, ws) -> dict:
    with connections.for_action(ws) as con:
        a, token = annotate.add_annotator(con, args.project, args.name)
    return _link(a.name, token)


def cmd_annotator_reset(args, ws) -> dict:
    with connections.for_action(ws) as con:
        token = annotate.reset_token(con, args.project, args.name)
    return _link(args.name, token)


def cmd_annotator_revoke(args, ws) -> dict:
    with connections.for_action(ws) as con:
        annotate.revoke(con, args.project, args.name)
    return {"annotator": args.name, "active": False, "text": f"{args.name}: link revoked"}


def cmd_annotator_list(args, ws) -> dict:
    with connections.for_action(ws) as con:
        people = annotate.list_annotators(con, args.project)
        links = {k.name: k for k in annotate.partner_links(con, args.project)}
    rows = [asdict(a) | {"link": annotate.link_path(t) if (t := links[a.name].token) else None} for a in people]

    def line(r):
        if not r["active"]:
            return f"{r['name']} (revoked)"
        return f"{r['name']}: {r['link'] or '(link made before links were kept: reset it to see a new one)'}"

    return {"annotators": rows, "text": "\n".join(map(line, rows)) or "no annotators"}


def _link(name: str, token: str) -> dict:
    link = annotate.link_path(token)
    return {
        "annotator": name,
        "token": token,
        "link": link,
        "text": f"{name}: {link}\n(keep it private; `qixi annotate annotator list` shows it again"
        " / 请私下发给对方；之后用 `qixi annotate annotator list` 还能再看)",
    }
