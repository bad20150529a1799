"""The `studycli` console script: Ctrl-C while the CLI is still loading exits 130 like anywhere else.

Importing the CLI (typer, rich, the command modules) takes a moment; a Ctrl-C in it would
otherwise end in a traceback. Once `cli.main` runs, it handles Ctrl-C itself.

When the command is done the process leaves at once (`leave`): everything a command keeps is
committed as it is given (each rating and answer in its own transaction, exports renamed into
place), so the interpreter's teardown of every module and object it loaded, a tenth of what a
daily command costs (issue 19), has nothing left to save. Exit handlers still run.
"""

from __future__ import annotations

import sys
from typing import NoReturn

# Objects allocated before the cyclic garbage collector's first pass (Python's default: 700). A
# command makes tens of thousands of objects it keeps until it ends (the CLI's modules, the
# catalogue's facts, a history's cards); at 700 the collector re-examined them some ninety times
# in a `quiz` on a large pack (16 ms, measured). Cycles are still collected, ten thousand
# allocations later.
YOUNG_OBJECTS = 10_000


def main() -> NoReturn:
    import gc

    gc.set_threshold(YOUNG_OBJECTS, *gc.get_threshold()[1:])
    try:
        from studycli.cli import main as run
    except KeyboardInterrupt:
        try:
            from studycli.i18n import msg

            line = msg("cli.interrupted")
        except BaseException:
            line = "Interrupted."
        sys.stderr.write("\n" + line + "\n")
        leave(130)
    try:
        run()
    except SystemExit as done:
        leave(exit_code(done.code))
    leave(0)


def exit_code(code: object) -> int:
    """The status `sys.exit(code)` would give: None is 0, a number itself, anything else is printed and 1."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    try:
        sys.stderr.write(f"{code}\n")
    except (OSError, ValueError):
        pass
    return 1


def leave(code: int) -> NoReturn:
    """Flush the output, run the exit handlers and end the process with `code`, skipping teardown."""
    import atexit
    import os

    try:
        atexit._run_exitfuncs()
    finally:
        for stream in (sys.stdout, sys.stderr):
            try:
                if stream is not None:
                    stream.flush()
            except (OSError, ValueError):
                pass
        os._exit(code)
