"""Event pattern text or mapping -> `Pattern`, validated as EventBridge's PutRule does."""

from __future__ import annotations

import ipaddress
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from studycli.errors import INVALID_EVENT_PATTERN, LIMIT_EXCEEDED, SpecError
from studycli.sims.eventbridge.patterns.events import FlatEvent, clause_matches, flatten_event
from studycli.sims.eventbridge.patterns.json_text import load_pattern_json
from studycli.sims.eventbridge.patterns.matchers import (
    NUMERIC_LIMIT,
    OPERATORS,
    Clause,
    FieldTest,
    is_number,
    json_text,
    match_cidr,
    match_equals_ignore_case,
    match_numeric,
    match_prefix,
    match_prefix_ignore_case,
    match_suffix,
    match_suffix_ignore_case,
    match_wildcard,
)


@dataclass(frozen=True)
class Pattern:
    """A validated event pattern: alternative clauses (more than one only with `$or`)."""

    source: Any
    clauses: tuple[Clause, ...]

    def matches(self, event: Any) -> bool:
        return matches_flat(self, flatten_event(event))


# The documented limits: "over 1000 rule combinations" from `$or` is refused (content filtering, "Complex
# example with $or matching"); an event pattern is at most 2,048 characters by default (EventBridge quotas,
# "Event pattern size", adjustable up to 4,096).
MAX_OR_COMBINATIONS = 1000
MAX_PATTERN_SIZE = 2048


def parse_pattern(pattern: str | dict[str, Any], max_size: int = MAX_PATTERN_SIZE) -> Pattern:
    """Validate an event pattern (JSON text or an already-parsed mapping) as EventBridge does."""
    if isinstance(pattern, (str, bytes)):
        _within_size(len(pattern), max_size)   # the text's size first, whatever it holds
        document = load_pattern_json(pattern)
    else:
        document = pattern
    if not isinstance(document, dict):
        raise SpecError("Filter is not an object", kind=INVALID_EVENT_PATTERN)
    try:
        if not isinstance(pattern, (str, bytes)):
            _within_size(len(json.dumps(document, ensure_ascii=False, separators=(",", ":"))), max_size)
        combinations = _or_combinations(document)
        if combinations > MAX_OR_COMBINATIONS:
            raise SpecError(f"the use of $or results in {combinations:,} rule combinations; at most "
                            f"{MAX_OR_COMBINATIONS:,} are allowed", kind=INVALID_EVENT_PATTERN)
        clauses = _object_clauses(document, "", [{}])
    except RecursionError:
        raise SpecError("the pattern nests too deeply", kind=INVALID_EVENT_PATTERN) from None
    return Pattern(source=document, clauses=tuple(Clause(tuple(sorted(c.values(), key=lambda t: t.path)))
                                                  for c in clauses))


def _within_size(size: int, max_size: int) -> None:
    if size > max_size:
        raise SpecError(f"the event pattern is {size:,} characters; the event pattern size quota is "
                        f"{max_size:,} (2,048 by default, adjustable up to 4,096)", kind=LIMIT_EXCEEDED)


def _or_combinations(node: Any) -> int:
    """The product of the number of branches of every `$or` array in the pattern, as the docs count them."""
    total = 1
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$or" and isinstance(value, list):
                total *= max(len(value), 1)
            total *= _or_combinations(value)
            if total > MAX_OR_COMBINATIONS:
                return total
    elif isinstance(node, list):
        for item in node:
            if isinstance(item, dict):
                total *= _or_combinations(item)
                if total > MAX_OR_COMBINATIONS:
                    return total
    return total


