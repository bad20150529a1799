"""What the schedule will bring before the exam: expected recall on exam day and daily workload.

The learner is modelled as fsrs-rs's simulator models one (`fsrs_rs_python.simulate`, the
workload simulator Anki runs), with FSRS-6 for memory (`next_states` for every update) and
studycli's schedule:

- Each review is done on the day it falls due (overdue cards today). After `t` days the card
  is recalled with probability R(S, t), FSRS's retrievability; a recalled card is rated Hard,
  Good or Easy in the learner's proportions (`Model.review_rating`), a forgotten one Again and
  then goes through the relearning steps.
- A card never seen is introduced on the day the new-card pacing reaches it (the daily
  quota, raised in exam-date mode so every card is seen before the exam); its first rating
  follows `Model.first_rating`, then the learning steps.
- Learning and relearning steps (same day) follow fsrs-rs's step model: each next rating is
  drawn from a transition table by the previous rating, until as many Good/Easy in a row as
  the scheduler has steps (an Again starts over, Easy graduates at once, at most `MAX_STEPS`),
  exactly py-fsrs's step rules. A card already in (re)learning finishes its steps on its due day.
- The next due day is the scheduler's interval for the new stability at the desired
  retention, rounded to whole days, at least one (py-fsrs's rule; its fuzz, which moves
  intervals both ways, is left out). Each rating costs the seconds of `Model.costs`.

Every outcome is followed with its probability, day by day, until the exam day, where each
card contributes R at the exam. Rather than a tree per card (several branches per review), the
probability mass of all cards is kept per (stability, difficulty, days since the last review,
due day): branches within `STABILITY_BIN`, `DIFFICULTY_BIN` and `ELAPSED_BIN` of each other
are merged (their mass-weighted mean state goes on), which keeps the work proportional to
days x distinct states and moves recall by well under 0.01 (tests compare it with a Monte Carlo
of the same model and with fsrs-rs's own simulator). The mass records how much of it belongs
to each group of cards (a topic), so one pass gives every group's figure.

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

STABILITY_BIN = 0.3      # relative (30%)
DIFFICULTY_BIN = 2.0     # on FSRS's 1-10 scale
ELAPSED_BIN = 0.4        # days since the last review, relative (40%: 1 and 2 days stay apart)
MAX_STEPS = 5            # same-day step ratings after the first, as fsrs-rs's simulator caps them
STEPS_BIN = 0.8          # how finely the ends of a run of steps are told apart (stability, relative)
RELEARNED_BIN = 1.5      # the same after a lapse (a tenth of the reviews: coarser moves no figure by 1%)
AGAIN, HARD, GOOD, EASY = 1, 2, 3, 4
Row = tuple[float, float, float, float]
# Cards waiting for a review: due day -> merge key -> (sums [mass, stability x mass, difficulty x mass,
# last day x mass], mass by group)
Agenda = dict[int, dict[tuple[int, int, int], tuple[list[float], list[float]]]]
# What a run of same-day steps ends in: (chance, stability, difficulty, ratings, seconds)
Outcome = tuple[float, float, float, float, float]


def retrievability(parameters: Sequence[float], stability: float, days: float) -> float:
    """FSRS-6's forgetting curve: the chance of recall `days` after the last rating."""
    decay = -parameters[20]
    factor = 0.9 ** (1 / decay) - 1
    return float((1 + factor * max(0.0, days) / stability) ** decay)


def _rows(rows: Sequence[Sequence[float]]) -> tuple[Row, Row, Row]:
    a, b, c = (tuple(float(x) for x in row) for row in rows)
    return a, b, c  # type: ignore[return-value]


@dataclass(frozen=True)
class Costs:
    """Seconds per rating, as fsrs-rs's simulator counts them: by the card's state then, by rating."""

    learning: Row
    review: Row
    relearning: Row

    @classmethod
    def defaults(cls) -> Costs:
        """fsrs-rs's default costs (from Anki users' review times)."""
        from fsrs_rs_python import default_simulator_config

        return cls(*_rows(default_simulator_config().state_rating_costs))


