"""A whole series through an alarm: every evaluation, as Steps with their reasons or streamed as JSON.

`evaluations` is the one loop: it feeds the alarm period by period (a plain value, a value
with its anomaly-detection band, a percentile on too few samples, or a metric math
expression recomputed over each evaluation range) and yields after every evaluation and
every SetAlarmState. `run` keeps each as a `Step` (a message in any language);
`write_json` writes each as it comes, with AWS's English StateReason, so a spec of
millions of datapoints needs memory only for the evaluation range.
"""

from __future__ import annotations

import json
from collections import deque
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from studycli.errors import INVALID_PARAMETER_VALUE, SpecError
from studycli.i18n import Msg
from studycli.sims.alarms.metric_alarm.config import INSUFFICIENT_DATA, Action, AlarmConfig
from studycli.sims.alarms.metric_alarm.math import MathAlarm
from studycli.sims.alarms.metric_alarm.reasons import ReasonWriter, describe_evaluation
from studycli.sims.alarms.metric_alarm.reasons import forced as forced_reason
from studycli.sims.alarms.metric_alarm.simulator import RULE_LOW_SAMPLE, AlarmSimulator, Evaluation
from studycli.sims.alarms.metric_alarm.stream import TextOut, fast_writer, write_steps

Band = tuple[float | None, float | None]


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
        return step_json(self.index, self.value, self.state, self.changed, self.reason, self.actions, self.kind,
                         self.previous)


def step_json(index: int, value: float | None, state: str, changed: bool, reason: str, actions: tuple[Action, ...],
              kind: str, previous: str) -> dict[str, Any]:
    return {"index": index, "value": value, "state": state, "changed": changed, "reason": reason,
            "actions": [a.spec for a in actions], "kind": kind, "previous_state": previous}


@dataclass(frozen=True)
class ForcedState:
    after: int          # applied right after the evaluation of datapoint `after`
    state: str
    reason: str = "set-alarm-state"


@dataclass(frozen=True)
class Inputs:
    """What the alarm is fed: one watched value per period, or the named series of a metric math alarm.

    `bands`: a band alarm's (lower, upper) per period; `significant`: False where a percentile rests on
    too few samples and the alarm ignores such periods.
    """

    values: Sequence[float | None] = ()
    bands: Sequence[Band] | None = None
    significant: Sequence[bool] | None = None
    series: Mapping[str, Sequence[float | None]] = field(default_factory=dict)

    def __len__(self) -> int:
        if self.series:
            return len(next(iter(self.series.values())))
        return len(self.values)


@dataclass(frozen=True)
class Run:
    final_state: str
    steps: tuple[Step, ...]
    period: int = 60

    def to_json(self) -> dict[str, Any]:
        return {"final_state": self.final_state, "steps": [s.to_json() for s in self.steps]}


class Moment(NamedTuple):
    """One yielded moment of the loop: read `sim` for the state, actions and what was evaluated."""

    period: int         # the datapoint's index
    value: float | None
    previous: str
    changed: bool
    kind: str = "evaluation"
    forced: ForcedState | None = None


def _check(config: AlarmConfig, inputs: Inputs, evaluate: str, forced: Sequence[ForcedState]) -> int:
    if evaluate not in ("each", "once"):
        raise SpecError(f"{evaluate!r} is not 'each' or 'once'", field="evaluate", kind=INVALID_PARAMETER_VALUE)
    count = len(inputs)
    if not count:
        raise SpecError("expected at least one period", field="datapoints", kind=INVALID_PARAMETER_VALUE)
    if evaluate == "once" and forced:
        raise SpecError("set_state needs evaluate: each", field="set_state", kind=INVALID_PARAMETER_VALUE)
    for f in forced:
        if not 0 <= f.after < count:
            raise SpecError(f"{f.after} is not an index of datapoints (0-{count - 1})",
                            field="set_state.after", kind=INVALID_PARAMETER_VALUE)
    return count


