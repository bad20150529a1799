"""The quiz generator: exam-grade questions made from facts, and their grading.

Pure: no clock, no printing, no prompts; randomness only from the `random.Random`
passed in, so the same seed and the same study history (the weights) give the same
questions in the same order, whether they end up as `--json` or in a session.

Question types and what they are made from:

- `single`     one of 4 options; text, number, list (one member) and mapping (one pair) facts
- `multi`      "choose two/three" from 5-6 options, scored all-or-nothing; list facts
- `true_false` a statement that is true, or false because a same-family wrong answer was
               swapped in; every fact
- `cloze`      a typed answer, graded forgivingly (case, spaces, hyphens, units, `accept`);
               text and number facts
- `matching`   items to options: a mapping fact's pairs, or several facts of one family

Wrong answers come from the fact's confusers, from the answers of the other facts of
its family and, for numbers, from plausible values of the same unit. Every option is
compared by meaning (`meaning_key`) before it is used, so no wrong option is a correct
answer in disguise and no two options say the same thing. A question whose stem
contains its own answer is thrown away.

The wrong-answer notebook (`mistakes_notebook`) is here too: it reads answer history
and says which facts are still owed two right answers on different days.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from typing import Any

from studycli.models import Fact, answer_kind, render_answer

TYPES = ("single", "multi", "true_false", "cloze", "matching")
SINGLE_OPTIONS = 4
MAX_OPTIONS = 6          # plain mode letters options A-F
MULTI_MIN_WRONG = 2      # a "choose N" question needs at least two wrong options to mean anything
MATCHING_ITEMS = (3, 4)  # family matching: how many facts are matched at once
CLOZE_MAX_WORDS = 5      # longer answers are unfair to type; those facts get other types


@dataclass(frozen=True)
class Question:
    """One generated question. `correct` depends on the type:

    option indexes (single, multi, true_false), accepted answers (cloze), or
    `[item index, option index]` pairs (matching; the items are in `items`).
    `why` explains each option (same order as `options`).
    """

    id: str
    type: str
    topic: str
    stem: str
    options: tuple[str, ...]
    correct: tuple
    explanation: str
    fact_ids: tuple[str, ...]
    source_lines: tuple[int, ...]
    choose: int = 1
    items: tuple[str, ...] = ()
    why: tuple[str, ...] = ()
    erratum: str | None = None
    answer_text: str = ""   # the right answer, rendered for feedback

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id, "type": self.type, "topic": self.topic, "stem": self.stem,
            "options": list(self.options),
            "correct": [list(c) if isinstance(c, tuple) else c for c in self.correct],
            "explanation": self.explanation, "fact_ids": list(self.fact_ids),
            "source_lines": list(self.source_lines), "choose": self.choose,
            "items": list(self.items), "why": list(self.why), "erratum": self.erratum,
            "answer": self.answer_text,
        }


# --- words -----------------------------------------------------------------------------

def _t(lang: str, ko: str, en: str) -> str:
    """Text in the asked language; `both` shows Korean then English."""
    if lang == "ko":
        return ko
    if lang == "both":
        return ko if ko == en else f"{ko} / {en}"
    return en


def _prompt(fact: Fact, lang: str) -> str:
    return _t(lang, fact.ko, fact.en)


def _explain(fact: Fact, lang: str) -> str:
    return _t(lang, fact.explain["ko"], fact.explain["en"])


def _erratum(fact: Fact, lang: str) -> str | None:
    e = fact.erratum
    if not e:
        return None
    return _t(lang, f"노트에는 '{e.notes_said}'라고 되어 있지만 맞는 값은 {e.correct} ({e.reference})",
              f"The notes say '{e.notes_said}'; correct: {e.correction('en')} ({e.reference})")


def _render(answer: Any) -> str:
    """An answer as an option reads: like `render_answer`, but '1 minute', not '1 minutes'."""
    text = render_answer(answer)
    if answer_kind(answer) == "number" and answer["value"] == 1:
        unit = answer["unit"]
        if unit.endswith("s") and unit[:-1].casefold() in _UNIT_TABLE and text.endswith(unit):
            text = text[: -len(unit)] + unit[:-1]
    return text


# --- normalisation: what counts as "the same answer" -----------------------------------

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


def normalise_text(text: str) -> str:
    """Forgiving text key: case, width, spaces, hyphens, underscores, dots and an Amazon/AWS prefix."""
    folded = _fold(text)
    folded = re.sub(r"^(amazon|aws)[\s-]+", "", folded)
    return re.sub(r"[\s\-_./·,'\"()\[\]]+", "", folded)


def meaning_key(answer: Any) -> tuple:
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


def same_typed_answer(given: str, expected: str) -> bool:
    """Does a typed answer say the same as an accepted one? Numbers may omit the unit or convert."""
    g, e = parse_quantity(given), parse_quantity(expected)
    if g and e:
        if g[1] is None or e[1] is None:
            return _close(g[0], e[0])
        (gd, gv), (ed, ev) = _canonical(*g), _canonical(*e)
        return gd == ed and _close(gv, ev)
    return bool(normalise_text(given)) and normalise_text(given) == normalise_text(expected)


# --- give-away check ----------------------------------------------------------------------

def _search_form(text: str, fold: bool = True) -> str:
    text = unicodedata.normalize("NFKC", str(text)).strip()
    return re.sub(r"[\s\-_/]+", " ", text.casefold() if fold else text)


def _contains(stem: str, needle: str) -> bool:
    # An all-capitals constant (ALARM, OK) is only given away by itself, not by the
    # ordinary word ("a CloudWatch alarm"); everything else is compared without case.
    letters = [c for c in str(needle) if c.isalpha()]
    fold = not (letters and all(c.isupper() for c in letters))
    needle = _search_form(re.sub(r"^(amazon|aws)\s+", "", str(needle).strip(), flags=re.IGNORECASE), fold)
    if not needle:
        return False
    # Only Latin letters and digits count as "inside a word": Korean particles attach to
    # the word they follow (INSUFFICIENT_DATA는), which must still count as a give-away.
    pattern = r"(?<![A-Za-z0-9])" + re.escape(needle) + r"(?![A-Za-z0-9])"
    return re.search(pattern, _search_form(stem, fold)) is not None


def _number_in(stem: str, number: dict) -> bool:
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
        return _number_in(stem, answer) or _contains(stem, _render(answer))
    if kind == "text":
        return _contains(stem, answer)
    if kind == "list":
        return any(gives_away(stem, a) for a in answer)
    return any(_contains(stem, v) for v in answer.values())


# --- wrong answers ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Distractor:
    value: Any
    note: dict[str, str]   # why it is wrong, {ko, en}


def _family_answers(fact: Fact, family: Sequence[Fact]) -> list[Distractor]:
    """Answers of the other facts of the family, each saying what it really answers."""
    out = []
    for other in family:
        if other.id == fact.id:
            continue
        kind = other.answer_kind
        values = [other.answer] if kind in ("text", "number") else other.answer if kind == "list" else []
        for value in values:
            note = ({"ko": f"이것은 다음의 답이다: {other.ko}", "en": f"This is the answer to: {other.en}"}
                    if kind != "list" else
                    {"ko": f"이것은 다음에 속한다: {other.ko}", "en": f"This belongs to: {other.en}"})
            out.append(Distractor(value, note))
    return out


def _confusers(fact: Fact) -> list[Distractor]:
    note = {"ko": "자주 헷갈리는 오답이다.", "en": "A common mix-up; not what this asks for."}
    return [Distractor(c, note) for c in fact.confusers]


def _plausible_numbers(number: dict) -> list[Distractor]:
    """Values of the same unit a learner might confuse with the right one."""
    value = number["value"]
    candidates: list[float] = []
    if isinstance(value, int) or float(value).is_integer():
        v = int(value)
        candidates = [v * 2, v * 5, v * 10, v // 2 if v % 2 == 0 else v * 3, v + 1, v - 1, v * 3, v * 4]
        candidates = [c for c in candidates if c > 0]
    else:
        v = float(value)
        candidates = [round(v * 10, 10), round(v / 10, 10), round(v * 2, 10), round(v / 2, 10), round(v * 4, 10)]
    note = {"ko": "값이 틀렸다.", "en": "Wrong value."}
    return [Distractor({"value": c, "unit": number["unit"]}, note) for c in candidates]


def distractors(fact: Fact, family: Sequence[Fact], rng, exclude: Iterable[Any] = ()) -> list[Distractor]:
    """Wrong answers for `fact`, best first in rng order: confusers and family answers, then numbers.

    Never a value meaning the same as a correct answer (or anything in `exclude`),
    never two values meaning the same.
    """
    correct = fact.answer if fact.answer_kind == "list" else [fact.answer]
    taken = {meaning_key(c) for c in correct} | {meaning_key(e) for e in exclude}
    primary = _confusers(fact) + _family_answers(fact, family)
    rng.shuffle(primary)
    fill = _plausible_numbers(fact.answer) if fact.answer_kind == "number" else []
    # A number's wrong answers keep its kind of unit: "50 log groups" beside "30 dimensions"
    # would be ruled out by its unit alone.
    dimension = meaning_key(fact.answer)[1] if fact.answer_kind == "number" else None
    out = []
    for d in primary + fill:
        if isinstance(d.value, (dict, str)) and not (isinstance(d.value, dict) and set(d.value) != {"value", "unit"}):
            key = meaning_key(d.value)
            if key in taken or not _render(d.value).strip():
                continue
            if dimension is not None and (key[0] != "number" or key[1] != dimension):
                continue
            taken.add(key)
            out.append(d)
    return out


# --- building one question ------------------------------------------------------------------

@dataclass
class _Ctx:
    """What a builder needs besides the fact: the family, rng, language, and where it sits."""

    by_family: dict[str, list[Fact]]
    rng: Any
    lang: str
    position: int

    def family(self, fact: Fact) -> list[Fact]:
        return self.by_family.get(fact.family, [fact])


def _qid(fact_ids: Sequence[str], qtype: str, position: int) -> str:
    return f"{position + 1:03d}-{qtype}-{'+'.join(fact_ids)}"


def _note(d: dict[str, str], lang: str) -> str:
    return _t(lang, d["ko"], d["en"])


def _base(fact: Fact, ctx: _Ctx, qtype: str) -> dict[str, Any]:
    return dict(id=_qid([fact.id], qtype, ctx.position), type=qtype, topic=fact.topic,
                explanation=_explain(fact, ctx.lang), fact_ids=(fact.id,),
                source_lines=tuple(sorted(set(fact.source_lines))), erratum=_erratum(fact, ctx.lang),
                answer_text=_render(fact.answer))


def _shuffled_options(right: list[tuple[str, str]], wrong: list[tuple[str, str]], rng):
    """Shuffle (text, why) pairs; return options, why notes and the indexes of the right ones."""
    tagged = [(text, why, True) for text, why in right] + [(text, why, False) for text, why in wrong]
    rng.shuffle(tagged)
    options = tuple(t for t, _, _ in tagged)
    return options, tuple(w for _, w, _ in tagged), tuple(i for i, (_, _, ok) in enumerate(tagged) if ok)


def _right_note(lang: str) -> str:
    return _t(lang, "정답.", "Correct.")


def build_single(fact: Fact, ctx: _Ctx) -> Question | None:
    lang, kind = ctx.lang, fact.answer_kind
    if kind == "mapping":
        return _single_from_mapping(fact, ctx)
    pool = distractors(fact, ctx.family(fact), ctx.rng)
    if len(pool) < SINGLE_OPTIONS - 1:
        return None
    wrong = pool[:SINGLE_OPTIONS - 1]
    if kind == "list":
        right_value = ctx.rng.choice(fact.answer)
        # The fact's own prompt may say "choose all"; quoted, it reads as the question whose
        # answers one option belongs to.
        stem = _t(lang, f"'{fact.ko}' — 다음 중 그 답에 속하는 것은?",
                  f"“{fact.en}” — which of these is one of the answers?")
    else:
        right_value = fact.answer
        stem = _prompt(fact, lang)
    options, why, correct = _shuffled_options(
        [(_render(right_value), _right_note(lang))],
        [(_render(d.value), _note(d.note, lang)) for d in wrong], ctx.rng)
    if gives_away(stem, fact.answer):
        return None
    return Question(stem=stem, options=options, correct=correct, why=why, choose=1, **_base(fact, ctx, "single"))


def _single_from_mapping(fact: Fact, ctx: _Ctx) -> Question | None:
    lang = ctx.lang
    key = ctx.rng.choice(sorted(fact.answer))
    right = fact.answer[key]
    others = [Distractor(v, {"ko": f"이것은 '{k}'의 짝이다.", "en": f"This goes with '{k}'."})
              for k, v in sorted(fact.answer.items()) if k != key]
    for other in ctx.family(fact):
        if other.id != fact.id and other.answer_kind == "mapping":
            others += [Distractor(v, {"ko": f"이것은 '{k}'의 짝이다 ({other.ko}).",
                                      "en": f"This goes with '{k}' ({other.en})."})
                       for k, v in sorted(other.answer.items())]
    ctx.rng.shuffle(others)
    taken, wrong = {meaning_key(right)}, []
    for d in others:
        if meaning_key(d.value) not in taken:
            taken.add(meaning_key(d.value))
            wrong.append(d)
    if len(wrong) < SINGLE_OPTIONS - 1:
        return None
    stem = _t(lang, f"{fact.ko} — '{key}'에 맞는 것은?", f"{fact.en} — which goes with '{key}'?")
    if _contains(stem, right) or _contains(key, right):
        return None
    options, why, correct = _shuffled_options(
        [(right, _right_note(lang))], [(d.value, _note(d.note, lang)) for d in wrong[:SINGLE_OPTIONS - 1]], ctx.rng)
    base = _base(fact, ctx, "single")
    base["answer_text"] = f"{key} → {right}"
    return Question(stem=stem, options=options, correct=correct, why=why, choose=1, **base)


def build_multi(fact: Fact, ctx: _Ctx) -> Question | None:
    if fact.answer_kind != "list":
        return None
    lang, n = ctx.lang, len(fact.answer)
    # Up to four right answers fit beside two wrong ones in A-F; longer lists ask for three of them.
    k = n if n <= 4 else 3
    pool = distractors(fact, ctx.family(fact), ctx.rng)
    total = min(MAX_OPTIONS, max(5, k + 3))
    wrong = pool[:total - k]
    if len(wrong) < max(MULTI_MIN_WRONG, 5 - k):   # 5-6 options in all, at least two of them wrong
        return None
    right_values = list(fact.answer) if k == n else ctx.rng.sample(list(fact.answer), k)
    count_word = {2: ("두", "two"), 3: ("세", "three"), 4: ("네", "four")}[k]
    stem = _t(lang, f"{fact.ko} ({count_word[0]} 개를 고르시오.)", f"{fact.en} (Choose {count_word[1]}.)")
    if k < n:
        stem = _t(lang, f"{fact.ko} — 이 중 해당하는 것 {count_word[0]} 개를 고르시오.",
                  f"{fact.en} — which {count_word[1]} of these are among them? (Choose {count_word[1]}.)")
    if gives_away(stem, fact.answer):
        return None
    options, why, correct = _shuffled_options(
        [(_render(v), _right_note(lang)) for v in right_values],
        [(_render(d.value), _note(d.note, lang)) for d in wrong], ctx.rng)
    return Question(stem=stem, options=options, correct=correct, why=why, choose=k, **_base(fact, ctx, "multi"))


def build_true_false(fact: Fact, ctx: _Ctx) -> Question | None:
    # No give-away check here: a true/false stem states a claim by design, so even a fact
    # whose prompt happens to contain its answer word still makes a fair statement to judge.
    lang, kind, rng = ctx.lang, fact.answer_kind, ctx.rng
    make_false = rng.random() < 0.5
    claim_key, claimed, note = None, None, None
    if kind == "mapping":
        claim_key = rng.choice(sorted(fact.answer))
        claimed = fact.answer[claim_key]
        if make_false:
            others = [v for k, v in sorted(fact.answer.items()) if k != claim_key]
            claimed = rng.choice(others)
            note = {"ko": f"'{claimed}'의 짝은 '{claim_key}'가 아니다.", "en": f"'{claimed}' does not go with '{claim_key}'."}
    else:
        claimed = rng.choice(fact.answer) if kind == "list" else fact.answer
        if make_false:
            pool = distractors(fact, ctx.family(fact), rng)
            if pool:
                claimed, note = pool[0].value, pool[0].note
            else:
                make_false = False
    shown = _render(claimed)
    if kind == "mapping":
        statement = _t(lang, f"{fact.ko} — '{claim_key}' → '{shown}'", f"{fact.en} — '{claim_key}' → '{shown}'")
    elif kind == "list":
        statement = _t(lang, f"'{shown}'은(는) 다음 질문의 답 중 하나다: {fact.ko}",
                       f"“{shown}” is one of the answers to: {fact.en}")
    else:
        statement = _t(lang, f"다음 질문의 답은 '{shown}'이다: {fact.ko}", f"The answer to “{fact.en}” is: {shown}")
    stem = _t(lang, f"참 또는 거짓? {statement}", f"True or false? {statement}")
    options = (_t(lang, "참", "True"), _t(lang, "거짓", "False"))
    right_answer = _render(fact.answer)
    if make_false:
        why = (_t(lang, f"틀렸다: {_note(note, lang)}", f"Wrong: {_note(note, lang)}"),
               _t(lang, f"맞다: 거짓이다. 정답은 {right_answer}.", f"Right: it is false. The answer is {right_answer}."))
    else:
        why = (_t(lang, "맞다: 참이다.", "Right: it is true."),
               _t(lang, f"틀렸다: {shown}이(가) 맞다.", f"Wrong: {shown} is correct."))
    return Question(stem=stem, options=options, correct=(1 if make_false else 0,), why=why, choose=1,
                    **_base(fact, ctx, "true_false"))


def build_cloze(fact: Fact, ctx: _Ctx) -> Question | None:
    kind = fact.answer_kind
    if kind not in ("text", "number"):
        return None
    shown = _render(fact.answer)
    if len(shown.split()) > CLOZE_MAX_WORDS:
        return None
    hint = ""
    if kind == "number":
        hint = _t(ctx.lang, f" (단위: {fact.answer['unit']})", f" (unit: {fact.answer['unit']})")
    stem = _t(ctx.lang, f"{fact.ko} — 답을 입력하시오.{hint}", f"{fact.en} — type the answer.{hint}")
    if gives_away(stem, fact.answer):
        return None
    accepted = [shown] + [a for a in fact.accept if normalise_text(a) != normalise_text(shown)]
    return Question(stem=stem, options=(), correct=tuple(accepted), choose=0, **_base(fact, ctx, "cloze"))


def build_matching(fact: Fact, ctx: _Ctx) -> Question | None:
    if fact.answer_kind == "mapping":
        return _matching_from_mapping(fact, ctx)
    if fact.answer_kind in ("text", "number"):
        return _matching_from_family(fact, ctx)
    return None


def _matching_question(pairs: list[tuple[str, str]], stem: str, base: dict, ctx: _Ctx) -> Question | None:
    if len({meaning_key(r) for _, r in pairs}) != len(pairs) or len(pairs) > MAX_OPTIONS:
        return None
    if len({normalise_text(left) for left, _ in pairs}) != len(pairs):
        return None
    if any(_contains(left, right) for left, right in pairs) or any(_contains(stem, r) for _, r in pairs):
        return None
    ctx.rng.shuffle(pairs)
    order = list(range(len(pairs)))
    ctx.rng.shuffle(order)   # order[j] = the pair whose right side is option j
    options = tuple(pairs[i][1] for i in order)
    correct = tuple((i, order.index(i)) for i in range(len(pairs)))
    answer_text = "; ".join(f"{left} → {right}" for left, right in pairs)
    base = dict(base, answer_text=answer_text)
    return Question(stem=stem, options=options, correct=correct, items=tuple(p[0] for p in pairs),
                    choose=len(pairs), **base)


def _matching_from_mapping(fact: Fact, ctx: _Ctx) -> Question | None:
    pairs = [(k, v) for k, v in fact.answer.items()]
    if len(pairs) > MAX_OPTIONS:
        pairs = ctx.rng.sample(pairs, MAX_OPTIONS)
    stem = _t(ctx.lang, f"{fact.ko} — 각 항목에 맞는 것을 고르시오.", f"{fact.en} — match each item.")
    return _matching_question(pairs, stem, _base(fact, ctx, "matching"), ctx)


def _matching_from_family(fact: Fact, ctx: _Ctx) -> Question | None:
    """Several facts of one family: each prompt to its answer."""
    others = [f for f in ctx.family(fact) if f.id != fact.id and f.answer_kind in ("text", "number")]
    taken = {meaning_key(fact.answer)}
    mates = []
    ctx.rng.shuffle(others)
    for other in others:
        if meaning_key(other.answer) not in taken and normalise_text(other.ko) != normalise_text(fact.ko):
            taken.add(meaning_key(other.answer))
            mates.append(other)
        if len(mates) == MATCHING_ITEMS[-1] - 1:
            break
    if len(mates) < MATCHING_ITEMS[0] - 1:
        return None
    group = [fact] + mates
    pairs = [(_prompt(f, ctx.lang), _render(f.answer)) for f in group]
    stem = _t(ctx.lang, "각 설명에 맞는 답을 고르시오.", "Match each description to its answer.")
    base = _base(fact, ctx, "matching")
    ids = tuple(f.id for f in group)
    base.update(id=_qid(ids, "matching", ctx.position), fact_ids=ids,
                source_lines=tuple(sorted({n for f in group for n in f.source_lines})),
                explanation="\n".join(_explain(f, ctx.lang) for f in group),
                erratum="\n".join(e for e in (_erratum(f, ctx.lang) for f in group) if e) or None)
    return _matching_question(pairs, stem, base, ctx)


BUILDERS = {"single": build_single, "multi": build_multi, "true_false": build_true_false,
            "cloze": build_cloze, "matching": build_matching}


def types_for(fact: Fact) -> tuple[str, ...]:
    """The question types a fact's answer could make (whether they succeed depends on its family)."""
    return {"text": ("single", "true_false", "cloze", "matching"),
            "number": ("single", "true_false", "cloze", "matching"),
            "list": ("multi", "single", "true_false"),
            "mapping": ("matching", "single", "true_false")}[fact.answer_kind]


