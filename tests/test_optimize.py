"""`studycli optimize` (issue 20): FSRS fitted to the learner's own history, kept only when it predicts better.

Acceptance 1: simulated learners whose memory follows known parameters unlike the defaults
(tests/simlearner.py); the parameters fitted on their older ratings have a lower log loss
than the defaults on their newest, held-out ratings. And the input guard: fsrs-rs aborts on an
item with no elapsed day, so no such item ever reaches it.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
import simlearner
from conftest import run_cli
from hypothesis import given
from hypothesis import strategies as st

from studycli.store import open_store, utc_iso
from studycli.study import fitting, scheduling

LEARNERS = (1, 2, 3, 4)   # odd: forgets faster than the defaults say; even: remembers better


@pytest.fixture(scope="module")
def learners():
    """Four simulated learners, 60 days of studycli reviews each (800 cards, 12 new a day)."""
    return {seed: simlearner.simulate(simlearner.true_parameters(seed), cards=800, days=60, new_per_day=12,
                                      seed=seed) for seed in LEARNERS}


@pytest.mark.parametrize("seed", LEARNERS)
def test_fitted_parameters_beat_the_defaults_on_held_out_reviews(learners, seed):
    learner = learners[seed]
    report = fitting.optimize(learner.log)
    assert report.enough and report.kept == "fitted"
    assert report.loss_fitted < report.loss_default
    # the held-out ratings are the newest: everything fitted on came before them
    train, held_out = fitting.time_split(fitting.items_from(learner.log))
    assert (len(train), len(held_out)) == (report.train, report.held_out)
    assert max(it.at for it in train) < min(it.at for it in held_out) == report.split_at
    # and the figures are the library's own scoring of those very ratings
    assert report.loss_default == pytest.approx(fitting.log_loss(fitting.default_parameters(), held_out))
    assert report.loss_fitted == pytest.approx(fitting.log_loss(report.fitted, held_out))
    # the truth scores about as well as the fit: the simulation is what it claims to be
    assert fitting.log_loss(learner.parameters, held_out) < report.loss_default


def test_when_the_fit_does_not_predict_better_the_defaults_stay(learners, monkeypatch):
    bad = list(fitting.default_parameters())
    bad[:4] = [100.0, 100.0, 100.0, 100.0]   # "every card is remembered for months": far off
    monkeypatch.setattr(fitting, "fit_parameters", lambda items, **_: tuple(bad))
    report = fitting.optimize(learners[1].log)
    assert report.loss_fitted > report.loss_default
    assert report.kept == "default" and report.parameters is None


def test_a_previous_fit_is_compared_too(learners):
    learner = learners[2]
    first = fitting.optimize(learner.log)
    again = fitting.optimize(learner.log, current=first.fitted)
    assert again.loss_current == pytest.approx(first.loss_fitted)
    assert again.kept in ("current", "fitted") and again.loss_current is not None


# --- the input guard ---

def ratings_of(*rows):
    start = datetime(2026, 3, 1, 9, tzinfo=UTC)
    return [fitting.Rating(cid, rating, start + timedelta(hours=hours)) for cid, rating, hours in rows]


def test_same_day_ratings_make_no_item_and_the_library_is_never_called():
    # learning steps minutes apart, another card rated twice 23 hours apart: no whole day elapsed
    log = ratings_of(("a", 3, 0), ("a", 3, 0.02), ("a", 3, 0.2), ("b", 1, 0), ("b", 3, 23))
    assert fitting.items_from(log) == []
    report = fitting.optimize(log)
    assert (report.usable, report.kept, report.fitted) == (0, None, None)


def test_an_item_without_elapsed_days_is_refused_before_fsrs_rs_sees_it():
    bad = fitting.Item("a", ((3, 0), (3, 0)), 1, datetime(2026, 3, 1, tzinfo=UTC))
    assert not fitting.is_valid_item(bad)
    with pytest.raises(ValueError, match="no elapsed day"):
        fitting.to_fsrs([bad])
    with pytest.raises(ValueError):
        fitting.log_loss(fitting.default_parameters(), [bad])


@given(st.lists(st.tuples(st.sampled_from("abcd"), st.integers(1, 4), st.floats(0, 24 * 40)), max_size=60))
def test_every_item_from_any_history_is_one_fsrs_rs_accepts(rows):
    items = fitting.items_from(ratings_of(*rows))
    assert all(fitting.is_valid_item(it) and it.reviews[-1][1] >= 1 for it in items)
    if items:  # the library scores them without aborting the process
        assert fitting.log_loss(fitting.default_parameters(), items) >= 0


def test_days_are_counted_as_the_scheduler_counts_them():
    log = ratings_of(("a", 3, 0), ("a", 3, 47.9), ("a", 1, 48.0 + 24 * 5))
    (first, second) = fitting.items_from(log)
    assert first.reviews == ((3, 0), (3, 1)) and second.reviews == ((3, 0), (3, 1), (1, 5))


# --- the command ---

def fill_store(learner) -> None:
    """The learner's cards and ratings, written as studycli keeps them."""
    with open_store() as store, store.transaction() as db:
        for cid, fsrs_json in learner.cards.items():
            card = json.loads(fsrs_json)
            db.execute("INSERT INTO cards(card_id, fact_id, kind, fsrs, state, due, introduced_at) "
                       "VALUES (?, ?, 'forward', ?, ?, ?, ?)",
                       (cid, cid.split(":")[0], fsrs_json, card["state"], utc_iso(learner.due_at[cid]),
                        utc_iso(simlearner.START)))
        db.executemany("INSERT INTO review_log(card_id, rating, reviewed_at, origin) VALUES (?, ?, ?, 'review')",
                       [(r.card_id, r.rating, utc_iso(r.at)) for r in learner.log])


