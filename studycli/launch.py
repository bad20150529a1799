"""The `studycli` console script: Ctrl-C while the CLI is still loading exits 130 like anywhere else.

Importing the CLI (typer, rich, the command modules) takes a moment; a Ctrl-C in it would
otherwise end in a traceback. Once `cli.main` runs, it handles Ctrl-C itself.
"""

from __future__ import annotations

import sys


def main() -> None:
    try:
        from studycli.cli import main as run
    except KeyboardInterrupt:
        try:
            from studycli.i18n import msg

            line = msg("cli.interrupted")
        except BaseException:
            line = "Interrupted."
        sys.stderr.write("\n" + line + "\n")
        sys.exit(130)
    run()
