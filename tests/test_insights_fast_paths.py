"""The fast paths of the Logs Insights engine give what the plain ones give.

Each shortcut (a time read without the whole pattern, a top-N heap instead of a whole sort,
...) is checked against the slow, obvious way over many inputs, edge cases included.
"""

from __future__ import annotations

import random

import pytest

from studycli.sims.logs.query import events as event_module
from studycli.sims.logs.query.events import LineEvent, time_millis

TIMES = [
    "2024-05-01T00:00:00.185Z", "2024-05-01 10:59:59,999", "2024-05-01T10:00:60.000Z", "2024-02-30T10:00:00.000Z",
    "2024-05-01T10:00:00.1234Z", "2024-05-01T10:00:00.123+02:00", "2024-05-01T10:00:00.123-0530",
    "2024-05-01T10:00:00.123", "2024-05-01T10:00:00", "2024-05-01T10:00:00Z", "2024-05-01T10:00:00.12Z",
    "2024-05-01T10:00:00.123456789Z", "2024-05-01T10:00:00.123+x", "2024-05-01T10:00:00.1231",
    "2024-05-01T10:00:00.123\u0661", "2024-05-01T10:00:\u0661\u0662.123Z", "2024-05-01T10:00:00.123Zed",
]


def _plain_leading(line: str):
    found = event_module._LEADING_PARTS.match(line)
    return event_module._millis(*found.groups()) if found else None


def _plain_time(text: str):
    found = event_module._TIME_PARTS.match(text.strip())
    if not found:
        moment = event_module.parse_time(text)
        return event_module.to_moment(moment) if moment else None
    return event_module._millis(*found.groups())


@pytest.mark.parametrize("text", TIMES)
def test_a_time_read_fast_is_the_time_the_whole_pattern_reads(text):
    for _ in range(2):    # the first read fills the minute cache, the second takes the fast path
        for line in (text, text + " INFO x", text + "\n", " " + text, "[" + text + "] x"):
            assert event_module._leading_moment(line) == _plain_leading(line), line
            assert LineEvent(line)["@timestamp"] == _plain_leading(line), line
        assert time_millis(text) == _plain_time(text), text
        assert time_millis(text + " ") == _plain_time(text + " "), text


def test_random_times_read_fast_equal_the_plain_reading():
    rng = random.Random(7)
    for _ in range(3000):
        text = (f"{rng.choice(['2024', '1999', '2023'])}-{rng.randint(0, 13):02d}-{rng.randint(0, 32):02d}"
                f"{rng.choice('T ')}{rng.randint(0, 24):02d}:{rng.randint(0, 60):02d}:{rng.randint(0, 61):02d}"
                f"{rng.choice(['', '.', ','])}{rng.choice(['', '1', '12', '123', '1234'])}"
                f"{rng.choice(['', 'Z', '+01:00', '-0200', ' ', 'Zx', '+'])}")
        assert event_module._leading_moment(text + " x") == _plain_leading(text + " x"), text
        assert time_millis(text) == _plain_time(text), text


def test_records_matched_is_counted_without_a_pass_only_when_no_command_drops_or_adds_rows():
    from studycli.sims.logs.insights import run_query

    lines = [f"2024-05-01T00:00:{i % 60:02d}.000Z {'ERROR' if i % 3 == 0 else 'INFO'} a=1 a=2 n={i}\n"
             for i in range(90)] + ["   \n", "plain line\n"]
    stats = run_query("parse @message 'n=*' as n | fields n | stats count(*) as c", lines).to_json()["statistics"]
    assert stats == {"recordsScanned": 91, "recordsMatched": 91}
    stats = run_query("parse @message /a=(?<a>\\d)/ multi | stats count(*) as c", lines).to_json()["statistics"]
    assert stats == {"recordsScanned": 91, "recordsMatched": 181}      # two copies of each line with a=, one of the plain
    stats = run_query("filter @message like /ERROR/ | parse @message 'n=*' as n | sort n | limit 2",
                      lines).to_json()["statistics"]
    assert stats == {"recordsScanned": 91, "recordsMatched": 30}
    stats = run_query("fields @message | limit any 5", lines).to_json()["statistics"]
    assert stats["recordsMatched"] == stats["recordsScanned"]


