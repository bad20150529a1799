"""Issues 6-8: predictions in interactive scenarios are graded by the engines and scheduled with FSRS."""

from __future__ import annotations

import sqlite3

from conftest import REPO, run_cli

from studycli.scenarios.base import build_checkpoints, load_scenarios
from studycli.ui import LETTERS

NOW = {"STUDYCLI_NOW": "2027-03-01T09:00:00+00:00", "STUDYCLI_FUZZ": "0"}
LATER = {"STUDYCLI_NOW": "2027-03-20T09:00:00+00:00", "STUDYCLI_FUZZ": "0"}


def scenario(scenario_id: str):
    return next(s for s in load_scenarios(REPO / "content" / "scenarios") if s.id == scenario_id)


def test_predictions_are_graded_by_the_engine_and_saved_as_fsrs_reviews(studycli_home):
    cpu = scenario("alarm-cpu-spike-2-of-3")
    checkpoints = build_checkpoints(cpu)
    # right on the first checkpoint, wrong on every other one
    lines = [LETTERS[cp.answer] if i == 0 else LETTERS[(cp.answer + 1) % len(cp.options)]
             for i, cp in enumerate(checkpoints)]
    result = run_cli("scenario", "alarm", cpu.id, stdin="\n".join(lines) + "\n", env=NOW)
    assert result.returncode == 0, result.stderr
    assert f"1 of {len(checkpoints)} predictions right" in result.stdout
    db = sqlite3.connect(studycli_home / "studycli.db")
    rows = db.execute("SELECT card_id, rating, origin FROM review_log ORDER BY id").fetchall()
    assert rows == [(f"scenario:{cpu.id}:{cp.id}", 3 if i == 0 else 1, "scenario") for i, cp in enumerate(checkpoints)]
    due = dict(db.execute("SELECT card_id, due FROM cards"))
    right_due, wrong_due = due[rows[0][0]], due[rows[1][0]]
    assert wrong_due < right_due  # a missed prediction comes back sooner


def test_the_picker_lists_due_scenarios_first(studycli_home):
    cpu = scenario("alarm-cpu-spike-2-of-3")
    answers = "\n".join("A" for _ in build_checkpoints(cpu)) + "\n"
    assert run_cli("scenario", "alarm", cpu.id, stdin=answers, env=NOW).returncode == 0
    # weeks later the played scenario is due again and listed first; the others are new
    listing = run_cli("scenario", "alarm", stdin="", env=LATER).stdout
    first_option = next(line for line in listing.splitlines() if line.strip().startswith("A."))
    assert "[due]" in first_option and cpu.id in first_option
    assert "[new]" in listing


def test_an_unknown_scenario_name_lists_the_ones_there_are():
    result = run_cli("scenario", "alarm", "no-such-scenario")
    assert result.returncode == 1 and "no scenario 'no-such-scenario' (available: alarm-" in result.stderr


def test_the_home_screen_suggests_replaying_a_due_scenario(studycli_home):
    import json

    cpu = scenario("alarm-cpu-spike-2-of-3")
    answers = "\n".join("A" for _ in build_checkpoints(cpu)) + "\n"
    assert run_cli("scenario", "alarm", cpu.id, stdin=answers, env=NOW).returncode == 0
    doc = json.loads(run_cli("home", "--json", env=LATER).stdout)
    assert doc["scenarios_due"] == [{"id": cpu.id, "command": ["studycli", "scenario", "alarm", cpu.id]}]
    assert ["studycli", "scenario", "alarm", cpu.id] in [s["command"] for s in doc["suggestions"]]
