"""What every question type shares: the `Question` value, the `QuestionType` contract, and
the context a type builds in.

A question type is one object (one module under `studycli.study.questions`) that knows
how to

- `build` a question from a fact (pure: randomness from `ctx.rng`, words in `ctx.lang`),
- `grade` a learner's answer and say it in words (`render_given`, `render_correct`),
- `render` the question as text for the terminal,
- `ask` it through a `Prompter` (the UI layer, passed in: types never print or read),
- give `feedback`: lines of text and `Msg` values that the UI renders in the learner's language,
- write a question as JSON (`to_json`; `generator.to_json(question)` finds its type).

`registry` lists the types; everything that needs "which types are there" reads it.
"""

from __future__ import annotations

import random
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, Protocol

from studycli.i18n import CATALOGUES, Msg, msg
from studycli.models import Fact

SINGLE_OPTIONS = 4
MAX_OPTIONS = 6          # plain mode letters options A-F
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"

# Text that still has to be put into a language: a message, text per language ({"ko": .., "en": ..}),
# or text that reads the same in every language (AWS names, option values).
Words = Msg | Mapping[str, str] | str


@dataclass(frozen=True)
class Question:
    """One generated question. `correct` depends on the type:

    option indexes (single, multi, true_false), accepted answers (cloze), or
    `[item index, option index]` pairs (matching; the items are in `items`).
    `why` explains each option (same order as `options`).
    """

    id: str
    type: str
    topic: str
    stem: str
    options: tuple[str, ...]
    correct: tuple[Any, ...]
    explanation: str
    fact_ids: tuple[str, ...]
    source_lines: tuple[int, ...]
    choose: int = 1
    items: tuple[str, ...] = ()
    why: tuple[str, ...] = ()
    erratum: str | None = None
    answer_text: str = ""   # the right answer, rendered for feedback
    origin: str = "fact"    # where it comes from: fact, item or simulator (`origins`)
    ref: str = ""           # an item's id, or a simulator question's key (generator + input)
    reference: str | None = None           # an item's AWS documentation
    sim: SimSource | None = None           # a simulator question: how to replay it

    @property
    def study_ids(self) -> tuple[str, ...]:
        """What an answer is recorded against (the notebook and the weights key on it): the
        facts it asks about, or the item or simulator question itself."""
        return (self.ref,) if self.ref else self.fact_ids


@dataclass(frozen=True)
class SimSource:
    """Where a simulator question comes from: its generator and seed rebuild it; `input` is
    what `studycli scenario <kind>` accepts, so anyone can replay it through the engine."""

    generator: str
    kind: str
    input: Mapping[str, Any]
    seed: int


@dataclass(frozen=True)
class Line:
    """One line of feedback or of a rendered question: `marker` then the text, wrapped under the
    text (a hanging indent) when there is a marker. `parts` are joined after rendering each."""

    parts: tuple[Msg | str, ...]
    marker: str = ""
    style: str | None = None


def words(message: Words, lang: str) -> str:
    """`message` in `lang` (ko, en or both: `한국어 / English` on one line).

    A parameter that is a `Msg` or a per-language mapping is put into the same language
    first, so a Korean stem quotes the Korean prompt and an English one the English prompt.
    """
    if lang == "both":
        ko, en = words(message, "ko"), words(message, "en")
        return ko if ko == en else f"{ko} / {en}"
    if isinstance(message, str):
        return message
    if isinstance(message, Msg):
        params = {k: words(v, lang) if isinstance(v, (Msg, Mapping)) else v for k, v in message.params.items()}
        return msg(message.key, lang, **params)
    return message[lang]


def fact_words(fact: Fact) -> dict[str, str]:
    """A fact's prompt per language."""
    return {"ko": fact.ko, "en": fact.en}


def means_words(fact: Fact) -> dict[str, str]:
    """What a fact's answer is, as a noun phrase per language (its prompt when it has no `means`)."""
    return {code: fact.means.get(code) or fact.prompt[code] for code in CATALOGUES}


def value_words(fact: Fact, value: Any) -> dict[str, str]:
    """An answer value of `fact` as each language shows it (its form there; numbers with the language's units)."""
    return {code: fact.show(value, code) for code in CATALOGUES}


