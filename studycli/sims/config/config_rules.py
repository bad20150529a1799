"""AWS Config in miniature: managed rules on sample resources, notifications, remediation, cost.

* Rules (AWS Config Developer Guide, managed rules): `restricted-ssh` (identifier
  INCOMING_SSH_DISABLED: NON_COMPLIANT when a security group lets 0.0.0.0/0 or ::/0 in
  on TCP port 22), `s3-bucket-public-read-prohibited`, `s3-bucket-level-public-access-
  prohibited`, `alb-http-to-https-redirection-check` and `elbv2-acm-certificate-required`
  (an ALB listener without an ACM certificate). Rules detect; they never block anything
  (research row Z3: the notes' "stops unencrypted traffic" is imprecise).
* Notifications: Config tells SNS (delivery channel topic, message type
  ComplianceChangeNotification) and EventBridge (source aws.config, detail-type
  "Config Rules Compliance Change") when a resource's compliance *changes*
  (notifications-for-AWS-Config.md, monitor-config-with-cloudwatchevents.md).
* Remediation (RemediationConfiguration; CFN-UG aws-resource-config-remediationconfiguration.md,
  research row G14): an SSM Automation document, run automatically; `MaximumAutomaticAttempts`
  defaults to 5 and may be 1-25, `RetryAttemptSeconds` defaults to 60. After the last
  failed attempt Config records a remediation exception for the resource and stops.
  AWS does not say how attempts are spaced inside the window; this engine spreads them
  evenly and says so.
* Cost (research rows G10, G11): $0.003 per configuration item with continuous
  recording, $0.012 with daily (periodic) recording; rule evaluations $0.001 each for
  the first 100,000 per Region per month, $0.0008 for the next 400,000 and $0.0005
  above 500,000. Sources: aws/tools-for-devops-agent
  skills/config-cost-optimization/references/billing-model.md @ 69e1ce43 (AWS-authored,
  cites aws.amazon.com/config/pricing); AWS Price List mirror
  (labofsahil/aws-pricing-dataset AWSConfig.csv) for $0.012 and the first tier; the two
  lower tiers come from https://www.vantage.sh/blog/aws-config-pricing, a third party,
  not checked against the official page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from studycli.errors import INVALID_CONFIG_SPEC, SpecError
from studycli.i18n import Msg
from studycli.sims.text import joined

COMPLIANT, NON_COMPLIANT, NOT_APPLICABLE = "COMPLIANT", "NON_COMPLIANT", "NOT_APPLICABLE"
SECURITY_GROUP = "AWS::EC2::SecurityGroup"
BUCKET = "AWS::S3::Bucket"
LOAD_BALANCER = "AWS::ElasticLoadBalancingV2::LoadBalancer"
ANYWHERE = ("0.0.0.0/0", "::/0")


@dataclass(frozen=True)
class Evaluation:
    rule: str
    resource_id: str
    resource_type: str
    compliance: str
    annotation: Msg                  # why


# ---------------------------------------------------------------- rules

def _ssh_open(resource: dict[str, Any]) -> list[Msg]:
    """The ingress rules that let the whole internet reach TCP port 22."""
    found = []
    for rule in resource.get("ingress", []):
        protocol = str(rule.get("protocol", "tcp")).lower()
        if protocol not in ("tcp", "6", "-1", "all"):
            continue
        low, high = rule.get("from_port", 0), rule.get("to_port", 65535)
        if protocol in ("-1", "all"):
            low, high = 0, 65535
        sources = [c for c in rule.get("cidrs", []) if c in ANYWHERE]
        if sources and low <= 22 <= high:
            found.append(Msg("sim.config.ssh.rule", {"protocol": protocol, "ports": f"{low}-{high}",
                                                      "sources": ", ".join(sources)}))
    return found


def restricted_ssh(resource: dict[str, Any]) -> tuple[str, Msg]:
    open_rules = _ssh_open(resource)
    if open_rules:
        return NON_COMPLIANT, Msg("sim.config.ssh.open", {"rules": joined(open_rules, "sim.join.semicolon")})
    return COMPLIANT, Msg("sim.config.ssh.closed")


def _block(resource: dict[str, Any]) -> dict[str, Any]:
    return resource.get("public_access_block", {}) or {}


def bucket_public_read(resource: dict[str, Any]) -> tuple[str, Msg]:
    """Public read through the ACL or the bucket policy, unless Block Public Access neutralises it."""
    block = _block(resource)
    reasons: list[str | Msg] = []
    if resource.get("acl_public_read") and not block.get("ignore_public_acls"):
        reasons.append(Msg("sim.config.bucket.acl_public"))
    if resource.get("policy_public_read") and not block.get("restrict_public_buckets"):
        reasons.append(Msg("sim.config.bucket.policy_public"))
    if reasons:
        return NON_COMPLIANT, Msg("sim.config.bucket.public_read", {"reasons": joined(reasons, "sim.join.semicolon")})
    return COMPLIANT, Msg("sim.config.bucket.not_public")


BLOCK_SETTINGS = ("block_public_acls", "ignore_public_acls", "block_public_policy", "restrict_public_buckets")


def bucket_level_public_access(resource: dict[str, Any]) -> tuple[str, Msg]:
    off = [s for s in BLOCK_SETTINGS if not _block(resource).get(s)]
    if off:
        return NON_COMPLIANT, Msg("sim.config.block.off", {"settings": ", ".join(off)})
    return COMPLIANT, Msg("sim.config.block.on")


def alb_redirects_http(resource: dict[str, Any]) -> tuple[str, Msg]:
    offenders = [str(l.get("port")) for l in resource.get("listeners", [])
                 if str(l.get("protocol", "")).upper() == "HTTP" and l.get("default_action") != "redirect-https"]
    if offenders:
        return NON_COMPLIANT, Msg("sim.config.alb.no_redirect", {"ports": ", ".join(offenders)})
    return COMPLIANT, Msg("sim.config.alb.redirects")


def alb_acm_certificate(resource: dict[str, Any]) -> tuple[str, Msg]:
    listeners = resource.get("listeners", [])
    secure = [l for l in listeners if str(l.get("protocol", "")).upper() in ("HTTPS", "TLS")]
    without = [str(l.get("port")) for l in secure if not str(l.get("certificate", "")).startswith("arn:aws:acm:")]
    if not secure:
        return NON_COMPLIANT, Msg("sim.config.acm.no_https")
    if without:
        return NON_COMPLIANT, Msg("sim.config.acm.missing", {"ports": ", ".join(without)})
    return COMPLIANT, Msg("sim.config.acm.present")


@dataclass(frozen=True)
class Rule:
    name: str
    identifier: str
    resource_type: str
    check: Callable[[dict[str, Any]], tuple[str, Msg]]


RULES: dict[str, Rule] = {r.name: r for r in (
    Rule("restricted-ssh", "INCOMING_SSH_DISABLED", SECURITY_GROUP, restricted_ssh),
    Rule("s3-bucket-public-read-prohibited", "S3_BUCKET_PUBLIC_READ_PROHIBITED", BUCKET, bucket_public_read),
    Rule("s3-bucket-level-public-access-prohibited", "S3_BUCKET_LEVEL_PUBLIC_ACCESS_PROHIBITED", BUCKET,
         bucket_level_public_access),
    Rule("alb-http-to-https-redirection-check", "ALB_HTTP_TO_HTTPS_REDIRECTION_CHECK", LOAD_BALANCER,
         alb_redirects_http),
    Rule("elbv2-acm-certificate-required", "ELBV2_ACM_CERTIFICATE_REQUIRED", LOAD_BALANCER, alb_acm_certificate),
)}


def rule(name: str) -> Rule:
    if name not in RULES:
        raise SpecError(f"unknown Config rule {name!r} (known: {', '.join(RULES)})", kind=INVALID_CONFIG_SPEC)
    return RULES[name]


def evaluate(rule_name: str, resource: dict[str, Any]) -> Evaluation:
    """One rule on one resource (a dict with id, type and the settings the rule reads)."""
    chosen = rule(rule_name)
    if not isinstance(resource, dict) or "id" not in resource or "type" not in resource:
        raise SpecError("a resource needs at least an id and a type", kind=INVALID_CONFIG_SPEC)
    if resource["type"] != chosen.resource_type:
        return Evaluation(chosen.name, resource["id"], resource["type"], NOT_APPLICABLE,
                          Msg("sim.config.not_applicable", {"rule": chosen.name, "type": chosen.resource_type}))
    compliance, why = chosen.check(resource)
    return Evaluation(chosen.name, resource["id"], resource["type"], compliance, why)


# ---------------------------------------------------------------- notifications

@dataclass(frozen=True)
class Notification:
    channel: str                     # "sns" or "eventbridge"
    message: dict[str, Any]


def compliance_notifications(previous: dict[str, str], evaluations: list[Evaluation],
                             channels: tuple[str, ...] = ("sns", "eventbridge")) -> list[Notification]:
    """Messages for the evaluations whose compliance differs from `previous[resource_id]` (none if unchanged)."""
    out: list[Notification] = []
    for ev in evaluations:
        old = previous.get(ev.resource_id)
        if old == ev.compliance or ev.compliance == NOT_APPLICABLE:
            continue
        for channel in channels:
            if channel == "sns":
                out.append(Notification("sns", {
                    "messageType": "ComplianceChangeNotification", "configRuleName": ev.rule,
                    "resourceType": ev.resource_type, "resourceId": ev.resource_id,
                    "newEvaluationResult": {"complianceType": ev.compliance},
                    "oldEvaluationResult": {"complianceType": old} if old else None}))
            elif channel == "eventbridge":
                out.append(Notification("eventbridge", {
                    "source": "aws.config", "detail-type": "Config Rules Compliance Change",
                    "detail": {"configRuleName": ev.rule, "resourceType": ev.resource_type,
                               "resourceId": ev.resource_id, "messageType": "ComplianceChangeNotification",
                               "newEvaluationResult": {"complianceType": ev.compliance},
                               "oldEvaluationResult": {"complianceType": old} if old else None}}))
            else:
                raise SpecError(f"notification channel {channel!r} is not sns or eventbridge", kind=INVALID_CONFIG_SPEC)
    return out


# ---------------------------------------------------------------- remediation

DEFAULT_MAX_ATTEMPTS, MIN_ATTEMPTS, MAX_ATTEMPTS = 5, 1, 25
DEFAULT_RETRY_SECONDS, MAX_RETRY_SECONDS = 60, 2_678_000   # API: RetryAttemptSeconds 1-2678000


@dataclass(frozen=True)
class RemediationConfiguration:
    config_rule_name: str
    target_id: str                                  # SSM Automation document, e.g. AWS-DisablePublicAccessForSecurityGroup
    automatic: bool = True
    maximum_automatic_attempts: int = DEFAULT_MAX_ATTEMPTS
    retry_attempt_seconds: int = DEFAULT_RETRY_SECONDS
    target_type: str = "SSM_DOCUMENT"

    def __post_init__(self) -> None:
        attempts, seconds = self.maximum_automatic_attempts, self.retry_attempt_seconds
        if isinstance(attempts, bool) or not isinstance(attempts, int) or not MIN_ATTEMPTS <= attempts <= MAX_ATTEMPTS:
            raise SpecError(f"MaximumAutomaticAttempts must be a whole number from {MIN_ATTEMPTS} to {MAX_ATTEMPTS}, "
                       f"got {attempts!r}", kind=INVALID_CONFIG_SPEC)
        if isinstance(seconds, bool) or not isinstance(seconds, int) or not 1 <= seconds <= MAX_RETRY_SECONDS:
            raise SpecError(f"RetryAttemptSeconds must be a whole number from 1 to {MAX_RETRY_SECONDS}, got {seconds!r}", kind=INVALID_CONFIG_SPEC)
        if self.target_type != "SSM_DOCUMENT":
            raise SpecError(f"TargetType must be SSM_DOCUMENT, got {self.target_type!r}", kind=INVALID_CONFIG_SPEC)


@dataclass(frozen=True)
class Attempt:
    number: int
    at_seconds: float
    succeeded: bool


@dataclass(frozen=True)
class RemediationRun:
    attempts: tuple[Attempt, ...]
    outcome: str                      # COMPLIANT | REMEDIATION_EXCEPTION | MANUAL (automatic off)
    explanation: Msg


def run_auto_remediation(config: RemediationConfiguration, succeeds_on_attempt: int | None) -> RemediationRun:
    """Attempts for one NON_COMPLIANT resource; the fix works on attempt `succeeds_on_attempt` (None: never)."""
    if not config.automatic:
        return RemediationRun((), "MANUAL", Msg("sim.config.remediation.manual"))
    if succeeds_on_attempt is not None and (isinstance(succeeds_on_attempt, bool) or succeeds_on_attempt < 1):
        raise SpecError(f"succeeds_on_attempt must be 1 or more (or None), got {succeeds_on_attempt!r}",
                        kind=INVALID_CONFIG_SPEC)
    limit = config.maximum_automatic_attempts
    spacing = config.retry_attempt_seconds / limit
    attempts = []
    for number in range(1, limit + 1):
        ok = succeeds_on_attempt is not None and number >= succeeds_on_attempt
        attempts.append(Attempt(number, round((number - 1) * spacing, 3), ok))
        if ok:
            return RemediationRun(tuple(attempts), COMPLIANT, Msg("sim.config.remediation.succeeded", {
                "target": config.target_id, "attempt": number}))
    return RemediationRun(tuple(attempts), "REMEDIATION_EXCEPTION", Msg("sim.config.remediation.exception", {
        "attempts": limit, "seconds": config.retry_attempt_seconds}))


# ---------------------------------------------------------------- cost

CI_PRICE = {"continuous": Decimal("0.003"), "daily": Decimal("0.012")}
EVALUATION_TIERS = ((100_000, Decimal("0.001")), (400_000, Decimal("0.0008")), (None, Decimal("0.0005")))


@dataclass(frozen=True)
class CostEstimate:
    configuration_items: int
    recording: str
    rule_evaluations: int
    items_cost: Decimal
    evaluation_lines: tuple[tuple[int, Decimal, Decimal], ...]   # (count, unit price, cost) per tier
    evaluations_cost: Decimal
    total: Decimal

    def to_json(self) -> dict[str, Any]:
        def money(d: Decimal) -> float:
            # Cents of a bill of more than 20 digits are beyond a float (and Decimal's 28 digits) anyway.
            return float(d.quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP) if d.adjusted() < 20 else d)

        return {"configuration_items": self.configuration_items, "recording": self.recording,
                "price_per_item": float(CI_PRICE[self.recording]), "items_cost": money(self.items_cost),
                "rule_evaluations": self.rule_evaluations,
                "evaluation_tiers": [{"evaluations": n, "price": float(p), "cost": money(c)}
                                     for n, p, c in self.evaluation_lines],
                "evaluations_cost": money(self.evaluations_cost), "total": money(self.total), "currency": "USD"}


def config_cost(configuration_items: int, rule_evaluations: int, recording: str = "continuous") -> CostEstimate:
    """Monthly cost in one Region at the prices above (conformance-pack evaluations count alike)."""
    for name, value in (("configuration items", configuration_items), ("rule evaluations", rule_evaluations)):
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise SpecError(f"{name} must be a whole number of 0 or more, got {value!r}", kind=INVALID_CONFIG_SPEC)
    if recording not in CI_PRICE:
        raise SpecError(f"recording must be continuous or daily, got {recording!r}", kind=INVALID_CONFIG_SPEC)
    items_cost = CI_PRICE[recording] * configuration_items
    lines, left = [], rule_evaluations
    for size, price in EVALUATION_TIERS:
        count = left if size is None else min(left, size)
        if count:
            lines.append((count, price, price * count))
        left -= count
    evaluations_cost = sum((c for _, _, c in lines), Decimal(0))
    return CostEstimate(configuration_items, recording, rule_evaluations, items_cost, tuple(lines),
                        evaluations_cost, items_cost + evaluations_cost)
