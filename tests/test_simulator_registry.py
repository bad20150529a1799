"""Issue 13: simulator kinds live in one registry, and a kind that is gone never breaks anything.

The acceptance test registers a throwaway kind ("parity": is a number even?) from here,
ships one scenario of it in a user content pack, and sees it listed, played, recorded,
offered again by the home screen and replayed through the command the home screen gives.
A new kind needs: its checkpoint function (an adapter module), one `register(...)` line in
studycli/scenarios/registry.py, and its scenario files.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from conftest import FIXTURES
from typer.testing import CliRunner

from studycli.cli import app, scenario_app
from studycli.errors import SpecError
from studycli.i18n import Msg
from studycli.scenarios import registry
from studycli.scenarios.base import Checkpoint, Scenario, each_checkpoint

BUILT_IN = ("alarm", "composite", "eventbridge", "schedule", "cloudtrail", "logs", "insights", "config")
PLAYED = "2027-03-01T09:00:00+00:00"
WEEKS_LATER = "2027-03-29T09:00:00+00:00"


# --- the throwaway kind: an engine, its checkpoints, a scenario file ------------------------

def parity_checkpoints(scenario: Scenario) -> list[Checkpoint]:
    """The truth comes from the 'engine' (n % 2), never from the file."""
    def build(setup: dict, raw: dict) -> Checkpoint:
        n = setup["numbers"][raw["index"]]
        if not isinstance(n, int):
            raise SpecError(f"numbers[{raw['index']}] is not a whole number")
        return Checkpoint(raw["id"], dict(raw["ask"]), ("even", "odd"), n % 2, Msg("scenario.alarm.explained", {
            "lead": f"{n} % 2 = {n % 2}.", "why": "Even numbers leave no remainder."}))
    return each_checkpoint(scenario, build, scenario.setup)


SCENARIO = """\
id: parity-drill
kind: parity
title: {ko: 짝수와 홀수, en: Even and odd}
story: {ko: 숫자를 보고 짝수인지 맞혀 보세요., en: Say whether each number is even.}
source: {lines: [1]}
setup: {numbers: [4, 7]}
checkpoints:
  - {id: four, ask: {ko: 4는?, en: Is 4 even?}, index: 0}
  - {id: seven, ask: {ko: 7은?, en: Is 7 even?}, index: 1}
