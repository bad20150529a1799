"""Scenario adapter for kinds `eventbridge`, `schedule` and `cloudtrail`.

The learner predicts; the engines answer. Every checkpoint names what to predict:

eventbridge (setup: `pattern` and/or `bus`, optional `events` already sent):
  - `predict: match`     with `event` (and optional `pattern`): does the rule's pattern match?
  - `predict: delivery`  with `event`, optional `sender` account, and `options`: which
                         targets get it ("rejected" or "none" when nothing does)
  - `predict: replay`    with `replay: {archive, start, end, now}` and numeric `options`:
                         how many archived events are sent again
schedule:
  - `predict: next-run`  with `expression`, `after` and `options` (ISO times)
  - `predict: valid`     with `expression`
cloudtrail:
  - `predict: category`  with `api` and `service`: management read/write or data read/write
  - `predict: logged`    with `api` and `service`: logged with no setup (Event history)?
  - `predict: elb`       with `question` (an id of cloudtrail.ELB_QUESTIONS): which service answers

Options written in the file are only candidates: the answer is the one equal to what the
engine computes, and a file whose options miss the engine's answer is a content error.
"""

from __future__ import annotations

from typing import Any

from studycli.errors import ContentError, SpecError
from studycli.scenarios.base import Checkpoint, Scenario, checkpoints_by_kind

MATCH_OPTIONS = ("matches / 일치", "does not match / 불일치")
YES_NO = ("yes / 예", "no / 아니오")
VALID_OPTIONS = ("valid / 유효", "invalid / 무효")
CATEGORY_OPTIONS = ("Management, read", "Management, write", "Data, read", "Data, write", "Insights")
ELB_SERVICES = ("CloudTrail", "Config", "CloudWatch")


def build_checkpoints(scenario: Scenario) -> list[Checkpoint]:
    builders = {"eventbridge": _eventbridge_checkpoint, "schedule": _schedule_checkpoint,
                "cloudtrail": _cloudtrail_checkpoint}
    return checkpoints_by_kind(scenario, builders, _Context(scenario), "EventBridge")


class _Context:
    """What a scenario's setup gives every checkpoint: the pattern, the bus and its history."""

    def __init__(self, scenario: Scenario):
        self.scenario = scenario
        setup = scenario.setup if isinstance(scenario.setup, dict) else {}
        self.setup = setup
        self._pattern = None
        self._bus = None

    def fail(self, node: Any, key: str, message: str) -> ContentError:
        return ContentError([f"{self.scenario.where(node, key)}: {key}: {message}"])

    def pattern(self, raw: dict):
        from studycli.sims.eventbridge.event_pattern import parse_pattern

        text = raw.get("pattern", self.setup.get("pattern"))
        if text is None:
            raise self.fail(raw, "pattern", "no pattern in the checkpoint or in setup.pattern")
        return parse_pattern(text)

    def bus(self):
        from studycli.sims.eventbridge import eventbridge as eb

        if self._bus is None:
            if "bus" not in self.setup:
                raise self.fail(self.setup, "bus", "setup.bus is needed for this prediction")
            bus = eb.build_bus(self.setup["bus"])
            for sent in self.setup.get("events", ()):
                source = str(sent["event"].get("source", ""))
                delivery = eb.put_event(bus, sent["event"], str(sent.get("sender", bus.account)),
                                        eb.parse_time(sent["at"]),
                                        bool(sent.get("via_put_events", not source.startswith("aws."))))
                bus = delivery.bus
            self._bus = bus
        return self._bus


def _text(raw: dict, key: str) -> Any:
    if key not in raw:
        raise SpecError(f"{key} is missing")
    return raw[key]


def _pick(options: list[str], truth: str, raw: dict) -> int:
    matches = [i for i, option in enumerate(options) if option == truth]
    if len(matches) != 1:
        raise SpecError(f"the engine's answer {truth!r} must be exactly one of the options {options}")
    return matches[0]


def _options(raw: dict) -> list[str]:
    options = raw.get("options")
    if not isinstance(options, list) or len(options) < 2:
        raise SpecError("options: give at least two candidate answers")
    return [str(o) for o in options]


