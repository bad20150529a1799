"""The metric alarm engine agrees with what AWS documents.

Acceptance 1: every row of AWS's missing-data tables ("Configuring how CloudWatch
alarms treat missing data": 3 out of 3 and 2 out of 3, evaluation range 5) under all
four treatments, including the rows of the earlier revision of the same page.
Acceptance 3: property tests (breaching/notBreaching = the series with the gaps filled;
the state only changes when the evaluated window changes; the O(1) sliding window
agrees with evaluating the window from scratch).
"""

from __future__ import annotations

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from studycli.errors import SpecError as AlarmSpecError
from studycli.i18n import render
from studycli.sims.alarms import alarm as engine
from studycli.sims.alarms.alarm import (
    ALARM,
    INSUFFICIENT_DATA,
    OK,
    AlarmSimulator,
    ForcedState,
    aggregate,
    make_config,
    percentile,
    run,
)

RETAIN = "retain"
TREATMENTS = ("missing", "ignore", "breaching", "notBreaching")

# Data points oldest -> newest: 0 not breaching, X breaching, - missing. Results per treatment in the
# order MISSING, IGNORE, BREACHING, NOT BREACHING, exactly as AWS's tables list them.
AWS_3_OF_3 = [
    ("0 - X - X", (OK, OK, OK, OK)),
    ("0 - - - -", (OK, OK, OK, OK)),
    ("- - - - -", (INSUFFICIENT_DATA, RETAIN, ALARM, OK)),
    ("0 X X - X", (ALARM, ALARM, ALARM, ALARM)),
    ("- - X - -", (ALARM, RETAIN, ALARM, OK)),
    # rows of the earlier revision of the page
    ("- - - - X", (INSUFFICIENT_DATA, RETAIN, ALARM, OK)),
    ("X - - - -", (ALARM, RETAIN, ALARM, OK)),
]
AWS_2_OF_3 = [
    ("0 - X - X", (ALARM, ALARM, ALARM, ALARM)),
    ("0 0 X 0 X", (ALARM, ALARM, ALARM, ALARM)),
    ("0 - X - -", (OK, OK, ALARM, OK)),
    ("- - - - 0", (OK, OK, ALARM, OK)),
    ("- - - X -", (ALARM, RETAIN, ALARM, OK)),
    # row of the earlier revision of the page
    ("- - - - X", (INSUFFICIENT_DATA, RETAIN, ALARM, OK)),
]


def config(m: int = 3, n: int = 3, treatment: str = "missing", **extra) -> engine.AlarmConfig:
    return make_config(period=300, evaluation_periods=n, datapoints_to_alarm=m, threshold=10,
                       comparison="GreaterThanThreshold", treat_missing_data=treatment, **extra)


def datapoints(pattern: str) -> list[float | None]:
    return [{"0": 1.0, "X": 50.0, "-": None}[c] for c in pattern.split()]


def table_cases():
    for m, table in ((3, AWS_3_OF_3), (2, AWS_2_OF_3)):
        for pattern, results in table:
            for treatment, expected in zip(TREATMENTS, results):
                for initial in (OK, ALARM, INSUFFICIENT_DATA):
                    yield pytest.param(m, pattern, treatment, expected, initial,
                                       id=f"{m}of3[{pattern}]-{treatment}-from-{initial}")


@pytest.mark.parametrize("m, pattern, treatment, expected, initial", list(table_cases()))
def test_aws_missing_data_tables_every_row_every_treatment(m, pattern, treatment, expected, initial):
    result = run(config(m, 3, treatment), datapoints(pattern), evaluate="once", initial_state=initial)
    want = initial if expected == RETAIN else expected
    assert result.final_state == want
    assert len(result.steps) == 1


def test_tables_have_every_documented_row():
    # 5 + 5 rows in the current page, 3 more in its earlier revision
    assert len(AWS_3_OF_3) + len(AWS_2_OF_3) == 13


def test_second_row_goes_to_alarm_at_the_next_evaluation_when_treated_as_breaching():
    # AWS: "The next time this alarm is evaluated, if the data is still missing it will go to ALARM"
    steps = run(config(3, 3, "breaching"), datapoints("0 - - - - -"), evaluation_range=5).steps
    assert [s.state for s in steps[-2:]] == [OK, ALARM]


def test_premature_rule_waits_for_old_enough_breaching_point():
    # - - - - X and - - - X - stay out of ALARM with M = 3; - - X - - goes to ALARM
    states = [s.state for s in run(config(3, 3), datapoints("- - - - X - -"), evaluation_range=5).steps]
    assert states[4:] == [INSUFFICIENT_DATA, INSUFFICIENT_DATA, ALARM]