"""


@pytest.fixture
def pack(tmp_path, monkeypatch) -> Path:
    """A user content pack (one fact file, one scenario of the new kind), configured as content_dirs."""
    root = tmp_path / "pack"
    (root / "scenarios").mkdir(parents=True)
    facts = (FIXTURES / "good" / "alarms.yaml").read_text(encoding="utf-8")
    (root / "mine.yaml").write_text(facts.replace("cloudwatch/alarms", "my/pack").replace("id: alarm-states", "id: my-a")
                                    .replace("id: config-price-per-item", "id: my-b"), encoding="utf-8")
    (root / "scenarios" / "parity-drill.yaml").write_text(SCENARIO, encoding="utf-8")
    assert cli("config", "set", "content_dirs", str(root)).exit_code == 0
    monkeypatch.setenv("STUDYCLI_FUZZ", "0")
    return root


@pytest.fixture
def parity():
    kind = registry.register(registry.Kind("parity", parity_checkpoints))
    yield kind
    registry.unregister("parity")


def cli(*args: str, stdin: str | None = None, now: str | None = None):
    env = {"STUDYCLI_NOW": now} if now else {}
    return CliRunner().invoke(app, list(args), input=stdin, env=env)


def home(now: str) -> dict:
    result = cli("home", "--json", now=now)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


# --- acceptance -------------------------------------------------------------------------

def test_a_kind_registered_by_a_test_is_listed_played_and_replayed_by_the_home_screen(pack, parity, studycli_home):
    listed = {row["id"]: row for row in json.loads(cli("scenario", "list", "--json", now=PLAYED).stdout)}
    assert listed["parity-drill"] == {"id": "parity-drill", "kind": "parity", "status": "new",
                                      "title": {"ko": "짝수와 홀수", "en": "Even and odd"},
                                      "command": ["studycli", "scenario", "play", "parity-drill"]}
    assert "parity-drill" in cli("scenario", "list", "--kind", "parity").stdout

    played = cli("scenario", "play", "parity-drill", stdin="A\nA\n", now=PLAYED)   # even, even: one right
    assert played.exit_code == 0, played.output
    assert "Even and odd" in played.stdout and "1 of 2 predictions right" in played.stdout
    rows = sqlite3.connect(studycli_home / "studycli.db").execute(
        "SELECT card_id, rating FROM review_log ORDER BY id").fetchall()
    assert rows == [("scenario:parity-drill:four", 3), ("scenario:parity-drill:seven", 1)]

    later = home(WEEKS_LATER)
    replay = ["studycli", "scenario", "play", "parity-drill"]
    assert {"id": "parity-drill", "command": replay} in later["scenarios_due"]
    assert replay in [s["command"] for s in later["suggestions"]]
    again = cli(*replay[1:], stdin="A\nB\n", now=WEEKS_LATER)
    assert again.exit_code == 0 and "2 of 2 predictions right" in again.stdout


def test_when_the_kind_is_gone_its_saved_predictions_break_nothing(pack, parity, studycli_home):
    assert cli("scenario", "play", "parity-drill", stdin="B\nB\n", now=PLAYED).exit_code == 0
    registry.unregister("parity")
    # the home screen, the list and the other scenarios carry on; the scenario is simply not offered
    later = home(WEEKS_LATER)
    assert all(s["id"] != "parity-drill" for s in later["scenarios_due"])
    listed = json.loads(cli("scenario", "list", "--json", now=WEEKS_LATER).stdout)
    assert listed and all(row["kind"] in registry.KINDS for row in listed)
    gone = cli("scenario", "play", "parity-drill")
    assert gone.exit_code == 1 and "no scenario 'parity-drill'" in str(gone.exception)
    # content check still names the file and its line
    check = cli("content", "check", str(pack))
    assert check.exit_code == 1 and "parity-drill.yaml:2: kind: unknown kind 'parity'" in check.stdout


def test_saved_predictions_of_unknown_kinds_or_missing_scenarios_never_break_the_home_screen(pack, studycli_home):
    from datetime import datetime

    from studycli import flashcards
    from studycli.store import open_store

    (pack / "scenarios" / "ghost.yaml").write_text(SCENARIO.replace("parity-drill", "ghost").replace(
        "kind: parity", "kind: ghost"), encoding="utf-8")
    (pack / "scenarios" / "broken.yaml").write_text("id: [unclosed\n", encoding="utf-8")
    with open_store() as store:
        for card in ("scenario:ghost:four", "scenario:deleted-long-ago:x", "scenario:parity-drill:four",
                     "scenario:", "scenario:eb-root-login-alert:root-signs-in"):
            flashcards.rate_card(store, card_id=card, fact_id=card.rsplit(":", 1)[0], kind="checkpoint:x", rating=1,
                                 now=datetime.fromisoformat(PLAYED), origin="scenario", fuzzing=False)
    doc = home(WEEKS_LATER)
    # only the scenario that exists and whose kind is known is offered again
    assert doc["scenarios_due"] == [{"id": "eb-root-login-alert",
                                     "command": ["studycli", "scenario", "eventbridge", "eb-root-login-alert"]}]
    assert cli("scenario", "list", "--json", now=WEEKS_LATER).exit_code == 0


# --- the registry is what every place reads ----------------------------------------------

def test_the_built_in_kinds_are_registered_once_each():
    assert tuple(registry.names())[:len(BUILT_IN)] == BUILT_IN


@pytest.mark.parametrize("kind", BUILT_IN)
def test_every_kinds_replay_command_is_a_command_of_the_cli(kind):
    command = registry.replay_command(kind, "some-id")
    assert command is not None and command[0] == "scenario"
    registered = {c.name for c in scenario_app.registered_commands}
    assert command[1] in registered
    assert command[2:] in (("some-id",), ("--scenario", "some-id"))


def test_an_unknown_kind_has_no_replay_and_no_command():
    assert registry.replay_command("no-such-kind", "x") is None
    assert registry.get("no-such-kind") is None


def test_scenario_files_of_each_built_in_kind_ship():
    from studycli.sessions.scenario import scenarios_of

    assert set(BUILT_IN) <= {s.kind for s in scenarios_of()}
