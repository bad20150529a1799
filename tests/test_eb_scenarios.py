"""EventBridge/CloudTrail scenarios: at least 8, citing the notes, truth computed by the engines."""

from __future__ import annotations

import copy

import pytest
from conftest import REPO

from studycli.errors import ContentError
from studycli.i18n import render
from studycli.scenarios.base import Scenario, build_checkpoints, check_all, load_scenarios
from studycli.scenarios.base import build_checkpoints as eb_build

SCENARIOS = REPO / "content" / "scenarios"
NOTES = REPO / "content" / "notes.txt"
OURS = [s for s in load_scenarios(SCENARIOS) if s.id.startswith("eb-")]
BY_ID = {s.id: s for s in OURS}


def answer(scenario_id: str, checkpoint_id: str) -> str:
    checkpoints = {c.id: c for c in build_checkpoints(BY_ID[scenario_id])}
    cp = checkpoints[checkpoint_id]
    return render(cp.options[cp.answer], "en")


def test_at_least_eight_scenarios_covering_the_issue_list():
    assert len(OURS) >= 8
    for needed in ("eb-root-login-alert", "eb-s3-upload", "eb-codebuild-failed", "eb-ec2-state-change",
                   "eb-partner-event", "eb-cross-account-bus", "eb-cron-schedule", "eb-archive-replay"):
        assert needed in BY_ID, needed
    assert {s.kind for s in OURS} == {"eventbridge", "schedule", "cloudtrail"}


def test_every_scenario_builds_and_cites_eventbridge_cloudtrail_or_elb_lines():
    assert [p for p in check_all(SCENARIOS) if "/eb-" in p] == []
    allowed = set(range(139, 165)) | set(range(166, 191)) | set(range(220, 231))
    lines = NOTES.read_text(encoding="utf-8").splitlines()
    for scenario in OURS:
        assert scenario.source_lines and set(scenario.source_lines) <= allowed, scenario.id
        # cite lines that say something, not headings or blank lines
        assert all(lines[n - 1].strip() and not lines[n - 1].startswith("#") for n in scenario.source_lines), scenario.id
        for cp in build_checkpoints(scenario):
            assert 0 <= cp.answer < len(cp.options) and render(cp.explanation, "ko") and render(cp.explanation, "en")


def test_root_login_alert_from_the_notes():
    assert 143 in BY_ID["eb-root-login-alert"].source_lines and 144 in BY_ID["eb-root-login-alert"].source_lines
    assert answer("eb-root-login-alert", "root-signs-in").startswith("matches")
    assert answer("eb-root-login-alert", "iam-user-signs-in").startswith("does not match")
    assert answer("eb-root-login-alert", "lowercase-root").startswith("does not match")
    assert answer("eb-root-login-alert", "who-gets-it") == "root-login-alert/security-email (SNS)"


def test_bus_permissions_partner_and_cross_account():
    assert answer("eb-cross-account-bus", "allowed-account") == "orders-to-queue/orders-queue (SQS)"
    assert answer("eb-cross-account-bus", "stranger-account") == "rejected"
    assert answer("eb-partner-event", "own-app-on-partner-bus") == "rejected"
    assert answer("eb-ec2-state-change", "forged-source") == "rejected"


def test_cron_archive_and_cloudtrail_answers():
    assert answer("eb-cron-schedule", "friday-evening") == "2026-01-05T18:00Z"
    assert answer("eb-cron-schedule", "both-days-set").startswith("invalid")
    assert answer("eb-archive-replay", "replay-whole-week") == "3"    # one before the archive, one expired
    assert answer("eb-cloudtrail-event-classes", "get-object-logged").startswith("no")
    assert answer("eb-elb-who-changed", "who") == "CloudTrail"


def _with(scenario: Scenario, mutate) -> Scenario:
    changed = copy.deepcopy(scenario)
    mutate(changed)
    return changed


def test_truth_follows_the_engine_not_the_file():
    # change the rule's pattern in the setup: the computed answer flips
    def loosen(s):
        s.setup["pattern"]["detail"]["userIdentity"]["type"] = [{"equals-ignore-case": "root"}]
    loosened = _with(BY_ID["eb-root-login-alert"], loosen)
    checkpoints = {c.id: c for c in eb_build(loosened)}
    assert render(checkpoints["lowercase-root"].options[checkpoints["lowercase-root"].answer], "en").startswith("matches")


def test_options_missing_the_engines_answer_are_a_content_error():
    def drop_truth(s):
        cp = next(c for c in s.checkpoints_raw if c["id"] == "who-gets-it")
        cp["options"] = ["none", "rejected"]
    with pytest.raises(ContentError) as caught:
        eb_build(_with(BY_ID["eb-root-login-alert"], drop_truth))
    assert "eb-root-login-alert.yaml:" in str(caught.value) and "must be exactly one of the options" in str(caught.value)


def test_invalid_pattern_in_a_scenario_names_file_and_line():
    def break_pattern(s):
        s.setup["pattern"]["source"] = "aws.signin"
    with pytest.raises(ContentError) as caught:
        eb_build(_with(BY_ID["eb-root-login-alert"], break_pattern))
    assert "eb-root-login-alert.yaml:" in str(caught.value) and "must be an object or an array" in str(caught.value)
