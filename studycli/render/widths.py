"""Display width of text in a terminal: East Asian wide characters (Hangul) take two cells."""

from __future__ import annotations

import unicodedata


def width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 0 if unicodedata.combining(ch) else 1
               for ch in text)


def pad(text: str, cells: int) -> str:
    """`text` followed by spaces up to `cells` display cells."""
    return text + " " * max(0, cells - width(text))
