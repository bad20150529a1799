"""EventBridge event patterns: validate them as AWS does and match events against them.

An event pattern is JSON shaped like the events it selects. This module turns its text
into a `Pattern` (or rejects it the way EventBridge's PutRule/TestEventPattern do, with
`InvalidEventPatternException` and a reason) and answers "does this event match?".

How matching works, following "Content filtering in Amazon EventBridge event patterns":

- Both sides are flattened into dotted paths (`detail.state`); a pattern key written
  with a dot matches the nested event field and the other way round, as on AWS.
- An event array contributes each element to its path, so a pattern value matches when
  any element matches; fields read from the same array of objects must come from the
  same element ("array consistency").
- A field's list of values is an OR; the fields of a pattern (or of one `$or` branch)
  are an AND. `$or` branches are expanded up front into alternative clauses.
- `null` and `""` are values like any other: `[null]` matches only an explicit null,
  `exists: false` means "no leaf value at that path" and an object is not a leaf.

`CompiledPatterns` matches many named patterns at once: each clause is indexed on one
field it needs (an exact value where it has one, else the presence of a field), so an
event is only checked against the few clauses that could possibly match it.
"""

from __future__ import annotations

import ipaddress
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from studycli.errors import INVALID_EVENT, INVALID_EVENT_PATTERN, SpecError

OPERATORS = ("prefix", "suffix", "equals-ignore-case", "wildcard", "anything-but", "numeric",
             "exists", "cidr")
# event-ruler measures a wildcard by how many of its states one input can keep alive at
# once; AWS refuses patterns above a small budget. Ours counts NFA positions the same way.
WILDCARD_COMPLEXITY_LIMIT = 10


# --------------------------------------------------------------------------- values

def is_number(value: Any) -> bool:
    return type(value) in (int, float)


