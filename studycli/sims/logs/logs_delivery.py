"""Where should log data go? S3 export versus subscription filters, same or another account.

The rules this engine applies (CloudWatch Logs User Guide and API Reference; checked in
../shared/research/seed_fact_check.md rows E1-E3 and S1-S10):

* `CreateExportTask` copies a time range of a log group to S3 as a batch job: not real
  time. "Log data can take up to 12 hours to become available for export", and an
  account may have only one active (PENDING or RUNNING) export task at a time
  (API_CreateExportTask, S3Export.md). AWS recommends subscriptions, not repeated
  exports, for continuous archiving.
* A subscription filter (PutSubscriptionFilter) streams matching events in real time
  to Kinesis Data Streams, Amazon Data Firehose (formerly Kinesis Data Firehose) or
  Lambda; at most 2 subscription filters per log group, a quota that cannot be raised
  (cloudwatch_limits_cwl.md). Firehose delivers on to S3 or OpenSearch Service in near
  real time (S5).
* Another account: the receiver creates a CloudWatch Logs *destination* wrapping its
  Kinesis stream or Firehose, with an IAM role Logs can assume to write to it and a
  destination access policy naming the sender accounts (or organization); the sender
  puts a subscription filter whose destination is the destination's ARN. The log group
  and the destination must be in the same Region (CrossAccountSubscriptions-Kinesis.md,
  CreateDestination.md).

Pure: each function takes the situation and returns a decision with bilingual reasons.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from studycli.errors import SpecError

EXPORT_AVAILABILITY_HOURS = 12
MAX_ACTIVE_EXPORT_TASKS = 1
MAX_SUBSCRIPTION_FILTERS = 2

S3_EXPORT = "CreateExportTask to Amazon S3"
KINESIS = "Subscription filter to Kinesis Data Streams"
FIREHOSE = "Subscription filter to Amazon Data Firehose"
LAMBDA = "Subscription filter to AWS Lambda"
CROSS_ACCOUNT = "Cross-account subscription (destination + access policy)"
MECHANISMS = (S3_EXPORT, KINESIS, FIREHOSE, LAMBDA, CROSS_ACCOUNT)

TARGETS = ("s3", "s3-continuous", "opensearch", "stream-processing", "function", "another-account")


@dataclass(frozen=True)
class Decision:
    mechanism: str
    reasons: dict[str, str]          # {"ko": ..., "en": ...}
    steps: tuple[str, ...] = ()      # API calls in order


@dataclass(frozen=True)
class DeliveryNeed:
    """What the learner's team wants: where the data must end up and how fast."""

    target: str                      # one of TARGETS
    realtime: bool = False
    same_region: bool = True

    def __post_init__(self):
        if self.target not in TARGETS:
            raise SpecError(f"delivery need: target {self.target!r} is not one of {', '.join(TARGETS)}",
                            kind="InvalidDeliveryNeed")


def choose_delivery(need: DeliveryNeed) -> Decision:
    """The mechanism AWS documents for this need, and why."""
    if need.target == "another-account":
        if not need.same_region:
            raise SpecError("a cross-account destination must be in the same Region as the log group; "
                            "create the destination in the log group's Region", kind="InvalidDeliveryNeed")
        return Decision(CROSS_ACCOUNT, {
            "ko": "다른 계정으로 실시간 전달: 수신 계정이 Kinesis 스트림(또는 Firehose)을 감싼 CloudWatch Logs "
                  "destination과 IAM 역할을 만들고 destination access policy로 발신 계정을 허용한다. 발신 계정은 "
                  "그 destination ARN으로 subscription filter를 만든다.",
            "en": "Real-time delivery to another account: the receiver wraps its Kinesis stream (or Firehose) in a "
                  "CloudWatch Logs destination with an IAM role, and allows the sender in the destination access "
                  "policy; the sender puts a subscription filter pointing at the destination ARN."},
            ("PutDestination", "PutDestinationPolicy", "PutSubscriptionFilter"))
    if need.target == "s3" and not need.realtime:
        return Decision(S3_EXPORT, {
            "ko": "한 번 S3로 옮기는 배치 작업이면 CreateExportTask. 실시간이 아니며, 로그가 내보내기 가능해지기까지 "
                  "최대 12시간이 걸릴 수 있고 계정당 활성 내보내기 작업은 하나뿐이다.",
            "en": "A one-off batch copy to S3 is CreateExportTask. It is not real time: log data can take up to "
                  "12 hours to become available for export, and an account runs one active export task at a time."},
            ("CreateExportTask",))
    if need.target in ("s3", "s3-continuous", "opensearch"):
        return Decision(FIREHOSE, {
            "ko": "S3나 OpenSearch에 계속(거의 실시간) 쌓으려면 Firehose로 가는 subscription filter. 반복 내보내기 "
                  "대신 구독을 쓰라는 것이 AWS 권고다.",
            "en": "To land logs in S3 or OpenSearch continuously (near real time), use a subscription filter to "
                  "Amazon Data Firehose; AWS recommends subscriptions over repeated exports."},
            ("PutSubscriptionFilter",))
    if need.target == "stream-processing":
        return Decision(KINESIS, {
            "ko": "여러 소비자가 실시간 스트림을 직접 처리하려면 Kinesis Data Streams로 가는 subscription filter.",
            "en": "For consumers that process the real-time stream themselves, use a subscription filter to "
                  "Kinesis Data Streams."},
            ("PutSubscriptionFilter",))
    return Decision(LAMBDA, {
        "ko": "이벤트마다 코드를 실행하려면 Lambda로 가는 subscription filter (실시간, base64+gzip 페이로드).",
        "en": "To run code on each batch of events, use a subscription filter to Lambda (real time; the payload "
              "is base64-encoded, gzip-compressed)."},
        ("PutSubscriptionFilter",))


