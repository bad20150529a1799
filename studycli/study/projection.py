"""What the schedule will bring before the exam: expected recall on exam day and daily workload.

The model (FSRS-6 throughout, `fsrs-rs-python`'s `next_states` for every memory update):

- The learner does each review on the day it falls due (overdue cards today). At a review
  after `t` days the card is recalled with probability R(S, t), FSRS's retrievability; a
  recalled card is rated Good, a forgotten one Again and then Good on each relearning step
  the same day. The next due day is the scheduler's interval for the new stability at the
  desired retention, rounded to whole days, at least one (as py-fsrs schedules; fuzz, which
  moves intervals both ways, is left out).
- A card never seen is introduced on the day the new-card pacing reaches it (the daily
  quota, raised in exam-date mode so every card is seen before the exam); its first rating
  follows `Model.first_rating` and its learning steps are then rated Good.
- A card in (re)learning finishes its remaining steps with Good on its due day.

Every outcome is followed with its probability, day by day, until the exam day, where each
card contributes R at the exam. Rather than a tree per card (2^reviews branches), the
probability mass of all cards is kept per (stability, difficulty, days since the last review,
due day): branches within `STABILITY_BIN`, `DIFFICULTY_BIN` and `ELAPSED_BIN` of each other
are merged (their mass-weighted mean state goes on), which keeps the work proportional to
days x distinct states and moves no figure measurably (tests compare it with the exact tree).
The mass carries how much of it belongs to each group of cards (a topic), so one pass gives
every group's figure.

So `recall[g]` is the expected number of group g's cards recalled on exam day, and
`reviews`/`seconds` the expected ratings and seconds on each day until then. Days are whole
local days numbered from today (0); the exam day is `exam_day` and no review happens on it.

Pure: states, days and the model come in; numbers go out.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import fsrs_rs_python

STABILITY_BIN = 0.1      # relative (10%)
DIFFICULTY_BIN = 0.5     # on FSRS's 1-10 scale
ELAPSED_BIN = 0.2        # days since the last review, relative (20%: 1 to 6 days stay apart)
# Cards waiting for a review: due day -> merge key -> (sums [mass, stability x mass, difficulty x mass,
# last day x mass], mass by group)
Agenda = dict[int, dict[tuple[int, int, int], tuple[list[float], list[float]]]]
AGAIN, HARD, GOOD, EASY = 1, 2, 3, 4


def retrievability(parameters: Sequence[float], stability: float, days: float) -> float:
    """FSRS-6's forgetting curve: the chance of recall `days` after the last rating."""
    decay = -parameters[20]
    factor = 0.9 ** (1 / decay) - 1
    return float((1 + factor * max(0.0, days) / stability) ** decay)


@dataclass(frozen=True)
class Costs:
    """Seconds per rating, as fsrs-rs's simulator counts them: by the card's state then, by rating."""

    learning: tuple[float, float, float, float]
    review: tuple[float, float, float, float]
    relearning: tuple[float, float, float, float]

    @classmethod
    def defaults(cls) -> Costs:
        """fsrs-rs's default costs (from Anki users' review times)."""
        from fsrs_rs_python import default_simulator_config

        rows = default_simulator_config().state_rating_costs
        learning, review, relearning = (tuple(float(x) for x in row) for row in rows)
        return cls(learning, review, relearning)  # type: ignore[arg-type]


@dataclass(frozen=True)
class Model:
    parameters: tuple[float, ...]
    desired_retention: float
    first_rating: tuple[float, float, float, float]   # Again, Hard, Good, Easy on first sight
    costs: Costs
    learning_steps: int = 2                           # py-fsrs's default (1 and 10 minutes)
    relearning_steps: int = 1                         # py-fsrs's default (10 minutes)
    maximum_interval: int = 36500


@dataclass(frozen=True)
class CardNow:
    """A card as the projection needs it. `stability` None: never rated."""

    stability: float | None = None
    difficulty: float | None = None
    last_day: int = 0          # day of the last rating (0 today, negative before)
    due_day: int = 0           # day it is due (0 for today and overdue)
    steps_left: int = 0        # (re)learning steps still to do before it graduates
    group: int = 0             # which figure it counts in (a topic)


@dataclass
class Projection:
    """Expected cards recalled on exam day (by group) and expected ratings and seconds on each day before it."""

    recall: list[float]
    reviews: list[float] = field(default_factory=list)
    seconds: list[float] = field(default_factory=list)

    @property
    def recalled(self) -> float:
        return sum(self.recall)


