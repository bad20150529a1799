"""`true_false`: a proposed answer to judge, in the fact's own situation.

The exam asks no bare true/false, and "the evaluation result of a resource that breaks a
rule is COMPLIANT" tests nothing a candidate must weigh. So this type is only made from a
fact whose prompt sets a situation (`situated`: a team, a requirement), and it keeps that
situation: the prompt as the content writes it, then what a colleague answers to it, "Is the
colleague right?". A false proposal is one of the fact's own confusers, the documented
mix-ups, and its reason (`why`) is the explanation; never an answer borrowed from another
fact or an invented number, which tempt nobody. A list fact proposes one value as one of
what the question asks for ("… is one of {means}").

It is a last resort everywhere (`secondary`): the quiz asks a fact this way only when it
can make no single- or multiple-choice question of it. Text, number and list facts; a
mapping is asked as `matching`.
"""

from __future__ import annotations

from typing import Any, ClassVar

from studycli.i18n import CATALOGUES, Msg, msg
from studycli.models import Fact
from studycli.study.questions.base import (
    BuildContext,
    Question,
    Words,
    fact_words,
    in_sentence,
    means_words,
    opening,
    sentence,
    situated,
    situation,
    value_words,
)
from studycli.study.questions.choice import ChoiceType
from studycli.study.questions.distractors import distractors


class TrueFalse(ChoiceType):
    name = "true_false"
    answer_kinds: ClassVar[frozenset[str]] = frozenset({"text", "number", "list"})
    secondary: ClassVar[frozenset[str]] = answer_kinds   # never the exam's shape: the last resort

    def build(self, fact: Fact, ctx: BuildContext) -> Question | None:
        if not situated(fact) or not fact.means:
            return None          # a bare statement to judge is trivia, not an exam question
        rng = ctx.rng
        one_of = fact.answer_kind == "list"
        claimed: Any = rng.choice(fact.answer) if one_of else fact.answer
        note: Words | None = None
        if rng.random() < 0.5:
            # Only documented mix-ups, each with the content's reason it is wrong here.
            mixups = [d for d in distractors(fact, ctx.family(fact), rng)
                      if d.owner is None and fact.reason_against(d.value)]
            if mixups:
                claimed, note = mixups[0].value, mixups[0].note
        stem = ctx.text(self._proposal(fact, claimed, one_of)).strip()
        options = (ctx.text(Msg("quiz.true_false.yes")), ctx.text(Msg("quiz.true_false.no")))
        if note is not None:
            # The proposal is wrong: its own reason, then what is right instead.
            truth = self._truth(fact, one_of)
            why = (ctx.text(Msg("quiz.why.proposal_not_right", {"note": note})),
                   ctx.text(Msg("quiz.why.proposal_wrong", {"note": note, "truth": truth})))
        else:
            confirm = (Msg("quiz.why.really_member", {"value": opening(fact, claimed), "means": means_words(fact)})
                       if one_of else
                       Msg("quiz.why.really", {"means": sentence(means_words(fact)),
                                               "value": in_sentence(fact, claimed)}))
            why = (ctx.text(Msg("quiz.why.proposal_right", {"explain": dict(fact.explain)})),
                   ctx.text(Msg("quiz.why.proposal_not_wrong", {"confirm": confirm})))
        return Question(stem=stem, options=options, correct=(1 if note is not None else 0,), why=why, choose=1,
                        **ctx.base(fact, self.name))

    @staticmethod
    def _proposal(fact: Fact, value: Any, one_of: bool) -> Msg:
        """The situation and a colleague's answer: to the prompt itself, or for a list fact "X is one
        of {means}" after the situation alone (its prompt says "choose all")."""
        if one_of:
            return Msg("quiz.true_false.says_member", {"situation": situation(fact), "value": in_sentence(fact, value),
                                                       "means": means_words(fact)})
        return Msg("quiz.true_false.answers", {"prompt": fact_words(fact), "value": value_words(fact, value)})

    @staticmethod
    def _truth(fact: Fact, one_of: bool) -> Msg:
        """What is right instead: the answer, or every member of a list."""
        if one_of:
            shown = [in_sentence(fact, a) for a in fact.answer]
            values = shown[0] if len(shown) == 1 else {code: msg("quiz.list.and", code, first=", ".join(v[code] for v in shown[:-1]),
                                last=shown[-1][code]) for code in CATALOGUES}
            return Msg("quiz.why.members_are", {"means": sentence(means_words(fact)), "values": values})
        return Msg("quiz.why.key", {"means": sentence(means_words(fact)), "value": in_sentence(fact, fact.answer)})


TYPE = TrueFalse()
