"""Acceptance 5: `studycli exam` driven in a real terminal (pexpect): answer, flag, review, submit, result."""

from __future__ import annotations

import json
import sqlite3
import sys

import pytest
from test_quiz_cli import env_for, studycli

from studycli.study.exam import scaled_score

pexpect = pytest.importorskip("pexpect")

ARGS = ["exam", "--count", "3", "--seed", "5", "--minutes", "30"]


def letters(indexes):
    return ",".join("ABCDEF"[i] for i in indexes)


def test_exam_in_a_real_terminal(tmp_path):
    plan = studycli(tmp_path, *ARGS, "--json")
    assert plan.returncode == 0, plan.stderr
    qs = json.loads(plan.stdout)
    wrong_for_q2 = [next(i for i in range(len(qs[1]["options"])) if i not in qs[1]["correct"])]
    wrong_for_q2 += qs[1]["correct"][1:]

    child = pexpect.spawn(sys.executable, ["-m", "studycli", *ARGS], env=env_for(tmp_path, TERM="xterm"),
                          encoding="utf-8", timeout=30, dimensions=(50, 220))
    try:
        child.expect(r"Question 1/3 +⏱ (\d+:\d\d) left")
        assert child.match.group(1) in ("30:00", "29:59", "29:58")   # the visible timer
        child.expect("Answer")
        child.sendline(letters(qs[0]["correct"]))                     # answer right

        child.expect("Question 2/3")
        child.expect("Answer")
        child.sendline("f")                                           # flag for review
        child.expect(r"Question 2/3 .*⚑ flagged")
        child.expect(r"\[f\] unflag")                                # the key now takes the flag off
        child.expect("Answer")
        child.sendline(letters(wrong_for_q2))                         # answer wrong

        child.expect("Question 3/3")
        child.expect("Answer")
        child.sendline("p")                                           # move back ...
        child.expect(r"Question 2/3 .*flagged.*\(your answer: " + letters(wrong_for_q2) + r"\)")
        child.expect("Answer")
        child.sendline("n")                                           # ... and forward
        child.expect("Question 3/3")
        child.expect("Answer")
        child.sendline("r")                                           # the review screen
        child.expect("Review")
        child.expect("Unanswered: 3")
        child.expect("Flagged: 2")
        child.expect("go back")
        child.sendline("")                                            # back to question 3
        child.expect("Question 3/3")
        child.expect("Answer")
        child.sendline("s")                                           # submit: review screen first
        child.expect(r"Submit\?")
        child.expect("Unanswered: 3")
        child.expect("s again to submit")
        child.expect("go back")
        child.sendline("s")

        child.expect(r"Scaled score: (\d+) / 1000 — (PASS|FAIL)")     # the result screen
        assert int(child.match.group(1)) == scaled_score(1, 3) and child.match.group(2) == "FAIL"
        child.expect(r"Right: 1/3 \(answered 2\)")
        child.expect("By topic")
        child.expect("Wrong answers")                                 # the walk through the misses
        child.expect("Enter for the next")
        child.sendline("")
        child.expect("Your answer: \\(none\\)")
        child.expect(pexpect.EOF)
    finally:
        child.close()
    assert child.exitstatus == 0

    db = sqlite3.connect(tmp_path / "studycli.db")
    rows = db.execute("SELECT question_id, correct, flagged FROM answers ORDER BY id").fetchall()
    assert rows == [(qs[0]["id"], 1, 0), (qs[1]["id"], 0, 1)]
    meta = json.loads(db.execute("SELECT meta FROM sessions WHERE kind = 'exam'").fetchone()[0])
    assert meta["scaled"] == scaled_score(1, 3) and meta["passed"] is False
