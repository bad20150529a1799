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


def kill_after_answers(home, command: list[str], given: list[str]) -> subprocess.Popen:
    """Run `studycli COMMAND` on a pipe, give it `given` answers, wait until all are saved
    while it waits for the next one, then SIGKILL it. Returns the killed process."""
    proc = subprocess.Popen([sys.executable, "-m", "studycli", *command],
                            stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            text=True, env=env_for(home))
    try:
        proc.stdin.write("\n".join(given) + "\n")
        proc.stdin.flush()       # stdin stays open: the command now waits for the next answer
        db_path = home / "studycli.db"
        deadline = time.monotonic() + 60
        while len(answers_saved(db_path)) < len(given) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert proc.poll() is None, "the command should still be waiting for the next answer"
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
    return proc


def test_a_killed_quiz_keeps_every_answer_given_before_the_kill(tmp_path):
    qs = questions(tmp_path, "--count", "5", "--seed", "1")
    given = [right_answer(qs[0]), wrong_answer(qs[1]), right_answer(qs[2])]
    proc = kill_after_answers(tmp_path, ["quiz", "--count", "5", "--seed", "1"], given)
    db_path = tmp_path / "studycli.db"
    assert proc.returncode == -signal.SIGKILL
    rows = answers_saved(db_path)
    assert [r[0] for r in rows] == [q["id"] for q in qs[:3]]
    assert [bool(r[2]) for r in rows] == [True, False, True]
    assert json.loads(rows[0][1])["shown"]             # the learner's answer in words survived too
    db = sqlite3.connect(db_path)
    assert db.execute("SELECT COUNT(*) FROM sessions WHERE finished_at IS NULL").fetchone()[0] == 1
