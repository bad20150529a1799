"""Acceptance 1: EventBridge event patterns match (and are rejected) as AWS documents.

Each row: id, pattern, event, expected (True / False / ("invalid", part of AWS's reason)),
and the AWS documentation example it follows ("-" where the row is our own edge case).
Docs: CF = "Content filtering in Amazon EventBridge event patterns"
(eb-event-patterns-content-based-filtering.html), AR = "Arrays in Amazon EventBridge event
patterns", EP = "Amazon EventBridge event patterns", NV = "Matching null and empty values".
"""

from __future__ import annotations

import json

import pytest
from fuzzing import fuzz_settings
from hypothesis import given, settings
from hypothesis import strategies as st

from studycli.errors import SpecError, StudyError
from studycli.sims.eventbridge.event_pattern import (
    WILDCARD_COMPLEXITY_LIMIT,
    CompiledPatterns,
    matches,
    parse_pattern,
    wildcard_complexity,
)

EC2 = {"version": "0", "id": "6a7e8feb", "detail-type": "EC2 Instance State-change Notification",
       "source": "aws.ec2", "account": "111122223333", "time": "2017-12-22T18:43:48Z", "region": "us-west-1",
       "resources": ["arn:aws:ec2:us-west-1:123456789012:instance/i-1234567890abcdef0"],
       "detail": {"instance-id": "i-1234567890abcdef0", "state": "terminated"}}


def ev(**detail):
    return {**EC2, "detail": detail}


