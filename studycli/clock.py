"""The one place commands read the time. `STUDYCLI_NOW` (ISO 8601) pins it for tests and demos.

Engines never call this: commands read the time once and pass it in.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime

# A pinned clock leaves room for what is scheduled from it: FSRS intervals reach 100 years,
# forecasts and exam dates further, and a date cannot pass 9999-12-31.
EARLIEST = datetime(1970, 1, 1, tzinfo=UTC)
LATEST = datetime(9799, 12, 31, 23, 59, 59, tzinfo=UTC)


def now() -> datetime:
    """The time, in UTC unless STUDYCLI_NOW pins it with another offset."""
    pinned = os.environ.get("STUDYCLI_NOW")
    if pinned:
        from studycli.errors import StudyError

        try:
            moment = datetime.fromisoformat(pinned.replace("Z", "+00:00"))
        except ValueError:
            from studycli.i18n import msg

            raise StudyError(msg("clock.bad_now", value=repr(pinned))) from None
        moment = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
        if not EARLIEST <= moment <= LATEST:
            from studycli.i18n import msg

            raise StudyError(msg("clock.now_out_of_range", value=repr(pinned), earliest=EARLIEST.date(),
                                 latest=LATEST.date()))
        return moment
    return datetime.now(UTC)


def local_now() -> datetime:
    """The learner's local time (their day starts and ends by it)."""
    return now().astimezone()
