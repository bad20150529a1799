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
from dataclasses import dataclass
from typing import Any

from studycli.errors import INVALID_FILTER_PATTERN, SpecError
from studycli.i18n import Msg

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
            raise SpecError(f"'{ch}' on its own; use '&&' for AND and '||' for OR", column=column, kind=INVALID_FILTER_PATTERN)
        elif ch == "(":
            tokens.append(Token("lparen", ch, column)); i += 1
        elif ch == ")":
            tokens.append(Token("rparen", ch, column)); i += 1
        elif ch in "=!<>":
            op = next((o for o in _OPERATORS if body.startswith(o, i)), None)
            if op is None:
                raise SpecError(f"'{ch}' is not an operator (use =, !=, <, <=, > or >=)", column=column, kind=INVALID_FILTER_PATTERN)
            tokens.append(Token("op", op, column)); i += len(op)
        elif ch == '"':
            end, text = _read_quoted(body, i, offset)
            tokens.append(Token("string", text, column)); i = end
        elif ch == "%":
            end = body.find("%", i + 1)
            if end < 0:
                raise SpecError("regex opened with '%' is never closed with '%'", column=column, kind=INVALID_FILTER_PATTERN)
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
    raise SpecError("a double quote is opened but never closed", column=offset + start + 1, kind=INVALID_FILTER_PATTERN)


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
            raise SpecError("the pattern ends where a condition was expected", column=self.end_column, kind=INVALID_FILTER_PATTERN)
        self.pos += 1
        return token

    def parse(self):
        node = self.parse_or()
        extra = self.peek()
        if extra is not None:
            hint = " (join conditions with && or ||)" if extra.kind in ("ref", "word") else ""
            raise SpecError(f"unexpected {extra.text!r}{hint}", column=extra.column, kind=INVALID_FILTER_PATTERN)
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
                raise SpecError(f"parentheses nest more than {MAX_NESTING} deep", column=token.column, kind=INVALID_FILTER_PATTERN)
            node = self.parse_or()
            self.depth -= 1
            closing = self.peek()
            if closing is None or closing.kind != "rparen":
                raise SpecError("'(' is never closed with ')'", column=token.column, kind=INVALID_FILTER_PATTERN)
            self.take()
            return node
        return self.parse_condition(token)

    def parse_condition(self, token: Token) -> Comparison:
        ref = self.parse_ref(token)
        op_token = self.take()
        if op_token.kind == "word" and op_token.text.upper() in ("IS", "NOT"):
            if not self.json_mode:
                raise SpecError(f"{op_token.text} works only in JSON patterns", column=op_token.column, kind=INVALID_FILTER_PATTERN)
            return Comparison(ref, self.parse_keyword_test(op_token))
        if op_token.kind != "op":
            raise SpecError(f"expected a comparison operator after {ref!r}, found {op_token.text!r}", column=op_token.column, kind=INVALID_FILTER_PATTERN)
        value_token = self.peek()
        if value_token is None or value_token.kind not in ("string", "regex", "word"):
            column = value_token.column if value_token else self.end_column
            raise SpecError(f"expected a value after '{op_token.text}'", column=column, kind=INVALID_FILTER_PATTERN)
        self.take()
        value = self.parse_value(value_token)
        if op_token.text not in ("=", "!=") and value.number is None:
            raise SpecError(f"'{op_token.text}' compares numbers, but {value.describe()!r} is not a number", column=value_token.column, kind=INVALID_FILTER_PATTERN)
        return Comparison(ref, op_token.text, value)

    def parse_ref(self, token: Token) -> str:
        if self.json_mode:
            if token.kind != "ref":
                raise SpecError(f"expected a selector starting with '$.' (like $.eventType), found {token.text!r}", column=token.column, kind=INVALID_FILTER_PATTERN)
            return _check_selector(token)
        if token.kind != "word" or not _IDENT_RE.fullmatch(token.text):
            raise SpecError(f"expected a field name, found {token.text!r}", column=token.column, kind=INVALID_FILTER_PATTERN)
        return token.text

    def parse_keyword_test(self, first: Token) -> str:
        second = self.take()
        phrase = f"{first.text.upper()} {second.text.upper()}"
        if phrase in ("IS NULL", "IS TRUE", "IS FALSE", "NOT EXISTS"):
            return phrase
        raise SpecError(f"{first.text} {second.text!r}: expected IS NULL, IS TRUE, IS FALSE or NOT EXISTS", column=second.column, kind=INVALID_FILTER_PATTERN)

    def parse_value(self, token: Token) -> Value:
        if token.kind == "regex":
            return Value(token.text, regex=compile_regex(token.text, token.column))
        if token.kind == "word" and _NUMBER_RE.fullmatch(token.text):
            return Value(token.text, number=float(token.text))
        return Value(token.text)


