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


_MINUTES: dict[str, int | None] = {}
KNOWN_MINUTES = _MINUTES          # a minute's start in seconds (None: not a date), by its text
_PARTS = r"(\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}):(\d{2})(?:[.,](\d{1,9}))?(Z|[+-]\d{2}:?\d{2})?"
_LEADING_PARTS = re.compile(r"\s*\[?" + _PARTS)
_TIME_PARTS = re.compile(_PARTS + "$")


# After a minute `_MINUTES` knows (a shape the patterns above matched): seconds and milliseconds, and no
# zone but Z. A time of this shape is read without the whole pattern; any other goes the long way. What
# follows the minute (":SS.mmm" and the character after, or the whole rest of a time's text) is looked up
# in a bounded cache of the milliseconds it adds (None: not this shape).
_STRINGS = re.compile(r'"[^"]*"')   # a JSON string of a line that escapes nothing
_TAIL = re.compile(r":([0-5]\d)[.,](\d{3})(?![\d+-])")
_TAIL_END = re.compile(r":([0-5]\d)[.,](\d{3})Z?")
_OFFSETS: dict[str, int | None] = {}
_END_OFFSETS: dict[str, int | None] = {}
OFFSETS = _OFFSETS
MAX_OFFSETS = 1 << 16


def tail_offset(tail: str, cache: dict[str, int | None] = _OFFSETS, pattern: re.Pattern[str] = _TAIL) -> int | None:
    """The milliseconds `tail` (line[16:24] after a known minute) adds to the minute, None if not this shape."""
    offset = cache.get(tail, -1)
    if offset == -1:
        found = pattern.fullmatch(tail) if pattern is _TAIL_END else pattern.match(tail)
        offset = int(found.group(1)) * 1000 + int(found.group(2)) if found else None
        if len(cache) >= MAX_OFFSETS:
            cache.clear()
        cache[tail] = offset
    return offset


def time_millis(text: str) -> Moment | None:
    """The same as `parse_time`, as milliseconds, fast for the common shapes (a minute's start is cached)."""
    start = _MINUTES.get(text[:16])
    if start is not None:
        offset = tail_offset(text[16:], _END_OFFSETS, _TAIL_END)
        if offset is not None:
            return Moment(start * 1000.0 + offset)
    found = _TIME_PARTS.match(text.strip())
    if not found:
        moment = parse_time(text)
        return to_moment(moment) if moment else None
    return _millis(*found.groups())


def _millis(minute: str, second: str, fraction: str | None, zone: str | None) -> Moment | None:
    start = _MINUTES.get(minute, -1)
    if start == -1:
        try:
            fields = (int(minute[:4]), int(minute[5:7]), int(minute[8:10]), int(minute[11:13]), int(minute[14:16]))
            datetime(*fields)
            start = calendar.timegm((*fields, 0))
        except ValueError:
            start = None
        if len(_MINUTES) > 4096:
            _MINUTES.clear()
        _MINUTES[minute] = start
    seconds = int(second)
    if start is None or seconds > 59:
        return None
    seconds += start
    if zone and zone != "Z":
        sign = -1 if zone[0] == "+" else 1
        digits = zone[1:].replace(":", "")
        seconds += sign * (int(digits[:2]) * 3600 + int(digits[2:]) * 60)
    if not fraction:
        return Moment(seconds * 1000.0)
    return Moment(seconds * 1000.0 + int(fraction if len(fraction) == 3 else fraction[:3].ljust(3, "0")))


def _flatten(prefix: str, value: Any, out: dict[str, Any]) -> None:
    if isinstance(value, dict):
        for key, inner in value.items():
            name = f"{prefix}.{key}" if prefix else str(key)
            if isinstance(inner, (dict, list)):
                _flatten(name, inner, out)
            else:                 # a leaf (most are) without another call
                out[name] = inner
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


_UNREAD: Any = object()   # a line's JSON not decoded yet; a key not in the top object


