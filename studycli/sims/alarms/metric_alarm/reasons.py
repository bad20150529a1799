"""State reasons in the style AWS writes them, as messages (catalogue keys `sim.alarm.*`).

The English catalogue follows AWS's StateReason wording ("Threshold Crossed: 2 out of the
last 3 datapoints [...] were greater than the threshold (80.0) ..."); other languages say
the same with the same numbers. Counts pick a `.one` or `.other` message so each language
can inflect its own way.

A reason is built once per shape with its list of datapoints left as a hole
(`reason_parts`): `describe_evaluation` fills the hole with a message (the slow path,
any language), `ReasonWriter` renders each shape once and fills it with the points' text
(the fast path that writes a million reasons; the same words, tested to be identical).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from studycli.i18n import Msg, catalogue, render
from studycli.sims.alarms.metric_alarm.config import ALARM, ONE_DAY, AlarmConfig
from studycli.sims.alarms.metric_alarm.simulator import (
    RULE_ENOUGH_DATA,
    RULE_FILLED,
    RULE_LOW_SAMPLE,
    RULE_NO_DATA,
    RULE_PARTIAL,
    RULE_PREMATURE,
    RULE_RETAIN,
    RULE_WAITING,
    Evaluation,
    Point,
)
from studycli.sims.text import count, joined


def _fmt(x: float | None) -> str:
    return "-" if x is None else repr(float(x))


_TIMES: dict[int, str] = {}      # seconds into the day -> "hh:mm:ss" (at most 86,400 of them)


def _split(slot: int, period: int) -> tuple[int, str]:
    day, rest = divmod(slot * period, ONE_DAY)
    return day, time_of_day(rest)


def time_of_day(second: int) -> str:
    """`hh:mm:ss` of a second into the day."""
    time = _TIMES.get(second)
    if time is None:
        time = _TIMES[second] = f"{second // 3600:02d}:{second % 3600 // 60:02d}:{second % 60:02d}"
    return time


def _around(template: str, first: str, second: str) -> tuple[str, str, str] | None:
    """`template` as `a + {first} + b + {second} + c`, when it has each field once and in that order."""
    text = template.format(**{first: "\x01", second: "\x02"})
    if text.count("\x01") != 1 or text.count("\x02") != 1 or text.index("\x01") > text.index("\x02"):
        return None
    a, rest = text.split("\x01")
    b, c = rest.split("\x02")
    return a, b, c


def timestamp(slot: int, period: int) -> str:
    """Simulated time of a period's start in AWS's English: `hh:mm:ss`, `day 2 hh:mm:ss` after the first day."""
    day, time = _split(slot, period)
    return f"day {day + 1} {time}" if day else time


def clock(slot: int, period: int) -> str | Msg:
    """The same time for the learner: `hh:mm:ss`, with the day in the learner's words after the first day."""
    day, time = _split(slot, period)
    return Msg("sim.alarm.clock_day", {"day": day + 1, "time": time}) if day else time


def _point(p: Point, period: int) -> Msg:
    if p.band is not None:
        return Msg("sim.alarm.band_point", {"value": _fmt(p.value), "at": clock(p.slot, period),
                                            "lower": _fmt(p.band[0]), "upper": _fmt(p.band[1])})
    return Msg("sim.alarm.point", {"value": _fmt(p.value), "at": clock(p.slot, period)})


def _points(points: Iterable[Point], period: int) -> Msg:
    items = [_point(p, period) for p in points]
    return Msg("sim.alarm.points", {"items": joined(items, "sim.join.comma") if items else ""})


def _one(n: int) -> str:
    return "one" if n == 1 else "other"


def transition(previous: str, state: str, changed: bool) -> Msg:
    if changed:
        return Msg("sim.alarm.transition.changed", {"previous": previous, "state": state})
    return Msg("sim.alarm.transition.stays", {"state": state})


class _Hole:
    """Where the list of datapoints goes in a reason written before its points are known."""

    def __format__(self, spec: str) -> str:
        return HOLE_MARK


HOLE = _Hole()
HOLE_MARK = "\x00"


@dataclass(frozen=True)
class Shape:
    """What a reason's words depend on, besides the datapoints it lists."""

    rule: str
    new_state: str | None
    real: int           # real datapoints evaluated
    bad: int            # ... of which breaching
    filled: int
    breaching: int      # breaching points counted, filled ones included
    range_size: int

    @classmethod
    def of(cls, ev: Evaluation) -> Shape:
        return cls(ev.rule, ev.new_state, len(ev.evaluated), sum(p.breaching for p in ev.evaluated), ev.filled,
                   ev.breaching, ev.range_size)


