"""CloudWatch Logs Insights over a local log: every command, operator, function and aggregation of the
query syntax pages that does not need what only AWS has.

Commands (joined with `|`; `#` starts a comment): fields, display, filter / where,
filterIndex, parse (glob, regex, multi, logfmt, csv), json field=, stats (aggregate
expressions, by fields or expressions such as bin(5m), offset), sort, limit (and limit
any), dedup, unnest, expand, addtotals, autoregress, filldown, fillmissing, outlier, accum,
sessionize, countFrequent. Operators: arithmetic (+ - * / % ^), comparisons, and / or /
not, like, =~, in. Functions: numeric, datetime, general, JSON, IP address, string and
hashing (`functions`); aggregations and the time-series functions (`aggregates`).
pattern, anomaly, diff, relevantfields (machine learning), unmask (data protection),
SOURCE, lookup, cidrlookup, join, appendcols and logcompare (other log groups, stored
tables, other time windows) are refused as not simulated, naming the command.

Events are dicts (`event_from_line`: `@timestamp` a datetime) or log lines, which a query
reads one at a time and only as far as it needs: memory does not grow with the log. Bad
queries raise SpecError(kind="InvalidQuery") naming the command and column. Pure: the
clock is never read (`now` and the time window are parameters); lines come in as strings.
"""

from __future__ import annotations

from studycli.sims.logs.query.events import event_from_line, events_from_lines, parse_time
from studycli.sims.logs.query.functions import QueryTime
from studycli.sims.logs.query.query import QueryResult, parse_query, run_query
from studycli.sims.logs.query.syntax import AGGREGATES, COMMANDS, MAX_LIMIT, MAX_NESTING, Tok, split_commands, tokenize
from studycli.sims.logs.query.values import format_time

__all__ = [
    "AGGREGATES", "COMMANDS", "MAX_LIMIT", "MAX_NESTING", "QueryResult", "QueryTime", "Tok", "event_from_line",
    "events_from_lines", "format_time", "parse_query", "parse_time", "run_query", "split_commands", "tokenize",
]
