"""Issue 13, languages as data, for the study side: review, stats, config, content and export.

The tool's words come from the catalogues (Korean rating labels and interval units in a
Korean session, no English UI words), and content text is a mapping keyed by language
code, so a third language is a catalogue plus its code in `i18n.CATALOGUES`.
"""

from __future__ import annotations

import json
import string
import subprocess
import sys
import textwrap
from datetime import timedelta

import pytest
from conftest import REPO, run_cli

from studycli import i18n
from studycli.models import Erratum
from studycli.study import home, scheduling

NOW = "2026-03-01T10:00:00+00:00"
PACK = """\
topic: zz-lang/basics
title: {ko: 언어 테스트, en: Language test}
facts:
  - id: zz-lang-states
    family: zz-state-set
    ko: 경보 상태 세 가지
    en: The three alarm states
    answer: [OK, ALARM, INSUFFICIENT_DATA]
    explain:
      ko: 새 경보는 데이터가 모일 때까지 기다린다.
      en: A new alarm waits for enough data.
    source: {lines: [92, 93, 94, 95]}
"""
# English words of the tool's own that must not appear on a Korean screen of these commands.
ENGLISH_UI_WORDS = ("Again", "Hard", "Good", "Easy", "Reviewed", "Summary", "Next card", "show answer", "undo",
                    "quit", "Cards:", "Due today", "Next 7 days", "retention", "streak", "[default]", "(none)",
                    "learning", "relearning", "new ")


@pytest.fixture
def pack(tmp_path):
    directory = tmp_path / "pack"
    directory.mkdir()
    (directory / "zz.yaml").write_text(PACK, encoding="utf-8")
    return directory


def korean(*args: str, stdin: str | None = None):
    return run_cli(*args, stdin=stdin, env={"STUDYCLI_LANG": "ko", "STUDYCLI_NOW": NOW, "STUDYCLI_FUZZ": "0"})


def test_a_korean_review_rates_with_korean_labels_and_units(pack):
    result = korean("review", "--content", str(pack), "--topic", "zz-lang", "--limit", "1", stdin="\nx\n3\n")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "1 다시 (1분)   2 어려움 (6분)   3 알맞음 (10분)   4 쉬움 (" in out
    assert "1(다시), 2(어려움), 3(알맞음), 4(쉬움), u, q 중 하나를 입력하세요." in out
    assert "복습 1장 · 다시 0장 (0%)" in out and "다음 복습: 10분 후 (" in out
    assert [w for w in ENGLISH_UI_WORDS if w in out] == []


def test_korean_stats_and_config_say_it_in_korean(pack):
    korean("review", "--content", str(pack), "--topic", "zz-lang", "--limit", "1", stdin="\n3\n")
    stats = korean("stats", "--content", str(pack))
    assert stats.returncode == 0, stats.stderr
    assert "카드: 새 카드 " in stats.stdout and "학습 중 1장" in stats.stdout and "오늘 복습: 1장" in stats.stdout
    text_lines = stats.stdout.split("\n\n")[0]  # the charts' own titles belong to the UI module
    assert [w for w in ENGLISH_UI_WORDS if w in text_lines] == []
    listed = korean("config", "list")
    assert "new_per_day = 20 [기본값]" in listed.stdout and "exam_date = (없음) [기본값]" in listed.stdout
    bad = korean("config", "set", "new_per_day", "ten")
    assert bad.returncode == 1 and bad.stderr == "Error: new_per_day: 0부터 9999까지의 정수여야 합니다: 'ten'\n"


def test_both_languages_render_each_part_once_per_language(pack):
    result = run_cli("stats", "--content", str(pack), env={"STUDYCLI_LANG": "both", "STUDYCLI_NOW": NOW})
    first = result.stdout.splitlines()[0]
    assert first.startswith("카드: 새 카드 ") and " / Cards: new " in first
    assert first.count("Cards:") == 1 and first.count("카드:") == 1


def test_interval_parts_give_the_unit_the_catalogue_words():
    cases = {timedelta(seconds=20): ("1", "minutes"), timedelta(minutes=10): ("10", "minutes"),
             timedelta(hours=3): ("3", "hours"), timedelta(days=4): ("4", "days"),
             timedelta(days=75): ("2.5", "months"), timedelta(days=438): ("1.2", "years")}
    for interval, parts in cases.items():
        assert scheduling.interval_parts(interval) == parts
        amount, unit = parts
        assert i18n.msg(f"review.interval.{unit}", "ko", n=amount).startswith(amount)
    assert [i18n.msg(f"review.interval.{u}", "ko", n=2) for u in scheduling.INTERVAL_UNITS] == \
        ["2분", "2시간", "2일", "2개월", "2년"]


def test_no_message_uses_a_placeholder_msg_itself_takes():
    """`msg(key, lang, **params)`: a placeholder called `key` or `lang` could never be filled."""
    for code in i18n.CATALOGUES:
        clashing = [k for k, text in i18n.catalogue(code).items()
                    if {n for _, n, _, _ in string.Formatter().parse(text) if n} & {"key", "lang"}]
        assert clashing == [], code


