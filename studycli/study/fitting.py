"""Fitting FSRS to one learner: review history in, parameters and their held-out log loss out.

`fsrs-rs-python` (the Rust FSRS that Anki runs) does the optimizing and the scoring; this
module turns the review log into its items, splits them by time, and decides.

An FSRS item is one card's ratings up to and including the rating to predict, each with the
whole days since the card's previous rating (`delta_t`, 0 for the first). Days are counted as
py-fsrs counts them when it schedules (whole 24-hour periods since the last rating), so the
fitted model describes the same intervals the scheduler later uses. Only ratings that come at
least a day after the card's previous one are predicted (long-term recall, as Anki does);
same-day learning steps stay in the histories. fsrs-rs aborts the whole process on an item
with no elapsed day (a Rust panic Python cannot catch as an Exception), so every item passes
`is_valid_item` before it reaches the library.

Time-ordered split: items are sorted by the time of the rating they predict; the oldest
`1 - HOLDOUT` are fitted on, the newest `HOLDOUT` are held out, and the default parameters,
the parameters in use and the fitted ones are all scored (log loss) on those same held-out
items. What scores best is kept: fitted parameters are kept only when they beat the others.

Pure: the history and the current parameters come in, a `FitReport` goes out.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import fsrs_rs_python

# Predicted ratings (a day or more after the card's previous one) needed before fitting: the
# training part then holds 320 (fsrs-rs trains every parameter from 64 up; fewer fit only the
# first four) and the held-out part 80 ratings to compare on.
MIN_REVIEWS = 400
HOLDOUT = 0.2
PARAMETER_COUNT = 21  # FSRS-6


@dataclass(frozen=True)
class Rating:
    """One logged rating of one card."""

    card_id: str
    rating: int        # 1 Again .. 4 Easy
    at: datetime       # aware


@dataclass(frozen=True)
class Item:
    """One prediction: a card's ratings as (rating, days since the previous rating) up to and
    including the predicted one, `history[end]` (the card's whole history is shared by its items)."""

    card_id: str
    history: tuple[tuple[int, int], ...]
    end: int
    at: datetime       # when the predicted rating was given

    @property
    def reviews(self) -> tuple[tuple[int, int], ...]:
        return self.history[: self.end + 1]


@dataclass(frozen=True)
class FitReport:
    """What `studycli optimize` found and decided."""

    ratings: int                         # ratings in the log
    usable: int                          # of them, predictable (a day or more after the previous one)
    needed: int                          # usable ratings needed to fit
    train: int = 0
    held_out: int = 0
    split_at: datetime | None = None     # the first held-out rating's time
    loss_default: float | None = None
    loss_current: float | None = None    # the parameters in use, when they are not the defaults
    loss_fitted: float | None = None
    fitted: tuple[float, ...] | None = None
    kept: str | None = None              # "fitted", "current" or "default"; None when not enough history

    @property
    def enough(self) -> bool:
        return self.usable >= self.needed

    @property
    def parameters(self) -> tuple[float, ...] | None:
        """The parameters to use from now on; None means the defaults."""
        return self.fitted if self.kept == "fitted" else None

    def to_json(self) -> dict[str, Any]:
        return {"ratings": self.ratings, "usable": self.usable, "needed": self.needed, "enough": self.enough,
                "train": self.train, "held_out": self.held_out,
                "split_at": self.split_at.isoformat() if self.split_at else None,
                "log_loss": {"default": _round(self.loss_default), "current": _round(self.loss_current),
                             "fitted": _round(self.loss_fitted)},
                "fitted_parameters": list(self.fitted) if self.fitted else None, "kept": self.kept}


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 5)


def default_parameters() -> tuple[float, ...]:
    from fsrs.scheduler import DEFAULT_PARAMETERS

    return tuple(float(w) for w in DEFAULT_PARAMETERS)


def elapsed_days(earlier: datetime, later: datetime) -> int:
    """Whole days between two ratings, as py-fsrs counts them (never negative)."""
    return max(0, (later - earlier).days)


def histories(ratings: Iterable[Rating]) -> dict[str, list[Rating]]:
    """Each card's ratings, oldest first."""
    out: dict[str, list[Rating]] = {}
    for r in ratings:
        if r.rating in (1, 2, 3, 4):
            out.setdefault(r.card_id, []).append(r)
    for rows in out.values():
        rows.sort(key=lambda r: r.at)
    return out


def card_reviews(rows: Sequence[Rating]) -> list[tuple[int, int]]:
    """(rating, days since the previous rating) for one card's ratings, oldest first."""
    return [(r.rating, 0 if i == 0 else elapsed_days(rows[i - 1].at, r.at)) for i, r in enumerate(rows)]


def items_from(ratings: Iterable[Rating]) -> list[Item]:
    """Every prediction the history holds, oldest predicted rating first."""
    items: list[Item] = []
    for card_id, rows in histories(ratings).items():
        history = tuple(card_reviews(rows))
        if not _valid_history(history):
            continue
        items.extend(Item(card_id, history, i, rows[i].at) for i in range(1, len(rows)) if history[i][1] > 0)
    items.sort(key=lambda it: (it.at, it.card_id))
    return items