def evaluations(config: AlarmConfig, inputs: Inputs | Sequence[float | None], *, initial_state: str = INSUFFICIENT_DATA,
                evaluate: str = "each", forced: Sequence[ForcedState] = (), evaluation_range: int | None = None,
                sim: AlarmSimulator | None = None) -> Iterator[tuple[AlarmSimulator, Moment]]:
    """Feed the alarm period by period; yield (the simulator, what just happened) after each evaluation and
    each SetAlarmState. With `evaluate="once"` the inputs are the evaluation range, evaluated one time."""
    if not isinstance(inputs, Inputs):
        inputs = Inputs(values=inputs)
    count = _check(config, inputs, evaluate, forced)
    math = config.math if config.math is not None and not config.math.band_only else None
    if evaluate == "once":
        sim = sim or AlarmSimulator(config, initial_state, evaluation_range or max(count, config.evaluation_periods))
        value = _feed_all(sim, config, inputs, math, count)
        previous = sim.state
        yield sim, Moment(count - 1, value, previous, sim.evaluate())
        return
    sim = sim or AlarmSimulator(config, initial_state, evaluation_range)
    by_index: dict[int, list[ForcedState]] = {}
    for f in forced:
        by_index.setdefault(f.after, []).append(f)
    feed = _math_feed(sim, config, inputs) if math is not None else _plain_feed(sim, config, inputs)
    for i, (value, significant) in enumerate(feed):
        previous = sim.state
        changed = sim.evaluate() if significant else sim.hold(RULE_LOW_SAMPLE)
        yield sim, Moment(i, value, previous, changed)
        for f in by_index.get(i, ()):
            previous = sim.state
            yield sim, Moment(i, None, previous, sim.set_state(f.state), "set-alarm-state", f)


def _plain_feed(sim: AlarmSimulator, config: AlarmConfig, inputs: Inputs) -> Iterator[tuple[float | None, bool]]:
    values = inputs.series[config.math.returned] if config.math is not None else inputs.values
    significant = inputs.significant
    if config.band:
        bands = inputs.bands or ()
        for i, value in enumerate(values):
            lower, upper = bands[i] if i < len(bands) else (None, None)
            ok = significant is None or significant[i]
            sim.advance_band(value if ok else None, lower, upper)
            yield value, ok
        return
    advance = sim.advance
    if significant is None:
        for value in values:
            advance(value)
            yield value, True
        return
    for value, ok in zip(values, significant):
        advance(value if ok else None)
        yield value, ok


def _math_feed(sim: AlarmSimulator, config: AlarmConfig, inputs: Inputs) -> Iterator[tuple[float | None, bool]]:
    """Each evaluation fetches the evaluation range of every metric and computes the expression over it."""
    assert config.math is not None
    windows = {key: deque[float | None](maxlen=sim.range) for key in inputs.series}
    columns = [(key, iter(values)) for key, values in inputs.series.items()]
    bands = inputs.bands
    for i in range(len(inputs)):
        for key, values in columns:
            windows[key].append(next(values))
        length = len(windows[columns[0][0]])
        result = config.math.evaluate({k: list(w) for k, w in windows.items()}, i - length + 1, config.period)
        band_window = list(bands[i - length + 1:i + 1]) if bands else None
        sim.load_window(result, band_window)
        yield result[-1], True


def _feed_all(sim: AlarmSimulator, config: AlarmConfig, inputs: Inputs, math: MathAlarm | None,
              count: int) -> float | None:
    if math is not None:
        result = math.evaluate({k: list(v) for k, v in inputs.series.items()}, 0, config.period)
        sim.load_window(result, list(inputs.bands) if inputs.bands else None, last_slot=count - 1)
        return result[-1]
    last: float | None = None
    for last, _ in _plain_feed(sim, config, inputs):  # noqa: B007  (the last value fed is the one reported)
        pass
    return last


def run(config: AlarmConfig, datapoints: Inputs | Sequence[float | None], *, initial_state: str = INSUFFICIENT_DATA,
        evaluate: str = "each", forced: Sequence[ForcedState] = (), evaluation_range: int | None = None) -> Run:
    """Feed the datapoints (oldest first) through the alarm and keep every evaluation as a Step."""
    steps: list[Step] = []
    sim: AlarmSimulator | None = None
    for sim, moment in evaluations(config, datapoints, initial_state=initial_state, evaluate=evaluate,
                                   forced=forced, evaluation_range=evaluation_range):
        if moment.forced is not None:
            f = moment.forced
            steps.append(Step(moment.period, None, sim.state, moment.previous, moment.changed,
                              forced_reason(f.state, f.reason), sim.last_fired, None, "set-alarm-state", f.reason))
            continue
        ev = sim.explain_last()
        why = describe_evaluation(config, ev, moment.previous, sim.state, moment.changed)
        steps.append(Step(moment.period, moment.value, sim.state, moment.previous, moment.changed, why,
                          sim.last_fired, ev))
    assert sim is not None
    return Run(sim.state, tuple(steps), config.period)


class Row(NamedTuple):
    """One evaluation (or SetAlarmState) as text, ready to print or encode."""

    period: int         # the datapoint's index
    value: float | None
    state: str
    previous: str
    changed: bool
    reason: str
    actions: tuple[Action, ...]
    kind: str = "evaluation"

    def to_json(self) -> dict[str, Any]:
        return step_json(self.period, self.value, self.state, self.changed, self.reason, self.actions, self.kind,
                         self.previous)


