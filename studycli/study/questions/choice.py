"""What the lettered-option types (single, multi, true/false) share: answers are option
indexes, graded all-or-nothing, asked as letters (or a select on a terminal), and the
feedback explains every option."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from studycli.i18n import Msg
from studycli.models import Fact
from studycli.study.questions.base import LETTERS, Line, Prompter, Question, QuestionType, Words


def key_note(fact: Fact, says: Words) -> Words:
    """Why a right option is right: what it is (`says`, built from the fact's `means`) and the
    reason (the fact's explanation), so the key teaches rather than restates; a fact without
    `means` (a user's pack) gives its explanation alone."""
    if not fact.means:
        return dict(fact.explain)
    return Msg("quiz.why.key_because", {"says": says, "explain": dict(fact.explain)})


def picks_of(given: Any) -> list[Any] | None:
    """The option indexes in an answer: one index, or a list of them."""
    if isinstance(given, int):
        return [given]
    if isinstance(given, (list, tuple)):
        return list(given)
    return None


def option_lines(question: Question, given: Any) -> list[Line]:
    """Each option marked right or wrong, with its reason; the learner's picks get an arrow."""
    picked = set(given) if isinstance(given, list) else set()
    right = set(question.correct)
    lines = []
    for i, (option, why) in enumerate(zip(question.options, question.why)):
        mark = "✓" if i in right else "✗"
        you = " ←" if i in picked else ""
        lines.append(Line((f"{option}{you}: {why}",), marker=f"  {mark} {LETTERS[i]}. "))
    return lines


class ChoiceType(QuestionType):
    """A question answered by picking `question.choose` of its options."""

    def grade(self, question: Question, given: Any) -> bool:
        if given is None:
            return False
        picks = picks_of(given)
        if picks is None:
            return False
        return sorted(set(picks)) == sorted(question.correct) and len(picks) == len(set(picks))

    def render_given(self, question: Question, given: Any) -> str:
        if given is None:
            return ""
        picks = [given] if isinstance(given, int) else list(given)
        return ", ".join(question.options[i] for i in picks if 0 <= i < len(question.options))

    def render_correct(self, question: Question) -> str:
        return ", ".join(question.options[i] for i in question.correct)

    def keys(self, question: Question, given: Any) -> str:
        if isinstance(given, str):
            return given
        picks = [given] if isinstance(given, int) else list(given)
        return ",".join(LETTERS[p] for p in picks if 0 <= p < len(LETTERS))

    def render(self, question: Question) -> list[Line]:
        lines = [Line((question.stem,), style="bold")]
        lines += [Line((option,), marker=f"  {LETTERS[i]}. ") for i, option in enumerate(question.options)]
        return lines

    def ask(self, question: Question, ui: Prompter, extra_keys: Mapping[str, str] | None = None) -> Any:
        ui.show_stem(question.stem)
        return ui.pick_options(question.options, question.choose, extra_keys)

    def feedback(self, question: Question, given: Any, ok: bool) -> list[Line]:
        verdict = (Line((Msg("quiz.feedback.right"),), style="green") if ok else
                   Line((Msg("quiz.feedback.wrong", {"answer": self.render_correct(question)}),), style="red"))
        return [verdict, *option_lines(question, given)]
