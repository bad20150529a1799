"""Alarm settings as PutMetricAlarm validates them, alarm actions, and statistics of raw samples."""

from __future__ import annotations

import math
import re
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from studycli.errors import INVALID_PARAMETER_VALUE, SpecError

OK, ALARM, INSUFFICIENT_DATA = "OK", "ALARM", "INSUFFICIENT_DATA"
STATES = (OK, ALARM, INSUFFICIENT_DATA)

# AWS operator name -> symbol (the words for each are messages: sim.alarm.op.<name>)
COMPARISONS = {
    "GreaterThanThreshold": ">",
    "GreaterThanOrEqualToThreshold": ">=",
    "LessThanThreshold": "<",
    "LessThanOrEqualToThreshold": "<=",
}
# PutMetricAlarm also accepts these, but only for anomaly-detection bands.
ANOMALY_COMPARISONS = ("LessThanLowerOrGreaterThanUpperThreshold", "LessThanLowerThreshold",
                       "GreaterThanUpperThreshold")
TREATMENTS = ("missing", "ignore", "breaching", "notBreaching")
BASIC_STATISTICS = ("Average", "Sum", "Minimum", "Maximum", "SampleCount")
PERCENTILE_RE = re.compile(r"^p(\d{1,2}(?:\.\d{1,2})?|100(?:\.0{1,2})?)$")
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
    threshold: float
    comparison: str
    statistic: str = "Average"
    treat_missing_data: str = "missing"
    actions: dict[str, tuple[Action, ...]] = field(default_factory=dict)
    name: str = "alarm"
    metric: str | None = None

    def breaches(self, value: float) -> bool:
        return _comparator(self.comparison, self.threshold)(value)


def _comparator(comparison: str, threshold: float) -> Callable[[float], bool]:
    # Bound float methods keep the per-datapoint comparison in C (the benchmark counts on it).
    t = float(threshold)
    return {"GreaterThanThreshold": t.__lt__, "GreaterThanOrEqualToThreshold": t.__le__,
            "LessThanThreshold": t.__gt__, "LessThanOrEqualToThreshold": t.__ge__}[comparison]


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


def validate_statistic(statistic: object) -> str:
    if not isinstance(statistic, str):
        raise SpecError(f"expected a statistic name, got {statistic!r}", field="statistic",
                        kind=INVALID_PARAMETER_VALUE)
    if statistic in BASIC_STATISTICS or PERCENTILE_RE.match(statistic):
        return statistic
    raise SpecError(f"{statistic!r} is not supported (use {', '.join(BASIC_STATISTICS)} "
                                      f"or a percentile such as p99 or p99.9)", field="statistic", kind=INVALID_PARAMETER_VALUE)


def make_config(*, period: object, evaluation_periods: object, threshold: object, comparison: object,
                datapoints_to_alarm: object = None, statistic: object = "Average",
                treat_missing_data: object = "missing", alarm_actions: Iterable[Any] = (),
                ok_actions: Iterable[Any] = (), insufficient_data_actions: Iterable[Any] = (),
                name: object = "alarm", metric: object = None) -> AlarmConfig:
    """Validate like PutMetricAlarm does; raise SpecError naming the field."""
    period = validate_period(period)
    n = _whole(evaluation_periods, "evaluation_periods")
    m = n if datapoints_to_alarm is None else _whole(datapoints_to_alarm, "datapoints_to_alarm")
    if m > n:
        raise SpecError(f"{m} is more than evaluation_periods ({n}); "
                                                    f"M out of N needs M <= N", field="datapoints_to_alarm", kind=INVALID_PARAMETER_VALUE)
    limit = ONE_DAY if period < 3600 else SEVEN_DAYS
    if period * n > limit:
        raise SpecError(f"period x evaluation_periods = {period * n} s is more than AWS allows "
                             f"({'one day' if limit == ONE_DAY else 'seven days'} for periods "
                             f"{'under' if limit == ONE_DAY else 'of'} an hour{'' if limit == ONE_DAY else ' or more'})", field="evaluation_periods", kind=INVALID_PARAMETER_VALUE)
    if not is_number(threshold):
        got = (f"a {len(str(abs(threshold)))}-digit number, beyond the range of a double"
               if isinstance(threshold, int) and not isinstance(threshold, bool) else repr(threshold))
        raise SpecError(f"expected a number, got {got}", field="threshold", kind=INVALID_PARAMETER_VALUE)
    for field_name, value in (("comparison", comparison), ("treat_missing_data", treat_missing_data)):
        if not isinstance(value, str):
            raise SpecError(f"expected a name, got {value!r}", field=field_name, kind=INVALID_PARAMETER_VALUE)
    if comparison in ANOMALY_COMPARISONS:
        raise SpecError(f"{comparison} compares against an anomaly-detection band, "
                                           f"which this simulator does not model", field="comparison", kind=INVALID_PARAMETER_VALUE)
    if comparison not in COMPARISONS:
        raise SpecError(f"unknown operator {comparison!r} (use {', '.join(COMPARISONS)})", field="comparison",
                        kind=INVALID_PARAMETER_VALUE)
    statistic = validate_statistic(statistic)
    if treat_missing_data not in TREATMENTS:
        raise SpecError(f"{treat_missing_data!r} is not one of {', '.join(TREATMENTS)}", field="treat_missing_data",
                        kind=INVALID_PARAMETER_VALUE)
    if metric is not None and not isinstance(metric, str):
        raise SpecError(f"expected a metric name, got {metric!r}", field="metric", kind=INVALID_PARAMETER_VALUE)
    actions: dict[str, tuple[Action, ...]] = {}
    for state, field_name, items in ((ALARM, "alarm_actions", alarm_actions), (OK, "ok_actions", ok_actions),
                                     (INSUFFICIENT_DATA, "insufficient_data_actions", insufficient_data_actions)):
        if isinstance(items, (str, bytes)) or not isinstance(items, Iterable):
            raise SpecError(f"expected a list of actions, got {items!r}", field=field_name,
                            kind=INVALID_PARAMETER_VALUE)
        parsed = tuple(parse_action(a, field_name) for a in items)
        for action in parsed:
            if action.verb == "recover" and metric is not None and metric != "StatusCheckFailed_System":
                raise SpecError(f"the EC2 recover action needs an alarm on StatusCheckFailed_System, "
                                                 f"not {metric}", field=field_name, kind=INVALID_PARAMETER_VALUE)
        actions[state] = parsed
    return AlarmConfig(period=period, evaluation_periods=n, datapoints_to_alarm=m, threshold=float(threshold),  # type: ignore[arg-type]  # is_number() checked it
                       comparison=comparison, statistic=statistic, treat_missing_data=treat_missing_data,
                       actions=actions, name=str(name), metric=metric)


# --- statistics from raw samples ---------------------------------------------------

def aggregate(statistic: str, samples: Sequence[float]) -> float | None:
    """The period's datapoint from its raw samples; None when there are none (missing data)."""
    if not samples:
        return None
    if statistic == "Average":
        return sum(samples) / len(samples)
    if statistic == "Sum":
        return float(sum(samples))
    if statistic == "Minimum":
        return float(min(samples))
    if statistic == "Maximum":
        return float(max(samples))
    if statistic == "SampleCount":
        return float(len(samples))
    return percentile(samples, float(statistic[1:]))


def percentile(samples: Sequence[float], p: float) -> float:
    """Nearest-rank percentile: the smallest sample with at least p % of the samples at or below it."""
    ordered = sorted(samples)
    rank = max(1, math.ceil(p / 100.0 * len(ordered)))
    return float(ordered[rank - 1])
