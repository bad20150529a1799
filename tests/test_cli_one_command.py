"""Issue 19: the CLI builds only the command it runs (typer's building of every command was a fifth
of what `home --json` cost), and everything still finds its way: the root's help and unknown
commands see the whole app, and the home screen's menu can run any other command."""

from __future__ import annotations

import pytest
import typer
from test_terminal_e2e import terminal  # noqa: F401  (the tmux fixture)

from studycli import cli


def names(app: typer.Typer) -> set[str]:
    return set(typer.main.get_command(app).commands)   # type: ignore[attr-defined]


@pytest.mark.parametrize(("args", "command"), [
    (["quiz", "--count", "1"], "quiz"), (["--lang", "ko", "review"], "review"), (["--no-color", "stats"], "stats"),
    (["scenario", "alarm"], "scenario"), (["content", "check"], "content"), (["home", "--json"], "home"),
])
def test_a_command_gets_an_app_of_that_command_alone(args, command):
    assert names(cli.app_for(args)) == {command}


@pytest.mark.parametrize("args", [[], ["--help"], ["--lang", "ko"], ["no-such-command"], ["--version"]])
def test_no_command_or_an_unknown_one_gets_the_whole_app(args):
    assert cli.app_for(args) is cli.app and len(names(cli.app)) > 10


def test_shell_completion_gets_the_whole_app(monkeypatch):
    monkeypatch.setenv("_STUDYCLI_COMPLETE", "bash_complete")
    assert cli.app_for(["qu"]) is cli.app


def test_the_home_command_menu_runs_another_command(terminal):  # noqa: F811
    term = terminal("home")
    term.wait_for("What next?")
    term.keys("Enter")  # the first suggestion: review, a command the home command's own app does not hold
    term.wait_for("1/20")
    term.keys("q", "Enter")
    term.wait_for("Summary")
