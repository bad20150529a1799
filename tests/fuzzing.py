"""How hard the parser fuzz tests try: a short run in CI, a long one on request.

    STUDYCLI_LONG_FUZZ=1 python -m pytest -k fuzz      # 5,000 examples a parser
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

LONG = os.environ.get("STUDYCLI_LONG_FUZZ") == "1"


def fuzz_settings(short: int = 200) -> settings:
    return settings(max_examples=5000 if LONG else short, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
