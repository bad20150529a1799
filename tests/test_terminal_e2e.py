"""Issue 9, acceptance 1: `studycli review` and the home screen driven in a real terminal (tmux)."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
import uuid

import pytest
from conftest import REPO

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")


class Terminal:
    """A tmux pane running one command: type into it, read what is on screen."""

    def __init__(self, command: str, env: dict[str, str]):
        self.name = f"studycli-{uuid.uuid4().hex[:8]}"
        exports = " ".join(f"{k}={v}" for k, v in env.items())
        subprocess.run(["tmux", "new-session", "-d", "-s", self.name, "-x", "120", "-y", "45",
                        f"cd {REPO} && env {exports} {command}; sleep 60"], check=True)

    def screen(self) -> str:
        return subprocess.run(["tmux", "capture-pane", "-p", "-t", self.name], capture_output=True,
                              text=True).stdout

    def wait_for(self, text: str, timeout: float = 15) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            screen = self.screen()
            if text in screen:
                return screen
            time.sleep(0.1)
        raise AssertionError(f"{text!r} never appeared; screen:\n{self.screen()}")

    def keys(self, *keys: str) -> None:
        subprocess.run(["tmux", "send-keys", "-t", self.name, *keys], check=True)

    def close(self) -> None:
        subprocess.run(["tmux", "kill-session", "-t", self.name], capture_output=True)


@pytest.fixture
def terminal(studycli_home):
    opened = []

    def start(*args: str) -> Terminal:
        env = {"STUDYCLI_HOME": str(studycli_home), "NO_COLOR": "1", "STUDYCLI_LANG": "en", "STUDYCLI_FUZZ": "0",
               "STUDYCLI_NOW": "2027-01-04T09:00:00+00:00", "TERM": "xterm-256color"}
        term = Terminal(" ".join([sys.executable, "-m", "studycli", *args]), env)
        opened.append(term)
        return term

    yield start
    for term in opened:
        term.close()


def test_review_in_a_real_terminal_shows_card_answer_intervals_and_saves_ratings(terminal, studycli_home):
    term = terminal("review")
    term.wait_for("1/20")
    term.wait_for("show answer")
    term.keys("Enter")
    screen = term.wait_for("Rate 1-4")
    assert "Again" in screen and "Good" in screen and "notes: line" in screen
    term.keys("3", "Enter")
    term.wait_for("2/20")
    term.keys("q", "Enter")
    screen = term.wait_for("Summary")
    assert "Reviewed 1" in screen
    import sqlite3

    db = sqlite3.connect(studycli_home / "studycli.db")
    assert db.execute("SELECT rating FROM review_log").fetchall() == [(3,)]


def test_home_screen_in_a_real_terminal_offers_a_menu_and_starts_review(terminal):
    term = terminal()
    screen = term.wait_for("What next?")
    assert "Due today" in screen and "New cards left today" in screen and "Learn 20 new cards" in screen
    term.keys("Enter")  # the first suggestion: review
    term.wait_for("1/20")
    term.keys("q", "Enter")
    term.wait_for("Summary")
