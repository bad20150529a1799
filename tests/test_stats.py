"""`studycli stats`: cards by state, due today and the week ahead, reviews per day, true retention, streak, history."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from conftest import run_cli

from studycli import flashcards
from studycli.store import open_store

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
PACK = """\
topic: zz-stats/basics
title: {ko: 통계, en: Stats}
facts:
""" + "".join(f"""\
  - id: zz-stats-{i}
    family: zz-stats
    ko: 질문 {i}
    en: Question {i}
    answer: This answer {i} is a sentence.
    explain: {{ko: 설명, en: Explanation}}
    source: {{lines: [1]}}
""" for i in range(5))


@pytest.fixture
def pack(tmp_path):
    directory = tmp_path / "pack"
    directory.mkdir()
    (directory / "zz.yaml").write_text(PACK, encoding="utf-8")
    return directory


def stats_json(pack, now: datetime = NOW) -> dict:
    result = run_cli("stats", "--json", "--content", str(pack), env={"STUDYCLI_NOW": now.isoformat(), "TZ": "UTC"})
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)  # the whole of stdout is one JSON document


def rate(store, n: int, rating: int, when: datetime) -> None:
    flashcards.rate_card(store, card_id=f"zz-stats-{n}:forward", fact_id=f"zz-stats-{n}", kind="forward",
                         rating=rating, now=when, fuzzing=False)


def test_empty_store_has_the_contract_fields(pack):
    report = stats_json(pack)
    assert report["reviews_total"] == 0
    assert set(report["cards_by_state"]) == {"new", "learning", "review", "relearning"}
    assert report["cards_by_state"]["new"] >= 5
    assert report["true_retention"] is None and report["streak_days"] == 0
    assert [d["due"] for d in report["forecast"]] == [0] * 7 and report["forecast"][0]["date"] == "2026-03-10"


def test_ratings_move_cards_between_states(pack, studycli_home):
    before = stats_json(pack)["cards_by_state"]
    with open_store() as store:
        rate(store, 0, 3, NOW)              # learning (next step in 10 minutes)
        rate(store, 1, 4, NOW)              # straight to review
        rate(store, 2, 4, NOW - timedelta(days=20))
        rate(store, 2, 1, NOW - timedelta(hours=1))  # forgotten: relearning
    after = stats_json(pack)
    states = after["cards_by_state"]
    assert states["new"] == before["new"] - 3
    assert (states["learning"], states["review"], states["relearning"]) == (1, 1, 1)
    assert after["reviews_total"] == 4


def test_due_today_and_seven_day_forecast(pack, studycli_home):
    with open_store() as store:
        rate(store, 0, 3, NOW)                          # due in 10 minutes: today
        rate(store, 1, 4, NOW - timedelta(days=30))     # overdue since long ago: today
        rate(store, 2, 4, NOW - timedelta(days=5))      # Easy gives 8 days: due in 3 days
    report = stats_json(pack)
    assert report["due_today"] == 2
    assert [d["due"] for d in report["forecast"]] == [2, 0, 0, 1, 0, 0, 0]


def test_reviews_per_day_and_streak(pack, studycli_home):
    with open_store() as store:
        for days_ago, count in ((0, 2), (1, 1), (2, 3), (4, 1)):
            for i in range(count):
                rate(store, i, 3, NOW - timedelta(days=days_ago, minutes=i))
    report = stats_json(pack)
    per_day = {d["date"]: d["reviews"] for d in report["reviews_per_day"]}
    assert per_day == {"2026-03-06": 1, "2026-03-08": 3, "2026-03-09": 1, "2026-03-10": 2}
    assert report["streak_days"] == 3
    # Tomorrow, before reviewing, the streak still stands; the day after it is broken.
    assert stats_json(pack, NOW + timedelta(days=1))["streak_days"] == 3
    assert stats_json(pack, NOW + timedelta(days=2))["streak_days"] == 0


def test_true_retention_counts_only_ratings_of_review_cards(pack, studycli_home):
    with open_store() as store:
        for n in range(4):
            rate(store, n, 4, NOW - timedelta(days=40))        # new -> review: not counted
        for n, rating in enumerate((3, 3, 2, 1)):
            rate(store, n, rating, NOW - timedelta(days=10))  # review-state ratings: 3 of 4 recalled
        rate(store, 3, 3, NOW - timedelta(days=10) + timedelta(minutes=10))  # relearning: not counted
    report = stats_json(pack)
    assert report["review_state_ratings"] == 4
    assert report["true_retention"] == pytest.approx(0.75)


def test_quiz_and_exam_history(pack, studycli_home):
    with open_store() as store:
        sid = store.start_session("quiz", NOW - timedelta(hours=2), seed=3, meta={"count": 3})
        for i, right in enumerate((True, False, True)):
            store.record_answer(session_id=sid, question_id=f"q{i}", fact_ids=["zz-stats-0"], topic="zz-stats/basics",
                                qtype="single", given="A", correct=right, answered_at=NOW - timedelta(hours=2))
        store.finish_session(sid, NOW - timedelta(hours=1))
        store.start_session("exam", NOW - timedelta(minutes=30))
    sessions = stats_json(pack)["sessions"]
    assert [(s["kind"], s["answered"], s["correct"]) for s in sessions] == [("exam", 0, 0), ("quiz", 3, 2)]


def test_exam_mode_shows_countdown_and_paced_new_cards(pack, studycli_home):
    assert run_cli("config", "set", "exam_date", "2026-03-20", env={"STUDYCLI_NOW": NOW.isoformat()}).returncode == 0
    report = stats_json(pack)
    assert report["exam_date"] == "2026-03-20" and report["days_to_exam"] == 10
    assert report["new_per_day"] >= max(20, -(-report["cards_by_state"]["new"] // 10))


def test_text_stats_for_people(pack, studycli_home):
    with open_store() as store:
        rate(store, 0, 3, NOW)
    result = run_cli("stats", "--content", str(pack), env={"STUDYCLI_NOW": NOW.isoformat(), "TZ": "UTC"})
    assert result.returncode == 0, result.stderr
    assert "Cards: new" in result.stdout and "learning 1" in result.stdout
    assert "Due today: 1" in result.stdout and "Ratings 1 · streak 1 day(s)" in result.stdout


def test_stats_still_works_when_content_is_broken(tmp_path, studycli_home):
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "bad.yaml").write_text("topic: [oops\n", encoding="utf-8")
    result = run_cli("stats", "--json", "--content", str(broken))
    assert result.returncode == 0
    assert json.loads(result.stdout)["reviews_total"] == 0
    assert result.stderr.startswith("Warning: content not loaded") and len(result.stderr.splitlines()) == 1
