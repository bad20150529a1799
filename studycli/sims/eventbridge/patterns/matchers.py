"""What one field of a pattern accepts: exact values, operators (prefix, numeric, cidr, ...) and wildcards."""

from __future__ import annotations

import ipaddress
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from studycli.errors import INVALID_EVENT_PATTERN, SpecError
from studycli.sims.regex import Regex

OPERATORS = ("prefix", "suffix", "equals-ignore-case", "wildcard", "anything-but", "numeric",
             "exists", "cidr")
# event-ruler measures a wildcard by how many of its states one input can keep alive at
# once; AWS refuses patterns above a small budget. Ours counts NFA positions the same way.
WILDCARD_COMPLEXITY_LIMIT = 10



def is_number(value: Any) -> bool:
    return type(value) in (int, float)


def json_text(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)



@dataclass(frozen=True)
class FieldTest:
    """Everything one pattern field accepts: its list of values and operators (an OR)."""

    path: str
    strings: frozenset[Any] = frozenset()
    numbers: frozenset[Any] = frozenset()        # floats: 300 and 300.0 are the same number
    literals: frozenset[Any] = frozenset()       # True, False, None
    predicates: tuple[Any, ...] = ()                  # (description, callable(value) -> bool)
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


def match_prefix(text: str) -> Callable[[Any], bool]:
    return lambda v: type(v) is str and v.startswith(text)


def match_prefix_ignore_case(text: str) -> Callable[[Any], bool]:
    low = text.lower()
    return lambda v: type(v) is str and v.lower().startswith(low)


def match_suffix(text: str) -> Callable[[Any], bool]:
    return lambda v: type(v) is str and v.endswith(text)


def match_suffix_ignore_case(text: str) -> Callable[[Any], bool]:
    low = text.lower()
    return lambda v: type(v) is str and v.lower().endswith(low)


def match_equals_ignore_case(text: str) -> Callable[[Any], bool]:
    low = text.lower()
    return lambda v: type(v) is str and v.lower() == low


def _wildcard(text: str) -> Callable[[Any], bool]:
    regex = wildcard_regex(text)
    return lambda v: type(v) is str and regex.fullmatch(v) is not None


# "Numeric matching ... is limited to values between -5.0e9 and +5.0e9 inclusive, with 15 digits of
# precision, or six digits to the right of the decimal point" (content filtering, numeric matching).
NUMERIC_LIMIT = 5.0e9
NUMERIC_SCALE = 1_000_000


def comparable(number: float) -> int:
    """A number as numeric matching compares it: six digits after the decimal point."""
    return round(number * NUMERIC_SCALE)


def match_numeric(lower: float | None, lower_open: bool, upper: float | None, upper_open: bool) -> Callable[[Any], bool]:
    low = None if lower is None else comparable(lower)
    high = None if upper is None else comparable(upper)

    def in_range(v: Any) -> bool:
        if type(v) is not int and type(v) is not float:
            return False
        if not -NUMERIC_LIMIT <= v <= NUMERIC_LIMIT:
            return False            # outside the range numeric matching covers: never matched
        n = comparable(v)
        if low is not None and (n <= low if lower_open else n < low):
            return False
        if high is not None and (n >= high if upper_open else n > high):
            return False
        return True
    return in_range


def match_cidr(network: ipaddress.IPv4Network | ipaddress.IPv6Network) -> Callable[[Any], bool]:
    def inside(v: Any) -> bool:
        if type(v) is not str:
            return False
        try:
            return ipaddress.ip_address(v) in network
        except ValueError:
            return False
    return inside


def negate(predicate: Callable[[Any], bool]) -> Callable[[Any], bool]:
    # anything-but accepts every leaf the inner test refuses, nulls and other types included
    return lambda v: not predicate(v)



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


def wildcard_regex(text: str) -> Regex:
    """The wildcard as a linear-time regex (RE2): many `*` against a long value cannot hang."""
    parts = [".*" if t is None else re.escape(t) for t in wildcard_tokens(text)]
    return Regex("".join(parts), dot_matches_newline=True)


def wildcard_complexity(text: str) -> int:
    """Most NFA positions one input can keep alive at once (the quotes count, as in event-ruler)."""
    tokens: list[str | None] = ['"', *wildcard_tokens(text), '"']
    alphabet = {t for t in tokens if t is not None} | {"\0other"}

    def closure(positions: Iterable[int]) -> frozenset[Any]:
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


def match_wildcard(text: str) -> Callable[[Any], bool]:
    predicate = _wildcard(text)
    if wildcard_complexity(text) > WILDCARD_COMPLEXITY_LIMIT:
        raise SpecError("Rule is too complex - try using fewer wildcard characters or fewer repeating "
                      "character sequences after a wildcard character", kind=INVALID_EVENT_PATTERN)
    return predicate



@dataclass(frozen=True)
class Clause:
    """One way to match: every field test must hold (fields sorted by path)."""

    tests: tuple[FieldTest, ...]
