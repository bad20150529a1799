"""Pins the key facts of `cloudwatch-alarms.yaml` and `cloudwatch-insights.yaml` (notes lines 88-138).

The pinned values are the *corrected* ones where the notes are wrong (see
`../shared/research/seed_fact_check.md`, rows M3-M14 and X2-X15): a change to them
should be a deliberate decision, not an accident of editing.
"""

from __future__ import annotations

from collections import defaultdict

import pytest

from studycli.models import answer_kind

TOPICS = ("cloudwatch/alarms", "cloudwatch/insights")
PREFIXES = {"cloudwatch/alarms": "alarm-", "cloudwatch/insights": "ci-"}


@pytest.fixture(scope="module")
def mine(catalogue):
    return [f for f in catalogue.facts if f.topic in TOPICS]


def seconds(*values):
    return [{"value": v, "unit": "seconds"} for v in values]


PINNED = {
    "alarm-states": ["OK", "ALARM", "INSUFFICIENT_DATA"],
    "alarm-state-initial": "INSUFFICIENT_DATA",
    "alarm-period-sub-minute": seconds(10, 20, 30),
    "alarm-period-twenty": {"value": 20, "unit": "seconds"},
    "alarm-period-multiple": {"value": 60, "unit": "seconds"},
    "alarm-evaluation-range-short": {"value": 1, "unit": "days"},
    "alarm-evaluation-range-long": {"value": 7, "unit": "days"},
    "alarm-ec2-actions": ["EC2 stop", "EC2 terminate", "EC2 reboot", "EC2 recover"],
    "alarm-action-lambda": "Lambda function invocation",
    "alarm-composite-operators": ["AND", "OR", "NOT"],
    "alarm-composite-suppress": "OK()",
    "alarm-composite-no-actions": ["EC2 stop", "EC2 terminate", "EC2 reboot", "EC2 recover", "Auto Scaling action"],
    "alarm-composite-underlying-limit": {"value": 100, "unit": "alarms"},
    "alarm-recover-metric": "StatusCheckFailed_System",
    "alarm-recover-action": "EC2 recover action",
    "alarm-reboot-action": "EC2 reboot action",
    "alarm-ebs-status-metric": "StatusCheckFailed_AttachedEBS",
    "alarm-recovery-attempts": {"value": 3, "unit": "attempts"},
    "alarm-missing-data-default": "missing",
    "alarm-set-state-api": "SetAlarmState",
    "alarm-set-state-command":
        'aws cloudwatch set-alarm-state --alarm-name "myalarm" --state-value ALARM --state-reason "testing purposes"',
    "alarm-set-state-value-option": "--state-value",
    "ci-container-rosa": "Red Hat OpenShift Service on AWS (ROSA)",
    "ci-container-agent-eks": "containerized CloudWatch agent",
    "ci-container-ecs-enable": "ECS cluster setting",
    "ci-lambda-layer": "Lambda layer",
    "ci-contributor-log-formats": ["JSON", "Common Log Format (CLF)"],
    "ci-appinsights-rds": "Amazon RDS",
    "ci-appinsights-sagemaker": "Amazon SageMaker",
    "ci-appinsights-destinations": ["Amazon EventBridge", "AWS Systems Manager OpsCenter"],
}


@pytest.mark.parametrize("fact_id", sorted(PINNED))
def test_pinned_answer(facts, fact_id):
    assert facts[fact_id].answer == PINNED[fact_id]


def test_recovery_keeps_addresses_and_placement_but_not_memory(facts):
    fact = facts["alarm-recovery-keeps"]
    for kept in ("instance ID", "private IP addresses", "Elastic IP addresses", "placement group"):
        assert kept in fact.answer
    assert "in-memory data" in fact.confusers


def test_insights_match_covers_the_four_features(facts):
    assert set(facts["ci-insights-match"].answer) == {
        "Container Insights", "Lambda Insights", "Contributor Insights", "Application Insights"}


ERRATA = {
    "alarm-period-sub-minute", "alarm-period-twenty", "alarm-ec2-actions", "alarm-action-lambda",
    "alarm-composite", "alarm-composite-operators", "alarm-recover-metric", "alarm-set-state-command",
    "alarm-set-state-value-option", "ci-container-platforms", "ci-container-rosa", "ci-container-agent-eks",
    "ci-container-ecs-enable", "ci-contributor-result", "ci-contributor-log-formats", "ci-appinsights-stacks",
    "ci-appinsights-resources", "ci-appinsights-rds",
}


@pytest.mark.parametrize("fact_id", sorted(ERRATA))
def test_errata_are_recorded(facts, fact_id):
    erratum = facts[fact_id].erratum
    assert erratum is not None
    assert erratum.notes_said and erratum.correct and erratum.reference


def test_set_alarm_state_erratum_keeps_the_notes_typo(facts):
    erratum = facts["alarm-set-state-command"].erratum
    assert erratum.notes_said.startswith("ws cloudwatch") and "--state-valueALARM" in erratum.notes_said
    assert erratum.correct == PINNED["alarm-set-state-command"]


def test_ids_carry_the_topic_prefix(mine):
    assert mine, "no facts loaded for the alarm/insights topics"
    for fact in mine:
        assert fact.id.startswith(PREFIXES[fact.topic]), fact.id


def test_every_line_of_the_range_is_cited(mine):
    cited = {n for f in mine for n in f.source_lines}
    required = set(range(90, 101)) | set(range(102, 108)) | {110} | set(range(116, 120)) \
        | set(range(121, 124)) | set(range(125, 131)) | set(range(132, 138))
    assert required - cited == set()


def test_supplementary_facts_have_a_reference(mine):
    for fact in mine:
        if fact.supplementary:
            assert fact.reference, fact.id


def _items(fact):
    kind = answer_kind(fact.answer)
    if kind == "list":
        return list(fact.answer)
    if kind == "mapping":
        return list(fact.answer.values())
    return [fact.answer]


def _render(value):
    if isinstance(value, dict):
        return f"{value['value']} {value['unit']}"
    return str(value)


def test_prompts_never_contain_the_answer(mine):
    for fact in mine:
        if answer_kind(fact.answer) in ("list", "number"):
            continue  # a list prompt names the category; numbers are checked by eye
        for item in _items(fact):
            for prompt in (fact.ko, fact.en):
                assert item.lower() not in prompt.lower(), (fact.id, item)


def test_families_of_these_topics_are_big_and_uniform(catalogue, mine):
    families = {f.family for f in mine}
    by_family = defaultdict(list)
    for fact in catalogue.facts:
        if fact.family in families:
            by_family[fact.family].append(fact)
    for family, members in by_family.items():
        kinds = {answer_kind(f.answer) for f in members}
        assert len(kinds) == 1, (family, kinds)
        values = {_render(v) for f in members for v in [*_items(f), *f.confusers]}
        assert len(values) >= 4, (family, values)
        units = {v["unit"] for f in members for v in [*_items(f), *f.confusers] if isinstance(v, dict)}
        assert len(units) <= 1, (family, units)
        if kinds == {"list"}:
            for f in members:
                assert len(f.answer) >= 2 and f.confusers, f.id


def test_confusers_are_never_correct(mine):
    for fact in mine:
        for confuser in fact.confusers:
            assert confuser not in _items(fact), (fact.id, confuser)
