"""`quiz`, `exam` and `mistakes`: checking what the learner knows.

Thin: arguments in, `studycli.study.quiz` makes and grades the questions,
`studycli.study.exam` keeps the exam's clock and state, `studycli.ui` does the
talking, and every answer goes to the store the moment it is given (kill-safe).
The time comes from `studycli.clock` (`STUDYCLI_NOW` pins it for tests).

Determinism: the questions depend only on the seed and the study history (which facts
were missed, how well each is recalled), so `quiz --seed S --json` and a session with
the same seed and history ask the same questions in the same order.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

EXAM_KEYS_EN = {"n": "next", "p": "previous", "f": "flag", "r": "review", "s": "submit"}
EXAM_KEYS_KO = {"n": "다음", "p": "이전", "f": "표시", "r": "검토", "s": "제출"}
UNFLAG_EN, UNFLAG_KO = "unflag", "표시 해제"
QUIZ_KIND, EXAM_KIND = "quiz", "exam"
MISS_WEIGHT, RECALL_WEIGHT = 2.0, 2.0


def register(app: typer.Typer) -> None:
    """Add this group's commands to `app`."""
    app.command("quiz")(quiz)
    app.command("exam")(exam)
    app.command("mistakes")(mistakes)


# --- shared set-up ---------------------------------------------------------------------

def _now():
    from studycli import clock

    return clock.now()


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


def _types(qtype: str | None, default: tuple[str, ...] | None = None) -> tuple[str, ...] | None:
    from studycli.errors import StudyError
    from studycli.study.quiz import TYPES

    if not qtype:
        return default
    wanted = tuple(t.strip().replace("-", "_") for t in qtype.split(",") if t.strip())
    for t in wanted:
        if t not in TYPES:
            raise StudyError(f"--type: {t!r} is not a question type (types: {', '.join(TYPES)})")
    return wanted


def _catalogue(content: list[Path] | None):
    from studycli.content import load_catalogue
    from studycli.settings import user_content_dirs

    return load_catalogue(user_content_dirs(content))


def _store_if_any():
    """The progress database when there is one; reading history must not create it."""
    from studycli.paths import db_path

    if not db_path().exists():
        return None
    from studycli.store import open_store

    return open_store()


def _past_answers(store) -> list:
    import json

    from studycli.store import parse_iso
    from studycli.study.quiz import PastAnswer

    out = []
    for row in store.answer_history((QUIZ_KIND, EXAM_KIND)):
        given = json.loads(row["given"])
        shown = given.get("shown", "") if isinstance(given, dict) else ""
        out.append(PastAnswer(fact_ids=tuple(json.loads(row["fact_ids"])), correct=bool(row["correct"]),
                              answered_at=parse_iso(row["answered_at"]), qtype=row["qtype"], shown=shown))
    return out


def _notebook(store, now) -> list:
    from studycli.study.quiz import mistakes_notebook

    if store is None:
        return []
    return mistakes_notebook(_past_answers(store), now.astimezone().tzinfo)  # the learner's calendar days


def _weights(facts, now) -> dict[str, float] | None:
    """Study history as weights: a missed fact and a half-forgotten card come up more often.

    Recall is rounded to tenths so the same history gives the same weights all day long
    (and so the same questions for the same seed).
    """
    store = _store_if_any()
    if store is None:
        return None
    from studycli import flashcards

    with store:
        missed = {e.fact_id for e in _notebook(store, now)}
        known = store.card_ids()
        cards = [flashcards.forward_id(f.id) for f in facts if flashcards.forward_id(f.id) in known]
        recall = flashcards.retrievability(store, cards, now) if cards else {}
    weights = {}
    for f in facts:
        w = 1.0 + (MISS_WEIGHT if f.id in missed else 0.0)
        r = recall.get(flashcards.forward_id(f.id))
        if r is not None:
            w += RECALL_WEIGHT * (1.0 - round(r, 1))
        weights[f.id] = round(w, 1)
    return weights


def _notes_lines() -> list[str]:
    """The notes as the learner reads them: HTML entities (`&#x20;`) and Markdown escapes
    (`INSUFFICIENT\\_DATA`) the editor left are decoded."""
    import html
    import re

    from studycli.paths import notes_path

    def readable(line: str) -> str:
        line = re.sub(r"\*\*(.+?)\*\*", r"\1", html.unescape(line))  # **bold** reads as plain text
        return re.sub(r"\\([\\`*_{}\[\]()#+\-.!|~<>])", r"\1", line).rstrip()

    try:
        return [readable(line) for line in notes_path().read_text(encoding="utf-8").splitlines()]
    except OSError:
        return []


