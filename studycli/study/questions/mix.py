"""A quiz or an exam as the AWS exam mixes it: scenario items, simulator questions and fact
questions, about one in six (exam: one in five) multiple-response.

Pure: randomness only from the `random.Random` passed in, so the same seed and the same
study history give the same questions, whether they end up as `--json` or in a session.

How a slot is filled. Question k (0-based) is decided before it is made:

- its shape: multiple-response when fewer than `floor((k + 1) * multi + phase)` have been,
  with a random phase, so any first n questions hold n * multi of them, give or take one;
- its origin class: an item or simulator question whenever fewer than `nonfact * (k + 1)`
  have been (so any first n questions hold at least that share), otherwise one with
  probability `mean`; among the two, a simulator question with probability `simulator`.

Each origin and shape is its own stream with its own seed (`origins`), so a question
depends only on the slots before it: `--count 5` asks the first five of `--count 10`.
When the wanted stream has nothing left (a narrow `--topic`, `--type`, `--origin`), the
slot falls back. An item or simulator slot tries the other of the two, then the other
shape, then facts: the origin share is the firmer rule ("at least half"), so it is kept
before the shape's. A fact slot tries an item or simulator question of its shape before
a fact of the other shape (more of them never breaks "at least").
"""

from __future__ import annotations

import math
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from studycli.study.questions import origins, registry
from studycli.study.questions.base import Question
from studycli.study.questions.origins import Material, Stream, Taken


@dataclass(frozen=True)
class Shares:
    nonfact: float      # at least this share of items and simulator questions, in every prefix
    mean: float         # the chance of one when the floor does not force it (so the share averages near it)
    simulator: float    # of those, the share of simulator questions
    multi: float        # share of multiple-response questions


QUIZ = Shares(nonfact=0.5, mean=0.5, simulator=1 / 3, multi=1 / 6)
EXAM = Shares(nonfact=0.6, mean=0.6, simulator=0.3, multi=0.2)

NONFACT = ("item", "simulator")


def check_types(types: Sequence[str] | None) -> tuple[str, ...]:
    """The allowed question types (all registered ones by default); ValueError for an unknown one."""
    known = registry.names()
    for t in types or ():
        if t not in known:
            raise ValueError(f"unknown question type {t!r} (types: {', '.join(known)})")
    return tuple(types) if types else known


def check_origins(wanted: Sequence[str] | None) -> tuple[str, ...]:
    known = origins.names()
    for o in wanted or ():
        if o not in known:
            raise ValueError(f"unknown origin {o!r} (origins: {', '.join(known)})")
    return tuple(o for o in known if not wanted or o in wanted)


def mix(material: Material, count: int, rng: random.Random, lang: str = "en", *,
        types: Sequence[str] | None = None, only: Sequence[str] | None = None,
        weights: Mapping[str, float] | None = None, shares: Shares = QUIZ) -> list[Question]:
    """Up to `count` questions from `material` (fewer when it runs out), of the allowed `types`
    and origins (`only`, default all), weighted by `weights` (fact ids, item ids and
    `simulated.weight_key(generator)`)."""
    allowed = check_types(types)
    wanted = check_origins(only)
    # One seed per stream, drawn in a fixed order whatever is allowed, then the slots' own.
    seeds = {(o, m): rng.randrange(2 ** 32) for o in origins.names() for m in (False, True)}
    slots = random.Random(rng.randrange(2 ** 32))
    streams = _Streams(material, allowed, lang, weights, {key: seed for key, seed in seeds.items() if key[0] in wanted})
    phase = slots.random()
    taken = Taken()
    questions: list[Question] = []
    multi = nonfact = 0
    for k in range(count):
        want_multi = multi < math.floor((k + 1) * shares.multi + phase)
        drawn = slots.random() < shares.mean
        want_nonfact = drawn or nonfact < shares.nonfact * (k + 1) - 1e-9
        first, second = ("simulator", "item") if slots.random() < shares.simulator else ("item", "simulator")
        question = _fill(streams, _preference(want_nonfact, want_multi, first, second), k, taken)
        if question is None:
            break
        questions.append(question)
        taken.add(question)
        multi += is_multi(question)
        nonfact += question.origin in NONFACT
    return questions


def is_multi(question: Question) -> bool:
    """Multiple-response: "choose two/three" among 5-6 options (a matching question is not)."""
    return question.type == "multi"


def _preference(nonfact: bool, multi: bool, first: str, second: str) -> list[tuple[str, bool]]:
    other = not multi
    if nonfact:
        return [(first, multi), (second, multi), (first, other), (second, other), ("fact", multi), ("fact", other)]
    return [("fact", multi), (first, multi), (second, multi), ("fact", other), (first, other), (second, other)]


class _Streams:
    """The origin and shape streams, each made the first time a slot asks it for a question (from its own
    seed, so when it is made changes nothing): a short quiz orders only what it draws from."""

    def __init__(self, material: Material, allowed: tuple[str, ...], lang: str, weights: Mapping[str, float] | None,
                 seeds: dict[tuple[str, bool], int]):
        self.material, self.allowed, self.lang, self.weights = material, allowed, lang, weights
        self.seeds = seeds                                     # streams not made yet
        self.made: dict[tuple[str, bool], Stream | None] = {}  # None: nothing (left) to give

    def get(self, key: tuple[str, bool]) -> Stream | None:
        if key not in self.made and key in self.seeds:
            origin, multi = key
            self.made[key] = origins.module(origin).stream(self.material, multi, self.allowed,
                                                           random.Random(self.seeds.pop(key)), self.lang, self.weights)
        return self.made.get(key)

    def drop(self, key: tuple[str, bool]) -> None:
        self.made[key] = None


def _fill(streams: _Streams, preference: list[tuple[str, bool]], position: int, taken: Taken) -> Question | None:
    """The first question the preferred streams give; a stream with nothing left is dropped."""
    for key in preference:
        stream = streams.get(key)
        if stream is None:
            continue
        question = stream.next(position, taken)
        if question is not None:
            return question
        streams.drop(key)
    return None
