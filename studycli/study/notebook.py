"""The wrong-answer notebook (오답 노트): which facts, exam items and simulator questions are
still owed two right answers on different days (`fact_id` is whichever of them was answered).

Pure: it reads answer history (given, not fetched) and the learner's time zone.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo
from typing import Any

RIGHT_DAYS_TO_CLEAR = 2


@dataclass
class NotebookEntry:
    fact_id: str
    wrong_count: int = 0
    last_wrong_at: datetime | None = None
    last_given: str = ""
    question_type: str = ""
    sim: dict[str, Any] | None = None   # a simulator question's generator and seed, to ask it again
    right_days_since: list[date] = field(default_factory=list)   # distinct days answered right since the last miss

    @property
    def open(self) -> bool:
        return self.wrong_count > 0 and len(self.right_days_since) < RIGHT_DAYS_TO_CLEAR


@dataclass(frozen=True)
class PastAnswer:
    fact_ids: tuple[str, ...]
    correct: bool
    answered_at: datetime
    qtype: str = ""
    shown: str = ""     # the learner's answer in words
    sim: dict[str, Any] | None = None


def mistakes_notebook(history: Iterable[PastAnswer], tz: tzinfo | None) -> list[NotebookEntry]:
    """Facts still in the notebook: answered wrong, and not since answered right on two different days.

    A wrong answer resets the count; right answers on the same day count once ("in a row
    on different days"). Days are calendar days in `tz`, the learner's time zone.
    Newest miss first.
    """
    entries: dict[str, NotebookEntry] = {}
    for answer in sorted(history, key=lambda a: a.answered_at):
        day = answer.answered_at.astimezone(tz).date()
        for fact_id in answer.fact_ids:
            entry = entries.setdefault(fact_id, NotebookEntry(fact_id))
            if not answer.correct:
                entry.wrong_count += 1
                entry.last_wrong_at = answer.answered_at
                entry.last_given = answer.shown
                entry.question_type = answer.qtype
                entry.sim = answer.sim or entry.sim
                entry.right_days_since = []
            elif entry.wrong_count and day not in entry.right_days_since:
                entry.right_days_since.append(day)
    still_open = [e for e in entries.values() if e.open]
    return sorted(still_open, key=lambda e: (e.last_wrong_at or datetime.min, e.fact_id), reverse=True)
