"""Exam items: written scenario questions (`content/items/*.yaml`), validated like facts.

An item is what the AWS exam asks: a scenario stem with the constraint that decides it,
4 options (5 for "choose two", 6 for "choose three"), the key(s), a reason for every
option in every language, the notes' lines whose idea it tests and the AWS page it rests
on. Each language is a block keyed by its code (`ko:`, `en:`), written natively; options
are in the same order in every language, so `key` is shared.

The validator is strict in the same way as the facts' (`file:line: field: message`, every
problem of every file collected before one `ContentError`), and the JSON Schema an editor
uses is generated from the same model (`ITEM_FIELDS`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from studycli.content_types import ID_RE, TOPIC_RE, Field, ListOf, Positive, Record, Text, check_record, describe
from studycli.errors import ContentError

# How many options an item offers, by how many it asks the learner to choose.
OPTIONS_FOR_CHOOSE = {1: 4, 2: 5, 3: 6}
# What a multiple-response stem must say, in each language (the exam's own wording).
CHOOSE_MARKER = {
    "en": {2: "(Choose two.)", 3: "(Choose three.)"},
    "ko": {2: "(2개를 선택하십시오.)", 3: "(3개를 선택하십시오.)"},
}
DOMAINS = ("monitoring", "logging", "events", "governance")


class Choose(Positive):
    def check(self, value: Any) -> str | None:
        if isinstance(value, bool) or value not in OPTIONS_FOR_CHOOSE:
            return f"expected 1, 2 or 3 (how many options are correct), got {describe(value)}"
        return None

    def schema(self) -> dict[str, Any]:
        return {"type": "integer", "enum": sorted(OPTIONS_FOR_CHOOSE)}


class Index(Positive):
    def check(self, value: Any) -> str | None:
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            return f"expected an option index (0, 1, ...), got {describe(value)}"
        return None

    def schema(self) -> dict[str, Any]:
        return {"type": "integer", "minimum": 0}


class OneOfWords(Text):
    def __init__(self, words: tuple[str, ...], what: str):
        super().__init__(None, what)
        self.words = words

    def check(self, value: Any) -> str | None:
        if value not in self.words:
            return f"expected one of {', '.join(self.words)}, got {describe(value)}"
        return None

    def schema(self) -> dict[str, Any]:
        return {"type": "string", "enum": list(self.words)}


OPTION = Record({
    "text": Field(Text(), True, "The option as the learner reads it."),
    "why": Field(Text(), True, "Why this option fits (the key) or fails (a wrong option) in this scenario."),
})
LANGUAGE_BLOCK = Record({
    "stem": Field(Text(), True, "The scenario and the question, as the exam writes them."),
    "question": Field(Text(), False, "The question, when kept apart from the scenario."),
    "options": Field(ListOf(OPTION, min_items=4), True, "4 options (5 for choose two, 6 for choose three)."),
})


def _item_fields() -> dict[str, Field]:
    from studycli.i18n import CATALOGUES

    fields = {
        "id": Field(Text(ID_RE, "an id"), True, "Stable forever: answers are keyed on it. Starts with item-."),
        "topic": Field(Text(TOPIC_RE, "a topic path"), True, "The topic of the facts file whose idea it tests."),
        "domain": Field(OneOfWords(DOMAINS, "an exam domain"), True, "The exam domain."),
        "choose": Field(Choose(), True, "How many options are correct: 1, 2 or 3."),
        "key": Field(ListOf(Index(), min_items=1), True, "0-based indexes of the correct options."),
        "source": Field(Record({"lines": Field(ListOf(Positive(), min_items=1), True, "1-based lines of the notes")}),
                        True, "The notes' lines whose idea the item tests."),
        "reference": Field(Text(), True, "The AWS documentation the item rests on."),
        "tags": Field(ListOf(Text(ID_RE, "a tag")), False, "Free tags."),
    }
    for code in CATALOGUES:
        fields[code] = Field(LANGUAGE_BLOCK, True, f"The item written in {code}.")
    return fields


class Option(NamedTuple):
    text: dict[str, str]   # language code -> text
    why: dict[str, str]    # language code -> reason


@dataclass(frozen=True)
class Item:
    id: str
    topic: str
    domain: str
    choose: int
    stem: dict[str, str]            # language code -> stem (with its question)
    options: tuple[Option, ...]
    key: tuple[int, ...]
    source_lines: tuple[int, ...]
    reference: str
    file: str
    line: int
    tags: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "topic": self.topic, "domain": self.domain, "choose": self.choose,
                "stem": dict(self.stem),
                "options": [{"text": dict(o.text), "why": dict(o.why)} for o in self.options],
                "key": list(self.key), "source": {"lines": list(self.source_lines)},
                "reference": self.reference, "tags": list(self.tags)}

    @classmethod
    def from_json(cls, d: dict[str, Any], file: str = "", line: int = 0) -> Item:
        return cls(id=d["id"], topic=d["topic"], domain=d["domain"], choose=d["choose"], stem=dict(d["stem"]),
                   options=tuple(Option(dict(o["text"]), dict(o["why"])) for o in d["options"]),
                   key=tuple(d["key"]), source_lines=tuple(d["source"]["lines"]), reference=d["reference"],
                   file=file, line=line, tags=tuple(d.get("tags", [])))


def item_files(directory: Path) -> list[Path]:
    """The item files of a content directory (`items/*.yaml`); none is fine."""
    folder = directory / "items"
    return sorted(p for p in folder.glob("*.y*ml") if p.is_file()) if folder.is_dir() else []


def load_items(directories: list[Path], notes_lines: int, topics: set[str] | None = None) -> list[Item]:
    """Every item of `directories`, validated; raise ContentError with every problem."""
    problems: list[str] = []
    items: list[Item] = []
    for path in (p for d in directories for p in item_files(d)):
        items.extend(_load_file(path, notes_lines, topics, problems))
    seen: dict[str, str] = {}
    for item in items:
        if item.id in seen:
            problems.append(f"{item.file}:{item.line}: id: duplicate id {item.id!r} (first at {seen[item.id]})")
        seen.setdefault(item.id, f"{item.file}:{item.line}")
    if problems:
        raise ContentError(problems)
    return items


def _load_file(path: Path, notes_lines: int, topics: set[str] | None, problems: list[str]) -> list[Item]:
    from studycli.yamlsrc import Located, LocatedList, load_file

    try:
        doc = load_file(path)
    except ContentError as err:
        problems.extend(err.problems)
        return []
    if not isinstance(doc, Located) or set(doc) != {"items"}:
        problems.append(f"{path}:1: file: expected a mapping with one key, items (a list of exam items)")
        return []
    raw_items = doc["items"]
    if not isinstance(raw_items, LocatedList) or not raw_items:
        problems.append(f"{path}:{doc.line_of('items')}: items: expected a list of at least one item")
        return []
    out = []
    for i, raw in enumerate(raw_items):
        item = _load_item(raw, path, raw_items.line_of(i), notes_lines, topics, problems)
        if item:
            out.append(item)
    return out


def _load_item(raw: Any, path: Path, line: int, notes_lines: int, topics: set[str] | None,
               problems: list[str]) -> Item | None:
    from studycli.i18n import CATALOGUES
    from studycli.yamlsrc import Located

    where = str(path)
    if not isinstance(raw, Located):
        problems.append(f"{where}:{line}: item: expected a mapping, got {describe(raw)}")
        return None
    before = len(problems)
    check_record(raw, _item_fields(), where, "", problems)
    if len(problems) > before:
        return None
    for problem, key in _item_problems(raw, notes_lines, topics):
        line_of = raw[key].line_of("options") if key in CATALOGUES else raw.line_of(key)
        problems.append(f"{where}:{line_of}: {problem}")
    if len(problems) > before:
        return None
    return Item(
        id=raw["id"], topic=raw["topic"], domain=raw["domain"], choose=raw["choose"],
        stem={code: _stem(raw[code]) for code in CATALOGUES},
        options=tuple(Option({c: raw[c]["options"][i]["text"].strip() for c in CATALOGUES},
                             {c: raw[c]["options"][i]["why"].strip() for c in CATALOGUES})
                      for i in range(len(raw[CATALOGUES[0]]["options"]))),
        key=tuple(raw["key"]), source_lines=tuple(raw["source"]["lines"]), reference=raw["reference"].strip(),
        file=where, line=line, tags=tuple(raw.get("tags", [])))


def _stem(block: dict[str, Any]) -> str:
    stem = " ".join(block["stem"].split())
    question = block.get("question")
    return f"{stem} {' '.join(question.split())}" if question else stem


def _item_problems(raw: Any, notes_lines: int, topics: set[str] | None) -> list[tuple[str, str]]:
    """What the shape check cannot see: counts, keys, markers, distinct texts, known topic and lines."""
    from studycli.i18n import CATALOGUES

    found: list[tuple[str, str]] = []
    if not raw["id"].startswith("item-"):
        found.append((f"id: {raw['id']!r} must start with 'item-'", "id"))
    if topics is not None and raw["topic"] not in topics:
        found.append((f"topic: no facts file has topic {raw['topic']!r}", "topic"))
    choose, key = raw["choose"], raw["key"]
    wanted = OPTIONS_FOR_CHOOSE[choose]
    if len(key) != choose or len(set(key)) != choose:
        found.append((f"key: choose {choose} needs {choose} distinct option indexes, got {list(key)}", "key"))
    for code in CATALOGUES:
        options = raw[code]["options"]
        if len(options) != wanted:
            found.append((f"{code}.options: choose {choose} needs {wanted} options, got {len(options)}", code))
            continue
        if any(k >= len(options) for k in key):
            found.append((f"key: index out of range for {len(options)} options", "key"))
        found += _distinct(code, [o["text"] for o in options], "text")
        found += _distinct(code, [o["why"] for o in options], "why")
        marker = CHOOSE_MARKER.get(code, {}).get(choose)
        if marker and marker not in _stem(raw[code]):
            found.append((f"{code}.stem: a choose-{choose} item says {marker!r}", code))
    for n in raw["source"]["lines"]:
        if notes_lines and n > notes_lines:
            found.append((f"source.lines: line {n} is past the end of the notes ({notes_lines} lines)", "source"))
    return found


def _distinct(code: str, texts: list[str], what: str) -> list[tuple[str, str]]:
    normal = [" ".join(t.split()) for t in texts]   # case kept: "EU" and "eu" can be two options
    if len(set(normal)) == len(normal):
        return []
    return [(f"{code}.options: two options have the same {what}", code)]


def json_schema() -> dict[str, Any]:
    """The JSON Schema of an items file, generated from the model above."""
    schema = Record({"items": Field(ListOf(Record(_item_fields()), min_items=1), True, "The exam items.")}).schema()
    schema.update({"$schema": "https://json-schema.org/draft/2020-12/schema",
                   "$id": "https://studycli.invalid/items.schema.json", "title": "studycli items file"})
    return schema