JSON_LINES = [
    '{"ip": "10.0.0.1", "client": {"ip": "10.0.0.2"}, "a.b": 1, "list": [1, {"x": 2}]}',
    '{"\\u0069p": "escaped", "n\\"q": 3}', '  {"level": "INFO", "timestamp": "2024-05-01T00:00:01.000Z"}',
    '{"ip": null}', '{"broken": ', '{"ips": 1, "x": "ip"}', '{"x": "\\"ip\\""}', '["ip"]', '{"nested": {"ip": 1}}',
    # brackets inside strings do not nest; an array opens a level too
    '{"m": "{{[", "ip": 1}', '{"m": "}]", "c": {"ip": 2}}', '{"a": [{"ip": 3}], "ip": 4}', '{"a": [{"ip": 3}]}',
    '{"c": {"m": "}}", "ip": 5}}', '{"c": {"ip": 6}, "ip": "7"}', '{"ip"}', '{"c": {"ip": 8}',
]
NAMES = ["ip", "client.ip", "client", "a.b", "a", "list.1.x", "list.0", "n\"q", "level", "timestamp", "@timestamp",
         "x", "ips", "nested.ip", "nested", "@message", "absent", ""]


@pytest.mark.parametrize("line", JSON_LINES)
def test_a_json_field_skipped_without_reading_the_line_is_one_the_line_does_not_have(line):
    whole = LineEvent(line).whole()
    for name in NAMES:
        event = LineEvent(line)
        assert event[name] == whole.get(name), name
        assert event.whole() == whole             # asking first changes nothing that is read later
        for other in NAMES:
            event = LineEvent(line)
            assert (event[name], event[other]) == (whole.get(name), whole.get(other)), (name, other)


def test_values_and_distinct_fed_many_at_a_time_equal_them_fed_one_at_a_time():
    from studycli.sims.logs.query.aggregates import Distinct, Values

    rng = random.Random(3)
    numbers = [float(rng.choice([0, -0.0, 1, 2.5, -7, rng.randint(-50, 5000), rng.lognormvariate(4, 2)]))
               for _ in range(5000)]
    texts = [rng.choice(["a", "b", 1, 1.0, {"k": 1}, [1, 2]]) for _ in range(50)] + list(range(20_000))
    for size in (1, 7, 256, 999, 1001, 5000):
        one, many = Values(), Values()
        for number in numbers:
            one.add(number)
        for at in range(0, len(numbers), size):
            many.add_many(numbers[at:at + size])
        assert (many.count, many.low, many.high, many.zeros, many.buckets) == (one.count, one.low, one.high,
                                                                                one.zeros, one.buckets)
        assert [many.percentile(p) for p in (0, 1, 50, 95, 100)] == [one.percentile(p) for p in (0, 1, 50, 95, 100)]
        few_one, few_many = Values(), Values()
        for number in numbers[:900]:
            few_one.add(number)
        few_many.add_many(numbers[:900])
        assert few_many.exact == few_one.exact
        distinct_one, distinct_many = Distinct(), Distinct()
        for value in texts:
            distinct_one.add(value)
        for at in range(0, len(texts), size):
            distinct_many.add_many(texts[at:at + size])
        assert (distinct_many.seen, distinct_many.registers) == (distinct_one.seen, distinct_one.registers)


STATS = [
    "stats count(*) as n, count(ms) as c, sum(ms) as s, avg(ms) as a, min(ms) as lo, max(ms) as hi, "
    "stddev(ms) as sd, pct(ms, 50) as p50, pct(ms, 99) as p99, count_distinct(ip) as d by ip",
    "stats earliest(ms) as e, latest(ms) as l, rate(ms, 1m) as r, sortsFirst(word) as f, sortsLast(word) as z, "
    "histogram(ms, 4) as h, min(word) as m, max(word) as x, sum(ms) / count(*) as q by bin(1h), word",
    "stats count(*) as n, sum(ms) as s, pct(ms, 90) as p",
    "stats count(*) as n by bin(1h)", "stats latest(word) as w, count_distinct(ms) as d, count(ip) as c by bin(1m)",
    "stats sum(ms) as s by client.ip", "stats count(*) as n by ms",
    "stats avg(ms * 2) as a, max(client.ip) as c by bin(1m) | stats count(*) as groups, sum(a) as total",
]


