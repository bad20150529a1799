"""The exam-day forecast: what the learner will recall on the exam date, by topic and domain.

Two figures per card, topic and domain:

- `recall`: FSRS's retrievability at the start of the exam day for the card's stored state,
  as if nothing more were studied (py-fsrs's `get_card_retrievability` at that moment; a card
  never rated counts 0). A topic's figure is the mean over its cards, a domain's over its
  topics' cards.
- `recall_on_schedule`: the expected recall if the learner does every review the schedule
  brings before the exam and learns the new cards as the pacing introduces them
  (`studycli.study.projection` says how that is modelled).

Score band: an exam question on a fact the learner recalls is answered right, one on a fact
not recalled is a guess among four options (`GUESS`); topics weigh as many questions as they
have facts (the mock exam draws facts evenly). With recall R the expected share right is
p = GUESS + (1 - GUESS) R; over a `QUESTIONS`-question exam the share right varies by
sqrt(p(1-p)/QUESTIONS), and the band is p +- `BAND_Z` of that (80% of exams), mapped to
100-1000 with `exam.scaled_score`. It covers the draw of questions only, not doubt about R.

Most to gain per minute: for each topic, the expected rise of the exam score (scaled points)
from studying each of its cards once today (a review, or the first day of a new card) and then
nothing more, divided by the expected minutes that takes (fsrs-rs's cost per rating).

Pure: cards, states, dates and the model in; a `Forecast` out.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

from studycli.study import domains, exam, projection, scheduling

GUESS = 0.25
QUESTIONS = exam.DEFAULT_COUNT
BAND_Z = 1.2816      # the middle 80% of a normal distribution
TOP_GAINS = 3


@dataclass(frozen=True)
class ForecastCard:
    id: str
    fact_id: str
    topic: str
    fsrs_json: str | None = None    # the stored state; None when the card was never met


@dataclass(frozen=True)
class Forecast:
    exam_date: date
    days_left: int
    card_recall: dict[str, float]                 # card id -> recall at the exam (as it stands)
    topics: list[dict[str, Any]]
    domains: list[dict[str, Any]]
    recall: float
    recall_on_schedule: float
    score_band: dict[str, Any]
    most_to_gain: list[dict[str, Any]]
    workload: dict[str, float]

    def to_json(self) -> dict[str, Any]:
        return {"exam_date": self.exam_date.isoformat(), "days_left": self.days_left,
                "cards": len(self.card_recall), "recall": _r(self.recall),
                "recall_on_schedule": _r(self.recall_on_schedule), "topics": self.topics, "domains": self.domains,
                "score_band": self.score_band, "most_to_gain": self.most_to_gain, "workload": self.workload}


def _r(value: float) -> float:
    return round(value, 4)


def card_state(fsrs_json: str | None, today: date, tz: Any, model: projection.Model) -> projection.CardNow | None:
    """The projection's view of a stored card (days in the learner's time zone `tz`); None when never rated."""
    if fsrs_json is None:
        return None
    card = json.loads(fsrs_json)
    if card.get("last_review") is None or card.get("stability") is None:
        return None
    last = datetime.fromisoformat(card["last_review"]).astimezone(tz).date()
    due = datetime.fromisoformat(card["due"]).astimezone(tz).date()
    step = card.get("step") or 0
    steps_left = {1: model.learning_steps - step, 3: model.relearning_steps - step}.get(card["state"], 0)
    return projection.CardNow(float(card["stability"]), float(card["difficulty"]), (last - today).days,
                              max(0, (due - today).days), max(0, steps_left), relearning=card["state"] == 3)


def _local_day(fsrs_json: str, today: date, tz: Any) -> int:
    return max(0, (datetime.fromisoformat(json.loads(fsrs_json)["due"]).astimezone(tz).date() - today).days)


def score_band(recall: float) -> dict[str, int]:
    """The 80% band and middle of the scaled score for a mean recall (see the module docstring)."""
    p = GUESS + (1 - GUESS) * min(1.0, max(0.0, recall))
    spread = BAND_Z * math.sqrt(p * (1 - p) / QUESTIONS)

    def scaled(share: float) -> int:
        return exam.scaled_score(round(min(1.0, max(0.0, share)) * 10_000), 10_000)

    return {"low": scaled(p - spread), "mid": scaled(p), "high": scaled(p + spread)}


def scaled_slope(recall: float) -> float:
    """Scaled points per unit of exam-wide recall, where the learner stands."""
    p = GUESS + (1 - GUESS) * recall
    below = (exam.PASS_SCORE - exam.MIN_SCORE) / float(exam.PASS_FRACTION)
    above = (exam.MAX_SCORE - exam.PASS_SCORE) / (1 - float(exam.PASS_FRACTION))
    return (1 - GUESS) * (below if p < float(exam.PASS_FRACTION) else above)


@dataclass(frozen=True)
class Deck:
    """The cards grouped by topic, with what the projection needs to know of each."""

    cards: Sequence[ForecastCard]
    today: date
    exam_day: int
    states: dict[str, projection.CardNow | None]   # None: never rated
    intro: dict[str, int]                          # never rated: the day it will be learned
    topics: dict[str, list[ForecastCard]]
    facts: dict[str, int]                          # topic -> number of facts (its weight on the exam)

    def weight(self, topic: str) -> float:
        return self.facts[topic] / (sum(self.facts.values()) or 1)


def deck(cards: Sequence[ForecastCard], *, now: datetime, exam_date: date, model: projection.Model,
         new_per_day: int, new_left_today: int) -> Deck:
    """`cards` (in introduction order) ready to project to `exam_date`."""
    today, tz = now.date(), now.tzinfo
    exam_day = (exam_date - today).days
    states = {c.id: card_state(c.fsrs_json, today, tz, model) for c in cards}
    unseen = [c for c in cards if c.fsrs_json is None]
    intro = dict(zip((c.id for c in unseen),
                     projection.introduction_days(len(unseen), exam_day, new_left_today, new_per_day)))
    for c in cards:   # met but never rated (a wrong quiz answer queued it): learned when due
        if c.fsrs_json is not None and states[c.id] is None:
            intro[c.id] = _local_day(c.fsrs_json, today, tz)
    topics: dict[str, list[ForecastCard]] = {}
    for c in cards:
        topics.setdefault(c.topic, []).append(c)
    facts = {t: len({c.fact_id for c in group}) for t, group in topics.items()}
    return Deck(cards, today, exam_day, states, intro, dict(sorted(topics.items())), facts)


def project(d: Deck, model: projection.Model) -> tuple[dict[str, float], projection.Projection,
                                                       projection.Projector]:
    """Every card projected to the exam in one pass: each topic's expected recall on schedule
    (mean over its cards), the whole projection (workload), and the projector used."""
    projector = projection.Projector(model, d.exam_day)
    index = {topic: i for i, topic in enumerate(d.topics)}
    rated, arrivals = [], []
    for c in d.cards:
        state = d.states[c.id]
        if state is not None:
            rated.append(replace(state, group=index[c.topic]))
        elif c.id in d.intro:
            arrivals.append((d.intro[c.id], index[c.topic]))
    whole = projector.project(rated, arrivals, len(index))
    return ({t: whole.recall[i] / len(d.topics[t]) for t, i in index.items()}, whole, projector)


def on_schedule_recall(d: Deck, by_topic: Mapping[str, float]) -> float:
    """Exam-wide expected recall on schedule: topics weighted by their facts."""
    return sum(d.weight(t) * by_topic[t] for t in d.topics)


def workload(d: Deck, whole: projection.Projection) -> dict[str, float]:
    """Mean ratings and minutes a day until the exam, and the busiest day's minutes."""
    days = max(1, d.exam_day)
    return {"reviews_per_day": round(sum(whole.reviews) / days, 1),
            "minutes_per_day": round(sum(whole.seconds) / days / 60, 1),
            "busiest_day_minutes": round(max(whole.seconds, default=0.0) / 60, 1)}


