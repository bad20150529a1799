"""Commands that reshape the rows as they pass: addtotals, autoregress, filldown, fillmissing, outlier, accum,
sessionize — each as its page of the query syntax describes it.

addtotals, autoregress, filldown and accum keep a few values, not rows; fillmissing works
on a stats result; outlier and sessionize need every row (quartiles, then the time order).
"""

from __future__ import annotations

import fnmatch
import math
from collections import deque
from collections.abc import Callable
from typing import Any

from studycli.sims.logs.query.commands import Command, Rows, sort_rows
from studycli.sims.logs.query.events import LineEvent, Row
from studycli.sims.logs.query.expressions import Parser
from studycli.sims.logs.query.syntax import period_text
from studycli.sims.logs.query.values import Moment, as_number, as_text, to_moment


def _options(parser: Parser, allowed: dict[str, str]) -> dict[str, Any]:
    """`name=value` options (value a number, a word, true/false or a period) before the field list."""
    found: dict[str, Any] = {}
    while parser.at("name") and (nxt := parser.peek(1)) is not None and nxt.text == "=":
        token = parser.take()
        name = str(token.text).lower()
        if name not in allowed:
            raise parser.error(f"unknown option {token.text}= (options: {', '.join(allowed)})", token)
        parser.take()
        value = parser.take(f"a value after {name}=")
        text = str(value.text)
        if value.kind == "number" and parser.at("arith", "-") and allowed[name] == "range":
            parser.take()
            end = parser.take("the end of the range")
            found[name] = (int(value.value), int(end.value))
        elif allowed[name] == "bool":
            if text.lower() not in ("true", "false"):
                raise parser.error(f"{name}= takes true or false, not {text!r}", value)
            found[name] = text.lower() == "true"
        elif allowed[name] in ("number", "range"):
            if value.kind != "number":
                raise parser.error(f"{name}= takes a number, not {text!r}", value)
            found[name] = (int(value.value), int(value.value)) if allowed[name] == "range" else float(value.value)
        else:
            found[name] = str(value.value if value.kind in ("name", "string") else text)
    return found


def _field_list(parser: Parser, wildcards: bool = False) -> list[str]:
    names: list[str] = []
    while parser.peek() is not None and not parser.at("word", "as") and not parser.at_name("maxspan"):
        token = parser.take()
        if token.kind == "punct" and token.text == ",":
            continue
        if token.kind != "name":
            raise parser.error(f"expected a field name, found {token.text!r}", token)
        name = str(token.value)
        if wildcards and parser.at("arith", "*"):
            parser.take()
            name += "*"
        parser.fields.add(name)
        names.append(name)
    return names


def addtotals(parser: Parser, columns: list[str]) -> Command:
    options = _options(parser, {"fieldname": "word", "row": "bool", "col": "bool"})
    chosen = _field_list(parser)
    parser.done()
    total_name = str(options.get("fieldname", "Total"))
    rows_on, col_on = options.get("row", True), options.get("col", False)

    def numeric_fields(row: Row) -> list[str]:
        names = chosen or [c for c in columns if not c.startswith("@")] or [
            k for k in (row.whole() if isinstance(row, LineEvent) else row) if not k.startswith("@")]
        return [n for n in names if n != total_name and as_number(row[n]) is not None]

    def run(rows: Rows) -> Rows:
        sums: dict[str, float] = {}
        for row in rows:
            names = numeric_fields(row)
            if rows_on:
                row[total_name] = sum(as_number(row[n]) or 0.0 for n in names)
            for n in names + ([total_name] if rows_on else []):
                sums[n] = sums.get(n, 0.0) + (as_number(row[n]) or 0.0)
            yield row
        if col_on:
            yield Row(sums)
    return Command("addtotals", run, lambda cols: cols + ([total_name] if rows_on and total_name not in cols else []),
                   parser.fields)


def autoregress(parser: Parser) -> Command:
    name = parser.field_name("the field to lag")
    alias = parser.alias("")
    options = _options(parser, {"p": "range"})
    parser.done()
    first, last = options.get("p", (1, 1))
    if first < 1 or last < first:
        raise parser.error("p= takes a lag of at least 1, or a range like 1-4")
    base = alias or name
    outputs = [(k, alias if alias and first == last else f"{base}_p{k}") for k in range(first, last + 1)]

    def run(rows: Rows) -> Rows:
        previous: deque[Any] = deque(maxlen=last)
        for row in rows:
            for k, out in outputs:
                row[out] = previous[-k] if len(previous) >= k else None
            previous.append(row[name])
            yield row
    return Command("autoregress", run, lambda cols: cols + [o for _, o in outputs if o not in cols], parser.fields)


def filldown(parser: Parser) -> Command:
    patterns = _field_list(parser, wildcards=True)
    parser.done()

    def run(rows: Rows) -> Rows:
        last: dict[str, Any] = {}
        for row in rows:
            names = list(row.whole() if isinstance(row, LineEvent) else row) if not patterns or any(
                "*" in p for p in patterns) else patterns
            wanted = [n for n in set(names) | set(last) if not patterns or any(fnmatch.fnmatchcase(n, p)
                                                                                for p in patterns)]
            for n in wanted:
                if row[n] is None:
                    if n in last:
                        row[n] = last[n]
                else:
                    last[n] = row[n]
            yield row
    return Command("filldown", run, reads=parser.fields)


