"""A composite alarm rule and four combinations of child states: which one puts it in ALARM?

The key is the one combination the engine evaluates to TRUE. Each wrong combination is FALSE
for the engine but TRUE under a named misreading of the rule: AND read as OR, NOT
overlooked, INSUFFICIENT_DATA taken for ALARM, or NOT OK(x) read as ALARM(x).
"""

from __future__ import annotations

import random
from typing import Any

from studycli.i18n import Msg
from studycli.study.sim_questions import SimOption, SimQuestion, Unlucky, shuffled_options

KIND = "composite"
TOPIC = "cloudwatch/alarms"
SOURCE_LINES = (98, 99)
RULES = (
    "ALARM(CPUHigh) AND ALARM(DiskFull)",
    "ALARM(CPUHigh) AND NOT ALARM(DeployWindow)",
    "(ALARM(CPUHigh) OR ALARM(NetErrors)) AND NOT ALARM(DeployWindow)",
    "ALARM(CPUHigh) AND NOT OK(DiskFull)",
    "ALARM(CPUHigh) AND (ALARM(DiskFull) OR ALARM(NetErrors))",
    "ALARM(CPUHigh) OR (ALARM(DiskFull) AND ALARM(NetErrors))",
)
STATES = ("OK", "ALARM", "INSUFFICIENT_DATA")


def _state(rule: str, states: dict[str, str]) -> str:
    from studycli.sims.alarms.composite import composite_state

    return composite_state(rule, states).state


def replay(input: dict[str, Any]) -> tuple[int, ...]:
    """The positions of the combinations in which the composite alarm is in ALARM."""
    return tuple(i for i, states in enumerate(input["states"]) if _state(input["rule"], states) == "ALARM")


def _misreadings(rule: str) -> list[tuple[str, str]]:
    """(misreading name, how it rewrites the rule or the states) that apply to this rule."""
    found = []
    if " AND " in rule:
        found.append(("and_as_or", rule.replace(" AND NOT ", " OR NOT ").replace(" AND ", " OR ")))
    if " OR " in rule:
        found.append(("or_as_and", rule.replace(" OR ", " AND ")))
    if "NOT " in rule:
        found.append(("not_overlooked", rule.replace("NOT ", "")))
    if "NOT OK(" in rule:
        found.append(("not_ok_as_alarm", rule.replace("NOT OK(", "ALARM(")))
    found.append(("insufficient_as_alarm", rule))
    return found


def _misread_state(misreading: str, rule: str, states: dict[str, str]) -> str:
    if misreading == "insufficient_as_alarm":
        return _state(rule, {k: "ALARM" if v == "INSUFFICIENT_DATA" else v for k, v in states.items()})
    return _state(rule, states)


def generate(rng: random.Random) -> SimQuestion:
    from studycli.sims.alarms.composite import parse_rule

    rule = rng.choice(RULES)
    children = sorted(parse_rule(rule).alarms)
    misreadings = _misreadings(rule)
    right: dict[str, str] | None = None
    wrong: list[tuple[dict[str, str], str]] = []
    for _ in range(200):
        states = {child: rng.choice(STATES) for child in children}
        if _state(rule, states) == "ALARM":
            right = right or states
            continue
        if any(states == w for w, _ in wrong):
            continue
        tempting = [name for name, misread in misreadings if _misread_state(name, misread, states) == "ALARM"]
        if tempting and len(wrong) < 3:
            wrong.append((states, rng.choice(tempting)))
        if right and len(wrong) == 3:
            break
    if right is None or len(wrong) < 3:
        raise Unlucky
    rule_msg = {"rule": rule}
    options, key = shuffled_options(
        rng, [SimOption(_combination(right), Msg("simq.composite.why_key", {**rule_msg, "states": _combination(right)}),
                        "ALARM")],
        [SimOption(_combination(states), Msg("simq.composite.why_wrong",
                                             {**rule_msg, "states": _combination(states),
                                              "misreading": Msg(f"simq.composite.misread.{name}")}), "OK")
         for states, name in wrong])
    combos = [_parse_combination(str(o.text)) for o in options]
    return SimQuestion("composite-which-fires", KIND, TOPIC, SOURCE_LINES, Msg("simq.composite.context", rule_msg),
                       (rule,), Msg("simq.composite.question"), options, key,
                       {"rule": rule, "states": combos}, key)


def _combination(states: dict[str, str]) -> str:
    return ", ".join(f"{name}={state}" for name, state in sorted(states.items()))


def _parse_combination(text: str) -> dict[str, str]:
    return dict(pair.split("=", 1) for pair in text.split(", "))
