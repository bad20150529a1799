"""A whole query: split on pipes, every command checked before any event is read, then run as a stream.

The rules a query must keep ("stats", "dedup"): at most two `stats`; a `sort` or `limit`
only after the second `stats`; the second `stats` reads only what the first one made; only
`limit` after `dedup`. Commands that need what only AWS has (machine learning, data
protection, other log groups, lookup tables) are refused as not simulated.

`run_query` takes events (dicts) or log lines and reads them one at a time: a line is
parsed only as far as the query needs, a row a filter drops is not kept, and a query
returns at most 10,000 rows (or its `limit`); `sort` followed by `limit` (or at the end)
keeps only that many rows. A file's lines are read in C; `sort @timestamp | limit N` over them
compares the lines' times and makes rows of only the N it keeps.
"""

from __future__ import annotations

import heapq
import io
import itertools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from operator import itemgetter, methodcaller
from typing import Any

from studycli.errors import INVALID_QUERY, SpecError
from studycli.sims.logs.query.commands import BUILDERS, Command, Rows, field_key, top_rows
from studycli.sims.logs.query.dedup import first_per_key
from studycli.sims.logs.query.events import KNOWN_MINUTES, OFFSETS, LineEvent, Row, line_time, tail_offset
from studycli.sims.logs.query.expressions import Parser, not_simulated
from studycli.sims.logs.query.functions import QueryTime
from studycli.sims.logs.query.stats import count_frequent, stats_command
from studycli.sims.logs.query.syntax import COMMANDS, MAX_LIMIT, MAX_STATS, NOT_SIMULATED, split_commands, tokenize
from studycli.sims.logs.query.transforms import BUILDERS as TRANSFORMS
from studycli.sims.logs.query.transforms import addtotals, fillmissing
from studycli.sims.logs.query.values import Moment, json_value, to_moment

_CANONICAL = {name.lower(): name for name in COMMANDS}
_NOT_SIMULATED = {name.lower(): name for name in NOT_SIMULATED}
_REDUCING = ("stats", "countFrequent", "count_frequent", "sort", "dedup", "limit")


@dataclass
class QueryResult:
    columns: list[str]
    rows: list[dict[str, Any]]
    records_scanned: int
    records_matched: int

    def to_json(self) -> dict[str, Any]:
        return {"columns": self.columns,
                "rows": [{c: json_value(row[c] if isinstance(row, Row) else row.get(c)) for c in self.columns}
                         for row in self.rows],
                "statistics": {"recordsScanned": self.records_scanned, "recordsMatched": self.records_matched}}


@dataclass
class Plan:
    commands: list[Command]
    columns: list[str] = field(default_factory=list)


def parse_query(query: str, time: QueryTime | None = None) -> list[Command]:
    """Check the whole query before any event is read (so errors come first, and once)."""
    return _plan(query, time).commands


def _plan(query: str, time: QueryTime | None) -> Plan:
    if not isinstance(query, str) or not query.strip():
        raise SpecError("the query is empty (try: fields @timestamp, @message | sort @timestamp desc | limit 25)",
                        kind=INVALID_QUERY)
    pieces = split_commands(query)
    if not any(text.strip() for text, _ in pieces):
        raise SpecError("the query is empty (every line is a comment)", kind=INVALID_QUERY)
    commands: list[Command] = []
    columns: list[str] = []
    for text, start in pieces:
        if not text.strip():
            raise SpecError("an empty command between pipes", column=start + 1, kind=INVALID_QUERY)
        head_text = text.split(None, 1)[0]
        if head_text.lower() in _NOT_SIMULATED:    # named before the rest is read: its syntax is not ours
            canonical = _NOT_SIMULATED[head_text.lower()]
            raise not_simulated(canonical, NOT_SIMULATED[canonical], start + text.index(head_text) + 1)
        tokens = tokenize(text, start, regex_after_name=head_text.lower() == "parse")
        head = tokens[0]
        name = _CANONICAL.get(head.text.lower())
        if head.kind not in ("name", "word") or name is None:
            raise SpecError(f"unknown command {head.text!r} (supported: {', '.join(COMMANDS)})", column=head.column,
                            kind=INVALID_QUERY)
        parser = Parser(tokens[1:], name, start + len(text) + 1, time=time)
        parser.source = query
        command = _build(name, parser, query, columns, commands)
        columns = command.columns(columns)
        commands.append(command)
    _check_order(commands)
    return Plan(commands, columns)


