"""The governance facts (EventBridge, CloudTrail, Config, ELB case): key values pinned,
errata present, families usable for wrong answers, and notes lines 139-230 covered."""

from __future__ import annotations

from collections import defaultdict

import pytest
from conftest import seed_coverage_tool

from studycli.models import answer_kind

TOPICS = ("eventbridge", "cloudtrail", "config", "elb-case")
PREFIXES = {"eventbridge": "eb-", "cloudtrail": "trail-", "config": "config-", "elb-case": "elb-"}
NOTES_RANGE = range(139, 231)


@pytest.fixture(scope="module")
def facts(catalogue):
    """Only this file's topics (overrides the shared fixture of the same name)."""
    return [f for f in catalogue.facts if f.topic in TOPICS]


@pytest.fixture(scope="module")
def by_id(catalogue):
    return catalogue.by_id()


PINNED = {
    # AWS Config prices: the notes' "3센트" is wrong, $0.003 is right
    "config-price-per-ci": {"value": 0.003, "unit": "USD"},
    "config-price-per-ci-daily": {"value": 0.012, "unit": "USD"},
    "config-price-per-evaluation": {"value": 0.001, "unit": "USD"},
    # remediation retries: default 5, up to 25, 60-second window
    "config-remediation-default-attempts": {"value": 5, "unit": "attempts"},
    "config-remediation-max-attempts": {"value": 25, "unit": "attempts"},
    "config-remediation-retry-window": {"value": 60, "unit": "seconds"},
    "config-one-sns-topic": {"value": 1, "unit": "per account per Region"},
    "config-noncompliant-state": "NON_COMPLIANT",
    "config-remediation-document": "Automation runbook",
    # CloudTrail
    "trail-event-history-days": {"value": 90, "unit": "days"},
    "trail-data-events-off": "data events",
    "trail-default-logged-type": "management events",
    "trail-insights-callrate-input": "write management events",
    "trail-insights-errorrate-input": "read and write management events",
    "trail-insights-on-data-events": "data events",
    "trail-read-examples": ["ListUsers", "DescribeInstances"],
    "trail-lookupevents": "LookupEvents",
    # EventBridge
    "eb-targets-per-rule": {"value": 5, "unit": "targets"},
    "eb-formerly-cloudwatch-events": "Amazon CloudWatch Events",
    "eb-default-bus": "default event bus",
    "eb-partner-bus": "partner event bus",
    "eb-custom-bus": "custom event bus",
    "eb-putevents": "PutEvents",
    "eb-readonly-rule-state": "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS",
    # ELB case: a Config rule flags, it does not block
    "elb-config-does-not-block": "NON_COMPLIANT",
}


@pytest.mark.parametrize("fact_id, expected", sorted(PINNED.items()))
def test_pinned_answers(by_id, fact_id, expected):
    assert by_id[fact_id].answer == expected


ERRATA = {
    "config-price-per-ci": "3센트",            # G10 wrong
    "config-remediation-default-attempts": "5번까지",  # G14 imprecise
    "config-remediation-max-attempts": "5번까지",
    "trail-event-history-days": "90일",         # R3 needs the Event history qualifier
    "trail-insights-callrate-input": "쓰기",     # R15 outdated
    "trail-insights-errorrate-input": "쓰기",
    "trail-insights-on-data-events": "쓰기",
    "trail-read-examples": "EC 인스턴스",        # R7 typo
    "trail-insights-detects": "서비스 한도",      # R13 unverified
    "eb-direct-messaging-targets": "Lambda",     # B4 imprecise
    "eb-readonly-rule-state": "모두 가로챈다",     # B6 imprecise
    "config-configuration-history": "롤백",       # G2 imprecise
    "config-custom-guard-rule": "Lambda",        # G8 incomplete
    "elb-config-does-not-block": "암호화되지 않은",  # Z3 imprecise
}


@pytest.mark.parametrize("fact_id, said", sorted(ERRATA.items()))
def test_errata_recorded(by_id, fact_id, said):
    erratum = by_id[fact_id].erratum
    assert erratum is not None, f"{fact_id} should carry an erratum"
    assert said in erratum.notes_said
    assert erratum.correct and erratum.reference


def test_ids_carry_their_topic_prefix(facts):
    for f in facts:
        assert f.id.startswith(PREFIXES[f.topic]), f.id


def _shape(answer):
    kind = answer_kind(answer)
    return (kind, answer["unit"]) if kind == "number" else (kind,)


def _distinct(f):
    items = [f.answer] if answer_kind(f.answer) != "list" else list(f.answer)
    return {repr(x) for x in items + list(f.confusers)}


def test_families_have_one_shape_and_four_answers(facts):
    shapes, answers = defaultdict(set), defaultdict(set)
    for f in facts:
        shapes[f.family].add(_shape(f.answer))
        for c in f.confusers:
            if answer_kind(f.answer) in ("text", "number"):
                assert _shape(c) == _shape(f.answer), f"{f.id}: confuser {c!r} has another shape"
        answers[f.family] |= _distinct(f)
    for family, kinds in shapes.items():
        assert len(kinds) == 1, f"family {family} mixes answer shapes {kinds}"
        assert len(answers[family]) >= 4, f"family {family} has only {len(answers[family])} distinct answers"


def test_choice_facts_have_confusers(facts):
    for f in facts:
        if answer_kind(f.answer) in ("text", "number", "list"):
            assert len(f.confusers) >= 3, f"{f.id}: needs at least 3 confusers"
        if answer_kind(f.answer) == "list":
            assert len(f.answer) >= 2


def test_prompt_never_contains_its_answer(facts):
    for f in facts:
        kind = answer_kind(f.answer)
        texts = [f.answer] if kind == "text" else list(f.answer) if kind == "list" else []
        for t in texts:
            if isinstance(t, str):
                for prompt in (f.ko, f.en):
                    assert t.lower() not in prompt.lower(), f"{f.id}: prompt gives away {t!r}"


def test_supplementary_facts_name_a_reference(facts):
    for f in facts:
        if f.supplementary:
            assert f.reference




def test_required_notes_lines_139_to_230_are_cited(facts):
    tool = seed_coverage_tool()
    if tool is None:
        pytest.skip("seed_coverage tool not available")
    from studycli.paths import notes_path

    notes = notes_path().read_text(encoding="utf-8").splitlines(True)
    required, _optional = tool.classify(notes)
    cited = {n for f in facts for n in f.source_lines}
    missing = [n for n in NOTES_RANGE if n in required and n not in cited]
    assert not missing, f"uncited notes lines: {missing}"
