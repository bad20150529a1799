"""The command line: parse arguments, call an engine, hand results to the UI.

No SQL and no YAML here. Each command group lives in `studycli.commands.<group>` and
registers itself; heavy modules are imported inside the commands that need them so
`studycli --help` stays fast. Every StudyError becomes one `Error: ...` line.
"""

from __future__ import annotations

import sys

import typer

from studycli import __version__
from studycli.commands import (browse_cmd, content_cmd, export_cmd, home_cmd, quiz_cmd, review_cmd,
                               scenario_alarm, scenario_eventbridge, scenario_logs)
from studycli.errors import StudyError

app = typer.Typer(
    name="studycli",
    help="Study AWS monitoring and governance: flashcards (FSRS), quizzes, mock exams and AWS simulators.",
    no_args_is_help=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    add_completion=True,
)
scenario_app = typer.Typer(help="Simulators that answer as AWS does: alarms, composite alarms, EventBridge, Logs, Config.",
                           no_args_is_help=True)
app.add_typer(scenario_app, name="scenario")


def _version(value: bool) -> None:
    if value:
        typer.echo(f"studycli {__version__}")
        raise typer.Exit()


@app.callback(invoke_without_command=True)
def root(
    ctx: typer.Context,
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Show the version and exit."),
    no_color: bool = typer.Option(False, "--no-color", help="No colours (same as NO_COLOR=1)."),
    lang: str = typer.Option(None, "--lang", help="Language for content and messages: ko, en or both."),
) -> None:
    """With no command: the home screen (what is due, last scores, what to do next)."""
    import os

    if no_color:
        os.environ["NO_COLOR"] = "1"
    if lang:
        from studycli import i18n

        i18n.set_language(lang)
    if ctx.invoked_subcommand is None:
        home_cmd.home()


for module in (content_cmd, browse_cmd, review_cmd, quiz_cmd, export_cmd, home_cmd):
    module.register(app)
for module in (scenario_alarm, scenario_eventbridge, scenario_logs):
    module.register(scenario_app)


def main() -> None:
    """Console entry point: run the app, turning domain errors into one line and an exit code."""
    try:
        code = app(standalone_mode=False)
        if isinstance(code, int) and code:
            sys.exit(code)
    except StudyError as err:
        from studycli.output import error_line

        error_line(str(err))
        sys.exit(err.exit_code)
    except KeyboardInterrupt:
        sys.stderr.write("\nInterrupted; every answer given so far is saved.\n")
        sys.exit(130)
    except SystemExit:
        raise
    except Exception as err:  # click's own usage errors arrive here in non-standalone mode
        import click

        if isinstance(err, click.exceptions.Abort):
            sys.stderr.write("\nAborted; every answer given so far is saved.\n")
            sys.exit(130)
        if isinstance(err, click.ClickException):
            err.show()
            sys.exit(err.exit_code)
        raise