def _check_selector(token: Token) -> str:
    text = token.text
    if not text.startswith("$."):
        raise SpecError(f"selector {text!r} must start with '$.' (the root of the JSON event)", column=token.column, kind=INVALID_FILTER_PATTERN)
    rest = text[1:]
    pos = 0
    while pos < len(rest):
        part = _SELECTOR_PART_RE.match(rest, pos)
        if part is None:
            raise SpecError(f"selector {text!r} is malformed near {rest[pos:]!r} "
                          "(use .name and [index], e.g. $.users[0].id)", column=token.column, kind=INVALID_FILTER_PATTERN)
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
        raise SpecError("empty regex '%%'", column=column, kind=INVALID_FILTER_PATTERN)
    for offset, ch in enumerate(body):
        if ch in "()":
            raise SpecError("'(' and ')' are not supported in filter-pattern regex (no subpatterns)", column=column + offset + 1, kind=INVALID_FILTER_PATTERN)
        if ord(ch) > 127:
            raise SpecError(f"multi-byte character {ch!r} is not supported in filter-pattern regex", column=column + offset + 1, kind=INVALID_FILTER_PATTERN)
        if not (ch.isalnum() or ch in _REGEX_SYMBOLS):
            raise SpecError(f"character {ch!r} is not supported in filter-pattern regex", column=column + offset + 1, kind=INVALID_FILTER_PATTERN)
    try:
        return re.compile(body)
    except re.error as err:
        raise SpecError(f"regex %{body}% does not compile: {err}", column=column, kind=INVALID_FILTER_PATTERN) from None


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
    fields: dict
    reason: Msg                  # why it matched or not (for explanations)


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
        raise SpecError("the pattern must be text", kind=INVALID_FILTER_PATTERN)
    if len(text) > MAX_PATTERN_LENGTH:
        raise SpecError(f"the pattern is {len(text)} characters; AWS allows at most {MAX_PATTERN_LENGTH}", kind=INVALID_FILTER_PATTERN)
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
                raise SpecError(f"text {text[i:].split()[0]!r} runs straight on from a quoted phrase; "
                              "put a space between terms", column=offset + i + 1, kind=INVALID_FILTER_PATTERN)
        else:
            j = i
            while j < len(text) and not text[j].isspace():
                if text[j] == '"':
                    raise SpecError("a double quote in the middle of a term; quote the whole term instead", column=offset + j + 1, kind=INVALID_FILTER_PATTERN)
                j += 1
            word, i = text[i:j], j
        if not word:
            raise SpecError("an empty quoted term \"\" matches nothing useful; remove it", column=column, kind=INVALID_FILTER_PATTERN)
        terms.append(Term(word, mode))
    if pending:
        sign = "?" if pending[0] == "any" else "-"
        raise SpecError(f"'{sign}' must be followed by a term", column=pending[1], kind=INVALID_FILTER_PATTERN)
    return tuple(terms)


def _closing_body(text: str, stripped: str, lead: int, opener: str, closer: str, what: str) -> tuple[str, int]:
    if not stripped.endswith(closer):
        raise SpecError(f"{what} pattern opened with '{opener}' must end with '{closer}'", column=lead + len(stripped), kind=INVALID_FILTER_PATTERN)
    return stripped[1:-1], lead + 1


