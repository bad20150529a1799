"""EventBridge event patterns: validate them as AWS does and match events against them.

An event pattern is JSON shaped like the events it selects. This module turns its text
into a `Pattern` (or rejects it the way EventBridge's PutRule/TestEventPattern do, with
`InvalidEventPatternException` and a reason) and answers "does this event match?".

How matching works, following "Content filtering in Amazon EventBridge event patterns":

- Both sides are flattened into dotted paths (`detail.state`); a pattern key written
  with a dot matches the nested event field and the other way round, as on AWS.
- An event array contributes each element to its path, so a pattern value matches when
  any element matches; fields read from the same array of objects must come from the
  same element ("array consistency").
- A field's list of values is an OR; the fields of a pattern (or of one `$or` branch)
  are an AND. `$or` branches are expanded up front into alternative clauses.
- `null` and `""` are values like any other: `[null]` matches only an explicit null,
  `exists: false` means "no leaf value at that path" and an object is not a leaf. Inside
  an array of objects it is judged per element, as AWS's matcher does: on the element the
  fields before it (in path order) matched in.
- The documented limits: at most 1000 `$or` rule combinations, numeric matching over
  -5.0e9..+5.0e9 with six decimal digits, and the 2,048-character pattern size quota.

`CompiledPatterns` matches many named patterns at once: each clause is indexed on one
field it needs (an exact value where it has one, else the presence of a field), so an
event is only checked against the few clauses that could possibly match it.
"""

from __future__ import annotations

from studycli.sims.eventbridge.patterns.compiled import CompiledPatterns
from studycli.sims.eventbridge.patterns.events import (
    FlatEvent,
    clause_matches,
    flatten_event,
    load_event_json,
)
from studycli.sims.eventbridge.patterns.json_text import json_syntax_reason, load_pattern_json
from studycli.sims.eventbridge.patterns.matchers import (
    OPERATORS,
    WILDCARD_COMPLEXITY_LIMIT,
    Clause,
    FieldTest,
    is_number,
    wildcard_complexity,
    wildcard_regex,
    wildcard_tokens,
)
from studycli.sims.eventbridge.patterns.parser import (
    Pattern,
    matches,
    matches_flat,
    parse_cidr,
    parse_numeric,
    parse_pattern,
)

__all__ = [
    "OPERATORS", "WILDCARD_COMPLEXITY_LIMIT", "Clause", "CompiledPatterns", "FieldTest", "FlatEvent", "Pattern",
    "clause_matches", "flatten_event", "is_number", "json_syntax_reason", "load_event_json", "load_pattern_json",
    "matches", "matches_flat", "parse_cidr", "parse_numeric", "parse_pattern", "wildcard_complexity",
    "wildcard_regex", "wildcard_tokens",
]
