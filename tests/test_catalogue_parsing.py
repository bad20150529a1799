"""Issue 19: the message catalogues are read without tomllib (tens of milliseconds a command), and
read exactly as tomllib reads them; anything beyond the catalogues' simple form goes to tomllib."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

from hypothesis import example, given, settings
from hypothesis import strategies as st

from studycli import i18n

LOCALES = Path(i18n.__file__).with_name("locales")


def by_tomllib(text: str) -> dict[str, str] | None:
    try:
        return dict(i18n._flatten(tomllib.loads(text)))
    except tomllib.TOMLDecodeError:
        return None


def test_the_shipped_catalogues_read_as_tomllib_reads_them():
    for code in i18n.CATALOGUES:
        text = (LOCALES / f"{code}.toml").read_text("utf-8")
        fast = i18n.parse_flat(text)
        assert fast is not None, f"{code}.toml left the simple form: every command would pay for tomllib"
        assert fast == by_tomllib(text)
        assert i18n.catalogue(code) == fast


keys = st.lists(st.sampled_from(["a", "b", "area", "x-y", "n_1", "한", "a b", ""]), min_size=1, max_size=3).map(".".join)
texts = st.text(alphabet='ab 한{}"\\/\t\x7f\x01nrtuU0', max_size=12)
values = st.one_of(texts.map(lambda t: json.dumps(t, ensure_ascii=False)), texts.map(lambda t: f'"{t}"'),
                   texts.map(lambda t: f"'{t}'"), st.just('"a","b"'), st.just('"""x"""'), st.just("1"))
lines = st.one_of(st.tuples(keys, values).map(lambda kv: f"{kv[0]} = {kv[1]}"), st.just("# note"), st.just(""),
                  st.just("  # indented"), st.tuples(keys, values).map(lambda kv: f"{kv[0]}={kv[1]}"))


@settings(max_examples=1500, deadline=None)
@given(st.lists(lines, max_size=6).map("\n".join))
@example('a = "x"\na.b = "y"')          # a key that is also a table: tomllib refuses
@example('a = "x"\na = "y"')            # a key twice
@example('a = "x\\u00e9\\/"')           # \u is JSON and TOML; \/ is JSON only
@example('a = "tab\tinside"')           # a raw tab: TOML only
@example('a = "del\x7f"')               # DEL: JSON only
@example('a.b-x = "1"\na.b = "2"\na.b.c = "3"')
def test_the_fast_reader_agrees_with_tomllib_or_stands_aside(text):
    fast = i18n.parse_flat(text)
    if fast is not None:
        assert fast == by_tomllib(text)
