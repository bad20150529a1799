"""JSON access-log lines and a Logs Insights query that ranks hosts by server errors: which host comes first?

The key is the engine's first row. Each wrong option is the first row of the query as a
learner may misread it: `>=` taken as `>`, the filter overlooked (every request counted),
the sort read as ascending, or 4xx counted with the 5xx errors.
"""

from __future__ import annotations

import json
import random
from typing import Any

from studycli.i18n import Msg
from studycli.study.sim_questions import SimOption, SimQuestion, Unlucky, distinct_wrong, shuffled_options

KIND = "insights"
TOPIC = "cloudwatch/logs-insights"
SOURCE_LINES = (114, 115)
HOSTS = ("web-1", "web-2", "web-3", "web-4")
QUERY = "filter status >= 500 | stats count(*) as errors by host | sort errors desc | limit 1"
MISREAD = {
    "strictly_greater": "filter status > 500 | stats count(*) as errors by host | sort errors desc | limit 1",
    "filter_overlooked": "stats count(*) as errors by host | sort errors desc | limit 1",
    "ascending": "filter status >= 500 | stats count(*) as errors by host | sort errors asc | limit 1",
    "client_errors_too": "filter status >= 400 | stats count(*) as errors by host | sort errors desc | limit 1",
}


def top_host(query: str, lines: list[str]) -> str | None:
    from studycli.sims.logs.insights import events_from_lines, run_query

    result = run_query(query, events_from_lines(lines))
    counts = _counts(query, lines)
    if not result.rows:
        return None
    host = str(result.rows[0]["host"])
    if list(counts.values()).count(counts[host]) > 1:
        return None   # a tie: the order would be the engine's choice, not a fact worth asking
    return host


def _counts(query: str, lines: list[str]) -> dict[str, int]:
    from studycli.sims.logs.insights import events_from_lines, run_query

    rows = run_query(query.split(" | sort")[0], events_from_lines(lines)).rows
    return {str(r["host"]): int(r["errors"]) for r in rows}


def replay(input: dict[str, Any]) -> str | None:
    """The first row's host (`studycli scenario insights --query Q --log FILE`)."""
    return top_host(input["query"], input["log"])


def _draw_lines(rng: random.Random) -> list[str]:
    """Hosts with different server-error and client-error rates, so each misreading ranks them differently."""
    server = dict(zip(HOSTS, rng.sample([0.55, 0.4, 0.25, 0.1], 4), strict=True))
    client = dict(zip(HOSTS, rng.sample([0.5, 0.35, 0.15, 0.05], 4), strict=True))
    lines = []
    for i in range(20):
        host = rng.choice(HOSTS)
        roll = rng.random()
        status = (rng.choice([500, 500, 502, 503]) if roll < server[host]
                  else 404 if roll < server[host] + client[host] else rng.choice([200, 200, 201]))
        lines.append(json.dumps({"time": f"2026-11-28T10:{i * 3:02d}:00Z", "host": host,
                                 "path": rng.choice(["/orders", "/cart", "/login", "/search"]), "status": status}))
    return lines


def generate(rng: random.Random) -> SimQuestion:
    lines = _draw_lines(rng)
    key = top_host(QUERY, lines)
    if key is None:
        raise Unlucky
    candidates = []
    for name, query in MISREAD.items():
        answer = top_host(query, lines)
        if answer is not None:
            candidates.append((answer, Msg(f"simq.insights.misread.{name}")))
    rng.shuffle(candidates)
    wrong = distinct_wrong(key, candidates, 2)
    # the fourth option is a host that no reading of the query puts first
    spare = [h for h in HOSTS if h != key and all(h != a for a, _ in candidates)]
    if not spare:
        raise Unlucky
    counts = _counts(QUERY, lines)
    runner = max((h for h in counts if h != key), key=lambda h: counts[h], default=None)
    right = [SimOption(key, Msg("simq.insights.why_key", {
        "host": key, "errors": counts[key], "runner": runner or "-",
        "runner_errors": counts.get(runner, 0) if runner else 0}), key)]
    wrongs = [SimOption(answer, Msg("simq.insights.why_wrong", {"host": answer, "misreading": why,
                                                                "errors": counts.get(answer, 0), "top": key}), answer)
              for answer, why in wrong]
    filler = rng.choice(spare)
    wrongs.append(SimOption(filler, Msg("simq.insights.why_fewer", {"host": filler, "errors": counts.get(filler, 0),
                                                                    "top": key}), filler))
    options, key_index = shuffled_options(rng, right, wrongs)
    return SimQuestion("insights-top-host", KIND, TOPIC, SOURCE_LINES, Msg("simq.insights.context"),
                       (QUERY, *lines), Msg("simq.insights.question"), options, key_index,
                       {"query": QUERY, "log": lines}, key)