@pytest.mark.parametrize("query", STATS)
def test_stats_fed_in_batches_equals_stats_fed_a_row_at_a_time(query, monkeypatch):
    from studycli.sims.logs.insights import run_query
    from studycli.sims.logs.query import stats

    rng = random.Random(5)
    lines = []
    for i in range(6000):
        moment = f"2024-05-01T{i // 1800:02d}:{i // 30 % 60:02d}:{i % 30 * 2:02d}.{rng.randint(0, 999):03d}Z"
        ms = rng.choice([str(rng.randint(0, 900)), f"{rng.random() * 1e4:.3f}", "-3", "x", "0"])
        word = rng.choice(["alpha", "beta", "7", "gamma"])
        if i % 9 == 0:
            lines.append(f'{{"timestamp": "{moment}", "ms": {rng.randint(1, 99)}, "client": {{"ip": "10.0.0.{i % 5}"}}}}')
        else:
            lines.append(f"{moment} {word} from 10.0.{i % 3}.{i % 7} took {ms} ms")
    parsed = 'parse @message "* * from * took * ms" as t, word, ip, ms | ' + query
    batched = run_query(parsed, lines).to_json()
    monkeypatch.setattr(stats, "BATCH", 1)
    assert run_query(parsed, lines).to_json() == batched
    monkeypatch.setattr(stats, "CHUNK", 0)      # one group too: row by row, not a chunk at a time
    assert run_query(parsed, lines).to_json() == batched
    monkeypatch.setattr(stats, "BATCH", 256)
    assert run_query(parsed, lines).to_json() == batched


def _tied_lines(count: int) -> list[str]:
    rng = random.Random(11)
    lines = []
    for i in range(count):
        moment = f"2024-05-01T10:{rng.randint(0, 2):02d}:{rng.randint(0, 3):02d}.{rng.choice([0, 500]):03d}Z"
        ms, word = rng.choice(["5", "5.0", "12", "x", "-1", ""]), rng.choice(["b", "a", "10", "B"])
        shape = i % 7
        if shape == 0:
            lines.append(f'{{"timestamp": "{moment}", "ms": {rng.randint(1, 9)}, "n": {i}}}')
        elif shape == 1:
            lines.append(f"no time here, n={i} ms={ms}")      # no @timestamp: last whichever the order
        else:
            lines.append(f"{moment} {word} n={i} ms={ms}")
    return lines


@pytest.mark.parametrize("keys", ["@timestamp desc", "@timestamp", "@timestamp asc", "ms desc", "ms",
                                  "word, ms", "word desc, ms desc", "ms desc, word", "@timestamp, word desc"])
@pytest.mark.parametrize("count", [1, 5, 25, 499, 3000])
def test_sort_then_limit_keeps_exactly_the_first_rows_of_the_whole_sort(keys, count):
    from studycli.sims.logs.insights import event_from_line, run_query

    lines = _tied_lines(2000)
    glob = 'parse @message "* n=* ms=*" as word, n, ms | ' if "@timestamp" not in keys else ""
    limited = run_query(f"{glob}sort {keys} | limit {count}", lines).to_json()
    whole = run_query(f"{glob}sort {keys} | fields @message", lines).to_json()     # sorts every row
    assert [row["@message"] for row in limited["rows"]] == [row["@message"] for row in whole["rows"]][:count]
    assert limited["statistics"] == whole["statistics"]
    with_fields = run_query(f"fields @timestamp, @message | {glob}sort {keys} | limit {count}", lines).to_json()
    assert with_fields["rows"] == limited["rows"]
    events = [event_from_line(line) for line in lines]       # whole events, not lines: the same order
    assert run_query(f"{glob}sort {keys} | limit {count}", events).to_json()["rows"] == limited["rows"]


