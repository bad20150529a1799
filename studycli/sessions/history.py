"""What past answers mean for the next quiz: the study policy of the quiz, exam and notebook.

- Every answer is saved the moment it is given (kill-safe); a wrong one puts its facts'
  cards into today's reviews.
- The wrong-answer notebook is read from the quiz and exam answers.
- Adaptive weights: a fact still in the notebook, or whose card is half forgotten, is
  drawn more often; so is an exam item still in the notebook, and a simulator generator
  with a question there. Recall is rounded to tenths so the same history gives the same
  weights all day long (and so the same questions for the same seed).
- Answers are recorded against `Question.study_ids`: the facts, or the item's id, or the
  simulator question's key (its generator and seed are kept with the answer, so a missed
  one can be rebuilt and asked again).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from collections.abc import Set as AbstractSet
from datetime import datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from studycli.models import Fact
    from studycli.store import Store
    from studycli.study.notebook import NotebookEntry, PastAnswer
    from studycli.study.questions.base import Question

QUIZ_KIND, EXAM_KIND = "quiz", "exam"
MISS_WEIGHT, RECALL_WEIGHT = 2.0, 2.0


def now() -> datetime:
    """The time (`STUDYCLI_NOW` pins it for tests)."""
    from studycli import clock

    return clock.now()


def store_if_any() -> Store | None:
    """The progress database when there is one; reading history must not create it."""
    from studycli.paths import db_path

    if not db_path().exists():
        return None
    from studycli.store import open_store

    return open_store()


def past_answers(store: Store) -> list[PastAnswer]:
    """Every quiz and exam answer, oldest first: the full replay the notebook summary is checked against."""
    import json

    from studycli.store import parse_iso
    from studycli.study.notebook import PastAnswer

    out = []
    for row in store.answer_history((QUIZ_KIND, EXAM_KIND)):
        given = json.loads(row["given"])
        shown = given.get("shown", "") if isinstance(given, dict) else ""
        sim = given.get("sim") if isinstance(given, dict) else None
        out.append(PastAnswer(fact_ids=tuple(json.loads(row["fact_ids"])), correct=bool(row["correct"]),
                              answered_at=parse_iso(row["answered_at"]), qtype=row["qtype"], shown=shown,
                              sim=sim if isinstance(sim, dict) else None))
    return out


def notebook(store: Store | None, at: datetime) -> list[NotebookEntry]:
    """The notebook's open entries; days are the learner's calendar days. Read from the store's
    per-fact summary of the answers (as many rows as facts ever missed, however long the history)."""
    import json

    from studycli.store import parse_iso
    from studycli.study.notebook import MissSummary, from_summaries

    if store is None:
        return []
    summaries = []
    for fact_id, wrong, last_wrong_at, given_json, qtype, first_right, last_right, sim_json in store.notebook_rows():
        given = json.loads(given_json)
        sim = json.loads(sim_json)["sim"] if sim_json else None
        summaries.append(MissSummary(
            fact_id, wrong, parse_iso(last_wrong_at), given.get("shown", "") if isinstance(given, dict) else "", qtype,
            parse_iso(first_right) if first_right else None, parse_iso(last_right) if last_right else None, sim))
    return from_summaries(summaries, at.astimezone().tzinfo)


def missed_fact_ids(store: Store, at: datetime) -> set[str]:
    """The facts of the notebook's open entries (what the weights need), counted by SQLite."""
    from studycli.study.notebook import RIGHT_DAYS_TO_CLEAR

    offset = at.astimezone().utcoffset()
    return store.open_notebook_facts(int(offset.total_seconds() // 60) if offset else 0, RIGHT_DAYS_TO_CLEAR)


def open_notebook(at: datetime) -> list[NotebookEntry]:
    """The notebook, read from the progress database if there is one."""
    store = store_if_any()
    if store is None:
        return []
    with store:
        return notebook(store, at)


def weights(facts: Sequence[Fact], at: datetime, items: Sequence[str] = (),
            generators: Sequence[str] = ()) -> Weights | None:
    """Study history as weights: a missed fact and a half-forgotten card come up more often, and
    so do the exam items (ids) and simulator generators (names) with a question in the notebook."""
    store = store_if_any()
    if store is None:
        return None
    from studycli.study.questions.simulated import generator_of, weight_key

    with store:
        missed = missed_fact_ids(store, at)
    missed_generators = {generator_of(key) for key in missed}
    known = {i: 1.0 + (MISS_WEIGHT if i in missed else 0.0) for i in items}
    known.update({weight_key(g): 1.0 + (MISS_WEIGHT if g in missed_generators else 0.0) for g in generators})
    fact_ids = [f.id for f in facts]
    return Weights(known, fact_ids, lambda: fact_weights(fact_ids, missed, at))


def fact_weights(fact_ids: Sequence[str], missed: AbstractSet[str], at: datetime) -> dict[str, float]:
    """Each fact's weight: 1, plus MISS_WEIGHT while it is in the notebook, plus RECALL_WEIGHT times
    how far its card's recall (to a tenth) is from certain."""
    from studycli import flashcards

    forward = {fact_id: flashcards.forward_id(fact_id) for fact_id in fact_ids}
    store = store_if_any()
    recall: dict[str, float] = {}
    if store is not None:
        with store:
            recall = flashcards.retrievability(store, forward.values(), at, stored_only=True)
    out = {}
    for fact_id, card_id in forward.items():
        w = 1.0 + (MISS_WEIGHT if fact_id in missed else 0.0)
        r = recall.get(card_id)
        if r is not None:
            w += RECALL_WEIGHT * (1.0 - round(r, 1))
        out[fact_id] = round(w, 1)
    return out


class Weights(Mapping[str, float]):
    """The weights of a quiz's items, generators and facts. The facts' weights (the recall of thousands
    of cards, with a large pack) are worked out the first time one is asked for: a quiz whose questions
    all come from exam items and simulators never needs them."""

    def __init__(self, known: dict[str, float], fact_ids: Sequence[str], facts: Callable[[], dict[str, float]]):
        self._known, self._fact_ids, self._work_out = known, fact_ids, facts
        self._facts: dict[str, float] | None = None

    def _of_facts(self) -> dict[str, float]:
        if self._facts is None:
            self._facts = self._work_out()
        return self._facts

    def __getitem__(self, key: str) -> float:
        if key in self._known:
            return self._known[key]
        return self._of_facts()[key]

    def __iter__(self) -> Iterator[str]:
        yield from self._of_facts()
        yield from (key for key in self._known if key not in self._of_facts())

    def __len__(self) -> int:
        return len(set(self._known) | set(self._fact_ids))

    def __bool__(self) -> bool:   # (`weights or {}` must not count them)
        return bool(self._known or self._fact_ids)


def save_answer(store: Store, session: int, question: Question, given: Any, flagged: bool = False,
                queue_if_wrong: bool = True) -> bool:
    """Grade and save one answer at once; a wrong one puts its facts' cards into today's reviews."""
    from studycli.study.questions.generator import grade, render_given

    ok = grade(question, given)
    at = now()
    record: dict[str, Any] = {"answer": given, "shown": render_given(question, given)}
    if question.sim is not None:   # enough to rebuild the question for the notebook's re-quiz
        record["sim"] = {"generator": question.sim.generator, "seed": question.sim.seed}
    store.record_answer(session_id=session, question_id=question.id, fact_ids=list(question.study_ids),
                        topic=question.topic, qtype=question.type, given=record,
                        correct=ok, answered_at=at, flagged=flagged)
    if not ok and queue_if_wrong:
        queue_for_review(store, question.fact_ids, at)
    return ok


def queue_for_review(store: Store, fact_ids: Iterable[str], at: datetime) -> None:
    from studycli import flashcards

    for fact_id in fact_ids:
        flashcards.put_in_todays_queue(store, fact_id, at)
