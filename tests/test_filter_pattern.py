"""Acceptance 1: CloudWatch Logs filter patterns, table-driven from the AWS documentation.

Each row cites the example it follows in "Filter pattern syntax for metric filters,
subscription filters, filter log events, and Live Tail" (CloudWatch Logs User Guide,
FilterAndPatternSyntax; archived copy awsdocs/amazon-cloudwatch-logs-user-guide
doc_source/FilterAndPatternSyntax.md). The sample events are the docs' own where they
give one; the rows that test "no match" are the docs' counter-examples.
"""

from __future__ import annotations

import json

import pytest
from fuzzing import fuzz_settings
from hypothesis import given
from hypothesis import strategies as st

from studycli.errors import SpecError, StudyError
from studycli.sims.logs.filter_pattern import match_event, parse_filter_pattern, split_event_fields

# The docs' JSON sample for simple selectors ("JSON metric filter examples").
DOC_JSON = json.dumps({
    "eventType": "UpdateTrail", "sourceIPAddress": "111.111.111.111",
    "arrayKey": ["value", "another value"],
    "objectList": [{"name": "a", "id": 1}, {"name": "b", "id": 2}],
    "SomeObject": None, "ThisFlag": True,
})
# The docs' JSON sample for compound conditions ("JSON compound conditions").
DOC_COMPOUND = json.dumps({
    "user": {"id": 1, "email": "John.Stiles@example.com"},
    "users": [{"id": 2, "email": "John.Doe@example.com"}, {"id": 3, "email": "Jane.Doe@example.com"}],
    "actions": ["GET", "PUT", "DELETE"],
    "coordinates": [[0, 1, 2], [4, 5, 6], [7, 8, 9]],
})
# The docs' Apache access-log lines for space-delimited patterns.
APACHE_200 = '127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] "GET /apache_pb.gif HTTP/1.0" 200 1534'
APACHE_500 = '127.0.0.1 - frank [10/Oct/2000:13:35:22 -0700] "GET /apache_pb.gif HTTP/1.0" 500 5324'
APACHE_404 = '127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] "GET /index.html HTTP/1.0" 404 1534'
APACHE_403_BIG = '127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] "GET /index.html HTTP/1.0" 403 4096'

