"""Alarm and composite-alarm scenarios: each checkpoint's answer is the engine's.

The spec format (the `setup` of an `alarm` scenario, and each child of a `composite`
one) is read by `studycli.scenarios.alarm_spec`, which `studycli scenario alarm --spec`
uses too; its names are re-exported here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from studycli.errors import ContentError, SpecError
from studycli.i18n import Msg
from studycli.scenarios.alarm_spec import (
    ALARM_KEYS,
    REQUIRED_ALARM_KEYS,
    SET_STATE_KEYS,
    SPEC_KEYS,
    AlarmSpec,
    Where,
    check_keys,
    describe,
    load_spec,
    parse_alarm,
    parse_spec,
    read_document,
    simulate,
    where_in,
    write_json,
)
from studycli.scenarios.alarm_spec import _fail as _fail
from studycli.scenarios.base import Checkpoint, Scenario, Text
from studycli.sims.alarms import alarm as engine
from studycli.sims.alarms import composite as rules
from studycli.sims.text import joined

__all__ = ["ALARM_KEYS", "REQUIRED_ALARM_KEYS", "SET_STATE_KEYS", "SPEC_KEYS", "AlarmSpec", "alarm_checkpoints",
           "composite_checkpoints", "load_spec", "parse_alarm", "parse_spec", "read_document", "simulate",
           "write_json"]

_where_in = where_in
_check_keys = check_keys
_describe = describe

CHECKPOINT_KEYS = ("id", "ask", "at", "predict")
COMPOSITE_KEYS = ("rule", "alarms", "alarm_actions", "ok_actions", "insufficient_data_actions")
NO_ACTION = Msg("scenario.option.no_action")


# --- scenario checkpoints -------------------------------------------------------------

def alarm_checkpoints(scenario: Scenario) -> list[Checkpoint]:
    """The engine's answer at each checkpoint of an `alarm` scenario (its setup is an alarm spec)."""
    where = _where_in(scenario.file)
    try:
        spec = parse_spec(scenario.setup, where, "setup.")
        groups = [tuple(a.spec for a in spec.config.actions.get(state, ())) for state in engine.STATES]
        timeline = _alarm_timeline(spec)
        return [_checkpoint(cp, timeline, groups, where) for cp in scenario.checkpoints_raw]
    except SpecError as err:
        raise ContentError([str(err)]) from None


def composite_checkpoints(scenario: Scenario) -> list[Checkpoint]:
    """The composite's answer at each checkpoint of a `composite` scenario (a rule over child specs)."""
    where = _where_in(scenario.file)
    try:
        timeline, groups = _composite_timeline(scenario.setup, where)
        return [_checkpoint(cp, timeline, groups, where) for cp in scenario.checkpoints_raw]
    except SpecError as err:
        raise ContentError([str(err)]) from None


@dataclass(frozen=True)
class Moment:
    """What happened at one datapoint index: the state afterwards, the actions, and why."""

    index: int
    state: str
    actions: tuple[str, ...]
    explanation: str | Msg
    period: int


def _alarm_timeline(spec: AlarmSpec) -> dict[int, Moment]:
    result = simulate(spec)
    moments: dict[int, Moment] = {}
    for step in result.steps:
        before = moments.get(step.index)
        actions = (before.actions if before else ()) + tuple(a.spec for a in step.actions)
        explanation: str | Msg = step.why
        if before:
            explanation = joined([before.explanation, step.why], "sim.join.slash")
        moments[step.index] = Moment(step.index, step.state, actions, explanation, spec.config.period)
    return moments


