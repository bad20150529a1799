"""Issue 10: a killed exam keeps every answer given before the kill (review, quiz and export have their own)."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time

from test_quiz_cli import env_for, right_answer, studycli, wrong_answer
from test_quiz_crash import answers_saved


def test_a_killed_exam_keeps_every_answer_given_before_the_kill(tmp_path):
    run = studycli(tmp_path, "exam", "--count", "5", "--seed", "3", "--json")
    assert run.returncode == 0, run.stderr
    qs = json.loads(run.stdout)
    qs = qs["questions"] if isinstance(qs, dict) else qs
    given = [right_answer(qs[0]), wrong_answer(qs[1])]
    proc = subprocess.Popen([sys.executable, "-m", "studycli", "exam", "--count", "5", "--seed", "3"],
                            stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            text=True, env=env_for(tmp_path))
    try:
        proc.stdin.write("\n".join(given) + "\n")
        proc.stdin.flush()  # stdin stays open: the exam waits on question 3
        db_path = tmp_path / "studycli.db"
        deadline = time.monotonic() + 60
        while len(answers_saved(db_path)) < len(given) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert proc.poll() is None, "the exam should still be waiting for the third answer"
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
    rows = answers_saved(tmp_path / "studycli.db")
    assert [r[0] for r in rows] == [q["id"] for q in qs[:2]]
    assert [bool(r[2]) for r in rows] == [True, False]
