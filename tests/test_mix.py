"""Points 2-4 (issues 14 and 15, wave 2): every question has an origin, and the quiz and the exam
mix items, simulator questions and facts the way the exam does.

Engine-level checks run on the real catalogue through `studycli.study.questions.mix`; the
CLI checks run `studycli quiz/exam --json`.
"""

from __future__ import annotations

import json
import random
from collections import Counter

import pytest
from test_quiz_cli import questions, studycli

from studycli.study import sim_questions
from studycli.study.questions import origins, simulated
from studycli.study.questions.generator import to_json
from studycli.study.questions.mix import QUIZ, is_multi, mix
from studycli.study.questions.origins import Material
from studycli.study.questions.registry import exam_types

NONFACT = {"item", "simulator"}


@pytest.fixture(scope="module")
def material(catalogue) -> Material:
    return Material(catalogue.facts, catalogue.facts, catalogue.items, tuple(sim_questions.GENERATORS))


def nonfact_share(qs) -> float:
    return sum(q.origin in NONFACT for q in qs) / len(qs)


def assert_no_repeats(qs) -> None:
    facts = [f for q in qs for f in q.fact_ids]
    assert len(facts) == len(set(facts)), "a fact is tested twice"
    stems = [q.stem for q in qs]
    assert len(stems) == len(set(stems)), "a stem is asked twice"
    refs = [q.ref for q in qs if q.ref]
    assert len(refs) == len(set(refs)), "an item or simulator question is asked twice"


# --- the default quiz ---

def test_the_default_quiz_is_at_least_half_items_and_simulator_questions_about_a_sixth_multiple_response(material):
    multi = total = 0
    seen = Counter()
    for seed in range(40):
        qs = mix(material, 10, random.Random(seed), "en", shares=QUIZ)
        assert len(qs) == 10
        for n in range(1, 11):      # every prefix: --count n asks these n
            assert nonfact_share(qs[:n]) >= 0.5, (seed, n)
        assert_no_repeats(qs)
        multi += sum(map(is_multi, qs))
        total += len(qs)
        seen.update(q.origin for q in qs)
    assert 0.12 <= multi / total <= 0.22, multi / total          # about one in six
    assert set(seen) == {"item", "simulator", "fact"}
    assert seen["simulator"] >= 0.15 * total and seen["item"] >= 0.3 * total


def test_a_shorter_quiz_asks_the_first_questions_of_a_longer_one(material):
    for seed in (1, 2, 3):
        short = mix(material, 5, random.Random(seed), "ko")
        long = mix(material, 12, random.Random(seed), "ko")
        assert [to_json(q) for q in short] == [to_json(q) for q in long[:5]]


def test_a_stream_is_made_only_when_a_question_is_drawn_from_it_and_that_changes_no_question(material, monkeypatch):
    """A one-question quiz orders only the stream its question comes from (issue 19: cost grows with
    what is shown); making every stream up front gives the same questions."""
    made = []
    real = origins.module

    def counting(origin):
        module = real(origin)

        class Counted:
            def stream(self, *args):
                made.append((origin, args[1]))
                return module.stream(*args)
        return Counted()

    from studycli.study.questions import mix as mixing

    class UpFront(mixing._Streams):
        def __init__(self, *args):
            super().__init__(*args)
            for key in list(self.seeds):
                self.get(key)

    for seed in range(12):
        lazy = mix(material, 10, random.Random(seed), "en", shares=QUIZ)
        monkeypatch.setattr(mixing, "_Streams", UpFront)
        eager = mix(material, 10, random.Random(seed), "en", shares=QUIZ)
        monkeypatch.undo()
        assert [to_json(q) for q in lazy] == [to_json(q) for q in eager]
        made.clear()
        monkeypatch.setattr(origins, "module", counting)
        one = mix(material, 1, random.Random(seed), "en", shares=QUIZ)
        monkeypatch.undo()
        assert len(made) == 1 and made[0] == (one[0].origin, is_multi(one[0])), (seed, made)
        assert [q.id for q in one] == [eager[0].id]


