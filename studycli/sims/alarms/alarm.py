"""A CloudWatch metric alarm on simulated time, following AWS's documented rules.

What this models (CloudWatch User Guide, "Alarm evaluation" and "Configuring how
CloudWatch alarms treat missing data"; PutMetricAlarm and SetAlarmState API pages):

* One datapoint per period (already aggregated, or aggregated here from raw samples
  with the alarm's statistic); `None` is a period with no data.
* At each evaluation CloudWatch looks back over the *evaluation range*, which is longer
  than the N evaluation periods (AWS's worked example: N = 3, range = 5). AWS does not
  publish the formula, so the range is a parameter; the default is N + 2, as in AWS's
  tables.
  - N or more real datapoints in the range: the newest N real datapoints decide, and
    `treat_missing_data` plays no part.
  - fewer: the real ones are all used and the rest is filled with the treatment:
    `breaching` / `notBreaching` fill with bad / good points; `missing` and `ignore`
    fill with nothing. With no real data at all `missing` gives INSUFFICIENT_DATA and
    `ignore` keeps the current state. When every real datapoint is breaching but there
    are fewer than M of them, the alarm does not go to ALARM prematurely: `missing`
    waits in INSUFFICIENT_DATA unless the oldest breaching datapoint is at least M
    periods old (then ALARM), and `ignore` keeps the current state.
  - ALARM when at least M (datapoints_to_alarm) evaluated points breach, else OK; the
    breaching points need not be consecutive.
* A new alarm starts in INSUFFICIENT_DATA. Actions fire when the state changes; Auto
  Scaling policies are invoked again at every evaluation while the alarm stays in the
  state (AWS re-invokes them every minute). SetAlarmState forces a state, with its
  actions, until the next evaluation.

Pure: no clock (period i starts at i × period seconds of simulated time), no I/O.
`AlarmSimulator.observe` is O(1) per datapoint: a sliding window of the real
datapoints in the range with running breach counts, and text is built only on request.
"""

from __future__ import annotations

from studycli.sims.alarms.metric_alarm.config import (
    ALARM,
    ANOMALY_COMPARISONS,
    COMPARISONS,
    HIGH_RESOLUTION_PERIODS,
    INSUFFICIENT_DATA,
    OK,
    STATES,
    TREATMENTS,
    Action,
    AlarmConfig,
    is_number,
    make_config,
    parse_action,
    validate_period,
)
from studycli.sims.alarms.metric_alarm.reasons import clock, describe_evaluation, timestamp
from studycli.sims.alarms.metric_alarm.run import (
    ForcedState,
    Inputs,
    Row,
    Run,
    Step,
    evaluations,
    rows,
    run,
    write_json,
)
from studycli.sims.alarms.metric_alarm.simulator import AlarmSimulator, Evaluation, Point
from studycli.sims.alarms.metric_alarm.statistics import (
    BASIC_STATISTICS,
    aggregate,
    low_sample_minimum,
    parse_statistic,
    percentile,
    validate_statistic,
)

__all__ = [
    "ALARM", "ANOMALY_COMPARISONS", "BASIC_STATISTICS", "COMPARISONS", "HIGH_RESOLUTION_PERIODS",
    "INSUFFICIENT_DATA", "OK", "STATES", "TREATMENTS", "Action", "AlarmConfig", "AlarmSimulator", "Evaluation",
    "ForcedState", "Inputs", "Point", "Row", "Run", "Step", "rows", "aggregate", "clock", "describe_evaluation", "evaluations",
    "is_number", "make_config",
    "low_sample_minimum", "parse_action", "parse_statistic", "percentile", "run", "timestamp", "validate_period",
    "validate_statistic", "write_json",
]
