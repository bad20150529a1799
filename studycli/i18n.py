"""The learner's language (ko, en or both) for content and the tool's own words.

The CLI sets it once from `--lang`, the config or the locale; UI code asks `pick()`.
Engines never read it: they return both languages and the UI chooses.
"""

from __future__ import annotations

import locale
import os

LANGUAGES = ("ko", "en", "both")
_current: str | None = None


def set_language(lang: str) -> None:
    from studycli.errors import StudyError

    if lang not in LANGUAGES:
        raise StudyError(f"--lang: {lang!r} is not one of ko, en, both")
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


def pick(texts: dict[str, str], lang: str | None = None) -> str:
    """One string from a {ko, en} pair in the active language (both: Korean, then English)."""
    lang = lang or language()
    if lang == "both":
        ko, en = texts.get("ko", ""), texts.get("en", "")
        return ko if ko == en or not en else f"{ko}\n{en}" if ko else en
    return texts.get(lang) or texts.get("en") or texts.get("ko", "")


def t(ko: str, en: str, lang: str | None = None) -> str:
    """The tool's own words in the active language (both: on one line, `한국어 / English`)."""
    lang = lang or language()
    if lang == "both":
        return ko if ko == en else f"{ko} / {en}"
    return pick({"ko": ko, "en": en}, lang)
