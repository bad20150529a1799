"""The words of a query: tokens (names, numbers, strings, regexes, operators, periods) and its limits."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from studycli.errors import INVALID_QUERY, SpecError

COMMANDS = ("fields", "filter", "stats", "sort", "limit", "parse")
AGGREGATES = ("count", "count_distinct", "sum", "avg", "min", "max")
MAX_LIMIT = 10_000  # "limit" accepts up to 10,000 rows
MAX_NESTING = 50    # our own guard against recursion exhaustion; AWS documents no such limit
PERIOD = re.compile(r"^(\d+)(ms|s|m|h|d|w)$")
PERIOD_SECONDS = {"ms": 0.001, "s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}


@dataclass(frozen=True)
class Tok:
    kind: str      # name, number, string, regex, op, punct, word
    text: str
    column: int
    value: Any = None


WORDS = {"and", "or", "not", "like", "in", "as", "by", "asc", "desc"}


def tokenize(text: str, base: int) -> list[Tok]:
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
        elif ch == "/":
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
        elif text.startswith(("!=", "<=", ">=", "=~"), i):
            tokens.append(Tok("op", text[i:i + 2], column)); i += 2
        elif ch in "=<>":
            tokens.append(Tok("op", ch, column)); i += 1
        elif ch in "(),[]*":
            tokens.append(Tok("punct", ch, column)); i += 1
        elif (ch.isascii() and ch.isdigit()) or (ch == "-" and i + 1 < len(text) and (text[i + 1].isascii() and text[i + 1].isdigit())):
            j = i + 1
            while j < len(text) and (text[j].isalnum() or text[j] == "."):
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
