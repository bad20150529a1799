"""A CloudWatch metric alarm on simulated time, following AWS's documented rules.

What this models (CloudWatch User Guide, "Alarm evaluation" and "Configuring how
CloudWatch alarms treat missing data"; PutMetricAlarm and SetAlarmState API pages):

* One datapoint per period (already aggregated, or aggregated here from raw samples
  with the alarm's statistic); `None` is a period with no data.
* At each evaluation CloudWatch looks back over the *evaluation range*, which is longer
  than the N evaluation periods (AWS's worked example: N = 3, range = 5). AWS does not
  publish the formula, so the range is a parameter; the default is N + 2, as in AWS's
  tables.
  - N or more real datapoints in the range: the newest N real datapoints decide, and
    `treat_missing_data` plays no part.
  - fewer: the real ones are all used and the rest is filled with the treatment:
    `breaching` / `notBreaching` fill with bad / good points; `missing` and `ignore`
    fill with nothing. With no real data at all `missing` gives INSUFFICIENT_DATA and
    `ignore` keeps the current state. When every real datapoint is breaching but there
    are fewer than M of them, the alarm does not go to ALARM prematurely: `missing`
    waits in INSUFFICIENT_DATA unless the oldest breaching datapoint is at least M
    periods old (then ALARM), and `ignore` keeps the current state.
  - ALARM when at least M (datapoints_to_alarm) evaluated points breach, else OK; the
    breaching points need not be consecutive.
* A new alarm starts in INSUFFICIENT_DATA. Actions fire when the state changes; Auto
  Scaling policies are invoked again at every evaluation while the alarm stays in the
  state (AWS re-invokes them every minute). SetAlarmState forces a state, with its
  actions, until the next evaluation.

Pure: no clock (period i starts at i × period seconds of simulated time), no I/O.
`AlarmSimulator.observe` is O(1) per datapoint: a sliding window of the real
datapoints in the range with running breach counts, and text is built only on request.
"""

from __future__ import annotations

import math
import re
from collections import deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from studycli.errors import SpecError

OK, ALARM, INSUFFICIENT_DATA = "OK", "ALARM", "INSUFFICIENT_DATA"
STATES = (OK, ALARM, INSUFFICIENT_DATA)

# AWS operator name -> (symbol, English phrase, Korean phrase)
COMPARISONS = {
    "GreaterThanThreshold": (">", "greater than", "초과"),
    "GreaterThanOrEqualToThreshold": (">=", "greater than or equal to", "이상"),
    "LessThanThreshold": ("<", "less than", "미만"),
    "LessThanOrEqualToThreshold": ("<=", "less than or equal to", "이하"),
}
# PutMetricAlarm also accepts these, but only for anomaly-detection bands.
ANOMALY_COMPARISONS = ("LessThanLowerOrGreaterThanUpperThreshold", "LessThanLowerThreshold",
                       "GreaterThanUpperThreshold")
TREATMENTS = ("missing", "ignore", "breaching", "notBreaching")
BASIC_STATISTICS = ("Average", "Sum", "Minimum", "Maximum", "SampleCount")
PERCENTILE_RE = re.compile(r"^p(\d{1,2}(?:\.\d{1,2})?|100(?:\.0{1,2})?)$")
HIGH_RESOLUTION_PERIODS = (10, 20, 30)
ONE_DAY, SEVEN_DAYS = 86_400, 7 * 86_400

# How an evaluation reached its state (kept as short codes so observe() stays cheap).
RULE_ENOUGH_DATA = "enough-data"        # >= N real points: the newest N decide
RULE_FILLED = "filled"                  # breaching/notBreaching filled the gaps
RULE_PARTIAL = "partial"                # missing/ignore: decided from the real points alone
RULE_NO_DATA = "no-data"                # missing: nothing in the range
RULE_WAITING = "waiting"                # missing: breaching but too recent to alarm (premature rule)
RULE_PREMATURE = "premature-alarm"      # missing: oldest breaching point old enough -> ALARM
RULE_RETAIN = "retain"                  # ignore: keep the current state
RULE_FORCED = "set-alarm-state"


