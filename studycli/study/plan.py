"""The workload plan: for each desired retention, the work until the exam and the recall it reaches.

For every choice of desired retention the whole deck is projected to the exam day
(`studycli.study.projection`, through `exam_day.project`) with the schedule that
retention gives: the expected ratings and minutes a day until the exam, the busiest day, the
exam-wide recall on exam day and its score band. The recommendation is the choice with the
fewest minutes a day whose score band's low edge reaches the target (the pass mark unless
the learner names another score); when none reaches it, the one that reaches highest.

Pure: the deck and the model come in, options go out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

from studycli.study import exam, exam_day, projection

RETENTION_CHOICES = (0.80, 0.85, 0.90, 0.95)


@dataclass(frozen=True)
class Option:
    desired_retention: float
    reviews_per_day: float
    minutes_per_day: float
    busiest_day_minutes: float
    recall: float
    score_band: dict[str, int]

    def to_json(self) -> dict[str, Any]:
        return {"desired_retention": self.desired_retention, "reviews_per_day": self.reviews_per_day,
                "minutes_per_day": self.minutes_per_day, "busiest_day_minutes": self.busiest_day_minutes,
                "recall": round(self.recall, 4), "score_band": self.score_band}


@dataclass(frozen=True)
class Plan:
    exam_date: date
    exam_day: int
    target: int
    current: float
    options: list[Option]
    recommended: Option
    reaches: bool          # whether the recommended option's band reaches the target

    def to_json(self) -> dict[str, Any]:
        return {"exam_date": self.exam_date.isoformat(), "days_left": self.exam_day, "target_score": self.target, "current_retention": self.current,
                "options": [o.to_json() for o in self.options],
                "recommended": self.recommended.desired_retention, "reaches_target": self.reaches,
                "change": self.recommended.desired_retention != self.current}


def options(d: exam_day.Deck, model: projection.Model,
            choices: Sequence[float] = RETENTION_CHOICES) -> list[Option]:
    out = []
    for retention in choices:
        by_topic, whole, _ = exam_day.project(d, replace(model, desired_retention=retention))
        recall = exam_day.on_schedule_recall(d, by_topic)
        load = exam_day.workload(d, whole)
        out.append(Option(retention, load["reviews_per_day"], load["minutes_per_day"], load["busiest_day_minutes"],
                          recall, exam_day.score_band(recall)))
    return out


def recommend(found: Sequence[Option], target: int = exam.PASS_SCORE) -> tuple[Option, bool]:
    """The least work that reaches `target` with the band's low edge; else the highest reach."""
    reaching = [o for o in found if o.score_band["low"] >= target]
    if reaching:
        return min(reaching, key=lambda o: (o.minutes_per_day, o.desired_retention)), True
    return max(found, key=lambda o: (o.recall, -o.minutes_per_day)), False


def plan(d: exam_day.Deck, model: projection.Model, target: int = exam.PASS_SCORE,
         choices: Sequence[float] = RETENTION_CHOICES) -> Plan:
    found = options(d, model, choices)
    best, reaches = recommend(found, target)
    return Plan(d.today + timedelta(days=d.exam_day), d.exam_day, target, model.desired_retention, found, best, reaches)
