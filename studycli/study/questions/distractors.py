"""Wrong answers, and why each is wrong.

They come, best first, from the fact's confusers (each with the reason the content gives
for it), from the answers of the other facts of its family (explained from that fact's
`means`: what the borrowed answer is, and that this question asks for something else) and,
for numbers, from plausible values of the same unit. A candidate is dropped when it could
be right here: the same meaning as a correct answer (`meaning_key`: "60 seconds" is
"1 minute"), the same text in any language or one of the fact's accepted spellings, or one
of the answers the fact lists as also true (`also_true`). No two kept candidates mean the same.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from studycli.i18n import CATALOGUES, Msg
from studycli.models import Fact, answer_texts
from studycli.study.questions.answers import meaning_key, normalise_text, show
from studycli.study.questions.base import Words, fact_words, means_words, opening, sentence, value_words


@dataclass(frozen=True)
class Distractor:
    value: Any
    note: Words            # why it is wrong here, in every language
    owner: Fact | None = None   # the fact it was borrowed from (None: a confuser or an invented number)


def correct_values(fact: Fact) -> list[Any]:
    """Every value that is right for `fact`: its answer (each member of a list) and `also_true`."""
    answers = list(fact.answer) if fact.answer_kind == "list" else [fact.answer]
    return answers + list(fact.also_true)


def spellings(fact: Fact) -> set[str]:
    """Normalised texts that say a right answer: every language's form and the accepted spellings."""
    out = {normalise_text(a) for a in fact.accept}
    for value in correct_values(fact):
        for text in answer_texts(value):
            out.add(normalise_text(text))
            out.update(normalise_text(fact.form(text, code)) for code in CATALOGUES)
    return {s for s in out if s}


def is_right_here(fact: Fact, value: Any, owner: Fact | None = None) -> bool:
    """Could `value` (borrowed from `owner`, or a confuser) be a right answer to `fact`?"""
    if meaning_key(value) in {meaning_key(v) for v in correct_values(fact)}:
        return True
    texts = answer_texts(value)
    forms = {normalise_text(t) for t in texts}
    for source in (fact, owner):
        if source is not None:
            forms |= {normalise_text(source.form(t, code)) for t in texts for code in CATALOGUES}
    return bool(forms & spellings(fact))


def confuser_note(fact: Fact, value: Any) -> Words:
    """Why a confuser is wrong: the content's reason for it; without one (a user's pack), what the
    question asks for instead."""
    why = fact.reason_against(value)
    if why:
        return dict(why)
    if fact.means:
        return Msg("quiz.why.not_it", {"value": opening(fact, value), "means": means_words(fact)})
    return Msg("quiz.why.not_the_answer", {"value": opening(fact, value), "answer": value_words(fact, fact.answer)})


def borrowed_note(fact: Fact, other: Fact, value: Any) -> Words:
    """Why another fact's answer is wrong here: what it is (that fact's `means`), and what this asks for."""
    shown = opening(other, value)
    if not (fact.means and other.means):
        key = "quiz.why.answer_to" if other.answer_kind != "list" else "quiz.why.belongs_to"
        return Msg(key, {"prompt": fact_words(other), "value": shown})
    one_of = other.answer_kind == "list"
    key = {(False, False): "quiz.why.borrowed", (True, False): "quiz.why.borrowed_member",
           (False, True): "quiz.why.borrowed_into_list", (True, True): "quiz.why.borrowed_member_into_list"}[
        (one_of, fact.answer_kind == "list")]
    return Msg(key, {"value": shown, "other": means_words(other), "means": means_words(fact)})


def _family_answers(fact: Fact, family: Sequence[Fact]) -> list[Distractor]:
    out = []
    for other in family:
        if other.id == fact.id:
            continue
        kind = other.answer_kind
        values = [other.answer] if kind in ("text", "number") else other.answer if kind == "list" else []
        out += [Distractor(value, borrowed_note(fact, other, value), other) for value in values]
    return out


def _plausible_numbers(fact: Fact) -> list[Distractor]:
    """Values of the same unit a learner might confuse with the right one, each corrected."""
    number = fact.answer
    value = number["value"]
    candidates: list[float] = []
    if isinstance(value, int) or float(value).is_integer():
        v = int(value)
        candidates = [v * 2, v * 5, v * 10, v // 2 if v % 2 == 0 else v * 3, v + 1, v - 1, v * 3, v * 4]
        candidates = [c for c in candidates if c > 0]
    else:
        f = float(value)
        candidates = [round(f * 10, 10), round(f / 10, 10), round(f * 2, 10), round(f / 2, 10), round(f * 4, 10)]
    out = []
    for c in candidates:
        wrong = {"value": c, "unit": number["unit"]}
        if fact.means:
            note: Words = Msg("quiz.why.number_instead", {"value": value_words(fact, wrong),
                                                           "means": sentence(means_words(fact)),
                                                           "answer": value_words(fact, number)})
        else:
            note = Msg("quiz.why.not_the_answer", {"value": value_words(fact, wrong),
                                                    "answer": value_words(fact, number)})
        out.append(Distractor(wrong, note))
    return out


def distractors(fact: Fact, family: Sequence[Fact], rng: random.Random,
                exclude: Iterable[Any] = ()) -> list[Distractor]:
    """Wrong answers for `fact`, best first: its confusers, then family answers, then numbers
    (each group in rng order). Never a value that could be right here (see the module
    docstring) or that means the same as anything in `exclude`; never two values meaning the same.
    """
    taken = {meaning_key(e) for e in exclude}
    own = [Distractor(c, confuser_note(fact, c)) for c in fact.confusers]
    borrowed = _family_answers(fact, family)
    rng.shuffle(own)
    rng.shuffle(borrowed)
    fill = _plausible_numbers(fact) if fact.answer_kind == "number" else []
    # A number's wrong answers keep its kind of unit: "50 log groups" beside "30 dimensions"
    # would be ruled out by its unit alone.
    dimension = meaning_key(fact.answer)[1] if fact.answer_kind == "number" else None
    out = []
    for d in own + borrowed + fill:
        if not isinstance(d.value, (dict, str)) or isinstance(d.value, dict) and set(d.value) != {"value", "unit"}:
            continue
        key = meaning_key(d.value)
        if key in taken or not show(d.value).strip() or is_right_here(fact, d.value, d.owner):
            continue
        if dimension is not None and (key[0] != "number" or key[1] != dimension):
            continue
        taken.add(key)
        out.append(d)
    return out