class AlarmSpecError(SpecError):
    """An invalid alarm setting; `field` names it so callers can point at its line."""

    def __init__(self, field_name: str, message: str, kind: str = "InvalidParameterValue"):
        self.field = field_name
        super().__init__(f"{field_name}: {message}", kind=kind)


# --- actions ---------------------------------------------------------------------

EC2_VERBS = ("stop", "terminate", "reboot", "recover")


@dataclass(frozen=True)
class Action:
    """One alarm action, as written in the spec (an ARN or a short form)."""

    spec: str
    kind: str       # sns | ec2 | autoscaling
    verb: str       # notify | stop | terminate | reboot | recover | scale
    target: str

    @property
    def repeats(self) -> bool:
        """Auto Scaling actions are re-invoked while the alarm stays in the state."""
        return self.kind == "autoscaling"


def parse_action(text: object, field_name: str) -> Action:
    """`arn:aws:sns:...`, `arn:aws:automate:<region>:ec2:<verb>`, `arn:aws:autoscaling:...:scalingPolicy:...`,
    or the short forms `sns:<topic>`, `ec2:<verb>`, `autoscaling:<policy>`."""
    if not isinstance(text, str) or not text.strip():
        raise AlarmSpecError(field_name, f"expected an action (ARN or sns:/ec2:/autoscaling: form), got {text!r}")
    s = text.strip()
    parts = s.split(":")
    if s.startswith("arn:"):
        service = parts[2] if len(parts) > 2 else ""
        if service == "sns" and len(parts) >= 6 and parts[5]:
            return Action(s, "sns", "notify", parts[5])
        if service == "automate" and len(parts) == 6 and parts[4] == "ec2" and parts[5] in EC2_VERBS:
            return Action(s, "ec2", parts[5], parts[5])
        if service == "autoscaling" and "scalingPolicy" in s:
            name = s.rsplit("policyName/", 1)[-1] if "policyName/" in s else parts[-1]
            return Action(s, "autoscaling", "scale", name)
        raise AlarmSpecError(field_name, f"{s!r} is not an SNS topic, EC2 (arn:aws:automate:<region>:ec2:"
                                         f"stop|terminate|reboot|recover) or Auto Scaling policy ARN")
    if len(parts) == 2 and parts[1]:
        kind, rest = parts[0].lower(), parts[1]
        if kind == "sns":
            return Action(s, "sns", "notify", rest)
        if kind == "ec2" and rest in EC2_VERBS:
            return Action(s, "ec2", rest, rest)
        if kind == "autoscaling":
            return Action(s, "autoscaling", "scale", rest)
    raise AlarmSpecError(field_name, f"{s!r} is not an action; use sns:<topic>, ec2:stop|terminate|reboot|recover, "
                                     f"autoscaling:<policy> or a full ARN")


# --- configuration -----------------------------------------------------------------

@dataclass(frozen=True)
class AlarmConfig:
    """A validated metric alarm (the PutMetricAlarm fields this simulator uses)."""

    period: int
    evaluation_periods: int
    datapoints_to_alarm: int
    threshold: float
    comparison: str
    statistic: str = "Average"
    treat_missing_data: str = "missing"
    actions: dict[str, tuple[Action, ...]] = field(default_factory=dict)
    name: str = "alarm"
    metric: str | None = None

    def breaches(self, value: float) -> bool:
        return _comparator(self.comparison, self.threshold)(value)

    @property
    def operator_phrase(self) -> str:
        return COMPARISONS[self.comparison][1]

    def condition_text(self) -> dict[str, str]:
        sym = COMPARISONS[self.comparison][0]
        t = _fmt(self.threshold)
        m, n = self.datapoints_to_alarm, self.evaluation_periods
        return {"en": f"{self.statistic} {sym} {t} for {m} of {n} datapoints of {self.period} s",
                "ko": f"{self.period}초 데이터포인트 {n}개 중 {m}개에서 {self.statistic} {sym} {t}"}