@dataclass(frozen=True)
class Steps:
    """fsrs-rs's same-day step model: the next rating's chances by the previous rating (Again, Hard, Good)."""

    learning: tuple[Row, Row, Row]
    relearning: tuple[Row, Row, Row]

    @classmethod
    def defaults(cls) -> Steps:
        from fsrs_rs_python import default_simulator_config

        config = default_simulator_config()
        return cls(_rows(config.learning_step_transitions), _rows(config.relearning_step_transitions))


def default_first_rating() -> Row:
    from fsrs_rs_python import default_simulator_config

    a, b, c, d = (float(x) for x in default_simulator_config().first_rating_prob)
    return a, b, c, d


def default_review_rating() -> tuple[float, float, float]:
    from fsrs_rs_python import default_simulator_config

    a, b, c = (float(x) for x in default_simulator_config().review_rating_prob)
    return a, b, c


@dataclass(frozen=True)
class Model:
    parameters: tuple[float, ...]
    desired_retention: float
    first_rating: Row                                  # Again, Hard, Good, Easy on first sight
    costs: Costs
    review_rating: tuple[float, float, float] = field(default_factory=default_review_rating)  # Hard, Good, Easy
    steps: Steps = field(default_factory=Steps.defaults)
    learning_steps: int = 2                            # py-fsrs's default (1 and 10 minutes)
    relearning_steps: int = 1                          # py-fsrs's default (10 minutes)
    maximum_interval: int = 36500


