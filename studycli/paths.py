"""Where things live: the user's data directory and the shipped content."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "studycli"


def data_dir() -> Path:
    """The directory holding the progress database; `STUDYCLI_HOME` overrides it."""
    override = os.environ.get("STUDYCLI_HOME")
    if override:
        try:
            return Path(override).expanduser()
        except RuntimeError:  # '~someone' with no such user
            raise _no_home("paths.no_such_user", value=repr(override), user=repr(override.split("/")[0])) from None
    from platformdirs import user_data_dir  # lazy: only commands touching state pay for it

    try:
        found = Path(user_data_dir(APP_NAME, appauthor=False))
    except RuntimeError:  # no HOME and no passwd entry: nowhere to keep progress
        raise _no_home("paths.no_home") from None
    if not found.is_absolute():
        raise _no_home("paths.not_absolute", path=repr(str(found)))
    return found


def _no_home(key: str, **params: str) -> Exception:
    from studycli.errors import StoreError
    from studycli.i18n import msg

    return StoreError(msg(key, **params))


def db_path() -> Path:
    return data_dir() / "studycli.db"


def content_dir() -> Path:
    """The shipped content: `content/` in a source checkout, package data when installed."""
    checkout = Path(__file__).resolve().parent.parent / "content"
    if (checkout / "notes.txt").is_file():
        return checkout
    return Path(__file__).resolve().parent / "_content"


def notes_path() -> Path:
    """The learner's study notes that every fact cites (1-based lines)."""
    return content_dir() / "notes.txt"