def _build(name: str, parser: Parser, query: str, columns: list[str], before: list[Command]) -> Command:
    if name == "stats":
        return stats_command(parser)
    if name in ("countFrequent", "count_frequent"):
        return count_frequent(parser)
    if name == "addtotals":
        return addtotals(parser, columns)
    if name == "fillmissing":
        return fillmissing(parser, next((c for c in reversed(before) if c.name == "stats"), None))
    if name in TRANSFORMS:
        return TRANSFORMS[name](parser)
    return BUILDERS[name](parser)


def _check_order(commands: list[Command]) -> None:
    stats = [i for i, c in enumerate(commands) if c.name == "stats"]
    if len(stats) > MAX_STATS:
        raise SpecError(f"a query can have at most {MAX_STATS} stats commands, this one has {len(stats)}",
                        kind=INVALID_QUERY)
    if len(stats) == 2:
        first, second = stats
        early = next((c for c in commands[:second] if c.name in ("sort", "limit")), None)
        if early is not None:
            raise SpecError(f"{early.name} must come after the second stats command", kind=INVALID_QUERY)
        made = set(commands[first].columns([]))
        for c in commands[first + 1:second + 1]:
            missing = sorted(f for f in c.reads if f not in made and not f.startswith("\x00"))
            if missing:
                raise SpecError(f"after the first stats only its fields exist ({', '.join(sorted(made))}); "
                                f"{missing[0]} is not one of them", kind=INVALID_QUERY)
            made |= set(c.columns(sorted(made)))
    dedup = next((i for i, c in enumerate(commands) if c.name == "dedup"), None)
    if dedup is not None:
        after = next((c for c in commands[dedup + 1:] if c.name != "limit"), None)
        if after is not None:
            raise SpecError(f"only limit can follow dedup, not {after.name}", kind=INVALID_QUERY)


def run_query(query: str, events: Iterable[dict[str, Any] | str], *, now: datetime | float | None = None,
              start: datetime | float | None = None, end: datetime | float | None = None) -> QueryResult:
    """Run `query` over `events` (dicts, which are copied, or log lines, read as the query needs them).

    `now` is when the query runs (`now()`); `start` and `end` are its time window: events outside it are
    not scanned (`queryStartTime()` ...). Times are datetimes or epoch milliseconds.
    """
    time = QueryTime(_millis(now), _millis(start), _millis(end))
    plan = _plan(query, time)
    counts = {"scanned": 0, "matched": 0}
    commands = plan.commands
    i = _lines_to_top(commands) if time.start is None and time.end is None else None
    if i is not None:    # `sort @timestamp | limit N` first: lines compared as lines, rows made of the N kept
        following = commands[i + 1] if i + 1 < len(commands) else None
        count = following.limit if following is not None and following.limit is not None else MAX_LIMIT
        lines, seen = _lines(events, counts, str)
        rows: Rows = iter(top_lines(lines, (commands[i].sort_keys or [])[0][1], count))
        i += 2
    elif time.start is None and time.end is None:
        (rows, seen), i = _lines(events, counts, LineEvent), 0
    else:
        rows, seen, i = _scan(events, time, counts), None, 0
    # recordsMatched: the events the filters let through, before stats, sort, dedup or limit reduce them
    # (dedup: "Y is the total number of records matched before deduplication")
    first_block = next((i for i, c in enumerate(plan.commands) if c.name in _REDUCING), None)
    # when every command before it gives one row for each, the rows matched are the rows scanned
    same = all(c.one_to_one for c in plan.commands[:first_block])
    cap = MAX_LIMIT
    while i < len(commands):
        if i == first_block and not same:
            rows = _count(rows, counts)
        command = commands[i]
        following = commands[i + 1] if i + 1 < len(commands) else None
        keys: list[tuple[str, bool]] = []
        if command.sort_keys is not None and following is not None and following.dedup is not None:
            i += 1                       # sort | dedup: run together below, keeping only what is returned
            command, following = following, (commands[i + 1] if i + 1 < len(commands) else None)
            keys = commands[i - 1].sort_keys or []
        elif command.dedup is not None:
            keys = [("@timestamp", True)] if not any(c.sort_keys for c in commands[:i]) else []
        if command.dedup is not None and keys:    # "the default descending sort order using @timestamp"
            count = following.limit if following is not None and following.limit is not None else cap
            rows = iter(first_per_key(rows, keys, command.dedup, count))
            i += 1
            continue
        if command.sort_keys is not None and (following is None or following.limit is not None):
            count = following.limit if following is not None and following.limit is not None else cap
            rows = iter(top_rows(rows, command.sort_keys, count))
            i += 2 if following is not None else 1
            continue
        rows = command.run(rows)
        i += 1
    if first_block is None and not same:
        rows = _count(rows, counts)
    table = _collect(rows, cap)
    if seen is not None:                    # lines a file gave
        counts["scanned"] += next(seen)
    if same:
        counts["matched"] = counts["scanned"]
    columns = plan.columns or ["@timestamp", "@message"]
    return QueryResult(columns, table, counts["scanned"], counts["matched"])


