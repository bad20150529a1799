"""Conformance: EventBridge's array semantics everywhere and every documented limit of event patterns and buses.

Each row: pattern, event, expected (True / False / ("invalid" | "limit", part of the reason)) and the page it
follows. AR = "Arrays in Amazon EventBridge event patterns"; CF = "Content filtering in Amazon EventBridge
event patterns"; Q = "Amazon EventBridge quotas"; ER = AWS's open-source matcher (aws/event-ruler,
ACFinder: fields are taken in the order of their paths, and `exists: false` holds when no leaf of its path
agrees with the array elements the fields before it matched in).
"""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from studycli.errors import SpecError
from studycli.sims.eventbridge.event_pattern import CompiledPatterns, matches, parse_pattern
from studycli.sims.eventbridge.eventbridge import build_bus, put_event, replay, route, route_rule_by_rule

AR = "https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns-arrays.html"
CF = "https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns-content-based-filtering.html"
Q = "https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-quota.html"
ER = "https://github.com/aws/event-ruler (ACFinder, array consistency)"

RESOURCES = ["arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:eb56d16b:autoScalingGroupName/ASGTerminate",
             "arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f"]
ORDER = {"detail": {"items": [{"sku": "A", "discount": 10}, {"sku": "A"}, {"sku": "B", "gift": True}]}}
STAFF = {"employees": [[{"firstName": "John", "lastName": "Doe", "ids": [1000]},
                        {"firstName": "Anna", "lastName": "Smith"}],
                       [{"firstName": "Peter", "lastName": "Jones"}]]}


def or_pattern(arrays: int, width: int) -> dict:
    """`arrays` $or arrays of `width` branches each, nested so they multiply."""
    node: dict = {"leaf": ["x"]}
    for level in range(arrays):
        node = {"$or": [{f"f{level}_{b}": ["v"], **({"next": node} if b == 0 else {})} for b in range(width)]}
    return node


