"""Issue 17, acceptance 2: whatever goes in, what comes out is strict JSON or clean text.

For every command that has `--json` (and `content schema`), hypothesis feeds hostile input
where the command takes text (patterns, events, log lines, queries, rules, names, content
packs, settings, the pinned clock): control characters, escape sequences, lone surrogates,
NaN and Infinity, numbers past any double, deep nesting. Every run goes through the CLI's
own entry point (`studycli.cli.main`, in-process so hypothesis can try many inputs) and must

- print on stdout either nothing or exactly one document that a strict JSON parser reads
  (no NaN, no Infinity, valid UTF-8);
- print nothing, on stdout or stderr, with a control character other than newline and tab
  (the same commands without --json are checked too);
- never exit 70 (a bug) nor show a traceback.
"""

from __future__ import annotations

import io
import json
import os
import sys
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from studycli.errors import CODES

FIXTURE_LOG = Path(__file__).parent / "fixtures" / "logs" / "app.log"
GOOD_FACTS = Path(__file__).parent / "fixtures" / "good" / "alarms.yaml"
# The CLI raises the recursion limit when it starts (process.prepare); raise it once here too,
# so hypothesis does not see it change under each example.
sys.setrecursionlimit(max(sys.getrecursionlimit(), 20_000))
EXAMPLES = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                             HealthCheck.too_slow])


# --- running the CLI in-process through its own entry point --------------------------------

def invoke(args: list[str], home: Path, env: dict[str, str] | None = None) -> tuple[int, bytes, bytes]:
    """Run `studycli ARGS` as main() does; (exit code, stdout bytes, stderr bytes)."""
    from studycli import cli, i18n

    out, err = io.BytesIO(), io.BytesIO()
    saved = sys.stdin, sys.stdout, sys.stderr, sys.argv, dict(os.environ)
    streams = (io.TextIOWrapper(io.BytesIO(b""), encoding="utf-8"),
               io.TextIOWrapper(out, encoding="utf-8", write_through=True),
               io.TextIOWrapper(err, encoding="utf-8", write_through=True))
    sys.stdin, sys.stdout, sys.stderr = streams
    sys.argv = ["studycli", *args]
    os.environ.update({"STUDYCLI_HOME": str(home), "NO_COLOR": "1", "STUDYCLI_LANG": "en"})
    for key, value in (env or {}).items():
        # a value no UTF-8 can spell (a lone surrogate) reaches the process as the bytes a
        # shell would pass: undecodable, so Python hands it over with surrogate escapes
        os.environb[key.encode()] = value.encode("utf-8", "surrogatepass")
    language = i18n.language()
    try:
        cli.main()
        code = 0
    except SystemExit as done:
        code = done.code if isinstance(done.code, int) else (0 if done.code is None else 1)
    finally:
        sys.stdout.flush(), sys.stderr.flush()
        sys.stdin, sys.stdout, sys.stderr, sys.argv = saved[:4]
        os.environ.clear()
        os.environ.update(saved[4])
        i18n.set_language(language)
    values = out.getvalue(), err.getvalue()
    del streams  # closing the wrappers closes the buffers: read them first
    return code, *values


def strict(text: str) -> object:
    def refuse(name: str) -> object:
        raise AssertionError(f"{name} in --json output: not JSON")
    return json.loads(text, parse_constant=refuse)


def controls(text: str) -> list[str]:
    return sorted({repr(ch) for ch in text if unicodedata.category(ch) in ("Cc", "Cs") and ch not in "\n\t"})


def check(args: list[str], home: Path, env: dict[str, str] | None = None) -> int:
    code, out, err = invoke(args, home, env)
    stdout, stderr = out.decode("utf-8"), err.decode("utf-8")  # strict: both must be valid UTF-8
    assert code != CODES["InternalError"].exit_code and "Traceback" not in stderr, (args, stderr)
    assert controls(stdout) == [] and controls(stderr) == [], (args, controls(stdout), controls(stderr))
    if "--json" in args or args[:2] == ["content", "schema"]:
        if stdout.strip():
            strict(stdout)
        else:
            assert code != 0, (args, "exit 0 with no JSON document")
    return code


