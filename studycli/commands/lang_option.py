"""`--lang ko|en|both` on every command, not only on the ones that ask questions.

`add_everywhere(app)` gives each registered command (and each command of a sub-group) a
`--lang` option unless it declares its own; the option sets the language before the
command runs, so `studycli stats --lang ko` works like `studycli --lang ko stats`.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any

import typer

HELP = "ko or en (both: Korean and English); also a global option: studycli --lang ko COMMAND."


def with_lang(func: Callable[..., Any]) -> Callable[..., Any]:
    """`func` with a `--lang` option that sets the language first (unchanged if it has one)."""
    signature = inspect.signature(func)
    if "lang" in signature.parameters:
        return func

    @functools.wraps(func)
    def wrapper(*args: Any, lang: str | None = None, **kwargs: Any) -> Any:
        if lang is not None:
            from studycli import i18n

            i18n.set_language(lang)
        return func(*args, **kwargs)

    option = inspect.Parameter("lang", inspect.Parameter.KEYWORD_ONLY, annotation="str | None",
                               default=typer.Option(None, "--lang", help=HELP))
    wrapper.__signature__ = signature.replace(parameters=[*signature.parameters.values(), option])  # type: ignore[attr-defined]
    wrapper.__annotations__ = {**getattr(func, "__annotations__", {}), "lang": "str | None"}
    return wrapper


def add_everywhere(app: typer.Typer) -> None:
    for info in app.registered_commands:
        if info.callback is not None:
            info.callback = with_lang(info.callback)
    for group in app.registered_groups:
        if group.typer_instance is not None:
            add_everywhere(group.typer_instance)
