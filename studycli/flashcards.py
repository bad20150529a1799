"""Flashcards between the store and the scheduler: what the review, quiz and scenario commands call.

Reads the learner's settings and card states from the store, asks the pure scheduler
(`studycli.study.scheduling`) what follows, and writes each rating at once through
`Store.record_review` (one transaction per rating). The time is always passed in.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta

from studycli.errors import StudyError
from studycli.study import scheduling
from studycli.study.cards import StudyCard

# What `studycli config` accepts; validators return the value to store or raise.
CONFIG_KEYS = ("exam_date", "new_per_day", "desired_retention", "lang", "content_dirs")
RETENTION_RANGE = (0.70, 0.99)
NEW_PER_DAY_MAX = 9999


# --- settings ---

def validate_config(key: str, value: str, today: date | None = None) -> str:
    """The normalised value for `config set KEY VALUE`, or a StudyError saying what is wrong."""
    value = value.strip()
    if key == "exam_date":
        try:
            day = date.fromisoformat(value)
        except ValueError:
            raise StudyError(f"exam_date: {value!r} is not a date in the form YYYY-MM-DD") from None
        if today is not None and day <= today:
            raise StudyError(f"exam_date: {value} is not after today ({today.isoformat()})")
        return day.isoformat()
    if key == "new_per_day":
        if not (value.isascii() and value.isdigit()) or int(value) > NEW_PER_DAY_MAX:
            raise StudyError(f"new_per_day: {value!r} is not a whole number from 0 to {NEW_PER_DAY_MAX}")
        return str(int(value))
    if key == "desired_retention":
        low, high = RETENTION_RANGE
        try:
            number = float(value)
        except ValueError:
            number = math.nan
        if not low <= number <= high:
            raise StudyError(f"desired_retention: {value!r} is not a number from {low} to {high} (e.g. 0.9)")
        return repr(number)
    if key == "lang":
        if value not in ("ko", "en", "both"):
            raise StudyError(f"lang: {value!r} is not one of ko, en, both")
        return value
    if key == "content_dirs":
        from pathlib import Path

        dirs = [p for p in value.split(":") if p]
        for d in dirs:
            if not Path(d).expanduser().is_dir():
                raise StudyError(f"content_dirs: {d!r} is not a directory")
        return ":".join(str(Path(d).expanduser().resolve()) for d in dirs)
    raise StudyError(f"config: unknown key {key!r} (keys: {', '.join(CONFIG_KEYS)})")


def policy(store, fuzzing: bool = True) -> scheduling.Policy:
    """The scheduling settings kept in the store (defaults where unset)."""
    def read(key: str, convert, default):
        raw = store.get_config(key)
        if raw is None:
            return default
        try:
            return convert(raw)
        except ValueError:
            raise StudyError(f"config {key}: stored value {raw!r} is invalid; "
                             f"fix it with `studycli config set {key} ...`") from None

    return scheduling.Policy(
        desired_retention=read("desired_retention", float, scheduling.DEFAULT_RETENTION),
        fuzzing=fuzzing,
        exam_date=read("exam_date", date.fromisoformat, None),
        new_per_day=read("new_per_day", int, scheduling.DEFAULT_NEW_PER_DAY),
    )


# --- rating ---

def rate_card(store, *, card_id: str, fact_id: str, kind: str, rating: int, now: datetime,
              duration_ms: int | None = None, origin: str = "review", fuzzing: bool = True) -> int:
    """Schedule one rating (1 Again .. 4 Easy) with FSRS and commit it; returns the review log id."""
    row = store.card_row(card_id)
    card_json = row["fsrs"] if row else None
    outcome = scheduling.review(card_json, rating, now, policy=policy(store, fuzzing),
                                fuzz_seed=scheduling.fuzz_seed_for(card_id, card_json))
    return store.record_review(card_id=card_id, fact_id=fact_id, kind=kind, fsrs_json=outcome.fsrs_json,
                               state=outcome.state, due=outcome.due, rating=rating, reviewed_at=now,
                               duration_ms=duration_ms, origin=origin)


def preview(store, card_id: str, now: datetime, fuzzing: bool = True) -> dict[int, timedelta]:
    """The interval each rating would give this card now (what the rating buttons show)."""
    row = store.card_row(card_id)
    card_json = row["fsrs"] if row else None
    return scheduling.preview(card_json, now, policy=policy(store, fuzzing),
                              fuzz_seed=scheduling.fuzz_seed_for(card_id, card_json))


def undo(store, log_id: int) -> str | None:
    """Take back one rating; returns the card id it belonged to."""
    return store.undo_review(log_id)


# --- the quiz's hooks ---

def forward_id(fact_id: str) -> str:
    return f"{fact_id}:forward"


def due_today(store, fact_id: str, now: datetime) -> bool:
    """Whether any card of the fact is due before the end of the learner's day."""
    _, end = scheduling.day_bounds(now)
    return any(scheduling.as_utc(datetime.fromisoformat(row["due"])) < end for row in store.cards_of_fact(fact_id))