INVALID = "invalid"
CASES = [
    # ---- exact values, fields ANDed, lists ORed (EP: "The following event pattern selects all EC2 instance-termination events")
    ("ep-termination", {"source": ["aws.ec2"], "detail-type": ["EC2 Instance State-change Notification"],
                        "detail": {"state": ["terminated"]}}, EC2, True, "EP example"),
    ("ep-termination-wrong-state", {"source": ["aws.ec2"], "detail": {"state": ["running"]}}, EC2, False, "EP example"),
    ("ep-and-one-field-fails", {"source": ["aws.ec2"], "region": ["us-east-1"]}, EC2, False, "EP: all fields must match"),
    ("ep-list-is-or", {"detail": {"state": ["running", "terminated"]}}, EC2, True, "EP: any value in the list"),
    ("ep-missing-field", {"detail": {"owner": ["me"]}}, EC2, False, "-"),
    ("ep-case-sensitive-value", {"source": ["AWS.EC2"]}, EC2, False, "EP: matching is case-sensitive"),
    ("ep-case-sensitive-key", {"Source": ["aws.ec2"]}, EC2, False, "EP: field names case-sensitive"),
    ("ep-number-exact", {"detail": {"count": [5]}}, ev(count=5), True, "CF numeric values"),
    ("ep-number-exact-float", {"detail": {"count": [5]}}, ev(count=5.0), True, "- (AWS recorded: 300 matches 300.0)"),
    ("ep-number-vs-string", {"detail": {"count": [5]}}, ev(count="5"), False, "-"),
    ("ep-string-vs-number", {"detail": {"count": ["5"]}}, ev(count=5), False, "-"),
    ("ep-boolean", {"detail": {"enabled": [True]}}, ev(enabled=True), True, "-"),
    ("ep-boolean-not-one", {"detail": {"enabled": [True]}}, ev(enabled=1), False, "- (true is not the number 1)"),
    ("ep-number-not-boolean", {"detail": {"enabled": [1]}}, ev(enabled=True), False, "-"),
    ("ep-big-account-id", {"detail": {"acct": [123456789012345678]}}, ev(acct=123456789012345678), True, "-"),
    # ---- nested objects and dotted keys
    ("ep-nested", {"detail": {"a": {"b": {"c": ["x"]}}}}, ev(a={"b": {"c": "x"}}), True, "EP: nested fields"),
    ("ep-nested-object-not-leaf", {"detail": {"a": ["x"]}}, ev(a={"b": "x"}), False, "-"),
    ("ep-dotted-pattern-key", {"detail": {"a.b": ["x"]}}, ev(a={"b": "x"}), True, "- (AWS recorded dot joining)"),
    ("ep-dotted-event-key", {"detail": {"a": {"b": ["x"]}}}, ev(**{"a.b": "x"}), True, "- (AWS recorded dot joining)"),
    ("ep-detail-as-string", {"detail": {"a": ["x"]}}, {**EC2, "detail": '{"a": "x"}'}, False, "-"),
    # ---- arrays (AR)
    ("ar-event-array-any", {"resources": ["arn:aws:ec2:us-west-1:123456789012:instance/i-1234567890abcdef0", "other"]},
     EC2, True, "AR: intersection non-empty"),
    ("ar-event-array-none", {"resources": ["a", "b"]}, EC2, False, "AR"),
    ("ar-array-of-objects", {"detail": {"items": {"sku": ["B"]}}}, ev(items=[{"sku": "A"}, {"sku": "B"}]), True, "AR"),
    ("ar-consistency-same-element", {"detail": {"items": {"sku": ["A"], "qty": [1]}}},
     ev(items=[{"sku": "A", "qty": 1}, {"sku": "B", "qty": 2}]), True, "- (event-ruler array consistency)"),
    ("ar-consistency-across-elements", {"detail": {"items": {"sku": ["A"], "qty": [2]}}},
     ev(items=[{"sku": "A", "qty": 1}, {"sku": "B", "qty": 2}]), False, "- (event-ruler array consistency)"),
    ("ar-nested-arrays", {"detail": {"m": ["x"]}}, ev(m=[["y"], ["x"]]), True, "-"),
    ("ar-empty-array-no-null", {"detail": {"m": [None]}}, ev(m=[]), False, "- (AWS recorded: [null] vs [])"),
    # ---- null and empty values (NV)
    ("nv-null-matches-null", {"detail": {"responseElements": [None]}}, ev(responseElements=None), True, "NV"),
    ("nv-null-not-missing", {"detail": {"responseElements": [None]}}, ev(), False, "NV: null is not missing"),
    ("nv-null-not-string", {"detail": {"responseElements": [None]}}, ev(responseElements="null"), False, "NV"),
    ("nv-empty-string", {"detail": {"eventVersion": [""]}}, ev(eventVersion=""), True, "NV"),
    ("nv-empty-string-not-null", {"detail": {"eventVersion": [""]}}, ev(eventVersion=None), False, "NV"),
    ("nv-empty-string-not-missing", {"detail": {"eventVersion": [""]}}, ev(), False, "NV"),
    # ---- prefix (CF "Prefix matching")
    ("cf-prefix", {"time": [{"prefix": "2017-12-22"}]}, EC2, True, "CF prefix example (time 2017-10-02)"),
    ("cf-prefix-no", {"time": [{"prefix": "2018"}]}, EC2, False, "CF prefix"),
    ("cf-prefix-not-number", {"detail": {"n": [{"prefix": "12"}]}}, ev(n=123), False, "CF: prefix works on strings"),
    ("cf-prefix-empty-any-string", {"source": [{"prefix": ""}]}, EC2, True, "- (AWS recorded)"),
    ("cf-prefix-ignore-case", {"detail": {"service": [{"prefix": {"equals-ignore-case": "EventB"}}]}},
     ev(service="eventbridge"), True, "CF prefix with equals-ignore-case example"),
    ("cf-prefix-case-sensitive", {"detail": {"service": [{"prefix": "EventB"}]}}, ev(service="eventbridge"), False,
     "CF prefix"),
    # ---- suffix (CF "Suffix matching")
    ("cf-suffix", {"detail": {"FileName": [{"suffix": ".png"}]}}, ev(FileName="image.png"), True, "CF suffix example"),
    ("cf-suffix-no", {"detail": {"FileName": [{"suffix": ".png"}]}}, ev(FileName="image.PNG"), False, "CF suffix"),
    ("cf-suffix-ignore-case", {"detail": {"FileName": [{"suffix": {"equals-ignore-case": ".png"}}]}},
     ev(FileName="image.PNG"), True, "CF suffix with equals-ignore-case example"),
    # ---- equals-ignore-case (CF "Equals-ignore-case matching")
    ("cf-eic", {"detail-type": [{"equals-ignore-case": "ec2 instance state-change notification"}]}, EC2, True,
     "CF equals-ignore-case example"),
    ("cf-eic-no", {"detail-type": [{"equals-ignore-case": "ec2 instance"}]}, EC2, False, "CF equals-ignore-case"),
    ("cf-eic-number", {"detail": {"n": [{"equals-ignore-case": "5"}]}}, ev(n=5), False, "-"),
    # ---- wildcard (CF "Wildcard matching")
    ("cf-wildcard", {"detail": {"EventBusArn": [{"wildcard": "arn:aws:events:us-east-1:*:event-bus/*"}]}},
     ev(EventBusArn="arn:aws:events:us-east-1:123456789012:event-bus/orders"), True, "CF wildcard example"),
    ("cf-wildcard-spans-slashes", {"detail": {"f": [{"wildcard": "/Users/*/doc.txt"}]}},
     ev(f="/Users/me/a/b/doc.txt"), True, "CF wildcard: * matches any characters"),
    ("cf-wildcard-no", {"detail": {"f": [{"wildcard": "*.txt"}]}}, ev(f="doc.txt.bak"), False, "CF wildcard"),
    ("cf-wildcard-escaped-star", {"detail": {"f": [{"wildcard": "a\\*b"}]}}, ev(f="a*b"), True, "CF: escape * with \\"),
    ("cf-wildcard-escaped-star-literal", {"detail": {"f": [{"wildcard": "a\\*b"}]}}, ev(f="axxb"), False, "CF"),
    ("cf-wildcard-empty", {"detail": {"f": [{"wildcard": ""}]}}, ev(f=""), True, "-"),
    ("cf-wildcard-no-star-is-exact", {"detail": {"f": [{"wildcard": "abc"}]}}, ev(f="abcd"), False, "-"),
    ("cf-wildcard-regex-chars-literal", {"detail": {"f": [{"wildcard": "a.c*"}]}}, ev(f="abc"), False, "-"),
    # ---- anything-but (CF "Anything-but matching")
    ("cf-ab-string", {"detail": {"state": [{"anything-but": "initializing"}]}}, ev(state="running"), True,
     "CF anything-but string example"),
    ("cf-ab-string-no", {"detail": {"state": [{"anything-but": "initializing"}]}}, ev(state="initializing"), False,
     "CF anything-but"),
    ("cf-ab-number", {"detail": {"x-limit": [{"anything-but": 123}]}}, ev(**{"x-limit": 456}), True,
     "CF anything-but number example"),
    ("cf-ab-number-no", {"detail": {"x-limit": [{"anything-but": 123}]}}, ev(**{"x-limit": 123.0}), False, "CF"),
    ("cf-ab-list", {"detail": {"state": [{"anything-but": ["stopped", "overloaded"]}]}}, ev(state="running"), True,
     "CF anything-but list example"),
    ("cf-ab-list-no", {"detail": {"state": [{"anything-but": ["stopped", "overloaded"]}]}}, ev(state="stopped"), False,
     "CF anything-but list"),
    ("cf-ab-missing-field", {"detail": {"state": [{"anything-but": "x"}]}}, ev(), False, "- (AWS recorded)"),
    ("cf-ab-null-value", {"detail": {"state": [{"anything-but": "x"}]}}, ev(state=None), True, "- (AWS recorded)"),
    ("cf-ab-other-type", {"detail": {"state": [{"anything-but": "5"}]}}, ev(state=5), True, "-"),
    ("cf-ab-prefix", {"detail": {"state": [{"anything-but": {"prefix": "init"}}]}}, ev(state="running"), True,
     "CF anything-but prefix example"),
    ("cf-ab-prefix-no", {"detail": {"state": [{"anything-but": {"prefix": "init"}}]}}, ev(state="initializing"), False,
     "CF anything-but prefix"),
    ("cf-ab-suffix", {"detail": {"FileName": [{"anything-but": {"suffix": ".txt"}}]}}, ev(FileName="a.png"), True,
     "CF anything-but suffix example"),
    ("cf-ab-suffix-no", {"detail": {"FileName": [{"anything-but": {"suffix": ".txt"}}]}}, ev(FileName="a.txt"), False,
     "CF anything-but suffix"),
    ("cf-ab-wildcard", {"detail": {"FilePath": [{"anything-but": {"wildcard": "*/lib/*"}}]}}, ev(FilePath="/usr/bin/x"),
     True, "CF anything-but wildcard example"),
    ("cf-ab-wildcard-no", {"detail": {"FilePath": [{"anything-but": {"wildcard": "*/lib/*"}}]}},
     ev(FilePath="/usr/lib/x"), False, "CF anything-but wildcard"),
    ("cf-ab-eic", {"detail": {"state": [{"anything-but": {"equals-ignore-case": ["Stopped", "overloaded"]}}]}},
     ev(state="STOPPED"), False, "CF anything-but equals-ignore-case example"),
    ("cf-ab-eic-yes", {"detail": {"state": [{"anything-but": {"equals-ignore-case": "stopped"}}]}},
     ev(state="running"), True, "CF anything-but equals-ignore-case"),
    # ---- numeric (CF "Numeric matching")
    ("cf-num-range", {"detail": {"c-count": [{"numeric": [">", 0, "<=", 5]}]}}, ev(**{"c-count": 5}), True,
     "CF numeric example"),
    ("cf-num-range-open-low", {"detail": {"c-count": [{"numeric": [">", 0, "<=", 5]}]}}, ev(**{"c-count": 0}), False,
     "CF numeric"),
    ("cf-num-lt", {"detail": {"d-count": [{"numeric": ["<", 10]}]}}, ev(**{"d-count": 9.99}), True, "CF numeric"),
    ("cf-num-lt-edge", {"detail": {"d-count": [{"numeric": ["<", 10]}]}}, ev(**{"d-count": 10}), False, "CF numeric"),
    ("cf-num-eq", {"detail": {"x-limit": [{"numeric": ["=", 3.018e2]}]}}, ev(**{"x-limit": 301.8}), True,
     "CF numeric = example"),
    ("cf-num-ge", {"detail": {"n": [{"numeric": [">=", 100]}]}}, ev(n=100), True, "CF numeric"),
    ("cf-num-le", {"detail": {"n": [{"numeric": ["<=", -1]}]}}, ev(n=-1.0), True, "-"),
    ("cf-num-string-number", {"detail": {"n": [{"numeric": [">", 1]}]}}, ev(n="5"), False, "CF: JSON numbers only"),
    ("cf-num-null", {"detail": {"n": [{"numeric": [">", 1]}]}}, ev(n=None), False, "-"),
    ("cf-num-bool", {"detail": {"n": [{"numeric": [">", 0]}]}}, ev(n=True), False, "-"),
    ("cf-num-array-any", {"detail": {"n": [{"numeric": [">", 10]}]}}, ev(n=[1, 2, 30]), True, "AR + CF numeric"),
    # ---- exists (CF "Exists matching")
    ("cf-exists", {"detail": {"state": [{"exists": True}]}}, EC2, True, "CF exists example"),
    ("cf-exists-missing", {"detail": {"state": [{"exists": True}]}}, ev(), False, "CF exists"),
    ("cf-exists-false", {"detail": {"state": [{"exists": False}]}}, ev(), True, "CF exists:false example"),
    ("cf-exists-false-present", {"detail": {"state": [{"exists": False}]}}, EC2, False, "CF exists:false"),
    ("cf-exists-object-not-leaf", {"detail": {"a": [{"exists": True}]}}, ev(a={"b": 1}), False,
     "CF: exists works on leaf nodes"),
    ("cf-exists-null-is-present", {"detail": {"a": [{"exists": True}]}}, ev(a=None), True, "-"),
    ("cf-exists-empty-array", {"resources": [{"exists": True}]}, {**EC2, "resources": []}, False, "- (AWS recorded)"),
    ("cf-exists-false-missing-parent", {"detail": {"a": {"b": [{"exists": False}]}}}, ev(), True, "- (AWS recorded)"),
    ("cf-exists-or-anything-but", {"detail": {"s": [{"anything-but": "roses"}, {"exists": False}]}}, ev(s="roses"),
     False, "-"),
    # ---- cidr (CF "IP address matching")
    ("cf-cidr", {"detail": {"sourceIPAddress": [{"cidr": "10.0.0.0/24"}]}}, ev(sourceIPAddress="10.0.0.255"), True,
     "CF IP address matching example"),
    ("cf-cidr-no", {"detail": {"sourceIPAddress": [{"cidr": "10.0.0.0/24"}]}}, ev(sourceIPAddress="10.0.1.0"), False,
     "CF IP address"),
    ("cf-cidr-v6", {"detail": {"ip": [{"cidr": "2001:db8::/32"}]}}, ev(ip="2001:0db8:0000::1"), True,
     "CF IP address (IPv6)"),
    ("cf-cidr-not-ip", {"detail": {"ip": [{"cidr": "10.0.0.0/8"}]}}, ev(ip="ten"), False, "-"),
    # ---- $or (CF "Using or")
    ("cf-or", {"detail": {"$or": [{"c-count": [{"numeric": [">", 0, "<=", 5]}]}, {"d-count": [{"numeric": ["<", 10]}]}]}},
     ev(**{"c-count": 0, "d-count": 3}), True, "CF $or example"),
    ("cf-or-none", {"detail": {"$or": [{"c-count": [1]}, {"d-count": [2]}]}}, ev(**{"c-count": 0}), False, "CF $or"),
    ("cf-or-top-level", {"source": ["aws.ec2"], "$or": [{"region": ["us-east-1"]}, {"detail": {"state": ["terminated"]}}]},
     EC2, True, "CF $or with another field (AND)"),
    ("cf-or-and-other-field-fails", {"source": ["aws.s3"], "$or": [{"region": ["us-west-1"]}, {"account": ["x"]}]},
     EC2, False, "CF $or"),
    ("cf-or-nested", {"$or": [{"$or": [{"region": ["a"]}, {"region": ["us-west-1"]}]}, {"account": ["x"]}]}, EC2, True,
     "-"),
    # ---- invalid patterns (InvalidEventPatternException)
    ("inv-scalar-value", {"source": "aws.ec2"}, EC2, (INVALID, '"source" must be an object or an array'), "EP: values are arrays"),
    ("inv-empty-array", {"source": []}, EC2, (INVALID, "Empty arrays are not allowed"), "-"),
    ("inv-empty-object", {"detail": {}}, EC2, (INVALID, "Empty objects are not allowed"), "-"),
    ("inv-unknown-operator", {"source": [{"startswith": "aws"}]}, EC2, (INVALID, "Unrecognized match type startswith"), "-"),
    ("inv-two-operators", {"source": [{"prefix": "a", "suffix": "b"}]}, EC2,
     (INVALID, "Only one key allowed in match expression"), "-"),
    ("inv-prefix-number", {"source": [{"prefix": 1}]}, EC2, (INVALID, "prefix match pattern must be a string"), "-"),
    ("inv-suffix-list", {"source": [{"suffix": ["a"]}]}, EC2, (INVALID, "suffix match pattern must be a string"), "-"),
    ("inv-eic-number", {"source": [{"equals-ignore-case": 1}]}, EC2,
     (INVALID, "equals-ignore-case match pattern must be a string"), "-"),
    ("inv-wildcard-double-star", {"f": [{"wildcard": "a**b"}]}, EC2, (INVALID, "Consecutive wildcard characters at pos 2"),
     "CF wildcard: consecutive * not allowed"),
    ("inv-wildcard-bad-escape", {"f": [{"wildcard": "a\\b"}]}, EC2, (INVALID, "Invalid escape character at pos 1"), "-"),
    ("inv-wildcard-too-complex", {"f": [{"wildcard": "*a*a*a*a*a*a*a"}]}, EC2, (INVALID, "Rule is too complex"),
     "CF wildcard complexity"),
    ("inv-numeric-not-array", {"n": [{"numeric": 5}]}, EC2, (INVALID, "Value of numeric must be an array."), "-"),
    ("inv-numeric-bad-op", {"n": [{"numeric": ["!=", 5]}]}, EC2, (INVALID, "Unrecognized numeric range operator: !="), "-"),
    ("inv-numeric-two-lowers", {"n": [{"numeric": [">", 0, ">=", 5]}]}, EC2, (INVALID, "Bad numeric range operator: >="), "-"),
    ("inv-numeric-missing-value", {"n": [{"numeric": [">", 0, "<"]}]}, EC2, (INVALID, "Value of < must be numeric"), "-"),
    ("inv-numeric-string-value", {"n": [{"numeric": ["<", "5"]}]}, EC2, (INVALID, "Value of < must be numeric"), "-"),
    ("inv-numeric-backwards", {"n": [{"numeric": [">", 5, "<", 1]}]}, EC2, (INVALID, "Bottom must be less than top"), "-"),
    ("inv-exists-string", {"n": [{"exists": "yes"}]}, EC2, (INVALID, "exists match pattern must be either true or false."), "-"),
    ("inv-ab-null", {"n": [{"anything-but": None}]}, EC2,
     (INVALID, "Value of anything-but must be an array or single string/number value."), "-"),
    ("inv-ab-mixed-list", {"n": [{"anything-but": ["a", 1]}]}, EC2, (INVALID, "mixed type is not supported"), "-"),
    ("inv-ab-bool-in-list", {"n": [{"anything-but": ["a", True]}]}, EC2,
     (INVALID, "Inside anything but list, start|null|boolean is not supported."), "-"),
    ("inv-ab-empty-prefix", {"n": [{"anything-but": {"prefix": ""}}]}, EC2, (INVALID, "Null prefix/suffix not allowed"), "-"),
    ("inv-ab-unknown", {"n": [{"anything-but": {"numeric": [">", 1]}}]}, EC2,
     (INVALID, "Unsupported anything-but pattern: numeric"), "-"),
    ("inv-cidr-no-slash", {"ip": [{"cidr": "10.0.0.1"}]}, EC2, (INVALID, "Malformed CIDR, one '/' required"), "-"),
    ("inv-cidr-bad-mask", {"ip": [{"cidr": "10.0.0.0/33"}]}, EC2, (INVALID, "mask bits must be between 0 and 32"), "-"),
    ("inv-cidr-bad-ip", {"ip": [{"cidr": "10.0.0/8"}]}, EC2, (INVALID, "Nonstandard IP address: 10.0.0"), "-"),
    ("inv-or-one-branch", {"$or": [{"a": ["b"]}]}, EC2, (INVALID, "at least 2 Objects in $or"), "CF $or"),
    ("inv-or-not-array", {"$or": {"a": ["b"]}}, EC2, (INVALID, "It must be an Array followed with $or."), "-"),
    ("inv-or-scalar-branch", {"$or": [{"a": ["b"]}, "c"]}, EC2, (INVALID, "Only JSON object is allowed"), "-"),
    ("inv-nested-list-value", {"a": [["b"]]}, EC2, (INVALID, "Match value must be String, number, true, false, or null"), "-"),
    ("inv-not-object", ["source"], EC2, (INVALID, "Filter is not an object"), "-"),
    ("inv-json-syntax", '{"source": [aws]}', EC2, (INVALID, "Unrecognized token 'aws'"), "-"),
    ("inv-json-single-quotes", "{'source': ['aws']}", EC2, (INVALID, "was expecting double-quote to start field name"), "-"),
    ("inv-json-truncated", '{"source": ["aws"]', EC2, (INVALID, "Unexpected end-of-input"), "-"),
    ("inv-json-nan", '{"n": [NaN]}', EC2, (INVALID, "Non-standard token 'NaN'"), "-"),
]