def test_a_fact_is_tested_at_most_once_even_when_the_quiz_is_long(material):
    for seed in (4, 5):
        qs = mix(material, 120, random.Random(seed), "en")
        assert len(qs) == 120
        assert_no_repeats(qs)
    few = Material(material.facts[:6], material.facts, (), ())
    qs = mix(few, 30, random.Random(1), "en")
    assert 0 < len(qs) <= 6 and all(q.origin == "fact" for q in qs)   # runs out rather than repeats
    assert_no_repeats(qs)


# --- the exam (acceptance 14.3) ---

@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5, 6, 7, 8])
def test_the_exam_is_at_least_60_percent_items_and_simulator_questions_and_15_to_25_percent_multiple_response(seed):
    from studycli.sessions import exam

    plan = exam.plan([], topic=None, count=65, seed=seed, lang="en")
    qs = plan.questions
    assert len(qs) == 65
    assert nonfact_share(qs) >= 0.6
    assert 0.15 <= sum(map(is_multi, qs)) / 65 <= 0.25
    assert {q.type for q in qs} <= set(exam_types())
    assert_no_repeats(qs)


def test_exam_json_from_the_cli_has_the_same_mix(tmp_path):
    run = studycli(tmp_path, "exam", "--json", "--count", "65", "--seed", "11")
    assert run.returncode == 0, run.stderr
    doc = json.loads(run.stdout)
    assert len(doc) == 65
    assert sum(q["origin"] in NONFACT for q in doc) >= 39
    assert 10 <= sum(q["type"] == "multi" for q in doc) <= 16


def test_the_exam_breakdown_by_topic_and_domain_covers_every_origin():
    from datetime import UTC, datetime

    from studycli.sessions import exam
    from studycli.study.domains import domain_of
    from studycli.study.exam import Exam

    plan = exam.plan([], topic=None, count=65, seed=3, lang="en")
    sitting = Exam(plan.questions, started_at=datetime(2026, 3, 2, tzinfo=UTC), minutes=130)
    for i, q in enumerate(plan.questions):       # right on items and simulator questions, wrong on facts
        sitting.go(i)
        given = list(q.correct) if q.origin in NONFACT else [next(j for j in range(len(q.options)) if j not in q.correct)]
        sitting.answer(given, datetime(2026, 3, 2, 0, 1, tzinfo=UTC))
    result = sitting.submit(datetime(2026, 3, 2, 1, tzinfo=UTC))
    assert result.right == sum(q.origin in NONFACT for q in plan.questions)
    assert sum(t.total for t in result.by_topic) == 65
    by_topic = Counter(q.topic for q in plan.questions)
    assert {t.topic: t.total for t in result.by_topic} == dict(by_topic)
    assert all(domain_of(t.topic) != "other" for t in result.by_topic)
    domains = Counter(domain_of(q.topic) for q in plan.questions if q.origin == "item")
    assert len(domains) >= 3


# --- narrowing ---

def test_topic_narrows_all_three_origins(tmp_path):
    doc = questions(tmp_path, "--count", "30", "--seed", "3", "--topic", "eventbridge")
    assert doc and all(q["topic"] == "eventbridge" for q in doc)
    assert {q["origin"] for q in doc} == {"item", "simulator", "fact"}
    for q in doc:
        if q["origin"] == "simulator":
            assert sim_questions.module(q["generator"]).TOPIC == "eventbridge"
    prefix = questions(tmp_path, "--count", "12", "--seed", "3", "--topic", "cloudwatch")
    assert all(q["topic"].startswith("cloudwatch/") for q in prefix)


def test_type_narrows_every_origin(material):
    single = mix(material, 30, random.Random(2), "en", types=["single"])
    assert len(single) == 30 and {q.type for q in single} == {"single"}
    assert {q.origin for q in single} == {"item", "simulator", "fact"}
    multi = mix(material, 20, random.Random(2), "en", types=["multi"])
    assert len(multi) == 20 and {q.type for q in multi} == {"multi"} and all(q.choose >= 2 for q in multi)
    assert {"item", "simulator"} <= {q.origin for q in multi}
    cloze = mix(material, 10, random.Random(2), "en", types=["cloze"])
    assert cloze and {q.origin for q in cloze} == {"fact"}


@pytest.mark.parametrize("origin", origins.names())
def test_origin_narrows_the_quiz(tmp_path, origin):
    doc = questions(tmp_path, "--count", "8", "--seed", "6", "--origin", origin)
    assert len(doc) == 8 and {q["origin"] for q in doc} == {origin}


