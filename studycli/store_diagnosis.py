"""Why the progress database cannot be used, told apart so the learner knows what to do.

Damaged, locked, read-only, full disk, written by a newer studycli, or unusable for another
reason: each is its own error code (and exit code) and message. SQLite's result code
decides where it has one; a disk I/O error or a file SQLite cannot open is looked at
more closely (is the file system read-only? is the disk full?) before it is called
anything. None of this writes to the database.
"""

from __future__ import annotations

import errno
import os
import shutil
from pathlib import Path

from studycli.errors import (
    DISK_FULL,
    STORE_DAMAGED,
    STORE_LOCKED,
    STORE_READ_ONLY,
    STORE_TOO_NEW,
    STORE_UNAVAILABLE,
    StoreError,
)
from studycli.i18n import msg

# SQLite's primary result codes (https://sqlite.org/rescode.html).
SQLITE_PERM, SQLITE_BUSY, SQLITE_LOCKED, SQLITE_READONLY, SQLITE_IOERR = 3, 5, 6, 8, 10
SQLITE_CORRUPT, SQLITE_FULL, SQLITE_CANTOPEN, SQLITE_NOTADB = 11, 13, 14, 26
# Below this much free space a write error is a full disk (SQLite needs room for a page or two).
FULL_BELOW_BYTES = 1 << 20


class NewerDatabase(Exception):
    """The database lists migrations this studycli does not have: a newer version wrote it."""

    def __init__(self, unknown: list[str]):
        super().__init__(", ".join(unknown))
        self.unknown = unknown


def diagnose(err: BaseException, path: Path) -> StoreError:
    """The StoreError (code and message) for an SQLite or OS error met while using `path`."""
    if isinstance(err, NewerDatabase):
        return too_new(path, err.unknown)
    if isinstance(err, OSError):
        return _os_error(err, path)
    primary = (getattr(err, "sqlite_errorcode", None) or 0) & 0xFF
    text = str(err).lower()
    if primary in (SQLITE_BUSY, SQLITE_LOCKED) or "locked" in text or "busy" in text:
        return StoreError(msg("store.busy", path=path), code=STORE_LOCKED)
    if primary == SQLITE_FULL or "disk is full" in text:
        return full(path)
    if primary in (SQLITE_CORRUPT, SQLITE_NOTADB) or "malformed" in text or "not a database" in text:
        return damaged(path, err)
    why = _read_only(path)
    if primary in (SQLITE_READONLY, SQLITE_PERM) or "readonly" in text or why:
        return read_only(path, why or str(err))
    if primary in (SQLITE_IOERR, SQLITE_CANTOPEN) and _nearly_full(path):
        return full(path)
    return StoreError(msg("store.cannot_open", path=path, error=err))


def _os_error(err: OSError, path: Path) -> StoreError:
    reason = err.strerror or str(err)
    if err.errno in (errno.ENOSPC, errno.EDQUOT):
        return full(path)
    if err.errno in (errno.EROFS, errno.EACCES, errno.EPERM) and _read_only(path):
        return read_only(path, _read_only(path) or reason)
    return StoreError(msg("store.cannot_read", path=path, error=reason), code=STORE_UNAVAILABLE)


def damaged(path: Path, err: object) -> StoreError:
    return StoreError(msg("store.damaged", path=path, error=err), code=STORE_DAMAGED)


def read_only(path: Path, reason: str) -> StoreError:
    return StoreError(msg("store.read_only", path=path, error=reason, directory=path.parent), code=STORE_READ_ONLY)


def full(path: Path) -> StoreError:
    return StoreError(msg("store.disk_full", path=path), code=DISK_FULL)


def too_new(path: Path, unknown: list[str]) -> StoreError:
    return StoreError(msg("store.too_new", path=path, changes=", ".join(unknown)), code=STORE_TOO_NEW)


def _existing(path: Path) -> Path | None:
    """The database if it exists, else the nearest directory above it that does."""
    for candidate in (path, *path.parents):
        try:
            if candidate.exists():
                return candidate
        except OSError:
            continue
    return None


def _read_only(path: Path) -> str | None:
    """Why the file (or the directory that must hold it and its journal) cannot be written, or None."""
    target = _existing(path)
    if target is None:
        return None
    try:
        if os.statvfs(target).f_flag & os.ST_RDONLY:
            return os.strerror(errno.EROFS)
    except OSError:
        pass
    directory = target if target.is_dir() else target.parent
    if not os.access(target, os.W_OK) or not os.access(directory, os.W_OK):
        return os.strerror(errno.EACCES)
    return None


def _nearly_full(path: Path) -> bool:
    target = _existing(path)
    if target is None:
        return False
    try:
        return shutil.disk_usage(target).free < FULL_BELOW_BYTES
    except OSError:
        return False
