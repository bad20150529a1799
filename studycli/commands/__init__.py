"""Command groups. Each module's `register(app)` adds its commands; modules import only
typer at load time so `studycli --help` stays fast."""
