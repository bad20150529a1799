"""Flashcards derived from facts: what each card asks and what it answers.

A fact gives one `forward` card (prompt → answer) and, where it helps memory, more:
`reverse` cards for each pair of a mapping answer and for a short name that answers
only this fact, and a `cloze` card that blanks a number or a name inside the fact's
explanation. A card's id is `<fact id>:<kind>` (`<fact id>:reverse:<key>` for mapping
pairs), never a hash of the wording, so editing a fact's text keeps its progress.
Cards in the store whose id no longer comes from any fact are orphans: reported, kept.

Pure: facts in, cards out.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from studycli.i18n import CATALOGUES, FALLBACK, msg
from studycli.models import CANONICAL, Fact, Number, Texts, answer_kind, format_number, render_answer

# New cards are introduced forward first, so a fact's siblings arrive on later days.
KIND_ORDER = {"forward": 0, "cloze": 1, "reverse": 2}

# Ids of cards that come from scenarios, not facts; they are never orphans of the catalogue.
NON_FACT_PREFIXES = ("scenario:",)

BLANK = "____"
# A name short enough to be asked for backwards ("which service is this?").
NAME_MAX_CHARS = 60
NAME_MAX_WORDS = 6
# Neighbours that would make a match part of a longer word or number.
_ASCII_WORD = "0-9A-Za-z_"


@dataclass(frozen=True)
class StudyCard:
    """One flashcard: a front to recall from and a back to check against, each keyed by language code."""

    id: str
    fact_id: str
    kind: str  # forward, reverse, cloze
    topic: str
    front: Texts
    back: Texts
    explain: Texts
    source_lines: tuple[int, ...]


def card_id(fact_id: str, kind: str, key: str | None = None) -> str:
    return f"{fact_id}:{kind}" if key is None else f"{fact_id}:{kind}:{key}"


def derive_cards(facts: Sequence[Fact]) -> list[StudyCard]:
    """Every card of every fact, in the order new cards should be introduced."""
    answer_counts = Counter(render_answer(f.answer) for f in facts if answer_kind(f.answer) == "text")
    cards: list[StudyCard] = []
    for fact in facts:
        cards.append(forward_card(fact))
        cloze = cloze_card(fact)
        if cloze:
            cards.append(cloze)
        if answer_kind(fact.answer) == "mapping":
            cards.extend(mapping_reverse_cards(fact))
        elif is_name(fact.answer) and answer_counts[fact.answer] == 1:
            cards.append(name_reverse_card(fact))
    order = {fact.id: i for i, fact in enumerate(facts)}
    return sorted(cards, key=lambda c: (KIND_ORDER[c.kind], order[c.fact_id]))


def in_every_language(fact: Fact, value: Any) -> Texts:
    """An answer value of `fact` as each language writes it (its forms; numbers with the language's units)."""
    return {code: answer_text(value, code, fact) for code in CATALOGUES}


def _card(fact: Fact, kind: str, front: Texts, back: Texts, key: str | None = None) -> StudyCard:
    return StudyCard(id=card_id(fact.id, kind, key), fact_id=fact.id, kind=kind, topic=fact.topic,
                     front=front, back=back, explain=dict(fact.explain), source_lines=tuple(fact.source_lines))


def answer_text(answer: Any, lang: str = CANONICAL, fact: Fact | None = None) -> str:
    """The back of a forward card in `lang`: a mapping reads better one pair per line."""
    forms = fact.forms if fact is not None else None
    if answer_kind(answer) == "mapping":
        return "\n".join(f"{render_answer(k, lang, forms)} → {render_answer(v, lang, forms)}" for k, v in answer.items())
    return render_answer(answer, lang, forms)


def forward_card(fact: Fact) -> StudyCard:
    return _card(fact, "forward", dict(fact.prompt), in_every_language(fact, fact.answer))


def mapping_reverse_cards(fact: Fact) -> list[StudyCard]:
    """For a matching answer, one card per pair: given the right-hand side, recall the key."""
    cards = []
    for key, value in fact.answer.items():
        front = {code: msg("cards.which_goes_with", code, prompt=fact.prompt[code], value=answer_text(value, code, fact))
                 for code in CATALOGUES}
        cards.append(_card(fact, "reverse", front, in_every_language(fact, str(key)), key=str(key)))
    return cards


def is_name(answer: Any) -> bool:
    """A short text answer (a service, API or state name), not a sentence."""
    if answer_kind(answer) != "text":
        return False
    text = answer.strip()
    return (len(text) <= NAME_MAX_CHARS and len(text.split()) <= NAME_MAX_WORDS
            and not text.endswith((".", "다", "?")))


def name_reverse_card(fact: Fact) -> StudyCard:
    """Given the name, recall what it is (only for names that answer this fact alone)."""
    front = {code: msg("cards.what_is_this_the_answer_to", code, answer=answer_text(fact.answer, code, fact))
             for code in CATALOGUES}
    return _card(fact, "reverse", front, dict(fact.prompt))


def cloze_card(fact: Fact) -> StudyCard | None:
    """Blank the number or name where the explanation states it; None when it does not."""
    kind = answer_kind(fact.answer)
    if kind == "number":
        def candidates(code: str) -> list[str]:
            return sorted({format_number(fact.answer, code), *number_spellings(fact.answer)}, key=len, reverse=True)
    elif is_name(fact.answer):
        def candidates(code: str) -> list[str]:
            return sorted({fact.form(fact.answer, code).strip(), fact.answer.strip()}, key=len, reverse=True)
    else:
        return None
    blanked = {code: blank_out(fact.explain.get(code, ""), candidates(code)) for code in CATALOGUES}
    stated = [text for code in (FALLBACK, *CATALOGUES) if (text := blanked.get(code))]
    if not stated:
        return None
    # A language whose explanation does not state the value falls back to one that does.
    front = {code: blanked[code] or stated[0] for code in CATALOGUES}
    return _card(fact, "cloze", front, in_every_language(fact, fact.answer))


def number_spellings(number: Number) -> list[str]:
    """The ways an explanation may write a number, longest first ("$0.003", "0.003", "1,000", "1000")."""
    value = number["value"]
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    spellings = {format_number(number), f"{value:,}" if isinstance(value, int) else f"{value:g}", str(value)}
    return sorted((s for s in spellings if s), key=len, reverse=True)


def blank_out(text: str, candidates: Iterable[str]) -> str | None:
    """`text` with the first candidate found blanked everywhere, or None when none occurs.

    A candidate matches case-insensitively where it is not part of a longer word or number:
    the regular expression `(?<![0-9A-Za-z_.])CANDIDATE(?![0-9A-Za-z_]|\\.\\d)` with IGNORECASE,
    computed here with `str.find` on lower-cased text, because compiling one pattern per fact
    in every process was a seventh of a command's time (issue 19).
    """
    for candidate in candidates:
        blanked = _blank_all(text, candidate)
        if blanked is not None:
            return blanked
    return None


# Not ASCII, yet IGNORECASE matches each with an ASCII letter (İ, ı, ſ, the Kelvin sign).
_ASCII_FOLDS = frozenset("\u0130\u0131\u017f\u212a")
_WORD_CHARS = frozenset("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_")


def _blank_all(text: str, candidate: str) -> str | None:
    lowered, needle = text.lower(), candidate.lower()
    if (not candidate or not candidate.isascii() or len(lowered) != len(text)
            or not _ASCII_FOLDS.isdisjoint(text)):
        return _blank_all_by_pattern(text, candidate)  # never for the shipped content: all its values are ASCII
    parts: list[str] = []
    start, at = 0, lowered.find(needle)
    while at != -1:
        end = at + len(needle)
        if _stands_alone(text, at, end):
            parts += [text[start:at], BLANK]
            start, at = end, lowered.find(needle, end)
        else:
            at = lowered.find(needle, at + 1)
    if not parts:
        return None
    return "".join(parts) + text[start:]


def _stands_alone(text: str, start: int, end: int) -> bool:
    """Not inside a longer word or number: no word character or dot before, no word character or
    decimal part after."""
    before = text[start - 1] if start else ""
    after = text[end] if end < len(text) else ""
    if before == "." or before in _WORD_CHARS or after in _WORD_CHARS:
        return False
    return not (after == "." and end + 1 < len(text) and text[end + 1].isdecimal())


def _blank_all_by_pattern(text: str, candidate: str) -> str | None:
    pattern = re.compile(rf"(?<![{_ASCII_WORD}.]){re.escape(candidate)}(?![{_ASCII_WORD}]|\.\d)", re.IGNORECASE)
    return pattern.sub(BLANK, text) if pattern.search(text) else None


def orphan_ids(stored_ids: Iterable[str], cards: Iterable[StudyCard]) -> list[str]:
    """Stored card ids that no current fact produces (their fact was removed or renamed)."""
    current = {c.id for c in cards}
    return sorted(i for i in stored_ids if i not in current and not i.startswith(NON_FACT_PREFIXES))


def select_topic(cards: Iterable[StudyCard], topic: str | None) -> list[StudyCard]:
    """Cards of a topic path or any prefix of one (as `--topic cloudwatch`)."""
    if not topic:
        return list(cards)
    prefix = topic.rstrip("/") + "/"
    return [c for c in cards if c.topic == topic or c.topic.startswith(prefix)]