def _object_clauses(obj: dict[str, Any], prefix: str, clauses: list[dict[str, Any]]) -> list[dict[str, Any]]:
    if not obj:
        raise SpecError("Empty objects are not allowed", kind=INVALID_EVENT_PATTERN)
    for key, value in obj.items():
        if not isinstance(key, str):
            raise SpecError(f"field names must be strings, not {key!r}", kind=INVALID_EVENT_PATTERN)
        if key == "$or":
            clauses = _or_clauses(value, prefix, clauses)
            continue
        path = f"{prefix}.{key}" if prefix else key
        if isinstance(value, dict):
            clauses = _object_clauses(value, path, clauses)
        elif isinstance(value, list):
            test = _field_test(path, value)
            for clause in clauses:
                clause[path] = test     # a repeated field replaces the earlier one, as on AWS
        else:
            raise SpecError(f'"{key}" must be an object or an array', kind=INVALID_EVENT_PATTERN)
    return clauses


def _or_clauses(branches: Any, prefix: str, clauses: list[dict[str, Any]]) -> list[dict[str, Any]]:
    if not isinstance(branches, list):
        raise SpecError("It must be an Array followed with $or.", kind=INVALID_EVENT_PATTERN)
    out: list[dict[str, Any]] = []
    for branch in branches:
        if not isinstance(branch, dict):
            raise SpecError("Only JSON object is allowed in array of $or relationship.", kind=INVALID_EVENT_PATTERN)
        out.extend(_object_clauses(branch, prefix, [dict(c) for c in clauses]))
    if len(branches) < 2:
        raise SpecError("There must have at least 2 Objects in $or relationship.", kind=INVALID_EVENT_PATTERN)
    return out


def _field_test(path: str, values: list[Any]) -> FieldTest:
    if not values:
        raise SpecError("Empty arrays are not allowed", kind=INVALID_EVENT_PATTERN)
    strings: set[str] = set()
    numbers: set[float] = set()
    literals: list[Any] = []
    predicates: list[Any] = []
    any_value = absent_ok = False
    for value in values:
        if isinstance(value, dict):
            kind, arg = _operator(value)
            if kind == "exists":
                any_value |= arg
                absent_ok |= not arg
            else:
                predicates.append((kind, arg))
        elif isinstance(value, str):
            strings.add(value)
        elif value is None or isinstance(value, bool):
            literals.append(value)
        elif is_number(value):
            numbers.update((value, float(value)))   # int and float forms: 300 == 300.0, big ids stay exact
        else:
            raise SpecError("Match value must be String, number, true, false, or null", kind=INVALID_EVENT_PATTERN)
    return FieldTest(path, frozenset(strings), frozenset(numbers), frozenset(literals), tuple(predicates),
                     any_value, absent_ok)


def _single_key(expr: dict[str, Any], missing: str = "Match expression name not found") -> tuple[str, Any]:
    if not expr:
        raise SpecError(missing, kind=INVALID_EVENT_PATTERN)
    if len(expr) > 1:
        raise SpecError("Only one key allowed in match expression", kind=INVALID_EVENT_PATTERN)
    return next(iter(expr.items()))


def _operator(expr: dict[str, Any]) -> tuple[str, Any]:
    """One `{operator: argument}` object of a value list -> (operator, predicate or flag)."""
    name, arg = _single_key(expr)
    if name not in OPERATORS:
        raise SpecError(f"Unrecognized match type {name}", kind=INVALID_EVENT_PATTERN)
    if name == "exists":
        if not isinstance(arg, bool):
            raise SpecError("exists match pattern must be either true or false.", kind=INVALID_EVENT_PATTERN)
        return name, arg
    if name in ("prefix", "suffix"):
        return name, _prefix_or_suffix(name, arg)
    if name == "equals-ignore-case":
        if not isinstance(arg, str):
            raise SpecError("equals-ignore-case match pattern must be a string", kind=INVALID_EVENT_PATTERN)
        return name, match_equals_ignore_case(arg)
    if name == "wildcard":
        if not isinstance(arg, str):
            raise SpecError("wildcard match pattern must be a string", kind=INVALID_EVENT_PATTERN)
        return name, match_wildcard(arg)
    if name == "cidr":
        if not isinstance(arg, str):
            # sic: AWS reuses the prefix message for a CIDR that is not a string
            raise SpecError("prefix match pattern must be a string", kind=INVALID_EVENT_PATTERN)
        return name, match_cidr(parse_cidr(arg))
    if name == "numeric":
        return name, match_numeric(*parse_numeric(arg))
    return name, _anything_but(arg)


