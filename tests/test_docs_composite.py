"""Conformance: composite alarm rules as the CloudWatch docs write them, children named by name or by ARN.

Each row: the rule, the child states (keyed by name or ARN, as `--state` takes them), the
composite's state, and the AWS page it follows.
CC = "Create a composite alarm" (Create_Composite_Alarm.html, "Rule expressions" and "Example expressions"),
PCA = PutCompositeAlarm API reference (API_PutCompositeAlarm.html, the AlarmRule parameter).
"""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from studycli.cli import app
from studycli.errors import SpecError
from studycli.i18n import render
from studycli.sims.alarms.composite import composite_state, parse_rule

CC = "https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Create_Composite_Alarm.html"
PCA = "https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutCompositeAlarm.html"
ARN = "arn:aws:cloudwatch:us-east-1:123456789012:alarm:"

CASES = [
    ("ALARM(CPUUtilizationTooHigh) AND ALARM(DiskReadOpsTooHigh)",
     {"CPUUtilizationTooHigh": "ALARM", "DiskReadOpsTooHigh": "ALARM"}, "ALARM", f"{CC} example 1"),
    ("ALARM(CPUUtilizationTooHigh) AND ALARM(DiskReadOpsTooHigh)",
     {"CPUUtilizationTooHigh": "ALARM", "DiskReadOpsTooHigh": "OK"}, "OK", f"{CC} example 1: only if both"),
    ("ALARM(CPUUtilizationTooHigh) AND NOT ALARM(DeploymentInProgress)",
     {"CPUUtilizationTooHigh": "ALARM", "DeploymentInProgress": "ALARM"}, "OK",
     f"{CC} example 2: quiet during a deployment window"),
    ("ALARM(CPUUtilizationTooHigh) AND NOT ALARM(DeploymentInProgress)",
     {"CPUUtilizationTooHigh": "ALARM", "DeploymentInProgress": "INSUFFICIENT_DATA"}, "ALARM", f"{CC} example 2"),
    ("(ALARM(CPUUtilizationTooHigh) OR ALARM(DiskReadOpsTooHigh)) AND OK(NetworkOutTooHigh)",
     {"CPUUtilizationTooHigh": "OK", "DiskReadOpsTooHigh": "ALARM", "NetworkOutTooHigh": "OK"}, "ALARM",
     f"{CC} example 3"),
    ("(ALARM(CPUUtilizationTooHigh) OR ALARM(DiskReadOpsTooHigh)) AND OK(NetworkOutTooHigh)",
     {"CPUUtilizationTooHigh": "ALARM", "DiskReadOpsTooHigh": "ALARM", "NetworkOutTooHigh": "ALARM"}, "OK",
     f"{CC} example 3: a network issue keeps it quiet"),
    ('INSUFFICIENT_DATA("web-cpu")', {"web-cpu": "INSUFFICIENT_DATA"}, "ALARM",
     f"{CC} rule expressions: INSUFFICIENT_DATA(\"alarm-name or alarm-ARN\")"),
    ("TRUE", {}, "ALARM", f"{CC} note: TRUE always evaluates to TRUE"),
    ("FALSE OR OK(a)", {"a": "ALARM"}, "OK", f"{CC} note: FALSE always evaluates to FALSE"),
    # --- children by ARN, by name, or both ways in one rule ------------------------------------
    (f"ALARM({ARN}CPUUtilizationTooHigh)", {"CPUUtilizationTooHigh": "ALARM"}, "ALARM",
     f"{PCA}: either alarm names or ARNs reference the other alarms"),
    ("ALARM(CPUUtilizationTooHigh)", {f"{ARN}CPUUtilizationTooHigh": "ALARM"}, "ALARM",
     f"{PCA}: the state given by ARN for a child the rule names by name"),
    (f'ALARM("{ARN}CPUUtilizationTooHigh") AND OK(NetworkOutTooHigh)',
     {f"{ARN}CPUUtilizationTooHigh": "ALARM", "NetworkOutTooHigh": "OK"}, "ALARM", f"{PCA}: a quoted ARN"),
    (f"ALARM({ARN}a) OR ALARM(a)", {"a": "OK"}, "OK", f"{PCA}: the same child by ARN and by name is one child"),
]


@pytest.mark.parametrize("rule,states,expected,doc", CASES, ids=[f"{i}-{c[2]}" for i, c in enumerate(CASES)])
def test_docs_rule(rule, states, expected, doc):
    assert doc.startswith("https://docs.aws.amazon.com/")
    assert composite_state(rule, states).state == expected


def test_a_child_named_by_arn_is_counted_once_and_keeps_its_arn_in_the_explanation():
    rule = parse_rule(f"ALARM({ARN}cpu) OR OK(cpu)")
    assert rule.alarms == ("cpu",)
    outcome = composite_state(f"ALARM({ARN}cpu) AND OK(disk)", {"cpu": "ALARM", "disk": "OK"})
    text = render(outcome.explanation, "en")
    assert f"ALARM({ARN}cpu) is TRUE" in text and f"{ARN}cpu is ALARM" in text


def test_limits_from_the_api_reference():
    # PCA: as many as 100 child alarms and 500 elements; AlarmRule is 1-10240 characters
    with pytest.raises(SpecError, match="at most 100"):
        parse_rule(" OR ".join(f"ALARM(a{i})" for i in range(101)))
    with pytest.raises(SpecError, match="at most 500"):
        parse_rule(" OR ".join("TRUE" for _ in range(501)))
    with pytest.raises(SpecError, match="at most 10240"):
        parse_rule("ALARM(" + "a" * 10240 + ")")


def test_the_command_takes_a_child_state_by_arn():
    result = CliRunner().invoke(app, ["--lang", "en", "scenario", "composite", "--rule",
                                      "ALARM(cpu) AND OK(disk)", "--state", f"{ARN}cpu=ALARM",
                                      "--state", "disk=OK", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["state"] == "ALARM"
    conflict = CliRunner().invoke(app, ["scenario", "composite", "--rule", "ALARM(cpu)", "--state", "cpu=OK",
                                        "--state", f"{ARN}cpu=ALARM"])
    assert isinstance(conflict.exception, SpecError) and conflict.exception.exit_code == 2
    assert "already given as OK" in str(conflict.exception)
