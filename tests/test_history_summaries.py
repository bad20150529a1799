"""Issue 19, acceptance 3: the history summaries equal what a full scan of the history computes.

Random histories (ratings in every FSRS state, undos, cards brought forward or deleted, quiz
and exam answers given, changed and answered again across days and time zones) are written
through the store, then every number the store now reads from its summaries is compared
with the same number computed the old way, from every row of the log. A second test
writes the history into a database from before the summaries and checks that the
migration fills them with the same numbers.
"""

from __future__ import annotations

import json
import statistics
import tempfile
from collections import Counter
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from studycli import flashcards
from studycli import store as store_module
from studycli.sessions import history, outlook
from studycli.store import Store, open_store, parse_iso, utc_iso
from studycli.study import scheduling
from studycli.study.cards import NON_FACT_PREFIXES
from studycli.study.home import combined_accuracy, topic_accuracy
from studycli.study.notebook import RIGHT_DAYS_TO_CLEAR, MissSummary, from_summaries, mistakes_notebook
from studycli.study.projection import Costs, default_first_rating, default_review_rating

START = datetime(2026, 3, 27, 20, 0, tzinfo=UTC)  # a week around a weekend, crossing many local midnights
CARDS = [f"fact-{i}:forward" for i in range(5)] + ["fact-0:cloze", "scenario:s1:alarm"]
FACTS = ["fact-0", "fact-1", "fact-2", "fact-3", "fact-4"]
TOPICS = ["alarms", "logs", "config"]
OFFSETS = (0, 60, -300, 330, 345, 540, -570, 37, -61)  # minutes east of UTC; 37 and -61 are no real zone

minutes = st.integers(min_value=0, max_value=7 * 24 * 60)
rate = st.tuples(st.just("rate"), st.sampled_from(CARDS), st.integers(1, 4), minutes,
                 st.sampled_from(("review", "review", "quiz", "scenario")), st.sampled_from((1, 2, 2, 3)),
                 st.booleans(), st.one_of(st.none(), st.integers(-5, 90_000), st.sampled_from((50, 149, 150, 60_049))))
undo = st.tuples(st.just("undo"), st.integers(0, 50))
forward = st.tuples(st.just("forward"), st.sampled_from(CARDS), minutes)
drop_card = st.tuples(st.just("drop_card"), st.sampled_from(CARDS))
# Answers on a few facts over a few days, so facts get missed, answered right on one day and on two.
answer_time = st.builds(lambda day, minute: day * 24 * 60 + minute, st.integers(0, 3), st.integers(0, 180))
answer = st.tuples(st.just("answer"), st.sampled_from((0, 1, 2, 3, 0, 1)),
                   st.lists(st.sampled_from(FACTS[:3]), min_size=1, max_size=2), st.sampled_from(TOPICS),
                   st.booleans(), answer_time, st.integers(0, 12),
                   st.sampled_from((None, None, {}, {"generator": "g", "seed": 1}, {"generator": "h", "seed": 2})))
operations = st.builds(lambda ratings, answers: ratings + answers,
                       st.lists(st.one_of(rate, rate, undo, forward, drop_card), max_size=50),
                       st.lists(answer, min_size=4, max_size=40))


