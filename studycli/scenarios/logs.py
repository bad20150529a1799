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
from studycli.scenarios.base import Checkpoint, Scenario, checkpoints_by_kind

MATCH_OPTIONS = ("matches / 일치", "does not match / 불일치")
YES_NO = ("yes / 예", "no / 아니오")
STATE_OPTIONS = ("OK", "ALARM", "INSUFFICIENT_DATA")
COMPLIANCE_OPTIONS = ("COMPLIANT", "NON_COMPLIANT", "NOT_APPLICABLE")
NOTIFY_OPTIONS = ("a notification is sent / 알림을 보낸다", "nothing is sent / 알림 없음")
NO_DATA = "no data"


def build_checkpoints(scenario: Scenario) -> list[Checkpoint]:
    builders = {"logs": _logs_checkpoint, "insights": _insights_checkpoint, "config": _config_checkpoint}
    return checkpoints_by_kind(scenario, builders, _Context(scenario), "Logs")


class _Context:
    def __init__(self, scenario: Scenario):
        self.scenario = scenario
        self.setup = scenario.setup if isinstance(scenario.setup, dict) else {}
        self._alarm_run = None
        self._events = None

    def need(self, key: str) -> Any:
        if key not in self.setup:
            raise SpecError(f"setup.{key} is needed for this prediction")
        return self.setup[key]

    def metric_run(self):
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

    def log_events(self):
        if self._events is None:
            from studycli.sims.logs.insights import events_from_lines

            self._events = events_from_lines(str(self.need("log")).splitlines())
        return self._events

    def resource(self, resource_id: str) -> dict:
        for resource in self.need("resources"):
            if resource.get("id") == resource_id:
                return dict(resource)
        raise SpecError(f"resource {resource_id!r} is not in setup.resources")


def _options(raw: dict) -> list[str]:
    options = raw.get("options")
    if not isinstance(options, list) or len(options) < 2:
        raise SpecError("options: give at least two candidate answers")
    return [str(o) for o in options]


def _pick(options: list[str] | tuple[str, ...], truth: str) -> int:
    matches = [i for i, option in enumerate(options) if option == truth]
    if len(matches) != 1:
        raise SpecError(f"the engine's answer {truth!r} must be exactly one of the options {list(options)}")
    return matches[0]


def _number(value: float | None) -> str:
    if value is None:
        return NO_DATA
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def _checkpoint(raw: dict, options, truth: str, explanation: dict) -> Checkpoint:
    options = tuple(options)
    return Checkpoint(str(raw["id"]), dict(raw["ask"]), options, _pick(options, truth), explanation)


# --------------------------------------------------------------------------- logs

def _logs_checkpoint(ctx: _Context, raw: dict) -> Checkpoint:
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


def _match(ctx: _Context, raw: dict) -> Checkpoint:
    from studycli.sims.logs.filter_pattern import parse_filter_pattern

    text = raw.get("pattern", ctx.setup.get("pattern"))
    if text is None:
        raise SpecError("no pattern in the checkpoint or in setup.pattern")
    event = raw.get("event")
    if not isinstance(event, str):
        raise SpecError("event: give the log event as one line of text")
    result = parse_filter_pattern(str(text)).match(event)
    fields = ", ".join(f"{k}={v if isinstance(v, str) else json.dumps(v)}" for k, v in result.fields.items())
    extra_en = f" Extracted: {fields}." if fields else ""
    extra_ko = f" 추출된 값: {fields}." if fields else ""
    verdict_ko = "일치한다" if result.matched else "일치하지 않는다"
    return _checkpoint(raw, MATCH_OPTIONS, MATCH_OPTIONS[0 if result.matched else 1], {
        "ko": f"패턴 {text} 은(는) 이 이벤트와 {verdict_ko}: {_reason_ko(result.reason)}.{extra_ko}",
        "en": f"Pattern {text} {'matches' if result.matched else 'does not match'}: {result.reason}.{extra_en}"})


def _reason_ko(reason: str) -> str:
    """The engine's reasons are English; give Korean readers the gist with the same details."""
    table = [("the event does not contain", "이벤트에 없는 항목"), ("the event contains the excluded term",
             "제외(-) 항목이 이벤트에 있음"), ("the event contains none of", "? 항목이 하나도 없음"),
             ("the event contains", "? 항목 중 하나가 있음"),
             ("every required term is present", "필수 항목이 모두 있고 제외 항목은 없음"),
             ("the JSON conditions hold", "JSON 조건이 성립"), ("the JSON conditions do not hold", "JSON 조건이 불성립"),
             ("the event is not JSON", "이벤트가 JSON이 아님"), ("every field condition holds", "모든 필드 조건이 성립"),
             ("a field condition does not hold", "어떤 필드 조건이 불성립"), ("the event has", "필드 개수가 다름"),
             ("the regex", "정규식 결과"), ("an empty pattern", "빈 패턴은 모든 이벤트와 일치")]
    for english, korean in table:
        if reason.startswith(english):
            return f"{korean} ({reason})"
    return reason


