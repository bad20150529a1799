"""Fact questions read like a person wrote them (issue 15, "Fact questions rewritten").

Acceptance 1 runs the checks of `../shared/tools/question_lint.py` in-process over the same
10 seeds × ko, en × 30 questions, on fact questions alone (the generator on the catalogue's
facts). Acceptance 3: the four distractors a review found true are never offered as wrong,
and no borrowed distractor is one its fact lists as also true. The rest pins down what the
rewrite promises: plain statements, a reason of its own for every option, leaks caught by
meaning, a fact once per quiz, "choose all" asked as multiple response, sources cited.
"""

from __future__ import annotations

import collections
import importlib.util
import random
import re
from functools import lru_cache

import pytest
from conftest import SHARED

from studycli.models import Fact
from studycli.study.questions import generator
from studycli.study.questions.answers import leaks, meaning_key
from studycli.study.questions.base import BuildContext
from studycli.study.questions.distractors import distractors, is_right_here

# The checks of question_lint.py, word for word (test_the_checks_are_the_shared_scripts_checks).
PARTICLES = re.compile(r"(은\(는\)|는\(은\)|이\(가\)|가\(이\)|을\(를\)|를\(을\)|와\(과\)|과\(와\)|\(으\)로|\(이\)라|\(이\)다|\(아\)야)")
META = re.compile(r"(the answer to\b|is one of the answers to|다음 질문의 답|답 중 하나)", re.I)
STOCK = re.compile(r"(a common mix-up|자주 헷갈리는 오답|not what this asks for)", re.I)
ASKS = re.compile(r"([?？]|시오|세요|니까|_{2,})")
ENDS_OK = re.compile(r"[.。:：)]\s*$")
LINT_PATH = SHARED / "tools" / "question_lint.py"


@lru_cache(maxsize=1)
def catalogue() -> tuple[Fact, ...]:
    from studycli.content import load_catalogue

    return tuple(load_catalogue().facts)


def by_id() -> dict[str, Fact]:
    return {f.id: f for f in catalogue()}


def quiz(seed: int, lang: str, count: int = 30) -> list[dict]:
    return [generator.to_json(q) for q in generator.generate(catalogue(), count, random.Random(seed), lang)]


def texts(q: dict) -> list[str]:
    return [q["stem"], q["explanation"], *q["options"], *q["why"], *q["items"]]


def lint(seeds: int = 10, count: int = 30) -> dict:
    """question_lint.py's counts over `seeds` fact quizzes per language, made in-process."""
    return count_defects([(lang, quiz(seed, lang, count)) for lang in ("ko", "en") for seed in range(1, seeds + 1)])


def count_defects(quizzes: list[tuple[str, list[dict]]]) -> dict:
    """question_lint.py's loop: each quiz is (language, its questions as `quiz --json` prints them)."""
    c: collections.Counter = collections.Counter()
    why_seen: dict[tuple[str, str], set] = collections.defaultdict(set)
    examples: dict[str, list[str]] = collections.defaultdict(list)
    types: collections.Counter = collections.Counter()
    total = 0

    def flag(kind: str, q: dict, detail: str = "") -> None:
        c[kind] += 1
        examples[kind].append(f"{q['id']}: {detail or q['stem'][:110]}")

    for lang, questions in quizzes:
        seen_facts: set[str] = set()
        seen_stems: set[str] = set()
        for q in questions:
            total += 1
            types[q["type"]] += 1
            if lang == "ko" and any(PARTICLES.search(t) for t in texts(q)):
                flag("template_particles", q)
            if META.search(q["stem"]):
                flag("meta_stems", q)
            stem = q["stem"].strip()
            if q["type"] != "matching" and not ASKS.search(stem) and not ENDS_OK.search(stem):
                flag("fragment_stems", q)
            opts, whys = q["options"], q["why"]
            if opts and q["type"] in ("single", "multi", "matching"):
                if len(whys) < len(opts) or any(not (w or "").strip() for w in whys):
                    flag("missing_whys", q, f"{len(whys)} explanations for {len(opts)} options")
                if any(STOCK.search(w or "") for w in whys):
                    flag("stock_whys", q)
                elif len({w for w in whys if w}) < len([w for w in whys if w]):
                    flag("stock_whys", q, "two options share one explanation")
                for w in whys:
                    if w:
                        why_seen[(lang, w)].add(q["id"])
            facts = set(q["fact_ids"])
            if facts & seen_facts or (q["type"] != "matching" and q["stem"] in seen_stems):
                flag("duplicate_in_quiz", q)
            seen_facts |= facts
            seen_stems.add(q["stem"])
    for (_, w), ids in why_seen.items():
        if len(ids) >= 3:
            flag("stock_whys", {"id": sorted(ids)[0], "stem": ""}, f"same explanation in {len(ids)} questions: {w[:80]}")
    return {"questions": total, **c, "multi_share": types["multi"] / max(total, 1), "examples": dict(examples)}


# --- acceptance 1 ---------------------------------------------------------------------------

def test_the_checks_are_the_shared_scripts_checks():
    """The patterns above are question_lint.py's own, so this test and the script count the same things."""
    if not LINT_PATH.exists():
        pytest.skip("../shared/tools/question_lint.py absent")
    spec = importlib.util.spec_from_file_location("question_lint", LINT_PATH)
    assert spec and spec.loader
    shared = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(shared)
    for name in ("PARTICLES", "META", "STOCK", "ASKS", "ENDS_OK"):
        assert getattr(shared, name).pattern == globals()[name].pattern, name


def test_question_lint_finds_nothing_in_fact_questions():
    """Acceptance 1: 10 seeds × ko, en × 30 questions: no template particle, no question about a
    question, no noun-phrase stem, no stock or shared explanation, none missing, no repeat; at
    least 12% multiple response."""
    result = lint()
    assert result["questions"] == 600
    for kind in ("template_particles", "meta_stems", "fragment_stems", "stock_whys", "missing_whys",
                 "duplicate_in_quiz"):
        assert result.get(kind, 0) == 0, (kind, result["examples"].get(kind, [])[:5])
    assert result["multi_share"] >= 0.12, result["multi_share"]


def test_the_lint_finds_what_it_looks_for():
    """The in-process lint is not blind: each defect the shared script counts is counted here."""
    good = quiz(1, "ko", 3)
    one = next(q for q in good if q["type"] in ("single", "multi"))
    defects = [
        dict(one, id="a", stem="참 또는 거짓? 다음 질문의 답은 'X'이다: 무엇입니까?"),            # meta
        dict(one, id="b", stem="지표 하나를 감시하는 경보의 종류"),                               # fragment
        dict(one, id="c", why=["자주 헷갈리는 오답이다."] * len(one["options"])),                 # stock
        dict(one, id="d", why=[*one["why"][:-1], ""]),                                          # missing
        dict(one, id="e", options=[*one["options"][:-1], "'ALARM'은(는)"]),                        # template
        dict(one, id="f"),                                                                      # repeat
    ]
    result = count_defects([("ko", [one, *defects])])
    for kind in ("meta_stems", "fragment_stems", "stock_whys", "missing_whys", "template_particles",
                 "duplicate_in_quiz"):
        assert result.get(kind, 0) >= 1, kind
    shared = [dict(one, id=f"s{i}", fact_ids=[f"x{i}"], stem=f"{i}?") for i in range(3)]
    assert count_defects([("en", shared)]).get("stock_whys", 0) >= 1   # the same text in 3 questions


# --- acceptance 3: true distractors -----------------------------------------------------------

