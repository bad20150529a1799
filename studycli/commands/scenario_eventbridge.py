"""`studycli scenario eventbridge | schedule | cloudtrail`: answer as AWS would, or play scenarios.

- `eventbridge --pattern P --event E [--json]`: does the event match? (P, E: JSON text or a file)
- `schedule EXPR [--count N] [--from ISO] [--json]`: validate cron()/rate() and list next runs (UTC)
- `cloudtrail --api NAME --service S [--json]`: management/data/Insights, logged by default, where
Without their inputs each plays the interactive scenarios of its kind.
Only typer is imported here; engines load inside the commands.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import typer

from studycli.errors import usage
from studycli.i18n import Msg
from studycli.output import json_errors


def _json_argument(value: str, option: str) -> str:
    """JSON text as given, or the content of the file it names."""
    stripped = value.strip()
    if stripped[:1] in ("{", "[", '"') or not stripped:
        return value
    path = Path(value)
    try:
        is_file = path.is_file()
    except (OSError, ValueError):  # a name too long for a file (or with a NUL) is not a file
        is_file = False
    if is_file:
        try:
            return path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as err:
            raise usage(Msg("error.usage.cannot_read", {"option": option, "path": value, "reason": str(err)})) from None
    if "/" in stripped or "\\" in stripped or stripped.endswith(".json"):
        raise usage(Msg("error.usage.json_or_file", {"option": option, "value": repr(value)}))
    return value


def eventbridge(
    name: str = typer.Argument(None, help="Scenario to play (without --pattern/--event)."),
    pattern: str = typer.Option(None, "--pattern", help="Event pattern: JSON text or a file."),
    event: str = typer.Option(None, "--event", help="Event: JSON text or a file."),
    as_json: bool = typer.Option(False, "--json", help="Print {\"match\": true|false} as JSON."),
) -> None:
    """Does an event match an event pattern, as EventBridge decides? Without inputs: play scenarios."""
    from studycli.errors import SpecError

    with json_errors(as_json):
        if pattern is None and event is None:
            from studycli.sessions.scenario import play

            play(kinds=("eventbridge",), name=name)
            return
        if pattern is None or event is None:
            raise usage(Msg("error.usage.pattern_and_event"))
        from studycli.sims.eventbridge.event_pattern import load_event_json, parse_pattern

        compiled = parse_pattern(_json_argument(pattern, "--pattern"))
        event_text = _json_argument(event, "--event")
        try:
            matched = compiled.matches(load_event_json(event_text))
        except SpecError as err:
            raise err.prefixed("--event: ") from None
    if as_json:
        from studycli.output import print_json

        print_json({"match": matched})
    else:
        from studycli.i18n import msg

        typer.echo(msg("sim.match" if matched else "sim.no_match"))


def schedule(
    expression: str = typer.Argument(None, help="cron(...) or rate(...); without it: play scenarios."),
    count: int = typer.Option(5, "--count", help="How many run times to list."),
    start: str = typer.Option(None, "--from", help="List runs after this ISO time (default: now, UTC)."),
    as_json: bool = typer.Option(False, "--json", help="Print the runs as JSON."),
    scenario: str = typer.Option(None, "--scenario", help="Scenario to play (without EXPR)."),
) -> None:
    """Validate an EventBridge schedule expression and list its next run times (UTC)."""
    with json_errors(as_json):
        if expression is None:
            from studycli.sessions.scenario import play

            play(kinds=("schedule",), name=scenario)
            return
        from studycli.sims.eventbridge import schedule as sched

        after = _start_time(start)
        parsed = sched.parse_schedule(expression)
        runs = sched.next_runs(parsed, after, count)
    times = [r.strftime("%Y-%m-%dT%H:%M:%SZ") for r in runs]
    if as_json:
        from studycli.output import print_json

        print_json({**sched.describe(parsed), "from": after.strftime("%Y-%m-%dT%H:%M:%SZ"), "next_runs": times})
        return
    from studycli.i18n import msg

    typer.echo(msg("sim.schedule.valid_cron" if parsed.kind == "cron" else "sim.schedule.valid_rate",
                   expression=parsed.expression))
    for run in runs:
        typer.echo("  " + msg("sim.schedule.run", date=run.strftime("%Y-%m-%d"), time=run.strftime("%H:%M"),
                              weekday=Msg(f"scenario.weekday.{run.isoweekday()}")))
    if len(runs) < count:
        typer.echo("  " + (msg("sim.schedule.no_more", year=max(parsed.years)) if parsed.years
                           else msg("sim.schedule.no_more_dates")))


def _start_time(text: str | None) -> datetime:
    if text is None:
        from studycli.clock import now

        return now()
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise usage(Msg("error.usage.iso_time", {"value": repr(text)})) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def cloudtrail(
    api: str = typer.Option(None, "--api", help="API operation, e.g. PutObject, ConsoleLogin, InsightEvent."),
    service: str = typer.Option(None, "--service", help="Service, e.g. s3, iam, ec2, signin."),
    as_json: bool = typer.Option(False, "--json", help="Print the classification as JSON."),
    scenario: str = typer.Option(None, "--scenario", help="Scenario to play (without --api)."),
) -> None:
    """How CloudTrail treats an API call: event class, read/write, logged by default, where to look."""
    with json_errors(as_json):
        if api is None and service is None:
            from studycli.sessions.scenario import play

            play(kinds=("cloudtrail",), name=scenario)
            return
        if api is None or service is None:
            raise usage(Msg("error.usage.api_and_service"))
        from studycli.sims.cloudtrail.cloudtrail import classify

        call = classify(api, service)
    if as_json:
        from studycli.output import print_json

        print_json(call.to_json())
        return
    from studycli.i18n import msg, render

    category = Msg(f"sim.cloudtrail.kind.{call.event_category.lower()}")
    rw = Msg("sim.cloudtrail.reads" if call.read_only else "sim.cloudtrail.writes")
    kind = category if call.read_only is None else Msg("sim.cloudtrail.kind_rw", {"kind": category, "rw": rw})
    typer.echo(f"{call.service}:{call.api} ({call.event_source}): {render(kind)}")
    typer.echo("  " + msg("sim.cloudtrail.summary", logged=Msg("scenario.option.yes" if call.logged_by_default else
                                                               "scenario.option.no"),
                          history=Msg("scenario.option.yes" if call.in_event_history else "scenario.option.no")))
    for place in call.where_to_find:
        typer.echo(f"  - {render(place)}")
    typer.echo(render(call.explanation))
