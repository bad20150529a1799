"""CloudWatch Logs filter patterns: parse one, then test log events against it.

The same syntax drives metric filters, subscription filters, FilterLogEvents and Live
Tail (AWS: "Filter pattern syntax for metric filters, subscription filters, filter log
events, and Live Tail", CloudWatch Logs User Guide, FilterAndPatternSyntax). Five shapes:

* empty pattern: every event matches;
* terms (unstructured events): `ERROR`, `"exact phrase"`, `?ERROR ?WARN` (any of),
  `ERROR -Exiting` (exclude). Case-sensitive substring matches;
* `%regex%`: the documented regex subset (no parentheses, no multi-byte characters);
* JSON: `{ $.user.id = 1 && ($.level = "ERROR" || $.latency > 500) }`, with `IS NULL`,
  `NOT EXISTS`, `IS TRUE`/`IS FALSE`, arrays `$.a[0]`, `*` wildcards at either end of a
  string and numeric comparisons;
* space-delimited: `[ip, user, ..., status_code = 4*, bytes > 1000]`; text inside `[]`
  or `""` in the event is one field.

Where the AWS docs are silent this engine picks one rule and says so:
* plain and `?` terms mixed: every plain term must appear and, when there are `?`
  terms, at least one of them;
* a comparison on a missing field, on an object/array, or between a number and a
  non-number is false for `=` and `!=` alike (the docs say both fail on an array);
* a condition in a space-delimited pattern may name only fields the pattern declares.

Invalid patterns raise SpecError(kind="InvalidFilterPattern") whose message says what
is wrong and at which column.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from studycli.errors import SpecError

KIND = "InvalidFilterPattern"
# PutMetricFilter / PutSubscriptionFilter: filterPattern length 0-1024.
MAX_PATTERN_LENGTH = 1024
# "There is a limit of 2 regex for each filter pattern when creating a delimited or JSON
# filter pattern" (FilterAndPatternSyntax, Quotas).
MAX_REGEX_IN_STRUCTURED = 2
# Our own guard (AWS documents none): deeper nesting would exhaust Python's recursion.
MAX_NESTING = 50
# Also ours: each '...' multiplies the ways fields can line up; two keep matching quick.
MAX_ELLIPSES = 2

# Characters the regex subset accepts besides letters and digits (FilterAndPatternSyntax,
# "Supported regular expressions"). Space is accepted here too: the docs do not list it,
# and rejecting `%ERROR 500%` would surprise more than it teaches.
_REGEX_SYMBOLS = set(":_#=@/;,-") | set("^$?[]{}|\\*+.") | {" "}
_NUMBER_RE = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
_IDENT_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_SELECTOR_PART_RE = re.compile(r"\.([A-Za-z0-9_\-]+)|\[(\d+)\]")


def invalid(message: str, column: int | None = None) -> SpecError:
    where = f" (column {column})" if column is not None else ""
    return SpecError(f"invalid filter pattern: {message}{where}", kind=KIND)


# ---------------------------------------------------------------- values and comparisons

@dataclass(frozen=True)
class Value:
    """The right-hand side of a comparison: a number, a string (maybe wildcarded) or a regex."""

    text: str
    number: float | None = None
    regex: re.Pattern | None = None

    def describe(self) -> str:
        return f"%{self.regex.pattern}%" if self.regex else self.text


def _wildcard_match(expected: str, actual: str) -> bool:
    """`*` is a wildcard at either end of the string; in the middle it is a literal star."""
    if expected == "*":
        return True
    lead, trail = expected.startswith("*"), expected.endswith("*") and len(expected) > 1
    core = expected[1 if lead else 0: len(expected) - 1 if trail else len(expected)]
    if lead and trail:
        return core in actual
    if lead:
        return actual.endswith(core)
    if trail:
        return actual.startswith(core)
    return actual == expected


def as_number(raw: Any) -> float | None:
    if isinstance(raw, bool) or raw is None:
        return None
    if isinstance(raw, (int, float)):
        return float(raw)
    if isinstance(raw, str) and _NUMBER_RE.fullmatch(raw):
        return float(raw)
    return None


def compare(actual: Any, op: str, value: Value, *, numbers_from_text: bool) -> bool:
    """One comparison. `numbers_from_text`: space-delimited fields are text that may hold numbers."""
    if actual is None or isinstance(actual, (dict, list)):
        return False
    if value.regex is not None:
        text = _scalar_text(actual)
        found = value.regex.search(text) is not None
        return found if op == "=" else not found
    if value.number is not None:
        if isinstance(actual, str) and not numbers_from_text:
            return False
        number = as_number(actual)
        if number is None:
            return False
        return _NUMERIC_OPS[op](number, value.number)
    if isinstance(actual, bool):
        return False
    text = _scalar_text(actual)
    same = _wildcard_match(value.text, text)
    return same if op == "=" else not same


def _scalar_text(actual: Any) -> str:
    if isinstance(actual, bool):
        return "true" if actual else "false"
    if isinstance(actual, float) and actual.is_integer():
        return str(int(actual))
    return str(actual)


_NUMERIC_OPS: dict[str, Callable[[float, float], bool]] = {
    "=": lambda a, b: a == b,
    "!=": lambda a, b: a != b,
    "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b,
    ">": lambda a, b: a > b,
    ">=": lambda a, b: a >= b,
}
_OPERATORS = ("!=", "<=", ">=", "=", "<", ">")


# ---------------------------------------------------------------- expression trees

@dataclass(frozen=True)
class Comparison:
    ref: str                 # "$.user.id" (JSON) or "status_code" (space-delimited)
    op: str                  # = != < <= > >=, or IS NULL / NOT EXISTS / IS TRUE / IS FALSE
    value: Value | None = None


@dataclass(frozen=True)
class BoolOp:
    op: str                  # "&&" or "||"
    parts: tuple


def _evaluate(node, lookup: Callable[[str], tuple[bool, Any]], numbers_from_text: bool) -> bool:
    if isinstance(node, BoolOp):
        results = (_evaluate(p, lookup, numbers_from_text) for p in node.parts)
        return all(results) if node.op == "&&" else any(results)
    present, actual = lookup(node.ref)
    if node.op == "NOT EXISTS":
        return not present
    if not present:
        return False
    if node.op == "IS NULL":
        return actual is None
    if node.op in ("IS TRUE", "IS FALSE"):
        return actual is (node.op == "IS TRUE")
    return compare(actual, node.op, node.value, numbers_from_text=numbers_from_text)


def _refs(node) -> list[str]:
    if isinstance(node, BoolOp):
        return [r for p in node.parts for r in _refs(p)]
    return [node.ref]


def _count_regex(node) -> int:
    if isinstance(node, BoolOp):
        return sum(_count_regex(p) for p in node.parts)
    return 1 if node.value is not None and node.value.regex is not None else 0


# ---------------------------------------------------------------- tokenizer for { } and [ ]

@dataclass(frozen=True)
class Token:
    kind: str    # ref, op, and, or, lparen, rparen, string, regex, word
    text: str
    column: int  # 1-based, in the whole pattern


def _tokenize(body: str, offset: int, json_mode: bool) -> list[Token]:
    tokens: list[Token] = []
    i = 0
    while i < len(body):
        ch = body[i]
        column = offset + i + 1
        if ch.isspace():
            i += 1
        elif body.startswith("&&", i):
            tokens.append(Token("and", "&&", column)); i += 2
        elif body.startswith("||", i):
            tokens.append(Token("or", "||", column)); i += 2
        elif ch in "&|":
            raise invalid(f"'{ch}' on its own; use '&&' for AND and '||' for OR", column)
        elif ch == "(":
            tokens.append(Token("lparen", ch, column)); i += 1
        elif ch == ")":
            tokens.append(Token("rparen", ch, column)); i += 1
        elif ch in "=!<>":
            op = next((o for o in _OPERATORS if body.startswith(o, i)), None)
            if op is None:
                raise invalid(f"'{ch}' is not an operator (use =, !=, <, <=, > or >=)", column)
            tokens.append(Token("op", op, column)); i += len(op)
        elif ch == '"':
            end, text = _read_quoted(body, i, offset)
            tokens.append(Token("string", text, column)); i = end
        elif ch == "%":
            end = body.find("%", i + 1)
            if end < 0:
                raise invalid("regex opened with '%' is never closed with '%'", column)
            tokens.append(Token("regex", body[i + 1:end], column)); i = end + 1
        elif json_mode and ch == "$":
            j = i + 1
            while j < len(body) and (body[j].isalnum() or body[j] in "._-[]_"):
                j += 1
            tokens.append(Token("ref", body[i:j], column)); i = j
        else:
            j = i
            while j < len(body) and not body[j].isspace() and body[j] not in '()=!<>&|"%':
                j += 1
            tokens.append(Token("word", body[i:j], column)); i = j
    return tokens


def _read_quoted(text: str, start: int, offset: int) -> tuple[int, str]:
    """A double-quoted string starting at text[start]; backslash escapes the next character."""
    out = []
    i = start + 1
    while i < len(text):
        ch = text[i]
        if ch == "\\" and i + 1 < len(text):
            out.append(text[i + 1]); i += 2
            continue
        if ch == '"':
            return i + 1, "".join(out)
        out.append(ch); i += 1
    raise invalid("a double quote is opened but never closed", offset + start + 1)


class _ExprParser:
    """Recursive descent over tokens: () binds tightest, then &&, then || (as AWS documents)."""

    def __init__(self, tokens: list[Token], end_column: int, json_mode: bool):
        self.tokens, self.pos, self.end_column, self.json_mode = tokens, 0, end_column, json_mode
        self.depth = 0

    def peek(self) -> Token | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self) -> Token:
        token = self.peek()
        if token is None:
            raise invalid("the pattern ends where a condition was expected", self.end_column)
        self.pos += 1
        return token

    def parse(self):
        node = self.parse_or()
        extra = self.peek()
        if extra is not None:
            hint = " (join conditions with && or ||)" if extra.kind in ("ref", "word") else ""
            raise invalid(f"unexpected {extra.text!r}{hint}", extra.column)
        return node

    def parse_or(self):
        parts = [self.parse_and()]
        while self.peek() is not None and self.peek().kind == "or":
            self.take()
            parts.append(self.parse_and())
        return parts[0] if len(parts) == 1 else BoolOp("||", tuple(parts))

    def parse_and(self):
        parts = [self.parse_unary()]
        while self.peek() is not None and self.peek().kind == "and":
            self.take()
            parts.append(self.parse_unary())
        return parts[0] if len(parts) == 1 else BoolOp("&&", tuple(parts))

    def parse_unary(self):
        token = self.take()
        if token.kind == "lparen":
            self.depth += 1
            if self.depth > MAX_NESTING:
                raise invalid(f"parentheses nest more than {MAX_NESTING} deep", token.column)
            node = self.parse_or()
            self.depth -= 1
            closing = self.peek()
            if closing is None or closing.kind != "rparen":
                raise invalid("'(' is never closed with ')'", token.column)
            self.take()
            return node
        return self.parse_condition(token)

    def parse_condition(self, token: Token) -> Comparison:
        ref = self.parse_ref(token)
        op_token = self.take()
        if op_token.kind == "word" and op_token.text.upper() in ("IS", "NOT"):
            if not self.json_mode:
                raise invalid(f"{op_token.text} works only in JSON patterns", op_token.column)
            return Comparison(ref, self.parse_keyword_test(op_token))
        if op_token.kind != "op":
            raise invalid(f"expected a comparison operator after {ref!r}, found {op_token.text!r}", op_token.column)
        value_token = self.peek()
        if value_token is None or value_token.kind not in ("string", "regex", "word"):
            column = value_token.column if value_token else self.end_column
            raise invalid(f"expected a value after '{op_token.text}'", column)
        self.take()
        value = self.parse_value(value_token)
        if op_token.text not in ("=", "!=") and value.number is None:
            raise invalid(f"'{op_token.text}' compares numbers, but {value.describe()!r} is not a number",
                          value_token.column)
        return Comparison(ref, op_token.text, value)

    def parse_ref(self, token: Token) -> str:
        if self.json_mode:
            if token.kind != "ref":
                raise invalid(f"expected a selector starting with '$.' (like $.eventType), found {token.text!r}",
                              token.column)
            return _check_selector(token)
        if token.kind != "word" or not _IDENT_RE.fullmatch(token.text):
            raise invalid(f"expected a field name, found {token.text!r}", token.column)
        return token.text

    def parse_keyword_test(self, first: Token) -> str:
        second = self.take()
        phrase = f"{first.text.upper()} {second.text.upper()}"
        if phrase in ("IS NULL", "IS TRUE", "IS FALSE", "NOT EXISTS"):
            return phrase
        raise invalid(f"{first.text} {second.text!r}: expected IS NULL, IS TRUE, IS FALSE or NOT EXISTS", second.column)

    def parse_value(self, token: Token) -> Value:
        if token.kind == "regex":
            return Value(token.text, regex=compile_regex(token.text, token.column))
        if token.kind == "word" and _NUMBER_RE.fullmatch(token.text):
            return Value(token.text, number=float(token.text))
        return Value(token.text)


def _check_selector(token: Token) -> str:
    text = token.text
    if not text.startswith("$."):
        raise invalid(f"selector {text!r} must start with '$.' (the root of the JSON event)", token.column)
    rest = text[1:]
    pos = 0
    while pos < len(rest):
        part = _SELECTOR_PART_RE.match(rest, pos)
        if part is None:
            raise invalid(f"selector {text!r} is malformed near {rest[pos:]!r} "
                          "(use .name and [index], e.g. $.users[0].id)", token.column)
        pos = part.end()
    return text


def select(document: Any, selector: str) -> tuple[bool, Any]:
    """Follow `$.a.b[0]` through a parsed JSON document: (present, value)."""
    node = document
    for part in _SELECTOR_PART_RE.finditer(selector[1:]):
        name, index = part.group(1), part.group(2)
        if name is not None:
            if not isinstance(node, dict) or name not in node:
                return False, None
            node = node[name]
        else:
            if not isinstance(node, list) or int(index) >= len(node):
                return False, None
            node = node[int(index)]
    return True, node


def compile_regex(body: str, column: int) -> re.Pattern:
    """The `%...%` regex subset: letters, digits, a few symbols and operators, no ( )."""
    if not body:
        raise invalid("empty regex '%%'", column)
    for offset, ch in enumerate(body):
        if ch in "()":
            raise invalid("'(' and ')' are not supported in filter-pattern regex (no subpatterns)",
                          column + offset + 1)
        if ord(ch) > 127:
            raise invalid(f"multi-byte character {ch!r} is not supported in filter-pattern regex", column + offset + 1)
        if not (ch.isalnum() or ch in _REGEX_SYMBOLS):
            raise invalid(f"character {ch!r} is not supported in filter-pattern regex", column + offset + 1)
    try:
        return re.compile(body)
    except re.error as err:
        raise invalid(f"regex %{body}% does not compile: {err}", column) from None


# ---------------------------------------------------------------- the pattern shapes

@dataclass(frozen=True)
class Term:
    text: str
    mode: str = "all"    # all | any (?term) | not (-term)


@dataclass(frozen=True)
class Slot:
    """One comma-separated field of a space-delimited pattern."""

    name: str | None             # None: unnamed; "..." for the ellipsis
    condition: Any = None        # Comparison/BoolOp tree or None


@dataclass(frozen=True)
class Match:
    matched: bool
    fields: dict = field(default_factory=dict)
    reason: str = ""             # English, one line: why it matched or not (for explanations)


@dataclass(frozen=True)
class FilterPattern:
    text: str
    kind: str                    # all | terms | regex | json | delimited
    terms: tuple[Term, ...] = ()
    regex: re.Pattern | None = None
    expression: Any = None
    slots: tuple[Slot, ...] = ()

    def match(self, message: str) -> Match:
        return _MATCHERS[self.kind](self, message)

    def matches(self, message: str) -> bool:
        return self.match(message).matched

    def field_names(self) -> tuple[str, ...]:
        """The names a metric value may use: `$name` slots or `$.selectors`."""
        if self.kind == "delimited":
            return tuple(s.name for s in self.slots if s.name not in (None, "..."))
        if self.kind == "json":
            return tuple(dict.fromkeys(_refs(self.expression)))
        return ()


def parse_filter_pattern(text: str) -> FilterPattern:
    """Parse a filter pattern or raise SpecError(kind=InvalidFilterPattern) saying what is wrong."""
    if not isinstance(text, str):
        raise invalid("the pattern must be text")
    if len(text) > MAX_PATTERN_LENGTH:
        raise invalid(f"the pattern is {len(text)} characters; AWS allows at most {MAX_PATTERN_LENGTH}")
    stripped = text.strip()
    lead = len(text) - len(text.lstrip())
    if not stripped or stripped == '""':  # the docs: the pattern "" matches every event
        return FilterPattern(text, "all")
    if stripped.startswith("{"):
        return _parse_json(text, stripped, lead)
    if stripped.startswith("["):
        return _parse_delimited(text, stripped, lead)
    if len(stripped) >= 2 and stripped.startswith("%") and stripped.endswith("%") and stripped.count("%") == 2:
        return FilterPattern(text, "regex", regex=compile_regex(stripped[1:-1], lead + 1))
    return FilterPattern(text, "terms", terms=_parse_terms(stripped, lead))


def _parse_terms(text: str, offset: int) -> tuple[Term, ...]:
    terms: list[Term] = []
    i = 0
    pending: tuple[str, int] | None = None   # a lone '-' or '?' waiting for its term
    while i < len(text):
        ch = text[i]
        if ch.isspace():
            i += 1
            continue
        column = offset + i + 1
        mode = "all"
        if pending:
            mode = pending[0]
        if ch in "?-" and not pending:
            mode = "any" if ch == "?" else "not"
            i += 1
            if i >= len(text) or text[i].isspace():
                pending = (mode, column)   # `"ERROR" - "Exiting"`: the sign may stand apart
                continue
            ch = text[i]
        pending = None
        if ch == '"':
            i, word = _read_quoted(text, i, offset)
            if i < len(text) and not text[i].isspace():
                raise invalid(f"text {text[i:].split()[0]!r} runs straight on from a quoted phrase; "
                              "put a space between terms", offset + i + 1)
        else:
            j = i
            while j < len(text) and not text[j].isspace():
                if text[j] == '"':
                    raise invalid("a double quote in the middle of a term; quote the whole term instead",
                                  offset + j + 1)
                j += 1
            word, i = text[i:j], j
        if not word:
            raise invalid("an empty quoted term \"\" matches nothing useful; remove it", column)
        terms.append(Term(word, mode))
    if pending:
        sign = "?" if pending[0] == "any" else "-"
        raise invalid(f"'{sign}' must be followed by a term", pending[1])
    return tuple(terms)


def _closing_body(text: str, stripped: str, lead: int, opener: str, closer: str, what: str) -> tuple[str, int]:
    if not stripped.endswith(closer):
        raise invalid(f"{what} pattern opened with '{opener}' must end with '{closer}'", lead + len(stripped))
    return stripped[1:-1], lead + 1


def _parse_json(text: str, stripped: str, lead: int) -> FilterPattern:
    body, offset = _closing_body(text, stripped, lead, "{", "}", "a JSON")
    if not body.strip():
        raise invalid("a JSON pattern needs a condition inside { }, like { $.level = \"ERROR\" }", offset + 1)
    tokens = _tokenize(body, offset, json_mode=True)
    expression = _ExprParser(tokens, offset + len(body) + 1, json_mode=True).parse()
    if _count_regex(expression) > MAX_REGEX_IN_STRUCTURED:
        raise invalid(f"at most {MAX_REGEX_IN_STRUCTURED} regex are allowed in a JSON pattern")
    return FilterPattern(text, "json", expression=expression)


def _split_slots(body: str, offset: int) -> list[tuple[str, int]]:
    """Split on commas that are outside quotes and %regex%; keep each piece's column."""
    pieces, start, i, quote = [], 0, 0, None
    while i < len(body):
        ch = body[i]
        if quote:
            if ch == "\\" and quote == '"':
                i += 2
                continue
            if ch == quote:
                quote = None
        elif ch in '"%':
            quote = ch
        elif ch == ",":
            pieces.append((body[start:i], offset + start))
            start = i + 1
        i += 1
    pieces.append((body[start:], offset + start))
    return pieces


