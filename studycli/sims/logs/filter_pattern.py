"""CloudWatch Logs filter patterns: parse one, then test log events against it.

The same syntax drives metric filters, subscription filters, FilterLogEvents and Live
Tail (AWS: "Filter pattern syntax for metric filters, subscription filters, filter log
events, and Live Tail", CloudWatch Logs User Guide, FilterAndPatternSyntax). Five shapes:

* empty pattern: every event matches;
* terms (unstructured events): `ERROR`, `"exact phrase"`, `?ERROR ?WARN` (any of),
  `ERROR -Exiting` (exclude). Case-sensitive substring matches;
* `%regex%`: the documented regex subset (no parentheses, no multi-byte characters);
* JSON: `{ $.user.id = 1 && ($.level = "ERROR" || $.latency > 500) }`, with `IS NULL`,
  `NOT EXISTS`, `IS TRUE`/`IS FALSE`, arrays `$.a[0]`, `*` wildcards at either end of a
  string and numeric comparisons;
* space-delimited: `[ip, user, ..., status_code = 4*, bytes > 1000]`; text inside `[]`
  or `""` in the event is one field.

Where the AWS docs are silent this engine picks one rule and says so:
* plain and `?` terms mixed: every plain term must appear and, when there are `?`
  terms, at least one of them;
* a comparison on a missing field, on an object/array, or between a number and a
  non-number is false for `=` and `!=` alike (the docs say both fail on an array);
* a condition in a space-delimited pattern may name only fields the pattern declares.

Invalid patterns raise SpecError(kind="InvalidFilterPattern") whose message says what
is wrong and at which column.
"""

from __future__ import annotations

from studycli.sims.logs.filters.matching import FilterPattern, Match, Slot, Term, split_event_fields
from studycli.sims.logs.filters.parser import match_event, parse_filter_pattern
from studycli.sims.logs.filters.syntax import compile_regex, select
from studycli.sims.logs.filters.values import (
    MAX_ELLIPSES,
    MAX_NESTING,
    MAX_PATTERN_LENGTH,
    MAX_REGEX_IN_STRUCTURED,
    Value,
    as_number,
    compare,
)

__all__ = [
    "MAX_ELLIPSES", "MAX_NESTING", "MAX_PATTERN_LENGTH", "MAX_REGEX_IN_STRUCTURED", "FilterPattern", "Match",
    "Slot", "Term", "Value", "as_number", "compare", "compile_regex", "match_event", "parse_filter_pattern",
    "select", "split_event_fields",
]
