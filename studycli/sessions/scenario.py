"""Play interactive scenarios: read the story, predict at each checkpoint, see the engine's answer.

Each prediction is rated like a flashcard (right → Good, wrong → Again) on the card
`scenario:<scenario id>:<checkpoint id>` and committed the moment it is given, so
scenarios come back on an FSRS schedule like facts do. Also here: the scenario list and
the scenarios the home screen offers to replay, both of every registered kind.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from studycli.errors import INVALID_VALUE, StudyError
from studycli.i18n import Msg
from studycli.scenarios import registry
from studycli.scenarios.base import Checkpoint, Scenario, build_checkpoints, load_all

RIGHT, WRONG = 3, 1  # fsrs Rating.Good / Rating.Again
ORDER = ("due", "new", "later")


def card_id(scenario: Scenario, checkpoint: Checkpoint) -> str:
    return f"scenario:{scenario.id}:{checkpoint.id}"


def scenarios_of(kinds: Iterable[str] | None = None) -> list[Scenario]:
    """The scenarios of these kinds (of every registered kind when None)."""
    wanted = None if kinds is None else set(kinds)
    return [s for s in load_all() if wanted is None or s.kind in wanted]


def find(scenarios: list[Scenario], name: str) -> Scenario:
    for s in scenarios:
        if s.id == name:
            return s
    known = ", ".join(s.id for s in scenarios) or Msg("scenario.none")
    raise StudyError(Msg("error.scenario.unknown", {"name": repr(name), "known": known}), code=INVALID_VALUE)


def schedule_status(scenario: Scenario, due: Iterable[str], known: Iterable[str]) -> str:
    """`due` when a prediction of the scenario is due again, `new` when never played, else `later`."""
    prefix = f"scenario:{scenario.id}:"
    mine = [cid for cid in known if cid.startswith(prefix)]
    if not mine:
        return "new"
    due = set(due)
    return "due" if any(cid in due for cid in mine) else "later"


def play(kinds: Iterable[str] | None, name: str | None = None, now: datetime | None = None) -> None:
    """Play one scenario of `kinds` (every kind when None; asked for when `name` is None)."""
    from studycli import ui
    from studycli.clock import now as clock_now
    from studycli.i18n import msg, pick, render
    from studycli.store import open_store
    from studycli.ui import notes_lines_label

    kinds = None if kinds is None else tuple(kinds)
    scenarios = scenarios_of(kinds)
    if not scenarios:
        raise StudyError(Msg("error.scenario.none_of_kind", {"kinds": ", ".join(kinds or registry.names())}),
                         code=INVALID_VALUE)
    now = now or clock_now()
    with open_store() as store:
        right, answered, checkpoints = 0, 0, []
        try:
            scenario = find(scenarios, name) if name else _choose(scenarios, store, now)
            checkpoints = build_checkpoints(scenario)
            ui.rule(pick(scenario.title))
            ui.say(pick(scenario.story))
            ui.say(notes_lines_label(scenario.source_lines), style="dim")
            for number, checkpoint in enumerate(checkpoints, 1):
                ui.say("")
                ui.say(f"[{number}/{len(checkpoints)}] {pick(checkpoint.ask)}", style="bold")
                started = time.monotonic()
                picked = ui.choose(msg("scenario.prompt"), [render(o) for o in checkpoint.options])
                correct = picked == [checkpoint.answer]
                right += correct
                _record(store, scenario, checkpoint, correct, now, int((time.monotonic() - started) * 1000))
                answered += 1
                _feedback(checkpoint, correct)
        except (ui.EndOfInput, KeyboardInterrupt) as stop:  # out of input or Ctrl-C: each prediction is saved
            ui.say("")
            if answered:
                ui.rule()
                ui.say(msg("scenario.stopped", right=right, answered=answered, total=len(checkpoints)), style="bold")
            if isinstance(stop, KeyboardInterrupt):
                raise  # Ctrl-C exits 130, as the README says
            return
        ui.rule()
        ui.say(msg("scenario.score", right=right, total=len(checkpoints)), style="bold")


def _choose(scenarios: list[Scenario], store: Any, now: datetime) -> Scenario:
    """The learner picks; scenarios whose predictions are due come first, then new ones."""
    from studycli import ui
    from studycli.i18n import msg, pick

    if len(scenarios) == 1:  # nothing to choose between
        return scenarios[0]
    due, known = store.due_card_ids(now, "scenario:"), store.ids_with_prefix("scenario:")
    status = {s.id: schedule_status(s, due, known) for s in scenarios}
    order = sorted(scenarios, key=lambda s: ORDER.index(status[s.id]))
    picked = ui.choose(msg("scenario.pick"),
                       [f"[{msg('scenario.status.' + status[s.id])}] {pick(s.title)}  ({s.id})" for s in order])
    return order[int(picked[0])]


def _record(store: Any, scenario: Scenario, checkpoint: Checkpoint, correct: bool, now: datetime,
            duration_ms: int) -> None:
    from studycli.flashcards import rate_card

    rate_card(store, card_id=card_id(scenario, checkpoint), fact_id=f"scenario:{scenario.id}",
              kind=f"checkpoint:{checkpoint.id}", rating=RIGHT if correct else WRONG, now=now,
              duration_ms=duration_ms, origin="scenario")


def _feedback(checkpoint: Checkpoint, correct: bool) -> None:
    from studycli import ui
    from studycli.i18n import msg, render

    if correct:
        ui.say(msg("scenario.right"), style="green")
    else:
        ui.say(msg("scenario.wrong", answer=render(checkpoint.options[checkpoint.answer])), style="red")
    ui.say(render(checkpoint.explanation))


# --- the scenario list and the home screen's replays ---------------------------------------

def listing(now: datetime | None = None) -> list[dict[str, Any]]:
    """Every playable scenario: id, kind, title, status (due/new/later) and the command that plays it."""
    from studycli.clock import now as clock_now
    from studycli.store import open_store

    now = now or clock_now()
    scenarios = load_all(skip_broken=True)
    with open_store() as store:
        due, known = store.due_card_ids(now, "scenario:"), store.ids_with_prefix("scenario:")
    rows = []
    for s in scenarios:
        command = registry.replay_command(s.kind, s.id)
        if command is None:
            continue
        rows.append({"id": s.id, "kind": s.kind, "title": dict(s.title), "status": schedule_status(s, due, known),
                     "command": ["studycli", *command]})
    return sorted(rows, key=lambda r: (ORDER.index(r["status"]), r["kind"], r["id"]))


def due_replays(due_card_ids: Iterable[str]) -> list[tuple[str, tuple[str, ...]]]:
    """(scenario id, command that replays it) for the scenarios with a prediction among `due_card_ids`.

    Never fails: a scenario that is gone, a file that no longer loads, or a kind that is no
    longer registered is left out, so old progress cannot break the home screen."""
    due_ids = {cid.split(":")[1] for cid in due_card_ids if cid.startswith("scenario:") and cid.count(":") >= 2}
    if not due_ids:
        return []
    try:
        kinds = {s.id: s.kind for s in load_all(skip_broken=True)}
    except (StudyError, OSError):
        return []
    out = []
    for sid in sorted(due_ids):
        command = registry.replay_command(kinds[sid], sid) if sid in kinds else None
        if command is not None:
            out.append((sid, command))
    return out
