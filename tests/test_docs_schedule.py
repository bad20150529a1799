"""Conformance: every example of the EventBridge docs' cron and rate tables, with the runs it describes.

Each row: the expression, a starting time, the next runs it gives (UTC), and the AWS page
and example it comes from.
SP = "Setting a schedule pattern for scheduled rules (legacy) in Amazon EventBridge",
https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-scheduled-rule-pattern.html
(the "Examples" table of cron strings and the `aws events put-rule` examples);
RE = "Rate expressions reference",
https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rate-expressions.html.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from studycli.errors import SpecError
from studycli.sims.eventbridge.schedule import next_runs, parse_schedule

SP = "https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-scheduled-rule-pattern.html"
RE = "https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rate-expressions.html"


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


def fmt(runs: list[datetime]) -> list[str]:
    return [r.strftime("%a %Y-%m-%d %H:%M") for r in runs]


# 2026-01-02 is a Friday.
CASES = [
    # --- SP, the cron "Examples" table, row by row ---------------------------------------------
    ("cron(0 10 * * ? *)", utc(2026, 1, 2, 10, 0), ["Sat 2026-01-03 10:00", "Sun 2026-01-04 10:00"],
     f"{SP} examples: Run at 10:00 am (UTC+0) every day"),
    ("cron(15 12 * * ? *)", utc(2026, 1, 2, 13, 0), ["Sat 2026-01-03 12:15", "Sun 2026-01-04 12:15"],
     f"{SP} examples: Run at 12:15 pm (UTC+0) every day"),
    ("cron(0 18 ? * MON-FRI *)", utc(2026, 1, 2, 17, 0), ["Fri 2026-01-02 18:00", "Mon 2026-01-05 18:00"],
     f"{SP} examples: Run at 6:00 pm (UTC+0) every Monday through Friday"),
    ("cron(0 8 1 * ? *)", utc(2026, 1, 2), ["Sun 2026-02-01 08:00", "Sun 2026-03-01 08:00"],
     f"{SP} examples: Run at 8:00 am (UTC+0) every 1st day of the month"),
    ("cron(0/15 * * * ? *)", utc(2026, 1, 2, 23, 50), ["Sat 2026-01-03 00:00", "Sat 2026-01-03 00:15",
                                                       "Sat 2026-01-03 00:30"],
     f"{SP} examples: Run every 15 minutes"),
    ("cron(0/10 * ? * MON-FRI *)", utc(2026, 1, 2, 23, 45), ["Fri 2026-01-02 23:50", "Mon 2026-01-05 00:00"],
     f"{SP} examples: Run every 10 minutes Monday through Friday"),
    ("cron(0/5 8-17 ? * MON-FRI *)", utc(2026, 1, 2, 17, 50), ["Fri 2026-01-02 17:55", "Mon 2026-01-05 08:00"],
     f"{SP} examples: every 5 minutes Monday through Friday between 8:00 am and 5:55 pm (UTC+0)"),
    # The hours range 20-2 wraps: 20:00..23:30 on a weekday, then 00:00..02:30 on the next day only if that
    # day is a weekday too ("Run from 12:00 am to 2:00 am on Monday morning"): Saturday's early hours do
    # not run, Monday's do. (The table's wording says 10:00 pm; hour 20 is 8:00 pm.)
    ("cron(0/30 20-2 ? * MON-FRI *)", utc(2026, 1, 2, 23, 0),
     ["Fri 2026-01-02 23:30", "Mon 2026-01-05 00:00", "Mon 2026-01-05 00:30", "Mon 2026-01-05 01:00",
      "Mon 2026-01-05 01:30", "Mon 2026-01-05 02:00", "Mon 2026-01-05 02:30", "Mon 2026-01-05 20:00"],
     f"{SP} examples: every 30 minutes Monday through Friday, 20-2 wraps past midnight"),
    # --- SP, the put-rule examples ------------------------------------------------------------
    ("cron(0 12 * * ? *)", utc(2026, 1, 2, 12, 0), ["Sat 2026-01-03 12:00"],
     f"{SP}: put-rule MyRule1, every day at 12:00pm UTC+0"),
    ("cron(5,35 14 * * ? *)", utc(2026, 1, 2, 14, 10), ["Fri 2026-01-02 14:35", "Sat 2026-01-03 14:05"],
     f"{SP}: put-rule MyRule2, every day at 2:05pm and 2:35pm UTC+0"),
    ("cron(15 10 ? * 6L 2019-2022)", utc(2022, 10, 1),
     ["Fri 2022-10-28 10:15", "Fri 2022-11-25 10:15", "Fri 2022-12-30 10:15"],
     f"{SP}: put-rule MyRule3, 10:15am on the last Friday of each month during 2019 to 2022"),
    # --- SP, the wildcards section's own examples ---------------------------------------------
    ("cron(1/10 * * * ? *)", utc(2026, 1, 2, 10, 0), ["Fri 2026-01-02 10:01", "Fri 2026-01-02 10:11",
                                                      "Fri 2026-01-02 10:21", "Fri 2026-01-02 10:31"],
     f"{SP} wildcards: 1/10 in Minutes is every tenth minute from the first (11th, 21st, 31st ...)"),
    ("cron(0 9 ? JAN,FEB,MAR MON *)", utc(2026, 3, 28), ["Mon 2026-03-30 09:00", "Mon 2027-01-04 09:00"],
     f"{SP} wildcards: JAN,FEB,MAR includes January, February and March"),
    ("cron(0 9 1-15 * ? *)", utc(2026, 1, 15, 10), ["Sun 2026-02-01 09:00"],
     f"{SP} wildcards: 1-15 includes days 1 through 15 of the month"),
    ("cron(0 9 3W * ? *)", utc(2026, 1, 1), ["Fri 2026-01-02 09:00", "Tue 2026-02-03 09:00"],
     f"{SP} wildcards: 3W is the weekday closest to the third day of the month (Jan 3 2026 is a Saturday)"),
    ("cron(0 9 ? * 3#2 *)", utc(2026, 1, 1), ["Tue 2026-01-13 09:00", "Tue 2026-02-10 09:00"],
     f"{SP} wildcards: 3#2 is the second Tuesday of the month"),
    ("cron(0 9 L * ? *)", utc(2026, 2, 1), ["Sat 2026-02-28 09:00", "Tue 2026-03-31 09:00"],
     f"{SP} wildcards: L in Day-of-month is the last day of the month"),
    ("cron(0 9 ? * L *)", utc(2026, 1, 1), ["Sat 2026-01-03 09:00", "Sat 2026-01-10 09:00"],
     f"{SP} wildcards: L in Day-of-week is the last day of the week (Saturday, 7)"),
    # --- RE, the put-rule rate examples (a rate counts from when the rule is created) ----------
    ("rate(1 minute)", utc(2026, 1, 2, 10, 0), ["Fri 2026-01-02 10:01", "Fri 2026-01-02 10:02"],
     f"{RE} examples: triggers the rule every minute"),
    ("rate(5 minutes)", utc(2026, 1, 2, 10, 0), ["Fri 2026-01-02 10:05", "Fri 2026-01-02 10:10"],
     f"{RE} examples: every five minutes"),
    ("rate(1 hour)", utc(2026, 1, 2, 10, 7), ["Fri 2026-01-02 11:07", "Fri 2026-01-02 12:07"],
     f"{RE} examples: once an hour"),
    ("rate(1 day)", utc(2026, 1, 2, 10, 7), ["Sat 2026-01-03 10:07", "Sun 2026-01-04 10:07"],
     f"{RE} examples: once per day"),
    ("rate(5 hours)", utc(2026, 1, 2), ["Fri 2026-01-02 05:00", "Fri 2026-01-02 10:00"],
     f"{RE} limitations: rate(5 hours) is valid"),
]


@pytest.mark.parametrize("expression,after,runs,doc", CASES, ids=[f"{c[0]}" for c in CASES])
def test_docs_example_gives_the_runs_it_describes(expression, after, runs, doc):
    assert doc.startswith("https://docs.aws.amazon.com/")
    assert fmt(next_runs(expression, after, len(runs))) == runs


def test_every_row_of_the_cron_examples_table_is_here():
    table = ["cron(0 10 * * ? *)", "cron(15 12 * * ? *)", "cron(0 18 ? * MON-FRI *)", "cron(0 8 1 * ? *)",
             "cron(0/15 * * * ? *)", "cron(0/10 * ? * MON-FRI *)", "cron(0/5 8-17 ? * MON-FRI *)",
             "cron(0/30 20-2 ? * MON-FRI *)"]
    assert set(table) <= {c[0] for c in CASES}


def test_a_wrapping_range_counts_its_increment_across_the_wrap():
    # minutes 50-10/15: 50, then 65 - 60 = 5 (Quartz-style ranges, which EventBridge's cron follows)
    assert [r.minute for r in next_runs("cron(50-10/15 * * * ? *)", utc(2026, 1, 2, 9, 0), 3)] == [5, 50, 5]
    assert fmt(next_runs("cron(0 9 ? * FRI-MON *)", utc(2026, 1, 2, 10), 4)) == [
        "Sat 2026-01-03 09:00", "Sun 2026-01-04 09:00", "Mon 2026-01-05 09:00", "Fri 2026-01-09 09:00"]


INVALID = [
    ("rate(1 hours)", "with the value 1 the unit is singular", f"{RE} limitations: rate(1 hours) isn't valid"),
    ("rate(5 hour)", "the unit is plural", f"{RE} limitations: rate(5 hour) isn't valid"),
    ("cron(0 9 ? * 3#1,6#3 *)", "only one expression", f"{SP} note: \"3#1,6#3\" is not valid"),
    ("cron(0 10 * * * *)", "exactly one of day-of-month and day-of-week", f"{SP} limitations: not both"),
    ("cron(0 0 1 1 ? 2030-2026)", "runs backwards", "- (years do not wrap)"),
]


@pytest.mark.parametrize("expression,says,doc", INVALID, ids=[c[0] for c in INVALID])
def test_docs_counter_examples_are_refused(expression, says, doc):
    with pytest.raises(SpecError) as caught:
        parse_schedule(expression)
    assert says in str(caught.value) and caught.value.code == "InvalidSchedule"
