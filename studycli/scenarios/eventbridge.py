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
from studycli.i18n import Msg
from studycli.scenarios.base import Checkpoint, Scenario, Text, each_checkpoint
from studycli.sims.text import joined

MATCH_OPTIONS: tuple[Text, ...] = (Msg("scenario.option.matches"), Msg("scenario.option.does_not_match"))
YES_NO: tuple[Text, ...] = (Msg("scenario.option.yes"), Msg("scenario.option.no"))
VALID_OPTIONS: tuple[Text, ...] = (Msg("scenario.option.valid"), Msg("scenario.option.invalid"))
# Event categories as the CloudTrail console shows them; the category and read/write words are messages.
CATEGORY_OPTIONS: tuple[Text, ...] = tuple(Msg("scenario.cloudtrail.category", {
    "category": Msg(f"scenario.cloudtrail.{c}"), "rw": Msg(f"sim.cloudtrail.{rw}")})
    for c, rw in (("management", "reads"), ("management", "writes"), ("data", "reads"), ("data", "writes"))) + (
    Msg("scenario.cloudtrail.insights"),)
ELB_SERVICES = ("CloudTrail", "Config", "CloudWatch")
# Words a scenario file may offer as options, shown in the learner's language.
SHOWN = {"none": Msg("scenario.option.nothing"), "rejected": Msg("scenario.option.rejected")}


def eventbridge_checkpoints(scenario: Scenario) -> list[Checkpoint]:
    return each_checkpoint(scenario, _eventbridge_checkpoint, _Context(scenario))


def schedule_checkpoints(scenario: Scenario) -> list[Checkpoint]:
    return each_checkpoint(scenario, _schedule_checkpoint, _Context(scenario))


def cloudtrail_checkpoints(scenario: Scenario) -> list[Checkpoint]:
    return each_checkpoint(scenario, _cloudtrail_checkpoint, _Context(scenario))


class _Context:
    """What a scenario's setup gives every checkpoint: the pattern, the bus and its history."""

    def __init__(self, scenario: Scenario):
        self.scenario = scenario
        setup = scenario.setup if isinstance(scenario.setup, dict) else {}
        self.setup = setup
        self._bus: Any = None

    def fail(self, node: Any, key: str, message: str) -> ContentError:
        return ContentError([f"{self.scenario.where(node, key)}: {key}: {message}"])

    def pattern(self, raw: dict[str, Any]) -> Any:
        from studycli.sims.eventbridge.event_pattern import parse_pattern

        text = raw.get("pattern", self.setup.get("pattern"))
        if text is None:
            raise self.fail(raw, "pattern", "no pattern in the checkpoint or in setup.pattern")
        return parse_pattern(text)

    def bus(self) -> Any:
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
                bus = delivery.bus or bus
            self._bus = bus
        return self._bus


def _text(raw: dict[str, Any], key: str) -> Any:
    if key not in raw:
        raise SpecError(f"{key} is missing")
    return raw[key]


def _pick(options: list[str], truth: str, raw: dict[str, Any]) -> int:
    matches = [i for i, option in enumerate(options) if option == truth]
    if len(matches) != 1:
        raise SpecError(f"the engine's answer {truth!r} must be exactly one of the options {options}")
    return matches[0]


def _options(raw: dict[str, Any]) -> list[str]:
    options = raw.get("options")
    if not isinstance(options, list) or len(options) < 2:
        raise SpecError("options: give at least two candidate answers")
    return [str(o) for o in options]


def _from_file(raw: dict[str, Any], options: list[str], truth: str, explanation: Msg) -> Checkpoint:
    """A checkpoint whose options the file wrote: the answer is the one equal to the engine's."""
    shown = tuple(SHOWN.get(o, o) for o in options)
    return Checkpoint(raw["id"], dict(raw["ask"]), shown, _pick(options, truth, raw), explanation)


# --------------------------------------------------------------------------- eventbridge

def _eventbridge_checkpoint(ctx: _Context, raw: dict[str, Any]) -> Checkpoint:
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
        return _from_file(raw, _options(raw), truth, _delivery_explanation(delivery))
    if predict == "replay":
        bus = ctx.bus()
        spec = _text(raw, "replay")
        result = eb.replay(bus, str(spec["archive"]), eb.parse_time(spec["start"]), eb.parse_time(spec["end"]),
                           eb.parse_time(spec["now"]))
        return _from_file(raw, _options(raw), str(len(result.replayed)), _replay_explanation(result))
    raise SpecError(f"predict: unknown prediction {predict!r} (match, delivery, replay)")


