"""Datasets in the workspace, and the one import pipeline the UI and the CLI share.

    ws.datasets/<id>/original/   the uploaded files, byte for byte - only when the user asks to keep them
                     train.jsonl  ms-swift rows
                     val.jsonl
                     card.json    name, kind, sources, counts, scrub and clean reports, split

`inspect` runs the whole pipeline (read -> convert / chat log -> scrub -> clean) and writes nothing;
`import_files` does the same and then builds the dataset folder inside ws.tmp and renames it into
place, so a failed import never leaves half a dataset and never touches existing ones.

No raw chat at rest: after an import the uploaded files are removed from the workspace (the staged copies
under ws.uploads and ws.tmp), and nothing but the scrubbed rows stays, unless the user asks to keep the
originals (keep_original=True: a copy in datasets/<id>/original/, said in the card). Staged uploads that were
never imported are swept after a day (sweep_uploads).
"""

from __future__ import annotations

import errno
import hashlib
import json
import math
import os
import random
import re
import secrets
import shutil
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from studio.core.i18n import Text, UserError
from studio.core.workspace import Workspace, atomic_write_json, atomic_write_jsonl
from studio.data import chats
from studio.data.clean import Cleaner, CleanPolicy, CleanReport, Measurer
from studio.data.formats import ColumnMapping, ColumnsPreview, Limits, convert, detect_layout, guess_mapping, read_file
from studio.data.rows import KINDS, Row, last_exchange, row_kind
from studio.data.scrub import Scrubber, ScrubbingFormatter, ScrubOptions, ScrubReport

IMPORT_KINDS = ("auto", *KINDS, "chat")
SAMPLE_DIR = Path(__file__).resolve().parents[2] / "assets" / "sample"
# (file, kind, name): the bundled samples "use the bundled sample" registers; the names serve both languages
SAMPLES = (
    ("sft.jsonl", "sft", "示例对话 · Sample dialogues"),
    ("pairs.jsonl", "pairs", "示例偏好对 · Sample preference pairs"),
)


def shown_name(name: str, lang: str | None = None) -> str:
    """A bundled sample's name is stored in both languages ("示例对话 · Sample dialogues"): the reader's half."""
    if any(name == n for _, _, n in SAMPLES):
        zh, en = name.split(" · ", 1)
        return en if lang == "en" else zh
    return name


DEFAULT_VAL_RATIO = 0.05
DEFAULT_SEED = 42
MIN_ROWS_FOR_VAL = 20
_ID_RX = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,80}")


@dataclass
class SourceInfo:
    file: str
    fmt: str  # jsonl json csv tsv xlsx parquet txt
    layout: str  # messages sharegpt alpaca columns | a chats.REGISTRY name
    kind: str  # sft pairs kto
    rows: int  # samples made from this file (0 while a chat export waits for "me")
    encoding: str | None = None
    sha256: str = ""
    mapping: dict | None = None  # the column mapping used, for tables
    speakers: list[dict] = field(default_factory=list)  # chat exports: [{name, messages}]
    me: str | None = None
    partner: str | None = None
    dropped: dict = field(default_factory=dict)  # chat exports: reason -> messages dropped

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class Prepared:
    sources: list[SourceInfo]
    kind: str
    rows: list[Row]  # after scrub and clean
    rows_read: int
    scrub: ScrubReport | None
    clean: CleanReport | None
    needs_me: bool = False  # a chat export was found and "me" is not chosen yet
    suggested_me: str | None = None
    needs_mapping: list[ColumnsPreview] = field(default_factory=list)  # tables whose columns must be chosen

    @property
    def chat(self) -> bool:
        """True when a chat export is among the sources."""
        return any(chats.find(s.layout) is not None for s in self.sources)

    @property
    def speakers(self) -> list[dict]:
        merged: dict[str, int] = {}
        for s in self.sources:
            for sp in s.speakers:
                merged[sp["name"]] = merged.get(sp["name"], 0) + sp["messages"]
        return [{"name": n, "messages": c} for n, c in sorted(merged.items(), key=lambda kv: -kv[1])]


