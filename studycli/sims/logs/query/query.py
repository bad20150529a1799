"""A whole query: split on pipes, every command checked before any event is read, then run."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from studycli.errors import INVALID_QUERY, SpecError
from studycli.sims.logs.query.commands import BUILDERS, Command, State
from studycli.sims.logs.query.expressions import Parser, format_time
from studycli.sims.logs.query.syntax import COMMANDS, tokenize


@dataclass
class QueryResult:
    columns: list[str]
    rows: list[dict[str, Any]]
    records_scanned: int
    records_matched: int

    def to_json(self) -> dict[str, Any]:
        return {"columns": self.columns,
                "rows": [{c: json_value(row.get(c)) for c in self.columns} for row in self.rows],
                "statistics": {"recordsScanned": self.records_scanned, "recordsMatched": self.records_matched}}


def json_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return format_time(value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value



def split_commands(query: str) -> list[tuple[str, int]]:
    """Split on | outside quotes, regexes and backticks; keep each command's starting column."""
    pieces, start, i, quote = [], 0, 0, None
    while i < len(query):
        ch = query[i]
        if quote:
            if ch == "\\":
                i += 2
                continue
            if ch == quote:
                quote = None
        elif ch in "\"'`/":
            quote = ch
        elif ch == "|":
            pieces.append((query[start:i], start))
            start = i + 1
        i += 1
    pieces.append((query[start:], start))
    return pieces


def parse_query(query: str) -> list[Command]:
    """Check the whole query before any event is read (so errors come first, and once)."""
    if not isinstance(query, str) or not query.strip():
        raise SpecError("the query is empty (try: fields @timestamp, @message | sort @timestamp desc | limit 25)",
                        kind=INVALID_QUERY)
    commands = []
    for text, start in split_commands(query):
        if not text.strip():
            raise SpecError("an empty command between pipes", column=start + 1, kind=INVALID_QUERY)
        tokens = tokenize(text, start)
        head = tokens[0]
        name = head.text.lower()
        if head.kind not in ("name", "word") or name not in COMMANDS:
            raise SpecError(f"unknown command {head.text!r} (supported: {', '.join(COMMANDS)})", column=head.column,
                            kind=INVALID_QUERY)
        parser = Parser(tokens[1:], name, start + len(text) + 1)
        commands.append(BUILDERS[name](parser))
    return commands



def run_query(query: str, events: list[dict[str, Any]]) -> QueryResult:
    """Run `query` over `events` (copied; the input is not changed)."""
    commands = parse_query(query)
    state = State([dict(e) for e in events], matched=len(events))
    for command in commands:
        command.run(state)
    if not state.columns:
        state.columns = ["@timestamp", "@message"]
    return QueryResult(state.columns, state.rows, len(events), state.matched)
