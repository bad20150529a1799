"""Issue 16: how a terminal prompt decides (studycli.ui_keys) and the true/false words, without
a terminal: Enter with the pointer, "choose N" refusing another count, typed letters, command
words and 참/거짓/t/f/o/x; wrapped options keep every character."""

from __future__ import annotations

import json

from test_quiz_cli import studycli

from studycli import ui_keys
from studycli.ui import true_false_aliases

WORDS = {"count": "choose {count} (marked {marked})", "refuse": "no", "empty": "type"}


def state(options=("a", "b", "c", "d"), choose=1, **kw):
    return ui_keys._State(ui_keys.Prompt(label="Answer", options=options, choose=choose, words=WORDS, **kw))


def test_enter_takes_the_option_under_the_pointer():
    s = state()
    s.pointer = 2
    assert ui_keys._decide(s) == [2]


def test_choose_n_refuses_another_count_and_says_so():
    s = state(choose=2)
    s.marked = {1}
    assert ui_keys._decide(s) is None and s.message == "choose 2 (marked 1)"
    s.marked = {1, 3}
    assert ui_keys._decide(s) == [1, 3]


def test_typed_text_is_a_command_an_alias_or_parsed():
    s = state(extra_keys={"f": "flag"}, aliases={"참": 0}, parse=lambda raw: [1] if raw == "B" else None)
    s.typed = "f"
    assert ui_keys._decide(s) == "f"
    s.typed = "ㄹ"                       # the same key on a Korean keyboard layout
    assert ui_keys._decide(s) == "f"
    s.typed = "참"
    assert ui_keys._decide(s) == [0]
    s.typed = "B"
    assert ui_keys._decide(s) == [1]
    s.typed = "Z"
    assert ui_keys._decide(s) is None and s.message == "no" and s.typed == ""


def test_a_typed_answer_must_not_be_empty_unless_allowed():
    s = state(options=(), parse=lambda raw: raw)
    assert ui_keys._decide(s) is None and s.message == "type"
    s = state(options=(), parse=lambda raw: raw, allow_empty=True)
    assert ui_keys._decide(s) == ""


def test_wrapping_korean_keeps_every_character_within_the_width():
    text = "한 SysOps 관리자가 에이전트를 설치하지 않은 EC2 인스턴스에서 할당된 컴퓨팅 유닛의 80% 이상이 " + "가" * 30
    lines = ui_keys.wrap(text, 20)
    assert all(ui_keys.cells(line) <= 20 for line in lines)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")


def test_true_false_words_name_the_two_options():
    assert true_false_aliases(["참", "거짓"])["o"] == 0 and true_false_aliases(["참", "거짓"])["x"] == 1
    assert true_false_aliases(["True", "False"])["t"] == 0 and true_false_aliases(["True", "False"])["거짓"] == 1
    # A proposal to judge ("Is the colleague right?") is answered yes or no: 예/아니요, y/n, o/x.
    assert true_false_aliases(["Yes", "No"])["y"] == 0 and true_false_aliases(["예", "아니요"])["x"] == 1
    assert true_false_aliases(["Yes", "Maybe"]) == {}


def test_a_piped_true_false_answer_may_be_참_or_x(tmp_path):
    args = ("quiz", "--count", "2", "--seed", "7", "--type", "true_false", "--lang", "ko")
    qs = json.loads(studycli(tmp_path, *args, "--json").stdout)
    typed = ["참" if q["correct"] == [0] else "x" for q in qs]
    run = studycli(tmp_path, *args, stdin="\n".join(typed) + "\n")
    assert run.returncode == 0, run.stderr
    assert "점수: 2/2 (100%)" in run.stdout


def test_a_key_typed_before_the_prompt_reads_is_not_thrown_away(monkeypatch):
    """A learner who presses 3 while the card is still being drawn rates it 3: the single-key read
    keeps what was typed ahead (it once switched the terminal with TCSAFLUSH, which discards it)."""
    import os
    import pty
    import sys
    import threading

    master, slave = pty.openpty()
    try:
        monkeypatch.setattr(sys, "stdin", os.fdopen(slave, "rb", buffering=0, closefd=False))
        os.write(master, b"3")                                   # typed ahead
        later = threading.Timer(1.0, lambda: os.write(master, b"4"))
        later.start()
        try:
            assert ui_keys.read_key(["3", "4"]) == "3"
        finally:
            later.join()
    finally:
        os.close(master)
        os.close(slave)
