"""Questions the simulators answer: a situation is built, our own engine is run on it, and
the learner predicts what AWS does.

Pure: randomness comes from the `random.Random` passed in; the same seed gives the same
question. Every generator shows its data in the question (datapoints, events, log lines, a
schedule), keys the engine's answer, and makes each wrong option the engine's answer under a
named misreading (treating missing data as breaching, reading DatapointsToAlarm as N, a
case-insensitive match, local time for UTC, ...): its explanation names that misreading.

`input` is what `studycli scenario <kind>` accepts, so anyone can replay a question; each
generator module also has `replay(input)`, which gives the key back from the engine alone.

A generator is one module with `KIND`, `TOPIC`, `SOURCE_LINES`, `generate(rng)` and
`replay(input)` (and `CHOOSE` when its questions ask for more than one option), and one line
in `GENERATORS` below.
"""

from __future__ import annotations

import importlib
import random
from dataclasses import dataclass, field
from typing import Any

from studycli.i18n import Msg

Text = Msg | str   # a Msg is rendered in the learner's language; a str (data, names) is shown as it is


@dataclass(frozen=True)
class SimOption:
    text: Text
    why: Msg
    value: Any = None      # what the engine says for this option (a wrong one: under its misreading)


@dataclass(frozen=True)
class SimQuestion:
    generator: str                 # e.g. "alarm-first-alarm"
    kind: str                      # the simulator kind: `studycli scenario <kind>`
    topic: str
    source_lines: tuple[int, ...]
    context: Msg                   # the situation
    data: tuple[Text, ...]         # the data, one line each, shown with the question
    question: Msg                  # what is asked
    options: tuple[SimOption, ...]
    key: tuple[int, ...]           # indexes of the right option(s)
    input: dict[str, Any]          # what `studycli scenario <kind>` accepts
    answer: Any = None             # the engine's answer, as `replay(input)` gives it
    choose: int = field(default=1)


class Unlucky(Exception):
    """The drawn situation does not give enough distinct misreadings: draw again."""


# name -> module under studycli.study.sim_questions
GENERATORS: dict[str, str] = {
    "alarm-first-alarm": "alarm",
    "composite-which-fires": "composite",
    "eventbridge-which-match": "events",
    "logs-which-match": "logs",
    "insights-top-host": "insights",
    "schedule-next-run": "schedule",
    "config-monthly-cost": "config",
}
MAX_DRAWS = 50


def module(name: str) -> Any:
    return importlib.import_module(f"studycli.study.sim_questions.{GENERATORS[name]}")


def generate(name: str, rng: random.Random) -> SimQuestion:
    """One question from generator `name`; draws again (from the same rng) when a situation is dull."""
    gen = module(name)
    for _ in range(MAX_DRAWS):
        try:
            return gen.generate(rng)  # type: ignore[no-any-return]
        except Unlucky:
            continue
    raise RuntimeError(f"{name}: no usable situation in {MAX_DRAWS} draws")  # a bug in the generator


def replay(name: str, input: dict[str, Any]) -> Any:
    """The engine's answer for a question's `input`, computed afresh."""
    return module(name).replay(input)


def distinct_wrong(key: Any, candidates: list[tuple[Any, Msg]], wanted: int) -> list[tuple[Any, Msg]]:
    """The first `wanted` misreadings whose answers differ from the key and from each other."""
    chosen: list[tuple[Any, Msg]] = []
    for answer, why in candidates:
        if answer != key and all(answer != a for a, _ in chosen):
            chosen.append((answer, why))
    if len(chosen) < wanted:
        raise Unlucky
    return chosen[:wanted]


def shuffled_options(rng: random.Random, right: list[SimOption], wrong: list[SimOption]) -> tuple[
        tuple[SimOption, ...], tuple[int, ...]]:
    options = right + wrong
    order = list(range(len(options)))
    rng.shuffle(order)
    placed = tuple(options[i] for i in order)
    key = tuple(sorted(order.index(i) for i in range(len(right))))
    return placed, key
