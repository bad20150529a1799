"""Issue 9: the home screen says what is due, the scores, the weak spots and what to do next."""

from __future__ import annotations

import json

from conftest import run_cli

from studycli.study import home


def test_weakest_topics_need_enough_answers_and_sort_by_accuracy():
    acc = home.topic_accuracy([("a", True), ("a", False), ("a", False), ("b", True), ("b", True), ("b", False),
                               ("c", False)])
    assert acc == {"a": (1, 3), "b": (2, 3), "c": (0, 1)}
    assert [t for t, _ in home.weakest_topics(acc)] == ["a", "b"]  # c has too few answers to judge


def test_suggestions_put_due_cards_first_and_the_exam_near_the_date():
    todo = home.suggestions(due=5, new_left=20, weakest=[("config", 0.4)], days_to_exam=7, last_exam_score=None,
                            answered_any=True)
    assert [s.command for s in todo][:3] == [("review",), ("quiz", "--topic", "config", "--count", "10"), ("exam",)]
    calm = home.suggestions(due=0, new_left=0, weakest=[], days_to_exam=None, last_exam_score=None, answered_any=True)
    assert ("review",) not in [s.command for s in calm] and ("exam",) not in [s.command for s in calm]


def test_home_json_on_a_fresh_install():
    result = run_cli("home", "--json")
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["due"] == 0 and doc["new_left_today"] == 20 and doc["last_quiz"] is None
    assert doc["suggestions"][0]["command"] == ["studycli", "review"]


def test_bare_studycli_shows_the_home_screen_in_plain_mode():
    result = run_cli(stdin="")
    assert result.returncode == 0, result.stderr
    assert "New cards left today" in result.stdout and "studycli review" in result.stdout


def test_exam_date_shows_the_countdown():
    assert run_cli("config", "set", "exam_date", "2027-01-10", env={"STUDYCLI_NOW": "2027-01-01T09:00:00+00:00"}).returncode == 0
    doc = json.loads(run_cli("home", "--json", env={"STUDYCLI_NOW": "2027-01-01T09:00:00+00:00"}).stdout)
    assert doc["days_to_exam"] == 9
    assert ["studycli", "exam"] in [s["command"] for s in doc["suggestions"]]
