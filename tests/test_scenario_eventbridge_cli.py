"""Acceptance 2: the `scenario eventbridge --json` contract, exit 2 on invalid patterns; schedule and cloudtrail commands."""

from __future__ import annotations

import json

from conftest import run_cli
from typer.testing import CliRunner

from studycli.cli import app

EVENT = json.dumps({"version": "0", "id": "1", "detail-type": "EC2 Instance State-change Notification",
                    "source": "aws.ec2", "account": "123456789012", "time": "2026-01-01T00:00:00Z",
                    "region": "us-east-1", "resources": [], "detail": {"state": "stopped"}})
runner = CliRunner()


def invoke(*args: str):
    return runner.invoke(app, ["scenario", *args])


def test_match_true_and_false_as_json():
    yes = invoke("eventbridge", "--pattern", '{"source": ["aws.ec2"]}', "--event", EVENT, "--json")
    assert yes.exit_code == 0 and json.loads(yes.stdout) == {"match": True}
    no = invoke("eventbridge", "--pattern", '{"detail": {"state": ["running"]}}', "--event", EVENT, "--json")
    assert no.exit_code == 0 and json.loads(no.stdout) == {"match": False}


def test_invalid_pattern_json_error_and_exit_2():
    result = invoke("eventbridge", "--pattern", '{"source": "aws.ec2"}', "--event", EVENT, "--json")
    assert result.exit_code == 2
    assert json.loads(result.stdout) == {
        "error": "InvalidEventPattern",
        "message": 'Event pattern is not valid. Reason: "source" must be an object or an array'}


def test_invalid_pattern_without_json_is_one_stderr_line():
    result = run_cli("scenario", "eventbridge", "--pattern", '{"source": [{"prefix": 1}]}', "--event", EVENT)
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr == ("Error: InvalidEventPattern: Event pattern is not valid. Reason: "
                             "prefix match pattern must be a string\n")


def test_pattern_and_event_from_files(tmp_path):
    pattern = tmp_path / "p.json"
    pattern.write_text('{"detail": {"state": [{"anything-but": "running"}]}}')
    event = tmp_path / "e.json"
    event.write_text(EVENT)
    result = run_cli("scenario", "eventbridge", "--pattern", str(pattern), "--event", str(event), "--json")
    assert result.returncode == 0 and json.loads(result.stdout) == {"match": True}


def test_bad_event_json_exits_2_with_a_clear_message():
    result = run_cli("scenario", "eventbridge", "--pattern", '{"source": ["aws.ec2"]}', "--event", "{oops")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.startswith("Error: InvalidEvent: --event: the event is not valid JSON")
    as_json = invoke("eventbridge", "--pattern", '{"source": ["aws.ec2"]}', "--event", "[1, 2]", "--json")
    assert as_json.exit_code == 2 and json.loads(as_json.stdout)["error"] == "InvalidEvent"
    missing = run_cli("scenario", "eventbridge", "--pattern", '{"source": ["x"]}', "--event", "./nope.json")
    assert missing.returncode == 2 and "neither JSON text nor an existing file" in missing.stderr


def test_only_one_of_pattern_and_event_is_a_usage_error():
    result = invoke("eventbridge", "--pattern", '{"source": ["x"]}', "--json")
    assert result.exit_code == 2 and json.loads(result.stdout)["error"] == "Usage"


def test_text_output():
    result = invoke("eventbridge", "--pattern", '{"source": ["aws.ec2"]}', "--event", EVENT)
    assert result.exit_code == 0 and result.stdout == "match\n"


def test_schedule_next_runs_json():
    result = invoke("schedule", "cron(0 18 ? * MON-FRI *)", "--from", "2026-01-02T19:00:00Z", "--count", "2", "--json")
    assert result.exit_code == 0
    doc = json.loads(result.stdout)
    assert doc["next_runs"] == ["2026-01-05T18:00:00Z", "2026-01-06T18:00:00Z"] and doc["kind"] == "cron"


def test_schedule_text_and_invalid():
    ok = invoke("schedule", "rate(1 day)", "--from", "2026-01-01T00:00:00Z", "--count", "1")
    assert ok.exit_code == 0 and "2026-01-02 Fri 00:00 UTC" in ok.stdout
    bad = run_cli("scenario", "schedule", "cron(0 10 * * * *)")
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1
    assert bad.stderr.startswith("Error: InvalidSchedule: invalid schedule expression 'cron(0 10 * * * *)'")
    bad_from = run_cli("scenario", "schedule", "rate(1 day)", "--from", "yesterday")
    assert bad_from.returncode == 2 and "--from" in bad_from.stderr


def test_cloudtrail_classification_json():
    result = invoke("cloudtrail", "--api", "PutObject", "--service", "s3", "--json")
    assert result.exit_code == 0
    doc = json.loads(result.stdout)
    assert (doc["event_category"], doc["read_only"], doc["logged_by_default"]) == ("Data", False, False)
    mgmt = json.loads(invoke("cloudtrail", "--api", "ConsoleLogin", "--service", "signin", "--json").stdout)
    assert mgmt["event_category"] == "Management" and mgmt["in_event_history"] is True


def test_cloudtrail_text_and_errors():
    text = invoke("cloudtrail", "--api", "ListUsers", "--service", "iam")
    assert text.exit_code == 0 and "Management event, read" in text.stdout
    bad = run_cli("scenario", "cloudtrail", "--api", "Get Object", "--service", "s3")
    assert bad.returncode == 2 and bad.stderr.startswith("Error: InvalidApiCall:")
    half = run_cli("scenario", "cloudtrail", "--api", "GetObject")
    assert half.returncode == 2


def test_interactive_play_records_predictions():
    # line mode (stdin not a TTY): answer A to every checkpoint of the root-login scenario
    result = run_cli("scenario", "eventbridge", "eb-root-login-alert", stdin="a\n" * 4)
    assert result.returncode == 0, result.stderr
    assert "Right" in result.stdout and "of 4 predictions right" in result.stdout
    cards = run_cli("scenario", "schedule", "--scenario", "eb-cron-schedule", stdin="b\n" * 5)
    assert cards.returncode == 0 and "of 5 predictions right" in cards.stdout


def test_absurdly_deep_input_is_a_clear_error_not_a_crash():
    # PutEvents processes nested JSON up to 1,100 levels (studycli.sims.json_input.MAX_DEPTH)
    deep_event = '{"a":' * 1200 + "1" + "}" * 1200
    result = invoke("eventbridge", "--pattern", '{"a": [1]}', "--event", deep_event, "--json")
    assert result.exit_code == 2
    assert json.loads(result.stdout)["message"].startswith("--event: the event nests more than 1100 levels deep")
    within = '{"a":' * 900 + "1" + "}" * 900
    within_run = run_cli("scenario", "eventbridge", "--pattern", '{"a": [1]}', "--event", within, "--json")
    assert within_run.returncode == 0 and json.loads(within_run.stdout) == {"match": False}
    deep_pattern = '{"a":' * 5000 + "[1]" + "}" * 5000
    result = invoke("eventbridge", "--pattern", deep_pattern, "--event", EVENT, "--json")
    # 10,000 characters: refused by the pattern size quota (2,048) before its depth is read
    assert result.exit_code == 2 and json.loads(result.stdout)["error"] == "LimitExceededException"
