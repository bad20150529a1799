"""`export anki FILE.apkg` and `export csv FILE`: every flashcard, for Anki or a spreadsheet.

Where a file may be written and how (never into the data directory, never over a file
without --force, through symlinks, keeping the mode, atomically) is `studycli.export_file`.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

if TYPE_CHECKING:
    from studycli.items import Item
    from studycli.models import Fact
    from studycli.study.cards import StudyCard

export_app = typer.Typer(help="Export flashcards: anki FILE.apkg or csv FILE.", no_args_is_help=True)

# Fixed ids so Anki recognises our note types and deck on every re-import.
DECK_ID = 1_734_815_201
# One note type per deck language (field names differ), so a ko and an en deck live side by side.
FACT_MODEL_IDS = {"ko": 1_734_815_204, "en": 1_734_815_205, "both": 1_734_815_206}
CHOICE_MODEL_ID = 1_734_815_207   # exam items: a multiple-choice note type
FORCE_HELP = "Replace the file if it exists."


def register(app: typer.Typer) -> None:
    app.add_typer(export_app, name="export")


def _cards_and_facts(topic: str | None, content: list[Path] | None
                     ) -> tuple[list[StudyCard], dict[str, Fact], list[Item]]:
    from studycli.content import load_catalogue
    from studycli.settings import user_content_dirs
    from studycli.study.cards import derive_cards

    catalogue = load_catalogue(user_content_dirs(content))
    facts = catalogue.select(topic)
    return derive_cards(facts), {f.id: f for f in facts}, catalogue.select_items(topic)


@export_app.command("anki")
def anki(file: Path = typer.Argument(..., help="The .apkg file to write."),
         topic: str | None = typer.Option(None, "--topic", "-t", help="Only this topic."),
         content: list[Path] | None = typer.Option(None, "--content", help="Add a content pack directory."),
         force: bool = typer.Option(False, "--force", help=FORCE_HELP)) -> None:
    """Write an Anki package: one note per fact (its cards as templates), exam items as
    multiple-choice notes, GUIDs stable across exports."""
    import genanki

    from studycli.errors import usage
    from studycli.export_file import atomic_write, is_stdout, target_for
    from studycli.i18n import language, msg
    from studycli.study.export import anki_notes, item_notes
    from studycli.ui import progress

    if is_stdout(file):
        raise usage(msg("export.stdout_anki"))
    target = target_for(file, force)
    lang = language()
    cards, facts, items = _cards_and_facts(topic, content)
    notes = anki_notes(cards, facts, lang) + item_notes(items, lang)
    models = {"fact": _note_type(genanki, lang), "choice": _choice_type(genanki)}
    deck = genanki.Deck(DECK_ID, f"studycli::{msg('export.deck_title')}",
                        description=msg("export.deck_description", language=msg(f"export.language.{lang}")))
    for note in progress(notes, msg("export.building_notes")):
        model = models[note.note_type]
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


def _note_type(genanki: Any, lang: str) -> Any:
    """The one note type of the deck: a template per card kind; a template whose front field is
    empty makes no card (Anki's `{{#Field}}` section), so each fact gets exactly its own cards."""
    from studycli.i18n import msg
    from studycli.study.export import field_names, template_specs

    css = ".card { font-family: sans-serif; font-size: 20px; text-align: left; } small { color: #888; }"
    names = field_names(lang)
    explanation = names[-1]
    templates = [{"name": name,
                  "qfmt": f"{{{{#{front}}}}}{{{{{front}}}}}{{{{/{front}}}}}",
                  "afmt": f"{{{{FrontSide}}}}<hr id=answer>{{{{{back}}}}}<br><br>{{{{{explanation}}}}}"}
                 for name, front, back in template_specs(lang)]
    return genanki.Model(FACT_MODEL_IDS[lang], msg("export.note_type", lang), fields=[{"name": n} for n in names],
                         templates=templates, css=css)


def _choice_type(genanki: Any) -> Any:
    """Exam items: the stem and lettered options on the front; the key and each option's reason on the back."""
    css = ".card { font-family: sans-serif; font-size: 20px; text-align: left; } small { color: #888; }"
    choice = genanki.Model(
        CHOICE_MODEL_ID, "studycli multiple choice",
        fields=[{"name": "Question"}, {"name": "Options"}, {"name": "Answer"}, {"name": "Reasons"},
                {"name": "Reference"}],
        templates=[{"name": "Card 1", "qfmt": "{{Question}}<br><br>{{Options}}",
                    "afmt": "{{FrontSide}}<hr id=answer>{{Answer}}<br><br>{{Reasons}}<br><br>{{Reference}}"}],
        css=css)
    return choice


@export_app.command("csv")
def csv_export(file: Path = typer.Argument(..., help="The CSV file to write (UTF-8); - for standard output."),
               topic: str | None = typer.Option(None, "--topic", "-t", help="Only this topic."),
               content: list[Path] | None = typer.Option(None, "--content", help="Add a content pack directory."),
               force: bool = typer.Option(False, "--force", help=FORCE_HELP)) -> None:
    """Write every card and exam item as a CSV row (both languages, notes lines, tags)."""
    import csv
    import sys

    from studycli.export_file import atomic_write, is_stdout, target_for
    from studycli.i18n import msg
    from studycli.study.export import csv_rows, item_rows

    target = None if is_stdout(file) else target_for(file, force)
    cards, facts, items = _cards_and_facts(topic, content)
    rows = csv_rows(cards, facts) + item_rows(items)
    cards_count = len(rows) - 1 - len(items)
    if target is None:
        csv.writer(sys.stdout, lineterminator="\n").writerows(rows)
        typer.echo(msg("export.wrote_cards_items", count=cards_count, items=len(items), file=msg("export.stdout")),
                   err=True)
        return

    def write(tmp: Path) -> None:
        with open(tmp, "w", encoding="utf-8", newline="") as f:
            csv.writer(f).writerows(rows)

    atomic_write(target, write)
    typer.echo(msg("export.wrote_cards_items", count=cards_count, items=len(items), file=file))
