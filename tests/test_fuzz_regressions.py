"""Inputs fuzzing once broke a parser with (non-ASCII digits: '¹'.isdigit() is True but int('¹') fails)."""

from __future__ import annotations

import pytest

from studycli.errors import SpecError
from studycli.sims.eventbridge.event_pattern import parse_pattern
from studycli.sims.eventbridge.schedule import parse_schedule


@pytest.mark.parametrize("expression", ["rate(¹ minute)", "rate(٣ minutes)", "cron(¹ 12 * * ? *)",
                                        "cron(0 12 ? * 1#² *)", "cron(0/² 12 * * ? *)"])
def test_non_ascii_digits_in_schedules_are_spec_errors(expression):
    with pytest.raises(SpecError):
        parse_schedule(expression)


def test_non_ascii_digits_in_a_cidr_are_spec_errors():
    with pytest.raises(SpecError):
        parse_pattern('{"detail": {"ip": [{"cidr": "10.0.0.0/²⁴"}]}}')


def test_a_line_break_in_what_the_user_wrote_stays_on_one_line(tmp_path):
    from studycli.scenarios.alarm import load_spec

    spec = tmp_path / "spec.yaml"
    spec.write_text('alarm: {period: 60, evaluation_periods: 1, threshold: 1, comparison: GreaterThanThreshold}\n'
                    'datapoints: [1]\nset_state: [{"\\n": null}]\n', encoding="utf-8")
    with pytest.raises(SpecError) as err:
        load_spec(spec)
    assert "\n" not in str(err.value) and "\\n" in str(err.value)
