"""Benchmark: `studycli scenario alarm --spec FILE --json` with 1,000,000 datapoints (target: under 10 s
and under 500 MB).

Run: python benchmarks/bench_alarm_spec.py [COUNT]. Not a test: it prints the figures.

The spec (N=5, M=3, about 10 % missing, seeded random.Random) is written to a temporary
JSON file; the command runs in a fresh process with its output going to a file, as a
learner would redirect it. Reported: wall-clock time, the process's CPU time (on a busy
machine the two differ), its peak resident memory, and the size of what it wrote (every
evaluation with its state reason: the output is far larger than the input).
"""

from __future__ import annotations

import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time


def write_spec(path: str, count: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    points = [None if rng.random() < 0.1 else round(rng.uniform(0, 100), 2) for _ in range(count)]
    spec = {"alarm": {"period": 60, "evaluation_periods": 5, "datapoints_to_alarm": 3, "threshold": 70,
                      "comparison": "GreaterThanThreshold", "alarm_actions": ["sns:ops"], "ok_actions": ["sns:ops"]},
            "datapoints": points}
    with open(path, "w", encoding="utf-8") as out:
        json.dump(spec, out)


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    studycli = shutil.which("studycli") or os.path.join(os.path.dirname(sys.executable), "studycli")
    with tempfile.TemporaryDirectory() as folder:
        spec, result = os.path.join(folder, "spec.json"), os.path.join(folder, "out.json")
        write_spec(spec, count)
        load = os.getloadavg()[0]
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        with open(result, "w", encoding="utf-8") as out:
            subprocess.run([studycli, "scenario", "alarm", "--spec", spec, "--json"], stdout=out, check=True)
        elapsed = time.perf_counter() - started
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        with open(result, encoding="utf-8") as written:
            steps = sum(1 for line in written if line.startswith('{"index"'))
        print(f"{count:,} datapoints (spec {os.path.getsize(spec) / 1e6:.1f} MB): {elapsed:.2f} s "
              f"({cpu:.2f} s CPU), peak memory {after.ru_maxrss / 1024:.0f} MB, {steps:,} steps written "
              f"({os.path.getsize(result) / 1e6:.0f} MB); load average before: {load:.1f} on {os.cpu_count()} CPUs")


if __name__ == "__main__":
    main()
