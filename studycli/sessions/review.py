"""One sitting of flashcard review: today's queue, shown card by card, each rating saved at once.

The study policy lives here and in `studycli.flashcards`: due cards first, then new ones
up to today's quota; a card whose next learning step is within `LEARN_AHEAD` comes back in
the same sitting; `u` takes back the last rating. The time comes from `studycli.clock`
(`STUDYCLI_NOW` pins it) and is read at each step; `STUDYCLI_FUZZ=0` turns interval fuzz
off (tests, demos). All talking goes through `studycli.ui`, all words through the catalogue.
"""

from __future__ import annotations

import os
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from studycli.i18n import Msg, msg, render

if TYPE_CHECKING:
    from studycli.store import Store
    from studycli.study.scheduling import QueueEntry

RATING_KEYS = {"1": 1, "2": 2, "3": 3, "4": 4}


def run(*, topic: str | None, limit: int | None, content: list[Path] | None) -> None:
    """`studycli review`: today's cards (of `topic`), at most `limit`, until done or the learner quits."""
    from studycli import flashcards
    from studycli.sessions.cards import all_cards
    from studycli.store import open_store

    with open_store() as store:
        cards = all_cards(content, topic)
        queue = flashcards.todays_queue(store, cards, now(), topic=topic, limit=limit)
        ReviewSession(store, queue, topic, limit=limit).run()


def now() -> datetime:
    """The learner's local time, read afresh at each step (pinned by STUDYCLI_NOW)."""
    from studycli import clock

    return clock.local_now()


def fuzzing() -> bool:
    return os.environ.get("STUDYCLI_FUZZ", "1") != "0"


# --- words ---

def rating_label(rating: int) -> Msg:
    """Again / Hard / Good / Easy (다시 / 어려움 / 알맞음 / 쉬움)."""
    from studycli.study.scheduling import RATINGS

    return Msg(f"review.rating.{RATINGS[rating].lower()}")


def interval_label(interval: timedelta) -> Msg:
    """An interval as the rating buttons show it: 10m, 3h, 4d (10분, 3시간, 4일)."""
    from studycli.study.scheduling import interval_parts

    amount, unit = interval_parts(interval)
    return Msg(f"review.interval.{unit}", {"n": amount})


def kind_label(kind: str) -> str:
    return msg(f"review.kind.{kind}") if kind in ("forward", "reverse", "cloze") else kind


