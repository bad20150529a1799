"""The query commands (fields, filter, stats, sort, limit, parse), each compiled into a step over the rows."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from studycli.errors import INVALID_QUERY, SpecError
from studycli.sims.logs.query.expressions import (
    Expr,
    Parser,
    as_number,
    as_text,
    bin_of,
    compile_regex,
    period_seconds,
)
from studycli.sims.logs.query.syntax import AGGREGATES, MAX_LIMIT
from studycli.sims.regex import Regex


@dataclass
class State:
    rows: list[dict[str, Any]]
    columns: list[str] = field(default_factory=list)
    aggregated: bool = False
    matched: int = 0


@dataclass(frozen=True)
class Command:
    name: str
    run: Callable[[State], None]



def _fields(parser: Parser) -> Command:
    items = _projection_list(parser)

    def run(state: State) -> None:
        for row in state.rows:
            for column, expr in items:
                row[column] = expr(row)
        for column, _ in items:
            if column not in state.columns:
                state.columns.append(column)
    return Command("fields", run)


def _projection_list(parser: Parser) -> list[tuple[str, Expr]]:
    items = []
    while True:
        first = parser.peek()
        if first is None:
            raise SpecError(f"{parser.command}: expected a field name", column=parser.end_column, kind=INVALID_QUERY)
        start = parser.pos
        expr = parser.expression()
        label = " ".join(t.text for t in parser.tokens[start:parser.pos])
        label = first.value if parser.pos - start == 1 and first.kind == "name" else label
        if parser.at("word", "as"):
            parser.take()
            alias = parser.take("a name after as")
            if alias.kind != "name":
                raise SpecError(f"{parser.command}: expected a name after as, found {alias.text!r}",
                                column=alias.column, kind=INVALID_QUERY)
            label = alias.value
        items.append((label, expr))
        if parser.at("punct", ","):
            parser.take()
            continue
        parser.done()
        return items


def _filter(parser: Parser) -> Command:
    if parser.peek() is None:
        raise SpecError("filter: expected a condition", column=parser.end_column, kind=INVALID_QUERY)
    condition = parser.expression()
    parser.done()

    def run(state: State) -> None:
        state.rows = [row for row in state.rows if condition(row)]
        if not state.aggregated:
            state.matched = len(state.rows)
    return Command("filter", run)


@dataclass(frozen=True)
class _Aggregate:
    label: str
    function: str
    argument: Expr | None     # None: count(*)


def _stats(parser: Parser) -> Command:
    aggregates: list[_Aggregate] = []
    while True:
        name = parser.take("an aggregate function like count(*)")
        function = name.text.lower()
        if name.kind != "name" or function not in AGGREGATES:
            raise SpecError(f"stats: {name.text!r} is not an aggregate function (use {', '.join(AGGREGATES)})",
                            column=name.column, kind=INVALID_QUERY)
        parser.expect("punct", "(", f"'(' after {name.text}")
        start = parser.pos
        argument: Expr | None = None
        if parser.at("punct", "*") or parser.at("punct", ")"):
            if function != "count":
                raise SpecError(f"stats: {function}() needs a field", column=name.column, kind=INVALID_QUERY)
            if parser.at("punct", "*"):
                parser.take()
        else:
            argument = parser.expression()
        parser.expect("punct", ")", f"')' to close {name.text}(")
        label = f"{name.text}({' '.join(t.text for t in parser.tokens[start:parser.pos - 1])})"
        if parser.at("word", "as"):
            parser.take()
            alias = parser.take("a name after as")
            if alias.kind != "name":
                raise SpecError(f"stats: expected a name after as, found {alias.text!r}", column=alias.column,
                                kind=INVALID_QUERY)
            label = alias.value
        aggregates.append(_Aggregate(label, function, argument))
        if parser.at("punct", ","):
            parser.take()
            continue
        break
    groups: list[tuple[str, Expr]] = []
    if parser.at("word", "by"):
        parser.take()
        while True:
            groups.append(_group(parser))
            if parser.at("punct", ","):
                parser.take()
                continue
            break
    parser.done()

    def run(state: State) -> None:
        buckets: dict[tuple[Any, ...], list[dict[str, Any]]] = {}
        for row in state.rows:
            key = tuple(_hashable(expr(row)) for _, expr in groups)
            buckets.setdefault(key, []).append(row)
        if not groups and not buckets:
            buckets[()] = []
        out = []
        for key, members in buckets.items():
            result = {label: value for (label, _), value in zip(groups, key)}
            for agg in aggregates:
                result[agg.label] = _aggregate(agg, members)
            out.append(result)
        state.rows = out
        state.columns = [label for label, _ in groups] + [a.label for a in aggregates]
        state.aggregated = True
    return Command("stats", run)


def _hashable(value: Any) -> Any:
    return value if not isinstance(value, (list, dict)) else json.dumps(value, sort_keys=True)


def _group(parser: Parser) -> tuple[str, Expr]:
    token = parser.peek()
    if token is not None and token.kind == "name" and token.text.lower() == "bin":
        parser.take()
        parser.expect("punct", "(", "'(' after bin")
        period = parser.take("a period like 5m")
        if period.kind != "period":
            raise SpecError(f"bin: {period.text!r} is not a time period like 30s, 5m, 1h or 1d", column=period.column,
                            kind=INVALID_QUERY)
        seconds = period_seconds(period)
        parser.expect("punct", ")", "')' to close bin(")
        label = f"bin({period.text})"
        if parser.at("word", "as"):
            parser.take()
            label = parser.take("a name after as").text
        return label, lambda e: bin_of(e.get("@timestamp"), seconds)
    if token is None:
        raise SpecError("stats: expected a field after by", column=parser.end_column, kind=INVALID_QUERY)
    name = parser.take()
    if name.kind != "name":
        raise SpecError(f"stats: expected a field after by, found {name.text!r}", column=name.column,
                        kind=INVALID_QUERY)
    label = name.value
    if parser.at("word", "as"):
        parser.take()
        label = parser.take("a name after as").text
    field_name = name.value
    return label, lambda e: e.get(field_name)


def _aggregate(agg: _Aggregate, rows: list[dict[str, Any]]) -> Any:
    if agg.argument is None:
        return len(rows)
    values = [v for v in (agg.argument(r) for r in rows) if v is not None]
    if agg.function == "count":
        return len(values)
    if agg.function == "count_distinct":
        return len({_hashable(v) for v in values})
    numbers = [n for n in (as_number(v) for v in values) if n is not None]
    if agg.function in ("min", "max") and not numbers and values:
        return (min if agg.function == "min" else max)(values, key=_sort_key)
    if not numbers:
        return None
    if agg.function == "sum":
        return sum(numbers)
    if agg.function == "avg":
        return sum(numbers) / len(numbers)
    return (min if agg.function == "min" else max)(numbers)


def _sort_key(value: Any) -> tuple[int, float, str]:
    if isinstance(value, datetime):
        return (0, value.timestamp(), "")
    number = as_number(value)
    return (0, number, "") if number is not None else (1, 0.0, as_text(value))


def _sort(parser: Parser) -> Command:
    keys: list[tuple[str, bool]] = []
    while True:
        token = parser.take("a field to sort by")
        if token.kind != "name":
            raise SpecError(f"sort: expected a field name, found {token.text!r}", column=token.column,
                            kind=INVALID_QUERY)
        descending = False
        if parser.at("word", "asc") or parser.at("word", "desc"):
            descending = parser.take().value == "desc"
        keys.append((token.value, descending))
        if parser.at("punct", ","):
            parser.take()
            continue
        parser.done()
        break

    def run(state: State) -> None:
        # Stable sorts applied from the last key to the first give a multi-key order;
        # rows missing the field go last whichever the direction.
        for name, descending in reversed(keys):
            present = [r for r in state.rows if r.get(name) is not None]
            missing = [r for r in state.rows if r.get(name) is None]
            present.sort(key=lambda r: _sort_key(r.get(name)), reverse=descending)
            state.rows = present + missing
    return Command("sort", run)


def _limit(parser: Parser) -> Command:
    token = parser.take("a number of rows")
    if token.kind != "number" or not token.value.is_integer() or not 1 <= token.value <= MAX_LIMIT:
        raise SpecError(f"limit: {token.text!r} must be a whole number from 1 to {MAX_LIMIT}", column=token.column,
                        kind=INVALID_QUERY)
    parser.done()
    count = int(token.value)

    def run(state: State) -> None:
        state.rows = state.rows[:count]
    return Command("limit", run)


def _parse(parser: Parser) -> Command:
    source = "@message"
    if parser.at("name"):
        source = parser.take().value
    token = parser.take("a \"glob\" or /regex/ pattern")
    if token.kind == "string":
        pieces = token.value.split("*")
        if len(pieces) < 2:
            raise SpecError("parse: the glob pattern has no * to capture", column=token.column, kind=INVALID_QUERY)
        parts = []
        for index, piece in enumerate(pieces[:-1]):
            last = index == len(pieces) - 2 and pieces[-1] == ""
            parts.append(re.escape(piece) + ("(.*)" if last else "(.*?)"))
        pattern = Regex("".join(parts) + re.escape(pieces[-1]))
        parser.expect("word", "as", f"as followed by {len(pieces) - 1} field name(s)")
        names = []
        while True:
            name = parser.take("a field name")
            if name.kind != "name":
                raise SpecError(f"parse: expected a field name, found {name.text!r}", column=name.column,
                                kind=INVALID_QUERY)
            names.append(name.value)
            if parser.at("punct", ","):
                parser.take()
                continue
            break
        if len(names) != len(pieces) - 1:
            raise SpecError(f"parse: the glob has {len(pieces) - 1} * but {len(names)} name(s) follow as",
                            column=token.column, kind=INVALID_QUERY)
    elif token.kind == "regex":
        pattern = compile_regex(token.value, token.column)
        names = sorted(pattern.groupindex, key=pattern.groupindex.__getitem__)
        if not names:
            raise SpecError("parse: the regex needs named groups like (?<status>\\d+)", column=token.column,
                            kind=INVALID_QUERY)
    else:
        raise SpecError(f"parse: expected a \"glob\" or /regex/, found {token.text!r}", column=token.column,
                        kind=INVALID_QUERY)
    parser.done()
    named = token.kind == "regex"

    def run(state: State) -> None:
        for row in state.rows:
            found = pattern.search(as_text(row.get(source)))
            if not found:
                continue
            for index, name in enumerate(names):
                row[name] = found.group(name) if named else found.group(index + 1)
    return Command("parse", run)


BUILDERS = {"fields": _fields, "filter": _filter, "stats": _stats, "sort": _sort, "limit": _limit,
             "parse": _parse}
