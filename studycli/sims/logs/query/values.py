"""What query values are: numbers, text, times, maps and lists, and how they compare, sort and print.

A time is a `Moment`: a float of milliseconds since the epoch (what `toMillis` returns), so
arithmetic and comparisons work on it; it prints as Insights shows times,
`2024-05-01 10:00:00.000` (UTC). A datetime (from `event_from_line`) is read as one.
Maps and lists come from `jsonParse`; they are null to string, number and time functions,
and compare false with everything ("Structure types").
"""

from __future__ import annotations

import calendar
import json
import math
from datetime import UTC, datetime
from typing import Any


class Moment(float):
    """A point in time: milliseconds since 1970-01-01 00:00 UTC."""

    __slots__ = ()

    def __repr__(self) -> str:
        return f"Moment({format_time(self)})"


def to_moment(value: Any) -> Moment | None:
    if isinstance(value, Moment):
        return value
    if isinstance(value, datetime):
        moment = value if value.tzinfo else value.replace(tzinfo=UTC)
        return Moment(moment.timestamp() * 1000.0)
    return None


def format_time(moment: Any) -> str:
    """Insights shows times as `2024-05-01 10:00:00.000` (UTC)."""
    if isinstance(moment, datetime):
        utc = moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)
        return utc.strftime("%Y-%m-%d %H:%M:%S.") + f"{utc.microsecond // 1000:03d}"
    millis = int(math.floor(float(moment)))
    seconds, ms = divmod(millis, 1000)
    return datetime.fromtimestamp(seconds, tz=UTC).strftime("%Y-%m-%d %H:%M:%S.") + f"{ms:03d}"


def is_structure(value: Any) -> bool:
    return isinstance(value, (dict, list))


def as_number(value: Any) -> float | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str):
        try:
            number = float(value)
        except ValueError:
            return None
        return number if math.isfinite(number) else None
    moment = to_moment(value)
    return float(moment) if moment is not None else None


def as_text(value: Any) -> str:
    if isinstance(value, (Moment, datetime)):
        return format_time(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, bool):
        return "true" if value else "false"
    if is_structure(value):
        return json.dumps(value, separators=(",", ":"), ensure_ascii=False)
    return "" if value is None else str(value)


def compare(left: Any, op: str, right: Any) -> bool:
    """Comparison operators: numbers as numbers, anything else as text; null and structures compare false."""
    if left is None or right is None or is_structure(left) or is_structure(right):
        return False
    x, y = as_number(left), as_number(right)
    a: Any
    b: Any
    a, b = (x, y) if x is not None and y is not None else (as_text(left), as_text(right))
    if op == "=" or op == "==":
        return bool(a == b)
    if op == "!=":
        return bool(a != b)
    if op == "<":
        return bool(a < b)
    if op == "<=":
        return bool(a <= b)
    if op == ">":
        return bool(a > b)
    return bool(a >= b)


def truthy(value: Any) -> bool:
    """A condition's value: false for null, false, 0 and the empty string."""
    if value is True:
        return True
    if value is None or value is False or value == "":
        return False
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value != 0
    return bool(value)


def sort_key(value: Any) -> tuple[int, float, str]:
    """Numbers (and times) before text, each in its order."""
    number = as_number(value) if not isinstance(value, str) or value.strip() else None
    if number is not None:
        return (0, number, "")
    return (1, 0.0, as_text(value))


def hashable(value: Any) -> Any:
    return json.dumps(value, sort_keys=True) if is_structure(value) else value


def json_value(value: Any) -> Any:
    """A result cell as JSON: times as text, whole floats as integers, true/false as 1/0."""
    if isinstance(value, (Moment, datetime)):
        return format_time(value)
    if isinstance(value, bool):
        return 1 if value else 0
    if isinstance(value, float):
        if not math.isfinite(value):
            return None
        return int(value) if value.is_integer() else value
    return value


# --- time periods -----------------------------------------------------------------------------

_MONTHS = {"month": 1, "quarter": 3, "year": 12}
_UNIT_SECONDS = {"month": 2_592_000, "quarter": 7_776_000, "year": 31_536_000}


def _calendar(moment: float, seconds: float, unit: str, up: bool) -> Moment:
    months = _MONTHS[unit] * max(1, round(seconds / _UNIT_SECONDS[unit]))
    day = datetime.fromtimestamp(math.floor(moment / 1000.0), tz=UTC)
    index = day.year * 12 + day.month - 1
    index -= index % months
    start = Moment(calendar.timegm((index // 12, index % 12 + 1, 1, 0, 0, 0)) * 1000.0)
    if up and start != moment:
        index += months
        start = Moment(calendar.timegm((index // 12, index % 12 + 1, 1, 0, 0, 0)) * 1000.0)
    return start


def floor_time(moment: float, seconds: float, unit: str) -> Moment:
    """The start of the period `moment` falls in (months, quarters and years follow the calendar)."""
    if unit in _MONTHS:
        return _calendar(moment, seconds, unit, False)
    size = seconds * 1000.0
    return Moment(math.floor(moment / size) * size)


def ceil_time(moment: float, seconds: float, unit: str) -> Moment:
    """The end of the period `moment` falls in (itself when it is a period's start)."""
    if unit in _MONTHS:
        return _calendar(moment, seconds, unit, True)
    size = seconds * 1000.0
    return Moment(math.ceil(moment / size) * size)
