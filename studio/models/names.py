"""Plain names for runs and models, the words a person reads instead of `20261205-222735-align-b9dea2`.

Every trained run gets a version in the order the runs were started, and a default name from it:
"伴侣 v2 · 偏好学习 · 12月5日" / "Companion v2 · preference learning · Dec 5". A model made from a run (merged,
quantized, exported) carries the run's version. Base models keep their own names. A name the person typed
(when training, exporting, or by renaming) wins; renames live in the `names` table (migration 0006), so
nothing in a run or model folder is rewritten. The id stays visible in a detail line wherever a name is shown.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from studio.core import db
from studio.core.i18n import Text, UserError
from studio.core.workspace import Workspace
from studio.models.registry import list_models

MAX_LEN = 80
COMPANION = Text("伴侣", "Companion")
WHAT = {
    "sft": Text("学说话", "learning to talk"),
    "align": Text("偏好学习", "preference learning"),
    "merged": Text("合并", "merged"),
    "quantized": Text("量化", "quantized"),
    "export": Text("导出", "exported"),
    "adapter": Text("适配器", "adapter"),
}
MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def day(ts: float, lang: str) -> str:
    t = time.localtime(ts or time.time())
    return f"{t.tm_mon}月{t.tm_mday}日" if lang == "zh" else f"{MONTHS_EN[t.tm_mon - 1]} {t.tm_mday}"


def check(name: str) -> str:
    name = " ".join(str(name or "").split())
    if not name or len(name) > MAX_LEN:
        raise UserError(f"名字不能为空，最多 {MAX_LEN} 个字符。", f"a name must be 1 to {MAX_LEN} characters long.")
    return name


def renamed(ws: Workspace) -> dict[str, str]:
    con = db.connect(ws.db_path)
    try:
        return {r["ref"]: r["name"] for r in con.execute("SELECT ref, name FROM names")}
    finally:
        con.close()


def rename(ws: Workspace, ref: str, name: str) -> str:
    """Give a run or model (by registry id) a name; an empty name brings the default back."""
    con = db.connect(ws.db_path)
    try:
        with db.tx(con):
            if not str(name or "").strip():
                con.execute("DELETE FROM names WHERE ref=?", (ref,))
                return ""
            name = check(name)
            con.execute(
                "INSERT INTO names (ref, name, updated_at) VALUES (?,?,?) ON CONFLICT(ref) DO UPDATE "
                "SET name=excluded.name, updated_at=excluded.updated_at",
                (ref, name, time.time()),
            )
    finally:
        con.close()
    return name


@dataclass(frozen=True)
class Named:
    name: str  # what the person reads
    detail: str  # the id (and what it is), for the detail line


def _typed(entry) -> str | None:
    """The name someone typed when making it, if any (else the studio made one up from the id)."""
    if entry.is_run:
        return entry.name if entry.name and entry.name != entry.id else None
    name = entry.card.get("name")
    if isinstance(name, dict):
        name = name.get("zh") or name.get("en")
    return str(name) if name and name != entry.path.name else None


def plain_names(ws: Workspace, entries: list, lang: str, custom: dict[str, str] | None = None) -> dict[str, Named]:
    """{entry id: Named} for models.list_models entries (the list is needed whole: versions count runs)."""
    custom = renamed(ws) if custom is None else custom
    runs = sorted((e for e in entries if e.is_run), key=lambda e: (e.created_at, e.id))
    version = {e.id: n for n, e in enumerate(runs, 1)}
    out = {}
    for e in entries:
        source = e.card.get("source") if isinstance(e.card.get("source"), dict) else {}
        v = version.get(e.id) or version.get(source.get("run") or "")
        if e.id in custom:
            name = custom[e.id]
        elif e.kind == "base" or not (e.is_run or v):
            name = e.display_name(lang)
        elif (typed := _typed(e)) is not None:
            name = typed
        else:
            bits = [f"{COMPANION(lang)} v{v}"]
            if not e.is_run:
                src = next((r for r in runs if r.id == source.get("run")), None)
                if src is not None:
                    bits.append(WHAT[src.kind](lang))
            bits += [WHAT.get(e.kind, Text(e.kind, e.kind))(lang), day(e.created_at, lang)]
            name = " · ".join(bits)
        out[e.id] = Named(name, e.id)
    return out


def label(ws: Workspace, entry_id: str, lang: str, entries: list | None = None) -> str:
    """One entry's plain name (lists the models when not given them)."""
    entries = entries if entries is not None else list_models(ws)
    named = plain_names(ws, entries, lang).get(entry_id)
    return named.name if named else entry_id


def served(ws: Workspace, dep, lang: str, entries: list | None = None) -> dict[str, str]:
    """{name a chat server answers to: "plain name — served name"} for a deployment (deployments.Deployment): its
    base model, and each LoRA adapter by the run (or adapter folder) its weights come from."""
    entries = entries if entries is not None else list_models(ws)
    named = plain_names(ws, entries, lang)
    by_path = {e.path.resolve(): e.id for e in entries}
    refs = {dep.served_name: dep.base}
    for name, folder in dep.adapters.items():
        p = Path(folder).resolve()
        refs[name] = next((by_path[q] for q in (p, *p.parents) if q in by_path), None)
    return {name: (f"{named[ref].name} — {name}" if ref in named else name) for name, ref in refs.items()}
