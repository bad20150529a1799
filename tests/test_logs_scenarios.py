"""The shipped logs-*, insights-* and config-* scenarios: valid, computed by the engines, cited."""

from __future__ import annotations

import copy

import pytest

from studycli.errors import ContentError
from studycli.i18n import render
from studycli.paths import content_dir
from studycli.scenarios import base as adapter
from studycli.scenarios.base import build_checkpoints, load_scenarios

KINDS = ("logs", "insights", "config")


def shipped():
    return [s for s in load_scenarios(content_dir() / "scenarios") if s.kind in KINDS]


def test_at_least_8_scenarios_across_logs_insights_and_config():
    scenarios = shipped()
    assert len(scenarios) >= 8
    assert {s.kind for s in scenarios} == set(KINDS)


@pytest.mark.parametrize("scenario", shipped(), ids=lambda s: s.id)
def test_every_checkpoint_builds_with_bilingual_explanations(scenario):
    checkpoints = build_checkpoints(scenario)
    assert checkpoints
    for cp in checkpoints:
        assert 0 <= cp.answer < len(cp.options)
        assert render(cp.explanation, "ko") and render(cp.explanation, "en")


@pytest.mark.parametrize("scenario", shipped(), ids=lambda s: s.id)
def test_scenarios_cite_the_logs_config_or_elb_lines_of_the_notes(scenario):
    # Logs, Config and the ELB case, plus the alarms line on metric filters (106).
    allowed = set(range(21, 65)) | {106} | set(range(192, 219)) | set(range(220, 231))
    assert set(scenario.source_lines) <= allowed


def _scenario(name):
    return next(s for s in shipped() if s.id == name)


def test_metric_filter_scenario_reaches_alarm_from_its_log_lines():
    checkpoints = {c.id: c for c in build_checkpoints(_scenario("logs-error-metric-filter"))}
    alarm = checkpoints["minute-1-alarm"]
    assert alarm.options[alarm.answer] == "ALARM"
    assert render(checkpoints["minute-3-nothing"].options[checkpoints["minute-3-nothing"].answer], "en") == "no data"


def test_insights_investigation_uses_pct_and_dedup():
    # Issue 18: an Insights investigation with pct (the tail, not the median, is slow) and dedup.
    got = {c.id: render(c.options[c.answer], "en") for c in build_checkpoints(_scenario("insights-latency-investigation"))}
    assert (got["slowest-tail"], got["median-looks-fine"]) == ("payments", "410")
    assert (got["latest-error-per-service"], got["dedup-keeps-the-newest"], got["dedup-follows-the-sort"]) == (
        "2", "10.0.0.8", "2900")


def test_remediation_scenario_answer_is_the_default_maximum_of_5():
    cp = next(c for c in build_checkpoints(_scenario("config-unrestricted-ssh")) if c.id == "retries-default")
    assert cp.options[cp.answer] == "5"


def test_options_that_miss_the_engines_answer_are_a_content_error_naming_the_file():
    scenario = _scenario("config-cost-estimate")
    broken_raw = copy.deepcopy(scenario.checkpoints_raw)
    broken_raw[0]["options"] = ["$1.00", "$2.00"]
    broken = type(scenario)(**{**scenario.__dict__, "checkpoints_raw": broken_raw})
    with pytest.raises(ContentError) as caught:
        adapter.build_checkpoints(broken)
    assert "config-cost-estimate.yaml" in str(caught.value) and "$80.00" in str(caught.value)


def test_a_bad_pattern_in_a_scenario_is_a_content_error():
    scenario = _scenario("logs-filter-patterns")
    broken = type(scenario)(**{**scenario.__dict__, "setup": {"pattern": "{ $.a = "}})
    with pytest.raises(ContentError, match="invalid filter pattern"):
        adapter.build_checkpoints(broken)
