"""The inside of `{ ... }` and `[ ... ]`: tokens, conditions, `$.selectors`, and the regex subset."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from studycli.errors import INVALID_FILTER_PATTERN, SpecError
from studycli.sims.logs.filters.values import (
    IDENT_RE,
    MAX_NESTING,
    NUMBER_RE,
    OPERATORS,
    REGEX_SYMBOLS,
    SELECTOR_PART_RE,
    BoolOp,
    Comparison,
    Node,
    Value,
)
from studycli.sims.regex import Regex, RegexError


@dataclass(frozen=True)
class Token:
    kind: str    # ref, op, and, or, lparen, rparen, string, regex, word
    text: str
    column: int  # 1-based, in the whole pattern


def tokenize(body: str, offset: int, json_mode: bool) -> list[Token]:
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
            raise SpecError(f"'{ch}' on its own; use '&&' for AND and '||' for OR", column=column,
                            kind=INVALID_FILTER_PATTERN)
        elif ch == "(":
            tokens.append(Token("lparen", ch, column)); i += 1
        elif ch == ")":
            tokens.append(Token("rparen", ch, column)); i += 1
        elif ch in "=!<>":
            op = next((o for o in OPERATORS if body.startswith(o, i)), None)
            if op is None:
                raise SpecError(f"'{ch}' is not an operator (use =, !=, <, <=, > or >=)", column=column,
                                kind=INVALID_FILTER_PATTERN)
            tokens.append(Token("op", op, column)); i += len(op)
        elif ch == '"':
            end, text = read_quoted(body, i, offset)
            tokens.append(Token("string", text, column)); i = end
        elif ch == "%":
            end = body.find("%", i + 1)
            if end < 0:
                raise SpecError("regex opened with '%' is never closed with '%'", column=column,
                                kind=INVALID_FILTER_PATTERN)
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


def read_quoted(text: str, start: int, offset: int) -> tuple[int, str]:
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


class ExprParser:
    """Recursive descent over tokens: () binds tightest, then &&, then || (as AWS documents)."""

    def __init__(self, tokens: list[Token], end_column: int, json_mode: bool):
        self.tokens, self.pos, self.end_column, self.json_mode = tokens, 0, end_column, json_mode
        self.depth = 0

    def peek(self) -> Token | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self) -> Token:
        token = self.peek()
        if token is None:
            raise SpecError("the pattern ends where a condition was expected", column=self.end_column,
                            kind=INVALID_FILTER_PATTERN)
        self.pos += 1
        return token

    def parse(self) -> Node:
        node = self.parse_or()
        extra = self.peek()
        if extra is not None:
            hint = " (join conditions with && or ||)" if extra.kind in ("ref", "word") else ""
            raise SpecError(f"unexpected {extra.text!r}{hint}", column=extra.column, kind=INVALID_FILTER_PATTERN)
        return node

    def at(self, kind: str) -> bool:
        token = self.peek()
        return token is not None and token.kind == kind

    def parse_or(self) -> Node:
        parts = [self.parse_and()]
        while self.at("or"):
            self.take()
            parts.append(self.parse_and())
        return parts[0] if len(parts) == 1 else BoolOp("||", tuple(parts))

    def parse_and(self) -> Node:
        parts = [self.parse_unary()]
        while self.at("and"):
            self.take()
            parts.append(self.parse_unary())
        return parts[0] if len(parts) == 1 else BoolOp("&&", tuple(parts))

    def parse_unary(self) -> Node:
        token = self.take()
        if token.kind == "lparen":
            self.depth += 1
            if self.depth > MAX_NESTING:
                raise SpecError(f"parentheses nest more than {MAX_NESTING} deep", column=token.column,
                                kind=INVALID_FILTER_PATTERN)
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
                raise SpecError(f"{op_token.text} works only in JSON patterns", column=op_token.column,
                                kind=INVALID_FILTER_PATTERN)
            return Comparison(ref, self.parse_keyword_test(op_token))
        if op_token.kind != "op":
            raise SpecError(f"expected a comparison operator after {ref!r}, found {op_token.text!r}",
                            column=op_token.column, kind=INVALID_FILTER_PATTERN)
        value_token = self.peek()
        if value_token is None or value_token.kind not in ("string", "regex", "word"):
            column = value_token.column if value_token else self.end_column
            raise SpecError(f"expected a value after '{op_token.text}'", column=column, kind=INVALID_FILTER_PATTERN)
        self.take()
        value = self.parse_value(value_token)
        if op_token.text not in ("=", "!=") and value.number is None:
            raise SpecError(f"'{op_token.text}' compares numbers, but {value.describe()!r} is not a number",
                            column=value_token.column, kind=INVALID_FILTER_PATTERN)
        return Comparison(ref, op_token.text, value)

    def parse_ref(self, token: Token) -> str:
        if self.json_mode:
            if token.kind != "ref":
                raise SpecError(f"expected a selector starting with '$.' (like $.eventType), found {token.text!r}",
                                column=token.column, kind=INVALID_FILTER_PATTERN)
            return _check_selector(token)
        if token.kind != "word" or not IDENT_RE.fullmatch(token.text):
            raise SpecError(f"expected a field name, found {token.text!r}", column=token.column,
                            kind=INVALID_FILTER_PATTERN)
        return token.text

    def parse_keyword_test(self, first: Token) -> str:
        second = self.take()
        phrase = f"{first.text.upper()} {second.text.upper()}"
        if phrase in ("IS NULL", "IS TRUE", "IS FALSE", "NOT EXISTS"):
            return phrase
        raise SpecError(f"{first.text} {second.text!r}: expected IS NULL, IS TRUE, IS FALSE or NOT EXISTS",
                        column=second.column, kind=INVALID_FILTER_PATTERN)

    def parse_value(self, token: Token) -> Value:
        if token.kind == "regex":
            return Value(token.text, regex=compile_regex(token.text, token.column))
        if token.kind == "word" and NUMBER_RE.fullmatch(token.text):
            return Value(token.text, number=float(token.text))
        return Value(token.text)


def _check_selector(token: Token) -> str:
    text = token.text
    if not text.startswith("$."):
        raise SpecError(f"selector {text!r} must start with '$.' (the root of the JSON event)", column=token.column,
                        kind=INVALID_FILTER_PATTERN)
    rest = text[1:]
    pos = 0
    while pos < len(rest):
        part = SELECTOR_PART_RE.match(rest, pos)
        if part is None:
            raise SpecError(f"selector {text!r} is malformed near {rest[pos:]!r} "
                          "(use .name and [index], e.g. $.users[0].id)", column=token.column, kind=INVALID_FILTER_PATTERN)
        pos = part.end()
    return text


def select(document: Any, selector: str) -> tuple[bool, Any]:
    """Follow `$.a.b[0]` through a parsed JSON document: (present, value)."""
    node = document
    for part in SELECTOR_PART_RE.finditer(selector[1:]):
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


def compile_regex(body: str, column: int) -> Regex:
    """The `%...%` regex subset: letters, digits, a few symbols and operators, no ( )."""
    if not body:
        raise SpecError("empty regex '%%'", column=column, kind=INVALID_FILTER_PATTERN)
    for offset, ch in enumerate(body):
        if ch in "()":
            raise SpecError("'(' and ')' are not supported in filter-pattern regex (no subpatterns)",
                            column=column + offset + 1, kind=INVALID_FILTER_PATTERN)
        if ord(ch) > 127:
            raise SpecError(f"multi-byte character {ch!r} is not supported in filter-pattern regex",
                            column=column + offset + 1, kind=INVALID_FILTER_PATTERN)
        if not (ch.isalnum() or ch in REGEX_SYMBOLS):
            raise SpecError(f"character {ch!r} is not supported in filter-pattern regex", column=column + offset + 1,
                            kind=INVALID_FILTER_PATTERN)
    try:
        return Regex(body)  # linear time: no regex and no event can make matching hang
    except RegexError as err:
        raise SpecError(f"regex %{body}% does not compile: {err}", column=column, kind=INVALID_FILTER_PATTERN) from None