@dataclass
class Inspection:
    sources: list[SourceInfo]
    kind: str
    rows: int  # samples that an import with the same settings would keep
    rows_read: int
    needs_me: bool
    speakers: list[dict]
    suggested_me: str | None
    preview: list[dict]  # the first rows, as they would be written
    problems: list[dict]  # clean problems (file, line, kind, action)
    scrub_counts: dict
    needs_mapping: list[dict] = field(default_factory=list)  # [{file, fmt, columns, rows, row_count}]
    chat: bool = False  # a chat export is among the files
    scrubbed: bool = False  # personal data was looked for (scrub on)
    problem_counts: dict = field(default_factory=dict)  # problem kind -> {action: count}, complete
    scrub_examples: list[dict] = field(default_factory=list)  # a few changed lines, with their placeholders

    def to_dict(self) -> dict:
        return {
            "sources": [s.to_dict() for s in self.sources],
            "kind": self.kind,
            "rows": self.rows,
            "rows_read": self.rows_read,
            "needs_me": self.needs_me,
            "speakers": self.speakers,
            "suggested_me": self.suggested_me,
            "preview": self.preview,
            "problems": self.problems,
            "scrub_counts": self.scrub_counts,
            "needs_mapping": self.needs_mapping,
            "chat": self.chat,
            "scrubbed": self.scrubbed,
            "problem_counts": self.problem_counts,
            "scrub_examples": self.scrub_examples,
        }


@dataclass
class Dataset:
    id: str
    path: Path
    card: dict

    @property
    def name(self) -> str:
        return self.card.get("name", self.id)

    @property
    def kind(self) -> str:
        return self.card.get("kind", "sft")

    @property
    def source(self) -> str:
        """Where the rows came from: "upload", "sample", "annotate:<project>", ... (older cards: derived)."""
        return self.card.get("source") or ("sample" if self.card.get("bundled") else "upload")

    @property
    def train_path(self) -> Path:
        return self.path / "train.jsonl"

    @property
    def val_path(self) -> Path:
        return self.path / "val.jsonl"

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "name": self.name,
            "kind": self.kind,
            "path": str(self.path),
            "train": str(self.train_path),
            "val": str(self.val_path),
            "created": self.card.get("created"),
            "counts": self.card.get("counts", {}),
            "source": self.source,
        }


@dataclass
class ImportResult:
    dataset: Dataset
    prepared: Prepared

    @property
    def id(self) -> str:
        return self.dataset.id

    def to_dict(self) -> dict:
        return self.dataset.to_dict() | {"card": self.dataset.card}


