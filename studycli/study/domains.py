"""Exam domains: how the topics of the notes group for "mastery by domain".

The grouping follows the way the monitoring-and-governance part of the AWS SysOps and
DevOps exams reads: monitoring with metrics and alarms, logging, event-driven automation,
and audit and compliance. Topics a learner adds in a content pack fall under "Other".
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

# The domains in the order charts show them; each one's title is the message `domain.<name>`.
DOMAINS: tuple[str, ...] = ("monitoring", "logging", "events", "governance", "other")

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
    totals: dict[str, float] = defaultdict(float)
    counts: dict[str, int] = defaultdict(int)
    for card_id, topic in card_topics.items():
        domain = domain_of(topic)
        totals[domain] += recall.get(card_id, 0.0)
        counts[domain] += 1
    return {d: round(totals[d] / counts[d], 4) for d in DOMAINS if counts[d]}


def daily_series(per_day: Iterable[Mapping[str, Any]], dates: list[str], key: str) -> list[int]:
    """Values for each of `dates` (0 where a day has none)."""
    by_date = {row["date"]: row[key] for row in per_day}
    return [int(by_date.get(d, 0)) for d in dates]
