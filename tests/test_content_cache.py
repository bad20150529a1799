"""Issue 10: parsed content is cached, and the cache is invalidated when a content file changes."""

from __future__ import annotations

import shutil

from conftest import FIXTURES

from studycli import content_cache
from studycli.content import in_notes_order, load_catalogue, load_topics


def pack(tmp_path):
    shutil.copy(FIXTURES / "good" / "alarms.yaml", tmp_path / "mine.yaml")
    text = (tmp_path / "mine.yaml").read_text(encoding="utf-8").replace("cloudwatch/alarms", "my/pack")
    text = text.replace("id: alarm-states", "id: my-states").replace("id: config-price-per-item", "id: my-price")
    (tmp_path / "mine.yaml").write_text(text, encoding="utf-8")
    return tmp_path / "mine.yaml"


def test_a_cached_catalogue_equals_a_freshly_validated_one(tmp_path):
    first = load_catalogue()
    assert content_cache.cache_path().exists()
    second = load_catalogue()
    assert second == first
    from studycli.content import notes_line_count
    from studycli.paths import content_dir, notes_path

    fresh = in_notes_order(load_topics([content_dir()], notes_line_count(notes_path())))
    assert list(second.topics) == fresh


def test_editing_a_content_file_invalidates_the_cache(tmp_path):
    path = pack(tmp_path)
    before = {f.id: f for f in load_catalogue([tmp_path]).facts}["my-states"]
    assert before.answer == ["OK", "ALARM", "INSUFFICIENT_DATA"]
    path.write_text(path.read_text(encoding="utf-8").replace("[OK, ALARM, INSUFFICIENT_DATA]", "[OK, ALARM]"),
                    encoding="utf-8")
    after = {f.id: f for f in load_catalogue([tmp_path]).facts}["my-states"]
    assert after.answer == ["OK", "ALARM"]


def test_a_damaged_cache_is_only_a_miss(tmp_path):
    load_catalogue()
    content_cache.cache_path().write_text("{not json", encoding="utf-8")
    assert len(load_catalogue().facts) > 300


def test_the_cards_of_a_cached_catalogue_are_read_without_its_facts_or_items(monkeypatch):
    from studycli.content import Catalogue

    whole = load_catalogue()
    read = load_catalogue()

    def refuse(self):
        raise AssertionError("read the facts or items the cards do not need")

    monkeypatch.setattr(content_cache.Index, "topics", refuse)
    monkeypatch.setattr(content_cache.Index, "items", refuse)
    assert [c.id for c in read.cards()] == [c.id for c in whole.cards()]
    monkeypatch.undo()
    assert read.topics == whole.topics and read.items == whole.items and len(read.facts) == len(whole.facts)
    assert read == Catalogue(whole.topics, whole.items) == read


def test_what_a_stand_in_knows_without_its_document_is_what_its_document_says(tmp_path):
    """The heads (ids, topics, families, shapes, kinds) come from the cache's column lists, not the
    documents: each must equal the freshly validated object's, in the same order."""
    from studycli.content import Catalogue, _load_all, notes_line_count
    from studycli.paths import content_dir, notes_path
    from studycli.study.cards import derive_cards

    pack(tmp_path)
    load_catalogue([tmp_path])
    read = load_catalogue([tmp_path])
    topics, items = _load_all([content_dir(), tmp_path], notes_line_count(notes_path()))
    fresh = Catalogue(tuple(topics), tuple(items))
    heads = {"facts": ("id", "topic", "family", "supplementary"), "items": ("id", "topic", "choose"),
             "cards": ("id", "fact_id", "kind", "topic")}
    got = {"facts": read.facts, "items": list(read.items), "cards": read.cards()}
    want = {"facts": fresh.facts, "items": list(fresh.items), "cards": derive_cards(fresh.facts)}
    assert [(t.id, t.title, t.file, len(t.facts)) for t in read.topics] == \
        [(t.id, t.title, t.file, len(t.facts)) for t in fresh.topics]
    for kind, names in heads.items():
        assert len(got[kind]) == len(want[kind]) > 0
        assert [[getattr(x, n) for n in names] for x in got[kind]] == [[getattr(x, n) for n in names] for x in want[kind]]
        assert not any("_loaded" in x.__dict__ for x in got[kind]), f"{kind}: a document was read for a head field"


def test_a_content_file_linked_to_another_of_the_same_size_and_time_is_read_again(tmp_path):
    import os

    folder = tmp_path / "pack"
    folder.mkdir()
    first = pack(tmp_path)
    second = tmp_path / "other.yaml"
    second.write_text(first.read_text(encoding="utf-8").replace("until enough data arrives",
                                                                "until enough data come in"), encoding="utf-8")
    assert second.stat().st_size == first.stat().st_size
    os.utime(second, ns=(first.stat().st_atime_ns, first.stat().st_mtime_ns))
    link = folder / "mine.yaml"
    link.symlink_to(first)
    before = {f.id: f for f in load_catalogue([folder]).facts}["my-states"]
    link.unlink()
    link.symlink_to(second)
    after = {f.id: f for f in load_catalogue([folder]).facts}["my-states"]
    assert "arrives" in before.explain["en"] and "come in" in after.explain["en"]


def test_the_key_changes_with_every_yaml_file_of_a_pack_and_its_items_and_only_with_them(tmp_path):
    from studycli.paths import notes_path

    def key():
        return content_cache.fingerprint([tmp_path], notes_path())

    pack(tmp_path)
    (tmp_path / "items").mkdir()
    keys = [key()]
    for change in (lambda: (tmp_path / "items" / "mine.yml").write_text("[]\n", encoding="utf-8"),
                   lambda: (tmp_path / "items" / "mine.yml").write_text("[] \n", encoding="utf-8"),
                   lambda: (tmp_path / "items" / "mine.yml").rename(tmp_path / "items" / "yours.yml"),
                   lambda: (tmp_path / "more.yaml").write_text("x\n", encoding="utf-8"),
                   lambda: (tmp_path / "more.yaml").unlink()):
        change()
        keys.append(key())
    assert len(set(keys[:-1])) == len(keys) - 1 and keys[-1] == keys[-3]   # the last change undid the one before
    (tmp_path / "notes.txt").write_text("not content\n", encoding="utf-8")
    (tmp_path / "items" / "README.md").write_text("not content\n", encoding="utf-8")
    assert key() == keys[-1]
