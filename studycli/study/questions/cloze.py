"""`cloze`: a typed answer, graded forgivingly (case, spaces, hyphens, units, the fact's
`accept` list); text and number facts with short answers."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from studycli.i18n import Msg
from studycli.models import Fact
from studycli.study.questions.answers import gives_away, normalise_text, same_typed_answer, show
from studycli.study.questions.base import BuildContext, Line, Prompter, Question, QuestionType, fact_words

CLOZE_MAX_WORDS = 5      # longer answers are unfair to type; those facts get other types


class Cloze(QuestionType):
    name = "cloze"
    answer_kinds: ClassVar[frozenset[str]] = frozenset({"text", "number"})

    def build(self, fact: Fact, ctx: BuildContext) -> Question | None:
        shown = show(fact.answer)
        if len(shown.split()) > CLOZE_MAX_WORDS:
            return None
        hint: Msg | str = ""
        if fact.answer_kind == "number":
            hint = Msg("quiz.cloze.unit", {"unit": fact.answer["unit"]})
        stem = ctx.text(Msg("quiz.cloze.stem", {"prompt": fact_words(fact), "hint": hint}))
        if gives_away(stem, fact.answer):
            return None
        accepted = [shown] + [a for a in fact.accept if normalise_text(a) != normalise_text(shown)]
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
