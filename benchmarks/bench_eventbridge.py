"""Benchmark: 100 event patterns against 100,000 events (target: >= ~9,000 events/s on 2 cores,
10x a straightforward pattern-by-pattern evaluator).

Run: python benchmarks/bench_eventbridge.py [EVENTS] [BASELINE_EVENTS]. Not a test: it prints figures.
`--bus [RULES] [EVENTS] [BASELINE_EVENTS]` times the event bus instead: `route` (what put_event and replay
use, through the bus's compiled index) against rule-by-rule matching, 1,000 rules by default (target: 10x).

Patterns and events come from a seeded random.Random and are built before the clock
starts. The patterns look like real rules (AWS service events filtered on detail-type and
detail fields, custom application events) and use every operator; about a tenth of them
have no exact value to index on (prefix or anything-but on `source`, `$or` of numeric
ranges), so the compiled matcher must still try those on every event.

"compiled" is `CompiledPatterns.matching(event)`: one flattening per event, then only the
clauses filed under the event's values. "pattern-by-pattern" is `Pattern.matches(event)`
for each of the 100 patterns (each call walks the event again), the way a simple evaluator
works; it is timed on a slice of the events (it is ~10x slower) and both must agree there.
"""

from __future__ import annotations

import random
import sys
import time

from studycli.sims.eventbridge.event_pattern import CompiledPatterns, parse_pattern

AWS_SOURCES = {
    "aws.ec2": ("EC2 Instance State-change Notification", "state", ["pending", "running", "stopping", "stopped",
                                                                    "terminated"]),
    "aws.s3": ("Object Created", "reason", ["PutObject", "CopyObject", "CompleteMultipartUpload"]),
    "aws.codebuild": ("CodeBuild Build State Change", "build-status", ["IN_PROGRESS", "SUCCEEDED", "FAILED",
                                                                      "STOPPED"]),
    "aws.signin": ("AWS Console Sign In via CloudTrail", "eventName", ["ConsoleLogin", "CheckMfa"]),
    "aws.autoscaling": ("EC2 Instance Launch Successful", "StatusCode", ["InProgress", "Successful", "Failed"]),
    "aws.ecs": ("ECS Task State Change", "lastStatus", ["PENDING", "RUNNING", "STOPPED"]),
    "aws.rds": ("RDS DB Instance Event", "EventCategories", ["backup", "failover", "maintenance"]),
    "aws.health": ("AWS Health Event", "eventTypeCategory", ["issue", "scheduledChange", "accountNotification"]),
    "aws.guardduty": ("GuardDuty Finding", "type", ["Recon:EC2/PortProbeUnprotectedPort", "UnauthorizedAccess:IAMUser"]),
    "aws.config": ("Config Rules Compliance Change", "newEvaluationResult", ["COMPLIANT", "NON_COMPLIANT"]),
    "aws.cloudwatch": ("CloudWatch Alarm State Change", "state", ["OK", "ALARM", "INSUFFICIENT_DATA"]),
    "aws.codepipeline": ("CodePipeline Pipeline Execution State Change", "state", ["STARTED", "SUCCEEDED", "FAILED"]),
    "aws.batch": ("Batch Job State Change", "status", ["SUBMITTED", "RUNNING", "FAILED", "SUCCEEDED"]),
    "aws.lambda": ("Lambda Function Invocation Result - Failure", "errorType", ["Timeout", "Unhandled"]),
    "aws.kms": ("KMS CMK Rotation", "key-id", ["k1", "k2"]),
    "aws.states": ("Step Functions Execution Status Change", "status", ["RUNNING", "SUCCEEDED", "FAILED", "TIMED_OUT"]),
}
APP_SOURCES = [f"com.example.{name}" for name in ("orders", "billing", "shipping", "users", "search", "reviews",
                                                   "inventory", "payments")]
REGIONS = ["us-east-1", "us-west-2", "eu-west-1", "ap-northeast-2"]


def make_patterns(rng: random.Random, count: int = 100) -> dict[str, dict]:
    patterns: dict[str, dict] = {}
    sources = list(AWS_SOURCES)
    while len(patterns) < count:
        n = len(patterns)
        shape = n % 10
        source = sources[n % len(sources)]
        detail_type, field, values = AWS_SOURCES[source]
        if shape in (0, 1, 2):
            pattern = {"source": [source], "detail-type": [detail_type],
                       "detail": {field: rng.sample(values, k=min(2, len(values)))}}
        elif shape == 3:
            pattern = {"source": [source], "detail": {field: [{"anything-but": rng.choice(values)}]},
                       "region": [rng.choice(REGIONS)]}
        elif shape == 4:
            app = rng.choice(APP_SOURCES)
            pattern = {"source": [app], "detail": {"amount": [{"numeric": [">", rng.randint(10, 500)]}],
                                                   "currency": ["USD", "KRW"]}}
        elif shape == 5:
            app = rng.choice(APP_SOURCES)
            pattern = {"source": [app], "detail-type": [{"prefix": "Order"}],
                       "detail": {"customer": {"tier": [{"equals-ignore-case": "gold"}]}}}
        elif shape == 6:
            pattern = {"source": [source], "resources": [{"wildcard": f"arn:aws:*:{rng.choice(REGIONS)}:*"}],
                       "detail": {field: [{"exists": True}]}}
        elif shape == 7:
            pattern = {"detail": {"sourceIPAddress": [{"cidr": f"10.{rng.randint(0, 9)}.0.0/16"}]},
                       "source": ["aws.signin", "aws.kms"]}
        elif shape == 8:
            app = rng.choice(APP_SOURCES)
            pattern = {"source": [app], "$or": [{"detail": {"amount": [{"numeric": [">=", 900]}]}},
                                                {"detail": {"flagged": [True]}}]}
        else:   # no exact anchor: the compiled matcher tries these on every event that has the field
            pattern = rng.choice([
                {"source": [{"prefix": "com.example."}], "detail": {"amount": [{"numeric": [">", 990]}]}},
                {"source": [{"anything-but": ["aws.health", "aws.config"]}], "detail": {"flagged": [True]}},
                {"detail": {"$or": [{"amount": [{"numeric": ["<", 1]}]}, {"errorType": [{"suffix": "out"}]}]}},
            ])
        patterns[f"rule-{n:03d}"] = pattern
    return patterns


