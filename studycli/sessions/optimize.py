"""`studycli optimize`: fit FSRS to the learner's own ratings and keep the parameters if they predict better.

Reads the whole rating log, lets `studycli.study.fitting` fit and score (time-ordered split),
and when the fitted parameters win stores them (the scheduler reads them through
`settings.policy` from then on) and recomputes every rated card's stability and difficulty
under them, so stored states and parameters agree; due dates stay as they are. Every run's
report is kept too (`settings.FIT_KEY`), for `stats`.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from studycli.study.fitting import FitReport, Rating

if TYPE_CHECKING:
    from studycli.store import Store


def run(now: datetime, *, epochs: int = 5) -> tuple[FitReport, int]:
    """Fit, score and decide; returns the report and how many card states were recomputed."""
    from studycli import settings
    from studycli.errors import StudyError
    from studycli.i18n import msg
    from studycli.store import open_store, parse_iso
    from studycli.study import fitting

    with open_store() as store:
        ratings = [fitting.Rating(cid, rating, parse_iso(at)) for cid, rating, at in store.rating_log()]
        current = settings.fitted_parameters(store)
        try:
            report = fitting.optimize(ratings, current, epochs=epochs)
        except ValueError as err:  # fsrs-rs refused the data (InvalidInput)
            raise StudyError(msg("optimize.failed", error=err)) from None
        recomputed = 0
        if report.kept is not None:
            store.set_config(settings.FIT_KEY, json.dumps({**report.to_json(), "at": now.isoformat()}))
            if report.kept == "fitted" or (report.kept == "default" and current is not None):
                recomputed = use(store, report.parameters, ratings)
    return report, recomputed


def reset() -> int:
    """Back to FSRS-6's default parameters; returns how many card states were recomputed."""
    from studycli import settings
    from studycli.store import open_store, parse_iso
    from studycli.study import fitting

    with open_store() as store:
        if store.get_config(settings.PARAMETERS_KEY) is None:
            return 0
        ratings = [fitting.Rating(cid, rating, parse_iso(at)) for cid, rating, at in store.rating_log()]
        return use(store, None, ratings)


def use(store: Store, parameters: Sequence[float] | None, ratings: list[Rating]) -> int:
    """Make `parameters` (None: the defaults) the ones in use and recompute the card states under them."""
    from studycli import settings
    from studycli.study import fitting

    store.set_config(settings.PARAMETERS_KEY, json.dumps(list(parameters)) if parameters is not None else None)
    states = fitting.memory_states(ratings, parameters if parameters is not None else fitting.default_parameters())
    return store.set_memory_states(states)
