"""Conformance: metric alarms as the CloudWatch docs define them — statistics, low samples, namespaces,
anomaly-detection bands and metric math — each case citing the page it follows.

SD = "CloudWatch statistics definitions"; PMA = PutMetricAlarm API reference (ExtendedStatistic,
EvaluateLowSampleCountPercentile, Metrics, ThresholdMetricId); LS = "Percentile-based CloudWatch alarms and
low data samples"; MD = "Configuring how CloudWatch alarms treat missing data"; AD = "Using CloudWatch
anomaly detection" and "Create an alarm based on anomaly detection"; MM = "Metric math syntax and
functions" (and "Using IF expressions"); AM = "Alarms on math expressions".
"""

from __future__ import annotations

import pytest

from studycli.errors import SpecError
from studycli.scenarios.alarm_spec import parse_spec, simulate
from studycli.sims.alarms.alarm import aggregate, low_sample_minimum, make_config, parse_statistic, run
from studycli.sims.alarms.metric_alarm.mathexpr import evaluate, parse_expression

UG = "https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/"
SD = UG + "Statistics-definitions.html"
PMA = "https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html"
LS = UG + "AlarmThatSendsEmail.html#percentiles-with-low-samples"
MD = UG + "alarms-and-missing-data.html"
AD = UG + "Create_Anomaly_Detection_Alarm.html"
MM = UG + "using-metric-math.html"
AM = UG + "AlarmThatSendsEmail.html#alarms-on-metric-math-expressions"
HUNDRED = [float(v) for v in range(1, 101)]          # 1 .. 100


def where(node, key=None):
    return "spec.yaml:1"


def spec(alarm: dict, **rest) -> object:
    base = {"period": 60, "evaluation_periods": 1, "comparison": "GreaterThanThreshold", "threshold": 50}
    return parse_spec({"alarm": {**base, **alarm}, **rest}, where)


def states(alarm: dict, **rest) -> list[str]:
    return [s.state for s in simulate(spec(alarm, **rest)).steps]


# ---------------------------------------------------------------- statistics from raw samples

STATISTICS = [
    ("tm90", 45.5, f"{SD}: tm90 is the average after removing the 10% of data points with the highest values"),
    ("TM(10%:90%)", 50.5, f"{SD}: TM(X%:Y%) uses only the values between the two percentiles"),
    ("IQM", 50.5, f"{SD}: IQM is the trimmed mean of the middle 50%, TM(25%:75%)"),
    ("tc90", 90.0, f"{SD}: tc90 counts the data points without the highest 10%"),
    ("TC(10%:90%)", 80.0, f"{SD}: trimmed count of the range"),
    ("ts90", 4095.0, f"{SD}: ts90 sums the data points without the highest 10%"),
    ("TS(10%:90%)", 4040.0, f"{SD}: trimmed sum is trimmed mean x trimmed count (50.5 x 80)"),
    ("wm90", 49.95, f"{SD}: winsorized mean: the highest 10% count as the value at the 90th percentile"),
    ("WM(10%:90%)", 50.5, f"{SD}: WM(10%:90%) clamps the lowest and highest 10% to the boundary values"),
    ("PR(:30)", 30.0, f"{SD}: PR(:300) is the percentage of data points with a value of 300 or less"),
    ("PR(10:20)", 10.0, f"{SD}: PR(100:2000), between two values (the lower excluded, the upper included)"),
    ("p90", 90.0, f"{SD}: p95 means 95 percent of the data is lower than this value"),
    ("p99.5", 100.0, f"{SD}: percentiles with decimals"),
    ("SampleCount", 100.0, f"{SD}: SampleCount is the number of data points"),
    ("Average", 50.5, f"{SD}: Average is Sum/SampleCount"),
]


@pytest.mark.parametrize("statistic,expected,doc", STATISTICS, ids=[s[0] for s in STATISTICS])
def test_statistic_from_raw_samples(statistic, expected, doc):
    assert doc.startswith("https://docs.aws.amazon.com/")
    assert aggregate(statistic, HUNDRED) == pytest.approx(expected)


def test_extended_statistics_are_not_available_with_negative_values():
    # SD: "these type of statistics are not available for metrics when any of the metric values are negative"
    assert aggregate("p90", [1.0, -2.0, 3.0]) is None and aggregate("tm90", [1.0, -2.0]) is None
    assert aggregate("Average", [1.0, -2.0, 4.0]) == 1.0


