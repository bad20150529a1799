"""The tool's own words are data: one catalogue per language, the same messages in each.

Issue 13: a message that exists in one language and not the other fails here, and every
message key the code names exists in every catalogue.
"""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from studycli import i18n

PACKAGE = Path(i18n.__file__).parent
KEY_IN_CODE = re.compile(r"""\b(?:msg|Msg|say_msg)\(\s*["']([a-z0-9_]+(?:\.[a-z0-9_]+)+)["']""")


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_language_has_a_catalogue_file() -> None:
    for code in i18n.CATALOGUES:
        assert (PACKAGE / "locales" / f"{code}.toml").is_file(), code


@pytest.mark.parametrize("code", i18n.CATALOGUES[1:])
def test_every_catalogue_has_the_same_messages_as_the_first(code: str) -> None:
    first, other = i18n.catalogue(i18n.CATALOGUES[0]), i18n.catalogue(code)
    assert sorted(set(first) - set(other)) == [], f"missing in {code}"
    assert sorted(set(other) - set(first)) == [], f"missing in {i18n.CATALOGUES[0]}"


@pytest.mark.parametrize("code", i18n.CATALOGUES[1:])
def test_placeholders_agree_between_languages(code: str) -> None:
    first, other = i18n.catalogue(i18n.CATALOGUES[0]), i18n.catalogue(code)
    differing = [k for k in first if k in other and placeholders(first[k]) != placeholders(other[k])]
    assert differing == []


def test_every_message_the_code_names_exists() -> None:
    named = {m.group(1) for path in PACKAGE.rglob("*.py") for m in KEY_IN_CODE.finditer(path.read_text("utf-8"))}
    assert named, "the code names no message at all"
    for code in i18n.CATALOGUES:
        assert sorted(named - set(i18n.catalogue(code))) == [], code


def test_msg_renders_each_language_and_both() -> None:
    assert i18n.msg("cli.interrupted", "en").startswith("Interrupted")
    assert i18n.msg("cli.interrupted", "ko").startswith("중단")
    assert i18n.msg("cli.interrupted", "both") == f'{i18n.msg("cli.interrupted", "ko")} / {i18n.msg("cli.interrupted", "en")}'


def test_a_msg_parameter_is_rendered_in_the_same_language() -> None:
    nested = i18n.Msg("cli.aborted")
    assert i18n.render(nested, "ko") == i18n.msg("cli.aborted", "ko")
    assert i18n.render("CPUUtilization", "ko") == "CPUUtilization"


def test_korean_messages_choose_their_particles_instead_of_writing_both():
    """`{name:으로}` picks 으로 or 로 for the value; "(으)로", "은(는)" and the like read as a form to fill in."""
    import re

    both = re.compile(r"\((?:으|이|은|는|을|를|과|와|가)\)|(?:은|는|이|가|을|를|과|와)\((?:은|는|이|가|을|를|과|와)\)")
    found = [f"{key} = {text}" for key, text in i18n.catalogue("ko").items() if both.search(text)]
    assert found == []
