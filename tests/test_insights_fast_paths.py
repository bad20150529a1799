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
