"""What a learner sees, found by using the tool in a real terminal: Ctrl-C ends a quiz, an exam
or a scenario with its summary (nothing lost, no traceback), `config set lang` reaches every
command, wrapped options keep their indent, notes lines read without Markdown escapes."""

from __future__ import annotations

import json
import sqlite3
import sys

import pytest
from test_quiz_cli import env_for, questions, right_answer, studycli

from studycli.scenarios import registry

pexpect = pytest.importorskip("pexpect")


def spawn(home, *args, **extra):
    return pexpect.spawn(sys.executable, ["-m", "studycli", *args], env=env_for(home, TERM="xterm", **extra),
                         encoding="utf-8", timeout=30, dimensions=(50, 120))


def finish(child) -> str:
    child.expect(pexpect.EOF)
    child.close()
    return child.before


# --- Ctrl-C in the middle of a session ---

def test_ctrl_c_in_a_quiz_shows_the_score_so_far_and_keeps_the_answer(tmp_path):
    qs = questions(tmp_path, "--count", "3", "--seed", "4", "--type", "single")
    child = spawn(tmp_path, "quiz", "--count", "3", "--seed", "4", "--type", "single")
    child.expect("Answer")
    child.sendline(right_answer(qs[0]))
    child.expect("Enter: next")            # the verdict stays on screen until Enter (issue 16)
    child.sendline("")
    child.expect(r"\[2/3\]")
    child.expect("Answer")
    child.sendintr()
    child.expect(r"Score: 1/1 \(100%\)")
    child.expect("Answered 1 of 3 questions.")
    child.expect("Stopped. Every answer given so far is saved.")
    rest = finish(child)
    assert "Traceback" not in rest and child.exitstatus == 130   # the README: Ctrl-C exits 130
    db = sqlite3.connect(tmp_path / "studycli.db")
    assert db.execute("SELECT question_id, correct FROM answers").fetchall() == [(qs[0]["id"], 1)]
    assert json.loads(db.execute("SELECT meta FROM sessions").fetchone()[0])["answered"] == 1


def test_ctrl_c_in_an_exam_pauses_it_and_resume_goes_on_with_the_answers_and_the_time(tmp_path):
    """Issue 16: Ctrl-C no longer submits and scores the exam; it is saved, exits 130, and
    `exam --resume` continues with the answers given and the time that was left."""
    args = ("exam", "--count", "3", "--seed", "5", "--minutes", "30")
    qs = json.loads(studycli(tmp_path, *args, "--json").stdout)
    child = spawn(tmp_path, *args)
    child.expect("Answer")
    child.sendline(right_answer(qs[0]))
    child.expect("Question 2/3")
    child.expect("Answer")
    child.sendintr()
    child.expect(r"Exam paused: 1 of 3 answered, (\d+):(\d\d) left\. Go on with: studycli exam --resume")
    left = int(child.match.group(1)) * 60 + int(child.match.group(2))
    rest = finish(child)
    assert "Traceback" not in rest and child.exitstatus == 130
    assert 29 * 60 - 30 < left <= 30 * 60
    db = sqlite3.connect(tmp_path / "studycli.db")
    assert db.execute("SELECT count(*) FROM answers").fetchone() == (1,)
    assert db.execute("SELECT finished_at FROM sessions WHERE kind = 'exam'").fetchone() == (None,)

    child = spawn(tmp_path, "exam", "--resume")
    child.expect(r"Resuming the exam: 1 of 3 answered, (\d+):(\d\d) left\.")
    assert int(child.match.group(1)) * 60 + int(child.match.group(2)) == left
    child.expect("Question 2/3")
    child.expect("Answer")
    child.sendline("s")
    child.expect(r"s again to submit")
    child.sendline("s")
    child.expect(r"Right: \d/3 \(answered 1\)")
    child.expect("Wrong answers")
    child.expect("Enter for the next")
    child.sendintr()                       # Ctrl-C in the walk-through just ends it
    rest = finish(child)
    assert "Traceback" not in rest and child.exitstatus == 0
    assert db.execute("SELECT finished_at IS NOT NULL FROM sessions WHERE kind = 'exam'").fetchone() == (1,)