def rows(config: AlarmConfig, inputs: Inputs | Sequence[float | None], *, lang: str = "en", aws_reasons: bool = True,
         initial_state: str = INSUFFICIENT_DATA, evaluate: str = "each", forced: Sequence[ForcedState] = (),
         evaluation_range: int | None = None) -> Iterator[Row]:
    """Every evaluation as a Row, its reason written fast in `lang` ("both": Korean / English). With
    `aws_reasons` a SetAlarmState row keeps its caller's reason, as AWS's StateReason does."""
    for row in _rows(config, inputs, lang=lang, aws_reasons=aws_reasons, initial_state=initial_state,
                     evaluate=evaluate, forced=forced, evaluation_range=evaluation_range):
        yield Row(*row)


_RowTuple = tuple[int, float | None, str, str, bool, str, tuple[Action, ...], str]


def _rows(config: AlarmConfig, inputs: Inputs | Sequence[float | None], *, lang: str, aws_reasons: bool,
          initial_state: str, evaluate: str, forced: Sequence[ForcedState],
          evaluation_range: int | None) -> Iterator[_RowTuple]:
    """`rows` as plain tuples (the million-step JSON writer reads them without building a Row each)."""
    from studycli.i18n import render

    writer = ReasonWriter(config, "ko" if lang == "both" else lang)
    second = ReasonWriter(config, "en") if lang == "both" else None
    write = writer.write
    summary: Any = None
    for sim, moment in evaluations(config, inputs, initial_state=initial_state, evaluate=evaluate, forced=forced,
                                   evaluation_range=evaluation_range):
        if summary is None:
            summary, span = sim.summary, sim.range
        if moment.forced is not None:
            f = moment.forced
            reason = f.reason if aws_reasons else render(forced_reason(f.state, f.reason), lang)
        else:
            entries, real, bad, filled, breaching = summary()
            reason = write(sim.last_rule, sim.last_new, real, bad, filled, breaching, span, moment.previous,
                           sim.state, moment.changed, entries, sim.bands)
            if second is not None:
                english = second.write(sim.last_rule, sim.last_new, real, bad, filled, breaching, sim.range,
                                       moment.previous, sim.state, moment.changed, entries, sim.bands)
                reason = reason if reason == english else f"{reason} / {english}"
        yield (moment.period, moment.value, sim.state, moment.previous, moment.changed, reason, sim.last_fired,
               moment.kind)


def write_json(config: AlarmConfig, inputs: Inputs | Sequence[float | None], out: TextOut, *,
               initial_state: str = INSUFFICIENT_DATA, evaluate: str = "each", forced: Sequence[ForcedState] = (),
               evaluation_range: int | None = None) -> str:
    """Stream the run as one JSON document `{"steps": [...], "final_state": ...}` (a step a line, reasons in
    AWS's English), a thousand steps a write; nothing is kept but the evaluation range. Returns the final state.
    Each line is what `json.dumps(Step.to_json())` gives, written without building the dict."""
    from json.encoder import encode_basestring_ascii as quote

    out.write('{"steps": [\n')
    if not isinstance(inputs, Inputs):
        inputs = Inputs(values=inputs)
    writer = fast_writer(config, evaluate, forced)
    if writer is not None:  # the common case, in one loop (stream.py)
        _check(config, inputs, evaluate, forced)
        final = write_steps(config, writer, inputs.values, inputs.significant, out, initial_state, evaluation_range)
        out.write(f'\n], "final_state": {json.dumps(final)}}}\n')
        return final
    # the parts of a line that only depend on the state, the actions and the kind, written once each
    around: dict[tuple[str, bool, tuple[Action, ...], str, str], tuple[str, str]] = {}
    final, batch, first = initial_state, [], True
    for period, number, state, previous, changed, reason, actions, kind in _rows(
            config, inputs, lang="en", aws_reasons=True, initial_state=initial_state, evaluate=evaluate,
            forced=forced, evaluation_range=evaluation_range):
        key = (state, changed, actions, kind, previous)
        parts = around.get(key)
        if parts is None:
            fired = json.dumps([a.spec for a in actions], ensure_ascii=True)
            parts = around[key] = (
                f'"state": "{state}", "changed": {"true" if changed else "false"}, "reason": ',
                f', "actions": {fired}, "kind": "{kind}", "previous_state": "{previous}"}}')
        value = "null" if number is None else repr(number)
        batch.append(f'{{"index": {period}, "value": {value}, {parts[0]}{quote(reason)}{parts[1]}')
        final = state
        if len(batch) >= 1000:
            out.write(("" if first else ",\n") + ",\n".join(batch))
            batch, first = [], False
    if batch:
        out.write(("" if first else ",\n") + ",\n".join(batch))
    out.write(f'\n], "final_state": {json.dumps(final)}}}\n')
    return final