def _parse_delimited(text: str, stripped: str, lead: int) -> FilterPattern:
    body, offset = _closing_body(text, stripped, lead, "[", "]", "a space-delimited")
    if not body.strip():
        raise invalid("a space-delimited pattern needs field names inside [ ], like [ip, user, status]", offset + 1)
    pieces = _split_slots(body, offset)
    slots: list[Slot] = []
    for raw, start in pieces:
        piece = raw.strip()
        column = start + (len(raw) - len(raw.lstrip())) + 1
        if not piece:
            slots.append(Slot(None))
        elif piece in ("...", "…"):
            slots.append(Slot("..."))
        elif _IDENT_RE.fullmatch(piece):
            slots.append(Slot(piece))
        else:
            tokens = _tokenize(raw, start, json_mode=False)
            condition = _ExprParser(tokens, start + len(raw) + 1, json_mode=False).parse()
            slots.append(Slot(_refs(condition)[0], condition))
        if slots[-1].name and slots[-1].name != "..." and _IDENT_RE.fullmatch(slots[-1].name) is None:
            raise invalid(f"{slots[-1].name!r} is not a field name", column)
    if sum(1 for s in slots if s.name == "...") > MAX_ELLIPSES:
        raise invalid(f"at most {MAX_ELLIPSES} '...' in one pattern")
    names = [s.name for s in slots if s.name not in (None, "...")]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise invalid(f"field {duplicates[0]!r} is named twice")
    regexes = 0
    for slot in slots:
        if slot.condition is None:
            continue
        regexes += _count_regex(slot.condition)
        for ref in _refs(slot.condition):
            if ref not in names:
                raise invalid(f"a condition names {ref!r}, which is not one of this pattern's fields "
                              f"({', '.join(names)})")
    if regexes > MAX_REGEX_IN_STRUCTURED:
        raise invalid(f"at most {MAX_REGEX_IN_STRUCTURED} regex are allowed in a space-delimited pattern")
    return FilterPattern(text, "delimited", slots=tuple(slots))


