"""The words of a query: commands split on pipes (comments dropped), tokens, time periods and limits.

A `#` outside a string, a regex or a backtick name starts a comment that runs to the end of
the line ("Use aliases and comments in queries"). A `/` starts a regular expression after
`like`, `=~`, an operator, `(`, `,`, `[` or at the start of a command, and in `parse`;
after a value (a name, a number, `)`, `]`) it divides.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from studycli.errors import INVALID_QUERY, SpecError

# Commands the simulator runs, and those that need what only AWS has (named in a "not simulated" error).
COMMANDS = ("fields", "display", "filter", "where", "filterIndex", "stats", "sort", "limit", "parse", "dedup",
            "unnest", "expand", "addtotals", "autoregress", "filldown", "fillmissing", "outlier", "accum",
            "sessionize", "countFrequent", "count_frequent", "json")
NOT_SIMULATED = {
    "pattern": "clusters log events into patterns with machine learning",
    "anomaly": "finds anomalies in patterns with machine learning",
    "diff": "compares patterns with the previous time period, with machine learning",
    "relevantfields": "scores fields against a baseline with machine learning",
    "unmask": "shows data that a data protection policy masked",
    "SOURCE": "selects log groups in your account",
    "lookup": "reads a lookup table stored in CloudWatch Logs",
    "cidrlookup": "reads a lookup table stored in CloudWatch Logs",
    "join": "joins events from another log group",
    "appendcols": "runs a sub-query, usually over another log group",
    "logcompare": "compares with a baseline time window of the log group",
}
AGGREGATES = ("count", "count_distinct", "sum", "avg", "min", "max", "pct", "stddev", "earliest", "latest",
              "sortsFirst", "sortsLast", "countOverTime", "sumOverTime", "rate", "histogram")
MAX_LIMIT = 10_000  # "limit" accepts up to 10,000 rows, the results a query returns by default
MAX_NESTING = 50    # our own guard against recursion exhaustion; AWS documents no such limit
MAX_STATS = 2       # "A query can have a maximum of two stats commands"
_UNITS = {"ms": 0.001, "msec": 0.001, "millisecond": 0.001, "s": 1, "sec": 1, "second": 1, "m": 60, "min": 60,
          "minute": 60, "h": 3600, "hr": 3600, "hour": 3600, "d": 86400, "day": 86400, "w": 604800,
          "week": 604800, "mo": 2_592_000, "mon": 2_592_000, "month": 2_592_000, "q": 7_776_000,
          "qtr": 7_776_000, "quarter": 7_776_000, "y": 31_536_000, "yr": 31_536_000, "year": 31_536_000}
PERIOD = re.compile(r"^(\d+)(" + "|".join(sorted(_UNITS, key=len, reverse=True)) + r")s?$")
PERIOD_SECONDS = _UNITS
CALENDAR_UNITS = {"mo": "month", "mon": "month", "month": "month", "q": "quarter", "qtr": "quarter",
                  "quarter": "quarter", "y": "year", "yr": "year", "year": "year"}


@dataclass(frozen=True)
class Tok:
    kind: str      # name, number, string, regex, op, punct, word, period
    text: str
    column: int
    value: Any = None


WORDS = {"and", "or", "not", "like", "in", "as", "by", "asc", "desc"}
_VALUE_END = ("name", "number", "string", "period")


def split_commands(query: str) -> list[tuple[str, int]]:
    """Split on | outside quotes, regexes and backticks; drop `#` comments; keep each command's start column."""
    pieces: list[tuple[str, int]] = []
    text: list[str] = []
    start, i, quote = 0, 0, ""
    while i < len(query):
        ch = query[i]
        if quote:
            text.append(ch)
            if ch == "\\" and quote != "`" and i + 1 < len(query):
                text.append(query[i + 1])
                i += 2
                continue
            if ch == quote:
                quote = ""
        elif ch == "#":
            end = query.find("\n", i)
            end = len(query) if end < 0 else end
            text.append(" " * (end - i))      # blanked, not dropped: columns still point into the query
            i = end
            continue
        elif ch in "\"'`" or (ch == "/" and _regex_starts(query, i, "".join(text))):
            quote = ch
            text.append(ch)
        elif ch == "|" and query[i:i + 2] != "||":
            pieces.append(("".join(text), start))
            text, start = [], i + 1
        elif ch == "|":
            text.append("||")
            i += 2
            continue
        else:
            text.append(ch)
        i += 1
    pieces.append(("".join(text), start))
    return pieces


