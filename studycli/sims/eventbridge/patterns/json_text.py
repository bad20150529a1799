"""Pattern text as JSON, with syntax errors worded like the parser behind AWS's API (Jackson)."""

from __future__ import annotations

import json
import re
from typing import Any

from studycli.errors import INVALID_EVENT_PATTERN, SpecError


def load_pattern_json(text: str | bytes) -> Any:
    """Parse pattern text; syntax errors are worded like the JSON parser behind AWS's API."""
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    if not text.strip():
        raise SpecError("Filter is not an object", kind=INVALID_EVENT_PATTERN)
    try:
        return json.loads(text, parse_constant=_refuse_constant)
    except _NonStandard as err:
        raise SpecError(f"Non-standard token '{err.args[0]}': enable JsonParser.Feature.ALLOW_NON_NUMERIC_NUMBERS "
                      "to allow", kind=INVALID_EVENT_PATTERN) from None
    except json.JSONDecodeError as err:
        raise SpecError(json_syntax_reason(text, err), kind=INVALID_EVENT_PATTERN) from None
    except RecursionError:
        raise SpecError("the pattern nests too deeply", kind=INVALID_EVENT_PATTERN) from None


class _NonStandard(ValueError):
    pass


def _refuse_constant(name: str) -> Any:
    raise _NonStandard(name)


_VALUE_EXPECTED = "(JSON String, Number, Array, Object or token 'null', 'true' or 'false')"


def json_syntax_reason(text: str, err: json.JSONDecodeError) -> str:
    """A JSON syntax error in the words of Jackson, the parser EventBridge uses."""
    pos = err.pos
    if pos >= len(text) or err.msg.startswith("Unterminated string"):
        inside = _open_container(text, min(pos, len(text)))
        if err.msg.startswith("Unterminated string"):
            return "Unexpected end-of-input: was expecting closing quote for a string value"
        return f"Unexpected end-of-input: expected close marker for {inside.upper() if inside else 'OBJECT'}"
    ch = text[pos]
    shown = f"Unexpected character ('{ch}' (code {ord(ch)}))"
    if err.msg == "Expecting value":
        token = re.match(r"[A-Za-z0-9_$]+", text[pos:])
        if token and not (ch.isascii() and ch.isdigit()):
            return f"Unrecognized token '{token.group(0)}': was expecting {_VALUE_EXPECTED}"
        return f"{shown}: expected a valid value {_VALUE_EXPECTED}"
    if err.msg.startswith("Expecting property name"):
        return f"{shown}: was expecting double-quote to start field name"
    if err.msg.startswith("Expecting ':'"):
        return f"{shown}: was expecting a colon to separate field name and value"
    if err.msg.startswith("Expecting ','"):
        inside = "Object" if _open_container(text, pos) == "object" else "Array"
        return f"{shown}: was expecting comma to separate {inside} entries"
    if err.msg.startswith("Extra data"):
        return f"{shown}: expected end of the pattern after its closing '}}'"
    if err.msg.startswith("Invalid control character"):
        return f"Illegal unquoted character (CTRL-CHAR, code {ord(ch)}): has to be escaped using backslash"
    return f"{shown}: {err.msg}"


def _open_container(text: str, pos: int) -> str | None:
    """Whether position `pos` of JSON text is inside an object or an array (None at top level)."""
    stack: list[str] = []
    in_string = escaped = False
    for ch in text[:pos]:
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "{[":
            stack.append("object" if ch == "{" else "array")
        elif ch in "}]" and stack:
            stack.pop()
    return stack[-1] if stack else None
