"""Korean all the way (issue 22): answers, options, units and the tool's own words in Korean.

Acceptance 1: a Korean quiz over many seeds offers no option with English common words,
only names the glossary keeps in English. Acceptance 3: every fact prompt in Korean is a
question, and no particle follows a space after code or a name (nor takes the wrong form
for how the name is read). Acceptance 4: the review screen, the scenario screens and units
print no English word in Korean mode outside the kept names (and, on a scenario screen,
the scenario's own data: its queries, events and resource names).
"""

from __future__ import annotations

import random
import re
from functools import lru_cache
from pathlib import Path

import pytest
import yaml
from conftest import REPO, run_cli

from studycli.glossary import english_words, korean_texts, load_glossary
from studycli.i18n import catalogue, msg
from studycli.josa import PAIRS, choices
from studycli.models import format_number
from studycli.study.questions import generator

CONTENT = REPO / "content"


@lru_cache(maxsize=1)
def keep() -> tuple[str, ...]:
    return load_glossary(CONTENT).keep


@lru_cache(maxsize=1)
def facts():
    from studycli.content import load_catalogue

    return tuple(load_catalogue().facts)


# --- acceptance 1: options ------------------------------------------------------------------

def test_a_korean_quiz_offers_no_option_in_english_words():
    checked = 0
    for seed in range(40):
        for q in generator.generate(facts(), 30, random.Random(seed), "ko"):
            for text in (*q.options, *q.items, *(q.correct if q.type == "cloze" else ())[:1]):
                assert english_words(text, keep()) == [], (q.id, text)
                checked += 1
    assert checked > 3000


def test_every_answer_and_wrong_answer_has_a_korean_form_unless_it_is_a_kept_name_or_code():
    """The content side of acceptance 1: what any quiz could offer, not only what 40 seeds did."""
    for fact in facts():
        for value in (fact.answer, *fact.confusers, *fact.also_true):
            shown = fact.show(value, "ko")
            assert english_words(shown, keep()) == [], (fact.id, shown)


def test_the_check_catches_english_words_and_spares_names_and_code():
    assert english_words("until you reset it manually", keep()) == ["until", "you", "reset", "it", "manually"]
    assert english_words("7 days", keep()) == ["days"]
    assert english_words("관리 이벤트 (management events)", keep()) == ["management", "events"]
    for fine in ("Amazon Data Firehose", "AWS Lambda 함수", "INSUFFICIENT_DATA", "PutMetricData", "aws.signin",
                 "--state-value", "Contributor Insights", "EC2 Instance State-change Notification", "5분"):
        assert english_words(fine, keep()) == [], fine


# --- acceptance 3: prompts and particles ----------------------------------------------------

def test_every_korean_fact_prompt_is_a_question():
    asks = re.compile(r"(니까(\([^()]*\))?\?|십시오\.)$")   # 무엇입니까? / …정의합니까(…)? / 고르십시오.
    bad = [f.id for f in facts() if not asks.search(f.ko.strip())]
    assert bad == []


PARTICLE_FORMS = sorted({form for pair in PAIRS for form in pair}, key=len, reverse=True)
SPACED = re.compile(r"(?<=[A-Za-z0-9)\]'\"`*%])\s+(은|는|이|가|을|를|와|과|으로|로|의|에|에서|도|만|처럼|이다)(?=[\s.,?!)]|$)")
AFTER_CODE = re.compile(r"(?<=[A-Za-z0-9)\]'\"`*%])(" + "|".join(f for f in PARTICLE_FORMS if len(f) <= 2) + r")(?=[\s.,?!)]|$)")


def korean_content_texts():
    from studycli.yamlsrc import load_file

    for path in sorted(CONTENT.rglob("*.yaml")):
        if path.parent.name == "glossary":
            continue
        for line, field, text in korean_texts(load_file(path)):
            yield f"{path.relative_to(CONTENT)}:{line} {field}", text


def test_no_particle_follows_a_space_after_code_or_a_name():
    bad = [(where, text[max(0, m.start() - 20):m.end() + 5]) for where, text in korean_content_texts()
           for m in SPACED.finditer(text)]
    assert bad == []


def test_a_particle_after_code_or_a_name_takes_the_form_its_reading_needs():
    """ALARM으로 (알람), OK로 (오케이), S3는 (에스쓰리), 30은 (삼십): the form matches how the word is read."""
    bad = []
    for where, text in korean_content_texts():
        for m in AFTER_CODE.finditer(text):
            if m.group(1) in ("이", "이다", "이며", "이고", "이지", "이든", "이나", "이라", "이란", "아", "야"):
                continue          # a copula or an ambiguous syllable, not a particle choice
            if m.group(1) not in choices(text[:m.start(1)], m.group(1)):
                bad.append((where, text[max(0, m.start() - 25):m.end() + 3]))
    assert bad == []


def test_the_korean_catalogue_writes_no_particle_after_a_bare_placeholder():
    """A placeholder's value is only known when the message is rendered, so its particle is a slot
    (`{state:로}`) that the value chooses; no message writes 은(는) or a fixed particle after one."""
    slot = re.compile(r"\{[a-z_]+\}(은|는|이|가|을|를|와|과|으로|로)(?![가-힣])")
    texts = catalogue("ko")
    assert [k for k, v in texts.items() if slot.search(v)] == []
    assert [k for k, v in texts.items() if re.search(r"[가-힣]\([가-힣]\)", v)] == []


