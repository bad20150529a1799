"""The mock exam model (studycli.study.exam): clock as data, navigation, flags, scaled score."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_quiz_engine import sample_facts

from studycli.study.exam import PASS_SCORE, Exam, format_remaining, scaled_score
from studycli.study.questions import generator as quiz
from studycli.study.questions.registry import exam_types

EXAM_TYPES = exam_types()

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def new_exam(count=6, minutes=10):
    questions = quiz.generate(sample_facts(), count, random.Random(1), "en", types=EXAM_TYPES)
    assert len(questions) == count
    return Exam(questions, started_at=START, minutes=minutes)


def right(q):
    return list(q.correct)


def wrong(q):
    return [next(i for i in range(len(q.options)) if i not in q.correct)] + list(q.correct)[1:]


def test_scaled_score_runs_from_100_to_1000_with_720_at_the_cut():
    assert scaled_score(0, 65) == 100
    assert scaled_score(65, 65) == 1000
    assert scaled_score(7, 10) == PASS_SCORE
    assert scaled_score(69, 100) < PASS_SCORE <= scaled_score(70, 100)
    assert scaled_score(0, 0) == 100


@settings(max_examples=200)
@given(total=st.integers(1, 200), data=st.data())
def test_scaled_score_is_monotonic_and_passing_means_reaching_the_cut(total, data):
    right_ = data.draw(st.integers(0, total))
    score = scaled_score(right_, total)
    assert 100 <= score <= 1000
    assert (score >= PASS_SCORE) == (right_ * 10 >= total * 7)
    if right_ < total:
        assert scaled_score(right_ + 1, total) >= score


def test_timer_is_data():
    exam = new_exam(minutes=130)
    assert exam.deadline == START + timedelta(minutes=130)
    assert exam.remaining(START + timedelta(minutes=10)) == timedelta(minutes=120)
    assert exam.remaining(START + timedelta(hours=5)) == timedelta(0)
    assert not exam.timed_out(START + timedelta(minutes=129)) and exam.timed_out(START + timedelta(minutes=130))
    assert format_remaining(timedelta(minutes=125, seconds=9)) == "2:05:09"
    assert format_remaining(timedelta(minutes=4, seconds=7)) == "4:07"


def test_navigation_flags_and_review_lists():
    exam = new_exam()
    assert exam.position == 0 and not exam.previous()
    exam.answer(right(exam.current), START)
    assert exam.next() and exam.toggle_flag() and exam.flagged() == [1]
    exam.go(5)
    assert not exam.next() and exam.previous() and exam.position == 4
    assert exam.unanswered() == [1, 2, 3, 4, 5]
    exam.go(1)
    assert not exam.toggle_flag() and exam.flagged() == []
    with pytest.raises(IndexError):
        exam.go(6)


def test_changing_an_answer_replaces_it():
    exam = new_exam()
    q = exam.current
    exam.answer(wrong(q), START)
    exam.answer(right(q), START + timedelta(minutes=1))
    assert exam.is_right(0) and len(exam.answers) == 1


def test_result_counts_unanswered_as_wrong_and_breaks_down_by_topic():
    exam = new_exam()
    for i, q in enumerate(exam.questions[:4]):
        exam.go(i)
        exam.answer(right(q) if i != 1 else wrong(q), START)
    result = exam.submit(START + timedelta(minutes=5))
    assert (result.right, result.total, result.answered) == (3, 6, 4)
    assert result.wrong == (1, 4, 5)
    assert result.scaled == scaled_score(3, 6) and not result.passed and not result.timed_out
    assert sum(t.total for t in result.by_topic) == 6 and sum(t.right for t in result.by_topic) == 3
    assert exam.submit(START + timedelta(minutes=9)) is result     # submitting twice changes nothing
    assert not exam.answer(right(exam.questions[5]), START)         # nor do answers after submitting


def test_running_out_of_time_submits_what_was_answered():
    exam = new_exam(minutes=10)
    exam.answer(right(exam.current), START + timedelta(minutes=3))
    exam.next()
    late = START + timedelta(minutes=10, seconds=1)
    assert not exam.answer(right(exam.current), late)              # too late: refused
    result = exam.submit(late)
    assert result.timed_out and result.answered == 1 and result.right == 1
    assert result.submitted_at == exam.deadline


def test_an_exam_that_passes():
    exam = new_exam(count=5)
    for i, q in enumerate(exam.questions):
        exam.go(i)
        exam.answer(right(q), START)
    result = exam.submit(START)
    assert result.passed and result.scaled == 1000


def test_exam_cli_times_out_and_submits(tmp_path, monkeypatch):
    """The command reads the clock through studycli.clock; moving it past the deadline submits."""
    import json

    from typer.testing import CliRunner

    from studycli import clock
    from studycli.cli import app

    monkeypatch.setenv("STUDYCLI_HOME", str(tmp_path))
    monkeypatch.setenv("STUDYCLI_LANG", "en")
    from studycli.store import Store

    now = [START]
    monkeypatch.setattr(clock, "now", lambda: now[0])
    record = Store.record_answer

    def record_then_let_time_run_out(self, **kw):
        record(self, **kw)
        now[0] = START + timedelta(minutes=2)     # the first answer takes two minutes of a one-minute exam

    monkeypatch.setattr(Store, "record_answer", record_then_let_time_run_out)
    runner = CliRunner()
    qs = json.loads(runner.invoke(app, ["exam", "--count", "3", "--seed", "2", "--minutes", "1", "--json"]).stdout)
    answer = ",".join("ABCDEF"[i] for i in qs[0]["correct"])
    result = runner.invoke(app, ["exam", "--count", "3", "--seed", "2", "--minutes", "1"],
                           input=f"{answer}\n{answer}\n{answer}\n")
    assert result.exit_code == 0, result.output
    assert "Time is up" in result.output and "Right: 1/3 (answered 1)" in result.output
    assert "FAIL" in result.output and "Wrong answers" in result.output


@pytest.mark.parametrize("args, message", [
    (["--minutes", "0"], "--minutes: must be at least 1"),
    (["--count", "0"], "--count: must be at least 1"),
    (["--topic", "nope"], "no topic 'nope'"),
    (["--lang", "fr"], "--lang: 'fr'"),
])
def test_exam_bad_input_is_one_clear_line(tmp_path, args, message):
    from test_quiz_cli import studycli

    run = studycli(tmp_path, "exam", *args, stdin="")
    assert run.returncode == 1 and message in run.stderr and "Traceback" not in run.stderr
    assert len(run.stderr.strip().splitlines()) == 1
