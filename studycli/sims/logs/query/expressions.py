"""Expressions and conditions of a query, compiled into functions of an event."""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from studycli.errors import INVALID_QUERY, SpecError
from studycli.sims.logs.query.syntax import MAX_NESTING, PERIOD, PERIOD_SECONDS, Tok
from studycli.sims.regex import Regex, RegexError

Expr = Callable[[dict[str, Any]], Any]


def as_number(value: Any) -> float | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value)
        except ValueError:
            return None
    return None


def compare(left: Any, op: str, right: Any) -> bool:
    if left is None or right is None:
        return False
    x, y = as_number(left), as_number(right)
    a: Any
    b: Any
    a, b = (x, y) if x is not None and y is not None else (as_text(left), as_text(right))
    return bool({"=": a == b, "!=": a != b, "<": a < b, "<=": a <= b, ">": a > b, ">=": a >= b}[op])


def as_text(value: Any) -> str:
    if isinstance(value, datetime):
        return format_time(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


def format_time(moment: datetime) -> str:
    """Insights shows times as `2024-05-01 10:00:00.000` (UTC)."""
    utc = moment.astimezone(UTC)
    return utc.strftime("%Y-%m-%d %H:%M:%S.") + f"{utc.microsecond // 1000:03d}"


def compile_regex(body: str, column: int) -> Regex:
    # Insights uses (?<name>...) for named groups; RE2 takes that and (?P<name>...) alike.
    # Linear time: no regex and no log line can make a query hang.
    try:
        return Regex(body)
    except RegexError as err:
        raise SpecError(f"regular expression /{body}/ does not compile: {err}", column=column,
                        kind=INVALID_QUERY) from None


def period_seconds(token: Tok) -> float:
    match = PERIOD.match(token.text)
    if not match or int(match.group(1)) == 0:
        raise SpecError(f"{token.text!r} is not a time period like 30s, 5m, 1h or 1d", column=token.column,
                        kind=INVALID_QUERY)
    return int(match.group(1)) * PERIOD_SECONDS[match.group(2)]


def bin_of(moment: Any, seconds: float) -> datetime | None:
    if not isinstance(moment, datetime):
        return None
    epoch = moment.timestamp()
    return datetime.fromtimestamp(math.floor(epoch / seconds) * seconds, tz=UTC)


_SCALAR_FUNCTIONS: dict[str, tuple[int, Callable[..., Any]]] = {
    "ispresent": (1, lambda v: v is not None),
    "isempty": (1, lambda v: v is None or as_text(v) == ""),
    "isblank": (1, lambda v: v is None or as_text(v).strip() == ""),
    "strlen": (1, lambda v: None if v is None else len(as_text(v))),
    "tolower": (1, lambda v: None if v is None else as_text(v).lower()),
    "toupper": (1, lambda v: None if v is None else as_text(v).upper()),
    "abs": (1, lambda v: None if (n := as_number(v)) is None else abs(n)),
}


class Parser:
    """Expression parser over one command's tokens."""

    def __init__(self, tokens: list[Tok], command: str, end_column: int):
        self.tokens, self.pos, self.command, self.end_column = tokens, 0, command, end_column
        self.depth = 0

    def deeper(self, token: Tok) -> None:
        self.depth += 1
        if self.depth > MAX_NESTING:
            raise SpecError(f"{self.command}: parentheses, not and functions nest more than {MAX_NESTING} deep",
                            column=token.column, kind=INVALID_QUERY)

    def peek(self, offset: int = 0) -> Tok | None:
        index = self.pos + offset
        return self.tokens[index] if index < len(self.tokens) else None

    def at(self, kind: str, text: str | None = None) -> bool:
        token = self.peek()
        return token is not None and token.kind == kind and (text is None or token.value == text or token.text == text)

    def take(self, what: str = "more of the query") -> Tok:
        token = self.peek()
        if token is None:
            raise SpecError(f"{self.command}: expected {what}, but the command ends", column=self.end_column,
                            kind=INVALID_QUERY)
        self.pos += 1
        return token

    def expect(self, kind: str, text: str, what: str) -> Tok:
        token = self.take(what)
        if token.kind != kind or (token.value != text and token.text != text):
            raise SpecError(f"{self.command}: expected {what}, found {token.text!r}", column=token.column,
                            kind=INVALID_QUERY)
        return token

    def done(self) -> None:
        token = self.peek()
        if token is not None:
            raise SpecError(f"{self.command}: unexpected {token.text!r}", column=token.column, kind=INVALID_QUERY)

    # expr := or
    def expression(self) -> Expr:
        # Flat lists, not nested lambdas: a long chain of `or` must not deepen the call stack.
        parts = [self.conjunction()]
        while self.at("word", "or"):
            self.take()
            parts.append(self.conjunction())
        return parts[0] if len(parts) == 1 else (lambda e: any(bool(p(e)) for p in parts))

    def conjunction(self) -> Expr:
        parts = [self.negation()]
        while self.at("word", "and"):
            self.take()
            parts.append(self.negation())
        return parts[0] if len(parts) == 1 else (lambda e: all(bool(p(e)) for p in parts))

    def negation(self) -> Expr:
        if self.at("word", "not"):
            self.deeper(self.take())
            inner = self.negation()
            self.depth -= 1
            return lambda e: not inner(e)
        return self.comparison()

    def comparison(self) -> Expr:
        left = self.primary()
        negate = False
        following = self.peek(1)
        if self.at("word", "not") and following is not None and following.value in ("like", "in"):
            self.take()
            negate = True
        token = self.peek()
        if token is None:
            return left
        if token.kind == "op" and token.text != "=~":
            self.take()
            right = self.primary()
            op = token.text
            return lambda e: compare(left(e), op, right(e))
        if (token.kind == "word" and token.value == "like") or (token.kind == "op" and token.text == "=~"):
            self.take()
            matcher = self.like_operand()
            return lambda e: (left(e) is not None and matcher(as_text(left(e)))) != negate
        if token.kind == "word" and token.value == "in":
            self.take()
            values = self.in_list()
            return lambda e: (left(e) is not None and any(compare(left(e), "=", v) for v in values)) != negate
        if negate:
            raise SpecError(f"{self.command}: expected like or in after not", column=token.column, kind=INVALID_QUERY)
        return left

    def like_operand(self) -> Callable[[str], bool]:
        token = self.take("a \"string\" or /regex/ after like")
        if token.kind == "string":
            needle = token.value
            return lambda text: needle in text
        if token.kind == "regex":
            pattern = compile_regex(token.value, token.column)
            return lambda text: pattern.search(text) is not None
        raise SpecError(f"{self.command}: like needs a \"string\" or a /regex/, found {token.text!r}",
                        column=token.column, kind=INVALID_QUERY)

    def in_list(self) -> list[Any]:
        self.expect("punct", "[", "[ after in")
        values = []
        while True:
            token = self.take("a value in the list")
            if token.kind not in ("string", "number"):
                raise SpecError(f"{self.command}: in [...] takes strings and numbers, found {token.text!r}",
                                column=token.column, kind=INVALID_QUERY)
            values.append(token.value)
            if self.at("punct", ","):
                self.take()
                continue
            self.expect("punct", "]", "] to close the list")
            return values

    def primary(self) -> Expr:
        token = self.take("a field, value or function")
        if token.kind in ("string", "number"):
            value = token.value
            return lambda e: value
        if token.kind == "punct" and token.text == "(":
            self.deeper(token)
            inner = self.expression()
            self.expect("punct", ")", "')' to close '('")
            self.depth -= 1
            return inner
        if token.kind == "name":
            if self.at("punct", "(") and token.text.lower() in _SCALAR_FUNCTIONS:
                return self.function_call(token)
            if self.at("punct", "("):
                raise SpecError(f"{self.command}: unknown function {token.text}() "
                          f"(supported here: {', '.join(_SCALAR_FUNCTIONS)})", column=token.column, kind=INVALID_QUERY)
            name = token.value
            return lambda e: e.get(name)
        raise SpecError(f"{self.command}: expected a field, value or function, found {token.text!r}",
                        column=token.column, kind=INVALID_QUERY)

    def function_call(self, name: Tok) -> Expr:
        arity, function = _SCALAR_FUNCTIONS[name.text.lower()]
        self.deeper(self.take())
        args = [self.expression()]
        while self.at("punct", ","):
            self.take()
            args.append(self.expression())
        self.expect("punct", ")", f"')' to close {name.text}(")
        self.depth -= 1
        if len(args) != arity:
            raise SpecError(f"{self.command}: {name.text}() takes {arity} argument(s), got {len(args)}",
                            column=name.column, kind=INVALID_QUERY)
        return lambda e: function(*(a(e) for a in args))
