"""Acceptance 3: the Logs Insights subset, each command on tests/fixtures/logs/app.log.

Queries follow "CloudWatch Logs Insights query syntax" and the sample queries the notes
mention (notes line 44: the 25 latest events, how many events had an exception, the
lines with a given IP).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from fuzzing import fuzz_settings
from hypothesis import given
from hypothesis import strategies as st

from studycli.errors import SpecError, StudyError
from studycli.sims.logs.insights import event_from_line, events_from_lines, parse_query, run_query

LOG = Path(__file__).resolve().parent / "fixtures" / "logs" / "app.log"


@pytest.fixture(scope="module")
def events():
    return events_from_lines(LOG.read_text(encoding="utf-8").splitlines())


def rows(query, events):
    return run_query(query, events).to_json()["rows"]


def test_the_sample_log_has_plain_and_json_lines(events):
    assert len(events) == 10
    assert sum(1 for e in events if "level" in e) == 2


def test_fields_picks_columns_and_renames_with_as(events):
    result = run_query("fields @timestamp, level as severity, client.ip", events).to_json()
    assert result["columns"] == ["@timestamp", "severity", "client.ip"]
    assert result["rows"][8] == {"@timestamp": "2024-05-01 11:05:00.000", "severity": "ERROR",
                                 "client.ip": "10.0.0.7"}
    assert result["rows"][0]["severity"] is None


def test_without_fields_the_columns_are_timestamp_and_message(events):
    assert run_query("filter @message like /WARN/", events).columns == ["@timestamp", "@message"]


def test_filter_with_comparisons_and_boolean_operators(events):
    found = rows("filter level = 'ERROR' and latencyMs > 500 | fields service", events)
    assert found == [{"service": "payments"}]
    assert len(rows("filter not ispresent(level)", events)) == 8
    assert len(rows("filter latencyMs >= 150 or @message like 'WARN'", events)) == 3
    assert len(rows("filter level in ['INFO', 'WARN']", events)) == 1


def test_filter_like_regex_and_substring(events):
    assert len(rows("filter @message like /Exception/", events)) == 3
    assert len(rows("filter @message =~ /(?i)exception/", events)) == 3
    assert len(rows('filter @message like "exception"', events)) == 0   # substring match is case-sensitive
    assert len(rows("filter @message not like /Exception/", events)) == 7


def test_sample_query_25_latest_events(events):
    result = rows("fields @timestamp, @message | sort @timestamp desc | limit 25", events)
    assert len(result) == 10   # fewer than 25 in the file: all of them, newest first
    assert [r["@timestamp"] for r in result[:2]] == ["2024-05-01 11:06:00.000", "2024-05-01 11:05:00.000"]
    assert result[-1]["@timestamp"] == "2024-05-01 10:00:05.000"


def test_sample_query_count_of_exceptions_per_hour(events):
    query = "filter @message like /Exception/ | stats count(*) as exceptionCount by bin(1h) | sort exceptionCount desc"
    result = run_query(query, events)
    assert result.to_json()["rows"] == [{"bin(1h)": "2024-05-01 10:00:00.000", "exceptionCount": 3}]
    assert result.records_matched == 3 and result.records_scanned == 10


def test_sample_query_lines_with_a_given_ip(events):
    result = rows("fields @timestamp, @message | filter @message like '10.0.0.9'", events)
    assert [r["@timestamp"][11:19] for r in result] == ["10:04:45", "10:59:59"]


def test_stats_count_avg_sum_min_max_by_a_field(events):
    query = "parse @message '* from * took * ms' as head, ip, ms | filter ispresent(ip) | " \
            "stats count(*) as n, avg(ms) as mean, sum(ms) as total, min(ms) as low, max(ms) as high by ip | sort ip"
    assert rows(query, events) == [
        {"ip": "10.0.0.5", "n": 3, "mean": 218 / 3, "total": 218, "low": 3, "high": 120},
        {"ip": "10.0.0.7", "n": 3, "mean": 3130 / 3, "total": 3130, "low": 80, "high": 2100},
        {"ip": "10.0.0.9", "n": 2, "mean": 2250, "total": 4500, "low": 1500, "high": 3000},
    ]


def test_stats_by_bin_of_five_minutes(events):
    result = rows("stats count(*) as n by bin(5m) | sort n desc | limit 1", events)
    assert result == [{"bin(5m)": "2024-05-01 10:00:00.000", "n": 4}]


def test_stats_count_of_a_field_counts_only_events_that_have_it(events):
    assert rows("stats count(level) as with_level, count(*) as all_events", events) == [
        {"with_level": 2, "all_events": 10}]


def test_sort_ascending_by_default_and_limit(events):
    result = rows("filter ispresent(latencyMs) | sort latencyMs | fields latencyMs", events)
    assert [r["latencyMs"] for r in result] == [150, 700]
    assert len(rows("sort @timestamp | limit 4", events)) == 4


def test_parse_with_a_regex_and_named_groups(events):
    result = rows(r"parse @message /(?<level>INFO|WARN|ERROR) (?<what>\w+)/ | filter level = 'WARN' | fields what",
                  events)
    assert result == [{"what": "slow"}]


def test_a_leading_iso_time_becomes_the_timestamp_and_plain_lines_keep_only_message():
    event = event_from_line("no time here")
    assert event == {"@message": "no time here"}
    assert event_from_line("2024-05-01 10:00:00,123 boot")["@timestamp"].microsecond == 123000


BAD_QUERIES = [
    ("", "the query is empty"),
    ("select * from logs", "unknown command 'select'"),
    ("fields @message |", "an empty command between pipes"),
    ("filter", "expected a condition"),
    ("filter @message like", "expected a \"string\" or /regex/"),
    ("filter @message like /unclosed", "never closed"),
    ("stats median(x)", "not an aggregate function"),
    ("stats sum(*)", "needs a field"),
    ("stats count(*) by bin(5 minutes)", "not a time period"),
    ("limit 0", "whole number from 1 to 10000"),
    ("limit ten", "whole number"),
    ("sort 3", "expected a field name"),
    ("parse @message 'a * b * c' as one", "2 * but 1 name"),
    ("parse @message /no groups/", "named groups"),
    ("filter frobnicate(x)", "unknown function"),
    ("filter (a = 1", "')' to close '('"),
    ("filter a = 1 b", "unexpected 'b'"),
]


@pytest.mark.parametrize("query, says", BAD_QUERIES, ids=[b[1] for b in BAD_QUERIES])
def test_bad_queries_raise_one_line_errors(query, says):
    with pytest.raises(SpecError) as caught:
        parse_query(query)
    assert caught.value.kind == "InvalidQuery"
    assert says in str(caught.value) and "\n" not in str(caught.value)


@fuzz_settings()
@given(st.one_of(st.text(max_size=60),
                 st.lists(st.sampled_from(["fields", "filter", "stats", "sort", "limit", "parse", "@message",
                                           "like", "/x/", "'a'", "count(*)", "by", "bin(5m)", "|", ",", "(",
                                           ")", "=", ">", "and", "not", "as", "desc", "25", "avg(x)", "*"]),
                          max_size=12).map(" ".join)))
def test_random_queries_run_or_raise_a_study_error(query):
    sample = events_from_lines(["2024-05-01T10:00:00Z ERROR x from 10.0.0.1 took 5 ms", '{"x": 1}'])
    try:
        result = run_query(query, sample)
    except StudyError as err:
        assert isinstance(err, SpecError)
        return
    assert isinstance(result.to_json()["rows"], list)


def test_deep_nesting_and_long_chains_are_errors_or_work_never_crash(events):
    with pytest.raises(SpecError, match="nest more than"):
        parse_query("filter " + "(" * 200 + "a = 1" + ")" * 200)
    with pytest.raises(SpecError, match="nest more than"):
        parse_query("filter " + "not " * 2000 + "a = 1")
    long_chain = "filter " + " or ".join(["level = 'NOPE'"] * 3000) + " or level = 'ERROR'"
    assert len(run_query(long_chain, events).rows) == 1
