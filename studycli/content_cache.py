"""A cache of validated content (facts, exam items and the flashcards they give), so commands
skip YAML parsing when no content file changed, and read only what they show.

The key is every content file's path, size and modification time (facts files and
`items/*.yaml`, plus the notes, the message catalogues and the package version); any
change means a miss and a full, strict validation. The cache is one SQLite file in the
data directory, written to a temporary name and renamed into place; an unreadable one is
just a miss, and where none can be written the same tables live in memory.

What is cheap stays cheap as content grows (issue 19). A command opens the cache and gets
the catalogue with every fact, item and card as a light stand-in that knows its id, topic
and what orders or groups it (family, shape, kind), and reads the rest of itself from the
cache the first time it is asked for it: a quiz of one question reads the few facts it
looks at, `search` the hits it shows, the home screen no fact text at all. The derived
flashcards are stored with the content (derived once, not in every process), and so is
each fact's and item's folded search text, so `search` asks SQLite for its hits.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import os
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, overload

from studycli import __version__
from studycli.errors import StudyError
from studycli.i18n import CATALOGUES
from studycli.models import Erratum, Fact, Topic
from studycli.study.cards import StudyCard

if TYPE_CHECKING:
    from studycli.items import Item

FORMAT = 8  # bumped when the cached shape changes (5: forms shared across facts; 6: SQLite, cards, search text;
#             7: the heads of every fact, item and card also as one marshalled list each; 8: documents last,
#             a trigram index of the search text)

SCHEMA = """
CREATE TABLE meta (key TEXT NOT NULL);
CREATE TABLE facts (pos INTEGER PRIMARY KEY, id TEXT NOT NULL, topic TEXT NOT NULL,
                    family TEXT NOT NULL, supplementary INTEGER NOT NULL,
                    haystack TEXT NOT NULL, head TEXT NOT NULL, doc TEXT NOT NULL);
CREATE TABLE items (pos INTEGER PRIMARY KEY, id TEXT NOT NULL, topic TEXT NOT NULL, choose INTEGER NOT NULL,
                    haystack TEXT NOT NULL, head TEXT NOT NULL, doc TEXT NOT NULL);
CREATE TABLE cards (pos INTEGER PRIMARY KEY, id TEXT NOT NULL, fact_id TEXT NOT NULL, kind TEXT NOT NULL,
                    topic TEXT NOT NULL, doc TEXT NOT NULL);