def families(facts: Sequence[Fact]) -> dict[str, list[Fact]]:
    out: dict[str, list[Fact]] = {}
    for f in facts:
        out.setdefault(f.family, []).append(f)
    return out


def build(fact: Fact, qtype: str, facts: Sequence[Fact], rng, lang: str = "en", position: int = 0,
          by_family: dict[str, list[Fact]] | None = None) -> Question | None:
    """One question of `qtype` about `fact`, or None when the fact cannot make a sound one."""
    if qtype not in BUILDERS:
        raise ValueError(f"unknown question type {qtype!r}")
    ctx = _Ctx(by_family if by_family is not None else families(facts), rng, lang, position)
    return BUILDERS[qtype](fact, ctx)


# --- a whole quiz ---------------------------------------------------------------------------

def weighted_order(facts: Sequence[Fact], rng, weights: dict[str, float] | None) -> list[Fact]:
    """Facts in a random order where heavier facts tend to come first (weighted sampling, no repeats)."""
    keyed = []
    for f in facts:
        w = max(float((weights or {}).get(f.id, 1.0)), 1e-6)
        u = rng.random()
        keyed.append((u ** (1.0 / w), f.id, f))
    keyed.sort(key=lambda k: (-k[0], k[1]))
    return [k[2] for k in keyed]


