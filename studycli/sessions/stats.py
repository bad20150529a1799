"""What `studycli stats` (and the home screen) know about the learner's progress.

Gathers from the store and the content, asks the pure engines (`study.scheduling`,
`study.domains`, `study.home`) for the numbers, and returns JSON-ready documents; the
command prints them as JSON or text. The time is a parameter.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from studycli.errors import ContentError
    from studycli.store import Store
    from studycli.study.cards import StudyCard

FORECAST_DAYS = 30   # the forecast chart
HISTORY_DAYS = 30    # ratings per day, in the JSON and the chart


class Report(NamedTuple):
    """The stats document, and why the content could not be read when it could not."""

    document: dict[str, Any]
    content_problem: ContentError | None = None


def gather(content: list[Path] | None, now: datetime) -> Report:
    """Everything `studycli stats` shows. Progress is still worth showing when the content is
    broken; only the never-seen cards, the charts and the exam-day forecast need it."""
    from studycli.errors import ContentError
    from studycli.sessions import outlook
    from studycli.sessions.cards import all_cards
    from studycli.store import open_store
    from studycli.study import scheduling

    problem = None
    with open_store() as store:
        try:
            cards: list[StudyCard] | None = all_cards(content)
        except ContentError as err:
            cards, problem = None, err
        due = store.due_day_counts(scheduling.day_bounds(now)[0], FORECAST_DAYS)   # the week's: its first 7
        document = progress(store, cards, now, due[:7])
        document["exam_forecast"] = outlook.exam_forecast(store, cards, now)
        if cards is not None:
            document["charts"] = chart_data(store, cards, now, due, document["reviews_per_day"])
    return Report(document, problem)


def _utc_offset_minutes(now: datetime) -> int:
    offset = now.utcoffset()
    return int(offset.total_seconds() // 60) if offset else 0


def progress(store: Store, cards: Sequence[StudyCard] | None, now: datetime,
             due_week: Sequence[int] | None = None) -> dict[str, Any]:
    """Cards by state, due today and this week (`due_week`: the counts, when already read), ratings per
    day, true retention, streak, exam, history."""
    from studycli import flashcards, settings
    from studycli.study import scheduling

    start, end = scheduling.day_bounds(now)
    offset = _utc_offset_minutes(now)
    by_state = store.cards_by_state()
    stored = store.stored_among(c.id for c in cards) if cards is not None else set()   # of the catalogue's
    if cards is not None:
        by_state["new"] += len(cards) - len(stored)
    week = scheduling.forecast_of(store.due_day_counts(start, 7) if due_week is None else due_week, start)
    total, lapses = store.review_state_outcomes()
    per_day = store.reviews_per_day(start - timedelta(days=HISTORY_DAYS - 1), offset)
    policy = settings.policy(store)
    return {
        "reviews_total": store.reviews_total(),
        "cards_by_state": by_state,
        "cards_total": sum(by_state.values()),
        "due_today": week[0]["due"],
        "forecast": week,
        "reviews_per_day": [{"date": day, "reviews": n} for day, n in per_day],
        "true_retention": scheduling.true_retention(total, lapses),
        "review_state_ratings": total,
        "streak_days": scheduling.streak_from_newest(
            (date.fromisoformat(d) for d in store.review_days_newest_first(offset)), now.date()),
        "orphans": flashcards.orphan_count(store, stored) if cards is not None else None,
        "exam_date": policy.exam_date.isoformat() if policy.exam_date else None,
        "days_to_exam": scheduling.days_until_exam(now.date(), policy.exam_date),
        "new_per_day": scheduling.new_cards_per_day(policy, by_state["new"], now.date()),
        "desired_retention": policy.desired_retention,
        "sessions": store.recent_sessions(),
    }


def chart_data(store: Store, cards: Sequence[StudyCard], now: datetime, due: Sequence[int],
               per_day: list[dict[str, Any]]) -> dict[str, Any]:
    """The numbers behind the charts: 30-day forecast (`due`: the counts of the next 30 days), ratings per
    day (`per_day`: as `progress` gives them), accuracy by topic, mastery by domain."""
    from studycli import flashcards
    from studycli.i18n import CATALOGUES, msg
    from studycli.study import domains, home, scheduling

    start, _ = scheduling.day_bounds(now)
    forecast = scheduling.forecast_of(due, start)
    days = [(start - timedelta(days=HISTORY_DAYS - 1 - i)).date().isoformat() for i in range(HISTORY_DAYS)]
    topic_of_fact = {c.fact_id: c.topic for c in cards}
    accuracy = home.combined_accuracy(store.topic_answer_counts(), store.fact_rating_counts(topic_of_fact),
                                      topic_of_fact)
    card_topics = {c.id: c.topic for c in cards}
    recall = flashcards.retrievability(store, card_topics, now, stored_only=True)
    return {
        "forecast_30_days": forecast,
        "reviews_per_day_30_days": [{"date": d, "reviews": n} for d, n in
                                    zip(days, domains.daily_series(per_day, days, "reviews"))],
        "accuracy_by_topic": [{"topic": t, "right": r, "answered": n, "accuracy": round(r / n, 4)}
                              for t, (r, n) in sorted(accuracy.items())],
        # the title in every language, as the JSON has always carried it
        "mastery_by_domain": [{"domain": d, "title": {code: msg(f"domain.{d}", code) for code in CATALOGUES},
                               "mastery": m}
                              for d, m in domains.mastery_by_domain(card_topics, recall).items()],
    }


def orphans(content: list[Path] | None) -> list[dict[str, Any]]:
    """Cards with progress whose fact no longer exists (`studycli cards orphans`)."""
    from studycli import flashcards
    from studycli.sessions.cards import all_cards
    from studycli.store import open_store

    with open_store() as store:
        return flashcards.orphans(store, all_cards(content))
