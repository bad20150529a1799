"""A small CloudWatch Logs Insights: run a query over log events held in memory.

Supported (CloudWatch Logs User Guide, "CloudWatch Logs Insights query syntax"):
commands joined with `|`:

* `fields f1, f2, expr as alias` — what to show (and computed fields);
* `filter <condition>` — `= != < <= > >=`, `and`/`or`/`not`, parentheses,
  `like "substring"`, `like /regex/`, `=~ /regex/`, `in [..]`, and the functions
  `ispresent()`, `isempty()`, `isblank()`, `strlen()`, `tolower()`, `toupper()`, `abs()`;
* `stats agg(...) [as alias], ... [by group, ...]` with `count(*)`, `count(f)`,
  `count_distinct(f)`, `sum`, `avg`, `min`, `max`; a group may be `bin(5m)`;
* `sort f [asc|desc], ...` (ascending by default), `limit N` (1-10000);
* `parse [field] "glob * with * stars" as a, b` or `parse [field] /(?<name>regex)/`.

Events are dicts; `@timestamp` is a timezone-aware datetime and `@message` the raw line.
`events_from_lines` builds them from a log file: JSON lines give their fields (nested
keys joined with dots, as Insights discovers them), and a leading ISO 8601 time becomes
`@timestamp`. Bad queries raise SpecError(kind="InvalidQuery") naming the command and
column. Pure: the clock is never read; lines come in as strings.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from studycli.errors import INVALID_QUERY, SpecError

COMMANDS = ("fields", "filter", "stats", "sort", "limit", "parse")
AGGREGATES = ("count", "count_distinct", "sum", "avg", "min", "max")
MAX_LIMIT = 10_000  # "limit" accepts up to 10,000 rows
MAX_NESTING = 50    # our own guard against recursion exhaustion; AWS documents no such limit
_LEADING_TIME = re.compile(r"^\s*\[?(\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:[.,]\d{1,9})?(?:Z|[+-]\d{2}:?\d{2})?)")
_PERIOD = re.compile(r"^(\d+)(ms|s|m|h|d|w)$")
_PERIOD_SECONDS = {"ms": 0.001, "s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}


# ---------------------------------------------------------------- events from a log file

def parse_time(text: str) -> datetime | None:
    """An ISO 8601 time (naive means UTC); None when `text` is not one."""
    cleaned = text.strip().replace(",", ".").replace(" ", "T", 1)
    if cleaned.endswith("Z"):
        cleaned = cleaned[:-1] + "+00:00"
    match = re.match(r"^(.*T\d{2}:\d{2}:\d{2})\.(\d+)(.*)$", cleaned)
    if match:  # Python wants at most 6 fractional digits
        cleaned = f"{match.group(1)}.{match.group(2)[:6].ljust(6, '0')}{match.group(3)}"
    try:
        moment = datetime.fromisoformat(cleaned)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _flatten(prefix: str, value: Any, out: dict) -> None:
    if isinstance(value, dict):
        for key, inner in value.items():
            _flatten(f"{prefix}.{key}" if prefix else str(key), inner, out)
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            _flatten(f"{prefix}.{index}", inner, out)
    else:
        out[prefix] = value


def event_from_line(line: str) -> dict:
    """One log line as an Insights event: @message, @timestamp when found, JSON fields."""
    event: dict[str, Any] = {"@message": line}
    stripped = line.strip()
    if stripped.startswith("{"):
        try:
            document = json.loads(stripped)
        except ValueError:
            document = None
        if isinstance(document, dict):
            _flatten("", document, event)
            event["@message"] = line
            for key in ("@timestamp", "timestamp", "time"):
                if isinstance(document.get(key), str) and parse_time(document[key]):
                    event["@timestamp"] = parse_time(document[key])
                    break
    if "@timestamp" not in event or not isinstance(event["@timestamp"], datetime):
        found = _LEADING_TIME.match(line)
        moment = parse_time(found.group(1)) if found else None
        if moment:
            event["@timestamp"] = moment
        else:
            event.pop("@timestamp", None)
    return event


def events_from_lines(lines: list[str]) -> list[dict]:
    return [event_from_line(line.rstrip("\r\n")) for line in lines if line.strip()]


# ---------------------------------------------------------------- tokens

@dataclass(frozen=True)
class Tok:
    kind: str      # name, number, string, regex, op, punct, word
    text: str
    column: int
    value: Any = None


_WORDS = {"and", "or", "not", "like", "in", "as", "by", "asc", "desc"}


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
            if _PERIOD.match(raw):
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
            kind = "word" if raw.lower() in _WORDS else "name"
            tokens.append(Tok(kind, raw, column, raw.lower() if kind == "word" else raw))
            i = j
        else:
            raise SpecError(f"unexpected character {ch!r}", column=column, kind=INVALID_QUERY)
    return tokens


# ---------------------------------------------------------------- expressions

Expr = Callable[[dict], Any]


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value)
        except ValueError:
            return None
    return None


def _compare(left: Any, op: str, right: Any) -> bool:
    if left is None or right is None:
        return False
    a, b = _number(left), _number(right)
    if a is None or b is None:
        a, b = _text(left), _text(right)
    return {"=": a == b, "!=": a != b, "<": a < b, "<=": a <= b, ">": a > b, ">=": a >= b}[op]


def _text(value: Any) -> str:
    if isinstance(value, datetime):
        return format_time(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


def format_time(moment: datetime) -> str:
    """Insights shows times as `2024-05-01 10:00:00.000` (UTC)."""
    utc = moment.astimezone(UTC)
    return utc.strftime("%Y-%m-%d %H:%M:%S.") + f"{utc.microsecond // 1000:03d}"


def _compile_regex(body: str, column: int) -> re.Pattern:
    # Insights uses (?<name>...) for named groups; Python spells it (?P<name>...).
    try:
        return re.compile(re.sub(r"\(\?<([A-Za-z_][A-Za-z0-9_]*)>", r"(?P<\1>", body))
    except re.error as err:
        raise SpecError(f"regular expression /{body}/ does not compile: {err}", column=column, kind=INVALID_QUERY) from None


def _period_seconds(token: Tok) -> float:
    match = _PERIOD.match(token.text)
    if not match or int(match.group(1)) == 0:
        raise SpecError(f"{token.text!r} is not a time period like 30s, 5m, 1h or 1d", column=token.column, kind=INVALID_QUERY)
    return int(match.group(1)) * _PERIOD_SECONDS[match.group(2)]


def bin_of(moment: Any, seconds: float) -> datetime | None:
    if not isinstance(moment, datetime):
        return None
    epoch = moment.timestamp()
    return datetime.fromtimestamp(math.floor(epoch / seconds) * seconds, tz=UTC)


_SCALAR_FUNCTIONS: dict[str, tuple[int, Callable[..., Any]]] = {
    "ispresent": (1, lambda v: v is not None),
    "isempty": (1, lambda v: v is None or _text(v) == ""),
    "isblank": (1, lambda v: v is None or _text(v).strip() == ""),
    "strlen": (1, lambda v: None if v is None else len(_text(v))),
    "tolower": (1, lambda v: None if v is None else _text(v).lower()),
    "toupper": (1, lambda v: None if v is None else _text(v).upper()),
    "abs": (1, lambda v: None if _number(v) is None else abs(_number(v))),
}


class Parser:
    """Expression parser over one command's tokens."""

    def __init__(self, tokens: list[Tok], command: str, end_column: int):
        self.tokens, self.pos, self.command, self.end_column = tokens, 0, command, end_column
        self.depth = 0

    def deeper(self, token: Tok) -> None:
        self.depth += 1
        if self.depth > MAX_NESTING:
            raise SpecError(f"{self.command}: parentheses, not and functions nest more than {MAX_NESTING} deep", column=token.column, kind=INVALID_QUERY)

    def peek(self, offset: int = 0) -> Tok | None:
        index = self.pos + offset
        return self.tokens[index] if index < len(self.tokens) else None

    def at(self, kind: str, text: str | None = None) -> bool:
        token = self.peek()
        return token is not None and token.kind == kind and (text is None or token.value == text or token.text == text)

    def take(self, what: str = "more of the query") -> Tok:
        token = self.peek()
        if token is None:
            raise SpecError(f"{self.command}: expected {what}, but the command ends", column=self.end_column, kind=INVALID_QUERY)
        self.pos += 1
        return token

    def expect(self, kind: str, text: str, what: str) -> Tok:
        token = self.take(what)
        if token.kind != kind or (token.value != text and token.text != text):
            raise SpecError(f"{self.command}: expected {what}, found {token.text!r}", column=token.column, kind=INVALID_QUERY)
        return token

    def done(self) -> None:
        token = self.peek()
        if token is not None:
            raise SpecError(f"{self.command}: unexpected {token.text!r}", column=token.column, kind=INVALID_QUERY)

    # expr := or
    def expression(self) -> Expr:
        # Flat lists, not nested lambdas: a long chain of `or` must not deepen the call stack.
        parts = [self.conjunction()]
        while self.at("word", "or"):
            self.take()
            parts.append(self.conjunction())
        return parts[0] if len(parts) == 1 else (lambda e: any(bool(p(e)) for p in parts))

    def conjunction(self) -> Expr:
        parts = [self.negation()]
        while self.at("word", "and"):
            self.take()
            parts.append(self.negation())
        return parts[0] if len(parts) == 1 else (lambda e: all(bool(p(e)) for p in parts))

    def negation(self) -> Expr:
        if self.at("word", "not"):
            self.deeper(self.take())
            inner = self.negation()
            self.depth -= 1
            return lambda e: not inner(e)
        return self.comparison()

    def comparison(self) -> Expr:
        left = self.primary()
        negate = False
        if self.at("word", "not") and self.peek(1) is not None and self.peek(1).value in ("like", "in"):
            self.take()
            negate = True
        token = self.peek()
        if token is None:
            return left
        if token.kind == "op" and token.text != "=~":
            self.take()
            right = self.primary()
            op = token.text
            return lambda e: _compare(left(e), op, right(e))
        if (token.kind == "word" and token.value == "like") or (token.kind == "op" and token.text == "=~"):
            self.take()
            matcher = self.like_operand()
            return lambda e: (left(e) is not None and matcher(_text(left(e)))) != negate
        if token.kind == "word" and token.value == "in":
            self.take()
            values = self.in_list()
            return lambda e: (left(e) is not None and any(_compare(left(e), "=", v) for v in values)) != negate
        if negate:
            raise SpecError(f"{self.command}: expected like or in after not", column=token.column, kind=INVALID_QUERY)
        return left

    def like_operand(self) -> Callable[[str], bool]:
        token = self.take("a \"string\" or /regex/ after like")
        if token.kind == "string":
            needle = token.value
            return lambda text: needle in text
        if token.kind == "regex":
            pattern = _compile_regex(token.value, token.column)
            return lambda text: pattern.search(text) is not None
        raise SpecError(f"{self.command}: like needs a \"string\" or a /regex/, found {token.text!r}", column=token.column, kind=INVALID_QUERY)

    def in_list(self) -> list[Any]:
        self.expect("punct", "[", "[ after in")
        values = []
        while True:
            token = self.take("a value in the list")
            if token.kind not in ("string", "number"):
                raise SpecError(f"{self.command}: in [...] takes strings and numbers, found {token.text!r}", column=token.column, kind=INVALID_QUERY)
            values.append(token.value)
            if self.at("punct", ","):
                self.take()
                continue
            self.expect("punct", "]", "] to close the list")
            return values

    def primary(self) -> Expr:
        token = self.take("a field, value or function")
        if token.kind in ("string", "number"):
            value = token.value
            return lambda e: value
        if token.kind == "punct" and token.text == "(":
            self.deeper(token)
            inner = self.expression()
            self.expect("punct", ")", "')' to close '('")
            self.depth -= 1
            return inner
        if token.kind == "name":
            if self.at("punct", "(") and token.text.lower() in _SCALAR_FUNCTIONS:
                return self.function_call(token)
            if self.at("punct", "("):
                raise SpecError(f"{self.command}: unknown function {token.text}() "
                          f"(supported here: {', '.join(_SCALAR_FUNCTIONS)})", column=token.column, kind=INVALID_QUERY)
            name = token.value
            return lambda e: e.get(name)
        raise SpecError(f"{self.command}: expected a field, value or function, found {token.text!r}", column=token.column, kind=INVALID_QUERY)

    def function_call(self, name: Tok) -> Expr:
        arity, function = _SCALAR_FUNCTIONS[name.text.lower()]
        self.deeper(self.take())
        args = [self.expression()]
        while self.at("punct", ","):
            self.take()
            args.append(self.expression())
        self.expect("punct", ")", f"')' to close {name.text}(")
        self.depth -= 1
        if len(args) != arity:
            raise SpecError(f"{self.command}: {name.text}() takes {arity} argument(s), got {len(args)}", column=name.column, kind=INVALID_QUERY)
        return lambda e: function(*(a(e) for a in args))


