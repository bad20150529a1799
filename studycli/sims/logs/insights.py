"""A small CloudWatch Logs Insights: run a query over log events held in memory.

Supported (CloudWatch Logs User Guide, "CloudWatch Logs Insights query syntax"):
commands joined with `|`:

* `fields f1, f2, expr as alias` — what to show (and computed fields);
* `filter <condition>` — `= != < <= > >=`, `and`/`or`/`not`, parentheses,
  `like "substring"`, `like /regex/`, `=~ /regex/`, `in [..]`, and the functions
  `ispresent()`, `isempty()`, `isblank()`, `strlen()`, `tolower()`, `toupper()`, `abs()`;
* `stats agg(...) [as alias], ... [by group, ...]` with `count(*)`, `count(f)`,
  `count_distinct(f)`, `sum`, `avg`, `min`, `max`; a group may be `bin(5m)`;
* `sort f [asc|desc], ...` (ascending by default), `limit N` (1-10000);
* `parse [field] "glob * with * stars" as a, b` or `parse [field] /(?<name>regex)/`.

Events are dicts; `@timestamp` is a timezone-aware datetime and `@message` the raw line.
`events_from_lines` builds them from a log file: JSON lines give their fields (nested
keys joined with dots, as Insights discovers them), and a leading ISO 8601 time becomes
`@timestamp`. Bad queries raise SpecError(kind="InvalidQuery") naming the command and
column. Pure: the clock is never read; lines come in as strings.
"""

from __future__ import annotations

from studycli.sims.logs.query.events import event_from_line, events_from_lines, parse_time
from studycli.sims.logs.query.expressions import bin_of, format_time
from studycli.sims.logs.query.query import QueryResult, parse_query, run_query, split_commands
from studycli.sims.logs.query.syntax import AGGREGATES, COMMANDS, MAX_LIMIT, MAX_NESTING, Tok, tokenize

__all__ = [
    "AGGREGATES", "COMMANDS", "MAX_LIMIT", "MAX_NESTING", "QueryResult", "Tok", "bin_of", "event_from_line",
    "events_from_lines", "format_time", "parse_query", "parse_time", "run_query", "split_commands", "tokenize",
]
