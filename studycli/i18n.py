"""The learner's language (ko, en or both) for content and the tool's own words.

The CLI sets it once from `--lang`, the config or the locale; UI code asks `pick()` for
content text and `msg()` for the tool's own words.

The tool's own words are data: one catalogue per language, `studycli/locales/<code>.toml`,
flat `area.name = "text"` lines with `{placeholders}` for str.format. Engines never read the
language: they return a `Msg` (key and parameters) and the UI renders it. Adding a language
is a new catalogue plus its code in `CATALOGUES`.
"""

from __future__ import annotations

import locale
import os
import re
from collections.abc import Iterator, Mapping
from types import MappingProxyType
from typing import Any, NamedTuple

CATALOGUES = ("ko", "en")          # one catalogue file per code; the first is the notes' language
LANGUAGES = (*CATALOGUES, "both")  # "both": Korean, then English
FALLBACK = "en"                    # what a text missing in the asked language falls back to
_current: str | None = None
_catalogues: dict[str, dict[str, str]] = {}


def set_language(lang: str) -> None:
    from studycli.errors import StudyError

    if lang not in LANGUAGES:
        raise StudyError(f"--lang: {lang!r} is not one of {', '.join(LANGUAGES)}")
    global _current
    _current = lang


def chosen() -> bool:
    """Whether --lang (or a command's --lang) already picked the language."""
    return _current is not None


def language() -> str:
    """The active language: --lang, else STUDYCLI_LANG, else the locale (Korean locale → ko)."""
    if _current:
        return _current
    env = os.environ.get("STUDYCLI_LANG")
    if env in LANGUAGES:
        return env
    loc = os.environ.get("LC_ALL") or os.environ.get("LC_MESSAGES") or os.environ.get("LANG") or ""
    if not loc:
        try:
            loc = locale.getlocale()[0] or ""
        except ValueError:
            loc = ""
    return "ko" if loc.lower().startswith("ko") else "en"


def pick(texts: Mapping[str, str], lang: str | None = None) -> str:
    """One string of a text keyed by language code, in the active language (both: Korean, then English)."""
    lang = lang or language()
    if lang == "both":
        ko, en = texts.get("ko", ""), texts.get("en", "")
        return ko if ko == en or not en else f"{ko}\n{en}" if ko else en
    return texts.get(lang) or texts.get(FALLBACK) or texts.get(CATALOGUES[0], "")


def t(ko: str, en: str, lang: str | None = None) -> str:
    """The tool's own words in the active language (both: on one line, `한국어 / English`)."""
    lang = lang or language()
    if lang == "both":
        return ko if ko == en else f"{ko} / {en}"
    return pick({"ko": ko, "en": en}, lang)


class Msg(NamedTuple):
    """A message of the tool's own, not yet in any language: what engines return."""

    key: str
    params: Mapping[str, Any] = MappingProxyType({})   # no parameters (shared, and read-only)

    def __str__(self) -> str:
        return msg(self.key, **self.params)


def catalogue(code: str) -> dict[str, str]:
    """The messages of one language, read once per process (flat dotted keys)."""
    if code not in _catalogues:
        from pathlib import Path

        from studycli import remembered

        path = Path(__file__).with_name("locales") / f"{code}.toml"
        key = remembered.stamp(path)
        flat = remembered.recall(f"catalogue-{code}", key)   # parsed in an earlier run
        if not isinstance(flat, dict):
            flat = read_catalogue(path.read_text("utf-8"))
            remembered.keep(f"catalogue-{code}", key, flat)
        _catalogues[code] = flat
    return _catalogues[code]


def read_catalogue(text: str) -> dict[str, str]:
    """A catalogue's messages by flat dotted key."""
    flat = parse_flat(text)
    if flat is None:  # TOML beyond `key = "text"` lines: the full parser
        import tomllib

        flat = dict(_flatten(tomllib.loads(text)))
    return flat


# One catalogue line: a bare dotted key, " = ", and a basic string whose escapes JSON reads alike.
_LINE = r'^[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)* = "(?:[^"\\\x00-\x1f\x7f]|\\[btnfr"\\])*"$'


def parse_flat(text: str) -> dict[str, str] | None:
    """A catalogue written as the catalogues are, `area.name = "text"` lines (and comments), read
    in a millisecond (tomllib takes tens: issue 19). None for anything else, which tomllib then
    reads, or rejects: other TOML forms, escapes JSON does not share, repeated or clashing keys."""
    import json
    import re

    lines = re.findall(_LINE, text, re.MULTILINE)
    if len(lines) != sum(1 for line in text.splitlines() if line and not line.startswith("#")):
        return None  # a line of another form
    keys = [line[:line.index(" = ")] for line in lines]
    texts = json.loads("[" + ",".join(line[len(key) + 3:] for key, line in zip(keys, lines)) + "]")
    unique = set(keys)
    if len(unique) != len(keys) or any(_tables_of(key) & unique for key in keys):
        return None  # a key twice, or a key that is also a table
    return dict(zip(keys, texts, strict=True))


def _tables_of(key: str) -> set[str]:
    """The tables a dotted key is in: `a.b.c` is in `a` and `a.b`."""
    parts = key.split(".")
    return {".".join(parts[:n]) for n in range(1, len(parts))}


def _flatten(tree: Mapping[str, Any], prefix: str = "") -> Iterator[tuple[str, str]]:
    for name, value in tree.items():
        if isinstance(value, Mapping):
            yield from _flatten(value, f"{prefix}{name}.")
        else:
            yield f"{prefix}{name}", str(value)


def msg(key: str, lang: str | None = None, **params: Any) -> str:
    """The tool's own words for `key` in the active language (both: `한국어 / English`).

    A parameter that is itself a `Msg` is rendered in the same language first.
    """
    lang = lang or language()
    if lang == "both":
        ko, en = msg(key, "ko", **params), msg(key, "en", **params)
        return ko if ko == en else f"{ko} / {en}"
    shown = {name: (msg(v.key, lang, **v.params) if isinstance(v, Msg) else v) for name, v in params.items()}
    return with_particles(catalogue(lang)[key], shown).format(**shown)


# `{name:은}` in a catalogue: the placeholder, then the form of the particle (은/는, 이/가,
# 으로/로 ...) that fits how its value ends when read aloud (`josa`). Either form may be written.
_PARTICLE_SLOT = re.compile(r"\{(\w+):([가-힣]+)\}")


def with_particles(template: str, params: Mapping[str, Any]) -> str:
    """`template` with each `{name:particle}` turned into `{name}` and the particle form its value takes."""
    if ":" not in template:
        return template
    from studycli.josa import choose, is_particle

    def fill(m: re.Match[str]) -> str:
        name, particle = m.groups()
        if not is_particle(particle) or name not in params:
            return m.group(0)
        return "{" + name + "}" + choose(str(params[name]), particle)

    return _PARTICLE_SLOT.sub(fill, template)


def render(message: Msg | str, lang: str | None = None) -> str:
    """A `Msg` in the active language; plain text (AWS names, user input) as it is."""
    return msg(message.key, lang, **message.params) if isinstance(message, Msg) else message
