"""Questions from exam items (`content/items/*.yaml`): the origin `item`.

An item is already a whole exam question, so building one only puts it into the learner's
language and shuffles its options (seeded): a choose-1 item is a `single` question, a
"choose two/three" item a `multi` one, graded and explained by those types like any
other. Each option keeps its own reason (`why`), the stem states the scenario and its
deciding constraint, and the explanation names the AWS page the item rests on.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence

from studycli.i18n import Msg
from studycli.items import Item
from studycli.study.questions.base import Question, question_id, words
from studycli.study.questions.origins import Material, Taken, heaviest_first

ORIGIN = "item"


def qtype(item: Item) -> str:
    """The question type an item is asked as: `single` (choose 1) or `multi` (choose 2 or 3)."""
    return "single" if item.choose == 1 else "multi"


def stem_text(item: Item, lang: str) -> str:
    """The stem in `lang`; in both languages, Korean then English on lines of their own."""
    if lang == "both":
        return f"{item.stem['ko']}\n{item.stem['en']}"
    return item.stem[lang]


def build(item: Item, rng: random.Random, lang: str, position: int = 0) -> Question:
    """The item as a question: options in a seeded order, each with its reason, the key moved with them."""
    order = list(range(len(item.options)))
    rng.shuffle(order)
    options = tuple(words(item.options[i].text, lang) for i in order)
    why = tuple(words(item.options[i].why, lang) for i in order)
    correct = tuple(sorted(order.index(k) for k in item.key))
    kind = qtype(item)
    return Question(
        id=question_id([item.id], kind, position), type=kind, topic=item.topic, stem=stem_text(item, lang),
        options=options, correct=correct, why=why, choose=item.choose,
        explanation=words(Msg("quiz.item.reference", {"reference": item.reference}), lang),
        fact_ids=(), source_lines=tuple(sorted(set(item.source_lines))),
        answer_text=", ".join(options[i] for i in correct), origin=ORIGIN, ref=item.id, reference=item.reference)


class ItemStream:
    """The items of one shape (choose 1, or choose 2-3), heaviest first, each asked once."""

    def __init__(self, items: Sequence[Item], rng: random.Random, lang: str, weights: Mapping[str, float] | None):
        self.order = heaviest_first(items, rng, weights)
        self.rng, self.lang = rng, lang

    def next(self, position: int, taken: Taken) -> Question | None:
        while self.order:
            item = self.order.pop(0)
            question = build(item, self.rng, self.lang, position)
            if taken.allows(question):
                return question
        return None


def stream(material: Material, multi: bool, types: Sequence[str], rng: random.Random, lang: str,
           weights: Mapping[str, float] | None) -> ItemStream | None:
    """The items of `material` the quiz may ask in this shape, or None when `types` rules them out."""
    kind = "multi" if multi else "single"
    if kind not in types:
        return None
    items = [i for i in material.items if qtype(i) == kind]
    return ItemStream(items, rng, lang, weights) if items else None
