"""Acceptance 2: a metric filter feeding an alarm, from log lines to ALARM.

"Alarm when more than 5 ERROR lines a minute": the metric filter counts matching lines
(metric value 1, default value 0, CloudWatch Logs User Guide "Setting how the metric
value changes when matches are found"); the alarm engine (studycli/sims/alarms/alarm.py)
evaluates the per-minute Sum.
"""

from __future__ import annotations

import pytest

from studycli.errors import SpecError
from studycli.sims.alarms import alarm
from studycli.sims.logs.metric_filter import LogEvent, MetricFilter, feed_alarm, metric_datapoints, series


def error_lines(minute: int, errors: int, infos: int) -> list[LogEvent]:
    """`errors` ERROR lines and `infos` INFO lines spread through one minute."""
    lines = [f"[ERROR 500] request {i} failed" for i in range(errors)] + [f"[INFO] ok {i}" for i in range(infos)]
    return [LogEvent(minute * 60 + 1 + i * (58 / max(len(lines), 1)), text) for i, text in enumerate(lines)]


def more_than_5_errors_a_minute():
    return alarm.make_config(period=60, evaluation_periods=1, threshold=5, comparison="GreaterThanThreshold",
                             statistic="Sum", treat_missing_data="missing", alarm_actions=["sns:ops"])


def test_log_lines_with_more_than_5_errors_in_a_minute_put_the_alarm_in_ALARM():
    events = error_lines(0, 2, 10) + error_lines(1, 5, 3) + error_lines(2, 6, 1)
    counter = MetricFilter.build("ERROR", metric_name="ErrorCount", metric_value=1, default_value=0)
    datapoints, run = feed_alarm(counter, events, more_than_5_errors_a_minute(), start=0, periods=3)
    assert series(datapoints) == [2.0, 5.0, 6.0]
    assert [step.state for step in run.steps] == ["OK", "OK", "ALARM"]
    assert run.final_state == "ALARM"
    assert run.steps[-1].changed and [a.spec for a in run.steps[-1].actions] == ["sns:ops"]


def test_exactly_5_errors_is_not_more_than_5():
    events = error_lines(0, 5, 0)
    counter = MetricFilter.build("ERROR", metric_value=1, default_value=0)
    _, run = feed_alarm(counter, events, more_than_5_errors_a_minute(), start=0, periods=1)
    assert run.final_state == "OK"


def test_default_value_reports_zero_for_minutes_with_logs_but_no_match():
    events = error_lines(0, 0, 4)
    with_default = MetricFilter.build("ERROR", metric_value=1, default_value=0)
    without_default = MetricFilter.build("ERROR", metric_value=1)
    assert series(metric_datapoints(with_default, events, 0, 1)) == [0.0]
    assert series(metric_datapoints(without_default, events, 0, 1)) == [None]


def test_a_minute_with_no_log_events_reports_nothing_even_with_a_default():
    counter = MetricFilter.build("ERROR", metric_value=1, default_value=0)
    assert series(metric_datapoints(counter, error_lines(0, 1, 0), 0, 3)) == [1.0, None, None]


def test_no_data_keeps_a_new_alarm_in_insufficient_data():
    counter = MetricFilter.build("ERROR", metric_value=1)   # no default: quiet minutes are missing
    _, run = feed_alarm(counter, error_lines(0, 0, 3), more_than_5_errors_a_minute(), start=0, periods=1)
    assert run.final_state == "INSUFFICIENT_DATA"


def test_metric_value_taken_from_a_json_field_feeds_an_average_latency_alarm():
    events = [LogEvent(5, '{"path": "/a", "latency": 900}'), LogEvent(20, '{"path": "/b", "latency": 1300}'),
              LogEvent(65, '{"path": "/a", "latency": 100}')]
    latency = MetricFilter.build("{ $.latency = * }", metric_value="$.latency")
    config = alarm.make_config(period=60, evaluation_periods=1, threshold=1000,
                               comparison="GreaterThanThreshold", statistic="Average")
    datapoints, run = feed_alarm(latency, events, config, start=0, periods=2)
    assert series(datapoints, "Average") == [1100.0, 100.0]
    assert [s.state for s in run.steps] == ["ALARM", "OK"]


def test_metric_value_taken_from_a_space_delimited_field():
    line = '127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] "GET /apache_pb.gif HTTP/1.0" 200 1534'
    bytes_sent = MetricFilter.build("[ip, user, username, timestamp, request, status_code, bytes]",
                                    metric_value="$bytes")
    assert series(metric_datapoints(bytes_sent, [LogEvent(1, line), LogEvent(2, line)], 0, 1)) == [3068.0]


@pytest.mark.parametrize("pattern, value, says", [
    ("ERROR", "$.latency", "needs a JSON pattern"),
    ("[a, b]", "$c", "names no field"),
    ("{ $.x = 1 }", "latency", "must be a number or a field"),
])
def test_metric_values_the_pattern_cannot_supply_are_rejected(pattern, value, says):
    with pytest.raises(SpecError, match=says):
        MetricFilter.build(pattern, metric_value=value)
