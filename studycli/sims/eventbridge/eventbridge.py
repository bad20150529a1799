"""A small model of EventBridge buses: who may put events on a bus, which rules route an
event to which targets, and what an archive keeps and a replay sends again.

Kept deliberately small (the matching itself is `event_pattern`). What it encodes:

- Three kinds of bus: the `default` bus gets AWS service events; a `partner` bus
  (`aws.partner/...`) gets the events of one SaaS partner event source; a `custom` bus
  gets an application's own events.
- A bus accepts events from its own account; another account needs a statement in the
  bus's resource-based policy allowing it `events:PutEvents`.
- `PutEvents` cannot claim an `aws.*` source: only AWS services send those.
- A rule has an event pattern (or a schedule) and up to five targets; every enabled rule
  whose pattern matches gets the event. A bus holds at most 300 rules unless its quota was
  raised (EventBridge quotas, "Rules"). The bus matches an event against all its rules at
  once through a compiled index (`CompiledPatterns`): the event is flattened once and only
  the rules that could match it are tried.
- An archive keeps the events (all, or those matching its own pattern) that arrive after
  it was created, for its retention period (0 = indefinitely); a replay sends the
  archived events from a time window back to the bus's rules.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import Any

from studycli.errors import INVALID_EVENTBRIDGE_SETUP, LIMIT_EXCEEDED, SpecError
from studycli.i18n import Msg
from studycli.sims.eventbridge.event_pattern import CompiledPatterns, Pattern, parse_pattern

BUS_KINDS = ("default", "partner", "custom")
TARGET_TYPES = ("Lambda", "SQS", "SNS", "Kinesis", "StepFunctions", "ECS", "Batch", "CodePipeline",
                "CodeBuild", "CloudWatchLogs", "EventBus", "APIDestination")
MAX_TARGETS_PER_RULE = 5
DEFAULT_RULE_QUOTA = 300      # rules per event bus (af-south-1 and eu-south-1: 100); adjustable


@dataclass(frozen=True)
class Target:
    id: str
    type: str

    def __post_init__(self) -> None:
        if self.type not in TARGET_TYPES:
            raise SpecError(f"target {self.id!r}: unknown target type {self.type!r} "
                              f"(known: {', '.join(TARGET_TYPES)})", kind=INVALID_EVENTBRIDGE_SETUP)


@dataclass(frozen=True)
class Rule:
    name: str
    pattern: Pattern | None = None
    schedule: str | None = None
    targets: tuple[Target, ...] = ()
    enabled: bool = True

    def __post_init__(self) -> None:
        if (self.pattern is None) == (self.schedule is None):
            raise SpecError(f"rule {self.name!r}: give an event pattern or a schedule expression (one of them)",
                            kind=INVALID_EVENTBRIDGE_SETUP)
        if len(self.targets) > MAX_TARGETS_PER_RULE:
            raise SpecError(f"rule {self.name!r}: at most {MAX_TARGETS_PER_RULE} targets per rule, "
                              f"not {len(self.targets)}", kind=INVALID_EVENTBRIDGE_SETUP)


@dataclass(frozen=True)
class Archive:
    name: str
    created: datetime
    retention_days: int = 0               # 0: keep forever
    pattern: Pattern | None = None        # None: archive every event
    events: tuple[tuple[datetime, dict[str, Any]], ...] = ()


@dataclass(frozen=True)
class Bus:
    name: str
    kind: str
    account: str
    rules: tuple[Rule, ...] = ()
    allowed_accounts: frozenset[str] = frozenset()   # from the resource-based policy
    archives: tuple[Archive, ...] = ()
    rule_quota: int = DEFAULT_RULE_QUOTA
    # the compiled index over `rules` (built here; `replace` hands it on while the rules stay the same)
    index: tuple[tuple[Rule, ...], CompiledPatterns, tuple[int, ...]] | None = field(
        default=None, compare=False, repr=False)

    def __post_init__(self) -> None:
        if len(self.rules) > self.rule_quota:
            raise SpecError(f"bus {self.name!r}: {len(self.rules)} rules; the quota is {self.rule_quota} rules per "
                            f"event bus (300 by default, adjustable)", kind=LIMIT_EXCEEDED)
        if self.index is None or self.index[0] is not self.rules:
            routed = tuple(i for i, r in enumerate(self.rules) if r.enabled and r.pattern is not None)
            compiled = CompiledPatterns((str(i), self.rules[i].pattern) for i in routed)
            object.__setattr__(self, "index", (self.rules, compiled, routed))
        if self.kind not in BUS_KINDS:
            raise SpecError(f"bus {self.name!r}: kind must be one of {', '.join(BUS_KINDS)}, not {self.kind!r}",
                            kind=INVALID_EVENTBRIDGE_SETUP)
        if self.kind == "default" and self.name != "default":
            raise SpecError("the default bus is named 'default'", kind=INVALID_EVENTBRIDGE_SETUP)
        if self.kind == "partner" and not self.name.startswith("aws.partner/"):
            raise SpecError(f"bus {self.name!r}: a partner bus takes its partner event source's name "
                              "(aws.partner/...)", kind=INVALID_EVENTBRIDGE_SETUP)


@dataclass(frozen=True)
class Delivery:
    """What happened to one event sent to a bus."""

    accepted: bool
    reason: Msg
    matched_rules: tuple[str, ...] = ()
    targets: tuple[str, ...] = ()          # "rule/target-id (Type)"
    bus: Bus | None = None                 # the bus afterwards (archives updated)


def make_rule(name: str, pattern: Any = None, schedule: str | None = None,
              targets: list[dict[str, Any]] | tuple[Any, ...] = (), enabled: bool = True) -> Rule:
    compiled = parse_pattern(pattern) if pattern is not None else None
    if schedule is not None:
        from studycli.sims.eventbridge.schedule import parse_schedule

        parse_schedule(schedule)
    return Rule(name, compiled, schedule, tuple(Target(t["id"], t["type"]) for t in targets), enabled)


def may_put(bus: Bus, event: dict[str, Any], sender_account: str, via_put_events: bool = True) -> tuple[bool, Msg]:
    """Whether `sender_account` may put `event` on `bus`, and why."""
    source = str(event.get("source", ""))
    if via_put_events and source.startswith("aws.") and not source.startswith("aws.partner/"):
        return False, Msg("sim.eventbridge.put.reserved_source", {"source": repr(source)})
    if bus.kind == "partner":
        if source != bus.name:
            return False, Msg("sim.eventbridge.put.partner_only", {"bus": bus.name, "source": repr(source)})
        return True, Msg("sim.eventbridge.put.partner")
    if sender_account != bus.account and sender_account not in bus.allowed_accounts \
            and "*" not in bus.allowed_accounts:
        return False, Msg("sim.eventbridge.put.not_allowed", {"account": sender_account, "owner": bus.account})
    if sender_account != bus.account:
        return True, Msg("sim.eventbridge.put.allowed", {"account": sender_account})
    return True, Msg("sim.eventbridge.put.owner")


def put_event(bus: Bus, event: dict[str, Any], sender_account: str, at: datetime, via_put_events: bool = True) -> Delivery:
    """Send one event to `bus` at time `at`: permission, rule matching, archiving."""
    allowed, reason = may_put(bus, event, sender_account, via_put_events)
    if not allowed:
        return Delivery(False, reason, bus=bus)
    matched, targets = route(bus, event)
    archives = tuple(_archive_one(a, event, at) for a in bus.archives)
    return Delivery(True, reason, matched, targets, replace(bus, archives=archives))


def route(bus: Bus, event: dict[str, Any], only_rules: tuple[str, ...] | None = None) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The enabled rules of `bus` whose pattern matches `event` (in the bus's order), and their targets."""
    assert bus.index is not None   # built by Bus.__post_init__
    _, compiled, routed = bus.index
    matched: list[str] = []
    targets: list[str] = []
    for position in compiled.matching_positions(event):
        rule = bus.rules[routed[position]]
        if only_rules and rule.name not in only_rules:
            continue
        matched.append(rule.name)
        targets.extend(f"{rule.name}/{t.id} ({t.type})" for t in rule.targets)
    return tuple(matched), tuple(targets)


