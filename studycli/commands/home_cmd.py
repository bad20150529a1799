"""The home screen shown by `studycli` with no command."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    pass


def home() -> None:
    from studycli.ui import say

    say("studycli — run `studycli --help` for the commands.")