def _check_count(name: str, value: int) -> None:
    from studycli.errors import StudyError

    if value < 1:
        raise StudyError(f"{name}: must be at least 1, got {value}")


# --- quiz ----------------------------------------------------------------------------------

def quiz(
    topic: str | None = typer.Option(None, "--topic", "-t", help="Only this topic (or topic prefix)."),
    count: int = typer.Option(10, "--count", "-n", help="How many questions."),
    seed: int | None = typer.Option(None, "--seed", help="Same seed (and history) → same questions."),
    qtype: str | None = typer.Option(None, "--type", help="single, multi, true_false, cloze, matching (comma-separated)."),
    lang: str | None = typer.Option(None, "--lang", help="ko or en (both: Korean and English)."),
    as_json: bool = typer.Option(False, "--json", help="Print the generated questions as one JSON document and exit."),
    notes_only: bool = typer.Option(False, "--notes-only", help="Leave out supplementary facts."),
    content: list[Path] | None = typer.Option(None, "--content", help="Add a content pack directory."),
) -> None:
    """A quiz: feedback after each answer, every answer saved at once, a summary by topic."""
    import random

    from studycli.errors import StudyError
    from studycli.study.quiz import generate

    _check_count("--count", count)
    language = _lang(lang)
    types = _types(qtype)
    catalogue = _catalogue(content)
    facts = catalogue.select(topic, notes_only=notes_only)
    seed = _seed(seed)
    now = _now()
    questions = generate(facts, count, random.Random(seed), language, types=types,
                         weights=_weights(facts, now), pool=catalogue.facts)
    if not questions:
        raise StudyError(f"no {qtype or ''} questions can be made from {topic or 'the content'}".replace("  ", " "))
    if as_json:
        from studycli.output import print_json

        print_json([q.to_json() for q in questions])
        return
    _run_quiz(questions, seed, language, meta={"topic": topic, "count": count, "types": list(types or [])})


def _run_quiz(questions, seed: int, lang: str, meta: dict) -> None:
    from studycli import ui
    from studycli.i18n import t
    from studycli.store import open_store

    notes = _notes_lines()
    plural = "" if len(questions) == 1 else "s"
    ui.say(t(f"퀴즈: {len(questions)}문제 (seed {seed})", f"Quiz: {len(questions)} question{plural} (seed {seed})"),
           style="bold")
    results: list[tuple[Any, bool]] = []
    stopped = False
    with open_store() as store:
        session = store.start_session(QUIZ_KIND, _now(), seed=seed, meta={**meta, "lang": lang})
        try:
            for number, question in enumerate(questions, 1):
                ui.say()
                ui.say(f"[{number}/{len(questions)}] {question.topic}", style="dim")
                try:
                    given = _ask(question)
                except ui.EndOfInput:
                    break
                except KeyboardInterrupt:  # Ctrl-C at a question: stop here, keep and score what was answered
                    stopped = True
                    break
                ok = _save_answer(store, session, question, given)
                results.append((question, ok))
                _feedback(question, given, ok, notes)
        finally:
            right = sum(ok for _, ok in results)
            store.finish_session(session, _now(), meta={"right": right, "answered": len(results),
                                                        "total": len(questions),
                                                        "by_topic": _by_topic(results)})
    _summary(results, len(questions))
    if stopped:
        ui.say(t("중단했다. 지금까지 한 답은 저장되었다.", "Stopped. Every answer given so far is saved."), style="dim")


def _save_answer(store, session: int, question, given, flagged: bool = False, queue_if_wrong: bool = True) -> bool:
    """Grade and save one answer at once; a wrong one puts its facts' cards into today's reviews."""
    from studycli.study.quiz import grade, render_given

    ok = grade(question, given)
    now = _now()
    store.record_answer(session_id=session, question_id=question.id, fact_ids=list(question.fact_ids),
                        topic=question.topic, qtype=question.type,
                        given={"answer": given, "shown": render_given(question, given)},
                        correct=ok, answered_at=now, flagged=flagged)
    if not ok and queue_if_wrong:
        _queue_for_review(store, question.fact_ids, now)
    return ok


