"""`review`, `stats`, `config get|set|list|unset`, `cards orphans`: the daily flashcard habit.

Thin: arguments in, `studycli.flashcards` does the work, `studycli.ui` does the talking.
The time comes from `studycli.clock` (`STUDYCLI_NOW` pins it); `STUDYCLI_FUZZ=0` turns
interval fuzz off (tests, demos). Each rating is committed the moment it is given.
"""

from __future__ import annotations

import os
from pathlib import Path

import typer

config_app = typer.Typer(help="Settings: exam_date, new_per_day, desired_retention, lang, content_dirs.",
                         no_args_is_help=True)
cards_app = typer.Typer(help="Flashcards derived from the facts.", no_args_is_help=True)

RATING_KEYS = {"1": 1, "2": 2, "3": 3, "4": 4}
CONFIG_DEFAULTS = {"exam_date": "(none)", "new_per_day": "20", "desired_retention": "0.9",
                   "lang": "(from --lang / locale)", "content_dirs": "(none)"}


def register(app: typer.Typer) -> None:
    """Add this group's commands to `app`."""
    app.command("review")(review)
    app.command("stats")(stats)
    app.add_typer(config_app, name="config")
    app.add_typer(cards_app, name="cards")


# --- shared set-up ---

def _now():
    """The learner's local time (pinned by STUDYCLI_NOW), read once per step by the command layer."""
    from studycli import clock

    return clock.now().astimezone()


def _fuzzing() -> bool:
    return os.environ.get("STUDYCLI_FUZZ", "1") != "0"


def _all_cards(content: list[Path] | None, topic: str | None = None):
    """Every card of the catalogue (checking that `topic` exists)."""
    from studycli.commands.content_cmd import user_content_dirs
    from studycli.content import load_catalogue
    from studycli.study.cards import derive_cards

    catalogue = load_catalogue(user_content_dirs(content))
    if topic:
        catalogue.select(topic)  # raises a clear error for an unknown topic
    return derive_cards(catalogue.facts)


# --- review ---

def review(
    topic: str | None = typer.Option(None, "--topic", "-t", help="Only this topic (or topic prefix)."),
    limit: int | None = typer.Option(None, "--limit", "-n", min=1, help="At most N cards this session."),
    lang: str | None = typer.Option(None, "--lang", help="ko or en (both: Korean and English)."),
    content: list[Path] | None = typer.Option(None, "--content", help="Add a content pack directory."),
) -> None:
    """Flashcards due today, then new ones: Enter shows the answer, 1-4 rates, u undoes, q quits."""
    from studycli import flashcards, i18n
    from studycli.store import open_store

    if lang:  # as on quiz and exam, so `review --lang ko` works like `--lang ko review`
        i18n.set_language(lang)
    with open_store() as store:
        cards = _all_cards(content, topic)
        now = _now()
        queue = flashcards.todays_queue(store, cards, now, topic=topic, limit=limit)
        ReviewSession(store, queue, topic).run()


