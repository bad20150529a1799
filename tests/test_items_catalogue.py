"""Issue 14/15 wave 2, point 1: exam items are part of the catalogue, its cache and `content check`."""

from __future__ import annotations

import json
import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from conftest import FIXTURES, REPO, run_cli
from test_items_loader import GOOD

from studycli import content_cache
from studycli.content import check_directory, load_catalogue
from studycli.errors import ContentError
from studycli.items import load_items


def item_pack(directory: Path, text: str = GOOD) -> Path:
    (directory / "items").mkdir(parents=True, exist_ok=True)
    (directory / "items" / "mine.yaml").write_text(text, encoding="utf-8")
    return directory


def test_the_catalogue_holds_the_shipped_items_and_the_cache_gives_them_back():
    fresh = load_catalogue()
    shipped = load_items([REPO / "content"], len((REPO / "content" / "notes.txt").read_text("utf-8").splitlines()))
    assert len(fresh.items) == len(shipped) >= 150
    assert [i.id for i in fresh.items] == [i.id for i in shipped]
    with closing(sqlite3.connect(content_cache.cache_path())) as db:   # the cache is SQLite since issue 19
        assert db.execute("SELECT COUNT(*) FROM items").fetchone()[0] == len(shipped)
    again = load_catalogue()                     # from the cache this time
    assert again == fresh and again.items == fresh.items
    topics = {t.id for t in fresh.topics}
    assert {i.topic for i in fresh.items} <= topics


def test_a_user_pack_adds_items_on_a_topic_of_the_shipped_facts(tmp_path):
    pack = item_pack(tmp_path / "pack")
    catalogue = load_catalogue([pack])
    assert "item-test-good" in catalogue.items_by_id()
    assert [i.id for i in catalogue.select_items("cloudtrail")][-1] == "item-test-good"
    assert "item-test-good" not in {i.id for i in catalogue.select_items("config")}


def test_an_item_on_a_topic_no_facts_file_has_is_a_content_error_with_file_and_line(tmp_path):
    pack = item_pack(tmp_path / "pack", GOOD.replace("topic: cloudtrail", "topic: nowhere"))
    with pytest.raises(ContentError) as err:
        load_catalogue([pack])
    assert err.value.problems[0].startswith(f"{pack / 'items' / 'mine.yaml'}:3: topic: no facts file has topic")


def test_content_check_reports_item_problems_as_file_line_field(tmp_path):
    pack = item_pack(tmp_path, GOOD.replace("key: [0]", "key: [7]"))
    shutil.copy(FIXTURES / "good" / "alarms.yaml", tmp_path / "alarms.yaml")
    result = run_cli("content", "check", str(tmp_path))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    first = result.stdout.splitlines()[0]
    assert first.startswith(f"{pack / 'items' / 'mine.yaml'}:20: key:") and "out of range" in first
    assert check_directory(tmp_path) == result.stdout.splitlines()


def test_content_check_passes_a_pack_of_items_alone_and_counts_them(tmp_path):
    item_pack(tmp_path)
    assert check_directory(tmp_path) == []
    result = run_cli("content", "check", str(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 item files, 1 items" in result.stdout
    shipped = run_cli("content", "check")
    assert shipped.returncode == 0 and f"{len(load_catalogue().items)} items" in shipped.stdout


def test_facts_and_items_problems_are_reported_together(tmp_path):
    shutil.copy(FIXTURES / "broken" / "unknown_key.yaml", tmp_path / "bad.yaml")
    item_pack(tmp_path, GOOD.replace("lines: [148]", "lines: [9999]"))
    problems = check_directory(tmp_path)
    assert any(p.startswith(str(tmp_path / "bad.yaml")) for p in problems)
    assert any(p.startswith(f"{tmp_path / 'items' / 'mine.yaml'}:21: source.lines") for p in problems)


def test_editing_an_item_file_invalidates_the_cache(tmp_path):
    pack = item_pack(tmp_path / "pack")
    before = load_catalogue([pack]).items_by_id()["item-test-good"]
    path = pack / "items" / "mine.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("The security team", "The audit team"), encoding="utf-8")
    after = load_catalogue([pack]).items_by_id()["item-test-good"]
    assert before.stem["en"].startswith("The security team") and after.stem["en"].startswith("The audit team")


def test_the_items_schema_accepts_the_shipped_items_and_rejects_a_broken_one():
    jsonschema = pytest.importorskip("jsonschema")
    import yaml

    result = run_cli("content", "schema", "--items")
    assert result.returncode == 0, result.stderr
    schema = json.loads(result.stdout)
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    files = sorted((REPO / "content" / "items").glob("*.yaml"))
    assert files
    for path in files:
        errors = list(validator.iter_errors(yaml.safe_load(path.read_text(encoding="utf-8"))))
        assert not errors, f"{path.name}: {errors[0].message}"
    broken = yaml.safe_load(GOOD.replace("    domain: governance", "    domain: governance\n    colour: red"))
    assert list(validator.iter_errors(broken))
    facts_schema = json.loads(run_cli("content", "schema").stdout)
    assert facts_schema["title"] != schema["title"]
