"""CloudTrail classification: management read/write, data, Insights; logged by default; where to look.

Rows follow the notes (lines 171-190) and the CloudTrail user guide's examples of each event type.
"""

from __future__ import annotations

import pytest

from studycli.errors import SpecError
from studycli.i18n import render
from studycli.sims.cloudtrail.cloudtrail import ELB_QUESTIONS, classify, normalize_service

ROWS = [
    # api, service, category, read_only, logged by default
    ("AttachRolePolicy", "iam", "Management", False, True),       # notes 173
    ("CreateSubnet", "ec2", "Management", False, True),           # notes 173
    ("ListUsers", "iam", "Management", True, True),               # notes 176
    ("DescribeInstances", "ec2", "Management", True, True),       # notes 176
    ("DeleteTable", "dynamodb", "Management", False, True),       # notes 179
    ("ConsoleLogin", "signin.amazonaws.com", "Management", False, True),
    ("Decrypt", "kms", "Management", True, True),
    ("AssumeRole", "sts", "Management", True, True),
    ("AuthorizeSecurityGroupIngress", "ec2", "Management", False, True),   # ELB case, notes 230
    ("CreateBucket", "s3", "Management", False, True),
    ("GetBucketPolicy", "s3", "Management", True, True),
    ("GetObject", "s3", "Data", True, False),                     # notes 183
    ("PutObject", "s3", "Data", False, False),                    # notes 183
    ("DeleteObject", "S3", "Data", False, False),                 # notes 183
    ("Invoke", "lambda", "Data", False, False),                   # notes 183
    ("GetItem", "dynamodb", "Data", True, False),
    ("PutItem", "dynamodb.amazonaws.com", "Data", False, False),
    ("CreateFunction", "lambda", "Management", False, True),
]


@pytest.mark.parametrize("api,service,category,read_only,logged", ROWS, ids=[r[0] for r in ROWS])
def test_classification(api, service, category, read_only, logged):
    call = classify(api, service)
    assert (call.event_category, call.read_only, call.logged_by_default) == (category, read_only, logged)
    assert call.in_event_history is logged
    # Insights analyses write management events only
    assert call.analyzed_by_insights is (category == "Management" and not read_only)
    assert render(call.explanation, "ko") and render(call.explanation, "en")


def test_management_events_are_in_90_day_event_history_and_trails_keep_longer():
    call = classify("AttachRolePolicy", "iam")
    where_to_find = [render(w, "en") for w in call.where_to_find]
    assert any("Event history" in w and "90 days" in w for w in where_to_find)
    assert any("S3" in w and "Athena" in w for w in where_to_find)
    assert "CloudWatch Logs" in " ".join(where_to_find)


def test_data_events_need_a_trail():
    call = classify("GetObject", "s3")
    assert "trail" in render(call.where_to_find[0], "en") and "Event history" in render(call.explanation, "en")


def test_insights_events_are_not_api_calls_and_cost_extra():
    call = classify("InsightEvent", "cloudtrail")
    assert call.event_category == "Insight" and call.read_only is None and not call.logged_by_default
    assert "paid" in " ".join(render(w, "en") for w in call.where_to_find)


def test_elb_who_changed_the_security_group_is_cloudtrail():
    answers = {q["id"]: q["service"] for q in ELB_QUESTIONS}
    assert answers["who-changed-sg"] == "CloudTrail"
    assert answers["sg-rule-history"] == "Config"
    assert answers["error-rate"] == "CloudWatch"
    for q in ELB_QUESTIONS:
        for api in q["apis"]:
            service, name = api.split(":")
            assert classify(name, service).event_category == "Management"


@pytest.mark.parametrize("service,expected", [("s3", "s3"), ("S3.amazonaws.com", "s3"), ("aws.ec2", "ec2"),
                                              ("elbv2", "elasticloadbalancing")])
def test_service_names(service, expected):
    assert normalize_service(service) == expected


@pytest.mark.parametrize("api,service", [("", "s3"), ("Get Object", "s3"), ("GetObject", "s 3"), ("x;rm", "s3")])
def test_bad_input_is_a_clear_error(api, service):
    with pytest.raises(SpecError) as caught:
        classify(api, service)
    assert caught.value.exit_code == 2