CREATE TABLE heads (name TEXT PRIMARY KEY, data BLOB NOT NULL)
"""


def cache_path() -> Path:
    from studycli.paths import data_dir

    return data_dir() / "cache" / "content.sqlite"


def fingerprint(dirs: list[Path], notes: Path) -> str:
    """What the cached content was built from; compared whole (no hashing library to load)."""
    from studycli import i18n

    locales = Path(i18n.__file__).with_name("locales")
    parts = [f"v{FORMAT}", __version__, "languages:" + ",".join(CATALOGUES)]
    for path in [notes, *(locales / f"{code}.toml" for code in CATALOGUES)]:
        parts.append(_stamp(str(path.parent.resolve() / path.name), path))
    for d in dirs:
        if d.is_dir():
            parts += _folder_stamps(d) + _folder_stamps(d / "items")
    parts.append("dirs:" + "|".join(str(d) for d in dirs))
    return _storable("\n".join(parts))


def _stamp(name: str, path: Path | os.DirEntry[str]) -> str:
    """A file's real path, size, time and inode (a file that is a link pointed at another file of the
    same size and time is another file); `missing` when it cannot be read."""
    try:
        st = path.stat()
    except OSError:
        return f"{name}:missing"
    return f"{name}:{st.st_size}:{st.st_mtime_ns}:{st.st_ino}"


def _folder_stamps(folder: Path) -> list[str]:
    """The stamps of the YAML files (`*.y*ml`) in `folder`, by name; none when it is no folder. One
    directory listing, the folder resolved once (a resolve is a stat of every part of the path)."""
    from fnmatch import fnmatch

    try:
        with os.scandir(folder) as listing:
            entries = sorted((e for e in listing if fnmatch(e.name, "*.y*ml")), key=lambda e: e.name)
    except OSError:
        return []
    real = str(folder.resolve())
    return [_stamp(os.path.join(real, e.name), e) for e in entries]


def _storable(text: str) -> str:
    """`text` with any lone surrogate (an undecodable file name) spelled out, so SQLite can hold it."""
    return text.encode("utf-8", "surrogatepass").decode("utf-8", "backslashreplace")


def _json(value: Any) -> str:
    return json.dumps(value)  # ASCII: a lone surrogate in a path comes back from json.loads as it was


def read(key: str) -> Index | None:
    """The cache written under `key`; None on a miss (no cache, another key, a damaged file)."""
    if os.environ.get("STUDYCLI_NO_CACHE") == "1":
        return None
    try:
        path = cache_path()
        if not path.is_file():
            return None
        db = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, isolation_level=None, check_same_thread=False)
    except (OSError, ValueError, sqlite3.Error, StudyError):  # StudyError: no data directory at all
        return None
    try:
        row = db.execute("SELECT key FROM meta").fetchone()
        if row is not None and row[0] == key:
            return Index(db)
    except sqlite3.Error:
        pass
    db.close()
    return None


def write(key: str, topics: Sequence[Topic], items: Sequence[Item]) -> Index:
    """Cache validated content under `key` (in memory when the data directory is not writable)."""
    if os.environ.get("STUDYCLI_NO_CACHE") != "1":
        path: Path | None = None
        try:
            path = cache_path()
        except StudyError:  # no data directory: no cache, only slower
            pass
        if path is not None:
            found = _write_file(path, key, topics, items)
            if found is not None:
                return found
    memory = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
    _fill(memory, key, topics, items)
    return Index(memory)


def _write_file(path: Path, key: str, topics: Sequence[Topic], items: Sequence[Item]) -> Index | None:
    tmp = path.with_name(f".content.sqlite.{os.getpid()}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp.unlink(missing_ok=True)
        db = sqlite3.connect(tmp, isolation_level=None)
        try:
            _fill(db, key, topics, items)
        finally:
            db.close()
        os.replace(tmp, path)
        return read(key)
    except (OSError, ValueError, sqlite3.Error):  # a cache we cannot write is only slower, never an error
        try:
            tmp.unlink(missing_ok=True)
        except OSError:
            pass
        return None


def _fill(db: sqlite3.Connection, key: str, topics: Sequence[Topic], items: Sequence[Item]) -> None:
    from studycli.study.cards import derive_cards
    from studycli.study.lookup import fact_head, haystack, item_haystack, item_head

    db.execute("BEGIN")
    for statement in SCHEMA.split(";"):
        db.execute(statement)
    db.execute("INSERT INTO meta(key) VALUES (?)", (key,))
    facts = [f for t in topics for f in t.facts]
    # The document last: a search reads the text before it without the pages a long document spills onto.
    db.executemany("INSERT INTO facts VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                   [(pos, f.id, f.topic, f.family, int(f.supplementary), _storable(haystack(f)),
                     _storable(fact_head(f)), _json({**f.to_json(), "file": f.file, "line": f.line}))
                    for pos, f in enumerate(facts)])
    db.executemany("INSERT INTO items VALUES (?, ?, ?, ?, ?, ?, ?)",
                   [(n, i.id, i.topic, i.choose, _storable(item_haystack(i)), _storable(item_head(i)),
                     _json({**i.to_json(), "file": i.file, "line": i.line})) for n, i in enumerate(items)])
    cards = derive_cards(facts)
    db.executemany("INSERT INTO cards VALUES (?, ?, ?, ?, ?, ?)",
                   [(n, c.id, c.fact_id, c.kind, c.topic, _json(_card_doc(c)))
                    for n, c in enumerate(cards)])
    db.executemany("INSERT INTO heads VALUES (?, ?)", _heads(topics, items, cards))
    _index_text(db)
    db.execute("COMMIT")


def _index_text(db: sqlite3.Connection) -> None:
    """A trigram index of the facts' and items' search text (SQLite's FTS5), so `search` finds a word of
    three or more characters without reading every fact; where SQLite has no FTS5 or no trigram
    tokenizer, search reads them all, as before."""
    for table in ("facts", "items"):
        try:
            db.execute(f"CREATE VIRTUAL TABLE {table}_text USING fts5(haystack, head, content='{table}', "
                       "content_rowid='pos', tokenize='trigram case_sensitive 1')")
        except sqlite3.OperationalError:
            return
        db.execute(f"INSERT INTO {table}_text({table}_text) VALUES ('rebuild')")


def _heads(topics: Sequence[Topic], items: Sequence[Item], cards: Sequence[StudyCard]) -> list[tuple[str, bytes]]:
    """What every stand-in knows without reading its document, column by column, in content order:
    a command that lists thousands of facts unmarshals four lists instead of making thousands of
    rows (the rows stay for the searches, which read only their hits)."""
    import marshal

    facts = [(f, n) for n, t in enumerate(topics) for f in t.facts]
    columns: dict[str, Any] = {
        "topics": [[t.id for t in topics], [dict(t.title) for t in topics], [t.file for t in topics]],
        "facts": [[f.id for f, _ in facts], [f.topic for f, _ in facts], [f.family for f, _ in facts],
                  [f.supplementary for f, _ in facts], [n for _, n in facts]],
        "items": [[i.id for i in items], [i.topic for i in items], [i.choose for i in items]],
        "cards": [[c.id for c in cards], [c.fact_id for c in cards], [c.kind for c in cards],
                  [c.topic for c in cards]],
    }
    return [(name, marshal.dumps(value)) for name, value in columns.items()]


# --- reading: light stand-ins that fill themselves in from the cache ---

T = TypeVar("T")


def _stand_in(cls: type[T], head: tuple[str, ...]) -> type[T]:
    """A subclass of the frozen dataclass `cls` whose instances hold the `head` fields and read
    every other field from the real object, loaded once from the cache when first needed.

    Equal to the real object (and to another stand-in of it) as the dataclass defines it; the
    `head` fields are never loaded for."""

    def full(self: Any) -> Any:
        loaded = self.__dict__.get("_loaded")
        if loaded is None:
            loaded = self.__dict__["_load"](self.__dict__["_at"])
            self.__dict__["_loaded"] = loaded
        return loaded

    def eq(self: Any, other: Any) -> Any:
        if self is other:
            return True
        if not isinstance(other, cls):
            return NotImplemented
        return full(self) == (full(other) if type(other) is type(self) else other)

    def reader(name: str) -> property:
        return property(lambda self: getattr(full(self), name), doc=f"{name} (read from the cache on first use)")

    def new(kind: type, *args: Any, **kwargs: Any) -> Any:
        # Built from all its fields (dataclasses.replace does that): a plain, whole object.
        return cls(*args, **kwargs)

    body: dict[str, Any] = {"full": full, "__new__": new, "__eq__": eq, "__hash__": lambda self: hash(full(self)),
                            "__repr__": lambda self: repr(full(self)), "__doc__": f"A {cls.__name__} read on demand."}
    body.update({f.name: reader(f.name) for f in dataclasses.fields(cls) if f.name not in head})  # type: ignore[arg-type]
    return type(f"Cached{cls.__name__}", (cls,), body)


CachedFact = _stand_in(Fact, ("id", "topic", "family", "supplementary"))


@functools.cache
def _cached_item() -> type[Item]:
    """The items' stand-in class, made when the first item is read (the review, the home screen and stats
    read no item, and skip importing them)."""
    from studycli.items import Item

    return _stand_in(Item, ("id", "topic", "choose"))


CachedCard = _stand_in(StudyCard, ("id", "fact_id", "kind", "topic"))


def _made(cls: type[T], load: Callable[[int], Any], at: int, **head: Any) -> T:
    """A stand-in of the thing `load(at)` reads (no closure per stand-in: thousands are made at once)."""
    obj = object.__new__(cls)
    obj.__dict__.update(head, _load=load, _at=at)
    return obj


class Hits(Sequence[T]):
    """Search hits in order, as positions; a slice (the page shown) makes stand-ins of its hits only."""

    def __init__(self, positions: list[int], read: Callable[[list[int]], list[T]]):
        self.positions, self.read = positions, read

    def __len__(self) -> int:
        return len(self.positions)

    @overload
    def __getitem__(self, index: int) -> T: ...

    @overload
    def __getitem__(self, index: slice) -> list[T]: ...

    def __getitem__(self, index: int | slice) -> T | list[T]:
        if isinstance(index, slice):
            return self.read(self.positions[index])
        return self.read([self.positions[index]])[0]

    def __iter__(self) -> Iterator[T]:
        return iter(self.read(self.positions))


_AT_POSITIONS = " WHERE pos IN (SELECT value FROM json_each(?))"   # positions given as a JSON list
TRIGRAM = 3    # the shortest word the trigram index can find


class Index:
    """An open cache: the catalogue's topics, items and cards as stand-ins, and search."""

    def __init__(self, db: sqlite3.Connection):
        self.db = db
        self._indexed: dict[str, bool] = {}     # table -> has a trigram index

    def _doc(self, table: str, pos: int) -> Any:
        return json.loads(self.db.execute(f"SELECT doc FROM {table} WHERE pos = ?", (pos,)).fetchone()[0])

    def _fact(self, pos: int) -> Fact:
        return fact_from_doc(self._doc("facts", pos))

    def _item(self, pos: int) -> Item:
        return item_from_doc(self._doc("items", pos))

    def _card(self, pos: int) -> StudyCard:
        return card_from_doc(self._doc("cards", pos))

    def _facts(self, where: str, params: tuple[Any, ...]) -> Iterator[tuple[int, Fact]]:
        """(position, stand-in) of the facts `where` selects, in content order."""
        for pos, fid, topic, family, supplementary in self.db.execute(
                f"SELECT pos, id, topic, family, supplementary FROM facts{where} ORDER BY pos", params):
            yield pos, _made(CachedFact, self._fact, pos, id=fid, topic=topic, family=family,
                             supplementary=bool(supplementary))

    def _items(self, where: str, params: tuple[Any, ...]) -> Iterator[tuple[int, Item]]:
        """(position, stand-in) of the items `where` selects, in content order."""
        for pos, iid, topic, choose in self.db.execute(
                f"SELECT pos, id, topic, choose FROM items{where} ORDER BY pos", params):
            yield pos, _made(_cached_item(), self._item, pos, id=iid, topic=topic, choose=choose)

    def _heads(self, name: str) -> Any:
        import marshal

        return marshal.loads(self.db.execute("SELECT data FROM heads WHERE name = ?", (name,)).fetchone()[0])

    def topics(self) -> tuple[Topic, ...]:
        ids, topics, families, supplementary, topic_positions = self._heads("facts")
        new, fact = object.__new__, self._fact
        facts: dict[int, list[Fact]] = {}
        for pos, fid in enumerate(ids):
            made = new(CachedFact)      # `_made`, inline: thousands of facts with a large pack
            made.__dict__.update(id=fid, topic=topics[pos], family=families[pos], supplementary=supplementary[pos],
                                 _load=fact, _at=pos)
            facts.setdefault(topic_positions[pos], []).append(made)
        return tuple(Topic(id=tid, title=title, file=file, facts=tuple(facts.get(pos, ())))
                     for pos, (tid, title, file) in enumerate(zip(*self._heads("topics"))))

    def items(self) -> tuple[Item, ...]:
        item = self._item
        return tuple(_made(_cached_item(), item, pos, id=iid, topic=topic, choose=choose)
                     for pos, (iid, topic, choose) in enumerate(zip(*self._heads("items"))))

    def facts_at(self, positions: list[int]) -> list[Fact]:
        """The facts at `positions` (in that order), as `topics` gives them, without the others."""
        made = dict(self._facts(_AT_POSITIONS, (_json(positions),)))
        return [made[pos] for pos in positions]

    def items_at(self, positions: list[int]) -> list[Item]:
        """The items at `positions` (in that order), as `items` gives them, without the others."""
        made = dict(self._items(_AT_POSITIONS, (_json(positions),)))
        return [made[pos] for pos in positions]

    def cards(self) -> list[StudyCard]:
        """Every flashcard, in introduction order (derived when the cache was written)."""
        card = self._card
        return [_made(CachedCard, card, pos, id=cid, fact_id=fact_id, kind=kind, topic=topic)
                for pos, (cid, fact_id, kind, topic) in enumerate(zip(*self._heads("cards")))]

    def search(self, table: str, words: list[str]) -> list[int]:
        """Positions of the facts or items whose search text holds every (folded) word, best first:
        more words in the head (a fact's prompt and answer, an item's stem), then content order."""
        if not words:
            return []
        words = [_storable(w) for w in words]
        score = " + ".join("(instr(head, ?) > 0)" for _ in words)
        indexed = [w for w in words if len(w) >= TRIGRAM] if self._text_index(table) else []
        # The index finds the rows holding every word of three or more characters (a trigram phrase is
        # that exact text); the shorter words, a two-syllable Korean word say, are looked for in those.
        scanned = [w for w in words if w not in indexed]
        where = [f"pos IN (SELECT rowid FROM {table}_text WHERE {table}_text MATCH ?)"] if indexed else []
        where += ["instr(haystack, ?) > 0" for _ in scanned]
        match = (" AND ".join('haystack : "' + w.replace('"', '""') + '"' for w in indexed),) if indexed else ()
        return [row[0] for row in self.db.execute(
            f"SELECT pos FROM {table} WHERE {' AND '.join(where)} ORDER BY {score} DESC, pos",
            (*match, *scanned, *words))]

    def _text_index(self, table: str) -> bool:
        if table not in self._indexed:
            self._indexed[table] = self.db.execute("SELECT 1 FROM sqlite_master WHERE name = ?",
                                                   (f"{table}_text",)).fetchone() is not None
        return self._indexed[table]


