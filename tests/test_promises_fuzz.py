"""Issue 21: interval fuzz as FSRS does it, tested with fuzz ON (every other interval test turns it off).

- Learning and relearning steps are never fuzzed: Good on a new card is due in exactly the
  second learning step (10 min), Again on a review card in exactly the relearning step, for
  every fuzz seed, through the engine, the store (`flashcards.rate_card`) and `studycli review`.
- Review intervals are fuzzed inside fsrs's own fuzz range (`fsrs.scheduler.FUZZ_RANGES` and
  the bounds of `Scheduler._get_fuzzed_interval`), and they really are spread (fuzz is on).
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta

import fsrs
import pytest
from conftest import run_cli
from fsrs.scheduler import FUZZ_RANGES

from studycli import flashcards
from studycli.store import open_store
from studycli.study import scheduling
from studycli.study.scheduling import Policy

START = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)
SEEDS = [f"seed-{n}" for n in range(60)]
FUZZ_ON = Policy(fuzzing=True)
FUZZ_OFF = Policy(fuzzing=False)
REFERENCE = fsrs.Scheduler()  # fsrs's defaults, as studycli uses them
LEARNING, REVIEW, RELEARNING = int(fsrs.State.Learning), int(fsrs.State.Review), int(fsrs.State.Relearning)


def fsrs_fuzz_range(days: int, maximum: int = REFERENCE.maximum_interval) -> tuple[int, int]:
    """The interval range fsrs's fuzz draws from for an unfuzzed interval of `days` (fsrs's own rule)."""
    if days < 2.5:
        return days, days
    delta = 1.0
    for band in FUZZ_RANGES:
        delta += band["factor"] * max(min(float(days), band["end"]) - band["start"], 0.0)
    low, high = max(2, round(days - delta)), min(round(days + delta), maximum)
    return min(low, high), high


def test_the_fuzz_range_used_here_is_the_one_fsrs_draws_from(monkeypatch):
    """Pin `fsrs_fuzz_range` to fsrs itself: its fuzz with the random draw at 0 and just below 1."""
    import fsrs.scheduler as fsrs_scheduler

    for days in (3, 4, 7, 10, 20, 21, 45, 100, 365, 1000):
        monkeypatch.setattr(fsrs_scheduler, "random", lambda: 0.0)
        lowest = REFERENCE._get_fuzzed_interval(interval=timedelta(days=days)).days
        monkeypatch.setattr(fsrs_scheduler, "random", lambda: 1.0 - 1e-12)
        # fsrs rounds a draw in [low, high + 1), so its very top is high + 1
        highest = REFERENCE._get_fuzzed_interval(interval=timedelta(days=days)).days - 1
        assert fsrs_fuzz_range(days) == (lowest, highest), days


# --- learning and relearning steps: exact, whatever the seed ---

def rate(card_json, rating, now, seed, policy=FUZZ_ON):
    return scheduling.review(card_json, rating, now, policy=policy, fuzz_seed=seed)


def fsrs_step(card_json, rating, now) -> tuple[int, timedelta]:
    """What fsrs itself (fuzz on) gives; fsrs never fuzzes a learning or relearning step."""
    card = fsrs.Card(card_id=1, due=now) if card_json is None else fsrs.Card.from_json(card_json)
    card, _ = REFERENCE.review_card(card, fsrs.Rating(rating), review_datetime=now)
    return int(card.state), card.due - now


def a_review_card(now):
    """A card in the review state (Good, Good) and the time it falls due."""
    first = rate(None, 3, now, "setup", FUZZ_OFF)
    second = rate(first.fsrs_json, 3, first.due, "setup", FUZZ_OFF)
    assert second.state == REVIEW
    return second.fsrs_json, second.due


def step_cases():
    """(what, card json, now, rating, the exact interval fsrs's steps give) for every step there is."""
    steps, relearn = REFERENCE.learning_steps, REFERENCE.relearning_steps
    learning_1 = rate(None, 3, START, "setup", FUZZ_OFF)          # new → Good: second learning step
    review_json, review_due = a_review_card(START)
    lapsed = rate(review_json, 1, review_due, "setup", FUZZ_OFF)  # review → Again: relearning
    return [
        ("new card, Again", None, START, 1, steps[0]),
        ("new card, Hard", None, START, 2, (steps[0] + steps[1]) / 2),
        ("new card, Good", None, START, 3, steps[1]),
        ("learning step 2, Again", learning_1.fsrs_json, learning_1.due, 1, steps[0]),
        ("learning step 2, Hard", learning_1.fsrs_json, learning_1.due, 2, steps[1]),
        ("review card, Again", review_json, review_due, 1, relearn[0]),
        ("relearning, Again", lapsed.fsrs_json, lapsed.due, 1, relearn[0]),
        ("relearning, Hard", lapsed.fsrs_json, lapsed.due, 2, relearn[0] * 1.5),
    ]


@pytest.mark.parametrize("what, card_json, now, rating, step", step_cases(), ids=[c[0] for c in step_cases()])
def test_learning_and_relearning_steps_are_never_fuzzed(what, card_json, now, rating, step):
    assert REFERENCE.learning_steps[1] == timedelta(minutes=10)  # the step the README's review shows
    state, fsrs_interval = fsrs_step(card_json, rating, now)
    assert state in (LEARNING, RELEARNING) and fsrs_interval == step, "the case is a step in fsrs itself"
    for seed in SEEDS:
        out = rate(card_json, rating, now, seed)
        assert (out.state, out.interval, out.due) == (state, step, now + step), f"{what}: fuzzed with seed {seed!r}"


def test_steps_are_exact_through_the_store_with_fuzz_on(tmp_path):
    """`flashcards.rate_card` (what `studycli review` calls): each card id is its own fuzz seed."""
    ten_minutes = REFERENCE.learning_steps[1]
    with open_store(tmp_path / "p.db") as store:
        for n in range(40):
            cid = f"f{n}:forward"
            flashcards.rate_card(store, card_id=cid, fact_id=f"f{n}", kind="forward", rating=3, now=START,
                                 fuzzing=True)
            row = store.card_row(cid)
            assert (row["state"], datetime.fromisoformat(row["due"]) - START) == (LEARNING, ten_minutes), cid
            now = datetime.fromisoformat(row["due"])
            flashcards.rate_card(store, card_id=cid, fact_id=f"f{n}", kind="forward", rating=3, now=now,
                                 fuzzing=True)  # graduates: the review state
            now = datetime.fromisoformat(store.card_row(cid)["due"])
            flashcards.rate_card(store, card_id=cid, fact_id=f"f{n}", kind="forward", rating=1, now=now,
                                 fuzzing=True)  # a lapse
            row = store.card_row(cid)
            assert row["state"] == RELEARNING
            assert datetime.fromisoformat(row["due"]) - now == REFERENCE.relearning_steps[0], cid


def test_studycli_review_with_fuzz_on_gives_good_on_a_new_card_exactly_ten_minutes(tmp_path, studycli_home):
    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "zz.yaml").write_text(
        "topic: zz-fuzz/basics\ntitle: {ko: 퍼즈, en: Fuzz}\nfacts:\n"
        "  - id: zz-fuzz-period\n    family: zz-period\n    ko: 표준 해상도 지표의 주기\n"
        "    en: The period of a standard-resolution metric\n    answer: {value: 60, unit: seconds}\n"
        "    explain: {ko: 고해상도는 더 짧다., en: High resolution is shorter.}\n    source: {lines: [10]}\n",
        encoding="utf-8")
    result = run_cli("review", "--content", str(pack), "--topic", "zz-fuzz", "--limit", "1", stdin="\n3\n",
                     env={"STUDYCLI_NOW": START.isoformat(), "STUDYCLI_FUZZ": "1"})
    assert result.returncode == 0, result.stderr
    with sqlite3.connect(studycli_home / "studycli.db") as db:
        [(state, due)] = db.execute("SELECT state, due FROM cards WHERE card_id = 'zz-fuzz-period:forward'")
    assert (state, datetime.fromisoformat(due) - START) == (LEARNING, timedelta(minutes=10))


