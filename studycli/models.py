"""The validated shapes content becomes: facts and topics.

Plain frozen dataclasses, built only by `studycli.content` after validation, so every
other module can trust them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple, Union

from studycli.i18n import CATALOGUES, FALLBACK

# A typed answer: text, a number with its unit, a list (choose-N), or a mapping (matching).
Number = dict[str, Any]  # {"value": float|int, "unit": str}
Answer = Union[str, Number, list[Any], dict[str, str]]
# Text of the content in every language, keyed by language code ({"ko": ..., "en": ...}).
Texts = Mapping[str, str]
NOTES_LANGUAGE = CATALOGUES[0]  # the notes are written in it; an erratum's `correct` is too
CANONICAL = "en"                # answers are compared and stored in English, AWS's own language


class Erratum(NamedTuple):
    notes_said: str          # quoted from the (Korean) notes
    corrections: Texts       # the correct fact by language; always has the notes' language
    reference: str

    @property
    def correct(self) -> str:
        """The correction in the notes' language (the `correct` key of the content file)."""
        return self.corrections[NOTES_LANGUAGE]

    @property
    def correct_en(self) -> str | None:
        return self.corrections.get("en") if NOTES_LANGUAGE != "en" else None

    def correction(self, lang: str) -> str:
        """The correction in the learner's language (falls back to the notes' language).

        "both" shows every language the erratum is written in, the notes' language first.
        """
        if lang == "both":
            return " / ".join(self.corrections[code] for code in CATALOGUES if code in self.corrections)
        return self.corrections.get(lang) or self.correct

    @classmethod
    def from_json(cls, raw: Mapping[str, str]) -> Erratum:
        """An erratum from its content-file form (`correct`, `correct_<code>`), the inverse of `to_json`."""
        corrections = {NOTES_LANGUAGE: raw["correct"]}
        corrections.update({code: raw[f"correct_{code}"] for code in CATALOGUES[1:] if f"correct_{code}" in raw})
        return cls(notes_said=raw["notes_said"], corrections=corrections, reference=raw["reference"])

    def to_json(self) -> dict[str, str]:
        """As the content file writes it: `correct` in the notes' language, `correct_<code>` for the others."""
        out = {"notes_said": self.notes_said, "correct": self.correct, "reference": self.reference}
        out.update({f"correct_{code}": self.corrections[code] for code in CATALOGUES[1:] if code in self.corrections})
        return out


@dataclass(frozen=True)
class Fact:
    """One fact of the notes. Its text is keyed by language code, one entry per `i18n.CATALOGUES` code."""

    id: str
    topic: str
    family: str
    prompt: Texts                # the question, by language
    answer: Any
    explain: Texts               # why the answer is right, by language
    source_lines: tuple[int, ...]
    file: str
    line: int
    confusers: tuple[Any, ...] = ()
    accept: tuple[str, ...] = ()
    erratum: Erratum | None = None
    supplementary: bool = False
    reference: str | None = None
    tags: tuple[str, ...] = ()
    means: Texts = field(default_factory=dict)      # what the answer is, as a noun phrase, by language
    confuser_why: tuple[Texts, ...] = ()            # why each confuser is wrong here (same order)
    also_true: tuple[Any, ...] = ()                 # family answers that are right here too
    forms: Mapping[str, Texts] = field(default_factory=dict)   # canonical answer text -> its text by language

    @property
    def answer_kind(self) -> str:
        return answer_kind(self.answer)

    # The two languages the notes ship with, by name, for code that is about them in
    # particular (Korean spellings, English AWS names); anything per-learner uses text(lang).
    @property
    def ko(self) -> str:
        return self.prompt["ko"]

    @property
    def en(self) -> str:
        return self.prompt["en"]

    def text(self, lang: str) -> str:
        """The prompt in `lang` (a language without its own text, such as "both", falls back)."""
        return self.prompt.get(lang) or self.prompt[FALLBACK]

    def explanation(self, lang: str) -> str:
        return self.explain.get(lang) or self.explain[FALLBACK]

    def form(self, text: str, lang: str) -> str:
        """An answer text (canonical, as `answer` and `confusers` hold it) in `lang`."""
        forms = self.forms.get(text)
        return (forms.get(lang) or text) if forms else text

    def show(self, value: Any, lang: str) -> str:
        """Any answer value of this fact (its answer, a confuser, a part of either) as `lang` shows it."""
        return render_answer(value, lang, self.forms)

    def reason_against(self, wrong: Any) -> Texts | None:
        """Why `wrong`, one of this fact's confusers, is wrong here (None for other values)."""
        for value, why in zip(self.confusers, self.confuser_why, strict=False):
            if value == wrong:
                return why
        return None

    def to_json(self) -> dict[str, Any]:
        """Every field of the fact, as `studycli facts --json` prints it (one key per language code)."""
        out: dict[str, Any] = {
            "id": self.id, "topic": self.topic, "family": self.family,
            **{code: self.prompt[code] for code in CATALOGUES}, "answer": self.answer,
            "answer_kind": self.answer_kind,
            "confusers": list(self.confusers), "accept": list(self.accept),
            "explain": {code: self.explain[code] for code in CATALOGUES},
            "source": {"lines": list(self.source_lines)},
            "supplementary": self.supplementary,
            "tags": list(self.tags),
            "means": {code: self.means[code] for code in CATALOGUES if code in self.means},
            "confuser_why": [dict(w) for w in self.confuser_why],
            "also_true": list(self.also_true),
            "forms": {text: dict(by_lang) for text, by_lang in self.forms.items()},
        }
        if self.erratum:
            out["erratum"] = self.erratum.to_json()
        if self.reference:
            out["reference"] = self.reference
        return out


class Topic(NamedTuple):
    id: str
    title: Texts
    file: str
    facts: tuple[Fact, ...] = ()


def answer_kind(answer: Any) -> str:
    """`text`, `number`, `list` or `mapping`: what question types an answer supports."""
    if isinstance(answer, str):
        return "text"
    if isinstance(answer, dict) and set(answer) == {"value", "unit"} and isinstance(answer["value"], (int, float)) \
            and not isinstance(answer["value"], bool):
        return "number"
    if isinstance(answer, list):
        return "list"
    return "mapping"


def render_answer(answer: Any, lang: str = CANONICAL, forms: Mapping[str, Texts] | None = None) -> str:
    """A one-line human rendering of any answer kind in `lang` (options, feedback, cards, sheets).

    Text is shown in its form for `lang` (`forms`, from the fact: "지표 경보" for "Metric alarm"),
    numbers with the language's unit words ("5분", "경보 10개"); "both" shows the Korean form,
    then the English one, where they differ.
    """
    if lang == "both":
        ko, en = render_answer(answer, "ko", forms), render_answer(answer, "en", forms)
        return ko if ko == en else f"{ko} / {en}"
    kind = answer_kind(answer)
    if kind == "text":
        return form_of(str(answer), lang, forms)
    if kind == "number":
        return format_number(answer, lang)
    if kind == "list":
        return ", ".join(render_answer(a, lang, forms) for a in answer)
    return "; ".join(f"{form_of(k, lang, forms)} → {render_answer(v, lang, forms)}" for k, v in answer.items())


def form_of(text: str, lang: str, forms: Mapping[str, Texts] | None) -> str:
    """A canonical answer text in `lang`: its form there, else the text itself (AWS names read the same)."""
    by_lang = (forms or {}).get(text)
    return (by_lang.get(lang) or text) if by_lang else text


def number_text(value: Any) -> str:
    """A number as options print it: 1,000 with separators, 0.003 without trailing zeros."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return f"{value:,}" if isinstance(value, int) else f"{value:g}" if abs(value) >= 1e-4 else repr(value)


def unit_key(unit: str) -> str:
    """The catalogue key of a unit: `unit.<words joined by _>` ("log groups" -> unit.log_groups)."""
    return "unit." + "_".join(unit.casefold().split())


def format_number(number: Number, lang: str = CANONICAL) -> str:
    """`{value, unit}` in `lang`: the unit's words come from the catalogues (`unit.minutes` =
    "{n}분" / "{n} minutes"; `unit.minutes_one` for 1); a unit they do not know is printed as written."""
    from studycli.i18n import catalogue, with_particles

    value = number["value"]
    text = number_text(value)
    unit = number["unit"]
    if unit == "USD":
        return f"${text}"
    words = catalogue(lang if lang in CATALOGUES else FALLBACK)
    key = unit_key(unit)
    if value == 1 and key + "_one" in words:
        return with_particles(words[key + "_one"], {"n": text}).format(n=text)
    if key in words:
        return with_particles(words[key], {"n": text}).format(n=text)
    if value == 1 and unit.endswith("s") and not unit.endswith("ss"):
        unit = unit[:-1]  # "1 minute", "1 export task": units are written as plurals
    return f"{text} {unit}".strip()


def unit_name(unit: str, lang: str = CANONICAL) -> str:
    """A unit's own word in `lang` ("분", "minutes"), for "type the answer in minutes"."""
    from studycli.i18n import catalogue

    words = catalogue(lang if lang in CATALOGUES else FALLBACK)
    return words.get(unit_key(unit) + "_name", unit)


def answer_texts(value: Any) -> list[str]:
    """Every text inside an answer value: itself, a list's members, a mapping's keys and values."""
    kind = answer_kind(value)
    if kind == "text":
        return [value]
    if kind == "list":
        return [t for v in value for t in answer_texts(v)]
    if kind == "mapping":
        return [t for k, v in value.items() for t in (k, *answer_texts(v))]
    return []


def share_forms(topics: list[Topic]) -> list[Topic]:
    """Each matching answer's keys get the forms other facts give the same text: a key cannot be
    written per language, so "default event bus" reads "기본 이벤트 버스" as it does where another
    fact writes it per language."""
    from dataclasses import replace

    known: dict[str, Texts] = {}
    for topic in topics:
        for fact in topic.facts:
            for text, by_lang in fact.forms.items():
                known.setdefault(text, by_lang)
    out = []
    for topic in topics:
        facts = []
        for fact in topic.facts:
            # Only keys: any other text can be written per language in place, and a name one fact
            # keeps in English (Period, the setting) may be a word another fact translates (기간).
            keys = list(fact.answer) if fact.answer_kind == "mapping" else []
            missing = {t: known[t] for t in keys if t not in fact.forms and t in known}
            facts.append(replace(fact, forms={**fact.forms, **missing}) if missing else fact)
        out.append(topic._replace(facts=tuple(facts)))
    return out
