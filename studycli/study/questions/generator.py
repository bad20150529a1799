"""A whole quiz: which facts, which types, in which order; and grading by type.

Pure: no clock, no printing, no prompts; randomness only from the `random.Random`
passed in, so the same seed and the same study history (the weights) give the same
questions in the same order, whether they end up as `--json` or in a session.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import Any

from studycli.models import Fact
from studycli.study.questions import registry
from studycli.study.questions.base import BuildContext, Question


def families(facts: Sequence[Fact]) -> dict[str, list[Fact]]:
    out: dict[str, list[Fact]] = {}
    for f in facts:
        out.setdefault(f.family, []).append(f)
    return out


def build(fact: Fact, qtype: str, facts: Sequence[Fact], rng: random.Random, lang: str = "en", position: int = 0,
          by_family: dict[str, list[Fact]] | None = None) -> Question | None:
    """One question of `qtype` about `fact`, or None when the fact cannot make a sound one."""
    kind = registry.get(qtype)
    if not kind.makes(fact):
        return None
    ctx = BuildContext(by_family if by_family is not None else families(facts), rng, lang, position)
    return kind.build(fact, ctx)


def weighted_order(facts: Sequence[Fact], rng: random.Random, weights: dict[str, float] | None) -> list[Fact]:
    """Facts in a random order where heavier facts tend to come first (weighted sampling, no repeats)."""
    keyed = []
    for f in facts:
        w = max(float((weights or {}).get(f.id, 1.0)), 1e-6)
        u = rng.random()
        keyed.append((u ** (1.0 / w), f.id, f))
    keyed.sort(key=lambda k: (-k[0], k[1]))
    return [k[2] for k in keyed]


def generate(facts: Sequence[Fact], count: int, rng: random.Random, lang: str = "en",
             types: Sequence[str] | None = None, weights: dict[str, float] | None = None,
             pool: Sequence[Fact] | None = None) -> list[Question]:
    """`count` questions (fewer when the facts cannot make that many different ones).

    Facts are drawn by weight (facts answered wrong or half-forgotten weigh more); each
    gets a type drawn at random among those it can make. When every fact has been used
    the draw starts again with the types not yet asked. Wrong answers come from the
    families of `pool` (default: `facts`), so a quiz on one topic can still borrow
    plausible wrong answers from the whole catalogue.
    """
    known = registry.names()
    allowed = tuple(types) if types else known
    for t in allowed:
        if t not in known:
            raise ValueError(f"unknown question type {t!r} (types: {', '.join(known)})")
    by_family = families(pool if pool is not None else facts)
    used: set[tuple[str, str]] = set()
    questions: list[Question] = []
    while len(questions) < count:
        made_this_round = 0
        for fact in weighted_order(facts, rng, weights):
            if len(questions) >= count:
                break
            kinds = [t for t in registry.types_for(fact) if t in allowed and (fact.id, t) not in used]
            rng.shuffle(kinds)
            for qtype in kinds:
                used.add((fact.id, qtype))
                q = build(fact, qtype, (), rng, lang, len(questions), by_family)
                if q is not None:
                    questions.append(q)
                    made_this_round += 1
                    break
        if not made_this_round:
            break
    return questions


def grade(question: Question, given: Any) -> bool:
    """Is `given` right? What an answer is depends on the type (indexes, text, one option per item)."""
    return registry.get(question.type).grade(question, given)


def render_given(question: Question, given: Any) -> str:
    """A learner's answer in words (for the notebook and feedback)."""
    return registry.get(question.type).render_given(question, given)


def render_correct(question: Question) -> str:
    return registry.get(question.type).render_correct(question)


def to_json(question: Question) -> dict[str, Any]:
    """The question as `quiz --json` prints it (its type decides the shape), with its origin: an
    item question adds `item_id` and `reference`, a simulator question `generator` and `sim`."""
    doc = registry.get(question.type).to_json(question)
    doc["origin"] = question.origin
    if question.origin == "item":
        doc.update(item_id=question.ref, reference=question.reference)
    if question.sim is not None:
        doc.update(generator=question.sim.generator, sim={"kind": question.sim.kind, "input": question.sim.input})
    return doc