def test_ctrl_c_in_a_scenario_says_how_many_predictions_were_made_and_saved(tmp_path):
    child = spawn(tmp_path, "scenario", "alarm", "alarm-cpu-spike-2-of-3")
    child.expect("Your prediction")
    child.sendline("A")
    child.expect(r"\[2/4\]")
    child.expect("Your prediction")
    child.sendintr()
    child.expect(r"of 1 predictions right \(1 of 4 made\); they are saved.")
    rest = finish(child)
    assert "Traceback" not in rest and child.exitstatus == 130   # the README: Ctrl-C exits 130
    db = sqlite3.connect(tmp_path / "studycli.db")
    assert db.execute("SELECT count(*) FROM review_log").fetchone() == (1,)


def test_an_interrupt_outside_a_prompt_says_progress_is_kept(monkeypatch, capsys):
    from studycli import cli

    monkeypatch.setattr(cli, "app", lambda standalone_mode: 130)  # what typer returns after Ctrl-C
    with pytest.raises(SystemExit) as exit_info:
        cli.main()
    assert exit_info.value.code == 130
    assert "Interrupted; every answer given so far is saved." in capsys.readouterr().err


# --- the learner's language ---

def test_config_lang_reaches_quiz_exam_and_scenarios_not_only_review(tmp_path):
    no_env_lang = {"STUDYCLI_LANG": ""}
    assert studycli(tmp_path, "config", "set", "lang", "ko", **no_env_lang).returncode == 0
    quiz = studycli(tmp_path, "quiz", "--count", "1", "--seed", "1", stdin="", **no_env_lang)
    assert quiz.returncode == 0 and "퀴즈: 1문제" in quiz.stdout, quiz.stdout
    exam = studycli(tmp_path, "exam", "--count", "1", "--seed", "1", stdin="", **no_env_lang)
    assert "모의고사: 1문제" in exam.stdout, exam.stdout
    scenario = studycli(tmp_path, "scenario", "alarm", "alarm-cpu-spike-2-of-3", stdin="", **no_env_lang)
    assert "예측 >" in scenario.stdout, scenario.stdout
    # --lang still wins over the setting
    english = studycli(tmp_path, "quiz", "--count", "1", "--seed", "1", "--lang", "en", stdin="", **no_env_lang)
    assert "Quiz: 1 question (seed 1)" in english.stdout


def test_review_takes_lang_like_quiz_and_exam(tmp_path):
    run = studycli(tmp_path, "review", "--lang", "ko", "-n", "1", stdin="q\n", STUDYCLI_FUZZ="0")
    assert run.returncode == 0, run.stderr
    assert "답 보기" in run.stdout and "show answer" not in run.stdout


def test_review_front_prompt_offers_undo_once_there_is_a_rating(tmp_path):
    run = studycli(tmp_path, "review", "-n", "2", stdin="\n3\nu\nq\n", STUDYCLI_FUZZ="0")
    assert run.returncode == 0, run.stderr
    prompts = [line for line in run.stdout.splitlines() if "show answer" in line]
    assert "u undo" not in prompts[0] and "u undo" in prompts[1]
    assert "(your Good rating); that card comes back now." in run.stdout


# --- layout and wording ---

def test_wrapped_options_and_notes_lines_hang_under_their_text(capsys):
    from rich.cells import cell_len

    from studycli import ui

    long_ko = "모든 리전에 걸쳐 누적된 이벤트 이력을 하나의 특정한 S3 버킷에 넣고 싶으면, 트레일을 생성해서 " * 3
    ui.item("  노트 170행: ", long_ko)
    lines = capsys.readouterr().out.rstrip("\n").split("\n")
    indent = cell_len("  노트 170행: ")
    assert len(lines) > 2 and lines[0].startswith("  노트 170행: ")
    assert all(line.startswith(" " * indent) and not line[indent].isspace() for line in lines[1:])
    assert all(cell_len(line) <= 80 for line in lines)


def test_notes_lines_read_without_markdown_escapes_or_bold_markers():
    from studycli.sessions.quiz import notes_lines

    notes = notes_lines()
    assert "INSUFFICIENT_DATA" in notes[93] and "\\_" not in notes[93]
    assert not any("**" in line or "\\_" in line for line in notes)


