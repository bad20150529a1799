"""Issues 9 and 10: Anki and CSV exports are valid, stable and never left half-written."""

from __future__ import annotations

import csv
import os
import signal
import sqlite3
import subprocess
import sys
import time
import zipfile

from conftest import REPO, run_cli


def anki_collection(path, tmp_path):
    with zipfile.ZipFile(path) as z:
        z.extract("collection.anki2", tmp_path)
    return sqlite3.connect(tmp_path / "collection.anki2")

def test_anki_package_holds_every_card_with_its_tags(tmp_path):
    apkg, table = tmp_path / "deck.apkg", tmp_path / "cards.csv"
    assert run_cli("export", "anki", str(apkg)).returncode == 0
    assert run_cli("export", "csv", str(table)).returncode == 0
    with open(table, encoding="utf-8", newline="") as f:
        rows = [row for row in csv.DictReader(f) if row["kind"] != "item"]   # exam items: their own note type
    db = anki_collection(apkg, tmp_path)
    fact_notes = "FROM notes WHERE mid != 1734815207"
    notes = db.execute(f"SELECT id, tags, flds {fact_notes}").fetchall()
    # issue 16: one note per fact, every card of the CSV is a card of its fact's note
    assert len(notes) == len({row["fact_id"] for row in rows}) > 0
    assert db.execute(f"SELECT COUNT(*) FROM cards WHERE nid IN (SELECT id {fact_notes})").fetchone()[0] == len(rows)
    note_tags = sorted(sorted(set(tags.split())) for _, tags, _ in notes)
    by_fact: dict[str, set[str]] = {}
    for row in rows:
        by_fact.setdefault(row["fact_id"], set()).update(row["tags"].split())
    assert note_tags == sorted(sorted(tags) for tags in by_fact.values())
    assert all(any(t.startswith("studycli::") for t in tags) for tags in note_tags)
    assert any("____" in flds for _, _, flds in notes), "cloze cards are the cloze template of their note"

def test_a_second_export_keeps_the_same_guids(tmp_path):
    first, second = tmp_path / "a.apkg", tmp_path / "b.apkg"
    assert run_cli("export", "anki", str(first)).returncode == 0
    assert run_cli("export", "anki", str(second)).returncode == 0
    (tmp_path / "x").mkdir(), (tmp_path / "y").mkdir()
    guids = [sorted(r[0] for r in anki_collection(p, tmp_path / d).execute("SELECT guid FROM notes"))
             for p, d in ((first, "x"), (second, "y"))]
    assert guids[0] == guids[1] and len(set(guids[0])) == len(guids[0])

def test_export_to_a_directory_is_a_one_line_error(tmp_path):
    result = run_cli("export", "csv", str(tmp_path))
    assert result.returncode == 1 and result.stderr.startswith("Error: ") and "Traceback" not in result.stderr

def test_killed_export_leaves_the_old_file_or_a_complete_new_one(tmp_path):
    target = tmp_path / "deck.apkg"
    assert run_cli("export", "anki", str(target)).returncode == 0
    old = target.read_bytes()
    env = {**os.environ}
    for delay in (0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5, 0.6):
        proc = subprocess.Popen([sys.executable, "-m", "studycli", "export", "anki", str(target), "--force"], cwd=REPO,
                                env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        data = target.read_bytes()
        if data != old:  # the export finished before the kill: it must be whole
            with zipfile.ZipFile(target) as z:
                assert z.testzip() is None and "collection.anki2" in z.namelist()
            old = data
    assert run_cli("export", "anki", str(target), "--force").returncode == 0  # replacing asks for --force (issue 17)
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".studycli-partial")] == []
