"""`single`: one right answer among 4 options.

Made from text and number facts (the answer), list facts (one member, the question
quoted so "choose all" in its prompt does not contradict it) and mapping facts (the
partner of one key).
"""

from __future__ import annotations

from typing import ClassVar

from studycli.i18n import Msg
from studycli.models import Fact
from studycli.study.questions.answers import contains, gives_away, meaning_key, show
from studycli.study.questions.base import SINGLE_OPTIONS, BuildContext, Question, fact_words, shuffled_options
from studycli.study.questions.choice import ChoiceType
from studycli.study.questions.distractors import Distractor, distractors


class Single(ChoiceType):
    name = "single"
    answer_kinds: ClassVar[frozenset[str]] = frozenset({"text", "number", "list", "mapping"})
    in_exam = True

    def build(self, fact: Fact, ctx: BuildContext) -> Question | None:
        kind = fact.answer_kind
        if kind == "mapping":
            return self._from_mapping(fact, ctx)
        pool = distractors(fact, ctx.family(fact), ctx.rng)
        if len(pool) < SINGLE_OPTIONS - 1:
            return None
        wrong = pool[:SINGLE_OPTIONS - 1]
        if kind == "list":
            right_value = ctx.rng.choice(fact.answer)
            # The fact's own prompt may say "choose all"; quoted, it reads as the question whose
            # answers one option belongs to.
            stem = ctx.text(Msg("quiz.single.one_of", {"prompt": fact_words(fact)}))
        else:
            right_value = fact.answer
            stem = ctx.text(fact_words(fact))
        options, why, correct = shuffled_options(
            [(show(right_value), ctx.text(Msg("quiz.why.correct")))],
            [(show(d.value), ctx.text(d.note)) for d in wrong], ctx.rng)
        if gives_away(stem, fact.answer):
            return None
        return Question(stem=stem, options=options, correct=correct, why=why, choose=1, **ctx.base(fact, self.name))

    def _from_mapping(self, fact: Fact, ctx: BuildContext) -> Question | None:
        key = ctx.rng.choice(sorted(fact.answer))
        right = fact.answer[key]
        others = [Distractor(v, Msg("quiz.why.pairs_with", {"left": k}))
                  for k, v in sorted(fact.answer.items()) if k != key]
        for other in ctx.family(fact):
            if other.id != fact.id and other.answer_kind == "mapping":
                others += [Distractor(v, Msg("quiz.why.pairs_with_in", {"left": k, "prompt": fact_words(other)}))
                           for k, v in sorted(other.answer.items())]
        ctx.rng.shuffle(others)
        taken, wrong = {meaning_key(right)}, []
        for d in others:
            if meaning_key(d.value) not in taken:
                taken.add(meaning_key(d.value))
                wrong.append(d)
        if len(wrong) < SINGLE_OPTIONS - 1:
            return None
        stem = ctx.text(Msg("quiz.single.pair", {"prompt": fact_words(fact), "left": key}))
        if contains(stem, right) or contains(key, right):
            return None
        options, why, correct = shuffled_options(
            [(right, ctx.text(Msg("quiz.why.correct")))],
            [(d.value, ctx.text(d.note)) for d in wrong[:SINGLE_OPTIONS - 1]], ctx.rng)
        base = ctx.base(fact, self.name)
        base["answer_text"] = f"{key} → {right}"
        return Question(stem=stem, options=options, correct=correct, why=why, choose=1, **base)


TYPE = Single()
