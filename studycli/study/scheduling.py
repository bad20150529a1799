"""When each card comes back: FSRS-6 (the `fsrs` package) plus an exam date and a daily queue.

Pure: the time is always a parameter and fuzz comes from a `random.Random` seeded by the
caller, so the interval shown on each rating button is exactly the one the rating then
gives. Card state travels as the JSON of `fsrs.Card.to_dict()`, as the store keeps it.

Exam-date mode: when the learner sets an exam date, no card is scheduled past the start
of the exam day, and new cards are paced so every card has been seen before it.
"""

from __future__ import annotations

import json
import math
import random
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from fsrs import Card, Scheduler

    from studycli.study.cards import StudyCard

# Rating numbers and their names (the UI shows each as the message `review.rating.<name lowercased>`).
RATINGS = {1: "Again", 2: "Hard", 3: "Good", 4: "Easy"}
STATE_NAMES = {1: "learning", 2: "review", 3: "relearning"}
DEFAULT_RETENTION = 0.9
DEFAULT_NEW_PER_DAY = 20
# A card reviewed in a session whose next step is this close comes back in the same
# session (Anki's "learn ahead limit").
LEARN_AHEAD = timedelta(minutes=20)


class Policy(NamedTuple):
    """The learner's scheduling settings (from `studycli config`)."""

    desired_retention: float = DEFAULT_RETENTION
    fuzzing: bool = True
    exam_date: date | None = None
    new_per_day: int = DEFAULT_NEW_PER_DAY
    # FSRS parameters fitted by `studycli optimize` and kept there; None: FSRS-6 defaults.
    parameters: tuple[float, ...] | None = None


class Outcome(NamedTuple):
    """A card after one rating."""

    fsrs_json: str
    state: int
    due: datetime
    interval: timedelta


def build_scheduler(desired_retention: float = DEFAULT_RETENTION,
                    parameters: Sequence[float] | None = None) -> Scheduler:
    """The FSRS scheduler (the learner's fitted parameters when given, else FSRS-6's defaults);
    its own fuzz stays off because ours is seeded (see `fuzzed_days`)."""
    from fsrs import Scheduler

    if parameters is None:
        return Scheduler(desired_retention=desired_retention, enable_fuzzing=False)
    return Scheduler(parameters=tuple(parameters), desired_retention=desired_retention, enable_fuzzing=False)


def new_card(now: datetime) -> Card:
    """A card never reviewed. Its fsrs id is irrelevant (we key cards by text ids), so fixed at 0."""
    from fsrs import Card

    return Card(card_id=0, due=as_utc(now))


