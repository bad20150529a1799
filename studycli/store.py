"""Progress in SQLite: cards and their FSRS state, review logs, quiz and exam answers, config.

The database lives in the user's data directory (`STUDYCLI_HOME` overrides it). It
migrates itself when opened: `MIGRATIONS` is an ordered list of named functions and
the `migrations` table records which have run. Every write that records something the
learner did (a rating, an answer) is its own committed transaction, so a killed process
loses at most the item on screen. A file that is not a SQLite database is refused and
left exactly as it was.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Callable, Iterator
from collections.abc import Set as AbstractSet
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from studycli.errors import STORE_DAMAGED, StoreError
from studycli.i18n import msg
from studycli.store_diagnosis import NewerDatabase, diagnose
from studycli.store_reads import AMONG, HistoryReads
from studycli.store_summaries import (
    QUARTER_MINUTES,
    RATED,
    create_card_memory,
    create_rating_times,
    parse_iso,
    utc_iso,
)

SQLITE_HEADER = b"SQLite format 3\x00"
_ID_SEPARATOR = "\x1f"   # between card ids read in one string (a card id never holds a control character)
BUSY_TIMEOUT_MS = 10_000


SCHEMA_V1 = """
        CREATE TABLE config (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;
        CREATE TABLE cards (
            card_id TEXT PRIMARY KEY,          -- '<fact id>:<kind>' or 'scenario:<id>:<checkpoint>'
            fact_id TEXT NOT NULL,
            kind TEXT NOT NULL,
            fsrs TEXT NOT NULL,                -- fsrs.Card.to_dict() as JSON
            state INTEGER NOT NULL,            -- fsrs.State: 1 learning, 2 review, 3 relearning
            due TEXT NOT NULL,                 -- ISO 8601, UTC
            introduced_at TEXT NOT NULL
        ) STRICT;
        CREATE INDEX cards_due ON cards(due);
        CREATE INDEX cards_fact ON cards(fact_id);
        CREATE TABLE review_log (
            id INTEGER PRIMARY KEY,
            card_id TEXT NOT NULL,
            rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 4),
            reviewed_at TEXT NOT NULL,
            duration_ms INTEGER,
            origin TEXT NOT NULL,              -- review, quiz, exam, scenario
            previous TEXT                      -- the card row before this rating (JSON), for undo
        ) STRICT;
        CREATE INDEX review_log_card ON review_log(card_id);
        CREATE INDEX review_log_time ON review_log(reviewed_at);
        CREATE TABLE sessions (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL,                -- quiz, exam, review, scenario
            started_at TEXT NOT NULL,
            finished_at TEXT,
            seed INTEGER,
            meta TEXT                          -- JSON: topic, count, minutes, score...
        ) STRICT;
        CREATE TABLE answers (
            id INTEGER PRIMARY KEY,
            session_id INTEGER NOT NULL REFERENCES sessions(id),
            question_id TEXT NOT NULL,
            fact_ids TEXT NOT NULL,            -- JSON list
            topic TEXT NOT NULL,
            qtype TEXT NOT NULL,
            given TEXT NOT NULL,               -- JSON
            correct INTEGER NOT NULL,
            answered_at TEXT NOT NULL,
            flagged INTEGER NOT NULL DEFAULT 0,
            UNIQUE (session_id, question_id)
        ) STRICT;
        CREATE INDEX answers_time ON answers(answered_at);