def test_home_suggestions_are_messages_shown_in_every_language():
    [first, *_] = home.suggestions(due=5, new_left=0, weakest=[], days_to_exam=None, last_exam_score=None,
                                   answered_any=True)
    assert first.message == i18n.Msg("home.review_due", {"count": 5})
    assert first.text == {"ko": "복습할 카드 5장 복습하기", "en": "Review the 5 cards due"}


def test_an_erratum_keeps_its_content_file_form():
    raw = {"notes_said": "3센트", "correct": "0.3센트", "correct_en": "0.3 cents", "reference": "AWS Config pricing"}
    erratum = Erratum.from_json(raw)
    assert erratum.corrections == {"ko": "0.3센트", "en": "0.3 cents"}
    assert erratum.to_json() == raw and erratum.correct == "0.3센트" and erratum.correct_en == "0.3 cents"
    assert erratum.correction("en") == "0.3 cents" and erratum.correction("both") == "0.3센트 / 0.3 cents"
    only_notes = Erratum.from_json({k: v for k, v in raw.items() if k != "correct_en"})
    assert only_notes.correction("en") == "0.3센트" and only_notes.correct_en is None


def test_facts_json_keeps_one_key_per_language_in_the_old_order(pack):
    [fact] = json.loads(run_cli("facts", "--json", "--topic", "zz-lang", "--content", str(pack)).stdout)
    assert list(fact)[:6] == ["id", "topic", "family", "ko", "en", "answer"]
    assert fact["explain"] == {"ko": "새 경보는 데이터가 모일 때까지 기다린다.", "en": "A new alarm waits for enough data."}


# A third language: its catalogue (here a stand-in copy of the English one) and its code in
# CATALOGUES. Run in a fresh interpreter, as a changed CATALOGUES would be at start-up.
THIRD_LANGUAGE = """
import json, sys
from pathlib import Path
from studycli import i18n
i18n.CATALOGUES = ("ko", "en", "ja")
i18n.LANGUAGES = (*i18n.CATALOGUES, "both")
i18n._catalogues["ja"] = {k: "[ja] " + v for k, v in i18n.catalogue("en").items()}
from studycli.content import load_topics
from studycli.errors import ContentError
from studycli.study.cards import derive_cards
from studycli.study.export import CSV_COLUMNS, csv_rows
pack = Path(sys.argv[1])
try:
    load_topics([pack / "without"], 0)
except ContentError as err:
    missing = err.problems
[topic] = load_topics([pack / "with"], 0)
[fact] = topic.facts
cards = derive_cards([fact])
i18n.set_language("ja")
print(json.dumps({
    "missing": missing, "title": topic.title, "text": fact.text("ja"), "explain": fact.explanation("ja"),
    "json_keys": list(fact.to_json()), "fronts": sorted(c.front["ja"] for c in cards),
    "columns": CSV_COLUMNS, "row": csv_rows(cards, {fact.id: fact})[1],
    "word": i18n.msg("review.rating.again"),
}, ensure_ascii=False))
"""
JA_FACT = """\
topic: zz-ja
title: {ko: 일본어, en: Japanese, ja: 日本語}
facts:
  - id: zz-ja-limit
    family: zz-limit
    ko: 리전당 경보 수 한도
    en: Alarms per Region
    ja: リージョンあたりのアラーム数の上限
    answer: {value: 10000, unit: alarms}
    explain: {ko: 리전당 10000개, en: Up to 10000 per Region., ja: リージョンあたり 10000 個まで。}
    source: {lines: [1]}
"""


def test_a_third_language_is_a_catalogue_and_one_code(tmp_path):
    (tmp_path / "with").mkdir()
    (tmp_path / "with" / "ja.yaml").write_text(JA_FACT, encoding="utf-8")
    (tmp_path / "without").mkdir()
    (tmp_path / "without" / "ko_en.yaml").write_text(PACK, encoding="utf-8")
    done = subprocess.run([sys.executable, "-c", textwrap.dedent(THIRD_LANGUAGE), str(tmp_path)], cwd=REPO,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout)
    # a file written for ko and en only is refused, naming each text that lacks the new language
    assert [p.split(":", 1)[1] for p in seen["missing"]] == ["2: title: missing 'ja'", "4: ja: missing",
                                                           "9: explain: missing 'ja'"]
    assert seen["title"]["ja"] == "日本語"
    assert seen["text"] == "リージョンあたりのアラーム数の上限" and seen["explain"] == "リージョンあたり 10000 個まで。"
    assert seen["json_keys"][3:6] == ["ko", "en", "ja"]
    assert "リージョンあたり ____ 個まで。" in seen["fronts"]   # the cloze card, from the Japanese explanation
    assert seen["columns"][4:7] == ["front_ko", "front_en", "front_ja"]
    assert len(seen["row"]) == len(seen["columns"])
    assert seen["word"] == "[ja] Again"