CASES = [
    # ---- arrays: the docs' own example and its negation ------------------------------------------
    ("ar-docs-example", {"resources": ["arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f",
                                       "arn:aws:ec2:us-east-1:111122223333:instance/i-b188560f"]},
     {"resources": RESOURCES}, True, f"{AR}: the first pattern item matches the second event item"),
    ("ar-docs-example-empty-intersection", {"resources": ["arn:aws:ec2:us-east-1:444455556666:instance/i-b188560f"]},
     {"resources": RESOURCES}, False, f"{AR}: the intersection is empty"),
    # ---- array consistency: fields of one array of objects come from one element -----------------
    ("ac-same-element", {"detail": {"items": {"sku": ["B"], "gift": [True]}}}, ORDER, True, ER),
    ("ac-two-elements", {"detail": {"items": {"sku": ["A"], "gift": [True]}}}, ORDER, False, ER),
    ("ac-nested-arrays", {"employees": {"firstName": ["Anna"], "lastName": ["Smith"]}}, STAFF, True, ER),
    ("ac-nested-arrays-across", {"employees": {"firstName": ["Anna"], "lastName": ["Jones"]}}, STAFF, False, ER),
    ("ac-numeric-per-element", {"detail": {"items": {"sku": ["A"], "discount": [{"numeric": [">", 5]}]}}}, ORDER,
     True, f"{CF} numeric matching, {ER}"),
    ("ac-anything-but-per-element", {"detail": {"items": {"sku": [{"anything-but": "A"}], "gift": [True]}}}, ORDER,
     True, f"{CF} anything-but, {ER}"),
    # ---- exists: false inside an array of objects, per element -------------------------------------
    ("ex-false-per-element", {"detail": {"items": {"sku": ["A"], "zdiscount": [{"exists": False}]}}},
     {"detail": {"items": [{"sku": "A", "zdiscount": 10}, {"sku": "A"}]}}, True,
     f"{CF} exists matching, {ER}: the second element has sku A and no zdiscount"),
    ("ex-false-every-element-has-it", {"detail": {"items": {"sku": ["A"], "zdiscount": [{"exists": False}]}}},
     {"detail": {"items": [{"sku": "A", "zdiscount": 10}, {"sku": "B"}]}}, False,
     f"{CF} exists matching, {ER}: the only sku A element has zdiscount"),
    ("ex-false-staff", {"employees": {"firstName": ["Anna"], "ids": [{"exists": False}]}}, STAFF, True,
     f"{ER}: Anna's element has no ids (John's does)"),
    ("ex-true-staff", {"employees": {"firstName": ["Anna"], "ids": [{"exists": True}]}}, STAFF, False,
     f"{ER}: Anna's element has no ids"),
    ("ex-false-before-the-element-is-chosen", {"detail": {"items": {"discount": [{"exists": False}], "sku": ["A"]}}},
     ORDER, False, f"{ER}: 'discount' sorts before 'sku', so it is judged before an element is chosen"),
    ("ex-false-alone", {"detail": {"items": {"discount": [{"exists": False}]}}}, ORDER, False,
     f"{CF} exists matching: a leaf exists at the path"),
    ("ex-false-empty-array", {"detail": {"items": {"discount": [{"exists": False}]}}}, {"detail": {"items": []}}, True,
     f"{CF} exists matching: an empty array has no leaf"),
    ("ex-false-or-value", {"detail": {"items": {"sku": ["B"], "zdiscount": [{"exists": False}, {"numeric": [">", 50]}]}}},
     {"detail": {"items": [{"sku": "A"}, {"sku": "B", "zdiscount": 60}]}}, True,
     f"{CF} exists matching, {ER}: either transition"),
    # ---- $or: over 1000 rule combinations is refused ------------------------------------------------
    ("or-docs-three", {"detail": {"$or": [{"c-count": [{"numeric": [">", 0, "<=", 5]}]},
                                          {"d-count": [{"numeric": ["<", 10]}]},
                                          {"x-limit": [{"numeric": ["=", 3.018e2]}]}]}},
     {"detail": {"x-limit": 301.8}}, True, f"{CF}#eb-filtering-complex-example-or: three combinations"),
    ("or-1000-combinations-is-fine", or_pattern(3, 10), {"f2_1": "v"}, True,
     f"{CF}#eb-filtering-complex-example-or: 10 x 10 x 10 = 1000"),
    ("or-over-1000-combinations", or_pattern(3, 11), {}, ("invalid", "1,331 rule combinations"),
     f"{CF}#eb-filtering-complex-example-or: over 1000 rule combinations"),
    ("or-two-arrays-multiply", {"a": {"$or": [{"b": ["1"]}] * 2 + [{"c": ["1"]}] * 30},
                                "d": {"$or": [{"e": ["1"]}] * 40}}, {}, ("invalid", "1,280 rule combinations"),
     f"{CF}#eb-filtering-complex-example-or: 32 x 40 (another $or array multiplies)"),
    # ---- numeric matching: -5.0e9 .. +5.0e9, six digits after the decimal point ---------------------
    ("num-at-the-limit", {"n": [{"numeric": ["<=", 5.0e9]}]}, {"n": 5.0e9}, True, f"{CF} numeric matching: inclusive"),
    ("num-pattern-over-the-limit", {"n": [{"numeric": [">", 6.0e9]}]}, {"n": 7.0e9},
     ("invalid", "Value must be between"), f"{CF} numeric matching: limited to -5.0e9 .. +5.0e9"),
    ("num-event-over-the-limit", {"n": [{"numeric": [">", 0]}]}, {"n": 5.0e9 + 1}, False,
     f"{CF} numeric matching: values outside the range are not matched"),
    ("num-six-decimal-digits", {"n": [{"numeric": ["=", 1.0000001]}]}, {"n": 1.0}, True,
     f"{CF} numeric matching: six digits to the right of the decimal point"),
    ("num-six-decimal-digits-differ", {"n": [{"numeric": [">", 1.000001]}]}, {"n": 1.000002}, True,
     f"{CF} numeric matching"),
    # ---- event pattern size: 2,048 characters by default --------------------------------------------
    ("size-at-the-quota", {"k": ["x" * 2038]}, {"k": "x" * 2038}, True, f"{Q}: event pattern size 2,048"),
    ("size-over-the-quota", {"k": ["x" * 2039]}, {}, ("limit", "event pattern size quota is 2,048"),
     f"{Q}: event pattern size 2,048"),
]


@pytest.mark.parametrize("case_id,pattern,event,expected,doc", CASES, ids=[c[0] for c in CASES])
def test_docs_case(case_id, pattern, event, expected, doc):
    assert doc.startswith("https://")
    if isinstance(expected, tuple):
        with pytest.raises(SpecError) as caught:
            parse_pattern(json.dumps(pattern, separators=(",", ":")))
        assert caught.value.code == ("InvalidEventPattern" if expected[0] == "invalid" else "LimitExceededException")
        assert expected[1] in str(caught.value)
        return
    assert matches(pattern, event) is expected
    assert (CompiledPatterns({"r": pattern}).matching(event) == ["r"]) is expected


