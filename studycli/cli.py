"""The command line: parse arguments, call an engine, hand results to the UI.

No SQL and no YAML here. Each command group lives in `studycli.commands.<group>` and
registers itself; heavy modules are imported inside the commands that need them so
`studycli --help` stays fast. Every StudyError becomes one `Error: ...` line.
"""

from __future__ import annotations

import os
import sys

import typer

from studycli import __version__
from studycli.commands import browse_cmd, content_cmd, export_cmd, home_cmd, quiz_cmd, review_cmd, scenario_play
from studycli.errors import CODES, INTERNAL_ERROR, INTERRUPTED, StudyError
from studycli.scenarios import registry

app = typer.Typer(
    name="studycli",
    help="Study AWS monitoring and governance: flashcards (FSRS), quizzes, mock exams and AWS simulators.",
    no_args_is_help=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    add_completion=True,
)
scenario_app = typer.Typer(help="Simulators that answer as AWS does, and their scenarios: "
                                f"{', '.join(registry.names())}.", no_args_is_help=True)
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
    if not ctx.resilient_parsing:
        from studycli.settings import apply_configured_language

        apply_configured_language()
    if ctx.invoked_subcommand is None:
        home_cmd.home(ctx)


for module in (content_cmd, browse_cmd, review_cmd, quiz_cmd, export_cmd, home_cmd):
    module.register(app)
# Each simulator kind's own command, as the registry names it; then the ones for every kind.
for command, function in registry.commands().items():
    scenario_app.command(command)(registry.resolve_command(function))
scenario_app.command("list")(scenario_play.list_scenarios)
scenario_app.command(registry.PLAY_COMMAND)(scenario_play.play)


# Root options that take a value (the word after them is not a command).
ROOT_VALUE_OPTIONS = ("--lang",)


def invoked(args: list[str]) -> str | None:
    """The command `args` run (None when they name none: the home screen, or the root's --help)."""
    words = iter(args)
    for word in words:
        if word in ROOT_VALUE_OPTIONS:
            next(words, None)
        elif not word.startswith("-"):
            return word
    return None


def app_for(args: list[str]) -> typer.Typer:
    """The app with only the command `args` run, so typer builds one command instead of all of them
    (a fifth of what `home --json` cost: issue 19). The whole app when `args` name none or an
    unknown one (click lists them), and for shell completion."""
    name = invoked(args)
    if not isinstance(app, typer.Typer) or name is None or any(
            k.startswith("_") and k.endswith("_COMPLETE") for k in os.environ):
        return app
    commands = [c for c in app.registered_commands
                if (c.name or typer.main.get_command_name(c.callback.__name__ if c.callback else "")) == name]
    groups = [g for g in app.registered_groups if g.name == name]
    if not commands and not groups:
        return app
    one = typer.Typer()
    one.__dict__.update(app.__dict__, registered_commands=commands, registered_groups=groups)
    return one


def main() -> None:
    """Console entry point: run the app, turning domain errors into one line and an exit code."""
    try:
        one = app_for(sys.argv[1:])
        # `obj`: the whole app, for a command that runs another (the home screen's menu).
        code = one(standalone_mode=False) if one is app else one(standalone_mode=False, obj=app)
        if code == 130:  # typer turns Ctrl-C outside our prompts into exit code 130, silently
            _say_stopped(interrupted=True)
        if isinstance(code, int) and code:
            sys.exit(code)
    except StudyError as err:
        from studycli.output import error_line

        error_line(err.line())
        sys.exit(err.exit_code)
    except KeyboardInterrupt:
        _say_stopped(interrupted=True)
        sys.exit(CODES[INTERRUPTED].exit_code)
    except SystemExit:
        raise
    except Exception as err:
        # Usage errors and aborts of typer's bundled click: show them as click would.
        show, code = getattr(err, "show", None), getattr(err, "exit_code", None)
        if callable(show) and isinstance(code, int):
            show()
            sys.exit(code)
        if type(err).__name__ == "Abort":
            _say_stopped(interrupted=False)
            sys.exit(CODES[INTERRUPTED].exit_code)
        if os.environ.get("STUDYCLI_DEBUG") == "1":
            raise
        sys.stderr.write(f"Error: internal error ({type(err).__name__}: {err}); this is a bug in studycli — "
                         f"please report it (details: {_save_crash_report()})\n")
        sys.exit(CODES[INTERNAL_ERROR].exit_code)


def _say_stopped(*, interrupted: bool) -> None:
    from studycli.i18n import msg

    sys.stderr.write("\n" + (msg("cli.interrupted") if interrupted else msg("cli.aborted")) + "\n")


def _save_crash_report() -> str:
    """Keep the traceback for the bug report instead of showing it to the learner."""
    import traceback

    from studycli.paths import data_dir

    try:
        path = data_dir() / "crash.log"
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as f:
            f.write(traceback.format_exc() + "\n")
        return str(path)
    except OSError:
        return "run again with STUDYCLI_DEBUG=1"