def _queue_for_review(store, fact_ids, now) -> None:
    from studycli import flashcards

    for fact_id in fact_ids:
        flashcards.put_in_todays_queue(store, fact_id, now)


def _ask(question, extra_keys: dict[str, str] | None = None):
    """Show a question and read the learner's answer (or one of `extra_keys`' command words)."""
    from studycli import ui
    from studycli.i18n import t

    ui.say(question.stem, style="bold")
    if question.type in ("single", "multi", "true_false"):
        return ui.choose(t("답", "Answer"), list(question.options), multi=question.choose, extra_keys=extra_keys)
    if question.type == "cloze":
        return _read_typed(t("답 입력", "Your answer"), extra_keys)
    return _ask_matching(question, extra_keys)


def _read_typed(prompt: str, extra_keys: dict[str, str] | None):
    from studycli import ui
    from studycli.i18n import t

    if extra_keys:
        ui.say("  " + "  ".join(f"[{k}] {v}" for k, v in extra_keys.items()), style="dim")
    while True:
        raw = ui.read_line(f"{prompt} >")
        if extra_keys and raw.lower() in extra_keys:
            return raw.lower()
        if raw:
            return raw
        ui.say(t("답을 입력하세요.", "Please type an answer."), style="yellow")


def _ask_matching(question, extra_keys: dict[str, str] | None):
    from studycli import ui
    from studycli.i18n import t

    for i, item in enumerate(question.items, 1):
        ui.item(f"  {i}. ", item)
    ui.say(t("보기:", "Options:"), style="dim")
    for i, option in enumerate(question.options):
        ui.item(f"  {ui.LETTERS[i]}. ", option)
    if extra_keys:
        ui.say("  " + "  ".join(f"[{k}] {v}" for k, v in extra_keys.items()), style="dim")
    n = len(question.items)
    example = " ".join(ui.LETTERS[:n])
    while True:
        raw = ui.read_line(t(f"1-{n}번 항목의 글자를 차례로 (예: {example}) >",
                             f"Letters for items 1-{n} in order (e.g. {example}) >"))
        if extra_keys and raw.lower() in extra_keys:
            return raw.lower()
        picks = parse_matching(raw, n, len(question.options))
        if picks is not None:
            return picks
        ui.say(t(f"A-{ui.LETTERS[len(question.options) - 1]} 글자 {n}개를 입력하세요.",
                 f"Please type {n} letters from A-{ui.LETTERS[len(question.options) - 1]}."), style="yellow")


def parse_matching(text: str, items: int, options: int) -> list[int] | None:
    """'C A B', 'c,a,b' or 'CAB' -> [2, 0, 1]: one option letter per item, in item order."""
    from studycli.ui import LETTERS

    tokens = text.replace(",", " ").replace(";", " ").upper().split()
    if len(tokens) == 1 and len(tokens[0]) == items:
        tokens = list(tokens[0])
    if len(tokens) != items or any(len(tok) != 1 or tok not in LETTERS[:options] for tok in tokens):
        return None
    return [LETTERS.index(tok) for tok in tokens]


def _feedback(question, given, ok: bool, notes: list[str]) -> None:
    """Right or wrong, why each option is right or wrong, the notes line, the erratum."""
    from studycli import ui
    from studycli.i18n import t
    from studycli.study.quiz import render_correct

    if question.type == "matching":
        _matching_feedback(question, given, ok)
    elif ok and question.type == "cloze" and not _typed_as_shown(given, question.correct[0]):
        # Accepted, but written differently: show how the answer is usually written.
        ui.say(t(f"✓ 정답 — {question.correct[0]}", f"✓ Right — {question.correct[0]}"), style="green")
    elif ok:
        ui.say(t("✓ 정답", "✓ Right"), style="green")
    else:
        ui.say(t(f"✗ 오답 — 정답: {render_correct(question)}", f"✗ Wrong — answer: {render_correct(question)}"),
               style="red")
    if question.why:
        picked = set(given) if isinstance(given, list) else set()
        right = set(question.correct)
        for i, (option, why) in enumerate(zip(question.options, question.why)):
            mark = "✓" if i in right else "✗"
            you = " ←" if i in picked else ""
            ui.item(f"  {mark} {ui.LETTERS[i]}. ", f"{option}{you}: {why}")
    ui.say(question.explanation)
    _show_sources(question, notes)
    if question.erratum:
        ui.say(t("정오표: ", "Erratum: ") + question.erratum, style="yellow")


