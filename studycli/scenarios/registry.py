"""Simulator kinds: the one place that says which kinds of scenario exist and how each is run.

A kind is what a scenario file's `kind:` names. For each kind the registry says:

- `checkpoints`: the function ("module:function", imported when first needed) that turns a
  scenario of this kind into its checkpoints by running the engine (the loader of the
  kind's `setup`);
- `command`: the `studycli scenario <command>` that plays it, and `command_function`, the
  typer function behind it ("module:function"), when the kind has a command of its own;
  kinds without one are played by the generic `studycli scenario play NAME`;
- `named_by_option`: the command's first argument is the learner's own input (an
  expression, an API), so a scenario is named with `--scenario NAME`;
- how the home screen replays it: `replay_command(kind, scenario id)`, built from the above.

Everything that lists kinds (the scenario file loader, the CLI, the home screen, the
scenario list, the tests) reads `KINDS`. A new kind is an adapter module and one
`register(...)` line below; a test (or a plugin) may `register` its own kind at run time.
A kind that is no longer registered is simply unknown: its scenarios are skipped where
they are listed or replayed and reported by `content check`, never a crash.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any, NamedTuple

PLAY_COMMAND = "play"   # the generic player: `studycli scenario play NAME`


class Kind(NamedTuple):
    name: str
    checkpoints: str | Callable[[Any], list[Any]]   # "module:function" or the function: scenario -> checkpoints
    command: str = PLAY_COMMAND             # `studycli scenario <command>` plays it
    command_function: str | None = None     # "module:function": the typer command, when it has its own
    named_by_option: bool = False           # the command names a scenario with --scenario NAME

    def builder(self) -> Callable[[Any], list[Any]]:
        return self.checkpoints if callable(self.checkpoints) else _resolve(self.checkpoints)

    def replay(self, scenario_id: str) -> tuple[str, ...]:
        """The arguments after `studycli` that play scenario `scenario_id` of this kind again."""
        name = ("--scenario", scenario_id) if self.named_by_option else (scenario_id,)
        return ("scenario", self.command, *name)


KINDS: dict[str, Kind] = {}


def register(kind: Kind) -> Kind:
    """Add (or replace) a kind; the built-in kinds come in through this door too."""
    KINDS[kind.name] = kind
    return kind


def unregister(name: str) -> None:
    KINDS.pop(name, None)


def get(name: str) -> Kind | None:
    return KINDS.get(name)


def names() -> tuple[str, ...]:
    return tuple(KINDS)


def replay_command(kind: str, scenario_id: str) -> tuple[str, ...] | None:
    """How to play a scenario again; None for a kind that is not (or no longer) registered."""
    known = KINDS.get(kind)
    return known.replay(scenario_id) if known else None


def commands() -> dict[str, str]:
    """Command name -> "module:function" for every kind that has a command of its own."""
    return {k.command: k.command_function for k in KINDS.values() if k.command_function}


def _resolve(target: str) -> Callable[..., Any]:
    module, _, function = target.partition(":")
    return getattr(importlib.import_module(module), function)


def resolve_command(target: str) -> Callable[..., Any]:
    return _resolve(target)


_ALARMS, _EVENTS, _LOGS = "studycli.scenarios.alarm", "studycli.scenarios.eventbridge", "studycli.scenarios.logs"
_CMD_ALARMS = "studycli.commands.scenario_alarm"
_CMD_EVENTS = "studycli.commands.scenario_eventbridge"
_CMD_LOGS = "studycli.commands.scenario_logs"

register(Kind("alarm", f"{_ALARMS}:alarm_checkpoints", "alarm", f"{_CMD_ALARMS}:alarm"))
register(Kind("composite", f"{_ALARMS}:composite_checkpoints", "composite", f"{_CMD_ALARMS}:composite"))
register(Kind("eventbridge", f"{_EVENTS}:eventbridge_checkpoints", "eventbridge", f"{_CMD_EVENTS}:eventbridge"))
register(Kind("schedule", f"{_EVENTS}:schedule_checkpoints", "schedule", f"{_CMD_EVENTS}:schedule",
              named_by_option=True))
register(Kind("cloudtrail", f"{_EVENTS}:cloudtrail_checkpoints", "cloudtrail", f"{_CMD_EVENTS}:cloudtrail",
              named_by_option=True))
register(Kind("logs", f"{_LOGS}:logs_checkpoints", "logs", f"{_CMD_LOGS}:logs"))
register(Kind("insights", f"{_LOGS}:insights_checkpoints", "insights", f"{_CMD_LOGS}:insights"))
register(Kind("config", f"{_LOGS}:config_checkpoints", "config", f"{_CMD_LOGS}:config"))
