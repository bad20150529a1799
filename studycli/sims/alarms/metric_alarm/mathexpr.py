"""The metric math language ("Metric math syntax and functions"): parsed once, evaluated over a window.

Values are a scalar (float), a time series (a list, None where there is no datapoint) or
an array of time series (`Series`). Operators: `+ - * / ^`, unary `-`, comparisons
`== != < <= > >=` and `AND`/`&&`, `OR`/`||` (1 or 0), parentheses and `[a, b]` arrays.
Functions: ABS, AVG, CEIL, DATAPOINT_COUNT, DIFF, DIFF_TIME, FILL, FIRST, LAST, FLOOR, IF,
LOG, LOG10, MAX, METRIC_COUNT, METRICS, MIN, MINUTE, HOUR, DAY, DATE, MONTH, YEAR, EPOCH,
PERIOD, RATE, REMOVE_EMPTY, RUNNING_SUM, SLICE, SORT, STDDEV, SUM, TIME_SERIES; and
ANOMALY_DETECTION_BAND as an alarm's threshold. Time functions read the simulated clock
(period i starts i x period seconds after 1970-01-01 00:00 UTC; DAY is 1 for Monday).
"""

from __future__ import annotations

import math
import re
import statistics as pystats
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Union

from studycli.errors import INVALID_PARAMETER_VALUE, SpecError

Node = tuple[Any, ...]
TS = list[Union[float, None]]
Lookup = Callable[[str], Any]


@dataclass(frozen=True)
class Series:
    """An array of time series (METRICS(), [m1, m2], SORT(...))."""

    items: tuple[TS, ...]
    ids: tuple[str, ...] = ()


REDUCERS = ("AVG", "SUM", "MIN", "MAX", "STDDEV", "DATAPOINT_COUNT")
ELEMENTWISE: dict[str, Callable[[float], Any]] = {"ABS": abs, "CEIL": math.ceil, "FLOOR": math.floor,
               "LOG": lambda v: math.log(v) if v > 0 else None, "LOG10": lambda v: math.log10(v) if v > 0 else None}
TIME_PARTS = ("MINUTE", "HOUR", "DAY", "DATE", "MONTH", "YEAR", "EPOCH")
SERIES_FUNCS = ("DIFF", "DIFF_TIME", "RATE", "RUNNING_SUM")
OTHER = ("FILL", "FIRST", "LAST", "IF", "METRIC_COUNT", "METRICS", "PERIOD", "REMOVE_EMPTY", "SLICE", "SORT",
         "TIME_SERIES", "ANOMALY_DETECTION_BAND")
FUNCTIONS = (*REDUCERS, *ELEMENTWISE, *TIME_PARTS, *SERIES_FUNCS, *OTHER)
REFUSED = {"SEARCH": "an alarm cannot watch a SEARCH expression (it returns many time series)",
           "INSIGHT_RULE_METRIC": "INSIGHT_RULE_METRIC reads a Contributor Insights rule: not simulated",
           "SERVICE_QUOTA": "SERVICE_QUOTA reads an AWS service quota: not simulated"}
WORDS = ("REPEAT", "LINEAR", "ASC", "DESC")
ARITY = {"FILL": (2, 2), "FIRST": (1, 1), "LAST": (1, 1), "IF": (2, 3), "METRIC_COUNT": (1, 1), "METRICS": (0, 1),
         "PERIOD": (1, 1), "REMOVE_EMPTY": (1, 1), "SLICE": (2, 3), "SORT": (3, 4), "TIME_SERIES": (1, 1),
         "ANOMALY_DETECTION_BAND": (1, 2)}
_TOKEN = re.compile(r"\s*(?:(?P<num>\d+(?:\.\d*)?(?:[eE][+-]?\d+)?|\.\d+)|(?P<str>\"[^\"]*\"|'[^']*')|"
                    r"(?P<name>[A-Za-z_][A-Za-z0-9_]*)|(?P<op>==|!=|<=|>=|&&|\|\||[-+*/^<>(),\[\]]))")


def _error(where: str, message: str) -> SpecError:
    return SpecError(message, field=where, kind=INVALID_PARAMETER_VALUE)


