"""Issue 10: alarm specs and composite rules are fuzzed; only the project's own error type may come out."""

from __future__ import annotations

import json

import yaml
from fuzzing import fuzz_settings
from hypothesis import given
from hypothesis import strategies as st

from studycli.errors import StudyError
from studycli.scenarios.alarm import load_spec, simulate
from studycli.sims.alarms.composite import composite_state

VALID = {"alarm": {"period": 60, "evaluation_periods": 3, "datapoints_to_alarm": 2, "threshold": 80,
                   "comparison": "GreaterThanThreshold", "statistic": "Average", "treat_missing_data": "missing"},
         "datapoints": [50, 90, 95, None, 40]}

scalars = st.one_of(st.none(), st.booleans(), st.integers(-10**9, 10**9), st.floats(allow_nan=True),
                    st.text(max_size=12), st.sampled_from(["p99", "p0", "p100.5", "GreaterThanThreshold", "each",
                                                           "once", "ALARM", "breaching", "10", "45"]))
values = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=5),
                                                       st.dictionaries(st.text(max_size=10), inner, max_size=4)),
                      max_leaves=10)


def evaluate(tmp_path, text: str, suffix: str = ".yaml") -> None:
    path = tmp_path / f"spec{suffix}"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    try:
        simulate(load_spec(path))
    except StudyError as err:
        assert str(err) and "\n" not in str(err)


@fuzz_settings(150)
@given(st.sampled_from(sorted(VALID["alarm"])), values)
def test_any_value_in_any_alarm_field(tmp_path, field, value):
    spec = json.loads(json.dumps(VALID))
    spec["alarm"][field] = value
    evaluate(tmp_path, yaml.safe_dump(spec))


@fuzz_settings(150)
@given(st.sampled_from(["datapoints", "samples", "evaluate", "initial_state", "set_state", "evaluation_range",
                        "alarm", "extra"]), values)
def test_any_value_in_any_top_level_field(tmp_path, field, value):
    spec = json.loads(json.dumps(VALID))
    spec[field] = value
    evaluate(tmp_path, yaml.safe_dump(spec))


@fuzz_settings(150)
@given(st.text(max_size=200))
def test_any_text_as_a_spec_file(tmp_path, text):
    evaluate(tmp_path, text)
    evaluate(tmp_path, text, ".json")


rule_tokens = st.sampled_from(['ALARM("a")', "OK(b)", "INSUFFICIENT_DATA(c)", "ALARM(", ")", "(", "AND", "OR",
                               "NOT", "TRUE", "FALSE", '"', "and", "ALARM(zz)", ",", " "])


@fuzz_settings(150)
@given(st.one_of(st.text(max_size=80), st.lists(rule_tokens, max_size=14).map(" ".join)))
def test_any_composite_rule(rule):
    try:
        outcome = composite_state(rule, {"a": "ALARM", "b": "OK", "c": "INSUFFICIENT_DATA"})
    except StudyError as err:
        assert str(err)
        return
    assert outcome.state in ("ALARM", "OK")
