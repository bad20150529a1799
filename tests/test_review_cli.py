"""`studycli review` in plain mode (stdin not a terminal), `config`, `cards orphans`: as a learner uses them."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta

import pytest
from conftest import run_cli

NOW = "2026-03-01T10:00:00+00:00"
ENV = {"STUDYCLI_NOW": NOW, "STUDYCLI_FUZZ": "0"}

# A content pack of our own: its topic cannot clash with the shipped content.
PACK = """\
topic: zz-review/basics
title: {ko: 복습 테스트, en: Review test}
facts:
  - id: zz-alarm-states
    family: zz-state-set
    ko: 경보 상태 세 가지
    en: The three alarm states
    answer: [OK, ALARM, INSUFFICIENT_DATA]
    explain:
      ko: 새 경보는 데이터가 모일 때까지 기다린다.
      en: A new alarm waits for enough data.
    source: {lines: [92, 93, 94, 95]}
  - id: zz-price
    family: zz-price
    ko: 구성 항목 1건당 요금
    en: Price per configuration item
    answer: {value: 0.003, unit: USD}
    explain:
      ko: 연속 기록은 구성 항목당 $0.003이다.
      en: Continuous recording costs $0.003 per configuration item.
    source: {lines: [206]}
  - id: zz-period
    family: zz-period
    ko: 표준 해상도 지표의 주기
    en: The period of a standard-resolution metric
    answer: {value: 60, unit: seconds}
    explain:
      ko: 고해상도는 더 짧다.
      en: High resolution is shorter.
    source: {lines: [10, 11]}
