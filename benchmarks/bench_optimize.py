"""`studycli optimize` on 200,000 reviews (issue 20): wall time and peak memory.

A simulated learner (tests/simlearner.py: memory from known FSRS-6 parameters, scheduled by
studycli's own scheduler) studies 30 new cards a day for a year, until the log holds 200,000
ratings; cards and log are written to a store as studycli keeps them. Each run copies that
store afresh and times, in a fresh process,

    studycli optimize --json

which reads the whole log, builds the FSRS items, fits on the older 80% (fsrs-rs), scores the
defaults and the fit on the newest 20%, stores the winner and recomputes every card's memory
state. Peak memory is the child's maximum resident set size; `studycli --version` is measured
the same way for comparison (what the interpreter and studycli's imports take anyway). The
store is built in a process of its own: Linux counts a parent's resident memory at fork into
the child's peak, so the measuring process stays small.

Usage: python benchmarks/bench_optimize.py [--runs N] [--reviews N]
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def build(path: Path, reviews: int) -> None:
    """A store with at least `reviews` ratings from one simulated learner (run in its own process)."""
    sys.path.insert(0, str(REPO / "tests"))
    import simlearner

    from studycli.store import open_store, utc_iso

    learner = simlearner.Learner(simlearner.true_parameters(1), seed=1)
    names = simlearner.deck(40_000)
    day = 0
    while len(learner.log) < reviews:
        learner.study_day(simlearner.START.date() + timedelta(days=day), names, 30)
        day += 1
    with open_store(path) as store, store.transaction() as db:
        for cid, fsrs_json in learner.cards.items():
            db.execute("INSERT INTO cards(card_id, fact_id, kind, fsrs, state, due, introduced_at) "
                       "VALUES (?, ?, 'forward', ?, ?, ?, ?)",
                       (cid, cid.split(":")[0], fsrs_json, json.loads(fsrs_json)["state"],
                        utc_iso(learner.due_at[cid]), utc_iso(simlearner.START)))
        db.executemany("INSERT INTO review_log(card_id, rating, reviewed_at, origin) VALUES (?, ?, ?, 'review')",
                       [(r.card_id, r.rating, utc_iso(r.at)) for r in learner.log])
    print(f"store: {len(learner.log):,} ratings of {len(learner.cards):,} cards over {day} days", flush=True)


def run(args: list[str], home: Path) -> tuple[float, int, str]:
    """(seconds, peak RSS in KiB, stdout) of `studycli ARGS` in a fresh process."""
    env = {**os.environ, "STUDYCLI_HOME": str(home), "NO_COLOR": "1"}
    started = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-m", "studycli", *args], stdout=subprocess.PIPE, env=env, cwd=REPO)
    assert child.stdout is not None
    out = child.stdout.read().decode()
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode:
        raise SystemExit(f"studycli {' '.join(args)} failed with {child.returncode}")
    return seconds, usage.ru_maxrss, out


def main() -> None:
    if "--build" in sys.argv:
        at = sys.argv.index("--build")
        return build(Path(sys.argv[at + 1]), int(sys.argv[at + 2]))
    runs = int(sys.argv[sys.argv.index("--runs") + 1]) if "--runs" in sys.argv else 3
    reviews = int(sys.argv[sys.argv.index("--reviews") + 1]) if "--reviews" in sys.argv else 200_000
    work = Path(tempfile.mkdtemp(prefix="studycli-bench-optimize-"))
    try:
        source = work / "source"
        source.mkdir()
        subprocess.run([sys.executable, __file__, "--build", str(source / "studycli.db"), str(reviews)],
                       check=True, cwd=REPO)
        count = 0
        times, peaks = [], []
        for i in range(runs):
            home = work / f"run{i}"
            shutil.copytree(source, home)
            seconds, peak, out = run(["optimize", "--json"], home)
            times.append(seconds)
            peaks.append(peak)
            doc = json.loads(out)
            count = doc["ratings"]
            print(f"run {i + 1}: {seconds:.1f} s, peak {peak / 1024:.0f} MiB; usable {doc['usable']:,}, "
                  f"log loss default {doc['log_loss']['default']} fitted {doc['log_loss']['fitted']}, "
                  f"kept {doc['kept']}, {doc['cards_recomputed']:,} card states recomputed", flush=True)
        _, base_peak, _ = run(["--version"], work / "source")
        print(f"optimize on {count:,} reviews: median {statistics.median(times):.1f} s "
              f"(min {min(times):.1f}, max {max(times):.1f}), peak memory {max(peaks) / 1024:.0f} MiB "
              f"(`studycli --version`: {base_peak / 1024:.0f} MiB)")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
