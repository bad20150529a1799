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

Pure: each function takes the situation and returns a decision whose reasons are messages.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from studycli.errors import INVALID_DELIVERY_NEED, LIMIT_EXCEEDED, SpecError
from studycli.i18n import Msg

EXPORT_AVAILABILITY_HOURS = 12
MAX_ACTIVE_EXPORT_TASKS = 1
MAX_SUBSCRIPTION_FILTERS = 2

# Mechanisms by id; `mechanism_name` gives the words (sim.logs.mechanism.<id>).
S3_EXPORT = "s3_export"
KINESIS = "kinesis"
FIREHOSE = "firehose"
LAMBDA = "lambda"
CROSS_ACCOUNT = "cross_account"
MECHANISMS = (S3_EXPORT, KINESIS, FIREHOSE, LAMBDA, CROSS_ACCOUNT)

TARGETS = ("s3", "s3-continuous", "opensearch", "stream-processing", "function", "another-account")


@dataclass(frozen=True)
class Decision:
    mechanism: str                   # one of MECHANISMS
    reasons: Msg
    steps: tuple[str, ...] = ()      # API calls in order


@dataclass(frozen=True)
class DeliveryNeed:
    """What the learner's team wants: where the data must end up and how fast."""

    target: str                      # one of TARGETS
    realtime: bool = False
    same_region: bool = True

    def __post_init__(self) -> None:
        if self.target not in TARGETS:
            raise SpecError(f"delivery need: target {self.target!r} is not one of {', '.join(TARGETS)}",
                            kind=INVALID_DELIVERY_NEED)


def choose_delivery(need: DeliveryNeed) -> Decision:
    """The mechanism AWS documents for this need, and why (sim.logs.delivery.<mechanism>)."""
    if need.target == "another-account":
        if not need.same_region:
            raise SpecError("a cross-account destination must be in the same Region as the log group; "
                            "create the destination in the log group's Region", kind=INVALID_DELIVERY_NEED)
        return _decision(CROSS_ACCOUNT, ("PutDestination", "PutDestinationPolicy", "PutSubscriptionFilter"))
    if need.target == "s3" and not need.realtime:
        return _decision(S3_EXPORT, ("CreateExportTask",))
    if need.target in ("s3", "s3-continuous", "opensearch"):
        return _decision(FIREHOSE, ("PutSubscriptionFilter",))
    if need.target == "stream-processing":
        return _decision(KINESIS, ("PutSubscriptionFilter",))
    return _decision(LAMBDA, ("PutSubscriptionFilter",))


def _decision(mechanism: str, steps: tuple[str, ...]) -> Decision:
    return Decision(mechanism, Msg(f"sim.logs.delivery.{mechanism}", {"hours": EXPORT_AVAILABILITY_HOURS}), steps)


def mechanism_name(mechanism: str) -> Msg:
    """What the learner reads for a mechanism, e.g. "Subscription filter to Amazon Data Firehose"."""
    return Msg(f"sim.logs.mechanism.{mechanism}")


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
        raise SpecError(f"log group {group.name} already has "
                        f"{MAX_SUBSCRIPTION_FILTERS} subscription filters ({', '.join(group.subscription_filters)}); "
                        "the quota is 2 per log group and cannot be raised", kind=LIMIT_EXCEEDED)
    return LogGroup(group.name, group.region, group.subscription_filters + (filter_name,))


@dataclass(frozen=True)
class ExportTask:
    task_id: str
    status: str = "PENDING"          # PENDING, RUNNING, COMPLETED, CANCELLED, FAILED


def create_export_task(existing: tuple[ExportTask, ...], task_id: str) -> tuple[ExportTask, ...]:
    """Start an export task; a second active (PENDING/RUNNING) task in the account fails like AWS."""
    active = [t for t in existing if t.status in ("PENDING", "RUNNING")]
    if len(active) >= MAX_ACTIVE_EXPORT_TASKS:
        raise SpecError(f"export task {active[0].task_id} is still {active[0].status}; "
                        "one active export task per account", kind=LIMIT_EXCEEDED)
    return existing + (ExportTask(task_id),)


def exportable_yet(event_age_hours: float) -> bool | None:
    """True when log data is surely available for export; None while it may not be yet (< 12 h old)."""
    if event_age_hours < 0:
        raise SpecError("event age must not be negative", kind=INVALID_DELIVERY_NEED)
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
    problems: tuple[Msg, ...] = field(default_factory=tuple)


def check_cross_account(sender_account: str, log_group: LogGroup, destination: Destination,
                        sender_organization: str | None = None) -> SubscriptionCheck:
    """Would PutSubscriptionFilter from `sender_account` to `destination` be accepted and deliver?"""
    problems = []
    if destination.target not in ("kinesis", "firehose"):
        problems.append(Msg("sim.logs.cross_account.target"))
    if log_group.region != destination.region:
        problems.append(Msg("sim.logs.cross_account.region", {"group_region": log_group.region,
                                                                "destination_region": destination.region}))
    if not destination.role_arn:
        problems.append(Msg("sim.logs.cross_account.role"))
    org_ok = sender_organization is not None and sender_organization == destination.allowed_organization
    if sender_account not in destination.allowed_accounts and not org_ok:
        problems.append(Msg("sim.logs.cross_account.policy", {"account": sender_account}))
    if len(log_group.subscription_filters) >= MAX_SUBSCRIPTION_FILTERS:
        problems.append(Msg("sim.logs.cross_account.filters", {"limit": MAX_SUBSCRIPTION_FILTERS}))
    return SubscriptionCheck(not problems, tuple(problems))
