"""`config get|set|unset|list`: the learner's settings. Thin: `studycli.settings` does the work."""

from __future__ import annotations

import typer

config_app = typer.Typer(help="Settings: exam_date, new_per_day, desired_retention, lang, content_dirs.",
                         no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(config_app, name="config")


@config_app.command("get")
def config_get(key: str = typer.Argument(..., help="exam_date, new_per_day, desired_retention, lang or content_dirs")) -> None:
    """Print one setting (its default when unset)."""
    from studycli import settings

    typer.echo(settings.get(key))


@config_app.command("set")
def config_set(key: str = typer.Argument(...), value: str = typer.Argument(...)) -> None:
    """Change a setting, e.g. `config set exam_date 2026-03-14` or `config set new_per_day 30`."""
    from studycli import clock, settings

    typer.echo(f"{key} = {settings.set_value(key, value, today=clock.local_now().date())}")


@config_app.command("unset")
def config_unset(key: str = typer.Argument(...)) -> None:
    """Go back to a setting's default (e.g. leave exam-date mode)."""
    from studycli import settings

    typer.echo(f"{key} = {settings.unset(key)}")


@config_app.command("list")
def config_list(as_json: bool = typer.Option(False, "--json", help="Print one JSON document.")) -> None:
    """Every setting with its value (defaults in brackets)."""
    from studycli import settings

    values = settings.stored()
    if as_json:
        from studycli.output import print_json

        print_json(values)
        return
    from studycli.i18n import msg

    for key, value in values.items():
        typer.echo(f"{key} = {value}" if value is not None
                   else f"{key} = {settings.default_text(key)} {msg('config.default_marker')}")
