"""History summaries the database keeps itself, so no command reads every rating (issue 19).

A year of daily study is 50k-200k ratings. What `stats`, `home` and the quiz need from
that history is small: totals, ratings per day, accuracy per topic and per fact, and the
wrong-answer notebook. SQLite triggers keep those summaries up to date as each rating and
answer is written, taken back (undo) or replaced, in the same transaction as the write, so
they hold whoever writes and are never half-updated. The migration that adds them fills
them once from the history already there.

- `review_totals`: one row, every rating, and the ratings of cards that were in the review
  state (true retention), with how many of those were Again.
- `review_quarters`: ratings per UTC quarter hour. Every time zone in use today is a whole
  number of quarter hours from UTC, so a learner's day is a run of whole quarters and
  ratings per local day and the streak read a few rows per day studied.
- `fact_ratings`: flashcard ratings (origin `review`) and how many were not Again, per fact
  of the card (as a join of the log with the card table gives them).
- `topic_answers`: quiz and exam answers per topic, and how many were right.
- `answer_facts` and `notebook`: quiz and exam answers by fact, and per fact ever missed
  its misses, its last miss and the first and last right answer since: all the
  wrong-answer notebook needs (see `studycli.study.notebook.from_summaries`).

This module holds the schema and the migrations; `studycli.store_reads.HistoryReads` (a base of
`studycli.store.Store`) reads them.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

QUARTER_MINUTES = 15
# A card queued (brought forward) but never rated has no last review (the index `cards_rated`).
RATED = "json_extract(fsrs, '$.last_review') IS NOT NULL"


def quarter_key(utc_text: str) -> str:
    """The SQL expression for the UTC quarter hour of an ISO time, 'YYYY-MM-DD HH:MM'."""
    return (f"COALESCE(strftime('%Y-%m-%d %H:', {utc_text}) "
            f"|| printf('%02d', CAST(strftime('%M', {utc_text}) AS INTEGER) / 15 * 15), '')")


def _json(text: str, kind: str) -> str:
    """`text` when it is JSON of `kind` (array, object), else an empty one: a damaged row never blocks a write."""
    empty = "'[]'" if kind == "array" else "'{}'"
    return f"CASE WHEN json_valid({text}) THEN CASE WHEN json_type({text}) = '{kind}' THEN {text} ELSE {empty} END ELSE {empty} END"


def in_review_state(row: str) -> str:
    """1 when the rating's card was in the review state and had been rated before (else 0)."""
    previous = _json(f"{row}.previous", "object")
    fsrs = f"json_extract({previous}, '$.fsrs')"
    return (f"(CASE WHEN json_extract({previous}, '$.state') = 2 THEN "
            f"CASE WHEN json_valid({fsrs}) THEN json_extract({fsrs}, '$.last_review') IS NOT NULL ELSE 0 END "
            f"ELSE 0 END)")


def keeps_a_simulator_question(given: str) -> str:
    """1 when an answer's `given` JSON keeps a (non-empty) `sim` object, as the notebook reads it."""
    doc = _json(given, "object")
    return f"(json_type({doc}, '$.sim') IS 'object' AND json_extract({doc}, '$.sim') != '{{}}')"


SCHEMA = """
CREATE TABLE review_totals (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    ratings INTEGER NOT NULL,
    review_state_ratings INTEGER NOT NULL,
    review_state_again INTEGER NOT NULL
) STRICT;
CREATE TABLE review_quarters (quarter TEXT PRIMARY KEY, ratings INTEGER NOT NULL) WITHOUT ROWID, STRICT;
CREATE TABLE fact_ratings (fact_id TEXT PRIMARY KEY, ratings INTEGER NOT NULL, passed INTEGER NOT NULL)
    WITHOUT ROWID, STRICT;
CREATE TABLE topic_answers (topic TEXT PRIMARY KEY, answered INTEGER NOT NULL, correct INTEGER NOT NULL)
    WITHOUT ROWID, STRICT;
CREATE TABLE answer_facts (
    fact_id TEXT NOT NULL,
    correct INTEGER NOT NULL,
    answered_at TEXT NOT NULL,
    answer_id INTEGER NOT NULL,
    slot INTEGER NOT NULL,
    has_sim INTEGER NOT NULL,           -- the answer keeps a simulator question's generator and seed
    PRIMARY KEY (fact_id, correct, answered_at, answer_id, slot)
) WITHOUT ROWID, STRICT;
CREATE TABLE notebook (
    fact_id TEXT PRIMARY KEY,
    wrong_count INTEGER NOT NULL,
    last_wrong_at TEXT NOT NULL,
    last_wrong_answer INTEGER NOT NULL,
    first_right_after TEXT,
    last_right_after TEXT,
    last_sim_answer INTEGER             -- the latest miss that keeps a simulator question (to ask it again)
) WITHOUT ROWID, STRICT;
"""


