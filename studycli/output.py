"""What the CLI writes: one JSON document for scripts, or rich text for people.

Kept tiny so importing it costs nothing; rich is imported only when text is printed.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console


def print_json(document: Any) -> None:
    """The `--json` contract: a single UTF-8 JSON document on stdout, nothing else."""
    import json

    text = json.dumps(document, ensure_ascii=False, indent=2, sort_keys=False)
    sys.stdout.buffer.write(text.encode("utf-8") + b"\n")
    sys.stdout.flush()


def color_enabled() -> bool:
    return not os.environ.get("NO_COLOR") and os.environ.get("STUDYCLI_NO_COLOR") != "1"


_console: Console | None = None


def console() -> Console:
    """The shared rich Console (honours NO_COLOR and --no-color)."""
    global _console
    if _console is None:
        from rich.console import Console

        # NO_COLOR means no escape codes at all: no colour, and no bold or dim either.
        if color_enabled():
            _console = Console(highlight=False)
        else:
            _console = Console(highlight=False, color_system=None, no_color=True)
    return _console


def error_line(message: str) -> None:
    sys.stderr.write(f"Error: {message}\n")


@contextmanager
def json_errors(as_json: bool) -> Iterator[None]:
    """The simulators' error contract: with --json a StudyError becomes the JSON document
    `{"error": code, "message": ...}` on stdout and the code's exit; without, it goes on to
    the CLI, which prints one `Error: ...` line."""
    from studycli.errors import StudyError

    try:
        yield
    except StudyError as err:
        if not as_json:
            raise
        import typer

        print_json(err.to_json())
        raise typer.Exit(err.exit_code) from None
