"""Acceptance 4: `scenario alarm --spec ... --json` follows its contract; bad specs exit 2 with one line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from studycli.cli import app
from studycli.sims.alarms.alarm import TREATMENTS

STEP_KEYS = {"index", "value", "state", "changed", "reason", "actions"}
GOOD_ALARM = {"period": 60, "evaluation_periods": 3, "datapoints_to_alarm": 2, "threshold": 80,
              "comparison": "GreaterThanThreshold", "statistic": "Average", "treat_missing_data": "missing",
              "alarm_actions": ["sns:ops"], "ok_actions": ["sns:ops"]}


@pytest.fixture(autouse=True)
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("STUDYCLI_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("NO_COLOR", "1")
    return tmp_path


def write(tmp_path: Path, name: str, body) -> Path:
    path = tmp_path / name
    path.write_text(body if isinstance(body, str) else json.dumps(body), encoding="utf-8")
    return path


def cli(*args: str, env_home: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, STUDYCLI_HOME=str(env_home / "home"), NO_COLOR="1")
    return subprocess.run([sys.executable, "-m", "studycli", *args], capture_output=True, text=True, env=env,
                          timeout=60)


def test_spec_json_follows_the_contract(tmp_path):
    spec = write(tmp_path, "spec.json", {"alarm": GOOD_ALARM, "datapoints": [50, 90, 95, None, 40, 30]})
    result = CliRunner().invoke(app, ["scenario", "alarm", "--spec", str(spec), "--json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert set(doc) >= {"final_state", "steps"}
    assert [s["index"] for s in doc["steps"]] == [0, 1, 2, 3, 4, 5]
    assert all(set(s) >= STEP_KEYS for s in doc["steps"])
    assert [s["value"] for s in doc["steps"]] == [50, 90, 95, None, 40, 30]
    assert [s["state"] for s in doc["steps"]] == ["OK", "OK", "ALARM", "ALARM", "ALARM", "OK"]
    assert [s["changed"] for s in doc["steps"]] == [True, False, True, False, False, True]
    assert [s["actions"] for s in doc["steps"]] == [["sns:ops"], [], ["sns:ops"], [], [], ["sns:ops"]]
    assert doc["final_state"] == doc["steps"][-1]["state"] == "OK"
    assert doc["steps"][2]["reason"].startswith("Threshold Crossed: 2 out of the last 3 datapoints")


def test_spec_yaml_with_samples_set_state_and_evaluate_once(tmp_path):
    spec = write(tmp_path, "spec.yaml", """\
alarm:
  period: 10
  evaluation_periods: 2
  threshold: 100
  comparison: LessThanThreshold
  statistic: Minimum
  alarm_actions: [sns:low]
samples:
  - [150, 120]
  - []
  - [90, 300]
set_state:
  - {after: 0, state: ALARM, reason: drill}