def parse_expression(text: str, where: str = "expression") -> Node:
    tokens: list[tuple[str, str, int]] = []
    i = 0
    while i < len(text):
        if text[i:].strip() == "":
            break
        found = _TOKEN.match(text, i)
        if not found:
            raise _error(where, f"unexpected character {text[i:].lstrip()[:1]!r} at column {i + 1} of {text!r}")
        kind = found.lastgroup or ""
        tokens.append((kind, found.group(kind), found.start(kind)))
        i = found.end()
    parser = _Parser(tokens, text, where)
    tree = parser.expression()
    if parser.i < len(tokens):
        raise parser.fail(f"unexpected {tokens[parser.i][1]!r}")
    return tree


class _Parser:
    def __init__(self, tokens: list[tuple[str, str, int]], text: str, where: str):
        self.tokens, self.text, self.where, self.i = tokens, text, where, 0

    def fail(self, message: str) -> SpecError:
        at = self.tokens[self.i][2] + 1 if self.i < len(self.tokens) else len(self.text) + 1
        return _error(self.where, f"{message} at column {at} of {self.text!r}")

    def peek(self) -> str:
        return self.tokens[self.i][1] if self.i < len(self.tokens) else ""

    def take(self, expected: str | None = None) -> tuple[str, str, int]:
        if self.i >= len(self.tokens):
            raise self.fail("the expression ends too early")
        token = self.tokens[self.i]
        if expected is not None and token[1] != expected:
            raise self.fail(f"expected {expected!r}, found {token[1]!r}")
        self.i += 1
        return token

    def expression(self) -> Node:
        node = self.conjunction()
        while self.peek().upper() in ("OR", "||"):
            self.take()
            node = ("bin", "OR", node, self.conjunction())
        return node

    def conjunction(self) -> Node:
        node = self.comparison()
        while self.peek().upper() in ("AND", "&&"):
            self.take()
            node = ("bin", "AND", node, self.comparison())
        return node

    def comparison(self) -> Node:
        node = self.additive()
        if self.peek() in ("==", "!=", "<", "<=", ">", ">="):
            op = self.take()[1]
            node = ("bin", op, node, self.additive())
        return node

    def additive(self) -> Node:
        node = self.multiplicative()
        while self.peek() in ("+", "-"):
            op = self.take()[1]
            node = ("bin", op, node, self.multiplicative())
        return node

    def multiplicative(self) -> Node:
        node = self.unary()
        while self.peek() in ("*", "/"):
            op = self.take()[1]
            node = ("bin", op, node, self.unary())
        return node

    def unary(self) -> Node:
        if self.peek() == "-":
            self.take()
            return ("neg", self.unary())
        node = self.primary()
        if self.peek() == "^":
            self.take()
            node = ("bin", "^", node, self.unary())
        return node

    def primary(self) -> Node:
        kind, text, _ = self.take()
        if kind == "num":
            return ("num", float(text))
        if kind == "str":
            return ("str", text[1:-1])
        if text == "(":
            node = self.expression()
            self.take(")")
            return node
        if text == "[":
            items = [self.expression()]
            while self.peek() == ",":
                self.take()
                items.append(self.expression())
            self.take("]")
            return ("array", tuple(items))
        if kind == "name":
            upper = text.upper()
            if self.peek() == "(":
                return self.call(text)
            if upper in WORDS or upper in REDUCERS:
                return ("word", upper)
            if text[0].islower():
                return ("id", text)
            raise self.fail(f"{text!r} is not an id (ids start with a lower-case letter) or a function call")
        raise self.fail(f"unexpected {text!r}")

    def call(self, name: str) -> Node:
        upper = name.upper()
        self.i -= 1
        if upper in REFUSED:
            raise self.fail(REFUSED[upper])
        if upper not in FUNCTIONS:
            raise self.fail(f"unknown function {name}() (metric math functions: {', '.join(sorted(FUNCTIONS))})")
        self.i += 1
        self.take("(")
        args: list[Node] = []
        if self.peek() != ")":
            args.append(self.expression())
            while self.peek() == ",":
                self.take()
                args.append(self.expression())
        self.take(")")
        low, high = ARITY.get(upper, (1, 1))
        if not low <= len(args) <= high:
            raise self.fail(f"{upper}() takes {low if low == high else f'{low} to {high}'} argument(s), got {len(args)}")
        return ("call", upper, tuple(args))