# ---------------------------------------------------------------- quotas and timing

@dataclass(frozen=True)
class LogGroup:
    name: str
    region: str = "us-east-1"
    subscription_filters: tuple[str, ...] = ()


def put_subscription_filter(group: LogGroup, filter_name: str) -> LogGroup:
    """Add (or replace, by name) a subscription filter; the third distinct one fails like AWS."""
    if filter_name in group.subscription_filters:
        return group
    if len(group.subscription_filters) >= MAX_SUBSCRIPTION_FILTERS:
        raise SpecError(f"LimitExceededException: log group {group.name} already has "
                        f"{MAX_SUBSCRIPTION_FILTERS} subscription filters ({', '.join(group.subscription_filters)}); "
                        "the quota is 2 per log group and cannot be raised", kind="LimitExceededException")
    return LogGroup(group.name, group.region, group.subscription_filters + (filter_name,))


@dataclass(frozen=True)
class ExportTask:
    task_id: str
    status: str = "PENDING"          # PENDING, RUNNING, COMPLETED, CANCELLED, FAILED


def create_export_task(existing: tuple[ExportTask, ...], task_id: str) -> tuple[ExportTask, ...]:
    """Start an export task; a second active (PENDING/RUNNING) task in the account fails like AWS."""
    active = [t for t in existing if t.status in ("PENDING", "RUNNING")]
    if len(active) >= MAX_ACTIVE_EXPORT_TASKS:
        raise SpecError(f"LimitExceededException: export task {active[0].task_id} is still {active[0].status}; "
                        "one active export task per account", kind="LimitExceededException")
    return existing + (ExportTask(task_id),)


def exportable_yet(event_age_hours: float) -> bool | None:
    """True when log data is surely available for export; None while it may not be yet (< 12 h old)."""
    if event_age_hours < 0:
        raise SpecError("event age must not be negative", kind="InvalidDeliveryNeed")
    return True if event_age_hours >= EXPORT_AVAILABILITY_HOURS else None


# ---------------------------------------------------------------- cross-account checks

@dataclass(frozen=True)
class Destination:
    """A CloudWatch Logs destination in the receiving account."""

    name: str
    account: str
    region: str
    target: str                                   # "kinesis" or "firehose"
    role_arn: str | None
    allowed_accounts: tuple[str, ...] = ()        # the destination access policy's principals
    allowed_organization: str | None = None

    @property
    def arn(self) -> str:
        return f"arn:aws:logs:{self.region}:{self.account}:destination:{self.name}"


@dataclass(frozen=True)
class SubscriptionCheck:
    allowed: bool
    problems: tuple[dict, ...] = field(default_factory=tuple)   # each {"ko": ..., "en": ...}


def check_cross_account(sender_account: str, log_group: LogGroup, destination: Destination,
                        sender_organization: str | None = None) -> SubscriptionCheck:
    """Would PutSubscriptionFilter from `sender_account` to `destination` be accepted and deliver?"""
    problems = []
    if destination.target not in ("kinesis", "firehose"):
        problems.append({"ko": "destination은 Kinesis Data Streams 또는 Firehose를 감싸야 한다.",
                         "en": "A destination must wrap a Kinesis data stream or a Firehose stream."})
    if log_group.region != destination.region:
        problems.append({"ko": f"로그 그룹({log_group.region})과 destination({destination.region})은 같은 리전이어야 한다.",
                         "en": f"The log group ({log_group.region}) and the destination ({destination.region}) "
                               "must be in the same Region."})
    if not destination.role_arn:
        problems.append({"ko": "CloudWatch Logs가 스트림에 쓸 수 있는 IAM 역할(role ARN)이 destination에 없다.",
                         "en": "The destination has no IAM role that lets CloudWatch Logs write to the stream."})
    org_ok = sender_organization is not None and sender_organization == destination.allowed_organization
    if sender_account not in destination.allowed_accounts and not org_ok:
        problems.append({"ko": f"destination access policy가 계정 {sender_account}을(를) 허용하지 않는다.",
                         "en": f"The destination access policy does not allow account {sender_account}."})
    if len(log_group.subscription_filters) >= MAX_SUBSCRIPTION_FILTERS:
        problems.append({"ko": "로그 그룹에 이미 subscription filter가 2개 있다.",
                         "en": "The log group already has 2 subscription filters."})
    return SubscriptionCheck(not problems, tuple(problems))
