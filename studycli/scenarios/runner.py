"""Play interactive scenarios: read the story, predict at each checkpoint, see the engine's answer.

Each prediction is rated like a flashcard (right → Good, wrong → Again) on the card
`scenario:<scenario id>:<checkpoint id>` and committed the moment it is given, so
scenarios come back on an FSRS schedule like facts do.
"""

from __future__ import annotations

import time
from datetime import datetime

from studycli.errors import StudyError
from studycli.scenarios.base import Checkpoint, Scenario, build_checkpoints, load_scenarios

RIGHT, WRONG = 3, 1  # fsrs Rating.Good / Rating.Again


def card_id(scenario: Scenario, checkpoint: Checkpoint) -> str:
    return f"scenario:{scenario.id}:{checkpoint.id}"


def scenarios_of(kinds: tuple[str, ...]) -> list[Scenario]:
    from studycli.paths import content_dir

    return [s for s in load_scenarios(content_dir() / "scenarios") if s.kind in kinds]


def find(scenarios: list[Scenario], name: str) -> Scenario:
    for s in scenarios:
        if s.id == name:
            return s
    known = ", ".join(s.id for s in scenarios) or "none"
    raise StudyError(f"no scenario {name!r} (available: {known})")


def play(kinds: tuple[str, ...], name: str | None = None, now: datetime | None = None) -> None:
    """Play one scenario of `kinds` (asked for when `name` is None), recording each prediction."""
    from studycli import ui
    from studycli.clock import now as clock_now
    from studycli.i18n import pick, t
    from studycli.store import open_store

    scenarios = scenarios_of(kinds)
    if not scenarios:
        raise StudyError(f"no scenarios of kind {', '.join(kinds)} in the content")
    now = now or clock_now()
    with open_store() as store:
        right, answered, checkpoints = 0, 0, []
        try:
            scenario = find(scenarios, name) if name else _choose_scenario(scenarios, store, now)
            checkpoints = build_checkpoints(scenario)
            ui.rule(pick(scenario.title))
            ui.say(pick(scenario.story))
            ui.say(notes_label(scenario.source_lines), style="dim")
            for number, checkpoint in enumerate(checkpoints, 1):
                ui.say("")
                ui.say(f"[{number}/{len(checkpoints)}] {pick(checkpoint.ask)}", style="bold")
                started = time.monotonic()
                picked = ui.choose(t("예측", "Your prediction"), checkpoint.options)
                correct = picked == [checkpoint.answer]
                right += correct
                _record(store, scenario, checkpoint, correct, now, int((time.monotonic() - started) * 1000))
                answered += 1
                _feedback(checkpoint, correct)
        except (ui.EndOfInput, KeyboardInterrupt):  # out of input or Ctrl-C: each prediction is already saved
            ui.say("")
            if answered:
                ui.rule()
                ui.say(t(f"{len(checkpoints)}개 중 {answered}개 예측, {right}개 맞힘. 예측은 저장되었다.",
                         f"{right} of {answered} predictions right ({answered} of {len(checkpoints)} made); "
                         f"they are saved."), style="bold")
            return
        ui.rule()
        ui.say(t(f"{len(checkpoints)}개 중 {right}개 맞힘", f"{right} of {len(checkpoints)} predictions right"),
               style="bold")


def notes_label(lines) -> str:
    """'notes: lines 168-169, 171-190': the lines of the notes a scenario exercises, runs joined."""
    from studycli.ui import notes_lines_label

    return notes_lines_label(lines)


def schedule_status(scenario: Scenario, due: dict[str, datetime], known: set[str], now: datetime) -> str:
    """`due` when a prediction of the scenario is due again, `new` when never played, else `later`."""
    prefix = f"scenario:{scenario.id}:"
    mine = [cid for cid in known if cid.startswith(prefix)]
    if not mine:
        return "new"
    return "due" if any(cid in due for cid in mine) else "later"


def _choose_scenario(scenarios: list[Scenario], store, now: datetime) -> Scenario:
    """The learner picks; scenarios whose predictions are due come first, then new ones."""
    from studycli import ui
    from studycli.i18n import pick, t

    if len(scenarios) == 1:  # nothing to choose between
        return scenarios[0]
    due, known = store.due_cards(now), store.card_ids()
    status = {s.id: schedule_status(s, due, known, now) for s in scenarios}
    order = sorted(scenarios, key=lambda s: ("due", "new", "later").index(status[s.id]))
    label = {"due": t("복습", "due"), "new": t("새로움", "new"), "later": t("나중에", "later")}
    picked = ui.choose(t("시나리오를 고르세요", "Pick a scenario"),
                       [f"[{label[status[s.id]]}] {pick(s.title)}  ({s.id})" for s in order])
    return order[picked[0]]


def _record(store, scenario: Scenario, checkpoint: Checkpoint, correct: bool, now: datetime, duration_ms: int) -> None:
    from studycli.flashcards import rate_card

    rate_card(store, card_id=card_id(scenario, checkpoint), fact_id=f"scenario:{scenario.id}",
              kind=f"checkpoint:{checkpoint.id}", rating=RIGHT if correct else WRONG, now=now,
              duration_ms=duration_ms, origin="scenario")


def _feedback(checkpoint: Checkpoint, correct: bool) -> None:
    from studycli import ui
    from studycli.i18n import pick, t

    if correct:
        ui.say(t("정답!", "Right!"), style="green")
    else:
        ui.say(t("오답. 정답: ", "Not quite. AWS says: ") + checkpoint.options[checkpoint.answer], style="red")
    ui.say(pick(checkpoint.explanation))