def _comparator(comparison: str, threshold: float):
    # Bound float methods keep the per-datapoint comparison in C (the benchmark counts on it).
    t = float(threshold)
    return {"GreaterThanThreshold": t.__lt__, "GreaterThanOrEqualToThreshold": t.__le__,
            "LessThanThreshold": t.__gt__, "LessThanOrEqualToThreshold": t.__ge__}[comparison]


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _whole(value: object, field_name: str, minimum: int = 1) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise AlarmSpecError(field_name, f"expected a whole number, got {value!r}")
    if value < minimum:
        raise AlarmSpecError(field_name, f"must be at least {minimum}, got {value}")
    return value


def validate_period(period: object) -> int:
    period = _whole(period, "period")
    if period not in HIGH_RESOLUTION_PERIODS and period % 60:
        raise AlarmSpecError("period", f"{period} seconds is not a valid alarm period "
                                       f"(use 10, 20, 30 or a multiple of 60)")
    return period


def validate_statistic(statistic: object) -> str:
    if not isinstance(statistic, str):
        raise AlarmSpecError("statistic", f"expected a statistic name, got {statistic!r}")
    if statistic in BASIC_STATISTICS or PERCENTILE_RE.match(statistic):
        return statistic
    raise AlarmSpecError("statistic", f"{statistic!r} is not supported (use {', '.join(BASIC_STATISTICS)} "
                                      f"or a percentile such as p99 or p99.9)")


def make_config(*, period: object, evaluation_periods: object, threshold: object, comparison: object,
                datapoints_to_alarm: object = None, statistic: object = "Average",
                treat_missing_data: object = "missing", alarm_actions: Iterable = (),
                ok_actions: Iterable = (), insufficient_data_actions: Iterable = (),
                name: object = "alarm", metric: object = None) -> AlarmConfig:
    """Validate like PutMetricAlarm does; raise AlarmSpecError naming the field."""
    period = validate_period(period)
    n = _whole(evaluation_periods, "evaluation_periods")
    m = n if datapoints_to_alarm is None else _whole(datapoints_to_alarm, "datapoints_to_alarm")
    if m > n:
        raise AlarmSpecError("datapoints_to_alarm", f"{m} is more than evaluation_periods ({n}); "
                                                    f"M out of N needs M <= N")
    limit = ONE_DAY if period < 3600 else SEVEN_DAYS
    if period * n > limit:
        raise AlarmSpecError("evaluation_periods",
                             f"period x evaluation_periods = {period * n} s is more than AWS allows "
                             f"({'one day' if limit == ONE_DAY else 'seven days'} for periods "
                             f"{'under' if limit == ONE_DAY else 'of'} an hour{'' if limit == ONE_DAY else ' or more'})")
    if not _is_number(threshold):
        raise AlarmSpecError("threshold", f"expected a number, got {threshold!r}")
    for field_name, value in (("comparison", comparison), ("treat_missing_data", treat_missing_data)):
        if not isinstance(value, str):
            raise AlarmSpecError(field_name, f"expected a name, got {value!r}")
    if comparison in ANOMALY_COMPARISONS:
        raise AlarmSpecError("comparison", f"{comparison} compares against an anomaly-detection band, "
                                           f"which this simulator does not model")
    if comparison not in COMPARISONS:
        raise AlarmSpecError("comparison", f"unknown operator {comparison!r} (use {', '.join(COMPARISONS)})")
    statistic = validate_statistic(statistic)
    if treat_missing_data not in TREATMENTS:
        raise AlarmSpecError("treat_missing_data", f"{treat_missing_data!r} is not one of {', '.join(TREATMENTS)}")
    if metric is not None and not isinstance(metric, str):
        raise AlarmSpecError("metric", f"expected a metric name, got {metric!r}")
    actions: dict[str, tuple[Action, ...]] = {}
    for state, field_name, items in ((ALARM, "alarm_actions", alarm_actions), (OK, "ok_actions", ok_actions),
                                     (INSUFFICIENT_DATA, "insufficient_data_actions", insufficient_data_actions)):
        if isinstance(items, (str, bytes)) or not isinstance(items, Iterable):
            raise AlarmSpecError(field_name, f"expected a list of actions, got {items!r}")
        parsed = tuple(parse_action(a, field_name) for a in items)
        for action in parsed:
            if action.verb == "recover" and metric is not None and metric != "StatusCheckFailed_System":
                raise AlarmSpecError(field_name, f"the EC2 recover action needs an alarm on StatusCheckFailed_System, "
                                                 f"not {metric}")
        actions[state] = parsed
    return AlarmConfig(period=period, evaluation_periods=n, datapoints_to_alarm=m, threshold=float(threshold),
                       comparison=comparison, statistic=statistic, treat_missing_data=treat_missing_data,
                       actions=actions, name=str(name), metric=metric)


