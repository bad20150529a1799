"""History benchmark (issue 19): the daily commands with a year of reviews, as ratios to bare typer.

For each history size a temporary data directory gets a progress database with 10,000
stored cards and 10k, 50k or 200k ratings spread over 400 days (one quiz answer per ten
ratings, in quiz sessions of ten, and a review session a day). The stored cards are every
card of the catalogue first, in introduction order; the rest, up to 10,000, are cards of
facts since removed (orphans), as in the queue benchmark's fixture. Then each command runs
in fresh processes, in rounds: every home in turn, each as a block of `python -c "import
typer"` followed by every command. A command's ratio is the median over the rounds of its time
over the baseline's time in the same block (a second or two apart), and the content x10/x1
figure the median of the two homes' times in the same round: this machine's speed drifts by
tens of percent over minutes, so only measurements taken close together are compared:

    home --json | stats --json | stats (text and charts) | review (to its first card, then q)
    quiz --json --count 1 | search WORD

Targets (issue 19): every ratio at most 2.0 at 200k ratings, and each 200k figure within
1.2x of the 10k figure. With `--scale 10` the catalogue is ten times the shipped content
(the shipped facts plus a generated pack of nine renamed copies, registered as the
learner's `content_dirs`): warm `quiz --json --count 1` and `search WORD` should stay
within 1.3x of their times on the shipped content (run both and compare, or `--compare`
does it in one go).

Usage: python benchmarks/bench_history.py [--runs N] [--reviews 10000,50000,200000] [--scale K] [--compare]

Children run with bytecode caching on and one warm-up run each (which also writes the
content cache), as bench_startup.py explains.
"""

from __future__ import annotations

import json
import os
import random
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

STORED_CARDS = 10_000
DAYS = 400
NOW = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
SEARCH_WORD = "alarm"
COMMANDS: dict[str, tuple[list[str], bytes | None]] = {
    "home --json": (["home", "--json"], None),
    "stats --json": (["stats", "--json"], None),
    "stats": (["stats"], None),
    "review (first card)": (["review"], b"q\n"),
    "quiz --json --count 1": (["quiz", "--json", "--count", "1", "--seed", "1"], None),
    f"search {SEARCH_WORD}": (["search", SEARCH_WORD], None),
}
TARGET_RATIO, TARGET_GROWTH, TARGET_CONTENT = 2.0, 1.2, 1.3
BASELINE = "python -c 'import typer'"


# --- the generated pack (content K times the shipped size) ---

def write_pack(directory: Path, copies: int) -> Path:
    """`copies` renamed copies of every shipped fact file and exam item file: new ids and topics,
    the same text (so the same families, ten times as large)."""
    from studycli.paths import content_dir

    pack = directory / "pack"
    (pack / "items").mkdir(parents=True, exist_ok=True)
    for n in range(1, copies + 1):
        for source in sorted(content_dir().glob("*.yaml")):
            text = source.read_text(encoding="utf-8")
            text = re.sub(r"(?m)^topic: (\S+)", rf"topic: pack{n}/\1", text)
            text = re.sub(r"(?m)^(\s*- id: )(\S+)", rf"\1pack{n}-\2", text)
            (pack / f"pack{n}-{source.name}").write_text(text, encoding="utf-8")
        for source in sorted((content_dir() / "items").glob("*.yaml")):
            text = source.read_text(encoding="utf-8")
            text = re.sub(r"(?m)^(\s+topic: )(\S+)", rf"\1pack{n}/\2", text)
            text = re.sub(r"(?m)^(\s*- id: item-)(\S+)", rf"\1pack{n}-\2", text)   # item ids start with item-
            (pack / "items" / f"pack{n}-{source.name}").write_text(text, encoding="utf-8")
    return pack


# --- the progress database ---

def catalogue_card_ids(pack: Path | None) -> list[tuple[str, str, str, str]]:
    """(card id, fact id, kind, topic) of every card of the catalogue, in introduction order."""
    from studycli.content import load_catalogue
    from studycli.study.cards import derive_cards

    cards = derive_cards(load_catalogue([pack] if pack else []).facts)
    return [(c.id, c.fact_id, c.kind, c.topic) for c in cards]


