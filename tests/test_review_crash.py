"""Progress is never lost: a killed session keeps every rating given, and two sessions at once lose none."""

from __future__ import annotations

import os
import re
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime, timedelta

import pytest
from conftest import REPO

from studycli import flashcards
from studycli.store import open_store

NOW = "2026-03-01T10:00:00+00:00"
PROMPT_REVEAL = "[Enter] show answer"
PROMPT_RATE = "Rate 1-4"


def write_pack(directory, facts: int) -> None:
    """A content pack of `facts` plain facts (one forward card each) under its own topic."""
    lines = ["topic: zz-crash/cards", "title: {ko: 테스트, en: Test}", "facts:"]
    for i in range(facts):
        lines += [f"  - id: zz-crash-{i:03d}", "    family: zz-crash",
                  f"    ko: 질문 {i}", f"    en: Question {i}", f"    answer: Answer number {i} is long.",
                  "    explain: {ko: 설명, en: Explanation}", "    source: {lines: [1]}"]
    directory.mkdir(exist_ok=True)
    (directory / "zz.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


class Session:
    """`studycli review` in a subprocess with a pipe for stdin and a reader thread for stdout."""

    def __init__(self, pack, env_extra: dict | None = None):
        env = {**os.environ, "STUDYCLI_NOW": NOW, "STUDYCLI_FUZZ": "0", **(env_extra or {})}
        self.proc = subprocess.Popen([sys.executable, "-m", "studycli", "review", "--content", str(pack),
                                      "--topic", "zz-crash"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, env=env, cwd=REPO)
        self.out = b""
        self.lock = threading.Lock()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        while chunk := os.read(self.proc.stdout.fileno(), 4096):
            with self.lock:
                self.out += chunk

    def text(self) -> str:
        with self.lock:
            return self.out.decode("utf-8", "replace")

    def wait_for(self, marker: str, count: int, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while self.text().count(marker) < count:
            if time.monotonic() > deadline or self.proc.poll() is not None and self.text().count(marker) < count:
                time.sleep(0.2)
                if self.text().count(marker) >= count:
                    return
                raise AssertionError(f"never saw {marker!r} x{count}:\n{self.text()}\n{self.proc.stderr.read()}")
            time.sleep(0.01)

    def send(self, text: str) -> None:
        self.proc.stdin.write(text.encode())
        self.proc.stdin.flush()


def review_logs(home) -> int:
    with sqlite3.connect(home / "studycli.db") as db:
        return db.execute("SELECT COUNT(*) FROM review_log").fetchone()[0]


@pytest.mark.parametrize("k", [0, 1, 5])
def test_sigkill_after_k_ratings_leaves_exactly_k_review_logs(k, tmp_path, studycli_home):
    pack = tmp_path / "pack"
    write_pack(pack, 10)
    session = Session(pack)
    try:
        for i in range(k):
            session.wait_for(PROMPT_REVEAL, i + 1)
            session.send("\n")
            session.wait_for(PROMPT_RATE, i + 1)
            session.send("3\n")
        # The next card is on screen, answer shown, rating not given yet: pull the plug.
        session.wait_for(PROMPT_REVEAL, k + 1)
        session.send("\n")
        session.wait_for(PROMPT_RATE, k + 1)
        session.proc.send_signal(signal.SIGKILL)
        assert session.proc.wait(timeout=10) == -signal.SIGKILL
    finally:
        if session.proc.poll() is None:
            session.proc.kill()
    assert review_logs(studycli_home) == k
    with sqlite3.connect(studycli_home / "studycli.db") as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert db.execute("SELECT COUNT(*) FROM cards").fetchone()[0] == k
    # The learner carries on where they stopped: the rated cards are not new any more.
    session = Session(pack)
    session.wait_for(PROMPT_REVEAL, 1)
    session.send("q\n")
    session.proc.wait(timeout=30)
    header = session.text().splitlines()[0]
    assert "Question 0" in session.text()
    assert ("new" in header) == (k == 0)  # a rated card comes back before any new one


def test_two_sessions_at_once_lose_no_rating(tmp_path, studycli_home):
    pack = tmp_path / "pack"
    write_pack(pack, 60)
    ratings = "".join(f"\n{1 + i % 4}\n" for i in range(60))
    first, second = Session(pack), Session(pack)
    try:
        for session in (first, second):
            session.wait_for(PROMPT_REVEAL, 1)
        for session in (first, second):  # both are running and start rating together
            session.send(ratings)
            session.proc.stdin.close()
        for session in (first, second):
            assert session.proc.wait(timeout=60) == 0, session.proc.stderr.read()
    finally:
        for session in (first, second):
            if session.proc.poll() is None:
                session.proc.kill()
    given = [int(re.search(r"Reviewed (\d+)", s.text()).group(1)) for s in (first, second)]
    assert given[0] > 0 and given[1] > 0
    assert review_logs(studycli_home) == sum(given)


def test_many_writers_in_threads_lose_no_rating(tmp_path):
    path = tmp_path / "p.db"
    open_store(path).close()
    start = datetime(2026, 3, 1, tzinfo=UTC)
    errors: list[BaseException] = []

    def learner(n: int) -> None:
        try:
            with open_store(path) as store:
                for i in range(40):
                    flashcards.rate_card(store, card_id=f"c{i % 7}:forward", fact_id=f"c{i % 7}", kind="forward",
                                         rating=1 + (i + n) % 4, now=start + timedelta(minutes=i), fuzzing=False)
        except BaseException as err:
            errors.append(err)

    threads = [threading.Thread(target=learner, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    with open_store(path) as store:
        assert store.reviews_total() == 160