# ---------------------------------------------------------------------------------------------
# The pipeline


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def prepare(
    paths: list[Path],
    *,
    kind: str = "auto",
    me: str | None = None,
    partner: str | None = None,
    mapping: ColumnMapping | None = None,
    scrub: ScrubOptions | bool | None = None,
    clean_policy: CleanPolicy | None = None,
    limits: Limits | None = None,
    gap_hours: float = 6.0,
    max_rounds: int = 20,
    system: str | None = None,
    need_me: bool = True,
    scrub_only_chats: bool = False,
) -> Prepared:
    """Read, convert, scrub and clean. need_me=False (inspect) lets a chat export without "me" and a table
    without a recognisable column mapping through, reported in needs_me / needs_mapping.
    scrub_only_chats: scrub only when a chat export is among the files (the UI's default on upload)."""
    if kind not in IMPORT_KINDS:
        raise UserError(
            f"未知的数据类型 {kind}，可选：{'、'.join(IMPORT_KINDS)}。",
            f"unknown kind {kind}; choose one of {', '.join(IMPORT_KINDS)}.",
        )
    if not paths:
        raise UserError("请至少选择一个文件。", "choose at least one file.")
    sources: list[SourceInfo] = []
    rows: list[Row] = []
    needs_me, suggested = False, None
    needs_mapping: list[ColumnsPreview] = []
    for path in paths:
        raw = read_file(path, limits)
        fmt = chats.sniff(raw) if kind in ("auto", "chat") and mapping is None else None
        if kind == "chat" and fmt is None:
            raise chats.not_a_chat(raw.name)
        if fmt:
            log = chats.parse(raw)
            src = SourceInfo(
                raw.name,
                raw.fmt,
                fmt,
                "sft",
                0,
                raw.encoding,
                _sha256(raw.path),
                speakers=[asdict(s) for s in chats.list_speakers(log)],
                dropped=dict(log.dropped),
            )
            suggested = suggested or log.suggested_me
            if me is None:
                if need_me:
                    raise UserError(
                        f"{raw.name} 是聊天记录，请选择哪位是“我”（模型要学的说话人）。找到的发言人：{chats.speaker_list(log)}。",
                        f"{raw.name} is a chat export: choose who 'me' is (the voice the model "
                        f"learns). Speakers found: {chats.speaker_list(log)}.",
                    )
                needs_me = True
            else:
                got = chats.to_samples(log, chats.ChatOptions(me, partner, gap_hours, max_rounds, system))
                src.rows, src.me, src.dropped = len(got.rows), me, dict(got.dropped)
                src.partner = chats.resolve_partner(log, me, partner)
                rows += got.rows
        elif (
            not need_me
            and mapping is None
            and raw.records
            and detect_layout(raw.records) is None
            and guess_mapping(raw.columns) is None
        ):
            needs_mapping.append(
                ColumnsPreview(
                    raw.name, raw.fmt, raw.columns, [r for _, r in raw.records[:5]], len(raw.records), None, None
                )
            )
            continue
        else:
            conv = convert(raw, "auto" if kind in ("auto", "chat") else kind, mapping)
            src = SourceInfo(
                raw.name,
                conv.fmt,
                conv.layout,
                conv.kind,
                len(conv.rows),
                conv.encoding,
                _sha256(raw.path),
                mapping=conv.mapping.used() if conv.mapping else None,
            )
            rows += conv.rows
        sources.append(src)
    kinds = {s.kind for s in sources}
    if len(kinds) > 1:
        listing = ", ".join(f"{s.file}: {s.kind}" for s in sources)
        raise UserError(
            f"这些文件的数据类型不同（{listing}），请分开导入。",
            f"these files hold different kinds of data ({listing}); import them separately.",
        )
    rows_read = len(rows)
    scrub_report = None
    if scrub_only_chats and not any(chats.find(s.layout) is not None for s in sources):
        scrub = False
    if isinstance(scrub, ScrubOptions):
        ScrubbingFormatter.also_hide(scrub.names)  # in case a bug's traceback quotes a row into the log
    if scrub is not False:
        rows, scrub_report = Scrubber(scrub if isinstance(scrub, ScrubOptions) else None).scrub_rows(rows)
    clean_report = None
    if rows:
        rows, clean_report = Cleaner(clean_policy).clean(rows)
    kind_out = kinds.pop() if kinds else (kind if kind in KINDS else "sft")
    return Prepared(sources, kind_out, rows, rows_read, scrub_report, clean_report, needs_me, suggested, needs_mapping)


def inspect(paths, ws: Workspace | None = None, preview_rows: int = 5, **options) -> Inspection:
    """What an import of these files would give - format, kind, row count, speakers, preview, problems -
    without writing anything. Takes the same options as import_files."""
    paths = [ws.resolve(p) if ws else Path(p) for p in _as_list(paths)]
    p = prepare(paths, need_me=False, **options)
    return Inspection(
        p.sources,
        p.kind,
        len(p.rows),
        p.rows_read,
        p.needs_me,
        p.speakers,
        p.suggested_me,
        [r.data for r in p.rows[:preview_rows]],
        p.clean.to_dict(max_problems=200)["problems"] if p.clean else [],
        p.scrub.to_dict()["counts"] if p.scrub else {},
        [{k: v for k, v in asdict(c).items() if k not in ("layout", "suggested")} for c in p.needs_mapping],
        p.chat,
        p.scrub is not None,
        p.clean.counts() if p.clean else {},
        p.scrub.examples if p.scrub else [],
    )