@pytest.fixture(scope="module")
def home(tmp_path_factory) -> Path:
    """One data directory with some progress (a review, a quiz answer) for every example."""
    home = tmp_path_factory.mktemp("strict") / "home"
    from conftest import run_cli

    env = {"STUDYCLI_HOME": str(home)}
    assert run_cli("review", stdin="\n3\n\n1\n", env=env).returncode == 0
    assert run_cli("quiz", "--count", "2", "--seed", "7", stdin="A\nB\n", env=env).returncode == 0
    return home


# --- hostile text -------------------------------------------------------------------------

# Every kind of character, surrogates and controls included; NUL cannot be in an argument.
ANY_CHAR = st.characters(codec=None, exclude_characters="\x00")
HOSTILE_PIECES = st.sampled_from([
    "\x1b]0;pwned\x07", "\x1b[2J", "\x1b[31m", "\x9b31m", "\r", "\x08", "\x7f", "\ud800", "\udcff", "\u202e",
    "NaN", "Infinity", "-Infinity", "1e999", "9" * 400, "9" * 4400, "%a*a*a*b%", "(a+)+$", "[" * 50, "{" * 50,
    '"', "\\", "*", "...", "ALARM(", "rate(", "cron(", "$.a", "\\ud800", "\\u001b"])
HOSTILE = st.lists(st.one_of(st.text(ANY_CHAR, max_size=12), HOSTILE_PIECES), max_size=6).map("".join)


def json_values(depth_limit: int = 4) -> st.SearchStrategy:
    leaves = st.one_of(st.none(), st.booleans(), st.integers(min_value=-(10**40), max_value=10**40),
                       st.floats(allow_nan=True, allow_infinity=True), HOSTILE)
    return st.recursive(leaves, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                        st.dictionaries(HOSTILE, inner, max_size=4)),
                        max_leaves=12)


# JSON text as a learner might paste it: NaN/Infinity tokens, \ud800 escapes, or not JSON at all.
JSON_TEXT = st.one_of(json_values().map(lambda v: json.dumps(v, allow_nan=True)),
                      st.dictionaries(HOSTILE, json_values(), max_size=4).map(lambda v: json.dumps(v, allow_nan=True)),
                      HOSTILE, st.integers(1, 2000).map(lambda n: "[" * n + "]" * n))


def no_nul(text: str) -> str:
    return text.replace("\x00", "")


# --- the commands ---------------------------------------------------------------------------

@EXAMPLES
@given(pattern=JSON_TEXT, event=JSON_TEXT, as_json=st.booleans())
def test_scenario_eventbridge(home, pattern, event, as_json):
    check(["scenario", "eventbridge", "--pattern", no_nul(pattern), "--event", no_nul(event)]
          + (["--json"] if as_json else []), home)


FILTERS = st.one_of(HOSTILE, st.sampled_from(["ERROR", "{ $.a = * }", "{ $.a > 1 }", "[a, b, ...]", "%ERR.*%",
                                              "[..., status = 5*, ...]", "{ $.a = %x+% }"]),
                    st.tuples(st.sampled_from(["{ $.a = ", "[x, ", "%", "?"]), HOSTILE).map("".join))


@EXAMPLES
@given(pattern=FILTERS, lines=st.lists(st.one_of(JSON_TEXT, HOSTILE), min_size=1, max_size=4),
       as_json=st.booleans())
def test_scenario_logs(home, tmp_path_factory, pattern, lines, as_json):
    events = tmp_path_factory.mktemp("ev") / "events.log"
    events.write_text("\n".join(line.replace("\n", " ") for line in lines), encoding="utf-8", errors="surrogatepass")
    flag = ["--json"] if as_json else []
    check(["scenario", "logs", "--filter", no_nul(pattern), "--event", no_nul(lines[0])] + flag, home)
    check(["scenario", "logs", "--filter", no_nul(pattern), "--events", str(events)] + flag, home)


