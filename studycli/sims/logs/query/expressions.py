"""Expressions and conditions of a query, compiled into functions of a row.

Precedence, loosest first: `or`, `and`, `not`, comparisons (`= != < <= > >=`, `like`,
`=~`, `in`, `not like`, `not in`), `+ -`, `* / %`, unary `-`, `^`, then a value: a
literal, a field (`a.b`, `` `foo-bar` ``, `list[1].name`), a function call or `( ... )`.
Arithmetic on something that is not a number gives null, as does a division by zero.
In `stats`, aggregate calls (`sum(x)`, `pct(x, 95)`) are handed to the command through
`on_aggregate`, which returns the function that reads the aggregate's result.
"""

from __future__ import annotations

import math
import operator
import re
import weakref
from collections.abc import Callable
from typing import Any

from studycli.errors import INVALID_QUERY, SpecError
from studycli.sims.logs.query.functions import FUNCTIONS, PERIOD_ARGS, QueryTime, call, compile_regex
from studycli.sims.logs.query.syntax import AGGREGATES, MAX_NESTING, PERIOD, PERIOD_SECONDS, Tok, period_text
from studycli.sims.logs.query.values import as_number, as_text, compare, is_structure, truthy

Expr = Callable[[Any], Any]
OnAggregate = Callable[[Tok, list[Any]], Expr]


# A regex of letters, digits, spaces and these marks is the text it matches, anywhere in the value.
_LITERAL = re.compile(r"[A-Za-z0-9 _:,;=@#'\"<>!&~`-]+")


def period_seconds(token: Tok) -> float:
    match = PERIOD.match(token.text)
    if not match or int(match.group(1)) == 0:
        raise SpecError(f"{token.text!r} is not a time period like 30s, 5m, 1h or 1d", column=token.column,
                        kind=INVALID_QUERY)
    return int(match.group(1)) * PERIOD_SECONDS[match.group(2)]


def _arith(op: str) -> Callable[[float, float], float | None]:
    if op == "+":
        return lambda a, b: a + b
    if op == "-":
        return lambda a, b: a - b
    if op == "*":
        return lambda a, b: a * b
    if op == "/":
        return lambda a, b: a / b if b else None
    if op == "%":
        return lambda a, b: math.fmod(a, b) if b else None
    return lambda a, b: _power(a, b)


def _power(a: float, b: float) -> float | None:
    try:
        result = a ** b
    except (OverflowError, ZeroDivisionError):
        return None
    return float(result) if isinstance(result, (int, float)) and math.isfinite(result) else None