"""


@pytest.fixture
def pack(tmp_path):
    directory = tmp_path / "pack"
    directory.mkdir()
    (directory / "zz.yaml").write_text(PACK, encoding="utf-8")
    return directory


def review(pack, stdin: str, *extra: str, env: dict | None = None):
    return run_cli("review", "--content", str(pack), "--topic", "zz-review", *extra, stdin=stdin,
                   env={**ENV, **(env or {})})


def logs(home) -> list[tuple]:
    with sqlite3.connect(home / "studycli.db") as db:
        return db.execute("SELECT card_id, rating, origin, duration_ms FROM review_log ORDER BY id").fetchall()


def test_plain_session_shows_front_then_back_notes_and_next_intervals(pack, studycli_home):
    result = review(pack, "\n3\n", "--limit", "1")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.index("The three alarm states") < out.index("OK, ALARM, INSUFFICIENT_DATA")
    assert "A new alarm waits for enough data." in out
    assert "notes: lines 92-95" in out
    assert "1 Again (1m)   2 Hard (6m)   3 Good (10m)   4 Easy (" in out
    assert "Reviewed 1 · Again 0 (0%)" in out
    assert "Next card due in 10m (" in out
    [(card_id, rating, origin, duration)] = logs(studycli_home)
    assert (card_id, rating, origin) == ("zz-alarm-states:forward", 3, "review")
    assert duration is not None and duration >= 0


def test_each_rating_is_saved_with_cards_due_first_then_new(pack, studycli_home):
    result = review(pack, "\n4\n" * 3)
    assert result.returncode == 0, result.stderr
    assert [row[0] for row in logs(studycli_home)] == ["zz-alarm-states:forward", "zz-price:forward",
                                                       "zz-period:forward"]
    # Two days later the three Easy cards are not due yet, so only new cards (cloze) come.
    later = (datetime.fromisoformat(NOW) + timedelta(days=2)).isoformat()
    result = review(pack, "\n4\n", "--limit", "1", env={"STUDYCLI_NOW": later})
    assert "costs ____ per configuration item" in result.stdout
    # Long after, every card is due again: the earliest due first (same time: by id), before any new card.
    much_later = (datetime.fromisoformat(NOW) + timedelta(days=60)).isoformat()
    result = review(pack, "\n3\n", "--limit", "1", env={"STUDYCLI_NOW": much_later})
    assert "The three alarm states" in result.stdout and "new" not in result.stdout.splitlines()[0]


def test_learning_card_comes_back_in_the_same_session(pack, studycli_home):
    result = review(pack, "\n1\n\n3\n\n3\n", "--limit", "1")
    assert result.returncode == 0, result.stderr
    assert [row[:2] for row in logs(studycli_home)] == [("zz-alarm-states:forward", 1),
                                                        ("zz-alarm-states:forward", 3),
                                                        ("zz-alarm-states:forward", 3)]
    assert "Reviewed 3 · Again 1 (33%)" in result.stdout


def test_undo_takes_back_the_last_rating_and_shows_the_card_again(pack, studycli_home):
    result = review(pack, "\n1\nu\n\n4\n", "--limit", "2")
    assert result.returncode == 0, result.stderr
    assert "Undone: zz-alarm-states:forward" in result.stdout
    assert [row[:2] for row in logs(studycli_home)] == [("zz-alarm-states:forward", 4)]
    with sqlite3.connect(studycli_home / "studycli.db") as db:
        assert db.execute("SELECT state FROM cards WHERE card_id = 'zz-alarm-states:forward'").fetchone() == (2,)
    assert "Reviewed 1 · Again 0 (0%)" in result.stdout


def test_undo_with_nothing_to_undo_says_so(pack, studycli_home):
    result = review(pack, "u\n\n3\n", "--limit", "1")
    assert "Nothing to undo." in result.stdout
    assert len(logs(studycli_home)) == 1


def test_q_quits_with_the_summary_and_keeps_what_was_rated(pack, studycli_home):
    result = review(pack, "\n3\n\nq\n")
    assert result.returncode == 0, result.stderr
    assert "Reviewed 1 ·" in result.stdout
    assert len(logs(studycli_home)) == 1


def test_end_of_input_mid_card_ends_cleanly_with_the_summary(pack, studycli_home):
    result = review(pack, "\n3\n\n")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert "Summary" in result.stdout and "Reviewed 1 ·" in result.stdout


def test_a_key_that_is_not_a_rating_is_asked_again(pack, studycli_home):
    result = review(pack, "\n7\ngood\n2\n", "--limit", "1")
    assert result.stdout.count("Type 1 (Again), 2 (Hard), 3 (Good), 4 (Easy), u or q.") == 2
    assert [row[1] for row in logs(studycli_home)] == [2]


def test_limit_and_daily_new_card_limit(pack, studycli_home):
    assert run_cli("config", "set", "new_per_day", "2", env=ENV).returncode == 0
    result = review(pack, "\n4\n" * 5)
    assert len(logs(studycli_home)) == 2
    result = review(pack, "\n4\n" * 5)
    assert "Nothing to review today." in result.stdout
    assert len(logs(studycli_home)) == 2


def test_korean_session(pack, studycli_home):
    result = review(pack, "\n3\n", "--limit", "1", env={"STUDYCLI_LANG": "ko"})
    assert "경보 상태 세 가지" in result.stdout and "노트 92-95행" in result.stdout
    assert "복습 1장" in result.stdout


def test_unknown_topic_is_one_line_error(pack):
    result = run_cli("review", "--content", str(pack), "--topic", "no-such-topic", stdin="", env=ENV)
    assert result.returncode == 1
    assert result.stderr.startswith("Error: no topic 'no-such-topic'") and len(result.stderr.splitlines()) == 1


def test_bad_pinned_clock_is_one_line_error(pack):
    result = review(pack, "", env={"STUDYCLI_NOW": "yesterday"})
    assert result.returncode == 1 and "STUDYCLI_NOW" in result.stderr and "Traceback" not in result.stderr


# --- config ---

def test_config_set_get_list_unset(studycli_home):
    assert run_cli("config", "set", "exam_date", "2026-04-15", env=ENV).stdout.strip() == "exam_date = 2026-04-15"
    assert run_cli("config", "set", "desired_retention", "0.85", env=ENV).returncode == 0
    assert run_cli("config", "get", "exam_date", env=ENV).stdout.strip() == "2026-04-15"
    assert run_cli("config", "get", "new_per_day", env=ENV).stdout.strip() == "20"
    listed = run_cli("config", "list", env=ENV).stdout
    assert "desired_retention = 0.85" in listed and "new_per_day = 20 [default]" in listed
    assert run_cli("config", "unset", "exam_date", env=ENV).returncode == 0
    assert run_cli("config", "get", "exam_date", env=ENV).stdout.strip() == "(none)"


@pytest.mark.parametrize("key,value,words", [
    ("exam_date", "2026-13-01", "exam_date: '2026-13-01' is not a date"),
    ("exam_date", "2026-02-01", "exam_date: 2026-02-01 is not after today"),
    ("new_per_day", "2.5", "new_per_day: '2.5' is not a whole number"),
    ("new_per_day", "ten", "new_per_day: 'ten'"),
    ("new_per_day", "¹", "new_per_day: '¹' is not a whole number"),
    ("desired_retention", "1.5", "desired_retention: '1.5' is not a number from 0.7 to 0.99"),
    ("desired_retention", "nan", "desired_retention: 'nan'"),
    ("lang", "fr", "lang: 'fr' is not one of ko, en, both"),
    ("content_dirs", "/no/such/dir", "content_dirs: '/no/such/dir' is not a directory"),
    ("colour", "blue", "config: unknown key 'colour'"),
])
def test_config_rejects_bad_values_with_one_line(key, value, words, studycli_home):
    result = run_cli("config", "set", key, value, env=ENV)
    assert result.returncode == 1
    assert result.stderr == f"Error: {result.stderr[7:]}" and words in result.stderr
    assert len(result.stderr.splitlines()) == 1
    if key != "colour":
        assert run_cli("config", "get", key, env=ENV).stdout.strip() != value


def test_config_lang_applies_to_the_session(pack, studycli_home):
    assert run_cli("config", "set", "lang", "ko", env=ENV).returncode == 0
    result = review(pack, "\n3\n", "--limit", "1", env={"STUDYCLI_LANG": ""})
    assert "경보 상태 세 가지" in result.stdout


def test_exam_date_sessions_schedule_nothing_after_the_exam(pack, studycli_home):
    assert run_cli("config", "set", "exam_date", "2026-03-31", env=ENV).returncode == 0
    start = datetime.fromisoformat(NOW)
    for day in (0, 9, 20, 27):  # Easy every time: intervals that soon reach past the exam
        when = (start + timedelta(days=day)).isoformat()
        result = review(pack, "\n4\n" * 4, "--limit", "4", env={"STUDYCLI_FUZZ": "1", "STUDYCLI_NOW": when})
        assert result.returncode == 0, result.stderr
    with sqlite3.connect(studycli_home / "studycli.db") as db:
        dues = [datetime.fromisoformat(r[0]) for r in db.execute("SELECT due FROM cards")]
    exam_start = datetime.fromisoformat("2026-03-31T00:00:00").astimezone()
    assert len(dues) == 4
    assert max(dues) == exam_start  # clamped, not merely short


# --- cards orphans ---

def test_orphans_listed_after_their_fact_is_removed(pack, studycli_home):
    review(pack, "\n3\n", "--limit", "1")
    (pack / "zz.yaml").write_text(PACK.replace("zz-alarm-states", "zz-alarm-states-renamed"), encoding="utf-8")
    result = run_cli("cards", "orphans", "--content", str(pack), env=ENV)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("zz-alarm-states:forward  1 review(s)")
    assert "1 orphaned card(s); their progress is kept." in result.stderr
    assert len(logs(studycli_home)) == 1