def import_files(
    ws: Workspace,
    paths,
    name: str | None = None,
    kind: str = "auto",
    me: str | None = None,
    partner: str | None = None,
    scrub: ScrubOptions | bool | None = None,
    clean_policy: CleanPolicy | None = None,
    mapping: ColumnMapping | None = None,
    limits: Limits | None = None,
    gap_hours: float = 6.0,
    max_rounds: int = 20,
    system: str | None = None,
    val_ratio: float = DEFAULT_VAL_RATIO,
    seed: int = DEFAULT_SEED,
    keep_original: bool = False,
) -> ImportResult:
    """Everything from uploaded files (inside the workspace) to a finished dataset, or nothing at all.
    Afterwards the uploaded files are gone from the workspace unless keep_original (then a copy stays in
    datasets/<id>/original/)."""
    paths = [ws.resolve(p) for p in _as_list(paths)]
    try:
        p = prepare(
            paths,
            kind=kind,
            me=me,
            partner=partner,
            mapping=mapping,
            scrub=scrub,
            clean_policy=clean_policy,
            limits=limits,
            gap_hours=gap_hours,
            max_rounds=max_rounds,
            system=system,
        )
        return _write(ws, paths, p, name or paths[0].stem, val_ratio, seed, keep_original=keep_original)
    except UserError as e:
        # A failed import keeps no raw copy either; the person's own file (outside the workspace) is untouched.
        if remove_staged(ws, paths):
            raise UserError(Text(e.msg.zh + RETRY.zh, e.msg.en + " " + RETRY.en)) from None
        raise
    finally:
        remove_staged(ws, paths)


RETRY = Text(
    "上传的副本已从工作区删除（你自己的文件没有动）：改好后请重新选择你的文件再导入。",
    "The uploaded copy was removed from the workspace (your own file is untouched): fix this, then choose "
    "your file again and import it.",
)


def original_note(card: dict) -> Text:
    """One sentence: were the uploaded files kept, and where."""
    orig = card.get("original")
    if orig is None:  # datasets imported before the originals were removed: they keep their folder
        return Text(
            f"原始文件保存在 datasets/{card.get('id')}/original/（未脱敏）。",
            f"The uploaded files are in datasets/{card.get('id')}/original/ (not desensitized).",
        )
    if orig.get("kept"):
        return Text(
            f"按你的选择，上传的原始文件（未脱敏，含手机号等原文）保留在 {orig['folder']}/；删除数据集时一起删除。",
            f"As you chose, the uploaded files (not desensitized: phone numbers and the like as they were) "
            f"are kept in {orig['folder']}/; deleting the dataset deletes them.",
        )
    return Text(
        "上传的原始文件已从工作区删除，只保留脱敏后的样本（train.jsonl、val.jsonl）。",
        "The uploaded files were removed from the workspace; only the desensitized samples (train.jsonl, "
        "val.jsonl) are kept.",
    )


def remove_staged(ws: Workspace, paths) -> list[Path]:
    """Delete uploaded files staged in the workspace (ws.uploads, ws.tmp - the browser's upload cache is there
    too) and the folders they leave empty. Files elsewhere (a CLI argument outside the workspace) are the
    user's own and stay. Returns what was removed."""
    gone = []
    for path in _as_list(paths):
        path = Path(path)
        if not ws.contains(path):
            continue
        path = ws.resolve(path)
        for root in (ws.uploads, ws.tmp):
            root = ws.resolve(root)
            if root in path.parents and path.is_file():
                path.unlink(missing_ok=True)
                gone.append(path)
                folder = path.parent
                while folder != root and root in folder.parents and not any(folder.iterdir()):
                    folder.rmdir()
                    folder = folder.parent
                break
    return gone


_last_sweep: dict[str, float] = {}


def sweep_now_and_then(ws: Workspace, every_s: float = 600) -> int:
    """sweep_uploads at most once every `every_s` per workspace: called from the studio's periodic refresh,
    so "a day at most" holds while the studio runs, whichever tab is open."""
    key, now = str(ws.root), time.monotonic()
    if key in _last_sweep and now - _last_sweep[key] < every_s:
        return 0
    _last_sweep[key] = now
    try:
        return sweep_uploads(ws)
    except OSError:  # a file in use or a read-only folder: the next sweep tries again
        return 0


