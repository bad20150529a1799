"""Filter pattern text -> `FilterPattern`: which of the five shapes, and every part of it checked."""

from __future__ import annotations

from studycli.errors import INVALID_FILTER_PATTERN, SpecError
from studycli.sims.logs.filters.matching import FilterPattern, Match, Slot, Term
from studycli.sims.logs.filters.syntax import ExprParser, compile_regex, read_quoted, tokenize
from studycli.sims.logs.filters.values import (
    IDENT_RE,
    MAX_ELLIPSES,
    MAX_PATTERN_LENGTH,
    MAX_REGEX_IN_STRUCTURED,
    count_regex,
    refs,
)


def parse_filter_pattern(text: str) -> FilterPattern:
    """Parse a filter pattern or raise SpecError(kind=InvalidFilterPattern) saying what is wrong."""
    if not isinstance(text, str):
        raise SpecError("the pattern must be text", kind=INVALID_FILTER_PATTERN)
    if len(text) > MAX_PATTERN_LENGTH:
        raise SpecError(f"the pattern is {len(text)} characters; AWS allows at most {MAX_PATTERN_LENGTH}",
                        kind=INVALID_FILTER_PATTERN)
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
            i, word = read_quoted(text, i, offset)
            if i < len(text) and not text[i].isspace():
                raise SpecError(f"text {text[i:].split()[0]!r} runs straight on from a quoted phrase; "
                              "put a space between terms", column=offset + i + 1, kind=INVALID_FILTER_PATTERN)
        else:
            j = i
            while j < len(text) and not text[j].isspace():
                if text[j] == '"':
                    raise SpecError("a double quote in the middle of a term; quote the whole term instead",
                                    column=offset + j + 1, kind=INVALID_FILTER_PATTERN)
                j += 1
            word, i = text[i:j], j
        if not word:
            raise SpecError("an empty quoted term \"\" matches nothing useful; remove it", column=column,
                            kind=INVALID_FILTER_PATTERN)
        terms.append(Term(word, mode))
    if pending:
        sign = "?" if pending[0] == "any" else "-"
        raise SpecError(f"'{sign}' must be followed by a term", column=pending[1], kind=INVALID_FILTER_PATTERN)
    return tuple(terms)


def _closing_body(text: str, stripped: str, lead: int, opener: str, closer: str, what: str) -> tuple[str, int]:
    if not stripped.endswith(closer):
        raise SpecError(f"{what} pattern opened with '{opener}' must end with '{closer}'", column=lead + len(stripped),
                        kind=INVALID_FILTER_PATTERN)
    return stripped[1:-1], lead + 1


def _parse_json(text: str, stripped: str, lead: int) -> FilterPattern:
    body, offset = _closing_body(text, stripped, lead, "{", "}", "a JSON")
    if not body.strip():
        raise SpecError("a JSON pattern needs a condition inside { }, like { $.level = \"ERROR\" }", column=offset + 1,
                        kind=INVALID_FILTER_PATTERN)
    tokens = tokenize(body, offset, json_mode=True)
    expression = ExprParser(tokens, offset + len(body) + 1, json_mode=True).parse()
    if count_regex(expression) > MAX_REGEX_IN_STRUCTURED:
        raise SpecError(f"at most {MAX_REGEX_IN_STRUCTURED} regex are allowed in a JSON pattern",
                        kind=INVALID_FILTER_PATTERN)
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
        raise SpecError("a space-delimited pattern needs field names inside [ ], like [ip, user, status]",
                        column=offset + 1, kind=INVALID_FILTER_PATTERN)
    pieces = _split_slots(body, offset)
    slots: list[Slot] = []
    for raw, start in pieces:
        piece = raw.strip()
        column = start + (len(raw) - len(raw.lstrip())) + 1
        if not piece:
            slots.append(Slot(None))
        elif piece in ("...", "…"):
            slots.append(Slot("..."))
        elif IDENT_RE.fullmatch(piece):
            slots.append(Slot(piece))
        else:
            tokens = tokenize(raw, start, json_mode=False)
            condition = ExprParser(tokens, start + len(raw) + 1, json_mode=False).parse()
            slots.append(Slot(refs(condition)[0], condition))
        if slots[-1].name and slots[-1].name != "..." and IDENT_RE.fullmatch(slots[-1].name) is None:
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
        regexes += count_regex(slot.condition)
        for ref in refs(slot.condition):
            if ref not in names:
                raise SpecError(f"a condition names {ref!r}, which is not one of this pattern's fields "
                              f"({', '.join(names)})", kind=INVALID_FILTER_PATTERN)
    if regexes > MAX_REGEX_IN_STRUCTURED:
        raise SpecError(f"at most {MAX_REGEX_IN_STRUCTURED} regex are allowed in a space-delimited pattern",
                        kind=INVALID_FILTER_PATTERN)
    return FilterPattern(text, "delimited", slots=tuple(slots))



def match_event(pattern_text: str, message: str) -> Match:
    """Parse `pattern_text` and test one event message against it."""
    return parse_filter_pattern(pattern_text).match(message)
