"""Issue 3: every line of the notes is taught, every fact is complete, families make good wrong answers,
key facts are pinned, and errata are listed."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import defaultdict

import pytest
from conftest import REPO, SHARED, run_cli

from studycli.content import load_catalogue

CATALOGUE = load_catalogue()
FACTS = {f.id: f for f in CATALOGUE.facts}


def folded(value) -> str:
    if isinstance(value, dict) and set(value) == {"value", "unit"}:
        return f"{value['value']} {value['unit']}"
    return str(value).casefold().strip()


def family_pool(family: str) -> dict[str, set[str]]:
    """Distinct answers a family offers as wrong answers, per unit for numbers ('' for the rest)."""
    pool: dict[str, set[str]] = defaultdict(set)
    for fact in (f for f in CATALOGUE.facts if f.family == family):
        kind = fact.answer_kind
        items = list(fact.answer.values()) if kind == "mapping" else fact.answer if kind == "list" else [fact.answer]
        for item in [*items, *fact.confusers]:
            unit = item["unit"] if isinstance(item, dict) and "unit" in item else ""
            pool[unit].add(folded(item))
    return pool


@pytest.mark.skipif(not (SHARED / "tools" / "seed_coverage.py").exists(), reason="shared tools absent")
def test_every_required_line_of_the_notes_is_cited():
    result = subprocess.run([sys.executable, str(SHARED / "tools" / "seed_coverage.py"), str(REPO / "content")],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-2000:]
    assert "coverage: 166/166" in result.stdout
    report = json.loads(subprocess.run([sys.executable, str(SHARED / "tools" / "seed_coverage.py"),
                                        str(REPO / "content"), "--json"], capture_output=True, text=True).stdout)
    assert report["cited_but_not_a_fact_line"] == [], "facts and scenarios cite statements, not headings"


def test_every_fact_has_both_languages_a_family_an_answer_and_an_explanation():
    assert len(FACTS) >= 300
    for fact in FACTS.values():
        assert fact.ko.strip() and fact.en.strip() and fact.family and fact.answer not in (None, "", [], {})
        assert fact.explain["ko"].strip() and fact.explain["en"].strip()
        assert fact.source_lines, fact.id
        assert not fact.supplementary or fact.reference, fact.id


def test_every_family_has_one_answer_shape():
    shapes = defaultdict(set)
    for fact in FACTS.values():
        shapes[fact.family].add(fact.answer_kind)
    assert {f: s for f, s in shapes.items() if len(s) > 1} == {}


def test_every_family_offers_at_least_four_distinct_answers_per_unit():
    for family in {f.family for f in FACTS.values()}:
        for unit, answers in family_pool(family).items():
            assert len(answers) >= 4, f"family {family!r} ({unit or 'text'}) has only {sorted(answers)}"


def test_every_number_fact_has_wrong_answers_in_its_own_unit():
    for fact in (f for f in FACTS.values() if f.answer_kind == "number"):
        same_unit = family_pool(fact.family)[fact.answer["unit"]] - {folded(fact.answer)}
        assert len(same_unit) >= 3, f"{fact.id}: only {sorted(same_unit)} as wrong answers"


def test_no_prompt_gives_its_text_answer_away():
    for fact in (f for f in FACTS.values() if f.answer_kind == "text" and len(f.answer) > 3):
        for prompt in (fact.ko, fact.en):
            assert fact.answer.casefold() not in prompt.casefold(), fact.id


PINNED = {
    # CloudWatch metrics and logs
    "metrics-dimension-limit": {"value": 30, "unit": "dimensions"},
    "metrics-detailed-interval": {"value": 1, "unit": "minutes"},
    "delivery-export-api": "CreateExportTask",
    "delivery-subscription-limit": {"value": 2, "unit": "subscription filters"},
    "logs-retention-default": "Never expire",
    # alarms
    "alarm-states": ["OK", "ALARM", "INSUFFICIENT_DATA"],
    "alarm-composite-underlying-limit": {"value": 100, "unit": "alarms"},
    "alarm-recover-metric": "StatusCheckFailed_System",
    "alarm-set-state-command": 'aws cloudwatch set-alarm-state --alarm-name "myalarm" --state-value ALARM '
                                     '--state-reason "testing purposes"',
    # EventBridge, CloudTrail, Config
    "eb-formerly-cloudwatch-events": "Amazon CloudWatch Events",
    "eb-targets-per-rule": {"value": 5, "unit": "targets"},
    "trail-event-history-days": {"value": 90, "unit": "days"},
    "config-price-per-ci": {"value": 0.003, "unit": "USD"},
    "config-price-per-evaluation": {"value": 0.001, "unit": "USD"},
    "config-remediation-default-attempts": {"value": 5, "unit": "attempts"},
}


def test_pinned_key_facts_do_not_drift():
    missing = [fact_id for fact_id in PINNED if fact_id not in FACTS]
    assert not missing, f"pinned ids not found: {missing}"
    for fact_id, value in PINNED.items():
        assert FACTS[fact_id].answer == value, fact_id


def test_all_pinned_fact_tests_together_pin_at_least_25_facts():
    import re

    pinned = set(PINNED)
    for path in (REPO / "tests").glob("test_facts_*.py"):
        pinned |= set(re.findall(r'"((?:metrics|logs|insights-q|delivery|tail|agent|alarm|ci|eb|trail|config|elb)-[a-z0-9-]+)"',
                                 path.read_text(encoding="utf-8"))) & set(FACTS)
    assert len(pinned) >= 25


def test_errata_json_lists_what_the_notes_said_the_correct_fact_and_its_reference():
    result = run_cli("facts", "--errata", "--json")
    assert result.returncode == 0
    errata = json.loads(result.stdout)
    assert len(errata) >= 20
    for fact in errata:
        assert {"notes_said", "correct", "reference"} <= set(fact["erratum"])
        assert all(fact["erratum"][k].strip() for k in ("notes_said", "correct", "reference"))
    ids = {f["id"] for f in errata}
    assert {"config-price-per-ci", "alarm-set-state-command"} <= ids


def test_notes_only_leaves_out_supplementary_facts():
    everything = json.loads(run_cli("facts", "--json").stdout)
    notes_only = json.loads(run_cli("facts", "--json", "--notes-only").stdout)
    assert 0 < len(notes_only) < len(everything)
    assert not any(f["supplementary"] for f in notes_only)


def test_every_erratum_has_its_correction_in_english_too():
    missing = [f.id for f in FACTS.values() if f.erratum and not f.erratum.correct_en]
    assert missing == []
