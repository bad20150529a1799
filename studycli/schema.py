"""The content model: small type checkers that validate YAML and also describe themselves
as JSON Schema, so a validator and the schema an editor uses cannot drift apart.

Facts (`studycli.content`), exam items (`studycli.items`) and scenarios build their
models from these; `check_record` reports every problem of a mapping as
`file:line: field: message`.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

ID_RE = r"^[a-z0-9][a-z0-9-]*$"
TOPIC_RE = r"^[a-z0-9][a-z0-9-]*(/[a-z0-9][a-z0-9-]*)*$"


# --- the model: small type checkers that also describe themselves as JSON Schema ---

class Type:
    doc = ""

    def check(self, value: Any) -> str | None:  # a problem, or None
        raise NotImplementedError

    def schema(self) -> dict[str, Any]:
        raise NotImplementedError


class Text(Type):
    def __init__(self, pattern: str | None = None, what: str = "non-empty text"):
        self.pattern, self.what = pattern, what

    def check(self, value: Any) -> str | None:
        if not isinstance(value, str) or not value.strip():
            return f"expected {self.what}, got {describe(value)}"
        if self.pattern and not re.match(self.pattern, value):
            return f"{value!r} does not match {self.pattern}"
        return None

    def schema(self) -> dict[str, Any]:
        s: dict[str, Any] = {"type": "string", "minLength": 1}
        if self.pattern:
            s["pattern"] = self.pattern
        return s


class Bool(Type):
    def check(self, value: Any) -> str | None:
        return None if isinstance(value, bool) else f"expected true or false, got {describe(value)}"

    def schema(self) -> dict[str, Any]:
        return {"type": "boolean"}


class NumberWithUnit(Type):
    def check(self, value: Any) -> str | None:
        if not isinstance(value, dict) or set(value) != {"value", "unit"}:
            return "expected {value: number, unit: text}"
        v = value["value"]
        if isinstance(v, bool) or not isinstance(v, (int, float)):
            return f"value: expected a number, got {describe(v)}"
        if not isinstance(value["unit"], str):
            return f"unit: expected text, got {describe(value['unit'])}"
        return None

    def schema(self) -> dict[str, Any]:
        return {"type": "object", "additionalProperties": False, "required": ["value", "unit"],
                "properties": {"value": {"type": "number"}, "unit": {"type": "string"}}}


class ListOf(Type):
    def __init__(self, item: Type, min_items: int = 0):
        self.item, self.min_items = item, min_items

    def check(self, value: Any) -> str | None:
        if not isinstance(value, list):
            return f"expected a list, got {describe(value)}"
        if len(value) < self.min_items:
            return f"expected at least {self.min_items} items, got {len(value)}"
        for i, item in enumerate(value):
            problem = self.item.check(item)
            if problem:
                return f"item {i + 1}: {problem}"
        if all(isinstance(v, (str, int, float)) for v in value) and len(set(map(str, value))) != len(value):
            return "items must be distinct"
        return None

    def schema(self) -> dict[str, Any]:
        s: dict[str, Any] = {"type": "array", "items": self.item.schema()}
        if self.min_items:
            s["minItems"] = self.min_items
        return s


class Positive(Type):
    def check(self, value: Any) -> str | None:
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            return f"expected a positive whole number, got {describe(value)}"
        return None

    def schema(self) -> dict[str, Any]:
        return {"type": "integer", "minimum": 1}


class Record(Type):
    """A mapping with known keys; unknown keys are an error."""

    def __init__(self, fields: dict[str, Field]):
        self.fields = fields

    def check(self, value: Any) -> str | None:
        if not isinstance(value, dict):
            return f"expected a mapping, got {describe(value)}"
        for key in value:
            if key not in self.fields:
                return f"unknown key {key!r} (allowed: {', '.join(self.fields)})"
        for name, f in self.fields.items():
            if name not in value:
                if f.required:
                    return f"missing {name!r}"
                continue
            problem = f.type.check(value[name])
            if problem:
                return f"{name}: {problem}"
        return None

    def schema(self) -> dict[str, Any]:
        return {"type": "object", "additionalProperties": False,
                "required": [n for n, f in self.fields.items() if f.required],
                "properties": {n: dict(f.type.schema(), description=f.doc) for n, f in self.fields.items()}}


class Mapping(Type):
    """A mapping of text to text with at least `min_items` pairs (matching answers)."""

    def __init__(self, min_items: int = 2):
        self.min_items = min_items

    def check(self, value: Any) -> str | None:
        if not isinstance(value, dict) or len(value) < self.min_items:
            return f"expected a mapping of at least {self.min_items} pairs"
        for k, v in value.items():
            if not isinstance(v, str) or not v.strip():
                return f"{k}: expected non-empty text, got {describe(v)}"
        if len(set(value.values())) != len(value):
            return "the right-hand sides must be distinct"
        return None

    def schema(self) -> dict[str, Any]:
        return {"type": "object", "minProperties": self.min_items, "additionalProperties": {"type": "string"}}


class OneOf(Type):
    def __init__(self, *options: Type, what: str):
        self.options, self.what = options, what

    def check(self, value: Any) -> str | None:
        problems = [o.check(value) for o in self.options]
        if all(problems):
            # the most specific complaint is the one from the option of the right outer shape
            for option, problem in zip(self.options, problems):
                if _same_shape(option, value):
                    return problem
            return f"expected {self.what}, got {describe(value)}"
        return None

    def schema(self) -> dict[str, Any]:
        return {"oneOf": [o.schema() for o in self.options]}


def _same_shape(option: Type, value: Any) -> bool:
    if isinstance(option, Text):
        return isinstance(value, str)
    if isinstance(option, NumberWithUnit):
        return isinstance(value, dict) and ("value" in value or "unit" in value)
    if isinstance(option, ListOf):
        return isinstance(value, list)
    if isinstance(option, Mapping):
        return isinstance(value, dict) and "value" not in value
    return False


def describe(value: Any) -> str:
    if value is None:
        return "nothing (null)"
    name = {str: "text", bool: "true/false", int: "a number", float: "a number",
            list: "a list", dict: "a mapping"}.get(type(value), type(value).__name__)
    for base, label in ((dict, "a mapping"), (list, "a list")):
        if isinstance(value, base):
            name = label
    return f"{name} {value!r}" if isinstance(value, (str, int, float)) and not isinstance(value, bool) else name


@dataclass(frozen=True)
class Field:
    type: Type
    required: bool = False
    doc: str = ""


def check_record(raw: Any, fields: dict[str, Field], where: str, prefix: str, problems: list[str],
                 skip: Collection[str] = frozenset()) -> None:
    """Append `where:line: prefix.field: message` for every unknown, missing or ill-typed field of `raw`."""
    for key in raw:
        if key not in fields:
            problems.append(f"{where}:{raw.line_of(key)}: {prefix}{key}: unknown key "
                            f"(allowed: {', '.join(fields)})")
    for name, f in fields.items():
        if name in skip:
            continue
        if name not in raw:
            if f.required:
                problems.append(f"{where}:{raw.line}: {prefix}{name}: missing")
            continue
        problem = f.type.check(raw[name])
        if problem:
            problems.append(f"{where}:{line_in(raw, name)}: {prefix}{name}: {problem}")


def line_in(raw: Any, name: str) -> int:
    value = raw.get(name)
    inner = getattr(value, "line", None)
    # Nested values report the line of their first bad part when we can find it.
    line: int = raw.line_of(name) if not inner else min(inner, raw.line_of(name)) or raw.line_of(name)
    return line