# --------------------------------------------------------------------------- eventbridge

def _eventbridge_checkpoint(ctx: _Context, raw: dict) -> Checkpoint:
    from studycli.sims.eventbridge import eventbridge as eb

    predict = raw.get("predict", "match")
    if predict == "match":
        event = _text(raw, "event")
        matched = ctx.pattern(raw).matches(event)
        return Checkpoint(raw["id"], dict(raw["ask"]), MATCH_OPTIONS, 0 if matched else 1,
                          _match_explanation(ctx.pattern(raw), event, matched))
    if predict == "delivery":
        bus = ctx.bus()
        event = _text(raw, "event")
        sender = str(raw.get("sender", bus.account))
        # an aws.* event comes from the AWS service itself unless the file says it was sent with PutEvents
        via_put_events = bool(raw.get("via_put_events", not str(event.get("source", "")).startswith("aws.")))
        delivery = eb.put_event(bus, event, sender, eb.parse_time(raw.get("at", "2026-01-01T00:00:00Z")),
                                via_put_events)
        truth = "rejected" if not delivery.accepted else (", ".join(delivery.targets) or "none")
        options = _options(raw)
        return Checkpoint(raw["id"], dict(raw["ask"]), tuple(options), _pick(options, truth, raw),
                          _delivery_explanation(delivery))
    if predict == "replay":
        bus = ctx.bus()
        spec = _text(raw, "replay")
        result = eb.replay(bus, str(spec["archive"]), eb.parse_time(spec["start"]), eb.parse_time(spec["end"]),
                           eb.parse_time(spec["now"]))
        options = _options(raw)
        truth = str(len(result.replayed))
        return Checkpoint(raw["id"], dict(raw["ask"]), tuple(options), _pick(options, truth, raw),
                          _replay_explanation(result))
    raise SpecError(f"predict: unknown prediction {predict!r} (match, delivery, replay)")


def _match_explanation(pattern, event: dict, matched: bool) -> dict:
    from studycli.sims.eventbridge.event_pattern import clause_matches, flatten_event

    flat = flatten_event(event)
    failing = []
    for clause in pattern.clauses:
        for test in clause.tests:
            single = type(clause)((test,))
            if not clause_matches(single, flat):
                shown = flat.values.get(test.path)
                failing.append(f"{test.path} = {shown[0] if shown and len(shown) == 1 else shown or '(absent)'}")
    if matched:
        return {"ko": "모든 필드 조건이 이벤트 값과 맞아 규칙이 이벤트를 대상에 보낸다 (필드끼리는 AND, 값 목록은 OR).",
                "en": "Every field of the pattern is satisfied by the event, so the rule sends it to its targets "
                      "(fields are ANDed, a field's list of values is ORed)."}
    detail = "; ".join(dict.fromkeys(failing)) or "-"
    return {"ko": f"맞지 않는 필드: {detail}. 한 필드라도 맞지 않으면 이벤트는 규칙에 걸리지 않는다.",
            "en": f"Fields that do not match: {detail}. One failing field is enough for the rule to skip the event."}


def _delivery_explanation(delivery) -> dict:
    if not delivery.accepted:
        return {"ko": f"버스가 이벤트를 받지 않는다: {delivery.reason}", "en": f"The bus refuses the event: {delivery.reason}"}
    if not delivery.targets:
        return {"ko": f"버스는 이벤트를 받지만({delivery.reason}) 패턴이 맞는 규칙이 없어 어떤 대상에도 가지 않는다.",
                "en": f"The bus accepts it ({delivery.reason}) but no rule's pattern matches, so no target gets it."}
    rules = ", ".join(delivery.matched_rules)
    return {"ko": f"버스가 받고({delivery.reason}) 패턴이 맞는 규칙 {rules}의 대상으로 전달된다.",
            "en": f"The bus accepts it ({delivery.reason}); matching rule(s) {rules} deliver it to their targets."}


