"""What the exam-day forecast costs `studycli stats`, and what `studycli plan` takes (issue 20).

A simulated learner (tests/simlearner.py) has studied the shipped deck (every card of the
content, 15 new a day) for 40 days; the exam is 45 days later. Medians over fresh processes of

    studycli stats --json     with the exam date set (forecast computed) and unset (absent)
    studycli plan --json      (four desired retentions projected)

Usage: python benchmarks/bench_forecast.py [--runs N]
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
STUDIED_DAYS, EXAM_AFTER = 40, 45


def build(home: Path) -> str:
    """The learner's store; returns the moment (ISO) the benchmark pins the clock to."""
    sys.path.insert(0, str(REPO / "tests"))
    import simlearner

    from studycli.sessions.cards import all_cards
    from studycli.store import open_store, utc_iso

    names = [c.id for c in all_cards(None)]
    learner = simlearner.Learner(simlearner.true_parameters(2), seed=2)
    for day in range(STUDIED_DAYS):
        learner.study_day(simlearner.START.date() + timedelta(days=day), names, 15)
    os.environ["STUDYCLI_HOME"] = str(home)
    with open_store() as store, store.transaction() as db:
        for cid, fsrs_json in learner.cards.items():
            db.execute("INSERT INTO cards(card_id, fact_id, kind, fsrs, state, due, introduced_at) "
                       "VALUES (?, ?, ?, ?, ?, ?, ?)",
                       (cid, cid.split(":")[0], cid.split(":")[1], fsrs_json, json.loads(fsrs_json)["state"],
                        utc_iso(learner.due_at[cid]), utc_iso(simlearner.START)))
        db.executemany("INSERT INTO review_log(card_id, rating, reviewed_at, origin) VALUES (?, ?, ?, 'review')",
                       [(r.card_id, r.rating, utc_iso(r.at)) for r in learner.log])
        now = simlearner.START + timedelta(days=STUDIED_DAYS, hours=2)
        db.execute("INSERT INTO config(key, value) VALUES ('exam_date', ?)",
                   ((now + timedelta(days=EXAM_AFTER)).date().isoformat(),))
    print(f"store: {len(learner.log):,} ratings, {len(learner.cards):,} of {len(names):,} cards seen", flush=True)
    return now.isoformat()


def median_seconds(args: list[str], env: dict[str, str], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "studycli", *args], check=True, stdout=subprocess.DEVNULL,
                       env=env, cwd=REPO)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    if "--build" in sys.argv:
        print(build(Path(sys.argv[sys.argv.index("--build") + 1])))
        return
    runs = int(sys.argv[sys.argv.index("--runs") + 1]) if "--runs" in sys.argv else 7
    home = Path(tempfile.mkdtemp(prefix="studycli-bench-forecast-"))
    try:
        built = subprocess.run([sys.executable, __file__, "--build", str(home)], check=True, capture_output=True,
                               text=True, cwd=REPO).stdout.splitlines()
        print(built[0])
        env = {**os.environ, "STUDYCLI_HOME": str(home), "STUDYCLI_NOW": built[-1], "NO_COLOR": "1"}
        median_seconds(["stats", "--json"], env, 1)   # warm-up: content cache, bytecode
        with_forecast = median_seconds(["stats", "--json"], env, runs)
        planned = median_seconds(["plan", "--json"], env, runs)
        subprocess.run([sys.executable, "-m", "studycli", "config", "unset", "exam_date"], check=True,
                       stdout=subprocess.DEVNULL, env=env, cwd=REPO)
        without = median_seconds(["stats", "--json"], env, runs)
        print(f"stats --json: {with_forecast * 1000:.0f} ms with the forecast, {without * 1000:.0f} ms without "
              f"(+{(with_forecast - without) * 1000:.0f} ms); plan --json: {planned * 1000:.0f} ms "
              f"(medians of {runs})")
    finally:
        shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    main()