def fillmissing(parser: Parser, previous: Command | None) -> Command:
    fills: dict[str, Any] = {}
    if parser.at_name("with"):
        while True:
            if not parser.at_name("with"):
                break
            parser.take()
            token = parser.take("a value")
            value = token.value if token.kind in ("number", "string") else None
            if value is None:
                raise parser.error(f"with takes a number or a \"string\", found {token.text!r}", token)
            if not parser.at_name("for"):
                raise parser.error("expected for FIELD after the value")
            parser.take()
            fills[parser.field_name()] = value
            if parser.at("punct", ","):
                parser.take()
    parser.done()
    binned = previous.bin if previous is not None else None
    if binned is None:
        raise parser.error("fillmissing follows stats ... by bin(period)")
    column, seconds, unit = binned

    def run(rows: Rows) -> Rows:
        table = list(rows)
        if not table:
            return
        others = [k for k in table[0] if k != column]
        present = {float(to_moment(r[column]) or 0.0) for r in table}
        moments = sorted(present)
        step = seconds * 1000.0
        out = list(table)
        t = moments[0]
        while unit == "fixed" and t < moments[-1]:
            t += step
            if t not in present:
                filler = Row({k: fills.get(k) for k in others})
                filler[column] = Moment(t)
                out.append(filler)
        yield from sort_rows(out, [(column, False)])
    return Command("fillmissing", run, reads=parser.fields, blocking=True)


def outlier(parser: Parser) -> Command:
    options = _options(parser, {"action": "word", "param": "number", "uselower": "bool", "mark": "bool"})
    names = _field_list(parser)
    parser.done()
    if not names:
        raise parser.error("outlier needs at least one numeric field")
    action = str(options.get("action", "transform"))
    if action not in ("remove", "transform"):
        raise parser.error(f"action= is remove or transform, not {action!r}")
    param, lower, mark = float(options.get("param", 2.5)), bool(options.get("uselower", False)), bool(
        options.get("mark", False))

    def run(rows: Rows) -> Rows:
        table = list(rows)
        bounds: dict[str, tuple[float, float]] = {}
        for n in names:     # the rows are held anyway: the quartiles are exact (nearest rank)
            numbers = sorted(number for row in table if (number := as_number(row[n])) is not None)
            if numbers:
                q1, q3 = numbers[max(0, math.ceil(0.25 * len(numbers)) - 1)], numbers[
                    max(0, math.ceil(0.75 * len(numbers)) - 1)]
                spread = q3 - q1
                bounds[n] = (q1 - param * spread if lower else float("-inf"), q3 + param * spread)
        for row in table:
            flagged = False
            for n, (low, high) in bounds.items():
                number = as_number(row[n])
                if number is not None and not low <= number <= high:
                    flagged = True
                    if action == "transform":
                        row[n] = min(max(number, low), high)
            if mark:
                row["_outlier"] = flagged
            if not (flagged and action == "remove"):
                yield row
    return Command("outlier", run, lambda cols: cols + (["_outlier"] if mark and "_outlier" not in cols else []),
                   parser.fields, blocking=True)


def accum(parser: Parser) -> Command:
    name = parser.field_name("the numeric field to accumulate")
    out = parser.alias(name)
    parser.done()

    def run(rows: Rows) -> Rows:
        total = 0.0
        for row in rows:
            number = as_number(row[name])
            if number is not None:
                total += number
            row[out] = total
            yield row
    return Command("accum", run, lambda cols: cols + ([out] if out not in cols else []), parser.fields)


def sessionize(parser: Parser) -> Command:
    names = _field_list(parser)
    if not names:
        raise parser.error("sessionize needs the fields that identify a user or client")
    gap = 30 * 60.0
    if parser.at_name("maxspan"):
        parser.take()
        token = parser.take("a duration like 30m")
        found = period_text(token.text) if token.kind == "period" else None
        if found is None:
            raise parser.error(f"maxspan: {token.text!r} is not a duration like 30m", token)
        gap = found[0]
    out = parser.alias("session_id")
    parser.done()
    parser.fields.add("@timestamp")

    def run(rows: Rows) -> Rows:
        table = sort_rows(list(rows), [("@timestamp", False)])
        sessions: dict[tuple[str, ...], tuple[float, int]] = {}
        for row in table:
            identity = tuple(as_text(row[n]) for n in names)
            moment = float(to_moment(row["@timestamp"]) or 0.0)
            last = sessions.get(identity)
            number = 1 if last is None else last[1] + (moment - last[0] > gap * 1000.0)
            sessions[identity] = (moment, number)
            row[out] = f"{','.join(identity)}#{number}"
            yield row
    return Command("sessionize", run, lambda cols: cols + ([out] if out not in cols else []), parser.fields,
                   blocking=True)


BUILDERS: dict[str, Callable[..., Command]] = {
    "autoregress": autoregress, "filldown": filldown, "outlier": outlier, "accum": accum, "sessionize": sessionize}