def sweep_uploads(ws: Workspace, older_than_s: float = 86400) -> int:
    """Remove staged uploads nobody imported (a person uploaded a chat and left): files under ws.uploads and
    the browser's upload cache (ws.tmp/gradio) older than `older_than_s`. Returns how many files went."""
    now, old = time.time(), []
    for root in (ws.uploads, ws.tmp / "gradio"):
        root = ws.resolve(root)
        for path in root.rglob("*") if root.is_dir() else []:
            try:
                if path.is_file() and now - path.stat().st_mtime > older_than_s:
                    old.append(path)
            except OSError:
                continue
    return len(remove_staged(ws, old))


def register_jsonl(
    ws: Workspace, path: str | Path, name: str, kind: str, *, source: str | None = None, bundled: bool = True
) -> ImportResult:
    """A ready ms-swift JSONL file as a dataset, not scrubbed (it is ours or already the user's own rows).

    bundled=True (default): a sample shipped with the app, so it may live outside the workspace; registering
    the same file again returns the dataset made the first time. bundled=False: rows the studio made for
    the user (e.g. an annotation export, source="annotate:<project>"); every call makes a new dataset.
    source defaults to "sample" (bundled) or "file"."""
    path = Path(path)
    source = source or ("sample" if bundled else "file")
    sha = _sha256(path)
    if bundled:
        for ds in list_datasets(ws):
            if (
                ds.card.get("bundled")
                and ds.source == source
                and [s.get("sha256") for s in ds.card.get("sources", [])] == [sha]
            ):
                return ImportResult(ds, Prepared([], ds.kind, [], 0, None, None))
    p = prepare([path], kind=kind, scrub=False)
    return _write(ws, [path], p, name, DEFAULT_VAL_RATIO, DEFAULT_SEED, bundled=bundled, source=source)


def register_samples(ws: Workspace) -> list[Dataset]:
    """The bundled sample dialogues (SFT) and preference pairs, as two datasets; idempotent."""
    return [register_jsonl(ws, SAMPLE_DIR / file, name, kind).dataset for file, kind, name in SAMPLES]


def _as_list(paths) -> list:
    return [paths] if isinstance(paths, (str, os.PathLike)) else list(paths)


def split_rows(n: int, val_ratio: float = DEFAULT_VAL_RATIO, seed: int = DEFAULT_SEED) -> tuple[list[int], list[int]]:
    """(train indexes, val indexes), both in original order. No validation rows below 20 samples."""
    if not 0 <= val_ratio < 1:
        raise UserError(
            "验证集比例应在 0 到 1 之间（例如 0.05）。", "the validation ratio must be between 0 and 1 (e.g. 0.05)."
        )
    n_val = max(1, round(n * val_ratio)) if n >= MIN_ROWS_FOR_VAL and val_ratio > 0 else 0
    order = list(range(n))
    random.Random(seed).shuffle(order)
    val = sorted(order[:n_val])
    vs = set(val)
    return [i for i in range(n) if i not in vs], val


def _new_id() -> str:
    return f"ds-{time.strftime('%Y%m%d-%H%M%S')}-{secrets.token_hex(3)}"


