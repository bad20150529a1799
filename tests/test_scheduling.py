"""FSRS scheduling: our code path and the store give exactly what `fsrs` gives; exam-date mode; the daily queue."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

import fsrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from studycli import flashcards
from studycli.store import open_store
from studycli.study import scheduling
from studycli.study.cards import StudyCard
from studycli.study.scheduling import Policy

START = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)
ratings = st.lists(st.integers(min_value=1, max_value=4), min_size=1, max_size=12)
# How long after the card falls due the learner actually reviews it (hours, may be early).
lateness = st.lists(st.integers(min_value=-12, max_value=240), min_size=12, max_size=12)


def fsrs_history(sequence, delays):
    """The reference: fsrs itself, fuzzing off, reviewing each time the card falls due (+ delay)."""
    scheduler = fsrs.Scheduler(enable_fuzzing=False)
    card = fsrs.Card(card_id=1, due=START)
    now, history = START, []
    for rating, delay in zip(sequence, delays):
        card, _ = scheduler.review_card(card, fsrs.Rating(rating), review_datetime=now)
        history.append((card.due - now, int(card.state), card.stability))
        now = max(now + timedelta(minutes=1), card.due + timedelta(hours=delay))
    return history


def store_history(store, sequence, delays, card_id="f:forward"):
    """The same through `flashcards.rate_card` and the SQLite store, as `studycli review` does it."""
    now, history = START, []
    for rating, delay in zip(sequence, delays):
        flashcards.rate_card(store, card_id=card_id, fact_id="f", kind="forward", rating=rating, now=now,
                             duration_ms=1500, origin="review", fuzzing=False)
        row = store.card_row(card_id)
        due = datetime.fromisoformat(row["due"])
        stability = fsrs.Card.from_json(row["fsrs"]).stability
        history.append((due - now, row["state"], stability))
        now = max(now + timedelta(minutes=1), due + timedelta(hours=delay))
    return history


def test_interval_history_equals_fsrs_fixed_sequence(tmp_path):
    sequence = [3, 3, 3, 1, 3, 2, 4, 3, 1, 1, 3, 4]
    delays = [0] * len(sequence)
    with open_store(tmp_path / "p.db") as store:
        assert store_history(store, sequence, delays) == fsrs_history(sequence, delays)
        assert store.reviews_total() == len(sequence)


@settings(max_examples=30, deadline=None)
@given(sequence=ratings, delays=lateness)
def test_interval_history_equals_fsrs_any_sequence(tmp_path_factory, sequence, delays):
    with open_store(tmp_path_factory.mktemp("s") / "p.db") as store:
        assert store_history(store, sequence, delays) == fsrs_history(sequence, delays)


def test_review_logs_keep_rating_time_and_duration(tmp_path):
    with open_store(tmp_path / "p.db") as store:
        log_id = flashcards.rate_card(store, card_id="f:forward", fact_id="f", kind="forward", rating=2,
                                      now=START, duration_ms=4321, origin="quiz", fuzzing=False)
        row = store.db.execute("SELECT * FROM review_log WHERE id = ?", (log_id,)).fetchone()
    assert (row["card_id"], row["rating"], row["duration_ms"], row["origin"]) == ("f:forward", 2, 4321, "quiz")
    assert datetime.fromisoformat(row["reviewed_at"]) == START


def test_preview_shows_the_interval_each_rating_then_gives_with_fuzz_on(tmp_path):
    with open_store(tmp_path / "p.db") as store:
        now = START
        for rating in (3, 3, 3, 3, 2, 4):  # reach the review state, where fuzz applies
            shown = flashcards.preview(store, "f:forward", now, fuzzing=True)
            flashcards.rate_card(store, card_id="f:forward", fact_id="f", kind="forward", rating=rating,
                                 now=now, fuzzing=True)
            due = datetime.fromisoformat(store.card_row("f:forward")["due"])
            assert due - now == shown[rating]
            now = due


def test_fuzz_stays_within_its_spread_and_leaves_short_intervals_alone():
    rng = random.Random(7)
    assert scheduling.fuzzed_days(2, rng, 36500) == 2
    for days in (3, 10, 40, 400):
        spread = scheduling.fuzz_spread(days)
        got = {scheduling.fuzzed_days(days, rng, 36500) for _ in range(200)}
        assert min(got) >= days - spread - 1 and max(got) <= days + spread + 1
        assert len(got) > 1


def test_desired_retention_changes_intervals():
    card = None
    now = START
    for _ in range(3):
        out = scheduling.review(card, 3, now, policy=Policy(fuzzing=False))
        card, now = out.fsrs_json, out.due
    strict = scheduling.review(card, 3, now, policy=Policy(desired_retention=0.97, fuzzing=False)).interval
    loose = scheduling.review(card, 3, now, policy=Policy(desired_retention=0.8, fuzzing=False)).interval
    assert strict < loose


def test_bad_rating_is_refused():
    with pytest.raises(ValueError):
        scheduling.review(None, 5, START)


# --- acceptance 5: exam-date mode ---

@settings(max_examples=40, deadline=None)
@given(sequence=st.lists(st.integers(min_value=1, max_value=4), min_size=1, max_size=25), delays=lateness,
       fuzz=st.booleans())
def test_exam_date_30_days_out_no_due_date_after_it(sequence, delays, fuzz):
    exam = (START + timedelta(days=30)).date()
    deadline = scheduling.exam_start(exam, UTC)
    policy = Policy(exam_date=exam, fuzzing=fuzz)
    card, now = None, START
    for i, rating in enumerate(sequence):
        if now >= deadline:
            break
        out = scheduling.review(card, rating, now, policy=policy, fuzz_seed=f"c|{i}")
        assert out.due <= deadline
        card = out.fsrs_json
        assert fsrs.Card.from_json(card).due == out.due
        now = max(now + timedelta(minutes=1), out.due + timedelta(hours=delays[i % len(delays)]))


def test_exam_date_through_the_store_clamps_every_card(tmp_path):
    exam = (START + timedelta(days=30)).date()
    with open_store(tmp_path / "p.db") as store:
        store.set_config("exam_date", exam.isoformat())
        for n in range(20):
            for rating in (4, 4, 3):  # Easy, Easy: intervals that would pass the exam
                flashcards.rate_card(store, card_id=f"f{n}:forward", fact_id=f"f{n}", kind="forward",
                                     rating=rating, now=START + timedelta(days=n % 5), fuzzing=True)
        dues = [datetime.fromisoformat(r[0]) for r in store.db.execute("SELECT due FROM cards")]
    deadline = scheduling.exam_start(exam, UTC)
    assert dues and max(dues) <= deadline
    # Without the exam date the same ratings go past it: the clamp did the work.
    unclamped = scheduling.review(None, 4, START, policy=Policy(fuzzing=False))
    unclamped = scheduling.review(unclamped.fsrs_json, 4, unclamped.due, policy=Policy(fuzzing=False))
    assert unclamped.due > deadline


def test_exam_date_paces_new_cards_so_all_are_seen_before_it():
    today = START.date()
    exam = today + timedelta(days=30)
    assert scheduling.new_cards_per_day(Policy(exam_date=exam, new_per_day=20), 900, today) == 30
    assert scheduling.new_cards_per_day(Policy(exam_date=exam, new_per_day=20), 100, today) == 20
    assert scheduling.new_cards_per_day(Policy(exam_date=exam, new_per_day=20), 901, today) == 31
    assert scheduling.new_cards_per_day(Policy(exam_date=today, new_per_day=20), 900, today) == 20
    assert scheduling.new_cards_per_day(Policy(new_per_day=5), 900, today) == 5
    # Following the quota every day, nothing is left unseen on the eve of the exam.
    unseen, day = 901, today
    while day < exam:
        unseen -= min(unseen, scheduling.new_cards_per_day(Policy(exam_date=exam, new_per_day=20), unseen, day))
        day += timedelta(days=1)
    assert unseen == 0


def test_exam_in_the_past_does_not_clamp():
    exam = (START - timedelta(days=2)).date()
    out = scheduling.review(None, 4, START, policy=Policy(exam_date=exam, fuzzing=False))
    assert out.due > START + timedelta(days=1)


# --- the daily queue ---

def _card(i: int, topic: str = "t/a") -> StudyCard:
    return StudyCard(id=f"f{i}:forward", fact_id=f"f{i}", kind="forward", topic=topic,
                     front={"en": "q"}, back={"en": "a"}, explain={}, source_lines=(1,))


def test_queue_puts_due_cards_first_earliest_first_then_new_up_to_the_allowance():
    cards = [_card(i) for i in range(10)]
    due = {"f5:forward": START - timedelta(days=1), "f2:forward": START - timedelta(days=3)}
    seen = {"f2:forward", "f5:forward", "f7:forward"}
    queue = scheduling.build_queue(cards, due, seen, new_allowance=3)
    assert [e.card.id for e in queue] == ["f2:forward", "f5:forward", "f0:forward", "f1:forward", "f3:forward"]
    assert [e.is_new for e in queue] == [False, False, True, True, True]
    assert len(scheduling.build_queue(cards, due, seen, new_allowance=3, limit=2)) == 2


def test_queue_new_cards_limit_counts_cards_introduced_today(tmp_path):
    cards = [_card(i) for i in range(40)]
    with open_store(tmp_path / "p.db") as store:
        store.set_config("new_per_day", "5")
        first = flashcards.todays_queue(store, cards, START)
        assert [e.is_new for e in first] == [True] * 5
        for entry in first[:3]:
            flashcards.rate_card(store, card_id=entry.card.id, fact_id=entry.card.fact_id, kind="forward",
                                 rating=4, now=START, fuzzing=False)
        again = flashcards.todays_queue(store, cards, START + timedelta(minutes=5))
        assert sum(e.is_new for e in again) == 2
        tomorrow = flashcards.todays_queue(store, cards, START + timedelta(days=1))
        assert sum(e.is_new for e in tomorrow) == 5


def test_queue_topic_filter(tmp_path):
    cards = [_card(i, "cloudwatch/alarms" if i % 2 else "eventbridge/rules") for i in range(10)]
    with open_store(tmp_path / "p.db") as store:
        queue = flashcards.todays_queue(store, cards, START, topic="cloudwatch")
    assert queue and all(e.card.topic.startswith("cloudwatch/") for e in queue)


def test_wrong_quiz_answer_puts_the_forward_card_in_todays_queue(tmp_path):
    cards = [_card(i) for i in range(3)]
    with open_store(tmp_path / "p.db") as store:
        store.set_config("new_per_day", "0")
        flashcards.rate_card(store, card_id="f1:forward", fact_id="f1", kind="forward", rating=4,
                             now=START - timedelta(days=1), fuzzing=False)
        assert not flashcards.due_today(store, "f1", START)
        assert not flashcards.due_today(store, "f2", START)
        flashcards.put_in_todays_queue(store, "f1", START)
        flashcards.put_in_todays_queue(store, "f2", START)
        assert flashcards.due_today(store, "f1", START) and flashcards.due_today(store, "f2", START)
        assert {e.card.id for e in flashcards.todays_queue(store, cards, START)} == {"f1:forward", "f2:forward"}
        # A card already due sooner keeps its earlier time.
        before = store.card_row("f2:forward")["due"]
        flashcards.put_in_todays_queue(store, "f2", START + timedelta(hours=2))
        assert store.card_row("f2:forward")["due"] == before
        # The stored FSRS state agrees with the due column, and the card still rates normally.
        assert fsrs.Card.from_json(store.card_row("f1:forward")["fsrs"]).due == datetime.fromisoformat(
            store.card_row("f1:forward")["due"])
        flashcards.rate_card(store, card_id="f2:forward", fact_id="f2", kind="forward", rating=3, now=START,
                             fuzzing=False)


def test_retrievability_is_zero_for_unseen_and_falls_with_time(tmp_path):
    with open_store(tmp_path / "p.db") as store:
        for rating in (3, 3):
            flashcards.rate_card(store, card_id="a:forward", fact_id="a", kind="forward", rating=rating,
                                 now=START, fuzzing=False)
        soon = flashcards.retrievability(store, ["a:forward", "b:forward"], START + timedelta(days=1))
        later = flashcards.retrievability(store, ["a:forward"], START + timedelta(days=30))
    assert soon["b:forward"] == 0.0
    assert 0 < later["a:forward"] < soon["a:forward"] <= 1


def test_streak_and_true_retention_and_forecast():
    today = date(2026, 3, 10)
    days = [date(2026, 3, d) for d in (5, 7, 8, 9)]
    assert scheduling.streak(days, today) == 3  # today still open: counts up to yesterday
    assert scheduling.streak(days + [today], today) == 4
    assert scheduling.streak([date(2026, 3, 1)], today) == 0
    assert scheduling.true_retention(0, 0) is None
    assert scheduling.true_retention(10, 1) == 0.9
    now = datetime(2026, 3, 10, 12, tzinfo=UTC)
    week = scheduling.forecast([now - timedelta(days=3), now, now + timedelta(days=1), now + timedelta(days=9)], now)
    assert [d["due"] for d in week] == [2, 1, 0, 0, 0, 0, 0]
    assert week[0]["date"] == "2026-03-10"


def test_format_interval():
    assert [scheduling.format_interval(timedelta(**kw)) for kw in
            ({"minutes": 1}, {"minutes": 10}, {"hours": 5}, {"days": 3}, {"days": 75}, {"days": 800})] == \
        ["1m", "10m", "5h", "3d", "2.5mo", "2.2y"]


def test_cards_in_learning_steps_wait_for_their_step_review_cards_count_all_day(tmp_path):
    cards = [_card(i) for i in range(3)]
    with open_store(tmp_path / "p.db") as store:
        store.set_config("new_per_day", "0")
        card = scheduling.new_card(START).to_json()
        store.bring_forward(card_id="f0:forward", fact_id="f0", kind="forward", fsrs_json=card,
                            due=START + timedelta(hours=3), now=START)
        flashcards.rate_card(store, card_id="f1:forward", fact_id="f1", kind="forward", rating=4,
                             now=START - timedelta(days=8) + timedelta(hours=5), fuzzing=False)  # due later today
        assert datetime.fromisoformat(store.card_row("f1:forward")["due"]) > START
        assert [e.card.id for e in flashcards.todays_queue(store, cards, START)] == ["f1:forward"]
        later = START + timedelta(hours=2, minutes=50)
        assert {e.card.id for e in flashcards.todays_queue(store, cards, later)} == {"f0:forward", "f1:forward"}


def test_recall_without_fsrs_equals_the_librarys_retrievability():
    """stats and home read recall from FSRS-6's decay alone (no fsrs import): the default decay is
    py-fsrs's own w[20], and the curve gives what Scheduler.get_card_retrievability gives."""
    from fsrs.scheduler import DEFAULT_PARAMETERS

    assert DEFAULT_PARAMETERS[20] == scheduling.DEFAULT_DECAY_WEIGHT
    rng = random.Random(5)
    fitted = list(DEFAULT_PARAMETERS)
    fitted[20] = 0.35
    for parameters in (None, tuple(fitted)):
        scheduler = scheduling.build_scheduler(0.9, parameters)
        for _ in range(200):
            last = datetime(2026, 1, 1, tzinfo=UTC) + timedelta(minutes=rng.randint(0, 10**5))
            card = fsrs.Card(card_id=1, state=fsrs.State.Review, stability=rng.uniform(0.1, 400),
                             difficulty=5.0, due=last, last_review=last)
            now = last + timedelta(days=rng.uniform(0, 500))
            expected = scheduler.get_card_retrievability(card, now)
            got = scheduling.recall(card.stability, last.isoformat(), now, scheduling.decay_weight(parameters))
            assert got == pytest.approx(expected, rel=1e-9)
