"""A whole series through an alarm: every evaluation recorded as a Step with its reason."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from studycli.errors import INVALID_PARAMETER_VALUE, SpecError
from studycli.i18n import Msg
from studycli.sims.alarms.metric_alarm.config import INSUFFICIENT_DATA, Action, AlarmConfig
from studycli.sims.alarms.metric_alarm.reasons import describe_evaluation
from studycli.sims.alarms.metric_alarm.reasons import forced as forced_reason
from studycli.sims.alarms.metric_alarm.simulator import AlarmSimulator, Evaluation


@dataclass(frozen=True)
class Step:
    index: int
    value: float | None
    state: str
    previous: str
    changed: bool
    why: Msg                        # the state reason, in the learner's language when rendered
    actions: tuple[Action, ...]
    evaluation: Evaluation | None
    kind: str = "evaluation"        # or "set-alarm-state"
    state_reason: str | None = None  # set-alarm-state: the reason its caller gave, as AWS keeps it

    @property
    def reason(self) -> str:
        """The StateReason as AWS writes it: English, or the caller's own words for set-alarm-state."""
        from studycli.i18n import render

        return self.state_reason if self.state_reason is not None else render(self.why, "en")

    def to_json(self) -> dict[str, Any]:
        return {"index": self.index, "value": self.value, "state": self.state, "changed": self.changed,
                "reason": self.reason, "actions": [a.spec for a in self.actions], "kind": self.kind,
                "previous_state": self.previous}


@dataclass(frozen=True)
class ForcedState:
    after: int          # applied right after the evaluation of datapoint `after`
    state: str
    reason: str = "set-alarm-state"


@dataclass(frozen=True)
class Run:
    final_state: str
    steps: tuple[Step, ...]
    period: int = 60

    def to_json(self) -> dict[str, Any]:
        return {"final_state": self.final_state, "steps": [s.to_json() for s in self.steps]}


def run(config: AlarmConfig, datapoints: Sequence[float | None], *, initial_state: str = INSUFFICIENT_DATA,
        evaluate: str = "each", forced: Sequence[ForcedState] = (), evaluation_range: int | None = None) -> Run:
    """Feed `datapoints` (oldest first) through the alarm and record every evaluation.

    `evaluate="each"` evaluates after every period; `"once"` treats the list as the
    evaluation range and evaluates a single time, from `initial_state`.
    """
    if evaluate not in ("each", "once"):
        raise SpecError(f"{evaluate!r} is not 'each' or 'once'", field="evaluate", kind=INVALID_PARAMETER_VALUE)
    if not datapoints:
        raise SpecError("expected at least one period", field="datapoints", kind=INVALID_PARAMETER_VALUE)
    if evaluate == "once":
        if forced:
            raise SpecError("set_state needs evaluate: each", field="set_state", kind=INVALID_PARAMETER_VALUE)
        sim = AlarmSimulator(config, initial_state, evaluation_range or max(len(datapoints), config.evaluation_periods))
        for value in datapoints:
            sim.advance(value)
        previous = sim.state
        changed = sim.evaluate()
        step = _evaluation_step(sim, len(datapoints) - 1, datapoints[-1], previous, changed)
        return Run(sim.state, (step,), config.period)
    sim = AlarmSimulator(config, initial_state, evaluation_range)
    by_index: dict[int, list[ForcedState]] = {}
    for f in forced:
        if not 0 <= f.after < len(datapoints):
            raise SpecError(f"{f.after} is not an index of datapoints (0-{len(datapoints) - 1})",
                            field="set_state.after", kind=INVALID_PARAMETER_VALUE)
        by_index.setdefault(f.after, []).append(f)
    steps: list[Step] = []
    for i, value in enumerate(datapoints):
        previous = sim.state
        changed = sim.observe(value)
        steps.append(_evaluation_step(sim, i, value, previous, changed))
        for f in by_index.get(i, ()):
            previous = sim.state
            changed = sim.set_state(f.state)
            steps.append(Step(i, None, sim.state, previous, changed, forced_reason(f.state, f.reason),
                              sim.last_fired, None, "set-alarm-state", f.reason))
    return Run(sim.state, tuple(steps), config.period)


def _evaluation_step(sim: AlarmSimulator, index: int, value: float | None, previous: str, changed: bool) -> Step:
    ev = sim.explain_last()
    why = describe_evaluation(sim.config, ev, previous, sim.state, changed)
    return Step(index, value, sim.state, previous, changed, why, sim.last_fired, ev)

