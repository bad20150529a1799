"""The row-by-row commands (fields, display, filter, where, filterIndex, sort, limit, dedup, parse, json,
unnest, expand), each compiled into a step over a stream of rows.

A step takes an iterator of rows and gives one: filters and projections never hold more
than a row; `sort` holds what it sorts (only the top N when a `limit` follows or the
result cap applies); `dedup` holds the keys it has seen.
"""

from __future__ import annotations

import heapq
import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cmp_to_key
from itertools import islice
from operator import itemgetter
from typing import Any

from studycli.errors import INVALID_QUERY, SpecError
from studycli.sims import json_input
from studycli.sims.logs.query.events import LineEvent, Row
from studycli.sims.logs.query.expressions import FIELD_READS, Expr, Parser
from studycli.sims.logs.query.functions import compile_regex
from studycli.sims.logs.query.syntax import MAX_LIMIT
from studycli.sims.logs.query.values import Moment, as_text, hashable, sort_key, truthy
from studycli.sims.regex import Regex

Rows = Iterator[Row]


@dataclass
class Command:
    name: str
    run: Callable[[Rows], Rows]
    columns: Callable[[list[str]], list[str]] = lambda columns: columns
    reads: set[str] = field(default_factory=set)    # fields it reads (for the two-stats rule)
    blocking: bool = False                          # holds its input before giving rows (stats, sort, ...)
    sort_keys: list[tuple[str, bool]] | None = None  # sort: (field, descending) for a fused top-N
    limit: int | None = None                        # limit: N
    limit_any: bool = False
    bin: tuple[str, float, str] | None = None       # stats ... by bin(p): (column, seconds, unit), for fillmissing
    dedup: list[str] | None = None                  # dedup: the fields it compares
    one_to_one: bool = False                        # gives one row for each row (fields, display, parse)
    passthrough: bool = False                       # gives its rows as they are (`fields` that copies nothing)


def copy_row(row: Row) -> Row:
    return Row(row.whole() if isinstance(row, LineEvent) else row)


def _fields(parser: Parser) -> Command:
    every = _projection_list(parser)
    items = [(column, expr) for column, expr in every if FIELD_READS.get(expr) != column]  # `fields a` copies nothing

    def project(rows: Rows) -> Rows:
        for row in rows:
            for column, expr in items:
                row[column] = expr(row)
            yield row
    names = [column for column, _ in every]
    return Command("fields", project if items else lambda rows: rows,
                   lambda columns: columns + [n for n in names if n not in columns], parser.fields, one_to_one=True,
                   passthrough=not items)


def _display(parser: Parser) -> Command:
    items = _projection_list(parser)
    names = [column for column, _ in items]

    def run(rows: Rows) -> Rows:
        for row in rows:
            for column, expr in items:
                if column not in row or row[column] is None:
                    row[column] = expr(row)
            yield row
    return Command("display", run, lambda columns: names, parser.fields, one_to_one=True)


def _projection_list(parser: Parser) -> list[tuple[str, Expr]]:
    items = []
    while True:
        first = parser.peek()
        if first is None:
            raise parser.error("expected a field name")
        start = parser.pos
        expr = parser.expression()
        items.append((parser.alias(parser.written(start)), expr))
        if parser.at("punct", ","):
            parser.take()
            continue
        parser.done()
        return items


def _filter(parser: Parser) -> Command:
    if parser.peek() is None:
        raise parser.error("expected a condition")
    condition = parser.expression()
    parser.done()

    def run(rows: Rows) -> Rows:
        for row in rows:
            if truthy(condition(row)):
                yield row
    return Command(parser.command, run, reads=parser.fields)


def _filter_index(parser: Parser) -> Command:
    """filterIndex: scan only what a field index holds; on one local log that is the same as filter."""
    first, token = parser.peek(), parser.peek(1)
    if first is None or first.kind != "name" or token is None or not (token.text == "=" or token.value == "in"):
        raise parser.error("expected a field compared with = or in, e.g. filterIndex requestId = \"abc\"")
    return _filter(parser)


def _sort(parser: Parser) -> Command:
    keys: list[tuple[str, bool]] = []
    while True:
        name = parser.field_name()
        descending = False
        if parser.at("word", "asc") or parser.at("word", "desc"):
            descending = parser.take().value == "desc"
        keys.append((name, descending))
        if parser.at("punct", ","):
            parser.take()
            continue
        parser.done()
        break
    return Command("sort", lambda rows: iter(sort_rows(list(rows), keys)), reads=parser.fields, blocking=True,
                   sort_keys=keys)


