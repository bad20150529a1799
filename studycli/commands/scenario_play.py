"""`studycli scenario list` and `studycli scenario play NAME`: every scenario, of every kind.

`list` shows each scenario with its kind, whether a prediction is due, and the command that
plays it (`--json` for scripts); `play NAME` plays any scenario by its id, whatever its
kind, which is how kinds without a command of their own are played.
"""

from __future__ import annotations

import typer

from studycli.output import json_errors


def list_scenarios(
    kind: str = typer.Option(None, "--kind", help="Only scenarios of this kind."),
    as_json: bool = typer.Option(False, "--json", help="Print the list as one JSON document."),
) -> None:
    """Every scenario: kind, due/new/later, title, and the command that plays it."""
    with json_errors(as_json):
        from studycli.sessions.scenario import listing

        rows = [r for r in listing() if kind is None or r["kind"] == kind]
    if as_json:
        from studycli.output import print_json

        print_json(rows)
        return
    from studycli.i18n import msg, pick

    if not rows:
        typer.echo(msg("scenario.list.empty"))
        return
    for row in rows:
        typer.echo(f"[{msg('scenario.status.' + row['status'])}] {row['id']} ({row['kind']}): {pick(row['title'])}")
        typer.echo(f"    {' '.join(row['command'])}")


def play(name: str = typer.Argument(..., help="The scenario's id (see `studycli scenario list`).")) -> None:
    """Play one scenario by its id, whatever its kind."""
    from studycli.sessions.scenario import play as play_scenario

    play_scenario(kinds=None, name=name)