# --- what one rating, card or answer adds to (sign +1) or takes from (sign -1) the summaries ---

def _rating(row: str, sign: int) -> list[str]:
    state = in_review_state(row)
    quarter = quarter_key(f"{row}.reviewed_at")
    return [
        f"UPDATE review_totals SET ratings = ratings + {sign}, "
        f"review_state_ratings = review_state_ratings + {sign} * {state}, "
        f"review_state_again = review_state_again + {sign} * ({state} AND {row}.rating = 1)",
        f"INSERT INTO review_quarters(quarter, ratings) VALUES ({quarter}, {sign}) "
        f"ON CONFLICT(quarter) DO UPDATE SET ratings = ratings + excluded.ratings",
        f"DELETE FROM review_quarters WHERE quarter = {quarter} AND ratings = 0",
        f"INSERT INTO fact_ratings(fact_id, ratings, passed) "
        f"SELECT fact_id, {sign}, {sign} * ({row}.rating > 1) FROM cards "
        f"WHERE card_id = {row}.card_id AND {row}.origin = 'review' "
        f"ON CONFLICT(fact_id) DO UPDATE SET ratings = ratings + excluded.ratings, passed = passed + excluded.passed",
        f"DELETE FROM fact_ratings WHERE ratings = 0 AND fact_id = (SELECT fact_id FROM cards WHERE card_id = {row}.card_id)",
    ]


def _card(row: str, sign: int) -> list[str]:
    """A card row appearing or going: the ratings already logged for its id count for its fact, or stop counting."""
    return [
        f"INSERT INTO fact_ratings(fact_id, ratings, passed) "
        f"SELECT {row}.fact_id, {sign} * COUNT(*), {sign} * COALESCE(SUM(rating > 1), 0) FROM review_log "
        f"WHERE card_id = {row}.card_id AND origin = 'review' HAVING COUNT(*) > 0 "
        f"ON CONFLICT(fact_id) DO UPDATE SET ratings = ratings + excluded.ratings, passed = passed + excluded.passed",
        f"DELETE FROM fact_ratings WHERE ratings = 0 AND fact_id = {row}.fact_id",
    ]


def _fact_ids(row: str) -> str:
    return f"(SELECT DISTINCT CAST(value AS TEXT) AS fact_id FROM json_each({_json(f'{row}.fact_ids', 'array')}))"


def refill_notebook(facts: str) -> list[str]:
    """Recompute the notebook rows of the fact ids `facts` (a subquery with a fact_id column)."""
    last_wrong = ("(SELECT {col} FROM answer_facts x WHERE x.fact_id = f.fact_id AND x.correct = 0{only} "
                  "ORDER BY x.answered_at DESC, x.answer_id DESC LIMIT 1)")
    right_after = ("(SELECT {fn}(r.answered_at) FROM answer_facts r WHERE r.fact_id = m.fact_id AND r.correct = 1 "
                   "AND (r.answered_at, r.answer_id) > (m.at, m.answer))")
    return [
        f"DELETE FROM notebook WHERE fact_id IN (SELECT fact_id FROM {facts})",
        "INSERT INTO notebook(fact_id, wrong_count, last_wrong_at, last_wrong_answer, first_right_after, "
        f"last_right_after, last_sim_answer) SELECT m.fact_id, m.wrong, m.at, m.answer, "
        f"{right_after.format(fn='MIN')}, {right_after.format(fn='MAX')}, m.sim FROM (SELECT f.fact_id, "
        "(SELECT COUNT(*) FROM answer_facts c WHERE c.fact_id = f.fact_id AND c.correct = 0) AS wrong, "
        f"{last_wrong.format(col='answered_at', only='')} AS at, {last_wrong.format(col='answer_id', only='')} "
        f"AS answer, {last_wrong.format(col='answer_id', only=' AND x.has_sim')} AS sim "
        f"FROM {facts} f) m WHERE m.wrong > 0",
    ]


