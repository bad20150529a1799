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
import sqlite3
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable, Iterator

from studycli.errors import StoreError

SQLITE_HEADER = b"SQLite format 3\x00"
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


MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [_m001_initial]


def utc_iso(moment: datetime) -> str:
    """Times are stored as ISO 8601 in UTC so they sort as text."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc).isoformat(timespec="microseconds")


def parse_iso(text: str) -> datetime:
    return datetime.fromisoformat(text)


class Store:
    """An open progress database. Use `open_store()`; close it (or use `with`)."""

    def __init__(self, db: sqlite3.Connection, path: Path):
        self.db = db
        self.path = path

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self.db.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One committed unit of work; BEGIN IMMEDIATE so concurrent writers queue, not fail."""
        try:
            self.db.execute("BEGIN IMMEDIATE")
            yield self.db
            self.db.execute("COMMIT")
        except sqlite3.OperationalError as err:
            self._rollback()
            raise StoreError(f"{self.path}: {err}") from None
        except BaseException:
            self._rollback()
            raise

    def _rollback(self) -> None:
        if self.db.in_transaction:
            self.db.execute("ROLLBACK")

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
        return self.db.execute("SELECT * FROM cards WHERE card_id = ?", (card_id,)).fetchone()

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
            return int(cur.lastrowid)

    def undo_review(self, log_id: int) -> str | None:
        """Take back one rating: delete its log and restore the card as it was. Returns the card id."""
        with self.transaction() as db:
            row = db.execute("SELECT card_id, previous FROM review_log WHERE id = ?", (log_id,)).fetchone()
            if not row:
                return None
            db.execute("DELETE FROM review_log WHERE id = ?", (log_id,))
            if row["previous"] is None:
                db.execute("DELETE FROM cards WHERE card_id = ?", (row["card_id"],))
            else:
                prev = json.loads(row["previous"])
                db.execute("UPDATE cards SET fsrs = ?, state = ?, due = ? WHERE card_id = ?",
                           (prev["fsrs"], prev["state"], prev["due"], row["card_id"]))
            return row["card_id"]

    def reviews_total(self) -> int:
        return int(self.db.execute("SELECT COUNT(*) FROM review_log").fetchone()[0])

    # --- quiz and exam sessions ---

    def start_session(self, kind: str, started_at: datetime, seed: int | None = None,
                      meta: dict[str, Any] | None = None) -> int:
        with self.transaction() as db:
            cur = db.execute("INSERT INTO sessions(kind, started_at, seed, meta) VALUES (?, ?, ?, ?)",
                             (kind, utc_iso(started_at), seed, json.dumps(meta or {}, ensure_ascii=False)))
            return int(cur.lastrowid)

    def finish_session(self, session_id: int, finished_at: datetime, meta: dict[str, Any] | None = None) -> None:
        with self.transaction() as db:
            old = db.execute("SELECT meta FROM sessions WHERE id = ?", (session_id,)).fetchone()
            merged = {**json.loads(old["meta"] or "{}"), **(meta or {})} if old else (meta or {})
            db.execute("UPDATE sessions SET finished_at = ?, meta = ? WHERE id = ?",
                       (utc_iso(finished_at), json.dumps(merged, ensure_ascii=False), session_id))

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


def open_store(path: Path | None = None) -> Store:
    """Open (creating and migrating as needed) the progress database; refuse a damaged file untouched."""
    from studycli.paths import db_path

    path = path or db_path()
    _refuse_foreign_file(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    except (OSError, sqlite3.Error) as err:
        raise StoreError(f"{path}: cannot open the progress database ({err})") from None
    db.row_factory = sqlite3.Row
    try:
        db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        db.execute("PRAGMA foreign_keys = ON")
        if db.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
            db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA synchronous = NORMAL")
        _migrate(db)
    except sqlite3.DatabaseError as err:
        db.close()
        raise StoreError(f"{path}: the progress database is damaged or unreadable ({err}); "
                         "it was left untouched — move it away to start fresh") from None
    return Store(db, path)


def _refuse_foreign_file(path: Path) -> None:
    """A non-empty file without SQLite's header is not ours: never let SQLite write to it."""
    try:
        with path.open("rb") as f:
            head = f.read(len(SQLITE_HEADER))
    except FileNotFoundError:
        return
    except OSError as err:
        raise StoreError(f"{path}: cannot read the progress database ({err.strerror})") from None
    if head and head != SQLITE_HEADER:
        raise StoreError(f"{path}: not a SQLite database (damaged?); it was left untouched — "
                         "move it away to start fresh")


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
                       (migration.__name__, utc_iso(datetime.now(timezone.utc))))
            db.execute("COMMIT")
        except BaseException:
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise
