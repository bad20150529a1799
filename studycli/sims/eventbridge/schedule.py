"""EventBridge schedule expressions: `cron(...)` and `rate(...)`, validated, with next run times.

Follows "Schedule expressions for rules" in the EventBridge user guide: six cron fields
(minutes, hours, day-of-month, month, day-of-week, year), all in UTC; exactly one of
day-of-month and day-of-week is `?`; `L` (last), `W` (nearest weekday), `#` (n-th
weekday of the month); day-of-week counts SUN=1 .. SAT=7; a range may wrap past the field's
end (hours `20-2` is 20:00 to 02:59, as in the docs' examples). A rate is `rate(N unit)` with a
singular unit for 1 and a plural one otherwise. Pure: the starting time is a parameter.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from studycli.errors import INVALID_PARAMETER_VALUE, INVALID_SCHEDULE, SpecError

MONTHS = {name: i for i, name in enumerate(
    ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"], 1)}
WEEKDAYS = {name: i for i, name in enumerate(["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"], 1)}
FIELDS = (("Minutes", 0, 59), ("Hours", 0, 23), ("Day-of-month", 1, 31), ("Month", 1, 12),
          ("Day-of-week", 1, 7), ("Year", 1970, 2199))
RATE_UNITS = {"minute": 1, "hour": 60, "day": 1440}
MAX_RUNS = 1000
# Beyond this many digits a number is not even read (reading it would take time of its own).
MAX_VALUE_DIGITS = 4300
# The longest interval a date here can step by (timedelta's limit, about 2.7 million years).
_CALENDAR_MINUTES = timedelta.max // timedelta(minutes=1)


@dataclass(frozen=True)
class DaySpec:
    """Which days a day-of-month or day-of-week field allows (`any` for `?` and `*`)."""

    any: bool = False
    values: frozenset[int] = frozenset()        # plain days (1-31) or weekdays (1-7)
    last: bool = False                     # L in day-of-month
    last_weekday: bool = False             # LW in day-of-month
    nearest_weekday: frozenset[int] = frozenset()  # nW in day-of-month
    last_of_week: frozenset[int] = frozenset()  # nL in day-of-week: the last such weekday of the month
    nth: tuple[tuple[int, int], ...] = ()                     # (weekday, n) for weekday#n


@dataclass(frozen=True)
class Schedule:
    """A parsed expression. For cron the sets say which values each field allows."""

    expression: str
    kind: str                              # "cron" or "rate"
    every: timedelta | None = None         # a rate's interval; None when it is longer than any calendar here
    every_minutes: int = 0                 # a rate's interval in minutes, whatever its size
    minutes: frozenset[int] = frozenset()
    hours: frozenset[int] = frozenset()
    day_of_month: DaySpec = field(default_factory=DaySpec)
    months: frozenset[int] = frozenset()
    day_of_week: DaySpec = field(default_factory=DaySpec)
    years: frozenset[int] = frozenset()

    def next_runs(self, after: datetime, count: int = 5) -> list[datetime]:
        return next_runs(self, after, count)


def parse_schedule(expression: str) -> Schedule:
    """Parse and validate `cron(...)` or `rate(...)`; raises SpecError naming what is wrong."""
    if not isinstance(expression, str):
        raise SpecError("expected text such as cron(0 10 * * ? *) or rate(5 minutes)", subject=str(expression),
                        kind=INVALID_SCHEDULE)
    text = expression.strip()
    found = re.fullmatch(r"(cron|rate)\((.*)\)", text, re.DOTALL)
    if not found:
        raise SpecError("expected cron(minutes hours day-of-month month day-of-week year) "
                              "or rate(value unit)", subject=expression, kind=INVALID_SCHEDULE)
    if found.group(1) == "rate":
        return _parse_rate(expression, found.group(2))
    return _parse_cron(expression, found.group(2))


def _parse_rate(expression: str, body: str) -> Schedule:
    parts = body.split()
    if len(parts) != 2:
        raise SpecError("a rate is rate(value unit), e.g. rate(5 minutes)", subject=expression, kind=INVALID_SCHEDULE)
    value, unit = parts
    if value.isascii() and value.isdigit() and len(value) > MAX_VALUE_DIGITS:
        raise SpecError(f"the value has {len(value)} digits; a rate value is a whole number of at most "
                        f"{MAX_VALUE_DIGITS} digits", subject=expression[:60] + "...", kind=INVALID_SCHEDULE)
    if not (value.isascii() and value.isdigit()) or int(value) < 1:
        raise SpecError(f"the value {value!r} must be a positive whole number", subject=expression,
                        kind=INVALID_SCHEDULE)
    number = int(value)
    singular = unit[:-1] if unit.endswith("s") else unit
    if singular not in RATE_UNITS:
        raise SpecError(f"unknown unit {unit!r} (use minute(s), hour(s) or day(s))", subject=expression,
                        kind=INVALID_SCHEDULE)
    if number == 1 and unit != singular:
        raise SpecError(f"with the value 1 the unit is singular: rate(1 {singular})", subject=expression,
                        kind=INVALID_SCHEDULE)
    if number > 1 and unit == singular:
        raise SpecError(f"with a value above 1 the unit is plural: rate({number} {singular}s)", subject=expression,
                        kind=INVALID_SCHEDULE)
    minutes = number * RATE_UNITS[singular]
    every = timedelta(minutes=minutes) if minutes <= _CALENDAR_MINUTES else None
    return Schedule(expression=expression.strip(), kind="rate", every=every, every_minutes=minutes)


def _parse_cron(expression: str, body: str) -> Schedule:
    fields = body.split()
    if len(fields) != 6:
        raise SpecError(f"a cron expression has six fields (minutes hours day-of-month month "
                              f"day-of-week year), this one has {len(fields)}", subject=expression, kind=INVALID_SCHEDULE)
    minute, hour, dom, month, dow, year = fields
    if (dom == "?") == (dow == "?"):
        raise SpecError("exactly one of day-of-month and day-of-week must be '?' "
                              "(you cannot specify both, nor leave both open)", subject=expression, kind=INVALID_SCHEDULE)
    return Schedule(
        expression=expression.strip(), kind="cron",
        minutes=_plain_field(expression, minute, FIELDS[0]),
        hours=_plain_field(expression, hour, FIELDS[1]),
        day_of_month=_day_of_month(expression, dom),
        months=_plain_field(expression, month, FIELDS[3], MONTHS),
        day_of_week=_day_of_week(expression, dow),
        years=_plain_field(expression, year, FIELDS[5]),
    )


def _number(expression: str, text: str, spec: tuple[Any, ...], names: dict[str, Any] | None = None) -> int:
    name, low, high = spec
    if names and text.upper() in names:
        return int(names[text.upper()])
    if not (text.isascii() and text.isdigit()):
        raise SpecError(f"{name}: {text!r} is not a value (allowed {low}-{high}"
                              f"{' or names' if names else ''})", subject=expression, kind=INVALID_SCHEDULE)
    value = int(text)
    if not low <= value <= high:
        raise SpecError(f"{name}: {value} is out of range {low}-{high}", subject=expression, kind=INVALID_SCHEDULE)
    return value


def _plain_field(expression: str, text: str, spec: tuple[Any, ...], names: dict[str, Any] | None = None,
                 allow_step: bool = True) -> frozenset[Any]:
    """`*`, `5`, `1-5`, `*/10`, `1/10`, `JAN,MAR` ... -> the set of allowed values."""
    name, low, high = spec
    values: set[int] = set()
    for item in text.split(","):
        if not item:
            raise SpecError(f"{name}: empty item in {text!r}", subject=expression, kind=INVALID_SCHEDULE)
        base, _, step_text = item.partition("/")
        if _ and not allow_step:
            raise SpecError(f"{name}: '/' is not allowed in this field", subject=expression, kind=INVALID_SCHEDULE)
        step = 1
        if _:
            if not (step_text.isascii() and step_text.isdigit()) or int(step_text) < 1:
                raise SpecError(f"{name}: the increment in {item!r} must be a positive whole number",
                                subject=expression, kind=INVALID_SCHEDULE)
            step = int(step_text)
        if base == "*":
            start, end = low, high
        elif "-" in base:
            first, _, last = base.partition("-")
            start, end = _number(expression, first, spec, names), _number(expression, last, spec, names)
            if start > end:
                if name == "Year":
                    raise SpecError(f"{name}: the range {base!r} runs backwards", subject=expression,
                                    kind=INVALID_SCHEDULE)
                # A range that wraps past the field's end (hours 20-2: 20..23 then 0..2), as the docs'
                # example cron(0/30 20-2 ? * MON-FRI *) does; an increment keeps counting across the wrap.
                span = high - low + 1
                values.update(low + (i - low) % span for i in range(start, end + span + 1, step))
                continue
        elif base == "?":
            raise SpecError(f"{name}: '?' is only allowed in day-of-month or day-of-week", subject=expression,
                            kind=INVALID_SCHEDULE)
        else:
            start = _number(expression, base, spec, names)
            end = high if _ else start
        values.update(range(start, end + 1, step))
    return frozenset(values)


def _day_of_month(expression: str, text: str) -> DaySpec:
    if text in ("?", "*"):
        return DaySpec(any=True)
    spec = FIELDS[2]
    if text == "L":
        return DaySpec(last=True)
    if text == "LW":
        return DaySpec(last_weekday=True)
    if text.endswith("W"):
        day = _number(expression, text[:-1], spec)
        return DaySpec(nearest_weekday=frozenset({day}))
    if "L" in text or "W" in text or "#" in text:
        raise SpecError(f"Day-of-month: {text!r} is not valid (use L, LW, nW or values)", subject=expression,
                        kind=INVALID_SCHEDULE)
    return DaySpec(values=_plain_field(expression, text, spec))


def _day_of_week(expression: str, text: str) -> DaySpec:
    if text in ("?", "*"):
        return DaySpec(any=True)
    spec = FIELDS[4]
    if text == "L":
        return DaySpec(values=frozenset({7}))      # last day of the week: Saturday
    if "#" in text:
        if "," in text:
            raise SpecError("Day-of-week: with '#' only one expression is allowed (e.g. 3#2, not 3#1,6#3)",
                            subject=expression, kind=INVALID_SCHEDULE)
        day_text, _, nth_text = text.partition("#")
        day = _number(expression, day_text, spec, WEEKDAYS)
        if not (nth_text.isascii() and nth_text.isdigit()) or not 1 <= int(nth_text) <= 5:
            raise SpecError(f"Day-of-week: in {text!r} the number after '#' must be 1-5", subject=expression,
                            kind=INVALID_SCHEDULE)
        return DaySpec(nth=((day, int(nth_text)),))
    if text.endswith("L"):
        return DaySpec(last_of_week=frozenset({_number(expression, text[:-1], spec, WEEKDAYS)}))
    return DaySpec(values=_plain_field(expression, text, spec, WEEKDAYS, allow_step=False))


# --------------------------------------------------------------------------- next runs

def aws_weekday(day: date) -> int:
    """SUN=1 .. SAT=7, as cron counts."""
    return (day.weekday() + 1) % 7 + 1


def _nearest_weekday(year: int, month: int, day: int) -> int | None:
    """The weekday closest to `day`, not leaving the month (Saturday -> Friday, Sunday -> Monday)."""
    length = calendar.monthrange(year, month)[1]
    if day > length:
        return None
    weekday = date(year, month, day).weekday()
    if weekday == 5:
        return day - 1 if day > 1 else day + 2
    if weekday == 6:
        return day + 1 if day < length else day - 2
    return day


def day_allowed(schedule: Schedule, day: date) -> bool:
    length = calendar.monthrange(day.year, day.month)[1]
    dom, dow = schedule.day_of_month, schedule.day_of_week
    if not dom.any:
        ok = (day.day in dom.values or (dom.last and day.day == length)
              or any(_nearest_weekday(day.year, day.month, d) == day.day for d in dom.nearest_weekday))
        if dom.last_weekday:
            last = length
            while date(day.year, day.month, last).weekday() >= 5:
                last -= 1
            ok = ok or day.day == last
        return ok
    if not dow.any:
        weekday = aws_weekday(day)
        return (weekday in dow.values
                or (weekday in dow.last_of_week and day.day + 7 > length)
                or any(weekday == w and (day.day - 1) // 7 + 1 == n for w, n in dow.nth))
    return True


def next_runs(schedule: Schedule | str, after: datetime, count: int = 5) -> list[datetime]:
    """The next `count` run times strictly after `after` (UTC).

    A rate counts from `after` (take it as the moment the rule was created); a cron
    expression is a calendar and does not depend on when the rule was made.
    """
    if isinstance(schedule, str):
        schedule = parse_schedule(schedule)
    if not 1 <= count <= MAX_RUNS:
        raise SpecError(f"count must be between 1 and {MAX_RUNS}, not {count}", kind=INVALID_PARAMETER_VALUE)
    after = after.astimezone(UTC) if after.tzinfo else after.replace(tzinfo=UTC)
    if schedule.kind == "rate":
        # Runs past the last day a date can have (9999-12-31) are not listed: the list is shorter.
        room = (datetime.max.replace(tzinfo=UTC) - after) // timedelta(minutes=1)
        return [after + timedelta(minutes=schedule.every_minutes * k) for k in range(1, count + 1)
                if schedule.every_minutes * k <= room]
    runs: list[datetime] = []
    day = after.date()
    hours, minutes = sorted(schedule.hours), sorted(schedule.minutes)
    last_year = max(schedule.years)
    while len(runs) < count and day.year <= last_year:
        if day.year in schedule.years and day.month in schedule.months and day_allowed(schedule, day):
            for hour in hours:
                for minute in minutes:
                    moment = datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC)
                    if moment > after:
                        runs.append(moment)
                        if len(runs) == count:
                            return runs
        day = _next_day(schedule, day)
    return runs


def _next_day(schedule: Schedule, day: date) -> date:
    """The next day worth looking at: skip whole months and years the schedule never allows."""
    nxt = day + timedelta(days=1)
    if nxt.year not in schedule.years:
        later = [y for y in schedule.years if y > day.year]
        return date(min(later), 1, 1) if later else date(max(schedule.years) + 1, 1, 1)
    if nxt.month not in schedule.months:
        for month in range(nxt.month + 1, 13):
            if month in schedule.months:
                return date(nxt.year, month, 1)
        return date(nxt.year + 1, 1, 1)
    return nxt


def describe(schedule: Schedule) -> dict[str, Any]:
    """A JSON-ready summary of a parsed expression."""
    if schedule.kind == "rate":
        return {"expression": schedule.expression, "kind": "rate",
                "every_minutes": schedule.every_minutes}
    return {"expression": schedule.expression, "kind": "cron", "timezone": "UTC"}