def test_two_origins_and_a_bad_one(tmp_path):
    doc = questions(tmp_path, "--count", "8", "--seed", "6", "--origin", "item,simulator")
    assert {q["origin"] for q in doc} <= NONFACT
    bad = studycli(tmp_path, "quiz", "--json", "--origin", "wiki")
    assert bad.returncode == 1 and bad.stdout == "" and "Traceback" not in bad.stderr
    assert bad.stderr.strip() == "Error: --origin: 'wiki' is not an origin (origins: item, simulator, fact)"
    none = studycli(tmp_path, "quiz", "--json", "--origin", "item", "--type", "cloze")
    assert none.returncode == 1 and none.stderr.startswith("Error: no cloze,item questions can be made")


# --- what the JSON says ---

def test_every_question_says_its_origin_and_item_and_simulator_questions_say_where_they_come_from(tmp_path, catalogue):
    a = studycli(tmp_path, "quiz", "--count", "30", "--seed", "4", "--json")
    b = studycli(tmp_path, "quiz", "--count", "30", "--seed", "4", "--json")
    assert a.returncode == 0 and a.stdout == b.stdout        # byte-identical for the same seed
    doc = json.loads(a.stdout)
    assert {q["origin"] for q in doc} == {"item", "simulator", "fact"}
    items = catalogue.items_by_id()
    for q in doc:
        if q["origin"] == "item":
            item = items[q["item_id"]]
            assert q["reference"] == item.reference and q["choose"] == item.choose and q["fact_ids"] == []
            assert q["type"] == ("single" if item.choose == 1 else "multi")
            assert q["stem"] == item.stem["en"] and q["source_lines"] == sorted(set(item.source_lines))
            texts = [o.text["en"] for o in item.options]
            assert sorted(q["options"]) == sorted(texts)
            assert sorted(q["options"][i] for i in q["correct"]) == sorted(texts[k] for k in item.key)
            for option, why in zip(q["options"], q["why"]):       # each option keeps its own reason
                assert why == item.options[texts.index(option)].why["en"]
        elif q["origin"] == "simulator":
            module = sim_questions.module(q["generator"])
            assert q["sim"]["kind"] == module.KIND and set(q["sim"]) == {"kind", "input"}
            assert q["topic"] == module.TOPIC and q["fact_ids"] == []
        else:
            assert q["fact_ids"] and "sim" not in q and "item_id" not in q


def test_item_options_are_shuffled_by_the_seed(catalogue):
    from studycli.study.questions import item as item_origin

    item = catalogue.items[0]
    orders = {item_origin.build(item, random.Random(seed), "en").correct for seed in range(30)}
    assert len(orders) >= 3
    assert item_origin.build(item, random.Random(5), "ko").options == \
        item_origin.build(item, random.Random(5), "ko").options


def test_a_simulator_questions_sim_input_replays_to_its_key_and_its_seed_rebuilds_it(material):
    qs = mix(material, 40, random.Random(9), "en", only=["simulator"])
    assert {q.sim.generator for q in qs} == set(sim_questions.GENERATORS)   # every generator takes its turn
    for q in qs:
        rebuilt = sim_questions.generate(q.sim.generator, random.Random(q.sim.seed))
        assert rebuilt.input == q.sim.input and tuple(rebuilt.key) == q.correct
        assert sim_questions.replay(q.sim.generator, q.sim.input) == rebuilt.answer
        assert q.ref == simulated.key_of(q.sim.generator, q.sim.input)
        assert all(line in q.stem for line in q.stem.splitlines())          # the data is in the stem
        assert q.type == ("multi" if rebuilt.choose > 1 else "single") and q.choose == rebuilt.choose


def test_a_simulator_question_shows_its_data_in_the_stem_in_every_language(material):
    from studycli.i18n import render

    q = mix(material, 1, random.Random(3), "ko", only=["simulator"])[0]
    rebuilt = sim_questions.generate(q.sim.generator, random.Random(q.sim.seed))
    for part in (rebuilt.context, *rebuilt.data, rebuilt.question):
        assert render(part, "ko") in q.stem
    both = simulated.build(q.sim.generator, q.sim.seed, "both")
    assert render(rebuilt.question, "ko") in both.stem and render(rebuilt.question, "en") in both.stem
