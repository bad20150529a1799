"""Issue 13: one error vocabulary. Every code the code can emit is in the README's table
with its exit code, every row of that table is a code the code emits, and no raise site
spells a code of its own."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest
from conftest import REPO, run_cli

from studycli import errors
from studycli.errors import CODES, SpecError, StudyError

PACKAGE = REPO / "studycli"
ROW = re.compile(r"^\| `([A-Za-z]+)` \| (\d+) \| (.+) \|$")


def readme_table() -> dict[str, int]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text.split("## Error codes", 1)[1].split("\n## ", 1)[0]
    rows = [ROW.match(line) for line in section.splitlines()]
    return {m.group(1): int(m.group(2)) for m in rows if m}


def constants() -> dict[str, str]:
    """The code constants of studycli.errors: NAME -> code."""
    return {name: value for name, value in vars(errors).items() if name.isupper() and isinstance(value, str) and value in CODES}


def source_files() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def test_the_readme_table_is_the_vocabulary_code_for_code_and_exit_for_exit():
    assert readme_table() == {c.name: c.exit_code for c in CODES.values()}


def test_every_code_has_a_constant_that_some_module_uses():
    # "vice versa": a README row the code can never emit would be a lie
    named = constants()
    assert set(named.values()) == set(CODES)
    text = "\n".join(path.read_text(encoding="utf-8") for path in source_files())
    for name in named:
        uses = len(re.findall(rf"\b{name}\b", text)) - len(re.findall(rf"^{name} = _code\(", text, re.M))
        assert uses > 0, f"{name} is defined but nothing raises it"


@pytest.mark.parametrize("path", source_files(), ids=lambda p: str(p.relative_to(REPO)))
def test_raise_sites_name_codes_through_the_vocabulary(path):
    """`kind=`/`code=` of an error is a constant of studycli.errors (or a code passed on as it came)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = constants()
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        callee = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
        if not callee.endswith(("Error", "usage", "_fail")):
            continue
        for keyword in node.keywords:
            if keyword.arg not in ("kind", "code"):
                continue
            value = keyword.value
            ok = (isinstance(value, ast.Name) and (value.id in names or value.id in ("kind", "code"))) or \
                 (isinstance(value, ast.Attribute) and value.attr in ("kind", "code"))  # passed on as it came
            assert ok, f"{path}:{node.lineno}: {callee}({keyword.arg}={ast.unparse(value)}) is not a code constant"


def test_an_unknown_code_is_refused_at_once():
    with pytest.raises(ValueError):
        StudyError("x", code="NoSuchCode")


def test_json_error_documents_carry_a_code_of_the_table():
    seen = set()
    for args in (["scenario", "eventbridge", "--pattern", '{"source": ["x"]}', "--json"],
                 ["scenario", "alarm", "--json"],
                 ["scenario", "composite", "--rule", "ALARM(a) AND (", "--state", "a=OK", "--json"],
                 ["scenario", "logs", "--filter", "{ $.a = ", "--event", "{}", "--json"],
                 ["scenario", "schedule", "cron(0 12 * * * *)", "--json"]):
        result = run_cli(*args)
        document = json.loads(result.stdout)
        assert document["error"] in CODES and result.returncode == CODES[document["error"]].exit_code, args
        seen.add(document["error"])
    assert seen == {"Usage", "InvalidAlarmRule", "InvalidFilterPattern", "InvalidSchedule"}


def test_the_exit_code_is_the_codes_and_the_line_names_it_where_the_table_says():
    usage = run_cli("scenario", "logs", "--filter", "ERROR")
    assert usage.returncode == CODES["Usage"].exit_code == 2
    assert usage.stderr == "Error: give exactly one of --event LINE or --events FILE\n"
    unknown = run_cli("scenario", "play", "no-such-scenario")
    assert unknown.returncode == CODES["InvalidValue"].exit_code == 1
    assert unknown.stderr.startswith("Error: no scenario 'no-such-scenario' (available: ")
    api = run_cli("scenario", "cloudtrail", "--api", "Get Object", "--service", "s3")
    assert api.returncode == 2 and api.stderr.startswith("Error: InvalidApiCall: ")


def test_a_spec_error_keeps_its_code_and_details_when_a_location_is_put_before_it():
    err = SpecError("expected ')'", kind=errors.INVALID_ALARM_RULE, position=3, subject="A(")
    moved = err.prefixed("rules.yaml:4: setup.rule: ")
    assert str(moved) == "rules.yaml:4: setup.rule: AlarmRule: expected ')' at position 3 in 'A('"
    assert moved.to_json() == {"error": "InvalidAlarmRule", "message": str(moved), "position": 3}
    assert moved.exit_code == 2