def opening(fact: Fact, value: Any) -> dict[str, str]:
    """An answer value that opens a sentence: a translated common phrase written in lower case
    ("task") gets its capital in English; names and code ("aws.signin") keep their case."""
    shown = value_words(fact, value)
    en = shown.get("en", "")
    if isinstance(value, str) and en[:1].islower() and en != shown.get("ko", en):
        shown["en"] = en[:1].upper() + en[1:]
    return shown


def sentence(texts: Mapping[str, str]) -> dict[str, str]:
    """Text per language made to open a sentence: English gets its capital letter."""
    return {code: text[:1].upper() + text[1:] if code == "en" else text for code, text in texts.items()}


def in_sentence(fact: Fact, value: Any) -> dict[str, str]:
    """An answer value as it reads inside an English sentence: a common phrase the options
    capitalise ("Metric alarm") is lower-cased there; names keep their case. A phrase is taken
    for a name when its Korean form keeps the first English word (Insights 이벤트, CloudWatch 에이전트)."""
    shown = value_words(fact, value)
    en, ko = shown.get("en", ""), shown.get("ko", "")
    first, second = (en.split(" ") + [""])[:2]
    # "Availability Zone" is a name however Korean writes it: its second word keeps a capital too.
    common = (isinstance(value, str) and en != ko and first[:1].isupper() and first[1:].islower()
              and first not in ko and not second[:1].isupper())
    if common:
        shown["en"] = en[:1].lower() + en[1:]
    return shown


# Where one sentence of a prompt ends and the next begins ("e.g. m1" and "(i.e. one)" go on; a
# Korean sentence ends in 다. or 요. whatever follows, "stats 명령이 ..." included).
_SENTENCE_END = re.compile(r"(?:(?<=[.?!])\s+(?=[^\sa-z])|(?<=[다요]\.)\s+)")


def situation(fact: Fact) -> dict[str, str]:
    """The situation a fact's prompt sets before it asks (the sentences before its question), per
    language; empty when the prompt is a bare question. Whether there is one is read from the
    English prompt, so a quiz asks the same way in every language."""
    if len(_SENTENCE_END.split(fact.en.strip())) < 2:
        return {}
    out = {}
    for code in CATALOGUES:
        sentences = _SENTENCE_END.split(fact.prompt[code].strip())
        out[code] = " ".join(sentences[:-1])
    return out


def situated(fact: Fact) -> bool:
    """Does the fact's prompt set a situation (a team, a requirement) before it asks, as the exam does?"""
    return bool(situation(fact))


@dataclass
class BuildContext:
    """What a builder needs besides the fact: the family, rng, language, and where it sits."""

    by_family: dict[str, list[Fact]]
    rng: random.Random
    lang: str
    position: int

    def family(self, fact: Fact) -> list[Fact]:
        return self.by_family.get(fact.family, [fact])

    def text(self, message: Words) -> str:
        return words(message, self.lang)

    def show(self, fact: Fact, value: Any) -> str:
        """An answer value of `fact` in the learner's language (its Korean form in Korean)."""
        return fact.show(value, self.lang)

    def explain(self, fact: Fact) -> str:
        """Why the answer is right; a supplementary fact says it is not in the notes and names its AWS page."""
        text = self.text(fact.explain)
        if fact.supplementary and fact.reference:
            text += " " + self.text(Msg("quiz.supplementary", {"reference": fact.reference}))
        return text

    def erratum(self, fact: Fact) -> str | None:
        e = fact.erratum
        if not e:
            return None
        return self.text(Msg("quiz.erratum", {"notes_said": e.notes_said, "reference": e.reference,
                                              "correct": {"ko": e.correct, "en": e.correction("en")}}))

    def base(self, fact: Fact, qtype: str) -> dict[str, Any]:
        """The fields every question about one fact has."""
        return dict(id=question_id([fact.id], qtype, self.position), type=qtype, topic=fact.topic,
                    explanation=self.explain(fact), fact_ids=(fact.id,),
                    source_lines=cited_lines(fact), erratum=self.erratum(fact),
                    answer_text=self.show(fact, fact.answer))


def cited_lines(fact: Fact) -> tuple[int, ...]:
    """The notes lines a question about `fact` cites: the fact's own, none for a supplementary
    fact (the notes do not hold its idea; its explanation names the AWS page instead)."""
    return () if fact.supplementary and fact.reference else tuple(sorted(set(fact.source_lines)))