QUERIES = st.one_of(HOSTILE, st.tuples(st.sampled_from([
    "fields @message | filter @message like /", "parse @message /(?<x>", "stats count(*) by ", "fields ",
    "filter a = ", "sort ", "limit "]), HOSTILE).map("".join))


@EXAMPLES
@given(query=QUERIES, lines=st.lists(st.one_of(JSON_TEXT, HOSTILE), max_size=4), as_json=st.booleans())
def test_scenario_insights(home, tmp_path_factory, query, lines, as_json):
    log = tmp_path_factory.mktemp("log") / "hostile.log"
    log.write_bytes(FIXTURE_LOG.read_bytes() + "\n".join(l.replace("\n", " ") for l in lines).encode("utf-8", "surrogatepass"))
    check(["scenario", "insights", "--query", no_nul(query), "--log", str(log)] + (["--json"] if as_json else []), home)


RULES = st.one_of(HOSTILE, st.tuples(st.sampled_from(["ALARM(", "OK(", "NOT ", "(", "ALARM(a) AND "]), HOSTILE,
                                     st.sampled_from([")", "", "))"])).map("".join))


@EXAMPLES
@given(rule=RULES, name=HOSTILE, state=HOSTILE, as_json=st.booleans())
def test_scenario_composite(home, rule, name, state, as_json):
    check(["scenario", "composite", "--rule", no_nul(rule), "--state", no_nul(f"{name}={state}")]
          + (["--json"] if as_json else []), home)


@EXAMPLES
@given(expression=st.one_of(HOSTILE, st.tuples(st.sampled_from(["rate(", "cron("]), HOSTILE,
                                                st.sampled_from([")", " days)", " * * ? *)"])).map("".join)),
       count=st.integers(-5, 10**30), start=st.one_of(st.none(), HOSTILE), as_json=st.booleans())
def test_scenario_schedule(home, expression, count, start, as_json):
    args = ["scenario", "schedule", no_nul(expression), "--count", str(count)]
    check(args + (["--from", no_nul(start)] if start is not None else []) + (["--json"] if as_json else []), home)


@EXAMPLES
@given(api=HOSTILE, service=HOSTILE, as_json=st.booleans())
def test_scenario_cloudtrail(home, api, service, as_json):
    check(["scenario", "cloudtrail", "--api", no_nul(api), "--service", no_nul(service)]
          + (["--json"] if as_json else []), home)


@EXAMPLES
@given(items=st.one_of(st.integers(-10, 10**60), HOSTILE), evaluations=st.one_of(st.integers(-10, 10**60), HOSTILE),
       daily=st.booleans(), as_json=st.booleans())
def test_scenario_config_cost(home, items, evaluations, daily, as_json):
    check(["scenario", "config", "--cost", "--items", no_nul(str(items)), "--evaluations", no_nul(str(evaluations))]
          + (["--daily"] if daily else []) + (["--json"] if as_json else []), home)


SPEC_VALUES = st.one_of(json_values(), st.sampled_from([60, 10, 3, 2, "GreaterThanThreshold", "Average", "p99"]))


@EXAMPLES
@given(fields=st.dictionaries(st.sampled_from(["period", "evaluation_periods", "datapoints_to_alarm", "threshold",
                                               "comparison", "statistic", "treat_missing_data", "metric", "x"]),
                              SPEC_VALUES, max_size=9),
       datapoints=st.lists(st.one_of(st.none(), st.floats(allow_nan=True), st.integers(-(10**400), 10**400)),
                           max_size=6),
       as_yaml=st.booleans(), as_json=st.booleans())
def test_scenario_alarm_spec(home, tmp_path_factory, fields, datapoints, as_yaml, as_json):
    spec = tmp_path_factory.mktemp("spec") / ("spec.yaml" if as_yaml else "spec.json")
    document = {"alarm": {"period": 60, "evaluation_periods": 3, "datapoints_to_alarm": 2, "threshold": 80,
                          "comparison": "GreaterThanThreshold", "statistic": "Average", **fields},
                "datapoints": datapoints or [1]}
    spec.write_text(json.dumps(document, allow_nan=True), encoding="utf-8", errors="surrogatepass")
    check(["scenario", "alarm", "--spec", str(spec)] + (["--json"] if as_json else []), home)


