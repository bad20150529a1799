"""`studycli quiz` from outside: the --json contract, piped answers and their score, bad input."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys

import pytest

from studycli.ui import LETTERS


def env_for(home, **extra):
    env = dict(os.environ, STUDYCLI_HOME=str(home), STUDYCLI_LANG="en", NO_COLOR="1", COLUMNS="300", TZ="UTC")
    env.pop("STUDYCLI_NOW", None)
    env.update(extra)
    return env


def studycli(home, *args, stdin=None, **extra):
    return subprocess.run([sys.executable, "-m", "studycli", *args], input=stdin, capture_output=True,
                          text=True, env=env_for(home, **extra), timeout=120)


def questions(home, *args):
    run = studycli(home, "quiz", *args, "--json")
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)


def right_answer(q) -> str:
    """The line a learner types to answer `q` correctly in plain mode."""
    if q["type"] == "cloze":
        return q["correct"][0]
    if q["type"] == "matching":
        return " ".join(LETTERS[j] for _, j in sorted(q["correct"]))
    return ",".join(LETTERS[i] for i in q["correct"])


def wrong_answer(q) -> str:
    """A well-formed but wrong line for `q`."""
    if q["type"] == "cloze":
        return "definitely not the answer"
    if q["type"] == "matching":
        order = [j for _, j in sorted(q["correct"])]
        return " ".join(LETTERS[j] for j in order[1:] + order[:1])
    wrong = [i for i in range(len(q["options"])) if i not in q["correct"]]
    picks = list(q["correct"])[1:] + wrong[:1]
    return ",".join(LETTERS[i] for i in sorted(picks))


def test_quiz_json_is_byte_identical_across_runs(tmp_path):
    """Acceptance 3."""
    a = studycli(tmp_path, "quiz", "--count", "20", "--seed", "7", "--json")
    b = studycli(tmp_path, "quiz", "--count", "20", "--seed", "7", "--json")
    assert a.returncode == 0, a.stderr
    assert a.stdout == b.stdout and a.stderr == b.stderr == ""
    doc = json.loads(a.stdout)
    assert len(doc) == 20
    keys = {"id", "type", "topic", "stem", "options", "correct", "explanation", "fact_ids", "source_lines"}
    assert all(keys <= set(q) for q in doc)
    assert {q["type"] for q in doc} <= {"single", "multi", "true_false", "cloze", "matching"}
    other = studycli(tmp_path, "quiz", "--count", "20", "--seed", "8", "--json")
    assert other.stdout != a.stdout
    assert not (tmp_path / "studycli.db").exists()   # printing questions records nothing


def test_lang_picks_the_text(tmp_path):
    ko = questions(tmp_path, "--count", "5", "--seed", "3", "--lang", "ko")
    en = questions(tmp_path, "--count", "5", "--seed", "3", "--lang", "en")
    assert [q["fact_ids"] for q in ko] == [q["fact_ids"] for q in en]
    assert any(any("\uac00" <= ch <= "\ud7a3" for ch in q["stem"]) for q in ko)
    assert ko != en


def test_piped_answers_give_the_expected_score(tmp_path):
    """Acceptance 4: right answers computed from --json, a mix of right and wrong piped in."""
    qs = questions(tmp_path, "--count", "5", "--seed", "1")
    plan = [True, False, True, True, False]
    lines = [right_answer(q) if ok else wrong_answer(q) for q, ok in zip(qs, plan)]
    run = studycli(tmp_path, "quiz", "--count", "5", "--seed", "1", stdin="\n".join(lines) + "\n")
    assert run.returncode == 0, run.stderr
    assert "Score: 3/5 (60%)" in run.stdout
    assert run.stdout.count("✓ Right") == 3 and run.stdout.count("✗ Wrong") == 2
    db = sqlite3.connect(tmp_path / "studycli.db")
    rows = db.execute("SELECT question_id, correct FROM answers ORDER BY id").fetchall()
    # the session asked the same questions, in the same order, as --json printed
    assert [r[0] for r in rows] == [q["id"] for q in qs]
    assert [bool(r[1]) for r in rows] == plan
    assert db.execute("SELECT finished_at IS NOT NULL FROM sessions").fetchone()[0] == 1


def test_feedback_shows_why_the_notes_line_and_a_summary_by_topic(tmp_path):
    qs = questions(tmp_path, "--count", "6", "--seed", "11", "--type", "single")
    run = studycli(tmp_path, "quiz", "--count", "6", "--seed", "11", "--type", "single",
                   stdin="\n".join(wrong_answer(q) for q in qs) + "\n")
    assert run.returncode == 0, run.stderr
    assert "notes line " in run.stdout and "By topic" in run.stdout
    for q in qs:
        assert q["explanation"].splitlines()[0][:40] in run.stdout
        assert any(why.split(":")[0] in run.stdout for why in q["why"])
    # each wrong answer put the fact's card into today's review queue
    db = sqlite3.connect(tmp_path / "studycli.db")
    queued = {r[0] for r in db.execute("SELECT fact_id FROM cards")}
    assert {f for q in qs for f in q["fact_ids"]} <= queued


def test_type_filter_and_topic(tmp_path):
    qs = questions(tmp_path, "--count", "4", "--seed", "2", "--type", "cloze", "--topic", "cloudwatch")
    assert qs and all(q["type"] == "cloze" and q["topic"].startswith("cloudwatch") for q in qs)


def test_a_missed_fact_comes_up_more_often_and_history_is_part_of_determinism(tmp_path, monkeypatch):
    # Fact questions only: items and simulator questions have their own weights (test_mix.py).
    args = ("--count", "3", "--seed", "5", "--type", "single", "--origin", "fact")
    before = questions(tmp_path, *args)
    target = before[-1]["fact_ids"][0]
    run = studycli(tmp_path, "quiz", *args,
                   stdin="\n".join(right_answer(q) for q in before[:2]) + "\n" + wrong_answer(before[-1]) + "\n")
    assert run.returncode == 0, run.stderr
    after = questions(tmp_path, *args)
    assert after == questions(tmp_path, *args)

    import random

    from studycli import clock
    from studycli.content import load_catalogue
    from studycli.sessions import history
    from studycli.study.questions.generator import generate

    monkeypatch.setenv("STUDYCLI_HOME", str(tmp_path))
    facts = load_catalogue().facts
    weights = history.weights(facts, clock.now())
    assert weights[target] > max(w for f, w in weights.items() if f not in {q["fact_ids"][0] for q in before})

    def hits(w):
        return sum(target in {f for q in generate(facts, 10, random.Random(seed), "en", ["single"], w)
                              for f in q.fact_ids} for seed in range(100))

    assert hits(weights) > hits(None)


@pytest.mark.parametrize("args, message", [
    (["--count", "0"], "--count: must be at least 1"),
    (["--type", "essay"], "--type: 'essay' is not a question type"),
    (["--lang", "fr"], "--lang: 'fr'"),
    (["--topic", "nope"], "no topic 'nope'"),
])
def test_bad_input_is_one_clear_line(tmp_path, args, message):
    run = studycli(tmp_path, "quiz", *args, "--json")
    assert run.returncode != 0 and run.stdout == ""
    assert message in run.stderr and "Traceback" not in run.stderr
    assert len(run.stderr.strip().splitlines()) == 1


def test_bad_clock_is_one_clear_line(tmp_path):
    run = studycli(tmp_path, "quiz", "--count", "1", stdin="A\n", STUDYCLI_NOW="yesterday")
    assert run.returncode == 1 and "STUDYCLI_NOW" in run.stderr and "Traceback" not in run.stderr


def test_plain_mode_asks_again_after_an_invalid_letter_and_ends_cleanly_at_eof(tmp_path):
    qs = questions(tmp_path, "--count", "2", "--seed", "4", "--type", "single")
    run = studycli(tmp_path, "quiz", "--count", "2", "--seed", "4", "--type", "single",
                   stdin="Z\n" + right_answer(qs[0]) + "\n")
    assert run.returncode == 0, run.stderr
    assert "Please answer with one letter from A-D." in run.stdout
    assert "Score: 1/1 (100%)" in run.stdout and "Answered 1 of 2 questions." in run.stdout


def test_matching_answers_are_letters_in_item_order(tmp_path):
    from studycli.ui import parse_matching

    assert parse_matching("C A B", 3, 3) == [2, 0, 1]
    assert parse_matching("cab", 3, 3) == [2, 0, 1]
    assert parse_matching("c,a,b", 3, 3) == [2, 0, 1]
    assert parse_matching("C A", 3, 3) is None and parse_matching("C A Z", 3, 3) is None
    qs = questions(tmp_path, "--count", "2", "--seed", "9", "--type", "matching")
    run = studycli(tmp_path, "quiz", "--count", "2", "--seed", "9", "--type", "matching",
                   stdin=f"{right_answer(qs[0])}\n{wrong_answer(qs[1])}\n")
    assert "Score: 1/2 (50%)" in run.stdout, run.stdout + run.stderr