# ---------------------------------------------------------------- commands

@dataclass
class QueryResult:
    columns: list[str]
    rows: list[dict]
    records_scanned: int
    records_matched: int

    def to_json(self) -> dict:
        return {"columns": self.columns,
                "rows": [{c: _json_value(row.get(c)) for c in self.columns} for row in self.rows],
                "statistics": {"recordsScanned": self.records_scanned, "recordsMatched": self.records_matched}}


def _json_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return format_time(value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


@dataclass
class _State:
    rows: list[dict]
    columns: list[str] = field(default_factory=list)
    aggregated: bool = False
    matched: int = 0


@dataclass(frozen=True)
class Command:
    name: str
    run: Callable[[_State], None]


def split_commands(query: str) -> list[tuple[str, int]]:
    """Split on | outside quotes, regexes and backticks; keep each command's starting column."""
    pieces, start, i, quote = [], 0, 0, None
    while i < len(query):
        ch = query[i]
        if quote:
            if ch == "\\":
                i += 2
                continue
            if ch == quote:
                quote = None
        elif ch in "\"'`/":
            quote = ch
        elif ch == "|":
            pieces.append((query[start:i], start))
            start = i + 1
        i += 1
    pieces.append((query[start:], start))
    return pieces


def parse_query(query: str) -> list[Command]:
    """Check the whole query before any event is read (so errors come first, and once)."""
    if not isinstance(query, str) or not query.strip():
        raise SpecError("the query is empty (try: fields @timestamp, @message | sort @timestamp desc | limit 25)", kind=INVALID_QUERY)
    commands = []
    for text, start in split_commands(query):
        if not text.strip():
            raise SpecError("an empty command between pipes", column=start + 1, kind=INVALID_QUERY)
        tokens = tokenize(text, start)
        head = tokens[0]
        name = head.text.lower()
        if head.kind not in ("name", "word") or name not in COMMANDS:
            raise SpecError(f"unknown command {head.text!r} (supported: {', '.join(COMMANDS)})", column=head.column, kind=INVALID_QUERY)
        parser = Parser(tokens[1:], name, start + len(text) + 1)
        commands.append(_BUILDERS[name](parser))
    return commands


def _fields(parser: Parser) -> Command:
    items = _projection_list(parser)

    def run(state: _State) -> None:
        for row in state.rows:
            for column, expr in items:
                row[column] = expr(row)
        for column, _ in items:
            if column not in state.columns:
                state.columns.append(column)
    return Command("fields", run)


def _projection_list(parser: Parser) -> list[tuple[str, Expr]]:
    items = []
    while True:
        first = parser.peek()
        if first is None:
            raise SpecError(f"{parser.command}: expected a field name", column=parser.end_column, kind=INVALID_QUERY)
        start = parser.pos
        expr = parser.expression()
        label = " ".join(t.text for t in parser.tokens[start:parser.pos])
        label = first.value if parser.pos - start == 1 and first.kind == "name" else label
        if parser.at("word", "as"):
            parser.take()
            alias = parser.take("a name after as")
            if alias.kind != "name":
                raise SpecError(f"{parser.command}: expected a name after as, found {alias.text!r}", column=alias.column, kind=INVALID_QUERY)
            label = alias.value
        items.append((label, expr))
        if parser.at("punct", ","):
            parser.take()
            continue
        parser.done()
        return items


def _filter(parser: Parser) -> Command:
    if parser.peek() is None:
        raise SpecError("filter: expected a condition", column=parser.end_column, kind=INVALID_QUERY)
    condition = parser.expression()
    parser.done()

    def run(state: _State) -> None:
        state.rows = [row for row in state.rows if condition(row)]
        if not state.aggregated:
            state.matched = len(state.rows)
    return Command("filter", run)


@dataclass(frozen=True)
class _Aggregate:
    label: str
    function: str
    argument: Expr | None     # None: count(*)


def _stats(parser: Parser) -> Command:
    aggregates: list[_Aggregate] = []
    while True:
        name = parser.take("an aggregate function like count(*)")
        function = name.text.lower()
        if name.kind != "name" or function not in AGGREGATES:
            raise SpecError(f"stats: {name.text!r} is not an aggregate function (use {', '.join(AGGREGATES)})", column=name.column, kind=INVALID_QUERY)
        parser.expect("punct", "(", f"'(' after {name.text}")
        start = parser.pos
        argument: Expr | None = None
        if parser.at("punct", "*") or parser.at("punct", ")"):
            if function != "count":
                raise SpecError(f"stats: {function}() needs a field", column=name.column, kind=INVALID_QUERY)
            if parser.at("punct", "*"):
                parser.take()
        else:
            argument = parser.expression()
        parser.expect("punct", ")", f"')' to close {name.text}(")
        label = f"{name.text}({' '.join(t.text for t in parser.tokens[start:parser.pos - 1])})"
        if parser.at("word", "as"):
            parser.take()
            alias = parser.take("a name after as")
            if alias.kind != "name":
                raise SpecError(f"stats: expected a name after as, found {alias.text!r}", column=alias.column, kind=INVALID_QUERY)
            label = alias.value
        aggregates.append(_Aggregate(label, function, argument))
        if parser.at("punct", ","):
            parser.take()
            continue
        break
    groups: list[tuple[str, Expr]] = []
    if parser.at("word", "by"):
        parser.take()
        while True:
            groups.append(_group(parser))
            if parser.at("punct", ","):
                parser.take()
                continue
            break
    parser.done()

    def run(state: _State) -> None:
        buckets: dict[tuple, list[dict]] = {}
        for row in state.rows:
            key = tuple(_hashable(expr(row)) for _, expr in groups)
            buckets.setdefault(key, []).append(row)
        if not groups and not buckets:
            buckets[()] = []
        out = []
        for key, members in buckets.items():
            result = {label: value for (label, _), value in zip(groups, key)}
            for agg in aggregates:
                result[agg.label] = _aggregate(agg, members)
            out.append(result)
        state.rows = out
        state.columns = [label for label, _ in groups] + [a.label for a in aggregates]
        state.aggregated = True
    return Command("stats", run)


def _hashable(value: Any) -> Any:
    return value if not isinstance(value, (list, dict)) else json.dumps(value, sort_keys=True)


def _group(parser: Parser) -> tuple[str, Expr]:
    token = parser.peek()
    if token is not None and token.kind == "name" and token.text.lower() == "bin":
        parser.take()
        parser.expect("punct", "(", "'(' after bin")
        period = parser.take("a period like 5m")
        if period.kind != "period":
            raise SpecError(f"bin: {period.text!r} is not a time period like 30s, 5m, 1h or 1d", column=period.column, kind=INVALID_QUERY)
        seconds = _period_seconds(period)
        parser.expect("punct", ")", "')' to close bin(")
        label = f"bin({period.text})"
        if parser.at("word", "as"):
            parser.take()
            label = parser.take("a name after as").text
        return label, lambda e: bin_of(e.get("@timestamp"), seconds)
    if token is None:
        raise SpecError("stats: expected a field after by", column=parser.end_column, kind=INVALID_QUERY)
    name = parser.take()
    if name.kind != "name":
        raise SpecError(f"stats: expected a field after by, found {name.text!r}", column=name.column, kind=INVALID_QUERY)
    label = name.value
    if parser.at("word", "as"):
        parser.take()
        label = parser.take("a name after as").text
    field_name = name.value
    return label, lambda e: e.get(field_name)


def _aggregate(agg: _Aggregate, rows: list[dict]) -> Any:
    if agg.argument is None:
        return len(rows)
    values = [v for v in (agg.argument(r) for r in rows) if v is not None]
    if agg.function == "count":
        return len(values)
    if agg.function == "count_distinct":
        return len({_hashable(v) for v in values})
    numbers = [n for n in (_number(v) for v in values) if n is not None]
    if agg.function in ("min", "max") and not numbers and values:
        return (min if agg.function == "min" else max)(values, key=_sort_key)
    if not numbers:
        return None
    if agg.function == "sum":
        return sum(numbers)
    if agg.function == "avg":
        return sum(numbers) / len(numbers)
    return (min if agg.function == "min" else max)(numbers)


def _sort_key(value: Any):
    if isinstance(value, datetime):
        return (0, value.timestamp(), "")
    number = _number(value)
    return (0, number, "") if number is not None else (1, 0.0, _text(value))


def _sort(parser: Parser) -> Command:
    keys: list[tuple[str, bool]] = []
    while True:
        token = parser.take("a field to sort by")
        if token.kind != "name":
            raise SpecError(f"sort: expected a field name, found {token.text!r}", column=token.column, kind=INVALID_QUERY)
        descending = False
        if parser.at("word", "asc") or parser.at("word", "desc"):
            descending = parser.take().value == "desc"
        keys.append((token.value, descending))
        if parser.at("punct", ","):
            parser.take()
            continue
        parser.done()
        break

    def run(state: _State) -> None:
        # Stable sorts applied from the last key to the first give a multi-key order;
        # rows missing the field go last whichever the direction.
        for name, descending in reversed(keys):
            present = [r for r in state.rows if r.get(name) is not None]
            missing = [r for r in state.rows if r.get(name) is None]
            present.sort(key=lambda r: _sort_key(r.get(name)), reverse=descending)
            state.rows = present + missing
    return Command("sort", run)


def _limit(parser: Parser) -> Command:
    token = parser.take("a number of rows")
    if token.kind != "number" or not token.value.is_integer() or not 1 <= token.value <= MAX_LIMIT:
        raise SpecError(f"limit: {token.text!r} must be a whole number from 1 to {MAX_LIMIT}", column=token.column, kind=INVALID_QUERY)
    parser.done()
    count = int(token.value)

    def run(state: _State) -> None:
        state.rows = state.rows[:count]
    return Command("limit", run)


def _parse(parser: Parser) -> Command:
    source = "@message"
    if parser.at("name"):
        source = parser.take().value
    token = parser.take("a \"glob\" or /regex/ pattern")
    if token.kind == "string":
        pieces = token.value.split("*")
        if len(pieces) < 2:
            raise SpecError("parse: the glob pattern has no * to capture", column=token.column, kind=INVALID_QUERY)
        parts = []
        for index, piece in enumerate(pieces[:-1]):
            last = index == len(pieces) - 2 and pieces[-1] == ""
            parts.append(re.escape(piece) + ("(.*)" if last else "(.*?)"))
        pattern = re.compile("".join(parts) + re.escape(pieces[-1]))
        parser.expect("word", "as", f"as followed by {len(pieces) - 1} field name(s)")
        names = []
        while True:
            name = parser.take("a field name")
            if name.kind != "name":
                raise SpecError(f"parse: expected a field name, found {name.text!r}", column=name.column, kind=INVALID_QUERY)
            names.append(name.value)
            if parser.at("punct", ","):
                parser.take()
                continue
            break
        if len(names) != len(pieces) - 1:
            raise SpecError(f"parse: the glob has {len(pieces) - 1} * but {len(names)} name(s) follow as", column=token.column, kind=INVALID_QUERY)
    elif token.kind == "regex":
        pattern = _compile_regex(token.value, token.column)
        names = list(pattern.groupindex)
        if not names:
            raise SpecError("parse: the regex needs named groups like (?<status>\\d+)", column=token.column, kind=INVALID_QUERY)
    else:
        raise SpecError(f"parse: expected a \"glob\" or /regex/, found {token.text!r}", column=token.column, kind=INVALID_QUERY)
    parser.done()
    named = token.kind == "regex"

    def run(state: _State) -> None:
        for row in state.rows:
            found = pattern.search(_text(row.get(source)))
            if not found:
                continue
            for index, name in enumerate(names):
                row[name] = found.group(name) if named else found.group(index + 1)
    return Command("parse", run)


_BUILDERS = {"fields": _fields, "filter": _filter, "stats": _stats, "sort": _sort, "limit": _limit,
             "parse": _parse}


def run_query(query: str, events: list[dict]) -> QueryResult:
    """Run `query` over `events` (copied; the input is not changed)."""
    commands = parse_query(query)
    state = _State([dict(e) for e in events], matched=len(events))
    for command in commands:
        command.run(state)
    if not state.columns:
        state.columns = ["@timestamp", "@message"]
    return QueryResult(state.columns, state.rows, len(events), state.matched)
