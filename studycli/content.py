"""Content files (`content/*.yaml`) in, validated `Fact`s out.

One declarative model (`FILE_FIELDS`, `FACT_FIELDS`) drives both the strict
validator and the JSON Schema an editor uses, so the two cannot drift apart.
Every problem is reported as `file:line: field: message`; all problems of all files
are collected before a single `ContentError` is raised.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from studycli.content_types import (  # noqa: F401  (re-exported: the model lives there)
    ID_RE,
    TOPIC_RE,
    Bool,
    Field,
    ListOf,
    Localized,
    Mapping,
    NumberWithUnit,
    OneOf,
    Positive,
    Record,
    Text,
    Type,
    canonical_text,
    describe,
    is_localized,
    per_language,
)
from studycli.content_types import check_record as _check_record
from studycli.errors import ContentError
from studycli.i18n import CATALOGUES
from studycli.models import CANONICAL, NOTES_LANGUAGE, Erratum, Fact, Topic, share_forms

if TYPE_CHECKING:
    from studycli.content_cache import Index
    from studycli.items import Item
    from studycli.study.cards import StudyCard

BILINGUAL = Record(per_language("The text"))  # every catalogue language (the name is from when there were two)
SCALAR_ANSWER = OneOf(Text(), NumberWithUnit(), Localized(),
                      what="text (a name that reads the same in every language), {value, unit}, or text per language")
ANSWER = OneOf(Text(), NumberWithUnit(), Localized(), ListOf(SCALAR_ANSWER, min_items=2), Mapping(),
               what="text, {value, unit}, text per language, a list of 2+ answers, or a mapping of 2+ pairs")
CONFUSER = Record({
    "wrong": Field(SCALAR_ANSWER, True, "A plausible wrong answer (same family, same shape as the answer)."),
    "why": Field(BILINGUAL, True, "Why this answer is wrong for this question, in every language."),
})

FACT_FIELDS: dict[str, Field] = {
    "id": Field(Text(ID_RE, "an id"), True, "Stable forever: progress is keyed on it. Never derive it from wording."),
    "family": Field(Text(ID_RE, "a family name"), True,
                    "The kind of fact (alarm-state, limit, price, ...); wrong answers come from the same family."),
    **per_language("The prompt; `answer` answers it (AWS's own names stay English)"),
    "answer": Field(ANSWER, True, "Text, a number with unit, a list (choose-N) or a mapping (matching)."),
    "accept": Field(ListOf(Text()), False, "Other spellings a typed answer may use (Korean names, abbreviations)."),
    "means": Field(BILINGUAL, False, "A noun phrase naming what the answer is, per language (for true/false "
                                      "statements, and for explaining the answer when another question offers it "
                                      "as a wrong one). Every shipped fact has one."),
    "confusers": Field(ListOf(OneOf(CONFUSER, SCALAR_ANSWER, what="{wrong, why} or a plain wrong answer")), False,
                       "Plausible wrong answers of the same family, each with its reason ({wrong, why}); a plain "
                       "value is a wrong answer without a reason of its own (user packs)."),
    "also_true": Field(ListOf(SCALAR_ANSWER), False, "Answers of other facts of the family that are also right "
                                                     "here: never offered as wrong answers."),
    "explain": Field(BILINGUAL, True, "Why the answer is right, in both languages."),
    "source": Field(Record({"lines": Field(ListOf(Positive()), True, "1-based lines of the notes")}), True,
                    "Which lines of the notes this fact teaches."),
    "erratum": Field(Record({
        "notes_said": Field(Text(), True, "What the notes wrote"),
        "correct": Field(Text(), True, f"The correct fact (in {NOTES_LANGUAGE!r}, like the notes)"),
        **{f"correct_{code}": Field(Text(), False, f"The correct fact in language {code!r}")
           for code in CATALOGUES[1:]},
        "reference": Field(Text(), True, "The AWS documentation that says so"),
    }), False, "Where the notes are wrong, outdated or mistyped."),
    "supplementary": Field(Bool(), False, "Not in the notes but needed next to them; needs `reference`."),
    "reference": Field(Text(), False, "AWS documentation reference (required for supplementary facts)."),
    "tags": Field(ListOf(Text(ID_RE, "a tag")), False, "Free tags."),
}

FILE_FIELDS: dict[str, Field] = {
    "topic": Field(Text(TOPIC_RE, "a topic path"), True, "e.g. cloudwatch/alarms"),
    "title": Field(BILINGUAL, True, "The topic's title in both languages."),
    "facts": Field(ListOf(Record(FACT_FIELDS), min_items=1), True, "The facts of this topic."),
}


def json_schema() -> dict[str, Any]:
    """The JSON Schema of a content file, generated from the model above."""
    schema = Record(FILE_FIELDS).schema()
    schema.update({"$schema": "https://json-schema.org/draft/2020-12/schema",
                   "$id": "https://studycli.invalid/content.schema.json",
                   "title": "studycli content file"})
    return schema


# --- loading and validating ---

def content_files(directory: Path) -> list[Path]:
    """The fact files of a content directory (scenarios live in `scenarios/`)."""
    return sorted(p for p in directory.glob("*.y*ml") if p.is_file())


def notes_line_count(notes: Path) -> int:
    try:
        return len(notes.read_text(encoding="utf-8").splitlines())
    except OSError:
        return 0


def load_topics(directories: list[Path], notes_lines: int) -> list[Topic]:
    """Load and validate every content file of `directories`; raise ContentError with all problems."""
    problems: list[str] = []
    topics: list[Topic] = []
    files = [p for d in directories for p in _files_of(d, problems)]
    for path in files:
        topic = _load_topic(path, notes_lines, problems)
        if topic:
            topics.append(topic)
    _check_across_files(topics, problems)
    if problems:
        raise ContentError(problems)
    return share_forms(topics)


def _files_of(directory: Path, problems: list[str]) -> list[Path]:
    if not directory.is_dir():
        problems.append(f"{directory}:1: directory: not a directory")
        return []
    files = content_files(directory)
    if not files and not (directory / "items").is_dir():   # a pack may hold only exam items
        problems.append(f"{directory}:1: directory: no content files (*.yaml)")
    return files


def _load_topic(path: Path, notes_lines: int, problems: list[str]) -> Topic | None:
    from studycli.yamlsrc import Located, LocatedList, load_file

    try:
        doc = load_file(path)
    except ContentError as err:
        problems.extend(err.problems)
        return None
    if doc is None:
        problems.append(f"{path}:1: file: empty (expected topic, title and facts)")
        return None
    if not isinstance(doc, Located):
        problems.append(f"{path}:1: file: expected a mapping with topic, title and facts, got {describe(doc)}")
        return None
    before = len(problems)
    _check_record(doc, FILE_FIELDS, str(path), "", problems, skip={"facts"})
    facts_raw = doc.get("facts")
    if "facts" in doc and not isinstance(facts_raw, list) or isinstance(facts_raw, list) and not facts_raw:
        problems.append(f"{path}:{doc.line_of('facts')}: facts: expected a list of at least one fact")
    facts: list[Fact] = []
    for i, raw in enumerate(facts_raw if isinstance(facts_raw, list) else []):
        line = facts_raw.line_of(i) if isinstance(facts_raw, LocatedList) else doc.line
        fact = _load_fact(raw, path, line, doc.get("topic", "?"), notes_lines, problems)
        if fact:
            facts.append(fact)
    if len(problems) > before:
        return None
    return Topic(id=doc["topic"], title=dict(doc["title"]), file=str(path), facts=tuple(facts))


def _load_fact(raw: Any, path: Path, line: int, topic: str, notes_lines: int, problems: list[str]) -> Fact | None:
    from studycli.yamlsrc import Located

    where = str(path)
    if not isinstance(raw, Located):
        problems.append(f"{where}:{line}: fact: expected a mapping, got {describe(raw)}")
        return None
    before = len(problems)
    _check_record(raw, FACT_FIELDS, where, "", problems)
    if len(problems) > before:
        return None
    lines = raw["source"]["lines"]
    for n in lines:
        if notes_lines and n > notes_lines:
            problems.append(f"{where}:{raw['source'].line_of('lines')}: source.lines: line {n} is past the end "
                            f"of the notes ({notes_lines} lines)")
    if not lines and not raw.get("supplementary"):
        problems.append(f"{where}:{raw.line_of('source')}: source.lines: empty; only a supplementary fact "
                        "may cite no line of the notes")
    if raw.get("supplementary") and not raw.get("reference"):
        problems.append(f"{where}:{raw.line_of('supplementary')}: reference: a supplementary fact needs an "
                        "AWS documentation reference")
    forms: dict[str, dict[str, str]] = {}
    answer = _canonical(_plain(raw["answer"]), forms)
    raw_confusers = [c if _is_confuser_record(c) else {"wrong": c} for c in raw.get("confusers", [])]
    confusers = [_canonical(_plain(c["wrong"]), forms) for c in raw_confusers]
    also_true = [_canonical(_plain(v), forms) for v in raw.get("also_true", [])]
    for c in confusers:
        if c == answer or isinstance(answer, list) and c in answer or c in also_true:
            problems.append(f"{where}:{raw.line_of('confusers')}: confusers: {c!r} is also a correct answer")
    if len(problems) > before:
        return None
    erratum = raw.get("erratum")
    return Fact(
        id=raw["id"], topic=topic, family=raw["family"], prompt={code: raw[code].strip() for code in CATALOGUES},
        answer=answer, explain={code: raw["explain"][code].strip() for code in CATALOGUES},
        source_lines=tuple(lines), file=where, line=line, confusers=tuple(confusers),
        accept=tuple(raw.get("accept", [])),
        erratum=Erratum.from_json(erratum) if erratum else None,
        supplementary=bool(raw.get("supplementary", False)), reference=raw.get("reference"),
        tags=tuple(raw.get("tags", [])),
        means={code: raw["means"][code].strip() for code in CATALOGUES} if "means" in raw else {},
        confuser_why=tuple({code: c["why"][code].strip() for code in CATALOGUES} if "why" in c else {}
                           for c in raw_confusers),
        also_true=tuple(also_true), forms=forms,
    )


def _is_confuser_record(value: Any) -> bool:
    return isinstance(value, dict) and "wrong" in value


def _canonical(value: Any, forms: dict[str, dict[str, str]]) -> Any:
    """An answer with its localized texts replaced by their canonical (English) text; each
    text's forms per language are collected in `forms`."""
    if is_localized(value):
        forms[value[CANONICAL]] = dict(value)
        return value[CANONICAL]
    if isinstance(value, list):
        return [_canonical(v, forms) for v in value]
    if isinstance(value, dict) and set(value) != {"value", "unit"}:
        return {k: _canonical(v, forms) for k, v in value.items()}
    return value