def _millis(value: datetime | float | None) -> float | None:
    if value is None:
        return None
    moment = to_moment(value)
    return float(moment) if moment is not None else float(value)  # type: ignore[arg-type]


def _scan(events: Iterable[dict[str, Any] | str], time: QueryTime, counts: dict[str, int]) -> Rows:
    window = time.start is not None or time.end is not None
    if not window:
        yield from _scan_all(events, counts)
        return
    for event in events:
        if isinstance(event, str):
            if not event.strip():
                continue
            row: Row = LineEvent(event.rstrip("\r\n"))
        else:
            row = Row(event)
        if window:
            moment = to_moment(row["@timestamp"])
            if moment is None or (time.start is not None and moment < time.start) or (
                    time.end is not None and moment > time.end):
                continue
        counts["scanned"] += 1
        yield row


def _lines_to_top(commands: list[Command]) -> int | None:
    """Where `sort @timestamp` (followed by `limit`, or last) is, when only steps that pass rows as they are
    come before it."""
    i = next((i for i, c in enumerate(commands) if not c.passthrough), len(commands))
    if i == len(commands) or commands[i].sort_keys is None or len(commands[i].sort_keys or []) != 1:
        return None
    if (commands[i].sort_keys or [])[0][0] != "@timestamp":
        return None
    return i if i + 1 == len(commands) or commands[i + 1].limit is not None else None


def top_lines(items: Iterable[str | Row], descending: bool, count: int) -> list[Row]:
    """`top_rows(rows, [("@timestamp", descending)], count)` over log lines (or rows): a line becomes a row
    only if it is among the first `count`; a plain line's time is read from the line, as its row would."""
    key = field_key("@timestamp", descending)
    time_key = field_key("@timestamp", descending, lambda time: time)
    present = descending                    # (the key of a row with a time, as field_key makes it)
    minutes, offsets = KNOWN_MINUTES.get, OFFSETS.get

    def line_key(item: Any) -> tuple[Any, ...]:
        if item.__class__ is str:
            start = minutes(item[:16])
            if start is not None:           # the usual line: a time after a minute already seen
                offset = offsets(item[16:24], -1)
                if offset == -1:
                    offset = tail_offset(item[16:24])
                if offset is not None:
                    return (present, 0, Moment(start * 1000.0 + offset), "")
            return time_key(line_time(item))
        return key(item)
    best = (heapq.nlargest if descending else heapq.nsmallest)(count, items, key=line_key)
    return [LineEvent(item) if isinstance(item, str) else item for item in best]


def _lines(events: Iterable[dict[str, Any] | str], counts: dict[str, int],
           make: Callable[[str], Any]) -> tuple[Iterator[Any], Any]:
    """The events as `_scan_all` gives them, `make` making a log line's row; a file's lines read in C and
    counted by the counter returned (its next value, once they are read, is how many were)."""
    if not isinstance(events, io.TextIOBase):
        return _scan_all(events, counts, make), None
    seen = itertools.count()
    lines = map(methodcaller("rstrip", "\r\n"), filter(str.strip, events))
    return map(itemgetter(0), zip(lines if make is str else map(make, lines), seen)), seen


def _scan_all(events: Iterable[dict[str, Any] | str], counts: dict[str, int],
              line: Callable[[str], Any] = LineEvent) -> Iterator[Any]:
    """The events as rows (`line` makes a log line's row: by default a LineEvent)."""
    for event in events:
        if isinstance(event, str):
            if event.isspace() or not event:
                continue
            counts["scanned"] += 1
            yield line(event.rstrip("\r\n"))
        else:
            counts["scanned"] += 1
            yield Row(event)


def _count(rows: Rows, counts: dict[str, int]) -> Iterator[Row]:
    for row in rows:
        counts["matched"] += 1
        yield row


def _collect(rows: Rows, cap: int) -> list[dict[str, Any]]:
    table: list[dict[str, Any]] = []
    for row in rows:
        if len(table) < cap:
            table.append(row)
    return table