def route_rule_by_rule(bus: Bus, event: dict[str, Any]) -> tuple[str, ...]:
    """The same answer as `route` the straightforward way (each rule's pattern on its own): what the
    benchmark and the tests compare the index with."""
    return tuple(r.name for r in bus.rules if r.enabled and r.pattern is not None and r.pattern.matches(event))


def _archive_one(archive: Archive, event: dict[str, Any], at: datetime) -> Archive:
    if at < archive.created:
        return archive                      # archives never hold events from before they existed
    if archive.pattern is not None and not archive.pattern.matches(event):
        return archive
    return replace(archive, events=archive.events + ((at, event),))


def retained(archive: Archive, now: datetime) -> tuple[tuple[datetime, dict[str, Any]], ...]:
    """Archived events still kept at `now` (retention 0 keeps them all)."""
    if archive.retention_days <= 0:
        return archive.events
    oldest = now - timedelta(days=archive.retention_days)
    return tuple((t, e) for t, e in archive.events if t >= oldest)


@dataclass(frozen=True)
class ReplayResult:
    replayed: tuple[dict[str, Any], ...]
    deliveries: tuple[tuple[str, tuple[str, ...]], ...]   # (event id, targets)
    skipped_expired: int
    skipped_outside_window: int


def replay(bus: Bus, archive_name: str, start: datetime, end: datetime, now: datetime,
           only_rules: tuple[str, ...] | None = None) -> ReplayResult:
    """Replay archived events whose time is in [start, end) to the bus's rules."""
    archive = next((a for a in bus.archives if a.name == archive_name), None)
    if archive is None:
        raise SpecError(f"bus {bus.name!r} has no archive {archive_name!r}", kind=INVALID_EVENTBRIDGE_SETUP)
    if not start < end:
        raise SpecError("a replay needs a start time before its end time", kind=INVALID_EVENTBRIDGE_SETUP)
    if end > now:
        raise SpecError("a replay's end time cannot be in the future", kind=INVALID_EVENTBRIDGE_SETUP)
    kept = retained(archive, now)
    window = tuple((t, e) for t, e in kept if start <= t < end)
    deliveries = []
    for _, event in window:
        _, targets = route(bus, event, only_rules)
        deliveries.append((str(event.get("id", "")), targets))
    return ReplayResult(tuple(e for _, e in window), tuple(deliveries),
                        skipped_expired=len(archive.events) - len(kept),
                        skipped_outside_window=len(kept) - len(window))