def references(tree: Node) -> set[str]:
    """The ids an expression names."""
    tag = tree[0]
    if tag == "id":
        return {tree[1]}
    children: tuple[Node, ...] = ()
    if tag == "neg":
        children = (tree[1],)
    elif tag == "bin":
        children = (tree[2], tree[3])
    elif tag == "array":
        children = tree[1]
    elif tag == "call":
        children = tree[2]
    found: set[str] = set()
    for child in children:
        found |= references(child)
    return found


# --- evaluation ---------------------------------------------------------------------------

class _Context:
    def __init__(self, lookup: Lookup, metrics: tuple[str, ...], first_slot: int, period: int, length: int):
        self.lookup, self.metrics, self.first_slot, self.period, self.length = lookup, metrics, first_slot, period, length

    def seconds(self, i: int) -> int:
        return (self.first_slot + i) * self.period


def evaluate(tree: Node, lookup: Lookup, metrics: tuple[str, ...], first_slot: int, period: int, length: int) -> Any:
    return _eval(tree, _Context(lookup, metrics, first_slot, period, length))


def _eval(node: Node, ctx: _Context) -> Any:
    tag = node[0]
    if tag == "num":
        return node[1]
    if tag == "id":
        return ctx.lookup(node[1])
    if tag == "neg":
        return _map(_eval(node[1], ctx), lambda v: -v)
    if tag == "bin":
        return _binary(node[1], _eval(node[2], ctx), _eval(node[3], ctx))
    if tag == "array":
        values = [_eval(item, ctx) for item in node[1]]
        items: list[TS] = []
        for value in values:
            items.extend(value.items if isinstance(value, Series) else [_as_ts(value, ctx.length)])
        return Series(tuple(items))
    if tag == "call":
        return _call(node[1], node[2], ctx)
    if tag == "word":
        return node[1]          # REPEAT, LINEAR, ASC, ... : only functions read them
    raise _error("expression", f"{node[1]!r} cannot stand on its own here")


def _as_ts(value: Any, length: int) -> TS:
    if isinstance(value, float):
        return [value] * length
    if isinstance(value, list):
        return list(value)
    raise _error("expression", f"expected a number or a time series, got {value!r}")


def _map(value: Any, fn: Callable[[float], Any]) -> Any:
    if isinstance(value, float):
        return fn(value)
    if isinstance(value, Series):
        return Series(tuple(_map(ts, fn) for ts in value.items), value.ids)
    if isinstance(value, list):
        return [None if v is None else fn(v) for v in value]
    raise _error("expression", f"expected a number or a time series, got {value!r}")


_OPS: dict[str, Callable[[float, float], Any]] = {
    "+": lambda a, b: a + b, "-": lambda a, b: a - b, "*": lambda a, b: a * b,
    "/": lambda a, b: a / b if b != 0 else None,
    "^": lambda a, b: _power(a, b),
    "==": lambda a, b: float(a == b), "!=": lambda a, b: float(a != b), "<": lambda a, b: float(a < b),
    "<=": lambda a, b: float(a <= b), ">": lambda a, b: float(a > b), ">=": lambda a, b: float(a >= b),
    "AND": lambda a, b: float(bool(a) and bool(b)), "OR": lambda a, b: float(bool(a) or bool(b)),
}


def _power(a: float, b: float) -> float | None:
    try:
        result = a ** b
    except (OverflowError, ZeroDivisionError):
        return None
    return result if isinstance(result, float) and math.isfinite(result) else (
        float(result) if isinstance(result, int) else None)


