"""Query count and server time of every public page type at scales 1, 10 and 100.

    .venv/bin/python bench/pages.py [--scales 1 10 100] [--runs 5] [--rebuild]

Each scale is measured in its own process, with the page cache off, through Django's test
client (the whole middleware stack, no network). Prints a table and writes
bench/results/pages.json. Not a test: nothing here is asserted.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import RESULTS, build, setup_django


def measure(scale: int, runs: int) -> dict[str, dict]:
    setup_django(scale)
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    results = {}
    for name, url in _urls().items():
        times = []
        for run in range(runs + 1):  # the first run warms the caches and is not counted
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(url)
                elapsed = time.perf_counter() - started
            assert response.status_code == 200, (url, response.status_code)
            if run:
                times.append(elapsed * 1000)
        results[name] = {
            "url": url,
            "queries": len(queries),
            "median_ms": round(statistics.median(times), 1),
            "max_ms": round(max(times), 1),
        }
    return results


def _urls() -> dict[str, str]:
    from meetings.corpus import page_urls

    return page_urls()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 10, 100])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # a child process
    options = parser.parse_args()
    if options.one:
        print(json.dumps(measure(options.one, options.runs)))
        return
    table = {}
    for scale in options.scales:
        build(scale, options.rebuild)
        output = subprocess.run(
            [sys.executable, __file__, "--one", str(scale), "--runs", str(options.runs)],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        table[scale] = json.loads(output.strip().splitlines()[-1])
    names = list(next(iter(table.values())))
    header = "".join(f"  N={scale:<3} queries      ms" for scale in options.scales)
    print(f"\n{'page':24}{header}")
    for name in names:
        cells = "".join(
            f"  {table[s][name]['queries']:>13} {table[s][name]['median_ms']:>7.1f}"
            for s in options.scales
        )
        print(f"{name:24}{cells}")
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "pages.json").write_text(json.dumps(table, indent=2, ensure_ascii=False))
    print(f"\nWritten to {RESULTS / 'pages.json'}")


if __name__ == "__main__":
    main()