def _metric(ctx: _Context, raw: dict) -> Checkpoint:
    datapoints, _ = ctx.metric_run()
    minute = int(raw["minute"])
    if not 0 <= minute < len(datapoints):
        raise SpecError(f"minute {minute} is outside the {len(datapoints)} simulated minutes")
    point = datapoints[minute]
    truth = _number(None if point is None else point.sum)
    if point is None:
        why = {"ko": "그 1분 동안 수집된 로그가 없어 값이 보고되지 않는다 (기본값이 있어도 마찬가지).",
               "en": "No log events were ingested in that minute, so nothing is reported (even with a default value)."}
    elif point.matches == 0:
        why = {"ko": f"로그 {point.events}개가 들어왔지만 일치하는 것이 없어 기본값이 보고된다: 합계 {truth}.",
               "en": f"{point.events} events arrived but none matched, so the default value is reported: Sum {truth}."}
    else:
        why = {"ko": f"그 1분 동안 로그 {point.events}개 중 {point.matches}개가 패턴과 일치했다: 합계 {truth}.",
               "en": f"{point.matches} of the {point.events} events in that minute matched: Sum {truth}."}
    return _checkpoint(raw, _options(raw), truth, why)


def _alarm(ctx: _Context, raw: dict) -> Checkpoint:
    datapoints, run = ctx.metric_run()
    if run is None:
        raise SpecError("setup.alarm is needed for predict: alarm")
    minute = int(raw["minute"])
    steps = [s for s in run.steps if s.index == minute and s.kind == "evaluation"]
    if not steps:
        raise SpecError(f"minute {minute} is outside the {len(datapoints)} simulated minutes")
    step = steps[-1]
    return _checkpoint(raw, STATE_OPTIONS, step.state, {"ko": step.reason_ko, "en": step.reason})


def _delivery(raw: dict) -> Checkpoint:
    from studycli.sims.logs import logs_delivery as ld

    need = dict(raw["need"])
    decision = ld.choose_delivery(ld.DeliveryNeed(str(need["target"]), bool(need.get("realtime", False)),
                                                  bool(need.get("same_region", True))))
    steps = " → ".join(decision.steps)
    return _checkpoint(raw, ld.MECHANISMS, decision.mechanism,
                       {"ko": f"{decision.reasons['ko']} (API: {steps})", "en": f"{decision.reasons['en']} (API: {steps})"})


def _cross_account(raw: dict) -> Checkpoint:
    from studycli.sims.logs import logs_delivery as ld

    spec = dict(raw["destination"])
    destination = ld.Destination(str(spec["name"]), str(spec["account"]), str(spec["region"]), str(spec["target"]),
                                 spec.get("role_arn"), tuple(str(a) for a in spec.get("allowed_accounts", [])),
                                 spec.get("allowed_organization"))
    group_spec = dict(raw.get("log_group", {}))
    group = ld.LogGroup(str(group_spec.get("name", "/app")), str(group_spec.get("region", destination.region)),
                        tuple(group_spec.get("subscription_filters", [])))
    check = ld.check_cross_account(str(raw["sender"]), group, destination, raw.get("sender_organization"))
    if check.allowed:
        why = {"ko": f"같은 리전, IAM 역할, 발신 계정을 허용하는 access policy가 모두 있어 {destination.arn} 으로 전달된다.",
               "en": f"Same Region, a role for CloudWatch Logs, and an access policy allowing the sender: events flow "
                     f"to {destination.arn}."}
    else:
        why = {"ko": " ".join(p["ko"] for p in check.problems), "en": " ".join(p["en"] for p in check.problems)}
    return _checkpoint(raw, YES_NO, YES_NO[0 if check.allowed else 1], why)