def write(store: Store, ops: list[tuple]) -> None:
    """Apply the operations the way the sessions do (and, for a card, the way nothing does yet)."""
    sessions = [store.start_session(kind, START, seed=1) for kind in ("quiz", "exam", "review", "quiz")]
    logs: list[int] = []
    for op in ops:
        if op[0] == "rate":
            _, card, rating, minute, origin, state, rated_before, *timed = op
            at = START + timedelta(minutes=minute)
            fsrs = {"card_id": 0, "state": state, "step": 0, "stability": 3.0 + minute % 7, "difficulty": 5.0,
                    "due": utc_iso(at), "last_review": utc_iso(at) if rated_before else None}
            logs.append(store.record_review(card_id=card, fact_id=card.split(":")[0], kind="forward",
                                            fsrs_json=json.dumps(fsrs), state=state, due=at + timedelta(days=1),
                                            rating=rating, reviewed_at=at, duration_ms=timed[0] if timed else 1000,
                                            origin=origin))
        elif op[0] == "undo" and logs:
            store.undo_review(logs.pop(op[1] % len(logs)))
        elif op[0] == "forward":
            at = START + timedelta(minutes=op[2])
            store.bring_forward(card_id=op[1], fact_id=op[1].split(":")[0], kind="forward",
                                fsrs_json=json.dumps({"card_id": 0, "state": 1, "due": utc_iso(at),
                                                      "last_review": None}), due=at, now=at)
        elif op[0] == "drop_card":
            with store.transaction() as db:
                db.execute("DELETE FROM cards WHERE card_id = ?", (op[1],))
        elif op[0] == "answer":
            _, session, fact_ids, topic, correct, minute, question, sim = op
            given = {"answer": 0, "shown": f"said {minute}", **({"sim": sim} if sim is not None else {})}
            store.record_answer(session_id=sessions[session], question_id=f"q{question}", fact_ids=fact_ids,
                                topic=topic, qtype="single", given=given, correct=correct,
                                answered_at=START + timedelta(minutes=minute))


# --- the old way: every row of the history ---

def scanned_state_outcomes(store: Store) -> tuple[int, int]:
    row = store.db.execute(
        "SELECT COUNT(*), COALESCE(SUM(rating = 1), 0) FROM review_log WHERE json_extract(previous, '$.state') = 2 "
        "AND json_extract(json_extract(previous, '$.fsrs'), '$.last_review') IS NOT NULL").fetchone()
    return int(row[0]), int(row[1])


def scanned_days(store: Store, offset: int) -> list[str]:
    return [r[0] for r in store.db.execute("SELECT DISTINCT date(reviewed_at, ?) FROM review_log ORDER BY 1",
                                           (f"{offset:+d} minutes",))]


def scanned_per_day(store: Store, since: datetime, offset: int) -> list[tuple[str, int]]:
    return [(r[0], r[1]) for r in store.db.execute(
        "SELECT date(reviewed_at, ?) AS day, COUNT(*) FROM review_log WHERE reviewed_at >= ? GROUP BY day ORDER BY day",
        (f"{offset:+d} minutes", utc_iso(since)))]


def scanned_accuracy(store: Store) -> dict[str, tuple[int, int]]:
    answers = [(r[0], bool(r[1])) for r in store.db.execute("SELECT topic, correct FROM answers")]
    ratings = [(r[0], r[1] > 1) for r in store.db.execute(
        "SELECT c.fact_id, r.rating FROM review_log r JOIN cards c ON c.card_id = r.card_id WHERE r.origin = 'review'")]
    topic_of = {f: TOPICS[i % len(TOPICS)] for i, f in enumerate(FACTS)}
    return topic_accuracy(answers + [(topic_of[f], ok) for f, ok in ratings if f in topic_of])


def tenths(ms: int) -> int:
    return (min(ms, 60_000) + 50) // 100 if ms > 0 else -1


def scanned_costs(rows: list[tuple[int, int, int]]):
    """The forecast's inputs as it computed them from every rating (times to a tenth of a second)."""
    cells: dict[tuple[int, int], list[float]] = {}
    firsts, reviews = [0, 0, 0, 0], [0, 0, 0]
    for state, rating, ms in rows:
        row = {0: 0, 1: 0, 2: 1, 3: 2}.get(state)
        if row is not None and 1 <= rating <= 4 and ms > 0:
            cells.setdefault((row, rating - 1), []).append(min(tenths(ms) / 10, outlook.MAX_SECONDS))
        if state == 0:
            firsts[rating - 1] += 1
        if state == 2 and rating > 1:
            reviews[rating - 2] += 1
    default = Costs.defaults()
    table = [list(default.learning), list(default.review), list(default.relearning)]
    for (row, col), seconds in cells.items():
        if len(seconds) >= outlook.MIN_TIMED:
            table[row][col] = float(statistics.median(seconds))
    first = tuple(n / sum(firsts) for n in firsts) if sum(firsts) >= outlook.MIN_RATINGS else default_first_rating()
    review = tuple(n / sum(reviews) for n in reviews) if sum(reviews) >= outlook.MIN_RATINGS else default_review_rating()
    return Costs(*(tuple(r) for r in table)), first, review


