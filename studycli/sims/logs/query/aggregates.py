"""Aggregate functions of `stats`, each a small accumulator fed one row at a time.

The stats aggregation functions (avg, count, count_distinct, max, min, pct, stddev, sum),
the non-aggregation ones (earliest, latest, sortsFirst, sortsLast) and the time-series
functions (countOverTime, sumOverTime, rate, histogram), as "Functions to use with stats"
and "Time-series functions" describe them. Memory does not grow with the log: `pct` and
`histogram` keep their values exactly up to 10,000 a group and then in a log-bucketed
sketch (1 % relative error), and `count_distinct` keeps a set up to 10,000 values and then
a HyperLogLog ("If the field has very high cardinality ... just an approximation").
`stddev` is the sample standard deviation.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable
from typing import Any

from studycli.sims.logs.query.values import as_number, hashable, sort_key, to_moment

Read = Callable[[Any], Any]
EXACT_LIMIT = 10_000
_GAMMA = 1.01 / 0.99
_LOG_GAMMA = math.log(_GAMMA)
_HLL_BITS = 14


class Values:
    """Numbers, exact while there are few, then a log-bucketed sketch."""

    __slots__ = ("exact", "buckets", "zeros", "count", "low", "high")

    def __init__(self) -> None:
        self.exact: list[float] | None = []
        self.buckets: dict[int, int] = {}
        self.zeros = self.count = 0
        self.low, self.high = math.inf, -math.inf

    def add(self, number: float) -> None:
        self.count += 1
        self.low, self.high = min(self.low, number), max(self.high, number)
        if self.exact is not None:
            self.exact.append(number)
            if len(self.exact) > EXACT_LIMIT:
                for value in self.exact:
                    self._bucket(value)
                self.exact = None
            return
        self._bucket(number)

    def _bucket(self, number: float) -> None:
        if number == 0:
            self.zeros += 1
            return
        index = math.ceil(math.log(abs(number)) / _LOG_GAMMA)
        key = index if number > 0 else -index - 100_000
        self.buckets[key] = self.buckets.get(key, 0) + 1

    def percentile(self, p: float) -> float | None:
        """Nearest rank: the smallest value with at least p % of the values at or below it."""
        if not self.count:
            return None
        rank = max(1, math.ceil(p / 100.0 * self.count - 1e-9))
        if self.exact is not None:
            return sorted(self.exact)[rank - 1]
        seen = 0
        for value, count in self._ordered():
            seen += count
            if seen >= rank:
                return min(max(value, self.low), self.high)
        return self.high

    def _ordered(self) -> list[tuple[float, int]]:
        out = [(-_value(-key - 100_000), n) for key, n in self.buckets.items() if key <= -100_000]
        out += [(0.0, self.zeros)] if self.zeros else []
        out += [(_value(key), n) for key, n in self.buckets.items() if key > -100_000]
        return sorted(out)

    def all(self) -> list[tuple[float, int]]:
        return [(v, 1) for v in sorted(self.exact)] if self.exact is not None else self._ordered()


def _value(index: int) -> float:
    return 2 * _GAMMA ** index / (_GAMMA + 1)


class Distinct:
    """Distinct values: a set, then a HyperLogLog with 2^14 registers."""

    __slots__ = ("seen", "registers")

    def __init__(self) -> None:
        self.seen: set[Any] | None = set()
        self.registers = bytearray()

    def add(self, value: Any) -> None:
        if self.seen is not None:
            self.seen.add(hashable(value))
            if len(self.seen) > EXACT_LIMIT:
                self.registers = bytearray(1 << _HLL_BITS)
                for item in self.seen:
                    self._register(item)
                self.seen = None
            return
        self._register(hashable(value))

    def _register(self, value: Any) -> None:
        digest = int.from_bytes(hashlib.blake2b(repr(value).encode("utf-8"), digest_size=8).digest(), "big")
        index = digest >> (64 - _HLL_BITS)
        rest = (digest << _HLL_BITS) & ((1 << 64) - 1)
        rank = 64 - _HLL_BITS + 1 if rest == 0 else (64 - rest.bit_length()) + 1
        if rank > self.registers[index]:
            self.registers[index] = rank

    def count(self) -> int:
        if self.seen is not None:
            return len(self.seen)
        m = 1 << _HLL_BITS
        estimate = 0.7213 / (1 + 1.079 / m) * m * m / sum(2.0 ** -r for r in self.registers)
        zeros = self.registers.count(0)
        if estimate <= 2.5 * m and zeros:
            estimate = m * math.log(m / zeros)
        return round(estimate)


class Aggregate:
    """One aggregate call: `add(row)` for each row of its group, then `result()`."""

    __slots__ = ("function", "reads", "number", "state", "extra")

    def __init__(self, function: str, reads: list[Any], extra: Any = None):
        self.function, self.reads, self.extra = function, reads, extra
        self.number = 0
        self.state: Any = _START.get(function, lambda: None)()

    def add(self, row: Any) -> None:
        function, reads = self.function, self.reads
        if function == "count":
            if not reads or reads[0] == "*" or reads[0](row) is not None:
                self.number += 1
            return
        value = reads[0](row)
        if value is None:
            return
        if function in ("sum", "avg", "sumOverTime"):
            number = as_number(value)
            if number is not None:
                self.number += 1
                self.state += number
        elif function == "countOverTime":
            self.number += 1
        elif function == "count_distinct":
            self.state.add(value)
        elif function in ("min", "max"):
            self._extreme(value)
        elif function in ("pct", "histogram"):
            number = as_number(value)
            if number is not None:
                self.state.add(number)
        elif function == "stddev":
            number = as_number(value)
            if number is not None:           # Welford: count, mean, sum of squared differences
                self.number += 1
                mean, squares = self.state
                delta = number - mean
                mean += delta / self.number
                self.state = (mean, squares + delta * (number - mean))
        elif function in ("earliest", "latest", "rate"):
            self._timed(row, value)
        else:   # sortsFirst, sortsLast
            key = sort_key(value)
            if self.state is None or (key < self.state[0] if function == "sortsFirst" else key > self.state[0]):
                self.state = (key, value)

    def _extreme(self, value: Any) -> None:
        """min/max: of the numbers when there are any (as numbers), else of the text."""
        number = as_number(value)
        numbers, texts = self.state
        if number is not None:
            better = numbers is None or (number < numbers[0] if self.function == "min" else number > numbers[0])
            if better:
                self.state = ((number, number), texts)
        else:
            key = sort_key(value)
            if texts is None or (key < texts[0] if self.function == "min" else key > texts[0]):
                self.state = (numbers, (key, value))

    def _timed(self, row: Any, value: Any) -> None:
        moment = to_moment(row["@timestamp"])
        if moment is None:
            return
        if self.function == "rate":
            number = as_number(value)
            if number is None:
                return
            first, last = self.state or ((moment, number), (moment, number))
            self.state = (min(first, (moment, number)), max(last, (moment, number)))
            return
        if self.state is None or (moment < self.state[0] if self.function == "earliest" else moment > self.state[0]):
            self.state = (moment, value)

    def result(self) -> Any:
        function, state = self.function, self.state
        if function in ("count", "countOverTime"):
            return self.number
        if function in ("sum", "sumOverTime"):
            return state if self.number else None
        if function == "avg":
            return state / self.number if self.number else None
        if function == "count_distinct":
            return state.count()
        if function in ("min", "max"):
            numbers, texts = state
            return numbers[1] if numbers is not None else texts[1] if texts is not None else None
        if function == "pct":
            return state.percentile(self.extra)
        if function == "stddev":
            return math.sqrt(state[1] / (self.number - 1)) if self.number > 1 else (0.0 if self.number else None)
        if function == "rate":
            if state is None or state[1][0] == state[0][0]:
                return None
            (t0, v0), (t1, v1) = state
            return (v1 - v0) / ((t1 - t0) / 1000.0) * self.extra
        if function == "histogram":
            return _histogram(state, int(self.extra))
        return None if state is None else state[1]


_START: dict[str, Callable[[], Any]] = {
    "sum": float, "avg": float, "sumOverTime": float, "count_distinct": Distinct, "min": lambda: (None, None),
    "max": lambda: (None, None), "pct": Values, "histogram": Values, "stddev": lambda: (0.0, 0.0)}


def _histogram(values: Values, buckets: int) -> dict[str, int] | None:
    """Equal-width buckets between the smallest and the largest value: {"low-high": count}."""
    if not values.count or buckets < 1:
        return None
    low, high = values.low, values.high
    width = (high - low) / buckets or 1.0
    counts = [0] * buckets
    for value, n in values.all():
        counts[min(buckets - 1, int((value - low) / width))] += n
    return {f"{_short(low + i * width)}-{_short(low + (i + 1) * width)}": counts[i] for i in range(buckets)}


def _short(number: float) -> str:
    return str(int(number)) if float(number).is_integer() else f"{number:.6g}"