def test_a_multi_answer_prompt_shows_the_format_and_a_wrong_count_says_how_many(tmp_path):
    qs = questions(tmp_path, "--count", "3", "--seed", "2", "--type", "multi")
    q = qs[0]
    run = studycli(tmp_path, "quiz", "--count", "1", "--seed", "2", "--type", "multi", stdin="A\n")
    n = len(q["correct"])
    example = ",".join("ABCDEF"[:n])
    assert f"(choose {n}, e.g. {example}) >" in run.stdout
    assert f"Please answer with {n} letters from A-" in run.stdout


def test_a_typed_answer_accepted_in_another_form_shows_the_usual_form(tmp_path):
    qs = questions(tmp_path, "--count", "40", "--seed", "3", "--type", "cloze")
    q = next(q for q in qs if " " in q["correct"][0] and not any(c.isdigit() for c in q["correct"][0]))
    index = qs.index(q)
    answers = ["definitely not it"] * index + [q["correct"][0].lower().replace(" ", "")]
    run = studycli(tmp_path, "quiz", "--count", "40", "--seed", "3", "--type", "cloze",
                   stdin="\n".join(answers) + "\n")
    assert f"✓ Right — {q['correct'][0]}" in run.stdout, run.stdout[-2000:]


def test_scenario_composite_without_a_rule_plays_the_composite_scenarios(tmp_path):
    run = studycli(tmp_path, "scenario", "composite", stdin="A\n" * 10)
    assert run.returncode == 0, run.stderr
    assert "predictions right" in run.stdout and "notes: line" in run.stdout
    bad = studycli(tmp_path, "scenario", "composite", "--state", "a=OK")
    assert bad.returncode == 2 and bad.stderr.strip() == "Error: --json and --state need --rule RULE"


def test_scenario_notes_lines_are_shown_as_ranges(tmp_path):
    run = studycli(tmp_path, "scenario", "cloudtrail", "--scenario", "eb-cloudtrail-event-classes", stdin="")
    assert "notes: lines 168-169, 171-190" in run.stdout, run.stdout


@pytest.mark.parametrize("kind", registry.names())   # every kind, as the one registry lists them
def test_the_home_screens_replay_command_plays_each_kind_of_scenario(tmp_path, kind):
    from studycli.scenarios.registry import replay_command
    from studycli.sessions.scenario import scenarios_of

    scenario = scenarios_of((kind,))[0]
    command = replay_command(kind, scenario.id)
    run = studycli(tmp_path, *command, stdin="")
    assert run.returncode == 0 and run.stderr == "", (command, run.stderr)
    assert "notes: line" in run.stdout and "[1/" in run.stdout


def test_matching_feedback_goes_item_by_item_with_the_learners_letter_where_it_differs(tmp_path):
    from test_quiz_cli import wrong_answer

    q = questions(tmp_path, "--count", "1", "--seed", "9", "--type", "matching")[0]
    right = dict(q["correct"])
    letters = " ".join("ABCDEF"[right[i]] for i in range(len(q["items"])))
    given = wrong_answer(q).split()
    run = studycli(tmp_path, "quiz", "--count", "1", "--seed", "9", "--type", "matching", stdin=" ".join(given) + "\n")
    assert f"✗ Wrong — answer: {letters}" in run.stdout
    for i in range(len(q["items"])):
        j = right[i]
        line = next(line for line in run.stdout.splitlines() if line.startswith(f"  ✓ {i + 1} → ")
                    or line.startswith(f"  ✗ {i + 1} → "))
        assert f"{'ABCDEF'[j]}. {q['options'][j]}" in line
        assert (f"(you: {given[i]})" in line) == (given[i] != "ABCDEF"[j])


def test_review_names_the_card_kind_and_notes_lines_in_the_learners_words():
    from studycli.ui import notes_lines_label

    assert notes_lines_label([5]) == "notes: line 5"
    assert notes_lines_label([92, 93, 94, 95, 206]) == "notes: lines 92-95, 206"
    assert notes_lines_label([92, 93]) == "notes: lines 92-93"


def test_review_in_korean_shows_no_english_card_kind(tmp_path):
    run = studycli(tmp_path, "review", "--lang", "ko", "-n", "1", stdin="\nq\n", STUDYCLI_FUZZ="0")
    header = run.stdout.splitlines()[0]
    assert "질문→답" in header and "forward" not in header
    import re

    assert re.search(r"^노트 \d+(-\d+)?(, \d+(-\d+)?)*행$", run.stdout, re.M), run.stdout
