"""Small values derived from files that rarely change, kept between runs (issue 19).

Each value lives in the data directory's `cache/` as one marshal file, stored beside the key it
was derived from: the paths, sizes and modification times of its sources. A different key, an
unreadable file or a directory that cannot be written is only a miss (the caller derives the
value again), never an error; a file is written to a temporary name and renamed into place.
"""

from __future__ import annotations

import marshal
import os
from pathlib import Path
from typing import Any

FORMAT = 1


def directory() -> Path | None:
    """The cache directory, or None where there is no data directory (no error: this must work
    while an error message about the data directory is being written)."""
    # `paths.data_dir`'s answer, read without it (nor importing it: paths reads the catalogues): its errors
    # are messages, and the catalogues, read through here, are what writes them
    home = os.environ.get("STUDYCLI_HOME")
    try:
        if home:
            return Path(home).expanduser() / "cache"
        from platformdirs import user_data_dir

        return Path(user_data_dir("studycli", appauthor=False)) / "cache"
    except Exception:
        return None


def stamp(path: str | Path) -> tuple[str, int, int] | None:
    """What `path` is now (path, size, modification time), None when it does not exist."""
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return None
    return str(path), st.st_size, st.st_mtime_ns


def recall(name: str, key: Any) -> Any | None:
    """The value kept under `name` for exactly `key`, else None."""
    where = directory()
    if where is None:
        return None
    try:
        kept_format, kept_key, value = marshal.loads((where / f"{name}.marshal").read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return None
    return value if kept_format == FORMAT and kept_key == key else None


def keep(name: str, key: Any, value: Any) -> None:
    """Keep `value` under `name` for `key` (marshal's types only); silently nothing where it cannot."""
    where = directory()
    if where is None:
        return
    path = where / f"{name}.marshal"
    tmp = where / f".{name}.marshal.{os.getpid()}"
    try:
        data = marshal.dumps((FORMAT, key, value))
        where.mkdir(parents=True, exist_ok=True)
        tmp.write_bytes(data)
        os.replace(tmp, path)
    except (OSError, ValueError):
        try:
            tmp.unlink(missing_ok=True)
        except OSError:
            pass
