"""`studycli scenario logs | insights | config`: answer as CloudWatch Logs and AWS Config would.

- `logs --filter P (--event LINE | --events FILE) [--json]`: does the filter pattern match?
  JSON: `{"match": bool, "fields": {...}}` for one event, a list of them (with `line` and
  `event`) for a file of one event per line. An invalid pattern exits 2 with
  `{"error": "InvalidFilterPattern", "message": ...}` (with --json) or `Error: ...`.
- `insights --query Q --log FILE [--json]`: run a Logs Insights query over a log file.
- `config --cost --items N --evaluations N [--daily] [--json]`: AWS Config monthly cost.
Without those inputs each plays the interactive scenarios of its kind.
Only typer is imported here; engines load inside the commands.
"""

from __future__ import annotations

from pathlib import Path

import typer

from studycli.output import fail


def register(app: typer.Typer) -> None:
    """Add this group's commands to `app`."""
    app.command("logs")(logs)
    app.command("insights")(insights)
    app.command("config")(config)


def _read_lines(path: str, what: str, as_json: bool) -> list[str]:
    try:
        return Path(path).read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        fail("InvalidArgument", f"{what}: no such file: {path}", as_json)
    except (OSError, UnicodeDecodeError) as err:
        fail("InvalidArgument", f"{what}: cannot read {path}: {err}", as_json)
    return []


def logs(
    name: str = typer.Argument(None, help="Scenario to play (without --filter)."),
    filter_pattern: str = typer.Option(None, "--filter", help="A CloudWatch Logs filter pattern."),
    event: str = typer.Option(None, "--event", help="One log event message."),
    events: str = typer.Option(None, "--events", help="A file with one log event per line."),
    as_json: bool = typer.Option(False, "--json", help="Print {\"match\", \"fields\"} as JSON."),
) -> None:
    """Does a log event match a filter pattern, as CloudWatch Logs decides? Without --filter: play scenarios."""
    if filter_pattern is None:
        if event is not None or events is not None:
            fail("Usage", "--event/--events need --filter", as_json)
        from studycli.scenarios.runner import play

        play(kinds=("logs",), name=name)
        return
    if (event is None) == (events is None):
        fail("Usage", "give exactly one of --event LINE or --events FILE", as_json)
    from studycli.errors import SpecError
    from studycli.sims.logs.filter_pattern import parse_filter_pattern

    try:
        pattern = parse_filter_pattern(filter_pattern)
    except SpecError as err:
        fail(err.kind, str(err), as_json)
    if event is not None:
        result = pattern.match(event)
        if as_json:
            from studycli.output import print_json

            print_json({"match": result.matched, "fields": result.fields})
        else:
            _say_match(result)
        return
    lines = _read_lines(events, "--events", as_json)
    results = [(number, line, pattern.match(line)) for number, line in enumerate(lines, 1) if line.strip()]
    if as_json:
        from studycli.output import print_json

        print_json([{"line": n, "event": line, "match": r.matched, "fields": r.fields} for n, line, r in results])
        return
    for number, line, result in results:
        typer.echo(f"{number}: {'match' if result.matched else 'no match'}: {line}")
    typer.echo(f"{sum(r.matched for _, _, r in results)} of {len(results)} events match")


def _say_match(result) -> None:
    typer.echo(f"{'match' if result.matched else 'no match'}: {result.reason}")
    for key, value in result.fields.items():
        typer.echo(f"  {key} = {value}")


def insights(
    name: str = typer.Argument(None, help="Scenario to play (without --query)."),
    query: str = typer.Option(None, "--query", help="A Logs Insights query."),
    log: str = typer.Option(None, "--log", help="A log file: one event per line (JSON lines become fields)."),
    as_json: bool = typer.Option(False, "--json", help="Print {columns, rows, statistics} as JSON."),
) -> None:
    """Run a Logs Insights query over a local log file. Without --query: play scenarios."""
    if query is None:
        if log is not None:
            fail("Usage", "--log needs --query", as_json)
        from studycli.scenarios.runner import play

        play(kinds=("insights",), name=name)
        return
    if log is None:
        fail("Usage", "--query needs --log FILE", as_json)
    from studycli.errors import SpecError
    from studycli.sims.logs.insights import events_from_lines, parse_query, run_query

    try:
        parse_query(query)
    except SpecError as err:
        fail(err.kind, str(err), as_json)
    result = run_query(query, events_from_lines(_read_lines(log, "--log", as_json)))
    table = result.to_json()
    if as_json:
        from studycli.output import print_json

        print_json(table)
        return
    _print_table(table)


def _print_table(table: dict) -> None:
    from rich.table import Table

    from studycli.output import console

    view = Table()
    for column in table["columns"]:
        view.add_column(column, overflow="fold")
    for row in table["rows"]:
        view.add_row(*("" if row[c] is None else str(row[c]) for c in table["columns"]))
    console().print(view)
    stats = table["statistics"]
    typer.echo(f"{len(table['rows'])} rows; {stats['recordsMatched']} of {stats['recordsScanned']} records matched")


def config(
    name: str = typer.Argument(None, help="Scenario to play."),
    cost: bool = typer.Option(False, "--cost", help="Estimate a month of AWS Config in one Region."),
    items: int = typer.Option(None, "--items", help="Configuration items recorded in the month."),
    evaluations: int = typer.Option(None, "--evaluations", help="Config rule evaluations in the month."),
    daily: bool = typer.Option(False, "--daily", help="Daily (periodic) recording instead of continuous."),
    as_json: bool = typer.Option(False, "--json", help="Print the estimate as JSON."),
) -> None:
    """AWS Config: play rule/remediation/cost scenarios, or `--cost --items N --evaluations N` for a bill."""
    if not cost:
        if items is not None or evaluations is not None or daily:
            fail("Usage", "--items, --evaluations and --daily go with --cost", as_json)
        from studycli.scenarios.runner import play

        play(kinds=("config",), name=name)
        return
    if items is None or evaluations is None:
        fail("Usage", "--cost needs --items N and --evaluations N", as_json)
    from studycli.errors import SpecError
    from studycli.sims.config.config_rules import config_cost

    try:
        estimate = config_cost(items, evaluations, "daily" if daily else "continuous")
    except SpecError as err:
        fail(err.kind, str(err), as_json)
    data = estimate.to_json()
    if as_json:
        from studycli.output import print_json

        print_json(data)
        return
    typer.echo(f"Configuration items: {data['configuration_items']:,} x ${data['price_per_item']} "
               f"({data['recording']}) = ${data['items_cost']:,.2f}")
    for tier in data["evaluation_tiers"]:
        typer.echo(f"Rule evaluations:    {tier['evaluations']:,} x ${tier['price']} = ${tier['cost']:,.2f}")
    typer.echo(f"Total per month (one Region): ${data['total']:,.2f} USD")