def offered_as_wrong(fact_id: str, seeds: int = 300) -> set:
    """Meaning keys of every value offered as a wrong answer for a fact, by any type, in any language."""
    facts = catalogue()
    families = generator.families(facts)
    fact = by_id()[fact_id]
    seen = set()
    for seed in range(seeds):
        ctx = BuildContext(families, random.Random(seed), "en", 0)
        seen |= {meaning_key(d.value) for d in distractors(fact, ctx.family(fact), ctx.rng)}
        for qtype in ("single", "multi", "true_false"):
            q = generator.build(fact, qtype, facts, random.Random(seed), "en", by_family=families)
            if q is None or qtype == "true_false" and q.correct == (0,):
                continue
            if qtype == "true_false":
                seen.add(meaning_key(proposed(q.stem)))
            else:
                seen |= {meaning_key(o) for i, o in enumerate(q.options) if i not in q.correct}
    return seen


PROPOSED = re.compile(r"A colleague (?:answers: (.+)\. Is the colleague right\?|names (.+) as one of .+\. Is the colleague right\?)$")


def proposed(stem: str) -> str:
    """The value a true/false question's colleague proposes (English)."""
    m = PROPOSED.search(stem)
    assert m, stem
    return m.group(1) or m.group(2)


@pytest.mark.parametrize("fact_id, true_value", [
    ("trail-delivery-destinations", "the trail's S3 bucket"),      # where a trail delivers its events
    ("trail-insights-destinations", "Amazon S3 bucket"),           # where Insights events go
    ("delivery-firehose-targets", "Amazon Redshift"),              # a destination Firehose loads into
    ("ci-appinsights-resources", "Amazon Route 53"),               # a resource Application Insights monitors
])
def test_a_distractor_the_review_found_true_is_never_offered_as_wrong(fact_id, true_value):
    assert meaning_key(true_value) not in offered_as_wrong(fact_id, seeds=120)


def test_the_log_group_is_wrong_for_insights_events_only_where_the_question_says_there_is_none():
    """The fourth case was fixed in the content: the question now says the trail has no log
    group, so "CloudWatch Logs log group" is wrong; every question offering it says so."""
    facts = catalogue()
    families = generator.families(facts)
    fact = by_id()["trail-insights-destinations"]
    said = {"en": "no CloudWatch Logs log group", "ko": "로그 그룹"}
    offered = 0
    for seed in range(60):
        for lang in ("en", "ko"):
            for qtype in ("single", "multi", "true_false"):
                q = generator.build(fact, qtype, facts, random.Random(seed), lang, by_family=families)
                if q is None:
                    continue
                shown = fact.show("CloudWatch Logs log group", lang)
                if shown in q.stem or any(o == shown for i, o in enumerate(q.options) if i not in q.correct):
                    offered += 1
                    assert said[lang] in q.stem, q.stem
    assert offered


def test_no_borrowed_distractor_is_listed_as_also_true_by_its_fact():
    facts = catalogue()
    families = generator.families(facts)
    checked = 0
    for fact in facts:
        also = {meaning_key(v) for v in fact.also_true}
        for seed in range(8):
            for d in distractors(fact, families.get(fact.family, [fact]), random.Random(seed)):
                checked += 1
                assert meaning_key(d.value) not in also, (fact.id, d.value)
                assert not is_right_here(fact, d.value, d.owner), (fact.id, d.value)
    assert checked > 3000
    assert sum(bool(f.also_true) for f in facts) >= 20   # the content does list answers that are also true


# --- how fact questions read -------------------------------------------------------------------

