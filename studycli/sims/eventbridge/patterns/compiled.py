"""Many named patterns matched at once through an index on the fields they need."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from studycli.sims.eventbridge.patterns.events import FlatEvent, clause_matches, flatten_event
from studycli.sims.eventbridge.patterns.matchers import Clause
from studycli.sims.eventbridge.patterns.parser import Pattern, parse_pattern


class CompiledPatterns:
    """Many named patterns matched together; an event meets only the clauses it could satisfy.

    Each clause is filed under one field it needs: the exact values of a field that has
    only exact values (looked up in a dict by the event's value), otherwise any field that
    must be present, otherwise (only `exists: false` fields) it is always checked.
    """

    def __init__(self, patterns: dict[str, Pattern | str | dict[str, Any]] | Iterable[tuple[str, Any]]):
        items = patterns.items() if isinstance(patterns, dict) else patterns
        self.names: list[str] = []
        self._clauses: list[tuple[int, Clause]] = []
        self._by_string: dict[str, dict[str, list[int]]] = {}
        self._by_number: dict[str, dict[float, list[int]]] = {}
        self._by_literal: dict[str, list[tuple[Any, int]]] = {}
        self._by_presence: dict[str, list[int]] = {}
        self._always: list[int] = []
        for name, pattern in items:
            compiled = pattern if isinstance(pattern, Pattern) else parse_pattern(pattern)
            self.names.append(name)
            for clause in compiled.clauses:
                self._file(len(self.names) - 1, clause)

    def _file(self, rule: int, clause: Clause) -> None:
        number = len(self._clauses)
        self._clauses.append((rule, clause))
        exact = [t for t in clause.tests if t.exact_only]
        if exact:
            anchor = min(exact, key=lambda t: (len(t.strings) + len(t.numbers) + len(t.literals), t.path))
            for value in anchor.strings:
                self._by_string.setdefault(anchor.path, {}).setdefault(value, []).append(number)
            for value in anchor.numbers:
                self._by_number.setdefault(anchor.path, {}).setdefault(value, []).append(number)
            for value in anchor.literals:
                self._by_literal.setdefault(anchor.path, []).append((value, number))
            return
        needed = [t for t in clause.tests if not t.absent_ok]
        if needed:
            self._by_presence.setdefault(needed[0].path, []).append(number)
        else:
            self._always.append(number)

    def candidates(self, flat: FlatEvent) -> set[int]:
        values_of = flat.values
        found: set[int] = set(self._always)
        for path, table in self._by_string.items():
            for value in values_of.get(path, ()):
                if type(value) is str:
                    hit = table.get(value)
                    if hit:
                        found.update(hit)
        for path, by_number in self._by_number.items():
            for value in values_of.get(path, ()):
                if type(value) in (int, float):
                    hit = by_number.get(value)
                    if hit:
                        found.update(hit)
        for path, pairs in self._by_literal.items():
            for value in values_of.get(path, ()):
                for literal, number in pairs:
                    if value is literal:
                        found.add(number)
        for path, numbers in self._by_presence.items():
            if path in values_of:
                found.update(numbers)
        return found

    def matching(self, event: Any) -> list[str]:
        """Names of the patterns that match `event`, in the order they were given."""
        return [self.names[r] for r in self.matching_positions(event)]

    def matching_positions(self, event: Any) -> list[int]:
        """Positions (0-based, in the order given) of the patterns that match `event`: one flattening, then
        only the clauses filed under the event's values."""
        flat = flatten_event(event)
        hits: set[int] = set()
        for number in sorted(self.candidates(flat)):
            rule, clause = self._clauses[number]
            if rule not in hits and clause_matches(clause, flat):
                hits.add(rule)
        return sorted(hits)