def test_optimize_keeps_the_fit_stores_it_and_the_scheduler_uses_it(learners):
    from studycli import flashcards, settings

    fill_store(learners[3])
    result = run_cli("optimize", "--json")
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["enough"] and doc["kept"] == "fitted" and doc["usable"] >= doc["needed"] == 400
    assert doc["log_loss"]["fitted"] < doc["log_loss"]["default"]
    assert doc["cards_recomputed"] == len(learners[3].cards)
    with open_store() as store:
        policy = settings.policy(store)
        assert policy.parameters == pytest.approx(doc["fitted_parameters"])
        assert json.loads(store.get_config(settings.FIT_KEY))["kept"] == "fitted"
        # stored states were recomputed under the fitted parameters (due dates unchanged)
        expected = fitting.memory_states(learners[3].log, policy.parameters)
        cid = sorted(expected)[0]
        card = json.loads(store.card_row(cid)["fsrs"])
        assert (card["stability"], card["difficulty"]) == pytest.approx(expected[cid], rel=1e-6)
        assert card["due"] == json.loads(learners[3].cards[cid])["due"]
        # the next rating is scheduled with them
        now = learners[3].due_at[cid] + timedelta(days=1)
        stored = store.card_row(cid)["fsrs"]
        fitted = scheduling.review(stored, 3, now,
                                   policy=scheduling.Policy(fuzzing=False, parameters=policy.parameters))
        default = scheduling.review(stored, 3, now, policy=scheduling.Policy(fuzzing=False))
        log_id = flashcards.rate_card(store, card_id=cid, fact_id=cid.split(":")[0], kind="forward", rating=3,
                                      now=now, fuzzing=False)
        assert log_id and store.card_row(cid)["due"] == utc_iso(fitted.due) != utc_iso(default.due)

    text = run_cli("optimize")
    assert text.returncode == 0
    assert "Log loss" in text.stdout and "default parameters" in text.stdout

    reset = run_cli("optimize", "--reset")
    assert reset.returncode == 0 and "Back to FSRS-6's default parameters" in reset.stdout
    with open_store() as store:
        assert settings.policy(store).parameters is None


def test_too_little_history_says_how_much_is_needed():
    from studycli import flashcards

    start = datetime(2026, 3, 1, 9, tzinfo=UTC)
    with open_store() as store:
        for day in (0, 2, 6):
            flashcards.rate_card(store, card_id="f:forward", fact_id="f", kind="forward", rating=3,
                                 now=start + timedelta(days=day), fuzzing=False)
    doc = json.loads(run_cli("optimize", "--json").stdout)
    assert (doc["ratings"], doc["usable"], doc["needed"], doc["enough"], doc["kept"]) == (3, 2, 400, False, None)
    text = run_cli("optimize", env={"STUDYCLI_LANG": "ko"})
    assert text.returncode == 0 and "398회 더 필요합니다" in text.stdout
    with open_store() as store:
        assert store.get_config("fsrs_parameters") is None


def test_damaged_stored_parameters_are_one_error_line():
    with open_store() as store:
        store.set_config("fsrs_parameters", "[1, 2, 3]")
    result = run_cli("stats")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines() == [
        "Error: fsrs_parameters: the stored FSRS parameters are damaged; run `studycli optimize --reset`"]
    assert run_cli("optimize", "--reset").returncode == 0
    assert run_cli("stats").returncode == 0
