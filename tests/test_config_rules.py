"""Acceptance 4: AWS Config rules, notifications, remediation retries and cost; Logs delivery choices."""

from __future__ import annotations

from decimal import Decimal

import pytest

from studycli.errors import SpecError
from studycli.sims.config import config_rules as cr
from studycli.sims.logs import logs_delivery as ld

OPEN_SSH = {"id": "sg-open", "type": cr.SECURITY_GROUP,
            "ingress": [{"protocol": "tcp", "from_port": 22, "to_port": 22, "cidrs": ["0.0.0.0/0"]}]}
OFFICE_SSH = {"id": "sg-office", "type": cr.SECURITY_GROUP,
              "ingress": [{"protocol": "tcp", "from_port": 22, "to_port": 22, "cidrs": ["203.0.113.0/24"]},
                          {"protocol": "tcp", "from_port": 443, "to_port": 443, "cidrs": ["0.0.0.0/0"]}]}
ALL_TRAFFIC_V6 = {"id": "sg-all", "type": cr.SECURITY_GROUP, "ingress": [{"protocol": "-1", "cidrs": ["::/0"]}]}


@pytest.mark.parametrize("resource, expected", [
    (OPEN_SSH, cr.NON_COMPLIANT), (OFFICE_SSH, cr.COMPLIANT), (ALL_TRAFFIC_V6, cr.NON_COMPLIANT),
    ({"id": "sg-range", "type": cr.SECURITY_GROUP,
      "ingress": [{"protocol": "tcp", "from_port": 0, "to_port": 1024, "cidrs": ["0.0.0.0/0"]}]}, cr.NON_COMPLIANT),
    ({"id": "sg-udp", "type": cr.SECURITY_GROUP,
      "ingress": [{"protocol": "udp", "from_port": 22, "to_port": 22, "cidrs": ["0.0.0.0/0"]}]}, cr.COMPLIANT),
    ({"id": "bucket", "type": cr.BUCKET}, cr.NOT_APPLICABLE),
])
def test_restricted_ssh_flags_port_22_open_to_the_internet(resource, expected):
    assert cr.evaluate("restricted-ssh", resource).compliance == expected


def test_public_bucket_rules():
    public = {"id": "photos", "type": cr.BUCKET, "acl_public_read": True}
    blocked = {"id": "photos", "type": cr.BUCKET, "acl_public_read": True,
               "public_access_block": {s: True for s in cr.BLOCK_SETTINGS}}
    assert cr.evaluate("s3-bucket-public-read-prohibited", public).compliance == cr.NON_COMPLIANT
    assert cr.evaluate("s3-bucket-public-read-prohibited", blocked).compliance == cr.COMPLIANT
    assert cr.evaluate("s3-bucket-level-public-access-prohibited", public).compliance == cr.NON_COMPLIANT
    assert cr.evaluate("s3-bucket-level-public-access-prohibited", blocked).compliance == cr.COMPLIANT


def test_alb_without_an_ssl_certificate_is_noncompliant():
    plain = {"id": "alb-1", "type": cr.LOAD_BALANCER, "listeners": [{"protocol": "HTTP", "port": 80}]}
    good = {"id": "alb-2", "type": cr.LOAD_BALANCER, "listeners": [
        {"protocol": "HTTP", "port": 80, "default_action": "redirect-https"},
        {"protocol": "HTTPS", "port": 443, "certificate": "arn:aws:acm:us-east-1:111122223333:certificate/abc"}]}
    assert cr.evaluate("elbv2-acm-certificate-required", plain).compliance == cr.NON_COMPLIANT
    assert cr.evaluate("alb-http-to-https-redirection-check", plain).compliance == cr.NON_COMPLIANT
    assert cr.evaluate("elbv2-acm-certificate-required", good).compliance == cr.COMPLIANT
    assert cr.evaluate("alb-http-to-https-redirection-check", good).compliance == cr.COMPLIANT


def test_notifications_only_when_compliance_changes():
    evaluation = cr.evaluate("restricted-ssh", OPEN_SSH)
    first = cr.compliance_notifications({}, [evaluation])
    assert [n.channel for n in first] == ["sns", "eventbridge"]
    assert first[0].message["messageType"] == "ComplianceChangeNotification"
    assert first[1].message["detail-type"] == "Config Rules Compliance Change"
    assert first[1].message["detail"]["newEvaluationResult"]["complianceType"] == "NON_COMPLIANT"
    assert cr.compliance_notifications({"sg-open": cr.NON_COMPLIANT}, [evaluation]) == []
    back = cr.compliance_notifications({"sg-open": cr.NON_COMPLIANT}, [cr.evaluate("restricted-ssh",
                                       {**OPEN_SSH, "ingress": []})], channels=("sns",))
    assert back[0].message["oldEvaluationResult"] == {"complianceType": "NON_COMPLIANT"}


def test_remediation_retries_stop_at_the_configured_maximum():
    never = cr.run_auto_remediation(cr.RemediationConfiguration("restricted-ssh", "AWS-DisablePublicAccessForSecurityGroup",
                                                                maximum_automatic_attempts=3), None)
    assert [a.number for a in never.attempts] == [1, 2, 3]
    assert never.outcome == "REMEDIATION_EXCEPTION"


