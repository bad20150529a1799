"""Benchmark: 1,000,000 datapoints through one alarm with N=5, M=3 (target: under 2 s on 2 cores).

Run: python benchmarks/bench_alarm.py [COUNT]. Not a test: it prints the figures.
The datapoints come from a seeded random.Random (about 10 % missing) and are made
before the clock starts, so only the alarm's evaluation is timed.
"""

from __future__ import annotations

import random
import sys
import time

from studycli.sims.alarms.alarm import AlarmSimulator, make_config


def series(count: int, seed: int = 7) -> list[float | None]:
    rng = random.Random(seed)
    return [None if rng.random() < 0.1 else rng.uniform(0, 100) for _ in range(count)]


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    values = series(count)
    for treatment in ("missing", "breaching"):
        config = make_config(period=60, evaluation_periods=5, datapoints_to_alarm=3, threshold=70,
                             comparison="GreaterThanThreshold", treat_missing_data=treatment,
                             alarm_actions=["sns:ops"], ok_actions=["sns:ops"])
        alarm = AlarmSimulator(config)
        observe = alarm.observe
        start = time.perf_counter()
        changes = 0
        for value in values:
            if observe(value):
                changes += 1
        elapsed = time.perf_counter() - start
        print(f"{count:,} datapoints, N=5 M=3, treat_missing_data={treatment}: {elapsed:.3f} s "
              f"({elapsed / count * 1e6:.2f} us/datapoint, {changes:,} state changes, final {alarm.state})")


if __name__ == "__main__":
    main()
