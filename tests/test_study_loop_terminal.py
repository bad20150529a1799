"""Issue 16, acceptance 1: the study loop in a real terminal (tmux), as a learner keys it.

Arrow keys choose a single-choice answer; "choose N" refuses another count; review takes
single keys (no Enter); the exam clock changes while the prompt waits; when the clock runs
out the exam is submitted. (Ctrl-C then `exam --resume`: tests/test_learner_ux.py.)
"""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
import subprocess
import sys
import time
import uuid

import pytest
from conftest import REPO

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")


class Terminal:
    """A tmux pane running one command at `width` columns: type into it, read what is on screen."""

    def __init__(self, args: list[str], env: dict[str, str], width: int = 100):
        self.name = f"loop-{uuid.uuid4().hex[:8]}"
        exports = " ".join(f"{k}={v}" for k, v in env.items())
        command = " ".join([sys.executable, "-m", "studycli", *args])
        for _attempt in range(3):   # a tmux server that is just exiting refuses once ("server exited")
            started = subprocess.run(["tmux", "new-session", "-d", "-s", self.name, "-x", str(width), "-y", "50",
                                      f"cd {REPO} && env {exports} {command}; echo EXIT=$?; sleep 60"])
            if started.returncode == 0:
                break
            time.sleep(0.5)
        else:
            raise AssertionError("tmux did not start")

    def screen(self) -> str:
        return subprocess.run(["tmux", "capture-pane", "-p", "-J", "-S", "-200", "-t", self.name],
                              capture_output=True, text=True).stdout

    def wait_for(self, pattern: str, timeout: float = 30) -> re.Match[str]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = re.search(pattern, self.screen())
            if found:
                return found
            time.sleep(0.1)
        raise AssertionError(f"{pattern!r} never appeared; screen:\n{self.screen()}")

    def keys(self, *keys: str) -> None:
        subprocess.run(["tmux", "send-keys", "-t", self.name, *keys], check=True)
        time.sleep(0.15)

    def close(self) -> None:
        subprocess.run(["tmux", "kill-session", "-t", self.name], capture_output=True)


@pytest.fixture
def terminal(studycli_home):
    opened: list[Terminal] = []

    def start(*args: str, lang: str = "en", width: int = 100, **extra: str) -> Terminal:
        env = {"STUDYCLI_HOME": str(studycli_home), "NO_COLOR": "1", "STUDYCLI_LANG": lang, "STUDYCLI_FUZZ": "0",
               "TERM": "xterm-256color", "TZ": "UTC", **extra}
        term = Terminal(list(args), env, width)
        opened.append(term)
        return term

    yield start
    for term in opened:
        term.close()


def plan(home, *args: str) -> list[dict]:
    run = subprocess.run([sys.executable, "-m", "studycli", *args, "--json"], capture_output=True, text=True,
                         env={**__import__("os").environ, "STUDYCLI_HOME": str(home), "STUDYCLI_LANG": "en"})
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)


def answers(home) -> list[tuple]:
    return sqlite3.connect(home / "studycli.db").execute(
        "SELECT question_id, correct FROM answers ORDER BY id").fetchall()


def test_a_single_choice_answer_is_chosen_with_the_arrow_keys(terminal, studycli_home):
    args = ("quiz", "--count", "2", "--seed", "11", "--type", "single")
    qs = plan(studycli_home, *args)
    right = qs[0]["correct"][0]
    term = terminal(*args)
    term.wait_for(r"↑↓ move · Enter choose")
    for _ in range(right):
        term.keys("Down")
    term.wait_for(rf"❯ {'ABCDEF'[right]}\. ")      # the pointer is on the right option
    term.keys("Enter")
    term.wait_for("Right")
    term.wait_for("Enter: next")                 # the verdict stays until Enter
    assert answers(studycli_home) == [(qs[0]["id"], 1)]
    term.keys("Up", "Enter")                       # Enter moves on (Up is ignored there)
    term.wait_for(r"\[2/2\]")


def test_multiple_response_refuses_the_wrong_count_then_takes_the_marked_options(terminal, studycli_home):
    args = ("quiz", "--count", "1", "--seed", "3", "--type", "multi")
    qs = plan(studycli_home, *args)
    q = qs[0]
    assert q["choose"] >= 2
    term = terminal(*args)
    term.wait_for(r"Space mark")
    term.keys("Space", "Enter")                    # one marked, Enter: refused
    term.wait_for(rf"Choose exactly {q['choose']} \(marked: 1\)\.")
    assert not (studycli_home / "studycli.db").exists() or answers(studycli_home) == []
    term.keys("Space")                             # unmark A, then mark the right ones with the arrows
    position = 0
    for index in sorted(q["correct"]):
        for _ in range(index - position):
            term.keys("Down")
        position = index
        term.keys("Space")
    term.wait_for(rf"Marked {q['choose']} of {q['choose']}")
    term.keys("Enter")
    term.wait_for("Right")
    assert answers(studycli_home) == [(q["id"], 1)]