class ReviewSession:
    """One sitting: shows cards, reads ratings, commits each at once, summarises at the end."""

    def __init__(self, store: Store, queue: list[QueueEntry], topic: str | None, limit: int | None = None) -> None:
        self.store, self.topic, self.limit = store, topic, limit
        self.pending = list(queue)
        # (due, entry): cards whose learning step is short enough to come back this sitting
        self.again_soon: list[tuple[datetime, QueueEntry]] = []
        self.history: list[tuple[int, QueueEntry, int]] = []  # (log id, entry, rating), for undo
        self.started = time.monotonic()
        self.total = len(self.pending)
        self.session_id: int | None = None
        # the stored state of each queued card (absent: never studied, a new card), for the counts
        self.states: dict[str, int] = {}
        for e in self.pending:
            row = None if e.is_new else store.card_row(e.card.id)
            if row is not None:
                self.states[e.card.id] = int(row["state"])

    # the loop

    def run(self) -> None:
        from studycli import ui

        if not self.pending:
            ui.say(msg("review.nothing_today"))
            self._say_next_due()
            return
        self.session_id = self.store.start_session("review", now(), meta={"topic": self.topic})
        interrupted = False
        try:
            while (entry := self._next()) is not None:
                if self._show(entry) == "quit":
                    break
        except ui.EndOfInput:
            ui.say("")
        except KeyboardInterrupt:
            ui.say("")
            interrupted = True
        self._summary()
        if interrupted:
            raise KeyboardInterrupt  # every rating is saved; Ctrl-C exits 130, as the README says

    def _next(self) -> QueueEntry | None:
        from studycli.study.scheduling import LEARN_AHEAD

        moment = now()
        self.again_soon.sort(key=lambda item: item[0])
        if self.again_soon and self.again_soon[0][0] <= moment:
            return self.again_soon.pop(0)[1]
        if self.pending:
            return self.pending.pop(0)
        if self.again_soon and self.again_soon[0][0] <= moment + LEARN_AHEAD:
            return self.again_soon.pop(0)[1]
        return None

    def _show(self, entry: QueueEntry) -> str | None:
        """Front, reveal, back, rating. Returns 'quit' when the learner stops."""
        from studycli import ui
        from studycli.i18n import pick

        card = entry.card
        done = len(self.history) + 1
        parts = [f"{done}/{max(self.total, done)}", card.topic, kind_label(card.kind), self.state_label(card.id)]
        ui.rule(" · ".join(parts))
        ui.say(self.counts(entry), style="dim")
        ui.say(pick(card.front))
        shown = time.monotonic()
        key = _ask(msg("review.prompt.front_undo" if self.history else "review.prompt.front"),
                   ("enter", "space", "u", "q"))
        if key == "q":
            return "quit"
        if key == "u":
            self._undo(entry)
            return None
        ui.say("")
        ui.say(pick(card.back), style="bold")
        explain = pick(card.explain)
        if explain:
            ui.say(explain)
        if card.source_lines:
            ui.say(ui.notes_lines_label(card.source_lines), style="dim")
        return self._rate(entry, shown)

    def _rate(self, entry: QueueEntry, shown: float) -> str | None:
        from studycli import flashcards, ui
        from studycli.study.scheduling import LEARN_AHEAD, RATINGS

        card = entry.card
        intervals = flashcards.preview(self.store, card.id, now(), fuzzing=fuzzing())
        ui.say("   ".join(f"{r} {render(rating_label(r))} ({render(interval_label(intervals[r]))})" for r in RATINGS))
        while True:
            key = _ask(msg("review.prompt.rate"), ("1", "2", "3", "4", "u", "q"))
            if key in RATING_KEYS:
                break
            if key == "q":
                self.pending.insert(0, entry)
                return "quit"
            if key == "u":
                self._undo(entry)
                return None
            ui.say(msg("review.not_a_rating", again=rating_label(1), hard=rating_label(2), good=rating_label(3),
                       easy=rating_label(4)), style="yellow")
        rating = RATING_KEYS[key]
        moment = now()
        log_id = flashcards.rate_card(self.store, card_id=card.id, fact_id=card.fact_id, kind=card.kind,
                                      rating=rating, now=moment, duration_ms=int((time.monotonic() - shown) * 1000),
                                      origin="review", fuzzing=fuzzing())
        self.history.append((log_id, entry, rating))
        due = self._stored_due(card.id)
        if due is not None and due - moment <= LEARN_AHEAD:
            self.again_soon.append((due, entry))
        return None

    def _undo(self, current: QueueEntry) -> None:
        """Take back the last rating: that card comes back next, then the one on screen."""
        from studycli import flashcards, ui

        self.pending.insert(0, current)
        if not self.history:
            ui.say(msg("review.nothing_to_undo"), style="yellow")
            return
        log_id, entry, rating = self.history.pop()
        if not flashcards.undo(self.store, log_id):
            # Rated again in another session since: taking this rating back would wipe that one.
            ui.say(msg("review.undo_rated_since", card=entry.card.id, rating=rating_label(rating)), style="yellow")
            return
        self.again_soon = [(due, e) for due, e in self.again_soon if e.card.id != entry.card.id]
        self.pending.insert(0, entry)
        from studycli.i18n import pick

        ui.say(msg("review.undone_text", card=entry.card.id, rating=rating_label(rating),
                   front=pick(entry.card.front)), style="dim")

    def state_label(self, card_id: str) -> str:
        """The card's real state: new until first rated, then learning, review or relearning."""
        row = self.store.card_row(card_id)
        if row is None:
            return msg("review.tag.new")
        return msg({1: "review.tag.learning", 2: "review.tag.review", 3: "review.tag.relearning"}
                   .get(int(row["state"]), "review.tag.learning"))

    def counts(self, current: QueueEntry) -> str:
        """What is left of this sitting, as Anki shows it: new · learning · review (the card on screen
        included)."""
        rated = {e.card.id for _, e, _ in self.history}
        new = learning = review = 0
        for e in [current, *self.pending]:
            state = self.states.get(e.card.id)
            if e.card.id in rated or state in (1, 3):
                learning += 1
            elif state == 2:
                review += 1
            else:
                new += 1
        learning += len(self.again_soon)
        if self.limit is not None:    # never more than the limit lets this sitting show
            left = max(self.limit - len(self.history), 0)
            new = min(new, left)
        return msg("review.counts", new=new, learning=learning, review=review)

    def _stored_due(self, card_id: str) -> datetime | None:
        row = self.store.card_row(card_id)
        return datetime.fromisoformat(row["due"]) if row else None

    # the end

    def _summary(self) -> None:
        from studycli import ui

        reviewed = len(self.history)
        again = sum(1 for _, _, r in self.history if r == 1)
        seconds = int(time.monotonic() - self.started)
        rate = f"{again / reviewed:.0%}" if reviewed else "-"
        ui.rule(msg("review.summary_title"))
        ui.say(msg("review.summary", reviewed=reviewed, again=again, rate=rate,
                   minutes=seconds // 60, seconds=seconds % 60))
        cards = len({e.card.id for _, e, _ in self.history})
        if cards != reviewed:   # learning steps brought cards back: say how many different cards
            ui.say(msg("review.summary_cards", cards=cards, reviewed=reviewed), style="dim")
        self._say_next_due()
        if self.session_id is not None:
            try:
                self.store.finish_session(self.session_id, now(), meta={"reviewed": reviewed, "again": again})
            except KeyboardInterrupt:
                pass

    def _say_next_due(self) -> None:
        from studycli import ui

        moment = now()
        nxt = self.store.next_due_after(moment)
        if nxt is None:
            ui.say(msg("review.no_cards_scheduled"))
            return
        when = nxt.astimezone(moment.tzinfo).strftime("%Y-%m-%d %H:%M")
        ui.say(msg("review.next_due", interval=interval_label(nxt - moment), when=when))


def _ask(prompt: str, keys: tuple[str, ...]) -> str:
    """One answer, lower-cased. On a terminal a single key, no Enter (Space or Enter reveal, 1-4
    rate at once); in plain mode a line, echoed so a transcript reads like a session."""
    from studycli import ui

    if ui.interactive():
        from studycli import ui_keys

        ui.say(prompt.rstrip(" >"), style="dim")
        key = ui_keys.read_key(keys)
        return "" if key in ("enter", "space") else key
    key = ui.read_line(prompt).lower()
    ui.say(key)
    return key
