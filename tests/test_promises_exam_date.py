"""The README's exam-date promise for a learner who is not on UTC (the notes' learner is in Korea).

"an exam-date mode that fits every card in before the exam and never schedules past it":
no card may fall due after the first moment of the exam day *in the learner's time zone*
(`scheduling.exam_start`). Found while making the suite independent of the inherited TZ:
`test_review_cli.py::test_exam_date_sessions_schedule_nothing_after_the_exam` failed under
TZ=Pacific/Kiritimati, because `scheduling.review` turns `now` into UTC before
`clamp_to_exam` reads the learner's zone from it, so the clamp lands on UTC midnight:
09:00 on the exam day in Seoul.
"""

from __future__ import annotations

import sqlite3
from datetime import date, datetime, timedelta, timezone

import pytest
from conftest import run_cli

from studycli.study import scheduling
from studycli.study.scheduling import Policy

EXAM = date(2026, 3, 31)
# These tests found that review() converted `now` to UTC before clamping, so the exam day started
# at UTC midnight instead of the learner's midnight (fixed in study/scheduling.py).


@pytest.mark.parametrize("hours", [0, 9, 14, -5])
def test_no_card_due_after_the_exam_day_starts_in_the_learners_zone(hours):
    """Ahead of UTC the clamp comes hours late; behind it, a review on the eve after UTC midnight
    is taken for after the exam and is not clamped at all."""
    zone = timezone(timedelta(hours=hours))
    deadline = scheduling.exam_start(EXAM, zone)
    policy = Policy(exam_date=EXAM, fuzzing=False)
    for start_day in range(1, 25):
        card, now = None, datetime(2026, 3, start_day, 10, 0, tzinfo=zone)
        while now < deadline:  # Easy every time: intervals that soon reach past the exam
            out = scheduling.review(card, 4, now, policy=policy)
            assert out.due <= deadline, f"due {out.due.astimezone(zone)}, the exam day starts {deadline}"
            card, now = out.fsrs_json, max(out.due, now + timedelta(minutes=1)).astimezone(zone)


def test_studycli_review_in_seoul_schedules_nothing_on_the_exam_day(tmp_path, studycli_home):
    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "zz.yaml").write_text(
        "topic: zz-exam/basics\ntitle: {ko: 시험일, en: Exam day}\nfacts:\n"
        "  - id: zz-exam-period\n    family: zz-period\n    ko: 표준 해상도 지표의 주기\n"
        "    en: The period of a standard-resolution metric\n    answer: {value: 60, unit: seconds}\n"
        "    explain: {ko: 고해상도는 더 짧다., en: High resolution is shorter.}\n    source: {lines: [10]}\n",
        encoding="utf-8")
    seoul = {"TZ": "KST-9"}  # POSIX form: no tz database needed
    assert run_cli("config", "set", "exam_date", EXAM.isoformat(),
                   env={**seoul, "STUDYCLI_NOW": "2026-03-01T10:00:00+09:00"}).returncode == 0
    for when in ("2026-03-01T10:00:00+09:00", "2026-03-10T10:00:00+09:00", "2026-03-21T10:00:00+09:00",
                 "2026-03-28T10:00:00+09:00"):
        result = run_cli("review", "--content", str(pack), "--topic", "zz-exam", "--limit", "1", stdin="\n4\n",
                         env={**seoul, "STUDYCLI_NOW": when, "STUDYCLI_FUZZ": "0"})
        assert result.returncode == 0, result.stderr
    with sqlite3.connect(studycli_home / "studycli.db") as db:
        [due] = [datetime.fromisoformat(r[0]) for r in db.execute("SELECT due FROM cards")]
    assert due <= scheduling.exam_start(EXAM, timezone(timedelta(hours=9)))