def questions_of(qtype: str, lang: str, seeds=range(6), count=40):
    for seed in seeds:
        yield from generator.generate(catalogue(), count, random.Random(seed), lang, types=[qtype])


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_true_false_judges_a_proposal_in_the_facts_situation_never_a_bare_statement(lang):
    """Replaces "a plain statement about AWS": a bare statement to judge is trivia (rubric line 7
    at 0). Now the stem keeps the situation the fact's prompt sets, and a colleague's answer is
    judged; a wrong proposal is one of the fact's documented confusers, explained by its reason."""
    from studycli.study.questions.base import situation

    asks = {"en": "Is the colleague right?", "ko": "동료의 답이 맞습니까?"}
    made = wrong = 0
    for q in questions_of("true_false", lang):
        fact = by_id()[q.fact_ids[0]]
        where = situation(fact)
        assert where, fact.id                                   # only facts that set a situation
        assert q.stem.startswith(where[lang][:30]) and q.stem.endswith(asks[lang]), q.stem
        assert not META.search(q.stem) and not PARTICLES.search(q.stem)
        if q.correct == (1,):
            reasons = [fact.reason_against(c)[lang] for c in fact.confusers
                       if fact.reason_against(c) and fact.show(c, lang).lower() in q.stem.lower()]
            assert reasons and any(r in q.why[0] and r in q.why[1] for r in reasons), (q.stem, q.why)
            wrong += 1
        else:
            assert fact.explain[lang] in q.why[0]
        made += 1
    assert made > 100 and wrong > 30, (made, wrong)


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_every_wrong_option_is_explained_by_its_own_reason(lang):
    """A confuser by the content's reason for it; an answer borrowed from another fact by what it
    is (that fact's `means`) and what this question asks for; the key by what the question asks."""
    facts = by_id()
    kinds = collections.Counter()
    for q in [*questions_of("single", lang), *questions_of("multi", lang, seeds=range(30))]:
        fact = facts[q.fact_ids[0]]
        for i, (option, why) in enumerate(zip(q.options, q.why)):
            if i in q.correct:
                assert fact.means[lang][1:] in why
                kinds["key"] += 1
                continue
            confuser = next((c for c in fact.confusers if fact.show(c, lang) == option), None)
            if confuser is not None and fact.reason_against(confuser):
                assert why == fact.reason_against(confuser)[lang]
                kinds["confuser"] += 1
                continue
            owners = [f for f in facts.values() if f.family == fact.family and f.id != fact.id
                      and option in {f.show(v, lang) for v in (f.answer if f.answer_kind == "list" else [f.answer])}]
            assert owners, (q.id, option, why)
            assert any(o.means[lang][1:] in why for o in owners) and fact.means[lang][1:] in why, why
            kinds["borrowed"] += 1
    assert kinds["key"] > 50 and kinds["confuser"] > 100, kinds


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_a_borrowed_answer_is_explained_from_the_fact_it_comes_from(lang):
    """Where a fact's own confusers run out, its family lends answers: each says what it is
    (the lender's `means`) and that this question asks for something else (this fact's)."""
    from dataclasses import replace

    from studycli.study.questions.base import words

    facts = catalogue()
    families = generator.families(facts)
    lent = 0
    for fact in facts:
        bare = replace(fact, confusers=(), confuser_why=())
        for d in distractors(bare, families.get(fact.family, [fact]), random.Random(0)):
            if d.owner is None:
                continue
            note = words(d.note, lang)
            assert d.owner.means[lang] in note and fact.means[lang] in note, note
            assert "(" not in note[:2] and not PARTICLES.search(note)
            lent += 1
    assert lent > 500


def test_an_answer_in_the_stem_is_caught_by_meaning_in_every_language():
    base = by_id()["alarm-metric-alarm"]
    from dataclasses import replace

    leaky_ko = replace(base, prompt={"ko": "지표 경보는 무엇을 감시합니까? 그 경보의 종류는?", "en": base.en})
    leaky_accept = replace(base, prompt={"ko": base.ko, "en": "Which kind of alarm, a metric alarms one, watches one metric?"})
    assert leaks(leaky_ko.ko, leaky_ko) and leaks(leaky_accept.en, leaky_accept)
    assert not leaks(base.ko, base) and not leaks(base.en, base)
    for fact in (leaky_ko, leaky_accept):
        pool = [*catalogue(), fact]
        lang = "ko" if fact is leaky_ko else "en"
        for qtype in ("single", "cloze"):
            assert generator.build(fact, qtype, pool, random.Random(1), lang) is None, qtype
    number = by_id()["metrics-dimension-limit"]
    assert leaks("차원을 30개까지 붙일 수 있는 지표는?", number) and not leaks("차원을 10개 붙인 지표", number)