def _composite_timeline(setup: Any, where: Where) -> tuple[dict[int, Moment], list[tuple[str, ...]]]:
    _check_keys(setup, COMPOSITE_KEYS, "setup.", where)
    for key in ("rule", "alarms"):
        if key not in setup:
            raise _fail(where(setup, None), f"setup.{key}", "missing")
    try:
        rule = rules.parse_rule(setup["rule"])
    except SpecError as err:
        raise err.prefixed(f"{where(setup, 'rule')}: setup.rule: ") from None
    actions: dict[str, tuple[str, ...]] = {}
    for state, key in ((engine.ALARM, "alarm_actions"), (engine.OK, "ok_actions"),
                       (engine.INSUFFICIENT_DATA, "insufficient_data_actions")):
        items = setup.get(key, [])
        if not isinstance(items, list):
            raise _fail(where(setup, key), f"setup.{key}", f"expected a list of actions, got {_describe(items)}")
        for item in items:
            try:
                parsed = engine.parse_action(item, key)
            except SpecError as err:
                raise _fail(where(setup, key), f"setup.{key}", err.detail) from None
            if parsed.kind != "sns":
                # AWS: composite alarms notify SNS (or create OpsItems/incidents); no EC2 or Auto Scaling actions
                raise _fail(where(setup, key), f"setup.{key}",
                            f"{item!r}: composite alarms cannot take EC2 or Auto Scaling actions, only SNS")
        actions[state] = tuple(items)
    children = setup["alarms"]
    if not isinstance(children, dict) or not children:
        raise _fail(where(setup, "alarms"), "setup.alarms", "expected a mapping of alarm name -> spec")
    runs = {}
    for name, child in children.items():
        # a child may be keyed by its name or its ARN, as the rule may name it either way
        runs[rules.alarm_name(str(name))] = simulate(parse_spec(child, where, f"setup.alarms.{name}."))
    for name in rule.alarms:
        if name not in runs:
            raise _fail(where(setup, "rule"), "setup.rule", f"names alarm {name!r}, which setup.alarms does not define")
    lengths = {len(r.steps) for r in runs.values()}
    if len(lengths) != 1 or any(s.kind != "evaluation" for r in runs.values() for s in r.steps):
        raise _fail(where(setup, "alarms"), "setup.alarms",
                    "every child alarm needs the same number of datapoints (and no set_state)")
    period = max(_child_period(c) for c in children.values())
    moments: dict[int, Moment] = {}
    state = engine.INSUFFICIENT_DATA
    for i in range(lengths.pop()):
        child_states = {name: r.steps[i].state for name, r in runs.items()}
        outcome = rules.evaluate(rule, child_states)
        fired = actions[outcome.state] if outcome.state != state else ()
        change = (Msg("scenario.alarm.composite_changes", {"previous": state, "state": outcome.state})
                  if outcome.state != state else Msg("scenario.alarm.composite_stays", {"state": state}))
        state = outcome.state
        moments[i] = Moment(i, state, tuple(fired), joined([outcome.explanation, change]), period)
    return moments, list(actions.values())


def _child_period(child: Any) -> int:
    alarm = child.get("alarm") if isinstance(child, dict) else None
    period = alarm.get("period") if isinstance(alarm, dict) else None
    return period if isinstance(period, int) else 60


def _checkpoint(cp: Any, timeline: dict[int, Moment], groups: list[tuple[str, ...]], where: Where) -> Checkpoint:
    _check_keys(cp, CHECKPOINT_KEYS, "checkpoints.", where)
    at = cp.get("at")
    if isinstance(at, bool) or not isinstance(at, int) or at not in timeline:
        raise _fail(where(cp, "at"), "checkpoints.at",
                    f"expected the index of a datapoint (0-{max(timeline)}), got {_describe(at)}")
    predict = cp.get("predict", "state")
    moment = timeline[at]
    clock = engine.clock(at, moment.period)
    options: tuple[Text, ...]
    if predict == "state":
        options = engine.STATES
        answer = options.index(moment.state)
        lead = Msg("scenario.alarm.state_after", {"at": at, "clock": clock, "state": moment.state})
    elif predict == "actions":
        options, answer = _action_options(moment, timeline, groups)
        lead = Msg("scenario.alarm.actions_at", {"at": at, "clock": clock, "actions": options[answer]})
    else:
        raise _fail(where(cp, "predict"), "checkpoints.predict", f"{predict!r} is not 'state' or 'actions'")
    explanation = Msg("scenario.alarm.explained", {"lead": lead, "why": moment.explanation})
    return Checkpoint(id=cp["id"], ask=dict(cp["ask"]), options=tuple(options), answer=answer, explanation=explanation)


def _action_options(moment: Moment, timeline: dict[int, Moment],
                    groups: list[tuple[str, ...]]) -> tuple[tuple[Text, ...], int]:
    """Options: no action, each state's configured actions, and every set the run really fires."""
    def label(actions: tuple[str, ...]) -> Text:
        return " + ".join(actions) if actions else NO_ACTION

    options: list[Text] = [NO_ACTION]
    candidates = [label(g) for g in groups] + [label(m.actions) for m in sorted(timeline.values(), key=lambda m: m.index)]
    for text in candidates:
        if text not in options:
            options.append(text)
    truth = label(moment.actions)
    return tuple(options), options.index(truth)
