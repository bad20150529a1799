"""Issue 17: the store tells its states apart and never modifies a file it refuses; undo is conditional.

- Acceptance 3: a two-process undo test (a rating made by another process after yours is
  kept when you undo: the undo changes nothing and says so) and a newer-schema test.
- Damaged, locked, read-only, full-disk and newer-version databases each get their own code
  (exit code) and message; commands that need no progress work without the store.

The full-disk and read-only runs of the real CLI mount a small tmpfs (root only, skipped
elsewhere); the same states are also reached in-process (a page limit, a held lock, a file
without write permission) so they are tested wherever the suite runs.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import sqlite3
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from conftest import REPO, run_cli

from studycli import flashcards
from studycli import store as store_module
from studycli.errors import CODES, StoreError
from studycli.store import open_store

NOW = datetime(2026, 5, 1, 9, 0, tzinfo=UTC)
CARD = dict(card_id="alarm-states:forward", fact_id="alarm-states", kind="forward")


def rows_of(path: Path, card_id: str) -> tuple[list[tuple], tuple | None]:
    db = sqlite3.connect(path)
    logs = db.execute("SELECT id, rating, previous FROM review_log WHERE card_id = ? ORDER BY id", (card_id,)).fetchall()
    card = db.execute("SELECT fsrs, state, due FROM cards WHERE card_id = ?", (card_id,)).fetchone()
    db.close()
    return logs, card


# --- undo: a conditional write --------------------------------------------------------

def _rater_then_undo(path: str, rated, other_rated, record: str) -> None:
    """Process A: rate the new card, let B rate it too, then press u."""
    with open_store(Path(path)) as s:
        log_id = flashcards.rate_card(s, **CARD, rating=3, now=NOW, fuzzing=False)
        rated.wait(timeout=60)
        other_rated.wait(timeout=60)
        Path(record).write_text(f"{log_id} {flashcards.undo(s, log_id)}")


def _second_rater(path: str, rated, other_rated) -> None:
    """Process B: once A has rated, rate the same card (another terminal reviewing the same deck)."""
    rated.wait(timeout=60)
    with open_store(Path(path)) as s:
        flashcards.rate_card(s, **CARD, rating=4, now=NOW + timedelta(minutes=1), fuzzing=False)
    other_rated.wait(timeout=60)


def test_undo_in_one_process_keeps_the_rating_another_process_made_since(tmp_path):
    path = tmp_path / "studycli.db"
    open_store(path).close()
    ctx = multiprocessing.get_context("fork")
    rated, other_rated = ctx.Barrier(2), ctx.Barrier(2)
    record = tmp_path / "a.txt"
    a = ctx.Process(target=_rater_then_undo, args=(str(path), rated, other_rated, str(record)))
    b = ctx.Process(target=_second_rater, args=(str(path), rated, other_rated))
    a.start(), b.start()
    a.join(120), b.join(120)
    assert (a.exitcode, b.exitcode) == (0, 0)
    log_id, undone = record.read_text().split()
    assert undone == "False", "the undo went through although another process rated the card after it"
    logs, card = rows_of(path, CARD["card_id"])
    assert [rating for _, rating, _ in logs] == [3, 4], "both ratings stay"
    assert logs[0][0] == int(log_id) and logs[0][2] is None
    assert card is not None, "the card's row was deleted under the other process's rating"
    assert '"state"' in logs[1][2], "B's rating still records the card as A left it"


def test_undo_with_no_rating_since_still_takes_the_rating_back(tmp_path):
    path = tmp_path / "studycli.db"
    with open_store(path) as s:
        first = flashcards.rate_card(s, **CARD, rating=3, now=NOW, fuzzing=False)
        after_first = s.card_row(CARD["card_id"])["fsrs"]
        second = flashcards.rate_card(s, **CARD, rating=1, now=NOW + timedelta(minutes=10), fuzzing=False)
        assert flashcards.undo(s, second) is True
        assert s.card_row(CARD["card_id"])["fsrs"] == after_first
        assert flashcards.undo(s, first) is True
        assert s.card_row(CARD["card_id"]) is None
        assert s.undo_review(first) is None  # gone: nothing to take back twice


def test_review_cli_undo_says_so_when_another_process_rated_the_card(tmp_path, studycli_home):
    """Two processes through the real CLI: a `studycli review` rates, this test process (another
    learner's session) rates the same card, then the review presses u."""
    env = {**os.environ, "STUDYCLI_NOW": NOW.isoformat(), "STUDYCLI_FUZZ": "0"}
    review = subprocess.Popen([sys.executable, "-m", "studycli", "review"], cwd=REPO, env=env, text=True,
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    review.stdin.write("\n3\n")
    review.stdin.flush()
    db_file = studycli_home / "studycli.db"
    deadline = time.monotonic() + 60
    first = None
    while time.monotonic() < deadline and first is None:
        if db_file.exists():
            try:
                first = sqlite3.connect(db_file).execute("SELECT card_id, fact_id FROM review_log JOIN cards "
                                                         "USING (card_id) LIMIT 1").fetchone()
            except sqlite3.Error:
                first = None
        time.sleep(0.05)
    assert first is not None, "the review never saved its rating"
    card_id, fact_id = first
    with open_store(db_file) as s:  # the other session rates the same card
        flashcards.rate_card(s, card_id=card_id, fact_id=fact_id, kind=card_id.rsplit(":", 1)[1], rating=4,
                             now=NOW + timedelta(minutes=1), fuzzing=False)
    out, err = review.communicate("u\n", timeout=60)
    assert review.returncode == 0 and "Traceback" not in err, err
    assert "Not undone" in out and card_id in out
    logs, card = rows_of(db_file, card_id)
    assert [rating for _, rating, _ in logs] == [3, 4] and card is not None


# --- a database written by a newer studycli -------------------------------------------------

def newer(path: Path) -> bytes:
    open_store(path).close()
    db = sqlite3.connect(path)
    db.execute("INSERT INTO migrations(name, applied_at) VALUES ('_m777_added_by_a_later_version', '2031-01-01')")
    db.commit()
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return path.read_bytes()


def test_a_newer_schema_is_refused_with_its_own_code_and_left_byte_for_byte(tmp_path):
    path = tmp_path / "studycli.db"
    original = newer(path)
    with pytest.raises(StoreError) as refused:
        open_store(path)
    assert refused.value.code == "StoreTooNew" and refused.value.exit_code == 78
    assert "_m777_added_by_a_later_version" in str(refused.value) and "upgrade studycli" in str(refused.value)
    assert path.read_bytes() == original
    # (the data directory `home` may hold the message catalogues' cache, written while the error was worded)
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "home") == ["studycli.db"], "no journal or WAL left"


def test_a_newer_schema_through_the_cli(studycli_home):
    studycli_home.mkdir()
    db = studycli_home / "studycli.db"
    original = newer(db)
    for args in (["stats"], ["review"], ["config", "set", "new_per_day", "5"]):
        result = run_cli(*args, stdin="\n3\n")
        assert result.returncode == 78, (args, result.stderr)
        assert result.stderr.startswith("Error: ") and "newer studycli" in result.stderr
    assert run_cli("facts", "--topic", "cloudtrail").returncode == 0  # needs no progress
    assert db.read_bytes() == original


# --- locked, full, read-only, damaged: in-process -------------------------------------------

def test_a_database_held_longer_than_the_busy_timeout_is_locked_not_damaged(tmp_path, monkeypatch):
    path = tmp_path / "studycli.db"
    open_store(path).close()
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    monkeypatch.setattr(store_module, "BUSY_TIMEOUT_MS", 200)
    try:
        with open_store(path) as s, pytest.raises(StoreError) as held:
            s.set_config("lang", "en")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert held.value.code == "StoreLocked" and held.value.exit_code == 75
    assert "another studycli" in str(held.value)


def test_a_full_database_is_a_full_disk_and_nothing_half_written(tmp_path):
    path = tmp_path / "studycli.db"
    with open_store(path) as s:
        flashcards.rate_card(s, **CARD, rating=3, now=NOW, fuzzing=False)
        pages = s.db.execute("PRAGMA page_count").fetchone()[0]
        s.db.execute(f"PRAGMA max_page_count = {pages}")  # SQLite answers SQLITE_FULL past it, as on a full disk
        with pytest.raises(StoreError) as full:
            for i in range(500):
                s.record_review(card_id=f"x{i}", fact_id="x", kind="forward", fsrs_json=json.dumps({"pad": "x" * 2000}),
                                state=1, due=NOW, rating=3, reviewed_at=NOW, duration_ms=1, origin="review")
        assert full.value.code == "DiskFull" and full.value.exit_code == 74
        assert "no space left" in str(full.value)
        kept = s.db.execute("SELECT COUNT(*) FROM review_log").fetchone()[0]
    logs, _ = rows_of(path, CARD["card_id"])
    assert len(logs) == 1 and kept >= 1  # every committed rating is there; the failed one left nothing


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes through permissions (the tmpfs test covers root)")
def test_a_read_only_database_is_read_only_not_damaged(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    path = home / "studycli.db"
    open_store(path).close()
    original = path.read_bytes()
    path.chmod(0o444), home.chmod(0o555)
    try:
        with pytest.raises(StoreError) as refused, open_store(path) as s:
            s.set_config("lang", "en")
        assert refused.value.code == "StoreReadOnly" and refused.value.exit_code == 77
    finally:
        home.chmod(0o755), path.chmod(0o644)
    assert path.read_bytes() == original


def test_each_state_has_its_own_exit_code():
    codes = ["StoreDamaged", "StoreLocked", "StoreReadOnly", "DiskFull", "StoreTooNew", "StoreUnavailable"]
    assert len({CODES[c].exit_code for c in codes}) == len(codes)


# --- full disk and read-only file system: the real CLI on a tmpfs ---------------------------

@pytest.fixture
def tmpfs(tmp_path):
    """An 8 MiB tmpfs at tmp_path/mnt (root only)."""
    mount = tmp_path / "mnt"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", str(mount)], capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({done.stderr.decode().strip() or 'not root'})")
    yield mount
    subprocess.run(["mount", "-o", "remount,rw", str(mount)], capture_output=True)
    subprocess.run(["umount", "-l", str(mount)], capture_output=True)


def cli(home: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess:
    return run_cli(*args, stdin=stdin, env={"STUDYCLI_HOME": str(home)}, timeout=60)


def test_on_a_full_disk_recording_says_disk_full_and_facts_still_work(tmpfs):
    home = tmpfs / "home"
    assert cli(home, "review", stdin="\n3\n").returncode == 0
    before = (home / "studycli.db").read_bytes()
    filler = os.open(tmpfs / "filler", os.O_WRONLY | os.O_CREAT)  # fill the disk to the last block
    try:
        while os.write(filler, b"\0" * 4096):
            pass
    except OSError:
        pass
    finally:
        os.close(filler)
    review = cli(home, "review", stdin="\n3\n\n3\n")
    assert review.returncode == 74 and "Traceback" not in review.stderr, review.stderr
    assert "no space left" in review.stderr and "damaged" not in review.stderr
    facts = cli(home, "facts", "--topic", "cloudtrail")
    assert facts.returncode == 0 and "CloudTrail" in facts.stdout, facts.stderr
    assert (home / "studycli.db").read_bytes() == before


def test_on_a_read_only_file_system_the_store_is_read_only_and_facts_still_work(tmpfs):
    home = tmpfs / "home"
    assert cli(home, "review", stdin="\n3\n").returncode == 0
    before = (home / "studycli.db").read_bytes()
    remount = subprocess.run(["mount", "-o", "remount,ro", str(tmpfs)], capture_output=True)
    assert remount.returncode == 0, remount.stderr
    for args in (["review"], ["stats"], ["config", "set", "new_per_day", "5"]):
        result = cli(home, *args, stdin="\n3\n")
        assert result.returncode == 77 and "Traceback" not in result.stderr, (args, result.stderr)
        assert "Read-only file system" in result.stderr and "damaged" not in result.stderr
    facts = cli(home, "facts", "--topic", "cloudtrail")
    assert facts.returncode == 0 and "CloudTrail" in facts.stdout, facts.stderr
    assert (home / "studycli.db").read_bytes() == before
    new_home = cli(tmpfs / "elsewhere", "stats")
    assert new_home.returncode == 77, new_home.stderr
