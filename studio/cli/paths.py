"""Paths a person types on the command line."""

from __future__ import annotations

import os
from pathlib import Path


def user_path(arg: str | os.PathLike) -> Path:
    """A file named on the command line, relative to the folder the person is in (as every shell tool
    reads it), not to the workspace. Absolute, symlinks kept: the workspace's own checks judge where it
    really points."""
    return Path(arg).expanduser().absolute()