def _valid_history(history: Sequence[tuple[int, int]]) -> bool:
    return bool(history) and history[0][1] == 0 and all(r in (1, 2, 3, 4) and d >= 0 for r, d in history)


def is_valid_item(item: Item) -> bool:
    """What fsrs-rs accepts without aborting: a first rating, then a predicted one a day or more later."""
    return (1 <= item.end < len(item.history) and item.history[item.end][1] > 0
            and _valid_history(item.history[: item.end + 1]))


def time_split(items: Sequence[Item], holdout: float = HOLDOUT) -> tuple[list[Item], list[Item]]:
    """(older items to fit on, newer items held out), split by the time of the predicted rating."""
    ordered = sorted(items, key=lambda it: (it.at, it.card_id))
    cut = len(ordered) - max(1, round(len(ordered) * holdout))
    # ratings at the same moment stay on one side
    while 0 < cut < len(ordered) and ordered[cut].at == ordered[cut - 1].at:
        cut -= 1
    return ordered[:cut], ordered[cut:]


def to_fsrs(items: Iterable[Item]) -> list[fsrs_rs_python.FSRSItem]:
    """The library's items; refuses (ValueError) anything that would abort it."""
    from fsrs_rs_python import FSRSItem, FSRSReview

    out = []
    converted: dict[int, tuple[tuple[tuple[int, int], ...], list[FSRSReview]]] = {}
    checked: set[int] = set()
    for item in items:
        key = id(item.history)
        if key not in converted:   # each card's history is converted (and checked) once for all its items
            converted[key] = (item.history, [FSRSReview(rating, days) for rating, days in item.history])
            if _valid_history(item.history):
                checked.add(key)
        if key not in checked or not 1 <= item.end < len(item.history) or item.history[item.end][1] <= 0:
            raise ValueError(f"not a valid FSRS item (no elapsed day to predict): {item.reviews}")
        out.append(FSRSItem(converted[key][1][: item.end + 1]))
    return out


def log_loss(parameters: Sequence[float], items: Sequence[Item]) -> float:
    """Mean log loss of `parameters` predicting the last rating of each item (recalled = not Again)."""
    from fsrs_rs_python import FSRS

    return float(FSRS(list(parameters)).evaluate(to_fsrs(items)).log_loss)


def fit_parameters(items: Sequence[Item], *, epochs: int = 5, seed: int = 2023) -> tuple[float, ...]:
    """FSRS-6 parameters fitted to `items` by fsrs-rs (short-term memory on, as the scheduler uses)."""
    from fsrs_rs_python import FSRS, TrainingConfig

    trainer = FSRS(list(default_parameters()))
    config = TrainingConfig(num_epochs=epochs, seed=seed)
    fitted = trainer.compute_parameters(to_fsrs(items), enable_short_term=True, training_config=config)
    return tuple(float(w) for w in fitted)


def optimize(ratings: Iterable[Rating], current: Sequence[float] | None = None, *,
             needed: int = MIN_REVIEWS, holdout: float = HOLDOUT, epochs: int = 5) -> FitReport:
    """Fit on the older ratings, score defaults, current and fitted on the newer, keep the best."""
    ratings = list(ratings)
    items = items_from(ratings)
    if len(items) < needed:
        return FitReport(ratings=len(ratings), usable=len(items), needed=needed)
    train, held_out = time_split(items, holdout)
    defaults = default_parameters()
    fitted = fit_parameters(train, epochs=epochs)
    scores = {"default": log_loss(defaults, held_out), "fitted": log_loss(fitted, held_out)}
    in_use = tuple(current) if current and tuple(current) != defaults else None
    if in_use is not None:
        scores["current"] = log_loss(in_use, held_out)
    # ties go to what needs no change: the parameters in use, then the defaults
    preference = ["current", "default", "fitted"] if in_use is not None else ["default", "fitted"]
    kept = min(preference, key=lambda name: (scores[name], preference.index(name)))
    return FitReport(ratings=len(ratings), usable=len(items), needed=needed, train=len(train),
                     held_out=len(held_out), split_at=held_out[0].at, loss_default=scores["default"],
                     loss_current=scores.get("current"), loss_fitted=scores["fitted"], fitted=fitted, kept=kept)


def memory_states(ratings: Iterable[Rating], parameters: Sequence[float]) -> dict[str, tuple[float, float]]:
    """Card id -> (stability, difficulty) after its whole history under `parameters` (what a
    change of parameters recomputes, so the stored states and the new parameters agree)."""
    from fsrs_rs_python import FSRS, FSRSItem, FSRSReview

    cards = histories(ratings)
    ids = sorted(cards)
    batch = [FSRSItem([FSRSReview(r, d) for r, d in card_reviews(cards[cid])]) for cid in ids]
    states = FSRS(list(parameters)).memory_state_batch(batch) if batch else []
    return {cid: (float(s.stability), float(s.difficulty)) for cid, s in zip(ids, states)}