"""


def _statements(script: str) -> list[str]:
    """Split a schema script into statements (executescript() would COMMIT mid-migration)."""
    import re

    return [s.strip() for s in re.sub(r"--[^\n]*", "", script).split(";") if s.strip()]


def _m001_initial(db: sqlite3.Connection) -> None:
    for statement in _statements(SCHEMA_V1):
        db.execute(statement)


def _m002_review_queue_indexes(db: sqlite3.Connection) -> None:
    # Today's new-card count asks "introduced since midnight" on every `review`.
    db.execute("CREATE INDEX IF NOT EXISTS cards_introduced ON cards(introduced_at)")


def _m003_history_summaries(db: sqlite3.Connection) -> None:
    # Issue 19: what stats, home and the quiz need from the history, kept up to date by triggers.
    from studycli import store_summaries

    store_summaries.create(db)
    # The latest sessions, newest first, without sorting them all.
    db.execute("CREATE INDEX IF NOT EXISTS sessions_started ON sessions(started_at)")
    # Cards by state and whether ever rated, counted from the index without parsing each card's JSON.
    db.execute(f"CREATE INDEX IF NOT EXISTS cards_rated ON cards(state, {RATED})")


def _m004_rating_times(db: sqlite3.Connection) -> None:
    create_rating_times(db)  # issue 19: the forecast's rating mix and times, counted as ratings are written


def _m005_card_memory(db: sqlite3.Connection) -> None:
    create_card_memory(db)  # issue 19: the quiz's recall weights read two columns, not every card's JSON


MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [_m001_initial, _m002_review_queue_indexes,
                                                          _m003_history_summaries, _m004_rating_times,
                                                          _m005_card_memory]


def _on_a_quarter(moment: datetime) -> bool:
    return moment.second == 0 and moment.microsecond == 0 and moment.minute % QUARTER_MINUTES == 0


class Store(HistoryReads):
    """An open progress database. Use `open_store()`; close it (or use `with`)."""

    def __init__(self, db: sqlite3.Connection, path: Path):
        self.db = db
        self.path = path

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    _registry_key: str | None = None

    def close(self) -> None:
        self.db.close()
        key, self._registry_key = self._registry_key, None
        if key and _OPEN.get(key):
            _OPEN[key] -= 1

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One committed unit of work; BEGIN IMMEDIATE so concurrent writers queue, not fail."""
        try:
            self.db.execute("BEGIN IMMEDIATE")
            yield self.db
            self.db.execute("COMMIT")
        except sqlite3.DatabaseError as err:
            self._rollback()
            raise diagnose(err, self.path) from None
        except BaseException:
            self._rollback()
            raise

    def _rollback(self) -> None:
        if self.db.in_transaction:
            try:
                self.db.execute("ROLLBACK")
            except sqlite3.DatabaseError:
                pass  # SQLite rolled back already (a full disk, a damaged page); the error raised says why

    # --- config ---

    def get_config(self, key: str, default: str | None = None) -> str | None:
        row = self.db.execute("SELECT value FROM config WHERE key = ?", (key,)).fetchone()
        return row[0] if row else default

    def set_config(self, key: str, value: str | None) -> None:
        with self.transaction() as db:
            if value is None:
                db.execute("DELETE FROM config WHERE key = ?", (key,))
            else:
                db.execute("INSERT INTO config(key, value) VALUES (?, ?) "
                           "ON CONFLICT(key) DO UPDATE SET value = excluded.value", (key, value))

    def all_config(self) -> dict[str, str]:
        return dict(self.db.execute("SELECT key, value FROM config ORDER BY key").fetchall())

    # --- cards and reviews ---

    def card_row(self, card_id: str) -> sqlite3.Row | None:
        row: sqlite3.Row | None = self.db.execute("SELECT * FROM cards WHERE card_id = ?", (card_id,)).fetchone()
        return row

    def record_review(self, *, card_id: str, fact_id: str, kind: str, fsrs_json: str, state: int,
                      due: datetime, rating: int, reviewed_at: datetime, duration_ms: int | None,
                      origin: str) -> int:
        """Save a rating and the card's new schedule in one committed transaction; returns the log id."""
        with self.transaction() as db:
            before = db.execute("SELECT * FROM cards WHERE card_id = ?", (card_id,)).fetchone()
            previous = json.dumps(dict(before)) if before else None
            db.execute(
                "INSERT INTO cards(card_id, fact_id, kind, fsrs, state, due, introduced_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(card_id) DO UPDATE SET "
                "fsrs = excluded.fsrs, state = excluded.state, due = excluded.due",
                (card_id, fact_id, kind, fsrs_json, state, utc_iso(due), utc_iso(reviewed_at)))
            cur = db.execute(
                "INSERT INTO review_log(card_id, rating, reviewed_at, duration_ms, origin, previous) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (card_id, rating, utc_iso(reviewed_at), duration_ms, origin, previous))
            assert cur.lastrowid is not None  # an INSERT always sets it
            return cur.lastrowid

    def undo_review(self, log_id: int) -> tuple[str, bool] | None:
        """Take back one rating, if it is still the card's latest: delete its log and restore the card.

        A conditional write: when another rating of the same card came after it (another
        session, another process), nothing changes and both ratings stay. Returns (card id,
        undone) or None for an unknown log id.
        """
        with self.transaction() as db:
            row = db.execute("SELECT card_id, previous FROM review_log WHERE id = ?", (log_id,)).fetchone()
            if not row:
                return None
            card_id = str(row["card_id"])
            if db.execute("SELECT 1 FROM review_log WHERE card_id = ? AND id > ? LIMIT 1",
                          (card_id, log_id)).fetchone():
                return card_id, False
            db.execute("DELETE FROM review_log WHERE id = ?", (log_id,))
            if row["previous"] is None:
                db.execute("DELETE FROM cards WHERE card_id = ?", (card_id,))
            else:
                prev = json.loads(row["previous"])
                db.execute("UPDATE cards SET fsrs = ?, state = ?, due = ? WHERE card_id = ?",
                           (prev["fsrs"], prev["state"], prev["due"], card_id))
            return card_id, True

    def reviews_total(self) -> int:
        """Every rating ever logged (kept by the summaries, not counted)."""
        return int(self.db.execute("SELECT ratings FROM review_totals").fetchone()[0])

    # --- the review queue and progress statistics (queries for studycli.flashcards) ---

    _card_ids: tuple[int, frozenset[str]] | None = None

    def card_ids(self) -> frozenset[str]:
        """Every card the learner has met (rated or put in a queue). Read again only after this
        connection wrote something (a command asks several times; there are thousands)."""
        if self._card_ids is None or self._card_ids[0] != self.db.total_changes:
            # One string split in C: a third of the time of a row per card (ids hold no control characters).
            joined = self.db.execute(f"SELECT group_concat(card_id, '{_ID_SEPARATOR}') FROM cards").fetchone()[0]
            self._card_ids = (self.db.total_changes, frozenset(joined.split(_ID_SEPARATOR) if joined else ()))
        return self._card_ids[1]

    def _plain_rows(self, sql: str, params: tuple[Any, ...] = ()) -> sqlite3.Cursor:
        """Tuples, not sqlite3.Row: several times faster for the thousands of rows a queue reads."""
        cursor = self.db.cursor()
        cursor.row_factory = None
        return cursor.execute(sql, params)

    def due_cards(self, before: datetime, steps_before: datetime | None = None,
                  among: AbstractSet[str] | None = None) -> dict[str, datetime]:
        """Card id -> due time of every card due before `before` (of those `among`, when given, looked
        up by id: the cards of facts since removed, say, are not even read).

        With `steps_before`, cards in (re)learning steps (minutes apart) count only when due
        before that moment, while review cards count for the whole day.
        """
        if among is None:
            rows = self._plain_rows("SELECT card_id, due, state FROM cards WHERE due < ?", (utc_iso(before),))
        else:
            rows = self._plain_rows(f"SELECT card_id, due, state FROM cards WHERE card_id IN {AMONG} AND due < ?",
                                    (json.dumps(list(among)), utc_iso(before)))
        limit = utc_iso(steps_before) if steps_before is not None else None
        return {row[0]: parse_iso(row[1]) for row in rows if limit is None or row[2] == 2 or row[1] < limit}

    def bring_forward(self, *, card_id: str, fact_id: str, kind: str, fsrs_json: str, due: datetime,
                      now: datetime) -> None:
        """Make a card due by `due` (adding it, unrated, when new); a card due sooner is left alone."""
        with self.transaction() as db:
            db.execute(
                "INSERT INTO cards(card_id, fact_id, kind, fsrs, state, due, introduced_at) "
                "VALUES (?, ?, ?, ?, 1, ?, ?) ON CONFLICT(card_id) DO UPDATE SET "
                "due = excluded.due, fsrs = json_set(cards.fsrs, '$.due', excluded.due) "
                "WHERE cards.due > excluded.due",
                (card_id, fact_id, kind, fsrs_json, utc_iso(due), utc_iso(now)))

    def reviews_per_day(self, since: datetime, utc_offset_minutes: int = 0) -> list[tuple[str, int]]:
        """(local date, number of ratings) for each day with ratings since `since`."""
        shift = f"{utc_offset_minutes:+d} minutes"
        since_utc = since.astimezone(UTC) if since.tzinfo else since
        if utc_offset_minutes % QUARTER_MINUTES == 0 and _on_a_quarter(since_utc):
            # A local day is a run of whole quarter hours: read the per-quarter summary.
            return [(row[0], row[1]) for row in self._plain_rows(
                "SELECT date(quarter, ?) AS day, SUM(ratings) FROM review_quarters WHERE quarter >= ? "
                "GROUP BY day ORDER BY day", (shift, since_utc.strftime("%Y-%m-%d %H:%M")))]
        return [(row[0], row[1]) for row in self._plain_rows(
            "SELECT date(reviewed_at, ?) AS day, COUNT(*) FROM review_log WHERE reviewed_at >= ? "
            "GROUP BY day ORDER BY day", (shift, utc_iso(since)))]

    def recent_sessions(self, kinds: tuple[str, ...] = ("quiz", "exam"), limit: int = 10) -> list[dict[str, Any]]:
        """The latest quiz/exam sessions, newest first, with their answer counts."""
        marks = ",".join("?" * len(kinds))
        # The latest sessions first (by the index on started_at), then only their answers.
        rows = self.db.execute(
            f"SELECT s.id, s.kind, s.started_at, s.finished_at, s.meta, "
            f"COUNT(a.id) AS answered, COALESCE(SUM(a.correct), 0) AS correct "
            f"FROM (SELECT * FROM sessions WHERE kind IN ({marks}) ORDER BY started_at DESC, id DESC LIMIT ?) s "
            f"LEFT JOIN answers a ON a.session_id = s.id "
            f"GROUP BY s.id ORDER BY s.started_at DESC, s.id DESC", (*kinds, limit)).fetchall()
        return [{"id": r["id"], "kind": r["kind"], "started_at": r["started_at"], "finished_at": r["finished_at"],
                 "answered": r["answered"], "correct": r["correct"], "meta": json.loads(r["meta"] or "{}")}
                for r in rows]

    # --- quiz and exam sessions ---

    def start_session(self, kind: str, started_at: datetime, seed: int | None = None,
                      meta: dict[str, Any] | None = None) -> int:
        with self.transaction() as db:
            cur = db.execute("INSERT INTO sessions(kind, started_at, seed, meta) VALUES (?, ?, ?, ?)",
                             (kind, utc_iso(started_at), seed, json.dumps(meta or {}, ensure_ascii=False)))
            assert cur.lastrowid is not None  # an INSERT always sets it
            return cur.lastrowid

    def finish_session(self, session_id: int, finished_at: datetime, meta: dict[str, Any] | None = None) -> None:
        with self.transaction() as db:
            old = db.execute("SELECT meta FROM sessions WHERE id = ?", (session_id,)).fetchone()
            merged = {**json.loads(old["meta"] or "{}"), **(meta or {})} if old else (meta or {})
            db.execute("UPDATE sessions SET finished_at = ?, meta = ? WHERE id = ?",
                       (utc_iso(finished_at), json.dumps(merged, ensure_ascii=False), session_id))

    def update_session_meta(self, session_id: int, meta: dict[str, Any]) -> None:
        """Merge `meta` into a session that goes on (a paused exam keeps its clock and place here)."""
        with self.transaction() as db:
            old = db.execute("SELECT meta FROM sessions WHERE id = ?", (session_id,)).fetchone()
            merged = {**json.loads(old["meta"] or "{}"), **meta} if old else meta
            db.execute("UPDATE sessions SET meta = ? WHERE id = ?", (json.dumps(merged, ensure_ascii=False), session_id))

    def record_answer(self, *, session_id: int, question_id: str, fact_ids: list[str], topic: str,
                      qtype: str, given: Any, correct: bool, answered_at: datetime, flagged: bool = False) -> None:
        """Save (or replace, when the learner changes it) one answer, committed at once."""
        with self.transaction() as db:
            db.execute(
                "INSERT INTO answers(session_id, question_id, fact_ids, topic, qtype, given, correct, "
                "answered_at, flagged) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT(session_id, question_id) DO UPDATE SET given = excluded.given, "
                "correct = excluded.correct, answered_at = excluded.answered_at, flagged = excluded.flagged",
                (session_id, question_id, json.dumps(fact_ids), topic, qtype,
                 json.dumps(given, ensure_ascii=False), int(correct), utc_iso(answered_at), int(flagged)))

    def answer_history(self, kinds: tuple[str, ...] = ("quiz", "exam")) -> list[sqlite3.Row]:
        """Every quiz/exam answer, oldest first, with its session's kind (the 오답 노트 and quiz weights)."""
        marks = ",".join("?" * len(kinds))
        return self.db.execute(
            f"SELECT a.*, s.kind AS session_kind FROM answers a JOIN sessions s ON s.id = a.session_id "
            f"WHERE s.kind IN ({marks}) ORDER BY a.answered_at, a.id", kinds).fetchall()


# Paths with a connection open in this process. SQLite's POSIX locks belong to the process,
# and closing ANY descriptor of the file drops them all: so once a connection is open we must
# never open the file ourselves again (the header check below), or another process could
# reset the WAL under us and committed ratings would be lost.
_OPEN: dict[str, int] = {}


def open_store(path: Path | None = None) -> Store:
    """Open (creating and migrating as needed) the progress database; refuse a damaged file untouched."""
    from studycli.paths import db_path

    path = path or db_path()
    try:
        key = str(path.resolve())
    except (OSError, RuntimeError) as err:
        raise StoreError(msg("store.cannot_open", path=path, error=err)) from None
    if not _OPEN.get(key):
        _refuse_foreign_file(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    except (OSError, sqlite3.Error) as err:
        raise diagnose(err, path) from None
    db.row_factory = sqlite3.Row
    known = key in _MIGRATED and _MIGRATED[key] == _identity(path)
    try:
        _retry_while_busy(lambda: _prepare(db, migrated=known))
    except (sqlite3.DatabaseError, NewerDatabase) as err:
        db.close()
        raise diagnose(err, path) from None
    _OPEN[key] = _OPEN.get(key, 0) + 1
    _MIGRATED[key] = _identity(path)
    store = Store(db, path)
    store._registry_key = key
    return store


# Files this process has already put in WAL mode and migrated, by path: (device, inode, size,
# modified). A command opens the store several times (settings, then its work); later opens of
# the same unchanged file skip those checks, a file replaced or rewritten in between (another
# studycli, a newer one) gets them again.
_MIGRATED: dict[str, tuple[int, ...] | None] = {}


def _identity(path: Path) -> tuple[int, ...] | None:
    """The file as it stands and how many migrations there are (tests run old databases)."""
    try:
        st = os.stat(path)  # a stat, not an open: no descriptor of a locked file is ever closed
    except OSError:
        return None
    return st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, len(MIGRATIONS)


def _prepare(db: sqlite3.Connection, migrated: bool = False) -> None:
    db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    db.execute("PRAGMA foreign_keys = ON")
    if migrated:
        db.execute("PRAGMA synchronous = NORMAL")
        return
    _refuse_newer(db)  # before anything is written: a newer studycli's database is left as it is
    if db.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
        # Switching to WAL needs a moment alone with the file and does not wait for it: retried.
        if db.execute("PRAGMA journal_mode = WAL").fetchone()[0].lower() != "wal":
            raise sqlite3.OperationalError("database is locked (switching to WAL)")
    db.execute("PRAGMA synchronous = NORMAL")
    _migrate(db)


def _is_busy(err: sqlite3.OperationalError) -> bool:
    text = str(err).lower()
    return "locked" in text or "busy" in text


def _retry_while_busy(step: Callable[[], None]) -> None:
    """Run `step`, retrying while another process holds the lock it needs (up to the busy timeout)."""
    import random
    import time

    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            return step()
        except sqlite3.OperationalError as err:
            if not _is_busy(err) or time.monotonic() > deadline:
                raise
            time.sleep(random.uniform(0.01, 0.05))


def _refuse_foreign_file(path: Path) -> None:
    """A non-empty file without SQLite's header is not ours: never let SQLite write to it."""
    try:
        with path.open("rb") as f:
            head = f.read(len(SQLITE_HEADER))
    except FileNotFoundError:
        return
    except OSError as err:
        raise diagnose(err, path) from None
    if head and head != SQLITE_HEADER:
        raise StoreError(msg("store.not_sqlite", path=path), code=STORE_DAMAGED)


def _refuse_newer(db: sqlite3.Connection) -> None:
    """A database that lists migrations this studycli does not have was written by a newer one."""
    if not db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'migrations'").fetchone():
        return
    known = {migration.__name__ for migration in MIGRATIONS}
    unknown = sorted(row[0] for row in db.execute("SELECT name FROM migrations") if row[0] not in known)
    if unknown:
        raise NewerDatabase(unknown)


def _migrate(db: sqlite3.Connection) -> None:
    db.execute("CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL) STRICT")
    done = {row[0] for row in db.execute("SELECT name FROM migrations")}
    for migration in MIGRATIONS:
        if migration.__name__ in done:
            continue
        db.execute("BEGIN IMMEDIATE")
        try:
            # Another process may have run it while we waited for the lock.
            if db.execute("SELECT 1 FROM migrations WHERE name = ?", (migration.__name__,)).fetchone():
                db.execute("COMMIT")
                continue
            migration(db)
            db.execute("INSERT INTO migrations(name, applied_at) VALUES (?, ?)",
                       (migration.__name__, utc_iso(datetime.now(UTC))))
            db.execute("COMMIT")
        except BaseException:
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise
