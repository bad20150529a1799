"""The validated shapes content becomes: facts and topics.

Plain frozen dataclasses, built only by `studycli.content` after validation, so every
other module can trust them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Union

# A typed answer: text, a number with its unit, a list (choose-N), or a mapping (matching).
Number = dict  # {"value": float|int, "unit": str}
Answer = Union[str, Number, list, dict]


@dataclass(frozen=True)
class Erratum:
    notes_said: str          # quoted from the (Korean) notes
    correct: str             # the correction, in Korean like the notes
    reference: str
    correct_en: str | None = None

    def correction(self, lang: str) -> str:
        """The correction in the learner's language (English falls back to the Korean text)."""
        if lang == "en":
            return self.correct_en or self.correct
        if lang == "both" and self.correct_en:
            return f"{self.correct} / {self.correct_en}"
        return self.correct


@dataclass(frozen=True)
class Fact:
    id: str
    topic: str
    family: str
    ko: str
    en: str
    answer: Any
    explain: dict[str, str]
    source_lines: tuple[int, ...]
    file: str
    line: int
    confusers: tuple[Any, ...] = ()
    accept: tuple[str, ...] = ()
    erratum: Erratum | None = None
    supplementary: bool = False
    reference: str | None = None
    tags: tuple[str, ...] = ()

    @property
    def answer_kind(self) -> str:
        return answer_kind(self.answer)

    def text(self, lang: str) -> str:
        return self.ko if lang == "ko" else self.en

    def explanation(self, lang: str) -> str:
        return self.explain["ko" if lang == "ko" else "en"]

    def to_json(self) -> dict[str, Any]:
        """Every field of the fact, as `studycli facts --json` prints it."""
        out: dict[str, Any] = {
            "id": self.id, "topic": self.topic, "family": self.family,
            "ko": self.ko, "en": self.en, "answer": self.answer,
            "answer_kind": self.answer_kind,
            "confusers": list(self.confusers), "accept": list(self.accept),
            "explain": dict(self.explain),
            "source": {"lines": list(self.source_lines)},
            "supplementary": self.supplementary,
            "tags": list(self.tags),
        }
        if self.erratum:
            out["erratum"] = {"notes_said": self.erratum.notes_said,
                              "correct": self.erratum.correct,
                              "reference": self.erratum.reference}
            if self.erratum.correct_en:
                out["erratum"]["correct_en"] = self.erratum.correct_en
        if self.reference:
            out["reference"] = self.reference
        return out


@dataclass(frozen=True)
class Topic:
    id: str
    title: dict[str, str]
    file: str
    facts: tuple[Fact, ...] = field(default_factory=tuple)


def answer_kind(answer: Any) -> str:
    """`text`, `number`, `list` or `mapping`: what question types an answer supports."""
    if isinstance(answer, str):
        return "text"
    if isinstance(answer, dict) and set(answer) == {"value", "unit"}:
        return "number"
    if isinstance(answer, list):
        return "list"
    return "mapping"


def render_answer(answer: Any) -> str:
    """A one-line human rendering of any answer kind (used in options and feedback)."""
    kind = answer_kind(answer)
    if kind == "text":
        return answer
    if kind == "number":
        return format_number(answer)
    if kind == "list":
        return ", ".join(render_answer(a) for a in answer)
    return "; ".join(f"{k} → {v}" for k, v in answer.items())


def format_number(number: dict) -> str:
    value = number["value"]
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = f"{value:,}" if isinstance(value, int) else f"{value:g}" if abs(value) >= 1e-4 else repr(value)
    unit = number["unit"]
    if unit == "USD":
        return f"${value}"
    if value == 1 and unit.endswith("s") and not unit.endswith("ss"):
        unit = unit[:-1]  # "1 minute", "1 export task": units are written as plurals
    return f"{text} {unit}".strip()
