"""Metric filters: turn matching log events into per-minute metric values for an alarm.

A metric filter is a filter pattern plus a metric transformation (PutMetricFilter,
MetricTransformation): each matching event contributes `metric_value`, either a fixed
number (counting: "1") or a field the pattern extracts (`$.latency` from a JSON pattern,
`$bytes` from a space-delimited one). Per the CloudWatch Logs User Guide ("Setting how
the metric value changes when matches are found"):

* values are aggregated and reported every minute;
* a minute with ingested events but no match reports `default_value` for those events,
  when one is set;
* a minute with no ingested events reports nothing (a missing data point).

An event whose extracted value is not a number contributes nothing. Times are seconds
since an origin the caller chooses; no clock is read here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from studycli.errors import INVALID_METRIC_FILTER, SpecError
from studycli.sims import json_input
from studycli.sims.logs.filter_pattern import FilterPattern, as_number, parse_filter_pattern, select

if TYPE_CHECKING:
    from studycli.sims.alarms.metric_alarm.config import AlarmConfig
    from studycli.sims.alarms.metric_alarm.run import Run

DEFAULT_PERIOD = 60  # "The metric value is aggregated and reported every minute."


@dataclass(frozen=True)
class MetricTransformation:
    metric_name: str
    metric_namespace: str = "LogMetrics"
    metric_value: str = "1"             # a number, or "$.selector" / "$field" taken from the event
    default_value: float | None = None


@dataclass(frozen=True)
class MetricFilter:
    pattern: FilterPattern
    transformation: MetricTransformation

    @classmethod
    def build(cls, pattern: str, metric_name: str = "Matches", metric_value: str | float = "1",
              default_value: float | None = None, metric_namespace: str = "LogMetrics") -> MetricFilter:
        """Parse and check a metric filter (SpecError naming what is wrong)."""
        parsed = parse_filter_pattern(pattern)
        value = str(metric_value).strip()
        _check_metric_value(parsed, value)
        if default_value is not None and as_number(default_value) is None:
            raise SpecError(f"metric filter: default value {default_value!r} is not a number",
                            kind=INVALID_METRIC_FILTER)
        default = None if default_value is None else float(default_value)
        return cls(parsed, MetricTransformation(metric_name, metric_namespace, value, default))


def _check_metric_value(pattern: FilterPattern, value: str) -> None:
    if as_number(value) is not None:
        return
    if not value.startswith("$"):
        raise SpecError(f"metric filter: metric value {value!r} must be a number or a field like $.latency "
                        "or $bytes", kind=INVALID_METRIC_FILTER)
    if pattern.kind == "json" and value.startswith("$."):
        return
    if pattern.kind == "delimited" and not value.startswith("$."):
        name = value[1:]
        if name in pattern.field_names() or (name.isascii() and name.isdigit()):
            return
        raise SpecError(f"metric filter: metric value {value!r} names no field of the pattern "
                        f"(fields: {', '.join('$' + n for n in pattern.field_names())})", kind=INVALID_METRIC_FILTER)
    raise SpecError(f"metric filter: metric value {value!r} needs a "
                    f"{'JSON' if value.startswith('$.') else 'space-delimited'} pattern that can extract it "
                    f"(this pattern is of kind {pattern.kind})", kind=INVALID_METRIC_FILTER)


@dataclass(frozen=True)
class LogEvent:
    at: float          # seconds since the scenario's origin
    message: str


def event_value(metric_filter: MetricFilter, message: str) -> float | None:
    """What one event contributes: its metric value when it matches, else None."""
    match = metric_filter.pattern.match(message)
    if not match.matched:
        return None
    spec = metric_filter.transformation.metric_value
    fixed = as_number(spec)
    if fixed is not None:
        return fixed
    if metric_filter.pattern.kind == "json":
        present, raw = select(json_input.loads(message), spec)
        return as_number(raw) if present else None
    return as_number(match.fields.get(spec))


@dataclass(frozen=True)
class MetricDatapoint:
    """One reported minute: the statistics an alarm could use, plus what produced them."""

    start: float
    samples: tuple[float, ...]
    events: int
    matches: int

    @property
    def sum(self) -> float:
        return sum(self.samples)

    @property
    def sample_count(self) -> int:
        return len(self.samples)

    @property
    def average(self) -> float:
        return self.sum / len(self.samples)

    @property
    def minimum(self) -> float:
        return min(self.samples)

    @property
    def maximum(self) -> float:
        return max(self.samples)

    def statistic(self, name: str) -> float:
        table = {"Sum": self.sum, "SampleCount": float(self.sample_count), "Average": self.average,
                 "Minimum": self.minimum, "Maximum": self.maximum}
        if name not in table:
            raise SpecError(f"statistic {name!r} is not one of {', '.join(table)}", kind=INVALID_METRIC_FILTER)
        return table[name]


def metric_datapoints(metric_filter: MetricFilter, events: list[LogEvent], start: float, periods: int,
                      period: int = DEFAULT_PERIOD) -> list[MetricDatapoint | None]:
    """One entry per period from `start`: the datapoint reported, or None when nothing was ingested."""
    if period <= 0 or periods < 0:
        raise SpecError("metric filter: period and number of periods must be positive", kind=INVALID_METRIC_FILTER)
    buckets: list[list[LogEvent]] = [[] for _ in range(periods)]
    for event in events:
        index = int((event.at - start) // period)
        if 0 <= index < periods:
            buckets[index].append(event)
    out: list[MetricDatapoint | None] = []
    for index, bucket in enumerate(buckets):
        values = [v for v in (event_value(metric_filter, e.message) for e in bucket) if v is not None]
        matches = sum(1 for e in bucket if metric_filter.pattern.matches(e.message))
        default = metric_filter.transformation.default_value
        if not values and bucket and default is not None:
            values = [default] * len(bucket)
        out.append(MetricDatapoint(start + index * period, tuple(values), len(bucket), matches) if values else None)
    return out


def series(datapoints: list[MetricDatapoint | None], statistic: str = "Sum") -> list[float | None]:
    """The values an alarm sees: one statistic per period, None where no data was reported."""
    return [None if d is None else d.statistic(statistic) for d in datapoints]


def feed_alarm(metric_filter: MetricFilter, events: list[LogEvent], alarm_config: AlarmConfig, start: float,
               periods: int) -> tuple[list[MetricDatapoint | None], Run]:
    """Run the alarm engine over the metric this filter publishes (the alarm's period and statistic).

    Returns (datapoints, alarm run): the metric filter's per-period output and every
    evaluation the alarm made of it.
    """
    from studycli.sims.alarms import alarm

    datapoints = metric_datapoints(metric_filter, events, start, periods, alarm_config.period)
    values = [None if d is None else alarm.aggregate(alarm_config.statistic, d.samples) for d in datapoints]
    return datapoints, alarm.run(alarm_config, values)
