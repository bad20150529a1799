"""`quiz`, `exam` and `mistakes`: checking what the learner knows.

Thin: each command checks its options, calls one session function
(`studycli.sessions.quiz`, `.exam`, `.mistakes`), and prints the JSON or hands the plan
to the session to run. The question types come from the registry
(`studycli.study.questions.registry`), so `--type` accepts whatever is registered.
"""

from __future__ import annotations

from pathlib import Path

import typer

from studycli.study.questions.registry import BUILT_IN

TYPE_HELP = f"Question types, comma-separated: {', '.join(BUILT_IN)} (and any registered type)."


def register(app: typer.Typer) -> None:
    """Add this group's commands to `app`."""
    app.command("quiz")(quiz)
    app.command("exam")(exam)
    app.command("mistakes")(mistakes)


# --- options -------------------------------------------------------------------------------

def _lang(lang: str | None) -> str:
    from studycli import i18n
    from studycli.errors import StudyError

    if lang is None:
        return i18n.language()
    if lang not in i18n.LANGUAGES:
        raise StudyError(f"--lang: {lang!r} is not one of ko, en, both")
    i18n.set_language(lang)
    return lang


def _seed(seed: int | None) -> int:
    if seed is not None:
        return seed
    import random

    return random.SystemRandom().randrange(1, 2 ** 31)


def _types(qtype: str | None) -> tuple[str, ...] | None:
    """`--type single,cloze` as registered type names (`true-false` reads as `true_false`)."""
    from studycli.errors import StudyError
    from studycli.study.questions.registry import names

    if not qtype:
        return None
    known = names()
    wanted = tuple(t.strip().replace("-", "_") for t in qtype.split(",") if t.strip())
    for t in wanted:
        if t not in known:
            raise StudyError(f"--type: {t!r} is not a question type (types: {', '.join(known)})")
    return wanted


def _origins(origin: str | None) -> tuple[str, ...] | None:
    """`--origin item,simulator` as origin names (`studycli.study.questions.origins`)."""
    from studycli.errors import StudyError
    from studycli.study.questions.origins import names

    if not origin:
        return None
    wanted = tuple(o.strip() for o in origin.split(",") if o.strip())
    for o in wanted:
        if o not in names():
            raise StudyError(f"--origin: {o!r} is not an origin (origins: {', '.join(names())})")
    return wanted


def _complete_type(incomplete: str) -> list[str]:
    from studycli.study.questions.registry import names

    done, _, last = incomplete.rpartition(",")
    return [f"{done},{n}" if done else n for n in names() if n.startswith(last)]


def _content_dirs(content: list[Path] | None) -> list[Path]:
    from studycli.settings import user_content_dirs

    return user_content_dirs(content)


# A week: a timer past that is no exam (and its deadline must stay a date).
MAX_EXAM_MINUTES = 7 * 24 * 60


def _check_count(name: str, value: int) -> None:
    from studycli.errors import StudyError

    if value < 1:
        raise StudyError(f"{name}: must be at least 1, got {value}")


def _print_json(document: object) -> None:
    from studycli.output import print_json

    print_json(document)


# --- commands ------------------------------------------------------------------------------

def quiz(
    topic: str | None = typer.Option(None, "--topic", "-t", help="Only this topic (or topic prefix)."),
    count: int = typer.Option(10, "--count", "-n", help="How many questions."),
    seed: int | None = typer.Option(None, "--seed", help="Same seed (and history) → same questions."),
    qtype: str | None = typer.Option(None, "--type", help=TYPE_HELP, autocompletion=_complete_type),
    origin: str | None = typer.Option(None, "--origin", help="Only these origins, comma-separated: item, simulator, fact."),
    lang: str | None = typer.Option(None, "--lang", help="ko or en (both: Korean and English)."),
    as_json: bool = typer.Option(False, "--json", help="Print the generated questions as one JSON document and exit."),
    notes_only: bool = typer.Option(False, "--notes-only", help="Leave out supplementary facts."),
    content: list[Path] | None = typer.Option(None, "--content", help="Add a content pack directory."),
) -> None:
    """A quiz mixed like the exam (scenario items, simulator questions, facts): feedback after each
    answer, every answer saved at once, a summary by topic."""
    from studycli.sessions import quiz as session

    _check_count("--count", count)
    language = _lang(lang)
    plan = session.plan(_content_dirs(content), topic=topic, count=count, seed=_seed(seed), lang=language,
                        types=_types(qtype), notes_only=notes_only, origins=_origins(origin))
    if as_json:
        _print_json(plan.to_json())
        return
    session.run(plan)


def exam(
    count: int = typer.Option(65, "--count", "-n", help="How many questions (the real exam has 65)."),
    minutes: int = typer.Option(130, "--minutes", help="Time allowed (the real exam allows 130)."),
    seed: int | None = typer.Option(None, "--seed", help="Same seed (and history) → same exam."),
    topic: str | None = typer.Option(None, "--topic", "-t", help="Only this topic (or topic prefix)."),
    lang: str | None = typer.Option(None, "--lang", help="ko or en (both: Korean and English)."),
    as_json: bool = typer.Option(False, "--json", help="Print the exam's questions as one JSON document and exit."),
    content: list[Path] | None = typer.Option(None, "--content", help="Add a content pack directory."),
    resume: bool = typer.Option(False, "--resume", help="Go on with the paused exam (Ctrl-C or x pauses one)."),
) -> None:
    """A timed mock exam (at least 60% exam items and simulator questions): n/p move, f flags, r reviews,
    s submits, x pauses; scaled score 100-1000, 720 passes."""
    from studycli.sessions import exam as session

    if resume:
        _lang(lang)
        session.resume()
        return
    _check_count("--count", count)
    _check_count("--minutes", minutes)
    if minutes > MAX_EXAM_MINUTES:
        from studycli.errors import StudyError
        from studycli.i18n import msg

        raise StudyError(msg("exam.minutes_too_many", value=minutes, high=MAX_EXAM_MINUTES))
    language = _lang(lang)
    plan = session.plan(_content_dirs(content), topic=topic, count=count, seed=_seed(seed), lang=language)
    if as_json:
        _print_json(plan.to_json())
        return
    session.run(plan, count=count, minutes=minutes)


def mistakes(
    as_json: bool = typer.Option(False, "--json", help="Print the notebook (with --quiz: its questions) as one JSON document."),
    requiz: bool = typer.Option(False, "--quiz", help="Re-quiz what is in the notebook."),
    seed: int | None = typer.Option(None, "--seed", help="Seed for --quiz."),
    lang: str | None = typer.Option(None, "--lang", help="ko or en (both: Korean and English)."),
    content: list[Path] | None = typer.Option(None, "--content", help="Add a content pack directory."),
) -> None:
    """The wrong-answer notebook: facts, exam items and simulator questions answered wrong stay until
    answered right on two different days."""
    from studycli.sessions import mistakes as session

    language = _lang(lang)
    notebook = session.load(_content_dirs(content))
    if requiz:
        plan = session.requiz_plan(notebook, _seed(seed), language)
        if as_json:
            _print_json(plan.to_json())
        else:
            session.requiz(plan)
        return
    if as_json:
        _print_json(notebook.to_json(language))
        return
    session.show(notebook, language)
