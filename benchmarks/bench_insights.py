"""Benchmark: Logs Insights queries over a log of 1,000,000 lines (target: under 5 s each; memory flat in the
log's length).

Run: python benchmarks/bench_insights.py [LINES]. Not a test: it prints the figures.

The log is written to a temporary file first (seeded random.Random: plain lines with an ISO
time, level, service, client IP and latency, and one line in ten JSON), then each query runs
in a fresh process that reads the file a line at a time, as `studycli scenario insights
--log FILE` does; the process reports its time (wall clock and CPU: on a busy machine the
two differ) and its peak resident memory. The same
queries over a tenth of the lines show that memory does not grow with the log.
"""

from __future__ import annotations

import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time

QUERIES = [
    "filter @message like /ERROR/ | stats count(*) as errors by bin(1h)",
    "fields @timestamp, @message | sort @timestamp desc | limit 25",
    'parse @message "* from * took * ms" as head, ip, ms | stats pct(ms, 95) as p95, avg(ms) as mean, '
    "count(*) as n by ip | sort p95 desc | limit 10",
    "filter level = 'ERROR' or @message like /Exception/ | stats count_distinct(service) as services, "
    "latest(@message) as last by bin(1d)",
]
SERVICES = ["orders", "payments", "cart", "search", "users", "inventory"]


def write_log(path: str, count: int, seed: int = 18) -> None:
    rng = random.Random(seed)
    start = 1_714_521_600    # 2024-05-01 00:00:00 UTC
    with open(path, "w", encoding="utf-8") as out:
        for i in range(count):
            moment = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(start + i * 2)) + f".{rng.randint(0, 999):03d}Z"
            level = rng.choices(["INFO", "WARN", "ERROR"], [90, 7, 3])[0]
            service = rng.choice(SERVICES)
            ip = f"10.0.{rng.randint(0, 3)}.{rng.randint(1, 40)}"
            latency = int(rng.lognormvariate(4.5, 0.8))
            if i % 10 == 9:
                out.write(json.dumps({"timestamp": moment, "level": level, "service": service,
                                      "client": {"ip": ip}, "latencyMs": latency}) + "\n")
            elif level == "ERROR" and rng.random() < 0.5:
                out.write(f"{moment} {level} TimeoutException in {service} from {ip} took {latency} ms\n")
            else:
                out.write(f"{moment} {level} GET /{service}/{rng.randint(1, 500)} from {ip} took {latency} ms\n")


def run_one(path: str, query: str) -> None:
    from studycli.sims.logs.insights import run_query

    started, cpu = time.perf_counter(), time.process_time()
    with open(path, encoding="utf-8") as lines:
        result = run_query(query, lines)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": elapsed, "cpu": cpu, "peak_mb": peak, "rows": len(result.rows),
                      "scanned": result.records_scanned}))


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--one":
        run_one(sys.argv[2], sys.argv[3])
        return
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    with tempfile.TemporaryDirectory() as folder:
        big, small = os.path.join(folder, "big.log"), os.path.join(folder, "small.log")
        write_log(big, count)
        write_log(small, count // 10)
        size = os.path.getsize(big) / 1e6
        print(f"log: {count:,} lines ({size:.0f} MB); each query in a fresh process, reading the file a line at a time; "
              f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
        for query in QUERIES:
            figures = []
            for path in (big, small):
                done = subprocess.run([sys.executable, __file__, "--one", path, query], capture_output=True,
                                      text=True, check=True)
                figures.append(json.loads(done.stdout))
            full, tenth = figures
            print(f"{full['seconds']:6.2f} s ({full['cpu']:5.2f} s CPU)  peak {full['peak_mb']:4.0f} MB (a tenth of "
                  f"the log: {tenth['peak_mb']:4.0f} MB)  {full['rows']} rows  {query}")


if __name__ == "__main__":
    main()
