"""`multi`: "choose two/three/four" from 5-6 options, scored all-or-nothing; list facts."""

from __future__ import annotations

from typing import ClassVar

from studycli.i18n import Msg
from studycli.models import Fact
from studycli.study.questions.answers import gives_away, show
from studycli.study.questions.base import MAX_OPTIONS, BuildContext, Question, fact_words, shuffled_options
from studycli.study.questions.choice import ChoiceType
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
        count = Msg(COUNT_WORDS[k])
        key = "quiz.multi.choose" if k == n else "quiz.multi.choose_some"
        stem = ctx.text(Msg(key, {"prompt": fact_words(fact), "count": count}))
        if gives_away(stem, fact.answer):
            return None
        options, why, correct = shuffled_options(
            [(show(v), ctx.text(Msg("quiz.why.correct"))) for v in right_values],
            [(show(d.value), ctx.text(d.note)) for d in wrong], ctx.rng)
        return Question(stem=stem, options=options, correct=correct, why=why, choose=k, **ctx.base(fact, self.name))


TYPE = Multi()
