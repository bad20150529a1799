"""Issue 15: questions the simulators answer.

Over 200 seeds of every generator: replaying the question's `input` through the engine gives
the key, every wrong option differs from it, every option explains itself in every language,
and the data the question is about is shown with it.
"""

from __future__ import annotations

import random

import pytest

from studycli.i18n import CATALOGUES, render
from studycli.study import sim_questions
from studycli.study.sim_questions import GENERATORS, SimQuestion, generate, replay

SEEDS = range(200)


@pytest.fixture(scope="module", params=sorted(GENERATORS))
def questions(request) -> tuple[str, list[SimQuestion]]:
    return request.param, [generate(request.param, random.Random(seed)) for seed in SEEDS]


def test_replaying_the_input_through_the_engine_gives_the_key(questions):
    name, qs = questions
    for q in qs:
        answer = replay(name, q.input)
        assert answer == q.answer
        if isinstance(answer, tuple):        # "which of these": the key is exactly what the engine picks
            assert tuple(q.key) == answer
        else:                                # one value: the keyed option holds it
            assert [o.value for i, o in enumerate(q.options) if i in q.key] == [answer]


def test_every_wrong_option_differs_from_the_engines_answer(questions):
    name, qs = questions
    for q in qs:
        right = {repr(q.options[i].value) for i in q.key}
        for i, option in enumerate(q.options):
            if i not in q.key:
                assert repr(option.value) not in right, (name, i)
        texts = [render(o.text, "en") for o in q.options]
        assert len(set(texts)) == len(texts), name


def test_every_option_has_its_own_explanation_in_every_language(questions):
    name, qs = questions
    for q in qs[:40]:
        for code in CATALOGUES:
            whys = [render(o.why, code).strip() for o in q.options]
            assert all(whys) and len(set(whys)) == len(whys), (name, code)


def test_the_question_shows_its_data_and_asks_a_question(questions):
    name, qs = questions
    for q in qs[:20]:
        for code in CATALOGUES:
            asked = render(q.question, code)
            assert "?" in asked or "시오" in asked, (name, code)
        shown = " ".join(render(d, "en") for d in q.data)
        for value in _data_values(q.input):
            assert value in shown or value in render(q.context, "en"), (name, value)


def _data_values(input: dict) -> list[str]:
    """The parts of the input a learner must see to answer."""
    import json

    if "datapoints" in input:
        return [f"{v:g}" for v in input["datapoints"] if v is not None]
    if "events" in input and "pattern" in input:
        return [json.dumps(e, ensure_ascii=False, separators=(", ", ": ")) for e in input["events"]]
    if "events" in input:
        return list(input["events"]) + [input["filter"]]
    if "log" in input:
        return list(input["log"]) + [input["query"]]
    if "expression" in input:
        return [input["expression"]]
    if "rule" in input:
        return [input["rule"]]
    return [f"{input['items']:,}", f"{input['evaluations']:,}"]


def test_the_same_seed_gives_the_same_question():
    for name in GENERATORS:
        a, b = generate(name, random.Random(7)), generate(name, random.Random(7))
        assert a == b, name


def test_each_generator_names_its_kind_topic_and_notes_lines():
    for name in GENERATORS:
        module = sim_questions.module(name)
        assert module.KIND and module.TOPIC and module.SOURCE_LINES, name