def test_new_alarm_starts_in_insufficient_data():
    sim = AlarmSimulator(config())
    assert sim.state == INSUFFICIENT_DATA
    assert run(config(), [None]).steps[0].state == INSUFFICIENT_DATA


def test_breaching_points_need_not_be_consecutive():
    steps = run(config(2, 3), [50, 1, 50]).steps
    assert steps[-1].state == ALARM


@pytest.mark.parametrize("comparison, value, breaching", [
    ("GreaterThanThreshold", 10, False), ("GreaterThanThreshold", 10.5, True),
    ("GreaterThanOrEqualToThreshold", 10, True), ("GreaterThanOrEqualToThreshold", 9.9, False),
    ("LessThanThreshold", 10, False), ("LessThanThreshold", 9, True),
    ("LessThanOrEqualToThreshold", 10, True), ("LessThanOrEqualToThreshold", 11, False),
])
def test_four_comparison_operators_by_aws_name(comparison, value, breaching):
    cfg = make_config(period=60, evaluation_periods=1, threshold=10, comparison=comparison)
    assert cfg.breaches(value) is breaching
    assert run(cfg, [value]).final_state == (ALARM if breaching else OK)


@pytest.mark.parametrize("period", [10, 20, 30, 60, 120, 300, 3600, 86400])
def test_valid_periods(period):
    assert make_config(period=period, evaluation_periods=1, threshold=1, comparison="LessThanThreshold").period == period


@pytest.mark.parametrize("period", [45, 5, 1, 15, 90, 0, -60, 61, 2.5, "60", True])
def test_invalid_periods_are_refused(period):
    with pytest.raises(AlarmSpecError) as err:
        make_config(period=period, evaluation_periods=1, threshold=1, comparison="LessThanThreshold")
    assert err.value.field == "period"
    assert err.value.exit_code == 2


@pytest.mark.parametrize("period, n, ok", [
    (60, 1440, True), (60, 1441, False), (10, 8640, True), (10, 8641, False),
    (300, 288, True), (300, 289, False), (3600, 168, True), (3600, 169, False), (86400, 7, True), (86400, 8, False),
])
def test_period_times_evaluation_periods_limit(period, n, ok):
    kwargs = dict(period=period, evaluation_periods=n, threshold=1, comparison="LessThanThreshold")
    if ok:
        assert make_config(**kwargs).evaluation_periods == n
    else:
        with pytest.raises(AlarmSpecError, match="more than AWS allows"):
            make_config(**kwargs)


def test_datapoints_to_alarm_defaults_to_n_and_may_not_exceed_it():
    assert make_config(period=60, evaluation_periods=4, threshold=1, comparison="LessThanThreshold").datapoints_to_alarm == 4
    with pytest.raises(AlarmSpecError, match="M out of N") as err:
        make_config(period=60, evaluation_periods=3, datapoints_to_alarm=4, threshold=1, comparison="LessThanThreshold")
    assert err.value.field == "datapoints_to_alarm"


@pytest.mark.parametrize("comparison", ["Bigger", "GreaterThan", "greaterthanthreshold", "",
                                        "LessThanLowerOrGreaterThanUpperThreshold", "GreaterThanUpperThreshold"])
def test_unknown_and_anomaly_band_operators_are_refused(comparison):
    with pytest.raises(AlarmSpecError) as err:
        make_config(period=60, evaluation_periods=1, threshold=1, comparison=comparison)
    assert err.value.field == "comparison"


def test_unknown_treatment_and_statistic_are_refused():
    with pytest.raises(AlarmSpecError, match="treat_missing_data"):
        config(treatment="zero")
    # tm99 is an extended statistic PutMetricAlarm accepts (see test_docs_alarm.py); these are not
    for bad in ("Mean", "p101", "p99.999", "TM99", "P99", "tm(10%:90%)"):
        with pytest.raises(AlarmSpecError, match="statistic"):
            make_config(period=60, evaluation_periods=1, threshold=1, comparison="LessThanThreshold", statistic=bad)


@pytest.mark.parametrize("statistic, expected", [
    ("Average", 4.0), ("Sum", 20.0), ("Minimum", 1.0), ("Maximum", 9.0), ("SampleCount", 5.0),
    ("p0", 1.0), ("p50", 3.0), ("p80", 5.0), ("p90", 9.0), ("p99.9", 9.0), ("p100", 9.0),
])
def test_statistics_from_raw_samples(statistic, expected):
    assert aggregate(statistic, [5, 1, 9, 3, 2]) == pytest.approx(expected)