# --- acceptance 4: the tool's own words on the review, scenario and unit screens -------------

SCREEN_AREAS = ("review.", "scenario.", "sim.", "unit.", "quiz.", "exam.", "mistakes.", "cards.", "stats.")


def test_the_tools_own_korean_words_on_these_screens_are_korean():
    """Every Korean message these screens print, placeholders aside, has no English word outside
    the kept names (keys such as Enter and q, options such as --json, and code are fine)."""
    bad = {}
    for key, text in catalogue("ko").items():
        if key.startswith(SCREEN_AREAS):
            words = english_words(re.sub(r"\{[^{}]*\}", " ", text), keep())
            if words:
                bad[key] = words
    assert bad == {}


def test_units_read_in_korean():
    assert format_number({"value": 5, "unit": "minutes"}, "ko") == "5분"
    assert format_number({"value": 1, "unit": "minutes"}, "en") == "1 minute"
    assert format_number({"value": 14, "unit": "days"}, "ko") == "14일"
    assert format_number({"value": 10000, "unit": "alarms"}, "ko") == "경보 10,000개"
    assert format_number({"value": 5, "unit": "events per second"}, "ko") == "초당 이벤트 5건"
    units = {unit for f in facts() for v in (f.answer, *f.confusers) if isinstance(v, dict) and set(v) == {"value", "unit"}
             for unit in [v["unit"]]}
    for unit in units:
        shown = format_number({"value": 3, "unit": unit}, "ko")
        assert english_words(shown, keep()) == [], (unit, shown)
    assert msg("quiz.cloze.stem_unit", "ko", prompt="며칠입니까?", unit="일").endswith("(답을 일 단위로 입력하십시오.)")


PACK = """\
topic: zz-ko/review
title: {ko: 한국어 복습, en: Korean review}
facts:
  - id: zz-ko-default-period
    family: duration
    ko: 표준 해상도 지표의 기본 기간은 몇 초입니까?
    en: What is the default period of a standard-resolution metric, in seconds?
    means: {ko: 표준 해상도 지표의 기본 기간, en: the default period of a standard-resolution metric}
    answer: {value: 60, unit: seconds}
    explain: {ko: 표준 해상도 지표는 60초 단위로 집계된다., en: Standard resolution aggregates per 60 seconds.}
    source: {lines: [3]}
  - id: zz-ko-metric-alarm
    family: feature
    ko: 지표 하나를 감시하는 CloudWatch 경보는 어떤 종류입니까?
    en: Which kind of CloudWatch alarm watches one metric?
    means: {ko: 지표 하나를 감시하는 경보의 종류, en: the kind of alarm that watches one metric}
    answer: {en: Metric alarm, ko: 지표 경보}
    explain: {ko: 지표 경보는 지표 하나를 임계값과 비교한다., en: A metric alarm compares one metric with a threshold.}
    source: {lines: [4]}
"""


def test_the_korean_review_screen_prints_no_english_word(tmp_path):
    """A Korean review of a Korean pack: prompts, answers (60초, 지표 경보), buttons and intervals."""
    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "review.yaml").write_text(PACK, encoding="utf-8")
    env = {"STUDYCLI_NOW": "2027-03-01T09:00:00+00:00", "STUDYCLI_FUZZ": "0", "COLUMNS": "300"}
    assert run_cli("config", "set", "content_dirs", str(pack), env=env).returncode == 0
    result = run_cli("--lang", "ko", "review", "--topic", "zz-ko", stdin="\n3\n\n1\n\n3\nq\n", env=env)
    assert result.returncode == 0, result.stderr
    screen = result.stdout
    assert "60초" in screen and "지표 경보" in screen and "다시" in screen and "알맞음" in screen
    assert [w for line in screen.splitlines() for w in english_words(line, keep())] == []


def scenario_data_words(path: Path) -> set[str]:
    """Latin words of a scenario's own data (queries, events, names, options), not of its prose."""
    found: set[str] = set()

    def walk(node, key=""):
        if key in ("ko", "en", "title", "story", "ask", "why"):
            return
        if isinstance(node, dict):
            for k, v in node.items():
                found.update(re.findall(r"[A-Za-z][A-Za-z0-9]*", str(k)))   # field names (priority, status)
                walk(v, str(k))
        elif isinstance(node, list):
            for v in node:
                walk(v, key)
        elif isinstance(node, str):
            found.update(re.findall(r"[A-Za-z][A-Za-z0-9]*", node))

    walk(yaml.safe_load(path.read_text(encoding="utf-8")))
    return found


@pytest.mark.parametrize("path", sorted((CONTENT / "scenarios").glob("*.yaml")), ids=lambda p: p.stem)
def test_a_korean_scenario_screen_prints_no_english_word(path):
    scenario_id = yaml.safe_load(path.read_text(encoding="utf-8"))["id"]
    result = run_cli("--lang", "ko", "scenario", "play", scenario_id, stdin="A\n" * 12,
                     env={"COLUMNS": "400", "STUDYCLI_NOW": "2027-03-01T09:00:00+00:00"})
    assert result.returncode == 0, result.stderr
    allowed = (*keep(), *scenario_data_words(path))
    bad = [(line.strip()[:120], words) for line in result.stdout.splitlines()
           if (words := english_words(line, allowed))]
    assert bad == []
    for english in ("matches", "(none)", "no data", "Again", "Good", "Right", "Wrong"):
        assert english not in result.stdout