def _replay_explanation(result) -> dict:
    return {"ko": f"재생 창 안에 있고 보존 기간이 지나지 않은 이벤트 {len(result.replayed)}개가 다시 전송된다 "
                  f"(보존 기간 만료 {result.skipped_expired}개, 창 밖 {result.skipped_outside_window}개 제외). "
                  "아카이브는 만들어진 뒤의 이벤트만 담는다.",
            "en": f"{len(result.replayed)} archived events fall inside the replay window and are still retained, "
                  f"so they are sent again ({result.skipped_expired} expired, {result.skipped_outside_window} "
                  "outside the window). An archive only holds events that arrived after it was created."}


# --------------------------------------------------------------------------- schedule

def _schedule_checkpoint(ctx: _Context, raw: dict) -> Checkpoint:
    from studycli.sims.eventbridge import schedule as sched
    from studycli.sims.eventbridge.eventbridge import parse_time

    predict = raw.get("predict", "next-run")
    expression = str(raw.get("expression", ctx.setup.get("expression", "")))
    if predict == "valid":
        try:
            sched.parse_schedule(expression)
            return Checkpoint(raw["id"], dict(raw["ask"]), VALID_OPTIONS, 0,
                              {"ko": f"{expression}는 EventBridge가 받아들이는 식이다.",
                               "en": f"{expression} is accepted by EventBridge."})
        except SpecError as err:
            return Checkpoint(raw["id"], dict(raw["ask"]), VALID_OPTIONS, 1,
                              {"ko": f"거부된다: {err}", "en": f"Rejected: {err}"})
    if predict == "next-run":
        after = parse_time(_text(raw, "after"))
        runs = sched.next_runs(expression, after, 3)
        if not runs:
            raise SpecError(f"{expression} never runs after {after.isoformat()}")
        truth = runs[0].strftime("%Y-%m-%dT%H:%MZ")
        options = _options(raw)
        shown = ", ".join(r.strftime("%Y-%m-%d %a %H:%M") for r in runs)
        return Checkpoint(raw["id"], dict(raw["ask"]), tuple(options), _pick(options, truth, raw),
                          {"ko": f"다음 실행(UTC): {shown}. cron 식은 항상 UTC이고 요일은 SUN=1 … SAT=7로 센다.",
                           "en": f"Next runs (UTC): {shown}. Cron expressions are always UTC and count "
                                 "day-of-week SUN=1 … SAT=7."})
    raise SpecError(f"predict: unknown prediction {predict!r} (next-run, valid)")


# --------------------------------------------------------------------------- cloudtrail

def _cloudtrail_checkpoint(ctx: _Context, raw: dict) -> Checkpoint:
    from studycli.sims.cloudtrail import cloudtrail as ct

    predict = raw.get("predict", "category")
    if predict == "elb":
        wanted = str(_text(raw, "question"))
        question = next((q for q in ct.ELB_QUESTIONS if q["id"] == wanted), None)
        if question is None:
            raise SpecError(f"question: unknown ELB question {wanted!r} "
                            f"(known: {', '.join(q['id'] for q in ct.ELB_QUESTIONS)})")
        apis = ", ".join(question["apis"])
        return Checkpoint(raw["id"], dict(raw["ask"]), ELB_SERVICES, ELB_SERVICES.index(question["service"]),
                          {"ko": f"{question['service']}: {question['ko']}" + (f" (API: {apis})" if apis else ""),
                           "en": f"{question['service']}: {question['en']}" + (f" (API calls: {apis})" if apis else "")})
    call = ct.classify(str(_text(raw, "api")), str(_text(raw, "service")))
    if predict == "category":
        if call.event_category == "Insight":
            answer = CATEGORY_OPTIONS.index("Insights")
        else:
            answer = CATEGORY_OPTIONS.index(f"{call.event_category}, {'read' if call.read_only else 'write'}")
        return Checkpoint(raw["id"], dict(raw["ask"]), CATEGORY_OPTIONS, answer, call.explanation)
    if predict == "logged":
        return Checkpoint(raw["id"], dict(raw["ask"]), YES_NO, 0 if call.logged_by_default else 1, call.explanation)
    raise SpecError(f"predict: unknown prediction {predict!r} (category, logged, elb)")