def test_size_counts_the_text_as_written():
    compact = json.dumps({"k": ["x" * 2038]}, separators=(",", ":"))
    assert len(compact) == 2048
    parse_pattern(compact)
    with pytest.raises(SpecError, match="2,049 characters"):
        parse_pattern(compact.replace(":", ": "))


# ---------------------------------------------------------------- the bus routes through the index

def bus_with(rules: list[dict], quota: int | None = None) -> object:
    spec = {"name": "default", "kind": "default", "account": "111122223333",
            "rules": [{"name": f"r{i}", "pattern": p, "targets": [{"id": "t", "type": "SQS"}]}
                      for i, p in enumerate(rules)]}
    if quota is not None:
        spec["rule_quota"] = quota
    return build_bus(spec)


def test_a_bus_holds_300_rules_unless_its_quota_was_raised():
    # Q: "Rules: 300 per event bus" (100 in af-south-1 and eu-south-1), adjustable
    bus_with([{"source": [f"s{i}"]} for i in range(300)])
    with pytest.raises(SpecError) as caught:
        bus_with([{"source": [f"s{i}"]} for i in range(301)])
    assert caught.value.code == "LimitExceededException" and "300" in str(caught.value)
    assert len(bus_with([{"source": [f"s{i}"]} for i in range(1000)], quota=1000).rules) == 1000


def test_put_event_and_replay_route_through_the_compiled_index():
    from datetime import UTC, datetime

    bus = build_bus({"name": "default", "kind": "default", "account": "111122223333",
                     "rules": [{"name": "ec2", "pattern": {"source": ["aws.ec2"]},
                                "targets": [{"id": "q", "type": "SQS"}]},
                               {"name": "off", "pattern": {"source": ["aws.ec2"]}, "enabled": False},
                               {"name": "items", "pattern": {"detail": {"items": {"sku": ["A"], "z": [{"exists": False}]}}}}],
                     "archives": [{"name": "all", "created": "2026-01-01T00:00:00Z"}]})
    assert bus.index is not None and bus.index[2] == (0, 2)      # the index covers the enabled rules only
    event = {"source": "aws.ec2", "id": "e1", "detail": {"items": [{"sku": "A", "z": 1}, {"sku": "A"}]}}
    at = datetime(2026, 1, 2, tzinfo=UTC)
    delivery = put_event(bus, event, "111122223333", at, via_put_events=False)
    assert delivery.matched_rules == ("ec2", "items") and delivery.targets == ("ec2/q (SQS)",)
    assert delivery.bus is not None and delivery.bus.index is bus.index   # same rules: the index is kept
    result = replay(delivery.bus, "all", datetime(2026, 1, 1, tzinfo=UTC), datetime(2026, 1, 3, tzinfo=UTC),
                    datetime(2026, 1, 4, tzinfo=UTC), only_rules=("items",))
    assert result.deliveries == (("e1", ()),)                # 'items' has no target; 'ec2' was not replayed to


leaf = st.one_of(st.sampled_from(["A", "B", ""]), st.integers(0, 3), st.none())
events = st.fixed_dictionaries({}, optional={
    "source": st.sampled_from(["aws.ec2", "app"]),
    "detail": st.fixed_dictionaries({}, optional={
        "items": st.lists(st.fixed_dictionaries({}, optional={"sku": leaf, "n": leaf}), max_size=3),
        "n": leaf})})
tests = st.lists(st.one_of(leaf, st.sampled_from([{"exists": False}, {"exists": True}, {"numeric": [">", 0]},
                                                  {"anything-but": "A"}, {"prefix": ""}])), min_size=1, max_size=2)
patterns = st.fixed_dictionaries({}, optional={
    "source": st.lists(st.sampled_from(["aws.ec2", "app"]), min_size=1, max_size=2),
    "detail": st.fixed_dictionaries({}, optional={"items": st.fixed_dictionaries({}, optional={"sku": tests, "n": tests}),
                                                  "n": tests})}).filter(lambda p: bool(p) and p.get("detail") != {}
                                                                        and p.get("detail", {}).get("items") != {})


@settings(max_examples=150, deadline=None)
@given(st.lists(patterns, min_size=1, max_size=8), st.lists(events, min_size=1, max_size=4))
def test_route_agrees_with_rule_by_rule(rules, sample):
    bus = bus_with(rules)
    for event in sample:
        assert route(bus, event)[0] == route_rule_by_rule(bus, event)
