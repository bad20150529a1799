"""Alarm specs (YAML or JSON a person wrote) read into what the alarm engine runs.

Used by `studycli scenario alarm --spec FILE` and by the `alarm` / `composite` scenario
files. Every key is checked; errors name `file:line: field`.

    alarm:
      period: 60                     # 10, 20, 30 or a multiple of 60
      evaluation_periods: 3          # N
      datapoints_to_alarm: 2         # M (default N)
      threshold: 80                  # not for a band alarm
      comparison: GreaterThanThreshold   # or a band operator: LessThanLowerOrGreaterThanUpperThreshold, ...
      statistic: Average             # Sum, Minimum, Maximum, SampleCount, p99, tm90, TM(10%:90%), IQM, PR(:300), ...
      evaluate_low_sample_count_percentile: ignore   # percentiles: keep the state on too few samples
      treat_missing_data: missing    # ignore | breaching | notBreaching (AWS/DynamoDB: ignore by default)
      namespace: AWS/EC2
      alarm_actions: [sns:ops]       # ok_actions, insufficient_data_actions too
      metrics: [...]                 # a metric math alarm: {id, metric, statistic} and {id, expression, return_data}
      threshold_metric_id: ad1       # a band alarm written with metrics: its ANOMALY_DETECTION_BAND expression
    initial_state: INSUFFICIENT_DATA # optional
    datapoints: [50, 90, null, 95]   # one per period, oldest first (or samples: [[...], ...])
    sample_counts: [12, 3, 0, 40]    # with datapoints: how many samples each period had (low-sample rule)
    series: {m1: [...], m2: [...]}   # a metric math alarm: each metric's datapoints
    band: {lower: [...], upper: [...]}   # a band alarm: the anomaly-detection band, one bound each per period
    evaluate: each                   # or once (the list is the evaluation range)
    evaluation_range: 5              # optional, default N + 2
    set_state: [{after: 2, state: ALARM, reason: testing}]

A JSON spec is read by `studycli.jsonsrc`, which keeps long lists of numbers as compact
arrays: a million datapoints cost 8 MB, not a Python object each.
"""

from __future__ import annotations

import math as pymath
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from studycli.errors import INVALID_PARAMETER_VALUE, INVALID_SPEC, ContentError, SpecError
from studycli.sims.alarms import alarm as engine

SPEC_KEYS = ("alarm", "initial_state", "datapoints", "samples", "sample_counts", "series", "band", "evaluate",
             "evaluation_range", "set_state")
ALARM_KEYS = ("name", "namespace", "metric", "description", "period", "evaluation_periods", "datapoints_to_alarm",
              "threshold", "comparison", "statistic", "treat_missing_data", "alarm_actions", "ok_actions",
              "insufficient_data_actions", "evaluate_low_sample_count_percentile", "metrics", "threshold_metric_id")
REQUIRED_ALARM_KEYS = ("period", "evaluation_periods", "comparison")
SET_STATE_KEYS = ("after", "state", "reason")
BAND_KEYS = ("lower", "upper")

Where = Callable[[Any, Any], str]   # (node, key) -> "file:line"


@dataclass(frozen=True)
class AlarmSpec:
    config: engine.AlarmConfig
    inputs: engine.Inputs
    initial_state: str
    evaluate: str
    forced: tuple[engine.ForcedState, ...]
    evaluation_range: int | None

    @property
    def datapoints(self) -> Sequence[float | None]:
        return self.inputs.values


# --- reading files -------------------------------------------------------------------

def _line_of(node: Any, key: Any) -> int:
    if node is not None and hasattr(node, "line_of"):
        try:
            return int(node.line_of(key))
        except (IndexError, TypeError, ValueError):
            return int(getattr(node, "line", 1))
    return int(getattr(node, "line", 1) or 1)


def where_in(file: str) -> Where:
    def where(node: Any, key: Any = None) -> str:
        return f"{file}:{_line_of(node, key)}"
    return where


def load_spec(path: Path) -> AlarmSpec:
    """Read a YAML or JSON alarm spec; any problem is a SpecError `file:line: ...`."""
    return parse_spec(read_document(path), where_in(str(path)))