@pytest.mark.parametrize("case_id,pattern,event,expected,doc", CASES, ids=[c[0] for c in CASES])
def test_pattern_case(case_id, pattern, event, expected, doc):
    if isinstance(expected, tuple):
        with pytest.raises(SpecError) as caught:
            parse_pattern(pattern if isinstance(pattern, str) else json.dumps(pattern))
        assert caught.value.kind == "InvalidEventPattern"
        assert str(caught.value).startswith("Event pattern is not valid. Reason: ")
        assert expected[1] in str(caught.value)
        return
    assert matches(pattern, event) is expected
    # the compiled multi-rule matcher must agree with the one-pattern evaluator
    assert (CompiledPatterns({"rule": pattern}).matching(event) == ["rule"]) is expected


def test_at_least_80_cases_cover_every_operator():
    assert len(CASES) >= 80
    text = json.dumps([c[1] for c in CASES])
    for operator in ("prefix", "suffix", "equals-ignore-case", "wildcard", "anything-but", "numeric", "exists",
                     "cidr", "$or"):
        assert f'"{operator}"' in text, operator
    assert sum(isinstance(c[3], tuple) for c in CASES) >= 25


def test_duplicate_key_last_one_wins():
    # JSON text with a repeated field: AWS keeps the last occurrence
    text = '{"detail": {"state": ["running"], "state": ["terminated"]}}'
    assert matches(text, EC2) is True