def reason_parts(config: AlarmConfig, shape: Shape, previous: str, state: str, changed: bool) -> tuple[Msg, str | None]:
    """The reason with its datapoints as `HOLE`, and which datapoints fill it: "bad" (breaching), "good" or None."""
    n, m = config.evaluation_periods, config.datapoints_to_alarm
    t = "" if config.band else _fmt(config.threshold)
    op = Msg(f"sim.alarm.op.{config.comparison}")
    moved = transition(previous, state, changed)
    real, bad, good = shape.real, shape.bad, shape.real - shape.bad
    if shape.rule == RULE_RETAIN:
        return Msg("sim.alarm.reason.retain", {"real": real, "range": shape.range_size, "state": state}), None
    if shape.rule == RULE_LOW_SAMPLE:
        return Msg("sim.alarm.reason.low_sample", {"statistic": config.statistic, "state": state}), None
    if shape.rule == RULE_NO_DATA:
        return Msg("sim.alarm.reason.no_data", {"points": count("sim.alarm.datapoints", shape.range_size),
                                                "transition": moved}), None
    if shape.rule == RULE_WAITING:
        return Msg("sim.alarm.reason.waiting", {
            "count": count("sim.alarm.datapoints", real), "points": HOLE, "op": op, "threshold": t,
            "m": m, "transition": moved}), "bad"
    if shape.rule == RULE_PREMATURE:
        return Msg(f"sim.alarm.reason.premature.{_one(bad)}", {
            "count": count("sim.alarm.datapoints", bad), "points": HOLE, "op": op, "threshold": t,
            "m": m, "transition": moved}), "bad"
    fill: str | Msg = ""
    if shape.filled:
        as_what = "breaching" if config.treat_missing_data == "breaching" else "not_breaching"
        fill = Msg(f"sim.alarm.fill.{_one(shape.filled)}", {
            "count": count("sim.alarm.missing_datapoints", shape.filled),
            "as_what": Msg(f"sim.alarm.fill_as.{as_what}")})
    lead: Msg
    shown: str | None = None
    if shape.rule == RULE_FILLED and not real:
        lead = Msg("sim.alarm.lead.none_received", {"periods": count("sim.alarm.periods", n)})
    else:
        of = (Msg("sim.alarm.of.last", {"n": n}) if shape.rule in (RULE_ENOUGH_DATA, RULE_FILLED)
              else Msg("sim.alarm.of.available", {"n": real}))
        if state == ALARM or shape.new_state == ALARM:
            shown, k, verb = "bad", bad, op
        else:
            shown, k, verb = "good", good, Msg(f"sim.alarm.not_op.{config.comparison}")
        lead = Msg(f"sim.alarm.lead.{'band' if config.band else 'counted'}.{_one(k)}", {
            "k": k, "of": of, "points": HOLE, "verb": verb, "threshold": t})
    need = (Msg("sim.alarm.need.met", {"count": count("sim.alarm.datapoints", m)}) if shape.new_state == ALARM
            else Msg("sim.alarm.need.unmet", {"m": m, "n": n, "breaching": shape.breaching}))
    missing: str | Msg = ""
    if shape.rule == RULE_PARTIAL:
        missing = Msg("sim.alarm.missing_note", {"count": count("sim.alarm.missing_datapoints", n - real)})
    return Msg("sim.alarm.reason.threshold", {"lead": lead, "fill": fill, "missing": missing, "need": need,
                                              "transition": moved}), shown


def _fill_hole(message: Any, value: Msg) -> Any:
    if message is HOLE:
        return value
    if isinstance(message, Msg):
        return Msg(message.key, {k: _fill_hole(v, value) for k, v in message.params.items()})
    return message


def describe_evaluation(config: AlarmConfig, ev: Evaluation, previous: str, state: str, changed: bool) -> Msg:
    """Why one evaluation gave its state: which datapoints, which rule, which transition."""
    message, shown = reason_parts(config, Shape.of(ev), previous, state, changed)
    if shown is None:
        return message
    points = [p for p in ev.evaluated if p.breaching == (shown == "bad")]
    filled: Msg = _fill_hole(message, _points(points, config.period))
    return filled


def forced(state: str, reason: str) -> Msg:
    """SetAlarmState: the forced state holds until the next evaluation."""
    return Msg("sim.alarm.forced", {"state": state, "reason": reason})