def sort_rows(rows: list[Row], keys: list[tuple[str, bool]]) -> list[Row]:
    """Stable multi-key sort; rows missing a field go last whichever the direction."""
    for name, descending in reversed(keys):
        present = [r for r in rows if r[name] is not None]
        missing = [r for r in rows if r[name] is None]
        present.sort(key=lambda r: sort_key(r[name]), reverse=descending)
        rows = present + missing
    return rows


def top_rows(rows: Iterable[Row], keys: list[tuple[str, bool]], count: int) -> list[Row]:
    """The first `count` rows of `sort_rows(rows, keys)`, holding only `count` at a time."""
    if len(keys) == 1:
        name, descending = keys[0]
        return (heapq.nlargest if descending else heapq.nsmallest)(count, rows, key=field_key(name, descending))
    if len({descending for _, descending in keys}) == 1:
        descending = keys[0][1]
        names = [name for name, _ in keys]
        if descending:
            return heapq.nlargest(count, rows, key=lambda r: tuple(
                (r[n] is not None, sort_key(r[n]) if r[n] is not None else (0, 0.0, "")) for n in names))
        return heapq.nsmallest(count, rows, key=lambda r: tuple(
            (r[n] is None, sort_key(r[n]) if r[n] is not None else (0, 0.0, "")) for n in names))

    return heapq.nsmallest(count, rows, key=cmp_to_key(row_order(keys)))


def row_order(keys: list[tuple[str, bool]]) -> Callable[[Row, Row], int]:
    """The comparison `sort_rows` sorts by: -1 when a comes first, 1 when b does, 0 when they tie."""
    def order(a: Row, b: Row) -> int:
        for name, descending in keys:
            x, y = a[name], b[name]
            if x is None or y is None:
                if x is None and y is None:
                    continue
                return 1 if x is None else -1
            kx, ky = sort_key(x), sort_key(y)
            if kx != ky:
                return (-1 if kx < ky else 1) * (-1 if descending else 1)
        return 0
    return order


def field_key(name: str, descending: bool, read: Callable[[Any], Any] | None = None) -> Callable[[Any], tuple[Any, ...]]:
    """The heap key for one field: numbers and times by value (the usual case, read fast), rows without
    the field last."""
    absent = (False, 0, 0.0, "") if descending else (True, 0, 0.0, "")
    present = not absent[0]
    field = read or itemgetter(name)

    def key(row: Any) -> tuple[Any, ...]:
        value = field(row)
        if value is None:
            return absent
        if value.__class__ is Moment or value.__class__ is float or value.__class__ is int:
            return (present, 0, value, "")
        return (present, *sort_key(value))
    return key


def _limit(parser: Parser) -> Command:
    any_rows = parser.at_name("any")
    if any_rows:
        parser.take()
    token = parser.take("a number of rows")
    if token.kind != "number" or not token.value.is_integer() or not 1 <= token.value <= MAX_LIMIT:
        raise parser.error(f"{token.text!r} must be a whole number from 1 to {MAX_LIMIT}", token)
    parser.done()
    count = int(token.value)

    def run(rows: Rows) -> Rows:
        yield from islice(rows, count)
        if not any_rows:
            for _ in rows:      # a regular limit still scans the whole time range; `limit any` stops early
                pass
    return Command("limit", run, limit=count, limit_any=any_rows)


def _dedup(parser: Parser) -> Command:
    names: list[str] = []
    while True:
        names.append(parser.field_name("a field to deduplicate on"))
        if parser.at("punct", ","):
            parser.take()
            continue
        parser.done()
        break

    def run(rows: Rows) -> Rows:      # rows already in sort order (query.py runs dedup with `first_per_key`)
        seen: set[tuple[Any, ...]] = set()
        for row in rows:
            key = dedup_key(row, names)
            if key is None or key not in seen:     # null values are never duplicates
                if key is not None:
                    seen.add(key)
                yield row
    return Command("dedup", run, reads=parser.fields, dedup=names)


def dedup_key(row: Row, names: list[str]) -> tuple[Any, ...] | None:
    """The values dedup compares, or None when one is null ("Null values are not considered duplicates")."""
    values = [row[n] for n in names]
    return None if any(v is None for v in values) else tuple(hashable(v) for v in values)


