"""Learner settings kept in the store's config table (exam date, limits, language, packs)."""

from __future__ import annotations

from pathlib import Path


def configured_content_dirs() -> list[Path]:
    """Content packs named by `studycli config set content_dirs DIR[:DIR...]` (empty when no store yet)."""
    from studycli.paths import db_path

    if not db_path().exists():
        return []
    from studycli.store import open_store

    with open_store() as store:
        value = store.get_config("content_dirs")
    return [Path(p).expanduser() for p in value.split(":") if p] if value else []


def apply_configured_language() -> None:
    """`config set lang` applies to every command unless --lang or STUDYCLI_LANG already chose."""
    import os

    from studycli import i18n
    from studycli.paths import db_path

    if i18n.chosen() or os.environ.get("STUDYCLI_LANG") or not db_path().exists():
        return
    from studycli.store import open_store

    with open_store() as store:
        lang = store.get_config("lang")
    if lang in i18n.LANGUAGES:
        i18n.set_language(lang)