def as_utc(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def load_card(card_json: str | None, now: datetime) -> Card:
    from fsrs import Card

    return new_card(now) if card_json is None else Card.from_json(card_json)


def review(card_json: str | None, rating: int, now: datetime, *, policy: Policy = Policy(),
           fuzz_seed: str | None = None, scheduler: Scheduler | None = None) -> Outcome:
    """Rate a card (1 Again, 2 Hard, 3 Good, 4 Easy) at `now`; `card_json` None means a new card."""
    from fsrs import Rating, State

    if rating not in RATINGS:
        raise ValueError(f"rating must be 1-4, got {rating!r}")
    scheduler = scheduler or build_scheduler(policy.desired_retention, policy.parameters)
    local_now, now = now, as_utc(now)   # the exam day starts at the learner's midnight, not UTC's
    card, _log = scheduler.review_card(load_card(card_json, now), Rating(rating), review_datetime=now)
    due = card.due
    if policy.fuzzing and card.state == State.Review:
        days = (due - now).days
        due = now + timedelta(days=fuzzed_days(days, random.Random(fuzz_seed), scheduler.maximum_interval))
    due = clamp_to_exam(due, local_now, policy.exam_date)
    card.due = due
    return Outcome(fsrs_json=card.to_json(), state=int(card.state), due=due, interval=due - now)


def fuzz_seed_for(card_id: str, card_json: str | None) -> str:
    """Fuzz depends on the card and its last review only, so a preview and the rating agree."""
    last = json.loads(card_json).get("last_review") if card_json else None
    return f"{card_id}|{last}"


def fuzz_spread(days: int) -> float:
    """How many days a review interval may move: wider in proportion for short intervals."""
    from fsrs.scheduler import FUZZ_RANGES  # FSRS's published factors per interval band

    spread = 1.0
    for band in FUZZ_RANGES:
        spread += float(band["factor"]) * max(0.0, min(float(days), float(band["end"])) - float(band["start"]))
    return spread


def fuzzed_days(days: int, rng: random.Random, maximum: int) -> int:
    """Spread cards learned together over nearby days; short intervals (< 3 days) stay exact."""
    if days < 3:
        return days
    spread = fuzz_spread(days)
    low = max(2, round(days - spread))
    high = max(low, min(maximum, round(days + spread)))
    return rng.randint(low, high)


def exam_start(exam_date: date, tz: tzinfo | None) -> datetime:
    """The first moment of the exam day in the learner's time zone."""
    return datetime.combine(exam_date, time(0), tzinfo=tz or UTC)


def clamp_to_exam(due: datetime, now: datetime, exam_date: date | None, tz: tzinfo | None = None) -> datetime:
    """No card due after the exam starts (while the exam is still ahead)."""
    if exam_date is None:
        return due
    deadline = exam_start(exam_date, tz or now.tzinfo)
    if now >= deadline:
        return due
    return min(due, deadline)


def preview(card_json: str | None, now: datetime, *, policy: Policy = Policy(), fuzz_seed: str | None = None,
            scheduler: Scheduler | None = None) -> dict[int, timedelta]:
    """The interval each rating would give, shown before the learner picks (as Anki does)."""
    scheduler = scheduler or build_scheduler(policy.desired_retention, policy.parameters)
    return {r: review(card_json, r, now, policy=policy, fuzz_seed=fuzz_seed, scheduler=scheduler).interval
            for r in RATINGS}


INTERVAL_UNITS = ("minutes", "hours", "days", "months", "years")
_SHORT_UNITS = {"minutes": "m", "hours": "h", "days": "d", "months": "mo", "years": "y"}


def interval_parts(interval: timedelta) -> tuple[str, str]:
    """An interval as an amount and one of `INTERVAL_UNITS`, rounded as a learner reads it:
    ("10", "minutes"), ("3", "hours"), ("4", "days"), ("2.5", "months"), ("1.2", "years")."""
    seconds = max(0.0, interval.total_seconds())
    if seconds < 3600:
        return str(max(1, round(seconds / 60))), "minutes"
    if seconds < 86400:
        return str(round(seconds / 3600)), "hours"
    days = seconds / 86400
    if days < 30:
        return str(round(days)), "days"
    if days < 365:
        return f"{days / 30:.1f}", "months"
    return f"{days / 365:.1f}", "years"


def format_interval(interval: timedelta) -> str:
    """Short, language-neutral: 1m, 10m, 3h, 4d, 2.5mo, 1.2y (the UI words it per language)."""
    amount, unit = interval_parts(interval)
    return f"{amount}{_SHORT_UNITS[unit]}"


def retrievability(card_json: str | None, now: datetime, scheduler: Scheduler | None = None) -> float:
    """The chance the learner recalls the card at `now` (0 for a card never reviewed)."""
    if card_json is None:
        return 0.0
    scheduler = scheduler or build_scheduler()
    return float(scheduler.get_card_retrievability(load_card(card_json, now), as_utc(now)))


# FSRS-6's default decay, w[20] of py-fsrs's DEFAULT_PARAMETERS (tests/test_scheduling.py checks it
# against the library): the forgetting curve needs only this, so reading recall imports no fsrs.
DEFAULT_DECAY_WEIGHT = 0.1542


def decay_weight(parameters: Sequence[float] | None) -> float:
    """w[20] of the learner's fitted parameters, or FSRS-6's default."""
    return DEFAULT_DECAY_WEIGHT if parameters is None else float(parameters[20])


def recall(stability: float | None, last_review: str | None, now: datetime,
           scheduler: Scheduler | float) -> float:
    """`retrievability` from the two numbers of the card it depends on, without building an
    `fsrs.Card` (the quiz weighs every card it knows): FSRS's forgetting curve, as
    `Scheduler.get_card_retrievability` computes it. `scheduler`: a Scheduler, or just its w[20]."""
    weight = scheduler if isinstance(scheduler, float) else float(scheduler.parameters[20])
    return recalls({"card": (stability, last_review)}, ["card"], now, weight)["card"]


def recalls(memory: Mapping[str, tuple[float | None, str | None]], card_ids: Iterable[str], now: datetime,
            weight: float) -> dict[str, float]:
    """`recall` of each of `card_ids` (0.0 for one without `memory`) with `weight` as w[20]: the curve's
    constants and `now` in UTC worked out once for them all."""
    decay = -weight
    factor = 0.9 ** (1 / decay) - 1
    utc_now, parse, nothing = as_utc(now), datetime.fromisoformat, (None, None)
    out = {}
    for cid in card_ids:
        stability, last_review = memory.get(cid, nothing)
        if not stability or not last_review:
            out[cid] = 0.0
            continue
        elapsed_days = max(0, (utc_now - parse(last_review)).days)
        out[cid] = float((1 + factor * elapsed_days / float(stability)) ** decay)
    return out


# --- days and the daily queue ---

def day_bounds(now: datetime) -> tuple[datetime, datetime]:
    """Start and end of the learner's day containing `now` (in `now`'s time zone)."""
    start = datetime.combine(now.date(), time(0), tzinfo=now.tzinfo or UTC)
    return start, start + timedelta(days=1)


# How far ahead an exam date may lie: a certification exam is booked weeks or months ahead, and
# the exam-day forecast projects every day until then.
EXAM_HORIZON_DAYS = 366


def days_until_exam(today: date, exam_date: date | None) -> int | None:
    """Study days left before the exam day (today counts); None without an upcoming exam."""
    if exam_date is None or exam_date <= today:
        return None
    return (exam_date - today).days


def new_cards_per_day(policy: Policy, unseen: int, today: date) -> int:
    """The daily new-card quota: the limit, raised so every card is seen before the exam."""
    days_left = days_until_exam(today, policy.exam_date)
    if days_left is None:
        return policy.new_per_day
    return max(policy.new_per_day, math.ceil(unseen / days_left))


class QueueEntry(NamedTuple):
    card: StudyCard
    is_new: bool
    due: datetime | None


def build_queue(cards: Sequence[StudyCard], due: Mapping[str, datetime], seen: Iterable[str] | set[str],
                new_allowance: int, limit: int | None = None) -> list[QueueEntry]:
    """Today's cards: those due (earliest first), then up to `new_allowance` never-seen ones.

    `cards` are the candidate cards in introduction order (already filtered by topic);
    `due` maps the ids of stored cards due today to their due time; `seen` holds every
    stored card id.
    """
    seen = seen if isinstance(seen, (set, frozenset)) else set(seen)
    by_id = {c.id: c for c in cards}
    queue = [QueueEntry(by_id[cid], False, when)
             for cid, when in sorted(due.items(), key=lambda item: (item[1], item[0])) if cid in by_id]
    if new_allowance > 0:
        fresh = (c for c in cards if c.id not in seen)
        for card in fresh:
            if new_allowance <= 0:
                break
            queue.append(QueueEntry(card, True, None))
            new_allowance -= 1
    return queue[:limit] if limit is not None else queue


def forecast(due_times: Iterable[datetime], now: datetime, days: int = 7) -> list[dict[str, Any]]:
    """How many cards fall due on each of the next `days` days (today includes overdue cards)."""
    start, _ = day_bounds(now)
    counts = [0] * days
    for when in due_times:
        index = max(0, (when.astimezone(start.tzinfo) - start).days)
        if index < days:
            counts[index] += 1
    return forecast_of(counts, start)


def forecast_of(counts: Sequence[int], start: datetime) -> list[dict[str, Any]]:
    """The forecast document of per-day counts from the day starting at `start`."""
    return [{"date": (start + timedelta(days=i)).date().isoformat(), "due": n} for i, n in enumerate(counts)]


def streak(review_days: Iterable[date], today: date) -> int:
    """Consecutive days with reviews, ending today (or yesterday, while today is still open)."""
    days = set(review_days)
    day = today if today in days else today - timedelta(days=1)
    count = 0
    while day in days:
        count += 1
        day -= timedelta(days=1)
    return count


def streak_from_newest(review_days_newest_first: Iterable[date], today: date) -> int:
    """`streak` for days given newest first, reading only as far as the streak goes."""
    count = 0
    expected: date | None = None
    for day in review_days_newest_first:
        if expected is None:
            if day > today:
                continue
            if day < today - timedelta(days=1):
                return 0
            expected = day
        if day > expected:
            continue  # a repeat
        if day < expected:
            break
        count += 1
        expected = day - timedelta(days=1)
    return count


def true_retention(review_ratings: int, lapses: int) -> float | None:
    """Share of ratings of review-state cards that were not Again (None before any such rating)."""
    if review_ratings <= 0:
        return None
    return (review_ratings - lapses) / review_ratings