# (pattern, event, expected match, which doc example it follows)
CASES = [
    # -- unstructured events: terms, phrases, OR, exclusion ("Match terms in unstructured log events")
    ("", "anything at all", True, "empty pattern matches every event"),
    ('""', "[ERROR 400] BAD REQUEST", True, 'the pattern "" matches all log events'),
    ("ERROR", "[ERROR] A fatal exception has occurred", True, "single term"),
    ("ERROR", "Exiting with ERRORCODE: -1", True, "single term matches inside ERRORCODE"),
    ("ERROR", "[error] lower case", False, "filter patterns are case sensitive"),
    ("ERROR", "[ERROR 400] BAD REQUEST", True, "single term, [ERROR 400] sample"),
    ('"ERROR" - "Exiting"', "Exiting with ERRORCODE: -1", False, "include a term and exclude a term"),
    ('"ERROR" - "Exiting"', "[ERROR] A fatal exception has occurred", True, "include/exclude keeps others"),
    ("ERROR Exception", "[ERROR] Caught IllegalArgumentException", True, "multiple terms"),
    ("ERROR Exception", "[ERROR] Unhandled Exception", True, "multiple terms"),
    ("ERROR Exception", "[ERROR] Unhandled failure", False, "multiple terms: all must appear"),
    ("Failed to process the request", "[WARN] Failed to process the request", True, "all words"),
    ("Failed to process the request", "[ERROR] Unable to continue: Failed to process the request", True,
     "all words"),
    ('"INTERNAL SERVER ERROR"', "[ERROR 500] INTERNAL SERVER ERROR", True, "exact phrase"),
    ('"INTERNAL SERVER ERROR"', "[ERROR 500] INTERNAL ERROR ON SERVER", False, "exact phrase, words reordered"),
    ("ERROR", "ERROR WARN message", True, "OR section: ERROR matches 1"),
    ("ERROR", "WARN message", False, "OR section: ERROR does not match 3"),
    ("?ERROR ?WARN", "ERROR WARN message", True, "OR section: ?ERROR ?WARN matches 1"),
    ("?ERROR ?WARN", "ERROR message", True, "OR section: ?ERROR ?WARN matches 2"),
    ("?ERROR ?WARN", "WARN message", True, "OR section: ?ERROR ?WARN matches 3"),
    ("?ERROR ?WARN", "INFO message", False, "OR section: neither term"),
    ("ERROR WARN", "ERROR WARN message", True, "OR section: ERROR WARN matches only 1"),
    ("ERROR WARN", "ERROR message", False, "OR section: ERROR WARN does not match 2"),
    ("ERROR -WARN", "ERROR message", True, "OR section: ERROR -WARN matches 2"),
    ("ERROR -WARN", "ERROR WARN message", False, "OR section: ERROR -WARN excludes 1"),
    ("%AUTHORIZED%", "[ERROR 401] UNAUTHORIZED REQUEST", True, "regex %AUTHORIZED%"),
    ("%AUTHORIZED%", "[SUCCESS 200] AUTHORIZED REQUEST", True, "regex %AUTHORIZED%"),
    ("%^\\[ERROR 4[0-9]+\\]%", "[ERROR 404] NOT FOUND", True, "regex with ^, class and +"),
    ("%^\\[ERROR 4[0-9]+\\]%", "[WARN 404] NOT FOUND", False, "regex anchored at the start"),
    # -- JSON events ("Match terms in JSON log events")
    ('{ $.eventType = "UpdateTrail" }', DOC_JSON, True, "filter on the event type"),
    ('{ $.eventType = "DeleteTrail" }', DOC_JSON, False, "other event type"),
    ("{ $.sourceIPAddress != 123.123.* }", DOC_JSON, True, "IP outside the 123.123 prefix"),
    ("{ $.sourceIPAddress = 111.111.* }", DOC_JSON, True, "trailing wildcard"),
    ('{ $.arrayKey[0] = "value" }', DOC_JSON, True, "first array entry"),
    ('{ $.arrayKey[1] = "value" }', DOC_JSON, False, "second array entry differs"),
    ("{ $.objectList[1].id = 2 }", DOC_JSON, True, "second object's id"),
    ("{ $.objectList[5].id = 2 }", DOC_JSON, False, "index past the end is false"),
    ("{ $.SomeObject IS NULL }", DOC_JSON, True, "IS NULL"),
    ("{ $.eventType IS NULL }", DOC_JSON, False, "IS NULL only for null"),
    ("{ $.SomeOtherObject NOT EXISTS }", DOC_JSON, True, "NOT EXISTS"),
    ("{ $.SomeObject NOT EXISTS }", DOC_JSON, False, "a null value still exists"),
    ("{ $.ThisFlag IS TRUE }", DOC_JSON, True, "IS TRUE"),
    ("{ $.ThisFlag IS FALSE }", DOC_JSON, False, "IS FALSE on a true flag"),
    ('{ $.eventType = "*Trail" }', DOC_JSON, True, "leading wildcard (*Event matches PutEvent)"),
    ('{ $.eventType = "Update*" }', DOC_JSON, True, "trailing wildcard (Event* matches EventId)"),
    ('{ $.eventType = "Upd*Trail" }', DOC_JSON, False, "a middle * is literal (Ev*ent)"),
    ("{ $.foo = bar }", '{"foo": "bar"}', True, "OR in JSON: {$.foo = bar} matches 1"),
    ("{ $.foo = bar }", '{"foo": "baz"}', False, "OR in JSON: {$.foo = bar} not 2"),
    ("{ $.foo = bar || $.foo = baz }", '{"foo": "baz"}', True, "OR in JSON matches both"),
    ('{ ($.user.id = 1) && ($.users[0].email = "John.Doe@example.com") }', DOC_COMPOUND, True,
     "compound example 1 matches"),
    ('{ ($.user.id = 2 && $.users[0].email = "nonmatch") || $.actions[2] = "GET" }', DOC_COMPOUND, False,
     "compound example 2 does not match"),
    ('{ $.user.email = "John.Stiles@example.com" || $.coordinates[0][1] = nonmatch && $.actions[2] = nomatch }',
     DOC_COMPOUND, True, "compound example 3: && binds tighter than ||"),
    ('{ ($.user.email = "John.Stiles@example.com" || $.coordinates[0][1] = nonmatch) && $.actions[2] = nomatch }',
     DOC_COMPOUND, False, "compound example 4: parentheses change the result"),
    ("{ $.users = 1 }", '{"users": [1, 2, 3]}', False, "special considerations: selector on an array"),
    ("{ $.users != 1 }", '{"users": [1, 2, 3]}', False, "special considerations: != on an array too"),
    ("{ $.latency >= 500 }", '{"latency": 500}', True, "numeric >="),
    ("{ $.latency >= 500 }", '{"latency": 499.9}', False, "numeric >= below"),
    ("{ $.numbers[0] < 10e3 }", '{"numbers": [9999]}', True, "scientific notation"),
    ("{ $.numbers[0] < 10e-3 }", '{"numbers": [0.02]}', False, "negative exponent"),
    ("{ $.processes[4].averageRuntime <= 55.5 }", '{"processes": [{}, {}, {}, {}, {"averageRuntime": 55.5}]}',
     True, "decimal comparison deep in an array"),
    ("{ $.errorCode = 400 }", '{"errorCode": 400}', True, "numeric ="),
    ("{ $.errorCode != 500 }", '{"errorCode": 400}', True, "numeric !="),
    ("{ $.latency > +1000 }", '{"latency": 1001}', True, "explicit + sign"),
    ("{ $.latency = * }", '{"latency": 87}', True, "publishing values: { $.latency = * }"),
    ("{ $.latency = * }", '{"other": 87}', False, "{ $.latency = * } needs the field"),
    ("{ $.eventType = %Update% }", DOC_JSON, True, "regex inside a JSON pattern"),
    ('{ $.eventType = "UpdateTrail" }', "UpdateTrail but not JSON", False, "JSON pattern on a text event"),
    # -- space-delimited events ("Match terms in space-delimited log events")
    ("[ip, user, username, timestamp, request, status_code, bytes]", APACHE_200, True, "seven named fields"),
    ("[ip, user, username, timestamp, request, status_code, bytes]", "only three fields", False,
     "field count must agree"),
    ("[..., status_code, bytes]", APACHE_200, True, "leading ellipsis"),
    ("[ip, user, ..., status_code, bytes]", APACHE_200, True, "ellipsis in the middle"),
    ("[ip, user, ...]", APACHE_200, True, "trailing ellipsis"),
    ("[ip, user, username, timestamp, request, status_code, bytes > 1000]", APACHE_200, True, "bytes > 1000"),
    ("[ip, user, username, timestamp, request, status_code, bytes > 2000]", APACHE_200, False, "bytes > 2000"),
    ("[ip, user, username, timestamp, request, status_code = 200, bytes]", APACHE_200, True, "status = 200"),
    ("[ip, user, username, timestamp, request, status_code = 200, bytes]", APACHE_500, False, "500 is not 200"),
    ("[ip, user, username, timestamp, request, status_code = 4*, bytes]", APACHE_404, True, "status 4*"),
    ("[ip, user, username, timestamp, request, status_code = 4*, bytes]", APACHE_500, False, "500 is not 4*"),
    ("[ip, user, username, timestamp, request = *html*, status_code = 4*, bytes]", APACHE_404, True,
     "request *html* and status 4*"),
    ("[ip, user, username, timestamp, request = *html*, status_code = 4*, bytes]", APACHE_200, False,
     "a .gif request is not *html*"),
    ("[ip, user, username, timestamp, request, status_code = 403 || status_code = 404, bytes]", APACHE_404, True,
     "|| in a field"),
    ("[ip, user, username, timestamp, request, status_code = 4* && status_code != 403, bytes]", APACHE_403_BIG,
     False, "&& in a field excludes 403"),
    ("[..., request=*.html*, status_code=4*,]", APACHE_404, True, "extracted-fields example"),
    ("[w1=ERROR, w2]", "ERROR message", True, "OR section: [w1=ERROR, w2] matches 2"),
    ("[w1=ERROR, w2]", "ERROR WARN message", False, "OR section: three words, two fields"),
    ("[w1=ERROR || w1=WARN, w2]", "WARN message", True, "OR section: ERROR or WARN first"),
    ("[w1!=ERROR&&w1!=WARN, w2]", "INFO message", True, "OR section: neither ERROR nor WARN first"),
    ("[w1!=ERROR&&w1!=WARN, w2]", "WARN message", False, "OR section: WARN first is excluded"),
    ("[w1 = %ERR.R%, w2]", "ERROR message", True, "regex in a space-delimited field"),
]


