"""Issue 22: one Korean word per AWS concept. `content check` flags a variant the glossary says
to avoid, with file:line and the word to write instead; the shipped content has none."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import FIXTURES, run_cli

from studycli.content import glossary_problems
from studycli.glossary import load_glossary

REPO = Path(__file__).resolve().parents[1]


def test_the_shipped_content_uses_the_glossary_words_everywhere():
    assert glossary_problems(REPO / "content") == []


def test_the_glossary_settles_the_terms_the_issue_names():
    terms = {t.ko: t for t in load_glossary(REPO / "content").terms}
    for word in ("지표 필터", "추적", "SNS 주제", "API 대상", "보존 기간", "쿼리", "데이터 포인트", "평가 기간", "평가 범위"):
        assert word in terms, word
    assert "트레일" in terms["추적"].avoid and "메트릭" in terms["지표"].avoid


def test_content_check_flags_a_variant_in_a_pack(tmp_path):
    pack = tmp_path / "pack"
    pack.mkdir()
    text = (FIXTURES / "good" / "alarms.yaml").read_text("utf-8")
    text = text.replace("새 경보는 데이터가 쌓이기 전까지", "새 알람은 메트릭 데이터가 쌓이기 전까지", 1)
    (pack / "alarms.yaml").write_text(text, "utf-8")
    run = run_cli("content", "check", str(pack))
    assert run.returncode == 1
    flagged = [line for line in run.stdout.splitlines() if "glossary" in line]
    assert any(f"{pack / 'alarms.yaml'}:" in line and "'메트릭'" in line and "'지표'" in line for line in flagged), run.stdout
    assert any("'알람'" in line and "'경보'" in line for line in flagged), run.stdout


def test_typed_answer_spellings_and_quotes_of_the_notes_are_not_flagged(tmp_path):
    pack = tmp_path / "pack"
    shutil.copytree(FIXTURES / "good", pack)
    text = (pack / "alarms.yaml").read_text("utf-8").replace("notes_said: 3센트", "notes_said: 메트릭 3센트", 1)
    (pack / "alarms.yaml").write_text(text, "utf-8")
    assert glossary_problems(pack) == []
