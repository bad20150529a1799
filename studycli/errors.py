"""The one domain error type and the one vocabulary of error codes.

Everything a user can get wrong (content files, specs, patterns, rules, the command line,
a damaged database) raises a StudyError carrying one of the codes below; the CLI prints
`Error: <message>` on stderr (or `{"error": code, "message": ...}` with --json) and exits
with the code's exit code. Anything else reaching the user is a bug.

`CODES` is the whole vocabulary: each code once, with its exit code and what it means.
The README's error-code table is this table (tests/test_error_codes.py compares them), so
a new code is one `_code(...)` line here and one row there. Raise sites name codes through
the constants (`kind=INVALID_QUERY`), never as string literals.
"""

from __future__ import annotations

from typing import Any, NamedTuple


class Code(NamedTuple):
    name: str
    exit_code: int
    meaning: str            # English, as the README states it
    template: str = "{detail}"  # how a message of this code reads (fields: detail, subject, column, position)
    named: bool = False     # the one-line `Error:` starts with the code, as AWS's exceptions do


CODES: dict[str, Code] = {}


def _code(name: str, exit_code: int, meaning: str, template: str = "{detail}", named: bool = False) -> str:
    CODES[name] = Code(name, exit_code, meaning, template, named)
    return name


# --- the command line and the tool itself ------------------------------------------------
USAGE = _code("Usage", 2, "the command line is wrong: an unknown command or option, a missing or extra argument, "
              "options that do not go together, or an argument in the wrong form")
INVALID_VALUE = _code("InvalidValue", 1, "a value that names nothing or is out of range: an unknown topic, "
                      "scenario or question type, a bad setting, `--lang`, `STUDYCLI_NOW`")
INVALID_CONTENT = _code("InvalidContent", 1, "content files (shipped, a user pack, scenarios) fail validation; "
                        "each problem is one `file:line: field: message` line")
STORE_UNAVAILABLE = _code("StoreUnavailable", 1, "the progress database cannot be opened for another reason "
                          "(unreadable, its directory is a file or cannot be found); it is left untouched")
STORE_DAMAGED = _code("StoreDamaged", 65, "the progress database is damaged (not SQLite, or a corrupted page); it is "
                      "left untouched: move it away to start fresh")
STORE_LOCKED = _code("StoreLocked", 75, "another studycli has held the progress database for longer than the busy "
                     "timeout (10 s); nothing was written: try again")
STORE_READ_ONLY = _code("StoreReadOnly", 77, "the progress database or its directory is read-only (permissions, a "
                        "read-only file system); nothing was written")
DISK_FULL = _code("DiskFull", 74, "no space left on the device holding the progress database, an export or "
                  "standard output; nothing was half-written")
STORE_TOO_NEW = _code("StoreTooNew", 78, "the progress database was written by a newer studycli (it lists changes "
                      "this version does not know); it is left untouched: upgrade studycli")
OUTPUT_FAILED = _code("OutputFailed", 74, "standard output or an export file cannot be written (closed, an I/O "
                      "error, a name the file system refuses); nothing was half-written")
EXPORT_REFUSED = _code("ExportRefused", 1, "export would replace a file without `--force`, write into studycli's own "
                       "data directory, or write to something that is not a regular file; nothing was written")
INTERNAL_ERROR = _code("InternalError", 70, "a bug in studycli: one line, the traceback goes to `crash.log` "
                       "in the data directory")
INTERRUPTED = _code("Interrupted", 130, "interrupted (Ctrl-C); everything answered so far is saved")

# --- the simulators: what AWS would refuse -----------------------------------------------
INVALID_SPEC = _code("InvalidSpec", 2, "an alarm spec file (YAML or JSON) is invalid: `file:line: field: message`")
INVALID_PARAMETER_VALUE = _code("InvalidParameterValue", 2, "a parameter AWS would refuse: an alarm setting "
                                "(PutMetricAlarm), a child alarm state other than OK, ALARM or INSUFFICIENT_DATA, "
                                "a number of schedule runs out of range")
INVALID_ALARM_RULE = _code("InvalidAlarmRule", 2, "a composite alarm rule AWS would refuse; JSON adds the "
                           "0-based `position`", template="AlarmRule: {detail} at position {position}{in_subject}")
INVALID_EVENT_PATTERN = _code("InvalidEventPattern", 2, "an EventBridge event pattern AWS would refuse",
                              template="Event pattern is not valid. Reason: {detail}", named=True)
INVALID_EVENT = _code("InvalidEvent", 2, "an event that is not a JSON object", named=True)
INVALID_EVENTBRIDGE_SETUP = _code("InvalidEventBridgeSetup", 2, "an event bus, rule, target or archive that "
                                  "EventBridge would refuse")
