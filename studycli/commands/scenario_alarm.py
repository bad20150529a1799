"""`studycli scenario alarm` and `studycli scenario composite`: alarms that answer as AWS does.

`alarm --spec FILE` runs a learner's own alarm spec through the engine and prints each
evaluation; without --spec it plays the interactive alarm/composite scenarios.
`composite --rule R --state NAME=STATE ...` evaluates an AlarmRule. With --json, errors
are printed as `{"error", "message"}` on stdout (exit 2) so scripts always get JSON.
"""

from __future__ import annotations

from pathlib import Path

import typer

from studycli.output import fail


def register(app: typer.Typer) -> None:
    """Add `alarm` and `composite` to the scenario group."""
    app.command("alarm")(alarm)
    app.command("composite")(composite)


def alarm(
    name: str | None = typer.Argument(None, help="Scenario to play (default: choose from the list)."),
    spec: Path | None = typer.Option(None, "--spec", help="Evaluate your own alarm spec (YAML or JSON)."),
    json_out: bool = typer.Option(False, "--json", help="With --spec: print the run as one JSON document."),
) -> None:
    """Alarm scenarios; --spec FILE evaluates your alarm period by period."""
    if spec is None:
        if json_out:
            fail("InvalidArguments", "--json needs --spec FILE", True)
        from studycli.scenarios.runner import play

        play(kinds=("alarm", "composite"), name=name)
        return
    from studycli.errors import SpecError
    from studycli.scenarios import alarm as specs

    try:
        run = specs.simulate(specs.load_spec(spec))
    except SpecError as err:
        fail(err.kind, str(err), json_out)
        return
    if json_out:
        from studycli.output import print_json

        print_json(run.to_json())
        return
    _print_run(run)


def composite(
    name: str | None = typer.Argument(None, help="Composite scenario to play (without --rule)."),
    rule: str | None = typer.Option(None, "--rule", help='AlarmRule, e.g. ALARM("cpu") AND NOT OK(net)'),
    state: list[str] = typer.Option([], "--state", help="A child alarm's state: NAME=OK|ALARM|INSUFFICIENT_DATA (repeat)."),
    json_out: bool = typer.Option(False, "--json", help="Print {state, explanation} as JSON."),
) -> None:
    """Evaluate a composite alarm rule over the states you give; without --rule, play composite scenarios."""
    from studycli.errors import SpecError
    from studycli.sims.alarms import composite as rules

    if rule is None:
        # Like `scenario alarm` with no --spec: the interactive scenarios of this kind.
        if json_out or state:
            fail("InvalidArguments", "--json and --state need --rule RULE", json_out)
        from studycli.scenarios.runner import play

        play(kinds=("composite",), name=name)
        return
    if name is not None:
        fail("InvalidArguments", f"a scenario name ({name!r}) and --rule cannot be used together", json_out)

    try:
        states = _parse_states(state)
        outcome = rules.composite_state(rule, states)
    except SpecError as err:
        extra = {"position": err.position} if isinstance(err, rules.RuleError) else {}
        fail(err.kind, str(err), json_out, extra=extra)
        return
    if json_out:
        from studycli.output import print_json

        print_json({"state": outcome.state, "explanation": outcome.explanation["en"],
                    "explanation_ko": outcome.explanation["ko"], "trace": list(outcome.trace)})
        return
    from studycli import ui
    from studycli.i18n import pick

    ui.say(outcome.state, style="bold red" if outcome.state == "ALARM" else "bold green")
    ui.say(pick(outcome.explanation))


def _parse_states(items: list[str]) -> dict[str, str]:
    from studycli.errors import SpecError
    from studycli.sims.alarms.composite import STATES

    states: dict[str, str] = {}
    for item in items:
        name, sep, value = item.partition("=")
        name, value = name.strip(), value.strip()
        if not sep or not name:
            raise SpecError(f"--state {item!r}: expected NAME=STATE, e.g. cpu-high=ALARM", kind="InvalidArguments")
        if value not in STATES:
            raise SpecError(f"--state {item!r}: {value!r} is not one of {', '.join(STATES)}",
                            kind="InvalidArguments")
        if name in states and states[name] != value:
            raise SpecError(f"--state {item!r}: {name} was already given as {states[name]}", kind="InvalidArguments")
        states[name] = value
    return states


def _print_run(run) -> None:
    from rich.table import Table
    from rich.text import Text

    from studycli import ui
    from studycli.i18n import pick, t
    from studycli.output import color_enabled, console
    from studycli.sims.alarms.alarm import timestamp

    colours = {"ALARM": "red", "OK": "green", "INSUFFICIENT_DATA": "yellow"} if color_enabled() else {}
    table = Table(show_lines=True)
    for title, justify in (("#", "right"), (t("시각", "time"), "left"), (t("값", "value"), "right"),
                           (t("상태", "state"), "left"), (t("액션", "actions"), "left"), (t("이유", "reason"), "left")):
        table.add_column(title, justify=justify)
    for step in run.steps:
        value = "-" if step.value is None else f"{step.value:g}"
        if step.kind != "evaluation":
            value = "(forced)"
        mark = ("-> " if step.changed else "") + step.state
        # Text cells: reasons contain [brackets] that rich would otherwise read as markup
        table.add_row(Text(str(step.index)), Text(timestamp(step.index, run.period)), Text(value),
                      Text(mark, style=colours.get(step.state, "")),
                      Text("\n".join(a.spec for a in step.actions)),
                      Text(pick({"ko": step.reason_ko, "en": step.reason})))
    console().print(table)
    ui.say(t(f"최종 상태: {run.final_state}", f"Final state: {run.final_state}"), style="bold")
