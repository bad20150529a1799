"""What the CLI writes: one JSON document for scripts, or rich text for people.

Kept tiny so importing it costs nothing; rich is imported only when text is printed.

Nothing a content pack, a log file or a user typed reaches the terminal raw: `clean()`
drops control characters (escape sequences could retitle the window or clear the screen)
and replaces lone surrogates, and `--json` documents are strict JSON (no NaN or Infinity,
every control character escaped). The CLI wraps stdout and stderr in `CleanStream` so
plain writes are cleaned too, while rich's own styling reaches the terminal through the
console, which cleans the text it renders and leaves its style codes alone. One stream skips
the cleaning: a document that is ASCII JSON by construction (`AsciiSink`, the hundreds of
megabytes `scenario alarm --spec --json` can print) has nothing in it to clean.
"""

from __future__ import annotations

import math
import os
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from rich.console import Console

# C0 controls but tab and newline, DEL, C1 controls; and lone surrogates (undecodable input).
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SURROGATE = re.compile("[\ud800-\udfff]")
# What json.dumps(ensure_ascii=False) leaves raw inside strings and strict readers or terminals choke on.
_JSON_RAW = re.compile("[\x7f-\x9f\ud800-\udfff]")


def clean(text: str) -> str:
    """Text safe for a terminal: control characters other than newline and tab removed, lone
    surrogates (bytes that were not UTF-8) shown as U+FFFD."""
    if text.isascii() and text.isprintable():
        return text
    return _SURROGATE.sub("\ufffd", _CONTROL.sub("", text))


def _finite(value: Any) -> Any:
    """The document with every non-finite number spelled as a string ("NaN", "Infinity", "-Infinity")."""
    if isinstance(value, float) and not math.isfinite(value):
        return "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")
    if isinstance(value, dict):
        return {key: _finite(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_finite(item) for item in value]
    return value


def json_text(document: Any) -> str:
    """Strict JSON text: NaN and Infinity become strings, C1 controls and lone surrogates are escaped."""
    import json

    text = json.dumps(_finite(document), ensure_ascii=False, indent=2, allow_nan=False)
    return _JSON_RAW.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def print_json(document: Any) -> None:
    """The `--json` contract: a single UTF-8 JSON document on stdout, nothing else."""
    out = getattr(sys.stdout, "rich_proxied_file", sys.stdout)
    out.flush()
    out.buffer.write(json_text(document).encode("utf-8") + b"\n")
    out.flush()


def color_enabled() -> bool:
    return not os.environ.get("NO_COLOR") and os.environ.get("STUDYCLI_NO_COLOR") != "1"


_console: Console | None = None


def console() -> Console:
    """The shared rich Console (honours NO_COLOR and --no-color); it cleans every piece of text it renders."""
    global _console
    if _console is None:
        from rich.console import Console
        from rich.segment import Segment

        class CleanConsole(Console):
            def _render_buffer(self, buffer: Any) -> str:
                return super()._render_buffer(
                    segment if segment.control else Segment(clean(segment.text), segment.style)
                    for segment in buffer)

        # NO_COLOR means no escape codes at all: no colour, and no bold or dim either.
        if color_enabled():
            _console = CleanConsole(highlight=False)
        else:
            _console = CleanConsole(highlight=False, color_system=None, no_color=True)
    return _console


class CleanStream:
    """A text stream that cleans what is written to it (see `clean`). Rich finds the stream
    beneath through `rich_proxied_file` and writes its styled, already cleaned output there."""

    def __init__(self, stream: TextIO):
        self.rich_proxied_file = stream

    def write(self, text: str) -> int:
        self.rich_proxied_file.write(clean(text))
        return len(text)

    def writelines(self, lines: Any) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.rich_proxied_file, name)


class AsciiSink:
    """Where a streamed document that is ASCII JSON goes: straight to the binary stream beneath stdout.

    Only for text that is clean by construction (every string in it went through
    `json.encoder.encode_basestring_ascii`, the rest is numbers, names and punctuation): such
    text has no control character or surrogate for `clean()` to find, so it skips the cleaning
    and the text layer. `encode("ascii")` would fail loudly on anything else.
    """

    def __init__(self, buffer: Any):
        self.buffer = buffer

    def write(self, text: str) -> int:
        self.buffer.write(text.encode("ascii"))
        return len(text)


def ascii_stdout() -> AsciiSink:
    """stdout's binary stream for ASCII JSON (see `AsciiSink`); what was written as text before is flushed first."""
    out = getattr(sys.stdout, "rich_proxied_file", sys.stdout)
    out.flush()
    return AsciiSink(out.buffer)


def error_line(message: str) -> None:
    sys.stderr.write(f"Error: {clean(message)}\n")


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
