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
from dataclasses import asdict, dataclass

from studycli.errors import SpecError

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
    where_to_find: tuple[str, ...]
    explanation: dict

    def to_json(self) -> dict:
        doc = asdict(self)
        doc["where_to_find"] = list(self.where_to_find)
        return doc


def normalize_service(service: str) -> str:
    """`s3`, `S3`, `s3.amazonaws.com`, `aws.s3` -> `s3`."""
    name = service.strip().lower()
    name = re.sub(r"\.amazonaws\.com$", "", name)
    name = re.sub(r"^aws\.", "", name)
    if not re.fullmatch(r"[a-z0-9-]+", name or "-"):
        raise SpecError(f"service {service!r} is not a service name such as s3, ec2 or s3.amazonaws.com",
                        kind="InvalidApiCall")
    return SERVICE_ALIASES.get(name, name)


def is_read_only(api: str) -> bool:
    if api in READ_ONLY_EXCEPTIONS:
        return True
    return api.startswith(READ_VERBS)


def classify(api: str, service: str) -> ApiCall:
    """Classify `api` of `service` (ConsoleLogin of signin, PutObject of s3, ...)."""
    if not re.fullmatch(r"[A-Za-z][A-Za-z0-9]*", api or ""):
        raise SpecError(f"API name {api!r} is not an API operation name such as PutObject or "
                        "AttachRolePolicy", kind="InvalidApiCall")
    service = normalize_service(service)
    if api in ("InsightEvent", "Insight", "Insights"):
        return insights_event(service)
    category = "Data" if api in DATA_APIS.get(service, ()) else "Management"
    read_only = is_read_only(api)
    source = f"{service}.amazonaws.com"
    if category == "Management":
        where = ("CloudTrail Event history: last 90 days, this Region, no setup",
                 "a trail: S3 bucket (keep as long as you like, query with Athena), optionally CloudWatch Logs",
                 "CloudTrail Lake event data store (if you create one)")
        explain = _management_explanation(api, service, read_only)
    else:
        where = ("nowhere until a trail (or CloudTrail Lake event data store) selects data events for it",
                 "then: the trail's S3 bucket, optionally CloudWatch Logs")
        explain = _data_explanation(api, service, read_only)
    return ApiCall(api=api, service=service, event_source=source, event_category=category, read_only=read_only,
                   logged_by_default=category == "Management", in_event_history=category == "Management",
                   analyzed_by_insights=category == "Management" and not read_only,
                   where_to_find=where, explanation=explain)


def insights_event(service: str = "cloudtrail") -> ApiCall:
    return ApiCall(
        api="InsightEvent", service=service, event_source="cloudtrail.amazonaws.com", event_category="Insight",
        read_only=None, logged_by_default=False, in_event_history=False, analyzed_by_insights=False,
        where_to_find=("only after CloudTrail Insights is enabled on a trail (paid)",
                       "the trail's S3 bucket (insights folder), the CloudTrail console Insights page, "
                       "and EventBridge"),
        explanation={
            "ko": "인사이트 이벤트는 API 호출이 아니라, 트레일에서 CloudTrail Insights를 켰을 때(유료) 쓰기 관리 "
                  "이벤트의 호출량이나 오류율이 평소 기준선과 다를 때 생성되는 이벤트다.",
            "en": "An Insights event is not an API call: with CloudTrail Insights enabled on a trail (paid), "
                  "CloudTrail records one when the rate or error rate of write management events departs "
                  "from the account's baseline."})


def _management_explanation(api: str, service: str, read_only: bool) -> dict:
    kind_ko = "읽기(리소스를 바꾸지 않음)" if read_only else "쓰기(리소스를 바꿀 수 있음)"
    kind_en = "read (changes nothing)" if read_only else "write (can change resources)"
    insights_ko = "" if read_only else " 쓰기 관리 이벤트이므로 Insights를 켜면 분석 대상이다."
    insights_en = "" if read_only else " As a write management event it is what Insights analyses when enabled."
    return {
        "ko": f"{service}:{api}는 관리 이벤트, {kind_ko}. 설정 없이 기록되어 CloudTrail 이벤트 기록에서 90일간 "
              f"볼 수 있다. 90일보다 오래 보관하려면 트레일로 S3(Athena로 조회)나 CloudWatch Logs에 보낸다.{insights_ko}",
        "en": f"{service}:{api} is a management event, {kind_en}. It is recorded with no setup and stays in "
              f"CloudTrail Event history for 90 days; to keep it longer, a trail delivers it to S3 (query "
              f"with Athena) or CloudWatch Logs.{insights_en}"}


def _data_explanation(api: str, service: str, read_only: bool) -> dict:
    kind = ("읽기", "read") if read_only else ("쓰기", "write")
    return {
        "ko": f"{service}:{api}는 데이터 이벤트({kind[0]}). 양이 많아 기본으로는 기록되지 않으며 이벤트 기록에도 "
              "나오지 않는다. 트레일에서 데이터 이벤트를 선택해야(추가 비용) S3/CloudWatch Logs에 남는다. "
              "읽기와 쓰기를 따로 고를 수 있다.",
        "en": f"{service}:{api} is a data event ({kind[1]}). Being high volume it is not logged by default and "
              "never appears in Event history; a trail must select data events (extra cost) to deliver it "
              "to S3 or CloudWatch Logs. Read and write data events can be selected separately."}


# The ELB case from the notes: which service answers which question about a load balancer.
ELB_QUESTIONS: tuple[dict, ...] = (
    {"id": "who-changed-sg", "service": "CloudTrail",
     "ko": "누가 로드 밸런서의 보안 그룹 규칙을 바꿨나?",
     "en": "Who changed the load balancer's security group rules?",
     "apis": ("ec2:AuthorizeSecurityGroupIngress", "ec2:RevokeSecurityGroupIngress",
              "elasticloadbalancing:SetSecurityGroups")},
    {"id": "who-deleted-cert", "service": "CloudTrail",
     "ko": "누가 리스너의 SSL 인증서를 바꾸거나 지웠나?",
     "en": "Who replaced or removed the listener's SSL certificate?",
     "apis": ("elasticloadbalancing:ModifyListener", "elasticloadbalancing:RemoveListenerCertificates")},
    {"id": "sg-rule-history", "service": "Config",
     "ko": "로드 밸런서 보안 그룹 규칙이 시간에 따라 어떻게 바뀌었고, 규칙을 지키고 있나?",
     "en": "How did the load balancer's security group rules change over time, and are they compliant?",
     "apis": ()},
    {"id": "error-rate", "service": "CloudWatch",
     "ko": "들어오는 연결 수와 오류 코드 비율을 시간에 따라 보려면?",
     "en": "How do incoming connections and the error-code rate evolve over time?",
     "apis": ()},
)
