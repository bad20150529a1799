"""Issue 4: concurrent use of the progress database loses nothing and is never mistaken for damage."""

from __future__ import annotations

import json
import multiprocessing
import sqlite3
import time
from datetime import UTC, datetime
from pathlib import Path

from studycli import store as store_module
from studycli.store import open_store

WRITERS, RATINGS = 3, 40


def _writer(path: str, barrier, record: str) -> None:
    """Open the brand-new file the moment every writer is ready, then rate; note when each step ran."""
    barrier.wait(timeout=60)  # however slowly the processes started, they go together
    began = time.monotonic()
    with open_store(Path(path)) as s:
        opened = time.monotonic()
        now = datetime.now(UTC)
        writes = []
        for i in range(RATINGS):
            start = time.monotonic()
            s.record_review(card_id=f"c{i % 7}", fact_id="f", kind="forward", fsrs_json="{}", state=1, due=now,
                            rating=3, reviewed_at=now, duration_ms=1, origin="review")
            writes.append((start, time.monotonic()))
    Path(record).write_text(json.dumps({"began": began, "opened": opened, "writes": writes}))


def assert_overlapped(spans: list[dict]) -> None:
    """Every writer was opening or writing at one same moment; else the race was never run."""
    last_start = max(s["began"] for s in spans)
    first_end = min(s["writes"][-1][1] for s in spans)
    assert last_start < first_end, (
        "writers did not overlap: one finished all its ratings before another began opening the file "
        f"(spans: {[(round(s['began'], 3), round(s['writes'][-1][1], 3)) for s in spans]})")


def test_processes_opening_a_new_database_at_once_all_succeed_and_lose_nothing(tmp_path):
    ctx = multiprocessing.get_context("fork")
    for trial in range(5):
        path = tmp_path / f"t{trial}.db"
        barrier = ctx.Barrier(WRITERS)
        records = [tmp_path / f"t{trial}-w{n}.json" for n in range(WRITERS)]
        procs = [ctx.Process(target=_writer, args=(str(path), barrier, str(r))) for r in records]
        for p in procs:
            p.start()
        for p in procs:
            p.join(120)
        assert [p.exitcode for p in procs] == [0] * WRITERS
        count = sqlite3.connect(path).execute("SELECT COUNT(*) FROM review_log").fetchone()[0]
        assert count == WRITERS * RATINGS
        assert_overlapped([json.loads(r.read_text()) for r in records])


def _rater(path: str, name: str, others: list[str], barrier, record: str) -> None:
    """Rate until this writer has written RATINGS rows and has seen every other writer's rows."""
    barrier.wait(timeout=60)
    deadline = time.monotonic() + 30
    with open_store(Path(path)) as s:
        now, writes = datetime.now(UTC), []
        while len(writes) < RATINGS or not _seen(s, others):
            if time.monotonic() > deadline:
                break  # the others never showed up: the test reports that the writers did not overlap
            start = time.monotonic()
            s.record_review(card_id=f"{name}:forward", fact_id=name, kind="forward", fsrs_json="{}", state=1,
                            due=now, rating=3, reviewed_at=now, duration_ms=1, origin="review")
            writes.append((start, time.monotonic()))
    Path(record).write_text(json.dumps({"began": writes[0][0], "writes": writes}))


def _seen(s, others: list[str]) -> bool:
    present = {row[0] for row in s.db.execute("SELECT DISTINCT card_id FROM review_log")}
    return {f"{o}:forward" for o in others} <= present


def test_writers_rating_at_once_interleave_and_lose_nothing(tmp_path):
    path = tmp_path / "shared.db"
    open_store(path).close()
    ctx = multiprocessing.get_context("fork")
    names = [f"w{n}" for n in range(4)]
    barrier = ctx.Barrier(len(names))
    records = {name: tmp_path / f"{name}.json" for name in names}
    procs = [ctx.Process(target=_rater, args=(str(path), name, [o for o in names if o != name], barrier,
                                              str(records[name]))) for name in names]
    for p in procs:
        p.start()
    for p in procs:
        p.join(120)
    assert [p.exitcode for p in procs] == [0] * len(names)
    spans = {name: json.loads(records[name].read_text()) for name in names}
    # Overlap in the strict sense: every writer wrote before any writer wrote its last row.
    assert_overlapped([{"began": s["began"], "writes": s["writes"]} for s in spans.values()])
    with sqlite3.connect(path) as db:
        rows = dict(db.execute("SELECT card_id, COUNT(*) FROM review_log GROUP BY card_id").fetchall())
    assert rows == {f"{name}:forward": len(spans[name]["writes"]) for name in names}, "a committed rating was lost"


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
