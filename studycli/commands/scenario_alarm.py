"""`studycli scenario alarm` and `studycli scenario composite`: alarms that answer as AWS does.

`alarm --spec FILE` runs a learner's own alarm spec through the engine and prints each
evaluation; without --spec it plays the interactive alarm/composite scenarios.
`composite --rule R --state NAME=STATE ...` evaluates an AlarmRule. With --json, errors
are printed as `{"error", "message"}` on stdout (exit 2) so scripts always get JSON.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from studycli.errors import usage
from studycli.i18n import Msg
from studycli.output import json_errors


def alarm(
    name: str | None = typer.Argument(None, help="Scenario to play (default: choose from the list)."),
    spec: Path | None = typer.Option(None, "--spec", help="Evaluate your own alarm spec (YAML or JSON)."),
    json_out: bool = typer.Option(False, "--json", help="With --spec: print the run as one JSON document."),
) -> None:
    """Alarm scenarios; --spec FILE evaluates your alarm period by period."""
    with json_errors(json_out):
        if spec is None:
            if json_out:
                raise usage(Msg("error.usage.json_needs_spec"))
            from studycli.sessions.scenario import play

            play(kinds=("alarm", "composite"), name=name)
            return
        from studycli.scenarios import alarm_spec as specs

        loaded = specs.load_spec(spec)
        specs.preflight(loaded)
    if json_out:
        import sys

        from studycli.output import ascii_stdout

        # streamed: a spec of millions of datapoints never holds its run in memory. The document is
        # ASCII JSON (its strings are escaped by encode_basestring_ascii), so there is nothing for
        # CleanStream to clean: it goes to the binary stream as it is, in large batches.
        specs.write_json(loaded, ascii_stdout())
        sys.stdout.flush()
        return
    _print_run(loaded)


def composite(
    name: str | None = typer.Argument(None, help="Composite scenario to play (without --rule)."),
    rule: str | None = typer.Option(None, "--rule", help='AlarmRule, e.g. ALARM("cpu") AND NOT OK(net)'),
    state: list[str] = typer.Option([], "--state", help="A child alarm's state: NAME=OK|ALARM|INSUFFICIENT_DATA (repeat)."),
    json_out: bool = typer.Option(False, "--json", help="Print {state, explanation} as JSON."),
) -> None:
    """Evaluate a composite alarm rule over the states you give; without --rule, play composite scenarios."""
    with json_errors(json_out):
        if rule is None:
            # Like `scenario alarm` with no --spec: the interactive scenarios of this kind.
            if json_out or state:
                raise usage(Msg("error.usage.composite_needs_rule"))
            from studycli.sessions.scenario import play

            play(kinds=("composite",), name=name)
            return
        if name is not None:
            raise usage(Msg("error.usage.name_and_rule", {"name": repr(name)}))
        from studycli.sims.alarms import composite as rules

        outcome = rules.composite_state(rule, _parse_states(state))
    from studycli.i18n import render

    if json_out:
        from studycli.output import print_json

        print_json({"state": outcome.state, "explanation": render(outcome.explanation, "en"),
                    "explanation_ko": render(outcome.explanation, "ko"),
                    "trace": [render(t, "en") for t in outcome.trace]})
        return
    from studycli import ui

    ui.say(outcome.state, style="bold red" if outcome.state == "ALARM" else "bold green")
    ui.say(render(outcome.explanation))


def _parse_states(items: list[str]) -> dict[str, str]:
    """`--state NAME=STATE` options as a mapping; malformed or conflicting ones are usage errors."""
    from studycli.sims.alarms.composite import STATES, alarm_name

    states: dict[str, str] = {}
    for item in items:
        name, sep, value = item.rpartition("=")
        name, value = alarm_name(name.strip()), value.strip()
        if not sep or not name:
            raise usage(Msg("error.usage.state_form", {"item": repr(item)}))
        if value not in STATES:
            raise usage(Msg("error.usage.state_value", {"item": repr(item), "value": repr(value),
                                                        "states": ", ".join(STATES)}))
        if name in states and states[name] != value:
            raise usage(Msg("error.usage.state_twice", {"item": repr(item), "name": name, "state": states[name]}))
        states[name] = value
    return states


TABLE_ROWS = 200     # a longer run is printed a line per evaluation, as it is computed


def _print_run(spec: Any) -> None:
    from rich.table import Table
    from rich.text import Text

    from studycli import ui
    from studycli.i18n import language, msg, render
    from studycli.output import color_enabled, console
    from studycli.scenarios.alarm_spec import rows
    from studycli.sims.alarms.alarm import clock

    colours = {"ALARM": "red", "OK": "green", "INSUFFICIENT_DATA": "yellow"} if color_enabled() else {}
    period = spec.config.period
    lines = rows(spec, language())
    first = [row for _, row in zip(range(TABLE_ROWS + 1), lines)]
    final = first[-1].state if first else spec.initial_state

    def cells(step: Any) -> list[str]:
        value = msg("sim.alarm.forced_value") if step.kind != "evaluation" else \
            "-" if step.value is None else f"{step.value:g}"
        return [str(step.period), render(clock(step.period, period)), value,
                ("-> " if step.changed else "") + step.state, " ".join(a.spec for a in step.actions), step.reason]

    if len(first) <= TABLE_ROWS:
        table = Table(show_lines=True)
        table.add_column("#", justify="right")
        for key, justify in (("time", "left"), ("value", "right"), ("state", "left"), ("actions", "left"),
                             ("reason", "left")):
            table.add_column(msg(f"sim.alarm.column.{key}"), justify=justify)  # type: ignore[arg-type]
        for step in first:
            # Text cells: reasons contain [brackets] that rich would otherwise read as markup
            table.add_row(*(Text(c, style=colours.get(step.state, "") if i == 3 else "")
                            for i, c in enumerate(cells(step))))
        console().print(table)
    else:
        import sys
        from itertools import chain

        for step in chain(first, lines):
            sys.stdout.write("\t".join(cells(step)) + "\n")
            final = step.state
    ui.say(msg("sim.alarm.final_state", state=final), style="bold")