def _plain(value: Any) -> Any:
    """Strip the location wrappers so facts hold ordinary dicts and lists."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _check_across_files(topics: list[Topic], problems: list[str]) -> None:
    seen_topics: dict[str, str] = {}
    seen_ids: dict[str, str] = {}
    for topic in topics:
        if topic.id in seen_topics:
            problems.append(f"{topic.file}:1: topic: {topic.id!r} is already the topic of {seen_topics[topic.id]}")
        seen_topics.setdefault(topic.id, topic.file)
        for fact in topic.facts:
            if fact.id in seen_ids:
                problems.append(f"{fact.file}:{fact.line}: id: duplicate id {fact.id!r} (first at {seen_ids[fact.id]})")
            else:
                seen_ids[fact.id] = f"{fact.file}:{fact.line}"


# --- the catalogue every command reads ---

def in_topic(topic: str, wanted: str | None) -> bool:
    """Is `topic` the topic `wanted`, or under it (`cloudwatch` holds `cloudwatch/alarms`)?"""
    return not wanted or topic == wanted or topic.startswith(wanted.rstrip("/") + "/")


@dataclass(frozen=True)
class Catalogue:
    topics: tuple[Topic, ...]
    items: tuple[Item, ...] = ()    # exam items (`items/*.yaml`), each on a topic of the facts
    # The content cache it was read from (facts, items and cards then read themselves on demand).
    index: Index | None = field(default=None, compare=False, repr=False)

    @property
    def facts(self) -> list[Fact]:
        return [f for t in self.topics for f in t.facts]

    def by_id(self) -> dict[str, Fact]:
        return {f.id: f for f in self.facts}

    def items_by_id(self) -> dict[str, Item]:
        return {i.id: i for i in self.items}

    def select(self, topic: str | None = None, notes_only: bool = False) -> list[Fact]:
        """Facts of a topic (a topic path or any prefix of one, e.g. `cloudwatch`)."""
        facts = self.facts
        if topic:
            facts = [f for f in facts if in_topic(f.topic, topic)]
            if not facts:
                from studycli.errors import StudyError
                from studycli.i18n import msg

                known = ", ".join(t.id for t in self.topics)
                raise StudyError(msg("content.no_topic", topic=repr(topic), topics=known))
        if notes_only:
            facts = [f for f in facts if not f.supplementary]
        return facts

    def select_items(self, topic: str | None = None) -> list[Item]:
        """Exam items of a topic (or topic prefix), in content order."""
        return [i for i in self.items if in_topic(i.topic, topic)]

    def cards(self) -> list[StudyCard]:
        """Every flashcard of the facts, in introduction order (as derived when the cache was written)."""
        if self.index is not None:
            return self.index.cards()
        from studycli.study.cards import derive_cards

        return derive_cards(self.facts)

    def search(self, query: str) -> tuple[Sequence[Fact], Sequence[Item]]:
        """The facts and the items that hold every word of `query`, best first (`study.lookup`)."""
        from studycli.study.lookup import find_facts, find_items, query_words

        if self.index is None:
            return find_facts(self.facts, query), find_items(list(self.items), query)
        from studycli.content_cache import Hits

        words = query_words(query)       # (the hits alone are read, and of them only those shown)
        return (Hits(self.index.search("facts", words), self.index.facts_at),
                Hits(self.index.search("items", words), self.index.items_at))


def load_catalogue(extra_dirs: list[Path] | None = None) -> Catalogue:
    """The shipped content plus any user content packs (facts and exam items), validated."""
    from studycli.paths import content_dir, notes_path

    dirs = [content_dir(), *(extra_dirs or [])]
    from studycli import content_cache

    key = content_cache.fingerprint(dirs, notes_path())
    index = content_cache.read(key)
    if index is None:
        index = content_cache.write(key, *_load_all(dirs, notes_line_count(notes_path())))
    return _read_from(index)


def _read_from(index: Index) -> Catalogue:
    """The catalogue of a content cache, whose topics and items are read the first time they are asked
    for: the review, the home screen and stats need only the cards (issue 19)."""
    catalogue = object.__new__(_CachedCatalogue)
    object.__setattr__(catalogue, "index", index)
    return catalogue


class _CachedCatalogue(Catalogue):
    @cached_property
    def topics(self) -> tuple[Topic, ...]:
        return self.index.topics() if self.index else ()

    @cached_property
    def items(self) -> tuple[Item, ...]:
        return self.index.items() if self.index else ()

    def __eq__(self, other: object) -> bool:   # equal to the catalogue of the same topics and items
        if not isinstance(other, Catalogue):
            return NotImplemented
        return (self.topics, self.items) == (other.topics, other.items)

    __hash__ = Catalogue.__hash__


def _load_all(dirs: list[Path], notes_lines: int,
              known_topics: Collection[str] = frozenset()) -> tuple[list[Topic], list[Item]]:
    """Facts and items of `dirs`; one ContentError with the problems of both.

    An item's topic must be the topic of a facts file (of these directories or `known_topics`).
    """
    from studycli.items import load_items

    problems: list[str] = []
    topics: list[Topic] = []
    try:
        topics = in_notes_order(load_topics(dirs, notes_lines))
    except ContentError as err:
        problems += err.problems
    items: list[Item] = []
    try:
        items = load_items(dirs, notes_lines, {t.id for t in topics} | set(known_topics) if not problems else None)
    except ContentError as err:
        problems += err.problems
    if problems:
        raise ContentError(problems)
    return topics, items


def in_notes_order(topics: list[Topic]) -> list[Topic]:
    """Topics in the order the notes teach them (by first cited line), so new cards follow the notes."""
    def first_line(topic: Topic) -> int:
        return min((n for f in topic.facts for n in f.source_lines), default=10**9)

    return sorted(topics, key=first_line)


def check_directory(directory: Path) -> list[str]:
    """Every problem of a content directory, facts and exam items (empty list when it is valid).

    An item may test a topic of the shipped content as well as one of the directory's own.
    """
    from studycli.paths import content_dir, notes_path

    shipped: set[str] = set()
    if directory.resolve() != content_dir().resolve():
        try:
            shipped = {t.id for t in load_catalogue().topics}
        except ContentError:
            shipped = set()
    try:
        _load_all([directory], notes_line_count(notes_path()), shipped)
    except ContentError as err:
        return err.problems
    return glossary_problems(directory)


def glossary_problems(directory: Path) -> list[str]:
    """Korean text that uses a word the glossary says to avoid, in facts, items and scenarios.

    A pack without a glossary of its own is held to the shipped one."""
    from studycli.glossary import glossary_path, load_glossary, variant_problems
    from studycli.paths import content_dir
    from studycli.yamlsrc import load_file

    source = directory if glossary_path(directory).is_file() else content_dir()
    glossary = load_glossary(source)
    files = [*content_files(directory), *sorted((directory / "items").glob("*.y*ml")),
             *sorted((directory / "scenarios").glob("*.y*ml"))]
    return [problem for path in files for problem in variant_problems(glossary, path, load_file(path))]