ACCEPTED = ["p90", "p0.0", "p100", "p99.99", "tm90", "tc90", "ts90", "wm90", "tm99.5", "IQM", "PR(10:100)", "PR(:300)",
            "PR(100:)", "TC(10%:90%)", "TM(10%:90%)", "TS(10%:90%)", "WM(10%:90%)", "TM(25%:75%)"]
REFUSED = [("TM(2%:98%)", "between 10 and 90", f"{PMA}: TM(X%:X%) where X is between 10 and 90 inclusive"),
           ("TM(150:1000)", "percentages", f"{PMA}: an alarm's trimmed mean takes percentages"),
           ("tm(10%:90%)", "upper case with a range", f"{SD} syntax: lower case only with one number"),
           ("TM90", "lower case with one number", f"{SD} syntax"),
           ("PR(20:10)", "lower bound must be below", f"{SD}: PR(n:m)"),
           ("p99.999", "two decimal places", f"{PMA}: a percentile p0.0 to p100"),
           ("tm0", "between 0 and 100", f"{SD}"), ("Median", "use Average", f"{SD}")]


@pytest.mark.parametrize("statistic", ACCEPTED)
def test_putmetricalarm_accepts_the_extended_statistics(statistic):
    # PMA: "If you specify ExtendedStatistic, the following are valid values: p90, tm90, tc90, ts90, wm90, IQM,
    # PR(n:m), TC(X%:X%), TM(X%:X%), TS(X%:X%), WM(X%:X%)"
    assert make_config(period=60, evaluation_periods=1, threshold=1, comparison="GreaterThanThreshold",
                       statistic=statistic).statistic == statistic


@pytest.mark.parametrize("statistic,says,doc", REFUSED, ids=[r[0] for r in REFUSED])
def test_statistics_an_alarm_refuses(statistic, says, doc):
    with pytest.raises(SpecError) as caught:
        parse_statistic(statistic)
    assert says in str(caught.value) and caught.value.field == "statistic" and doc.startswith("https://")


def test_an_alarm_on_samples_uses_its_extended_statistic():
    # SD "Percentiles versus trimmed mean": p99 is the maximum of the remaining 99%, tm99 their average
    samples = [[float(v) for v in range(1, 101)]]
    assert simulate(spec({"statistic": "p99", "threshold": 98}, samples=samples)).steps[0].value == 99.0
    assert simulate(spec({"statistic": "tm99", "threshold": 98}, samples=samples)).steps[0].value == 50.0


# ---------------------------------------------------------------- low data samples

@pytest.mark.parametrize("statistic,minimum", [("p99", 1000), ("p50", 20), ("p90", 100), ("p10", 100), ("p25", 40),
                                               ("p100", None), ("p0", None), ("tm99", None), ("Average", None)])
def test_how_many_samples_a_percentile_needs(statistic, minimum):
    # LS: for percentiles in [0.5, 1) the setting is used with fewer than 10/(1-percentile) data points (p99:
    # 1000 samples); for percentiles in (0, 0.5) with fewer than 10/percentile
    found = low_sample_minimum(parse_statistic(statistic))
    assert found is None if minimum is None else found == pytest.approx(minimum)


def test_ignore_keeps_the_state_while_samples_are_too_few():
    # PMA EvaluateLowSampleCountPercentile: "If you specify ignore, the alarm state does not change during periods
    # with too few data points to be statistically significant. If you specify evaluate or omit this parameter,
    # the alarm is always evaluated"
    quiet = [10.0] * 100                   # 100 samples: enough for p90
    few = [99.0] * 5                        # 5 samples: too few for p90
    periods = [quiet, few, few, quiet]
    alarm = {"statistic": "p90", "threshold": 50}
    assert states({**alarm, "evaluate_low_sample_count_percentile": "ignore"}, samples=periods) == [
        "OK", "OK", "OK", "OK"]
    assert states({**alarm, "evaluate_low_sample_count_percentile": "evaluate"}, samples=periods) == [
        "OK", "ALARM", "ALARM", "OK"]
    assert states(alarm, samples=periods) == ["OK", "ALARM", "ALARM", "OK"]     # evaluate is the default
    reason = simulate(spec({**alarm, "evaluate_low_sample_count_percentile": "ignore"}, samples=periods)).steps[1].reason
    assert "statistically significant" in reason and "keeps its state OK" in reason


def test_sample_counts_next_to_datapoints():
    counts_spec = spec({"statistic": "p99", "threshold": 50, "evaluate_low_sample_count_percentile": "ignore"},
                       datapoints=[10, 90, 90], sample_counts=[1000, 999, 5000])
    assert [s.state for s in simulate(counts_spec).steps] == ["OK", "OK", "ALARM"]
    with pytest.raises(SpecError, match="expected 3 counts"):
        spec({"statistic": "p99"}, datapoints=[1, 2, 3], sample_counts=[1, 2])