def _json_text(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


# --------------------------------------------------------------------------- matchers

@dataclass(frozen=True)
class FieldTest:
    """Everything one pattern field accepts: its list of values and operators (an OR)."""

    path: str
    strings: frozenset = frozenset()
    numbers: frozenset = frozenset()        # floats: 300 and 300.0 are the same number
    literals: frozenset = frozenset()       # True, False, None
    predicates: tuple = ()                  # (description, callable(value) -> bool)
    any_value: bool = False                 # exists: true
    absent_ok: bool = False                 # exists: false

    @property
    def exact_only(self) -> bool:
        return not (self.predicates or self.any_value or self.absent_ok)

    def accepts(self, value: Any) -> bool:
        if self.any_value:
            return True
        kind = type(value)
        if kind is str:
            if value in self.strings:
                return True
        elif kind is bool or value is None:
            if value in self.literals:
                return True
        elif (kind is int or kind is float) and value in self.numbers:
            return True
        for _, predicate in self.predicates:
            if predicate(value):
                return True
        return False


def _prefix(text: str) -> Callable[[Any], bool]:
    return lambda v: type(v) is str and v.startswith(text)


def _prefix_ignore_case(text: str) -> Callable[[Any], bool]:
    low = text.lower()
    return lambda v: type(v) is str and v.lower().startswith(low)


def _suffix(text: str) -> Callable[[Any], bool]:
    return lambda v: type(v) is str and v.endswith(text)


def _suffix_ignore_case(text: str) -> Callable[[Any], bool]:
    low = text.lower()
    return lambda v: type(v) is str and v.lower().endswith(low)


def _equals_ignore_case(text: str) -> Callable[[Any], bool]:
    low = text.lower()
    return lambda v: type(v) is str and v.lower() == low


def _wildcard(text: str) -> Callable[[Any], bool]:
    regex = wildcard_regex(text)
    return lambda v: type(v) is str and regex.fullmatch(v) is not None


def _numeric(lower: float | None, lower_open: bool, upper: float | None, upper_open: bool) -> Callable[[Any], bool]:
    def in_range(v: Any) -> bool:
        if type(v) is not int and type(v) is not float:
            return False
        if lower is not None and (v <= lower if lower_open else v < lower):
            return False
        if upper is not None and (v >= upper if upper_open else v > upper):
            return False
        return True
    return in_range


def _cidr(network: ipaddress._BaseNetwork) -> Callable[[Any], bool]:
    def inside(v: Any) -> bool:
        if type(v) is not str:
            return False
        try:
            return ipaddress.ip_address(v) in network
        except ValueError:
            return False
    return inside


def _not(predicate: Callable[[Any], bool]) -> Callable[[Any], bool]:
    # anything-but accepts every leaf the inner test refuses, nulls and other types included
    return lambda v: not predicate(v)


# --------------------------------------------------------------------------- wildcard

def wildcard_tokens(text: str) -> list[str | None]:
    """The wildcard as literal characters and None for `*`; validates escapes and `**`."""
    tokens: list[str | None] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "\\":
            if i + 1 >= len(text) or text[i + 1] not in "*\\":
                raise SpecError(f"Invalid escape character at pos {i}", kind=INVALID_EVENT_PATTERN)
            tokens.append(text[i + 1])
            i += 2
            continue
        if ch == "*":
            if tokens and tokens[-1] is None and i > 0 and text[i - 1] == "*":
                raise SpecError(f"Consecutive wildcard characters at pos {i}", kind=INVALID_EVENT_PATTERN)
            tokens.append(None)
        else:
            tokens.append(ch)
        i += 1
    return tokens


def wildcard_regex(text: str) -> re.Pattern:
    parts = [".*" if t is None else re.escape(t) for t in wildcard_tokens(text)]
    return re.compile("".join(parts), re.DOTALL)


def wildcard_complexity(text: str) -> int:
    """Most NFA positions one input can keep alive at once (the quotes count, as in event-ruler)."""
    tokens: list[str | None] = ['"', *wildcard_tokens(text), '"']
    alphabet = {t for t in tokens if t is not None} | {"\0other"}

    def closure(positions: Iterable[int]) -> frozenset:
        # a star may match nothing, so being before it also means being after it
        out = set()
        for p in positions:
            out.add(p)
            while p < len(tokens) and tokens[p] is None:
                p += 1
                out.add(p)
        return frozenset(out)

    start = closure([0])
    seen, todo, worst = {start}, [start], len(start)
    while todo:
        active = todo.pop()
        for ch in alphabet:
            nxt = set()
            for p in active:
                if p < len(tokens):
                    if tokens[p] is None:
                        nxt.add(p)                 # the star eats the character
                    elif tokens[p] == ch:
                        nxt.add(p + 1)
            state = closure(nxt)
            if state and state not in seen:
                seen.add(state)
                todo.append(state)
                worst = max(worst, len(state))
                if worst > WILDCARD_COMPLEXITY_LIMIT or len(seen) > 5000:
                    return worst
    return worst


def _checked_wildcard(text: str) -> Callable[[Any], bool]:
    predicate = _wildcard(text)
    if wildcard_complexity(text) > WILDCARD_COMPLEXITY_LIMIT:
        raise SpecError("Rule is too complex - try using fewer wildcard characters or fewer repeating "
                      "character sequences after a wildcard character", kind=INVALID_EVENT_PATTERN)
    return predicate


# --------------------------------------------------------------------------- parsing

@dataclass(frozen=True)
class Clause:
    """One way to match: every field test must hold (fields sorted by path)."""

    tests: tuple[FieldTest, ...]


@dataclass(frozen=True)
class Pattern:
    """A validated event pattern: alternative clauses (more than one only with `$or`)."""

    source: Any
    clauses: tuple[Clause, ...]

    def matches(self, event: Any) -> bool:
        return matches_flat(self, flatten_event(event))


def parse_pattern(pattern: str | dict) -> Pattern:
    """Validate an event pattern (JSON text or an already-parsed mapping) as EventBridge does."""
    document = load_pattern_json(pattern) if isinstance(pattern, (str, bytes)) else pattern
    if not isinstance(document, dict):
        raise SpecError("Filter is not an object", kind=INVALID_EVENT_PATTERN)
    try:
        clauses = _object_clauses(document, "", [{}])
    except RecursionError:
        raise SpecError("the pattern nests too deeply", kind=INVALID_EVENT_PATTERN) from None
    return Pattern(source=document, clauses=tuple(Clause(tuple(sorted(c.values(), key=lambda t: t.path)))
                                                  for c in clauses))


def _object_clauses(obj: dict, prefix: str, clauses: list[dict]) -> list[dict]:
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


def _or_clauses(branches: Any, prefix: str, clauses: list[dict]) -> list[dict]:
    if not isinstance(branches, list):
        raise SpecError("It must be an Array followed with $or.", kind=INVALID_EVENT_PATTERN)
    out: list[dict] = []
    for branch in branches:
        if not isinstance(branch, dict):
            raise SpecError("Only JSON object is allowed in array of $or relationship.", kind=INVALID_EVENT_PATTERN)
        out.extend(_object_clauses(branch, prefix, [dict(c) for c in clauses]))
    if len(branches) < 2:
        raise SpecError("There must have at least 2 Objects in $or relationship.", kind=INVALID_EVENT_PATTERN)
    return out


def _field_test(path: str, values: list) -> FieldTest:
    if not values:
        raise SpecError("Empty arrays are not allowed", kind=INVALID_EVENT_PATTERN)
    strings, numbers, literals = set(), set(), []
    predicates: list = []
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


def _single_key(expr: dict, missing: str = "Match expression name not found") -> tuple[str, Any]:
    if not expr:
        raise SpecError(missing, kind=INVALID_EVENT_PATTERN)
    if len(expr) > 1:
        raise SpecError("Only one key allowed in match expression", kind=INVALID_EVENT_PATTERN)
    return next(iter(expr.items()))


def _operator(expr: dict) -> tuple[str, Any]:
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
        return name, _equals_ignore_case(arg)
    if name == "wildcard":
        if not isinstance(arg, str):
            raise SpecError("wildcard match pattern must be a string", kind=INVALID_EVENT_PATTERN)
        return name, _checked_wildcard(arg)
    if name == "cidr":
        if not isinstance(arg, str):
            # sic: AWS reuses the prefix message for a CIDR that is not a string
            raise SpecError("prefix match pattern must be a string", kind=INVALID_EVENT_PATTERN)
        return name, _cidr(parse_cidr(arg))
    if name == "numeric":
        return name, _numeric(*parse_numeric(arg))
    return name, _anything_but(arg)


def _prefix_or_suffix(name: str, arg: Any) -> Callable[[Any], bool]:
    if isinstance(arg, dict):
        inner, text = _single_key(arg)
        if inner != "equals-ignore-case":
            raise SpecError(f"Unsupported {name} pattern: {inner}", kind=INVALID_EVENT_PATTERN)
        if not isinstance(text, str):
            raise SpecError("equals-ignore-case match pattern must be a string", kind=INVALID_EVENT_PATTERN)
        return _prefix_ignore_case(text) if name == "prefix" else _suffix_ignore_case(text)
    if not isinstance(arg, str):
        raise SpecError(f"{name} match pattern must be a string", kind=INVALID_EVENT_PATTERN)
    return _prefix(arg) if name == "prefix" else _suffix(arg)


def parse_numeric(arg: Any) -> tuple[float | None, bool, float | None, bool]:
    """`["<", 5]`, `[">", 0, "<=", 5]`, `["=", 3.5]` -> (lower, lower_open, upper, upper_open)."""
    if not isinstance(arg, list):
        raise SpecError("Value of numeric must be an array.", kind=INVALID_EVENT_PATTERN)
    if not arg or not isinstance(arg[0], str):
        raise SpecError("Invalid member in numeric match: " + (_json_text(arg[0]) if arg else "]"), kind=INVALID_EVENT_PATTERN)
    op = arg[0]
    if op not in ("=", "<", "<=", ">", ">="):
        raise SpecError(f"Unrecognized numeric range operator: {op}", kind=INVALID_EVENT_PATTERN)
    if len(arg) < 2 or not is_number(arg[1]):
        raise SpecError(f"Value of {'equals' if op == '=' else op} must be numeric", kind=INVALID_EVENT_PATTERN)
    first = float(arg[1])
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
        raise SpecError(f"Bad value in numeric range: {_json_text(second_op)}", kind=INVALID_EVENT_PATTERN)
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


def parse_cidr(text: str) -> ipaddress._BaseNetwork:
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
        raise SpecError(f"Malformed CIDR, mask bits must be between 0 and {ip.max_prefixlen}", kind=INVALID_EVENT_PATTERN)
    return ipaddress.ip_network(f"{ip}/{int(bits)}", strict=False)


def _anything_but(arg: Any) -> Callable[[Any], bool]:
    """anything-but: a value, a list of values, or {prefix|suffix|wildcard|equals-ignore-case: ...}."""
    if isinstance(arg, dict):
        inner, inner_arg = _single_key(arg, "Anything-But expression name not found")
        if inner not in ("prefix", "suffix", "wildcard", "equals-ignore-case"):
            raise SpecError(f"Unsupported anything-but pattern: {inner}", kind=INVALID_EVENT_PATTERN)
        if isinstance(inner_arg, dict):
            raise SpecError("Value of anything-but must be an array or single string/number value.", kind=INVALID_EVENT_PATTERN)
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
            inners = [_checked_wildcard(t) for t in texts]
        else:
            if not all(isinstance(t, str) for t in texts):
                raise SpecError("prefix/suffix match pattern must be a string", kind=INVALID_EVENT_PATTERN)
            if any(t == "" for t in texts):
                raise SpecError("Null prefix/suffix not allowed", kind=INVALID_EVENT_PATTERN)
            inners = [(_prefix if inner == "prefix" else _suffix)(t) for t in texts]
        return lambda v: not any(p(v) for p in inners)
    if isinstance(arg, list):
        if any(not (isinstance(v, str) or is_number(v)) for v in arg):
            raise SpecError("Inside anything but list, start|null|boolean is not supported.", kind=INVALID_EVENT_PATTERN)
        kinds = {isinstance(v, str) for v in arg}
        if len(kinds) != 1:
            raise SpecError("Inside anything but list, either all values are number or string, "
                          "mixed type is not supported", kind=INVALID_EVENT_PATTERN)
        values = arg
    elif isinstance(arg, str) or is_number(arg):
        values = [arg]
    else:
        raise SpecError("Value of anything-but must be an array or single string/number value.", kind=INVALID_EVENT_PATTERN)
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


# --------------------------------------------------------------------------- JSON text

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


# --------------------------------------------------------------------------- events

def load_event_json(text: str) -> dict:
    """An event given as JSON text: it must be one JSON object."""
    try:
        event = json.loads(text)
    except json.JSONDecodeError as err:
        raise SpecError(f"the event is not valid JSON: {err.msg} at line {err.lineno} column {err.colno}",
                        kind=INVALID_EVENT) from None
    except RecursionError:
        raise SpecError("the event nests too deeply", kind=INVALID_EVENT) from None
    if not isinstance(event, dict):
        raise SpecError("the event must be a JSON object such as {\"source\": \"aws.ec2\", ...}", kind=INVALID_EVENT)
    return event


class FlatEvent:
    """An event as `path -> [leaf values]`, with each leaf's place in the arrays it came from."""

    __slots__ = ("values", "places", "in_arrays")

    def __init__(self) -> None:
        self.values: dict[str, list] = {}
        self.places: dict[str, list] = {}
        self.in_arrays = False


def flatten_event(event: Any) -> FlatEvent:
    flat = FlatEvent()
    if isinstance(event, dict):
        try:
            _flatten_object(event, "", (), flat, [0])
        except RecursionError:
            raise SpecError("the event nests too deeply", kind=INVALID_EVENT) from None
    return flat


def _flatten_object(obj: dict, prefix: str, place: tuple, flat: FlatEvent, counter: list) -> None:
    for key, value in obj.items():
        path = prefix + "." + key if prefix else key
        _flatten_value(value, path, place, flat, counter)


def _flatten_value(value: Any, path: str, place: tuple, flat: FlatEvent, counter: list) -> None:
    if isinstance(value, dict):
        _flatten_object(value, path, place, flat, counter)
    elif isinstance(value, list):
        counter[0] += 1
        array_id = counter[0]
        flat.in_arrays = True
        for index, item in enumerate(value):
            _flatten_value(item, path, place + ((array_id, index),), flat, counter)
    else:
        values = flat.values.get(path)
        if values is None:
            flat.values[path] = [value]
            flat.places[path] = [place]
        else:
            values.append(value)
            flat.places[path].append(place)


def clause_matches(clause: Clause, flat: FlatEvent) -> bool:
    values_of = flat.values
    chosen: list[list[tuple]] = []
    for test in clause.tests:
        values = values_of.get(test.path)
        if not values:
            if test.absent_ok:
                continue
            return False
        if not flat.in_arrays:
            if not any(test.accepts(v) for v in values):
                return False
            continue
        places = flat.places[test.path]
        hits = [places[i] for i, v in enumerate(values) if test.accepts(v)]
        if not hits:
            return False
        chosen.append(hits)
    return not flat.in_arrays or _consistent(chosen, {})


def _consistent(choices: list[list[tuple]], fixed: dict) -> bool:
    """Can one leaf per field be picked so that fields from one array share an element?"""
    if not choices:
        return True
    first, rest = choices[0], choices[1:]
    for place in first:
        if all(fixed.get(array_id, index) == index for array_id, index in place):
            if _consistent(rest, {**fixed, **dict(place)}):
                return True
    return False


def matches_flat(pattern: Pattern, flat: FlatEvent) -> bool:
    return any(clause_matches(clause, flat) for clause in pattern.clauses)


def matches(pattern: str | dict | Pattern, event: Any) -> bool:
    """Does `event` match `pattern`? (the straightforward one-pattern evaluator)"""
    compiled = pattern if isinstance(pattern, Pattern) else parse_pattern(pattern)
    return compiled.matches(event)


# --------------------------------------------------------------------------- many rules

class CompiledPatterns:
    """Many named patterns matched together; an event meets only the clauses it could satisfy.

    Each clause is filed under one field it needs: the exact values of a field that has
    only exact values (looked up in a dict by the event's value), otherwise any field that
    must be present, otherwise (only `exists: false` fields) it is always checked.
    """

    def __init__(self, patterns: dict[str, Pattern | str | dict] | Iterable[tuple[str, Any]]):
        items = patterns.items() if isinstance(patterns, dict) else patterns
        self.names: list[str] = []
        self._clauses: list[tuple[int, Clause]] = []
        self._by_string: dict[str, dict[str, list[int]]] = {}
        self._by_number: dict[str, dict[float, list[int]]] = {}
        self._by_literal: dict[str, list[tuple[Any, int]]] = {}
        self._by_presence: dict[str, list[int]] = {}
        self._always: list[int] = []
        for name, pattern in items:
            compiled = pattern if isinstance(pattern, Pattern) else parse_pattern(pattern)
            self.names.append(name)
            for clause in compiled.clauses:
                self._file(len(self.names) - 1, clause)

    def _file(self, rule: int, clause: Clause) -> None:
        number = len(self._clauses)
        self._clauses.append((rule, clause))
        exact = [t for t in clause.tests if t.exact_only]
        if exact:
            anchor = min(exact, key=lambda t: (len(t.strings) + len(t.numbers) + len(t.literals), t.path))
            for value in anchor.strings:
                self._by_string.setdefault(anchor.path, {}).setdefault(value, []).append(number)
            for value in anchor.numbers:
                self._by_number.setdefault(anchor.path, {}).setdefault(value, []).append(number)
            for value in anchor.literals:
                self._by_literal.setdefault(anchor.path, []).append((value, number))
            return
        needed = [t for t in clause.tests if not t.absent_ok]
        if needed:
            self._by_presence.setdefault(needed[0].path, []).append(number)
        else:
            self._always.append(number)

    def candidates(self, flat: FlatEvent) -> set[int]:
        values_of = flat.values
        found: set[int] = set(self._always)
        for path, table in self._by_string.items():
            for value in values_of.get(path, ()):
                if type(value) is str:
                    hit = table.get(value)
                    if hit:
                        found.update(hit)
        for path, table in self._by_number.items():
            for value in values_of.get(path, ()):
                if type(value) in (int, float):
                    hit = table.get(value)
                    if hit:
                        found.update(hit)
        for path, pairs in self._by_literal.items():
            for value in values_of.get(path, ()):
                for literal, number in pairs:
                    if value is literal:
                        found.add(number)
        for path, numbers in self._by_presence.items():
            if path in values_of:
                found.update(numbers)
        return found

    def matching(self, event: Any) -> list[str]:
        """Names of the patterns that match `event`, in the order they were given."""
        flat = flatten_event(event)
        hits: set[int] = set()
        for number in sorted(self.candidates(flat)):
            rule, clause = self._clauses[number]
            if rule not in hits and clause_matches(clause, flat):
                hits.add(rule)
        return [self.names[r] for r in sorted(hits)]