class ReasonWriter:
    """Reasons in one language, fast: each shape is rendered once, then only its datapoints are written.

    `write` takes what the evaluation looked at (the simulator's `summary()`: its window entries
    (slot, count, breaching, value), oldest first, and the counts) and gives the same text as
    `render(describe_evaluation(...), lang)`.
    """

    def __init__(self, config: AlarmConfig, lang: str = "en"):
        self.config, self.lang = config, lang
        words: Mapping[str, str] = catalogue(lang)
        self._point = words["sim.alarm.band_point" if config.band else "sim.alarm.point"]
        self._day, self._join = words["sim.alarm.clock_day"], words["sim.join.comma"]
        self._wrap = words["sim.alarm.points"].format(items=HOLE_MARK).split(HOLE_MARK)
        # "{a}, {b}" is a separator between the texts when it puts nothing before a or after b
        sample = self._join.format(a="\x01", b="\x02")
        self._sep = sample[1:-1] if sample.startswith("\x01") and sample.endswith("\x02") else None
        self._shapes: dict[tuple[Any, ...], tuple[str, ...]] = {}
        self._texts: dict[int, tuple[float, str]] = {}

    def write(self, rule: str, new_state: str | None, real: int, bad: int, filled: int, breaching: int,
              range_size: int, previous: str, state: str, changed: bool,
              entries: Sequence[tuple[int, int, bool, float]], bands: Mapping[int, Any] | None = None) -> str:
        key = (rule, new_state, real, bad, filled, breaching, previous, state, changed)
        parts = self._shapes.get(key)
        if parts is None:
            parts = self._shapes[key] = self.shape(rule, new_state, real, bad, filled, breaching, range_size,
                                                   previous, state, changed)
        if len(parts) == 2:
            return parts[1]
        want_bad = parts[0] == "bad"
        texts: list[str] = []
        known = self._texts.get
        for slot, _, breaching_point, value in entries:
            if breaching_point == want_bad:
                text = known(slot)
                if text is None or text[0] != value:
                    text = self._text(slot, value, bands)
                texts.append(text[1])
        if self._sep is not None:
            items = self._sep.join(texts)
        else:
            items = texts[0] if texts else ""
            for item in texts[1:]:
                items = self._join.format(a=items, b=item)
        return parts[1] + self._wrap[0] + items + self._wrap[1] + parts[2]

    def shape(self, rule: str, new_state: str | None, real: int, bad: int, filled: int, breaching: int,
              range_size: int, previous: str, state: str, changed: bool) -> tuple[str, ...]:
        """A reason without its datapoints: ("bad" or "good": the datapoints it lists, the text before them,
        the text after), or ("", the whole text) when it lists none. Wrap the points' text in `wrap`."""
        shape = Shape(rule, new_state, real, bad, filled, breaching, range_size)
        message, shown = reason_parts(self.config, shape, previous, state, changed)
        return (shown or "", *render(message, self.lang).split(HOLE_MARK))

    @property
    def wrap(self) -> tuple[str, str]:
        """What goes before and after the datapoints' texts."""
        return self._wrap[0], self._wrap[1]

    @property
    def separator(self) -> str | None:
        """What goes between two datapoints' texts (None: the language joins them some other way)."""
        return self._sep

    def point(self, slot: int, value: str, band: tuple[str, str] | None = None) -> str:
        """A datapoint's text, its value (and band bounds) already written as `_fmt` writes them."""
        day, time = _split(slot, self.config.period)
        at = self._day.format(day=day + 1, time=time) if day else time
        if band is not None:
            return self._point.format(value=value, at=at, lower=band[0], upper=band[1])
        return self._point.format(value=value, at=at)

    def point_parts(self) -> tuple[str, str, str] | None:
        """A datapoint's text (no band) as `a + value + b + time + c`, the time's text as `clock_parts` says
        (None: the language does not write the value first, and each once; use `point`)."""
        return None if self.config.band else _around(self._point, "value", "at")

    def clock_parts(self, day: int) -> tuple[str, str] | None:
        """A time on day `day` (0: the first) as `a + hh:mm:ss + b` (None: not so simply; use `point`)."""
        if not day:
            return "", ""
        parts = _around(self._day, "day", "time")
        return None if parts is None else (parts[0] + str(day + 1) + parts[1], parts[2])

    def _text(self, slot: int, value: float, bands: Mapping[int, Any] | None) -> tuple[float, str]:
        """A datapoint's text, kept by slot with the value it was written for (a math alarm recomputes values)."""
        if len(self._texts) > 4096:
            self._texts.clear()
        band: tuple[str, str] | None = None
        if self.config.band:
            lower, upper = (bands or {}).get(slot, (None, None))
            band = _fmt(lower), _fmt(upper)
        entry = self._texts[slot] = (value, self.point(slot, _fmt(value), band))
        return entry