# --- review intervals: inside fsrs's fuzz range, and spread ---

HISTORIES = [  # (ratings, days late at each review) walked with fuzz off to reach many review states
    ([3, 3, 3, 3, 3, 3, 3, 3], [0] * 8),
    ([4, 4, 4, 4, 4, 4], [0] * 6),
    ([3, 3, 2, 2, 2, 2, 2, 2, 2], [0] * 9),
    ([3, 3, 3, 1, 3, 3, 3, 4, 3], [0, 0, 2, 0, 0, 1, 5, 0, 30]),
    ([2, 3, 4, 3, 3, 1, 1, 3, 3, 3], [0, 0, 10, 3, 0, 0, 0, 0, 7, 0]),
]


def review_states():
    """(card json, now) for each step of each history: new, learning, review and relearning cards."""
    out = []
    for ratings, late in HISTORIES:
        card, now = None, START
        for rating, days in zip(ratings, late):
            out.append((card, now))
            step = rate(card, rating, now, "walk", FUZZ_OFF)
            card, now = step.fsrs_json, step.due + timedelta(days=days)
    return out


def test_review_intervals_fall_inside_fsrs_fuzz_range_and_are_spread():
    scheduler = scheduling.build_scheduler()
    checked = spread = 0
    for card, now in review_states():
        for rating in (1, 2, 3, 4):
            plain = scheduling.review(card, rating, now, policy=FUZZ_OFF, scheduler=scheduler)
            fuzzed = {scheduling.review(card, rating, now, policy=FUZZ_ON, fuzz_seed=seed, scheduler=scheduler)
                      for seed in SEEDS}
            states = {out.state for out in fuzzed}
            assert states == {plain.state}
            if plain.state != REVIEW:  # a step: exactly what fuzz off gives
                assert {out.interval for out in fuzzed} == {plain.interval}
                continue
            days = plain.interval.days
            assert plain.interval == timedelta(days=days)
            low, high = fsrs_fuzz_range(days)
            got = {out.interval for out in fuzzed}
            assert all(i == timedelta(days=i.days) and low <= i.days <= high for i in got), (
                f"unfuzzed {days} d, fuzzed {sorted(i.days for i in got)}, fsrs's range {low}-{high}")
            checked += 1
            if days >= 3:
                assert len(got) > 1, f"an interval of {days} d was not fuzzed across {len(SEEDS)} seeds"
                spread += 1
    assert checked >= 40 and spread >= 20, (checked, spread)  # the walk reached many review intervals
