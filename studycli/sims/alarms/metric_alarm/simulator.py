"""One alarm fed one datapoint per period: the evaluation rules, O(1) per datapoint."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from itertools import islice

from studycli.errors import INVALID_PARAMETER_VALUE, SpecError
from studycli.sims.alarms.metric_alarm.config import (
    ALARM,
    INSUFFICIENT_DATA,
    OK,
    STATES,
    Action,
    AlarmConfig,
    _comparator,
)

# How an evaluation reached its state (kept as short codes so observe() stays cheap).
RULE_ENOUGH_DATA = "enough-data"        # >= N real points: the newest N decide
RULE_FILLED = "filled"                  # breaching/notBreaching filled the gaps
RULE_PARTIAL = "partial"                # missing/ignore: decided from the real points alone
RULE_NO_DATA = "no-data"                # missing: nothing in the range
RULE_WAITING = "waiting"                # missing: breaching but too recent to alarm (premature rule)
RULE_PREMATURE = "premature-alarm"      # missing: oldest breaching point old enough -> ALARM
RULE_RETAIN = "retain"                  # ignore: keep the current state
RULE_LOW_SAMPLE = "low-sample"          # a percentile on too few samples, evaluate_low_sample_count_percentile=ignore
RULE_FORCED = "set-alarm-state"


# --- evaluation --------------------------------------------------------------------

@dataclass(frozen=True)
class Point:
    slot: int           # period index
    value: float
    breaching: bool
    band: tuple[float | None, float | None] | None = None    # a band alarm: the period's (lower, upper)


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
                 "_cum_out", "_actions", "_repeat", "last_rule", "last_new", "last_fired", "forced", "bands")

    def __init__(self, config: AlarmConfig, initial_state: str = INSUFFICIENT_DATA,
                 evaluation_range: int | None = None):
        if initial_state not in STATES:
            raise SpecError(f"{initial_state!r} is not one of {', '.join(STATES)}", field="initial_state",
                            kind=INVALID_PARAMETER_VALUE)
        n = config.evaluation_periods
        rng = n + 2 if evaluation_range is None else evaluation_range
        if isinstance(rng, bool) or not isinstance(rng, int) or rng < n:
            raise SpecError(f"must be a whole number of at least evaluation_periods ({n})", field="evaluation_range",
                            kind=INVALID_PARAMETER_VALUE)
        self.config, self.state, self.range = config, initial_state, rng
        self._n, self._m, self._tmd = n, config.datapoints_to_alarm, config.treat_missing_data
        self._breaches = _comparator(config.comparison, config.threshold) if not config.band else \
            (lambda value: False)
        # (slot, breaching count up to and including this point, breaching?, value)
        self._window: deque[tuple[int, int, bool, float]] = deque()
        self._slot = -1
        self._cum = 0          # breaching real points ever seen
        self._cum_out = 0      # ... of which have left the range
        self._actions = {s: config.actions.get(s, ()) for s in STATES}
        self._repeat = {s: tuple(a for a in self._actions[s] if a.repeats) for s in STATES}
        self.last_rule: str = ""
        self.last_new: str | None = None
        self.last_fired: tuple[Action, ...] = ()
        self.forced = False
        self.bands: dict[int, tuple[float | None, float | None]] = {}   # band alarms: slot -> (lower, upper)

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

    def advance_band(self, value: float | None, lower: float | None, upper: float | None) -> None:
        """A band alarm's next datapoint with its period's band (breaching: outside it, as the operator says)."""
        i = self._slot = self._slot + 1
        window = self._window
        if value is not None:
            self.bands[i] = (lower, upper)
            breaching = self.config.breaches(value, lower, upper)
            self._cum += breaching
            window.append((i, self._cum, breaching, value))
        oldest = i - self.range
        while window and window[0][0] <= oldest:
            self._cum_out = window.popleft()[1]
        self.bands.pop(oldest, None)

    def load_window(self, values: list[float | None], bands: list[tuple[float | None, float | None]] | None = None,
                    last_slot: int | None = None) -> None:
        """The next period (or period `last_slot`), with the whole evaluation range recomputed (a metric math
        alarm: the expression is computed anew over the periods each evaluation fetches). `values` ends with
        that period."""
        i = self._slot = self._slot + 1 if last_slot is None else last_slot
        values = values[-self.range:]
        first = i - len(values) + 1
        self._window.clear()
        self.bands.clear()
        self._cum = self._cum_out = 0
        for offset, value in enumerate(values):
            if value is None:
                continue
            slot = first + offset
            lower, upper = bands[-len(values):][offset] if bands else (None, None)
            if bands:
                self.bands[slot] = (lower, upper)
            breaching = self.config.breaches(value, lower, upper)
            self._cum += breaching
            self._window.append((slot, self._cum, breaching, value))

    def hold(self, rule: str) -> bool:
        """An evaluation that keeps the state whatever the data (no actions, no change)."""
        self.last_rule, self.last_new, self.forced, self.last_fired = rule, None, False, ()
        return False

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
            raise SpecError(f"{state!r} is not one of {', '.join(STATES)}", field="set_state.state",
                            kind=INVALID_PARAMETER_VALUE)
        self.forced, self.last_rule, self.last_new = True, RULE_FORCED, state
        if state == self.state:
            self.last_fired = ()
            return False
        self.state = state
        self.last_fired = self._actions[state]
        return True

    # what the last evaluation looked at -------------------------------------------------
    def evaluated_entries(self) -> list[tuple[int, int, bool, float]]:
        """The window entries (slot, count, breaching?, value) the last evaluation used, oldest first."""
        window = self._window
        if self.last_rule == RULE_ENOUGH_DATA:
            return list(window)[-self._n:]
        return list(window)

    def summary(self) -> tuple[list[tuple[int, int, bool, float]], int, int, int, int]:
        """What the last evaluation used, from the running counts: (entries, real points, breaching real
        points, missing points filled, breaching points counted with the filled ones)."""
        window, n = self._window, self._n
        total = len(window)
        if self.last_rule == RULE_ENOUGH_DATA:
            entries = list(islice(window, total - n, None)) if total > n else list(window)
            before = window[total - n - 1][1] if total > n else self._cum_out
            bad = self._cum - before
            return entries, len(entries), bad, 0, bad
        bad = self._cum - self._cum_out
        filled = n - total if self.last_rule == RULE_FILLED else 0
        breaching = bad + filled if self.last_rule == RULE_FILLED and self._tmd == "breaching" else bad
        return list(window), total, bad, filled, breaching

    def counts(self, entries: list[tuple[int, int, bool, float]]) -> tuple[int, int]:
        """(missing points filled by the treatment, breaching points counted) for those entries."""
        breaching = sum(1 for e in entries if e[2])
        filled = self._n - len(entries) if self.last_rule == RULE_FILLED else 0
        if self.last_rule == RULE_FILLED and self._tmd == "breaching":
            breaching += filled
        return filled, breaching

    def explain_last(self) -> Evaluation:
        entries = self.evaluated_entries()
        points = tuple(Point(s, v, b, self.bands.get(s)) for s, _, b, v in entries)
        filled, breaching = self.counts(entries)
        return Evaluation(self.last_rule, self.last_new, points, filled, breaching, self.range)
