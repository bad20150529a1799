"""The command line: parse arguments, call an engine, hand results to the UI.

No SQL and no YAML here. Each command group lives in `studycli.commands.<group>` and
registers itself; heavy modules are imported inside the commands that need them so
`studycli --help` stays fast. Every StudyError becomes one `Error: ...` line.
"""

from __future__ import annotations

import os
import sys
from types import ModuleType

import typer

from studycli import __version__
from studycli.commands import (
    browse_cmd,
    content_cmd,
    export_cmd,
    home_cmd,
    lang_option,
    optimize_cmd,
    plan_cmd,
    quiz_cmd,
    review_cmd,
    scenario_play,
)
from studycli.errors import CODES, INTERRUPTED, StudyError
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
for module in (optimize_cmd, plan_cmd):
    module.register(app)
# Each simulator kind's own command, as the registry names it; then the ones for every kind.
for command, function in registry.commands().items():
    scenario_app.command(command)(registry.resolve_command(function))
scenario_app.command("list")(scenario_play.list_scenarios)
scenario_app.command(registry.PLAY_COMMAND)(scenario_play.play)
lang_option.add_everywhere(app)   # --lang on every command, as well as before it


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
    """Console entry point: run the app, turning domain errors into one line and an exit code.

    Ctrl-C at any moment (even while an error is being reported) exits 130; nothing but a
    bug in studycli reaches the user as exit 70, and never as a traceback.
    """
    from studycli import process

    try:
        code = _run(process)
        code = _flushed(process, code)
    except KeyboardInterrupt:
        try:
            _say_stopped(interrupted=True)
        except BaseException:
            pass
        code = CODES[INTERRUPTED].exit_code
    process.finish(code)


def _run(process: ModuleType) -> int:
    try:
        process.prepare()
        process.check_arguments(sys.argv[1:])
        one = app_for(sys.argv[1:])
        # `obj`: the whole app, for a command that runs another (the home screen's menu).
        code = one(standalone_mode=False) if one is app else one(standalone_mode=False, obj=app)
        if code == 130:  # typer turns Ctrl-C outside our prompts into exit code 130, silently
            _say_stopped(interrupted=True)
        return code if isinstance(code, int) else 0
    except StudyError as err:
        return _fail(err)
    except KeyboardInterrupt:
        _say_stopped(interrupted=True)
        return CODES[INTERRUPTED].exit_code
    except SystemExit as done:
        return done.code if isinstance(done.code, int) else (0 if done.code is None else 1)
    except Exception as err:
        known = process.output_error(err) or process.store_error(err)
        if known is not None:
            return _fail(known, quiet=isinstance(err, BrokenPipeError))
        # Usage errors and aborts of typer's bundled click: show them as click would.
        show, code = getattr(err, "show", None), getattr(err, "exit_code", None)
        if callable(show) and isinstance(code, int):
            show()
            return code
        if type(err).__name__ == "Abort":
            _say_stopped(interrupted=False)
            return CODES[INTERRUPTED].exit_code
        if os.environ.get("STUDYCLI_DEBUG") == "1":
            raise
        return process.report_bug(err)


def _flushed(process: ModuleType, code: int) -> int:
    """`code`, or the output error's when what the command printed cannot be written."""
    try:
        sys.stdout.flush()
    except OSError as err:
        known = process.output_error(err, certain=True)
        return _fail(known, quiet=isinstance(err, BrokenPipeError)) if code == 0 else code
    return code


def _fail(err: StudyError, quiet: bool = False) -> int:
    from studycli.output import error_line

    if not quiet:
        try:
            error_line(err.line())
        except OSError:
            pass
    return err.exit_code


def _say_stopped(*, interrupted: bool) -> None:
    from studycli.i18n import msg

    sys.stderr.write("\n" + (msg("cli.interrupted") if interrupted else msg("cli.aborted")) + "\n")
