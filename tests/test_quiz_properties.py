"""Acceptance 1: over many seeds and random catalogues every generated question is well formed.

Well formed: the right number of options and of correct options for its type, no two
options meaning the same, no correct answer among the wrong options, no stem giving
its answer away, and the grader accepts the stated correct answer and rejects others.
"""

from __future__ import annotations

import random
from functools import lru_cache

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from studycli.models import Fact, answer_kind
from studycli.study.questions import generator as quiz
from studycli.study.questions.answers import gives_away, meaning_key
from studycli.study.questions.generator import grade, to_json
from studycli.study.questions.registry import names

TYPES = names()


def correct_keys(q, facts_by_id) -> set:
    """Meaning keys of everything that would be a right answer to this question."""
    keys = {meaning_key(q.options[i]) for i in q.correct} if q.type in ("single", "multi") else set()
    fact = facts_by_id[q.fact_ids[0]]
    if q.type in ("single", "multi") and answer_kind(fact.answer) in ("text", "number"):
        keys.add(meaning_key(fact.answer))
    if q.type in ("single", "multi") and answer_kind(fact.answer) == "list":
        keys |= {meaning_key(a) for a in fact.answer}
    return keys


def assert_well_formed(q, facts_by_id):
    assert q.type in TYPES
    assert q.fact_ids and all(f in facts_by_id for f in q.fact_ids)
    assert q.stem.strip() and q.explanation.strip()
    fact = facts_by_id[q.fact_ids[0]]
    if q.type in ("single", "multi", "true_false"):
        n = len(q.options)
        assert {"single": n == 4, "multi": 5 <= n <= 6, "true_false": n == 2}[q.type], (q.type, q.options)
        assert len(q.correct) == q.choose == ({"multi": q.choose}.get(q.type, 1))
        assert len(set(q.correct)) == len(q.correct) and all(0 <= i < n for i in q.correct)
        assert len(q.why) == n
        if q.type == "multi":
            assert 2 <= q.choose <= 4 and n - q.choose >= 2
        keys = [meaning_key(o) for o in q.options]
        assert len(set(keys)) == n, f"two options mean the same: {q.options}"
        right = correct_keys(q, facts_by_id)
        wrong = [keys[i] for i in range(n) if i not in q.correct]
        if q.type != "true_false":
            assert not right & set(wrong), f"a correct answer among the wrong ones: {q.options} {q.correct}"
            if fact.answer_kind != "mapping":
                assert not gives_away(q.stem, fact.answer), q.stem
        assert grade(q, list(q.correct))
        for i in range(n):
            if i not in q.correct:
                assert not grade(q, sorted(list(q.correct)[1:] + [i]))
    elif q.type == "cloze":
        assert q.options == () and q.correct and all(grade(q, a) for a in q.correct)
        assert not gives_away(q.stem, fact.answer)
        assert not grade(q, "zzz-not-an-answer-zzz")
    else:  # matching
        n = len(q.items)
        assert 2 <= n <= 6 and len(q.options) == n and len(q.correct) == n
        assert sorted(i for i, _ in q.correct) == list(range(n))
        assert sorted(j for _, j in q.correct) == list(range(n))
        assert len({meaning_key(o) for o in q.options}) == n
        answer = [j for _, j in sorted(q.correct)]
        assert grade(q, answer)
        assert not grade(q, answer[1:] + answer[:1])


# --- random catalogues ---

NAMES = ["CloudWatch", "Amazon CloudWatch", "CloudTrail", "AWS Config", "config", "EventBridge",
         "X-Ray", "x ray", "Kinesis Data Streams", "Firehose", "Lambda", "SNS", "SQS", "OK", "ALARM",
         "INSUFFICIENT_DATA", "insufficient data", "Logs Insights", "Live Tail", "S3"]
UNITS = ["seconds", "minutes", "hours", "days", "USD", "KB", "alarms"]
WORDS = ["which", "service", "records", "the", "metric", "alarm", "state", "period", "retention", "log",
         "events", "of", "in", "a", "cloudwatch", "trail", "what", "는", "무엇", "서비스"]

text_answer = st.sampled_from(NAMES)
number_answer = st.builds(lambda v, u: {"value": v, "unit": u},
                          st.sampled_from([1, 2, 5, 10, 14, 30, 60, 90, 300, 3600, 0.5, 0.003]), st.sampled_from(UNITS))
list_answer = st.lists(text_answer, min_size=2, max_size=6, unique_by=meaning_key)
map_answer = st.dictionaries(st.sampled_from(["System check", "Instance check", "EBS check", "Agent", "Trail"]),
                             st.sampled_from(["hardware", "guest OS", "volumes", "memory", "API calls", "events"]),
                             min_size=2, max_size=5).filter(lambda m: len(set(m.values())) == len(m))
prompt = st.lists(st.sampled_from(WORDS + NAMES), min_size=2, max_size=9).map(" ".join)


@st.composite
def catalogues(draw):
    n = draw(st.integers(2, 14))
    facts = []
    for i in range(n):
        family = draw(st.sampled_from(["svc", "dur", "set", "map"]))
        answer = draw({"svc": text_answer, "dur": st.one_of(number_answer, text_answer),
                       "set": list_answer, "map": map_answer}[family])
        confusers = draw(st.lists(st.one_of(text_answer, number_answer), max_size=4))
        if answer_kind(answer) == "list":
            confusers = [c for c in confusers if c not in answer]
        confusers = [c for c in confusers if c != answer]
        facts.append(Fact(id=f"f{i}", topic=draw(st.sampled_from(["t/a", "t/b"])), family=family,
                          prompt={"ko": draw(prompt), "en": draw(prompt)}, answer=answer,
                          explain={"ko": "설명", "en": "why"}, source_lines=(i + 1,), file="x.yaml", line=1,
                          confusers=tuple(confusers), accept=tuple(draw(st.lists(text_answer, max_size=2)))))
    return facts


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(facts=catalogues(), seed=st.integers(0, 2 ** 32), lang=st.sampled_from(["en", "ko", "both"]),
       count=st.integers(1, 25))
def test_random_catalogues_give_well_formed_questions(facts, seed, lang, count):
    questions = quiz.generate(facts, count, random.Random(seed), lang)
    by_id = {f.id: f for f in facts}
    assert len(questions) <= count and len({q.id for q in questions}) == len(questions)
    for q in questions:
        assert_well_formed(q, by_id)


@settings(max_examples=60, deadline=None)
@given(facts=catalogues(), seed=st.integers(0, 2 ** 32))
def test_same_seed_same_quiz(facts, seed):
    a = [to_json(q) for q in quiz.generate(facts, 10, random.Random(seed), "en")]
    b = [to_json(q) for q in quiz.generate(facts, 10, random.Random(seed), "en")]
    assert a == b


# --- the real catalogue ---

@lru_cache(maxsize=1)
def real_facts():
    from studycli.content import load_catalogue

    return tuple(load_catalogue().facts)


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2 ** 32), lang=st.sampled_from(["en", "ko"]),
       qtype=st.sampled_from([None, *TYPES]))
def test_real_catalogue_gives_well_formed_questions_for_any_seed(seed, lang, qtype):
    facts = real_facts()
    if not facts:
        pytest.skip("no content yet")
    questions = quiz.generate(facts, 30, random.Random(seed), lang, types=[qtype] if qtype else None)
    assert questions
    by_id = {f.id: f for f in facts}
    for q in questions:
        assert_well_formed(q, by_id)
