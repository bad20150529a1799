"""Limits, values and comparisons of filter patterns, and the condition trees JSON and space-delimited
patterns compare with."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from studycli.sims.regex import Regex

# PutMetricFilter / PutSubscriptionFilter: filterPattern length 0-1024.
MAX_PATTERN_LENGTH = 1024
# "There is a limit of 2 regex for each filter pattern when creating a delimited or JSON
# filter pattern" (FilterAndPatternSyntax, Quotas).
MAX_REGEX_IN_STRUCTURED = 2
# Our own guard (AWS documents none): deeper nesting would exhaust Python's recursion.
MAX_NESTING = 50
# Also ours: each '...' multiplies the ways fields can line up; two keep matching quick.
MAX_ELLIPSES = 2

# Characters the regex subset accepts besides letters and digits (FilterAndPatternSyntax,
# "Supported regular expressions"). Space is accepted here too: the docs do not list it,
# and rejecting `%ERROR 500%` would surprise more than it teaches.
REGEX_SYMBOLS = set(":_#=@/;,-") | set("^$?[]{}|\\*+.") | {" "}
NUMBER_RE = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
IDENT_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
SELECTOR_PART_RE = re.compile(r"\.([A-Za-z0-9_\-]+)|\[(\d+)\]")



@dataclass(frozen=True)
class Value:
    """The right-hand side of a comparison: a number, a string (maybe wildcarded) or a regex."""

    text: str
    number: float | None = None
    regex: Regex | None = None

    def describe(self) -> str:
        return f"%{self.regex.pattern}%" if self.regex else self.text


def _wildcard_match(expected: str, actual: str) -> bool:
    """`*` is a wildcard at either end of the string; in the middle it is a literal star."""
    if expected == "*":
        return True
    lead, trail = expected.startswith("*"), expected.endswith("*") and len(expected) > 1
    core = expected[1 if lead else 0: len(expected) - 1 if trail else len(expected)]
    if lead and trail:
        return core in actual
    if lead:
        return actual.endswith(core)
    if trail:
        return actual.startswith(core)
    return actual == expected


def as_number(raw: Any) -> float | None:
    if isinstance(raw, bool) or raw is None:
        return None
    if isinstance(raw, (int, float)):
        return float(raw)
    if isinstance(raw, str) and NUMBER_RE.fullmatch(raw):
        return float(raw)
    return None


def compare(actual: Any, op: str, value: Value, *, numbers_from_text: bool) -> bool:
    """One comparison. `numbers_from_text`: space-delimited fields are text that may hold numbers."""
    if actual is None or isinstance(actual, (dict, list)):
        return False
    if value.regex is not None:
        text = _scalar_text(actual)
        found = value.regex.search(text) is not None
        return found if op == "=" else not found
    if value.number is not None:
        if isinstance(actual, str) and not numbers_from_text:
            return False
        number = as_number(actual)
        if number is None:
            return False
        return _NUMERIC_OPS[op](number, value.number)
    if isinstance(actual, bool):
        return False
    text = _scalar_text(actual)
    same = _wildcard_match(value.text, text)
    return same if op == "=" else not same


def _scalar_text(actual: Any) -> str:
    if isinstance(actual, bool):
        return "true" if actual else "false"
    if isinstance(actual, float) and actual.is_integer():
        return str(int(actual))
    return str(actual)


_NUMERIC_OPS: dict[str, Callable[[float, float], bool]] = {
    "=": lambda a, b: a == b,
    "!=": lambda a, b: a != b,
    "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b,
    ">": lambda a, b: a > b,
    ">=": lambda a, b: a >= b,
}
OPERATORS = ("!=", "<=", ">=", "=", "<", ">")



@dataclass(frozen=True)
class Comparison:
    ref: str                 # "$.user.id" (JSON) or "status_code" (space-delimited)
    op: str                  # = != < <= > >=, or IS NULL / NOT EXISTS / IS TRUE / IS FALSE
    value: Value | None = None


@dataclass(frozen=True)
class BoolOp:
    op: str                  # "&&" or "||"
    parts: tuple[Any, ...]


Node = Comparison | BoolOp


def evaluate(node: Node, lookup: Callable[[str], tuple[bool, Any]], numbers_from_text: bool) -> bool:
    if isinstance(node, BoolOp):
        results = (evaluate(p, lookup, numbers_from_text) for p in node.parts)
        return all(results) if node.op == "&&" else any(results)
    present, actual = lookup(node.ref)
    if node.op == "NOT EXISTS":
        return not present
    if not present:
        return False
    if node.op == "IS NULL":
        return actual is None
    if node.op in ("IS TRUE", "IS FALSE"):
        return actual is (node.op == "IS TRUE")
    return node.value is not None and compare(actual, node.op, node.value, numbers_from_text=numbers_from_text)


def refs(node: Node) -> list[str]:
    if isinstance(node, BoolOp):
        return [r for p in node.parts for r in refs(p)]
    return [node.ref]


def count_regex(node: Node) -> int:
    if isinstance(node, BoolOp):
        return sum(count_regex(p) for p in node.parts)
    return 1 if node.value is not None and node.value.regex is not None else 0