def _write(
    ws: Workspace,
    paths: list[Path],
    p: Prepared,
    name: str,
    val_ratio: float,
    seed: int,
    bundled: bool = False,
    source: str | None = None,
    keep_original: bool = False,
) -> ImportResult:
    if not p.rows:
        why = p.clean.summary() if p.clean else ""
        raise UserError(
            f"清洗后没有可用的样本，未导入任何数据。{why}",
            f"no usable samples are left after cleaning; nothing was "
            f"imported. {p.clean.summary('en') if p.clean else ''}",
        )
    name = _check_name(name)
    train_idx, val_idx = split_rows(len(p.rows), val_ratio, seed)
    ds_id = _new_id()
    tmp = ws.resolve(ws.tmp / f"import-{ds_id}")
    final = ws.resolve(ws.datasets / ds_id)
    try:
        tmp.mkdir(parents=True)
        used: set[str] = set()
        for i, src in enumerate(paths if keep_original else []):
            (tmp / "original").mkdir(exist_ok=True)
            fname = src.name if src.name not in used else f"{i}-{src.name}"
            used.add(fname)
            shutil.copyfile(src, tmp / "original" / fname)
        atomic_write_jsonl(tmp / "train.jsonl", [p.rows[i].data for i in train_idx])
        atomic_write_jsonl(tmp / "val.jsonl", [p.rows[i].data for i in val_idx])
        card = {
            "id": ds_id,
            "name": name,
            "kind": p.kind,
            "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            "bundled": bundled,
            "source": source or ("sample" if bundled else "upload"),
            "sources": [s.to_dict() for s in p.sources],
            "counts": {"read": p.rows_read, "kept": len(p.rows), "train": len(train_idx), "val": len(val_idx)},
            "scrub": p.scrub.to_dict() if p.scrub else None,
            "clean": p.clean.to_dict() if p.clean else None,
            "split": {"seed": seed, "val_ratio": val_ratio},
            # where the uploaded files are: kept as they came (folder), or removed after the import
            "original": {"kept": keep_original, "folder": f"datasets/{ds_id}/original" if keep_original else None},
        }
        atomic_write_json(tmp / "card.json", card)
        os.rename(tmp, final)
    except BaseException as e:
        shutil.rmtree(tmp, ignore_errors=True)
        if _is_disk_full(e):
            raise _disk_full(e) from None
        raise
    return ImportResult(Dataset(ds_id, final, card), p)


def stage_upload(ws: Workspace, src: str | Path, limits: Limits | None = None, folder: Path | None = None) -> Path:
    """Copy a file from anywhere (a browser upload's temp file, a CLI argument) into the workspace:
    into `folder` (inside it) or a new folder under ws.uploads. Refuses files over the size limit."""
    limits = limits or Limits()
    src = Path(src)
    if not src.is_file():
        raise UserError(f"找不到文件 {src}。", f"file {src} not found.")
    if src.stat().st_size > limits.max_file_bytes:
        read_file(src, limits)  # raises the size message
    folder = folder or ws.uploads / f"{time.strftime('%Y%m%d-%H%M%S')}-{secrets.token_hex(3)}"
    dest = ws.resolve(Path(folder) / src.name)
    try:
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, dest)
    except OSError as e:
        dest.unlink(missing_ok=True)  # no half-copied upload under its name
        if _is_disk_full(e):
            raise _disk_full(e) from None
        raise
    return dest


def _is_disk_full(e: BaseException) -> bool:
    return isinstance(e, OSError) and e.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG)


def _disk_full(e: BaseException) -> UserError:
    return UserError(
        "磁盘满了，数据没有导入（也没有留下半截文件）。请删除不再需要的训练运行或模型，腾出空间后重试。",
        "The disk is full, so nothing was imported (and nothing half-written was left). Delete runs or "
        "models you no longer need to free space, then try again.",
    )


@dataclass
class Staged:
    paths: list[Path]  # copies inside the workspace, in upload order
    refused: list[tuple[str, UserError]] = field(default_factory=list)  # (file name, why), e.g. too big


def stage_uploads(ws: Workspace, sources, limits: Limits | None = None) -> Staged:
    """Copy a batch of browser uploads into ws.uploads/<content hash>/<name>. The same file uploaded
    again lands in the same place (no pile of copies while a person adds and removes files); a file
    over the size limit is refused with its sentence and the others go on."""
    limits = limits or Limits()
    out = Staged([])
    for src in _as_list(sources):
        src = Path(src)
        try:
            if src.is_file() and src.stat().st_size <= limits.max_file_bytes:
                folder = ws.uploads / _sha256(src)[:16]
                dest = folder / src.name
                if ws.contains(dest) and dest.is_file() and dest.stat().st_size == src.stat().st_size:
                    out.paths.append(ws.resolve(dest))
                    continue
            else:
                folder = None  # stage_upload raises the "not found" / "too big" sentence
            out.paths.append(stage_upload(ws, src, limits, folder))
        except UserError as e:
            out.refused.append((src.name, e))
    return out