def question_id(fact_ids: Sequence[str], qtype: str, position: int = 0) -> str:
    """What the question asks, not where it stands: the same question keeps its id in every quiz
    (a quiz never asks a fact twice with one type, so ids stay unique within it)."""
    return f"{qtype}-{'+'.join(fact_ids)}"


def shuffled_options(right: list[tuple[str, str]], wrong: list[tuple[str, str]],
                     rng: random.Random) -> tuple[tuple[str, ...], tuple[str, ...], tuple[int, ...]]:
    """Shuffle (text, why) pairs; return options, why notes and the indexes of the right ones."""
    tagged = [(text, why, True) for text, why in right] + [(text, why, False) for text, why in wrong]
    rng.shuffle(tagged)
    options = tuple(t for t, _, _ in tagged)
    return options, tuple(w for _, w, _ in tagged), tuple(i for i, (_, _, ok) in enumerate(tagged) if ok)


class Prompter(Protocol):
    """The UI layer as a question type sees it (`studycli.ui` is one; tests may pass another).

    Each call shows what it asks and returns the answer, or one of `extra_keys`' command
    words (e.g. the exam's `n`, `f`) when the learner typed one.
    """

    def show_stem(self, text: str) -> None: ...

    def pick_options(self, options: Sequence[str], count: int = 1,
                     extra_keys: Mapping[str, str] | None = None) -> list[int] | str: ...

    def type_answer(self, extra_keys: Mapping[str, str] | None = None) -> str: ...

    def match_items(self, items: Sequence[str], options: Sequence[str],
                    extra_keys: Mapping[str, str] | None = None) -> list[int] | str: ...


class QuestionType:
    """The contract of a question type; subclasses fill it in (see the module docstring).

    Class attributes tell the generator, the exam and the CLI what the type is for:
    `answer_kinds` the fact answers it can be made from (text, number, list, mapping),
    `leads` the answer kinds for which it is the natural type (tried first), `secondary`
    those it is asked for only when no other type can be made (`secondary_for` decides per fact), `in_exam`
    whether the mock exam asks it, `one_fact` whether a question stays about one fact
    (the wrong-answer notebook re-asks facts one by one).
    """

    name: ClassVar[str]
    answer_kinds: ClassVar[frozenset[str]] = frozenset()
    leads: ClassVar[frozenset[str]] = frozenset()
    # Answer kinds this type asks only when no other type can (true/false for a "choose all" list).
    secondary: ClassVar[frozenset[str]] = frozenset()
    in_exam: ClassVar[bool] = False
    one_fact: ClassVar[bool] = True

    def secondary_for(self, fact: Fact) -> bool:
        """Is this type only a last resort for `fact` (asked when no other type can be made)?"""
        return fact.answer_kind in self.secondary

    def makes(self, fact: Fact) -> bool:
        """Could this fact make a question of this type (whether it does depends on its family)?"""
        return fact.answer_kind in self.answer_kinds

    def build(self, fact: Fact, ctx: BuildContext) -> Question | None:
        raise NotImplementedError

    def grade(self, question: Question, given: Any) -> bool:
        raise NotImplementedError

    def render_given(self, question: Question, given: Any) -> str:
        """A learner's answer in words (for the notebook and feedback)."""
        raise NotImplementedError

    def render_correct(self, question: Question) -> str:
        raise NotImplementedError

    def keys(self, question: Question, given: Any) -> str:
        """An answer as the learner typed it (the exam shows it when they come back)."""
        raise NotImplementedError

    def render(self, question: Question) -> list[Line]:
        """The question as text for the terminal: the stem and what can be answered."""
        raise NotImplementedError

    def ask(self, question: Question, ui: Prompter, extra_keys: Mapping[str, str] | None = None) -> Any:
        raise NotImplementedError

    def feedback(self, question: Question, given: Any, ok: bool) -> list[Line]:
        """Right or wrong, and why, for what was given (the explanation and sources come after)."""
        raise NotImplementedError

    def to_json(self, question: Question) -> dict[str, Any]:
        q = question
        return {
            "id": q.id, "type": q.type, "topic": q.topic, "stem": q.stem,
            "options": list(q.options),
            "correct": [list(c) if isinstance(c, tuple) else c for c in q.correct],
            "explanation": q.explanation, "fact_ids": list(q.fact_ids),
            "source_lines": list(q.source_lines), "choose": q.choose,
            "items": list(q.items), "why": list(q.why), "erratum": q.erratum,
            "answer": q.answer_text,
        }