class Parser:
    """Expression parser over one command's tokens."""

    def __init__(self, tokens: list[Tok], command: str, end_column: int, on_aggregate: OnAggregate | None = None,
                 time: QueryTime | None = None):
        self.tokens, self.pos, self.command, self.end_column = tokens, 0, command, end_column
        self.depth = 0
        self.on_aggregate = on_aggregate
        self.time = time
        self.source = ""                      # the whole query, to label expressions as written
        self.fields: set[str] = set()         # the fields the command reads (outside aggregate calls)
        self.aggregate_fields: set[str] = set()  # ... and inside them

    def error(self, message: str, token: Tok | None = None) -> SpecError:
        column = token.column if token is not None else self.end_column
        return SpecError(f"{self.command}: {message}", column=column, kind=INVALID_QUERY)

    def deeper(self, token: Tok) -> None:
        self.depth += 1
        if self.depth > MAX_NESTING:
            raise self.error(f"parentheses, not and functions nest more than {MAX_NESTING} deep", token)

    def peek(self, offset: int = 0) -> Tok | None:
        index = self.pos + offset
        return self.tokens[index] if index < len(self.tokens) else None

    def at(self, kind: str, text: str | None = None) -> bool:
        token = self.peek()
        return token is not None and token.kind == kind and (text is None or token.value == text or token.text == text)

    def at_name(self, *names: str) -> bool:
        """A plain word such as `into`, `with`, `multi` (names are case-insensitive keywords here)."""
        token = self.peek()
        return token is not None and token.kind == "name" and token.text.lower() in names

    def take(self, what: str = "more of the query") -> Tok:
        token = self.peek()
        if token is None:
            raise self.error(f"expected {what}, but the command ends")
        self.pos += 1
        return token

    def expect(self, kind: str, text: str, what: str) -> Tok:
        token = self.take(what)
        if token.kind != kind or (token.value != text and token.text != text):
            raise self.error(f"expected {what}, found {token.text!r}", token)
        return token

    def done(self) -> None:
        token = self.peek()
        if token is not None:
            raise self.error(f"unexpected {token.text!r}", token)

    def alias(self, default: str) -> str:
        """`as NAME` if it follows, else `default`."""
        if not self.at("word", "as"):
            return default
        self.take()
        token = self.take("a name after as")
        if token.kind != "name":
            raise self.error(f"expected a name after as, found {token.text!r}", token)
        return str(token.value)

    def written(self, start: int) -> str:
        """The tokens from `start` to here as the query wrote them (whitespace collapsed)."""
        tokens = self.tokens[start:self.pos]
        if len(tokens) == 1 and tokens[0].kind == "name":
            return str(tokens[0].value)
        if not self.source:
            return " ".join(t.text for t in tokens)
        first, last = tokens[0], tokens[-1]
        return " ".join(self.source[first.column - 1:last.column - 1 + len(last.text)].split())

    def field_name(self, what: str = "a field name") -> str:
        token = self.take(what)
        if token.kind != "name":
            raise self.error(f"expected {what}, found {token.text!r}", token)
        self.fields.add(str(token.value))
        return str(token.value)

    # expr := or ------------------------------------------------------------------------
    def expression(self) -> Expr:
        # Flat lists, not nested lambdas: a long chain of `or` must not deepen the call stack.
        parts = [self.conjunction()]
        while self.at("word", "or"):
            self.take()
            parts.append(self.conjunction())
        if len(parts) == 2:
            first, second = parts
            return lambda e: truthy(first(e)) or truthy(second(e))
        return parts[0] if len(parts) == 1 else (lambda e: any(truthy(p(e)) for p in parts))

    def conjunction(self) -> Expr:
        parts = [self.negation()]
        while self.at("word", "and"):
            self.take()
            parts.append(self.negation())
        if len(parts) == 2:
            first, second = parts
            return lambda e: truthy(first(e)) and truthy(second(e))
        return parts[0] if len(parts) == 1 else (lambda e: all(truthy(p(e)) for p in parts))

    def negation(self) -> Expr:
        if self.at("word", "not"):
            self.deeper(self.take())
            inner = self.negation()
            self.depth -= 1
            return lambda e: not truthy(inner(e))
        return self.comparison()

    def comparison(self) -> Expr:
        left = self.additive()
        negate = False
        following = self.peek(1)
        if self.at("word", "not") and following is not None and following.value in ("like", "in"):
            self.take()
            negate = True
        token = self.peek()
        if token is None:
            if negate:
                raise self.error("expected like or in after not")
            return left
        if token.kind == "op" and token.text != "=~":
            self.take()
            right = self.additive()
            op = token.text
            if right in CONSTANTS and isinstance(CONSTANTS[right], str) and as_number(CONSTANTS[right]) is None:
                return _text_comparison(left, op, CONSTANTS[right])
            return lambda e: compare(left(e), op, right(e))
        if (token.kind == "word" and token.value == "like") or (token.kind == "op" and token.text == "=~"):
            self.take()
            matcher = self.like_operand()

            def like(e: Any) -> bool:
                value = left(e)
                if value.__class__ is str:
                    return matcher(value) != negate
                if value is None or is_structure(value):   # null matches neither like nor not like
                    return False
                return matcher(as_text(value)) != negate
            return like
        if token.kind == "word" and token.value == "in":
            self.take()
            values = self.in_list()
            return lambda e: (value := left(e)) is not None and not is_structure(value) and any(
                compare(value, "=", v) for v in values) != negate
        if negate:
            raise self.error("expected like or in after not", token)
        return left

    def like_operand(self) -> Callable[[str], bool]:
        token = self.take("a \"string\" or /regex/ after like")
        if token.kind == "string":
            needle = token.value
            return lambda text: needle in text
        if token.kind == "regex":
            pattern = compile_regex(token.value, token.column)
            if _LITERAL.fullmatch(token.value):    # /ERROR/ matches where the text holds ERROR
                literal = token.value
                return lambda text: literal in text
            return pattern.matches
        raise self.error(f"like needs a \"string\" or a /regex/, found {token.text!r}", token)

    def in_list(self) -> list[Any]:
        self.expect("punct", "[", "[ after in")
        values: list[Any] = []
        while True:
            negative = self.at("arith", "-")
            if negative:
                self.take()
            token = self.take("a value in the list")
            if token.kind not in ("string", "number") or (negative and token.kind != "number"):
                raise self.error(f"in [...] takes strings and numbers, found {token.text!r}", token)
            values.append(-token.value if negative else token.value)
            if self.at("punct", ","):
                self.take()
                continue
            self.expect("punct", "]", "] to close the list")
            return values

    def additive(self) -> Expr:
        left = self.multiplicative()
        while self.at("arith", "+") or self.at("arith", "-"):
            op = self.take().text
            left = self._binary(left, op, self.multiplicative())
        return left

    def multiplicative(self) -> Expr:
        left = self.unary()
        while self.at("arith", "*") or self.at("arith", "/") or self.at("arith", "%"):
            op = self.take().text
            left = self._binary(left, op, self.unary())
        return left

    def unary(self) -> Expr:
        if self.at("arith", "-"):
            token = self.take()
            self.deeper(token)
            inner = self.unary()
            self.depth -= 1
            return lambda e: None if (n := as_number(inner(e))) is None else -n
        base = self.postfix()
        if self.at("arith", "^"):
            self.take()
            return self._binary(base, "^", self.unary())
        return base

    def _binary(self, left: Expr, op: str, right: Expr) -> Expr:
        fn = _arith(op)

        def apply(e: Any) -> Any:
            a, b = as_number(left(e)), as_number(right(e))
            if a is None or b is None:
                return None
            result = fn(a, b)
            return result if result is None or math.isfinite(result) else None
        return apply

    def postfix(self) -> Expr:
        value = self.primary()
        while self.at("punct", "[") or self.at("member"):
            if self.at("member"):
                key = str(self.take().value)
                value = _member(value, key)
                continue
            self.take()
            index = self.expression()
            self.expect("punct", "]", "] to close the index")
            value = _index(value, index)
        return value

    def primary(self) -> Expr:
        token = self.take("a field, value or function")
        if token.kind in ("string", "number"):
            constant = token.value

            def value(e: Any) -> Any:
                return constant
            CONSTANTS[value] = constant
            return value
        if token.kind == "punct" and token.text == "(":
            self.deeper(token)
            inner = self.expression()
            self.expect("punct", ")", "')' to close '('")
            self.depth -= 1
            return inner
        if token.kind == "name":
            if self.at("punct", "("):
                return self.function_call(token)
            name = str(token.value)
            self.fields.add(name)
            return _field(name)
        raise self.error(f"expected a field, value or function, found {token.text!r}", token)

    def function_call(self, name: Tok) -> Expr:
        lowered = name.text.lower()
        self.deeper(self.take())
        key = FUNCTION_NAMES.get(lowered)
        aggregate = AGGREGATE_NAMES.get(lowered)
        if key is None and aggregate is None:
            if self.on_aggregate is not None:
                raise self.error(f"{name.text!r} is not an aggregate function (use {', '.join(AGGREGATES)})", name)
            raise self.error(f"unknown function {name.text}() (functions: {', '.join(sorted(FUNCTIONS))})", name)
        if aggregate is not None and key is None:
            if self.on_aggregate is None:
                raise self.error(f"{name.text}() is an aggregate function: use it in stats", name)
            outside = set(self.fields)
            args = self.arguments(aggregate, aggregate=True)
            self.aggregate_fields |= self.fields - outside      # read by the aggregate, not by the row
            self.fields = outside
            self.depth -= 1
            return self.on_aggregate(Tok(name.kind, aggregate, name.column), args)
        assert key is not None
        args = self.arguments(key)
        self.depth -= 1
        arity = FUNCTIONS[key][0]
        if not arity[0] <= len(args) <= arity[1]:
            want = str(arity[0]) if arity[0] == arity[1] else f"{arity[0]} to {arity[1]}" if arity[1] < 99 \
                else f"at least {arity[0]}"
            raise self.error(f"{name.text}() takes {want} argument(s), got {len(args)}", name)
        if key == "bin":
            self.fields.add("@timestamp")
        return call(key, args, name.column, self.time)

    def arguments(self, function: str, aggregate: bool = False) -> list[Any]:
        """A call's arguments: expressions, or a period (bin(5m), datefloor(x, 1h)), or * in count(*)."""
        args: list[Any] = []
        if self.at("punct", ")"):
            self.take()
            return args
        periods = PERIOD_ARGS.get(function, ())
        while True:
            if aggregate and self.at("arith", "*") and not args:
                self.take()
                args.append("*")
            elif len(args) in periods:
                token = self.take("a time period like 5m")
                found = period_text(token.text) if token.kind == "period" else None
                if found is None or found[0] == 0:
                    raise self.error(f"{token.text!r} is not a time period like 30s, 5m, 1h or 1d", token)
                args.append(("period", *capped_period(token.text)))
            else:
                args.append(self.expression())
            if self.at("punct", ","):
                self.take()
                continue
            self.expect("punct", ")", f"')' to close {function}(")
            return args


