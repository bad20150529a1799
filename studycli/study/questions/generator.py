"""A whole quiz: which facts, which types, in which order; and grading by type.

Pure: no clock, no printing, no prompts; randomness only from the `random.Random`
passed in, so the same seed and the same study history (the weights) give the same
questions in the same order, whether they end up as `--json` or in a session.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
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


def weighted_order(facts: Sequence[Fact], rng: random.Random, weights: Mapping[str, float] | None) -> list[Fact]:
    """Facts in a random order where heavier facts tend to come first (weighted sampling, no repeats)."""
    from studycli.study.questions.origins import heaviest_first

    return heaviest_first(facts, rng, weights)


MULTI_SHARE = 1 / 6      # about one question in six is multiple response, as on the exam


def generate(facts: Sequence[Fact], count: int, rng: random.Random, lang: str = "en",
             types: Sequence[str] | None = None, weights: Mapping[str, float] | None = None,
             pool: Sequence[Fact] | None = None) -> list[Question]:
    """`count` questions (fewer when the facts cannot make that many different ones).

    Facts are drawn by weight (facts answered wrong or half-forgotten weigh more); each
    gets a type drawn at random among those it can make, except that a fact whose answer
    is a list ("choose all that apply") is asked as multiple response when it can be, and
    a list fact is drawn early whenever fewer than `MULTI_SHARE` of the questions so far
    are. A fact is asked once per quiz (a matching question asks every fact it names)
    until every fact has been; then the draw starts again with the types not yet asked.
    Wrong answers come from the families of `pool` (default: `facts`), so a quiz on one
    topic can still borrow plausible wrong answers from the whole catalogue.
    """
    known = registry.names()
    allowed = tuple(types) if types else known
    for t in allowed:
        if t not in known:
            raise ValueError(f"unknown question type {t!r} (types: {', '.join(known)})")
    by_family = families(pool if pool is not None else facts)
    used: set[tuple[str, str]] = set()
    questions: list[Question] = []
    phase = rng.random()
    multi = 0
    while len(questions) < count:
        made_this_round = 0
        asked: set[str] = set()              # facts a question of this round already asks about
        order = weighted_order(facts, rng, weights)
        while order and len(questions) < count:
            behind = multi < int((len(questions) + 1) * MULTI_SHARE + phase)
            fact = order.pop(_next(order, behind and "multi" in allowed))
            if fact.id in asked:
                continue
            q = _first_made(fact, allowed, used, asked, rng, lang, len(questions), by_family)
            if q is not None:
                questions.append(q)
                asked.update(q.fact_ids)
                used.update((f, q.type) for f in q.fact_ids)   # a matching set is one question
                multi += q.type == "multi"
                made_this_round += 1
        if not made_this_round:
            break
    return questions


def _next(order: list[Fact], want_list: bool) -> int:
    """Where the next fact is taken from: the first list fact when multiple response is behind
    its share (and there is one), else the head of the order."""
    if want_list:
        for i, fact in enumerate(order):
            if fact.answer_kind == "list":
                return i
    return 0


def _first_made(fact: Fact, allowed: Sequence[str], used: set[tuple[str, str]], asked: set[str],
                rng: random.Random, lang: str, position: int,
                by_family: dict[str, list[Fact]]) -> Question | None:
    """A question about `fact` of a type not yet used for it, asking about no fact already asked."""
    kinds = [t for t in registry.types_for(fact) if t in allowed and (fact.id, t) not in used]
    rng.shuffle(kinds)
    # A shape that cannot be asked the exam's way about this fact (true/false; a typed answer to a
    # bare question) is its last resort (`secondary_for`), the exam's own shapes first among those.
    kinds.sort(key=lambda t: registry.last_resort(t, fact))
    for qtype in kinds:
        used.add((fact.id, qtype))
        q = build(fact, qtype, (), rng, lang, position, by_family)
        if q is not None and not asked & set(q.fact_ids):
            return q
    return None


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
