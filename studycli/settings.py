"""Learner settings kept in the store's config table (exam date, limits, language, packs).

`studycli config get|set|unset|list` calls the small functions at the end; the scheduler's
settings come from `policy()`. Every value is checked by `validate()` before it is stored,
and a stored value that no longer parses is an error that says how to fix it.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from studycli.store import Store
    from studycli.study.scheduling import Policy

# What `studycli config` accepts, in the order `config list` shows them.
CONFIG_KEYS = ("exam_date", "new_per_day", "desired_retention", "lang", "content_dirs")
# What an unset key means, as `config get` and `config list` say it (a message key each).
DEFAULT_MESSAGES = {"exam_date": "config.default.none", "new_per_day": None, "desired_retention": None,
                    "lang": "config.default.lang", "content_dirs": "config.default.none"}
RETENTION_RANGE = (0.70, 0.99)
# Kept by `studycli optimize`, not by `config set`: the FSRS parameters in use (JSON list) and
# the last fit's report (JSON).
PARAMETERS_KEY, FIT_KEY = "fsrs_parameters", "fsrs_fit"
T = TypeVar("T")
NEW_PER_DAY_MAX = 9999


# --- checking values ---

def check_key(key: str) -> str:
    from studycli.errors import StudyError
    from studycli.i18n import msg

    if key not in CONFIG_KEYS:
        raise StudyError(msg("config.unknown_key", name=repr(key), keys=", ".join(CONFIG_KEYS)))
    return key


def validate(key: str, value: str, today: date | None = None) -> str:
    """The normalised value for `config set KEY VALUE`, or a StudyError saying what is wrong."""
    from studycli.errors import StudyError
    from studycli.i18n import LANGUAGES, msg

    check_key(key)
    value = value.strip()
    if key == "exam_date":
        try:
            day = date.fromisoformat(value)
        except ValueError:
            raise StudyError(msg("config.bad_date", value=repr(value))) from None
        if today is not None and day <= today:
            raise StudyError(msg("config.date_not_after_today", value=value, today=today.isoformat()))
        from studycli.study.scheduling import EXAM_HORIZON_DAYS

        if today is not None and (day - today).days > EXAM_HORIZON_DAYS:
            raise StudyError(msg("config.date_too_far", value=value, today=today.isoformat(),
                                 days=EXAM_HORIZON_DAYS))
        return day.isoformat()
    if key == "new_per_day":
        if not (value.isascii() and value.isdigit()) or int(value) > NEW_PER_DAY_MAX:
            raise StudyError(msg("config.bad_new_per_day", value=repr(value), high=NEW_PER_DAY_MAX))
        return str(int(value))
    if key == "desired_retention":
        low, high = RETENTION_RANGE
        try:
            number = float(value)
        except ValueError:
            number = math.nan
        if not low <= number <= high:
            raise StudyError(msg("config.bad_retention", value=repr(value), low=low, high=high))
        return repr(number)
    if key == "lang":
        if value not in LANGUAGES:
            raise StudyError(msg("config.bad_lang", value=repr(value), choices=", ".join(LANGUAGES)))
        return value
    # content_dirs
    dirs = [p for p in value.split(":") if p]
    for d in dirs:
        try:
            found = Path(d).expanduser().is_dir()
        except (OSError, RuntimeError, ValueError):  # ~nouser, a name too long for the file system
            found = False
        if not found:
            raise StudyError(msg("config.not_a_directory", value=repr(d)))
    return ":".join(str(Path(d).expanduser().resolve()) for d in dirs)


def policy(store: Store, fuzzing: bool = True) -> Policy:
    """The scheduling settings kept in the store (defaults where unset)."""
    from studycli.study import scheduling

    retention = _stored(store, "desired_retention", float)
    new_per_day = _stored(store, "new_per_day", int)
    return scheduling.Policy(
        desired_retention=scheduling.DEFAULT_RETENTION if retention is None else retention,
        fuzzing=fuzzing,
        exam_date=_stored(store, "exam_date", date.fromisoformat),
        new_per_day=scheduling.DEFAULT_NEW_PER_DAY if new_per_day is None else new_per_day,
        parameters=fitted_parameters(store),
    )


def fitted_parameters(store: Store) -> tuple[float, ...] | None:
    """The FSRS parameters `studycli optimize` kept; None: the defaults."""
    raw = store.get_config(PARAMETERS_KEY)
    if raw is None:
        return None
    import json

    from studycli.study.fitting import PARAMETER_COUNT
    try:
        values = json.loads(raw)
        if (isinstance(values, list) and len(values) == PARAMETER_COUNT
                and all(isinstance(v, (int, float)) and math.isfinite(v) for v in values)):
            return tuple(float(v) for v in values)
    except ValueError:
        pass
    from studycli.errors import StudyError
    from studycli.i18n import msg

    raise StudyError(msg("optimize.stored_invalid", name=PARAMETERS_KEY))


def _stored(store: Store, key: str, convert: Callable[[str], T]) -> T | None:
    """A stored setting converted, None when unset; a value that no longer converts is an error."""
    raw = store.get_config(key)
    if raw is None:
        return None
    try:
        return convert(raw)
    except ValueError:
        from studycli.errors import StudyError
        from studycli.i18n import msg

        raise StudyError(msg("config.stored_value_invalid", name=key, value=repr(raw))) from None


# --- what the rest of the tool reads ---

def peek(key: str) -> str | None:
    """A setting, for commands that need no progress (facts, notes, the simulators): None when there
    is no store or it cannot be used, which the commands that need it report in full."""
    import sqlite3

    from studycli.errors import StudyError
    from studycli.paths import db_path

    try:
        if not db_path().exists():
            return None
        from studycli.store import open_store

        with open_store() as store:
            return store.get_config(key)
    except (StudyError, sqlite3.Error, OSError):
        return None


def configured_content_dirs() -> list[Path]:
    """Content packs named by `studycli config set content_dirs DIR[:DIR...]` (empty when no store yet)."""
    value = peek("content_dirs")
    dirs = []
    for p in (value.split(":") if value else []):
        try:
            dirs.append(Path(p).expanduser())
        except RuntimeError:  # a ~user that no longer exists: that pack is gone
            continue
    return dirs


def user_content_dirs(content: list[Path] | None) -> list[Path]:
    """User content packs from `--content` plus the `content_dirs` config entry."""
    return [*(content or []), *configured_content_dirs()]


def apply_configured_language() -> None:
    """`config set lang` applies to every command unless --lang or STUDYCLI_LANG already chose."""
    import os

    from studycli import i18n

    if i18n.chosen() or os.environ.get("STUDYCLI_LANG"):
        return
    lang = peek("lang")
    if lang in i18n.LANGUAGES:
        i18n.set_language(lang)


# --- `studycli config get|set|unset|list` ---

def default_text(key: str) -> str:
    """What an unset key means, in the learner's words ("(none)", "20", ...)."""
    from studycli.i18n import msg
    from studycli.study import scheduling

    message = DEFAULT_MESSAGES[key]
    if message is not None:
        return msg(message)
    return str({"new_per_day": scheduling.DEFAULT_NEW_PER_DAY,
                "desired_retention": scheduling.DEFAULT_RETENTION}[key])


def get(key: str) -> str:
    """One setting as `config get` prints it: its value, or what unset means."""
    from studycli.store import open_store

    check_key(key)
    with open_store() as store:
        value = store.get_config(key)
    return value if value is not None else default_text(key)


def set_value(key: str, value: str, today: date) -> str:
    """Check and store one setting; returns the value as stored."""
    from studycli.store import open_store

    normalised = validate(key, value, today=today)
    with open_store() as store:
        store.set_config(key, normalised)
    return normalised


def unset(key: str) -> str:
    """Back to the default; returns what unset means."""
    from studycli.store import open_store

    check_key(key)
    with open_store() as store:
        store.set_config(key, None)
    return default_text(key)


def stored() -> dict[str, str | None]:
    """Every setting's stored value (None where unset), in `CONFIG_KEYS` order."""
    from studycli.store import open_store

    with open_store() as store:
        values = store.all_config()
    return {key: values.get(key) for key in CONFIG_KEYS}
