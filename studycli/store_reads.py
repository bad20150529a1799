"""The progress database's reads that answer from summaries, indexes and aggregates (issue 19):
`HistoryReads`, a base of `studycli.store.Store`. What they read is kept by `studycli.store_summaries`.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager
from datetime import datetime, timedelta
from typing import Any

from studycli.store_summaries import QUARTER_MINUTES, RATED, key_range, parse_iso, utc_iso

AMONG = "(SELECT value FROM json_each(?))"   # the ids given as one JSON list (no bound-parameter limit)


class HistoryReads:
    """The reads of the summaries (mixed into `studycli.store.Store`, which owns `db`)."""

    db: sqlite3.Connection

    def transaction(self) -> AbstractContextManager[sqlite3.Connection]:   # Store's: one committed write
        raise NotImplementedError

    def _rows(self, sql: str, params: tuple[Any, ...] = ()) -> sqlite3.Cursor:
        cursor = self.db.cursor()
        cursor.row_factory = None  # plain tuples
        return cursor.execute(sql, params)

    def review_days_newest_first(self, utc_offset_minutes: int = 0) -> Iterator[str]:
        """The local dates with ratings, newest first, read lazily (a streak stops at its first gap)."""
        shift = f"{utc_offset_minutes:+d} minutes"
        if utc_offset_minutes % QUARTER_MINUTES:
            rows = self._rows("SELECT date(reviewed_at, ?) FROM review_log ORDER BY reviewed_at DESC", (shift,))
        else:
            rows = self._rows("SELECT DISTINCT date(quarter, ?) AS day FROM review_quarters ORDER BY day DESC", (shift,))
        last = None
        for (day,) in rows:
            if day != last:
                yield day
                last = day

    def topic_answer_counts(self) -> dict[str, tuple[int, int]]:
        """Topic -> (right, answered) over every quiz and exam answer."""
        return {topic: (int(right), int(n)) for topic, n, right in
                self._rows("SELECT topic, answered, correct FROM topic_answers")}

    def fact_rating_counts(self, fact_ids: Iterable[str] | None = None) -> dict[str, tuple[int, int]]:
        """Fact id -> (ratings that were not Again, ratings) over the flashcard reviews of its cards
        (of every fact rated, or of `fact_ids`)."""
        if fact_ids is None:
            return {fact: (int(passed), int(n)) for fact, n, passed in
                    self._rows("SELECT fact_id, ratings, passed FROM fact_ratings")}
        out: dict[str, tuple[int, int]] = {}
        ids = list(fact_ids)
        for start in range(0, len(ids), 500):  # SQLite's bound-parameter limit
            chunk = ids[start:start + 500]
            for fact, n, passed in self._rows("SELECT fact_id, ratings, passed FROM fact_ratings WHERE fact_id IN "
                                              f"({','.join('?' * len(chunk))})", tuple(chunk)):
                out[fact] = (int(passed), int(n))
        return out

    def open_notebook_facts(self, utc_offset_minutes: int, right_days_to_clear: int) -> set[str]:
        """The facts whose notebook entry is open, as `study.notebook.from_summaries` decides: missed, and
        right since on fewer than `right_days_to_clear` days (the local days of the first and last right
        answer since the last miss; whole UTC seconds, as the learner's calendar counts them)."""
        shift = f"{utc_offset_minutes:+d} minutes"
        return {row[0] for row in self._rows(
            "SELECT fact_id FROM notebook WHERE wrong_count > 0 AND (CASE "
            "WHEN first_right_after IS NULL OR last_right_after IS NULL THEN 0 "
            "WHEN date(substr(first_right_after, 1, 19), ?) = date(substr(last_right_after, 1, 19), ?) THEN 1 "
            "ELSE 2 END) < ?", (shift, shift, right_days_to_clear))}

    def notebook_rows(self) -> list[tuple[str, int, str, str, str, str | None, str | None, str | None]]:
        """Per fact ever answered wrong in a quiz or exam: (fact id, misses, last miss time, the answer
        then given as JSON, its question type, first and last right answer time since, and the given
        JSON of the latest miss that keeps a simulator question, if any)."""
        return [tuple(row) for row in self._rows(
            "SELECT n.fact_id, n.wrong_count, n.last_wrong_at, a.given, a.qtype, n.first_right_after, "
            "n.last_right_after, s.given FROM notebook n JOIN answers a ON a.id = n.last_wrong_answer "
            "LEFT JOIN answers s ON s.id = n.last_sim_answer")]

    def due_day_counts(self, start: datetime, days: int) -> list[int]:
        """How many cards fall due on each of the `days` days from `start` (the first day includes
        overdue cards): `scheduling.forecast`'s counts, counted by SQLite instead of read card by card."""
        counts = [0] * days
        # Whole seconds of the stored UTC time (SQLite would round 59.9999 s up to the next minute).
        for day, n in self._rows(
                "SELECT max(0, (CAST(strftime('%s', substr(due, 1, 19)) AS INTEGER) - ?) / 86400) AS day, count(*) "
                "FROM cards "
                "WHERE due < ? GROUP BY day", (int(start.timestamp()), utc_iso(start + timedelta(days=days)))):
            if day < days:
                counts[day] = n
        return counts

    def cards_introduced_since(self, moment: datetime) -> int:
        return int(self.db.execute("SELECT COUNT(*) FROM cards WHERE introduced_at >= ?",
                                   (utc_iso(moment),)).fetchone()[0])

    def cards_of_fact(self, fact_id: str) -> list[Any]:
        return self.db.execute("SELECT * FROM cards WHERE fact_id = ? ORDER BY card_id", (fact_id,)).fetchall()

    def stored_among(self, card_ids: Iterable[str]) -> set[str]:
        """Those of `card_ids` the learner has met (stored), each looked up by key: what the catalogue's
        cards need to know, at a cost that grows with the catalogue, not with everything ever stored."""
        return {row[0] for row in self._rows(f"SELECT card_id FROM cards WHERE card_id IN {AMONG}",
                                             (json.dumps(list(card_ids)),))}

    def ids_with_prefix(self, prefix: str) -> set[str]:
        """The stored cards' ids that start with `prefix` (a range of the key, not a scan)."""
        return {row[0] for row in self._rows("SELECT card_id FROM cards WHERE card_id >= ? AND card_id < ?",
                                             key_range(prefix))}

    def count_with_prefix(self, prefix: str) -> int:
        """How many stored cards have an id starting with `prefix` (a range of the key)."""
        return int(self._rows("SELECT count(*) FROM cards WHERE card_id >= ? AND card_id < ?", key_range(prefix))
                   .fetchone()[0])

    def due_card_ids(self, before: datetime, prefix: str = "") -> set[str]:
        """The ids (starting with `prefix`: a range of the key, not a scan) of the cards due before `before`."""
        if not prefix:
            return {row[0] for row in self._rows("SELECT card_id FROM cards WHERE due < ?", (utc_iso(before),))}
        return {row[0] for row in self._rows("SELECT card_id FROM cards WHERE card_id >= ? AND card_id < ? AND due < ?",
                                             (*key_range(prefix), utc_iso(before)))}

    def due_times(self, before: datetime) -> list[datetime]:
        return [parse_iso(row[0]) for row in
                self.db.execute("SELECT due FROM cards WHERE due < ? ORDER BY due", (utc_iso(before),))]

    def next_due_after(self, moment: datetime) -> datetime | None:
        row = self.db.execute("SELECT MIN(due) FROM cards WHERE due > ?", (utc_iso(moment),)).fetchone()
        return parse_iso(row[0]) if row and row[0] else None

    def card_memory(self, card_ids: list[str]) -> dict[str, tuple[float | None, str | None]]:
        """Card id -> (FSRS stability, last review time) for those of `card_ids` that are stored."""
        return {cid: (stability, last) for cid, stability, last in self._rows(
            f"SELECT card_id, stability, last_review FROM card_memory WHERE card_id IN {AMONG}", (json.dumps(card_ids),))}

    def review_days(self, utc_offset_minutes: int = 0) -> list[str]:
        """Every local date on which the learner rated a card."""
        shift = f"{utc_offset_minutes:+d} minutes"
        if utc_offset_minutes % QUARTER_MINUTES == 0:
            return [row[0] for row in self._rows(
                "SELECT DISTINCT date(quarter, ?) FROM review_quarters ORDER BY 1", (shift,))]
        return [row[0] for row in self._rows(
            "SELECT DISTINCT date(reviewed_at, ?) FROM review_log ORDER BY 1", (shift,))]

    def review_state_outcomes(self) -> tuple[int, int]:
        """(ratings of cards that were in the review state, how many of them were Again)."""
        row = self.db.execute("SELECT review_state_ratings, review_state_again FROM review_totals").fetchone()
        return int(row[0]), int(row[1])

    def card_review_counts(self, card_ids: list[str]) -> dict[str, tuple[int, str | None]]:
        """Card id -> (number of ratings, last rating time) for the given cards."""
        out: dict[str, tuple[int, str | None]] = {}
        for start in range(0, len(card_ids), 500):
            chunk = card_ids[start:start + 500]
            marks = ",".join("?" * len(chunk))
            for cid, n, last in self.db.execute(
                    f"SELECT card_id, COUNT(*), MAX(reviewed_at) FROM review_log WHERE card_id IN ({marks}) "
                    "GROUP BY card_id", chunk):
                out[cid] = (int(n), last)
        return out

    # --- the learner's history for fitting FSRS and for the exam-day forecast ---

    def rating_log(self) -> list[tuple[str, int, str]]:
        """Every rating as (card id, rating, reviewed_at ISO), oldest first (`studycli optimize`)."""
        return [(row[0], int(row[1]), row[2]) for row in self._rows(
            "SELECT card_id, rating, reviewed_at FROM review_log ORDER BY reviewed_at, id")]

    def rating_time_counts(self) -> list[tuple[int, int, int, int]]:
        """How this learner rates and how long it takes, as counts: (state before, rating, tenths of
        a second up to 600 or -1 when not timed, how many ratings) for the flashcard ratings."""
        return [tuple(row) for row in self._rows("SELECT state, rating, tenths, n FROM rating_times")]

    def rating_times(self) -> list[tuple[int, int, int]]:
        """Flashcard ratings as (state before: 0 first sight, 1 learning, 2 review, 3 relearning;
        rating; milliseconds, 0 when not timed), one by one: the full scan `rating_time_counts`
        summarises (the forecast reads the counts)."""
        return [(int(row[0]), int(row[1]), int(row[2] or 0)) for row in self._rows(
            "SELECT CASE WHEN previous IS NULL "
            "OR json_extract(json_extract(previous, '$.fsrs'), '$.last_review') IS NULL THEN 0 "
            "ELSE json_extract(previous, '$.state') END, rating, duration_ms FROM review_log "
            "WHERE origin = 'review'")]

    def set_memory_states(self, states: dict[str, tuple[float, float]]) -> int:
        """Replace the FSRS stability and difficulty of rated cards (after new parameters), in one
        transaction; due dates stay. Returns how many cards changed."""
        with self.transaction() as db:
            cur = db.executemany(
                "UPDATE cards SET fsrs = json_set(fsrs, '$.stability', ?, '$.difficulty', ?) "
                "WHERE card_id = ? AND json_extract(fsrs, '$.last_review') IS NOT NULL",
                [(s, d, cid) for cid, (s, d) in states.items()])
            return int(cur.rowcount)

    def cards_total(self) -> int:
        return int(self._rows("SELECT count(*) FROM cards").fetchone()[0])

    def cards_by_state(self) -> dict[str, int]:
        """Stored cards by FSRS state; 'new' counts cards queued but never rated."""
        names = {0: "new", 1: "learning", 2: "review", 3: "relearning"}
        counts = {name: 0 for name in names.values()}
        for state, rated, n in self.db.execute(f"SELECT state, {RATED}, COUNT(*) FROM cards GROUP BY 1, 2"):
            name = names.get(state if rated else 0, str(state))
            counts[name] = counts.get(name, 0) + n
        return counts

    def card_fsrs(self, card_ids: list[str]) -> dict[str, str]:
        """Card id -> fsrs JSON for those of `card_ids` that are stored."""
        out: dict[str, str] = {}
        for start in range(0, len(card_ids), 500):  # stay under SQLite's bound-parameter limit
            chunk = card_ids[start:start + 500]
            marks = ",".join("?" * len(chunk))
            out.update(self.db.execute(f"SELECT card_id, fsrs FROM cards WHERE card_id IN ({marks})", chunk).fetchall())
        return out
