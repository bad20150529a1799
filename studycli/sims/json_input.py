"""JSON a learner hands a simulator (an event, a log line), read within the bounds AWS reads it in.

- Nesting: "PutEvents will only process nested JSON up to 1100 levels deep" (PutEvents API
  reference). Deeper JSON is refused before it is parsed, so no depth can exhaust the stack.
- Numbers: an integer of more than 4,300 digits is read as a float (it is beyond any
  double anyway) instead of being handed to int(), whose time grows with the square of the
  digits (Python refuses such conversions for that reason).
- `NaN`, `Infinity` and `-Infinity` are not JSON: they are refused, as AWS's parsers do.
"""

from __future__ import annotations

import json
import re
from typing import Any

MAX_DEPTH = 1100
MAX_INT_DIGITS = 4300
_SPECIAL = re.compile(r'["\\\[\]{}]')


class TooDeep(ValueError):
    """The JSON nests deeper than allowed."""

    def __init__(self, depth: int, limit: int):
        super().__init__(f"nests {depth} levels deep")
        self.depth = depth
        self.limit = limit


class NonStandard(ValueError):
    """NaN, Infinity or -Infinity, which JSON does not have."""


def nesting_depth(text: str, stop_above: int | None = None) -> int:
    """How deep the arrays and objects of JSON text nest (brackets in strings skipped), in one pass;
    stops counting above `stop_above`."""
    depth = deepest = 0
    in_string = False
    skip_to = -1  # the character after a backslash inside a string is escaped
    for found in _SPECIAL.finditer(text):
        at, ch = found.start(), found.group()
        if at < skip_to:
            continue
        if in_string:
            if ch == "\\":
                skip_to = at + 2
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            if depth > deepest:
                deepest = depth
                if stop_above is not None and deepest > stop_above:
                    return deepest
        elif ch in "]}":
            depth -= 1
    return deepest


def _parse_int(digits: str) -> int | float:
    if len(digits) - digits.startswith("-") > MAX_INT_DIGITS:
        return float(digits)
    return int(digits)


def _refuse(name: str) -> Any:
    raise NonStandard(f"{name} is not a JSON value")


def loads(text: str | bytes, max_depth: int = MAX_DEPTH) -> Any:
    """Parse JSON text within the bounds above; ValueError (json.JSONDecodeError, TooDeep, NonStandard) if not."""
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    # it cannot nest deeper than it has brackets: counting them (in C) spares the scan for most texts
    depth = 0 if text.count("{") + text.count("[") <= max_depth else nesting_depth(text, max_depth)
    if depth > max_depth:
        raise TooDeep(depth, max_depth)
    # a text no longer than MAX_INT_DIGITS holds no integer that long: its integers are read in C
    decoder = _DECODER if len(text) > MAX_INT_DIGITS else _SHORT_DECODER
    if text[:1] in _NO_SPACE:             # (decode would skip leading space; here there is none)
        value, end = decoder.raw_decode(text)
        if end == len(text):
            return value
    return decoder.decode(text)           # space around it, or more after it (refused there)


# One decoder for every call (json.loads with hooks would build a new one each time).
_DECODER = json.JSONDecoder(parse_int=_parse_int, parse_constant=_refuse)
_SHORT_DECODER = json.JSONDecoder(parse_constant=_refuse)
_NO_SPACE = frozenset('{["-0123456789tfn')
