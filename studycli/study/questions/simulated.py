"""Questions the simulators answer (`studycli.study.sim_questions`): the origin `simulator`.

Each question is one generator run on its own seed: the situation (context), its data
(datapoints, events, log lines, a schedule) and the question make the stem, so the data is
shown in the question; options and their reasons are the generator's, rendered in the
learner's language. A one-answer generator asks a `single` question, a "which two" one a
`multi` question. The question carries `SimSource`: the generator and seed rebuild it (the
wrong-answer notebook retries it), and `input` is what `studycli scenario <kind>` accepts.

It is recorded against `key_of(generator, input)`: the same situation is the same question.
"""

from __future__ import annotations

import hashlib
import json
import random
from collections.abc import Mapping, Sequence
from typing import Any

from studycli.i18n import Msg
from studycli.study import sim_questions
from studycli.study.questions.base import Question, SimSource, question_id, words
from studycli.study.questions.origins import Material, Taken, heaviest_first

ORIGIN = "simulator"
KEY_PREFIX = "sim:"
SEED_SPACE = 2 ** 31
REDRAWS = 8         # a generator that keeps repeating a situation the quiz already has is left for now


def key_of(generator: str, input: Mapping[str, Any]) -> str:
    """What answers to a simulator question are recorded against: its generator and its input."""
    canonical = json.dumps(input, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return f"{KEY_PREFIX}{generator}:{hashlib.sha256(canonical.encode('utf-8')).hexdigest()[:16]}"


def generator_of(key: str) -> str | None:
    """The generator of a key made by `key_of` (None for any other key)."""
    if not key.startswith(KEY_PREFIX):
        return None
    return key[len(KEY_PREFIX):].rpartition(":")[0] or None


def weight_key(generator: str) -> str:
    """A generator's key in the quiz weights (missed questions of it make it come up more)."""
    return f"{KEY_PREFIX}{generator}"


def topic_of(generator: str) -> str:
    return str(sim_questions.module(generator).TOPIC)


def choose_of(generator: str) -> int:
    """How many options a generator's questions ask for (its module's `CHOOSE`, else 1)."""
    return int(getattr(sim_questions.module(generator), "CHOOSE", 1))


def _stem(q: sim_questions.SimQuestion, lang: str) -> str:
    """Context, data lines and question; in both languages each sentence in Korean, then English."""
    def say(part: Msg | str) -> str:
        if lang == "both" and isinstance(part, Msg):
            ko, en = words(part, "ko"), words(part, "en")
            return ko if ko == en else f"{ko}\n{en}"
        return words(part, lang)

    return "\n".join(say(part) for part in (q.context, *q.data, q.question))


def build(generator: str, seed: int, lang: str, position: int = 0) -> Question:
    """The question generator `generator` makes from `seed`, in `lang`."""
    q = sim_questions.generate(generator, random.Random(seed))
    kind = "single" if q.choose == 1 else "multi"
    options = tuple(words(o.text, lang) for o in q.options)
    return Question(
        id=question_id([key_of(generator, q.input)], kind), type=kind, topic=q.topic, stem=_stem(q, lang),
        options=options, correct=tuple(q.key), why=tuple(words(o.why, lang) for o in q.options), choose=q.choose,
        explanation=words(Msg("quiz.sim.explanation", {"kind": q.kind}), lang), fact_ids=(),
        source_lines=tuple(sorted(set(q.source_lines))), answer_text=", ".join(options[i] for i in q.key),
        origin=ORIGIN, ref=key_of(generator, q.input), sim=SimSource(generator, q.kind, q.input, seed))


class SimStream:
    """Simulator questions of one shape: each draw picks a generator among those asked least in
    this quiz (one with a missed question sooner) and a fresh seed.

    Which generators ask this shape is looked up at the first draw, so a quiz that never
    reaches a simulator question does not load the generators."""

    def __init__(self, generators: Sequence[str], multi: bool, rng: random.Random, lang: str,
                 weights: Mapping[str, float] | None):
        self.candidates, self.multi = list(generators), multi
        self.generators: list[str] | None = None
        self.rng, self.lang, self.given_weights = rng, lang, weights or {}
        self.asked: dict[str, int] = {}

    def next(self, position: int, taken: Taken) -> Question | None:
        if self.generators is None:
            self.generators = [g for g in self.candidates if (choose_of(g) > 1) == self.multi]
            self.asked = dict.fromkeys(self.generators, 0)
        weights = {g: float(self.given_weights.get(weight_key(g), 1.0)) for g in self.generators}
        while self.generators:
            # Spread a quiz over the generators: one asked least so far, missed ones first among them.
            fewest = min(self.asked[g] for g in self.generators)
            least = [g for g in self.generators if self.asked[g] == fewest]
            generator = heaviest_first(least, self.rng, weights, key=lambda g: g)[0]
            for _ in range(REDRAWS):
                question = build(generator, self.rng.randrange(SEED_SPACE), self.lang, position)
                if taken.allows(question):
                    self.asked[generator] += 1
                    return question
            self.generators.remove(generator)
        return None


def stream(material: Material, multi: bool, types: Sequence[str], rng: random.Random, lang: str,
           weights: Mapping[str, float] | None) -> SimStream | None:
    """The generators of `material` of this shape, or None when `types` rules them out."""
    kind = "multi" if multi else "single"
    if kind not in types or not material.generators:
        return None
    return SimStream(material.generators, multi, rng, lang, weights)
