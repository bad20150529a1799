"""Issue 16, acceptance 2: `notes` and `search` in Korean at 80 columns print every word of
their source text: table cells wrap (a word too long for its column folds onto the next
line), and nothing is cut with "…"."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from studycli.content import load_catalogue
from studycli.settings import user_content_dirs

BORDERS = re.compile(r"[│┃┏┓┗┛┡┩┢┪━─┳┻╇╈┼┬┴├┤└┘┌┐═╭╮╰╯]")


def korean(*args: str) -> str:
    env = {**os.environ, "STUDYCLI_LANG": "ko", "NO_COLOR": "1", "COLUMNS": "80"}
    result = subprocess.run([sys.executable, "-m", "studycli", *args, "--lang", "ko"], capture_output=True,
                            text=True, env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    return result.stdout


def column_streams(output: str) -> list[str]:
    """Each table column's text read top to bottom (lines of a cell joined by spaces), and the
    lines outside tables; a word folded over two lines of its cell reads whole once the spaces
    of its column are squeezed out."""
    columns: dict[int, list[str]] = {}
    other: list[str] = []
    for line in output.splitlines():
        if line.startswith(("│", "┃")):
            for i, cell in enumerate(re.split(r"[│┃]", line)[1:-1]):
                columns.setdefault(i, []).append(cell.strip())
        else:
            other.append(BORDERS.sub(" ", line))
    return [" ".join(c) for c in columns.values()] + [" ".join(other)]


def missing_words(texts: list[str], output: str) -> list[str]:
    """Words of `texts` not found on screen (whole, or folded over lines of their cell)."""
    streams = column_streams(output)
    shown = " ".join(" ".join(s.split()) for s in streams)
    squeezed = [s.replace(" ", "") for s in streams]
    lost = []
    for text in texts:
        for word in text.split():
            word = word.rstrip(";,")    # list answers are joined by "; " in text, one per line on screen
            if word not in shown and not any(word in s for s in squeezed):
                lost.append(word)
    return lost


def facts(topic: str | None = None):
    return load_catalogue(user_content_dirs(None)).select(topic)


@pytest.mark.parametrize("topic", ["cloudwatch/alarms", "cloudwatch/logs", "cloudtrail"])
def test_notes_in_korean_at_80_columns_lose_no_word(topic):
    output = korean("notes", topic)
    assert "…" not in output
    selected = facts(topic)
    assert selected
    texts = [f.ko for f in selected] + [f.show(f.answer, "ko") for f in selected]
    assert missing_words(texts, output) == []


@pytest.mark.parametrize("words", [["경보"], ["로그", "그룹"], ["추적"]])
def test_search_in_korean_at_80_columns_loses_no_word(words):
    output = korean("search", *words)
    assert "…" not in output
    from studycli.study.lookup import find_facts

    found = find_facts(facts(), " ".join(words))
    # search shows a page of hits at a time (the next page's command below it): every fact on
    # this page is shown whole
    shown = [f for f in found if re.search(rf"(?<![\w-]){re.escape(f.id)}(?![\w-])", " ".join(column_streams(output)))]
    assert found and shown
    texts = [f.id for f in shown] + [f.ko for f in shown] + [f.show(f.answer, "ko") for f in shown]
    assert missing_words(texts, output) == []


def test_the_check_finds_a_cut_word():
    # the check itself: a table that cut a word with "…" is caught
    assert missing_words(["한 SysOps 관리자가 에이전트를"], "│ 한 SysOps 관리자가 에이전… │") == ["에이전트를"]