def generate(facts: Sequence[Fact], count: int, rng, lang: str = "en", types: Sequence[str] | None = None,
             weights: dict[str, float] | None = None, pool: Sequence[Fact] | None = None) -> list[Question]:
    """`count` questions (fewer when the facts cannot make that many different ones).

    Facts are drawn by weight (facts answered wrong or half-forgotten weigh more); each
    gets a type drawn at random among those it can make. When every fact has been used
    the draw starts again with the types not yet asked. Wrong answers come from the
    families of `pool` (default: `facts`), so a quiz on one topic can still borrow
    plausible wrong answers from the whole catalogue.
    """
    allowed = tuple(types) if types else TYPES
    for t in allowed:
        if t not in TYPES:
            raise ValueError(f"unknown question type {t!r} (types: {', '.join(TYPES)})")
    by_family = families(pool if pool is not None else facts)
    used: set[tuple[str, str]] = set()
    questions: list[Question] = []
    while len(questions) < count:
        made_this_round = 0
        for fact in weighted_order(facts, rng, weights):
            if len(questions) >= count:
                break
            kinds = [t for t in types_for(fact) if t in allowed and (fact.id, t) not in used]
            rng.shuffle(kinds)
            for qtype in kinds:
                used.add((fact.id, qtype))
                q = build(fact, qtype, (), rng, lang, len(questions), by_family)
                if q is not None:
                    questions.append(q)
                    made_this_round += 1
                    break
        if not made_this_round:
            break
    return questions


