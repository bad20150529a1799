"""The home screen shown by `studycli` with no command: what is due, scores, weak spots, what next."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    app.command("home")(home_command)


def home_command(ctx: typer.Context,
                 as_json: bool = typer.Option(False, "--json", help="Print one JSON document.")) -> None:
    """The home screen (also what `studycli` alone shows)."""
    home(ctx, as_json=as_json)


def home(ctx: typer.Context, as_json: bool = False) -> None:
    """Show the home screen; on a terminal, run the suggestion the learner picks (through the
    root command of `ctx`, so this module never imports the CLI that imports it)."""
    from studycli.sessions.home import gather

    doc = gather()
    if as_json:
        from studycli.output import print_json

        print_json(doc)
        return
    from studycli import ui

    ui.home_screen(doc)
    if ui.interactive() and doc["suggestions"]:
        choice = ui.menu([s["text"] for s in doc["suggestions"]])
        if choice is not None:
            whole = ctx.find_root().obj   # the whole app (the CLI may have built only this command)
            root = typer.main.get_command(whole) if isinstance(whole, typer.Typer) else ctx.find_root().command
            code = root.main(args=doc["suggestions"][choice]["command"][1:], prog_name="studycli",
                             standalone_mode=False)
            if isinstance(code, int) and code:  # e.g. 130 after Ctrl-C: the chosen command's exit code
                raise typer.Exit(code)
