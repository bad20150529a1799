"""The exam-day forecast and the workload plan, from the store: what `stats`, `home` and `plan` show.

Reads the card states, the settings (exam date, desired retention, fitted parameters), the
learner's first-rating mix and rating times from the store, and asks the pure engines
(`study.exam_day`, `study.plan`) for the figures. The time is a parameter.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from studycli.store import Store
    from studycli.study.cards import StudyCard
    from studycli.study.exam_day import Deck
    from studycli.study.plan import Plan
    from studycli.study.projection import Costs, Model
    from studycli.study.scheduling import Policy

# Below this many timed ratings of one kind, fsrs-rs's default cost stands in for the learner's.
MIN_TIMED = 10
# Below this many first ratings (recalled review ratings), fsrs-rs's default mix stands in for the learner's.
MIN_RATINGS = 30
# A rating that took longer than this was an interruption, not thinking time (Anki caps at 60 s too).
MAX_SECONDS = 60.0


def costs(rows: Sequence[tuple[int, int, int, int]]) -> Costs:
    """Median seconds per (state before, rating) from the learner's timed ratings, defaults elsewhere.
    First sight counts as learning, as fsrs-rs's simulator counts it. `rows` count the ratings
    by (state before, rating, tenths of a second, capped at `MAX_SECONDS`; -1 not timed)."""
    from studycli.study.projection import Costs

    default = Costs.defaults()
    table = [list(default.learning), list(default.review), list(default.relearning)]
    cells: dict[tuple[int, int], list[tuple[float, int]]] = {}
    for state, rating, tenths, n in rows:
        row = {0: 0, 1: 0, 2: 1, 3: 2}.get(state)
        if row is not None and 1 <= rating <= 4 and tenths >= 0:
            cells.setdefault((row, rating - 1), []).append((min(tenths / 10, MAX_SECONDS), n))
    for (row, col), seconds in cells.items():
        if sum(n for _, n in seconds) >= MIN_TIMED:
            table[row][col] = counted_median(seconds)
    return Costs(*(tuple(r) for r in table))  # type: ignore[arg-type]


def counted_median(values: Sequence[tuple[float, int]]) -> float:
    """The median of values given with how often each occurs (`statistics.median` of them all)."""
    ordered = sorted(values)
    total = sum(n for _, n in ordered)
    wanted = ((total - 1) // 2, total // 2)
    found: list[float] = []
    seen = 0
    for value, n in ordered:
        found += [value] * sum(1 for k in wanted if seen <= k < seen + n)
        seen += n
    return float((found[0] + found[1]) / 2)


def first_rating(rows: Sequence[tuple[int, int, int, int]]) -> tuple[float, float, float, float]:
    """The learner's mix of first ratings (Again .. Easy), fsrs-rs's default until there are enough."""
    from studycli.study.projection import default_first_rating

    counts = [0, 0, 0, 0]
    for state, rating, _, n in rows:
        if state == 0 and 1 <= rating <= 4:
            counts[rating - 1] += n
    total = sum(counts)
    if total < MIN_RATINGS:
        return default_first_rating()
    return (counts[0] / total, counts[1] / total, counts[2] / total, counts[3] / total)


def review_rating(rows: Sequence[tuple[int, int, int, int]]) -> tuple[float, float, float]:
    """The learner's mix of Hard, Good and Easy when a review card is recalled, fsrs-rs's default
    until there are enough."""
    from studycli.study.projection import default_review_rating

    counts = [0, 0, 0]
    for state, rating, _, n in rows:
        if state == 2 and 2 <= rating <= 4:
            counts[rating - 2] += n
    total = sum(counts)
    if total < MIN_RATINGS:
        return default_review_rating()
    return (counts[0] / total, counts[1] / total, counts[2] / total)


def model(store: Store, policy: Policy) -> Model:
    from studycli.study import fitting, scheduling
    from studycli.study.projection import Model

    scheduler = scheduling.build_scheduler(policy.desired_retention, policy.parameters)
    rows = store.rating_time_counts()   # counts kept as ratings are written, not every rating (issue 19)
    return Model(parameters=tuple(policy.parameters or fitting.default_parameters()),
                 desired_retention=policy.desired_retention, first_rating=first_rating(rows), costs=costs(rows),
                 review_rating=review_rating(rows),
                 learning_steps=len(scheduler.learning_steps), relearning_steps=len(scheduler.relearning_steps),
                 maximum_interval=scheduler.maximum_interval)


def absent(code: str) -> dict[str, Any]:
    """Why there is no forecast, as a code and in every language."""
    from studycli.i18n import CATALOGUES, msg
    from studycli.study.scheduling import EXAM_HORIZON_DAYS

    return {"absent": code, "why": {lang: msg(f"forecast.absent.{code}", lang, days=EXAM_HORIZON_DAYS)
                                    for lang in CATALOGUES}}


def _deck(store: Store, cards: Sequence[StudyCard], now: datetime, policy: Policy, the_model: Model) -> Deck:
    from studycli.study import exam_day, scheduling

    assert policy.exam_date is not None
    stored = store.card_fsrs([c.id for c in cards])
    unseen = sum(1 for c in cards if c.id not in stored)
    start, _ = scheduling.day_bounds(now)
    left = max(0, scheduling.new_cards_per_day(policy, unseen, now.date()) - store.cards_introduced_since(start))
    return exam_day.deck([exam_day.ForecastCard(c.id, c.fact_id, c.topic, stored.get(c.id)) for c in cards],
                         now=now, exam_date=policy.exam_date, model=the_model, new_per_day=policy.new_per_day,
                         new_left_today=left)


def why_not(cards: Sequence[StudyCard] | None, now: datetime, policy: Policy) -> str | None:
    from studycli.study import scheduling

    if policy.exam_date is None:
        return "no_exam_date"
    days_left = scheduling.days_until_exam(now.date(), policy.exam_date)
    if days_left is None:
        return "exam_not_ahead"
    if days_left > scheduling.EXAM_HORIZON_DAYS:
        return "exam_too_far"
    if not cards:
        return "content_not_loaded"
    return None


def exam_forecast(store: Store, cards: Sequence[StudyCard] | None, now: datetime) -> dict[str, Any]:
    """The `exam_forecast` document of `stats --json` and `home --json` (or why it is absent)."""
    from studycli import settings
    from studycli.i18n import CATALOGUES, msg

    policy = settings.policy(store)
    reason = why_not(cards, now, policy)
    if reason is not None or cards is None or policy.exam_date is None:
        return absent(reason or "content_not_loaded")
    from studycli.study import exam_day

    the_model = model(store, policy)
    d = _deck(store, cards, now, policy, the_model)
    result = exam_day.forecast(d, now=now, exam_date=policy.exam_date, model=the_model,
                               accuracy=store.topic_answer_counts())
    doc = result.to_json()
    for row in doc["domains"]:
        row["title"] = {code: msg(f"domain.{row['domain']}", code) for code in CATALOGUES}
    doc["parameters"] = "fitted" if policy.parameters else "default"
    doc["desired_retention"] = policy.desired_retention
    return doc


def plan(content: list[Path] | None, now: datetime, target: int) -> tuple[Plan | None, dict[str, Any]]:
    """The workload plan (None and the reason when there is no exam ahead), with its JSON."""
    from studycli import settings
    from studycli.sessions.cards import all_cards
    from studycli.store import open_store
    from studycli.study import plan as planning

    cards = all_cards(content)
    with open_store() as store:
        policy = settings.policy(store)
        reason = why_not(cards, now, policy)
        if reason is not None:
            return None, absent(reason)
        the_model = model(store, policy)
        d = _deck(store, cards, now, policy, the_model)
    found = planning.plan(d, the_model, target)
    return found, found.to_json()


def apply_retention(value: float, today: Any) -> str:
    """Make `value` the desired retention (as `config set desired_retention` does)."""
    from studycli import settings

    return settings.set_value("desired_retention", repr(value), today=today)
