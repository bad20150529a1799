"""CloudTrail's event classes: which API calls are management (read or write) or data events,
what is logged without any setup, and where a learner would find a given call.

Rules from the CloudTrail user guide ("Working with CloudTrail management events", "Logging
data events", "Working with CloudTrail Insights", "Viewing events with CloudTrail Event
history"):

- Management events (control plane: create/modify/delete/describe resources, console
  sign-in) are recorded for every account without setup and kept 90 days in Event history
  (per Region, free, searchable in the console or with LookupEvents).
- Data events (resource operations on or in a resource: S3 object reads and writes, Lambda
  Invoke, DynamoDB item reads and writes ...) are high volume and NOT logged by default;
  a trail (or a CloudTrail Lake event data store) must select them, at extra cost.
- Insights events are not API calls: CloudTrail Insights, enabled on a trail and paid
  for, watches write management events for an unusual call rate or error rate and records
  an Insights event when it finds one (delivered to the trail's S3 bucket and to EventBridge).
- Keeping anything longer than 90 days, or across Regions in one bucket, needs a trail
  delivering to S3 (query it with Athena); a trail can also send to CloudWatch Logs for
  metric filters and alarms.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from typing import Any

from studycli.errors import INVALID_API_CALL, SpecError
from studycli.i18n import Msg

# Data-plane API calls by service (CloudTrail eventSource prefix). Anything else is a
# management event.
DATA_APIS: dict[str, frozenset[str]] = {
    "s3": frozenset({
        "GetObject", "PutObject", "DeleteObject", "DeleteObjects", "HeadObject", "CopyObject",
        "GetObjectAcl", "PutObjectAcl", "GetObjectTagging", "PutObjectTagging", "DeleteObjectTagging",
        "GetObjectAttributes", "GetObjectRetention", "PutObjectRetention", "GetObjectLegalHold",
        "PutObjectLegalHold", "RestoreObject", "SelectObjectContent", "CreateMultipartUpload",
        "UploadPart", "UploadPartCopy", "CompleteMultipartUpload", "AbortMultipartUpload", "ListParts",
        "ListObjects", "ListObjectsV2", "ListObjectVersions", "ListMultipartUploads"}),
    "lambda": frozenset({"Invoke", "InvokeAsync", "InvokeWithResponseStream"}),
    "dynamodb": frozenset({
        "GetItem", "PutItem", "UpdateItem", "DeleteItem", "Query", "Scan", "BatchGetItem",
        "BatchWriteItem", "TransactGetItems", "TransactWriteItems", "ExecuteStatement",
        "BatchExecuteStatement", "ExecuteTransaction"}),
    "sns": frozenset({"Publish", "PublishBatch"}),
    "sqs": frozenset({"SendMessage", "SendMessageBatch", "ReceiveMessage", "DeleteMessage",
                      "DeleteMessageBatch", "ChangeMessageVisibility", "ChangeMessageVisibilityBatch"}),
    "kinesis": frozenset({"PutRecord", "PutRecords", "GetRecords", "GetShardIterator", "SubscribeToShard"}),
}

# Read-only calls whose names do not start with a read verb.
READ_ONLY_EXCEPTIONS = frozenset({
    "Decrypt", "Encrypt", "GenerateDataKey", "GenerateDataKeyWithoutPlaintext", "GenerateRandom",
    "ReEncrypt", "Verify", "Sign", "AssumeRole", "AssumeRoleWithSAML", "AssumeRoleWithWebIdentity",
    "Query", "Scan", "SelectObjectContent", "ReceiveMessage", "LookupEvents", "HeadObject",
    "HeadBucket", "SubscribeToShard"})
READ_VERBS = ("Get", "Describe", "List", "Lookup", "Head", "Search", "BatchGet", "Query", "Scan", "Test",
              "Check", "Estimate", "Preview", "Validate", "View")

SERVICE_ALIASES = {"signin": "signin", "sign-in": "signin", "console": "signin", "ec2": "ec2", "iam": "iam",
                   "elb": "elasticloadbalancing", "elbv2": "elasticloadbalancing",
                   "elasticloadbalancing": "elasticloadbalancing", "awslambda": "lambda", "ddb": "dynamodb"}

EVENT_HISTORY_DAYS = 90


@dataclass(frozen=True)
class ApiCall:
    """How CloudTrail treats one API call (or an Insights event)."""

    api: str
    service: str
    event_source: str
    event_category: str          # "Management", "Data" or "Insight"
    read_only: bool | None       # None for Insights events (not an API call)
    logged_by_default: bool
    in_event_history: bool
    analyzed_by_insights: bool
    where_to_find: tuple[Msg, ...]
    explanation: Msg

    def to_json(self) -> dict[str, Any]:
        """The JSON contract: places in English (AWS's words), the explanation in every language."""
        from studycli.i18n import CATALOGUES, render

        doc = {f.name: getattr(self, f.name) for f in fields(self)}
        doc["where_to_find"] = [render(w, "en") for w in self.where_to_find]
        doc["explanation"] = {code: render(self.explanation, code) for code in CATALOGUES}
        return doc


def normalize_service(service: str) -> str:
    """`s3`, `S3`, `s3.amazonaws.com`, `aws.s3` -> `s3`."""
    name = service.strip().lower()
    name = re.sub(r"\.amazonaws\.com$", "", name)
    name = re.sub(r"^aws\.", "", name)
    if not re.fullmatch(r"[a-z0-9-]+", name or "-"):
        raise SpecError(f"service {service!r} is not a service name such as s3, ec2 or s3.amazonaws.com",
                        kind=INVALID_API_CALL)
    return SERVICE_ALIASES.get(name, name)


def is_read_only(api: str) -> bool:
    if api in READ_ONLY_EXCEPTIONS:
        return True
    return api.startswith(READ_VERBS)


def classify(api: str, service: str) -> ApiCall:
    """Classify `api` of `service` (ConsoleLogin of signin, PutObject of s3, ...)."""
    if not re.fullmatch(r"[A-Za-z][A-Za-z0-9]*", api or ""):
        raise SpecError(f"API name {api!r} is not an API operation name such as PutObject or "
                        "AttachRolePolicy", kind=INVALID_API_CALL)
    service = normalize_service(service)
    if api in ("InsightEvent", "Insight", "Insights"):
        return insights_event(service)
    category = "Data" if api in DATA_APIS.get(service, ()) else "Management"
    read_only = is_read_only(api)
    source = f"{service}.amazonaws.com"
    if category == "Management":
        where = tuple(Msg(f"sim.cloudtrail.where.{w}") for w in ("event_history", "trail", "lake"))
        explain = Msg("sim.cloudtrail.management", {"service": service, "api": api, "rw": _rw(read_only),
                                                     "insights": "" if read_only else Msg("sim.cloudtrail.insights_note")})
    else:
        where = tuple(Msg(f"sim.cloudtrail.where.{w}") for w in ("nowhere_yet", "then_trail"))
        explain = Msg("sim.cloudtrail.data", {"service": service, "api": api,
                                               "rw": Msg("sim.cloudtrail.reads" if read_only else "sim.cloudtrail.writes")})
    return ApiCall(api=api, service=service, event_source=source, event_category=category, read_only=read_only,
                   logged_by_default=category == "Management", in_event_history=category == "Management",
                   analyzed_by_insights=category == "Management" and not read_only,
                   where_to_find=where, explanation=explain)


def insights_event(service: str = "cloudtrail") -> ApiCall:
    return ApiCall(
        api="InsightEvent", service=service, event_source="cloudtrail.amazonaws.com", event_category="Insight",
        read_only=None, logged_by_default=False, in_event_history=False, analyzed_by_insights=False,
        where_to_find=(Msg("sim.cloudtrail.where.insights_enabled"), Msg("sim.cloudtrail.where.insights_places")),
        explanation=Msg("sim.cloudtrail.insights_event"))


def _rw(read_only: bool) -> Msg:
    return Msg("sim.cloudtrail.read" if read_only else "sim.cloudtrail.write")


# The ELB case from the notes: which service answers which question about a load balancer.
# The question itself is a message: sim.cloudtrail.elb.<id>.
ELB_QUESTIONS: tuple[dict[str, Any], ...] = (
    {"id": "who-changed-sg", "service": "CloudTrail",
     "apis": ("ec2:AuthorizeSecurityGroupIngress", "ec2:RevokeSecurityGroupIngress",
              "elasticloadbalancing:SetSecurityGroups")},
    {"id": "who-deleted-cert", "service": "CloudTrail",
     "apis": ("elasticloadbalancing:ModifyListener", "elasticloadbalancing:RemoveListenerCertificates")},
    {"id": "sg-rule-history", "service": "Config", "apis": ()},
    {"id": "error-rate", "service": "CloudWatch", "apis": ()},
)


def elb_question(question_id: str) -> Msg:
    return Msg(f"sim.cloudtrail.elb.{question_id.replace('-', '_')}")
