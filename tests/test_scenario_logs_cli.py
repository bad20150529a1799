"""Acceptance 5: the `--json` contracts of `scenario logs | insights | config`, including exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from studycli.cli import app
from tests.conftest import run_cli

LOG = Path(__file__).resolve().parent / "fixtures" / "logs" / "app.log"
runner = CliRunner()


def invoke(*args: str, stdin: str | None = None):
    return runner.invoke(app, ["scenario", *args], input=stdin)


def test_logs_one_event_json_is_match_and_fields():
    result = invoke("logs", "--filter", "ERROR", "--event", "[ERROR 500] INTERNAL", "--json")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == {"match": True, "fields": {}}


def test_logs_space_delimited_fields_are_returned():
    line = '127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] "GET /index.html HTTP/1.0" 404 1534'
    result = invoke("logs", "--filter", "[..., status_code = 4*, bytes]", "--event", line, "--json")
    document = json.loads(result.stdout)
    assert document["match"] is True
    assert document["fields"]["$status_code"] == "404" and document["fields"]["$bytes"] == "1534"


def test_logs_json_pattern_fields_are_the_selected_values():
    result = invoke("logs", "--filter", "{ $.latency > 100 }", "--event", '{"latency": 250}', "--json")
    assert json.loads(result.stdout) == {"match": True, "fields": {"$.latency": 250}}


def test_logs_events_file_gives_a_list_in_line_order(tmp_path):
    events = tmp_path / "events.log"
    events.write_text("[ERROR] one\n[INFO] two\n\n[ERROR] three\n", encoding="utf-8")
    result = invoke("logs", "--filter", "ERROR", "--events", str(events), "--json")
    document = json.loads(result.stdout)
    assert [(d["line"], d["match"], d["fields"]) for d in document] == [(1, True, {}), (2, False, {}), (4, True, {})]


@pytest.mark.parametrize("pattern", ["{ $.a = ", "[a, b", '"unclosed', "{ $.x > fast }"])
def test_invalid_pattern_exits_2_with_error_json(pattern):
    result = invoke("logs", "--filter", pattern, "--event", "{}", "--json")
    assert result.exit_code == 2
    document = json.loads(result.stdout)
    assert document["error"] == "InvalidFilterPattern" and document["message"]


def test_invalid_pattern_without_json_is_one_error_line_and_exit_2():
    proc = run_cli("scenario", "logs", "--filter", "{ $.a = ", "--event", "{}")
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert proc.stderr.startswith("Error: invalid filter pattern:") and proc.stderr.count("\n") == 1
    assert "Traceback" not in proc.stderr


def test_logs_needs_exactly_one_of_event_and_events():
    result = invoke("logs", "--filter", "ERROR", "--json")
    assert result.exit_code == 2 and json.loads(result.stdout)["error"] == "Usage"


def test_missing_events_file_is_a_clear_error():
    result = invoke("logs", "--filter", "ERROR", "--events", "/no/such/file.log", "--json")
    assert result.exit_code == 2 and "no such file" in json.loads(result.stdout)["message"]


def test_insights_json_has_columns_rows_and_statistics():
    result = invoke("insights", "--query", "filter @message like /Exception/ | stats count(*) as n", "--log",
                    str(LOG), "--json")
    assert result.exit_code == 0
    document = json.loads(result.stdout)
    assert document["columns"] == ["n"] and document["rows"] == [{"n": 3}]
    assert document["statistics"] == {"recordsScanned": 10, "recordsMatched": 3}


def test_insights_bad_query_exits_2_with_one_line():
    proc = run_cli("scenario", "insights", "--query", "stats median(x)", "--log", str(LOG))
    assert proc.returncode == 2 and proc.stderr.startswith("Error: invalid query:") and proc.stderr.count("\n") == 1
    result = invoke("insights", "--query", "limit 0", "--log", str(LOG), "--json")
    assert result.exit_code == 2 and json.loads(result.stdout)["error"] == "InvalidQuery"


def test_config_cost_json():
    result = invoke("config", "--cost", "--items", "10000", "--evaluations", "50000", "--json")
    assert result.exit_code == 0
    document = json.loads(result.stdout)
    assert document["total"] == 80.0 and document["price_per_item"] == 0.003 and document["currency"] == "USD"


def test_config_cost_daily_and_bad_numbers():
    document = json.loads(invoke("config", "--cost", "--items", "100", "--evaluations", "0", "--daily",
                                 "--json").stdout)
    assert document["recording"] == "daily" and document["items_cost"] == 1.2
    result = invoke("config", "--cost", "--items", "-5", "--evaluations", "0", "--json")
    assert result.exit_code == 2 and "whole number" in json.loads(result.stdout)["message"]


def test_playing_a_logs_scenario_in_line_mode_records_predictions():
    result = invoke("logs", "logs-filter-patterns", stdin="A\nB\nB\nA\nB\n")
    assert result.exit_code == 0, result.output
    assert "5 of 5 predictions right" in result.stdout


def test_playing_config_and_insights_scenarios():
    assert "predictions right" in invoke("config", "config-cost-estimate", stdin="A\nB\nB\n").stdout
    assert "predictions right" in invoke("insights", "insights-sample-queries", stdin="A\nB\nB\nC\nC\n").stdout
