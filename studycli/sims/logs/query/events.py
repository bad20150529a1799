"""Log lines as Insights events: `@message`, `@timestamp` when the line has one, JSON fields."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from studycli.sims import json_input

LEADING_TIME = re.compile(r"^\s*\[?(\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:[.,]\d{1,9})?(?:Z|[+-]\d{2}:?\d{2})?)")


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


def _flatten(prefix: str, value: Any, out: dict[str, Any]) -> None:
    if isinstance(value, dict):
        for key, inner in value.items():
            _flatten(f"{prefix}.{key}" if prefix else str(key), inner, out)
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            _flatten(f"{prefix}.{index}", inner, out)
    else:
        out[prefix] = value


def event_from_line(line: str) -> dict[str, Any]:
    """One log line as an Insights event: @message, @timestamp when found, JSON fields."""
    event: dict[str, Any] = {"@message": line}
    stripped = line.strip()
    if stripped.startswith("{"):
        try:
            document = json_input.loads(stripped)
        except ValueError:  # not JSON, or nesting deeper than AWS reads: the line is plain text
            document = None
        if isinstance(document, dict):
            _flatten("", document, event)
            event["@message"] = line
            for key in ("@timestamp", "timestamp", "time"):
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