class ReviewSession:
    """One sitting: shows cards, reads ratings, commits each at once, summarises at the end."""

    def __init__(self, store, queue, topic):
        import time

        self.store, self.topic = store, topic
        self.pending = list(queue)
        self.again_soon: list = []  # (due, entry): learning steps short enough to come back this sitting
        self.history: list = []      # (log_id, entry, rating) for undo
        self.started = time.monotonic()
        self.total = len(self.pending)
        self.session_id = None

    # the loop

    def run(self) -> None:
        from studycli import ui
        from studycli.i18n import t

        if not self.pending:
            ui.say(t("오늘 복습할 카드가 없습니다.", "Nothing to review today."))
            self._say_next_due()
            return
        self.session_id = self.store.start_session("review", _now(), meta={"topic": self.topic})
        try:
            while (entry := self._next()) is not None:
                if self._show(entry) == "quit":
                    break
        except (KeyboardInterrupt, ui.EndOfInput):
            ui.say("")
        self._summary()

    def _next(self):
        from studycli.study.scheduling import LEARN_AHEAD

        now = _now()
        self.again_soon.sort(key=lambda item: item[0])
        if self.again_soon and self.again_soon[0][0] <= now:
            return self.again_soon.pop(0)[1]
        if self.pending:
            return self.pending.pop(0)
        if self.again_soon and self.again_soon[0][0] <= now + LEARN_AHEAD:
            return self.again_soon.pop(0)[1]
        return None

    def _show(self, entry) -> str | None:
        """Front, reveal, back, rating. Returns 'quit' when the learner stops."""
        import time

        from studycli import ui
        from studycli.i18n import pick, t

        card = entry.card
        done = len(self.history) + 1
        tag = t("새 카드", "new") if entry.is_new else ""
        kind = {"forward": t("질문→답", "forward"), "reverse": t("답→질문", "reverse"),
                "cloze": t("빈칸", "cloze")}.get(card.kind, card.kind)
        ui.rule(f"{done}/{max(self.total, done)} · {card.topic} · {kind}{' · ' + tag if tag else ''}")
        ui.say(pick(card.front))
        shown = time.monotonic()
        key = _ask(t("[Enter] 답 보기 · u 되돌리기 · q 끝내기", "[Enter] show answer · u undo · q quit")
                   if self.history else t("[Enter] 답 보기 · q 끝내기", "[Enter] show answer · q quit"))
        if key == "q":
            return "quit"
        if key == "u":
            return self._undo(entry)
        ui.say("")
        ui.say(pick(card.back), style="bold")
        explain = pick(card.explain)
        if explain:
            ui.say(explain)
        if card.source_lines:
            ui.say(ui.notes_lines_label(card.source_lines), style="dim")
        return self._rate(entry, shown)

    def _rate(self, entry, shown: float) -> str | None:
        import time

        from studycli import flashcards, ui
        from studycli.i18n import t
        from studycli.study.scheduling import LEARN_AHEAD, RATINGS, format_interval

        card = entry.card
        intervals = flashcards.preview(self.store, card.id, _now(), fuzzing=_fuzzing())
        ui.say("   ".join(f"{r} {RATINGS[r]} ({format_interval(intervals[r])})" for r in RATINGS))
        while True:
            key = _ask(t("평가 1-4 · u 되돌리기 · q 끝내기 >", "Rate 1-4 · u undo · q quit >"))
            if key in RATING_KEYS:
                break
            if key == "q":
                self.pending.insert(0, entry)
                return "quit"
            if key == "u":
                return self._undo(entry)
            ui.say(t("1(Again), 2(Hard), 3(Good), 4(Easy), u, q 중 하나를 입력하세요.",
                     "Type 1 (Again), 2 (Hard), 3 (Good), 4 (Easy), u or q."), style="yellow")
        rating = RATING_KEYS[key]
        now = _now()
        log_id = flashcards.rate_card(self.store, card_id=card.id, fact_id=card.fact_id, kind=card.kind,
                                      rating=rating, now=now, duration_ms=int((time.monotonic() - shown) * 1000),
                                      origin="review", fuzzing=_fuzzing())
        self.history.append((log_id, entry, rating))
        due = _stored_due(self.store, card.id)
        if due is not None and due - now <= LEARN_AHEAD:
            self.again_soon.append((due, entry))
        return None

    def _undo(self, current) -> None:
        """Take back the last rating: that card comes back next, then the one on screen."""
        from studycli import flashcards, ui
        from studycli.i18n import t

        self.pending.insert(0, current)
        if not self.history:
            ui.say(t("되돌릴 평가가 없습니다.", "Nothing to undo."), style="yellow")
            return None
        from studycli.study.scheduling import RATINGS

        log_id, entry, rating = self.history.pop()
        flashcards.undo(self.store, log_id)
        self.again_soon = [(due, e) for due, e in self.again_soon if e.card.id != entry.card.id]
        self.pending.insert(0, entry)
        ui.say(t(f"되돌렸습니다: {entry.card.id} ({RATINGS[rating]} 평가). 그 카드를 다시 봅니다.",
                 f"Undone: {entry.card.id} (your {RATINGS[rating]} rating); that card comes back now."),
               style="dim")
        return None

    # the end

    def _summary(self) -> None:
        import time

        from studycli import ui
        from studycli.i18n import t

        reviewed = len(self.history)
        again = sum(1 for _, _, r in self.history if r == 1)
        seconds = int(time.monotonic() - self.started)
        rate = f"{again / reviewed:.0%}" if reviewed else "-"
        ui.rule(t("요약", "Summary"))
        ui.say(t(f"복습 {reviewed}장 · Again {again}장 ({rate}) · {seconds // 60}분 {seconds % 60}초",
                 f"Reviewed {reviewed} · Again {again} ({rate}) · {seconds // 60}m {seconds % 60:02d}s"))
        self._say_next_due()
        if self.session_id is not None:
            try:
                self.store.finish_session(self.session_id, _now(), meta={"reviewed": reviewed, "again": again})
            except KeyboardInterrupt:
                pass

    def _say_next_due(self) -> None:
        from studycli import ui
        from studycli.i18n import t
        from studycli.study.scheduling import format_interval

        now = _now()
        nxt = self.store.next_due_after(now)
        if nxt is None:
            ui.say(t("예정된 카드가 없습니다.", "No cards scheduled yet."))
            return
        when = nxt.astimezone(now.tzinfo).strftime("%Y-%m-%d %H:%M")
        ui.say(t(f"다음 복습: {format_interval(nxt - now)} 후 ({when})",
                 f"Next card due in {format_interval(nxt - now)} ({when})"))


