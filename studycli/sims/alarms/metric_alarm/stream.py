"""The common case of `write_json`, written fast: a plain threshold alarm evaluated at every period.

`run.write_json` streams any run through the general loop (`evaluations`, the simulator,
`ReasonWriter`). For the run a spec of a million datapoints usually is (evaluate: each, no
SetAlarmState, no metric math, no band), `write_steps` does the same work in one loop: the
simulator's window and rules (`AlarmSimulator.advance`, `_decide`, `summary`) inlined, without a
Moment, a Row or a generator per period. Each datapoint's text is written once, when it enters
the window, from pieces of the template escaped beforehand (the day's once a day), and reused by
every reason that lists it (each datapoint appears in up to N of them); each reason's words around
its datapoints are rendered, escaped and joined with the rest of the line once per (rule, counts,
transition). Escaping the parts is escaping the whole: `encode_basestring_ascii` escapes character
by character, and numbers and `hh:mm:ss` have nothing to escape.

The lines are byte for byte those of the general loop (tests/test_alarm_streaming.py compares them
on random specs).
"""

from __future__ import annotations

import json
from collections import deque
from collections.abc import Iterable, Sequence
from itertools import islice, repeat
from json.encoder import encode_basestring_ascii as quote
from typing import Protocol

from studycli.sims.alarms.metric_alarm.config import (
    ALARM,
    INSUFFICIENT_DATA,
    OK,
    ONE_DAY,
    STATES,
    AlarmConfig,
    _comparator,
)
from studycli.sims.alarms.metric_alarm.reasons import ReasonWriter, time_of_day
from studycli.sims.alarms.metric_alarm.simulator import (
    RULE_ENOUGH_DATA,
    RULE_FILLED,
    RULE_LOW_SAMPLE,
    RULE_NO_DATA,
    RULE_PARTIAL,
    RULE_PREMATURE,
    RULE_RETAIN,
    RULE_WAITING,
    AlarmSimulator,
)

BATCH = 2000            # lines a write (about 800 KB)
# what a reason's words depend on: rule, new state, real points, breaching ones, filled, breaching counted,
# previous state, state, changed
Key = tuple[str, str | None, int, int, int, int, str, str, bool]


class TextOut(Protocol):
    """Where the JSON goes: a text stream, or anything with `write(str)`."""

    def write(self, text: str, /) -> object: ...


def fast_writer(config: AlarmConfig, evaluate: str, forced: Sequence[object]) -> ReasonWriter | None:
    """The English ReasonWriter `write_steps` needs, when the run is one it writes (else None)."""
    if evaluate != "each" or forced or config.math is not None or config.band:
        return None
    writer = ReasonWriter(config, "en")
    simple = writer.separator is not None and writer.point_parts() is not None and writer.clock_parts(1) is not None
    return writer if simple else None


