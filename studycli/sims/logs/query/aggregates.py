"""Aggregate functions of `stats`, each a small accumulator fed its group's rows a batch at a time (the same
state as one row at a time).

The stats aggregation functions (avg, count, count_distinct, max, min, pct, stddev, sum),
the non-aggregation ones (earliest, latest, sortsFirst, sortsLast) and the time-series
functions (countOverTime, sumOverTime, rate, histogram), as "Functions to use with stats"
and "Time-series functions" describe them. Memory does not grow with the log: `pct` and
`histogram` keep their values exactly up to 1,000 a group and then in a log-bucketed
sketch (1 % relative error, a few hundred buckets), and `count_distinct` keeps a set up to 10,000 values and then
a HyperLogLog ("If the field has very high cardinality ... just an approximation").
`stddev` is the sample standard deviation.
"""

from __future__ import annotations

import hashlib
import math
import operator
from collections import Counter
from collections.abc import Iterable
from functools import partial, reduce
from itertools import islice
from operator import is_not
from typing import Any

from studycli.sims.logs.query.values import as_number, hashable, sort_key, to_moment

EXACT_VALUES = 1_000
EXACT_DISTINCT = 10_000
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
        if number < self.low:
            self.low = number
        if number > self.high:
            self.high = number
        if self.exact is not None:
            self.exact.append(number)
            if len(self.exact) > EXACT_VALUES:
                for value in self.exact:
                    self._bucket(value)
                self.exact = None
            return
        self._bucket(number)

    def add_many(self, numbers: list[float]) -> None:
        """`add` for each number, in one go: the same state as adding them one at a time."""
        self.count += len(numbers)
        low, high = min(numbers), max(numbers)
        if low < self.low:
            self.low = low
        if high > self.high:
            self.high = high
        if self.exact is not None:
            self.exact.extend(numbers)
            if len(self.exact) <= EXACT_VALUES:
                return
            numbers, self.exact = self.exact, None
        for number, count in Counter(numbers).items():   # equal numbers share a bucket: placed once
            self._bucket(number, count)

    def _bucket(self, number: float, count: int = 1) -> None:
        if number == 0:
            self.zeros += count
            return
        index = math.ceil(math.log(abs(number)) / _LOG_GAMMA)
        key = index if number > 0 else -index - 100_000
        self.buckets[key] = self.buckets.get(key, 0) + count

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
            if len(self.seen) > EXACT_DISTINCT:
                self.registers = bytearray(1 << _HLL_BITS)
                for item in self.seen:
                    self._register(item)
                self.seen = None
            return
        self._register(hashable(value))

    def add_many(self, values: Iterable[Any]) -> None:
        """`add` for each value: the same state as adding them one at a time (a register keeps a maximum)."""
        if self.seen is None:
            for value in values:
                self._register(hashable(value))
            return
        self.seen.update(map(hashable, values))
        if len(self.seen) > EXACT_DISTINCT:
            self.registers = bytearray(1 << _HLL_BITS)
            for item in self.seen:
                self._register(item)
            self.seen = None

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


def _number(value: Any) -> float | None:
    """as_number, with the common cases (a number, text of one) first."""
    cls = value.__class__
    if cls is float:
        return value  # type: ignore[no-any-return]
    if cls is int:
        return float(value)
    if cls is str:
        try:
            number = float(value)
        except ValueError:
            return None
        return number if math.isfinite(number) else None
    return as_number(value)


class Batch:
    """What a group's rows gave since the last batch: how many, each argument's values (one list per
    distinct argument, a row's value None when it has none) and, for earliest, latest and rate, each row's
    @timestamp."""

    __slots__ = ("count", "columns", "stamps", "_numbers")

    def __init__(self, count: int, columns: list[list[Any]], stamps: list[Any] | None):
        self.count, self.columns, self.stamps = count, columns, stamps
        self._numbers: dict[int, list[float]] = {}

    def numbers(self, column: int) -> list[float]:
        """The column's values that are numbers (as `_number` reads them), in order; read once a batch."""
        found = self._numbers.get(column)
        if found is None:
            found = self._numbers[column] = _numbers(self.columns[column])
        return found


_PLAIN = frozenset((str, float, int))


def _numbers(values: list[Any]) -> list[float]:
    """`_number` of each value that is one, in order: in one go when every value is text, a float or an int
    (float() is what `_number` calls on them) and none of the results is infinite or NaN."""
    kinds = set(map(type, values))
    if type(None) in kinds:
        kinds.discard(type(None))
        values = list(filter(partial(is_not, None), values))
    if kinds <= _PLAIN:
        try:
            found = list(map(float, values))
        except ValueError:
            pass
        else:
            if all(map(math.isfinite, found)):
                return found
    return [n for n in map(_number, values) if n is not None]


class Aggregate:
    """One aggregate call, fed a `Batch` of its group's rows at a time (`add_batch`, in the rows' order),
    then `result()`. `make` picks the class; `column` is where its argument is in a batch (-1: `*`)."""

    __slots__ = ("column", "extra", "number", "state")

    def __init__(self, column: int, extra: Any = None):
        self.column, self.extra, self.number = column, extra, 0
        self.state: Any = None

    def add_batch(self, batch: Batch) -> None:
        if self.column < 0:
            self.number += batch.count
        else:
            values = batch.columns[self.column]
            self.number += len(values) - values.count(None)

    def add_each(self, batch: Batch) -> None:
        for value in batch.columns[self.column]:
            if value is not None:
                self.put(value, None)

    def put(self, value: Any, stamp: Any) -> None:
        """One row's (non-null) value, and its @timestamp for the timed functions."""

    def result(self) -> Any:
        return self.number


