"""`true_false`: a plain statement about AWS to judge, built from what the fact's answer is
(`means`) and a value: the answer (true), or a wrong answer from `distractors` (false, and
its reason says why). "지표 하나를 감시하는 경보의 종류는 복합 경보이다." — never a statement
about another question. Text, number and list facts ("… 중 하나는 X이다"); a mapping is
asked as `matching`.
"""

from __future__ import annotations

from typing import Any, ClassVar

from studycli.i18n import Msg
from studycli.models import Fact
from studycli.study.questions.base import BuildContext, Question, Words, fact_words, in_sentence, means_words, sentence
from studycli.study.questions.choice import ChoiceType
from studycli.study.questions.distractors import distractors


class TrueFalse(ChoiceType):
    name = "true_false"
    answer_kinds: ClassVar[frozenset[str]] = frozenset({"text", "number", "list"})
    secondary: ClassVar[frozenset[str]] = frozenset({"list"})   # "choose all" is multiple response

    def build(self, fact: Fact, ctx: BuildContext) -> Question | None:
        # No give-away check here: a true/false stem states a claim by design.
        rng = ctx.rng
        one_of = fact.answer_kind == "list"
        claimed: Any = rng.choice(fact.answer) if one_of else fact.answer
        note: Words | None = None
        if rng.random() < 0.5:
            pool = distractors(fact, ctx.family(fact), rng)
            if pool:
                claimed, note = pool[0].value, pool[0].note
        stem = ctx.text(Msg("quiz.true_false.stem", {"statement": self._statement(fact, claimed, one_of)}))
        options = (ctx.text(Msg("quiz.true_false.true")), ctx.text(Msg("quiz.true_false.false")))
        if note is not None:
            # False: what is true instead, then the wrong value's own reason.
            truth = self._statement(fact, fact.answer, False)
            why = (ctx.text(Msg("quiz.why.not_true", {"note": note})),
                   ctx.text(Msg("quiz.why.false_because", {"note": note, "truth": truth})))
        else:
            confirm = Msg("quiz.why.really_member" if one_of else "quiz.why.really",
                          {"value": in_sentence(fact, claimed), "means": means_words(fact)})
            why = (ctx.text(Msg("quiz.why.true_because", {"explain": dict(fact.explain)})),
                   ctx.text(Msg("quiz.why.not_false", {"confirm": confirm})))
        return Question(stem=stem, options=options, correct=(1 if note is not None else 0,), why=why, choose=1,
                        **ctx.base(fact, self.name))

    @staticmethod
    def _statement(fact: Fact, value: Any, one_of: bool) -> Msg:
        """"{means} is {value}." (or "one of {means} is {value}."); a fact without `means`
        (a user's pack) can only pair its question with the value."""
        shown = in_sentence(fact, value)
        if not fact.means:
            return Msg("quiz.true_false.answer_is", {"prompt": fact_words(fact), "shown": shown})
        if one_of:
            return Msg("quiz.true_false.one_of", {"means": means_words(fact), "shown": shown})
        return Msg("quiz.true_false.is", {"means": sentence(means_words(fact)), "shown": shown})


TYPE = TrueFalse()