def write_steps(config: AlarmConfig, writer: ReasonWriter, values: Iterable[float | None],
                significant: Iterable[bool] | None, out: TextOut, initial_state: str = INSUFFICIENT_DATA,
                evaluation_range: int | None = None) -> str:
    """Write the steps of the run, `,\\n` between them, as `write_json` does; return the final state."""
    sim = AlarmSimulator(config, initial_state, evaluation_range)    # checks the state and the range
    n, m, tmd, span = config.evaluation_periods, config.datapoints_to_alarm, config.treat_missing_data, sim.range
    breaches = _comparator(config.comparison, config.threshold)
    actions = {s: config.actions.get(s, ()) for s in STATES}
    repeated = {s: tuple(a for a in actions[s] if a.repeats) for s in STATES}
    period = config.period
    separator = quote(writer.separator or "")[1:-1]
    # a datapoint's text, escaped: lead + value + between + hh:mm:ss + end (between and end change each day)
    lead, middle, last = (quote(part)[1:-1] for part in writer.point_parts() or ("", "", ""))
    today, between, end = -1, "", ""
    times: dict[int, str] = {}
    wrap = writer.wrap
    # (rule, new state, counts, transition) -> (which points the reason lists: True bad, False good, None none;
    # the line from "state" to the points; the line after them)
    shapes: dict[Key, tuple[bool | None, str, str]] = {}

    def shape(key: Key) -> tuple[bool | None, str, str]:
        rule, new, real, bad, filled, breaching, previous, state, changed = key
        parts = writer.shape(rule, new, real, bad, filled, breaching, span, previous, state, changed)
        # what fired: the new state's actions on a change, else its repeating ones (none while held)
        fired = actions[state] if changed else () if rule == RULE_LOW_SAMPLE else repeated[state]
        head = f'"state": "{state}", "changed": {"true" if changed else "false"}, "reason": '
        tail = (f', "actions": {json.dumps([a.spec for a in fired], ensure_ascii=True)}, "kind": "evaluation", '
                f'"previous_state": "{previous}"}}')
        if len(parts) == 2:
            return None, head + quote(parts[1]), tail
        return (parts[0] == "bad", head + quote(parts[1] + wrap[0])[:-1],
                quote(wrap[1] + parts[2])[1:] + tail)

    newest_n: dict[tuple[int, str], tuple[str, bool | None, str, str]] = {}

    def other(i: int, window: deque[tuple[int, int, bool, str]], bad: int, ok: bool,
              state: str) -> tuple[bool | None, str, str, str]:
        """Any other evaluation (fewer than N real points, or a low-sample period): (the parts of its line, the
        state after it)."""
        real, filled, breaching = len(window), 0, bad
        new: str | None
        if not ok:
            rule, new = RULE_LOW_SAMPLE, None
        elif tmd == "breaching":
            filled = n - real
            breaching = bad + filled
            rule, new = RULE_FILLED, ALARM if breaching >= m else OK
        elif tmd == "notBreaching":
            filled = n - real
            rule, new = RULE_FILLED, ALARM if bad >= m else OK
        elif real == 0:
            rule, new = (RULE_NO_DATA, INSUFFICIENT_DATA) if tmd == "missing" else (RULE_RETAIN, None)
        elif bad >= m:
            rule, new = RULE_PARTIAL, ALARM
        elif bad < real:
            rule, new = RULE_PARTIAL, OK
        elif tmd == "ignore":
            rule, new = RULE_RETAIN, None
        elif i - window[0][0] + 1 >= m:
            rule, new = RULE_PREMATURE, ALARM
        else:
            rule, new = RULE_WAITING, INSUFFICIENT_DATA
        after = state if new is None else new
        key: Key = (rule, new, real, bad, filled, breaching, state, after, after != state)
        parts = shapes.get(key)
        if parts is None:
            parts = shapes[key] = shape(key)
        return (*parts, after)

    # the window: (slot, breaching points up to this one, breaching?, its text JSON-escaped), oldest first
    window: deque[tuple[int, int, bool, str]] = deque()
    cum = cum_out = 0
    state = sim.state
    lines: list[str] = []
    first = True
    for i, (value, ok) in enumerate(zip(values, repeat(True) if significant is None else significant)):
        if value is None:
            number = "null"
        else:
            number = repr(value)
            if ok:
                breached = breaches(value)
                cum += breached
                day, second = divmod(i * period, ONE_DAY)
                if day != today:
                    before, after = writer.clock_parts(day) or ("", "")
                    today, between, end = day, middle + quote(before)[1:-1], quote(after)[1:-1] + last
                time = times.get(second)
                if time is None:
                    time = times[second] = time_of_day(second)
                text = number if type(value) is float else repr(float(value))
                window.append((i, cum, breached, f"{lead}{text}{between}{time}{end}"))
        oldest = i - span
        while window and window[0][0] <= oldest:
            cum_out = window.popleft()[1]
        real = len(window)
        if ok and real >= n:
            # the usual evaluation: the newest N real points decide; its words depend on the count of
            # breaching ones and the state before
            if real > n:
                bad = cum - window[real - n - 1][1]
                entries: Iterable[tuple[int, int, bool, str]] = islice(window, real - n, None)
            else:
                bad, entries = cum - cum_out, window
            newest = newest_n.get((bad, state))
            if newest is None:
                new = ALARM if bad >= m else OK
                newest = newest_n[bad, state] = (new, *shape((RULE_ENOUGH_DATA, new, n, bad, 0, bad, state, new,
                                                              new != state)))
            state, want, head, tail = newest
        else:
            want, head, tail, state = other(i, window, cum - cum_out, ok, state)
            entries = window
        if want is None:
            lines.append(f'{{"index": {i}, "value": {number}, {head}{tail}')
        else:
            items = separator.join([t for _, _, b, t in entries if b is want])
            lines.append(f'{{"index": {i}, "value": {number}, {head}{items}{tail}')
        if len(lines) >= BATCH:
            out.write(("" if first else ",\n") + ",\n".join(lines))
            lines, first = [], False
    if lines:
        out.write(("" if first else ",\n") + ",\n".join(lines))
    return state