def test_pattern_accepts_text_or_mapping_alike():
    pattern = {"detail": {"state": [{"prefix": "term"}]}}
    assert parse_pattern(pattern).matches(EC2) == parse_pattern(json.dumps(pattern)).matches(EC2) is True


def test_wildcard_complexity_budget():
    assert wildcard_complexity("arn:aws:events:us-east-1:*:event-bus/*") <= WILDCARD_COMPLEXITY_LIMIT
    assert wildcard_complexity("*:*:*:*:*:event-bus/*") > WILDCARD_COMPLEXITY_LIMIT


# ---------------------------------------------------------------- compiled matcher

def test_compiled_matcher_returns_every_matching_rule_in_order():
    rules = {
        "ec2-any": {"source": ["aws.ec2"]},
        "s3-any": {"source": ["aws.s3"]},
        "terminated": {"detail": {"state": ["terminated"]}},
        "no-owner": {"detail": {"owner": [{"exists": False}]}},
        "prefix-time": {"time": [{"prefix": "2017"}]},
        "or-rule": {"$or": [{"region": ["eu-west-1"]}, {"account": ["111122223333"]}]},
    }
    assert CompiledPatterns(rules).matching(EC2) == ["ec2-any", "terminated", "no-owner", "prefix-time", "or-rule"]
    assert CompiledPatterns(rules).matching({"source": "aws.s3"}) == ["s3-any", "no-owner"]