def build_bus(spec: dict[str, Any]) -> Bus:
    """A bus from a plain mapping (scenario files, tests); raises SpecError on bad input."""
    if not isinstance(spec, dict):
        raise SpecError("a bus is a mapping with name, kind, account, rules", kind=INVALID_EVENTBRIDGE_SETUP)
    try:
        rules = tuple(make_rule(r["name"], r.get("pattern"), r.get("schedule"), r.get("targets", ()),
                                r.get("enabled", True)) for r in spec.get("rules", ()))
        archives = tuple(Archive(a["name"], _time(a["created"]), int(a.get("retention_days", 0)),
                                 parse_pattern(a["pattern"]) if a.get("pattern") is not None else None)
                         for a in spec.get("archives", ()))
        return Bus(name=spec.get("name", "default"), kind=spec.get("kind", "default"),
                   account=str(spec["account"]), rules=rules,
                   allowed_accounts=frozenset(str(a) for a in spec.get("allowed_accounts", ())),
                   archives=archives, rule_quota=int(spec.get("rule_quota", DEFAULT_RULE_QUOTA)))
    except KeyError as err:
        raise SpecError(f"missing key {err.args[0]!r} in the bus setup", kind=INVALID_EVENTBRIDGE_SETUP) from None
    except (TypeError, ValueError) as err:
        raise SpecError(f"bad bus setup: {err}", kind=INVALID_EVENTBRIDGE_SETUP) from None


def _time(value: Any) -> datetime:

    if isinstance(value, datetime):
        moment = value
    else:
        moment = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def parse_time(value: Any) -> datetime:
    try:
        return _time(value)
    except ValueError:
        raise SpecError(f"{value!r} is not an ISO 8601 time such as 2026-01-01T00:00:00Z",
                        kind=INVALID_EVENTBRIDGE_SETUP) from None