# ---------------------------------------------------------------- namespace rules

def test_dynamodb_alarms_ignore_missing_data_unless_told_otherwise():
    # MD: "Alarms that evaluate metrics in the AWS/DynamoDB namespace default to ignore missing data. You can
    # override this if you choose a different option"
    data = {"datapoints": [60, None, None, None, None, None, None, None]}
    assert states({"namespace": "AWS/DynamoDB"}, **data)[-1] == "ALARM"
    assert spec({"namespace": "AWS/DynamoDB"}, **data).config.treat_missing_data == "ignore"
    assert states({"namespace": "AWS/DynamoDB", "treat_missing_data": "missing"}, **data)[-1] == "INSUFFICIENT_DATA"
    assert states({"namespace": "AWS/EC2"}, **data)[-1] == "INSUFFICIENT_DATA"     # MD: the default is missing


# ---------------------------------------------------------------- anomaly-detection band alarms

BAND = {"lower": [10, 10, 10, 10], "upper": [20, 20, 20, 20]}


@pytest.mark.parametrize("comparison,expected", [
    ("LessThanLowerOrGreaterThanUpperThreshold", ["ALARM", "OK", "ALARM", "OK"]),
    ("LessThanLowerThreshold", ["ALARM", "OK", "OK", "OK"]),
    ("GreaterThanUpperThreshold", ["OK", "OK", "ALARM", "OK"]),
])
def test_band_operators(comparison, expected):
    # AD: "You can choose whether the alarm is triggered when the metric value is above the band of expected
    # values, below the band, or both" (PMA: LessThanLowerOrGreaterThanUpperThreshold, LessThanLowerThreshold,
    # GreaterThanUpperThreshold); on the edge of the band is inside it
    base = {"period": 60, "evaluation_periods": 1, "comparison": comparison}
    result = simulate(parse_spec({"alarm": base, "datapoints": [5, 15, 25, 20], "band": BAND}, where))
    assert [s.state for s in result.steps] == expected


def test_the_band_moves_with_each_period():
    base = {"period": 60, "evaluation_periods": 2, "datapoints_to_alarm": 2,
            "comparison": "LessThanLowerOrGreaterThanUpperThreshold"}
    band = {"lower": [0, 0, 50, 50, 50], "upper": [10, 10, 60, 60, 60]}
    result = simulate(parse_spec({"alarm": base, "datapoints": [5, 55, 55, 5, 70], "band": band}, where))
    assert [s.state for s in result.steps] == ["OK", "OK", "OK", "OK", "ALARM"]
    assert "band 50.0 to 60.0" in result.steps[-1].reason and "outside the band" in result.steps[-1].reason


def test_a_band_alarm_written_with_metrics_and_threshold_metric_id():
    # AD / PMA: Metrics [m1 (MetricStat), ad1 = ANOMALY_DETECTION_BAND(m1, 2)], ThresholdMetricId ad1
    alarm = {"period": 300, "evaluation_periods": 1, "comparison": "GreaterThanUpperThreshold",
             "threshold_metric_id": "ad1",
             "metrics": [{"id": "m1", "metric": "CPUUtilization", "namespace": "AWS/EC2", "statistic": "Average",
                          "return_data": True},
                         {"id": "ad1", "expression": "ANOMALY_DETECTION_BAND(m1, 2)", "return_data": True}]}
    result = simulate(parse_spec({"alarm": alarm, "series": {"m1": [40, 95]},
                                  "band": {"lower": [20, 20], "upper": [60, 60]}}, where))
    assert [s.state for s in result.steps] == ["OK", "ALARM"]


BAND_ERRORS = [
    ({"comparison": "GreaterThanUpperThreshold", "threshold": 5}, {"band": BAND}, "takes no threshold"),
    ({"comparison": "GreaterThanUpperThreshold"}, {}, "a band alarm needs the band"),
    ({"comparison": "GreaterThanThreshold", "threshold": 5}, {"band": BAND}, "only an anomaly-detection band alarm"),
    ({"comparison": "GreaterThanUpperThreshold"}, {"band": {"lower": [1], "upper": [2]}}, "expected 4 bounds"),
    ({"comparison": "GreaterThanUpperThreshold"}, {"band": {"lower": [9, 9, 9, 9], "upper": [1, 1, 1, 1]}},
     "above the upper bound"),
]


