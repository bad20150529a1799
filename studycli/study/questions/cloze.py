"""`cloze`: a typed answer, graded forgivingly (case, spaces, hyphens, units, the fact's
`accept` list, the answer as any language writes it); text and number facts with short answers.
A quiz asks it of facts whose prompt sets a situation; a bare question only as a last resort."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from studycli.i18n import CATALOGUES, Msg
from studycli.models import Fact, unit_name
from studycli.study.questions.answers import leaks, normalise_text, same_typed_answer, show, unit_of
from studycli.study.questions.base import BuildContext, Line, Prompter, Question, QuestionType, fact_words, situated

CLOZE_MAX_WORDS = 5      # longer answers are unfair to type; those facts get other types
# Units a bare typed number is read in, so the stem names them ("분 단위로"); a count needs no hint.
HINTED = frozenset({"time", "bytes", "money", "percent"})


class Cloze(QuestionType):
    name = "cloze"
    answer_kinds: ClassVar[frozenset[str]] = frozenset({"text", "number"})

    def secondary_for(self, fact: Fact) -> bool:
        """A typed answer to a bare question ("the maximum number of ...?") is trivia; in a
        situation it asks which setting fits, as the exam does. The bare ones are a last resort."""
        return not situated(fact)

    def build(self, fact: Fact, ctx: BuildContext) -> Question | None:
        shown = ctx.show(fact, fact.answer)
        if len(show(fact.answer).split()) > CLOZE_MAX_WORDS:
            return None
        unit = fact.answer["unit"] if fact.answer_kind == "number" else None
        if unit is not None and unit_of(unit)[0] in HINTED:
            stem = ctx.text(Msg("quiz.cloze.stem_unit", {"prompt": fact_words(fact),
                                                         "unit": {c: unit_name(unit, c) for c in CATALOGUES}}))
        else:
            stem = ctx.text(Msg("quiz.cloze.stem", {"prompt": fact_words(fact)}))
        if leaks(stem, fact):
            return None
        # Every language's way of writing the answer is right, whichever language the quiz is in.
        accepted = [shown]
        for text in [*(fact.show(fact.answer, c) for c in CATALOGUES), show(fact.answer), *fact.accept]:
            if normalise_text(text) not in {normalise_text(a) for a in accepted}:
                accepted.append(text)
        return Question(stem=stem, options=(), correct=tuple(accepted), choose=0, **ctx.base(fact, self.name))

    def grade(self, question: Question, given: Any) -> bool:
        return isinstance(given, str) and any(same_typed_answer(given, a) for a in question.correct)

    def render_given(self, question: Question, given: Any) -> str:
        return "" if given is None else str(given)

    def render_correct(self, question: Question) -> str:
        return str(question.correct[0])

    def keys(self, question: Question, given: Any) -> str:
        return str(given)

    def render(self, question: Question) -> list[Line]:
        return [Line((question.stem,), style="bold")]

    def ask(self, question: Question, ui: Prompter, extra_keys: Mapping[str, str] | None = None) -> Any:
        ui.show_stem(question.stem)
        return ui.type_answer(extra_keys)

    def feedback(self, question: Question, given: Any, ok: bool) -> list[Line]:
        usual = str(question.correct[0])
        if ok and not (isinstance(given, str) and given.strip() == usual.strip()):
            # Accepted, but written differently: show how the answer is usually written.
            return [Line((Msg("quiz.feedback.right_as", {"answer": usual}),), style="green")]
        if ok:
            return [Line((Msg("quiz.feedback.right"),), style="green")]
        return [Line((Msg("quiz.feedback.wrong", {"answer": self.render_correct(question)}),), style="red")]


TYPE = Cloze()