# ---------------------------------------------------------------- matching

def _match_all(pattern: FilterPattern, message: str) -> Match:
    return Match(True, {}, "an empty pattern matches every event")


def _match_terms(pattern: FilterPattern, message: str) -> Match:
    for term in pattern.terms:
        if term.mode == "all" and term.text not in message:
            return Match(False, {}, f"the event does not contain {term.text!r}")
        if term.mode == "not" and term.text in message:
            return Match(False, {}, f"the event contains the excluded term {term.text!r}")
    optional = [t.text for t in pattern.terms if t.mode == "any"]
    if optional:
        present = [t for t in optional if t in message]
        if not present:
            return Match(False, {}, f"the event contains none of {', '.join(map(repr, optional))}")
        return Match(True, {}, f"the event contains {present[0]!r}, one of the ? terms")
    return Match(True, {}, "every required term is present and no excluded term is")


def _match_regex(pattern: FilterPattern, message: str) -> Match:
    found = pattern.regex.search(message)
    if found:
        return Match(True, {}, f"the regex matches {found.group(0)!r}")
    return Match(False, {}, "the regex finds nothing in the event")


def _match_json(pattern: FilterPattern, message: str) -> Match:
    try:
        document = json.loads(message)
    except ValueError:
        return Match(False, {}, "the event is not JSON, so a JSON pattern cannot match it")
    if not isinstance(document, dict):
        return Match(False, {}, "the event is JSON but not an object")
    lookup = lambda ref: select(document, ref)  # noqa: E731
    matched = _evaluate(pattern.expression, lookup, numbers_from_text=False)
    fields = {}
    for ref in pattern.field_names():
        present, value = select(document, ref)
        if present and not isinstance(value, (dict, list)):
            fields[ref] = value
    reason = "the JSON conditions hold" if matched else "the JSON conditions do not hold"
    return Match(matched, fields, reason)