@pytest.mark.parametrize("alarm,extra,says", BAND_ERRORS, ids=[e[2] for e in BAND_ERRORS])
def test_band_alarm_errors(alarm, extra, says):
    base = {"period": 60, "evaluation_periods": 1, **alarm}
    with pytest.raises(SpecError, match=says):
        parse_spec({"alarm": base, "datapoints": [1, 2, 3, 4], **extra}, where)


# ---------------------------------------------------------------- metric math

N = None


def expr(text: str, series: dict, length: int) -> object:
    return evaluate(parse_expression(text), series.__getitem__, tuple(series), 0, 60, length)


def test_comparison_and_logical_operators_table():
    # MM "Comparison and logical operators": metric1 [30, 20, 0, 0], metric2 [20, -, 20, -]
    series = {"metric1": [30.0, 20.0, 0.0, 0.0], "metric2": [20.0, N, 20.0, N]}
    assert expr("(metric1 < metric2)", series, 4) == [0, 0, 1, 0]
    assert expr("(metric1 >= 30)", series, 4) == [1, 0, 0, 0]
    assert expr("(metric1 > 15 AND metric2 > 15)", series, 4) == [1, 0, 0, 0]
    assert expr("metric1 > 15 && metric2 > 15 || metric1 == 0", series, 4) == [1, 0, 1, 1]


def test_a_function_of_a_series_with_no_data_has_no_value_where_it_is_used():
    # MM "Metric math syntax and functions": AVG(m) returns a scalar from the series' datapoints;
    # a series with no data in the range has none, so m1 - AVG(m2) has no value (not an error)
    series = {"m1": [1.0, 2.0, 3.0], "m2": [N, N, N]}
    assert expr("m1 - AVG(m2)", series, 3) == [N, N, N]
    assert expr("AVG(m2) * 2", series, 3) is None
    assert expr("m1 - AVG(m1)", series, 3) == [-1, 0, 1]


def test_if_expressions_tables():
    # MM "Using IF expressions": the three example tables
    series = {"metric1": [1.0, 1.0, 0.0, 0.0, N], "metric2": [30.0, N, 0.0, 0.0, 30.0], "metric3": [0.0, 0.0, 20.0, N, 20.0]}
    assert expr("IF(metric1, metric2, metric3)", series, 5) == [30, 0, 20, N, N]
    assert expr("IF(metric1, 5, metric3)", series, 5) == [5, 5, 20, N, N]
    assert expr("IF(metric1, metric2, 5)", series, 5) == [30, 0, 5, 5, N]
    assert expr("IF(metric1 < 1, 10, 2)", series, 5) == [2, 2, 10, 10, N]     # IF(metric1<400, 10, 2) use case
    assert expr("IF(metric2 < 10, metric2)", series, 5) == [N, N, 0, 0, N]     # IF(metric1<400, metric1)


def test_arithmetic_missing_values_and_division_by_zero():
    # MM: "Missing values in a time series are treated as 0. If the value of a data point causes a function to
    # attempt to divide by zero, the data point is dropped."
    series = {"m1": [10.0, N, 4.0, N], "m2": [5.0, 2.0, 0.0, N]}
    assert expr("m1 + m2", series, 4) == [15, 2, 4, N]
    assert expr("m1 / m2 * 100", series, 4) == [200, 0, N, N]
    assert expr("m1 * 2 - 1", series, 4) == [19, N, 7, N]


def test_functions_of_the_table():
    series = {"m1": [1.0, N, 3.0, 6.0], "m2": [2.0, 2.0, N, 2.0]}
    assert expr("FILL(m1, 0)", series, 4) == [1, 0, 3, 6]                     # MM FILL(m1, 10)
    assert expr("FILL(m1, REPEAT)", series, 4) == [1, 1, 3, 6]
    assert expr("FILL(m1, LINEAR)", series, 4) == [1, 2, 3, 6]
    assert expr("FILL(m1, m2)", series, 4) == [1, 2, 3, 6]
    assert expr("m1 - AVG(m1)", series, 4) == [pytest.approx(-7 / 3), N, pytest.approx(-1 / 3), pytest.approx(8 / 3)]
    assert expr("SUM([m1, m2])", series, 4) == [3, 2, 3, 8]
    assert expr("MAX(METRICS())", series, 4) == [2, 2, 3, 6]
    assert expr("DIFF(m1)", series, 4) == [N, N, 2, 3] and expr("RATE(m1)", series, 4)[3] == 0.05
    assert expr("RUNNING_SUM(m1)", series, 4) == [1, N, 4, 10]
    assert expr("m1 / PERIOD(m1)", series, 4)[3] == 0.1
    assert expr("METRIC_COUNT(METRICS()) + 0 * m2", series, 4) == [2, 2, N, 2]
    assert expr("FIRST(SORT(METRICS(), MAX, DESC))", series, 4) == [1, N, 3, 6]
    assert expr("IF(DAY(m1) < 6, m1)", series, 4) == [1, N, 3, 6]          # 1970-01-01 was a Thursday
    assert expr("TIME_SERIES(7)", series, 4) == [7, 7, 7, 7]
    assert expr("CEIL(LOG10(m1 * 10))", series, 4) == [1, N, 2, 2]