class Glob:
    """A parse glob: each `*` is the shortest text (within a line) that lets the rest match, a trailing `*`
    the rest of the line, as the regex `(.*?)` ... `(.*)` would give; found with str.partition, and with the
    regex when the text has more than one line."""

    def __init__(self, text: str):
        self.pieces = text.split("*")
        self.stars = len(self.pieces) - 1
        self.middle = self.pieces[1:-1]
        parts = []
        for index, piece in enumerate(self.pieces[:-1]):
            last = index == len(self.pieces) - 2 and self.pieces[-1] == ""
            parts.append(re.escape(piece) + ("(.*)" if last else "(.*?)"))
        self.regex = Regex("".join(parts) + re.escape(self.pieces[-1]))

    def groups(self, text: str) -> tuple[str, ...] | None:
        if "\n" in text:
            found = self.regex.search(text)
            return tuple(found.groups()) if found else None
        pieces = self.pieces
        if pieces[0]:
            _, found_piece, text = text.partition(pieces[0])
            if not found_piece:
                return None
        out = []
        for piece in self.middle:
            if piece:
                part, found_piece, text = text.partition(piece)
                if not found_piece:
                    return None
                out.append(part)
            else:                # `**`: the first star takes nothing
                out.append("")
        last = pieces[-1]
        if not last:             # a trailing `*`: the rest of the line
            out.append(text)
            return tuple(out)
        part, found_piece, _ = text.partition(last)
        if not found_piece:
            return None
        out.append(part)
        return tuple(out)


def _parse(parser: Parser) -> Command:
    source = "@message"
    if parser.at("name") and not parser.at_name("logfmt", "csv"):
        source = parser.take().value
    parser.fields.add(source)
    if parser.at_name("logfmt", "csv"):
        return _parse_structured(parser, source, str(parser.take().text).lower())
    token = parser.take("a \"glob\" or /regex/ pattern")
    multi = False
    glob: Glob | None = None
    if token.kind == "string":
        glob = Glob(token.value)
        pattern, stars = glob.regex, glob.stars
        if stars < 1:
            raise parser.error("the glob pattern has no * to capture", token)
        parser.expect("word", "as", f"as followed by {stars} field name(s)")
        names = _name_list(parser)
        if len(names) != stars:
            raise parser.error(f"the glob has {stars} * but {len(names)} name(s) follow as", token)
    elif token.kind == "regex":
        pattern = compile_regex(token.value, token.column)
        names = sorted(pattern.groupindex, key=pattern.groupindex.__getitem__)
        if parser.at("word", "as"):
            parser.take()
            names = _name_list(parser)
        multi = parser.at_name("multi")
        if multi:
            parser.take()
        if not names:
            raise parser.error("the regex needs named groups like (?<status>\\d+)", token)
    else:
        raise parser.error(f"expected a \"glob\" or /regex/, found {token.text!r}", token)
    parser.done()
    named = token.kind == "regex" and bool(pattern.groupindex) and len(names) == len(pattern.groupindex)

    def extract(found: Any) -> dict[str, Any]:
        return {name: found.group(name if named else index + 1) for index, name in enumerate(names)}

    def run_glob(rows: Rows) -> Rows:
        assert glob is not None
        if glob.pieces[0] == "" and len(names) == 3 and all(glob.middle) and glob.pieces[-1]:
            return _three(rows, source, names, glob)      # `* a * b * c`, the usual shape
        return _globbed(rows, glob)

    def _globbed(rows: Rows, glob: Glob) -> Rows:
        groups = glob.groups
        for row in rows:
            value = row[source]
            found = groups(value if value.__class__ is str else as_text(value))
            if found is not None:
                row.update(zip(names, found))
            yield row

    def run(rows: Rows) -> Rows:
        for row in rows:
            text = as_text(row[source])
            if not multi:
                found = pattern.search(text)
                if found:
                    row.update(extract(found))
                yield row
                continue
            matches = list(pattern.finditer(text))
            if not matches:
                yield row
            for found in matches:
                copy = copy_row(row)
                copy.update(extract(found))
                yield copy
    return Command("parse", run_glob if glob is not None else run, reads=parser.fields, one_to_one=not multi)