def _binary(op: str, left: Any, right: Any) -> Any:
    fn = _OPS[op]
    if left is None or right is None:   # a function of a series with no data (AVG of nothing): no value
        other = right if left is None else left
        if isinstance(other, list):
            return [None] * len(other)
        if isinstance(other, Series):
            return Series(tuple([None] * len(ts) for ts in other.items), other.ids)
        return None
    for side in (left, right):
        if not isinstance(side, (float, list, Series)):
            raise _error("expression", f"{side!r} cannot be used with {op}")
    if isinstance(left, Series) or isinstance(right, Series):
        if isinstance(left, Series) and isinstance(right, Series):
            raise _error("expression", f"{op} between two arrays of time series is not defined")
        if isinstance(left, Series):
            return Series(tuple(_binary(op, ts, right) for ts in left.items), left.ids)
        assert isinstance(right, Series)
        return Series(tuple(_binary(op, left, ts) for ts in right.items), right.ids)
    if isinstance(left, float) and isinstance(right, float):
        return _finite(fn(left, right))
    if isinstance(left, list) and isinstance(right, list):
        # "Missing values in a time series are treated as 0" (a timestamp neither series has stays missing)
        return [None if x is None and y is None else _finite(fn(0.0 if x is None else x, 0.0 if y is None else y))
                for x, y in zip(left, right)]
    series, scalar = (left, right) if isinstance(left, list) else (right, left)
    if series is left:
        return [None if x is None else _finite(fn(x, scalar)) for x in series]
    return [None if y is None else _finite(fn(scalar, y)) for y in series]


def _finite(value: Any) -> float | None:
    return float(value) if value is not None and math.isfinite(value) else None