def _match_explanation(pattern: Any, event: dict[str, Any], matched: bool) -> Msg:
    from studycli.sims.eventbridge.event_pattern import clause_matches, flatten_event

    if matched:
        return Msg("scenario.eventbridge.matched")
    flat = flatten_event(event)
    failing: list[str | Msg] = []
    for clause in pattern.clauses:
        for test in clause.tests:
            single = type(clause)((test,))
            if not clause_matches(single, flat):
                shown = flat.values.get(test.path)
                value: str | Msg = (str(shown[0]) if shown and len(shown) == 1 else str(shown) if shown
                                    else Msg("scenario.eventbridge.absent"))
                item = Msg("scenario.eventbridge.field_value", {"path": test.path, "value": value})
                if item not in failing:
                    failing.append(item)
    return Msg("scenario.eventbridge.not_matched", {"fields": joined(failing, "sim.join.semicolon") or "-"})


def _delivery_explanation(delivery: Any) -> Msg:
    if not delivery.accepted:
        return Msg("scenario.eventbridge.refused", {"reason": delivery.reason})
    if not delivery.targets:
        return Msg("scenario.eventbridge.no_rule", {"reason": delivery.reason})
    return Msg("scenario.eventbridge.delivered", {"reason": delivery.reason, "rules": ", ".join(delivery.matched_rules)})


def _replay_explanation(result: Any) -> Msg:
    return Msg("scenario.eventbridge.replay", {"replayed": len(result.replayed), "expired": result.skipped_expired,
                                               "outside": result.skipped_outside_window})


# --------------------------------------------------------------------------- schedule

def _schedule_checkpoint(ctx: _Context, raw: dict[str, Any]) -> Checkpoint:
    from studycli.sims.eventbridge import schedule as sched
    from studycli.sims.eventbridge.eventbridge import parse_time

    predict = raw.get("predict", "next-run")
    expression = str(raw.get("expression", ctx.setup.get("expression", "")))
    if predict == "valid":
        try:
            sched.parse_schedule(expression)
            return Checkpoint(raw["id"], dict(raw["ask"]), VALID_OPTIONS, 0,
                              Msg("scenario.schedule.accepted", {"expression": expression}))
        except SpecError as err:
            return Checkpoint(raw["id"], dict(raw["ask"]), VALID_OPTIONS, 1,
                              Msg("scenario.schedule.rejected", {"error": str(err)}))
    if predict == "next-run":
        after = parse_time(_text(raw, "after"))
        runs = sched.next_runs(expression, after, 3)
        if not runs:
            raise SpecError(f"{expression} never runs after {after.isoformat()}")
        truth = runs[0].strftime("%Y-%m-%dT%H:%MZ")
        shown = joined([Msg("scenario.schedule.run", {"date": r.strftime("%Y-%m-%d"), "time": r.strftime("%H:%M"),
                                                      "weekday": Msg(f"scenario.weekday.{r.isoweekday()}")})
                        for r in runs], "sim.join.comma")
        return _from_file(raw, _options(raw), truth, Msg("scenario.schedule.next_runs", {"runs": shown}))
    raise SpecError(f"predict: unknown prediction {predict!r} (next-run, valid)")


# --------------------------------------------------------------------------- cloudtrail

def _cloudtrail_checkpoint(ctx: _Context, raw: dict[str, Any]) -> Checkpoint:
    from studycli.sims.cloudtrail import cloudtrail as ct

    predict = raw.get("predict", "category")
    if predict == "elb":
        wanted = str(_text(raw, "question"))
        question = next((q for q in ct.ELB_QUESTIONS if q["id"] == wanted), None)
        if question is None:
            raise SpecError(f"question: unknown ELB question {wanted!r} "
                            f"(known: {', '.join(q['id'] for q in ct.ELB_QUESTIONS)})")
        apis = ", ".join(question["apis"])
        why = Msg("scenario.cloudtrail.elb", {"service": question["service"], "question": ct.elb_question(wanted),
                                              "apis": Msg("scenario.cloudtrail.apis", {"apis": apis}) if apis else ""})
        return Checkpoint(raw["id"], dict(raw["ask"]), ELB_SERVICES, ELB_SERVICES.index(question["service"]), why)
    call = ct.classify(str(_text(raw, "api")), str(_text(raw, "service")))
    if predict == "category":
        if call.event_category == "Insight":
            answer = len(CATEGORY_OPTIONS) - 1
        else:
            answer = (0 if call.event_category == "Management" else 2) + (0 if call.read_only else 1)
        return Checkpoint(raw["id"], dict(raw["ask"]), CATEGORY_OPTIONS, answer, call.explanation)
    if predict == "logged":
        return Checkpoint(raw["id"], dict(raw["ask"]), YES_NO, 0 if call.logged_by_default else 1, call.explanation)
    raise SpecError(f"predict: unknown prediction {predict!r} (category, logged, elb)")
