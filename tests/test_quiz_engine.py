"""The quiz generator and grader (studycli.study.questions), on small hand-made catalogues and the real one."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta, timezone

import pytest

from studycli.models import Fact
from studycli.study.notebook import PastAnswer, mistakes_notebook
from studycli.study.questions import generator as quiz
from studycli.study.questions.answers import gives_away, meaning_key, same_typed_answer
from studycli.study.questions.generator import build, grade, to_json
from studycli.study.questions.registry import types_for


def make_fact(fid, answer, family="aws-service", topic="cloudwatch/demo", ko=None, en=None, confusers=(),
              accept=(), lines=(1,)):
    return Fact(id=fid, topic=topic, family=family, prompt={"ko": ko or f"{fid} 질문", "en": en or f"Question about {fid}"},
                answer=answer, explain={"ko": f"{fid} 설명", "en": f"Why {fid}"}, source_lines=tuple(lines),
                file="mem.yaml", line=1, confusers=tuple(confusers), accept=tuple(accept))


def sample_facts() -> list[Fact]:
    """A small catalogue with every answer kind and families big enough for 4 options."""
    return [
        make_fact("svc-api-calls", "AWS CloudTrail", en="Which service records API calls in an account?",
                  ko="계정의 API 호출을 기록하는 서비스는?", accept=["클라우드트레일"]),
        make_fact("svc-config", "AWS Config", en="Which service records how resources were set up over time?",
                  ko="리소스 설정 이력을 기록하는 서비스는?"),
        make_fact("svc-events", "Amazon EventBridge", en="Which service routes state changes to targets by rules?",
                  ko="상태 변경을 규칙에 따라 대상으로 보내는 서비스는?"),
        make_fact("svc-metrics", "Amazon CloudWatch", en="Which service stores metrics and alarms?",
                  confusers=["AWS X-Ray"]),
        make_fact("period-detailed", {"value": 1, "unit": "minutes"}, family="duration",
                  en="The period of EC2 detailed monitoring"),
        make_fact("period-basic", {"value": 5, "unit": "minutes"}, family="duration",
                  en="The period of EC2 basic monitoring"),
        make_fact("high-res", {"value": 1, "unit": "seconds"}, family="duration",
                  en="The finest period of a high-resolution metric"),
        make_fact("config-price", {"value": 0.003, "unit": "USD"}, family="price",
                  en="Price per configuration item recorded",
                  confusers=[{"value": 0.03, "unit": "USD"}, {"value": 0.012, "unit": "USD"}]),
        make_fact("alarm-states", ["OK", "ALARM", "INSUFFICIENT_DATA"], family="alarm-state-set",
                  en="The three states a CloudWatch alarm can be in",
                  confusers=["PENDING", "TRIGGERED", "WARNING"]),
        make_fact("status-checks", {"System status check": "AWS hardware and network",
                                    "Instance status check": "guest OS and its configuration",
                                    "Attached EBS status check": "whether its volumes can complete I/O"},
                  family="status-check-map", en="Match each EC2 status check to what it looks at"),
    ]


def by_id(facts):
    return {f.id: f for f in facts}


# --- normalisation of typed answers ---

@pytest.mark.parametrize("given, expected", [
    ("cloudtrail", "AWS CloudTrail"),
    ("Cloud-Trail", "AWS CloudTrail"),
    ("  AWS  cloudtrail ", "AWS CloudTrail"),
    ("insufficient data", "INSUFFICIENT_DATA"),
    ("60", "60 seconds"),
    ("60s", "60 seconds"),
    ("1 minute", "60 seconds"),
    ("1분", "60 seconds"),
    ("0.003", "$0.003"),
    ("0.003 USD", "$0.003"),
    ("0.3 cents", "$0.003"),
    ("1,000", "1000 KB"),
    ("256 KB", "262,144 bytes"),
])
def test_typed_answers_are_forgiving_about_case_spaces_hyphens_and_units(given, expected):
    assert same_typed_answer(given, expected)


@pytest.mark.parametrize("given, expected", [
    ("60 minutes", "60 seconds"),
    ("3 cents", "$0.003"),
    ("CloudWatch", "AWS CloudTrail"),
    ("", "AWS CloudTrail"),
    ("61", "60 seconds"),
])
def test_typed_answers_that_mean_something_else_are_wrong(given, expected):
    assert not same_typed_answer(given, expected)


def test_options_that_mean_the_same_have_the_same_meaning_key():
    assert meaning_key({"value": 60, "unit": "seconds"}) == meaning_key({"value": 1, "unit": "minute"})
    assert meaning_key("1 minute") == meaning_key({"value": 60, "unit": "seconds"})
    assert meaning_key("Amazon CloudWatch") == meaning_key("cloudwatch")
    assert meaning_key("INSUFFICIENT_DATA") == meaning_key("insufficient-data")
    assert meaning_key("CloudWatch") != meaning_key("CloudTrail")


def test_a_cloze_accepts_the_korean_name_from_accept():
    facts = sample_facts()
    q = build(by_id(facts)["svc-api-calls"], "cloze", facts, random.Random(1))
    assert grade(q, "클라우드트레일") and grade(q, "cloudtrail") and not grade(q, "CloudWatch")


def test_a_number_cloze_takes_the_value_with_or_without_a_unit_and_converts():
    facts = sample_facts()
    q = build(by_id(facts)["period-detailed"], "cloze", facts, random.Random(1))
    assert grade(q, "1") and grade(q, "1 minute") and grade(q, "60 seconds") and grade(q, "60초")
    assert not grade(q, "5") and not grade(q, "1 hour")


# --- wrong answers and give-aways ---

def test_wrong_answers_come_from_the_family_and_the_confusers():
    facts = sample_facts()
    fact = by_id(facts)["svc-metrics"]
    family = {meaning_key(f.answer) for f in facts if f.family == "aws-service" and f.id != fact.id}
    allowed = family | {meaning_key(c) for c in fact.confusers}
    for seed in range(20):
        q = build(fact, "single", facts, random.Random(seed))
        wrong = [o for i, o in enumerate(q.options) if i not in q.correct]
        assert all(meaning_key(o) in allowed for o in wrong)


def test_a_distractor_from_another_fact_says_what_it_really_answers():
    facts = sample_facts()
    q = build(by_id(facts)["svc-api-calls"], "single", facts, random.Random(3))
    for i, option in enumerate(q.options):
        if i in q.correct:
            continue
        owner = next((f for f in facts if f.answer == option), None)
        if owner:
            assert owner.en in q.why[i]


def test_numbers_get_plausible_wrong_values_of_the_same_unit_and_never_an_equivalent():
    facts = [make_fact("retention", {"value": 60, "unit": "seconds"}, family="lonely",
                       confusers=[{"value": 1, "unit": "minutes"}])]   # a confuser that is secretly right
    for seed in range(30):
        q = build(facts[0], "single", facts, random.Random(seed))
        assert q is not None and len(q.options) == 4
        keys = [meaning_key(o) for o in q.options]
        assert keys.count(meaning_key("60 seconds")) == 1
        assert all(k[1] == "time" for k in keys)


def test_a_stem_that_contains_the_answer_is_rejected():
    facts = sample_facts()
    leaky = make_fact("leaky", "AWS Config", en="AWS Config records configuration changes: which service is it?")
    pool = facts + [leaky]
    for qtype in ("single", "cloze"):
        assert build(leaky, qtype, pool, random.Random(0)) is None
    assert gives_away("the state INSUFFICIENT_DATA는", "INSUFFICIENT_DATA")
    assert not gives_away("look up the metric", "OK")
    assert gives_away("data points every 60 seconds", {"value": 60, "unit": "seconds"})
    assert not gives_away("data points every 600 seconds", {"value": 60, "unit": "seconds"})


def test_a_false_proposal_is_a_documented_confuser_never_a_borrowed_answer():
    """Replaces "false statements swap in a same-family wrong answer": a borrowed answer or an
    invented number tempts nobody. True/false now judges a colleague's answer in the fact's own
    situation; a wrong one is one of the fact's confusers, explained by the content's reason.
    A fact whose prompt sets no situation makes no true/false question."""
    from dataclasses import replace

    facts = sample_facts()
    bare = by_id(facts)["svc-config"]
    assert build(bare, "true_false", facts, random.Random(0)) is None
    fact = replace(bare, prompt={"ko": "감사팀이 지난달 보안 그룹의 설정이 어떻게 바뀌었는지 보려고 합니다. 어떤 서비스를 써야 합니까?",
                                 "en": "Auditors want to see how a security group was configured last month. "
                                       "Which service should they use?"},
                   means={"ko": "리소스 구성을 시간에 따라 기록하는 서비스", "en": "the service that records resource configuration over time"},
                   confusers=("AWS CloudTrail",),
                   confuser_why=({"ko": "CloudTrail은 API 호출을 기록한다.", "en": "CloudTrail records API calls."},))
    pool = [fact, *facts[1:]]
    seen_false = 0
    for seed in range(30):
        q = build(fact, "true_false", pool, random.Random(seed))
        assert q.stem.startswith("Auditors want") and q.stem.endswith("Is the colleague right?")
        if q.correct == (1,):
            seen_false += 1
            assert "AWS CloudTrail" in q.stem and "CloudTrail records API calls." in q.why[0]
        else:
            assert "AWS Config" in q.stem
    assert 0 < seen_false < 30


def test_multi_asks_for_every_member_among_five_or_six_options():
    facts = sample_facts()
    q = build(by_id(facts)["alarm-states"], "multi", facts, random.Random(2))
    assert q.choose == 3 and len(q.correct) == 3 and len(q.options) == 6 and "Choose three" in q.stem
    right = list(q.correct)
    assert grade(q, right)
    assert not grade(q, right[:2])                       # all or nothing
    wrong = next(i for i in range(6) if i not in right)
    assert not grade(q, right[:2] + [wrong])


def test_matching_from_a_mapping_and_from_a_family():
    facts = sample_facts()
    q = build(by_id(facts)["status-checks"], "matching", facts, random.Random(4))
    assert len(q.items) == len(q.options) == 3
    answer = [j for _, j in sorted(q.correct)]
    assert grade(q, answer) and not grade(q, answer[::-1] if answer[::-1] != answer else answer[1:])
    mapping = by_id(facts)["status-checks"].answer
    assert all(q.options[j] == mapping[q.items[i]] for i, j in q.correct)

    fq = build(by_id(facts)["svc-config"], "matching", facts, random.Random(4))
    assert fq is not None and "svc-config" in fq.fact_ids and len(fq.fact_ids) >= 3
    prompts = {f.en: f for f in facts}
    assert all(meaning_key(fq.options[j]) == meaning_key(prompts[fq.items[i]].answer) for i, j in fq.correct)


def test_korean_questions_use_the_korean_prompt():
    facts = sample_facts()
    q = build(by_id(facts)["svc-api-calls"], "single", facts, random.Random(0), lang="ko")
    assert q.stem == "계정의 API 호출을 기록하는 서비스는?"


# --- a whole quiz ---

def test_same_seed_same_questions_in_the_same_order():
    facts = sample_facts()
    a = quiz.generate(facts, 12, random.Random(7), "en")
    b = quiz.generate(facts, 12, random.Random(7), "en")
    c = quiz.generate(facts, 12, random.Random(8), "en")
    assert [to_json(q) for q in a] == [to_json(q) for q in b]
    assert [to_json(q) for q in a] != [to_json(q) for q in c]
    assert len({q.id for q in a}) == len(a) == 12


def test_types_filter_and_unknown_type():
    facts = sample_facts()
    qs = quiz.generate(facts, 5, random.Random(1), "en", types=["cloze"])
    assert qs and all(q.type == "cloze" for q in qs)
    with pytest.raises(ValueError):
        quiz.generate(facts, 5, random.Random(1), "en", types=["essay"])


def test_heavier_facts_come_up_more_often():
    facts = sample_facts()
    heavy = "svc-config"
    first_light = first_heavy = 0
    for seed in range(200):
        first = quiz.generate(facts, 1, random.Random(seed), "en", weights={heavy: 8.0})[0]
        first_heavy += first.fact_ids[0] == heavy          # the fact the question is about
        first_light += first.fact_ids[0] == "svc-events"
    assert first_heavy > 3 * max(first_light, 1)


def test_every_sample_fact_yields_a_question():
    facts = sample_facts()
    for fact in facts:
        assert any(build(fact, t, facts, random.Random(s)) for t in types_for(fact) for s in range(5)), fact.id


def test_every_fact_of_the_real_catalogue_yields_at_least_one_question():
    """Acceptance 2."""
    from studycli.content import load_catalogue

    facts = load_catalogue().facts
    if not facts:
        pytest.skip("no content yet")
    by_family = quiz.families(facts)
    barren = [f.id for f in facts
              if not any(build(f, t, facts, random.Random(s), by_family=by_family)
                         for t in types_for(f) for s in range(3))]
    assert barren == []


# --- grading edge cases ---

def test_grading_refuses_malformed_answers():
    facts = sample_facts()
    q = build(by_id(facts)["svc-config"], "single", facts, random.Random(0))
    assert not grade(q, None) and not grade(q, "A") and not grade(q, [q.correct[0], q.correct[0]])
    assert grade(q, q.correct[0]) and grade(q, list(q.correct))


# --- the wrong-answer notebook ---

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def past(fid, ok, at):
    return PastAnswer(fact_ids=(fid,), correct=ok, answered_at=at)


def test_notebook_needs_two_right_answers_on_different_days():
    history = [past("a", False, T0), past("a", True, T0 + timedelta(hours=1)), past("a", True, T0 + timedelta(hours=2))]
    assert [e.fact_id for e in mistakes_notebook(history, UTC)] == ["a"]
    history.append(past("a", True, T0 + timedelta(days=1)))
    assert mistakes_notebook(history, UTC) == []


def test_a_new_miss_resets_the_streak_and_right_first_never_enters():
    history = [past("a", False, T0), past("a", True, T0 + timedelta(days=1)),
               past("a", False, T0 + timedelta(days=2)), past("a", True, T0 + timedelta(days=3)),
               past("b", True, T0)]
    entries = mistakes_notebook(history, UTC)
    assert [e.fact_id for e in entries] == ["a"] and entries[0].wrong_count == 2
    assert len(entries[0].right_days_since) == 1


def test_notebook_days_are_the_learners_calendar_days():
    seoul = timezone(timedelta(hours=9))
    # 14:00 and 16:00 UTC are different days in Seoul (23:00 and 01:00).
    history = [past("a", False, T0), past("a", True, T0.replace(hour=14)), past("a", True, T0.replace(hour=16))]
    assert mistakes_notebook(history, seoul) == []
    assert len(mistakes_notebook(history, UTC)) == 1