def scanned_memory(store: Store) -> dict[str, tuple[float | None, str | None]]:
    return {cid: (card.get("stability"), card.get("last_review")) for cid, card in
            ((r[0], json.loads(r[1])) for r in store.db.execute("SELECT card_id, fsrs FROM cards"))}


def check_against_a_full_scan(store: Store) -> None:
    assert store.reviews_total() == store.db.execute("SELECT COUNT(*) FROM review_log").fetchone()[0]
    assert store.card_memory([*CARDS, "never-met:forward"]) == scanned_memory(store)
    every = store.card_ids()
    for catalogue in (set(CARDS[::2]) | {"never-met:forward"}, set(CARDS[1::2]), set()):
        assert store.stored_among(catalogue) == every & catalogue
        assert flashcards.orphan_count(store, every & catalogue) == \
            sum(1 for i in every - catalogue if not i.startswith(NON_FACT_PREFIXES))
    assert store.cards_total() == len(every)
    for prefix in ("scenario:", "fact-1", "f", "zz"):
        assert store.ids_with_prefix(prefix) == {c for c in every if c.startswith(prefix)}
        assert store.count_with_prefix(prefix) == len(store.ids_with_prefix(prefix))
    for hours in (-1, 5, 30, 200):   # the queue's due cards of the catalogue's cards only; the home screen's ids
        before, steps = START + timedelta(hours=hours), START + timedelta(hours=hours - 3)
        assert store.due_card_ids(before) == set(store.due_cards(before))
        for prefix in ("fact-0:", "fact-", "scenario:", "z"):
            assert store.due_card_ids(before, prefix) == {c for c in store.due_cards(before) if c.startswith(prefix)}
        every_due = store.due_cards(before, steps_before=steps)
        assert store.due_cards(before, steps_before=steps, among=set(CARDS[::2])) == \
            {cid: when for cid, when in every_due.items() if cid in CARDS[::2]}
    assert store.review_state_outcomes() == scanned_state_outcomes(store)
    rows = store.rating_times()
    counts = store.rating_time_counts()
    assert Counter({(s, r, t): n for s, r, t, n in counts}) == Counter((s, r, tenths(ms)) for s, r, ms in rows)
    assert (outlook.costs(counts), outlook.first_rating(counts), outlook.review_rating(counts)) == scanned_costs(rows)
    topic_of = {f: TOPICS[i % len(TOPICS)] for i, f in enumerate(FACTS)}
    assert combined_accuracy(store.topic_answer_counts(), store.fact_rating_counts(), topic_of) == scanned_accuracy(store)
    every = store.fact_rating_counts()
    assert store.fact_rating_counts(FACTS[:2]) == {f: n for f, n in every.items() if f in FACTS[:2]}
    for offset in OFFSETS:
        zone = timezone(timedelta(minutes=offset))
        assert store.review_days(offset) == scanned_days(store, offset)
        assert list(store.review_days_newest_first(offset)) == scanned_days(store, offset)[::-1]
        for day in range(-1, 9):
            midnight = datetime.combine(START.date() + timedelta(days=day), datetime.min.time(), tzinfo=zone)
            for since in (midnight, midnight + timedelta(minutes=7)):
                assert store.reviews_per_day(since, offset) == scanned_per_day(store, since, offset)
            today = midnight.date()
            every_day = [date.fromisoformat(d) for d in scanned_days(store, offset)]
            newest_first = (date.fromisoformat(d) for d in store.review_days_newest_first(offset))
            assert scheduling.streak_from_newest(newest_first, today) == scheduling.streak(every_day, today)
            for days in (1, 7, 30):   # the due forecast counted by SQLite, against every due time read
                scanned = scheduling.forecast(store.due_times(midnight + timedelta(days=days)), midnight + timedelta(hours=5),
                                              days=days)
                assert scheduling.forecast_of(store.due_day_counts(midnight, days), midnight) == scanned
        at = START.astimezone(zone) + timedelta(days=8)
        assert history.notebook(store, at) == mistakes_notebook(history.past_answers(store), at.astimezone().tzinfo)
        assert history.missed_fact_ids(store, at) == {e.fact_id for e in history.notebook(store, at)}
        summaries = [MissSummary(f, n, parse_iso(w), "", "", parse_iso(a) if a else None, parse_iso(b) if b else None)
                     for f, n, w, _, _, a, b, _ in store.notebook_rows()]
        assert store.open_notebook_facts(offset, RIGHT_DAYS_TO_CLEAR) == {e.fact_id for e in from_summaries(summaries, zone)}


