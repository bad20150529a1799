"""Pins the key CloudWatch core facts (notes lines 1-87: metrics, Logs, Logs Insights,
export/subscriptions, Live Tail, agent) so a content edit cannot silently change them."""

from __future__ import annotations

import pathlib
from collections import defaultdict

import pytest
from conftest import seed_coverage_tool

from studycli.models import render_answer

CORE_FILES = {
    "cloudwatch-metrics.yaml": "cloudwatch/metrics",
    "cloudwatch-logs.yaml": "cloudwatch/logs",
    "logs-insights.yaml": "cloudwatch/logs-insights",
    "logs-delivery.yaml": "cloudwatch/logs-delivery",
    "live-tail.yaml": "cloudwatch/live-tail",
    "cloudwatch-agent.yaml": "cloudwatch/agent",
}
PREFIXES = ("metrics-", "logs-", "insights-q-", "delivery-", "tail-", "agent-")


@pytest.fixture(scope="module")
def core_facts(catalogue):
    return [f for f in catalogue.facts if pathlib.Path(f.file).name in CORE_FILES]


PINNED = {
    # metrics
    "metrics-dimension-limit": {"value": 30, "unit": "dimensions"},
    "metrics-detailed-interval": {"value": 1, "unit": "minutes"},
    "metrics-putmetricdata": "PutMetricData",
    "metrics-ec2-cpu": "CPUUtilization",
    "metrics-alb-namespace": "AWS/ApplicationELB",
    "metrics-streams-firehose": "Amazon Data Firehose",
    "metrics-retention-1hour": {"value": 455, "unit": "days"},
    "metrics-high-resolution": {"value": 1, "unit": "seconds"},
    # logs
    "logs-retention-default": "Never expire",
    "logs-retention-max": {"value": 3653, "unit": "days"},
    "logs-retention-api": "PutRetentionPolicy",
    "logs-putlogevents": "PutLogEvents",
    "logs-ecs-log-driver": "awslogs",
    "logs-route53-region": "us-east-1",
    "logs-kms-key-type": "Symmetric encryption key",
    # Logs Insights
    "insights-q-startquery": "StartQuery",
    "insights-q-limit": "limit",
    "insights-q-log-group-limit": {"value": 50, "unit": "log groups"},
    "insights-q-timeout": {"value": 60, "unit": "minutes"},
    # export, subscriptions, cross-account
    "delivery-export-api": "CreateExportTask",
    "delivery-export-destination": "Amazon S3",
    "delivery-export-delay": {"value": 12, "unit": "hours"},
    "delivery-export-one-task": {"value": 1, "unit": "export tasks"},
    "delivery-subscription-limit": {"value": 2, "unit": "subscription filters"},
    "delivery-subscription-api": "PutSubscriptionFilter",
    "delivery-destination-api": "PutDestination",
    "delivery-access-policy-api": "PutDestinationPolicy",
    "delivery-kds-flink": "Amazon Managed Service for Apache Flink",
    # Live Tail
    "tail-api": "StartLiveTail",
    "tail-session-timeout": {"value": 3, "unit": "hours"},
    "tail-sampling": {"value": 500, "unit": "events per second"},
    "tail-log-group-limit": {"value": 10, "unit": "log groups"},
    # agent
    "agent-metrics-namespace": "CWAgent",
    "agent-iam-role-policy": "CloudWatchAgentServerPolicy",
    "agent-mem-metric": "mem_used_percent",
    "agent-param-prefix": "AmazonCloudWatch-",
}


@pytest.mark.parametrize("fact_id,expected", sorted(PINNED.items()))
def test_pinned_answer(facts, fact_id, expected):
    assert fact_id in facts, f"{fact_id} is missing"
    assert facts[fact_id].answer == expected


def test_subscription_destinations(facts):
    assert facts["delivery-subscription-destinations"].answer == [
        "Amazon Kinesis Data Streams", "Amazon Data Firehose", "AWS Lambda"]


def test_elb_has_several_namespaces(facts):
    fact = facts["metrics-elb-namespaces"]
    assert set(fact.answer) == {"AWS/ApplicationELB", "AWS/NetworkELB", "AWS/GatewayELB", "AWS/ELB"}
    assert fact.erratum is not None


def test_old_firehose_name_is_accepted(facts):
    for fact_id in ("metrics-streams-firehose", "delivery-archive-firehose"):
        assert "Kinesis Data Firehose" in facts[fact_id].accept


ERRATA = {
    "metrics-cloudwatch-service": "C1",
    "metrics-elb-namespaces": "C3",
    "metrics-streams-partners": "C9",
    "metrics-streams-firehose": "N1",
    "logs-retention-default": "L2",
    "logs-lambda-typo": "L3",
    "logs-source-cloudtrail": "L8",
    "logs-source-route53": "L9",
    "insights-q-what": "I1",
    "insights-q-live-tail": "I6",
    "delivery-export-delay": "E2",
    "delivery-kds-flink": "N1/S4",
    "delivery-cross-account-name": "S7",
    "tail-sampling": "T2",
    "agent-metrics-namespace": "A5",
}


@pytest.mark.parametrize("fact_id", sorted(ERRATA))
def test_errata_are_encoded(facts, fact_id):
    erratum = facts[fact_id].erratum
    assert erratum is not None, f"{fact_id} should carry erratum {ERRATA[fact_id]}"
    assert erratum.notes_said and erratum.correct and erratum.reference


def test_core_files_topics_and_prefixes(catalogue, core_facts):
    topics = {pathlib.Path(t.file).name: t.id for t in catalogue.topics}
    for name, topic in CORE_FILES.items():
        assert topics.get(name) == topic
    assert len(core_facts) >= 60
    for fact in core_facts:
        assert fact.id.startswith(PREFIXES), fact.id
        assert all(1 <= n <= 87 for n in fact.source_lines), fact.id
        if fact.supplementary:
            assert fact.reference, fact.id


def test_prompt_never_contains_answer(core_facts):
    for fact in core_facts:
        answers = fact.answer if isinstance(fact.answer, list) else [fact.answer]
        for answer in answers:
            if isinstance(answer, str) and len(answer) > 2:
                for prompt in (fact.ko, fact.en):
                    assert answer.lower() not in prompt.lower(), (fact.id, answer)


def test_families_have_enough_distinct_answers(catalogue, core_facts):
    distinct = defaultdict(set)
    for fact in catalogue.facts:
        distinct[fact.family].add(render_answer(fact.answer))
        distinct[fact.family].update(render_answer(c) for c in fact.confusers)
    for family in {f.family for f in core_facts}:
        assert len(distinct[family]) >= 4, family


def test_number_units_consistent_within_own_families(core_facts):
    units = defaultdict(set)
    for fact in core_facts:
        if fact.answer_kind == "number":
            units[fact.family].add(fact.answer["unit"])
            for c in fact.confusers:
                assert c["unit"] == fact.answer["unit"], fact.id
    assert units["retention"] == {"days"}




def test_lines_1_to_87_are_cited(core_facts):
    tool = seed_coverage_tool()
    if tool is None:
        pytest.skip("seed_coverage tool not available")
    from studycli.paths import notes_path

    required, _ = tool.classify(notes_path().read_text(encoding="utf-8").splitlines())
    cited = {n for f in core_facts for n in f.source_lines}
    missing = sorted(n for n in required if n <= 87 and n not in cited)
    assert not missing, f"uncited notes lines: {missing}"