@dataclass
class Checked:
    """A batch of uploaded files, checked: which can be imported, which not (and why), and what an
    import of the good ones with the chosen settings would give."""

    ok: list[Path]
    bad: list[tuple[str, UserError]]  # files that cannot be imported whatever the settings
    inspection: Inspection | None  # the good files together with these settings
    error: UserError | None = None  # why the good files together cannot be imported (settings, kinds)


def check_files(ws: Workspace, paths, **options) -> Checked:
    """inspect() for a batch of uploads that may hold broken files. The batch is inspected at once; only
    when that fails is every file tried alone (with no settings) to single out the broken ones, so one
    bad file does not hide the good ones. Takes the options of inspect()."""
    paths = [ws.resolve(p) for p in _as_list(paths)]
    if not paths:
        return Checked([], [], None)
    try:
        return Checked(paths, [], inspect(paths, ws=ws, **options))
    except UserError as first:
        if len(paths) == 1:
            # alone and with no settings: a broken file, else the settings are what is wrong
            try:
                inspect(paths, ws=ws, limits=options.get("limits"), scrub=False)
            except UserError as e:
                return Checked([], [(paths[0].name, e)], None)
            return Checked(paths, [], None, first)
    ok, bad = [], []
    for p in paths:
        try:
            inspect([p], ws=ws, limits=options.get("limits"), scrub=False)
            ok.append(p)
        except UserError as e:
            bad.append((p.name, e))
    if not ok:
        return Checked([], bad, None)
    try:
        return Checked(ok, bad, inspect(ok, ws=ws, **options))
    except UserError as e:
        return Checked(ok, bad, None, e)


# ---------------------------------------------------------------------------------------------
# Datasets


def _check_name(name: str) -> str:
    name = " ".join(str(name or "").split())
    if not name or len(name) > 100:
        raise UserError("数据集名称不能为空，最多 100 个字符。", "a dataset name must be 1 to 100 characters long.")
    return name


def list_datasets(ws: Workspace) -> list[Dataset]:
    out = []
    for d in ws.datasets.iterdir() if ws.datasets.is_dir() else []:
        card = d / "card.json"
        if d.is_dir() and card.is_file():
            try:
                out.append(Dataset(d.name, d, json.loads(card.read_text(encoding="utf-8"))))
            except (OSError, json.JSONDecodeError):
                continue
    return sorted(out, key=lambda ds: (ds.card.get("created", ""), ds.id), reverse=True)


def get_dataset(ws: Workspace, ds_id: str) -> Dataset:
    """A dataset by its id, or by its name when exactly one dataset has that name (what a person remembers)."""
    path = ws.resolve(ws.datasets / ds_id) if _ID_RX.fullmatch(ds_id or "") else None
    try:
        card = json.loads((path / "card.json").read_text(encoding="utf-8")) if path else None
    except (OSError, json.JSONDecodeError):
        card = None
    if card is not None:
        return Dataset(ds_id, path, card)
    named = [d for d in list_datasets(ws) if d.name == " ".join(str(ds_id or "").split())]
    if len(named) == 1:
        return named[0]
    if len(named) > 1:
        ids = ", ".join(d.id for d in named)
        raise UserError(
            f"有 {len(named)} 个数据集都叫“{ds_id}”：请用编号（{ids}）。",
            f"{len(named)} datasets are named “{ds_id}”: use an id ({ids}).",
        )
    raise UserError(
        f"没有编号为 {ds_id} 的数据集（也没有叫这个名字的）。用 `qixi data list` 查看已有的数据集。",
        f"there is no dataset {ds_id} (by id or by name). `qixi data list` shows the datasets.",
    )


def rename_dataset(ws: Workspace, ds_id: str, name: str) -> Dataset:
    ds = get_dataset(ws, ds_id)
    ds.card["name"] = _check_name(name)
    atomic_write_json(ds.path / "card.json", ds.card)
    return ds


