"""Finding facts and exam items by words, in Korean or English, forgiving about case and spacing."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from typing import TypeVar

from studycli.i18n import CATALOGUES
from studycli.items import Item
from studycli.models import Fact


def fold(text: str) -> str:
    """Case- and width-insensitive form for matching (NFKC folds full-width letters)."""
    return unicodedata.normalize("NFKC", text).casefold()


def haystack(fact: Fact) -> str:
    parts = [fact.id, fact.topic, fact.family, *fact.prompt.values(), *answers(fact),
             *fact.explain.values(), *fact.accept]
    if fact.erratum:
        parts += [fact.erratum.notes_said, *fact.erratum.corrections.values()]
    return fold("\n".join(parts))


def answers(fact: Fact) -> list[str]:
    """The answer as every language writes it ("지표 경보" finds the fact whose answer is "Metric alarm")."""
    return list(dict.fromkeys(fact.show(fact.answer, code) for code in ("en", *CATALOGUES)))


def fact_head(fact: Fact) -> str:
    """What ranks a fact higher when it holds a word: its prompt and its answer."""
    return fold("\n".join([*fact.prompt.values(), *answers(fact)]))


def query_words(query: str) -> list[str]:
    return [fold(w) for w in query.split() if w.strip()]


def find_facts(facts: list[Fact], query: str) -> list[Fact]:
    """Facts containing every word of `query`, best first (more hits in the prompt and answer rank higher)."""
    words = query_words(query)
    if not words:
        return []
    scored = []
    for index, fact in enumerate(facts):
        text = haystack(fact)
        if all(w in text for w in words):
            head = fact_head(fact)
            scored.append((-sum(w in head for w in words), index, fact))
    return [fact for *_, fact in sorted(scored, key=lambda s: (s[0], s[1]))]


def item_haystack(item: Item) -> str:
    parts = [item.id, item.topic, item.domain, item.reference, *item.stem.values(), *item.tags]
    for option in item.options:
        parts += [*option.text.values(), *option.why.values()]
    return fold("\n".join(parts))


def item_head(item: Item) -> str:
    """What ranks an item higher when it holds a word: its stem."""
    return fold("\n".join(item.stem.values()))


def find_items(items: list[Item], query: str) -> list[Item]:
    """Exam items containing every word of `query` (stem, options, reasons, reference), best first
    (more hits in the stem rank higher)."""
    words = query_words(query)
    if not words:
        return []
    scored = []
    for index, item in enumerate(items):
        if all(w in item_haystack(item) for w in words):
            head = item_head(item)
            scored.append((-sum(w in head for w in words), index, item))
    return [item for *_, item in sorted(scored, key=lambda s: (s[0], s[1]))]


PAGE_SIZE = 10   # hits on one page of `search`
F = TypeVar("F")
I = TypeVar("I")


def page_of(facts: Sequence[F], items: Sequence[I], page: int, size: int = PAGE_SIZE) -> tuple[list[F], list[I]]:
    """Page `page` (1-based) of the hits, facts first and then items, `size` to a page."""
    start, end = (page - 1) * size, page * size
    shown_facts = list(facts[start:end])
    return shown_facts, list(items[max(0, start - len(facts)):max(0, end - len(facts))])
