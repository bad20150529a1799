"""Issue 4: concurrent use of the progress database loses nothing and is never mistaken for damage."""

from __future__ import annotations

import multiprocessing
import sqlite3
import time
from datetime import UTC, datetime
from pathlib import Path

from studycli import store as store_module
from studycli.store import open_store

WRITERS, RATINGS = 3, 40


def _writer(path: str, start: float) -> None:
    while time.time() < start:  # all processes open the brand-new file at the same moment
        pass
    with open_store(Path(path)) as s:
        now = datetime.now(UTC)
        for i in range(RATINGS):
            s.record_review(card_id=f"c{i % 7}", fact_id="f", kind="forward", fsrs_json="{}", state=1, due=now,
                            rating=3, reviewed_at=now, duration_ms=1, origin="review")


def test_processes_opening_a_new_database_at_once_all_succeed_and_lose_nothing(tmp_path):
    for trial in range(5):
        path = tmp_path / f"t{trial}.db"
        start = time.time() + 0.3
        ctx = multiprocessing.get_context("fork")
        procs = [ctx.Process(target=_writer, args=(str(path), start)) for _ in range(WRITERS)]
        for p in procs:
            p.start()
        for p in procs:
            p.join(60)
        assert [p.exitcode for p in procs] == [0] * WRITERS
        count = sqlite3.connect(path).execute("SELECT COUNT(*) FROM review_log").fetchone()[0]
        assert count == WRITERS * RATINGS


def test_a_second_connection_in_the_same_process_never_reopens_the_file_itself(tmp_path, monkeypatch):
    # Closing any descriptor of the file drops SQLite's locks for the whole process; the header
    # check must therefore run only when no connection to the file is open.
    checks = []
    real = store_module._refuse_foreign_file
    monkeypatch.setattr(store_module, "_refuse_foreign_file", lambda p: (checks.append(p), real(p)))
    path = tmp_path / "s.db"
    first = open_store(path)
    second = open_store(path)
    assert len(checks) == 1
    second.close()
    first.close()
    open_store(path).close()
    assert len(checks) == 2