def _prefix_or_suffix(name: str, arg: Any) -> Callable[[Any], bool]:
    if isinstance(arg, dict):
        inner, text = _single_key(arg)
        if inner != "equals-ignore-case":
            raise SpecError(f"Unsupported {name} pattern: {inner}", kind=INVALID_EVENT_PATTERN)
        if not isinstance(text, str):
            raise SpecError("equals-ignore-case match pattern must be a string", kind=INVALID_EVENT_PATTERN)
        return match_prefix_ignore_case(text) if name == "prefix" else match_suffix_ignore_case(text)
    if not isinstance(arg, str):
        raise SpecError(f"{name} match pattern must be a string", kind=INVALID_EVENT_PATTERN)
    return match_prefix(arg) if name == "prefix" else match_suffix(arg)


def parse_numeric(arg: Any) -> tuple[float | None, bool, float | None, bool]:
    """`["<", 5]`, `[">", 0, "<=", 5]`, `["=", 3.5]` -> (lower, lower_open, upper, upper_open)."""
    if not isinstance(arg, list):
        raise SpecError("Value of numeric must be an array.", kind=INVALID_EVENT_PATTERN)
    if not arg or not isinstance(arg[0], str):
        raise SpecError("Invalid member in numeric match: " + (json_text(arg[0]) if arg else "]"),
                        kind=INVALID_EVENT_PATTERN)
    op = arg[0]
    if op not in ("=", "<", "<=", ">", ">="):
        raise SpecError(f"Unrecognized numeric range operator: {op}", kind=INVALID_EVENT_PATTERN)
    if len(arg) < 2 or not is_number(arg[1]):
        raise SpecError(f"Value of {'equals' if op == '=' else op} must be numeric", kind=INVALID_EVENT_PATTERN)
    first = float(arg[1])
    _numeric_in_range(arg[3] if len(arg) > 3 and is_number(arg[3]) else first)
    _numeric_in_range(first)
    if op == "=":
        if len(arg) > 2:
            raise SpecError("Too many elements in numeric expression", kind=INVALID_EVENT_PATTERN)
        return first, False, first, False
    if op in ("<", "<="):
        if len(arg) > 2:
            raise SpecError("Too many elements in numeric expression", kind=INVALID_EVENT_PATTERN)
        return None, False, first, op == "<"
    if len(arg) == 2:
        return first, op == ">", None, False
    second_op = arg[2]
    if not isinstance(second_op, str):
        raise SpecError(f"Bad value in numeric range: {json_text(second_op)}", kind=INVALID_EVENT_PATTERN)
    if second_op not in ("<", "<="):
        raise SpecError(f"Bad numeric range operator: {second_op}", kind=INVALID_EVENT_PATTERN)
    if len(arg) < 4 or not is_number(arg[3]):
        raise SpecError(f"Value of {second_op} must be numeric", kind=INVALID_EVENT_PATTERN)
    if len(arg) > 4:
        raise SpecError("Too many terms in numeric range expression", kind=INVALID_EVENT_PATTERN)
    second = float(arg[3])
    if second <= first:
        raise SpecError("Bottom must be less than top", kind=INVALID_EVENT_PATTERN)
    return first, op == ">", second, second_op == "<"


def _numeric_in_range(value: float) -> None:
    if not -NUMERIC_LIMIT <= value <= NUMERIC_LIMIT:
        raise SpecError(f"Value must be between {-NUMERIC_LIMIT:.1e} and {NUMERIC_LIMIT:.1e}, inclusive",
                        kind=INVALID_EVENT_PATTERN)


