"""Review-queue benchmark (issue 4): open the store and build today's queue at scale.

A temporary store holds 10,000 cards (spread over the learning, review and relearning
states, due from two months ago to a year ahead) and 200,000 review logs; the catalogue
has 2,000 more cards never seen. Each run, timed alone, is what `studycli review` does
before the first card appears, minus reading the content files:

    open_store()  (connect, WAL, migrations check)  +  flashcards.todays_queue()

Target: median under 100 ms on a 2-core machine. Measured on a shared 2-core machine
(load average 2-4 from other test runs): medians from 13 ms to 42 ms over 41 runs.
Usage: python benchmarks/bench_queue.py [--runs N]
"""

from __future__ import annotations

import json
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from studycli import flashcards
from studycli.store import open_store, utc_iso
from studycli.study.cards import StudyCard

STORED_CARDS = 10_000
NEW_CARDS = 2_000
REVIEW_LOGS = 200_000
NOW = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)


def catalogue_cards() -> list[StudyCard]:
    return [StudyCard(id=f"fact-{i:05d}:forward", fact_id=f"fact-{i:05d}", kind="forward",
                      topic=f"topic-{i % 12}/sub", front={"en": f"Q{i}"}, back={"en": f"A{i}"},
                      explain={"en": ""}, source_lines=(1,))
            for i in range(STORED_CARDS + NEW_CARDS)]


def fill(path: Path, cards: list[StudyCard], rng: random.Random) -> None:
    """Write the cards and logs straight in one transaction (building them by rating would take minutes)."""
    with open_store(path) as store, store.transaction() as db:
        rows = []
        for card in cards[:STORED_CARDS]:
            state = rng.choices((1, 2, 3), weights=(10, 85, 5))[0]
            due = NOW + timedelta(minutes=rng.randint(-60 * 24 * 60, 60 * 24 * 365))
            last = min(due, NOW) - timedelta(days=rng.randint(1, 60))
            fsrs_state = {"card_id": 0, "state": state, "step": None if state == 2 else 0,
                          "stability": rng.uniform(0.5, 200), "difficulty": rng.uniform(1, 10),
                          "due": due.isoformat(), "last_review": last.isoformat()}
            rows.append((card.id, card.fact_id, card.kind, json.dumps(fsrs_state), state, utc_iso(due),
                         utc_iso(last - timedelta(days=rng.randint(0, 300)))))
        db.executemany("INSERT INTO cards(card_id, fact_id, kind, fsrs, state, due, introduced_at) "
                       "VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
        logs = []
        for _ in range(REVIEW_LOGS):
            card = rows[rng.randrange(STORED_CARDS)]
            when = NOW - timedelta(minutes=rng.randint(0, 60 * 24 * 400))
            logs.append((card[0], rng.randint(1, 4), utc_iso(when), rng.randint(800, 20_000), "review",
                         json.dumps({"card_id": card[0], "state": card[4], "fsrs": card[3]})))
        db.executemany("INSERT INTO review_log(card_id, rating, reviewed_at, duration_ms, origin, previous) "
                       "VALUES (?, ?, ?, ?, ?, ?)", logs)


def main() -> None:
    runs = int(sys.argv[sys.argv.index("--runs") + 1]) if "--runs" in sys.argv else 21
    rng = random.Random(4)
    cards = catalogue_cards()
    path = Path(tempfile.mkdtemp(prefix="studycli-bench-")) / "studycli.db"
    started = time.perf_counter()
    fill(path, cards, rng)
    print(f"filled {STORED_CARDS:,} cards and {REVIEW_LOGS:,} review logs in {time.perf_counter() - started:.1f} s "
          f"({path.stat().st_size / 1e6:.1f} MB)")
    now = NOW.astimezone()
    times, sizes = [], []
    for _ in range(runs):
        started = time.perf_counter()
        with open_store(path) as store:
            queue = flashcards.todays_queue(store, cards, now)
        times.append(time.perf_counter() - started)
        sizes.append(len(queue))
    due = sum(1 for e in queue if not e.is_new)
    print(f"open store + today's queue: median {statistics.median(times) * 1000:.1f} ms, "
          f"min {min(times) * 1000:.1f} ms, max {max(times) * 1000:.1f} ms over {runs} runs "
          f"({due} due + {len(queue) - due} new cards; target < 100 ms)")


if __name__ == "__main__":
    main()