def forecast(d: Deck, *, now: datetime, exam_date: date, model: projection.Model,
             accuracy: Mapping[str, tuple[int, int]] | None = None) -> Forecast:
    """The forecast for the deck `d` (made by `deck` for the same `now`, `exam_date` and `model`)."""
    cards = d.cards
    moment = scheduling.exam_start(exam_date, now.tzinfo)
    scheduler = scheduling.build_scheduler(model.desired_retention, model.parameters)
    recall = {c.id: scheduling.retrievability(c.fsrs_json, moment, scheduler) for c in cards}
    by_topic, whole, projector = project(d, model)
    topics: list[dict[str, Any]] = []
    as_is_overall = 0.0
    gains: dict[str, tuple[float, float]] = {}
    for topic, group in d.topics.items():
        mean = sum(recall[c.id] for c in group) / len(group)
        as_is_overall += d.weight(topic) * mean
        studied = [projector.study_today(d.states[c.id]) for c in group]
        gains[topic] = (sum(g for g, _ in studied) / len(group) * d.weight(topic), sum(s for _, s in studied) / 60)
        right, answered = (accuracy or {}).get(topic, (0, 0))
        topics.append({"topic": topic, "domain": domains.domain_of(topic), "cards": len(group),
                       "seen": sum(1 for c in group if d.states[c.id] is not None), "facts": d.facts[topic],
                       "recall": _r(mean), "recall_on_schedule": _r(by_topic[topic]),
                       "accuracy": _accuracy(right, answered)})
    on_schedule = on_schedule_recall(d, by_topic)
    slope = scaled_slope(as_is_overall)
    for row in topics:
        gain, minutes = gains[row["topic"]]
        row["points_per_minute"] = round(gain * slope / minutes, 3) if minutes > 0 else 0.0
    ranked = sorted(topics, key=lambda t: (-t["points_per_minute"], t["topic"]))[:TOP_GAINS]
    return Forecast(
        exam_date=exam_date, days_left=d.exam_day, card_recall=recall, topics=topics,
        domains=_domains(topics, cards, recall, accuracy or {}), recall=as_is_overall,
        recall_on_schedule=on_schedule,
        score_band={"as_is": score_band(as_is_overall), "on_schedule": score_band(on_schedule),
                    "pass": exam.PASS_SCORE, "questions": QUESTIONS, "guess": GUESS, "coverage": 0.8},
        most_to_gain=[{"topic": t["topic"], "points_per_minute": t["points_per_minute"]} for t in ranked
                      if t["points_per_minute"] > 0],
        workload=workload(d, whole))


def _accuracy(right: int, answered: int) -> dict[str, Any] | None:
    return {"right": right, "answered": answered, "rate": _r(right / answered)} if answered else None


def _domains(topics: list[dict[str, Any]], cards: Sequence[ForecastCard], recall: Mapping[str, float],
             accuracy: Mapping[str, tuple[int, int]]) -> list[dict[str, Any]]:
    """Per exam domain: the mean over all its cards (so equal to `domains.mastery_by_domain`'s way)."""
    out = []
    for domain in domains.DOMAINS:
        rows = [t for t in topics if t["domain"] == domain]
        if not rows:
            continue
        members = [c for c in cards if domains.domain_of(c.topic) == domain]
        count = len(members)
        right = sum(accuracy.get(t["topic"], (0, 0))[0] for t in rows)
        answered = sum(accuracy.get(t["topic"], (0, 0))[1] for t in rows)
        out.append({"domain": domain, "cards": count, "seen": sum(t["seen"] for t in rows),
                    "recall": _r(sum(recall[c.id] for c in members) / count),
                    "recall_on_schedule": _r(sum(t["recall_on_schedule"] * t["cards"] for t in rows) / count),
                    "accuracy": _accuracy(right, answered)})
    return out
