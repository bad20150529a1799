"""The mock exam session: a timed sitting over `studycli.study.exam.Exam`, with moving
around (n/p), flags (f), a review screen (r), submitting (s), the scaled result and a
walk through the misses.

Every answer is saved the moment it is given. Ctrl-C (or x) pauses: the questions, answers,
flags, place and the time left are kept in the session, and `exam --resume` goes on; the
clock ticks on the screen while a prompt waits and the exam is submitted at 0:00.
The exam asks the question types the registry marks `in_exam`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from studycli.sessions import history
from studycli.sessions import quiz as quiz_session

if TYPE_CHECKING:
    from datetime import datetime

    from studycli.store import Store
    from studycli.study.exam import Exam
    from studycli.study.questions.base import Question

KEYS = ("n", "p", "f", "r", "s", "x")
KEY_WORDS = {"n": "exam.keys.next", "p": "exam.keys.previous", "f": "exam.keys.flag", "r": "exam.keys.review",
             "s": "exam.keys.submit", "x": "exam.keys.pause"}


@dataclass
class ExamPlan:
    questions: list[Question]
    seed: int
    topic: str | None
    started_at: datetime

    def to_json(self) -> list[dict[str, Any]]:
        from studycli.study.questions.generator import to_json

        return [to_json(q) for q in self.questions]


def plan(content_dirs: Sequence[Path], *, topic: str | None, count: int, seed: int, lang: str) -> ExamPlan:
    """An exam mixed like AWS's: at least 60% items and simulator questions, a fifth of them
    multiple-response, of the types the registry marks `in_exam`."""
    import random

    from studycli.errors import StudyError
    from studycli.study.questions.mix import EXAM, mix
    from studycli.study.questions.registry import exam_types

    made = quiz_session.material(quiz_session.load(content_dirs), topic)
    start = history.now()
    questions = mix(made, count, random.Random(seed), lang, types=exam_types(),
                    weights=quiz_session.study_weights(made, start), shares=EXAM)
    if not questions:
        raise StudyError(f"no exam questions can be made from {topic or 'the content'}")
    return ExamPlan(questions, seed, topic, start)


def run(plan: ExamPlan, count: int, minutes: int) -> None:
    """Sit the exam, then show the result and walk through the misses (or pause, or abandon)."""
    from studycli import ui
    from studycli.i18n import language
    from studycli.store import open_store
    from studycli.study.exam import Exam

    questions = plan.questions
    if len(questions) < count:
        ui.say_msg("exam.only_made", style="yellow", count=len(questions))
    state = Exam(questions, started_at=plan.started_at, minutes=minutes)
    ui.say_msg("exam.start", style="bold", count=len(questions), minutes=minutes, seed=plan.seed)
    with open_store() as store:
        session = store.start_session(history.EXAM_KIND, plan.started_at, seed=plan.seed,
                                      meta={"topic": plan.topic, "count": len(questions), "minutes": minutes,
                                            "lang": language(), "questions": plan.to_json()})
        _sit(state, store, session)


def resume() -> None:
    """`exam --resume`: the last paused exam, with its answers, flags, place and the time it had left."""
    from datetime import timedelta

    from studycli import ui
    from studycli.errors import StudyError
    from studycli.store import open_store
    from studycli.study.exam import Exam, format_remaining

    with open_store() as store:
        found = paused(store)
        if found is None:
            raise StudyError("no paused exam to resume (start one with: studycli exam)")
        session, meta = found
        questions = [question_from_json(q) for q in meta["questions"]]
        answers: dict[int, Any] = {}
        flags: set[int] = set(meta.get("flags", []))
        index = {q.id: i for i, q in enumerate(questions)}
        import json

        for row in store.answer_history((history.EXAM_KIND,)):
            if row["session_id"] == session and row["question_id"] in index:
                answers[index[row["question_id"]]] = json.loads(row["given"]).get("answer")
        minutes = int(meta["minutes"])
        left = timedelta(seconds=int(meta["remaining_seconds"]))
        state = Exam(questions, started_at=history.now() - (timedelta(minutes=minutes) - left), minutes=minutes,
                     answers=answers, flags=flags, position=min(int(meta.get("position", 0)), len(questions) - 1))
        store.update_session_meta(session, {"paused": False})
        ui.say_msg("exam.resumed", style="bold", answered=len(answers), total=len(questions),
                   remaining=format_remaining(left))
        _sit(state, store, session)


def paused(store: Store) -> tuple[int, dict[str, Any]] | None:
    """The newest paused exam of the store: (session id, its meta)."""
    for s in store.recent_sessions((history.EXAM_KIND,), limit=1000):
        if s["finished_at"] is None and s["meta"].get("paused") and s["meta"].get("questions"):
            return s["id"], s["meta"]
    return None


def question_from_json(doc: dict[str, Any]) -> Question:
    """A question as `to_json` wrote it (the exam keeps its questions for --resume)."""
    from studycli.study.questions.base import Question

    def tup(value: Any) -> tuple[Any, ...]:
        return tuple(tuple(v) if isinstance(v, list) else v for v in value or ())

    return Question(id=doc["id"], type=doc["type"], topic=doc["topic"], stem=doc["stem"],
                    options=tuple(doc.get("options", ())), correct=tup(doc.get("correct")),
                    explanation=doc.get("explanation", ""), fact_ids=tuple(doc.get("fact_ids", ())),
                    source_lines=tuple(doc.get("source_lines", ())), choose=int(doc.get("choose", 1)),
                    items=tuple(doc.get("items", ())), why=tuple(doc.get("why", ())), erratum=doc.get("erratum"),
                    answer_text=doc.get("answer", ""))


def _sit(state: Exam, store: Store, session: int) -> None:
    """The sitting: ask until submitted, out of time, paused (x or Ctrl-C) or abandoned."""
    from studycli import ui

    try:
        outcome = _loop(state, store, session)
    except KeyboardInterrupt:          # Ctrl-C: saved, and `exam --resume` goes on with the time left
        ui.say()
        _pause(state, store, session)
        raise
    if outcome == "pause":
        _pause(state, store, session)
        return
    if outcome == "abandon":
        store.finish_session(session, history.now(), meta={"paused": False, "abandoned": True})
        ui.say_msg("exam.abandoned", style="yellow", answered=len(state.answers))
        return
    _submit(state, store, session)
    _result(state)


def _submit(state: Exam, store: Store, session: int) -> None:
    result = state.submit(history.now())
    for i in result.wrong:
        if i in state.answers:
            history.queue_for_review(store, state.questions[i].fact_ids, result.submitted_at)
    store.finish_session(session, history.now(), meta={**result.to_json(), "paused": False})


def _pause(state: Exam, store: Store, session: int) -> None:
    from studycli import ui
    from studycli.study.exam import format_remaining

    now = history.now()
    if state.timed_out(now):       # nothing left to pause: the time ran out
        _submit(state, store, session)
        _result(state)
        return
    left = state.remaining(now)
    store.update_session_meta(session, {"paused": True, "remaining_seconds": int(left.total_seconds()),
                                        "position": state.position, "flags": sorted(state.flags)})
    ui.say_msg("exam.paused", style="yellow", answered=len(state.answers), total=len(state.questions),
               remaining=format_remaining(left))


def _keys(flagged: bool) -> dict[str, str]:
    from studycli.i18n import msg

    keys = {k: msg(KEY_WORDS[k]) for k in KEYS}
    if flagged:
        keys["f"] = msg("exam.keys.unflag")
    return keys


def _loop(state: Exam, store: Store, session: int) -> str:
    """Ask until the learner submits ('submit'), pauses ('pause') or abandons ('abandon'), the time
    runs out or the input ends ('submit'). On a terminal the clock ticks while a prompt waits."""
    from studycli import ui
    from studycli.i18n import msg
    from studycli.study.exam import format_remaining

    def clock() -> str:
        return msg("exam.clock", remaining=format_remaining(state.remaining(history.now())),
                   number=state.position + 1, total=len(state.questions), answered=len(state.answers))

    with ui.ticking(clock, lambda: state.timed_out(history.now())):
        try:
            return _questions(state, store, session)
        except ui.TimeUp:
            ui.say_msg("exam.time_up", style="red")
            return "submit"


def _questions(state: Exam, store: Store, session: int) -> str:
    from studycli import ui
    from studycli.i18n import msg
    from studycli.study.exam import format_remaining
    from studycli.study.questions import registry

    total = len(state.questions)
    while True:
        now = history.now()
        if state.timed_out(now):
            ui.say_msg("exam.time_up", style="red")
            return "submit"
        i, question = state.position, state.current
        ui.say()
        flag = msg("exam.header_flagged") if i in state.flags else ""
        done = ""
        if i in state.answers:  # coming back to a question: show what was answered
            done = msg("exam.header_answered", answer=registry.get(question.type).keys(question, state.answers[i]))
        ui.say_msg("exam.header", style="cyan", number=i + 1, total=total,
                   remaining=format_remaining(state.remaining(now)), flag=flag, done=done)
        try:
            given = quiz_session.ask(question, extra_keys=_keys(i in state.flags))
        except ui.EndOfInput:
            return "submit"
        if given == "x":
            return "pause"
        if given == "n":
            if not state.next() and (out := _review_screen(state)):
                return out
        elif given == "p":
            state.previous()
        elif given == "f":
            flagged = state.toggle_flag()
            if i in state.answers:  # the stored row keeps the flag too
                history.save_answer(store, session, question, state.answers[i], flagged=flagged,
                                    queue_if_wrong=False)
        elif given in ("r", "s"):
            if out := _review_screen(state, submitting=given == "s"):
                return out
        elif state.answer(given, history.now()):
            history.save_answer(store, session, question, given, flagged=i in state.flags, queue_if_wrong=False)
            if not state.next() and (out := _review_screen(state)):
                return out
        else:
            ui.say_msg("exam.too_late", style="red")
            return "submit"


def _review_screen(state: Exam, submitting: bool = False) -> str | None:
    """List unanswered and flagged questions; 'submit', 'pause' or 'abandon' when the learner says
    so, None to go back to the questions."""
    from studycli import ui
    from studycli.i18n import msg
    from studycli.study.exam import format_remaining

    now = history.now()
    ui.say()
    ui.rule(msg("exam.review.submit_title") if submitting else msg("exam.review.title"))
    ui.say_msg("exam.review.remaining", remaining=format_remaining(state.remaining(now)))
    # Ten to a line: a 65-question exam fits on one screen with the summary lines below.
    cells = [f"{i + 1:>3} {'✓' if i in state.answers else '·'}{'⚑' if i in state.flags else ' '}"
             for i in range(len(state.questions))]
    for start in range(0, len(cells), 10):
        ui.say("  " + "  ".join(cells[start:start + 10]))
    ui.say_msg("exam.review.legend", style="dim")
    none = msg("exam.review.none")
    ui.say_msg("exam.review.unanswered", numbers=", ".join(str(i + 1) for i in state.unanswered()) or none)
    ui.say_msg("exam.review.flagged", numbers=", ".join(str(i + 1) for i in state.flagged()) or none)
    ui.say_msg("exam.review.more_keys", style="dim")
    prompt = msg("exam.review.prompt_submit" if submitting else "exam.review.prompt")
    while True:
        try:
            raw = ui.ask_line(f"{prompt} >").lower()
        except ui.EndOfInput:
            return "submit"
        if state.timed_out(history.now()):
            return "submit"
        if raw == "s":
            return "submit"
        if raw == "x":
            return "pause"
        if raw == "a":
            try:
                sure = ui.ask_line(msg("exam.review.abandon_confirm") + " >").strip().lower()
            except ui.EndOfInput:
                sure = ""
            if sure in ("y", "yes", "예", "네", "ㅇ"):
                return "abandon"
            continue
        if raw in ("", "b", "r"):
            return None
        if (raw.isascii() and raw.isdigit()) and 1 <= int(raw) <= len(state.questions):
            state.go(int(raw) - 1)
            return None
        ui.say_msg("exam.review.again", style="yellow")


def _result(state: Exam) -> None:
    from studycli import ui
    from studycli.i18n import msg
    from studycli.study.exam import PASS_SCORE
    from studycli.study.questions import registry
    from studycli.study.questions.generator import render_correct, render_given

    result = state.result
    assert result is not None
    ui.say()
    ui.rule(msg("exam.result.title"))
    verdict = msg("exam.result.pass" if result.passed else "exam.result.fail")
    ui.say_msg("exam.result.scaled", style="bold", scaled=result.scaled, verdict=verdict, pass_score=PASS_SCORE)
    ui.say_msg("exam.result.right", right=result.right, total=result.total, answered=result.answered)
    if result.timed_out:
        ui.say_msg("exam.result.timed_out", style="yellow")
    ui.say_msg("exam.result.by_topic")
    for score in result.by_topic:
        ui.say(f"  {score.topic}: {score.right}/{score.total} ({score.percent}%)")
    if not result.wrong:
        return
    ui.rule(msg("exam.result.wrong_title"))
    notes = quiz_session.notes_lines()
    for n, i in enumerate(result.wrong, 1):
        q = state.questions[i]
        ui.say()
        ui.say(msg("exam.result.miss_header", n=n, count=len(result.wrong), number=i + 1,
                   total=len(state.questions), topic=q.topic), style="dim")
        ui.say(q.stem, style="bold")
        given = state.answers.get(i)
        ui.say_msg("exam.result.your_answer",
                   answer=render_given(q, given) if given is not None else msg("exam.result.no_answer"))
        ui.say_msg("exam.result.answer", style="green", answer=render_correct(q))
        # every option with the reason it is right or wrong (the learner's pick marked)
        quiz_session.show_lines(registry.get(q.type).feedback(q, given, False)[1:])
        quiz_session.show_explanation(q, notes)
        if ui.interactive() and n < len(result.wrong):
            try:
                if ui.read_line(msg("exam.result.next") + " >").lower() == "q":
                    return
            except (ui.EndOfInput, KeyboardInterrupt):  # the exam is saved; Ctrl-C just ends the walk-through
                return