def capped_period(text: str) -> tuple[float, str]:
    """A period's seconds and unit. Insights caps the number by unit: at most 1000 ms, 60 s or m, 24 h
    ("bin(300s)" is 60 seconds)."""
    found = PERIOD.match(text)
    assert found is not None
    count, unit = int(found.group(1)), found.group(2)
    cap = 1000 if PERIOD_SECONDS[unit] < 1 else 60 if PERIOD_SECONDS[unit] in (1, 60) else \
        24 if PERIOD_SECONDS[unit] == 3600 else None
    if cap is not None:
        count = min(count, cap)
    from studycli.sims.logs.query.syntax import CALENDAR_UNITS

    return count * PERIOD_SECONDS[unit], CALENDAR_UNITS.get(unit, "fixed")


# The functions that only read a field (`@message`, `level`): `fields level` need not copy them;
# and those that give a constant (`'ERROR'`): `level = 'ERROR'` is compared as text without asking.
FIELD_READS: weakref.WeakKeyDictionary[Expr, str] = weakref.WeakKeyDictionary()
CONSTANTS: weakref.WeakKeyDictionary[Expr, Any] = weakref.WeakKeyDictionary()
_TEXT_OPS: dict[str, Callable[[str, str], bool]] = {
    "=": operator.eq, "==": operator.eq, "!=": operator.ne, "<": operator.lt, "<=": operator.le, ">": operator.gt,
    ">=": operator.ge}