def test_a_fact_is_asked_once_per_quiz_even_inside_a_matching_set():
    for seed in range(20):
        asked: list[str] = []
        for q in generator.generate(catalogue(), 60, random.Random(seed), "en"):
            asked += q.fact_ids
        assert len(asked) == len(set(asked)), seed


def test_choose_all_facts_are_asked_as_multiple_response():
    list_facts = {f.id for f in catalogue() if f.answer_kind == "list"}
    asked = collections.Counter()
    for seed in range(20):
        for q in generator.generate(catalogue(), 30, random.Random(seed), "en"):
            if q.fact_ids[0] in list_facts:
                asked[q.type] += 1
    assert asked["multi"] >= 0.95 * sum(asked.values()), asked


def test_a_question_cites_its_facts_lines_and_a_supplementary_one_names_its_aws_page():
    facts = by_id()
    seen = collections.Counter()
    for seed in range(10):
        for q in generator.generate(catalogue(), 30, random.Random(seed), "ko"):
            group = [facts[i] for i in q.fact_ids]
            cited = {n for f in group if not f.supplementary for n in f.source_lines}
            assert set(q.source_lines) == cited, q.id
            for f in group:
                if f.supplementary:
                    assert f.reference in q.explanation and "노트에 없는 보충 내용" in q.explanation
                    seen["supplementary"] += 1
    assert seen["supplementary"] > 10


def test_a_question_id_names_the_question_not_its_slot():
    one = generator.generate(catalogue(), 30, random.Random(4), "en")
    assert all(q.id == f"{q.type}-{'+'.join(q.fact_ids)}" for q in one)
    assert len({q.id for q in one}) == len(one)


# --- exam-grade fact questions (rubric review: plausible, explained, exam-like) ------------------

def mixed_fact_questions(seeds=range(1, 9), count=30):
    """Fact questions as `quiz --json` makes them (the mixed quiz's fact stream), both languages."""
    from studycli.study.questions.mix import mix
    from studycli.study.questions.origins import Material

    material = Material(catalogue(), catalogue())
    for lang in ("ko", "en"):
        for seed in seeds:
            for q in mix(material, count, random.Random(seed), lang, only=["fact"]):
                yield lang, q


def test_every_fact_prompt_sets_a_situation_before_it_asks():
    """A bare question ("Which EC2 status check verifies ...?") is trivia (rubric line 7 at 0): every
    prompt opens with a team, a need or a symptom, in English and in Korean."""
    from studycli.study.questions.base import situation

    bare = [f.id for f in catalogue() if not situation(f) or not all(situation(f).values())]
    assert bare == []


def test_no_fact_question_of_a_quiz_is_a_bare_true_false_or_a_bare_typed_answer():
    from studycli.study.questions.base import situation

    kinds: collections.Counter = collections.Counter()
    for lang, q in mixed_fact_questions():
        kinds[q.type] += 1
        if q.type in ("true_false", "cloze", "single", "multi"):
            fact = by_id()[q.fact_ids[0]]
            where = situation(fact)[lang]
            assert where and q.stem.startswith(where), (q.id, q.stem)
    # The exam's shapes lead; true/false is a last resort.
    assert kinds["single"] + kinds["multi"] > 0.75 * sum(kinds.values()), kinds
    assert kinds["true_false"] <= 0.02 * sum(kinds.values()), kinds