# --- statistics from raw samples ---------------------------------------------------

def aggregate(statistic: str, samples: Sequence[float]) -> float | None:
    """The period's datapoint from its raw samples; None when there are none (missing data)."""
    if not samples:
        return None
    if statistic == "Average":
        return sum(samples) / len(samples)
    if statistic == "Sum":
        return float(sum(samples))
    if statistic == "Minimum":
        return float(min(samples))
    if statistic == "Maximum":
        return float(max(samples))
    if statistic == "SampleCount":
        return float(len(samples))
    return percentile(samples, float(statistic[1:]))


def percentile(samples: Sequence[float], p: float) -> float:
    """Nearest-rank percentile: the smallest sample with at least p % of the samples at or below it."""
    ordered = sorted(samples)
    rank = max(1, math.ceil(p / 100.0 * len(ordered)))
    return float(ordered[rank - 1])


# --- evaluation --------------------------------------------------------------------

@dataclass(frozen=True)
class Point:
    slot: int           # period index
    value: float
    breaching: bool


@dataclass(frozen=True)
class Evaluation:
    """Why one evaluation gave its state: the points it used and the rule that decided."""

    rule: str
    new_state: str | None           # None: keep the current state
    evaluated: tuple[Point, ...]    # real points that were evaluated, oldest first
    filled: int                     # missing points filled by the treatment
    breaching: int                  # breaching points counted (filled ones included)
    range_size: int


