"""The quiz session: make the questions, ask them one by one, save every answer at once,
give feedback, and sum up by topic.

Determinism: the questions depend only on the seed and the study history (which facts
were missed, how well each is recalled), so `quiz --seed S --json` and a session with
the same seed and history ask the same questions in the same order.

The feedback helpers here (`show_feedback`, `show_lines`, `notes_lines`) serve the exam
and the wrong-answer notebook too.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from studycli.sessions import history

if TYPE_CHECKING:
    from datetime import datetime

    from studycli.content import Catalogue
    from studycli.study.questions.base import Line, Question
    from studycli.study.questions.origins import Material


@dataclass
class QuizPlan:
    """The questions of one quiz and what the session records about it."""

    questions: list[Question]
    seed: int
    lang: str
    meta: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> list[dict[str, Any]]:
        from studycli.study.questions.generator import to_json

        return [to_json(q) for q in self.questions]


def load(content_dirs: Sequence[Path]) -> Catalogue:
    from studycli.content import load_catalogue

    return load_catalogue(list(content_dirs))


def material(catalogue: Catalogue, topic: str | None, notes_only: bool = False) -> Material:
    """What a quiz on `topic` is made from: its facts, exam items and simulator generators."""
    from studycli.content import in_topic
    from studycli.study.questions.origins import Material
    from studycli.study.questions.simulated import topic_of
    from studycli.study.sim_questions import GENERATORS

    facts = catalogue.select(topic, notes_only=notes_only)
    generators = [g for g in GENERATORS if not topic or in_topic(topic_of(g), topic)]
    return Material(facts=facts, pool=catalogue.facts, items=catalogue.select_items(topic), generators=generators)


def study_weights(made: Material, at: datetime) -> Mapping[str, float] | None:
    """The study history as weights for everything `made` holds (None without a database)."""
    return history.weights(made.facts, at, items=[i.id for i in made.items], generators=list(made.generators))


def plan(content_dirs: Sequence[Path], *, topic: str | None, count: int, seed: int, lang: str,
         types: tuple[str, ...] | None, notes_only: bool = False, origins: tuple[str, ...] | None = None) -> QuizPlan:
    """`count` questions on `topic` (all content by default), mixed like the exam (items and
    simulator questions at least half), weighted by the study history."""
    import random

    from studycli.errors import StudyError
    from studycli.study.questions.mix import QUIZ, mix

    made = material(load(content_dirs), topic, notes_only)
    questions = mix(made, count, random.Random(seed), lang, types=types, only=origins,
                    weights=study_weights(made, history.now()), shares=QUIZ)
    if not questions:
        kinds = ",".join((*(types or ()), *(origins or ())))
        raise StudyError(f"no {kinds} questions can be made from {topic or 'the content'}".replace("  ", " "))
    return QuizPlan(questions, seed, lang, {"topic": topic, "count": count, "types": list(types or []),
                                           "origins": list(origins or [])})


def run(plan: QuizPlan) -> None:
    """Ask every question; Ctrl-C or the end of the input stops early, keeping what was answered."""
    from studycli import ui
    from studycli.store import open_store

    questions = plan.questions
    notes = notes_lines()
    ui.say_msg("quiz.start.one" if len(questions) == 1 else "quiz.start.many", style="bold",
               count=len(questions), seed=plan.seed)
    results: list[tuple[Question, bool]] = []
    stopped = False
    with open_store() as store:
        session = store.start_session(history.QUIZ_KIND, history.now(), seed=plan.seed,
                                      meta={**plan.meta, "lang": plan.lang})
        try:
            for number, question in enumerate(questions, 1):
                ui.say()
                ui.say(f"[{number}/{len(questions)}] {question.topic}", style="dim")
                try:
                    given = ask(question)
                except ui.EndOfInput:
                    break
                except KeyboardInterrupt:  # Ctrl-C at a question: stop here, keep and score what was answered
                    stopped = True
                    break
                ok = history.save_answer(store, session, question, given)
                results.append((question, ok))
                show_feedback(question, given, ok, notes)
                if number < len(questions) and not ui.next_screen():   # Enter: the next question; q stops
                    break
        finally:
            right = sum(ok for _, ok in results)
            store.finish_session(session, history.now(), meta={"right": right, "answered": len(results),
                                                               "total": len(questions),
                                                               "by_topic": by_topic(results)})
    summary(results, len(questions))
    if stopped:
        ui.say_msg("quiz.stopped", style="dim")
        raise KeyboardInterrupt  # the answers are saved and scored; the exit code says Ctrl-C (130)


def ask(question: Question, extra_keys: Mapping[str, str] | None = None) -> Any:
    """Show a question and read the learner's answer (or one of `extra_keys`' command words)."""
    from studycli import ui
    from studycli.study.questions import registry

    return registry.get(question.type).ask(question, ui, extra_keys)


def show_lines(lines: Sequence[Line]) -> None:
    """Lines from a question type, in the learner's language; a marker hangs the text under it."""
    from studycli import ui
    from studycli.i18n import render

    for line in lines:
        text = "".join(render(part) for part in line.parts)
        if line.marker:
            ui.item(line.marker, text, style=line.style)
        else:
            ui.say(text, style=line.style)


