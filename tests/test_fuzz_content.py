"""Issue 10: content files are fuzzed; only ContentError (file:line messages) may come out."""

from __future__ import annotations

import yaml
from conftest import FIXTURES
from fuzzing import fuzz_settings
from hypothesis import given
from hypothesis import strategies as st

from studycli.content import load_topics
from studycli.errors import ContentError

GOOD = (FIXTURES / "good" / "alarms.yaml").read_text(encoding="utf-8")

scalars = st.one_of(st.none(), st.booleans(), st.integers(-10**6, 10**6), st.floats(allow_nan=True),
                    st.text(max_size=20))
values = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                       st.dictionaries(st.text(max_size=8), inner, max_size=4)),
                      max_leaves=12)


def check(tmp_path, text: str | bytes) -> None:
    path = tmp_path / "fuzz.yaml"
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8", "surrogatepass"))
    try:
        topics = load_topics([tmp_path], notes_lines=230)
    except ContentError as err:
        assert err.problems and all(p.startswith(str(path) + ":") and "\n" not in p for p in err.problems), err.problems
        return
    assert topics  # a document that loads must be a real topic


@fuzz_settings(150)
@given(st.binary(max_size=300))
def test_random_bytes_give_only_content_errors(tmp_path, data):
    check(tmp_path, data)


@fuzz_settings(150)
@given(st.integers(0, len(GOOD)), st.integers(0, 40), st.text(max_size=30))
def test_mangled_valid_files_give_only_content_errors(tmp_path, start, length, insert):
    check(tmp_path, GOOD[:start] + insert + GOOD[start + length:])


@fuzz_settings(150)
@given(st.sampled_from(["id", "family", "ko", "en", "answer", "confusers", "explain", "source", "erratum",
                        "supplementary", "reference", "tags", "accept", "extra"]), values)
def test_any_value_in_any_field_gives_only_content_errors(tmp_path, field, value):
    doc = yaml.safe_load(GOOD)
    doc["facts"][0][field] = value
    check(tmp_path, yaml.safe_dump(doc, allow_unicode=True))
