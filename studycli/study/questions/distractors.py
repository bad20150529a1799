"""Wrong answers, and why each is wrong.

They come from the fact's confusers, from the answers of the other facts of its family
and, for numbers, from plausible values of the same unit. Every one is compared by
meaning (`meaning_key`) before it is used, so no wrong option is a correct answer in
disguise and no two options say the same thing.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from studycli.i18n import Msg
from studycli.models import Fact
from studycli.study.questions.answers import meaning_key, show
from studycli.study.questions.base import fact_words


@dataclass(frozen=True)
class Distractor:
    value: Any
    note: Msg   # why it is wrong


def _family_answers(fact: Fact, family: Sequence[Fact]) -> list[Distractor]:
    """Answers of the other facts of the family, each saying what it really answers."""
    out = []
    for other in family:
        if other.id == fact.id:
            continue
        kind = other.answer_kind
        values = [other.answer] if kind in ("text", "number") else other.answer if kind == "list" else []
        for value in values:
            note = (Msg("quiz.why.answer_to", {"prompt": fact_words(other)}) if kind != "list" else
                    Msg("quiz.why.belongs_to", {"prompt": fact_words(other)}))
            out.append(Distractor(value, note))
    return out


def _confusers(fact: Fact) -> list[Distractor]:
    note = Msg("quiz.why.confuser")
    return [Distractor(c, note) for c in fact.confusers]


def _plausible_numbers(number: dict[str, Any]) -> list[Distractor]:
    """Values of the same unit a learner might confuse with the right one."""
    value = number["value"]
    candidates: list[float] = []
    if isinstance(value, int) or float(value).is_integer():
        v = int(value)
        candidates = [v * 2, v * 5, v * 10, v // 2 if v % 2 == 0 else v * 3, v + 1, v - 1, v * 3, v * 4]
        candidates = [c for c in candidates if c > 0]
    else:
        f = float(value)
        candidates = [round(f * 10, 10), round(f / 10, 10), round(f * 2, 10), round(f / 2, 10), round(f * 4, 10)]
    note = Msg("quiz.why.wrong_value")
    return [Distractor({"value": c, "unit": number["unit"]}, note) for c in candidates]


def distractors(fact: Fact, family: Sequence[Fact], rng: random.Random,
                exclude: Iterable[Any] = ()) -> list[Distractor]:
    """Wrong answers for `fact`, best first in rng order: confusers and family answers, then numbers.

    Never a value meaning the same as a correct answer (or anything in `exclude`),
    never two values meaning the same.
    """
    correct = fact.answer if fact.answer_kind == "list" else [fact.answer]
    taken = {meaning_key(c) for c in correct} | {meaning_key(e) for e in exclude}
    primary = _confusers(fact) + _family_answers(fact, family)
    rng.shuffle(primary)
    fill = _plausible_numbers(fact.answer) if fact.answer_kind == "number" else []
    # A number's wrong answers keep its kind of unit: "50 log groups" beside "30 dimensions"
    # would be ruled out by its unit alone.
    dimension = meaning_key(fact.answer)[1] if fact.answer_kind == "number" else None
    out = []
    for d in primary + fill:
        if isinstance(d.value, (dict, str)) and not (isinstance(d.value, dict) and set(d.value) != {"value", "unit"}):
            key = meaning_key(d.value)
            if key in taken or not show(d.value).strip():
                continue
            if dimension is not None and (key[0] != "number" or key[1] != dimension):
                continue
            taken.add(key)
            out.append(d)
    return out