INVALID_SCHEDULE = _code("InvalidSchedule", 2, "a `cron(...)` or `rate(...)` expression EventBridge would refuse",
                         template="invalid schedule expression {subject}: {detail}", named=True)
INVALID_API_CALL = _code("InvalidApiCall", 2, "a name that is not an API operation or a service", named=True)
INVALID_FILTER_PATTERN = _code("InvalidFilterPattern", 2, "a CloudWatch Logs filter pattern AWS would refuse",
                               template="invalid filter pattern: {detail}{column}")
INVALID_METRIC_FILTER = _code("InvalidMetricFilter", 2, "a metric filter's value or default AWS would refuse")
INVALID_QUERY = _code("InvalidQuery", 2, "a Logs Insights query AWS would refuse",
                      template="invalid query: {detail}{column}")
INVALID_DELIVERY_NEED = _code("InvalidDeliveryNeed", 2, "a log delivery need that no mechanism can meet")
INVALID_CONFIG_SPEC = _code("InvalidConfigSpec", 2, "an AWS Config rule, resource, remediation or cost input "
                            "AWS Config would refuse")
NOT_SIMULATED = _code("NotSimulated", 2, "a query command or function that needs what only AWS has (machine "
                      "learning, data protection, other log groups, stored lookup tables): the message names it")
LIMIT_EXCEEDED = _code("LimitExceededException", 2, "an AWS quota the simulated call would exceed",
                       template="LimitExceededException: {detail}")


def one_line(text: object) -> str:
    """Messages quote what the user wrote, which may hold line breaks: show them as `\\n`."""
    return str(text).replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\r")


class StudyError(Exception):
    """A problem the user can act on. `str(err)` is the one-line message; `code` says which."""

    default_code = INVALID_VALUE

    def __init__(self, message: object = "", *, code: str | None = None):
        code = code or self.default_code
        if code not in CODES:
            raise ValueError(f"{code!r} is not an error code of studycli.errors.CODES")
        self.code = code
        self.details: dict[str, Any] = {}   # extra fields of the JSON error document
        super().__init__(one_line(message))

    @property
    def kind(self) -> str:
        """The code (the simulators' name for it)."""
        return self.code

    @property
    def exit_code(self) -> int:
        return CODES[self.code].exit_code

    def line(self) -> str:
        """What follows `Error: ` on stderr: the message, after the code where the code is named."""
        return f"{self.code}: {self}" if CODES[self.code].named else str(self)

    def prefixed(self, prefix: str) -> StudyError:
        """The same error (code, details) with `prefix` before its message, e.g. the file:line it came from."""
        clone = self.__class__.__new__(self.__class__)
        clone.__dict__.update(self.__dict__)
        Exception.__init__(clone, one_line(prefix + str(self)))
        return clone

    def to_json(self) -> dict[str, Any]:
        """The `--json` error document."""
        return {"error": self.code, "message": str(self), **self.details}


class ContentError(StudyError):
    """Content files are invalid. Carries every problem as `file:line: field: message`."""

    default_code = INVALID_CONTENT

    def __init__(self, problems: list[str]):
        self.problems = [one_line(p) for p in problems]
        first = self.problems[0] if self.problems else "invalid content"
        more = f" (and {len(self.problems) - 1} more)" if len(self.problems) > 1 else ""
        super().__init__(first + more)


class SpecError(StudyError):
    """A learner's spec, pattern, rule, expression or command line is invalid (exit 2).

    The message is the code's template filled with `detail` and where it happened:
    `column` (1-based, in a pattern or query), `position` (0-based, in a rule), `subject`
    (the expression concerned) and `field` (the setting concerned, put before the message).
    """

    default_code = INVALID_SPEC

    def __init__(self, detail: object, *, kind: str | None = None, field: str | None = None,
                 column: int | None = None, position: int | None = None, subject: str | None = None):
        code = kind or self.default_code
        template = CODES[code].template if code in CODES else "{detail}"
        text = template.format(
            detail=detail, subject=repr(subject), position=position,
            column=f" (column {column})" if column is not None else "",
            in_subject=f" in {subject!r}" if subject and len(subject) <= 200 else "")
        self.detail = str(detail)
        self.field = field
        self.column = column
        self.position = position
        super().__init__(f"{field}: {text}" if field else text, code=code)
        if position is not None:
            self.details["position"] = position


class StoreError(StudyError):
    """The progress database cannot be used (damaged, locked, unreadable)."""

    default_code = STORE_UNAVAILABLE


def usage(message: object) -> SpecError:
    """A command-line misuse (code Usage, exit 2): options that do not go together, a malformed argument."""
    return SpecError(message, kind=USAGE)
