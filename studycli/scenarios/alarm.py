"""Alarm specs and alarm scenarios: YAML/JSON a person wrote, turned into engine runs.

Two users of the same spec format:

* `studycli scenario alarm --spec FILE` (`load_spec` + `simulate`), and
* scenario files of kind `alarm` / `composite` (`build_checkpoints`), whose `setup`
  is such a spec (or, for `composite`, a rule over several of them).

Spec shape (every key is checked; errors name `file:line: field`):

    alarm:
      period: 60                     # 10, 20, 30 or a multiple of 60
      evaluation_periods: 3          # N
      datapoints_to_alarm: 2         # M (default N)
      threshold: 80
      comparison: GreaterThanThreshold
      statistic: Average             # or Sum, Minimum, Maximum, SampleCount, pNN
      treat_missing_data: missing    # ignore | breaching | notBreaching
      alarm_actions: [sns:ops]       # ok_actions, insufficient_data_actions too
    initial_state: INSUFFICIENT_DATA # optional
    datapoints: [50, 90, null, 95]   # one per period, oldest first (or samples: [[...], ...])
    evaluate: each                   # or once (the list is the evaluation range)
    evaluation_range: 5              # optional, default N + 2
    set_state: [{after: 2, state: ALARM, reason: testing}]
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from studycli.errors import INVALID_SPEC, ContentError, SpecError
from studycli.i18n import Msg
from studycli.scenarios.base import Checkpoint, Scenario, Text
from studycli.sims.alarms import alarm as engine
from studycli.sims.alarms import composite as rules
from studycli.sims.text import joined

SPEC_KEYS = ("alarm", "initial_state", "datapoints", "samples", "evaluate", "evaluation_range", "set_state")
ALARM_KEYS = ("name", "namespace", "metric", "description", "period", "evaluation_periods", "datapoints_to_alarm",
              "threshold", "comparison", "statistic", "treat_missing_data", "alarm_actions", "ok_actions",
              "insufficient_data_actions")
REQUIRED_ALARM_KEYS = ("period", "evaluation_periods", "threshold", "comparison")
SET_STATE_KEYS = ("after", "state", "reason")
CHECKPOINT_KEYS = ("id", "ask", "at", "predict")
COMPOSITE_KEYS = ("rule", "alarms", "alarm_actions", "ok_actions", "insufficient_data_actions")
NO_ACTION = Msg("scenario.option.no_action")

Where = Callable[[Any, Any], str]   # (node, key) -> "file:line"


@dataclass(frozen=True)
class AlarmSpec:
    config: engine.AlarmConfig
    datapoints: tuple[float | None, ...]
    initial_state: str
    evaluate: str
    forced: tuple[engine.ForcedState, ...]
    evaluation_range: int | None


# --- reading specs ------------------------------------------------------------------

def _line_of(node: Any, key: Any) -> int:
    if node is not None and hasattr(node, "line_of"):
        try:
            return int(node.line_of(key))
        except (IndexError, TypeError):
            return int(getattr(node, "line", 1))
    return int(getattr(node, "line", 1) or 1)


def _where_in(file: str) -> Where:
    def where(node: Any, key: Any = None) -> str:
        return f"{file}:{_line_of(node, key)}"
    return where


def load_spec(path: Path) -> AlarmSpec:
    """Read a YAML or JSON alarm spec; any problem is a SpecError `file:line: ...`."""
    data = read_document(path)
    return parse_spec(data, _where_in(str(path)))


def read_document(path: Path) -> Any:
    """YAML (JSON is read through the same line-aware loader); errors become SpecErrors."""
    from studycli.yamlsrc import load_file

    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SpecError(f"{path}:1: file: no such file") from None
    except (OSError, UnicodeDecodeError) as err:
        raise SpecError(f"{path}:1: file: cannot read ({getattr(err, 'strerror', None) or err})") from None
    if text.lstrip().startswith(("{", "[")):
        try:
            json.loads(text)
        except ValueError as err:
            line = getattr(err, "lineno", 1)
            raise SpecError(f"{path}:{line}: json: {getattr(err, 'msg', err)}") from None
    try:
        return load_file(path)
    except ContentError as err:
        raise SpecError(err.problems[0]) from None


def _fail(where: str, field: str, message: str, kind: str = INVALID_SPEC) -> SpecError:
    return SpecError(f"{where}: {field}: {message}", kind=kind)


def _check_keys(node: Any, allowed: tuple[str, ...], prefix: str, where: Where) -> None:
    if not isinstance(node, dict):
        raise _fail(where(node, None), prefix.rstrip(".") or "spec", f"expected a mapping, got {_describe(node)}")
    for key in node:
        if key not in allowed:
            raise _fail(where(node, key), f"{prefix}{key}", f"unknown key (allowed: {', '.join(allowed)})")


def _describe(value: Any) -> str:
    from studycli.content_types import describe

    return describe(value)


def parse_spec(data: Any, where: Where, prefix: str = "") -> AlarmSpec:
    """Validate a spec mapping into an AlarmSpec (errors name the line and the field)."""
    _check_keys(data, SPEC_KEYS, prefix, where)
    if "alarm" not in data:
        raise _fail(where(data, None), f"{prefix}alarm", "missing (the alarm's settings)")
    config = parse_alarm(data["alarm"], where, f"{prefix}alarm.")
    values = _series(data, config, where, prefix)
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
    forced = _forced_states(data.get("set_state"), len(values), where, data, prefix)
    if forced and evaluate == "once":
        raise _fail(where(data, "set_state"), f"{prefix}set_state", "needs evaluate: each")
    return AlarmSpec(config, values, initial, evaluate, forced, rng)


def parse_alarm(node: Any, where: Where, prefix: str = "alarm.") -> engine.AlarmConfig:
    _check_keys(node, ALARM_KEYS, prefix, where)
    for key in REQUIRED_ALARM_KEYS:
        if key not in node:
            raise _fail(where(node, None), f"{prefix}{key}", "missing")
    for key in ("name", "namespace", "description"):
        if key in node and not isinstance(node[key], str):
            raise _fail(where(node, key), f"{prefix}{key}", f"expected text, got {_describe(node[key])}")
    fields = {k: node[k] for k in ALARM_KEYS if k in node and k not in ("namespace", "description")}
    for key in ("alarm_actions", "ok_actions", "insufficient_data_actions"):
        if key in fields and not isinstance(fields[key], list):
            raise _fail(where(node, key), f"{prefix}{key}", f"expected a list of actions, got {_describe(fields[key])}")
    try:
        return engine.make_config(**fields)
    except SpecError as err:
        raise _fail(where(node, err.field), f"{prefix}{err.field}", err.detail, kind=err.kind) from None


def _number_or_none(value: Any) -> bool:
    return value is None or engine.is_number(value)


def _series(data: Any, config: engine.AlarmConfig, where: Where, prefix: str) -> tuple[float | None, ...]:
    has_dp, has_samples = "datapoints" in data, "samples" in data
    if has_dp == has_samples:
        raise _fail(where(data, None), f"{prefix}datapoints",
                    "give exactly one of datapoints (one value per period) or samples (raw values per period)")
    key = "datapoints" if has_dp else "samples"
    items = data[key]
    if not isinstance(items, list) or not items:
        raise _fail(where(data, key), f"{prefix}{key}", f"expected a non-empty list, got {_describe(items)}")
    if has_dp:
        for i, v in enumerate(items):
            if not _number_or_none(v):
                raise _fail(where(items, i), f"{prefix}datapoints[{i}]", f"expected a number or null, got {_describe(v)}")
        return tuple(None if v is None else float(v) for v in items)
    out: list[float | None] = []
    for i, period in enumerate(items):
        if period is None:
            period = []
        if not isinstance(period, list) or not all(engine.is_number(v) for v in period):
            raise _fail(where(items, i), f"{prefix}samples[{i}]",
                        f"expected a list of numbers (raw samples of one period), got {_describe(period)}")
        out.append(engine.aggregate(config.statistic, [float(v) for v in period]))
    return tuple(out)


def _forced_states(items: Any, count: int, where: Where, parent: Any, prefix: str) -> tuple[engine.ForcedState, ...]:
    if items is None:
        return ()
    if not isinstance(items, list):
        raise _fail(where(parent, "set_state"), f"{prefix}set_state",
                    f"expected a list of {{after, state, reason}}, got {_describe(items)}")
    out = []
    for i, item in enumerate(items):
        field = f"{prefix}set_state[{i}]"
        _check_keys(item, SET_STATE_KEYS, field + ".", where)
        after, state = item.get("after"), item.get("state")
        if isinstance(after, bool) or not isinstance(after, int) or not 0 <= after < count:
            raise _fail(where(item, "after"), f"{field}.after",
                        f"expected the index of a datapoint (0-{count - 1}), got {_describe(after)}")
        if state not in engine.STATES:
            raise _fail(where(item, "state"), f"{field}.state", f"{state!r} is not one of {', '.join(engine.STATES)}")
        reason = item.get("reason", "set-alarm-state")
        if not isinstance(reason, str) or not reason.strip():
            raise _fail(where(item, "reason"), f"{field}.reason", f"expected text, got {_describe(reason)}")
        out.append(engine.ForcedState(after, state, reason))
    return tuple(out)


def simulate(spec: AlarmSpec) -> engine.Run:
    return engine.run(spec.config, spec.datapoints, initial_state=spec.initial_state, evaluate=spec.evaluate,
                      forced=spec.forced, evaluation_range=spec.evaluation_range)


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