@dataclass(frozen=True)
class CardNow:
    """A card as the projection needs it. `stability` None: never rated."""

    stability: float | None = None
    difficulty: float | None = None
    last_day: int = 0          # day of the last rating (0 today, negative before)
    due_day: int = 0           # day it is due (0 for today and overdue)
    steps_left: int = 0        # (re)learning steps still to do before it graduates
    relearning: bool = False   # whether those are relearning steps
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
    """Projects cards to the exam day under one model."""

    def __init__(self, model: Model, exam_day: int) -> None:
        from fsrs_rs_python import FSRS

        self.model, self.exam_day = model, max(0, exam_day)
        self.fsrs = FSRS(list(model.parameters))
        decay = -model.parameters[20]
        # py-fsrs's interval: stability / factor * (retention^(1/decay) - 1), rounded, 1 .. maximum
        self._days_per_stability = (model.desired_retention ** (1 / decay) - 1) / (0.9 ** (1 / decay) - 1)
        self._first_day: list[Outcome] | None = None
        self._relearned: dict[tuple[int, int], list[Outcome]] = {}

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
                self._land(out, agenda, day, day, self.first_day(), by_day[day])
            for (mass, s_sum, d_sum, last_sum), share in agenda.pop(day, {}).values():
                self._review(out, agenda, s_sum / mass, d_sum / mass, last_sum / mass, day, share)
        return out

    # --- same-day steps ---

    def steps(self, stability: float | None, difficulty: float | None, rating: int, needed: int,
              transitions: tuple[Row, Row, Row], costs: Row) -> list[Outcome]:
        """Where a run of steps ends, after `rating` (not counted here), needing `needed` Good/Easy in a row."""
        ends: dict[tuple[int, int], list[float]] = {}
        memory = None if stability is None or difficulty is None else self._memory(stability, difficulty)

        def walk(memory: fsrs_rs_python.MemoryState, last: int, row: int, done: int,
                 chance: float, ratings: float, seconds: float) -> None:
            if row >= needed or last == EASY or done == MAX_STEPS:
                cell = ends.setdefault(self._key(memory.stability, memory.difficulty), [0.0] * 5)
                for i, value in enumerate((chance, chance * memory.stability, chance * memory.difficulty,
                                           chance * ratings, chance * seconds)):
                    cell[i] += value
                return
            states = self.fsrs.next_states(memory, self.model.desired_retention, 0)
            for index, p in enumerate(transitions[min(last, GOOD) - 1]):
                if p > 0:
                    nxt = index + 1
                    walk((states.again, states.hard, states.good, states.easy)[index].memory, nxt,
                         row + 1 if nxt >= GOOD else 0 if nxt == AGAIN else row, done + 1,
                         chance * p, ratings + 1, seconds + costs[index])

        assert memory is not None
        walk(memory, rating, 0, 0, 1.0, 0.0, 0.0)
        return compress([(c, s / c, d / c, n / c, t / c) for c, s, d, n, t in ends.values() if c > 0])

    def first_day(self) -> list[Outcome]:
        """How a new card's first day ends (the same for every new card): first rating then steps."""
        if self._first_day is None:
            model = self.model
            first = self.fsrs.next_states(None, model.desired_retention, 0)
            rows: list[Outcome] = []
            for index, chance in enumerate(model.first_rating):
                if chance <= 0:
                    continue
                rating = index + 1
                memory = (first.again, first.hard, first.good, first.easy)[index].memory
                needed = model.learning_steps - 1 if rating >= GOOD else model.learning_steps
                for p, s, d, n, t in self.steps(memory.stability, memory.difficulty, rating, needed,
                                                model.steps.learning, model.costs.learning):
                    rows.append((chance * p, s, d, 1 + n, model.costs.learning[index] + t))
            self._first_day = compress(rows)
        return self._first_day

    def relearned(self, stability: float, difficulty: float) -> list[Outcome]:
        """How the relearning steps after an Again end (cached by merge bin)."""
        key = self._key(stability, difficulty)
        if key not in self._relearned:
            self._relearned[key] = compress(self.steps(stability, difficulty, AGAIN, self.model.relearning_steps,
                                                       self.model.steps.relearning, self.model.costs.relearning),
                                            RELEARNED_BIN)
        return self._relearned[key]

    # --- cards entering and being reviewed ---

    def _start(self, out: Projection, agenda: Agenda, card: CardNow, groups: int) -> None:
        if card.stability is None or card.difficulty is None:
            raise ValueError("a card never rated enters through arrivals")
        share = [0.0] * groups
        share[card.group] = 1.0
        day = max(0, card.due_day)
        if card.steps_left and day < self.exam_day:
            model = self.model
            transitions, costs = ((model.steps.relearning, model.costs.relearning) if card.relearning
                                  else (model.steps.learning, model.costs.learning))
            ends = self.steps(card.stability, card.difficulty, GOOD if card.steps_left < (
                model.relearning_steps if card.relearning else model.learning_steps) else AGAIN,
                card.steps_left, transitions, costs)
            self._land(out, agenda, day, day, ends, share)
            return
        self._put(out, agenda, card.stability, card.difficulty, card.last_day, day, share, 1.0)

    def _land(self, out: Projection, agenda: Agenda, day: int, last: float, ends: Sequence[Outcome],
              share: list[float]) -> None:
        """Cards whose same-day steps on `day` end as `ends`: count the work, schedule what follows."""
        mass = sum(share)
        for chance, stability, difficulty, ratings, seconds in ends:
            self._count(out, day, mass * chance * ratings, mass * chance * seconds)
            self._put(out, agenda, stability, difficulty, last, day + self._interval(stability),
                      [m * chance for m in share], mass * chance)

    def _review(self, out: Projection, agenda: Agenda, stability: float, difficulty: float, last: float,
                day: int, share: list[float]) -> None:
        model, costs = self.model, self.model.costs
        mass = sum(share)
        recall = retrievability(model.parameters, stability, day - last)
        states = self.fsrs.next_states(self._memory(stability, difficulty), model.desired_retention,
                                       max(0, round(day - last)))
        for index, p in enumerate(model.review_rating):
            kept = (states.hard, states.good, states.easy)[index].memory
            self._count(out, day, mass * recall * p, mass * recall * p * costs.review[index + 1])
            self._put(out, agenda, kept.stability, kept.difficulty, day, day + self._interval(kept.stability),
                      [m * recall * p for m in share], mass * recall * p)
        lost = states.again.memory
        self._count(out, day, mass * (1 - recall), mass * (1 - recall) * costs.review[AGAIN - 1])
        self._land(out, agenda, day, day, self.relearned(lost.stability, lost.difficulty),
                   [m * (1 - recall) for m in share])

    def _put(self, out: Projection, agenda: Agenda, stability: float, difficulty: float, last: float, due: int,
             share: list[float], mass: float) -> None:
        """Schedule `mass` cards (`share`: how many of each group) for `due`, or count their recall
        when that is past the exam."""
        if mass <= 0:
            return
        if due >= self.exam_day:
            recall = retrievability(self.model.parameters, stability, self.exam_day - last)
            out.recall[:] = [r + m * recall for r, m in zip(out.recall, share)]
            return
        key = (round(math.log(stability) / STABILITY_BIN), round(difficulty / DIFFICULTY_BIN),
               round(math.log(max(1.0, due - last)) / ELAPSED_BIN))
        waiting = agenda.get(due)
        if waiting is None:
            waiting = agenda[due] = {}
        cell = waiting.get(key)
        if cell is None:
            waiting[key] = ([mass, stability * mass, difficulty * mass, last * mass], list(share))
            return
        sums, shares = cell
        sums[0] += mass
        sums[1] += stability * mass
        sums[2] += difficulty * mass
        sums[3] += last * mass
        shares[:] = [a + b for a, b in zip(shares, share)]

    # --- what studying a card today adds ---

    def study_today(self, card: CardNow | None) -> tuple[float, float]:
        """(expected gain in exam-day recall, expected seconds) of studying `card` today and then
        nothing more: a review for a rated card, the first day's learning for a new one (None)."""
        exam, model = self.exam_day, self.model
        if card is None or card.stability is None or card.difficulty is None:
            return (sum(c * retrievability(model.parameters, s, exam) for c, s, _, _, _ in self.first_day()),
                    sum(c * t for c, _, _, _, t in self.first_day()))
        before = retrievability(model.parameters, card.stability, exam - card.last_day)
        elapsed = max(0, -card.last_day)
        recall = retrievability(model.parameters, card.stability, elapsed)
        states = self.fsrs.next_states(self._memory(card.stability, card.difficulty), model.desired_retention, elapsed)
        after = seconds = 0.0
        for index, p in enumerate(model.review_rating):
            after += recall * p * retrievability(model.parameters, (states.hard, states.good, states.easy)[index]
                                                 .memory.stability, exam)
            seconds += recall * p * model.costs.review[index + 1]
        lost = states.again.memory
        for c, s, _, _, t in self.relearned(lost.stability, lost.difficulty):
            after += (1 - recall) * c * retrievability(model.parameters, s, exam)
            seconds += (1 - recall) * c * t
        return after - before, seconds + (1 - recall) * model.costs.review[AGAIN - 1]

    # --- small parts ---

    def _count(self, out: Projection, day: int, ratings: float, seconds: float) -> None:
        if 0 <= day < self.exam_day:
            out.reviews[day] += ratings
            out.seconds[day] += seconds

    def _interval(self, stability: float) -> int:
        """Whole days to the next review at the desired retention (py-fsrs's rounding)."""
        return int(min(max(round(stability * self._days_per_stability), 1), self.model.maximum_interval))

    @staticmethod
    def _key(stability: float, difficulty: float) -> tuple[int, int]:
        return round(math.log(stability) / STABILITY_BIN), round(difficulty / DIFFICULTY_BIN)

    @staticmethod
    def _memory(stability: float, difficulty: float) -> fsrs_rs_python.MemoryState:
        from fsrs_rs_python import MemoryState

        return MemoryState(stability, difficulty)


def compress(outcomes: Sequence[Outcome], width: float | None = None) -> list[Outcome]:
    """Ends of steps whose stability agrees within `width` (log scale) as one (chance-weighted means):
    a run of steps has dozens of rare endings, and only a few stabilities matter for what follows."""
    groups: dict[int, list[float]] = {}
    for chance, stability, difficulty, ratings, seconds in outcomes:
        cell = groups.setdefault(round(math.log(stability) / (width or STEPS_BIN)), [0.0] * 5)
        for i, value in enumerate((chance, chance * stability, chance * difficulty, chance * ratings,
                                   chance * seconds)):
            cell[i] += value
    return [(c, s / c, d / c, n / c, t / c) for c, s, d, n, t in groups.values() if c > 0]


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
