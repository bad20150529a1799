"""`stats`: aggregate expressions per group, and `countFrequent`.

    stats <expression> [as alias], ... [by <group> [as alias], ...] [offset <period>]

An expression may combine aggregate calls (`sum(bytes) / 1024`, `sum(requests) / count(*)`);
a field outside an aggregate call is refused. A group is a field or an expression
(`bin(5m)`, `dateceil(@t, 10m)`); `offset 1h` shifts the bins. Each row of the result is a
group, in the order the groups first appear. Memory grows with the groups, not with the log: a group's
rows are handed to its aggregates in batches of at most BATCH.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import islice
from operator import itemgetter
from typing import Any

from studycli.sims.logs.query.aggregates import TIMED, Aggregate, Batch, make
from studycli.sims.logs.query.commands import Command, Rows
from studycli.sims.logs.query.events import Row
from studycli.sims.logs.query.expressions import FIELD_READS, Expr, Parser, capped_period
from studycli.sims.logs.query.syntax import Tok, period_text
from studycli.sims.logs.query.values import Moment, as_number, hashable, to_moment


class _Spec:
    """One aggregate call found in the expressions: its function, argument readers and constant."""

    def __init__(self, function: str, reads: list[Any], extra: Any, slot: str):
        self.function, self.reads, self.extra, self.slot = function, reads, extra, slot


def stats_command(parser: Parser) -> Command:
    specs: list[_Spec] = []

    def on_aggregate(name: Tok, args: list[Any]) -> Expr:
        function = str(name.text)
        extra: Any = None
        if function == "count":
            if len(args) > 1:
                raise parser.error("count() takes one field, or * for every event", name)
        elif function in ("pct", "histogram"):
            if len(args) != 2:
                raise parser.error(f"{function}() takes a field and a number, e.g. {function}(latency, "
                                   f"{95 if function == 'pct' else 10})", name)
            extra = as_number(args[1](Row())) if callable(args[1]) else None
            if extra is None or (function == "pct" and not 0 <= extra <= 100):
                raise parser.error(f"{function}(): the second argument must be a number"
                                   + (" from 0 to 100" if function == "pct" else ""), name)
            args = args[:1]
        elif function == "rate":
            if len(args) != 2 or not isinstance(args[1], tuple):
                raise parser.error("rate() takes a field and a period, e.g. rate(bytes, 1m)", name)
            extra, args = args[1][1], args[:1]
        elif len(args) != 1:
            raise parser.error(f"{function}() needs a field", name)
        if function != "count" and args and args[0] == "*":
            raise parser.error(f"{function}() needs a field", name)
        slot = f"\x00{len(specs)}"
        specs.append(_Spec(function, args, extra, slot))
        return lambda row: row[slot]

    parser.on_aggregate = on_aggregate
    outputs: list[tuple[str, Expr]] = []
    while True:
        start, before = parser.pos, len(specs)
        if parser.peek() is None:
            raise parser.error("expected an aggregate function like count(*)")
        expr = parser.expression()
        if len(specs) == before:
            token = parser.tokens[start]
            raise parser.error(f"{token.text!r} is not an aggregate function (use count(*), sum(x), avg(x), ...)",
                               token)
        if parser.fields:
            raise parser.error(f"{sorted(parser.fields)[0]} must be inside an aggregate function here",
                               parser.tokens[start])
        outputs.append((parser.alias(parser.written(start)), expr))
        if parser.at("punct", ","):
            parser.take()
            continue
        break
    parser.on_aggregate = None
    groups: list[tuple[str, Expr]] = []
    binned: tuple[str, float, str] | None = None
    if parser.at("word", "by"):
        parser.take()
        while True:
            start = parser.pos
            expr = parser.expression()
            tokens = parser.tokens[start:parser.pos]
            groups.append((parser.alias(parser.written(start)), expr))
            if len(tokens) == 4 and tokens[0].text.lower() == "bin" and tokens[2].kind == "period":
                binned = (groups[-1][0], *capped_period(tokens[2].text))
            if parser.at("punct", ","):
                parser.take()
                continue
            break
    shift = 0.0
    if parser.at_name("offset"):
        token = parser.take()
        period = parser.take("a duration like 1h")
        found = period_text(period.text) if period.kind == "period" else None
        if found is None:
            raise parser.error(f"offset: {period.text!r} is not a duration like 1h or 1d", period or token)
        shift = found[0] * 1000.0
    parser.done()
    labels = [label for label, _ in groups] + [label for label, _ in outputs]
    return Command("stats", _run(specs, outputs, groups, shift), lambda columns: labels,
                   parser.fields | parser.aggregate_fields, blocking=True, bin=binned)


def _run(specs: list[_Spec], outputs: list[tuple[str, Expr]], groups: list[tuple[str, Expr]],
         shift: float) -> Callable[[Rows], Rows]:
    def run(rows: Rows) -> Rows:
        buckets = _buckets(rows, [expr for _, expr in groups], specs)
        if not groups and not buckets:
            buckets[()] = _Bucket([], _arguments(specs)[1], 0, False)
        for bucket in buckets.values():
            result = Row()
            for (label, _), value in zip(groups, bucket.values):
                moment = to_moment(value) if shift else None
                result[label] = Moment(moment + shift) if moment is not None else value
            for spec, aggregate in zip(specs, bucket.aggregates):
                result[spec.slot] = aggregate.result()
            out = Row({label: result[label] for label, _ in groups})
            for label, expr in outputs:
                out[label] = expr(result)
            yield out
    return run


BATCH = 256          # a group's rows are fed to its aggregates this many at a time


class _Bucket:
    """A group: its values, its aggregates, and what its rows gave since they were last fed (at most BATCH
    rows' worth: one list per distinct argument, then the @timestamps when a timed function needs them;
    with no list, a count)."""

    __slots__ = ("values", "aggregates", "columns", "count", "timed")

    def __init__(self, values: list[Any], aggregates: list[Aggregate], columns: int, timed: bool):
        self.values, self.aggregates, self.timed = values, aggregates, timed
        self.columns: list[list[Any]] = [[] for _ in range(columns)]
        self.count = 0

    def feed(self) -> None:
        columns = self.columns
        count = len(columns[0]) if columns else self.count
        if not count:
            return
        batch = Batch(count, columns, columns[-1] if self.timed else None)
        for aggregate in self.aggregates:
            aggregate.add_batch(batch)
        self.columns = [[] for _ in columns]
        self.count = 0


def _arguments(specs: list[_Spec]) -> tuple[list[Expr], list[Aggregate]]:
    """The distinct arguments the aggregate calls read (a field read by several calls is read once a row),
    and a fresh aggregate for each call."""
    readers: list[Expr] = []
    seen: dict[Any, int] = {}
    aggregates = []
    for spec in specs:
        read = spec.reads[0] if spec.reads and spec.reads[0] != "*" else None
        column = -1
        if read is not None:
            key = FIELD_READS.get(read) or read
            column = seen.setdefault(key, len(readers))
            if column == len(readers):
                readers.append(read)
        aggregates.append(make(spec.function, column, spec.extra))
    return readers, aggregates


def _reader(read: Expr) -> Expr:
    """A field's reader in C (`row[name]`, the same lookup), or the expression as it is."""
    name = FIELD_READS.get(read)
    return itemgetter(name) if name is not None else read