def _reduce(name: str, values: Sequence[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    if name == "DATAPOINT_COUNT":
        return float(len(present))
    if not present:
        return None
    if name == "AVG":
        return sum(present) / len(present)
    if name == "SUM":
        return float(sum(present))
    if name == "MIN":
        return float(min(present))
    if name == "MAX":
        return float(max(present))
    return pystats.pstdev(present) if len(present) > 1 else 0.0


def _call(name: str, args: tuple[Node, ...], ctx: _Context) -> Any:
    if name == "METRICS":
        wanted = args[0][1] if args and args[0][0] == "str" else ""
        ids = tuple(i for i in ctx.metrics if wanted in i)
        return Series(tuple(list(ctx.lookup(i)) for i in ids), ids)
    if name == "ANOMALY_DETECTION_BAND":
        raise _error("expression", "ANOMALY_DETECTION_BAND is the alarm's threshold (threshold_metric_id); its "
                                   "band is supplied as data (band: {lower: [...], upper: [...]})")
    if name == "PERIOD":
        if args[0][0] != "id" or args[0][1] not in ctx.metrics:
            raise _error("expression", "PERIOD() takes a metric, not the result of an expression")
        return float(ctx.period)
    values = [_eval(a, ctx) for a in args]
    first = values[0]
    if name in REDUCERS:
        if isinstance(first, Series):
            return [_reduce(name, [ts[i] for ts in first.items] if name != "AVG"
                            else [0.0 if ts[i] is None else ts[i] for ts in first.items])
                    if any(ts[i] is not None for ts in first.items) else (0.0 if name == "DATAPOINT_COUNT" else None)
                    for i in range(ctx.length)]
        return _reduce(name, _as_ts(first, ctx.length))
    if name in ELEMENTWISE:
        fn = ELEMENTWISE[name]
        return _map(first, lambda v: _finite(fn(v)))
    if name in TIME_PARTS:
        return [None if v is None else _time_part(name, ctx.seconds(i)) for i, v in enumerate(_as_ts(first, ctx.length))]
    if name in SERIES_FUNCS:
        return _over_series(first, lambda ts: _series_function(name, ts, ctx))
    return _other(name, values, args, ctx)


def _time_part(name: str, seconds: int) -> float:
    moment = datetime.fromtimestamp(seconds, tz=UTC)
    return float({"MINUTE": moment.minute, "HOUR": moment.hour, "DAY": moment.isoweekday(), "DATE": moment.day,
                  "MONTH": moment.month, "YEAR": moment.year, "EPOCH": seconds}[name])


def _over_series(value: Any, fn: Callable[[TS], TS]) -> Any:
    if isinstance(value, Series):
        return Series(tuple(fn(ts) for ts in value.items), value.ids)
    if isinstance(value, list):
        return fn(value)
    raise _error("expression", f"expected a time series, got {value!r}")


def _series_function(name: str, ts: TS, ctx: _Context) -> TS:
    out: TS = []
    last: tuple[int, float] | None = None
    running = 0.0
    for i, v in enumerate(ts):
        if v is None:
            out.append(None)
            continue
        if name == "RUNNING_SUM":
            running += v
            out.append(running)
        elif last is None:
            out.append(None)
        elif name == "DIFF":
            out.append(v - last[1])
        elif name == "DIFF_TIME":
            out.append(float(ctx.seconds(i) - ctx.seconds(last[0])))
        else:   # RATE: per second
            out.append((v - last[1]) / (ctx.seconds(i) - ctx.seconds(last[0])))
        last = (i, v)
    return out


def _other(name: str, values: list[Any], args: tuple[Node, ...], ctx: _Context) -> Any:
    first = values[0]
    if name == "TIME_SERIES":
        if not isinstance(first, float):
            raise _error("expression", "TIME_SERIES() takes a number")
        return [first] * ctx.length
    if name == "FILL":
        return _over_series(first, lambda ts: _fill(ts, values[1], ctx.length))
    if name == "IF":
        return _if(values, ctx.length)
    if not isinstance(first, Series):
        raise _error("expression", f"{name}() takes an array of time series, such as METRICS() or [m1, m2]")
    if name == "METRIC_COUNT":
        return float(len(first.items))
    if name in ("FIRST", "LAST"):
        if not first.items:
            return [None] * ctx.length
        return list(first.items[0] if name == "FIRST" else first.items[-1])
    if name == "REMOVE_EMPTY":
        kept = [i for i, ts in enumerate(first.items) if any(v is not None for v in ts)]
        return Series(tuple(first.items[i] for i in kept), tuple(first.ids[i] for i in kept if first.ids))
    if name == "SLICE":
        start = int(values[1]) if isinstance(values[1], float) else 0
        end = int(values[2]) if len(values) > 2 and isinstance(values[2], float) else None
        return Series(first.items[start:end], first.ids[start:end] if first.ids else ())
    # SORT(array, AVG|MIN|MAX|SUM, ASC|DESC[, limit])
    if args[1] != ("word", args[1][1]) or args[1][1] not in ("AVG", "MIN", "MAX", "SUM"):
        raise _error("expression", "SORT() sorts by AVG, MIN, MAX or SUM")
    order_word: Any = args[2][1] if args[2][0] == "word" else None
    if order_word not in ("ASC", "DESC"):
        raise _error("expression", "SORT() takes ASC or DESC as its order")
    by, descending = args[1][1], order_word == "DESC"
    order = sorted(range(len(first.items)), key=lambda i: (_reduce(by, first.items[i]) is None,
                                                           (-1 if descending else 1) * (_reduce(by, first.items[i]) or 0)))
    if len(values) > 3 and isinstance(values[3], float):
        order = order[:int(values[3])]
    return Series(tuple(first.items[i] for i in order), tuple(first.ids[i] for i in order) if first.ids else ())


def _if(values: list[Any], length: int) -> TS:
    """IF(condition, trueValue[, falseValue]) as "Using IF expressions" describes it: a true condition whose
    trueValue series has no datapoint gives 0; a false one without a falseValue datapoint, or a missing
    condition, gives none; a scalar condition picks a whole series."""
    cond, then = values[0], values[1]
    other = values[2] if len(values) > 2 else None
    for value in values:
        if isinstance(value, (Series, str)):
            raise _error("expression", "IF() takes time series and numbers")
    if isinstance(cond, float):
        chosen = then if cond else other
        return [None] * length if chosen is None else _as_ts(chosen, length)
    out: TS = []
    for i, c in enumerate(cond):
        if c is None:
            out.append(None)
        elif c:
            t = then if isinstance(then, float) else then[i]
            out.append(0.0 if t is None else t)
        else:
            out.append(None if other is None else other if isinstance(other, float) else other[i])
    return out


def _fill(ts: TS, filler: Any, length: int) -> TS:
    if filler == "REPEAT":
        out: TS = []
        last: float | None = None
        for v in ts:
            last = v if v is not None else last
            out.append(v if v is not None else last)
        return out
    if filler == "LINEAR":
        known = [(i, v) for i, v in enumerate(ts) if v is not None]
        out = list(ts)
        for (i0, v0), (i1, v1) in zip(known, known[1:]):
            for i in range(i0 + 1, i1):
                out[i] = v0 + (v1 - v0) * (i - i0) / (i1 - i0)
        return out
    if isinstance(filler, Series):
        raise _error("expression", "FILL() fills with a number, a time series, REPEAT or LINEAR")
    others = _as_ts(filler, length)
    return [v if v is not None else o for v, o in zip(ts, others)]
