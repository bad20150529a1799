"""Large alarm specs: the streamed run says exactly what the step-by-step run says, and JSON specs read compactly.

`write_json` (what `scenario alarm --spec --json` prints) and `rows` write reasons with the fast
ReasonWriter; `run` builds each reason as a message. They must agree word for word, in every language.
"""

from __future__ import annotations

import io
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from studycli.cli import app
from studycli.errors import SpecError
from studycli.i18n import render
from studycli.jsonsrc import Numbers, load_text
from studycli.sims.alarms.alarm import STATES, ForcedState, Inputs, make_config, rows, run, write_json
from studycli.sims.alarms.metric_alarm.math import parse_metrics

values = st.lists(st.one_of(st.none(), st.integers(0, 100).map(float)), min_size=1, max_size=40)
# what a spec reads (floats, nulls) and what a caller may pass (ints, fractions, negatives)
any_values = st.lists(st.one_of(st.none(), st.integers(-5, 100), st.floats(-1e6, 1e6, allow_nan=False),
                                st.integers(0, 100).map(float)), min_size=1, max_size=40)


@st.composite
def alarms(draw):
    n = draw(st.integers(1, 5))
    band = draw(st.booleans())
    config = make_config(period=draw(st.sampled_from([10, 60, 3600])), evaluation_periods=n,
                         datapoints_to_alarm=draw(st.integers(1, n)),
                         comparison=draw(st.sampled_from(["LessThanLowerOrGreaterThanUpperThreshold",
                                                          "GreaterThanUpperThreshold"]) if band else
                                         st.sampled_from(["GreaterThanThreshold", "LessThanOrEqualToThreshold"])),
                         threshold=None if band else 50,
                         treat_missing_data=draw(st.sampled_from(["missing", "ignore", "breaching", "notBreaching"])),
                         alarm_actions=["sns:a"], ok_actions=["autoscaling:p"])
    points = draw(values)
    bands = [(30.0, 70.0)] * len(points) if band else None
    forced = tuple(ForcedState(i, s, "drill") for i, s in draw(st.lists(
        st.tuples(st.integers(0, len(points) - 1), st.sampled_from(["OK", "ALARM"])), max_size=2)))
    return config, Inputs(values=points, bands=bands), forced, draw(st.sampled_from([None, n + 3]))


