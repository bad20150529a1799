"""Issue 5: typed answers are forgiving about hyphens and units; numbers read naturally."""

from __future__ import annotations

import pytest

from studycli.models import format_number
from studycli.study.questions.answers import same_typed_answer


@pytest.mark.parametrize("typed", ["30 dimensions", "30-dimensions", "30", "30 Dimensions", "30dimensions"])
def test_a_number_may_be_typed_with_or_without_its_unit_and_hyphen(typed):
    assert same_typed_answer(typed, "30 dimensions")


def test_units_convert_and_a_wrong_number_is_still_wrong():
    assert same_typed_answer("60 seconds", "1 minute")
    assert not same_typed_answer("31-dimensions", "30 dimensions")


@pytest.mark.parametrize("number, shown", [({"value": 1, "unit": "export tasks"}, "1 export task"),
                                           ({"value": 1, "unit": "minutes"}, "1 minute"),
                                           ({"value": 2, "unit": "minutes"}, "2 minutes"),
                                           ({"value": 0.003, "unit": "USD"}, "$0.003")])
def test_numbers_read_naturally(number, shown):
    assert format_number(number) == shown
