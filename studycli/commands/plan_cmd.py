"""`studycli plan`: the work each desired retention asks until the exam and the recall it reaches.

Thin: `studycli.sessions.outlook.plan` projects the deck for each choice; this prints the
options and the recommendation and, after one confirmation (or `--yes`), applies it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from studycli.study.plan import Plan

YES = {"y", "yes", "네", "예", "ㅇ"}


def register(app: typer.Typer) -> None:
    app.command("plan")(plan)


def plan(
    target: int = typer.Option(720, "--target", help="The score (100-1000) the band's low edge should reach."),
    yes: bool = typer.Option(False, "--yes", help="Apply the recommendation without asking."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON document (applies only with --yes)."),
    content: list[Path] | None = typer.Option(None, "--content", help="Add a content pack directory."),
) -> None:
    """Reviews and minutes a day until the exam for desired retention 80-95%, and which to use."""
    from studycli import clock
    from studycli.errors import StudyError
    from studycli.i18n import msg, pick
    from studycli.sessions import outlook

    if not 100 <= target <= 1000:
        raise StudyError(msg("plan.bad_target", value=target))
    now = clock.local_now()
    found, doc = outlook.plan(content, now, target)
    if found is None:
        raise StudyError(msg("plan.needs_exam", why=pick(doc["why"])))
    change = found.recommended.desired_retention != found.current
    if as_json:
        from studycli.output import print_json

        if yes and change:
            outlook.apply_retention(found.recommended.desired_retention, now.date())
        print_json({**doc, "applied": bool(yes and change)})
        return
    for line in plan_lines(found):
        typer.echo(line)
    if not change:
        typer.echo(msg("plan.already"))
        return
    if yes or _confirm(msg("plan.confirm", retention=found.recommended.desired_retention)):
        outlook.apply_retention(found.recommended.desired_retention, now.date())
        typer.echo(msg("plan.applied", retention=found.recommended.desired_retention))
    else:
        typer.echo(msg("plan.kept", retention=found.current))


def _percent(value: float) -> str:
    return f"{value:.0%}"


def plan_lines(found: Plan) -> list[str]:
    from studycli.i18n import msg

    lines = [msg("plan.header", date=found.exam_date.isoformat(), days=found.exam_day, target=found.target)]
    for option in found.options:
        mark = "▶" if option is found.recommended else " "
        label = _percent(option.desired_retention)
        if option.desired_retention == found.current:
            label += " " + msg("plan.current")
        lines.append(msg("plan.row", mark=mark, retention=label, reviews=f"{option.reviews_per_day:.0f}",
                         minutes=f"{option.minutes_per_day:.0f}", busiest=f"{option.busiest_day_minutes:.0f}",
                         recall=_percent(option.recall), low=option.score_band["low"],
                         high=option.score_band["high"]))
    key = "plan.recommend" if found.reaches else "plan.unreachable"
    lines.append(msg(key, retention=_percent(found.recommended.desired_retention), target=found.target))
    return lines


def _confirm(prompt: str) -> bool:
    """One question; no answer (end of input) is no."""
    from studycli import ui

    try:
        answer = ui.read_line(prompt)
    except ui.EndOfInput:
        answer = ""
    if not ui.interactive():
        ui.say(answer)  # a transcript of a piped session reads like the session
    return answer.strip().lower() in YES
