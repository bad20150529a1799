"""An alarm, a table of datapoints with gaps: when does it first go to ALARM?

Wrong options are the engine's answer for the same datapoints under one misreading of the
configuration: another TreatMissingData, DatapointsToAlarm read as N or as 1, or the
threshold read as inclusive when it is not (or the reverse).
"""

from __future__ import annotations

import random
from typing import Any

from studycli.i18n import Msg
from studycli.study.sim_questions import SimOption, SimQuestion, Unlucky, distinct_wrong, shuffled_options

KIND = "alarm"
TOPIC = "cloudwatch/alarms"
SOURCE_LINES = (91, 94, 96)
PERIOD = 300
POINTS = 7          # periods after the quiet lead-in
THRESHOLD = 80
START_MINUTE = 10 * 60          # the alarm is OK at 10:00; datapoint i covers the period ending 10:05 + 5i


def time_label(index: int | None) -> str | None:
    if index is None:
        return None
    minutes = START_MINUTE + (index + 1) * PERIOD // 60
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def spec(m: int, n: int, comparison: str, treatment: str, datapoints: list[float | None]) -> dict[str, Any]:
    """The `studycli scenario alarm --spec` document for this situation."""
    return {"alarm": {"name": "cpu-high", "metric": "CPUUtilization", "statistic": "Average", "period": PERIOD,
                      "evaluation_periods": n, "datapoints_to_alarm": m, "threshold": THRESHOLD,
                      "comparison": comparison, "treat_missing_data": treatment},
            "datapoints": datapoints, "initial_state": "OK"}


def replay(input: dict[str, Any]) -> str | None:
    """The time of the first period in ALARM (None: never), from the engine alone."""
    from studycli.scenarios.alarm import parse_spec, simulate

    run = simulate(parse_spec(input, lambda node, key: "question"))
    first = next((s.index for s in run.steps if s.state == "ALARM"), None)
    return time_label(first)


def _draw_datapoints(rng: random.Random, n: int) -> list[float | None]:
    """`n` quiet periods first (the alarm had data before the window: nothing is missing before it),
    then a mix of breaching, quiet, threshold-equal and missing periods."""
    points: list[float | None] = [float(rng.randint(35, THRESHOLD - 5)) for _ in range(n)]
    for _ in range(POINTS):
        roll = rng.random()
        if roll < 0.2:
            points.append(None)
        elif roll < 0.27:
            points.append(float(THRESHOLD))
        elif roll < 0.6:
            points.append(float(rng.randint(THRESHOLD + 1, 97)))
        else:
            points.append(float(rng.randint(35, THRESHOLD - 1)))
    if points.count(None) == 0 or points.count(None) > 3 or points[-1] is None and points[-2] is None:
        raise Unlucky
    return points


def _misreadings(m: int, n: int, comparison: str, treatment: str,
                 points: list[float | None]) -> list[tuple[dict[str, Any], Msg]]:
    """(the misread spec, the misreading's name) for each way a learner may misread this alarm."""
    out = [(spec(m, n, comparison, other, points), Msg(f"simq.alarm.misread.{other}"))
           for other in ("breaching", "notBreaching", "missing", "ignore") if other != treatment]
    if m != n:
        out.append((spec(n, n, comparison, treatment, points), Msg("simq.alarm.misread.m_as_n", {"n": n})))
    if m != 1:
        out.append((spec(1, n, comparison, treatment, points), Msg("simq.alarm.misread.one_point")))
    if float(THRESHOLD) in points:
        other = "GreaterThanOrEqualToThreshold" if comparison == "GreaterThanThreshold" else "GreaterThanThreshold"
        out.append((spec(m, n, other, treatment, points), Msg(f"simq.alarm.misread.{other}")))
    return out


def generate(rng: random.Random) -> SimQuestion:
    n = rng.choice((3, 4, 5))
    m = rng.randint(2, n)
    comparison = rng.choice(("GreaterThanThreshold", "GreaterThanOrEqualToThreshold"))
    treatment = rng.choice(("missing", "breaching", "notBreaching", "ignore"))
    points = _draw_datapoints(rng, n)
    truth = spec(m, n, comparison, treatment, points)
    key = replay(truth)
    candidates = [(replay(misread), name) for misread, name in _misreadings(m, n, comparison, treatment, points)]
    rng.shuffle(candidates)
    wrong = distinct_wrong(key, candidates, 3)
    settings = {"m": m, "n": n, "treatment": treatment,
                "cond": Msg(f"simq.alarm.cond.{comparison}", {"threshold": THRESHOLD})}
    right = [SimOption(_answer_text(key), Msg("simq.alarm.why_key" if key else "simq.alarm.why_key_never",
                                              {**settings, "time": key or ""}), key)]
    wrongs = [SimOption(_answer_text(answer), Msg("simq.alarm.why_wrong",
                                                  {**settings, "misreading": name, "answer": _answer_text(key)}),
                        answer)
              for answer, name in wrong]
    options, key_index = shuffled_options(rng, right, wrongs)
    data = tuple(f"{time_label(i)}  {'—' if v is None else f'{v:g}'}" for i, v in enumerate(points))
    return SimQuestion("alarm-first-alarm", KIND, TOPIC, SOURCE_LINES, Msg("simq.alarm.context", settings),
                       (Msg("simq.alarm.data_header"), *data), Msg("simq.alarm.question"), options, key_index,
                       truth, key)


def _answer_text(answer: str | None) -> Msg | str:
    return answer if answer else Msg("simq.alarm.never")
