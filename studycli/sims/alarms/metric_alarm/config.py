"""Alarm settings as PutMetricAlarm validates them, and alarm actions.

Besides a fixed threshold, an alarm may compare against an anomaly-detection band (the
band operators; the band itself is supplied as data, one lower and upper bound per period)
or watch a metric math expression over named series (`MathAlarm`, studycli.sims.alarms.
metric_alarm.math). Namespace rules AWS documents: alarms on `AWS/DynamoDB` metrics treat
missing data as `ignore` unless told otherwise ("Configuring how CloudWatch alarms treat
missing data"); alarms on math expressions cannot take EC2 actions ("Alarms on math
expressions")."""

from __future__ import annotations

import math
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, cast

from studycli.errors import INVALID_PARAMETER_VALUE, SpecError
from studycli.sims.alarms.metric_alarm.statistics import (
    LOW_SAMPLE_TREATMENTS,
    Statistic,
    parse_statistic,
    validate_statistic,
)

if TYPE_CHECKING:
    from studycli.sims.alarms.metric_alarm.math import MathAlarm

OK, ALARM, INSUFFICIENT_DATA = "OK", "ALARM", "INSUFFICIENT_DATA"
STATES = (OK, ALARM, INSUFFICIENT_DATA)

# AWS operator name -> symbol (the words for each are messages: sim.alarm.op.<name>)
COMPARISONS = {
    "GreaterThanThreshold": ">",
    "GreaterThanOrEqualToThreshold": ">=",
    "LessThanThreshold": "<",
    "LessThanOrEqualToThreshold": "<=",
}
# PutMetricAlarm also accepts these, but only for anomaly-detection bands (ThresholdMetricId).
ANOMALY_COMPARISONS = ("LessThanLowerOrGreaterThanUpperThreshold", "LessThanLowerThreshold",
                       "GreaterThanUpperThreshold")
TREATMENTS = ("missing", "ignore", "breaching", "notBreaching")
IGNORING_NAMESPACES = ("AWS/DynamoDB",)    # default to treat_missing_data = ignore
HIGH_RESOLUTION_PERIODS = (10, 20, 30)
ONE_DAY, SEVEN_DAYS = 86_400, 7 * 86_400


# --- actions ---------------------------------------------------------------------

EC2_VERBS = ("stop", "terminate", "reboot", "recover")


@dataclass(frozen=True)
class Action:
    """One alarm action, as written in the spec (an ARN or a short form)."""

    spec: str
    kind: str       # sns | ec2 | autoscaling
    verb: str       # notify | stop | terminate | reboot | recover | scale
    target: str

    @property
    def repeats(self) -> bool:
        """Auto Scaling actions are re-invoked while the alarm stays in the state."""
        return self.kind == "autoscaling"


def parse_action(text: object, field_name: str) -> Action:
    """`arn:aws:sns:...`, `arn:aws:automate:<region>:ec2:<verb>`, `arn:aws:autoscaling:...:scalingPolicy:...`,
    or the short forms `sns:<topic>`, `ec2:<verb>`, `autoscaling:<policy>`."""
    if not isinstance(text, str) or not text.strip():
        raise SpecError(f"expected an action (ARN or sns:/ec2:/autoscaling: form), got {text!r}", field=field_name,
                        kind=INVALID_PARAMETER_VALUE)
    s = text.strip()
    parts = s.split(":")
    if s.startswith("arn:"):
        service = parts[2] if len(parts) > 2 else ""
        if service == "sns" and len(parts) >= 6 and parts[5]:
            return Action(s, "sns", "notify", parts[5])
        if service == "automate" and len(parts) == 6 and parts[4] == "ec2" and parts[5] in EC2_VERBS:
            return Action(s, "ec2", parts[5], parts[5])
        if service == "autoscaling" and "scalingPolicy" in s:
            name = s.rsplit("policyName/", 1)[-1] if "policyName/" in s else parts[-1]
            return Action(s, "autoscaling", "scale", name)
        raise SpecError(f"{s!r} is not an SNS topic, EC2 (arn:aws:automate:<region>:ec2:"
                                         f"stop|terminate|reboot|recover) or Auto Scaling policy ARN", field=field_name, kind=INVALID_PARAMETER_VALUE)
    if len(parts) == 2 and parts[1]:
        kind, rest = parts[0].lower(), parts[1]
        if kind == "sns":
            return Action(s, "sns", "notify", rest)
        if kind == "ec2" and rest in EC2_VERBS:
            return Action(s, "ec2", rest, rest)
        if kind == "autoscaling":
            return Action(s, "autoscaling", "scale", rest)
    raise SpecError(f"{s!r} is not an action; use sns:<topic>, ec2:stop|terminate|reboot|recover, "
                                     f"autoscaling:<policy> or a full ARN", field=field_name, kind=INVALID_PARAMETER_VALUE)