class Row(dict[str, Any]):
    """A query row: `row[name]` is None for a field the row does not have."""

    __slots__ = ()

    def __missing__(self, name: str) -> Any:
        return None


class LineEvent(Row):
    """A row read from a log line, field by field as the query asks (`row[name]`, None when absent)."""

    __slots__ = ("line", "state", "document")

    def __init__(self, line: str):      # (a new dict is empty: dict.__init__ has nothing to do)
        self.line = line
        self.state = 0            # 0: nothing read, 1: a plain line, @timestamp not read, 2: every field read
        self.document: Any = _UNREAD
        self["@message"] = line

    def __missing__(self, name: str) -> Any:
        state = self.state
        if state == 2:
            return None
        if state == 0:
            line = self.line
            if line[:1] == "{" or (line[:1].isspace() and line.lstrip().startswith("{")):
                if _not_a_key(name, line):
                    return None   # read later, if another field is asked for
                if name != "@timestamp" and "." not in name:
                    # a dot-less name can only be a key of the top object whose value is not an
                    # object or array (those become dotted fields): read it there, flatten nothing
                    document = self._document()
                    value = document.get(name, _UNREAD) if document is not None else _UNREAD
                    if value is _UNREAD or isinstance(value, (dict, list)):
                        return None
                    if value is not None:
                        self[name] = value
                        return value
                self._read_all()
                return self.get(name)
            self.state = 1        # a plain line has only @message and, when it starts with one, @timestamp
        if name != "@timestamp":
            return None
        self.state = 2
        moment = _leading_moment(self.line)
        if moment is not None:
            self["@timestamp"] = moment
        return moment

    def _document(self) -> dict[str, Any] | None:
        """The line's JSON object (None: not one), decoded once."""
        if self.document is _UNREAD:
            self.document = _json_document(self.line)
        return self.document  # type: ignore[no-any-return]

    def _read_all(self) -> None:
        self.state = 2
        document = self._document()
        self.document = None      # not needed again: every field is in the row now
        if document is not None:
            if len(self) == 1:    # only @message (set again below): the fields go straight in
                for key, inner in document.items():     # (a JSON key is text: its own name at the top)
                    if isinstance(inner, (dict, list)):
                        _flatten(key, inner, self)
                    else:
                        self[key] = inner
            else:                 # fields a command set come first
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


def line_time(line: str) -> Any:
    """`LineEvent(line)["@timestamp"]`, without making the row."""
    if not (line[:1] == "{" or (line[:1].isspace() and line.lstrip().startswith("{"))):
        return _leading_moment(line)
    document = _json_document(line)    # (a line that starts with { has no leading time)
    if document is None:
        return None
    for key in TIME_KEYS:
        if isinstance(document.get(key), str):
            moment = time_millis(document[key])
            if moment is not None:
                return moment
    value = document.get("@timestamp")  # a field like any other, when it is not a time
    return None if isinstance(value, (dict, list)) else value


def _not_a_key(name: str, line: str) -> bool:
    """Whether a JSON line surely has no field `name`: a name without a dot can only come from a key of the
    top object, which, when the line escapes nothing, is written in it as "name", at the top level (inside
    the first bracket only, counting the brackets outside strings before it: each string is "...")."""
    if name == "@timestamp" or "." in name or "\\" in line:
        return False
    quoted = f'"{name}"'
    at = line.find(quoted)
    while at != -1:
        outside = _STRINGS.sub("", line[:at])
        if outside.count("{") + outside.count("[") - outside.count("}") - outside.count("]") <= 1:
            return False          # maybe a key of the top object: the line is read
        at = line.find(quoted, at + 1)
    return True


def _leading_moment(line: str) -> Moment | None:
    start = _MINUTES.get(line[:16])
    if start is not None:
        offset = _OFFSETS.get(line[16:24], -1)
        if offset == -1:
            offset = tail_offset(line[16:24])
        if offset is not None:
            return Moment(start * 1000.0 + offset)
    found = _LEADING_PARTS.match(line)
    return _millis(*found.groups()) if found else None