def test_no_samples_is_missing_data():
    assert aggregate("Average", []) is None


def test_percentile_is_nearest_rank():
    samples = list(range(1, 101))
    assert percentile(samples, 99) == 99
    assert percentile(samples, 99.5) == 100
    assert percentile([7], 50) == 7


def test_actions_fire_on_transitions_only():
    cfg = config(1, 1, alarm_actions=["sns:ops", "ec2:reboot"], ok_actions=["sns:ops"])
    steps = run(cfg, [50, 50, 1, 1, 50]).steps
    assert [[a.spec for a in s.actions] for s in steps] == [
        ["sns:ops", "ec2:reboot"], [], ["sns:ops"], [], ["sns:ops", "ec2:reboot"]]
    assert [s.changed for s in steps] == [True, False, True, False, True]


def test_auto_scaling_policy_is_invoked_again_while_the_state_lasts():
    # AWS re-invokes Auto Scaling actions while the alarm stays in the state; SNS fires once
    cfg = config(1, 1, alarm_actions=["sns:ops", "autoscaling:scale-out"])
    steps = run(cfg, [50, 50, 50, 1]).steps
    assert [[a.spec for a in s.actions] for s in steps] == [
        ["sns:ops", "autoscaling:scale-out"], ["autoscaling:scale-out"], ["autoscaling:scale-out"], []]


@pytest.mark.parametrize("spec, kind, verb", [
    ("arn:aws:sns:us-east-1:123456789012:ops", "sns", "notify"),
    ("arn:aws:automate:us-east-1:ec2:stop", "ec2", "stop"),
    ("arn:aws:automate:us-east-1:ec2:terminate", "ec2", "terminate"),
    ("arn:aws:automate:us-east-1:ec2:reboot", "ec2", "reboot"),
    ("arn:aws:automate:us-east-1:ec2:recover", "ec2", "recover"),
    ("arn:aws:autoscaling:us-east-1:123456789012:scalingPolicy:abc:autoScalingGroupName/web:policyName/out",
     "autoscaling", "scale"),
    ("sns:ops", "sns", "notify"), ("ec2:recover", "ec2", "recover"), ("autoscaling:out", "autoscaling", "scale"),
])
def test_action_kinds(spec, kind, verb):
    action = engine.parse_action(spec, "alarm_actions")
    assert (action.kind, action.verb) == (kind, verb)


@pytest.mark.parametrize("spec", ["lambda:fn", "ec2:explode", "arn:aws:automate:us-east-1:ec2:hibernate", "", 3])
def test_unknown_actions_are_refused(spec):
    with pytest.raises(AlarmSpecError):
        engine.parse_action(spec, "alarm_actions")


def test_recover_action_needs_the_system_status_check_metric():
    with pytest.raises(AlarmSpecError, match="StatusCheckFailed_System"):
        config(1, 1, metric="StatusCheckFailed_Instance", alarm_actions=["ec2:recover"])
    assert config(1, 1, metric="StatusCheckFailed_System", alarm_actions=["ec2:recover"])


def test_set_alarm_state_holds_until_the_next_evaluation_and_fires_actions():
    cfg = config(3, 3, alarm_actions=["sns:ops"], ok_actions=["sns:ops"])
    result = run(cfg, [1, 1, 1, 1], forced=[ForcedState(2, ALARM, "testing purposes")])
    kinds = [(s.index, s.kind, s.state, s.changed) for s in result.steps]
    assert kinds == [(0, "evaluation", OK, True), (1, "evaluation", OK, False), (2, "evaluation", OK, False),
                     (2, "set-alarm-state", ALARM, True), (3, "evaluation", OK, True)]
    forced = result.steps[3]
    assert forced.reason == "testing purposes" and [a.spec for a in forced.actions] == ["sns:ops"]
    assert [a.spec for a in result.steps[4].actions] == ["sns:ops"]


def test_forced_state_is_kept_by_ignore_when_no_data_can_decide():
    result = run(config(3, 3, "ignore"), [None, None, None], forced=[ForcedState(0, ALARM, "test")])
    assert [s.state for s in result.steps] == [INSUFFICIENT_DATA, ALARM, ALARM, ALARM]