def delete_dataset(ws: Workspace, ds_id: str, confirm: bool = False) -> None:
    ds = get_dataset(ws, ds_id)
    if not confirm:
        raise UserError(
            f"删除数据集“{ds.name}”（{ds.id}）需要确认，删除后无法恢复。",
            f"deleting dataset '{ds.name}' ({ds.id}) needs confirmation; it cannot be undone.",
        )
    # move out of datasets/ first, so a crash mid-delete leaves no half dataset in the list
    trash = ws.resolve(ws.tmp / f"deleted-{ds.id}-{secrets.token_hex(3)}")
    os.rename(ds.path, trash)
    shutil.rmtree(trash, ignore_errors=True)


def read_rows(path: Path) -> list[dict]:
    out = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                out.append(json.loads(line))
    return out


@dataclass
class Preview:
    rows: list[dict]  # this page: index, prompt, response, rejected, label, rounds, length, data
    total: int  # rows in the split
    matched: int  # rows matching the search
    page: int
    pages: int
    histogram: list[dict]  # [{lo, hi, count}] of sample lengths
    length_unit: str
    exact_lengths: bool  # counted with a real tokenizer (else approximated)
    field_stats: dict  # field -> {nonempty, mean, median, min, max} characters

    def to_dict(self) -> dict:
        return asdict(self)


_TEXT_COLS = ("system", "prompt", "response", "rejected")


def preview(
    ws: Workspace,
    ds_id: str,
    split: str = "train",
    page: int = 1,
    page_size: int = 20,
    search: str = "",
    bins: int = 20,
    tokenizer_path: str | None = None,
) -> Preview:
    import numpy as np
    import pandas as pd

    if split not in ("train", "val"):
        raise UserError("只能预览 train 或 val。", "preview either train or val.")
    ds = get_dataset(ws, ds_id)
    data = read_rows(ds.train_path if split == "train" else ds.val_path)
    measure = Measurer("tokens", tokenizer_path)
    recs = []
    for i, d in enumerate(data):
        prompt, response = last_exchange(d)
        msgs = d.get("messages", [])
        recs.append(
            {
                "index": i,
                "system": msgs[0]["content"] if msgs and msgs[0]["role"] == "system" else "",
                "prompt": prompt,
                "response": response,
                "rejected": d.get("rejected_response", ""),
                "label": d.get("label"),
                "rounds": sum(m["role"] == "user" for m in msgs),
                "length": measure.row_length(d),
                "kind": row_kind(d),
            }
        )
    df = pd.DataFrame(recs, columns=["index", *_TEXT_COLS, "label", "rounds", "length", "kind"])
    view = df
    if search.strip():
        texts = pd.Series([json.dumps(d, ensure_ascii=False) for d in data], dtype="object")
        view = df[texts.str.contains(search.strip(), case=False, regex=False).to_numpy()] if len(df) else df
    page_size = max(1, min(int(page_size), 500))
    pages = max(1, math.ceil(len(view) / page_size))
    page = min(max(1, int(page)), pages)
    chunk = view.iloc[(page - 1) * page_size : page * page_size]
    rows = [
        dict(r, data=data[int(r["index"])]) for r in chunk.astype(object).where(chunk.notna(), None).to_dict("records")
    ]
    hist = []
    if len(df):
        counts, edges = np.histogram(df["length"].to_numpy(), bins=max(1, min(bins, df["length"].nunique())))
        hist = [
            {"lo": int(edges[k]), "hi": int(math.ceil(edges[k + 1])), "count": int(c)} for k, c in enumerate(counts)
        ]
    stats = {}
    for col in _TEXT_COLS:
        lens = df[col].fillna("").astype(str).str.len()
        lens = lens[lens > 0]
        if len(lens):
            stats[col] = {
                "nonempty": int(len(lens)),
                "mean": round(float(lens.mean()), 1),
                "median": float(lens.median()),
                "min": int(lens.min()),
                "max": int(lens.max()),
            }
    return Preview(rows, len(df), len(view), page, pages, hist, "tokens", measure.exact, stats)