def test_compiled_matcher_rejects_invalid_pattern():
    with pytest.raises(SpecError):
        CompiledPatterns({"bad": {"source": "x"}})


leaf = st.one_of(st.sampled_from(["a", "b", "ab", "A", "", "10.0.0.1"]), st.integers(-3, 3), st.booleans(),
                 st.none())
events = st.fixed_dictionaries({}, optional={
    "source": st.sampled_from(["aws.ec2", "aws.s3", "app"]),
    "detail": st.dictionaries(st.sampled_from(["x", "y", "z"]),
                              st.one_of(leaf, st.lists(leaf, max_size=3),
                                        st.lists(st.fixed_dictionaries({"k": leaf}), max_size=2)), max_size=3)})
value_tests = st.one_of(leaf, st.sampled_from([{"prefix": "a"}, {"suffix": "b"}, {"exists": True}, {"exists": False},
                                               {"anything-but": "a"}, {"numeric": [">", 0]},
                                               {"equals-ignore-case": "a"}, {"wildcard": "*b"},
                                               {"cidr": "10.0.0.0/8"}]))
patterns = st.fixed_dictionaries({}, optional={
    "source": st.lists(st.sampled_from(["aws.ec2", "aws.s3", "app"]), min_size=1, max_size=2),
    "detail": st.dictionaries(st.sampled_from(["x", "y", "z", "x.k"]), st.lists(value_tests, min_size=1, max_size=3),
                              min_size=1, max_size=2)}).filter(bool)


