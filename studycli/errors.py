"""The one domain error type and its kinds.

Everything a user can get wrong (content files, specs, patterns, rules, a damaged
database) raises a StudyError subclass; the CLI prints `Error: <message>` on stderr
and exits with `exit_code`. Anything else reaching the user is a bug.
"""

from __future__ import annotations


def one_line(text: str) -> str:
    """Messages quote what the user wrote, which may hold line breaks: show them as `\\n`."""
    return str(text).replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\r")


class StudyError(Exception):
    """A problem the user can act on. `str(err)` is the one-line message."""

    exit_code = 1

    def __init__(self, message: object = ""):
        super().__init__(one_line(message))


class ContentError(StudyError):
    """Content files are invalid. Carries every problem as `file:line: field: message`."""

    def __init__(self, problems: list[str]):
        self.problems = [one_line(p) for p in problems]
        first = self.problems[0] if self.problems else "invalid content"
        more = f" (and {len(self.problems) - 1} more)" if len(self.problems) > 1 else ""
        super().__init__(first + more)


class SpecError(StudyError):
    """A learner's spec, pattern, rule or expression is invalid (exit 2, as the contracts say)."""

    exit_code = 2

    def __init__(self, message: str, *, kind: str = "InvalidSpec"):
        self.kind = kind
        super().__init__(one_line(message))


class StoreError(StudyError):
    """The progress database cannot be used (damaged, locked, unreadable)."""
