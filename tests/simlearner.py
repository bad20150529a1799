"""Simulated learners for the optimizer and forecast tests (and benchmarks/bench_optimize.py).

A learner's memory follows FSRS-6 with parameters we choose (`true_parameters`), not the
defaults; studycli's own scheduler (`studycli.study.scheduling.review`, default parameters,
fuzz on, exam-date clamping when given) decides when each card comes back, exactly as in
`studycli review`. At each rating the learner recalls the card with the probability its true
memory gives (FSRS retrievability of the true stability after the elapsed days); a recalled
card is rated Hard, Good or Easy, a forgotten one Again; a new card's first rating is drawn
from Anki's default first-rating mix. The true memory then moves as FSRS-6 with the true
parameters says. So the log is what studycli would record for this learner, and the truth
behind it is known.
"""

from __future__ import annotations

import heapq
import json
import math
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from studycli.study import scheduling
from studycli.study.fitting import Rating

FIRST_RATING = (0.24, 0.094, 0.495, 0.171)      # Again, Hard, Good, Easy on first sight (fsrs-rs default)
RECALLED_RATING = (0.15, 0.75, 0.10)            # Hard, Good, Easy when recalled
START = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


def true_parameters(seed: int) -> list[float]:
    """A learner unlike the average FSRS user. Odd seeds forget faster: first stabilities a third
    of the defaults, slower growth after a recall (w8 -0.9), a steeper curve (decay 0.45-0.6).
    Even seeds remember better: first stabilities three times the defaults, faster growth
    (w8 +0.7), decay 0.25-0.4. Every other parameter moves by up to about +-20%; then all are
    clipped to the ranges FSRS allows."""
    import fsrs_rs_python

    rng = random.Random(seed)
    base = list(fsrs_rs_python.DEFAULT_PARAMETERS)
    forgetful = seed % 2 == 1
    moved = [w * math.exp(rng.uniform(-0.2, 0.2)) for w in base]
    moved[:4] = [w * (1 / 3 if forgetful else 3) for w in base[:4]]
    moved[8] = base[8] + (-0.9 if forgetful else 0.7)
    moved[20] = rng.uniform(0.45, 0.6) if forgetful else rng.uniform(0.25, 0.4)
    return [float(w) for w in fsrs_rs_python.check_and_fill_parameters(moved)]


def retrievability(parameters: Sequence[float], stability: float, days: float) -> float:
    decay = -parameters[20]
    factor = 0.9 ** (1 / decay) - 1
    return float((1 + factor * days / stability) ** decay)


@dataclass
class Learner:
    parameters: list[float]
    seed: int
    policy: scheduling.Policy = field(default_factory=lambda: scheduling.Policy(fuzzing=True))

    def __post_init__(self) -> None:
        import fsrs_rs_python

        self.rng = random.Random(self.seed)
        self.truth = fsrs_rs_python.FSRS(self.parameters)
        self.scheduler = scheduling.build_scheduler(self.policy.desired_retention, self.policy.parameters)
        self.cards: dict[str, str] = {}                  # card id -> studycli fsrs JSON
        self.due_at: dict[str, datetime] = {}            # card id -> when studycli has it due
        self.memory: dict[str, tuple[float, float, datetime]] = {}   # card id -> true (S, D, last review)
        self.log: list[Rating] = []

    def use(self, policy: scheduling.Policy) -> None:
        """From now on schedule with `policy` (fitted parameters, an exam date), recomputing the
        stored stability and difficulty under its parameters as `studycli optimize` does."""
        from studycli.study import fitting

        self.policy = policy
        self.scheduler = scheduling.build_scheduler(policy.desired_retention, policy.parameters)
        states = fitting.memory_states(self.log, policy.parameters or fitting.default_parameters())
        for card_id, (stability, difficulty) in states.items():
            card = json.loads(self.cards[card_id])
            card["stability"], card["difficulty"] = stability, difficulty
            self.cards[card_id] = json.dumps(card)

    def exam_day_recall(self, moment: datetime, names: Sequence[str]) -> float:
        """The share of `names` the learner recalls when tested at `moment` (each a coin toss with
        the true chance)."""
        return sum(self.rng.random() < self.recall_probability(cid, moment) for cid in names) / len(names)

    def recall_probability(self, card_id: str, at: datetime) -> float:
        """The true chance the learner recalls the card at `at` (0 when never seen)."""
        if card_id not in self.memory:
            return 0.0
        stability, _, last = self.memory[card_id]
        return retrievability(self.parameters, stability, max(0, (at - last).days))

    def rate(self, card_id: str, at: datetime) -> int:
        """The learner answers: a rating drawn from the true memory, recorded as studycli would."""
        import fsrs_rs_python

        if card_id not in self.memory:
            rating = self.rng.choices((1, 2, 3, 4), FIRST_RATING)[0]
            state = self.truth.next_states(None, 0.9, 0)
        else:
            stability, difficulty, last = self.memory[card_id]
            recalled = self.rng.random() < self.recall_probability(card_id, at)
            rating = 1 + self.rng.choices((1, 2, 3), RECALLED_RATING)[0] if recalled else 1
            state = self.truth.next_states(fsrs_rs_python.MemoryState(stability, difficulty), 0.9,
                                           max(0, (at - last).days))
        memory = (state.again, state.hard, state.good, state.easy)[rating - 1].memory
        self.memory[card_id] = (memory.stability, memory.difficulty, at)
        outcome = scheduling.review(self.cards.get(card_id), rating, at, policy=self.policy,
                                    fuzz_seed=scheduling.fuzz_seed_for(card_id, self.cards.get(card_id)),
                                    scheduler=self.scheduler)
        self.cards[card_id] = outcome.fsrs_json
        self.due_at[card_id] = outcome.due
        self.log.append(Rating(card_id, rating, at))
        return rating

    def study_day(self, day: date, deck: Sequence[str], new_per_day: int, start_hour: int = 9) -> int:
        """One sitting: every card due by the end of `day`, then up to `new_per_day` new ones,
        learning steps coming back within the sitting. Returns the number of ratings."""
        moment = datetime.combine(day, datetime.min.time(), tzinfo=UTC) + timedelta(hours=start_hour)
        end = moment.replace(hour=0) + timedelta(days=1)
        queue = [(due, cid) for cid, due in self.due_at.items() if due < end]
        fresh = [cid for cid in deck if cid not in self.cards][:new_per_day]
        heap = sorted(queue) + [(moment, cid) for cid in fresh]
        heapq.heapify(heap)
        count = 0
        while heap:
            when, cid = heapq.heappop(heap)
            moment = max(moment, when) + timedelta(seconds=self.rng.randint(5, 20))
            if moment >= end:
                break
            self.rate(cid, moment)
            count += 1
            nxt = self.due_at[cid]
            if nxt < end:
                heapq.heappush(heap, (nxt, cid))
        return count


def deck(size: int, prefix: str = "card") -> list[str]:
    return [f"{prefix}-{i:05d}:forward" for i in range(size)]


def simulate(parameters: list[float], *, cards: int, days: int, new_per_day: int, seed: int,
             start: datetime = START, skip: float = 0.0) -> Learner:
    """A learner who studies `days` days from `start` (skipping a day with probability `skip`)."""
    learner = Learner(parameters, seed)
    names = deck(cards)
    for d in range(days):
        if learner.rng.random() >= skip:
            learner.study_day(start.date() + timedelta(days=d), names, new_per_day)
    return learner