def test_a_batch_of_values_read_as_numbers_in_one_go_equals_them_read_one_at_a_time():
    from studycli.sims.logs.query.aggregates import _number, _numbers
    from studycli.sims.logs.query.values import Moment

    samples = [["1", "2.5", " 3 ", "1_000", "-0"], [1, 2.5, "3"], ["1", None, 4, None], ["x", "1"], ["inf", "2"],
               ["nan"], [True, 1], [1e308, "1e309"], [Moment(5.0), "1"], [{"a": 1}, "2"], [None, None], [],
               [float("inf"), 1], ["\u0661\u0662", "\uff13"]]
    for values in samples:
        assert _numbers(values) == [n for n in map(_number, values) if n is not None], values
        assert [type(n) for n in _numbers(values)] == [type(n) for n in map(_number, values) if n is not None]


@pytest.mark.parametrize("line", JSON_LINES + ['{"@message": "m", "a": {"b": 1}, "a.b": 2, "c": [1]}',
                                               '{"timestamp": "2024-05-01T00:00:01.000Z", "@timestamp": "bad"}'])
def test_a_json_line_read_into_its_row_gives_the_fields_of_the_whole_event_in_their_order(line):
    from studycli.sims.logs.insights import event_from_line
    from studycli.sims.logs.query.values import to_moment

    event = event_from_line(line)
    if "@timestamp" in event:
        event["@timestamp"] = to_moment(event["@timestamp"]) or event["@timestamp"]
    assert list(LineEvent(line).whole().items()) == list(event.items())
    row = LineEvent(line)
    row["a"] = "set first"          # a field a command set before the line is read keeps its value
    whole = row.whole()
    assert whole["a"] == "set first" and {k: v for k, v in whole.items() if k != "a"} == {
        k: v for k, v in event.items() if k != "a"}


@pytest.mark.parametrize("query", ["sort @timestamp desc | limit 25", "fields @timestamp, @message | sort @timestamp",
                                   "sort @timestamp asc | limit 3000", "sort @timestamp desc | limit 1",
                                   "fields @message | limit any 7", "stats count(*) as n, latest(@message) as m by bin(1m)",
                                   "filter @message like /n=1/ | parse @message 'ms=*' as ms | stats sum(ms) as s",
                                   "parse @message 'n=* ' as n | sort n desc | limit 5", "dedup ms | limit 3"])
def test_sort_by_time_over_a_file_gives_what_it_gives_over_the_lines(query, tmp_path):
    from studycli.sims.logs.insights import run_query

    lines = _tied_lines(2500) + ["", "   ", "\t", "{not json", "[2024-05-01T10:01:01.000Z] bracketed",
                                 " 2024-05-01T10:01:01.250Z indented", "2024-05-01T10:01:01.250+01:00 zoned"]
    path = tmp_path / "app.log"
    path.write_text("".join(line + ("\r\n" if i % 3 else "\n") for i, line in enumerate(lines)), encoding="utf-8")
    with open(path, encoding="utf-8", newline="") as handle:
        from_file = run_query(query, handle).to_json()
    from_lines = run_query(query, [line + "\n" for line in lines]).to_json()
    assert from_file == from_lines
    assert from_file["statistics"]["recordsScanned"] == (7 if "any" in query else 2504)
    if query.startswith("sort"):
        whole = run_query(query.replace("limit", "fields @message | limit"), lines).to_json()  # sorts every row
        messages = [row["@message"] for row in whole["rows"]]
        assert [row["@message"] for row in from_lines["rows"]] == messages[:len(from_lines["rows"])]
        assert from_file["statistics"] == {"recordsScanned": 2504, "recordsMatched": 2504}