def _text_comparison(left: Expr, op: str, text: str) -> Expr:
    """`left op 'text'` when the text is not a number: compared as text (what `compare` would do), fast."""
    test = _TEXT_OPS[op]

    def comparison(e: Any) -> bool:
        value = left(e)
        if value.__class__ is str:
            return test(value, text)
        return value is not None and not is_structure(value) and test(as_text(value), text)
    return comparison


def _field(name: str) -> Expr:
    if "." not in name or name.startswith("."):
        def read(row: Any) -> Any:
            return row[name]
        FIELD_READS[read] = name
        return read
    cuts = [i for i, ch in enumerate(name) if ch == "."]

    def read_dotted(row: Any) -> Any:
        """`a.b.c`: the field of that name (a discovered JSON field), else key b.c of a map in field a."""
        value = row[name]
        if value is not None:
            return value
        for cut in cuts:
            found = row[name[:cut]]
            if isinstance(found, (dict, list)):
                for key in name[cut + 1:].split("."):
                    if isinstance(found, dict):
                        found = found.get(key)
                    elif isinstance(found, list) and key.isdigit() and int(key) < len(found):
                        found = found[int(key)]
                    else:
                        return None
                return found
        return None
    return read_dotted


def _member(value: Expr, key: str) -> Expr:
    def read(row: Any) -> Any:
        found = value(row)
        return found.get(key) if isinstance(found, dict) else None
    return read


def _index(value: Expr, index: Expr) -> Expr:
    def read(row: Any) -> Any:
        found, at = value(row), as_number(index(row))
        if isinstance(found, list) and at is not None and at.is_integer() and 0 <= at < len(found):
            return found[int(at)]
        if isinstance(found, dict) and at is None:
            return found.get(as_text(index(row)))
        return None
    return read


def not_simulated(name: str, why: str, column: int | None = None) -> SpecError:
    from studycli.errors import NOT_SIMULATED

    return SpecError(f"{name} {why}, which the simulator does not have: {name} is not simulated",
                     column=column, kind=NOT_SIMULATED)


FUNCTION_NAMES = {name.lower(): name for name in FUNCTIONS}
AGGREGATE_NAMES = {name.lower(): name for name in AGGREGATES}