class AlarmSimulator:
    """One alarm fed one datapoint per period. `observe()` is the fast path."""

    __slots__ = ("config", "state", "range", "_n", "_m", "_tmd", "_breaches", "_window", "_slot", "_cum",
                 "_cum_out", "_actions", "_repeat", "last_rule", "last_new", "last_fired", "forced")

    def __init__(self, config: AlarmConfig, initial_state: str = INSUFFICIENT_DATA,
                 evaluation_range: int | None = None):
        if initial_state not in STATES:
            raise AlarmSpecError("initial_state", f"{initial_state!r} is not one of {', '.join(STATES)}")
        n = config.evaluation_periods
        rng = n + 2 if evaluation_range is None else evaluation_range
        if isinstance(rng, bool) or not isinstance(rng, int) or rng < n:
            raise AlarmSpecError("evaluation_range", f"must be a whole number of at least evaluation_periods ({n})")
        self.config, self.state, self.range = config, initial_state, rng
        self._n, self._m, self._tmd = n, config.datapoints_to_alarm, config.treat_missing_data
        self._breaches = _comparator(config.comparison, config.threshold)
        # (slot, breaching count up to and including this point, breaching?, value)
        self._window: deque[tuple[int, int, bool, float]] = deque()
        self._slot = -1
        self._cum = 0          # breaching real points ever seen
        self._cum_out = 0      # ... of which have left the range
        self._actions = {s: config.actions.get(s, ()) for s in STATES}
        self._repeat = {s: tuple(a for a in self._actions[s] if a.repeats) for s in STATES}
        self.last_rule, self.last_new, self.last_fired, self.forced = "", None, (), False

    # the fast path -------------------------------------------------------------
    def advance(self, value: float | None) -> None:
        """Record the next period's datapoint (None: no data) without evaluating."""
        i = self._slot = self._slot + 1
        window = self._window
        if value is not None:
            if self._breaches(value):
                self._cum += 1
                window.append((i, self._cum, True, value))
            else:
                window.append((i, self._cum, False, value))
        oldest = i - self.range
        while window and window[0][0] <= oldest:
            self._cum_out = window.popleft()[1]

    def evaluate(self) -> bool:
        """Evaluate the alarm now; return True when the state changed (actions in `last_fired`)."""
        new, rule = self._decide()
        self.last_rule, self.last_new = rule, new
        self.forced = False
        if new is None or new == self.state:
            self.last_fired = self._repeat[self.state]
            return False
        self.state = new
        self.last_fired = self._actions[new]
        return True

    def observe(self, value: float | None) -> bool:
        self.advance(value)
        return self.evaluate()

    def _decide(self) -> tuple[str | None, str]:
        window, n, m = self._window, self._n, self._m
        real = len(window)
        if real >= n:
            # enough real data: the newest N real points decide; the treatment is not needed
            before = window[real - n - 1][1] if real > n else self._cum_out
            return (ALARM if self._cum - before >= m else OK), RULE_ENOUGH_DATA
        breaching = self._cum - self._cum_out
        tmd = self._tmd
        if tmd == "breaching":
            return (ALARM if breaching + n - real >= m else OK), RULE_FILLED
        if tmd == "notBreaching":
            return (ALARM if breaching >= m else OK), RULE_FILLED
        if real == 0:
            return (INSUFFICIENT_DATA, RULE_NO_DATA) if tmd == "missing" else (None, RULE_RETAIN)
        if breaching >= m:
            return ALARM, RULE_PARTIAL
        if breaching < real:
            return OK, RULE_PARTIAL
        # every real point breaches, but fewer than M of them: avoid a premature ALARM
        if tmd == "ignore":
            return None, RULE_RETAIN
        if self._slot - window[0][0] + 1 >= m:
            return ALARM, RULE_PREMATURE
        return INSUFFICIENT_DATA, RULE_WAITING

    # forcing -----------------------------------------------------------------------
    def set_state(self, state: str) -> bool:
        """SetAlarmState: the state holds until the next evaluation; actions fire on a change."""
        if state not in STATES:
            raise AlarmSpecError("set_state.state", f"{state!r} is not one of {', '.join(STATES)}")
        self.forced, self.last_rule, self.last_new = True, RULE_FORCED, state
        if state == self.state:
            self.last_fired = ()
            return False
        self.state = state
        self.last_fired = self._actions[state]
        return True

    # the slow path: what the last evaluation looked at ---------------------------------
    def explain_last(self) -> Evaluation:
        window, n = list(self._window), self._n
        points = tuple(Point(s, v, b) for s, _, b, v in window)
        rule, new = self.last_rule, self.last_new
        if rule == RULE_ENOUGH_DATA:
            used = points[-n:]
            return Evaluation(rule, new, used, 0, sum(p.breaching for p in used), self.range)
        breaching = sum(p.breaching for p in points)
        filled = n - len(points) if rule == RULE_FILLED else 0
        if rule == RULE_FILLED and self._tmd == "breaching":
            breaching += filled
        return Evaluation(rule, new, points, filled, breaching, self.range)


# --- running a whole series -------------------------------------------------------

@dataclass(frozen=True)
class Step:
    index: int
    value: float | None
    state: str
    previous: str
    changed: bool
    reason: str
    reason_ko: str
    actions: tuple[Action, ...]
    evaluation: Evaluation | None
    kind: str = "evaluation"        # or "set-alarm-state"

    def to_json(self) -> dict:
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

    def to_json(self) -> dict:
        return {"final_state": self.final_state, "steps": [s.to_json() for s in self.steps]}