""")
    result = CliRunner().invoke(app, ["scenario", "alarm", "--spec", str(spec), "--json"])
    assert result.exit_code == 0, result.output
    steps = json.loads(result.stdout)["steps"]
    assert [(s["index"], s["kind"], s["state"]) for s in steps] == [
        (0, "evaluation", "OK"), (0, "set-alarm-state", "ALARM"), (1, "evaluation", "OK"), (2, "evaluation", "OK")]
    assert steps[1]["reason"] == "drill" and steps[1]["actions"] == ["sns:low"]
    assert steps[0]["value"] == 120 and steps[1]["value"] is None and steps[3]["value"] == 90

    once = write(tmp_path, "once.json", {"alarm": dict(GOOD_ALARM, datapoints_to_alarm=3, treat_missing_data="missing"),
                                         "initial_state": "OK", "evaluate": "once",
                                         "datapoints": [None, None, 95, None, None]})
    doc = json.loads(CliRunner().invoke(app, ["scenario", "alarm", "--spec", str(once), "--json"]).stdout)
    assert doc["final_state"] == "ALARM" and len(doc["steps"]) == 1 and doc["steps"][0]["index"] == 4


@pytest.mark.parametrize("treatment", TREATMENTS)
def test_spec_accepts_every_treatment(tmp_path, treatment):
    spec = write(tmp_path, "t.json", {"alarm": dict(GOOD_ALARM, treat_missing_data=treatment),
                                      "datapoints": [None] * 6})
    doc = json.loads(CliRunner().invoke(app, ["scenario", "alarm", "--spec", str(spec), "--json"]).stdout)
    expected = {"missing": "INSUFFICIENT_DATA", "ignore": "INSUFFICIENT_DATA", "breaching": "ALARM",
                "notBreaching": "OK"}[treatment]
    assert doc["final_state"] == expected


def test_human_output_is_a_table_of_steps(tmp_path):
    spec = write(tmp_path, "spec.json", {"alarm": GOOD_ALARM, "datapoints": [50, 90, 95]})
    result = CliRunner().invoke(app, ["--lang", "en", "scenario", "alarm", "--spec", str(spec)])
    assert result.exit_code == 0, result.output
    assert "ALARM" in result.stdout and "sns:ops" in result.stdout and "Final state: ALARM" in result.stdout
    assert "Threshold" in result.stdout and "00:02:00" in result.stdout


BAD_SPECS = [
    ("unknown-operator", {"alarm": dict(GOOD_ALARM, comparison="Bigger"), "datapoints": [1]}, "alarm.comparison"),
    ("m-greater-than-n", {"alarm": dict(GOOD_ALARM, datapoints_to_alarm=4), "datapoints": [1]},
     "alarm.datapoints_to_alarm"),
    ("45-second-period", {"alarm": dict(GOOD_ALARM, period=45), "datapoints": [1]}, "alarm.period"),
    ("too-long", {"alarm": dict(GOOD_ALARM, evaluation_periods=1441, datapoints_to_alarm=1), "datapoints": [1]},
     "alarm.evaluation_periods"),
    ("unknown-key", {"alarm": dict(GOOD_ALARM, colour="red"), "datapoints": [1]}, "alarm.colour"),
    ("unknown-top-key", {"alarm": GOOD_ALARM, "datapoints": [1], "extra": 1}, "extra"),
    ("wrong-type", {"alarm": dict(GOOD_ALARM, threshold="high"), "datapoints": [1]}, "alarm.threshold"),
    ("bad-datapoint", {"alarm": GOOD_ALARM, "datapoints": [1, "two"]}, "datapoints[1]"),
    ("no-data", {"alarm": GOOD_ALARM}, "datapoints"),
    ("bad-state", {"alarm": GOOD_ALARM, "datapoints": [1], "initial_state": "RED"}, "initial_state"),
    ("bad-action", {"alarm": dict(GOOD_ALARM, alarm_actions=["lambda:fn"]), "datapoints": [1]}, "alarm.alarm_actions"),
    ("set-state-out-of-range", {"alarm": GOOD_ALARM, "datapoints": [1], "set_state": [{"after": 3, "state": "OK"}]},
     "set_state[0].after"),
]


@pytest.mark.parametrize("name, body, field", BAD_SPECS, ids=[b[0] for b in BAD_SPECS])
def test_bad_spec_exits_2_with_one_line_naming_file_line_and_field(tmp_path, name, body, field):
    spec = write(tmp_path, f"{name}.json", body)
    result = cli("scenario", "alarm", "--spec", str(spec), env_home=tmp_path)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"Error: {spec}:")
    assert f": {field}:" in lines[0]
    assert result.stdout == ""


@pytest.mark.parametrize("name, body, field", BAD_SPECS[:4], ids=[b[0] for b in BAD_SPECS[:4]])
def test_bad_spec_with_json_prints_the_error_as_json_and_exits_2(tmp_path, name, body, field):
    spec = write(tmp_path, f"{name}.json", body)
    result = cli("scenario", "alarm", "--spec", str(spec), "--json", env_home=tmp_path)
    assert result.returncode == 2
    doc = json.loads(result.stdout)
    assert set(doc) >= {"error", "message"} and field in doc["message"]
    assert "Traceback" not in result.stderr


def test_yaml_errors_name_the_line(tmp_path):
    spec = write(tmp_path, "broken.yaml", "alarm:\n  period: 60\n  threshold: [1\n")
    result = cli("scenario", "alarm", "--spec", str(spec), env_home=tmp_path)
    assert result.returncode == 2
    assert result.stderr.startswith(f"Error: {spec}:") and "Traceback" not in result.stderr
    line_spec = write(tmp_path, "line.yaml", "alarm:\n  period: 60\n  evaluation_periods: 3\n  threshold: 1\n"
                                             "  comparison: Bigger\ndatapoints: [1]\n")
    result = cli("scenario", "alarm", "--spec", str(line_spec), env_home=tmp_path)
    assert result.stderr.startswith(f"Error: {line_spec}:5: alarm.comparison:")


def test_missing_spec_file_is_a_clean_error(tmp_path):
    result = cli("scenario", "alarm", "--spec", str(tmp_path / "nope.yaml"), env_home=tmp_path)
    assert result.returncode == 2 and "no such file" in result.stderr and "Traceback" not in result.stderr


# --- composite -------------------------------------------------------------------------

def test_composite_json():
    result = CliRunner().invoke(app, ["scenario", "composite", "--rule", 'ALARM("a") AND NOT OK(b)',
                                      "--state", "a=ALARM", "--state", "b=ALARM", "--json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["state"] == "ALARM" and "ALARM(a) is TRUE" in doc["explanation"]
    result = CliRunner().invoke(app, ["scenario", "composite", "--rule", "ALARM(a) AND NOT OK(b)",
                                      "--state", "a=ALARM", "--state", "b=OK", "--json"])
    assert json.loads(result.stdout)["state"] == "OK"


def test_composite_bad_rule_json_has_error_message_and_position():
    result = CliRunner().invoke(app, ["scenario", "composite", "--rule", "ALARM(a) AND (", "--state", "a=OK", "--json"])
    assert result.exit_code == 2
    doc = json.loads(result.stdout)
    assert doc["error"] == "InvalidAlarmRule" and doc["position"] == 14 and "position 14" in doc["message"]


@pytest.mark.parametrize("args, words", [
    (["--rule", "ALARM(a) AND OK(b)", "--state", "a=OK"], "no state given for alarm 'b'"),
    (["--rule", "ALARM(a) AND", "--state", "a=OK"], "position 12"),
    (["--rule", "ALARM(a)", "--state", "a=RED"], "'RED' is not one of"),
    (["--rule", "ALARM(a)", "--state", "a"], "NAME=STATE"),
])
def test_composite_errors_exit_2_with_one_line(tmp_path, args, words):
    result = cli("scenario", "composite", *args, env_home=tmp_path)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and words in lines[0]
    json_result = cli("scenario", "composite", *args, "--json", env_home=tmp_path)
    assert json_result.returncode == 2 and "error" in json.loads(json_result.stdout)