Buckets = dict[Any, _Bucket]


def _buckets(rows: Rows, readers: list[Expr], specs: list[_Spec]) -> Buckets:
    """Each group's values and aggregates, fed a batch of rows at a time (memory: a batch per group)."""
    buckets: Buckets = {}
    arguments = [_reader(read) for read in _arguments(specs)[0]]
    timed = any(spec.function in TIMED for spec in specs)
    if timed:
        arguments.append(itemgetter("@timestamp"))
    width = len(arguments)
    first = arguments[0] if width == 1 else None
    one = _reader(readers[0]) if len(readers) == 1 else None
    get = buckets.get
    if one is not None and CHUNK:           # one group: a chunk of rows at a time
        _chunked(rows, one, arguments, specs, buckets, timed)
        return _fed(buckets)
    for row in rows:
        if one is not None:
            value = one(row)
            key = value if value.__class__ is str or value.__class__ is Moment else (hashable(value),)
            bucket = get(key)
            if bucket is None:
                bucket = buckets[key] = _Bucket([value], _arguments(specs)[1], width, timed)
        else:
            values = [read(row) for read in readers]
            key = tuple(hashable(v) for v in values)
            bucket = get(key)
            if bucket is None:
                bucket = buckets[key] = _Bucket(values, _arguments(specs)[1], width, timed)
        if first is not None:
            column = bucket.columns[0]
            column.append(first(row))
            if len(column) >= BATCH:
                bucket.feed()
        elif width:
            columns = bucket.columns
            for column, read in zip(columns, arguments):
                column.append(read(row))
            if len(columns[0]) >= BATCH:
                bucket.feed()
        else:
            bucket.count += 1
    return _fed(buckets)


def _fed(buckets: Buckets) -> Buckets:
    for bucket in buckets.values():
        bucket.feed()
    return buckets


CHUNK = 4096         # rows grouped at once when there is one group (0: row by row)
_PLAIN_KEYS = ({str}, {Moment}, {str, Moment})


def _chunked(rows: Rows, one: Expr, arguments: list[Expr], specs: list[_Spec], buckets: Buckets,
             timed: bool) -> None:
    """`_buckets` for one group, a chunk of rows at a time: the chunk's group values and arguments read in C,
    the rows of each group found (in order), and their values handed on together."""
    while True:
        chunk = list(islice(rows, CHUNK))
        if not chunk:
            return
        found = list(map(one, chunk))
        keys = found if set(map(type, found)) in _PLAIN_KEYS else [
            value if value.__class__ is str or value.__class__ is Moment else (hashable(value),) for value in found]
        groups: dict[Any, list[int]] = {}
        for at, key in enumerate(keys):
            places = groups.get(key)
            if places is None:
                groups[key] = [at]
            else:
                places.append(at)
        columns = [list(map(read, chunk)) for read in arguments]
        for key, places in groups.items():       # in the order the groups first appear
            bucket = buckets.get(key)
            if bucket is None:
                bucket = buckets[key] = _Bucket([found[places[0]]], _arguments(specs)[1], len(arguments), timed)
            if not columns:
                bucket.count += len(places)
                continue
            for column, values in zip(bucket.columns, columns):
                column.extend(map(values.__getitem__, places))
            if len(bucket.columns[0]) >= BATCH:
                bucket.feed()


def count_frequent(parser: Parser) -> Command:
    """countFrequent f1, f2: each combination's count in `_approxcount`, most frequent first."""
    names = [parser.field_name()]
    while parser.at("punct", ","):
        parser.take()
        names.append(parser.field_name())
    parser.done()

    def run(rows: Rows) -> Rows:
        counts: dict[tuple[Any, ...], tuple[list[Any], int]] = {}
        for row in rows:
            values = [row[n] for n in names]
            key = tuple(hashable(v) for v in values)
            counts[key] = (values, counts[key][1] + 1 if key in counts else 1)
        for values, count in sorted(counts.values(), key=lambda item: -item[1]):
            out = Row(zip(names, values))
            out["_approxcount"] = count
            yield out
    return Command("countFrequent", run, lambda columns: [*names, "_approxcount"], set(parser.fields), blocking=True)