@settings(max_examples=150, deadline=None)
@given(st.lists(patterns, min_size=1, max_size=6), st.lists(events, min_size=1, max_size=4))
def test_compiled_matcher_agrees_with_pattern_by_pattern(rules, sample):
    named = {f"r{i}": p for i, p in enumerate(rules)}
    compiled = CompiledPatterns(named)
    for event in sample:
        assert compiled.matching(event) == [name for name, p in named.items() if matches(p, event)]


# ---------------------------------------------------------------- fuzz: only domain errors

json_values = st.recursive(st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False),
                                     st.text(max_size=8),
                                     st.sampled_from(["prefix", "anything-but", "numeric", "$or", "*", "**", "/"])),
                           lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                   st.dictionaries(st.one_of(st.text(max_size=6), st.sampled_from(
                                                       ["prefix", "suffix", "anything-but", "numeric", "exists",
                                                        "cidr", "wildcard", "equals-ignore-case", "$or"])),
                                                       inner, max_size=4)),
                           max_leaves=20)


@fuzz_settings()
@given(json_values)
def test_fuzz_random_json_patterns_raise_only_domain_errors(document):
    try:
        pattern = parse_pattern(json.dumps(document))
    except StudyError as err:
        assert isinstance(err, SpecError) and str(err).startswith("Event pattern is not valid. Reason: ")
        return
    pattern.matches(EC2)


@fuzz_settings()
@given(st.text(max_size=40))
def test_fuzz_random_pattern_text_raises_only_domain_errors(text):
    try:
        parse_pattern(text)
    except SpecError:
        pass
