"""Issue 10: a killed exam keeps every answer given before the kill (review, quiz and export have their own)."""

from __future__ import annotations

import json

from test_quiz_cli import right_answer, studycli, wrong_answer
from test_quiz_crash import answers_saved, kill_after_answers


def test_a_killed_exam_keeps_every_answer_given_before_the_kill(tmp_path):
    run = studycli(tmp_path, "exam", "--count", "5", "--seed", "3", "--json")
    assert run.returncode == 0, run.stderr
    qs = json.loads(run.stdout)
    qs = qs["questions"] if isinstance(qs, dict) else qs
    given = [right_answer(qs[0]), wrong_answer(qs[1])]
    kill_after_answers(tmp_path, ["exam", "--count", "5", "--seed", "3"], given)
    rows = answers_saved(tmp_path / "studycli.db")
    assert [r[0] for r in rows] == [q["id"] for q in qs[:2]]
    assert [bool(r[2]) for r in rows] == [True, False]