def test_the_giveaway_check_catches_names_that_say_their_own_pairing():
    from studycli.study.questions.giveaway import gives_away

    assert gives_away(["the API recorded when a managed policy is attached to an IAM role",
                       "the EC2 API recorded when a subnet is created", "the API that searches Event history"],
                      ["AttachRolePolicy", "CreateSubnet", "LookupEvents"]) == [0, 1, 2]
    assert gives_away(["read management events", "write management events", "read data events"],
                      ["DescribeInstances", "DeleteTable", "GetObject"]) == [0, 1, 2]
    assert gives_away(["partner event bus", "default event bus", "custom event bus"],
                      ["SaaS partner applications", "AWS services in your account", "your own applications"]) == [0]
    # A word every item has ("alarm state") points nowhere; shared with every option, nothing either.
    assert gives_away(["the alarm state entered when the metric breaches", "the alarm state of a new alarm before its first evaluation",
                       "the alarm state while within the threshold"], ["ALARM", "INSUFFICIENT_DATA", "OK"]) == []


def test_matching_never_pairs_items_whose_words_give_them_away():
    """Every matching question the catalogue can make, in both languages: no item shares a telling
    word with its own option, and a family set holds only facts documented as mixed up together."""
    from studycli.study.questions.giveaway import gives_away
    from studycli.study.questions.matching import _mixed_up

    facts = catalogue()
    families = generator.families(facts)
    made = 0
    for fact in facts:
        for lang in ("ko", "en"):
            q = generator.build(fact, "matching", facts, random.Random(0), lang, by_family=families)
            if q is None:
                continue
            made += 1
            options = [q.options[j] for _, j in sorted(q.correct)]
            assert gives_away(q.items, options) == [], (q.id, lang, q.items, options)
            group = [by_id()[i] for i in q.fact_ids]
            if len(group) > 1:
                assert all(any(_mixed_up(a, b) for b in group if b is not a) for a in group), q.id
    assert made > 20


def test_every_option_of_a_fact_question_is_explained_by_a_reason_of_its_own():
    """Rubric line 6: the key says why it is right (the fact's explanation, not just a restatement);
    each wrong option says why that option is wrong (its confuser's reason, or a note naming it)."""
    seen: collections.Counter = collections.Counter()
    for lang, q in mixed_fact_questions():
        if q.type not in ("single", "multi", "true_false"):
            continue
        fact = by_id()[q.fact_ids[0]]
        assert len(q.why) == len(q.options) and len(set(q.why)) == len(q.why), q.id
        for i, (option, why) in enumerate(zip(q.options, q.why)):
            if i in q.correct:
                assert fact.explain[lang] in why or q.type == "true_false", (q.id, why)
                seen["key"] += 1
            elif q.type != "true_false":
                confuser = next((c for c in fact.confusers if fact.show(c, lang) == option), None)
                reason = fact.reason_against(confuser) if confuser is not None else None
                assert (reason and why == reason[lang]) or option.lower() in why.lower(), (q.id, option, why)
                seen["wrong"] += 1
            else:
                seen["tf"] += 1
    assert seen["key"] > 100 and seen["wrong"] > 300, seen


def test_a_false_proposal_always_comes_with_the_confusers_reason_and_the_right_answer():
    from studycli.study.questions.base import words

    made = 0
    for fact in catalogue():
        for seed in range(4):
            q = generator.build(fact, "true_false", (), random.Random(seed), "en", by_family=generator.families(catalogue()))
            if q is None or q.correct != (1,):
                continue
            value = proposed(q.stem)
            confuser = next(c for c in fact.confusers if fact.show(c, "en").lower() == value.lower())
            reason = fact.reason_against(confuser)["en"]
            assert reason in q.why[0] and reason in q.why[1], q.id
            right = words({"en": fact.show(fact.answer, "en")} if fact.answer_kind != "list" else
                          {"en": fact.show(fact.answer[0], "en")}, "en")
            assert right.lower() in q.why[1].lower(), (q.id, q.why[1])
            made += 1
    assert made > 50
