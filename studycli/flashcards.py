"""Flashcards between the store and the scheduler: what the review, quiz and scenario sessions call.

Reads the learner's settings and card states from the store, asks the pure scheduler
(`studycli.study.scheduling`) what follows, and writes each rating at once through
`Store.record_review` (one transaction per rating). The time is always passed in.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from collections.abc import Set as AbstractSet
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from studycli.settings import policy
from studycli.study import scheduling
from studycli.study.cards import StudyCard

if TYPE_CHECKING:
    from studycli.store import Store


# --- rating ---

def rate_card(store: Store, *, card_id: str, fact_id: str, kind: str, rating: int, now: datetime,
              duration_ms: int | None = None, origin: str = "review", fuzzing: bool = True) -> int:
    """Schedule one rating (1 Again .. 4 Easy) with FSRS and commit it; returns the review log id."""
    row = store.card_row(card_id)
    card_json = row["fsrs"] if row else None
    outcome = scheduling.review(card_json, rating, now, policy=policy(store, fuzzing),
                                fuzz_seed=scheduling.fuzz_seed_for(card_id, card_json))
    return store.record_review(card_id=card_id, fact_id=fact_id, kind=kind, fsrs_json=outcome.fsrs_json,
                               state=outcome.state, due=outcome.due, rating=rating, reviewed_at=now,
                               duration_ms=duration_ms, origin=origin)


def preview(store: Store, card_id: str, now: datetime, fuzzing: bool = True) -> dict[int, timedelta]:
    """The interval each rating would give this card now (what the rating buttons show)."""
    row = store.card_row(card_id)
    card_json = row["fsrs"] if row else None
    return scheduling.preview(card_json, now, policy=policy(store, fuzzing),
                              fuzz_seed=scheduling.fuzz_seed_for(card_id, card_json))


def undo(store: Store, log_id: int) -> bool:
    """Take back one rating; False when the card was rated again since (elsewhere), and both ratings stay."""
    done = store.undo_review(log_id)
    return done is not None and done[1]


# --- the quiz's hooks ---

def forward_id(fact_id: str) -> str:
    return f"{fact_id}:forward"


def due_today(store: Store, fact_id: str, now: datetime) -> bool:
    """Whether any card of the fact is due before the end of the learner's day."""
    _, end = scheduling.day_bounds(now)
    return any(scheduling.as_utc(datetime.fromisoformat(row["due"])) < end for row in store.cards_of_fact(fact_id))


def put_in_todays_queue(store: Store, fact_id: str, now: datetime) -> None:
    """A wrong quiz answer: the fact's forward card comes up in today's review (now)."""
    card = scheduling.new_card(now)
    store.bring_forward(card_id=forward_id(fact_id), fact_id=fact_id, kind="forward",
                        fsrs_json=card.to_json(), due=now, now=now)


def retrievability(store: Store, card_ids: Iterable[str], now: datetime, *,
                   stored_only: bool = False) -> dict[str, float]:
    """Card id -> chance of recall now (0.0 for cards never rated); with `stored_only`, only the
    stored ones of `card_ids` are in it."""
    ids = list(card_ids)
    memory = store.card_memory(ids)  # two numbers per card, not its whole FSRS state
    weight = scheduling.decay_weight(policy(store).parameters)   # no Scheduler (nor fsrs) needed
    return scheduling.recalls(memory, memory if stored_only else ids, now, weight)


# --- today's queue ---

def todays_queue(store: Store, cards: Sequence[StudyCard], now: datetime, *, topic: str | None = None,
                 limit: int | None = None) -> list[scheduling.QueueEntry]:
    """Due cards first, then new cards up to today's quota (raised in exam-date mode).

    Review cards due any time today are in; cards in learning steps only once their step
    is (nearly) over, as Anki's learn-ahead limit does.
    """
    from studycli.study.cards import select_topic

    start, end = scheduling.day_bounds(now)
    seen = store.stored_among(c.id for c in cards)
    unseen = len(cards) - len(seen)
    settings = policy(store)
    quota = scheduling.new_cards_per_day(settings, unseen, now.date())
    allowance = max(0, quota - store.cards_introduced_since(start))
    cards = select_topic(cards, topic)
    due = store.due_cards(end, steps_before=now + scheduling.LEARN_AHEAD, among={c.id for c in cards})
    return scheduling.build_queue(cards, due, seen, allowance, limit)


def orphan_count(store: Store, stored: AbstractSet[str]) -> int:
    """How many stored cards have no fact any more (what `stats` shows; `orphans` lists them), counted by
    SQLite: every stored card but the catalogue's (`stored`: those of its cards that are stored) and
    those of other kinds (a scenario's predictions)."""
    from studycli.study.cards import NON_FACT_PREFIXES

    others = sum(store.count_with_prefix(p) - sum(1 for i in stored if i.startswith(p)) for p in NON_FACT_PREFIXES)
    return store.cards_total() - len(stored) - others


def orphans(store: Store, cards: Sequence[StudyCard]) -> list[dict[str, Any]]:
    """Stored cards whose fact is gone, with how often they were rated (never deleted)."""
    from studycli.study.cards import orphan_ids

    ids = orphan_ids(store.card_ids(), cards)
    counts = store.card_review_counts(ids)
    return [{"card_id": cid, "reviews": counts.get(cid, (0, None))[0], "last_review": counts.get(cid, (0, None))[1]}
            for cid in ids]