# --- grading ------------------------------------------------------------------------------

def grade(question: Question, given: Any) -> bool:
    """Is `given` right? Indexes for choice types (multi is all-or-nothing), text for cloze,
    one option index per item (in item order) for matching."""
    if given is None:
        return False
    if question.type == "cloze":
        return isinstance(given, str) and any(same_typed_answer(given, a) for a in question.correct)
    if question.type == "matching":
        if not isinstance(given, (list, tuple)) or len(given) != len(question.items):
            return False
        return all(given[i] == j for i, j in question.correct)
    picks = [given] if isinstance(given, int) else list(given) if isinstance(given, (list, tuple)) else None
    if picks is None:
        return False
    return sorted(set(picks)) == sorted(question.correct) and len(picks) == len(set(picks))


def render_given(question: Question, given: Any) -> str:
    """A learner's answer in words (for the notebook and feedback)."""
    if given is None:
        return ""
    if question.type == "cloze":
        return str(given)
    if question.type == "matching":
        return "; ".join(f"{question.items[i]} → {question.options[j]}" for i, j in enumerate(given)
                         if 0 <= j < len(question.options))
    picks = [given] if isinstance(given, int) else list(given)
    return ", ".join(question.options[i] for i in picks if 0 <= i < len(question.options))


def render_correct(question: Question) -> str:
    if question.type == "cloze":
        return question.correct[0]
    if question.type == "matching":
        return "; ".join(f"{question.items[i]} → {question.options[j]}" for i, j in question.correct)
    return ", ".join(question.options[i] for i in question.correct)