def _export_ready(raw: dict) -> Checkpoint:
    from studycli.sims.logs import logs_delivery as ld

    hours = float(raw["age_hours"])
    ready = ld.exportable_yet(hours) is True
    why = {"ko": f"로그 데이터가 내보내기 가능해지기까지 최대 {ld.EXPORT_AVAILABILITY_HOURS}시간이 걸릴 수 있다. "
                 f"{hours:g}시간 전 데이터는 {'확실히 내보낼 수 있다' if ready else '아직 빠질 수 있다'}.",
           "en": f"Log data can take up to {ld.EXPORT_AVAILABILITY_HOURS} hours to become available for export; "
                 f"data {hours:g} h old is {'surely exportable' if ready else 'possibly not exportable yet'}."}
    return _checkpoint(raw, YES_NO, YES_NO[0 if ready else 1], why)


# --------------------------------------------------------------------------- insights

def _insights_checkpoint(ctx: _Context, raw: dict) -> Checkpoint:
    from studycli.sims.logs.insights import run_query

    predict = raw.get("predict", "rows")
    query = str(raw["query"])
    result = run_query(query, ctx.log_events())
    table = result.to_json()
    if predict == "rows":
        truth = str(len(table["rows"]))
        return _checkpoint(raw, _options(raw), truth, {
            "ko": f"쿼리 `{query}` 는 레코드 {result.records_scanned}개를 훑어 {result.records_matched}개가 걸렸고, "
                  f"결과 행은 {truth}개다.",
            "en": f"`{query}` scans {result.records_scanned} records, {result.records_matched} match, and "
                  f"{truth} row(s) come back."})
    if predict == "value":
        row, column = int(raw["row"]), str(raw["column"])
        if not 0 <= row < len(table["rows"]) or column not in table["columns"]:
            raise SpecError(f"row {row} / column {column!r} is not in the result ({len(table['rows'])} rows, "
                            f"columns {table['columns']})")
        value = table["rows"][row][column]
        truth = _number(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else str(value)
        shown = "; ".join(", ".join(f"{c}={_number(v) if isinstance(v, (int, float)) else v}" for c, v in r.items())
                          for r in table["rows"][:5])
        return _checkpoint(raw, _options(raw), truth, {
            "ko": f"`{query}` 결과의 {row + 1}번째 행 {column} = {truth}. 결과: {shown}",
            "en": f"Row {row + 1} of `{query}` has {column} = {truth}. Result: {shown}"})
    raise SpecError(f"predict: unknown prediction {predict!r} (rows, value)")


# --------------------------------------------------------------------------- config

def _config_checkpoint(ctx: _Context, raw: dict) -> Checkpoint:
    from studycli.sims.config import config_rules as cr

    predict = raw.get("predict", "compliance")
    if predict == "compliance":
        evaluation = cr.evaluate(str(raw["rule"]), ctx.resource(str(raw["resource"])))
        return _checkpoint(raw, COMPLIANCE_OPTIONS, evaluation.compliance, evaluation.annotation)
    if predict == "notification":
        evaluation = cr.evaluate(str(raw["rule"]), ctx.resource(str(raw["resource"])))
        previous = raw.get("previous")
        sent = cr.compliance_notifications({evaluation.resource_id: previous} if previous else {}, [evaluation])
        if sent:
            why = {"ko": f"준수 상태가 {previous or '없음'} → {evaluation.compliance}(으)로 바뀌어 SNS(ComplianceChange"
                         "Notification)와 EventBridge(Config Rules Compliance Change)로 알린다.",
                   "en": f"Compliance changed from {previous or 'nothing'} to {evaluation.compliance}, so Config tells "
                         "SNS (ComplianceChangeNotification) and EventBridge (Config Rules Compliance Change)."}
        else:
            why = {"ko": f"준수 상태가 {evaluation.compliance} 그대로라 준수 변경 알림은 없다.",
                   "en": f"Compliance stays {evaluation.compliance}, so there is no compliance-change notification."}
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
        return _checkpoint(raw, _options(raw), truth, {
            "ko": f"구성 항목 {data['configuration_items']:,}개 x ${data['price_per_item']} = ${data['items_cost']:,.2f}, "
                  f"규칙 평가 {tiers} = ${data['evaluations_cost']:,.2f}. 합계 {truth}. (노트의 '3센트'는 틀렸다: "
                  "연속 기록은 $0.003)",
            "en": f"{data['configuration_items']:,} items x ${data['price_per_item']} = ${data['items_cost']:,.2f}; "
                  f"evaluations {tiers} = ${data['evaluations_cost']:,.2f}. Total {truth}. (The notes' '3 cents' is "
                  "wrong: continuous recording is $0.003.)"})
    raise SpecError(f"predict: unknown prediction {predict!r} (compliance, notification, remediation, cost)")
