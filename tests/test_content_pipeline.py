"""Issue 2: the content pipeline validates strictly and reports `file:line: field: message`."""

from __future__ import annotations

import json
import shutil

import pytest
from conftest import FIXTURES, REPO, run_cli

# fixture file -> (line, field, what the message must say)
BROKEN = {
    "yaml_syntax.yaml": (5, "yaml", "did not find expected"),
    "unknown_key.yaml": (11, "colour", "unknown key"),
    "wrong_type.yaml": (6, "ko", "expected non-empty text, got a list"),
    "missing_field.yaml": (4, "explain", "missing"),
    "duplicate_id.yaml": (11, "id", "duplicate id 'alarm-states'"),
    "source_past_end.yaml": (10, "source.lines", "line 9999 is past the end of the notes"),
    "empty.yaml": (1, "file", "empty"),
    "not_utf8.yaml": (7, "encoding", "byte 0xe9 is not UTF-8"),
    "unsafe_tag.yaml": (11, "yaml", "unsafe or unknown tag refused"),
    "duplicate_key.yaml": (11, "yaml", "duplicate key 'family'"),
    "bad_id.yaml": (4, "id", "does not match"),
    "confuser_is_answer.yaml": (11, "confusers", "'ALARM' is also a correct answer"),
    "supplementary_no_reference.yaml": (11, "reference", "needs an AWS documentation reference"),
    "number_without_unit.yaml": (8, "answer", "expected {value: number, unit: text}"),
    "file_missing_title.yaml": (1, "title", "missing"),
    "not_a_mapping.yaml": (1, "file", "expected a mapping"),
}


def test_every_broken_fixture_is_listed():
    assert sorted(p.name for p in (FIXTURES / "broken").glob("*.yaml")) == sorted(BROKEN)
    assert len(BROKEN) >= 10


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_content_check_names_file_line_and_field(name, tmp_path):
    line, field, message = BROKEN[name]
    shutil.copy(FIXTURES / "broken" / name, tmp_path / name)
    result = run_cli("content", "check", str(tmp_path))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    first = result.stdout.splitlines()[0]
    assert first.startswith(f"{tmp_path / name}:{line}:"), first
    assert f" {field}: " in first and message in first, first


def test_duplicate_ids_across_files_are_reported(tmp_path):
    good = FIXTURES / "good" / "alarms.yaml"
    shutil.copy(good, tmp_path / "a.yaml")
    (tmp_path / "b.yaml").write_text(good.read_text(encoding="utf-8").replace("cloudwatch/alarms", "other"),
                                     encoding="utf-8")
    result = run_cli("content", "check", str(tmp_path))
    assert result.returncode == 1
    assert "b.yaml:4: id: duplicate id 'alarm-states' (first at" in result.stdout


def test_every_problem_is_reported_not_just_the_first(tmp_path):
    for name in ("unknown_key.yaml", "bad_id.yaml"):
        shutil.copy(FIXTURES / "broken" / name, tmp_path / name)
    result = run_cli("content", "check", str(tmp_path))
    assert result.returncode == 1
    assert len(result.stdout.splitlines()) == 2


def test_a_valid_directory_passes():
    result = run_cli("content", "check", str(FIXTURES / "good"))
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("ok: 1 files, 1 topics, 2 facts")


def test_shipped_content_passes_content_check():
    result = run_cli("content", "check")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr


def test_facts_json_carries_every_field():
    result = run_cli("facts", "--json")
    assert result.returncode == 0, result.stderr
    facts = json.loads(result.stdout)
    assert isinstance(facts, list) and facts
    for fact in facts:
        assert {"id", "topic", "family", "ko", "en", "answer", "source", "explain"} <= set(fact)
        assert fact["source"]["lines"] or fact["supplementary"]
    with_erratum = [f for f in facts if "erratum" in f]
    assert with_erratum and all({"notes_said", "correct", "reference"} <= set(f["erratum"]) for f in with_erratum)


def test_facts_topic_filter_and_unknown_topic():
    all_facts = json.loads(run_cli("facts", "--json").stdout)
    topic = all_facts[0]["topic"]
    some = json.loads(run_cli("facts", "--json", "--topic", topic).stdout)
    assert some and all(f["topic"] == topic for f in some)
    bad = run_cli("facts", "--topic", "no-such-topic")
    assert bad.returncode == 1 and bad.stderr.startswith("Error: no topic 'no-such-topic'")


def test_help_lists_the_commands_both_ways():
    for args in (["--help"],):
        result = run_cli(*args)
        assert result.returncode == 0
        for command in ("content", "facts", "topics", "scenario"):
            assert command in result.stdout


def test_json_schema_matches_the_shipped_content():
    jsonschema = pytest.importorskip("jsonschema")
    import yaml

    schema = json.loads(run_cli("content", "schema").stdout)
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    files = sorted((REPO / "content").glob("*.yaml"))
    assert files
    for path in files:
        errors = list(validator.iter_errors(yaml.safe_load(path.read_text(encoding="utf-8"))))
        assert not errors, f"{path.name}: {errors[0].message}"


def test_json_schema_rejects_what_the_validator_rejects():
    jsonschema = pytest.importorskip("jsonschema")
    import yaml

    schema = json.loads(run_cli("content", "schema").stdout)
    validator = jsonschema.Draft202012Validator(schema)
    for name in ("unknown_key.yaml", "wrong_type.yaml", "missing_field.yaml", "bad_id.yaml",
                 "number_without_unit.yaml", "file_missing_title.yaml"):
        doc = yaml.safe_load((FIXTURES / "broken" / name).read_text(encoding="utf-8"))
        assert list(validator.iter_errors(doc)), name