def _answer(row: str, sign: int) -> list[str]:
    correct = f"({row}.correct != 0)"
    topic = [
        f"INSERT INTO topic_answers(topic, answered, correct) VALUES ({row}.topic, {sign}, {sign} * {correct}) "
        f"ON CONFLICT(topic) DO UPDATE SET answered = answered + excluded.answered, correct = correct + excluded.correct",
        f"DELETE FROM topic_answers WHERE topic = {row}.topic AND answered = 0",
    ]
    if sign > 0:
        by_fact = (f"INSERT INTO answer_facts(fact_id, correct, answered_at, answer_id, slot, has_sim) "
                   f"SELECT CAST(j.value AS TEXT), {correct}, {row}.answered_at, {row}.id, j.key, "
                   f"{keeps_a_simulator_question(f'{row}.given')} "
                   f"FROM json_each({_json(f'{row}.fact_ids', 'array')}) j "
                   f"WHERE (SELECT kind FROM sessions WHERE id = {row}.session_id) IN ('quiz', 'exam')")
    else:
        by_fact = (f"DELETE FROM answer_facts WHERE fact_id IN (SELECT fact_id FROM {_fact_ids(row)}) "
                   f"AND correct = {correct} AND answered_at = {row}.answered_at AND answer_id = {row}.id")
    return [*topic, by_fact, *refill_notebook(_fact_ids(row))]


def _trigger(name: str, event: str, table: str, statements: list[str]) -> str:
    body = "".join(f"    {s};\n" for s in statements)
    return f"CREATE TRIGGER {name} AFTER {event} ON {table} BEGIN\n{body}END"


TRIGGERS = [
    _trigger("summarise_rating_added", "INSERT", "review_log", _rating("NEW", 1)),
    _trigger("summarise_rating_removed", "DELETE", "review_log", _rating("OLD", -1)),
    _trigger("summarise_rating_changed", "UPDATE", "review_log", _rating("OLD", -1) + _rating("NEW", 1)),
    _trigger("summarise_card_added", "INSERT", "cards", _card("NEW", 1)),
    _trigger("summarise_card_removed", "DELETE", "cards", _card("OLD", -1)),
    _trigger("summarise_card_renamed", "UPDATE OF card_id, fact_id", "cards", _card("OLD", -1) + _card("NEW", 1)),
    _trigger("summarise_answer_added", "INSERT", "answers", _answer("NEW", 1)),
    _trigger("summarise_answer_removed", "DELETE", "answers", _answer("OLD", -1)),
    _trigger("summarise_answer_changed", "UPDATE", "answers", _answer("OLD", -1) + _answer("NEW", 1)),
]


# --- migration 4: how the learner rates and how long it takes (the exam-day forecast's costs) ---

def state_before(row: str) -> str:
    """The card's state before a rating, as the forecast counts it: 0 at first sight (never rated
    before), else its FSRS state (1 learning, 2 review, 3 relearning)."""
    previous = _json(f"{row}.previous", "object")
    fsrs = f"json_extract({previous}, '$.fsrs')"
    last = f"(CASE WHEN json_valid({fsrs}) THEN json_extract({fsrs}, '$.last_review') END)"
    return (f"(CASE WHEN {row}.previous IS NULL OR {last} IS NULL THEN 0 "
            f"ELSE CAST(json_extract({previous}, '$.state') AS INTEGER) END)")


def tenths(row: str) -> str:
    """How long a rating took, in tenths of a second up to a minute (the forecast caps longer ones:
    an interruption, not thinking time); -1 when it was not timed."""
    return (f"(CASE WHEN COALESCE({row}.duration_ms, 0) > 0 THEN (MIN({row}.duration_ms, 60000) + 50) / 100 "
            "ELSE -1 END)")


RATING_TIMES = """
CREATE TABLE rating_times (
    state INTEGER NOT NULL,             -- before the rating: 0 first sight, 1 learning, 2 review, 3 relearning
    rating INTEGER NOT NULL,
    tenths INTEGER NOT NULL,            -- how long it took, in tenths of a second (up to 600); -1 not timed
    n INTEGER NOT NULL,
    PRIMARY KEY (state, rating, tenths)
) WITHOUT ROWID, STRICT
"""


def _rating_time(row: str, sign: int) -> list[str]:
    """A flashcard rating (origin `review`) counted in, or out of, its (state, rating, time) cell."""
    cell = f"{state_before(row)}, {row}.rating, {tenths(row)}"
    return [
        f"INSERT INTO rating_times(state, rating, tenths, n) SELECT {cell}, {sign} WHERE {row}.origin = 'review' "
        "ON CONFLICT(state, rating, tenths) DO UPDATE SET n = n + excluded.n",
        f"DELETE FROM rating_times WHERE n = 0 AND (state, rating, tenths) = ({cell})",
    ]


