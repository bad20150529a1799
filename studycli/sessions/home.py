"""What the home screen shows: due cards, last scores, weakest topics, due scenarios, what next.

One document, JSON-ready, gathered from the store and the content; `studycli home` renders
it (or prints it with --json). Scenario replays come from the simulator registry, so a
kind that is gone never breaks the home screen.
"""

from __future__ import annotations

from typing import Any


def gather() -> dict[str, Any]:
    """Everything the home screen shows, as one JSON-ready document."""
    from studycli import clock, flashcards
    from studycli.content import load_catalogue
    from studycli.sessions import outlook
    from studycli.sessions.scenario import due_replays
    from studycli.sessions.stats import progress
    from studycli.settings import user_content_dirs
    from studycli.store import open_store
    from studycli.study import home as advice
    from studycli.study.scheduling import day_bounds

    now = clock.now().astimezone()
    catalogue = load_catalogue(user_content_dirs(None))
    cards = catalogue.cards()
    topic_of = {c.fact_id: c.topic for c in cards}   # every fact has a card
    with open_store() as store:
        queue = flashcards.todays_queue(store, cards, now)
        stats = progress(store, cards, now)
        answers, ratings = store.topic_answer_counts(), store.fact_rating_counts(topic_of)
        due_today = store.due_card_ids(day_bounds(now)[1], "scenario:")
        exam_forecast = outlook.exam_forecast(store, cards, now)
    scenarios_due = due_replays(due_today)
    due = sum(1 for e in queue if not e.is_new)
    new_left = sum(1 for e in queue if e.is_new)
    weakest = advice.weakest_topics(advice.combined_accuracy(answers, ratings, topic_of))
    sessions = stats["sessions"]
    last = {kind: next((s for s in sessions if s["kind"] == kind), None) for kind in ("quiz", "exam")}
    last_exam_score = (_score(last["exam"]) or {}).get("scaled_score")
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


def _score(session: dict[str, Any] | None) -> dict[str, Any] | None:
    if not session:
        return None
    meta = session.get("meta", {})
    # an exam's result is stored as `scaled`/`passed`/`total` (studycli.study.exam.ExamResult.to_json)
    return {"when": session["started_at"], "correct": session["correct"], "answered": session["answered"],
            "scaled_score": meta.get("scaled", meta.get("scaled_score")), "passed": meta.get("passed"),
            "total": meta.get("total")}