class _Sum(Aggregate):
    __slots__ = ()

    def add_batch(self, batch: Batch) -> None:
        numbers = batch.numbers(self.column)
        if numbers:                       # added one by one, in order: the same float as a running sum
            self.number += len(numbers)
            state = self.state
            self.state = reduce(operator.add, numbers, state) if state is not None else \
                reduce(operator.add, islice(numbers, 1, None), numbers[0])

    def result(self) -> Any:
        return self.state


class _Avg(_Sum):
    __slots__ = ()

    def result(self) -> Any:
        return self.state / self.number if self.number else None


class _Distinct(Aggregate):
    __slots__ = ()

    def add_batch(self, batch: Batch) -> None:
        values = [value for value in batch.columns[self.column] if value is not None]
        if values:
            if self.state is None:
                self.state = Distinct()
            self.state.add_many(values)

    def result(self) -> Any:
        return self.state.count() if self.state is not None else 0


class _Extreme(Aggregate):
    """min/max: of the numbers when there are any (as numbers), else of the text."""

    __slots__ = ()
    add_batch = Aggregate.add_each

    def put(self, value: Any, stamp: Any) -> None:
        number = _number(value)
        least = self.extra == "min"
        if number is not None:
            if self.number == 0 or (number < self.state if least else number > self.state):
                self.number, self.state = 1, number
        elif self.number == 0:
            key = sort_key(value)
            if self.state is None or (key < self.state[0] if least else key > self.state[0]):
                self.state = (key, value)

    def result(self) -> Any:
        if self.number:
            return self.state
        return None if self.state is None else self.state[1]


class _Values(Aggregate):
    """pct and histogram: the numbers kept in a `Values`."""

    __slots__ = ()

    def add_batch(self, batch: Batch) -> None:
        numbers = batch.numbers(self.column)
        if numbers:
            if self.state is None:
                self.state = Values()
            self.state.add_many(numbers)

    def result(self) -> Any:
        function, argument = self.extra
        if self.state is None:
            return None
        return self.state.percentile(argument) if function == "pct" else _histogram(self.state, int(argument))


class _Stddev(Aggregate):
    """Welford's running mean and sum of squared differences; the sample standard deviation."""

    __slots__ = ()

    def add_batch(self, batch: Batch) -> None:
        for number in batch.numbers(self.column):
            self.number += 1
            mean, squares = self.state or (0.0, 0.0)
            delta = number - mean
            mean += delta / self.number
            self.state = (mean, squares + delta * (number - mean))

    def result(self) -> Any:
        if not self.number:
            return None
        return math.sqrt(self.state[1] / (self.number - 1)) if self.number > 1 else 0.0


class _Timed(Aggregate):
    """earliest, latest (the value at the first or last @timestamp) and rate (change per period)."""

    __slots__ = ()

    def add_batch(self, batch: Batch) -> None:
        assert batch.stamps is not None
        for value, stamp in zip(batch.columns[self.column], batch.stamps):
            if value is not None:
                self.put(value, stamp)

    def put(self, value: Any, stamp: Any) -> None:
        moment = to_moment(stamp)
        if moment is None:
            return
        function = self.extra[0]
        if function == "rate":
            number = as_number(value)
            if number is not None:
                first, last = self.state or ((moment, number), (moment, number))
                self.state = (min(first, (moment, number)), max(last, (moment, number)))
        elif self.state is None or (moment < self.state[0] if function == "earliest" else moment > self.state[0]):
            self.state = (moment, value)

    def result(self) -> Any:
        if self.extra[0] != "rate":
            return None if self.state is None else self.state[1]
        if self.state is None or self.state[1][0] == self.state[0][0]:
            return None
        (t0, v0), (t1, v1) = self.state
        return (v1 - v0) / ((t1 - t0) / 1000.0) * self.extra[1]


class _Sorts(Aggregate):
    """sortsFirst, sortsLast: the value that sorts first or last."""

    __slots__ = ()
    add_batch = Aggregate.add_each

    def put(self, value: Any, stamp: Any) -> None:
        key = sort_key(value)
        if self.state is None or (key < self.state[0] if self.extra == "sortsFirst" else key > self.state[0]):
            self.state = (key, value)

    def result(self) -> Any:
        return None if self.state is None else self.state[1]


TIMED = ("earliest", "latest", "rate")


def make(function: str, column: int, extra: Any = None) -> Aggregate:
    """The accumulator for `function(...)` whose argument is `column` of a batch (-1 for none or `*`);
    `extra` is pct's percentile, histogram's buckets or rate's period."""
    if function in ("count", "countOverTime"):
        return Aggregate(column)
    kinds: dict[str, tuple[type[Aggregate], Any]] = {
        "sum": (_Sum, None), "sumOverTime": (_Sum, None), "avg": (_Avg, None), "count_distinct": (_Distinct, None),
        "min": (_Extreme, "min"), "max": (_Extreme, "max"), "pct": (_Values, ("pct", extra)),
        "histogram": (_Values, ("histogram", extra)), "stddev": (_Stddev, None), "earliest": (_Timed, ("earliest",)),
        "latest": (_Timed, ("latest",)), "rate": (_Timed, ("rate", extra)), "sortsFirst": (_Sorts, "sortsFirst"),
        "sortsLast": (_Sorts, "sortsLast")}
    kind, argument = kinds[function]
    return kind(column, argument)


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

