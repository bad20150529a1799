"""A parsed filter pattern and how each of its five shapes tests one log event."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from studycli.i18n import Msg
from studycli.sims import json_input
from studycli.sims.logs.filters.syntax import select
from studycli.sims.logs.filters.values import evaluate, refs
from studycli.sims.regex import Regex


@dataclass(frozen=True)
class Term:
    text: str
    mode: str = "all"    # all | any (?term) | not (-term)


@dataclass(frozen=True)
class Slot:
    """One comma-separated field of a space-delimited pattern."""

    name: str | None             # None: unnamed; "..." for the ellipsis
    condition: Any = None        # Comparison/BoolOp tree or None


@dataclass(frozen=True)
class Match:
    matched: bool
    fields: dict[str, Any]
    reason: Msg                  # why it matched or not (for explanations)


@dataclass(frozen=True)
class FilterPattern:
    text: str
    kind: str                    # all | terms | regex | json | delimited
    terms: tuple[Term, ...] = ()
    regex: Regex | None = None
    expression: Any = None
    slots: tuple[Slot, ...] = ()

    def match(self, message: str) -> Match:
        return _MATCHERS[self.kind](self, message)

    def matches(self, message: str) -> bool:
        return self.match(message).matched

    def field_names(self) -> tuple[str, ...]:
        """The names a metric value may use: `$name` slots or `$.selectors`."""
        if self.kind == "delimited":
            return tuple(s.name for s in self.slots if s.name not in (None, "..."))
        if self.kind == "json":
            return tuple(dict.fromkeys(refs(self.expression)))
        return ()




def _match_all(pattern: FilterPattern, message: str) -> Match:
    return Match(True, {}, Msg("sim.filter.empty"))


def _match_terms(pattern: FilterPattern, message: str) -> Match:
    for term in pattern.terms:
        if term.mode == "all" and term.text not in message:
            return Match(False, {}, Msg("sim.filter.missing", {"term": repr(term.text)}))
        if term.mode == "not" and term.text in message:
            return Match(False, {}, Msg("sim.filter.excluded", {"term": repr(term.text)}))
    optional = [t.text for t in pattern.terms if t.mode == "any"]
    if optional:
        present = [t for t in optional if t in message]
        if not present:
            return Match(False, {}, Msg("sim.filter.none_of", {"terms": ", ".join(map(repr, optional))}))
        return Match(True, {}, Msg("sim.filter.one_of", {"term": repr(present[0])}))
    return Match(True, {}, Msg("sim.filter.all_terms"))


def _match_regex(pattern: FilterPattern, message: str) -> Match:
    found = pattern.regex.search(message) if pattern.regex is not None else None
    if found:
        return Match(True, {}, Msg("sim.filter.regex_found", {"text": repr(found.group(0))}))
    return Match(False, {}, Msg("sim.filter.regex_none"))


def _match_json(pattern: FilterPattern, message: str) -> Match:
    try:
        document = json_input.loads(message)
    except json_input.TooDeep as err:
        return Match(False, {}, Msg("sim.filter.too_deep", {"limit": err.limit}))
    except ValueError:
        return Match(False, {}, Msg("sim.filter.not_json"))
    if not isinstance(document, dict):
        return Match(False, {}, Msg("sim.filter.not_object"))
    lookup = lambda ref: select(document, ref)  # noqa: E731
    matched = evaluate(pattern.expression, lookup, numbers_from_text=False)
    fields = {}
    for ref in pattern.field_names():
        present, value = select(document, ref)
        if present and not isinstance(value, (dict, list)):
            fields[ref] = value
    return Match(matched, fields, Msg("sim.filter.json_hold" if matched else "sim.filter.json_fail"))


def split_event_fields(message: str) -> list[str]:
    """Space-delimited fields: runs of non-space text; "quoted" and [bracketed] text is one field."""
    fields: list[str] = []
    i = 0
    while i < len(message):
        ch = message[i]
        if ch.isspace():
            i += 1
            continue
        closer = {'"': '"', "[": "]"}.get(ch)
        if closer:
            end = message.find(closer, i + 1)
            end = len(message) if end < 0 else end
            fields.append(message[i + 1:end])
            i = end + 1
            continue
        j = i
        while j < len(message) and not message[j].isspace():
            j += 1
        fields.append(message[i:j])
        i = j
    return fields


Assignment = list[tuple[Slot, int, int]]   # (slot, first token, token after it)


def _assignments(slots: tuple[Slot, ...], count: int) -> Iterator[Assignment]:
    """Every way to give each slot a token index (the ellipsis takes any run): yields lists of (slot, start, stop).

    An ellipsis only takes runs that leave exactly enough tokens for the fixed slots after
    it (all of them, when no other ellipsis follows): with two ellipses that is one loop
    over the tokens, not two nested ones, so 20,000 fields take milliseconds, not minutes.
    """
    fixed_after = [sum(1 for s in slots[i + 1:] if s.name != "...") for i in range(len(slots))]
    ellipsis_after = [any(s.name == "..." for s in slots[i + 1:]) for i in range(len(slots))]

    def walk(slot_index: int, token_index: int, taken: Assignment) -> Iterator[Assignment]:
        if slot_index == len(slots):
            if token_index == count:
                yield list(taken)
            return
        slot = slots[slot_index]
        if slot.name == "...":
            last = count - fixed_after[slot_index]
            first = token_index if ellipsis_after[slot_index] else last
            for stop in range(max(first, token_index), last + 1):
                taken.append((slot, token_index, stop))
                yield from walk(slot_index + 1, stop, taken)
                taken.pop()
        elif token_index < count:
            taken.append((slot, token_index, token_index + 1))
            yield from walk(slot_index + 1, token_index + 1, taken)
            taken.pop()
    yield from walk(0, 0, [])


def _match_delimited(pattern: FilterPattern, message: str) -> Match:
    tokens = split_event_fields(message)
    fixed = sum(1 for s in pattern.slots if s.name != "...")
    has_ellipsis = any(s.name == "..." for s in pattern.slots)
    if len(tokens) < fixed or (not has_ellipsis and len(tokens) != fixed):
        return Match(False, {}, Msg("sim.filter.field_count.at_least" if has_ellipsis else "sim.filter.field_count.exact",
                                    {"count": len(tokens), "expected": fixed}))
    for assignment in _assignments(pattern.slots, len(tokens)):
        values = {slot.name: tokens[start] for slot, start, stop in assignment if slot.name not in (None, "...")}
        lookup = lambda ref: (ref in values, values.get(ref))  # noqa: E731, B023 (called at once, inside this iteration)
        if all(slot.condition is None or evaluate(slot.condition, lookup, numbers_from_text=True)
               for slot, _, _ in assignment):
            return Match(True, _extracted(assignment, tokens), Msg("sim.filter.fields_hold"))
        if not has_ellipsis:
            break
    return Match(False, {}, Msg("sim.filter.field_fails"))


def _extracted(assignment: Assignment, tokens: list[str]) -> dict[str, str]:
    """Like TestMetricFilter's extractedValues: `$name` for named fields, `$N` (1-based) for the rest."""
    out: dict[str, str] = {}
    for slot, start, stop in assignment:
        for index in range(start, stop):
            key = f"${slot.name}" if slot.name not in (None, "...") else f"${index + 1}"
            out[key] = tokens[index]
    return out


_MATCHERS = {"all": _match_all, "terms": _match_terms, "regex": _match_regex,
             "json": _match_json, "delimited": _match_delimited}
