"""Conformance: CloudWatch Logs Insights queries as the current query-syntax pages define them, each case
citing its page (https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/<page>).

QS = "CloudWatch Logs Insights language query syntax" (CWL_QuerySyntax.html); OF = "Boolean, comparison,
numeric, datetime, and other functions" (CWL_QuerySyntax-operations-functions.html); ST = "stats"
(CWL_QuerySyntax-Stats.html); the command pages are named after their command (CWL_QuerySyntax-Dedup.html ...).
The log is read as lines, the way `studycli scenario insights --log FILE` reads a file.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from fuzzing import fuzz_settings
from hypothesis import given
from hypothesis import strategies as st

from studycli.errors import INVALID_QUERY, NOT_SIMULATED, SpecError
from studycli.sims.logs.insights import events_from_lines, run_query
from studycli.sims.logs.query.aggregates import Distinct, Values
from studycli.sims.logs.query.commands import Glob, sort_rows
from studycli.sims.logs.query.dedup import first_per_key
from studycli.sims.logs.query.events import Row

DOCS = "https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/"
QS = DOCS + "CWL_QuerySyntax.html"
OF = DOCS + "CWL_QuerySyntax-operations-functions.html"
ST = DOCS + "CWL_QuerySyntax-Stats.html"


def page(command: str) -> str:
    return f"{DOCS}CWL_QuerySyntax-{command}.html"


LOG = [
    "2024-05-01T10:00:00.000Z INFO GET /orders/1 from 10.0.0.1 took 120 ms",
    "2024-05-01T10:01:00.000Z ERROR TimeoutException in payments from 10.0.0.2 took 900 ms",
    '{"timestamp": "2024-05-01T10:02:00.000Z", "level": "WARN", "service": "cart", "latency": 300, '
    '"client": {"ip": "192.168.1.5"}, "records": [{"id": 1}, {"id": 2}]}',
    "2024-05-01T10:03:00.000Z INFO GET /orders/2 from 10.0.0.1 took 80 ms",
    "2024-05-01T10:04:00.000Z ERROR TimeoutException in orders from 10.0.0.3 took 1500 ms",
    '{"timestamp": "2024-05-01T10:05:00.000Z", "level": "INFO", "service": "orders", "latency": 100, '
    '"client": {"ip": "10.0.0.1"}}',
]
GLOB = 'parse @message "* from * took * ms" as head, ip, ms'


def rows(query: str, lines: list[str] = LOG, **when: object) -> list[dict[str, object]]:
    return run_query(query, lines, **when).to_json()["rows"]  # type: ignore[arg-type]


def column(query: str, name: str, lines: list[str] = LOG) -> list[object]:
    return [row[name] for row in rows(query, lines)]


def value(expression: str, line: str = LOG[0], **when: object) -> object:
    return rows(f"fields {expression} as v | limit 1", [line], **when)[0]["v"]


def refused(query: str) -> SpecError:
    with pytest.raises(SpecError) as caught:
        run_query(query, LOG)
    return caught.value


# ---------------------------------------------------------------- the query as a whole (QS)

def test_comments_start_with_a_hash_and_run_to_the_end_of_the_line():
    # QS: "To create queries that contain comments, set off the comments with the hash character (#)."
    query = "fields @message  # every message\n| filter @message like /ERROR/ # errors only"
    assert len(rows(query)) == 2
    assert refused("# nothing but a comment").code == INVALID_QUERY


def test_a_hash_or_a_pipe_inside_a_string_is_text():
    # QS: commands are separated with the pipe character; inside quotes it is part of the string
    assert rows('filter @message like "#|x"') == []


def test_without_fields_the_results_show_timestamp_and_message():
    # QS / Fields: the console shows @timestamp and @message when no fields are chosen
    result = run_query("limit 1", LOG).to_json()
    assert result["columns"] == ["@timestamp", "@message"]
    assert result["rows"][0]["@timestamp"] == "2024-05-01 10:00:00.000"


def test_json_fields_are_discovered_and_nested_keys_use_dots():
    # QS note: "CloudWatch Logs Insights automatically discovers fields" (JSON keys, nested with dots)
    assert column("filter ispresent(service) | fields client.ip", "client.ip") == ["192.168.1.5", "10.0.0.1"]


# ---------------------------------------------------------------- fields, display (Fields, Display pages)

def test_fields_with_arithmetic_and_an_alias():
    # Fields: "fields ... as"; OF: "Use arithmetic operators in the filter and fields commands"
    assert column("filter ispresent(latency) | fields latency * 2 + 1 as doubled", "doubled") == [601, 201]


def test_display_shows_only_its_fields():
    # Display: "Use display to show a specific field or fields in query results."
    result = run_query("fields @timestamp, level | display level", LOG).to_json()
    assert result["columns"] == ["level"]


# ---------------------------------------------------------------- filter (Filter page, OF comparison and Boolean)

FILTERS = [
    ("filter latency > 200", 1, page("Filter") + ": comparison operators on a numeric field"),
    ("filter @message like /ERROR/", 2, page("Filter") + ": like with a regular expression"),
    ("filter @message like 'Timeout'", 2, page("Filter") + ": like with a string matches a substring"),
    ("filter @message =~ /(?i)timeoutexception/", 2, page("Filter") + ": =~ is like; (?i) ignores case"),
    ("filter @message not like /ERROR/", 4, page("Filter") + ": not like"),
    ("filter level in ['WARN', 'ERROR']", 1, page("Filter") + ": in [...] set membership"),
    ("filter level not in ['WARN']", 1, page("Filter") + ": not in; a missing field is in nothing and not in nothing"),
    ("filter latency >= 100 and latency < 300", 1, OF + ": Boolean and"),
    ("filter level = 'WARN' or @message like /ERROR/", 3, OF + ": Boolean or"),
    ("filter not ispresent(level)", 4, OF + ": not, and ispresent from the general functions"),
    ("where @message like /orders/", 4, page("Filter") + ": where is another name for filter"),
    ("filter latency != 100", 1, OF + ": != on a number; a missing field is never equal or unequal"),
]


@pytest.mark.parametrize("query,count,cite", FILTERS, ids=[q for q, _, _ in FILTERS])
def test_filter(query, count, cite):
    assert len(rows(query)) == count, cite


def test_filter_index_on_one_log_is_a_filter_and_takes_only_equality_or_in():
    # FilterIndex: "filterIndex" scans only the events a field index holds: = or IN on an indexed field
    assert len(rows("filterIndex service = 'orders'")) == 1
    assert len(rows("filterIndex service in ['orders', 'cart']")) == 2
    assert refused("filterIndex latency > 5").code == INVALID_QUERY


# ---------------------------------------------------------------- arithmetic and the functions (OF)

VALUES = [
    ("2 ^ 3", 8, "Exponentiation (2 ^ 3 returns 8)"),
    ("10 % 3", 1, "Remainder or modulus (10 % 3 returns 1)"),
    ("2 + 3 * 4", 14, "multiplication before addition"),
    ("(2 + 3) * 4", 20, "parentheses first"),
    ("abs(-4)", 4, "abs: absolute value"),
    ("ceil(4.2)", 5, "ceil: round to ceiling"),
    ("floor(4.8)", 4, "floor: round to floor"),
    ("greatest(3, 9, 4)", 9, "greatest: the largest value"),
    ("least(3, 9, 4)", 3, "least: the smallest value"),
    ("round(2.567, 2)", 2.57, "round to a number of decimals"),
    ("sqrt(16)", 4, "sqrt: square root"),
    ("log(1)", 0, "log: natural logarithm"),
    ("strlen('hello')", 5, "strlen: length in Unicode code points"),
    ("toupper('abc')", "ABC", "toupper"),
    ("tolower('ABC')", "abc", "tolower"),
    ("concat('a', 'b', 'c')", "abc", "concat"),
    ("substr('abcdef', 2)", "cdef", "substr from a zero-based index"),
    ("substr('abcdef', 1, 3)", "bcd", "substr with a length"),
    ("replace('a-b-c', '-', '+')", "a+b+c", "replace every occurrence"),
    ("trim('  x  ')", "x", "trim whitespace"),
    ("ltrim('  x')", "x", "ltrim"),
    ("rtrim('x  ')", "x", "rtrim"),
    ("isempty('')", 1, "isempty: 1 for the empty string"),
    ("isblank('   ')", 1, "isblank: 1 for whitespace only"),
    ("strcontains('hello', 'ell')", 1, "strcontains: 1 when found"),
    ("startsWith('hello', 'he')", 1, "startsWith"),
    ("endsWith('hello', 'lo')", 1, "endsWith"),
    ("regexReplace('a1b22', '[0-9]+', '#')", "a#b#", "regexReplace"),
    ("coalesce(nothere, 'fallback')", "fallback", "coalesce: the first non-null value"),
    ("ispresent(nothere)", 0, "ispresent: 0 when the field is absent (results show true/false as 1/0)"),
    ("isValidIpV4('10.0.0.1')", 1, "isValidIpV4"),
    ("isValidIpV6('10.0.0.1')", 0, "isValidIpV6"),
    ("isIpv4InSubnet('10.0.0.1', '10.0.0.0/8')", 1, "isIpv4InSubnet"),
    ("isIpInSubnet('192.168.1.5', '10.0.0.0/8')", 0, "isIpInSubnet"),
    ("toMillis(@timestamp)", 1714557600000, "toMillis: the time as epoch milliseconds"),
    ("fromMillis(1714557600000)", "2024-05-01 10:00:00.000", "fromMillis: epoch milliseconds as a time"),
    ("datefloor(@timestamp, 1h)", "2024-05-01 10:00:00.000", "datefloor: rounded down to the period"),
    ("bin(30m)", "2024-05-01 10:00:00.000", "bin: @timestamp rounded down to the period"),
]


@pytest.mark.parametrize("expression,expected,what", VALUES, ids=[e for e, _, _ in VALUES])
def test_operators_and_functions(expression, expected, what):
    assert value(expression) == expected, f"{OF}: {what}"


def test_division_by_zero_and_arithmetic_on_text_give_null():
    # OF: "Arithmetic operators accept numeric data types as arguments and return numeric results"
    assert value("1 / 0") is None
    assert value("'abc' * 2") is None


def test_json_functions_parse_and_read_arrays():
    # OF, JSON functions: jsonParse gives a map or list; maps and lists use dot and [index] access
    line = '{"doc": "{\\"a\\": {\\"b\\": [10, 20]}}"}'
    parsed = "fields jsonParse(doc) as d | fields {} as v"
    assert rows(parsed.format("d.a.b[1]"), [line])[0]["v"] == 20
    assert rows(parsed.format("jsonArraySize(d.a.b)"), [line])[0]["v"] == 2
    assert rows(parsed.format("jsonArrayContains(d.a.b, 20)"), [line])[0]["v"] == 1
    assert rows(parsed.format("jsonStringify(d.a)"), [line])[0]["v"] == '{"b":[10,20]}'


def test_now_and_the_query_window_come_from_the_query_not_the_clock():
    # OF, datetime functions: now() is when the query runs; the general functions read the time range
    now = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
    assert value("now()", now=now) == 1714564800            # epoch seconds
    assert value("dateceil(@timestamp, 1h)", LOG[1]) == "2024-05-01 11:00:00.000"
    start, end = datetime(2024, 5, 1, 10, 1, tzinfo=UTC), datetime(2024, 5, 1, 10, 4, tzinfo=UTC)
    result = run_query("fields @timestamp", LOG, start=start, end=end)
    assert result.records_scanned == 4       # only events inside the window are scanned


# ---------------------------------------------------------------- stats (ST) and the aggregates

def test_stats_aggregates_by_a_parsed_field():
    # ST: "stats count(*), avg(x) ... by field"; Parse: the glob's fields feed stats
    table = rows(GLOB + " | stats count(*) as n, avg(ms) as mean, max(ms) as top by ip | sort ip")
    assert table == [{"ip": "10.0.0.1", "n": 2, "mean": 100, "top": 120},
                     {"ip": "10.0.0.2", "n": 1, "mean": 900, "top": 900},
                     {"ip": "10.0.0.3", "n": 1, "mean": 1500, "top": 1500},
                     {"ip": None, "n": 2, "mean": None, "top": None}]


AGGREGATES = [
    ("pct(ms, 50)", 120, "pct: the value at that percentile (nearest rank over 80, 120, 900, 1500)"),
    ("pct(ms, 100)", 1500, "pct 100 is the largest value"),
    ("stddev(ms)", pytest.approx(680.88, abs=0.01), "stddev: the sample standard deviation"),
    ("sum(ms)", 2600, "sum"),
    ("min(ms)", 80, "min"),
    ("count_distinct(ip)", 3, "count_distinct: the number of unique values"),
    ("count(ms)", 4, "count(field) counts the events that have the field"),
    ("count(*)", 6, "count(*) counts every event"),
    ("earliest(ip)", "10.0.0.1", "earliest: the value from the event with the earliest timestamp"),
    ("latest(ip)", "10.0.0.3", "latest: the value from the event with the latest timestamp"),
    ("sortsFirst(ip)", "10.0.0.1", "sortsFirst: the value that sorts first"),
    ("sortsLast(ip)", "10.0.0.3", "sortsLast: the value that sorts last"),
    ("sum(ms) / count(ms)", 650, "an expression of aggregates"),
]


@pytest.mark.parametrize("aggregate,expected,what", AGGREGATES, ids=[a for a, _, _ in AGGREGATES])
def test_aggregate_functions(aggregate, expected, what):
    assert rows(f"{GLOB} | stats {aggregate} as v")[0]["v"] == expected, f"{ST}: {what}"


def test_stats_by_bin_and_a_time_series_function():
    # ST: "stats ... by bin(period)"; time-series functions: countOverTime counts per bin
    table = rows("stats countOverTime(@message) as n by bin(2m) as t")
    assert table == [{"t": "2024-05-01 10:00:00.000", "n": 2}, {"t": "2024-05-01 10:02:00.000", "n": 2},
                     {"t": "2024-05-01 10:04:00.000", "n": 2}]


def test_two_stats_commands_the_second_reads_the_first():
    # ST: "A query can have a maximum of two stats commands"; the second uses the first one's fields
    table = rows(GLOB + " | stats count(*) as n by ip | stats max(n) as busiest")
    assert table == [{"busiest": 2}]
    assert "at most 2" in str(refused("stats count(*) as a | stats count(*) as b | stats count(*) as c"))
    assert refused(GLOB + " | stats count(*) as n by ip | stats max(ms) as x").code == INVALID_QUERY
    assert "after the second stats" in str(refused("stats count(*) as n by level | sort n | stats max(n) as m"))


def test_count_frequent():
    # CountFrequent: the most frequent combinations, with their approximate count in _approxcount
    assert rows(GLOB + " | filter ispresent(ip) | countFrequent ip")[0] == {"ip": "10.0.0.1", "_approxcount": 2}


# ---------------------------------------------------------------- sort, limit, dedup

def test_sort_and_limit():
    # Sort: "sort ... desc"; Limit: "limit N"
    assert column("sort @timestamp desc | limit 2", "@timestamp") == ["2024-05-01 10:05:00.000",
                                                                     "2024-05-01 10:04:00.000"]
    assert refused("limit 0").code == INVALID_QUERY


def test_limit_any_returns_that_many_without_scanning_everything():
    # Limit: "limit any N" returns N results as soon as they are found
    result = run_query("limit any 2", LOG)
    assert len(result.rows) == 2


def test_dedup_keeps_the_first_in_sort_order_and_nulls_are_never_duplicates():
    # Dedup: "only the first result in the sort order being kept"; "Null values are not considered
    # duplicates"; without a sort, the default is @timestamp descending
    query = GLOB + " | fields @timestamp, ip"
    newest_first = [None, "10.0.0.3", "10.0.0.1", None, "10.0.0.2"]   # 10:05 ... 10:01; 10:00 repeats 10.0.0.1
    assert column(query + " | sort @timestamp desc | dedup ip", "ip") == newest_first
    assert column(query + " | dedup ip", "ip") == newest_first
    assert column(query + " | sort @timestamp asc | dedup ip | limit 1", "@timestamp") == ["2024-05-01 10:00:00.000"]


def test_only_limit_may_follow_dedup():
    # Dedup: "The only query command that you can use in a query after the dedup command is limit."
    assert "only limit can follow dedup" in str(refused("dedup level | sort @timestamp"))


# ---------------------------------------------------------------- parse (Parse page)

def test_parse_glob_regex_and_unmatched_events_stay():
    # Parse: glob and regex modes; "If a log event doesn't match the specified pattern, you still see it"
    assert column(GLOB + " | fields ms", "ms") == ["120", "900", None, "80", "1500", None]
    assert column("parse @message /from (?<addr>\\S+) took/ | fields addr", "addr")[:2] == ["10.0.0.1", "10.0.0.2"]
    # Parse: "The number of * wildcards must equal the number of aliases."
    assert "3 name(s)" in str(refused('parse @message "* took *" as a, b, c'))


def test_parse_chained_and_from_a_named_field():
    # Parse: "Chained parse: extract a field, then parse the extracted field further"
    assert column(GLOB + ' | parse ip "*.*.*.*" as a, b, c, d | fields d', "d")[:2] == ["1", "2"]


def test_parse_logfmt_and_csv():
    # Parse: the logfmt and CSV modes
    line = 'level=info msg="user logged in" user=alice'
    assert rows("parse @message logfmt as lf | fields lf.user as u", [line])[0]["u"] == "alice"
    assert rows("parse @message csv as a, b, c | fields b", ["x,y,z"])[0]["b"] == "y"


def test_parse_regex_multi_gives_a_row_per_match():
    # Parse: "Multi-match mode ... producing multiple rows for each log event"
    table = rows("parse @message /(?<k>\\w+)=(?<v>\\d+)/ multi | fields k, v", ["a=1 b=2 c=3"])
    assert [(r["k"], r["v"]) for r in table] == [("a", "1"), ("b", "2"), ("c", "3")]


# ---------------------------------------------------------------- unnest, expand

def test_unnest_flattens_a_list_into_rows():
    # Unnest: "unnest ... into": each item of the list becomes a row
    query = "filter service = 'cart' | fields jsonParse(@message) as doc | unnest doc.records into record " \
            "| fields record.id as id"
    assert column(query, "id") == [1, 2]


def test_expand_gives_a_row_per_array_item():
    # Expand: one row per element of a JSON array field
    assert column("expand items | fields items", "items", ['{"items": "[1, 2, 3]"}']) == [1, 2, 3]


# ---------------------------------------------------------------- the transform commands

def test_addtotals_adds_a_row_total():
    # Addtotals: a Total field summing the numeric fields of each row
    table = rows("stats count(*) as n, sum(latency) as s by service | addtotals n, s | sort service")
    assert [(r["service"], r["Total"]) for r in table] == [("cart", 301), ("orders", 101), (None, 4)]


def test_autoregress_copies_the_previous_value():
    # Autoregress: the value of the field p rows earlier
    assert column(GLOB + " | filter ispresent(ms) | autoregress ms p=1 | fields ms_p1", "ms_p1") == [
        None, "120", "900", "80"]


def test_filldown_carries_the_last_value_forward():
    # Filldown: "carry the last non-null value forward to fill gaps"
    assert column(GLOB + " | filldown ip | fields ip", "ip") == ["10.0.0.1", "10.0.0.2", "10.0.0.2", "10.0.0.1",
                                                                 "10.0.0.3", "10.0.0.3"]


def test_fillmissing_inserts_empty_bins():
    # Fillmissing: "insert rows for empty time bins after stats ... by bin()", optionally with a value
    table = rows("filter @message like /ERROR|WARN/ | stats count(*) as n by bin(1m) as t "
                 "| fillmissing with 0 for n")
    assert [(r["t"][11:16], r["n"]) for r in table] == [("10:01", 1), ("10:02", 1), ("10:03", 0), ("10:04", 1)]


def test_outlier_clamps_or_removes_by_the_interquartile_range():
    # Outlier: IQR-based, default action transform (clamp) and param 2.5; remove drops the row
    lines = [f'{{"v": {v}}}' for v in (10, 11, 12, 13, 14, 15, 16, 100)]
    assert column("outlier action=remove v | fields v", "v", lines) == [10, 11, 12, 13, 14, 15, 16]
    clamped = column("outlier param=1 v | fields v", "v", lines)
    assert clamped == [10, 11, 12, 13, 14, 15, 16, 19]   # q3 + param * (q3 - q1): 15 + 1 * (15 - 11)


def test_accum_is_a_running_total():
    # Accum: a running sum of a numeric field
    assert column(GLOB + " | filter ispresent(ms) | accum ms as total | fields total", "total") == [
        120, 1020, 1100, 2600]


def test_sessionize_splits_on_an_inactivity_gap():
    # Sessionize: "group events into sessions by identity fields and an inactivity gap", default 30m
    lines = ['{"timestamp": "2024-05-01T10:00:00Z", "user": "a"}', '{"timestamp": "2024-05-01T10:10:00Z", "user": "a"}',
             '{"timestamp": "2024-05-01T11:00:00Z", "user": "a"}']
    ids = column("sessionize user | fields session_id", "session_id", lines)
    assert ids[0] == ids[1] != ids[2]
    ids = column("sessionize user maxspan 1h as s | fields s", "s", lines)
    assert ids[0] == ids[1] == ids[2]


# ---------------------------------------------------------------- what only AWS has

NOT_SIMULATED_COMMANDS = [
    ("pattern @message", "Pattern"), ("anomaly @message", "Anomaly"), ("diff", "Diff"),
    ("unmask @message", "Unmask"), ("SOURCE logGroups(namePrefix: ['app'])", "Source"),
    ("lookup users userId", "Lookup"),
]


@pytest.mark.parametrize("query,page_name", NOT_SIMULATED_COMMANDS, ids=[q for q, _ in NOT_SIMULATED_COMMANDS])
def test_commands_that_need_aws_are_refused_as_not_simulated(query, page_name):
    # Each of these pages describes a command that needs machine learning, a data protection policy,
    # other log groups or a stored lookup table: the simulator names the command instead of guessing.
    error = refused(f"fields @message | {query}" if page_name != "Source" else query)
    assert error.code == NOT_SIMULATED, page(page_name)
    assert query.split()[0] in str(error)


# ---------------------------------------------------------------- reading a file as a stream

STREAM_QUERIES = [
    "fields @timestamp, @message | sort @timestamp desc | limit 3",
    GLOB + " | stats pct(ms, 50) as p, count(*) as n by bin(2m)",
    "filter level = 'WARN' or @message like /ERROR/ | fields level, client.ip",
    GLOB + " | sort ms desc | dedup ip",
    "stats latest(@message) as last, count_distinct(service) as s",
]


@pytest.mark.parametrize("query", STREAM_QUERIES)
def test_lines_read_lazily_give_what_whole_events_give(query):
    # Lines are parsed only as far as the query needs; the results equal those of parsed events.
    assert run_query(query, LOG).to_json() == run_query(query, events_from_lines(LOG)).to_json()


@fuzz_settings(300)
@given(st.text(alphabet="ab:* ", min_size=1, max_size=8).filter(lambda p: "*" in p),
       st.text(alphabet="ab: \n", max_size=24))
def test_a_glob_found_with_str_find_captures_what_its_regex_captures(pattern, text):
    # Parse, glob mode: each * is a lazy (.*?) and a trailing * takes the rest of the line
    glob = Glob(pattern)
    found = glob.regex.search(text)
    assert glob.groups(text) == (tuple(found.groups()) if found else None)


def test_pct_and_count_distinct_hold_a_bounded_summary_of_a_long_log():
    # ST: pct over any number of events; count_distinct "just an approximation" for high cardinality.
    # Memory must not grow with the log: past a few thousand values both keep a fixed-size summary.
    values, distinct = Values(), Distinct()
    for number in range(1, 200_001):
        values.add(float(number))
        distinct.add(number)
    assert values.exact is None and len(values.buckets) < 2_000
    assert distinct.seen is None and len(distinct.registers) == 1 << 14
    for p in (50, 95, 99):
        assert values.percentile(p) == pytest.approx(p * 2_000, rel=0.01)
    assert distinct.count() == pytest.approx(200_000, rel=0.03)


@fuzz_settings(200)
@given(st.lists(st.tuples(st.sampled_from(["a", "b", "c", None]), st.integers(0, 5), st.integers(0, 3)),
                max_size=40),
       st.integers(1, 6), st.sampled_from([[("t", True)], [("t", False)], [("t", True), ("n", False)]]))
def test_dedup_keeps_only_what_it_returns_and_equals_sort_then_dedup(items, count, keys):
    # Dedup: the first row of each key in sort order, null values never duplicates; only `count` are kept
    table = [Row({"k": k, "t": t, "n": n, "i": i}) for i, (k, t, n) in enumerate(items)]
    expected, seen = [], set()
    for row in sort_rows(list(table), keys):
        if row["k"] is None or row["k"] not in seen:
            seen.add(row["k"])
            expected.append(row["i"])
    assert [r["i"] for r in first_per_key(iter(table), keys, ["k"], count)] == expected[:count]
