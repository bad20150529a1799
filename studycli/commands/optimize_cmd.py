"""`studycli optimize`: fit FSRS to your own ratings, keep the parameters only if they predict better.

Thin: `studycli.sessions.optimize` reads the history, fits, scores and stores; this prints.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from studycli.study.fitting import FitReport


def register(app: typer.Typer) -> None:
    app.command("optimize")(optimize)


def optimize(
    as_json: bool = typer.Option(False, "--json", help="Print one JSON document."),
    reset: bool = typer.Option(False, "--reset", help="Go back to FSRS-6's default parameters."),
) -> None:
    """Fit FSRS to your ratings (older ones), score defaults and fitted on the newest, keep the better."""
    from studycli import clock
    from studycli.i18n import msg
    from studycli.output import print_json
    from studycli.sessions import optimize as session

    if reset:
        cards = session.reset()
        if as_json:
            print_json({"reset": True, "cards_recomputed": cards})
        else:
            typer.echo(msg("optimize.reset", cards=cards) if cards else msg("optimize.reset_nothing"))
        return
    report, cards = session.run(clock.now())
    if as_json:
        print_json({**report.to_json(), "cards_recomputed": cards})
        return
    for line in report_lines(report, cards):
        typer.echo(line)


def report_lines(report: FitReport, cards: int) -> list[str]:
    """What the fit found, for people: how much history, both figures, what was kept."""
    from studycli.i18n import msg

    lines = [msg("optimize.history", ratings=report.ratings, usable=report.usable, needed=report.needed)]
    if report.kept is None:
        return [*lines, msg("optimize.not_enough", missing=report.needed - report.usable)]
    since = report.split_at.astimezone().strftime("%Y-%m-%d %H:%M") if report.split_at else "-"
    lines.append(msg("optimize.split", train=report.train, held_out=report.held_out, since=since))
    lines.append(msg("optimize.loss", held_out=report.held_out, default=f"{report.loss_default:.4f}",
                     fitted=f"{report.loss_fitted:.4f}"))
    if report.loss_current is not None:
        lines.append(msg("optimize.loss_current", current=f"{report.loss_current:.4f}"))
    lines.append(msg(f"optimize.kept.{report.kept}", cards=cards))
    return lines