def split_event_fields(message: str) -> list[str]:
    """Space-delimited fields: runs of non-space text; "quoted" and [bracketed] text is one field."""
    fields: list[str] = []
    i = 0
    while i < len(message):
        ch = message[i]
        if ch.isspace():
            i += 1
            continue
        closer = {'"': '"', "[": "]"}.get(ch)
        if closer:
            end = message.find(closer, i + 1)
            end = len(message) if end < 0 else end
            fields.append(message[i + 1:end])
            i = end + 1
            continue
        j = i
        while j < len(message) and not message[j].isspace():
            j += 1
        fields.append(message[i:j])
        i = j
    return fields


def _assignments(slots: tuple[Slot, ...], count: int):
    """Every way to give each slot a token index (the ellipsis takes any run): yields lists of (slot, start, stop)."""
    def walk(slot_index: int, token_index: int, taken: list):
        if slot_index == len(slots):
            if token_index == count:
                yield list(taken)
            return
        slot = slots[slot_index]
        if slot.name == "...":
            for stop in range(token_index, count + 1):
                taken.append((slot, token_index, stop))
                yield from walk(slot_index + 1, stop, taken)
                taken.pop()
        elif token_index < count:
            taken.append((slot, token_index, token_index + 1))
            yield from walk(slot_index + 1, token_index + 1, taken)
            taken.pop()
    yield from walk(0, 0, [])


