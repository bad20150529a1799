"""A metric filter's pattern and five log events: which two does it count? (Choose two.)

Each line tests one documented rule of filter patterns: terms are case-sensitive, several
terms must all appear, `?term` terms are alternatives, `-term` excludes, a quoted phrase must
appear as written, a JSON comparison reads the field's number. The engine decides every line;
a line whose expected verdict differs from the engine's is never shown.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

from studycli.i18n import Msg
from studycli.study.sim_questions import SimOption, SimQuestion, Unlucky

KIND = "logs"
TOPIC = "cloudwatch/logs"
SOURCE_LINES = (106, 107)
MATCHING, NOT_MATCHING = 2, 3
CHOOSE = MATCHING      # a multiple-response question: choose the events that match


@dataclass(frozen=True)
class Line:
    name: str          # simq.logs.line.<name> says what the line tests
    text: str          # str.format template over the draw
    matches: bool


@dataclass(frozen=True)
class Template:
    pattern: str
    lines: tuple[Line, ...]


TEMPLATES = (
    Template("ERROR Timeout", (
        Line("all_terms", "{time} ERROR Timeout calling {service} after {ms} ms", True),
        Line("terms_any_order", "{time} Timeout waiting for {service}; ERROR raised to caller", True),
        Line("term_case", "{time} error Timeout calling {service}", False),
        Line("one_term_only", "{time} ERROR connection refused by {service}", False),
        Line("other_level", "{time} WARN Timeout calling {service}, retrying", False))),
    Template("?ERROR ?FATAL", (
        Line("either_term", "{time} FATAL disk full on {service}", True),
        Line("other_either_term", "{time} ERROR {service} returned {code}", True),
        Line("term_case", "{time} Error {service} returned {code}", False),
        Line("no_term", "{time} WARN {service} slow: {ms} ms", False),
        Line("no_term_info", "{time} INFO {service} healthy", False))),
    Template("ERROR -Retry", (
        Line("term_without_excluded", "{time} ERROR payment {order} declined", True),
        Line("excluded_case", "{time} ERROR retry scheduled for {order}", True),
        Line("excluded_present", "{time} ERROR Retry 2 of 3 for {order}", False),
        Line("required_missing", "{time} WARN payment {order} slow", False),
        Line("term_case", "{time} error payment {order} declined", False))),
    Template('"Connection refused"', (
        Line("phrase_present", "{time} ERROR Connection refused by {service}:5432", True),
        Line("phrase_inside", "{time} WARN upstream said: Connection refused ({code})", True),
        Line("phrase_split", "{time} ERROR Connection to {service} refused", False),
        Line("phrase_case", "{time} ERROR connection refused by {service}", False),
        Line("phrase_partial", "{time} ERROR Connection reset by {service}", False))),
    Template("{ $.status >= 500 }", (
        Line("json_above", '{{"time": "{time}", "path": "/orders", "status": {code}}}', True),
        Line("json_boundary", '{{"time": "{time}", "path": "/cart", "status": 500}}', True),
        Line("json_below", '{{"time": "{time}", "path": "/login", "status": 404}}', False),
        Line("json_field_missing", '{{"time": "{time}", "path": "/health", "code": {code}}}', False),
        Line("json_not_json", "{time} status {code} on /orders", False))),
)


def _draw(rng: random.Random) -> dict[str, Any]:
    return {"time": f"2026-11-28T{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}Z",
            "service": rng.choice(["payments-api", "orders-db", "auth-svc", "inventory", "billing-api"]),
            "ms": rng.randint(1000, 30000), "code": rng.choice([500, 502, 503, 504]),
            "order": f"ord-{rng.randint(1000, 9999)}"}


def _matches(pattern: str, line: str) -> bool:
    from studycli.sims.logs.filter_pattern import parse_filter_pattern

    return parse_filter_pattern(pattern).matches(line)


def replay(input: dict[str, Any]) -> tuple[int, ...]:
    """The positions of the log events the filter pattern matches (`scenario logs --filter P --events F`)."""
    return tuple(i for i, line in enumerate(input["events"]) if _matches(input["filter"], line))


def generate(rng: random.Random) -> SimQuestion:
    template = rng.choice(TEMPLATES)
    draw = _draw(rng)
    chosen = (rng.sample([ln for ln in template.lines if ln.matches], MATCHING)
              + rng.sample([ln for ln in template.lines if not ln.matches], NOT_MATCHING))
    rng.shuffle(chosen)
    texts = [line.text.format(**draw) for line in chosen]
    options = []
    for n, (line, text) in enumerate(zip(chosen, texts, strict=True), start=1):
        if _matches(template.pattern, text) != line.matches:
            raise Unlucky  # never explain a line differently from the engine
        options.append(SimOption(Msg("simq.logs.label", {"n": n}),
                                 Msg(f"simq.logs.line.{line.name}", {"n": n, "pattern": template.pattern}),
                                 line.matches))
    key = tuple(i for i, line in enumerate(chosen) if line.matches)
    data: tuple[Msg | str, ...] = (Msg("simq.logs.pattern_header", {"pattern": template.pattern}),
            *(f"{i + 1}. {text}" for i, text in enumerate(texts)))
    return SimQuestion("logs-which-match", KIND, TOPIC, SOURCE_LINES, Msg("simq.logs.context", {"service": draw["service"]}),
                       data, Msg("simq.logs.question"), tuple(options), key,
                       {"filter": template.pattern, "events": texts}, key, choose=MATCHING)