# --- configuration -----------------------------------------------------------------

@dataclass(frozen=True)
class AlarmConfig:
    """A validated metric alarm (the PutMetricAlarm fields this simulator uses)."""

    period: int
    evaluation_periods: int
    datapoints_to_alarm: int
    threshold: float | None             # None for an anomaly-detection band alarm
    comparison: str
    statistic: str = "Average"
    treat_missing_data: str = "missing"
    actions: dict[str, tuple[Action, ...]] = field(default_factory=dict)
    name: str = "alarm"
    metric: str | None = None
    namespace: str | None = None
    evaluate_low_sample_count_percentile: str = "evaluate"
    math: MathAlarm | None = None       # a metric math alarm (its expression and named metrics)
    threshold_metric_id: str | None = None

    @property
    def band(self) -> bool:
        """An anomaly-detection band alarm: each datapoint is compared with its period's band."""
        return self.comparison in ANOMALY_COMPARISONS

    @property
    def parsed_statistic(self) -> Statistic:
        return parse_statistic(self.statistic)

    def breaches(self, value: float, lower: float | None = None, upper: float | None = None) -> bool:
        if self.band:
            return band_breaches(self.comparison, value, lower, upper)
        return _comparator(self.comparison, self.threshold)(value)


def _comparator(comparison: str, threshold: float | None) -> Callable[[float], bool]:
    # Bound float methods keep the per-datapoint comparison in C (the benchmark counts on it).
    t = float(threshold or 0.0)
    return {"GreaterThanThreshold": t.__lt__, "GreaterThanOrEqualToThreshold": t.__le__,
            "LessThanThreshold": t.__gt__, "LessThanOrEqualToThreshold": t.__ge__}[comparison]


def band_breaches(comparison: str, value: float, lower: float | None, upper: float | None) -> bool:
    """A datapoint against its period's anomaly-detection band (bounds are exclusive: on the edge is inside)."""
    below = lower is not None and value < lower
    above = upper is not None and value > upper
    if comparison == "LessThanLowerThreshold":
        return below
    if comparison == "GreaterThanUpperThreshold":
        return above
    return below or above


