"""`content check|schema`, `facts`, `topics`: reading and validating the content."""

from __future__ import annotations

from pathlib import Path

import typer

content_app = typer.Typer(help="Validate content files (facts and exam items) and print their JSON Schema.",
                          no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(content_app, name="content")
    app.command("facts")(facts)
    app.command("topics")(topics)


@content_app.command("check")
def check(directory: Path | None = typer.Argument(None, help="Content directory (default: the shipped content).")) -> None:
    """Validate content; exit 1 with one `file:line: field: message` line per problem."""
    from studycli.content import check_directory
    from studycli.paths import content_dir

    target = directory or content_dir()
    problems = check_directory(target)
    if (target / "scenarios").is_dir():
        from studycli.scenarios.base import check_all

        problems += check_all(target / "scenarios")
    from studycli.i18n import msg

    if problems:
        for problem in problems:
            typer.echo(problem)
        typer.echo(msg("content.problems", n=len(problems), target=target), err=True)
        raise typer.Exit(1)
    from studycli.content import content_files, load_topics, notes_line_count
    from studycli.items import item_files, load_items
    from studycli.paths import notes_path

    topics = load_topics([target], notes_line_count(notes_path()))
    facts = sum(len(t.facts) for t in topics)
    items = len(load_items([target], notes_line_count(notes_path())))
    typer.echo(msg("content.ok", files=len(content_files(target)), topics=len(topics), facts=facts)
               + msg("content.ok_items", item_files=len(item_files(target)), items=items))


@content_app.command("schema")
def schema(items: bool = typer.Option(False, "--items", help="The schema of an exam items file (items/*.yaml).")) -> None:
    """Print the JSON Schema of a content file (point your editor's YAML plugin at it)."""
    from studycli.output import print_json

    if items:
        from studycli.items import json_schema as items_schema

        print_json(items_schema())
        return
    from studycli.content import json_schema

    print_json(json_schema())


def facts(
    topic: str | None = typer.Option(None, "--topic", "-t", help="Only this topic (or topic prefix)."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON document."),
    errata: bool = typer.Option(False, "--errata", help="Only facts where the notes are wrong."),
    notes_only: bool = typer.Option(False, "--notes-only", help="Leave out supplementary facts."),
    content: list[Path] | None = typer.Option(None, "--content", help="Add a content pack directory."),
) -> None:
    """List facts (with --json: every field of each fact)."""
    from studycli.content import load_catalogue
    from studycli.settings import user_content_dirs

    catalogue = load_catalogue(user_content_dirs(content))
    selected = catalogue.select(topic, notes_only=notes_only)
    if errata:
        selected = [f for f in selected if f.erratum]
    if as_json:
        from studycli.output import print_json

        print_json([f.to_json() for f in selected])
        return
    from studycli.ui import facts_table

    facts_table(selected, errata=errata)


def topics(as_json: bool = typer.Option(False, "--json", help="Print one JSON document."),
           content: list[Path] | None = typer.Option(None, "--content", help="Add a content pack directory.")) -> None:
    """List topics with their fact counts."""
    from studycli.content import load_catalogue
    from studycli.settings import user_content_dirs

    catalogue = load_catalogue(user_content_dirs(content))
    rows = [{"topic": t.id, "title": t.title, "facts": len(t.facts),
             "supplementary": sum(f.supplementary for f in t.facts)} for t in catalogue.topics]
    if as_json:
        from studycli.output import print_json

        print_json(rows)
        return
    from studycli.ui import topics_table

    topics_table(rows)