def _ask(prompt: str) -> str:
    """One answer, lower-cased; in plain mode the answer is echoed so a transcript reads like a session."""
    from studycli import ui

    key = ui.read_line(prompt).lower()
    if not ui.interactive():
        ui.say(key)
    return key


def _stored_due(store, card_id: str):
    from datetime import datetime

    row = store.card_row(card_id)
    return datetime.fromisoformat(row["due"]) if row else None


# --- stats ---

def stats(
    as_json: bool = typer.Option(False, "--json", help="Print one JSON document."),
    content: list[Path] | None = typer.Option(None, "--content", help="Add a content pack directory."),
) -> None:
    """Cards by state, due today and the next 7 days, reviews per day, true retention, streak, history."""
    from studycli import flashcards
    from studycli.errors import ContentError
    from studycli.store import open_store

    with open_store() as store:
        try:
            cards = _all_cards(content)
        except ContentError as err:
            # Progress is still worth showing; only the count of never-seen cards needs the content.
            typer.echo(f"Warning: content not loaded, new cards not counted: {err}", err=True)
            cards = None
        now = _now()
        report = flashcards.progress(store, cards, now)
        if cards is not None:
            from studycli.progress_charts import chart_data

            report["charts"] = chart_data(store, cards, now)
    if as_json:
        from studycli.output import print_json

        print_json(report)
        return
    _print_stats(report)


