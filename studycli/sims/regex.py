"""Regular expressions a learner writes, run on RE2: linear time, so no pattern and no input can hang.

Python's `re` backtracks: `%a*a*a*b%` against 5,000 characters or `/(a+)+$/` against 31
takes minutes, in C, where Ctrl-C cannot reach it. RE2 (google-re2) matches in time linear
in the input whatever the pattern, which is also what the AWS services promise for
their own regex support. Every regex from a filter pattern (`%...%`), a Logs Insights
query (`/.../`, `parse`) or an EventBridge wildcard is compiled here. Python-only syntax
(backreferences, lookaround) is refused with RE2's reason.
"""

from __future__ import annotations

from typing import Any

# Where RE2 would need more memory than this for one pattern, it refuses the pattern instead.
MAX_PROGRAM_BYTES = 64 << 20


class RegexError(ValueError):
    """The pattern does not compile (RE2's reason is the message)."""


class Regex:
    """A compiled pattern with the parts of `re.Pattern` the simulators use."""

    def __init__(self, pattern: str, *, dot_matches_newline: bool = False):
        import re2

        options = re2.Options()
        options.log_errors = False  # RE2 would print its own line on stderr
        options.max_mem = MAX_PROGRAM_BYTES
        options.dot_nl = dot_matches_newline
        try:
            self._compiled = re2.compile(_encodable(pattern), options)
        except re2.error as err:
            raise RegexError(_reason(err)) from None
        self.pattern = pattern
        self.groupindex: dict[str, int] = dict(self._compiled.groupindex)

    def search(self, text: str) -> Any:
        """The first match anywhere in `text` (a match object with group(), groupdict()), or None."""
        return self._compiled.search(_encodable(text))

    def fullmatch(self, text: str) -> Any:
        return self._compiled.fullmatch(_encodable(text))

    def __repr__(self) -> str:
        return f"Regex({self.pattern!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Regex) and other.pattern == self.pattern

    def __hash__(self) -> int:
        return hash(self.pattern)


def _encodable(text: str) -> str:
    """RE2 reads UTF-8: a lone surrogate (a byte that was not UTF-8) is matched as U+FFFD."""
    if text.isascii():
        return text
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        return "".join("\ufffd" if "\ud800" <= ch <= "\udfff" else ch for ch in text)


def _reason(err: BaseException) -> str:
    raw = err.args[0] if err.args else err
    return raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)


def escape(text: str) -> str:
    """`text` as a pattern that matches it literally."""
    import re

    return re.escape(text)
