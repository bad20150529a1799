"""Acceptance 1: every case recorded against real AWS passes (match, no match, or AWS's rejection message).

The cases live in ../shared/conformance/eventbridge_patterns_aws_recorded.yaml and are read
from there (never copied into the project); the test skips where the file is absent.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from studycli.errors import SpecError
from studycli.sims.eventbridge.event_pattern import CompiledPatterns, parse_pattern

CONFORMANCE = Path(__file__).resolve().parents[2] / "shared" / "conformance" / "eventbridge_patterns_aws_recorded.yaml"


def _cases() -> list[dict]:
    if not CONFORMANCE.is_file():
        return []
    import yaml

    return yaml.safe_load(CONFORMANCE.read_text(encoding="utf-8"))["cases"]


CASES = _cases()
pytestmark = pytest.mark.skipif(not CASES, reason=f"{CONFORMANCE} is absent")


def test_the_recorded_file_holds_all_170_cases():
    assert len(CASES) == 170
    assert {c["expected"] for c in CASES} == {"match", "no_match", "invalid_pattern"}


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_aws_recorded_case(case):
    text = case.get("pattern_raw") or case["pattern"]   # raw text keeps duplicate keys and bad JSON as AWS saw them
    event = json.loads(case["event"])
    if case["expected"] == "invalid_pattern":
        with pytest.raises(SpecError) as caught:
            parse_pattern(text)
        assert caught.value.kind == "InvalidEventPattern"
        if case.get("aws_error_message"):
            assert str(caught.value) == case["aws_error_message"]
        return
    pattern = parse_pattern(text)
    expected = case["expected"] == "match"
    assert pattern.matches(event) is expected
    assert (CompiledPatterns({case["id"]: pattern}).matching(event) == [case["id"]]) is expected


def test_all_recorded_patterns_compile_into_one_matcher_that_agrees():
    valid = {}
    for case in CASES:
        try:
            valid[case["id"]] = parse_pattern(case.get("pattern_raw") or case["pattern"])
        except SpecError:
            continue
    together = CompiledPatterns(valid)
    for case in CASES:
        event = json.loads(case["event"])
        assert together.matching(event) == [name for name, p in valid.items() if p.matches(event)]