@settings(max_examples=60, deadline=None)
@given(operations)
def test_the_summaries_equal_a_full_scan_of_the_history(ops):
    with tempfile.TemporaryDirectory() as tmp, open_store(Path(tmp) / "studycli.db") as store:
        write(store, ops)
        check_against_a_full_scan(store)


@settings(max_examples=25, deadline=None)
@given(operations)
def test_the_migration_fills_the_summaries_from_the_history_so_far(ops):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "studycli.db"
        every = list(store_module.MIGRATIONS)
        store_module.MIGRATIONS[:] = every[:2]   # as the database was before the summaries
        try:
            with open_store(path) as old:
                assert not old.db.execute("SELECT 1 FROM sqlite_master WHERE name = 'review_totals'").fetchone()
                write(old, ops)
        finally:
            store_module.MIGRATIONS[:] = every
        with open_store(path) as store:
            check_against_a_full_scan(store)
            write(store, ops[: len(ops) // 2])  # and the triggers carry on from there
            check_against_a_full_scan(store)


def test_a_changed_answer_moves_its_fact_in_and_out_of_the_notebook():
    with open_store() as store:
        quiz = store.start_session("quiz", START)
        day = timedelta(days=1)
        for n, correct in enumerate((False, True)):
            store.record_answer(session_id=quiz, question_id=f"q{n}", fact_ids=["fact-1"], topic="alarms",
                                qtype="single", given={"shown": "A"}, correct=correct, answered_at=START + n * day)
        assert [e.fact_id for e in history.notebook(store, START + 3 * day)] == ["fact-1"]
        # the learner changes the first answer on the exam's review screen: nothing was ever wrong
        store.record_answer(session_id=quiz, question_id="q0", fact_ids=["fact-1"], topic="alarms",
                            qtype="single", given={"shown": "B"}, correct=True, answered_at=START)
        assert history.notebook(store, START + 3 * day) == []
        assert store.topic_answer_counts() == {"alarms": (2, 2)}


@pytest.mark.parametrize("rated", [True, False])
@settings(max_examples=200, deadline=None)
@given(stability=st.floats(0.01, 36500), days_ago=st.integers(-3, 4000), minute=st.integers(0, 1439))
def test_recall_from_two_numbers_equals_fsrs(rated, stability, days_ago, minute):
    now = START + timedelta(minutes=minute)
    last = START - timedelta(days=days_ago, minutes=minute * 7 % 1440)
    card = {"card_id": 0, "state": 2, "step": None, "stability": stability if rated else None,
            "difficulty": 5.0, "due": now.isoformat(), "last_review": last.isoformat() if rated else None}
    scheduler = scheduling.build_scheduler()
    expected = scheduling.retrievability(json.dumps(card), now, scheduler)
    assert scheduling.recall(card["stability"], card["last_review"], now, scheduler) == expected


@settings(max_examples=100, deadline=None)
@given(cards=st.lists(st.tuples(st.one_of(st.none(), st.just(0), st.floats(0.01, 36500)),
                                st.one_of(st.none(), st.integers(-3 * 86400, 4000 * 86400)),
                                st.integers(0, 999_999)), max_size=30),
       weight=st.sampled_from((scheduling.DEFAULT_DECAY_WEIGHT, 0.1, 0.5)))
def test_the_recall_of_many_cards_at_once_is_each_cards_recall(cards, weight):
    memory = {f"c{i}": (stability, (START - timedelta(seconds=ago, microseconds=micro)).isoformat()
                        if ago is not None else None) for i, (stability, ago, micro) in enumerate(cards)}
    ids = [*memory, "never-rated"]
    assert scheduling.recalls(memory, ids, START, weight) == \
        {cid: scheduling.recall(*memory.get(cid, (None, None)), START, weight) for cid in ids}


def test_the_summaries_count_what_they_say():
    """Hand-made history, known answers (so the property tests above compare two right things)."""
    with open_store() as store:
        ops = [("rate", "fact-1:forward", 3, 0, "review", 2, True), ("rate", "fact-1:forward", 1, 30, "review", 2, True),
               ("rate", "fact-2:forward", 1, 24 * 60, "quiz", 1, False),
               ("answer", 0, ["fact-2"], "logs", False, 10, 0, None), ("answer", 0, ["fact-2"], "logs", True, 20, 1, None)]
        write(store, ops)
        assert store.reviews_total() == 3
        assert store.review_state_outcomes() == (1, 1)  # the first rating had no card before it
        assert store.fact_rating_counts() == {"fact-1": (1, 2)}
        assert store.topic_answer_counts() == {"logs": (1, 2)}
        assert store.review_days(0) == ["2026-03-27", "2026-03-28"]
        assert store.review_days(540) == ["2026-03-28", "2026-03-29"]  # 20:00 UTC is 05:00 the next day in Seoul
        assert store.reviews_per_day(datetime(2026, 3, 28, tzinfo=UTC), 0) == [("2026-03-28", 1)]
        [entry] = history.notebook(store, START + timedelta(days=1))
        assert (entry.fact_id, entry.wrong_count, entry.last_given, len(entry.right_days_since)) == ("fact-2", 1,
                                                                                                   "said 10", 1)
        write(store, [("answer", 0, ["fact-2"], "logs", True, 3000, 2, None)])  # right again two days later: cleared
        assert history.notebook(store, START + timedelta(days=3)) == []
        assert Counter(store.review_days_newest_first(0)) == Counter(["2026-03-28", "2026-03-27"])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 600).map(lambda t: t / 10), st.integers(1, 5)), min_size=1, max_size=12))