class Projector:
    """Projects groups of cards to the exam day under one model."""

    def __init__(self, model: Model, exam_day: int) -> None:
        from fsrs_rs_python import FSRS

        self.model, self.exam_day = model, max(0, exam_day)
        self.fsrs = FSRS(list(model.parameters))
        self._first_day: list[tuple[float, float, float, float, float]] | None = None

    def project(self, cards: Sequence[CardNow], arrivals: Sequence[tuple[int, int]] = (),
                groups: int = 1) -> Projection:
        """The rated `cards` and the never-seen ones, one per (introduction day, group) in `arrivals`."""
        out = Projection([0.0] * groups, [0.0] * self.exam_day, [0.0] * self.exam_day)
        agenda: Agenda = {}
        for card in cards:
            self._start(out, agenda, card, groups)
        by_day: dict[int, list[float]] = {}
        for day, group in arrivals:
            by_day.setdefault(day, [0.0] * groups)[group] += 1
        for day in range(self.exam_day):
            if day in by_day:
                self._introduce(out, agenda, day, by_day[day])
            for (mass, s_sum, d_sum, last_sum), share in agenda.pop(day, {}).values():
                self._review(out, agenda, self._memory(s_sum / mass, d_sum / mass), last_sum / mass, day, share)
        return out

    # --- how cards enter ---

    def _start(self, out: Projection, agenda: Agenda, card: CardNow, groups: int) -> None:
        if card.stability is None or card.difficulty is None:
            raise ValueError("a card never rated enters through arrivals")
        share = [0.0] * groups
        share[card.group] = 1.0
        memory, day, last = self._memory(card.stability, card.difficulty), max(0, card.due_day), card.last_day
        if card.steps_left and day < self.exam_day:
            costs = self.model.costs.relearning if card.steps_left <= self.model.relearning_steps \
                else self.model.costs.learning
            for step in range(card.steps_left):
                elapsed = day - last if step == 0 else 0
                memory = self.fsrs.next_states(memory, self.model.desired_retention, elapsed).good.memory
                self._count(out, day, 1.0, costs[GOOD - 1])
            last, day = day, day + self._interval(memory.stability)
        self._put(out, agenda, memory.stability, memory.difficulty, last, day, share)

    def first_day(self) -> list[tuple[float, float, float, float, float]]:
        """For each first rating: (chance, stability and difficulty after the learning steps,
        ratings that day, seconds that day). The same for every new card."""
        if self._first_day is None:
            first = self.fsrs.next_states(None, self.model.desired_retention, 0)
            learning = self.model.costs.learning
            rows = []
            for rating, chance in zip((AGAIN, HARD, GOOD, EASY), self.model.first_rating):
                memory = (first.again, first.hard, first.good, first.easy)[rating - 1].memory
                steps = {AGAIN: self.model.learning_steps, HARD: self.model.learning_steps,
                         GOOD: self.model.learning_steps - 1, EASY: 0}[rating]
                for _ in range(max(0, steps)):
                    memory = self.fsrs.next_states(memory, self.model.desired_retention, 0).good.memory
                rows.append((chance, memory.stability, memory.difficulty, 1.0 + max(0, steps),
                             learning[rating - 1] + max(0, steps) * learning[GOOD - 1]))
            self._first_day = rows
        return self._first_day

    def _introduce(self, out: Projection, agenda: Agenda, day: int, counts: list[float]) -> None:
        total = sum(counts)
        for chance, stability, difficulty, ratings, seconds in self.first_day():
            if chance > 0:
                out.reviews[day] += total * chance * ratings
                out.seconds[day] += total * chance * seconds
                self._put(out, agenda, stability, difficulty, day, day + self._interval(stability),
                          [n * chance for n in counts])

    # --- what studying a card today adds ---

    def study_today(self, card: CardNow | None) -> tuple[float, float]:
        """(expected gain in exam-day recall, expected seconds) of studying `card` today and then
        nothing more: a review for a rated card, the first day's learning for a new one (None)."""
        exam, model = self.exam_day, self.model
        if card is None or card.stability is None or card.difficulty is None:
            gain = seconds = 0.0
            for chance, stability, _, _, cost in self.first_day():
                gain += chance * retrievability(model.parameters, stability, exam)
                seconds += chance * cost
            return gain, seconds
        before = retrievability(model.parameters, card.stability, exam - card.last_day)
        elapsed = max(0, -card.last_day)
        recall = retrievability(model.parameters, card.stability, elapsed)
        states = self.fsrs.next_states(self._memory(card.stability, card.difficulty), model.desired_retention, elapsed)
        lost = states.again.memory
        for _ in range(model.relearning_steps):
            lost = self.fsrs.next_states(lost, model.desired_retention, 0).good.memory
        after = (recall * retrievability(model.parameters, states.good.memory.stability, exam)
                 + (1 - recall) * retrievability(model.parameters, lost.stability, exam))
        costs = model.costs
        seconds = recall * costs.review[GOOD - 1] + (1 - recall) * (
            costs.review[AGAIN - 1] + model.relearning_steps * costs.relearning[GOOD - 1])
        return after - before, seconds

    # --- one review of a mass of cards in the same state ---

    def _review(self, out: Projection, agenda: Agenda, memory: fsrs_rs_python.MemoryState, last: float, day: int,
                share: list[float]) -> None:
        model, costs = self.model, self.model.costs
        mass = sum(share)
        recall = retrievability(model.parameters, memory.stability, day - last)
        states = self.fsrs.next_states(memory, model.desired_retention, max(0, round(day - last)))
        self._count(out, day, mass * recall, costs.review[GOOD - 1])
        self._count(out, day, mass * (1 - recall), costs.review[AGAIN - 1])
        kept = states.good.memory
        self._put(out, agenda, kept.stability, kept.difficulty, day, day + self._interval(kept.stability),
                  [m * recall for m in share])
        lost = states.again.memory
        for _ in range(model.relearning_steps):
            lost = self.fsrs.next_states(lost, model.desired_retention, 0).good.memory
            self._count(out, day, mass * (1 - recall), costs.relearning[GOOD - 1])
        self._put(out, agenda, lost.stability, lost.difficulty, day, day + self._interval(lost.stability),
                  [m * (1 - recall) for m in share])

    def _put(self, out: Projection, agenda: Agenda, stability: float, difficulty: float, last: float, due: int,
             share: list[float]) -> None:
        """Schedule these cards (`share`: how many of each group) for `due`, or count their recall
        when that is past the exam."""
        mass = sum(share)
        if mass <= 0:
            return
        if due >= self.exam_day:
            recall = retrievability(self.model.parameters, stability, self.exam_day - last)
            for group, m in enumerate(share):
                out.recall[group] += m * recall
            return
        key = (round(math.log(stability) / STABILITY_BIN), round(difficulty / DIFFICULTY_BIN),
               round(math.log(max(1.0, due - last)) / ELAPSED_BIN))
        cell = agenda.setdefault(due, {}).get(key)
        if cell is None:
            agenda[due][key] = ([mass, stability * mass, difficulty * mass, last * mass], list(share))
        else:
            sums, shares = cell
            sums[0] += mass
            sums[1] += stability * mass
            sums[2] += difficulty * mass
            sums[3] += last * mass
            for group, m in enumerate(share):
                shares[group] += m

    def _count(self, out: Projection, day: int, chance: float, seconds: float) -> None:
        if 0 <= day < self.exam_day:
            out.reviews[day] += chance
            out.seconds[day] += chance * seconds

    def _interval(self, stability: float) -> int:
        """Whole days to the next review at the desired retention (py-fsrs's rounding)."""
        decay = -self.model.parameters[20]
        factor = 0.9 ** (1 / decay) - 1
        days = stability / factor * (self.model.desired_retention ** (1 / decay) - 1)
        return int(min(max(round(days), 1), self.model.maximum_interval))

    @staticmethod
    def _memory(stability: float, difficulty: float) -> fsrs_rs_python.MemoryState:
        from fsrs_rs_python import MemoryState

        return MemoryState(stability, difficulty)


def introduction_days(unseen: int, exam_day: int, quota_today: int, new_per_day: int) -> list[int]:
    """The day each not-yet-seen card is introduced (in introduction order), as the pacing of
    `scheduling.new_cards_per_day` does it: the daily limit, raised so every card is seen
    before the exam; `quota_today` is what is left of today's allowance."""
    days: list[int] = []
    left = unseen
    for day in range(max(0, exam_day)):
        if left <= 0:
            break
        quota = quota_today if day == 0 else max(new_per_day, -(-left // (exam_day - day)))
        take = min(left, max(0, quota))
        days.extend([day] * take)
        left -= take
    return days + [exam_day] * left   # never introduced before the exam


