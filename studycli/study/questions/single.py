"""`single`: one right answer among 4 options, for text and number facts.

The stem is the fact's question as the content writes it. Every option carries its own
explanation: the key says what it is (the fact's `means`), each wrong option why it is
wrong here (`distractors`). A list fact ("choose all that apply") is asked as multiple
response; only when that cannot be made is it asked here, as "which of these is one of
{means}?" after the situation its prompt sets, a question of its own rather than the list's prompt.
The key's explanation says what it is and why (the fact's `explain`). Mapping facts are `matching`.
"""

from __future__ import annotations

from typing import ClassVar

from studycli.i18n import Msg
from studycli.models import Fact
from studycli.study.questions.answers import leaks
from studycli.study.questions.base import (
    SINGLE_OPTIONS,
    BuildContext,
    Question,
    fact_words,
    in_sentence,
    means_words,
    opening,
    sentence,
    shuffled_options,
    situation,
)
from studycli.study.questions.choice import ChoiceType, key_note
from studycli.study.questions.distractors import distractors


class Single(ChoiceType):
    name = "single"
    answer_kinds: ClassVar[frozenset[str]] = frozenset({"text", "number", "list"})
    secondary: ClassVar[frozenset[str]] = frozenset({"list"})
    in_exam = True

    def build(self, fact: Fact, ctx: BuildContext) -> Question | None:
        one_of = fact.answer_kind == "list"
        if one_of and not fact.means:
            return None          # "which is one of …?" needs words for what the list is
        pool = distractors(fact, ctx.family(fact), ctx.rng)
        if len(pool) < SINGLE_OPTIONS - 1:
            return None
        wrong = pool[:SINGLE_OPTIONS - 1]
        right_value = ctx.rng.choice(fact.answer) if one_of else fact.answer
        stem = ctx.text(self._one_of(fact) if one_of else fact_words(fact))
        if leaks(stem, fact):
            return None
        says = (Msg("quiz.why.member", {"value": opening(fact, right_value), "means": means_words(fact)}) if one_of
                else Msg("quiz.why.key", {"means": sentence(means_words(fact)), "value": in_sentence(fact, right_value)}))
        options, why, correct = shuffled_options(
            [(ctx.show(fact, right_value), ctx.text(key_note(fact, says)))],
            [(ctx.show(fact, d.value), ctx.text(d.note)) for d in wrong], ctx.rng)
        return Question(stem=stem, options=options, correct=correct, why=why, choose=1, **ctx.base(fact, self.name))

    @staticmethod
    def _one_of(fact: Fact) -> Msg:
        """"Which of these is one of {means}?", after the situation the fact's prompt sets."""
        where = situation(fact)
        if where and all(where.values()):
            return Msg("quiz.single.one_of_situated", {"situation": where, "means": means_words(fact)})
        return Msg("quiz.single.one_of", {"means": means_words(fact)})


TYPE = Single()
