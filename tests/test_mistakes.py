"""Acceptance 7: the wrong-answer notebook (오답 노트) with a fixed clock (STUDYCLI_NOW)."""

from __future__ import annotations

import json

from test_quiz_cli import right_answer, studycli, wrong_answer

DAY1_MORNING = "2026-03-02T09:00:00+00:00"
DAY1_EVENING = "2026-03-02T20:00:00+00:00"
DAY2 = "2026-03-03T09:30:00+00:00"
DAY3 = "2026-03-04T09:30:00+00:00"


def notebook(home, now):
    run = studycli(home, "mistakes", "--json", STUDYCLI_NOW=now)
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)


def requiz(home, now, right: bool):
    """Answer the notebook's re-quiz (one question per fact), right or wrong, at `now`."""
    plan = studycli(home, "mistakes", "--quiz", "--json", "--seed", "3", STUDYCLI_NOW=now)
    assert plan.returncode == 0, plan.stderr
    qs = json.loads(plan.stdout)
    lines = [right_answer(q) if right else wrong_answer(q) for q in qs]
    run = studycli(home, "mistakes", "--quiz", "--seed", "3", stdin="\n".join(lines) + "\n", STUDYCLI_NOW=now)
    assert run.returncode == 0, run.stderr
    return qs, run.stdout


def test_a_wrong_answer_stays_until_answered_right_twice_on_different_days(tmp_path):
    # Fact questions only (a mixed quiz starts with an item or a simulator question; those are in test_mix.py).
    plan = studycli(tmp_path, "quiz", "--count", "2", "--seed", "4", "--type", "single", "--origin", "fact", "--json")
    qs = json.loads(plan.stdout)
    missed = qs[0]["fact_ids"][0]
    run = studycli(tmp_path, "quiz", "--count", "2", "--seed", "4", "--type", "single", "--origin", "fact",
                   stdin=f"{wrong_answer(qs[0])}\n{right_answer(qs[1])}\n", STUDYCLI_NOW=DAY1_MORNING)
    assert run.returncode == 0, run.stderr

    entries = notebook(tmp_path, DAY1_MORNING)
    assert [e["fact_id"] for e in entries] == [missed]
    entry = entries[0]
    assert entry["explanation"] and entry["answer"] and entry["your_answer"]
    assert entry["wrong_count"] == 1 and entry["right_days_since"] == 0

    text = studycli(tmp_path, "mistakes", STUDYCLI_NOW=DAY1_MORNING).stdout
    assert missed in text and entry["explanation"][:40] in text and "You answered:" in text

    asked, out = requiz(tmp_path, DAY1_EVENING, right=True)
    assert [q["fact_ids"] for q in asked] == [[missed]] and "Score: 1/1" in out
    assert notebook(tmp_path, DAY1_EVENING)[0]["right_days_since"] == 1
    requiz(tmp_path, DAY1_EVENING, right=True)                    # the same day counts once
    assert [e["fact_id"] for e in notebook(tmp_path, DAY1_EVENING)] == [missed]

    requiz(tmp_path, DAY2, right=True)                             # a second, different day: out
    assert notebook(tmp_path, DAY2) == []
    assert "empty" in studycli(tmp_path, "mistakes", STUDYCLI_NOW=DAY2).stdout


def test_a_new_miss_in_the_re_quiz_starts_the_count_again(tmp_path):
    plan = json.loads(studycli(tmp_path, "quiz", "--count", "1", "--seed", "6", "--type", "cloze", "--json").stdout)
    studycli(tmp_path, "quiz", "--count", "1", "--seed", "6", "--type", "cloze",
             stdin=wrong_answer(plan[0]) + "\n", STUDYCLI_NOW=DAY1_MORNING)
    requiz(tmp_path, DAY1_EVENING, right=True)
    requiz(tmp_path, DAY2, right=False)
    entries = notebook(tmp_path, DAY2)
    assert entries[0]["wrong_count"] == 2 and entries[0]["right_days_since"] == 0
    requiz(tmp_path, DAY3, right=True)
    assert len(notebook(tmp_path, DAY3)) == 1


def test_empty_notebook_without_a_database(tmp_path):
    assert notebook(tmp_path, DAY1_MORNING) == []
    run = studycli(tmp_path, "mistakes", "--quiz", STUDYCLI_NOW=DAY1_MORNING)
    assert run.returncode == 0 and "empty" in run.stdout
    assert not (tmp_path / "studycli.db").exists()
