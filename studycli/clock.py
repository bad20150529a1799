"""The one place commands read the time. `STUDYCLI_NOW` (ISO 8601) pins it for tests and demos.

Engines never call this: commands read the time once and pass it in.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime


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
        return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return datetime.now(UTC)


def local_now() -> datetime:
    """The learner's local time (their day starts and ends by it)."""
    return now().astimezone()
