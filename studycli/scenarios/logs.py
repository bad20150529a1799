"""Scenario adapter for kinds `logs`, `insights` and `config`: the engines compute every answer.

logs (setup: optional `pattern`, `metric_filter`, `alarm`, `events`, `periods`):
  - `predict: match`         with `event` (and optional `pattern`): does the filter pattern match?
  - `predict: metric`        with `minute` (0-based) and numeric `options`: the metric filter's
                             Sum for that minute ("no data" when nothing was reported)
  - `predict: alarm`         with `minute`: the alarm's state after evaluating that minute
  - `predict: delivery`      with `need: {target, realtime, same_region}`: which mechanism
  - `predict: cross-account` with `sender`, `log_group: {region, subscription_filters}` and
                             `destination: {...}`: is the subscription accepted?
  - `predict: export-ready`  with `age_hours`: is the data surely exportable yet?
insights (setup: `log`, the log file's text):
  - `predict: rows`          with `query` and numeric `options`: how many rows come back
  - `predict: value`         with `query`, `row`, `column` and `options`: one cell of the result
config (setup: `resources`, a list of resource dicts with id and type):
  - `predict: compliance`    with `rule` and `resource` (an id)
  - `predict: notification`  with `rule`, `resource` and `previous` (the last compliance, or none)
  - `predict: remediation`   with `remediation: {target_id, maximum_automatic_attempts?,
                             retry_attempt_seconds?}`, `succeeds_on_attempt` (null: never) and
                             numeric `options`: how many attempts Config makes
  - `predict: cost`          with `items`, `evaluations`, optional `recording` and `options`
                             like "$80.00": the monthly bill

Options written in a file are candidates only: the answer is the one equal to what the
engine computes, and a file whose options miss it is a content error naming file:line.
"""

from __future__ import annotations

import json
from typing import Any

from studycli.errors import SpecError
from studycli.i18n import Msg
from studycli.scenarios.base import Checkpoint, Scenario, Text, each_checkpoint
from studycli.sims.text import joined

MATCH_OPTIONS: tuple[Text, ...] = (Msg("scenario.option.matches"), Msg("scenario.option.does_not_match"))
YES_NO: tuple[Text, ...] = (Msg("scenario.option.yes"), Msg("scenario.option.no"))
STATE_OPTIONS = ("OK", "ALARM", "INSUFFICIENT_DATA")
COMPLIANCE_OPTIONS = ("COMPLIANT", "NON_COMPLIANT", "NOT_APPLICABLE")
NOTIFY_OPTIONS: tuple[Text, ...] = (Msg("scenario.option.notification_sent"), Msg("scenario.option.nothing_sent"))
NO_DATA = "no data"     # how a file writes "nothing reported" among its options
SHOWN = {NO_DATA: Msg("scenario.option.no_data")}


def logs_checkpoints(scenario: Scenario) -> list[Checkpoint]:
    return each_checkpoint(scenario, _logs_checkpoint, _Context(scenario))


def insights_checkpoints(scenario: Scenario) -> list[Checkpoint]:
    return each_checkpoint(scenario, _insights_checkpoint, _Context(scenario))


def config_checkpoints(scenario: Scenario) -> list[Checkpoint]:
    return each_checkpoint(scenario, _config_checkpoint, _Context(scenario))