def test_a_line_time_read_without_its_row_is_the_rows_time():
    from studycli.sims.logs.query.events import line_time

    odd = ['{"@timestamp": 1714521600000}', '{"@timestamp": null, "time": "2024-05-01T00:00:01Z"}',
           '{"@timestamp": {"a": 1}}', '{"@timestamp": [1]}', '{"@timestamp": "x"}', '{"time": "nope"}',
           ' {"time": "2024-05-01 00:00:01,5"}', '{"timestamp": 5, "time": "2024-05-01T00:00:02.000+02:00"}',
           '{"a": 1', '{}', '{"@timestamp": true}', "", " ", "[1]", "{", "plain"]
    for line in JSON_LINES + TIMES + odd + [t + " x" for t in TIMES] + _tied_lines(300):
        assert line_time(line) == LineEvent(line)["@timestamp"], line
        assert type(line_time(line)) is type(LineEvent(line)["@timestamp"]), line


def test_a_three_star_glob_read_unrolled_gives_what_glob_groups_gives():
    from studycli.sims.logs.insights import run_query
    from studycli.sims.logs.query.commands import Glob

    rng = random.Random(9)
    lines = ["".join(rng.choice(["a", "b", " from ", " took ", " ms", "x", "\n", "{", "1"]) for _ in range(8))
             for _ in range(3000)] + ["x from y took 5 ms", "from took ms", " from  took  ms", "a from b ms took c"]
    for pattern in ["* from * took * ms", "* from * took *", "x* from * took * ms", "* from ** ms"]:
        stars = pattern.count("*")
        names = ["a", "b", "c", "d"][:stars]
        query = f'parse @message "{pattern}" as {", ".join(names)} | fields {", ".join(names)}'
        rows = run_query(query, lines).to_json()["rows"]
        glob = Glob(pattern)
        for line, row in zip([line for line in lines if line.strip()], rows):
            found = glob.groups(line.rstrip("\r\n"))
            assert [row[n] for n in names] == (list(found) if found is not None else [None] * stars), line


@pytest.mark.parametrize("text", ['{"a": 1}', ' {"a":1} ', '{"a": 1} x', '[1,2]', '"s"', "-1.5e3", "true", "null",
                                  '{"a": NaN}', "{", "", "x", '{"a":1}\n', '{"a": 1}{"b":2}', "1 2", "Infinity",
                                  '{"n": ' + "9" * 5000 + "}", '{"n": ' + "9" * 4000 + "}"])
def test_json_read_the_short_way_is_json_read_the_long_way(text):
    from studycli.sims import json_input

    def outcome(read):
        try:
            return ("value", read(text))
        except ValueError as err:
            return (type(err).__name__, str(err))
    assert outcome(json_input.loads) == outcome(json_input._DECODER.decode)


def test_a_dot_less_field_read_from_a_json_line_equals_the_flattened_event():
    """A JSON line answers a dot-less field from its top object without flattening the rest; in any
    order of reads, each field (and the whole row after) is what the full flattening gives."""
    import json

    rng = random.Random(41)
    names = ["ip", "level", "client", "a.b", "n", "list", "@timestamp", "timestamp", "missing"]

    def value(depth: int) -> object:
        kind = rng.randrange(7 if depth < 2 else 5)
        if kind == 5:
            return {k: value(depth + 1) for k in rng.sample(names, 2)}
        if kind == 6:
            return [value(depth + 1) for _ in range(2)]
        return [None, rng.randint(-5, 5), rng.random(), rng.choice(["x", "{", "}]", '[{"ip"'])][kind] if kind < 4 \
            else True

    for _ in range(400):
        document = {k: value(0) for k in rng.sample(names, rng.randint(0, 5))}
        if rng.random() < 0.3:
            document["timestamp"] = "2024-05-01T00:00:00.123Z"
        line = json.dumps(document)
        expected = LineEvent(line).whole()     # every field read at once (the flattening)
        assert expected.keys() - {"@timestamp"} == event_module.event_from_line(line).keys() - {"@timestamp"}
        row = LineEvent(line)
        for name in rng.sample(names + ["client.ip", "list.0"], 5):
            assert row[name] == expected.get(name), (line, name)
        assert row.whole() == expected, line
