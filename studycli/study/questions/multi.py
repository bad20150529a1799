"""`multi`: "choose two/three/four" from 5-6 options, scored all-or-nothing; list facts.

A list fact's question asks for all that apply ("…을 모두 고르십시오"); the stem adds how
many to choose, as the exam does. A list longer than four asks for three of its members,
beside wrong options only. Each option is explained on its own: a right one as one of what
the question asks for, a wrong one by its reason (`distractors`).
"""

from __future__ import annotations

from typing import ClassVar

from studycli.i18n import Msg
from studycli.models import Fact
from studycli.study.questions.answers import leaks
from studycli.study.questions.base import (
    MAX_OPTIONS,
    BuildContext,
    Question,
    fact_words,
    means_words,
    opening,
    shuffled_options,
)
from studycli.study.questions.choice import ChoiceType, key_note
from studycli.study.questions.distractors import distractors

MULTI_MIN_WRONG = 2      # a "choose N" question needs at least two wrong options to mean anything
COUNT_WORDS = {2: "quiz.count.two", 3: "quiz.count.three", 4: "quiz.count.four"}


class Multi(ChoiceType):
    name = "multi"
    answer_kinds: ClassVar[frozenset[str]] = frozenset({"list"})
    leads: ClassVar[frozenset[str]] = frozenset({"list"})
    in_exam = True

    def build(self, fact: Fact, ctx: BuildContext) -> Question | None:
        n = len(fact.answer)
        # Up to four right answers fit beside two wrong ones in A-F; longer lists ask for three of them.
        k = n if n <= 4 else 3
        pool = distractors(fact, ctx.family(fact), ctx.rng)
        total = min(MAX_OPTIONS, max(5, k + 3))
        wrong = pool[:total - k]
        if len(wrong) < max(MULTI_MIN_WRONG, 5 - k):   # 5-6 options in all, at least two of them wrong
            return None
        right_values = list(fact.answer) if k == n else ctx.rng.sample(list(fact.answer), k)
        stem = ctx.text(Msg("quiz.multi.choose", {"prompt": fact_words(fact), "count": Msg(COUNT_WORDS[k])}))
        if leaks(stem, fact):
            return None
        right = []
        for value in right_values:
            says = Msg("quiz.why.member", {"value": opening(fact, value), "means": means_words(fact)})
            right.append((ctx.show(fact, value), ctx.text(key_note(fact, says))))
        options, why, correct = shuffled_options(
            right, [(ctx.show(fact, d.value), ctx.text(d.note)) for d in wrong], ctx.rng)
        if len(set(why)) < len(why):       # a fact without `means` explains each right one the same way
            why = tuple(w if i not in correct else f"{options[i]}: {w}" for i, w in enumerate(why))
        return Question(stem=stem, options=options, correct=correct, why=why, choose=k, **ctx.base(fact, self.name))


TYPE = Multi()