def _match_delimited(pattern: FilterPattern, message: str) -> Match:
    tokens = split_event_fields(message)
    fixed = sum(1 for s in pattern.slots if s.name != "...")
    has_ellipsis = any(s.name == "..." for s in pattern.slots)
    if len(tokens) < fixed or (not has_ellipsis and len(tokens) != fixed):
        return Match(False, {}, f"the event has {len(tokens)} fields; the pattern expects "
                                f"{'at least ' if has_ellipsis else ''}{fixed}")
    for assignment in _assignments(pattern.slots, len(tokens)):
        values = {slot.name: tokens[start] for slot, start, stop in assignment if slot.name not in (None, "...")}
        lookup = lambda ref: (ref in values, values.get(ref))  # noqa: E731, B023 (called at once, inside this iteration)
        if all(slot.condition is None or _evaluate(slot.condition, lookup, numbers_from_text=True)
               for slot, _, _ in assignment):
            return Match(True, _extracted(assignment, tokens), "every field condition holds")
        if not has_ellipsis:
            break
    return Match(False, {}, "a field condition does not hold")


def _extracted(assignment, tokens: list[str]) -> dict[str, str]:
    """Like TestMetricFilter's extractedValues: `$name` for named fields, `$N` (1-based) for the rest."""
    out: dict[str, str] = {}
    for slot, start, stop in assignment:
        for index in range(start, stop):
            key = f"${slot.name}" if slot.name not in (None, "...") else f"${index + 1}"
            out[key] = tokens[index]
    return out


_MATCHERS = {"all": _match_all, "terms": _match_terms, "regex": _match_regex,
             "json": _match_json, "delimited": _match_delimited}


def match_event(pattern_text: str, message: str) -> Match:
    """Parse `pattern_text` and test one event message against it."""
    return parse_filter_pattern(pattern_text).match(message)
