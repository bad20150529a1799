"""`studycli scenario eventbridge | schedule | cloudtrail`: answer as AWS would, or play scenarios.

- `eventbridge --pattern P --event E [--json]`: does the event match? (P, E: JSON text or a file)
- `schedule EXPR [--count N] [--from ISO] [--json]`: validate cron()/rate() and list next runs (UTC)
- `cloudtrail --api NAME --service S [--json]`: management/data/Insights, logged by default, where
Without their inputs each plays the interactive scenarios of its kind.
Only typer is imported here; engines load inside the commands.
"""

from __future__ import annotations

from datetime import UTC
from pathlib import Path

import typer

from studycli.output import fail


def register(app: typer.Typer) -> None:
    """Add this group's commands to `app`."""
    app.command("eventbridge")(eventbridge)
    app.command("schedule")(schedule)
    app.command("cloudtrail")(cloudtrail)


def _json_argument(value: str, what: str) -> str:
    """JSON text as given, or the content of the file it names."""
    stripped = value.strip()
    if stripped[:1] in ("{", "[", '"') or not stripped:
        return value
    path = Path(value)
    if path.is_file():
        try:
            return path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as err:
            from studycli.errors import SpecError

            raise SpecError(f"{what}: cannot read {value}: {err}") from None
    if "/" in stripped or "\\" in stripped or stripped.endswith(".json"):
        from studycli.errors import SpecError

        raise SpecError(f"{what}: {value!r} is neither JSON text nor an existing file", kind="InvalidArgument")
    return value


def eventbridge(
    name: str = typer.Argument(None, help="Scenario to play (without --pattern/--event)."),
    pattern: str = typer.Option(None, "--pattern", help="Event pattern: JSON text or a file."),
    event: str = typer.Option(None, "--event", help="Event: JSON text or a file."),
    as_json: bool = typer.Option(False, "--json", help="Print {\"match\": true|false} as JSON."),
) -> None:
    """Does an event match an event pattern, as EventBridge decides? Without inputs: play scenarios."""
    from studycli.errors import SpecError

    if pattern is None and event is None:
        from studycli.scenarios.runner import play

        play(kinds=("eventbridge",), name=name)
        return
    if pattern is None or event is None:
        fail("Usage", "give both --pattern and --event (or neither, to play scenarios)", as_json, show_kind=True)
    from studycli.sims.eventbridge.event_pattern import load_event_json, parse_pattern

    try:
        pattern_text = _json_argument(pattern, "--pattern")
        event_text = _json_argument(event, "--event")
        compiled = parse_pattern(pattern_text)
    except SpecError as err:
        fail(err.kind if err.kind == "InvalidEventPattern" else "InvalidArgument", str(err), as_json, show_kind=True)
    try:
        matched = compiled.matches(load_event_json(event_text))
    except SpecError as err:
        fail(err.kind, f"--event: {err}", as_json, show_kind=True)
    if as_json:
        from studycli.output import print_json

        print_json({"match": matched})
    else:
        typer.echo("match" if matched else "no match")


def schedule(
    expression: str = typer.Argument(None, help="cron(...) or rate(...); without it: play scenarios."),
    count: int = typer.Option(5, "--count", help="How many run times to list."),
    start: str = typer.Option(None, "--from", help="List runs after this ISO time (default: now, UTC)."),
    as_json: bool = typer.Option(False, "--json", help="Print the runs as JSON."),
    scenario: str = typer.Option(None, "--scenario", help="Scenario to play (without EXPR)."),
) -> None:
    """Validate an EventBridge schedule expression and list its next run times (UTC)."""
    from studycli.errors import SpecError

    if expression is None:
        from studycli.scenarios.runner import play

        play(kinds=("schedule",), name=scenario)
        return
    from studycli.sims.eventbridge import schedule as sched

    try:
        after = _start_time(start)
        parsed = sched.parse_schedule(expression)
        runs = sched.next_runs(parsed, after, count)
    except SpecError as err:
        fail(err.kind, str(err), as_json, show_kind=True)
    times = [r.strftime("%Y-%m-%dT%H:%M:%SZ") for r in runs]
    if as_json:
        from studycli.output import print_json

        print_json({**sched.describe(parsed), "from": after.strftime("%Y-%m-%dT%H:%M:%SZ"), "next_runs": times})
        return
    typer.echo(f"{parsed.expression}: valid ({'UTC' if parsed.kind == 'cron' else 'counted from --from'})")
    for run in runs:
        typer.echo("  " + run.strftime("%Y-%m-%d %a %H:%M UTC"))
    if len(runs) < count:
        typer.echo(f"  (no more runs: the year field ends in {max(parsed.years)})")


def _start_time(text: str | None):
    from datetime import datetime

    from studycli.errors import SpecError

    if text is None:
        from studycli.clock import now

        return now()
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise SpecError(f"--from: {text!r} is not an ISO 8601 time such as 2026-01-01T00:00:00Z",
                        kind="InvalidArgument") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def cloudtrail(
    api: str = typer.Option(None, "--api", help="API operation, e.g. PutObject, ConsoleLogin, InsightEvent."),
    service: str = typer.Option(None, "--service", help="Service, e.g. s3, iam, ec2, signin."),
    as_json: bool = typer.Option(False, "--json", help="Print the classification as JSON."),
    scenario: str = typer.Option(None, "--scenario", help="Scenario to play (without --api)."),
) -> None:
    """How CloudTrail treats an API call: event class, read/write, logged by default, where to look."""
    from studycli.errors import SpecError

    if api is None and service is None:
        from studycli.scenarios.runner import play

        play(kinds=("cloudtrail",), name=scenario)
        return
    if api is None or service is None:
        fail("Usage", "give both --api and --service (or neither, to play scenarios)", as_json, show_kind=True)
    from studycli.sims.cloudtrail.cloudtrail import classify

    try:
        call = classify(api, service)
    except SpecError as err:
        fail(err.kind, str(err), as_json, show_kind=True)
    if as_json:
        from studycli.output import print_json

        print_json(call.to_json())
        return
    from studycli.i18n import pick

    kind = call.event_category if call.read_only is None else \
        f"{call.event_category} event, {'read' if call.read_only else 'write'}"
    typer.echo(f"{call.service}:{call.api} ({call.event_source}): {kind}")
    typer.echo(f"  logged by default: {'yes' if call.logged_by_default else 'no'}; "
               f"in Event history (90 days): {'yes' if call.in_event_history else 'no'}")
    for place in call.where_to_find:
        typer.echo(f"  - {place}")
    typer.echo(pick(call.explanation))