def is_number(value: object) -> bool:
    """A finite number a double can hold (AWS's Threshold and datapoint values are doubles)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return False
    if isinstance(value, int):  # math.isfinite() of an int past the double range raises OverflowError
        return -sys.float_info.max <= value <= sys.float_info.max
    return math.isfinite(value)


def _whole(value: object, field_name: str, minimum: int = 1) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise SpecError(f"expected a whole number, got {value!r}", field=field_name, kind=INVALID_PARAMETER_VALUE)
    if value < minimum:
        raise SpecError(f"must be at least {minimum}, got {value}", field=field_name, kind=INVALID_PARAMETER_VALUE)
    return value


def validate_period(period: object) -> int:
    period = _whole(period, "period")
    if period not in HIGH_RESOLUTION_PERIODS and period % 60:
        raise SpecError(f"{period} seconds is not a valid alarm period "
                        f"(use 10, 20, 30 or a multiple of 60)", field="period", kind=INVALID_PARAMETER_VALUE)
    return period


def _fail(field_name: str, message: str) -> SpecError:
    return SpecError(message, field=field_name, kind=INVALID_PARAMETER_VALUE)


def make_config(*, period: object, evaluation_periods: object, comparison: object, threshold: object = None,
                datapoints_to_alarm: object = None, statistic: object = "Average",
                treat_missing_data: object = None, alarm_actions: Iterable[Any] = (),
                ok_actions: Iterable[Any] = (), insufficient_data_actions: Iterable[Any] = (),
                name: object = "alarm", metric: object = None, namespace: object = None,
                evaluate_low_sample_count_percentile: object = "evaluate", math: MathAlarm | None = None,
                threshold_metric_id: object = None) -> AlarmConfig:
    """Validate like PutMetricAlarm does; raise SpecError naming the field."""
    period = validate_period(period)
    n = _whole(evaluation_periods, "evaluation_periods")
    m = n if datapoints_to_alarm is None else _whole(datapoints_to_alarm, "datapoints_to_alarm")
    if m > n:
        raise _fail("datapoints_to_alarm", f"{m} is more than evaluation_periods ({n}); M out of N needs M <= N")
    limit = ONE_DAY if period < 3600 else SEVEN_DAYS
    if period * n > limit:
        raise _fail("evaluation_periods", f"period x evaluation_periods = {period * n} s is more than AWS allows "
                    f"({'one day' if limit == ONE_DAY else 'seven days'} for periods "
                    f"{'under' if limit == ONE_DAY else 'of'} an hour{'' if limit == ONE_DAY else ' or more'})")
    for field_name, value in (("comparison", comparison), ("treat_missing_data", treat_missing_data),
                              ("namespace", namespace), ("threshold_metric_id", threshold_metric_id)):
        if value is not None and not isinstance(value, str):
            raise _fail(field_name, f"expected a name, got {value!r}")
    if comparison in ANOMALY_COMPARISONS:
        if threshold is not None:
            raise _fail("comparison", f"{comparison} compares with an anomaly-detection band, which takes no "
                                      f"threshold (PutMetricAlarm: give the band as ThresholdMetricId, not Threshold)")
    elif comparison in COMPARISONS:
        if threshold is None:
            raise _fail("threshold", "missing (a threshold alarm needs one)")
        if not is_number(threshold):
            got = (f"a {len(str(abs(threshold)))}-digit number, beyond the range of a double"
                   if isinstance(threshold, int) and not isinstance(threshold, bool) else repr(threshold))
            raise _fail("threshold", f"expected a number, got {got}")
        if threshold_metric_id is not None:
            raise _fail("threshold_metric_id", f"only an anomaly-detection band alarm (comparison "
                                               f"{' | '.join(ANOMALY_COMPARISONS)}) has one")
    else:
        raise _fail("comparison", f"unknown operator {comparison!r} (use {', '.join(COMPARISONS)}, or for an "
                                  f"anomaly-detection band {', '.join(ANOMALY_COMPARISONS)})")
    statistic = validate_statistic(statistic)
    if evaluate_low_sample_count_percentile not in LOW_SAMPLE_TREATMENTS:
        raise _fail("evaluate_low_sample_count_percentile",
                    f"{evaluate_low_sample_count_percentile!r} is not one of {', '.join(LOW_SAMPLE_TREATMENTS)}")
    if treat_missing_data is None:
        treat_missing_data = "ignore" if namespace in IGNORING_NAMESPACES else "missing"
    if treat_missing_data not in TREATMENTS:
        raise _fail("treat_missing_data", f"{treat_missing_data!r} is not one of {', '.join(TREATMENTS)}")
    if metric is not None and not isinstance(metric, str):
        raise _fail("metric", f"expected a metric name, got {metric!r}")
    actions: dict[str, tuple[Action, ...]] = {}
    for state, field_name, items in ((ALARM, "alarm_actions", alarm_actions), (OK, "ok_actions", ok_actions),
                                     (INSUFFICIENT_DATA, "insufficient_data_actions", insufficient_data_actions)):
        if isinstance(items, (str, bytes)) or not isinstance(items, Iterable):
            raise _fail(field_name, f"expected a list of actions, got {items!r}")
        parsed = tuple(parse_action(a, field_name) for a in items)
        for action in parsed:
            if action.verb == "recover" and metric is not None and metric != "StatusCheckFailed_System":
                raise _fail(field_name, f"the EC2 recover action needs an alarm on StatusCheckFailed_System, "
                                        f"not {metric}")
            if action.kind == "ec2" and math is not None and not math.band_only:
                raise _fail(field_name, "alarms based on math expressions can't perform Amazon EC2 actions")
        actions[state] = parsed
    return AlarmConfig(period=period, evaluation_periods=n, datapoints_to_alarm=m,
                       threshold=None if threshold is None else float(cast(float, threshold)),  # is_number() checked it
                       comparison=cast(str, comparison), statistic=statistic, treat_missing_data=treat_missing_data,
                       actions=actions, name=str(name), metric=metric, namespace=cast("str | None", namespace),
                       evaluate_low_sample_count_percentile=evaluate_low_sample_count_percentile, math=math,
                       threshold_metric_id=cast("str | None", threshold_metric_id))
