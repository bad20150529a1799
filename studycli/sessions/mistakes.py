"""The wrong-answer notebook (오답 노트) session: list what is still owed, or re-quiz it.

A fact, exam item or simulator question answered wrong stays until it is answered right on
two different days (`studycli.study.notebook`). The re-quiz asks each entry once: a fact
only with types whose questions stay about one fact (a family matching question would drag
other facts in), an item as itself (options shuffled again), a simulator question rebuilt
from its generator and seed, the very situation that was missed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from studycli.sessions import history
from studycli.sessions import quiz as quiz_session

if TYPE_CHECKING:
    import random

    from studycli.items import Item
    from studycli.models import Fact
    from studycli.study.notebook import NotebookEntry
    from studycli.study.questions.base import Question


@dataclass
class Notebook:
    entries: list[NotebookEntry]
    by_id: dict[str, Fact]
    all_facts: list[Fact]
    items: dict[str, Item] = field(default_factory=dict)

    def to_json(self, lang: str) -> list[dict[str, Any]]:
        return [self.entry_json(e, lang) for e in self.entries]

    def entry_json(self, entry: NotebookEntry, lang: str) -> dict[str, Any]:
        if entry.fact_id in self.by_id:
            return entry_json(entry, self.by_id[entry.fact_id], lang)
        return other_entry_json(entry, self.question(entry, lang), lang)

    def question(self, entry: NotebookEntry, lang: str, rng: random.Random | None = None,
                 position: int = 0) -> Question:
        """The item or simulator question of an entry, as it is asked again."""
        import random

        from studycli.study.questions import item as item_origin
        from studycli.study.questions import simulated

        if entry.fact_id in self.items:
            return item_origin.build(self.items[entry.fact_id], rng or random.Random(0), lang, position)
        assert entry.sim is not None
        return simulated.build(entry.sim["generator"], entry.sim["seed"], lang, position)


def load(content_dirs: Sequence[Path]) -> Notebook:
    """The notebook's open entries that can still be asked: facts and items still in the content,
    simulator questions whose generator still rebuilds the situation that was missed."""
    catalogue = quiz_session.load(content_dirs)
    by_id, items = catalogue.by_id(), catalogue.items_by_id()
    entries = [e for e in history.open_notebook(history.now())
               if e.fact_id in by_id or e.fact_id in items or _rebuilds(e)]
    return Notebook(entries, by_id, list(catalogue.facts), items)


def _rebuilds(entry: NotebookEntry) -> bool:
    from studycli.study import sim_questions
    from studycli.study.questions import simulated

    sim = entry.sim
    if not sim or sim.get("generator") not in sim_questions.GENERATORS or not isinstance(sim.get("seed"), int):
        return False
    return simulated.build(sim["generator"], sim["seed"], "en").ref == entry.fact_id


def requiz_plan(notebook: Notebook, seed: int, lang: str) -> quiz_session.QuizPlan:
    """One question per entry of the notebook (none when it is empty): the facts first, then
    the items and simulator questions."""
    import random

    from studycli.study.questions.generator import generate
    from studycli.study.questions.registry import one_fact_types

    rng = random.Random(seed)
    facts = [notebook.by_id[e.fact_id] for e in notebook.entries if e.fact_id in notebook.by_id]
    questions = generate(facts, len(facts), rng, lang, types=one_fact_types(), pool=notebook.all_facts)
    others = [e for e in notebook.entries if e.fact_id not in notebook.by_id]
    questions += [notebook.question(e, lang, rng, len(questions) + i) for i, e in enumerate(others)]
    return quiz_session.QuizPlan(questions, seed, lang, {"mode": "mistakes", "count": len(questions)})


def requiz(plan: quiz_session.QuizPlan) -> None:
    from studycli import ui

    if not plan.questions:
        ui.say_msg("mistakes.empty")
        return
    quiz_session.run(plan)


def other_entry_json(entry: NotebookEntry, question: Question, lang: str) -> dict[str, Any]:
    """An item's or simulator question's entry: the question as it is asked again, the answer, why."""
    from studycli.study.notebook import RIGHT_DAYS_TO_CLEAR

    assert entry.last_wrong_at is not None
    doc = {"fact_id": entry.fact_id, "origin": question.origin, "topic": question.topic, "prompt": question.stem,
           "answer": question.answer_text, "your_answer": entry.last_given,
           "explanation": "\n".join(question.why[i] for i in question.correct),
           "wrong_count": entry.wrong_count, "last_wrong_at": entry.last_wrong_at.isoformat(),
           "right_days_since": len(entry.right_days_since), "right_days_needed": RIGHT_DAYS_TO_CLEAR,
           "source_lines": list(question.source_lines)}
    if question.origin == "item":
        doc.update(item_id=question.ref, reference=question.reference)
    if question.sim is not None:
        doc.update(generator=question.sim.generator, sim={"kind": question.sim.kind, "input": question.sim.input})
    return doc


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
        ui.say()
        fact = notebook.by_id.get(entry.fact_id)
        if fact is None:   # an item or a simulator question: shown as it will be asked again
            doc = notebook.entry_json(entry, lang)
            ui.say(f"{doc.get('item_id') or doc.get('generator')}  [{doc['topic']}]", style="dim")
            ui.say(doc["prompt"], style="bold")
            ui.say_msg("mistakes.answer", style="green", answer=doc["answer"])
            if entry.last_given:
                ui.say_msg("mistakes.you_answered", style="red", answer=entry.last_given)
            ui.say(doc["explanation"])
            quiz_session.show_notes_lines(doc["source_lines"], notes)
        else:
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