def _card_doc(card: StudyCard) -> dict[str, Any]:
    return {"id": card.id, "fact_id": card.fact_id, "kind": card.kind, "topic": card.topic, "front": dict(card.front),
            "back": dict(card.back), "explain": dict(card.explain), "source_lines": list(card.source_lines)}


def card_from_doc(d: dict[str, Any]) -> StudyCard:
    return StudyCard(id=d["id"], fact_id=d["fact_id"], kind=d["kind"], topic=d["topic"], front=d["front"],
                     back=d["back"], explain=d["explain"], source_lines=tuple(d["source_lines"]))


def item_from_doc(d: dict[str, Any]) -> Item:
    from studycli.items import Item

    return Item.from_json(d, d["file"], d["line"])


def fact_from_doc(d: dict[str, Any]) -> Fact:
    erratum = d.get("erratum")
    return Fact(id=d["id"], topic=d["topic"], family=d["family"], prompt={code: d[code] for code in CATALOGUES},
                answer=d["answer"], explain={code: d["explain"][code] for code in CATALOGUES},
                source_lines=tuple(d["source"]["lines"]), file=d["file"], line=d["line"],
                confusers=tuple(d["confusers"]), accept=tuple(d["accept"]),
                erratum=Erratum.from_json(erratum) if erratum else None, supplementary=d["supplementary"],
                reference=d.get("reference"), tags=tuple(d["tags"]), means=d["means"],
                confuser_why=tuple(d["confuser_why"]), also_true=tuple(d["also_true"]), forms=d["forms"])
