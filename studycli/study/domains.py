"""Exam domains: how the topics of the notes group for "mastery by domain".

The grouping follows the way the monitoring-and-governance part of the AWS SysOps and
DevOps exams reads: monitoring with metrics and alarms, logging, event-driven automation,
and audit and compliance. Topics a learner adds in a content pack fall under "Other".
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping

DOMAINS: dict[str, dict[str, str]] = {
    "monitoring": {"ko": "모니터링·경보", "en": "Monitoring and alarms"},
    "logging": {"ko": "로그", "en": "Logging"},
    "events": {"ko": "이벤트 기반 자동화", "en": "Event-driven automation"},
    "governance": {"ko": "감사·규정 준수", "en": "Audit and compliance"},
    "other": {"ko": "기타", "en": "Other"},
}

TOPIC_DOMAIN = {
    "cloudwatch/metrics": "monitoring", "cloudwatch/alarms": "monitoring", "cloudwatch/insights": "monitoring",
    "elb-case": "monitoring",
    "cloudwatch/logs": "logging", "cloudwatch/logs-delivery": "logging", "cloudwatch/logs-insights": "logging",
    "cloudwatch/live-tail": "logging", "cloudwatch/agent": "logging",
    "eventbridge": "events",
    "cloudtrail": "governance", "config": "governance",
}


def domain_of(topic: str) -> str:
    return TOPIC_DOMAIN.get(topic, "other")


def mastery_by_domain(card_topics: Mapping[str, str], recall: Mapping[str, float]) -> dict[str, float]:
    """Domain -> mean chance of recall over all its cards (a card never studied counts 0)."""
    sums: dict[str, list[float]] = defaultdict(lambda: [0.0, 0])
    for card_id, topic in card_topics.items():
        cell = sums[domain_of(topic)]
        cell[0] += recall.get(card_id, 0.0)
        cell[1] += 1
    return {d: round(total / n, 4) for d in DOMAINS for total, n in [sums[d]] if n}


def daily_series(per_day: Iterable[dict], dates: list[str], key: str) -> list[int]:
    """Values for each of `dates` (0 where a day has none)."""
    by_date = {row["date"]: row[key] for row in per_day}
    return [int(by_date.get(d, 0)) for d in dates]