def math_alarm(expression: str, **extra) -> dict:
    return {"period": 60, "evaluation_periods": 2, "datapoints_to_alarm": 2, "threshold": 5,
            "comparison": "GreaterThanThreshold",
            "metrics": [{"id": "errors", "metric": "Errors", "statistic": "Sum"},
                        {"id": "requests", "metric": "Invocations", "statistic": "Sum"},
                        {"id": "rate", "expression": expression, "return_data": True}], **extra}


def test_an_alarm_on_an_error_rate():
    # AM: an alarm can watch the result of a math expression based on one or more metrics
    result = simulate(parse_spec({"alarm": math_alarm("errors / requests * 100"),
                                  "series": {"errors": [1, 8, 9, 0], "requests": [100, 100, 100, 100]}}, where))
    assert [s.state for s in result.steps] == ["OK", "OK", "ALARM", "OK"]
    assert [s.value for s in result.steps] == [1, 8, 9, 0]


def test_a_reducing_function_acts_on_the_fetched_range():
    # MM on AVG, MAX ... in alarms: "CloudWatch attempts to retrieve a higher number of data points than the
    # number specified as Evaluation Periods. This function acts differently when extra data is requested."
    alarm = math_alarm("errors - AVG(errors)")
    result = simulate(parse_spec({"alarm": alarm, "evaluation_range": 2,
                                  "series": {"errors": [0, 0, 20, 20, 20], "requests": [1, 1, 1, 1, 1]}}, where))
    assert [s.value for s in result.steps] == [0, 0, 10, 0, 0]


MATH_ERRORS = [
    (math_alarm("SEARCH('{AWS/EC2} CPU', 'Average')"), "cannot watch a SEARCH", MM),
    (math_alarm("INSIGHT_RULE_METRIC(rule, UniqueContributors)"), "not simulated", MM),
    (math_alarm("MEDIAN(errors)"), "unknown function MEDIAN", MM),
    (math_alarm("errors / nothing"), "names 'nothing'", PMA),
    (math_alarm("[errors, requests]"), "returns 2 time series", AM),
    (dict(math_alarm("errors"), alarm_actions=["ec2:stop"]), "can't perform Amazon EC2 actions", AM),
    (dict(math_alarm("errors"), statistic="Sum"), "names its metrics and statistics in metrics", PMA),
    ({**math_alarm("errors"), "metrics": [{"id": f"m{i}", "metric": "M"} for i in range(11)]
      + [{"id": "e", "expression": "m1", "return_data": True}]}, "at most 10", PMA),
    ({**math_alarm("errors"), "metrics": [{"id": "m1", "metric": "M", "period": 300},
                                          {"id": "e", "expression": "m1", "return_data": True}]}, "alarm's period", AM),
    ({**math_alarm("errors"), "metrics": [{"id": "a", "expression": "b", "return_data": True},
                                          {"id": "b", "expression": "a"}]}, "in a circle", PMA),
    ({**math_alarm("errors"), "metrics": [{"id": "M1", "metric": "M", "return_data": True}]}, "lower-case", PMA),
    ({**math_alarm("errors"), "metrics": [{"id": "m1", "metric": "M"}]}, "exactly one query", PMA),
]


@pytest.mark.parametrize("alarm,says,doc", MATH_ERRORS, ids=[e[1] for e in MATH_ERRORS])
def test_math_alarm_errors(alarm, says, doc):
    ids = [m["id"] for m in alarm["metrics"] if "expression" not in m]
    body = {"alarm": alarm, "series": {i: [1, 2] for i in ids}}
    with pytest.raises(SpecError, match=says) as caught:
        simulate(parse_spec(body, where))
    assert caught.value.code in ("InvalidParameterValue", "InvalidSpec") and doc.startswith("https://")


def test_the_engine_run_takes_inputs_directly():
    config = make_config(period=60, evaluation_periods=1, threshold=5, comparison="GreaterThanThreshold")
    assert [s.state for s in run(config, [1, 9]).steps] == ["OK", "ALARM"]
