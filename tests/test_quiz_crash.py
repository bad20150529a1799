"""Acceptance 6: a quiz killed with SIGKILL keeps every answer given before the kill."""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import sys
import time

from test_quiz_cli import env_for, questions, right_answer, wrong_answer


def answers_saved(db_path) -> list[tuple]:
    if not db_path.exists():
        return []
    db = sqlite3.connect(db_path, timeout=10)
    try:
        return db.execute("SELECT question_id, given, correct FROM answers ORDER BY id").fetchall()
    except sqlite3.OperationalError:   # tables not created yet
        return []
    finally:
        db.close()


def test_a_killed_quiz_keeps_every_answer_given_before_the_kill(tmp_path):
    qs = questions(tmp_path, "--count", "5", "--seed", "1")
    given = [right_answer(qs[0]), wrong_answer(qs[1]), right_answer(qs[2])]
    proc = subprocess.Popen([sys.executable, "-m", "studycli", "quiz", "--count", "5", "--seed", "1"],
                            stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            text=True, env=env_for(tmp_path))
    try:
        proc.stdin.write("\n".join(given) + "\n")
        proc.stdin.flush()       # stdin stays open: the quiz now waits for answer 4
        db_path = tmp_path / "studycli.db"
        deadline = time.monotonic() + 60
        while len(answers_saved(db_path)) < len(given) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert proc.poll() is None, "the quiz should still be waiting for the fourth answer"
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == -signal.SIGKILL
    rows = answers_saved(db_path)
    assert [r[0] for r in rows] == [q["id"] for q in qs[:3]]
    assert [bool(r[2]) for r in rows] == [True, False, True]
    assert json.loads(rows[0][1])["shown"]             # the learner's answer in words survived too
    db = sqlite3.connect(db_path)
    assert db.execute("SELECT COUNT(*) FROM sessions WHERE finished_at IS NULL").fetchone()[0] == 1
