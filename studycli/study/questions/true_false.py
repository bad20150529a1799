"""`true_false`: a statement that is true, or false because a same-family wrong answer was
swapped in; every fact can make one."""

from __future__ import annotations

from typing import Any, ClassVar

from studycli.i18n import Msg
from studycli.models import Fact
from studycli.study.questions.answers import show
from studycli.study.questions.base import BuildContext, Question, fact_words
from studycli.study.questions.choice import ChoiceType
from studycli.study.questions.distractors import distractors


class TrueFalse(ChoiceType):
    name = "true_false"
    answer_kinds: ClassVar[frozenset[str]] = frozenset({"text", "number", "list", "mapping"})

    def build(self, fact: Fact, ctx: BuildContext) -> Question | None:
        # No give-away check here: a true/false stem states a claim by design, so even a fact
        # whose prompt happens to contain its answer word still makes a fair statement to judge.
        kind, rng = fact.answer_kind, ctx.rng
        make_false = rng.random() < 0.5
        claim_key: str | None = None
        claimed: Any = None
        note: Msg | None = None
        if kind == "mapping":
            claim_key = rng.choice(sorted(fact.answer))
            claimed = fact.answer[claim_key]
            if make_false:
                others = [v for k, v in sorted(fact.answer.items()) if k != claim_key]
                claimed = rng.choice(others)
                note = Msg("quiz.why.not_pair", {"claimed": claimed, "left": claim_key})
        else:
            claimed = rng.choice(fact.answer) if kind == "list" else fact.answer
            if make_false:
                pool = distractors(fact, ctx.family(fact), rng)
                if pool:
                    claimed, note = pool[0].value, pool[0].note
                else:
                    make_false = False
        shown = show(claimed)
        prompt = fact_words(fact)
        if kind == "mapping":
            statement = Msg("quiz.true_false.pair", {"prompt": prompt, "left": claim_key, "shown": shown})
        elif kind == "list":
            statement = Msg("quiz.true_false.one_of", {"prompt": prompt, "shown": shown})
        else:
            statement = Msg("quiz.true_false.answer_is", {"prompt": prompt, "shown": shown})
        stem = ctx.text(Msg("quiz.true_false.stem", {"statement": statement}))
        options = (ctx.text(Msg("quiz.true_false.true")), ctx.text(Msg("quiz.true_false.false")))
        right_answer = show(fact.answer)
        if make_false:
            assert note is not None
            why = (ctx.text(Msg("quiz.why.wrong_because", {"note": note})),
                   ctx.text(Msg("quiz.why.right_false", {"answer": right_answer})))
        else:
            why = (ctx.text(Msg("quiz.why.right_true")), ctx.text(Msg("quiz.why.wrong_true", {"shown": shown})))
        return Question(stem=stem, options=options, correct=(1 if make_false else 0,), why=why, choose=1,
                        **ctx.base(fact, self.name))


TYPE = TrueFalse()