def parse_cidr(text: str) -> ipaddress.IPv4Network | ipaddress.IPv6Network:
    """A CIDR block such as `10.0.0.0/24` or `2001:db8::/64` (host bits may be set, as on AWS)."""
    parts = text.split("/")
    if len(parts) != 2:
        raise SpecError("Malformed CIDR, one '/' required", kind=INVALID_EVENT_PATTERN)
    address, bits = parts
    if not (bits.isascii() and bits.isdigit()):
        raise SpecError("Malformed CIDR, mask bits must be an integer", kind=INVALID_EVENT_PATTERN)
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        raise SpecError(f"Nonstandard IP address: {address}", kind=INVALID_EVENT_PATTERN) from None
    if int(bits) > ip.max_prefixlen:
        raise SpecError(f"Malformed CIDR, mask bits must be between 0 and {ip.max_prefixlen}",
                        kind=INVALID_EVENT_PATTERN)
    return ipaddress.ip_network(f"{ip}/{int(bits)}", strict=False)


def _anything_but(arg: Any) -> Callable[[Any], bool]:
    """anything-but: a value, a list of values, or {prefix|suffix|wildcard|equals-ignore-case: ...}."""
    if isinstance(arg, dict):
        inner, inner_arg = _single_key(arg, "Anything-But expression name not found")
        if inner not in ("prefix", "suffix", "wildcard", "equals-ignore-case"):
            raise SpecError(f"Unsupported anything-but pattern: {inner}", kind=INVALID_EVENT_PATTERN)
        if isinstance(inner_arg, dict):
            raise SpecError("Value of anything-but must be an array or single string/number value.",
                            kind=INVALID_EVENT_PATTERN)
        texts = inner_arg if isinstance(inner_arg, list) else [inner_arg]
        if not texts:
            raise SpecError("Empty arrays are not allowed", kind=INVALID_EVENT_PATTERN)
        if inner == "equals-ignore-case":
            if not all(isinstance(t, str) for t in texts):
                raise SpecError("Inside anything-but/equals-ignore-case list, number|start|null|boolean is not supported.", kind=INVALID_EVENT_PATTERN)
            lowered = {t.lower() for t in texts}
            return lambda v: not (type(v) is str and v.lower() in lowered)
        if inner == "wildcard":
            if not all(isinstance(t, str) for t in texts):
                raise SpecError("wildcard match pattern must be a string", kind=INVALID_EVENT_PATTERN)
            inners = [match_wildcard(t) for t in texts]
        else:
            if not all(isinstance(t, str) for t in texts):
                raise SpecError("prefix/suffix match pattern must be a string", kind=INVALID_EVENT_PATTERN)
            if any(t == "" for t in texts):
                raise SpecError("Null prefix/suffix not allowed", kind=INVALID_EVENT_PATTERN)
            inners = [(match_prefix if inner == "prefix" else match_suffix)(t) for t in texts]
        return lambda v: not any(p(v) for p in inners)
    if isinstance(arg, list):
        if any(not (isinstance(v, str) or is_number(v)) for v in arg):
            raise SpecError("Inside anything but list, start|null|boolean is not supported.",
                            kind=INVALID_EVENT_PATTERN)
        kinds = {isinstance(v, str) for v in arg}
        if len(kinds) != 1:
            raise SpecError("Inside anything but list, either all values are number or string, "
                          "mixed type is not supported", kind=INVALID_EVENT_PATTERN)
        values = arg
    elif isinstance(arg, str) or is_number(arg):
        values = [arg]
    else:
        raise SpecError("Value of anything-but must be an array or single string/number value.",
                        kind=INVALID_EVENT_PATTERN)
    strings = frozenset(v for v in values if isinstance(v, str))
    numbers = frozenset(n for v in values if is_number(v) for n in (v, float(v)))

    def differs(v: Any) -> bool:
        kind = type(v)
        if kind is str:
            return v not in strings
        if kind is int or kind is float:
            return v not in numbers
        return True
    return differs



def matches_flat(pattern: Pattern, flat: FlatEvent) -> bool:
    return any(clause_matches(clause, flat) for clause in pattern.clauses)


def matches(pattern: str | dict[str, Any] | Pattern, event: Any) -> bool:
    """Does `event` match `pattern`? (the straightforward one-pattern evaluator)"""
    compiled = pattern if isinstance(pattern, Pattern) else parse_pattern(pattern)
    return compiled.matches(event)