class _Context:
    def __init__(self, scenario: Scenario):
        self.scenario = scenario
        self.setup = scenario.setup if isinstance(scenario.setup, dict) else {}
        self._alarm_run: tuple[list[Any], Any] | None = None
        self._events: list[dict[str, Any]] | None = None

    def need(self, key: str) -> Any:
        if key not in self.setup:
            raise SpecError(f"setup.{key} is needed for this prediction")
        return self.setup[key]

    def metric_run(self) -> tuple[list[Any], Any]:
        """(datapoints, alarm run or None) for setup.metric_filter over setup.events."""
        if self._alarm_run is None:
            from studycli.sims.alarms import alarm
            from studycli.sims.logs.metric_filter import LogEvent, MetricFilter, feed_alarm, metric_datapoints

            spec = self.need("metric_filter")
            metric_filter = MetricFilter.build(str(spec["pattern"]), metric_value=spec.get("metric_value", "1"),
                                               default_value=spec.get("default_value"))
            events = [LogEvent(float(e["at"]), str(e["message"])) for e in self.need("events")]
            periods = int(self.setup.get("periods", 1 + max((int(e.at // 60) for e in events), default=0)))
            if "alarm" in self.setup:
                config = alarm.make_config(**dict(self.setup["alarm"]))
                self._alarm_run = feed_alarm(metric_filter, events, config, 0, periods)
            else:
                self._alarm_run = (metric_datapoints(metric_filter, events, 0, periods), None)
        return self._alarm_run

    def log_events(self) -> list[dict[str, Any]]:
        if self._events is None:
            from studycli.sims.logs.insights import events_from_lines

            self._events = events_from_lines(str(self.need("log")).splitlines())
        return self._events

    def resource(self, resource_id: str) -> dict[str, Any]:
        for resource in self.need("resources"):
            if resource.get("id") == resource_id:
                return dict(resource)
        raise SpecError(f"resource {resource_id!r} is not in setup.resources")


def _options(raw: dict[str, Any]) -> list[str]:
    options = raw.get("options")
    if not isinstance(options, list) or len(options) < 2:
        raise SpecError("options: give at least two candidate answers")
    return [str(o) for o in options]


def _pick(options: tuple[Text, ...], truth: Text) -> int:
    matches = [i for i, option in enumerate(options) if option == truth]
    if len(matches) != 1:
        raise SpecError(f"the engine's answer {truth!r} must be exactly one of the options {list(options)}")
    return matches[0]


def _number(value: float | None) -> str:
    if value is None:
        return NO_DATA
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def _checkpoint(raw: dict[str, Any], options: Any, truth: Text, explanation: Msg) -> Checkpoint:
    """The answer is the option equal to the engine's; options a file wrote show in the learner's words."""
    options = tuple(options)
    shown = tuple(SHOWN.get(o, o) if isinstance(o, str) else o for o in options)
    return Checkpoint(str(raw["id"]), dict(raw["ask"]), shown, _pick(options, truth), explanation)


# --------------------------------------------------------------------------- logs

def _logs_checkpoint(ctx: _Context, raw: dict[str, Any]) -> Checkpoint:
    predict = raw.get("predict", "match")
    if predict == "match":
        return _match(ctx, raw)
    if predict == "metric":
        return _metric(ctx, raw)
    if predict == "alarm":
        return _alarm(ctx, raw)
    if predict == "delivery":
        return _delivery(raw)
    if predict == "cross-account":
        return _cross_account(raw)
    if predict == "export-ready":
        return _export_ready(raw)
    raise SpecError(f"predict: unknown prediction {predict!r} (match, metric, alarm, delivery, cross-account, "
                    "export-ready)")


def _match(ctx: _Context, raw: dict[str, Any]) -> Checkpoint:
    from studycli.sims.logs.filter_pattern import parse_filter_pattern

    text = raw.get("pattern", ctx.setup.get("pattern"))
    if text is None:
        raise SpecError("no pattern in the checkpoint or in setup.pattern")
    event = raw.get("event")
    if not isinstance(event, str):
        raise SpecError("event: give the log event as one line of text")
    result = parse_filter_pattern(str(text)).match(event)
    fields = ", ".join(f"{k}={v if isinstance(v, str) else json.dumps(v)}" for k, v in result.fields.items())
    return _checkpoint(raw, MATCH_OPTIONS, MATCH_OPTIONS[0 if result.matched else 1], Msg(
        "scenario.logs.match" if result.matched else "scenario.logs.no_match",
        {"pattern": text, "reason": result.reason,
         "extracted": Msg("scenario.logs.extracted", {"fields": fields}) if fields else ""}))


def _metric(ctx: _Context, raw: dict[str, Any]) -> Checkpoint:
    datapoints, _ = ctx.metric_run()
    minute = int(raw["minute"])
    if not 0 <= minute < len(datapoints):
        raise SpecError(f"minute {minute} is outside the {len(datapoints)} simulated minutes")
    point = datapoints[minute]
    truth = _number(None if point is None else point.sum)
    if point is None:
        why = Msg("scenario.logs.metric.no_events")
    elif point.matches == 0:
        why = Msg("scenario.logs.metric.default", {"events": point.events, "sum": truth})
    else:
        why = Msg("scenario.logs.metric.matches", {"matches": point.matches, "events": point.events, "sum": truth})
    return _checkpoint(raw, _options(raw), truth, why)


def _alarm(ctx: _Context, raw: dict[str, Any]) -> Checkpoint:
    datapoints, run = ctx.metric_run()
    if run is None:
        raise SpecError("setup.alarm is needed for predict: alarm")
    minute = int(raw["minute"])
    steps = [s for s in run.steps if s.index == minute and s.kind == "evaluation"]
    if not steps:
        raise SpecError(f"minute {minute} is outside the {len(datapoints)} simulated minutes")
    step = steps[-1]
    return _checkpoint(raw, STATE_OPTIONS, step.state, step.why)


def _delivery(raw: dict[str, Any]) -> Checkpoint:
    from studycli.sims.logs import logs_delivery as ld

    need = dict(raw["need"])
    decision = ld.choose_delivery(ld.DeliveryNeed(str(need["target"]), bool(need.get("realtime", False)),
                                                  bool(need.get("same_region", True))))
    options = tuple(ld.mechanism_name(m) for m in ld.MECHANISMS)
    return _checkpoint(raw, options, ld.mechanism_name(decision.mechanism), Msg(
        "scenario.logs.delivery", {"why": decision.reasons, "steps": " → ".join(decision.steps)}))


def _cross_account(raw: dict[str, Any]) -> Checkpoint:
    from studycli.sims.logs import logs_delivery as ld

    spec = dict(raw["destination"])
    destination = ld.Destination(str(spec["name"]), str(spec["account"]), str(spec["region"]), str(spec["target"]),
                                 spec.get("role_arn"), tuple(str(a) for a in spec.get("allowed_accounts", [])),
                                 spec.get("allowed_organization"))
    group_spec = dict(raw.get("log_group", {}))
    group = ld.LogGroup(str(group_spec.get("name", "/app")), str(group_spec.get("region", destination.region)),
                        tuple(group_spec.get("subscription_filters", [])))
    check = ld.check_cross_account(str(raw["sender"]), group, destination, raw.get("sender_organization"))
    why = (Msg("scenario.logs.cross_account_ok", {"arn": destination.arn}) if check.allowed
           else joined(list(check.problems)))
    return _checkpoint(raw, YES_NO, YES_NO[0 if check.allowed else 1], Msg("scenario.logs.why", {"why": why}))


def _export_ready(raw: dict[str, Any]) -> Checkpoint:
    from studycli.sims.logs import logs_delivery as ld

    hours = float(raw["age_hours"])
    ready = ld.exportable_yet(hours) is True
    why = Msg("scenario.logs.export_ready" if ready else "scenario.logs.export_not_yet",
              {"limit": ld.EXPORT_AVAILABILITY_HOURS, "hours": f"{hours:g}"})
    return _checkpoint(raw, YES_NO, YES_NO[0 if ready else 1], why)


# --------------------------------------------------------------------------- insights

def _insights_checkpoint(ctx: _Context, raw: dict[str, Any]) -> Checkpoint:
    from studycli.sims.logs.insights import run_query

    predict = raw.get("predict", "rows")
    query = str(raw["query"])
    result = run_query(query, ctx.log_events())
    table = result.to_json()
    if predict == "rows":
        truth = str(len(table["rows"]))
        return _checkpoint(raw, _options(raw), truth, Msg("scenario.insights.rows", {
            "query": query, "scanned": result.records_scanned, "matched": result.records_matched, "rows": truth}))
    if predict == "value":
        row, column = int(raw["row"]), str(raw["column"])
        if not 0 <= row < len(table["rows"]) or column not in table["columns"]:
            raise SpecError(f"row {row} / column {column!r} is not in the result ({len(table['rows'])} rows, "
                            f"columns {table['columns']})")
        value = table["rows"][row][column]
        truth = _number(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else str(value)
        shown = "; ".join(", ".join(f"{c}={_number(v) if isinstance(v, (int, float)) else v}" for c, v in r.items())
                          for r in table["rows"][:5])
        return _checkpoint(raw, _options(raw), truth, Msg("scenario.insights.value", {
            "query": query, "row": row + 1, "column": column, "value": truth, "result": shown}))
    raise SpecError(f"predict: unknown prediction {predict!r} (rows, value)")


# --------------------------------------------------------------------------- config

def _config_checkpoint(ctx: _Context, raw: dict[str, Any]) -> Checkpoint:
    from studycli.sims.config import config_rules as cr

    predict = raw.get("predict", "compliance")
    if predict == "compliance":
        evaluation = cr.evaluate(str(raw["rule"]), ctx.resource(str(raw["resource"])))
        return _checkpoint(raw, COMPLIANCE_OPTIONS, evaluation.compliance, evaluation.annotation)
    if predict == "notification":
        evaluation = cr.evaluate(str(raw["rule"]), ctx.resource(str(raw["resource"])))
        previous = raw.get("previous")
        sent = cr.compliance_notifications({evaluation.resource_id: previous} if previous else {}, [evaluation])
        before = previous or Msg("scenario.option.nothing")
        why = (Msg("scenario.config.notified", {"previous": before, "compliance": evaluation.compliance}) if sent
               else Msg("scenario.config.unchanged", {"compliance": evaluation.compliance}))
        return _checkpoint(raw, NOTIFY_OPTIONS, NOTIFY_OPTIONS[0 if sent else 1], why)
    if predict == "remediation":
        spec = dict(raw["remediation"])
        config = cr.RemediationConfiguration(
            str(raw.get("rule", "rule")), str(spec["target_id"]), bool(spec.get("automatic", True)),
            spec.get("maximum_automatic_attempts", cr.DEFAULT_MAX_ATTEMPTS),
            spec.get("retry_attempt_seconds", cr.DEFAULT_RETRY_SECONDS))
        result = cr.run_auto_remediation(config, raw.get("succeeds_on_attempt"))
        return _checkpoint(raw, _options(raw), str(len(result.attempts)), result.explanation)
    if predict == "cost":
        estimate = cr.config_cost(int(raw["items"]), int(raw["evaluations"]), str(raw.get("recording", "continuous")))
        data = estimate.to_json()
        truth = f"${data['total']:,.2f}"
        tiers = " + ".join(f"{t['evaluations']:,} x ${t['price']}" for t in data["evaluation_tiers"]) or "0"
        return _checkpoint(raw, _options(raw), truth, Msg("scenario.config.cost", {
            "items": f"{data['configuration_items']:,}", "price": data["price_per_item"],
            "items_cost": f"{data['items_cost']:,.2f}", "tiers": tiers,
            "evaluations_cost": f"{data['evaluations_cost']:,.2f}", "total": truth}))
    raise SpecError(f"predict: unknown prediction {predict!r} (compliance, notification, remediation, cost)")
