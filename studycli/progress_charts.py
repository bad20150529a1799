"""The numbers behind the charts of `studycli stats`: 30-day forecast, reviews per day,
accuracy by topic, mastery by exam domain. Glue between the store and the pure engines."""

from __future__ import annotations

from datetime import datetime, timedelta

FORECAST_DAYS = 30
HISTORY_DAYS = 30


def chart_data(store, cards, now: datetime) -> dict:
    from studycli import flashcards
    from studycli.study import domains, home, scheduling

    start, end = scheduling.day_bounds(now)
    forecast = scheduling.forecast(store.due_times(end + timedelta(days=FORECAST_DAYS - 1)), now, days=FORECAST_DAYS)
    offset = int(now.utcoffset().total_seconds() // 60) if now.utcoffset() else 0
    days = [(start - timedelta(days=HISTORY_DAYS - 1 - i)).date().isoformat() for i in range(HISTORY_DAYS)]
    per_day = [{"date": d, "reviews": n} for d, n in store.reviews_per_day(start - timedelta(days=HISTORY_DAYS - 1), offset)]
    answers, ratings = store.study_outcomes()
    topic_of_fact = {c.fact_id: c.topic for c in cards}
    outcomes = answers + [(topic_of_fact[f], ok) for f, ok in ratings if f in topic_of_fact]
    accuracy = home.topic_accuracy(outcomes)
    card_topics = {c.id: c.topic for c in cards}
    recall = flashcards.retrievability(store, store.card_ids() & set(card_topics), now)
    return {
        "forecast_30_days": forecast,
        "reviews_per_day_30_days": [{"date": d, "reviews": n} for d, n in
                                    zip(days, domains.daily_series(per_day, days, "reviews"))],
        "accuracy_by_topic": [{"topic": t, "right": r, "answered": n, "accuracy": round(r / n, 4)}
                              for t, (r, n) in sorted(accuracy.items())],
        "mastery_by_domain": [{"domain": d, "title": domains.DOMAINS[d], "mastery": m}
                              for d, m in domains.mastery_by_domain(card_topics, recall).items()],
    }
