"""The small type checkers content is validated with; each also describes itself as JSON Schema.

`studycli.content` (facts) and `studycli.items` (exam items) declare their models with these, so
the strict validator and the JSON Schema an editor uses cannot drift apart; `check_record`
reports every problem of a mapping as `file:line: field: message`. Both import from here
(never from each other: `content` loads the items into the catalogue).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Collection
from typing import TYPE_CHECKING, Any, NamedTuple

from studycli.i18n import CATALOGUES
from studycli.models import CANONICAL

if TYPE_CHECKING:
    from studycli.yamlsrc import Located

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
    def __init__(self, pattern: str | None = None, what: str = "non-empty text") -> None:
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
        if not -sys.float_info.max <= v <= sys.float_info.max:  # NaN fails both; JSON has neither
            return f"value: expected a finite number, got {describe(v)}"
        if not isinstance(value["unit"], str):
            return f"unit: expected text, got {describe(value['unit'])}"
        return None

    def schema(self) -> dict[str, Any]:
        return {"type": "object", "additionalProperties": False, "required": ["value", "unit"],
                "properties": {"value": {"type": "number"}, "unit": {"type": "string"}}}


class ListOf(Type):
    def __init__(self, item: Type, min_items: int = 0) -> None:
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

    def __init__(self, fields: dict[str, Field]) -> None:
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

    def __init__(self, min_items: int = 2) -> None:
        self.min_items = min_items

    def check(self, value: Any) -> str | None:
        if not isinstance(value, dict) or len(value) < self.min_items:
            return f"expected a mapping of at least {self.min_items} pairs"
        for k, v in value.items():
            if is_localized(v):
                v = canonical_text(v)
            if not isinstance(v, str) or not v.strip():
                return f"{k}: expected non-empty text, got {describe(v)}"
        if len({canonical_text(v) for v in value.values()}) != len(value):
            return "the right-hand sides must be distinct"
        return None

    def schema(self) -> dict[str, Any]:
        return {"type": "object", "minProperties": self.min_items,
                "additionalProperties": {"anyOf": [{"type": "string"}, _per_language_record().schema()]}}


class OneOf(Type):
    def __init__(self, *options: Type, what: str) -> None:
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
        return {"anyOf": [o.schema() for o in self.options]}   # the validator accepts a value any option accepts


def _same_shape(option: Type, value: Any) -> bool:
    if isinstance(option, Text):
        return isinstance(value, str)
    if isinstance(option, NumberWithUnit):
        return isinstance(value, dict) and ("value" in value or "unit" in value)
    if isinstance(option, ListOf):
        return isinstance(value, list)
    if isinstance(option, Mapping):
        return isinstance(value, dict) and "value" not in value
    if isinstance(option, Record):
        return isinstance(value, dict) and bool(set(value) & set(option.fields))
    if isinstance(option, Localized):
        return isinstance(value, dict) and bool(set(value) & set(CATALOGUES))
    if isinstance(option, OneOf):
        return any(_same_shape(o, value) for o in option.options)
    return False


def is_localized(value: Any) -> bool:
    """Text given per language ({ko: .., en: ..}): exactly the catalogue codes as keys, text values."""
    return (isinstance(value, dict) and set(value) == set(CATALOGUES)
            and all(isinstance(v, str) and v.strip() for v in value.values()))


def canonical_text(value: Any) -> Any:
    """The form answers are compared and stored in: localized text becomes its English text
    (AWS's own names are English; `Fact.forms` keeps every language)."""
    return value[CANONICAL] if is_localized(value) else value


class Localized(Type):
    """Text written per language: a mapping with one entry per catalogue language."""

    def check(self, value: Any) -> str | None:
        if not isinstance(value, dict):
            return f"expected {{{', '.join(CATALOGUES)}}}, got {describe(value)}"
        return _per_language_record().check(value)

    def schema(self) -> dict[str, Any]:
        return _per_language_record().schema()


def describe(value: Any) -> str:
    if value is None:
        return "nothing (null)"
    name = {str: "text", bool: "true/false", int: "a number", float: "a number",
            list: "a list", dict: "a mapping"}.get(type(value), type(value).__name__)
    for base, label in ((dict, "a mapping"), (list, "a list")):
        if isinstance(value, base):
            name = label
    return f"{name} {value!r}" if isinstance(value, (str, int, float)) and not isinstance(value, bool) else name


class Field(NamedTuple):
    type: Type
    required: bool = False
    doc: str = ""


# Content text is a mapping keyed by language code: every language that has a message
# catalogue (`i18n.CATALOGUES`) is required, so adding a language is data, not code.
def per_language(what: str) -> dict[str, Field]:
    return {code: Field(Text(), True, f"{what} in language {code!r}") for code in CATALOGUES}


def _per_language_record() -> Record:
    return Record(per_language("The text"))


def check_record(raw: Located, fields: dict[str, Field], where: str, prefix: str, problems: list[str],
                 skip: Collection[str] = ()) -> None:
    """Append `where:line: prefix+field: message` for every unknown, missing or ill-typed field of `raw`."""
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


def line_in(raw: Located, name: str) -> int:
    value = raw.get(name)
    inner: int | None = getattr(value, "line", None)
    # Nested values report the line of their first bad part when we can find it.
    return raw.line_of(name) if not inner else min(inner, raw.line_of(name)) or raw.line_of(name)
