"""The learner's flashcards: every card the shipped content and the learner's packs give."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from studycli.study.cards import StudyCard


def all_cards(content: list[Path] | None, topic: str | None = None) -> list[StudyCard]:
    """Every card of the catalogue, in introduction order (checking first that `topic` exists).

    The cards of every topic are returned even with `topic`: the queue filters them, and the
    orphan check needs them all.
    """
    from studycli.content import load_catalogue
    from studycli.settings import user_content_dirs

    catalogue = load_catalogue(user_content_dirs(content))
    if topic:
        catalogue.select(topic)  # raises a clear error for an unknown topic
    return catalogue.cards()
