"""`notes` (a summary sheet per topic, for the night before the exam: facts, then exam items)
and `search` (facts and exam items)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import typer


def register(app: typer.Typer) -> None:
    app.command("notes")(notes)
    app.command("search")(search)


def notes(
    topic: str | None = typer.Argument(None, help="Topic or topic prefix (default: all)."),
    notes_only: bool = typer.Option(False, "--notes-only", help="Leave out supplementary facts."),
    content: list[Path] | None = typer.Option(None, "--content", help="Add a content pack directory."),
) -> None:
    """A topic's facts as a readable summary sheet (errata highlighted, supplementary facts marked),
    then its exam items: the scenario, the key and why."""
    from studycli.content import load_catalogue
    from studycli.settings import user_content_dirs
    from studycli.ui import items_sheet, summary_sheet

    catalogue = load_catalogue(user_content_dirs(content))
    selected = {f.id for f in catalogue.select(topic, notes_only=notes_only)}
    for t in catalogue.topics:
        facts = [f for f in t.facts if f.id in selected]
        if facts:
            summary_sheet(t, facts)
            items_sheet([i for i in catalogue.items if i.topic == t.id])


def search(
    words: list[str] = typer.Argument(..., help="Words to find (Korean or English); all must match."),
    page: int | None = typer.Option(None, "--page", min=1, help="Which page of hits (10 a page; best first)."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON document (every hit, or --page's)."),
    content: list[Path] | None = typer.Option(None, "--content", help="Add a content pack directory."),
) -> None:
    """Find facts (prompt, answer, explanation, erratum) and exam items (stem, options, reasons,
    reference) in Korean or English: the best hits first, a page at a time."""
    from studycli.content import load_catalogue
    from studycli.settings import user_content_dirs
    from studycli.study.lookup import PAGE_SIZE, page_of

    found, items = load_catalogue(user_content_dirs(content)).search(" ".join(words))
    if as_json and page is None:
        shown_facts, shown_items = found, items
    else:
        shown_facts, shown_items = page_of(found, items, page or 1)
    if as_json:
        from studycli.output import print_json

        print_json([f.to_json() for f in shown_facts] + [{**i.to_json(), "origin": "item"} for i in shown_items])
        return
    from studycli import ui

    if shown_facts:
        ui.facts_sheet(shown_facts, total=len(found))
    elif not (found or items):
        ui.say_msg("ui.facts.count", style="dim", count=0)
    ui.items_sheet(shown_items, total=len(items))
    _footer(words, page or 1, len(found) + len(items), PAGE_SIZE)


def _footer(words: Sequence[str], page: int, hits: int, size: int) -> None:
    """Which hits this page showed, and the command for the next page (nothing when one page holds them all)."""
    from studycli import ui

    if hits <= size and page == 1:
        return
    pages = -(-hits // size)
    if page > pages:
        ui.say_msg("search.past_end", style="yellow", page=page, pages=pages)
        return
    shown = {"first": (page - 1) * size + 1, "last": min(hits, page * size), "total": hits}
    if page < pages:
        import shlex

        command = shlex.join(["studycli", "search", *words, "--page", str(page + 1)])
        ui.say_msg("search.page_more", style="dim", command=command, **shown)
    else:
        ui.say_msg("search.page_last", style="dim", **shown)