PACK_TEXT = st.text(st.characters(codec="utf-8", exclude_characters="\x00"), max_size=10).map(
    lambda s: json.dumps(s)[1:-1])  # as a YAML double-quoted body: escapes (\u001b, \x1b...) stay escapes
PACK_STRINGS = st.one_of(PACK_TEXT, st.sampled_from(["\\e]0;pwned\\a", "\\e[2J", "\\x9b31m", "\\r", "\\ud800",
                                                     "\\u202e", "\\x7f"]))


@EXAMPLES
@given(title=PACK_STRINGS, prompt=PACK_STRINGS, value=st.sampled_from([".nan", ".inf", "-.inf", "1e400", "0.003",
                                                                        "1" + "0" * 400]),
       command=st.sampled_from([["facts"], ["topics"], ["search", "hostile"], ["quiz", "--count", "2", "--seed", "3"],
                                ["notes"], ["facts", "--topic", "hostile/pack"]]),
       as_json=st.booleans())
def test_content_pack_commands(home, tmp_path_factory, title, prompt, value, command, as_json):
    pack = tmp_path_factory.mktemp("pack")
    text = GOOD_FACTS.read_text(encoding="utf-8").replace("cloudwatch/alarms", "hostile/pack")
    text = text.replace("id: alarm-states", "id: hostile-states").replace("id: config-price-per-item", "id: hostile-price")
    text = text.replace("en: Alarms}", f'en: "{title} hostile"}}')
    text = text.replace("en: The three states a CloudWatch alarm can be in", f'en: "{prompt} hostile three states"')
    text = text.replace("answer: {value: 0.003, unit: USD}", f"answer: {{value: {value}, unit: USD}}")
    (pack / "hostile.yaml").write_text(text, encoding="utf-8")
    json_flag = ["--json"] if as_json and command[0] != "notes" else []
    check([*command, "--content", str(pack), *json_flag], home)


NOW = st.one_of(HOSTILE, st.datetimes(timezones=st.just(__import__("datetime").UTC)).map(lambda d: d.isoformat()),
                st.sampled_from(["9999-12-31T23:59:59+00:00", "0001-01-01T00:00:00+00:00", "2026-05-01T09:00:00Z"]))


@EXAMPLES
@given(now=NOW, topic=st.one_of(st.none(), HOSTILE),
       command=st.sampled_from([["stats"], ["home"], ["mistakes"], ["cards", "orphans"], ["scenario", "list"],
                                ["config", "list"], ["quiz", "--count", "3", "--seed", "1"],
                                ["exam", "--count", "3", "--seed", "1"], ["topics"], ["content", "schema"]]),
       as_json=st.booleans())
def test_progress_commands_under_a_hostile_clock_and_topic(home, now, topic, command, as_json):
    topic_flag = ["--topic", no_nul(topic)] if topic is not None and command[0] in ("quiz", "exam") else []
    json_flag = ["--json"] if as_json and command != ["content", "schema"] else []
    check([*command, *topic_flag, *json_flag], home, env={"STUDYCLI_NOW": no_nul(now)})


@EXAMPLES
@given(key=st.sampled_from(["exam_date", "new_per_day", "desired_retention", "lang", "content_dirs", "nope"]),
       value=st.one_of(HOSTILE, st.sampled_from(["9999-12-31", "0001-01-01", "1e999", "nan", "99999999999999999999"])))
def test_settings_then_every_reader(home, tmp_path_factory, key, value):
    own = tmp_path_factory.mktemp("settings") / "home"
    check(["config", "set", key, no_nul(value)], own, env={"STUDYCLI_NOW": "2026-05-01T09:00:00Z"})
    for command in (["config", "list", "--json"], ["stats", "--json"], ["home", "--json"]):
        check(command, own, env={"STUDYCLI_NOW": "2026-05-01T09:00:00Z"})