def read_document(path: Path) -> Any:
    """JSON (compact numbers, `studycli.jsonsrc`) or YAML (line-aware); errors become SpecErrors."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SpecError(f"{path}:1: file: no such file") from None
    except (OSError, UnicodeDecodeError) as err:
        raise SpecError(f"{path}:1: file: cannot read ({getattr(err, 'strerror', None) or err})") from None
    if text.lstrip().startswith(("{", "[")):
        from studycli.jsonsrc import load_text

        return load_text(text, str(path))
    from studycli.yamlsrc import load_file

    try:
        return load_file(path)
    except ContentError as err:
        raise SpecError(err.problems[0]) from None


def _fail(where: str, field: str, message: str, kind: str = INVALID_SPEC) -> SpecError:
    return SpecError(f"{where}: {field}: {message}", kind=kind)


def check_keys(node: Any, allowed: tuple[str, ...], prefix: str, where: Where) -> None:
    if not isinstance(node, dict):
        raise _fail(where(node, None), prefix.rstrip(".") or "spec", f"expected a mapping, got {describe(node)}")
    for key in node:
        if key not in allowed:
            raise _fail(where(node, key), f"{prefix}{key}", f"unknown key (allowed: {', '.join(allowed)})")


def describe(value: Any) -> str:
    from studycli.content_types import describe as content_describe

    if hasattr(value, "typecode"):
        return f"a list of {len(value)} numbers"
    return content_describe(value)


# --- the spec --------------------------------------------------------------------------

def parse_spec(data: Any, where: Where, prefix: str = "") -> AlarmSpec:
    """Validate a spec mapping into an AlarmSpec (errors name the line and the field)."""
    check_keys(data, SPEC_KEYS, prefix, where)
    if "alarm" not in data:
        raise _fail(where(data, None), f"{prefix}alarm", "missing (the alarm's settings)")
    config = parse_alarm(data["alarm"], where, f"{prefix}alarm.")
    inputs = _inputs(data, config, where, prefix)
    count = len(inputs)
    initial = data.get("initial_state", engine.INSUFFICIENT_DATA)
    if initial not in engine.STATES:
        raise _fail(where(data, "initial_state"), f"{prefix}initial_state",
                    f"{initial!r} is not one of {', '.join(engine.STATES)}")
    evaluate = data.get("evaluate", "each")
    if evaluate not in ("each", "once"):
        raise _fail(where(data, "evaluate"), f"{prefix}evaluate", f"{evaluate!r} is not 'each' or 'once'")
    rng = data.get("evaluation_range")
    if rng is not None and (isinstance(rng, bool) or not isinstance(rng, int) or rng < config.evaluation_periods):
        raise _fail(where(data, "evaluation_range"), f"{prefix}evaluation_range",
                    f"expected a whole number of at least evaluation_periods ({config.evaluation_periods}), got {rng!r}")
    forced = _forced_states(data.get("set_state"), count, where, data, prefix)
    if forced and evaluate == "once":
        raise _fail(where(data, "set_state"), f"{prefix}set_state", "needs evaluate: each")
    return AlarmSpec(config, inputs, initial, evaluate, forced, rng)


def parse_alarm(node: Any, where: Where, prefix: str = "alarm.") -> engine.AlarmConfig:
    check_keys(node, ALARM_KEYS, prefix, where)
    for key in REQUIRED_ALARM_KEYS:
        if key not in node:
            raise _fail(where(node, None), f"{prefix}{key}", "missing")
    for key in ("name", "namespace", "description"):
        if key in node and not isinstance(node[key], str):
            raise _fail(where(node, key), f"{prefix}{key}", f"expected text, got {describe(node[key])}")
    fields = {k: node[k] for k in ALARM_KEYS if k in node and k not in ("description", "metrics")}
    for key in ("alarm_actions", "ok_actions", "insufficient_data_actions"):
        if key in fields and not isinstance(fields[key], list):
            raise _fail(where(node, key), f"{prefix}{key}", f"expected a list of actions, got {describe(fields[key])}")
    try:
        if "metrics" in node:
            if "statistic" in node or "metric" in node:
                key = "statistic" if "statistic" in node else "metric"
                raise SpecError("an alarm on metrics names its metrics and statistics in metrics, not here "
                                "(PutMetricAlarm: Metrics, or MetricName with Statistic, not both)", field=key,
                                kind=INVALID_PARAMETER_VALUE)
            from studycli.sims.alarms.metric_alarm.math import parse_metrics

            fields["math"] = parse_metrics(node["metrics"], engine.validate_period(node["period"]),
                                           node.get("threshold_metric_id"))
        return engine.make_config(**fields)
    except SpecError as err:
        field = err.field or "metrics"
        key = field.split(".")[0].split("[")[0]
        raise _fail(where(node, key if key in node else None), f"{prefix}{field}", err.detail, kind=err.kind) from None


def _inputs(data: Any, config: engine.AlarmConfig, where: Where, prefix: str) -> engine.Inputs:
    if config.math is not None:
        for key in ("datapoints", "samples", "sample_counts"):
            if key in data:
                raise _fail(where(data, key), f"{prefix}{key}", "an alarm on metrics takes series: {id: [...]}, "
                                                                "one list of datapoints per metric")
        series = _series(data, config, where, prefix)
        count = len(next(iter(series.values())))
        values: Sequence[float | None] = ()
        significant = None
    else:
        if "series" in data:
            raise _fail(where(data, "series"), f"{prefix}series", "only an alarm on metrics (alarm.metrics) takes series")
        values, significant = _datapoints(data, config, where, prefix)
        series, count = {}, len(values)
    bands = _band(data, config, count, where, prefix)
    return engine.Inputs(values=values, bands=bands, significant=significant, series=series)


def _number_list(items: Any, field: str, where: Where, allow_null: bool = True) -> Sequence[float | None]:
    """A list of numbers (and nulls) as read: a compact Numbers array stays one (NaN for null)."""
    if hasattr(items, "typecode"):
        if not allow_null or pymath.inf in items or -pymath.inf in items:   # (`in` compares in C)
            for i, v in enumerate(items):
                if (v != v and not allow_null) or v in (pymath.inf, -pymath.inf):
                    raise _fail(where(items, i), f"{field}[{i}]", "expected a finite number" +
                                (" or null" if allow_null else ""))
        return _NaNAsNone(items)
    if not isinstance(items, list):
        raise _fail(where(items, None), field, f"expected a list, got {describe(items)}")
    out: list[float | None] = []
    for i, v in enumerate(items):
        if v is None and allow_null:
            out.append(None)
        elif engine.is_number(v):
            out.append(float(v))
        else:
            raise _fail(where(items, i), f"{field}[{i}]", f"expected a number{' or null' if allow_null else ''}, got "
                                                          f"{describe(v)}")
    return out


class _NaNAsNone(Sequence[float | None]):
    """A Numbers array seen as numbers and None (the JSON nulls), without copying it."""

    def __init__(self, numbers: Any):
        self.numbers = numbers

    def __len__(self) -> int:
        return len(self.numbers)

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, slice):
            return [None if v != v else v for v in self.numbers[index]]
        v = self.numbers[index]
        return None if v != v else v

    def __iter__(self) -> Any:
        return (None if v != v else v for v in self.numbers)


def _datapoints(data: Any, config: engine.AlarmConfig, where: Where, prefix: str
                ) -> tuple[Sequence[float | None], Sequence[bool] | None]:
    has_dp, has_samples = "datapoints" in data, "samples" in data
    if has_dp == has_samples:
        raise _fail(where(data, None), f"{prefix}datapoints",
                    "give exactly one of datapoints (one value per period) or samples (raw values per period)")
    key = "datapoints" if has_dp else "samples"
    items = data[key]
    if not hasattr(items, "typecode") and (not isinstance(items, list) or not items):
        raise _fail(where(data, key), f"{prefix}{key}", f"expected a non-empty list, got {describe(items)}")
    if not len(items):
        raise _fail(where(data, key), f"{prefix}{key}", "expected a non-empty list")
    statistic = config.parsed_statistic
    minimum = engine.low_sample_minimum(statistic) if config.evaluate_low_sample_count_percentile == "ignore" else None
    if has_dp:
        values = _number_list(items, f"{prefix}datapoints", where)
        counts = data.get("sample_counts")
        if counts is None:
            return values, None
        count_list = _number_list(counts, f"{prefix}sample_counts", where, allow_null=False)
        if len(count_list) != len(values):
            raise _fail(where(data, "sample_counts"), f"{prefix}sample_counts",
                        f"expected {len(values)} counts, one per datapoint, got {len(count_list)}")
        if minimum is None:
            return values, None
        return values, [c is not None and c >= minimum for c in count_list]
    if "sample_counts" in data:
        raise _fail(where(data, "sample_counts"), f"{prefix}sample_counts", "samples already say how many there are")
    out: list[float | None] = []
    significant: list[bool] = []
    for i, period in enumerate(items):
        samples = [] if period is None else _number_list(period, f"{prefix}samples[{i}]", where, allow_null=False)
        if period is not None and not hasattr(period, "typecode") and not isinstance(period, list):
            raise _fail(where(items, i), f"{prefix}samples[{i}]",
                        f"expected a list of numbers (raw samples of one period), got {describe(period)}")
        numbers = [float(v) for v in samples if v is not None]
        out.append(engine.aggregate(statistic, numbers))
        significant.append(minimum is None or len(numbers) >= minimum)
    return out, (significant if minimum is not None else None)


def _series(data: Any, config: engine.AlarmConfig, where: Where, prefix: str) -> dict[str, Sequence[float | None]]:
    assert config.math is not None
    node = data.get("series")
    if not isinstance(node, dict):
        raise _fail(where(data, "series" if "series" in data else None), f"{prefix}series",
                    "expected a mapping of metric id -> datapoints (one list per metric of alarm.metrics)")
    wanted = config.math.metric_ids
    series: dict[str, Sequence[float | None]] = {}
    for key in node:
        if key not in wanted:
            raise _fail(where(node, key), f"{prefix}series.{key}", f"not a metric of alarm.metrics ({', '.join(wanted)})")
    for key in wanted:
        if key not in node:
            raise _fail(where(node, None), f"{prefix}series.{key}", "missing (datapoints of this metric)")
        series[key] = _number_list(node[key], f"{prefix}series.{key}", where)
    lengths = {len(v) for v in series.values()}
    if len(lengths) != 1 or 0 in lengths:
        raise _fail(where(node, None), f"{prefix}series", "every metric needs the same number of datapoints (at least 1)")
    return series


def _band(data: Any, config: engine.AlarmConfig, count: int, where: Where, prefix: str
          ) -> list[tuple[float | None, float | None]] | None:
    if not config.band:
        if "band" in data:
            raise _fail(where(data, "band"), f"{prefix}band", "only an anomaly-detection band alarm (a band "
                                                              "comparison operator) takes a band")
        return None
    node = data.get("band")
    if node is None:
        raise _fail(where(data, None), f"{prefix}band", "missing: a band alarm needs the band, "
                                                        "{lower: [...], upper: [...]} with one bound each per period")
    check_keys(node, BAND_KEYS, f"{prefix}band.", where)
    bounds = []
    for key in BAND_KEYS:
        if key not in node:
            raise _fail(where(node, None), f"{prefix}band.{key}", "missing")
        values = _number_list(node[key], f"{prefix}band.{key}", where)
        if len(values) != count:
            raise _fail(where(node, key), f"{prefix}band.{key}", f"expected {count} bounds, one per period, got {len(values)}")
        bounds.append(values)
    for i, (lower, upper) in enumerate(zip(*bounds)):
        if lower is not None and upper is not None and lower > upper:
            raise _fail(where(node["lower"], i), f"{prefix}band.lower[{i}]", f"{lower} is above the upper bound {upper}")
    return list(zip(bounds[0], bounds[1]))


def _forced_states(items: Any, count: int, where: Where, parent: Any, prefix: str) -> tuple[engine.ForcedState, ...]:
    if items is None:
        return ()
    if not isinstance(items, list):
        raise _fail(where(parent, "set_state"), f"{prefix}set_state",
                    f"expected a list of {{after, state, reason}}, got {describe(items)}")
    out = []
    for i, item in enumerate(items):
        field = f"{prefix}set_state[{i}]"
        check_keys(item, SET_STATE_KEYS, field + ".", where)
        after, state = item.get("after"), item.get("state")
        if isinstance(after, bool) or not isinstance(after, int) or not 0 <= after < count:
            raise _fail(where(item, "after"), f"{field}.after",
                        f"expected the index of a datapoint (0-{count - 1}), got {describe(after)}")
        if state not in engine.STATES:
            raise _fail(where(item, "state"), f"{field}.state", f"{state!r} is not one of {', '.join(engine.STATES)}")
        reason = item.get("reason", "set-alarm-state")
        if not isinstance(reason, str) or not reason.strip():
            raise _fail(where(item, "reason"), f"{field}.reason", f"expected text, got {describe(reason)}")
        out.append(engine.ForcedState(after, state, reason))
    return tuple(out)


def simulate(spec: AlarmSpec) -> engine.Run:
    return engine.run(spec.config, spec.inputs, initial_state=spec.initial_state, evaluate=spec.evaluate,
                      forced=spec.forced, evaluation_range=spec.evaluation_range)


def write_json(spec: AlarmSpec, out: Any) -> str:
    """The run as one streamed JSON document (see `engine.write_json`)."""
    return engine.write_json(spec.config, spec.inputs, out, initial_state=spec.initial_state, evaluate=spec.evaluate,
                             forced=spec.forced, evaluation_range=spec.evaluation_range)


def rows(spec: AlarmSpec, lang: str) -> Iterator[engine.Row]:
    """The run as rows of text in the learner's language (see `engine.rows`)."""
    return engine.rows(spec.config, spec.inputs, lang=lang, aws_reasons=False, initial_state=spec.initial_state,
                       evaluate=spec.evaluate, forced=spec.forced, evaluation_range=spec.evaluation_range)


def preflight(spec: AlarmSpec) -> None:
    """Raise now what the run would raise later (a math expression that returns several series), before
    any output is written."""
    math = spec.config.math
    if math is not None and not math.band_only:
        math.evaluate({k: list(v[:1]) for k, v in spec.inputs.series.items()}, 0, spec.config.period)