def run(config: AlarmConfig, datapoints: Sequence[float | None], *, initial_state: str = INSUFFICIENT_DATA,
        evaluate: str = "each", forced: Sequence[ForcedState] = (), evaluation_range: int | None = None) -> Run:
    """Feed `datapoints` (oldest first) through the alarm and record every evaluation.

    `evaluate="each"` evaluates after every period; `"once"` treats the list as the
    evaluation range and evaluates a single time, from `initial_state`.
    """
    if evaluate not in ("each", "once"):
        raise AlarmSpecError("evaluate", f"{evaluate!r} is not 'each' or 'once'")
    if not datapoints:
        raise AlarmSpecError("datapoints", "expected at least one period")
    if evaluate == "once":
        if forced:
            raise AlarmSpecError("set_state", "set_state needs evaluate: each")
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
            raise AlarmSpecError("set_state.after", f"{f.after} is not an index of datapoints (0-{len(datapoints) - 1})")
        by_index.setdefault(f.after, []).append(f)
    steps: list[Step] = []
    for i, value in enumerate(datapoints):
        previous = sim.state
        changed = sim.observe(value)
        steps.append(_evaluation_step(sim, i, value, previous, changed))
        for f in by_index.get(i, ()):
            previous = sim.state
            changed = sim.set_state(f.state)
            steps.append(Step(i, None, sim.state, previous, changed, f.reason,
                              f"set-alarm-state로 {f.state} 상태를 강제함 (다음 평가까지 유지): {f.reason}",
                              sim.last_fired, None, "set-alarm-state"))
    return Run(sim.state, tuple(steps), config.period)


def _evaluation_step(sim: AlarmSimulator, index: int, value, previous: str, changed: bool) -> Step:
    ev = sim.explain_last()
    text = describe_evaluation(sim.config, ev, previous, sim.state, changed)
    return Step(index, value, sim.state, previous, changed, text["en"], text["ko"], sim.last_fired, ev)


# --- state reasons, in the style AWS writes them -------------------------------------

def _fmt(x: float) -> str:
    return repr(float(x))


def timestamp(slot: int, period: int) -> str:
    """Simulated time of a period's start: `hh:mm:ss`, with a day prefix after the first day."""
    seconds = slot * period
    day, rest = divmod(seconds, ONE_DAY)
    clock = f"{rest // 3600:02d}:{rest % 3600 // 60:02d}:{rest % 60:02d}"
    return f"day {day + 1} {clock}" if day else clock


def _points(points: Iterable[Point], period: int) -> str:
    return "[" + ", ".join(f"{_fmt(p.value)} ({timestamp(p.slot, period)})" for p in points) + "]"


def _plural(k: int, word: str) -> str:
    return f"{k} {word}" + ("" if k == 1 else "s")