def show_feedback(question: Question, given: Any, ok: bool, notes: list[str]) -> None:
    """Right or wrong, why each option is right or wrong, the explanation, the notes lines, the erratum."""
    from studycli.study.questions import registry

    show_lines(registry.get(question.type).feedback(question, given, ok))
    show_explanation(question, notes)


def show_explanation(question: Question, notes: list[str]) -> None:
    from studycli import ui
    from studycli.i18n import msg

    ui.say(question.explanation)
    show_notes_lines(question.source_lines, notes)
    if question.erratum:
        ui.say(msg("quiz.feedback.erratum") + question.erratum, style="yellow")


def notes_lines() -> list[str]:
    """The notes as the learner reads them: HTML entities (`&#x20;`) and Markdown escapes
    (`INSUFFICIENT\\_DATA`) the editor left are decoded."""
    import html
    import re

    from studycli.paths import notes_path

    def readable(line: str) -> str:
        line = re.sub(r"\*\*(.+?)\*\*", r"\1", html.unescape(line))  # **bold** reads as plain text
        return re.sub(r"\\([\\`*_{}\[\]()#+\-.!|~<>])", r"\1", line).rstrip()

    try:
        return [readable(line) for line in notes_path().read_text(encoding="utf-8").splitlines()]
    except OSError:
        return []


def show_notes_lines(lines: Sequence[int], notes: list[str]) -> None:
    """Each cited line of the notes, wrapped under its label."""
    from studycli import ui
    from studycli.i18n import msg

    for n in lines:
        if 0 < n <= len(notes):
            ui.item(msg("quiz.notes_line", line=n), notes[n - 1].strip(), style="dim")


def by_topic(results: Sequence[tuple[Question, bool]]) -> dict[str, list[int]]:
    out: dict[str, list[int]] = {}
    for question, ok in results:
        row = out.setdefault(question.topic, [0, 0])
        row[0] += int(ok)
        row[1] += 1
    return out


def summary(results: Sequence[tuple[Question, bool]], total: int) -> None:
    from studycli import ui
    from studycli.i18n import msg

    ui.say()
    ui.rule(msg("quiz.by_topic"))
    for topic, (right, asked) in sorted(by_topic(results).items()):
        ui.say(f"  {topic}: {right}/{asked}")
    right = sum(ok for _, ok in results)
    answered = len(results)
    percent = round(100 * right / answered) if answered else 0
    ui.say_msg("quiz.score", style="bold", right=right, answered=answered, percent=percent)
    if answered < total:
        ui.say_msg("quiz.answered_of", style="dim", answered=answered, total=total)
