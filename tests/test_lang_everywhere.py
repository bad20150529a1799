"""Issue 16, acceptance 3: every command accepts `--lang ko|en|both` (after it, and before it as a
global option), and a Korean run of each prints none of the tool's English UI words.

The commands run in plain mode (answers piped in) over the shipped content, with progress
made first so `stats`, `mistakes` and `home` have something to say. AWS names, commands
(`studycli review`), content ids and the `Error:` prefix are not UI words.
"""

from __future__ import annotations

import datetime
import os
import re
import subprocess
import sys

import pytest
import typer.main

from studycli.cli import app


def run(home, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "STUDYCLI_HOME": str(home), "STUDYCLI_LANG": "en", "NO_COLOR": "1", "COLUMNS": "80",
           "TZ": "UTC", "STUDYCLI_FUZZ": "0"}
    return subprocess.run([sys.executable, "-m", "studycli", *args], input=stdin, capture_output=True, text=True,
                          env=env, timeout=120)


def every_command() -> set[str]:
    found: set[str] = set()

    def walk(command: object, path: list[str]) -> None:
        subs = getattr(command, "commands", None)
        if subs:
            for name, sub in subs.items():
                walk(sub, [*path, name])
        else:
            found.add(" ".join(path))

    walk(typer.main.get_command(app), [])
    return found


# Each command with arguments and piped answers that make it do its real work.
RUNS: dict[str, tuple[list[str], str]] = {
    "facts": (["facts", "--topic", "cloudwatch/alarms"], ""),
    "topics": (["topics"], ""),
    "notes": (["notes", "cloudwatch/alarms"], ""),
    "search": (["search", "경보"], ""),
    "review": (["review", "--limit", "2"], "\n3\n\n1\nq\n"),
    "stats": (["stats"], ""),
    "quiz": (["quiz", "--count", "2", "--seed", "1"], "A\n\nA\n"),
    "exam": (["exam", "--count", "2", "--seed", "1", "--minutes", "5"], "A\n"),
    "mistakes": (["mistakes"], ""),
    "home": (["home"], ""),
    "scenario alarm": (["scenario", "alarm", "alarm-cpu-spike-2-of-3"], "A\nq\n"),
    "scenario composite": (["scenario", "composite", "alarm-composite-noise"], "A\nq\n"),
    "scenario eventbridge": (["scenario", "eventbridge", "eb-archive-replay"], "A\nq\n"),
    "scenario schedule": (["scenario", "schedule", "rate(5 minutes)"], ""),
    "scenario cloudtrail": (["scenario", "cloudtrail", "--api", "PutObject", "--service", "s3"], ""),
    "scenario logs": (["scenario", "logs", "logs-cross-account"], "A\nq\n"),
    "scenario insights": (["scenario", "insights", "insights-sample-queries"], "A\nq\n"),
    "scenario config": (["scenario", "config", "config-alb-certificate"], "A\nq\n"),
    "scenario list": (["scenario", "list"], ""),
    "scenario play": (["scenario", "play", "alarm-cpu-spike-2-of-3"], "A\nq\n"),
    "content check": (["content", "check"], ""),
    "content schema": (["content", "schema"], ""),
    "cards orphans": (["cards", "orphans"], ""),
    "config get": (["config", "get", "new_per_day"], ""),
    "config set": (["config", "set", "new_per_day", "20"], ""),
    "config unset": (["config", "unset", "new_per_day"], ""),
    "config list": (["config", "list"], ""),
    "export anki": (["export", "anki", "{tmp}/deck.apkg", "--force"], ""),
    "export csv": (["export", "csv", "{tmp}/deck.csv", "--force"], ""),
    "optimize": (["optimize"], ""),
    "plan": (["plan"], "n\n"),
}
# What the tool says in English (its catalogue words), never content: case-sensitive phrases.
ENGLISH_UI = [r"\bNo match", r"\(none\)", r"\bCancelled\b", r"\bInterrupted\b", r"\bAnswer\b", r"\bQuestion\b",
              r"\bScore\b", r"\bSummary\b", r"\bReviewed\b", r"\bDue today\b", r"\bStreak\b", r"\bWhat next\b",
              r"\bYour (prediction|answer)\b", r"\bStopped\b", r"\bRight:", r"\bWrong\b", r"\bnew \d", r"\blearning \d",
              r"\bleft\b", r"\b\d+ facts\b", r"\bprompt\b", r"\bnotes: line", r"\bshow answer\b", r"\bRate 1-4\b",
              r"\bsaved\b", r"\bWritten\b", r"\bexported\b",
              r"\bExported\b", r"\bSimulator\b", r"\bprediction"]
NOT_UI = re.compile(r"studycli [a-z][^\n]*|--[a-z-]+|https?://\S+|Error:")


def test_the_table_of_runs_covers_every_command():
    assert set(RUNS) == every_command()


@pytest.fixture(scope="module")
def home(tmp_path_factory):
    home = tmp_path_factory.mktemp("lang")
    # some progress first: a review, a quiz with a miss, an exam
    assert run(home, "review", "--limit", "3", stdin="\n1\n\n3\n\n3\nq\n").returncode == 0
    assert run(home, "quiz", "--count", "3", "--seed", "2", stdin="A\nA\nA\n").returncode == 0
    assert run(home, "exam", "--count", "2", "--seed", "3", "--minutes", "5", stdin="A\nA\ns\n").returncode == 0
    exam_day = (datetime.date.today() + datetime.timedelta(days=30)).isoformat()
    assert run(home, "config", "set", "exam_date", exam_day).returncode == 0   # for plan and the forecast
    return home


@pytest.mark.parametrize("name", sorted(RUNS))
def test_a_korean_run_of_every_command_prints_no_english_ui_words(name, home, tmp_path):
    args, stdin = RUNS[name]
    args = [a.format(tmp=tmp_path) for a in args]
    result = run(home, *args, "--lang", "ko", stdin=stdin)
    assert result.returncode == 0, result.stderr
    if name == "content schema":     # a JSON Schema document: data, not screen text
        return
    text = NOT_UI.sub(" ", result.stdout + result.stderr)
    found = [w for w in ENGLISH_UI if re.search(w, text)]
    assert not found, f"{name}: English UI words {found} in:\n{text}"


@pytest.mark.parametrize("name", ["stats", "notes", "search", "home", "cards orphans", "config list", "topics",
                                  "scenario list", "content check", "export csv"])
def test_lang_works_after_the_command_and_before_it_as_a_global_option(name, home, tmp_path):
    args, stdin = RUNS[name]
    args = [a.format(tmp=tmp_path) for a in args]
    after = run(home, *args, "--lang", "ko", stdin=stdin)
    before = run(home, "--lang", "ko", *args, stdin=stdin)
    english = run(home, *args, "--lang", "en", stdin=stdin)
    assert after.returncode == before.returncode == english.returncode == 0
    assert after.stdout == before.stdout
    if name not in ("cards orphans", "export csv"):   # these print only data on stdout
        assert after.stdout != english.stdout
    bad = run(home, *args, "--lang", "xx", stdin=stdin)
    assert bad.returncode == 1 and bad.stderr.startswith("Error: --lang: 'xx'")
