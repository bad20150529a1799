"""The one place commands read the time. `STUDYCLI_NOW` (ISO 8601) pins it for tests and demos.

Engines never call this: commands read the time once and pass it in.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime


def now() -> datetime:
    pinned = os.environ.get("STUDYCLI_NOW")
    if pinned:
        from studycli.errors import StudyError

        try:
            moment = datetime.fromisoformat(pinned.replace("Z", "+00:00"))
        except ValueError:
            raise StudyError(f"STUDYCLI_NOW: {pinned!r} is not an ISO 8601 time") from None
        return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return datetime.now(UTC)