# --- the wrong-answer notebook (오답 노트) ---------------------------------------------------

@dataclass
class NotebookEntry:
    fact_id: str
    wrong_count: int = 0
    last_wrong_at: datetime | None = None
    last_given: str = ""
    question_type: str = ""
    right_days_since: list = field(default_factory=list)   # distinct days answered right since the last miss

    @property
    def open(self) -> bool:
        return self.wrong_count > 0 and len(self.right_days_since) < RIGHT_DAYS_TO_CLEAR


RIGHT_DAYS_TO_CLEAR = 2


@dataclass(frozen=True)
class PastAnswer:
    fact_ids: tuple[str, ...]
    correct: bool
    answered_at: datetime
    qtype: str = ""
    shown: str = ""     # the learner's answer in words


def mistakes_notebook(history: Iterable[PastAnswer], tz: tzinfo) -> list[NotebookEntry]:
    """Facts still in the notebook: answered wrong, and not since answered right on two different days.

    A wrong answer resets the count; right answers on the same day count once ("in a row
    on different days"). Days are calendar days in `tz`, the learner's time zone.
    Newest miss first.
    """
    entries: dict[str, NotebookEntry] = {}
    for answer in sorted(history, key=lambda a: a.answered_at):
        day = answer.answered_at.astimezone(tz).date()
        for fact_id in answer.fact_ids:
            entry = entries.setdefault(fact_id, NotebookEntry(fact_id))
            if not answer.correct:
                entry.wrong_count += 1
                entry.last_wrong_at = answer.answered_at
                entry.last_given = answer.shown
                entry.question_type = answer.qtype
                entry.right_days_since = []
            elif entry.wrong_count and day not in entry.right_days_since:
                entry.right_days_since.append(day)
    still_open = [e for e in entries.values() if e.open]
    return sorted(still_open, key=lambda e: (e.last_wrong_at, e.fact_id), reverse=True)