def _matching_feedback(question, given, ok: bool) -> None:
    """Item by item, instead of every item's full text in one long line: the right letter, and
    the learner's where it differs."""
    from studycli import ui
    from studycli.i18n import t

    right = dict(question.correct)
    letters = " ".join(ui.LETTERS[right[i]] for i in range(len(question.items)) if i in right)
    if ok:
        ui.say(t(f"✓ 정답 — {letters}", f"✓ Right — {letters}"), style="green")
    else:
        ui.say(t(f"✗ 오답 — 정답: {letters}", f"✗ Wrong — answer: {letters}"), style="red")
    mine = list(given) if isinstance(given, list) else []
    for i in range(len(question.items)):
        if i not in right:
            continue
        j = right[i]
        text = f"{ui.LETTERS[j]}. {question.options[j]}"
        if i < len(mine) and mine[i] != j:
            text += t(f"  (내 답: {ui.LETTERS[mine[i]]})", f"  (you: {ui.LETTERS[mine[i]]})")
        ui.item(f"  {'✓' if i < len(mine) and mine[i] == j else '✗'} {i + 1} → ", text)


def _typed_as_shown(given, shown: str) -> bool:
    return isinstance(given, str) and given.strip() == shown.strip()


def _show_sources(question, notes: list[str]) -> None:
    _show_notes_lines(question.source_lines, notes)


def _show_notes_lines(lines, notes: list[str]) -> None:
    """Each cited line of the notes, wrapped under its label."""
    from studycli import ui
    from studycli.i18n import t

    for n in lines:
        if 0 < n <= len(notes):
            ui.item(t(f"  노트 {n}행: ", f"  notes line {n}: "), notes[n - 1].strip(), style="dim")


def _by_topic(results) -> dict[str, list[int]]:
    out: dict[str, list[int]] = {}
    for question, ok in results:
        row = out.setdefault(question.topic, [0, 0])
        row[0] += int(ok)
        row[1] += 1
    return out


def _summary(results, total: int) -> None:
    from studycli import ui
    from studycli.i18n import t

    ui.say()
    ui.rule(t("주제별 결과", "By topic"))
    for topic, (right, asked) in sorted(_by_topic(results).items()):
        ui.say(f"  {topic}: {right}/{asked}")
    right = sum(ok for _, ok in results)
    answered = len(results)
    pct = round(100 * right / answered) if answered else 0
    ui.say(t(f"점수: {right}/{answered} ({pct}%)", f"Score: {right}/{answered} ({pct}%)"), style="bold")
    if answered < total:
        ui.say(t(f"{total}문제 중 {answered}문제에 답했다.", f"Answered {answered} of {total} questions."), style="dim")


# --- exam ----------------------------------------------------------------------------------

