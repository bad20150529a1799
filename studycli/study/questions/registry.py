"""The one list of question types. The generator, the exam, the wrong-answer notebook,
the CLI's `--type` and the JSON all read it; nothing else names a type.

A built-in type is a module of this package with a `TYPE` object, named in `BUILT_IN`
(its order is the order types are listed and tried in). Any other package can add
types through the `studycli.question_types` entry-point group (each entry point names a
`QuestionType` object), or a program can call `register()`; built-ins come through the
same door. Modules are imported on first use, so `studycli --help` does not pay for them.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:   # imported for real only when types are loaded: `--help` reads BUILT_IN alone
    from studycli.models import Fact
    from studycli.study.questions.base import QuestionType

BUILT_IN = (
    "single",
    "multi",
    "true_false",
    "cloze",
    "matching",
)
ENTRY_POINTS = "studycli.question_types"

_types: dict[str, QuestionType] = {}
_loaded = False


def register(qtype: QuestionType) -> None:
    """Add a question type (a later one of the same name replaces the earlier)."""
    if not qtype.name.isidentifier():
        raise ValueError(f"question type name {qtype.name!r} is not an identifier")
    _load()
    _types[qtype.name] = qtype


def unregister(name: str) -> None:
    _types.pop(name, None)


def _load() -> None:
    global _loaded
    if _loaded:
        return
    for name in BUILT_IN:
        builtin: QuestionType = import_module(f"{__package__}.{name}").TYPE
        _types[builtin.name] = builtin
    from studycli import plugins
    from studycli.errors import StudyError
    from studycli.study.questions.base import QuestionType

    for name, value in plugins.entry_points(ENTRY_POINTS):
        # A broken plug-in is the learner's installation to fix: one line naming it, not a traceback.
        try:
            plugged = plugins.load(value)
        except Exception as err:
            raise StudyError(f"question type plug-in {name!r} ({value}) cannot be loaded: "
                             f"{type(err).__name__}: {err}") from err
        if not isinstance(plugged, QuestionType):
            raise StudyError(f"question type plug-in {name!r} ({value}) is not a QuestionType")
        _types[plugged.name] = plugged
    _loaded = True


def all_types() -> list[QuestionType]:
    _load()
    return list(_types.values())


def names() -> tuple[str, ...]:
    return tuple(t.name for t in all_types())


def get(name: str) -> QuestionType:
    """The type called `name`; ValueError naming the known types when there is none."""
    _load()
    if name not in _types:
        raise ValueError(f"unknown question type {name!r} (types: {', '.join(names())})")
    return _types[name]


def types_for(fact: Fact) -> tuple[str, ...]:
    """The types a fact's answer could make, in the order they are tried: the types its
    answer kind leads with (multi for lists, matching for mappings), then the rest in
    registry order. Whether one succeeds depends on the fact's family."""
    kind = fact.answer_kind
    makes = [t for t in all_types() if t.makes(fact)]
    return tuple(t.name for t in makes if kind in t.leads) + tuple(t.name for t in makes if kind not in t.leads)


def last_resort(name: str, fact: Fact) -> tuple[bool, bool]:
    """Sort key among the types a fact can make: those that are a last resort for it
    (`secondary_for`) after the rest, and among either, the exam's shapes (`in_exam`) first."""
    qtype = get(name)
    return qtype.secondary_for(fact), not qtype.in_exam


def exam_types() -> tuple[str, ...]:
    """The types the mock exam asks (the real exam: multiple choice and multiple response)."""
    return tuple(t.name for t in all_types() if t.in_exam)


def one_fact_types() -> tuple[str, ...]:
    """The types whose questions are about one fact (the notebook re-asks facts one by one)."""
    return tuple(t.name for t in all_types() if t.one_fact)
