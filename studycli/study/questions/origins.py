"""Where questions come from, in one registry: facts, exam items and the simulators.

A quiz or exam mixes questions of every origin (`mix`); `--origin` narrows to some of
them; every question says its origin in `quiz --json`. An origin is one module of this
package with `ORIGIN` (its name) and

    stream(material, multi, types, rng, lang, weights) -> a Stream, or None

which hands out that origin's questions of one shape (multiple-response or not) one by
one, never one whose fact or stem the quiz already has (`Taken`). Adding an origin is a
module and one line in `BUILT_IN`.

Also here, because every origin shares them: the `Material` a quiz is made from, and
`heaviest_first`, the weighted order (answers missed come up sooner).
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from importlib import import_module
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from studycli.items import Item
    from studycli.models import Fact
    from studycli.study.questions.base import Question

# origin name -> module of this package; the order is the order `--origin` lists them in
BUILT_IN: dict[str, str] = {"item": "item", "simulator": "simulated", "fact": "facts"}


def names() -> tuple[str, ...]:
    return tuple(BUILT_IN)


def module(name: str) -> Any:
    """The module of origin `name`; ValueError naming the origins when there is none."""
    if name not in BUILT_IN:
        raise ValueError(f"unknown origin {name!r} (origins: {', '.join(BUILT_IN)})")
    return import_module(f"{__package__}.{BUILT_IN[name]}")


@dataclass(frozen=True)
class Material:
    """What a quiz is made from, already narrowed to its topic."""

    facts: Sequence[Fact] = ()          # facts to ask about
    pool: Sequence[Fact] = ()           # whose families lend wrong answers (default: `facts`)
    items: Sequence[Item] = ()          # exam items
    generators: Sequence[str] = ()      # simulator question generators (`sim_questions.GENERATORS`)


@dataclass
class Taken:
    """What a quiz already asks: a fact is tested once, a stem appears once."""

    facts: set[str] = field(default_factory=set)
    stems: set[str] = field(default_factory=set)
    refs: set[str] = field(default_factory=set)

    def add(self, question: Question) -> None:
        self.facts.update(question.fact_ids)
        self.stems.add(question.stem)
        if question.ref:
            self.refs.add(question.ref)

    def allows(self, question: Question) -> bool:
        return (question.stem not in self.stems and not self.facts.intersection(question.fact_ids)
                and question.ref not in self.refs)


class Stream(Protocol):
    def next(self, position: int, taken: Taken) -> Question | None:
        """The next question (numbered `position` in the quiz), or None when there is none left."""
        ...


def heaviest_first(things: Sequence[Any], rng: random.Random, weights: Mapping[str, float] | None,
                   key: Any = None) -> list[Any]:
    """`things` in a random order where heavier ones tend to come first (weighted sampling without
    replacement: each draws u ** (1 / weight)); `key` gives a thing's weight key (default: its id)."""
    from operator import itemgetter

    weight, draw = (weights or {}).get, rng.random
    names = [key(thing) for thing in things] if key else [thing.id for thing in things]
    # (-draw, name): the heaviest draw first, ties by name; thousands of facts in a large pack
    keyed = [(-(draw() ** (1.0 / max(float(weight(name, 1.0)), 1e-6))), name, thing)
             for name, thing in zip(names, things)]
    keyed.sort(key=itemgetter(0, 1))
    return [k[2] for k in keyed]