def exam(
    count: int = typer.Option(65, "--count", "-n", help="How many questions (the real exam has 65)."),
    minutes: int = typer.Option(130, "--minutes", help="Time allowed (the real exam allows 130)."),
    seed: int | None = typer.Option(None, "--seed", help="Same seed (and history) → same exam."),
    topic: str | None = typer.Option(None, "--topic", "-t", help="Only this topic (or topic prefix)."),
    lang: str | None = typer.Option(None, "--lang", help="ko or en (both: Korean and English)."),
    as_json: bool = typer.Option(False, "--json", help="Print the exam's questions as one JSON document and exit."),
    content: list[Path] | None = typer.Option(None, "--content", help="Add a content pack directory."),
) -> None:
    """A timed mock exam: n/p move, f flags, r reviews, s submits; scaled score 100-1000, 720 passes."""
    import random

    from studycli import ui
    from studycli.errors import StudyError
    from studycli.i18n import t
    from studycli.store import open_store
    from studycli.study.exam import EXAM_TYPES, Exam
    from studycli.study.quiz import generate

    _check_count("--count", count)
    _check_count("--minutes", minutes)
    language = _lang(lang)
    catalogue = _catalogue(content)
    facts = catalogue.select(topic)
    seed = _seed(seed)
    start = _now()
    questions = generate(facts, count, random.Random(seed), language, types=EXAM_TYPES,
                         weights=_weights(facts, start), pool=catalogue.facts)
    if not questions:
        raise StudyError(f"no exam questions can be made from {topic or 'the content'}")
    if as_json:
        from studycli.output import print_json

        print_json([q.to_json() for q in questions])
        return
    if len(questions) < count:
        ui.say(t(f"문제를 {len(questions)}개만 만들 수 있다.", f"Only {len(questions)} questions can be made."),
               style="yellow")
    state = Exam(questions, started_at=start, minutes=minutes)
    ui.say(t(f"모의고사: {len(questions)}문제, {minutes}분 (seed {seed})",
             f"Mock exam: {len(questions)} questions, {minutes} minutes (seed {seed})"), style="bold")
    stopped = False
    with open_store() as store:
        session = store.start_session(EXAM_KIND, start, seed=seed,
                                      meta={"topic": topic, "count": len(questions), "minutes": minutes})
        try:
            _exam_loop(state, store, session)
        except KeyboardInterrupt:  # Ctrl-C: the exam ends as submitted with what was answered (below)
            stopped = True
        finally:
            result = state.submit(_now())
            for i in result.wrong:
                if i in state.answers:
                    _queue_for_review(store, questions[i].fact_ids, result.submitted_at)
            store.finish_session(session, _now(), meta=result.to_json())
    if stopped:
        ui.say()
        ui.say(t(f"중단했다. 답한 {len(state.answers)}문제로 제출했다.",
                 f"Stopped. The exam was submitted with the {len(state.answers)} answer(s) given."), style="yellow")
    _exam_result(state)


def _exam_loop(state, store, session: int) -> None:
    """Ask until the learner submits, the time runs out, or the input ends."""
    from studycli import ui
    from studycli.i18n import language, t
    from studycli.study.exam import format_remaining

    korean = language() == "ko"
    total = len(state.questions)
    while True:
        now = _now()
        if state.timed_out(now):
            ui.say(t("시간이 끝났다. 답한 것까지 제출한다.", "Time is up: submitting what you answered."), style="red")
            return
        i, question = state.position, state.current
        ui.say()
        flag = t("  ⚑ 검토 표시", "  ⚑ flagged") if i in state.flags else ""
        done = ""
        if i in state.answers:  # coming back to a question: show what was answered
            mine = _given_keys(question, state.answers[i])
            done = t(f"  (내 답: {mine})", f"  (your answer: {mine})")
        keys = dict(EXAM_KEYS_KO if korean else EXAM_KEYS_EN)
        if i in state.flags:
            keys["f"] = UNFLAG_KO if korean else UNFLAG_EN
        ui.say(t(f"문제 {i + 1}/{total}  ⏱ 남은 시간 {format_remaining(state.remaining(now))}{flag}{done}",
                 f"Question {i + 1}/{total}  ⏱ {format_remaining(state.remaining(now))} left{flag}{done}"),
               style="cyan")
        try:
            given = _ask(question, extra_keys=keys)
        except ui.EndOfInput:
            return
        if given == "n":
            if not state.next() and _review_screen(state):
                return
        elif given == "p":
            state.previous()
        elif given == "f":
            flagged = state.toggle_flag()
            if i in state.answers:  # the stored row keeps the flag too
                _save_answer(store, session, question, state.answers[i], flagged=flagged, queue_if_wrong=False)
        elif given in ("r", "s"):
            if _review_screen(state, submitting=given == "s"):
                return
        elif state.answer(given, _now()):
            _save_answer(store, session, question, given, flagged=i in state.flags, queue_if_wrong=False)
            if not state.next() and _review_screen(state):
                return
        else:
            ui.say(t("시간이 끝나 이 답은 받지 않았다.", "Time was up; that answer came too late."), style="red")
            return


def _given_keys(question, given) -> str:
    """An answer as the learner typed it: letters for options, the text for a typed answer."""
    from studycli.ui import LETTERS

    if isinstance(given, str):
        return given
    picks = [given] if isinstance(given, int) else list(given)
    return (" " if question.type == "matching" else ",").join(LETTERS[p] for p in picks if 0 <= p < len(LETTERS))


