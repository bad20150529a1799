"""Start-up benchmark (issue 10): how much studycli costs over bare typer, as ratios.

Runs each command several times in fresh processes and compares medians measured in
the same run on the same machine:

    studycli --help                              vs  python -c "import typer"   (target <= 1.5x)
    studycli quiz --count 1 --seed 1 --json      vs  python -c "import typer"   (target <= 2.5x)

Usage: python benchmarks/bench_startup.py [--runs N]

typer's modules come precompiled (pip writes their .pyc at install), and so do studycli's
for a user who ran `pip install .`. An editable checkout under PYTHONDONTWRITEBYTECODE=1
would instead recompile studycli's modules on every start, so the children run with
bytecode caching on and one warm-up run first: the comparison is compiled against compiled.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time


def median_seconds(command: list[str], runs: int, env: dict) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        result = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
        times.append(time.perf_counter() - started)
        if result.returncode != 0:
            raise SystemExit(f"{' '.join(command)} failed: {result.stderr.decode()[-500:]}")
    return statistics.median(times)


def main() -> None:
    runs = int(sys.argv[sys.argv.index("--runs") + 1]) if "--runs" in sys.argv else 21
    env = {**os.environ, "STUDYCLI_HOME": tempfile.mkdtemp(prefix="studycli-bench-"), "NO_COLOR": "1"}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    py = sys.executable
    for warm_up in (["--help"], ["quiz", "--count", "1", "--seed", "1", "--json"]):
        median_seconds([py, "-m", "studycli", *warm_up], 1, env)
    baseline = median_seconds([py, "-c", "import typer"], runs, env)
    help_time = median_seconds([py, "-m", "studycli", "--help"], runs, env)
    quiz_time = median_seconds([py, "-m", "studycli", "quiz", "--count", "1", "--seed", "1", "--json"], runs, env)
    print(f"python -c 'import typer'                 {baseline * 1000:7.1f} ms (median of {runs})")
    print(f"studycli --help                          {help_time * 1000:7.1f} ms  ratio {help_time / baseline:.2f}x (target <= 1.5x)")
    print(f"studycli quiz --count 1 --seed 1 --json  {quiz_time * 1000:7.1f} ms  ratio {quiz_time / baseline:.2f}x (target <= 2.5x)")


if __name__ == "__main__":
    main()
