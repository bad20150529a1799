"""The process around a command: its standard streams, its arguments and how it ends.

`cli.main` calls `prepare()` before parsing anything and `finish()` on every way out, so
that whatever the environment does (stdin closed, stdout a full disk or a closed pipe, an
ASCII-only encoding, arguments that are not UTF-8, Ctrl-C at any moment) the learner sees
one `Error: ...` line and a documented exit code, never a traceback. `report_bug()` is the
last resort for a real bug and is written so that it cannot fail itself.
"""

from __future__ import annotations

import errno
import os
import sys
from typing import Any

from studycli.output import CleanStream

# Deep but bounded input (1,100 levels of event JSON, a 10,240-character alarm rule) is
# parsed by recursion; Python 3.11 keeps Python-to-Python calls off the C stack, so this
# limit costs no C stack of its own.
RECURSION_LIMIT = 20_000
EXIT_INTERRUPTED = 130
# What failing to write standard output means, by errno.
_OUTPUT_ERRNOS = {errno.ENOSPC, errno.EPIPE, errno.EIO, errno.EBADF, errno.EFBIG, errno.EDQUOT}


def prepare() -> None:
    """Streams that cannot fail on text, a missing stdin that reads as empty, room for deep input."""
    if sys.stdin is None:  # started with fd 0 closed: read as an empty input
        sys.stdin = open(os.devnull, encoding="utf-8")  # noqa: SIM115 (lives as long as the process)
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        if stream is None or isinstance(stream, CleanStream):
            continue
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "").replace("_", "")
        if encoding != "utf8" and hasattr(stream, "reconfigure"):
            # An ASCII or Latin-1 terminal gets '?' for what it cannot show, not a crash.
            stream.reconfigure(errors="replace")
        setattr(sys, name, CleanStream(stream))
    sys.setrecursionlimit(max(sys.getrecursionlimit(), RECURSION_LIMIT))


def check_arguments(argv: list[str]) -> None:
    """Arguments are read as UTF-8; bytes that are not (kept by Python as lone surrogates) are refused."""
    from studycli.errors import usage

    for number, arg in enumerate(argv, 1):
        bad = next((ord(ch) - 0xDC00 for ch in arg if "\udc80" <= ch <= "\udcff"), None)
        if bad is not None:  # Python keeps each byte that is not UTF-8 as U+DC80..U+DCFF
            raise usage(f"argument {number} is not valid UTF-8 (byte 0x{bad:02x}); studycli reads arguments as UTF-8")
    if sys.stdout is None:
        from studycli.errors import OUTPUT_FAILED, StudyError

        raise StudyError("standard output is closed; nothing can be shown", code=OUTPUT_FAILED)


def output_error(err: BaseException, certain: bool = False) -> Any:
    """The StudyError for an OSError that came from writing standard output, or None when it did not
    (`certain`: it did).

    Every other writer catches its own errors (the database, exports, the content cache,
    crash.log), so a bare write error that reaches the CLI is the terminal's or the pipe's.
    """
    if not isinstance(err, OSError) or (not certain and err.errno not in _OUTPUT_ERRNOS):
        return None
    from studycli.errors import DISK_FULL, OUTPUT_FAILED, StudyError

    reason = os.strerror(err.errno) if err.errno else str(err)
    code = DISK_FULL if err.errno == errno.ENOSPC else OUTPUT_FAILED
    return StudyError(f"cannot write to standard output ({reason})", code=code)


def store_error(err: BaseException) -> Any:
    """The StoreError for an SQLite error that escaped a command (a corrupted page met mid-query), or None."""
    sqlite3 = sys.modules.get("sqlite3")
    if sqlite3 is None or not isinstance(err, sqlite3.Error):
        return None
    from studycli.paths import db_path
    from studycli.store_diagnosis import diagnose

    try:
        path = db_path()
    except Exception:
        return None
    return diagnose(err, path)


def finish(code: int) -> None:
    """Exit with `code` after flushing; output that cannot be written is dropped, not a second error."""
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None:
                stream.flush()
        except (OSError, ValueError):
            _silence(stream)
    sys.exit(code)


def _silence(stream: Any) -> None:
    """Point a stream's descriptor at /dev/null so the interpreter's own flush at exit cannot fail."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, stream.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass


def say(line: str) -> None:
    """One line on stderr, however broken stderr is."""
    try:
        sys.stderr.write(line + "\n")
        sys.stderr.flush()
    except BaseException:
        try:
            os.write(2, line.encode("utf-8", "replace") + b"\n")
        except BaseException:
            pass


def report_bug(err: BaseException) -> int:
    """A bug in studycli: one line on stderr, the traceback in crash.log. Never raises."""
    from studycli.errors import CODES, INTERNAL_ERROR

    try:
        from studycli.errors import one_line
        from studycli.output import clean

        what = clean(one_line(f"{type(err).__name__}: {err}"))[:500]
    except BaseException:
        what = "unknown error"
    try:
        where = _save_crash_report(err)
    except BaseException:
        where = "run again with STUDYCLI_DEBUG=1"
    say(f"Error: internal error ({what}); this is a bug in studycli — please report it (details: {where})")
    return CODES[INTERNAL_ERROR].exit_code


def _save_crash_report(err: BaseException) -> str:
    """Keep the traceback for the bug report instead of showing it to the learner."""
    import traceback

    from studycli.paths import data_dir

    text = "".join(traceback.format_exception(type(err), err, err.__traceback__))
    try:
        path = data_dir() / "crash.log"
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8", errors="backslashreplace") as f:
            f.write(text + "\n")
        return str(path).encode("utf-8", "replace").decode("utf-8")
    except Exception:
        return "run again with STUDYCLI_DEBUG=1"
