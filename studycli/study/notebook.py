"""The wrong-answer notebook (오답 노트): which facts, exam items and simulator questions are
still owed two right answers on different days (`fact_id` is whichever of them was answered).

Pure: it reads answer history (given, not fetched) and the learner's time zone, either
answer by answer (`mistakes_notebook`) or as the store's per-fact summary of it
(`from_summaries`), which gives the same notebook without reading every answer.
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


@dataclass(frozen=True)
class MissSummary:
    """What the notebook needs of one fact's answers: its misses, the last one, and the first and
    last right answer after it (None when none)."""

    fact_id: str
    wrong_count: int
    last_wrong_at: datetime
    last_given: str
    question_type: str
    first_right_after: datetime | None
    last_right_after: datetime | None
    sim: dict[str, Any] | None = None   # of the latest miss that kept a simulator question


def from_summaries(summaries: Iterable[MissSummary], tz: tzinfo | None) -> list[NotebookEntry]:
    """`mistakes_notebook` from per-fact summaries. Right answers since the last miss span two or
    more days exactly when the first and the last of them fall on different days."""
    still_open = []
    for s in summaries:
        days: list[date] = []
        if s.first_right_after is not None and s.last_right_after is not None:
            days = sorted({s.first_right_after.astimezone(tz).date(), s.last_right_after.astimezone(tz).date()})
        entry = NotebookEntry(s.fact_id, s.wrong_count, s.last_wrong_at, s.last_given, s.question_type, s.sim, days)
        if entry.open:
            still_open.append(entry)
    return sorted(still_open, key=lambda e: (e.last_wrong_at or datetime.min, e.fact_id), reverse=True)
