"""Issue 9: charts in `studycli stats`: 30-day forecast, reviews per day, accuracy by topic, mastery by domain."""

from __future__ import annotations

import json

from conftest import run_cli

from studycli.study.domains import daily_series, domain_of, mastery_by_domain

NOW = {"STUDYCLI_NOW": "2027-02-01T09:00:00+00:00", "STUDYCLI_FUZZ": "0"}


def test_mastery_is_the_mean_recall_of_a_domains_cards_with_unseen_cards_at_zero():
    topics = {"a:forward": "cloudwatch/alarms", "b:forward": "cloudwatch/metrics", "c:forward": "config"}
    mastery = mastery_by_domain(topics, {"a:forward": 0.9, "c:forward": 0.5})
    assert mastery == {"monitoring": 0.45, "governance": 0.5}
    assert domain_of("my/pack") == "other"


def test_daily_series_fills_days_without_reviews_with_zero():
    assert daily_series([{"date": "2027-01-02", "reviews": 4}], ["2027-01-01", "2027-01-02"], "reviews") == [0, 4]


def test_stats_json_and_screen_carry_the_charts():
    ratings = "\n3\n" * 5 + "q\n"
    assert run_cli("review", stdin=ratings, env=NOW).returncode == 0
    doc = json.loads(run_cli("stats", "--json", env=NOW).stdout)
    charts = doc["charts"]
    assert len(charts["forecast_30_days"]) == 30 and len(charts["reviews_per_day_30_days"]) == 30
    assert charts["reviews_per_day_30_days"][-1] == {"date": "2027-02-01", "reviews": 5}
    assert sum(d["due"] for d in charts["forecast_30_days"]) == 5
    assert {m["domain"] for m in charts["mastery_by_domain"]} >= {"monitoring", "logging", "events", "governance"}
    assert any(m["mastery"] > 0 for m in charts["mastery_by_domain"])
    assert sum(a["answered"] for a in charts["accuracy_by_topic"]) == 5
    screen = run_cli("stats", env=NOW).stdout
    for title in ("Reviews due, next 30 days", "Ratings per day, last 30 days", "Accuracy by topic",
                  "Mastery by exam domain"):
        assert title in screen
    assert "█" in screen