def make_events(rng: random.Random, count: int) -> list[dict]:
    events = []
    sources = list(AWS_SOURCES)
    for i in range(count):
        region = rng.choice(REGIONS)
        if rng.random() < 0.6:
            source = rng.choice(sources)
            detail_type, field, values = AWS_SOURCES[source]
            detail = {field: rng.choice(values), "instance-id": f"i-{rng.getrandbits(32):08x}"}
            if source in ("aws.signin", "aws.kms"):
                detail["sourceIPAddress"] = f"10.{rng.randint(0, 12)}.{rng.randint(0, 255)}.{rng.randint(0, 255)}"
            resources = [f"arn:aws:{source[4:]}:{region}:123456789012:thing/{i}"]
        else:
            source = rng.choice(APP_SOURCES + ["com.other.app"])
            detail_type = rng.choice(["Order Placed", "Order Shipped", "Invoice Created", "User Signed Up"])
            detail = {"amount": round(rng.uniform(0, 1000), 2), "currency": rng.choice(["USD", "KRW", "EUR"]),
                      "customer": {"id": f"c-{rng.randint(1, 10**6)}", "tier": rng.choice(["Gold", "silver", "GOLD"])},
                      "flagged": rng.random() < 0.05, "items": [{"sku": f"s{rng.randint(1, 50)}", "qty": rng.randint(1, 5)}
                                                              for _ in range(rng.randint(0, 3))]}
            resources = []
        events.append({"version": "0", "id": f"{i:08d}", "detail-type": detail_type, "source": source,
                       "account": "123456789012", "time": "2026-01-01T00:00:00Z", "region": region,
                       "resources": resources, "detail": detail})
    return events


def bench_bus(rules: int = 1_000, events: int = 20_000, baseline_events: int = 1_000) -> None:
    """The event bus itself: `route` (what put_event and replay use) against rule-by-rule matching."""
    from studycli.sims.eventbridge.eventbridge import build_bus, route, route_rule_by_rule

    rng = random.Random(1000)
    raw = make_patterns(rng, rules)
    sample = make_events(rng, events)
    start = time.perf_counter()
    bus = build_bus({"name": "default", "kind": "default", "account": "123456789012", "rule_quota": rules,
                     "rules": [{"name": name, "pattern": p, "targets": [{"id": "t", "type": "SQS"}]}
                               for name, p in raw.items()]})
    build = time.perf_counter() - start
    start = time.perf_counter()
    routed = [route(bus, e)[0] for e in sample]
    indexed = time.perf_counter() - start
    start = time.perf_counter()
    baseline = [route_rule_by_rule(bus, e) for e in sample[:baseline_events]]
    naive = time.perf_counter() - start
    assert baseline == routed[:baseline_events], "route and rule-by-rule disagree"
    index_rate, naive_rate = events / indexed, baseline_events / naive
    print(f"bus with {rules:,} rules ({sum(map(len, routed)):,} matches over {events:,} events; bus built with its "
          f"index in {build:.2f} s)")
    print(f"route (compiled index): {index_rate:10,.0f} events/s")
    print(f"rule by rule:           {naive_rate:10,.0f} events/s (timed on {baseline_events:,} events)")
    print(f"speed-up: {index_rate / naive_rate:.1f}x")


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--bus":
        bench_bus(*(int(a) for a in sys.argv[2:]))
        return
    total = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    baseline_count = int(sys.argv[2]) if len(sys.argv) > 2 else 5_000
    rng = random.Random(2026)
    raw = make_patterns(rng)
    events = make_events(rng, total)
    parsed = {name: parse_pattern(p) for name, p in raw.items()}

    start = time.perf_counter()
    compiled = CompiledPatterns(parsed)
    build = time.perf_counter() - start

    start = time.perf_counter()
    matched = 0
    matching = compiled.matching
    for event in events:
        matched += len(matching(event))
    compiled_time = time.perf_counter() - start

    sample = events[:baseline_count]
    start = time.perf_counter()
    naive_results = [[name for name, p in parsed.items() if p.matches(event)] for event in sample]
    naive_time = time.perf_counter() - start
    assert naive_results == [compiled.matching(e) for e in sample], "compiled and naive evaluators disagree"

    compiled_rate = total / compiled_time
    naive_rate = baseline_count / naive_time
    print(f"{len(parsed)} patterns, {total:,} events ({matched:,} rule matches); index built in {build * 1000:.1f} ms")
    print(f"compiled matcher:    {compiled_time:6.2f} s  {compiled_rate:10,.0f} events/s  "
          f"({compiled_rate * len(parsed):,.0f} pattern-event evaluations/s equivalent)")
    print(f"pattern-by-pattern:  {naive_time:6.2f} s  {naive_rate:10,.0f} events/s  "
          f"({naive_rate * len(parsed):,.0f} pattern-event evaluations/s; timed on {baseline_count:,} events)")
    print(f"speed-up: {compiled_rate / naive_rate:.1f}x")


if __name__ == "__main__":
    main()
