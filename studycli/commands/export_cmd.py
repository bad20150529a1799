"""`export anki FILE.apkg` and `export csv FILE`: every flashcard, for Anki or a spreadsheet.

Where a file may be written and how (never into the data directory, never over a file
without --force, through symlinks, keeping the mode, atomically) is `studycli.export_file`.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

if TYPE_CHECKING:
    from studycli.models import Fact
    from studycli.study.cards import StudyCard

export_app = typer.Typer(help="Export flashcards: anki FILE.apkg or csv FILE.", no_args_is_help=True)

# Fixed ids so Anki recognises our note types and deck on every re-import.
DECK_ID = 1_734_815_201
BASIC_MODEL_ID = 1_734_815_202
CLOZE_MODEL_ID = 1_734_815_203
FORCE_HELP = "Replace the file if it exists."


def register(app: typer.Typer) -> None:
    app.add_typer(export_app, name="export")


def _cards_and_facts(topic: str | None, content: list[Path] | None) -> tuple[list[StudyCard], dict[str, Fact]]:
    from studycli.content import load_catalogue
    from studycli.settings import user_content_dirs
    from studycli.study.cards import derive_cards

    catalogue = load_catalogue(user_content_dirs(content))
    facts = catalogue.select(topic)
    return derive_cards(facts), {f.id: f for f in facts}


@export_app.command("anki")
def anki(file: Path = typer.Argument(..., help="The .apkg file to write."),
         topic: str | None = typer.Option(None, "--topic", "-t", help="Only this topic."),
         content: list[Path] | None = typer.Option(None, "--content", help="Add a content pack directory."),
         force: bool = typer.Option(False, "--force", help=FORCE_HELP)) -> None:
    """Write an Anki package: basic and cloze notes, tags by topic, GUIDs stable across exports."""
    import genanki

    from studycli.errors import usage
    from studycli.export_file import atomic_write, is_stdout, target_for
    from studycli.i18n import language, msg
    from studycli.study.export import anki_notes
    from studycli.ui import progress

    if is_stdout(file):
        raise usage(msg("export.stdout_anki"))
    target = target_for(file, force)
    cards, facts = _cards_and_facts(topic, content)
    notes = anki_notes(cards, facts, language())
    basic, cloze = _note_types(genanki)
    deck = genanki.Deck(DECK_ID, f"studycli::{msg('export.deck_title')}")
    for note in progress(notes, msg("export.building_notes")):
        model = cloze if note.note_type == "cloze" else basic
        deck.add_note(genanki.Note(model=model, fields=list(note.fields), tags=list(note.tags),
                                   guid=genanki.guid_for("studycli", note.guid_key)))
    atomic_write(target, lambda tmp: _write_package(genanki.Package(deck), tmp))
    typer.echo(msg("export.wrote_notes", count=len(notes), file=file))


def _write_package(package: Any, tmp: Path) -> None:
    """genanki's Package.write_to_file, with its collection database beside `tmp` and always removed
    (genanki's own leaves a temporary file behind on every export)."""
    import itertools
    import json
    import sqlite3
    import time
    import zipfile

    from studycli.export_file import temp_path

    collection = temp_path(tmp, ".anki2")
    try:
        collection.unlink(missing_ok=True)
        db = sqlite3.connect(collection)
        try:
            timestamp = time.time()
            package.write_to_db(db.cursor(), timestamp, itertools.count(int(timestamp * 1000)))
            db.commit()
        finally:
            db.close()
        with zipfile.ZipFile(tmp, "w") as out:
            out.write(collection, "collection.anki2")
            out.writestr("media", json.dumps({}))
    finally:
        collection.unlink(missing_ok=True)


def _note_types(genanki: Any) -> tuple[Any, Any]:
    css = ".card { font-family: sans-serif; font-size: 20px; text-align: left; } small { color: #888; }"
    basic = genanki.Model(
        BASIC_MODEL_ID, "studycli basic",
        fields=[{"name": "Front"}, {"name": "Back"}, {"name": "Explanation"}],
        templates=[{"name": "Card 1", "qfmt": "{{Front}}",
                    "afmt": "{{FrontSide}}<hr id=answer>{{Back}}<br><br>{{Explanation}}"}], css=css)
    cloze = genanki.Model(
        CLOZE_MODEL_ID, "studycli cloze", model_type=genanki.Model.CLOZE,
        fields=[{"name": "Text"}, {"name": "Explanation"}],
        templates=[{"name": "Cloze", "qfmt": "{{cloze:Text}}", "afmt": "{{cloze:Text}}<br><br>{{Explanation}}"}],
        css=css)
    return basic, cloze


@export_app.command("csv")
def csv_export(file: Path = typer.Argument(..., help="The CSV file to write (UTF-8); - for standard output."),
               topic: str | None = typer.Option(None, "--topic", "-t", help="Only this topic."),
               content: list[Path] | None = typer.Option(None, "--content", help="Add a content pack directory."),
               force: bool = typer.Option(False, "--force", help=FORCE_HELP)) -> None:
    """Write every card as a CSV row (both languages, notes lines, tags)."""
    import csv
    import sys

    from studycli.export_file import atomic_write, is_stdout, target_for
    from studycli.i18n import msg
    from studycli.study.export import csv_rows

    target = None if is_stdout(file) else target_for(file, force)
    cards, facts = _cards_and_facts(topic, content)
    rows = csv_rows(cards, facts)
    if target is None:
        csv.writer(sys.stdout, lineterminator="\n").writerows(rows)
        typer.echo(msg("export.wrote_cards", count=len(rows) - 1, file=msg("export.stdout")), err=True)
        return

    def write(tmp: Path) -> None:
        with open(tmp, "w", encoding="utf-8", newline="") as f:
            csv.writer(f).writerows(rows)

    atomic_write(target, write)
    typer.echo(msg("export.wrote_cards", count=len(rows) - 1, file=file))
