"""`review`: the daily flashcard habit. Registers the rest of the study group too: `stats`
(studycli.commands.stats_cmd) and `config` (studycli.commands.config_cmd).

Thin: options in, `studycli.sessions.review.run` does the sitting.
"""

from __future__ import annotations

from pathlib import Path

import typer


def register(app: typer.Typer) -> None:
    """Add the study group's commands to `app`: review, stats, cards, config."""
    from studycli.commands import config_cmd, stats_cmd

    app.command("review")(review)
    stats_cmd.register(app)
    config_cmd.register(app)


def review(
    topic: str | None = typer.Option(None, "--topic", "-t", help="Only this topic (or topic prefix)."),
    limit: int | None = typer.Option(None, "--limit", "-n", min=1, help="At most N cards this session."),
    lang: str | None = typer.Option(None, "--lang", help="ko or en (both: Korean and English)."),
    content: list[Path] | None = typer.Option(None, "--content", help="Add a content pack directory."),
) -> None:
    """Flashcards due today, then new ones: Enter shows the answer, 1-4 rates, u undoes, q quits."""
    from studycli import i18n
    from studycli.sessions import review as session

    if lang:  # as on quiz and exam, so `review --lang ko` works like `--lang ko review`
        i18n.set_language(lang)
    session.run(topic=topic, limit=limit, content=content)
