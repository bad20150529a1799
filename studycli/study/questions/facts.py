"""Questions made from facts, in a mixed quiz: the origin `fact`.

The question types build them (`registry`, `generator.build`); this only chooses which
fact comes next and in which type: facts heaviest first (missed and half-forgotten facts
come up sooner), each fact asked at most once per quiz (a matching question takes every
fact it names), a type drawn at random among those the fact can make, types not yet asked
first; a type that is a last resort for a fact (`secondary_for`: true/false, a typed answer to
a bare question) only when that fact can be asked no other way.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence

from studycli.models import Fact
from studycli.study.questions import registry
from studycli.study.questions.base import Question
from studycli.study.questions.generator import build, families, weighted_order
from studycli.study.questions.origins import Material, Taken

ORIGIN = "fact"
LOOKAHEAD = 40     # how many facts ahead a type not yet asked is looked for


class FactStream:
    """Fact questions of the types `types`, one fact at a time.

    Every type gets its turn: while a type has not been asked in this quiz, the next facts
    (up to `LOOKAHEAD` of them, in weighted order) are searched for one that makes it, so a
    type only a few facts can make (a plug-in's, say) still reaches a 65-question exam. A type
    that no fact in reach makes is not searched for again.
    """

    def __init__(self, facts: Sequence[Fact], types: Sequence[str], rng: random.Random, lang: str,
                 weights: Mapping[str, float] | None, by_family: dict[str, list[Fact]]):
        self.order = weighted_order(facts, rng, weights)
        self.types, self.rng, self.lang, self.by_family = tuple(types), rng, lang, by_family
        self.pending = list(self.types)      # types not yet asked (nor given up on)

    def next(self, position: int, taken: Taken) -> Question | None:
        if self.pending:
            question = self._first(position, taken, self.pending, LOOKAHEAD)
            if question is not None:
                return question
            self.pending = []
        return self._first(position, taken, self.types, len(self.order))

    def _first(self, position: int, taken: Taken, types: Sequence[str], reach: int) -> Question | None:
        """The first fact among the next `reach` that makes a question of `types` (a random one of
        those it can make); facts already asked about are dropped on the way."""
        looked = 0
        for fact in list(self.order):
            if looked >= reach:
                break
            if fact.id in taken.facts:
                self.order.remove(fact)
                continue
            looked += 1
            kinds = [t for t in registry.types_for(fact) if t in types]
            if types is not self.types:
                # A type's own turn goes to a fact it can ask the exam's way, never to a last resort.
                kinds = [t for t in kinds if not registry.get(t).secondary_for(fact)]
            if not kinds:
                continue
            self.rng.shuffle(kinds)
            kinds.sort(key=lambda t: registry.last_resort(t, fact))
            if types is self.types:       # the plain draw: this fact has had its chance
                self.order.remove(fact)
            for qtype in kinds:
                question = build(fact, qtype, (), self.rng, self.lang, position, self.by_family)
                if question is not None and taken.allows(question):
                    if fact in self.order:
                        self.order.remove(fact)
                    if qtype in self.pending:
                        self.pending.remove(qtype)
                    return question
        return None


def stream(material: Material, multi: bool, types: Sequence[str], rng: random.Random, lang: str,
           weights: Mapping[str, float] | None) -> FactStream | None:
    """Multiple-response fact questions (`multi`), or those of every other type in `types`."""
    kinds = [t for t in types if (t == "multi") == multi]
    if not kinds or not material.facts:
        return None
    return FactStream(material.facts, kinds, rng, lang, weights, families(material.pool or material.facts))
