"""A cache of validated content (facts and exam items), so commands skip YAML parsing when no
content file changed.

The key is every content file's path, size and modification time (facts files and
`items/*.yaml`, plus the notes and the package version); any change means a miss and a
full, strict validation. The cache is JSON in the data directory, written atomically; an
unreadable cache is just a miss.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

from studycli import __version__
from studycli.errors import StudyError
from studycli.i18n import CATALOGUES
from studycli.items import Item, item_files
from studycli.models import Erratum, Fact, Topic

FORMAT = 5  # bumped when the cached shape changes (4: items cached with the facts; 5: forms shared across facts)


def cache_path() -> Path:
    from studycli.paths import data_dir

    return data_dir() / "cache" / "content.json"


def fingerprint(dirs: list[Path], notes: Path) -> str:
    parts = [f"v{FORMAT}", __version__, "languages:" + ",".join(CATALOGUES)]
    files = [p for d in dirs if d.is_dir() for p in [*sorted(d.glob("*.y*ml")), *item_files(d)]]
    for path in [notes, *files]:
        try:
            st = path.stat()
        except OSError:
            parts.append(f"{path}:missing")
            continue
        parts.append(f"{path.resolve()}:{st.st_size}:{st.st_mtime_ns}")
    parts.append("dirs:" + "|".join(str(d) for d in dirs))
    return hashlib.sha256("\n".join(parts).encode("utf-8", "surrogateescape")).hexdigest()


def read(key: str) -> tuple[tuple[Topic, ...], tuple[Item, ...]] | None:
    """(topics, items) as validated when the cache was written under `key`; None on a miss."""
    if os.environ.get("STUDYCLI_NO_CACHE") == "1":
        return None
    try:
        doc = json.loads(cache_path().read_text(encoding="utf-8"))
        if doc.get("key") != key:
            return None
        return (tuple(_topic(t) for t in doc["topics"]),
                tuple(Item.from_json(i, i["file"], i["line"]) for i in doc["items"]))
    except (OSError, ValueError, KeyError, TypeError, StudyError):  # StudyError: no data directory at all
        return None


def write(key: str, topics: list[Topic], items: list[Item]) -> None:
    try:
        path = cache_path()
    except StudyError:  # no data directory: no cache, only slower
        return
    tmp = path.with_name(f".content.json.{os.getpid()}")
    doc = {"key": key, "topics": [_topic_doc(t) for t in topics],
           "items": [{**i.to_json(), "file": i.file, "line": i.line} for i in items]}
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, path)
    except (OSError, ValueError):  # a cache we cannot write is only slower, never an error
        try:
            tmp.unlink(missing_ok=True)
        except OSError:
            pass


def _topic_doc(topic: Topic) -> dict[str, Any]:
    return {"id": topic.id, "title": topic.title, "file": topic.file,
            "facts": [{**f.to_json(), "file": f.file, "line": f.line} for f in topic.facts]}


def _topic(doc: dict[str, Any]) -> Topic:
    return Topic(id=doc["id"], title=doc["title"], file=doc["file"], facts=tuple(_fact(f) for f in doc["facts"]))


def _fact(d: dict[str, Any]) -> Fact:
    erratum = d.get("erratum")
    return Fact(id=d["id"], topic=d["topic"], family=d["family"], prompt={code: d[code] for code in CATALOGUES},
                answer=d["answer"], explain={code: d["explain"][code] for code in CATALOGUES},
                source_lines=tuple(d["source"]["lines"]), file=d["file"], line=d["line"],
                confusers=tuple(d["confusers"]), accept=tuple(d["accept"]),
                erratum=Erratum.from_json(erratum) if erratum else None, supplementary=d["supplementary"],
                reference=d.get("reference"), tags=tuple(d["tags"]), means=d["means"],
                confuser_why=tuple(d["confuser_why"]), also_true=tuple(d["also_true"]), forms=d["forms"])