def test_reasons_name_the_datapoints_and_the_threshold():
    steps = run(config(2, 3), [1, 50, 60]).steps
    reason = steps[-1].reason
    assert reason.startswith("Threshold Crossed: 2 out of the last 3 datapoints")
    assert "50.0 (00:05:00)" in reason and "60.0 (00:10:00)" in reason
    assert "greater than the threshold (10.0)" in reason and "OK -> ALARM" in reason
    assert "임계값(10.0)" in render(steps[-1].why, "ko")
    assert "Insufficient Data" in run(config(), [None]).steps[0].reason


def test_timestamps_are_simulated_time_not_the_clock():
    assert engine.timestamp(3, 300) == "00:15:00"
    assert engine.timestamp(8640, 10) == "day 2 00:00:00"


# --- properties ------------------------------------------------------------------

values = st.one_of(st.none(), st.sampled_from([1.0, 50.0]))
series = st.lists(values, min_size=1, max_size=40)
shapes = st.integers(1, 5).flatmap(lambda n: st.tuples(st.just(n), st.integers(1, n)))


def fill(points, treatment):
    return [(50.0 if treatment == "breaching" else 1.0) if v is None else v for v in points]


@settings(max_examples=150, deadline=None)
@given(series, shapes, st.sampled_from(["breaching", "notBreaching"]))
def test_property_filling_treatments_equal_the_filled_series_when_range_is_n(points, shape, treatment):
    n, m = shape
    cfg = config(m, n, treatment)
    plain = make_config(period=300, evaluation_periods=n, datapoints_to_alarm=m, threshold=10,
                        comparison="GreaterThanThreshold", treat_missing_data="missing")
    treated = [s.state for s in run(cfg, points, evaluation_range=n).steps]
    # the periods before the first datapoint are missing too, so they are filled as well
    filled = [s.state for s in run(plain, fill([None] * n + points, treatment), evaluation_range=n).steps[n:]]
    assert treated == filled


@settings(max_examples=150, deadline=None)
@given(series, shapes, st.sampled_from(["breaching", "notBreaching"]))
def test_property_filling_treatments_equal_the_filled_series_when_lookback_has_no_real_data(points, shape, treatment):
    # With the default evaluation range (N + 2) AWS uses real points from the two extra periods
    # before it fills (table row "0 - - - -"); wherever those periods are empty, it is plain filling.
    n, m = shape
    cfg = config(m, n, treatment)
    plain = make_config(period=300, evaluation_periods=n, datapoints_to_alarm=m, threshold=10,
                        comparison="GreaterThanThreshold", treat_missing_data="missing")
    treated = run(cfg, points).steps
    filled = run(plain, fill([None] * (n + 2) + points, treatment)).steps[n + 2:]
    compared = 0
    for i, (a, b) in enumerate(zip(treated, filled)):
        lookback = points[max(0, i - n - 1):max(0, i - n + 1)]
        if all(v is None for v in lookback) or all(v is not None for v in points[max(0, i - n + 1):i + 1]):
            assert a.state == b.state, i
            compared += 1
    assume(compared)


@settings(max_examples=200, deadline=None)
@given(series, shapes, st.sampled_from(TREATMENTS), st.sampled_from([OK, ALARM, INSUFFICIENT_DATA]))
def test_property_state_changes_only_when_the_evaluated_window_changes(points, shape, treatment, initial):
    n, m = shape
    steps = run(config(m, n, treatment), points, initial_state=initial).steps
    rng = n + 2

    def window(i):
        padded = [None] * rng + [None if v is None else v > 10 for v in points]
        return tuple(padded[i + 1:i + 1 + rng])

    for i in range(1, len(points)):
        if window(i) == window(i - 1):
            assert steps[i].state == steps[i - 1].state
            assert not steps[i].changed


@settings(max_examples=200, deadline=None)
@given(series, shapes, st.sampled_from(TREATMENTS), st.sampled_from([OK, ALARM, INSUFFICIENT_DATA]))
def test_property_sliding_window_agrees_with_evaluating_each_range_from_scratch(points, shape, treatment, initial):
    n, m = shape
    cfg = config(m, n, treatment)
    rng = n + 2
    steps = run(cfg, points, initial_state=initial).steps
    previous = initial
    padded = [None] * rng + list(points)
    for i, step in enumerate(steps):
        window = padded[i + 1:i + 1 + rng]
        fresh = run(cfg, window, evaluate="once", initial_state=previous, evaluation_range=rng)
        assert fresh.final_state == step.state, (i, window)
        previous = step.state