def test_the_table_has_at_least_40_cases_from_the_docs():
    assert len(CASES) >= 40


@pytest.mark.parametrize("pattern, event, expected, example", CASES, ids=[c[3] for c in CASES])
def test_filter_pattern_follows_the_aws_documentation(pattern, event, expected, example):
    assert match_event(pattern, event).matched is expected, example


def test_space_delimited_extracted_fields_follow_the_docs_example():
    # The docs' example: [..., request=*.html*, status_code=4*,] on a 404 line gives
    # $status_code, $request and positional $1-$4 and $7.
    fields = match_event("[..., request=*.html*, status_code=4*,]", APACHE_404).fields
    assert fields == {"$1": "127.0.0.1", "$2": "-", "$3": "frank", "$4": "10/Oct/2000:13:25:15 -0700",
                      "$request": "GET /index.html HTTP/1.0", "$status_code": "404", "$7": "1534"}


def test_json_fields_are_the_selectors_values():
    fields = match_event('{ $.eventType = "UpdateTrail" && $.ThisFlag IS TRUE }', DOC_JSON).fields
    assert fields == {"$.eventType": "UpdateTrail", "$.ThisFlag": True}


def test_terms_extract_no_fields():
    assert match_event("ERROR", "[ERROR] x").fields == {}


