"""Cards derived from facts: kinds, stable ids that survive rewording, orphans reported and kept."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from studycli import flashcards
from studycli.models import Fact
from studycli.store import open_store
from studycli.study.cards import BLANK, blank_out, derive_cards, orphan_ids, select_topic

NOW = datetime(2026, 3, 1, 10, tzinfo=UTC)


def fact(fid: str, answer, explain_en: str = "", explain_ko: str = "", topic: str = "cloudwatch/alarms") -> Fact:
    return Fact(id=fid, topic=topic, family="f", prompt={"ko": f"{fid} 질문", "en": f"{fid} question"}, answer=answer,
                explain={"ko": explain_ko, "en": explain_en}, source_lines=(3, 4), file="x.yaml", line=1)


STATES = fact("alarm-states", ["OK", "ALARM", "INSUFFICIENT_DATA"], "A new alarm starts in INSUFFICIENT_DATA.")
PRICE = fact("config-price", {"value": 0.003, "unit": "USD"},
             "Continuous recording costs $0.003 per item; daily $0.012.", "연속 기록은 $0.003이다.")
LIMIT = fact("alarm-limit", {"value": 10000, "unit": "alarms"}, "Up to 10,000 alarms per Region.")
NAME = fact("default-state", "INSUFFICIENT_DATA", "Until data arrives: INSUFFICIENT_DATA.",
            "데이터가 없으면 INSUFFICIENT_DATA 상태다.")
SENTENCE = fact("why", "Because the metric has no data points yet.", "No data yet.")
MAPPING = fact("resolutions", {"standard": "60 seconds", "high": "1 second"}, "High resolution is 1 second.")


def ids(cards):
    return {c.id for c in cards}


def test_every_fact_gives_a_forward_card_with_its_answer():
    cards = derive_cards([STATES, PRICE, NAME, SENTENCE, MAPPING])
    forward = {c.fact_id: c for c in cards if c.kind == "forward"}
    assert set(forward) == {"alarm-states", "config-price", "default-state", "why", "resolutions"}
    assert forward["alarm-states"].back["en"] == "OK, ALARM, INSUFFICIENT_DATA"
    assert forward["config-price"].back["en"] == "$0.003"
    assert forward["resolutions"].back["en"] == "standard → 60 seconds\nhigh → 1 second"
    assert forward["alarm-states"].front == {"ko": "alarm-states 질문", "en": "alarm-states question"}
    assert forward["alarm-states"].source_lines == (3, 4)


def test_card_ids_are_fact_id_and_kind():
    cards = derive_cards([STATES, PRICE, NAME, SENTENCE, MAPPING])
    assert ids(cards) == {
        "alarm-states:forward", "config-price:forward", "config-price:cloze",
        "default-state:forward", "default-state:cloze", "default-state:reverse",
        "why:forward", "resolutions:forward", "resolutions:reverse:standard", "resolutions:reverse:high"}


def test_mapping_gives_one_reverse_card_per_pair():
    reverse = [c for c in derive_cards([MAPPING]) if c.kind == "reverse"]
    assert {c.id: c.back["en"] for c in reverse} == {"resolutions:reverse:standard": "standard",
                                                     "resolutions:reverse:high": "high"}
    assert "60 seconds" in next(c for c in reverse if c.back["en"] == "standard").front["en"]


def test_cloze_blanks_the_number_or_name_in_the_explanation():
    cards = {c.id: c for c in derive_cards([PRICE, LIMIT, NAME])}
    price = cards["config-price:cloze"]
    assert price.front["en"] == f"Continuous recording costs {BLANK} per item; daily $0.012."
    assert price.front["ko"] == f"연속 기록은 {BLANK}이다."
    assert price.back["en"] == "$0.003"
    assert cards["alarm-limit:cloze"].front["en"] == f"Up to {BLANK} per Region."  # number and unit
    assert cards["default-state:cloze"].front["ko"] == f"데이터가 없으면 {BLANK} 상태다."


def test_no_cloze_when_the_explanation_does_not_state_the_value():
    quiet = fact("quiet", {"value": 5, "unit": "minutes"}, "It is short.", "짧다.")
    assert ids(derive_cards([quiet])) == {"quiet:forward"}
    # "1" must not match inside "10" or "1.5".
    assert blank_out("between 10 and 1.5", ["1"]) is None
    assert blank_out("every 1 minute", ["1"]) == f"every {BLANK} minute"


def test_a_name_shared_by_two_facts_gets_no_reverse_card():
    twin = dataclasses.replace(NAME, id="other-state")
    kinds = {c.id for c in derive_cards([NAME, twin]) if c.kind == "reverse"}
    assert kinds == set()


def test_sentences_and_lists_get_no_reverse_card():
    cards = derive_cards([STATES, SENTENCE])
    assert {c.kind for c in cards} == {"forward"}


def test_new_cards_come_forward_first_in_fact_order():
    cards = derive_cards([NAME, PRICE, MAPPING])
    kinds = [c.kind for c in cards]
    assert kinds[:3] == ["forward"] * 3
    assert [c.fact_id for c in cards[:3]] == ["default-state", "config-price", "resolutions"]
    assert kinds.index("reverse") > kinds.index("cloze")


@settings(max_examples=50, deadline=None)
@given(en=st.text(min_size=1, max_size=40), ko=st.text(min_size=1, max_size=40),
       explain=st.text(max_size=60))
def test_rewording_a_fact_keeps_its_card_ids(en, ko, explain):
    reworded = dataclasses.replace(PRICE, prompt={"ko": ko, "en": en}, explain={"ko": explain, "en": explain})
    base = {c.id for c in derive_cards([PRICE]) if c.kind == "forward"}
    assert base <= ids(derive_cards([reworded]))


def test_orphans_are_reported_and_never_deleted(tmp_path):
    cards = derive_cards([STATES, PRICE])
    with open_store(tmp_path / "p.db") as store:
        for cid, fid in (("alarm-states:forward", "alarm-states"), ("removed-fact:forward", "removed-fact"),
                         ("scenario:alarm-basic:step-2", "scenario:alarm-basic")):
            flashcards.rate_card(store, card_id=cid, fact_id=fid, kind="forward", rating=3, now=NOW, fuzzing=False)
        found = flashcards.orphans(store, cards)
        assert [o["card_id"] for o in found] == ["removed-fact:forward"]
        assert found[0]["reviews"] == 1
        assert store.card_row("removed-fact:forward") is not None
        assert store.reviews_total() == 3
    assert orphan_ids(["a:forward", "b:forward"], derive_cards([fact("a", "x y z.")])) == ["b:forward"]


def test_topic_selection_takes_prefixes():
    cards = derive_cards([STATES, fact("rule", "aws.ec2", topic="eventbridge/rules")])
    assert {c.topic for c in select_topic(cards, "cloudwatch")} == {"cloudwatch/alarms"}
    assert {c.topic for c in select_topic(cards, "eventbridge/rules")} == {"eventbridge/rules"}
    assert select_topic(cards, "cloud") == []
    assert len(select_topic(cards, None)) == len(cards)
