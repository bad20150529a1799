"""What counts as "the same answer": units, numbers, forgiving text, and give-away checks.

Every question type compares answers through here, so "60 seconds", "1 minute" and
"1 min" are one option, a typed "1분" is right for "1 minute", and a stem that already
states its answer is caught the same way for every type.
"""

from __future__ import annotations

import math
import re
import unicodedata
from typing import Any

from studycli.models import answer_kind, render_answer

# A meaning key: a hashable, comparable tuple ("number", dimension, value), ("text", key), ...
MeaningKey = tuple[Any, ...]


def show(answer: Any) -> str:
    """An answer in its canonical (English) form, as meanings are compared: like `render_answer`,
    but '1 minute', not '1 minutes'. What a learner sees comes from `Fact.show` in their language."""
    text = render_answer(answer)
    if answer_kind(answer) == "number" and answer["value"] == 1:
        unit = answer["unit"]
        if unit.endswith("s") and unit[:-1].casefold() in _UNIT_TABLE and text.endswith(unit):
            text = text[: -len(unit)] + unit[:-1]
    return text


# --- units and numbers ------------------------------------------------------------------

# unit alias -> (dimension, factor to the dimension's base unit). AWS quotes KB/MB/GB
# in binary multiples for log events and payloads, so they convert by 1024.
_UNIT_TABLE: dict[str, tuple[str, float]] = {}


def _units(dimension: str, factor: float, *aliases: str) -> None:
    for alias in aliases:
        _UNIT_TABLE[alias] = (dimension, factor)


_units("time", 0.001, "ms", "millisecond", "milliseconds", "밀리초")
_units("time", 1, "s", "sec", "secs", "second", "seconds", "초")
_units("time", 60, "m", "min", "mins", "minute", "minutes", "분")
_units("time", 3600, "h", "hr", "hrs", "hour", "hours", "시간")
_units("time", 86400, "d", "day", "days", "일")
_units("time", 604800, "w", "wk", "week", "weeks", "주", "주일")
_units("bytes", 1, "b", "byte", "bytes", "바이트")
_units("bytes", 1024, "kb", "kib", "kilobyte", "kilobytes")
_units("bytes", 1024 ** 2, "mb", "mib", "megabyte", "megabytes")
_units("bytes", 1024 ** 3, "gb", "gib", "gigabyte", "gigabytes")
_units("bytes", 1024 ** 4, "tb", "tib", "terabyte", "terabytes")
_units("money", 1, "usd", "$", "dollar", "dollars", "달러")
_units("money", 0.01, "cent", "cents", "센트", "¢")
_units("percent", 1, "%", "percent", "퍼센트", "pct")

# "30 dimensions", "30-dimensions", "$0.003", "1,000 KB": a hyphen may join the number to its unit.
_NUMBER_RE = re.compile(r"^\s*(\$)?\s*([+-]?(?:\d[\d,]*(?:\.\d+)?|\.\d+))\s*(?:-\s*)?(.*?)\s*\.?\s*$")


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", str(text)).casefold().strip()


def unit_of(unit: str) -> tuple[str, float]:
    """(dimension, factor) of a unit; an unknown unit is its own dimension (plural `s` ignored)."""
    key = _fold(unit).replace(" ", "").rstrip(".")
    if key in _UNIT_TABLE:
        return _UNIT_TABLE[key]
    if key.endswith("s") and key[:-1] in _UNIT_TABLE:
        return _UNIT_TABLE[key[:-1]]
    return ("unit:" + (key[:-1] if key.endswith("s") and len(key) > 2 else key), 1.0)


def parse_quantity(text: str) -> tuple[float, str | None] | None:
    """'60', '60 seconds', '1분', '$0.003', '1,000 KB' -> (value, unit or None); None if not a number."""
    m = _NUMBER_RE.match(unicodedata.normalize("NFKC", str(text)))
    if not m:
        return None
    dollar, digits, unit = m.groups()
    try:
        value = float(digits.replace(",", ""))
    except ValueError:
        return None
    if dollar:
        if unit:
            return None
        unit = "USD"
    return value, (unit or None)


def _canonical(value: float, unit: str) -> tuple[str, float]:
    dimension, factor = unit_of(unit)
    return dimension, value * factor


def _close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)


# --- sameness -----------------------------------------------------------------------------

def normalise_text(text: str) -> str:
    """Forgiving text key: case, width, spaces, hyphens, underscores, dots and an Amazon/AWS prefix."""
    folded = _fold(text)
    folded = re.sub(r"^(amazon|aws)[\s-]+", "", folded)
    return re.sub(r"[\s\-_./·,'\"()\[\]]+", "", folded)


def meaning_key(answer: Any) -> MeaningKey:
    """Two options with the same key mean the same thing (60 seconds == 1 minute == '1 min')."""
    if isinstance(answer, dict) and set(answer) == {"value", "unit"}:
        dimension, value = _canonical(float(answer["value"]), answer["unit"])
        return ("number", dimension, round(value, 9))
    if isinstance(answer, str):
        q = parse_quantity(answer)
        if q and q[1]:
            dimension, value = _canonical(q[0], q[1])
            return ("number", dimension, round(value, 9))
        return ("text", normalise_text(answer))
    if isinstance(answer, list):
        return ("list", tuple(sorted(meaning_key(a) for a in answer)))
    return ("mapping", tuple(sorted((normalise_text(k), meaning_key(v)) for k, v in answer.items())))