def create_rating_times(db: sqlite3.Connection) -> None:
    """The migration: the table, filled once from the ratings so far, then its triggers."""
    db.execute(RATING_TIMES)
    db.execute(f"INSERT INTO rating_times(state, rating, tenths, n) SELECT {state_before('r')}, r.rating, "
               f"{tenths('r')}, COUNT(*) FROM review_log r WHERE r.origin = 'review' GROUP BY 1, 2, 3")
    for trigger in (_trigger("summarise_rating_time_added", "INSERT", "review_log", _rating_time("NEW", 1)),
                    _trigger("summarise_rating_time_removed", "DELETE", "review_log", _rating_time("OLD", -1)),
                    _trigger("summarise_rating_time_changed", "UPDATE", "review_log",
                             _rating_time("OLD", -1) + _rating_time("NEW", 1))):
        db.execute(trigger)


# --- migration 5: each card's memory, what its chance of recall now is worked out from ---

def _memory(row: str) -> str:
    """The card's FSRS stability and last review, as `json_extract` reads them (NULL from a damaged card)."""
    return ", ".join(f"CASE WHEN json_valid({row}.fsrs) THEN json_extract({row}.fsrs, '$.{name}') END"
                     for name in ("stability", "last_review"))


def create_card_memory(db: sqlite3.Connection) -> None:
    """The migration: two columns of every card's FSRS state in a narrow table, so the quiz weighs
    thousands of facts by recall without parsing thousands of cards' JSON; kept by triggers."""
    db.execute("CREATE TABLE card_memory (card_id TEXT PRIMARY KEY, stability, last_review) WITHOUT ROWID")
    db.execute(f"INSERT INTO card_memory(card_id, stability, last_review) SELECT cards.card_id, {_memory('cards')} "
               "FROM cards")
    remember = f"INSERT OR REPLACE INTO card_memory(card_id, stability, last_review) VALUES (NEW.card_id, {_memory('NEW')})"
    forget = "DELETE FROM card_memory WHERE card_id = OLD.card_id"
    for trigger in (_trigger("card_memory_added", "INSERT", "cards", [remember]),
                    _trigger("card_memory_removed", "DELETE", "cards", [forget]),
                    _trigger("card_memory_changed", "UPDATE OF card_id, fsrs", "cards", [forget, remember])):
        db.execute(trigger)


def _statements(script: str) -> list[str]:
    return [s.strip() for s in script.split(";") if s.strip()]


def create(db: sqlite3.Connection) -> None:
    """The migration: the summary tables, filled once from the history so far, then the triggers."""
    for statement in _statements(SCHEMA):
        db.execute(statement)
    state = in_review_state("r")
    db.execute("INSERT INTO review_totals(id, ratings, review_state_ratings, review_state_again) "
               f"SELECT 1, COUNT(*), COALESCE(SUM({state}), 0), COALESCE(SUM({state} AND r.rating = 1), 0) "
               "FROM review_log r")
    db.execute(f"INSERT INTO review_quarters(quarter, ratings) SELECT {quarter_key('reviewed_at')}, COUNT(*) "
               "FROM review_log GROUP BY 1")
    db.execute("INSERT INTO fact_ratings(fact_id, ratings, passed) SELECT c.fact_id, COUNT(*), SUM(r.rating > 1) "
               "FROM review_log r JOIN cards c ON c.card_id = r.card_id WHERE r.origin = 'review' GROUP BY c.fact_id")
    db.execute("INSERT INTO topic_answers(topic, answered, correct) SELECT topic, COUNT(*), SUM(correct != 0) "
               "FROM answers GROUP BY topic")
    db.execute("INSERT INTO answer_facts(fact_id, correct, answered_at, answer_id, slot, has_sim) "
               f"SELECT CAST(j.value AS TEXT), a.correct != 0, a.answered_at, a.id, j.key, "
               f"{keeps_a_simulator_question('a.given')} "
               f"FROM answers a JOIN sessions s ON s.id = a.session_id, json_each({_json('a.fact_ids', 'array')}) j "
               "WHERE s.kind IN ('quiz', 'exam')")
    for statement in refill_notebook("(SELECT DISTINCT fact_id FROM answer_facts)"):
        db.execute(statement)
    for trigger in TRIGGERS:
        db.execute(trigger)


def key_range(prefix: str) -> tuple[str, str]:
    """(`prefix`, the least text above every text that starts with it): `BETWEEN`-style bounds of a key."""
    return prefix, prefix[:-1] + chr(ord(prefix[-1]) + 1)


def utc_iso(moment: datetime) -> str:
    """Times are stored as ISO 8601 in UTC so they sort as text."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def parse_iso(text: str) -> datetime:
    return datetime.fromisoformat(text)