def test_review_is_rated_with_single_keys(terminal, studycli_home):
    term = terminal("review", "--limit", "3", STUDYCLI_NOW="2027-01-04T09:00:00+00:00")
    term.wait_for(r"1/3 .* new")
    term.wait_for(r"left: new 3 · learning 0 · review 0")
    term.keys("Space")                             # reveal, no Enter
    term.wait_for(r"Rate 1-4")
    term.keys("3")                                 # rated at once
    term.wait_for(r"2/3 ")
    term.wait_for(r"left: new 2 · learning 1 · review 0")
    term.keys("u")                                 # undo shows the card's text
    term.wait_for(r"Undone: [\s\S]*Card: \S")
    # the card is back, labelled by its real state (new again: its only rating was taken back)
    term.wait_for(r"Card: [\s\S]*1/3 · [^\n]* · new[\s\S]*left: new 3 · learning 0")
    term.keys("q")                                 # q quits at once
    term.wait_for("Summary")
    term.wait_for("EXIT=0")
    db = sqlite3.connect(studycli_home / "studycli.db")
    assert db.execute("SELECT count(*) FROM review_log").fetchone() == (0,)   # the one rating was undone


def test_review_rating_keys_are_saved(terminal, studycli_home):
    term = terminal("review", "--limit", "2", STUDYCLI_NOW="2027-01-04T09:00:00+00:00")
    term.wait_for(r"1/2 ")
    term.keys("Enter")
    term.wait_for(r"Rate 1-4")
    term.keys("4")
    term.wait_for(r"2/2 ")
    term.keys("Space")
    term.wait_for(r"Rate 1-4")
    term.keys("1")                                 # Again: the card comes back in this sitting ...
    term.wait_for(r"3/3 · [^\n]* · learning")       # ... labelled as what it now is
    term.keys("q")
    term.wait_for("Summary")
    db = sqlite3.connect(studycli_home / "studycli.db")
    assert [r for (r,) in db.execute("SELECT rating FROM review_log ORDER BY id")][:2] == [4, 1]


CLOCK = r"⏱ (\d+):(\d\d) left · question (\d+) of (\d+)"


def test_the_exam_clock_changes_while_the_prompt_waits(terminal, studycli_home):
    term = terminal("exam", "--count", "2", "--seed", "5", "--minutes", "30")
    first = term.wait_for(CLOCK)
    before = int(first.group(1)) * 60 + int(first.group(2))
    time.sleep(2.5)                               # no key pressed
    later = re.findall(CLOCK, term.screen())[-1]
    after = int(later[0]) * 60 + int(later[1])
    assert after <= before - 2 and later[2:] == ("1", "2")


def test_time_running_out_submits_what_was_answered(terminal, studycli_home):
    args = ("exam", "--count", "3", "--seed", "5", "--minutes", "30")
    qs = plan(studycli_home, *args)
    term = terminal(*args)
    term.wait_for(CLOCK)
    term.keys(",".join("ABCDEF"[i] for i in qs[0]["correct"]), "Enter")
    term.wait_for(r"question 2 of 3")
    term.keys("x", "Enter")                        # x pauses and leaves
    term.wait_for(r"Exam paused: 1 of 3 answered")
    term.wait_for("EXIT=0")
    db = sqlite3.connect(studycli_home / "studycli.db")
    (meta,) = db.execute("SELECT meta FROM sessions WHERE kind = 'exam'").fetchone()
    meta = json.loads(meta)
    assert meta["paused"] is True and meta["remaining_seconds"] > 60
    meta["remaining_seconds"] = 3                  # the learner paused with 3 seconds left
    db.execute("UPDATE sessions SET meta = ? WHERE kind = 'exam'", (json.dumps(meta),))
    db.commit()

    term = terminal("exam", "--resume")
    term.wait_for(r"Resuming the exam: 1 of 3 answered, 0:03 left")
    term.wait_for(r"Time is up: submitting what you answered", timeout=15)   # no key pressed
    term.wait_for(r"Right: 1/3 \(answered 1\)")
    term.wait_for("Submitted when the time ran out")
    (meta,) = db.execute("SELECT meta FROM sessions WHERE kind = 'exam'").fetchone()
    meta = json.loads(meta)
    assert meta["timed_out"] is True and meta["answered"] == 1 and meta["paused"] is False
    assert db.execute("SELECT finished_at IS NOT NULL FROM sessions WHERE kind = 'exam'").fetchone() == (1,)


def test_abandoning_an_exam_leaves_no_score(terminal, studycli_home):
    term = terminal("exam", "--count", "2", "--seed", "5", "--minutes", "30")
    term.wait_for(CLOCK)
    term.keys("r", "Enter")
    term.wait_for(r"a abandon without a score")
    term.keys("a", "Enter")
    term.wait_for(r"y to abandon")
    term.keys("y", "Enter")
    term.wait_for(r"Exam abandoned without a score")
    term.wait_for("EXIT=0")
    db = sqlite3.connect(studycli_home / "studycli.db")
    (meta,) = db.execute("SELECT meta FROM sessions WHERE kind = 'exam'").fetchone()
    assert json.loads(meta)["abandoned"] is True and "scaled" not in json.loads(meta)