def describe_evaluation(config: AlarmConfig, ev: Evaluation, previous: str, state: str,
                        changed: bool) -> dict[str, str]:
    """A state reason in English (AWS's style) and the same explanation in Korean."""
    n, m, t = config.evaluation_periods, config.datapoints_to_alarm, _fmt(config.threshold)
    op, op_ko = COMPARISONS[config.comparison][1], COMPARISONS[config.comparison][2]
    p = config.period
    transition = f" ({previous} -> {state} transition)" if changed else f" (state stays {state})"
    transition_ko = f" ({previous} → {state} 전환)" if changed else f" ({state} 유지)"
    bad = tuple(pt for pt in ev.evaluated if pt.breaching)
    good = tuple(pt for pt in ev.evaluated if not pt.breaching)
    real = len(ev.evaluated)
    if ev.rule == RULE_RETAIN:
        return {"en": f"Missing data is ignored (treat_missing_data = ignore): {real} datapoint(s) in the "
                      f"evaluation range of {ev.range_size} cannot decide, so the alarm keeps its state {state}.",
                "ko": f"누락 데이터 무시(ignore): 평가 범위 {ev.range_size}개 중 실제 데이터 {real}개로는 판단할 수 "
                      f"없으므로 현재 상태 {state}를 유지한다."}
    if ev.rule == RULE_NO_DATA:
        return {"en": f"Insufficient Data: {_plural(ev.range_size, 'datapoint')} were unknown "
                      f"(no data in the evaluation range; treat_missing_data = missing){transition}.",
                "ko": f"데이터 부족: 평가 범위 {ev.range_size}개 기간 모두 데이터가 없다 "
                      f"(missing 처리){transition_ko}."}
    if ev.rule == RULE_WAITING:
        return {"en": f"Insufficient Data: only {_plural(real, 'datapoint')} {_points(bad, p)}, all {op} the threshold "
                      f"({t}), fewer than the {m} needed; the oldest is not yet {m} periods old, so the alarm "
                      f"does not go to ALARM prematurely{transition}.",
                "ko": f"데이터 부족: 실제 데이터 {real}개 {_points(bad, p)}가 모두 임계값({t}) {op_ko}이지만 필요한 "
                      f"{m}개보다 적고 가장 오래된 값이 아직 {m}개 기간 전이 아니므로, 성급하게 ALARM으로 가지 "
                      f"않는다{transition_ko}."}
    if ev.rule == RULE_PREMATURE:
        return {"en": f"Threshold Crossed: {_plural(len(bad), 'datapoint')} {_points(bad, p)} "
                      f"{'was' if len(bad) == 1 else 'were'} {op} the threshold ({t}) and every later period is "
                      f"breaching or missing; the oldest breaching datapoint is at least {m} periods old, so the "
                      f"alarm goes to ALARM with fewer than {m} datapoints{transition}.",
                "ko": f"임계값 위반: 데이터 {len(bad)}개 {_points(bad, p)}가 임계값({t}) {op_ko}이고 그 뒤 기간은 모두 "
                      f"위반이거나 누락이다. 가장 오래된 위반 데이터가 {m}개 기간 이상 지났으므로 {m}개가 안 되어도 "
                      f"ALARM이 된다{transition_ko}."}
    fill_en = fill_ko = ""
    if ev.filled:
        as_what = "[Breaching]" if config.treat_missing_data == "breaching" else "[NonBreaching]"
        fill_en = f", and {_plural(ev.filled, 'missing datapoint')} {'was' if ev.filled == 1 else 'were'} treated as {as_what}"
        fill_ko = (f", 누락 {ev.filled}개는 " + ("위반" if config.treat_missing_data == "breaching" else "정상")
                   + "으로 채움")
    if ev.rule == RULE_FILLED and not ev.evaluated:
        lead = f"no datapoints were received for {_plural(n, 'period')}"
        lead_ko = f"{n}개 기간 동안 데이터가 없었고"
    else:
        of = f"the last {n}" if ev.rule in (RULE_ENOUGH_DATA, RULE_FILLED) else f"the {real} available"
        if state == ALARM or (ev.new_state == ALARM):
            shown, k, verb, verb_ko = bad, len(bad), op, op_ko
        else:
            shown, k, verb, verb_ko = good, len(good), f"not {op}", f"{op_ko} 아님"
        lead = (f"{k} out of {of} datapoints {_points(shown, p)} {'was' if k == 1 else 'were'} {verb} "
                f"the threshold ({t})")
        lead_ko = f"평가한 {real}개 중 {k}개 {_points(shown, p)}가 임계값({t}) {verb_ko}"
    need = (f"minimum {_plural(m, 'datapoint')} for ALARM" if ev.new_state == ALARM
            else f"ALARM needs {m} of {n} breaching; {ev.breaching} counted")
    need_ko = f"ALARM 조건: {n}개 중 {m}개 위반, 위반 {ev.breaching}개"
    missing_note = ""
    missing_note_ko = ""
    if ev.rule == RULE_PARTIAL:
        missing_note = f"; {_plural(n - real, 'missing datapoint')} not considered"
        missing_note_ko = f"; 누락 {n - real}개는 고려하지 않음"
    return {"en": f"Threshold Crossed: {lead}{fill_en}{missing_note} ({need}){transition}.",
            "ko": f"임계값 판정: {lead_ko}{fill_ko}{missing_note_ko} ({need_ko}){transition_ko}."}
