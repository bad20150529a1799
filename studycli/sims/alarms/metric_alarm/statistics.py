"""The statistics an alarm may watch, as PutMetricAlarm accepts them, and how each is computed from raw samples.

Statistic (CloudWatch User Guide, "CloudWatch statistics definitions"): SampleCount, Sum,
Average, Minimum, Maximum. ExtendedStatistic (PutMetricAlarm): `p90` (p0.0 to p100),
`tm90`, `tc90`, `ts90`, `wm90` (the mean, count, sum or winsorized mean without the
highest 10 %), `IQM`, `PR(n:m)` (the percentage of samples between two values of the
metric, either side may be left open), and `TM(X%:Y%)`, `TC(...)`, `TS(...)`, `WM(...)`
with X and Y between 10 and 90 inclusive. Lower-case letters only with one number
(`tm99`), upper case only with a range.

Definitions: a trimmed statistic keeps the samples ranked between the two percentiles;
the winsorized mean clamps the others to the values at the edges instead of dropping
them; PR counts values above the lower bound (exclusive) up to the upper bound
(inclusive). Percentiles and the trimmed statistics need raw samples and are not
available when a sample is negative: such a period has no datapoint.

EvaluateLowSampleCountPercentile ("Percentile-based CloudWatch alarms and low data
samples"): for a percentile p in [0.5, 1) a period needs 10/(1-p) samples to be
statistically significant, for p in (0, 0.5) 10/p; `ignore` keeps the alarm's state while
there are fewer.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from studycli.errors import INVALID_PARAMETER_VALUE, SpecError

BASIC_STATISTICS = ("Average", "Sum", "Minimum", "Maximum", "SampleCount")
PERCENTILE_RE = re.compile(r"^p(\d{1,2}(?:\.\d{1,2})?|100(?:\.0{1,2})?)$")   # up to two decimal places
_SHORT = re.compile(r"^(p|tm|tc|ts|wm)(\d{1,3}(?:\.\d{1,10})?)$")
_RANGE = re.compile(r"^(TM|TC|TS|WM|PR)\(([^:()]*):([^:()]*)\)$")
_NUMBER = re.compile(r"^-?\d+(?:\.\d{1,10})?$")
RANGE_LOW, RANGE_HIGH = 10.0, 90.0      # TM(X%:X%) and the like: X between 10 and 90 inclusive
LOW_SAMPLE_TREATMENTS = ("evaluate", "ignore")


@dataclass(frozen=True)
class Statistic:
    """A validated statistic: `kind` is the basic name, or p | tm | tc | ts | wm | pr."""

    name: str
    kind: str
    low: float | None = None          # percent (0-100) for p/tm/tc/ts/wm; a metric value for pr
    high: float | None = None

    @property
    def extended(self) -> bool:
        return self.kind not in BASIC_STATISTICS

    @property
    def percentile(self) -> float | None:
        """The percentile (0-1) of a `pNN` statistic, else None."""
        return self.high / 100.0 if self.kind == "p" and self.high is not None else None


def _bad(statistic: str, why: str) -> SpecError:
    return SpecError(f"{statistic!r} is not a statistic an alarm accepts: {why}", field="statistic",
                     kind=INVALID_PARAMETER_VALUE)


def parse_statistic(statistic: object) -> Statistic:
    if not isinstance(statistic, str):
        raise SpecError(f"expected a statistic name, got {statistic!r}", field="statistic",
                        kind=INVALID_PARAMETER_VALUE)
    if statistic in BASIC_STATISTICS:
        return Statistic(statistic, statistic)
    if statistic == "IQM":
        return Statistic(statistic, "tm", 25.0, 75.0)
    short = _SHORT.match(statistic)
    if short:
        kind, number = short.group(1), float(short.group(2))
        if not 0 <= number <= 100 or (kind != "p" and number == 0):
            raise _bad(statistic, "the number must be between 0 and 100")
        if kind == "p" and not PERCENTILE_RE.match(statistic):
            raise _bad(statistic, "a percentile is p0.0 to p100, with at most two decimal places")
        return Statistic(statistic, kind, None if kind == "p" else 0.0, number)
    ranged = _RANGE.match(statistic)
    if ranged:
        return _ranged(statistic, ranged.group(1).lower(), ranged.group(2).strip(), ranged.group(3).strip())
    if statistic[:2].upper() in ("TM", "TC", "TS", "WM") or statistic[:1].upper() == "P":
        raise _bad(statistic, "lower case with one number (tm90), upper case with a range (TM(10%:90%))")
    raise _bad(statistic, f"use {', '.join(BASIC_STATISTICS)}, a percentile such as p99 or p99.9, tm90, tc90, "
                          f"ts90, wm90, IQM, PR(n:m) or TM/TC/TS/WM(X%:Y%)")


def _ranged(statistic: str, kind: str, low_text: str, high_text: str) -> Statistic:
    if kind == "pr":
        low, high = (_value(statistic, t) for t in (low_text, high_text))
        if low is None and high is None:
            raise _bad(statistic, "PR needs at least one bound, e.g. PR(:300)")
        if low is not None and high is not None and low >= high:
            raise _bad(statistic, "the lower bound must be below the upper bound")
        return Statistic(statistic, "pr", low, high)
    bounds = []
    for text in (low_text, high_text):
        if not text.endswith("%") or not _NUMBER.match(text[:-1]):
            raise _bad(statistic, f"{kind.upper()}(X%:Y%) takes percentages (PutMetricAlarm), not {text!r}")
        value = float(text[:-1])
        if not RANGE_LOW <= value <= RANGE_HIGH:
            raise _bad(statistic, f"X in {kind.upper()}(X%:X%) must be between 10 and 90 inclusive")
        bounds.append(value)
    if bounds[0] >= bounds[1]:
        raise _bad(statistic, "the lower percentage must be below the upper one")
    return Statistic(statistic, kind, bounds[0], bounds[1])


def _value(statistic: str, text: str) -> float | None:
    if not text:
        return None
    if not _NUMBER.match(text):
        raise _bad(statistic, f"PR(n:m) takes values of the metric, not {text!r}")
    return float(text)


def validate_statistic(statistic: object) -> str:
    return parse_statistic(statistic).name


def low_sample_minimum(statistic: Statistic) -> float | None:
    """How many samples a percentile needs before it is statistically significant; None when the rule
    does not apply (not a percentile, or p0 / p100)."""
    p = statistic.percentile
    if p is None or p <= 0 or p >= 1:
        return None
    return 10 / (1 - p) if p >= 0.5 else 10 / p


# --- computing from raw samples --------------------------------------------------------

def aggregate(statistic: str | Statistic, samples: Sequence[float]) -> float | None:
    """The period's datapoint from its raw samples; None when there are none (missing data) or when an
    extended statistic meets a negative sample (not available, as the docs say)."""
    stat = statistic if isinstance(statistic, Statistic) else parse_statistic(statistic)
    if not samples:
        return None
    kind = stat.kind
    if kind == "Average":
        return sum(samples) / len(samples)
    if kind == "Sum":
        return float(sum(samples))
    if kind == "Minimum":
        return float(min(samples))
    if kind == "Maximum":
        return float(max(samples))
    if kind == "SampleCount":
        return float(len(samples))
    if min(samples) < 0:
        return None
    if kind == "p":
        return percentile(samples, stat.high if stat.high is not None else 100.0)
    if kind == "pr":
        inside = sum(1 for v in samples if (stat.low is None or v > stat.low) and (stat.high is None or v <= stat.high))
        return 100.0 * inside / len(samples)
    ordered = sorted(samples)
    lo, hi = _rank_bounds(len(ordered), stat.low or 0.0, stat.high if stat.high is not None else 100.0)
    kept = ordered[lo:hi]
    if kind == "tc":
        return float(len(kept))
    if kind == "ts":
        return float(sum(kept))
    if not kept:
        return None
    if kind == "tm":
        return sum(kept) / len(kept)
    # wm: the values outside the boundaries count as the value at the nearer boundary
    floor, ceiling = kept[0], kept[-1]
    return sum(min(max(v, floor), ceiling) for v in ordered) / len(ordered)


def _rank_bounds(count: int, low: float, high: float) -> tuple[int, int]:
    """The slice of the sorted samples between the `low` and `high` percentiles (tm90: all but the top 10 %)."""
    return math.ceil(low / 100.0 * count - 1e-9), math.ceil(high / 100.0 * count - 1e-9)


def percentile(samples: Sequence[float], p: float) -> float:
    """Nearest-rank percentile: the smallest sample with at least p % of the samples at or below it."""
    ordered = sorted(samples)
    rank = max(1, math.ceil(p / 100.0 * len(ordered) - 1e-9))
    return float(ordered[rank - 1])
