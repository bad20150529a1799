"""Every shipped alarm/composite scenario builds its checkpoints from the engines, and the
adapter reports broken scenario setups as `file:line` content errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from studycli.errors import ContentError
from studycli.i18n import render
from studycli.scenarios.base import build_checkpoints, load_scenarios

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = ROOT / "content" / "scenarios"
NOTES_LINES = len((ROOT / "content" / "notes.txt").read_text(encoding="utf-8").splitlines())


def alarm_scenarios():
    return [s for s in load_scenarios(SCENARIOS) if s.kind in ("alarm", "composite")]


def test_at_least_eight_alarm_scenarios_covering_the_brief():
    ids = {s.id for s in alarm_scenarios()}
    assert len(ids) >= 8
    for wanted in ("alarm-cpu-spike-2-of-3", "alarm-flapping-metric", "alarm-composite-noise",
                   "alarm-ec2-status-check-recover", "alarm-metric-filter-errors", "alarm-set-alarm-state",
                   "alarm-high-resolution-10s"):
        assert wanted in ids
    treatments = {s.setup["alarm"]["treat_missing_data"] for s in alarm_scenarios() if s.id.startswith("alarm-agent-silent")}
    assert treatments == {"missing", "ignore", "breaching", "notBreaching"}


@pytest.mark.parametrize("scenario", alarm_scenarios(), ids=lambda s: s.id)
def test_every_shipped_alarm_scenario_builds_its_checkpoints(scenario):
    checkpoints = build_checkpoints(scenario)
    assert len(checkpoints) == len(scenario.checkpoints_raw) >= 1
    for cp in checkpoints:
        assert len(cp.options) >= 2 and len({render(o, "en") for o in cp.options}) == len(cp.options)
        assert 0 <= cp.answer < len(cp.options)
        assert render(cp.explanation, "en").strip() and render(cp.explanation, "ko").strip()
        assert cp.ask["en"].strip() and cp.ask["ko"].strip()
    assert scenario.source_lines and all(1 <= n <= NOTES_LINES for n in scenario.source_lines)


def answers(scenario_id: str) -> dict[str, str]:
    scenario = next(s for s in alarm_scenarios() if s.id == scenario_id)
    return {cp.id: render(cp.options[cp.answer], "en") for cp in build_checkpoints(scenario)}


def test_the_silent_agent_ends_differently_under_each_treatment():
    ends = {t: answers(f"alarm-agent-silent-{t}")["range-empty"]
            for t in ("missing", "ignore", "breaching", "not-breaching")}
    assert ends == {"missing": "INSUFFICIENT_DATA", "ignore": "OK", "breaching": "ALARM", "not-breaching": "OK"}


def test_composite_noise_reduction_silences_the_cpu_alert_during_a_network_problem():
    got = answers("alarm-composite-noise")
    assert got["cpu-alone"] == "ALARM"
    assert got["cpu-and-network"] == "OK" and got["cpu-and-network-action"] == "(none)"
    assert got["network-no-data"] == "OK"   # OK(NetworkOutHigh) is FALSE while it is INSUFFICIENT_DATA


def test_recover_and_forced_state_scenarios():
    assert answers("alarm-ec2-status-check-recover")["second-failure-actions"] == "ec2:recover + sns:ops-alerts"
    forced = answers("alarm-set-alarm-state")
    assert (forced["forced"], forced["next-evaluation"]) == ("ALARM", "OK")


def test_band_metric_math_and_low_sample_scenarios():
    # Issue 18: an anomaly-detection band alarm, a metric math alarm and a low-sample percentile alarm.
    band = answers("alarm-anomaly-band")
    assert (band["above-the-band"], band["daytime-peak"], band["evening-surge"]) == ("ALARM", "OK", "ALARM")
    math = answers("alarm-error-rate-math")
    assert (math["more-errors-more-traffic"], math["small-traffic-rate"]) == ("OK", "ALARM")
    assert math["no-errors-no-datapoint"] == "OK"       # a missing m1 counts as 0 in 100 * m1 / m2
    low = answers("alarm-p90-low-samples")
    assert (low["quiet-and-fast"], low["one-slow-request-at-night"]) == ("ALARM", "OK")   # too few: state kept
    assert low["one-slow-request-actions"] == "(none)"


def write_scenario(tmp_path: Path, setup: str, checkpoints: str, kind: str = "alarm") -> Path:
    path = tmp_path / "s.yaml"
    path.write_text(f"""\
id: broken
kind: {kind}
title: {{ko: 제목, en: title}}
story: {{ko: 이야기, en: story}}
source: {{lines: [92]}}
setup:
{setup}
checkpoints:
{checkpoints}
""", encoding="utf-8")
    return path


GOOD_SETUP = """\
  alarm: {period: 60, evaluation_periods: 1, threshold: 1, comparison: GreaterThanThreshold}
  datapoints: [0, 5]"""
GOOD_CP = """\
  - id: a
    ask: {ko: 질문, en: question}
    at: 1"""


@pytest.mark.parametrize("setup, checkpoints, line, words", [
    (GOOD_SETUP.replace("period: 60", "period: 45"), GOOD_CP, 7, "setup.alarm.period"),
    (GOOD_SETUP, GOOD_CP.replace("at: 1", "at: 9"), 12, "checkpoints.at"),
    (GOOD_SETUP, GOOD_CP + "\n    predict: colour", 13, "checkpoints.predict"),
    (GOOD_SETUP + "\n  surprise: 1", GOOD_CP, 9, "setup.surprise"),
])
def test_broken_alarm_scenarios_are_content_errors_with_file_and_line(tmp_path, setup, checkpoints, line, words):
    path = write_scenario(tmp_path, setup, checkpoints)
    scenario = load_scenarios(tmp_path)[0]
    with pytest.raises(ContentError) as err:
        build_checkpoints(scenario)
    assert err.value.problems[0].startswith(f"{path}:{line}: {words}")


def test_composite_rule_naming_an_undefined_alarm_is_a_content_error(tmp_path):
    setup = """\
  rule: ALARM(a) AND OK(ghost)
  alarms:
    a:
      alarm: {period: 60, evaluation_periods: 1, threshold: 1, comparison: GreaterThanThreshold}
      datapoints: [0, 5]"""
    write_scenario(tmp_path, setup, GOOD_CP, kind="composite")
    with pytest.raises(ContentError, match="ghost"):
        build_checkpoints(load_scenarios(tmp_path)[0])
