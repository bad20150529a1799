"""Log lines as Insights events: `@message`, `@timestamp` when the line has one, JSON fields.

`event_from_line` builds a whole event at once (a dict, `@timestamp` a datetime). A query
over a file uses `LineEvent` instead: a row that only reads its line when a field is asked
for, so `filter @message like /x/` never parses JSON or times, and nothing but the line is
kept for lines a filter drops.
"""

from __future__ import annotations

import calendar
import re
from datetime import UTC, datetime
from typing import Any

from studycli.sims import json_input
from studycli.sims.logs.query.values import Moment, to_moment

LEADING_TIME = re.compile(r"^\s*\[?(\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:[.,]\d{1,9})?(?:Z|[+-]\d{2}:?\d{2})?)")
_FAST_TIME = re.compile(r"(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:[.,](\d{1,9}))?(Z|[+-]\d{2}:?\d{2})?$")
TIME_KEYS = ("@timestamp", "timestamp", "time")


def parse_time(text: str) -> datetime | None:
    """An ISO 8601 time (naive means UTC); None when `text` is not one."""
    cleaned = text.strip().replace(",", ".").replace(" ", "T", 1)
    if cleaned.endswith("Z"):
        cleaned = cleaned[:-1] + "+00:00"
    match = re.match(r"^(.*T\d{2}:\d{2}:\d{2})\.(\d+)(.*)$", cleaned)
    if match:  # Python wants at most 6 fractional digits
        cleaned = f"{match.group(1)}.{match.group(2)[:6].ljust(6, '0')}{match.group(3)}"
    try:
        moment = datetime.fromisoformat(cleaned)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


_DAYS: dict[tuple[int, int, int], int] = {}


def time_millis(text: str) -> Moment | None:
    """The same as `parse_time`, as milliseconds, fast for the common shapes (a day's start is cached)."""
    found = _FAST_TIME.match(text.strip())
    if not found:
        moment = parse_time(text)
        return to_moment(moment) if moment else None
    year, month, day, hour, minute, second, fraction, zone = found.groups()
    key = (int(year), int(month), int(day))
    start = _DAYS.get(key)
    if start is None:
        try:
            datetime(*key)
        except ValueError:
            return None
        if len(_DAYS) > 4096:
            _DAYS.clear()
        start = _DAYS[key] = calendar.timegm((*key, 0, 0, 0))
    if int(hour) > 23 or int(minute) > 59 or int(second) > 59:
        return None
    seconds = start + int(hour) * 3600 + int(minute) * 60 + int(second)
    if zone and zone != "Z":
        sign = -1 if zone[0] == "+" else 1
        digits = zone[1:].replace(":", "")
        seconds += sign * (int(digits[:2]) * 3600 + int(digits[2:]) * 60)
    millis = int((fraction or "0")[:3].ljust(3, "0"))
    return Moment(seconds * 1000.0 + millis)


def _flatten(prefix: str, value: Any, out: dict[str, Any]) -> None:
    if isinstance(value, dict):
        for key, inner in value.items():
            _flatten(f"{prefix}.{key}" if prefix else str(key), inner, out)
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            _flatten(f"{prefix}.{index}", inner, out)
    else:
        out[prefix] = value


def _json_document(line: str) -> dict[str, Any] | None:
    stripped = line.strip()
    if not stripped.startswith("{"):
        return None
    try:
        document = json_input.loads(stripped)
    except ValueError:  # not JSON, or nesting deeper than AWS reads: the line is plain text
        return None
    return document if isinstance(document, dict) else None


def event_from_line(line: str) -> dict[str, Any]:
    """One log line as an Insights event: @message, @timestamp when found, JSON fields."""
    event: dict[str, Any] = {"@message": line}
    document = _json_document(line)
    if document is not None:
        _flatten("", document, event)
        event["@message"] = line
        for key in TIME_KEYS:
            if isinstance(document.get(key), str) and parse_time(document[key]):
                event["@timestamp"] = parse_time(document[key])
                break
    if "@timestamp" not in event or not isinstance(event["@timestamp"], datetime):
        found = LEADING_TIME.match(line)
        moment = parse_time(found.group(1)) if found else None
        if moment:
            event["@timestamp"] = moment
        else:
            event.pop("@timestamp", None)
    return event


def events_from_lines(lines: list[str]) -> list[dict[str, Any]]:
    return [event_from_line(line.rstrip("\r\n")) for line in lines if line.strip()]


class Row(dict[str, Any]):
    """A query row: `row[name]` is None for a field the row does not have."""

    __slots__ = ()

    def __missing__(self, name: str) -> Any:
        return None


class LineEvent(Row):
    """A row read from a log line, field by field as the query asks (`row[name]`, None when absent)."""

    __slots__ = ("line", "state")

    def __init__(self, line: str):
        super().__init__()
        self.line = line
        self.state = 0            # 0: nothing read, 1: @timestamp read, 2: every field read
        self["@message"] = line

    def __missing__(self, name: str) -> Any:
        if self.state == 2:
            return None
        if name == "@timestamp" and self.state == 0:
            self.state = 1
            if not self.line.lstrip().startswith("{"):
                moment = _leading_moment(self.line)
                if moment is not None:
                    self["@timestamp"] = moment
                return moment
        self._read_all()
        return self.get(name)

    def _read_all(self) -> None:
        self.state = 2
        document = _json_document(self.line)
        if document is not None:
            fields: dict[str, Any] = {}
            _flatten("", document, fields)
            for key, value in fields.items():
                self.setdefault(key, value)
            self["@message"] = self.line
            for key in TIME_KEYS:
                if isinstance(document.get(key), str):
                    moment = time_millis(document[key])
                    if moment is not None:
                        self["@timestamp"] = moment
                        return
        if "@timestamp" not in self:
            moment = _leading_moment(self.line)
            if moment is not None:
                self["@timestamp"] = moment

    def whole(self) -> dict[str, Any]:
        """Every field of the event, as `event_from_line` gives them (times as Moments)."""
        if self.state != 2:
            self._read_all()
        return dict(self)


def _leading_moment(line: str) -> Moment | None:
    found = LEADING_TIME.match(line)
    return time_millis(found.group(1)) if found else None
