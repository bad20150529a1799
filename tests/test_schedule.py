"""Acceptance 3: cron()/rate() schedule expressions parse, reject what AWS rejects, and give next runs.

Expressions follow "Schedule expressions for rules" (EventBridge user guide) examples.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from fuzzing import fuzz_settings
from hypothesis import given
from hypothesis import strategies as st

from studycli.errors import SpecError, StudyError
from studycli.sims.eventbridge.schedule import next_runs, parse_schedule


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


def fmt(runs: list[datetime]) -> list[str]:
    return [r.strftime("%Y-%m-%d %a %H:%M") for r in runs]


NEXT_RUNS = [
    # doc example: 10:15 every day
    ("cron(0 10 * * ? *)", utc(2026, 1, 1, 10, 0), ["2026-01-02 Fri 10:00", "2026-01-03 Sat 10:00"]),
    # doc example: 12:15 every day
    ("cron(15 12 * * ? *)", utc(2026, 1, 1), ["2026-01-01 Thu 12:15", "2026-01-02 Fri 12:15"]),
    # doc example: 18:00 Monday to Friday
    ("cron(0 18 ? * MON-FRI *)", utc(2026, 1, 2, 19), ["2026-01-05 Mon 18:00", "2026-01-06 Tue 18:00"]),
    # doc example: 8:00 on the first day of the month
    ("cron(0 8 1 * ? *)", utc(2026, 1, 1, 9), ["2026-02-01 Sun 08:00", "2026-03-01 Sun 08:00"]),
    # doc example: every 10 minutes on weekdays
    ("cron(0/10 * ? * MON-FRI *)", utc(2026, 1, 2, 23, 55), ["2026-01-05 Mon 00:00", "2026-01-05 Mon 00:10"]),
    # doc example: every 5 minutes between 8:00 and 17:55 on weekdays
    ("cron(0/5 8-17 ? * MON-FRI *)", utc(2026, 1, 5, 17, 55), ["2026-01-06 Tue 08:00", "2026-01-06 Tue 08:05"]),
    # doc example: 9:00 on the first Monday of each month
    ("cron(0 9 ? * 2#1 *)", utc(2026, 1, 1), ["2026-01-05 Mon 09:00", "2026-02-02 Mon 09:00"]),
    ("cron(0 9 ? * 3#2 *)", utc(2026, 1, 1), ["2026-01-13 Tue 09:00", "2026-02-10 Tue 09:00"]),
    ("cron(0 23 L * ? *)", utc(2026, 2, 1), ["2026-02-28 Sat 23:00", "2026-03-31 Tue 23:00"]),
    ("cron(0 23 L * ? *)", utc(2028, 2, 1), ["2028-02-29 Tue 23:00", "2028-03-31 Fri 23:00"]),
    ("cron(0 9 ? * 6L *)", utc(2026, 1, 1), ["2026-01-30 Fri 09:00", "2026-02-27 Fri 09:00"]),
    ("cron(0 9 1W * ? *)", utc(2026, 1, 2), ["2026-02-02 Mon 09:00", "2026-03-02 Mon 09:00"]),
    ("cron(0 9 15W * ? *)", utc(2026, 2, 1), ["2026-02-16 Mon 09:00", "2026-03-16 Mon 09:00"]),
    ("cron(0 9 LW * ? *)", utc(2026, 1, 1), ["2026-01-30 Fri 09:00", "2026-02-27 Fri 09:00"]),
    ("cron(0 0 29 2 ? *)", utc(2026, 1, 1), ["2028-02-29 Tue 00:00", "2032-02-29 Sun 00:00"]),
    ("cron(0 12 ? JAN,JUL SUN 2026-2027)", utc(2026, 6, 1), ["2026-07-05 Sun 12:00", "2026-07-12 Sun 12:00"]),
    ("cron(30 6 ? * L *)", utc(2026, 1, 1), ["2026-01-03 Sat 06:30", "2026-01-10 Sat 06:30"]),
    ("rate(5 minutes)", utc(2026, 1, 1), ["2026-01-01 Thu 00:05", "2026-01-01 Thu 00:10"]),
    ("rate(1 hour)", utc(2026, 1, 1, 0, 30), ["2026-01-01 Thu 01:30", "2026-01-01 Thu 02:30"]),
    ("rate(7 days)", utc(2026, 1, 1), ["2026-01-08 Thu 00:00", "2026-01-15 Thu 00:00"]),
]


@pytest.mark.parametrize("expression,after,expected", NEXT_RUNS, ids=[f"{c[0]}@{c[1]:%m%d}" for c in NEXT_RUNS])
def test_next_run_times(expression, after, expected):
    assert fmt(next_runs(expression, after, len(expected))) == expected


def test_runs_are_strictly_after_the_start_and_in_utc():
    runs = next_runs("cron(0 10 * * ? *)", datetime(2026, 1, 1, 10, 0, tzinfo=UTC), 1)
    assert runs[0] == utc(2026, 1, 2, 10, 0) and runs[0].tzinfo == UTC


def test_a_year_limited_schedule_runs_out():
    assert fmt(next_runs("cron(0 0 1 1 ? 2026)", utc(2025, 6, 1), 5)) == ["2026-01-01 Thu 00:00"]


INVALID = [
    ("cron(0 10 * * * *)", "exactly one of day-of-month and day-of-week must be '?'"),
    ("cron(0 10 ? * ? *)", "exactly one of day-of-month and day-of-week must be '?'"),
    ("cron(0 10 * * ?)", "six fields"),
    ("cron(0 10 * * ? * *)", "six fields"),
    ("cron(60 10 * * ? *)", "Minutes: 60 is out of range 0-59"),
    ("cron(0 24 * * ? *)", "Hours: 24 is out of range 0-23"),
    ("cron(0 0 32 * ? *)", "Day-of-month: 32 is out of range 1-31"),
    ("cron(0 0 1 13 ? *)", "Month: 13 is out of range 1-12"),
    ("cron(0 0 ? * 8 *)", "Day-of-week: 8 is out of range 1-7"),
    ("cron(0 0 1 * ? 1969)", "Year: 1969 is out of range 1970-2199"),
    ("cron(0 0 1 FOO ? *)", "Month: 'FOO' is not a value"),
    ("cron(0 9 ? * 3#1,6#3 *)", "with '#' only one expression is allowed"),
    ("cron(0 9 ? * 3#6 *)", "number after '#' must be 1-5"),
    ("cron(0 9 ? * 1/2 *)", "'/' is not allowed"),
    ("cron(0 9 5L * ? *)", "Day-of-month"),
    ("cron(0 0/0 * * ? *)", "increment"),
    ("cron(0 0 1 1 ? 2030-2026)", "runs backwards"),   # years cannot wrap (hours 5-1 wrap: see test_docs_schedule.py)
    ("cron(? 0 * * ? *)", "'?' is only allowed"),
    ("rate(1 minutes)", "with the value 1 the unit is singular"),
    ("rate(5 minute)", "the unit is plural"),
    ("rate(0 minutes)", "positive whole number"),
    ("rate(-5 minutes)", "positive whole number"),
    ("rate(30 seconds)", "unknown unit"),
    ("rate(5)", "rate(value unit)"),
    ("every 5 minutes", "expected cron("),
    ("cron 0 10 * * ? *", "expected cron("),
]


@pytest.mark.parametrize("expression,reason", INVALID, ids=[c[0] for c in INVALID])
def test_invalid_expressions_are_rejected_with_a_reason(expression, reason):
    with pytest.raises(SpecError) as caught:
        parse_schedule(expression)
    assert reason in str(caught.value) and caught.value.exit_code == 2
    assert expression in str(caught.value)


def test_valid_forms_parse():
    for expression in ("cron(0 10 * * ? *)", "cron(0/15 * * * ? *)", "cron(0 8 ? * mon-fri *)", "rate(1 minute)",
                       "rate(12 hours)", "rate(1 day)", "cron(0,30 8-10 1,15 JAN-MAR ? 2026)"):
        parse_schedule(expression)


def test_count_is_bounded():
    with pytest.raises(SpecError):
        next_runs("rate(1 day)", utc(2026, 1, 1), 0)


@fuzz_settings()
@given(st.one_of(st.text(max_size=40),
                 st.builds(lambda parts: "cron(" + " ".join(parts) + ")",
                           st.lists(st.text(alphabet="0123456789*?/-,LW#JANMOSU", max_size=6), min_size=0,
                                    max_size=7)),
                 st.builds(lambda n, u: f"rate({n} {u})", st.text(max_size=4), st.text(max_size=8))))
def test_fuzz_random_strings_raise_only_domain_errors(text):
    try:
        schedule = parse_schedule(text)
    except StudyError as err:
        assert isinstance(err, SpecError)
        return
    next_runs(schedule, utc(2026, 1, 1), 2)
