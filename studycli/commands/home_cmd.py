"""The home screen shown by `studycli` with no command: what is due, scores, weak spots, what next."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    app.command("home")(home_command)


def home_command(as_json: bool = typer.Option(False, "--json", help="Print one JSON document.")) -> None:
    """The home screen (also what `studycli` alone shows)."""
    home(as_json=as_json)


def gather() -> dict:
    """Everything the home screen shows, as one JSON-ready document."""
    from studycli import clock, flashcards
    from studycli.content import load_catalogue
    from studycli.sessions import outlook
    from studycli.sessions.stats import progress
    from studycli.settings import user_content_dirs
    from studycli.store import open_store
    from studycli.study import home as advice
    from studycli.study.cards import derive_cards

    now = clock.now().astimezone()
    catalogue = load_catalogue(user_content_dirs(None))
    cards = derive_cards(catalogue.facts)
    topic_of = {f.id: f.topic for f in catalogue.facts}
    with open_store() as store:
        queue = flashcards.todays_queue(store, cards, now)
        stats = progress(store, cards, now)
        answers, ratings = store.study_outcomes()
        scenarios_due = _due_scenarios(store, now)
        exam_forecast = outlook.exam_forecast(store, cards, now)
    due = sum(1 for e in queue if not e.is_new)
    new_left = sum(1 for e in queue if e.is_new)
    outcomes = answers + [(topic_of[f], ok) for f, ok in ratings if f in topic_of]
    weakest = advice.weakest_topics(advice.topic_accuracy(outcomes))
    sessions = stats["sessions"]
    last = {kind: next((s for s in sessions if s["kind"] == kind), None) for kind in ("quiz", "exam")}
    last_exam_score = (last["exam"] or {}).get("meta", {}).get("scaled_score")
    todo = advice.suggestions(due=due, new_left=new_left, weakest=weakest, days_to_exam=stats["days_to_exam"],
                              last_exam_score=last_exam_score, answered_any=bool(answers),
                              scenarios_due=scenarios_due)
    return {
        "due": due, "new_left_today": new_left, "reviews_total": stats["reviews_total"],
        "streak_days": stats["streak_days"], "days_to_exam": stats["days_to_exam"],
        "exam_date": stats["exam_date"],
        "last_quiz": _score(last["quiz"]), "last_exam": _score(last["exam"]),
        "weakest_topics": [{"topic": t, "accuracy": round(a, 3)} for t, a in weakest],
        "scenarios_due": [{"id": sid, "command": ["studycli", *command]} for sid, command in scenarios_due],
        "suggestions": [{"command": ["studycli", *s.command], "text": s.text} for s in todo],
        "exam_forecast": exam_forecast,
    }


# The `studycli scenario` command that plays each kind of scenario.
SCENARIO_COMMAND = {"alarm": "alarm", "composite": "alarm", "eventbridge": "eventbridge", "schedule": "schedule",
                    "cloudtrail": "cloudtrail", "logs": "logs", "insights": "insights", "config": "config"}
# Kinds whose command's first argument is the learner's own input (an expression), so the
# scenario is named with --scenario instead.
NAMED_BY_OPTION = {"schedule", "cloudtrail"}


def replay_command(kind: str, scenario_id: str) -> tuple[str, ...]:
    """The arguments after `studycli` that play scenario `scenario_id` of `kind` again."""
    name = ("--scenario", scenario_id) if kind in NAMED_BY_OPTION else (scenario_id,)
    return ("scenario", SCENARIO_COMMAND[kind], *name)


def _due_scenarios(store, now) -> list[tuple[str, tuple[str, ...]]]:
    """(scenario id, command that replays it) for scenarios with a prediction due today."""
    from studycli.errors import ContentError
    from studycli.paths import content_dir
    from studycli.scenarios.base import load_scenarios
    from studycli.study.scheduling import day_bounds

    _, end = day_bounds(now)
    due_ids = {cid.split(":")[1] for cid in store.due_cards(end) if cid.startswith("scenario:")}
    if not due_ids:
        return []
    try:
        kinds = {s.id: s.kind for s in load_scenarios(content_dir() / "scenarios")}
    except ContentError:
        return []
    return [(sid, replay_command(kinds[sid], sid)) for sid in sorted(due_ids) if sid in kinds]


def _score(session: dict | None) -> dict | None:
    if not session:
        return None
    meta = session.get("meta", {})
    return {"when": session["started_at"], "correct": session["correct"], "answered": session["answered"],
            "scaled_score": meta.get("scaled_score")}


def home(as_json: bool = False) -> None:
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
            from studycli.cli import app

            code = app(args=doc["suggestions"][choice]["command"][1:], standalone_mode=False)
            if isinstance(code, int) and code:  # e.g. 130 after Ctrl-C: the chosen command's exit code
                raise typer.Exit(code)