def _regex_starts(query: str, i: int, command: str) -> bool:
    """Whether the `/` at `i` opens a regular expression (not a division)."""
    head = command.lstrip().split(None, 1)[0].lower() if command.strip() else ""
    if head == "parse":
        return True
    before = command.rstrip()
    if not before or before[-1] in "=~(,[<>!+-*%^":
        return True
    return re.search(r"(?i)(?:^|\W)like$", before) is not None


def period_text(token_text: str) -> tuple[float, str] | None:
    """(seconds, unit) of a period such as 5m, 1h, 2hrs, 1mo; None when the text is not one."""
    found = PERIOD.match(token_text)
    if not found:
        return None
    return int(found.group(1)) * _UNITS[found.group(2)], found.group(2)


def tokenize(text: str, base: int, regex_after_name: bool = False) -> list[Tok]:
    tokens: list[Tok] = []
    i = 0
    while i < len(text):
        ch = text[i]
        column = base + i + 1
        if ch.isspace():
            i += 1
        elif ch in "\"'":
            j = i + 1
            out = []
            while j < len(text) and text[j] != ch:
                if text[j] == "\\" and j + 1 < len(text):
                    j += 1
                out.append(text[j])
                j += 1
            if j >= len(text):
                raise SpecError(f"string opened with {ch} is never closed", column=column, kind=INVALID_QUERY)
            tokens.append(Tok("string", text[i:j + 1], column, "".join(out)))
            i = j + 1
        elif ch == "/" and _slash_is_regex(tokens, regex_after_name):
            j = i + 1
            while j < len(text) and text[j] != "/":
                j += 2 if text[j] == "\\" else 1
            if j >= len(text):
                raise SpecError("regular expression opened with / is never closed", column=column, kind=INVALID_QUERY)
            tokens.append(Tok("regex", text[i:j + 1], column, text[i + 1:j]))
            i = j + 1
        elif ch == "`":
            j = text.find("`", i + 1)
            if j < 0:
                raise SpecError("field name opened with ` is never closed", column=column, kind=INVALID_QUERY)
            tokens.append(Tok("name", text[i:j + 1], column, text[i + 1:j]))
            i = j + 1
        elif text.startswith(("!=", "<=", ">=", "=~", "==", "&&", "||"), i):
            op = text[i:i + 2]
            tokens.append(Tok("word" if op in ("&&", "||") else "op", op,
                              column, {"&&": "and", "||": "or"}.get(op, op)))
            i += 2
        elif ch in "=<>":
            tokens.append(Tok("op", ch, column, ch))
            i += 1
        elif ch in "+-*/^%":
            tokens.append(Tok("arith", ch, column, ch))
            i += 1
        elif ch in "(),[]":
            tokens.append(Tok("punct", ch, column, ch))
            i += 1
        elif ch == "." and tokens and tokens[-1].text == "]" and i + 1 < len(text) and (text[i + 1].isalpha()
                                                                                        or text[i + 1] in "_@`"):
            j = i + 1
            while j < len(text) and (text[j].isalnum() or text[j] in "@_.$"):
                j += 1
            tokens.append(Tok("member", text[i:j], column, text[i + 1:j]))
            i = j
        elif (ch.isascii() and ch.isdigit()) or (ch == "." and i + 1 < len(text) and text[i + 1].isdigit()):
            j = i + 1
            while j < len(text) and (text[j].isalnum() or text[j] == "." or (text[j] in "+-" and text[j - 1] in "eE"
                                                                            and text[i:j - 1].replace(".", "").isdigit())):
                j += 1
            raw = text[i:j]
            if PERIOD.match(raw):
                tokens.append(Tok("period", raw, column, raw))
            else:
                try:
                    tokens.append(Tok("number", raw, column, float(raw)))
                except ValueError:
                    raise SpecError(f"{raw!r} is not a number", column=column, kind=INVALID_QUERY) from None
            i = j
        elif ch.isalpha() or ch in "@_$":
            j = i + 1
            while j < len(text) and (text[j].isalnum() or text[j] in "@_.$"):
                j += 1
            raw = text[i:j]
            kind = "word" if raw.lower() in WORDS else "name"
            tokens.append(Tok(kind, raw, column, raw.lower() if kind == "word" else raw))
            i = j
        else:
            raise SpecError(f"unexpected character {ch!r}", column=column, kind=INVALID_QUERY)
    return tokens


def _slash_is_regex(tokens: list[Tok], regex_after_name: bool) -> bool:
    if not tokens:
        return True
    last = tokens[-1]
    if regex_after_name:
        return True
    if last.kind in _VALUE_END or last.text in (")", "]") or last.kind == "member":
        return False
    return True