def _review_screen(state, submitting: bool = False) -> bool:
    """List unanswered and flagged questions; True when the learner submits."""
    from studycli import ui
    from studycli.i18n import t
    from studycli.study.exam import format_remaining

    now = _now()
    ui.say()
    ui.rule(t("제출할까요?", "Submit?") if submitting else t("검토", "Review"))
    ui.say(t(f"남은 시간 {format_remaining(state.remaining(now))}", f"{format_remaining(state.remaining(now))} left"))
    # Ten to a line: a 65-question exam fits on one screen with the summary lines below.
    cells = [f"{i + 1:>3} {'✓' if i in state.answers else '·'}{'⚑' if i in state.flags else ' '}"
             for i in range(len(state.questions))]
    for start in range(0, len(cells), 10):
        ui.say("  " + "  ".join(cells[start:start + 10]))
    ui.say(t("  ✓ 답함 · 미답 ⚑ 검토 표시", "  ✓ answered  · unanswered  ⚑ flagged"), style="dim")
    unanswered = [str(i + 1) for i in state.unanswered()]
    flagged = [str(i + 1) for i in state.flagged()]
    ui.say(t("미답: ", "Unanswered: ") + (", ".join(unanswered) or t("없음", "none")))
    ui.say(t("검토 표시: ", "Flagged: ") + (", ".join(flagged) or t("없음", "none")))
    while True:
        prompt = (t("s 다시 눌러 제출 / 번호로 이동 / Enter 돌아가기", "s again to submit / a number to go there / Enter to go back")
                  if submitting else
                  t("s 제출 / 번호로 이동 / Enter 돌아가기", "s submit / a number to go there / Enter to go back"))
        try:
            raw = ui.read_line(f"{prompt} >").lower()
        except ui.EndOfInput:
            return True
        if state.timed_out(_now()):
            return True
        if raw == "s":
            return True
        if raw in ("", "b", "r"):
            return False
        if (raw.isascii() and raw.isdigit()) and 1 <= int(raw) <= len(state.questions):
            state.go(int(raw) - 1)
            return False
        ui.say(t("s, 번호, 또는 Enter.", "s, a question number, or Enter."), style="yellow")


def _exam_result(state) -> None:
    from studycli import ui
    from studycli.i18n import t
    from studycli.study.exam import PASS_SCORE
    from studycli.study.quiz import render_correct, render_given

    result = state.result
    ui.say()
    ui.rule(t("결과", "Result"))
    verdict = t("합격", "PASS") if result.passed else t("불합격", "FAIL")
    ui.say(t(f"환산 점수: {result.scaled} / 1000 — {verdict} (합격선 {PASS_SCORE})",
             f"Scaled score: {result.scaled} / 1000 — {verdict} ({PASS_SCORE} to pass)"), style="bold")
    ui.say(t(f"맞힌 문제: {result.right}/{result.total} (답한 문제 {result.answered})",
             f"Right: {result.right}/{result.total} (answered {result.answered})"))
    if result.timed_out:
        ui.say(t("시간 초과로 제출됨.", "Submitted when the time ran out."), style="yellow")
    ui.say(t("주제별:", "By topic:"))
    for score in result.by_topic:
        ui.say(f"  {score.topic}: {score.right}/{score.total} ({score.percent}%)")
    if not result.wrong:
        return
    ui.rule(t("틀린 문제 다시 보기", "Wrong answers"))
    notes = _notes_lines()
    for n, i in enumerate(result.wrong, 1):
        q = state.questions[i]
        ui.say()
        ui.say(f"[{i + 1}] {q.topic}", style="dim")
        ui.say(q.stem, style="bold")
        given = state.answers.get(i)
        ui.say(t("내 답: ", "Your answer: ") + (render_given(q, given) if given is not None else t("(미답)", "(none)")))
        ui.say(t("정답: ", "Answer: ") + render_correct(q), style="green")
        ui.say(q.explanation)
        _show_sources(q, notes)
        if q.erratum:
            ui.say(t("정오표: ", "Erratum: ") + q.erratum, style="yellow")
        if ui.interactive() and n < len(result.wrong):
            try:
                if ui.read_line(t("Enter 다음 / q 그만 >", "Enter for the next / q to stop >")).lower() == "q":
                    return
            except (ui.EndOfInput, KeyboardInterrupt):  # the exam is saved; Ctrl-C just ends the walk-through
                return