def test_remediation_defaults_to_5_attempts_within_60_seconds():
    config = cr.RemediationConfiguration("restricted-ssh", "AWS-DisablePublicAccessForSecurityGroup")
    run = cr.run_auto_remediation(config, None)
    assert len(run.attempts) == 5 and all(a.at_seconds < 60 for a in run.attempts)


def test_remediation_stops_retrying_once_the_fix_works():
    config = cr.RemediationConfiguration("restricted-ssh", "AWS-DisablePublicAccessForSecurityGroup",
                                         maximum_automatic_attempts=25)
    run = cr.run_auto_remediation(config, 2)
    assert [a.succeeded for a in run.attempts] == [False, True] and run.outcome == cr.COMPLIANT


def test_manual_remediation_makes_no_attempts():
    config = cr.RemediationConfiguration("restricted-ssh", "AWS-DisablePublicAccessForSecurityGroup", automatic=False)
    assert cr.run_auto_remediation(config, 1).attempts == ()


@pytest.mark.parametrize("attempts, seconds", [(0, 60), (26, 60), (5, 0), ("5", 60), (True, 60)])
def test_remediation_configuration_outside_the_api_limits_is_rejected(attempts, seconds):
    with pytest.raises(SpecError, match="MaximumAutomaticAttempts|RetryAttemptSeconds"):
        cr.RemediationConfiguration("r", "doc", maximum_automatic_attempts=attempts, retry_attempt_seconds=seconds)


def test_cost_of_continuous_recording_and_first_tier_evaluations():
    estimate = cr.config_cost(10_000, 50_000)
    assert estimate.items_cost == Decimal("30.000")          # 10,000 x $0.003
    assert estimate.evaluations_cost == Decimal("50.000")    # 50,000 x $0.001
    assert estimate.to_json()["total"] == 80.0


def test_cost_of_daily_recording_is_four_times_continuous_per_item():
    assert cr.config_cost(1000, 0, "daily").items_cost == Decimal("12.000")


def test_cost_of_evaluations_across_all_three_tiers():
    estimate = cr.config_cost(0, 600_000)
    assert [(n, str(p)) for n, p, _ in estimate.evaluation_lines] == [
        (100_000, "0.001"), (400_000, "0.0008"), (100_000, "0.0005")]
    assert estimate.evaluations_cost == Decimal("100") + Decimal("320") + Decimal("50")


def test_the_notes_three_cents_per_item_would_overstate_the_bill_tenfold():
    # Notes line 206 says 3 cents per item; the price is $0.003 (research row G10).
    assert cr.config_cost(1000, 0).items_cost * 10 == Decimal("0.03") * 1000


@pytest.mark.parametrize("items, evaluations, recording", [(-1, 0, "continuous"), (1, 0, "hourly"), (1.5, 0, "daily")])
def test_bad_cost_inputs_are_rejected(items, evaluations, recording):
    with pytest.raises(SpecError):
        cr.config_cost(items, evaluations, recording)


# ---------------------------------------------------------------- Logs delivery

@pytest.mark.parametrize("need, mechanism", [
    (ld.DeliveryNeed("s3"), ld.S3_EXPORT),
    (ld.DeliveryNeed("s3", realtime=True), ld.FIREHOSE),
    (ld.DeliveryNeed("s3-continuous"), ld.FIREHOSE),
    (ld.DeliveryNeed("opensearch", realtime=True), ld.FIREHOSE),
    (ld.DeliveryNeed("stream-processing", realtime=True), ld.KINESIS),
    (ld.DeliveryNeed("function", realtime=True), ld.LAMBDA),
    (ld.DeliveryNeed("another-account", realtime=True), ld.CROSS_ACCOUNT),
])
def test_delivery_choice(need, mechanism):
    assert ld.choose_delivery(need).mechanism == mechanism


def test_third_subscription_filter_is_refused():
    group = ld.put_subscription_filter(ld.put_subscription_filter(ld.LogGroup("/app"), "a"), "b")
    assert ld.put_subscription_filter(group, "a") == group          # same name replaces
    with pytest.raises(SpecError, match="LimitExceededException"):
        ld.put_subscription_filter(group, "c")


def test_one_active_export_task_per_account():
    tasks = ld.create_export_task((), "t1")
    with pytest.raises(SpecError, match="one active export task"):
        ld.create_export_task(tasks, "t2")
    assert len(ld.create_export_task((ld.ExportTask("t1", "COMPLETED"),), "t2")) == 2


def test_data_younger_than_12_hours_may_not_be_exportable_yet():
    assert ld.exportable_yet(3) is None and ld.exportable_yet(12) is True


def test_cross_account_subscription_needs_policy_role_and_same_region():
    destination = ld.Destination("central", "999999999999", "us-east-1", "kinesis",
                                 "arn:aws:iam::999999999999:role/CWLtoKinesis", allowed_accounts=("111111111111",))
    assert ld.check_cross_account("111111111111", ld.LogGroup("/app"), destination).allowed
    refused = ld.check_cross_account("222222222222", ld.LogGroup("/app", "eu-west-1"), destination)
    assert not refused.allowed and len(refused.problems) == 2
    by_org = ld.Destination("central", "999999999999", "us-east-1", "firehose", "arn:aws:iam::9:role/r",
                            allowed_organization="o-abc")
    assert ld.check_cross_account("333333333333", ld.LogGroup("/app"), by_org, sender_organization="o-abc").allowed