@st.composite
def runs(draw):
    """Any run `write_json` may be asked for: `alarms()`, and also low-sample periods, every initial state,
    evaluate once, metric math, several actions, values of any kind."""
    n = draw(st.integers(1, 5))
    kind = draw(st.sampled_from(["plain", "plain", "plain", "band", "math"]))
    math = None
    if kind == "math":
        expression = draw(st.sampled_from(["m1 * 2", "m1 + m2", "FILL(m1, 0) / m2 * 100", "FILL(m1, 1) - m2"]))
        math = parse_metrics([{"id": "m1", "metric": "A"}, {"id": "m2", "metric": "B"},
                              {"id": "e", "expression": expression, "return_data": True}], 60, None)
    comparisons = (["LessThanLowerOrGreaterThanUpperThreshold", "LessThanLowerThreshold"] if kind == "band" else
                   ["GreaterThanThreshold", "GreaterThanOrEqualToThreshold", "LessThanThreshold",
                    "LessThanOrEqualToThreshold"])
    config = make_config(period=draw(st.sampled_from([10, 60, 3600, 86_400 // n])), evaluation_periods=n,
                         datapoints_to_alarm=draw(st.integers(1, n)), comparison=draw(st.sampled_from(comparisons)),
                         threshold=None if kind == "band" else draw(st.sampled_from([50, 0.5, -3])),
                         treat_missing_data=draw(st.sampled_from(["missing", "ignore", "breaching", "notBreaching"])),
                         alarm_actions=["sns:a", "autoscaling:up"], ok_actions=draw(st.sampled_from([[], ["sns:b"]])),
                         insufficient_data_actions=draw(st.sampled_from([[], ["autoscaling:x"]])), math=math)
    points = draw(any_values if kind == "plain" else values)
    count = len(points)
    series = {"m1": points, "m2": draw(st.lists(st.sampled_from([None, 0.0, 2.0, 10.0]), min_size=count,
                                                max_size=count))} if math else {}
    bands = draw(st.lists(st.sampled_from([(30.0, 70.0), (None, 60.0), (40.0, None)]), min_size=count,
                          max_size=count)) if kind == "band" else None
    significant = draw(st.none() | st.lists(st.booleans(), min_size=count, max_size=count)) if not math else None
    inputs = Inputs(values=() if math else points, bands=bands, significant=significant, series=series)
    evaluate = draw(st.sampled_from(["each", "each", "once"]))
    forced = () if evaluate == "once" else tuple(ForcedState(i, s, r) for i, s, r in draw(st.lists(
        st.tuples(st.integers(0, count - 1), st.sampled_from(STATES), st.sampled_from(["drill", "é \"x\"\n"])),
        max_size=2)))
    return config, inputs, dict(initial_state=draw(st.sampled_from(STATES)), evaluate=evaluate, forced=forced,
                                evaluation_range=draw(st.sampled_from([None, n + 3])))


def document(steps, final):
    """The streamed document as `json.dumps` writes each step: a step a line."""
    lines = ",\n".join(json.dumps(step.to_json()) for step in steps)
    return '{"steps": [\n' + lines + '\n], "final_state": ' + json.dumps(final) + "}\n"


@settings(max_examples=120, deadline=None)
@given(alarms())
def test_the_streamed_json_is_the_run(case):
    config, inputs, forced, rng = case
    expected = run(config, inputs, forced=forced, evaluation_range=rng)
    out = io.StringIO()
    final = write_json(config, inputs, out, forced=forced, evaluation_range=rng)
    doc = json.loads(out.getvalue())
    assert doc["steps"] == expected.to_json()["steps"] and doc["final_state"] == final == expected.final_state


@settings(max_examples=400, deadline=None)
@given(runs())
def test_the_streamed_json_is_the_run_byte_for_byte(case):
    """write_json (its one-loop fast path for plain alarms evaluated each period, the general loop for the
    rest) writes exactly what the step-by-step `run` and the `rows` say, byte for byte."""
    config, inputs, options = case
    expected = run(config, inputs, **options)
    out = io.StringIO()
    final = write_json(config, inputs, out, **options)
    assert out.getvalue() == document(expected.steps, expected.final_state)
    assert final == expected.final_state
    assert out.getvalue() == document(list(rows(config, inputs, **options)), final)


@settings(max_examples=60, deadline=None)
@given(alarms(), st.sampled_from(["ko", "en", "both"]))
def test_rows_say_what_the_messages_say_in_every_language(case, lang):
    config, inputs, forced, rng = case
    steps = run(config, inputs, forced=forced, evaluation_range=rng).steps
    written = list(rows(config, inputs, lang=lang, aws_reasons=False, forced=forced, evaluation_range=rng))
    assert [r.reason for r in written] == [render(s.why, lang) for s in steps]


def test_a_long_run_prints_a_line_per_evaluation(tmp_path):
    spec = tmp_path / "long.json"
    spec.write_text(json.dumps({"alarm": {"period": 60, "evaluation_periods": 1, "threshold": 5,
                                          "comparison": "GreaterThanThreshold"},
                                "datapoints": [i % 10 for i in range(500)]}), encoding="utf-8")
    result = CliRunner().invoke(app, ["--lang", "en", "scenario", "alarm", "--spec", str(spec)])
    assert result.exit_code == 0, result.output
    lines = [line for line in result.stdout.splitlines() if "\t" in line]
    assert len(lines) == 500 and lines[6].split("\t")[:4] == ["6", "00:06:00", "6", "-> ALARM"]
    assert "Final state: ALARM" in result.stdout
    as_json = CliRunner().invoke(app, ["scenario", "alarm", "--spec", str(spec), "--json"])
    doc = json.loads(as_json.stdout)
    assert len(doc["steps"]) == 500 and doc["final_state"] == "ALARM"


def test_the_cli_writes_the_document_as_ascii_bytes(tmp_path):
    """--json goes to stdout's binary stream without CleanStream: it must already be clean ASCII JSON."""
    body = {"alarm": {"period": 60, "evaluation_periods": 2, "threshold": 5, "comparison": "GreaterThanThreshold",
                      "alarm_actions": ["sns:ops"]},
            "datapoints": [1, 9, None, 9, 2.5], "set_state": [{"after": 1, "state": "OK", "reason": "é\x1b[2J\u2028"}]}
    for spec_body in (body, {k: v for k, v in body.items() if k != "set_state"}):
        spec = tmp_path / "spec.json"
        spec.write_text(json.dumps(spec_body), encoding="utf-8")
        result = CliRunner().invoke(app, ["scenario", "alarm", "--spec", str(spec), "--json"])
        assert result.exit_code == 0, result.output
        from studycli.scenarios.alarm_spec import load_spec, simulate

        expected = simulate(load_spec(spec))
        assert result.stdout_bytes.decode("ascii") == document(expected.steps, expected.final_state)


# ---------------------------------------------------------------- JSON specs read compactly

def test_numeric_arrays_become_compact_and_keep_nulls():
    doc = load_text('{"a": [1, 2.5, null, -3e2, 1E+2],\n "b": {"c": [[1, 2], [3]], "d": "x"}, "e": [], "f": [1, "x"]}')
    assert isinstance(doc["a"], Numbers) and doc["a"].item(2) is None and list(doc["a"])[3:] == [-300.0, 100.0]
    assert [list(x) for x in doc["b"]["c"]] == [[1.0, 2.0], [3.0]] and doc["e"] == [] and doc["f"] == [1, "x"]
    assert doc.line_of("b") == 2 and doc["a"].line_of(3) == 1


@pytest.mark.parametrize("text,says", [
    ('{"a": [1, 2,]}', "Expecting value"), ('{"a": [1, .5]}', "Expecting value"), ('{"a": [+5]}', "Expecting value"),
    ('{"a": [5.]}', "Expecting"), ('{"a": NaN}', "NaN is not a JSON value"), ('{"a": [Infinity]}', "Infinity"),
    ('{"a": 1, "a": 2}', "duplicate key 'a'"), ('{"a": 1} x', "Extra data"), ('{"a": [1 2]}', "Expecting ','"),
    ('{"a": ' + "[" * 200 + "]" * 200 + "}", "nests too deeply"),
])
def test_json_errors_name_the_line(text, says):
    with pytest.raises(SpecError) as caught:
        load_text("\n" + text, "spec.json")
    assert str(caught.value).startswith("spec.json:2: json: ") and says in str(caught.value)


def test_a_bad_datapoint_in_a_long_json_list_names_its_line(tmp_path):
    spec = tmp_path / "bad.json"
    points = ",\n".join(["1"] * 1000 + ['"two"'] + ["3"] * 10)
    spec.write_text('{"alarm": {"period": 60, "evaluation_periods": 1, "threshold": 5, "comparison": '
                    '"GreaterThanThreshold"},\n"datapoints": [\n' + points + "]}", encoding="utf-8")
    from studycli.scenarios.alarm_spec import load_spec

    with pytest.raises(SpecError) as caught:
        load_spec(spec)
    assert str(caught.value).startswith(f"{spec}:1003: datapoints[1000]: expected a number or null")


@pytest.mark.parametrize("points,counts,says", [
    ("1, 2, -1e400, 4", "", "datapoints[2]: expected a finite number or null"),
    ("1e999, 2", "", "datapoints[0]: expected a finite number or null"),
    ("1, null, 3", ', "sample_counts": [5, 5, null]', "sample_counts[2]: expected a finite number"),
])
def test_a_compact_list_refuses_what_is_not_a_finite_number(tmp_path, points, counts, says):
    spec = tmp_path / "bad.json"
    spec.write_text('{"alarm": {"period": 60, "evaluation_periods": 1, "threshold": 5, "comparison": '
                    '"GreaterThanThreshold"},\n"datapoints": [' + points + "]" + counts + "}", encoding="utf-8")
    from studycli.scenarios.alarm_spec import load_spec

    with pytest.raises(SpecError) as caught:
        load_spec(spec)
    assert str(caught.value) == f"{spec}:2: {says}"


@pytest.mark.parametrize("body", [
    {"alarm": {"period": 60, "evaluation_periods": 3, "datapoints_to_alarm": 2, "threshold": 5,
               "comparison": "GreaterThanThreshold", "treat_missing_data": "breaching",
               "metrics": [{"id": "e", "metric": "Errors"}, {"id": "r", "metric": "Requests"},
                           {"id": "rate", "expression": "FILL(e, LINEAR) / r * 100 - AVG(e)", "return_data": True}]},
     "series": {"e": [1, None, 9, 9, None, None, 0, 30], "r": [100, 100, None, 100, 100, None, None, 100]}},
    {"alarm": {"period": 60, "evaluation_periods": 2, "comparison": "LessThanLowerOrGreaterThanUpperThreshold",
               "threshold_metric_id": "ad", "metrics": [
                   {"id": "m", "metric": "Latency"}, {"id": "x", "expression": "m * 2", "return_data": True},
                   {"id": "ad", "expression": "ANOMALY_DETECTION_BAND(x, 3)", "return_data": True}]},
     "series": {"m": [5, 50, 50, None, 5]}, "band": {"lower": [8, 8, 8, 8, 8], "upper": [20, 20, None, 20, 20]}},
    {"alarm": {"period": 60, "evaluation_periods": 2, "threshold": 5, "comparison": "GreaterThanThreshold",
               "statistic": "p50", "evaluate_low_sample_count_percentile": "ignore"},
     "samples": [[9] * 20, [9] * 3, [1] * 20, [9] * 25, []], "set_state": [{"after": 1, "state": "ALARM"}]},
], ids=["math", "band-on-math", "low-sample"])
def test_streamed_json_matches_the_run_for_math_bands_and_low_samples(body):
    from studycli.scenarios.alarm_spec import parse_spec, simulate
    from studycli.scenarios.alarm_spec import write_json as write_spec

    spec = parse_spec(body, lambda node, key=None: "spec:1")
    out = io.StringIO()
    write_spec(spec, out)
    expected = simulate(spec)
    assert json.loads(out.getvalue())["steps"] == expected.to_json()["steps"]
    ko = [r.reason for r in rows(spec.config, spec.inputs, lang="ko", aws_reasons=False, forced=spec.forced)]
    assert ko == [render(s.why, "ko") for s in expected.steps]