def test_a_counted_median_is_the_median_of_every_value(counted):
    every = [value for value, n in counted for _ in range(n)]
    assert outlook.counted_median(counted) == statistics.median(every)


@settings(max_examples=15, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(CARDS[:3]), st.integers(1, 4), st.sampled_from((1, 2, 3)), st.booleans(),
                          st.integers(1, 30_000)), min_size=60, max_size=160))
def test_the_forecast_reads_the_same_mix_and_times_from_the_counts(ratings):
    """Long enough histories that the learner's own figures replace the defaults."""
    with tempfile.TemporaryDirectory() as tmp, open_store(Path(tmp) / "studycli.db") as store:
        write(store, [("rate", card, rating, n, "review", state, rated, ms)
                      for n, (card, rating, state, rated, ms) in enumerate(ratings)])
        counts, rows = store.rating_time_counts(), store.rating_times()
        found = (outlook.costs(counts), outlook.first_rating(counts), outlook.review_rating(counts))
        assert found == scanned_costs(rows)
        assert found[0] != Costs.defaults()   # some cell had enough timed ratings to be the learner's


def test_the_due_forecast_puts_a_card_due_at_midnight_in_the_day_it_starts(tmp_path):
    zone = timezone(timedelta(hours=9))
    start = datetime(2026, 5, 1, tzinfo=zone)
    dues = [start - timedelta(days=3), start - timedelta(microseconds=1), start, start + timedelta(microseconds=1),
            start + timedelta(days=1) - timedelta(microseconds=1), start + timedelta(days=1), start + timedelta(days=2),
            start + timedelta(days=3)]
    with open_store(tmp_path / "s.db") as store, store.transaction() as db:
        db.executemany("INSERT INTO cards(card_id, fact_id, kind, fsrs, state, due, introduced_at) "
                       "VALUES (?, 'f', 'forward', '{}', 2, ?, ?)",
                       [(f"c{i}", utc_iso(due), utc_iso(start)) for i, due in enumerate(dues)])
        assert store.due_day_counts(start, 3) == [5, 1, 1]
        assert store.due_day_counts(start, 3) == [d["due"] for d in scheduling.forecast(store.due_times(
            start + timedelta(days=3)), start + timedelta(hours=1), days=3)]