def _parse_json(text: str, stripped: str, lead: int) -> FilterPattern:
    body, offset = _closing_body(text, stripped, lead, "{", "}", "a JSON")
    if not body.strip():
        raise SpecError("a JSON pattern needs a condition inside { }, like { $.level = \"ERROR\" }", column=offset + 1, kind=INVALID_FILTER_PATTERN)
    tokens = _tokenize(body, offset, json_mode=True)
    expression = _ExprParser(tokens, offset + len(body) + 1, json_mode=True).parse()
    if _count_regex(expression) > MAX_REGEX_IN_STRUCTURED:
        raise SpecError(f"at most {MAX_REGEX_IN_STRUCTURED} regex are allowed in a JSON pattern", kind=INVALID_FILTER_PATTERN)
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
        raise SpecError("a space-delimited pattern needs field names inside [ ], like [ip, user, status]", column=offset + 1, kind=INVALID_FILTER_PATTERN)
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
            raise SpecError(f"{slots[-1].name!r} is not a field name", column=column, kind=INVALID_FILTER_PATTERN)
    if sum(1 for s in slots if s.name == "...") > MAX_ELLIPSES:
        raise SpecError(f"at most {MAX_ELLIPSES} '...' in one pattern", kind=INVALID_FILTER_PATTERN)
    names = [s.name for s in slots if s.name not in (None, "...")]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise SpecError(f"field {duplicates[0]!r} is named twice", kind=INVALID_FILTER_PATTERN)
    regexes = 0
    for slot in slots:
        if slot.condition is None:
            continue
        regexes += _count_regex(slot.condition)
        for ref in _refs(slot.condition):
            if ref not in names:
                raise SpecError(f"a condition names {ref!r}, which is not one of this pattern's fields "
                              f"({', '.join(names)})", kind=INVALID_FILTER_PATTERN)
    if regexes > MAX_REGEX_IN_STRUCTURED:
        raise SpecError(f"at most {MAX_REGEX_IN_STRUCTURED} regex are allowed in a space-delimited pattern", kind=INVALID_FILTER_PATTERN)
    return FilterPattern(text, "delimited", slots=tuple(slots))


# ---------------------------------------------------------------- matching

def _match_all(pattern: FilterPattern, message: str) -> Match:
    return Match(True, {}, Msg("sim.filter.empty"))


def _match_terms(pattern: FilterPattern, message: str) -> Match:
    for term in pattern.terms:
        if term.mode == "all" and term.text not in message:
            return Match(False, {}, Msg("sim.filter.missing", {"term": repr(term.text)}))
        if term.mode == "not" and term.text in message:
            return Match(False, {}, Msg("sim.filter.excluded", {"term": repr(term.text)}))
    optional = [t.text for t in pattern.terms if t.mode == "any"]
    if optional:
        present = [t for t in optional if t in message]
        if not present:
            return Match(False, {}, Msg("sim.filter.none_of", {"terms": ", ".join(map(repr, optional))}))
        return Match(True, {}, Msg("sim.filter.one_of", {"term": repr(present[0])}))
    return Match(True, {}, Msg("sim.filter.all_terms"))


def _match_regex(pattern: FilterPattern, message: str) -> Match:
    found = pattern.regex.search(message)
    if found:
        return Match(True, {}, Msg("sim.filter.regex_found", {"text": repr(found.group(0))}))
    return Match(False, {}, Msg("sim.filter.regex_none"))


def _match_json(pattern: FilterPattern, message: str) -> Match:
    try:
        document = json.loads(message)
    except ValueError:
        return Match(False, {}, Msg("sim.filter.not_json"))
    if not isinstance(document, dict):
        return Match(False, {}, Msg("sim.filter.not_object"))
    lookup = lambda ref: select(document, ref)  # noqa: E731
    matched = _evaluate(pattern.expression, lookup, numbers_from_text=False)
    fields = {}
    for ref in pattern.field_names():
        present, value = select(document, ref)
        if present and not isinstance(value, (dict, list)):
            fields[ref] = value
    return Match(matched, fields, Msg("sim.filter.json_hold" if matched else "sim.filter.json_fail"))


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
        return Match(False, {}, Msg("sim.filter.field_count.at_least" if has_ellipsis else "sim.filter.field_count.exact",
                                    {"count": len(tokens), "expected": fixed}))
    for assignment in _assignments(pattern.slots, len(tokens)):
        values = {slot.name: tokens[start] for slot, start, stop in assignment if slot.name not in (None, "...")}
        lookup = lambda ref: (ref in values, values.get(ref))  # noqa: E731, B023 (called at once, inside this iteration)
        if all(slot.condition is None or _evaluate(slot.condition, lookup, numbers_from_text=True)
               for slot, _, _ in assignment):
            return Match(True, _extracted(assignment, tokens), Msg("sim.filter.fields_hold"))
        if not has_ellipsis:
            break
    return Match(False, {}, Msg("sim.filter.field_fails"))


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
