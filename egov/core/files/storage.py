"""Where the bytes of a StoredFile live: EGOV_FILES_ROOT/ab/cd/<random name>, mode 0640 in 0750 dirs."""

from __future__ import annotations

import contextlib
import os
import re
import secrets
from pathlib import Path

from django.conf import settings

FILE_MODE = 0o640
DIR_MODE = 0o750
TMP_DIR = "tmp"
_STORAGE_NAME = re.compile(r"^[0-9a-f]{32}$")


def files_root() -> Path:
    return Path(settings.EGOV_FILES_ROOT)


def tmp_dir() -> Path:
    return files_root() / TMP_DIR


def storage_name_new() -> str:
    return secrets.token_hex(16)


def storage_path(storage_name: str) -> Path:
    """Sharded in two levels of 256 directories, so no directory grows huge."""
    if not _STORAGE_NAME.match(storage_name):
        raise ValueError("invalid storage name")
    return files_root() / storage_name[:2] / storage_name[2:4] / storage_name


def dir_ensure(path: Path) -> None:
    """Create `path` and any missing parents below the files root with mode 0750, whatever the umask."""
    root = files_root()
    if not root.is_dir():
        root.parent.mkdir(parents=True, exist_ok=True)
        _mkdir(root)
    missing: list[Path] = []
    current = path
    while current != root and not current.is_dir():
        missing.append(current)
        current = current.parent
    for directory in reversed(missing):
        _mkdir(directory)


def _mkdir(directory: Path) -> None:
    try:
        directory.mkdir(mode=DIR_MODE)
    except FileExistsError:
        return
    os.chmod(directory, DIR_MODE)


def unlink_quiet(path: Path | str) -> None:
    with contextlib.suppress(FileNotFoundError):
        os.unlink(path)