# --- the wrong-answer notebook (오답 노트) ----------------------------------------------------

def mistakes(
    as_json: bool = typer.Option(False, "--json", help="Print the notebook (with --quiz: its questions) as one JSON document."),
    requiz: bool = typer.Option(False, "--quiz", help="Re-quiz the facts in the notebook."),
    seed: int | None = typer.Option(None, "--seed", help="Seed for --quiz."),
    lang: str | None = typer.Option(None, "--lang", help="ko or en (both: Korean and English)."),
    content: list[Path] | None = typer.Option(None, "--content", help="Add a content pack directory."),
) -> None:
    """The wrong-answer notebook: facts answered wrong stay until answered right on two different days."""
    import random

    from studycli import ui
    from studycli.i18n import t
    from studycli.study.quiz import generate

    language = _lang(lang)
    catalogue = _catalogue(content)
    by_id = catalogue.by_id()
    now = _now()
    store = _store_if_any()
    if store is None:
        entries = []
    else:
        with store:
            entries = _notebook(store, now)
    entries = [e for e in entries if e.fact_id in by_id]  # facts removed from the content cannot be asked
    if requiz:
        # One question per fact, never a family matching one: that would drag other facts in.
        facts = [by_id[e.fact_id] for e in entries]
        seed = _seed(seed)
        questions = generate(facts, len(facts), random.Random(seed), language,
                             types=("single", "multi", "true_false", "cloze"), pool=catalogue.facts)
        if as_json:
            from studycli.output import print_json

            print_json([q.to_json() for q in questions])
        elif not questions:
            ui.say(t("오답 노트가 비어 있다.", "The wrong-answer notebook is empty."))
        else:
            _run_quiz(questions, seed, language, meta={"mode": "mistakes", "count": len(questions)})
        return
    if as_json:
        from studycli.output import print_json

        print_json([_entry_json(e, by_id[e.fact_id], language) for e in entries])
        return
    if not entries:
        ui.say(t("오답 노트가 비어 있다.", "The wrong-answer notebook is empty."))
        return
    _show_notebook(entries, by_id, language)


def _entry_json(entry, fact, lang: str) -> dict[str, Any]:
    from studycli.models import render_answer
    from studycli.study.quiz import RIGHT_DAYS_TO_CLEAR

    return {"fact_id": fact.id, "topic": fact.topic, "prompt": fact.text(lang), "answer": render_answer(fact.answer),
            "your_answer": entry.last_given, "explanation": fact.explanation(lang),
            "wrong_count": entry.wrong_count, "last_wrong_at": entry.last_wrong_at.isoformat(),
            "right_days_since": len(entry.right_days_since), "right_days_needed": RIGHT_DAYS_TO_CLEAR,
            "source_lines": list(fact.source_lines)}


def _show_notebook(entries, by_id, lang: str) -> None:
    from studycli import ui
    from studycli.i18n import pick, t
    from studycli.models import render_answer
    from studycli.study.quiz import RIGHT_DAYS_TO_CLEAR

    notes = _notes_lines()
    ui.rule(t(f"오답 노트 ({len(entries)})", f"Wrong-answer notebook ({len(entries)})"))
    for entry in entries:
        fact = by_id[entry.fact_id]
        ui.say()
        ui.say(f"{fact.id}  [{fact.topic}]", style="dim")
        ui.say(pick({"ko": fact.ko, "en": fact.en}, lang), style="bold")
        ui.say(t("정답: ", "Answer: ") + render_answer(fact.answer), style="green")
        if entry.last_given:
            ui.say(t("내 답: ", "You answered: ") + entry.last_given, style="red")
        ui.say(pick(fact.explain, lang))
        _show_notes_lines(fact.source_lines, notes)
        ui.say(t(f"틀린 횟수 {entry.wrong_count}, 그 뒤 맞힌 날 {len(entry.right_days_since)}/{RIGHT_DAYS_TO_CLEAR}",
                 f"wrong {entry.wrong_count}×, right since on {len(entry.right_days_since)}/{RIGHT_DAYS_TO_CLEAR} days"),
               style="dim")
    ui.say()
    ui.say(t("`studycli mistakes --quiz` 로 다시 풀어 보세요.", "Run `studycli mistakes --quiz` to re-quiz them."))