def _print_stats(report: dict) -> None:
    from studycli import ui
    from studycli.i18n import t

    states = report["cards_by_state"]
    ui.say(t("카드: ", "Cards: ") + " · ".join(f"{name} {n}" for name, n in states.items()))
    ui.say(t(f"오늘 복습: {report['due_today']}장", f"Due today: {report['due_today']}"))
    ui.say(t("7일 예보: ", "Next 7 days: ") + "  ".join(f"{d['date'][5:]} {d['due']}" for d in report["forecast"]))
    retention = report["true_retention"]
    ui.say(t("실제 기억률: ", "True retention: ")
           + (f"{retention:.1%} ({report['review_state_ratings']})" if retention is not None else "-")
           + t(f" · 목표 {report['desired_retention']:.0%}", f" · target {report['desired_retention']:.0%}"))
    ui.say(t(f"총 평가 {report['reviews_total']}회 · 연속 {report['streak_days']}일",
             f"Ratings {report['reviews_total']} · streak {report['streak_days']} day(s)"))
    if report["exam_date"]:
        ui.say(t(f"시험일 {report['exam_date']} ({report['days_to_exam']}일 남음) · 하루 새 카드 {report['new_per_day']}장",
                 f"Exam {report['exam_date']} ({report['days_to_exam']} days left) · "
                 f"{report['new_per_day']} new cards a day"))
    if report["reviews_per_day"]:
        ui.say(t("최근 일별 평가: ", "Ratings per day: ")
               + "  ".join(f"{d['date'][5:]} {d['reviews']}" for d in report["reviews_per_day"][-14:]))
    if report["orphans"]:
        ui.say(t(f"사실이 사라진 카드 {report['orphans']}장 (studycli cards orphans)",
                 f"{report['orphans']} orphaned card(s): see `studycli cards orphans`"), style="yellow")
    for s in report["sessions"]:
        score = f"{s['correct']}/{s['answered']}" if s["answered"] else "-"
        ui.say(f"{s['started_at'][:16].replace('T', ' ')}  {s['kind']:<5} {score}")
    if report.get("charts"):
        ui.stats_charts(report["charts"])


# --- config ---

def _config_value(key: str) -> str:
    from studycli.errors import StudyError
    from studycli.flashcards import CONFIG_KEYS

    if key not in CONFIG_KEYS:
        raise StudyError(f"config: unknown key {key!r} (keys: {', '.join(CONFIG_KEYS)})")
    return key


@config_app.command("get")
def config_get(key: str = typer.Argument(..., help="exam_date, new_per_day, desired_retention, lang or content_dirs")) -> None:
    """Print one setting (its default when unset)."""
    from studycli.store import open_store

    _config_value(key)
    with open_store() as store:
        value = store.get_config(key)
    typer.echo(value if value is not None else CONFIG_DEFAULTS[key])


@config_app.command("set")
def config_set(key: str = typer.Argument(...), value: str = typer.Argument(...)) -> None:
    """Change a setting, e.g. `config set exam_date 2026-03-14` or `config set new_per_day 30`."""
    from studycli.flashcards import validate_config
    from studycli.store import open_store

    _config_value(key)
    normalised = validate_config(key, value, today=_now().date())
    with open_store() as store:
        store.set_config(key, normalised)
    typer.echo(f"{key} = {normalised}")


@config_app.command("unset")
def config_unset(key: str = typer.Argument(...)) -> None:
    """Go back to a setting's default (e.g. leave exam-date mode)."""
    from studycli.store import open_store

    _config_value(key)
    with open_store() as store:
        store.set_config(key, None)
    typer.echo(f"{key} = {CONFIG_DEFAULTS[key]}")


@config_app.command("list")
def config_list(as_json: bool = typer.Option(False, "--json", help="Print one JSON document.")) -> None:
    """Every setting with its value (defaults in brackets)."""
    from studycli.flashcards import CONFIG_KEYS
    from studycli.store import open_store

    with open_store() as store:
        stored = store.all_config()
    if as_json:
        from studycli.output import print_json

        print_json({key: stored.get(key) for key in CONFIG_KEYS})
        return
    for key in CONFIG_KEYS:
        typer.echo(f"{key} = {stored[key]}" if key in stored else f"{key} = {CONFIG_DEFAULTS[key]} [default]")


# --- cards ---

@cards_app.command("orphans")
def cards_orphans(
    as_json: bool = typer.Option(False, "--json", help="Print one JSON document."),
    content: list[Path] | None = typer.Option(None, "--content", help="Add a content pack directory."),
) -> None:
    """Cards with progress whose fact no longer exists (kept, never deleted)."""
    from studycli import flashcards
    from studycli.store import open_store

    with open_store() as store:
        found = flashcards.orphans(store, _all_cards(content))
    if as_json:
        from studycli.output import print_json

        print_json(found)
        return
    for o in found:
        typer.echo(f"{o['card_id']}  {o['reviews']} review(s), last {o['last_review'] or '-'}")
    typer.echo(f"{len(found)} orphaned card(s); their progress is kept.", err=True)
