"""A cron schedule and the moment the rule was created: when does it first run (UTC)?

Wrong options are the engine's first run for the expression as a learner may misread it:
day-of-week counted from Monday (AWS counts SUN=1), the number put in day-of-month, the
day-of-week ignored, or minutes and hours swapped.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from typing import Any

from studycli.i18n import Msg
from studycli.study.sim_questions import SimOption, SimQuestion, Unlucky, distinct_wrong, shuffled_options

KIND = "schedule"
TOPIC = "eventbridge"
SOURCE_LINES = (150,)


def first_run(expression: str, after: str) -> str:
    from studycli.sims.eventbridge.schedule import next_runs

    run = next_runs(expression, datetime.fromisoformat(after), 1)[0]
    return run.strftime("%Y-%m-%dT%H:%M:%SZ")


def replay(input: dict[str, Any]) -> str:
    """The first run after `from` (`studycli scenario schedule EXPR --from ISO --count 1`)."""
    return first_run(input["expression"], input["from"])


def _misreadings(minute: int, hour: int, dow: str) -> list[tuple[str, Msg]]:
    days = [int(d) for d in dow.split("-")]
    shifted = "-".join(str(d % 7 + 1) for d in days)
    out = [(f"cron({minute} {hour} ? * {shifted} *)", Msg("simq.schedule.misread.monday_first")),
           (f"cron({minute} {hour} * * ? *)", Msg("simq.schedule.misread.every_day"))]
    if len(days) == 1:
        out.append((f"cron({minute} {hour} {days[0]} * ? *)", Msg("simq.schedule.misread.day_of_month",
                                                                  {"day": days[0]})))
    if minute <= 23 and hour != minute:
        out.append((f"cron({hour} {minute} ? * {dow} *)", Msg("simq.schedule.misread.swapped")))
    return out


def generate(rng: random.Random) -> SimQuestion:
    minute = rng.choice([0, 5, 10, 15, 20, 30, 45])
    hour = rng.randint(1, 22)
    first = rng.randint(1, 7)
    dow = str(first) if rng.random() < 0.6 else f"{min(first, 4)}-{min(first, 4) + 2}"
    expression = f"cron({minute} {hour} ? * {dow} *)"
    created = datetime(2026, 12, 1, tzinfo=UTC) + timedelta(days=rng.randint(0, 20), hours=rng.randint(0, 23),
                                                            minutes=rng.choice([0, 10, 40]))
    after = created.isoformat()
    key = first_run(expression, after)
    candidates = [(first_run(e, after), why) for e, why in _misreadings(minute, hour, dow)]
    rng.shuffle(candidates)
    wrong = distinct_wrong(key, candidates, 3)
    params = {"expression": expression}
    right = [SimOption(_when(key), Msg("simq.schedule.why_key", {**params, "when": _when(key)}), key)]
    wrongs = [SimOption(_when(answer), Msg("simq.schedule.why_wrong", {**params, "misreading": why,
                                                                       "when": _when(key)}), answer)
              for answer, why in wrong]
    options, key_index = shuffled_options(rng, right, wrongs)
    if len({str(o.value) for o in options}) != len(options):
        raise Unlucky
    return SimQuestion("schedule-next-run", KIND, TOPIC, SOURCE_LINES,
                       Msg("simq.schedule.context", {**params, "created": _when(created.strftime("%Y-%m-%dT%H:%M:%SZ"))}),
                       (expression,), Msg("simq.schedule.question"), options, key_index,
                       {"expression": expression, "from": after, "count": 1}, key)


def _when(iso: str) -> Msg:
    moment = datetime.strptime(iso, "%Y-%m-%dT%H:%M:%SZ")
    return Msg("simq.schedule.when", {"date": moment.strftime("%Y-%m-%d"), "time": moment.strftime("%H:%M"),
                                      "weekday": Msg(f"simq.weekday.{moment.isoweekday()}")})
