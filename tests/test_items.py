"""Issue 14: exam items, written scenario questions, validated like facts.

The acceptance list: at least 150 items, every topic at least 10, at least 25% multiple
response, every option with its own reason in both languages, every item citing notes lines
that exist and an AWS reference; the key is the longest option in at most 35% of items; no
two options of an item are the same text. And the loader is strict: file:line: field.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from studycli.i18n import CATALOGUES
from studycli.items import OPTIONS_FOR_CHOOSE, load_items

REPO = Path(__file__).resolve().parents[1]
NOTES = (REPO / "content" / "notes.txt").read_text("utf-8").splitlines()


@pytest.fixture(scope="module")
def items():
    return load_items([REPO / "content"], len(NOTES))


@pytest.fixture(scope="module")
def topics():
    from studycli.content import load_topics

    return {t.id for t in load_topics([REPO / "content"], len(NOTES))}


def test_at_least_150_items_every_topic_at_least_10_and_a_quarter_multiple_response(items, topics):
    assert len(items) >= 150
    per_topic = Counter(i.topic for i in items)
    assert {t: per_topic[t] for t in topics if per_topic[t] < 10} == {}
    multi = sum(1 for i in items if i.choose > 1)
    assert multi / len(items) >= 0.25


def test_every_item_belongs_to_a_topic_of_the_facts(items, topics):
    assert sorted({i.topic for i in items} - topics) == []


def test_every_option_has_its_own_reason_in_every_language(items):
    for item in items:
        for code in CATALOGUES:
            reasons = [o.why[code].strip() for o in item.options]
            assert all(reasons), (item.id, code)
            assert len(set(reasons)) == len(reasons), (item.id, code, "two options share a reason")


def test_every_item_cites_lines_of_the_notes_that_hold_text_and_a_reference(items):
    for item in items:
        assert item.source_lines, item.id
        assert all(1 <= n <= len(NOTES) and NOTES[n - 1].strip() for n in item.source_lines), item.id
        assert item.reference.strip(), item.id


def test_options_and_keys_fit_the_number_to_choose(items):
    for item in items:
        assert len(item.options) == OPTIONS_FOR_CHOOSE[item.choose], item.id
        assert len(set(item.key)) == item.choose and all(0 <= k < len(item.options) for k in item.key), item.id


@pytest.mark.parametrize("code", CATALOGUES)
def test_length_does_not_give_the_key_away(items, code):
    def key_is_longest(item) -> bool:
        lengths = [len(o.text[code]) for o in item.options]
        return max(lengths[k] for k in item.key) == max(lengths)

    share = sum(map(key_is_longest, items)) / len(items)
    assert share <= 0.35, f"{code}: the key is the longest option in {share:.0%} of items"


@pytest.mark.parametrize("code", CATALOGUES)
def test_no_two_options_of_an_item_are_the_same_text(items, code):
    for item in items:
        texts = [" ".join(o.text[code].split()) for o in item.options]
        assert len(set(texts)) == len(texts), item.id