def test_brackets_and_quotes_make_one_field_each():
    assert split_event_fields(APACHE_200)[3:5] == ["10/Oct/2000:13:25:15 -0700", "GET /apache_pb.gif HTTP/1.0"]


INVALID = [
    ("{ $.a = ", "must end with '}'"),
    ("{ $.a = }", "expected a value after '='"),
    ("{ a = 1 }", "selector starting with '$.'"),
    ("{ $.latency > fast }", "compares numbers"),
    ("{ $.a = 1 $.b = 2 }", "join conditions with && or ||"),
    ("{ ($.a = 1 }", "never closed with ')'"),
    ("{ $.a IS MAYBE }", "IS NULL, IS TRUE, IS FALSE or NOT EXISTS"),
    ("{ $.a & $.b }", "use '&&' for AND"),
    ("{ $.a.[x] = 1 }", "malformed"),
    ('"ERROR', "never closed"),
    ("ERROR -", "'-' must be followed by a term"),
    ("?", "'?' must be followed by a term"),
    ("[a, b", "must end with ']'"),
    ("[]", "needs field names"),
    ("[a, b = 1 && c > 2]", "not one of this pattern's fields"),
    ("[a, a]", "named twice"),
    ("%(ERROR)%", "'(' and ')' are not supported"),
    ("%ERROR!%", "not supported in filter-pattern regex"),
    ("{ $.a = %x% || $.b = %y% || $.c = %z% }", "at most 2 regex"),
    ("x" * 1025, "at most 1024"),
]


@pytest.mark.parametrize("pattern, says", INVALID, ids=[i[1] for i in INVALID])
def test_invalid_patterns_are_rejected_with_a_message_saying_what_is_wrong(pattern, says):
    with pytest.raises(SpecError) as caught:
        parse_filter_pattern(pattern)
    assert caught.value.kind == "InvalidFilterPattern"
    assert says in str(caught.value)
    assert "\n" not in str(caught.value)


@fuzz_settings()
@given(st.one_of(st.text(max_size=60),
                 st.text(alphabet='{}[]()$.=!<>&|"%?-*, abc01ISNULTXE', max_size=40).map(lambda s: "{" + s),
                 st.text(alphabet='{}[]()$.=!<>&|"%?-*, abc01', max_size=40).map(lambda s: "[" + s)),
       st.text(max_size=40))
def test_random_patterns_either_parse_and_match_or_raise_a_study_error(pattern, event):
    try:
        parsed = parse_filter_pattern(pattern)
    except StudyError as err:
        assert isinstance(err, SpecError) and str(err)
        return
    assert isinstance(parsed.match(event).matched, bool)


def test_deeply_nested_parentheses_are_rejected_not_a_crash():
    with pytest.raises(SpecError, match="nest more than"):
        parse_filter_pattern("{ " + "(" * 400 + "$.a = 1" + ")" * 400 + " }")
    assert match_event("{ " + "(" * 50 + "$.a = 1" + ")" * 50 + " }", '{"a": 1}').matched


def test_many_ellipses_are_rejected_and_two_still_match_quickly():
    with pytest.raises(SpecError, match="at most 2 '...'"):
        parse_filter_pattern("[..., a, ..., b, ..., c]")
    line = " ".join(["x"] * 500 + ["ERROR"] + ["y"] * 500)
    assert match_event("[..., level = ERROR, ..., last = z]", line).matched is False
    assert match_event("[..., level = ERROR, ...]", line).fields["$level"] == "ERROR"
