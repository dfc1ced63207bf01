"""The workspace: one folder holding everything a user makes (db, uploads, datasets, runs, models).

Every path the studio reads or writes on a user's behalf goes through `Workspace.resolve`, which
refuses anything outside the workspace (``..``, absolute paths elsewhere, symlinks pointing out).
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

SUBDIRS = ("uploads", "datasets", "runs", "models", "annotate", "exports", "tmp", "logs")


class OutsideWorkspace(ValueError):
    """A path that would leave the workspace."""


# The folder earlier versions used by default, inside the folder the studio was started from.
LEGACY_DIR = "workspace"


def user_data_dir() -> Path:
    """The per-user place for the studio's files, where each system keeps application data."""
    if os.name == "nt":
        base = os.environ.get("LOCALAPPDATA") or "~/AppData/Local"
    elif sys.platform == "darwin":
        base = "~/Library/Application Support"
    else:
        base = os.environ.get("XDG_DATA_HOME") or "~/.local/share"
    return Path(base).expanduser().resolve() / "qixi"


def default_root() -> tuple[Path, str]:
    """Where the workspace is when --workspace is not given, and why: "env" ($QIXI_HOME), "legacy"
    (a ./workspace made by an earlier version: kept, so nobody loses sight of their runs) or "user"
    (the per-user data folder: a clone or a changing current folder no longer decides where data goes)."""
    if os.environ.get("QIXI_HOME"):
        return Path(os.environ["QIXI_HOME"]).expanduser().resolve(), "env"
    legacy = Path(LEGACY_DIR)
    if (legacy / "studio.db").is_file():
        return legacy.resolve(), "legacy"
    return user_data_dir(), "user"


@dataclass(frozen=True)
class Workspace:
    root: Path

    @classmethod
    def open(cls, root: str | os.PathLike | None = None) -> Workspace:
        ws = cls(Path(root).expanduser().resolve() if root else default_root()[0])
        ws.root.mkdir(parents=True, exist_ok=True)
        for name in SUBDIRS:
            (ws.root / name).mkdir(exist_ok=True)
        return ws

    @property
    def db_path(self) -> Path:
        return self.root / "studio.db"

    def __getattr__(self, name: str) -> Path:
        # ws.uploads, ws.datasets, ws.runs ... (only the known sub-folders)
        if name in SUBDIRS:
            return self.root / name
        raise AttributeError(name)

    def resolve(self, path: str | os.PathLike) -> Path:
        """Absolute, symlink-free path inside the workspace, or OutsideWorkspace."""
        p = Path(path)
        if not p.is_absolute():
            p = self.root / p
        real = p.resolve()
        if real != self.root and self.root not in real.parents:
            raise OutsideWorkspace(str(path))
        return real

    def contains(self, path: str | os.PathLike) -> bool:
        try:
            self.resolve(path)
            return True
        except (OutsideWorkspace, OSError):
            return False


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def atomic_write_bytes(path: str | os.PathLike, data: bytes) -> Path:
    """Write to a temp file in the same folder, fsync, then rename over the final name.

    A reader (or a crash) never sees a half-written file under the final name.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    _fsync_dir(path.parent)
    return path


def atomic_write_text(path: str | os.PathLike, text: str) -> Path:
    return atomic_write_bytes(path, text.encode("utf-8"))


def atomic_write_json(path: str | os.PathLike, obj, indent: int | None = 2) -> Path:
    return atomic_write_text(path, json.dumps(obj, ensure_ascii=False, indent=indent) + "\n")


def atomic_write_jsonl(path: str | os.PathLike, rows) -> Path:
    return atomic_write_text(path, "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows))