# Korean counters say "how many" and nothing about what: "30개" answers "30 dimensions".
COUNTERS = frozenset({"개", "건", "회", "번", "가지", "곳", "명"})


def same_typed_answer(given: str, expected: str) -> bool:
    """Does a typed answer say the same as an accepted one? Numbers may omit the unit or convert,
    and a Korean counter (30개, 5회) counts as no unit."""
    g, e = parse_quantity(given), parse_quantity(expected)
    if g and e:
        if g[1] in COUNTERS:
            g = (g[0], None)
        if g[1] is None or e[1] is None:
            return _close(g[0], e[0])
        (gd, gv), (ed, ev) = _canonical(g[0], g[1]), _canonical(e[0], e[1])
        return gd == ed and _close(gv, ev)
    return bool(normalise_text(given)) and normalise_text(given) == normalise_text(expected)


# --- give-away check ----------------------------------------------------------------------

def _hangul(text: str) -> bool:
    return any("가" <= c <= "힣" for c in str(text))


def _search_form(text: str, fold: bool = True) -> str:
    text = unicodedata.normalize("NFKC", str(text)).strip()
    return re.sub(r"[\s\-_/]+", " ", text.casefold() if fold else text)


def contains(stem: str, needle: str) -> bool:
    """Does `stem` state `needle` (as a word, not inside another Latin word)?"""
    # An all-capitals constant (ALARM, OK) is only given away by itself, not by the
    # ordinary word ("a CloudWatch alarm"); everything else is compared without case.
    letters = [c for c in str(needle) if c.isalpha()]
    fold = not (letters and all(c.isupper() for c in letters))
    needle = _search_form(re.sub(r"^(amazon|aws)\s+", "", str(needle).strip(), flags=re.IGNORECASE), fold)
    if not needle:
        return False
    if _hangul(needle):
        # Korean writes particles and endings onto the word (구독 필터를), so a Korean needle
        # is given away wherever its syllables occur.
        return needle in _search_form(stem, fold)
    # Only Latin letters and digits count as "inside a word": Korean particles attach to
    # the word they follow (INSUFFICIENT_DATA는), which must still count as a give-away.
    pattern = r"(?<![A-Za-z0-9])" + re.escape(needle) + r"(?![A-Za-z0-9])"
    return re.search(pattern, _search_form(stem, fold)) is not None


def _number_in(stem: str, number: dict[str, Any]) -> bool:
    value = number["value"]
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    dimension, factor = unit_of(number["unit"])
    aliases = [a for a, (d, f) in _UNIT_TABLE.items() if d == dimension and f == factor] or [number["unit"]]
    digits = re.escape(f"{value}").replace(",", "")
    units = "|".join(re.escape(_fold(a)) for a in sorted(aliases, key=len, reverse=True))
    pattern = r"(?<![\d.,])\$?" + digits + r"\s*(?:" + units + r")(?![a-z])"
    text = _fold(stem).replace(",", "")
    return re.search(pattern, text) is not None


def gives_away(stem: str, answer: Any) -> bool:
    """True when the stem already states (one of) the answer(s)."""
    kind = answer_kind(answer)
    if kind == "number":
        return _number_in(stem, answer) or contains(stem, show(answer))
    if kind == "text":
        return contains(stem, answer)
    if kind == "list":
        return any(gives_away(stem, a) for a in answer)
    return any(contains(stem, v) for v in answer.values())


def leaks(stem: str, fact: Any) -> bool:
    """Does `stem` give away the answer of `fact` by meaning: its value in any unit or language
    ("60초" for "1 minute", "지표 경보" for "Metric alarm"), or a spelling the fact accepts?"""
    from studycli.i18n import CATALOGUES

    if gives_away(stem, fact.answer):
        return True
    values = list(fact.answer) if answer_kind(fact.answer) == "list" else [fact.answer]
    if answer_kind(fact.answer) == "mapping":
        values = list(fact.answer.values())
    for value in values:
        for code in CATALOGUES:
            shown = fact.show(value, code)
            if shown != show(value) and contains(stem, shown):
                return True
        if answer_kind(value) == "number" and _count_in(stem, value):
            return True
    return any(len(normalise_text(a)) > 2 and contains(stem, a) for a in fact.accept)


def _count_in(stem: str, number: dict[str, Any]) -> bool:
    """A count written with a Korean counter (10,000개, 5회) for a number whose unit is not time, size or money."""
    if unit_of(number["unit"])[0] in ("time", "bytes", "money", "percent"):
        return False
    value = number["value"]
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    counters = "|".join(sorted(COUNTERS, key=len, reverse=True))
    return re.search(r"(?<![\d.,])" + re.escape(f"{value}") + r"\s*(?:" + counters + ")", _fold(stem).replace(",", "")) \
        is not None
