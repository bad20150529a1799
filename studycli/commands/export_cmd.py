"""`export anki FILE.apkg` and `export csv FILE`: every flashcard and exam item, for Anki or a spreadsheet.

Files are written to a temporary name beside the target and renamed into place, so a
killed export leaves the old file or none, never a partial one.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

if TYPE_CHECKING:
    from studycli.items import Item
    from studycli.models import Fact
    from studycli.study.cards import StudyCard

export_app = typer.Typer(help="Export flashcards and exam items: anki FILE.apkg or csv FILE.", no_args_is_help=True)

# Fixed ids so Anki recognises our note types and deck on every re-import.
DECK_ID = 1_734_815_201
# One note type per deck language (field names differ), so a ko and an en deck live side by side.
FACT_MODEL_IDS = {"ko": 1_734_815_204, "en": 1_734_815_205, "both": 1_734_815_206}
CHOICE_MODEL_ID = 1_734_815_207   # exam items: a multiple-choice note type
TMP_SUFFIX = ".studycli-partial"


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


def atomic_write(target: Path, write: Callable[[Path], object]) -> None:
    """Call `write(tmp_path)`, then rename over `target`; stale partial files are cleared first."""
    target = target.expanduser()
    from studycli.errors import StudyError
    from studycli.i18n import msg

    if target.is_dir():
        raise StudyError(msg("export.is_a_directory", target=target))
    tmp = target.with_name(f".{target.name}{TMP_SUFFIX}")
    try:
        tmp.unlink(missing_ok=True)
        write(tmp)
        with open(tmp, "rb+") as f:
            os.fsync(f.fileno())
        os.replace(tmp, target)
    except OSError as err:
        tmp.unlink(missing_ok=True)
        raise StudyError(msg("export.cannot_write", target=target, reason=err.strerror)) from None


@export_app.command("anki")
def anki(file: Path = typer.Argument(..., help="The .apkg file to write."),
         topic: str | None = typer.Option(None, "--topic", "-t", help="Only this topic."),
         content: list[Path] | None = typer.Option(None, "--content", help="Add a content pack directory.")) -> None:
    """Write an Anki package: one note per fact (its cards as templates), exam items as
    multiple-choice notes, GUIDs stable across exports."""
    import genanki

    from studycli.i18n import language, msg
    from studycli.study.export import anki_notes, item_notes
    from studycli.ui import progress

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
    atomic_write(file, lambda tmp: genanki.Package(deck).write_to_file(str(tmp)))
    typer.echo(msg("export.wrote_notes", count=len(notes), file=file))


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
def csv_export(file: Path = typer.Argument(..., help="The CSV file to write (UTF-8)."),
               topic: str | None = typer.Option(None, "--topic", "-t", help="Only this topic."),
               content: list[Path] | None = typer.Option(None, "--content", help="Add a content pack directory.")) -> None:
    """Write every card and exam item as a CSV row (both languages, notes lines, tags)."""
    import csv

    from studycli.i18n import msg
    from studycli.study.export import csv_rows, item_rows

    cards, facts, items = _cards_and_facts(topic, content)
    rows = csv_rows(cards, facts) + item_rows(items)

    def write(tmp: Path) -> None:
        with open(tmp, "w", encoding="utf-8", newline="") as f:
            csv.writer(f).writerows(rows)

    atomic_write(file, write)
    typer.echo(msg("export.wrote_cards_items", count=len(rows) - 1 - len(items), items=len(items), file=file))
