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

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import typer

from studycli.errors import usage
from studycli.i18n import Msg
from studycli.output import json_errors


def _read_lines(path: str, option: str) -> list[str]:
    try:
        return Path(path).read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise usage(Msg("error.usage.no_such_file", {"option": option, "path": path})) from None
    except (OSError, UnicodeDecodeError) as err:
        raise usage(Msg("error.usage.cannot_read", {"option": option, "path": path, "reason": str(err)})) from None


def _stream_lines(path: str, option: str) -> Iterator[str]:
    try:
        with open(path, encoding="utf-8") as lines:
            yield from lines
    except FileNotFoundError:
        raise usage(Msg("error.usage.no_such_file", {"option": option, "path": path})) from None
    except (OSError, UnicodeDecodeError) as err:
        raise usage(Msg("error.usage.cannot_read", {"option": option, "path": path, "reason": str(err)})) from None


def logs(
    name: str = typer.Argument(None, help="Scenario to play (without --filter)."),
    filter_pattern: str = typer.Option(None, "--filter", help="A CloudWatch Logs filter pattern."),
    event: str = typer.Option(None, "--event", help="One log event message."),
    events: str = typer.Option(None, "--events", help="A file with one log event per line."),
    as_json: bool = typer.Option(False, "--json", help="Print {\"match\", \"fields\"} as JSON."),
) -> None:
    """Does a log event match a filter pattern, as CloudWatch Logs decides? Without --filter: play scenarios."""
    with json_errors(as_json):
        if filter_pattern is None:
            if event is not None or events is not None:
                raise usage(Msg("error.usage.event_needs_filter"))
            from studycli.sessions.scenario import play

            play(kinds=("logs",), name=name)
            return
        if (event is None) == (events is None):
            raise usage(Msg("error.usage.one_of_event_events"))
        from studycli.sims.logs.filter_pattern import parse_filter_pattern

        pattern = parse_filter_pattern(filter_pattern)
        lines = [(0, event)] if event is not None else \
            [(n, line) for n, line in enumerate(_read_lines(events, "--events"), 1) if line.strip()]
    results = [(number, line, pattern.match(line)) for number, line in lines]
    from studycli.i18n import msg, render

    if event is not None:
        result = results[0][2]
        if as_json:
            from studycli.output import print_json

            print_json({"match": result.matched, "fields": result.fields})
            return
        typer.echo(f"{msg('sim.match' if result.matched else 'sim.no_match')}: {render(result.reason)}")
        for key, value in result.fields.items():
            typer.echo(f"  {key} = {value}")
        return
    if as_json:
        from studycli.output import print_json

        print_json([{"line": n, "event": line, "match": r.matched, "fields": r.fields} for n, line, r in results])
        return
    for number, line, result in results:
        typer.echo(f"{number}: {msg('sim.match' if result.matched else 'sim.no_match')}: {line}")
    typer.echo(msg("sim.logs.matched_count", matched=sum(r.matched for _, _, r in results), total=len(results)))


def insights(
    name: str = typer.Argument(None, help="Scenario to play (without --query)."),
    query: str = typer.Option(None, "--query", help="A Logs Insights query."),
    log: str = typer.Option(None, "--log", help="A log file: one event per line (JSON lines become fields)."),
    as_json: bool = typer.Option(False, "--json", help="Print {columns, rows, statistics} as JSON."),
) -> None:
    """Run a Logs Insights query over a local log file. Without --query: play scenarios."""
    with json_errors(as_json):
        if query is None:
            if log is not None:
                raise usage(Msg("error.usage.log_needs_query"))
            from studycli.sessions.scenario import play

            play(kinds=("insights",), name=name)
            return
        if log is None:
            raise usage(Msg("error.usage.query_needs_log"))
        from studycli import clock
        from studycli.sims.logs.insights import parse_query, run_query

        parse_query(query)
        # the log is read a line at a time as the query runs: its size does not matter
        table = run_query(query, _stream_lines(log, "--log"), now=clock.now()).to_json()
    if as_json:
        from studycli.output import print_json

        print_json(table)
        return
    _print_table(table)


def _print_table(table: dict[str, Any]) -> None:
    from rich.table import Table

    from studycli.i18n import msg
    from studycli.output import console

    view = Table()
    for column in table["columns"]:
        view.add_column(column, overflow="fold")
    for row in table["rows"]:
        view.add_row(*("" if row[c] is None else str(row[c]) for c in table["columns"]))
    console().print(view)
    stats = table["statistics"]
    typer.echo(msg("sim.insights.summary", rows=len(table["rows"]), matched=stats["recordsMatched"],
                   scanned=stats["recordsScanned"]))


def config(
    name: str = typer.Argument(None, help="Scenario to play."),
    cost: bool = typer.Option(False, "--cost", help="Estimate a month of AWS Config in one Region."),
    items: int = typer.Option(None, "--items", help="Configuration items recorded in the month."),
    evaluations: int = typer.Option(None, "--evaluations", help="Config rule evaluations in the month."),
    daily: bool = typer.Option(False, "--daily", help="Daily (periodic) recording instead of continuous."),
    as_json: bool = typer.Option(False, "--json", help="Print the estimate as JSON."),
) -> None:
    """AWS Config: play rule/remediation/cost scenarios, or `--cost --items N --evaluations N` for a bill."""
    with json_errors(as_json):
        if not cost:
            if items is not None or evaluations is not None or daily:
                raise usage(Msg("error.usage.cost_options"))
            from studycli.sessions.scenario import play

            play(kinds=("config",), name=name)
            return
        if items is None or evaluations is None:
            raise usage(Msg("error.usage.cost_needs"))
        from studycli.sims.config.config_rules import config_cost

        data = config_cost(items, evaluations, "daily" if daily else "continuous").to_json()
    if as_json:
        from studycli.output import print_json

        print_json(data)
        return
    from studycli.i18n import msg

    typer.echo(msg("sim.config.cost.items", items=f"{data['configuration_items']:,}", price=data["price_per_item"],
                   recording=Msg(f"sim.config.recording.{data['recording']}"), cost=f"{data['items_cost']:,.2f}"))
    for tier in data["evaluation_tiers"]:
        typer.echo(msg("sim.config.cost.tier", evaluations=f"{tier['evaluations']:,}", price=tier["price"],
                       cost=f"{tier['cost']:,.2f}"))
    typer.echo(msg("sim.config.cost.total", total=f"{data['total']:,.2f}"))