def _three(rows: Rows, source: str, names: list[str], glob: Glob) -> Rows:
    """A glob's three groups when it starts with `*`, ends with text and has no `**`: `Glob.groups`,
    unrolled."""
    first, second, third = names
    a, b, c = glob.pieces[1:]
    for row in rows:
        value = row[source]
        text = value if value.__class__ is str else as_text(value)
        if "\n" not in text:
            x, found, rest = text.partition(a)
            if found:
                y, found, rest = rest.partition(b)
                if found:
                    z, found, _ = rest.partition(c)
                    if found:
                        row[first], row[second], row[third] = x, y, z
        else:
            groups = glob.groups(text)
            if groups is not None:
                row.update(zip(names, groups))
        yield row


def _name_list(parser: Parser) -> list[str]:
    names = [parser.field_name()]
    while parser.at("punct", ","):
        parser.take()
        names.append(parser.field_name())
    return names


def _parse_structured(parser: Parser, source: str, mode: str) -> Command:
    parser.expect("word", "as", "as followed by a name")
    names = _name_list(parser)
    parser.done()
    if mode == "logfmt" and len(names) != 1:
        raise parser.error("parse logfmt takes one name: the map it fills (parse @message logfmt as lf)")

    def run(rows: Rows) -> Rows:
        for row in rows:
            text = as_text(row[source])
            if mode == "logfmt":
                row[names[0]] = logfmt(text)
            else:
                values = next(iter(_csv_lines(text)), [])
                for name, value in zip(names, values):
                    row[name] = value
            yield row
    return Command("parse", run, reads=parser.fields, one_to_one=True)


_LOGFMT = re.compile(r'([^\s=]+)=("(?:[^"\\]|\\.)*"|\S*)')


def logfmt(text: str) -> dict[str, Any]:
    """`key=value key2="quoted value"` pairs as a map."""
    return {key: json.loads(value) if value.startswith('"') else value for key, value in _LOGFMT.findall(text)}


def _csv_lines(text: str) -> Iterator[list[str]]:
    import csv

    return csv.reader([text])


def _json_command(parser: Parser) -> Command:
    """json field=NAME "key.subkey" as alias: a nested key of a map field, without parsing the message again."""
    token = parser.take("field=NAME")
    equals = parser.take("=")
    if token.text.lower() != "field" or equals.text != "=":
        raise parser.error("expected field=NAME after json", token)
    source = parser.field_name("the map field")
    path = parser.take("a \"key.path\" in quotes")
    if path.kind != "string":
        raise parser.error(f"expected a \"key.path\" in quotes, found {path.text!r}", path)
    parser.expect("word", "as", "as followed by a name")
    alias = parser.field_name()
    parser.done()
    keys = str(path.value).split(".")

    def run(rows: Rows) -> Rows:
        for row in rows:
            found = row[source]
            if isinstance(found, str):
                from studycli.sims.logs.query.functions import FUNCTIONS

                found = FUNCTIONS["jsonParse"][1](found)
            for key in keys:
                found = found.get(key) if isinstance(found, dict) else None
            row[alias] = found
            yield row
    return Command("json", run, reads=parser.fields)


def _unnest(parser: Parser) -> Command:
    start = parser.pos
    value = parser.expression()
    label = parser.written(start)
    if not parser.at_name("into"):
        raise parser.error(f"expected into after {label} (unnest field into unnested_field)")
    parser.take()
    target = parser.field_name("the name each item gets")
    parser.done()

    def run(rows: Rows) -> Rows:
        for row in rows:
            found = value(row)
            items = found if isinstance(found, list) else [] if found is None else [found]
            for item in items:
                copy = copy_row(row)
                copy[target] = item
                yield copy
    return Command("unnest", run, reads=parser.fields)


def _expand(parser: Parser) -> Command:
    name = parser.field_name("the field holding a JSON array")
    parser.done()

    def run(rows: Rows) -> Rows:
        for row in rows:
            found = row[name]
            if isinstance(found, str):
                try:
                    found = json_input.loads(found)
                except ValueError:
                    pass
            if not isinstance(found, list):
                yield row
                continue
            for item in found:
                copy = copy_row(row)
                copy[name] = item
                yield copy
    return Command("expand", run, reads=parser.fields)


BUILDERS: dict[str, Callable[[Parser], Command]] = {
    "fields": _fields, "display": _display, "filter": _filter, "where": _filter, "filterIndex": _filter_index,
    "sort": _sort, "limit": _limit, "dedup": _dedup, "parse": _parse, "json": _json_command, "unnest": _unnest,
    "expand": _expand}


def query_error(message: str, column: int | None = None) -> SpecError:
    return SpecError(message, column=column, kind=INVALID_QUERY)
