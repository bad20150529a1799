"""The wrong-answer notebook (오답 노트) session: list what is still owed, or re-quiz it.

A fact answered wrong stays until it is answered right on two different days
(`studycli.study.notebook`). The re-quiz asks each fact once, only with types whose
questions stay about one fact (a family matching question would drag other facts in).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from studycli.sessions import history
from studycli.sessions import quiz as quiz_session

if TYPE_CHECKING:
    from studycli.models import Fact
    from studycli.study.notebook import NotebookEntry


@dataclass
class Notebook:
    entries: list[NotebookEntry]
    by_id: dict[str, Fact]
    all_facts: list[Fact]

    def to_json(self, lang: str) -> list[dict[str, Any]]:
        return [entry_json(e, self.by_id[e.fact_id], lang) for e in self.entries]


def load(content_dirs: Sequence[Path]) -> Notebook:
    """The notebook's open entries whose facts are still in the content (removed ones cannot be asked)."""
    catalogue = quiz_session.load(content_dirs)
    by_id = catalogue.by_id()
    entries = [e for e in history.open_notebook(history.now()) if e.fact_id in by_id]
    return Notebook(entries, by_id, list(catalogue.facts))


def requiz_plan(notebook: Notebook, seed: int, lang: str) -> quiz_session.QuizPlan:
    """One question per fact of the notebook (none when it is empty)."""
    import random

    from studycli.study.questions.generator import generate
    from studycli.study.questions.registry import one_fact_types

    facts = [notebook.by_id[e.fact_id] for e in notebook.entries]
    questions = generate(facts, len(facts), random.Random(seed), lang, types=one_fact_types(),
                         pool=notebook.all_facts)
    return quiz_session.QuizPlan(questions, seed, lang, {"mode": "mistakes", "count": len(questions)})


def requiz(plan: quiz_session.QuizPlan) -> None:
    from studycli import ui

    if not plan.questions:
        ui.say_msg("mistakes.empty")
        return
    quiz_session.run(plan)


def entry_json(entry: NotebookEntry, fact: Fact, lang: str) -> dict[str, Any]:
    from studycli.models import render_answer
    from studycli.study.notebook import RIGHT_DAYS_TO_CLEAR

    assert entry.last_wrong_at is not None   # an open entry was answered wrong at least once
    return {"fact_id": fact.id, "topic": fact.topic, "prompt": fact.text(lang), "answer": render_answer(fact.answer, lang, fact.forms),
            "your_answer": entry.last_given, "explanation": fact.explanation(lang),
            "wrong_count": entry.wrong_count, "last_wrong_at": entry.last_wrong_at.isoformat(),
            "right_days_since": len(entry.right_days_since), "right_days_needed": RIGHT_DAYS_TO_CLEAR,
            "source_lines": list(fact.source_lines)}


def show(notebook: Notebook, lang: str) -> None:
    """Every open entry: the question, the answer, what the learner said, why, the notes lines."""
    from studycli import ui
    from studycli.i18n import msg, pick
    from studycli.models import render_answer
    from studycli.study.notebook import RIGHT_DAYS_TO_CLEAR

    if not notebook.entries:
        ui.say_msg("mistakes.empty")
        return
    notes = quiz_session.notes_lines()
    ui.rule(msg("mistakes.title", count=len(notebook.entries)))
    for entry in notebook.entries:
        fact = notebook.by_id[entry.fact_id]
        ui.say()
        ui.say(f"{fact.id}  [{fact.topic}]", style="dim")
        ui.say(pick({"ko": fact.ko, "en": fact.en}, lang), style="bold")
        ui.say_msg("mistakes.answer", style="green", answer=render_answer(fact.answer, lang, fact.forms))
        if entry.last_given:
            ui.say_msg("mistakes.you_answered", style="red", answer=entry.last_given)
        ui.say(pick(fact.explain, lang))
        quiz_session.show_notes_lines(fact.source_lines, notes)
        ui.say_msg("mistakes.progress", style="dim", wrong=entry.wrong_count, right=len(entry.right_days_since),
                   needed=RIGHT_DAYS_TO_CLEAR)
    ui.say()
    ui.say_msg("mistakes.requiz")
