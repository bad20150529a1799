"""The mock exam as data: questions, answers, flags, where the learner is, and the clock.

Pure: the start time is given and every question about time takes `now`, so a test
can walk an exam through its whole life (including running out of time) without
sleeping. The exam session (`studycli.sessions.exam`) drives it and draws it; the
question types it asks are those the registry marks `in_exam`
(`studycli.study.questions.registry.exam_types`).

Scoring. AWS reports a scaled score from 100 to 1000 with 720 to pass and does not
publish how raw scores map onto it. We use a documented, piecewise-linear stand-in:
a raw score of 0% maps to 100, the cut score `PASS_FRACTION` (70%) maps to 720, and
100% maps to 1000, linear in between; the result is rounded down, so a score of 720
or more always means the raw score reached the cut. Unanswered questions count as
wrong, as on the real exam.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from fractions import Fraction
from typing import Any

from studycli.study.questions.base import Question
from studycli.study.questions.generator import grade

MIN_SCORE, PASS_SCORE, MAX_SCORE = 100, 720, 1000
PASS_FRACTION = Fraction(7, 10)
DEFAULT_COUNT, DEFAULT_MINUTES = 65, 130


def scaled_score(right: int, total: int) -> int:
    """Raw right/total onto 100-1000 with the cut at 720 (see the module docstring)."""
    if total <= 0:
        return MIN_SCORE
    p = Fraction(right, total)
    if p < PASS_FRACTION:
        value = MIN_SCORE + (PASS_SCORE - MIN_SCORE) * p / PASS_FRACTION
    else:
        value = PASS_SCORE + (MAX_SCORE - PASS_SCORE) * (p - PASS_FRACTION) / (1 - PASS_FRACTION)
    return int(value)  # Fraction -> int rounds toward zero, i.e. down for these positive values


@dataclass
class TopicScore:
    topic: str
    right: int = 0
    total: int = 0

    @property
    def percent(self) -> int:
        return round(100 * self.right / self.total) if self.total else 0


@dataclass(frozen=True)
class ExamResult:
    right: int
    total: int
    answered: int
    scaled: int
    passed: bool
    by_topic: tuple[TopicScore, ...]
    wrong: tuple[int, ...]          # question indexes answered wrong or not at all
    timed_out: bool
    submitted_at: datetime

    def to_json(self) -> dict[str, Any]:
        return {"right": self.right, "total": self.total, "answered": self.answered,
                "scaled": self.scaled, "passed": self.passed, "timed_out": self.timed_out,
                "by_topic": [{"topic": t.topic, "right": t.right, "total": t.total} for t in self.by_topic],
                "wrong": list(self.wrong)}


@dataclass
class Exam:
    """One sitting. `answers[i]` is what the learner gave for question i (absent: unanswered)."""

    questions: Sequence[Question]
    started_at: datetime
    minutes: int
    answers: dict[int, Any] = field(default_factory=dict)
    flags: set[int] = field(default_factory=set)
    position: int = 0
    result: ExamResult | None = None

    # --- the clock ---

    @property
    def deadline(self) -> datetime:
        return self.started_at + timedelta(minutes=self.minutes)

    def remaining(self, now: datetime) -> timedelta:
        return max(self.deadline - now, timedelta(0))

    def timed_out(self, now: datetime) -> bool:
        return now >= self.deadline

    # --- moving around ---

    @property
    def current(self) -> Question:
        return self.questions[self.position]

    def go(self, index: int) -> None:
        if not 0 <= index < len(self.questions):
            raise IndexError(f"question {index + 1} is not between 1 and {len(self.questions)}")
        self.position = index

    def next(self) -> bool:
        """Move on; False when already at the last question."""
        if self.position + 1 < len(self.questions):
            self.position += 1
            return True
        return False

    def previous(self) -> bool:
        if self.position > 0:
            self.position -= 1
            return True
        return False

    # --- answering ---

    def answer(self, given: Any, now: datetime) -> bool:
        """Record an answer for the current question; refused (False) once time is up or submitted."""
        if self.result is not None or self.timed_out(now):
            return False
        self.answers[self.position] = given
        return True

    def toggle_flag(self) -> bool:
        """Flag or unflag the current question for review; returns whether it is now flagged."""
        if self.position in self.flags:
            self.flags.discard(self.position)
            return False
        self.flags.add(self.position)
        return True

    def unanswered(self) -> list[int]:
        return [i for i in range(len(self.questions)) if i not in self.answers]

    def flagged(self) -> list[int]:
        return sorted(self.flags)

    def is_right(self, index: int) -> bool:
        return grade(self.questions[index], self.answers.get(index))

    # --- the end ---

    def submit(self, now: datetime) -> ExamResult:
        """Score what was answered (time-out submits the same way). Submitting twice returns the first result."""
        if self.result is not None:
            return self.result
        topics: dict[str, TopicScore] = {}
        wrong = []
        for i, q in enumerate(self.questions):
            score = topics.setdefault(q.topic, TopicScore(q.topic))
            score.total += 1
            if self.is_right(i):
                score.right += 1
            else:
                wrong.append(i)
        right = len(self.questions) - len(wrong)
        total = len(self.questions)
        scaled = scaled_score(right, total)
        self.result = ExamResult(
            right=right, total=total, answered=len(self.answers), scaled=scaled,
            passed=total > 0 and Fraction(right, total) >= PASS_FRACTION,
            by_topic=tuple(sorted(topics.values(), key=lambda t: (t.percent, t.topic))),
            wrong=tuple(wrong), timed_out=self.timed_out(now), submitted_at=min(now, self.deadline))
        return self.result


def format_remaining(remaining: timedelta) -> str:
    """1:05:09 or 4:07 — how a countdown reads."""
    seconds = int(remaining.total_seconds())
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes}:{seconds:02d}"
