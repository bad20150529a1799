"""State reasons in the style AWS writes them, as messages (catalogue keys `sim.alarm.*`).

The English catalogue follows AWS's StateReason wording ("Threshold Crossed: 2 out of the
last 3 datapoints [...] were greater than the threshold (80.0) ..."); other languages say
the same with the same numbers. Counts pick a `.one` or `.other` message so each language
can inflect its own way.
"""

from __future__ import annotations

from collections.abc import Iterable

from studycli.i18n import Msg
from studycli.sims.alarms.metric_alarm.config import ALARM, ONE_DAY, AlarmConfig
from studycli.sims.alarms.metric_alarm.simulator import (
    RULE_ENOUGH_DATA,
    RULE_FILLED,
    RULE_NO_DATA,
    RULE_PARTIAL,
    RULE_PREMATURE,
    RULE_RETAIN,
    RULE_WAITING,
    Evaluation,
    Point,
)
from studycli.sims.text import count, joined


def _fmt(x: float) -> str:
    return repr(float(x))


def _split(slot: int, period: int) -> tuple[int, str]:
    day, rest = divmod(slot * period, ONE_DAY)
    return day, f"{rest // 3600:02d}:{rest % 3600 // 60:02d}:{rest % 60:02d}"


def timestamp(slot: int, period: int) -> str:
    """Simulated time of a period's start in AWS's English: `hh:mm:ss`, `day 2 hh:mm:ss` after the first day."""
    day, time = _split(slot, period)
    return f"day {day + 1} {time}" if day else time


def clock(slot: int, period: int) -> str | Msg:
    """The same time for the learner: `hh:mm:ss`, with the day in the learner's words after the first day."""
    day, time = _split(slot, period)
    return Msg("sim.alarm.clock_day", {"day": day + 1, "time": time}) if day else time


def _points(points: Iterable[Point], period: int) -> Msg:
    items = [Msg("sim.alarm.point", {"value": _fmt(p.value), "at": clock(p.slot, period)}) for p in points]
    return Msg("sim.alarm.points", {"items": joined(items, "sim.join.comma") if items else ""})


def _one(n: int) -> str:
    return "one" if n == 1 else "other"


def transition(previous: str, state: str, changed: bool) -> Msg:
    if changed:
        return Msg("sim.alarm.transition.changed", {"previous": previous, "state": state})
    return Msg("sim.alarm.transition.stays", {"state": state})


def describe_evaluation(config: AlarmConfig, ev: Evaluation, previous: str, state: str, changed: bool) -> Msg:
    """Why one evaluation gave its state: which datapoints, which rule, which transition."""
    n, m, t = config.evaluation_periods, config.datapoints_to_alarm, _fmt(config.threshold)
    op = Msg(f"sim.alarm.op.{config.comparison}")
    p = config.period
    moved = transition(previous, state, changed)
    bad = tuple(pt for pt in ev.evaluated if pt.breaching)
    good = tuple(pt for pt in ev.evaluated if not pt.breaching)
    real = len(ev.evaluated)
    if ev.rule == RULE_RETAIN:
        return Msg("sim.alarm.reason.retain", {"real": real, "range": ev.range_size, "state": state})
    if ev.rule == RULE_NO_DATA:
        return Msg("sim.alarm.reason.no_data", {"points": count("sim.alarm.datapoints", ev.range_size),
                                                "transition": moved})
    if ev.rule == RULE_WAITING:
        return Msg("sim.alarm.reason.waiting", {
            "count": count("sim.alarm.datapoints", real), "points": _points(bad, p), "op": op, "threshold": t,
            "m": m, "transition": moved})
    if ev.rule == RULE_PREMATURE:
        return Msg(f"sim.alarm.reason.premature.{_one(len(bad))}", {
            "count": count("sim.alarm.datapoints", len(bad)), "points": _points(bad, p), "op": op, "threshold": t,
            "m": m, "transition": moved})
    fill: str | Msg = ""
    if ev.filled:
        as_what = "breaching" if config.treat_missing_data == "breaching" else "not_breaching"
        fill = Msg(f"sim.alarm.fill.{_one(ev.filled)}", {"count": count("sim.alarm.missing_datapoints", ev.filled),
                                                          "as_what": Msg(f"sim.alarm.fill_as.{as_what}")})
    lead: Msg
    if ev.rule == RULE_FILLED and not ev.evaluated:
        lead = Msg("sim.alarm.lead.none_received", {"periods": count("sim.alarm.periods", n)})
    else:
        of = (Msg("sim.alarm.of.last", {"n": n}) if ev.rule in (RULE_ENOUGH_DATA, RULE_FILLED)
              else Msg("sim.alarm.of.available", {"n": real}))
        if state == ALARM or ev.new_state == ALARM:
            shown, verb = bad, op
        else:
            shown, verb = good, Msg(f"sim.alarm.not_op.{config.comparison}")
        lead = Msg(f"sim.alarm.lead.counted.{_one(len(shown))}", {
            "k": len(shown), "of": of, "points": _points(shown, p), "verb": verb, "threshold": t})
    need = (Msg("sim.alarm.need.met", {"count": count("sim.alarm.datapoints", m)}) if ev.new_state == ALARM
            else Msg("sim.alarm.need.unmet", {"m": m, "n": n, "breaching": ev.breaching}))
    missing: str | Msg = ""
    if ev.rule == RULE_PARTIAL:
        missing = Msg("sim.alarm.missing_note", {"count": count("sim.alarm.missing_datapoints", n - real)})
    return Msg("sim.alarm.reason.threshold", {"lead": lead, "fill": fill, "missing": missing, "need": need,
                                              "transition": moved})


def forced(state: str, reason: str) -> Msg:
    """SetAlarmState: the forced state holds until the next evaluation."""
    return Msg("sim.alarm.forced", {"state": state, "reason": reason})
