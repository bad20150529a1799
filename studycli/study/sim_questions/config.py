"""A month of AWS Config in one Region: what does it cost?

The key is the engine's estimate at AWS's published prices (configuration items recorded,
tiered rule evaluations). Each wrong option is the engine's estimate for the same month
misread: periodic recording priced instead of continuous, the rule evaluations forgotten,
the configuration items forgotten, or every evaluation counted as a configuration item.
"""

from __future__ import annotations

import random
from typing import Any

from studycli.i18n import Msg
from studycli.study.sim_questions import SimOption, SimQuestion, distinct_wrong, shuffled_options

KIND = "config"
TOPIC = "config"
SOURCE_LINES = (206, 207)


def cost(items: int, evaluations: int, daily: bool = False) -> str:
    from studycli.sims.config.config_rules import config_cost

    estimate = config_cost(items, evaluations, "daily" if daily else "continuous")
    return f"${estimate.total:,.2f}"


def replay(input: dict[str, Any]) -> str:
    """The month's total (`studycli scenario config --cost --items N --evaluations M [--daily]`)."""
    return cost(input["items"], input["evaluations"], input.get("daily", False))


def generate(rng: random.Random) -> SimQuestion:
    items = rng.randrange(2_000, 60_000, 500)
    evaluations = rng.randrange(40_000, 400_000, 5_000)
    key = cost(items, evaluations)
    candidates = [(cost(items, evaluations, daily=True), Msg("simq.config.misread.daily")),
                  (cost(items, 0), Msg("simq.config.misread.no_evaluations")),
                  (cost(0, evaluations), Msg("simq.config.misread.no_items")),
                  (cost(items + evaluations, 0), Msg("simq.config.misread.evaluations_as_items"))]
    rng.shuffle(candidates)
    wrong = distinct_wrong(key, candidates, 3)
    params = {"items": f"{items:,}", "evaluations": f"{evaluations:,}"}
    right = [SimOption(key, Msg("simq.config.why_key", {**params, "total": key}), key)]
    wrongs = [SimOption(answer, Msg("simq.config.why_wrong", {**params, "misreading": why, "total": key}), answer)
              for answer, why in wrong]
    options, key_index = shuffled_options(rng, right, wrongs)
    return SimQuestion("config-monthly-cost", KIND, TOPIC, SOURCE_LINES, Msg("simq.config.context", params), (),
                       Msg("simq.config.question"), options, key_index,
                       {"cost": True, "items": items, "evaluations": evaluations, "daily": False}, key)