def put_in_todays_queue(store, fact_id: str, now: datetime) -> None:
    """A wrong quiz answer: the fact's forward card comes up in today's review (now)."""
    card = scheduling.new_card(now)
    store.bring_forward(card_id=forward_id(fact_id), fact_id=fact_id, kind="forward",
                        fsrs_json=card.to_json(), due=now, now=now)


def retrievability(store, card_ids: Iterable[str], now: datetime) -> dict[str, float]:
    """Card id -> chance of recall now (0.0 for cards never rated)."""
    ids = list(card_ids)
    stored = store.card_fsrs(ids)
    scheduler = scheduling.build_scheduler()
    return {cid: scheduling.retrievability(stored.get(cid), now, scheduler) for cid in ids}


# --- today's queue ---

def todays_queue(store, cards: Sequence[StudyCard], now: datetime, *, topic: str | None = None,
                 limit: int | None = None) -> list[scheduling.QueueEntry]:
    """Due cards first, then new cards up to today's quota (raised in exam-date mode).

    Review cards due any time today are in; cards in learning steps only once their step
    is (nearly) over, as Anki's learn-ahead limit does.
    """
    from studycli.study.cards import select_topic

    start, end = scheduling.day_bounds(now)
    seen = store.card_ids()
    unseen = sum(1 for c in cards if c.id not in seen)
    settings = policy(store)
    quota = scheduling.new_cards_per_day(settings, unseen, now.date())
    allowance = max(0, quota - store.cards_introduced_since(start))
    due = store.due_cards(end, steps_before=now + scheduling.LEARN_AHEAD)
    return scheduling.build_queue(select_topic(cards, topic), due, seen, allowance, limit)


def orphans(store, cards: Sequence[StudyCard]) -> list[dict]:
    """Stored cards whose fact is gone, with how often they were rated (never deleted)."""
    from studycli.study.cards import orphan_ids

    ids = orphan_ids(store.card_ids(), cards)
    counts = store.card_review_counts(ids)
    return [{"card_id": cid, "reviews": counts.get(cid, (0, None))[0], "last_review": counts.get(cid, (0, None))[1]}
            for cid in ids]


def progress(store, cards: Sequence[StudyCard] | None, now: datetime) -> dict:
    """Everything `studycli stats` shows, as one JSON-ready document."""
    start, end = scheduling.day_bounds(now)
    offset = int(now.utcoffset().total_seconds() // 60) if now.utcoffset() else 0
    by_state = store.cards_by_state()
    stored = store.card_ids()
    if cards is not None:
        by_state["new"] += sum(1 for c in cards if c.id not in stored)
    week = scheduling.forecast(store.due_times(end + timedelta(days=6)), now, days=7)
    total, lapses = store.review_state_outcomes()
    per_day = store.reviews_per_day(start - timedelta(days=29), offset)
    settings = policy(store)
    return {
        "reviews_total": store.reviews_total(),
        "cards_by_state": by_state,
        "cards_total": sum(by_state.values()),
        "due_today": week[0]["due"],
        "forecast": week,
        "reviews_per_day": [{"date": day, "reviews": n} for day, n in per_day],
        "true_retention": scheduling.true_retention(total, lapses),
        "review_state_ratings": total,
        "streak_days": scheduling.streak((date.fromisoformat(d) for d in store.review_days(offset)), now.date()),
        "orphans": len(orphans(store, cards)) if cards is not None else None,
        "exam_date": settings.exam_date.isoformat() if settings.exam_date else None,
        "days_to_exam": scheduling.days_until_exam(now.date(), settings.exam_date),
        "new_per_day": scheduling.new_cards_per_day(settings, by_state["new"], now.date()),
        "desired_retention": settings.desired_retention,
        "sessions": store.recent_sessions(),
    }
