"""Metric math alarms: named metrics, expressions over them, and the one series the alarm watches.

What PutMetricAlarm's `Metrics` accepts ("Alarms on math expressions", "Metric math syntax
and functions"): up to 20 queries, at most 10 that retrieve a metric (`MetricStat`) and at
most 10 expressions; ids start with a lower-case letter; every metric uses the alarm's
period; exactly one query returns data (the series the alarm watches), or, for an
anomaly-detection alarm, the metric and its `ANOMALY_DETECTION_BAND` (the
ThresholdMetricId). A `SEARCH` expression cannot be alarmed on; `INSIGHT_RULE_METRIC`
and `SERVICE_QUOTA` read data that only AWS has, so the simulator names them as not
simulated.

Evaluation follows how an alarm fetches data: at each evaluation the expression is
computed over the evaluation range (the periods fetched), so functions that reduce a
series to one number (AVG, SUM, MIN, MAX, STDDEV, DATAPOINT_COUNT of one series) act on
that range, as the docs warn. Arithmetic on a missing value, a division by zero or a
logarithm of a non-positive number gives no datapoint. The grammar and the functions are
in `mathexpr`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from studycli.errors import INVALID_PARAMETER_VALUE, SpecError
from studycli.sims.alarms.metric_alarm.mathexpr import Node, Series, evaluate, parse_expression, references

MAX_METRICS = 10
MAX_EXPRESSIONS = 10
ID_RE = re.compile(r"^[a-z][a-zA-Z0-9_]{0,254}$")
QUERY_KEYS = ("id", "metric", "namespace", "statistic", "period", "expression", "return_data", "label")


@dataclass(frozen=True)
class MetricQuery:
    """One MetricDataQuery: a metric to retrieve (MetricStat) or an expression."""

    id: str
    metric: str | None = None
    namespace: str | None = None
    statistic: str | None = None
    period: int | None = None
    expression: str | None = None
    tree: Node | None = None
    return_data: bool = False
    label: str | None = None


@dataclass(frozen=True)
class MathAlarm:
    queries: tuple[MetricQuery, ...]
    returned: str                   # the id of the series the alarm watches
    band_id: str | None = None      # ThresholdMetricId: the ANOMALY_DETECTION_BAND expression

    @property
    def metric_ids(self) -> tuple[str, ...]:
        """The metrics whose datapoints the spec must give (`series: {id: [...]}`)."""
        return tuple(q.id for q in self.queries if q.expression is None)

    @property
    def band_only(self) -> bool:
        """An anomaly-detection alarm on a plain metric (no arithmetic to compute)."""
        return self.band_id is not None and self.by_id(self.returned).expression is None

    def by_id(self, query_id: str) -> MetricQuery:
        return next(q for q in self.queries if q.id == query_id)

    def evaluate(self, window: Mapping[str, Sequence[float | None]], first_slot: int, period: int) -> list[float | None]:
        """The watched series over one evaluation window (each metric's datapoints, oldest first)."""
        cache: dict[str, Any] = {}

        def value_of(query_id: str) -> Any:
            if query_id not in cache:
                query = self.by_id(query_id)
                if query.tree is None:
                    cache[query_id] = list(window[query_id])
                else:
                    cache[query_id] = evaluate(query.tree, value_of, metrics, first_slot, period, len(next(
                        iter(window.values()))))
            return cache[query_id]

        metrics = tuple(self.metric_ids)
        result = value_of(self.returned)
        if isinstance(result, Series):
            raise SpecError(f"the expression {self.returned!r} returns {len(result.items)} time series; an alarm "
                            f"watches exactly one", field="metrics", kind=INVALID_PARAMETER_VALUE)
        if isinstance(result, float):
            return [result] * len(next(iter(window.values())))
        return list(result)


def _fail(message: str, field: str = "metrics") -> SpecError:
    return SpecError(message, field=field, kind=INVALID_PARAMETER_VALUE)


def parse_metrics(items: Any, period: int, threshold_metric_id: str | None) -> MathAlarm:
    """Validate the `metrics` list of a spec (PutMetricAlarm's Metrics)."""
    if not isinstance(items, list) or not items:
        raise _fail("expected a non-empty list of queries ({id, metric, statistic} or {id, expression})")
    queries: list[MetricQuery] = []
    for i, item in enumerate(items):
        queries.append(_query(item, i, period))
    ids = [q.id for q in queries]
    for query_id in ids:
        if ids.count(query_id) > 1:
            raise _fail(f"the id {query_id!r} is used twice")
    metrics = [q for q in queries if q.expression is None]
    expressions = [q for q in queries if q.expression is not None]
    if len(metrics) > MAX_METRICS or len(expressions) > MAX_EXPRESSIONS:
        raise _fail(f"{len(metrics)} metrics and {len(expressions)} expressions; an alarm takes at most "
                    f"{MAX_METRICS} of each")
    for query in expressions:
        assert query.tree is not None
        for name in references(query.tree):
            if name not in ids:
                raise _fail(f"the expression {query.id!r} names {name!r}, which is not the id of a query")
    _check_cycles(queries)
    band_id = threshold_metric_id
    if band_id is not None:
        band = next((q for q in queries if q.id == band_id), None)
        if band is None or band.expression is None or not band.expression.replace(" ", "").upper().startswith(
                "ANOMALY_DETECTION_BAND("):
            raise _fail(f"threshold_metric_id {band_id!r} must be the id of an ANOMALY_DETECTION_BAND(...) "
                        f"expression", field="threshold_metric_id")
        assert band.tree is not None
        watched = sorted(references(band.tree))
        returned = [q.id for q in queries if q.return_data and q.id != band_id]
        if returned and returned != watched[:1]:
            raise _fail(f"the band is built for {watched[0]!r}, so that is the query that returns data")
        return MathAlarm(tuple(queries), watched[0], band_id)
    returned = [q.id for q in queries if q.return_data]
    if len(returned) != 1:
        raise _fail(f"exactly one query must have return_data: true (the series the alarm watches), not "
                    f"{len(returned)}")
    return MathAlarm(tuple(queries), returned[0])


def _query(item: Any, index: int, period: int) -> MetricQuery:
    where = f"metrics[{index}]"
    if not isinstance(item, dict):
        raise _fail(f"expected a mapping, got {item!r}", where)
    for key in item:
        if key not in QUERY_KEYS:
            raise _fail(f"unknown key {key!r} (allowed: {', '.join(QUERY_KEYS)})", where)
    query_id = item.get("id")
    if not isinstance(query_id, str) or not ID_RE.match(query_id):
        raise _fail(f"id {query_id!r} must start with a lower-case letter, then letters, digits or _", f"{where}.id")
    return_data = item.get("return_data", False)
    if not isinstance(return_data, bool):
        raise _fail(f"expected true or false, got {return_data!r}", f"{where}.return_data")
    expression = item.get("expression")
    if expression is not None:
        for key in ("metric", "namespace", "statistic", "period"):
            if key in item:
                raise _fail(f"a query has a metric or an expression, not both ({key!r} with expression)", where)
        if not isinstance(expression, str) or not expression.strip():
            raise _fail("expected an expression such as (m1 / m2) * 100", f"{where}.expression")
        tree = parse_expression(expression, f"{where}.expression")
        return MetricQuery(query_id, expression=expression, tree=tree, return_data=return_data,
                           label=item.get("label"))
    if not isinstance(item.get("metric"), str):
        raise _fail("a query needs a metric name (metric) or an expression", where)
    from studycli.sims.alarms.metric_alarm.statistics import validate_statistic

    statistic = validate_statistic(item.get("statistic", "Average"))
    query_period = item.get("period", period)
    if query_period != period:
        raise _fail(f"every metric of a math alarm uses the alarm's period ({period} s), not {query_period!r}",
                    f"{where}.period")
    return MetricQuery(query_id, metric=item["metric"], namespace=item.get("namespace"), statistic=statistic,
                       period=period, return_data=return_data, label=item.get("label"))


def _check_cycles(queries: list[MetricQuery]) -> None:
    graph = {q.id: set(references(q.tree)) if q.tree is not None else set() for q in queries}
    done: set[str] = set()

    def visit(node: str, path: tuple[str, ...]) -> None:
        if node in path:
            raise _fail(f"the expressions refer to each other in a circle: {' -> '.join((*path, node))}")
        if node in done:
            return
        for nxt in graph.get(node, ()):
            visit(nxt, (*path, node))
        done.add(node)

    for query_id in graph:
        visit(query_id, ())