def fill(home: Path, reviews: int, pack: Path | None, rng: random.Random) -> dict[str, int]:
    """Write the cards, ratings, sessions and answers straight in one transaction (rating them one by
    one would take hours); the store's own migrations build the schema first."""
    from studycli.store import open_store, utc_iso

    real = catalogue_card_ids(pack)[:STORED_CARDS]
    retired = [(f"retired-{i:05d}:forward", f"retired-{i:05d}", "forward", "retired")
               for i in range(STORED_CARDS - len(real))]
    topic = {fact_id: topic for _, fact_id, _, topic in real}
    with open_store(home / "studycli.db") as store, store.transaction() as db:
        if pack:
            db.execute("INSERT INTO config(key, value) VALUES ('content_dirs', ?)", (str(pack),))
        rows = []
        for card_id, fact_id, kind, _ in real + retired:
            state = rng.choices((1, 2, 3), weights=(10, 85, 5))[0]
            due = NOW + timedelta(minutes=rng.randint(-60 * 24 * 30, 60 * 24 * 365))
            last = min(due, NOW) - timedelta(days=rng.randint(1, 60))
            fsrs = {"card_id": 0, "state": state, "step": None if state == 2 else 0,
                    "stability": rng.uniform(0.5, 200), "difficulty": rng.uniform(1, 10),
                    "due": due.isoformat(), "last_review": last.isoformat()}
            rows.append((card_id, fact_id, kind, json.dumps(fsrs), state, utc_iso(due),
                         utc_iso(NOW - timedelta(days=DAYS) + timedelta(days=rng.randint(0, DAYS - 60)))))
        db.executemany("INSERT INTO cards(card_id, fact_id, kind, fsrs, state, due, introduced_at) "
                       "VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
        logs = []
        for _ in range(reviews):
            card = rows[rng.randrange(len(rows))]
            when = NOW - timedelta(days=rng.randint(0, DAYS - 1), minutes=rng.randint(0, 180))
            previous = {"card_id": card[0], "fact_id": card[1], "kind": card[2], "fsrs": card[3],
                        "state": card[4], "due": card[5], "introduced_at": card[6]}
            logs.append((card[0], rng.choices((1, 2, 3, 4), weights=(10, 15, 65, 10))[0], utc_iso(when),
                         rng.randint(800, 20_000), "review" if rng.random() < 0.9 else "quiz", json.dumps(previous)))
        db.executemany("INSERT INTO review_log(card_id, rating, reviewed_at, duration_ms, origin, previous) "
                       "VALUES (?, ?, ?, ?, ?, ?)", logs)
        for day in range(DAYS):
            db.execute("INSERT INTO sessions(kind, started_at, finished_at, meta) VALUES ('review', ?, ?, '{}')",
                       (utc_iso(NOW - timedelta(days=day, hours=3)), utc_iso(NOW - timedelta(days=day, hours=2))))
        answers = reviews // 10
        for s in range(answers // 10):
            started = NOW - timedelta(days=rng.randint(0, DAYS - 1), hours=5)
            sid = db.execute("INSERT INTO sessions(kind, started_at, finished_at, seed, meta) "
                             "VALUES ('quiz', ?, ?, ?, '{\"count\": 10}')",
                             (utc_iso(started), utc_iso(started + timedelta(minutes=8)), s)).lastrowid
            for q in range(10):
                card = rows[rng.randrange(len(real))]
                ok = rng.random() < 0.75
                db.execute("INSERT INTO answers(session_id, question_id, fact_ids, topic, qtype, given, correct, "
                           "answered_at) VALUES (?, ?, ?, ?, 'mcq', ?, ?, ?)",
                           (sid, f"q{q}-{card[1]}", json.dumps([card[1]]), topic[card[1]],
                            json.dumps({"answer": 0, "shown": "x"}), int(ok),
                            utc_iso(started + timedelta(seconds=40 * q))))
    return {"cards": len(rows), "catalogue_cards": len(real), "reviews": reviews, "answers": answers}


# --- timing ---

def run_once(command: list[str], stdin: bytes | None, env: dict[str, str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one run in a fresh process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    result = subprocess.run(command, input=stdin if stdin is not None else b"", stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, env=env)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({result.returncode}): {result.stderr.decode()[-800:]}")
    return wall, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime


def environment(home: Path) -> dict[str, str]:
    env = {**os.environ, "STUDYCLI_HOME": str(home), "NO_COLOR": "1", "STUDYCLI_NOW": NOW.isoformat(),
           "COLUMNS": "100", "TZ": "UTC"}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def plan() -> dict[str, tuple[list[str], bytes | None]]:
    py = sys.executable
    return {BASELINE: ([py, "-c", "import typer"], None),
            **{name: ([py, "-m", "studycli", *args], stdin) for name, (args, stdin) in COMMANDS.items()}}


Home = tuple[int, int]          # (content scale, ratings)
Times = dict[Home, dict[str, list[tuple[float, float]]]]


def measure(homes: dict[Home, Path], runs: int) -> Times:
    """(wall, CPU) seconds of every command in every home and of the baseline, `runs` rounds. A round
    runs every home in turn, each as one block: the baseline, then each command; so a command and the
    baseline it is divided by ran within a second or two of each other, and the same command on the two
    content sizes (homes of one size are neighbours) within a few seconds. This machine's speed drifts
    by tens of percent over minutes: only measurements taken close together compare."""
    commands = plan()
    for home in homes.values():   # warm-up: bytecode and the content cache
        for command, stdin in commands.values():
            run_once(command, stdin, environment(home))
    times: Times = {key: {name: [] for name in commands} for key in homes}
    for _ in range(runs):
        for key, home in homes.items():
            env = environment(home)
            for name, (command, stdin) in commands.items():
                times[key][name].append(run_once(command, stdin, env))
    return times


def ratio(numerator: list[tuple[float, float]], denominator: list[tuple[float, float]], k: int) -> float:
    """The median, over the rounds, of one round's figure over the other's (k: 0 wall, 1 CPU)."""
    return statistics.median(a[k] / b[k] for a, b in zip(numerator, denominator))


def report(label: str, times: dict[str, list[tuple[float, float]]], runs: int) -> dict[str, tuple[float, float]]:
    """Each command's (wall, CPU) ratio to the baseline's of its round, the median over the rounds."""
    base = times[BASELINE]
    print(f"\n{label}")
    print(f"  {'python -c import typer':<26} {statistics.median(w for w, _ in base) * 1000:7.1f} ms wall "
          f"{statistics.median(c for _, c in base) * 1000:7.1f} ms CPU (medians of {runs})")
    ratios = {}
    for name in COMMANDS:
        t = times[name]
        ratios[name] = (ratio(t, base, 0), ratio(t, base, 1))
        print(f"  {name:<26} {statistics.median(w for w, _ in t) * 1000:7.1f} ms wall "
              f"{statistics.median(c for _, c in t) * 1000:7.1f} ms CPU   "
              f"ratio {ratios[name][0]:.2f}x wall, {ratios[name][1]:.2f}x CPU")
    return ratios


def main() -> None:
    args = sys.argv[1:]
    runs = int(args[args.index("--runs") + 1]) if "--runs" in args else 15
    sizes = [int(n) for n in (args[args.index("--reviews") + 1] if "--reviews" in args
                              else "10000,50000,200000").split(",")]
    scales = [1, 10] if "--compare" in args else [int(args[args.index("--scale") + 1]) if "--scale" in args else 1]
    root = Path(tempfile.mkdtemp(prefix="studycli-bench-history-"))
    packs = {scale: write_pack(root / f"scale{scale}", scale - 1) if scale > 1 else None for scale in scales}
    homes: dict[Home, Path] = {}
    for size in sizes:
        for scale in scales:
            home = homes[(scale, size)] = root / f"scale{scale}-reviews{size}"
            home.mkdir(parents=True)
            started = time.perf_counter()
            os.environ["STUDYCLI_HOME"] = str(home)
            seeded = fill(home, size, packs[scale], random.Random(19))
            print(f"seeded content x{scale}: {seeded['cards']:,} cards ({seeded['catalogue_cards']:,} in the "
                  f"catalogue), {seeded['reviews']:,} ratings, {seeded['answers']:,} quiz answers "
                  f"in {time.perf_counter() - started:.1f} s")
    times = measure(homes, runs)
    results = {key: report(f"content x{key[0]}, {key[1]:,} ratings", times[key], runs) for key in homes}
    summarise(results, times, sizes, scales)


def summarise(results: dict[Home, dict[str, tuple[float, float]]], times: Times, sizes: list[int],
              scales: list[int]) -> None:
    low, high = min(sizes), max(sizes)
    print(f"\nsummary (targets: ratio <= {TARGET_RATIO} at {high:,} ratings, {high:,}/{low:,} <= {TARGET_GROWTH}; "
          f"wall / CPU)")
    for scale in scales:
        for name in COMMANDS:
            verdicts = []
            for k, what in ((0, "wall"), (1, "CPU")):
                at_high = results[(scale, high)][name][k]
                growth = at_high / results[(scale, low)][name][k]
                ok = at_high <= TARGET_RATIO and growth <= TARGET_GROWTH
                verdict = ("ok" if ok else "MISSED") if scale == 1 else "(no target)"  # x10: the figures below
                verdicts.append(f"{what} {at_high:.2f}x, growth {growth:.2f} {verdict}")
            print(f"  x{scale} {name:<26} " + "; ".join(verdicts))
    if 1 in scales and len(scales) > 1:
        other = max(scales)
        for name in ("quiz --json --count 1", f"search {SEARCH_WORD}"):
            for size in sizes:
                parts = []
                for k, what in ((0, "wall"), (1, "CPU")):   # the two sizes' runs of the same round
                    content = ratio(times[(other, size)][name], times[(1, size)][name], k)
                    parts.append(f"{what} {content:.2f} {'ok' if content <= TARGET_CONTENT else 'MISSED'}")
                print(f"  content x{other}/x1 {name:<26} at {size:,}: " + "; ".join(parts))


if __name__ == "__main__":
    main()
