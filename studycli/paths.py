"""Where things live: the user's data directory and the shipped content."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "studycli"


def data_dir() -> Path:
    """The directory holding the progress database; `STUDYCLI_HOME` overrides it."""
    override = os.environ.get("STUDYCLI_HOME")
    if override:
        return Path(override).expanduser()
    from platformdirs import user_data_dir  # lazy: only commands touching state pay for it

    return Path(user_data_dir(APP_NAME, appauthor=False))


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
